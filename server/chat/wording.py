"""What a person wants to say, out of their request for words.

"How do I ask for more affection without sounding desperate?" asks for words that say "more
affection"; the manner they fear ("without sounding desperate") and the reaction they dread
("he'll say he wants to leave") are not what they want said. Say it gently's composer reads a
complaint, so Talk hands it only the content, or nothing when there is none.
"""

from __future__ import annotations

import re

from indexer.vocabulary import PARTNER_NOUNS

_PERSON = rf"(?:him|her|them|my\s+(?:\w+\s+)?{PARTNER_NOUNS}|he|she|they)"

# The verb of speaking whose object is the content: "tell him (that) X", "ask (her) for X",
# "bring up (that) X", "say (to him) (that) X", "explain X", "let him know X".
_SPEAK = re.compile(
    rf"\b(?:tell|telling|told|let\s+{_PERSON}\s+know|ask(?:ing)?(?:\s+{_PERSON})?(?:\s+for|\s+to)?"
    rf"|bring(?:ing)?\s+up|raise|raising|mention(?:ing)?|say(?:ing)?(?:\s+to\s+{_PERSON})?"
    rf"|explain(?:ing)?|express(?:ing)?|admit(?:ting)?|talk(?:ing)?\s+(?:to\s+{_PERSON}\s+)?"
    rf"about|word|phrase|put\s+into\s+words)\b"
    rf"(?:\s+{_PERSON}\b(?!\s+(?:is|was|has|does|did|will|would|'s|'ll)\b))?(?:\s+that\b)?\s*",
    re.IGNORECASE)

# Where the content stops: the manner they fear, the reaction they dread, a new clause.
_STOP = re.compile(
    rf"\s*(?:[,.;:!?]|\bwithout\b|\bso\s+(?:that\s+)?(?:it|{_PERSON}|i)\b|\bbecause\b|\bbut\b"
    rf"|\bin\s+a\s+way\b|\bwhen\s+{_PERSON}\b|\bif\s+{_PERSON}\b"
    rf"|\b(?:{_PERSON}|it)(?:'ll|'d|\s+(?:will|would|might|may|could|gets|thinks|feels))\b"
    rf"|\band\s+(?:not|then|{_PERSON})\b|\bwhat\s+(?:do|should|can)\s+i\b)", re.IGNORECASE)

# The manner they fear, wherever it is: "without it sounding like...", "so he doesn't...".
_MANNER = re.compile(rf"\s*\b(?:without|so\s+(?:that\s+)?(?:it|{_PERSON})\s+(?:doesn'?t|don'?t|"
                     rf"won'?t|isn'?t|wouldn'?t))\b[^.?!]*", re.IGNORECASE)

# Words that point back at something said earlier carry no content of their own.
_EMPTY = re.compile(r"^(?:it|this|that|up|something|anything|the\s+(?:thing|topic|subject)|"
                    r"each\s+other|us(?:\s+again)?|.*\b(?:it|this|that)|(?:to|if|when|after|before|right|you|about\s+(?:it|this|that))\b.*|"
                    r"us|how\s+i\s+feel|what'?s\s+(?:wrong|missing)|what\s+i\s+(?:want|need)|"
                    r"the\s+conversation|a\s+conversation|(?:to\s+)?(?:him|her|them))$",
                    re.IGNORECASE)


def content_to_say(message: str) -> str | None:
    """The content of a request for words, or None when it names none ("what do I say?").

    Several requests in one message give the longest content."""
    found: list[str] = []
    for speak in _SPEAK.finditer(message):
        rest = message[speak.end():]
        stop = _STOP.search(rest)
        content = (rest[:stop.start()] if stop else rest).strip(" \"'“”‘’")
        if len(content.split()) >= 2 and not _EMPTY.match(content):
            found.append(content)
    return max(found, key=len) if found else None


def to_compose(message: str) -> str:
    """What Say it gently's composer should read for a request for words: its content, or
    else the message without the manner they fear."""
    return content_to_say(message) or _MANNER.sub("", message).strip()
