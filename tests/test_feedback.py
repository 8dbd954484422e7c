"""Feedback: stored safely from many processes, validated, exported as evaluation candidates."""

import itertools
import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from qa_service.answer import Answer
from qa_service.api import create_app
from qa_service.chat import Turn
from qa_service.evaluate import load_cases
from qa_service.feedback import (
    BACKSTOP_CHECKPOINT_PAGES,
    SCHEMA_VERSION,
    FeedbackStore,
    UnknownAnswer,
    as_eval_candidate,
)


@pytest.fixture
def store(tmp_path):
    return FeedbackStore(tmp_path / "feedback.sqlite3")


def _answer(text="First, Tregs secrete inhibitory cytokines. [1]"):
    return Answer(text, False, "What do Tregs secrete?", [])


def test_schema_is_created_with_its_version_and_wal(store):
    assert store.schema_version() == SCHEMA_VERSION
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert FeedbackStore(store.path).schema_version() == SCHEMA_VERSION  # reopening migrates nothing


def test_answer_and_rating_round_trip(store):
    answer_id = store.record_answer(
        _answer(),
        "Which cells do they suppress?",
        [Turn("user", "What do Tregs secrete?"), Turn("assistant", "IL-10 [1]")],
        "build-1",
    )
    store.add(answer_id, "down", "missed NK cells")
    [row] = store.rows()
    assert (row.question, row.rating, row.comment, row.index_version) == (
        "Which cells do they suppress?",
        "down",
        "missed NK cells",
        "build-1",
    )
    assert row.history[0] == {"role": "user", "content": "What do Tregs secrete?"}
    with pytest.raises(UnknownAnswer):
        store.add("no-such-answer", "up")


def test_answers_reach_the_database_file_soon_without_a_request_waiting_for_the_disk(store, tmp_path, monkeypatch):
    monkeypatch.setattr("qa_service.feedback.CHECKPOINT_DELAY_S", 0.05)
    ids = {store.record_answer(_answer(), f"question {n}?", [], "build-1") for n in range(300)}
    with store._connect() as db:  # a request's commit no longer checkpoints every 1000 pages
        assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == BACKSTOP_CHECKPOINT_PAGES
    # A copy of the database file alone, without its write-ahead log, holds every answer once
    # the process's checkpoint thread has run.
    deadline = time.monotonic() + 10
    for attempt in itertools.count():
        copy = tmp_path / f"copy-{attempt}.sqlite3"
        copy.write_bytes(store.path.read_bytes())
        db = sqlite3.connect(copy)
        try:
            stored = {row[0] for row in db.execute("SELECT id FROM answers")}
        except sqlite3.DatabaseError:  # not even the schema checkpointed yet, or copied mid-write
            stored = set()
        finally:
            db.close()
        if stored == ids or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert stored == ids


def _rate_many(path, answer_id, count, worker):
    store = FeedbackStore(path)
    for number in range(count):
        store.add(answer_id, "up" if number % 2 else "down", f"worker {worker} #{number}")


def test_four_processes_times_200_ratings_are_all_stored_once(store):
    answer_id = store.record_answer(_answer(), "q?", [], "build-1")
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_rate_many, args=(store.path, answer_id, 200, w)) for w in range(4)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
        assert process.exitcode == 0
    comments = [row.comment for row in store.rows()]
    assert len(comments) == 800 and len(set(comments)) == 800


WRITER = """
import sys
from qa_service.feedback import FeedbackStore
store = FeedbackStore(sys.argv[1])
answer_id = sys.argv[2]
number = 0
while True:
    store.add(answer_id, "up", f"row {number}")
    number += 1
    print(number, flush=True)
"""


def test_a_writer_killed_mid_write_leaves_a_sound_database(store):
    answer_id = store.record_answer(_answer(), "q?", [], "build-1")
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(store.path), answer_id], stdout=subprocess.PIPE, text=True
    )
    committed = 0
    deadline = time.monotonic() + 60
    while committed < 300 and time.monotonic() < deadline:
        committed = int(writer.stdout.readline())
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    writer.stdout.close()
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert len(store.rows()) >= committed  # every commit it reported is there


def test_purge_removes_old_rows(store):
    answer_id = store.record_answer(_answer(), "q?", [], "build-1")
    store.add(answer_id, "up")
    assert store.purge(older_than_days=1) == (0, 0)
    assert store.purge(older_than_days=0) == (1, 1)
    assert store.rows() == []


def test_export_round_trips_into_the_harness(store, tmp_path):
    answer_id = store.record_answer(
        _answer(),
        "Which cells do they suppress?",
        [Turn("user", "What do Tregs secrete?"), Turn("assistant", "…")],
        "build-1",
    )
    store.add(answer_id, "down", "wrong cells")
    path = tmp_path / "candidates.jsonl"
    path.write_text("".join(json.dumps(as_eval_candidate(r)) + "\n" for r in store.rows()))
    assert load_cases(path) == []  # skipped until a person fills the gold fields
    filled = json.loads(path.read_text()) | {
        "needs_review": False,
        "facts": [["NK cells"]],
        "evidence": "CD8+ T cells and NK cells",
        "section": "2.2.1",
    }
    path.write_text(json.dumps(filled) + "\n")
    [case] = load_cases(path)
    assert case.question == "Which cells do they suppress?" and case.history == ["What do Tregs secrete?"]
    assert case.kind == "followup" and case.rating == "down" and case.comment == "wrong cells"


@pytest.fixture
def client(hashing_engine, hashing_settings):
    return create_app({"SETTINGS": hashing_settings, "ENGINE": hashing_engine}).test_client()


def test_every_answer_carries_an_id_that_can_be_rated(client):
    answer = client.post("/api/ask", json={"question": "What are TAMs?"}).get_json()
    response = client.post("/api/feedback", json={"answer_id": answer["id"], "rating": "up"})
    assert response.status_code == 201 and response.get_json()["answer_id"] == answer["id"]
    completion = client.post(
        "/v1/chat/completions", json={"messages": [{"role": "user", "content": "What are TAMs?"}]}
    ).get_json()
    assert (
        client.post(
            "/api/feedback", json={"answer_id": completion["answer_id"], "rating": "down", "comment": "too long"}
        ).status_code
        == 201
    )


@pytest.mark.parametrize(
    "body, status, code",
    [
        ({"answer_id": "nope", "rating": "up"}, 404, "unknown_answer"),
        ({"answer_id": "x", "rating": "meh"}, 400, "invalid_rating"),
        ({"answer_id": 5, "rating": "up"}, 400, "invalid_answer_id"),
        ({"rating": "up"}, 400, "invalid_answer_id"),
        ({"answer_id": "x", "rating": "up", "comment": 3}, 400, "invalid_comment"),
        ({"answer_id": "x", "rating": "up", "comment": "x" * 2001}, 400, "comment_too_long"),
        ({"answer_id": "x", "rating": "up", "extra": 1}, 400, "unknown_field"),
    ],
)
def test_invalid_feedback(client, body, status, code):
    response = client.post("/api/feedback", json=body)
    assert response.status_code == status and response.get_json()["error"]["code"] == code


def test_cli_list_export_and_purge(tmp_path, store):
    answer_id = store.record_answer(_answer(), "What do Tregs secrete?", [], "build-1")
    store.add(answer_id, "down", "incomplete")
    env = os.environ | {"QA_SERVICE_FEEDBACK_DB": str(store.path)}

    def cli(*args):
        return subprocess.run(
            [sys.executable, "-m", "qa_service.cli", "feedback", *args],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout

    assert "incomplete" in cli("list", "--rating", "down") and "No feedback" in cli("list", "--rating", "up")
    assert json.loads(cli("export").splitlines()[0])["needs_review"] is True
    assert "Deleted 1 answers and 1 ratings" in cli("purge", "--older-than", "0")
