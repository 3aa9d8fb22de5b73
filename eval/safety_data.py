"""Write the dev rows of the writers' safety sets as classifier examples.

The safety sets in eval/data were written by people who never read the screen's rules, in
rounds; their dev rows (never the held-out ones) are the most varied labelled messages the
project has, so the classifier's memory of nearest examples holds them too (not its linear
heads). The indexer reads only indexer/data/, so this copies them there:
`python -m eval.safety_data` writes indexer/data/safety_memory_writers.jsonl, and a test
fails when the copy is stale.

`python -m eval.safety_data --leave-out 6 5` measures how that carries to writers the
classifier never saw: each round is taken out of the examples, the classifier is trained
again without it, and the round is screened (the figures in the README).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any

from eval.run import jsonl
from indexer.safety_model import DATA_DIR

OUT = DATA_DIR / "safety_memory_writers.jsonl"
# What each writers' label means among the classifier's categories and danger markers.
KIND_CATEGORY = {"coercion": "coercive_control"}  # every other kind of intimidation: violence
GENERAL_CATEGORY = {"sexual_coercion": "violence"}
MARKER = {"gun_in_home": "weapon"}
SETS = ("safety_intimidation.jsonl", "danger_markers.jsonl", "safety_general.jsonl",
        "ordinary_stress.jsonl")


def examples_of(split: str = "dev") -> Iterator[dict[str, Any]]:
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
    rows = {json.dumps(e, ensure_ascii=False, sort_keys=True) for e in examples_of(split)}
    return "".join(f"{row}\n" for row in sorted(rows))


def leave_round_out(round_: int) -> dict[str, Any]:
    """The split report of writing round `round_`, screened by a classifier trained without
    that round's rows."""
    from eval.run import split_report
    from indexer import safety_model
    from indexer.embedding import MiniLMEmbedder
    from server.prompts import Prompts
    from server.safety.screen import SafetyScreen
    from server.settings import Settings

    settings = Settings()
    embedder = MiniLMEmbedder(threads=settings.embed_threads)
    left_out = {r["text"] for name in SETS for r in jsonl(name) if r.get("round") == round_}
    base = [p for p in safety_model.data_files() if p != OUT]
    examples = safety_model.load_examples(base) + [
        safety_model.Example(e["text"], e["category"], e.get("marker", "none"), True)
        for e in examples_of("dev") if e["text"] not in left_out]
    screen = SafetyScreen(embedder, safety_model.train(examples, embedder),
                          Prompts(settings.prompts_dir))
    return split_report(screen.screen, "dev", round_)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--leave-out"]:
        for round_ in argv[1:]:
            print(json.dumps({"round": int(round_), **leave_round_out(int(round_))}))
        return 0
    text = render()
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {len(text.splitlines())} examples to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
