"""The real default model (SmolLM2-135M-Instruct), temperature 0, fixed seed.

Exact wording can differ across CPUs and llama.cpp builds, so these assert structure:
grounding, exact citations, and that nothing unverified reaches the answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from indexer.documents import load_corpus
from indexer.embedding import MiniLMEmbedder
from server.http.app import create_app
from server.llm import GenerationParams, LlamaGenerator, Message
from server.runtime import load_generator
from server.settings import Settings
from tests.conftest import CORPUS

pytestmark = pytest.mark.real_llm
TEXT = {d.doc_id: d.text for d in load_corpus(CORPUS)}


@pytest.fixture(scope="module")
def llm() -> LlamaGenerator:
    generator = load_generator(Settings(temperature=0.0, seed=42))
    assert isinstance(generator, LlamaGenerator)
    return generator


@pytest.fixture
def client(settings: Settings, embedder: MiniLMEmbedder, llm: LlamaGenerator
           ) -> Iterator[TestClient]:
    settings = settings.model_copy(update={"temperature": 0.0, "seed": 42})
    with TestClient(create_app(settings, embedder=embedder, generator=llm)) as c:
        yield c


def test_model_generates_deterministically(llm: LlamaGenerator) -> None:
    prompt = llm.render([Message("user", "Say hello in three words.")])
    params = GenerationParams(temperature=0.0, max_tokens=12, seed=42, repeat_penalty=1.0)
    first = "".join(llm.stream(prompt, params))
    assert first.strip()
    assert "".join(llm.stream(prompt, params)) == first
    assert llm.count_tokens(prompt) > 5


@pytest.mark.parametrize("message", [
    "How do I bring up feeling distant with my husband?",
    "we only ever talk about the kids' schedules, is that normal?",
])
def test_real_answers_are_grounded(client: TestClient, message: str) -> None:
    body = client.post("/api/chat", json={"message": message}).json()
    assert body["grounding"] in ("generated", "extractive")
    assert body["citations"]
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", body["answer"])}
    assert markers == {c["n"] for c in body["citations"]}
    for c in body["citations"]:
        assert TEXT[c["doc"]][c["start"]:c["end"]] == c["quote"]


def test_real_stream_and_out_of_scope(client: TestClient) -> None:
    with client.stream("POST", "/api/chat", json={"message": "What is the capital of Peru?",
                                                  "stream": True}) as r:
        text = r.read().decode()
    assert "event: done" in text and "Lima" not in text
    assert '"grounding": "none"' in text
