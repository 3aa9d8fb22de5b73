"""The class of the partner's act, read from who did what to whom, and the concern the
opening names from it (server/rephrase/acts.py). Complaints here are not in the eval sets."""

from __future__ import annotations

import pytest

from server.rephrase import framing
from server.rephrase.acts import ACT_TOPICS, read_act
from server.rephrase.composer import Composer
from server.rephrase.concern import TOPICS, detect_concern
from server.rephrase.observed import clauses, invented
from server.rephrase.phrases import Phrases
from server.settings import Settings

COMPOSER = Composer(Phrases.load(Settings().prompts_dir))


@pytest.mark.parametrize(("text", "act"), [
    ("You laughed at my haircut in front of my sister.", "put_down"),
    ("he mocked my driving at the barbecue and everyone laughed", "put_down"),
    ("You said you'd pick up the kids from school and you didn't.", "promise"),
    ("she keeps saying she'll fix the gate and it's still broken", "promise"),
    ("You sold the sofa without asking me.", "decided_alone"),
    ("I was never consulted about moving the wedding date.", "decided_alone"),
    ("You were on your laptop all through dinner with my parents.", "screen"),
    ("he sat staring at the tv while I cried", "screen"),
    ("You didn't come to my sister's engagement party.", "no_show"),
    ("so ur not coming to my match on sunday either", "no_show"),
    ("Why is it always me who has to book the holidays?", "left_to_me"),
    ("you keep telling me you'll clear the gutters", "promise"),
    ("thought we were going to the market this morning??", "promise"),
    ("She has not attended a single one of my races.", "no_show"),
    ("Does he even know what my new job is called?", "not_known"),
    ("It's only me who rings the landlord and pays the council tax.", "left_to_me"),
    # none of these is one of the classes
    ("You didn't come to bed until 2am again.", None),
    ("You never asked how my appointment went.", None),
    ("I laughed at your joke about the cat.", None),
    ("Why am I the one who always has to say sorry first?", None),
    ("you forgot our anniversary", None),
])
def test_the_act_is_read_from_who_did_what(text: str, act: str | None) -> None:
    assert read_act(text) == act


def test_every_act_leans_to_a_known_topic() -> None:
    assert set(ACT_TOPICS.values()) <= set(TOPICS)


@pytest.mark.parametrize(("text", "named"), [
    ("You laughed at my haircut in front of my sister.", ("on my side",)),
    ("You said you'd pick up the kids from school and you didn't.", ("count on",)),
    ("You sold the sofa without asking me.", ("decid", "check with me")),
    ("You were on your laptop all through dinner with my parents.", ("attention", "eyes on me")),
    ("You didn't come to my sister's engagement party.", ("be there", "have you there")),
    ("Why is it always me who has to book the holidays?", ("share the", "take turns")),
])
def test_the_longing_names_the_acts_concern(text: str, named: tuple[str, ...]) -> None:
    concern = detect_concern(text)
    assert concern is not None and concern.topic == ACT_TOPICS[read_act(text) or ""]
    for variant in (0, 1, 2):
        opening = COMPOSER.compose(text, concern, variant)
        wish = " ".join(c.text for c in clauses(opening) if c.kind != "observation")
        assert any(n in wish.lower() for n in named), opening
        assert framing.check(opening, source=text).hard_pass, opening
        assert not invented(opening, text), opening


def test_a_put_down_asks_for_backing_next_time_not_about_the_thing() -> None:
    text = "You corrected my grammar in front of your boss."
    concern = detect_concern(text)
    assert concern is not None
    opening = COMPOSER.compose(text, concern, 0)
    assert "next time we're" in opening.lower() and "my grammar tonight" not in opening, opening


def test_a_word_given_again_and_again_is_not_said_back_as_a_doing() -> None:
    text = ("The boiler has been broken for a month and you keep saying you'll ring someone."
            " Yesterday I asked you to help with the kids and you sighed.")
    concern = detect_concern(text)
    assert concern is not None
    for variant in (0, 1, 2):
        opening = COMPOSER.compose(text, concern, variant)
        assert "while you're saying" not in opening.lower(), opening
        assert not invented(opening, text), opening


def test_a_longing_in_their_words_is_not_padded_with_the_same_wish() -> None:
    text = "You didn't come to my cousin's wedding."
    concern = detect_concern(text)
    assert concern is not None
    opening = COMPOSER.compose(text, concern, 0)
    assert opening.lower().count("be there") <= 1, opening


def test_a_thing_already_done_is_not_asked_for_as_a_promise() -> None:
    text = "Yesterday you said you'd already agreed to a golf weekend on my birthday."
    concern = detect_concern(text)
    assert concern is not None
    for variant in (0, 1, 2):
        opening = COMPOSER.compose(text, concern, variant)
        assert "already" not in opening.split(".")[-1], opening


# Complaints written for round 12; none is in the eval sets.
@pytest.mark.parametrize(("text", "act"), [
    # a report about them to others, judging them or laughed at: a put-down
    ("you told everyone at dinner I can't cook and they all laughed", "put_down"),
    ("She told her sister I'm hopeless with money.", "put_down"),
    ("he said to his mates that I'm boring, right in front of me", "put_down"),
    ("My husband told the whole group chat my driving is a joke and everyone laughed", "put_down"),
    # their news told, or something kind said: not one
    ("you told your mum I'm pregnant before I could", None),
    ("You told everyone about my promotion and they were thrilled.", None),
    # a word given, then time gone by: not kept
    ("You said you'd fix the gate this weekend. That's the third weekend now.", "promise"),
    ("you said you'd call the plumber. that was three weeks ago", "promise"),
    ("He promised to sort the car insurance. Two months later, nothing.", "promise"),
    ("you said you'd be home by six and you haven't even texted", "promise"),
    # remembering and keeping track left to them: the load of planning
    ("why is it always me who has to remember the bin day, the dentist, your mum's birthday",
     "left_to_me"),
    ("I'm the one who has to keep track of every school trip and form", "left_to_me"),
    # told only once it was settled: decided alone
    ("He planned the whole holiday with his brother and told me the dates afterwards.",
     "decided_alone"),
    ("she booked the flights and only told me once it was paid", "decided_alone"),
])
def test_acts_read_from_sentence_shapes_not_topics(text: str, act: str | None) -> None:
    assert read_act(text) == act


@pytest.mark.parametrize(("text", "said"), [
    ("you told everyone at dinner I can't cook and they all laughed", ("cook",)),
    ("She told her sister I'm hopeless with money.", ("hopeless", "money")),
    ("my wife told her friends I'm lazy in bed, and they laughed", ("lazy", "bed")),
])
def test_what_was_told_about_them_is_never_said_back(text: str, said: tuple[str, ...]) -> None:
    """What the partner told others is their judgement, not a fact of the person's: the
    opening asks for backing, and says none of it."""
    concern = detect_concern(text)
    assert concern is not None and concern.topic == "support"
    for variant in (0, 1, 2):
        opening = COMPOSER.compose(text, concern, variant)
        assert not any(w in opening.lower() for w in said), opening
        assert "side" in opening.lower() or "back" in opening.lower(), opening
        assert framing.check(opening, source=text).hard_pass and not invented(opening, text)


@pytest.mark.parametrize(("text", "topics"), [
    ("why is it always me who has to remember the bin day, the dentist, your mum's birthday",
     {"planning", "home"}),
    ("It's always me who books the vet, the car service and your dad's birthday dinner.",
     {"planning", "home"}),
    # one thing alone is still what it names
    ("Why do I have to be the one who remembers your nephew's christening?",
     {"planning", "occasions"}),
])
def test_a_list_of_jobs_is_the_load_not_its_items(text: str, topics: set[str]) -> None:
    concern = detect_concern(text)
    assert concern is not None and concern.topic in topics, concern
    opening = COMPOSER.compose(text, concern, 0).lower()
    assert "special days" not in opening and "celebrate" not in opening, opening
