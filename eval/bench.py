"""Speed benchmarks, each printed next to a baseline measured in the same run.

    python -m eval.bench [--only index,excerpts,chat,scale,load,memory] [--repeat N] [--chats N]

Figures are wall-clock on whatever machine runs this; the README quotes a 2-core run.
index, excerpts and chat take about a minute; load (eval/bench_load.py) a few minutes;
memory (300 chats with the real model) the longest, about a quarter of an hour.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import httpx

from eval.serving import serving
from eval.stats import ms, p50, p95
from indexer.build import build_index
from indexer.embedding import MiniLMEmbedder, minilm_id
from indexer.store import load_index
from server.http.app import create_app
from server.llm import Generator
from server.settings import ROOT, Settings

TOPICS = ["physical affection", "when to see a couples therapist", "we only talk logistics",
          "how to start the conversation", "shared laughter", "my partner seems less bothered",
          "after a new baby", "unresolved arguments", "daily check-ins", "feeling like roommates"]


def bench_index(embedder: MiniLMEmbedder, workdir: Path) -> None:
    print("\n## Index build (the article; models already imported and loaded)")
    no_safety = workdir / "no-safety"
    no_safety.mkdir()
    times = []
    for i in range(3):
        started = time.perf_counter()
        build_index(ROOT / "corpus", workdir / f"idx{i}", minilm_id(), lambda: embedder,
                    safety_dir=no_safety)
        times.append(time.perf_counter() - started)
    docs_sentences = [c.text for c in load_index(workdir / "idx0", minilm_id()).sentences]
    started = time.perf_counter()
    embedder.embed(docs_sentences)
    baseline = time.perf_counter() - started
    print(f"chunk + embed + FAISS + BM25 + write, median of 3: {p50(times):.2f} s "
          f"(target < 10 s)")
    print(f"baseline, embedding the {len(docs_sentences)} sentences alone: {baseline:.2f} s "
          f"-> ratio {p50(times) / baseline:.2f}x")
    started = time.perf_counter()
    build_index(ROOT / "corpus", workdir / "full", minilm_id(), lambda: embedder)
    print(f"with the safety classifier trained too: {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    build_index(ROOT / "corpus", workdir / "full", minilm_id(), lambda: embedder)
    print(f"re-run on the unchanged corpus: {ms(time.perf_counter() - started)} (does nothing)")


def bench_excerpts(embedder: MiniLMEmbedder, workdir: Path, repeat: int) -> None:
    print("\n## GET /api/excerpts, server warm")
    index_dir = workdir / "full"
    if not index_dir.exists():
        build_index(ROOT / "corpus", index_dir, minilm_id(), lambda: embedder)
    index = load_index(index_dir, minilm_id())
    base = []
    for _ in range(repeat):
        for topic in TOPICS:
            started = time.perf_counter()
            q = embedder.embed([topic])
            index.vectors.search(q, 10)
            base.append(time.perf_counter() - started)
    settings = Settings(corpus_dir=ROOT / "corpus", data_dir=workdir, index_dir=index_dir)
    app = create_app(settings, embedder=embedder)
    with serving(app) as url, httpx.Client(base_url=url) as client:
        for topic in TOPICS:  # warm-up
            client.get("/api/excerpts", params={"topic": topic})
        times = []
        for n in range(repeat):
            for topic in TOPICS:
                # A new text every time: the app caches recent embeddings, and a benchmark of
                # cache hits would flatter it.
                started = time.perf_counter()
                r = client.get("/api/excerpts", params={"topic": f"{topic} {n}", "k": 3})
                times.append(time.perf_counter() - started)
                r.raise_for_status()
    print(f"p50 {ms(p50(times))}, p95 {ms(p95(times))} over {len(times)} requests "
          f"(target p50 < 25 ms)")
    print(f"baseline, query embedding + FAISS search alone: p50 {ms(p50(base))} "
          f"-> ratio {p50(times) / p50(base):.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="index,excerpts,chat,scale,load,memory")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--chats", type=int, default=300, help="chats for the memory part")
    parser.add_argument("--fake-model", action="store_true",
                        help="load and memory with the tests' scripted model: measures the "
                        "server around the model, for a machine too busy to run the real one")
    args = parser.parse_args()
    parts = set(args.only.split(","))
    started = time.perf_counter()
    embedder = MiniLMEmbedder(threads=2)
    print(f"# Reconnect benchmarks\nimports + embedder load: {time.perf_counter() - started:.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if "index" in parts:
            bench_index(embedder, workdir)
        if "excerpts" in parts:
            bench_excerpts(embedder, workdir, args.repeat)
        if "chat" in parts:
            from eval.bench_chat import bench_chat

            bench_chat(embedder, workdir, args.repeat)
        if "scale" in parts:
            from eval.bench_scale import bench_scale

            bench_scale(embedder, workdir, rounds=max(1, args.repeat // 5))
        if parts & {"load", "memory"}:
            from eval.bench_load import bench_load, bench_memory
            from server.runtime import load_generator

            if args.fake_model:
                from tests.fakes import FakeGenerator

                generator: Generator = FakeGenerator(n_ctx=16384)
            else:
                generator = load_generator(Settings(data_dir=workdir))  # one for both parts
            if "load" in parts:
                bench_load(embedder, workdir, generator)
            if "memory" in parts:
                bench_memory(embedder, workdir, args.chats, generator=generator)


if __name__ == "__main__":
    main()
