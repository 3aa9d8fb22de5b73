"""Load the corpus: a folder of Markdown documents.

Each document is one `.md` file whose first lines are a small front-matter header
(`title:` and `source:` between `---` lines), followed by the text with its title
marked `# ` and its section headings `## `. Offsets everywhere in the project are
Python string indices into the file's full UTF-8 text, header included, so a quote
can always be checked against the file itself.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

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


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_document(doc_id: str, text: str) -> Document:
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
    )


def _first_title(body: str) -> str:
    for line in body.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return ""


def load_corpus(folder: Path) -> list[Document]:
    """Every `*.md` file in `folder`, sorted by name."""
    if not folder.is_dir():
        raise CorpusError(f"corpus folder not found: {folder}")
    paths = sorted(folder.glob("*.md"))
    if not paths:
        raise CorpusError(f"no Markdown documents (*.md) in {folder}")
    # Decoding the bytes ourselves keeps line endings as they are, so offsets match the file.
    return [parse_document(p.stem, p.read_bytes().decode("utf-8")) for p in paths]
