"""Chat speed: time to the first streamed token, and generation against llama-cpp-python alone."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import httpx

from eval.serving import serving, timed_chat
from eval.stats import p50, p95
from indexer.build import build_index
from indexer.cpu import physical_cores
from indexer.embedding import MiniLMEmbedder, minilm_id
from server.http.app import create_app
from server.llm import GenerationParams, LlamaGenerator, Message, resolve_model
from server.settings import ROOT, Settings

QUESTIONS = [
    "How do I bring up feeling distant with my husband?",
    "we only ever talk about the kids' schedules, is that normal?",
    "What small things can we do every day to feel closer?",
    "My wife seems less bothered by the distance than I am. What does that mean?",
    "Should we try couples therapy or work on it ourselves?",
    "How can we get physical affection back without pressure?",
    "We went on vacation to fix things and came back feeling worse. Why?",
    "What does reconnecting actually feel like when it's working?",
    "Is it normal to drift apart after having a baby?",
    "How do old unresolved fights get in the way?",
]


def bench_generation(settings: Settings, repeat: int) -> None:
    from llama_cpp import Llama

    print("\n## Generation: our LlamaGenerator against llama-cpp-python alone, same prompt")
    spec = resolve_model(settings.model, settings.data_dir, settings.prompts_dir)
    ours = LlamaGenerator(spec, n_ctx=settings.n_ctx, n_threads=settings.n_threads,
                          seed=settings.seed)
    threads = settings.n_threads or physical_cores()  # ours adapts, up to as many
    raw = Llama(model_path=str(spec.path), n_ctx=settings.n_ctx, n_threads=threads,
                n_threads_batch=threads, verbose=False)
    passages = (ROOT / "corpus/how-to-reconnect-with-your-partner.md").read_text()[9300:10400]
    prompt = ours.render([Message("system", "Answer from the passage in two sentences."),
                          Message("user", f"{passages}\n\nHow should I start the talk?")])
    tokens = raw.tokenize(prompt.encode(), add_bos=False, special=True)
    params = GenerationParams(temperature=0.0, max_tokens=96, seed=1,
                              repeat_penalty=settings.repeat_penalty)
    ours_times, raw_times, ours_first, raw_first, counts = [], [], [], [], []
    for _ in range(max(3, repeat // 3)):
        raw.reset()  # type: ignore[no-untyped-call]  # no prompt-cache reuse: whole prefill
        started = time.perf_counter()
        first = None
        n = 0
        for _piece in raw.create_completion(tokens, max_tokens=96, temperature=0.0, seed=1,
                                            repeat_penalty=params.repeat_penalty, stream=True):
            first = first or time.perf_counter() - started
            n += 1
        raw_times.append(time.perf_counter() - started)
        raw_first.append(first or 0.0)
        counts.append(n)
        ours._llm.reset()
        started = time.perf_counter()
        first = None
        for _piece in ours.stream(prompt, params):
            first = first or time.perf_counter() - started
        ours_times.append(time.perf_counter() - started)
        ours_first.append(first or 0.0)
    n_prompt = len(tokens)
    rp, op = statistics.median(raw_first), statistics.median(ours_first)
    rd = (statistics.median(raw_times) - rp) / max(statistics.median(counts) - 1, 1)
    od = (statistics.median(ours_times) - op) / max(statistics.median(counts) - 1, 1)
    print(f"prompt {n_prompt} tokens, {statistics.median(counts):.0f} generated")
    print(f"prefill: ours {n_prompt / op:.0f} tokens/s, llama-cpp-python alone "
          f"{n_prompt / rp:.0f} tokens/s -> ratio {rp / op:.2f}x")
    print(f"decode: ours {1 / od:.0f} tokens/s, llama-cpp-python alone {1 / rd:.0f} tokens/s "
          f"-> ratio {rd / od:.2f}x (target >= 0.9x)")


def bench_ttft(embedder: MiniLMEmbedder, workdir: Path, settings: Settings) -> None:
    print("\n## Time to the first answer text, first question of a conversation, warm server")
    firsts, totals, grounding = [], [], []
    app = create_app(settings, embedder=embedder)
    with serving(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        client.post("/api/chat", json={"message": "warm up: how do we reconnect?"})
        for question in QUESTIONS:
            first, total, path = timed_chat(client, "/api/chat", question)
            firsts.append(first)
            totals.append(total)
            if path is not None:
                grounding.append(path)
        # The same questions in-process: when the answer's text was ready, and when the model's
        # first draft token came (what the first text used to wait for).
        chat = app.state.runtime.chat
        texts, drafts = [], []
        for question in QUESTIONS:
            timings = chat.ask(question).timings
            if "first_draft_token" in timings:  # an answer, not a redirect or safety reply
                texts.append(timings["first_text"])
                drafts.append(timings["first_draft_token"])
    print(f"first answer text over HTTP p50 {p50(firsts) * 1000:.0f} ms, p95 "
          f"{p95(firsts) * 1000:.0f} ms (target p50 < 2 s, aim < 0.5 s); whole answer p50 "
          f"{p50(totals):.2f} s, p95 {p95(totals):.2f} s")
    print(f"in-process: answer text ready p50 {p50(texts) * 1000:.0f} ms; baseline, the model's "
          f"first draft token p50 {p50(drafts) * 1000:.0f} ms -> ratio "
          f"{p50(drafts) / max(p50(texts), 1e-9):.1f}x sooner")
    n = len(grounding)
    print("paths taken: " + ", ".join(f"{g} {grounding.count(g)} ({grounding.count(g) / n:.0%})"
                                      for g in sorted(set(grounding))))


def bench_chat(embedder: MiniLMEmbedder, workdir: Path, repeat: int) -> None:
    index_dir = workdir / "full"
    if not index_dir.exists():
        build_index(ROOT / "corpus", index_dir, minilm_id(), lambda: embedder)
    settings = Settings(corpus_dir=ROOT / "corpus", data_dir=workdir, index_dir=index_dir,
                        persist_sessions=False)
    bench_generation(settings, repeat)
    bench_ttft(embedder, workdir, settings)
