"""Layer 1 of the safety screen: a high-recall lexicon for abuse, coercive control and crisis.

Every user turn (and every text pasted for a rewrite) is scanned before any feature
answers. The lexicon boosts recall; it is not the judge. The embedding classifier
(layer 2) catches what words cannot, such as coercive control told without one
telling phrase. The rules are data (server/safety/rules.py); this module compiles them
and runs them. Small filters look around each match: negation ("he's never hurt me")
and jokes ("I could strangle him, lol") weaken a hit one step, and ordinary senses
(agreed location sharing, "I hit my head", the plot of a film) drop it. Talk of killing
gets its own judge (`_threat`): a threat someone made stays strong, the writer's idiom
("my wife's going to kill me when she sees the bill") is weak, and talk of killing over
a trifle is nothing. Violence against things has its judge too (`_against_things`): who did
it, and whether anger, fear, a habit or the person's own words or plans come with it; so
has fear of the partner's reaction (`_reaction`). Then the message as a whole can raise a
hit to a crisis: a threat, stalking or fear alongside a separation ("since I left him..."),
a weapon someone has alongside a menace ("he cleans his gun when I mention divorce"), or a
weapon brought out in answer to the person's plans ("...when I mention seeing my family").
Matching ignores case; curly quotes are folded first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.vocabulary import LAUGHTER, fold_quotes, negates
from server.safety.rules import (
    ANGER,
    CATEGORIES,
    CHILD,
    DISPUTE,
    EX,
    FEAR,
    FIREARM,
    FORCE,
    HARM_TO_PARTNER,
    LOVE,
    MENACE,
    NO_FIREARM,
    PARTNER,
    PERSON_ACTS,
    PET,
    PET_HARSH,
    REPORTED,
    ROWS,
    SECRET_LIFE,
    SEPARATION,
    STRONG,
    VIOLENCE,
    WEAK,
    WEAPON,
    WEAPON_HANDLED,
    WEAPON_HELD,
    Row,
)


@dataclass(frozen=True)
class LexiconHit:
    """One matched phrase: what it suggests, how sure the lexicon is, and where it is."""

    category: str  # one of CATEGORIES
    signal: str  # the pattern family, e.g. "strangulation"
    strength: str  # STRONG flags on its own; WEAK deserves a check-in
    evidence: str  # text[start:end]
    start: int
    end: int
    crisis: bool  # imminent danger: emergency resources first


@dataclass(frozen=True)
class _Rule:
    """A compiled row of rules.ROWS."""

    category: str
    signal: str
    strength: str
    crisis: bool
    pattern: re.Pattern[str]


def compile_rules(rows: tuple[Row, ...]) -> tuple[_Rule, ...]:
    """Compile rule rows, refusing one with an unknown category or strength."""
    rules = []
    for category, signal, strength, crisis, regex in rows:
        if category not in CATEGORIES or strength not in (STRONG, WEAK):
            raise ValueError(f"bad lexicon rule {signal!r}: {category!r}/{strength!r}")
        rules.append(_Rule(category, signal, strength, crisis, re.compile(regex, re.IGNORECASE)))
    return tuple(rules)


RULES = compile_rules(ROWS)


# --- filters -----------------------------------------------------------------------------

_CLAUSE_BREAK = re.compile(r"[.!?;:,\n]|\b(?:but|though|although|because)\b", re.IGNORECASE)
_INTENT = re.compile(r"^(?:mean|meant|intend|intended)$", re.IGNORECASE)
# Laughter written out, shared by laughter in a sentence and a sentence of laughter alone.
_LAUGH_WORDS = LAUGHTER
_LAUGHTER = re.compile(rf"\b(?:{_LAUGH_WORDS}|just\s+kidding|jok(?:ed|ing))\b"
                       r"|\(\s*(?:a\s+)?(?:joke|joking|kidding|jk)\s*[!.]?\s*\)"
                       r"|[\U0001F602\U0001F923]", re.IGNORECASE)
# Violent talk over a trifle: "I could strangle him for forgetting", "she'll kill me if I forget".
_TALK_SIGNALS = frozenset({"threat_to_kill", "strangulation"})
_TRIFLE = re.compile(r"^\W*(?:for|over)\s+(?:not\s+)?\w+ing\b|^\W*if\s+i\s+(?:\w+\s+)?(?:forget|"
                     r"spoil|eat|miss|lose|am\s+late|'m\s+late|don'?t\s+(?:buy|get|remember|call|"
                     r"book|pick))"
                     # "when she finds out I forgot to book the restaurant"
                     r"|^\W*(?:if|when|once)\s+(?:he|she|they)\s+(?:finds?\s+out|sees?|hears?)\s+"
                     r"(?:that\s+)?i\s+(?:\w+\s+)?(?:forgot|forget|lost|spent|ate|broke|missed|"
                     r"spoiled|spoilt|was\s+late|didn'?t\s+(?:buy|get|remember|call|book|pick))\b",
                     re.IGNORECASE)
# Agreed monitoring or money arrangements: "we both share locations, it was my idea".
_CONSENT_SIGNALS = frozenset({"monitoring", "stalking", "financial_control",
                              "user_controls_partner"})
_CONSENT = re.compile(r"\bwe\s+(?:both\s+)?(?:agreed|decided|set\s+it\s+up|chose)|\bboth\s+of\s+"
                      r"us\b|\bwe\s+both\b|\b(?:my|her|his|their)\s+idea\b|\bi\s+asked\s+(?:him|"
                      r"her|them)\b|\b(?:because|since)\s+i\s+asked\b|\b(?:he|she|they)\s+"
                      r"ask(?:s|ed)\s+me\s+to\b|\bmutual\b|\bsafety\s+thing\b", re.IGNORECASE)
# Acts on "my <body or things>" done by the writer ("I hit my head") have no victim here.
_ACT_SIGNALS = frozenset({"physical_violence", "intimidation", "injury"})
_SUBJECT = re.compile(rf"\b(?:i|he|she|they|we|you|{PARTNER})\b", re.IGNORECASE)


def _sentence(text: str, start: int, end: int) -> tuple[str, str]:
    """The text before and after a match, within its sentence."""
    left = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    rights = [i for i in (text.find(c, end) for c in ".!?\n") if i != -1]
    return text[left:start], text[end:min(rights, default=len(text))]


def _negated(text: str, at: int) -> bool:
    """A negator among the three words before `at`, in its clause: "he's never actually hurt me"."""
    before = _CLAUSE_BREAK.split(text[max(0, at - 60):at])[-1]
    words = re.findall(r"[\w']+", before)[-3:]
    for i, word in enumerate(words):
        if negates(word.lower()):
            following = words[i + 1] if i + 1 < len(words) else ""
            return not _INTENT.match(following)  # "didn't mean to hit her" is not a denial
    return False


# A sentence that is only laughter, right after the one with the match ("... I'll murder him.
# Lol.").
_LAUGH_NEXT = re.compile(rf"^\W*(?:(?:{_LAUGH_WORDS}|(?:just\s+)?kidding)\W*){{1,3}}(?:[.!?\n]|$)",
                         re.IGNORECASE)


# Violent talk aimed at the writer: "he'll kill me if I leave lol" is a threat laughed off out
# of fear, not a joke; only a trifle ("if I forget the milk") makes it talk.
_AT_ME = re.compile(r"\b(?:me|myself|us|my\s+(?:throat|neck|face|head|hair|arms?|wrists?|chest|"
                    r"ribs|body|mouth|nose))\b", re.IGNORECASE)


def _joking(text: str, start: int, end: int, rule: _Rule) -> bool:
    """Violent talk over a trifle, or laughter in the sentence or as the next one, unless
    the violence is aimed at the writer."""
    before, after = _sentence(text, start, end)
    trifle = rule.signal in _TALK_SIGNALS and _TRIFLE.match(after)
    if trifle:
        return True
    if _AT_ME.search(text[start:end] + " " + " ".join(after.split()[:2])):
        return False
    stop = end + len(after)
    next_laughs = bool(_LAUGH_NEXT.match(text[stop + 1:])) if stop < len(text) else False
    return bool(_LAUGHTER.search(f"{before} {text[start:end]} {after}") or next_laughs)


def _ordinary(text: str, start: int, end: int, rule: _Rule) -> bool:
    """Agreed tracking or money arrangements, or the writer acting on their own body/things."""
    before, after = _sentence(text, start, end)
    if rule.signal in _CONSENT_SIGNALS and _CONSENT.search(f"{before} {after}"):
        return True
    if rule.signal in _STALKING:
        # "my father-in-law keeps turning up", "my mother-in-law reads my texts": not a partner
        people = list(_PERSON.finditer(before))
        if people and people[-1]["other"]:
            return True
    if rule.signal == "monitoring":  # "I'd rather scroll my phone", "I check my phone at 6"
        actors = list(_ACTOR.finditer(before))
        return bool(actors and re.fullmatch(r"i|i'm|im|i've|i'd", actors[-1].group(), re.I))
    if rule.signal == "physical_violence" and _TANTRUM.search(f"{before} {after}"):
        actors = list(_ACTOR.finditer(before))
        if actors and actors[-1]["other"]:  # "my daughter kicked me during a tantrum"
            return True
    if rule.signal in _ACT_SIGNALS:
        evidence = text[start:end]
        mine = re.search(r"\bmy\b", evidence, re.I) and not re.search(r"\bme\b", evidence, re.I)
        subjects = _SUBJECT.findall(_CLAUSE_BREAK.split(before)[-1])
        return bool(mine and subjects and subjects[-1].lower() == "i")
    return False


_TANTRUM = re.compile(r"\b(?:tantrums?|meltdowns?|teething|nappy|diaper|toddlers?|playing|"
                      r"play-?fight\w*|tickl\w*|"
                      r"wrestl\w*|pillow\s+fight)\b", re.IGNORECASE)


# The plot of a film, a book or a podcast: "a movie where he strangles her at the end".
_FICTION = re.compile(r"\b(?:movie|film|show|series|episode|book|novel|"
                      r"(?<!long\s)story(?!\s+short)|play|podcast|"
                      r"documentary|game|scene|thriller|drama|true[- ]crime)\b[^.!?]{0,40}?\b"
                      r"(?:where|in\s+which|about|when|that|who|whose)\b", re.IGNORECASE)
_VIOLENT = frozenset({VIOLENCE, HARM_TO_PARTNER, CHILD})


def _fiction(text: str, start: int, end: int, rule: _Rule) -> bool:
    return rule.category in _VIOLENT and bool(_FICTION.search(_sentence(text, start, end)[0]))


_REPORT = re.compile(REPORTED, re.IGNORECASE)
_IDIOM_VERB = re.compile(r"(?:kill|murder|end|finish)\b", re.IGNORECASE)
_FUTURE = re.compile(r"\b(?:will|going\s+to|gonna|could|would)\b|'ll\b|'d\b", re.IGNORECASE)
# What turns "he'll kill me" from an idiom into a threat: leaving, telling, the police.
_STAKES = re.compile(r"\b(?:leav(?:e|es|ing)\b(?!\s+(?:it|work|early|late|a\s+(?:mess|note|"
                     r"review|tip)))|left\s+(?:him|her|them|home|the\s+(?:relationship|marriage))|"
                     r"walk\s+out|police|cops|divorc\w*|separat\w*|split\w*|"
                     r"break(?:ing)?\s+up|broke\s+up|tell(?:s|ing)?|told|report\w*|cheat\w*|custody|kids|"
                     r"children|lawyer|court|find\s+out\s+(?:where|that\s+i|i\s+(?:told|went|left|"
                     r"saw|"
                     r"talked|spoke|called)))\b", re.IGNORECASE)
# The writer's own mishap right after "she'll kill me": "..., I think I deleted the photos".
_MISHAP = re.compile(r"^\W+(?:[\w']+\s+){0,3}?i(?:'ve|\s+have|\s+just|\s+think\s+i|\s+totally)?\s+"
                     r"(?:just\s+|accidentally\s+|totally\s+)?(?:forgot|deleted|lost|broke|spent|"
                     r"crashed|dented|scratched|missed|burn(?:ed|t)|ate|booked|sent|shrank|shrunk|"
                     r"dropped|"
                     r"spill(?:ed|t)|ruined|sold|overslept|locked\s+(?:us|myself)\s+out|used|wore|"
                     r"drank)\b",
                     re.IGNORECASE)
_PERSON = re.compile(rf"\b(?:(?P<partner>{PARTNER})|(?P<other>(?:sister|brother|mum|mom|mother|dad|"
                     r"father|boss|manager|friend|mate|teacher|coach|son|daughter|kid|flatmate|"
                     r"roommate|nan|gran|grandma|grandad|aunt|uncle|cousin|colleague|coworker|"
                     r"neighbour|neighbor|parent|relative|guest|visitor)s?|in-?laws|family))\b(?!'s)",
                     re.IGNORECASE)


def _threat(text: str, start: int, end: int, act: int, rule: _Rule,
            strength: str | None) -> str | None:
    """Talk of killing: a reported threat stays as it is, the writer's idiom weakens a step,
    talk over a trifle or with laughter goes (or, naming a method, weakens a step)."""
    before, after = _sentence(text, start, end)
    said = text[start:act] if act > start else ""
    idiom = act >= 0 and _IDIOM_VERB.match(text, act)
    if _joking(text, start, end, rule) or (idiom and _MISHAP.match(after)):
        return None if idiom else _weaken(strength)
    people = list(_PERSON.finditer(before))
    subject = re.match(r"[a-z]*", text[start:end].lower())
    if subject and subject.group() in ("he", "she", "they") and people and people[-1]["other"]:
        strength = _weaken(strength)  # "my sister said she'd kill me": not a partner
    reported = bool(_REPORT.search(before) or _REPORT.search(said))
    if not reported and _FUTURE.search(said) and not _STAKES.search(f"{before} {said} {after}"):
        strength = WEAK if strength == STRONG else strength  # "she's going to kill me, I ..."
    elif not reported and _WRITER_WISH.match(said) and not _STAKES.search(f"{before} {after}"):
        strength = WEAK if strength == STRONG else strength  # "i wanted to strangle him"
    return strength


# The writer wishing it, not doing or threatening it: "I wanted to strangle him".
_WRITER_WISH = re.compile(r"i\s+(?:\w+\s+)?(?:want(?:s|ed)?\s+to|wanna|felt\s+like|feel\s+like)\b",
                          re.IGNORECASE)


_ANGER = re.compile(ANGER, re.IGNORECASE)
_FEAR = re.compile(FEAR, re.IGNORECASE)
_DISPUTE = re.compile(DISPUTE, re.IGNORECASE)
_FORCE = re.compile(FORCE, re.IGNORECASE)
_STATES = frozenset({"broken", "smashed", "cracked", "torn", "ripped", "shattered", "wrecked",
                     "snapped", "thrown", "kicked", "slammed", "trashed", "destroyed"})
# A body part driven into a thing ("put his fist through the cabinet"): no accident does that.
_BLOW_PART = re.compile(r"\b(?:fists?|foot|feet|boots?|head|elbow|knee)\b", re.IGNORECASE)
_PERSON_ACTS = re.compile(PERSON_ACTS, re.IGNORECASE)
# Who acts in a sentence: the writer, the partner (or "he", "she"), or someone else.
# (an in-law counts with the partner: "my brother-in-law showed my sister his pistol")
_ACTOR = re.compile(rf"\b(?:(?P<writer>i|i'm|im|i've|i'd|we|we've|we're|we'd|you|u)|(?P<partner>he|"
                    rf"she|they|he's|hes|she's|shes|they're|{PARTNER}|(?:brother|sister)-in-law)"
                    r"(?!'s(?!\s+(?:been|got|gotten|gone|started|begun|taken|always|never|just|"
                    r"now|also|stopped|become|kept|made|decided|getting|going|really)\b))|"
                    r"(?P<other>toddler|son|"
                    r"daughter|kids?|child|children|baby|dog|cat|puppy|mum|mom|dad|brother|sister|"
                    r"friend|boss|someone|somebody|nobody))\b", re.IGNORECASE)
# An accident, or play: "he knocked it over, he's so clumsy", "she slapped the table laughing".
# What tells a mishap or play, shared by acts against things and belongings ruined.
_MISHAP_CUES = (r"by\s+accident|accident(?:al|ally)?|clumsy|tripped|slipped|fell|laugh\w*|giggl\w*|"
                r"jok(?:e|es|ed|ing)")
_ACCIDENT = re.compile(rf"\b(?:{_MISHAP_CUES}|dropped|knocked\s+over|hysterics|in\s+stitches|"
                       r"on\s+(?:his|her|my|their)\s+own\s+(?:fingers?|hands?|thumbs?|foot|feet|toes?)|"
                       r"cracking\s+up|for\s+fun|"
                       r"celebrat\w*|(?:do|does|did|doing)\s+the\s+(?:washing[- ]up|dishes|"
                       r"cleaning|cooking|hoovering)|while\s+(?:cleaning|cooking|washing\s+up|"
                       r"tidying))\b",
                       re.IGNORECASE)
# A blow the writer did not choose: a start, a flinch, a dream.
# What an act felt like, said right before it: "like I was attacking him", "as if I'd hit her".
_SIMILE = re.compile(r"\b(?:like|as\s+if|as\s+though)\s*$", re.IGNORECASE)
_REFLEX = re.compile(r"\b(?:flinch\w*|startl\w*|"
                     r"jump(?:ed)?\s+(?:so\s+hard|a\s+mile|out\s+of\s+my\s+skin)|"
                     r"in\s+(?:my|his|her|our)\s+sleep|nightmare|reflex\w*)\b", re.IGNORECASE)
_HABIT = re.compile(r"\b(?:keeps?|kept|always|constantly|whenever|every\s+time|each\s+time|"
                    r"all\s+the\s+time|regularly|often|again|starts?|started)\b", re.IGNORECASE)
_AIMED = re.compile(r"\b(?:at|beside|next\s+to|behind|near|past|towards?|inches\s+from|"
                    r"right\s+by)\s+(?:me|my\s+(?:head|face))\b|\bover\s+my\s+head\b",
                    re.IGNORECASE)


def _partner_acts(before: str) -> bool:
    """Whether the last one to act before a match, in its sentence, is the partner (or a "he"
    or "she"), not the writer, a child, a pet or a thing."""
    actors = list(_ACTOR.finditer(before))
    return bool(actors and actors[-1]["partner"])


def _childs_or_accident(text: str, start: int, end: int) -> bool:
    """Whether an act against things was a child's (or a pet's), or an accident."""
    before, after = _sentence(text, start, end)
    actors = list(_ACTOR.finditer(before))
    return bool(_ACCIDENT.search(f"{before} {after}") or (actors and actors[-1]["other"]))


def _against_things(text: str, start: int, end: int, act: int) -> str | None:
    """Violence against things: nothing when the writer, a child or an accident did it; strong
    when it is a habit ("he punches walls"), comes with anger or fear, is aimed near the writer,
    or answers the person's own words or plans; otherwise weak. Slammed doors count only where
    there is fear."""
    before, after = _sentence(text, start, end)
    if _ACCIDENT.search(f"{before} {after}") or not _partner_acts(before) or _PET.search(
            text[start:end]):  # a pet thrown is the pet row's
        return None
    verb = re.match(r"[\w']+", text[act if act >= 0 else start:])
    word = verb.group().lower() if verb else ""
    if word in _STATES and re.search(r"\b(?:the|a|an|my|our|his|her|their|that|this)\s+$",
                                     text[:act if act >= 0 else start], re.IGNORECASE):
        return None  # a state, not an act: "he fixed the broken shelf"
    fear = bool(_FEAR.search(text))
    if word.startswith("slam") and re.search(r"\bdoors?\b", text[start:end], re.IGNORECASE):
        return STRONG if fear else None
    habit = bool(re.fullmatch(r"\w+(?<!s)(?:s|es)", word)) or bool(_HABIT.search(before))
    context = fear or habit or bool(_ANGER.search(text) or _PERSON_ACTS.search(text)
                                    or _BLOW_PART.search(text[start:end])
                                    or _AIMED.search(text[start:end] + after)
                                    or _FORCE.search(text[start:end] + after))
    return STRONG if context else WEAK


# What the writer is nervous to own up to: a mishap, a purchase, a wish of their own ("scared to
# tell my wife I crashed the car", "...I'm not ready for a baby").
_NEWS = re.compile(r"^\W*(?:that\s+)?i(?:'ve|\s+have|'d|\s+had)?\s+(?:just\s+|accidentally\s+|"
                   r"finally\s+|really\s+|already\s+)?(?:crashed|dented|scratched|lost|broke|spent|"
                   r"bought|booked|failed|forgot|deleted|dropped|burn(?:ed|t)|shrank|shrunk|missed|"
                   r"ruined|sold|quit|got\s+(?:a|an|the|into|fired|sacked)|(?:don'?t|do\s+not)\s+"
                   r"(?:really\s+|actually\s+|even\s+)?(?:like|want|love|enjoy)|(?:want|wanna|"
                   r"need)\s+to\s+(?:quit|change|retrain|"
                   r"go\s+part[- ]time|leave\s+my\s+job))\b"
                   r"|^\W*(?:that\s+)?i(?:'m|\s+am)\s+not\s+(?:ready|sure|keen)\b", re.IGNORECASE)


_AFFECTION = re.compile(r"\b(?:cuddles?|cuddly|hugs?|kiss(?:es)?|clingy|sweet|cute|adorable|"
                        r"affectionate|puppy)\b", re.IGNORECASE)


def _looming(text: str, start: int, end: int) -> str | None:
    """A partner standing over the writer: strong with anger, fear, a habit or the person's own
    words around it, weak alone ("he stood over me while I fixed the tap"), nothing in play."""
    before, after = _sentence(text, start, end)
    if _ACCIDENT.search(f"{before} {after}") or not _partner_acts(before):
        return None
    if _AFFECTION.search(text) and not (_FEAR.search(text) or _ANGER.search(text)):
        return None  # "follows me from room to room because he wants cuddles. Clingy but sweet"
    context = bool(_HABIT.search(before) or _FEAR.search(text) or _ANGER.search(text)
                   or _DISPUTE.search(text) or _PERSON_ACTS.search(text))
    return STRONG if context else WEAK


def _reaction(text: str, start: int, end: int) -> str | None:
    """Fear of the partner's reaction is a disclosure when it answers the person's own words or
    plans, or comes with anger beside it ("scared she'll be mad" alone is worth a check-in);
    nerves about owning up to one's own news, with no anger anywhere, are ordinary."""
    beside = f"{text[:start]} {text[end:]}"
    if _ANGER.search(beside):
        return STRONG
    if _NEWS.match(text[end:]):
        return None
    return STRONG if _PERSON_ACTS.search(text) else WEAK


_PET_HARSH = re.compile(PET_HARSH, re.IGNORECASE)
_FORGOT = re.compile(r"\b(?:forg[eo]t\w*|by\s+mistake|didn'?t\s+realise|"
                     r"didn'?t\s+realize)\b", re.IGNORECASE)
# What makes ruin an accident: not "dropped them in the bin", which is how ruin is done.
_MISHAP_WORDS = re.compile(rf"\b(?:{_MISHAP_CUES}|by\s+mistake|didn'?t\s+mean|"
                           r"together|we\s+(?:both|cut|shredded|agreed)|i\s+(?:asked|told)\s+(?:him|"
                           r"her|them)\s+to|my\s+idea)\b", re.IGNORECASE)
_NEGLECT_CUE = re.compile(r"\b(?:starv\w*|hungry|without\s+(?:food|water)|punish\w*|lesson|earn\w*|"
                          r"deserve\w*|"
                          r"(?:unless|until)\s+i\b|if\s+i\s+(?:don'?t|do\s+not|won'?t)|"
                          r"not\s+allowed)\b",
                          re.IGNORECASE)
_KEEPS_IN = re.compile(r"\b(?:so\s+(?:that\s+)?i\s+(?:can'?t|couldn'?t|cannot|won'?t)|until\s+i\b|"
                       r"won'?t\s+let\s+me|to\s+(?:stop|keep)\s+me|when\s+i\s+(?:try|tried|want|"
                       r"wanted|say|"
                       r"said)|rows?|argument|arguing|argue\w*|fight|fighting|fought|rowing|"
                       # the way out withheld as a reward or a purpose: "when he's been 'good'",
                       # "so we 'finish the conversation'", the key kept on him
                       r"earn\w*|been\s+['\"]?good|behav\w*|punish\w*|so\s+(?:that\s+)?(?:we|i)\s+"
                       r"['\"]?(?:finish|have\s+to|must|talk|sort)|keeps?\s+the\s+keys?\s+(?:on|with)\s+"
                       r"(?:him|her|them))\b", re.IGNORECASE)
# Cut off from everyone, told anywhere in the message.
_CUT_OFF = re.compile(r"\b(?:no\s+way\s+(?:to|of)\s+(?:contact\w*|call\w*|reach\w*|talk\w*)|"
                      r"can'?t\s+(?:contact|call|reach|message)\s+(?:anyone|anybody|my)|"
                      r"(?:cut|shut)\s+off\s+from)\b", re.IGNORECASE)
_SECRET_LIFE = re.compile(SECRET_LIFE, re.IGNORECASE)
_LOVE = re.compile(LOVE, re.IGNORECASE)
_LOW = re.compile(r"\b(?:so\s+low|feel(?:ing)?\s+low|been\s+low|low\s+(?:lately|for\s+weeks|mood)|"
                  r"depress\w*|hopeless|numb|empty\s+inside|crying\s+(?:every|all)|"
                  r"can'?t\s+stop\s+crying|"
                  r"drinking\s+(?:every|most)\s+nights?|just\s+to\s+sleep|no\s+point|worthless|"
                  r"a\s+burden|give\s+up|giving\s+up)\b", re.IGNORECASE)
_PARTNER_WORD = re.compile(rf"\b(?:he|she|him|her|they|them|{PARTNER})\b", re.IGNORECASE)


_WRITER = re.compile(r"\b(?:i|me|my)\b|\bi'", re.IGNORECASE)


def _plans(text: str) -> bool:
    """The person's own words or plans ("when I said...", "my plans"), not the partner's
    doings ("when he goes to work")."""
    return any(_WRITER.search(m.group()) for m in _PERSON_ACTS.finditer(text))


def _acting(text: str, start: int, end: int, act: int) -> bool:
    """Whether the partner (or a "he", "she") is the last to act before the act of a match."""
    left = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    return _partner_acts(text[left:act if act >= 0 else start])


def _to_pet(text: str, start: int, end: int, act: int, cue: re.Pattern[str]) -> str | None:
    """A pet shut out, held over a drop, taken away or denied care: strong with what makes it
    cruel (`cue`), anger or the person's own plans; otherwise the everyday care of a pet."""
    before, after = _sentence(text, start, end)
    if _ACCIDENT.search(f"{before} {after}") or _FORGOT.search(f"{before} {after}"):
        return None
    if act >= 0 and not _acting(text, start, end, act):
        return None
    if cue.search(f"{before} {text[start:end]} {after}") or _plans(text) or \
            _ANGER.search(text):
        return STRONG
    return None


def _ruined(text: str, start: int, end: int, act: int) -> str | None:
    """A belonging of the writer's ruined on purpose by the partner: strong ("he drowned my
    phone"), unless told as a mishap or done together ("we cut up our cards")."""
    before, after = _sentence(text, start, end)
    if _MISHAP_WORDS.search(f"{before} {after}") or not _partner_acts(before):
        return None
    return STRONG


def _blocking(text: str, start: int, end: int, act: int) -> str | None:
    """The way out blocked, the keys taken, the person sat on: strong when it keeps them in or
    answers their plans, with anger or fear; nothing otherwise ("she stood in the doorway")."""
    before, after = _sentence(text, start, end)
    told_of = re.match(r"(?:with|and)\s+(?:him|her|them)\b", text[start:end], re.IGNORECASE)
    if _ACCIDENT.search(f"{before} {after}") or not (told_of or _acting(text, start, end, act)):
        return None
    sentence = f"{before} {text[start:end]} {after}"
    beside = f"{text[:start]} {text[end:]}"  # "hides the keys": the act's own word is no fear
    context = bool(_KEEPS_IN.search(sentence) or _plans(text) or _ANGER.search(text)
                   or _FEAR.search(beside) or _HABIT.search(before) or _CUT_OFF.search(text))
    return STRONG if context else None


# What else makes a body shake or freeze: tiredness, cold, caffeine.
_TIRED_BODY = re.compile(r"\b(?:tired|exhausted|knackered|fatigue|sleepy|freezing|"
                         r"cold\s+(?:out|in\s+here)|hungover|caffeine|coffee|low\s+blood\s+sugar)\b",
                         re.IGNORECASE)


def _body_fear(text: str, start: int, end: int) -> str | None:
    """The body's fear at the partner's coming or calling, unless it is love or excitement, or
    tiredness or cold ("i'm so tired i freeze up when he asks what i want for dinner")."""
    before, after = _sentence(text, start, end)
    sentence = f"{before} {text[start:end]} {after}"
    return None if _LOVE.search(sentence) or _TIRED_BODY.search(sentence) else STRONG


def _finding(text: str, start: int, end: int) -> str | None:
    """Fear that the partner will find out: strong when it is about the person's own life
    (people seen, help sought, this app), their plans or with anger; not about news of one's
    own ("...that I spent £300") or a surprise."""
    rest = text[end:]
    if _SECRET_LIFE.match(rest):
        return STRONG
    if _NEWS.match(rest):
        return None
    beside = f"{text[:start]} {text[end:]}"
    return STRONG if _ANGER.search(beside) or _plans(text) else None


def _payback(text: str) -> str | None:
    """"I'll pay for it later": strong with a partner and fear, anger or the person's plans."""
    if not _PARTNER_WORD.search(text):
        return None
    return STRONG if (_FEAR.search(text) or _ANGER.search(text) or _plans(text)) \
        else None


_WITHOUT = re.compile(r"\bwithout\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_AGAIN = re.compile(r"\W*(?:again|any\s*more|this\s+time)\b", re.IGNORECASE)


def _avoided(text: str, at: int, end: int) -> bool:
    """The act is what the writer means to avoid: "how do I reconnect without pushing him"
    (not "without hitting her again", which tells it happened)."""
    return bool(_WITHOUT.search(text[max(0, at - 30):at])) and not _AGAIN.match(text, end)


def _weaken(strength: str | None) -> str | None:
    return WEAK if strength == STRONG else None


def _dedupe(hits: list[LexiconHit]) -> list[LexiconHit]:
    """Overlapping hits keep the strongest (crisis first), then the longest, then the first."""
    ranked = sorted(hits, key=lambda h: (h.strength != STRONG, not h.crisis, h.start - h.end,
                                         h.start))
    kept: list[LexiconHit] = []
    for hit in ranked:
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: (h.start, h.end))


_SEPARATION = re.compile(SEPARATION, re.IGNORECASE)
_EX = re.compile(EX, re.IGNORECASE)
_WEAPON_HELD = re.compile(WEAPON_HELD, re.IGNORECASE)
_MENACE = re.compile(MENACE, re.IGNORECASE)
_WEAPON_NOUN = re.compile(WEAPON, re.IGNORECASE)
_PET = re.compile(PET, re.IGNORECASE)
_WEAPON_HANDLED = re.compile(WEAPON_HANDLED, re.IGNORECASE)
# Hits that a separation makes a crisis, and the marker each becomes.
_AROUND_LEAVING = {"stalking": "stalking_after_leaving", "monitoring": "stalking_after_leaving",
                   "threat_to_kill": "leaving_threat", "fear_of_partner": "leaving_threat"}
_STALKING = frozenset({"stalking", "monitoring"})


def _combine(folded: str, text: str, hits: list[LexiconHit]) -> list[LexiconHit]:
    """Danger the message shows as a whole: a threat, stalking or fear alongside a separation
    (weak hits need the writer to tell of the leaving; strong ones an ex will do), and a
    weapon someone has alongside a menace or a separation."""
    left = _SEPARATION.search(folded)
    ex = left or _EX.search(folded)
    raised = []
    for h in hits:
        if h.signal in _AROUND_LEAVING and h.category in (VIOLENCE, "coercive_control") and (
                left or (ex and h.strength == STRONG and h.signal in _STALKING)):
            h = LexiconHit(h.category, _AROUND_LEAVING[h.signal], STRONG, h.evidence, h.start,
                           h.end, True)
        raised.append(h)
    if any(h.signal == "harm_to_pet" and h.strength == STRONG for h in raised):
        raised = [LexiconHit(h.category, h.signal, STRONG, h.evidence, h.start, h.end, True)
                  if h.signal == "threat_to_kill" and h.category == VIOLENCE else h for h in raised]
    weapon = _WEAPON_HELD.search(folded)
    if weapon and (left or _MENACE.search(folded)) and not _fiction(
            folded, weapon.start(), weapon.end(), _WEAPON_RULE):
        start, end = weapon.span()
        raised.append(LexiconHit(VIOLENCE, "weapon_threat", STRONG, text[start:end], start, end,
                                 True))
    elif handled := _brought_out(folded):
        start, end = handled
        raised.append(LexiconHit(VIOLENCE, "weapon_threat", STRONG, text[start:end], start, end,
                                 True))
    return raised


def _brought_out(folded: str) -> tuple[int, int] | None:
    """The span of a weapon the partner brings out or handles in answer to the person's own
    words or plans: "he cleans his gun whenever I mention seeing my family" (the weapon may be
    named in an earlier sentence: "He has guns. When I ... he gets one out")."""
    if not _WEAPON_NOUN.search(folded):
        return None
    for part in re.finditer(r"[^.!?\n]+", folded):  # the sentences _sentence() reads
        s, sentence = part.start(), part.group()
        if not _PERSON_ACTS.search(sentence):
            continue
        for handled in _WEAPON_HANDLED.finditer(sentence):
            at = s + handled.start()
            if _partner_acts(_sentence(folded, at, at)[0]) and not _negated(folded, at) and \
                    not _fiction(folded, at, s + handled.end(), _WEAPON_RULE):
                return at, s + handled.end()
    return None


_WEAPON_RULE = next(r for r in RULES if r.signal == "weapon_threat")
_FIREARM = re.compile(FIREARM, re.IGNORECASE)
_NO_FIREARM = re.compile(NO_FIREARM, re.IGNORECASE)
# What puts a firearm in play in a home: fear, a menace, a row, a separation, or the person's
# own words or plans.
_IN_PLAY = (_FEAR, _MENACE, _DISPUTE, _SEPARATION, _PERSON_ACTS)


def _firearm_told(folded: str) -> bool:
    gun = _FIREARM.search(folded)
    if gun is None or _NO_FIREARM.search(folded):
        return False
    return not _fiction(folded, gun.start(), gun.end(), _WEAPON_RULE)


def firearm_told(text: str) -> bool:
    """A firearm the message tells of (not denied, not in a film)."""
    return _firearm_told(fold_quotes(text))


def firearm_in_play(text: str) -> bool:
    """A firearm told of with fear, a menace, a row, a separation or the person's own plans
    (not a hobby's gun locked in a safe, nor one in a film)."""
    folded = fold_quotes(text)
    return _firearm_told(folded) and any(p.search(folded) for p in _IN_PLAY)


def danger_in_play(text: str) -> bool:
    """What makes a threat a marker of lethal danger when only the nearest examples read it:
    a separation, or the person's own words or plans, that it answers."""
    folded = fold_quotes(text)
    return bool(_SEPARATION.search(folded) or _PERSON_ACTS.search(folded))


@dataclass(frozen=True)
class Scan:
    """The hits in a message, and the violent talk the lexicon read as a joke or an idiom."""

    hits: list[LexiconHit]
    # e.g. "I could kill him" in "...for forgetting our anniversary", "scared to tell her" in
    # "...I crashed the car", a toddler's thrown toys: read as ordinary, so the classifier alone
    # neither flags nor checks in
    idioms: tuple[str, ...]


def scan(text: str) -> list[LexiconHit]:
    """All lexicon hits in `text`, in text order; empty when nothing matched."""
    return read(text).hits


# A cue read and found ordinary, so that no classifier checks in on it alone: a partner who
# flinches at the writer's own touch ("he flinches when i reach over") tells no fear of them.
_ORDINARY_READINGS = re.compile(
    r"\bflinch(?:es|ed|ing)?\b[^.!?]{0,30}?\b(?:when(?:ever)?|if|as|every\s+time)\s+i\b"
    # and a mishap the writer says hurt nobody: "nobody hurt, just the plates"
    r"|\b(?:nobody|no\s+one|no-one)\s+(?:was\s+|got\s+)?(?:hurt|injured)\b"
    # and the idiom of betrayal: "she stabbed me in the back in Among Us"
    r"|\bstabb?(?:ed|s|ing)?\s+(?:me|him|her|us|them)\s+in\s+the\s+back\b(?!\s+of)",
    re.IGNORECASE)


_SCARE_QUOTED = re.compile(r"(?<!\w)['\"](?:accident(?:al|ally)?|by\s+accident|joking|"
                           r"just\s+joking|kidding|playing|messing\s+about)['\"](?!\w)",
                           re.IGNORECASE)


def read(text: str) -> Scan:
    """The hits in `text`, and the talk of killing or strangling it dismissed as an idiom."""
    folded = fold_quotes(text)  # one character for one, so offsets carry over
    # scare quotes say the opposite: "he 'accidentally' reversed over my cat"
    folded = _SCARE_QUOTED.sub(lambda m: " " * len(m.group()), folded)
    hits: list[LexiconHit] = []
    idioms: list[str] = []
    for rule in RULES:
        for match in rule.pattern.finditer(folded):
            start, end = match.span()
            if start == end or _ordinary(folded, start, end, rule) or _fiction(
                    folded, start, end, rule):
                continue
            act = match.start("act") if "act" in rule.pattern.groupindex else -1
            strength: str | None = rule.strength
            if rule.category == HARM_TO_PARTNER and not rule.crisis and _avoided(
                    folded, act if act >= 0 else start, end):
                continue  # a manner to keep to, not something done
            if _negated(folded, act if act >= 0 else start):
                strength = _weaken(strength)
            if rule.signal == "threat_to_kill":
                said = strength
                strength = _threat(folded, start, end, act, rule, strength)
                if said is not None and strength is None:
                    idioms.append(text[start:end])
            elif _joking(folded, start, end, rule):
                strength = _weaken(strength)
            elif strength is not None and "thing" in rule.pattern.groupindex:
                if "deliberate" in rule.pattern.groupindex:
                    strength = _ruined(folded, start, end, act)
                else:
                    strength = _against_things(folded, start, end, act)
                if strength is None and _childs_or_accident(folded, start, end):
                    idioms.append(text[start:end])  # "my son threw his toys across the room"
            elif strength is not None and "pet" in rule.pattern.groupindex:
                strength = _to_pet(folded, start, end, act, _PET_HARSH)
            elif strength is not None and "petcare" in rule.pattern.groupindex:
                strength = _to_pet(folded, start, end, act, _NEGLECT_CUE)
            elif strength is not None and "blocking" in rule.pattern.groupindex:
                strength = _blocking(folded, start, end, act)
            elif strength is not None and "body" in rule.pattern.groupindex:
                strength = _body_fear(folded, start, end)
            elif strength is not None and "finding" in rule.pattern.groupindex:
                strength = _finding(folded, start, end)
            elif strength is not None and "payback" in rule.pattern.groupindex:
                strength = _payback(folded)
            elif strength is not None and "low" in rule.pattern.groupindex:
                strength = WEAK if _LOW.search(folded) else None
            elif strength is not None and "looming" in rule.pattern.groupindex:
                strength = _looming(folded, start, end)
            elif strength is not None and "reaction" in rule.pattern.groupindex:
                strength = _reaction(folded, start, end)
                if strength is None:
                    idioms.append(text[start:end])
            elif rule.signal == "user_harmed_partner" and _SIMILE.search(folded[:start]):
                # "he got defensive, like I was attacking him": how it felt, not what was done
                strength = None
            elif rule.signal == "user_harmed_partner" and (
                    _ACCIDENT.search(sentence := " ".join(_sentence(folded, start, end)))
                    or _REFLEX.search(sentence)):
                # "I broke his favourite mug by accident"; "I flinched so hard I elbowed him"
                # is asked about at most
                strength = None if rule.strength == WEAK else WEAK
            if strength is None:
                continue
            hits.append(LexiconHit(rule.category, rule.signal, strength, text[start:end],
                                   start, end, rule.crisis and strength == STRONG))
    idioms += [m.group() for m in _ORDINARY_READINGS.finditer(folded)]
    return Scan(_dedupe(_combine(folded, text, hits)), tuple(idioms))
