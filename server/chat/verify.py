"""Verify generated text: keep a sentence only when one passage unit supports it.

A model sentence may say what the article says in other words ("Pick your moment: don't
raise it when you're both worn out" for "This is not a conversation to have ... when
you're both tired"), or it may flip a negation, add a claim or a detail, give another
cause, stop mid-word, or echo the person's message. Without an entailment model, the
checks here tell those apart, precision first (a dropped true sentence costs a little
fluency, a kept false one costs trust):

- alignment: each content word of the sentence is matched to the unit's word it stands
  for, by stem, by its first five letters ("disconnect", "disconnected") or by a close word
  vector ("kids" and "children"), which is what the polarity checks read;
- polarity: a matched word must be negated in both or in neither ("makes no difference"
  against "makes a meaningful difference"; "rarely", "stop" and "lacks" negate too); a
  comparison keeps its sides ("through them rather than around them"); "the second" stays
  the second; a degree word ("more", "easier") must be the unit's; a hedge is kept;
- structure: a cause must be the unit's ("because" is followed by its words), nothing
  happens more often or to more than the unit says, two clauses do not trade their parts
  and a clause's words do not run against the unit's order (who does what to whom);
- nothing the unit lacks: no number or time, name, or absolute ("always", "only"), and no
  phrase of new words whose removal brings the sentence nearer the unit;
- nothing added: the unit with the sentence appended must mean nearly what the unit means
  alone (an added claim, cause or detail moves it), and the sentence must be close in
  meaning to the unit, complete, and not the person's own words echoed back.

Thresholds were chosen on the dev split of eval/data/verifier_pairs.jsonl (faithful
paraphrases and unfaithful variants written by reading, for the article and documents
written for the purpose); the figures, held-out split included, are in the README
(eval/verifier_set.py).
"""

from __future__ import annotations

import itertools
import re
import threading
from collections import Counter
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from indexer.embedding import Embedder
from indexer.vocabulary import (
    ABSOLUTES,
    HEDGES,
    NEGATIONS,
    SCARCITY,
    STOP_WORDS,
    TIME_UNITS,
    content_words,
    names,
    negates,
    numbers,
    split_sentences,
    stem,
    word_spans,
    words,
)
from server.retrieval import Excerpt

# Thresholds, chosen on the dev split of eval/data/verifier_pairs.jsonl (precision first).
MIN_COSINE = 0.55  # the sentence and its unit, close in meaning as wholes
# The unit with the sentence added, against the unit alone: a sentence that says nothing
# new moves the unit's meaning little; an added claim, cause or detail moves it.
REDUNDANT = 0.92
WORD_COSINE = 0.75  # two different words this close as vectors stand for each other
# A sentence made mostly of the unit's own words is an edit of it: a word inserted there
# ("it starts with a handshake and physical affection") is an added detail.
EDITED = 0.7
PREFIX = 5  # stems sharing their first letters this far are one word
ECHO = 0.7  # a sentence this much made of the person's own words is echoing them
COPY = 0.8  # a sentence holding this much of one passage sentence repeats the quote shown
MIN_WORDS = 3
# Content words a sentence may add: they restate, they don't claim.
ALLOWED = frozenset(stem(w) for w in ("partner", "relationship", "couple", "couples"))

# What turns one side of a claim against the other: "X rather than Y", "more X than Y".
SIDES = frozenset({"than", "rather", "instead", "whereas", "unlike"})
# Verbs that negate what follows them: "they stop measuring" turns "measuring" around.
REVERSERS = frozenset("""stop stops stopped stopping quit quits cease ceases avoid avoids
    avoided avoiding fail fails failed failing refuse refuses refused prevent prevents
    prevented lack lacks lacked lacking""".split())
# Function words that still carry a claim, so their polarity is checked ("is not the same").
LIGHT = frozenset("same only own enough".split())
_SCOPE_ENDS = frozenset("and but or whereas while yet so since because though although".split())
# A negation reaches past a comma only into what continues its clause: "not ... in passing,
# when you're both tired, or ..."; after "without acknowledgment, adds" it has ended.
_CARRIED = frozenset("or nor when whenever if in at on during after before until".split())
# "X rather than Y", "X instead of Y": Y is what is not so.
_CONTRASTS = frozenset({"rather", "instead"})
# Words of degree: "more" for "less", "easier" for "more awkward" turn a claim around.
DEGREES = frozenset("""more less fewer most least better worse best worst easier harder higher
    lower bigger smaller greater larger stronger weaker increase increases decrease
    decreases""".split())
# How often or how many, weakest first: a sentence may say less than its passage ("often"
# for "usually"), never more ("most" for "many"). Never and always are absolutes, above.
FREQUENCY = {w: level for level, ws in enumerate((
    "sometimes occasionally some several",
    "often frequently many commonly common",
    "usually typically generally mostly most mainly largely primarily tend tends",
), 1) for w in ws.split()}
# Words that give a cause: what follows them must be the passage's own.
CAUSES = frozenset("because since due cause causes caused causing reason reasons so therefore "
                   "hence thanks".split())
# ...and those that claim one outright, which the passage must make too.
STRONG_CAUSES = frozenset("because due cause causes caused causing reason reasons".split())
# Words by which a passage links a cause to what it explains, stated or implied.
LINKS = CAUSES | frozenset("why makes make helps help leads lead result results comes "
                           "factors factor drives driver contributing".split())
# Words in a new phrase of a sentence whose removal brings it this much closer to its unit
# are not the unit's meaning in other words but something else.
PULLS_AWAY = 0.045
PHRASE = 3  # new words in a row that make a phrase of their own (two are often a synonym)
# A clause whose aligned words run this far against the unit's order swaps who does what
# ("reconnection is a prerequisite for managing conflict"), with at least REORDERED_WORDS.
REORDERED = -0.3
REORDERED_WORDS = 4
# Words that say which of two things is meant: "the first makes it easy, the second...".
ORDINALS = frozenset({"first", "second", "former", "latter"})
# Time words in another form: "daily" life is about days.
_TIME_FORMS = {"daily": "day", "weekly": "week", "monthly": "month", "yearly": "year",
               "hourly": "hour", "annual": "year", "annually": "year"}
_PAIR_BEFORE = frozenset("the both you us them".split())
_PAIR_AFTER = frozenset("of people partners".split())
_COUNTERS = frozenset("few several many every each couple".split())
_CLAUSE = re.compile(r"([,;:()\u2014\u2013]|\s-\s)")


@dataclass(frozen=True)
class Unit:
    """A passage sentence (or neighbouring ones) a claim can be checked against."""

    excerpt: int  # index into the passages list
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Verdict:
    """Whether one sentence is supported, why, and by which passage text."""

    sentence: str
    supported: bool
    reason: str
    cosine: float
    carried: float  # share of its content words the unit carries
    unit: Unit | None  # the passage text that supports it best


def passage_units(passages: list[Excerpt]) -> list[Unit]:
    """Every sentence of every passage, each pair of neighbouring sentences, and each
    passage of three sentences or more as a whole."""
    units: list[Unit] = []
    for i, p in enumerate(passages):
        spans = split_sentences(p.quote, p.start)
        for s, e in spans:
            units.append(Unit(i, s, e, p.quote[s - p.start:e - p.start]))
        for (s, _), (_, e) in itertools.pairwise(spans):
            units.append(Unit(i, s, e, p.quote[s - p.start:e - p.start]))
        if len(spans) > 2:
            s, e = spans[0][0], spans[-1][1]
            units.append(Unit(i, s, e, p.quote[s - p.start:e - p.start]))
    return units


@dataclass(frozen=True)
class _Token:
    word: str
    stem: str
    clause: int  # which clause of its text
    side: int  # 0 before a comparison's turn in its clause ("than", "rather"), 1 after
    negated: bool  # inside an odd number of negations' reach
    sentence: int = 0  # which sentence of its text
    light: bool = False  # a function word that still carries a claim ("the same", "only")
    position: int = 0  # which word of its clause


def _kept(w: str) -> bool:
    """Whether `_tokens` keeps a word as a token (a content word or a light one)."""
    if w in SIDES or w in _SCOPE_ENDS or _negations([w]):
        return False
    return w in LIGHT or (w not in STOP_WORDS and w not in NEGATIONS and w not in HEDGES
                          and w not in SCARCITY)


def _tokens(text: str) -> tuple[list[_Token], list[list[str]]]:
    """The content words of `text` with their clause, side and polarity, and every
    clause's words. A negation reaches across commas ("not a conversation to have in
    passing, when you're both tired") to the next "and", "but" or "or", semicolon, colon
    or dash ("no effort and keep friends in touch" keeps "keep" affirmed)."""
    out: list[_Token] = []
    clauses: list[list[str]] = []
    for number, (s, e) in enumerate(split_sentences(text)):
        negations = 0
        pieces = _CLAUSE.split(text[s:e])
        comma = False
        for n, piece in enumerate(pieces):
            if n % 2:  # a delimiter
                comma = piece == ","
                negations = negations if comma else 0
                continue
            tokens = words(piece)
            if not tokens:
                continue
            if comma and tokens[0] not in _CARRIED:
                negations = 0  # "without acknowledgment, adds a layer": a new clause
            clauses.append(tokens)
            side = 0
            for position, w in enumerate(tokens):
                if w in SIDES:
                    side = 1
                    if w in _CONTRASTS:  # "swallowed rather than processed"
                        negations += 1
                elif w in _SCOPE_ENDS:
                    # "not because they love each other less": a negation just before the
                    # connective negates what it joins.
                    if not (position and _negations([tokens[position - 1]])):
                        negations = 0
                elif _negations([w]):
                    negations += 1
                elif w in LIGHT:
                    out.append(_Token(w, w, len(clauses) - 1, side, negations % 2 == 1,
                                      number, True, position))
                elif _kept(w):
                    out.append(_Token(w, stem(w), len(clauses) - 1, side, negations % 2 == 1,
                                      number, False, position))
    return out, clauses


def _negations(tokens: list[str]) -> int:
    return sum(negates(t, scarcity=True) or t in REVERSERS for t in tokens)


def _names(text: str) -> set[str]:
    """Names in a sentence ("Dr", "Gottman", "Harvard")."""
    return {word for word, _, _ in names(text.strip().lstrip("\"“‘'("))}


def _times(text: str) -> set[str]:
    """Numbers and time words, by stem, "daily" read as "day". Not a count: "the two" or
    "two people" for a couple, and a span of time no number measures ("over the years")."""
    tokens = words(text)
    counted = numbers(text)
    out = set()
    for i, w in enumerate(tokens):
        before = tokens[i - 1] if i else ""
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if w == "two" and (before in _PAIR_BEFORE or after in _PAIR_AFTER):
            continue
        if (w in TIME_UNITS and w.endswith("s") and before not in counted
                and not before.isdigit() and before not in _COUNTERS):
            continue
        if w in counted or w in _TIME_FORMS:
            out.add(stem(_TIME_FORMS.get(w, w)))
    return out


def _copies(stems: set[str], text: str) -> bool:
    """Whether a sentence holds most of one sentence of `text`: the passages are quoted in
    the reply, so such a sentence says again what the person has just read."""
    for start, end in split_sentences(text):
        own = set(content_words(text[start:end]))
        if own and len(own & stems) / len(own) >= COPY:
            return True
    return False


def _complete(sentence: str) -> bool:
    """A whole sentence: a capital first, final punctuation, and more than a fragment."""
    text = sentence.strip().lstrip("\"“‘'(")
    return (len(words(text)) >= MIN_WORDS and text[:1].isupper()
            and text.rstrip("\"”’')").endswith((".", "!", "?")))


@dataclass(frozen=True)
class _Reading:
    """How one sentence lines up with one unit."""

    unit: Unit
    tokens: list[_Token]
    unit_tokens: list[_Token]
    unit_clauses: list[list[str]]
    match: list[int | None]  # per sentence token: the unit token it stands for
    share: float
    cosine: float


class Verifier:
    """Checks sentences against passages, with one embedding call for sentences and units
    and one for the words not yet seen."""

    def __init__(self, embedder: Embedder, *, min_cosine: float = MIN_COSINE,
                 word_cosine: float = WORD_COSINE, redundant: float = REDUNDANT,
                 edited: float = EDITED, pulls_away: float = PULLS_AWAY) -> None:
        self.embedder = embedder
        self.pulls_away = pulls_away
        self.edited = edited
        self.min_cosine = min_cosine
        self.redundant = redundant
        self.word_cosine = word_cosine
        self._words: dict[str, NDArray[np.float32]] = {}
        self._lock = threading.Lock()

    def check(self, sentences: list[str], passages: list[Excerpt], message: str = "", *,
              quoted: bool = True) -> list[Verdict]:
        """One verdict per sentence; `message` is the person's, which must not be echoed.
        With `quoted` (the reply quotes the passages), a sentence that repeats a quoted
        sentence adds nothing and is refused too."""
        units = passage_units(passages)
        if not sentences:
            return []
        if not units:
            return [Verdict(s, False, "no passages to check against", 0.0, 0.0, None)
                    for s in sentences]
        vectors = self.embedder.embed(sentences + [u.text for u in units])
        sims = vectors[: len(sentences)] @ vectors[len(sentences):].T  # (sentences, units)
        said = set(content_words(message))
        parsed = [_tokens(u.text) for u in units]
        return [self._verdict(s, sims[i], units, parsed, said, quoted)
                for i, s in enumerate(sentences)]

    # --- alignment ----------------------------------------------------------------------------
    def _vectors(self, vocabulary: set[str]) -> dict[str, NDArray[np.float32]]:
        with self._lock:
            missing = sorted(w for w in vocabulary if w not in self._words)
        if missing:
            found = self.embedder.embed(missing)
            with self._lock:
                if len(self._words) > 50_000:
                    self._words.clear()
                self._words.update(zip(missing, found, strict=True))
        with self._lock:
            return {w: self._words[w] for w in vocabulary}

    def _align(self, tokens: list[_Token], unit_tokens: list[_Token],
               vectors: dict[str, NDArray[np.float32]]) -> list[int | None]:
        """For each token, the unit token it stands for: the same stem, the same first
        letters, or a word vector closer than WORD_COSINE, in that order of preference; among
        equals, one of the same polarity. None when there is none."""
        out: list[int | None] = []
        if not unit_tokens:
            return [None] * len(tokens)
        matrix = np.stack([vectors[u.word] for u in unit_tokens])
        for t in tokens:
            sims = matrix @ vectors[t.word]
            best: tuple[int, bool, float, int] | None = None
            for j, u in enumerate(unit_tokens):
                if t.light or u.light:
                    tier = 3 if t.light and u.light and t.word == u.word else 0
                elif u.stem == t.stem:
                    tier = 3
                elif (len(t.stem) >= PREFIX and len(u.stem) >= PREFIX
                      and u.stem[:PREFIX] == t.stem[:PREFIX]):
                    tier = 2
                else:
                    tier = 1 if float(sims[j]) >= self.word_cosine else 0
                if tier:
                    key = (tier, u.negated == t.negated, float(sims[j]), -j)
                    if best is None or key > best:
                        best = key
            out.append(None if best is None else -best[3])
        return out

    def _read(self, sentence: str, sims: np.ndarray, units: list[Unit],
              parsed: list[tuple[list[_Token], list[list[str]]]]) -> _Reading:
        """The unit that carries most of the sentence's words, closest in meaning on a tie."""
        tokens, _ = _tokens(sentence)
        vocabulary = {t.word for t in tokens} | {u.word for ts, _ in parsed for u in ts}
        vectors = self._vectors(vocabulary)
        best: _Reading | None = None
        for i, unit in enumerate(units):
            unit_tokens, clauses = parsed[i]
            match = self._align(tokens, unit_tokens, vectors)
            counted = [m for t, m in zip(tokens, match, strict=True)
                       if t.stem not in ALLOWED and not t.light]
            share = sum(m is not None for m in counted) / len(counted) if counted else 0.0
            reading = _Reading(unit, tokens, unit_tokens, clauses, match, share, float(sims[i]))
            if best is None or (round(share, 3), reading.cosine) > (round(best.share, 3),
                                                                   best.cosine):
                best = reading
        assert best is not None
        return best

    # --- the checks ---------------------------------------------------------------------------
    def _verdict(self, sentence: str, sims: np.ndarray, units: list[Unit],
                 parsed: list[tuple[list[_Token], list[list[str]]]], said: set[str],
                 quoted: bool) -> Verdict:
        stems = content_words(sentence)
        r = self._read(sentence, sims, units, parsed)
        unit, cos, share = r.unit, r.cosine, r.share
        tokens, unit_words = words(sentence), set(words(unit.text))

        def no(reason: str) -> Verdict:
            return Verdict(sentence, False, reason, cos, share, unit)

        if not stems:
            return no("says nothing the passages could support")
        if not _complete(sentence):
            return no("is not a complete sentence")
        if said and sum(st in said for st in stems) / len(stems) >= ECHO:
            return no("repeats the person's own words back to them")
        novel_numbers = _times(sentence) - _times(unit.text)
        if novel_numbers:
            return no(f"mentions {', '.join(sorted(novel_numbers))}, which the passages do not")
        novel_names = {n for n in _names(sentence) if n not in unit_words}
        if novel_names:
            return no(f"names {', '.join(sorted(novel_names))}, which the passages do not")
        absolutes = {t for t in tokens if t in ABSOLUTES} - unit_words
        if absolutes:
            return no(f"says {', '.join(sorted(absolutes))}, which the passages do not")
        turned = self._turned(sentence, r)
        if turned:
            return no(turned)
        if cos < self.min_cosine:
            return no(f"not close enough in meaning to the passage ({cos:.2f})")
        if quoted and _copies(set(stems), unit.text):
            return no("repeats a passage sentence the reply already quotes")
        inserted = sorted({t.word for t, m in zip(r.tokens, r.match, strict=True)
                           if m is None and not t.light and t.stem not in ALLOWED})
        if inserted and share >= self.edited:
            return no(f"adds {', '.join(inserted[:3])} to the passage's own words")
        runs = _new_phrases(sentence, r)
        alone, added, whole, *cut = self.embedder.embed(
            [unit.text, f"{unit.text} {sentence}", sentence] + [c for _, c in runs])
        moved = float(alone @ added)
        if moved < self.redundant:
            return no(f"says more than the passage does ({moved:.2f} of its meaning kept)")
        base = float(alone @ whole)
        for (phrase, _), vector in zip(runs, cut, strict=True):
            if float(alone @ vector) - base > self.pulls_away:
                return no(f"adds \"{phrase}\", which takes it away from the passage")

        return Verdict(sentence, True, f"carried by the passage ({share:.0%} of its words, "
                       f"{cos:.2f} close in meaning)", cos, share, unit)

    def _turned(self, sentence: str, r: _Reading) -> str | None:
        """Why the sentence says something else than the unit, if it does: a word negated in
        one and not in the other, a degree the unit lacks, a comparison the other way
        round, "the second" for "the first", a hedge dropped."""
        _, clauses = _tokens(sentence)
        pairs = [(t, r.unit_tokens[m]) for t, m in zip(r.tokens, r.match, strict=True)
                 if m is not None]
        if any(t.negated != u.negated for t, u in pairs):
            return "it negates what the closest passage affirms, or the reverse"
        unit_words = {w for clause in r.unit_clauses for w in clause}
        degree = sorted({w for clause in clauses for w in clause if w in DEGREES} - unit_words)
        if degree:
            return f"says {', '.join(degree)} where the passage does not"
        drawn = {u.sentence for _, u in pairs}
        sentences = split_sentences(r.unit.text)
        drawn_words = [w for i in sorted(drawn) if i < len(sentences)
                       for w in words(r.unit.text[sentences[i][0]:sentences[i][1]])]
        often, theirs = _frequency(words(sentence)), _frequency(drawn_words)
        if theirs and often > theirs:
            return "says it happens more often, or to more, than the passage does"
        cause = self._cause(sentence, clauses, r)
        if cause:
            return cause
        swapped = _crossed(pairs, r.unit_tokens) or _reordered(pairs)
        if swapped:
            return swapped
        for c, clause in enumerate(clauses):
            mine = [(t, u) for t, u in pairs if t.clause == c and not t.light]
            if not mine:
                continue
            votes = Counter(u.clause for _, u in mine)
            target = max(votes, key=lambda k: (votes[k], -k))
            for t, u in mine:
                if t.word in ORDINALS and u.clause != target:
                    return f"puts \"{t.word}\" where the passage says something else"
                if (SIDES & set(clause) and SIDES & set(r.unit_clauses[u.clause])
                        and t.stem == u.stem and t.side != u.side):
                    return "turns the passage's comparison the other way round"
        # A hedge anywhere in a sentence the claim draws on ("For many couples, it starts
        # with...") qualifies all of it.
        hedges = {w for w in drawn_words if w in HEDGES}
        if hedges and not set(words(sentence)) & HEDGES:
            return f"drops the passage's hedge ({', '.join(sorted(hedges))})"
        return None

    def _cause(self, sentence: str, clauses: list[list[str]], r: _Reading) -> str | None:
        """A cause the passage does not give: what follows "because" (or "so", "due to")
        must be mostly the passage's words, and a cause claimed outright needs a passage
        that links one thing to another."""
        unit_words = set(words(r.unit.text))
        said = set(words(sentence))
        if said & STRONG_CAUSES and not unit_words & LINKS:
            return "gives a cause where the passage gives none"
        for c, clause in enumerate(clauses):
            marks = [i for i, w in enumerate(clause) if w in CAUSES and (w != "so" or i == 0)]
            if not marks:
                continue
            after = [m for t, m in zip(r.tokens, r.match, strict=True)
                     if t.clause == c and t.position > marks[0] and not t.light
                     and t.stem not in ALLOWED]
            if after and sum(m is not None for m in after) / len(after) < 0.5:
                return "gives a cause the passage does not"
        return None


def _frequency(tokens: list[str]) -> int:
    """How often or how many a text says, 0 when it does not ("more often" is "usually")."""
    levels = [FREQUENCY[w] for w in tokens if w in FREQUENCY]
    levels += [FREQUENCY["usually"] for a, b in itertools.pairwise(tokens)
               if a == "more" and b == "often"]
    return max(levels, default=0)


def _crossed(pairs: list[tuple[_Token, _Token]], unit_tokens: list[_Token]) -> str | None:
    """Two clauses that trade their parts: "the friend who stayed may feel guilty ..., and
    the friend who moved may read the silence" for the other way round. Only words found in
    one clause of the unit count."""
    homes = Counter(st for st, _ in {(u.stem, u.clause) for u in unit_tokens})
    drawn: dict[int, Counter[int]] = {}
    for t, u in pairs:
        if not t.light and homes[u.stem] == 1:
            drawn.setdefault(t.clause, Counter())[u.clause] += 1
    target = {c: max(v, key=lambda k: (v[k], -k)) for c, v in drawn.items()}
    sentence_of = {u.clause: u.sentence for u in unit_tokens}
    for a, b in itertools.permutations(sorted(drawn), 2):
        if target[a] == target[b]:
            continue
        if drawn[a][target[b]] and drawn[b][target[a]]:
            return "swaps what the passage says of one thing and of the other"
        # One part moved: "the months between visits decide..." and "visits cannot carry
        # the whole friendship" made "the months ... cannot carry the whole friendship".
        if (drawn[a][target[b]] and drawn[a][target[a]] > 1
                and sentence_of[target[a]] != sentence_of[target[b]]):
            return "gives one thing what the passage says of another"
    return None


def _reordered(pairs: list[tuple[_Token, _Token]]) -> str | None:
    """A clause whose words run against the unit's order: who does what to whom turned
    round ("reconnection is a prerequisite for managing conflict")."""
    by_clause: dict[int, list[tuple[int, int]]] = {}
    for n, (t, u) in enumerate(pairs):
        if not t.light:
            by_clause.setdefault(t.clause, []).append((n, u.sentence * 10_000 + u.position
                                                       + 100 * u.clause))
    for order in by_clause.values():
        ranks = [k for _, k in order]
        if len(set(ranks)) < REORDERED_WORDS:
            continue
        score = [(1 if b > a else -1) for a, b in itertools.combinations(ranks, 2) if a != b]
        if score and sum(score) / len(score) <= REORDERED:
            return "puts the passage's words in another order: who does what is turned round"
    return None


def _new_phrases(sentence: str, r: _Reading) -> list[tuple[str, str]]:
    """Each run of PHRASE or more of the sentence's words that the unit has no word for, with
    the sentence as it reads without it: ("send a gift with the message", "It is rarely too
    late to write to an old friend, especially if you."). A run of new words that only says
    the unit's meaning in other words brings the sentence near the unit; one that adds a
    claim or a detail pulls it away, and the sentence without it is nearer."""
    kept = [(s, e) for s, e, w in word_spans(sentence) if _kept(w)]
    if len(kept) != len(r.tokens):
        return []
    runs: list[list[tuple[int, int]]] = [[]]
    for (s, e), t, m in zip(kept, r.tokens, r.match, strict=True):
        if m is None and not t.light and t.stem not in ALLOWED:
            runs[-1].append((s, e))
        elif runs[-1] and not (m is None and t.stem in ALLOWED):
            runs.append([])
    out = []
    for run in runs:
        if len(run) >= PHRASE:
            start, end = run[0][0], run[-1][1]
            cut = " ".join((sentence[:start] + sentence[end:]).split())
            out.append((sentence[start:end], cut))
    return out
