"""Doc2query trial: reader questions written by the local Gemma 3 270M base model.

    python -m eval.doc2query [--nearest N] [--holdout]

Not kept: it lowers answers on every dev document (2026-12-03). Answers / filler on the dev
split, the finder alone (eval.answer_weights.figures, the current weights), four corpora: the
article with its hand-written sidecar beside the eval documents (none with a sidecar) ->
the same with generated sidecars for the four dev documents; and no sidecar anywhere ->
generated sidecars for the article and the dev documents (the article's replaced):

    document                  beside hand sidecar              no sidecar -> all generated
                              none -> gen (N=3) / gen (N=1)    none -> gen (N=3) / gen (N=1)
    after-a-fight             0.400/0.696 -> 0.300 / 0.300     0.400 -> 0.300 / 0.300
    closeness-while-parenting 0.824/0.243 -> 0.471 / 0.647     0.824 -> 0.353 / 0.529
    growing-apart             0.636/0.490 -> 0.364 / 0.455     0.455 -> 0.182 / 0.318
    when-life-gets-loud       0.292/0.849 -> 0.208 / 0.167     0.333 -> 0.208 / 0.167
    the article               0.680/0.440 -> 0.504 / 0.560     0.288 -> 0.232 / 0.240
    follow-ups                0.538/0.617 -> 0.346 / 0.500     0.423 -> 0.231 / 0.231

Filler rises with every generated sidecar (after-a-fight 0.696 -> 0.727, closeness 0.243 ->
0.605 / 0.476, when-life-gets-loud 0.849 -> 0.889 / 0.922). Held out, once, N=3 (never used
to choose): beside the sidecar long-distance 0.500 -> 0.438, money-and-us 0.261 -> 0.261,
the article 0.651 -> 0.540; all generated vs none: long-distance 0.625 -> 0.500, money-and-us
0.304 -> 0.261, the article 0.238 -> 0.190.

Cost: 188 units, 6 samples each, 1125 completions in 912 s on one thread (0.81 s a
completion, 4.9 s a unit; the prompt is the same for a unit's samples, so llama.cpp reads
it once). Kept after the filters: 416 questions with N=3, 261 with N=1.

Why: Gemma 3 270M continues the pattern's form but not its sense: most questions are
generic or off the passage ("what can i expect from my wife", "do we need to have a
conversation about the water on the boat in the future?" for "agree to pause... twenty
minutes"), and a few on-topic ones ("what can we do to repair the hurt that keeps us
fighting?") are outnumbered. In the answer finder a reader question is a strong signal, so
wrong ones pull answers to the wrong unit; the filters (MiniLM specificity) cannot tell a
plausible-sounding wrong question from a right one. A bigger model behind `llm_url` might.

Every answer unit (one to three sentences of one paragraph) of a document gets questions
from a few-shot completion prompt: the five sidecar stretches of the article nearest to it
(MiniLM), each with one of its hand-written reader questions, then the unit itself. A base
model continues the pattern. Several samples per unit (temperature), deduplicated; a
question is dropped when it copies the passage (most of its words are the passage's), or
when it is generic (MiniLM does not put its own unit among the document's three nearest).
Questions are cached on disk by (model, prompt) hash under /tmp/talk11/cache.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from eval.answer_weights import figures, indexed_finder, prepare
from eval.talk import DOCUMENTS, eval_corpus
from indexer.chunking import chunk_document
from indexer.documents import parse_document
from indexer.embedding import CachedEmbedder, MiniLMEmbedder
from server.chat import answer
from server.settings import ROOT

CACHE = Path("/tmp/talk11/cache")
MODEL = Path("/tmp/talk11/gemma-3-270m-q4_k_m.gguf")
ARTICLE = "how-to-reconnect-with-your-partner"
DEV = ("after-a-fight", "closeness-while-parenting", "growing-apart", "when-life-gets-loud")
SHOTS = 5
SAMPLES = 6
HEAD = ("Passages from articles on relationships, each followed by a question a reader who "
        "needs it might ask.\n\n")
WORD = re.compile(r"[a-z']+")


def units(path: Path) -> dict[str, str]:
    """Stretches of one to three sentences of one paragraph: raw text of the file -> the
    text a reader sees (markup left out)."""
    raw = path.read_text(encoding="utf-8")
    doc = parse_document(path.stem, raw)
    by_para: dict[int, list[Any]] = {}
    for c in chunk_document(doc):
        if c.kind == "sentence":
            by_para.setdefault(c.paragraph_index, []).append(c)
    out = {}
    for sents in by_para.values():
        n = len(sents)
        size = n if n <= 3 else (2 if n == 4 else 3)
        for i in range(0, n, size):
            group = sents[i:i + size]
            quote = raw[group[0].start:group[-1].end].strip()
            if "\n" not in quote and len(quote) > 20:
                out[quote] = " ".join(c.text for c in group)
    return out


class Writer:
    def __init__(self) -> None:
        from llama_cpp import Llama
        self.llm = Llama(model_path=str(MODEL), n_ctx=1024, n_threads=1, n_threads_batch=1,
                         verbose=False, seed=0)
        self.seconds = 0.0
        self.generated = 0

    def questions(self, prompt: str, seed: int) -> str:
        key = hashlib.sha256(f"{MODEL.name}\n{seed}\n{prompt}".encode()).hexdigest()
        path = CACHE / f"{key}.txt"
        if path.is_file():
            return path.read_text(encoding="utf-8")
        t = time.perf_counter()
        self.llm.set_seed(seed)
        out: Any = self.llm.create_completion(prompt, max_tokens=40, temperature=0.9,
                                              top_p=0.95, stop=["\n"], seed=seed)
        self.seconds += time.perf_counter() - t
        self.generated += 1
        text = str(out["choices"][0]["text"]).strip()
        path.write_text(text, encoding="utf-8")
        return text


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def generate(doc_units: dict[str, str], shots: list[tuple[str, list[str]]], writer: Writer,
             embedder: CachedEmbedder, nearest: int = 3) -> dict[str, list[str]]:
    """Questions per unit, filtered."""
    shot_vecs = embedder.embed([q for q, _ in shots])
    raws = list(doc_units)
    seen = [doc_units[r] for r in raws]
    unit_vecs = embedder.embed(seen)
    out: dict[str, list[str]] = {}
    for n, raw in enumerate(raws):
        unit = seen[n]
        sims = shot_vecs @ unit_vecs[n]
        order = [i for i in np.argsort(-sims)
                 if shots[i][0] not in unit and unit not in shots[i][0]]  # never its own
        chosen = order[:SHOTS][::-1]  # nearest last, just before the target
        found: list[str] = []
        rng = random.Random(n)
        prompt = HEAD  # the same for every sample, so llama.cpp evaluates it once
        for i in chosen:
            quote, qs = shots[i]
            short = [q for q in qs if len(q.split()) <= 18] or qs
            prompt += (f"Passage: {quote}\n"
                       f"A reader who needs this might ask: {rng.choice(short)}\n\n")
        prompt += f"Passage: {unit}\nA reader who needs this might ask:"
        for s in range(SAMPLES):
            q = writer.questions(prompt, s)
            if 3 <= len(q.split()) <= 40 and q.lower() not in {x.lower() for x in found}:
                found.append(q)
        out[raw] = found
    # filters
    kept: dict[str, list[str]] = {}
    for n, raw in enumerate(raws):
        unit, qs = seen[n], out[raw]
        if not qs:
            kept[raw] = []
            continue
        qv = embedder.embed(qs)
        sims = qv @ unit_vecs.T
        uw = set(words(unit))
        good = []
        for q, row in zip(qs, sims, strict=True):
            w = words(q)
            copy = sum(x in uw for x in w) / max(len(w), 1) > 0.75
            specific = n in np.argsort(-row)[:nearest]
            if not copy and specific:
                good.append(q)
        kept[raw] = good
    return kept


def sidecar(questions: dict[str, list[str]]) -> str:
    return json.dumps({"answers": [{"quote": u, "questions": qs}
                                   for u, qs in questions.items() if qs]}, indent=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nearest", type=int, default=3,
                        help="keep a question only if its unit is among its N nearest units")
    parser.add_argument("--holdout", action="store_true", help="also print the held-out split")
    args = parser.parse_args()
    embedder = CachedEmbedder(MiniLMEmbedder(), size=100_000)
    hand = json.loads((ROOT / "corpus" / f"{ARTICLE}.hints.json").read_text(encoding="utf-8"))
    shots = [(a["quote"], a["questions"]) for a in hand["answers"]]
    writer = Writer()
    generated: dict[str, str] = {}
    stats = {}
    for name in (*DEV, ARTICLE):
        path = (ROOT / "corpus" if name == ARTICLE else DOCUMENTS) / f"{name}.md"
        us = units(path)
        t0, g0 = writer.seconds, writer.generated
        qs = generate(us, shots, writer, embedder, args.nearest)
        generated[name] = sidecar(qs)
        n_q = sum(len(v) for v in qs.values())
        stats[name] = (len(us), n_q, writer.generated - g0, writer.seconds - t0)
        print(f"{name}: {len(us)} units, {n_q} questions kept, "
              f"{writer.generated - g0} generated in {writer.seconds - t0:.0f}s", flush=True)
        (Path("/tmp/talk11") / f"{name}.hints.json").write_text(generated[name], encoding="utf-8")
    corpus = ROOT / "corpus"
    with tempfile.TemporaryDirectory() as tmp:
        folders = {"documents": eval_corpus(Path(tmp) / "documents", corpus),
                   "no_sidecar": eval_corpus(Path(tmp) / "no_sidecar", corpus, sidecar=False)}
        folders["documents+gen"] = eval_corpus(Path(tmp) / "documents_gen", corpus)
        folders["all_gen"] = eval_corpus(Path(tmp) / "all_gen", corpus, sidecar=False)
        for name in DEV:
            (folders["documents+gen"] / f"{name}.hints.json").write_text(generated[name])
            (folders["all_gen"] / f"{name}.hints.json").write_text(generated[name])
        (folders["all_gen"] / f"{ARTICLE}.hints.json").write_text(generated[ARTICLE])
        weights = answer.WEIGHTS | {"doc_lift": answer.DOC_LIFT}
        results = {}
        for name, folder in folders.items():
            finder = indexed_finder(folder, Path(tmp) / f"{name}-index", embedder)
            results[name] = figures(finder, prepare(finder), weights)
            print("indexed", name, flush=True)
    for split in ("dev", "holdout") if args.holdout else ("dev",):
        print(f"== {split}")
        for corpus_name, table in results.items():
            for (s, doc), (a, f, o) in sorted(table.items()):
                if s == split:
                    print(f"  {corpus_name:14} {doc:36} answers {a:.3f}  filler {f:.3f}  "
                          f"own {o:.3f}")
    (Path("/tmp/talk11") / "results.json").write_text(json.dumps(
        {k: {f"{s}|{d}": v for (s, d), v in t.items()} for k, t in results.items()}, indent=1))
    print(stats)


if __name__ == "__main__":
    main()
