"""Load the corpus: a folder of Markdown documents.

Each document is one `.md` file whose first lines are a small front-matter header
(`title:` and `source:` between `---` lines), followed by the text with its title
marked `# ` and its section headings `## `. An optional sidecar `<name>.hints.json`
holds reader questions, everyday phrasings of what the text answers (doc2query):

    {"sections": {"<heading>": ["question", ...]},
     "answers": [{"quote": "<1-3 sentences of one paragraph>", "questions": [...]}]}

Section questions say which part of the document a message is about; answer questions
say which exact sentences answer it. They steer retrieval only; they are never quoted.
(A sidecar that is just {"<heading>": [...]} is the older, sections-only form.)

Offsets everywhere in the project are Python string indices into the file's full UTF-8
text, header included, so a quote can always be checked against the file itself.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer.errors import CorpusError

_FRONT_MATTER = re.compile(r"\A---\n(?P<body>.*?)\n---\n", re.DOTALL)


@dataclass(frozen=True)
class Document:
    """One corpus file: its id (the file stem), metadata and full text."""

    doc_id: str
    title: str
    source: str
    text: str
    sha256: str
    body_start: int  # first offset after the front matter
    hints: tuple[tuple[str, str], ...] = ()  # (section heading, reader question)
    hints_sha256: str = ""
    answers: tuple[AnswerHints, ...] = ()  # reader questions for exact stretches of text


@dataclass(frozen=True)
class AnswerHints:
    """Reader questions that the text at [start:end] answers."""

    start: int
    end: int
    questions: tuple[str, ...]


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_document(doc_id: str, text: str, hints_json: str | None = None) -> Document:
    """Parse one Markdown document; raises CorpusError naming what is wrong."""
    meta: dict[str, str] = {}
    body_start = 0
    match = _FRONT_MATTER.match(text)
    if match:
        body_start = match.end()
        for line in match.group("body").splitlines():
            key, sep, value = line.partition(":")
            if not sep:
                raise CorpusError(f"{doc_id}: front-matter line without 'key: value': {line!r}")
            meta[key.strip().lower()] = value.strip()
    title = meta.get("title") or _first_title(text[body_start:])
    if not title:
        raise CorpusError(f"{doc_id}: no title (add 'title:' to the header or a '# ' line)")
    return Document(
        doc_id=doc_id,
        title=title,
        source=meta.get("source", ""),
        text=text,
        sha256=content_hash(text),
        body_start=body_start,
        hints_sha256=content_hash(hints_json) if hints_json else "",
        **_parse_hints(doc_id, text, hints_json),
    )


def _parse_hints(doc_id: str, text: str, hints_json: str | None) -> dict[str, Any]:
    if not hints_json:
        return {}
    where = f"{doc_id}.hints.json"
    try:
        data = json.loads(hints_json)
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{where} is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise CorpusError(f"{where} must be a JSON object")
    if "sections" not in data and "answers" not in data:
        data = {"sections": data}  # the older, sections-only form
    headings = {m.group(1) for m in re.finditer(r"^#{1,6}[ \t]+(.*\S)", text, re.MULTILINE)}
    hints: list[tuple[str, str]] = []
    for section, questions in data.get("sections", {}).items():
        if section not in headings:
            raise CorpusError(f"{where} names a section the document lacks: {section!r}")
        hints.extend((section, q) for q in questions)
    answers = []
    for n, entry in enumerate(data.get("answers", [])):
        quote, questions = entry.get("quote", ""), entry.get("questions", [])
        at = text.find(quote) if quote else -1
        if at < 0 or "\n" in quote:
            raise CorpusError(f"{where}: answers[{n}] quotes text that is not one stretch of a "
                              f"paragraph of the document: {quote[:60]!r}")
        if not questions or not all(isinstance(q, str) and q.strip() for q in questions):
            raise CorpusError(f"{where}: answers[{n}] has no questions")
        answers.append(AnswerHints(at, at + len(quote), tuple(questions)))
    return {"hints": tuple(hints), "answers": tuple(answers)}


def _first_title(body: str) -> str:
    for line in body.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return ""


def load_corpus(folder: Path) -> list[Document]:
    """Every `*.md` file in `folder`, sorted by name."""
    if not folder.is_dir():
        raise CorpusError(f"corpus folder not found: {folder} (set --corpus-dir or "
                          "RECONNECT_CORPUS_DIR to the folder of Markdown documents)")
    paths = sorted(folder.glob("*.md"))
    if not paths:
        raise CorpusError(f"no Markdown documents (*.md) in {folder}")
    docs = []
    for path in paths:
        # Decoding the bytes ourselves keeps line endings as they are, so offsets match the file.
        text = path.read_bytes().decode("utf-8")
        hints = path.with_suffix(".hints.json")
        docs.append(parse_document(path.stem, text,
                                   hints.read_text(encoding="utf-8") if hints.is_file() else None))
    return docs
