"""/api/ask contract and its errors, with the fast hashing-embedder engine."""

import pytest

from qa_service.api import create_app


@pytest.fixture(scope="module")
def client(hashing_engine, hashing_settings):
    app = create_app({"SETTINGS": hashing_settings, "ENGINE": hashing_engine, "TESTING": True})
    return app.test_client()


def test_ask_contract(client):
    response = client.post("/api/ask", json={"question": "What do regulatory T cells secrete?"})
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) >= {"answer", "abstained", "query", "citations"}
    assert isinstance(body["abstained"], bool) and body["query"]
    for citation in body["citations"]:
        assert set(citation) == {"n", "chunk_id", "section", "text", "quote", "references"}
        assert all(set(r) == {"number", "text"} for r in citation["references"])
    assert response.headers["X-Request-ID"]


def test_ask_with_history(client):
    history = [
        {"role": "user", "content": "What do regulatory T cells secrete?"},
        {"role": "assistant", "content": "IL-10 [1]"},
    ]
    response = client.post("/api/ask", json={"question": "Which cells do they suppress?", "history": history})
    assert response.status_code == 200
    assert "regulatory T cells" in response.get_json()["query"]


@pytest.mark.parametrize(
    "body, code",
    [
        ({}, "missing_question"),
        ({"question": ""}, "empty_question"),
        ({"question": "   "}, "empty_question"),
        ({"question": 42}, "invalid_question"),
        ({"question": "x" * 2001}, "question_too_long"),
        ({"question": "ok?", "history": "nope"}, "invalid_history"),
        ({"question": "ok?", "history": [{"role": "system", "content": "x"}]}, "invalid_history"),
        ({"question": "ok?", "history": [{"role": "user"}]}, "invalid_history"),
        ({"question": "ok?", "history": [{"role": "user", "content": "x"}] * 51}, "history_too_long"),
        ([1, 2], "invalid_body"),
    ],
)
def test_bad_requests_get_400_with_reason(client, body, code):
    response = client.post("/api/ask", json=body)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == code and error["message"]


def test_malformed_json(client):
    response = client.post("/api/ask", data="{bad", content_type="application/json")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_json"


def test_not_json_is_415(client):
    response = client.post("/api/ask", data="question=hi", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415


def test_oversized_body_is_413(client):
    response = client.post("/api/ask", data="x" * (65 * 1024), content_type="application/json")
    assert response.status_code == 413 and response.get_json()["error"]["message"]


def test_unknown_route_and_method_are_json(client):
    assert client.get("/nope").get_json()["error"]["code"] == "not_found"
    response = client.get("/api/ask")
    assert response.status_code == 405 and response.get_json()["error"]["code"] == "method_not_allowed"


def test_health_and_readiness(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/readyz").status_code == 200


def test_unexpected_error_leaks_nothing(hashing_settings):
    class Broken:
        def ask(self, *args, **kwargs):
            raise RuntimeError("/secret/path exploded")

    app = create_app({"SETTINGS": hashing_settings, "ENGINE": Broken()})
    response = app.test_client().post("/api/ask", json={"question": "hi?"})
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert "secret" not in text and "Traceback" not in text
    assert response.get_json()["error"]["code"] == "internal_error"


def test_debug_shows_ranks_and_scores(client):
    response = client.post("/api/ask", json={"question": "What do TAMs secrete?", "debug": True})
    debug = response.get_json()["debug"]
    assert debug["expanded_query"].startswith("What do TAMs secrete?")
    assert "tumor-associated macrophages" in debug["expanded_query"]
    first = debug["passages"][0]
    assert first["fused_rank"] == 1 and {"bm25_rank", "bm25_score", "dense_rank", "dense_score"} <= set(first)


def test_debug_must_be_boolean(client):
    response = client.post("/api/ask", json={"question": "hi?", "debug": "yes"})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_debug"


def test_passage_endpoint(client):
    answer = client.post("/api/ask", json={"question": "What do regulatory T cells secrete?"}).get_json()
    chunk_id = answer["citations"][0]["chunk_id"]
    passage = client.get(f"/api/passages/{chunk_id}").get_json()
    assert passage["chunk_id"] == chunk_id and passage["text"] == answer["citations"][0]["text"]
    assert passage["previous"] or passage["next"]
    neighbour = client.get(f"/api/passages/{passage['next'] or passage['previous']}").get_json()
    assert neighbour["section_number"] == passage["section_number"]


def test_unknown_passage_is_404_json(client):
    response = client.get("/api/passages/no-such-chunk")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "unknown_passage"


def test_sections_are_the_table_of_contents(client):
    body = client.get("/api/sections").get_json()
    numbers = [s["number"] for s in body["sections"]]
    assert numbers[:3] == ["abstract", "1", "2"] and "3.3.2" in numbers
    assert all(s["passages"] for s in body["sections"] if s["number"] not in ("3.3",))


def test_openapi_document_is_valid_and_covers_every_route(client, hashing_engine, hashing_settings):
    from openapi_spec_validator import validate

    document = client.get("/openapi.json").get_json()
    validate(document)
    app = create_app({"SETTINGS": hashing_settings, "ENGINE": hashing_engine})
    routes = {
        rule.rule.replace("<chunk_id>", "{chunk_id}")
        for rule in app.url_map.iter_rules()
        if not rule.rule.startswith("/static") and rule.rule != "/docs"
    }
    assert routes == set(document["paths"])


def test_docs_page_is_served_without_external_assets(client):
    page = client.get("/docs").get_data(as_text=True)
    assert "/openapi.json" in page and "http" not in page.replace('href="/', "")


def test_openai_chat_completion_shape(client):
    body = {
        "model": "qa-service",
        "messages": [
            {"role": "system", "content": "be brief"},
            {"role": "user", "content": "What do regulatory T cells secrete?"},
        ],
    }
    completion = client.post("/v1/chat/completions", json=body).get_json()
    assert completion["object"] == "chat.completion"
    message = completion["choices"][0]["message"]
    assert message["role"] == "assistant" and "Sources:\n[1]" in message["content"]
    assert completion["citations"][0]["n"] == 1 and completion["usage"]["total_tokens"] > 0


def test_openai_stream_is_server_sent_events(client):
    response = client.post(
        "/v1/chat/completions", json={"messages": [{"role": "user", "content": "What are NETs?"}], "stream": True}
    )
    assert response.mimetype == "text/event-stream"
    events = [line[6:] for line in response.get_data(as_text=True).splitlines() if line.startswith("data: ")]
    assert events[-1] == "[DONE]"
    import json

    chunks = [json.loads(e) for e in events[:-1]]
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop" and "citations" in chunks[-1]
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    assert "[1]" in text


@pytest.mark.parametrize(
    "body, code",
    [
        ({"messages": []}, "invalid_messages"),
        ({"messages": "hi"}, "invalid_messages"),
        ({"messages": [{"role": "assistant", "content": "hi"}]}, "invalid_messages"),
        ({"messages": [{"role": "robot", "content": "hi"}]}, "invalid_messages"),
        ({"messages": [{"role": "user", "content": 5}]}, "invalid_messages"),
        ({"messages": [{"role": "user", "content": ""}]}, "empty_question"),
        ({"messages": [{"role": "user", "content": "hi"}], "stream": "yes"}, "invalid_stream"),
    ],
)
def test_openai_bad_requests(client, body, code):
    response = client.post("/v1/chat/completions", json=body)
    assert response.status_code == 400 and response.get_json()["error"]["code"] == code


def test_cors_allows_localhost_ports_only_by_default(client):
    allowed = client.options(
        "/api/ask", headers={"Origin": "http://localhost:5173", "Access-Control-Request-Method": "POST"}
    )
    assert allowed.headers.get("Access-Control-Allow-Origin") == "http://localhost:5173"
    denied = client.options(
        "/api/ask", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    )
    assert "Access-Control-Allow-Origin" not in denied.headers


def test_access_log_is_json_without_the_question(client, caplog):
    import json
    import logging

    logger = logging.getLogger("qa_service.access")
    logger.propagate = True
    try:
        with caplog.at_level(logging.INFO, logger="qa_service.access"):
            client.post("/api/ask", json={"question": "secret question about TAMs?"})
    finally:
        logger.propagate = False
    entry = json.loads(caplog.records[-1].getMessage())
    assert entry["route"] == "/api/ask" and entry["status"] == 200 and "abstained" in entry
    assert "question" not in entry and "secret" not in caplog.text
