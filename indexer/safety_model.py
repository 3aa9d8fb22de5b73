"""Train the safety classifier: multinomial logistic regression over sentence embeddings.

The labelled examples live in indexer/data/safety_train_*.jsonl (one message per
line with its category). Training is deterministic (lbfgs, fixed data order) and
runs as part of `reconnect index`; the weights are saved in the index folder as
plain arrays, so the server needs only NumPy to apply them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.embedding import Embedder
from indexer.errors import IndexerError

DATA_DIR = Path(__file__).parent / "data"
CATEGORIES = ("none", "violence", "coercive_control", "self_harm", "harm_to_partner",
              "child_at_risk")
C = 4.0  # inverse regularisation strength, chosen by cross-validation on the training set


@dataclass(frozen=True)
class Example:
    """One labelled message."""

    text: str
    category: str


def data_files(folder: Path = DATA_DIR) -> list[Path]:
    return sorted(folder.glob("safety_train_*.jsonl"))


def data_hash(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_examples(files: list[Path]) -> list[Example]:
    examples = []
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            record = json.loads(line)
            if record["category"] not in CATEGORIES:
                raise IndexerError(f"{path.name}:{n}: unknown category {record['category']!r}")
            examples.append(Example(record["text"], record["category"]))
    return examples


def train(examples: list[Example], embedder: Embedder) -> dict[str, np.ndarray]:
    """Weights {"coef": (n_classes, dim), "intercept": (n_classes,), "classes": (n_classes,)}."""
    from sklearn.linear_model import LogisticRegression

    if not examples:
        raise IndexerError("no safety training examples found in indexer/data/")
    x = embedder.embed([e.text for e in examples])
    y = np.array([CATEGORIES.index(e.category) for e in examples])
    model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
    model.fit(x, y)
    classes = np.array([CATEGORIES[i] for i in model.classes_])
    return {
        "coef": model.coef_.astype(np.float32),
        "intercept": model.intercept_.astype(np.float32),
        "classes": classes,
    }
