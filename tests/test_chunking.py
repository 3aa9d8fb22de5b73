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
        # never inside a quotation, or after a common abbreviation
        ("“How are you? Are you okay?” Then quiet.", ["“How are you? Are you okay?”",
                                                     "Then quiet."]),
        ('She said "I miss us. Can we talk?" and smiled.',
         ['She said "I miss us. Can we talk?"', "and smiled."]),
        ('he said "fine. whatever', ['he said "fine.', "whatever"]),  # an unclosed mark
        ("Dr. Gottman found this. See e.g. his book.", ["Dr. Gottman found this.",
                                                        "See e.g. his book."]),
        ("We cook, clean, etc. Then sleep.", ["We cook, clean, etc.", "Then sleep."]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in split_sentences(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A paragraph that goes\non. Over two lines.", ["A paragraph that goes\non.",
                                                          "Over two lines."]),
        ('“Are you here? Really?” she asked. Yes.', ["“Are you here? Really?” she asked.",
                                                     "Yes."]),
        ("one line\n“a quote that goes\non and on.” Done.", ["one line\n“a quote that goes"
                                                              "\non and on.”", "Done."]),
    ],
)
def test_split_sentences_of_a_document(text: str, expected: list[str]) -> None:
    """In a document a line break is a space: hard-wrapped Markdown splits like prose."""
    assert [text[s:e] for s, e in split_sentences(text, lines=False)] == expected


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


# --- Markdown structure ------------------------------------------------------------------------

STRUCTURED = """---
title: Structured
source: test
---

# Structured

Couples drift for many reasons. A few signs include:

- **You talk only about tasks.** Bills, lifts and the shopping.
- Your free time runs on *separate* tracks.
1) Numbered, with a [link](https://example.org) inside.

> > “In order to feel close, you have to be seen.
> > That takes courage.” — a reader

Setext heading
--------------

A hard-wrapped paragraph
that goes on. Escaped \\*stars\\* and `code`.

```
a code block. Not text.
```

Research identifies several daily practices that help.

Shared laughter. It sounds trivial but isn't.

Time and setting matter. Choose a calm moment.
"""


def _structured() -> list:
    return chunk_document(parse_document("s", STRUCTURED))


@pytest.mark.parametrize(("text", "role", "pieces"), [
    ("Couples drift for many reasons. A few signs include:", "intro",
     ["Couples drift for many reasons. A few signs include:"]),
    ("You talk only about tasks. Bills, lifts and the shopping.", "item",
     ["You talk only about tasks.", "Bills, lifts and the shopping."]),
    ("Your free time runs on separate tracks.", "item",
     ["Your free time runs on", "separate", "tracks."]),
    ("Numbered, with a link inside.", "item", ["Numbered, with a", "link", "inside."]),
    ("“In order to feel close, you have to be seen. That takes courage.” — a reader", "quote",
     ["“In order to feel close, you have to be seen.", "That takes courage.” — a reader"]),
    ("A hard-wrapped paragraph\nthat goes on. Escaped *stars* and code.", "text",
     ["A hard-wrapped paragraph\nthat goes on. Escaped", "*stars", "* and", "code", "."]),
    ("Research identifies several daily practices that help.", "intro",
     ["Research identifies several daily practices that help."]),
    ("Shared laughter. It sounds trivial but isn't.", "item",
     ["Shared laughter. It sounds trivial but isn't."]),
    ("Time and setting matter. Choose a calm moment.", "item",
     ["Time and setting matter. Choose a calm moment."]),
])
def test_markdown_paragraphs(text: str, role: str, pieces: list[str]) -> None:
    """Markup is never part of a chunk's text; where it sits inside, the chunk is pieces."""
    (para,) = [c for c in _structured() if c.kind == "paragraph" and c.text == text]
    assert para.role == role
    assert [STRUCTURED[s:e] for s, e in para.spans()] == pieces


def test_markdown_sections_and_leads() -> None:
    chunks = _structured()
    assert [c.text for c in chunks if c.kind == "heading"] == ["Structured", "Setext heading"]
    leads = [c.text for c in chunks if c.kind == "sentence" and c.role == "lead"]
    assert leads == ["You talk only about tasks.", "Your free time runs on separate tracks.",
                     "Numbered, with a link inside.", "Shared laughter.",
                     "Time and setting matter."]
    groups = {c.text: c.group for c in chunks if c.kind == "paragraph"}
    assert groups["Couples drift for many reasons. A few signs include:"] == groups[
        "Numbered, with a link inside."] >= 0  # the introduction and its items are one list
    assert groups["Research identifies several daily practices that help."] == groups[
        "Shared laughter. It sounds trivial but isn't."] >= 0  # an implicit list
    assert not any("code block" in c.text for c in chunks if c.kind != "section")


@pytest.mark.parametrize(("item", "sentences"), [
    ("- **Eat together.** Even ten minutes helps.", ["Eat together.", "Even ten minutes helps."]),
    ("- **Rest:** sleep comes first.", ["Rest:", "sleep comes first."]),
    ("- **Eat together** - even ten minutes helps.", ["Eat together", "even ten minutes helps."]),
    ("- **If you are the talker,** ask first.", ["If you are the talker, ask first."]),
    ("- **Ask** one question a day.", ["Ask one question a day."]),
])
def test_a_bold_lead_is_a_sentence_only_when_it_ends_like_one(item: str,
                                                              sentences: list[str]) -> None:
    doc = parse_document("b", f"# Leads\n\nA few things help:\n\n{item}\n")
    got = [c.text for c in chunk_document(doc) if c.kind == "sentence"]
    assert got[1:] == sentences


DOCUMENTS = [CORPUS / "how-to-reconnect-with-your-partner.md",
             *sorted((CORPUS.parent / "eval" / "data" / "documents").glob("*.md"))]
MARKUP = ("- ", "* ", "> ", "#", "1. ", "1) ")


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_every_piece_is_exact_and_free_of_markup(path: Path) -> None:
    raw = path.read_bytes().decode("utf-8")
    chunks = [c for c in chunk_document(parse_document(path.stem, raw))
              if c.kind in ("heading", "paragraph", "sentence")]
    assert chunks
    for chunk in chunks:
        pieces = [raw[s:e] for s, e in chunk.spans()]
        assert "".join("".join(pieces).split()) == "".join(chunk.text.split())
        for piece in pieces:
            assert piece == piece.strip() and piece
            assert not piece.startswith(MARKUP)
            assert not any(m in piece for m in ("**", "__", "`", "](", "\n>"))
        if not chunk.pieces:
            assert raw[chunk.start:chunk.end] == chunk.text
