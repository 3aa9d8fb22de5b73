"""The web app in real headless Chromium (Debian's package, driven by Playwright for Python).

One real server (the real index and the real default language model, temperature 0) runs
in a background thread for the whole module; each test gets a fresh browser context.
Screenshots go to a pytest tmp folder, or to $RECONNECT_SCREENSHOTS when it is set
(read at import, before the autouse fixture clears RECONNECT_* variables).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    Route,
    ViewportSize,
    expect,
    sync_playwright,
)

from eval.serving import serving
from indexer.embedding import MiniLMEmbedder
from server.http.app import create_app
from server.llm import Generator
from server.runtime import load_generator
from server.settings import ROOT, Settings
from tests.conftest import CORPUS

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 375, "height": 740}
ANSWER_TIMEOUT = 120_000  # ms; the real model takes seconds, far more on a busy 2-core machine

QUESTION = "How do I bring up feeling distant with my partner?"
HARSH = "You never listen to me anymore, you're always on your phone when I talk to you."
XSS = "<img src=x onerror=alert(1)>"

SAFETY_DEV = json.loads((ROOT / "eval/data/safety_dev.json").read_text())

_shots = os.environ.get("RECONNECT_SCREENSHOTS")
SCREENSHOTS = Path(_shots).resolve() if _shots else None


# --- the server -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def generator(index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Generator:
    return load_generator(_settings(index_dir, tmp_path_factory.mktemp("model")))


def _settings(index_dir: Path, data_dir: Path) -> Settings:
    with pytest.MonkeyPatch.context() as mp:  # as the autouse clean_environ does per test
        for key in [k for k in os.environ if k.startswith("RECONNECT_")]:
            mp.delenv(key)
        settings = Settings(corpus_dir=CORPUS, data_dir=data_dir, index_dir=index_dir)
    return settings.model_copy(update={"temperature": 0.0, "seed": 42})


@pytest.fixture(scope="module")
def base_url(index_dir: Path, embedder: MiniLMEmbedder, generator: Generator,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = _settings(index_dir, tmp_path_factory.mktemp("web-data"))
    app = create_app(settings, embedder=embedder, generator=generator)
    with serving(app) as url:
        yield url


# --- the browser ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


# Playwright cannot read a streamed body back, so the page keeps a copy of each finished
# /api/chat stream for the test (the page's own code still reads the live stream).
RECORD_CHAT = """
const fetchFromNetwork = window.fetch;
window.__chatStreams = [];
window.fetch = async (...args) => {
  const response = await fetchFromNetwork(...args);
  if (!String(args[0]).endsWith("/api/chat") || !response.ok || !response.body) return response;
  const [forPage, forTest] = response.body.tee();
  new Response(forTest).text().then((text) => window.__chatStreams.push(text));
  return new Response(forPage, { status: response.status, headers: response.headers });
};
"""


class Watch:
    """What a page did that it should not: script errors, CSP violations, alert dialogs."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", self._console)
        page.on("dialog", self._dialog)

    def _console(self, message: Any) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.errors.append(message.text)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


def _open(browser: Browser, base_url: str, viewport: ViewportSize, **options: Any
          ) -> tuple[BrowserContext, Page, Watch]:
    context = browser.new_context(viewport=viewport, **options)
    context.add_init_script(RECORD_CHAT)
    page = context.new_page()
    watch = Watch(page)
    page.goto(base_url + "/")
    return context, page, watch


@pytest.fixture
def context_page(browser: Browser, base_url: str) -> Iterator[tuple[BrowserContext, Page, Watch]]:
    context, page, watch = _open(browser, base_url, DESKTOP)
    yield context, page, watch
    context.close()
    assert watch.errors == []


@pytest.fixture
def page(context_page: tuple[BrowserContext, Page, Watch]) -> Page:
    return context_page[1]


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = SCREENSHOTS or tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshot(page: Page, folder: Path, name: str) -> None:
    page.mouse.move(0, 0)  # no hover styles in the picture
    page.screenshot(path=folder / f"screenshot-{name}.png", full_page=True)


# --- helpers ----------------------------------------------------------------------------------
def parse_sse(text: str) -> dict[str, Any]:
    events: dict[str, Any] = {}
    for block in text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines())
        events[fields["event"]] = json.loads(fields["data"])
    return events


def chat(page: Page, message: str) -> dict[str, Any]:
    """Send a message from the Talk box with Enter; the finished reply's SSE events."""
    replies = page.locator("#transcript .turn.assistant")
    before = replies.count()
    streams = page.evaluate("window.__chatStreams.length")
    with page.expect_response(lambda r: r.url.endswith("/api/chat"),
                              timeout=ANSWER_TIMEOUT) as info:
        page.fill("#talk-input", message)
        page.press("#talk-input", "Enter")
    response = info.value
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    page.wait_for_function("n => window.__chatStreams.length > n", arg=streams,
                           timeout=ANSWER_TIMEOUT)
    events = parse_sse(page.evaluate(f"window.__chatStreams[{streams}]"))
    assert "done" in events, events
    expect(replies).to_have_count(before + 1)
    expect(replies.last.locator(".streaming")).to_have_count(0, timeout=ANSWER_TIMEOUT)
    return events


def no_horizontal_scroll(page: Page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"page is {widths[0]}px wide in a {widths[1]}px viewport"


# --- tests ------------------------------------------------------------------------------------
def test_conversation_with_streamed_answer_and_clicked_citation(page: Page, shots: Path) -> None:
    expect(page.locator(".tagline")).to_contain_text("runs on this device")
    page.press("#talk-input", "Enter")  # nothing written yet: the API's 422, said kindly
    expect(page.locator("#talk-error")).to_have_text("Please write a message first.")
    expect(page.locator("#transcript > *")).to_have_count(0)

    events = chat(page, QUESTION)
    expect(page.locator("#talk-error")).to_be_hidden()
    done = events["done"]
    citations = events["citations"]
    assert citations and done["citations"] == citations

    reply = page.locator("#transcript .turn.assistant").last
    expect(page.locator("#transcript .turn.user .bubble")).to_have_text(QUESTION)
    cites = reply.locator(".bubble button.cite")
    assert cites.count() >= 1
    answer_text = reply.locator(".bubble").inner_text()
    first_sentence = done["answer"].split("[")[0].strip()[:40]
    assert first_sentence in answer_text
    screenshot(page, shots, "talk")

    cite = cites.first
    n = int(cite.inner_text())
    citation = next(c for c in citations if c["n"] == n)
    cite.focus()
    page.keyboard.press("Enter")  # citations open from the keyboard too
    dialog = page.locator("dialog#passage")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#passage-title")).to_have_text(citation["section"])
    mark = dialog.locator("mark")
    expect(mark).to_have_count(1)
    expect(mark).to_have_text(citation["quote"])
    assert len(dialog.locator("#passage-text").inner_text()) >= len(citation["quote"])
    screenshot(page, shots, "citation")

    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(cite).to_be_focused()


def test_rephrase_shows_opening_changes_and_copies(browser: Browser, base_url: str,
                                                   shots: Path) -> None:
    context, page, watch = _open(browser, base_url, DESKTOP,
                                 permissions=["clipboard-read", "clipboard-write"])
    try:
        page.locator("#tab-talk").focus()
        page.keyboard.press("ArrowRight")  # the tabs work from the keyboard
        expect(page.locator("#tab-gently")).to_be_focused()
        expect(page.locator("#tab-gently")).to_have_attribute("aria-selected", "true")
        expect(page.locator("#panel-gently")).to_be_visible()
        expect(page.locator("#panel-talk")).to_be_hidden()

        page.fill("#gently-input", HARSH)
        with page.expect_response(lambda r: r.url.endswith("/api/rephrase"),
                                  timeout=ANSWER_TIMEOUT) as info:
            page.press("#gently-input", "Enter")
        assert info.value.status == 200
        data = info.value.json()
        assert not data["needs_clarification"] and data["safety"] is None, data

        opening = page.locator("#gently-result .opening")
        expect(opening).to_have_text(data["rephrased"].strip())
        assert page.locator("#gently-result .changes li").count() >= 1
        expect(page.locator("#gently-result .changes li").first).to_have_text(
            data["changes"][0].strip())
        assert page.locator("#gently-result .alternatives li").count() == len(
            data["alternatives"])

        copy = page.locator("#gently-result .actions button.copy")
        copy.click()
        expect(copy).to_have_text("Copied")
        assert page.evaluate("navigator.clipboard.readText()") == data["rephrased"]
        screenshot(page, shots, "gently")
    finally:
        context.close()
    assert watch.errors == [] and watch.dialogs == []


def _rephrase(page: Page, text: str) -> dict[str, Any]:
    page.fill("#gently-input", text)
    with page.expect_response(lambda r: r.url.endswith("/api/rephrase"),
                              timeout=ANSWER_TIMEOUT) as info:
        page.click("#gently-send")
    assert info.value.status == 200
    data: dict[str, Any] = info.value.json()
    return data


def test_rephrase_shows_a_check_in_beside_the_opening_and_asks_for_detail(
        page: Page, shots: Path) -> None:
    page.click("#tab-gently")
    text = next(t for t in SAFETY_DEV["borderline"] if "phone" in t)
    data = _rephrase(page, text)
    assert data["safety"]["action"] == "check_in" and data["rephrased"], data
    result = page.locator("#gently-result")
    expect(result.locator(".safety-check_in .safety-heading")).to_have_text(
        "Checking in with you")
    expect(result.locator(".safety-check_in .safety-message")).to_have_text(
        data["safety"]["message"].strip())
    expect(result.locator(".safety-check_in .resource")).to_have_count(
        len(data["safety"]["resources"]))
    expect(result.locator(".opening")).to_have_text(data["rephrased"].strip())
    screenshot(page, shots, "gently-check-in")

    data = _rephrase(page, SAFETY_DEV["must_catch"][0])
    assert data["safety"]["action"] in ("support", "crisis") and not data["rephrased"]
    expect(result.locator(".safety")).to_have_count(1)
    expect(result.locator(".opening")).to_have_count(0)

    data = _rephrase(page, "I sleep next to a stranger.")
    assert data["question"] and data["rephrased"] and not data["needs_clarification"]
    expect(result.locator(".safety")).to_have_count(0)
    expect(result.locator(".ask-detail .question")).to_have_text(data["question"])
    expect(result.locator(".opening")).to_have_text(data["rephrased"].strip())


def test_excerpt_search(page: Page, base_url: str, shots: Path) -> None:
    page.click("#tab-passages")
    page.press("#passages-input", "Enter")  # nothing typed yet: the API's 422, said kindly
    expect(page.locator("#passages-error")).to_have_text("Please type a topic first.")

    topic = "physical affection"
    page.fill("#passages-input", topic)
    page.click("#passages-send")
    cards = page.locator("#passages-result .excerpt")
    expect(cards).to_have_count(3)
    expect(page.locator("#passages-error")).to_be_hidden()
    api = httpx.get(f"{base_url}/api/excerpts", params={"topic": topic, "k": 3}).json()
    expect(cards.locator(".section-title")).to_have_text([e["section"] for e in api["excerpts"]])
    expect(cards.locator("blockquote")).to_have_text([e["quote"] for e in api["excerpts"]])
    screenshot(page, shots, "passages")

    cards.first.locator("button.context").click()
    expect(page.locator("dialog#passage mark")).to_have_text(api["excerpts"][0]["quote"])
    page.keyboard.press("Escape")

    page.fill("#passages-input", "how to file my tax return")
    page.press("#passages-input", "Enter")
    expect(page.locator("#passages-result .none")).to_contain_text("does not seem to cover")


def test_xss_payload_shows_as_text(context_page: tuple[BrowserContext, Page, Watch],
                                   shots: Path) -> None:
    _, page, watch = context_page
    chat(page, XSS)
    expect(page.locator("#transcript .turn.user .bubble")).to_have_text(XSS)

    page.click("#tab-passages")
    page.fill("#passages-input", XSS)
    page.press("#passages-input", "Enter")
    expect(page.locator("#passages-result > *")).to_have_count(1)
    if page.locator("#passages-result .none").count():
        expect(page.locator("#passages-result .none")).to_contain_text(XSS)

    page.wait_for_timeout(300)  # time for an onerror handler to fire, were there an <img>
    assert page.locator("img").count() == 0
    assert watch.dialogs == []
    page.click("#tab-talk")
    screenshot(page, shots, "xss")


def test_delete_conversation(page: Page, base_url: str, shots: Path) -> None:
    session_id = chat(page, QUESTION)["done"]["session_id"]
    assert httpx.get(f"{base_url}/api/sessions/{session_id}").status_code == 200

    with page.expect_response(lambda r: r.request.method == "DELETE") as info:
        page.click("#talk-delete")
    assert info.value.status == 204
    assert info.value.url.endswith(f"/api/sessions/{session_id}")
    expect(page.locator("#talk-status")).to_contain_text("Deleted")
    expect(page.locator("#transcript > *")).to_have_count(0)
    assert httpx.get(f"{base_url}/api/sessions/{session_id}").status_code == 404
    screenshot(page, shots, "deleted")

    with page.expect_request(lambda r: r.url.endswith("/api/chat")) as sent:
        new_id = chat(page, "Thank you.")["done"]["session_id"]
    body = sent.value.post_data_json
    assert body is not None and body["session_id"] is None  # the id was forgotten too
    assert new_id != session_id


def test_phone_sized_screen_has_no_horizontal_scroll(browser: Browser, base_url: str,
                                                     shots: Path) -> None:
    context, page, watch = _open(browser, base_url, PHONE)
    try:
        no_horizontal_scroll(page)
        chat(page, "we feel like roommates " + "a" * 200)  # a long unbroken word must wrap
        no_horizontal_scroll(page)
        page.locator("#transcript .turn.assistant").last.locator("button.cite, button.source") \
            .first.click()
        expect(page.locator("dialog#passage mark")).to_be_visible()
        no_horizontal_scroll(page)
        page.keyboard.press("Escape")
        screenshot(page, shots, "phone")
        page.click("#tab-passages")
        page.fill("#passages-input", "small daily habits")
        page.press("#passages-input", "Enter")
        expect(page.locator("#passages-result .excerpt").first).to_be_visible()
        no_horizontal_scroll(page)
    finally:
        context.close()
    assert watch.errors == []


def test_nothing_is_stored_in_the_browser(context_page: tuple[BrowserContext, Page, Watch]
                                          ) -> None:
    context, page, _ = context_page
    session_id = chat(page, QUESTION)["done"]["session_id"]
    with page.expect_request(lambda r: r.url.endswith("/api/chat")) as sent:
        follow_up = chat(page, "What if they don't want to talk about it?")["done"]
    body = sent.value.post_data_json
    assert body is not None and body["session_id"] == session_id  # the session is kept...
    assert follow_up["session_id"] == session_id
    stored = page.evaluate("""async () => ({
        local: localStorage.length,
        session: sessionStorage.length,
        cookie: document.cookie,
        databases: (await indexedDB.databases()).length,
        caches: (await caches.keys()).length,
    })""")
    # ...in memory only
    assert stored == {"local": 0, "session": 0, "cookie": "", "databases": 0, "caches": 0}
    assert context.cookies() == []


def test_safety_reply_stands_out_with_resources(page: Page, shots: Path) -> None:
    done = chat(page, "He choked me last night and said next time he will kill me.")["done"]
    safety = done["safety"]
    assert safety is not None and safety["action"] == "crisis", done

    card = page.locator("#transcript .turn.assistant .safety")
    expect(card).to_be_visible()
    expect(card.locator(".safety-message")).to_have_text(safety["message"])
    items = card.locator(".resources li")
    expect(items).to_have_count(len(safety["resources"]))
    expect(items.first).to_contain_text("Emergency")  # emergency help first
    expect(items.first.locator("a")).to_have_attribute("href", "tel:911")
    expect(page.locator("#transcript .turn.assistant .bubble")).to_have_count(0)
    style = "node => getComputedStyle(node).backgroundColor"
    assert card.evaluate(style) != page.locator("#transcript .turn.user .bubble").evaluate(style)
    screenshot(page, shots, "safety")


def test_delete_while_the_reply_is_in_flight(page: Page, base_url: str) -> None:
    """The exchange the server stores when the reply finishes is deleted as soon as it lands."""
    held: list[Route] = []

    def hold(route: Route) -> None:  # the request waits until Delete has been clicked
        held.append(route)

    page.route("**/api/chat", hold)
    page.fill("#talk-input", QUESTION)
    page.press("#talk-input", "Enter")
    deadline = time.monotonic() + 10
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    page.click("#talk-delete")
    expect(page.locator("#talk-status")).to_contain_text("Deleted")

    response = held[0].fetch(timeout=ANSWER_TIMEOUT)  # the real server answers and stores it
    session_id = parse_sse(response.text())["done"]["session_id"]
    assert httpx.get(f"{base_url}/api/sessions/{session_id}").status_code == 200
    with page.expect_response(lambda r: r.request.method == "DELETE",
                              timeout=ANSWER_TIMEOUT) as info:
        held[0].fulfill(response=response)
    assert info.value.url.endswith(f"/api/sessions/{session_id}")
    assert httpx.get(f"{base_url}/api/sessions/{session_id}").status_code == 404
    expect(page.locator("#transcript > *")).to_have_count(0)
    expect(page.locator("#talk-send")).to_have_attribute("aria-disabled", "false")


def test_delete_uses_the_id_from_the_first_event(page: Page, base_url: str) -> None:
    """The stream names its conversation first, so Delete works even if `done` never arrives."""
    held: list[Route] = []
    page.route("**/api/chat", lambda route: held.append(route))
    page.fill("#talk-input", QUESTION)
    page.press("#talk-input", "Enter")
    deadline = time.monotonic() + 10
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    response = held[0].fetch(timeout=ANSWER_TIMEOUT)  # the real server answers and stores it
    blocks = response.text().strip().split("\n\n")
    assert blocks[0].startswith("event: session"), blocks[0]
    session_id = parse_sse(blocks[0])["session"]["session_id"]
    held[0].fulfill(status=200, headers={"content-type": "text/event-stream"},
                    body="\n\n".join(blocks[:2]) + "\n\n")  # cut off before `done`
    expect(page.locator("#transcript .turn.assistant .error")).to_contain_text("interrupted")

    with page.expect_response(lambda r: r.request.method == "DELETE") as info:
        page.click("#talk-delete")
    assert info.value.url.endswith(f"/api/sessions/{session_id}")
    expect(page.locator("#talk-status")).to_contain_text("Deleted")
    assert httpx.get(f"{base_url}/api/sessions/{session_id}").status_code == 404


# --- quick exit -------------------------------------------------------------------------------
NEUTRAL = "/static/recipe.html"
# What a person might need to hide in a hurry; the safety reply needs no model, so it is quick.
TOLD = next(t for t in SAFETY_DEV["must_catch"] if "paycheck" in t)


def _session_gone(base_url: str, session_id: str) -> bool:
    """The DELETE sent with keepalive lands after the page has gone: wait a little for it."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if httpx.get(f"{base_url}/api/sessions/{session_id}").status_code == 404:
            return True
        time.sleep(0.1)
    return False


def _left_for_good(page: Page, base_url: str, session_id: str) -> None:
    """The neutral page stands in the app's place: Back goes to the page before the app, never
    to the conversation, and Forward comes back to the neutral page; the session is gone."""
    page.wait_for_url(base_url + NEUTRAL)
    expect(page.locator("h1")).to_have_text("Simple lentil soup")
    assert _session_gone(base_url, session_id)
    page.go_back()
    page.wait_for_url(base_url + "/health")
    assert TOLD not in page.content()
    page.go_forward()
    page.wait_for_url(base_url + NEUTRAL)
    assert TOLD not in page.content() and page.locator("#transcript").count() == 0


def _visible_on_every_mode(page: Page) -> None:
    for tab in ("#tab-gently", "#tab-passages", "#tab-talk"):
        page.click(tab)
        expect(page.locator("#quick-exit")).to_be_visible()
        expect(page.locator("#quick-exit")).to_be_in_viewport()


def test_quick_exit_button(browser: Browser, base_url: str, shots: Path) -> None:
    context = browser.new_context(viewport=PHONE)
    context.add_init_script(RECORD_CHAT)
    page = context.new_page()
    watch = Watch(page)
    try:
        page.goto(base_url + "/health")  # the page before the app, in the same tab
        page.goto(base_url + "/")
        _visible_on_every_mode(page)
        session_id = chat(page, TOLD)["done"]["session_id"]
        expect(page.locator("#transcript .turn.user .bubble")).to_have_text(TOLD)
        page.click("#tab-passages")
        page.fill("#passages-input", "small daily habits")
        page.press("#passages-input", "Enter")
        expect(page.locator("#passages-result .excerpt").first).to_be_visible()
        page.mouse.wheel(0, 2000)  # still in view when the page is scrolled
        expect(page.locator("#quick-exit")).to_be_in_viewport()
        screenshot(page, shots, "quick-exit")
        with page.expect_request(lambda r: r.method == "DELETE") as deleted:
            page.click("#quick-exit")
        assert deleted.value.url.endswith(f"/api/sessions/{session_id}")
        _left_for_good(page, base_url, session_id)
    finally:
        context.close()
    assert watch.errors == [] and watch.dialogs == []


def test_quick_exit_with_escape_twice(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(RECORD_CHAT)
    page = context.new_page()
    watch = Watch(page)
    try:
        page.goto(base_url + "/health")
        page.goto(base_url + "/")
        session_id = chat(page, TOLD)["done"]["session_id"]
        page.click("#tab-gently")
        page.fill("#gently-input", HARSH)
        page.keyboard.press("Escape")  # one press alone leaves nothing
        page.wait_for_timeout(1000)
        assert page.url == base_url + "/"
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")
        _left_for_good(page, base_url, session_id)
        assert HARSH not in page.content()
    finally:
        context.close()
    assert watch.errors == [] and watch.dialogs == []
