"""The framing checker: does a message to a partner open with longing rather than complaint?

Each rule is a small function over the text (the gentle start-up rubric: Gottman's
softened start-up, turned into checkable rules), with its patterns just above it as data
that can be read and extended. Matching is on a lower-cased copy with ’ folded to ', and
texting forms (u, ur, im, dont) are spelled out in the patterns, so every match maps back to
the writer's own words for the `why` text. These are surface rules: sarcasm carried by meaning
alone ("you look right through me") is for a judge, not for this module.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from indexer.vocabulary import (
    LAUGHTER,
    MY_PARTNER,
    NUMBER_WORDS,
    WEEKDAY,
    WEEKDAYS,
    fold,
    names,
    negates,
    split_sentences,
    words,
)

# --- vocabulary shared by several rules ----------------------------------------------------

YOU = r"(?:you|u)"

LETTER_RE = re.compile(r"[a-zA-Z]")


@dataclass(frozen=True)
class RuleResult:
    """The outcome of one rule, with one plain sentence saying why."""

    rule: str
    passed: bool
    why: str
    hard: bool
    evidence: str = ""  # the words in the text that decided it, in the writer's spelling


@dataclass(frozen=True)
class FramingReport:
    """Every rule's result for one text."""

    results: tuple[RuleResult, ...]

    @property
    def hard_pass(self) -> bool:
        return all(r.passed for r in self.results if r.hard)

    @property
    def soft_score(self) -> float:
        soft = [r for r in self.results if not r.hard]
        return sum(r.passed for r in soft) / len(soft) if soft else 1.0

    def failed(self) -> list[RuleResult]:
        return [r for r in self.results if not r.passed]

    def get(self, rule: str) -> RuleResult:
        for r in self.results:
            if r.rule == rule:
                return r
        raise KeyError(rule)

    def to_json(self) -> dict[str, dict[str, object]]:
        return {r.rule: {"pass": r.passed, "why": r.why} for r in self.results}


Verdict = tuple[bool, str, str]  # passed, why, evidence


@dataclass(frozen=True)
class _Text:
    """A text prepared once for all rules: the original, a same-length lower-case copy."""

    raw: str
    low: str
    sentences: tuple[tuple[int, int], ...]  # (start, end) offsets into raw and low
    source: str | None

    def quote(self, start: int, end: int) -> str:
        return self.raw[start:end].strip()

    def found(self, span: tuple[int, int], why: str, passed: bool = False,
              **more: str) -> Verdict:
        """The verdict on the words at `span`: `why` quotes them where it says {q}."""
        q = self.quote(*span)
        return passed, why.format(q=q, **more), q

    def sentence(self, i: int) -> str:
        start, end = self.sentences[i]
        return self.low[start:end]


def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Offsets of the sentences of `text` that contain a letter (emoji-only tails are dropped)."""
    return tuple((s, e) for s, e in split_sentences(text) if LETTER_RE.search(text[s:e]))


def _prepare(text: str, source: str | None) -> _Text:
    return _Text(raw=text, low=fold(text), sentences=sentence_spans(text), source=source)


def _overlapping(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Every match, one per start position: in "I miss you but you never listen" the skipped
    object "you" must not hide the subject "you" inside the same span."""
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        yield m
        pos = m.start() + 1


# --- hard rule: longing --------------------------------------------------------------------

SPEAKER = r"(?:i|i've|ive|i'd|id|i'm|im)"
LONGING = (
    r"miss(?:ed|ing)?|long(?:ing)? for|wish(?:ed)?|would love|love (?:to|for|some|more|a|an|it|you"
    r"|us|our|when|how|that|the|this|spending|being|having|talking)|hope|hoping"
    r"|like (?:us|to|more|for|it if|it when|having|spending)|want (?:us|more|some|our|you"
    r"|to (?:feel|be|spend|hear|lose|get|have|know|make|share|talk|lean|plan|build|go))"
    r"|would (?:really )?like (?:us|to|more|some|for)|crave|yearn\w*|treasure|cherish"
    r"|feel (?:so )?(?:lucky|grateful|close)"
    r"|need (?:some |more )?(?:closeness|connection|time with you|to feel|us)"
    r"|look(?:ing)? forward to|care about (?:you|us)"
)
LONGING_RE = re.compile(rf"\b{SPEAKER}\s+(?:[\w']+\s+){{0,3}}?(?:{LONGING})\b")
# Longing said without "I" as the subject.
LONGING_EXTRA_RE = re.compile(
    r"\b(?:(?:it )?would mean (?:so much|a lot|the world) to me|means? (?:so much|a lot|the world)"
    r" to me|matters? (?:so much |a lot )?to me)\b"
)


def _longing(t: _Text) -> Verdict:
    """The first longing in the text, said with "I" ("I miss…") or without ("it would mean
    so much to me…"), so the notes quote the one the reader meets first."""
    m2 = LONGING_EXTRA_RE.search(t.low)
    for m in _overlapping(LONGING_RE, t.low):
        if m2 and m2.start() < m.start():
            break
        span = t.low[m.start() : m.end()]
        tokens = span.split()
        negated = any(negates(w) or w == "longer" for w in tokens[1:-1])
        if negated and "never want to lose" not in span:
            continue
        return t.found(m.span(), "names a longing: '{q}'", passed=True)
    if m2:
        return t.found(m2.span(), "names what matters to you: '{q}'", passed=True)
    return False, "doesn't say what you long for (for example 'I miss…' or 'I'd love…')", ""


# --- hard rule: no_absolutes ---------------------------------------------------------------

# Who a complaint can be aimed at: the partner as "you", or talked about in the third person.
PARTNER_SUBJECT = (
    rf"(?:you|u|you're|youre|you've|youve|you'd|you'll|ur|he|she|he's|she's|they|they're"
    rf"|{MY_PARTNER})"
)
ABSOLUTE_RE = re.compile(
    rf"\b(?P<subj>{PARTNER_SUBJECT})\s+(?:[\w']+\s+){{0,2}}?(?P<abs>always|never|constantly|ever)\b"
)
ABSOLUTE_PHRASES = tuple(
    re.compile(p)
    for p in (
        rf"\bevery (?:single )?(?:time|night|day|weekend|morning|evening) {PARTNER_SUBJECT}\b",
        r"\ball (?:you|u|he|she) (?:ever )?(?:do|does|care about|cares about|want|wants"
        r"|think about|thinks about)\b",
        r"\bnot (?:even )?once\b",
        rf"\bthe only time {PARTNER_SUBJECT}\b",
        r"\b(?:it's|its|everything is|everything's) (?:always|never) about\b",
        r"\balways about (?:you|u|him|her|your|his|ur)\b",
        r"\bnever about (?:me|us)\b",
    )
)
# Only absolutes when the sentence is about the partner: "every single night" alone is fine.
ABSOLUTE_IF_PARTNER = re.compile(
    r"\bevery single (?:time|night|day|weekend|morning|evening)\b|\b24/7\b"
    r"|\bfor the (?:hundredth|millionth|thousandth|last) time\b"
)
PARTNER_IN_SENTENCE = re.compile(rf"\b{PARTNER_SUBJECT}\b|\b(?:him|her|his)\b")
STANDALONE_ABSOLUTE = re.compile(r"^(?:ever|never|always|not once|never ever)[.!?]*$")
# "you" as an object, not a subject: "I'll love you always".
OBJECT_VERBS = frozenset("love miss thank adore with to for about see like want need".split())


def _absolutes(t: _Text) -> Verdict:
    for m in _overlapping(ABSOLUTE_RE, t.low):
        before = t.low[: m.start()].split()
        if m.group("subj") in {"you", "u"} and before and before[-1].strip(",") in OBJECT_VERBS:
            continue
        inner = t.low[m.start() : m.end()].split()
        if m.group("abs") == "always" and len(inner) >= 2 and negates(inner[-2]):
            continue  # "you don't always have energy" softens rather than generalises
        if "never meant" in t.low[m.start() : m.end() + 6]:
            continue
        return t.found(m.span(), "'{q}' is an absolute aimed at your partner")
    for pat in ABSOLUTE_PHRASES:
        found = pat.search(t.low)
        if found:
            return t.found(found.span(), "'{q}' generalises about your partner")
    for i, (start, end) in enumerate(t.sentences):
        s = t.sentence(i)
        pattern = ABSOLUTE_IF_PARTNER.search(s)
        if pattern and PARTNER_IN_SENTENCE.search(s):
            return t.found((start + pattern.start(), start + pattern.end()),
                           "'{q}' turns one moment into a pattern about your partner")
        if STANDALONE_ABSOLUTE.match(s.strip()) and i > 0:
            prev = t.sentence(i - 1)
            if PARTNER_IN_SENTENCE.search(prev) and re.search(
                r"n't|\bnot\b|\bnever\b|\balways\b|\bno\b", prev
            ):
                return t.found((start, end),
                               "the stand-alone '{q}' makes a complaint into an absolute")
    return True, "no 'always' or 'never' aimed at your partner", ""


# --- hard rule: no_labels ------------------------------------------------------------------

YOU_ARE = r"(?:you're|youre|you are|ur|u r|u are|you r|you were|you've been|youve been)"
# Words that label a person. Comma-separated so multi-word labels read naturally.
LABEL_WORDS = tuple(
    w.strip()
    for w in """
    lazy, selfish, inconsiderate, useless, pathetic, cold, cold-hearted, heartless, narcissistic,
    toxic, immature, childish, controlling, clingy, needy, crazy, insane, psycho, psychotic,
    stupid, dumb, thoughtless, careless, irresponsible, ungrateful, manipulative, self-absorbed,
    self absorbed, self-centered, self-centred, self centered, clueless, worthless, disgusting,
    hopeless, boring, mean, cruel, rude, annoying, spoiled, spoilt, entitled, unbearable,
    impossible, ridiculous, arrogant, cheap, terrible, awful, horrible, the worst, lame,
    spineless, dense, oblivious, neglectful, insensitive, uncaring, unreliable, flaky,
    disrespectful, dismissive, fake, two-faced, passive-aggressive, passive aggressive,
    dead inside,
    bipolar, ocd, on the spectrum, emotionally unavailable, emotionally stunted, unavailable,
    narcissist, sociopath, psychopath,
    idiot, jerk, loser, liar, slob, child, baby, ghost, robot, moron, brat, coward, pig, tyrant,
    control freak, cold fish, workaholic, couch potato, deadbeat, mess, joke, nag, doormat,
    waste of space
    """.split(",")
)
# Longest first, so "cold fish" is reported rather than "cold".
LABELS = "|".join(
    [re.escape(w) for w in sorted(LABEL_WORDS, key=len, reverse=True)]
    + [
        r"(?:terrible|bad|awful|horrible|lousy|crap|crappy|shit|shitty|useless|poor) (?:listener"
        r"|husband|wife|partner|father|mother|dad|mom|boyfriend|girlfriend|person|lover"
        r"|communicator)"
    ]
)
LABEL_RE = re.compile(rf"\b(?:{LABELS})\b")
LABEL_SUBJECT = (
    rf"(?:{YOU_ARE}|he's|she's|he is|she is|he was|she was|they're|they are|{MY_PARTNER} is"
    rf"|{MY_PARTNER}'s)"
)
LABEL_HEDGES = (
    r"(?:so|such|being|just|basically|honestly|kind of|kinda|really|always|totally|completely"
    r"|an?|the|most|acting|acting like|a complete|a total|a real|pretty|too|very|literally"
    r"|emotionally|actually|truly|seriously|like|becoming|turning into|the most|an absolute)"
)
LABEL_PATTERNS = tuple(
    re.compile(p)
    for p in (
        rf"\b{LABEL_SUBJECT}\s+(?:{LABEL_HEDGES}\s+){{0,4}}(?:{LABELS})\b",
        rf"\b(?:you|u|he|she)\s+(?:[\w']+\s+){{0,3}}?being\s+(?:so |such an? |an? )?(?:{LABELS})\b",
        rf"\b(?:you|u|he|she) (?:weren't|wasn't|aren't|isn't|were|are|is) (?:so|such an?)"
        rf" (?:{LABELS})\b",
        r"\btreat(?:s|ed|ing)? me like (?:an? |the |some |his |her |your |their )?(?:maid|servant"
        r"|slave|doormat|child|kid|roommate|stranger|garbage|trash|dirt|nothing|afterthought"
        r"|housekeeper|nanny|cook|piece of)\b",
        r"\b(?:you|u) (?:absolute |complete |total |stupid |selfish |lazy |fucking )?"
        r"(?:narcissist|idiot|jerk|loser|liar|slob|moron|brat|coward|pig|psycho|sociopath)\b",
        r"\bjust like your (?:mother|father|mom|mum|dad)\b",
        r"\bwhat kind of (?:person|husband|wife|partner|man|woman|boyfriend|girlfriend)\b",
        r"\b(?:you|u|he|she) act(?:s|ing)? like (?:an? )?(?:child|baby|kid|teenager|toddler)\b",
        r"\btypical (?:you|him|her|man|woman|husband|wife|male)\b",
        r"\b(?:so|how) typical\b|\btypical of (?:you|him|her)\b",
    )
)
LABEL_OK_BEFORE = frozenset("when since as while back".split())
STANDALONE_LABEL = re.compile(r"^(?:typical|classic|pathetic|unbelievable)[.!?]*$")


def _labels(t: _Text) -> Verdict:
    for pat in LABEL_PATTERNS:
        for m in _overlapping(pat, t.low):
            before = t.low[: m.start()].split()
            if before and before[-1] in LABEL_OK_BEFORE:
                continue  # "stories from when you were a child"
            return t.found(m.span(),
                           "'{q}' labels your partner's character instead of describing a moment")
    for i, (start, end) in enumerate(t.sentences):
        if STANDALONE_LABEL.match(t.sentence(i).strip()):
            return t.found((start, end), "'{q}' passes judgment on your partner's character")
    return True, "no labels or diagnoses aimed at your partner", ""


# --- hard rule: no_contempt ----------------------------------------------------------------

# Each phrase is matched as whole words; families name the kind of contempt in the `why`.
CONTEMPT: dict[str, tuple[str, ...]] = {
    "sarcasm": (
        r"oh,? great",
        "thanks a lot",
        "thanks for nothing",
        "love that for us",
        "must be nice",
        "big surprise",
        "what a surprise",
        "real mature",
        r"oh,? wait",
        r"yeah,? right",
        "sure you (?:are|do|did)",
        "🙄",
        "😒",
        "/s",
        "shocker",
        "newsflash",
        "good luck with that",
        "(?:great|nice|good) job (?:forgetting|ignoring|not)",
        "stellar",
        "acts? like it'?s (?:totally |completely )?(?:normal|fine)",
        "talk(?:ing)? to (?:a|the) wall",
        "sure doesn'?t (?:look|seem|feel) like",
        "somehow (?:has|have|finds?|found) (?:the )?(?:time|energy)",
        "apparently",
        "(?:clearly|obviously) (?:you|u|he|she) (?:don'?t|doesn'?t|didn'?t)",
        "smh",
        "don'?t mind me",
        r"oh,? don'?t get up",
    ),
    "mock gratitude": (
        "(?:wow,? )?thanks? (?:you )?for (?:remembering|noticing|caring|asking|nothing|helping)",
        "thanks? (?:you )?(?:so much )?for (?:finally|actually|even|at last)",
        "(?:nice|good|sweet|kind) of (?:you|u) to (?:finally|actually|even|bother)",
        "thanks for listening",
        "i'?m lucky if",
        "(?:i'd|id) be lucky if",
        "for once",
        "at least try",
        "(?:when|if|that) (?:you|u|he|she) (?:actually|even|bothered?|bother)",
    ),
    "rhetorical attack": (
        "what(?:'s| is| the hell is| the heck is) wrong with (?:you|u)",
        "is it too much to ask",
        "how hard (?:is it|can it be)",
        "(?:do|does|did|can|could) (?:you|u|he|she) even",
        "why can'?t (?:you|u|he|she)",
        "why do (?:you|u) always",
        "why don'?t (?:you|u) ever",
        "who does that",
        "are you kidding",
        "are you serious",
        "what(?:'s| is) your problem",
        "what were you thinking",
        "would it kill (?:you|u)",
    ),
    "comparison": (
        "be more like",
        "more like (?:him|her|your)",
        "be (?:just )?like (?:him|her)",
        "be (?:just )?like your (?:brother|sister|dad|mom|mum|father|mother|friends?|ex)",
        "more [^.!?]{0,60}than (?:about |with |to |for )?(?:me|us)",
        "than (?:you|u|he|she) (?:do|does|did|treat|treats|care|cares) [^.!?]{0,20}me",
        "better than (?:you |u |he |she )?(?:treat|treats) me",
        r"(?:choos|chose|pick|prefer)\w* [^.!?]{1,40}over me",
    ),
    "threat": (
        "or else",
        "last chance",
        "(?:i'm|im|i am) (?:so )?done",
        "we're done",
        "i'?ll leave",
        "i'?m leaving",
        "i'?m out",
        "i give up",
        "done trying",
        "why i (?:even )?bother",
        "i'?ll (?:just )?shut up",
        "fed up",
        "sick (?:and tired )?of",
        "i'?m (?:so )?over (?:it|this|you)",
        "tired of (?:being|you|u|him|her|this|it|your)",
    ),
    "profanity": (
        r"f+u+c+k\w*",
        r"f\*+k\w*",
        r"shit\w*",
        "bullshit",
        r"damn\w*",
        r"goddamn\w*",
        "hell",
        "wtf",
        "ffs",
        r"bitch\w*",
        "bastard",
        r"asshole\w*",
        "ass",
        r"crap\w*",
        r"piss\w*",
        "stfu",
        "dick",
        "prick",
    ),
}
CONTEMPT_RE = tuple(
    (family, re.compile(r"(?<![\w'])(?:" + "|".join(phrases) + r")(?!\w)"))
    for family, phrases in CONTEMPT.items()
)
OVER_ME_RE = re.compile(r"\b(\w+) over me\b")
OVER_ME_OK = frozenset(
    "lean leans leaning leaned bend bending bent hover hovering all watch watching watched "
    "look looking looked fuss fussing fussed came come wash washed washes pass passed "
    "stand standing stood".split()
)
SHOUT_RE = re.compile(r"\b[A-Z][A-Z']*\b(?:[\s,]+\b[A-Z][A-Z']*\b){2,}")
LAUGH_RE = re.compile(rf"\b{LAUGHTER}\b")
NEGATIVE_CUE_RE = re.compile(
    r"\b(?:never|always|don'?t|doesn'?t|didn'?t|can'?t|won'?t|better than|instead|nothing"
    r"|zero|no one|nobody|ignore\w*|forgot|again)\b"
)
STANDALONE_DISMISSAL = re.compile(r"^(?:whatever|fine|sure|k|ok then|great)[.!?]*$")


def _contempt(t: _Text) -> Verdict:
    for family, pat in CONTEMPT_RE:
        m = pat.search(t.low)
        if m:
            return t.found(m.span(), "'{q}' reads as {family}, which is heard as contempt",
                           family=family)
    for m in OVER_ME_RE.finditer(t.low):
        if m.group(1) not in OVER_ME_OK:
            return t.found(m.span(), "'{q}' reads as comparison, which is heard as contempt")
    shout = SHOUT_RE.search(t.raw)
    if shout and len([w for w in shout.group().split() if len(w) > 1]) >= 2:
        return t.found(shout.span(), "'{q}' is in capitals, which reads as shouting")
    for i, (start, end) in enumerate(t.sentences):
        s = t.sentence(i)
        laugh = LAUGH_RE.search(s)
        if laugh and NEGATIVE_CUE_RE.search(s):
            return t.found((start + laugh.start(), start + laugh.end()),
                           "'{q}' after a complaint reads as mockery")
        if STANDALONE_DISMISSAL.match(s.strip()) and len(t.sentences) > 1:
            return t.found((start, end), "'{q}' dismisses your partner before they can answer")
    return True, "no sarcasm, put-downs, threats, swearing or shouting", ""


# --- hard rule: no_faux_feelings -----------------------------------------------------------

FAUX = (
    r"abandoned|abused|attacked|belittled|betrayed|blamed|bullied|cheated on|coerced|cornered"
    r"|critici[sz]ed|diminished|discounted|disrespected|dumped on|harassed|ignored|insulted"
    r"|interrupted|intimidated|invalidated|invisible|judged|left out|let down|manipulated"
    r"|misunderstood|neglected|overpowered|patroni[sz]ed|pressured|provoked|put down|rejected"
    r"|ripped off|smothered|taken advantage of|taken for granted|threatened|trampled|trapped"
    r"|tricked|unappreciated|unheard|unsupported|unwanted|used(?! to)|unloved|unseen|unimportant"
    r"|uncared for|replaceable|like (?:an? )?(?:maid|roommate|stranger|servant|doormat"
    r"|afterthought|option|ghost|burden|nobody|piece of furniture)|like nothing"
    r"|like i don'?t (?:matter|exist)"
)
FAUX_WORD_RE = re.compile(rf"\b(?:{FAUX})\b")  # anywhere: never an act or a fact to say back
FAUX_RE = re.compile(
    rf"\b(?P<subj>i|i'm|im|i've|ive|i am)\s+(?P<mid>(?:[\w']+\s+){{0,4}}?)(?P<faux>{FAUX})\b"
)
FAUX_LINKS = frozenset("feel feels felt feeling am 'm was been get got keep being".split())
AGENT_WORDS = frozenset("you u he she they ur your".split())
FEEL_THOUGHT_RE = re.compile(
    rf"\bi (?:just |really |often |sometimes |kind of )?(?:feel|felt)"
    rf" (?:(?:that|like|as if|as though) )?"
    rf"(?:{YOU}|he|she|they|ur|you're|youre|he's|she's|they're)\b"
)
MAKE_FEEL_RE = re.compile(
    r"\b(?:you|u|he|she|they)\s+(?:[\w']+\s+)?makes? me feel\b|\bmakes? me feel like\b"
)
PARTNER_AGENT_RE = re.compile(r"\b(?:isolated|disconnected|left out) by (?:you|u|him|her)\b")


def _faux_feelings(t: _Text) -> Verdict:
    for m in _overlapping(FAUX_RE, t.low):
        mid = m.group("mid").split()
        linked = m.group("subj") in {"i'm", "im", "i am"} or any(w in FAUX_LINKS for w in mid)
        if not linked or any(w in AGENT_WORDS for w in mid):
            continue
        return t.found(m.span(), "'{q}' names what your partner did ('{word}'), not what you feel",
                       word=t.quote(*m.span("faux")))
    for pat in (FEEL_THOUGHT_RE, MAKE_FEEL_RE, PARTNER_AGENT_RE):
        found = pat.search(t.low)
        if found:
            return t.found(found.span(),
                           "'{q}' is a thought about your partner dressed as a feeling")
    return True, "says what you feel without blaming words like 'ignored' or 'you make me feel'", ""


# --- hard rule: no_demands -----------------------------------------------------------------

DEMAND_RE = re.compile(
    rf"\b(?:{YOU}|he|she) (?:really |just |seriously |honestly )?(?:need to|needs to|have to"
    rf"|has to|gotta|got to|must(?! be\b| have been\b| feel\b)|should|better|ought to)\b"
    rf"|\b(?:you'd|youd|you had) better\b"
    rf"|\bi need (?:{YOU}|him|her) to\b|\bi (?:shouldn't|shouldnt|should not) have to\b"
)
DEMAND_OK_BEFORE = frozenset(
    "do did does if when whenever case know understand realise realize whatever anything".split()
)
# "to know you better" is a wish, not "you better".
BETTER_OK_BEFORE = frozenset("know understand hear see love treat support help like".split())


def _demands(t: _Text) -> Verdict:
    for m in _overlapping(DEMAND_RE, t.low):
        before = t.low[: m.start()].split()
        prev = before[-1].strip(",") if before else ""
        if prev in DEMAND_OK_BEFORE:
            continue  # "do you have to work late?" is a question, not an order
        if m.group().endswith("better") and prev in BETTER_OK_BEFORE:
            continue
        return t.found(m.span(), "'{q}' is a demand, which invites a 'no'")
    return True, "asks rather than demands", ""


# --- hard rule: second_person --------------------------------------------------------------

THIRD_PERSON = r"(?:he|she|he's|she's|his|him|her|hers|himself|herself)"
MY_PARTNER_RE = re.compile(rf"\b{MY_PARTNER}\b")
THIRD_PERSON_RE = re.compile(rf"\b{THIRD_PERSON}\b")
# Someone other than the partner whom he/she may refer to: "your mom... she".
THIRD_PARTY_RE = re.compile(
    r"\b(?:mom|mum|mother|dad|father|parents?|boss|brother|sister|son|daughter|baby|kid|child"
    r"|friend|friends|coworker|colleague|neighbou?r|in-laws?|aunt|uncle|grandma|grandpa|cousin"
    r"|therapist|doctor|teacher|guy|girl|man|woman|nephew|niece)\b"
)
YOU_RE = re.compile(r"\b(?:you|your|yours|yourself|you're|you've|you'd|you'll|u|ur)\b")


def _second_person(t: _Text) -> Verdict:
    m = MY_PARTNER_RE.search(t.low)
    if m:
        return t.found(m.span(), "'{q}' talks about your partner; speak to them as 'you'")
    pron = THIRD_PERSON_RE.search(t.low)
    if pron and not THIRD_PARTY_RE.search(t.low[: pron.start()]):
        return t.found(pron.span(), "'{q}' talks about your partner in the third person; say 'you'")
    if not YOU_RE.search(t.low):
        return False, "never says 'you', so it doesn't speak to your partner", ""
    return True, "speaks to your partner directly as 'you'", ""


# --- hard rule: length ---------------------------------------------------------------------

MIN_WORDS, MAX_WORDS = 12, 90


def _length(t: _Text) -> Verdict:
    n, bounds = len(words(t.raw)), f"({MIN_WORDS}-{MAX_WORDS})"
    if n < MIN_WORDS:
        return False, f"{n} words is too short to carry a wish and an invitation {bounds}", ""
    if n > MAX_WORDS:
        return False, f"{n} words is too long for an opening {bounds}", ""
    return True, f"{n} words, brief enough to hear in one go {bounds}", ""


# --- hard rule: no_new_facts ---------------------------------------------------------------

MONTHS = "january february march april june july august september october november december".split()
EVENTS = (
    "anniversary birthday wedding honeymoon vacation holiday holidays trip christmas "
    "thanksgiving valentine valentine's easter party funeral graduation promotion concert "
    "summer winter spring autumn".split()
)
FACT_WORDS = frozenset([*WEEKDAYS, *(d + "s" for d in WEEKDAYS), *MONTHS, *EVENTS]) | NUMBER_WORDS
NUMBER_RE = re.compile(r"\d+(?:[:/.]\d+)*(?:st|nd|rd|th|am|pm)?")


def fact_items(t: _Text, upto: int | None = None) -> list[tuple[str, str]]:
    """(normalised, as written) names, numbers, dates and events before offset `upto`."""
    end = len(t.raw) if upto is None else upto
    items = [(word, shown) for word, shown, _ in names(t.raw, end)]
    low = t.low[:end]
    for m in NUMBER_RE.finditer(low):
        items.append((m.group(), m.group()))
    for m in re.finditer(r"[a-z']+", low):
        w = m.group().removesuffix("'s")
        if w == "two" and low.startswith(" of us", m.end()):
            continue  # "the two of us" is not a number
        if w in FACT_WORDS:
            items.append((w, t.raw[m.start() : m.end()]))
    return items


def _new_facts(t: _Text) -> Verdict:
    if t.source is None:
        return True, "no source given to compare against", ""
    known = set(words(t.source)) | {w.removesuffix("'s") for w in words(t.source)}
    body_end = t.sentences[-1][0] if len(t.sentences) > 1 else 0
    for norm, shown in fact_items(t, body_end):
        if norm not in known and norm.rstrip("s") not in known:
            return False, f"'{shown}' isn't in what you wrote; it would add a new fact", shown
    return True, "adds no names, numbers, dates or events you didn't write", ""


# --- hard rule: ends_with_request ----------------------------------------------------------

REQUEST_RE = re.compile(
    r"\b(?:would|could|can|will) (?:you|u|we)\b|\bhow about\b|\bwhat if we\b"
    r"|\b(?:are|r) (?:you|u) up for\b|\bshall we\b|\blet'?s\b|\bwant to\b|\bwanna\b"
    r"|\bwould it be (?:ok|okay|alright)\b|\bwould you be (?:willing|up for|open)\b"
    r"|\bwhat about\b|\bmaybe we could\b|\bare (?:you|u) free\b"
)
LETS_RE = re.compile(r"^(?:\w+,\s+)?(?:so,?\s+)?let'?s\b")
NEGATIVE_REQUEST_RE = re.compile(
    r"\b(?:stop|quit|don'?t|dont|do not|no more|never again|never|stop being)\b"
)


def _last_sentence(t: _Text) -> tuple[str, str]:
    if not t.sentences:
        return "", ""
    start, end = t.sentences[-1]
    return t.low[start:end].strip(), t.quote(start, end)


def _ends_with_request(t: _Text) -> Verdict:
    low, shown = _last_sentence(t)
    if not low:
        return False, "there is no closing sentence to invite a reply", ""
    asks = REQUEST_RE.search(low) and low.endswith("?")
    if not asks and not LETS_RE.match(low):
        return False, f"the last sentence '{shown}' doesn't invite them to do something", shown
    neg = NEGATIVE_REQUEST_RE.search(low)
    if neg:
        return False, f"the closing request asks them to '{neg.group()}' rather than to do", shown
    return True, f"ends with an invitation they can say yes to: '{shown}'", shown


# --- soft rules: they rank the openings that pass the hard ones ----------------------------

GREETING = r"(?:hey|hi|hello|love|babe|baby|honey|sweetheart|sweetie|hun|darling|my love|dear)"
SPEAKER_OPENING_RE = re.compile(
    rf"^\s*(?:{GREETING}[,!]?\s+(?:(?:love|babe|you)[,!]?\s+)?|[a-z]+,\s+)?(?:(?:lately|recently"
    rf"|these days|honestly|so),?\s+)?(?:i|i'm|im|i've|ive|i'd|i'll|we|we've|we're|we'd"
    rf"|something i)\b"
)


def _speaker_opening(t: _Text) -> Verdict:
    first = t.sentence(0) if t.sentences else ""
    if SPEAKER_OPENING_RE.match(first):
        return True, "opens from your side ('I…' or 'We…')", ""
    q = " ".join(t.raw.split()[:3])
    return False, f"opens with '{q}' rather than with 'I' or 'we'", q


SPECIFIC_RE = re.compile(
    r"\b(?:tonight|tomorrow|this (?:week|weekend|evening|morning|afternoon|month|sunday|saturday"
    r"|friday)|after (?:dinner|work|the kids|breakfast|lunch)|before (?:bed|work)|once a week"
    rf"|{WEEKDAY}|\d+ minutes|(?:five|ten|fifteen"
    r"|twenty|thirty) minutes|an hour|walk|dinner|breakfast|lunch|coffee|phones? (?:away|down"
    r"|off|at home|in)|date|sit (?:down|together|with)|call|hug|cuddle|hold|plan|text|couch"
    r"|bed|movie|cook|weekend|calendar|evening|morning|hand|next (?:time|one|\w+))\b"
    r"|\btell me\b|\bhow (?:this|that|it) (?:lands|feels|sounds)\b|\bwhat you heard\b"
)


def _specific_request(t: _Text) -> Verdict:
    low, shown = _last_sentence(t)
    m = SPECIFIC_RE.search(low)
    if m:
        return True, f"the invitation is concrete: '{m.group()}'", m.group()
    return False, "the invitation is vague; name a time or a small act", shown


JARGON_RE = re.compile(
    r"\bfour horsemen\b|\bbids? for (?:connection|attention)\b|\battachment\b|\blove languages?\b"
    r"|\bneeds are(?:n't| not) being met\b|\bhold(?:ing)? space\b|\bvalidate me\b|\btriggered\b"
    r"|\bgaslight\w*|\bnarcissis\w*|\bcodependen\w*|\bemotionally unavailable\b|\bstonewall\w*"
    r"|\bsoft(?:ened)? start-?up\b|\bnonviolent communication\b|\btrauma bond\w*"
    r"|\bboundar(?:y|ies)\b"
    r"|\blove bomb\w*|\btoxic\b|\bemotional labou?r\b|\binner child\b"
)


def _jargon(t: _Text) -> Verdict:
    m = JARGON_RE.search(t.low)
    if m:
        return t.found(m.span(), "'{q}' is therapy jargon, which can sound scripted")
    return True, "plain words, no therapy jargon", ""


SELF_ERASURE_RE = re.compile(
    r"\bi'?m (?:probably |just |maybe )?(?:overreacting|being (?:silly|dramatic|needy|crazy|too"
    r" sensitive|stupid|unreasonable))\b|\bsorry (?:for|to be|about) (?:being )?(?:so )?(?:needy"
    r"|clingy|dramatic|a pain|annoying|a burden|bothering you)\b|\b(?:it's|its|it is) (?:all )?my"
    r" fault\b|\bi know i'?m (?:too much|needy|clingy|being)\b|\bmaybe it'?s just me\b"
    r"|\bthis is (?:probably )?(?:stupid|silly|dumb)\b|\bi don'?t deserve\b"
    r"|\bi'?m sorry to bother\b"
    r"|\bi'?m (?:probably )?asking (?:for )?too much\b"
)


def _self_erasure(t: _Text) -> Verdict:
    m = SELF_ERASURE_RE.search(t.low)
    hedges = {"probably", "just", "maybe", "so", "for", "to", "be", "about", "all"}
    if m and not (t.source and set(words(m.group())) - hedges <= set(words(t.source))):
        return t.found(m.span(), "'{q}' shrinks your own need")
    return True, "doesn't shrink your own need", ""


ISSUE_TOPICS: dict[str, str] = {
    "screens": r"\b(?:phones?|screens?|tv|netflix|xbox|gaming|games?|scroll\w*|laptop)\b",
    "chores": r"\b(?:dishes|chores?|laundry|cleaning|cooking|housework|sink|trash|groceries)\b",
    "work": r"\b(?:work|job|office|boss|overtime)\b",
    "family": r"\b(?:mom|mum|mother|dad|father|in-laws?|parents)\b",
    "intimacy": r"\b(?:sex|touch\w*|kiss\w*|intima\w*)\b",
    "money": r"\b(?:money|bills|spend\w*|budget|debt)\b",
    "friends": r"\b(?:friends|the guys|the girls)\b",
}
ISSUE_TOPIC_RES = {k: re.compile(v) for k, v in ISSUE_TOPICS.items()}
MAX_SENTENCES = 5


def _one_issue(t: _Text) -> Verdict:
    topics = sorted(k for k, pat in ISSUE_TOPIC_RES.items() if pat.search(t.low))
    if len(topics) >= 3:
        return False, f"raises several issues at once ({', '.join(topics)})", ""
    if len(t.sentences) > MAX_SENTENCES:
        return False, f"{len(t.sentences)} sentences; one issue fits in fewer", ""
    return True, "sticks to one issue", ""


Rule = Callable[[_Text], Verdict]

HARD_RULES: tuple[tuple[str, Rule], ...] = (
    ("longing", _longing),
    ("no_absolutes", _absolutes),
    ("no_labels", _labels),
    ("no_contempt", _contempt),
    ("no_faux_feelings", _faux_feelings),
    ("no_demands", _demands),
    ("second_person", _second_person),
    ("length", _length),
    ("no_new_facts", _new_facts),
    ("ends_with_request", _ends_with_request),
)
SOFT_RULES: tuple[tuple[str, Rule], ...] = (
    ("speaker_opening", _speaker_opening),
    ("specific_request", _specific_request),
    ("no_jargon", _jargon),
    ("no_self_erasure", _self_erasure),
    ("one_issue", _one_issue),
)
# The rules that catch harshness in a phrase, whatever its length or addressee.
HARSHNESS_RULES = ("no_absolutes", "no_labels", "no_contempt", "no_faux_feelings", "no_demands")


def check(text: str, source: str | None = None) -> FramingReport:
    """Run every rule on `text`; `source` (the person's own words) enables the new-facts rule."""
    t = _prepare(text, source)
    results = [
        RuleResult(name, passed, why, hard, evidence)
        for rules, hard in ((HARD_RULES, True), (SOFT_RULES, False))
        for name, rule in rules
        for passed, why, evidence in [rule(t)]
    ]
    return FramingReport(tuple(results))
