"""Say it gently, without a model: compose an opening for a concern.

The feature asks the small LLM for drafts first; the composer is the floor under it, so
the person always gets an opening that passes every hard rule of `server.rephrase.framing`.
The shape is Gottman's softened start-up: a longing, what happened said without blame, and a
small invitation as a question. What happened is only ever said with the person's own facts
(server/rephrase/observed.py: their event, setting, act and time, then a feeling or a wish);
when their words give none, there is no observation sentence at all, never a stock one.
When their words name the concrete thing they miss (server/rephrase/missed.py), the longing
names it and the request asks for its small version; the article's "Be specific about what
you're missing". Longings and requests are data (prompts/gently.toml), one table per concern,
chosen by a stable hash of the input, so the same words always give the same three variants,
and the three differ in what they say.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from itertools import pairwise

from indexer.vocabulary import (
    PARTNER_NOUNS,
    STOP_WORDS,
    WEEKDAY,
    content_words,
    fold,
    names,
    numbers,
    spell_out,
    split_sentences,
    words,
)
from server.rephrase import framing
from server.rephrase.acts import read_act
from server.rephrase.concern import TOPIC_CUE_RES, Concern, details_in, is_gentle, stable_hash
from server.rephrase.framing import THIRD_PARTY_RE
from server.rephrase.missed import (
    FREQUENCY,
    KIND_MARKERS,
    MISSED_KEYS,
    NOT_ACTS,
    VAGUE_RE,
    Missed,
    base_of_ing,
    base_of_past,
    find_missed,
    gerund,
    restore_case,
)
from server.rephrase.observed import (
    ACCUSING,
    TIME_RE,
    Facts,
    Thing,
    invented,
    read_facts,
    things,
)
from server.rephrase.phrases import Phrase, Phrases, TopicPhrases
from server.rephrase.story import (
    ABOUT_VERBS,
    NP_RE,
    PLACES,
    QUOTED_WORDS_RE,
    read_wanted,
    short_act,
    to_missed,
)

# A day said on its own ("another Friday night", "the garden centre sunday").
DAY_RE = re.compile(rf"\b{WEEKDAY}(?: night| morning| evening| afternoon)?\b")
MAX_THINGS = 3  # things of theirs said in the lighter frame, at most
MAX_CANDIDATES = 400  # phrase combinations tried before the fixed fallback


def _rotate(items: list[Phrase], by: int) -> list[Phrase]:
    if not items:
        return items
    k = by % len(items)
    return items[k:] + items[:k]


def _usable(phrases: tuple[Phrase, ...], details: dict[str, str]) -> list[Phrase]:
    return [p for p in phrases if p.needs <= details.keys()]


def _ordered(phrases: tuple[Phrase, ...], details: dict[str, str], used: frozenset[str],
             h: int, reuse: bool = False) -> list[Phrase]:
    """Usable phrases, each group rotated by `h`: those carrying a detail not used yet first,
    then plain ones, then those repeating a used detail (first, when `reuse`: a request may
    name again what the opening named)."""
    usable = _usable(phrases, details)
    fresh = _rotate([p for p in usable if p.needs and not p.needs & used], h)
    plain = _rotate([p for p in usable if not p.needs], h)
    stale = _rotate([p for p in usable if p.needs & used], h)
    return fresh + stale + plain if reuse else fresh + plain + stale


def _details_for(text: str, concern: Concern) -> dict[str, str]:
    """The input's details that the concern kept (a caller may have dropped some)."""
    return {k: v for k, v in details_in(text).items() if v in concern.details}


def _casual(text: str) -> str:
    out = text.lower()
    for formal, casual in (
        ("could we", "can we"),
        ("would you be up for", "are you up for"),
        ("just the two of us", "just us"),
        ("i would", "i'd"),
    ):
        out = out.replace(formal, casual)
    return out


def _plural(noun: str) -> str:
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


SAY_NEXT = {"told": "tell", "showed": "show", "shared": "share", "mentioned": "mention",
            "said": "tell", "texted": "text", "sent": "send"}


def _next_share(act: str) -> str:
    """"I told you about my interview" -> "I tell you about something big": the next time."""
    m = re.match(r"i (told|showed|shared|mentioned|said|texted|sent)\b( you)?( about)?", fold(act))
    if not m:
        return ""
    verb = SAY_NEXT[m.group(1)]
    if verb == "tell" or m.group(3):
        return f"I {verb} you about something big"
    return f"I {verb} you something" if verb in {"show", "send", "text"} else ""


NOT_OURS = frozenset("relationship marriage house home life lives kids children family time "
                     "marriage's relationship's sex".split())
# Troubles are theirs together too, but never something to say "I love ... and I miss them" of
# ("you told your friends about our money problems").
TROUBLES = frozenset("problem problems issue issues trouble troubles debt debts fight fights "
                     "argument arguments row rows struggle struggles worries bills "
                     "secrets secret".split())
_NOT_LOVED = NOT_OURS | TROUBLES


def ours_in(text: str) -> dict[str, str]:
    """Something of theirs together, in their words: "our movie nights" (and its verb)."""
    low = spell_out(text)
    for m in NP_RE.finditer(low):
        body = m.group("body")
        head = body.split()[-1]
        if (m.group("det") == "our" and head not in _NOT_LOVED
                and not THIRD_PARTY_RE.search(body)):
            plural = head.endswith("s") and not head.endswith(("ss", "'s"))
            shown = restore_case(re.sub(r"^our (?:whole|entire) ", "our ", f"our {body}"), text)
            return {"ours": shown, "ours_mean": "mean" if plural else "means",
                    **({"ours_them": "them"} if plural else {})}
    return {}


# Heads that say no thing of theirs: times, amounts, feelings, the relationship itself.
NOT_A_THING = NOT_OURS | frozenset("""way time day days moment life point end thing things one lot
    bit fact week weeks month months year years night morning evening weekend hour hours
    minutes ages warning idea matter attention effort mood reason same first last rest whole
    truth best worst kind sort words word own fault side head mind self message messages text
    texts call calls conversation conversations chat chats talk talks subject""".split())
NOT_THING_WORDS = frozenset("whole entire same other only last next".split())
QUOTED_RE = re.compile(r"(?<![a-z])'[^']{2,80}'(?![a-z])|\"[^\"]{2,80}\"")


def thing_in(text: str) -> dict[str, str]:
    """The thing their complaint is about, as they name it: the first noun phrase of theirs
    or ours ("the car", "my thesis", "the damp in the bathroom", "your nephew's christening")
    that is no person, time or amount; for a request that names it when nothing else does."""
    low = QUOTED_RE.sub(" , ", spell_out(text))  # what someone said is not the thing
    named = {w for w, _, _ in names(text)}
    for m in NP_RE.finditer(low):
        det, body = m.group("det"), m.group("body")
        tokens = body.split()
        head = tokens[-1]
        if re.search(r"\b(?:at|on|in|to|from|during|after|before|with|into|onto|near|through"
                     r"|round|around|down|off|by|over|under)\s*$", low[: m.start()]) and not (
                re.search(r"\b(?:look|listen|deal|help|work|sort)(?:s|ed|ing)? \w+\s*$",
                          low[: m.start()])):
            continue  # where it happened or when: the setting's ("look at" is an act on it)
        if det not in {"the", "my", "our", "your"} or (det == "your" and not re.match(
                r"[a-z]+'s ", body)):  # "your overtime" is the rival; "your sister's party" ours
            continue
        if head in NOT_A_THING or head in STOP_WORDS or (head.endswith("ing") and base_of_ing(
                head) in ABOUT_VERBS) or THIRD_PARTY_RE.search(body) or (
                set(tokens) & (named | NOT_THING_WORDS)) or (
                head.endswith(("'s", "ly")) or numbers(body) or re.search(
                    rf"\b{PARTNER_NOUNS}\b", body) or set(tokens) & set(framing.MONTHS)):
            continue
        prep = re.match(r" (?:in|on|of|from|for) (?=(?:the|my|our) )", low[m.end():])
        tail = NP_RE.match(low, m.end() + len(prep.group())) if prep else None
        if tail and tail.group("body").split()[-1] not in NOT_A_THING | {"own"} and not (
                THIRD_PARTY_RE.search(tail.group()) or numbers(tail.group())):
            body = f"{body}{low[m.end():tail.end()]}"  # "the damp in the bathroom"
        if any(p.search(body) for t, p, _ in TOPIC_CUE_RES if t in {"attention", "time"}):
            continue  # "the game", "the gym": what takes them away, not a thing of ours
        body = re.split(rf" (?:by|regarding|about|like|so|too|as|{WEEKDAY})\b", body)[0]
        body = re.sub(r"(?: [a-z]+(?:ing|ed))+$", "", body)  # "... regarding": its clause
        return {"thing": restore_case(f"{det} {body}", text)}
    return {}


NEWS_RE = re.compile(r"\b(?:about|that|how) (?:you(?:'d| had| have|'ve)? (?:[a-z]+ )?)?"
                     r"(?P<np>(?:your|the) (?:[a-z]+ ){0,2}?[a-z]+)(?=\s*[,.;:!?]|\s*$"
                     r"|\s+(?:before|and"
                     r"|but|from|to|on|at|when|until|first|yet|already)\b)")


def news_in(text: str, details: dict[str, str]) -> dict[str, str]:
    """The news of theirs that others heard first: "your new job" (for `told_last`)."""
    if "told_last" not in details:
        return {}
    low = spell_out(text)
    for m in NEWS_RE.finditer(low):
        head = m.group("np").split()[-1]
        if THIRD_PARTY_RE.search(m.group("np")) or head in NOT_OURS or head in {"news", "plans"}:
            continue
        return {"news": restore_case(m.group("np"), text)}
    return {}


def fact_slots(facts: Facts) -> dict[str, str]:
    """The slots the facts give the request and longing phrases."""
    out: dict[str, str] = {}
    head = facts.gathering
    if head and facts.setting and not facts.setting.startswith("when") and head.isalpha() and (
            head not in PLACES):  # "at the office" is a place, not a gathering to go to
        one = head[:-1] if head.endswith("s") and not head.endswith("ss") else head
        out["gathering"] = one
        out["gatherings"] = _plural(one)
    share = _next_share(facts.speaker_act) if facts.speaker_when or facts.speaker_act else ""
    if share:
        out["next_share"] = share
    if facts.mine:
        out["mine"] = facts.mine
    habit = re.match(r"I ([a-z]+)\b(.*)$", facts.speaker_act)
    if habit and not facts.one_who:  # "I pick up your wet towels": theirs to take a turn at
        rest = re.sub(r"\s+(?:by myself|alone|on my own|myself)\b", "", habit.group(2))
        # of a list, the first act only: one small thing to say yes to
        rest = re.split(r",| and (?=[a-z]+ed\b|did\b|made\b|took\b|put\b|got\b)", rest)[0]
        turn = f"{base_of_past(habit.group(1))}{rest}"
        turn = re.sub(r"\b(?:this|next) (?:week|weekend|month|evening|morning)\b", "",
                      FREQUENCY.sub("", TIME_RE.sub("", turn)))
        out["your_turn"] = " ".join(turn.split())  # the request says when
    load = re.sub(r"^I've been (?:the one )?", "", facts.one_who)
    first = load.split()[0] if load.split() else ""
    if load != facts.one_who and first.endswith("ing") and "," not in load and not (
            base_of_ing(first) in NOT_ACTS or VAGUE_RE.match(f"{base_of_ing(first)} x")
            or re.search(r"\b(?:relationship|marriage|effort)\b", load)):
        out["load"] = load  # "walking the dog before bed": a job to share
    return out


def _in_their_words(phrases: list[Phrase], details: dict[str, str], source: str) -> list[Phrase]:
    """`phrases` with those that say more of the person's own words first (a stable sort, so
    the hash's order stays among equals): the longing and the request in their terms."""
    theirs = set(content_words(source))

    def said(p: Phrase) -> int:
        return -len(set(content_words(p.fill(details))) & theirs)

    return sorted(phrases, key=said)


def _gerund_of(act: str) -> str:
    head, _, rest = act.partition(" ")
    return f"{gerund(head)} {rest}".strip()


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# Things of theirs that are them rather than something they made or did.
PERSONAL = frozenset("""weight body looks face hair accent voice teeth nose skin size height age
    clothes outfit laugh walk figure shape belly legs""".split())


def observation_sentence(facts: Facts, felt: str, frame: str = "") -> str:
    """What happened, from their facts only (or the moment around the act they wanted,
    `frame`: "since your dad's funeral"), then `felt`; "" when they give none. A thing of
    theirs it was about that the rest leaves out ("my painting", laughed at) leads it as what
    matters to them, since the act done to it is never restated."""
    said = _observation(facts, felt, frame)
    mine = facts.mocked
    if not mine or fold(mine.removeprefix("my ")) in fold(f"{said} {felt}"):
        return said
    head = mine.split()[-1]
    if head in PERSONAL:  # "my weight": not a thing that "means a lot"; only what it was about
        rest = said[:1].lower() + said[1:] if said and not said.startswith("I ") else said
        return _cap(f"when it was about {mine}, {rest or felt + '.'}")
    means = "mean" if head.endswith("s") and not head.endswith(("ss", "'s")) else "means"
    if said.startswith("I "):  # "My poem means a lot to me. I wrote that for you, and ..."
        return _cap(f"{mine} {means} a lot to me. {said}")
    rest = said[:1].lower() + said[1:]
    return _cap(f"{mine} {means} a lot to me, and {rest or felt + '.'}")


def _observation(facts: Facts, felt: str, frame: str = "") -> str:
    lead = " ".join(x for x in (facts.time, facts.setting) if x)
    if not facts.any and frame and not lead:
        return _cap(f"{frame}, {felt}.")
    if facts.one_who:
        also = f" {facts.partner_act}" if facts.partner_act.startswith("while ") else ""
        return _cap(f"{facts.one_who}{also}, and {felt}.")
    if facts.speaker_act and facts.speaker_when:
        when = "while" if re.match(r"\w+ (?:was|were) \w+ing\b", facts.speaker_act) else "when"
        # the second event of the same sentence: "while I was telling you about my day and
        # you fell asleep on the couch"
        also = facts.partner_act.removeprefix("while ")
        also = f" and {also}" if also and fold(also) not in fold(facts.speaker_act) else ""
        return _cap(f"{lead + ', ' if lead else ''}{when} {facts.speaker_act}{also}, {felt}.")
    if facts.speaker_act and not facts.speaker_when:
        lead = " ".join(x for x in (facts.time, facts.setting) if x and not x.startswith(
            "during "))  # "during the meal" belongs to another clause of theirs
        also = facts.partner_act.removeprefix("while ")
        also = f" and {also}" if also and fold(also) not in fold(facts.speaker_act) else ""
        return _cap(f"{lead + ', ' if lead else ''}{facts.speaker_act}{also}, and {felt}.")
    if facts.partner_act:
        act = facts.partner_act
        if facts.setting.startswith("when"):
            act = act.removeprefix("while ")
            return _cap(f"{lead} and {act}, {felt}.")
        went = re.match(r"you (?!were\b)\w+ed\b|you (?:went|came|got|read|saw|left|took|made)\b",
                        act)
        act = act if act.startswith("while ") else f"{'when' if went else 'while'} {act}"
        return _cap(f"{lead + ', ' if lead else ''}{act}, {felt}.")
    if facts.speaker_act:
        return _cap(f"{lead + ', ' if lead else ''}{facts.speaker_act}, and {felt}.")
    if lead:
        return _cap(f"{lead}, {felt}.")
    return ""


def _assemble(variant: int, longing: str, observation: str, request: str) -> str:
    if variant == 1 or not observation:  # lighter touch: the longing and the invitation
        return f"{longing} {request}"
    if variant == 2:  # more direct: what happened first
        return f"{observation} {longing} {request}"
    return f"{longing} {observation} {request}"  # warmer


def _repeats(a: str, b: str) -> bool:
    """True when two phrases share two content words ("feel close" twice reads as padding)."""
    common = set(content_words(a)) & set(content_words(b))
    return len(common - {"miss", "love", "want", "like"}) >= 2


# Words of a longing's frame ("I'd love it if you'd ...", "it would mean so much to me"): two
# longings sharing only these say different things.
FRAME_WORDS = frozenset("""i i'd i'm love it if you you'd would mean means so much to me a lot
    the for and of when we we're that""".split())


def _shares_pair(a: str, b: str) -> bool:
    """True when two phrases share two words in a row beyond their frame ("be there")."""
    def pairs(text: str) -> set[tuple[str, str]]:
        w = re.findall(r"[a-z']+", fold(text))
        return {(x, y) for x, y in pairwise(w)
                if not {x, y} <= FRAME_WORDS}
    return bool(pairs(a) & pairs(b))


def _same(a: str, b: str) -> bool:
    """True when two openings differ in fewer than three content words."""
    ca, cb = Counter(content_words(a)), Counter(content_words(b))
    return sum(((ca - cb) + (cb - ca)).values()) < 3


# A clause cut off where its words needed more: "I was hoping you'd ask once how.", "I found
# it hurtful that, and ...", "would you remember it was next time?". An opening with one is
# not a sentence a person could send, whatever else it gets right.
_CUT_WORDS = (r"(?:how|whether|if|the|a|an|to|of|with|and|but|or|because|when|while|my|your"
              r"|our)")
_CUT_OFF = re.compile(rf"\b{_CUT_WORDS}\s*[.;:!?]|\bthat\s*,\s*(?:and|but|so)\b|\b{_CUT_WORDS}\s+"
                      r"(?:next\s+time|tonight|today|again|together|this\s+(?:week|weekend|evening))\b",
                      re.IGNORECASE)


def cut_off(text: str) -> bool:
    """Whether a clause of `text` stops where its words needed more."""
    return bool(_CUT_OFF.search(text))


def _passes(text: str, source: str) -> bool:
    return framing.check(text, source=source).hard_pass and not cut_off(text)


def _harsh(sentence: str) -> bool:
    report = framing.check(sentence)
    if any(not report.get(rule).passed for rule in framing.HARSHNESS_RULES):
        return True
    second = report.get("second_person")
    return not second.passed and bool(second.evidence)


CLAUSE_SPLIT_RE = re.compile(r",\s*|;\s*|\s+(?:but|and|because|so)\s+")


def _longing_clauses(sentence: str) -> list[str]:
    """The gentle clauses of a harsh sentence: "I miss you but you never listen" -> "I miss you"."""
    clauses = [c.strip(" .!?") for c in CLAUSE_SPLIT_RE.split(sentence)]
    keep = [c for c in clauses if c and not _harsh(c) and framing.check(c).get("longing").passed]
    return [keep[0][:1].upper() + keep[0][1:] + "."] if keep else []


def _contempt_kind(evidence: str) -> str:
    low = fold(evidence)
    for family, pat in framing.CONTEMPT_RE:
        if pat.search(low):
            return family
    if evidence.isupper():
        return "shouting"
    return "comparison" if "over me" in low else "sarcasm"  # the checker's two extra cases


def _label_word(evidence: str) -> str:
    found = framing.LABEL_RE.findall(fold(evidence))
    return found[-1] if found else evidence


def _clause_at(text: str, phrase: str) -> str:
    """`phrase` in `text` up to the end of its clause: 'I miss' -> 'I miss talking with you'."""
    i = text.find(phrase)
    if i < 0 or not phrase:
        return phrase
    m = re.compile(r"[^,.;!?]*").match(text, i)
    return m.group().strip() if m else phrase


def _names(text: str) -> list[str]:
    """People's names in `text`: not days or events, not things a topic cue knows (Netflix,
    TV), and not a word opening a sentence before a comma ("Sure, I'll...", "Cool, so...")."""
    starts = {start for start, _ in split_sentences(text)}
    found = []
    for word, shown, at in names(text):
        if at in starts and text[at + len(shown):at + len(shown) + 1] == ",":
            continue
        if word in framing.FACT_WORDS or any(p.search(word) for _, p, _ in TOPIC_CUE_RES):
            continue
        found.append(shown.removesuffix("'s"))
    return list(dict.fromkeys(found))


# A time that happens once, told as the frame of the thing missed: never asked for "next time".
ONCE_FRAME_RE = re.compile(r"\b(?:in (?:the )?hospital|surgery|operation|funeral|miscarriage"
                           r"|in labou?r|gave birth|giving birth|chemo|passed away|died)\b")


class Composer:
    """Openings, notes and questions from one set of phrases."""

    def __init__(self, phrases: Phrases) -> None:
        self.phrases = phrases

    def _for(self, concern: Concern) -> TopicPhrases:
        return self.phrases.topics.get(concern.topic, self.phrases.topics["closeness"])

    def missed_in(self, text: str) -> Missed | None:
        """The concrete thing the person misses, read from their words (or None)."""
        table = self.phrases.missed
        wanted = read_wanted(text)
        if wanted is not None:
            return to_missed(wanted, table.doable)
        # what someone said in quotes is not what they miss: blanked, offsets kept
        unquoted = QUOTED_WORDS_RE.sub(lambda m: " " * len(m.group()), text)
        found = find_missed(unquoted, table.doable, table.wishes)
        if found is not None and {found.act.split()[0], base_of_past(found.act.split()[0])} & (
                ACCUSING | {"leave"}):
            return None  # "left me on read" said back is the complaint again
        return found

    def slots(self, text: str, concern: Concern) -> dict[str, str]:
        """Every detail a phrase may name: the safe details and the thing missed."""
        details = _details_for(text, concern)
        missed = self.missed_in(text)
        if missed is not None:
            details |= missed.slots(self.phrases.missed.when(missed.request, missed.act))
        return details

    def keeps_specifics(self, text: str, concern: Concern, opening: str) -> bool:
        """Whether `opening` still names the thing missed, or else a detail of theirs."""
        missed = self.missed_in(text)
        said = set(content_words(opening))
        if missed is not None:
            return bool(set(content_words(missed.act)) & said)
        details = _details_for(text, concern).values()
        return not details or any(set(content_words(d)) <= said for d in details)

    def is_specific(self, text: str, concern: Concern) -> bool:
        """Whether their words name something concrete to keep; if not, the pipeline asks."""
        return bool(_details_for(text, concern)) or self.missed_in(text) is not None or (
            concern.topic != "closeness")

    def _longings(self, phrases: TopicPhrases, details: dict[str, str], h: int,
                  variant: int, source: str, named: bool = False) -> list[Phrase]:
        """Longings for `variant`, best first. The warmer one names the concern (or what they
        say used to happen, in their words), the lighter one the concern too, the more direct
        one the thing missed; `named` when the observation already says the thing missed."""
        usable = _usable(self.phrases.missed.longings, details)
        if "once_past" in details:  # it is over: no "it would mean so much if you'd come"
            usable = [p for p in usable if "once_past" in p.needs]
        then = _rotate([p for p in usable if "used_to" in p.needs], h)
        other = _rotate([p for p in usable if "used_to" not in p.needs], h)
        topical = _ordered(phrases.longings, details, frozenset(), h)
        fresh = sum(1 for p in topical if p.needs)
        start = (1 if variant == 1 and fresh > 1 else 0) if fresh else variant
        topical = _in_their_words(topical[start:] + topical[:start], details, source)
        if named:
            return topical
        if variant == 1:
            act = details.get("act", "")
            apart = [p for p in topical if not _repeats(p.fill(details), act)]
            return apart + [p for p in topical if p not in apart] + then + other
        if variant == 2:
            return other + then + topical if other or then else topical
        asked = details.get("act_now", "")
        if asked and fold(details.get("act", "")) in fold(asked):
            # the request names the thing; the longing, the concern (or what used to be)
            return _in_their_words(then + topical, details, source) + other
        return then + other + topical

    def _requests(self, phrases: TopicPhrases, details: dict[str, str], h: int,
                  variant: int, past: bool) -> list[Phrase]:
        """Requests for `variant`, best first. For one moment they told, the concern's requests
        about the next time lead (those naming their facts first); for a habit, the small
        version of the thing missed."""
        own = _rotate(_usable(self.phrases.missed.requests, details), h // 17)
        own.sort(key=lambda p: -len(p.needs & (KIND_MARKERS | {"act_next", "act_next_one",
                                                                "event"})))
        topical = _ordered(phrases.requests, details, frozenset(), h // 13, reuse=True)
        fresh = sum(1 for p in topical if p.needs)
        wanted = bool(KIND_MARKERS & details.keys())  # read from the act they wanted
        if "act_next" in details:  # coming to the next one is the ask; not talking about this one
            topical = [p for p in topical if "mine" not in p.needs]
        if not own or (past and not wanted):
            start = (variant % fresh if fresh else variant) if variant != 1 else (
                1 if fresh > 1 else 0)
            return topical[start:] + topical[:start] + own
        if variant == 2:
            return topical + own
        return own[variant:] + own[:variant] + topical

    def _felt(self, phrases: TopicPhrases, facts: Facts, details: dict[str, str],
              missed: Missed | None, h: int, variant: int, text: str = "") -> list[str]:
        """Feelings to close an observation with: for one moment, the wish behind what did
        not happen, in their words ("I was hoping you'd text me back"), first."""
        felt = list(phrases.felt_past if facts.past else phrases.felt_now)
        k = (h // 3 + variant) % len(felt)
        felt = felt[k:] + felt[:k]
        table = self.phrases.acts.get(read_act(text) or "")
        if table is not None:  # the wish the partner's act shows comes before the topic's
            own = list(table.felt_past if facts.past else table.felt_now)
            felt = own[variant % len(own):] + own[:variant % len(own)] + felt if own else felt
        if missed is not None and missed.who == "you" and facts.past and not missed.past:
            act = FREQUENCY.sub("", details.get("act_then", details["act"])).strip()
            if facts.speaker_when or facts.setting or facts.time:
                act = re.split(r" (?:when|while) ", act)[0]  # the observation says when
            if facts.partner_act and " before you " in act:
                act = act.split(" before you ")[0] + " first"  # the observation says what
            felt.insert(0, f"I was hoping you'd {act}")
        return felt

    def _candidates(self, text: str, concern: Concern, variant: int) -> Iterator[str]:
        """Openings for `variant`, best first: the stable hash picks where each list starts."""
        phrases = self._for(concern)
        facts = read_facts(text)
        missed = self.missed_in(text)
        if missed is not None and facts.setting:
            place = facts.setting.split(" ", 1)[-1]
            if fold(place) in fold(missed.act):  # "didn't come to the hospital": never a setting
                facts = replace(facts, setting="", gathering="")
        details = self.slots(text, concern) | fact_slots(facts) | ours_in(text)
        details |= news_in(text, details)
        if missed is None and not ({"ours", "news", "event", "my_news"} & details.keys()
                                   ) and not (facts.speaker_act and not facts.speaker_when
                                              ) and not (facts.one_who or facts.mocked):
            details |= thing_in(text)  # nothing else of theirs to ask about: their own thing
        if "my_news" in details:
            details.pop("mine", None)  # "my driving test" is news to ask about, not "like"
        if missed is not None and details.get("when") and "gathering" in details and (
                facts.setting.startswith("at ")) and "one_off" not in details and not (
                re.match(r"(?:come|go|stay|be on time) (?:to|for) ", missed.act)):  # its own event
            details["when"] = f"at the next {details['gathering']}"  # "at weddings"
        if facts.past and details.get("when") and not {"kind_promised", "one_off"} & (
                details.keys()):
            details["when"] = "next time"  # one moment they told: ask about the next one
        if missed is not None and details.get("when") == "next time" and ONCE_FRAME_RE.search(
                fold(text)) and "kind_promised" not in details:
            # "while I was in hospital": there is no next time; ask how they are now
            for key in ("act_next", "act_next_one", "event"):
                details.pop(key, None)
            details |= {"when": "tonight", "one_off": "", "once_past": ""}
            if not missed.act.startswith("ask "):  # "ask me how I'm coping" still fits
                details |= {"act_now": "ask me how I'm doing",
                            "act_now_ing": "asking me how I'm doing"}
        missed = self.missed_in(text)
        h = stable_hash(text)
        feelings = self._felt(phrases, facts, details, missed, h, variant, text)
        wish = bool(feelings) and feelings[0].startswith("I was hoping you'd") and (
            facts.any or bool(facts.time))
        longings = self._longings(phrases, details, h, variant, text, wish)
        requests = _in_their_words(self._requests(phrases, details, h, variant, facts.past),
                                   details, text)
        # The best in their words leads the warmer one; the others start further along, so
        # the three say different things.
        # Those naming their own details stay ahead of the plain ones.
        theirs = [r for r in requests if r.needs]
        plain = [r for r in requests if not r.needs]
        requests = (theirs[variant % len(theirs):] + theirs[:variant % len(theirs)] if theirs
                    else []) + (plain[variant % len(plain):] + plain[:variant % len(plain)]
                                if plain else [])
        if variant == 2 and len(longings) > 1:
            longings = longings[1:] + longings[:1]
        longings, requests, act_first = self._for_act(text, longings, requests, variant)
        frame = details.get("frame", "")
        found = things(text)
        low = spell_out(text)
        when_said = TIME_RE.search(low) or DAY_RE.search(low)
        when = restore_case(when_said.group(), text) if when_said else ""
        observations = [o for o in (observation_sentence(facts, f, frame) for f in feelings) if o]
        observations = (observations if facts.any or facts.mocked or (wish and facts.time) or (
            frame and not facts.time) else []) + [""]
        tried = 0
        own = [r for r in requests if r.needs]
        # a request asking for their own act, with any observation, before a topic's stock one
        passes = [own, requests] if own and len(own) < len(requests) and not act_first else [
            requests]
        for observation, requests in ((o, r) for r in passes for o in observations):
            for longing in longings:
                said = longing.fill(details)
                if observation and (_repeats(said, observation) or fold(said).rstrip(".!")
                                    in fold(observation)):
                    continue  # "on my side" or "I miss you" twice reads as padding
                act = fold(details.get("act", ""))
                named = bool(act) and act in fold(f"{said} {observation}")
                if act and act in fold(said) and act in fold(observation):
                    continue  # what they wanted, said once as a wish is enough
                for request in requests:
                    if ("act_next" in request.needs and named) or (
                            "act_next_one" in request.needs and not named) or (
                            named and "act_next_one" in details and "{act_now" in request.text):
                        continue  # "the next one" once the act is named, the act otherwise
                    if not (longing.needs | request.needs) & MISSED_KEYS and _repeats(
                            longing.text, request.text):
                        continue  # the thing missed may be named twice; padding may not
                    asked = request.fill(details)
                    said_act = set(content_words(details.get("act", "")))
                    long_act = len(said_act) >= 4 or (len(said_act) >= 3 and act in fold(
                        observation))
                    if named and long_act and said_act <= set(content_words(asked)):
                        short = short_act(details["act"])
                        forms = (details.get("act_now", ""), details.get("act_now_ing", ""),
                                 details["act"])
                        for form in (f for f in forms if f and f in asked):
                            asked = asked.replace(form, short if form != details.get(
                                "act_now_ing") else _gerund_of(short))
                            break
                        if said_act <= set(content_words(asked)):
                            continue  # a long act said twice, word for word, reads as nagging
                    for seen in self._with_things(observation, f"{said} {asked}", found, when,
                                                  variant):
                        tried += 1
                        if tried > MAX_CANDIDATES:
                            return
                        out = _assemble(variant, longing.fill(details), seen, asked)
                        yield _casual(out) if concern.casual else out

    def _for_act(self, text: str, longings: list[Phrase], requests: list[Phrase],
                 variant: int) -> tuple[list[Phrase], list[Phrase], bool]:
        """The longing names the concern the partner's act shows (acts.read_act): said beside
        a longing in their own words, which keeps their facts, or else leading; the act's
        requests lead the topic's (not those asking for their own act) when those would not
        fit the event; otherwise after those naming their facts, ahead of the topic's stock
        ones."""
        act = read_act(text)
        table = self.phrases.acts.get(act) if act else None
        if table is None:
            return longings, requests, False
        k = variant % len(table.longings)
        said = list(table.longings[k:] + table.longings[:k])
        # one in their words that already says the act's concern stays as it is
        theirs = [p if _repeats(p.text, said[0].text) or _shares_pair(p.text, said[0].text)
                  else Phrase(f"{p.text} {said[0].text}", p.needs | said[0].needs)
                  for p in longings if p.needs and not p.text.rstrip().endswith("?")]
        longings = theirs + said + [p for p in longings if not p.needs]
        asked = list(table.requests)
        if table.requests_first:  # after those asking for their own act, ahead of the topic's
            own = set(self.phrases.missed.requests)
            requests = ([r for r in requests if r in own] + asked
                        + [r for r in requests if r not in own])
        else:  # after those naming their own facts, ahead of the topic's stock ones
            requests = ([r for r in requests if r.needs] + asked
                        + [r for r in requests if not r.needs])
        return longings, requests, table.requests_first

    def _with_things(self, observation: str, rest: str, found: list[Thing], when: str,
                     variant: int) -> list[str]:
        """`observation` with, first, the things of theirs and the time that the opening
        (`observation` and `rest`) leaves out, said in the lighter frame ("I keep thinking
        about the recital tonight."); then `observation` as it is."""
        if variant == 1:
            return [observation]
        said = set(content_words(f"{observation} {rest}"))
        missing = [t for t in found if not set(content_words(" ".join(t.heads))) <= said]
        missing = sorted(missing, key=lambda t: not t.definite)[:MAX_THINGS]
        missing = [t for t in found if t in missing]  # in their order
        if missing and all(t.person or t.theirs for t in missing):
            missing = []  # someone alone ("your mom") says who, not what happened; a thing
            # of theirs alone ("your phone") is the complaint again
        named = [t.text for t in missing]
        if when and not set(content_words(when)) <= said:
            named = named or [when]
            if named[-1] != when:
                on = "on " if re.fullmatch(DAY_RE, fold(when)) else ""
                named[-1] = f"{named[-1]} {on}{when}"
        if not named:
            return [observation]
        joined = ", ".join(named[:-1]) + f" and {named[-1]}" if len(named) > 1 else named[0]
        frame = self.phrases.thinking.format(things=joined)
        return [f"{observation} {frame}".strip(), observation]

    def compose(self, text: str, concern: Concern, variant: int = 0) -> str:
        """An opening for `concern`: 0 = warmer, 1 = lighter touch, 2 = more direct.

        Every result passes every hard rule of framing.check(result, source=text), and says
        nothing about what happened that their words did not (observed.invented).
        """
        variant %= 3
        if variant == 1 and concern.gentle:
            return self.light_touch(text, concern)
        before = [self.compose(text, concern, v) for v in range(variant)]
        for candidate in self._candidates(text, concern, variant):
            if any(_same(candidate, b) for b in before):
                continue  # the three differ in what they say
            if _passes(candidate, text) and not invented(candidate, text):
                return candidate
        fallback = self.phrases.fallbacks[variant]
        return _casual(fallback) if concern.casual else fallback

    def light_touch(self, text: str, concern: Concern) -> str:
        """Keep the person's own words (minus any harsh sentence) and add a small invitation."""
        kept = []
        for start, end in framing.sentence_spans(text):
            sentence = text[start:end].strip()
            kept += [sentence] if not _harsh(sentence) else _longing_clauses(sentence)
        if not kept:
            return self.compose(text, concern, 0 if concern.gentle else 1)
        kept = [s if s[-1] in ".!?" else s + "." for s in kept]
        own = " ".join(kept)
        phrases = self._for(concern)
        details = self.slots(text, concern)
        h = stable_hash(text)

        def adapt(added: str) -> str:
            return _casual(added) if concern.casual else added

        extra = ""
        if not framing.check(own).get("longing").passed:
            extra = " " + adapt(self._short_longing(phrases).fill(details))
        if _passes(own + extra, text):
            return own + extra  # it already ends with an invitation
        act = read_act(text)
        table = self.phrases.acts.get(act) if act else None
        lead = list(table.requests) if table else []  # their own words, then the act's ask
        for request in lead + self._requests(phrases, details, h, 0, False):
            out = f"{own}{extra} {adapt(request.fill(details))}"
            if _passes(out, text):
                return out
        return self.compose(text, concern, 0)

    def _short_longing(self, phrases: TopicPhrases) -> Phrase:
        plain = [p for p in phrases.longings if not p.needs and " you" in p.text]
        fallback = Phrase(self.phrases.fallbacks[0], frozenset())
        return min(plain or [fallback], key=lambda p: len(p.text))

    def explain_changes(self, original: str, rewritten: str) -> list[str]:
        """Plain-words notes on what changed between the person's words and the opening; their
        wording is data (prompts/gently.toml [change_notes])."""
        say = self.phrases.change_notes
        before = framing.check(original)
        after = framing.check(rewritten, source=original)
        if is_gentle(before, original) and rewritten.strip() == original.strip():
            return [say["kept"]]
        if is_gentle(before, original) and rewritten.startswith(original.strip()[:20]):
            return [say["invitation_added"]]
        wish = _clause_at(rewritten, after.get("longing").evidence) or "a wish"
        notes = [note for r in before.failed() if (note := self._rule_note(r, wish, original))]
        low = fold(rewritten)
        names = [n for n in _names(original) if fold(n) not in low]
        if names:
            notes.append(say["names"].format(names=" and ".join(names)))
        missed = self.missed_in(original)
        slots = missed.slots("") if missed else {}
        said = {fold(missed.act), fold(slots["act"]), fold(slots["act_ing"])} | (
            {fold(slots["act_now_ing"])} if "act_now_ing" in slots else set()) if missed else set()
        if missed is not None and any(form in low for form in said):
            last = set(content_words(rewritten.rsplit(". ", 1)[-1]))
            asked = bool(missed.request) and set(content_words(missed.request)) <= last
            notes.append(say["missed_asked" if asked else "missed"].format(missed=missed.label))
        else:
            for detail in details_in(original).values():
                if fold(detail) in low:
                    notes.append(say["detail"].format(detail=detail))
                    break
        if not before.get("ends_with_request").passed and after.get("ends_with_request").passed:
            notes.append(say["invitation"])
        return notes

    def _rule_note(self, r: framing.RuleResult, wish: str, original: str) -> str:
        """The note for a rule their words failed, quoting the words that failed it; "" for a
        rule with no note, or with no words to quote (only a long message was shortened)."""
        key, ev = r.rule, r.evidence
        if (key == "length" and len(words(original)) <= framing.MAX_WORDS) or (
                not ev and key not in {"longing", "length"}):
            return ""
        if key == "no_absolutes" and " " not in ev.strip():
            key = "no_absolutes_word"
        kind = _contempt_kind(ev) if key == "no_contempt" else ""
        if kind == "shouting":
            key = "shouting"
        note = self.phrases.change_notes.get(key, "")
        return note.format(evidence=ev, wish=wish, label=_label_word(ev),
                           why=self.phrases.contempt_notes.get(kind, ""))

    def clarification_question(self, text: str) -> str:
        """A kind question asking what they'd like to say; it never guesses a concern."""
        questions = self.phrases.clarification_questions
        return questions[stable_hash(text) % len(questions)]

    def detail_question(self, text: str) -> str:
        """Asked beside a general opening: what, concretely, do they miss?"""
        questions = self.phrases.detail_questions
        return questions[stable_hash(text) % len(questions)]
