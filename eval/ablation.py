"""Does the language model earn its place? Each use of it, on and off, on the dev sets.

Talk, on the dev split of eval/data/talk_questions.jsonl: the reply composed from the
article alone (talk_drafts off, the default) against the same reply with the model's
verified sentences after it (talk_drafts on), for each local model. Measured as a reader
would: answers (a quoted sentence, or the passage unit a kept model sentence rests on,
holds a sentence of the answer key), filler, model sentences kept, and in-process time
per reply. Say it gently, on eval/data/complaints_dev.json, through its public function
only (`Rephraser.rephrase(text, use_model=...)`): how often a model draft is the opening
chosen, the hard rules passed, and the time per call.

Times are per reply inside one process on whatever else the machine is doing; they are
for comparing the conditions of one run, not a benchmark.

    python -m eval.ablation --out eval-out/ablation [--models smollm2 gemma3-270m]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from eval.stats import p50, p95
from eval.talk import DATA, load_items, quoted_sentences, run_items
from indexer.vocabulary import split_sentences
from server.runtime import Runtime, load_generator, load_runtime
from server.settings import Settings


def _unit_sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def talk_condition(runtime: Runtime, drafts: bool, split: str = "dev") -> dict[str, Any]:
    """Talk on one split with drafts on or off: what a reader gets, and what it costs."""
    runtime.chat.settings = runtime.settings.model_copy(update={"talk_drafts": drafts})
    docs = {s.doc_id for s in runtime.retriever.sentences}
    items = [i for i in load_items(split) if i.doc in docs]  # the shipped corpus's questions
    answered = answered_by_model = in_scope = quoted = filler = 0
    kept: list[dict[str, str]] = []
    total: list[float] = []
    first: list[float] = []
    started = time.perf_counter()
    for item, result in run_items(runtime.chat, items):
        total.append(result.timings.get("total", 0.0))
        first.append(result.timings.get("first_text", 0.0))
        if item.kind == "out_of_scope":
            continue
        in_scope += 1
        flat = [s.text for s in quoted_sentences(result, runtime.retriever.sentences)]
        hit = any(s in item.answers for s in flat)
        supported = [v for v in result.verdicts if v.supported and v.unit is not None]
        shown = supported[:len(result.kept)]
        model_hit = any(s in item.answers for v in shown
                        for s in _unit_sentences(v.unit.text if v.unit else ""))
        answered += hit
        answered_by_model += (not hit) and model_hit
        quoted += len(flat) + len(shown)
        filler += sum(s not in item.answers for s in flat) + sum(
            not any(s in item.answers for s in _unit_sentences(v.unit.text if v.unit else ""))
            for v in shown)
        kept += [{"id": item.id, "sentence": v.sentence, "unit": v.unit.text if v.unit else ""}
                 for v in shown]
    return {
        "drafts": drafts, "n": len(items), "in_scope": in_scope,
        "answers": round(answered / max(in_scope, 1), 3),
        "answers_with_model_sentences": round((answered + answered_by_model)
                                              / max(in_scope, 1), 3),
        "filler": round(filler / max(quoted, 1), 3),
        "model_sentences_kept": len(kept),
        "replies_with_model_sentences": len({k["id"] for k in kept}),
        "reply_p50_s": round(p50(total), 3), "reply_p95_s": round(p95(total), 3),
        "first_text_p50_s": round(p50(first), 3),
        "seconds": round(time.perf_counter() - started, 1),
        "kept": kept,
    }


def gently_condition(runtime: Runtime, use_model: bool) -> dict[str, Any]:
    """Say it gently on the dev complaints, with or without the model's drafts."""
    from server.rephrase import framing

    complaints = json.loads((DATA / "complaints_dev.json").read_text(encoding="utf-8"))
    chosen_from_model = rewritten = hard = 0
    times: list[float] = []
    for row in complaints:
        started = time.perf_counter()
        result = runtime.rephraser.rephrase(row["text"], use_model=use_model)
        times.append(time.perf_counter() - started)
        if not result.rephrased:
            continue
        rewritten += 1
        chosen_from_model += result.source == "model"
        hard += framing.check(result.rephrased, source=row["text"]).hard_pass
    return {"use_model": use_model, "n": len(complaints), "rewritten": rewritten,
            "model_draft_chosen": chosen_from_model,
            "hard_pass": round(hard / max(rewritten, 1), 3),
            "call_p50_s": round(p50(times), 3), "call_p95_s": round(p95(times), 3)}


def ablation(settings: Settings, models: tuple[str, ...] = ("smollm2",)) -> dict[str, Any]:
    settings = settings.model_copy(update={"temperature": 0.0, "persist_sessions": False})
    runtime = load_runtime(settings)
    report: dict[str, Any] = {"talk": {"off": talk_condition(runtime, drafts=False)},
                              "gently": {}}
    for name in models:
        generator = load_generator(settings.model_copy(update={"model": name}))
        runtime.chat.generator = runtime.rephraser.generator = generator
        report["talk"][name] = talk_condition(runtime, drafts=True)
        report["gently"][name] = gently_condition(runtime, use_model=True)
    report["gently"]["off"] = gently_condition(runtime, use_model=False)
    runtime.close()
    return report


def table(report: dict[str, Any]) -> str:
    """The figures as Markdown rows."""
    lines = ["| Talk, dev | answers | + model sentences | filler | model sentences kept "
             "(replies) | reply p50 / p95 | first text p50 |", "|---|---|---|---|---|---|---|"]
    for name, t in report["talk"].items():
        label = "drafts off (default)" if name == "off" else f"drafts on, {name}"
        lines.append(f"| {label} | {t['answers']} | {t['answers_with_model_sentences']} | "
                     f"{t['filler']} | {t['model_sentences_kept']} "
                     f"({t['replies_with_model_sentences']}) | {t['reply_p50_s']} s / "
                     f"{t['reply_p95_s']} s | {t['first_text_p50_s']} s |")
    lines += ["", "| Say it gently, dev | model draft chosen | hard rules | call p50 / p95 |",
              "|---|---|---|---|"]
    for name, g in report["gently"].items():
        label = "composer only" if name == "off" else f"drafts, {name}"
        lines.append(f"| {label} | {g['model_draft_chosen']} of {g['rewritten']} | "
                     f"{g['hard_pass']} | {g['call_p50_s']} s / {g['call_p95_s']} s |")
    return "\n".join(lines)


def main() -> None:
    from server.settings import get_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("eval-out/ablation"))
    parser.add_argument("--models", nargs="+", default=["smollm2"])
    args = parser.parse_args()
    report = ablation(get_settings(), tuple(args.models))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "ablation.json").write_text(json.dumps(report, indent=2) + "\n",
                                            encoding="utf-8")
    print(table(report))


if __name__ == "__main__":
    main()
