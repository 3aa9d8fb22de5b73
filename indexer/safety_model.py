"""Train the safety classifier: multinomial logistic regression over sentence embeddings.

The labelled examples live in indexer/data/safety_train_*.jsonl (one message per
line with its category, and for the markers of lethal danger, its `marker`); those in
safety_memory_*.jsonl (the writers' dev rounds, eval/safety_data.py) join only the memory
of nearest examples, so the heads and their thresholds stay as they were measured.
Two heads share the embeddings: the category head (what kind of harm) and the
danger head (which of the markers that predict lethal violence, if any: threats to
kill, strangulation, a weapon, threats around leaving, stalking after leaving). Beside
them the examples themselves are kept (their unit vectors and whether each is a
disclosure), so the screen can ask which labelled messages a new one is nearest to: on
rounds of disclosures written by people the model never saw, that ranks them above
ordinary stress far better than the linear heads do (leave-one-round-out, README).
Training is deterministic (lbfgs, fixed data order) and runs as part of `reconnect
index`; the weights are saved in the index folder as plain arrays, so the server
needs only NumPy to apply them.
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
# The markers of lethal partner violence that a message can show (Campbell's Danger
# Assessment: Campbell et al., Am J Public Health 2003; strangulation, Glass et al. 2008);
# "none" is every other example.
MARKERS = ("none", "threat_to_kill", "strangulation", "weapon", "leaving_threat",
           "stalking_after_leaving")
C = 4.0  # inverse regularisation strength, chosen by cross-validation on the training set
DANGER_C = 4.0
# The markers are rare among the examples. Weighting each marker example 5x a "none" one
# keeps the markers' recall; full balancing (about 40x) made ordinary talk of exes,
# hunting rifles and films score as danger on the dev sets.
DANGER_NONE_WEIGHT = 0.2


@dataclass(frozen=True)
class Example:
    """One labelled message."""

    text: str
    category: str
    marker: str = "none"
    memory_only: bool = False  # from safety_memory_*.jsonl: a nearest example, not a head's


def data_files(folder: Path = DATA_DIR) -> list[Path]:
    return sorted([*folder.glob("safety_train_*.jsonl"), *folder.glob("safety_memory_*.jsonl")])


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
            marker = record.get("marker", "none")
            if marker not in MARKERS:
                raise IndexerError(f"{path.name}:{n}: unknown marker {marker!r}")
            if marker != "none" and record["category"] == "none":
                raise IndexerError(f"{path.name}:{n}: a danger marker on a 'none' example")
            examples.append(Example(record["text"], record["category"], marker,
                                    path.name.startswith("safety_memory_")))
    return examples


def _fit(x: np.ndarray, labels: list[str], names: tuple[str, ...], c: float,
         weights: dict[int, float] | str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(coef, intercept, classes) of a multinomial logistic regression."""
    from sklearn.linear_model import LogisticRegression

    y = np.array([names.index(label) for label in labels])
    model = LogisticRegression(C=c, max_iter=5000, class_weight=weights)
    model.fit(x, y)
    return (model.coef_.astype(np.float32), model.intercept_.astype(np.float32),
            np.array([names[i] for i in model.classes_]))


def train(examples: list[Example], embedder: Embedder) -> dict[str, np.ndarray]:
    """Weights of both heads: "coef" (n_classes, dim), "intercept", "classes", and the same
    three prefixed "danger_" for the danger markers; "memory" (n_examples, dim),
    "memory_flagged" and "memory_category" (n_examples,) for the nearest examples."""
    if not examples:
        raise IndexerError("no safety training examples found in indexer/data/")
    if all(e.marker == "none" for e in examples):
        raise IndexerError("no danger-marker examples found in indexer/data/")
    x = embedder.embed([e.text for e in examples])
    heads = [i for i, e in enumerate(examples) if not e.memory_only]
    coef, intercept, classes = _fit(x[heads], [examples[i].category for i in heads], CATEGORIES,
                                    C, "balanced")
    d_coef, d_intercept, d_classes = _fit(
        x[heads], [examples[i].marker for i in heads], MARKERS, DANGER_C,
        {i: DANGER_NONE_WEIGHT if m == "none" else 1.0 for i, m in enumerate(MARKERS)})
    return {"coef": coef, "intercept": intercept, "classes": classes,
            "danger_coef": d_coef, "danger_intercept": d_intercept, "danger_classes": d_classes,
            "memory": np.asarray(x, np.float32),
            "memory_flagged": np.array([e.category != "none" for e in examples]),
            "memory_category": np.array([e.category for e in examples])}
