"""Search the answer finder's weights on the dev split, and show what they give on both splits.

    python -m eval.answer_weights [--index-dir DIR]

Prints, for the weights in server/chat/answer.py and for the best found on dev, how often
the first chosen stretch answers the message ("top") and how often either of the first two
does, then the answers and filler of the whole choice (with its second-stretch margin).
The holdout split is never used to choose anything.
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

import numpy as np

from eval.talk import load_items
from server.chat import answer
from server.chat.answer import AnswerFinder, answer_query
from server.runtime import load_retriever
from server.settings import Settings

GRID = {"questions": (0.0, 0.5, 1.0), "sentence": (0.0, 0.25, 0.5),
        "paragraph": (0.0, 0.25), "section": (0.0, 0.5, 1.0), "keyword": (0.0, 0.1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index-dir", type=Path, default=None)
    args = parser.parse_args()
    settings = Settings(**({"index_dir": args.index_dir} if args.index_dir else {}))
    finder = AnswerFinder(load_retriever(settings))
    texts = [s.text for s in finder.sentences]
    cases = {}
    for split in ("dev", "holdout"):
        items = load_items(split)
        by_id = {i.id: i for i in items}
        rows = []
        for item in items:
            if item.kind == "out_of_scope":
                continue
            earlier = [by_id[item.follow_up_of].message] if item.follow_up_of else []
            evidence = finder.evidence(answer_query(item.message, earlier))
            gold = np.array([[texts[i] in item.answers for i in u.sentences]
                             for u in finder.units], dtype=object)
            rows.append((evidence, gold))
        cases[split] = rows

    def score(weights: dict[str, float], split: str) -> tuple[float, float]:
        top = two = 0
        for evidence, gold in cases[split]:
            total = sum(weights[k] * v for k, v in evidence.items())
            order = np.argsort(-total, kind="stable")
            first, second = any(gold[order[0]]), any(gold[order[1]])
            top += first
            two += first or second
        n = len(cases[split])
        return round(top / n, 3), round(two / n, 3)

    print("current", answer.WEIGHTS, "dev", score(answer.WEIGHTS, "dev"),
          "holdout", score(answer.WEIGHTS, "holdout"))
    best: tuple[tuple[float, float], dict[str, float]] | None = None
    for values in itertools.product(*GRID.values()):
        weights = {"question": 1.0, **dict(zip(GRID, values, strict=True))}
        result = score(weights, "dev")
        if best is None or result > best[0]:
            best = (result, weights)
    assert best is not None
    print("best on dev", best[1], "dev", best[0], "holdout", score(best[1], "holdout"))

    def choice(weights: dict[str, float], split: str, margin: float) -> tuple[float, float]:
        """Answers and filler (quoted sentences that answer nothing) of the whole choice."""
        answered = quoted = filler = 0
        for evidence, gold in cases[split]:
            total: np.ndarray = sum(  # type: ignore[assignment]
                weights[k] * v for k, v in evidence.items())
            order = np.argsort(-total, kind="stable")
            picked = [order[0]]
            second = next((u for u in order[1:] if finder.units[u].paragraph
                           != finder.units[order[0]].paragraph), None)
            if second is not None and total[order[0]] - total[second] <= margin:
                picked.append(second)
            flags = [g for u in picked for g in gold[u]]
            answered += any(flags)
            quoted += len(flags)
            filler += flags.count(False)
        return round(answered / len(cases[split]), 3), round(filler / max(quoted, 1), 3)

    for margin in (0.0, 0.02, 0.04, 0.06, 0.1):
        print(f"second stretch within {margin}:",
              {split: choice(answer.WEIGHTS, split, margin) for split in cases})

if __name__ == "__main__":
    main()
