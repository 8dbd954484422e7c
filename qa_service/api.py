"""HTTP API: a thin Flask layer over the engine, built by `create_app()`.

Views read and validate the request, call the engine, and shape JSON; every
error, including ones nobody planned for, leaves as `{"error": {"code",
"message"}}` with no traceback or internal path.
"""

from __future__ import annotations

import logging
import threading
import uuid
from typing import Any

from flask import Flask, current_app, g, jsonify, request
from flask_cors import CORS
from werkzeug.exceptions import HTTPException

from .chat import Turn
from .config import Settings
from .index import IndexUnavailable, check_manifest

MAX_QUESTION_CHARS = 2000
MAX_HISTORY_TURNS = 50
MAX_BODY_BYTES = 64 * 1024
log = logging.getLogger("qa_service.api")


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _error(status: int, code: str, message: str):
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    return response


def get_engine():
    """The process's engine, loaded on first use (or at start with preloading)."""
    app = current_app._get_current_object()
    state = app.extensions["qa_service"]
    if state["engine"] is None:
        with state["lock"]:
            if state["engine"] is None:
                state["engine"] = state["factory"]()
    return state["engine"]


def parse_ask(body: Any) -> tuple[str, list[Turn]]:
    """Validate an /api/ask body; raise ApiError(400) saying exactly what is wrong."""
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_body", "the body must be a JSON object")
    question = body.get("question")
    if question is None:
        raise ApiError(400, "missing_question", "'question' is required")
    if not isinstance(question, str):
        raise ApiError(400, "invalid_question", "'question' must be a string")
    if not question.strip():
        raise ApiError(400, "empty_question", "'question' must not be empty")
    if len(question) > MAX_QUESTION_CHARS:
        raise ApiError(400, "question_too_long", f"'question' must be at most {MAX_QUESTION_CHARS} characters")
    history = body.get("history", [])
    if history is None:
        history = []
    if not isinstance(history, list):
        raise ApiError(400, "invalid_history", "'history' must be a list of {role, content} objects")
    if len(history) > MAX_HISTORY_TURNS:
        raise ApiError(400, "history_too_long", f"'history' must have at most {MAX_HISTORY_TURNS} turns")
    turns = []
    for position, turn in enumerate(history):
        if (
            not isinstance(turn, dict)
            or turn.get("role") not in ("user", "assistant")
            or not isinstance(turn.get("content"), str)
        ):
            raise ApiError(
                400,
                "invalid_history",
                f"history[{position}] must be an object with role 'user' or 'assistant' and a string content",
            )
        if len(turn["content"]) > MAX_QUESTION_CHARS * 4:
            raise ApiError(400, "history_too_long", f"history[{position}].content is too long")
        turns.append(Turn(turn["role"], turn["content"]))
    return question, turns


def _json_body() -> Any:
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", "send the body as application/json")
    body = request.get_json(silent=True)
    if body is None:
        raise ApiError(400, "invalid_json", "the body is not valid JSON")
    return body


def create_app(config: dict | None = None) -> Flask:
    """Build the app. `config` may set SETTINGS (a Settings), ENGINE (a ready engine) or PRELOAD."""
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=MAX_BODY_BYTES, JSON_SORT_KEYS=False)
    app.config.update(config or {})
    settings: Settings = app.config.setdefault("SETTINGS", Settings.from_env())

    def factory():
        from .engine import QAEngine

        return QAEngine.load(settings, progress=False)

    app.extensions["qa_service"] = {"engine": app.config.get("ENGINE"), "factory": factory, "lock": threading.Lock()}
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    CORS(
        app,
        resources={r"/api/*": {"origins": origins}, r"/v1/*": {"origins": origins}},
        expose_headers=["X-Request-ID"],
    )

    @app.before_request
    def _start() -> None:
        g.request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex

    @app.after_request
    def _finish(response):
        response.headers["X-Request-ID"] = g.get("request_id", "")
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @app.errorhandler(ApiError)
    def _api_error(error: ApiError):
        return _error(error.status, error.code, error.message)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        code = (error.name or "error").lower().replace(" ", "_")
        messages = {413: f"the body must be at most {MAX_BODY_BYTES // 1024} KiB"}
        return _error(error.code or 500, code, messages.get(error.code, error.description or error.name))

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        log.exception("unhandled error (request %s)", g.get("request_id", "-"))
        return _error(500, "internal_error", f"internal error; quote request id {g.get('request_id', '-')}")

    @app.post("/api/ask")
    def ask():
        question, history = parse_ask(_json_body())
        try:
            answer = get_engine().ask(question, history)
        except IndexUnavailable as error:
            raise ApiError(503, "index_unavailable", error.reason) from None
        return jsonify(answer.to_dict())

    @app.get("/healthz")
    def healthz():
        return jsonify({"status": "ok"})

    @app.get("/readyz")
    def readyz():
        try:
            check_manifest(settings)
        except IndexUnavailable as error:
            return _error(503, "not_ready", str(error))
        state = app.extensions["qa_service"]
        if state["engine"] is None:
            return _error(503, "not_ready", "the engine is still loading")
        return jsonify({"status": "ready", "index": state["engine"].index.manifest.get("built_at")})

    if app.config.get("PRELOAD"):
        with app.app_context():
            get_engine()
    return app
