"""Threads that fit the machine (indexer/cpu.py): the model's thread count follows what the
rest of the machine uses, OpenMP does not spin, and the pools are capped.

Nothing here is timed: the machine's business is scripted through /proc/stat's reading.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from indexer import cpu
from indexer.cpu import CpuShare, physical_cores, usable_cpus
from server.llm import GenerationParams, LlamaGenerator, Message, resolve_model
from server.settings import Settings


class Clock:
    """/proc/stat and the monotonic clock, as a script: `advance` seconds pass while the
    rest of the machine keeps `others` CPUs busy and the work itself `own`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now, self.busy = 100.0, 5000.0
        monkeypatch.setattr(cpu.time, "monotonic", lambda: self.now)
        monkeypatch.setattr(cpu, "machine_busy_seconds", lambda: self.busy)

    def advance(self, seconds: float, others: float, own: float = 0.0,
                share: CpuShare | None = None) -> None:
        self.now += seconds
        self.busy += seconds * (others + own)
        if share is not None:
            share.spent(seconds * own)


@pytest.mark.parametrize(("cpus", "most", "others", "threads"), [
    (2, 2, 0.0, 2),    # a quiet machine: every core
    (2, 2, 0.2, 2),    # a little background work
    (2, 2, 0.5, 1),    # half a core taken: one thread, never two spinning on one core
    (2, 2, 1.0, 1),    # one CPU-bound process
    (2, 2, 3.0, 1),    # more than the machine: still one
    (8, 8, 0.0, 8),
    (8, 8, 2.6, 5),
    (8, 4, 1.0, 4),    # `most` (physical cores) caps it
])
def test_threads_follow_what_the_rest_of_the_machine_uses(
        monkeypatch: pytest.MonkeyPatch, cpus: int, most: int, others: float,
        threads: int) -> None:
    clock = Clock(monkeypatch)
    share = CpuShare(most, cpus=cpus)
    clock.advance(1.0, others)
    assert share.choose() == threads
    assert share.others == pytest.approx(others)


def test_the_work_s_own_threads_do_not_count_as_others(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock(monkeypatch)
    share = CpuShare(2, cpus=2)
    clock.advance(1.0, others=0.0, own=2.0, share=share)  # the model on both cores, alone
    assert share.choose() == 2
    clock.advance(1.0, others=1.0, own=1.0, share=share)  # a neighbour takes a core
    assert share.choose() == 1
    clock.advance(1.0, others=0.05, own=1.0, share=share)  # and leaves
    assert share.choose() == 2


def test_a_short_window_keeps_the_last_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock(monkeypatch)
    share = CpuShare(2, cpus=2, window=0.25)
    clock.advance(1.0, others=1.0)
    assert share.choose() == 1
    clock.advance(0.1, others=0.0)  # too short to tell
    assert share.choose() == 1
    clock.advance(0.3, others=0.0)  # 0.4 s of a quiet machine since the last choice
    assert share.choose() == 2


def test_cpu_counts_are_sane() -> None:
    assert 1 <= physical_cores() <= usable_cpus() <= (os.cpu_count() or 1)
    assert cpu.machine_busy_seconds() is None or cpu.machine_busy_seconds() > 0


def test_openmp_is_told_not_to_spin_before_torch_loads() -> None:
    """In a fresh process: after the embedder loads, OpenMP's wait policy is passive (a
    setting the person made is kept), and every pool, seen from a request's thread, holds
    the threads it was given."""
    script = ("import os\n"
              "from indexer.embedding import MiniLMEmbedder\n"
              "import torch\n"
              "from indexer.cpu import limit_threads\n"
              "import threadpoolctl\n"
              "MiniLMEmbedder(threads=1)\n"
              "from indexer.store import load_faiss\n"
              "load_faiss(); limit_threads(1)\n"
              "import threading\n"
              "info = []\n"
              "t = threading.Thread(target=lambda: info.extend(threadpoolctl.threadpool_info()))\n"
              "t.start(); t.join()\n"
              "print(os.environ['OMP_WAIT_POLICY'], torch.get_num_threads(),"
              " max(p['num_threads'] for p in info))\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("OMP_")}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == ["PASSIVE", "1", "1"]  # on another thread too, as requests run
    env["OMP_WAIT_POLICY"] = "ACTIVE"
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out[0] == "ACTIVE"


@pytest.mark.real_llm
def test_the_model_drops_to_one_thread_on_a_busy_machine_and_answers_the_same(
        monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(temperature=0.0)
    spec = resolve_model(settings.model, settings.data_dir, settings.prompts_dir)
    clock = Clock(monkeypatch)
    fixed = LlamaGenerator(spec, n_ctx=1024, n_threads=2, seed=1)
    adaptive = LlamaGenerator(spec, n_ctx=1024, n_threads=None, seed=1)
    assert adaptive.share is not None
    adaptive.share.most = 2  # as on a 2-core machine, whatever this one has
    prompt = fixed.render([Message("user", "How can we feel close again?")])
    params = GenerationParams(temperature=0.0, max_tokens=24, seed=1, repeat_penalty=1.1)
    clock.advance(1.0, others=1.0)  # a CPU-bound neighbour
    answer = "".join(adaptive.stream(prompt, params))
    assert adaptive._llm.n_threads == 1
    assert answer == "".join(fixed.stream(prompt, params))  # threads change speed, not words
