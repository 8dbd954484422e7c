"""Feedback: every answer and its ratings in SQLite, safe from several gunicorn workers at once.

Answers are stored when given (not kept in a process's memory), so an answer can be rated from
any worker or after a restart. What is stored: the question, the earlier turns, the answer text,
its citations, the index version, and for feedback the rating, the optional comment and the time.
Nothing else (no client address, no user agent). `purge` deletes what is older than a cut-off.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

# Each entry migrates the schema from version i to i + 1; PRAGMA user_version holds the version.
MIGRATIONS = (
    """
    CREATE TABLE answers (
        id TEXT PRIMARY KEY,
        created REAL NOT NULL,
        question TEXT NOT NULL,
        history TEXT NOT NULL,
        answer TEXT NOT NULL,
        abstained INTEGER NOT NULL,
        query TEXT NOT NULL,
        citations TEXT NOT NULL,
        index_version TEXT NOT NULL
    );
    CREATE TABLE feedback (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        answer_id TEXT NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
        rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
        comment TEXT NOT NULL DEFAULT '',
        created REAL NOT NULL
    );
    CREATE INDEX feedback_created ON feedback(created);
    CREATE INDEX answers_created ON answers(created);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
# Writers wait this long for another worker's transaction instead of failing with "locked".
BUSY_TIMEOUT_MS = 10_000
# Connections a forked child inherited: kept referenced so it never closes them (see _connect).
_INHERITED: list[sqlite3.Connection] = []
# A checkpoint copies the write-ahead log into the database file and syncs it to disk (~25 ms
# here). SQLite runs one inside whichever commit crosses 1000 log pages (about every 200 answers),
# and that request waits for the disk; a thread of each process does it instead, this long after
# a write (and again after a checkpoint another process's reader or checkpoint held up).
CHECKPOINT_DELAY_S = 1.0
# Should that thread ever fall behind, a commit still checkpoints once the log reaches this many
# pages (about 2,000 answers; SQLite's own default is 1000).
BACKSTOP_CHECKPOINT_PAGES = 10_000
log = logging.getLogger("qa_service.feedback")


class UnknownAnswer(LookupError):
    pass


def _storable(text: str) -> str:
    """SQLite keeps UTF-8: lone surrogates (valid in JSON, not in UTF-8) become U+FFFD."""
    return text.encode("utf-8", "replace").decode("utf-8")


@dataclass(frozen=True)
class FeedbackRow:
    id: int
    answer_id: str
    rating: str
    comment: str
    created: float
    question: str
    history: list[dict]
    answer: str
    citations: list[dict]
    index_version: str


class FeedbackStore:
    """One SQLite file; one connection per process and thread, so forked workers share nothing."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._local = threading.local()
        # This process's checkpoint thread and the event that wakes it. The gunicorn master never
        # writes, so a worker starts its own on its first write (a thread does not survive a fork).
        self._checkpointer: tuple[int, threading.Thread, threading.Event] | None = None
        self._checkpointer_lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for number in range(version, SCHEMA_VERSION):
                db.executescript("BEGIN IMMEDIATE;" + MIGRATIONS[number] + f"PRAGMA user_version={number + 1};COMMIT;")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """This process and thread's connection, opened on first use.

        Closing the last connection to a WAL database checkpoints it and deletes the log (~1 ms
        per answer here), so connections stay open. One opened before a fork is never used or
        closed by the child (SQLite forbids both); the child opens its own.
        """
        cached = getattr(self._local, "connection", None)
        if cached is None or cached[0] != os.getpid():
            if cached is not None:
                _INHERITED.append(cached[1])
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable at checkpoints, never corrupt
            db.execute(f"PRAGMA wal_autocheckpoint={BACKSTOP_CHECKPOINT_PAGES}")  # see CHECKPOINT_DELAY_S
            self._local.connection = cached = (os.getpid(), db)
        yield cached[1]

    def _wrote(self) -> None:
        """Note a commit; this process's checkpoint thread (started on its first write) folds it in."""
        with self._checkpointer_lock:
            current = self._checkpointer
            if current is None or current[0] != os.getpid() or not current[1].is_alive():
                wrote = threading.Event()
                thread = threading.Thread(
                    target=self._checkpoint_after_writes, args=(wrote,), name="feedback-checkpoint", daemon=True
                )
                thread.start()
                self._checkpointer = current = (os.getpid(), thread, wrote)
        current[2].set()

    def _checkpoint_after_writes(self, wrote: threading.Event) -> None:
        """Copy the log into the database a moment after writes, retrying what others held up."""
        while True:
            wrote.wait()
            time.sleep(CHECKPOINT_DELAY_S)
            wrote.clear()
            try:
                with self._connect() as db:
                    # PASSIVE: copy what no reader still needs, never wait for or block a writer.
                    busy, log_pages, copied = db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                if busy or copied < log_pages:
                    wrote.set()
            except Exception:
                log.exception("could not checkpoint the feedback log; retrying after the next write")

    def schema_version(self) -> int:
        with self._connect() as db:
            return db.execute("PRAGMA user_version").fetchone()[0]

    def record_answer(self, answer, question: str, history: list, index_version: str) -> str:
        """Store an answer as given; return its id."""
        answer_id = uuid.uuid4().hex
        data = answer.to_dict()
        with self._connect() as db:
            db.execute(
                "INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    answer_id,
                    time.time(),
                    _storable(question),
                    json.dumps([asdict(t) for t in history]),  # ASCII escapes keep any text storable
                    data["answer"],
                    int(data["abstained"]),
                    _storable(data["query"]),
                    json.dumps(data["citations"]),
                    index_version,
                ),
            )
        self._wrote()
        return answer_id

    def add(self, answer_id: str, rating: str, comment: str = "") -> int:
        """Store a rating of a stored answer; UnknownAnswer if there is no such answer."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            if db.execute("SELECT 1 FROM answers WHERE id = ?", (answer_id,)).fetchone() is None:
                db.execute("ROLLBACK")
                raise UnknownAnswer(answer_id)
            cursor = db.execute(
                "INSERT INTO feedback (answer_id, rating, comment, created) VALUES (?, ?, ?, ?)",
                (answer_id, rating, _storable(comment), time.time()),
            )
            db.execute("COMMIT")
        self._wrote()
        return int(cursor.lastrowid)

    def rows(self, rating: str | None = None, limit: int | None = None) -> list[FeedbackRow]:
        """Feedback with its answer, newest first."""
        sql = (
            "SELECT f.id, f.answer_id, f.rating, f.comment, f.created, a.question, a.history, a.answer, "
            "a.citations, a.index_version FROM feedback f JOIN answers a ON a.id = f.answer_id"
        )
        params: list = []
        if rating:
            sql += " WHERE f.rating = ?"
            params.append(rating)
        sql += " ORDER BY f.created DESC, f.id DESC"
        if limit:
            sql += " LIMIT ?"
            params.append(limit)
        with self._connect() as db:
            return [
                FeedbackRow(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]), r[7], json.loads(r[8]), r[9])
                for r in db.execute(sql, params)
            ]

    def purge(self, older_than_days: float) -> tuple[int, int]:
        """Delete answers (and their feedback) and feedback older than the cut-off; return the counts."""
        cutoff = time.time() - older_than_days * 86_400
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            feedback = db.execute("DELETE FROM feedback WHERE created < ?", (cutoff,)).rowcount
            answers = db.execute(
                "DELETE FROM answers WHERE created < ? AND id NOT IN (SELECT answer_id FROM feedback)", (cutoff,)
            ).rowcount
            db.execute("COMMIT")
        self._wrote()
        return answers, feedback


def as_eval_candidate(row: FeedbackRow) -> dict:
    """An eval/qa.jsonl line from feedback: question and history kept, gold fields left to fill."""
    earlier = [t["content"] for t in row.history if t.get("role") == "user"]
    return {
        "id": f"feedback-{row.id}",
        "question": row.question,
        "history": earlier,
        "answer": "",
        "facts": [],
        "evidence": "",
        "section": "",
        "kind": "followup" if earlier else "fact",
        "split": "dev",
        "needs_review": True,  # the harness skips the case until a person fills the gold fields
        "given_answer": row.answer,
        "rating": row.rating,
        "comment": row.comment,
    }
