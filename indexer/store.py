"""The index folder on disk: what it holds, how it is written, and how it is checked on load.

    manifest.json    format version, embedder, chunking and keyword parameters, a content
                     hash per document, the safety classifier's data hash, a fingerprint,
                     and the size and SHA-256 of every other file (so damage is noticed)
    chunks.jsonl     one chunk per line (sections, paragraphs, sentences), for people to read
    vectors.faiss    inner-product FAISS index over the embedded chunks (unit vectors)
    bm25/            the keyword index over sentences (bm25s)
    safety.npz       the safety classifier's weights (see indexer/safety_model.py)

A folder is written next to its final place and renamed into it, so a crash never
leaves a half-written index behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from indexer.chunking import Chunk
from indexer.cpu import quiet_openmp
from indexer.documents import Document
from indexer.errors import IndexDamaged, IndexMissing, IndexStale
from indexer.keyword import KeywordIndex

FORMAT_VERSION = 4  # 2: reader questions for exact stretches of text; 3: file checksums;
# 4: chunks from Markdown structure (roles, list groups), headings embedded
MANIFEST = "manifest.json"
CHUNKS = "chunks.jsonl"
VECTORS = "vectors.faiss"
BM25 = "bm25"
SAFETY = "safety.npz"
CONCERN = "concern.npz"  # Say it gently's concern head (indexer/concern_model.py)

REBUILD_HINT = "run `reconnect index` (or `make run`) to rebuild it"
REPAIR_HINT = "run `reconnect index --force` to rebuild it"


@dataclass(frozen=True)
class Index:
    """A loaded index: chunks, their vectors, BM25 over sentences, and the manifest."""

    folder: Path
    manifest: dict[str, Any]
    chunks: list[Chunk]
    vector_rows: list[int]  # chunk position of each FAISS row
    vectors: Any  # faiss.IndexFlatIP
    keyword: KeywordIndex
    keyword_rows: list[int]  # chunk position of each BM25 row (the sentences)

    @property
    def sentences(self) -> list[Chunk]:
        return [self.chunks[i] for i in self.keyword_rows]


def load_faiss() -> Any:
    """The faiss module, loaded only now so that its OpenMP runtime starts without spinning
    (indexer/cpu.py)."""
    quiet_openmp()
    import faiss

    return faiss


def fingerprint(manifest: dict[str, Any]) -> str:
    """Hash of everything that decides the index's contents (not when it was built)."""
    keys = ("format_version", "embedder", "chunking", "keyword", "documents", "safety",
            "concern")
    payload = json.dumps({k: manifest.get(k) for k in keys}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest, or None when there is none; IndexDamaged when it cannot be read."""
    path = folder / MANIFEST
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexDamaged(f"the index at {folder} is damaged ({MANIFEST} cannot be read: "
                           f"{type(exc).__name__}): {REPAIR_HINT}") from exc
    if not isinstance(data, dict):
        raise IndexDamaged(f"the index at {folder} is damaged ({MANIFEST} is not an object): "
                           f"{REPAIR_HINT}")
    return data


def file_checksums(folder: Path) -> dict[str, dict[str, Any]]:
    """Size and SHA-256 of every file in the folder except the manifest, by relative path."""
    sums: dict[str, dict[str, Any]] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if name != MANIFEST:
            sums[name] = {"bytes": path.stat().st_size, "sha256": _sha256(path)}
    return sums


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def damage(folder: Path, manifest: dict[str, Any]) -> str | None:
    """What is wrong with the files the manifest lists (the first problem), or None."""
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        return f"{MANIFEST} lists no file checksums"
    for name, expected in sorted(files.items()):
        path = folder / name
        try:
            size = path.stat().st_size
            if size != expected.get("bytes"):
                return f"{name} is {size} bytes, {expected.get('bytes')} were written"
            if _sha256(path) != expected.get("sha256"):
                return f"{name} does not match its checksum"
        except FileNotFoundError:
            return f"{name} is missing"
        except OSError as exc:
            return f"{name} cannot be read: {exc.strerror}"
    return None


def check_files(folder: Path, manifest: dict[str, Any]) -> None:
    """Raise IndexDamaged, naming the file and `reconnect index --force`, unless all match."""
    problem = damage(folder, manifest)
    if problem is not None:
        raise IndexDamaged(f"the index at {folder} is damaged ({problem}): {REPAIR_HINT}")


def write_index(
    folder: Path,
    manifest: dict[str, Any],
    chunks: list[Chunk],
    vector_rows: list[int],
    vectors: np.ndarray,
    keyword_rows: list[int],
    safety_weights: dict[str, np.ndarray] | None,
    concern_weights: dict[str, np.ndarray] | None = None,
) -> None:
    """Write every file into a sibling temp folder, then swap it into place."""
    folder = folder.resolve()
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = folder.with_name(f".{folder.name}.tmp-{os.getpid()}")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    try:
        row_of = {pos: row for row, pos in enumerate(vector_rows)}
        with (tmp / CHUNKS).open("w", encoding="utf-8") as f:
            for pos, chunk in enumerate(chunks):
                record = chunk.to_json() | {"vector_row": row_of.get(pos, -1)}
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
        faiss = load_faiss()
        flat = faiss.IndexFlatIP(vectors.shape[1])
        flat.add(np.ascontiguousarray(vectors, dtype=np.float32))
        faiss.write_index(flat, str(tmp / VECTORS))
        KeywordIndex.build([chunks[i].text for i in keyword_rows]).save(tmp / BM25)
        if safety_weights is not None:
            arrays: dict[str, Any] = safety_weights
            np.savez(tmp / SAFETY, **arrays)
        if concern_weights is not None:
            np.savez(tmp / CONCERN, **concern_weights)  # type: ignore[arg-type]
        manifest = manifest | {"fingerprint": fingerprint(manifest),
                               "files": file_checksums(tmp)}
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
        if folder.exists():
            folder.rename(old)
        tmp.rename(folder)
        if old.exists():
            shutil.rmtree(old)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)


def check_manifest(
    manifest: dict[str, Any] | None,
    folder: Path,
    embedder_id: str,
    documents: list[Document] | None = None,
) -> dict[str, Any]:
    """Raise IndexMissing, IndexStale or IndexDamaged, with the fix in the message, unless
    usable. Every file is checked against its checksum: a few milliseconds for this index."""
    if manifest is None:
        raise IndexMissing(
            f"no index at {folder}: run `reconnect index` (or `make run`) to build it")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexStale(
            f"the index at {folder} has format {manifest.get('format_version')}, this version "
            f"reads format {FORMAT_VERSION}: {REBUILD_HINT}"
        )
    built_with = manifest.get("embedder", {}).get("id")
    if built_with != embedder_id:
        raise IndexStale(
            f"the index at {folder} was built with the embedder {built_with!r}, but the settings "
            f"use {embedder_id!r}: {REBUILD_HINT}"
        )
    if documents is not None:
        indexed = {d: (meta["sha256"], meta.get("hints_sha256", ""))
                   for d, meta in manifest.get("documents", {}).items()}
        current = {d.doc_id: (d.sha256, d.hints_sha256) for d in documents}
        changed = sorted(d for d in indexed.keys() | current.keys()
                         if indexed.get(d) != current.get(d))
        if changed:
            raise IndexStale(
                f"the corpus has changed since the index at {folder} was built "
                f"({', '.join(changed)}): {REBUILD_HINT}"
            )
    check_files(folder, manifest)
    return manifest


def load_index(
    folder: Path, embedder_id: str, documents: list[Document] | None = None
) -> Index:
    """Load and check an index folder; pass `documents` to also check the corpus hashes."""
    manifest = check_manifest(read_manifest(folder), folder, embedder_id, documents)
    try:
        return _read(folder, manifest)
    except Exception as exc:  # checksums matched, yet a reader failed (e.g. a library change)
        raise IndexDamaged(f"the index at {folder} cannot be read ({type(exc).__name__}): "
                           f"{REPAIR_HINT}") from exc


def _read(folder: Path, manifest: dict[str, Any]) -> Index:
    chunks: list[Chunk] = []
    vector_rows: list[tuple[int, int]] = []
    with (folder / CHUNKS).open(encoding="utf-8") as f:
        for pos, line in enumerate(f):
            record = json.loads(line)
            row = record.pop("vector_row")
            chunks.append(Chunk.from_json(record))
            if row >= 0:
                vector_rows.append((row, pos))
    vectors = load_faiss().read_index(str(folder / VECTORS))
    keyword_rows = [i for i, c in enumerate(chunks) if c.kind == "sentence"]
    return Index(
        folder=folder,
        manifest=manifest,
        chunks=chunks,
        vector_rows=[pos for _, pos in sorted(vector_rows)],
        vectors=vectors,
        keyword=KeywordIndex.load(folder / BM25, len(keyword_rows)),
        keyword_rows=keyword_rows,
    )
