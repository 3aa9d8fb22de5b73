"""Compose a Talk reply around the article's answer: acknowledge, inform, invite.

The arc is the one scripted support tools that people rate well follow (reflect, inform,
invite). The acknowledgement reflects the person's own feeling word back, and only when
they share one; the article's answer is its own sentences, each a block quote with its
citation marker; connectives and the next step carry no claims of their own. Phrases are
data (prompts/talk.toml), chosen by a stable hash of the message.
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer.vocabulary import fold
from server.chat.answer import QuestionKind
from server.errors import PromptError
from server.prompts import read_phrase_file

FILE = "talk.toml"
KINDS: tuple[QuestionKind, ...] = ("say", "why", "when", "normal", "how", "other")
SLOTS = frozenset({"word", "them", "partner", "opening"})

# Feelings a message can share, most telling first, and the words that show them.
FEELINGS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern)) for key, pattern in (
        ("lonely", r"\b(?P<word>lonely|alone|isolated)\b"),
        ("missing", r"\bmiss(?:ing|ed)?\s+(?:him|her|them|my\s+\w+|us|you|u|the\s+way)\b"),
        ("strangers", r"\b(?:like\s+)?(?P<word>roommates|roomates|flatmates|housemates|strangers|"
                      r"co-?workers|colleagues)\b"),
        ("invisible", r"\b(?P<word>invisible|unseen|unwanted|unnoticed)\b"),
        ("hurt", r"\bhurt(?:s|ing)?\b|\bpainful\b|\bheartbroken\b"),
        ("sad", r"\b(?P<word>sad|miserable|empty|numb|unhappy|gutted|devastated|heartbroken)\b"),
        ("scared", r"\b(?P<word>scared|afraid|terrified|worried|anxious|frightened)\b"),
        ("guilty", r"\b(?P<word>guilty|ashamed)\b"),
        ("frustrated", r"\b(?P<word>frustrated|fed up|angry|resentful)\b|\bsick of\b|\btired of\b"),
        ("tired", r"\b(?P<word>exhausted|drained|burnt out|burned out|worn out|knackered|"
                  r"shattered|tired)\b"),
        ("hopeless", r"\bhopeless\b|\btoo late\b|\bgiv(?:e|ing) up\b|\bno point\b"),
        ("lost", r"\bdon'?t know what to do\b|\b(?:i'?m|i am|feel|feeling)\s+(?:so\s+)?"
                 r"(?:lost|confused|stuck)\b"),
    )
)
_HIM = re.compile(r"\b(?P<noun>husband|boyfriend|bf|hubby|fianc[eé])\b|\b(?:he|him|his|he's)\b")
_HER = re.compile(r"\b(?P<noun>wife|girlfriend|gf|wifey|fianc[eé]e)\b|\b(?:she|her|hers|she's)\b")
_NOUN = {"bf": "boyfriend", "gf": "girlfriend", "hubby": "husband", "wifey": "wife",
         "fiance": "fiancé", "fiancee": "fiancée"}


@dataclass(frozen=True)
class TalkPhrases:
    """Everything a reply says that is not the article."""

    acknowledgements: dict[str, tuple[str, ...]]
    connectives: dict[str, tuple[str, ...]]
    next_steps: dict[str, tuple[str, ...]]

    @classmethod
    def load(cls, folder: Path) -> TalkPhrases:
        path = folder / FILE
        return parse(read_phrase_file(path), str(path))


def parse(data: dict[str, Any], where: str) -> TalkPhrases:
    """Check and build TalkPhrases: every table complete, every slot known."""
    def table(name: str, keys: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
        found = data.get(name, {})
        missing = [k for k in keys if not found.get(k)]
        if missing:
            raise PromptError(f"{where}: [{name}] lacks {', '.join(missing)}")
        out = {}
        for key, variants in found.items():
            for v in variants:
                slots = {f for _, f, _, _ in string.Formatter().parse(v) if f is not None}
                if not slots <= SLOTS:
                    raise PromptError(f"{where}: {name}.{key}: {v!r} uses unknown slots "
                                      f"{', '.join(sorted(slots - SLOTS))}")
            out[key] = tuple(variants)
        return out

    return TalkPhrases(
        acknowledgements=table("acknowledgements", tuple(k for k, _ in FEELINGS)),
        connectives=table("connectives", (*KINDS, "second")),
        next_steps=table("next_steps", ("opening", "ask_detail", *KINDS[1:])),
    )


@dataclass(frozen=True)
class Person:
    """What the message says about the person and their partner, for the reply's slots."""

    feeling: str | None  # a key of FEELINGS
    word: str  # their feeling word, as they wrote it
    them: str  # "him", "her" or "them"
    partner: str  # "your husband", "your wife", "your partner"


def read_person(message: str, earlier: Sequence[str] = ()) -> Person:
    """The feeling the message shares (if any) and how it names the partner."""
    low = fold(message)
    feeling, word = None, ""
    for key, cue in FEELINGS:
        m = cue.search(low)
        if m:
            feeling = key
            word = (m.groupdict().get("word") or m.group(0)).strip()
            break
    context = " ".join([*earlier, message])
    them, partner = "them", "your partner"
    for pronoun, cue in (("him", _HIM), ("her", _HER)):
        m = cue.search(fold(context))
        if m:
            them = pronoun
            noun = m.group("noun")
            partner = f"your {_NOUN.get(noun, noun)}" if noun else "your partner"
            break
    return Person(feeling, word, them, partner)


def _pick(variants: tuple[str, ...], seed: str) -> str:
    digest = hashlib.sha256(" ".join(fold(seed).split()).encode()).hexdigest()
    return variants[int(digest[:8], 16) % len(variants)]


def quote_block(quote: str, n: int) -> str:
    """An exact quote as a block quote with its marker: "> The article's words. [1]"."""
    return f"> {quote} [{n}]"


class Composer:
    """Builds the parts of a reply from the phrases."""

    def __init__(self, phrases: TalkPhrases) -> None:
        self.phrases = phrases

    def _fill(self, text: str, person: Person, **extra: str) -> str:
        out = text.format(word=person.word, them=person.them, partner=person.partner,
                          **({"opening": ""} | extra))
        return out[:1].upper() + out[1:]

    def acknowledgement(self, message: str, person: Person) -> str:
        """A reflection of the feeling they shared, or "" when they shared none."""
        if person.feeling is None:
            return ""
        return self._fill(_pick(self.phrases.acknowledgements[person.feeling], message), person)

    def connective(self, kind: QuestionKind, message: str, second: bool = False) -> str:
        return _pick(self.phrases.connectives["second" if second else kind], message)

    def next_step(self, kind: QuestionKind, message: str, person: Person,
                  opening: str | None = None) -> str:
        """One next step: an opening built from their words, or a question back."""
        if kind == "say":
            key = "opening" if opening else "ask_detail"
            return self._fill(_pick(self.phrases.next_steps[key], message), person,
                              opening=opening or "")
        return self._fill(_pick(self.phrases.next_steps[kind], message), person)
