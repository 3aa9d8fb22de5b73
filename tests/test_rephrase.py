from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from indexer.chunking import chunk_document
from indexer.documents import load_corpus
from indexer.embedding import MiniLMEmbedder
from server.http.app import create_app
from server.prompts import Prompts
from server.rephrase import framing
from server.rephrase.pipeline import Rephraser
from server.safety.screen import SafetyScreen
from server.settings import ROOT, Settings
from tests.conftest import CORPUS
from tests.fakes import FakeGenerator

COMPLAINTS = json.loads((ROOT / "eval/data/complaints_dev.json").read_text())
TEXT = {d.doc_id: d.text for d in load_corpus(CORPUS)}
PARAGRAPHS = [c for d in load_corpus(CORPUS) for c in chunk_document(d) if c.kind == "paragraph"]


@pytest.fixture(scope="module")
def rephraser(index_dir: Path, embedder: MiniLMEmbedder) -> Rephraser:
    prompts = Prompts(Settings().prompts_dir)
    return Rephraser.from_settings(Settings(), FakeGenerator(), prompts, PARAGRAPHS,
                                   SafetyScreen.load(index_dir, embedder, prompts))


@pytest.fixture
def client(settings: Settings, embedder: MiniLMEmbedder) -> Iterator[TestClient]:
    with TestClient(create_app(settings, embedder=embedder, generator=FakeGenerator())) as c:
        yield c


@pytest.mark.parametrize("item", COMPLAINTS, ids=[c["id"] for c in COMPLAINTS])
def test_every_dev_complaint(rephraser: Rephraser, item: dict[str, str]) -> None:
    result = rephraser.rephrase(item["text"])
    assert result.safety is None
    if result.needs_clarification:
        assert item["id"] == "C25" and result.question
        return
    for text in [result.rephrased, *result.alternatives]:
        assert framing.check(text, source=item["text"]).hard_pass, text
    assert all(v["pass"] for k, v in result.checks.items()
               if k in {r.rule for r in framing.check(result.rephrased).results if r.hard})
    assert result.changes


def test_model_draft_wins_when_it_passes(index_dir: Path, embedder: MiniLMEmbedder) -> None:
    good = ("I miss talking with you in the evenings, and I want to feel close again. "
            "Could we take a walk after dinner tonight?")
    prompts = Prompts(Settings().prompts_dir)
    gen = FakeGenerator(good, "You never listen.")
    r = Rephraser.from_settings(Settings(), gen, prompts, PARAGRAPHS,
                                SafetyScreen.load(index_dir, embedder, prompts))
    result = r.rephrase("You never talk to me anymore.")
    assert result.source == "model" and result.rephrased == good
    assert "You never talk to me anymore." in gen.prompts[0]


def test_failing_drafts_fall_back_to_the_composer(rephraser: Rephraser) -> None:
    rephraser.generator = FakeGenerator("You are so lazy!!", "Whatever. Typical.")
    result = rephraser.rephrase("You're so selfish. Everything is always about your job.")
    assert result.source == "composer"
    assert framing.check(result.rephrased, source="x").hard_pass


def test_api_shape_and_citation(client: TestClient) -> None:
    r = client.post("/api/rephrase", json={"text": "You're always on your phone. Always."})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"rephrased", "alternatives", "changes", "checks", "citations",
                         "needs_clarification", "question", "safety"}
    assert body["needs_clarification"] is False and body["question"] is None
    assert body["checks"]["no_absolutes"]["pass"] is True
    (c,) = body["citations"]
    assert c["quote"].startswith("Lead with longing rather than complaint.")
    assert TEXT[c["doc"]][c["start"]:c["end"]] == c["quote"]
    assert c["section"] == "How to Start the Reconnection Conversation"


@pytest.mark.parametrize("text", ["ugh", "Nothing. Forget it. It's fine.", "whatever"])
def test_no_concern_asks_a_question(client: TestClient, text: str) -> None:
    body = client.post("/api/rephrase", json={"text": text}).json()
    assert body["needs_clarification"] is True
    assert body["question"] and body["question"].endswith("?")
    assert body["rephrased"] == ""


def test_gentle_input_is_changed_lightly(client: TestClient) -> None:
    body = client.post("/api/rephrase", json={"text": "I miss you."}).json()
    assert body["rephrased"].startswith("I miss you.")
    assert any("already" in note for note in body["changes"])


@pytest.mark.parametrize(("payload", "field"), [
    ({"text": ""}, "text"), ({"text": "  "}, "text"), ({"text": "x" * 2001}, "text"),
    ({}, "text"), ({"text": "hi", "extra": 1}, "extra"),
])
def test_bad_input(client: TestClient, payload: dict, field: str) -> None:
    r = client.post("/api/rephrase", json=payload)
    assert r.status_code == 422
    assert field in [e["loc"][-1] for e in r.json()["detail"]]


# --- a check-in comes beside the rephrasing; support and crisis replace it ----------------------
SAFETY_DEV = json.loads((ROOT / "eval/data/safety_dev.json").read_text())
SCREENED = SAFETY_DEV["borderline"] + SAFETY_DEV["must_catch"][:4]


@pytest.mark.parametrize("text", SCREENED)
def test_only_support_and_crisis_replace_the_rephrasing(rephraser: Rephraser, text: str) -> None:
    screened = rephraser.screen.screen(text)
    result = rephraser.rephrase(text, use_model=False)
    assert result.safety is not None and result.safety["action"] == screened.action
    if screened.replaces_job:
        assert result.rephrased == "" and result.alternatives == [] and result.question is None
    else:
        assert result.safety["action"] == "check_in"
        assert result.rephrased or (result.needs_clarification and result.question)
        if result.rephrased:
            assert framing.check(result.rephrased, source=text).hard_pass, result.rephrased


def test_the_dev_sets_hold_check_ins(rephraser: Rephraser) -> None:
    """So the table above checks both paths, not only one."""
    actions = {rephraser.screen.screen(t).action for t in SAFETY_DEV["borderline"]}
    assert {"check_in", "support"} <= actions


def test_api_returns_a_check_in_beside_the_opening(client: TestClient) -> None:
    text = next(t for t in SAFETY_DEV["borderline"] if "phone" in t)
    body = client.post("/api/rephrase", json={"text": text}).json()
    assert body["safety"]["action"] == "check_in"
    assert body["safety"]["resources"] and body["safety"]["message"]
    assert body["rephrased"] and body["alternatives"] and body["changes"]
    assert framing.check(body["rephrased"], source=text).hard_pass


# --- specific: the thing missed, or a question asking for it ----------------------------------
DETAILS = json.loads((ROOT / "eval/data/complaints_details.json").read_text())
NO_DETAIL = [c["text"] for c in COMPLAINTS
             if not DETAILS[c["id"]]["missed"] and c["id"] != "C25"]


@pytest.mark.parametrize("text", NO_DETAIL)
def test_nothing_concrete_gets_an_opening_and_a_question(rephraser: Rephraser,
                                                         text: str) -> None:
    result = rephraser.rephrase(text, use_model=False)
    assert result.rephrased and not result.needs_clarification
    assert result.question in rephraser.composer.phrases.detail_questions


def test_something_concrete_asks_nothing(rephraser: Rephraser) -> None:
    result = rephraser.rephrase("He hasn't kissed me goodbye in months.", use_model=False)
    assert result.question is None
    assert "kiss me goodbye" in result.rephrased
    assert any("as what you miss" in note for note in result.changes)


def test_a_draft_that_drops_the_thing_missed_loses(index_dir: Path,
                                                   embedder: MiniLMEmbedder) -> None:
    text = "She never kisses me goodbye anymore."
    vague = ("I miss your touch and being close to you, and I'd love more closeness. "
             "Could we cuddle on the couch tonight?")
    specific = ("I miss the way you used to kiss me goodbye, and I'd love that closeness "
                "again. Would you kiss me goodbye tomorrow morning?")
    prompts = Prompts(Settings().prompts_dir)
    screen = SafetyScreen.load(index_dir, embedder, prompts)
    for drafts, source in (((vague, vague), "composer"), ((vague, specific), "model")):
        gen = FakeGenerator(*drafts)
        r = Rephraser.from_settings(Settings(), gen, prompts, PARAGRAPHS, screen)
        assert framing.check(vague, source=text).hard_pass  # it would pass every rule
        result = r.rephrase(text)
        assert result.source == source, result.rephrased
        assert "kiss" in result.rephrased
        assert "kissing me goodbye" in gen.prompts[0]  # the prompt names the thing missed
