"""The composer's phrases: data in prompts/gently.toml, loaded and checked once.

A phrase may name details from the person's words as `{slots}` and may declare further
`needs`; it is used only when every one of those details was found. Loading fails with a
PromptError naming the entry when a slot or need is unknown, a topic is missing a kind of
phrase, or a phrase cannot be filled.
"""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from server.errors import PromptError
from server.rephrase.concern import DETAIL_KEYS, TOPICS
from server.rephrase.framing import CONTEMPT

FILE = "gently.toml"
KINDS = ("longings", "observations", "needs", "requests")


@dataclass(frozen=True)
class Phrase:
    """One hand-written phrase and the details it needs."""

    text: str
    needs: frozenset[str]

    def fill(self, details: dict[str, str]) -> str:
        """The phrase with its slots filled, first letter capitalised."""
        out = self.text.format(**details)
        return out[:1].upper() + out[1:]


@dataclass(frozen=True)
class TopicPhrases:
    """The phrases for one concern topic."""

    longings: tuple[Phrase, ...]  # a sentence naming the longing
    observations: tuple[Phrase, ...]  # the concern as a clause, no blame, no final stop
    needs: tuple[Phrase, ...]  # a clause starting "and …" naming the positive need
    requests: tuple[Phrase, ...]  # a small, specific invitation as a question


@dataclass(frozen=True)
class Phrases:
    """Everything the composer says."""

    topics: dict[str, TopicPhrases]
    fallbacks: tuple[str, ...]  # warmer, lighter, more direct: used if nothing else passes
    clarification_questions: tuple[str, ...]
    contempt_notes: dict[str, str]  # why each kind of contempt was dropped

    @classmethod
    def load(cls, folder: Path) -> Phrases:
        path = folder / FILE
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise PromptError(f"the phrase file {path} is missing") from None
        except tomllib.TOMLDecodeError as exc:
            raise PromptError(f"{path} is not valid TOML: {exc}") from None
        return parse(data, str(path))


def parse(data: dict[str, Any], where: str) -> Phrases:
    """Check and build Phrases from the TOML's data; `where` names it in errors."""
    def fail(message: str) -> PromptError:
        return PromptError(f"{where}: {message}")

    topics: dict[str, TopicPhrases] = {}
    for topic in TOPICS:
        table = data.get("topics", {}).get(topic)
        if table is None:
            raise fail(f"no phrases for the topic {topic!r}")
        kinds = []
        for kind in KINDS:
            entries = table.get(kind) or []
            if not entries:
                raise fail(f"topics.{topic} has no {kind}")
            kinds.append(tuple(_phrase(e, f"topics.{topic}.{kind}", fail) for e in entries))
        for need in kinds[2]:
            if not need.text.startswith("and "):
                raise fail(f"topics.{topic}.needs: {need.text!r} must start with 'and '")
        topics[topic] = TopicPhrases(*kinds)
    unknown = set(data.get("topics", {})) - set(TOPICS)
    if unknown:
        raise fail(f"phrases for unknown topics: {', '.join(sorted(unknown))}")
    fallbacks = tuple(data.get("fallbacks", ()))
    questions = tuple(data.get("clarification_questions", ()))
    notes = dict(data.get("contempt_notes", {}))
    if len(fallbacks) != 3:
        raise fail("fallbacks needs three openings: warmer, lighter, more direct")
    if not questions:
        raise fail("clarification_questions is empty")
    missing = set(CONTEMPT) - set(notes)
    if missing:
        raise fail(f"contempt_notes lacks {', '.join(sorted(missing))}")
    return Phrases(topics, fallbacks, questions, notes)


def _phrase(entry: Any, where: str, fail: Any) -> Phrase:
    text, needs = (entry, []) if isinstance(entry, str) else (entry.get("text"), entry.get("needs",
                                                                                        []))
    if not isinstance(text, str) or not text:
        raise fail(f"{where}: an entry without text")
    slots = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    unknown = (slots | set(needs)) - DETAIL_KEYS
    if unknown:
        raise fail(f"{where}: {text!r} names unknown details: {', '.join(sorted(unknown))}")
    phrase = Phrase(text, frozenset(slots | set(needs)))
    phrase.fill(dict.fromkeys(DETAIL_KEYS, "x"))  # every slot can be filled
    return phrase
