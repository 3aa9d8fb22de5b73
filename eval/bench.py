"""Speed benchmarks, each printed next to a baseline measured in the same run.

    python -m eval.bench [--only PARTS] [--repeat N] [--chats N] [--quick] [--set NAME=VALUE]

Figures are wall-clock on whatever machine runs this; the README quotes a 2-core run, and a
machine busy with anything else gives wrong ones (the busy part makes it busy on purpose,
and measures its own baseline). index, excerpts and chat take about a minute; busy
(eval/bench_busy.py) and load (eval/bench_load.py) a few minutes; memory (300 chats with
the real model) the longest. --quick runs every part with a few requests, to show it runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import httpx
import numpy as np

from eval.serving import serving
from eval.stats import ms, p50, p95
from indexer import safety_model
from indexer.build import build_index
from indexer.cpu import physical_cores, usable_cpus
from indexer.embedding import Embedder, MiniLMEmbedder, minilm_id
from indexer.store import load_index
from server.http.app import create_app
from server.llm import Generator
from server.settings import ROOT, Settings

TOPICS = ["physical affection", "when to see a couples therapist", "we only talk logistics",
          "how to start the conversation", "shared laughter", "my partner seems less bothered",
          "after a new baby", "unresolved arguments", "daily check-ins", "feeling like roommates"]


class Counting:
    """An embedder that counts the texts it embeds."""

    def __init__(self, inner: Embedder) -> None:
        self.inner, self.model_id, self.dim, self.texts = inner, inner.model_id, inner.dim, 0

    def embed(self, texts: list[str]) -> np.ndarray:
        self.texts += len(texts)
        return self.inner.embed(texts)


NEW_DOCUMENT = """# Evenings

## Walking

A walk after dinner gives two people room to talk without facing each other. Leave the
phones at home. Ask one question and listen to the whole answer.
"""


def bench_index(embedder: MiniLMEmbedder, workdir: Path) -> None:
    print("\n## Index build (the article and the safety classifier; models already imported "
          "and loaded)")
    folder = workdir / "full"
    counting = Counting(embedder)
    started = time.perf_counter()
    build_index(ROOT / "corpus", folder, minilm_id(), lambda: counting)
    cold = time.perf_counter() - started
    index = load_index(folder, minilm_id())
    texts = list(dict.fromkeys(index.chunks[pos].text for pos in index.vector_rows))
    examples = [e.text for e in safety_model.load_examples(safety_model.data_files())]
    texts += [t for t in dict.fromkeys(examples) if t not in set(texts)]
    started = time.perf_counter()
    for i in range(0, len(texts), 32):  # as the build batches them
        embedder.embed(texts[i:i + 32])
    baseline = time.perf_counter() - started
    print(f"build into a new folder, nothing cached: {cold:.2f} s, {counting.texts} texts "
          f"embedded; baseline, embedding those {len(texts)} texts alone: {baseline:.2f} s "
          f"-> ratio {cold / baseline:.2f}x (target <= 2x)")

    def never() -> Embedder:
        raise AssertionError("every text is cached: the embedder must not load")

    started = time.perf_counter()
    build_index(ROOT / "corpus", folder, minilm_id(), never, force=True)
    warm = time.perf_counter() - started
    print(f"rebuild after a change that does not touch the vectors (--force), everything "
          f"cached: {warm:.2f} s (target <= 3 s), 0 texts embedded, the embedder never loaded "
          f"-> {warm / baseline:.2f}x the embedding baseline")

    corpus = workdir / "corpus-plus"
    shutil.copytree(ROOT / "corpus", corpus)
    (corpus / "evenings.md").write_text(NEW_DOCUMENT, encoding="utf-8")
    counting = Counting(embedder)
    started = time.perf_counter()
    build_index(corpus, workdir / "plus", minilm_id(), lambda: counting)
    print(f"a document added beside the unchanged article: {time.perf_counter() - started:.2f} s, "
          f"{counting.texts} texts embedded (the new document's)")

    started = time.perf_counter()
    build_index(ROOT / "corpus", folder, minilm_id(), never)
    print(f"re-run on the unchanged corpus: {ms(time.perf_counter() - started)} (does nothing)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECONNECT_")}
    env.update(RECONNECT_INDEX_DIR=str(folder), PYTHONPATH=str(ROOT))
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", "from server.cli import main; main()", "index",
                           "--force"], env=env, cwd=ROOT, capture_output=True, text=True)
    print(f"`reconnect index --force` on the unchanged corpus, a new process (imports "
          f"included): {time.perf_counter() - started:.2f} s"
          + ("" if done.returncode == 0 else f" (failed: {done.stderr.strip()[-200:]})"))


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


def bench_edge(embedder: MiniLMEmbedder, workdir: Path) -> None:
    """Not a speed: which ordinary clients read the 413 of a body over max_body_bytes."""
    from tests.fakes import FakeGenerator

    print("\n## A body over max_body_bytes (20 MB against the default 1 MiB), on a real socket")
    index_dir = workdir / "full"
    if not index_dir.exists():
        build_index(ROOT / "corpus", index_dir, minilm_id(), lambda: embedder)
    settings = Settings(corpus_dir=ROOT / "corpus", data_dir=workdir / "edge",
                        index_dir=index_dir, persist_sessions=False)
    body = json.dumps({"message": "x" * 20_000_000}).encode()
    (workdir / "big.json").write_bytes(body)
    got: dict[str, str] = {}
    with serving(create_app(settings, embedder=embedder, generator=FakeGenerator())) as url:
        request = urllib.request.Request(f"{url}/api/chat", data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            urllib.request.urlopen(request, timeout=60)
            got["urllib"] = "200"
        except urllib.error.HTTPError as err:
            got["urllib"] = str(err.code)
        except OSError as exc:
            got["urllib"] = type(exc).__name__
        try:
            got["httpx"] = str(httpx.post(f"{url}/api/chat", content=body, timeout=60,
                                          headers={"Content-Type": "application/json"})
                               .status_code)
        except httpx.HTTPError as exc:
            got["httpx"] = type(exc).__name__
        if shutil.which("curl"):
            for name, extra in (("curl", []), ("curl, no Expect", ["-H", "Expect:"])):
                done = subprocess.run(["curl", "-sS", "-o", os.devnull, "-w", "%{http_code}",
                                       *extra, "-H", "Content-Type: application/json",
                                       "--data-binary", f"@{workdir / 'big.json'}",
                                       f"{url}/api/chat"], capture_output=True, text=True)
                got[name] = done.stdout if done.returncode == 0 else done.stderr.strip()[:60]
    print(", ".join(f"{k}: {v}" for k, v in got.items())
          + f" -> {sum(v == '413' for v in got.values())}/{len(got)} read their 413")


PARTS = "index,excerpts,chat,scale,busy,load,memory,edge"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default=PARTS, help=f"comma-separated parts of {PARTS}")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--chats", type=int, default=300, help="chats for the memory part")
    parser.add_argument("--quick", action="store_true",
                        help="every part, few requests: shows the parts run, not figures")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a setting for every part, e.g. --set max_tokens=60 (as "
                        "RECONNECT_NAME in the environment)")
    parser.add_argument("--fake-model", action="store_true",
                        help="load and memory with the tests' scripted model: measures the "
                        "server around the model, for a machine too busy to run the real one")
    args = parser.parse_args()
    parts = set(args.only.split(","))
    overrides = dict(item.split("=", 1) for item in args.set)
    for name, value in overrides.items():
        os.environ[f"RECONNECT_{name.upper()}"] = value
    if args.quick:
        args.repeat, args.chats = 2, 24
    started = time.perf_counter()
    embedder = MiniLMEmbedder(threads=Settings().embed_threads)
    print(f"# Reconnect benchmarks\nimports + embedder load: {time.perf_counter() - started:.1f} s"
          + (" (quick: too few requests for figures)" if args.quick else ""))
    print(f"machine: {usable_cpus()} CPUs usable ({physical_cores()} physical cores), load "
          "average " + " ".join(f"{x:.2f}" for x in os.getloadavg())
          + (f"; settings {overrides}" if overrides else ""))
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

            bench_scale(embedder, workdir, rounds=max(1, args.repeat // 5),
                        max_tokens=32 if args.quick else None)
        if "busy" in parts:
            from eval.bench_busy import bench_busy

            index_dir = workdir / "full"
            if not index_dir.exists():
                build_index(ROOT / "corpus", index_dir, minilm_id(), lambda: embedder)
            bench_busy(workdir, index_dir, chats=2 if args.quick else 10, overrides=overrides)
        if parts & {"load", "memory"}:
            from eval.bench_load import bench_load, bench_memory
            from server.runtime import load_generator

            if args.fake_model:
                from tests.fakes import FakeGenerator

                generator: Generator = FakeGenerator(n_ctx=16384)
            else:
                generator = load_generator(Settings(data_dir=workdir))  # one for both parts
            if "load" in parts:
                bench_load(embedder, workdir, generator, chats=8 if args.quick else 20,
                           excerpts=40 if args.quick else 200)
            if "memory" in parts:
                bench_memory(embedder, workdir, args.chats, sessions=4 if args.quick else 50,
                             generator=generator)
        if "edge" in parts:
            bench_edge(embedder, workdir)


if __name__ == "__main__":
    main()
