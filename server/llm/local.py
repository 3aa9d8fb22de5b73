"""A GGUF model in this process, through llama-cpp-python.

`GgufFormat` is what any generator needs from the GGUF file: its chat template, its
tokenizer (for the context budget) and its end-of-turn strings. `LlamaGenerator` loads the
weights too and generates; the remote generator reads only the vocabulary.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from typing import Any

from indexer.cpu import CpuShare, physical_cores
from server.errors import ModelNotFound
from server.llm import GenerationParams, Message, ModelSpec

END_OF_TURN = ("<|im_end|>", "<end_of_turn>", "<|eot_id|>")


class GgufFormat:
    """Renders chats and counts tokens exactly as the model in `llm` (a llama_cpp.Llama) does."""

    def __init__(self, llm: Any, spec: ModelSpec) -> None:
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        self._llm = llm
        self._lock = threading.Lock()  # tokenizing is cheap; keep it off concurrent threads
        template = spec.template or llm.metadata.get("tokenizer.chat_template")
        if not template:
            raise ModelNotFound(
                f"{spec.path.name} has no chat template: set chat_template in the settings"
            )
        eos = self._token_text(llm.token_eos())
        bos = self._token_text(llm.token_bos())
        self._formatter = Jinja2ChatFormatter(template=template, eos_token=eos, bos_token=bos)
        self.stops = tuple(sorted(s for s in {eos, *END_OF_TURN} if s))

    @classmethod
    def vocabulary_only(cls, spec: ModelSpec) -> GgufFormat:
        """Just the tokenizer and the chat template: the weights are not loaded."""
        from llama_cpp import Llama

        return cls(Llama(model_path=str(spec.path), vocab_only=True, verbose=False), spec)

    def _token_text(self, token: int) -> str:
        if token < 0:
            return ""
        text: bytes = self._llm.detokenize([token], special=True)
        return text.decode("utf-8", errors="ignore")

    def render(self, messages: list[Message]) -> str:
        chat: Any = [{"role": m.role, "content": m.content} for m in messages]
        return str(self._formatter(messages=chat).prompt)

    def tokens(self, text: str) -> list[int]:
        with self._lock:
            return list(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=True))


class LlamaGenerator:
    """A GGUF model in llama.cpp; not thread-safe, so one generation at a time (the runtime
    puts a ModelGate in front of it).

    `n_threads` None: as many threads as the machine has physical cores, fewer whenever
    other work is using them, chosen again before each step (indexer/cpu.py says why: its
    threads spin-wait for one another, so one thread too many costs far more than one
    thread too few). A number: exactly that many.
    """

    def __init__(self, spec: ModelSpec, *, n_ctx: int, n_threads: int | None, seed: int) -> None:
        most = n_threads or physical_cores()
        self.share = CpuShare(most) if n_threads is None else None
        self._llm = _llama(spec, n_ctx=n_ctx, threads=most, seed=seed, share=self.share)
        self.model_id = f"{spec.name} ({spec.path.name})"
        self.n_ctx = n_ctx
        self._format = GgufFormat(self._llm, spec)
        self._stops = self._format.stops

    def render(self, messages: list[Message]) -> str:
        return self._format.render(messages)

    def count_tokens(self, text: str) -> int:
        return len(self._format.tokens(text))

    def stream(self, prompt: str, params: GenerationParams) -> Iterator[str]:
        # Start from an empty KV cache: reusing a cached prefix changes the batch shapes, and
        # with them the floating-point results, so the same request could answer differently.
        self._llm.reset()
        chunks = self._llm.create_completion(
            self._format.tokens(prompt),
            max_tokens=params.max_tokens,
            temperature=params.temperature,
            repeat_penalty=params.repeat_penalty,
            seed=params.seed,
            stop=list(self._stops + params.stop),
            stream=True,
        )
        try:
            for chunk in chunks:
                text = chunk["choices"][0]["text"]
                if text:
                    yield text
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()


def _llama(spec: ModelSpec, *, n_ctx: int, threads: int, seed: int,
           share: CpuShare | None) -> Any:
    """A llama_cpp.Llama whose thread count `share` chooses before every evaluation (the
    prompt, then each token), or fixed at `threads` without one."""
    import llama_cpp

    class AdaptiveLlama(llama_cpp.Llama):
        def eval(self, tokens: Sequence[int]) -> None:
            if share is None:
                super().eval(tokens)
                return
            n = share.choose()
            if n != self.n_threads:
                llama_cpp.llama_set_n_threads(self._ctx.ctx, n, n)
                self.n_threads = self.n_threads_batch = n
            started = time.thread_time()
            try:
                super().eval(tokens)
            finally:
                # The calling thread works as long as each of the others, so this counts all.
                share.spent((time.thread_time() - started) * n)

    return AdaptiveLlama(model_path=str(spec.path), n_ctx=n_ctx, n_threads=threads,
                         n_threads_batch=threads, seed=seed, verbose=False)
