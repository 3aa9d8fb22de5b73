"""The framing checker, rule by rule: rows that pass, rows that fail, and the traps between.

Rows come from the gentle start-up rubric (its pitfalls are the traps) and from the dev set.
"""

from __future__ import annotations

import pytest

from server.rephrase.framing import HARD_RULES, SOFT_RULES, check

GOOD = (
    "I've been missing our long talks. Lately it feels like we mostly pass each other in the "
    "evenings, and I want to feel close to you again. Could we take a walk after dinner tonight, "
    "phones at home?"
)


def rule(text: str, name: str, source: str | None = None) -> bool:
    return check(text, source=source).get(name).passed


# (text, passes)
LONGING = [
    ("I miss laughing with you.", True),
    ("I've been missing our long talks.", True),
    ("I'd love some time that's just ours.", True),
    ("I never want to lose what we have.", True),
    ("I never want to lose us.", True),
    ("I'd really like us to have more time together.", True),
    ("It would mean a lot to me to have dinner with you.", True),
    ("i miss u", True),
    ("I’ve been missing you.", True),  # curly apostrophe
    ("You never talk to me anymore.", False),
    ("I don't miss the arguments.", False),  # negated: not a longing
    ("Could we talk tonight?", False),
    ("I think you're inconsiderate.", False),
]

ABSOLUTES = [
    ("You never talk to me anymore.", False),
    ("You're always on your phone. Always.", False),
    ("ur never home", False),
    ("u never ask about my day", False),
    ("He never kisses me goodbye.", False),  # third person
    ("My wife is always 'too tired' for me.", False),
    ("Every time you get home you go straight to the TV.", False),
    ("THE ONLY TIME YOU TALK TO ME IS TO ASK WHAT'S FOR DINNER", False),
    ("You don't make me feel wanted. Ever.", False),  # the stand-alone "Ever."
    ("It's always about him.", False),
    ("You disappear into the garage every single night.", False),
    ("Not once did you ask.", False),
    ("I never want to lose us.", True),  # trap: the speaker, not the partner
    ("I know you don't always have energy at night.", True),  # trap: softened, not absolute
    ("I don't always have energy at night.", True),
    ("I always feel lucky when we talk.", True),
    ("I love you. Always.", True),
    ("We used to talk every single night.", True),  # no partner as subject
    ("I'll love you always.", True),  # "you" as the object
    ("I miss you but you never listen.", False),  # the object must not hide the subject
]

LABELS = [
    ("You're so selfish.", False),
    ("I think you're inconsiderate.", False),  # trap: starts with I, still a label
    ("He's a narcissist.", False),
    ("You're a terrible listener.", False),
    ("You're basically a ghost.", False),
    ("You're emotionally unavailable.", False),
    ("My husband treats me like a maid.", False),
    ("Can you stop being such a cold fish?", False),
    ("ur so lazy", False),
    ("You promised and then booked a work trip. Typical.", False),
    ("I wish you weren't so selfish.", False),
    ("I love our lazy Sundays.", True),  # trap: the word, not a label
    ("I know you've had a cold this week.", True),  # trap
    ("You're not lazy, you're exhausted.", True),  # trap: negated
    ("I've been lazy about planning dates too.", True),  # trap: self-reference
    ("You're so thoughtful.", True),  # positive labels are fine
    ("I miss our typical Sunday mornings.", True),
    ("I love the stories from when you were a child.", True),  # not "you were a child"
]

CONTEMPT = [
    ("Oh great, another night of you staring at Netflix.", False),  # sarcasm
    ("Love that for us.", False),
    ("Wow, thanks for remembering our anniversary. Oh wait, you didn't.", False),  # mock thanks
    ("Now I'm lucky if I get a thumbs-up emoji.", False),
    ("I miss when you actually cared.", False),  # backhanded
    ("What is wrong with you?", False),  # rhetorical attack
    ("Is it too much to ask for you to put the phone down?", False),
    ("Do you even notice when I'm upset?", False),
    ("Why can't you be more like Dan?", False),  # comparison
    ("You treat your Xbox better than you treat me lol", False),
    ("Tell him I'm sick of him choosing his mom over me.", False),
    ("She cares more about her friends than she does about me.", False),
    ("ur on ur phone. whatever. im done trying", False),  # ultimatum
    ("I'm so fucking tired of this.", False),  # profanity
    ("A ghost who leaves dishes in the damn sink.", False),
    ("PLEASE JUST LISTEN TO ME", False),  # shouting
    ("Thanks for finally noticing I exist.", False),  # mock thanks with "finally"
    ("Nice of you to actually show up for dinner.", False),
    ("Oh don't get up, I'll carry the bags in.", False),  # mock politeness
    ("Don't mind me, I just live here.", False),
    ("Thanks for making dinner, it was lovely.", True),  # sincere thanks
    ("It was so nice of you to cook tonight.", True),
    ("Wow, I've missed you so much.", True),  # sincere "wow"
    ("I loved it when you leaned over me and kissed my forehead.", True),  # "over me" trap
    ("I'd love a quiet night in with you, lol.", True),  # affectionate "lol"
    ("We watched TV and laughed.", True),  # two capitals are not shouting
    (GOOD, True),
]

FAUX = [
    ("I feel ignored and abandoned whenever you go out.", False),
    ("I'm so unappreciated here.", False),
    ("I've been feeling rejected lately.", False),
    ("im invisible to you", False),
    ("I feel like you don't even love me anymore.", False),  # thought as feeling
    ("I feel that you should know better.", False),
    ("You don't make me feel wanted.", False),
    ("You make me feel small.", False),
    ("I feel lonely.", True),
    ("I've been feeling disconnected lately.", True),  # speaker's state, no agent
    ("I don't want you to feel attacked.", True),  # caring, not faux
    ("I'm used to cooking on Sundays.", True),  # "used to" is not "used"
    ("I feel like we've drifted apart.", True),  # soft in the rubric, not hard
]

DEMANDS = [
    ("You need to put your phone away.", False),
    ("You have to start helping.", False),
    ("You should know how I feel.", False),
    ("You better call me.", False),
    ("I need you to listen.", False),
    ("I shouldn't have to beg for your attention.", False),
    ("u need to come home earlier", False),
    ("Do you have to work late tonight?", True),  # a question, not an order
    ("I'd love to get to know you better.", True),  # "you better" trap
    ("You don't have to answer right away.", True),
    ("Could we talk tonight?", True),
    ("You must be exhausted after this week.", True),  # empathy, not a demand
    ("Take whatever you need to rest.", True),
]

SECOND_PERSON = [
    ("My husband treats me like a maid.", False),
    ("He hasn't touched me in months.", False),
    ("Tell him I miss him.", False),
    ("I miss us.", False),  # no "you" at all
    ("I'm lonely in this marriage.", False),
    ("I miss you.", True),
    ("I love how you are with your mom; she adores you.", True),  # "she" is the mother
    ("i miss u", True),
]

LENGTH = [
    ("I miss you.", False),
    ("I miss you. Could we take a walk after dinner tonight, phones at home?", True),
    (" ".join(["I miss you."] * 31), False),  # 93 words
    (GOOD, True),
]

# (text, source, passes)
NEW_FACTS = [
    (GOOD, "You never talk to me anymore, we're basically roommates.", True),
    (
        "I miss you. Dan and I talked about us, and I want to feel close again. "
        "Could we take a walk tonight?",
        "You never talk to me.",
        False,  # a name in the body
    ),
    (
        "I miss our time together. I loved our trip to Lisbon, and I want more of that. "
        "Could we plan a weekend away?",
        "We never do anything fun.",
        False,  # a place and an event
    ),
    (
        "I miss you. Lately it's been 3 weeks since we talked. Could we talk tonight?",
        "You never talk to me.",
        False,  # a number
    ),
    (
        "I miss going on dates with you. Could we have a date night this Friday, just us?",
        "Why can't you be more like Dan? He actually takes Sarah on dates.",
        True,  # a suggested day inside the final request
    ),
    (
        "I miss going on dates with you. Would you be up for a date night on Friday, just us?",
        "Why can't you be more like Dan? He actually takes Sarah on dates.",
        True,
    ),
    (
        "I was really looking forward to going away with you this summer. "
        "Could we pick new dates this week?",
        "You promised we'd go away this summer and then booked a work trip instead.",
        True,  # "summer" is in the source
    ),
    (
        "I miss Sarah's dinners with you. Could we cook together tonight?",
        "You never cook with me.",
        False,
    ),
    (
        "I miss the two of us. Could we take a walk tonight, just you and me?",
        "You never talk to me.",
        True,  # "the two of us" is not a number
    ),
]

REQUESTS = [
    (GOOD, True),
    ("I miss you. Would you be up for a walk tonight?", True),
    ("I miss you and I'd love some time with you. Let's cook dinner together tonight.", True),
    ("I miss you. How about a movie night this weekend?", True),
    ("I miss you. What about a walk after dinner tonight?", True),
    ("I miss you and I want us to be closer.", False),  # no request
    ("I miss you. Can you stop being on your phone all the time?", False),  # negative
    ("I miss you. Could we have no more phones at dinner?", False),
    ("I miss you. Could you quit working so late?", False),
    ("I miss you. Don't you think we should talk?", False),
]

SPEAKER_OPENING = [
    ("I miss you.", True),
    ("Hey love, I miss you.", True),
    ("Lately I've been missing you.", True),
    ("We used to talk more.", True),
    ("You're always on your phone.", False),
]

SPECIFIC_REQUEST = [
    (GOOD, True),
    ("I miss you. Would you tell me how this lands for you?", True),  # NVC connection request
    ("I miss you. Could we have a hug before bed?", True),
    ("I miss you. Could you be more loving?", False),
    ("I miss you. Can we find our way back to each other?", False),
]

JARGON = [
    ("I miss you, and my bids for connection keep getting missed.", False),
    ("I feel triggered when you do that.", False),
    ("Our love languages are different.", False),
    (GOOD, True),
]

# (text, source, passes)
SELF_ERASURE = [
    ("I'm probably overreacting, but I miss you.", "You never talk to me.", False),
    ("Sorry for being needy, but could we talk?", "You never talk to me.", False),
    ("It's all my fault, I know.", "You never talk to me.", False),
    ("Maybe I'm overreacting, but I miss you.", "I'm probably overreacting, but I miss you.", True),
    (
        "I'm probably overreacting, but I miss you.",
        "I'm probably overreacting, but I miss you.",
        True,  # the person said it themselves
    ),
    (GOOD, "You never talk to me.", True),
]

ONE_ISSUE = [
    (GOOD, True),
    (
        "I miss you. Your phone, the dishes, your job and your mom all get more of you than "
        "I do. Could we talk tonight?",
        False,
    ),
    ("I miss you. Can we talk? Please? Tonight? After dinner? Just us?", False),  # 6 sentences
]


# Each rule and its table; a (text, source, passes) row checks the text against its source.
TABLES = {
    "longing": LONGING, "no_absolutes": ABSOLUTES, "no_labels": LABELS, "no_contempt": CONTEMPT,
    "no_faux_feelings": FAUX, "no_demands": DEMANDS, "second_person": SECOND_PERSON,
    "length": LENGTH, "no_new_facts": NEW_FACTS, "ends_with_request": REQUESTS,
    "speaker_opening": SPEAKER_OPENING, "specific_request": SPECIFIC_REQUEST,
    "no_jargon": JARGON, "no_self_erasure": SELF_ERASURE, "one_issue": ONE_ISSUE,
}
CASES = [(name, row[0], row[1] if len(row) == 3 else None, row[-1])
         for name, table in TABLES.items() for row in table]


@pytest.mark.parametrize(("name", "text", "source", "passes"), CASES)
def test_each_rule_on_its_table(name: str, text: str, source: str | None, passes: bool) -> None:
    assert rule(text, name, source) is passes


def test_every_rule_has_a_table() -> None:
    assert set(TABLES) == {name for name, _ in HARD_RULES + SOFT_RULES}


def test_no_new_facts_needs_a_source() -> None:
    assert rule("I miss Dan. Could we call him tonight?", "no_new_facts") is True



WHY = [
    ("longing", "Could we talk tonight?", None, "I miss"),
    ("no_absolutes", "You never talk to me anymore.", None, "You never"),
    ("no_labels", "You're so selfish.", None, "selfish"),
    ("no_contempt", "Oh great, another night of TV.", None, "Oh great"),
    ("no_faux_feelings", "I feel ignored when you go out.", None, "ignored"),
    ("no_demands", "You need to put your phone away.", None, "You need to"),
    ("second_person", "My husband treats me like a maid.", None, "My husband"),
    ("length", "I miss you.", None, "3 words"),
    ("no_new_facts", "I miss you. Dan said we should talk. Can we?", "You never talk.", "Dan"),
    ("ends_with_request", "I miss you and want us closer.", None, "last sentence"),
    ("speaker_opening", "You're always on your phone.", None, "You're always"),
    ("specific_request", "I miss you. Could you be more loving?", None, "vague"),
    ("no_jargon", "I feel triggered by that.", None, "triggered"),
    ("no_self_erasure", "I'm probably overreacting, but I miss you.", "x", "overreacting"),
    ("one_issue", "Your phone, the dishes, your job and your mom. Talk?", None, "chores"),
]


@pytest.mark.parametrize(("name", "text", "source", "quoted"), WHY)
def test_why_names_what_failed(name: str, text: str, source: str | None, quoted: str) -> None:
    result = check(text, source=source).get(name)
    assert not result.passed
    assert quoted in result.why, result.why


def test_every_rule_is_reported_with_a_reason() -> None:
    report = check(GOOD, source="You never talk to me anymore, we're basically roommates.")
    names = [r.rule for r in report.results]
    assert names == [n for n, _ in HARD_RULES] + [n for n, _ in SOFT_RULES]
    assert {r.rule for r in report.results if r.hard} == {n for n, _ in HARD_RULES}
    assert all(len(r.why.split()) >= 3 for r in report.results)
    assert report.hard_pass
    assert report.soft_score == 1.0
    assert report.failed() == []


def test_passing_longing_quotes_the_longing() -> None:
    assert "I've been missing" in check(GOOD).get("longing").why


@pytest.mark.parametrize(("text", "quoted"), [
    ("It would mean so much to me if you'd hold me. I miss you.", "would mean so much to me"),
    ("I miss you. It would mean so much to me if you'd hold me.", "I miss"),
])
def test_longing_quotes_the_first_longing(text: str, quoted: str) -> None:
    assert quoted in check(text).get("longing").evidence


def test_report_scores_and_json() -> None:
    report = check("You're so selfish. You never help.")
    assert not report.hard_pass
    failed = {r.rule for r in report.failed()}
    assert {"no_labels", "no_absolutes", "longing", "ends_with_request"} <= failed
    assert 0.0 <= report.soft_score < 1.0
    data = report.to_json()
    assert data["no_labels"]["pass"] is False
    assert "selfish" in str(data["no_labels"]["why"])
    assert set(data) == {r.rule for r in report.results}


@pytest.mark.parametrize(
    "text",
    [
        "You never talk to me anymore, we're basically roommates.",
        "You're so selfish. Everything is always about your job.",
        "ur never home and when u r ur on ur phone. whatever. im done trying",
        "He's a narcissist. It's always about him.",
        "Nothing. Forget it. It's fine.",
        "",
    ],
)
def test_complaints_fail_the_hard_rules(text: str) -> None:
    assert not check(text).hard_pass
