"""Settings: defaults in one place, overridden by QA_SERVICE_* environment variables and CLI flags."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# `qa-service bench` runs each HTTP load level this long: a p99 needs samples (at concurrency 4,
# ~1,500 requests give it ~15).
SECONDS_PER_LEVEL = 15


@dataclass(frozen=True)
class Settings:
    corpus: Path = PROJECT_ROOT / "corpus" / "tumor-metastasis-review.txt"
    index_dir: Path = PROJECT_ROOT / "index"
    model: str = "all-MiniLM-L6-v2"
    max_tokens: int = 128
    overlap_tokens: int = 32
    # Threads per process for the query encoder (ONNX Runtime, or torch without an export): a
    # query is too short for a second thread to pay, and 1 keeps gunicorn workers off each other's cores.
    threads: int = 1
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    # Origins (besides the service's own) whose pages may call the API; ":*" means any port.
    cors_origins: str = "http://localhost:*,http://127.0.0.1:*"
    log_level: str = "info"
    log_questions: bool = False
    # Per-client request limit on the answering routes, e.g. "60/minute" (flask-limiter syntax);
    # empty means off. Counted per worker process (in memory).
    rate_limit: str = ""
    # SQLite file of answers and their ratings (see qa_service/feedback.py for what is stored).
    feedback_db: Path = PROJECT_ROOT / "feedback" / "feedback.sqlite3"

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then QA_SERVICE_<FIELD> variables, then explicit overrides (CLI flags)."""
        settings = cls()
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = os.environ.get(f"QA_SERVICE_{f.name.upper()}")
            if raw is None:
                continue
            current = getattr(settings, f.name)
            if isinstance(current, bool):
                values[f.name] = raw.strip().lower() in {"1", "true", "yes", "on"}
            elif isinstance(current, int):
                values[f.name] = int(raw)
            elif isinstance(current, Path):
                values[f.name] = Path(raw)
            else:
                values[f.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        for name in ("corpus", "index_dir", "feedback_db"):
            if name in values:
                values[name] = Path(values[name])
        return replace(settings, **values)
