"""What the person wanted, read from the clauses of their complaint, and its next-time version.

Behind every complaint is a wish, and most complaints say it outright as an act that did not
happen: a clause with the partner as subject and a negated or missed verb ("you never ask me
about my book club", "he didn't text me back", "you forgot we had dinner reservations", "u
said ud call ... and u didnt"), or the person's own asking for it ("why do I have to beg you
to come to my kid's recital", "I asked you to ...", "without asking me", "everyone except
me", "remembered X but not Y"). Reading is by the clause's grammar, not by lists of events:
a subject, a verb group (negation, aux, adverbs) and the verb phrase up to the clause's end.

The act is put into the base form from the partner's side: pronouns moved (he/she/his/her ->
you/your when they name the partner; "it" and "her"/"him" resolved to the thing or the person
named before them), blame and absolutes dropped (even, never, just, again, a single), and
refused when it carries a name, a label, a feeling verb or a negation. Its next-time version
is what the request asks for: the event named as the next one ("come to my kid's next
recital"), or, for something said about a thing already named, "it" ("ask me about it").
Nothing is guessed: no such clause means no wanted act.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.vocabulary import (
    LAUGHTER,
    PARTNER_NOUNS,
    PARTNER_SPOKEN_OF,
    WEEKDAY,
    names,
    spell_out,
    split_sentences,
)
from server.rephrase import framing
from server.rephrase.missed import (
    NOT_ACTS,
    PAST_MARKERS,
    TENDER_RE,
    VAGUE_RE,
    Missed,
    base_of_ing,
    base_of_past,
    base_of_s,
    clean_vp,
    in_present,
    restore_case,
    to_you,
)

SUBJECT = rf"(?:you|{PARTNER_SPOKEN_OF})"
ADVERBS = (r"(?:(?:just|even|ever|really|actually|still|literally|honestly|seriously|always"
           r"|totally|completely|once|again|now|then|basically|also|clearly|obviously)\s+)*")
NEGATION = (
    r"didn't|did not|didnt|don't|do not|dont|doesn't|does not|doesnt|never|won't|wont"
    r"|will not|wouldn't|wouldnt|would not|can't|cant|cannot|can not|couldn't|couldnt|could not"
    r"|haven't|havent|have not|hasn't|hasnt|has not|hadn't|no longer|barely|rarely"
    r"|hardly(?: ever)?|refused to|refuses to|refuse to|failed to|fails to"
    r"|(?P<forgot_to>forgot to|forgets to|forget to|forgotten to)"
)
# After the negation: "didn't even bother to", "never once thought to".
AFTER_NEGATION = (r"(?:(?:even|ever|once|yet|really|actually|just|bother(?:ed)? to|think to|try to"
                  r"|want to|seem to|manage(?:d)? to|once think to|come close to)\s+)*")
# Where a verb phrase ends: punctuation, a conjunction, a frame ("when I ..."), a new subject.
FRAME_WORDS = r"when|whenever|while|after|before|since|if|once|as soon as|the moment"
SUBJECT_WORDS = (r"i|i'm|i've|i'd|we|we're|we've|you|you're|you've|he|she|they|my|our|your"
                 r"|his|her|the")
END = (
    r"(?=\s*[,.;:!?…)\"]|\s*$|\s+(?:and|but|so|because|cause|cos|coz|though|tho|although"
    rf"|even though|even tho|even if|unless|until|till|then|instead|or|{LAUGHTER}|omg|which"
    r"|considering|anymore|any more|again|either|anyway|as usual|these days|lately|ever since"
    r"|like (?:i|you|we|he|she|a|an|it)|in (?:[a-z0-9]+ )?(?:days|weeks|months|ages|years)"
    r"|for (?:[a-z0-9]+ )?(?:days|weeks|months|ages|years)|since)\b"
    rf"|\s+(?:{FRAME_WORDS})\s+(?:{SUBJECT_WORDS})\b"
    r"|\s+(?:you|he|she|they)\s+(?:just |still |then |even |never |always )?(?:[a-z]+ed"
    r"|did|didn't|didnt|don't|dont|said|says|say|went|go|goes|were|was|are|is|kept|got|had"
    r"|have|has|know|knew|think|thought)\b)"
)
VP = rf"(?P<vp>[a-z][a-z0-9' ]*?){END}"
FRAME_RE = re.compile(rf"\s*(?:(?:anymore|any more|again|either|even|at all)\s+)*"
                      rf"(?P<frame>(?:{FRAME_WORDS})\s+[a-z0-9' ]+?)(?=\s*[,.;:!?…)\"]|\s*$"
                      r"|\s+(?:and|but|so|because|cause|though|tho|although|even though"
                      rf"|{LAUGHTER}|or|then|instead|anymore|again)\b)")

# (kind, pattern): each names the wanted act in group `vp`. Kinds: "missed" (a negated act),
# "forgot" (forgot a thing: "remember ..."), "promised" (said they would), "asked" (the
# person asked or had to beg for it), "before" (done without asking me first), "too" (done
# for everyone except me).
SHAPES: tuple[tuple[str, str], ...] = (
    ("promised", rf"\b(?P<subj>{SUBJECT})\s+{ADVERBS}(?:promis[a-z]*|said|swore|told me)(?: me)?"
                 r"(?: (?:you|he|she)(?:'d| would|'ll| will| were going to| was going to"
                 r"| are going to| is going to)| to)\s+(?:definitely |totally )?"
                 # "you said you'd already said yes" reports a thing done, not a word given
                 r"(?!have\b|rather\b|prefer|like\b|love\b|never\b|be fine\b|already\b)" + VP),
    # "you said we'd watch it together": their word, for something we'd do.
    ("promised", rf"\b(?:{SUBJECT})\s+{ADVERBS}(?:promis[a-z]*|said|swore)(?: that)? (?P<subj>we)"
                 r"(?:'d| would|'ll| will| were going to)\s+(?:definitely |finally )?" + VP),
    # "we were supposed to go to the cinema": what was planned together.
    ("promised", r"\b(?P<subj>we)(?: were| was|'d| had)? (?:supposed to|meant to|going to"
                 r"|planned to|agreed to)\s+" + VP),
    ("forgot", rf"\b(?P<subj>{SUBJECT}|(?<=and )|(?<=then )|^)\s*{ADVERBS}(?:forgot|forgets"
               r"|forget|forgotten)(?: about)?\s+(?!to\b)(?:that\s+)?" + VP),
    ("missed", rf"\b(?P<subj>{SUBJECT}|(?<=and )|(?<=then )|(?<=but )|^)\s*{ADVERBS}"
               rf"(?:{NEGATION})\s+{AFTER_NEGATION}" + VP),
    ("asked", r"\bi(?:'ve| have| had)?\s+" + ADVERBS + r"(?:asked|begged|told|reminded|nagged)"
              r" (?:you|him|her)(?: [a-z0-9]+ times| so many times| twice| again| over and over"
              r"| every (?:single )?time)?"
              r" to\s+(?:just\s+)?" + VP),
    ("asked", r"\b(?:have|had|has) to\s+(?:beg|ask|remind|nag|tell|push|chase|plead with)"
              r"(?: (?:you|him|her))?(?: [a-z0-9]+ times| twice| again| over and over"
              r"| every (?:single )?time)?"
              r"\s+(?:to|before (?:you|he|she))\s+(?:just\s+)?" + VP),
    ("missed", r"\bi(?:'d| would)? (?:really |so )?(?:appreciate it|love it|like it|prefer it)"
               r" if,?(?: [a-z ]+,)? (?:you|he|she) (?:could |would |just |maybe )?" + VP),
    ("missed", r"\b(?:do|did|does|can|could|would|will|have) (?:you|he|she) (?:even|ever|actually"
               r"|at least)(?:\s+(?:even|ever|actually|just|once))?\s+" + VP),
    ("missed", r"\b(?:nice|good|sweet|kind|great) of (?:you|u) to (?:finally|actually|even|bother"
               r" to|at last)\s+" + VP),
    ("forgot_to", r"\bthanks? (?:a lot |so much |very much )?for (?:forgetting|not remembering"
                  r"|remembering)? ?to " + VP),
    ("forgot_to", r"\bthanks? (?:a lot |so much |very much )?for (?:forgetting|not remembering)"
                  r" (?:to )?" + VP),
    # "thanks for remembering my sister's wedding is this weekend": sarcasm, it was forgotten
    ("forgot", r"\bthanks? (?:a lot |so much |very much )?for remembering (?!to\b)" + VP),
    ("missed", r"\bwhy (?:can't|won't|don't|didn't|couldn't|wouldn't) (?:you|he|she)"
               r" (?:ever |just |even |once )?" + VP),
)
SHAPE_RES = tuple((kind, re.compile(p)) for kind, p in SHAPES)
# "book the weekend with your friends without asking me": they wanted to be asked first.
WITHOUT_RE = re.compile(
    r"(?:^|[,;]\s*|\b(?:and|so|just|stop|you|he|she|go ahead and|then)\s+)"
    r"(?P<main>[a-z]+(?:ed|ing|s)?(?: [a-z0-9']+){0,12}?)\s+without\s+(?:even\s+|first\s+)?"
    r"(?:(?P<verb>asking|telling|checking with|consulting|talking to)\s+(?:me|us)\b"
    r"|(?P<alone>asking|checking|consulting)(?=\s*[,.;:!?]|\s*$))"
)
LEAD_RE = re.compile(r"^(?:(?:go ahead and|stop|just|and|then|so|keep|you|he|she)\s+)+")
# "you told your friends about it before we'd even talked about it".
BEFORE_RE = re.compile(
    r"(?:^|[,;]\s*|\b(?:you|he|she|and|just|then)\s+)(?P<main>[a-z]+(?:ed|s)?(?: [a-z0-9']+){0,9}?)"
    r"\s+before (?:we'd|we had|we even|i'd|i had|i even|i could|i got to)(?: even)?"
    r" (?:talked|discussed|decided|agreed|told|had a chance|said)\b"
)
ASK_FIRST = {"asking": "ask me", "telling": "tell me", "checking with": "check with me",
             "consulting": "check with me", "talking to": "talk to me"}
# "went to bed w/o even saying goodnight": the act left out.
LEFT_OUT_RE = re.compile(r"\bwithout (?:even |so much as |once )?(?P<ing>[a-z]+ing)\b"
                         r"(?P<rest>[a-z0-9' ]*?)" + END)
# "can you stop scrolling when I'm ...": the thing to put aside, and when.
STOP_RE = re.compile(r"\b(?:can|could|would|will) (?:you|u) (?:please |just )?stop"
                     r" (?P<ing>[a-z]+ing)(?P<rest>(?: [a-z]+){0,2}?)"
                     r"(?=\s+(?:when|while|every|at|during)\b|\s*[?.!,]|\s*$)")
# "two hours late for my sister's birthday": on time for it, next time.
LATE_RE = re.compile(r"\blate (?:(?:for|to) (?P<np>(?:my|our|your|the) [a-z0-9' ]+?)"
                     r"|(?P<ing>[a-z]+ing) (?P<rest>[a-z0-9' ]+?))"
                     rf"(?=\s*[,.;:!?…]|\s*$|\s+(?:and|but|again|{LAUGHTER}|because)\b)")
# "you turned up to my birthday drinks two hours late": the same, the event said first.
LATE_TO_RE = re.compile(r"\b(?:turn|show|roll|come|get)(?:s|ed|ing)? up (?:to|at|for) "
                        r"(?P<np>(?:my|our|your|the) [a-z0-9' ]+?|dinner|lunch|drinks|work)"
                        r"(?: with (?:my|our|your|the) [a-z']+)?,?(?: (?:like |about |over "
                        r"|almost )?(?:an?|one|two|three|four|five|twenty|thirty|forty|[0-9]+)"
                        r" (?:hours?|minutes?|mins?)| half an hour)? late\b")
# Acts told as accusations: what the partner did instead of the wanted act. "you skipped my
# cello recital" -> come to it; "u left my gig after two songs" -> stay for it; "you went to
# the pub instead of coming to my work do" -> come to it. The thing keeps their words.
_EVENT_NP = r"(?P<np>(?:my|our|your|the) (?:[a-z]+'s )?(?:[a-z0-9']+ ){0,3}?(?P<head>[a-z]+))"
_EVENT_END = (rf"(?=\s*[,.;:!?…]|\s*$|\s+(?:and|but|again|{LAUGHTER}|because|cos|for|to|so"
              r"|just|last|on|this|yesterday|tonight|without|early|before|after|halfway|half"
              r"|at|with|even|we|i|you|that|which)\b)")
SKIPPED_RE = re.compile(rf"\b(?:{SUBJECT})\s+{ADVERBS}(?:skipped|skip|missed|bailed on|blew off"
                        r"|ditched|flaked on|bailed out of|pulled out of)\s+" + _EVENT_NP
                        + _EVENT_END)
LEFT_EARLY_RE = re.compile(rf"\b(?:{SUBJECT})\s+{ADVERBS}(?:left|walked out of|ducked out of)\s+"
                           + _EVENT_NP + r",?\s+(?:really |so |super )?(?:early|before\b|after"
                           r" (?:only |just )?(?:an?|one|two|three|four|five|ten|twenty|[0-9]+)"
                           r" |halfway|half way|half-way|at the interval)")
INSTEAD_RE = re.compile(r"\binstead of (?:coming|going) to\s+" + _EVENT_NP + _EVENT_END)
SAID_NO_RE = re.compile(rf"\b(?:{SUBJECT})\s+{ADVERBS}(?:said no|rsvp'?d no|rsvped no|declined"
                        r"|turned down|cancelled|canceled)(?: to)?\s+" + _EVENT_NP
                        + r"(?:\s+(?:with|for|at|on|in|this|next|last)\b[a-z0-9' ]*?)?"
                        r"\s+without\s+(?:even\s+|first\s+)?(?:asking"
                        r"|checking with|consulting|talking to)\s+(?:me|us)\b")
# "you turned up at half seven to the flat viewing", "we had the viewing at six and you
# turned up at half seven": on time for it, next time.
_CLOCK = (r"(?:half |quarter past |quarter to |ten past |ten to )?(?:[0-9]{1,2}(?:[:.][0-9]{2})?"
          r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|midnight)"
          r"(?: ?(?:am|pm|o'clock))?")
TURNED_UP_AT_RE = re.compile(
    rf"\b(?:{SUBJECT})\s+{ADVERBS}(?:turned|showed|rolled|got) up at {_CLOCK} (?:to|for) "
    + _EVENT_NP + _EVENT_END
    + rf"|\b(?:had|booked|arranged) {_EVENT_NP.replace('np>', 'np2>').replace('head>', 'head2>')}"
    rf" (?:at|for) {_CLOCK},? and (?:{SUBJECT})\s+{ADVERBS}(?:turned|showed|rolled|got) up at"
)
# "your mum criticised my parenting and you just sat there": they wanted the partner on
# their side, not help with what was criticised.
STOOD_BY_RE = re.compile(
    r"\b(?:your|his|her) (?:mum|mom|mother|dad|father|parents|family|sister|brother|friends?"
    r"|mates)\b[a-z0-9' ,]*?\b(?:criticis|criticiz|made fun|mock|insult|had a go|laugh(?:ed|s) at"
    r"|pick(?:ed|s) on|put me down|puts me down|comment)[a-z]*\b[a-z0-9' ,]*?\band (?:you|he|she)"
    r" (?:just |literally |simply )?(?:sat there|stood there|said nothing|say nothing"
    r"|didn'?t say (?:anything|a word)|never say (?:anything|a word)|never said (?:anything|a word)"
    r"|stayed quiet|stay quiet|laughed along|agreed)"
)
# "you introduced everyone to each other except me": they wanted it for me too.
EXCEPT_RE = re.compile(
    rf"\b(?:{SUBJECT})\s+{ADVERBS}(?P<verb>[a-z]+ed|[a-z]+s)\s+(?P<prep>with |to |for )?(?:everyone"
    r"|everybody|all of them"
    r"|the others|all (?:of )?(?:your|the|my) [a-z]+)\b[a-z' ]*?\s+(?:except|apart from|other"
    r" than|besides|but not|but)\s+me\b"
)
# "you remembered your fantasy football draft but not my mom's birthday dinner".
BUT_NOT_RE = re.compile(
    rf"\b(?:{SUBJECT})\s+{ADVERBS}(?P<verb>[a-z]+ed|knew|saw|made|found|got|gave)\s+[a-z0-9' ]+?"
    r",?\s+but (?:not|never) (?P<np>(?:my|our|the|your|his|her) [a-z0-9' ]+?)"
    rf"(?=\s*[,.;:!?…]|\s*$|\s+(?:and|{LAUGHTER})\b)"
)

# Verbs whose object is something to go to: the request names its next one.
GO_TO_VERBS = frozenset("come go be attend show make get turn remember join stay".split())
# What happens again, so a request may name the next one ("remember our next anniversary").
EVENT_NOUNS = frozenset("""party birthday anniversary recital concert game match show play dinner
    lunch date appointment meeting reservation booking trip holiday night drinks session class
    gig race performance""".split())
# Places, not events: "come to the hospital" has no next one.
PLACES = frozenset("""hospital station airport vet vets doctor doctors dentist office shop shops
    house home school gym pub bar park church cinema restaurant hotel flat beach bed
    work place spot cafe lake""".split())
# People, not events: there is no "next" one of them.
PEOPLE_RE = re.compile(framing.THIRD_PARTY_RE.pattern + r"|\b(?:grandparents|family|folks"
                       r"|relatives|mates|parents|kids|children|people|everyone|vet|dentist|gp)\b")
# Verbs about a thing said or shown: the request says "it" once the longing has named it.
ABOUT_VERBS = frozenset("ask tell talk mention say look notice comment listen".split())
# Things that happen once (or once a year): there is no "next" one to ask about.
ONE_OFF = frozenset(
    """graduation wedding funeral surgery operation birth retirement promotion engagement
    diagnosis test results proposal christening""".split()
)
# Once a year, and ours: "my birthday dinner" missed has no next one to ask for soon; "my
# sister's birthday" (someone else's) and "call me on my birthday" keep their next time.
YEARLY = frozenset("birthday anniversary".split())
AT_VERBS = frozenset("come go be stay make turn show remember attend".split())
SAD_ONCE = frozenset("funeral surgery operation diagnosis results miscarriage scan".split())
# Words after which the thing is not an event to be at: "you missed the point".
EVENT_HEADS = EVENT_NOUNS | ONE_OFF | frozenset(
    """viewing play recital gig wedding reception ceremony do party session match game
    race scan class lesson evening night weekend""".split())
PEOPLE_HER = frozenset("mum mom mother sister grandma grandmother aunt daughter niece nan".split())
PEOPLE_HIM = frozenset("dad father brother grandpa grandfather uncle son nephew".split())
NP_RE = re.compile(
    r"\b(?P<det>a|an|the|my|your|our|his|her)\s+(?P<body>(?:[a-z]+'s\s+)?(?:[a-z]+\s+){0,2}?"
    r"[a-z]+)(?=\s*[,.;:!?…]|\s*$|\s+(?:and|but|for|to|at|on|in|with|about|from|of|so|because"
    r"|when|while|before|after|last|yesterday|today|tonight|again|anymore|together|i|you|he|she"
    r"|we|lol|that"
    r"|which|who|even|too|though|a|an|the|my|your|our|his|her|went|was|is|were|are|had|has"
    r"|got|came|did|goes|go|up|out|off|down|back|away|over|without|during|into|through|until"
    r"|since|than|instead|unless|or|if)\b)"
)
NOT_THINGS = frozenset("way time day moment life point end thing things one lot bit fact".split())


@dataclass(frozen=True)
class Wanted:
    """The partner's act the person wanted, from the partner's side, and its next time."""

    act: str  # "ask me about my book club", "remember we had dinner reservations"
    kind: str  # "missed", "forgot", "promised", "asked", "before" or "too"
    frame: str  # the moment around it: "when I get home from night shifts" ("" when none)
    past: bool  # it was one moment ("you didn't", "you forgot"), not a habit
    used_to: bool  # their words say it used to happen ("anymore", "in months", "since")
    next: str  # the act as the next time: "come to my kid's next recital" ("" when none)
    event: str  # the thing of theirs it was about, made the next one: "my kid's next recital"
    quote: str  # the words it came from


def _partner_is_third(low: str) -> bool:
    """Whether the complaint speaks of the partner as he/she (and not to them as you)."""
    third = re.search(rf"\b{PARTNER_SPOKEN_OF}\b", low)
    second = re.search(r"\b(?:you|you're|you've|you'd|your)\b", low)
    if third is None:
        return False
    return not (second and second.start() < third.start())


def _nearest(low: str, upto: int, want: str) -> str:
    """The nearest noun phrase before `upto` that "it" ("thing") or "her"/"him" can mean."""
    best = ""
    for m in NP_RE.finditer(low[:upto]):
        body = m.group("body")
        head = body.split()[-1]
        if want == "thing" and (m.group("det") in {"his", "her"} or head in NOT_THINGS
                                or framing.THIRD_PARTY_RE.search(head)
                                or re.search(rf"\b{PARTNER_NOUNS}\b", body)):
            continue
        if want == "her" and head not in PEOPLE_HER:
            continue
        if want == "him" and head not in PEOPLE_HIM:
            continue
        det = "the" if m.group("det") in {"a", "an"} else m.group("det")
        best = f"{det} {body}"
    return best


def _resolve(act: str, low: str, at: int, third: bool) -> str:
    """Pronouns moved: the partner as "you"; "it", "her", "him" as what they stand for."""
    if third:  # "say she loves me" -> "say you love me"
        act = re.sub(r"\b(?:he|she) ([a-z]+)\b", lambda m: f"you {base_of_s(m.group(1))}", act)
        return to_you(act)
    out = act
    for pronoun, want in (("her", "her"), ("him", "him")):
        if re.search(rf"\b{pronoun}\b", out):
            person = _nearest(low, at, want)
            if not person:
                return ""
            out = re.sub(rf"\b{pronoun}\b", person, out)
    if re.search(r"\bit\b", out) and not re.search(r"\bit\b", out.split(" ", 1)[0]) and not (
            re.search(r"\bhow it\b", out)):  # "ask how it went": the moment, not a thing
        thing = _nearest(low, at, "thing")
        if thing:
            out = re.sub(r"\bit\b", thing, out, count=1)
    return re.sub(r"\b(?:my|your) (my|your)\b", r"\1", out)


def _acceptable(act: str, named: set[str]) -> bool:
    tokens = act.split()
    wish_me = tokens[:2] == ["wish", "me"]  # "wish me luck" is an act; "wish" alone is not
    if not 1 <= len(tokens) <= 14 or (tokens[0] in NOT_ACTS | {"stop", "quit"}
                                       and not wish_me) or VAGUE_RE.match(act):
        return False
    if len(tokens) == 1 and tokens[0] not in {"listen", "call", "text", "help", "visit",
                                              "reply", "respond", "answer", "ask", "come"}:
        return False
    if tokens[-1] in {"it", "that", "this", "them", "there"} and len(tokens) <= 2:
        return False
    if tokens[0] in {"for", "to", "at", "in", "on", "with", "about", "from", "of", "by", "since"}:
        return False  # "never (for our Sunday lie-ins)": no verb, no act
    if any(w in {"not", "no", "never", "nothing", "nobody", "without", "he", "she", "him",
                 "his", "her", "they", "them"} or w.endswith("n't") for w in tokens):
        return False
    if set(tokens) & named or framing.FAUX_WORD_RE.search(act) or TENDER_RE.search(act):
        return False
    report = framing.check(f"I'd love it if you'd {act}.")
    return all(report.get(rule).passed for rule in framing.HARSHNESS_RULES)


def _base_head(vp: str) -> str:
    head, _, rest = vp.partition(" ")
    if head.endswith("ing") and head not in {"bring", "sing", "ring", "thing"}:
        head = base_of_ing(head)
    head = base_of_past(base_of_s(head))
    return f"{head} {rest}".strip()


def _tidy(vp: str) -> str:
    for_me = vp.rstrip().endswith("for me")
    vp = clean_vp(vp, "alone")
    if for_me and not vp.endswith("for me"):
        vp += " for me"  # "stand up for me" is the act itself
    vp = re.sub(r"\b(the|your|my|our) (?:whole|entire) ", r"\1 ", vp)
    # "ask me about my dad has been (since his stroke)": how he's been; a clause of its own
    vp = re.sub(r"\b(?:about|how) ((?:my|your|our|the) (?:[a-z]+ )?[a-z]+) has (been|gone)\b.*$",
                r"how \1's \2", vp)
    vp = re.sub(r"^ask once (?=how|about|what)", "ask me ", vp)
    vp = re.sub(rf"(?:^|\s+)(?:on |this |next |last |since |until |till )?{WEEKDAY}s?$", "",
                vp)  # the request says when
    vp = re.sub(r"^ask me (?:a|one|any) (?:single )?(?:thing|question)s? about\b", "ask me about",
                vp)
    vp = re.sub(r"\s+(?:has|have) (?:been|gone|got|had|done)\b.*$", "", vp)
    vp = re.sub(r"\s+(?:(?:a few|a couple of|two|three|four|five|[0-9]+) )?(?:weeks|days|months"
                r"|years|ages) ago$|\s+a while ago$", "", vp)
    vp = re.sub(r"^ask (?:a|one|any) (?:single )?questions? about\b", "ask me about", vp)
    vp = re.sub(r"\bwith (?:a|one|any) (?:single )?thing (?:for|with|about) ", "with ", vp)
    vp = re.sub(r"\b(?:say|said) (?:a|one) (?:single )?word\b", "say something", vp)
    vp = re.sub(r"\bany of (my|your|our|the)\b", r"\1", vp)
    vp = re.sub(r"\b(?:a|one) (?:single )?(question|thing|word)\b", r"a \1", vp)
    vp = re.sub(r"\b(?:once|either|too|back then)$", "", vp).strip()
    vp = re.sub(r"\s+(?:this|last|next|all) (?:season|year|week|month|term|summer|winter)$", "",
                vp)
    vp = re.sub(r"\b(?:a single|a|one|any) (?:single )?one of (my|your|our|the) ", r"\1 ", vp)
    # "do you even know what my thesis is about": they want to be asked about it
    vp = re.sub(r"^know what ((?:my|our) (?:[a-z']+ ){0,2}?[a-z']+) (?:is|was|'s) about$",
                r"ask me about \1", vp)
    vp = re.sub(r"^know (?=what|when|where|which|how|that|the|my|your|our)\b", "remember ", vp)
    vp = re.sub(r"^(?:be|get) (?:there )?on time (?:for|to) ", "be on time for ", vp)
    return " ".join(vp.split())


# Events named in the plural that are one event: "my birthday drinks", "the finals".
PLURAL_EVENTS = frozenset("drinks finals nationals celebrations festivities".split())


def _singular(np: str) -> str:
    words_ = np.split()
    noun = words_[-1]
    if noun.endswith("s") and not noun.endswith(("ss", "us", "is")) and len(noun) > 3 and (
            noun not in PLURAL_EVENTS):
        words_[-1] = noun[:-3] + "y" if noun.endswith("ies") else noun[:-1]
    return " ".join(words_)


def _next_event(act: str) -> tuple[str, str]:
    """(the act asked for next time, the event made the next one): "come to my kid's recital" ->
    ("come to my kid's next recital", "my kid's next recital"); ("", "") when there is none."""
    head = act.split()[0]
    found = [m for m in NP_RE.finditer(act) if not m.group("body").split()[-1].endswith("ing")]
    if not found:
        return "", ""
    m = found[-1]  # the last noun phrase is what it was about
    det, body = m.group("det"), m.group("body")
    words_ = body.split()
    noun = words_[-1]
    if _once(body) or one_off(act) or noun in NOT_THINGS or noun in PLACES or (
            PEOPLE_RE.fullmatch(noun)) or (
            det in {"a", "an", "his", "her"}):
        return "", ""
    if head in ABOUT_VERBS and act[: m.start()].rstrip().split()[-1] in {"about", "at", "on",
                                                                          "of"} and (
            m.end() == len(act)):
        pronoun = "them" if noun.endswith("s") and not noun.endswith("ss") else "it"
        return act[: m.start()] + pronoun + act[m.end():], ""
    if head not in GO_TO_VERBS or (head == "remember" and (noun not in EVENT_NOUNS or (
            m.start() != len("remember ")))):
        return "", ""
    if det == "the" and noun not in EVENT_HEADS:
        return "", ""  # "go to the garden centre with me": a place, there is no next one
    words_ = _singular(" ".join(words_)).split()  # "our next dinner reservation"
    possessor = words_[0] if words_[0].endswith("'s") else ""
    rest = words_[1:] if possessor else words_
    event = " ".join([det] + ([possessor] if possessor else []) + ["next"] + rest)
    return act[: m.start()] + event + act[m.end():], event


def _from_match(kind: str, m: re.Match[str], low: str, sentence: str, offset: int,
                named: set[str], third: bool) -> Wanted | None:
    vp = m.group("vp")
    coming = False  # a forgotten thing still ahead: "... is this weekend"
    if kind == "missed" and m.groupdict().get("forgot_to"):
        kind = "forgot_to"
    if kind == "promised" and re.search(r"\b(?:forgot|forget|forgotten)\b", sentence):
        kind = "forgot_to"  # "you said you'd book the table and you forgot"
    act = _tidy(_base_head(vp))
    if set(act.split()) & named or {w.removesuffix("'s") for w in act.split()} & named:
        cut = re.match(r"(.+?)\s+(?:for|to|with|at|from|about)\s+[^ ]*\b(?:"
                       + "|".join(sorted(named)) + r")\b", act) if named else None
        act = cut.group(1) if cut else act  # "pick up the cake for Emma's party"
    act = re.sub(r"\s+(?:til|till|until|before|after) (?:like |about |around )?(?:the (?:evening"
                 r"|afternoon|morning|night|next day)|[0-9]+ ?(?:am|pm)?|midnight|lunch|noon"
                 r"|the end)$", "", act)  # "call me on my birthday (til the evening)"
    act = re.sub(r"\b(me|us|you) once\b", r"\1", act)  # "haven't asked me once how ..."
    act = re.sub(r"\s+(?:this|next|on|last) (?:weekend|week|saturday|sunday|friday|evening"
                 r"|morning|month)$|\s+(?:tonight|tomorrow)$", "", act)  # the next time is asked
    if m.groupdict().get("subj") == "we":
        if len(act.split()) < 2:
            return None  # "we were meant to fly": what is left is the plan's, not an act
        act = f"{re.sub(r' together$', '', act)} with me"  # "we were supposed to go to ..."
    if kind == "forgot":
        thing = re.sub(rf"\b(?:again|{LAUGHTER}|as usual|of course|once more|too|all|it)\b", "",
                       re.sub(r"^(?:about|that) ", "", _tidy(vp))).strip()
        if not thing:
            return None  # "you forgot again": what was forgotten is said elsewhere
        act = f"remember {re.sub(r'^(?:about|that) ', '', _tidy(vp))}"
        # "my sister's wedding is this weekend": the thing; it is still to come
        coming = bool(re.search(r"\s(?:is|are) (?:this|next|on|tomorrow|today|tonight)\b", act))
        act = re.sub(r"\s+(?:is|are|was|were) (?:this|next|on|tomorrow|today|tonight)\b.*$", "",
                     act)
        # "forgot my mum's funeral was (on Friday)": the thing, not a clause left hanging
        act = re.sub(r"\s+(?:was|is|were|are)$", "", act)
    rest = sentence[m.end():]
    frame_m = FRAME_RE.match(rest)
    frame = _tidy(frame_m.group("frame")) if frame_m else ""
    if frame and (set(frame.split()) & named or len(frame.split()) > 9 or not _acceptable(
            f"listen {frame}", named)):
        frame = ""
    if len(act.split()) == 1 and frame:
        act, frame = f"{act} {frame}", ""  # "notice" alone says nothing; "notice when ..." does
    act = _resolve(act, low, offset + m.start("vp"), third)
    frame = _resolve(frame, low, offset + m.end(), third) if frame else ""
    if not act or not _acceptable(act, named):
        return None
    negation = m.group()
    past = not coming and (kind in {"forgot", "forgot_to", "promised", "before", "too"} or bool(
        re.search(r"\b(?:didn't|did not|didnt|couldn't|couldnt|wouldn't|refused|failed|forgot)\b",
                  negation)) or bool(re.match(r"\w+ed\b", vp)))
    nxt, event = _next_event(act)
    had = re.match(r"remember (?:we|i) had (?:(?:a|an|the|our|some) )?([a-z ]+?)$", act)
    if had and not nxt:  # "forgot we had dinner reservations": the next one is ours
        event = "our next " + _singular(had.group(1))
        nxt = f"remember {event}"
    return Wanted(act, kind, frame, past and not PAST_MARKERS.search(sentence),
                  bool(PAST_MARKERS.search(sentence)), nxt, event, m.group().strip())


# "I was not consulted about the decision to adopt a dog": they wanted to be asked first.
NOT_CONSULTED_RE = re.compile(r"\b(?:i|we) (?:was|were|wasn't|weren't|have not been|haven't been"
                              r"|had not been|hadn't been)(?: not| never)? (?:even )?consulted\b")


def _special(low_sentence: str, named: set[str], third: bool, low: str,
             offset: int) -> Wanted | None:
    m = NOT_CONSULTED_RE.search(low_sentence)
    if m and re.search(r"\b(?:not|never|wasn't|weren't|haven't|hadn't)\b", m.group()):
        what = re.match(r"\s+(?:about|on) (?:the (?:decision|plan|idea|choice) to"
                        r" (?P<vp>[a-z0-9' ]+)|(?P<ing>[a-z]+ing\b[a-z0-9' ]*))",
                        low_sentence[m.end():])
        act = "ask me before you decide"
        if what:
            said = to_you(_tidy(what.group("vp") or what.group("ing")))
            said = f"{act} to {said}" if what.group("vp") else f"{act} on {said}"
            act = said if _acceptable(said, named) else act
        return Wanted(act, "before", "", True, False, "", "", m.group().strip())
    m = BEFORE_RE.search(low_sentence)
    if m:
        main = _tidy(_base_head(LEAD_RE.sub("", m.group("main"))))
        main = _resolve(main, low, offset + m.start("main"), third)
        act = f"talk with me before you {main}" if main else ""
        if main and _acceptable(act, named):
            return Wanted(act, "before", "", True, False, "", "", m.group().strip())
    m = WITHOUT_RE.search(low_sentence)
    if m:
        main = _tidy(_base_head(LEAD_RE.sub("", m.group("main"))))
        if len(main.split()) > 6:  # "book a golf weekend (for the same weekend as ...)"
            main = re.split(r" (?:for|on|at|as|during|over|in) (?=the|my|our|your|a)\b", main)[0]
        main = _resolve(main, low, offset + m.start("main"), third)
        verb = m.group("verb") or {"asking": "asking", "checking": "checking with",
                                   "consulting": "consulting"}[m.group("alone")]
        act = f"{ASK_FIRST[verb]} before you {main}" if main else ""
        if main and _acceptable(main, named) and _acceptable(act, named):
            return Wanted(act, "before", "", True, False, "", "", m.group().strip())
    m = STOP_RE.search(low_sentence)
    if m:
        act = f"put the {m.group('ing')}{m.group('rest')} aside"
        frame_m = FRAME_RE.match(low_sentence[m.end():])
        frame = _tidy(frame_m.group("frame")) if frame_m else ""
        if _acceptable(act, named):
            return Wanted(act, "missed", frame if _acceptable(f"listen {frame}", named) else "",
                          False, False, "", "", m.group().strip())
    m = LATE_RE.search(low_sentence) or LATE_TO_RE.search(low_sentence)
    if m and not set(m.group().split()) & named:
        np = m.group("np")
        np = np if np is None or np.split()[0] in {"my", "our", "your", "the"} else f"our {np}"
        act = (f"be there from the start of {_tidy(np)}" if np and one_off(f"be at {np}") else
               f"be on time for {_tidy(np)}" if np else
               f"be on time to {base_of_ing(m.group('ing'))} {_tidy(m.group('rest'))}")
        if _acceptable(act, named):
            nxt, event = _next_event(act)
            return Wanted(act, "missed", "", True, False, nxt, event, m.group().strip())
    for pattern, verb in ((SAID_NO_RE, "decide about"), (SKIPPED_RE, "come to"),
                          (INSTEAD_RE, "come to"), (LEFT_EARLY_RE, "stay for"),
                          (TURNED_UP_AT_RE, "be on time for")):
        if verb == "be on time for" and (m := pattern.search(low_sentence)) and one_off(
                f"be at {m.groupdict().get('np') or m.groupdict().get('np2') or ''}"):
            verb = "be there from the start of"
        m = pattern.search(low_sentence)
        if not m:
            continue
        said = m.groupdict().get("np") or m.groupdict().get("np2") or ""
        head = m.groupdict().get("head") or m.groupdict().get("head2") or ""
        if not said or head.removesuffix("'s") not in EVENT_HEADS or (
                set(said.split()) & named):
            continue
        np = _tidy(said)
        if pattern is SAID_NO_RE:  # a decision that may still be open: made together
            act = f"ask me before you decide about {np}"
            if _acceptable(act, named):
                return Wanted(act, "before", "", True, False, "", np, m.group().strip())
            continue
        act = f"{verb} {np}"
        if _acceptable(act, named):
            nxt, event = _next_event(act)
            return Wanted(act, "missed", "", True, False, nxt, event, m.group().strip())
    m = STOOD_BY_RE.search(low_sentence)
    if m:
        return Wanted("stand up for me", "missed", "", True, False, "", "", m.group().strip())
    m = EXCEPT_RE.search(low_sentence)
    if m:
        act = f"{base_of_past(base_of_s(m.group('verb')))} {m.group('prep') or ''}me too"
        if _acceptable(act, named):
            return Wanted(act, "too", "", True, False, "", "", m.group().strip())
    m = BUT_NOT_RE.search(low_sentence)
    if m:
        act = _resolve(_tidy(f"{base_of_past(m.group('verb'))} {m.group('np')}"), low,
                       offset + m.start("np"), third)
        if act and _acceptable(act, named):
            nxt, event = _next_event(act)
            return Wanted(act, "missed", "", True, False, nxt, event, m.group().strip())
    return None


QUOTED_WORDS_RE = re.compile(r"(?<![a-z])'(?=[^']* [^']* )(?:[^'.!?]|(?<=[a-z])'(?=[a-z]))+'"
                             r"(?![a-z])|\"[^\".!?]*? [^\".!?]*? [^\".!?]*?\"", re.IGNORECASE)


def read_wanted(text: str) -> Wanted | None:
    """The act the person wanted from their partner, or None when no clause names one."""
    # words in quotes of three or more words are what someone said, never the act wanted:
    # "you made that joke about me being 'the reason we can't afford holidays'"
    low = QUOTED_WORDS_RE.sub(lambda m: " " * len(m.group()), spell_out(text))
    named = {w for w, _, _ in names(text) if w not in framing.FACT_WORDS}
    third = _partner_is_third(low)
    has_partner = bool(re.search(rf"\b{SUBJECT}\b", low))
    for start, end in split_sentences(low):
        sentence = low[start:end].rstrip(".!?… ")
        found = _special(sentence, named, third, low, start)
        if found is None:
            for kind, pat in SHAPE_RES:
                for m in pat.finditer(sentence):
                    if "subj" in m.groupdict() and not m.group("subj") and not has_partner:
                        continue  # "and forgot ..." needs the partner named before
                    found = _from_match(kind, m, low, sentence, start, named, third)
                    if found is not None:
                        break
                if found is not None:
                    break
        if found is None:
            left = LEFT_OUT_RE.search(sentence)
            act = _tidy(f"{base_of_ing(left.group('ing'))}{left.group('rest')}") if left else ""
            if left and left.group("ing") not in {"asking", "telling", "checking", "thinking"} and (
                    _acceptable(act, named)):
                found = Wanted(act, "missed", "", True, False, "", "", left.group().strip())
        if found is not None:
            return Wanted(restore_case(found.act, text), found.kind,
                          restore_case(found.frame, text), found.past, found.used_to,
                          restore_case(found.next, text), restore_case(found.event, text),
                          found.quote)
    return None


PAST_FRAME_RE = re.compile(r"\b(?:was|were|had|did|told|got|came|went|said|made|saw|\w+ed)\b")


def short_act(act: str) -> str:
    """The act without its trailing place or object once it has been named: "pick me up
    from the train station" -> "pick me up", "ask me about my trip" -> "ask me about it"."""
    tokens = act.split()
    for i, word in enumerate(tokens[2:], start=2):
        if word == "about" or (word == "on" and tokens[0] in ABOUT_VERBS):
            return " ".join([*tokens[: i + 1], "it"])  # "comment on it", not "grab bread on it"
        if word in {"on", "from", "at", "for", "before", "after", "in", "during", "with", "when",
                    "while"}:
            return " ".join(tokens[:i])
    return act


def _once(body: str) -> bool:
    """Whether the thing named by `body` happens once: its noun ("my graduation") or the word
    before it ("my sister's engagement party", "the wedding reception")."""
    words_ = [w for w in body.split() if not w.endswith("'s")]
    return bool(words_) and bool(set(words_[-2:]) & ONE_OFF)


def one_off(act: str) -> str:
    """The event of `act` that happens once ("my grandmother's funeral"), or ""."""
    found = list(NP_RE.finditer(act))
    if not found:
        return ""
    body = found[-1].group("body")
    yearly = act.split()[0] in AT_VERBS and found[-1].group("det") in {"my", "our"} and (
        "'s " not in body) and bool(set(body.split()[-2:]) & YEARLY)
    if not (_once(body) or yearly):
        return ""
    det = found[-1].group("det")
    return f"{'the' if det in {'a', 'an'} else det} {found[-1].group('body')}"


def to_missed(wanted: Wanted, doable: dict[str, str]) -> Missed:
    """The wanted act as the composer's Missed: the request is its next-time version, or for
    an event that happens once, being asked about it (once it is over) or the act itself
    (while it is ahead): there is no next funeral or graduation to come to."""
    act, frame, kind, event = wanted.act, wanted.frame, wanted.kind, wanted.event
    if frame and not wanted.past and not PAST_FRAME_RE.search(frame) and re.match(
            r"(?:when|whenever|while)\b", frame):
        act, frame = f"{act} {frame}", ""  # a habit: "kiss me when you leave for work"
    if kind == "missed" and act.startswith("remember "):
        kind = "forgot"  # "do you even know what day my surgery is?"
        if not event:
            found = list(NP_RE.finditer(act))
            event = (f"{found[-1].group('det')} {found[-1].group('body')}" if found
                     and found[-1].group("det") in {"my", "our", "your"}
                     and found[-1].group("body").split()[-1] in EVENT_NOUNS | ONE_OFF else "")
    if kind == "promised" and re.search(r"\b(?:forgot|forget)\b", wanted.quote + " " + act):
        kind = "forgot_to"
    wanted = Wanted(act, kind, frame, wanted.past, wanted.used_to, wanted.next, event,
                    wanted.quote)
    if wanted.kind == "before":
        request = "check with me"
    elif wanted.next:
        request = wanted.next
    else:
        request = re.sub(r"\bhow (i|I) (?:was|felt)\b", "how I'm doing", in_present(wanted.act))
        request = re.sub(r"\bI'd been\b", "I've been", request)
        request = re.sub(r"^notice (?=I\b)", "notice when ", request)
        for start in sorted(doable, key=len, reverse=True):
            if doable[start] and (act == start or (act.startswith(start + " ") and (
                    " when " in act))):
                request = doable[start]
                break
    once = one_off(wanted.act) if wanted.kind != "before" else ""
    if once and wanted.past:  # over: celebrated late if it was a joy, asked about if a loss
        sad = bool(set(once.split()) & SAD_ONCE)
        day = re.sub(r"\s+(?:dinner|drinks|party|meal|lunch|do|celebration)$", "", once)
        theirs = "'s " in once or not once.startswith(("my ", "our "))  # "my sister's party"
        request = (f"ask me about {once}" if act.startswith(("ask ", "tell ", "talk ")) or (
                   theirs and not sad)
                   else f"ask me how I'm doing since {once}" if sad else f"celebrate {day} with me")
    return Missed("you", wanted.act, wanted.used_to, request, wanted.quote, kind=wanted.kind,
                  next=wanted.next, event=wanted.event, frame=wanted.frame, moment=wanted.past,
                  once=("past" if wanted.past else "coming") if once else "")
