"""The faithfulness judge: is a claim supported by a passage? Used by eval, never by the product.

It is deliberately not the chat guard. The guard is a few hand-set thresholds tuned
for precision at generation time; the judge is a logistic regression over a richer set
of features (meaning, word overlap in both directions, word order, hedges dropped,
novel numbers, names, absolutes and negations), trained on the `calib` half of
eval/data/claims.jsonl and measured on the held-out `test` half (balanced accuracy,
as LLM-AggreFact reports it). Deterministic: lbfgs on a fixed data order.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from pathlib import Path

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
    words,
)

CLAIMS = Path(__file__).parent / "data" / "claims.jsonl"

@dataclass(frozen=True)
class Claim:
    """One labelled (claim, passage) pair."""

    id: str
    claim: str
    passage: str
    supported: bool
    kind: str
    split: str


def load_claims(path: Path = CLAIMS) -> list[Claim]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        out.append(Claim(r["id"], r["claim"], r["passage"], r["label"] == "supported",
                         r["kind"], r["split"]))
    return out


def _bigrams(stems: list[str]) -> set[tuple[str, str]]:
    return set(itertools.pairwise(stems))


def _order_agreement(claim: list[str], passage: list[str]) -> float:
    """Share of pairs of shared words that appear in the same order in both texts."""
    first: dict[str, int] = {}
    for i, w in enumerate(passage):
        first.setdefault(w, i)
    shared = [first[w] for w in dict.fromkeys(claim) if w in first]
    pairs = [(a, b) for i, a in enumerate(shared) for b in shared[i + 1:]]
    return sum(a < b for a, b in pairs) / len(pairs) if pairs else 1.0


def _flat(text: str) -> str:
    return " ".join(words(text))


def _negated(text: str) -> bool:
    return any(negates(t) for t in words(text))


class Judge:
    """Scores P(supported) for (claim, passage) pairs."""

    FEATURES = ("cos_passage", "cos_sentence", "precision", "recall", "novel_share",
                "bigram_precision", "order", "novel_number", "novel_name", "negation_flip",
                "novel_absolute", "hedge_dropped", "length_ratio")

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self.coef = np.zeros(len(self.FEATURES))
        self.intercept = 0.0
        self.mean = np.zeros(len(self.FEATURES))
        self.scale = np.ones(len(self.FEATURES))

    def features(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        claims = [c for c, _ in pairs]
        sentences = [[p[s:e] for s, e in split_sentences(p)] or [p] for _, p in pairs]
        flat = [s for group in sentences for s in group]
        vectors = self.embedder.embed(claims + [p for _, p in pairs] + flat)
        n = len(pairs)
        claim_v, passage_v, sent_v = vectors[:n], vectors[n:2 * n], vectors[2 * n:]
        rows = []
        offset = 0
        for i, (claim, passage) in enumerate(pairs):
            group = sent_v[offset:offset + len(sentences[i])]
            offset += len(sentences[i])
            cs, ps = content_words(claim), content_words(passage)
            c_set, p_set = set(cs), set(ps)
            cw, pw = set(words(claim)), set(words(passage))
            c_bi = _bigrams(cs)
            rows.append([
                float(claim_v[i] @ passage_v[i]),
                float((group @ claim_v[i]).max()),
                len(c_set & p_set) / len(c_set) if c_set else 0.0,
                len(c_set & p_set) / len(p_set) if p_set else 0.0,
                len(c_set - p_set) / max(len(c_set), 1),
                len(c_bi & _bigrams(ps)) / len(c_bi) if c_bi else 0.0,
                _order_agreement(cs, ps),
                float(bool(numbers(claim) - numbers(passage))),
                float(bool({word for word, _, _ in names(claim)} - pw)),
                float(_negated(claim) != _negated(passage)),
                float(bool((cw & ABSOLUTES) - pw)),
                float(bool(pw & HEDGES) and not (cw & HEDGES)),
                len(cs) / max(len(ps), 1),
            ])
        return np.array(rows, dtype=np.float64)

    def fit(self, claims: list[Claim]) -> Judge:
        from sklearn.linear_model import LogisticRegression

        x = self.features([(c.claim, c.passage) for c in claims])
        self.mean, self.scale = x.mean(0), x.std(0) + 1e-9
        model = LogisticRegression(C=1.0, max_iter=5000, class_weight="balanced")
        model.fit((x - self.mean) / self.scale, np.array([c.supported for c in claims]))
        self.coef, self.intercept = model.coef_[0], float(model.intercept_[0])
        return self

    def probability(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """P(supported); a claim quoted word for word from its passage is supported outright
        (the labelled set has no verbatim quotes, so the model never learnt that)."""
        if not pairs:
            return np.zeros(0)
        x = (self.features(pairs) - self.mean) / self.scale
        p = 1.0 / (1.0 + np.exp(-(x @ self.coef + self.intercept)))
        verbatim = np.array([_flat(c) in _flat(passage) for c, passage in pairs])
        return np.asarray(np.where(verbatim, 1.0, p))

    def supported(self, pairs: list[tuple[str, str]]) -> list[bool]:
        return [bool(p >= 0.5) for p in self.probability(pairs)]


def balanced_accuracy(gold: list[bool], predicted: list[bool]) -> float:
    tp = sum(g and p for g, p in zip(gold, predicted, strict=True))
    tn = sum(not g and not p for g, p in zip(gold, predicted, strict=True))
    pos = sum(gold)
    neg = len(gold) - pos
    return 0.5 * (tp / pos if pos else 1.0) + 0.5 * (tn / neg if neg else 1.0)


def trained_judge(embedder: Embedder) -> Judge:
    return Judge(embedder).fit([c for c in load_claims() if c.split == "calib"])
