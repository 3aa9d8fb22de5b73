"""The fast eval suite, with its thresholds: a regression in any of them fails CI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eval.judge import balanced_accuracy
from eval.run import (
    DATA,
    THRESHOLDS,
    answer_claims,
    concern_markers,
    get,
    jsonl,
    measured,
    mentions,
    run_eval,
)
from indexer.embedding import MiniLMEmbedder
from server.runtime import load_generator
from server.settings import Settings


@pytest.mark.parametrize(("gold", "predicted", "expected"), [
    ([True, True, False, False], [True, True, False, False], 1.0),
    ([True, True, False, False], [True, True, True, True], 0.5),
    ([True, False, False, False], [False, False, False, False], 0.5),
    ([True, False], [False, True], 0.0),
])
def test_balanced_accuracy(gold: list[bool], predicted: list[bool], expected: float) -> None:
    assert balanced_accuracy(gold, predicted) == expected


@pytest.mark.parametrize(("text", "variants", "expected"), [
    ("At my parents' house, I missed you.", ["parents"], True),  # a possessive plural
    ("At your sister's party, I missed you.", ["sister"], True),
    ("I'd love to be texted back.", ["text"], True),
    ("I miss our dinners.", ["dinner"], True),
    ("Could we plan the next one?", ["planning"], False),
    ("I love the parents-in-law.", ["parents"], False),
])
def test_mentions_a_fact_as_a_whole_word(text: str, variants: list[str], expected: bool) -> None:
    assert mentions(text, variants) is expected


FACTS = jsonl("complaints_facts.jsonl")


@pytest.mark.parametrize("row", FACTS, ids=[r["id"] for r in FACTS])
def test_complaints_facts_rows_are_labelled(row: dict[str, Any]) -> None:
    """Every row names its split, facts as groups of variants, and concerns the markers know;
    a row read once as held out says so ("was"), since it has been tuned on since."""
    assert row["split"] in {"dev", "holdout"}
    assert all(isinstance(g, list) and g for g in row["facts"])
    assert set(row["concern"]) <= concern_markers().keys()
    if str(row["id"])[0] in "HNR":
        assert row["split"] == "dev" and str(row["was"]).startswith("holdout, round")


def test_complaints_facts_ids_are_unique_and_rounds_are_dev() -> None:
    ids = [r["id"] for r in FACTS]
    assert len(ids) == len(set(ids))
    by_round = {p: sum(1 for r in FACTS if r["id"].startswith(p)) for p in "HND"}
    assert by_round["N"] == 46 and by_round["H"] == 36
    assert (DATA / "complaints_facts.jsonl").read_text().endswith("\n")


def test_a_set_with_no_rows_is_not_measured_rather_than_zero() -> None:
    report = {"rephrase": {"facts": {"holdout": {"n": 0, "facts_kept": None},
                                     "dev": {"n": 3, "facts_kept": 0.5}}}}
    assert get(report, "rephrase.facts.holdout.facts_kept") is None
    assert get(report, "rephrase.facts.dev.facts_kept") == 0.5
    with pytest.raises(KeyError):
        get(report, "rephrase.facts.dev.no_such_figure")


def test_answer_claims() -> None:
    answer = ("That sounds hard. Here is what the article says:\n\n"
              "“Time and setting matter. Choose a calm moment.” [1]\n\n“Be specific.” [2]")
    pairs, skipped = answer_claims(answer, {1: "A", 2: "B"})
    assert pairs == [("Time and setting matter. Choose a calm moment.", "A"),
                     ("Be specific.", "B")]
    assert skipped == 2
    pairs, skipped = answer_claims("Pick a calm time [1] [2]. So true. Ask her [3]",
                                   {1: "x", 2: "y"})
    assert pairs == [("Pick a calm time", "x y")] and skipped == 2  # "[3]" cites nothing


def test_a_gate_on_an_empty_held_out_round_is_unmeasured() -> None:
    """Between rounds the held-out split is empty: its gates wait, the dev gates still apply."""
    empty = {"disclosures": 0, "disclosure_recall": 0.0, "intimidation": {"n": 0, "flagged": 0.0}}
    report = {"safety": {"disclosures": 468, "disclosure_recall": 0.99, "holdout": empty,
                         "intimidation": {"n": 391, "support_recall": 0.99}}}
    assert not measured(report, "safety.holdout.disclosure_recall")
    assert not measured(report, "safety.holdout.intimidation.flagged")
    assert measured(report, "safety.disclosure_recall")
    assert measured(report, "safety.intimidation.support_recall")


@pytest.mark.eval
@pytest.mark.real_llm
def test_fast_suite_meets_its_thresholds(settings: Settings, embedder: MiniLMEmbedder,
                                         tmp_path: Path) -> None:
    report = run_eval(settings, "fast", tmp_path / "out", embedder=embedder,
                      generator=load_generator(settings.model_copy(update={"temperature": 0})))
    assert report["failures"] == []
    for name in ("report.json", "report.md", "chart.png"):
        assert (tmp_path / "out" / name).stat().st_size > 0
    saved = json.loads((tmp_path / "out" / "report.json").read_text())
    assert saved["thresholds"] == THRESHOLDS
    assert saved["chat"]["citation_validity"] == 1.0
    assert set(saved["latency"]) == {"chat", "rephrase", "excerpts"}
    assert saved["judge"]["guard_disagreement"] > 0  # the judge is not the guard


def _talk_sentences() -> dict[str, set[str]]:
    from eval.talk import DOCUMENTS
    from indexer.chunking import chunk_document
    from indexer.documents import parse_document
    from tests.conftest import CORPUS

    out = {}
    for path in [*CORPUS.glob("*.md"), *DOCUMENTS.glob("*.md")]:
        doc = parse_document(path.stem, path.read_text(encoding="utf-8"))
        out[path.stem] = {c.text for c in chunk_document(doc) if c.kind == "sentence"}
    return out


def test_talk_answer_keys_are_sentences_of_their_documents() -> None:
    """A key that is not a sentence the index splits out can never be quoted, so it would
    count every reply as a miss."""
    from eval.talk import QUESTIONS

    sentences = _talk_sentences()
    everywhere = set().union(*sentences.values())
    rows = [json.loads(x) for x in QUESTIONS.read_text(encoding="utf-8").splitlines() if x]
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    wrong = [(r["id"], s) for r in rows for s in r["answers"] if s not in sentences[r["doc"]]]
    wrong += [(r["id"], s) for r in rows for s in r.get("also", []) if s not in everywhere]
    assert not wrong
    assert {r["follow_up_of"] for r in rows} - {None} <= set(ids)
