"""The concrete thing a person misses, taken from their own words and reshaped for an opening.

"He hasn't kissed me goodbye in months" misses *you kissing me goodbye*; "we only talk about
bills" misses *talking about more than bills*; "I'm the only one who plans anything" misses
*both of us planning things*. The article's second principle is "Be specific about what
you're missing", so the opening names that thing and the request asks for its small, doable
version ("Would you kiss me goodbye tomorrow morning?").

Reading is by sentence patterns, not by phrasing lists: a verb phrase after "used to",
"hasn't ... in months", "never ... anymore", "the only one who", a sarcastic "thanks for
finally ...", a rhetorical "do you even ...", "I'll just ... alone" and a few more. The verb
phrase is put into the base form from the partner's side ("kissed me goodbye" -> "kiss me
goodbye", "his keys" -> "your keys") and refused when it carries a name, a third party, a
label, a negation, or a feeling word rather than an act. A refused or missing phrase means
no detail, never a guessed one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from indexer.vocabulary import (
    MY_PARTNER,
    PARTNER_OR_THEY,
    STOP_WORDS,
    WEEKDAY,
    WEEKDAY_PLURAL,
    names,
    spell_out,
    split_sentences,
)
from server.rephrase import framing
from server.rephrase.concern import TOPIC_CUE_RES
from server.rephrase.framing import THIRD_PARTY_RE

# Whose act it is: "you" (the partner), "we", "both" (I do it alone), "me" (I want it),
# "thing" (something of theirs: "your attention"), "feel" (a way they made me feel: "wanted").
Who = str
WHO = ("you", "we", "both", "me", "thing", "feel")
WHO_MARKERS = frozenset(f"by_{who}" for who in WHO)
# The slots and markers a phrase about the missed thing may use (prompts/gently.toml).
# How the act was missed (server/rephrase/story.py): a negated act, a thing forgotten, an act
# forgotten, a promise, something asked for, a plan made without asking, everyone but me.
KINDS = ("missed", "forgot", "forgot_to", "promised", "asked", "before", "too")
KIND_MARKERS = frozenset(f"kind_{kind}" for kind in KINDS)
MISSED_KEYS = WHO_MARKERS | KIND_MARKERS | frozenset(
    "act act_then act_ing act_ing_with act_now act_now_ing act_with when used_to act_past "
    "act_next act_next_one event frame one_moment one_off once_past there_for".split())
# Being there for a thing of theirs: "come to my recital", "be at the hospital by 6 for my scan".
THERE_FOR_RE = re.compile(r"^(?:come|go|be|show up|turn up|attend|stay)\b.*?\b(?:to|at|for) "
                          r"(?P<np>(?:my|our) (?:[a-z]+'s )?(?:[a-z]+ ){0,2}[a-z]+)$")

PAST_MARKERS = re.compile(
    r"\b(?:anymore|any more|no longer|used to|in (?:[a-z0-9]+ )?(?:days|months|weeks|ages"
    r"|years|forever)|in (?:a while|so long|a long time)|for (?:[a-z0-9]+ )?(?:months|weeks"
    r"|ages|years)|for a while|since|these days)\b"
)
# Acts too tender to name back as a plain verb ("have sex"): the topic's own phrases, which
# carry the detail gently, speak for them.
TENDER_RE = re.compile(r"\bsex\w*|\bintima\w*|\bmake love\b|\bnaked\b|\bin bed with\b")


# Verbs that name a feeling or a judgment, not something a person does: never the detail.
NOT_ACTS = frozenset(
    """love like want need feel think know understand mean seem matter exist care bother
    deserve hate mind realise realize believe wish hope expect let treat act pretend""".split()
)
# Words a verb phrase does not start with: what follows them is not an act ("so busy").
FIRST_WORD_NOT_VERB = (STOP_WORDS - {"do", "be", "have", "get"}) | frozenset(
    "so really very totally even ever just still also always never not home".split()
)
HYPERBOLE_OBJECTS = ((r"\bi exist\b", "me"), (r"\bi'm alive\b", "me"), (r"\bi'm here\b", "me"),
                     (r"\bi'm even here\b", "me"), (r"\bi'm in the room\b", "me"))
FILLERS = re.compile(r"^(?:even|ever|actually|really|just|once|still|always|like|so|at least"
                     r"|basically|practically|literally|pretty much|kind of|usually)\s+")
# Verbs that can stand alone as the thing missed ("listen", "laugh"); any other act needs an
# object or a place ("notice" alone, "have" alone say nothing concrete).
ALONE_OK = frozenset("listen laugh talk help cuddle dance call text visit flirt".split())
# Acts too vague to ask for: said back, they are the complaint again ("make an effort").
VAGUE_RE = re.compile(r"^(?:make (?:an |any |more |some )?effort|try(?: harder| more)?(?:$| for me)"
                      r"|care|bother|be (?:nicer|better|there(?! (?:from|at|by|for (?:my|our|your"
                      r"|the))))|change(?:$| for me)|do better"
                      r"|pay attention)\b")  # "try the new ramen place" is an act
# Doing these "alone" is a state, not a shared act to ask for.
NOT_SHARED = frozenset("live feel sleep be cry wait".split())
FREQUENCY = re.compile(
    r"\s*\b(?:all night|all day|all the time|every (?:single )?(?:day|night|morning|evening"
    rf"|time|weekend|week|{WEEKDAY})"
    rf"|on (?:{WEEKDAY_PLURAL}|weekends)"
    r"|each (?:day|night|morning)|for hours|constantly|24/7|like crazy)\b",
    re.IGNORECASE,
)
ADJ_THINGS = frozenset("fun nice romantic special new sweet spontaneous exciting kind".split())
TOGETHER_RE = re.compile(r"\s*\b(?:together|with you|with each other)\b")

# --- a little English morphology ---------------------------------------------------------------
IRREGULAR_PAST = {
    "been": "be", "was": "be", "were": "be", "done": "do", "did": "do", "gone": "go", "went": "go",
    "had": "have", "said": "say", "told": "tell", "held": "hold", "taken": "take", "took": "take",
    "given": "give", "gave": "give", "made": "make", "seen": "see", "saw": "see",
    "brought": "bring", "bought": "buy", "thought": "think", "sat": "sit", "kept": "keep",
    "left": "leave", "sent": "send", "spent": "spend", "slept": "sleep", "felt": "feel",
    "met": "meet", "eaten": "eat", "ate": "eat", "written": "write", "wrote": "write",
    "driven": "drive", "drove": "drive", "shown": "show", "known": "know", "got": "get",
    "gotten": "get", "come": "come", "came": "come", "run": "run", "ran": "run", "put": "put",
    "let": "let", "read": "read", "sung": "sing", "sang": "sing", "danced": "dance",
    "laid": "lay", "lain": "lie", "lay": "lie", "fallen": "fall", "fell": "fall",
    "woken": "wake", "woke": "wake", "stood": "stand", "heard": "hear", "found": "find",
    "paid": "pay", "asked": "ask", "surprised": "surprise", "hugged": "hug",
    "hung": "hang", "built": "build", "won": "win", "lost": "lose", "began": "begin",
    "taught": "teach", "caught": "catch", "stuck": "stick", "knew": "know", "forgot": "forget",
    "lit": "light", "fed": "feed", "led": "lead", "wore": "wear", "threw": "throw", "grew": "grow",
    "drew": "draw", "flew": "fly", "chose": "choose", "broke": "break", "spoke": "speak",
    "rode": "ride", "sold": "sell", "hid": "hide", "fought": "fight", "forgave": "forgive",
    "dug": "dig",
}
IRREGULAR_S = {"does": "do", "has": "have", "goes": "go", "is": "be", "says": "say"}
NO_ED = frozenset("need feed bleed speed seed bed red wed shed exceed proceed succeed "
                  "indeed weed bred fed led sled".split())
VOWELS = "aeiou"


SIMPLE_PAST = {"be": "were", "do": "did", "go": "went", "have": "had", "say": "said",
               "tell": "told", "hold": "held", "take": "took", "give": "gave", "make": "made",
               "see": "saw", "bring": "brought", "buy": "bought", "think": "thought",
               "sit": "sat", "keep": "kept", "leave": "left", "send": "sent", "spend": "spent",
               "meet": "met", "eat": "ate", "write": "wrote", "drive": "drove", "show": "showed",
               "know": "knew", "get": "got", "come": "came", "run": "ran", "put": "put",
               "let": "let", "read": "read", "sing": "sang", "fall": "fell", "wake": "woke",
               "stand": "stood", "hear": "heard", "find": "found", "pay": "paid",
               "stick": "stuck", "teach": "taught", "catch": "caught", "feel": "felt",
               "dig": "dug",
               "lend": "lent", "win": "won", "ring": "rang", "wish": "wished", "set": "set",
               "cut": "cut", "hit": "hit", "shut": "shut", "hang": "hung", "lose": "lost",
               "build": "built", "forget": "forgot", "begin": "began", "swim": "swam",
               "feed": "fed", "lead": "led", "sleep": "slept", "wear": "wore", "throw": "threw",
               "grow": "grew", "draw": "drew", "fly": "flew", "choose": "chose", "break": "broke",
               "speak": "spoke", "ride": "rode", "sell": "sold", "forgive": "forgave",
               "shake": "shook", "hide": "hid", "light": "lit", "fight": "fought"}


def past_tense(base: str) -> str:
    """"ask" -> "asked", "come" -> "came", "hug" -> "hugged", "carry" -> "carried"."""
    if base in SIMPLE_PAST:
        return SIMPLE_PAST[base]
    if base.endswith("e"):
        return base + "d"
    if base.endswith("y") and len(base) > 2 and base[-2] not in VOWELS:
        return base[:-1] + "ied"
    if (_syllables(base) == 1 and len(base) >= 3 and base[-1] not in VOWELS + "wxy"
            and base[-2] in VOWELS and base[-3] not in VOWELS):
        return base + base[-1] + "ed"
    return base + "ed"


def past_phrase(act: str) -> str:
    """"ask me about my book club" -> "asked me about my book club"."""
    head, _, rest = act.partition(" ")
    return f"{past_tense(head)} {rest}".strip()


def _syllables(word: str) -> int:
    return len(re.findall(r"[aeiouy]+", word.rstrip("e"))) or 1


def _restore_e(stem_: str) -> str:
    """"lik" -> "like", "danc" -> "dance", "appreciat" -> "appreciate"; "walk" stays."""
    if len(stem_) >= 2 and stem_[-1] == stem_[-2] and stem_[-1] not in "lsfz":
        return stem_[:-1]  # "hugg" -> "hug"
    if stem_.endswith(("c", "v", "z", "iz", "is", "us", "g")) and not stem_.endswith(
            ("ng", "gg")):
        return stem_ + "e"
    if stem_.endswith("at") and _syllables(stem_) > 1:
        return stem_ + "e"
    if (_syllables(stem_) == 1 and len(stem_) >= 3 and stem_[-1] not in VOWELS + "wxy"
            and stem_[-2] in VOWELS and stem_[-3] not in VOWELS):
        return stem_ + "e"  # "hop" -> "hope", "car" -> "care", "tak" -> "take"
    return stem_


def base_of_past(word: str) -> str:
    """The base form of a past tense or participle: "kissed" -> "kiss", "held" -> "hold"."""
    if word in IRREGULAR_PAST:
        return IRREGULAR_PAST[word]
    if word in NO_ED or not word.endswith("ed") or len(word) < 4:
        return word
    if word.endswith("ied") and len(word) > 4:
        return word[:-3] + "y"
    stem_ = word[:-2]
    if stem_.endswith("e"):  # "freed", "agreed"
        return stem_
    return _restore_e(stem_)


def base_of_s(word: str) -> str:
    """The base form of a third-person present: "kisses" -> "kiss", "tries" -> "try"."""
    if word in IRREGULAR_S:
        return IRREGULAR_S[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zzes", "oes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def base_of_ing(word: str) -> str:
    """The base form of a gerund: "noticing" -> "notice", "sitting" -> "sit"."""
    special = {"being": "be", "lying": "lie", "dying": "die", "seeing": "see", "doing": "do",
               "going": "go", "having": "have", "eating": "eat", "texting": "text"}
    if word in special:
        return special[word]
    if not word.endswith("ing") or len(word) < 5:
        return word
    return _restore_e(word[:-3])


def gerund(base: str) -> str:
    """"kiss" -> "kissing", "sit" -> "sitting", "make" -> "making", "be" -> "being"."""
    special = {"be": "being", "see": "seeing", "lie": "lying", "die": "dying", "tie": "tying"}
    if base in special:
        return special[base]
    if base.endswith("ie"):
        return base[:-2] + "ying"
    if base.endswith("e") and not base.endswith(("ee", "ye", "oe")) and len(base) > 2:
        return base[:-1] + "ing"
    if (_syllables(base) == 1 and len(base) >= 3 and base[-1] not in VOWELS + "wxy"
            and base[-2] in VOWELS and base[-3] not in VOWELS):
        return base + base[-1] + "ing"
    return base + "ing"


# --- the result ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Missed:
    """What the person misses, as an act in base form from the partner's side."""

    who: Who  # one of WHO
    act: str  # "kiss me goodbye", "stay up all night talking", "your attention"
    past: bool  # their words say it used to happen ("used to", "anymore", "in months")
    request: str  # the small, doable version to ask for; "" when there is none
    quote: str  # the words in the input it came from
    kind: str = ""  # how it was missed (KINDS), when read by server/rephrase/story.py
    next: str = ""  # the act as the next time: "come to my kid's next recital"
    event: str = ""  # the event of theirs as the next one: "my kid's next recital"
    frame: str = ""  # the moment around it: "when I get home from night shifts"
    moment: bool = False  # it was one moment ("you didn't", "you forgot"), not a habit
    # an event that happens once ("my grandmother's funeral"): "past" when it is over (the
    # request asks about it tonight, never about a next one), "coming" when it is ahead
    once: str = ""

    @property
    def label(self) -> str:
        """How the notes name it: "kissing me goodbye", "your attention"."""
        if self.who == "thing":
            return self.act
        if self.who == "feel":
            return f"feeling {self.act} by you"
        return _gerund_phrase(self.act)

    def slots(self, when: str) -> dict[str, str]:
        """Phrase slots and markers for the composer (see prompts/gently.toml)."""
        plain = in_present(FREQUENCY.sub("", self.act).strip() or self.act)  # not "every day"
        out = {"act": plain, "act_then": self.act, "act_ing": _gerund_phrase(plain),
               f"by_{self.who}": ""}
        if self.who in {"thing", "feel"}:
            out["act_ing"] = self.label
        if self.past:
            out["used_to"] = ""
        if self.request:
            out["act_now"] = self.request
            out["act_now_ing"] = _gerund_phrase(self.request)
            out["when"] = when
            if self.who == "we":
                out["act_with"] = TOGETHER_RE.sub("", self.request) + " with me"
        if self.who == "we" and not TOGETHER_RE.search(self.act):
            out["act_ing_with"] = self.label + " with you"
        if self.who == "you":
            out["act_past"] = past_phrase(plain)
        if self.kind:
            out[f"kind_{self.kind}"] = ""
        if self.moment:
            out["one_moment"] = ""
        if self.next:
            out["act_now"] = self.next
            out["act_now_ing"] = _gerund_phrase(self.next)
            if self.event:
                out["act_next"] = self.next
                out["when"] = ""  # "my kid's next recital" says when
                out["event"] = self.event
                out["act_next_one"] = self.next.replace(self.event, "the next one")
        if self.frame:
            out["frame"] = self.frame
        there = THERE_FOR_RE.match(plain.lower())
        if there and self.who == "you":  # "I'd love you to be there for my recital"
            out["there_for"] = restore_case(there.group("np"), plain)
        if self.event and "event" not in out:
            out["event"] = self.event
        if self.moment and out.get("when") and self.kind not in {"promised", ""}:
            out["when"] = "next time"  # one moment: ask about the next one
        if self.once and self.request:
            out["when"] = "tonight" if self.once == "past" else ""
            out["one_off"] = ""
            if self.once == "past":
                out["once_past"] = ""  # a wish for it is said as what was hoped for
        return out


def _gerund_phrase(act: str) -> str:
    """"sit and talk with me" -> "sitting and talking with me"."""
    head, _, rest = act.partition(" ")
    second = re.match(r"and (\w+)\b", rest)
    if second and second.group(1) not in STOP_WORDS:
        rest = f"and {gerund(second.group(1))}{rest[second.end():]}"
    return f"{gerund(head)} {rest}".strip()


def to_you(phrase: str) -> str:
    """Third-person words about the partner, as "you": "grabs his keys" -> "grabs your keys"."""
    out = re.sub(r"\b(?:his|their)\b", "your", phrase)
    out = re.sub(r"\b(?:himself|herself|themselves)\b", "yourself", out)
    out = re.sub(r"\bher\b(?= [a-z]{3,})(?! (?:to|for|with|about|at|on|in|when|while|and)\b)",
                 "your", out)
    return re.sub(r"\b(?:him|her|them)\b", "you", out)


# The base form of a verb phrase's head, by the form a pattern finds it in.
BASE_OF: dict[str, Callable[[str], str]] = {
    "base": lambda word: word, "past": base_of_past, "s": base_of_s, "ing": base_of_ing,
    "alone": lambda word: base_of_past(base_of_s(word)),  # "eat alone", "went to bed alone"
}


def clean_vp(vp: str, form: str) -> str:
    """A verb phrase in `form` (a key of BASE_OF) as a plain act in the base form, without
    fillers, counts and times: "even bothered to text me back last night" -> "text me back"."""
    vp = " ".join(vp.split())
    while FILLERS.match(vp):
        vp = FILLERS.sub("", vp, count=1)
    vp = re.sub(r"^(?:wants?|wanted|bothers?|bothered|seems?|seemed|tries|tried|try) to ", "",
                vp)  # "never wants to do things with me" misses doing them
    head, _, rest = vp.partition(" ")
    head = BASE_OF[form](head)
    if head == "be" and re.match(r"(?:on|to|out)\b", rest):
        head = "go"  # "haven't been on a date" misses going on one
    vp = f"{head} {rest}".strip()
    for pat, repl in HYPERBOLE_OBJECTS:
        vp = re.sub(pat, repl, vp)
    vp = re.sub(r"\b(?:a single|one) word (?:i say|i said)\b", "me", vp)
    vp = re.sub(r"\ba single\b", "a", vp)
    vp = re.sub(r"\bevery (?:single )?(?!(?:day|night|time|morning|evening|week|weekend"
                rf"|{WEEKDAY})\b)"
                r"(\w+(?: night)?)\b", r"our \1s", vp)  # "every date night" -> "our date nights"
    vp = re.sub(r"\ball (the|my|our|your)\b", r"\1", vp)
    vp = re.sub(r"\banything (\w+)\b", lambda m: f"{m.group(1)} things"
                if m.group(1) in ADJ_THINGS else m.group(), vp)
    vp = re.sub(r"\b(say|said|says|ask|asked|do|did) anything\b", r"\1 something", vp)
    vp = re.sub(r"\b(notice|see|say|hear)(?: a (?:thing|word))$", lambda m: m.group(1) + (
        " something" if m.group(1) == "say" else ""), vp)  # "didn't notice a thing": noticing
    vp = re.sub(r"\b(?:anyone|anybody)\b", "people", vp)
    vp = re.sub(r"\s+for (?:\d+|a few|several|one|two|three|four|five|six|seven|eight|nine|ten"
                r"|twelve|twenty|hours|days) ?(?:hours?|minutes?|days?|weeks?)?\b", "", vp)
    vp = re.sub(r"\b(?:anything|everything)\b", "things", vp)
    vp = re.sub(r"\s+(?:in (?:this|our) (?:relationship|marriage|house|family))$", "", vp)
    vp = re.sub(r"\s+(?:yesterday|last night|today|tonight|this morning|last (?:week|weekend"
                rf"|{WEEKDAY})|on {WEEKDAY}|(?<!for) once|all (?:week|weekend|month|day|year))\b",
                "", vp)
    return re.sub(r"(?:\s+(?:anymore|any more|at all|either|too|ever|even|for me|for once"
                  r"|for a change|like a normal person))+$", "", vp)


def in_present(act: str) -> str:
    """A wish or a request is about now: "hold my hand when we walked" -> "... walk"."""
    def now(m: re.Match[str]) -> str:
        verb = {"were": "are", "was": "am" if m.group(2) == "i" else "are"}.get(
            m.group(3), base_of_past(m.group(3)))
        return f"{m.group(1)} {m.group(2)} {verb}"

    return re.sub(r"\b(when|while|whenever) (we|you|i) (\w+)\b", now, act)


def _acceptable(act: str, who: Who) -> bool:
    """An act worth naming back: a short verb phrase, nothing harsh, no one else in it."""
    if VAGUE_RE.match(act):
        return False
    tokens = act.split()
    if not 1 <= len(tokens) <= 10 or (len(tokens) == 1 and tokens[0] not in ALONE_OK):
        return False
    if who != "thing" and tokens[-1] in {"it", "that", "this", "them"} and len(tokens) <= 3:
        return False  # "talk about it": what "it" is lives in another sentence
    if who != "thing" and (tokens[0] in FIRST_WORD_NOT_VERB or tokens[0] in NOT_ACTS):
        return False
    if any(w in {"not", "no", "never", "nothing", "nobody"} or w.endswith("n't")
           for w in tokens):
        return False
    if THIRD_PARTY_RE.search(act) or re.search(r"\b(?:he|she|they|his|her|him)\b", act):
        return False
    if re.search(r"\bfeel\b|\bmake me\b|\bmy (?:own )?(?:fault|problem)\b", act):
        return False
    if TENDER_RE.search(act):
        return False
    report = framing.check(f"I miss it when you {act}.")
    return all(report.get(rule).passed for rule in framing.HARSHNESS_RULES)


def _name_words(text: str) -> set[str]:
    """Names of people in `text`; days, events and things a topic knows ("Netflix") aren't."""
    return {w for w, _, _ in names(text) if w not in framing.FACT_WORDS
            and w.rstrip("s") not in framing.FACT_WORDS
            and not any(p.search(w) for _, p, _ in TOPIC_CUE_RES)}


def restore_case(act: str, text: str) -> str:
    """"I" and the words the person capitalised mid-sentence ("Netflix", "TV") keep their
    capitals; everything else stays as folded (an all-caps message is read, not shouted)."""
    shown: dict[str, str] = {}
    if text.upper() != text:
        for start, end in split_sentences(text):
            for m in list(re.finditer(r"[A-Za-z][A-Za-z']*", text[start:end]))[1:]:
                if m.group()[:1].isupper():
                    shown.setdefault(m.group().lower(), m.group())
    out = []
    for word in act.split():
        if word == "i" or word.startswith("i'"):
            out.append("I" + word[1:])
        else:
            out.append(shown.get(word, word))
    return " ".join(out)


# Where a verb phrase ends: punctuation, or a word that starts the complaint's other half.
_END = (
    r"(?=\s*(?:[,.;:!?…)\"]|$)|\s+(?:and now|but now|now|anymore|any ?more|these days|lately"
    r"|in (?:[a-z0-9]+ )?(?:days|months|weeks|ages|years|forever)|in (?:a while|a long time"
    r"|so long)|for (?:[a-z0-9]+ )?(?:days|months|weeks|ages|years)|for (?:a while|so long)"
    r"|since|but|and then|so (?:i|that|we|now)|because|unless"
    r"|and (?:you|he|she|we|i|it|that|they)|like (?:you|we|he|she) used to|not even|instead"
    r"|anyway|as usual|again|or|that|which|who|except|without|so (?:he|she|you))\b)"
)
VP = rf"(?P<vp>[a-z][a-z' ]*?){_END}"
# (pattern, whose act it is when the pattern says so, the form its words come in). READERS
# below reads each form: "base", "past" (a past tense or participle), "s" (3rd person
# present), "ing" and "alone" are a verb phrase put into its base form (clean_vp); the
# others are shapes of their own ("ellipsis": "you laugh with them but never with me").
PATTERNS: tuple[tuple[str, Who, str], ...] = (
    (rf"\b(?P<who>{PARTNER_OR_THEY}|we)\s+used to\s+(?:always\s+|really\s+)?{VP}", "", "base"),
    (rf"\b(?P<who>{PARTNER_OR_THEY}|we)"
     rf"\s+(?:hasn't|haven't|has not|have not)\s+(?:even\s+|once\s+)?{VP}",
     "", "past"),
    (rf"\b(?:been|it's been) (?:weeks|months|ages|years|forever|a while|so long) since"
     rf"\s+(?P<who>{PARTNER_OR_THEY}|we)\s+(?:last\s+)?{VP}", "", "past"),
    (rf"\b(?P<who>{PARTNER_OR_THEY})"
     rf"\s+(?P<verb>[a-z]+)\s+(?:with|to|for|at|about)\b[^,.;!?]*?\bbut\s+"
     r"(?:never|not|rarely|barely|hardly)(?:\s+(?:ever|even))?\s+(?P<prep>with|to|for|at|about)"
     r"\s+me\b", "", "ellipsis"),
    (r"\b(?P<who>you|he|she|they|we)\s+only\s+(?:ever\s+)?(?P<verb>talk|text|speak|chat)\s+"
     r"(?:to me\s+|to each other\s+)?about\s+(?P<x>[a-z' ]+?)(?=\s+(?:and|or)\b|\s*[,.;!?]|$)", "",
     "only_about"),
    (r"\bthe only time (?P<who>you|he|she) (?P<verb>talk to me|talks to me|text me|texts me"
     r"|call me|calls me|speak to me|speaks to me) is (?:to|when) (?:you |he |she )?"
     r"(?:ask|asks|want|wants|need|needs) (?P<x>[a-z' ]+?)(?=\s*[,.;!?]|$)", "", "only_time"),
    (rf"\b(?P<who>{PARTNER_OR_THEY}|we)\s+(?:never|don't|doesn't|do not|does not|no longer|barely"
     rf"|rarely|hardly(?: ever)?|won't|can't|didn't even|did not even|didn't|did not)\s+"
     rf"(?:even\s+|ever\s+|really\s+|actually\s+)?{VP}", "", "s"),
    (rf"\b(?:you'd|you would|he'd|she'd|he would|she would) rather [^.?!]*? than\s+{VP}",
     "you", "base"),
    (rf"\b(?:{PARTNER_OR_THEY})"
     rf"\s+(?:don't|doesn't|never|no longer|rarely)\s+(?:even\s+|ever\s+)?make"
     r" me feel\s+(?:very\s+|really\s+|so\s+)?(?P<vp>wanted|loved|desired|appreciated|noticed"
     r"|seen|heard|valued|cared for|supported|chosen)\b", "feel", "feeling"),
    (r"\b(?P<who>you're|you are|he's|she's|he is|she is) (?:never|rarely|hardly ever|barely)"
     r" (?P<vp>home|around|here)\b", "", "be"),
    (r"\b(?:i'm|i am|being|me)\s+(?:always\s+)?the only one (?:who|that)\s+(?:ever\s+|even\s+"
     rf"|actually\s+|really\s+|always\s+)?{VP}", "both", "s"),
    (r"\bthanks? (?:you )?(?:so much )?for (?:finally|actually|even|ever|once again|at last)"
     rf"\s+(?P<vp>[a-z]+ing\b[a-z' ]*?){_END}", "you", "ing"),
    (rf"\b(?:nice|good|sweet|kind) of you to (?:finally|actually|even|bother to|at last)\s+{VP}",
     "you", "base"),
    (r"\b(?:the [a-z]+|your [a-z]+|everyone|everybody) gets? (?P<vp>(?:a|an) [a-z]+(?: [a-z]+)?)"
     r"(?: when you [a-z ]+?)?,? but (?:i|me) (?:don't|do not|never)\b", "you", "given"),
    (r"\b(?:a|an) (?:partner|husband|wife|boyfriend|girlfriend|man|woman|guy|girl) who"
     rf" (?:actually |really |still )?{VP}", "you", "s"),
    (rf"\band (?:actually|just|for once)\s+{VP}", "you", "base"),
    (rf"\b(?:do|did|does|can|could|would|will) (?:you|he|she) (?:even|ever|actually|at least)"
     rf"(?:\s+(?:even|ever|actually|just))?\s+{VP}", "you", "base"),
    (rf"\b(?:is it (?:too much|so hard|that hard) to ask|how hard is it|would it kill you)"
     rf"(?: for you| you)? to\s+(?:just\s+|actually\s+)?{VP}", "you", "base"),
    (rf"\bwhy (?:can't|won't|don't) you (?:ever |just |even )?{VP}", "you", "base"),
    (r"\b(?:i'll|i will|i just|i'm going to|i guess i'll)\s+(?:just\s+|probably\s+)?"
     r"(?P<vp>[a-z]+(?: [a-z']+){0,4}?)\s+(?:all )?(?:alone|by myself|on my own|myself)\b",
     "we", "alone"),
    (r"\b(?:tired of|sick of|done with)\s+(?:always\s+)?(?P<vp>[a-z]+ing(?: [a-z']+){0,4}?)\s+"
     r"(?:all )?(?:alone|by myself|on my own|myself)\b", "both", "ing"),
    (rf"\bmust be nice to\s+{VP}", "me", "base"),
    (r"\b(?P<vp>too (?:tired|busy)|no time|no energy|never any time)['\"]? for (?:me|us)\b",
     "you", "make_time"),
    (r"\bwhen i (?:try to |want to |start to )?(?P<vp>(?:tell|talk to|ask) you [a-z' ]+?)"
     r"(?=,|\s+(?:you|he|she)\b)", "you", "heard"),
    # "I've asked you five times to fix the tap": what was asked for.
    (rf"\bi(?:'ve| have)? (?:asked|begged|told) (?:{PARTNER_OR_THEY})"
     rf" (?:[a-z0-9]+ times |so many times "
     rf"|again and again |over and over )?to\s+{VP}", "you", "base"),
    # "walked past me without saying hi": the act left out.
    (rf"\b(?:{PARTNER_OR_THEY})"
     rf"\s+[a-z]+(?: [a-z]+){{0,2}}\s+without\s+(?P<vp>[a-z]+ing\b[a-z' ]*?){_END}",
     "you", "ing"),
    # Said outright: "I miss our evening walks", "I wish you'd ask about my day".
    (rf"\bi (?:really |so |just |still )?miss (?:it )?when (?P<who>{PARTNER_OR_THEY}|we)\s+"
     rf"(?:would\s+|used to\s+)?{VP}", "", "past"),
    (rf"\bi wish (?P<who>{PARTNER_OR_THEY}|we)(?: would| could|'d)\s+(?:still\s+|just\s+)?{VP}", "",
     "base"),
    (rf"\bi (?:just |really )?(?:want|need|would love|'d love) (?:you|him|her|them) to\s+"
     rf"(?:just\s+)?{VP}", "you", "base"),
    (r"\bi (?:really |so |just |still )?miss (?P<vp>(?:our|your|his|her|their|the|those) "
     rf"[a-z' ]+?){_END}", "thing", "thing"),
    (r"\b(?:beg|begging|ask|asking|fight|fighting|compete|competing|wait|waiting)"
     r" for (?P<vp>your (?:attention|time|affection|company|help|touch))\b", "thing", "thing"),
)


@dataclass(frozen=True)
class _Found:
    """One pattern's match in one sentence, as its form's reader gets it."""

    groups: dict[str, Any]
    who: Who
    past: bool
    sentence: str
    quote: str
    doable: dict[str, str]

    def act(self, act: str, past: bool | None = None) -> Missed | None:
        """`act` (read from the match) from the partner's side, checked and finished."""
        subject = self.groups.get("who") or ""
        if subject in {"he", "she", "they"} or re.search(rf"\b{MY_PARTNER}\b", subject):
            act = to_you(act)
        past = self.past if past is None else past
        return _finish(self.who, act, past and self.who not in {"both", "me"}, None, self.quote,
                       self.doable)


Reader = Callable[[_Found], Missed | None]


def _verb(f: _Found, form: str) -> Missed | None:
    return f.act(clean_vp(f.groups["vp"], form))


def _alone(f: _Found) -> Missed | None:
    """"I'll just go to bed alone": doing it together, when it is something to share."""
    act = clean_vp(f.groups["vp"], "alone")
    if act.split()[0] in NOT_ACTS | NOT_SHARED or len(act.split()) > 6:
        return None
    return f.act(f"{act} together")


def _only_about(f: _Found) -> Missed | None:
    """"we only talk about the kids": talking about more than the kids."""
    x = _tidy_topic(f.groups["x"])
    if not x:
        return None
    verb = base_of_s(f.groups["verb"])
    return _finish("we", f"{verb} about more than {x}", f.past,
                   f"{verb} about something other than {x}", f.quote, f.doable)


def _only_time(f: _Found) -> Missed | None:
    """"the only time you text me is to ask for money": texting about more than that."""
    x = _tidy_topic(f.groups["x"])
    if not x:
        return None
    head, _, rest = f.groups["verb"].partition(" ")
    verb = f"{base_of_s(head)} {rest}"
    return _finish("you", f"{verb.strip()} about more than {x}", f.past, None, f.quote, f.doable)


# How each form of PATTERNS is read (a form missing here fails at import, not at run time).
READERS: dict[str, Reader] = {
    **{form: partial(_verb, form=form) for form in ("base", "past", "s", "ing")},
    "alone": _alone,
    "ellipsis": lambda f: f.act(f"{base_of_s(f.groups['verb'])} {f.groups['prep']} me",
                                past=f.past or "anymore" in f.sentence),
    "only_about": _only_about,
    "only_time": _only_time,
    "be": lambda f: f.act(f"be {f.groups['vp']}"),
    "given": lambda f: f.act(f"give me {f.groups['vp']}"),
    "make_time": lambda f: f.act("make time for us"),  # "always 'too tired' for me"
    "heard": lambda f: f.act(f"listen when I {f.groups['vp']}"),  # "when I try to tell you"
    "thing": lambda f: _finish("thing", to_you(f.groups["vp"]), True, "", f.quote, f.doable),
    "feeling": lambda f: Missed("feel", f.groups["vp"], f.past, "", f.quote),
}
PATTERN_RES = tuple((re.compile(p), who, READERS[form]) for p, who, form in PATTERNS)


def find_missed(text: str, doable: dict[str, str],
                wishes: dict[str, str] | None = None) -> Missed | None:
    """The concrete thing missed in `text`, or None when their words carry none.

    `doable` maps the start of an act to its small, doable version ("notice" -> "give me a
    proper hello when you get home"; "" for none). `wishes` maps a label aimed at the partner
    to the act behind it ("terrible listener" -> "listen to me"), used when no sentence
    pattern names the thing itself.
    """
    low = spell_out(text)
    named = _name_words(text)
    for start, end in split_sentences(low):
        sentence = low[start:end]
        for pattern, fixed_who, reader in PATTERN_RES:
            for m in pattern.finditer(sentence):
                missed = _read(m, fixed_who, reader, sentence, doable)
                if missed is not None and set(missed.act.split()) & named:
                    cut = re.split(r" (?:when|while) ", missed.act)[0]
                    missed = (_finish(missed.who, cut, missed.past, None, missed.quote, doable)
                              if cut != missed.act else None)
                if missed is None or set(missed.act.split()) & named:
                    continue
                return Missed(missed.who, restore_case(missed.act, text), missed.past,
                              restore_case(missed.request, text), missed.quote)
    return _wished(text, doable, wishes or {})


def _wished(text: str, doable: dict[str, str], wishes: dict[str, str]) -> Missed | None:
    """Behind every criticism is a wish: "you're a terrible listener" -> "listen to me"."""
    labels = framing.check(text).get("no_labels")
    if labels.passed or not labels.evidence:
        return None
    said = spell_out(text)
    for label in sorted(wishes, key=len, reverse=True):
        if re.search(rf"(?<![\w-]){re.escape(label)}(?![\w-])", said):
            return _finish("you", wishes[label], False, None, labels.evidence, doable)
    return None


def _who(subject: str) -> Who:
    return "we" if subject == "we" else "you"


def _read(m: re.Match[str], fixed_who: Who, reader: Reader, sentence: str,
          doable: dict[str, str]) -> Missed | None:
    groups = m.groupdict()
    who = fixed_who or _who(groups.get("who") or "you")
    past = bool(PAST_MARKERS.search(sentence)) or bool(re.match(r"i .*\bmiss\b", m.group()))
    return reader(_Found(groups, who, past, sentence, m.group(), doable))


def _tidy_topic(x: str) -> str:
    x = re.sub(r"\s+(?:these days|lately|anymore|any more|now|again|nowadays)$", "", x.strip())
    x = re.sub(r"^(?:ask|asks|asking)\s+", "", x)
    x = re.sub(r"^(?:about|the)\s+(?=bills|kids|money)", lambda m: "the " if "the" in
               m.group() else "", x)
    words_ = x.split()
    if not 1 <= len(words_) <= 5 or THIRD_PARTY_RE.search(x):
        return ""
    return x


def _finish(who: Who, act: str, past: bool, request: str | None, quote: str,
            doable: dict[str, str]) -> Missed | None:
    act = act.strip()
    if not _acceptable(act, who) and re.search(r" (?:when|while|after|before) ", act):
        act = re.split(r" (?:when|while|after|before) ", act)[0]  # "... when your dad said"
    if not _acceptable(act, who):
        return None
    if request is None:
        request = _request_for(act, who, doable)
    return Missed(who, act, past, request, quote.strip())


def _request_for(act: str, who: Who, doable: dict[str, str]) -> str:
    """The small version of `act` to ask for: from the doable table, else the act itself
    without "all night" or "every day", else nothing (for acts that are no one's to ask)."""
    if who in {"me", "thing"}:
        return ""
    for start in sorted(doable, key=len, reverse=True):
        if act == start or act.startswith(start + " "):
            return doable[start]
    if act.split()[0] in NOT_ACTS:
        return ""
    small = in_present(FREQUENCY.sub("", act).strip())
    small = re.sub(r"\b(\w+) things\b", lambda m: f"something {m.group(1)}"
                   if m.group(1) in ADJ_THINGS else m.group(), small, count=1)
    small = re.sub(r"\bthings\b", "something", small, count=1)
    if who == "both":  # "plan something for us", "plan date night" (this time)
        return f"{small} for us" if small.endswith("something") else small
    return small
