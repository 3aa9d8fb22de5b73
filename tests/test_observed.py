"""What happened, in their words: the facts read from a complaint's sentences, and the rule
that an opening's observations use no other words.

Every complaint here was written for these tests; none is in the eval's sets.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from server.rephrase.composer import Composer
from server.rephrase.concern import detect_concern
from server.rephrase.framing import check
from server.rephrase.observed import clauses, invented, read_facts, things
from server.rephrase.phrases import Phrases
from server.settings import Settings

COMPOSER = Composer(Phrases.load(Settings().prompts_dir))
DEV = [row for row in map(json.loads, (Path(__file__).resolve().parent.parent / "eval" / "data"
                                       / "complaints_facts.jsonl").read_text().splitlines())
       if row["split"] == "dev" and row["concern"]]

# (complaint, field of Facts, what it must say)
READ = [
    ("You didn't text me back last night when I told you about my promotion.", "speaker_act",
     "I told you about my promotion"),
    ("You didn't text me back last night when I told you about my promotion.", "time",
     "last night"),
    ("you spent the entire wedding talking to your ex", "partner_act",
     "you were talking to your ex"),
    ("you spent the entire wedding talking to your ex", "setting", "during the wedding"),
    ("At my cousin's christening you sat on your phone.", "setting", "at my cousin's christening"),
    ("He kept checking the cricket score while I was talking.", "partner_act",
     "you were checking the cricket score"),
    ("I'm the one who books every holiday.", "one_who", "I've been the one booking our holidays"),
    ("I'm so sick of doing all the ironing.", "one_who", "I've been doing the ironing"),
    ("Last Friday I cooked for your whole team and you didn't say thanks.", "speaker_act",
     "I cooked for your team"),
    ("You didn't even look at my drawing.", "mine", "my drawing"),
    ("Why am I the only one who looks at the budget every month?", "one_who",
     "I've been the one looking at the budget every month"),
    ("He spent the entire evening on his laptop and then went to bed.", "partner_act",
     "you were on your laptop"),
    ("I spent the whole morning cleaning the flat for your parents.", "setting",
     "during the morning"),
    ("You went to the pub with your brother on our anniversary.", "partner_act",
     "you went to the pub with your brother"),
    ("You went to the pub with your brother on our anniversary.", "setting",
     "on our anniversary"),
    # their own news, inside another clause or after "got"/"had"
    ("does it even matter to you that i got the scholarship", "speaker_act",
     "I got the scholarship"),
    ("Yesterday I had a job interview and you didn't ask once.", "speaker_act",
     "I had a job interview"),
    # a list of their acts, and of their jobs, kept whole
    ("I washed the car, mowed the lawn and fixed the gate and you said nothing.", "speaker_act",
     "I washed the car, mowed the lawn and fixed the gate"),
    ("I'm tired of doing the ironing, the hoovering and the vet visits.", "one_who",
     "I've been doing the ironing, the hoovering and the vet visits"),
    # "told you (that)": the news they told, without the time inside it or a second clause
    ("I told you on Friday that my grandad was in hospital.", "speaker_act",
     "I told you my grandad was in hospital"),
    ("Last month I planned a weekend in the cottage where we got engaged.", "speaker_act",
     "I planned a weekend in the cottage"),
    # what the partner was doing, beside the speaker's act; never what they say they do
    ("while i was reading you my speech u fell asleep on the sofa", "partner_act",
     "you fell asleep on the sofa"),
    ("He says he's paying attention but he's playing chess on his phone.", "partner_act",
     "you're playing chess on your phone"),
    # the thing of theirs an act was done to; sarcastic thanks as their own act
    ("you made fun of my accent at the pub quiz", "mocked", "my accent"),
    ("Thanks so much for feeding the cat. Oh wait, that was me.", "speaker_act",
     "I fed the cat"),
]


@pytest.mark.parametrize(("text", "field", "said"), READ)
def test_facts_are_read_from_sentence_shapes(text: str, field: str, said: str) -> None:
    assert getattr(read_facts(text), field) == said


@pytest.mark.parametrize("text", [
    "You never listen.", "ugh you're so selfish", "I feel like we're roommates.",
    "you didn't call me", "Why can't you just be nicer?",
])
def test_a_complaint_without_facts_gets_no_observation(text: str) -> None:
    facts = read_facts(text)
    assert not facts.any and not facts.mine
    concern = detect_concern(text)
    assert concern is not None
    for variant in range(3):
        opening = COMPOSER.compose(text, concern, variant)
        assert [c for c in clauses(opening) if c.kind == "observation"] == [], opening


def test_names_and_accusations_are_not_said_back() -> None:
    facts = read_facts("You left me alone at Priya's party and ignored me all night.")
    said = " ".join([facts.setting, facts.partner_act, facts.speaker_act, facts.mine]).lower()
    assert "priya" not in said
    assert "left" not in said and "ignored" not in said


@pytest.mark.parametrize(("opening", "source", "words"), [
    ("I miss you. Lately we've drifted apart. Could we have dinner tonight?", "you never talk",
     ["lately", "drifted", "apart"]),
    ("I miss you. At the party, I missed you. Could we stay close next time?",
     "you ignored me at the party", []),
    ("I'd love to feel close. These days most of what we say is logistics, and I miss you. "
     "Could we talk tonight?", "ur always busy", ["days", "say", "logistics"]),
])
def test_invented_words_are_the_claims_they_did_not_make(opening: str, source: str,
                                                         words: list[str]) -> None:
    assert invented(opening, source) == words


def test_longing_and_request_may_use_the_articles_words() -> None:
    opening = ("I've been missing our long talks. Could we take a walk after dinner tonight, "
               "phones at home?")
    assert invented(opening, "you never talk to me") == []
    kinds = [c.kind for c in clauses(opening)]
    assert kinds == ["longing", "request"]


# Rows of a round held out until its writer's concern was measured, whose concern the cues do
# not find yet (the sarcastic "don't let me interrupt your podcast"): they are asked about
# instead of rephrased; strict, so a fix shows. (V54: "'we'll see' every time I ask about
# visiting my grandma", round 11, dev since 2026-12-03.)
CONCERN_MISSED = {"T24", "V54"}


@pytest.mark.parametrize("row", [
    pytest.param(r, marks=pytest.mark.xfail(strict=True, reason="concern not found yet"))
    if r["id"] in CONCERN_MISSED else r for r in DEV], ids=[r["id"] for r in DEV])
def test_dev_openings_invent_nothing_and_keep_the_rules(row: dict[str, object]) -> None:
    text = str(row["text"])
    concern = detect_concern(text)
    assert concern is not None
    for variant in range(3):
        opening = COMPOSER.compose(text, concern, variant)
        assert invented(opening, text) == [], opening
        assert check(opening, source=text).hard_pass, opening


# Complaints about what another document in corpus/ would cover (money, here): the composer
# reads their facts from their words, not from our article's topics.
@pytest.mark.parametrize(("text", "kept"), [
    ("You moved money out of our joint account without telling me.", "joint account"),
    ("Why am I the only one who looks at the budget every month?", "budget"),
])
def test_a_complaint_outside_our_article_keeps_its_facts(text: str, kept: str) -> None:
    concern = detect_concern(text)
    assert concern is not None
    opening = COMPOSER.compose(text, concern, 0)
    assert kept in opening and invented(opening, text) == [], opening
    assert check(opening, source=text).hard_pass, opening


# --- the things of a complaint, read as noun phrases (observed.things) ---------------------

# (complaint, the things read from it, in order)
THINGS = [
    ("I left a note on the fridge for you and you walked straight past it.",
     ["a note on the fridge"]),
    ("You sat at the back of the hall with your brother during my recital.",
     ["the hall with your brother", "my recital"]),
    ("You let the tortoise out of the greenhouse again and the seedlings are gone.",
     ["the tortoise", "the greenhouse", "the seedlings"]),
    ("my husband went to the pub on the night of my book launch",
     ["the pub", "the night of my book launch"]),  # the partner is who it is said to
    # a name leading a thing of theirs gives way to "the"; anywhere else it is never said
    ("You called me a liar at Priya's party.", ["the party"]),
    ("ur brother told Sam about my scan", ["your brother", "my scan"]),  # spelled out
    # the partner's people's own detail is only the person, by relation
    ("you kept going on about your dad's drinking at dinner", ["your dad", "dinner"]),
    # what someone is, a simile, a negated thing, a time: none is a thing to say back
    ("He's such a child.", []),
    ("He's a narcissist.", []),
    ("talking to you feels like talking to a wall", []),
    ("No text, no call, nothing.", []),
    ("You were late again last night.", []),
]


@pytest.mark.parametrize(("text", "said"), THINGS)
def test_things_are_the_noun_phrases_they_can_hear_again(text: str, said: list[str]) -> None:
    assert [t.text for t in things(text)] == said


# The lighter frame keeps the things the opening leaves out, and invents nothing: on a
# complaint the article never covers (a tortoise, a piano), as on any other.
@pytest.mark.parametrize(("text", "kept"), [
    ("You let the tortoise out of the greenhouse again and the seedlings are gone.",
     ["tortoise", "greenhouse", "seedlings"]),
    ("You sold my grandmother's piano without asking me.", ["my grandmother's piano"]),
    ("my husband went to the pub on the night of my book launch", ["pub", "book launch"]),
])
def test_the_things_they_name_are_kept_in_a_frame_that_states_nothing_else(
        text: str, kept: list[str]) -> None:
    concern = detect_concern(text)
    assert concern is not None
    opening = COMPOSER.compose(text, concern, 0)
    for thing in kept:
        assert thing in opening.lower(), opening
    assert "keep thinking about" in opening.lower(), opening
    assert invented(opening, text) == [], opening
    assert check(opening, source=text).hard_pass, opening


@pytest.mark.parametrize("text", [
    # someone alone, or a thing of the partner's alone, is the complaint pointed at them
    "Tell him I'm sick of him choosing his mom over me every single weekend.",
    "why are you always on your phone",
])
def test_someone_or_their_thing_alone_gets_no_frame(text: str) -> None:
    concern = detect_concern(text)
    assert concern is not None
    assert "keep thinking" not in COMPOSER.compose(text, concern, 0).lower()


def test_the_frame_may_only_use_feeling_words() -> None:
    from server.errors import PromptError
    from server.prompts import read_phrase_file
    from server.rephrase.phrases import FILE, parse

    data = read_phrase_file(Settings().prompts_dir / FILE)
    assert parse(data, "ok").thinking.count("{things}") == 1
    for frame in ("I keep remembering {things}.", "I keep thinking about it.",
                  "Lately I keep thinking about {things}."):
        with pytest.raises(PromptError, match="thinking"):
            parse({**data, "thinking": frame}, "bad")


@pytest.mark.parametrize(("text", "kept", "not_kept"), [
    # the subject of "if ..." ends before its verb
    ("you booked the holiday with your brother without even asking me if the dates work",
     "the dates", "the dates work"),
    ("I asked whether the kids need picking up", "the kids", "the kids need"),
    # a plural that does lead another noun, and a possessive written without its apostrophe
    ("the parcel for my mums birthday sat on the step", "my mums birthday", ""),
])
def test_a_plural_subject_is_no_longer_phrase(text: str, kept: str, not_kept: str) -> None:
    said = [t.text.lower() for t in things(text)]
    assert any(kept in s for s in said), said
    assert not not_kept or not any(not_kept in s for s in said), said


@pytest.mark.parametrize(("text", "act"), [
    ("He planned the whole holiday to the coast with his brother.", "the holiday"),
    ("you organised the entire trip with your friends", "the trip"),
])
def test_the_whole_thing_after_a_verb_is_its_object(text: str, act: str) -> None:
    facts = read_facts(text)
    assert act in facts.partner_act.lower(), facts
