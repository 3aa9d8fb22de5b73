"""Verify generated text: keep a sentence only when one passage unit strictly supports it.

The small model writes fluent sentences that flip a negation ("not those who drift" for
"not couples who never drift"), add an endorsement ("a wonderful idea") or a detail ("a
handshake"), stop mid-word, or echo the person's message. Each of those is a check here,
so what reaches the person is, in effect, the article restated: dropping a true sentence
costs a little fluency, keeping a false one costs trust. The eval holds every sentence
this lets through on its questions, hand-labelled (eval/data/generated_labels.jsonl).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from indexer.embedding import Embedder
from indexer.vocabulary import (
    ABSOLUTES,
    HEDGES,
    content_words,
    names,
    negates,
    numbers,
    split_sentences,
    stem,
    words,
)
from server.retrieval import Excerpt

MIN_COSINE = 0.6  # close in meaning to the unit, besides sharing its words
CARRIED = 0.8  # share of the sentence's content words the one unit must carry
ECHO = 0.7  # a sentence this much made of the person's own words is echoing them
COPY = 0.8  # a sentence holding this much of one passage sentence repeats the quote shown
MIN_WORDS = 3
# Content words a sentence may add: they restate, they don't claim.
ALLOWED = frozenset(stem(w) for w in ("partner", "relationship", "couple", "couples"))

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
    carried: float  # share of its content words the unit carries
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


def _negators(tokens: list[str]) -> list[str]:
    """The negating words in order: "not couples who never drift" -> ["not", "never"]."""
    return [t for t in tokens if negates(t, scarcity=True) or t in CONTRASTS]


def _copies(stems: set[str], text: str) -> bool:
    """Whether a sentence holds most of one sentence of `text`: the passages are quoted in
    the reply, so such a sentence says again what the person has just read."""
    for start, end in split_sentences(text):
        own = set(content_words(text[start:end]))
        if own and len(own & stems) / len(own) >= COPY:
            return True
    return False


def _complete(sentence: str) -> bool:
    """A whole sentence: a capital first, final punctuation, and more than a fragment."""
    text = sentence.strip().lstrip("\"“‘'(")
    return (len(words(text)) >= MIN_WORDS and text[:1].isupper()
            and text.rstrip("\"”’')").endswith((".", "!", "?")))


class Verifier:
    """Checks sentences against passages with one embedding call per batch.

    Precision first: a generated sentence is kept only when one passage unit (a sentence,
    or two neighbouring ones) carries its content words, its negations and hedges match
    that unit's, it adds no content word, number, name or absolute the unit lacks, it is
    a complete sentence, and it is not the person's own message echoed back.
    """

    def __init__(self, embedder: Embedder, *, min_cosine: float = MIN_COSINE,
                 carried: float = CARRIED) -> None:
        self.embedder = embedder
        self.min_cosine = min_cosine
        self.carried = carried

    def check(self, sentences: list[str], passages: list[Excerpt],
              message: str = "") -> list[Verdict]:
        """One verdict per sentence; `message` is the person's, which must not be echoed."""
        units = passage_units(passages)
        if not sentences:
            return []
        if not units:
            return [Verdict(s, False, "no passages to check against", 0.0, 0.0, None)
                    for s in sentences]
        vectors = self.embedder.embed(sentences + [u.text for u in units])
        claims, unit_vecs = vectors[: len(sentences)], vectors[len(sentences):]
        sims = claims @ unit_vecs.T  # (n_sentences, n_units)
        said = set(content_words(message))
        return [self._verdict(s, sims[i], units, said) for i, s in enumerate(sentences)]

    def _verdict(self, sentence: str, sims: np.ndarray, units: list[Unit],
                 said: set[str]) -> Verdict:
        stems = content_words(sentence)
        # The unit that carries most of the sentence's words, closest in meaning on a tie.
        def carried_by(u: Unit) -> float:
            own = set(content_words(u.text))
            return sum(st in own for st in stems) / len(stems) if stems else 0.0
        best = max(range(len(units)), key=lambda i: (round(carried_by(units[i]), 3), sims[i]))
        unit, cos = units[best], float(sims[best])
        share = carried_by(unit)
        tokens, unit_tokens = words(sentence), words(unit.text)
        unit_words, unit_stems = set(unit_tokens), set(content_words(unit.text))

        def no(reason: str) -> Verdict:
            return Verdict(sentence, False, reason, cos, share, unit)

        if not stems:
            return no("says nothing the passages could support")
        if not _complete(sentence):
            return no("is not a complete sentence")
        if said and sum(st in said for st in stems) / len(stems) >= ECHO:
            return no("repeats the person's own words back to them")
        novel_numbers = numbers(sentence) - numbers(unit.text)
        if novel_numbers:
            return no(f"mentions {', '.join(sorted(novel_numbers))}, which the passages do not")
        novel_names = {n for n in _names(sentence) if n not in unit_words}
        if novel_names:
            return no(f"names {', '.join(sorted(novel_names))}, which the passages do not")
        absolutes = {t for t in tokens if t in ABSOLUTES} - unit_words
        if absolutes:
            return no(f"says {', '.join(sorted(absolutes))}, which the passages do not")
        if _negators(tokens) != _negators(unit_tokens):
            return no("it negates what the closest passage affirms, or the reverse")
        hedges = unit_words & HEDGES
        if hedges and not set(tokens) & HEDGES:
            return no(f"drops the passage's hedge ({', '.join(sorted(hedges))})")
        novel = sorted(set(stems) - unit_stems - ALLOWED)
        if novel:
            return no(f"adds words the passage lacks ({', '.join(novel[:4])})")
        if share < self.carried:
            return no(f"the passage carries only {share:.0%} of its words")
        if cos < self.min_cosine:
            return no(f"not close enough in meaning to the passage ({cos:.2f})")
        if _copies(set(stems), unit.text):
            return no("repeats a passage sentence the reply already quotes")
        return Verdict(sentence, True, f"carried by the passage ({share:.0%} of its words, "
                       f"{cos:.2f} close in meaning)", cos, share, unit)
