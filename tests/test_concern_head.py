"""The concern head: trained by the index from labelled complaints, read beside the cues."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.run import jsonl
from indexer import concern_model
from indexer.build import build_index
from indexer.embedding import MiniLMEmbedder
from indexer.errors import IndexerError
from indexer.store import CONCERN
from server.rephrase.concern import ConcernHead, detect_concern

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _labelled(folder: Path, rows: list[dict[str, object]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    concern_model.data_file(folder).write_text(
        "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return folder


# Made up for this test, nothing like the dev complaints: two topics, told apart only by
# what they are about.
TOUCH = ["you never hug me anymore", "i miss holding your hand on walks",
         "we haven't cuddled on the sofa in months", "a kiss goodbye would be nice sometimes"]
HOME = ["the dishes sat in the sink all weekend again", "i did all the laundry by myself",
        "who do you think cleans the bathroom", "the bins never take themselves out"]


def test_the_index_trains_the_head_and_the_screen_reads_it(
        tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    data = _labelled(tmp_path / "data", [{"text": t, "concern": ["touch"]} for t in TOUCH]
                     + [{"text": t, "concern": ["home"]} for t in HOME])
    index = tmp_path / "index"
    report = build_index(CORPUS, index, embedder.model_id, lambda: embedder, safety_dir=data)
    assert (index / CONCERN).is_file() and report.status == "built"
    head = ConcernHead.load(index, embedder)
    assert head is not None
    chores = head("the kitchen floor is sticky and i'm the only one who mops")
    arms = head("i just want you to put your arms around me")
    assert max(chores, key=chores.__getitem__) == "home"
    assert max(arms, key=arms.__getitem__) == "touch"
    assert sum(arms.values()) == pytest.approx(1.0)


def test_no_labelled_complaints_means_no_head(tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    index = tmp_path / "index"
    build_index(CORPUS, index, embedder.model_id, lambda: embedder,
                safety_dir=tmp_path / "nothing")
    assert not (index / CONCERN).exists()
    assert ConcernHead.load(index, embedder) is None


def test_a_change_to_the_complaints_rebuilds(tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    data = _labelled(tmp_path / "data", [{"text": t, "concern": ["touch"]} for t in TOUCH]
                     + [{"text": t, "concern": ["home"]} for t in HOME])
    index = tmp_path / "index"
    build_index(CORPUS, index, embedder.model_id, lambda: embedder, safety_dir=data)
    again = build_index(CORPUS, index, embedder.model_id, lambda: embedder, safety_dir=data)
    assert again.status == "unchanged"
    _labelled(data, [{"text": t, "concern": ["touch"]} for t in TOUCH]
              + [{"text": t, "concern": ["home"]} for t in HOME[:2]])
    assert build_index(CORPUS, index, embedder.model_id, lambda: embedder,
                       safety_dir=data).status == "built"


@pytest.mark.parametrize("row", [{"text": "x", "concern": ["hugs"]}, {"text": "x", "concern": []}])
def test_an_unknown_or_missing_concern_names_its_line(tmp_path: Path,
                                                       row: dict[str, object]) -> None:
    data = _labelled(tmp_path, [{"text": "fine", "concern": ["home"]}, row])
    with pytest.raises(IndexerError, match=r"concern_examples\.jsonl:2"):
        concern_model.load_examples(concern_model.data_file(data))


def test_the_head_weighs_in_but_never_finds_a_concern_alone() -> None:
    text = "you're always on your phone at dinner and you never help with the dishes after"
    cues = detect_concern(text)
    assert cues is not None
    other = "home" if cues.topic != "home" else "attention"
    assert detect_concern(text, {other: 1.0}).topic == other  # type: ignore[union-attr]
    assert detect_concern(text, {cues.topic: 1.0}).topic == cues.topic  # type: ignore[union-attr]
    assert detect_concern("ugh. whatever.", {"touch": 1.0}) is None


def test_the_labelled_complaints_are_dev_rows_only_and_current() -> None:
    from eval import concern_data

    assert concern_data.OUT.read_text(encoding="utf-8") == concern_data.render(), \
        "stale: run `python -m eval.concern_data`"
    held_out = {r["text"] for r in jsonl("complaints_facts.jsonl") if r["split"] == "holdout"}
    trained = {r.text for r in concern_model.load_examples(concern_data.OUT)}
    assert trained and not trained & held_out


def test_the_shipped_rephraser_reads_with_the_head(index_dir: Path,
                                                   embedder: MiniLMEmbedder) -> None:
    """The real index carries the head, and the rephraser's reading is the cues plus it."""
    head = ConcernHead.load(index_dir, embedder)
    assert head is not None and set(head.classes) == set(concern_model.TOPICS)
    text = "you decidd we're doing xmas at ur mums without evn asking me, agian"
    assert detect_concern(text, head(text)).topic == "planning"  # type: ignore[union-attr]
