"""The page under a busy server, in real headless Chromium: a kind "try again in a moment".

The server has room for no one waiting (max_waiting 0) and its one answer is held inside
a gated fake model, so every request from the page meets a real 503 with Retry-After.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from eval.serving import serving
from indexer.embedding import MiniLMEmbedder
from server.http.app import create_app
from server.settings import Settings
from tests.fakes import drafting
from tests.test_queue import GatedGenerator
from tests.test_web import CHROMIUM, CHROMIUM_ARGS, DESKTOP, HARSH, QUESTION, Watch

pytestmark = pytest.mark.browser
BUSY = "busy with other requests just now. Please try again in a moment."


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_a_busy_server_gets_a_kind_try_again(browser: Browser, settings: Settings,
                                             embedder: MiniLMEmbedder) -> None:
    gen = GatedGenerator()
    app = create_app(drafting(settings).model_copy(update={"max_waiting": 0}),
                     embedder=embedder, generator=gen)  # drafts on: the chat holds the model
    with serving(app) as url:
        holder = threading.Thread(target=lambda: httpx.post(
            f"{url}/api/chat", json={"message": QUESTION}, timeout=180))
        holder.start()
        context = browser.new_context(viewport=DESKTOP)
        try:
            deadline = time.monotonic() + 60
            while not gen.started.is_set():
                assert time.monotonic() < deadline, "the first answer never started"
                time.sleep(0.02)
            page = context.new_page()
            watch = Watch(page)
            page.goto(url + "/")
            page.fill("#talk-input", QUESTION)
            page.press("#talk-input", "Enter")
            expect(page.locator("#talk-error")).to_contain_text(BUSY)
            expect(page.locator("#talk-input")).to_have_value(QUESTION)  # kept for a retry
            page.click("#tab-gently")
            page.fill("#gently-input", HARSH)
            page.press("#gently-input", "Enter")
            expect(page.locator("#gently-error")).to_contain_text(BUSY)
            assert watch.errors == [] and watch.dialogs == []
        finally:
            gen.gate.set()
            holder.join(timeout=180)
            context.close()
