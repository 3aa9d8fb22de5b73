"""The composer: every complaint gets three openings that pass every hard framing rule.

The dev set is the dev split of eval/data/complaints_details.json (texts in complaints_dev.json
and complaints_new.json; the held-out rows are only measured, in the eval); GENERAL holds
inputs written for these tests only, because the feature is judged on words nobody has seen.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from eval.run import THRESHOLDS, detail_kept, phrase_reuse
from indexer.vocabulary import content_words, words
from server.rephrase.composer import Composer, cut_off, ours_in
from server.rephrase.concern import TOPICS, detect_concern
from server.rephrase.framing import check
from server.rephrase.phrases import Phrases
from server.settings import Settings

DATA = Path(__file__).resolve().parent.parent / "eval" / "data"
# Per complaint: split, the topics that keep its point, the thing missed in its words.
DETAILS: dict[str, dict[str, Any]] = json.loads((DATA / "complaints_details.json").read_text())
DEV: dict[str, str] = {
    row["id"]: row["text"]
    for name in ("complaints_dev.json", "complaints_new.json")
    for row in json.loads((DATA / name).read_text())
    if DETAILS[row["id"]]["split"] == "dev"
}
NO_CONCERN_IDS = {"C25"}
CONCERN_IDS = sorted(set(DEV) - NO_CONCERN_IDS)

# Which concern topics keep each complaint's point: the eval's table, loaded, not copied.
DEV_TOPICS: dict[str, set[str]] = {
    cid: set(DETAILS[cid]["topic"]) for cid in CONCERN_IDS
}

# Complaints that are not in the dev set: other topics, registers, third person, sarcasm.
GENERAL: list[tuple[str, set[str]]] = [
    ("You spend every evening glued to your laptop and I might as well be furniture.",
     {"attention"}),
    ("my gf never wants to do anything with me on weekends anymore", {"time"}),
    (
        "Why do you always leave your socks and wet towels on the bathroom floor? "
        "I'm not your mother.",
        {"home"},
    ),
    ("He forgot my birthday. Again. Unbelievable.",
     {"occasions", "planning", "reliability", "appreciation"}),
    ("She never kisses me goodbye anymore.", {"touch"}),
    (
        "You've been working till 10 every night for a month and I basically live alone.",
        {"time", "attention"},
    ),
    ("Thanks for asking how my day went. Oh right, you didn't.", {"talking", "heard"}),
    ("your mom is over every weekend and you never say no to her", {"time", "included"}),
    ("I cried in the bathroom last night and you didn't even notice.", {"support"}),
    (
        "You promised we'd look at houses this spring and now you won't even talk about it.",
        {"occasions", "planning", "reliability"},
    ),
    ("we haven't had sex in 6 months lol whatever", {"touch"}),
    ("You NEVER EVER listen to a single word I say!!!", {"talking", "heard"}),
    ("My boyfriend is glued to his PlayStation every night. It's pathetic.", {"attention"}),
    (
        "I do all the cooking, all the cleaning, all the laundry, and you can't even say thank "
        "you.",
        {"home", "appreciation"},
    ),
    ("Honestly you're so cold lately. It's like living with a stranger.", {"closeness"}),
    ("You'd rather hang out with your coworkers than come home to me.", {"time", "attention"}),
    ("When I had that awful week at work you just kept watching TV.", {"support", "attention"}),
    ("You never hold my hand anymore, not even when we walk.", {"touch"}),
    ("I'm tired of planning every single date night myself.", {"time", "appreciation"}),
    ("Do you even care that we haven't been on a real vacation in three years?",
     {"occasions", "planning", "reliability"}),
    ("u never ask about my day. like ever", {"talking", "heard"}),
    ("You scroll TikTok in bed every night instead of talking to me.",
     {"attention", "talking", "heard"}),
    ("Your job always comes first. I'm always second.", {"time", "attention"}),
    ("He treats his phone like it's his girlfriend.", {"attention"}),
    (
        "We keep fighting about money and you act like I'm the problem.",
        {"occasions", "planning", "reliability", "closeness", "talking", "heard"},
    ),
    ("I feel invisible in my own home.", {"closeness"}),
    ("My wife's always on her phone at dinner, it's rude.", {"attention"}),
    ("You didn't say one word to me during the whole drive to your parents.", {"talking", "heard"}),
    (
        "Must be nice to have so much free time for golf with Mike every Saturday.",
        {"time"},
    ),
    (
        "Great job forgetting to pick up the kids AGAIN. Really stellar parenting.",
        {"time", "included", "home", "support", "occasions", "planning", "reliability"},
    ),
    ("She's a robot. Zero affection, zero interest, zero effort.", {"touch", "closeness"}),
    ("tbh i feel like ur more married to ur gym than to me", {"time"}),
]

GENTLE_INPUTS = [DEV["C11"], DEV["C27"], DEV["C34"], "I miss you."]
NO_CONCERN = ["Nothing. Forget it. It's fine.", "ugh", "whatever", "k", "", "fine."]
FORBIDDEN = re.compile(
    r"\b(?:dan|sarah|mike|selfish|narcissist\w*|lazy|pathetic|typical|fuck\w*|damn\w*|shit\w*"
    r"|my husband|my wife|my boyfriend|my girlfriend|my gf)\b",
    re.IGNORECASE,
)
COMPOSER = Composer(Phrases.load(Settings().prompts_dir))
compose = COMPOSER.compose
light_touch = COMPOSER.light_touch
explain_changes = COMPOSER.explain_changes
clarification_question = COMPOSER.clarification_question
THIRD_PERSON = re.compile(r"\b(?:he|she|him|his|her)\b", re.IGNORECASE)
MIN_TOPIC_KEPT = 0.95


def openings(text: str) -> list[str]:
    concern = detect_concern(text)
    assert concern is not None, text
    return [compose(text, concern, v) for v in range(3)]


def warmer(text: str) -> str:
    """The warmer opening alone (the other two compose it again to differ from it)."""
    concern = detect_concern(text)
    assert concern is not None, text
    return compose(text, concern, 0)


def failed_hard(text: str, source: str) -> list[str]:
    return [f"{r.rule}: {r.why}" for r in check(text, source=source).failed() if r.hard]


def kept_share(original: str, rewritten: str) -> float:
    """Share of the original's word tokens (with repeats) that the rewrite still has."""
    before, after = Counter(words(original)), Counter(words(rewritten))
    return sum((before & after).values()) / max(1, sum(before.values()))


def assert_three_gentle_openings(text: str) -> None:
    outs = openings(text)
    for out in outs:
        assert failed_hard(out, text) == [], out
        assert not FORBIDDEN.search(out), out
        assert not THIRD_PERSON.search(out), out
        assert not cut_off(out), out
    assert len(set(outs)) == 3, outs


@pytest.mark.parametrize(("text", "cut"), [
    ("I was hoping you'd ask once how. Could you ask once how next time?", True),
    ("Last night, I found it hurtful that, and I was wishing we were together.", True),
    ("Would you come with me to the?", True),
    ("Could you ask how my day was next time?", False),
    ("Remember when we used to talk for hours? I miss that.", False),
    ("Our first anniversary means so much to me.", False),
    ("I would like to raise the fact that, for the fourth month, I planned everything.", False),
])
def test_a_clause_cut_off_is_seen(text: str, cut: bool) -> None:
    assert cut_off(text) is cut


# Written for this test: complaints whose acts end in a question or a "that" clause.
CUT_RISK = [
    "you didn't ask once how my driving test went. not once.",
    "I found it rude that you checked your phone all through my speech at the dinner.",
    "You never asked how the funeral went, you just asked what was for tea.",
    "i told u about the scan three times and u still forgot it was today",
]


@pytest.mark.parametrize("text", CUT_RISK)
def test_no_opening_stops_mid_clause(text: str) -> None:
    concern = detect_concern(text)
    assert concern is not None
    for v in range(3):
        out = compose(text, concern, v)
        assert out and not cut_off(out), out


@pytest.mark.parametrize("cid", CONCERN_IDS)
def test_dev_openings_pass_every_hard_rule(cid: str) -> None:
    assert_three_gentle_openings(DEV[cid])


@pytest.mark.parametrize(("text", "topics"), GENERAL)
def test_general_openings_pass_every_hard_rule(text: str, topics: set[str]) -> None:
    assert_three_gentle_openings(text)


def test_dev_table_covers_every_concern() -> None:
    assert set(DEV_TOPICS) == set(CONCERN_IDS)
    assert all(topics <= set(TOPICS) for topics in DEV_TOPICS.values())


def test_dev_topic_is_kept() -> None:
    missed = {}
    for cid, allowed in DEV_TOPICS.items():
        concern = detect_concern(DEV[cid])
        topic = concern.topic if concern else None
        if topic not in allowed:
            missed[cid] = (topic, sorted(allowed))
    print(f"dev topic kept: {len(DEV_TOPICS) - len(missed)}/{len(DEV_TOPICS)}; missed: {missed}")
    assert 1 - len(missed) / len(DEV_TOPICS) >= MIN_TOPIC_KEPT, missed


def test_general_topic_is_kept() -> None:
    missed = {}
    for text, allowed in GENERAL:
        concern = detect_concern(text)
        topic = concern.topic if concern else None
        if topic not in allowed:
            missed[text] = (topic, sorted(allowed))
    print(f"general topic kept: {len(GENERAL) - len(missed)}/{len(GENERAL)}; missed: {missed}")
    assert 1 - len(missed) / len(GENERAL) >= 0.9, missed


@pytest.mark.parametrize("text", NO_CONCERN)
def test_no_concern_asks_instead(text: str) -> None:
    assert detect_concern(text) is None
    question = clarification_question(text)
    assert question.endswith("?")
    assert not re.search(r"\b(?:phone|chores|work|sex|talk|time together)\b", question)


def test_dev_no_concern_row() -> None:
    assert all(detect_concern(DEV[cid]) is None for cid in NO_CONCERN_IDS)


@pytest.mark.parametrize("text", GENTLE_INPUTS)
def test_gentle_input_gets_a_light_touch(text: str) -> None:
    concern = detect_concern(text)
    assert concern is not None and concern.gentle
    out = light_touch(text, concern)
    assert failed_hard(out, text) == [], out
    assert kept_share(text, out) >= 0.7, out
    assert explain_changes(text, out) == [
        "This already leads with longing; I only added a small invitation"
    ]


@pytest.mark.parametrize("cid", ["C01", "C02", "C08", "C19", "C21", "C24", "C36", "C40"])
def test_harsh_input_is_not_gentle(cid: str) -> None:
    concern = detect_concern(DEV[cid])
    assert concern is not None and not concern.gentle


@pytest.mark.parametrize(
    "text",
    ["I miss you. You never put your phone down.", "I miss you but you never listen."],
)
def test_light_touch_keeps_the_longing_and_drops_the_harsh_part(text: str) -> None:
    concern = detect_concern(text)
    assert concern is not None
    out = light_touch(text, concern)
    assert out.startswith("I miss you.")
    assert "never" not in out
    assert failed_hard(out, text) == [], out


def test_light_touch_leaves_a_finished_opening_alone() -> None:
    text = "I miss you. Could we have dinner together tonight, just the two of us?"
    concern = detect_concern(text)
    assert concern is not None and concern.gentle
    assert light_touch(text, concern) == text
    assert "left it as it is" in explain_changes(text, text)[0]


def test_explain_changes_names_the_absolute() -> None:
    out = openings(DEV["C01"])[0]
    notes = explain_changes(DEV["C01"], out)
    assert any("You never" in note for note in notes), notes
    assert any("invitation" in note for note in notes), notes


@pytest.mark.parametrize(
    ("cid", "quoted"),
    [
        ("C08", "selfish"),
        ("C03", "Oh great"),
        ("C15", "My husband"),
        ("C23", "shouldn't have to"),
        ("C24", "Dan"),
        ("C12", "I feel ignored"),
    ],
)
def test_explain_changes_quotes_what_went(cid: str, quoted: str) -> None:
    notes = explain_changes(DEV[cid], openings(DEV[cid])[0])
    assert any(quoted in note for note in notes), notes


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        (DEV["C30"], "since the baby came"),
        (DEV["C38"], "good morning"),
        (DEV["C17"], "the kids or the bills"),
        (DEV["C28"], "this summer"),
        (DEV["C33"], "moving in together"),
        (DEV["C09"], "anniversary"),
    ],
)
def test_safe_details_are_kept(text: str, detail: str) -> None:
    concern = detect_concern(text)
    assert concern is not None
    assert any(detail in d for d in concern.details)
    assert detail in compose(text, concern, 0).lower()


def test_third_parties_are_not_criticised() -> None:
    for out in openings(DEV["C39"]):
        assert not re.search(r"\bmom\b|\bmother\b", out, re.IGNORECASE), out


@pytest.mark.parametrize("cid", ["C19", "C26"])
def test_texting_register_stays_casual(cid: str) -> None:
    concern = detect_concern(DEV[cid])
    assert concern is not None and concern.casual
    for out in openings(DEV[cid]):
        assert out == out.lower(), out


def test_standard_register_is_not_casual() -> None:
    concern = detect_concern(DEV["C01"])
    assert concern is not None and not concern.casual
    assert openings(DEV["C01"])[0][0].isupper()


def test_compose_is_deterministic() -> None:
    assert openings(DEV["C02"]) == openings(DEV["C02"])


def test_evidence_comes_from_the_input() -> None:
    for cid in CONCERN_IDS:
        concern = detect_concern(DEV[cid])
        assert concern is not None
        for word in concern.evidence:
            assert word.lower() in DEV[cid].lower(), (cid, word)


def test_compose_adds_no_self_blame_or_jargon() -> None:
    for cid in CONCERN_IDS:
        for out in openings(DEV[cid]):
            report = check(out, source=DEV[cid])
            assert report.get("no_self_erasure").passed, out
            assert report.get("no_jargon").passed, out
            assert report.get("specific_request").passed, out


# --- what they miss, kept specific --------------------------------------------------------------

def first_opening(text: str) -> str:
    """The composer's first choice, as the pipeline shows it when no model draft wins."""
    concern = detect_concern(text)
    assert concern is not None, text
    return light_touch(text, concern) if concern.gentle else compose(text, concern, 0)


def three_openings(text: str) -> list[str]:
    """The three candidates the pipeline offers (the light touch first for gentle input)."""
    concern = detect_concern(text)
    assert concern is not None, text
    if concern.gentle:
        return [light_touch(text, concern)] + [compose(text, concern, v) for v in (0, 2)]
    return openings(text)


DETAIL_IDS = [cid for cid in CONCERN_IDS if DETAILS[cid]["missed"]]
NO_DETAIL_IDS = [cid for cid in CONCERN_IDS if not DETAILS[cid]["missed"]]


def test_dev_detail_is_kept() -> None:
    """The opening names the concrete thing missed (any of the annotated variants)."""
    lost = {cid: first_opening(DEV[cid]) for cid in DETAIL_IDS
            if not detail_kept(first_opening(DEV[cid]), DETAILS[cid]["missed"])}
    share = 1 - len(lost) / len(DETAIL_IDS)
    print(f"dev detail kept: {len(DETAIL_IDS) - len(lost)}/{len(DETAIL_IDS)}; lost: {lost}")
    assert share >= THRESHOLDS["rephrase.detail_kept"], lost


@pytest.mark.parametrize("cid", NO_DETAIL_IDS)
def test_no_concrete_detail_asks_for_one(cid: str) -> None:
    concern = detect_concern(DEV[cid])
    assert concern is not None
    assert not COMPOSER.is_specific(DEV[cid], concern)
    assert COMPOSER.detail_question(DEV[cid]) in COMPOSER.phrases.detail_questions


def test_openings_vary_their_wording() -> None:
    """No five-word run recurs in more than a fifth of the dev openings."""
    share, gram = phrase_reuse([first_opening(DEV[cid]) for cid in CONCERN_IDS])
    print(f"most reused five words: {gram!r} in {share:.0%} of openings")
    assert share <= THRESHOLDS["rephrase.phrase_reuse<="], gram


@pytest.mark.parametrize("cid", CONCERN_IDS)
def test_the_three_differ_in_substance(cid: str) -> None:
    """Each pair differs in what it says (a longing, observation or request), not only in
    word order: at least three content words are in one and not the other."""
    outs = [Counter(content_words(o)) for o in three_openings(DEV[cid])]
    for i in range(3):
        for j in range(i + 1, 3):
            differ = (outs[i] - outs[j]) + (outs[j] - outs[i])
            assert sum(differ.values()) >= 3, three_openings(DEV[cid])


# (input written for these tests, words the opening must name, words its request must name)
GENERAL_MISSED = [
    ("She never kisses me goodbye anymore.", "kiss me goodbye", "kiss me goodbye"),
    ("You never hold my hand anymore, not even when we walk.", "hold my hand", "hold my hand"),
    ("u never ask about my day. like ever", "ask about my day", "about my day"),
    ("We used to dance in the kitchen and now we just do chores.", "dance in the kitchen",
     "dance in the kitchen"),
    ("Thanks for finally calling me back.", "call me back", "call me back"),
    ("The kids get a goodnight kiss but I don't.", "goodnight kiss", "goodnight kiss"),
    ("you're a terrible listener tbh", "listen", "listen"),
    ("I'm the only one who ever plans date night.", "plan", "plan date night"),
    ("guess i'll just watch the game alone again", "watch the game together", "watch the game"),
    ("He hasn't held me in months and I miss it.", "hold", "hold me"),
    ("Remember when you used to bring me coffee in bed?", "bring me coffee in bed",
     "bring me coffee in bed"),
]


@pytest.mark.parametrize(("text", "named", "asked"), GENERAL_MISSED)
def test_the_thing_missed_leads_and_is_asked_for(text: str, named: str, asked: str) -> None:
    out = first_opening(text)
    last = out.rsplit(". ", 1)[-1]
    assert set(content_words(named)) <= set(content_words(out)), out
    assert set(content_words(asked)) <= set(content_words(last)), out
    assert failed_hard(out, text) == [], out


@pytest.mark.parametrize(("text", "named", "asked"), GENERAL_MISSED)
def test_changes_say_what_was_kept(text: str, named: str, asked: str) -> None:
    found = COMPOSER.missed_in(text)
    assert found is not None
    notes = explain_changes(text, first_opening(text))
    assert any(n.startswith(f"Kept '{found.label}' as what you miss") for n in notes), notes


# What the person's sentences relate stays related so: a place from another sentence that
# tells an act of its own is not where their act happened; an event that happens once has
# no next one; a time before "my ..." is not the thing it was about; a word naming another
# thing ("football kit") is not a pastime to ask about.
@pytest.mark.parametrize(("text", "never"), [
    ("Do you even care that I finished the marathon? You were at the garden centre with your "
     "dad.", r"garden centre, I finished"),
    ("You didn't come to my grandmother's funeral because of a work deadline.",
     r"\bnext (?:time|one|funeral)\b|if you'd come"),
    ("I made your favourite curry after my twelve hour shift and you didn't say a word",
     r"about my twelve hour shift"),
    ("You got there at nine, still in your football kit, and spent most of my art show on the "
     "phone outside.", r"\bfootball\b"),
    ("I put the kids to bed alone every night this week", r"this week this week|\bdishes\b"),
    # the conversation is how they talk, never the thing to talk about
    ("what do i actually say to start the conversation tonight", r"about the conversation"),
    ("every time I talk about my mum's cancer you change the subject", r"the subject"),
    # a noun phrase ends at a preposition; "every" needs no article
    ("you booked a golf weekend on our anniversary without even asking me",
     r"anniversary without"),
    ("you spend every lunch break on the phone to your ex", r"the every"),
])
def test_an_opening_keeps_their_relations(text: str, never: str) -> None:
    concern = detect_concern(text)
    assert concern is not None
    for variant in range(3):
        opening = COMPOSER.compose(text, concern, variant)
        assert not re.search(never, opening, re.IGNORECASE), opening
        assert check(opening, source=text).hard_pass, opening


# An event that is over: a loss is asked about (how they are since), a joy of theirs is
# celebrated late, someone else's is asked about; never "the next one".
@pytest.mark.parametrize(("text", "asked"), [
    ("You didn't come to my grandmother's funeral because of a work deadline.",
     "ask me how i'm doing since my grandmother's funeral tonight"),
    ("You turned up an hour late to my graduation.", "celebrate my graduation with me tonight"),
    ("You left my birthday dinner after an hour.", "celebrate my birthday with me tonight"),
    ("you skipped my sister's engagement party", "ask me about my sister's engagement party"),
])
def test_an_event_that_is_over_is_asked_about_tonight(text: str, asked: str) -> None:
    opening = warmer(text)
    assert asked in opening.lower(), opening
    assert not re.search(r"\bnext\b", opening, re.IGNORECASE), opening


# An act told as an accusation names what the person wanted: being at the thing, staying for
# it, being on time for it, being asked before it was decided; the thing in their words.
@pytest.mark.parametrize(("text", "act"), [
    ("so u skipped my cello recital for a work drinks thing?? cool cool",
     "come to my cello recital"),
    ("u left my gig after two songs", "stay for my gig"),
    ("oh great, you went to the pub instead of coming to my work do. thanks for that",
     "come to my work do"),
    ("you turned up at half seven to the flat viewing", "be on time for the flat viewing"),
    ("You bailed on the couples cooking class we booked, last minute, for golf.",
     "come to the couples cooking class"),
    ("you RSVP'd no to my best friend's wedding without asking me",
     "ask me before you decide about my best friend's wedding"),
    ("Your mum criticised my parenting at dinner and you just sat there.", "stand up for me"),
])
def test_an_accused_act_is_the_wanted_act(text: str, act: str) -> None:
    found = COMPOSER.missed_in(text)
    assert found is not None and found.act.lower() == act, found


# The request fits whether the thing comes again, happened once, or is still to be decided.
@pytest.mark.parametrize(("text", "asked", "never"), [
    ("u left my gig after two songs", "stay for the next one", r"\btonight\b"),
    ("you skipped my sister's engagement party to watch the match",
     "about my sister's engagement party tonight", r"\bnext\b"),
    ("you RSVP'd no to my best friend's wedding without asking me",
     "decide about my best friend's wedding together", r"\bnext\b"),
    ("You didn't visit me once while I was in hospital for my knee.", "tonight",
     r"\bnext time\b"),
    ("My husband missed our son's parents' evening because he 'lost track of time' at the "
     "pub.", "our son's parents' evening", r"next pub"),
])
def test_an_accused_act_gets_a_fitting_request(text: str, asked: str, never: str) -> None:
    opening = warmer(text)
    assert asked in opening.lower(), opening
    assert not re.search(never, opening, re.IGNORECASE), opening
    assert check(opening, source=text).hard_pass, opening


# Shapes read too narrowly once: a contraction read as a possessive, a screen as a gathering,
# quoted words as an act, a preposition as an act, a place given a "next one".
@pytest.mark.parametrize(("text", "asked", "never"), [
    ("you never even ask me about my dad's been since his stroke", "how my dad's been",
     r"dad has been|dad's been\?"),
    ("u were on ur phone the whole time at the party", "party", r"going to phones"),
    ("At your work dinner you made that joke about me being 'the reason we can't afford "
     "holidays', and everyone laughed.", "", r"afford"),
    ("u always have time for ur gym but never for our sunday lie ins anymore", "",
     r"you to for\b|you for our"),
    ("we was supposed to go to the garden centre sunday and you slept till 3", "garden centre",
     r"\bnext one\b|centre sunday"),
    ("We haven't eaten dinner together all week because you stay late at the office.",
     "dinner", r"next office|all week"),
    ("Why do I have to ask three times before you'll look at the damp in the bathroom?",
     "the damp in the bathroom", r"split the jobs"),
])
def test_their_own_shapes_are_kept_and_read_right(text: str, asked: str, never: str) -> None:
    opening = warmer(text)
    assert asked in opening.lower(), opening
    assert not re.search(never, opening, re.IGNORECASE), opening
    assert check(opening, source=text).hard_pass and not cut_off(opening), opening


@pytest.mark.parametrize(("text", "topic"), [
    ("ok so u went to the gig with jamie n didnt even ask if i wanted to come??", "included"),
    ("You laughed when your boss mocked my accent.", "support"),
    ("when i was in hosptal with the kidny stone you visted once for 10 mins", "support"),
    ("Wow, you held my hand at the cinema. Mark the calendar, first time since 2019.", "touch"),
    ("I should appreciate it if our Sunday walks were not routinely replaced by your overtime.",
     "time"),
    ("My partner agreed to host Christmas for his whole family without running it past me.",
     "planning"),
    ("Kindly note that the spare room was meant to be my studio, and it is now full of your "
     "bicycle parts.", "home"),
])
def test_the_concern_is_read_from_what_they_want_kept(text: str, topic: str) -> None:
    concern = detect_concern(text)
    assert concern is not None and concern.topic == topic, concern


@pytest.mark.parametrize("text", [
    "can we sit down this weekend and sort out the wet towels on the together?",
    "Could we plan it with the together this week?",
])
def test_a_determiner_before_together_is_cut_off(text: str) -> None:
    from server.rephrase.composer import cut_off
    assert cut_off(text)


@pytest.mark.parametrize(("text", "ours"), [
    ("we never have our movie nights anymore", "our movie nights"),
    ("you skipped our Sunday walk again", "our Sunday walk"),
    ("you told your friends about our money problems", None),
    ("you keep bringing up our issues in front of your mum", None),
])
def test_something_of_theirs_is_never_a_trouble(text: str, ours: str | None) -> None:
    """"I love {ours} with you, and I miss them" is said only of a thing they cherish."""
    assert ours_in(text).get("ours") == ours
