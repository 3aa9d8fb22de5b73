"""The composer's phrases: data in prompts/gently.toml, loaded and checked once.

A phrase may name details from the person's words as `{slots}` and may declare further
`needs`; it is used only when every one of those details was found. The `[missed]` phrases
name the concrete thing the person misses (server/rephrase/missed.py) and must say whose act
it is (a `by_*` marker), so a phrase about "you" never carries "we". Loading fails with a
PromptError naming the entry when a slot or need is unknown, a topic is missing a kind of
phrase, a phrase cannot be filled, a time rule is not a valid pattern, or a note on what
changed is missing or names a detail it is never given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from server.errors import PromptError
from server.prompts import read_phrase_file, slots
from server.rephrase.acts import ACT_CLASSES
from server.rephrase.concern import DETAIL_KEYS, TOPICS
from server.rephrase.framing import CONTEMPT
from server.rephrase.missed import MISSED_KEYS, WHO_MARKERS
from server.rephrase.observed import invented, is_longing

FILE = "gently.toml"
PHRASE_KINDS = ("longings", "requests")  # what every topic and the [missed] table hold
# Slots the facts of server/rephrase/observed.py fill.
FACT_KEYS = frozenset({"gathering", "gatherings", "next_share", "mine", "news", "load",
                       "your_turn", "ours", "ours_mean", "ours_them",
                       "thing"})
SLOT_KEYS = DETAIL_KEYS | MISSED_KEYS | FACT_KEYS
# The notes on what changed ([change_notes]) and the details each may name.
RULE_NOTE = frozenset({"evidence", "wish", "label", "why"})
CHANGE_NOTES: dict[str, frozenset[str]] = {
    **dict.fromkeys(("kept", "invitation_added", "shouting", "length", "invitation"), frozenset()),
    **dict.fromkeys(("no_absolutes", "no_absolutes_word", "no_labels", "no_contempt",
                     "no_faux_feelings", "no_demands", "second_person", "longing"), RULE_NOTE),
    "names": frozenset({"names"}), "missed": frozenset({"missed"}),
    "missed_asked": frozenset({"missed"}), "detail": frozenset({"detail"}),
}
HAS_TIME_RE = re.compile(
    r"\b(?:tonight|today|tomorrow|this (?:week|weekend|evening|morning|month|year)"
    r"|next (?:week|weekend|time)|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Phrase:
    """One hand-written phrase and the details it needs."""

    text: str
    needs: frozenset[str]

    def fill(self, details: dict[str, str]) -> str:
        """The phrase with its slots filled, first letter capitalised (an empty slot leaves
        no stray space: "Would you {act_now} {when}?" with no time reads "...us?")."""
        out = re.sub(r"\s+([?.,!;])", r"\1", " ".join(self.text.format(**details).split()))
        return out[:1].upper() + out[1:]


@dataclass(frozen=True)
class TopicPhrases:
    """The phrases for one concern topic."""

    longings: tuple[Phrase, ...]  # a sentence naming the longing
    requests: tuple[Phrase, ...]  # a small, specific invitation as a question
    felt_past: tuple[str, ...]  # a feeling or wish after a moment they told, no final stop
    felt_now: tuple[str, ...]  # the same after a habit they told


@dataclass(frozen=True)
class ActPhrases:
    """The phrases for one class of the partner's act (server/rephrase/acts.py)."""

    longings: tuple[Phrase, ...]  # the concern the act shows, said as a longing
    requests: tuple[Phrase, ...]  # a small invitation that fits the act
    requests_first: bool  # the act's requests lead the topic's
    felt_past: tuple[str, ...] = ()  # the wish after a moment of this act, ahead of the topic's
    felt_now: tuple[str, ...] = ()  # the same after a habit of it


@dataclass(frozen=True)
class MissedPhrases:
    """Phrases and tables for the concrete thing the person misses."""

    longings: tuple[Phrase, ...]  # name what is missed: "I miss the way you used to {act}."
    requests: tuple[Phrase, ...]  # ask for its small version: "Would you {act_now} {when}?"
    doable: dict[str, str]  # the start of an act -> the small version to ask for ("" = none)
    wishes: dict[str, str]  # a label aimed at a partner -> the act it wishes for
    times: tuple[tuple[re.Pattern[str], str], ...]  # words in the request -> when
    default_time: str

    def when(self, request: str, act: str = "") -> str:
        """When to ask for `request`, by its words or else the act's: "kiss me goodbye" ->
        "tomorrow morning"; "" when it names its own time ("one evening this week")."""
        if HAS_TIME_RE.search(request):
            return ""
        for text in (request, act):
            for pat, when in self.times:
                if pat.search(text):
                    return when
        return self.default_time


@dataclass(frozen=True)
class Phrases:
    """Everything the composer says."""

    topics: dict[str, TopicPhrases]
    missed: MissedPhrases
    fallbacks: tuple[str, ...]  # warmer, lighter, more direct: used if nothing else passes
    clarification_questions: tuple[str, ...]
    detail_questions: tuple[str, ...]  # asked when their words name nothing concrete
    contempt_notes: dict[str, str]  # why each kind of contempt was dropped
    change_notes: dict[str, str]  # what changed and why, by CHANGE_NOTES
    thinking: str  # the frame for their things, "{things}" its one slot
    acts: dict[str, ActPhrases] = field(default_factory=dict)  # by class of the partner's act

    @classmethod
    def load(cls, folder: Path) -> Phrases:
        path = folder / FILE
        return parse(read_phrase_file(path), str(path))


def parse(data: dict[str, Any], where: str) -> Phrases:
    """Check and build Phrases from the TOML's data; `where` names it in errors."""
    def fail(message: str) -> PromptError:
        return PromptError(f"{where}: {message}")

    topics: dict[str, TopicPhrases] = {}
    for topic in TOPICS:
        table = data.get("topics", {}).get(topic)
        if table is None:
            raise fail(f"no phrases for the topic {topic!r}")
        kinds = _kinds(table, f"topics.{topic}", fail)
        felt = _felt(table.get("felt"), f"topics.{topic}", fail)
        if not felt[0]:
            raise fail(f"topics.{topic}.felt needs entries with 'past' and 'now'")
        topics[topic] = TopicPhrases(kinds[0], kinds[1], *felt)
    unknown = set(data.get("topics", {})) - set(TOPICS)
    if unknown:
        raise fail(f"phrases for unknown topics: {', '.join(sorted(unknown))}")
    fallbacks = tuple(data.get("fallbacks", ()))
    questions = tuple(data.get("clarification_questions", ()))
    detail_questions = tuple(data.get("detail_questions", ()))
    notes = dict(data.get("contempt_notes", {}))
    if len(fallbacks) != 3:
        raise fail("fallbacks needs three openings: warmer, lighter, more direct")
    if not questions:
        raise fail("clarification_questions is empty")
    if not detail_questions:
        raise fail("detail_questions is empty")
    missing = set(CONTEMPT) - set(notes)
    if missing:
        raise fail(f"contempt_notes lacks {', '.join(sorted(missing))}")
    thinking = data.get("thinking")
    if not isinstance(thinking, str) or slots(thinking) != {"things"} or invented(
            thinking.format(things="x"), "x"):
        raise fail("thinking must be a frame with the one slot {things} whose other words are"
                   " feeling and longing words only (observed.FEELING_WORDS)")
    return Phrases(topics, _missed(data.get("missed", {}), fail), fallbacks, questions,
                   detail_questions, notes, _change_notes(data.get("change_notes", {}), fail),
                   thinking, _acts(data.get("acts", {}), fail))


def _felt(entries: Any, where: str, fail: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The (past, now) feelings of a `felt` list; each must say a feeling or a wish."""
    entries = entries or []
    if not all(isinstance(f, dict) and isinstance(f.get("past"), str)
               and isinstance(f.get("now"), str) for f in entries):
        raise fail(f"{where}.felt needs entries with 'past' and 'now'")
    for f in entries:
        for form in ("past", "now"):
            if not is_longing(f[form]):
                raise fail(f"{where}.felt: {f[form]!r} must say a feeling or a wish,"
                           " not what happened")
    return tuple(f["past"] for f in entries), tuple(f["now"] for f in entries)


def _kinds(table: dict[str, Any], where: str, fail: Any) -> list[tuple[Any, ...]]:
    """The phrases of each of PHRASE_KINDS in `table`, none of them empty."""
    kinds = []
    for kind in PHRASE_KINDS:
        entries = table.get(kind) or []
        if not entries:
            raise fail(f"{where} has no {kind}")
        kinds.append(tuple(_phrase(e, f"{where}.{kind}", fail) for e in entries))
    return kinds


def _acts(table: dict[str, Any], fail: Any) -> dict[str, ActPhrases]:
    """Every class of act needs longings that say a wish (never what
    happened) and requests."""
    if set(table) != set(ACT_CLASSES):
        wrong = sorted(set(table) ^ set(ACT_CLASSES))
        raise fail(f"acts needs exactly {', '.join(ACT_CLASSES)}; not so for {', '.join(wrong)}")
    out = {}
    for act, entry in table.items():
        kinds = _kinds(entry, f"acts.{act}", fail)
        for phrase in kinds[0]:
            if not is_longing(phrase.text):
                raise fail(f"acts.{act}.longings: {phrase.text!r} must say a feeling or a wish")
        out[act] = ActPhrases(kinds[0], kinds[1], bool(entry.get("requests_first", False)),
                              *_felt(entry.get("felt"), f"acts.{act}", fail))
    return out


def _change_notes(table: dict[str, Any], fail: Any) -> dict[str, str]:
    if set(table) != set(CHANGE_NOTES):
        wrong = sorted(set(table) ^ set(CHANGE_NOTES))
        raise fail(f"change_notes needs exactly {', '.join(sorted(CHANGE_NOTES))}; "
                   f"not so for {', '.join(wrong)}")
    for key, note in table.items():
        named = slots(note) if isinstance(note, str) else set()
        if not isinstance(note, str) or not note or named - CHANGE_NOTES[key]:
            raise fail(f"change_notes.{key} must be a note naming only "
                       f"{', '.join(sorted(CHANGE_NOTES[key])) or 'no details'}")
    return dict(table)


def _missed(table: dict[str, Any], fail: Any) -> MissedPhrases:
    kinds = []
    for kind in PHRASE_KINDS:
        entries = table.get(kind) or []
        if not entries:
            raise fail(f"missed has no {kind}")
        phrases = tuple(_phrase(e, f"missed.{kind}", fail) for e in entries)
        for phrase in phrases:
            if len(phrase.needs & WHO_MARKERS) != 1:
                raise fail(f"missed.{kind}: {phrase.text!r} must name whose act it is with one "
                           f"of {', '.join(sorted(WHO_MARKERS))}")
        kinds.append(phrases)
    tables = []
    for name in ("doable", "wishes"):
        entries = table.get(name, {})
        if not isinstance(entries, dict) or not all(isinstance(v, str) for v in entries.values()):
            raise fail(f"missed.{name} must map words to a phrase")
        tables.append(dict(entries))
    times = table.get("times", {})
    rules = []
    for n, rule in enumerate(times.get("rules", [])):
        if not (isinstance(rule, list) and len(rule) == 2 and all(isinstance(x, str)
                                                                  for x in rule)):
            raise fail(f"missed.times.rules[{n}] must be [pattern, when]")
        try:
            rules.append((re.compile(rule[0]), rule[1]))
        except re.error as exc:
            raise fail(f"missed.times.rules[{n}]: {rule[0]!r} is not a valid pattern: "
                       f"{exc}") from None
    default = times.get("default")
    if not isinstance(default, str) or not default:
        raise fail("missed.times has no default")
    return MissedPhrases(kinds[0], kinds[1], tables[0], tables[1], tuple(rules), default)


def _phrase(entry: Any, where: str, fail: Any) -> Phrase:
    text, needs = (entry, []) if isinstance(entry, str) else (entry.get("text"), entry.get("needs",
                                                                                        []))
    if not isinstance(text, str) or not text:
        raise fail(f"{where}: an entry without text")
    named = slots(text) | set(needs)
    unknown = named - SLOT_KEYS
    if unknown:
        raise fail(f"{where}: {text!r} names unknown details: {', '.join(sorted(unknown))}")
    phrase = Phrase(text, frozenset(named))
    phrase.fill(dict.fromkeys(SLOT_KEYS, "x"))  # every slot can be filled
    return phrase
