"""Scale-out for real: drafts from llama-cpp-python's OpenAI-compatible server (same SmolLM2
GGUF, on loopback), sessions in a real PostgreSQL, and two Reconnect replicas in their own
processes sharing both."""

from __future__ import annotations

import json
import logging
import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from eval.serving import Engine, Served, free_port, inference_server, reconnect_server, serving
from indexer.documents import load_corpus
from indexer.embedding import MiniLMEmbedder
from server.http.app import create_app
from server.llm import (
    GenerationParams,
    GgufFormat,
    LlamaGenerator,
    Message,
    ModelSpec,
    RemoteGenerator,
    resolve_model,
)
from server.settings import Settings
from tests.conftest import CORPUS
from tests.fakes import FakeGenerator
from tests.services import new_database

pytestmark = pytest.mark.real_llm

TEXT = {d.doc_id: d.text for d in load_corpus(CORPUS)}
QUESTIONS = [
    "How do I bring up feeling distant with my husband?",
    "What small things can we do every day to feel closer?",
    "How can we get physical affection back without pressure?",
    "We went on vacation to fix things and came back feeling worse. Why?",
    "Is it normal to drift apart after having a baby?",
    "How do old unresolved fights get in the way?",
    "Should we try couples therapy or work on it ourselves?",
    "What does reconnecting actually feel like when it's working?",
]
GREEDY = GenerationParams(temperature=0.0, max_tokens=32, seed=1, repeat_penalty=1.15)


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> ModelSpec:
    settings = Settings(data_dir=tmp_path_factory.mktemp("models"))
    return resolve_model("smollm2", settings.data_dir, settings.prompts_dir)


@pytest.fixture(scope="module")
def engine(spec: ModelSpec, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    # One thread: llama.cpp's threads wait on each other, which on a busy 2-core machine
    # shared with the replicas costs more than the second thread gains.
    with inference_server(spec.path, tmp_path_factory.mktemp("engine") / "engine.log",
                          n_threads=1) as e:
        yield e


@pytest.fixture(scope="module")
def fmt(spec: ModelSpec) -> GgufFormat:
    return GgufFormat.vocabulary_only(spec)


def remote(url: str, fmt: GgufFormat, **options: float) -> RemoteGenerator:
    return RemoteGenerator(url, fmt, name="smollm2", n_ctx=2048, **options)  # type: ignore[arg-type]


def prompt_for(gen: GgufFormat | LlamaGenerator, question: str) -> str:
    return gen.render([Message("system", "Answer warmly in two sentences."),
                       Message("user", question)])


# --- the remote generator against the real engine -----------------------------------------------

def test_remote_drafts_match_the_local_model(engine: Engine, fmt: GgufFormat,
                                             spec: ModelSpec) -> None:
    """Same prompt template, tokens and sampling: the engine writes what the local model
    writes (temperature 0)."""
    local = LlamaGenerator(spec, n_ctx=2048, n_threads=2, seed=1)
    gen = remote(engine.url, fmt)
    prompt = prompt_for(fmt, QUESTIONS[1])
    assert prompt == local.render([Message("system", "Answer warmly in two sentences."),
                                   Message("user", QUESTIONS[1])])
    assert gen.count_tokens(prompt) == local.count_tokens(prompt)
    drafted = "".join(gen.stream(prompt, GREEDY))
    assert drafted.strip()
    assert drafted == "".join(local.stream(prompt, GREEDY))


@pytest.mark.parametrize(("max_tokens", "stop"), [(6, ()), (64, (".",)), (64, ("e",))])
def test_remote_drafts_keep_the_token_budget_and_stops(engine: Engine, fmt: GgufFormat,
                                                       max_tokens: int, stop: tuple[str, ...]
                                                       ) -> None:
    params = GenerationParams(temperature=0.0, max_tokens=max_tokens, seed=1,
                              repeat_penalty=1.15, stop=stop)
    drafted = "".join(remote(engine.url, fmt).stream(prompt_for(fmt, QUESTIONS[0]), params))
    assert drafted
    assert fmt.tokens(drafted).__len__() <= max_tokens
    assert not any(s in drafted for s in (*stop, *fmt.stops))


def test_an_engine_that_is_down_ends_the_draft_at_once(fmt: GgufFormat,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    gen = remote(f"http://127.0.0.1:{free_port()}/v1", fmt, retry_after=60)
    prompt = prompt_for(fmt, QUESTIONS[0])
    assert list(gen.stream(prompt, GREEDY)) == []
    assert "ConnectError" in caplog.text and gen.failures == 1
    assert list(gen.stream(prompt, GREEDY)) == []  # resting: not even tried
    assert gen.failures == 1 and "skipped" in caplog.text


def test_a_stalled_engine_times_out(engine: Engine, fmt: GgufFormat,
                                    caplog: pytest.LogCaptureFixture) -> None:
    gen = remote(engine.url, fmt, read_timeout=1.0)
    os.kill(engine.process.pid, signal.SIGSTOP)  # alive, accepting connections, silent
    try:
        assert list(gen.stream(prompt_for(fmt, QUESTIONS[0]), GREEDY)) == []
    finally:
        os.kill(engine.process.pid, signal.SIGCONT)
    assert "ReadTimeout" in caplog.text


def test_closing_a_draft_disconnects_from_the_engine(engine: Engine, fmt: GgufFormat) -> None:
    """Cancellation: the engine is told (it logs the disconnect) and serves the next draft."""
    before = engine.log().count("Disconnected from client")
    params = GenerationParams(temperature=0.0, max_tokens=400, seed=1, repeat_penalty=1.0)
    pieces = remote(engine.url, fmt).stream(prompt_for(fmt, QUESTIONS[2]), params)
    assert next(iter(pieces))
    pieces.close()  # type: ignore[attr-defined]
    deadline = time.monotonic() + 60
    while engine.log().count("Disconnected from client") == before:
        assert time.monotonic() < deadline, "the engine never saw the draft cancelled"
        time.sleep(0.1)
    assert "".join(remote(engine.url, fmt).stream(prompt_for(fmt, QUESTIONS[0]), GREEDY))


# --- concurrency: the lock is the local model's, not the engine's ------------------------------

class Gated:
    """FakeGenerator's drafts, each held until `parties` drafts have started together: a
    limit lower than expected breaks the barrier, a higher one shows in `max_active`."""

    def __init__(self, parties: int) -> None:
        self.inner = FakeGenerator(delay=0.05)
        self.model_id, self.n_ctx = self.inner.model_id, self.inner.n_ctx
        self.barrier = threading.Barrier(parties, timeout=120)
        self.active = self.max_active = 0
        self._lock = threading.Lock()

    def render(self, messages: list[Message]) -> str:
        return self.inner.render(messages)

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def close(self) -> None:
        self.inner.close()

    def stream(self, prompt: str, params: GenerationParams) -> Iterator[str]:
        with self._lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            self.barrier.wait()
            yield from self.inner.stream(prompt, params)
        finally:
            with self._lock:
                self.active -= 1


@pytest.mark.parametrize(("llm_url", "limit", "expected"),
                         [(None, 8, 1), ("http://127.0.0.1:9/v1", 8, 4),
                          ("http://127.0.0.1:9/v1", 2, 2)])
def test_drafts_run_at_once_only_with_an_engine(settings: Settings, embedder: MiniLMEmbedder,
                                                llm_url: str | None, limit: int,
                                                expected: int) -> None:
    settings = settings.model_copy(update={"llm_url": llm_url, "llm_max_concurrent": limit,
                                          "talk_drafts": True})
    gen = Gated(expected)  # the seam: no engine is called here
    with TestClient(create_app(settings, embedder=embedder, generator=gen)) as client, \
            ThreadPoolExecutor(4) as pool:
        statuses = list(pool.map(lambda q: client.post("/api/chat", json={"message": q})
                                 .status_code, [QUESTIONS[0]] * 4))  # drafted, surely
    assert statuses == [200] * 4
    assert gen.max_active == expected


# --- two replicas sharing the engine and PostgreSQL ------------------------------------------

@pytest.fixture(scope="module")
def replicas(engine: Engine, postgres: str, index_dir: Path,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Served]]:
    folder = tmp_path_factory.mktemp("replicas")
    env = {"RECONNECT_CORPUS_DIR": str(CORPUS), "RECONNECT_INDEX_DIR": str(index_dir),
           "RECONNECT_LLM_URL": engine.url, "RECONNECT_SESSIONS_URL": new_database(postgres),
           "RECONNECT_EMBED_THREADS": "1", "RECONNECT_LOG_LEVEL": "info",
           "RECONNECT_TALK_DRAFTS": "true"}  # the engine drafts for every chat here
    with reconnect_server(env | {"RECONNECT_DATA_DIR": str(folder / "a")}, folder / "a.log",
                          timeout=240) as a, \
            reconnect_server(env | {"RECONNECT_DATA_DIR": str(folder / "b")}, folder / "b.log",
                             timeout=240) as b:
        yield [a, b]


def stream_chat(base: str, message: str, session_id: str | None = None) -> list[tuple[str, dict]]:
    events = []
    with httpx.stream("POST", f"{base}/api/chat", timeout=300,
                      json={"message": message, "session_id": session_id, "stream": True}) as r:
        assert r.status_code == 200
        name = ""
        for line in r.iter_lines():
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                events.append((name, json.loads(line[6:])))
    return events


def test_replicas_use_the_engine_and_postgresql(replicas: list[Served], engine: Engine) -> None:
    for node in replicas:
        health = httpx.get(f"{node.url}/health").json()
        assert health["sessions"] == "postgresql"
        assert engine.url in health["models"]["llm"]


def test_a_conversation_continues_on_the_other_replica(replicas: list[Served]) -> None:
    a, b = replicas
    first = httpx.post(f"{a.url}/api/chat", json={"message": QUESTIONS[0]}, timeout=300)
    assert first.status_code == 200
    sid = first.json()["session_id"]
    second = httpx.post(f"{b.url}/api/chat", timeout=300,
                        json={"message": "and when is a good time to do it?", "session_id": sid})
    assert second.status_code == 200 and second.json()["session_id"] == sid
    turns = httpx.get(f"{a.url}/api/sessions/{sid}").json()["turns"]
    assert [t["role"] for t in turns] == ["user", "assistant"] * 2
    assert turns[2]["content"] == "and when is a good time to do it?"


def test_eight_concurrent_chats_over_two_replicas(replicas: list[Served],
                                                  engine: Engine) -> None:
    drafts_before = engine.drafts()
    with ThreadPoolExecutor(8) as pool:
        runs = list(pool.map(lambda n: stream_chat(replicas[n % 2].url, QUESTIONS[n]),
                             range(8)))
    results = []
    for events in runs:
        names = [e for e, _ in events]
        assert names[0] == "session" and names[-1] == "done", names
        result = events[-1][1]
        for c in result["citations"]:
            assert TEXT[c["doc"]][c["start"]:c["end"]] == c["quote"]
        results.append(result)
    drafted = sum(r["grounding"] != "none" for r in results)
    assert drafted >= 6  # these questions are all in the article
    assert engine.drafts() - drafts_before >= drafted  # the engine's log shows every draft
    assert not any(q in engine.log() for q in QUESTIONS)  # and, at its default verbosity,
    # nothing anyone wrote (docs/deploy.md)
    for n, result in enumerate(results):  # each stored, and readable on the other replica
        other = replicas[(n + 1) % 2]
        turns = httpx.get(f"{other.url}/api/sessions/{result['session_id']}").json()["turns"]
        assert [t["content"] for t in turns] == [QUESTIONS[n], result["answer"]]


def test_a_conversation_deleted_on_one_replica_mid_answer_is_never_stored(
        replicas: list[Served]) -> None:
    a, b = replicas
    with httpx.stream("POST", f"{a.url}/api/chat", timeout=300,
                      json={"message": QUESTIONS[3], "stream": True}) as r:
        lines = r.iter_lines()
        assert next(lines) == "event: session"
        sid = json.loads(next(lines)[len("data: "):])["session_id"]
        assert httpx.delete(f"{b.url}/api/sessions/{sid}").status_code == 404  # not stored yet
        assert "event: done" in "\n".join(lines)
    for node in replicas:
        assert httpx.get(f"{node.url}/api/sessions/{sid}").status_code == 404


# --- the engine stops mid-answer ---------------------------------------------------------------

def test_an_engine_stopped_mid_draft_ends_it_cleanly(spec: ModelSpec, fmt: GgufFormat,
                                                     tmp_path: Path,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    with inference_server(spec.path, tmp_path / "engine.log", n_threads=1) as doomed:
        params = GenerationParams(temperature=0.0, max_tokens=400, seed=1, repeat_penalty=1.0)
        pieces = iter(remote(doomed.url, fmt).stream(prompt_for(fmt, QUESTIONS[2]), params))
        first = next(pieces)
        doomed.stop()
        rest = "".join(pieces)  # ends, without raising, once the connection drops
    assert first and len(fmt.tokens(first + rest)) < 400
    assert "inference engine at" in caplog.text and "failed" in caplog.text


def test_a_chat_whose_engine_dies_mid_answer_gets_the_extractive_answer(
        spec: ModelSpec, settings: Settings, embedder: MiniLMEmbedder, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    """The documented behaviour: the person gets the article's own words, cited, and the
    log says why; the next chat does not wait for the dead engine."""
    caplog.set_level(logging.INFO)
    with inference_server(spec.path, tmp_path / "engine.log", n_threads=1) as doomed:
        settings = settings.model_copy(update={"llm_url": doomed.url, "max_tokens": 400,
                                              "talk_drafts": True})
        with serving(create_app(settings, embedder=embedder)) as url:
            killed = threading.Event()

            def kill_when_drafting() -> None:
                deadline = time.monotonic() + 120
                while doomed.drafts() == 0 and time.monotonic() < deadline:
                    time.sleep(0.02)
                doomed.stop()
                killed.set()

            killer = threading.Thread(target=kill_when_drafting)
            killer.start()
            events = stream_chat(url, QUESTIONS[1])
            killer.join()
            assert killed.is_set()
            started = time.monotonic()
            after = stream_chat(url, QUESTIONS[4])
            waited = time.monotonic() - started
    for run in (events, after):
        assert [e for e, _ in run][-1] == "done"
        result = run[-1][1]
        assert result["grounding"] in ("extractive", "generated")
        for c in result["citations"]:
            assert TEXT[c["doc"]][c["start"]:c["end"]] == c["quote"]
    assert after[-1][1]["grounding"] == "extractive"
    assert "inference engine at" in caplog.text and "skipped" in caplog.text
    assert waited < settings.llm_connect_timeout + 30  # no hang: retrieval and the screen only
