"""What happened, in the person's own words: the facts an opening may state, and a check that
it states no others.

An opening may say what happened only with the person's facts: the event, the object, the
time, the place, the people named by relation ("the interview", "at the party", "your
brother", "yesterday"). They are read from the shape of the complaint's sentences, not from
lists of events: the speaker's own act ("when I told you about my interview", "I planned the
picnic"), the setting of a preposition or a "the whole ..." ("at my work dinner", "the whole
party"), the partner's affirmative act ("you kept watching TV", "you were on the phone with
your mum"), the time ("yesterday", "last Saturday") and "the one who ..." ("I've been the one
planning our dates"). Negated acts of the partner ("you didn't text me back") are never
restated: they shape the wish and the request instead. With none of these, an opening has
no observation sentence at all.

`invented` is the rule every opening (composed or drafted by the model) is held to: the
content words of its observation clauses must come from the person's text or from a short
closed list of feeling and longing words. Longing clauses and the closing request may use
the article's vocabulary; a claim about their life may not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from indexer.vocabulary import (
    ABSOLUTES,
    NEGATIONS,
    NUMBER_WORDS,
    PARTNER_AS_SUBJECT,
    PARTNER_NOUNS,
    STOP_WORDS,
    WEEKDAY,
    WEEKDAYS,
    content_words,
    fold,
    names,
    numbers,
    spell_out,
    split_sentences,
    stem,
    words,
)
from server.rephrase import framing
from server.rephrase.acts import unsaid
from server.rephrase.framing import THIRD_PARTY_RE
from server.rephrase.missed import (
    FREQUENCY,
    IRREGULAR_PAST,
    NO_ED,
    NOT_ACTS,
    base_of_ing,
    base_of_past,
    base_of_s,
    gerund,
    past_tense,
    restore_case,
    to_you,
)

# The closed list: words an observation may use that the person need not have written.
FEELING_WORDS = frozenset(
    """lonely alone sad hurt disappointed scared worried anxious nervous excited happy proud
    tired far close closer miss missed missing love loved wish wished hope hoped hoping want
    wanted need needed feel felt feeling mean meant matter mattered lot much really little bit
    world sting stung lost sorry grateful glad upset heavy forward looking look together hear
    heard share shared keep thinking""".split()
)
FEELING_STEMS = frozenset(stem(w) for w in FEELING_WORDS)

CLAUSE_RE = re.compile(
    r"\s*[,;:]\s*|\s+(?:and|but|so|because)\s+(?=(?:i|i'm|i've|i'd|we|we're|we've"
    r"|you|you're|you've|it|it's|lately|these|there|that)\b)"
)


# A wish said with the speaker as subject, in the forms LONGING_RE leaves out ("I was
# wishing...", "I'm longing...", "I really wanted you with me").
WISH_RE = re.compile(r"\bi(?: was|'m| am| really| keep| find myself| still)? (?:wishing|longing"
                     r"|hoping|wanted)\b|\bi(?:'d| would)? (?:really |so |just )?(?:love|adore)\b"
                     r"|\bmeans? everything to me\b")


def is_longing(clause: str) -> bool:
    """Whether `clause` names a longing or a wish rather than saying what happened."""
    low = fold(clause)
    return bool(framing.LONGING_RE.search(low) or framing.LONGING_EXTRA_RE.search(low)
                or WISH_RE.search(low))


# Someone doing something: a subject, not an object ("just us", "with you").
SOMEONE_RE = re.compile(r"\b(?:i|i'm|i've|we|we're|we've|you're|you've|u|ur|he|she|they|it|it's"
                        r"|lately|these|there|that)\b|\b(?:you|my|your|our) \w+(?:ed|s)\b")


@dataclass(frozen=True)
class Clause:
    kind: str  # "longing", "observation" or "request"
    text: str


def clauses(opening: str) -> list[Clause]:
    """The opening cut into clauses, each read as a longing, an observation or the request.

    A question (or the closing invitation) is the request; a clause that names a longing
    ("I miss...", "I was hoping...", "it would mean so much to me") is a longing; the rest
    say what happened or how things are.
    """
    out: list[Clause] = []
    spans = framing.sentence_spans(opening)
    for n, (start, end) in enumerate(spans):
        sentence = opening[start:end].strip()
        low = fold(sentence)
        last = n == len(spans) - 1
        if low.endswith("?") or (last and (framing.REQUEST_RE.search(low)
                                           or framing.LETS_RE.match(low))):
            out.append(Clause("request", sentence))
            continue
        for part in CLAUSE_RE.split(sentence):
            part = part.strip(" .!")
            if not part:
                continue
            # "I miss talking with you, really talking": a tail with no one in it goes on
            # saying the longing; one that names someone ("since you started...") doesn't.
            tail = bool(out) and out[-1].kind == "longing" and out[-1].text in sentence and not (
                SOMEONE_RE.search(fold(part)))
            out.append(Clause("longing" if is_longing(part) or tail else "observation", part))
    return out


def observations(opening: str) -> list[str]:
    return [c.text for c in clauses(opening) if c.kind == "observation"]


def invented(opening: str, source: str) -> list[str]:
    """Words of `opening`'s observation clauses that are neither in `source` (stems compared)
    nor in the closed list of feeling and longing words: each is a claim they didn't make."""
    known = set(content_words(spell_out(source))) | set(content_words(source)) | FEELING_STEMS
    out: list[str] = []
    for text in observations(opening):
        for word in words(text):
            stems = content_words(word)
            if stems and stems[0] not in known and stem(base_of_past(word)) not in known and (
                    word not in out):  # "dug" says their "digging"
                out.append(word)
    return out


# --- reading the facts ------------------------------------------------------------------------

TIME = (
    r"yesterday|last night|this morning|this afternoon|this evening|tonight|today"
    rf"|last (?:week|weekend|month|year|{WEEKDAY})|on {WEEKDAY}"
    r"|at (?:christmas|easter|thanksgiving)|on (?:christmas|valentine's day)"
)
TIME_RE = re.compile(rf"\b(?:{TIME})\b")
DET = r"(?:the|my|your|our|his|her|their|a|an)"
# A clause ends at punctuation or where the complaint's other half begins.
# A new subject: a pronoun followed by a verb ("... you just said k"), not an object
# ("I told you about my interview").
NEW_SUBJECT = (r"\s+(?:you|u|he|she|they)\s+(?:just |still |then |only |even |never |always )?"
               r"(?:[a-z]+ed|did|didn't|didnt|don't|dont|never|always|were|was|are|is|said|went"
               r"|kept|got|sat|came|made|left|had|have|has|can't|cant|won't|wont|would|could"
               r"|will|say|says|go|goes|look|looks|spent|spend|walk|walks|fell|read|ran|put"
               r"|took|gave|told|forgot|'re|'ve|'d)\b")
_STOP = (r"(?=\s*[,.;:!?]|\s*$|\s+(?:and|but|so|then|or|because|while|when|until|instead"
         r"|without|except|which|who|like|every|the whole|the entire|all through|throughout"
         r"|all night|all day|all evening|during|literally)\b|" + NEW_SUBJECT + ")")
# The same, for objects that may be a whole set ("plans every single date").
_STOP_OBJECT = _STOP.replace("|every|", "|")
SPEAKER_WHEN_RE = re.compile(
    r"\b(?:when|after|as soon as|the moment|while|the (?:whole|entire) time) (?P<who>i|we)"
    r"(?P<aux>'m| am| was| were)? (?P<try>try to |tried to |trying to |want to"
    r" |wanted to |was trying to )?(?P<vp>[a-z][a-z' ]*?)" + _STOP
)
# Someone else's act framing the moment: "when your dad made that comment at Christmas".
MOMENT_RE = re.compile(
    r"\b(?:when|after|while) (?P<who>(?:your|my|our) (?:[a-z]+ )?(?:"
    + THIRD_PARTY_RE.pattern
    .removeprefix(r"\b").removesuffix(r"\b") + r"|[a-z]+(?= (?:died|passed|was|were|got|came"
    r"|had|broke|left|arrived|started|ended)\b))) (?P<vp>[a-z][a-z' ]*?)" + _STOP
)
# What of theirs it was about: "my interview", "my painting", "my mom's birthday dinner".
MINE_RE = re.compile(r"\bmy (?P<np>(?:[a-z]+'s )?(?:[a-z]+ ){0,2}?[a-z]+)"
                     r"(?=\s*[,.;:!?]|\s*$|\s+(?:and|but|so|then|or|because|while|when|with"
                     r"|for|on|at|in|to|is|was|has|went|before|after|yesterday|tonight|today|last|again|about"
                     r"|from|of|either|too)\b)")
NOT_MINE = frozenset("day own fault side life head mind way time turn best phone self god".split())
SPEAKER_MAIN_RE = re.compile(
    r"^(?:(?:so|and|honestly|ok|okay|well|um|like),? )*(?P<lead>(?:" + TIME + r")(?:,)?"
    r"(?: (?:at|during|after|before|over) (?:the |my |your |our )?[a-z]+,?)? )?"
    r"(?P<who>i|we) (?P<vp>[a-z][a-z0-9' ,:]*?)"
    r"(?=\s*[.;:!?]|\s*$|,? (?:and|but|then|so|while|when) (?:you|u|he|she|they|nobody|no one"
    r"|noone|everyone|nothing)\b"
    r"|,?(?:\s+and|\s+but)?" + NEW_SUBJECT + ")"
)
ONE_WHO_RES = (
    re.compile(r"\b(?:i'm|i am|am i|be|being|i've been|i'm always|always|me) (?:the (?:only )?one"
               r"(?: who| that)?|who) (?:always |ever |actually |even )?(?P<vp>[a-z][a-z' ]*?)"
               + _STOP_OBJECT),
    re.compile(r"\b(?:sick|tired) of (?:always )?(?P<ing>[a-z]+ing\b[a-z' ]*?)" + _STOP),
    re.compile(r"\bi(?:'ve| have) been (?:the one )?(?P<ing>[a-z]+ing\b[a-z' ]*?)" + _STOP),
)
PARTNER_FILLER = r"(?:(?:just|literally|still|always|basically|actually|even|again) )?"
# The partner's own doings, said without blame: (pattern, form). Forms: "while" (kept as a
# "while you ..." clause), "ing" (put as "you were/you're ..."), "on" (a place or a screen they
# were on), "past" (an affirmative past act of theirs).
PARTNER_ACT_RES = (
    (re.compile(rf"\bwhile {PARTNER_AS_SUBJECT} (?P<vp>[a-z][a-z' ]*?)" + _STOP), "while"),
    (re.compile(rf"\b{PARTNER_AS_SUBJECT}"
                # a word given again and again ("you keep saying you'll call") is no doing of
                # the moment: said back as "while you're saying ..." it is not what happened
                rf" (?:just )?(?P<tense>kept|keeps|keep) (?!saying\b|telling\b|promising\b)"
                r"(?P<vp>[a-z]+ing\b[a-z' ]*?)"
                + _STOP), "ing"),
    (re.compile(rf"\b{PARTNER_AS_SUBJECT}"
                rf" (?P<tense>spent|spend|spends) (?P<np>(?:(?:the|my|our|your)"
                rf" whole|(?:the|my|our|your) entire|all(?: the| of the)?|every) [a-z' ]+?)"
                r" (?P<vp>[a-z]+ing\b[a-z' ]*?)" + _STOP), "ing"),
    # "you spent the whole time on the phone to your business partner": the screen they were on
    (re.compile(rf"\b{PARTNER_AS_SUBJECT}"
                rf" (?P<tense>spent|spend|spends) (?P<np>(?:(?:the|my|our|your)"
                rf" whole|(?:the|my|our|your) entire|all(?: the| of the)?|every) [a-z' ]+?)"
                r" (?P<vp>(?:on|glued to) (?:your|his|her|the)"
                r" [a-z']+)(?=\s*[,.;:!?]|\s*$|\s+(?:at|in|during|with|to|and|but|when|while|for"
                r"|instead|the whole|all|again)\b)"), "ing"),
    (re.compile(rf"\b(?:{PARTNER_AS_SUBJECT}"
                rf" (?P<tense>were|was|sat|are|is)|(?P<now>you're|he's|she's|ur))"
                r" " + PARTNER_FILLER + r"(?P<vp>(?:on|glued to|at|in) (?:(?:your|his|her|the|a) )?"
                r"[a-z' ]+?)"
                + _STOP), "on"),
    (re.compile(rf"\b(?:{PARTNER_AS_SUBJECT} (?P<tense>were|was|are|is)|(?P<now>you're|he's|she's))"
                r" " + PARTNER_FILLER + r"(?P<vp>[a-z]+ing\b[a-z' ]*?)" + _STOP), "ing"),
    # at the start, or after their own "while I ..." ("while I was reading you my speech you
    # fell asleep")
    (re.compile(rf"(?:^(?:[a-z]+,? )?|\b(?:when|while) (?:i|we) [a-z' ]+?,? ){PARTNER_AS_SUBJECT}"
                rf" {PARTNER_FILLER}(?P<vp>[a-z]+ed\b[a-z' ]*?|went"
                r" [a-z' ]+?|spent [a-z' ]+?|(?:read|saw|heard|took|made|came|got|gave|brought"
                r"|fell|sat|slept|ate|drove|wore|spoke) [a-z' ]+?)"
                + _STOP), "past"),
)
# Acts of the partner that are done to the person, or failures: never restated, since said
# back they are the complaint again ("you left me alone", "you forgot").
ACCUSING = frozenset(
    """forgot forget left ignored ignore cancelled canceled missed skipped complained refused
    laughed mocked criticised criticized blamed yelled shouted snapped grunted walked stormed
    stood ditched abandoned dumped embarrassed humiliated lied promised rolled sighed scoffed
    smirked sneered interrupted dismissed""".split()
)
REPORTED_RE = re.compile(r"\b(?:says|said|claims|claimed|pretends|pretended|thinks|thought"
                         r"|swears|swore|insists|insisted)(?: that)?\s*$")
TIMES_OF_DAY = frozenset("morning afternoon evening night day".split())
# Past acts that say nothing without what follows them: "you spent (the whole time ...)".
MOVES = frozenset("spent went took made came got gave brought".split())
# Acts whose "for the weekend of my sister's wedding" says what was planned, not when.
PLANNED = frozenset("booked planned arranged organised organized scheduled".split())
# Heads that are not settings: "at all", "at least", "in months".
NOT_SETTING = frozenset(
    """all least first last once times time moment point end night day week weekend month year
    months weeks days years ages me you us him her them it this that home work front same way
    most wall mine yours ours one bed whole entire thing things""".split()
)
# Words after "my dad is ..." that are not a state of theirs.
NOT_STATE = frozenset("a an the my your our so very just always never not being here there "
                      "home back out over done fine ok okay right wrong in off away up about"
                      .split())
UNREALISED_RE = re.compile(r"\b(?:supposed to|meant to|going to|gonna|planned to|promised to"
                           r" take me|(?:beg|begged|ask|asked|remind|reminded|want|wanted|need"
                           r"|needed|told|tell|invite|invited) (?:you|u|him|her) to|promised"
                           r"|said (?:you|he|she)(?:'d| would))\b")
MOTION = frozenset("go goes went going gone come came coming get got drive drove walk walked "
                   "take took bring brought invite invited".split())
SETTING_RE = re.compile(
    rf"\b(?P<prep>at|during|to) (?P<np>(?:{DET} )?(?:[a-z']+ ){{0,2}}?[a-z][a-z']*)"
    r"(?=\s*[,.;:!?]|\s*$|\s+(?:and|but|so|then|or|because|while|when|with|for|on|in|i|you|he"
    r"|she|last|yesterday|tonight|today|again|anymore|instead|without|after|before|like|either"
    r"|too|as well|by|all|alone|until|till)\b)"
)
WHOLE_RE = re.compile(r"(?<!\bto )(?<!\bwith )(?<!\bfor )(?<!\bof )"  # "to the whole team": who
                      r"\b(?:the whole|the entire|all through|throughout|through) (?P<np>(?:our"
                      r" |my |your |the )?(?!time\b)[a-z]+(?: (?!at\b|in\b|i\b|with\b|and\b"
                      r"|[a-z]+ing\b)[a-z]+)?)\b")  # "the whole morning (cleaning the flat)"
EVERY_TIME_RE = re.compile(r"\bevery (?:single )?time (?P<who>we|i)"
                           r" (?P<vp>[a-z]+(?: [a-z']+){0,4}?)"
                           r"(?=\s*[,.;:!?]|\s*$|\s+(?:and|but|you)\b)")
NOT_SPEAKER_VERBS = NOT_ACTS | frozenset(
    """am was were have has had do does did can could would will should must just really
    always never also still even guess think feel felt know knew thought wanted need needed
    mean meant get got seem seemed don't didn't can't won't wouldn't couldn't haven't hasn't
    hadn't isn't wasn't aren't shouldn't honestly literally basically hate hated love loved
    miss missed wish try tried keep kept sit sat stood swear said asked used""".split()
)
SAY_VERBS = frozenset("told showed mentioned shared texted sent".split())
FILLER_RE = re.compile(r"\b(?:even|just|literally|actually|really|basically|honestly|still"
                       r"|totally|completely|again|anymore|at all|for once|once|already)\b\s*")
COUNT_RE = re.compile(r"\s*\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few"
                      r"|a hundred|a million|several|many) times\b")


@dataclass(frozen=True)
class Facts:
    """The facts of one complaint, in the person's words, ready to say back."""

    time: str  # "yesterday", "last Saturday" ("" when none)
    setting: str  # "at the party", "during the meal", "when we eat" ("" when none)
    gathering: str  # the setting's head noun: "party" ("" when none)
    speaker_act: str  # "I told you about my interview" ("" when none)
    speaker_when: bool  # the act was a "when I ..." clause, so it frames a moment
    partner_act: str  # "you were talking to your brother", "while you played Xbox"
    one_who: str  # "I've been the one planning our dates" ("" when none)
    past: bool  # the facts tell one past moment, not a habit
    mine: str = ""  # what of theirs it was about: "my surgery" ("" when none)
    mocked: str = ""  # a thing of theirs an act was done to: "my painting" ("" when none)

    @property
    def any(self) -> bool:
        return bool(self.setting or self.speaker_act or self.partner_act or self.one_who)


def _tidy(vp: str) -> str:
    spent = re.match(r"spent (?:all (?:morning|day|afternoon|evening|night|week|weekend)"
                     r"|(?:[a-z0-9]+ )?(?:hours|minutes|days|weeks|evenings)"
                     r"|the (?:whole|entire) [a-z]+|ages)"
                     r" ([a-z]+ing)\b", vp)
    if spent:  # "spent three hours cooking your favourite lasagna" -> "cooked ..."
        vp = past_tense(base_of_ing(spent.group(1))) + vp[spent.end():]
    vp = FREQUENCY.sub("", vp)
    vp = COUNT_RE.sub("", vp)
    vp = FILLER_RE.sub("", vp)
    vp = re.sub(r"\s+(?:the whole|the entire|all the|every) time\b.*$", "", vp)
    vp = re.sub(r"\s+the time$", "", vp)
    vp = re.sub(r"\b(the|your|my|our|his|her) (?:whole|entire) ", r"\1 ", vp)
    vp = re.sub(r"\b(?:all of|all)\s+(?=the\b|my\b|your\b|our\b)", "", vp)
    vp = re.sub(r"\ba single thing\b", "things", vp)
    vp = re.sub(r"\ba single\b", "a", vp)
    vp = re.sub(r"\bevery single\b", "every", vp)
    vp = re.sub(r"\s+(?:for|to|at|with|of|on|in|about|the|a|an|my|your|our)$", "", vp.strip())
    return " ".join(vp.split()).strip(" ,")


def _head(vp: str) -> str:
    return vp.split()[0].strip(",") if vp.split() else ""


def _past(verb: str) -> bool:
    if verb in {"used", "need", "needed"}:
        return False  # "used to": a habit, not a moment
    return verb in IRREGULAR_PAST or (verb.endswith("ed") and len(verb) > 3)


def _has_name(phrase: str, named: set[str]) -> bool:
    return any(w.strip(",").removesuffix("'s") in named for w in phrase.split())


def _clean_act(vp: str, named: set[str]) -> str:
    """A verb phrase fit to say back: tidy, no names, no harsh words, no negation."""
    vp = _tidy(vp)
    vp = re.sub(r"\s+(?:with|to|for|at|in|from) (?:the |my |your |our )?(?:[a-z']+ ){0,2}[a-z']+$",
                lambda m: "" if _has_name(m.group(), named) else m.group(), vp)
    tokens = vp.split()
    if tokens and tokens[-1] in {"was", "were", "is", "are", "be", "been", "'re"}:
        return ""  # "were (in Berlin)": nothing left to say once the name is gone
    if not 1 <= len(tokens) <= (16 if "," in vp or " and " in vp else 12) or _has_name(vp, named):
        return ""
    if any(w in {"not", "no", "never", "nothing", "nobody", "without", "didnt", "dont", "cant",
                 "wont", "barely", "rarely", "hardly", "seldom"} or w.endswith("n't")
           for w in tokens):
        return ""
    if framing.FAUX_WORD_RE.search(vp):
        return ""
    report = framing.check(f"I miss it when {vp}.")
    if not all(report.get(rule).passed for rule in framing.HARSHNESS_RULES):
        return ""
    return vp


# Where a verb phrase's own clause ends and a second one (a reason, a place described) begins:
# "planned a picnic at the lake (where we had our first date)".
SECOND_CLAUSE_RE = re.compile(r"\s+(?:where|which|who|whom|whose|because|since|so that|even"
                              r" though|although|though|just so|only to|to see if|in case)\b.*$")
TIME_INSIDE_RE = re.compile(rf"\s+(?:{TIME})\b")
NOT_ITEM = frozenset("i you u he she we they it then so but because when while just all everything "
                     "nothing that this stuff more".split())
# Past heads that are not acts in a list ("..., and felt awful").
NOT_ITEM_VERBS = frozenset("was were felt thought wanted needed knew meant seemed tried kept "
                           "said asked guess hoped".split())


def _items(vp: str) -> list[str]:
    """The coordinated parts of a verb phrase, as far as they are acts or short things:
    "set up the garden, hung the lights, made the cake" -> three acts; "the cooking, shopping
    and school runs" -> three things; a part that is neither ends the list."""
    parts = [p.strip() for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", vp) if p.strip()]
    if not parts:
        return []
    kept = [parts[0]]
    for part in parts[1:]:
        tokens = part.split()
        head = tokens[0]
        act = _past(head) and head not in NOT_ITEM_VERBS and len(tokens) <= 8
        thing = len(tokens) <= 3 and head not in NOT_ITEM and not _past(head) and not any(
            w in NOT_ITEM or w.endswith("n't") for w in tokens)
        if not (act or thing) or len(kept) == 3:
            break
        kept.append(part)
    return kept


def _joined(items: list[str]) -> str:
    return ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) > 1 else items[0]


def _shorten_act(vp: str, said: bool = False) -> str:
    """An act of theirs cut to what they did: no time inside it (the opening says the time on
    its own), no second clause, its list of acts or things kept ("hung the lights and made
    the cake"); after "told you (that)" the news they told is kept."""
    vp = TIME_INSIDE_RE.sub("", f" {vp}").strip()
    if said:
        vp = re.sub(r"^((?:told|showed|texted|messaged) (?:you|u|him|her) )that ", r"\1", vp)
    vp = SECOND_CLAUSE_RE.sub("", vp)
    items = _items(vp)
    return _joined(items) if items else vp


def _named(text: str) -> set[str]:
    return {w for w, _, _ in names(text) if w not in framing.FACT_WORDS}


def _determined(np: str) -> str:
    return np if np.split()[0] in {"our", "my", "your", "the", "every", "each"} else f"the {np}"


def _setting(sentence: str, named: set[str]) -> tuple[str, str]:
    """("at my work dinner", "dinner"), read from a preposition or "the whole ..."."""
    moment = re.match(r"(?P<np>(?:my|our) [a-z']+(?: [a-z']+)?) (?P<vp>(?:had to be|has been|was"
                      r"|were|got|died|passed away|broke|lost|went|came|started|had) [a-z' ]*?)"
                      + _STOP, sentence)
    if moment and not _has_name(moment.group(), named) and not re.search(
            rf"\b{PARTNER_NOUNS}\b", moment.group("np")) and 2 <= len(
            moment.group("vp").split()) <= 8:
        vp = re.sub(rf"\s+(?:on|last) (?:{WEEKDAY}|week|night)$", "", moment.group("vp"))
        return f"when {moment.group('np')} {vp}", ""  # "when my cat had to be put down"
    around = re.search(r"\b(?P<lead>the (?:night|day|morning|evening|week) )?(?P<prep>before|after)"
                       r" (?P<np>(?:my|our) [a-z']+(?: [a-z']+)?)(?=\s*[,.;:!?]|\s*$|\s+(?:and"
                       r"|but|so|when|while)\b)", sentence)
    if around and not _has_name(around.group(), named):
        return around.group(), ""  # "the night before my exam"
    on_day = re.search(r"\bon (?P<np>(?:my|our) (?:[a-z]+'s )?(?:[a-z]+ )?(?:birthday|anniversary"
                       r"|first day|day off|wedding day|holiday|big day))\b", sentence)
    if on_day and not _has_name(on_day.group(), named):
        return f"on {to_you(on_day.group('np'))}", on_day.group("np").split()[-1]
    sick = re.search(r"\b(?P<np>(?:my|our|your) [a-z']+) (?P<be>is|was|has been|'s been)"
                     r" (?P<adj>[a-z]+)(?=\s*[,.;:!?]|\s*$|\s+(?:and|but|so|again|lately|right now"
                     r"|at the moment)\b)", sentence)
    if sick and sick.group("adj") not in NOT_STATE and not sick.group("adj").endswith(
            "ing") and not _has_name(sick.group(), named) and not re.search(
            rf"\b{PARTNER_NOUNS}\b", sick.group("np")):
        np, adj = to_you(sick.group("np")), sick.group("adj")
        return (f"when {np} was {adj}" if sick.group("be") == "was" else f"with {np} {adj}"), ""
    state = re.search(r"\b(?P<np>(?:my|your|our) [a-z']+(?: [a-z']+)?) (?P<be>was|were|is|are)"
                      r" (?P<prep>in|at) (?P<place>(?:the|a|an|my|your|our) [a-z']+)"
                      r"(?=\s*[,.;:!?]|\s*$|\s+(?:and|but|so|all|for|last|this|when)\b)", sentence)
    if state and not _has_name(state.group(), named) and not re.search(
            rf"\b{PARTNER_NOUNS}\b", state.group("np")):
        when = "when" if state.group("be") in {"was", "were"} else "while"
        place = state.group("place").replace("a ", "the ", 1) if state.group(
            "place").startswith("a ") else state.group("place")
        return (f"{when} {to_you(state.group('np'))} {state.group('be')} {state.group('prep')}"
                f" {place}", place.split()[-1])
    among = re.search(r"\bwhen we(?:'re| are| were) (?P<prep>with|at|around) (?P<np>(?:your|my|our"
                      r"|the) [a-z']+(?: [a-z]+)?)(?=\s*[,.;:!?]|\s*$|\s+(?:and|but|so)\b)",
                      sentence)
    if among and not _has_name(among.group("np"), named):
        verb = "were" if "were" in among.group() else "'re"
        return (f"when we{' ' if verb == 'were' else ''}{verb} {among.group('prep')} "
                f"{to_you(among.group('np'))}", "")
    night = re.search(r"\b(?:on )?the (?:one |only )?(?P<when>night|day|evening|morning|weekend"
                      r"|week) (?P<np>(?:my|your|our) [a-z']+) (?P<be>is|are|was|were)"
                      r" (?P<ing>[a-z]+ing)\b", sentence)
    if night and not _has_name(night.group(), named):
        return (f"on the {night.group('when')} {to_you(night.group('np'))} {night.group('be')}"
                f" {night.group('ing')}", "")  # "on the night my parents are visiting"
    every = EVERY_TIME_RE.search(sentence)
    if every:
        return f"when {every.group('who')} {every.group('vp')}", every.group("vp").split()[-1]
    whole = WHOLE_RE.search(sentence)
    before_whole = sentence[: whole.start()].split()[-1:] if whole else []
    done = bool(before_whole) and before_whole[0].endswith("ed") and before_whole[0] != "spent"
    if whole and not done:  # "I cleaned the whole house": what was done, not when
        np = _tidy(whole.group("np"))
        head = np.split()[-1] if np else ""
        if head == "home" and len(np.split()) >= 2 and np.split()[-2] not in NOT_SETTING:
            head = np.split()[-2]  # "the whole drive home": the drive
        if head and head not in NOT_SETTING and not _has_name(np, named) and not (
                THIRD_PARTY_RE.search(head) or sentence[whole.end():].startswith("'s")):
            # "during the afternoon" says when, but there is no "next afternoon" to go to
            return f"during {_determined(np)}", "" if head in TIMES_OF_DAY else head
    front = re.search(r"\bin front of (?P<np>(?:your|my|our|the|his|her) [a-z']+(?: (?!again\b"
                      r"|yesterday\b|today\b|tonight\b|last\b)[a-z]+)?)"
                      r"(?=\s*[,.;:!?]|\s*$|\s+(?:and|but|so|when|at|again)\b)", sentence)
    if front and not _has_name(front.group("np"), named):
        return f"in front of {to_you(front.group('np'))}", ""
    for m in SETTING_RE.finditer(sentence):
        np = _tidy(m.group("np"))
        tokens = np.split()
        if not tokens or tokens[-1] in NOT_SETTING or _has_name(np, named):
            continue
        before = sentence[: m.start()].split()
        if before and re.match(r"(?:laugh|look|star|smil|yell|shout|point|snap|glar|mad|angry"
                               r"|good|bad)", before[-1]):
            continue  # "laughs at my jokes", "good at": not a place
        if tokens[-1] in {"and", "or", "but", "so"} or UNREALISED_RE.search(" ".join(before)):
            continue  # "we were supposed to go to the cinema" never happened
        if m.group("prep") == "to" and len(before) >= 2 and before[-1] == "it" and before[-2] in {
                "make", "made", "makes", "making"}:
            return f"at {np}", tokens[-1]  # "make it to my graduation dinner"
        if m.group("prep") == "to" and not (before and before[-1] in MOTION
                                           and tokens[0] in {"your", "my", "our", "the"}):
            continue  # "went to your office party" is a place; "talking to your brother" isn't
        if m.group("prep") == "to" and len(before) >= 2 and before[-2] in {"you", "u", "he",
                                                                         "she"}:
            went = "were" if _past(before[-1]) else "'re"
            return f"while you{' ' if went == 'were' else ''}{went} at {to_you(np)}", ""
        if tokens[0] in {"a", "an"} or (len(tokens) == 1 and tokens[0].endswith("ing")):
            continue
        if THIRD_PARTY_RE.search(tokens[-1]) or TIME_RE.fullmatch(f"{m.group('prep')} {np}"):
            continue
        prep = "at" if m.group("prep") in {"at", "to"} else m.group("prep")
        # "at eight months pregnant": a state said back, never a gathering to go to again
        return f"{prep} {np}", "" if numbers(np) else tokens[-1]
    return "", ""


# "the whole X" straight after a past verb is its object ("planned the whole holiday"), not
# how long ("talked the whole time"), so it does not end the act.
WHOLE_OBJECT_RE = re.compile(r"\b((?!spent\b)[a-z]+ed|booked|planned) the (?:whole|entire)"
                             r" (?!(?:time|day|night|evening|morning|afternoon|weekend|week|way"
                             r"|meal|drive|journey|film|movie|flight|service|ceremony|show)\b)")


def _partner_act(sentence: str, named: set[str]) -> tuple[str, str, bool]:
    """("you were talking to your brother", the setting a "spent the whole X" gave, past)."""
    sentence = WHOLE_OBJECT_RE.sub(r"\1 the ", sentence)
    for pat, form in PARTNER_ACT_RES:
        # what they say they are doing is not what they did: "he says he's listening but ..."
        for m in pat.finditer(sentence):
            if not REPORTED_RE.search(sentence[: m.start()]):
                break
        else:
            continue
        groups = m.groupdict()
        vp = re.sub(r"\s+again\b.*$", "", groups["vp"])  # "working late (again on ...)"
        # "went to the football (on my birthday)": the setting's; but what was booked "for the
        # weekend of my sister's wedding" is what they booked.
        core = _clean_act(re.sub(r"\s+(?:on|at|during|before|after|for|over) (?:the [a-z]+ of )?"
                                 r"(?:my|our) [a-z' ]+$", "", vp), named)
        act = _clean_act(vp, named) if _head(core) in PLANNED else core
        seen = _head(act) in {"read", "saw", "heard", "opened", "watched", "got"}
        if not act or _head(act) in ACCUSING or re.search(r"\bfun of\b", act) or (
                form == "past" and len(act.split()) < 2 and _head(act) in MOVES) or (
                re.search(r"\b(?:me|us)\b", core)) or (
                re.search(r"\bmy\b", core) and not seen):
            continue
        setting = ""
        if groups.get("np"):
            every = re.match(r"every (?:single )?([a-z]+)$", groups["np"])
            np = _tidy(groups["np"])
            if every and every.group(1) in {"evening", "night", "weekend", "morning"}:
                setting = f"in the {every.group(1)}s"
            elif np and np.split()[-1] not in NOT_SETTING and not _has_name(np, named):
                setting = f"during {_determined(np)}"
        tense = groups.get("tense") or ""
        past = tense in {"kept", "spent", "were", "was", "sat"} or form == "past"
        act = to_you(act)
        if form == "while":
            return f"while you {act}", setting, _past(_head(act))
        if form == "past":
            return f"you {act}", setting, True
        return (f"you were {act}" if past else f"you're {act}"), setting, past
    return "", "", False


# Before "my ...": a time, not the thing it was about ("after my twelve hour shift").
WHEN_BEFORE_RE = re.compile(r"\b(?:after|before|during|since|until|till|following)\s*$")


def _mine(sentence: str, named: set[str]) -> str:
    for m in MINE_RE.finditer(sentence):
        if WHEN_BEFORE_RE.search(sentence[: m.start()]):
            continue  # "I made your favourite curry after my shift": the curry, not the shift
        np = _tidy(m.group("np"))
        head = np.split()[-1] if np else ""
        if head.endswith("ed") and head not in NO_ED and base_of_past(head) != head:
            continue  # "my boss yelled": a clause, not a thing of theirs
        if (not head or head in NOT_MINE or head in NOT_SETTING or _has_name(np, named)
                or re.fullmatch(PARTNER_NOUNS, head) or (THIRD_PARTY_RE.fullmatch(head)
                                                            and len(np.split()) == 1)):
            continue
        if THIRD_PARTY_RE.fullmatch(head) or head == "ex" or re.search(
                rf"\b{PARTNER_NOUNS}\b|\b(?:never|always|just|don't|doesn't|didn't)\b", np):
            continue  # "my sister" is a person, not a thing of theirs
        return f"my {np}"
    return ""


# Acts done to a thing of theirs, never restated (they are the complaint again): what they
# were done to is said back instead, as what matters to them ("my painting").
DONE_TO_RE = re.compile(
    r"\b(?:laugh(?:ed|ing|s)?(?: at| about)?|mock(?:ed|ing|s)?|criti(?:c|s|z)i[sz](?:ed|ing|es|e)"
    r"|insult(?:ed|ing|s)?|trash(?:ed|ing|es)?|dismiss(?:ed|ing|es)?|shot down|shoot(?:s|ing)?"
    r" down|ma(?:de|ke|kes|king) fun of|jok(?:ed|ing|es) about|sneer(?:ed|ing|s)? at|scoff(?:ed"
    r"|ing|s)? at|roll(?:ed|ing|s)? (?:your|his|her) eyes at|complain(?:ed|ing|s)? about|pick"
    r"(?:ed|ing|s)? apart|tore apart|rip(?:ped|ping|s)? into|belittl(?:ed|ing|es)|made a dig"
    r" about|ma(?:de|ke|kes|king) a (?:joke|comment) about|comment(?:ed|ing|s)? on)"
    r" (?:(?:all|even|about|at|of) )?(?=my\b)")


def _mocked(sentence: str, named: set[str]) -> str:
    """"my painting" from "you laughed at my painting in front of your friends"."""
    for m in DONE_TO_RE.finditer(sentence):
        mine = _mine(sentence[m.end():], named)
        if mine and sentence[m.end():].startswith(mine):
            return mine
    return ""


def _speaker_act(sentence: str, named: set[str]) -> tuple[str, bool]:
    moment = MOMENT_RE.search(sentence)
    if moment:
        act = _clean_act(moment.group("vp"), named)
        if act:
            return f"{to_you(moment.group('who'))} {act}", True
    m = SPEAKER_WHEN_RE.search(sentence)
    if m:
        act = _clean_act(_shorten_act(m.group("vp"), said=_head(m.group("vp")) in SAY_VERBS),
                         named)
        head = _head(act)
        if act.startswith(("was ", "were ")) and _head(act.split(" ", 1)[1]).endswith("ing"):
            return f"{m.group('who')} {act}", True  # "while I was telling you about ..."
        if act and head not in NOT_ACTS and head not in {"feel", "felt", "am", "was", "'m"}:
            return f"{m.group('who')}{m.group('aux') or ''} {m.group('try') or ''}{act}", True
    m = SPEAKER_MAIN_RE.search(sentence)
    if m:
        vp = re.sub(r"^(?:(?:finally|just|actually|really|even|also|literally) )+", "",
                    m.group("vp").strip(" ,"))  # "I finally got my black belt"
        vp = re.sub(r"^(?:have|'ve) (?=[a-z]+ed\b)", "", vp)  # "I have cooked dinner ..."
        head = _head(vp)
        tried = re.match(r"tried to (?:tell|show|talk to|ask) ", vp)
        doing = re.match(r"(?:was|were) [a-z]+ing\b", vp) and not re.match(
            r"\w+ (?:feeling|thinking|wondering|hoping|waiting|trying|going|being|getting)\b", vp)
        if (_past(head) and head not in NOT_SPEAKER_VERBS) or head in SAY_VERBS or tried or (
                NEWS_RE.match(vp)) or doing:
            act = _clean_act(_shorten_act(vp, said=head in SAY_VERBS), named)
            if act:
                return f"{m.group('who')} {act}", False
    # Their own news inside another clause: "do you even care that I got the promotion".
    m = NEWS_IN_RE.search(sentence)
    if m:
        act = _clean_act(_shorten_act(m.group("vp")), named)
        if act:
            return f"I {act}", False
    # A later clause, in the present: "... and I pick them up" (what I keep doing).
    m = SPEAKER_LATER_RE.search(sentence)
    if m:
        vp = _resolve_them(m.group("vp"), sentence[: m.start()])
        head = _head(vp)
        if vp and head not in NOT_SPEAKER_VERBS and not head.endswith(("ed", "ing")) and len(
                vp.split()) >= 2:
            act = _clean_act(vp, named)
            if act:
                return f"I {act}", False
    return "", False


# "got"/"had" with a thing of theirs is news, not a feeling: "I got the promotion", "I had a
# panic attack" (not "I had to", "I got home").
NEWS_RE = re.compile(r"(?:got|had|passed|won|finished|started|lost|found|booked|made|cooked|baked"
                     r"|bought|planned|organised|organized|painted|wrote|built|ran|sold|fixed"
                     r"|cleaned) (?:the|a|an|my|our|some|this|that|into|onto|through)\b")
NEWS_IN_RE = re.compile(r"\b(?:that|how|after|since|the day|the week) i"
                        r" (?:just |finally |actually )?(?P<vp>" + NEWS_RE.pattern
                        + r"[a-z' ]*?)" + _STOP)
SPEAKER_LATER_RE = re.compile(r"(?:,|\band|\bbut|\bso|\bthen) i (?P<vp>[a-z][a-z' ]*?)"
                              r"(?=\s*[,.;:!?]|\s*$|\s+(?:and|but|so|because|while|when)\b)")


def _resolve_them(vp: str, before: str) -> str:
    """"pick them up" -> "pick up your wet towels": "them"/"it" as the thing named before."""
    if not re.search(r"\b(?:them|it)\b", vp):
        return vp
    things = [m for m in re.finditer(r"\b(?:the|my|your|our|his|her) (?:[a-z]+ ){0,2}?[a-z]+s\b",
                                     before) if m.group().split()[-1] not in NOT_SETTING]
    if not things:
        return ""
    thing = to_you(things[-1].group())
    out = re.sub(r"^(\w+) them up\b", rf"\1 up {thing}", vp)
    return re.sub(r"\b(?:them|it)\b", thing, out) if out == vp else out


LIST_TAIL_RE = re.compile(r"(?:\s*,\s*|\s+and\s+)[a-z' ,]+?(?=\s*[.;:!?]|\s*$|\s+(?:for|while"
                          r"|when|because|but|so|since|every|all|lately|anymore|again|without"
                          r"|instead|until|then)\b)")


def _with_list(act: str, tail: str, named: set[str]) -> str:
    """`act` with the rest of its list: "doing the cooking" and ", shopping and school runs"
    -> "doing the cooking, shopping and school runs"."""
    more = LIST_TAIL_RE.match(tail)
    if not more:
        return act
    items = _items(f"{act}{more.group()}")
    joined = _clean_act(_joined(items), named) if len(items) > 1 else ""
    return joined or act


def _restore_e_s(stem_: str) -> str:
    """"pay" from "pays", "book" from "books" (the final s already cut)."""
    return base_of_s(stem_ + "s")


def _one_who(sentence: str, named: set[str]) -> str:
    """"I'm the one who plans every date" -> "I've been the one planning our dates";
    "sick of doing all the laundry" -> "I've been doing the laundry"."""
    for n, pat in enumerate(ONE_WHO_RES):
        m = pat.search(sentence)
        if not m:
            continue
        vp = m.group("vp") if n == 0 else m.group("ing")
        vp = re.sub(r"^(?:always |ever )?(?:has|have|had|gets|get) to ", "", vp)  # "has to book"
        act = _clean_act(vp, named)
        if not act:
            continue
        head, _, rest = act.partition(" ")
        head = base_of_ing(head) if head.endswith("ing") else base_of_s(head)
        rest = re.sub(r"\bevery (?!(?:single )?(?:day|week|month|year|morning|evening|night|weekend"
                      r"|time)\b)(\w+)\b", lambda x: f"our {x.group(1)}s", rest)  # not "our months"
        if n >= 1:
            if head in {"feeling", "thinking", "wondering", "trying", "waiting", "hoping"}:
                continue
            return f"I've been {_with_list(act, sentence[m.end():], named)}"
        if head in NOT_ACTS or head in {"be", "have"} or (head in {"get", "do"} and not re.match(
                r"(?:up|the|them|our|my|your|ready|home|dinner|all)\b", rest)):
            continue
        acts = [f"{gerund(head)} {rest}".strip()]
        tail = sentence[m.end():]
        for more in re.finditer(r",\s*(?:and\s+)?([a-z]+)s\s+([a-z' ]+?)(?=\s*,|\s*$)", tail):
            extra = _clean_act(f"{more.group(1)} {more.group(2)}", named)
            if extra and len(acts) < 3:
                acts.append(f"{gerund(_restore_e_s(more.group(1)))} {more.group(2)}")
        said = ", ".join(acts[:-1]) + f" and {acts[-1]}" if len(acts) > 1 else _with_list(
            acts[0], tail, named)  # "the bedtime stories, the bath and the packed lunches"
        one = "the one " if re.search(r"\bone\b", sentence) else ""
        return f"I've been {one}{said}"
    return ""


# Thanks that are sarcasm: what they thank for is what they did themselves.
THANKS_RE = re.compile(r"\b(?:thanks|thank you)(?: so much| a lot| very much| for nothing)?"
                       r" for (?P<ing>[a-z]+ing\b[a-z' ]*?)" + _STOP)
DID_IT_RE = re.compile(r"\b(?:(?:that|it) was (?:me|all me)|i did (?:it|that|all)|oh wait|who"
                       r" did it)\b")


def read_facts(text: str) -> Facts:
    """The facts of `text` an opening may say back: the acts from the first sentence that
    has one, the setting and the time from that sentence or else the first that has them.
    What the partner told others about them is what was said, not a fact (acts.unsaid)."""
    low = unsaid(spell_out(text))
    named = _named(text)
    found: list[dict[str, object]] = []
    for start, end in split_sentences(low):
        sentence = low[start:end].rstrip(".!?… ")
        speaker, when = _speaker_act(sentence, named)
        partner, p_setting, p_past = _partner_act(sentence, named)
        setting, head = _setting(sentence, named)
        if p_setting:
            setting, head = p_setting, p_setting.split()[-1]
        t = TIME_RE.search(sentence)
        found.append({"speaker": speaker, "when": when, "partner": partner, "p_past": p_past,
                      "setting": setting, "head": head, "time": t.group() if t else "",
                      "one": _one_who(sentence, named), "mine": _mine(sentence, named),
                      "mocked": _mocked(sentence, named)})
    thanked = THANKS_RE.search(low)
    if thanked and thanked.group("ing").split()[0] in {"remembering", "forgetting"}:
        thanked = None  # "thanks for remembering to pick me up ... oh wait": they didn't
    if thanked and DID_IT_RE.search(low) and not any(f["speaker"] for f in found):
        ing, _, rest = thanked.group("ing").partition(" ")
        act = _clean_act(_shorten_act(f"{past_tense(base_of_ing(ing))} {rest}".strip()), named)
        if act and found:  # "thanks so much for cleaning up ... oh wait, that was me"
            found[0] = found[0] | {"speaker": f"I {act}", "when": False, "partner": ""}
    acts = next((f for f in found if f["speaker"] or f["partner"] or f["one"]), None)
    # A setting or a time from another sentence is joined to the act only when that sentence
    # tells no act of its own: in "Do you even care that I finished the marathon? You were at
    # the garden centre" the garden centre is where the partner was, not where I ran.
    loose = [f for f in found if f is acts or not (f["speaker"] or f["partner"] or f["one"])]
    if acts and acts["when"]:  # "when I bring it up" frames its own moment: no other's
        loose = [acts]
    place = acts if acts and acts["setting"] else next(
        (f for f in loose if f["setting"] and not re.search(r"\b(?:it|that|this|them)\b",
                                                            str(f["setting"]))), None)
    dated = acts if acts and acts["time"] else next((f for f in loose if f["time"]), None)
    speaker = str(acts["speaker"]) if acts else ""
    partner = str(acts["partner"]) if acts else ""
    one = str(acts["one"]) if acts else ""
    setting = str(place["setting"]) if place else ""
    gathering = str(place["head"]) if place else ""
    time = str(dated["time"]) if dated else ""
    mine = next((str(f["mine"]) for f in found if f["mine"]), "")
    mocked = next((str(f["mocked"]) for f in found if f["mocked"]), "")
    if setting and (setting.split(" ", 1)[1] in f"{speaker} {partner}" or (re.search(
            r"\b(?:at|to|in) (?P<np>(?:the|my|your|our) [a-z' ]+)$", setting) and re.search(
            rf"\b{re.escape(setting.rsplit(' at ', 1)[-1])}\b", f"{speaker} {partner}"))):
        setting = ""  # "I waited at the restaurant" already says where
    if time and time in f"{speaker} {setting} {partner}":
        time = ""
    if one:  # "I've been the one planning our dates" says it from my side
        speaker = ""
        partner = partner if partner.startswith("while ") else ""  # "... while you finish it"
    past = bool(time) or bool(acts and (acts["p_past"] or (acts["speaker"] and _past(
        _head(str(acts["speaker"]).split(" ", 1)[-1])))))
    past = past or bool(re.search(r"\b(?:didn't|did not|didnt|was|were|forgot|went)\b",
                                  low)) or any(
        _past(m.group(1)) for m in re.finditer(r"\b(?:you|he|she|u)\s+(?:just\s+)?([a-z]+)\b",
                                               low))

    said = speaker.split()
    if acts and acts["when"] and len(said) >= 2 and said[0] in {"i", "we"} and not (
            _past(said[1]) or said[1] in {"was", "were", "had"}) and not time:
        past = False  # "when we talk": a habit of ours, said in the present

    def shown(phrase: str) -> str:
        return restore_case(phrase, text) if phrase else ""

    return Facts(shown(time), shown(setting), gathering, shown(speaker), bool(acts and
                 acts["when"] and speaker), shown(partner), shown(one), past, shown(mine),
                 shown(mocked))


# --- the things it was about: noun phrases ------------------------------------------------------
#
# A second, more general reader beside the sentence shapes above: the noun phrases of the
# complaint, found by what leads them (a determiner, a possessive or a preposition) and ended
# by closed-class words, verb forms and punctuation, not by lists of events. They are the
# event, object, place and people of the complaint in the person's words ("the recital",
# "a note on the fridge" -> "a note", "the fridge", "your brother", "at the pub" -> "the pub").
# A phrase is refused when it names someone, labels or blames, is a predicate ("you're such
# a child") or a simile ("like a prop"), is negated ("no text"), or is a third party's
# private detail ("your dad's drinking"): said back, each is a claim or a complaint again.

PRONOUNS = frozenset("i me you u him her us them it we they he she".split())
LEADS = frozenset("the a an this that these those another my your our his her their".split())
PREPOSITIONS = frozenset("""at in on to from during after before about for with since over into
    through around near behind outside inside across past till until""".split())
# Words that end a noun phrase: function words, auxiliaries and the light verbs a phrase is
# followed by ("the dinner went cold", "your fantasy league gets more attention").
NP_ENDS = (STOP_WORDS | NEGATIONS | frozenset(IRREGULAR_PAST) | ABSOLUTES | frozenset(
    """am is are was were be been being has have had do does did can could will would shall
    should may might must gets get goes go makes make says say takes take comes come keeps keep
    looks look feels feel seems seem wants want needs need knows know thinks think tells tell
    asks ask lets let gives give puts put starts start ends end turns turn sits sit
    stays stay leaves leave sees see watches cares care even just still really actually
    literally again ago anymore now then too very so such like yet already later instead
    though although also only ever once twice back away home out off up down here there
    yesterday today tonight tomorrow lately recently either neither afterwards afterward
    beforehand anyway
    lol lmao omg ok okay yeah yes nope of alone together myself yourself ourselves
    going coming doing getting being having saying trying""".split())
    | PREPOSITIONS)
# Words that start another phrase once a phrase has begun: a time ("the waiter last night"),
# a count ("my job interview three times").
NP_BREAKS = frozenset("last next this every each".split()) | NUMBER_WORDS
# Modifiers that say how much, not what: dropped from the phrase ("the whole party").
NP_DROP = frozenset("whole entire single".split())
# Heads that are no thing of theirs: the words a phrase is built around when it says nothing.
GENERIC = frozenset("""time times front way ways thing things stuff lot lots bit kind sort point
    reason fact idea rest end part side moment moments world life deal question answer problem
    problems issue issues effort attention feelings feeling one ones day days week weeks month
    months year years minute minutes hour hours second seconds while fault mind head self
    sense same other others first last next matter word words conversation conversations
    talk talks chat chats subject""".split())
# Verbs after which a phrase says what someone is, not a thing: "you're such a child".
COPULA = frozenset("am is are was were be been being 'm 're 's feel feels felt like "
                   "become became call called".split())
EVENT_HEADS = frozenset(framing.EVENTS) | frozenset("""dinner lunch breakfast party wedding
    funeral birthday anniversary christening graduation recital gig concert show match game
    reception visit trip holiday weekend night evening""".split())
PRIVATE_OF_OTHERS = re.compile(r"\b(?:" + THIRD_PARTY_RE.pattern.removeprefix(r"\b")
                               .removesuffix(r"\b") + r")(?:'s|s')\s")
_NP_TOKEN = re.compile(r"[a-z0-9&]+(?:'[a-z]*)?|[,.;:!?()\"…]")


def _nouny(word: str) -> bool:
    """Whether `word` may stand inside a noun phrase: not a closed-class word, an -ly adverb
    or a verb form ("cooked"; "bed" and "shed" are nouns)."""
    core = word.removesuffix("'s").removesuffix("'")
    if not core or core in NP_ENDS or word in NP_ENDS or not re.match(r"[a-z0-9]", core):
        return False
    if core.endswith("ly") and len(core) > 4 and core not in {"family", "belly", "rally"}:
        return False
    if core.endswith("ed") and len(core) > 4 and core not in NO_ED:
        return False
    return not core.endswith("n't")


# Plural words that do stand before another noun: "sports day", "the kids' room".
PLURAL_MODIFIERS = frozenset("sports news clothes arts sales savings glasses jeans".split())
# Words that open a clause, so the noun phrase after them is its subject.
SUBORDINATORS = frozenset("if whether that because unless until since when while cos bc".split())


def _plural(word: str) -> bool:
    """Whether `word` reads as a plain plural noun ("dates", not "glass", "bus" or "mum's")."""
    return (len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s"))
            and word not in PLURAL_MODIFIERS)


@dataclass(frozen=True)
class Thing:
    """A noun phrase of theirs: its words, the preposition before it, its head."""

    text: str  # "the recital", "your brother's birthday"
    prep: str  # "at", "to", "" ...
    head: str  # "recital"
    definite: bool  # led by a determiner other than "a"/"an", or a possessive
    person: bool = False  # someone by relation: "your brother", "the kids"
    theirs: bool = False  # a thing of the partner's, not an occasion: "your phone"
    heads: tuple[str, ...] = ()  # every head, when a phrase is tied to another

    def __post_init__(self) -> None:
        if not self.heads:
            object.__setattr__(self, "heads", (self.head,))


def things(text: str) -> list[Thing]:
    """The noun phrases of `text` an opening may say back, in order, each once; a phrase
    with the one it is about kept together ("the dinner with your colleagues", "a note on
    the fridge"); none from what the partner told others about them (acts.unsaid)."""
    low = unsaid(spell_out(text))
    named = _named(text)
    spoken_of = not re.search(r"\b(?:you|you're|you've|your)\b", low)
    out: list[Thing] = []
    for start, end in split_sentences(low):
        tokens = _NP_TOKEN.findall(low[start:end])
        i = 0
        while i < len(tokens):
            found = _phrase_at(tokens, i)
            if found is None:
                i += 1
                continue
            lead, body, prep, k = found
            thing = _thing(lead, body, prep, tokens[i - 1] if i else "", tokens[:i], named,
                           spoken_of)
            if thing and k < len(tokens) and tokens[k] in ATTACH and fold(
                    thing.text).endswith(body[-1].removesuffix("'")):  # not "your dad('s)"
                more = _phrase_at(tokens, k, attached=True)
                if more and more[0] in LEADS:  # "with jamie" stays apart: it may be a name
                    other = _thing(more[0], more[1], more[2], tokens[k - 1], tokens[:k], named,
                                   spoken_of)
                    if other and other.head not in TIMES_OF_DAY:  # "the pub (on the night)"
                        thing = Thing(f"{thing.text} {other.prep} {other.text}", thing.prep,
                                      thing.head, thing.definite, thing.person and other.person,
                                      thing.theirs and (other.theirs or other.person),
                                      thing.heads + other.heads)
                        k = more[3]
            if thing and not set(thing.heads) <= {h for t in out for h in t.heads}:
                out.append(replace(thing, text=restore_case(thing.text, text)))
            i = max(k, i + 1)
    return out


# Prepositions that tie a phrase to the one it is about: "the dinner with your colleagues".
ATTACH = frozenset("with on at in from of for".split())


def _phrase_at(tokens: list[str], i: int,
               attached: bool = False) -> tuple[str, list[str], str, int] | None:
    """(lead, body, preposition, end) of the noun phrase at `tokens[i]`, or None."""
    prep = ""
    j = i
    if tokens[i] in PREPOSITIONS or tokens[i] == "of":
        prep, j = tokens[i], i + 1
    if not (j < len(tokens) and (tokens[j] in LEADS or (prep and _nouny(tokens[j])))):
        return None
    lead = tokens[j] if tokens[j] in LEADS else ""
    k = j + 1 if lead else j
    body: list[str] = []
    while k < len(tokens) and len(body) < 4:
        w = tokens[k]
        if w in NP_DROP:
            k += 1
            continue
        after = tokens[k + 1] if k + 1 < len(tokens) else ""
        if not _nouny(w) or (body and w.endswith("ing") and not body[-1].endswith("'s") and (
                after in LEADS or after in PRONOUNS)) or (
                body and (w in NP_BREAKS or w.isdigit())):
            break  # "my birthday (watching you)": a verb with its object
        if body and _plural(body[-1]) and i and tokens[i - 1] in SUBORDINATORS:
            break  # "if the dates (work)": the subject of a clause, then its verb
        if not lead and not body and (w.endswith("ing") or (prep == "to" and not (
                w.endswith(("'s", "s'"))))):
            break  # "to pay", "for laughing": a verb, not a thing
        body.append(w)
        k += 1
        if not (w.endswith("'s") or w.endswith("s'")) and len(body) >= 3:
            break
    return lead, body, prep, k


def _thing(lead: str, body: list[str], prep: str, before: str, left: list[str],
           named: set[str], spoken_of: bool) -> Thing | None:
    while len(body) > 1 and body[-1] in WEEKDAYS:
        body = body[:-1]  # "the garden centre sunday": the time is said on its own
    while body and body[-1].endswith("'s"):
        body = body[:-1]  # "my mom's" with nothing after
    if body and body[-1].endswith("s'"):
        body = [*body[:-1], body[-1][:-1]]  # "at her parents'": her parents
    if not body:
        return None
    head = body[-1]
    if not lead and prep == "with":
        return None  # "with jamie": in lower case, a name as often as a thing
    if head in GENERIC or numbers(" ".join(body)) or head in WEEKDAYS or TIME_RE.fullmatch(
            " ".join([lead, *body]).strip()) or len(head) < 3 or (
            head in TIMES_OF_DAY and not lead) or (
            head in {"weekend", "weekends"} and lead in {"this", "next", "every"}):
        return None  # "last night" is a time, said on its own
    # What someone is, not a thing: "you're such a child", "he's a narcissist", "feeling like
    # a prop"; "it's my band" and "is the match more interesting" are things.
    subject = before.split("'")[0] if "'" in before else (left[-2] if len(left) >= 2 else "")
    if not prep and (((before in COPULA or re.fullmatch(r"[a-z]+'(?:s|re|m)", before)) and (
            subject in PRONOUNS - {"it"} or before in {"feel", "feels", "felt", "like"}
            or re.fullmatch(PARTNER_NOUNS, subject))) or (
            lead in {"a", "an"} and before in {"such", "what", "quite"})):
        return None
    if before in {"no", "without", "never"} or (left and left[-1] in NEGATIONS) or (
            lead in {"a", "an"} and "like" in left[-3:]):
        return None  # "no text"; "feels like talking to a wall": a simile, not a thing
    # A name leads a thing of theirs: "Jake's stag do" is "the stag do"; a name anywhere else
    # is never said back.
    if body[0].removesuffix("'s") in named and len(body) > 1 and body[0].endswith("'s"):
        lead, body = "the", body[1:]
    if _has_name(" ".join(body), named) or re.search(rf"\b{PARTNER_NOUNS}\b", " ".join(body)):
        return None  # a name, or the partner: "my husband" is who the opening speaks to
    phrase = " ".join(([lead] if lead else []) + body)
    if spoken_of:
        phrase = to_you(phrase)
    # the partner's people's own detail ("your dad's opinions", "your mum's comments") unless
    # it is an occasion ("your cousin's wedding"); their own ("my mum's diagnosis") is theirs
    other = PRIVATE_OF_OTHERS.search(phrase + " ")
    if other and not phrase.startswith("my ") and other.end() < len(phrase) and not (
            head in EVENT_HEADS or re.match(r"\d+(?:st|nd|rd|th)$", head)):
        phrase = phrase[: other.end()].rstrip().removesuffix("'s").removesuffix("'")
        head = phrase.split()[-1]  # "your mum's visiting": your mum, by relation
    report = framing.check(f"I keep thinking about {phrase}.")
    if not all(report.get(rule).passed for rule in (*framing.HARSHNESS_RULES, "no_jargon")) or (
            lead in {"a", "an", ""} and framing.LABEL_RE.search(phrase)):
        return None  # "a narcissist" is a label; "that joke" is what was said
    if framing.FAUX_WORD_RE.search(phrase) or head in ACCUSING:
        return None
    person = bool(THIRD_PARTY_RE.fullmatch(head.removesuffix("s")) or THIRD_PARTY_RE.fullmatch(
        head))
    # "your phone", "your football kit": what they did it with; alone, a dig said back
    theirs = phrase.startswith("your ") and not person and head not in EVENT_HEADS
    return Thing(phrase, prep, head, lead not in {"a", "an", ""} or (not lead and bool(prep)),
                 person, theirs)
