"""Fixtures: the real review parsed once; a fast index built with a hashing embedder; the real-model engine."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
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

    index_dir = Path(os.environ.get("QA_SERVICE_TEST_INDEX_DIR") or tmp_path_factory.mktemp("model-index"))
    settings = Settings(index_dir=index_dir)
    return QAEngine.load(settings, embedder=load_embedder(settings.model, threads=os.cpu_count()), progress=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_server(index_dir: Path, log_path: Path):
    """`qa-service serve` (gunicorn, 2 workers) on a free port; yields (base URL, process)."""
    port = free_port()
    env = os.environ | {
        "QA_SERVICE_INDEX_DIR": str(index_dir),
        "QA_SERVICE_WORKERS": "2",
        "QA_SERVICE_FEEDBACK_DB": str(log_path.parent / "feedback.sqlite3"),
    }
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "qa_service.cli", "serve", "--port", str(port), "--strict"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server did not become ready: {log_path.read_text()[-2000:]}")
                try:
                    with urllib.request.urlopen(f"{base}/readyz", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    time.sleep(0.2)
            yield base, process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="session")
def server_and_feedback(engine, tmp_path_factory):
    """A real production server process over the test index: (base URL, its feedback database)."""
    log_path = tmp_path_factory.mktemp("server") / "server.log"
    with running_server(engine.settings.index_dir, log_path) as (base, _):
        yield base, log_path.parent / "feedback.sqlite3"


@pytest.fixture(scope="session")
def server(server_and_feedback):
    return server_and_feedback[0]
