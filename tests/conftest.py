"""Fixtures: the real review parsed once; a fast index built with a hashing embedder; the real-model engine."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from qa_service.config import Settings
from qa_service.embed import HashingEmbedder
from qa_service.index import build_index
from qa_service.ingest import ingest

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "tumor-metastasis-review.txt"


@pytest.fixture(scope="session")
def review():
    return ingest(CORPUS)


@pytest.fixture(scope="session")
def hashing_settings(tmp_path_factory) -> Settings:
    """An index built with the deterministic hashing embedder: fast, offline, exact."""
    settings = Settings(
        index_dir=tmp_path_factory.mktemp("hash-index"),
        model="hashing",
        feedback_db=tmp_path_factory.mktemp("feedback") / "feedback.sqlite3",
    )
    build_index(settings, HashingEmbedder(), progress=False)
    return settings


@pytest.fixture(scope="session")
def hashing_engine(hashing_settings):
    from qa_service import QAEngine

    return QAEngine.load(hashing_settings, embedder=HashingEmbedder(), rebuild=False)


@pytest.fixture(scope="session")
def engine(tmp_path_factory):
    """The real engine: all-MiniLM-L6-v2 over a freshly built index."""
    from qa_service import QAEngine
    from qa_service.embed import load_embedder
    from qa_service.index import IndexUnavailable, build_index

    index_dir = Path(os.environ.get("QA_SERVICE_TEST_INDEX_DIR") or tmp_path_factory.mktemp("model-index"))
    settings = Settings(index_dir=index_dir)
    try:
        return QAEngine.load(settings, rebuild=False)
    except IndexUnavailable:  # built with every core, then served as users get it: questions embedded by ONNX
        build_index(settings, load_embedder(settings.model, threads=os.cpu_count()), progress=False)
        return QAEngine.load(settings, rebuild=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def server_and_feedback(engine, tmp_path_factory):
    """A real production server process over the test index: (base URL, its feedback database)."""
    from qa_service.bench import serving

    workdir = tmp_path_factory.mktemp("server")
    with serving(engine.settings.index_dir, workdir, workers=2) as (base, _):
        yield base, workdir / "feedback.sqlite3", workdir / "server.log"


@pytest.fixture(scope="session")
def server(server_and_feedback):
    return server_and_feedback[0]


@pytest.fixture(scope="session")
def server_log(server_and_feedback):
    return server_and_feedback[2]
