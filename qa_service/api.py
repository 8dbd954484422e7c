"""HTTP API: a thin Flask layer over the engine, built by `create_app()`.

Views read and validate the request, call the engine, and shape JSON; every
error, including ones nobody planned for, leaves as `{"error": {"code",
"message"}}` with no traceback or internal path.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import threading
import time
import uuid
from importlib import resources
from typing import Any

from flask import Flask, Response, current_app, g, jsonify, request
from flask_cors import CORS
from werkzeug.exceptions import HTTPException

from .chat import Turn
from .config import Settings
from .feedback import FeedbackStore, UnknownAnswer
from .index import IndexUnavailable, check_manifest

MAX_QUESTION_CHARS = 2000
MAX_HISTORY_TURNS = 50
MAX_BODY_BYTES = 64 * 1024
log = logging.getLogger("qa_service.api")
access_log = logging.getLogger("qa_service.access")

SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
# The chat page and /docs run only the service's own scripts and styles, talk only to it, and
# may not be framed (the widget, not the page, is what other sites embed).
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
}


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


def parse_ask(body: Any) -> tuple[str, list[Turn], bool]:
    """Validate an /api/ask body; raise ApiError(400) saying exactly what is wrong."""
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_body", "the body must be a JSON object")
    reject_unknown_fields(body, {"question", "history", "debug"})
    debug = body.get("debug", False)
    if not isinstance(debug, bool):
        raise ApiError(400, "invalid_debug", "'debug' must be true or false")
    question, turns = parse_question(body.get("question"), body.get("history", []))
    return question, turns, debug


def parse_question(question: Any, history: Any) -> tuple[str, list[Turn]]:
    """Validate a question and its history, wherever they came from."""
    if question is None:
        raise ApiError(400, "missing_question", "'question' is required")
    if not isinstance(question, str):
        raise ApiError(400, "invalid_question", "'question' must be a string")
    if not question.strip():
        raise ApiError(400, "empty_question", "'question' must not be empty")
    if len(question) > MAX_QUESTION_CHARS:
        raise ApiError(400, "question_too_long", f"'question' must be at most {MAX_QUESTION_CHARS} characters")
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


def _retry_after(error: HTTPException) -> int:
    """Seconds until the client's window resets, from flask-limiter's view of the limit."""
    limit = getattr(error, "limit", None)
    try:
        return max(1, int(limit.limit.get_expiry()))
    except (AttributeError, TypeError, ValueError):
        return 60


def answer_question(question: str, history: list[Turn]):
    """Ask the engine; an unusable index becomes a 503, and the outcome is noted for the access log."""
    try:
        answer = get_engine().ask(question, history)
    except IndexUnavailable as error:
        raise ApiError(503, "index_unavailable", error.reason) from None
    g.abstained = answer.abstained
    g.question = question
    store = current_app.extensions["qa_service"]["feedback"]
    try:
        answer.id = store.record_answer(answer, question, history, get_engine().index.manifest.get("data", ""))
    except (sqlite3.Error, ValueError):
        log.exception("could not store answer (request %s)", g.get("request_id", "-"))
    return answer


def parse_feedback(body: Any) -> tuple[str, str, str]:
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_body", "the body must be a JSON object")
    reject_unknown_fields(body, {"answer_id", "rating", "comment"})
    answer_id, rating, comment = body.get("answer_id"), body.get("rating"), body.get("comment", "")
    if not isinstance(answer_id, str) or not answer_id:
        raise ApiError(400, "invalid_answer_id", "'answer_id' must be the id of an answer (a string)")
    if rating not in ("up", "down"):
        raise ApiError(400, "invalid_rating", "'rating' must be 'up' or 'down'")
    if comment is None:
        comment = ""
    if not isinstance(comment, str):
        raise ApiError(400, "invalid_comment", "'comment' must be a string")
    if len(comment) > MAX_QUESTION_CHARS:
        raise ApiError(400, "comment_too_long", f"'comment' must be at most {MAX_QUESTION_CHARS} characters")
    return answer_id, rating, comment


def debug_info(engine, answer) -> dict:
    """Why an answer came out as it did: the searched query and each passage's ranks and scores."""
    query = engine.retriever.query(answer.query)
    return {
        "query": answer.query,
        "expanded_query": query.expanded,
        "bm25_phrasings": engine.index.abbreviations.variants(query.text),
        "passages": [
            {
                "chunk_id": hit.chunk.id,
                "section": engine.index.review.section_path(hit.chunk.section, hit.chunk.heading),
                "fused_rank": hit.rank + 1,
                "fused_score": round(hit.score, 6),
                "bm25_rank": None if hit.bm25_rank is None else hit.bm25_rank + 1,
                "bm25_score": round(hit.bm25_score, 4),
                "dense_rank": None if hit.dense_rank is None else hit.dense_rank + 1,
                "dense_score": round(hit.dense_score, 4),
            }
            for hit in answer.hits
        ],
    }


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict:
    keys = [key for key, _ in pairs]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise ApiError(400, "duplicate_key", f"the JSON object repeats the key(s): {', '.join(duplicates)}")
    return dict(pairs)


def json_body() -> Any:
    """The request's JSON, strictly: UTF-8, well-formed, not absurdly nested, no repeated keys."""
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", "send the body as application/json")
    raw = request.get_data(cache=True)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "invalid_encoding", "the body is not valid UTF-8") from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except RecursionError:
        raise ApiError(400, "invalid_json", "the JSON is nested too deeply") from None
    except ValueError as error:
        raise ApiError(400, "invalid_json", f"the body is not valid JSON ({error.__class__.__name__})") from None


def reject_unknown_fields(body: dict, known: set[str]) -> None:
    unknown = sorted(set(body) - known)
    if unknown:
        raise ApiError(
            400, "unknown_field", f"unknown field(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )


def cors_origins(setting: str) -> list[str]:
    """Origins flask-cors accepts: "http://localhost:*" allows any port (a regex); "*" allows all."""
    origins = []
    for origin in (o.strip() for o in setting.split(",")):
        if origin == "*":
            origins.append("*")
        elif origin.endswith(":*"):
            origins.append("^" + re.escape(origin[:-2]) + r"(:[0-9]+)?$")
        elif origin:
            origins.append(origin)
    return origins


def _limit(app: Flask, rate: str) -> None:
    """Per-client rate limit on the answering routes; a client over it gets 429 with Retry-After."""
    from flask_limiter import Limiter
    from flask_limiter.util import get_remote_address

    limiter = Limiter(get_remote_address, app=app, storage_uri="memory://", headers_enabled=True)
    for endpoint in ("ask", "chat_completions"):
        app.view_functions[endpoint] = limiter.limit(rate)(app.view_functions[endpoint])


def create_app(config: dict | None = None) -> Flask:
    """Build the app. `config` may set SETTINGS (a Settings), ENGINE (a ready engine) or PRELOAD."""
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=MAX_BODY_BYTES, JSON_SORT_KEYS=False)
    app.config.update(config or {})
    settings: Settings = app.config.setdefault("SETTINGS", Settings.from_env())

    def factory():
        from .engine import QAEngine

        return QAEngine.load(settings, progress=False)

    if not access_log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        access_log.addHandler(handler)
        access_log.setLevel(logging.INFO)
        access_log.propagate = False
    app.extensions["qa_service"] = {
        "engine": app.config.get("ENGINE"),
        "factory": factory,
        "lock": threading.Lock(),
        "feedback": FeedbackStore(settings.feedback_db),
    }
    origins = cors_origins(settings.cors_origins)
    CORS(
        app,
        resources={r"/api/*": {"origins": origins}, r"/v1/*": {"origins": origins}},
        expose_headers=["X-Request-ID"],
    )

    @app.before_request
    def _start() -> None:
        supplied = request.headers.get("X-Request-ID", "")
        g.request_id = supplied if re.fullmatch(r"[\w.-]{1,64}", supplied) else uuid.uuid4().hex
        g.started = time.perf_counter()

    @app.after_request
    def _finish(response):
        response.headers["X-Request-ID"] = g.get("request_id", "")
        response.headers.update(SECURITY_HEADERS)
        if response.mimetype == "text/html":
            response.headers.update(PAGE_HEADERS)
        entry = {
            "request_id": g.get("request_id"),
            "method": request.method,
            "route": request.url_rule.rule if request.url_rule else request.path[:200],
            "status": response.status_code,
            "latency_ms": round((time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 1),
        }
        if "abstained" in g:
            entry["abstained"] = g.abstained
        if settings.log_questions and "question" in g:
            entry["question"] = g.question
        access_log.info(json.dumps(entry, ensure_ascii=False))
        return response

    @app.errorhandler(ApiError)
    def _api_error(error: ApiError):
        return _error(error.status, error.code, error.message)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        code = (error.name or "error").lower().replace(" ", "_")
        messages = {
            413: f"the body must be at most {MAX_BODY_BYTES // 1024} KiB",
            429: "too many requests from this client; retry after the time in the Retry-After header",
        }
        response = _error(error.code or 500, code, messages.get(error.code, error.description or error.name))
        if error.code == 429 and "Retry-After" not in response.headers:
            response.headers["Retry-After"] = str(_retry_after(error))
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        log.exception("unhandled error (request %s)", g.get("request_id", "-"))
        return _error(500, "internal_error", f"internal error; quote request id {g.get('request_id', '-')}")

    @app.post("/api/ask")
    def ask():
        question, history, debug = parse_ask(json_body())
        answer = answer_question(question, history)
        data = answer.to_dict()
        if debug:
            data["debug"] = debug_info(get_engine(), answer)
        return jsonify(data)

    @app.post("/api/feedback")
    def feedback():
        answer_id, rating, comment = parse_feedback(json_body())
        try:
            feedback_id = app.extensions["qa_service"]["feedback"].add(answer_id, rating, comment)
        except UnknownAnswer:
            raise ApiError(
                404, "unknown_answer", f"no answer with id {answer_id!r} (it may have been purged)"
            ) from None
        return jsonify({"id": feedback_id, "answer_id": answer_id, "rating": rating}), 201

    @app.get("/api/passages/<chunk_id>")
    def passage(chunk_id: str):
        index = get_engine().index
        position = index.chunk_index.get(chunk_id)
        if position is None:
            raise ApiError(404, "unknown_passage", f"no passage with id {chunk_id!r}")
        chunk = index.chunks[position]
        previous = index.chunks[position - 1] if position else None
        following = index.chunks[position + 1] if position + 1 < len(index.chunks) else None
        return jsonify(
            {
                "chunk_id": chunk.id,
                "passage_id": chunk.passage_id,
                "kind": chunk.kind.value,
                "section": index.review.section_path(chunk.section, chunk.heading),
                "section_number": chunk.section,
                "text": chunk.text,
                "sentences": [{"text": s.text, "references": list(s.references)} for s in chunk.sentences],
                "references": [{"number": n, "text": index.review.references.get(n, "")} for n in chunk.references],
                "previous": previous.id if previous and previous.section == chunk.section else None,
                "next": following.id if following and following.section == chunk.section else None,
                "token_count": chunk.token_count,
                "span": [chunk.start, chunk.end],
            }
        )

    @app.get("/api/sections")
    def sections():
        index = get_engine().index
        review = index.review
        return jsonify(
            {
                "title": review.title,
                "authors": review.authors,
                "sections": [
                    {
                        "number": section.number,
                        "title": section.title,
                        "path": review.section_path(section.number),
                        "passages": [c.id for c in index.chunks if c.section == section.number],
                    }
                    for section in review.sections
                ],
            }
        )

    # The page and the widget are small: served from memory, read once.
    static = resources.files("qa_service") / "static"
    assets = {
        "/": ("index.html", "text/html"),
        "/widget.js": ("widget.js", "text/javascript"),
        "/widget.css": ("widget.css", "text/css"),
    }
    for route, (name, mimetype) in assets.items():
        body = (static / name).read_bytes()
        app.add_url_rule(
            route,
            f"asset_{name}",
            lambda body=body, mimetype=mimetype: Response(
                body, mimetype=mimetype, headers={"Cache-Control": "no-cache"}
            ),
        )

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

    from .openai_compat import register as register_openai
    from .openapi import register as register_openapi

    register_openai(app)
    register_openapi(app)
    if settings.rate_limit:
        _limit(app, settings.rate_limit)

    if app.config.get("PRELOAD"):
        with app.app_context():
            get_engine()
    return app
