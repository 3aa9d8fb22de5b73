from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.run import THRESHOLDS
from indexer.documents import load_corpus
from indexer.embedding import MiniLMEmbedder
from indexer.store import load_index
from server.chat.answer import answer_query
from server.retrieval import Query, Retriever, as_said
from server.settings import ROOT, Settings
from tests.conftest import CORPUS

TOPICS = [json.loads(x) for x in (ROOT / "eval/data/topics.jsonl").read_text().splitlines()]


@pytest.fixture(scope="module")
def retriever(index_dir: Path, embedder: MiniLMEmbedder) -> Retriever:
    defaults = Settings()
    return Retriever(load_index(index_dir, embedder.model_id), embedder, rrf_k=defaults.rrf_k,
                     min_relevance=defaults.min_relevance)


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {d.doc_id: d.text for d in load_corpus(CORPUS)}


@pytest.mark.parametrize("topic", ["physical affection", "when to try couples therapy",
                                   "we only talk about logistics", "how to start the talk"])
def test_quotes_are_the_corpus_at_their_offsets(retriever: Retriever, texts: dict[str, str],
                                                topic: str) -> None:
    found = retriever.search(topic, 5)
    assert len(found) == 5
    for e in found:
        assert texts[e.doc][e.start:e.end] == e.quote
        assert 0 < e.score <= 1.0
    assert [e.score for e in found] == sorted((e.score for e in found), reverse=True)


@pytest.mark.parametrize("k", [1, 2, 3, 7, 20])
def test_k_excerpts(retriever: Retriever, k: int) -> None:
    assert len(retriever.search("feeling distant from my partner", k)) == k


@pytest.mark.parametrize("topic", ["capital city of Canada", "replacing brake pads",
                                   "ibuprofen dosage for adults", "bitcoin price"])
def test_uncovered_topics_return_nothing(retriever: Retriever, topic: str) -> None:
    assert retriever.search(topic, 3) == []


def test_short_principle_brings_its_explanation(retriever: Retriever) -> None:
    (top,) = retriever.search("lead with longing rather than complaint", 1)
    assert top.quote.startswith("Lead with longing rather than complaint.")
    assert len(top.sentences) >= 2


def test_weighted_query_follows_the_conversation(retriever: Retriever) -> None:
    """A vague follow-up retrieves what the conversation is about."""
    alone = retriever.search("when is the best time to do it?", 3)
    with_context = retriever.search(answer_query(
        "when is the best time to do it?", ["how do I bring up feeling distant with my husband?"]
    ), 3)
    sections = {e.section for e in with_context}
    assert "How to Start the Reconnection Conversation" in sections
    assert with_context != alone


def test_every_sentence_of_the_message_counts_for_coverage(retriever: Retriever) -> None:
    """A sentence of the message given no weight still says whether it is covered, by its
    passages and by its reader questions, as it would alone."""
    story = "i cried in the shower tonight because he didn't notice i'd had my hair cut."
    message = f"{story} am i being ridiculous"
    alone = retriever.covers(story)
    assert retriever.covers(Query((message, story), (1.0, 0.0))) == pytest.approx(alone, abs=1e-5)
    assert retriever.covers(Query((message, "what's a good brake pad"), (1.0, 0.0))) < alone


def recall_at(retriever: Retriever, k: int) -> float:
    covered = [t for t in TOPICS if t["gold_sections"]]
    hits = sum(any(e.section in t["gold_sections"] for e in retriever.search(t["topic"], k))
               for t in covered)
    return hits / len(covered)


def test_dev_set_is_big_enough() -> None:
    assert sum(bool(t["gold_sections"]) for t in TOPICS) >= 40


def test_recall_at_3(retriever: Retriever) -> None:
    assert recall_at(retriever, 3) >= THRESHOLDS["retrieval.topics.recall@3"]


def test_off_topic_dev_set_mostly_empty(retriever: Retriever) -> None:
    off = [t for t in TOPICS if not t["gold_sections"]]
    empty = sum(not retriever.search(t["topic"], 3) for t in off)
    assert empty / len(off) >= 0.9


@pytest.mark.parametrize(("heading", "said"), [
    ("Sharing the Load Fairly", "sharing the load fairly"),  # Title Case, as in new documents
    ("Signs You May Be Growing Apart", "signs you may be growing apart"),
    ("How couples drift", "how couples drift"),
    ("Talking on Sunday evenings", "talking on Sunday evenings"),  # a proper noun keeps it
    ("Why I Stayed", "why I stayed"),
    ("FAQ for new parents", "FAQ for new parents"),
])
def test_a_heading_is_named_as_a_reader_would_say_it(heading: str, said: str) -> None:
    assert as_said(heading) == said
