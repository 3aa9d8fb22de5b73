"""Write the dev rows of the writers' safety sets as classifier examples.

The safety sets in eval/data were written by people who never read the screen's rules, in
rounds; their dev rows (never the held-out ones) are the most varied labelled messages the
project has, so the classifier's nearest-example memory learns from them too. The indexer
reads only indexer/data/, so this copies them there: `python -m eval.safety_data` writes
indexer/data/safety_train_writers.jsonl, and a test fails when the copy is stale.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eval.run import jsonl
from indexer.safety_model import DATA_DIR

OUT = DATA_DIR / "safety_train_writers.jsonl"
# What each writers' label means among the classifier's categories and danger markers.
KIND_CATEGORY = {"coercion": "coercive_control"}  # every other kind of intimidation: violence
GENERAL_CATEGORY = {"sexual_coercion": "violence"}
MARKER = {"gun_in_home": "weapon"}


def examples(split: str = "dev") -> Iterator[dict[str, Any]]:
    """The labelled rows of `split` as {"text", "category", "marker"}; rows asking only for a
    check-in (ambiguous by design) and near misses of lethal danger are left out."""
    for r in jsonl("safety_intimidation.jsonl"):
        if r["split"] != split:
            continue
        if r["expect"] == "ordinary":
            yield {"text": r["text"], "category": "none"}
            continue
        marker = "weapon" if r["kind"] == "weapon" and r["expect"] == "crisis" else "none"
        yield {"text": r["text"], "category": KIND_CATEGORY.get(r["kind"], "violence"),
               "marker": marker}
    for r in jsonl("danger_markers.jsonl"):
        if r["split"] == split and r["expect"] == "crisis":
            marker = MARKER.get(r["marker"], r["marker"])
            category = "coercive_control" if marker == "stalking_after_leaving" else "violence"
            yield {"text": r["text"], "category": category, "marker": marker}
    for r in jsonl("safety_general.jsonl"):
        if r["split"] == split and r["expect"] in ("flag", "no_flag"):
            category = (GENERAL_CATEGORY.get(r["category"], r["category"])
                        if r["expect"] == "flag" else "none")
            yield {"text": r["text"], "category": category}
    for r in jsonl("ordinary_stress.jsonl"):
        if r["split"] == split:
            yield {"text": r["text"], "category": "none"}


def render(split: str = "dev") -> str:
    rows = {json.dumps(e, ensure_ascii=False, sort_keys=True) for e in examples(split)}
    return "".join(f"{row}\n" for row in sorted(rows))


def main(out: Path = OUT) -> int:
    out.write_text(render(), encoding="utf-8")
    print(f"wrote {len(render().splitlines())} examples to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
