"""Resident memory: fewer malloc arenas, and freed memory handed back to the system.

glibc gives each thread that finds the others' arenas busy a new one, up to eight per core,
and keeps what is freed in them for reuse. With torch working on many request threads that
is tens of MB per arena, and building an index in the same process (the benchmark, the
eval) leaves about 400 MB freed but resident. Two arenas are plenty for a server whose
heavy work runs on one model thread at a time; `give_back` returns the free pages after
the models load. Both are no-ops off glibc.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger(__name__)

M_ARENA_MAX = -8  # mallopt's parameter number, from glibc's malloc.h
ARENAS = 2


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    if libc is None or not hasattr(libc, "mallopt") or not hasattr(libc, "malloc_trim"):
        return None  # not glibc (musl, macOS)
    return libc


def cap_arenas(arenas: int = ARENAS) -> None:
    """At most `arenas` malloc arenas from now on (MALLOC_ARENA_MAX, if set, wins)."""
    import os

    libc = _libc()
    if libc is not None and "MALLOC_ARENA_MAX" not in os.environ:
        libc.mallopt(M_ARENA_MAX, arenas)


def give_back() -> None:
    """Return the free memory at the top and inside of every arena to the system."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
