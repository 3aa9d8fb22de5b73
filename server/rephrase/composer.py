"""Say it gently, without a model: find the concern in a complaint and compose an opening.

The feature asks the small LLM for drafts first; this module is the floor under it, so the
person always gets an opening that passes every hard rule of `server.framing`. The shape is
gentle_startup.md §1.4: a longing, the concern as an observation without blame, a positive
need, and a small invitation as a question. Phrases are hand-written per topic and chosen by
a stable hash of the input, so the same words always give the same three variants. Only
fixed, safe details ("the baby", "dinner", "this summer") are carried over from the input;
names, insults and third parties never are.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass

from indexer.text import content_words, words
from server import framing

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
    ("netflix", r"\bnetflix\b", "Netflix"),
    ("tv", r"\btv\b", "the TV"),
    ("xbox", r"\bxbox\b", "the Xbox"),
    ("games", r"\bgam(?:e|es|ing)\b", "games"),
    ("dates", r"\bdates?\b|\bdate nights?\b", "dates"),
    ("hug", r"\bhug\w*", "hugs"),
    ("friends", r"\bthe guys\b", "the guys"),
    ("friends", r"\bthe girls\b", "the girls"),
    ("friends", r"\bfriends\b", "your friends"),
    ("dishes", r"\bdish(?:es)?\b", "the dishes"),
    ("laundry", r"\blaundry\b", "the laundry"),
    ("housework", r"\bcook\w*[^.!?]{0,12}\bclean\w*", "the cooking and cleaning"),
    ("trip", r"\bvacation\b|\btrip\b|\bholiday\b|\bgo(?:ing)? away\b|\bget ?away\b", "a trip"),
    ("late_talks", r"\bstay(?:ed)? up (?:all night )?talking\b", "staying up talking"),
    ("fun", r"\bfun\b", "fun"),
    ("intimacy", r"\bsex\w*|\bintima\w*|\bmak(?:e|ing) love\b", "intimacy"),
)
DETAIL_CUE_RES = tuple((key, re.compile(p), phrase) for key, p, phrase in DETAIL_CUES)

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


def _stable_hash(text: str) -> int:
    digest = hashlib.sha256(" ".join(framing.fold(text).split()).encode()).hexdigest()
    return int(digest[:12], 16)


def _quote(text: str, m: re.Match[str]) -> str:
    return text[m.start() : m.end()]


def _topic_scores(text: str) -> tuple[dict[str, float], dict[str, list[str]]]:
    low = framing.fold(text)
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


def _details(text: str) -> dict[str, str]:
    low = framing.fold(text)
    found: dict[str, str] = {}
    for key, pat, phrase in DETAIL_CUE_RES:
        if key not in found and pat.search(low):
            found[key] = phrase
    if "kids_bills" in found:
        found.pop("kids", None)
    return found


def _is_casual(text: str) -> bool:
    low = framing.fold(text)
    if TEXTING_RE.search(low):
        return True
    return len(words(text)) >= 3 and not re.search(r"[A-Z]", text)


def _is_gentle(report: framing.FramingReport, text: str) -> bool:
    harsh = any(not report.get(rule).passed for rule in framing.HARSHNESS_RULES)
    second = report.get("second_person")
    about_partner = not second.passed and bool(second.evidence)  # "my husband", "he"
    warm = report.get("longing").passed or bool(PRIMARY_FEELING_RE.search(framing.fold(text)))
    return warm and not harsh and not about_partner


def detect_concern(text: str) -> Concern | None:
    """The concern behind `text`, or None when there is none to keep ("ugh", "it's fine")."""
    scores, evidence = _topic_scores(text)
    report = framing.check(text)
    if not scores:
        harsh = [
            report.get(rule) for rule in framing.HARSHNESS_RULES if not report.get(rule).passed
        ]
        aimed = framing.PARTNER_IN_SENTENCE.search(framing.fold(text))
        if not harsh and not (aimed and len(words(text)) >= MIN_CONCERN_WORDS):
            return None
        # A bare insult still says "I feel far from you"; keep that, not the insult.
        scores = {"closeness": 1.0}
        evidence = {"closeness": [r.evidence for r in harsh if r.evidence][:1]}
    best = max(scores.values())
    topic = next(t for t in TOPIC_PRIORITY if scores.get(t) == best)
    details = _details(text)
    return Concern(
        topic=topic,
        evidence=tuple(evidence.get(topic, ())),
        casual=_is_casual(text),
        gentle=_is_gentle(report, text),
        details=tuple(details.values()),
    )


# --- the phrases ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicPhrases:
    """Hand-written openings for one topic; `{key}` slots take details from the input."""

    longings: tuple[str, ...]  # a sentence naming the longing
    observations: tuple[str, ...]  # the concern as a clause, no blame, no final stop
    needs: tuple[str, ...]  # a clause starting "and …" naming the positive need
    requests: tuple[str, ...]  # a small, specific invitation as a question


PHRASES: dict[str, TopicPhrases] = {
    "talking": TopicPhrases(
        longings=(
            "I've been missing our long talks.",
            "I miss talking with you, really talking.",
            "I miss hearing about your day and telling you about mine.",
            "I miss {late_talks} with you.",
            "I miss the conversations we used to have that weren't about {kids_bills}.",
        ),
        observations=(
            "Lately it feels like we mostly pass each other in the evenings",
            "Lately our conversations have gotten short and practical",
            "These days most of what we say to each other is logistics",
            "Lately so much of what we talk about is {kids_bills}",
            "Lately {dinner} has been pretty quiet between us",
        ),
        needs=(
            "and I want to feel close to you again",
            "and I'd love to feel like we really hear each other again",
            "and I want us to feel like a team that talks",
        ),
        requests=(
            "Could we take a walk after dinner tonight, phones at home?",
            "Would you be up for twenty minutes on the couch tonight, just talking about our days?",
            "Could we have coffee together this weekend and catch up properly, just us?",
            "Would you tell me about your day over dinner tonight, and I'll tell you about mine?",
        ),
    ),
    "screens": TopicPhrases(
        longings=(
            "I miss having your attention in the evenings.",
            "I miss the evenings that were just about us.",
            "I miss looking up and finding you there with me.",
            "I love having {dinner} with you, and I miss having all of you there.",
        ),
        observations=(
            "Lately it feels like our screens get more of our evenings than we do",
            "Lately our phones seem to come between us more than I'd like",
            "These days a lot of our time together happens with a screen in between",
            "Lately our phones have been joining us at {dinner}",
            "Lately a lot of our evenings end up with {netflix}",
            "Lately a lot of our evenings end up with {tv}",
            "Lately a lot of our evenings end up with {xbox}",
            "Lately a lot of our evenings end up with {games}",
        ),
        needs=(
            "and I'd love to feel like I have your attention",
            "and I want more time where it's just us",
            "and I'd love more evenings that feel like ours",
        ),
        requests=(
            "Could we put our phones away during dinner tonight?",
            "Would you be up for a screen-free hour after dinner tonight, just us?",
            "Could we leave our phones in the kitchen after dinner this week and sit together?",
            "How about a phones-down walk together tonight?",
        ),
    ),
    "time_together": TopicPhrases(
        longings=(
            "I miss spending time with you.",
            "I've been missing time that's just ours.",
            "I miss doing things together with you.",
            "I miss our {weekends} together.",
            "I miss having {fun} with you.",
            "I miss going on {dates} with you.",
            "I love that you have time with {friends}, and I miss you when you're out.",
        ),
        observations=(
            "Lately it feels like our evenings go by without much time for us",
            "Lately we've been running on different schedules",
            "These days it feels like we mostly see each other in passing",
            "Lately our {weekends} seem to fill up with everything but us",
            "Lately I've been feeling lonely on the nights you're out with {friends}",
            "Lately we've both been so tired by the time we get to each other",
        ),
        needs=(
            "and I'd love more time that's just ours",
            "and I want to feel close to you again",
            "and I'd love for us to have something to look forward to together",
        ),
        requests=(
            "Could we plan one evening this week that's just for us?",
            "Would you be up for a date night this Saturday, something simple?",
            "How about a walk together after dinner tonight?",
            "Could we keep Sunday morning just for the two of us this weekend?",
        ),
    ),
    "affection": TopicPhrases(
        longings=(
            "I miss being close to you.",
            "I miss your touch.",
            "I miss feeling wanted by you.",
            "I miss your {morning_texts}.",
            "I miss your {hug}.",
            "I've been missing you {baby}.",
            "I miss being intimate with you, really close. [intimacy]",
        ),
        observations=(
            "Lately it feels like there's more distance between us than I'd like",
            "Lately we haven't been touching much",
            "These days I find myself craving a little more closeness",
            "{baby}, we've both been stretched so thin",
            "Those {morning_texts} used to make my whole morning",
            "Lately {intimacy} has felt more like a routine than like us",
        ),
        needs=(
            "and I want to feel close to you again",
            "and I'd love more closeness with you",
            "and I'd love to feel wanted and held by you",
        ),
        requests=(
            "Could we cuddle on the couch tonight before bed?",
            "Would you hold me for a few minutes tonight?",
            "Could we go to bed at the same time tonight and just be close?",
            "Would you send me a good morning text tomorrow, just a small one? [morning_texts]",
            "Could we have a slow, unhurried evening together this weekend, just us? [intimacy]",
        ),
    ),
    "chores": TopicPhrases(
        longings=(
            "I'd love to feel like we're a team at home.",
            "I miss feeling like we share the load.",
            "I love our home, and I want it to feel like ours together.",
        ),
        observations=(
            "Lately {housework} has been weighing on me",
            "Lately the housework has been weighing on me",
            "These days I've been feeling worn out by everything at home",
            "Lately {dishes} have been piling up and I've been feeling tired",
            "Lately {laundry} has been piling up and I've been feeling tired",
        ),
        needs=(
            "and I'd love to feel like we're in it together",
            "and a little help and thanks would mean a lot to me",
            "and I want us both to have time to rest",
        ),
        requests=(
            "Could we sit down this weekend and split the chores in a way that feels fair?",
            "Would you take the dishes after dinner tonight while I put my feet up?",
            "How about we tackle the kitchen together after dinner tonight?",
            "Could we make a simple chore plan together on Sunday?",
            "Could we fold the laundry together tonight with some music on? [laundry]",
        ),
    ),
    "appreciation": TopicPhrases(
        longings=(
            "I'd love to feel appreciated for what I put into us.",
            "I miss hearing that what I do matters to you.",
            "I love taking care of us, and I'd love to feel that it's noticed.",
        ),
        observations=(
            "Lately I've been putting a lot into us and feeling worn out",
            "Lately I've been running on empty",
            "These days I've been feeling tired and a bit alone in the effort",
        ),
        needs=(
            "and a little thanks would mean a lot to me",
            "and I want to feel like we're in this together",
            "and I'd love to feel us both reaching for each other",
        ),
        requests=(
            "Would you tell me one thing you appreciated about us this week, tonight over dinner?",
            "Could we each share one thing we're grateful for about the other tonight?",
            "Could we sit down this weekend and talk about how we share things?",
            "Would you plan one small thing for us this week, and I'll plan the next?",
        ),
    ),
    "work": TopicPhrases(
        longings=(
            "I miss you, and I miss having you to myself sometimes.",
            "I'm proud of how hard you work, and I miss you.",
            "I miss having time with you that work can't touch.",
            "I was really looking forward to going away with you {summer}.",
        ),
        observations=(
            "Lately work has been taking up so much of our time",
            "Lately it feels like work gets most of our energy and there's not much left for us",
            "These days our evenings keep getting eaten up by work",
        ),
        needs=(
            "and I want to feel like a priority too",
            "and I'd love some time that's just for us",
            "and I want us to have something to look forward to",
        ),
        requests=(
            "Could we block out one evening this week with no work, just us?",
            "Would you be up for a work-free Saturday morning together this weekend?",
            "How about we put a date night in both our calendars this week?",
            "Could we sit down this weekend and pick new dates to go away together? [summer]",
        ),
    ),
    "family": TopicPhrases(
        longings=(
            "I miss having time that's just ours.",
            "I love that family matters to you, and I miss us too.",
            "I'd love to feel like we're a team, you and me.",
            "I miss our {weekends} together.",
        ),
        observations=(
            "Lately it feels like there's not much time left over for the two of us",
            "Lately our {weekends} have been so full that I've been missing you",
            "Between {kids} and everything else, we've had very little time for us",
            "These days our time together keeps getting squeezed",
            "Lately when family things come up, I've been feeling a bit on my own",
        ),
        needs=(
            "and I'd love to feel like a priority too",
            "and I want us to have time to recharge together",
            "and I'd love some time that's only ours",
        ),
        requests=(
            "Could we keep one weekend day this month just for the two of us?",
            "Would you be up for a Saturday together this weekend, just us?",
            "How about we set aside Sunday afternoon for the two of us?",
            "Could we talk tonight about how we handle family things together?",
        ),
    ),
    "plans": TopicPhrases(
        longings=(
            "I love planning our future with you.",
            "I miss having something to look forward to together.",
            "I was really looking forward to going away with you {summer}.",
            "I'd love to celebrate {occasion} with you; it means a lot to me.",
            "I'd love for us to talk about {moving_in}.",
            "I'd love to get away with you, just the two of us. [trip]",
        ),
        observations=(
            "Lately our plans keep slipping, which leaves me feeling sad",
            "When plans fall through, I feel sad and a bit lost",
            "Lately I've been feeling unsure about where our plans stand",
            "When I bring up {moving_in}, I'd love to hear where you are with it",
            "When {occasion} slipped by, I felt sad",
        ),
        needs=(
            "and I want to know we're building something together",
            "and I'd love to feel like we're on the same page",
            "and I want us to keep making plans together",
        ),
        requests=(
            "Could we sit down this weekend and talk about what we both want?",
            "Would you tell me over dinner tonight how you feel about {moving_in}?",
            "Would you tell me over dinner tonight what you'd love for us this year?",
            "Could we pick a date together this week and put it in the calendar?",
            "Could we plan a small celebration together this weekend, just us? [occasion]",
            "Could we sit down this weekend and pick a few dates to get away together? [trip]",
        ),
    ),
    "support": TopicPhrases(
        longings=(
            "I'd love to lean on you when I'm having a hard time.",
            "I miss feeling comforted by you.",
            "I'd love to feel like I can come to you when I'm upset.",
        ),
        observations=(
            "Lately when I'm upset I've been keeping it to myself",
            "Lately I've been having a hard time and feeling alone with it",
            "Some days have been heavy for me lately",
        ),
        needs=(
            "and I want to feel like we're in it together",
            "and I'd love to know you're with me",
            "and a hug or a kind word would mean so much to me",
        ),
        requests=(
            "Would you check in with me tonight and ask how I'm really doing?",
            "Could we take ten minutes tonight to talk about how we're each doing?",
            "When I'm upset, would you give me a hug and ask what's going on?",
        ),
    ),
    "closeness": TopicPhrases(
        longings=(
            "I miss you.",
            "I miss us, and I miss you.",
            "I've been missing how close we used to be.",
            "I miss feeling close to you.",
            "I've been missing you {baby}, and how close we used to be.",
        ),
        observations=(
            "Lately it feels like we've drifted a little apart",
            "Lately I've been feeling far from you, even when we're in the same room",
            "These days I've been feeling lonely",
            "{baby}, we've both been so stretched",
        ),
        needs=(
            "and I want to feel close to you again",
            "and I'd love to feel seen by you",
            "and I want us to find our way back to each other",
        ),
        requests=(
            "Could we have dinner together tonight, just us, phones away?",
            "Would you sit with me for twenty minutes tonight and tell me how you're really doing?",
            "Could we take a walk together this weekend, just the two of us?",
            "Would you be up for a quiet evening together this week, just us?",
        ),
    ),
}

# Said when no combination of phrases passes every rule (it should not happen; it is a floor).
FALLBACKS = (
    "I miss you, and I want to feel close to you again. "
    "Could we have dinner together tonight, just us, phones away?",
    "I've been missing us. Would you be up for a walk together after dinner tonight?",
    "I miss feeling close to you. Lately we've drifted a little apart, and I want us back. "
    "Could we take twenty minutes tonight to sit together and talk?",
)

CLARIFICATION_QUESTIONS = (
    "That sounds like a lot to carry. When you think about your partner right now, what do "
    "you most wish were different?",
    "I'm here, and there's no rush. What would you most like your partner to understand?",
    "It's okay if it's hard to put into words. What's one thing you'd love more of with your "
    "partner?",
)


GATE_RE = re.compile(r"\s*\[(\w+)\]$")  # "… just us? [intimacy]": only when that detail is known


def _slots(phrase: str) -> set[str]:
    """Detail keys a phrase needs: its `{key}` slots and its trailing `[key]` gate."""
    keys = {name for _, name, _, _ in string.Formatter().parse(phrase) if name}
    gate = GATE_RE.search(phrase)
    return keys | {gate.group(1)} if gate else keys


def _fill(phrase: str, details: dict[str, str]) -> str:
    text = GATE_RE.sub("", phrase).format(**details)
    return text[:1].upper() + text[1:]


def _rotate(items: list[str], by: int) -> list[str]:
    if not items:
        return items
    k = by % len(items)
    return items[k:] + items[:k]


def _ordered(
    phrases: tuple[str, ...], details: dict[str, str], used: set[str], h: int, reuse: bool = False
) -> list[str]:
    """Usable phrases, each group rotated by `h`: those carrying a detail not used yet first,
    then plain ones, then those repeating a used detail (first, when `reuse`: a request may
    name again what the opening named)."""
    usable = [p for p in phrases if _slots(p) <= details.keys()]
    fresh = _rotate([p for p in usable if _slots(p) and not _slots(p) & used], h)
    plain = _rotate([p for p in usable if not _slots(p)], h)
    stale = _rotate([p for p in usable if _slots(p) & used], h)
    return fresh + stale + plain if reuse else fresh + plain + stale


def _details_for(text: str, concern: Concern) -> dict[str, str]:
    """The input's details that the concern kept (a caller may have dropped some)."""
    return {k: v for k, v in _details(text).items() if v in concern.details}


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


def _assemble(variant: int, longing: str, observation: str, need: str, request: str) -> str:
    direct_need = need.removeprefix("and ")
    direct_need = direct_need[:1].upper() + direct_need[1:]
    if variant == 0:  # warmer: every slot
        return f"{longing} {observation}, {need}. {request}"
    if variant == 1:  # lighter touch: the longing and the invitation
        return f"{longing} {request}"
    return f"{longing} {observation}. {direct_need}. {request}"  # more direct


def _candidates(text: str, concern: Concern, variant: int) -> Iterator[str]:
    """Openings for `variant`, best first: the stable hash picks where each list starts."""
    phrases = PHRASES.get(concern.topic, PHRASES["closeness"])
    details = _details_for(text, concern)
    h = _stable_hash(text)
    longings = _ordered(phrases.longings, details, set(), h)
    # A detail from the input leads every variant; otherwise the variants start apart.
    start = 0 if _slots(longings[0]) else variant
    needs = _rotate(list(phrases.needs), h // 11 + variant)
    tried = 0
    for a in range(len(longings)):
        longing = longings[(start + a) % len(longings)]
        observations = _ordered(phrases.observations, details, _slots(longing), h // 7)
        for b in range(len(observations)):
            observation = observations[(variant + b) % len(observations)]
            used = _slots(longing) | _slots(observation)
            requests = _ordered(phrases.requests, details, used, h // 13, reuse=True)
            r0 = 0 if _slots(requests[0]) else variant
            for c, d in itertools.product(range(len(needs)), range(len(requests))):
                if variant != 1 and _repeats(longing, needs[c]):
                    continue
                tried += 1
                if tried > MAX_CANDIDATES:
                    return
                out = _assemble(
                    variant,
                    _fill(longing, details),
                    _fill(observation, details),
                    needs[c].format(**details),
                    _fill(requests[(r0 + d) % len(requests)], details),
                )
                yield _casual(out) if concern.casual else out


def _repeats(a: str, b: str) -> bool:
    """True when two phrases share two content words ("feel close" twice reads as padding)."""
    common = set(content_words(a)) & set(content_words(b))
    return len(common - {"miss", "love", "want", "like"}) >= 2


def _passes(text: str, source: str) -> bool:
    return framing.check(text, source=source).hard_pass


def compose(text: str, concern: Concern, variant: int = 0) -> str:
    """An opening for `concern`: 0 = warmer, 1 = lighter touch, 2 = more direct.

    Every result passes every hard rule of framing.check(result, source=text).
    """
    variant %= 3
    if variant == 1 and concern.gentle:
        return light_touch(text, concern)
    for candidate in _candidates(text, concern, variant):
        if _passes(candidate, text):
            return candidate
    fallback = FALLBACKS[variant]
    return _casual(fallback) if concern.casual else fallback


def _harsh(sentence: str) -> bool:
    report = framing.check(sentence)
    if any(not report.get(rule).passed for rule in framing.HARSHNESS_RULES):
        return True
    second = report.get("second_person")
    return not second.passed and bool(second.evidence)


def light_touch(text: str, concern: Concern) -> str:
    """Keep the person's own words (minus any harsh sentence) and add a small invitation."""
    kept = []
    for start, end in framing.sentence_spans(text):
        sentence = text[start:end].strip()
        kept += [sentence] if not _harsh(sentence) else _longing_clauses(sentence)
    if not kept:
        return compose(text, concern, 0 if concern.gentle else 1)
    kept = [s if s[-1] in ".!?" else s + "." for s in kept]
    own = " ".join(kept)
    phrases = PHRASES.get(concern.topic, PHRASES["closeness"])
    details = _details_for(text, concern)
    h = _stable_hash(text)

    def adapt(added: str) -> str:
        return _casual(added) if concern.casual else added

    extra = ""
    if not framing.check(own).get("longing").passed:
        extra = " " + adapt(_fill(_short_longing(phrases), details))
    if _passes(own + extra, text):
        return own + extra  # it already ends with an invitation
    requests = _ordered(phrases.requests, details, set(), h)
    for needs_clause in (False, True):
        for request in requests:
            need = ""
            if needs_clause:
                clause = phrases.needs[h % len(phrases.needs)].removeprefix("and ")
                need = " " + adapt(clause[:1].upper() + clause[1:] + ".")
            out = f"{own}{extra}{need} {adapt(_fill(request, details))}"
            if _passes(out, text):
                return out
    return compose(text, concern, 0)


CLAUSE_SPLIT_RE = re.compile(r",\s*|;\s*|\s+(?:but|and|because|so)\s+")


def _longing_clauses(sentence: str) -> list[str]:
    """The gentle clauses of a harsh sentence: "I miss you but you never listen" -> "I miss you"."""
    clauses = [c.strip(" .!?") for c in CLAUSE_SPLIT_RE.split(sentence)]
    keep = [c for c in clauses if c and not _harsh(c) and framing.check(c).get("longing").passed]
    return [keep[0][:1].upper() + keep[0][1:] + "."] if keep else []


def _short_longing(phrases: TopicPhrases) -> str:
    plain = [p for p in phrases.longings if not _slots(p) and " you" in p]
    return min(plain or list(FALLBACKS[:1]), key=len)


# --- explaining ----------------------------------------------------------------------------

CONTEMPT_NOTES = {
    "sarcasm": "sarcasm hides the hurt underneath, so it's the part that gets heard",
    "mock gratitude": "a backhanded thank-you stings more than the complaint itself",
    "rhetorical attack": "a question that isn't really a question puts them on the defensive",
    "comparison": "comparisons with other people sting and take the focus off you two",
    "threat": "a threat or an 'I'm done' ends the conversation before it starts",
    "profanity": "swearing at them is heard as an attack, whatever you meant",
}


def _contempt_kind(evidence: str) -> str:
    low = framing.fold(evidence)
    for family, pat in framing.CONTEMPT_RE:
        if pat.search(low):
            return family
    if evidence.isupper():
        return "shouting"
    return "comparison" if "over me" in low else "sarcasm"  # the checker's two extra cases


def _label_word(evidence: str) -> str:
    found = framing.LABEL_RE.findall(framing.fold(evidence))
    return found[-1] if found else evidence


def _clause_at(text: str, phrase: str) -> str:
    """`phrase` in `text` up to the end of its clause: 'I miss' -> 'I miss talking with you'."""
    i = text.find(phrase)
    if i < 0 or not phrase:
        return phrase
    m = re.compile(r"[^,.;!?]*").match(text, i)
    return m.group().strip() if m else phrase


def _names(text: str) -> list[str]:
    """Capitalised words inside sentences that are not things a topic cue knows (Netflix, TV)."""
    found = []
    for shown in framing.new_facts(text):
        low = framing.fold(shown)
        if shown[:1].isupper() and not any(p.search(low) for _, p, _ in TOPIC_CUE_RES):
            found.append(shown)
    return list(dict.fromkeys(found))


def explain_changes(original: str, rewritten: str) -> list[str]:
    """Plain-words notes on what changed between the person's words and the opening, and why."""
    before = framing.check(original)
    after = framing.check(rewritten, source=original)
    if _is_gentle(before, original) and rewritten.strip() == original.strip():
        return ["This already leads with longing and ends with an invitation; I left it as it is"]
    if _is_gentle(before, original) and rewritten.startswith(original.strip()[:20]):
        return ["This already leads with longing; I only added a small invitation"]
    wish = _clause_at(rewritten, after.get("longing").evidence) or "a wish"
    notes: list[str] = []
    for r in before.failed():
        ev = r.evidence
        if r.rule == "no_absolutes" and ev and " " not in ev.strip():
            notes.append(f"Dropped '{ev}': one word can turn a complaint into a verdict on them")
        elif r.rule == "no_absolutes" and ev:
            notes.append(f"'{ev}' became '{wish}', so it reads as a wish, not a verdict")
        elif r.rule == "no_labels" and ev:
            notes.append(f"Dropped '{_label_word(ev)}': a label puts your partner on the defensive")
        elif r.rule == "no_contempt" and ev:
            kind = _contempt_kind(ev)
            if kind == "shouting":
                notes.append("Wrote it in ordinary letters: capitals read as shouting")
            else:
                notes.append(f"Dropped '{ev}': {CONTEMPT_NOTES[kind]}")
        elif r.rule == "no_faux_feelings" and ev:
            notes.append(f"'{ev}' became '{wish}': it says what you feel, not what they did")
        elif r.rule == "no_demands" and ev:
            notes.append(f"'{ev}' became a question they can say yes to, instead of a demand")
        elif r.rule == "second_person" and ev:
            notes.append(f"'{ev}' became 'you', so it speaks to your partner, not about them")
        elif r.rule == "longing":
            notes.append(f"Opened with what you long for ('{wish}'), so the wish comes first")
        elif r.rule == "length" and len(words(original)) > framing.MAX_WORDS:
            notes.append("Kept it to one short opening about one thing; the rest can come later")
    low = framing.fold(rewritten)
    names = [n for n in _names(original) if framing.fold(n) not in low]
    if names:
        notes.append(f"Left out {' and '.join(names)}: this is about the two of you")
    for detail in _details(original).values():
        if framing.fold(detail) in low:
            notes.append(f"Kept '{detail}' so it's still about your real situation")
            break
    if not before.get("ends_with_request").passed and after.get("ends_with_request").passed:
        notes.append("Ended with a small, specific invitation they can say yes to")
    return notes


def clarification_question(text: str) -> str:
    """A kind question asking what they'd like to say; it never guesses a concern."""
    return CLARIFICATION_QUESTIONS[_stable_hash(text) % len(CLARIFICATION_QUESTIONS)]
