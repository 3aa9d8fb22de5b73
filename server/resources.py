"""Everything the app loads once at start-up, in one place, so routes and the CLI share it."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from indexer.documents import Document, load_corpus
from indexer.embedding import Embedder, MiniLMEmbedder, minilm_id
from indexer.store import Index, check_manifest, load_index, read_manifest
from server.retrieval import Retriever
from server.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Resources:
    """The loaded corpus, index, models and stores."""

    settings: Settings
    documents: dict[str, Document]
    index: Index
    embedder: Embedder
    retriever: Retriever

    def health(self) -> dict[str, Any]:
        manifest = self.index.manifest
        return {
            "status": "ok",
            "index": {
                "folder": str(self.index.folder),
                "format_version": manifest["format_version"],
                "built_at": manifest.get("built_at"),
                "documents": {d: {"title": m["title"], "sha256": m["sha256"][:12]}
                              for d, m in manifest["documents"].items()},
                "counts": manifest.get("counts", {}),
            },
            "models": {"embedder": self.embedder.model_id},
        }


def check_ready(settings: Settings) -> list[Document]:
    """Fail fast, before any model loads, if the corpus or index is missing or stale."""
    documents = load_corpus(settings.corpus_dir)
    check_manifest(read_manifest(settings.index_path), settings.index_path, minilm_id(),
                   documents)
    return documents


def load_resources(settings: Settings, *, embedder: Embedder | None = None) -> Resources:
    started = time.perf_counter()
    documents = load_corpus(settings.corpus_dir)
    embedder = embedder or MiniLMEmbedder(threads=settings.embed_threads)
    index = load_index(settings.index_path, embedder.model_id, documents)
    retriever = Retriever(index, embedder, rrf_k=settings.rrf_k,
                          min_relevance=settings.min_relevance)
    log.info("loaded index (%d chunks) and embedder in %.1f s", len(index.chunks),
             time.perf_counter() - started)
    return Resources(settings, {d.doc_id: d for d in documents}, index, embedder, retriever)
