"""How many threads this process should run, and how the numeric libraries are told.

Three libraries bring their own thread pools: llama.cpp (the language model), torch (the
embedder) and FAISS. All three wait for their threads by spinning: llama.cpp's barrier
between the operations of a token never yields the CPU, and OpenMP (torch's and FAISS's
copies of libgomp) spins for a while after every parallel region unless told otherwise.
A spinning thread that waits for a thread the scheduler has put aside burns its whole
time slice, so as soon as the machine is busy (another program, a second Reconnect, the
chats of this one) more threads than free cores turn a one-second answer into a minute.

So: OpenMP sleeps instead of spinning (`OMP_WAIT_POLICY=PASSIVE`, set before torch or FAISS
is loaded), torch and FAISS use one thread by default (an embedding of one message gains
nothing from two), and the language model picks its thread count before every step from
what the rest of the machine is using (`CpuShare`).
"""

from __future__ import annotations

import math
import os
import sys
import time
from pathlib import Path

# Environment the OpenMP runtimes read once, when they are loaded. Set only where the person
# has not set them.
QUIET_OPENMP = {"OMP_WAIT_POLICY": "PASSIVE"}

CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def quiet_openmp(threads: int = 1) -> None:
    """No spinning in OpenMP's thread pools, and `threads` threads in each; call before torch
    or FAISS is imported. (The thread count must come from the environment: OpenMP's
    omp_set_num_threads only reaches the thread that calls it, and requests run on many.)"""
    for key, value in {**QUIET_OPENMP, "OMP_NUM_THREADS": str(threads)}.items():
        os.environ.setdefault(key, value)


def limit_threads(threads: int) -> None:
    """At most `threads` threads in every OpenMP and BLAS pool loaded so far (torch's and
    FAISS's OpenMP, the OpenBLAS copies of NumPy, SciPy and FAISS), torch's own included."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=threads)
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(threads)
    faiss = sys.modules.get("faiss")
    if faiss is not None:
        faiss.omp_set_num_threads(threads)


def usable_cpus() -> int:
    """CPUs this process may run on: its affinity mask, then any cgroup CPU quota."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    quota = _cgroup_quota()
    return max(1, min(cpus, math.ceil(quota)) if quota else cpus)


def physical_cores() -> int:
    """Cores among the usable CPUs, hyperthread siblings counted once (llama.cpp gains nothing
    from a sibling); at most usable_cpus()."""
    try:
        allowed = sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return usable_cpus()
    cores = set()
    for cpu in allowed:
        topology = Path(f"/sys/devices/system/cpu/cpu{cpu}/topology")
        try:
            cores.add((topology.joinpath("physical_package_id").read_text().strip(),
                       topology.joinpath("core_id").read_text().strip()))
        except OSError:
            cores.add(("?", str(cpu)))
    return max(1, min(len(cores), usable_cpus()))


def _cgroup_quota() -> float | None:
    """The CPU quota of this process's cgroup, in CPUs, or None when there is none."""
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]  # cgroup v2
        return None if quota == "max" else int(quota) / int(period)
    except (OSError, ValueError):
        pass
    for folder in ("/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpu,cpuacct"):  # cgroup v1
        try:
            quota_us = int(Path(folder, "cpu.cfs_quota_us").read_text())
            period_us = int(Path(folder, "cpu.cfs_period_us").read_text())
        except (OSError, ValueError):
            continue
        return None if quota_us <= 0 else quota_us / period_us
    return None


def machine_busy_seconds() -> float | None:
    """CPU-seconds all CPUs have spent working since boot (/proc/stat), or None off Linux."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            fields = f.readline().split()
    except OSError:
        return None
    # user nice system idle iowait irq softirq steal (guest time is inside user)
    ticks = [int(x) for x in fields[1:9]]
    return (sum(ticks) - ticks[3] - ticks[4]) / CLK_TCK


class CpuShare:
    """Chooses a thread count for the next step of work from how busy the machine was
    since the last choice, not counting this work's own threads.

    `others` is the CPUs everything else used (other programs, and this process's other
    threads: a chat being embedded competes with the model like any program). The choice is
    the free CPUs, rounded down after a small allowance, between 1 and `most`. A window
    shorter than `window` seconds keeps the previous choice, so choosing costs two reads of
    /proc/stat per quarter second at most.
    """

    def __init__(self, most: int, cpus: int | None = None, window: float = 0.25) -> None:
        self.most = max(1, most)
        self.cpus = cpus or usable_cpus()
        self.window = window
        self.threads = self.most
        self.others = 0.0
        self._since = time.monotonic()
        self._busy_at_since = machine_busy_seconds()
        self._own = 0.0  # CPU-seconds of the work's own threads since `_since`

    def spent(self, cpu_seconds: float) -> None:
        """Report CPU-seconds the work's own threads used since the last call."""
        self._own += cpu_seconds

    def choose(self) -> int:
        now = time.monotonic()
        elapsed = now - self._since
        if elapsed < self.window or self._busy_at_since is None:
            return self.threads
        busy = machine_busy_seconds()
        if busy is None:
            return self.threads
        self.others = max(0.0, (busy - self._busy_at_since - self._own) / elapsed)
        self.threads = max(1, min(self.most, math.floor(self.cpus - self.others + 0.3)))
        self._since, self._busy_at_since, self._own = now, busy, 0.0
        return self.threads
