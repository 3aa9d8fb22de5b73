"""Reading a complaint: what the person wants more of, in which words, and in what register.

The concern is a topic (one of TOPICS) found by weighted cues, the words that showed it,
and the safe concrete details worth carrying into an opening ("dinner", "the baby").
Only fixed, safe details are kept; names, insults and third parties never are.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.embedding import Embedder
from indexer.store import CONCERN
from indexer.vocabulary import STOP_WORDS, TEXTING_MARKERS, fold, negates, words
from server.rephrase import framing

TOPICS = (
    "heard",  # being listened to when they share something
    "answered",  # a reply: a text back, a call, a word when they tell news
    "talking",  # conversation itself
    "included",  # being with them, chosen, introduced, at parties and with family
    "planning",  # sharing the planning, being asked before plans are made
    "time",  # time together
    "touch",  # touch, affection, intimacy
    "home",  # help at home
    "attention",  # attention when together: phones, screens, meals
    "occasions",  # the days that matter: anniversaries, birthdays
    "support",  # comfort and backing when things are hard
    "appreciation",  # thanks, being noticed
    "reliability",  # plans and promises kept, being on time
    "closeness",  # what is left when nothing more specific shows
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

SAID = r"(?:told|tell|telling|showed|show|said|say|mentioned|shared|share)"
# Their own news, met with too little: "I got the job and you said ok", "I passed my test".
MY_NEWS = (r"\bi (?:finally |just |actually )?(?:got (?:the|my|a|an|into|in)\b|passed (?:my|the)\b"
           r"|won (?:the|my|a|an)\b|finished (?:my|the)\b|landed (?:the|a|an|my)\b|got promoted\b"
           r"|handed in (?:my|the)\b|graduated\b)")
# Hearing their news from someone else first: "I had to find out from your mum".
TOLD_LAST = (r"\b(?:found|find|finding) out from\b"
             r"|\bbefore (?:i(?:'ve|'d| have| had)?|me) (?:even )?(?:did|could|got to|had a chance"
             r"|told|said)\b|\bbefore (?:me|your (?:wife|husband"
             r"|partner|girlfriend|boyfriend))\b"
             r"|\bthe last (?:one |person )?to (?:know|find out|hear)\b"
             r"|\bheard (?:it|about it) from (?:your|my|the|a)\b")
# A date out together, not a day on the calendar ("if the dates work", "the date of the
# wedding", "save the date").
DATES = (r"\b(?<!the )(?<!which )(?<!what )(?<!those )(?<!these )(?<!same )(?<!a )(?<!due )"
         r"dates?\b(?! (?:of|for|work|suit|that|when|clash)\b)|\b(?:a|the|our) date night\b"
         r"|\bon (?:a|the) date\b")
# (topic, pattern, weight): the act the complaint is about weighs most ("didn't text me back
# when I told you" is about being answered; "you spent the party talking to your brother"
# about being with them at the party); life areas next; general distress words least, so
# "closeness" is what is left when nothing more specific shows.
TOPIC_CUES: tuple[tuple[str, str, float], ...] = (
    ("answered", r"\btext(?:s|ed)? (?:me )?back\b|\bcall(?:s|ed)? (?:me )?back\b|\bon read\b", 5),
    ("answered", r"\brepl(?:y|ies|ied)\b|\brespond\w*|\banswer(?:s|ed)? (?:my|me)\b", 4),
    ("answered", r"\b(?:didn't|didnt|never|don't|dont|doesn't|not) (?:even )?(?:text|call|message)"
                 r"(?:s|ed)?\b|\bno (?:text|call|reply|message)\b", 3.5),
    ("answered", r"\b(?:just )?(?:said k|said ok|grunted|shrugged)\b", 4),
    ("answered", r"\b(?:text|message|call)s?\b", 1),
    ("heard", r"\blisten\w*|\bhear me\b|\bmm-?hm+\b|\bhalfway through\b|\bwalk out of the room\b",
     3),
    ("heard", rf"\b(?:try|tried|trying) to {SAID}\b|\bwhen i (?:bring up|talk|speak)\b", 3),
    ("heard", r"\bask(?:ed|s)? (?:a single |one |any )?question\b|\babout my day\b", 3),
    ("heard", r"\bhow my day\b", 3),
    ("talking", r"\bi (?:bring|brought) (?:up|it up)\b|\bwalks? out of the room\b", 4),
    ("heard", r"\b(?:while|when) i (?:was|'m|am) (?:telling|talking|showing)\b", 5),
    ("heard", r"\b(?:while|when|the whole time|every time) i(?:'m| am| was|m)?"
              r" (?:trying to |tried to )(?:tell|talk|show)\b", 5),
    ("support", r"\broll(?:s|ed)? (?:your|his|her) eyes\b|\blaugh(?:s|ed)? when i (?:said|told"
                r"|mentioned|asked|suggested)\b", 4.5),
    ("heard", r"\bwhen i (?:got|told|showed|said|shared|finished|passed|won)\b[^.!?]*\b(?:you|u)"
              r" (?:just )?(?:said|went back|shrugged|laughed)\b", 4.5),
    ("heard", r"\bask(?:s|ed)? (?:me )?about my\b|\bask(?:s|ed)? (?:me )?how (?:my|i)\b", 3),
    # Something shared, then dismissed: "I told you my boss yelled at me and you said ...".
    ("heard", r"\b(?:told|tell|showed|show|sent) (?:you|u) (?:that )?(?:my|i|about|the|a)\b[^.!?]*"
              r"\b(?:you|u) (?:just )?"
              r"(?:said|laughed|shrugged|rolled|went back|changed|[a-z]+ed)\b", 4.5),
    ("heard", rf"\bwhen i {SAID}\b|\bi {SAID} (?:you|u) about\b", 2),
    ("talking", r"\btalk\w*|\bconversations?\b|\bchat\w*|\bcommunicat\w*|\bwent quiet\b", 2),
    ("talking", r"\bsay (?:goodnight|good night|anything|much|a word)\b", 2),
    ("talking", r"\bchange (?:the )?subject\b", 2),
    ("talking", TOLD_LAST, 5),
    ("talking", r"\bonly (?:ever )?talk about\b", 3),
    ("talking", r"\bopen up\b|\bshut (?:me )?out\b|\bsilen\w*|\bgoodnight\b|\bgood night\b", 2),
    ("included", r"\bpart(?:y|ies)\b|\bweddings?\b|\bbarbecue\b|\bbbq\b|\bintroduc\w*", 3.5),
    ("included", r"\bleft me (?:alone|on my own|standing)\b|\bdidn'?t know anyone\b", 4),
    ("included", r"\bwalk(?:ed|s)? ahead\b|\bin front of (?:your|his|her|my"
                 r"|the (?!tv\b|telly\b|television\b|computer\b|screen\b))\b", 3),
    ("included", r"\binvisible when\b|\bwhen we'?re with\b|\bcolleagues\b|\bcousin\b", 3),
    ("included", r"\bbrother\b|\bsister\b|\bfamily\b|\bparents\b|\bin-laws?\b|\bmom\b|\bmum\b", 1),
    ("planning", r"\bplan(?:s|ned|ning)?\b|\borgani[sz]\w*|\bbook(?:s|ed)?\b(?! club)", 2.5),
    ("planning", r"\bwithout (?:asking|telling|checking with) me\b|\basked me (?:first|before)\b",
     5),
    ("planning", r"\bwithout (?:running|checking|clearing) (?:it|that|this) (?:past|with|by) me\b"
                 r"|\b(?:have|has) to (?:plan|organi[sz]e|book|arrange)\b", 5),
    ("planning", r"\bthe one who plans\b|\bmake an effort\b|\bmakes? no effort\b|\binvit\w*", 3),
    ("planning", r"\bpays? the bills\b|\bcalls? the plumber\b|\bbooks? the\b", 2),
    ("planning", r"\bmov(?:e|ing) in\b|\bget(?:ting)? married\b|\bengage\w*", 4),
    ("planning", r"\bstart(?:ing)? a family\b", 4),
    ("planning", r"\bhav(?:e|ing) (?:kids|a baby|children)\b|\bour future\b", 4),
    ("time", rf"\btime together\b|\bdate nights?\b|{DATES}|\bfun\b|\bmovie nights?\b", 3),
    ("time", r"\btogether\b|\bweekends?\b|\bevenings?\b|\bnights?\b|\bgo(?:es)? out\b", 1.5),
    # something of ours together, a routine or a project: "our Sunday walks"
    ("time", r"\bour (?!kids\b|children\b|parents\b|friends\b|families\b|bills\b)(?:[a-z]+ ){0,2}?"
             r"(?:walks|sessions|evenings|nights|mornings|dates|dinners|lunches|trips|project"
             r"|routine|ritual)\b", 3),
    ("time", r"\bhang out\b|\bthe guys\b|\bfriends\b|\bgarage\b|\bgym\b|\bgolf\b|\bpoker\b", 1.5),
    ("time", r"\bfishing\b|\bhobb\w*|\bthe bar\b|\bpub\b|\bfree time\b|\bspare time\b", 1.5),
    ("time", r"\bdisappear\w*|\bbusy\b|\bjust us\b|\bnever see\b|\benergy\b|\btoo tired\b", 1.5),
    ("time", r"\bwork\w*|\bjob\b|\boffice\b|\bovertime\b|\bboss\b|\bshifts?\b|\bcommute\b", 1),
    ("time", r"\bhome\b|\b(?:friday|saturday|sunday)s?\b|\bfell asleep during\b", 1),
    ("time", r"\b(?:eat|eating|ate) (?:dinner |lunch )?alone\b|\bby myself\b", 3),
    ("touch", r"\bsex\w*|\bintima\w*|\bmake love\b|\bmaking love\b|\binitiat\w*", 4),
    ("touch", r"\btouch\w*|\bhug\w*|\bkiss\w*|\bcuddl\w*|\bwanted\b(?! to\b)|\bdesire\w*", 3.5),
    ("touch", r"\baffection\w*|\bh(?:o|e)ld(?:s|ing)? (?:me|my hand|hands)\b|\bphysical\w*", 3.5),
    ("touch", r"\bin bed\b|\bcom(?:e|ing) to bed\b|\bflirt\w*|\bcold fish\b|\battract\w*", 3),
    ("touch", r"\bromance\b|\bromantic\b|\bspark\b|\bflowers\b|\blove notes?\b", 2.5),
    ("touch", r"\bgood ?morning\b", 3),
    ("home", r"\bdish(?:es|washer)?\b|\bsink\b|\bchores?\b|\blaundry\b|\bcook\w*|\bclean\w*", 3),
    ("home", r"\bhousework\b|\bmaid\b|\btrash\b|\bbins?\b|\bgrocer\w*|\btidy\w*|\bvacuum\w*", 3),
    ("home", r"\bpick(?:s|ing)? (?:them )?up\b|\bhousehold\b|\bmental load\b|\berrands?\b", 2.5),
    ("home", r"\bsocks\b|\btowels?\b|\bfloor\b|\bclutter\b|\bput away\b|\bbathroom\b|\bkitchen\b",
     2),
    ("home", r"\bthanks? (?:you )?(?:so much |a lot |very much )?for (?:cleaning|doing|washing"
             r"|tidying|cooking|sorting|taking out|emptying|putting away)\b", 5),
    ("home", r"\bplate\b|\bplumber\b|\bthe vet\b|\bthe move\b|\bfix\b|\bgets? up with\b", 2.5),
    ("home", r"\b(?:the only one|the one) (?:who|that)\b", 1.5),
    ("home", r"\bgarden\w*(?! cent(?:re|er))|\byard\b|\blawn\b|\bput (?:the )?kids to bed\b"
             r"|\bschool run\b|\bnappies\b|\bdiapers?\b|\b(?:night )?feeds?\b|\bshopping\b", 4),
    ("home", r"\b(?:walks?|walking|feeds?|feeding) the (?:dog|cat)\b|\bthe dog\b|\bthe cat\b"
             r"|\brecycling\b", 3),
    ("home", r"\bhelp(?:s|ed)? (?:with|me with|out)\b|\bbedtime\b|\bremind you\b", 2),
    # room at home taken over by the partner's things
    ("home", r"\b(?:full of|covered in|taken over by) (?:your|his|her)\b|\b(?:spare|living|box)"
             r" ?room\b|\b(?:your|his|her) (?:stuff|things|junk|mess)\b", 3),
    ("attention", r"\bphones?\b|\bscreens?\b|\bscroll\w*|\btv\b|\bnetflix\b|\bxbox\b", 2.5),
    ("attention", r"\bplaystation\b|(?<!my )(?<!my football )\bgam(?:e|es|ing)\b"
                  r"|\bvideo games?\b|\blaptop\b|\bipad\b", 2.5),
    ("attention", r"\binstagram\b|\btiktok\b|\byoutube\b|\breddit\b|\bsocial media\b", 2.5),
    ("attention", r"\bstaring at\b|\bconsole\b|\bcomputer\b|\bemails?\b|\bon a call\b", 2),
    ("attention", r"(?<!my )\bfootball\b|(?<!my )\bsports?\b"
                  r"|\bthe game\b|\bfantasy\b|\blook up\b|\bsay hi\b", 2),
    ("attention", r"\bdinner\b|\bmeals?\b|\bwe eat\b|\bwalked past\b|\bsaying hi\b", 1.5),
    ("occasions", r"\banniversary\b|\bbirthday\b|\bgraduation\b|\bvalentine'?s?\b|\bpresents?\b",
     4),
    ("occasions", r"\bforgot (?:our|my)\b|\bremember(?:ed|s)? (?:our|my|your)\b", 2.5),
    ("occasions", r"\bchristmas\b", 2.5),
    ("occasions", r"'s \d+(?:st|nd|rd|th)\b|\b\d+(?:st|nd|rd|th) (?:birthday|party)\b", 4),
    ("occasions", r"\bceremony\b", 2.5),
    ("support", r"\bupset\b|\bsupport\w*|\bcomfort\w*|\bstress\w*|\bcr(?:y|ied|ies)\w*", 3),
    ("support", r"\b(?:awful|rough|hard|bad|terrible|worst|horrible|long) (?:day|week|month|time)\b"
                r"|\bgrie\w*", 3),
    ("support", r"\bthere for me\b|\bhave my back\b|\bstand up for me\b|\bon my side\b", 4),
    ("support", r"\bhosp[a-z]*t[a-z]*l\b|\ba&e\b|\bsurgery\b|\bdoct\w*|\bdocter\b|\bappointment\b"
                r"|\bfuneral\b", 3.5),
    ("support", r"\bscared\b|\banxious\b|\bstruggl\w*|\bhelp me\b|\bhurting\b", 2.5),
    ("support", r"\bcheck on me\b", 2.5),
    # what was said about them in front of others, and being left to carry it alone
    ("support", r"\bmock\w*|\bremarks?\b|\bcomments? about my\b|\bhurtful\b"
                r"|\blaugh(?:s|ed)? when (?:your|his|her|my)\b", 3.5),
    ("support", r"\bpregnant\b|\bon my own\b|\bvisit\w* (?:me )?once\b|\bvisted\b", 2.5),
    ("support", r"\byell(?:ed|s|ing)? at me\b|\bnervous\b|\bcop(?:e|ing)\b|\bpanic\b|\bbad day\b",
     3),
    ("support", r"\bc[ao]me to (?:a |any )?(?:single )?(?:one of )?my\b"
                r"|\bcome (?:with me )?to (?:my|our)\b"
                r"|\bshow up (?:to|for|at) my\b|\battend\w* my\b|\brecital\b|\bconcert\b"
                r"|\bperformance\b", 4),
    ("support", r"\bdied\b|\bpassed away\b|\bdeath\b|\bmiscarriage\b|\bput down\b"
                r"|\bput to sleep\b|\blost (?:my|our)\b", 4),
    ("support", r"\bworried\b|\bworry\w*|\banxious\b|\bscan\b|\bbiopsy\b|\btest results\b"
                r"|\bcoming to my\b|\bmy first day\b", 3.5),
    ("support", r"\bhow i (?:was|am|felt|'m doing)\b|\bexam\b", 3),
    ("support", r"\bwish(?:ed)? me (?:good )?luck\b", 4.5),
    ("support", r"\bma(?:de|kes?) fun\b|(?<!never )(?<!n't )(?<!not )\blaugh(?:s|ed|ing)? at\b",
     4.5),
    ("support", r"\bdiagnos\w*|\boperation\b|\bpanic attack\b|\billness\b", 3.5),
    ("support", r"\bsick\b(?! of| and tired)", 3.5),
    ("support", r"\bgood luck\b|\bcome with me\b|\bneeded you\b|\bmy team'?s?\b", 3),
    ("appreciation", r"\bappreciat\w*(?! it if)|\bgrateful\b|\bnotice\w*|\bcredit\b", 2),
    ("appreciation", r"\bthank\w*", 1),
    ("appreciation", r"\b(?:not|never)(?: once| even)? (?:been |being )?thanked\b"
                     r"|\b(?:nobody|no one|noone|no-one)(?: even)? (?:noticed|said thanks"
                     r"|thanked)\b", 4),
    ("appreciation", MY_NEWS, 3),
    # Something I did for you or yours, and not a word: "I baked your mum a cake ...".
    ("appreciation", r"\bi (?:baked|made|cooked|bought|built|knitted|organi[sz]ed|wrapped"
                     r"|decorated|set up|got (?:you|your))\b", 2.5),
    ("appreciation", r"\b(?:didn't|didnt|never|not) (?:even )?(?:mention|say thank|thank|notice"
                     r"|look at|acknowledge|comment on)\b|\bwithout (?:a|one) (?:single )?word\b"
                     r"|\bnot a word\b", 2),
    ("appreciation", r"\bi (?:planned|organi[sz]ed|arranged|booked) (?:your|you a|a surprise)\b",
     4),
    ("appreciation", r"\bi (?:made|knitted|bought|baked|cooked|built|wrote|drew|painted|chose)\b"
                     r"[^.!?]*\bfor (?:you|him|her)\b", 3),
    ("appreciation", r"\bsay thank|\bthank you\b", 2),
    ("appreciation", r"\bcompliment\w*|\bpraise\w*|\bhaircut\b|\bpainting\b|\bcomplained\b", 3),
    ("appreciation", r"\btaken for granted\b|\bonly one who\b|\beffort\b|\btries\b", 2),
    ("appreciation", r"\backnowledg\w*|\brecogni\w*|\bthe only one\b|\bpromotion\b", 2),
    ("appreciation", r"\b(?:say|said) (?:anything|a word|nothing)\b|\bnot one word\b", 3),
    # staying late at work takes our time; being late for a plan is about reliability
    ("time", r"\b(?:stay|stays|stayed|staying|work|works|worked|working) (?:so |really )?late\b",
     3),
    ("reliability", r"(?<!stay )(?<!stays )(?<!stayed )(?<!staying )(?<!work )(?<!works )"
                    r"(?<!worked )(?<!working )\blate\b|\bon time\b|\bwaited\b|\bstood me up\b"
                    r"|\bflak\w*|\bcancel\w*", 3),
    ("reliability", r"\b(?:and|but|then) (?:you|u|he|she) (?:just )?forgot\b"
                    r"(?! (?:to|our|my|about))", 3),
    ("reliability", r"^(?:(?:so|and|well|oh),? )?(?:you|u|he|she) (?:just )?forgot\b[.!?,]", 3),
    # Being asked about a decision, and repair after a fight: "I was not consulted", "why am I
    # always the one to say sorry first".
    ("planning", r"\b(?:not|never|wasn't|weren't) (?:even )?consulted\b|\bwithout consulting\b",
     4),
    ("talking", r"\b(?:say|said|saying) sorry first\b|\bapologi[sz]e first\b", 3),
    ("reliability", r"\bthanks? (?:so much |a lot |very much )?for remembering\b", 4),
    ("reliability", r"\bpromis\w*|\bforgot to\b|\bsaid (?:you'd|you would|ud|he'd|she'd)\b", 3.5),
    ("reliability", r"\bshow(?:ed)? up\b|\bwithout calling\b|\bkeep (?:your|his|her) word\b", 3),
    ("reliability", r"\bforgetting to\b|\bforgot (?:that )?(?:we|i|you) had\b|\breservations?\b"
                    r"|\bbooked a table\b", 4),
    ("reliability", r"\bsupposed to\b|\bbail(?:s|ed)?\b|\blast minute\b|\bwithout (?:texting|a text"
     r"|a call)\b", 3.5),
    ("closeness", r"\blonely\b|\balone\b|\bdistant\b|\bdisconnect\w*|\broommates\b", 1.5),
    ("closeness", r"\bstrangers?\b|\bmiss (?:you|u|us)\b|\bclose(?:ness)?\b|\blove me\b", 1.5),
    ("closeness", r"\bcares? about me\b|\bright through me\b|\bsee me\b|\bdrift\w*", 1.5),
    ("closeness", r"\bfar apart\b|\bemotional\w*|\bpriority\b|\battention\b|\bghost\b", 1),
    ("closeness", r"\babout (?:him|her|you|your|himself|herself|yourself)\b|\bignor\w*", 1),
    ("closeness", r"\babandon\w*|\bmatter\b|\bunloved\b|\bthe wall\b|\bbeg\b|\bus\b", 1),
    ("closeness", r"\bmarriage\b|\brelationship\b|\bpresent\b|\bcold\b|\bnumb\b|\balive\b", 1),
    ("closeness", r"\binvisible\b|\bunseen\b|\bunwanted\b", 2),
)
TOPIC_CUE_RES = tuple((topic, re.compile(p), w) for topic, p, w in TOPIC_CUES)
# Order used to break ties: the more specific topic wins.
TOPIC_PRIORITY = tuple(
    "answered included planning touch home occasions support reliability heard attention "
    "appreciation talking time closeness".split()
)
FIRST_SENTENCE_BONUS = 1.5
MIN_CONCERN_WORDS = 5  # a sentence about the partner this long carries some concern

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
    ("dates", rf"{DATES}|\bdate nights?\b", "dates"),
    ("hug", r"\bhug\w*", "hugs"),
    ("friends", r"\bthe guys\b", "the guys"),
    ("friends", r"\bthe girls\b", "the girls"),
    ("friends", r"\bfriends\b", "your friends"),
    ("dishes", r"\bdish(?:es)?\b", "the dishes"),
    ("kitchen", r"\bkitche?n\b", "the kitchen"),
    ("laundry", r"\blaundry\b", "the laundry"),
    ("bedtime", r"\bbedtime\b", "bedtime"),
    ("bed", r"\bcom(?:e|es|ing) to bed\b|\bgo(?:es|ing)? to bed\b|\bfall(?:ing)? asleep\b", "bed"),
    ("housework", r"\bcook\w*[^.!?]{0,12}\bclean\w*", "the cooking and cleaning"),
    ("trip", r"\bvacation\b|\btrip\b|\bholiday\b|\bgo(?:ing)? away\b|\bget ?away\b", "a trip"),
    ("late_talks", r"\bstay(?:ed)? up (?:all night )?talking\b", "staying up talking"),
    ("told_last", TOLD_LAST, "your news"),
    ("my_news", MY_NEWS, "my news"),
    ("fun", r"\bfun\b", "fun"),
    ("work", r"\bwork(?:s|ing|ed)?\b|\bjob\b|\boffice\b|\bovertime\b", "work"),
    ("intimacy", r"\bsex\w*|\bintima\w*|\bmak(?:e|ing) love\b", "intimacy"),
)
DETAIL_CUE_RES = tuple((key, re.compile(p), phrase) for key, p, phrase in DETAIL_CUES)
DETAIL_KEYS = frozenset(key for key, _, _ in DETAIL_CUES)

TEXTING_RE = re.compile(rf"\b(?:{TEXTING_MARKERS})\b")
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


# The speaker thanking, at the start of a sentence ("Thanks for ...", "Really appreciated it"):
# after a complaint that is sarcasm, never what they miss.
THANKING_RE = re.compile(r"(?:^|[.!?]\s*)(?:(?:wow|oh|gee|well|really|so|ok|okay|great),?\s*)*$")


# The topics a list of jobs left to the speaker shows, whatever its items name.
LOAD_TOPICS = frozenset({"planning", "home"})


def _topic_scores(text: str) -> tuple[dict[str, float], dict[str, list[str]]]:
    from server.rephrase.acts import load_list

    low = fold(text)
    spans = framing.sentence_spans(text)
    first_end = spans[0][1] if spans else len(text)
    scores: dict[str, float] = {}
    evidence: dict[str, list[str]] = {}
    load = load_list(text)
    for topic, pat, weight in TOPIC_CUE_RES:
        for m in pat.finditer(low):
            if load and load[0] <= m.start() < load[1] and topic not in LOAD_TOPICS:
                continue  # "the dentist, your mum's birthday": items of the load, not occasions
            if topic == "appreciation" and THANKING_RE.search(low[: m.start()]) and re.match(
                    r"thank|appreciat", m.group()):
                continue  # "Thanks for leaving the kitchen like that": sarcasm, not the concern
            bonus = FIRST_SENTENCE_BONUS if m.start() < first_end else 1.0
            scores[topic] = scores.get(topic, 0.0) + weight * bonus
            found = evidence.setdefault(topic, [])
            if _quote(text, m) not in found:
                found.append(_quote(text, m))
    return scores, evidence


# Details that are what took the partner's time; said back they assert a pastime, so a word
# that only names another thing ("still in your football kit", "the TV remote") is not one.
PASTIME_KEYS = frozenset({"sport", "screen", "place"})
NOT_A_NOUN = frozenset("""again instead tonight today yesterday tomorrow every last all anymore
    lol haha now night nights weekend weekends evening evenings morning instead till til
    either though tho whole non stop nonstop""".split())
NEXT_WORD_RE = re.compile(r"\s+([a-z']+)")


def _names_another_thing(low: str, end: int) -> bool:
    """Whether the cue ending at `end` qualifies the noun after it: "football kit"."""
    m = NEXT_WORD_RE.match(low, end)
    if m is None:
        return False
    word = m.group(1)
    return not (word in STOP_WORDS or negates(word) or word in NOT_A_NOUN
                or word.endswith(("ing", "ed", "ly")))


def details_in(text: str) -> dict[str, str]:
    low = fold(text)
    found: dict[str, str] = {}
    for key, pat, phrase in DETAIL_CUE_RES:
        if key in found:
            continue
        if any(key not in PASTIME_KEYS or not _names_another_thing(low, m.end())
               for m in pat.finditer(low)):
            found[key] = phrase
    if "kids_bills" in found:
        found.pop("kids", None)
    return found


def _is_casual(text: str) -> bool:
    low = fold(text)
    if TEXTING_RE.search(low):
        return True
    return len(words(text)) >= 3 and not re.search(r"[A-Z]", text)


LIGHT_TOUCH_WORDS = 50


def is_gentle(report: framing.FramingReport, text: str) -> bool:
    harsh = any(not report.get(rule).passed for rule in framing.HARSHNESS_RULES)
    second = report.get("second_person")
    about_partner = not second.passed and bool(second.evidence)  # "my husband", "he"
    warm = report.get("longing").passed or bool(PRIMARY_FEELING_RE.search(fold(text)))
    short = len(words(text)) <= LIGHT_TOUCH_WORDS  # a long story is not sent back as it is
    return warm and not harsh and not about_partner and short


# What the act they wanted asks for, by its verb (server/rephrase/story.py reads the act):
# the need is the act's, whatever else the complaint mentions.
WANTED_TOPICS: tuple[tuple[str, str], ...] = (
    ("answered", r"^(?:(?:text|call|ring|message|write)(?: me\b| back\b|$)|reply|respond|answer"
                 r"|get back)\b"),
    # being asked along is being included: "didn't even ask if I wanted to come"
    ("included", r"^(?:ask (?:me )?(?:if|whether) i (?:wanted|want|'d like|would like) to"
                 r" (?:come|join|go)|invite me|bring me|take me (?:with|along))\b"),
    ("heard", r"^(?:ask(?! how| me (?:first|before)| (?:me )?(?:if|whether) i (?:wanted|want"
              r"|'d like|would like) to (?:come|join|go))|listen|hear|remember what i)\b"),
    ("touch", r"^(?:hug|kiss|hold|cuddle|touch|initiate)\b"),
    ("appreciation", r"^(?:say thank|thank|notice|look at|mention|compliment|say something)\b"),
    ("time", r"^(?:take me (?:out|dancing|away|somewhere|on)|go out with me|spend)\b"),
    ("support", r"^(?:ask how|wish me luck|be there|stand up for|check on)\b"),
    ("home", r"^(?:grab|buy|get (?:some|the)|call the|pay|post|drop off|book the"
             r" (?:plumber|vet|doctor|dentist))\b"),
    ("home", r"^(?:take (?:out|the|care|turns)|clean|wash|fix|tidy|cook|put the kids|pick up"
             r"|empty|feed|walk the dog|do the|help with|carry|hang|change)\b"),
    ("reliability", r"^(?:remember|be on time|keep|show up)\b"),
    ("planning", r"^(?:plan|book|organi[sz]e|ask me (?:before|first)|check with me"
                 r"|tell me before)\b"),
    ("support", r"^(?:come|be there|stand up for|wait for|visit)\b"),
    ("included", r"^(?:introduce|dance|include|talk to (?:my|our|the) )\b"),
    ("talking", r"^(?:talk(?! to (?:my|our|the) )|say goodnight|say bye|say goodbye|tell me)\b"),
)
WANTED_WEIGHT = 3.5


def _wanted_scores(text: str) -> dict[str, float]:
    from server.rephrase.story import read_wanted  # story reads with this module's cues

    wanted = read_wanted(text)
    if wanted is None:
        return {}
    act = fold(wanted.act)
    return {topic: WANTED_WEIGHT for topic, pat in WANTED_TOPICS if re.match(pat, act)}


# The class of the partner's act (server/rephrase/acts.py) weighs like the act they wanted.
ACT_WEIGHT = 5.0


def _act_scores(text: str) -> dict[str, float]:
    from server.rephrase.acts import ACT_TOPICS, read_act

    act = read_act(text)
    return {ACT_TOPICS[act]: ACT_WEIGHT} if act else {}


# The concern head's probabilities (indexer/concern_model.py) weigh like the partner's act:
# leave-one-round-out on the dev complaints, 2 to 10 gave within 0.02 of each other.
HEAD_WEIGHT = 5.0


def detect_concern(text: str, head: Mapping[str, float] | None = None) -> Concern | None:
    """The concern behind `text`, or None when there is none to keep ("ugh", "it's fine").
    `head` holds the concern head's probability of each topic, when the index has one; it
    weighs in once the cues say there is a concern, never to find one in "ugh"."""
    scores, evidence = _topic_scores(text)
    for topic, weight in (_wanted_scores(text)).items():
        scores[topic] = scores.get(topic, 0.0) + weight
        evidence.setdefault(topic, [])
    for topic, weight in _act_scores(text).items():
        scores[topic] = scores.get(topic, 0.0) + weight
        evidence.setdefault(topic, [])
    report = framing.check(text)
    if not scores:
        harsh = [
            report.get(rule) for rule in framing.HARSHNESS_RULES if not report.get(rule).passed
        ]
        aimed = framing.PARTNER_IN_SENTENCE.search(fold(text))
        if not (aimed and len(words(text)) >= MIN_CONCERN_WORDS) and not (
                harsh and (aimed or len(words(text)) >= MIN_CONCERN_WORDS)):
            return None  # "ugh. whatever." says no concern; "you're so selfish" does
        # A bare insult still says "I feel far from you"; keep that, not the insult.
        scores = {"closeness": 1.0}
        evidence = {"closeness": [r.evidence for r in harsh if r.evidence][:1]}
    for topic, p in (head or {}).items():
        scores[topic] = scores.get(topic, 0.0) + HEAD_WEIGHT * p
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


class ConcernHead:
    """The concern head the index trained (indexer/concern_model.py), applied with NumPy."""

    def __init__(self, embedder: Embedder, weights: Mapping[str, np.ndarray]) -> None:
        self.embedder = embedder
        self.coef, self.intercept = weights["coef"], weights["intercept"]
        self.classes = [str(c) for c in weights["classes"]]

    @classmethod
    def load(cls, index_folder: Path, embedder: Embedder) -> ConcernHead | None:
        """None for an index trained without labelled complaints: the cues read alone."""
        path = index_folder / CONCERN
        if not path.is_file():
            return None
        with np.load(path, allow_pickle=False) as data:
            return cls(embedder, {k: data[k] for k in data.files})

    def __call__(self, text: str) -> dict[str, float]:
        logits = self.embedder.embed([text])[0] @ self.coef.T + self.intercept
        p = np.exp(logits - logits.max())
        return dict(zip(self.classes, (p / p.sum()).tolist(), strict=True))
