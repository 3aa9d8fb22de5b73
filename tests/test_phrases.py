"""The composer's phrase file: the shipped one loads, and each kind of mistake is named."""

from __future__ import annotations

import tomllib
from copy import deepcopy
from typing import Any

import pytest

from server.errors import PromptError
from server.rephrase.concern import DETAIL_KEYS, TOPICS
from server.rephrase.missed import MISSED_KEYS, WHO_MARKERS
from server.rephrase.phrases import FILE, Phrases, parse
from server.settings import Settings

DATA: dict[str, Any] = tomllib.loads((Settings().prompts_dir / FILE).read_text(encoding="utf-8"))


def test_the_shipped_phrases_load() -> None:
    phrases = Phrases.load(Settings().prompts_dir)
    assert set(phrases.topics) == set(TOPICS)
    for topic in phrases.topics.values():
        for phrase in topic.longings + topic.observations + topic.needs + topic.requests:
            assert phrase.needs <= DETAIL_KEYS
            assert "{" not in phrase.fill(dict.fromkeys(DETAIL_KEYS, "x"))


def test_the_missed_phrases_fill_and_say_whose_act() -> None:
    missed = Phrases.load(Settings().prompts_dir).missed
    for phrase in missed.longings + missed.requests:
        assert len(phrase.needs & WHO_MARKERS) == 1, phrase.text
        filled = phrase.fill(dict.fromkeys(DETAIL_KEYS | MISSED_KEYS, "x"))
        assert "{" not in filled and "  " not in filled
    assert missed.when("kiss me goodbye") != missed.default_time


def broken(change: Any) -> dict[str, Any]:
    data = deepcopy(DATA)
    change(data)
    return data


@pytest.mark.parametrize(("change", "named"), [
    (lambda d: d["topics"].pop("chores"), "'chores'"),
    (lambda d: d["topics"]["talking"].update(requests=[]), "topics.talking has no requests"),
    (lambda d: d["topics"]["talking"]["longings"].append("I miss {nosuchdetail}."),
     "unknown details: nosuchdetail"),
    (lambda d: d["topics"]["work"]["requests"].append({"text": "Dinner?", "needs": ["gate"]}),
     "unknown details: gate"),
    (lambda d: d["topics"]["work"]["needs"].append("because I care"), "must start with 'and '"),
    (lambda d: d["topics"].update(astrology=d["topics"]["work"]), "unknown topics: astrology"),
    (lambda d: d.update(fallbacks=d["fallbacks"][:1]), "three openings"),
    (lambda d: d["contempt_notes"].pop("sarcasm"), "contempt_notes lacks sarcasm"),
    (lambda d: d["missed"]["longings"].append("I miss it when you'd {act}."),
     "must name whose act it is"),
    (lambda d: d["missed"]["requests"].append({"text": "Could we {act_now}?",
                                               "needs": ["by_we", "by_you"]}),
     "must name whose act it is"),
    (lambda d: d["missed"].update(requests=[]), "missed has no requests"),
    (lambda d: d["missed"]["times"]["rules"].append(["(tonight", "tonight"]),
     r"missed.times.rules\[\d+\]: '\(tonight' is not a valid pattern"),
    (lambda d: d["missed"]["times"].pop("default"), "missed.times has no default"),
    (lambda d: d["missed"]["doable"].update(notice=3), "missed.doable must map"),
    (lambda d: d.pop("detail_questions"), "detail_questions is empty"),
])
def test_a_broken_phrase_file_is_refused_by_name(change: Any, named: str) -> None:
    with pytest.raises(PromptError, match=named):
        parse(broken(change), "gently.toml")
