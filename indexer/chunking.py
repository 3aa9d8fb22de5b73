"""Split documents into sections, paragraphs and sentences, each with exact offsets.

Any Markdown is read for its structure: headings open sections; a paragraph, a list item
(`-`, `*`, `+`, `1.`, `1)`) and a blockquote are each a paragraph, with a role ("text",
"item", "intro", "quote"); the items of one list share a `group` with the paragraph that
introduces them ("Signs include:"), and so do the paragraphs of an implicit list: an
introduction ("identifies several daily practices", a line ending in ":") followed by
paragraphs that each open with a short lead sentence ("Shared laughter."). An item's
first sentence is its "lead"; a bold lead ("**Ask one question.** Then...") is a sentence
of its own.

Markup is never part of a chunk's text: list markers, "> ", "#", "**", "__", backticks and
link syntax are left out, so a chunk's `text` is what a reader sees. Where markup sits
inside a chunk (a bold word mid-sentence, a blockquote over two lines, a bold lead and the
sentence after it), the chunk is made of `pieces`, stretches of the document with no markup
in them, so that every quote can still be exact: `doc.text[s:e]` for each piece. A chunk
without markup inside has one piece, and then `doc.text[chunk.start:chunk.end] ==
chunk.text`. Sentences come from the one splitter in indexer/vocabulary.py, which never
cuts inside a quotation; a line break inside a paragraph is a space.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any, Literal

from indexer.documents import Document
from indexer.errors import CorpusError
from indexer.vocabulary import TIME_UNITS, split_sentences, words

Kind = Literal["section", "heading", "paragraph", "sentence", "hint", "question"]
Role = Literal["text", "item", "intro", "quote", "lead"]

SPLITTER_VERSION = "markdown-v2"

LEAD_WORDS = 9  # a lead sentence ("Time and setting matter.") is this short, or ends in ":"


@dataclass(frozen=True)
class Chunk:
    """A section, its heading, a paragraph or a sentence of one document, with offsets into
    its text.

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
    text: str  # what a reader sees: markup left out
    role: str = "text"  # paragraphs: text, item, intro, quote; sentences also lead, intro
    group: int = -1  # the list (an introduction and its items) this belongs to, if any
    pieces: tuple[tuple[int, int], ...] = ()  # the exact stretches `text` is made of

    def spans(self) -> tuple[tuple[int, int], ...]:
        """The exact stretches of the document this chunk's text is made of."""
        return self.pieces or ((self.start, self.end),)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Chunk:
        pieces = tuple((int(s), int(e)) for s, e in data.pop("pieces", ()))
        return cls(**data, pieces=pieces)


# --- inline markup -----------------------------------------------------------------------------

@dataclass
class _Visible:
    """A block's visible text and, for each of its characters, its offset in the document
    (-1 for a space that stands for a line break with markup after it)."""

    text: str
    pos: list[int]
    lead_end: int = -1  # where a bold lead ends in `text`, if the block opens with one

    def pieces(self, a: int, b: int) -> tuple[tuple[int, int], ...]:
        """Runs of text[a:b] that are one stretch of the document, trimmed of whitespace."""
        runs: list[tuple[int, int]] = []
        run_start = -1
        for i in range(a, b):
            if self.pos[i] < 0:
                if run_start >= 0:
                    runs.append((run_start, i))
                run_start = -1
            elif run_start < 0:
                run_start = i
            elif self.pos[i] != self.pos[i - 1] + 1:
                runs.append((run_start, i))
                run_start = i
        if run_start >= 0:
            runs.append((run_start, b))
        out = []
        for s, e in runs:
            piece = self.text[s:e]
            s2 = s + len(piece) - len(piece.lstrip())
            e2 = e - (len(piece) - len(piece.rstrip()))
            if e2 > s2:
                out.append((self.pos[s2], self.pos[e2 - 1] + 1))
        return tuple(out)


# Each pattern's "keep" group is what stays visible; the rest of the match is markup. Escaped
# characters and the insides of code spans are text, never markup (`_protect`).
_ESCAPE = re.compile(r"\\(?P<keep>[\\`*_{}\[\]()#+\-.!>~|])")
_CODE = re.compile(r"(`+)(?P<keep>.+?)\1")
_INLINE = [re.compile(p) for p in (
    r"!\[[^\]]*\]\([^)]*\)",  # image: nothing to read
    r"\[\^[^\]]+\]",  # footnote reference
    r"\[(?P<keep>[^\]]+)\]\([^)]*\)",  # link
    r"\[(?P<keep>[^\]]+)\]\[[^\]]*\]",  # reference link
    r"<(?P<keep>https?://[^>\s]+)>",  # autolink
    r"</?[A-Za-z][^>]*>",  # HTML tag
    r"(\*\*\*|\*\*|___|__)(?=\S)(?P<keep>.+?)(?<=\S)\1",  # strong
    r"(?<![\w*])\*(?=[^\s*])(?P<keep>.+?)(?<=[^\s*])\*(?![\w*])",  # emphasis
    r"(?<![\w_])_(?=[^\s_])(?P<keep>.+?)(?<=[^\s_])_(?![\w_])",
    r"~~(?=\S)(?P<keep>.+?)(?<=\S)~~",  # strikethrough
)]
_LEAD_ENDS = ".?!:;—–-…"
_STRONG_LEAD = re.compile(r"(\*\*|__)(?=\S)(?P<keep>.+?)(?<=\S)\1")
_LITERAL = "\x00"  # stands in for a protected character while markup is matched


def _visible(text: str, segments: list[tuple[int, int]]) -> _Visible:
    """The visible text of a block whose content lines are `segments` of `text`."""
    chars: list[str] = []
    pos: list[int] = []
    for n, (s, e) in enumerate(segments):
        if n:
            gap = text[segments[n - 1][1]:s]
            if gap.strip():  # markup ("> ") between the lines: a space that is no text
                chars.append(" ")
                pos.append(-1)
            else:
                chars.extend(gap)
                pos.extend(range(segments[n - 1][1], s))
        chars.extend(text[s:e])
        pos.extend(range(s, e))
    real = "".join(chars)
    literal = [False] * len(real)
    lead_end = -1
    for n, pattern in enumerate([_ESCAPE, _CODE, *_INLINE]):
        probe = "".join(_LITERAL if lit else c for c, lit in zip(real, literal, strict=True))
        if pattern is _INLINE[0] and (lead := _STRONG_LEAD.match(probe)):
            lead_end = lead.end("keep")
        keep = [True] * len(real)
        for m in pattern.finditer(probe):
            for i in range(m.start(), m.end()):
                keep[i] = False
            if "keep" in pattern.groupindex and m.group("keep") is not None:
                for i in range(m.start("keep"), m.end("keep")):
                    keep[i] = True
                    literal[i] = literal[i] or n < 2  # escaped, or inside code
        if all(keep):
            continue
        if lead_end >= 0:
            lead_end = sum(keep[:lead_end])
        real = "".join(c for c, k in zip(real, keep, strict=True) if k)
        pos = [p for p, k in zip(pos, keep, strict=True) if k]
        literal = [lit for lit, k in zip(literal, keep, strict=True) if k]
    return _Visible(real, pos, lead_end)


# --- blocks ------------------------------------------------------------------------------------

@dataclass
class _Block:
    kind: str  # "heading", "text", "item", "more" (an item's further paragraph), "quote"
    segments: list[tuple[int, int]]
    level: int = 0  # heading level
    list_id: int = -1  # for items: which list


_ATX = re.compile(r" {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$|( {0,3})(#{1,6})[ \t]*$")
_FENCE = re.compile(r" {0,3}(```+|~~~+)")
_RULE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*$")
_QUOTE = re.compile(r"(?: {0,3}>[ \t]?)+")
_ITEM = re.compile(r"( *)(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(?:\[[ xX]\][ \t]+)?|$)")
_TABLE = re.compile(r" {0,3}\|")
_HTML_LINE = re.compile(r" {0,3}<(?:!--.*-->|/?[A-Za-z][^>]*>)\s*$")


def _blocks(text: str, start: int) -> list[_Block]:
    """The document's headings, paragraphs, list items and blockquote paragraphs, in order."""
    blocks: list[_Block] = []
    current: _Block | None = None
    fence: str | None = None
    list_id, lists, last_item_indent = -1, 0, 0
    pos = start

    def close() -> None:
        nonlocal current
        if current is not None and current.segments:
            blocks.append(current)
        current = None

    for line in text[start:].splitlines(keepends=True):
        line_start, body = pos, line.rstrip("\r\n")
        pos += len(line)
        if fence is not None:
            if body.strip().startswith(fence):
                fence = None
            continue
        if m := _FENCE.match(body):
            close()
            fence = m.group(1)[:3]
            continue
        if not body.strip():
            close()
            continue
        if (heading := _ATX.match(body)) and heading.group(1):
            close()
            s = line_start + heading.start(2)
            blocks.append(_Block("heading", [(s, s + len(heading.group(2)))],
                                 level=len(heading.group(1))))
            list_id = -1
            continue
        if (current is not None and current.kind == "text" and _SETEXT.match(body)
                and len(current.segments) == 1):
            current.kind, current.level = "heading", 1 if body.strip()[0] == "=" else 2
            close()
            list_id = -1
            continue
        if _RULE.match(body) or _TABLE.match(body) or _HTML_LINE.match(body):
            close()
            list_id = -1
            continue
        if quote := _QUOTE.match(body):
            inner = body[quote.end():]
            item = _ITEM.match(inner)
            skip = quote.end() + (item.end() if item else 0)
            content = body[skip:]
            if not content.strip():
                close()
                continue
            if current is None or current.kind != "quote" or item:
                close()
                current = _Block("quote", [])
            s = line_start + skip + len(content) - len(content.lstrip())
            current.segments.append((s, line_start + len(body.rstrip())))
            list_id = -1
            continue
        item = _ITEM.match(body)
        if item and body[item.end():].strip():
            close()
            indent = len(item.group(1))
            if list_id < 0:
                list_id, lists = lists, lists + 1
            last_item_indent = indent
            current = _Block("item", [], list_id=list_id)
            content = body[item.end():]
            s = line_start + item.end() + len(content) - len(content.lstrip())
            current.segments.append((s, line_start + len(body.rstrip())))
            continue
        indent = len(body) - len(body.lstrip())
        s = line_start + indent
        if current is not None:  # a continuation line of the paragraph, item or quote
            current.segments.append((s, line_start + len(body.rstrip())))
            continue
        if list_id >= 0 and indent > last_item_indent:
            current = _Block("more", [], list_id=list_id)  # an item's further paragraph
        else:
            list_id = -1
            current = _Block("text", [])
        current.segments.append((s, line_start + len(body.rstrip())))
    close()
    return blocks


# --- lists -------------------------------------------------------------------------------------

_INTRO_CUE = re.compile(
    r"\b(?:several|a few|a handful of|a number of|the following|following|two|three|four|five|"
    r"six|seven|eight|nine|ten|\d+)\s+(?:[\w'-]+\s+){0,3}?[\w'-]{3,}s\b", re.IGNORECASE)


def is_intro(sentence: str) -> bool:
    """Whether a sentence introduces a list: it ends in ":" or names several of something
    ("identifies several daily practices", "Here are four places to begin:"; not "four
    hours")."""
    if sentence.rstrip().endswith(":"):
        return True
    return any(words(m.group())[-1] not in TIME_UNITS for m in _INTRO_CUE.finditer(sentence))


def is_lead(sentence: str) -> bool:
    """Whether a sentence reads as the lead of a list item: short ("Shared laughter."), or a
    short phrase before a colon ("Turning toward rather than away in small moments: ...")."""
    head, colon, _ = sentence.partition(":")
    return len(words(sentence)) <= LEAD_WORDS or (bool(colon) and len(words(head)) <= LEAD_WORDS)


# --- chunks ------------------------------------------------------------------------------------

@dataclass
class _Para:
    role: str
    group: int
    vis: _Visible
    sentences: list[tuple[int, int]]  # in vis
    section: str
    section_index: int
    sentence_roles: list[str]


def _stands_alone(text: str, start: int, end: int) -> bool:
    """A bold lead is a sentence when it ends like one ("**Eat together.**", "**Rest:**") or
    punctuation parts it from the rest; "**If you are the talker,** ask..." is one sentence."""
    after = text[end:].lstrip()[:1]
    return text[start:end].rstrip()[-1:] in _LEAD_ENDS or (after != "" and after in _LEAD_ENDS)


def _paragraph(vis: _Visible, role: str, group: int, section: str,
               section_index: int) -> _Para | None:
    text = vis.text
    a, b = len(text) - len(text.lstrip()), len(text.rstrip())
    if b <= a:
        return None
    spans: list[tuple[int, int]] = []
    rest = a
    if vis.lead_end > 0 and role in ("item", "text") and _stands_alone(text, a, vis.lead_end):
        spans.append((a, vis.lead_end))  # a bold lead is a sentence of its own
        rest = vis.lead_end
        while rest < b and (text[rest].isspace() or text[rest] in ":.—–-"):
            rest += 1
    spans += [(s, e) for s, e in split_sentences(text[rest:b], rest, lines=False)]
    roles = ["quote" if role == "quote" else "text"] * len(spans)
    return _Para(role, group, vis, spans, section, section_index, roles)


def _mark_lists(paras: list[_Para], first_group: int) -> None:
    """Introductions of explicit lists, and implicit lists of lead paragraphs."""
    group = first_group
    for i, p in enumerate(paras):
        if p.role == "item" and (i == 0 or paras[i - 1].group != p.group):
            before = paras[i - 1] if i else None
            if (before is not None and before.role == "text" and before.group < 0
                    and before.section_index == p.section_index
                    and is_intro(_sentence_text(before, -1))):
                before.role, before.group = "intro", p.group
                before.sentence_roles[-1] = "intro"
    for i, p in enumerate(paras):
        if p.role != "text" or p.group >= 0:
            continue
        cue = next((n for n in range(len(p.sentences) - 1, -1, -1)
                    if is_intro(_sentence_text(p, n))), None)
        if cue is None:
            continue
        items = []
        for q in paras[i + 1:]:
            if (q.role != "text" or q.group >= 0 or q.section_index != p.section_index
                    or not is_lead(_sentence_text(q, 0))):
                break
            items.append(q)
        if len(items) < 2:
            continue
        p.role, p.group = "intro", group
        p.sentence_roles[cue] = "intro"
        for q in items:
            q.role, q.group = "item", group
        group += 1
    for p in paras:
        if p.role == "item":
            p.sentence_roles[0] = "lead"


def _sentence_text(p: _Para, n: int) -> str:
    s, e = p.sentences[n]
    return p.vis.text[s:e]


def _chunk(kind: Kind, doc: Document, p: _Para, a: int, b: int, paragraph: int,
           sentence: int, role: str) -> Chunk:
    pieces = p.vis.pieces(a, b)
    start, end = pieces[0][0], pieces[-1][1]
    return Chunk(kind, doc.doc_id, p.section, p.section_index, paragraph, sentence, start, end,
                 p.vis.text[a:b], role, p.group, pieces if len(pieces) > 1 else ())


def chunk_document(doc: Document) -> list[Chunk]:
    """Sections, paragraphs and sentences of `doc`, in document order, then its reader
    questions. Text before the first heading below the title belongs to a section named
    by the title."""
    section, section_index, section_start = doc.title, 0, doc.body_start
    paras: list[_Para] = []
    bounds: list[tuple[str, int, int]] = []  # (section, index, start) of each section
    # The visible text of each section's heading and its pieces (none for a title that only
    # the front matter gives).
    heading: tuple[str, tuple[tuple[int, int], ...]] = (doc.title, ())
    headings: list[tuple[str, tuple[tuple[int, int], ...]]] = []
    lists = 0
    seen_text = False
    for block in _blocks(doc.text, doc.body_start):
        vis = _visible(doc.text, block.segments)
        if block.kind == "heading":
            title = " ".join(vis.text.split())
            pieces = vis.pieces(0, len(vis.text))
            if block.level == 1 and not seen_text and section_index == 0:
                section, section_start = title, block.segments[0][0]
                heading = (title, pieces)
                continue
            if seen_text:
                bounds.append((section, section_index, section_start))
                headings.append(heading)
                section_index += 1
            section, section_start = title, block.segments[0][0]
            heading = (title, pieces)
            seen_text = False
            continue
        role = {"item": "item", "quote": "quote"}.get(block.kind, "text")
        para = _paragraph(vis, role, block.list_id, section, section_index)
        if para is not None:
            paras.append(para)
            seen_text = True
            lists = max(lists, block.list_id + 1)
    if seen_text:
        bounds.append((section, section_index, section_start))
        headings.append(heading)
    _mark_lists(paras, lists)

    paragraphs: list[Chunk] = []
    sentences: list[Chunk] = []
    for p in paras:
        text = p.vis.text
        a, b = len(text) - len(text.lstrip()), len(text.rstrip())
        paragraphs.append(_chunk("paragraph", doc, p, a, b, len(paragraphs), -1, p.role))
        for (s, e), role in zip(p.sentences, p.sentence_roles, strict=True):
            sentences.append(_chunk("sentence", doc, p, s, e, len(paragraphs) - 1,
                                    len(sentences), role))
    sections, titles = [], []
    for (title, index, start), (shown, pieces) in zip(bounds, headings, strict=True):
        end = max(c.end for c in paragraphs if c.section_index == index)
        sections.append(Chunk("section", doc.doc_id, title, index, -1, -1, start, end,
                              doc.text[start:end]))
        # The heading as a reader sees it, embedded: what the section is about, in any document.
        h_start, h_end = (pieces[0][0], pieces[-1][1]) if pieces else (-1, -1)
        titles.append(Chunk("heading", doc.doc_id, title, index, -1, -1, h_start, h_end, shown,
                            pieces=pieces if len(pieces) > 1 else ()))
    index_of = {c.section: c.section_index for c in sections}
    hints = [Chunk("hint", doc.doc_id, section, index_of.get(section, 0), -1, -1, -1, -1, q)
             for section, q in doc.hints]
    questions = []
    for answer in doc.answers:
        home = [p for p in paragraphs if p.start <= answer.start and answer.end <= p.end]
        if not home:
            raise CorpusError(f"{doc.doc_id}.hints.json quotes text outside any paragraph: "
                              f"{doc.text[answer.start:answer.end][:60]!r}")
        at = home[0]
        questions += [Chunk("question", doc.doc_id, at.section, at.section_index,
                            at.paragraph_index, -1, answer.start, answer.end, q)
                      for q in answer.questions]
    return sections + titles + paragraphs + sentences + hints + questions
