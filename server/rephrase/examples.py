"""The concern's nearest examples: complaints other people wrote, labelled with their concerns.

The cues of server/rephrase/concern.py fit the phrasings they were written on; a new writer
says the same thing in other words. So, as the safety screen does with its memory, the
concern is also voted on by the labelled complaints a message sits nearest to in meaning
(MiniLM): the similarity of two complaints is that of their closest pair of sentences, the
K nearest examples vote for their labelled concerns (the first label most, each later one
LABEL_DECAY as much), weighted by similarity. The vote joins the cues in `detect_concern`.

The examples are the dev rows of eval/data/complaints_facts.jsonl, copied to
DATA_FILE by `python -m eval.concern_data` (a test fails when the copy is stale or holds a
held-out row); `--leave-out` measures how the vote carries to a round it never saw (README).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from indexer.vocabulary import split_sentences

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from indexer.embedding import Embedder

DATA_FILE = Path(__file__).resolve().parents[2] / "indexer" / "data" / "concern_examples.jsonl"
# Chosen leave-one-round-out on the writers' rounds (eval/concern_data.py, README).
K = 20  # nearest examples that vote
LABEL_DECAY = 0.5  # a row's second concern counts half its first, the third a quarter


@dataclass(frozen=True)
class Example:
    text: str
    concerns: tuple[str, ...]  # most fitting first


def load_examples(path: Path = DATA_FILE) -> list[Example]:
    """The labelled complaints in `path` (one JSON object a line: "text", "concern")."""
    if not path.exists():
        return []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return [Example(r["text"], tuple(r["concern"])) for r in rows if r["concern"]]


def sentences(text: str) -> list[str]:
    """The sentences of `text`, or the whole text when it has none."""
    found = [text[s:e] for s, e in split_sentences(text)]
    return found or [text]


class ConcernMemory:
    """Labelled complaints as sentence vectors; `votes` says which concerns the nearest hold."""

    def __init__(self, topics: Sequence[str], examples: Sequence[Example],
                 embedder: Embedder, *, build_with: Embedder | None = None) -> None:
        """`embedder` embeds the messages asked about (in memory only: a person's words are
        never written anywhere); `build_with`, when given, the examples (the build's vector
        cache, so a start embeds only examples it has not seen)."""
        self.topics = tuple(topics)
        self.embedder = embedder
        known = [e for e in examples if set(e.concerns) <= set(self.topics)]
        units = [(n, s) for n, e in enumerate(known) for s in sentences(e.text)]
        self.owner = np.array([n for n, _ in units], dtype=np.int64)
        self.vectors: NDArray[np.float32] = (build_with or embedder).embed([s for _, s in units])
        self.labels = np.zeros((len(known), len(self.topics)), dtype=np.float32)
        for n, e in enumerate(known):
            for rank, topic in enumerate(e.concerns):
                self.labels[n, self.topics.index(topic)] = LABEL_DECAY ** rank
        self.size = len(known)

    @classmethod
    def load(cls, topics: Sequence[str], embedder: Embedder,
             examples: Iterable[Example] | None = None, *,
             build_with: Embedder | None = None) -> ConcernMemory:
        return cls(topics, list(load_examples() if examples is None else examples), embedder,
                   build_with=build_with)

    def votes(self, text: str) -> dict[str, float]:
        """The concerns of the K examples nearest `text`, weighted by similarity."""
        if not self.size:
            return {}
        query = self.embedder.embed(sentences(text))
        sims = query @ self.vectors.T  # (query sentences, example sentences)
        best = np.full(self.size, -1.0, dtype=np.float32)
        np.maximum.at(best, self.owner, sims.max(axis=0))  # closest pair of sentences
        near = np.argsort(-best, kind="stable")[:K]
        vote = (np.maximum(best[near], 0.0)[:, None] * self.labels[near]).sum(axis=0)
        return {t: float(v) for t, v in zip(self.topics, vote, strict=True) if v > 0}
