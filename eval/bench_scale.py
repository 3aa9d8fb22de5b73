"""Eight people chatting at once: the local model, one draft at a time through its gate
(server/llm/gate.py: only drafts wait for it, never an answer's text), against the same
model on an OpenAI-compatible inference server on the same machine (`python -m
llama_cpp.server`), with drafts sent concurrently. Both measured in this run. The first
answer text p95 of the local model has a target of its own: 0.5 s.

Throughput is finished chats per minute over the wall time of each wave of eight; the
time to the first answer text is from sending a message to its first `delta` event.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

from eval.bench_chat import QUESTIONS
from eval.serving import inference_server, serving, timed_chat
from eval.stats import p50, p95
from indexer.build import build_index
from indexer.cpu import physical_cores
from indexer.embedding import MiniLMEmbedder, minilm_id
from server.http.app import create_app
from server.llm import resolve_model
from server.settings import ROOT, Settings

PEOPLE = 8


@dataclass
class Wave:
    """What one mode measured over its waves of concurrent chats."""

    seconds: float
    chats: int
    firsts: list[float]
    totals: list[float]
    grounding: list[str]

    @property
    def per_minute(self) -> float:
        return 60 * self.chats / self.seconds


def one_chat(url: str, message: str, go: threading.Barrier) -> tuple[float, float, str]:
    go.wait()
    with httpx.Client(timeout=None) as client:  # the eighth local chat waits for seven answers
        first, total, grounding = timed_chat(client, f"{url}/api/chat", message)
    return first, total, grounding or "?"


def waves(url: str, rounds: int) -> Wave:
    result = Wave(0.0, 0, [], [], [])
    httpx.post(f"{url}/api/chat", json={"message": "warm up: how do we reconnect?"}, timeout=None)
    for r in range(rounds):
        go = threading.Barrier(PEOPLE)
        questions = [QUESTIONS[(r * PEOPLE + i) % len(QUESTIONS)] for i in range(PEOPLE)]
        started = time.perf_counter()
        with ThreadPoolExecutor(PEOPLE) as pool:
            done = list(pool.map(one_chat, [url] * PEOPLE, questions, [go] * PEOPLE))
        result.seconds += time.perf_counter() - started
        result.chats += len(done)
        for first, total, grounding in done:
            result.firsts.append(first)
            result.totals.append(total)
            result.grounding.append(grounding)
    return result


def bench_scale(embedder: MiniLMEmbedder, workdir: Path, rounds: int = 2,
                max_tokens: int | None = None) -> None:
    """`max_tokens` (default: the setting's) shortens every draft alike, for a busy machine."""
    print(f"\n## {PEOPLE} concurrent chats: local model (drafts one at a time through its gate) "
          "against the same model on an inference server, same machine")
    index_dir = workdir / "full"
    if not index_dir.exists():
        build_index(ROOT / "corpus", index_dir, minilm_id(), lambda: embedder)
    settings = Settings(corpus_dir=ROOT / "corpus", data_dir=workdir, index_dir=index_dir,
                        persist_sessions=False)
    if max_tokens is not None:
        settings = settings.model_copy(update={"max_tokens": max_tokens})
    threads = settings.n_threads or physical_cores()
    print(f"max_tokens {settings.max_tokens}, n_threads {threads} in both (the local model "
          "fewer when the machine is busy)")
    with serving(create_app(settings, embedder=embedder)) as url:
        local = waves(url, rounds)
    spec = resolve_model(settings.model, settings.data_dir, settings.prompts_dir)
    with inference_server(spec.path, workdir / "engine.log", n_ctx=settings.n_ctx,
                          n_threads=threads) as engine:
        remote_settings = settings.model_copy(update={"llm_url": engine.url})
        with serving(create_app(remote_settings, embedder=embedder)) as url:
            remote = waves(url, rounds)
    print(f"{'':38}{'local (baseline)':>18}{'inference server':>18}{'ratio':>8}")
    rows = [("throughput, chats per minute", local.per_minute, remote.per_minute, "{:.1f}"),
            ("first answer text p50, s", p50(local.firsts), p50(remote.firsts), "{:.2f}"),
            ("first answer text p95, s", p95(local.firsts), p95(remote.firsts), "{:.2f}"),
            ("whole answer p95, s", p95(local.totals), p95(remote.totals), "{:.2f}")]
    for name, base, ours, fmt in rows:
        print(f"{name:38}{fmt.format(base):>18}{fmt.format(ours):>18}"
              f"{ours / base if base else 0:>7.2f}x")
    print(f"local model, {PEOPLE} at once: first answer text p95 {p95(local.firsts):.2f} s "
          f"(target <= 0.5 s), whole reply p95 {p95(local.totals):.2f} s")
    for label, wave in (("local", local), ("inference server", remote)):
        print(f"paths taken, {label}: " + ", ".join(
            f"{g} {wave.grounding.count(g)}" for g in sorted(set(wave.grounding))))
    print(f"{local.chats} chats per mode in waves of {PEOPLE}; llama-cpp-python's server also "
          "decodes one draft at a time (no batching): what can overlap is retrieval, screening "
          "and verification with drafting")
