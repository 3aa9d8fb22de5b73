"""The jobs a completion runs, Talk and Say it gently, as /api runs them but storing nothing:
each yields the reply's text, then its Outcome. The model is metered for the request's usage
and sampled with its temperature and max_tokens."""

from __future__ import annotations

import threading
from collections.abc import AsyncGenerator, Callable
from collections.abc import Generator as Steps
from dataclasses import dataclass, field, replace
from typing import Any

from fastapi import Request

from server.chat.pipeline import ChatPipeline, Delta, Done
from server.http.openai.conversation import Conversation
from server.http.worker import Worker
from server.llm import GenerationParams, Generator, Message, Tokens
from server.runtime import Runtime


class Metered:
    """The runtime's model behind the same Generator seam, for one request: counts the tokens
    it reads and writes, and applies the request's temperature and max_tokens."""

    def __init__(self, inner: Generator, temperature: float | None,
                 max_tokens: int | None) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.n_ctx = inner.n_ctx
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.prompt_tokens = 0
        self.completion_tokens = 0

    def render(self, messages: list[Message]) -> str:
        return self.inner.render(messages)

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def stream(self, prompt: str, params: GenerationParams) -> Tokens:
        if self.temperature is not None:
            params = replace(params, temperature=self.temperature)
        if self.max_tokens is not None:
            params = replace(params, max_tokens=min(params.max_tokens, self.max_tokens))
        self.prompt_tokens += self.inner.count_tokens(prompt)
        pieces = self.inner.stream(prompt, params)
        try:
            for piece in pieces:
                self.completion_tokens += 1
                yield piece
        finally:
            pieces.close()

    def close(self) -> None:
        """Nothing to free: the model is the runtime's."""

    def usage(self) -> dict[str, int]:
        return {"prompt_tokens": self.prompt_tokens,
                "completion_tokens": self.completion_tokens,
                "total_tokens": self.prompt_tokens + self.completion_tokens}


@dataclass(frozen=True)
class Outcome:
    """How a job ended: what the reply needs after its text, and the structured data."""

    citations: list[dict[str, Any]]
    safety: dict[str, Any] | None
    data: dict[str, Any] = field(default_factory=dict)


Item = str | Outcome  # text to show, then the outcome
Job = Callable[[threading.Event], Steps[Item, None, None]]


def talk(chat: ChatPipeline, generator: Generator, conversation: Conversation,
         cut_at: list[str]) -> Job:
    """The Talk job on the conversation, as /api/chat runs it but storing nothing, drafting
    with `generator` (the meter counting this request's tokens)."""

    def run(cancel: threading.Event) -> Steps[Item, None, None]:
        history = conversation.history(chat.screen, cut_at)
        for event in chat.respond(conversation.message, history, cancel=cancel,
                                  generator=generator):
            if isinstance(event, Delta):
                yield event.text
            elif isinstance(event, Done):
                data = event.result.to_json()
                del data["session_id"]  # there is no session: the client keeps the conversation
                yield Outcome(data["citations"], data["safety"], {"job": "talk", **data})

    return run


def gently(runtime: Runtime, generator: Generator | None, conversation: Conversation) -> Job:
    """Say it gently on the last user message: the opening, alternatives and notes."""

    def run(cancel: threading.Event) -> Steps[Item, None, None]:
        result = runtime.rephraser.rephrase(conversation.message, generator=generator).to_json()
        safety = result["safety"]
        yield (safety["message"] if safety else
               runtime.prompts.render("openai_gently.j2", **result))
        yield Outcome(result["citations"], safety, {"job": "gently", **result})

    return run


async def run_job(request: Request, worker: Worker, job: Job,
                  cancel: threading.Event) -> AsyncGenerator[Item, None]:
    """The job's items, each step on a worker thread; only its drafts wait for the model (the
    gate in front of it). A client that has gone stops it (`cancel`, checked at every token
    and while waiting for the model)."""
    items = job(cancel)
    try:
        while (item := await worker.next(items, cancel)) is not None:
            if await request.is_disconnected():
                return
            yield item
    finally:
        cancel.set()  # a no-op when finished; stops the model when the client left
        worker.close_later(items)

