"""A scripted language model behind the Generator seam: it streams drafts queued in advance,
word by word, and records every prompt. Tests drive the pipelines with it, and the benchmark
(`--fake-model`) measures the server without a model's own cost."""

from __future__ import annotations

import threading
import time

from server.llm import GenerationParams, Message, Tokens


class ScriptedGenerator:
    """Streams queued drafts word by word and records every prompt it was given."""

    model_id = "fake-generator"

    def __init__(self, *drafts: str, n_ctx: int = 2048, delay: float = 0.0) -> None:
        self.queue = list(drafts)
        self.n_ctx = n_ctx
        self.delay = delay
        self.prompts: list[str] = []
        self.active = 0
        self.max_active = 0
        self.tokens_streamed = 0
        self._lock = threading.Lock()

    def enqueue(self, *drafts: str) -> None:
        self.queue.extend(drafts)

    def render(self, messages: list[Message]) -> str:
        return "".join(f"<{m.role}>\n{m.content}\n" for m in messages) + "<assistant>\n"

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def stream(self, prompt: str, params: GenerationParams) -> Tokens:
        self.prompts.append(prompt)
        draft = self.queue.pop(0) if self.queue else "I am not sure what to say about that."
        with self._lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            for n, word in enumerate(draft.split(" ")):
                if n >= params.max_tokens:
                    break
                if self.delay:
                    time.sleep(self.delay)
                self.tokens_streamed += 1
                yield word if n == 0 else " " + word
        finally:
            with self._lock:
                self.active -= 1

    def close(self) -> None:
        """Nothing to free."""
