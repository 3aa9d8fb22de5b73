"""The runtime: everything the app loads once at start-up, so routes and the CLI share it."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from indexer.cpu import limit_threads
from indexer.documents import Document, load_corpus
from indexer.embedding import CachedEmbedder, Embedder, MiniLMEmbedder, minilm_id
from indexer.store import Index, check_manifest, load_index, read_manifest
from server.chat.pipeline import ChatPipeline, OpeningMaker
from server.chat.sessions import SessionStore
from server.chat.verify import Verifier
from server.chat.wording import to_compose
from server.llm import Generator, GgufFormat, LlamaGenerator, RemoteGenerator, resolve_model
from server.llm.gate import ModelGate
from server.memory import cap_arenas, give_back
from server.prompts import Prompts
from server.rephrase.concern import ConcernHead
from server.rephrase.pipeline import Rephraser
from server.retrieval import Retriever
from server.safety.screen import SafetyScreen
from server.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """The loaded corpus, index, models and stores, and the jobs built on them."""

    settings: Settings
    documents: dict[str, Document]
    index: Index
    embedder: Embedder
    retriever: Retriever
    generator: Generator
    prompts: Prompts
    sessions: SessionStore
    screen: SafetyScreen
    chat: ChatPipeline
    rephraser: Rephraser

    @property
    def drafts_at_once(self) -> int:
        return drafts_at_once(self.settings)

    def close(self) -> None:
        self.sessions.close()
        self.generator.close()

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
            "models": {"embedder": self.embedder.model_id, "llm": self.generator.model_id},
            "sessions": self.sessions.kind,
        }


def drafts_at_once(settings: Settings) -> int:
    """How many generations may run together: one on the local model, which is not
    thread-safe; llm_max_concurrent on an inference server."""
    return settings.llm_max_concurrent if settings.llm_url else 1


def check_ready(settings: Settings) -> list[Document]:
    """Fail fast, before any model loads, if the corpus or index is missing or stale."""
    documents = load_corpus(settings.corpus_dir)
    check_manifest(read_manifest(settings.index_path), settings.index_path, minilm_id(),
                   documents)
    return documents


def load_retriever(settings: Settings, embedder: Embedder | None = None,
                   documents: list[Document] | None = None) -> Retriever:
    """Just what the excerpts job needs: corpus, index and embedder."""
    documents = documents if documents is not None else load_corpus(settings.corpus_dir)
    if embedder is None:  # not `or`: an empty CachedEmbedder has len 0
        embedder = MiniLMEmbedder(threads=settings.embed_threads)
    index = load_index(settings.index_path, embedder.model_id, documents)
    limit_threads(settings.embed_threads)  # torch, FAISS and BLAS are all loaded by now
    return Retriever(index, embedder, rrf_k=settings.rrf_k, min_relevance=settings.min_relevance)


def load_screen(settings: Settings, retriever: Retriever) -> SafetyScreen:
    """The safety screen, whose classifier lives in the index folder."""
    return SafetyScreen.load(retriever.index.folder, retriever.embedder,
                             Prompts(settings.prompts_dir))


def load_generator(settings: Settings) -> Generator:
    """The local GGUF model the settings name or, with llm_url, an inference server running
    it (then only the GGUF's chat template and vocabulary are loaded here)."""
    spec = resolve_model(settings.model, settings.data_dir, settings.prompts_dir,
                         settings.chat_template)
    if settings.llm_url:
        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
        return RemoteGenerator(
            settings.llm_url, GgufFormat.vocabulary_only(spec), name=spec.name,
            n_ctx=settings.n_ctx, model=settings.llm_model, api_key=key,
            connect_timeout=settings.llm_connect_timeout,
            read_timeout=settings.llm_read_timeout, draft_timeout=settings.llm_draft_timeout,
            retry_after=settings.llm_retry_after, max_connections=settings.llm_max_concurrent)
    return LlamaGenerator(spec, n_ctx=settings.n_ctx, n_threads=settings.n_threads,
                          seed=settings.seed)


def openings_from(rephraser: Rephraser) -> OpeningMaker:
    """Talk's next step for "what should I say": Say it gently's opening for the person's words
    (no screening or model here: Talk has screened the message already). It reads what they
    want to say, not the manner they fear: "without sounding desperate" is not a request."""
    def opening(text: str) -> str | None:
        text = to_compose(text)
        concern = rephraser.concern_of(text)
        return rephraser.composer.compose(text, concern, 0) if concern else None

    return opening


def load_runtime(settings: Settings, *, embedder: Embedder | None = None,
                   generator: Generator | None = None) -> Runtime:
    """Load everything once; `embedder` and `generator` let tests pass shared or fake ones."""
    started = time.perf_counter()
    cap_arenas()  # before the request threads exist
    documents = load_corpus(settings.corpus_dir)
    embedder = CachedEmbedder(embedder if embedder is not None
                              else MiniLMEmbedder(threads=settings.embed_threads))
    retriever = load_retriever(settings, embedder, documents)
    index = retriever.index
    # The model's lock: only a stream waits for it, never the answer around it.
    generator = ModelGate(generator or load_generator(settings), drafts_at_once(settings))
    prompts = Prompts(settings.prompts_dir)
    sessions = SessionStore(settings.sessions_target, pool_size=settings.llm_max_concurrent)
    title = documents[0].title if len(documents) == 1 else "the articles"
    screen = SafetyScreen.load(index.folder, embedder, prompts)
    rephraser = Rephraser.from_settings(settings, generator, prompts,
                                        [c for c in index.chunks if c.kind == "paragraph"],
                                        screen, ConcernHead.load(index.folder, embedder))
    chat = ChatPipeline(settings, retriever, generator, Verifier(embedder), prompts, sessions,
                        title, screen, openings=openings_from(rephraser))
    give_back()  # what loading (or a build in this process) freed
    log.info("loaded index (%d chunks), embedder and %s in %.1f s", len(index.chunks),
             generator.model_id, time.perf_counter() - started)
    return Runtime(settings, {d.doc_id: d for d in documents}, index, embedder, retriever,
                     generator, prompts, sessions, screen, chat, rephraser)
