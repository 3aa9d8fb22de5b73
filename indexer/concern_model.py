"""Train the concern head: which of Say it gently's topics a complaint is about, read from its
sentence embedding by multinomial logistic regression.

The concern reader in server/rephrase/concern.py weighs cues written for the complaints it
was shown; on a round of complaints written apart and never tuned on (W01-W60), its topic
was one the writer named for 0.68 of them, and with this head's probabilities added 0.85
(leave-one-round-out, README). The labelled complaints are the dev rows of
eval/data/complaints_facts.jsonl, copied into indexer/data/ by `python -m eval.concern_data`
(the indexer reads only its own folder; a test fails when the copy is stale). A complaint
with two concerns is one training row per concern. Training is deterministic and runs as
part of `reconnect index`; the weights are saved in the index folder as plain arrays.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.embedding import Embedder
from indexer.errors import IndexerError

DATA_NAME = "concern_examples.jsonl"
# The topics of server/rephrase/concern.py (the indexer does not import the server).
TOPICS = ("heard", "answered", "talking", "included", "planning", "time", "touch", "home",
          "attention", "occasions", "support", "appreciation", "reliability", "closeness")
C = 4.0  # leave-one-round-out on the dev complaints: 1, 4 and 16 within 0.01 of each other


@dataclass(frozen=True)
class Example:
    """One labelled complaint."""

    text: str
    concerns: tuple[str, ...]


def data_file(folder: Path) -> Path:
    return folder / DATA_NAME


def data_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def load_examples(path: Path) -> list[Example]:
    if not path.is_file():
        return []
    examples = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        record = json.loads(line)
        unknown = [c for c in record["concern"] if c not in TOPICS]
        if unknown or not record["concern"]:
            raise IndexerError(f"{path.name}:{n}: unknown or missing concern {unknown!r}")
        examples.append(Example(record["text"], tuple(record["concern"])))
    return examples


def train(examples: list[Example], embedder: Embedder) -> dict[str, np.ndarray]:
    """{"coef" (n_topics, dim), "intercept", "classes"} of the concern head."""
    from sklearn.linear_model import LogisticRegression

    x = embedder.embed([e.text for e in examples])
    rows = [i for i, e in enumerate(examples) for _ in e.concerns]
    labels = [c for e in examples for c in e.concerns]
    if len(set(labels)) < 2:
        raise IndexerError(f"{DATA_NAME}: the concern head needs at least two topics")
    model = LogisticRegression(C=C, max_iter=5000)
    model.fit(x[rows], labels)
    coef, intercept = model.coef_, model.intercept_
    if len(model.classes_) == 2:  # one row for two classes: as a softmax, the other is zero
        coef, intercept = np.vstack([np.zeros_like(coef), coef]), np.r_[0.0, intercept]
    return {"coef": coef.astype(np.float32), "intercept": intercept.astype(np.float32),
            "classes": np.array([str(c) for c in model.classes_])}
