"""The completion a client reads: the answer, then what follows it (the safety message, help
lines, Sources), whole or as chunks of a stream, in OpenAI's shapes."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from server.http.openai.jobs import Outcome
from server.http.responses import sse
from server.prompts import Prompts


def closing(text: str, outcome: Outcome, prompts: Prompts) -> str:
    """What follows the answer: the safety message when the answer lacks it, the help lines,
    then the Sources its [n] markers cite."""
    blocks = []
    safety = outcome.safety
    if safety:
        if safety["message"] not in text:
            blocks.append(safety["message"])
        if safety.get("resources"):
            blocks.append(prompts.render("openai_help.j2", resources=safety["resources"]))
    cited = [c for c in outcome.citations if f"[{c['n']}]" in text]
    if cited:
        blocks.append(prompts.render("openai_sources.j2", citations=cited))
    return "".join(f"\n\n{b}" for b in blocks)


def headings(prompts: Prompts) -> list[str]:
    """The headings of the blocks `closing` adds, to cut earlier replies back to the answer."""
    return [prompts.render("openai_help.j2", resources=[]),
            prompts.render("openai_sources.j2", citations=[])]


@dataclass
class Reply:
    """One completion's id and shape, for the whole response or its chunks."""

    model: str
    include_usage: bool = False
    id: str = field(default_factory=lambda: f"chatcmpl-{uuid.uuid4().hex}")
    created: int = field(default_factory=lambda: int(time.time()))

    def _base(self, kind: str) -> dict[str, Any]:
        return {"id": self.id, "object": kind, "created": self.created, "model": self.model,
                "system_fingerprint": None}

    def whole(self, content: str, usage: dict[str, int], data: dict[str, Any]
              ) -> dict[str, Any]:
        return {**self._base("chat.completion"),
                "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                             "message": {"role": "assistant", "content": content,
                                         "refusal": None}}],
                "usage": usage, "reconnect": data}

    def chunk(self, delta: dict[str, Any], finish: str | None = None,
              **extra: Any) -> str:
        body = {**self._base("chat.completion.chunk"),
                "choices": [{"index": 0, "delta": delta, "logprobs": None,
                             "finish_reason": finish}], **extra}
        if self.include_usage:
            body.setdefault("usage", None)
        return sse(body)

    def usage_chunk(self, usage: dict[str, int]) -> str:
        return sse({**self._base("chat.completion.chunk"), "choices": [], "usage": usage})

