"""Find passages: screen the topic, then search. The one function HTTP and the CLI both call.

A topic is something a person typed, so it can disclose danger like any message; when
the screen flags it, the answer is the safety reply and no excerpts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the CLI imports the limits below before any model loads
    from server.retrieval import Excerpt, Retriever
    from server.safety.screen import SafetyScreen

MAX_TOPIC_CHARS = 1000
MIN_K, MAX_K, DEFAULT_K = 1, 20, 3


@dataclass(frozen=True)
class Excerpts:
    """The answer to one excerpts request."""

    topic: str
    excerpts: list[Excerpt]
    safety: dict[str, Any] | None

    def to_json(self) -> dict[str, Any]:
        return {"topic": self.topic, "excerpts": [e.to_json() for e in self.excerpts],
                "safety": self.safety}


def find_excerpts(screen: SafetyScreen, retriever: Retriever, topic: str,
                  k: int = DEFAULT_K) -> Excerpts:
    """Up to `k` excerpts on `topic`, or the safety reply when the topic is flagged."""
    screened = screen.screen(topic)
    if screened.flagged:
        return Excerpts(topic, [], screen.reply(screened))
    return Excerpts(topic, retriever.search(topic, k), None)
