"""OpenAI-compatible chat API: `GET /v1/models` and `POST /v1/chat/completions`.

The last user message is the question and earlier user/assistant turns the
history; the answer text is followed by numbered source lines, and the
structured citations ride along in an extra `citations` field. With
`stream: true` the answer is sent as `chat.completion.chunk` server-sent
events ending with `data: [DONE]`, so the official `openai` client works as is.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from dataclasses import asdict
from typing import Any

from flask import Flask, Response, jsonify, stream_with_context

from .api import ApiError, answer_question, json_body, parse_question, reject_unknown_fields
from .chat import Turn
from .chunk import count_tokens

MODEL_ID = "qa-service"
MAX_MESSAGES = 51  # the question plus at most 50 turns of history, as /api/ask allows
# OpenAI sampling parameters clients send: accepted and range-checked, without effect on an
# extractive answer.
SAMPLING = {
    "temperature": (0, 2),
    "top_p": (0, 1),
    "max_tokens": (1, 1_000_000),
    "max_completion_tokens": (1, 1_000_000),
    "presence_penalty": (-2, 2),
    "frequency_penalty": (-2, 2),
    "n": (1, 1),
}


def _content(message: dict, position: int) -> str:
    """A message's text: a string, or the text parts of a content list."""
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list) and all(isinstance(p, dict) for p in content):
        texts = [p.get("text") for p in content if p.get("type") == "text"]
        if all(isinstance(t, str) for t in texts) and texts:
            return "\n".join(texts)
    raise ApiError(400, "invalid_messages", f"messages[{position}].content must be a string or a list of text parts")


def parse_messages(body: Any) -> tuple[str, list[Turn], bool, str]:
    """Question, history, stream flag and model name from a chat-completions body."""
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_body", "the body must be a JSON object")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise ApiError(400, "invalid_messages", "'messages' must be a non-empty list")
    if len(messages) > MAX_MESSAGES:
        raise ApiError(400, "history_too_long", f"'messages' must have at most {MAX_MESSAGES} entries")
    stream = body.get("stream", False)
    if not isinstance(stream, bool):
        raise ApiError(400, "invalid_stream", "'stream' must be true or false")
    model = body.get("model", MODEL_ID)
    if not isinstance(model, str):
        raise ApiError(400, "invalid_model", "'model' must be a string")
    reject_unknown_fields(
        body,
        set(SAMPLING)
        | {
            "model",
            "messages",
            "stream",
            "stream_options",
            "user",
            "stop",
            "seed",
            "response_format",
            "metadata",
            "store",
        },
    )
    for name, (low, high) in SAMPLING.items():
        value = body.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            raise ApiError(400, f"invalid_{name}", f"'{name}' must be a number from {low} to {high}")
    if body.get("n", 1) != 1:
        raise ApiError(400, "invalid_n", "'n' must be 1: the answer is extractive and has one form")
    turns: list[dict] = []
    for position, message in enumerate(messages):
        if not isinstance(message, dict) or message.get("role") not in ("system", "developer", "user", "assistant"):
            raise ApiError(400, "invalid_messages", f"messages[{position}] must have role system, user or assistant")
        if message["role"] in ("user", "assistant"):
            turns.append({"role": message["role"], "content": _content(message, position)})
    if not turns or turns[-1]["role"] != "user":
        raise ApiError(400, "invalid_messages", "the last message must be the user's question")
    question, history = parse_question(turns[-1]["content"], turns[:-1])
    return question, history, stream, model


def answer_with_sources(answer) -> str:
    """The answer followed by one numbered source line per citation."""
    if not answer.citations:
        lines = [answer.answer]
        if answer.suggestions:
            lines += ["", "Closest sections: " + "; ".join(answer.suggestions)]
        return "\n".join(lines)
    sources = [f"[{c.n}] {c.section} ({c.chunk_id})" for c in answer.citations]
    return answer.answer + "\n\nSources:\n" + "\n".join(sources)


def _pieces(text: str) -> list[str]:
    """Word-sized pieces of the answer for streaming, whitespace kept so they rejoin exactly."""
    return re.findall(r"\S+\s*|\s+", text)


def register(app: Flask) -> None:
    @app.get("/v1/models")
    def models():
        return jsonify(
            {"object": "list", "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "qa-service"}]}
        )

    @app.post("/v1/chat/completions")
    def chat_completions():
        question, history, stream, model = parse_messages(json_body())
        answer = answer_question(question, history)
        content = answer_with_sources(answer)
        completion_id = f"chatcmpl-{uuid.uuid4().hex}"
        created = int(time.time())
        citations = [asdict(c) for c in answer.citations]
        extra = {
            "citations": citations,
            "abstained": answer.abstained,
            "query": answer.query,
            "answer": answer.answer,
            "suggestions": answer.suggestions,
            "answer_id": answer.id,
        }
        if not stream:
            prompt_tokens = count_tokens(question) + sum(count_tokens(t.content) for t in history)
            completion_tokens = count_tokens(content)
            return jsonify(
                {
                    "id": completion_id,
                    "object": "chat.completion",
                    "created": created,
                    "model": model,
                    "choices": [
                        {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
                    ],
                    "usage": {
                        "prompt_tokens": prompt_tokens,
                        "completion_tokens": completion_tokens,
                        "total_tokens": prompt_tokens + completion_tokens,
                    },
                }
                | extra
            )

        def chunk(delta: dict, finish: str | None = None, **fields) -> str:
            event = {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            } | fields
            return f"data: {json.dumps(event, ensure_ascii=False)}\n\n"

        def events():
            yield chunk({"role": "assistant", "content": ""})
            for piece in _pieces(content):
                yield chunk({"content": piece})
            yield chunk({}, "stop", **extra)
            yield "data: [DONE]\n\n"

        return Response(
            stream_with_context(events()),
            mimetype="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
