"""Search the answer finder's weights on the dev split, and show what they give everywhere.

    python -m eval.answer_weights [--rounds N]

Three corpora, each indexed in a scratch folder: the one shipped (the article and its
sidecar), the article beside the eval documents (eval/data/documents) with its sidecar, and
the same without it. The weights in server/chat/answer.py are the start; a coordinate
search changes one weight at a time over a grid and keeps what raises, on the dev split,

    2 (answers - filler) on the shipped corpus
    + 2 (answers - filler/2 + own/2) of the eval documents beside the article's sidecar
    + (answers - filler/2) of the eval documents without it
    + (answers - filler/2) of the article beside them, and half of that without the sidecar
    + follow-ups answered / 2

(a document with a sidecar must not crowd out one without). It prints answers / filler /
own for every split and document, for the weights it started from and the ones it found.
The held-out split and the held-out document are never used to choose anything. Follow-ups
are chosen in their conversation, with the stretches quoted before left out, as in Talk.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from eval.talk import Item, eval_corpus, load_items
from indexer.build import build_index
from indexer.embedding import CachedEmbedder, Embedder, MiniLMEmbedder
from server.chat import answer
from server.chat.answer import AnswerFinder, answer_query, needed, question_kind
from server.runtime import load_retriever
from server.settings import ROOT, Settings

GRID = (-0.5, -0.25, -0.1, 0.0, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5)
LIFT_GRID = (0.0, 0.1, 0.2, 0.3, 0.5, 1.0)
ARTICLE = "how-to-reconnect-with-your-partner"
NEW = ("growing-apart", "closeness-while-parenting", "after-a-fight")  # the dev documents
Case = tuple[Item, list[str], dict[str, np.ndarray], np.ndarray, np.ndarray]


def prepare(finder: AnswerFinder) -> list[Case]:
    """Each question's evidence (computed once) and which sentences answer it."""
    items = load_items()
    by_id = {i.id: i for i in items}
    docs = {s.doc_id for s in finder.sentences}
    cases = []
    for item in items:
        if item.kind == "out_of_scope" or item.doc not in docs:
            continue
        chain: list[str] = []
        up = item.follow_up_of
        while up:
            chain.insert(0, up)
            up = by_id[up].follow_up_of
        evidence = finder.evidence(answer_query(item.message, [by_id[c].message for c in chain]))
        gold = np.array([s.text in item.answers for s in finder.sentences])
        own = np.array([s.text in item.own and s.doc_id == item.doc for s in finder.sentences])
        cases.append((item, chain, evidence, gold, own))
    return cases


def figures(finder: AnswerFinder, cases: list[Case],
            weights: dict[str, float]) -> dict[tuple[str, str], tuple[float, float, float]]:
    """(answers, filler, own) per (split, document) and (split, "follow-ups")."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    chosen: dict[str, tuple[answer.Span, ...]] = {}
    for item, chain, evidence, gold, own in cases:
        kind = question_kind(item.message)
        seen = [(s.doc, s.start, s.end) for c in chain for s in chosen.get(c, ())]
        choice = finder.pick(kind, finder.total(evidence, kind, weights), finder.quoted(seen))
        chosen[item.id] = choice.spans
        useful = [x for span in choice.spans for x in needed(
            [finder.sentences[i] for i in span.sentences], [bool(gold[i]) for i in span.sentences])]
        hit = any(gold[i] for span in choice.spans for i in span.sentences)
        mine = any(own[i] for span in choice.spans for i in span.sentences)
        keys = [(item.split, item.doc)] + ([(item.split, "follow-ups")] if chain else [])
        for key in keys:
            c = counts[key]
            c[0] += 1
            c[1] += hit
            c[2] += mine
            c[3] += len(useful)
            c[4] += useful.count(False)
    return {k: (round(c[1] / c[0], 3), round(c[4] / max(c[3], 1), 3), round(c[2] / c[0], 3))
            for k, c in counts.items()}


def objective(results: dict[str, dict[tuple[str, str], tuple[float, float, float]]]) -> float:
    def get(corpus: str, doc: str) -> tuple[float, float, float]:
        return results[corpus].get(("dev", doc), (0.0, 0.0, 0.0))

    shipped = get("shipped", ARTICLE)
    beside = [get("documents", d) for d in NEW]
    alone = [get("no_sidecar", d) for d in NEW]
    return (2 * (shipped[0] - shipped[1])
            + 2 * float(np.mean([a - f / 2 + o / 2 for a, f, o in beside]))
            + float(np.mean([a - f / 2 for a, f, _ in alone]))
            + get("documents", ARTICLE)[0] - get("documents", ARTICLE)[1] / 2
            + (get("no_sidecar", ARTICLE)[0] - get("no_sidecar", ARTICLE)[1] / 2) / 2
            + get("shipped", "follow-ups")[0] / 2)


def search(evaluate: Callable[[dict[str, float]], float], weights: dict[str, float],
           rounds: int) -> dict[str, float]:
    best = evaluate(weights)
    for _ in range(rounds):
        improved = False
        for key in [k for k in weights if k != "sentence"]:
            for value in LIFT_GRID if key == "doc_lift" else GRID:
                trial = weights | {key: value}
                score = evaluate(trial)
                if score > best + 1e-9:
                    best, weights, improved = score, trial, True
        if not improved:
            break
    return weights


def show(label: str, results: dict[str, Any]) -> None:
    print(label)
    for corpus, table in results.items():
        for (split, doc), (a, f, o) in sorted(table.items()):
            print(f"  {corpus:10} {split:7} {doc:36} answers {a:.3f}  filler {f:.3f}  own {o:.3f}")



def indexed_finder(folder: Path, index: Path, embedder: Embedder) -> AnswerFinder:
    """The answer finder over `folder`, indexed at `index` without the safety classifier."""
    build_index(folder, index, embedder.model_id, lambda: embedder,
                safety_dir=index.parent / "no-safety-data")
    return AnswerFinder(load_retriever(Settings(corpus_dir=folder, index_dir=index), embedder))

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    embedder = CachedEmbedder(MiniLMEmbedder(), size=100_000)
    corpus = ROOT / "corpus"
    with tempfile.TemporaryDirectory() as tmp:
        folders = {"shipped": corpus,
                   "documents": eval_corpus(Path(tmp) / "documents", corpus),
                   "no_sidecar": eval_corpus(Path(tmp) / "no_sidecar", corpus, sidecar=False)}
        finders = {}
        for name, folder in folders.items():
            finder = indexed_finder(folder, Path(tmp) / f"{name}-index", embedder)
            finders[name] = (finder, prepare(finder))

    def results(weights: dict[str, float]) -> dict[str, Any]:
        return {name: figures(f, cases, weights) for name, (f, cases) in finders.items()}

    start = answer.WEIGHTS | {"doc_lift": answer.DOC_LIFT}
    show(f"current {start}", results(start))
    found = search(lambda w: objective(results(w)), start, args.rounds)
    show(f"best on dev {found}", results(found))


if __name__ == "__main__":
    main()
