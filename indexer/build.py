"""Build the index folder from the corpus, or do nothing when it is already up to date."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import os
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from indexer import concern_model, safety_model
from indexer.chunking import SPLITTER_VERSION, chunk_document
from indexer.documents import load_corpus
from indexer.embedding import VECTOR_CACHE, CachingEmbedder, Embedder, VectorCache
from indexer.errors import IndexDamaged
from indexer.keyword import PARAMS as KEYWORD_PARAMS
from indexer.store import FORMAT_VERSION, MANIFEST, damage, fingerprint, read_manifest, write_index

EMBEDDED_KINDS = ("sentence", "paragraph", "heading", "hint", "question")
CACHE_DIR = "build-cache"
SAFETY_ARRAYS = {"coef", "intercept", "classes", "danger_coef", "danger_intercept",
                 "danger_classes", "memory", "memory_flagged", "memory_category"}


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
    concern_file = concern_model.data_file(safety_dir)
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
                   "danger_none_weight": safety_model.DANGER_NONE_WEIGHT,
                   "arrays": sorted(SAFETY_ARRAYS)},  # an index from before a new array rebuilds
        "concern": {"data_sha256": concern_model.data_hash(concern_file), "C": concern_model.C,
                    "code": hashlib.sha256(Path(concern_model.__file__).read_bytes()
                                           ).hexdigest()},
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

    embedder = cached_embedder(index_dir, embedder_id, load_embedder, progress)
    vector_rows = [i for i, c in enumerate(chunks) if c.kind in EMBEDDED_KINDS]
    texts = [chunks[i].text for i in vector_rows]
    vectors = embedder.embed(texts) if texts else np.zeros((0, embedder.dim), np.float32)

    examples = safety_model.load_examples(safety_files)
    weights = safety_weights(examples, embedder, cache_dir(index_dir)) if examples else None
    complaints = concern_model.load_examples(concern_file)
    concern = concern_model.train(complaints, embedder) if complaints else None
    embedder.cache.prune()
    embedder.cache.close()

    manifest["vectors"] = {"dim": embedder.dim, "metric": "inner product of unit vectors",
                           "count": len(vector_rows)}
    manifest["counts"] = {"documents": len(documents), "chunks": len(chunks),
                          "sentences": sentences, "vectors": len(vector_rows),
                          "safety_examples": len(examples), "concern_examples": len(complaints)}
    manifest["built_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    keyword_rows = [i for i, c in enumerate(chunks) if c.kind == "sentence"]
    write_index(index_dir, manifest, chunks, vector_rows, vectors, keyword_rows, weights,
                concern)
    return BuildReport("repaired" if problem else "built", index_dir, len(documents), sentences,
                       len(vector_rows), len(examples), time.perf_counter() - started, problem)


# --- what a build has computed before -------------------------------------------------------
def cache_dir(index_dir: Path) -> Path:
    """Where builds keep vectors and trained weights between runs: beside the index folder
    (which each build replaces whole), shared by the indexes in the same folder."""
    return index_dir.resolve().parent / CACHE_DIR


def cached_embedder(index_dir: Path, embedder_id: str, load_embedder: Callable[[], Embedder],
                    progress: bool) -> CachingEmbedder:
    """The embedder behind the vector cache: text embedded by an earlier build (same text,
    same model id) is not embedded again, and the model loads only for new text."""
    return CachingEmbedder(VectorCache(cache_dir(index_dir) / VECTOR_CACHE, embedder_id),
                           load_embedder, progress)


def safety_weights(examples: list[safety_model.Example], embedder: Embedder,
                   folder: Path) -> dict[str, np.ndarray]:
    """The safety classifier trained on `examples`, or the weights an earlier build trained on
    the very same examples, model, settings and training code (training is deterministic)."""
    key = hashlib.sha256(json.dumps({
        "examples": [[e.text, e.category, e.marker, e.memory_only] for e in examples],
        "embedder": embedder.model_id,
        "C": safety_model.C, "danger_C": safety_model.DANGER_C,
        "danger_none_weight": safety_model.DANGER_NONE_WEIGHT,
        "code": hashlib.sha256(Path(safety_model.__file__).read_bytes()).hexdigest(),
        "sklearn": importlib.metadata.version("scikit-learn"),
    }, sort_keys=True).encode()).hexdigest()
    path = folder / f"safety-{key[:32]}.npz"
    try:
        with np.load(path, allow_pickle=False) as saved:
            weights = {name: saved[name] for name in saved.files}
        if set(weights) == SAFETY_ARRAYS:
            return weights
    except (OSError, ValueError, EOFError, zipfile.BadZipFile):
        pass  # none yet, or unreadable: train
    weights = safety_model.train(examples, embedder)
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        with tmp.open("wb") as f:
            np.savez(f, **weights)  # type: ignore[arg-type]
        os.replace(tmp, path)  # whole or not at all, whoever else is building
        for old in folder.glob("safety-*.npz"):
            if old != path:
                old.unlink(missing_ok=True)
    return weights
