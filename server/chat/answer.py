"""Choose the answer before writing anything: the stretch of the article that answers.

Retrieval finds the right corner of the article; this picks, within it, the one to three
sentences that answer the message. Candidates are answer units: stretches of one paragraph
that the corpus sidecar's reader questions point at (doc2query, written per answer), and
every other sentence on its own, a short principle carrying its explanation. Each is
scored by how close the message is to its reader questions, to its own words and to its
paragraph, and to its section's reader questions. A second stretch joins only when it
scores close to the first; never filler to reach a count. The kind of question (words to
say, a cause, a time, reassurance, a way) shapes the reply around the answer.

Everything here works for any Markdown document: without reader questions, sentences and
paragraphs still compete on meaning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from indexer.chunking import Chunk
from indexer.vocabulary import fold, split_sentences, words
from server.retrieval import Query, Retriever

QuestionKind = Literal["say", "do", "why", "when", "normal", "how", "other"]

# What a message asks for, from its wording; the first match wins.
_KIND_PATTERNS: tuple[tuple[QuestionKind, str], ...] = (
    ("say", r"\b(?:what|how)\s+(?:do|should|can|could|would)\s+i\s+(?:even\s+)?(?:say|tell|"
            r"word|phrase|put|bring|raise|start|open|ask|approach|explain|talk)\b"
            r"|\bwhat\s+(?:do|should|can)\s+i\s+(?:even\s+)?say\b|\bwhat\s+to\s+say\b"
            r"|\bhow\s+to\s+(?:say|tell|bring|raise|start|open|word|approach|talk\s+to)\b"
            r"|\bbring\s+(?:it|this|that)\s+up\b|\bwords?\s+to\b|\bhow\s+(?:do|should)\s+i\s+"
            r"(?:let|make)\s+(?:him|her|them)\s+know\b|\bstart\s+(?:the|that|this)\s+"
            r"(?:conversation|talk)\b"),
    ("why", r"^\W*why\b|\bwhy\s+(?:do|does|did|is|are|am|was|were|would|can'?t|won'?t|"
            r"doesn'?t|don'?t|didn'?t|isn'?t|has|have)\b|\bhow\s+come\b|\bwhat\s+(?:causes|"
            r"happened\s+to)\b|\bwhy\b"),
    ("when", r"\bwhen\s+(?:should|is|do|can|would|will|to)\b|\b(?:best|right|good)\s+"
             r"(?:time|moment)\b|\bwhat\s+time\b|\bhow\s+(?:long|soon)\b|\btiming\b"),
    ("normal", r"\bis\s+(?:it|this|that)\s+(?:\w+\s+)?(?:normal|common|usual|ok|okay|"
               r"fixable|bad)\b|\bnormal\b|\bam\s+i\s+the\s+only\b|\bdo\s+(?:other|most|all)"
               r"\s+(?:couples|people)\b|\bdoes\s+(?:this|that|it)\s+happen\b"),
    ("how", r"\bhow\s+(?:do|can|should|could|would)\s+(?:we|i|you)\b|\bwhat\s+(?:can|should"
            r"|could)\s+(?:we|i)\s+do\b|\bways?\s+to\b|\bhow\s+to\b|\bany\s+(?:tips|ideas)\b"),
)
KIND_CUES = tuple((kind, re.compile(pattern)) for kind, pattern in _KIND_PATTERNS)

SHORT_PRINCIPLE_CHARS = 60  # a principle stated in a few words carries its next sentence
SECOND_MARGIN = 0.04  # a second stretch joins only when it scores this close to the first
MAX_SENTENCES = 3

# Weights of the evidence, chosen on the dev split of eval/data/talk_questions.jsonl
# (`python -m eval.answer_weights` searches them again and prints both splits).
WEIGHTS = {"question": 1.0, "questions": 1.0, "sentence": 0.25, "paragraph": 0.25,
           "keyword": 0.0, "section": 0.5}
TOP_QUESTIONS = 3  # "questions": the mean of a unit's closest few reader questions


_ASK = re.compile(r"\?|^\W*(?:how|what|why|when|is|are|should|can|could|do|does|will|am)\b",
                  re.IGNORECASE)
_ANAPHORA = re.compile(r"\b(it|that|this|those|these|they|them|then|there|he|she|him|her|"
                       r"so|also|what about|and if|how long|when)\b", re.IGNORECASE)
ASK_WEIGHT = 1.0  # the sentence that asks, besides the whole message
EARLIER_WEIGHT, EARLIER_WEIGHT_ALONE = 0.7, 0.25  # an earlier message, when this one leans on it


def answer_query(message: str, earlier: Sequence[str] = ()) -> Query:
    """What to search with: the message, the sentence of it that asks (a story often ends in
    its question), and the person's earlier messages when this one leans on them
    ("when should I do it?")."""
    texts, weights = [message], [1.0]
    spans = split_sentences(message)
    asks = [message[s:e] for s, e in spans if _ASK.search(message[s:e])]
    if len(spans) > 1 and asks:
        texts.append(asks[-1])
        weights.append(ASK_WEIGHT)
    recent = list(earlier)[-2:]
    if recent:
        leans = len(words(message)) < 12 or bool(_ANAPHORA.search(message))
        weight = EARLIER_WEIGHT if leans else EARLIER_WEIGHT_ALONE
        for i, text in enumerate(reversed(recent)):
            texts.append(text)
            weights.append(weight / (i + 1))
    return Query(tuple(texts), tuple(weights))


def question_kind(message: str) -> QuestionKind:
    """What the message asks for: words to say, a cause, a time, reassurance, a way, or other."""
    low = fold(message)
    return next((kind for kind, cue in KIND_CUES if cue.search(low)), "other")


@dataclass(frozen=True)
class Span:
    """A stretch of one paragraph: whole sentences, in the article's order."""

    doc: str
    section: str
    paragraph: int
    start: int
    end: int
    sentences: tuple[int, ...]  # positions in Retriever.sentences


@dataclass(frozen=True)
class Scored:
    """A candidate answer and its score."""

    span: Span
    score: float


@dataclass(frozen=True)
class Choice:
    """What answers one message: one or two spans, best first, and how sure we are."""

    kind: QuestionKind
    spans: tuple[Span, ...]
    scores: tuple[float, ...]
    ranked: tuple[Scored, ...]  # every candidate, best first (for eval and tests)


class AnswerFinder:
    """Scores answer units of one index for a message."""

    def __init__(self, retriever: Retriever) -> None:
        self.retriever = retriever
        sentences = retriever.sentences
        self.sentences = sentences
        index = retriever.index
        self._position = {(s.doc_id, s.start): i for i, s in enumerate(sentences)}
        row_of = {pos: row for row, pos in enumerate(index.vector_rows)}
        questions: dict[tuple[str, int, int], list[int]] = {}
        for pos, chunk in enumerate(index.chunks):
            if chunk.kind == "question":
                questions.setdefault((chunk.doc_id, chunk.start, chunk.end), []).append(
                    row_of[pos])
        self.units: list[Span] = []
        self.asked: list[tuple[int, int] | None] = []  # the stretch its reader questions name
        self._question_rows: list[NDArray[np.int64]] = []
        covered: set[int] = set()
        for (doc, start, end), rows in questions.items():
            span = self._span(doc, start, end)
            if span is None:
                continue
            self.units.append(span)
            self.asked.append((start, end))
            self._question_rows.append(np.array(rows, dtype=np.int64))
            covered.update(span.sentences)
        for i in range(len(sentences)):
            if i not in covered:
                self.units.append(self._with_explanation(i))
                self.asked.append(None)
                self._question_rows.append(np.zeros(0, dtype=np.int64))
        self._sentence_rows = retriever.sentence_rows
        self._paragraph_rows = retriever.paragraph_rows

    def _span(self, doc: str, start: int, end: int) -> Span | None:
        members = [i for i, s in enumerate(self.sentences)
                   if s.doc_id == doc and start <= s.start and s.end <= end]
        if not members:
            return None
        members[:0] = self._context(members[0])
        first = self.sentences[members[0]]
        return Span(doc, first.section, first.paragraph_index, self.sentences[members[0]].start,
                    self.sentences[members[-1]].end, tuple(members))

    def _context(self, i: int) -> list[int]:
        """The sentences before sentence `i` that it points back to ("But it is a reason
        to...", a second "When..." clause), nearest last; at most three."""
        out: list[int] = []
        while (len(out) < 3 and i > 0 and _same_paragraph(self.sentences[i - 1], self.sentences[i])
               and _leans_back(self.sentences[i].text, self.sentences[i - 1].text)):
            i -= 1
            out.insert(0, i)
        return out

    def _with_explanation(self, i: int) -> Span:
        members = [*self._context(i), i]
        s = self.sentences[members[0]]
        nxt = members[-1] + 1
        if (len(members) == 1 and len(s.text) < SHORT_PRINCIPLE_CHARS
                and nxt < len(self.sentences) and _same_paragraph(self.sentences[nxt], s)):
            members.append(nxt)
        last = self.sentences[members[-1]]
        return Span(s.doc_id, s.section, s.paragraph_index, s.start, last.end, tuple(members))

    def evidence(self, query: Query) -> dict[str, NDArray[np.float64]]:
        """Per unit: how close the query is to its reader questions (the closest, and the
        closest few), to its own sentences and its paragraph; keywords; the section's
        reader questions."""
        vectors = self.retriever.embedder.embed(list(query.texts))
        weights = np.asarray(query.weights, dtype=np.float64)
        weights = weights / weights.sum()
        n = len(self.units)
        out = {k: np.zeros(n) for k in WEIGHTS}
        scores = self.retriever.scores(query)
        keyword = scores.bm25 / scores.bm25.max() if scores.bm25.max() > 0 else scores.bm25
        for vector, w in zip(vectors, weights, strict=True):
            rows = self.retriever.dense_row_scores(vector)
            own = rows[self._sentence_rows]
            para = rows[self._paragraph_rows]
            for u, (span, q_rows) in enumerate(zip(self.units, self._question_rows, strict=True)):
                members = list(span.sentences)
                if len(q_rows):
                    sims = np.sort(rows[q_rows])
                    out["question"][u] += w * float(sims[-1])
                    out["questions"][u] += w * float(sims[-TOP_QUESTIONS:].mean())
                out["sentence"][u] += w * float(own[members].max())
                out["paragraph"][u] += w * float(para[members[0]])
        for u, span in enumerate(self.units):
            members = list(span.sentences)
            out["keyword"][u] = float(keyword[members].max())
            out["section"][u] = float(scores.hint[members[0]])
        return out

    def rank(self, query: Query) -> list[Scored]:
        """Every unit, best first."""
        evidence = self.evidence(query)
        total = np.zeros(len(self.units))
        for key, values in evidence.items():
            total += WEIGHTS[key] * values
        order = np.argsort(-total, kind="stable")
        return [Scored(self.units[i], float(total[i])) for i in order]

    def choose(self, query: Query, message: str) -> Choice:
        """The stretch that answers, and a second one only when it is nearly as good."""
        kind = question_kind(message)
        ranked = self.rank(query)
        best = ranked[0]
        spans, scores = [best.span], [best.score]
        for other in ranked[1:]:
            if best.score - other.score > SECOND_MARGIN:
                break
            if other.span.paragraph == best.span.paragraph and other.span.doc == best.span.doc:
                continue
            if len(best.span.sentences) + len(other.span.sentences) <= MAX_SENTENCES + 1:
                spans.append(other.span)
                scores.append(other.score)
            break
        return Choice(kind, tuple(spans), tuple(scores), tuple(ranked))

    def _text(self, span: Span) -> str:
        return " ".join(self.sentences[i].text for i in span.sentences)

    def text(self, span: Span) -> str:
        """The exact corpus text of a span (its sentences and the spaces between them)."""
        para = self.retriever.paragraph(span.doc, span.paragraph)
        return para.text[span.start - para.start:span.end - para.start]


_BACK = re.compile(r"^(?:but|and|or|so|yet|this|these|that|those|it|its|it's|they|they're|"
                   r"their|them|both|such|neither|either)\b", re.IGNORECASE)


def _leans_back(sentence: str, before: str) -> bool:
    """Whether a sentence needs the one before it to be understood: it opens by pointing
    back ("But it is...", "Both are..."), or continues a list of "when" clauses."""
    if _BACK.match(sentence):
        return True
    return bool(re.match(r"when\b", sentence, re.IGNORECASE)) and bool(
        re.search(r"\bwhen\b", before, re.IGNORECASE))


def _same_paragraph(a: Chunk, b: Chunk) -> bool:
    return a.doc_id == b.doc_id and a.paragraph_index == b.paragraph_index
