"""Fixtures: the real review parsed once; a fast index built with a hashing embedder; the real-model engine."""

from __future__ import annotations

import os
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
    settings = Settings(index_dir=tmp_path_factory.mktemp("hash-index"), model="hashing")
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

    index_dir = Path(os.environ.get("QA_SERVICE_TEST_INDEX_DIR") or tmp_path_factory.mktemp("model-index"))
    settings = Settings(index_dir=index_dir)
    return QAEngine.load(settings, embedder=load_embedder(settings.model, threads=os.cpu_count()), progress=False)
