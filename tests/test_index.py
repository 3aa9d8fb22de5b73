from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from indexer.build import build_index
from indexer.chunking import SPLITTER_VERSION
from indexer.documents import load_corpus
from indexer.embedding import MiniLMEmbedder
from indexer.errors import IndexDamaged, IndexMissing, IndexStale
from indexer.store import FORMAT_VERSION, fingerprint, load_index, read_manifest
from tests.conftest import CORPUS

NO_SAFETY = Path("/nonexistent-safety-data")


def small_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.md").write_text(
        "# Alpha\n\nPhones at dinner pull us apart. We talk less.\n\n## Touch\n\n"
        "Holding hands helps. A hug at the door helps too.\n", encoding="utf-8")
    return folder


def build(corpus: Path, index: Path, embedder: MiniLMEmbedder, **kw: object):
    return build_index(corpus, index, embedder.model_id, lambda: embedder,
                       safety_dir=NO_SAFETY, **kw)  # type: ignore[arg-type]


def test_build_writes_every_part(tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    corpus, index = small_corpus(tmp_path / "c"), tmp_path / "i"
    report = build(corpus, index, embedder)
    assert report.status == "built"
    assert {p.name for p in index.iterdir()} >= {"manifest.json", "chunks.jsonl",
                                                 "vectors.faiss", "bm25"}
    manifest = read_manifest(index)
    assert manifest is not None
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["embedder"]["id"] == embedder.model_id
    assert manifest["vectors"]["dim"] == 384
    assert manifest["chunking"]["splitter"] == SPLITTER_VERSION
    assert len(manifest["documents"]["a"]["sha256"]) == 64
    lines = [json.loads(x) for x in (index / "chunks.jsonl").read_text().splitlines()]
    assert {x["kind"] for x in lines} == {"section", "heading", "paragraph", "sentence"}
    # no temp folders left behind
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_rebuild_of_unchanged_corpus_does_nothing(tmp_path: Path,
                                                  embedder: MiniLMEmbedder) -> None:
    corpus, index = small_corpus(tmp_path / "c"), tmp_path / "i"
    build(corpus, index, embedder)
    before = (index / "manifest.json").read_text()

    def boom() -> MiniLMEmbedder:
        raise AssertionError("the embedder must not load for an unchanged corpus")

    report = build_index(corpus, index, embedder.model_id, boom, safety_dir=NO_SAFETY)
    assert report.status == "unchanged"
    assert (index / "manifest.json").read_text() == before
    assert build(corpus, index, embedder, force=True).status == "built"


def test_changed_corpus_is_stale(tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    corpus, index = small_corpus(tmp_path / "c"), tmp_path / "i"
    build(corpus, index, embedder)
    (corpus / "a.md").write_text("# Alpha\n\nSomething else entirely.\n", encoding="utf-8")
    with pytest.raises(IndexStale, match=r"corpus has changed.*reconnect index"):
        load_index(index, embedder.model_id, load_corpus(corpus))
    assert build(corpus, index, embedder).status == "built"
    assert load_index(index, embedder.model_id, load_corpus(corpus)).chunks


def test_other_embedder_is_stale(tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    corpus, index = small_corpus(tmp_path / "c"), tmp_path / "i"
    build(corpus, index, embedder)
    with pytest.raises(IndexStale, match=r"built with the embedder .*reconnect index"):
        load_index(index, "some-other-model", load_corpus(corpus))


def test_missing_index(tmp_path: Path) -> None:
    with pytest.raises(IndexMissing, match="reconnect index"):
        load_index(tmp_path / "none", "x")


def test_faiss_matches_brute_force(index_dir: Path, embedder: MiniLMEmbedder) -> None:
    """The FAISS ranking equals a NumPy cosine ranking over the same vectors."""
    index = load_index(index_dir, embedder.model_id)
    stored = index.vectors.reconstruct_n(0, index.vectors.ntotal)
    rng = np.random.default_rng(7)
    queries = embedder.embed(["physical affection", "when to see a therapist", "phones"])
    queries = np.vstack([queries, rng.normal(size=(5, stored.shape[1])).astype(np.float32)])
    for q in queries:
        q = q / np.linalg.norm(q)
        sims, rows = index.vectors.search(q[None, :].astype(np.float32), 17)
        oracle = stored @ q
        order = np.argsort(-oracle, kind="stable")[:17]
        np.testing.assert_allclose(sims[0], oracle[order], rtol=1e-5, atol=1e-6)
        assert set(rows[0][:10]) == set(order[:10]) or np.allclose(
            oracle[rows[0][:10]], oracle[order[:10]], atol=1e-6)


def test_index_of_real_corpus(index_dir: Path, embedder: MiniLMEmbedder) -> None:
    documents = load_corpus(CORPUS)
    index = load_index(index_dir, embedder.model_id, documents)
    text = {d.doc_id: d.text for d in documents}
    for chunk in index.chunks:
        if chunk.kind not in ("hint", "question"):
            for start, end in chunk.spans():
                assert text[chunk.doc_id][start:end] in chunk.text
            if not chunk.pieces:
                assert text[chunk.doc_id][chunk.start:chunk.end] == chunk.text
    assert index.manifest["counts"]["safety_examples"] > 1000
    assert (index_dir / "safety.npz").is_file()


def test_interrupted_build_keeps_old_index(tmp_path: Path, embedder: MiniLMEmbedder,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, index = small_corpus(tmp_path / "c"), tmp_path / "i"
    build(corpus, index, embedder)
    before = (index / "manifest.json").read_text()
    (corpus / "a.md").write_text("# Alpha\n\nChanged text.\n", encoding="utf-8")

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("indexer.store.KeywordIndex.build", crash)
    with pytest.raises(RuntimeError):
        build(corpus, index, embedder)
    assert (index / "manifest.json").read_text() == before
    assert not any(p.name.startswith(".i.") for p in tmp_path.iterdir())
    shutil.rmtree(index)


def test_cached_embedder_matches_and_bounds(embedder: MiniLMEmbedder) -> None:
    from indexer.embedding import CachedEmbedder

    cached = CachedEmbedder(embedder, size=3)
    texts = ["hugs", "talking", "phones at dinner", "laughing together"]
    np.testing.assert_allclose(cached.embed(texts), embedder.embed(texts), atol=1e-5)
    assert len(cached) == 3
    np.testing.assert_allclose(cached.embed(["hugs", "hugs"]), embedder.embed(["hugs"] * 2),
                               atol=1e-5)
    assert cached.embed([]).shape == (0, 384)
    assert cached.model_id == embedder.model_id


def test_manifest_lists_every_file_with_its_checksum(index_dir: Path) -> None:
    manifest = read_manifest(index_dir)
    assert manifest is not None
    on_disk = sorted(p.relative_to(index_dir).as_posix() for p in index_dir.rglob("*")
                     if p.is_file() and p.name != "manifest.json")
    assert sorted(manifest["files"]) == on_disk
    assert {"chunks.jsonl", "vectors.faiss", "safety.npz"} <= set(on_disk)
    assert any(name.startswith("bm25/") for name in on_disk)
    for name, meta in manifest["files"].items():
        data = (index_dir / name).read_bytes()
        assert meta == {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def wrong_checksum_in_manifest(index: Path) -> None:
    manifest = json.loads((index / "manifest.json").read_text())
    manifest["files"]["chunks.jsonl"]["sha256"] = "0" * 64
    (index / "manifest.json").write_text(json.dumps(manifest))


DAMAGE = [
    ("vectors.faiss", lambda i: truncate(i / "vectors.faiss"), "vectors.faiss is"),
    ("chunks.jsonl", lambda i: flip_a_byte(i / "chunks.jsonl"), "chunks.jsonl does not match"),
    ("bm25 file", lambda i: next((i / "bm25").iterdir()).unlink(), "is missing"),
    ("manifest checksum", wrong_checksum_in_manifest, "chunks.jsonl does not match"),
    ("manifest", lambda i: truncate(i / "manifest.json"), "manifest.json cannot be read"),
]


@pytest.mark.parametrize(("harm", "problem"), [d[1:] for d in DAMAGE],
                         ids=[d[0] for d in DAMAGE])
def test_damaged_index_is_detected_and_rebuilt(tmp_path: Path, embedder: MiniLMEmbedder,
                                               harm: Callable[[Path], None],
                                               problem: str) -> None:
    corpus, index = small_corpus(tmp_path / "c"), tmp_path / "i"
    build(corpus, index, embedder)
    harm(index)
    with pytest.raises(IndexDamaged, match="reconnect index --force") as caught:
        load_index(index, embedder.model_id, load_corpus(corpus))
    assert problem in str(caught.value) and "\n" not in str(caught.value)
    report = build(corpus, index, embedder)  # no --force needed: the damage is noticed
    assert report.status == "repaired" and problem in report.damage
    assert load_index(index, embedder.model_id, load_corpus(corpus)).chunks
    assert build(corpus, index, embedder).status == "unchanged"


def test_an_index_without_checksums_is_stale(tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    """A format-1 index (no checksums) asks for a rebuild, and `reconnect index` does it."""
    corpus, index = small_corpus(tmp_path / "c"), tmp_path / "i"
    build(corpus, index, embedder)
    manifest = json.loads((index / "manifest.json").read_text())
    del manifest["files"]
    manifest["format_version"] = 1
    manifest["fingerprint"] = fingerprint(manifest)  # as format 1 wrote it
    (index / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexStale, match="format 1"):
        load_index(index, embedder.model_id)
    assert build(corpus, index, embedder).status == "built"


# --- the build cache: vectors by text and model, safety weights by their training data ------
class Counting:
    """The real embedder, counting the texts it is asked to embed."""

    def __init__(self, inner: MiniLMEmbedder) -> None:
        self.inner, self.model_id, self.dim = inner, inner.model_id, inner.dim
        self.texts: list[str] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.texts.extend(texts)
        return self.inner.embed(texts)


def never() -> MiniLMEmbedder:
    raise AssertionError("the embedder must not load: every text is cached")


def vectors_of(index: Path, model_id: str) -> dict[str, np.ndarray]:
    loaded = load_index(index, model_id)
    stored = loaded.vectors.reconstruct_n(0, loaded.vectors.ntotal)
    return {loaded.chunks[pos].text: stored[row] for row, pos in enumerate(loaded.vector_rows)}


def test_a_forced_rebuild_of_unchanged_text_embeds_nothing(tmp_path: Path,
                                                          embedder: MiniLMEmbedder) -> None:
    corpus, index = small_corpus(tmp_path / "c"), tmp_path / "i"
    first = Counting(embedder)
    build_index(corpus, index, embedder.model_id, lambda: first, safety_dir=NO_SAFETY)
    before = vectors_of(index, embedder.model_id)
    assert len(first.texts) == len(before) > 0

    report = build_index(corpus, index, embedder.model_id, never, safety_dir=NO_SAFETY,
                         force=True)
    assert report.status == "built"
    after = vectors_of(index, embedder.model_id)
    assert after.keys() == before.keys()
    for text, vector in before.items():
        np.testing.assert_array_equal(after[text], vector)


def test_only_new_text_is_embedded(tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    corpus, index = small_corpus(tmp_path / "c"), tmp_path / "i"
    build(corpus, index, embedder)
    old = set(vectors_of(index, embedder.model_id))
    text = (corpus / "a.md").read_text(encoding="utf-8")
    (corpus / "a.md").write_text(text + "\n## Time\n\nA walk after dinner gives us room.\n",
                                 encoding="utf-8")
    counting = Counting(embedder)
    build_index(corpus, index, embedder.model_id, lambda: counting, safety_dir=NO_SAFETY)
    new = vectors_of(index, embedder.model_id)
    assert counting.texts and set(counting.texts) == set(new) - old
    fresh = embedder.embed(sorted(new))  # cached and fresh vectors are the same vectors
    np.testing.assert_allclose(np.stack([new[t] for t in sorted(new)]), fresh, atol=1e-5)


def test_another_model_id_gets_its_own_vectors(tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    corpus, index = small_corpus(tmp_path / "c"), tmp_path / "i"
    build(corpus, index, embedder)
    other = Counting(embedder)
    other.model_id = "another-model"
    build_index(corpus, index, "another-model", lambda: other, safety_dir=NO_SAFETY)
    assert len(other.texts) == len(vectors_of(index, "another-model"))


@pytest.mark.parametrize("harm", ["garbage file", "bad vector", "wrong size"])
def test_a_damaged_cache_is_never_trusted(tmp_path: Path, embedder: MiniLMEmbedder,
                                          harm: str) -> None:
    import sqlite3

    from indexer.build import cache_dir
    from indexer.embedding import VECTOR_CACHE

    corpus, index = small_corpus(tmp_path / "c"), tmp_path / "i"
    build(corpus, index, embedder)
    good = vectors_of(index, embedder.model_id)
    path = cache_dir(index) / VECTOR_CACHE
    if harm == "garbage file":
        for extra in path.parent.glob(f"{VECTOR_CACHE}-*"):  # the WAL beside it
            extra.unlink()
        path.write_bytes(b"this is not a database" * 100)
    else:
        with sqlite3.connect(path) as db:
            vector = (np.full(384, 0.5) if harm == "bad vector"  # not of unit length
                      else np.ones(3) / np.sqrt(3))  # of unit length, but not 384 numbers
            blob = vector.astype(np.float32).tobytes()
            db.execute("UPDATE vectors SET vector = ?", (blob,))
    counting = Counting(embedder)
    build_index(corpus, index, embedder.model_id, lambda: counting, safety_dir=NO_SAFETY,
                force=True)
    assert sorted(counting.texts) == sorted(good)  # all embedded again
    rebuilt = vectors_of(index, embedder.model_id)
    for text, vector in good.items():
        np.testing.assert_allclose(rebuilt[text], vector, atol=1e-5)
    # and the cache works again afterwards
    build_index(corpus, index, embedder.model_id, never, safety_dir=NO_SAFETY, force=True)


def test_builds_at_once_share_the_cache(tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    from concurrent.futures import ThreadPoolExecutor

    corpus = small_corpus(tmp_path / "c")
    with ThreadPoolExecutor(3) as pool:
        reports = list(pool.map(lambda n: build(corpus, tmp_path / f"i{n}", embedder),
                                range(3)))
    assert [r.status for r in reports] == ["built"] * 3
    first = vectors_of(tmp_path / "i0", embedder.model_id)
    for n in (1, 2):
        other = vectors_of(tmp_path / f"i{n}", embedder.model_id)
        for text, vector in first.items():
            np.testing.assert_allclose(other[text], vector, atol=1e-5)
    build_index(corpus, tmp_path / "i3", embedder.model_id, never, safety_dir=NO_SAFETY)


def test_the_safety_classifier_is_trained_once_per_training_data(
        tmp_path: Path, embedder: MiniLMEmbedder, monkeypatch: pytest.MonkeyPatch) -> None:
    from indexer import safety_model

    corpus, index, data = small_corpus(tmp_path / "c"), tmp_path / "i", tmp_path / "safety"
    data.mkdir()
    lines = [json.dumps(r) for r in (
        {"text": "He said he would kill me if I left.", "category": "violence",
         "marker": "threat_to_kill"},
        {"text": "He grabbed my throat during the fight.", "category": "violence",
         "marker": "strangulation"},
        {"text": "She checks my phone and takes my money.", "category": "coercive_control"},
        {"text": "We argue about the dishes.", "category": "none"},
        {"text": "We never go out any more.", "category": "none"},
        {"text": "I want to hurt myself tonight.", "category": "self_harm"})]
    (data / "safety_train_x.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    trained: list[int] = []
    train = safety_model.train
    monkeypatch.setattr(safety_model, "train",
                        lambda examples, emb: trained.append(len(examples)) or train(examples, emb))

    build_index(corpus, index, embedder.model_id, lambda: embedder, safety_dir=data)
    weights = (index / "safety.npz").read_bytes()
    build_index(corpus, index, embedder.model_id, never, safety_dir=data, force=True)
    assert trained == [6] and (index / "safety.npz").read_bytes() == weights

    extra = json.dumps({"text": "He hides the car keys from me.", "category": "coercive_control"})
    (data / "safety_train_x.jsonl").write_text("\n".join([*lines, extra]) + "\n",
                                               encoding="utf-8")
    build_index(corpus, index, embedder.model_id, lambda: embedder, safety_dir=data)
    assert trained == [6, 7]
