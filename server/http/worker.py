"""Inference threads and a lock: whole generations run one at a time with the local model.

The local model is not thread-safe, so every generation runs on one thread while
holding the lock for its whole length, streaming included: concurrent requests queue
instead of corrupting each other. An inference server (llm_url) batches drafts itself,
so then the lock admits llm_max_concurrent generations at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class Worker:
    """Runs blocking model work off the event loop, `concurrency` generations at a time.

    One for the local model. With an inference server (llm_url) there is no shared model
    state here, so up to llm_max_concurrent drafts run at once, each on its own thread.
    """

    def __init__(self, concurrency: int = 1) -> None:
        self.executor = ThreadPoolExecutor(max_workers=concurrency,
                                           thread_name_prefix="inference")
        self.lock = asyncio.Semaphore(concurrency)  # held around whole generations
        self.concurrency = concurrency

    async def run(self, func: Callable[..., T], *args: Any) -> T:
        """Call `func(*args)` on the inference thread (hold `lock` around whole generations)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, func, *args)

    async def next(self, events: Iterator[T]) -> T | None:
        """The next item of a generator running on the inference thread; None when done."""
        return await self.run(next, events, None)

    def close_later(self, events: Iterator[Any]) -> None:
        """Stop a generation; queued on the inference thread, so it runs before the next one.

        With several threads the generation may still be running on another one; then
        closing waits for it to yield.
        """
        close = getattr(events, "close", None)
        if close is not None:
            self.executor.submit(_quietly if self.concurrency == 1 else _when_idle, close)

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True)


def _quietly(close: Callable[[], object]) -> None:
    with contextlib.suppress(Exception):  # a cancelled generation may raise while closing
        close()


def _when_idle(close: Callable[[], object], tries: int = 600) -> None:
    """Close a generator that another thread may be running (then ValueError: retry)."""
    for _ in range(tries):
        try:
            close()
            return
        except ValueError:  # "generator already executing"
            time.sleep(0.05)
        except Exception:  # a cancelled generation may raise while closing
            return
