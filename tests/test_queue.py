"""The bound on requests waiting for the model: beyond max_waiting, 503 with Retry-After.

A gated fake model holds the first request inside generation until the test lets it go,
so who is answered, who waits and who is turned away does not depend on timing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from eval.serving import serving
from indexer.embedding import MiniLMEmbedder
from server.http.app import create_app
from server.http.queue import DEFAULT_RETRY_SECONDS, Busy, WaitQueue
from server.llm import GenerationParams
from server.settings import Settings
from tests.fakes import FakeGenerator

QUESTION = "How do I bring up feeling distant with my partner?"


class GatedGenerator(FakeGenerator):
    """Waits at the start of every generation until `gate` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.started = threading.Event()

    def stream(self, prompt: str, params: GenerationParams) -> Iterator[str]:
        self.started.set()
        assert self.gate.wait(timeout=120), "the test never opened the gate"
        yield from super().stream(prompt, params)


def wait_for(condition: Any, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.mark.parametrize("max_waiting", [0, 2])
def test_beyond_max_waiting_is_503_with_retry_after(settings: Settings,
                                                    embedder: MiniLMEmbedder,
                                                    max_waiting: int) -> None:
    gen = GatedGenerator()
    app = create_app(settings.model_copy(update={"max_waiting": max_waiting}),
                     embedder=embedder, generator=gen)
    answered: list[int] = []
    with TestClient(app) as client:
        queue: WaitQueue = app.state.queue

        def ask() -> None:
            answered.append(client.post("/api/chat", json={"message": QUESTION}).status_code)

        threads = [threading.Thread(target=ask)]
        threads[0].start()
        wait_for(gen.started.is_set)  # one is being answered
        for n in range(max_waiting):  # and max_waiting wait for it
            threads.append(threading.Thread(target=ask))
            threads[-1].start()
            wait_for(lambda n=n: queue.admitted == n + 2)

        for method, path, body in [("POST", "/api/chat", {"message": QUESTION}),
                                   ("POST", "/api/chat", {"message": QUESTION, "stream": True}),
                                   ("POST", "/api/rephrase", {"text": "You never listen."})]:
            r = client.request(method, path, json=body)
            assert r.status_code == 503, path
            assert r.json()["type"] == "Busy" and "try again" in r.json()["detail"]
            assert int(r.headers["Retry-After"]) >= 1
        assert queue.admitted == max_waiting + 1  # the refused took no slot

        gen.gate.set()
        for t in threads:
            t.join(timeout=120)
        assert answered == [200] * (max_waiting + 1)
        assert queue.admitted == 0
        assert client.post("/api/chat", json={"message": QUESTION}).status_code == 200
        assert gen.max_active == 1


def test_a_stream_holds_its_slot_until_it_ends_even_when_the_client_leaves(
        settings: Settings, embedder: MiniLMEmbedder) -> None:
    gen = GatedGenerator()
    app = create_app(settings.model_copy(update={"max_waiting": 0}), embedder=embedder,
                     generator=gen)
    with serving(app) as url:
        queue: WaitQueue = app.state.queue
        with httpx.stream("POST", f"{url}/api/chat", json={"message": QUESTION, "stream": True},
                          timeout=60) as r:
            assert r.status_code == 200
            wait_for(gen.started.is_set)
            assert queue.admitted == 1
            busy = httpx.post(f"{url}/api/chat", json={"message": QUESTION}, timeout=60)
            assert busy.status_code == 503
        gen.gate.set()  # the client has hung up; the generation stops and the slot frees
        wait_for(lambda: queue.admitted == 0)
        assert httpx.post(f"{url}/api/chat", json={"message": QUESTION},
                          timeout=60).status_code == 200
        assert queue.admitted == 0


def test_retry_after_follows_how_long_answers_take(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr("server.http.queue.time.monotonic", lambda: now[0])
    queue = WaitQueue(max_waiting=2)
    with pytest.raises(Busy) as refused:
        for _ in range(4):
            queue.enter()
    assert refused.value.retry_after == DEFAULT_RETRY_SECONDS  # nothing measured yet
    queue = WaitQueue(max_waiting=2)
    tickets = [queue.enter() for _ in range(3)]
    for ticket in tickets:  # three answers, 7 s apart, each started as the last one ended
        now[0] += 7.0
        ticket.release()
        ticket.release()  # twice is harmless
    assert queue.admitted == 0
    held = [queue.enter() for _ in range(3)]
    with pytest.raises(Busy) as refused:
        queue.enter()
    assert len(held) == queue.admitted == 3
    assert refused.value.retry_after == 7
    assert refused.value.headers == {"Retry-After": "7"}


@pytest.mark.parametrize(("path", "body"), [("/api/chat", {"message": QUESTION}),
                                            ("/api/rephrase", {"text": "You never listen."})])
def test_a_client_that_gave_up_while_waiting_gets_no_generation(
        settings: Settings, embedder: MiniLMEmbedder, path: str, body: dict[str, str]) -> None:
    gen = GatedGenerator()
    app = create_app(settings, embedder=embedder, generator=gen)
    with serving(app) as url:
        queue: WaitQueue = app.state.queue
        first = threading.Thread(target=lambda: httpx.post(
            f"{url}/api/chat", json={"message": QUESTION}, timeout=120))
        first.start()
        wait_for(gen.started.is_set)
        with pytest.raises(httpx.ReadTimeout):  # waits behind the first, then hangs up
            httpx.post(f"{url}{path}", json=body, timeout=1.0)
        gen.gate.set()
        first.join(timeout=120)
        wait_for(lambda: queue.admitted == 0)
        after_two = len(gen.prompts)
        httpx.post(f"{url}/api/chat", json={"message": QUESTION}, timeout=120)  # one more
        per_chat = len(gen.prompts) - after_two
        assert per_chat >= 1 and after_two == per_chat  # the one that gave up cost nothing
