"""A bound on the requests waiting for the language model.

The model answers one request at a time (server/http/worker.py); without a bound, a burst
queues without end and everyone waits longer and longer. With it, at most `max_waiting`
wait while one is answered, and the next gets 503 with a Retry-After of about the time
one answer takes (measured between slots freeing up while others were waiting).
"""

from __future__ import annotations

import math
import time
from collections import deque

from server.errors import ReconnectError

DEFAULT_RETRY_SECONDS = 2
MAX_RETRY_SECONDS = 60


class Busy(ReconnectError):
    "Too many requests are already waiting for the language model; try again shortly."

    status = 503

    def __init__(self, retry_after: int) -> None:
        super().__init__("the assistant is answering other requests just now; please try "
                         f"again in about {retry_after} seconds")
        self.retry_after = retry_after
        self.headers = {"Retry-After": str(retry_after)}


class WaitQueue:
    """Admits the requests being answered (`running`) plus `max_waiting` waiting; refuses
    the rest."""

    def __init__(self, max_waiting: int, running: int = 1) -> None:
        self.capacity = max_waiting + running
        self.admitted = 0
        self._gaps: deque[float] = deque(maxlen=8)  # recent times between frees under load
        self._busy_since: float | None = None  # the last free that left others admitted

    def enter(self) -> Ticket:
        """A slot, released by the ticket; Busy when every slot is taken."""
        if self.admitted >= self.capacity:
            raise Busy(self.retry_after())
        self.admitted += 1
        return Ticket(self)

    def retry_after(self) -> int:
        """Seconds until a slot is likely to be free: the recent time one answer took."""
        if not self._gaps:
            return DEFAULT_RETRY_SECONDS
        gap = sum(self._gaps) / len(self._gaps)
        return max(1, min(MAX_RETRY_SECONDS, math.ceil(gap)))

    def _release(self) -> None:
        now = time.monotonic()
        if self._busy_since is not None:  # the queue was never empty since the last free
            self._gaps.append(now - self._busy_since)
        self.admitted -= 1
        self._busy_since = now if self.admitted > 0 else None


class Ticket:
    """One admitted request's slot; releasing it twice is harmless."""

    def __init__(self, queue: WaitQueue) -> None:
        self._queue: WaitQueue | None = queue

    def release(self) -> None:
        if self._queue is not None:
            self._queue._release()
            self._queue = None

    def __enter__(self) -> Ticket:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
