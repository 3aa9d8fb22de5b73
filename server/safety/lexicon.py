"""Layer 1 of the safety screen: a high-recall lexicon for abuse, coercive control and crisis.

Every user turn (and every text pasted for a rewrite) is scanned before any feature
answers. The lexicon boosts recall; it is not the judge. The embedding classifier
(layer 2) catches what words cannot, such as coercive control told without one
telling phrase. The rules are data (server/safety/rules.py); this module compiles them
and runs them. Small filters look around each match: negation ("he's never hurt me")
and jokes ("I could strangle him, lol") weaken a hit one step, and ordinary senses
(agreed location sharing, "I hit my head") drop it. Matching ignores case; curly quotes
are folded first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.vocabulary import fold_quotes, negates
from server.safety.rules import CATEGORIES, PARTNER, ROWS, STRONG, WEAK, Row


@dataclass(frozen=True)
class LexiconHit:
    """One matched phrase: what it suggests, how sure the lexicon is, and where it is."""

    category: str  # one of CATEGORIES
    signal: str  # the pattern family, e.g. "strangulation"
    strength: str  # STRONG flags on its own; WEAK deserves a check-in
    evidence: str  # text[start:end]
    start: int
    end: int
    crisis: bool  # imminent danger: emergency resources first


@dataclass(frozen=True)
class _Rule:
    """A compiled row of rules.ROWS."""

    category: str
    signal: str
    strength: str
    crisis: bool
    pattern: re.Pattern[str]


def compile_rules(rows: tuple[Row, ...]) -> tuple[_Rule, ...]:
    """Compile rule rows, refusing one with an unknown category or strength."""
    rules = []
    for category, signal, strength, crisis, regex in rows:
        if category not in CATEGORIES or strength not in (STRONG, WEAK):
            raise ValueError(f"bad lexicon rule {signal!r}: {category!r}/{strength!r}")
        rules.append(_Rule(category, signal, strength, crisis, re.compile(regex, re.IGNORECASE)))
    return tuple(rules)


RULES = compile_rules(ROWS)


# --- filters -----------------------------------------------------------------------------

_CLAUSE_BREAK = re.compile(r"[.!?;:,\n]|\b(?:but|though|although|because)\b", re.IGNORECASE)
_INTENT = re.compile(r"^(?:mean|meant|intend|intended)$", re.IGNORECASE)
_LAUGHTER = re.compile(r"\b(?:lol|lmao|lmfao|rofl|ha(?:ha)+|he(?:he)+|jk|j/k|just\s+kidding)\b"
                       r"|[\U0001F602\U0001F923]", re.IGNORECASE)
# Violent talk over a trifle: "I could strangle him for forgetting", "she'll kill me if I forget".
_TALK_SIGNALS = frozenset({"threat_to_kill", "strangulation"})
_TRIFLE = re.compile(r"^\W*(?:for|over)\s+(?:not\s+)?\w+ing\b|^\W*if\s+i\s+(?:\w+\s+)?(?:forget|"
                     r"spoil|eat|miss|lose|am\s+late|'m\s+late|don'?t\s+(?:buy|get|remember|call|"
                     r"book|pick))", re.IGNORECASE)
# Agreed monitoring or money arrangements: "we both share locations, it was my idea".
_CONSENT_SIGNALS = frozenset({"monitoring", "stalking", "financial_control",
                              "user_controls_partner"})
_CONSENT = re.compile(r"\bwe\s+(?:both\s+)?(?:agreed|decided|set\s+it\s+up|chose)|\bboth\s+of\s+"
                      r"us\b|\bwe\s+both\b|\b(?:my|her|his|their)\s+idea\b|\bi\s+asked\s+(?:him|"
                      r"her|them)\b|\b(?:because|since)\s+i\s+asked\b|\b(?:he|she|they)\s+"
                      r"ask(?:s|ed)\s+me\s+to\b|\bmutual\b|\bsafety\s+thing\b", re.IGNORECASE)
# Acts on "my <body or things>" done by the writer ("I hit my head") have no victim here.
_ACT_SIGNALS = frozenset({"physical_violence", "intimidation", "injury"})
_SUBJECT = re.compile(rf"\b(?:i|he|she|they|we|you|{PARTNER})\b", re.IGNORECASE)


def _sentence(text: str, start: int, end: int) -> tuple[str, str]:
    """The text before and after a match, within its sentence."""
    left = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    rights = [i for i in (text.find(c, end) for c in ".!?\n") if i != -1]
    return text[left:start], text[end:min(rights, default=len(text))]


def _negated(text: str, at: int) -> bool:
    """A negator among the three words before `at`, in its clause: "he's never actually hurt me"."""
    before = _CLAUSE_BREAK.split(text[max(0, at - 60):at])[-1]
    words = re.findall(r"[\w']+", before)[-3:]
    for i, word in enumerate(words):
        if negates(word.lower()):
            following = words[i + 1] if i + 1 < len(words) else ""
            return not _INTENT.match(following)  # "didn't mean to hit her" is not a denial
    return False


def _joking(text: str, start: int, end: int, rule: _Rule) -> bool:
    """Laughter in the sentence, or violent talk over a trifle."""
    before, after = _sentence(text, start, end)
    trifle = rule.signal in _TALK_SIGNALS and _TRIFLE.match(after)
    return bool(_LAUGHTER.search(f"{before} {after}") or trifle)


def _ordinary(text: str, start: int, end: int, rule: _Rule) -> bool:
    """Agreed tracking or money arrangements, or the writer acting on their own body/things."""
    before, after = _sentence(text, start, end)
    if rule.signal in _CONSENT_SIGNALS and _CONSENT.search(f"{before} {after}"):
        return True
    if rule.signal in _ACT_SIGNALS:
        evidence = text[start:end]
        mine = re.search(r"\bmy\b", evidence, re.I) and not re.search(r"\bme\b", evidence, re.I)
        subjects = _SUBJECT.findall(_CLAUSE_BREAK.split(before)[-1])
        return bool(mine and subjects and subjects[-1].lower() == "i")
    return False


def _weaken(strength: str | None) -> str | None:
    return WEAK if strength == STRONG else None


def _dedupe(hits: list[LexiconHit]) -> list[LexiconHit]:
    """Overlapping hits keep the strongest (crisis first), then the longest, then the first."""
    ranked = sorted(hits, key=lambda h: (h.strength != STRONG, not h.crisis, h.start - h.end,
                                         h.start))
    kept: list[LexiconHit] = []
    for hit in ranked:
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: (h.start, h.end))


def scan(text: str) -> list[LexiconHit]:
    """All lexicon hits in `text`, in text order; empty when nothing matched."""
    folded = fold_quotes(text)  # one character for one, so offsets carry over
    hits: list[LexiconHit] = []
    for rule in RULES:
        for match in rule.pattern.finditer(folded):
            start, end = match.span()
            if start == end or _ordinary(folded, start, end, rule):
                continue
            act = match.start("act") if "act" in rule.pattern.groupindex else -1
            strength: str | None = rule.strength
            if _negated(folded, act if act >= 0 else start):
                strength = _weaken(strength)
            if _joking(folded, start, end, rule):
                strength = _weaken(strength)
            if strength is None:
                continue
            hits.append(LexiconHit(rule.category, rule.signal, strength, text[start:end],
                                   start, end, rule.crisis and strength == STRONG))
    return _dedupe(hits)
