from __future__ import annotations

from pathlib import Path

import pytest

from indexer.chunking import chunk_document
from indexer.documents import load_corpus, parse_document
from indexer.errors import CorpusError
from indexer.vocabulary import split_sentences
from tests.conftest import CORPUS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two?  Three", ["One.", "Two?", "Three"]),
        ("", []),
        ("No terminal punctuation", ["No terminal punctuation"]),
        ('He said "stop." Then left.', ['He said "stop."', "Then left."]),
        ("What would closeness look like? What kinds of talk?",
         ["What would closeness look like?", "What kinds of talk?"]),
        ("Wait... really? Yes!", ["Wait...", "really?", "Yes!"]),
        ("i miss u. ur always on ur phone", ["i miss u.", "ur always on ur phone"]),  # texting
        ("first line\nsecond line", ["first line", "second line"]),
        ("hi!!!you there?", ["hi!!!", "you there?"]),
        ("It costs 3.50 dollars. Fine.", ["It costs 3.50 dollars.", "Fine."]),
        ("  padded.   Spaces.  ", ["padded.", "Spaces."]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_split_sentences_offset() -> None:
    assert split_sentences("A b. C d.", offset=10) == [(10, 14), (15, 19)]


def test_every_corpus_chunk_is_exact() -> None:
    for doc in load_corpus(CORPUS):
        raw = (CORPUS / f"{doc.doc_id}.md").read_bytes().decode("utf-8")
        chunks = [c for c in chunk_document(doc) if c.kind not in ("hint", "question")]
        assert chunks
        for chunk in chunks:
            assert raw[chunk.start:chunk.end] == chunk.text


def test_article_structure() -> None:
    (doc,) = load_corpus(CORPUS)
    chunks = chunk_document(doc)
    sections = [c for c in chunks if c.kind == "section"]
    sentences = [c for c in chunks if c.kind == "sentence"]
    assert doc.title == "How to Reconnect with Your Partner"
    assert sections[0].section == doc.title  # the intro belongs to the title
    assert "How to Start the Reconnection Conversation" in {s.section for s in sections}
    assert len(sections) == 14
    assert len(sentences) > 180
    assert [s.sentence_index for s in sentences] == list(range(len(sentences)))
    # every sentence of the seed text appears whole in some sentence chunk's paragraph
    assert any(s.text == "Lead with longing rather than complaint." for s in sentences)


MD = """---
title: Tiny
source: test
---

# Tiny

Intro one. Intro two.

## First

Para a. Para b?

Para c!

## Second

Last words.
"""


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("section", ["Tiny", "First", "Second"]),
        ("paragraph", ["Intro one. Intro two.", "Para a. Para b?", "Para c!", "Last words."]),
        ("sentence", ["Intro one.", "Intro two.", "Para a.", "Para b?", "Para c!", "Last words."]),
    ],
)
def test_chunk_table(kind: str, expected: list[str]) -> None:
    doc = parse_document("tiny", MD)
    chunks = [c for c in chunk_document(doc) if c.kind == kind]
    names = [c.section if kind == "section" else c.text for c in chunks]
    assert names == expected
    for c in chunks:
        assert MD[c.start:c.end] == c.text


def test_sentence_sections() -> None:
    doc = parse_document("tiny", MD)
    got = {c.text: c.section for c in chunk_document(doc) if c.kind == "sentence"}
    assert got["Intro two."] == "Tiny"
    assert got["Para c!"] == "First"
    assert got["Last words."] == "Second"


def test_loader_reads_several_documents(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text("# Bee\n\nBuzz. Hum.\n", encoding="utf-8")
    (tmp_path / "a.md").write_text(MD, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    docs = load_corpus(tmp_path)
    assert [(d.doc_id, d.title) for d in docs] == [("a", "Tiny"), ("b", "Bee")]
    assert docs[0].source == "test" and docs[1].source == ""


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "no Markdown documents"),
        ({"x.md": "no title here\n"}, "no title"),
        ({"x.md": "---\nnot a pair\n---\n# T\n"}, "front-matter line"),
        ({"x.md": "# T\n\nText.\n", "x.hints.json": "{not json"}, "not valid JSON"),
        ({"x.md": "# T\n\nText.\n", "x.hints.json": '{"Nope": ["q"]}'},
         "section the document lacks"),
    ],
)
def test_corpus_errors(tmp_path: Path, files: dict[str, str], message: str) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        load_corpus(tmp_path)


def test_missing_corpus_folder(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="corpus folder not found"):
        load_corpus(tmp_path / "nope")
