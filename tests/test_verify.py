"""The grounding guard on hand-written drafts, faithful and not, against one real passage."""

from __future__ import annotations

import pytest

from indexer.embedding import MiniLMEmbedder
from server.chat.verify import Verifier
from server.retrieval import Excerpt

PASSAGE = ("Time and setting matter. This is not a conversation to have in passing, when "
           "you're both tired, or immediately following a conflict. Choosing a moment of "
           "relative calm, when both people have genuine capacity to be present to the "
           "conversation, makes a meaningful difference to its outcome.")
EXCERPT = Excerpt("doc", "How to Start the Reconnection Conversation", PASSAGE, 100,
                  100 + len(PASSAGE), 1.0, 0.8, 3, (1, 2, 3))


@pytest.mark.parametrize(("draft", "supported", "reason"), [
    ("Choosing a moment of relative calm makes a meaningful difference to the outcome of "
     "the conversation.", True, "close in meaning"),
    ("This is not a conversation to have in passing, when you're both tired.", True,
     "close in meaning"),
    ("Choosing a moment of relative calm makes no difference to its outcome.", False,
     "negat"),
    ("Wait at least 3 days after a conflict before having the conversation.", False,
     "mentions 3"),
    ("Dr. Gottman says that choosing a calm moment makes a difference.", False,
     "names gottman"),
    ("Choosing a calm moment always guarantees a good outcome.", False, "says"),
    ("Buy your partner flowers and write a gratitude journal every night.", False, ""),
    ("I'm here to support you every step of the way.", False, ""),
])
def test_guard_table(embedder: MiniLMEmbedder, draft: str, supported: bool, reason: str) -> None:
    (verdict,) = Verifier(embedder).check([draft], [EXCERPT])
    assert verdict.supported is supported, verdict.reason
    assert reason in verdict.reason.lower()


def test_supported_sentence_points_at_exact_passage_text(embedder: MiniLMEmbedder) -> None:
    (verdict,) = Verifier(embedder).check(["Time and setting matter."], [EXCERPT])
    assert verdict.supported and verdict.unit is not None
    unit = verdict.unit
    assert PASSAGE[unit.start - EXCERPT.start:unit.end - EXCERPT.start] == unit.text
    assert unit.text == "Time and setting matter."


def test_no_passages_means_nothing_is_supported(embedder: MiniLMEmbedder) -> None:
    (verdict,) = Verifier(embedder).check(["Time and setting matter."], [])
    assert not verdict.supported
