"""Reading the concrete thing missed: sentence patterns, reshaping, and what is refused.

Every row here was written for these tests, not taken from the dev set: the feature is
judged on complaints nobody has seen, so the patterns must hold for other words too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from indexer.vocabulary import fold, names
from server.rephrase import framing
from server.rephrase.missed import (
    Missed,
    base_of_ing,
    base_of_past,
    base_of_s,
    find_missed,
    gerund,
)
from server.rephrase.phrases import Phrases
from server.settings import Settings

PHRASES = Phrases.load(Settings().prompts_dir).missed
DATA = Path(__file__).resolve().parent.parent / "eval" / "data"
COMPLAINTS = [row["text"] for name in ("complaints_dev.json", "complaints_new.json")
              for row in json.loads((DATA / name).read_text())]


def missed(text: str) -> Missed | None:
    return find_missed(text, PHRASES.doable, PHRASES.wishes)


# (text, who, act, the small version to ask for; "" when there is none to ask)
FOUND = [
    ("She never kisses me goodbye anymore.", "you", "kiss me goodbye", "kiss me goodbye"),
    ("He hasn't brought me flowers in years.", "you", "bring me flowers", "bring me flowers"),
    ("My husband hasn't taken me dancing in ages.", "you", "take me dancing", "take me dancing"),
    ("you never text me back anymore", "you", "text me back", "text me back"),
    ("u dont even look at me when i talk", "you", "look at me when I talk",
     "look up and say hi when I come in"),
    ("You used to hold my hand when we walked.", "you", "hold my hand when we walked",
     "hold my hand when we walk"),
    ("We used to cook together every Friday and now it's takeout.", "we",
     "cook together every Friday", "cook together"),
    ("We haven't danced in the kitchen since the wedding.", "we", "dance in the kitchen",
     "dance in the kitchen"),
    ("He used to leave little notes in my lunch.", "you", "leave little notes in my lunch",
     "leave little notes in my lunch"),
    ("Would it kill you to call me on your lunch break?", "you", "call me on your lunch break",
     "call me on your lunch break"),
    ("why can't you ever just sit with me on the couch", "you", "sit with me on the couch",
     "sit with me on the couch"),
    ("Thanks for actually helping with the groceries for once.", "you",
     "help with the groceries", "help with the groceries"),
    ("The cat gets a cuddle, but I don't.", "you", "give me a cuddle", "give me a cuddle"),
    ("guess i'll just watch the movie alone again", "we", "watch the movie together",
     "watch the movie together"),
    ("You'd rather scroll than talk to me.", "you", "talk to me",
     "sit and talk with me for a bit"),
    ("we only text about groceries these days", "we", "text about more than groceries",
     "text about something other than groceries"),
    ("I'm the only one who ever organises anything.", "both", "organise things",
     "organise something for us"),
    ("Honestly he's such a workaholic.", "you", "take an evening off with me",
     "take an evening off with me"),
    ("You never want to do anything fun with me anymore.", "you", "do fun things with me",
     "do something fun with me"),
    ("Must be nice to sleep in on a Saturday.", "me", "sleep in on a Saturday", ""),
    ("He doesn't make me feel appreciated.", "feel", "appreciated", ""),
    ("I'm tired of waiting for your attention.", "thing", "your attention", ""),
    ("She's always too busy for me these days.", "you", "make time for us",
     "keep one evening this week just for us"),
    ("When I try to talk to you about work, you just nod.", "you",
     "listen when I talk to you about work", "listen while I tell you about my day"),
    # Said outright, and inside a question about how to say it.
    ("i miss our evening walks", "thing", "our evening walks", ""),
    ("how do i tell my husband i miss our evening walks without him getting defensive",
     "thing", "our evening walks", ""),
    ("I miss his terrible jokes at breakfast.", "thing", "your terrible jokes at breakfast", ""),
    ("I wish you'd ask about my day.", "you", "ask about my day", "ask about my day"),
    ("i want him to hold my hand again", "you", "hold my hand", "hold my hand"),
    ("I miss it when we used to cook together", "we", "cook together", "cook together"),
]


@pytest.mark.parametrize(("text", "who", "act", "ask"), FOUND)
def test_the_thing_missed_is_found(text: str, who: str, act: str, ask: str) -> None:
    found = missed(text)
    assert found is not None, text
    assert (found.who, found.act, found.request) == (who, act, ask)


# Nothing concrete, or nothing that may be named back: no guess.
NOTHING = [
    "I basically live alone.",  # a state, not a shared act
    "You never care about me.",  # a feeling, not an act
    "Why can't you be more like Dan?",  # a name
    "He never talks to his mother anymore.",  # a third party
    "You don't even talk about it.",  # what "it" is lives elsewhere
    "we haven't had sex in months",  # tender: the topic's own words say it
    "She's so lazy.",  # a label with no wish behind it in the table
    "I feel like you don't love me anymore.",
    "You never notice.",  # a bare verb that says nothing concrete
    "Thanks for making dinner tonight.",  # sincere thanks
]


@pytest.mark.parametrize("text", NOTHING)
def test_nothing_is_guessed(text: str) -> None:
    assert missed(text) is None


def test_a_verb_that_stands_alone_is_kept() -> None:
    found = missed("You never listen.")
    assert found is not None and found.act == "listen"
    assert found.request == PHRASES.doable["listen"]


@pytest.mark.parametrize("text", COMPLAINTS)
def test_what_is_named_back_is_safe(text: str) -> None:
    """No names, third parties, labels, contempt or negations in any act read from the sets."""
    found = missed(text)
    if found is None:
        return
    for phrase in (found.act, found.request):
        assert not re.search(r"\b(?:he|she|his|her|him|mom|friends?|coworkers?)\b", phrase)
        assert not re.search(r"\b(?:not|never|no)\b|n't\b", phrase)
        report = framing.check(f"I'd love it if you'd {phrase}.")
        assert all(report.get(rule).passed for rule in framing.HARSHNESS_RULES), phrase
        for name, shown, _ in names(text):
            if name not in framing.FACT_WORDS and name not in {"netflix", "xbox", "tv"}:
                assert shown not in phrase, (text, phrase)


@pytest.mark.parametrize(("text", "quoted"), [
    ("He hasn't kissed me goodbye in months.", "kissed me goodbye"),
    ("you laugh w your coworkers but never w me anymore", "laugh with your coworkers"),
])
def test_the_quote_is_from_their_words(text: str, quoted: str) -> None:
    found = missed(text)
    assert found is not None and quoted in found.quote


@pytest.mark.parametrize(("text", "past"), [
    ("He hasn't kissed me goodbye in months.", True),
    ("She never kisses me goodbye anymore.", True),
    ("We used to stay up talking.", True),
    ("u never ask about my day", False),  # no sign it used to happen: no "again"
])
def test_used_to_only_when_their_words_say_so(text: str, past: bool) -> None:
    found = missed(text)
    assert found is not None and found.past is past
    assert ("used_to" in found.slots("tonight")) is past


def test_slots_strip_frequency_from_the_wish_but_keep_it_for_used_to() -> None:
    found = missed("You used to text me good morning every day.")
    assert found is not None
    slots = found.slots(PHRASES.when(found.request, found.act))
    assert slots["act_then"] == "text me good morning every day"
    assert slots["act"] == slots["act_now"] == "text me good morning"
    assert slots["when"] == "tomorrow"
    assert slots["act_ing"] == "texting me good morning"


@pytest.mark.parametrize(("ask", "when"), [
    ("kiss me goodbye", "tomorrow morning"),
    ("text me good morning", "tomorrow"),
    ("hug me", "when you get home tonight"),
    ("give me a proper hello when you get home", "tonight"),
    ("plan something for us", "this weekend"),
    ("keep one evening this week just for us", ""),  # it names its own time
    ("stay up talking", "tonight"),
])
def test_request_times(ask: str, when: str) -> None:
    assert PHRASES.when(ask) == when


@pytest.mark.parametrize(("word", "base"), [
    ("kissed", "kiss"), ("held", "hold"), ("hugged", "hug"), ("danced", "dance"),
    ("liked", "like"), ("walked", "walk"), ("appreciated", "appreciate"), ("tried", "try"),
    ("planned", "plan"), ("listened", "listen"), ("been", "be"), ("called", "call"),
    ("need", "need"), ("noticed", "notice"), ("cared", "care"),
])
def test_base_of_past(word: str, base: str) -> None:
    assert base_of_past(word) == base


@pytest.mark.parametrize(("word", "base"), [
    ("kisses", "kiss"), ("tries", "try"), ("plans", "plan"), ("watches", "watch"),
    ("does", "do"), ("goes", "go"), ("listens", "listen"),
])
def test_base_of_s(word: str, base: str) -> None:
    assert base_of_s(word) == base


@pytest.mark.parametrize(("word", "base"), [
    ("noticing", "notice"), ("sitting", "sit"), ("asking", "ask"), ("calling", "call"),
    ("making", "make"), ("remembering", "remember"), ("being", "be"), ("hugging", "hug"),
])
def test_base_of_ing(word: str, base: str) -> None:
    assert base_of_ing(word) == base


@pytest.mark.parametrize(("base", "ing"), [
    ("kiss", "kissing"), ("sit", "sitting"), ("make", "making"), ("be", "being"),
    ("listen", "listening"), ("text", "texting"), ("lie", "lying"), ("see", "seeing"),
    ("cook", "cooking"), ("plan", "planning"),
])
def test_gerund(base: str, ing: str) -> None:
    assert gerund(base) == ing


def test_capitals_they_wrote_are_kept_and_shouting_is_not() -> None:
    found = missed("We used to watch Netflix in bed on Sundays.")
    assert found is not None and "Netflix" in found.act
    shouted = missed("YOU NEVER HOLD MY HAND ANYMORE")
    assert shouted is not None and shouted.act == "hold my hand"
    assert fold(shouted.act) == shouted.act
