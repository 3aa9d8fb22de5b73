"""The concern's nearest examples (server/rephrase/examples.py): labelled complaints that vote
on the concern beside the cues, measured on a round they never held."""

from __future__ import annotations

import json
from typing import Any

import pytest

from eval import concern_data
from eval.run import jsonl
from indexer.embedding import MiniLMEmbedder
from server.rephrase.concern import TOPICS, detect_concern
from server.rephrase.examples import DATA_FILE, ConcernMemory, Example, load_examples

ROUND = "R"  # a round of writers, taken out of the examples to measure the vote on it


def _rows() -> list[dict[str, object]]:
    return [json.loads(line) for line in DATA_FILE.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def without_round(embedder: MiniLMEmbedder) -> ConcernMemory:
    kept = [Example(str(r["text"]), tuple(r["concern"]))  # type: ignore[arg-type]
            for r in _rows() if not str(r["id"]).startswith(ROUND)]
    return ConcernMemory(TOPICS, kept, embedder)


def test_the_examples_are_dev_rows_only_and_current() -> None:
    assert DATA_FILE.read_text(encoding="utf-8") == concern_data.rendered(), \
        "stale: run `python -m eval.concern_data`"
    held_out = {r["text"] for r in jsonl("complaints_facts.jsonl") if r["split"] == "holdout"}
    assert held_out and not held_out & {e.text for e in load_examples()}
    assert all(set(e.concerns) <= set(TOPICS) for e in load_examples())


def test_a_complaint_with_no_cue_gets_its_nearest_examples_concern(
        without_round: ConcernMemory) -> None:
    # no cue reads "committed to collecting ... did not arrive"; complaints like it say
    # it is about plans kept
    text = "You committed to collecting my mother from the airport on Thursday and did not arrive."
    alone = detect_concern(text)
    assert alone is not None and alone.topic == "closeness"
    voted = detect_concern(text, without_round)
    assert voted is not None and voted.topic == "reliability"


def test_no_concern_stays_no_concern_with_the_examples(without_round: ConcernMemory) -> None:
    for text in ("ugh", "it's fine. whatever."):
        assert detect_concern(text, without_round) is None


def test_the_vote_reads_a_round_it_never_held_better_than_the_cues(
        without_round: ConcernMemory) -> None:
    rows = [r for r in _rows() if str(r["id"]).startswith(ROUND)]
    assert len(rows) == 50

    def read(memory: ConcernMemory | None) -> float:
        found = [detect_concern(str(r["text"]), memory) for r in rows]
        return sum(bool(c and c.topic in r["concern"])  # type: ignore[operator]
                   for c, r in zip(found, rows, strict=True)) / len(rows)

    cues, voted = read(None), read(without_round)
    assert cues <= 0.70 and voted >= 0.76, (cues, voted)  # the figures of the README


def test_an_empty_memory_changes_nothing(embedder: MiniLMEmbedder) -> None:
    empty = ConcernMemory(TOPICS, [], embedder)
    assert empty.votes("You never text me back.") == {}
    text = "You didn't even text me back yesterday when I told you about my interview."
    assert detect_concern(text, empty) == detect_concern(text)


class _Counting:
    def __init__(self, inner: MiniLMEmbedder) -> None:
        self.inner, self.model_id, self.dim, self.texts = inner, inner.model_id, inner.dim, 0

    def embed(self, texts: list[str]) -> Any:
        self.texts += len(texts)
        return self.inner.embed(texts)


def test_a_message_is_embedded_in_memory_only(embedder: MiniLMEmbedder) -> None:
    # the examples may come from the build's vector cache on disk; the person's words never go
    # there
    cache, live = _Counting(embedder), _Counting(embedder)
    memory = ConcernMemory(TOPICS, load_examples()[:5], live, build_with=cache)
    built = cache.texts
    assert built >= 5 and live.texts == 0
    memory.votes("You never text me back.")
    assert cache.texts == built and live.texts == 1
