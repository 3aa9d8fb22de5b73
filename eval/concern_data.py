"""Write the dev complaints of complaints_facts.jsonl as the concern's nearest examples.

Say it gently's concern is voted on by the labelled complaints a message is nearest to
(server/rephrase/examples.py). The product reads them from indexer/data/, so this copies
the dev rows there (never a held-out one): `python -m eval.concern_data` writes
indexer/data/concern_examples.jsonl, and a test fails when the copy is stale.

`python -m eval.concern_data --leave-out H N R S D T` measures how that carries to writers the
examples never held: each round (an id prefix) is taken out of the examples and its
complaints are read again, by the cues alone and with the vote (the concern detected, and
the concern kept by the composer's opening as eval/run.py scores it). No held-out row is
read. The figures in the README come from here.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

from eval.run import concern_markers, jsonl, score_opening
from server.rephrase.examples import DATA_FILE, ConcernMemory, Example

SOURCE = "complaints_facts.jsonl"


def examples_of(split: str = "dev") -> Iterator[dict[str, Any]]:
    """The labelled rows of `split` as {"id", "text", "concern"}."""
    for r in jsonl(SOURCE):
        if r["split"] == split and r["concern"]:
            yield {"id": r["id"], "text": r["text"], "concern": r["concern"]}


def rendered(split: str = "dev") -> str:
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in examples_of(split))


def write() -> None:
    DATA_FILE.write_text(rendered(), encoding="utf-8")
    print(f"wrote {sum(1 for _ in examples_of())} examples to {DATA_FILE}")


class _Unscreened:
    """For measuring the concern only: every complaint here is an ordinary one."""

    def screen(self, text: str) -> SimpleNamespace:
        return SimpleNamespace(flagged=False, replaces_job=False)

    def reply(self, screened: Any) -> None:
        return None


def leave_out(prefixes: list[str]) -> None:
    from pathlib import Path

    from indexer.embedding import MiniLMEmbedder
    from server.llm import GenerationParams
    from server.prompts import Prompts
    from server.rephrase.concern import TOPICS, detect_concern
    from server.rephrase.pipeline import Rephraser

    embedder = MiniLMEmbedder(threads=1)
    markers = concern_markers()
    rows = list(examples_of())
    params = GenerationParams(temperature=0.0, max_tokens=1, seed=0, repeat_penalty=1.0)
    for prefix in prefixes:
        kept = [Example(r["text"], tuple(r["concern"])) for r in rows
                if not r["id"].startswith(prefix)]
        memory = ConcernMemory(TOPICS, kept, embedder)
        tally: Counter[str] = Counter()
        for with_vote in (False, True):
            rephraser = Rephraser(None, Prompts(Path("prompts")), [], _Unscreened(),  # type: ignore[arg-type]
                                  params=params, candidates=0,
                                  memory=memory if with_vote else None)
            how = "vote" if with_vote else "cues"
            for r in (r for r in rows if r["id"].startswith(prefix)):
                found = detect_concern(r["text"], rephraser.memory)
                tally[f"{how} detected"] += bool(found and found.topic in r["concern"])
                opening = rephraser.rephrase(r["text"], use_model=False).rephrased
                tally[f"{how} kept"] += bool(opening) and score_opening(
                    opening, {**r, "facts": []}, markers)["concern"]
        n = sum(1 for r in rows if r["id"].startswith(prefix))
        print(f"{prefix} ({n}, {len(kept)} examples): " + ", ".join(
            f"{k} {v / max(n, 1):.3f}" for k, v in sorted(tally.items())))


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--leave-out"]:
        leave_out(args[1:] or list("HNRSDT"))
    else:
        write()
