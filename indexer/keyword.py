"""The keyword half of hybrid retrieval: BM25 over stemmed content words (bm25s)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import bm25s
import numpy as np

from indexer.vocabulary import content_words

if TYPE_CHECKING:
    from numpy.typing import NDArray

PARAMS = {"library": "bm25s", "method": "lucene", "k1": 1.5, "b": 0.75,
          "tokens": "snowball-english content words"}


class KeywordIndex:
    """BM25 scores for every indexed text, in index order."""

    def __init__(self, model: bm25s.BM25, size: int) -> None:
        self._model = model
        self.size = size

    @classmethod
    def build(cls, texts: list[str]) -> KeywordIndex:
        model = bm25s.BM25(k1=PARAMS["k1"], b=PARAMS["b"], method=PARAMS["method"])
        # An empty token list would make bm25s drop the row; a placeholder keeps rows aligned.
        model.index([content_words(t) or ["\x00"] for t in texts], show_progress=False)
        return cls(model, len(texts))

    def save(self, folder: Path) -> None:
        self._model.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path, size: int) -> KeywordIndex:
        return cls(bm25s.BM25.load(str(folder), show_progress=False), size)

    def scores(self, query: str) -> NDArray[np.float32]:
        tokens = [t for t in content_words(query) if t in self._model.vocab_dict]
        if not tokens:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._model.get_scores(tokens), dtype=np.float32)
