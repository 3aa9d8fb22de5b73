"""Word-level text handling shared by BM25, the grounding guard and the judge.

Content words are lower-cased word tokens minus stop words, reduced to their
Snowball (Porter 2) stems, so "talking", "talks" and "talk" all count as one word.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")

# A short English stop list: function words only. Negations are deliberately absent
# (they carry meaning for the guard), as are quantifiers such as "always" and "never".
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

NEGATIONS = frozenset(
    "not no never nothing nobody none neither nor without don't doesn't didn't isn't aren't "
    "wasn't weren't won't wouldn't can't cannot couldn't shouldn't hasn't haven't hadn't "
    "n't".split()
)


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def words(text: str) -> list[str]:
    """Lower-cased word tokens, apostrophes normalised: "Don’t stop" -> ["don't", "stop"]."""
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def content_words(text: str) -> list[str]:
    """Stems of the non-stop words of `text`, in order (repeats kept)."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS and w not in NEGATIONS]
