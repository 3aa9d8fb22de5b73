"""The grounding guard: keep a generated sentence only when the retrieved passages support it.

A sentence is supported when it is close in meaning to a passage sentence (MiniLM
cosine) and, unless it is very close, shares most of its content words with the
passages; and it adds no number, name, absolute or negation that the passages lack.
The thresholds were calibrated on the `calib` half of eval/data/claims.jsonl
(hand-labelled claims with hard negatives), favouring precision: dropping a true
sentence costs a little fluency, keeping a false one costs trust.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from indexer.embedding import Embedder
from indexer.vocabulary import (
    ABSOLUTES,
    content_words,
    names,
    negates,
    numbers,
    split_sentences,
    words,
)
from server.retrieval import Excerpt

# Chosen on the "calib" half of eval/data/claims.jsonl, favouring precision.
COS_ALONE = 0.82
COS_WITH_OVERLAP = 0.55
OVERLAP = 0.6

CONTRASTS = frozenset({"instead", "rather"})  # "rather than" turns a claim around too


@dataclass(frozen=True)
class Unit:
    """A passage sentence (or a pair of neighbouring ones) a claim can be checked against."""

    excerpt: int  # index into the passages list
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Verdict:
    """Whether one sentence is supported, why, and by which passage text."""

    sentence: str
    supported: bool
    reason: str
    cosine: float
    overlap: float
    unit: Unit | None  # the passage text that supports it best


def passage_units(passages: list[Excerpt]) -> list[Unit]:
    """Every sentence of every passage, plus each pair of neighbouring sentences."""
    units: list[Unit] = []
    for i, p in enumerate(passages):
        spans = split_sentences(p.quote, p.start)
        for s, e in spans:
            units.append(Unit(i, s, e, p.quote[s - p.start:e - p.start]))
        for (s, _), (_, e) in itertools.pairwise(spans):
            units.append(Unit(i, s, e, p.quote[s - p.start:e - p.start]))
    return units


def _names(text: str) -> set[str]:
    """Names in a sentence ("Dr", "Gottman", "Harvard")."""
    return {word for word, _, _ in names(text.strip().lstrip("\"“‘'("))}


def _negated(tokens: list[str]) -> bool:
    return any(negates(t, scarcity=True) or t in CONTRASTS for t in tokens)


class Verifier:
    """Checks sentences against passages with one embedding call per batch."""

    def __init__(self, embedder: Embedder, *, cos_alone: float = COS_ALONE,
                 cos_with_overlap: float = COS_WITH_OVERLAP, overlap: float = OVERLAP) -> None:
        self.embedder = embedder
        self.cos_alone = cos_alone
        self.cos_with_overlap = cos_with_overlap
        self.overlap = overlap

    def check(self, sentences: list[str], passages: list[Excerpt]) -> list[Verdict]:
        units = passage_units(passages)
        if not sentences:
            return []
        if not units:
            return [Verdict(s, False, "no passages to check against", 0.0, 0.0, None)
                    for s in sentences]
        vectors = self.embedder.embed(sentences + [u.text for u in units])
        claims, unit_vecs = vectors[: len(sentences)], vectors[len(sentences):]
        sims = claims @ unit_vecs.T  # (n_sentences, n_units)
        context = " ".join(p.quote for p in passages)
        context_words = set(words(context))
        context_stems = set(content_words(context))
        return [self._verdict(s, sims[i], units, context, context_words, context_stems)
                for i, s in enumerate(sentences)]

    def _verdict(self, sentence: str, sims: np.ndarray, units: list[Unit], context: str,
                 context_words: set[str], context_stems: set[str]) -> Verdict:
        best = int(np.argmax(sims))
        cos = float(sims[best])
        unit = units[best]
        stems = content_words(sentence)
        overlap = (sum(s in context_stems for s in stems) / len(stems)) if stems else 0.0
        tokens = words(sentence)

        def no(reason: str) -> Verdict:
            return Verdict(sentence, False, reason, cos, overlap, unit)

        if not stems:
            return no("says nothing the passages could support")
        novel_numbers = numbers(sentence) - numbers(context)
        if novel_numbers:
            return no(f"mentions {', '.join(sorted(novel_numbers))}, which the passages do not")
        novel_names = {n for n in _names(sentence) if n not in context_words}
        if novel_names:
            return no(f"names {', '.join(sorted(novel_names))}, which the passages do not")
        absolutes = {t for t in tokens if t in ABSOLUTES} - context_words
        if absolutes:
            return no(f"says {', '.join(sorted(absolutes))}, which the passages do not")
        if overlap >= 0.5 and _negated(tokens) != _negated(words(unit.text)):
            return no("it negates what the closest passage affirms, or the reverse")
        if cos >= self.cos_alone:
            return Verdict(sentence, True, f"close in meaning to the passage ({cos:.2f})",
                           cos, overlap, unit)
        if cos >= self.cos_with_overlap and overlap >= self.overlap:
            return Verdict(sentence, True,
                           f"close in meaning ({cos:.2f}) and shares {overlap:.0%} of its words",
                           cos, overlap, unit)
        return no(f"not close enough to any passage ({cos:.2f}, {overlap:.0%} shared words)")
