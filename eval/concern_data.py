"""Write the dev rows of the labelled complaints as the concern head's examples.

eval/data/complaints_facts.jsonl holds complaints written by people who never read the
concern cues, each with the concerns its writer meant; the dev rows (never the held-out
ones) train the concern head (indexer/concern_model.py). The indexer reads only
indexer/data/, so `python -m eval.concern_data` copies them there, and a test fails when the
copy is stale.
"""

from __future__ import annotations

import json
import sys

from eval.run import jsonl
from indexer.concern_model import DATA_NAME
from indexer.safety_model import DATA_DIR

OUT = DATA_DIR / DATA_NAME


def render(split: str = "dev") -> str:
    rows = [{"id": r["id"], "text": r["text"], "concern": r["concern"]}
            for r in jsonl("complaints_facts.jsonl") if r["split"] == split and r["concern"]]
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def main() -> int:
    text = render()
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {len(text.splitlines())} complaints to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
