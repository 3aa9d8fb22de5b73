"""What the partner did, as a class of act: the person's concern is read from it.

A complaint is about an act: who did what to whom. "You made fun of my accent at your
cousin's christening" is a put-down in front of others, so the concern is being backed
when we're with people, not the nearest stock topic the words touch (a christening, an
accent). The reader knows sentence shapes and classes of verbs, not topics:

- put_down: the partner's act aimed at the speaker's own thing or at them (made fun of,
  laughed at, corrected, criticised, joked about ... "my accent", "me") with others
  there ("in front of ...", "at your ...", "everyone");
- promise: the partner's word given ("you promised", "you said you'd", "you agreed to") and
  not kept (a negation, "missed", "instead", "expired"), a word given again and again ("you
  keep saying you'll") or a plan both had ("I thought we were doing tacos tonight");
- decided_alone: a decision made without them ("without asking me", "without my input",
  "I was not consulted");
- screen: the partner's eyes on a screen ("on his laptop", "staring at your phone",
  "scrolling");
- no_show: the partner not coming ("you didn't come to", "you weren't there", "not coming
  to", "you missed my ...", "I have to beg you to come");
- left_to_me: planning left to the speaker ("why is it always me who has to book ...",
  "I'm the one who has to organise ...");
- not_known: the partner not knowing the speaker's own life ("do you even know what my
  thesis is about?").

Each class's longing and request phrases are data (prompts/gently.toml, [acts.*]); the
concern topic each class shows weighs in concern.detect_concern.
"""

from __future__ import annotations

import re

from indexer.vocabulary import fold
from server.rephrase import framing

# Each class and the concern topic (concern.TOPICS) it shows.
ACT_TOPICS = {"put_down": "support", "promise": "reliability", "decided_alone": "planning",
              "screen": "attention", "no_show": "support", "left_to_me": "planning",
              "not_known": "talking"}
ACT_CLASSES = tuple(ACT_TOPICS)

SUBJECT = framing.PARTNER_SUBJECT
NEG = (r"(?:didn'?t|did not|never|wasn'?t|was not|weren'?t|wernt|were not|won'?t|not|don'?t"
       r"|doesn'?t)")
# Acts aimed at the speaker or the speaker's own thing.
PUT_DOWN_VERB = (r"(?:made fun of|make fun of|making fun of|mock(?:ed|s|ing)?|laugh(?:ed|s|ing)? at"
                 r"|criticis(?:ed|es|ing)|criticiz(?:ed|es|ing)|correct(?:ed|s|ing)|tease[ds]?"
                 r"|teasing|belittl(?:ed|es|ing)"
                 r"|(?:made|make|making) (?:a |that |the )?jokes? about"
                 r"|jok(?:ed|es|ing) about|put(?:s|ting)? me down|humiliat(?:ed|es|ing)"
                 r"|embarrass(?:ed|es|ing) me|agreed with (?:her|him|them)|laughs? along)")
TARGET = r"(?:me|my|our|about me)\b"
AUDIENCE = (r"\bin front of\b|\beveryone\b|\beverybody\b|\b(?:your|his|her|my|our|the) (?:friends"
            r"|family|parents|mum|mom|dad|sister|brother|mates|colleagues|coworkers|boss"
            r"|book club|team|cousins?|in-laws|(?:whole |entire )?group chat|guests)\b"
            r"|\bat (?:your|his|her|my|our|the) [a-z']+|\b(?:all )?(?:our|the|your) (?:friends"
            r"|guests)\b")
PUT_DOWN_RE = re.compile(
    rf"(?:\b{SUBJECT}\s+(?:[\w']+\s+){{0,2}}?|\bfor\s+){PUT_DOWN_VERB}\s+(?:[\w']+\s+)?{TARGET}"
    rf"|\b{SUBJECT}\s+(?:just\s+)?laughs? along\b|\bagreed with (?:her|him|them)\b")
# A put-down can be a report about the speaker to others: "you told everyone at dinner I
# can't cook", "he said to his mates that I'm boring". What was told must judge them (a
# negation, "can't", "I'm so/too/a ...") or the others laughed; news told first ("you told
# your mum I'm pregnant before I could") is a different act (concern.TOLD_LAST).
SAY_VERB = (r"(?:told|tells|telling|tell|said|says|saying|announced|announces|joked|jokes"
            r"|posted|posts|mentioned|mentions|complained|complains|moaned|moans)")
SAY_ABOUT_ME_RE = re.compile(
    rf"\b{SUBJECT}\s+(?:[\w']+\s+)?{SAY_VERB}\b(?P<told>[^.!?]*?)\b(?:that\s+)?"
    r"(?P<me>i'?m|i am|i was|i(?= )|my)\s+(?P<what>[^.!?,;]*?)(?=\s*[.!?,;]|\s+(?:and|but)\s|\s*$)")
JUDGED_RE = re.compile(rf"\b(?:{NEG}|can'?t|cannot|couldn'?t|useless|hopeless|lazy|terrible|awful"
                       r"|rubbish|boring|crazy|stupid|clueless|bad at|the worst|a mess|too"
                       r"|always|only ever|sucks?|like a)\b")
# Others laughing at it: "and they all laughed", "everyone cracked up".
LAUGHTER_RE = re.compile(r"\b(?:they|everyone|everybody|people|the whole (?:table|room)|all of them"
                         r"|(?:your|his|her|the) [a-z]+)\s+(?:all\s+|just\s+)?(?:laughed|laughing"
                         r"|were laughing|cracked up|sniggered|giggled|smirked)\b")
PROMISE_RE = re.compile(
    rf"\b{SUBJECT}\s+(?:[\w']+\s+)?(?:promis+ed|swore|agreed to|(?:said|siad|sed) (?:you'?d|u'?d|ud"
    rf"|you would|he'?d|she'?d|you'?ll|you will|he would|she would))\b|\bas we (?:had )?agreed\b"
    r"|\bwhich you agreed to\b")
# A word given again and again, or a plan both had, is already one not kept: "you keep saying
# you'll book it", "I thought we were doing tacos tonight", "we were supposed to go".
BROKEN_RE = re.compile(
    rf"\b{SUBJECT}\s+(?:[\w']+\s+)?keeps? (?:saying|telling me) (?:you'?ll|ull|u'?ll|he'?ll|she'?ll"
    r"|you will|he will|she will|it'?ll)\b|\b(?:i )?thought we were (?:doing|going|having|meeting"
    r"|staying|eating|seeing)\b|\bwe were (?:supposed|meant|going) to\b|\bwe (?:had|made) plans\b")
# Time gone by since the word was given is a word not kept: "that's the third weekend now",
# "three weeks later", "that was a month ago", "still waiting".
TIME_UNIT = r"(?:times?|days?|nights?|weeks?|weekends?|months?|years?|sundays?|saturdays?)"
COUNT = (r"(?:two|three|four|five|six|seven|eight|nine|ten|a few|several|many|\d+|a couple of"
         r"|a|an)")
TIME_GONE = (rf"\b(?:second|third|fourth|fifth|sixth|nth|umpteenth|\d+(?:st|nd|rd|th)) {TIME_UNIT}"
             rf"\b|\b{COUNT} {TIME_UNIT} (?:ago|later|now|on|since|in a row)\b|\bages ago\b"
             r"|\byet\b|\bwaiting\b")
NOT_KEPT_RE = re.compile(rf"\b{NEG}\b|\bmissed\b|\binstead\b|\bexpired\b|\bforgot\b"
                         r"|\bstill\b|\bnow it'?s\b|\bagain\b|\bdidnt\b"
                         rf"|\b(?:hasn'?t|haven'?t|isn'?t|aren'?t|hasnt|havent)\b|{TIME_GONE}")
DECIDED_ALONE_RE = re.compile(
    r"\bwithout (?:even )?(?:asking|consulting|checking with|talking to|running it by) me\b"
    r"|\bwithout (?:my|me having any) (?:input|involvement|say|opinion|agreement)\b"
    r"|\b(?:not|never|wasn'?t|weren'?t) (?:even )?consulted\b"
    # told once it was settled: "and told me the dates afterwards", "only told me after"
    r"|\b(?:only |just )?(?:told|tells|telling) me (?:about it |the [a-z]+ )?(?:afterwards"
    r"|after(?:ward)?s?\b|later|once it was (?:booked|done|settled|sorted|paid))"
    r"|\bwithout (?:even )?(?:telling|asking|checking with) me\b")
SCREEN = r"(?:phone|laptop|ipad|tablet|computer|xbox|playstation|screen|switch|console|tiktok)"
SCREEN_RE = re.compile(
    rf"\b(?:on|at|into) (?:his|her|your|ur|the|their) {SCREEN}s?\b"
    r"|\b(?:staring|stares|stared|glued) (?:at|to)\b|\bscroll(?:s|ed|ing)\b")
COME = (r"(?:(?:come|came|coming)(?! (?:to )?bed\b| home\b| back\b| near\b| over\b)"
        r"|show up|showed up|showing up|turn up|turned up|attend|be there|make it)")
NO_SHOW_RE = re.compile(
    rf"\b{SUBJECT}\s+(?:just\s+)?{NEG}\s+(?:even\s+)?(?:{COME}|there)\b"
    rf"|\b{SUBJECT}\s+(?:just\s+|are\s+|'re\s+|is\s+|'s\s+)?not\s+coming\b"
    rf"|\b{SUBJECT}\s+(?:just\s+|ha(?:ve|s|d)\s+)?{NEG}\s+(?:\w+\s+)?(?:attended|attend)\b"
    rf"|\b{SUBJECT}\s+(?:ha(?:ve|s)|'ve|'s)?\s*missed (?:every |each |my |our |the )"
    rf"|\b(?:beg|drag|nag) (?:you|u|him|her) to {COME}"
    rf"|\b{SUBJECT}\s+(?:just\s+)?{NEG}\s+(?:\w+\s+)?{COME}\b")
# what is left to them is planning: booking, organising, the messages that arrange things,
# and the remembering behind them (the mental load: "remember the bin day, the dentist")
PLANNING_VERB = (r"(?:plans?|planning|organi[sz]e?s?|organi[sz]ing|books?|booking|arranges?"
                 r"|calls? the|pays? the|rings? the"
                 r"|arranging|sorts? out|texts?|messages?|emails?"
                 r"|remembers?|remembering|reminds?|reminding|keeps? track|keeping track"
                 r"|thinks? (?:of|about)|thinking (?:of|about)|keeps? on top of|schedules?"
                 r"|scheduling|makes? the appointments?|deals? with|handles?|handling)\b")
LEFT_TO_ME_RE = re.compile(
    r"(?:\b(?:always|only|just) me who(?: (?:has|have) to)?"
    r"|\bi'?m (?:always )?the (?:only )?one who(?: (?:always|has to|have to))?"
    r"|\bdo i (?:always )?have to be the one(?: who| to)?"
    r"|\bam i (?:always )?the one who(?: (?:always|has to|have to))?"
    rf"|\bi (?:always )?have to be the one(?: who| to)?) {PLANNING_VERB}")



def load_list(text: str) -> tuple[int, int] | None:
    """The span of a list of jobs left to the speaker ("always me who has to remember the bin
    day, the dentist, your mum's birthday"), or None: each item is part of the load, so an
    item alone (a birthday) is not what the complaint is about."""
    low = fold(text)
    m = LEFT_TO_ME_RE.search(low)
    if not m:
        return None
    end = next((b for a, b in framing.sentence_spans(low) if a <= m.start() < b), len(low))
    items = [x for x in re.split(r",|\band\b|\bor\b", low[m.end():end]) if x.strip(" .!?")]
    return (m.start(), end) if len(items) >= 2 else None


# Not knowing the speaker's own life: "do you even know what my thesis is about?"
NOT_KNOWN_RE = re.compile(
    rf"\b(?:do|does|did) {SUBJECT} (?:even |actually |still )?know (?:what|where|who|how|when|which"
    r"|the name|anything|my)\b")


def _sentences(text: str) -> list[str]:
    low = fold(text)
    return [low[a:b] for a, b in framing.sentence_spans(low)] or [low]


def told_about_me(low: str) -> list[tuple[int, int]]:
    """The spans of `low` (folded) that report, to others, something judging the speaker:
    "you told everyone at dinner [I can't cook]". What was said is no fact of theirs, so an
    opening never says it back; that it was said to others is the act (a put-down)."""
    from server.rephrase.concern import TOLD_LAST

    if re.search(TOLD_LAST, low):
        return []  # their news told first by someone else: being told, not put down
    laughed = bool(LAUGHTER_RE.search(low))
    spans = []
    for a, b in framing.sentence_spans(low):
        m = SAY_ABOUT_ME_RE.search(low, a, b)
        if not m or not re.search(AUDIENCE, low[a:m.start("me")]):
            continue
        what = m.group("what")
        if laughed or JUDGED_RE.search(what) or framing.LABEL_RE.search(what):
            spans.append((m.start("me"), m.end("what")))
    return spans


def unsaid(low: str) -> str:
    """`low` with what the partner told others about the speaker blanked, offsets kept."""
    for a, b in told_about_me(low):
        low = low[:a] + " " * (b - a) + low[b:]
    return low


def read_act(text: str) -> str | None:
    """The class of the partner's act the complaint is about, or None. The first class the
    complaint shows in ACT_CLASSES order wins: a put-down before a promise, a promise before
    a missed event (a promise to come that was broken is about counting on them)."""
    sentences = _sentences(text)
    low = " ".join(sentences)
    for s in sentences:
        if PUT_DOWN_RE.search(s) and re.search(AUDIENCE, s):
            return "put_down"
    if told_about_me(" ".join(sentences)):
        return "put_down"
    for n, s in enumerate(sentences):
        m = PROMISE_RE.search(s)
        around = sentences[max(n - 1, 0):n] + sentences[n + 1:n + 3]
        if m and (NOT_KEPT_RE.search(s[m.end():]) or any(NOT_KEPT_RE.search(t) for t in around)):
            return "promise"
        if BROKEN_RE.search(s):
            return "promise"
    if DECIDED_ALONE_RE.search(low):
        return "decided_alone"
    if any(SCREEN_RE.search(s) for s in sentences):
        return "screen"
    if any(NO_SHOW_RE.search(s) for s in sentences):
        return "no_show"
    if LEFT_TO_ME_RE.search(low):
        return "left_to_me"
    if NOT_KNOWN_RE.search(low):
        return "not_known"
    return None
