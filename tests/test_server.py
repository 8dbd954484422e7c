"""The production server as a client meets it: gunicorn, the official openai client, real HTTP."""

import json
import urllib.error
import urllib.request

import pytest

pytestmark = [pytest.mark.server, pytest.mark.model]


def _post(url: str, body: bytes, content_type: str = "application/json"):
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read())


def test_served_by_gunicorn_with_request_ids(server):
    status, headers, body = _post(f"{server}/api/ask", json.dumps({"question": "What are NETs?"}).encode())
    assert status == 200 and headers["Server"].startswith("gunicorn")
    assert headers["X-Request-ID"] and body["citations"]


def test_bad_input_is_json_over_http(server):
    status, _, body = _post(f"{server}/api/ask", b"{broken")
    assert status == 400 and body["error"]["code"] == "invalid_json"
    status, _, body = _post(f"{server}/api/ask", b"x" * (70 * 1024))
    assert status == 413 and "error" in body


def test_openai_client_non_streaming(server):
    from openai import OpenAI

    client = OpenAI(base_url=f"{server}/v1", api_key="any")
    assert [m.id for m in client.models.list()] == ["qa-service"]
    completion = client.chat.completions.create(
        model="qa-service",
        messages=[
            {"role": "user", "content": "What do regulatory T cells secrete?"},
            {"role": "assistant", "content": "IL-10 [1]"},
            {"role": "user", "content": "Which cells do they suppress?"},
        ],
    )
    content = completion.choices[0].message.content
    assert "Sources:" in content and "[1]" in content
    assert completion.model_extra["citations"][0]["n"] == 1


def test_openai_client_streaming(server):
    from openai import OpenAI

    client = OpenAI(base_url=f"{server}/v1", api_key="any")
    stream = client.chat.completions.create(
        model="qa-service", stream=True, messages=[{"role": "user", "content": "How do TAMs promote metastasis?"}]
    )
    pieces, finish = [], None
    for event in stream:
        choice = event.choices[0]
        pieces.append(choice.delta.content or "")
        finish = choice.finish_reason or finish
    text = "".join(pieces)
    assert len([p for p in pieces if p]) > 5 and "[1]" in text and finish == "stop"


def test_openai_client_sees_errors(server):
    import openai
    from openai import OpenAI

    client = OpenAI(base_url=f"{server}/v1", api_key="any", max_retries=0)
    with pytest.raises(openai.BadRequestError) as error:
        client.chat.completions.create(model="qa-service", messages=[{"role": "user", "content": "  "}])
    assert error.value.status_code == 400


def test_log_at_the_default_level_has_no_debug_lines(server, server_log):
    _post(f"{server}/api/ask", json.dumps({"question": "What are NETs?"}).encode())
    lines = server_log.read_text().splitlines()
    assert any("engine loaded" in line for line in lines)
    assert not [line for line in lines if " DEBUG " in line]
