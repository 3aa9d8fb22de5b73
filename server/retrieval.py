"""Hybrid retrieval: three rankings of the article's sentences fused by reciprocal rank fusion.

1. dense: MiniLM cosine via FAISS; a sentence scores the better of its own similarity
   and its paragraph's (a little discounted), so short sentences in a relevant
   paragraph are still found;
2. keyword: BM25 over stemmed content words;
3. reader questions: how close the query is to the section's hints (everyday phrasings
   of what each section answers; see indexer/documents.py), given to its sentences.

Whether the corpus covers a query at all is an absolute threshold (`min_relevance`)
on the best dense similarity (of the whole query, or of the message alone) or reader
question similarity, calibrated on topics it does and does not cover; ranks alone cannot
say "nothing here". Excerpts come from different sections
first, so three excerpts show more than one corner of the article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from indexer.chunking import Chunk
from indexer.embedding import Embedder
from indexer.store import Index

PARAGRAPH_DISCOUNT = 0.9
HINTS_PER_SECTION = 1  # a section's hint score is its best reader question's
HINT_WEIGHT = 1.5  # weight of the reader-question ranking in the fusion
SHORT_SENTENCE_CHARS = 60  # a principle stated in a few words carries its next sentence along
TOPICS, TOPIC_WORDS = 5, 6  # what the redirect names: this many headings, each this short


@dataclass(frozen=True)
class Excerpt:
    """A quote from the corpus: one sentence or a few neighbouring ones, with exact offsets."""

    doc: str
    section: str
    quote: str
    start: int
    end: int
    score: float  # fused rank score, 1.0 for a passage ranked first by both retrievers
    similarity: float  # dense cosine score used for the coverage threshold
    paragraph: int
    sentences: tuple[int, ...]

    def to_json(self) -> dict[str, object]:
        return {"doc": self.doc, "section": self.section, "quote": self.quote,
                "start": self.start, "end": self.end, "score": round(self.score, 4)}


@dataclass(frozen=True)
class Scores:
    """Per-sentence scores for one query, and how well the article covers it."""

    dense: NDArray[np.float32]
    bm25: NDArray[np.float32]
    hint: NDArray[np.float32]
    coverage: float


@dataclass(frozen=True)
class Query:
    """A retrieval query: one or more texts with weights (the latest message weighs most).
    The last `earlier` texts are earlier messages of the conversation, the rest the message."""

    texts: tuple[str, ...]
    weights: tuple[float, ...]
    earlier: int = 0

    @property
    def own(self) -> int:
        """How many of the texts are the message itself (it, and the sentence that asks)."""
        return len(self.texts) - self.earlier

    @classmethod
    def of(cls, text: str) -> Query:
        return cls((text,), (1.0,))


class Retriever:
    """Searches one loaded index."""

    def __init__(self, index: Index, embedder: Embedder, *, rrf_k: int,
                 min_relevance: float) -> None:
        self.index = index
        self.embedder = embedder
        self.rrf_k = rrf_k
        self.min_relevance = min_relevance
        self.sentences: list[Chunk] = index.sentences
        self._paragraphs = {(c.doc_id, c.paragraph_index): c
                            for c in index.chunks if c.kind == "paragraph"}
        row_of = {pos: row for row, pos in enumerate(index.vector_rows)}
        para_pos = {(c.doc_id, c.paragraph_index): i for i, c in enumerate(index.chunks)
                    if c.kind == "paragraph"}
        self.sentence_rows = np.array([row_of[p] for p in index.keyword_rows])
        self.paragraph_rows = np.array(
            [row_of[para_pos[(s.doc_id, s.paragraph_index)]] for s in self.sentences])
        sections = sorted({(s.doc_id, s.section_index) for s in self.sentences})
        self._section_of_sentence = np.array(
            [sections.index((s.doc_id, s.section_index)) for s in self.sentences])
        hint_rows, hint_sections = [], []
        for pos, c in enumerate(index.chunks):
            if c.kind == "hint" and (c.doc_id, c.section_index) in sections:
                hint_rows.append(row_of[pos])
                hint_sections.append(sections.index((c.doc_id, c.section_index)))
        self._hint_rows = np.array(hint_rows, dtype=np.int64)
        self._sections = [c for c in index.chunks if c.kind == "section"]
        self._hint_sections = np.array(hint_sections, dtype=np.int64)
        self._n_sections = len(sections)

    # --- scores -------------------------------------------------------------------------------
    def dense_row_scores(self, vector: NDArray[np.float32]) -> NDArray[np.float32]:
        """Cosine similarity of `vector` with every FAISS row, in row order."""
        n = self.index.vectors.ntotal
        sims, rows = self.index.vectors.search(vector.reshape(1, -1).astype(np.float32), n)
        out = np.empty(n, dtype=np.float32)
        out[rows[0]] = sims[0]
        return out

    def scores(self, query: Query) -> Scores:
        """Dense, BM25 and hint scores per sentence for a weighted query."""
        vectors = self.embedder.embed(list(query.texts))
        weights = np.asarray(query.weights, dtype=np.float32)
        weights = weights / weights.sum()
        n = len(self.sentences)
        dense = np.zeros(n, dtype=np.float32)
        bm25 = np.zeros(n, dtype=np.float32)
        hint = np.zeros(n, dtype=np.float32)
        best_hint = best_own = 0.0
        for i, (vector, text, w) in enumerate(zip(vectors, query.texts, weights, strict=True)):
            rows = self.dense_row_scores(vector)
            own = rows[self.sentence_rows]
            para = rows[self.paragraph_rows] * PARAGRAPH_DISCOUNT
            best = np.maximum(own, para)
            dense += w * best
            if i < query.own and n:
                best_own = max(best_own, float(best.max()))
            bm25 += w * self.index.keyword.scores(text)
            if len(self._hint_rows):
                sims = rows[self._hint_rows]
                per_section = np.zeros(self._n_sections, dtype=np.float32)
                for sec in range(self._n_sections):
                    top = np.sort(sims[self._hint_sections == sec])[::-1][:HINTS_PER_SECTION]
                    per_section[sec] = top.mean() if len(top) else 0.0
                hint += w * per_section[self._section_of_sentence]
                best_hint += float(w * sims.max())
                if i < query.own:  # as for dense: the message, or the sentence that asks
                    best_own = max(best_own, float(sims.max()))
        # Covered when the message or the sentence that asks is (the blend of texts can dilute
        # a covered question), or the blend is, or a reader question is.
        coverage = max(float(dense.max()) if n else 0.0, best_own, best_hint)
        return Scores(dense, bm25, hint, coverage)

    def fused(self, scores: Scores) -> NDArray[np.float64]:
        """Reciprocal rank fusion of the three rankings, scaled so that first in all is 1.0."""
        k = self.rrf_k
        ones = np.ones(len(scores.dense), bool)
        lists = [(scores.dense, ones, 1.0), (scores.bm25, scores.bm25 > 0, 1.0)]
        if len(self._hint_rows):
            lists.append((scores.hint, ones, HINT_WEIGHT))
        fused = np.zeros(len(scores.dense), dtype=np.float64)
        for values, present, weight in lists:
            rank = np.empty(len(values), dtype=np.int64)
            rank[np.argsort(-values, kind="stable")] = np.arange(1, len(values) + 1)
            fused += np.where(present, weight / (k + rank), 0.0)
        return fused / (sum(w for _, _, w in lists) / (k + 1))

    # --- what the corpus is about -------------------------------------------------------------
    def titles(self) -> list[str]:
        """Each document's title, in the index's order."""
        return [m["title"] for m in self.index.manifest.get("documents", {}).values()]

    def topics(self, most: int = TOPICS) -> list[str]:
        """A few section headings of the corpus, as a reader would say them ("how couples
        drift", "small daily practices that rebuild closeness"), taken in turn from each
        document; long headings are left out."""
        per_doc: dict[str, list[str]] = {}
        for c in self.index.chunks:
            if c.kind == "heading" and c.section_index > 0:
                short = c.text.split(":")[0].strip().rstrip("?.!")
                if 1 < len(short.split()) <= TOPIC_WORDS:
                    per_doc.setdefault(c.doc_id, []).append(as_said(short))
        out: list[str] = []
        for turn in range(max((len(v) for v in per_doc.values()), default=0)):
            out += [v[turn] for v in per_doc.values() if turn < len(v)]
        return list(dict.fromkeys(out))[:most]

    # --- exact text -----------------------------------------------------------------------------
    def raw(self, doc: str, start: int, end: int) -> str:
        """The document's own text at [start:end] (markup included), from its section."""
        for sec in self._sections:
            if sec.doc_id == doc and sec.start <= start and end <= sec.end:
                return sec.text[start - sec.start:end - sec.start]
        raise KeyError(f"{doc}[{start}:{end}] is not inside one section")

    def pieces(self, members: Sequence[int]) -> list[tuple[int, int]]:
        """The exact stretches that sentences `members` (in order) are made of: neighbouring
        pieces with only whitespace between them are one stretch, markup parts them."""
        out: list[tuple[int, int]] = []
        for i in members:
            s = self.sentences[i]
            for start, end in s.spans():
                if out and out[-1][1] <= start and (
                        not self.raw(s.doc_id, out[-1][1], start).strip()):
                    out[-1] = (out[-1][0], end)
                else:
                    out.append((start, end))
        return out

    # --- search -------------------------------------------------------------------------------
    def covers(self, query: Query | str) -> float:
        """How well the article covers this query at all (compare with min_relevance)."""
        return self.scores(Query.of(query) if isinstance(query, str) else query).coverage

    def search(self, query: Query | str, k: int = 3) -> list[Excerpt]:
        """Up to `k` excerpts, best first; empty when the article does not cover the query."""
        if isinstance(query, str):
            query = Query.of(query)
        scores = self.scores(query)
        if scores.coverage < self.min_relevance:
            return []
        fused = self.fused(scores)
        order = np.argsort(-fused, kind="stable")
        picked: list[int] = []
        excerpts: list[Excerpt] = []
        # First one excerpt per section, best first; then, if k asks for more, the rest.
        for pass_ in (0, 1):
            used = {int(self._section_of_sentence[i]) for i in picked}
            for i in order:
                section = int(self._section_of_sentence[i])
                if int(i) in picked or (pass_ == 0 and section in used):
                    continue
                used.add(section)
                picked.append(int(i))
                excerpts = self._excerpts(picked, fused, scores.dense)
                if len(excerpts) >= k:
                    return excerpts[:k]
        return excerpts[:k]

    def _excerpts(self, picked: Sequence[int], fused: NDArray[np.float64],
                  dense: NDArray[np.float32]) -> list[Excerpt]:
        """Merge picked sentences that sit next to each other; extend very short ones."""
        groups: list[list[int]] = []
        for i in picked:
            s = self.sentences[i]
            home = next((g for g in groups if self._adjacent(g, i)), None)
            if home is not None:
                home.append(i)
                continue
            group = [i]
            nxt = i + 1
            if (len(s.text) < SHORT_SENTENCE_CHARS and nxt < len(self.sentences)
                    and self.sentences[nxt].paragraph_index == s.paragraph_index
                    and self.sentences[nxt].doc_id == s.doc_id):
                group.append(nxt)
            groups.append(group)
        excerpts = []
        for group in groups:
            members = sorted(set(group))
            first = self.sentences[members[0]]
            score = float(max(fused[m] for m in group))
            similarity = float(max(dense[m] for m in group))
            indices = tuple(self.sentences[m].sentence_index for m in members)
            # One excerpt per exact stretch: markup (a bold lead, "> ") never shows in a quote.
            for start, end in self.pieces(members):
                excerpts.append(Excerpt(
                    doc=first.doc_id, section=first.section,
                    quote=self.raw(first.doc_id, start, end), start=start, end=end,
                    score=score, similarity=similarity, paragraph=first.paragraph_index,
                    sentences=indices,
                ))
        excerpts.sort(key=lambda e: -e.score)
        return excerpts

    def _adjacent(self, group: list[int], i: int) -> bool:
        s = self.sentences[i]
        return any(
            abs(j - i) == 1
            and self.sentences[j].paragraph_index == s.paragraph_index
            and self.sentences[j].doc_id == s.doc_id
            for j in group
        )

    def paragraph(self, doc: str, index: int) -> Chunk:
        return self._paragraphs[(doc, index)]

    def context(self, doc: str, start: int, end: int) -> tuple[Chunk, str] | None:
        """The paragraph that holds [start:end] of `doc`, and its section title. Its text is
        the document's own, markup included, so that slicing it at offsets stays exact."""
        if end <= start:
            return None
        for (d, _), para in self._paragraphs.items():
            if d == doc and para.start <= start and end <= para.end:
                if para.pieces:
                    para = replace(para, text=self.raw(doc, para.start, para.end), pieces=())
                return para, para.section
        return None


def as_said(heading: str) -> str:
    """A heading as a reader would say it in a sentence: "Sharing the Load Fairly" and
    "How couples drift" become "sharing the load fairly" and "how couples drift"; an
    acronym or "I" keeps its capitals. Title Case is told by a capital on most of the
    words after the first (proper nouns in a sentence-case heading keep theirs)."""
    parts = heading.split()
    rest = [w for w in parts[1:] if len(w) > 3 or w[:1].isupper()]
    title = bool(rest) and sum(w[:1].isupper() for w in rest) * 2 > len(rest)

    def low(w: str) -> str:
        return w if w == "I" or w.startswith("I'") or w[:2].isupper() else w.lower()

    return " ".join(low(w) if i == 0 or title else w for i, w in enumerate(parts))
