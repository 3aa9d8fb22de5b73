"""The project's one vocabulary: how text is folded, split and tokenised, and the word lists
every stage shares (the index, retrieval, the verifier, the framing rules, the safety
lexicon, the eval).

Content words are lower-cased word tokens minus stop words, reduced to their Snowball
(Porter 2) stems, so "talking", "talks" and "talk" all count as one word. Folding keeps
every offset: one character in, one character out, so a match in folded text is the
person's own words at the same place.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

# --- folding -----------------------------------------------------------------------------

_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'",
                         "“": '"', "”": '"'})


def fold_quotes(text: str) -> str:
    """Curly quotes and apostrophe look-alikes as straight ones; same length as `text`."""
    return text.translate(_QUOTES)


def fold(text: str) -> str:
    """Lower-cased, with quotes folded; same length as `text`, so offsets carry over."""
    out = []
    for ch in fold_quotes(text):
        low = ch.lower()
        out.append(low if len(low) == 1 else ch)
    return "".join(out)


# --- sentences ---------------------------------------------------------------------------

# Terminal punctuation (and closing quotes) followed by a space or a letter, or a line break.
# Edited prose and texting both split here; "3.5" does not.
_BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s|[^\W\d_])|\n")
_BOUNDARY_PROSE = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s|[^\W\d_])")
# Abbreviations after which a full stop does not end the sentence ("Dr. Gottman", "e.g. a walk").
_ABBREVIATION = re.compile(r"\b(?:dr|mr|mrs|ms|prof|vs|e\.g|i\.e|cf)\.|\betc\.(?=\s*(?-i:[a-z]))",
                           re.IGNORECASE)
_NEXT_LOWER = re.compile(r"\s*[a-z0-9]")
MAX_QUOTE_CHARS = 600  # a quotation longer than this is not kept whole (a stray mark, likely)


def quotations(text: str, *, lines: bool = True) -> list[tuple[int, int]]:
    """(start, end) of each quotation in `text`: “…” or "…", closed within MAX_QUOTE_CHARS
    (and, with `lines`, on the same line). An unclosed mark opens nothing."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for i, ch in enumerate(text):
        if ch == "\n" and lines:
            open_at = None
        elif open_at is None and ch in "“\"":
            open_at = i
        elif open_at is not None and (ch == "”" or (ch == '"' and text[open_at] in "\"“")):
            if i - open_at <= MAX_QUOTE_CHARS:
                spans.append((open_at, i + 1))
            open_at = None
        elif open_at is not None and ch == "“":
            open_at = i  # a new opening mark: the earlier one was stray
    return spans


def split_sentences(text: str, offset: int = 0, *, lines: bool = True) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`, shifted by `offset`; whitespace is trimmed.

    A sentence never ends inside a quotation (“How are you? Fine?” is one) or after a
    common abbreviation. With `lines` (messages, texting) a line break ends a sentence;
    without it (a document's paragraph, hard-wrapped or not) it is a space.

    Example: "One. Two?  three" -> [(0, 4), (5, 9), (11, 16)]
    """
    quotes = quotations(text, lines=lines)
    abbreviated = {i for m in _ABBREVIATION.finditer(text)
                   for i in range(m.start() + 1, m.end() + 1)}
    spans: list[tuple[int, int]] = []
    start = 0
    for match in (_BOUNDARY if lines else _BOUNDARY_PROSE).finditer(text):
        end = match.end()
        if match.group() != "\n":
            if any(qs < end < qe for qs, qe in quotes):
                continue  # inside a quotation
            if end in abbreviated:
                continue  # "Dr. Gottman", "e.g. a walk"
            if (match.group()[-1] in "\"”" and _NEXT_LOWER.match(text, end)
                    and not lines):
                continue  # a quoted line inside the sentence: ... "stop." she said
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        piece = text[s:e]
        s2 = s + (len(piece) - len(piece.lstrip()))
        e2 = e - (len(piece) - len(piece.rstrip()))
        if e2 > s2:
            out.append((s2 + offset, e2 + offset))
    return out


# --- words -------------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

# A short English stop list: function words only. Negations are deliberately absent
# (they carry meaning), as are quantifiers such as "always" and "never".
STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself of off on once only or other our ours ourselves out
    over own same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours yourself yourselves also may might must
    shall i'm i've i'd i'll you're you've you'd you'll he's she's it's we're we've they're
    they've that's there's what's let's s t d ll m re ve""".split()
)

# Words that negate what follows, texting spellings included ("dont").
NEGATIONS = frozenset(
    "not no never nothing nobody none neither nor without cannot n't "
    "don't doesn't didn't isn't aren't wasn't weren't won't wouldn't can't couldn't "
    "shouldn't hasn't haven't hadn't ain't "
    "dont doesnt didnt isnt arent wasnt werent wont wouldnt cant couldnt shouldnt hasnt "
    "havent hadnt".split()
)
# Words that say "almost not": a claim with one of these says less than one without.
SCARCITY = frozenset("rarely seldom hardly barely".split())
# Words that hedge a claim: "can", "often", "tend to" make it weaker than a plain statement.
HEDGES = frozenset("may might can could often usually tend tends sometimes likely perhaps "
                   "possible possibly many most some rarely".split())
# Words that make a claim absolute; the article almost never speaks this way.
ABSOLUTES = frozenset(
    "always never every all everyone everybody nothing only completely forever guarantee "
    "guaranteed guarantees definitely certainly surely must proven cure cures".split()
)
NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty "
    "fifty hundred thousand twice half percent dozen".split()
)
TIME_UNITS = frozenset(
    "week weeks day days month months year years hour hours minute minutes".split()
)
# Ways to name a partner, as a regex alternation ("my hubby", "her fiancée").
# The partner by a word that tells their gender (for "he" and "she" in a reply).
HIS_NOUNS = r"husband|boyfriend|bf|hubby|fianc[eé]"
HER_NOUNS = r"wife|girlfriend|gf|wifey|fianc[eé]e"
PARTNER_NOUNS = (r"(?:husband|wife|partner|boyfriend|girlfriend|bf|gf|hubby|wifey|fianc[eé]e?|"
                 r"spouse|missus|other half|significant other)")
MY_PARTNER = rf"my {PARTNER_NOUNS}"
# The partner spoken of rather than to: "he", "she", "my husband".
PARTNER_SPOKEN_OF = rf"(?:he|she|{MY_PARTNER})"
# Whoever a complaint says did (or didn't do) something, "they" included: "they never ask".
PARTNER_OR_THEY = rf"(?:you|he|she|they|{MY_PARTNER})"
# The partner as the subject of a clause, spoken to or of ("u" in texting).
PARTNER_AS_SUBJECT = rf"(?:you|u|he|she|{MY_PARTNER})"

# Laughter in a message, as a regex alternation: "lol", "lmao", "hahaha", "hehe", "jk".
LAUGHTER = r"(?:lol|lmao|lmfao|rofl|ha(?:ha)+[ah]*|he(?:he)+[eh]*|jk|j/k)"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"  # as a regex alternation
WEEKDAY_PLURAL = "(?:" + "|".join(d + "s" for d in WEEKDAYS) + ")"  # "on mondays"

# Texting forms spelled out (pattern on folded text, replacement), so one set of patterns reads
# both registers: "u didnt" -> "you didn't". `spell_out` applies them.
TEXTING_FORMS: tuple[tuple[str, str], ...] = (
    (r"\bu\b", "you"),
    (r"\bur (?=(?:never|always|not|so|on|out|home|too|just|gone|busy|literally|still|really|at"
     r"|in|a|an|the|being|(?!(?:wedd|morn|even|build|meet|feel|paint|cook|parent|sibl|th|r|k|w"
     r"|cloth|ceil|sav|earn)ings?\b)[a-z]+ing)\b)", "you're "),
    (r"\bur\b", "your"), (r"\br\b", "are"), (r"\bw/o\b", "without"), (r"\bw/", "with"),
    (r"\bw\b", "with"),
    (r"\bim\b", "i'm"), (r"\bive\b", "i've"), (r"\bill (?=just|probably|go|eat|sit|stay)", "i'll "),
    (r"\bdont\b", "don't"), (r"\bdoesnt\b", "doesn't"), (r"\bdidnt\b", "didn't"),
    (r"\bcant\b", "can't"), (r"\bwont\b", "won't"), (r"\bhasnt\b", "hasn't"),
    (r"\bhavent\b", "haven't"), (r"\bisnt\b", "isn't"), (r"\bwouldnt\b", "wouldn't"),
    (r"\b(?:dint|didint)\b", "didn't"), (r"\bwasnt\b", "wasn't"), (r"\barent\b", "aren't"),
    (r"\bwerent\b", "weren't"), (r"\bcouldnt\b", "couldn't"), (r"\bshouldnt\b", "shouldn't"),
    (r"\bthank ?(?:you|u)\b|\bthanku\b", "thank you"),
    (r"\bthx\b|\bthanx\b|\bthnx\b", "thanks"), (r"\b(?:ud|youd)\b", "you'd"),
    (r"\bbc\b|\bcuz\b|\bcoz\b", "because"),
    (r"\b(?:ull|youll)\b", "you'll"), (r"\bhavnt\b", "haven't"),
    (r"(?<=[a-z]) n (?=[a-z])", " and "),  # "went to the gig n didnt ask"
    # "my dad's been ill" is "my dad has been", never a possessive: no noun follows
    (r"\b([a-z]+)'s (?=(?:been|gone|got|had|done)\b)", r"\1 has "),
)
_TEXTING_FORM_RES = tuple((re.compile(p), r) for p, r in TEXTING_FORMS)
# Words that mark the texting register itself (a message written like this gets a casual
# opening back): the spelled-out forms' short spellings and texting's own words.
TEXTING_MARKERS = (r"u|ur|r|im|ive|dont|cant|wont|didnt|doesnt|lol|lmao|omg|idk|tbh|rn|ngl|bc|cuz"
                   r"|coz|gonna|wanna|ya|pls|plz|thx|smh|btw|tho|imo|kinda|sorta|nvm")


def spell_out(text: str) -> str:
    """Folded `text` with its texting forms spelled out: "u didnt" -> "you didn't"."""
    low = fold(text)
    for pat, repl in _TEXTING_FORM_RES:
        low = pat.sub(repl, low)
    return low


def negates(word: str, *, scarcity: bool = False) -> bool:
    """Whether a (lower-case) word negates; with `scarcity`, "rarely" and its kin count too."""
    return word in NEGATIONS or word.endswith("n't") or (scarcity and word in SCARCITY)


def numbers(text: str) -> set[str]:
    """Numbers, number words and time units in `text` ("3", "twice", "weeks")."""
    return {w for w in words(text) if w.isdigit() or w in NUMBER_WORDS or w in TIME_UNITS}


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def words(text: str) -> list[str]:
    """Lower-cased word tokens, apostrophes folded: "Don’t stop" -> ["don't", "stop"]."""
    return _WORD.findall(fold(text))


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """The tokens of `words`, each with its offsets in `text`."""
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(fold(text))]


def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def content_words(text: str) -> list[str]:
    """Stems of the non-stop words of `text`, in order (repeats kept)."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS and w not in NEGATIONS]


# --- names -------------------------------------------------------------------------------

_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:'s)?\b")
# Kin said as a title ("Grandma's 90th", "Mum said") are relations, not names.
NOT_NAMES = frozenset("""i i'm i've i'd i'll tv ok okay grandma grandpa nan nana gran granny
    grandad granddad mum mom dad mummy mommy daddy auntie nanny""".split())
# A capitalised word opening a sentence is only taken for a name when it is followed the way
# names are ("Dan and I", "Sarah's", "Dan said", "Sam, I…") and isn't a common opener.
_NAME_CONTEXT = re.compile(
    r"(?:'s\b|,|\s+and\s+(?:i\b|me\b|[A-Z])|\s+(?:said|says|told|thinks|asked|texted|called)\b)"
)
COMMON_OPENERS = frozenset(
    """lately these those this that since our when between some could would how what why
    let's maybe honestly sometimes today tonight yesterday tomorrow recently hey hi hello love
    babe honey sweetheart darling even every and but so also just thank thanks please yes no
    ok okay really it it's there here we you your my me being having doing things life work
    after before now then still last next one all both time whenever while because if though
    although only sorry wow oh well like plus instead especially usually often most much more
    less the a an dinner lunch breakfast coffee weekends evenings mornings nights""".split()
)


def names(text: str, upto: int | None = None) -> list[tuple[str, str, int]]:
    """(lower-case, as written, offset) of the names in `text` before offset `upto`.

    A name is a capitalised word inside a sentence, or one opening it when it is followed
    the way names are; "I", "TV" and common openers are not names.
    """
    end = len(text) if upto is None else upto
    found: list[tuple[str, str, int]] = []
    for start, stop in split_sentences(text):
        if start >= end:
            break
        for m in _CAPITALISED.finditer(text, start, min(stop, end)):
            word = m.group().lower().removesuffix("'s")
            after = m.end() - (2 if m.group().endswith("'s") else 0)
            if m.start() == start and (word in STOP_WORDS or word in COMMON_OPENERS
                                       or not _NAME_CONTEXT.match(text, after)):
                continue
            if word not in NOT_NAMES:
                found.append((word, m.group(), m.start()))
    return found
