"""The chat page and the embeddable widget, driven in Debian's Chromium through Playwright."""

import http.server
import os
import threading
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.model]

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does this)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    yield page
    context.close()


def _ask(page, question):
    box = page.get_by_label("Your question")
    box.fill(question)
    box.press("Enter")


def _last_answer(page):
    answer = page.locator(".message.assistant:not(.pending)").last
    answer.wait_for(timeout=30000)
    return answer


def test_full_page_chat_answers_with_citations(page, server):
    page.goto(server + "/")
    assert page.get_by_role("button", name="What drives epithelial-mesenchymal transition?").is_visible()
    _ask(page, "What do regulatory T cells secrete?")
    answer = _last_answer(page)
    assert "IL-10" in answer.inner_text()
    cite = answer.locator("button.cite").first
    cite.click()
    assert cite.get_attribute("aria-expanded") == "true"
    passage = answer.locator(".passage:not([hidden])").first
    assert "Tregs" in passage.locator(".section").inner_text()
    assert passage.locator("mark").count() == 1
    assert answer.get_by_text("Sources").is_visible()
    page.screenshot(path=str(ARTIFACTS / "chat-page-desktop.png"), full_page=True)

    answer.evaluate("node => { node.dataset.probe = 'first'; }")
    _ask(page, "Which cells do they suppress?")
    followup = page.locator(".message.assistant:not(.pending)").nth(1)
    followup.wait_for(timeout=30000)
    assert "NK cells" in followup.inner_text()
    # The log only gains the new answer: earlier ones are not re-rendered (and so not re-announced).
    assert page.locator(".log[role=log] [data-probe=first]").count() == 1


def test_history_survives_reload_and_new_conversation_clears_it(page, server):
    page.goto(server + "/")
    _ask(page, "What are NETs?")
    _last_answer(page)
    page.reload()
    assert page.locator(".message.user").count() == 1
    page.get_by_role("button", name="New conversation").click()
    assert page.locator(".message").count() == 0


def test_off_topic_question_shows_abstention(page, server):
    page.goto(server + "/")
    _ask(page, "How do I bake sourdough bread?")
    answer = _last_answer(page)
    assert "abstained" in answer.get_attribute("class")
    assert "does not cover" in answer.inner_text() and answer.get_by_text("Not in the review").is_visible()


def test_markup_in_a_question_is_shown_as_text(page, server):
    page.goto(server + "/")
    payload = "<img src=x onerror=alert(1)> What are TAMs?"
    _ask(page, payload)
    _last_answer(page)
    assert page.locator(".message.user .bubble").last.inner_text() == payload
    assert page.dialogs == []
    assert page.locator("qa-chat-widget img").count() == 0


def test_error_is_shown_and_question_kept(page, server):
    page.goto(server + "/")
    page.route("**/v1/chat/completions", lambda route: route.abort())
    _ask(page, "What are CAFs?")
    page.locator(".message.error").wait_for(timeout=10000)
    assert "Could not reach the service" in page.locator(".message.error").inner_text()
    assert page.get_by_label("Your question").input_value() == "What are CAFs?"


def test_shift_enter_is_a_new_line(page, server):
    page.goto(server + "/")
    box = page.get_by_label("Your question")
    box.type("first line")
    box.press("Shift+Enter")
    box.type("second")
    assert box.input_value() == "first line\nsecond" and page.locator(".message").count() == 0


class _HostPage(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def host_page(server):
    """A page on another origin that embeds the widget with one tag and has loud styles of its own."""
    from tests.conftest import free_port

    port = free_port()
    handler = type(
        "Host",
        (_HostPage,),
        {
            "body": f"""<!doctype html><html><head><title>Host</title>
<style>body {{ font-family: serif; color: rgb(255, 0, 0); }} button {{ background: rgb(0, 255, 0); }}
p {{ font-size: 40px; }}</style></head><body><h1>Host page</h1><p id="own">Host text</p>
<button id="host-button">Host button</button>
<script src="{server}/widget.js" defer></script></body></html>""".encode()
        },
    )
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}/"
    httpd.shutdown()
    httpd.server_close()


def test_embedded_widget_on_another_origin(page, host_page):
    page.goto(host_page)
    launcher = page.get_by_role("button", name="Open chat")
    launcher.click()
    _ask(page, "What are cancer-associated fibroblasts?")
    answer = _last_answer(page)
    assert "[1]" in answer.inner_text()
    # The host's styles are untouched and do not reach into the widget.
    assert page.eval_on_selector("#own", "e => getComputedStyle(e).color") == "rgb(255, 0, 0)"
    assert page.eval_on_selector("#host-button", "e => getComputedStyle(e).backgroundColor") == "rgb(0, 255, 0)"
    send_background = page.locator("button.send").evaluate("e => getComputedStyle(e).backgroundColor")
    assert send_background != "rgb(0, 255, 0)"
    page.screenshot(path=str(ARTIFACTS / "widget-desktop.png"))
    page.set_viewport_size({"width": 360, "height": 740})
    page.screenshot(path=str(ARTIFACTS / "widget-360.png"))
    box = page.locator(".panel").bounding_box()
    assert box["width"] <= 360


def test_keyboard_only(page, host_page):
    page.goto(host_page)
    page.keyboard.press("Tab")  # host button
    for _ in range(5):
        if page.evaluate("document.activeElement && document.activeElement.tagName") == "QA-CHAT-WIDGET":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # opens the panel; focus moves to the question box
    page.keyboard.type("What is anoikis?")
    page.keyboard.press("Enter")
    _last_answer(page)
    page.keyboard.press("Escape")
    assert page.locator(".panel").is_hidden()
    focused = page.evaluate("document.activeElement.shadowRoot.activeElement.getAttribute('aria-label')")
    assert focused == "Open chat"


def test_chat_page_at_360px(browser, server):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(server + "/")
    _ask(page, "What is the role of autophagy in metastasis?")
    _last_answer(page)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=str(ARTIFACTS / "chat-page-360.png"), full_page=True)
    context.close()
    assert scroll_width <= 360


CONTRAST = """
([foreground, background]) => {
  const parse = (c) => c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
  const lum = (rgb) => {
    const [r, g, b] = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [a, b] = [lum(parse(foreground)), lum(parse(background))].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}
"""


OPAQUE_BACKGROUND = """
(e) => {
  for (let n = e; n; n = n.parentElement) {
    const c = getComputedStyle(n).backgroundColor;
    if (c && !c.endsWith(", 0)") && c !== "transparent") return c;
  }
  return "rgb(255, 255, 255)";
}
"""


def test_text_contrast_passes_wcag_aa(page, server):
    page.goto(server + "/")
    _ask(page, "How do I bake sourdough bread?")
    _last_answer(page)
    _ask(page, "What are NETs?")
    _last_answer(page)
    pairs = {
        "header": ("header h2", "header"),
        "user bubble": (".message.user .bubble", ".message.user .bubble"),
        "answer": (".message.assistant:not(.abstained) .bubble", ".message.assistant:not(.abstained) .bubble"),
        "citation": ("button.cite", ".message.assistant:not(.abstained) .bubble"),
        "abstention": (".message.abstained .bubble", ".message.abstained .bubble"),
        "sources": (".sources", ".log"),
        "footer": ("footer p", ".panel"),
        "send": ("button.send", "button.send"),
    }
    for name, (text_selector, background_selector) in pairs.items():
        foreground = page.locator(text_selector).first.evaluate("e => getComputedStyle(e).color")
        background = page.locator(background_selector).first.evaluate(OPAQUE_BACKGROUND)
        ratio = page.evaluate(CONTRAST, [foreground, background])
        assert ratio >= 4.5, f"{name}: {foreground} on {background} is {ratio:.2f}:1"


def test_a_400_shows_the_services_message(page, server):
    page.goto(server + "/")
    body = '{"error": {"code": "question_too_long", "message": "\'question\' must be at most 2000 characters"}}'
    page.route(
        "**/v1/chat/completions", lambda route: route.fulfill(status=400, body=body, content_type="application/json")
    )
    _ask(page, "What are CAFs?")
    page.locator(".message.error").wait_for(timeout=10000)
    assert "must be at most 2000 characters" in page.locator(".message.error").inner_text()
    assert page.get_by_label("Your question").input_value() == "What are CAFs?"


def test_markup_from_the_server_is_shown_as_text(page, server):
    payload = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    final = {
        "id": "x",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "qa-service",
        "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
        "answer": f"{payload} [1]",
        "abstained": False,
        "query": payload,
        "suggestions": [],
        "citations": [
            {
                "n": 1,
                "chunk_id": "c",
                "section": payload,
                "text": f"before {payload} after",
                "quote": payload,
                "references": [{"number": 1, "text": payload}],
            }
        ],
    }
    first = {
        "id": "x",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "qa-service",
        "choices": [{"index": 0, "delta": {"role": "assistant", "content": payload}, "finish_reason": None}],
    }
    import json

    body = f"data: {json.dumps(first)}\n\ndata: {json.dumps(final)}\n\ndata: [DONE]\n\n"
    page.route(
        "**/v1/chat/completions", lambda route: route.fulfill(status=200, body=body, content_type="text/event-stream")
    )
    page.goto(server + "/")
    _ask(page, "anything")
    answer = _last_answer(page)
    answer.locator("button.cite").first.click()
    assert payload in answer.inner_text()
    assert page.locator("qa-chat-widget img, qa-chat-widget script").count() == 0
    assert page.dialogs == []


def test_page_runs_under_its_content_security_policy(page, server):
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.goto(server + "/")
    _ask(page, "What are NETs?")
    _last_answer(page)
    page.goto(server + "/docs")
    page.locator("section").first.wait_for()
    assert violations == []


def test_thumbs_down_with_a_comment_is_stored(page, server_and_feedback):
    import sqlite3

    server, feedback_db, _ = server_and_feedback
    page.goto(server + "/")
    _ask(page, "What is the role of lipid metabolism in metastasis?")
    answer = _last_answer(page)
    answer.get_by_role("button", name="Not helpful").click()
    box = answer.get_by_label("What was wrong? (optional)")
    box.fill("It left out obesity.")
    answer.get_by_role("button", name="Send feedback").click()
    answer.get_by_text("Thank you for the feedback.").wait_for(timeout=10000)
    with sqlite3.connect(feedback_db) as db:
        rows = db.execute(
            "SELECT f.rating, f.comment, a.question FROM feedback f JOIN answers a ON a.id = f.answer_id"
        ).fetchall()
    assert ("down", "It left out obesity.", "What is the role of lipid metabolism in metastasis?") in rows
