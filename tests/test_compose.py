"""Composing a Talk reply: the phrases load and are checked, and the reply reflects the person."""

from __future__ import annotations

import re
import tomllib
from copy import deepcopy
from typing import Any

import pytest

from server.chat.compose import (
    FEELINGS,
    FILE,
    KINDS,
    Composer,
    TalkPhrases,
    parse,
    quote_block,
    read_feeling,
    read_person,
    sentence_case,
)
from server.errors import PromptError
from server.settings import Settings

DATA: dict[str, Any] = tomllib.loads((Settings().prompts_dir / FILE).read_text(encoding="utf-8"))
COMPOSER = Composer(TalkPhrases.load(Settings().prompts_dir))


def test_every_feeling_has_acknowledgements() -> None:
    phrases = TalkPhrases.load(Settings().prompts_dir)
    assert set(phrases.acknowledgements) == {key for key, _ in FEELINGS} | {"past"}


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
    ("we havent really talked in months and i miss her so much", "missing", "miss", "her",
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


@pytest.mark.parametrize(("message", "feeling", "word"), [
    # Theirs: they say they feel it, in any of the ways people write it.
    ("i've been so lonely", "lonely", "lonely"),
    ("so lonely lately. what do i do", "lonely", "lonely"),
    ("it makes me feel invisible when he scrolls past me", "invisible", "invisible"),
    ("i feel like i'm living with a really nice flatmate", "strangers", "flatmates"),
    ("we're basically roommates now", "strangers", "roommates"),
    ("i'm worried he's lonely", "scared", "worried"),  # her worry, not his loneliness
    ("he hurt me when he said that", "hurt", "hurt"),
    ("it really hurts", "hurt", "hurts"),
    ("i didnt realise how much i missed it until now", "missing_what", "it"),
    ("we only talk about bills. i miss talking about anything else", "missing_what",
     "talking about anything else"),
    ("i want to tell him i miss how we used to be", "missing_what", "how you used to be"),
    ("our marriage feels so empty", "sad", "empty"),
    ("i feel further from him than ever", "distant", "far"),
    ("we're mid house move and both knackered", "tired", "knackered"),
    ("I'm sick of being the only one who tries", "frustrated", "fed up"),
    ("i'm not sad, just tired", "tired", "tired"),
    ("only been together 18 months and already it feels flat??", "flat", "flat"),
    ("i cried in the shower because he didn't notice my hair", "hurt", "cried"),
    ("he made me cry", "hurt", "cry"),
    ("he works away and weekends feel like catching up with a stranger", "strangers",
     "strangers"),
    ("is it too late if we've felt distant for five years", "distant", "distant"),
    ("i don't know if i want this or if i'm just scared of being alone", "scared", "scared"),
    # Not theirs: another use of the word, someone else's feeling, a negation, a question.
    ("can we fix this alone?", None, ""),
    ("can we do this on our own or do we need therapy", None, ""),
    ("my sister says her husband is lonely, is that common?", None, ""),
    ("does he feel lonely too?", None, ""),
    ("how do i make him feel less lonely", None, ""),
    ("I don't feel lonely, just bored", None, ""),
    ("will it hurt our relationship if i bring it up", None, ""),
    ("does he miss me?", None, ""),
    ("she cried when i told her", None, ""),
    ("he is a stranger to his own kids", None, ""),
    ("why doesnt she ever tell me when shes unhappy", None, ""),
    ("Alone time is important, right?", None, ""),
    ("he turned me down again when i reached for him. i feel so rejected", "invisible",
     "rejected"),
    ("she rejected the idea of therapy", None, ""),
    ("my son feels rejected at school", None, ""),
    ("i don't even know what to do anymore", "lost", "don't even know what to do"),
    ("i feel so lost right now", "lost", "lost"),
    # a loss told, not being lost
    ("we moved for her job and i feel like i've lost her too", None, ""),
    ("he lost his job and we've stopped talking", None, ""),
    ("we used to have inside jokes and now we don't laugh at all. does that matter?", None, ""),
    # (the tiredness quoted is his; what is theirs is a reach that was not met)
    ('every time i try to talk about us he says "not now, i\'m tired"', "rebuffed", ""),
    ("she said \u201ci feel so alone\u201d and walked out", None, ""),
    # a reach for the partner that was not met, told as what happened
    ("i tried to hug him last night and he kind of stiffened. i don't know what to do with "
     "that", "rebuffed", ""),
    ("i reached for her hand and she pulled away", "rebuffed", ""),
    ("i tried talking to him about it but he just shrugged", "rebuffed", ""),
    ("i think i've stopped trying because every time i try he's on his phone", "rebuffed", ""),
    ("whenever i ask her how her day was she just says fine", "rebuffed", ""),
    ('i asked if we could have a date night and she just said "we\'ll see"', "rebuffed", ""),
    ("when i hug him he hugs back", None, ""),
    ("i asked him out to dinner and he said yes", None, ""),
    ("i know it's small but it stings", "hurt", "stings"),
    # something that mattered to them, passed by without a word from the partner
    ("our anniversary came and went and he didn't even mention it", "unnoticed", ""),
    ("i cut my hair and she never noticed", "unnoticed", ""),
    ("my husband never remembers my birthday", "unnoticed", ""),
    ("i didn't notice he was upset", None, ""),
    ("he didn't mention that his mum was ill", None, ""),
    ("did he notice?", None, ""),
    ("does it sting him too?", None, ""),
    ("he tried to hug me and i stiffened", None, ""),
    ("she's been so wrapped up in her mum's illness and i feel selfish for wanting her "
     "attention", "guilty", "selfish"),
])
def test_a_feeling_is_read_only_when_it_is_theirs(message: str, feeling: str | None,
                                                  word: str) -> None:
    assert read_feeling(message) == (feeling, word)


PERSON = read_person("i feel so alone with my husband")


@pytest.mark.parametrize(("key", "variant"), [
    (key, v) for key, variants in DATA["acknowledgements"].items() for v in variants])
def test_every_acknowledgement_reads_as_a_sentence(key: str, variant: str) -> None:
    text = COMPOSER._fill(variant, PERSON)
    assert text[:1].isupper() and text.endswith((".", "!")) and "{" not in text


# Only words to say may speak of bringing something up: nothing else is being brought up.
_BRINGING = re.compile(r"\b(bring|raise|tell|say|said|conversation|talk to|open)\w*", re.I)


@pytest.mark.parametrize(("key", "variant"), [
    (key, v) for key, variants in DATA["next_steps"].items()
    if key not in ("opening", "opening_general", "ask_detail") for v in variants])
def test_next_steps_for_anything_but_words_to_say_bring_nothing_up(key: str,
                                                                  variant: str) -> None:
    assert not _BRINGING.search(variant)
    assert variant.rstrip().endswith("?")  # a question back, never a claim


def test_a_practice_gets_a_choice_among_the_suggestions() -> None:
    person = read_person("what's one small thing i can do tonight")
    several = COMPOSER.next_step("do", "what can we do", person, suggestions=3)
    one = COMPOSER.next_step("do", "what can we do", person, suggestions=1)
    assert several in DATA["next_steps"]["do"] and one in DATA["next_steps"]["do_one"]


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


def test_an_opening_is_said_to_be_theirs_only_when_it_uses_their_words() -> None:
    """A stock opening ("I've been missing our long talks...") for "how do I even start
    making up" is not "using your own words"."""
    message = "we had a screaming match last night. how do i even start making up"
    person = read_person(message)
    stock = "I've been missing our long talks. Would you tell me about your day tonight?"
    theirs = "I miss us since the screaming match. Could we start making up over a walk?"
    general = COMPOSER.next_step("say", message, person, stock)
    built = COMPOSER.next_step("say", message, person, theirs)
    assert stock in general and theirs in built
    assert general.replace(stock, "{opening}") in DATA["next_steps"]["opening_general"]
    assert built.replace(theirs, "{opening}") in DATA["next_steps"]["opening"]


def test_quote_block() -> None:
    assert quote_block("Time and setting matter.", 2) == "> Time and setting matter. [2]"


@pytest.mark.parametrize("kind", [*KINDS, "second"])
@pytest.mark.parametrize("message", ["how do we get back to normal", "why does this happen?"])
def test_a_connective_names_its_source(kind: str, message: str) -> None:
    """"the article" for one document; a document's title when a reply quotes several."""
    second = kind == "second"
    kind = "other" if second else kind
    one = COMPOSER.connective(kind, message, second=second)  # type: ignore[arg-type]
    named = COMPOSER.connective(kind, message, second=second,  # type: ignore[arg-type]
                                source="“After an Argument”")
    assert "the article" in one.lower() and "{" not in one and one[0].isupper()
    assert "“After an Argument”" in named and "article" not in named.lower()


@pytest.mark.parametrize(("message", "past"), [
    ("I was so depressed last year and he barely noticed. how do i bring it up now?", True),
    ("i felt invisible back then", True),
    ("i was so lonely when he worked away", True),
    ("I was exhausted after the move but we are ok now", True),
    ("I was lonely for years and I still am", False),
    ("I am depressed, my ex was awful last year", False),
    ("I feel lonely since last year", False),
    ("i have been so lonely", False),
    ("i'm so depressed", False),
])
def test_a_feeling_told_in_the_past_is_acknowledged_as_past(message: str, past: bool) -> None:
    person = read_person(message)
    assert person.feeling is not None and person.past is past
    said = COMPOSER.acknowledgement(message, person)
    assert (" was " in said) is past, said


@pytest.mark.parametrize(("opening", "written"), [
    ("i'd love for you to ask about my day sometimes.", "I'd love for you to ask about my day "
     "sometimes."),
    ("i miss you. could we go for a walk?", "I miss you. Could we go for a walk?"),
    ("“i miss us.” is that ok?", "“I miss us.” Is that ok?"),
    ("I've missed you. The wi-fi can wait.", "I've missed you. The wi-fi can wait."),
])
def test_an_opening_from_their_words_is_written_as_sentences(opening: str, written: str) -> None:
    assert sentence_case(opening) == written
    step = COMPOSER.next_step("say", "how do i tell him i'd love him to ask about my day",
                              read_person("how do i tell him"), opening)
    assert written in step
