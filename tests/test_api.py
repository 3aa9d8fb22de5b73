from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from indexer.embedding import MiniLMEmbedder
from indexer.errors import IndexMissing
from indexer.store import FORMAT_VERSION
from server.http.app import create_app
from server.settings import Settings
from tests.conftest import CORPUS


@pytest.fixture
def client(settings: Settings, embedder: MiniLMEmbedder) -> Iterator[TestClient]:
    with TestClient(create_app(settings, embedder=embedder)) as c:
        yield c


def test_one_embedder_serves_screen_search_and_verifier(client: TestClient) -> None:
    """A message screened for safety is not embedded again to search (one cache, one model)."""
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    assert runtime.retriever.embedder is runtime.embedder is runtime.screen.embedder
    before = len(runtime.embedder)
    client.get("/api/excerpts", params={"topic": "a topic nobody has asked about yet"})
    assert len(runtime.embedder) == before + 1


def test_health(client: TestClient, embedder: MiniLMEmbedder) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["index"]["format_version"] == FORMAT_VERSION
    assert "how-to-reconnect-with-your-partner" in body["index"]["documents"]
    assert body["models"]["embedder"] == embedder.model_id


def test_excerpts(client: TestClient) -> None:
    text = (CORPUS / "how-to-reconnect-with-your-partner.md").read_bytes().decode("utf-8")
    r = client.get("/api/excerpts", params={"topic": "physical affection", "k": 3})
    assert r.status_code == 200
    body = r.json()
    assert body["topic"] == "physical affection"
    assert len(body["excerpts"]) == 3
    for e in body["excerpts"]:
        assert set(e) == {"doc", "section", "quote", "start", "end", "score"}
        assert text[e["start"]:e["end"]] == e["quote"]


def test_excerpts_default_k(client: TestClient) -> None:
    assert len(client.get("/api/excerpts", params={"topic": "shared laughter"}).json()
               ["excerpts"]) == 3


def test_excerpts_uncovered(client: TestClient) -> None:
    r = client.get("/api/excerpts", params={"topic": "how to change a car tyre"})
    assert r.status_code == 200 and r.json()["excerpts"] == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"topic": ""}, "topic"),
        ({"topic": "   "}, "topic"),
        ({}, "topic"),
        ({"topic": "x" * 1001}, "topic"),
        ({"topic": "affection", "k": 0}, "k"),
        ({"topic": "affection", "k": 21}, "k"),
        ({"topic": "affection", "k": "three"}, "k"),
    ],
)
def test_excerpts_bad_input(client: TestClient, params: dict[str, object], field: str) -> None:
    r = client.get("/api/excerpts", params=params)
    assert r.status_code == 422
    assert [e["loc"] for e in r.json()["detail"]] == [["query", field]]


def test_missing_index_fails_at_startup(tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    settings = Settings(corpus_dir=CORPUS, data_dir=tmp_path)
    with pytest.raises(IndexMissing, match="reconnect index"), \
            TestClient(create_app(settings, embedder=embedder)):
        pass


DANGER = "he said he will kill me if I leave"


def test_every_job_gives_the_same_crisis_reply(client: TestClient) -> None:
    """A threat to kill around leaving gets the emergency-first reply in Talk, Say it gently
    and Find passages alike, with its help lines, and none of the jobs runs."""
    chat = client.post("/api/chat", json={"message": DANGER}).json()
    rephrase = client.post("/api/rephrase", json={"text": DANGER}).json()
    excerpts = client.get("/api/excerpts", params={"topic": DANGER}).json()
    safety = chat["safety"]
    assert rephrase["safety"] == safety and excerpts["safety"] == safety
    assert safety["action"] == "crisis"
    assert safety["resources"][0]["contact"] == "Call 911"
    assert "911 in the US" in safety["message"] and "if you leave" in safety["message"]
    assert chat["answer"] == safety["message"] and chat["citations"] == []
    assert rephrase["rephrased"] == "" and excerpts["excerpts"] == []
