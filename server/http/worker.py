"""One inference thread and one lock: whole generations run one at a time.

The local model is not thread-safe, so every generation runs on this thread while
holding the lock for its whole length, streaming included: concurrent requests queue
instead of corrupting each other.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class Worker:
    """Runs blocking model work off the event loop, one generation at a time."""

    def __init__(self) -> None:
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="inference")
        self.lock = asyncio.Lock()

    async def run(self, func: Callable[..., T], *args: Any) -> T:
        """Call `func(*args)` on the inference thread (hold `lock` around whole generations)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, func, *args)

    async def next(self, events: Iterator[T]) -> T | None:
        """The next item of a generator running on the inference thread; None when done."""
        return await self.run(next, events, None)

    def close_later(self, events: Iterator[Any]) -> None:
        """Stop a generation; queued on the inference thread, so it runs before the next one."""
        close = getattr(events, "close", None)
        if close is not None:
            self.executor.submit(_quietly, close)

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True)


def _quietly(close: Callable[[], object]) -> None:
    with contextlib.suppress(Exception):  # a cancelled generation may raise while closing
        close()
