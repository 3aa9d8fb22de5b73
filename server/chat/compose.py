"""Compose a Talk reply around the article's answer: acknowledge, inform, invite.

The arc is the one scripted support tools that people rate well follow (reflect, inform,
invite). The acknowledgement reflects the person's own feeling word back, and only when
they share one; the article's answer is its own sentences, each a block quote with its
citation marker; connectives and the next step carry no claims of their own. Phrases are
data (prompts/talk.toml), chosen by a stable hash of the message.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer.vocabulary import (
    HER_NOUNS,
    HIS_NOUNS,
    PARTNER_NOUNS,
    content_words,
    fold,
    negates,
    words,
)
from server.chat.answer import QuestionKind
from server.errors import PromptError
from server.prompts import read_phrase_file, slots

FILE = "talk.toml"
KINDS: tuple[QuestionKind, ...] = ("say", "do", "why", "when", "normal", "how", "other")
SLOTS = frozenset({"word", "them", "partner", "opening", "missed", "source"})

# Feelings a message can share, most telling first, and the words that show them. A word
# counts only when the person says it of themselves (see `_owned`).
_DONT_KNOW = r"(?:don'?t|do not|idk)(?:\s+(?:even|really|honestly|just))? know what to do"
FEELINGS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern)) for key, pattern in (
        ("lonely", r"\b(?P<word>lonely|alone(?!\s+time)|isolated)\b"),
        ("missing", r"\b(?P<word>miss(?:es|ed|ing)?)\b(?!\s+out\b)"),
        ("missing_what", r"(?!x)x"),  # "missing" with a thing missed: see read_feeling
        ("strangers", r"\b(?P<word>room-?mates?|roomates?|flat-?mates?|house-?mates?|"
                      r"strangers?|co-?workers?|colleagues?)\b"),
        ("invisible", r"\b(?P<word>invisible|unseen|unwanted|unnoticed|ignored|unloved|rejected|"
                      r"unappreciated|taken for granted)\b"),
        ("hurt", r"\b(?P<word>hurt(?:s|ing)?(?!\s+(?:the|our|him|her|them|his|their|your|a|an|"
                 r"my|its|it|things|us)\b)|painful|heartbroken|crushed|cried|cry|crying|"
                 r"(?:stings?|stung)(?!\s+(?:him|her|them|his|their))|"
                 r"in tears)\b"),
        ("sad", r"\b(?P<word>sad|miserable|empty|numb|unhappy|gutted|devastated|depressed)\b"),
        ("distant", r"\b(?P<word>distant|disconnected|far apart|further apart|worlds apart|"
                    r"cut off|further|so far)(?:\s+(?:apart\s+)?from\b|\b)"),
        # A reach that was not met, told as what happened ("i tried to hug him and he
        # stiffened", "i reached for her hand and she pulled away"): see _REACH.
        ("rebuffed", r"(?!x)x"),
        # Something that mattered to them passed by the partner ("our anniversary came and
        # went and he didn't even mention it"), told as what the partner did not do.
        ("unnoticed", r"\b(?:he|she|they|my\s+(?:husband|wife|partner|boyfriend|girlfriend|"
                      r"bf|gf|hubby|fiance|fiancee))\s+(?:didn'?t|did\s+not|doesn'?t|does\s+not|"
                      r"never|hasn'?t|has\s+not|won'?t)\s+(?:even\s+|once\s+)?(?P<word>notice[ds]?|"
                      r"mention(?:s|ed)?|remember(?:s|ed)?|acknowledge[ds]?|"
                      r"ask(?:s|ed)?\s+(?:me\s+)?(?:about|how)|look(?:s|ed)?\s+up|"
                      r"(?:says?|said)\s+anything)\b(?=\s*(?:$|[.,;!?]|"
                      r"(?:it|my|our|me|anything|that\s+i|how\s+i|about\s+(?:my|our|it))\b))"),
        ("flat", r"\b(?P<word>flat|awkward|stale)\b"),
        ("scared", r"\b(?P<word>scared|afraid|terrified|worried|anxious|frightened|nervous|"
                   r"insecure|panic)\b"),
        ("guilty", r"\b(?P<word>guilty|ashamed|selfish)\b"),
        ("frustrated", r"\b(?P<word>frustrated|fed up|angry|resentful|irritated|annoyed|bitter|"
                       r"sick of|tired of)\b"),
        ("stressed", r"\b(?P<word>stressed|overwhelmed|stretched thin|under (?:so much )?"
                     r"pressure)\b"),
        ("tired", r"\b(?P<word>exhausted|drained|burnt out|burned out|worn out|knackered|"
                  r"shattered|tired)\b"),
        ("hopeless", r"\b(?P<word>hopeless|pointless|giving up|give up)\b"),
        # ("i've lost her" tells a loss, not being lost)
        ("lost", rf"\b(?P<word>lost(?!\s+(?:him|her|them|each|touch|us|our|the|my|his|their|"
                 rf"your|it|a|an|interest|weight|sleep)\b)|confused|stuck|{_DONT_KNOW})\b"),
    )
)
# "I feel like I'm living with a flatmate": a comparison the person makes of themselves.
LIKENED = frozenset({"strangers"})
# What "I miss ..." names when it is not a person: reflected back in their words.
_PERSON = re.compile(rf"(?:him|her|them|you|u|my\s+{PARTNER_NOUNS}|{PARTNER_NOUNS})\b")
_MISSED_END = re.compile(r"[.,;:!?()\n]|\s(?:but|because|cause|until|since|when|so|and i|"
                         r"and we|and he|and she)\b")
_REFLECT = {"i": "you", "me": "you", "my": "your", "mine": "yours", "we": "you", "us": "you",
            "our": "your", "ours": "yours", "i'm": "you're", "im": "you're", "we're": "you're",
            "i've": "you've", "we've": "you've", "myself": "yourself"}
_AS_WORD = {"sick of": "fed up", "tired of": "fed up", "further": "far", "so far": "far"}

# Who a feeling belongs to: the nearest person named before it, across words that only
# link a subject to how it feels ("I've been feeling so", "it makes me feel", "we're like").
_FIRST = frozenset("i i'm im i've ive i'd me myself we we're we've we'd us ourselves".split())
_EXPERIENCE = frozenset("it it's its this things everything life".split())  # "it feels so flat"
_OURS = frozenset("marriage relationship home house evenings weekends life".split())  # "our ..."
_LINKS = frozenset("""am is are was were be been being feel feels felt feeling get gets getting
    got become becoming became seem seems seemed seeming grow growing grown so really very too
    just always kind kinda of sort sorta pretty incredibly completely totally quite a bit little
    lot increasingly more like still also even lately now have has had constantly honestly
    literally basically utterly deeply make makes made making leave leaves left both all
    extremely super sometimes often mostly slightly somewhat rather fairly genuinely actually
    truly starting started ever tbh lowkey and or such""".split())
# Words that make the link a claim about a state ("I feel", "it's", "we've been").
_VERBS = frozenset("""am is are was were be been being feel feels felt feeling get gets getting
    got become becoming became seem seems seemed seeming grow growing grown make makes made
    making""".split())
_JOINED = frozenset("i'm im we're it's i've ive we've".split())  # the verb inside the word
_VERB_FEELING = re.compile(r"miss(?:es|ed|ing)?|hurt(?:s|ing)?|stings?|stung|cr(?:y|ied|ying)|"
                           r"panic|give up|"
                           rf"giving up|{_DONT_KNOW}")
_CLAUSE = re.compile(r"[.,;:!?()\n\u2014\u2013]+|\s-\s|\b(?:but|because|cause|cos|coz|when|"
                     r"whenever|if|though|although|while|since|until|unless|whether|that|than|"
                     r"says?|said|thinks?|thought|told)\b")
_STOP = re.compile(r"[.!?\n]")
# ("we've felt distant for years" is now: the present perfect lasts)
_PAST = re.compile(r"\b(?:was|were|had\s+been|used\s+to(?:\s+be|\s+feel)?)\b|"
                   r"(?<!'ve\s)(?<!ive\s)(?<!have\s)(?<!has\s)\bfelt\b")
_BACK_THEN = re.compile(r"\b(?:last\s+(?:year|month|summer|winter|spring|autumn|fall)|"
                        r"(?:years?|months?)\s+ago|back\s+then|at\s+the\s+time|in\s+20\d\d)\b")
_NOW = re.compile(r"\b(?:am|is|are|feel|feels|feeling|i'm|im|we're|it's|been|get|gets)\b")
_LASTS = re.compile(r"\b(?:still|these\s+days|lately|anymore|any\s+more|right\s+now|"
                    r"every\s+day|always)\b")
# (their shared time too: "weekends feel like catching up with a stranger")
_FEEL_LIKE = re.compile(r"\b(?:i|we|it|this|things|everything|life|home|weekends|evenings|"
                        r"nights|mornings|dinners?|our\s+\w+)\b(?:\s+\S+){0,2}?\s+"
                        r"(?:feel|feels|felt|feeling)\s+like\b")
# "scared of being alone": the feeling after a fear is what they fear, not what they feel.
_FEARED = re.compile(r"\b(?:scared|afraid|terrified|frightened|worried|anxious|nervous|fear|"
                     r"fears|feared|fearing|dread|dreading)\s+(?:of|about)\s+(?:(?:being|"
                     r"ending\s+up|feeling|becoming|getting|growing\s+old|staying)\s+)?$")
# Words inside quotation marks (curly ones are folded) are someone's speech ('he says "not
# now, i'm tired"').
_QUOTED = re.compile(r'"[^"\n]*"')
# A reach for the partner and how it was met, in one sentence: "tried" says it did not go as
# hoped on its own; any other reach needs the partner's pulling back or a "not" in the reply.
_REACH = re.compile(
    r"\b(?:i|we)\s+(?:\w+\s+)?(?P<verb>tried|try|reached|leaned|went|moved|asked|suggested|"
    r"offered|told|hugged|kissed|touched|held|took|texted|called|planned|invited|cuddled)\b"
    r"[^.!?;\n]{0,80}?\b(?:and|but)\s+(?P<them>he|she|they|my\s+\w+)\b(?P<reply>[^.!?;\n]*)")
# ... or told as what happens whenever they reach: "every time i try he's on his phone".
_EVERY_REACH = re.compile(
    r"\b(?:when|whenever|every\s+time|each\s+time|anytime|any\s+time)\s+(?:i|we)\s+(?:\w+\s+)?"
    r"(?P<verb>try|reach|ask|suggest|offer|hug|kiss|touch|text|call|plan|invite|lean|go\s+to)\b"
    r"[^.!?;\n]{0,60}?\b(?:he|she|they|he's|she's|they're|my\s+\w+)\b(?P<reply>[^.!?;\n]*)")
_PULLED_BACK = re.compile(
    r"\b(?:not|no|never|nothing|didn'?t|wouldn'?t|won'?t|doesn'?t|don'?t|isn'?t|wasn'?t|"
    r"pulled|pulls|pushed|stiffen\w*|flinch\w*|froze|freezes|shrug\w*|brush\w*|ignor\w*|"
    r"laugh\w*|roll\w*|turn\w* away|walk\w* (?:off|away|out)|mov\w* away|snap\w*|sigh\w*|"
    r"changed the subject|went quiet|went silent|rebuff\w*|reject\w*|dismiss\w*|busy|tired|"
    r"right here|fine|just\s+(?:said|says|shrugged|looked|nodded))\b")
_ANY_FEELING = re.compile("|".join(f"(?:{cue.pattern.replace('?P<word>', '')})"
                                   for _, cue in FEELINGS))


_HIM = re.compile(rf"\b(?P<noun>{HIS_NOUNS})\b|\b(?:he|him|his|he's)\b")
_HER = re.compile(rf"\b(?P<noun>{HER_NOUNS})\b|\b(?:she|her|hers|she's)\b")
_NOUN = {"bf": "boyfriend", "gf": "girlfriend", "hubby": "husband", "wifey": "wife",
         "fiance": "fiancé", "fiancee": "fiancée"}


@dataclass(frozen=True)
class TalkPhrases:
    """Everything a reply says that is not the article."""

    acknowledgements: dict[str, tuple[str, ...]]
    connectives: dict[str, tuple[str, ...]]
    next_steps: dict[str, tuple[str, ...]]

    @classmethod
    def load(cls, folder: Path) -> TalkPhrases:
        path = folder / FILE
        return parse(read_phrase_file(path), str(path))


# Next steps besides one per kind: an opening for "say" (or a question asking for the detail
# to build one from), and a practice step for one suggestion rather than several.
STEPS = ("opening", "opening_general", "ask_detail", "do_one", *KINDS[1:])


def parse(data: dict[str, Any], where: str) -> TalkPhrases:
    """Check and build TalkPhrases: every table complete, every slot known."""
    def table(name: str, keys: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
        found = data.get(name, {})
        missing = [k for k in keys if not found.get(k)]
        if missing:
            raise PromptError(f"{where}: [{name}] lacks {', '.join(missing)}")
        out = {}
        for key, variants in found.items():
            for v in variants:
                unknown = slots(v) - SLOTS
                if unknown:
                    raise PromptError(f"{where}: {name}.{key}: {v!r} uses unknown slots "
                                      f"{', '.join(sorted(unknown))}")
            out[key] = tuple(variants)
        return out

    return TalkPhrases(
        acknowledgements=table("acknowledgements", (*(k for k, _ in FEELINGS), "past")),
        connectives=table("connectives", (*KINDS, "second", "restated")),
        next_steps=table("next_steps", STEPS),
    )


@dataclass(frozen=True)
class Person:
    """What the message says about the person and their partner, for the reply's slots."""

    feeling: str | None  # a key of FEELINGS
    word: str  # their feeling word, as they wrote it (for "missing_what", what they miss)
    them: str  # "him", "her" or "them"
    partner: str  # "your husband", "your wife", "your partner"
    past: bool = False  # a feeling they had rather than have ("I was so depressed last year")


def _owned(low: str, start: int, end: int, likened: bool) -> bool:
    """Whether the feeling word at low[start:end] is the person's own: the nearest person
    named before it in its clause is "I" or "we" ("I've been feeling so alone", "it makes
    me feel invisible", "we're basically roommates"), or it is their experience ("it feels
    so flat"), or the clause starts with it ("so lonely lately"), or it is done to them
    ("he hurt me"). Not "alone" in "can we fix this alone?", not "lonely" in "my sister
    says her husband is lonely", not "I don't feel lonely"."""
    clause = max((m.end() for m in _CLAUSE.finditer(low, 0, start)), default=0)
    before = words(low[clause:start])
    after = words(low[end:end + 12])[:1]
    verb = bool(_VERB_FEELING.fullmatch(low[start:end]))  # "miss", "hurts": a verb itself
    if after and after[0] in ("me", "us") and not low[start:end].startswith("miss"):
        return True
    crossed_and = False
    for i in range(len(before) - 1, -1, -1):
        w = before[i]
        if negates(w):
            return False
        linked = verb or w in _JOINED or any(x in _VERBS for x in before[i + 1:])
        if w in _FIRST or w in _EXPERIENCE:
            return linked
        if w in _OURS and i > 0 and before[i - 1] in ("our", "my"):
            return linked
        if w in _LINKS or _ANY_FEELING.fullmatch(w):
            crossed_and = crossed_and or w == "and"
            continue
        if crossed_and:  # "we're mid house move and both knackered": the clause's subject
            return before[0] in _FIRST
        return likened and bool(_FEEL_LIKE.search(low, clause, start)) and not any(
            negates(x) for x in before)
    return True


def read_feeling(message: str) -> tuple[str | None, str]:
    """The first feeling (in FEELINGS order) the person says is theirs, and their word."""
    key, word, _ = _read_feeling(fold(message))
    return key, word


def felt_before(low: str, start: int) -> bool:
    """Whether the feeling word at low[start:] is told in the past ("I was so depressed
    last year", "I felt invisible back then"), with nothing saying it lasts ("still")."""
    clause = max((m.end() for m in _CLAUSE.finditer(low, 0, start)), default=0)
    sentence = max((m.end() for m in _STOP.finditer(low, 0, start)), default=0)
    end = re.search(r"[.!?\n]|$", low[start:])
    rest = low[sentence:start + (end.start() if end else 0)]
    told = low[clause:start]
    return bool(_PAST.search(told) or (_BACK_THEN.search(rest) and not _NOW.search(told))) and (
        not _LASTS.search(rest))


def _read_feeling(low: str) -> tuple[str | None, str, bool]:
    quoted = [m.span() for m in _QUOTED.finditer(low)]
    for key, cue in FEELINGS:
        if key == "rebuffed":
            if any(m.group("verb") in ("tried", "try") or _PULLED_BACK.search(m.group("reply"))
                   for m in (*_REACH.finditer(low), *_EVERY_REACH.finditer(low))):
                return key, "", False
            continue
        if key == "unnoticed":
            if any(not any(a < m.start() < b for a, b in quoted) for m in cue.finditer(low)):
                return key, "", False
            continue
        for m in cue.finditer(low):
            start = m.start("word")
            if any(a < start < b for a, b in quoted) or _FEARED.search(low, 0, start):
                continue
            if _owned(low, start, m.end("word"), key in LIKENED):
                past = felt_before(low, start)
                word = m.group("word").strip()
                if key == "missing":
                    after = low[m.end("word"):].lstrip()
                    if not _PERSON.match(after):
                        return "missing_what", _missed(after), past
                word = _AS_WORD.get(word, word)
                if key in LIKENED and not word.endswith("s"):
                    word += "s"  # "like a flatmate" is reflected as "like flatmates"
                return key, word, past
    return None, "", False


def _missed(after: str) -> str:
    """What they miss, up to the end of its clause, in the second person: "talking about
    anything else", "how you used to be"."""
    cut = _MISSED_END.search(after)
    tokens = (after[:cut.start()] if cut else after).split()[:8]
    return " ".join(_REFLECT.get(t, t) for t in tokens).strip() or "it"


def read_person(message: str, earlier: Sequence[str] = ()) -> Person:
    """The feeling the message shares (if any) and how it names the partner."""
    feeling, word, past = _read_feeling(fold(message))
    context = " ".join([*earlier, message])
    them, partner = "them", "your partner"
    for pronoun, cue in (("him", _HIM), ("her", _HER)):
        m = cue.search(fold(context))
        if m:
            them = pronoun
            noun = m.group("noun")
            partner = f"your {_NOUN.get(noun, noun)}" if noun else "your partner"
            break
    return Person(feeling, word, them, partner, past)


def _pick(variants: tuple[str, ...], seed: str) -> str:
    digest = hashlib.sha256(" ".join(fold(seed).split()).encode()).hexdigest()
    return variants[int(digest[:8], 16) % len(variants)]


_LOWER_I = re.compile(r"(?<![\w'’-])i(?=$|[\s,.;:!?'’])")
_SENTENCE_START = re.compile(r"(^|[.!?][”\"]?\s+|\n\s*)([“\"]?)([a-z])")


def sentence_case(text: str) -> str:
    """An opening built from the person's words, written as a sentence: its sentences begin
    with a capital and "i" is "I" ("i'd love for you to..." -> "I'd love for you to...")."""
    text = _LOWER_I.sub("I", text)
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2) + m.group(3).upper(), text)


def quote_block(quote: str, n: int) -> str:
    """An exact quote as a block quote with its marker: "> The article's words. [1]"."""
    return f"> {quote} [{n}]"


class Composer:
    """Builds the parts of a reply from the phrases."""

    def __init__(self, phrases: TalkPhrases) -> None:
        self.phrases = phrases

    def _fill(self, text: str, person: Person, **extra: str) -> str:
        out = text.format(word=person.word, them=person.them, partner=person.partner,
                          **({"opening": "", "missed": person.word, "source": "the article"}
                             | extra))
        return out[:1].upper() + out[1:]

    def acknowledgement(self, message: str, person: Person) -> str:
        """A reflection of the feeling they shared, or "" when they shared none."""
        if person.feeling is None:
            return ""
        key = "past" if person.past and person.feeling not in ("missing", "missing_what",
                                                              "strangers") else person.feeling
        return self._fill(_pick(self.phrases.acknowledgements[key], message), person)

    def connective(self, kind: QuestionKind, message: str, second: bool = False,
                   source: str = "the article") -> str:
        """What leads into a quote; `source` names where it is from ("the article", a
        document's title, "it" for a second quote from the same document)."""
        out = _pick(self.phrases.connectives["second" if second else kind], message).format(
            source=source)
        return out[:1].upper() + out[1:]

    def restated(self, message: str) -> str:
        """The lead-in for verified model sentences that follow the composed reply."""
        return _pick(self.phrases.connectives["restated"], message)

    def next_step(self, kind: QuestionKind, message: str, person: Person,
                  opening: str | None = None, suggestions: int = 1) -> str:
        """One next step, chosen by what was asked: an opening for words to say (said to be
        built from their words only when it shares a word with the message), "which of these
        feels doable" for things to do (`suggestions` quoted), a question back otherwise."""
        if kind == "say":
            key = "opening" if opening else "ask_detail"
            if opening and not set(content_words(opening)) & set(content_words(message)):
                key = "opening_general"  # nothing of theirs in it: never "your own words"
            return self._fill(_pick(self.phrases.next_steps[key], message), person,
                              opening=sentence_case(opening or ""))
        key = "do_one" if kind == "do" and suggestions < 2 else kind
        return self._fill(_pick(self.phrases.next_steps[key], message), person)
