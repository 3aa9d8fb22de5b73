"""Build the index folder from the corpus, or do nothing when it is already up to date."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from indexer import safety_model
from indexer.chunking import SPLITTER_VERSION, chunk_document
from indexer.documents import load_corpus
from indexer.embedding import Embedder
from indexer.errors import IndexDamaged
from indexer.keyword import PARAMS as KEYWORD_PARAMS
from indexer.store import FORMAT_VERSION, MANIFEST, damage, fingerprint, read_manifest, write_index

EMBEDDED_KINDS = ("sentence", "paragraph", "heading", "hint", "question")


@dataclass(frozen=True)
class BuildReport:
    """What `build_index` did."""

    status: str  # "built", "unchanged", or "repaired" (it was up to date but damaged)
    folder: Path
    documents: int
    sentences: int
    vectors: int
    safety_examples: int
    seconds: float
    damage: str = ""  # what was wrong with the index that was repaired


def build_index(
    corpus_dir: Path,
    index_dir: Path,
    embedder_id: str,
    load_embedder: Callable[[], Embedder],
    *,
    force: bool = False,
    progress: bool = False,
    safety_dir: Path = safety_model.DATA_DIR,
) -> BuildReport:
    """Chunk, embed and write the index; skip all of it when nothing has changed."""
    started = time.perf_counter()
    documents = load_corpus(corpus_dir)
    safety_files = safety_model.data_files(safety_dir)
    manifest: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "embedder": {"id": embedder_id},
        "chunking": {"splitter": SPLITTER_VERSION,
                     "units": ["section", "heading", "paragraph", "sentence", "hint",
                               "question"],
                     "embedded": list(EMBEDDED_KINDS), "keyword": "sentence"},
        "keyword": KEYWORD_PARAMS,
        "documents": {d.doc_id: {"title": d.title, "source": d.source, "sha256": d.sha256,
                                 "chars": len(d.text), "hints_sha256": d.hints_sha256,
                                 "hints": len(d.hints),
                                 "answers": len(d.answers)} for d in documents},
        "safety": {"data_sha256": safety_model.data_hash(safety_files),
                   "files": [p.name for p in safety_files], "C": safety_model.C,
                   "danger_C": safety_model.DANGER_C,
                   "danger_none_weight": safety_model.DANGER_NONE_WEIGHT},
    }
    try:
        existing = read_manifest(index_dir)
    except IndexDamaged:
        existing, problem = None, f"{MANIFEST} cannot be read"
    else:
        problem = ""
    chunks = [c for d in documents for c in chunk_document(d)]
    sentences = sum(c.kind == "sentence" for c in chunks)
    if existing is not None and existing.get("fingerprint") == fingerprint(manifest):
        # Up to date on paper; the files are checked too, so a damaged index is rebuilt.
        problem = damage(index_dir, existing) or ""
        if not force and not problem:
            return BuildReport("unchanged", index_dir, len(documents), sentences,
                               existing.get("counts", {}).get("vectors", 0),
                               existing.get("counts", {}).get("safety_examples", 0),
                               time.perf_counter() - started)

    embedder = load_embedder()
    vector_rows = [i for i, c in enumerate(chunks) if c.kind in EMBEDDED_KINDS]
    texts = [chunks[i].text for i in vector_rows]
    batches = [texts[i:i + 32] for i in range(0, len(texts), 32)]
    parts = [embedder.embed(b) for b in tqdm(batches, desc="embedding", unit="batch",
                                             disable=not progress)]
    vectors = np.concatenate(parts) if parts else np.zeros((0, embedder.dim), np.float32)

    examples = safety_model.load_examples(safety_files)
    weights = safety_model.train(examples, embedder) if examples else None

    manifest["vectors"] = {"dim": embedder.dim, "metric": "inner product of unit vectors",
                           "count": len(vector_rows)}
    manifest["counts"] = {"documents": len(documents), "chunks": len(chunks),
                          "sentences": sentences, "vectors": len(vector_rows),
                          "safety_examples": len(examples)}
    manifest["built_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    keyword_rows = [i for i, c in enumerate(chunks) if c.kind == "sentence"]
    write_index(index_dir, manifest, chunks, vector_rows, vectors, keyword_rows, weights)
    return BuildReport("repaired" if problem else "built", index_dir, len(documents), sentences,
                       len(vector_rows), len(examples), time.perf_counter() - started, problem)
