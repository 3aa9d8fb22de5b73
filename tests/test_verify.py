"""The verifier on hand-written drafts, faithful and not, against real passages of the article.

The unfaithful rows are the kinds of sentence the small model writes and a looser check let
through: a flipped claim, an invented endorsement, new details, a sentence cut off
mid-word, the person's own words echoed back.
"""

from __future__ import annotations

import pytest

from eval.run import THRESHOLDS
from eval.verifier_set import PAIRS, load_pairs, verifier_report
from indexer.documents import load_corpus
from indexer.embedding import MiniLMEmbedder
from server.chat.verify import Verifier
from server.retrieval import Excerpt
from tests.conftest import CORPUS

WRITTEN = PAIRS.parent / "verifier"  # documents written for the verifier's set

TEXT = load_corpus(CORPUS)[0].text


def excerpt(quote: str, section: str = "s") -> Excerpt:
    start = TEXT.index(quote)
    return Excerpt("doc", section, quote, start, start + len(quote), 1.0, 0.8, 0, (0,))


TIMING = excerpt("Time and setting matter. This is not a conversation to have in passing, when "
                 "you're both tired, or immediately following a conflict. Choosing a moment of "
                 "relative calm, when both people have genuine capacity to be present to the "
                 "conversation, makes a meaningful difference to its outcome.")
DRIFT = excerpt("Couples who maintain genuine closeness over years and decades are not couples "
                "who never drift.")
VACATION = excerpt("A week-long vacation spent both physically tired and emotionally defended "
                   "against a conversation that needs to happen is not the same as genuine "
                   "reconnection.")
PHYSICAL = excerpt("For many couples, it starts with restoring non-sexual physical affection — "
                   "the day-to-day physical warmth that communicates care and presence.")
GROUNDING = excerpt("Working on your own grounding — developing sources of meaning and identity "
                    "that exist independently of the relationship — makes you a more genuinely "
                    "available partner, not because you care less but because you approach the "
                    "relationship from greater solidity.")
MESSAGE = "we went on a week-long vacation and came back more distant, why?"


@pytest.mark.parametrize(("draft", "passage", "supported", "reason"), [
    # Faithful, in other words: admitted.
    ("Choosing a moment of calm makes a difference.", TIMING, True, "carried"),
    ("This is not a conversation to have when you're both tired.", TIMING, True, "carried"),
    ("Pick a calm moment, when you both have room to be present; it changes how the talk "
     "goes.", TIMING, True, "carried"),
    # The passage is quoted in the reply: saying one of its sentences again adds nothing.
    ("Time and setting matter.", TIMING, False, "repeats"),
    ("This is not a conversation to have in passing, when you're both tired, or following a "
     "conflict.", TIMING, False, "repeats"),
    # Unfaithful: a flipped negation, an added endorsement or detail, a cut-off sentence,
    # a dropped hedge, the person's words, a number, a name, an absolute.
    ("Choosing a moment of relative calm makes no difference to its outcome.", TIMING, False,
     "negat"),
    ("Couples who maintain genuine closeness over years are the ones who never drift.", DRIFT,
     False, "negat"),
    ("A week-long vacation is a wonderful idea for genuine reconnection.", VACATION, False,
     "negat"),
    ("A week-long vacation is a wonderful way to have the conversation that needs to happen.",
     VACATION, False, ""),
    ("For many couples, it starts with a handshake and physical affection.", PHYSICAL, False,
     "adds handshake"),
    ("For many couples, it starts with restoring physical affection, the day-to-", PHYSICAL,
     False, "complete"),
    ("It starts with restoring non-sexual physical affection.", PHYSICAL, False, "hedge"),
    ("We went on a week-long vacation and came back more distant.", VACATION, False,
     "own words"),
    ("Wait at least 3 days after a conflict before having the conversation.", TIMING, False,
     "mentions 3"),
    ("Dr. Gottman says that choosing a calm moment makes a difference.", TIMING, False,
     "names gottman"),
    ("Choosing a calm moment always makes a meaningful difference.", TIMING, False, "says"),
    ("Choosing a calm moment makes it easier to win the argument.", TIMING, False, "easier"),
    ("Buy your partner flowers and write a gratitude journal every night.", TIMING, False, ""),
    # "not because X": X is no cause, and no other cause stands in for the passage's.
    ("Your own grounding makes you a more available partner because you care less.",
     GROUNDING, False, "negat"),
    ("Your own grounding makes you a more available partner because you feel lonely.",
     GROUNDING, False, "cause"),
    # Who does what, turned round.
    ("Genuine reconnection is often a prerequisite for learning to manage conflict "
     "productively.", excerpt("Learning to manage conflict productively is often a "
                              "prerequisite for genuine reconnection, not a separate project "
                              "to be undertaken afterward."), False, "order"),
    ("It usually resolves on its own, and most couples who wait for it find it comes back.",
     excerpt("It tends not to resolve on its own, and couples who wait for it to resolve "
             "naturally often find themselves waiting for a very long time."), False, ""),
    ("I'm here to support you every step of the way.", TIMING, False, ""),
])
def test_verify_table(embedder: MiniLMEmbedder, draft: str, passage: Excerpt, supported: bool,
                      reason: str) -> None:
    (verdict,) = Verifier(embedder).check([draft], [passage], MESSAGE)
    assert verdict.supported is supported, verdict.reason
    assert reason in verdict.reason.lower()


def test_the_verifier_meets_its_figures_on_the_labelled_pairs(embedder: MiniLMEmbedder) -> None:
    """Precision and recall on eval/data/verifier_pairs.jsonl, at the floors eval/run.py
    holds them to (the eval's own figures)."""
    report = verifier_report(embedder)
    for key, bound in THRESHOLDS.items():
        if key.startswith("verifier."):
            split, measure = key.removeprefix("verifier.").split(".")
            assert report[split][measure] >= bound, (key, report[split])


def test_the_labelled_pairs_quote_their_documents() -> None:
    texts = {"how-to-reconnect-with-your-partner": TEXT} | {
        path.stem: path.read_text(encoding="utf-8") for path in WRITTEN.glob("*.md")}
    pairs = load_pairs()
    for split in ("dev", "holdout"):
        mine = [p for p in pairs if p.split == split]
        assert len(mine) >= 40 and sum(p.faithful for p in mine) * 2 == len(mine), split
    # Split by passage: no passage is in both.
    assert not ({p.passage for p in pairs if p.split == "dev"}
                & {p.passage for p in pairs if p.split == "holdout"})
    for p in pairs:
        assert texts[p.doc][p.start:p.end] == p.passage, p.id


def test_supported_sentence_points_at_exact_passage_text(embedder: MiniLMEmbedder) -> None:
    (verdict,) = Verifier(embedder).check(["This is not a conversation to have when you're "
                                           "both tired."], [TIMING])
    assert verdict.supported and verdict.unit is not None
    unit = verdict.unit
    assert TEXT[unit.start:unit.end] == unit.text
    assert unit.text.startswith("This is not a conversation to have in passing")


def test_no_passages_means_nothing_is_supported(embedder: MiniLMEmbedder) -> None:
    (verdict,) = Verifier(embedder).check(["Time and setting matter."], [])
    assert not verdict.supported
