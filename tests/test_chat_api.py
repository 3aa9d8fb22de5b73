from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from eval.serving import serving
from indexer.documents import load_corpus
from indexer.embedding import MiniLMEmbedder
from server.http.app import create_app
from server.settings import Settings
from tests.conftest import CORPUS
from tests.fakes import FakeGenerator

TEXT = {d.doc_id: d.text for d in load_corpus(CORPUS)}
QUESTION = "How do I bring up feeling distant with my partner?"


@pytest.fixture
def gen() -> FakeGenerator:
    return FakeGenerator()


@pytest.fixture
def client(settings: Settings, embedder: MiniLMEmbedder, gen: FakeGenerator
           ) -> Iterator[TestClient]:
    with TestClient(create_app(settings, embedder=embedder, generator=gen)) as c:
        yield c


def drafting(settings: Settings) -> Settings:
    """Talk's drafts on: for the tests that need the model at work during a chat."""
    return settings.model_copy(update={"talk_drafts": True})


def parse_sse(text: str) -> list[tuple[str, object]]:
    events = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def test_chat_json(client: TestClient) -> None:
    r = client.post("/api/chat", json={"message": QUESTION, "session_id": None})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"session_id", "answer", "citations", "grounding", "safety",
                         "suggestion"}
    assert body["grounding"] in ("generated", "extractive")
    assert body["safety"] is None
    for c in body["citations"]:
        assert TEXT[c["doc"]][c["start"]:c["end"]] == c["quote"]
        assert f"[{c['n']}]" in body["answer"]


@pytest.mark.parametrize("how", ["body", "accept"])
def test_chat_streams_sse(client: TestClient, how: str) -> None:
    kwargs: dict = ({"json": {"message": QUESTION, "stream": True}} if how == "body" else
                    {"json": {"message": QUESTION},
                     "headers": {"Accept": "text/event-stream"}})
    with client.stream("POST", "/api/chat", **kwargs) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        events = parse_sse(r.read().decode())
    kinds = [k for k, _ in events]
    assert kinds[0] == "session" and kinds[-2:] == ["citations", "done"]
    assert set(kinds[1:-2]) == {"delta"}
    done = events[-1][1]
    assert isinstance(done, dict)
    assert events[0][1] == {"session_id": done["session_id"]}
    assert "".join(d["text"] for k, d in events if k == "delta") == done["answer"]
    assert events[-2][1] == done["citations"]


def test_sessions_round_trip(client: TestClient) -> None:
    first = client.post("/api/chat", json={"message": QUESTION}).json()
    sid = first["session_id"]
    second = client.post("/api/chat", json={"message": "when is the best time to do it?",
                                            "session_id": sid}).json()
    assert second["session_id"] == sid
    turns = client.get(f"/api/sessions/{sid}").json()["turns"]
    assert [t["role"] for t in turns] == ["user", "assistant", "user", "assistant"]
    assert turns[2]["content"] == "when is the best time to do it?"
    assert client.delete(f"/api/sessions/{sid}").status_code == 204
    assert client.get(f"/api/sessions/{sid}").status_code == 404
    assert client.delete(f"/api/sessions/{sid}").status_code == 404


@pytest.mark.parametrize(("payload", "field"), [
    ({"message": ""}, "message"),
    ({"message": "   \n "}, "message"),
    ({"message": "x" * 4001}, "message"),
    ({}, "message"),
    ({"message": 5}, "message"),
    ({"message": "hi", "colour": "blue"}, "colour"),
])
def test_chat_bad_input(client: TestClient, payload: dict, field: str) -> None:
    r = client.post("/api/chat", json=payload)
    assert r.status_code == 422
    assert field in [e["loc"][-1] for e in r.json()["detail"]]


def test_chat_malformed_json(client: TestClient) -> None:
    r = client.post("/api/chat", content=b'{"message": "hi"', headers={
        "Content-Type": "application/json"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["type"] == "json_invalid"


def test_unknown_session_is_404_and_writes_nothing(client: TestClient, gen: FakeGenerator) -> None:
    r = client.post("/api/chat", json={"message": QUESTION, "session_id": "nope"})
    assert r.status_code == 404
    assert "no conversation" in r.json()["detail"]
    assert gen.prompts == []
    assert client.get("/api/sessions/nope").status_code == 404


def test_delete_during_an_answer_keeps_it_deleted(settings: Settings,
                                                  embedder: MiniLMEmbedder) -> None:
    """The id comes first, so a conversation can be deleted before its answer is stored."""
    slow = FakeGenerator(delay=0.05)
    with TestClient(create_app(drafting(settings), embedder=embedder, generator=slow)) as client, \
            client.stream("POST", "/api/chat", json={"message": QUESTION, "stream": True}
                          ) as r:
        lines = r.iter_lines()
        assert next(lines) == "event: session"
        sid = json.loads(next(lines)[len("data: "):])["session_id"]
        assert client.delete(f"/api/sessions/{sid}").status_code == 404  # not stored yet
        rest = "\n".join(lines)
        assert "event: done" in rest
        assert client.get(f"/api/sessions/{sid}").status_code == 404  # and never will be


def test_sessions_persist_across_restart(settings: Settings, embedder: MiniLMEmbedder) -> None:
    with TestClient(create_app(settings, embedder=embedder, generator=FakeGenerator())) as c:
        sid = c.post("/api/chat", json={"message": QUESTION}).json()["session_id"]
    assert Path(settings.sessions_path).is_file()
    with TestClient(create_app(settings, embedder=embedder, generator=FakeGenerator())) as c:
        assert len(c.get(f"/api/sessions/{sid}").json()["turns"]) == 2


def test_concurrent_streams_queue_and_complete(settings: Settings,
                                               embedder: MiniLMEmbedder) -> None:
    """The model is never used by two requests at once, and no stream is cut."""
    slow = FakeGenerator(delay=0.01)
    app = create_app(drafting(settings), embedder=embedder, generator=slow)
    results: list[list[tuple[str, object]]] = []

    with TestClient(app) as client:
        def one() -> None:
            with client.stream("POST", "/api/chat", json={"message": QUESTION, "stream": True}
                               ) as r:
                results.append(parse_sse(r.read().decode()))

        threads = [threading.Thread(target=one) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert len(results) == 4
    assert all(events[-1][0] == "done" for events in results)
    assert slow.max_active == 1


def test_disconnect_stops_generation(settings: Settings, embedder: MiniLMEmbedder) -> None:
    """A client that goes away mid-stream stops its generation (a real server, real socket)."""
    import time

    endless = " ".join(["and we keep talking"] * 500)  # no sentence ever ends: no early stop
    slow = FakeGenerator(endless, delay=0.005, n_ctx=8192)
    settings = drafting(settings).model_copy(update={"max_tokens": 2000})
    app = create_app(settings, embedder=embedder, generator=slow)
    with serving(app) as base:
        with httpx.stream("POST", f"{base}/api/chat",
                          json={"message": QUESTION, "stream": True}, timeout=30) as r:
            assert r.status_code == 200
            deadline = time.monotonic() + 30
            while slow.tokens_streamed == 0 and time.monotonic() < deadline:
                time.sleep(0.05)  # wait until the model is generating; then hang up
            time.sleep(0.2)
        time.sleep(1.0)
        streamed = slow.tokens_streamed
        time.sleep(0.5)
        assert slow.tokens_streamed == streamed  # generation has stopped
        assert 0 < streamed < 1000
        assert slow.active == 0


class CrashingGenerator(FakeGenerator):
    """The model fails part-way through a draft, as a real one might (out of memory, a bug)."""

    def stream(self, prompt, params):  # type: ignore[no-untyped-def]
        yield "Lead with longing"
        raise RuntimeError("the model crashed with the person's words in it")


def test_a_model_crash_ends_the_stream_with_an_error_event(settings: Settings,
                                                          embedder: MiniLMEmbedder) -> None:
    with TestClient(create_app(drafting(settings), embedder=embedder,
                               generator=CrashingGenerator())) as c:
        r = c.post("/api/chat", json={"message": QUESTION, "stream": True})
    events = parse_sse(r.text)
    assert events[0][0] == "session"
    assert events[-1][0] == "error"
    error = events[-1][1]
    assert isinstance(error, dict) and "person's words" not in error["detail"]


@pytest.mark.parametrize(("n_ctx", "status", "kind"), [(130, 500, "ContextBudgetError")])
def test_project_errors_carry_their_own_status(settings: Settings, embedder: MiniLMEmbedder,
                                               n_ctx: int, status: int, kind: str) -> None:
    gen = FakeGenerator(n_ctx=n_ctx)
    with TestClient(create_app(drafting(settings), embedder=embedder, generator=gen)) as c:
        r = c.post("/api/chat", json={"message": QUESTION})
    assert (r.status_code, r.json()["type"]) == (status, kind)
    assert "n_ctx" in r.json()["detail"]
