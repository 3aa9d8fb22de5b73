"""Can the verifier admit a faithful sentence that is not a near-copy, and nothing else?

eval/data/verifier_pairs.jsonl holds (sentence, passage) pairs written by reading: for
passages of the article and of documents written for the purpose (eval/data/verifier/, so
the checks are not tuned to one text), faithful paraphrases in other words, and unfaithful
variants: a flipped negation or comparison, an added claim, a wrong cause, an invented
detail, an echo of the person's message, swapped roles, a changed degree, a dropped hedge.
The split is by passage; checks and thresholds are chosen on "dev" only (`--search` prints
the grid), "holdout" is reported as it comes. "origin" says when a pair was written: the
first set's dev and held-out pairs ("old-dev", "old-holdout") are both dev now, because
rules were written while reading two of the old held-out pairs; "fresh" pairs, on a third
document and on passages of the article not used before, are the held-out split.

The verifier is asked about faithfulness alone (`quoted=False`): in a reply it also refuses
a sentence that repeats a quoted one, which says nothing about whether it is true.

    python -m eval.verifier_set            # precision and recall, both splits
    python -m eval.verifier_set --search   # the threshold grid on dev
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer.embedding import Embedder
from server.chat.verify import Verifier
from server.retrieval import Excerpt

PAIRS = Path(__file__).parent / "data" / "verifier_pairs.jsonl"


@dataclass(frozen=True)
class Pair:
    """One labelled (sentence, passage) pair."""

    id: str
    split: str
    origin: str
    doc: str
    start: int
    end: int
    passage: str
    message: str
    sentence: str
    faithful: bool
    type: str
    was: str = ""  # where a pair was written, when it is not in that split now


def load_pairs(split: str | None = None) -> list[Pair]:
    rows = [json.loads(x) for x in PAIRS.read_text(encoding="utf-8").splitlines() if x]
    return [Pair(**r) for r in rows if split is None or r["split"] == split]


def judge(verifier: Verifier, pairs: list[Pair]) -> list[bool]:
    """The verifier's decision for each pair, on faithfulness alone."""
    out = []
    for p in pairs:
        passage = Excerpt(p.doc, "", p.passage, p.start, p.end, 1.0, 1.0, 0, (0,))
        (verdict,) = verifier.check([p.sentence], [passage], p.message, quoted=False)
        out.append(verdict.supported)
    return out


def scores(pairs: list[Pair], admitted: list[bool]) -> dict[str, Any]:
    tp = sum(a and p.faithful for p, a in zip(pairs, admitted, strict=True))
    fp = sum(a and not p.faithful for p, a in zip(pairs, admitted, strict=True))
    positives = sum(p.faithful for p in pairs)
    by_doc: dict[str, str] = {}
    for doc in sorted({p.doc for p in pairs}):
        mine = [(p, a) for p, a in zip(pairs, admitted, strict=True) if p.doc == doc]
        by_doc[doc] = (f"{sum(a for p, a in mine if p.faithful)}/"
                       f"{sum(p.faithful for p, _ in mine)} faithful admitted, "
                       f"{sum(a for p, a in mine if not p.faithful)}/"
                       f"{sum(not p.faithful for p, _ in mine)} unfaithful")
    return {"n": len(pairs), "faithful": positives,
            "precision": round(tp / (tp + fp), 3) if tp + fp else 1.0,
            "recall": round(tp / positives, 3) if positives else 0.0,
            "admitted_unfaithful": [p.id for p, a in zip(pairs, admitted, strict=True)
                                    if a and not p.faithful],
            "unfaithful_admitted_by_type": dict(Counter(
                p.type for p, a in zip(pairs, admitted, strict=True) if a and not p.faithful)),
            "by_doc": by_doc}


def verifier_report(embedder: Embedder) -> dict[str, Any]:
    """Precision and recall of the shipped verifier on both splits and on each origin, and
    of the rule it gets without word vectors (stems and prefixes only)."""
    verifier = Verifier(embedder)
    report: dict[str, Any] = {}
    everything = load_pairs()
    admitted = dict(zip((p.id for p in everything), judge(verifier, everything), strict=True))
    for split in ("dev", "holdout"):
        pairs = [p for p in everything if p.split == split]
        report[split] = scores(pairs, [admitted[p.id] for p in pairs])
    report["by_origin"] = {}
    for origin in sorted({p.origin for p in everything}):
        pairs = [p for p in everything if p.origin == origin]
        report["by_origin"][origin] = {k: v for k, v in scores(
            pairs, [admitted[p.id] for p in pairs]).items() if k in ("n", "precision", "recall")}
    strict = Verifier(embedder, word_cosine=1.01)
    report["without_word_vectors"] = {k: v for k, v in scores(everything, judge(strict, everything))
                                  .items() if k in ("precision", "recall")}
    return report


GRID = {"min_cosine": (0.0, 0.5, 0.55, 0.6, 0.65), "word_cosine": (0.7, 0.75, 0.8, 1.01),
        "redundant": (0.88, 0.9, 0.91, 0.92, 0.93, 0.94, 0.95)}


def search(embedder: Embedder, floor: float = 0.95) -> list[dict[str, Any]]:
    """Every point of GRID on dev, best recall first among those with precision >= floor."""
    pairs = load_pairs("dev")
    rows = []
    for values in itertools.product(*GRID.values()):
        options = dict(zip(GRID, values, strict=True))
        s = scores(pairs, judge(Verifier(embedder, **options), pairs))
        rows.append({**options, "precision": s["precision"], "recall": s["recall"]})
    rows.sort(key=lambda r: (r["precision"] >= floor, r["recall"], r["precision"]),
              reverse=True)
    return rows


def main() -> None:
    from indexer.embedding import CachedEmbedder, MiniLMEmbedder

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--search", action="store_true", help="print the grid on dev")
    args = parser.parse_args()
    embedder = CachedEmbedder(MiniLMEmbedder(threads=1), size=100_000)
    if args.search:
        for row in search(embedder)[:15]:
            print(row)
        return
    print(json.dumps(verifier_report(embedder), indent=2))


if __name__ == "__main__":
    main()
