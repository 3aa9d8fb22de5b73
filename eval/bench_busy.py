"""A busy machine: Reconnect beside a CPU-bound process, and two Reconnects answering at once.

Each server is `reconnect serve` in its own process, as people run it. The CPU-bound
process is a pure-Python loop, started by this process: once in this session (as a
supervisor, CI or the eval starts a neighbour: the same parent, the same autogroup for
the scheduler) and once in a session of its own (as another terminal or a service
would). Chat is timed as a person sees it (streamed: the first answer text and the whole
reply); Say it gently, whose drafts come from the language model, is timed as a whole.
Every figure is a ratio to the same requests on the same server with nothing beside it,
measured in this run.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from eval.bench_chat import QUESTIONS
from eval.serving import Served, cpu_hog, reconnect_server, timed_chat
from eval.stats import p50, p95
from server.settings import ROOT

COMPLAINTS = ["You never put your phone down when I'm talking to you.",
              "You always make plans with your friends and forget about us.",
              "You haven't touched me in weeks and you act like it's fine.",
              "Every evening you disappear into the garage.",
              "You only ever talk to me about the kids' schedules."]


@dataclass
class Timings:
    """One phase: seconds to the first chat text, to the whole chat reply, and per rephrase."""

    first: list[float] = field(default_factory=list)
    chat: list[float] = field(default_factory=list)
    gently: list[float] = field(default_factory=list)
    errors: int = 0


def ask(url: str, n: int, timings: Timings, tag: str = "") -> None:
    """`n` chats (new conversations, streamed) and `n // 2` rephrasings, one after another."""
    with httpx.Client(base_url=url, timeout=600) as client:
        for i in range(n):
            first, total, grounding = timed_chat(client, "/api/chat",
                                                 f"{QUESTIONS[i % len(QUESTIONS)]}{tag}")
            if grounding is None:
                timings.errors += 1
            timings.first.append(first)
            timings.chat.append(total)
        for i in range(max(1, n // 2)):
            started = time.perf_counter()
            r = client.post("/api/rephrase", json={"text": f"{COMPLAINTS[i % 5]}{tag}"})
            timings.errors += r.status_code != 200
            timings.gently.append(time.perf_counter() - started)


def server_env(workdir: Path, index_dir: Path, name: str,
               overrides: dict[str, str]) -> dict[str, str]:
    return {"RECONNECT_CORPUS_DIR": str(ROOT / "corpus"), "RECONNECT_INDEX_DIR": str(index_dir),
            "RECONNECT_DATA_DIR": str(workdir / name), "RECONNECT_PERSIST_SESSIONS": "false",
            "RECONNECT_LOG_LEVEL": "warning",
            **{f"RECONNECT_{k.upper()}": v for k, v in overrides.items()}}


def warm(served: Served) -> None:
    with httpx.Client(base_url=served.url, timeout=600) as client:
        client.post("/api/chat", json={"message": "warm up: how do we reconnect?"})
        client.post("/api/rephrase", json={"text": "You never listen to me."})


def bench_busy(workdir: Path, index_dir: Path, chats: int = 10,
               overrides: dict[str, str] | None = None) -> None:
    overrides = overrides or {}
    print(f"\n## A busy machine: `reconnect serve` beside a CPU-bound process, and two at once "
          f"({chats} chats and {max(1, chats // 2)} Say-it-gently per phase)")
    env_a = server_env(workdir, index_dir, "busy-a", overrides)
    env_b = server_env(workdir, index_dir, "busy-b", overrides)
    with reconnect_server(env_a, workdir / "busy-a.log") as a:
        warm(a)
        phases: dict[str, Timings] = {}
        phases["alone"] = Timings()
        ask(a.url, chats, phases["alone"], " (alone)")
        with cpu_hog():
            phases["hog, same parent"] = Timings()
            ask(a.url, chats, phases["hog, same parent"], " (same parent)")
        with cpu_hog(new_session=True):
            phases["hog, own session"] = Timings()
            ask(a.url, chats, phases["hog, own session"], " (own session)")
        with reconnect_server(env_b, workdir / "busy-b.log", new_session=True) as b:
            warm(b)
            both = Timings()
            runs = [threading.Thread(target=ask, args=(s.url, chats, both, f" (both {n})"))
                    for n, s in enumerate((a, b))]
            for run in runs:
                run.start()
            for run in runs:
                run.join()
            phases["two Reconnects at once"] = both

    alone = phases["alone"]
    print(f"{'':28}{'chat p50':>10}{'chat p95':>10}{'first text p95':>16}{'gently p50':>12}"
          f"{'errors':>8}")
    for name, t in phases.items():
        print(f"{name:28}{p50(t.chat):>9.2f}s{p95(t.chat):>9.2f}s{p95(t.first):>15.2f}s"
              f"{p50(t.gently):>11.2f}s{t.errors:>8}")

    def ratio(x: float, base: float) -> str:
        return f"{x / base:.2f}x" if base else "n/a"

    for name in ("hog, same parent", "hog, own session"):
        t = phases[name]
        print(f"beside one CPU-bound process ({name}): chat p50 "
              f"{ratio(p50(t.chat), p50(alone.chat))} of alone (target <= 2.2x); Say it gently p50 "
              f"{ratio(p50(t.gently), p50(alone.gently))}")
    print(f"two Reconnect processes answering at once: chat p95 "
          f"{ratio(p95(both.chat), p95(alone.chat))} of one alone (target <= 3x); Say it "
          f"gently p95 {ratio(p95(both.gently), p95(alone.gently))}")
