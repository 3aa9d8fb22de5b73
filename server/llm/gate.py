"""The model's lock, held only while the model works: `ModelGate` admits `slots` generations
at a time, in the order they asked.

The lock used to be taken by the HTTP routes around a whole chat, so a chat's answer, chosen
and composed without the model in a few milliseconds, waited for every draft ahead of it.
Now the gate sits in front of the generator: retrieval, the safety screen, choosing and
composing the answer run for every admitted request at once, and only `stream` waits, from
its first step to its end. One slot for the local model (llama.cpp's context is not
thread-safe); `llm_max_concurrent` for an inference server, which batches drafts itself.

A request that waits for its turn can be called off: the thread that runs it names its
cancel event with `cancelled_by`, and a set event ends the wait with GenerationCancelled
before the model is touched, so a person who gave up costs no draft. An event with a
`confirm()` method (server/http/worker.ClientGone) is asked once more as the turn comes.
"""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from collections.abc import Iterator

from server.errors import GenerationCancelled
from server.llm import GenerationParams, Generator, Message

POLL_SECONDS = 0.05  # how often a waiting request looks at its cancel event

_current = threading.local()


@contextlib.contextmanager
def cancelled_by(cancel: threading.Event | None) -> Iterator[None]:
    """Within this block, on this thread, a generation waiting at a gate gives up once
    `cancel` is set."""
    saved = getattr(_current, "cancel", None)
    _current.cancel = cancel
    try:
        yield
    finally:
        _current.cancel = saved


class ModelGate:
    """A Generator that lets `slots` streams of the one behind it run at a time, first come
    first served; rendering and counting tokens never wait."""

    def __init__(self, inner: Generator, slots: int = 1) -> None:
        self.inner = inner
        self.slots = slots
        self.model_id = inner.model_id
        self.n_ctx = inner.n_ctx
        self._turns: deque[object] = deque()  # waiting streams, oldest first
        self._running = 0
        self._changed = threading.Condition()

    @property
    def running(self) -> int:
        """Streams holding a slot now."""
        return self._running

    @property
    def waiting(self) -> int:
        """Streams waiting for a slot now."""
        return len(self._turns)

    def render(self, messages: list[Message]) -> str:
        return self.inner.render(messages)

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def stream(self, prompt: str, params: GenerationParams) -> Iterator[str]:
        """The inner stream, once a slot is free; the slot is held until the stream ends or is
        closed (nothing waits before the first item is asked for)."""
        self._enter(getattr(_current, "cancel", None))
        try:
            yield from self.inner.stream(prompt, params)
        finally:
            self._leave()

    def close(self) -> None:
        close = getattr(self.inner, "close", None)
        if close is not None:
            close()

    def _enter(self, cancel: threading.Event | None) -> None:
        turn = object()
        with self._changed:
            self._turns.append(turn)
            try:
                while not (self._running < self.slots and self._turns[0] is turn):
                    if cancel is not None and cancel.is_set():
                        raise GenerationCancelled("the client left while waiting for the model")
                    self._changed.wait(POLL_SECONDS if cancel is not None else None)
            except BaseException:
                self._turns.remove(turn)
                self._changed.notify_all()
                raise
            self._turns.popleft()
            self._running += 1
            self._changed.notify_all()  # with more than one slot, the next may fit too
        confirm = getattr(cancel, "confirm", None)  # a last look, just before the model starts
        if confirm is not None and confirm():
            self._leave()
            raise GenerationCancelled("the client left while waiting for the model")

    def _leave(self) -> None:
        with self._changed:
            self._running -= 1
            self._changed.notify_all()
