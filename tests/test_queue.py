"""The bound on requests waiting for the model (beyond max_waiting, 503 with Retry-After), and
the model's lock, which only the model's own work waits for.

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
from server.errors import GenerationCancelled
from server.http.app import create_app
from server.http.queue import DEFAULT_RETRY_SECONDS, Busy, WaitQueue
from server.llm import GenerationParams
from server.llm.gate import ModelGate, cancelled_by
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


# --- the model's lock: only the model's own work waits for it ------------------------------------
def test_a_chat_streams_its_answer_while_another_request_holds_the_model(
        settings: Settings, embedder: MiniLMEmbedder) -> None:
    gen = GatedGenerator()
    app = create_app(settings, embedder=embedder, generator=gen)
    with serving(app) as url:
        holder = threading.Thread(target=lambda: httpx.post(
            f"{url}/api/rephrase", json={"text": "You never listen to me."}, timeout=120))
        holder.start()  # Say it gently drafts with the model, and is held inside its draft
        wait_for(gen.started.is_set)
        events = []
        with httpx.stream("POST", f"{url}/api/chat", json={"message": QUESTION, "stream": True},
                          timeout=60) as r:
            lines = r.iter_lines()  # one iterator: httpx streams a body only once
            for line in lines:
                if line.startswith("event: "):
                    events.append(line[7:])
                if "delta" in events:
                    break
            assert events[:2] == ["session", "delta"]  # the answer text, model still held
            assert not gen.gate.is_set()
            gen.gate.set()
            rest = [line[7:] for line in lines if line.startswith("event: ")]
        holder.join(timeout=120)
        assert rest[-1] == "done"
        assert gen.max_active == 1


def gated(slots: int = 1) -> tuple[ModelGate, GatedGenerator]:
    inner = GatedGenerator()
    return ModelGate(inner, slots), inner


PARAMS = GenerationParams(temperature=0.0, max_tokens=4, seed=1, repeat_penalty=1.0)


def test_the_gate_admits_in_arrival_order() -> None:
    gate, inner = gated()
    order: list[int] = []

    def draft(n: int) -> None:
        for _ in gate.stream(f"prompt {n}", PARAMS):
            pass
        order.append(n)

    threads = [threading.Thread(target=draft, args=(0,))]
    threads[0].start()
    wait_for(inner.started.is_set)
    for n in range(1, 6):
        threads.append(threading.Thread(target=draft, args=(n,)))
        threads[-1].start()
        wait_for(lambda n=n: gate.waiting == n)
    inner.gate.set()
    for t in threads:
        t.join(timeout=60)
    assert order == list(range(6)) and inner.max_active == 1
    assert gate.running == gate.waiting == 0


@pytest.mark.parametrize("slots", [1, 3])
def test_the_gate_runs_as_many_streams_as_it_has_slots(slots: int) -> None:
    gate, inner = gated(slots)
    done = []
    threads = [threading.Thread(target=lambda: done.append("".join(gate.stream("p", PARAMS))))
               for _ in range(5)]
    for t in threads:
        t.start()
    wait_for(lambda: gate.running == slots and gate.waiting == 5 - slots)
    inner.gate.set()
    for t in threads:
        t.join(timeout=60)
    assert len(done) == 5 and inner.max_active <= slots


def test_a_waiting_stream_gives_up_when_its_request_is_cancelled() -> None:
    gate, inner = gated()
    holder = threading.Thread(target=lambda: "".join(gate.stream("first", PARAMS)))
    holder.start()
    wait_for(inner.started.is_set)
    cancel = threading.Event()
    outcome: list[str] = []

    def waiting() -> None:
        with cancelled_by(cancel):
            try:
                "".join(gate.stream("second", PARAMS))
                outcome.append("drafted")
            except GenerationCancelled:
                outcome.append("cancelled")

    waiter = threading.Thread(target=waiting)
    waiter.start()
    wait_for(lambda: gate.waiting == 1)
    cancel.set()
    waiter.join(timeout=60)
    assert outcome == ["cancelled"] and gate.waiting == 0
    inner.gate.set()
    holder.join(timeout=60)
    assert inner.prompts == ["first"]  # the cancelled one never reached the model


def test_a_request_found_gone_as_its_turn_comes_gets_no_draft() -> None:
    class Gone(threading.Event):
        def confirm(self) -> bool:
            return True  # the connection answers: the client has left

    gate, inner = gated()
    inner.gate.set()
    with cancelled_by(Gone()), pytest.raises(GenerationCancelled):
        "".join(gate.stream("p", PARAMS))
    assert inner.prompts == [] and gate.running == 0
    assert "".join(gate.stream("q", PARAMS))  # the slot was given back


def test_closing_a_stream_early_frees_the_model() -> None:
    gate, inner = gated()
    inner.gate.set()
    pieces = gate.stream("p", PARAMS)
    assert next(pieces)
    assert gate.running == 1
    pieces.close()  # type: ignore[attr-defined]
    assert gate.running == 0
