"""Load and memory: concurrent chats and excerpts on a warm server, and RSS over many chats.

Everything runs against the real app (real index, embedder, safety screen and language
model) under uvicorn on a local socket; the server shares this process, so RSS is read
from /proc/self/status (the clients' threads add little). Each figure is printed next to
a baseline measured in the same run: one request alone, or RSS after warm-up.
"""

from __future__ import annotations

import asyncio
import gc
import threading
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path

import httpx

from eval.serving import serving
from eval.stats import ms, p50, p95
from indexer.build import build_index
from indexer.embedding import MiniLMEmbedder, minilm_id
from server.http.app import create_app
from server.http.queue import WaitQueue
from server.http.worker import Worker
from server.llm import Generator
from server.memory import give_back
from server.runtime import load_generator
from server.settings import ROOT, Settings

# Everyday openings, two per theme of the article; a number makes each one new text.
OPENINGS = [
    "How do I bring up feeling distant with my husband?",
    "we only ever talk about the kids' schedules, is that normal?",
    "What small things can we do every day to feel closer?",
    "My wife seems less bothered by the distance than I am.",
    "Should we try couples therapy or work on it ourselves?",
    "How can we get physical affection back without pressure?",
    "We went on vacation to fix things and came back feeling worse.",
    "What does reconnecting feel like when it's working?",
    "Is it normal to drift apart after having a baby?",
    "How do old unresolved fights get in the way?",
]
FOLLOW_UPS = ["when is the best time to do it?", "what if they don't want to talk?",
              "how long does it usually take?", "what should I say first?",
              "is it my fault?"]
TOPICS = ["physical affection", "couples therapy", "daily check-ins", "shared laughter",
          "starting the conversation", "after a new baby", "unresolved arguments",
          "feeling like roommates", "small rituals", "turning toward bids"]


def collect_earlier_parts() -> float:
    """Free what earlier parts of the benchmark left behind (their apps, models and
    builds, garbage by now), so RSS is this part's server's; the RSS after it."""
    gc.collect()
    give_back()
    return rss_mb()


def rss_mb() -> float:
    """Resident memory of this process, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _settings(workdir: Path, embedder: MiniLMEmbedder, **overrides: object) -> Settings:
    index_dir = workdir / "full"
    if not index_dir.exists():
        build_index(ROOT / "corpus", index_dir, minilm_id(), lambda: embedder)
    return Settings(corpus_dir=ROOT / "corpus", data_dir=workdir / "load", index_dir=index_dir,
                    **overrides)  # type: ignore[arg-type]


def _chat(client: httpx.Client, message: str, session_id: str | None = None
          ) -> tuple[int, float, str | None]:
    started = time.perf_counter()
    r = client.post("/api/chat", json={"message": message, "session_id": session_id})
    sid = r.json().get("session_id") if r.status_code == 200 else None
    return r.status_code, time.perf_counter() - started, sid


def _job(client: httpx.Client, jobs: list[tuple[str, str | None]], i: int
         ) -> tuple[int, float, str | None]:
    return _chat(client, *jobs[i])


def _concurrently(n: int, job: Callable[[int], tuple[int, float, str | None]]
                  ) -> list[tuple[int, float, str | None]]:
    results: list[tuple[int, float, str | None]] = [(0, 0.0, None)] * n
    barrier = threading.Barrier(n)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = job(i)
        except httpx.HTTPError as exc:
            results[i] = (0, 0.0, type(exc).__name__)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _report(label: str, results: list[tuple[int, float, str | None]]) -> list[float]:
    ok = [seconds for status, seconds, _ in results if status == 200]
    busy = [seconds for status, seconds, _ in results if status == 503]
    other = Counter(str(status or note) for status, _, note in results
                    if status not in (200, 503))
    line = (f"{label}: {len(ok)} answered, {len(busy)} busy (503 + Retry-After), "
            f"{sum(other.values())} errors")
    if other:
        line += " (" + ", ".join(f"{kind} x{n}" for kind, n in sorted(other.items())) + ")"
    if ok:
        line += f"; answered p50 {p50(ok):.2f} s, p95 {p95(ok):.2f} s"
    if busy:
        line += f"; busy answered in p95 {ms(p95(busy))}"
    print(line)
    return ok


def bench_load(embedder: MiniLMEmbedder, workdir: Path, generator: Generator | None = None,
               chats: int = 20, excerpts: int = 200) -> None:
    settings = _settings(workdir, embedder)
    generator = generator or load_generator(settings)
    print(f"\n## Load: {chats} concurrent chats, {excerpts} concurrent excerpts (warm server, "
          f"model {generator.model_id})")
    rss_start = collect_earlier_parts()
    app = create_app(settings, embedder=embedder, generator=generator)
    with serving(app) as url, httpx.Client(base_url=url, timeout=3600) as client:
        _chat(client, "warm up: how do we reconnect?")
        alone = [_chat(client, f"{OPENINGS[i]} ({i})")[1] for i in range(3)]
        # The same server twice: with the default bound, then with room for all to wait.
        for max_waiting in (settings.max_waiting, chats - 1):
            app.state.queue = WaitQueue(max_waiting)
            app.state.worker = Worker.for_queue(app.state.queue)
            before = rss_mb()
            results = _concurrently(chats, lambda i: _chat(client, f"{OPENINGS[i % 10]} [{i}]"))
            ok = _report(f"{chats} concurrent chats, max_waiting {max_waiting}", results)
            print(f"   baseline, one chat alone: p50 {p50(alone):.2f} s"
                  + (f" -> answered p95 is {p95(ok) / p50(alone):.1f}x" if ok else ""))
            print(f"   RSS before {before:.0f} MB, after {rss_mb():.0f} MB (target <= 1100 MB)")

        before = rss_mb()
        excerpt_alone, excerpt_results = asyncio.run(_excerpts(url, excerpts))
        ok = _report(f"{excerpts} concurrent excerpts", excerpt_results)
        print(f"   baseline, one request alone: p50 {ms(p50(excerpt_alone))}"
              + (f" -> concurrent p50 is {p50(ok) / p50(excerpt_alone):.1f}x" if ok else ""))
        print(f"   RSS before {before:.0f} MB, after {rss_mb():.0f} MB "
              f"(at the start of this part: {rss_start:.0f} MB)")


async def _excerpts(url: str, n: int
                    ) -> tuple[list[float], list[tuple[int, float, str | None]]]:
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    async with httpx.AsyncClient(base_url=url, timeout=600, limits=limits) as client:
        async def one(i: int) -> tuple[int, float, str | None]:
            started = time.perf_counter()
            try:
                r = await client.get("/api/excerpts",
                                     params={"topic": f"{TOPICS[i % 10]} {i}", "k": 3})
            except httpx.HTTPError as exc:
                return 0, 0.0, type(exc).__name__
            return r.status_code, time.perf_counter() - started, None

        alone = []
        for i in range(10):
            _, seconds, _ = await one(1000 + i)
            alone.append(seconds)
        return alone, list(await asyncio.gather(*(one(i) for i in range(n))))


def bench_memory(embedder: MiniLMEmbedder, workdir: Path, chats: int = 300, sessions: int = 50,
                 generator: Generator | None = None) -> None:
    settings = _settings(workdir, embedder)
    generator = generator or load_generator(settings)
    print(f"\n## Memory: {chats} chats in {sessions} conversations, 4 clients at a time "
          f"(model {generator.model_id})")
    collect_earlier_parts()
    app = create_app(settings, embedder=embedder, generator=generator)
    turns = max(1, chats // sessions)
    with serving(app) as url, httpx.Client(base_url=url, timeout=3600) as client:
        _chat(client, "warm up: how do we reconnect?")
        samples = [(0, rss_mb())]
        done = 0
        errors = 0
        for first in range(0, sessions, 4):  # four conversations at a time, turn by turn
            group = range(first, min(first + 4, sessions))
            ids: dict[int, str | None] = dict.fromkeys(group)
            for turn in range(turns):
                jobs = [(f"{OPENINGS[s % 10]} ({s})" if turn == 0
                         else f"{FOLLOW_UPS[(s + turn) % 5]} ({s}.{turn})", ids[s])
                        for s in group]
                results = _concurrently(len(jobs), partial(_job, client, jobs))
                for s, (status, _, sid) in zip(group, results, strict=True):
                    ids[s] = sid or ids[s]
                    errors += status != 200
                done += len(group)
                if done % 100 < len(group) or done == chats:
                    samples.append((done, rss_mb()))
    print("RSS: " + ", ".join(f"{mb:.0f} MB after {n}" for n, mb in samples)
          + f" ({errors} errors; target <= 1100 MB and flat)")
    last = [mb for n, mb in samples if n >= chats - 100]
    if len(last) >= 2:
        growth = (last[-1] - last[0]) / last[0]
        print(f"growth over the last 100 chats: {growth:+.1%} (target < 5%); "
              f"baseline, RSS after warm-up: {samples[0][1]:.0f} MB "
              f"-> after all {chats}: {samples[-1][1] / samples[0][1]:.2f}x")
