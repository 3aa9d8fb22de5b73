"""Split documents into sections, paragraphs and sentences, each with exact offsets.

Sentences come from the one splitter in indexer/vocabulary.py (terminal punctuation,
optional closing quotes, then a space), which is enough for edited prose like the article
and keeps every offset exact: `doc.text[chunk.start:chunk.end] == chunk.text`.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any, Literal

from indexer.documents import Document
from indexer.errors import CorpusError
from indexer.vocabulary import split_sentences

Kind = Literal["section", "paragraph", "sentence", "hint", "question"]

SPLITTER_VERSION = "rules-v2"


@dataclass(frozen=True)
class Chunk:
    """A section, paragraph or sentence of one document, with offsets into its text.

    Two kinds are not corpus text but reader questions: a "hint" asks about a section, a
    "question" about one stretch of text, whose offsets it carries as start and end.
    """

    kind: Kind
    doc_id: str
    section: str  # heading text of the enclosing section (the title before the first heading)
    section_index: int
    paragraph_index: int  # -1 for sections and hints
    sentence_index: int  # position in the document; -1 unless kind == "sentence"
    start: int  # -1 for hints; for a question, where the text it asks about starts
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Chunk:
        return cls(**data)


def chunk_document(doc: Document) -> list[Chunk]:
    """Sections, paragraphs and sentences of `doc`, in document order.

    Text before the first `## ` heading belongs to a section named by the title.
    """
    paragraphs: list[Chunk] = []
    sentences: list[Chunk] = []
    sections: list[Chunk] = []
    section, section_index, section_start = doc.title, 0, doc.body_start
    seen_text = False

    def close_section() -> None:
        if seen_text:
            end = paragraphs[-1].end
            sections.append(Chunk("section", doc.doc_id, section, section_index, -1, -1,
                                  section_start, end, doc.text[section_start:end]))

    for start, end, heading in _blocks(doc.text, doc.body_start):
        if heading is not None:
            level, title = heading
            if level == 1 and not seen_text and section_index == 0:
                section, section_start = title, start  # the title heading opens the document
                continue
            close_section()
            section, section_index, section_start = title, section_index + 1, start
            seen_text = False
            continue
        seen_text = True
        para = Chunk("paragraph", doc.doc_id, section, section_index, len(paragraphs), -1,
                     start, end, doc.text[start:end])
        paragraphs.append(para)
        for s, e in split_sentences(para.text, start):
            sentences.append(Chunk("sentence", doc.doc_id, section, section_index,
                                   para.paragraph_index, len(sentences), s, e, doc.text[s:e]))
    close_section()
    index_of = {c.section: c.section_index for c in sections}
    hints = [Chunk("hint", doc.doc_id, section, index_of.get(section, 0), -1, -1, -1, -1, q)
             for section, q in doc.hints]
    questions = []
    for answer in doc.answers:
        home = [p for p in paragraphs if p.start <= answer.start and answer.end <= p.end]
        if not home:
            raise CorpusError(f"{doc.doc_id}.hints.json quotes text outside any paragraph: "
                              f"{doc.text[answer.start:answer.end][:60]!r}")
        para = home[0]
        questions += [Chunk("question", doc.doc_id, para.section, para.section_index,
                            para.paragraph_index, -1, answer.start, answer.end, q)
                      for q in answer.questions]
    return sections + paragraphs + sentences + hints + questions


_HEADING = re.compile(r"(#{1,6})[ \t]+(.*\S)")


def _blocks(text: str, start: int) -> list[tuple[int, int, tuple[int, str] | None]]:
    """(start, end, heading) for each heading line and each paragraph (a run of lines)."""
    blocks: list[tuple[int, int, tuple[int, str] | None]] = []
    pos, para_start, para_end = start, -1, -1
    for line in text[start:].splitlines(keepends=True):
        content = line.strip()
        heading = _HEADING.fullmatch(content)
        if not content or heading:
            if para_start >= 0:
                blocks.append((para_start, para_end, None))
                para_start = -1
            if heading:
                blocks.append((pos, pos + len(line.rstrip()),
                               (len(heading.group(1)), heading.group(2))))
        else:
            if para_start < 0:
                para_start = pos + (len(line) - len(line.lstrip()))
            para_end = pos + len(line.rstrip())
        pos += len(line)
    if para_start >= 0:
        blocks.append((para_start, para_end, None))
    return blocks
