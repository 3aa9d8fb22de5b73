"""Does Talk answer the question? Measured against answer keys written by reading the article.

eval/data/talk_questions.jsonl holds messages written as people write them, each with the
article sentences that answer it. A reply "answers" when it quotes at least one of them;
its other quoted sentences are "filler". Every model sentence the verifier lets into a
reply is checked against hand labels (eval/data/generated_labels.jsonl): a sentence
labelled unsupported fails CI, and sentences nobody has labelled yet are listed.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.stats import p50, p95
from indexer.vocabulary import split_sentences
from server.chat.pipeline import ChatResult, Done
from server.runtime import Runtime

DATA = Path(__file__).parent / "data"
QUESTIONS = DATA / "talk_questions.jsonl"
LABELS = DATA / "generated_labels.jsonl"


@dataclass(frozen=True)
class Item:
    """One message and the article sentences that answer it."""

    id: str
    split: str
    kind: str
    message: str
    follow_up_of: str | None
    feeling: bool
    answers: frozenset[str]


def load_items(split: str | None = None) -> list[Item]:
    items = [Item(r["id"], r["split"], r["kind"], r["message"], r["follow_up_of"],
                  r["feeling"], frozenset(r["answers"]))
             for r in map(json.loads, QUESTIONS.read_text(encoding="utf-8").splitlines()) if r]
    return [i for i in items if split is None or i.split == split]


def load_labels() -> dict[tuple[str, str], dict[str, str]]:
    """Hand labels of generated sentences, by (sentence, the quote it cites)."""
    if not LABELS.is_file():
        return {}
    rows = [json.loads(x) for x in LABELS.read_text(encoding="utf-8").splitlines() if x]
    return {(r["sentence"], r["quote"]): r for r in rows}


def quoted_sentences(result: ChatResult) -> list[list[str]]:
    """The article sentences each citation quotes."""
    return [[c.quote[s:e] for s, e in split_sentences(c.quote)] for c in result.citations]


@dataclass
class Tally:
    """Counts for one split."""

    answered: int = 0
    in_scope: int = 0
    quoted: int = 0
    filler: int = 0
    quotes: int = 0
    filler_quotes: int = 0
    out_of_scope: int = 0
    redirected: int = 0
    paths: Counter[str] = field(default_factory=Counter)
    first_text: list[float] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "n": self.in_scope + self.out_of_scope,
            "answers": round(self.answered / max(self.in_scope, 1), 3),
            "filler": round(self.filler / max(self.quoted, 1), 3),
            "filler_quotes": round(self.filler_quotes / max(self.quotes, 1), 3),
            "quotes_per_reply": round(self.quotes / max(self.in_scope, 1), 2),
            "out_of_scope_redirected": round(self.redirected / max(self.out_of_scope, 1), 3),
            "paths": dict(self.paths),
            "generated_share": round(self.paths["generated"] / max(sum(self.paths.values()), 1),
                                     3),
            "first_text_p50": round(p50(self.first_text), 3),
            "first_text_p95": round(p95(self.first_text), 3),
            "missed": self.missed,
        }


def run_items(runtime: Runtime, items: list[Item]) -> list[tuple[Item, ChatResult]]:
    """Each message through the real pipeline, follow-ups in their conversation."""
    sessions: dict[str, str] = {}
    out = []
    for item in items:
        session = sessions.get(item.follow_up_of or "")
        result = None
        for event in runtime.chat.stream(item.message, session):
            if isinstance(event, Done):
                result = event.result
        assert result is not None
        sessions[item.id] = result.session_id
        out.append((item, result))
    return out


def talk_report(runtime: Runtime, splits: tuple[str, ...] = ("dev",)) -> dict[str, Any]:
    labels = load_labels()
    report: dict[str, Any] = {}
    kept: list[dict[str, str]] = []
    for split in splits:
        tally = Tally()
        for item, result in run_items(runtime, load_items(split)):
            tally.paths[result.grounding] += 1
            tally.first_text.append(result.timings.get("first_text", 0.0))
            if item.kind == "out_of_scope":
                tally.out_of_scope += 1
                tally.redirected += result.grounding == "none"
                continue
            tally.in_scope += 1
            quotes = quoted_sentences(result)
            flat = [s for q in quotes for s in q]
            hit = any(s in item.answers for s in flat)
            tally.answered += hit
            tally.quoted += len(flat)
            tally.filler += sum(s not in item.answers for s in flat)
            tally.quotes += len(quotes)
            tally.filler_quotes += sum(not any(s in item.answers for s in q) for q in quotes)
            if not hit:
                tally.missed.append(item.id)
            cited = {c.n: c.quote for c in result.citations}
            for sentence in result.kept:
                text, _, marker = sentence.rpartition(" [")
                kept.append({"id": item.id, "sentence": text,
                             "quote": cited.get(int(marker.rstrip("]")), "")})
        report[split] = tally.summary()
    unsupported = [k for k in kept if labels.get((k["sentence"], k["quote"]), {}).get("label")
                   == "unsupported"]
    unlabelled = [k for k in kept if (k["sentence"], k["quote"]) not in labels]
    report["generated"] = {"kept": len(kept), "labelled_unsupported": len(unsupported),
                           "unlabelled": len(unlabelled), "unsupported_sentences": unsupported,
                           "unlabelled_sentences": unlabelled}
    return report
