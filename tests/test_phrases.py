"""The composer's phrase file: the shipped one loads, and each kind of mistake is named."""

from __future__ import annotations

import tomllib
from copy import deepcopy
from typing import Any

import pytest

from server.errors import PromptError
from server.rephrase.concern import DETAIL_KEYS, TOPICS
from server.rephrase.missed import MISSED_KEYS, WHO_MARKERS
from server.rephrase.observed import invented, is_longing
from server.rephrase.phrases import FACT_KEYS, FILE, Phrases, parse
from server.settings import Settings

DATA: dict[str, Any] = tomllib.loads((Settings().prompts_dir / FILE).read_text(encoding="utf-8"))


def test_the_shipped_phrases_load() -> None:
    phrases = Phrases.load(Settings().prompts_dir)
    assert set(phrases.topics) == set(TOPICS)
    for topic in phrases.topics.values():
        for phrase in topic.longings + topic.requests:
            assert phrase.needs <= DETAIL_KEYS | FACT_KEYS | MISSED_KEYS
            assert "{" not in phrase.fill(dict.fromkeys(DETAIL_KEYS | FACT_KEYS | MISSED_KEYS, "x"))
        for felt in topic.felt_past + topic.felt_now:
            assert is_longing(felt), felt
    for act, table in phrases.acts.items():  # each act's wish after an observation of it
        assert table.felt_past and table.felt_now, act
        for felt in table.felt_past + table.felt_now:
            assert is_longing(felt) and invented(f"{felt}.", source="x") == [], felt


def test_no_phrase_says_what_happened() -> None:
    """A longing may use the article's words; only the person's facts say what happened, so
    no shipped longing or fallback has a clause that states something about their life."""
    phrases = Phrases.load(Settings().prompts_dir)
    slots = dict.fromkeys(DETAIL_KEYS | FACT_KEYS | MISSED_KEYS, "x")
    said = [p.fill(slots) for t in phrases.topics.values() for p in t.longings]
    said += [p.fill(slots) for p in phrases.missed.longings] + list(phrases.fallbacks)
    for text in said:
        assert invented(text, source="x") == [], text


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
    (lambda d: d["topics"].pop("home"), "'home'"),
    (lambda d: d["topics"]["talking"].update(requests=[]), "topics.talking has no requests"),
    (lambda d: d["topics"]["talking"]["longings"].append("I miss {nosuchdetail}."),
     "unknown details: nosuchdetail"),
    (lambda d: d["topics"]["time"]["requests"].append({"text": "Dinner?", "needs": ["gate"]}),
     "unknown details: gate"),
    (lambda d: d["topics"]["time"]["felt"].append({"past": "we drifted apart", "now": "x"}),
     "must say a feeling or a wish"),
    (lambda d: d["topics"]["time"]["felt"].append({"past": "I missed you"}), "'past' and 'now'"),
    (lambda d: d["topics"].update(astrology=d["topics"]["time"]), "unknown topics: astrology"),
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
    (lambda d: d["acts"].pop("screen"), "acts needs exactly"),
    (lambda d: d["acts"]["promise"].update(requests=[]), "acts.promise has no requests"),
    (lambda d: d["acts"]["no_show"]["longings"].append("You never came to my recital."),
     "acts.no_show.longings: .* must say a feeling or a wish"),
    (lambda d: d["acts"]["put_down"]["felt"].append({"past": "you mocked me", "now": "x"}),
     "acts.put_down.felt: .* must say a feeling or a wish"),
    (lambda d: d["acts"]["promise"]["felt"].append({"now": "I miss you"}),
     r"acts.promise.felt needs entries with 'past' and 'now'"),
    (lambda d: d["change_notes"].pop("longing"), "not so for longing"),
    (lambda d: d["change_notes"].update(tone="Softer."), "not so for tone"),
    (lambda d: d["change_notes"].update(names="Left out {label}."),
     "change_notes.names must be a note naming only names"),
])
def test_a_broken_phrase_file_is_refused_by_name(change: Any, named: str) -> None:
    with pytest.raises(PromptError, match=named):
        parse(broken(change), "gently.toml")
