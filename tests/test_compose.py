"""Composing a Talk reply: the phrases load and are checked, and the reply reflects the person."""

from __future__ import annotations

import tomllib
from copy import deepcopy
from typing import Any

import pytest

from server.chat.compose import (
    FEELINGS,
    FILE,
    Composer,
    TalkPhrases,
    parse,
    quote_block,
    read_person,
)
from server.errors import PromptError
from server.settings import Settings

DATA: dict[str, Any] = tomllib.loads((Settings().prompts_dir / FILE).read_text(encoding="utf-8"))
COMPOSER = Composer(TalkPhrases.load(Settings().prompts_dir))


def test_every_feeling_has_acknowledgements() -> None:
    phrases = TalkPhrases.load(Settings().prompts_dir)
    assert set(phrases.acknowledgements) == {key for key, _ in FEELINGS}


@pytest.mark.parametrize(("change", "named"), [
    (lambda d: d["acknowledgements"].pop("lonely"), "lacks lonely"),
    (lambda d: d["connectives"].pop("why"), "lacks why"),
    (lambda d: d["next_steps"]["how"].append("Try {nosuchslot}."), "unknown slots nosuchslot"),
])
def test_a_broken_phrase_file_is_refused_by_name(change: Any, named: str) -> None:
    data = deepcopy(DATA)
    change(data)
    with pytest.raises(PromptError, match=named):
        parse(data, "talk.toml")


@pytest.mark.parametrize(("message", "feeling", "word", "them", "partner"), [
    ("I feel so alone even though he's lying right next to me", "lonely", "alone", "him",
     "your partner"),
    ("we havent really talked in months and i miss her so much", "missing", "miss her", "her",
     "your partner"),
    ("my wife and I are basically roommates now", "strangers", "roommates", "her", "your wife"),
    ("i feel invisible to my husband", "invisible", "invisible", "him", "your husband"),
    ("How do we decide between couples therapy and working on it ourselves?", None, "", "them",
     "your partner"),
])
def test_read_person(message: str, feeling: str | None, word: str, them: str,
                     partner: str) -> None:
    person = read_person(message)
    assert (person.feeling, person.word, person.them, person.partner) == (
        feeling, word, them, partner)


def test_an_acknowledgement_only_when_a_feeling_is_shared() -> None:
    lonely = "I feel so alone in my marriage"
    assert "alone" in COMPOSER.acknowledgement(lonely, read_person(lonely))
    question = "What does the article say about couples therapy?"
    assert COMPOSER.acknowledgement(question, read_person(question)) == ""


def test_acknowledgements_vary_with_the_message() -> None:
    messages = [f"I feel so lonely, {n}" for n in ("he works late", "she's always out",
                                                   "we never talk", "it's been years")]
    replies = {COMPOSER.acknowledgement(m, read_person(m)) for m in messages}
    assert len(replies) > 1


def test_next_step_for_what_to_say_offers_an_opening_or_asks_for_a_detail() -> None:
    person = read_person("how do i tell my husband i miss our walks")
    opening = "I miss our walks. Could we take one tonight after dinner?"
    with_opening = COMPOSER.next_step("say", "how do i tell him", person, opening)
    assert opening in with_opening and "Say it gently" in with_opening
    without = COMPOSER.next_step("say", "how do i tell him", person, None)
    assert "Say it gently" in without and without.endswith(("?", "."))


def test_quote_block() -> None:
    assert quote_block("Time and setting matter.", 2) == "> Time and setting matter. [2]"
