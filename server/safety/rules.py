"""The lexicon's rules: what words reveal abuse, coercive control or crisis, as data.

Each row of ROWS is (category, signal, strength, crisis, regex), built from the shared
fragments below and compiled once by server/safety/lexicon.py. Violent acts come in
three shapes: the writer as victim ("he choked me"), the writer causing harm ("I shoved
her") and a third-person disclosure ("her husband beats her"). A "strong" row routes on
its own, a "weak" one asks for a gentle check-in or classifier support, and `crisis`
marks imminent danger: the markers of lethal violence in domestic-abuse risk assessment
(strangulation, a weapon used or shown in a threat, a threat to kill, danger around
leaving; Campbell's Danger Assessment), a suicide plan, means or
farewell, a child in danger now. The danger contexts (SEPARATION, MENACE,
WEAPON_HANDLED, PERSON_ACTS, ANGER, FEAR) never make a hit on their own:
server/safety/lexicon.py uses them to turn a hit near a separation, or a weapon near a
menace or the person's plans, into a crisis, and to judge violence against things and fear
of a reaction. A row with a `thing` or `reaction` group is
judged that way.
"""

from __future__ import annotations

from indexer.vocabulary import PARTNER_NOUNS

CATEGORIES = ("violence", "coercive_control", "self_harm", "harm_to_partner", "child_at_risk")
VIOLENCE, CONTROL, SELF_HARM, HARM_TO_PARTNER, CHILD = CATEGORIES
STRONG, WEAK = "strong", "weak"
CRISIS = True


def _any(*alternatives: str) -> str:
    return "|".join(alternatives)



# --- fragments: people -------------------------------------------------------------------

_PARTNER_NOUNS = PARTNER_NOUNS
PARTNER = rf"(?:{PARTNER_NOUNS}|ex(?:-?(?:wife|husband|boyfriend|girlfriend|partner))?)"
_OTHER = rf"\b(?:he|she|they|{PARTNER})\b"  # someone other than the writer, as subject
_I = r"\bi(?:'m|'ve|'d)?"  # the writer as subject ("i" in texting)
_I_TALK = r"\bi(?:'m|'ve|'d|'ll)?"  # ... including "I'll", for threats
# Up to four words from a subject to its act, none of them another person ("I lost it
# and hit him"), nor a wish: "I could strangle him" is talk (_GAP_TALK), not an act.
_PEOPLE = r"i|he|she|they|we|you|him|her|them|who|that|which"
_WISHES = r"could|would|will|wanna|want|wants|wanted|gonna|going|like|should"
_GAP = rf"(?:\s+(?!(?:{_PEOPLE}|{_WISHES})\b)[\w']+){{0,4}}?\s+"
_GAP_TALK = rf"(?:\s+(?!(?:{_PEOPLE})\b)[\w']+){{0,4}}?\s+"
_NEAR = r"[^.!?]{0,50}?\b"  # later in the same sentence
# "her" as an object ("I hit her."), not as a possessive ("she hit her head").
_HER = (r"her(?=\s*(?:[.,!?;:)\"]|$)|\s+(?:so|really|badly|again|physically|before|and|or|when|"
        r"while|during|in|on|at|by|with|across|down|against|into|onto|until|till|over|up|off|"
        r"out|too|a|hard|twice|once|repeatedly|because|for|after|since|but|then|last|yesterday|"
        r"just|around|round|to|from|as|the|like|if|two|three|several|a few|\d+)\b)")
_THEM = rf"(?:him|them|{_HER}|(?:my|our|his|her|their)\s+{PARTNER}(?!'s|\w))"  # a victim
_THEIR = rf"(?:his|her|their|(?:my|our|his|her|their)\s+{PARTNER}'s)"
_CARER = (r"\b(?:dad|father|stepdad|step-dad|stepfather|mum|mom|mother|stepmum|stepmom|"
          r"step-mum|stepmother|uncle|(?:mum|mom|mother)'?s\s+(?:boyfriend|husband|partner))\b")

# --- fragments: bodies, children, things -------------------------------------------------

_BODY = (r"(?:face|head|neck|throat|arms?|wrists?|hair|legs?|back|chest|ribs|stomach|hands?|jaw|"
         r"nose|eyes?|ears?|body|shoulders?|thighs?|fingers?|foot|feet|knees?|cheeks?|mouth|"
         r"side|groin|ponytail|collar)")
_MY_SKIN = r"my\s+(?:own\s+)?(?:arms?|forearms?|wrists?|thighs?|legs?|stomach|skin|ankles?|hips?)"
_MY_BODY = rf"(?:{_MY_SKIN}|my\s+(?:own\s+)?(?:hands?|palms?|head|face|chest|fingers?))"
_KID = (r"(?:son|daughter|kids?|child|children|baby|babies|toddler|newborn|infant|stepson|"
        r"stepdaughter|boys?|girls?|twins|little one|little ones|eldest|youngest|oldest)")
_CHILD = (rf"(?:(?:our|my|his|her|their|the)\s+(?:\d{{1,2}}[- ]?(?:year|month)[- ]?old\s+|"
          rf"little\s+|baby\s+|teenage\s+|young\s+|\w+'s\s+)?{_KID}\b"
          r"|(?:our|my|his|her|their|the)\s+\d{1,2}[- ]?(?:year|month)[- ]?old\b)")
_CHILDS = _CHILD + "'s"
_WEAPON = (r"(?:gun|guns|pistol|rifle|rifles|shotgun|handgun|revolver|firearm|knife|knives|"
           r"blade|machete|(?:baseball |cricket )?bat|crowbar|hammer|screwdriver|axe|acid|scissors|"
           r"crossbow|broken\s+(?:bottle|glass)|"
           # instruments by kind: blades, clubs and bars, firearms by name, sprays and stun guns
           r"cleaver|sword|katana|dagger|bayonet|switchblade|flick\s?knife|stanley\s+knife|"
           r"box\s+cutter|nunchucks?|nunchaku|knuckle\s?dusters?|brass\s+knuckles|cosh|truncheon|"
           r"baton|(?:tyre|tire|iron|metal|lead)\s+(?:iron|bar|pipe)|golf\s+club|hockey\s+stick|"
           r"poker|sledgehammer|hatchet|chainsaw|nail\s+gun|taser|stun\s+gun|pepper\s+spray|"
           r"air\s+rifle|air\s+pistol|bb\s+gun|pellet\s+gun|bow\s+and\s+arrows?|harpoon|spear|"
           r"glock|ar-?15|(?:service|hunting|shot)\s+(?:revolver|pistol|weapon)|weapons?|"
           # a weapon left unnamed, known by where it is kept
           r"(?:thing|things|box|case|bag)\s+(?:he|she|they)\s+keeps?\s+in\s+the\s+(?:glove\s?box|"
           r"safe|loft|attic|drawer|shed|boot|trunk)|thing\s+in\s+the\s+(?:glove\s?box|safe|"
           r"gun\s+cabinet|bedside\s+drawer|nightstand)|what\s+(?:he|she|"
           r"they)\s+keeps?\s+(?:in\s+there|"
           r"in\s+the\s+(?:glove\s?box|safe|drawer|loft|shed|boot|trunk|garage)))")
_PET = (r"(?:our|my|the|her|his|their)\s+(?:[\w']+\s+)?(?:dogs?|cats?|pupp(?:y|ies)|kittens?|pets?|"
        r"rabbits?|bunny|hamsters?|guinea\s+pigs?|birds?|parrots?|budgies?|horses?|pon(?:y|ies)|"
        r"tortoises?|ferrets?|fish|goldfish|gerbils?|snakes?|lizards?|chickens?|hens?|"
        r"mice|rats?)\b")
# Things in a home, and a person's belongings, as the target of violence against things.
_THING = (r"(?:walls?|doors?|door\s?frames?|plaster|drywall|windows?|windscreen|windshield|"
          r"mirrors?|tables?|chairs?|furniture|wardrobe|headboard|headrest|cabinets?|cupboards?|"
          r"dashboard|"
          r"steering\s+wheel|fridge|tv|telly|television|screen|remote|lamp|vase|ornaments?|plates?|"
          r"dishes|glass|glasses|cups?|mugs?|bottles?|kettle|microwave|phone|laptop|computer|"
          r"tablet|"
          r"ipad|guitar|keys?|books?|notes|photos|pictures|frames?|things|stuff|everything|"
          # furnishings, kitchenware, electronics, clothes and papers
          r"cushions|curtains?|shelf|shelves|pans|bowls?|toaster|oven|"
          r"xbox|playstation|console|controllers?|router|speakers?|headphones|camera|"
          r"clothes|paperwork|documents|passport|"
          r"something|anything|whatever|laundry\s+basket|basket|bins?|hoover|vacuum|bikes?|bicycle|"
          r"shoes?|handbag|ornament|plants?|pot\s+plants?|printer|monitor|clock|jars?|teapot|"
          r"trophy|"
          r"trophies|paintings?|canvas|sofa|couch|"
          r"belongings|possessions|car|fish\s+tank)")
_THING_ACT = (r"punch|kick|boot|smash|break|broke|snap|destroy|wreck|trash|shatter|thr?[oe]w|hurl|"
              r"fling|yeet|"
              r"flung|chuck|lob|slam|rip|ripp|tear|tore|torn|flip|overturn|upend|swept|sweep|stamp|"
              r"stomp|put\s+(?:his|her|their|a)\s+(?:fist|foot|hand|head|boot)|bang|thump|smack|"
              r"slap|pound|shred|crush|tip|tipp|cut\w*\s+up|"
              r"(?:put|made|left)(?=\s+(?:a\s+)?(?:holes?|dents?)\b)")
# Acts that ruin a belonging, whatever it is, and what "my ..." after them is not a belonging.
_RUIN = (r"destroy|smash|snap|shred|crush|wreck|trash|shatter|rip|ripp|tear|tore|cut\w*\s+up|"
         r"break|broke")
_NOT_BELONGING = (rf"{_BODY}|heart|hearts|trust|spirit|confidence|concentration|fall|record|streak|"
                  r"promise|promises|word|silence|dreams?|hopes?|nerves?|focus|mood|day|sleep|"
                  r"peace|"
                  r"will|soul|self|career|life|reputation|rules?|plans?|routine|train|way|back|"
                  r"balls|"
                  # "she smashed her interview": a success
                  r"interviews?|exams?|tests?|presentation|pitch|audition|workout|race|run|pb|"
                  r"goals?|"
                  r"targets?|personal\s+best")
# Subject and place left to the lexicon's judge; "throw things away" is tidying, not violence.
_OBJECT_VIOLENCE = _any(
    # (not "banged his head on the shelf": a head meeting a thing is a knock, not an attack)
    rf"\b(?P<act>{_THING_ACT})\w*(?:\s+(?:up|in|down|over|apart|off))?(?:\s+(?:his|her|their|a)\s+"
    r"(?:fists?|foot|feet|hands?|boot|elbow))?\s+(?:(?:a\s+)?(?:holes?|"
    r"dents?|cracks?)\s+(?:in|into|through)\s+|(?:in|into|through|at|against|across|off|on|"
    r"onto)\s+)?"
    rf"(?:[\w']+\s+){{0,3}}?(?P<thing>{_THING})\b(?!\s+(?:strings?\b|away|"
    rf"out\b(?!\s+(?:of\s+)?the\s+window)|"
    r"in\s+the\s+(?:bin|wash|trash)|together|on\s+the\s+floor\s+for\s+me|(?:on|onto)\s+(?:the|a|"
    r"my|his|her)\s+(?:sofa|couch|bed|cushions?|armchair|beanbag|pillow)))"
    r"|\b(?:thr[oe]w|hurl|fling|flung|chuck)\w*\s+(?:[\w']+\s+){0,3}?(?:across|around|round|"
    r"about)\s+the\s+(?:room|kitchen|house|flat|place|lounge|hallway)\b"
    r"|\b(?:trash|wreck|destroy|smash\w*\s+up|tear\w*\s+apart|tore\s+apart|ripp?\w*\s+apart)\w*\s+"
    r"(?:the|our|my|his|her)\s+(?:\w+\s+)?(?:room|rooms|kitchen|lounge|bedroom|house|flat|place|"
    r"office|garage)\b",
)
# Anger taken out on the home ("she takes it out on the house"), and a belonging ruined, named by
# its owner ("snapped my paintbrushes", "destroyed his xbox"): judged like _OBJECT_VIOLENCE.
_TAKEN_OUT = (r"\b(?P<act>tak(?:e|es|ing)|took)\s+it\s+(?:all\s+)?out\s+on\s+(?P<thing>(?:the|my|"
              r"our)\s+(?:house|flat|home|place|furniture|kitchen|walls?|doors?|stuff|things))\b")
_RUINED = (rf"\b(?P<act>{_RUIN})\w*(?:\s+(?:up|apart|in\s+half|in\s+two))?\s+(?P<thing>(?:(?:all|"
           rf"every\s+"
           rf"(?:single\s+)?one|each|some|most)\s+of\s+)?(?:my|our|"
           rf"his|her|their)\s+(?!(?:{_NOT_BELONGING})\b)(?:[\w']+\s+)?(?!(?:{_NOT_BELONGING})\b)[a-z]+)\b")
# Ruining a belonging on purpose: what no accident does ("drowned my phone in the sink", "burned
# my diary", "cut up my clothes", "poured bleach over my paints"). A partner who does it to "my
# ..." is a disclosure on its own (server/safety/lexicon.py, `_against_things`).
DELIBERATE_RUIN = (r"destroy|shred|smash|snap|drown|burn|burnt|torch|cut\w*\s+up|chopp?\w*\s+up|"
                   r"ripp?\w*\s+up|tear\w*\s+up|tore\s+up|bleach|stamp\w*\s+on|stomp\w*\s+on|"
                   r"flush\w*|dump\w*|soak\w*|dunk\w*|bent|bend\w*|slash\w*|key(?:ed|s)?|"
                   r"set\s+(?:fire|light)\s+to|took\s+(?:a\s+pair\s+of\s+)?(?:scissors|a\s+knife|"
                   r"a\s+lighter|"
                   r"a\s+match|a\s+hammer|bleach|a\s+blade|a\s+marker)\s+to|takes\s+(?:scissors|"
                   r"a\s+knife|"
                   r"a\s+lighter|a\s+hammer)\s+to|(?:dr[io]ve|drives|ran|runs|reversed)\s+over|"
                   r"pour\w*\s+(?:\w+\s+){0,3}?(?:all\s+)?(?:over|on|into|in)|"
                   r"squeez\w*\s+(?:out\s+)?")
# Throwing or putting a belonging where it is ruined: "put my textbooks in the fire".
RUIN_PLACE = (r"(?:fire|bonfire|bath|toilet|loo|sink|river|canal|pond|pool|street|road|window|"
              r"tea|coffee|drain|oven|rain|snow|mud|sea|lake|fish\s+tank)")
# "burned my CD", "snapped my picture", "smashed my record", "burnt my toast": not ruin.
_NOT_RUINED = (r"cds?|dvds?|discs?|mix|playlist|calories|photo|photos|pic|pics|picture|pictures|"
               r"selfie|toast|dinner|tea|lunch|breakfast|food|cake|pizza|steak|rice|chips|bacon|"
               r"tongue|fingers?|score|high\s+score|argument|point|theory|case|fringe|bangs|candle|"
               r"candles|incense|bridges|boats|midnight\s+oil|fat|hours|money|data|"
               r"ego|lips|mouth")
_DELIBERATE = (rf"\b(?P<act>{DELIBERATE_RUIN})\w*(?:\s+(?:up|apart|in\s+half|in\s+two))?\s+"
               rf"(?P<thing>(?:all\s+(?:of\s+)?|every\s+(?:single\s+)?(?:one\s+)?(?:of\s+)?|"
               rf"each\s+of\s+|some\s+of\s+)?"
               rf"my\s+(?!(?:{_NOT_BELONGING}|{_NOT_RUINED})\b)"
               rf"(?:[\w']+\s+)?(?!(?:{_NOT_BELONGING}|{_NOT_RUINED})\b)[a-z]+)\b")
_DISPOSED = (r"\b(?P<act>put|puts|threw|throws|chuck\w*|tipp?\w*|dump\w*|toss\w*|dropp?\w*|dunk\w*|"
             r"shov\w*|stuff\w*|hurl\w*|flung|fling\w*)\s+(?P<thing>(?:all\s+(?:of\s+)?)?my\s+"
             rf"(?!(?:{_NOT_BELONGING}|{_NOT_RUINED})\b)(?:[\w']+\s+){{0,3}}?\w+)\s+(?:in|into|"
             rf"down|out\s+of|"
             rf"onto|on|off)\s+(?:the|a|her|his|their)\s+(?:\w+\s+)?{RUIN_PLACE}\b")
# ... the belonging named before: "I bought new clothes and he cut them up"
_DELIBERATE_THEM = (r"\b(?P<act>cut|ripp?|tore|tear|shred|chopp?)\w*\s+(?P<thing>it|them|"
                    r"all\s+of\s+"
                    r"them)\s+(?:up|to\s+(?:pieces|shreds|bits|ribbons)|into\s+(?:pieces|bits|"
                    r"shreds))")
# "stamped on it til the neck broke", "cut the sleeves off all my shirts"
_STAMPED_ON = (r"\b(?P<act>stamp\w*|stomp\w*|jump\w*)\s+on\s+(?P<thing>it|them)\s+"
               r"(?:until|til|till|so\s+hard)\b")
_CUT_OFF = (r"\b(?P<act>cut|ripp?\w*|tore|tear\w*|snapp?\w*|chopp?\w*)\s+the\s+\w+\s+off\s+"
            r"(?P<thing>(?:all\s+(?:of\s+)?)?my\s+(?:[\w']+\s+)?[a-z]+)")
_DRUGS = (r"(?:pills|tablets|meds|medication|medicine|prescriptions|paracetamol|painkillers|"
          r"codeine|insulin|sleeping\s+(?:pills|tablets)|\w+\s+(?:pills|tablets))")
_NEG = r"(?:don'?t|do not|doesn'?t|does not|won'?t|will not|wouldn'?t|didn'?t|never|refuses to)"
_LET = rf"{_NEG}\s+let\s+(?:me|her|him|them)"  # "won't let me" (or, of a friend, "her")
_FREQUENT = (r"(?:every\s+(?:night|day|morning|evening|time|single)|each\s+(?:night|day)|"
             r"all the time|constantly|24/7|daily|and\s+gets?\s+(?:furious|angry|mad)|"
             r"accuses?\s+me)")
_SELF_INJURY_CUE = (r"(?:on\s+purpose|deliberately|until|till|over\s+and\s+over|again|when\s+"
                    r"(?:i|he|she|we|they)|after\s+(?:every|our|we|he|she|they)|to\s+(?:cope|"
                    r"punish|feel|stop|calm)|every\s+(?:night|time|day))")
# Sexual contact, told by or about someone whose stated age is a minor's.
_SEXUAL_CONTACT = (r"\b(?:touch(?:es|ed|ing)?\s+me|grop\w*|fondl\w*|molest\w*|had\s+sex|"
                   r"sleeping\s+together|nudes?|sexual(?:ly)?\s+(?:abus\w*|assault\w*|messages|"
                   r"pictures|photos|videos|contact)|(?:explicit|naked)\s+(?:pictures|photos|"
                   r"pics|videos)|show\s+(?:him|her)\s+my\s+body|pictures?\s+of\s+(?:him|"
                   r"her)self)\b")
# Sexual coercion is a refusal passed over: what was refused, the refusal, and going on.
_SEX_ACT = (r"(?:ha(?:ve|d|ving)\s+sex|sex\b|(?:sleep|slept)\s+with\s+(?:him|her|them|you)|"
            r"in\s+bed|intimacy|intimate|touch(?:es|ed|ing)?\s+me|grop\w*|(?:do|does|did|doing)\s+"
            r"(?:things|stuff)\b)")
_REFUSED = (r"(?:said\s+no|say\s+no|told\s+(?:him|her|them)\s+(?:no|to\s+stop|not\s+to|i\s+"
            r"(?:hate|don'?t\s+(?:like|want)|didn'?t\s+want))|tell\s+(?:him|her|them)\s+(?:no|to\s+"
            r"stop|not\s+to)|asked\s+(?:him|her|them)\s+to\s+stop|said\s+i\s+(?:didn'?t|don'?t)\s+"
            r"want|push(?:ed)?\s+(?:him|her|them)\s+(?:off|away))")
_REFUSAL = rf"\bi\s+(?:'ve\s+|have\s+|had\s+|already\s+)?{_REFUSED}"
_PERSISTS = (r"\b(?:keeps?\s+going|kept\s+going|carr(?:y|ies|ied)\s+on|(?:does|did)\s+it\s+"
             r"anyway|(?:goes|went)\s+ahead|(?:doesn'?t|didn'?t|won'?t|wouldn'?t)\s+stop|still\s+"
             r"(?:does|did|touches|touched|goes|went|keeps)|does\s+(?:it|things)\s+(?:to\s+me\s+)?"
             r"anyway|(?:does|did|tries|tried)\s+(?:things|stuff)\s+(?:that\s+)?i\s+(?:said|told))")
_DATE = r"(?:boyfriend|girlfriend|bf|gf|guy|man|woman|lady|fianc[eé]e?|partner|ex)"
_MINOR_AGE = r"(?:1[0-7]|[1-9])"

# --- fragments: threats ------------------------------------------------------------------

# A verb that reports what someone said: "he said", "she texted me", "he keeps saying".
REPORTED = (r"\b(?:said|says|say|saying|told|tells|tell|telling|threaten\w*|swore|swears|"
            r"swearing|texted|texts|texting|messaged|messages|wrote|writes|warned|warns|warning|"
            r"promised|promises|screamed|screams|yelled|yells|shouted|shouts|whispered|whispers|"
            r"hissed)\b")
_SAYS = rf"{_OTHER}(?:\s+[\w']+){{0,3}}?\s+{REPORTED}"  # "he keeps saying", "my ex texted"
# What follows "shoot me", "bury me", "kill you" when nothing violent is meant.
_NOT_HARM = (r"(?!\s+(?:a|an)\s+(?:text|message|email|e-mail|line|note|dm|msg|call|quick|pic|photo)"
             r"|\s+(?:in|with)\s+(?:kisses|hugs|love|kindness|compliments|presents|gifts|work|"
             r"paperwork|questions|emails|a\s+game|the\s+game|chess|mario\s+kart))")


def _killing(victim: str, poss: str) -> str:
    """Killing, spelled many ways, done to `victim` (possessive `poss`): what a threat names."""
    return _any(
        rf"(?:kill|murder|strangle|end|bury|poison|drown|gas|shoot|stab)\s+{victim}\b{_NOT_HARM}",
        rf"finish\s+{victim}\s+off|finish\s+the\s+job",
        rf"run\s+{victim}\s+(?:over|down|off\s+the\s+road)",
        rf"(?:slit|cut|slash)\s+{poss}\s+throat|(?:snap|break)\s+{poss}\s+neck",
        rf"put\s+(?:something|poison|\w+\s+poison|stuff|bleach|antifreeze|pills|drugs)\s+in\s+"
        rf"{poss}\s+(?:food|drink|coffee|tea|dinner|meal|wine|water)",
        rf"(?:set\s+{victim}\s+on\s+fire|burn\s+{victim}\s+alive)",
        rf"make\s+{victim}\s+disappear",
    )


# The victim's death, as a threat tells it: "you'll be dead", "I won't live to see...".
_DEATH = _any(
    r"(?:i|you|u)(?:'d|'ll|\s+would|\s+will)\s+be\s+dead\b",
    r"(?:you'?re|you\s+are|ur|u\s+r)\s+(?:so\s+)?dead\b(?!\s+to\b)",
    r"(?:a\s+)?dead\s+(?:wo)?man\b",
    r"(?:won'?t|will\s+not|wouldn'?t|never|not\s+going\s+to|not\s+gonna|don'?t|do\s+not|"
    r"doesn'?t)\s+(?:live|survive|"
    r"see\s+(?:my|your|our|the|another|next)\s+\w+|make\s+it\s+(?:to|out|past|through|home)|"
    r"wake\s+up|get\s+out\s+alive|walk\s+(?:again|anywhere))",
    r"last\s+thing\s+(?:i|you)(?:'ll|\s+will)?\s+ever\s+do",
    r"(?:end\s+up|be|leave\s+\w+|leaving\s+\w+(?:\s+\w+)?)\s+(?:in\s+)?(?:the\s+ground|"
    r"a\s+(?:box|ditch|body\s+bag|coffin|grave)|six\s+feet\s+under)",
    # "you'll only leave this house in a bag"
    r"(?:leave|leaves|leaving|get\s+out\s+of|walk\s+out\s+of)\s+(?:(?:this|the|my|our)\s+"
    r"(?:house|flat|home|place|room|marriage|relationship)|here)\s+(?:only\s+|except\s+)?in\s+"
    r"(?:a|the)\s+(?:body\s+|bin\s+)?(?:bag|box|coffin|casket|hearse)",
)


# --- danger contexts: never a hit alone (server/safety/lexicon.py combines them) ----------

# A separation the writer tells of, or the leaving a threat is about.
SEPARATION = _any(
    # "left him", not "she left her keys" or "he left them open": the person, then a clause's end
    r"\bleft\s+(?:(?:him|her|them)(?=\s*(?:[.,;:!?)]|$|\s(?:and|but|so|then|last|in|on|at|a|an|"
    r"two|three|four|six|few|after|when|because|for|months?|weeks?|years?|yesterday|ago|finally|"
    r"now|already|recently|today|tonight)\b))"
    rf"|(?:my|her|his)\s+{PARTNER}|the\s+"
    r"(?:relationship|marriage))\b",
    r"\b(?:i|we)(?:'ve|\s+have|\s+had)?\s+(?:finally\s+)?(?:split\s+up|split|broke\s+up|separated|"
    r"divorced|ended\s+it|ended\s+things|broke\s+it\s+off|moved\s+out)\b",
    r"\b(?:i|we)(?:'ve|\s+have|\s+had)?\s+(?:finally\s+)?moved\s+(?:all\s+)?my\s+(?:stuff|things|"
    r"belongings|clothes)\s+(?:out|to|into)\b",
    r"\b(?:since|after|ever\s+since)\s+(?:i|we)\s+(?:finally\s+)?(?:left|split|broke\s+up|"
    r"separated|divorced|moved\s+out|ended\s+it)\b",
    r"\b(?:since|after)\s+(?:the|our)\s+(?:break-?up|split|separation|divorce)\b",
    # told without a subject: "Broke up with her 6 weeks ago."
    rf"(?:^|[.!?]\s*)(?:finally\s+)?(?:broke\s+up|split(?:\s+up)?|separated)\s+(?:with\s+)?"
    rf"(?:him|her|them|my\s+{PARTNER})\b",
    # moving out to family, a friend or a refuge: "I moved to my cousin's two months ago"
    r"\bi(?:'ve|\s+have|\s+had)?\s+(?:finally\s+)?(?:moved|fled|escaped)\s+(?:back\s+)?"
    r"(?:in\s+with|to|into)\s+(?:my|a|the)\s+(?:(?:mum|mom|mother|dad|parents|sister|brother|"
    r"cousin|friend|aunt|nan|gran)(?:'s|s')|(?:women'?s\s+)?(?:refuge|shelter))",
    r"\bif\s+i\s+(?:ever\s+)?(?:try\s+to\s+)?(?:leave|left|split|break\s+up|divorce)\b",
    r"\b(?:mention\w*|bring\w*\s+up|brought\s+up|talk\w*\s+about|ask\w*\s+(?:him|her)\s+for)\s+"
    r"(?:a\s+)?(?:leaving|divorce|separat\w*|breaking\s+up|splitting\s+up|a\s+separation)",
)
EX = rf"\bmy\s+ex\b|\bex-?{PARTNER}"
# A weapon someone has, shows or handles.
WEAPON_HELD = (r"\b(?:has|have|had|keeps?|kept|owns?|bought|got|carries|carry|showed\s+me|shows\s+"
               r"me|cleaning|cleans|cleaned|loaded|loading|sharpen\w*|put|puts|laid|lays|brought\s+"
               r"out|brings\s+out|takes?\s+out|took\s+out|gets?\s+out|got\s+out|there'?s|there\s+"
               rf"is)\s+(?:[\w']+\s+){{0,3}}?{_WEAPON}\b")
# Words that make a weapon in the home a menace.
MENACE = (r"\b(?:threat\w*|regret|see\s+what\s+happens|just\s+so\s+you\s+know|remember\s+"
          r"(?:this|that|what)|reminds?\s+me|reminding\s+me|stare\w*|staring|glar\w*|warn\w*|"
          r"it'?s\s+for\s+(?:me|you)|or\s+else|behave|in\s+case\s+i|"
          r"(?:not|isn'?t|never)\s+(?:be\s+)?afraid\s+to\s+use|(?:won'?t|wouldn'?t|doesn'?t)\s+"
          r"hesitate|use\s+it\s+on\s+(?:me|you|us|anyone)|knows?\s+how\s+to\s+use|"
          # "if I ever try anything I know what's up there"
          r"if\s+(?:i|you|u)\s+ever\s+(?:try|tried|do|did|leave|left|tell|told|think|go|cross)|"
          r"(?:i|you|u)\s+know\s+what'?s\s+(?:up|in|down|under|out)\s+(?:there|here)|"
          r"what\s+(?:it'?s|it\s+is|they'?re)\s+for)\b")
WEAPON = rf"\b{_WEAPON}\b"
# A firearm, and a message that denies there is one (the screen's weapon marker for a gun in
# the home, server/safety/screen.py).
FIREARM = (r"\b(?:guns?|pistols?|rifles?|shotguns?|handguns?|revolvers?|firearms?|glock|"
           r"ar-?15)\b")
NO_FIREARM = (r"\b(?:no|not\s+a|never\s+(?:had|owned)\s+a|don'?t\s+(?:have|own)\s+(?:a|any)|"
              r"doesn'?t\s+(?:have|own)\s+(?:a|any))\s+(?:\w+\s+)?(?:guns?|firearms?|weapons?)\b")
PET = _PET
# A weapon brought out or handled (not merely owned): what it does in answer to the person.
WEAPON_HANDLED = _any(
    r"\b(?:clean\w*|sharpen\w*|load(?:s|ed|ing)?|polish\w*|oil(?:s|ed|ing)?|show(?:s|ed|ing)?|"
    r"wav(?:e|es|ed|ing)|twirl\w*|play(?:s|ed|ing)?\s+with|tap(?:s|ped|ping)?|brandish\w*|"
    r"strok(?:e|es|ed|ing)|fiddl\w*\s+with|(?:sits?|sat|sitting)\s+(?:\w+\s+){0,3}?with|"
    r"wip(?:e|es|ed|ing)|practi[sc](?:e|es|ed|ing)\s+with|click\w*|flick\w*|spin(?:s|ning)?|"
    r"spun|rack\w*|cock(?:s|ed|ing)|unsheath\w*|unholster\w*|"
    r"(?:gets?|got|getting|takes?|took|taking|brings?|brought|"
    r"bringing)(?:\s+[\w']+){0,4}?\s+(?:out|"
    r"down)|"
    r"brings?|brought|bringing|carr(?:y|ies|ied|ying)|"
    r"(?:pick(?:s|ed|ing)?|pull(?:s|ed|ing)?)\s+(?:[\w']+\s+){0,3}?up|"
    r"grabb?(?:s|ed|ing)?|hold(?:s|ing)?|held|gets?|got|fetch\w*|pick(?:s|ed|ing)?|"
    r"(?:came|comes|coming|walked|walks)\s+(?:back\s+|in\s+|down\s+|downstairs\s+|into\s+the\s+"
    r"\w+\s+)*with|"
    r"(?:puts?|putting|placed|places|laid|lays|left|leaves|leaving|sets?|setting|lean\w*)\s+"
    r"(?:[\w']+\s+){0,3}?(?:on|against|beside|by|next\s+to|in\s+front\s+of)\b)"
    rf"\s+(?:[\w']+\s+){{0,4}}?(?:{_WEAPON}|it|them|one)\b(?:\s+(?:up|out))?",
    # the weapon, then where it is left: "leaving one on the bed", "laid the collection out on"
    r"\b(?:puts?|putting|placed|places|laid|lays|laying|left|leaves|leaving|sets?|setting|lean\w*|"
    r"keeps?|kept|keeping|lin(?:e|es|ed|ing)|spread\w*)\s+(?:[\w']+\s+){0,2}?(?:"
    rf"{_WEAPON}|it|them|one|(?:his|her|their|the)\s+(?:whole\s+)?(?:collection|set|lot))\s+"
    r"(?:out\s+|up\s+)?(?:on|against|beside|by|next\s+to|in\s+front\s+of|across|under)\s+"
    r"(?:the|my|our|his|her)\b",
    # a case opened where the weapon is: "he opened the glovebox and left it open"
    r"\bopen(?:s|ed|ing)?\s+(?:up\s+)?(?:the|his|her)\s+(?:glove\s?box|gun\s+(?:safe|cabinet|case)|"
    r"safe|knife\s+(?:block|drawer|case|roll)|case|drawer)\b",
    # a firearm or crossbow bought in answer to the person (a knife or a hammer is also a tool)
    r"\b(?:bought|buys|buying|ordered)\s+(?:[\w']+\s+){0,2}?(?:gun|guns|pistol|rifle|shotgun|"
    r"handgun|revolver|firearm|crossbow|taser|stun\s+gun|air\s+rifle|air\s+pistol|"
    r"pepper\s+spray)\b",
    rf"\b(?:took|takes|taking|grabb?\w*|fetch\w*|brought|brings)\s+(?:the|his|her|a|"
    rf"my)\s+(?:[\w']+\s+)?{_WEAPON}"
    r"\s+(?:from|out\s+of|off)\b",
    rf"\b(?:the|his|her|a|my)\s+(?:(?!(?:{_PEOPLE}|{_PARTNER_NOUNS}|his|my|our|their|got|gets|took|"
    rf"takes|put|puts|left|leaves|and)\b)[\w']+\s+){{0,3}}?{_WEAPON}\s+(?:(?:propped|leaning|lying|"
    r"sitting|left|laid|standing)\s+(?:up\s+)?)?(?:out|(?:on|by|beside|next\s+to|against|across)\s+"
    r"(?:the|my|"
    r"our|his|her)\s+(?:\w+\s+)?(?:table|bed|nightstand|counter|sofa|couch|dashboard|pillow|desk|"
    r"chair|floor|side|lap|door)|in\s+(?:his|her)\s+(?:hand|lap))\b",
)
# The person's own plans, words or doings, or a friend's, as what something answers:
# "whenever I mention seeing my family", "after I said I wanted to go back to work".
PERSON_ACTS = _any(
    r"\b(?:when(?:ever)?|every\s+(?:single\s+)?time|each\s+time|any\s*time|after|because|"
    r"'?cause|bc|cos|coz|cuz|while|as\s+soon\s+as|the\s+(?:moment|minute|night|day|morning|"
    r"evening|week)|if|since|in\s+case|until|till)\s+(?:i|im|she|he)"
    r"(?:'m|'d|\s+am|\s+was|\s+had)?\s+(?:[\w']+\s+){0,2}?['\"]?(?:say|says|said|saying|tell|"
    r"tells|told|"
    r"telling|mention\w*|talk\w*|bring\w*\s+(?:up|it)|brought\s+(?:up|it)|ask\w*|want\w*|"
    r"plan\w*|suggest\w*|try|tries|tried|trying|disagree\w*|refus\w*|argu\w*|object\w*|"
    r"go|goes|going|gone|went|visit\w*|see|sees|seeing|saw|text\w*|call\w*|phon\w*|"
    r"message\w*|speak\w*|spoke|wear\w*|wore|spend\w*|spent|leave|leaves|leaving|left|"
    r"came\s+home|come\s+home|get\s+home|got\s+home|forgot|forget|didn'?t|don'?t|won'?t|"
    r"wouldn'?t|locked|lock|stood\s+up|put\s+my\s+foot\s+down|said\s+no|say\s+no|late|out|"
    r"away|wrote|written|write|writes|stay\w*|promise\w*|apologi[sz]\w*|lie|lied|laugh\w*|"
    r"smil\w*|post\w*|danc\w*|chat\w*|meet\w*|met|walk\w*|on\s+the\s+phone|get\s+up|invit\w*|"
    r"stand\s+up|enrol\w*|join\w*|apply|applied|applying)\b",
    rf"\bi(?:'d|\s+had)?\s+(?:just\s+|finally\s+|only\s+)?(?:said|told\s+(?:him|her|them|"
    rf"my\s+{PARTNER})|mentioned|"
    rf"asked\s+(?:him|her|them|my\s+{PARTNER}|if|whether|to)|brought\s+up|suggested)\b",
    r"\b(?:my|her|his|our)\s+(?:weekend\s+|holiday\s+|travel\s+)?plans\b",
    # a row about the person's own plans: "we were arguing about me going back to work"
    r"\b(?:about|over)\s+(?:me|my)\s+(?:going|seeing|wanting|getting|taking|starting|visiting|"
    r"leaving|working|spending|studying|applying|moving)\b",
    r"\b(?:the\s+)?(?:last|one)\s+time\s+i\s+(?:did|tried|asked|said|went|mentioned|brought)\b",
    rf"\b(?:tell|ask|say|mention)\w*\s+(?:him|her|them|(?:my\s+)?{PARTNER})\s+(?:that\s+)?i(?:'m|"
    rf"\s+am|"
    r"'d|\s+would)?\s+(?:really\s+)?(?:want|wanna|going|like|need|plan|thinking)",
    r"\b(?:on\s+purpose|deliberately|so\s+(?:that\s+)?(?:i|she|he)\s+(?:can'?t|couldn'?t|"
    r"wouldn'?t|won'?t|cannot|could\s+not)|to\s+(?:scare|frighten|punish|intimidate|teach)\s+"
    r"(?:me|her|him))\b",
)
# Anger and fear around an act against things: what makes it intimidation.
ANGER = (r"\b(?:angry|anger|(?<!i'm\s)(?<!i\sam\s)(?<!i'm\sso\s)(?<!i'm\sgoing\s)mad|furious|"
         r"fuming|livid|rage|raging|temper|tempers|"
         r"los(?:e|es|ing)\s+it|lost\s+it|los(?:e|es|ing|t)\s+(?:his|her|their)\s+(?:temper|"
         r"shit|head|mind)|kick(?:s|ed|ing)?\s+off|flip(?:s|ped|ping)?\s+out|goes\s+off|went\s+off|"
         r"ballistic|explod\w*|snap(?:s|ped)\b|blows?\s+up|blew\s+up|in\s+a\s+mood|"
         r"doesn'?t\s+get\s+(?:his|her|their)\s+(?:own\s+)?way|drunk|drinks|been\s+drinking|"
         r"stressed|(?:scream|yell|shout|roar|bellow|snarl)\w*\s+at\s+(?:me|us))\b")
DISPUTE = (r"\b(?:argu(?:e|es|ed|ing|ment|ments)|rows?|rowed|rowing|fight|fights|fighting|fought|"
           r"had\s+words|disagree\w*|quarrel\w*|fall(?:ing)?\s+out|fell\s+out)\b")
# Force told by its result: what an accident does not do to a thing.
FORCE = (r"\b(?:across\s+the\s+(?:room|kitchen|floor|hall)|against\s+the\s+wall|into\s+the\s+wall|"
         r"so\s+hard|(?:until|till|and)\s+(?:it|the\s+\w+)\s+(?:broke|buckled|cracked|shattered|"
         r"snapped|smashed|split|bent|dented)|to\s+pieces|in(?:to)?\s+(?:half|pieces|bits)|"
         r"off\s+(?:its|the|their)\s+hinges)\b")
FEAR = (r"\b(?:scared|scares|scary|afraid|terrified|terrifies|frightened|frightens|frightening|"
        r"petrified|fear|fears|feared|fearful|on\s+edge|shaking|shook\s+up|trembl\w*|flinch\w*|"
        r"freeze|froze|frozen|go\s+(?:very\s+|really\s+)?(?:quiet|still)|went\s+(?:very\s+|"
        r"really\s+)?"
        r"(?:quiet|still)|sit\s+(?:very\s+)?still|eggshells|dread\w*|nervous|anxious|hid|hide|"
        r"hides|hiding|don'?t\s+feel\s+safe|unsafe|daren'?t|dare\s+not|don'?t\s+dare|"
        r"(?:stay|stays|stayed|keep|keeps|kept)\s+out\s+of\s+(?:his|her|their)\s+way|"
        r"(?:go|goes|went|going)\s+(?:very\s+|really\s+)?small|make\s+myself\s+small|cower\w*|"
        r"brace\s+myself|bracing\s+myself)\b")


_HOW_REACT = (rf"\bhow\s+(?:he|she|they|(?:my|your|ur)\s+{PARTNER})(?:'ll|'d|\s+will|\s+would|"
              r"\s+might|\s+may|\s+could|'s\s+(?:going\s+to|gonna)|\s+is\s+(?:going\s+to|"
              r"gonna))?\s+"
              r"(?:react\w*|respond\w*|take\s+it|handle\s+it)\b")


_FEAR_OF_REACTION = _any(
    rf"\b(?:scared|afraid|terrified|frightened|petrified|fear)\b[^.!?]{{0,40}}?{_HOW_REACT}",
    rf"{_HOW_REACT}[^.!?]{{0,40}}?\b(?:scares|frightens|terrifies)\s+me\b",
    rf"\b(?:scared|afraid|terrified|frightened|petrified)\s+to\s+(?:even\s+)?(?:tell|ask|say|"
    rf"mention|bring\s+(?:it\s+)?up|talk\s+to|disagree\s+with)\s+(?:him|her|them|"
    rf"(?:my\s+)?{PARTNER})",
    r"\b(?:daren'?t|dare\s+not|(?:don'?t|do\s+not|wouldn'?t)\s+dare(?:\s+to)?)\s+(?:tell|ask|say|"
    r"mention|go|see|leave|disagree|talk|bring)",
    rf"\b(?:scared|afraid|terrified|frightened|petrified)\s+(?:that\s+)?(?:he|she|they|(?:my|"
    rf"your)\s+"
    rf"{PARTNER})(?:'ll|'d|\s+will|\s+would|\s+might|\s+could|'s\s+going\s+to|"
    rf"\s+is\s+going\s+to)\s+"
    r"(?:\w+\s+)?(?:go\s+mad|go\s+ballistic|lose\s+it|kick\s+off|explode|blow\s+up|flip|snap|"
    r"freak\s+out|go\s+crazy|get\s+angry|be\s+(?:angry|mad|furious))\b",
)



# --- word classes of the structural rules (issue 21), beside the rows that use them -------
# server/safety/lexicon.py judges each class's rows: who acts, and what comes with it.

# What is done to a pet to punish or frighten its owner: shut out, starved, held over a drop,
# taken away, its water poisoned. HARSH is what turns "put the cat out" into cruelty.
PET_SHUT_OUT = (r"(?:lock|shut|put|puts|putting|leave|left|leaves|leaving|threw|throw|kick|chuck|"
                r"turf)\w*")
PET_OUTSIDE = (r"(?:out(?:side)?|in\s+(?:the\s+)?(?:shed|garage|car|cellar|basement|boot|trunk|"
               r"cold|"
               r"snow|rain|dark|freezing|heat|crate|cage)\b)")
PET_CARE = (r"(?:(?:feed|walk|water|let\s+(?:me\s+)?(?:feed|walk|water))\w*|pay(?:s|ing)?\s+for|"
            r"paid\s+for|buy(?:s|ing)?|bought)")
PET_HARSH = (r"\b(?:all\s+night|overnight|for\s+(?:hours|days)|snow|rain|freezing|"
             r"cold|heat|hot|sun|heatwave|sweltering|boiling|\d+\s+minutes|dark|starv\w*|hungry|without\s+(?:food|water)|railing|balcony|edge|"
             r"window|bridge|water|bath|pool|river|canal|fire|road|traffic|stairs|motorway|"
             r"not\s+allowed|punish\w*|teach|lesson|remember\s+this|(?:unless|until|if)\s+i\b|"
             r"(?:come|came|comes)\s+back\s+without|never\s+see|food|water|behav\w*|sorry|"
             r"apologi\w*)\b")
PET_POISON = (r"(?:bleach|poison|antifreeze|chemicals|rat\s+poison|weedkiller|slug\s+pellets|"
              r"detergent|"
              r"salt)(?:\s+water)?")
# Blocking the way out: a body or a thing between the person and the door, the keys taken.
BLOCK_ACT = (r"(?:block\w*|stand\w*|stood|sits?|sat|sitting|lean\w*|put|puts|putting|drag\w*|"
             r"push\w*|shov\w*|mov(?:e|es|ed|ing)|wedg\w*|plant\w*|position\w*)")
EXIT = (r"(?:(?:front|back|bedroom|bathroom|kitchen|car|only)\s+)?(?:doors?|doorway|exit|stairs|"
        r"staircase|landing|gate|way\s+out|hallway)")
# Fear told through the body, and the partner's coming or calling that sets it off.
BODY_FEAR = (r"(?:(?:my\s+)?(?:hands?|legs?|knees|whole\s+body|voice)\s+(?:\w+\s+)?(?:shake|shakes|"
             r"shaking|tremble\w*|go\s+(?:weak|numb|cold))|\bi\s+(?:start\s+(?:to\s+)?|just\s+)?"
             r"(?:shake|shaking|tremble|freeze|froze|panic|go\s+cold|go\s+rigid|go\s+numb|feel\s+"
             r"(?:physically\s+)?sick|hold\s+my\s+breath|can'?t\s+breathe|tense\s+up|flinch)|"
             r"(?:my\s+)?stomach\s+(?:\w+\s+)?(?:drops|dropped|turns|knots|churns|sinks|lurches|"
             r"flips|twists)|(?:my\s+)?heart\s+(?:starts\s+)?(?:pounds|pounding|races|racing|"
             r"hammers|"
             r"hammering|stops|sinks)|(?:my\s+)?chest\s+(?:tightens|goes\s+tight)|"
             r"knots?\s+in\s+my\s+"
             r"stomach|\bdread\w*)")
BODY_FEAR_SAID = (r"(?:(?:sick|shaking|trembling|frozen|rigid|cold)\s+with\s+(?:fear|dread|terror)|"
                  r"(?:hands?|legs?|knees|voice)\s+(?:\w+\s+)?(?:shake|shakes|shaking|tremble\w*)|"
                  r"\bi\s+(?:start\s+(?:to\s+)?)?(?:shake|tremble|freeze))")
PARTNER_COMING = (rf"(?:(?:hear|heard|hearing|see|saw|seeing)\s+(?:his|her|their)\s+(?:car|key|"
                  rf"keys|"
                  r"footsteps|steps|voice|truck|van|bike|name)|(?:his|her|their)\s+(?:car|key|keys|"
                  r"footsteps|truck|van)\s+(?:in|on|pull\w*|turn\w*|in\s+the\s+(?:door|lock|"
                  r"drive))|"
                  rf"(?:he|she|they|{PARTNER})\s+(?:comes?|gets?|walks?|pulls?|is\s+due|"
                  rf"'s\s+due)\s+"
                  r"(?:home|in|back|up)|(?:him|her|them)\s+(?:coming|getting|walking)\s+(?:home|"
                  r"in|back)|"
                  r"before\s+(?:he|she|they)\s+(?:gets?|comes?)\s+(?:home|back|in)|"
                  r"knowing\s+(?:he|she|they)"
                  r"(?:'ll|\s+will|'s|\s+is|'d|\s+would)\s+(?:be\s+)?(?:there|home|waiting|back)|"
                  r"(?:his|her|their)\s+"
                  r"name\s+(?:pops?\s+up|flash\w*|comes?\s+up|on\s+my\s+(?:phone|screen))|(?:he|"
                  r"she|"
                  r"they)\s+(?:calls|rings|texts|messages)|(?:the|his|her)\s+(?:front\s+)?door\s+"
                  r"(?:open|go|slam|bang|click)|(?:he|she|they)(?:'s|\s+is)\s+in\s+(?:a|one\s+of\s+"
                  r"(?:his|her|their))\s+moods?)")
LOVE = (r"\b(?:miss\w*|excited|can'?t\s+wait|love|butterflies|crush|date|kiss\w*|fancy|romantic|"
        r"favou?rite|fan|hilarious|funny|radio|telly|tv|podcast|concert|gig)\b")
# What a person fears the partner will find out, when it is their own life: people seen, help
# sought, this app ("terrified she'll find out I went to see my sister").
SECRET_LIFE = (r"^\W*(?:that\s+)?(?:i(?:'ve|'d|'m|\s+have|\s+had|\s+was)?\s+(?:been\s+|actually\s+|"
               r"secretly\s+|still\s+)?(?:went|go|going|gone|seeing|saw|see|seen|visit\w*|talk\w*|"
               r"spoke|speak\w*|call\w*|rang|text\w*|messag\w*|met|meet\w*|told|tell\w*|us(?:e|ed|"
               r"ing)|"
               r"download\w*|ask\w*|look\w*\s+(?:at|up|into)|search\w*|read|contact\w*|got\s+help|"
               r"sav(?:e|ed|ing)|open\w*\s+(?:a|an|my)|appl\w*)|about\s+(?:this|the\s+(?:app|chat|"
               r"therapist|counsell?or|lawyer|refuge|shelter|helpline|account|savings))|"
               r"where\s+i\b)"
               r"|^\W*(?:this|the|my|these|that)\s+(?:\w+\s+)?(?:app|chat|site|page|conversation|"
               r"messages|texts|number|diary|journal|account|savings|phone|search\w*|history)\b")

# What a coercive threat promises (round 10): the children taken, private images shared, the
# person thrown out, reported or cut off, a pet hurt or put out on the road.
CHILD_TAKEN = (rf"(?:take|took|taking|snatch\w*|keep)\s+{_CHILD}(?:\s+(?:away|abroad|to\s+\w+|"
               r"and\s+(?:go|leave|disappear|run)))?|make\s+sure\s+i\s+never\s+see\s+"
               rf"(?:them|{_CHILD})")
IMAGE_SHARED = (r"(?:post|share|send|leak|upload|show|spread|forward)\w*\s+(?:\w+\s+){0,4}?"
                r"(?:pics?|pictures|photos?|nudes|videos?|screenshots|the\s+stuff)\b")
HARMS_ME = (r"get\s+me\s+(?:evicted|deported|fired|sacked|arrested|kicked\s+out|thrown\s+out|"
            r"sectioned)|(?:ring|call|phone|rings|calls|report\s+me\s+to|tell)\s+(?:the\s+)?"
            r"(?:social\s+services|social\s+workers?|police|cops|immigration|home\s+office)|"
            r"(?:throw|kick|chuck|put)\s+me\s+(?:out|on\s+the\s+street)|leave\s+me\s+(?:stranded|"
            r"with\s+nothing|on\s+the\s+street|homeless|penniless)|cut\s+me\s+off\s+(?:from|"
            r"without)|(?:say|tell\s+\w+)\s+i'?m\s+(?:a\s+)?(?:bad|unfit|abusive|crazy|mad)")
PET_HARMED = (rf"(?:let|put|throw|kick|chuck|turn)\s+{_PET}\s+out\b|(?:get\s+rid\s+of|hurt|kill|"
              rf"drown|poison|kick|shoot|dump|put\s+down)\s+{_PET}|take\s+{_PET}\s+to\s+(?:the\s+)?"
              r"(?:knacker\w*|vets?\s+to\s+be\s+put\s+down|pound|woods|shelter)")


# --- pattern builders --------------------------------------------------------------------

def _by(subject: str, *acts: str, gap: str = _GAP) -> str:
    """`subject`, a few words, then one of `acts` as the group "act" (negation is judged there)."""
    return rf"{subject}{gap}(?P<act>{_any(*acts)})"


def _threatened(harm: str) -> str:
    """`harm` threatened by the partner: "threatened to ...", or promised if the person acts
    ("she'll ... if I go back to work", "if I go out he'll ...")."""
    will = (r"(?:he|she|they)?\s*(?:'ll|will|'d|would|is\s+going\s+to|'s\s+going\s+to|"
            r"'s\s+gonna|is\s+gonna|gonna)")
    return _any(
        rf"\bthreaten\w*\s+(?:me\s+)?(?:to\s+|that\s+{will}\s+)(?:\w+\s+){{0,2}}?(?:{harm})",
        rf"{_SAYS}\s+(?:me\s+)?(?:that\s+)?{will}\s+(?:\w+\s+){{0,2}}?(?:{harm})[^.!?]{{0,80}}?"
        r"\b(?:if|unless|when|the\s+(?:day|minute|moment))\s+i\b",
        rf"\b(?:if|unless)\s+i\b[^.!?]{{0,80}}?\b(?:he|she|they)\s*(?:'ll|will|'d|would|is\s+"
        rf"going\s+to|'s\s+going\s+to)\s+(?:\w+\s+){{0,2}}?(?:{harm})",
    )


# What is thrown in play, not to hurt: "she threw a pillow at me when I spoiled the ending".
_NOT_SOFT = (r"(?!(?:\w+\s+){0,3}?(?:pillows?|cushions?|slippers?|socks?|teddy|teddies|popcorn|"
             r"marshmallows?|grapes?|paper\s+balls?|tea\s+towels?|snowballs?)\b)")


def _blows(victim: str, poss: str) -> str:
    """Hitting, shoving, grabbing, throwing... done to `victim` (possessive `poss`)."""
    target = rf"(?:{victim}|{poss}\s+{_BODY})"
    not_idiom = r"(?<!\bit )(?<!\bthat )(?<!\bthis )"  # "it hit me", "that shook me"
    return _any(
        rf"{not_idiom}\bhit(?:s|ting)?\s+{victim}(?!\s+(?:up|on)\b|\s+with\s+(?:\w+\s+){{0,3}}?"
        r"(?:puns?|jokes?|news|lines?|questions?|ideas?|story|surprise|compliments?|"
        r"request|bill|truth|blue\s+shells?|shells?|snowballs?|pillows?|cushions?|"
        r"water\s+balloons?|"
        r"nerf\w*|balls?|bananas?|frisbee|water\s+pistol)\b)",
        rf"\b(?:slap|punch|kick|smack|whack|headbutt|elbow|shov|stab|bash|thump|batter)\w*\s+"
        rf"{victim}(?!\s+(?:out|away)\b|\s+in\s+the\s+back\b(?!\s+of))",
        rf"\b(?:kept|keeps|keep|started|starts)\s+(?:on\s+)?(?:slap|punch|kick|smack|whack|"
        rf"headbutt|elbow|thump)\w*\s+{poss}\s+{_BODY}",
        rf"\bbeat(?:s|en|ing)?\s+{victim}(?!\s+(?:at|to|in|on|how|why|what|it|by)\b)",
        rf"\bbeat\s+the\s+\w+\s+out\s+of\s+{victim}",
        rf"\bpush(?:es|ed|ing)?\s+{victim}(?!\s+(?:away|too\s+far|harder)\b|\s+(?:to|into)\s+"
        r"(?!the\b|a\b|my\b|his\b|her\b|their\b))",
        rf"\b(?:threw|throws?|throwing|hurl\w*|flung|flings?|chuck\w*)\s+{_NOT_SOFT}"
        rf"(?:\w+\s+){{0,6}}?at\s+{target}",
        rf"\b(?:threw|throws?|throwing|flung|flings?|chuck\w*)\s+(?:\w+\s+){{0,6}}?(?:in|into)\s+"
        rf"{poss}\s+face\b",
        rf"\b(?:threw|throws?|throwing|flung|slam\w*|ram\w*|knock\w*|dragg?\w*|toss\w*)\s+"
        rf"{victim}\s+(?:against|into|across|down|onto|off\s+(?:the|a)|out\s+of|around|about|by|"
        r"through|over|to\s+the\s+(?:floor|ground))",
        rf"\b(?:grab|grip|squeez|yank|twist|wrench)\w*\s+{target}(?:\s+(?:a\s+bit|a\s+little|so|"
        r"too|really|pretty|very|way))*\s+(?:hard|tight|roughly|behind|until|by\s+the|"
        r"and\s+(?:shook|shoved|pushed|threw|dragged|slammed|twisted))",
        rf"\b(?:by|grabbed|pulled|yanked|dragged)\s+(?:{victim}\s+by\s+)?{poss}\s+"
        r"(?:hair|ponytail|collar)",
        rf"{not_idiom}\b(?:shook|shakes?|shaking)\s+{victim}\s+(?:so|really|hard|by|until|"
        r"violently|around|back\s+and\s+forth)",
        rf"\b(?:pinn?(?:ed|s|ing)?|held|holds|holding)\s+{victim}\s+(?:down|against)",
        rf"\bpinn?(?:ed|s|ing)\s+{victim}\s+(?:to|on)\b",
        rf"\b(?:kneel\w*|knelt|sat|sits)\s+on\s+{poss}\s+(?:chest|back|neck|throat)",
        rf"\bburn(?:ed|t|s|ing)?\s+{target}\s+(?:with|on)\b",
        rf"\bscald\w*\s+{target}\b",
        rf"\bslam\w*\s+{poss}\s+(?:head|hand|fingers?|face)\s+(?:in|into|against|on)\b",
        rf"\b(?:broke|broken|bruised|cracked|fractured|dislocated)\s+{poss}\s+(?:arm|nose|jaw|"
        r"ribs?|wrist|fingers?|leg|collarbone|eye\s+socket|cheekbone)\b",
        rf"\bput\s+{victim}\s+(?:on\s+the\s+(?:floor|ground)|into|through)\b",
        rf"\bstomp\w*\s+on\s+{target}",
        rf"\bsp[ai]t\s+(?:in|on|at)\s+(?:{victim}|{poss}\s+face)",
        rf"\b(?:attack\w*|assault\w*|bit|bites|scratch\w*)\s+{victim}\b(?!\s+up\b)",
        rf"\bcame\s+at\s+{victim}",
        rf"\b(?:tried|trying)\s+to\s+run\s+{victim}\s+over",
    )


def _strangling(victim: str, poss: str) -> str:
    """Choking, strangling, smothering or holding under water."""
    return _any(
        rf"\b(?:chok|strangl|throttl|suffocat|smother)\w*\s+{victim}(?!\s+(?:up|on)\b)",
        rf"\b(?:grabb?\w*|squeez\w*|grip\w*|held|holds?|holding|had|pinned|pressed|lifted)['\"]?\s+"
        rf"(?:{victim}\s+(?:up\s+)?by\s+the|{poss})\s+(?:throat|neck)",
        rf"\b(?:grabb?\w*|held|holds?|holding|pinn?\w*|pressed|lifted|pick\w*|dragg?\w*|push\w*|"
        rf"shov\w*|slamm?\w*|hung|hangs?)['\"]?\s+{victim}\s+(?:[\w']+\s+){{0,4}}?by\s+(?:the|"
        rf"{poss})\s+"
        r"(?:throat|neck)\b",
        rf"\b(?:got|gets|caught|catch\w*|seiz\w*|took|takes|had|has)\s+{victim}\s+(?:up\s+)?by\s+"
        r"the\s+(?:throat|neck)\b",
        rf"\b(?:hands?|fingers|forearm|arm|knee|belt|scarf|cord|cable)\s+(?:a?round|across|on|"
        rf"against|over)\s+{poss}\s+(?:throat|neck)",
        rf"\b(?:pillow|hand|bag|blanket)\s+over\s+{poss}\s+(?:face|mouth|nose)",
        rf"\b(?:held|holds?|holding|pushed|pushes|pushing)\s+{poss}\s+head\s+(?:under|below)",
    )


def _age(n: str) -> str:
    """A stated age: "I'm 15", "she is 15", "(15)", "a 15-year-old"."""
    return _any(
        rf"\b(?:i'?m|i am|im|he'?s|she'?s|is|turned|aged?)\s+(?:only\s+|just\s+)?{n}\b"
        r"(?!['\d.]\d)(?!\s*(?:foot|feet|ft|stone|kg|pounds|lbs|minutes|mins|hours|days|weeks|"
        r"months|years\s+(?:ago|since|together|married|in)))",
        rf"\(\s*{n}\s*\)",
        rf"\b{n}[- ]?(?:years?[- ]?old|yo|y/o)\b",
    )


def _dating_age(n: str) -> str:
    """An age tied to someone who could be dating: "my bf (24)", "he's 24", "a 24-year-old man"."""
    return _any(
        rf"\b(?:{_DATE}|he|she|who)(?:'s|\s+is|\s+was)\s+(?:only\s+|just\s+|apparently\s+|"
        rf"like\s+)?{n}\b(?!['\d.]\d)",
        rf"\b{_DATE}\s*\(\s*(?:he'?s\s+|she'?s\s+)?{n}\s*\)",
        rf"\b{n}[- ]?(?:years?[- ]?old|yo|y/o)\s+(?:\w+\s+)?{_DATE}\b",
    )


def _age_gap(minor: str, adult: str) -> str:
    """A minor's age and a possible partner's adult age close together, in either order."""
    near = r"[^\n]{0,120}?"
    return _any(f"(?:{_age(minor)}){near}(?:{_dating_age(adult)})",
                f"(?:{_dating_age(adult)}){near}(?:{_age(minor)})")


# The structural rows' patterns, from the word classes above.
_PET_CRUELTY = _by(_OTHER, _any(
    rf"{PET_SHUT_OUT}\s+{_PET}\s+{PET_OUTSIDE}",
    rf"(?:pick\w*\s+up|lift\w*|grabb?\w*)\s+{_PET}'?s?\s+(?:cage|hutch|tank|carrier|basket|bed)\s+and\s+"
    r"(?:held|hung|dangled|threw|shook|dropped|tipped)\s+it\b",
    rf"(?:held|hold\w*|dangl\w*|hung|hang\w*|push\w*|dunk\w*)\s+{_PET}(?:'?s?\s+(?:head|face))?\s+"
    r"(?:over|under|out\s+of|off|into)\b",
    rf"(?:have|get|getting|having)\s+{_PET}\s+(?:put\s+down|put\s+to\s+sleep|destroyed|killed|"
    rf"rehomed)",
    rf"(?:hid|hides|hide|hiding|withh[oe]ld\w*|binn?\w*|took\s+away|"
    rf"takes\s+away)\s+{_PET}'?s?\s+(?:food|water|"
    r"bowls?|dinner|meds|medicine|medication)",
    rf"tak\w*\s+{_PET}\s+(?:for\s+['\"]?a\s+(?:\w+\s+)?(?:drive|ride|walk)|away|"
    rf"to\s+the\s+(?:pound|shelter|"
    r"woods))"), gap=_NEAR)
_PET_NEGLECT = _any(
    _by(_OTHER, _any(
        rf"(?:stop(?:s|ped|ping)?|refus\w*\s+to|won'?t|doesn'?t|didn'?t|never|"
        rf"wouldn'?t)\s+(?:let\s+me\s+)?"
        rf"{PET_CARE}\s+{_PET}",
        rf"{_PET}\s+(?:\w+\s+){{0,3}}?(?:will|'ll|would|'d|can|could)\s+(?:\w+\s+)?(?:starve|"
        rf"go\s+hungry)"),
        gap=_NEAR),
    r"\b(?:not|n'?t|never)\s+allowed\s+to\s+(?:feed|walk|water|take|see|cuddle|stroke|pet)\s+"
    rf"{_PET}(?!\s+(?:treats|scraps|human|chocolate|from\s+the\s+table|at\s+the\s+table|after|"
    rf"before|"
    r"people\s+food|on\s+the\s+(?:sofa|bed|couch)))")
_BLOCKING = _any(
    _by(_OTHER, _any(
        rf"{BLOCK_ACT}\s+(?:[\w']+\s+){{0,4}}?(?:in\s+front\s+of|across|against|in|on|at|by|"
        rf"behind)\s+"
        rf"(?:the|my|our)\s+{EXIT}\b",
        rf"(?:{BLOCK_ACT}|pin\w*|hold\w*|held|jam\w*|wedg\w*)\s+(?:the|my|our)\s+{EXIT}\s+(?:shut|"
        rf"closed)",
        rf"block\w*\s+(?:the|my|our)\s+{EXIT}\b",
        r"(?:took|takes|taking|hid|hides|hiding|grabb?\w*|snatch\w*|pocket\w*|confiscat\w*)\s+(?:my|"
        r"the)\s+(?:car\s+|house\s+|front\s+door\s+)?(?:keys|phone|charger|sim(?:\s+card)?|shoes|"
        r"coat|boots|purse|wallet|passport|glasses)\b(?!\s+(?:number|case|to\s+take))",
        # cut off from anyone: "unplugs the router", "changed the wifi password"
        r"(?:unplug\w*|disconnect\w*|switch\w*\s+off|turn\w*\s+off|cut\w*\s+off|chang\w*|hid\w*|"
        r"hide|took|takes)\s+(?:the\s+)?(?:router|wifi|wi-fi|internet|broadband|modem)\b",
        r"lock\w*\s+(?:the|our|my)\s+(?:front\s+|back\s+|bedroom\s+)?doors?\b[^.!?]{0,40}?\b(?:keeps?|"
        r"kept|takes?|took|pockets?|hides?|hid)\s+the\s+keys?\b",
        r"(?:sits?|sat|sitting|kneel\w*|knelt|lies|lay|lying)\s+on\s+(?:top\s+of\s+)?me\b",
        r"won'?t\s+(?:move|budge|get\s+out\s+of\s+(?:the|my)\s+way|let\s+me\s+(?:past|by|through|"
        r"out|get\s+"
        r"(?:by|past|out)))"), gap=_NEAR),
    r"\b(?:so|and)\s+(?:that\s+)?i\s+(?:can'?t|couldn'?t|cannot)\s+(?:get\s+(?:by|past|out|up|away|"
    r"through|to\s+the\s+(?:door|car|stairs|phone))|leave|escape|go\s+anywhere)",
    rf"\b(?:with|and)\s+(?:him|her|them)\s+(?:block\w*|stand\w*|sitting|leaning)\s+(?:[\w']+\s+){{0,4}}?"
    rf"(?:the|my|our)\s+{EXIT}\b")


# --- rules -------------------------------------------------------------------------------

Row = tuple[str, str, str, bool, str]

ROWS: tuple[Row, ...] = (
    # --- violence against the writer ---
    (VIOLENCE, "strangulation", STRONG, CRISIS, _strangling("me", "my")),
    (VIOLENCE, "physical_violence", STRONG, False, _any(
        _blows("me", "my"),
        r"\b(?:is|was|been|being|gets?|got|getting|turned|turns)\s+(?:really\s+|so\s+|very\s+)?"
        r"(?:physically\s+)?(?:violent|abusive|physical)\b(?!\s+(?:film|movie|storm|game))",
        r"\bthings\s+(?:got|get|have\s+got|turned)\s+(?:a\s+(?:little|bit)\s+)?(?:physical|"
        r"violent)",
        r"\b(?:hurt|hurts|hurting)\s+me\s+physically|\bphysically\s+(?:hurt|hurts|hurting)\s+me",
        r"\bdomestic\s+(?:violence|abuse)|\b(?:i'?m|i am)\s+(?:being\s+)?(?:abused|beaten)",
    )),
    # the marks strangling leaves, told of the writer or someone they know
    (VIOLENCE, "strangulation", STRONG, CRISIS, _any(
        r"\b(?:finger[- ]?(?:shaped\s+)?(?:marks|bruises)|hand\s?prints?|thumb\s?prints?)\s+"
        r"(?:[\w']+\s+){0,2}?(?:on|around|round|across)\s+(?:my|her|his|their)\s+(?:neck|throat)",
        r"\b(?:bruis\w*|marks)\s+(?:[\w']+\s+){0,2}?(?:on|around|round|across)\s+(?:my|her|his|"
        r"their)\s+(?:neck|throat)\s+(?:[\w']+\s+){0,3}?(?:shaped\s+like|like|from|in\s+the\s+shape\s+"
        r"of)\s+(?:\w+\s+)?(?:fingers|hands?|thumbs?)",
    )),
    (VIOLENCE, "physical_violence", STRONG, False, _by(_OTHER,
     r"(?:bit|bites|biting|pinch\w*|twist\w*|nip\w*)\s+(?:and\s+\w+\s+)?(?:me|my\s+(?:skin|arms?|"
     r"legs?|"
     r"hands?|face|neck|thighs?|sides?|fingers?|ear|lip)|"
     r"the\s+skin\s+on\s+my\s+\w+)\b[^.!?]{0,40}?\b(?:hard|"
     r"until|till|bled|bleed|bruis\w*|no\s+one|nobody|when|during|in\s+front|marks?)", gap=_NEAR)),
    (VIOLENCE, "physical_violence", STRONG, False, _by(_OTHER, _any(
        # an injury given: "my husband gave me a black eye at New Year"
        r"(?:gave|gives|give|left)\s+me\s+(?:a\s+|two\s+)?(?:black\s+eyes?|fat\s+lip|split\s+lip|"
        r"bloody\s+nose|broken\s+(?:nose|ribs?|tooth|finger|wrist|arm)|concussion|bruises|a\s+bruise)",
        # held back when the person tries to get up or away
        r"(?:grab|grip|yank|seiz|clutch)\w*\s+(?:me|my\s+(?:arms?|wrists?|shoulders?|hair|collar|"
        r"jumper|shirt|top|coat|sleeve))\s+(?:[\w']+\s+){0,2}?(?:when(?:ever)?|every\s+time|as|if)\s+"
        r"i\s+(?:try|tried|trying|go|went|get|got|stand|stood|walk|walked|start|turn|move|"
        r"moved)\b"), gap=_NEAR)),
    (VIOLENCE, "physical_violence", WEAK, False, _any(
        r"\b(?:hurt|hurts|hurting)\s+me\b(?!\s+(?:that|when|to|by|so\s+much|deeply|emotionally)\b)",
        r"\b(?:gets?|getting|got)\s+(?:a\s+bit\s+|a\s+little\s+|really\s+|too\s+)?rough\b",
        r"\b(?:knock\w*|push\w*|throw\w*|threw)\s+me\s+(?:around|about)\b",
    )),
    (VIOLENCE, "injury", WEAK, False, _any(
        r"\b(?:left|leaving|leaves|leave)\s+(?:a\s+)?(?:marks?|bruises?|welts?)",
        r"\bfinger[- ]?(?:shaped\s+)?(?:marks|bruises)|\bblack\s+eye",
        r"\bsplit\s+(?:my|her|his)\s+lip",
        r"\b(?:cover|hide|hid|conceal)\w*\s+(?:the\s+|a\s+|my\s+)?bruis\w*",
    )),
    (VIOLENCE, "help_seeking", STRONG, False, _any(
        r"\b(?:number|place|room)\s+(?:for|at)\s+a\s+(?:women'?s\s+)?(?:shelter|refuge)",
        r"\b(?:at|to|in)\s+a\s+(?:women'?s\s+|domestic\s+violence\s+)?(?:shelter|refuge)\b",
        r"\b(?:restraining|protective|protection)\s+order",
    )),
    (VIOLENCE, "weapon_threat", STRONG, CRISIS, _any(
        rf"\b{_WEAPON}\b[^.!?]{{0,80}}?\b(?:when(?:ever)?\s+we\s+(?:argue|fight|row|disagree)|"
        r"during\s+(?:our\s+|an\s+|the\s+|every\s+)?(?:arguments?|fights?|rows?)|while\s+(?:we\s+)?"
        r"(?:argued|argue|fought|fight)|(?:at|on|against)\s+(?:me\b|my\s+\w+)|mentions?\s+it|"
        r"mentioned\s+it|brings?\s+it\s+up|taps?\s+the\s+blade|(?:every\s+time|whenever)\s+i\s+"
        r"(?:mention|talk\s+about|try)\s+(?:leaving|to\s+leave))",
        # brought out in every row: "every time we argue she gets the baseball bat"
        r"\b(?:when(?:ever)?|every\s+(?:single\s+)?time|each\s+time|after|during)\s+(?:we|i)\s+"
        r"(?:argue|fight|row|fall\s+out|disagree|have\s+(?:a\s+)?(?:row|fight|argument))\w*"
        r"[^.!?]{0,80}?\b(?:gets?|got|grabs?|grabbed|fetch\w*|takes?\s+out|took\s+out|brings?\s+"
        r"out|brought\s+out|picks?\s+up|picked\s+up)\s+(?:the|his|her|a)\s+(?:\w+\s+)?"
        rf"{_WEAPON}\b",
        rf"\b(?:came|comes|coming|went|lunged|charged|ran)\s+at\s+(?:me|him|her)\s+with\s+"
        rf"(?:(?:a|an|the|his|her|some)\s+)?(?:\w+\s+)?{_WEAPON}\b",
        # arriving at someone's door armed: "turned up at our door with a cricket bat"
        r"\b(?:turn(?:s|ed|ing)?|show(?:s|ed|ing)?)\s+up\s+(?:at|outside|on)\s+(?:my|our|her|his|"
        r"their|"
        r"the|\w+'s)\s+(?:\w+\s+)?(?:door|doorstep|house|home|flat|place|work|window)\s+"
        rf"(?:with|carrying|holding|waving)\s+(?:(?:a|an|the|his|her|"
        rf"some)\s+)?(?:\w+\s+)?{_WEAPON}\b",
        r"\b(?:smash\w*|broke|break\w*)\s+(?:a|the)\s+(?:bottle|glass)\b[^.!?]{0,60}?\b(?:at|to|"
        r"against)\s+(?:me\b|my\s+(?:face|throat|neck))",
        rf"\bpull\w*\s+(?:a|an|the|his|her)\s+(?:\w+\s+)?{_WEAPON}\s+on\s+(?:me|him|her)\b",
        rf"\bthreaten\w*\s+(?:\w+\s+){{0,4}}?with\s+(?:a|an|the|his|her)\s+(?:\w+\s+)?{_WEAPON}\b",
        rf"\b(?:held|holding|pointed|pointing|waved|waving)\s+(?:a|an|the|his|her)\s+(?:\w+\s+)?"
        rf"{_WEAPON}\s+(?:at|to|against|on|in\s+(?:my|his|her)\s+face)\b",
        rf"\b{_WEAPON}\s+(?:to|against|at)\s+(?:my|his|her)\s+(?:own\s+)?(?:throat|neck|head|"
        rf"chest)",
        # "held the screwdriver right up to my eye", "pressed a blade against her ribs"
        rf"\b(?:put|puts|putting|pressed|presses|pressing|pushed|jabbed|holds|held|holding|pointed|"
        rf"pointing)\s+(?:a|an|the|his|her)\s+(?:\w+\s+)?{_WEAPON}\s+(?:(?:right|up|close|really)\s+)"
        r"{0,3}(?:to|against|at|into|in)\s+(?:my|his|her|their)\s+(?:own\s+)?(?:throat|neck|head|"
        r"chest|face|eyes?|temple|cheek|stomach|belly|ribs|back|side|skin|wrist)\b",
    )),
    (VIOLENCE, "weapon_threat", STRONG, CRISIS,
     _by(_OTHER, rf"(?:shoot|stab)\s+(?:me|you)\b{_NOT_HARM}", gap=_NEAR)),
    # Threats to kill are crisis (a marker of lethal danger); server/safety/lexicon.py tells a
    # reported threat ("he said he'll kill me if I leave") from the writer's idiom ("my wife
    # is going to kill me when she sees the bill") and from talk over a trifle.
    (VIOLENCE, "threat_to_kill", STRONG, CRISIS,
     _by(_OTHER, _killing(r"(?:me|you|u)", r"(?:my|your)"), gap=_NEAR)),
    # (the threat may come after its condition: "he told me that if I ever ... I won't live")
    (VIOLENCE, "threat_to_kill", STRONG, CRISIS,
     rf"{_SAYS}[^.!?]{{0,90}}?\b(?P<act>{_DEATH})"),
    (VIOLENCE, "threat_to_kill", STRONG, CRISIS, _any(
        r"\bput\s+me\s+in\s+(?:the\s+)?(?:ground|grave|a\s+box)|\bsix\s+feet\s+under",
        r"\bbreak\s+my\s+neck",
        r"\b(?:nobody|no\s+one|no-one)\s+(?:would|will|'?d|'?ll)\s+(?:ever\s+)?(?:find\s+(?:me|"
        r"my\s+body)|come\s+looking)",
        r"\bwith\s+(?:me|us|all\s+of\s+us|the\s+kids|the\s+children|you)\s+(?:still\s+)?(?:inside|"
        r"in\s+it)"
        r"|\b(?:leave|leaving|get\s+out)\s+(?:\w+\s+){0,2}alive\b",
        r"\bmake\s+it\s+look\s+like\s+(?:an?\s+)?(?:\w+\s+)?(?:accident|suicide|you\s+did\s+it)",
        # the negation is the threat: "nobody leaves him alive" (negation is judged before `act`)
        r"\b(?P<act>(?:nobody|no\s+one|no-one)\s+(?:leaves|walks\s+away\s+from|"
        r"gets\s+away\s+from)\s+"
        r"(?:me|him|her|them)\s+alive)\b",
        r"\bget\s+rid\s+of\s+me|\b(?:throw|pour)\s+acid",
        r"\bwhat\s+happens\s+to\s+(?:people|women|men|girls|anyone|those)\s+who\s+(?:leave|"
        r"cross|betray|lie\s+to|walk\s+out\s+on)",
        r"\b(?:afraid|scared|terrified|frightened|fear)\s+(?:for\s+my\s+life|(?:that\s+)?(?:he|she|"
        rf"they|(?:my\s+)?{PARTNER})(?:(?:'s|\s+is|'re|\s+are)\s+(?:going\s+to|gonna)|'ll|\s+will|"
        r"\s+might|\s+could|\s+would|'d|\s+gonna)\s+(?:actually\s+|really\s+|one\s+day\s+)?"
        r"(?:kill|murder)\s+me)",
    )),
    (VIOLENCE, "threat_to_kill", STRONG, False,
     _by(_OTHER,
         r"(?:cut|burn)\s+me\b(?!\s+(?:off|out|up|some|a\s+slice|a\s+piece)\b)",
         r"deal\s+with\s+me\b",
         r"make\s+(?:me|sure\s+i)\s+regret",
         r"(?:come|coming)\s+(?:and\s+)?(?:get|find)\s+me\b[^.!?]{0,30}?\b(?:i|"
         r"you)\s+won'?t\s+like",
         r"(?:i'?d|i\s+would|you'?re|i'?m|you'?ll)\s+(?:be\s+)?next\b",
         gap=_NEAR)),
    (VIOLENCE, "threat_to_kill", STRONG, False, _any(
        r"\bput\s+me\s+in\s+(?:the\s+)?hospital",
        r"\bbreak\s+(?:both\s+)?my\s+(?:legs?|arms?|jaw|face)",
        r"\b(?:u|you)(?:'?re|\s+are|\s+r)?\s+(?:going\s+to|gonna)\s+regret\s+(?:this|it)",
    )),
    (VIOLENCE, "fear_of_partner", STRONG, False, _any(
        rf"\b(?:afraid|scared|terrified|frightened|fearful|petrified)\s+(?:of\s+)?what\s+(?:he|"
        rf"she|they|"
        rf"(?:my|your|ur)\s+{PARTNER})(?:'ll|'d|\s+will|\s+would|\s+might|\s+could|\s+may)?\s+"
        r"(?:do|does|did|happens)",
        rf"\b(?:afraid|scared|terrified|frightened)\s+of\s+(?:him|her|them|(?:my|your|ur)\s+"
        rf"{PARTNER})\b(?!\s+(?:leaving|losing|going|being|getting|cheating|finding|not|moving|"
        r"breaking|dying)\b)(?!'s\s+(?:parents|family|mum|mom|dad))",
        r"\b(?:afraid|scared|terrified|frightened)\s+to\s+go\s+home",
        r"\b(?:don'?t|do\s+not|no\s+longer)\s+feel\s+safe\s+(?:at\s+home|around|with|in\s+(?:my|our"
        r"|the)\s+(?:own\s+)?(?:home|house|flat|bed))",
        r"\bso\s+(?:he|she|they)\s+(?:won'?t|doesn'?t|does\s+not|will\s+not|wouldn'?t|don'?t)\s+"
        r"(?:explode|blow\s+up|snap|lose\s+it|kick\s+off|go\s+off|get\s+(?:angry|mad|violent|rough|"
        r"physical)|hit\s+me|hurt\s+me)",
        r"\b(?:or|before)\s+(?:it|things|he|she)\s+(?:gets?|turns?)\s+(?:physical|violent)",
    )),
    (VIOLENCE, "fear_of_partner", STRONG, False, _any(
        rf"\b(?:live|lives|living)\s+in\s+(?:constant\s+)?fear\s+of\s+(?:him|her|them|his|their|"
        rf"(?:my|your)\s+{PARTNER})",
        rf"\b(?:his|her|their|(?:my|your)\s+{PARTNER}'s)\s+(?:moods?|temper|anger|rage|outbursts|"
        r"reactions?)\s+(?:really\s+|honestly\s+|genuinely\s+)?(?:scares?|frightens?|"
        r"terrif\w+)\s+me",
        rf"\b(?:scared|afraid|terrified|frightened|petrified)\s+of\s+(?:his|her|their|(?:my|"
        rf"your)\s+"
        rf"{PARTNER}'s)\s+(?:moods?|temper|anger|rage|outbursts|reactions?)\b",
        rf"\b(?:fear|dread|petrified\s+of)\s+what\s+(?:he|she|they|(?:my|your|ur)\s+{PARTNER})"
        r"(?:'ll|'d|\s+will|\s+would|\s+might|\s+could|\s+may)?\s+(?:do|does|did)\b",
        rf"\b(?:scared|afraid|terrified|frightened|petrified)\s+(?:that\s+)?(?:he|she|they|(?:my|"
        rf"your)\s+"
        rf"{PARTNER})(?:'ll|'d|\s+will|\s+would|\s+might|\s+could|'s\s+going\s+to|"
        rf"\s+is\s+going\s+to)"
        r"\s+(?:\w+\s+)?(?:hit|hurt|beat|attack|punish|strangle|choke|slap|smack)\s+me\b",
        r"\b(?:don'?t|do\s+not|doesn'?t|does\s+not)\s+know\s+what\s+(?:he|she|they)(?:'d|'ll|"
        r"\s+would|"
        r"\s+will|\s+might)\s+do\s+to\s+(?:me|her|him)\b",
        # someone the writer knows, afraid of their partner: "my brother is scared of his wife"
        rf"\b(?:scared|afraid|terrified|frightened|petrified)\s+of\s+(?:his|her|"
        rf"their)\s+(?:own\s+)?"
        rf"{PARTNER}\b(?!\s+(?:leaving|losing|going|being|getting|cheating|finding|not|moving|"
        r"breaking|dying)\b)(?!'s\s+(?:parents|family|mum|mom|dad))",
    )),
    # Fear of how the partner will react, or of telling them: raised to strong by
    # server/safety/lexicon.py when it answers the person's own words or plans, or anger.
    (VIOLENCE, "fear_of_partner", WEAK, False, rf"(?P<reaction>{_FEAR_OF_REACTION})"),
    (VIOLENCE, "fear_of_partner", STRONG, False, _any(
        r"\bin\s+case\s+(?:he|she|they)\s+(?:\w+\s+)?(?:flips|kicks\s+off|explodes|loses\s+it|"
        r"goes\s+off|"
        r"blows\s+up|snaps|gets\s+(?:angry|mad|violent|nasty|rough)|goes\s+(?:mad|ballistic|"
        r"crazy))",
        r"\bin\s+case\s+i\s+(?:need|have)\s+to\s+(?:leave|run|get\s+out|"
        r"escape)\s+(?:really\s+)?(?:quickly|"
        r"fast|in\s+a\s+hurry|in\s+the\s+night|suddenly)",
    )),
    (VIOLENCE, "fear_of_partner", STRONG, False, _any(
        # no refusal possible for fear of what follows: "i cannot say no to him ... bc of what
        # the next few days will look like"
        rf"\b(?:can'?t|cannot|daren'?t|never|don'?t)\s+(?:\w+\s+)?(?:say\s+no|refuse|disagree|argue|"
        rf"push\s+back)\b(?!\s+(?:with|to)\s+(?:my|our)\s+(?!{PARTNER}))[^.!?]{{0,50}}?\b(?:because|"
        r"bc|cos|coz|cause|'cause)\s+of\s+what\s+(?:happens(?!\s+to\b)|"
        r"comes|follows|will\s+happen|it'?(?:ll|d)\s+be\s+like|the\s+next|(?:he|she|they)(?:'ll|\s+will|"
        r"'d|\s+would|\s+might)\s+do)",
        # flinching at the partner: "she flinches when her boyfriend raises his voice"
        rf"\bflinch\w*\s+(?:\w+\s+){{0,2}}?(?:when(?:ever)?|every\s+time|if|as)\s+(?:he|she|they|(?:her|"
        rf"his|my|their)\s+{PARTNER})\b",
        r"\b(?:delet|hid|hide|clear|wip|eras)\w*\s+(?:[\w']+\s+){0,3}?(?:this\s+(?:app|chat|site|"
        r"page|conversation)|the\s+(?:app|chat)|my\s+(?:browser\s+|search\s+|call\s+)?history|"
        r"(?:the|my)\s+(?:messages|texts|receipts|number))\b[^.!?]{0,40}?\bso\s+(?:that\s+)?(?:he|she|"
        r"they)\s+(?:won'?t|doesn'?t|can'?t|wouldn'?t|never|does\s+not|will\s+not|cannot)\s+(?:\w+\s+)?"
        r"(?:see|find|know|check|read|notice)",
    )),
    # a way out kept ready elsewhere, "just in case": clothes or papers (a safety plan) are a
    # disclosure, cash alone a check-in
    (VIOLENCE, "fear_of_partner", STRONG, False,
     r"\b(?:keep|kept|keeping|hid|hide|hiding|stash\w*|pack\w*|left|leave)\s+(?:a\s+|some\s+)?(?:spare\s+)?"
     r"(?:(?:set\s+of\s+)?clothes|bag|passport|documents|copies)\b[^.!?]{0,40}?\bat\s+(?:my|a)\s+"
     r"(?:\w+'s|friend|sister|mum|mom|neighbou?r|work|office)\b[^.!?]{0,30}?\b(?:just\s+)?in\s+case\b(?!\s+(?:i|we|of|the|it|there|my|you|they|he|she)\b)"),
    (VIOLENCE, "fear_of_partner", WEAK, False, _any(
        r"\b(?:keep|kept|keeping|hid|hide|hiding|stash\w*|pack\w*|left|leave)\s+(?:a\s+|some\s+)?"
        r"(?:spare\s+)?(?:cash|money)\b[^.!?]{0,40}?"
        r"\bat\s+(?:my|a)\s+(?:\w+'s|friend|sister|mum|mom|neighbou?r|work|office)\b[^.!?]{0,30}?"
        r"\b(?:just\s+)?in\s+case\b(?!\s+(?:i|we|of|the|it|there|my|you|they|he|she)\b)",
        r"\bwalk(?:ing|s)?\s+on\s+eggshells",
        rf"\btip-?toe\w*\s+around\s+(?:him|her|them|(?:my\s+)?{PARTNER}\b|(?:his|her|their)\s+"
        r"(?:moods?|temper|anger|feelings))",
        # "without" belongs to the phrase here: "how do I ask without setting him off"
        r"\b(?:without\s+)?(?:set|sets|setting)\s+(?:him|her|them)\s+off\b",
        # appeasing: "help me write something so he calms down"
        r"\bso\s+(?:he|she|they)(?:'s|\s+is|'ll|\s+will)?\s+(?:calms?\s+down|(?:not|no\s+longer|"
        r"isn'?t)\s+(?:mad|angry|furious)\s+any\s?more|stops?\s+being\s+(?:mad|angry|furious))",
        r"\bwithout\s+(?:him|her|them)\s+(?:getting|going|flying)\s+(?:mad|angry|furious|off)",
        r"\b(?:gets?|getting|can\s+be|is|'s)\s+(?:really\s+|so\s+|pretty\s+|kind\s+of\s+)?"
        r"(?:scary|frightening|terrifying|dangerous)\b",
        r"\b(?:he|she|they)\s+(?:really\s+)?(?:scares|frightens|terrifies)\s+me",
        # flinching, but not a partner's at the writer's own touch ("he flinches when i reach
        # over" asks what it means; it tells no fear of the partner)
        r"\b(?:i(?:'ve|\s+have)?\s+(?:\w+\s+){0,2}?flinch\w*|makes?\s+me\s+flinch)\b|"
        r"\bflinch(?:es|ed|ing)?\b(?![^.!?]{0,30}?\b(?:when(?:ever)?|if|as|every\s+time)\s+i\b)|"
        r"\bdon'?t\s+feel\s+safe\b|\bscared\s+of\s+(?:u|you)r?\s+partner",
        r"\block(?:ed)?\s+myself\s+in\s+(?:the\s+)?(?:bathroom|bedroom|car|room)",
    )),
    # Violence against things: server/safety/lexicon.py judges who did it (the partner, not the
    # writer or a toddler) and raises it to strong with anger, fear, a habit, or the person's
    # own words or plans around it ("he smashed my phone because I texted my sister").
    (VIOLENCE, "intimidation", WEAK, False, _OBJECT_VIOLENCE),
    (VIOLENCE, "intimidation", WEAK, False, _TAKEN_OUT),
    (VIOLENCE, "intimidation", WEAK, False, _RUINED),
    # aimed at the writer; a body looming over them is judged like violence against things
    (VIOLENCE, "intimidation", WEAK, False, r"(?P<looming>\b(?:stood|stands|standing|stand|looming|"
     r"looms|loomed|towering|towers|towered|lean(?:s|ed|ing)?)\s+(?:really\s+|right\s+|so\s+)?"
     r"(?:close\s+)?over\s+me|\b(?:gets?|got|getting|"
     r"right)\s+(?:right\s+)?(?:up\s+)?in\s+my\s+face|"
     r"\bnose\s+to\s+nose|\bjabb?\w*\s+(?:his|her|their|a)\s+finger\s+(?:in|into|"
     r"at)\s+my\s+(?:face|"
     r"chest)|\bcorner(?:s|ed|ing)?\s+me|\bback(?:s|ed|ing)?\s+me\s+(?:into|up\s+against|against)|"
     r"\binches\s+from\s+my\s+face|\b(?:right\s+)?(?:up\s+)?close\s+to\s+my\s+face|"
     # following close through the home: "follows me from room to room", "right on my heels"
     r"\b(?:follow|trail|shadow|chas)(?:s|es|ed|ing|e)?\s+me\s+(?:(?:really|right|so|very)\s+)*(?:close\s+"
     r"behind|from\s+room\s+to\s+room|room\s+to\s+room|into\s+(?:the|every)\s+(?:bathroom|"
     r"bedroom|toilet|room)|up\s+the\s+stairs|on\s+my\s+heels)|\bright\s+on\s+my\s+heels)\b"),
    # damage traced to the partner's body: "a dent in the fridge the shape of his boot"; things
    # that "get broken" after every row, told without a doer
    (VIOLENCE, "intimidation", STRONG, False, _any(
        r"\b(?:fist|boot|foot|knuckle)[- ]?(?:sized|shaped)\s+(?:holes?|dents?|cracks?)\b",
        # repairs owed to a temper: "we need a new door every year because of his temper"
        rf"\b(?:new|replac\w*|fix\w*|repair\w*|patch\w*)\s+(?:\w+\s+){{0,2}}?{_THING}\b[^.!?]{{0,40}}?\b"
        r"(?:because\s+of|from|after|thanks\s+to)\s+(?:his|her|their)\s+(?:temper|rage|anger|fists?|"
        r"outbursts|tantrums)\b",
        r"\b(?:every\s+time|whenever|each\s+time|after)\s+(?:we|he|she|they)\s+(?:argue|fight|row|"
        r"fall\s+out|disagree|gets?\s+(?:angry|mad|drunk)|loses?\s+(?:it|(?:his|her|their)\s+temper))"
        r"[^.!?]{0,40}?\b(?:something|things|stuff)\s+(?:of\s+mine\s+)?(?:gets?|got|is|are|ends?\s+up)\s+"
        r"(?:\w+\s+)?(?:destroyed|broken|smashed|wrecked|ruined|thrown)\b",
        r"\bsomething\s+of\s+mine\s+(?:is|gets?|ends?\s+up)\s+(?:\w+\s+)?(?:broken|smashed|destroyed|"
        r"ruined|cut\s+up|ripped)\b",
        rf"\b(?:holes?|dents?|cracks?)\s+(?:right\s+)?(?:in|into|through|on)\s+(?:the|our|my|a|"
        rf"their)\s+(?:\w+\s+)?{_THING}\b[^.!?]{{0,60}}?\b(?:his|her|their)\s+(?:fists?|boots?|"
        r"foot|feet|knuckles|head)\b",
        rf"\b{_THING}\s+(?:has|had|still\s+has)\s+(?:a|an|two|three|several)\s+(?:\w+\s+)?(?:holes?|"
        r"dents?|cracks?)\b[^.!?]{0,60}?\b(?:his|her|their)\s+(?:fists?|boots?|foot|feet|knuckles|"
        r"head)\b",
    )),
    # a belonging of the writer's ruined on purpose (DELIBERATE_RUIN): strong if the partner did it
    (VIOLENCE, "intimidation", WEAK, False, rf"(?P<deliberate>{_DELIBERATE})"),
    (VIOLENCE, "intimidation", WEAK, False, rf"(?P<deliberate>{_DELIBERATE_THEM})"),
    (VIOLENCE, "intimidation", WEAK, False, rf"(?P<deliberate>{_STAMPED_ON})"),
    (VIOLENCE, "intimidation", WEAK, False, rf"(?P<deliberate>{_CUT_OFF})"),
    (VIOLENCE, "intimidation", WEAK, False, rf"(?P<deliberate>{_DISPOSED})"),
    # a pet shut out, held over a drop or taken away (PET_SHUT_OUT...), or its care withheld
    # (PET_CARE): strong with what makes it cruel (PET_HARSH) or the person's own plans
    (VIOLENCE, "harm_to_pet", WEAK, False, rf"(?P<pet>{_PET_CRUELTY})"),
    (VIOLENCE, "harm_to_pet", WEAK, False, rf"(?P<petcare>{_PET_NEGLECT})"),
    (VIOLENCE, "harm_to_pet", STRONG, False, _by(_OTHER, _any(
        rf"(?:boot|punt|shot|shoot|drop-?kick|fling|flung|hurl|stamp\w*\s+on|"
        rf"stomp\w*\s+on)\w*\s+{_PET}",
        rf"spray\w*\s+{_PET}\s+with\s+(?:\w+\s+)?{PET_POISON}",
        rf"(?:pour\w*|put\w*|tip\w*|sprinkl\w*|add\w*|"
        rf"mix\w*)\s+(?:\w+\s+){{0,2}}?{PET_POISON}\s+(?:in|into|"
        rf"on)\s+(?:{_PET}|(?:my|the|our|her|his)\s+(?:\w+'?s\s+)?(?:fish\s+tank|tank|aquarium|"
        rf"hutch|cage|"
        r"(?:water|food)\s+bowl|bowl|water|food))"), gap=_NEAR)),
    # fear told through the body (BODY_FEAR) as the partner comes home or calls
    (VIOLENCE, "fear_of_partner", WEAK, False,
     rf"(?P<body>{BODY_FEAR}[^.!?]{{0,60}}?{PARTNER_COMING}"
     rf"|{PARTNER_COMING}[^.!?]{{0,60}}?{BODY_FEAR}|{BODY_FEAR_SAID}[^.!?]{{0,60}}?\b(?:him|her|"
     rf"them|he|she|they|"
     rf"{PARTNER})\b|\b(?:ask|tell|face|see)\w*\s+(?:him|her|"
     rf"them)\b[^.!?]{{0,40}}?{BODY_FEAR_SAID})"),
    # fear of the partner finding out about the person's own life (SECRET_LIFE)
    (VIOLENCE, "fear_of_partner", WEAK, False,
     rf"(?P<finding>\b(?:scared|afraid|terrified|frightened|"
     rf"petrified|panick\w*|dread\w*)\s+(?:that\s+)?(?:he|she|they|(?:my\s+)?{PARTNER})(?:'ll|'d|"
     rf"\s+will|"
     r"\s+would|\s+might|\s+could|'s\s+going\s+to|\s+is\s+going\s+to|\s+is\s+gonna)?\s+(?:\w+\s+)?"
     r"(?:find|finds|found)\s+out|\b(?:scared|afraid|terrified|frightened|"
     r"petrified)\s+of\s+(?:him|her|"
     rf"them|(?:my\s+)?{PARTNER})\s+(?:finding|seeing|reading|catching|hearing|checking|"
     rf"discovering))"),
    # paying for it later: a punishment the person expects
    (VIOLENCE, "fear_of_partner", WEAK, False,
     r"(?P<payback>\bi(?:'ll|\s+will|'d|\s+would|'m\s+going\s+"
     r"to|\s+am\s+going\s+to)\s+(?:\w+\s+)?pay\s+for\s+(?:it|that|this)|\bmake\s+me\s+pay\b|"
     r"\bpunish(?:es|ed|ing)?\s+me\b|\b(?:be|get|getting|being)\s+punished\b)"),
    (VIOLENCE, "intimidation", WEAK, False, _any(
        r"\b(?:raised|raises|raising|clench\w*)\s+(?:his|her|their|a)\s+(?:fists?|hand)\s+"
        r"(?:at|to)\s+me",
        r"\b(?:scream\w*|yell\w*|shout\w*)\s+(?:in|into)\s+my\s+face",
        r"\bto\s+(?:scare|frighten|intimidate)\s+me\b|\bthreaten(?:ed|s|ing)?\s+me\b",
    )),
    (VIOLENCE, "harm_to_pet", STRONG, False, _any(
        rf"\b(?:kick|hurt|kill|punch|threw|throw|hit|strangl|drown|stab|slap|smack|whack|beat|"
        rf"shak|shook|chok|starv|poison|yank|dragg?|squeez|hurl|flung|fling|chuck|swung|swing|"
        rf"(?:stamp|stomp|stood|step)\w*\s+on)\w*\s+{_PET}(?!\s+(?:a|an|some|the|his|"
        rf"her)\s+(?:ball|"
        r"stick|treat|bone|toy|frisbee|chew))",
        rf"\bgrabb?\w*\s+{_PET}\s+by\s+(?:the|its|his|her)\s+(?:scruff|neck|tail|collar|ears?|"
        r"throat|legs?)",
        rf"\b(?:rough|violent|cruel)\s+with\s+{_PET}|\btak\w*\s+it\s+out\s+on\s+{_PET}",
        rf"\b(?:threaten\w*\s+to|says?\s+(?:he|she|they)'?(?:ll|d)|(?:he|she|they)'?(?:ll|d)|will|"
        rf"would|going\s+to|gonna)\s+(?:\w+\s+)?(?:hurt|kill|drown|poison|get\s+rid\s+of|dump|"
        rf"give\s+away|put\s+down|(?:set|throw)\s+\w+\s+out)\s+{_PET}",
        rf"\b(?:it'?(?:ll|d)|it\s+(?:will|would))\s+be\s+{_PET}\s+next",
        # scruff and tail are an animal's: "he'll grab him by the scruff and shake him"
        r"\b(?:grab|pick|lift|held|hold|drag|haul|yank|shak|shook|swung|swing|dangl)\w*\s+(?:him|her|"
        r"it|them)\s+(?:up\s+)?by\s+(?:the|its|his|her)\s+(?:scruff|tail)\b",
        rf"\b(?:pick|lift|hold|held|hang|hung|swing|swung|dangl)\w*\s+{_PET}\s+up\s+by\s+(?:the|its|"
        r"his|her)\s+(?:tail|ears?|neck|legs?|throat)\b",
        rf"{_SAYS}{_NEAR}{_PET}\s+['\"]?(?:will|'ll|would|'d|might|is\s+going\s+to|could)\s+['\"]?"
        r"(?:have\s+an?\s+(?:\w+\s+)?accident|go\s+missing|disappear|get\s+hurt|not\s+make\s+it|"
        r"be\s+next|end\s+up\s+(?:in\s+(?:the|a)\s+\w+|dead|hurt|gone)|be\s+(?:gone|dead|put\s+down|"
        r"dumped))",
        # a pet gone right after the person's words: "the cat went missing the day after I told him"
        rf"\b{_PET}\s+(?:went|has\s+gone|had\s+gone|goes|disappeared|vanished)(?:\s+missing)?\s+"
        r"(?:[\w']+\s+){0,3}?(?:after|when|since)\s+i\s+(?:told|said|mentioned|asked|brought\s+up|"
        r"suggested)\b",
        rf"{_SAYS}\s+to\s+(?:[\w']+\s+){{0,6}}?{_PET}[^.!?]{{0,40}}?\b(?:put\s+down|put\s+to\s+sleep|"
        r"destroyed|killed|drowned|dumped|rehomed|given\s+away)",
        rf"\b(?:pick\w*\s+up|lift\w*|held|hold\w*|swung|swing\w*|dangl\w*)\s+{_PET}\s+by\s+(?:the|"
        rf"its|"
        r"his|her)\s+(?:scruff|neck|tail|collar|ears?|throat|legs?)",
        # a threat told of: "he said if I go the dog won't be here when I get back"
        rf"{_SAYS}{_NEAR}{_PET}\s+['\"]?(?:won'?t|will\s+not|wouldn'?t|isn'?t\s+going\s+to)\s+be\s+"
        r"(?:here|there|around|alive|waiting)\b",
    )),
    # what the partner does to a pet that a writer may do kindly ("I pushed the dog off the bed")
    (VIOLENCE, "harm_to_pet", STRONG, False, _by(_OTHER, _any(
        rf"(?:shov|push|flush|drag)\w*\s+{_PET}",
        rf"(?:put|puts|putting|threw|throws)\s+{_PET}\s+(?:down|in|into)\s+the\s+(?:toilet|bin|"
        rf"drain|"
        r"river|canal|sink|bath|freezer|wheelie\s+bin)",
    ))),
    # --- fear shown by what the person does to keep the peace (safety round 10) ---
    (VIOLENCE, "fear_of_partner", STRONG, False, _any(
        # hiding a thing of their own life so the partner's reaction never comes
        r"\b(?:hid(?:e|es|ing)?|hidden|secret|stash\w*|delet\w*|in\s+cash|sneak\w*)\b[^.!?]{0,80}?"
        rf"\bso\s+(?:that\s+)?(?:he|she|they|(?:my\s+)?{PARTNER})\s+(?:doesn'?t|don'?t|won'?t|"
        r"wouldn'?t|can'?t|never)\s+(?:\w+\s+)?(?:see|find|know|notice|check)\w*\b[^\n]{0,120}?"
        r"\b(?:scene|row|kick\w*\s+off|explod\w*|angry|mad|furious|lose\s+it|loses\s+it|"
        r"blow\w*\s+up|go\s+off|goes\s+off|trouble|mood|temper|punish\w*)",
        r"\bnever\s+know\s+(?:which|what)\s+(?:version|side|mood)\s+of\s+(?:him|her|them)\b",
        r"\bnever\s+know\s+which\s+(?:him|her)\s+(?:i'?ll|i\s+will|i'?m\s+going\s+to)\s+get\b",
        r"\bplan\w*\s+(?:my|our|the)\s+(?:whole\s+|entire\s+)?(?:day|days|week|weekends?|life|"
        r"evenings?|mornings?)\s+around\s+(?:his|her|their)\s+(?:moods?|temper)\b",
        r"\bwaiting\s+for\s+the\s+next\s+(?:blow-?up|explosion|outburst|eruption|meltdown)\b",
        r"\bpretend\w*\s+(?:to\s+be|i'?m)\s+asleep\s+when\s+(?:he|she|they)\s+(?:comes?|gets?|"
        r"came|got)\s+(?:in|home|back|up)",
        r"\b(?:rehears\w*|practi[sc]\w*)\b[^.!?]{0,100}?\b(?:so\s+(?:that\s+)?i\s+(?:don'?t|"
        r"won'?t)\s+(?:say|do)\s+(?:anything|something)\s+wrong|before\s+(?:i\s+)?(?:talk|speak|"
        r"go\s+in|go\s+home|see)\b[^.!?]{0,40}?\b(?:him|her|them))",
        r"\bask\w*\s+(?:for\s+)?(?:his|her|their)?\s*permission\s+(?:before|to)\s+(?:i\s+)?"
        r"(?:turn\w*|go|buy|see|use|eat|wear|leave|spend|put|have|watch|call|text)\b",
        r"\btext\w*\s+(?:him|her|them)\s+(?:my\s+)?every\s+(?:move|step)\b",
    )),
    (VIOLENCE, "fear_of_partner", WEAK, False, _any(
        r"\btiptoe\w*\s+around\s+(?:him|her|them)\b",
        r"\bwalk\w*\s+on\s+eggshells\s+(?:around|with)\s+(?:him|her|them)\b",
    )),
    # --- threats made conditional on the person's own life (safety round 10) ---
    # A threat is told by its verb ("threatens to...") or by a promise tied to what the person
    # does ("she'll ... if I go back to work"); HARMS_ME, CHILD_TAKEN and IMAGE_SHARED say
    # what it promises, PET_HARMED what it promises a pet.
    (CONTROL, "threat_children", STRONG, False, _threatened(CHILD_TAKEN)),
    (CONTROL, "image_threat", STRONG, False, _threatened(IMAGE_SHARED)),
    (CONTROL, "blackmail", STRONG, False, _threatened(HARMS_ME)),
    (VIOLENCE, "harm_to_pet", STRONG, False, _any(
        _threatened(PET_HARMED),
        # "if I go to the wedding without him the cat 'might not be here' when I get back"
        rf"\bif\s+i\b[^.!?]{{0,80}}?{_PET}\s+['\"]?(?:might|may|won'?t|will\s+not|wouldn'?t)\s+"
        r"(?:not\s+)?be\s+(?:here|there|around|alive|waiting)\b",
    )),
    # a weapon used on the person, or driven in beside them
    (VIOLENCE, "weapon_threat", STRONG, CRISIS, _any(
        rf"\b(?:held|holding|holds|raised|raises|raising|swung|swings|swinging|waved|waving|"
        rf"lifted|lifts)\s+(?:a|an|the|his|her)\s+(?:\w+\s+)?{_WEAPON}\s+(?:up\s+)?over\s+"
        r"(?:my|his|her)\s+(?:head|face)\b",
        rf"\b(?:put|puts|pressed|presses|pressing|pushed|jabbed|held|holding|dug|digs)\s+the\s+"
        rf"(?:tip|point|blade|edge|end|barrel|muzzle)\s+of\s+(?:a|an|the|his|her)\s+(?:\w+\s+)?"
        rf"{_WEAPON}\s+(?:(?:right|up|close|really)\s+){{0,3}}(?:to|against|at|into|in)\s+"
        rf"(?:me\b|my\s+{_BODY})",
        rf"\b(?:hit|hits|hitting|struck|strikes|beat|beats|whack\w*|smack\w*|bash\w*|clubb?\w*|"
        rf"stabb?\w*|slash\w*|attack\w*)\s+(?:me|him|her)\s+(?:\w+\s+){{0,2}}?with\s+(?:a|an|the|"
        rf"his|her|my|some)\s+(?:\w+\s+)?(?:{_WEAPON}|frying\s+pan|(?:sauce)?pan|bottle|belt|"
        r"iron|rolling\s+pin|brick|stick|pipe|chair|lamp|bat|hammer)\b",
        r"\b(?:stabb?\w*|slamm?\w*|drove|jammed|stuck|plunged|sank)\s+(?:the|a|his|her|it)\s*"
        r"(?:\w+\s+)?(?:into\s+the\s+\w+\s+)?(?:right\s+)?(?:next\s+to|beside|inches\s+from|"
        r"centimetres\s+from|millimetres\s+from)\s+(?:me\b|my\s+(?:hand|head|face|feet|foot|leg|"
        r"arm|fingers?|neck))",
    )),
    (VIOLENCE, "threat_to_kill", STRONG, CRISIS, _any(
        r"\bput\s+(?:you|u)\s+in\s+(?:the\s+)?(?:ground|grave|a\s+box)\b",
        # the threat around leaving: "if I can't have you, no one can"
        r"\bif\s+(?:i|he|she)\s+can'?t\s+have\s+(?:you|u|me|her|him)\b[^.!?]{0,20}?\b(?:no\s*one|"
        r"nobody|no-one)(?:\s+else)?\s+(?:can|will|could|would|gets?\s+to)\b",
        rf"{_SAYS}[^.!?]{{0,90}}?\b(?:none\s+of\s+us|neither\s+of\s+us|nobody|no\s+one)\s+"
        r"(?:(?:are|is|will\s+be|would\s+be|'ll\s+be|'d\s+be)\s+)?(?:left\s+|still\s+)?alive\b",
    )),
    (VIOLENCE, "threat_to_kill", STRONG, False,
     r"\b(?:the\s+)?next\s+one'?s\s+(?:for\s+)?(?:you|u|me)\b|\bthe\s+next\s+one\s+(?:is|will\s+be)"
     r"\s+(?:for\s+)?(?:you|u|me)\b"),
    # strangling told by what it did ("I blacked out"), over a no
    (VIOLENCE, "strangulation", STRONG, CRISIS,
     r"\b(?:chok\w*|strangl\w*|throttl\w*|hands?\s+(?:a?round|on)\s+my\s+(?:neck|throat))\b"
     r"[^\n]{0,160}?\b(?:blacked\s+out|passed\s+out|lost\s+consciousness|went\s+unconscious|"
     r"(?:saw|seeing)\s+stars|couldn'?t\s+breathe)\b"),
    # stalking told by a watcher's habits (a separation, when told, makes it a crisis)
    (CONTROL, "stalking", WEAK, False, _by(_OTHER,
        r"(?:drives?|drove|driving|walks?|walked|walking|cycles?)\s+(?:past|by)\s+my\s+"
        r"(?:new\s+)?(?:flat|house|home|work|office|place|window|building|gym)\b(?=[^.!?]{0,40}?"
        r"\b(?:several|many|\d+|three|four|five|ten|times|every\s+(?:day|night|morning|evening|"
        r"hour)|at\s+night|all\s+night|constantly|all\s+the\s+time|again\s+and\s+again|daily|"
        r"nightly)\b)",
        r"(?:sends?|sent|sending|post(?:s|ed|ing)?)\s+(?:me\s+)?(?:pics?|photos?|pictures?|"
        r"videos?)\s+of\s+me\s+(?:at|in|outside|leaving|with|walking)\b",
        r"knew\s+(?:exactly\s+)?(?:where|which\s+\w+)\s+i\s+(?:was|had\s+been|went)\b",
        gap=r"[^.!?]{0,80}?\b")),
    # sex taken from a person asleep, or got by keeping them awake, or owed
    (CONTROL, "sexual_coercion", STRONG, False, _any(
        r"\b(?:woke|wake|waking|wakes)\s+up\s+(?:and|to|with)\s+(?:him|her|them|he|she|they)\s+"
        r"(?:was\s+|were\s+|is\s+|already\s+)*(?:already\s+)?(?:having\s+sex\s+with\s+me|on\s+top\s+"
        r"of\s+me|inside\s+me|touching\s+me|undressing\s+me|doing\s+(?:it|stuff|things)\s+to\s+me)",
        r"\b(?:wouldn'?t|won'?t|didn'?t|doesn'?t|does\s+not|would\s+not)\s+let\s+me\s+(?:go\s+to\s+)?"
        r"sleep\s+(?:until|till|unless)\s+i\b",
        r"\bsex\s+is\s+(?:what|the\s+(?:least|price))\s+(?:i|you)\s+owe\b|\b(?:i|you)\s+owe\s+"
        r"(?:him|her|them)\s+(?:sex|it|that)\s+(?:for|because)\b",
        r"\b(?:say|said|saying)\s+no\b[^.!?]{0,80}?\b(?:so\s+)?(?:usually\s+|normally\s+|just\s+|"
        r"eventually\s+)*(?:i\s+)?(?:just\s+)?(?:give|gave|giving)\s+in\b(?=[^\n]*\b(?:sex|condom|"
        r"in\s+bed|do\s+it|intimate|sleep\s+with))",
    )),
    # a plan, and who would find the body
    (SELF_HARM, "suicidal_ideation", STRONG, CRISIS, _any(
        r"\b(?:wouldn'?t|won'?t|don'?t|do\s+not|would\s+not)\s+(?:have\s+to\s+)?be\s+the\s+ones?\s+"
        r"(?:to|who)\s+find\s+me\b",
        r"\b(?:thinking|thought|planning|planned|worked\s+out|figured\s+out)\s+(?:about\s+)?"
        r"(?:how|when|where)\s+i'?d?\s+(?:would\s+)?do\s+it\b(?=[^\n]*\b(?:find\s+me|burden|"
        r"better\s+off|without\s+me|goodbye|note|pills|rope|bridge))",
    )),
    (SELF_HARM, "suicidal_ideation", STRONG, False, _any(
        r"\b(?:don'?t|do\s+not|can'?t|cannot)\s+(?:really\s+|even\s+|honestly\s+)?see\s+(?:the|any)\s+"
        r"point\s+(?:in|of)\s+(?:being\s+(?:here|alive|around)|living|going\s+on|carrying\s+on|"
        r"life|waking\s+up)\b",
        # the warning signs: others better off, not waking, a place or a way, letters, a plan
        r"\b(?:everyone|everybody|they|he|she|my\s+\w+|the\s+kids|people|it)(?:\s+would|\s+will|'d|"
        r"'ll)\s+"
        r"(?:all\s+)?(?:be\s+)?(?:\w+\s+)?(?:better\s+off|fine|happier|cope(?:\s+fine)?|okay|ok|"
        r"easier)\s+(?:\w+\s+)?(?:if\s+i\s+(?:just\s+)?(?:wasn'?t|weren'?t|was\s+not|were\s+not|"
        r"wasnt)\s+(?:around|here|alive|there)(?!\s+(?:for|at|on|this|next|tonight|today|"
        r"tomorrow|during|when|to|in)\b)|without\s+me)\b(?!\s+(?:for|at|on|this|tonight|today|"
        r"tomorrow|during|when|to|in)\b)",
        r"\bif\s+i\s+(?:just\s+)?(?:didn'?t|don'?t|never)\s+wake\s+up\b[^.!?]{0,40}?\b(?:wouldn'?t\s+"
        r"mind|(?:would|'d)\s+be\s+(?:fine|ok|okay|a\s+relief|glad)|relief|don'?t\s+care)",
        r"\b(?:go\s+to\s+sleep|sleep|close\s+my\s+eyes)\s+and\s+not\s+(?:bother\s+)?wak(?:e|ing)\s+up",
        r"\b(?:thought|think|thinking|imagin\w*)\s+(?:\w+\s+){0,6}?(?:about\s+)?(?:just\s+)?"
        r"(?:turn(?:ing)?\s+the\s+wheel|not\s+turning\s+the\s+wheel|letting\s+go\s+of\s+the\s+wheel|"
        r"driv(?:e|ing)\s+(?:off\s+(?:the|a)\s+(?:road|bridge|cliff)|into\s+(?:a|the)\s+(?:wall|tree|"
        r"river|lorry|truck|oncoming))|step(?:ping)?\s+(?:off\s+(?:the|a)\s+(?:bridge|ledge|edge|"
        r"platform|roof)|in\s+front\s+of\s+(?:a|the)\s+(?:train|bus|car|lorry|truck))|"
        r"jump(?:ing)?\s+(?:off|from|in\s+front\s+of)\s+(?:the|a)\s+(?:bridge|ledge|roof|cliff|"
        r"platform|train|building|balcony))\b",
        r"\b(?:standing|stood|stand|stop|stopped|stopping)\s+on\s+(?:the|a)\s+(?:\w+\s+)?(?:bridge|"
        r"ledge|edge|platform|cliff)\b[^.!?]{0,60}?\b(?:longer\s+(?:each|every|than)|each\s+time|"
        r"every\s+(?:day|night|time)|than\s+i\s+should)",
        r"\b(?:written|wrote|writing|write)\s+(?:\w+\s+)?(?:letters?|notes?)\s+(?:to|for)\s+(?:my\s+)?"
        r"(?:\w+\s+)?(?:kids|children|family|son|daughter|husband|wife|partner|him|her|everyone)\b"
        r"[^.!?]{0,40}?\bin\s+case\s+(?:something|anything)\s+happens\s+to\s+me",
        r"\b(?:giving|gave|given)\s+(?:all\s+)?(?:my|away\s+my)\s+(?:\w+\s+)?(?:things|stuff|"
        r"belongings|possessions)\s+away\b|\bgiving\s+away\s+(?:all\s+)?my\s+(?:things|stuff|"
        r"belongings|possessions)\b",
    )),
    (SELF_HARM, "suicidal_ideation", STRONG, CRISIS, _any(
        r"\b(?:planning|planned|worked\s+out|thinking\s+about|thought\s+about)\s+how\s+(?:to|i'?d|i\s+"
        r"would|i\s+will|i'?ll)\s+(?:go|do\s+it|end\s+it|kill\s+myself|die)\b(?=[^\n]*\b(?:letters?|"
        r"notes?|point|wheel|bridge|pills|better\s+off|without\s+me|goodbye|since\s+(?:he|she)\s+"
        r"left))",
        r"\blooked\s+up\s+how\s+(?:much|many)\s+(?:\w+\s+)?(?:paracetamol|pills|tablets|"
        r"painkillers|insulin|\w+)\s+(?:is|are|would\s+be|it\s+takes)\s+(?:too\s+much|too\s+many|"
        r"enough|fatal|lethal)",
    )),
    # --- third-person disclosures ("my sister's husband beats her") ---
    (VIOLENCE, "strangulation", STRONG, CRISIS, _by(_OTHER, _strangling(_THEM, _THEIR))),
    (VIOLENCE, "physical_violence", STRONG, False, _by(_OTHER, _blows(_THEM, _THEIR))),
    (VIOLENCE, "threat_to_kill", STRONG, CRISIS,
     _by(_OTHER, rf"threaten\w*\s+to\s+(?:{_killing(_THEM, _THEIR)})")),
    (VIOLENCE, "threat_to_kill", STRONG, CRISIS,
     rf"{_SAYS}{_NEAR}(?P<act>{_killing(_THEM, _THEIR)})"),
    (VIOLENCE, "threat_to_kill", STRONG, False,
     _by(_OTHER, rf"threaten\w*\s+to\s+(?:hurt|beat)\s+{_THEM}")),

    # --- coercive control ---
    (CONTROL, "monitoring", STRONG, False, _any(
        r"\b(?:go(?:es)?|went|going)\s+through\s+my\s+(?:\w+\s+)?(?:phone|messages|texts|e-?mails|"
        rf"laptop|computer|bag|dms|chats|call\s+log|journal|diary|bank\s+statements)\b"
        rf"[^.!?]{{0,40}}?{_FREQUENT}",
        r"\b(?:check|read|monitor|inspect|scroll|snoop|look)\w*\s+(?:through\s+|on\s+)?(?:all\s+)?"
        r"my\s+(?:\w+\s+)?(?:phone|messages|texts|e-?mails|laptop|computer|dms|chats|journal|diary|"
        rf"search\s+history|browser\s+history|screen\s+time)\b[^.!?]{{0,40}}?{_FREQUENT}",
        r"\b(?:spyware|stalkerware|key\s?logger|tracking\s+app|spy\s+app|tracker|air\s?tag|gps)\b"
        r"[^.!?]{0,20}?\b(?:on|in|under)\s+my\b",
        r"\b(?:put|installed|hid|planted|placed|taped|stuck)\s+(?:a|an)\s+(?:\w+\s+)?(?:tracker|"
        r"tracking\s+device|air\s?tag|gps|spyware|key\s?logger|cameras?)\b",
        r"\b(?:app|software|program)\b[^.!?]{0,40}?\b(?:lets|let|so)\s+(?:him|her|them)\s+"
        r"(?:can\s+)?(?:see|read|track|watch|listen|monitor)",
        r"\breads?\s+everything\s+i\s+(?:send|write|type|post)",
        r"\b(?:forwarded|forwards)\s+to\s+(?:his|her|their)\s+(?:own\s+)?phone",
        r"\b(?:changed|changes|hacked|logged\s+into)\s+(?:all\s+)?my\s+(?:\w+\s+)?(?:passwords|"
        r"accounts?|e-?mail|icloud|facebook|instagram)",
        r"\bmakes?\s+me\s+(?:show|hand\s+over|unlock|give)\s+(?:him|her|them)?\s*my\s+phone",
        r"\b(?:reads?|checks?|goes\s+through|scroll\w*\s+through)\s+(?:every|all|each)\s+(?:single\s+)?"
        r"(?:message|text|email|chat|dm)s?\s+(?:on|in)\s+my\s+(?:phone|laptop|account|computer)",
        r"\blisten\w*\s+(?:in\s+(?:on|to|through)|to\s+(?:all\s+)?my\s+(?:calls|phone\s+calls))",
        r"\b(?:secretly\s+)?(?:filmed|recorded|filming|recording)\s+(?:us|me)\s+(?:having\s+sex|"
        r"in\s+the\s+(?:shower|bathroom)|naked|undressing)",
    )),
    (CONTROL, "monitoring", WEAK, False, _any(
        r"\b(?:go(?:es)?|went|going)\s+through\s+my\s+(?:\w+\s+)?(?:phone|messages|texts|e-?mails|"
        r"laptop|computer|bag|dms|chats|call\s+log|journal|diary|bank\s+statements|call\s+(?:history|"
        r"logs?)|photos|gallery|camera\s+roll|whatsapp|notifications|contacts|pockets|purse|"
        r"wallet|car)\b",
        r"\b(?:check|read|monitor|inspect|scroll|snoop)\w*\s+(?:through\s+|on\s+)?(?:all\s+)?"
        r"my\s+(?:\w+\s+)?(?:phone|messages|texts|e-?mails|laptop|computer|dms|chats|journal|diary|"
        r"search\s+history|browser\s+history|screen\s+time|bank\s+statements)\b",
        r"\b(?:has|have|knows|wants|demands|asked\s+for|insists\s+on\s+having)\s+(?:all\s+)?my\s+"
        r"(?:\w+\s+)?passwords",
        r"\b(?:not\s+allowed|can'?t\s+have)\s+(?:a\s+)?(?:passcode|password|lock)\s+on\s+my",
    )),
    (CONTROL, "stalking", STRONG, False, _any(
        r"\btrack(?:s|ed|ing)?\s+(?:me|my\s+(?:location|phone|car|movements|every\s+move))\b",
        r"\b(?:keeps?|kept|started)\s+(?:showing|turning|appearing)\s+up\b",
        r"\b(?:shows?|showed|turns?|turned)\s+up\s+(?:at\s+my\s+\w+\s+)?(?:uninvited|unannounced)",
        r"\bex\b[^.!?]{0,30}?\b(?:shows?|showed|turns?|turned|appears?|appeared)\s+up\b",
        r"\bfollow(?:s|ed|ing)?\s+me\s+(?:to|home|everywhere|around)\b(?![^.!?]{0,30}?\bwith\s+"
        r"(?:the|a|his|her)\s+(?:hoover|vacuum|mop|duster|broom|cloth|camera|torch)\b)",
        r"\b(?:waits?|waited|waiting|sits?|sat|sitting|park(?:s|ed|ing)?|lurk\w*|stands?|stood|"
        r"standing)\s+outside\s+(?:my|her|his|their)\s+(?:\w+\s+)?(?:work|house|"
        r"home|flat|apartment|place|class|office)",
        r"\bstalk(?:s|ed|ing)?\s+me\b",
        # proof that someone knows where the person lives: "sends her pics of her own front door"
        r"\b(?:sends?|sent|sending|post\w*)\s+(?:me|her|him|them)\s+(?:\w+\s+)?(?:pics?|photos?|"
        r"pictures?|"
        r"videos?)\s+of\s+(?:my|her|his|their)\s+(?:own\s+|new\s+)?(?:front\s+door|door|house|flat|"
        r"home|car|window|street|building)\b",
        r"\b(?:calls?|rings?)\s+my\s+(?:work|office|boss|job)\s+to\s+check",
        r"\b(?:new|fake|different)\s+(?:accounts|numbers|profiles)\s+to\s+(?:message|text|contact|"
        r"call|reach)\s+me",
        r"\b(?:calls?|calling|called|rings?|ringing|texts?|texting|texted|"
        r"messag\w*)\s+(?:me\s+)?from\s+"
        r"(?:new|different|unknown|withheld|private|blocked)\s+(?:numbers|accounts)",
        r"\breport\s+back\s+(?:where|on|what|who)\b",
        r"\b(?:shares?|shared|sharing|turned\s+on|set\s+up|switched\s+on)\s+my\s+location\s+(?:\w+\s+){0,3}?"
        r"(?:without\s+(?:asking|telling\s+me|me\s+knowing|my\s+(?:say|permission|knowing))|"
        r"behind\s+my\s+back)",
        # found where the person now lives; keeping watch outside at night
        r"\b(?:found|tracked\s+down|worked\s+out|figured\s+out|got\s+hold\s+of)\s+(?:out\s+)?"
        r"(?:where\s+i\s+(?:live|am\s+(?:living|staying)|'m\s+(?:living|staying)|moved\s+to)|"
        r"my\s+(?:new\s+)?(?:address|flat|place)|the\s+(?:new\s+)?(?:flat|address))\b",
        r"\b(?:waiting|waits|waited|sitting|sits|sat|parked|parks|standing|stood)\s+outside\b"
        r"[^.!?]{0,40}?\b(?:at\s+\d|\d\s*(?:am|a\.m)|all\s+night|in\s+the\s+middle\s+of\s+the\s+"
        r"night|with\s+the\s+engine|with\s+(?:his|her|the)\s+lights|for\s+hours)",
    )),
    (CONTROL, "stalking", WEAK, False, _any(
        r"\b(?:shows?|showed|showing|turns?|turned|turning)\s+up\s+(?:at|"
        r"outside)\s+my\s+(?:\w+\s+)?"
        r"(?:work|job|office|house|home|flat|apartment|place|gym|school|university|door|lectures?)",
        r"\b(?:has|have|checks?|watches|monitors?)\s+my\s+location\b",
        r"\bif\s+i\s+(?:don'?t|do\s+not)\s+(?:answer|reply|respond|pick\s+up)\s+(?:\w+\s+)?within",
        rf"{_OTHER}{_NEAR}(?:put|hid|planted|stuck)\s+(?:something|a\s+thing|a\s+device|a\s+little\s+"
        r"\w+)\s+(?:in|on|under|inside)\s+my\s+(?:car|bag|phone|coat|purse|handbag)\b",
        r"\b(?:knows?|knew)\s+where\s+i(?:'ve\s+been|\s+have\s+been|\s+went|\s+(?:am|was|live|work|"
        r"sleep|go))\b",
        r"\b(?:knows?|knew)\s+where\s+i\s+(?:am|was|live|work|sleep|'m\s+(?:staying|living)|am\s+"
        r"(?:staying|living)|go)\b",
    )),
    (CONTROL, "financial_control", STRONG, False, _any(
        r"(?<!\bi )\b(?:takes?|took|taking|keeps?|controls?|holds?)\s+(?:all\s+(?:of\s+)?)?my\s+"
        r"(?:whole\s+|entire\s+)?(?:paycheck|paycheque|salary|wages?|pay|money|earnings|income|"
        r"pension|tips|bonus|student\s+loan|child\s+benefit|universal\s+credit|"
        r"bank\s+cards?|debit\s+cards?|credit\s+cards?|cards?|benefits|inheritance|savings)\b",
        r"\b(?:manages|controls|handles|takes)\s+all\s+(?:of\s+)?my\s+(?:money|finances|salary|"
        r"wages)",
        r"\bcontrols?\s+(?:all\s+)?my\s+(?:money|finances|accounts|bank\s+account)",
        rf"\b{_LET}\s+(?:have|open|keep|get)\s+(?:my\s+own\s+|any\s+|a\s+)?(?:money|"
        r"bank\s+account|account|card|debit\s+card|own\s+money)",
        r"\b(?:not|n'?t)\s+allowed\s+(?:to\s+)?(?:buy|spend|have\s+(?:my\s+own\s+|a\s+|any\s+)?"
        r"(?:bank\s+|debit\s+|credit\s+)?(?:money|account|card)|handle\s+money)",
        r"\b(?:no|don'?t\s+have|without)\s+access\s+to\s+(?:any\s+)?(?:money|(?:our|the|my)\s+"
        r"(?:own\s+)?(?:bank\s+)?(?:accounts?|money|funds))",
        r"\b(?:can'?t|cannot|unable\s+to)\s+access\s+(?:any\s+)?(?:money|my\s+(?:own\s+)?(?:money|"
        r"accounts?|bank|salary))",
        r"\b(?:took|takes|removed)\s+my\s+name\s+off",
        r"\b(?:everything|all|the\s+house)\s+(?:is\s+)?in\s+(?:his|her|their)\s+name",
        r"\b(?:took|take|takes|taking|put)\s+(?:out\s+)?loans\s+in\s+my\s+name",
        r"\b(?:makes?|made|making)\s+me\s+(?:hand\s+over|give\s+(?:him|her|them)|transfer|show\s+(?:him|"
        r"her|them))\s+(?:all\s+)?my\s+(?:bank\s+|debit\s+)?(?:cards?|wages?|pay|salary|money|pin|"
        r"earnings)",
        r"\b(?:my\s+(?:pay|wages?|salary|money|earnings|benefits|income|pension)|it)\s+(?:\w+\s+){0,2}?"
        r"(?:goes|go|went|paid|transferred|sent|moved|is\s+paid|gets\s+paid)\s+(?:straight\s+|"
        r"directly\s+)?(?:in)?to\s+(?:his|her|their)\s+(?:own\s+)?(?:account|bank)",
    )),
    (CONTROL, "financial_control", STRONG, False, _by(_OTHER,
     r"(?:cancel\w*|freez\w*|froze|cut\w*\s+off|stop\w*|block\w*)\s+my\s+(?:bank\s+|debit\s+|credit\s+)?"
     r"(?:cards?|account|allowance|money)\b",
     r"(?:emptied|empties|drain\w*|clear\w*\s+out|clean\w*\s+out)\s+(?:our|my|the)\s+(?:joint\s+|"
     r"savings\s+|bank\s+)?(?:accounts?|savings)\b", gap=_NEAR)),
    (CONTROL, "financial_control", WEAK, False, _any(
        r"\bcontrols?\s+(?:all\s+)?(?:the|our)\s+(?:money|finances|accounts|bank\s+account)",
        r"\b(?:gives?|gave|giving|get|gets|put\s+me\s+on)\s+(?:me\s+)?(?:an?\s+)?(?:weekly\s+|"
        r"monthly\s+|daily\s+|set\s+)?allowance",
        r"\b(?:have|has|had)\s+to\s+ask\s+(?:him|her|them|my\s+\w+)\s+(?:for\s+)?(?:money|cash|"
        r"bus\s+fare|permission)",
        r"\bask(?:ed|ing)?\s+(?:him|her|them)?\s*(?:for\s+)?permission\s+to\s+(?:buy|spend)",
        r"\b(?:hand\s+over|show\s+(?:him|her)|return)\s+(?:every\s+|all\s+|the\s+)?(?:my\s+)?"
        r"(?:receipts?|change)",
        r"\b(?:checks?|checked|checking|goes\s+through|went\s+through|inspects?)\s+(?:the|my|all\s+"
        r"(?:the|my))\s+receipts",
        r"\b(?:approve|approves|approval\s+of)\s+(?:my\s+|every\s+|all\s+)?(?:purchases?|spending)",
    )),
    (CONTROL, "isolation", STRONG, False, _any(
        rf"\b(?:not\s+allowed|n'?t\s+allowed|never\s+allowed|{_LET}|forbids?\s+me|"
        r"forbade\s+me|stops?\s+me\s+from|stopped\s+me\s+from)\s+(?:to\s+)?(?:(?:see|seeing|visit|"
        r"visiting|talk\s+to|speak\s+to|call|text|phone|go\s+out\s+with|meet(?:\s+up\s+with)?|"
        r"contact|hang\s+out\s+with|spend\s+time\s+with|have)\s+)?(?:any\s+|my\s+|male\s+|"
        r"female\s+|"
        r"own\s+)*(?:friends?|family|sister|brother|mum|mom|mother|dad|father|parents|relatives|"
        r"cousins?|best\s+friend|mates|colleagues|co-?workers|therapist)\b",
        r"\b(?:made|makes|forced|forces|got)\s+me\s+(?:to\s+)?(?:cut\s+off|stop\s+(?:seeing|"
        r"talking\s+to)|drop|delete|block|unfollow|quit|give\s+up)\b",
        r"\bcut\s+(?:me|him|her|them)\s+off\s+from",
        r"\bturned\s+my\s+(?:family|friends|parents)\s+against\s+me",
        rf"{_OTHER}{_NEAR}(?:stop(?:s|ped)?|keeps?|kept)\s+me\s+(?:from\s+)?(?:seeing|visiting|calling|"
        r"talking\s+to|speaking\s+to|meeting)\s+(?:any\s+of\s+)?(?:my\s+)?(?:\w+\s+)?(?:friends?|family|"
        r"sister|brother|mum|mom|mother|dad|father|parents|mates|colleagues)\b",
        r"\b(?:sulks?|sulked|sulking|silent\s+treatment|won'?t\s+speak\s+to\s+me|doesn'?t\s+speak\s+to\s+"
        r"me|kicks?\s+off|punish\w*\s+me)\b[^.!?]{0,30}?\b(?:if|when|whenever|every\s+time)\s+i\s+(?:see|"
        r"go\s+out\s+with|meet|visit|call|text|talk\s+to|spend\s+time\s+with)\s+(?:my\s+)?(?:friends?|"
        r"family|them|sister|brother|mum|mom|dad|parents|mates)\b",
        r"\b(?:made|makes|making)\s+sure\s+i\s+(?:don'?t|never|can'?t|do\s+not)\s+(?:see|talk\s+to|speak\s+"
        r"to|contact|visit)\s+(?:anyone|anybody|my)\b",
        r"\b(?:delet|block)\w*\s+(?:the\s+)?(?:numbers|contacts|people|friends)\s+(?:from\s+my\s+phone\s+)?"
        r"(?:that\s+)?(?:he|she|they)\s+(?:doesn'?t|don'?t|didn'?t)\s+(?:like|approve)",
    )),
    (CONTROL, "isolation", WEAK, False, _any(
        r"\bbad\s+influences?\b",
        r"\bdoesn'?t\s+(?:like|want)\s+me\s+(?:seeing|spending\s+time\s+with|going\s+out|leaving)",
        r"\b(?:gets?|got)\s+(?:really\s+)?upset\s+when\s+i\s+(?:see|go\s+out|spend\s+time)",
    )),
    (CONTROL, "restricting_movement", STRONG, False, _any(
        r"\block(?:s|ed|ing)?\s+me\s+(?:in|out)\b",
        rf"\b(?:not\s+allowed|n'?t\s+allowed|{_LET})\s+(?:to\s+)?(?:leave|go\s+(?:out|anywhere|"
        r"outside|to\s+(?!bed\b|sleep\b))|come\s+to|learn\s+to\s+drive|drive|have\s+(?:a|my\s+own|"
        r"a\s+\w+\s+of)\s+(?:key|phone|job)|work|get\s+a\s+job|use\s+the\s+car|close\s+the\s+"
        r"(?:\w+\s+)?door|see\s+a\s+doctor|wear|out\s+of\s+(?:his|her|their)\s+sight)",
        r"\bask\w*\s+(?:for\s+)?(?:his|her|their|my\s+\w+'s)?\s*permission\s+(?:to|before)\s+"
        r"(?:leave|go|shower|eat|sleep|see|use|walk|talk|visit|wear|have)\b",
        rf"\b{_NEG}\s+give\s+me\s+(?:a|my|the|back\s+my)\s+(?:key|keys|phone|passport|money|card|"
        r"documents|id)\b",
        r"\b(?:hides?|hid|hiding|withholds?|withheld|controls?|locks?\s+up)\s+my\s+(?:\w+\s+)?"
        r"(?:medication|meds|insulin|antidepressants|pills|inhaler)",
        r"(?<!\bi )\b(?:took|takes|taken|keeps?|hid|hides|hidden|confiscat\w+|holds?)\s+my\s+"
        r"(?:passport|id|documents|papers|birth\s+certificate|visa|sim)\b",
        r"\b(?:so|and)\s+i\s+(?:can'?t|couldn'?t|cannot)\s+(?:leave|get\s+out|get\s+past|escape)",
    )),
    (CONTROL, "restricting_movement", WEAK, False, _any(
        r"\b(?:stuck|trapped)\s+(?:in\s+the\s+(?:house|flat)|at\s+home)",
        r"\bfeel\s+like\s+a\s+prisoner",
        r"\b(?:hides?|hid|confiscat\w+)\s+(?:the|my)\s+(?:car\s+)?keys",
        r"(?<!\bi )\b(?:took|takes|taken|hid|hides|confiscat\w+)\s+my\s+(?:car\s+keys|keys|phone)\b"
        r"(?!\s+(?:number|charger|case|to\s+take))",
    )),
    # blocking the way out (BLOCK_ACT + EXIT), the keys taken, being sat on or cornered: strong
    # when it answers the person's plans, comes with anger or fear, or keeps them in
    (CONTROL, "restricting_movement", WEAK, False, rf"(?P<blocking>{_BLOCKING})"),
    (CONTROL, "control_of_daily_life", STRONG, False, _any(
        r"\b(?:makes?|made|making|forces?|forced)\s+me\s+(?:to\s+)?(?:send\s+(?:him|her|them)\s+"
        r"(?:a\s+)?(?:photo|picture|selfie)|video\s+call|ask\s+(?:for\s+)?(?:his|her|their\s+)?"
        r"permission|check\s+in\s+every|account\s+for|sleep\s+(?:on\s+the\s+floor|in\s+the\s+car|"
        r"outside)|kneel|beg\b|eat\s+separately|sign\s+(?:over|my|away)|sell\s+my|quit\s+my\s+job|"
        r"keep\s+my\s+phone\s+on\s+speaker|get\s+a\s+tattoo|stand\s+in\s+the\s+corner)",
        r"\b(?:decides?|decided|tells?\s+me|controls?|dictates?)\s+(?:what|who|where|when)\s+i\s+"
        r"(?:can\s+|am\s+allowed\s+to\s+|'m\s+allowed\s+to\s+)?(?:wear|eat|see|talk\s+to|go|text|"
        r"post|follow|spend)\b",
        r"\bkeeps?\s+me\s+(?:awake|up)\b[^.!?]{0,30}?\b(?:lectur|interrogat|question|yell|scream|"
        r"shout|argu)\w*",
        r"\b(?:hidden|secret|spy)\s+cameras?|\bcameras?\s+in\s+(?:every\s+room|the\s+bathroom)",
    )),
    (CONTROL, "control_of_daily_life", STRONG, False, _any(
        rf"(?:{_OTHER}{_NEAR}(?:forbids?|forbade|won'?t\s+let|doesn'?t\s+let|didn'?t\s+let|"
        r"banned\s+me\s+from|stops?\s+me\s+from|stopped\s+me\s+from))\s+"
        r"(?:me\s+)?(?:to\s+)?(?:go(?:ing)?\s+back\s+to\s+(?:work|uni|college|school)|(?:take|taking|get|"
        r"getting|have|having|keep|keeping|start|starting)\s+(?:a|the|my|any|that)\s+(?:\w+\s+)?job|"
        r"working|study|studying|go(?:ing)?\s+to\s+(?:college|uni|university|class(?:es)?|"
        r"night\s+school))\b",
    )),
    (CONTROL, "control_of_daily_life", WEAK, False, _any(
        r"\bsays?\s+i\s+(?:can'?t|cannot)\s+(?:take|accept|start|keep|go\s+back\s+to)\s+(?:the|a|my|that)\s+"
        r"(?:\w+\s+)?(?:job|work|course|class)\b",
        r"\b(?:approves?|approve|vets?)\s+(?:my|what\s+i)\s+(?:outfits?|clothes|wear|post|friends)",
        r"\b(?:interrogat\w+|grills?|grilled|questions?)\s+me\s+(?:about|for\s+(?:an?\s+)?hours?|"
        r"later|every)",
        r"\bhumiliat\w+\s+me\b",
    )),
    (CONTROL, "threat_children", STRONG, False, _any(
        r"\b(?:he'?ll|she'?ll|they'?ll|will|threaten\w*\s+to|going\s+to|gonna|he'?d|she'?d|would)"
        rf"\s+(?:\w+\s+){{0,2}}?take\s+{_CHILD}(?!\s+(?:to|for|out|swimming|on)\b)",
        rf"\btak(?:e|es|ing)\s+{_CHILD}\s+(?:away|from\s+me|and\s+(?:leave|disappear|run|go)|"
        rf"abroad)",
        r"\bnever\s+see\s+(?:them|the\s+kids|my\s+(?:kids|children|son|daughter))\s+again",
        rf"\bthreaten\w*\s+to\s+(?:\w+\s+)?(?:take|snatch|keep)\s+{_CHILD}",
        r"\b(?:get|win|take)\s+(?:full\s+|sole\s+)?custody",
        r"\bunfit\s+(?:mother|mum|mom|father|dad|parent)",
    )),
    (CONTROL, "sexual_coercion", STRONG, False, _any(
        r"\b(?:push|pressur|forc|guilt|coerc|nag|badger|bully)\w*\s+(?:me\s+)?(?:for|into)\s+"
        r"(?:having\s+)?(?:sex|sleeping\s+with|stuff\s+in\s+bed|things\s+in\s+bed|doing\s+(?:stuff|"
        r"things))",
        r"\b(?:rap(?:e|ed|es|ing)|sexually\s+assault\w*)\b|\bforc(?:ed|es)\s+(?:himself|"
        r"herself)\s+on",
        r"\b(?:forced|forces|made|makes)\s+me\s+(?:to\s+)?(?:have\s+sex|sleep\s+with)",
        r"\bowe\s+(?:him|her|them)\s+sex|\bdemands?\s+sex\b|\bfind\s+it\s+elsewhere\b",
        r"\b(?:sex|intimacy)\b[^.!?]{0,40}?\b(?:when|even\s+though|even\s+when|after)\s+i\s+"
        r"(?:don'?t\s+want|said\s+no|say\s+no|was\s+crying|asked\s+(?:him|her)\s+to\s+stop|"
        r"tell\s+(?:him|her)\s+no|told\s+(?:him|her)\s+no)",
        rf"\b{_LET}\s+(?:use|take|get|go\s+on)\s+(?:the\s+pill|birth\s+control|contraception|"
        r"condoms)",
        r"\brefuses\s+to\s+(?:use|wear)\s+(?:a\s+)?condoms?",
        # a no overridden: going on after "stop", doing what was refused, drink to lower a no
        r"\b(?:keeps?|kept|carr(?:y|ies|ied)\s+on|keeps?\s+on)\s+going\s+(?:even\s+)?(?:when|after|though|"
        r"while)\s+i\s+(?:tell|told|say|said|ask|asked|beg|begged)\s+(?:him|her|them)\s+to\s+stop",
        r"\b(?:does|did|do|doing|makes?\s+me\s+do|made\s+me\s+do)\s+(?:things|stuff|it)\s+(?:that\s+)?i\s+"
        r"(?:said|told\s+(?:him|her|them))\s+i\s+(?:didn'?t|don'?t|did\s+not|do\s+not)\s+want",
        r"\bgets?\s+me\s+(?:drunk|high|wasted)\s+(?:so|to|and\s+then)\b",
        r"\bif\s+i\s+(?:don'?t|won'?t|do\s+not)\s+(?:sleep\s+with|have\s+sex\s+with|put\s+out)\b[^.!?]{0,60}?"
        r"\b(?:find|get|go\s+to|sleep\s+with)\s+(?:someone|somebody|another|it)",
        r"\buntil\s+i\s+(?:have\s+sex|sleep\s+with|give\s+(?:him|her|them)\s+sex)",
    )),
    (CONTROL, "sexual_coercion", STRONG, False, _any(
        # a refusal the partner goes on past, in one sentence or the next
        rf"{_REFUSAL}[^.!?]{{0,60}}?(?:[.!?]\s+[^.!?]{{0,40}}?)?{_PERSISTS}",
        rf"{_PERSISTS}[^.!?]{{0,50}}?{_REFUSAL}",
        rf"{_SEX_ACT}[^.!?]{{0,50}}?(?:even\s+though|even\s+when|after|when|while|though)\s+"
        rf"(?:i'?ve\s+|i\s+)?(?:{_REFUSED}|(?:was|am|were)\s+(?:asleep|sleeping|passed\s+out|"
        r"out\s+of\s+it|too\s+drunk|crying))",
        rf"\b(?:if|unless)\s+i\s+(?:don'?t|do\s+not|won'?t|refuse\s+to)\s+{_SEX_ACT}",
        r"\b(?:until|till|unless)\s+i\s+(?:have\s+sex|sleep\s+with|put\s+out|"
        r"do\s+(?:it|what\s+(?:he|she)\s+wants\s+in\s+bed))",
        r"\b(?:get|gets|got|getting)\s+me\s+(?:so\s+|really\s+)?drunk\s+(?:so|to|and|then)\b",
        r"\b(?:says?|said|claims?|insists?)\s+(?:that\s+)?i\s+(?:agreed|wanted\s+it|was\s+into\s+"
        r"it|asked\s+for\s+it|said\s+yes)",
        r"\b(?:don'?t|do\s+not|can'?t)\s+remember\s+(?:agreeing|saying\s+yes|consenting)",
        r"\b(?:filmed|films|recorded|records|photographed|filming|recording)\s+(?:us|me)\b"
        r"[^.!?]{0,40}?\b(?:in\s+bed|having\s+sex|naked|undress\w*|without\s+(?:asking|telling|"
        r"my\s+(?:consent|permission|knowing|knowledge)))",
        r"\b(?:a\s+)?(?:wife|husband|partner)\s+(?:can'?t|cannot|doesn'?t\s+get\s+to)\s+say\s+no",
        r"\bsaid\s+no\b[^.!?]{0,40}?\bno\s+such\s+thing\b",
    )),
    (CONTROL, "sexual_coercion", WEAK, False, _any(
        r"\b(?:doesn'?t|does\s+not|won'?t|never)\s+take\s+no\s+for\s+an\s+answer",
        r"\bmy\s+no\s+(?:never\s+|doesn'?t\s+)?(?:really\s+)?counts?",
        r"\b(?:turn\s+(?:him|her)\s+down|turn\s+down\s+sex|refuse|"
        r"say\s+no(?:\s+in\s+the\s+bedroom)?)"
        r"[^.!?]{0,40}?\b(?:sulks?|silent\s+treatment|cold|quiet|won'?t\s+speak|doesn'?t\s+speak|"
        r"punish\w*|sleep\s+in\s+the\s+car|frigid)",
        r"\b(?:in\s+bed|sexually)\b[^.!?]{0,40}?\bnot\s+comfortable",
        r"\b(?:go|went|going)\s+along\s+with\s+it\b",
        r"\bduty\s+as\s+(?:his|her|a)\s+(?:wife|husband)",
    )),
    (CONTROL, "image_threat", STRONG, False, _any(
        r"\b(?:nudes|nude\s+(?:photos|pics|pictures)|naked\s+(?:photos|pics|pictures)|(?:intimate|"
        r"private|explicit|sexual)\s+(?:photos|pics|pictures|images|videos?)|sex\s+tape|(?:video|"
        r"videos|pics|photos|pictures)\s+(?:of\s+me|i\s+sent))\b[^.!?]{0,60}?\b(?:post|share|send|"
        r"leak|upload|show|spread|publish|us(?:e|es|ed|ing))\w*",
        r"\b(?:threaten\w*|says?\s+(?:he|she)'?ll|will)\s+(?:to\s+)?(?:post|share|send|leak|upload|"
        r"show|publish)\w*\s+(?:\w+\s+){0,3}?(?:video|videos|pics|pictures|photos|images|nudes)\b",
        r"\b(?:filmed|recorded|photographed|filming|recording)\s+(?:us|me)\b[^.!?]{0,80}?\b(?:send|post|"
        r"share|show|leak|upload)\w*\s+(?:it|them|the\s+\w+)\b",
    )),
    (CONTROL, "image_threat", WEAK, False,
     r"\b(?:has|have|still\s+has|keeps)\s+(?:\w+\s+)?(?:pictures|photos|videos|pics|nudes)\s+"
     r"of\s+me"),
    (CONTROL, "blackmail", STRONG, False, _any(
        r"\b(?:threaten\w*|says?|said|will|'ll)\s+(?:to\s+|that\s+|(?:he|she|they)'?(?:ll|d)\s+)?"
        r"(?:report\s+me|tell\s+(?:everyone|my\s+(?:family|parents|boss|employer|work|job))|"
        r"out\s+me|have\s+me\s+(?:deported|sectioned|committed|arrested)|get\s+me\s+(?:deported|"
        r"fired|sectioned)|call\s+(?:immigration|social\s+services)|tell\s+(?:the\s+)?(?:court|"
        r"judge|police|social\s+services))",
        r"\b(?:make\s+sure\s+)?i'?(?:m|ll\s+be|\s+am|\s+will\s+be|'d\s+be)\s+(?:deported|sectioned|"
        r"arrested|locked\s+up)",
        r"\baccuse\w*\s+me\s+of\s+(?:hurting|abusing|hitting|rap\w+|assault\w*|beating)",
        r"\btell\s+(?:the\s+kids|everyone|my\s+(?:family|boss|employer|kids))\s+(?:that\s+)?"
        r"i'?(?:m|\s+am|\s+was)\b",
    )),
    (CONTROL, "degradation", WEAK, False, _any(
        r"\b(?:calls?|called|calling)\s+me\s+(?:a\s+|an\s+|his\s+|her\s+)?(?:\w+\s+)?(?:worthless|"
        r"useless|stupid|pathetic|disgusting|fat|ugly|failure|parasite|whore|slut|bitch|idiot|"
        r"loser|nothing|psycho|property)\b",
        r"\b(?:says?|said|tells?\s+me|told\s+me|screams?|screamed|yells?|yelled|shouts?|shouted|"
        r"reminds?\s+me)\s+(?:at\s+me\s+)?(?:that\s+)?(?:i'?m|i\s+am|i\s+was|"
        r"i\s+look)\s+(?:\w+\s+)?"
        r"(?:worthless|useless|stupid|pathetic|disgusting|fat|ugly|a\s+failure|a\s+parasite|"
        r"nothing|unlovable|embarrassing|not\s+smart\s+enough)\b",
        r"\b(?:no\s+one|nobody|no-one)\s+else\s+(?:would|will|'?d)\s+(?:ever\s+)?(?:want|love|have|"
        r"put\s+up\s+with|date|touch)\s+(?:me|you)",
        r"\b(?:grateful|lucky)\s+(?:anyone|he|she|they)\s+(?:puts?\s+up\s+with|stays?|wants?)\s+me",
    )),

    # --- self-harm and suicide ---
    (SELF_HARM, "suicide_plan", STRONG, CRISIS, _any(
        # means gathered or taken
        r"\b(?:sav(?:ing|ed|e)|stockpil\w+|stocking\s+up\s+on|hoard\w*|collect\w*|"
        r"stash(?:ing|ed)?|putting\s+aside|stash\s+of)\s+(?:up\s+)?(?:all\s+)?(?:my\s+|his\s+|"
        rf"her\s+|some\s+|the\s+)?(?:old\s+)?{_DRUGS}",
        r"\b(?:took|taken|swallowed|swallow|take|taking)\s+(?:a\s+handful|all|everything|"
        r"the\s+whole|the\s+lot|a\s+bottle|a\s+whole|[1-9]\d+|too\s+many|a\s+bunch|loads|"
        rf"my\s+whole\s+\w+)\s+(?:of\s+)?(?:my\s+|the\s+|his\s+|her\s+|\w+'s\s+)?{_DRUGS}",
        r"\b(?:took|taken|swallowed|take)\s+everything\s+(?:i\s+have|in\s+(?:the|my))",
        r"\b(?:took|taken|swallowed)\s+(?:a\s+load|loads|a\s+lot|lots|a\s+heap|a\s+pile|a\s+stack|"
        r"a\s+few|"
        rf"some|more)\s+(?:of\s+)?(?:my\s+|the\s+|his\s+|"
        rf"her\s+)?{_DRUGS}[^.!?]{{0,40}}?\b(?:to\s+make\s+"
        r"(?:it|everything|the\s+\w+)\s+(?:all\s+)?stop|on\s+purpose|hoping|so\s+(?:i|"
        r"that\s+i)\s+(?:wouldn'?t|"
        r"won'?t|would\s+not)\s+wake|to\s+(?:not\s+wake|sleep\s+forever|end\s+it))",
        r"\boverdos\w+",
        rf"\bhow\s+(?:many|much)\s+(?:of\s+)?(?:my\s+|the\s+)?{_DRUGS}\s+(?:it\s+)?(?:would|will|"
        r"does)\s+(?:it\s+)?take",
        rf"\b{_DRUGS}\s+(?:in\s+my\s+hand|lined\s+up|counted\s+out|laid\s+out)",
        r"\b(?:researching|googl\w+|looking\s+up|searched)\s+(?:\w+\s+){0,3}?(?:painless|"
        r"how\s+to\s+"
        r"die|overdose|lethal)",
        r"\b(?:drink|drinking|swallow\w*)\s+(?:the\s+|some\s+)?(?:bleach|antifreeze|poison)",
        r"\brope\b[^.!?]{0,30}?\b(?:trunk|boot|shed|garage|neck|beam|bought)\b|\bnoose\b",
        r"\b(?:belt|rope|cable|cord)\s+a?round\s+my\s+neck",
        r"\b(?:use|using|used)\s+it\s+on\s+(?:myself|himself|herself)",
        r"\b(?:knife|blade|razor)\s+(?:to|against|on)\s+(?:his|her|my)\s+(?:own\s+)?(?:wrists?|"
        r"throat)",
        # lethal methods named
        r"\b(?:drown|hang|suffocate|strangle|choke|poison|shoot|gas)\w*\s+(?:myself|himself|"
        r"herself|themselves)\b",
        r"\b(?:cut|slit|slash)\w*\s+(?:his|her|my|their)\s+(?:own\s+)?(?:throat|wrists?)",
        r"\bjump(?:ing)?\s+(?:off|from)\s+(?:the|a|our|my)\s+(?:\w+\s+)?(?:bridge|roof|building|"
        r"balcony|cliff|window|car\s+park|multi-storey|ledge|tower|platform)",
        r"\b(?:(?:want|wants|going|gonna|plan|planning|thinking\s+about)\s+(?:to\s+)?"
        r"jump(?:ing)?|jump\s+if)\b(?!\s+(?:in|into|on|at|to|through|back|over|down|onto|"
        r"the\s+gun|start|ship|around|up|for|ahead|higher|rope|the\s+queue|out\s+of\s+(?:a|an|"
        r"the)\s+(?:\w+\s+)?(?:plane|airplane|aeroplane|helicopter))\b)",
        r"\b(?:jump|step|walk|lie\s+down)\w*\s+in\s+front\s+of\s+(?:a|the)\s+(?:\w+\s+)?(?:train|"
        r"bus|tram|car|lorry|truck|traffic)",
        r"\bwalk\w*\s+into\s+(?:the\s+)?(?:sea|traffic|lake|river|ocean)",
        r"\b(?:drive|drove|driving|crash\w*|steer\w*)\s+(?:\w+\s+){0,3}?(?:off|into)\s+(?:a|the)\s+"
        r"(?:\w+\s+)?(?:cliff|tree|wall|barrier|lorry|truck|median|quarry)",
        r"\bi'?m\s+(?:standing|sitting)\s+(?:on|at)\s+the\s+(?:\w+\s+)?(?:bridge|roof|ledge|"
        r"railing|"
        r"edge)\b",
        r"\bi'?m\s+(?:on|at)\s+the\s+(?:\w+\s+)?(?:bridge|roof|ledge|railing|edge)\b[^.!?]{0,30}?"
        r"\bright\s+now",
        # plans, attempts, farewells
        r"\b(?:a|the|her|his|my)\s+plan\s+to\s+(?:die|end\s+(?:it|my|his|her|their)\b|kill)",
        r"\b(?:going|gonna|planning|plan|decided|intend)\s+(?:to\s+)?(?:kill\s+myself|end\s+my\s+"
        r"life|take\s+my\s+(?:own\s+)?life|hang\s+myself)",
        r"\b(?:tried|trying|attempt\w*)\s+to\s+(?:end\s+(?:it|my\s+life|things)|kill\s+(?:myself|"
        r"himself|herself)|take\s+my\s+(?:own\s+)?life)",
        r"\b(?:everything|all)\s+i\s+need\s+to\s+(?:do\s+it|finish\s+it|end\s+it|go\s+through)",
        r"\b(?:suicide|goodbye|farewell)\s+(?:note|letter|message|video)s?",
        r"\bsay(?:ing)?\s+goodbye\s+(?:to\s+(?:everyone|life)|forever|for\s+good)",
        r"\b(?:after|when|once)\s+i'?m\s+gone\b(?!\s+(?:on|for|to|away))",
    )),
    (SELF_HARM, "suicidal_ideation", STRONG, False, _any(
        r"\b(?:kill(?:ing)?|killed|unalive)\s+myself\b",
        r"\bend(?:ing)?\s+(?:my\s+(?:own\s+)?life|it\s+all)|\btak(?:e|ing)\s+my\s+(?:own\s+)?life",
        r"\bsuicid(?:al|e)\b(?!\s+(?:squad|doors?|bomb\w*|mission|run)\b)",
        r"\b(?:want|wants|wanted|wanna|wish)\s+(?:to\s+)?(?:die|be\s+dead)\b"
        r"(?!\s+(?:of|from|laughing|on\s+this\s+hill)\b)",
        r"\bwish\s+i\s+(?:was|were)\s+dead|\brather\s+be\s+dead",
        r"\bbetter\s+off\s+(?:dead|without\s+me)|\bbetter\s+without\s+me",
        r"\b(?:don'?t|do\s+not|didn'?t)\s+(?:really\s+|even\s+|honestly\s+|actually\s+)?want\s+"
        r"to\s+(?:live|be\s+alive|exist|go\s+on|be\s+here\s+"
        r"any\s?more|wake\s+up)",
        r"\b(?:no|not\s+any)\s+(?:reason|point)\s+(?:for\s+(?:him|her|me)\s+)?(?:to|"
        r"in)\s+(?:living|"
        r"live|going\s+on|keep\s+living|be\s+alive|being\s+alive)|\bno\s+point\s+going\s+on",
        r"\b(?:tired|done|sick)\s+(?:of|with)\s+(?:being\s+alive|living|life|breathing|existing|"
        r"waking\s+up(?!\s+(?:at|early|to|for|before|with|in|every|so|when|\d)))\b",
        r"\b(?:stop|stopped|cease)\s+(?:existing|living|being\s+alive)|\bnot\s+(?:be|"
        r"being)\s+alive\b",
        r"\b(?:won'?t|will\s+not|not\s+going\s+to|stop)\s+be(?:ing)?\s+(?:a\s+problem|a\s+burden|"
        r"around|here)\s+(?:for\s+(?:anyone|anybody|everyone|you|them|him|her)\s+)?(?:for\s+)?"
        r"(?:much\s+longer|long|soon|any\s?more)",
        r"\b(?:sleep|go\s+to\s+sleep|close\s+my\s+eyes)\s+and\s+(?:not|never)\s+wake\s+up",
        r"\b(?:hope|hoping|wish)\s+(?:\w+\s+){0,3}?i\s+(?:just\s+)?(?:don'?t|wouldn'?t|won'?t|"
        r"never|"
        r"didn'?t)\s+(?:wake|get)\s+up",
    )),
    (SELF_HARM, "suicidal_ideation", WEAK, False, _any(
        r"\b(?:don'?t|do\s+not)\s+(?:really\s+)?care\s+(?:what|if)\s+(?:happens\s+to\s+me|"
        r"i\s+live)",
        r"\bwhatever\s+happens\s+to\s+me|\bstopped\s+caring\s+about\s+myself",
        r"\b(?:just\s+)?(?:disappear|vanish|evaporate|cease)\b(?!\s+into)",
        r"\b(?:don'?t|do\s+not|can'?t)\s+see\s+(?:the|any|much)\s+point\s+(?:in|of)\s+(?:anything|"
        r"living|life|going\s+on)",
        r"\bi'?m\s+(?:such\s+)?a\s+burden|\b(?:easier|happier)\s+(?:off\s+)?without\s+me",
        r"\b(?:not|never)\s+wak(?:e|ing)\s+up\b|\bkms\b",
        r"\bnot\s+(?:be\s+)?(?:around|here)\s+(?:next|much\s+longer|for\s+long)",
        r"\b(?:gave|giving|given)\s+away\s+(?:my|his|her|all)\b",
        r"\b(?:giv(?:e|ing)|gave|given)\s+(?:all\s+)?(?:of\s+)?my\s+(?:\w+\s+)?(?:things|stuff|belongings|"
        r"possessions|clothes|books)\s+away\b",
        r"\bi'?m\s+(?:on|at)\s+the\s+(?:\w+\s+)?(?:bridge|roof|ledge)\b",
        r"\b(?:final|last)\s+(?:letter|note|goodbye)\b",
        r"\b(?:easier|better|simpler)\s+(?:off\s+)?(?:for\s+(?:everyone|them|him|"
        r"her)\s+)?if\s+i\s+(?:just\s+)?"
        r"(?:didn'?t|did\s+not|never|wasn'?t|weren'?t|was\s+not|wouldn'?t)\s+(?:wake\s+up|here|"
        r"around|"
        r"exist|born|alive)",
        r"\b(?:don'?t|"
        r"do\s+not)\s+(?:really\s+)?know\s+why\s+i\s+(?:even\s+)?bother\s+(?:with\s+anything|"
        r"getting\s+up|living)|"
        r"\bwhy\s+(?:do\s+)?i\s+(?:even\s+)?bother\s+(?:with\s+"
        r"anything|getting\s+up|living)",
        r"\bhow\s+easy\s+it\s+(?:would|'d|could)\s+be(?=\s*(?:[.!?,]|$)|"
        r"\s+to\s+(?:just\s+)?(?:jump|"
        r"end|step|let\s+go|disappear|not\s+(?:be|wake|come)|drive\s+(?:off|into)|swerve|"
        r"go\s+under|"
        r"fall))",
        r"\bi\s+(?:\w+\s+)?(?:stand|sit|stood|sat|go|went|walk|drive|stop)\w*\s+(?:on|to|at|by|"
        r"near)\s+(?:the|"
        r"a)\s+(?:\w+\s+)?(?:bridge|roof|ledge|edge|cliff|railway|tracks)\b[^.!?]{0,80}?\b(?:think|"
        r"thinking|thought|wonder\w*|imagin\w*|easy|jump\w*|how\s+(?:high|far))",
        r"\b(?:everyone|they|he|she|the\s+kids|my\s+(?:family|kids|children))\s+(?:would|'d|"
        r"will)\s+(?:\w+\s+)?"
        r"(?:cope|manage|be\s+(?:fine|happier|better|ok|okay))\s+(?:\w+\s+)?without\s+me",
        r"\b(?:letters?|notes?|videos?)\s+(?:to|for)\s+(?:my|the)\s+(?:kids|children|son|daughter|"
        r"family|"
        r"parents|mum|mom|dad|wife|husband|partner)\b[^.!?]{0,40}?\bin\s+case\b",
    )),
    # ... and low mood with a wish for everything to stop: a check-in only with low mood beside
    (SELF_HARM, "suicidal_ideation", WEAK, False, r"(?P<low>\b(?:want|wish|need)\s+(?:for\s+)?"
     r"(?:everything|it\s+all|all\s+of\s+it)\s+to\s+(?:just\s+)?(?:stop|end|be\s+over|go\s+away)|"
     r"\b(?:tired|sick)\s+of\s+(?:everything|it\s+all)\b(?!\s+(?:being|he|she|they|we|falling|"
     r"always|"
     r"having|going|on\s+me)))"),
    (SELF_HARM, "self_harm_act", STRONG, False, _any(
        r"\b(?:cut|cuts|cutting)\s+(?:myself|himself|herself|themselves|again|my\s+(?:arms?|"
        r"wrists?|"
        r"thighs?|legs?|stomach|skin|ankles?))\b(?!\s+(?:shaving|cooking|on|by\s+accident)\b)",
        r"\b(?:been|started|start|keep|kept|stop(?:ped)?|back\s+to|i)\s+cutting(?=\s*(?:[.,!?;]|$)|"
        r"\s+(?:again|since|every|for|when|after|and|myself|at\s+night|on\s+my|deeper|"
        r"my\s+(?:arms?|"
        r"wrists?|thighs?|legs?|skin)))",
        r"\bi\s+cut\s+again\b",
        r"\b(?:harm|harming|harmed|punish\w*|hit|hitting|punch\w*|starv\w*|stab\w*|slash\w*)\s+"
        r"myself\b",
        r"\b(?:hurt|hurting|burn\w*|scratch\w*|bit|bite|biting)\s+myself\b(?!\s+(?:at|on|in|while|"
        r"when|moving|lifting|playing|running|doing|cooking|shaving|baking|ironing|falling|by\s+"
        r"accident|accidentally|slightly|a\s+little)\b)",
        r"\bma(?:k|d)e\s+myself\s+(?:bleed|throw\s+up|vomit|sick)\b|\bself[- ]?harm\w*",
        r"\bmy\s+(?:\w+\s+){0,2}?(?:till|until)\s+(?:it|they|i)\s+(?:bleed|bled|bruise)",
    )),
    (SELF_HARM, "self_harm_act", STRONG, False,
     _by(_I,
         r"(?:been|keep|kept|started|start)\s+(?:burn|cut|slash|scald|stab|carv|scratch|pinch)\w*"
         rf"\s+{_MY_SKIN}",
         r"(?:burn|burnt|cut|slash|scald|stab|carv|scratch|pinch|hit|punch|smash|slam|bang|bit|"
         rf"bite|biting|headbutt)\w*\s+(?:{_MY_BODY}|the\s+wall)\b[^.!?]{{0,50}}?\b"
         rf"{_SELF_INJURY_CUE}")),
    (SELF_HARM, "self_harm_act", WEAK, False, _any(
        r"\b(?:razor|razors|razor\s+blades?|box\s+of\s+blades|box\s+cutter)\b",
        r"\b(?:marks|scars|cuts|burns)\s+on\s+my\s+(?:arms?|wrists?|thighs?|legs?|stomach|hands?)",
        r"\b(?:hid(?:e|ing)?|cover\w*)\s+(?:them|it|the\s+(?:marks|scars|cuts))\s+(?:with|under)\s+"
        r"(?:long\s+)?sleeves",
    )),
    (SELF_HARM, "partner_suicide_threat", STRONG, False,
     _by(_OTHER,
         r"(?:kill|hurt|harm|cut|hang|shoot|stab|drown|burn|end)\w*\s+(?:himself|herself|"
         r"themselves|themself)\b(?!\s+(?:at|on|in|while|shaving|cooking|by\s+accident|"
         r"accidentally)\b)",
         r"(?:tried|attempted|threaten\w*|going|gonna|says?\s+(?:he|she|they)'?ll|will|'ll)\s+"
         r"(?:to\s+)?(?:overdose|jump\s+(?:off|from)|swallow\s+(?:everything|all|the)|"
         r"walk\s+into\s+"
         r"(?:traffic|the\s+sea)|crash\s+the\s+car|drive\s+into)",
         r"(?:can'?t|cannot)\s+promise\s+(?:he|she|they)'?(?:ll|d)\s+(?:still\s+)?be\s+alive",
         gap=_NEAR)),
    (SELF_HARM, "partner_suicide_threat", WEAK, False, _any(
        r"\b(?:doesn'?t|does\s+not|don'?t)\s+know\s+what\s+(?:he|she|they)'?(?:d|ll)\s+do\b",
        r"\bwhat\s+(?:he|she|they)'?(?:d|ll)\s+do\s+to\s+(?:himself|herself|themselves)",
    )),

    # --- the writer causing harm ---
    (HARM_TO_PARTNER, "strangulation", STRONG, CRISIS, _by(_I, _strangling(_THEM, _THEIR))),
    (HARM_TO_PARTNER, "user_harmed_partner", STRONG, False,
     _by(_I, _blows(_THEM, _THEIR), rf"(?:put|had|got)\s+my\s+hands\s+on\s+{_THEM}")),
    (HARM_TO_PARTNER, "user_harmed_partner", WEAK, False,
     _by(_I,
         rf"(?:hurt|hurting|abus\w+)\s+{_THEM}",
         rf"(?:yell\w*|scream\w*|shout\w*)\s+(?:at\s+)?{_THEM}\s+(?:until|till|so)\b",
         r"(?:punch\w*|kick\w*|smash\w*|threw|throw\w*|broke)\s+(?:the|a|her|his|their)\s+"
         r"(?:\w+\s+)?(?:wall|door|chair|phone|laptop|plate|glass|mug|table|remote)\b")),
    (HARM_TO_PARTNER, "threat_to_kill", STRONG, CRISIS,
     _by(_I_TALK, rf"(?:kill|murder|strangle|shoot|stab)\s+{_THEM}",
         rf"beat\s+the\s+\w+\s+out\s+of\s+{_THEM}", gap=_GAP_TALK)),
    (HARM_TO_PARTNER, "user_harmed_partner", STRONG, False,
     _by(_I_TALK, r"make\s+sure\s+(?:he|she|they)\s+(?:can'?t|won'?t|never|"
                  r"will\s+never)\s+(?:walk|see|talk|"
         r"leave|work|use\s+(?:his|her|their)\s+\w+)\s+(?:\w+\s+)?again", gap=_GAP_TALK)),
    (HARM_TO_PARTNER, "partner_fears_user", STRONG, False,
     _by(_OTHER, r"(?:afraid|scared|terrified|frightened)\s+(?:of\s+)?me\b", gap=_NEAR)),
    (HARM_TO_PARTNER, "user_controls_partner", STRONG, False,
     _by(_I,
         rf"(?:took|take|taking|keep|kept|hid|hide|hiding)\s+{_THEIR}\s+(?:\w+\s+)?(?:phone|"
         r"car\s+keys|keys|passport|bank\s+card|cards?|wallet|id|insulin|medication|meds)\b",
         rf"lock\w*\s+{_THEM}\s+(?:in|out)\b",
         r"(?:block\w*|stand\w*\s+in|stood\s+in)\s+(?:the\s+)?(?:door|doorway|"
         r"way)\b[^.!?]{0,30}?\bso\s+"
         r"(?:he|she|they)\s+(?:can'?t|couldn'?t|cannot|won'?t)",

         rf"(?:don'?t|do\s+not|won'?t|never)\s+let\s+{_THEM}\s+(?:see|go|have|leave|talk|use|"
         rf"get)\b",
         rf"(?:made|make|making)\s+{_THEM}\s+(?:kneel|sleep|strip|sit|stand|beg)")),
    (HARM_TO_PARTNER, "user_controls_partner", WEAK, False,
     _by(_I,
         r"(?:read|check|go\s+through|went\s+through|going\s+through|monitor\w*|track\w*)\s+"
         rf"(?:all\s+)?{_THEIR}\s+(?:\w+\s+)?(?:phone|messages|texts|e-?mails|location|car)\b",
         r"(?:follow\w*|drove\s+past|drive\s+past|waiting\s+outside|wait\s+outside|"
         r"turned\s+up\s+at|showed\s+up\s+at)\s+(?:her|his|their|my\s+ex)\b")),

    # --- children at risk ---
    (CHILD, "child_in_danger", STRONG, CRISIS, _any(
        rf"\b(?:shak\w+|shook)\s+{_CHILD}",
        _strangling(_CHILD, _CHILDS),
        rf"\b(?:threw|throw\w*|held|hold\w*)\s+{_CHILD}\s+(?:across|against|over|into|out|under)",
    )),
    (CHILD, "child_harmed", STRONG, False, _blows(_CHILD, _CHILDS)),
    (CHILD, "child_harmed", STRONG, False, _by(_CARER, _blows("me", "my"))),
    (CHILD, "child_harmed", STRONG, False, _any(
        rf"\b(?:lock|shut)\w*\s+{_CHILD}\s+(?:in|out)\b",
        rf"{_CHILD}[^.!?]{{0,60}}?\b(?:lock|shut)\w*\s+(?:him|her|them)\s+(?:in|out|inside|"
        rf"outside)\s+"
        r"(?:the\s+)?(?:cellar|basement|cupboard|closet|shed|garage|room|bathroom|car|boot|garden|"
        r"cold|dark)",
        rf"\b(?:left|leaves|leaving|leave)\s+{_CHILD}\s+(?:\w+\s+){{0,3}}?(?:alone|in\s+the\s+car|"
        r"unattended|by\s+(?:him|her)self|on\s+a\s+doorstep)",
    )),
    (CHILD, "threat_to_child", STRONG, False, _any(
        rf"\b(?:hurt|harm|kill|drown|burn|shoot|stab|suffocate)\s+{_CHILD}",
        # "he said the kids would 'pay for it' if I told"
        rf"{_SAYS}{_NEAR}{_CHILD}\s+['\"]?(?:would|will|'ll|'d|are\s+going\s+to|is\s+going\s+to|"
        r"gonna)\s+['\"]?(?:pay|suffer|get\s+hurt|be\s+(?:sorry|hurt|next)|regret)\b")),
    (CHILD, "child_neglect", STRONG, False, _any(
        r"\b(?:drunk|drinking|been\s+drinking|had\s+a\s+few|high|over\s+the\s+limit)\b"
        rf"[^.!?]{{0,60}}?\bdriv\w*\s+(?:with\s+)?{_CHILD}",
        r"\b(?:drink\w*\s+and\s+driv\w*|driv\w*\s+drunk|drunk[- ]driv\w*)\s+(?:\w+\s+){0,2}?"
        rf"with\s+{_CHILD}",
        rf"\bdriv\w*\s+{_CHILD}\s+(?:\w+\s+){{0,4}}?(?:after|while|when)\s+(?:(?:he|she|"
        rf"they)(?:'s|'ve|\s+has|"
        r"\s+have|\s+is)\s+)?(?:been\s+)?(?:drinking|drunk|had\s+a\s+few|high|using|stoned|"
        r"over\s+the\s+limit)",
    )),
    (CHILD, "child_sexual_abuse", STRONG, False,
     _by(_CARER,
         r"(?:touch\w*|grop\w*|fondl\w*|molest\w*|abus\w*)\s+(?:me|her|him)\b",
         r"(?:comes?|coming|came)\s+into\s+my\s+(?:room|bed)")),
    (CHILD, "child_sexual_abuse", STRONG, False, _any(
        rf"(?:{_age(_MINOR_AGE)})[^\n]{{0,120}}?{_SEXUAL_CONTACT}",
        rf"{_SEXUAL_CONTACT}[^\n]{{0,120}}?(?:{_age(_MINOR_AGE)})",
        r"\b(?:molest\w*|sexually\s+abus\w*)",
        rf"\bporn\w*\b[^.!?]{{0,40}}?{_CHILD}|{_CHILD}[^.!?]{{0,40}}?\bporn\w*",
        r"\b(?:photos|pictures|images)\s+of\s+(?:kids|children)",
    )),
    (CHILD, "child_witness", WEAK, False, _any(
        rf"{_CHILD}s?\s+(?:\w+\s+){{0,2}}?(?:saw|watched|heard|witnessed)\s+(?:everything|it\s+all|"
        r"the\s+(?:fight|fighting|whole\s+thing)|(?:him|her|me|us|daddy|mummy|mommy)\s+(?:\w+\s+)?"
        r"(?:hit|push|choke|slap|beat|fight|scream|yell|get))",
        r"\b(?:kids|children)\s+(?:\w+\s+){0,2}?(?:hid|hide|hiding)\b",
        rf"\bin\s+front\s+of\s+{_CHILD}",
    )),
    (CHILD, "minor_with_adult", STRONG, False, _any(
        _age_gap(r"1[0-5]", r"(?:1[89]|[2-9]\d)"),  # 15 or under with any adult
        _age_gap(r"1[67]", r"(?:2[1-9]|[3-9]\d)"),  # 16-17 with someone 21 or over
    )),
    (CHILD, "minor_with_adult", WEAK, False, _any(
        _age_gap(r"1[67]", r"(?:1[89]|20)"),
        r"\b(?:older|grown)\s+(?:guy|man|woman)\b[^.!?]{0,60}?\b(?:online|secret|pics|pictures|"
        r"meet|body|camera)",
        r"\bnot\s+to\s+tell\s+(?:my|your|her|his)\s+(?:parents|mum|mom|dad|mother|father)",
        # an adult's secrets with a child: "messages our 12-year-old, tells her to delete the chats"
        rf"{_CHILD}[^\n]{{0,100}}?\b(?:delet\w*|hid\w*)\s+(?:the|those|their|his|her|our|"
        rf"all\s+the)\s+"
        r"(?:chats?|messages|texts|conversations|pictures|photos|dms)\b",
        rf"{_CHILD}[^\n]{{0,100}}?\b(?:tells?|told|asks?|asked|makes?|made)\s+(?:her|him|"
        rf"them)\s+(?:to\s+keep\s+"
        r"(?:it|this|them|their\s+\w+)\s+(?:a\s+)?secret|not\s+to\s+tell)",
    )),
)
