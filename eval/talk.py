"""Does Talk answer the question? Measured against answer keys written by reading the documents.

eval/data/talk_questions.jsonl holds messages written as people write them, each with the
document it is about (`doc`), the sentences of that document that answer it (`answers`)
and the sentences of the other documents that answer it too (`also`; the documents are on
neighbouring topics). A reply "answers" when it quotes at least one of them ("own": one of
its own document's); a quoted sentence that answers nothing is "filler", unless a quoted
answering sentence needs it to be understood (the sentence it points back to, an item's
lead: server.chat.answer.needed). Follow-ups run in their conversation.

Three corpora: the one shipped (the article and its sidecar of reader questions), and the
article beside the eval documents (eval/data/documents/*.md, written for the purpose, with
no sidecar), with the article's sidecar and without it. Two of those documents
(long-distance, money-and-us: all their rows are held out) and the held-out split are
never tuned on. Every model sentence the verifier lets into a reply is
checked against hand labels (eval/data/generated_labels.jsonl): a sentence labelled
unsupported fails CI, and sentences nobody has labelled yet are listed.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.stats import p50, p95
from indexer.build import build_index
from indexer.chunking import Chunk
from server.chat.answer import needed
from server.chat.pipeline import ChatPipeline, ChatResult, Done
from server.chat.verify import Verifier
from server.retrieval import Retriever
from server.runtime import Runtime, load_retriever, openings_from

DATA = Path(__file__).parent / "data"
QUESTIONS = DATA / "talk_questions.jsonl"
LABELS = DATA / "generated_labels.jsonl"
DOCUMENTS = DATA / "documents"


@dataclass(frozen=True)
class Item:
    """One message and the sentences that answer it."""

    id: str
    split: str
    doc: str  # the document it is about
    kind: str
    message: str
    follow_up_of: str | None
    feeling: bool
    answers: frozenset[str]  # sentences of any document that answer it
    own: frozenset[str]  # those of its own document


def load_items(split: str | None = None) -> list[Item]:
    items = [Item(r["id"], r["split"], r["doc"], r["kind"], r["message"], r["follow_up_of"],
                  r["feeling"], frozenset(r["answers"] + r.get("also", [])),
                  frozenset(r["answers"]))
             for r in map(json.loads, QUESTIONS.read_text(encoding="utf-8").splitlines()) if r]
    return [i for i in items if split is None or i.split == split]


def load_labels() -> dict[tuple[str, str], dict[str, str]]:
    """Hand labels of generated sentences, by (sentence, the quote it cites)."""
    if not LABELS.is_file():
        return {}
    rows = [json.loads(x) for x in LABELS.read_text(encoding="utf-8").splitlines() if x]
    return {(r["sentence"], r["quote"]): r for r in rows}


def eval_corpus(folder: Path, source: Path, *, sidecar: bool = True) -> Path:
    """A corpus folder (outside the tree) with the shipped documents, with or without their
    sidecars, and the eval documents beside them."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in [*source.glob("*.md"), *DOCUMENTS.glob("*.md")]:
        shutil.copy(path, folder / path.name)
    if sidecar:
        for path in source.glob("*.hints.json"):
            shutil.copy(path, folder / path.name)
    return folder


def quoted_sentences(result: ChatResult, sentences: list[Chunk]) -> list[Chunk]:
    """The sentences a reply quotes, in the order it quotes them, each once."""
    out: list[Chunk] = []
    for c in result.citations:
        for s in sentences:
            if s.doc_id == c.doc and s.start < c.end and c.start < s.end and s not in out:
                out.append(s)
    return out


@dataclass
class Tally:
    """Counts for one split (or one document of it)."""

    answered: int = 0
    own: int = 0
    in_scope: int = 0
    quoted: int = 0
    filler: int = 0
    quotes: int = 0
    out_of_scope: int = 0
    redirected: int = 0
    paths: Counter[str] = field(default_factory=Counter)
    first_text: list[float] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    def add(self, item: Item, result: ChatResult, sentences: list[Chunk]) -> None:
        self.paths[result.grounding] += 1
        self.first_text.append(result.timings.get("first_text", 0.0))
        if item.kind == "out_of_scope":
            self.out_of_scope += 1
            self.redirected += result.grounding == "none"
            return
        self.in_scope += 1
        quoted = quoted_sentences(result, sentences)
        answering = [s.text in item.answers for s in quoted]
        useful = needed(quoted, answering)
        self.answered += any(answering)
        self.own += any(s.text in item.own and s.doc_id == item.doc for s in quoted)
        self.quoted += len(quoted)
        self.filler += useful.count(False)
        self.quotes += len(result.citations)
        if not any(answering):
            self.missed.append(item.id)

    def summary(self, brief: bool = False) -> dict[str, Any]:
        out = {
            "n": self.in_scope + self.out_of_scope,
            "answers": round(self.answered / max(self.in_scope, 1), 3),
            "own": round(self.own / max(self.in_scope, 1), 3),
            "filler": round(self.filler / max(self.quoted, 1), 3),
        }
        if brief:
            return out
        return out | {
            "sentences_per_reply": round(self.quoted / max(self.in_scope, 1), 2),
            "out_of_scope_redirected": round(self.redirected / max(self.out_of_scope, 1), 3),
            "paths": dict(self.paths),
            "generated_share": round(self.paths["generated"] / max(sum(self.paths.values()), 1),
                                     3),
            "first_text_p50": round(p50(self.first_text), 3),
            "first_text_p95": round(p95(self.first_text), 3),
            "missed": self.missed,
        }


def run_items(chat: ChatPipeline, items: list[Item]) -> list[tuple[Item, ChatResult]]:
    """Each message through the real pipeline, follow-ups in their conversation."""
    sessions: dict[str, str] = {}
    out = []
    for item in items:
        session = sessions.get(item.follow_up_of or "")
        result = None
        for event in chat.stream(item.message, session):
            if isinstance(event, Done):
                result = event.result
        assert result is not None
        sessions[item.id] = result.session_id
        out.append((item, result))
    return out


def documents_chat(runtime: Runtime, folder: Path, *, sidecar: bool) -> ChatPipeline:
    """Talk over the shipped corpus beside the eval documents: the same screen, model and
    phrases as `runtime`, its own index (built in `folder`, outside the tree)."""
    corpus = eval_corpus(folder / "corpus", runtime.settings.corpus_dir, sidecar=sidecar)
    index = folder / "index"
    build_index(corpus, index, runtime.embedder.model_id, lambda: runtime.embedder,
                safety_dir=folder / "no-safety-data")  # the screen is the runtime's
    settings = runtime.settings.model_copy(update={"corpus_dir": corpus, "index_dir": index})
    retriever = load_retriever(settings, runtime.embedder)
    return ChatPipeline(settings, retriever, runtime.generator, Verifier(runtime.embedder),
                        runtime.prompts, runtime.sessions, "the articles", runtime.screen,
                        openings=openings_from(runtime.rephraser))


def split_report(chat: ChatPipeline, retriever: Retriever, split: str,
                 kept: list[dict[str, str]]) -> dict[str, Any]:
    """Answers and filler of one split over one corpus: overall, follow-ups, per document."""
    docs = {s.doc_id for s in retriever.sentences}
    items = [i for i in load_items(split) if i.doc in docs]
    sentences = retriever.sentences
    tally, follow = Tally(), Tally()
    per_doc: dict[str, Tally] = defaultdict(Tally)
    for item, result in run_items(chat, items):
        tally.add(item, result, sentences)
        per_doc[item.doc].add(item, result, sentences)
        if item.follow_up_of:
            follow.add(item, result, sentences)
        cited = {c.n: c.quote for c in result.citations}
        for sentence in result.kept:
            text, _, marker = sentence.rpartition(" [")
            kept.append({"id": item.id, "sentence": text,
                         "quote": cited.get(int(marker.rstrip("]")), "")})
    return tally.summary() | {
        "follow_ups": follow.summary(brief=True),
        "docs": {d: per_doc[d].summary(brief=True) for d in sorted(per_doc)}}


def talk_report(runtime: Runtime, splits: tuple[str, ...] = ("dev",), *,
                documents: Path | None = None, no_sidecar: bool = False) -> dict[str, Any]:
    """The shipped corpus per split; with `documents` (a scratch folder) also the corpus
    beside the eval documents ("documents"), and with `no_sidecar` that corpus without the
    article's sidecar ("no_sidecar")."""
    labels = load_labels()
    report: dict[str, Any] = {}
    kept: list[dict[str, str]] = []
    for split in splits:
        report[split] = split_report(runtime.chat, runtime.retriever, split, kept)
    variants = [("documents", True)] + ([("no_sidecar", False)] if no_sidecar else [])
    for name, sidecar in variants if documents is not None else []:
        assert documents is not None
        chat = documents_chat(runtime, documents / name, sidecar=sidecar)
        report[name] = {split: split_report(chat, chat.retriever, split, kept)
                        for split in splits}
    unsupported = [k for k in kept if labels.get((k["sentence"], k["quote"]), {}).get("label")
                   == "unsupported"]
    unlabelled = [k for k in kept if (k["sentence"], k["quote"]) not in labels]
    report["generated"] = {"kept": len(kept), "labelled_unsupported": len(unsupported),
                           "unlabelled": len(unlabelled), "unsupported_sentences": unsupported,
                           "unlabelled_sentences": unlabelled}
    return report

