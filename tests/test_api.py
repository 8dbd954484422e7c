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
