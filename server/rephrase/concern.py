"""Reading a complaint: what the person wants more of, in which words, and in what register.

The concern is a topic (one of TOPICS) found by weighted cues, the words that showed it,
and the safe concrete details worth carrying into an opening ("dinner", "the baby").
Only fixed, safe details are kept; names, insults and third parties never are.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from indexer.vocabulary import fold, words
from server.rephrase import framing

TOPICS = (
    "talking",
    "screens",
    "time_together",
    "affection",
    "chores",
    "appreciation",
    "work",
    "family",
    "plans",
    "support",
    "closeness",
)


@dataclass(frozen=True)
class Concern:
    """What the person wants more of, as read from their words."""

    topic: str  # one of TOPICS
    evidence: tuple[str, ...]  # words from the input that showed it
    casual: bool  # texting register: the output is casual too
    gentle: bool  # the input already works as an opening
    details: tuple[str, ...]  # safe concrete details worth keeping, e.g. "the baby"


# --- reading the input ---------------------------------------------------------------------

# (topic, pattern, weight): specific life areas weigh more than general distress words, so
# "sex has turned into a chore" is about affection and "you're a ghost who leaves dishes" is
# about chores, while "closeness" is what is left when nothing more specific shows.
TOPIC_CUES: tuple[tuple[str, str, float], ...] = (
    ("talking", r"\btalk\w*|\bconversations?\b|\blisten\w*|\bchat\w*|\bcommunicat\w*", 2),
    ("talking", r"\bsay (?:goodnight|good night|anything|much|a word)\b|\babout my day\b", 2),
    ("talking", r"\bchange (?:the )?subject\b|\bmm-?hm+\b|\btell (?:you|u) about\b", 2),
    ("talking", r"\bopen up\b|\bshut (?:me )?out\b|\bsilen\w*|\bhear me\b|\bask (?:me )?how\b", 2),
    ("talking", r"\bhow my day\b|\bmy day (?:went|was)\b", 3),
    ("talking", r"\b(?:one|a single) word\b|\bword to me\b", 3),
    ("screens", r"\bphones?\b|\bscreens?\b|\bscroll\w*|\btv\b|\bnetflix\b|\bxbox\b", 2.5),
    ("screens", r"\bplaystation\b|\bgam(?:e|es|ing)\b|\bvideo games?\b|\blaptop\b|\bipad\b", 2.5),
    ("screens", r"\binstagram\b|\btiktok\b|\byoutube\b|\breddit\b|\bsocial media\b", 2.5),
    ("screens", r"\bstaring at\b|\bconsole\b|\bcomputer\b", 1.5),
    ("screens", r"\bfootball\b|\bsports?\b|\bthe game\b|\bfantasy\b", 2),
    ("time_together", r"\btime together\b|\bdate nights?\b|\bdates?\b|\bfun\b", 3),
    ("time_together", r"\btogether\b|\bweekends?\b|\bevenings?\b|\bnights?\b", 1.5),
    ("time_together", r"\bgo(?:es)? out\b", 1.5),
    ("time_together", r"\bhang out\b|\bthe guys\b|\bfriends\b|\bgarage\b", 1.5),
    ("time_together", r"\bhome\b|\b(?:friday|saturday|sunday)s?\b", 1),
    ("time_together", r"\bgolf\b|\bgym\b|\bhobb\w*|\bfishing\b|\bpoker\b|\bthe bar\b|\bpub\b", 1.5),
    ("time_together", r"\bfree time\b|\bspare time\b", 1.5),
    ("time_together", r"\bdisappear\w*|\bbusy\b|\bspend (?:time|the)\b|\bjust us\b", 1.5),
    ("time_together", r"\bnever see\b|\benergy\b|\btoo tired\b|\bschedules?\b|\bout all\b", 1.5),
    ("affection", r"\bsex\w*|\bintima\w*|\bmake love\b|\bmaking love\b", 4),
    ("affection", r"\btouch\w*|\bhug\w*|\bkiss\w*|\bcuddl\w*|\bwanted\b|\bdesire\w*", 3),
    ("affection", r"\baffection\w*|\bhold(?:s|ing)? (?:me|my hand|hands)\b|\bphysical\w*", 3),
    ("affection", r"\bin bed\b|\bgood ?morning\b|\btext(?:s|ed)? me\b|\bflirt\w*", 3),
    ("affection", r"\bcold fish\b|\battract\w*|\bromance\b|\bromantic\b|\bspark\b", 3),
    ("affection", r"\bcom(?:e|ing) to bed\b|\bflowers\b|\bsurprise\w*|\blove notes?\b", 2.5),
    ("chores", r"\bdish(?:es)?\b|\bsink\b|\bchores?\b|\blaundry\b|\bcook\w*|\bclean\w*", 3),
    ("chores", r"\bhousework\b|\bmaid\b|\btrash\b|\bgrocer\w*|\btidy\w*|\bvacuum\w*", 3),
    ("chores", r"\bpick(?:s|ing)? up after\b|\bhousehold\b|\bmental load\b|\berrands?\b", 3),
    ("chores", r"\bsocks\b|\btowels?\b|\bfloor\b|\bclutter\b|\bput away\b|\bbathroom\b", 2),
    ("chores", r"\bbedtime\b", 1.5),  # doing bedtime is a task; the kids' bedtime is family
    ("appreciation", r"\bappreciat\w*|\bgrateful\b|\bnotice\w*|\bcredit\b", 2),
    ("appreciation", r"\bthank\w*", 1),
    ("appreciation", r"\bcompliment\w*|\bpraise\w*", 3),
    ("appreciation", r"\btaken for granted\b|\bonly one who\b|\beffort\b|\btries\b", 2),
    ("appreciation", r"\backnowledg\w*|\brecogni\w*|\bthe only one\b", 2),
    ("work", r"\bwork\w*|(?<!great )(?<!good )(?<!nice )\bjob\b|\boffice\b|\bcareer\b", 2),
    ("work", r"\bovertime\b|\bboss\b|\bclients?\b|\bshifts?\b|\bcommute\b", 2),
    ("work", r"\bmeetings?\b|\bemails?\b|\bbusiness trip\b|\blate\b", 1.5),
    ("family", r"\bmom\b|\bmum\b|\bmother\b|\bdad\b|\bfather\b|\bin-laws?\b|\bparents\b", 2),
    ("family", r"\bfamily\b|\bsister\b|\bbrother\b|\bkids\b|\bchildren\b", 1.5),
    ("family", r"\bsingle parent\b|\bside\b|\bparenting\b|\bbedtime\b|\bschool run\b", 2),
    ("family", r"\bpick up the kids\b", 2),
    ("plans", r"\bhav(?:e|ing) (?:kids|a baby|children)\b|\bstart(?:ing)? a family\b", 4),
    ("plans", r"\bmov(?:e|ing) in\b|\banniversary\b|\bbirthday\b|\bwedding\b|\bengage\w*", 4),
    ("plans", r"\bplans?\b|\bpromis\w*|\btrip\b|\bvacation\b|\bholiday\b|\bsummer\b", 2.5),
    ("plans", r"\bgo(?:ing)? away\b|\bfuture\b|\bbooked\b|\bcancel\w*|\bforgot\b", 2.5),
    ("plans", r"\bforgets\b|\bforgetting\b|\bremember\w*|\bnext year\b|\bget married\b", 2.5),
    ("plans", r"\bwaited\b|\bon time\b|\bstood me up\b|\blate again\b|\bflak\w*", 2),
    ("plans", r"\bmoney\b|\bbudget\w*|\bspending\b|\bsavings?\b|\bbills\b|\bhouses?\b", 1.5),
    ("support", r"\bupset\b|\bsupport\w*|\bcomfort\w*|\bstress\w*|\bcr(?:y|ied|ies)\w*", 2.5),
    ("support", r"\b(?:awful|rough|hard|bad|terrible) (?:day|week|month|time)\b", 3),
    ("support", r"\bhard day\b|\bbad day\b|\bthere for me\b|\bhave my back\b|\bgrie\w*", 2.5),
    ("support", r"\banxious\b|\bstruggl\w*|\bhelp me\b|\bhurting\b|\bcheck on me\b", 2.5),
    ("closeness", r"\blonely\b|\balone\b|\bdistant\b|\bdisconnect\w*|\broommates\b", 1.5),
    ("closeness", r"\bstrangers?\b|\bmiss (?:you|u|us)\b|\bclose(?:ness)?\b|\blove me\b", 1.5),
    ("closeness", r"\bcares? about me\b|\bright through me\b|\bsee me\b|\bdrift\w*", 1.5),
    ("closeness", r"\bfar apart\b|\bemotional\w*|\bpriority\b|\battention\b|\bghost\b", 1),
    ("closeness", r"\babout (?:him|her|you|your|himself|herself|yourself)\b|\bignor\w*", 1),
    ("closeness", r"\babandon\w*|\bmatter\b|\bunloved\b|\bthe wall\b|\bbeg\b|\bus\b", 1),
    ("closeness", r"\bmarriage\b|\brelationship\b|\bpresent\b|\bcold\b|\bnumb\b", 1),
    ("closeness", r"\binvisible\b|\bunseen\b|\bunwanted\b", 2),
)
TOPIC_CUE_RES = tuple((topic, re.compile(p), w) for topic, p, w in TOPIC_CUES)
# Order used to break ties: the more specific topic wins.
TOPIC_PRIORITY = tuple(
    "affection chores plans screens support work talking time_together appreciation family "
    "closeness".split()
)
FIRST_SENTENCE_BONUS = 1.5
MIN_CONCERN_WORDS = 5  # a sentence about the partner this long carries some concern
MAX_CANDIDATES = 400  # phrase combinations tried before the fixed fallback

# (key, pattern, the phrase used in the output). Every phrase is safe to repeat back.
DETAIL_CUES: tuple[tuple[str, str, str], ...] = (
    ("baby", r"\b(?:the|our) baby\b", "since the baby came"),
    ("kids_bills", r"\bkids\b[^.!?]{0,20}\bbills\b", "the kids or the bills"),
    ("kids", r"(?<!having )(?<!have )(?<!want )\b(?:the|our) kids\b", "the kids"),
    ("dinner", r"\bdinner\b", "dinner"),
    ("summer", r"\bsummer\b", "this summer"),
    ("morning_texts", r"\bgood ?morning\b", "good morning texts"),
    ("weekends", r"\bweekends?\b", "weekends"),
    ("occasion", r"\banniversary\b", "our anniversary"),
    ("occasion", r"\bmy birthday\b|\bhappy birthday\b", "my birthday"),
    ("occasion", r"\byour birthday\b", "your birthday"),
    ("occasion", r"\bvalentine'?s\b", "Valentine's Day"),
    ("moving_in", r"\bmov(?:e|ing) in together\b", "moving in together"),
    ("evenings", r"\bevenings?\b|\bnights?\b|\btonight\b", "the evenings"),
    # What takes the partner's evenings, named without blame ("the garage", "Netflix").
    ("screen", r"\bnetflix\b", "Netflix"),
    ("screen", r"\btv\b", "the TV"),
    ("screen", r"\bxbox\b", "the Xbox"),
    ("screen", r"\bplaystation\b", "the PlayStation"),
    ("screen", r"\blaptop\b", "the laptop"),
    ("screen", r"\btiktok\b", "TikTok"),
    ("screen", r"\b(?:video )?gam(?:es|ing)\b", "games"),
    ("sport", r"\bthe game\b|\bthe match\b", "the game"),
    ("sport", r"\bfootball\b", "football"),
    ("place", r"\bgarage\b", "the garage"),
    ("place", r"\bgym\b", "the gym"),
    ("place", r"\bshed\b", "the shed"),
    ("place", r"\bbasement\b", "the basement"),
    ("place", r"\bgolf\b", "golf"),
    ("dates", r"\bdates?\b|\bdate nights?\b", "dates"),
    ("hug", r"\bhug\w*", "hugs"),
    ("friends", r"\bthe guys\b", "the guys"),
    ("friends", r"\bthe girls\b", "the girls"),
    ("friends", r"\bfriends\b", "your friends"),
    ("dishes", r"\bdish(?:es)?\b", "the dishes"),
    ("laundry", r"\blaundry\b", "the laundry"),
    ("bedtime", r"\bbedtime\b", "bedtime"),
    ("bed", r"\bcom(?:e|es|ing) to bed\b|\bgo(?:es|ing)? to bed\b|\bfall(?:ing)? asleep\b", "bed"),
    ("housework", r"\bcook\w*[^.!?]{0,12}\bclean\w*", "the cooking and cleaning"),
    ("trip", r"\bvacation\b|\btrip\b|\bholiday\b|\bgo(?:ing)? away\b|\bget ?away\b", "a trip"),
    ("late_talks", r"\bstay(?:ed)? up (?:all night )?talking\b", "staying up talking"),
    ("fun", r"\bfun\b", "fun"),
    ("intimacy", r"\bsex\w*|\bintima\w*|\bmak(?:e|ing) love\b", "intimacy"),
)
DETAIL_CUE_RES = tuple((key, re.compile(p), phrase) for key, p, phrase in DETAIL_CUES)
DETAIL_KEYS = frozenset(key for key, _, _ in DETAIL_CUES)

TEXTING_RE = re.compile(
    r"\b(?:u|ur|r|im|ive|dont|cant|wont|didnt|doesnt|lol|lmao|omg|idk|tbh|rn|ngl|bc|cuz|coz"
    r"|gonna|wanna|ya|pls|plz|thx|smh|btw|tho|imo|kinda|sorta|nvm)\b"
)
# Primary feelings that already make a gentle opening, even without "I miss".
PRIMARY_FEELING_RE = re.compile(
    r"\bi(?:'m| am| feel| have been feeling|'ve been feeling|'ve been| feel so)\s+(?:so |really "
    r"|a bit |kind of |pretty )?(?:lonely|sad|far from you|disconnected|distant|alone|homesick"
    r"|scared|worried)\b"
)


def stable_hash(text: str) -> int:
    digest = hashlib.sha256(" ".join(fold(text).split()).encode()).hexdigest()
    return int(digest[:12], 16)


def _quote(text: str, m: re.Match[str]) -> str:
    return text[m.start() : m.end()]


def _topic_scores(text: str) -> tuple[dict[str, float], dict[str, list[str]]]:
    low = fold(text)
    spans = framing.sentence_spans(text)
    first_end = spans[0][1] if spans else len(text)
    scores: dict[str, float] = {}
    evidence: dict[str, list[str]] = {}
    for topic, pat, weight in TOPIC_CUE_RES:
        for m in pat.finditer(low):
            bonus = FIRST_SENTENCE_BONUS if m.start() < first_end else 1.0
            scores[topic] = scores.get(topic, 0.0) + weight * bonus
            found = evidence.setdefault(topic, [])
            if _quote(text, m) not in found:
                found.append(_quote(text, m))
    return scores, evidence


def details_in(text: str) -> dict[str, str]:
    low = fold(text)
    found: dict[str, str] = {}
    for key, pat, phrase in DETAIL_CUE_RES:
        if key not in found and pat.search(low):
            found[key] = phrase
    if "kids_bills" in found:
        found.pop("kids", None)
    return found


def _is_casual(text: str) -> bool:
    low = fold(text)
    if TEXTING_RE.search(low):
        return True
    return len(words(text)) >= 3 and not re.search(r"[A-Z]", text)


def is_gentle(report: framing.FramingReport, text: str) -> bool:
    harsh = any(not report.get(rule).passed for rule in framing.HARSHNESS_RULES)
    second = report.get("second_person")
    about_partner = not second.passed and bool(second.evidence)  # "my husband", "he"
    warm = report.get("longing").passed or bool(PRIMARY_FEELING_RE.search(fold(text)))
    return warm and not harsh and not about_partner


def detect_concern(text: str) -> Concern | None:
    """The concern behind `text`, or None when there is none to keep ("ugh", "it's fine")."""
    scores, evidence = _topic_scores(text)
    report = framing.check(text)
    if not scores:
        harsh = [
            report.get(rule) for rule in framing.HARSHNESS_RULES if not report.get(rule).passed
        ]
        aimed = framing.PARTNER_IN_SENTENCE.search(fold(text))
        if not harsh and not (aimed and len(words(text)) >= MIN_CONCERN_WORDS):
            return None
        # A bare insult still says "I feel far from you"; keep that, not the insult.
        scores = {"closeness": 1.0}
        evidence = {"closeness": [r.evidence for r in harsh if r.evidence][:1]}
    best = max(scores.values())
    topic = next(t for t in TOPIC_PRIORITY if scores.get(t) == best)
    details = details_in(text)
    return Concern(
        topic=topic,
        evidence=tuple(evidence.get(topic, ())),
        casual=_is_casual(text),
        gentle=is_gentle(report, text),
        details=tuple(details.values()),
    )
