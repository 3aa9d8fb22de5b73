"""Threads for the blocking work of chats and Say it gently, off the event loop.

Every admitted request runs on its own thread, so one person's retrieval, safety screen and
composed answer never wait for another's draft: the model's lock is the ModelGate in front
of the generator (server/llm/gate.py), held only while the model works. The pool has a
thread for every request the wait queue admits (server/http/queue.py), so a request waiting
for the model never keeps another from starting.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from starlette.requests import Request

from server.http.queue import WaitQueue
from server.llm.gate import cancelled_by

T = TypeVar("T")
DISCONNECT_POLL = 0.25  # seconds between looks at whether a client has hung up


class Worker:
    """Runs blocking work off the event loop, up to `threads` calls at once; each call
    carries its request's cancel event to the model's gate."""

    def __init__(self, threads: int = 1) -> None:
        self.executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="job")
        self.threads = threads

    @classmethod
    def for_queue(cls, queue: WaitQueue) -> Worker:
        """A thread for every request the queue admits, and one for closing streams (threads
        start only when needed)."""
        return cls(queue.capacity + 1)

    async def run(self, func: Callable[..., T], *args: Any,
                  cancel: threading.Event | None = None) -> T:
        """`func(*args)` on a worker thread; a generation inside it that is still waiting for
        the model gives up once `cancel` is set."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, _call, cancel, func, args)

    async def next(self, events: Iterator[T], cancel: threading.Event | None = None
                   ) -> T | None:
        """The next item of a blocking generator, run on a worker thread; None when done."""
        return await self.run(next, events, None, cancel=cancel)

    def close_later(self, events: Iterator[Any]) -> None:
        """Stop a generator on a worker thread, once no thread is running it (a cancelled
        request may have left it running; its cancel event makes it end soon)."""
        close = getattr(events, "close", None)
        if close is not None:
            self.executor.submit(_when_idle, close)

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True)


class ClientGone(threading.Event):
    """A request's cancel event: set when its client hangs up (by `cancel_on_disconnect`,
    which looks every DISCONNECT_POLL seconds), and `confirm` asks the connection at once,
    from any thread, so the model's gate can check just before a draft starts."""

    def __init__(self, request: Request) -> None:
        super().__init__()
        self._request = request
        self._loop = asyncio.get_running_loop()

    def confirm(self) -> bool:
        if not self.is_set():
            asked = asyncio.run_coroutine_threadsafe(self._request.is_disconnected(), self._loop)
            with contextlib.suppress(Exception):  # no answer in time: the client is there
                if asked.result(timeout=1.0):
                    self.set()
        return self.is_set()


def _call(cancel: threading.Event | None, func: Callable[..., T], args: tuple[Any, ...]) -> T:
    with cancelled_by(cancel):
        return func(*args)


def _when_idle(close: Callable[[], object], tries: int = 1200) -> None:
    """Close a generator that another thread may be running (then ValueError: retry)."""
    for _ in range(tries):
        try:
            close()
            return
        except ValueError:  # "generator already executing"
            time.sleep(0.05)
        except Exception:  # a cancelled generation may raise while closing
            return


@contextlib.asynccontextmanager
async def cancel_on_disconnect(request: Request, cancel: threading.Event) -> AsyncIterator[None]:
    """Sets `cancel` when the client hangs up: a reply that is not streamed has no other way
    to notice before it is finished, and a request waiting for the model gives up its turn."""

    async def watch() -> None:
        while not await request.is_disconnected():
            await asyncio.sleep(DISCONNECT_POLL)
        cancel.set()

    watcher = asyncio.create_task(watch())
    try:
        yield
    finally:
        watcher.cancel()
