"""The safety screen: runs on every message of every feature, before the feature.

Abuse is not a communication problem, and better wording does not make it safe; so
when a message reveals violence, coercive control, self-harm, harm done to a partner
or a child at risk, the feature does not run and a reply from prompts/safety_reply.j2
does. Two layers decide: the lexicon (server/safety/lexicon.py,
negation and hyperbole aware) and a classifier over sentence embeddings, trained
when the index is built (indexer/safety_model.py): its linear heads, and the labelled
examples the message is nearest to. Signals accumulate over a
conversation: a second ambiguous message escalates a check-in to support.

Actions: `crisis` (imminent danger: emergency help first), `support` (a disclosure:
believe, name it, give confidential help lines), `check_in` (ambiguous: a gentle
question, resources shown quietly, beside the job), `none`.

The markers that predict lethal partner violence (a threat to kill, strangulation, a
weapon, danger around leaving; Campbell's Danger Assessment) are always
`crisis`: from the lexicon, or from the classifier's danger head when it is sure and
the message is already flagged as violence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from indexer.embedding import Embedder
from indexer.store import SAFETY
from indexer.vocabulary import split_sentences
from server.errors import SafetyScreenError
from server.prompts import Prompts
from server.safety import lexicon
from server.safety.helplines import CRISIS, EMERGENCY, help_lines
from server.safety.rules import PARTNER, STRONG

Action = Literal["crisis", "support", "check_in", "none"]

# Classifier thresholds on P(not "none"), calibrated on eval/data/safety_dev.json and
# checked on the held-out rows of eval/data/safety_*.jsonl (see README).
FLAG_AT = 0.995
# P(not "none") at which the classifier confirms a weak lexicon hit (a disclosure, not an
# ambiguity), and at which it checks in alone; on the dev sets, ordinary messages (stress,
# in-laws, chores, screens) reach 0.97 without any lexicon hit, and no disclosure needs it.
AGREE_AT = 0.95
CHECK_IN_AT = 0.98
# P(a danger marker) that makes a message flagged as violence a crisis; on the dev sets,
# violence flagged without a marker of lethal danger stays well below it.
DANGER_AT = 0.9
# Nearest examples: the mean similarity of a unit's NEAR_K closest disclosures among the
# labelled examples, minus that of its NEAR_K closest ordinary messages, at the message or
# the sentence where it is highest; over NEAR_CHECK_IN it checks in. Chosen
# leave-one-round-out on the writers' rounds (each round left out of the memory, then
# screened: `python -m eval.safety_data --leave-out 6`; README). Nearer still, with all
# of its NEAR_K nearest examples disclosures, it is one: support, though never a crisis on
# the danger head's word (that turned near misses, locked rifles, into crises). Clearing a
# weak cue on the nearest examples alone lost disclosures.
NEAR_K = 10
NEAR_CHECK_IN = 0.07
NEAR_SUPPORT = 0.08
NEAR_SUPPORT_SHARE = 1.0
MIN_UNIT_WORDS = 4  # sentences shorter than this are judged only as part of the message
# The classifier learnt whole messages; alone, it checks in only on the message or a sentence
# long enough to say something on its own ("How do I cut down?" read alone is not a cue).
CHECK_IN_UNIT_WORDS = 8

CATEGORY_WORDS = {
    "violence": "being hurt, threatened or frightened by your partner",
    "coercive_control": "having your partner watch, limit or control what you do",
    "self_harm": "thoughts of hurting yourself or not wanting to be here",
    "harm_to_partner": "hurting or frightening your partner",
    "child_at_risk": "a child being hurt or put in danger",
}
SIGNAL_WORDS = {
    "strangulation": "hands around your neck or throat",
    "weapon_threat": "a weapon brought into arguments",
    "threat_to_kill": "threats to kill",
    "physical_violence": "being hit, grabbed or shoved",
    "injury": "being hurt badly enough to leave marks",
    "intimidation": "things being thrown, broken or kicked in to frighten you",
    "fear_of_partner": "living afraid of how your partner will react",
    "harm_to_pet": "a pet being hurt to frighten you",
    "monitoring": "having your phone, messages or devices checked",
    "stalking": "being tracked or followed",
    "financial_control": "having your money controlled",
    "isolation": "being kept from the people you care about",
    "threat_children": "threats about your children",
    "sexual_coercion": "being pressured into sex after you've said no",
    "image_threat": "threats to share private images",
    "blackmail": "being blackmailed",
    "degradation": "being screamed at and put down",
    "restricting_movement": "being locked in or out, or kept from leaving",
    "control_of_daily_life": "having your daily life controlled",
    "partner_suicide_threat": "your partner threatening to hurt themselves to control you",
}

# Someone else's couple: "my sister's husband", "my friend's girlfriend", "my sister finally
# left her boyfriend".
_RELATION = (r"(?:friend|sister|brother|mum|mom|mother|dad|father|daughter|son|cousin|aunt|niece|"
             r"nephew|neighbou?r|colleague|co-?worker|roommate|flatmate|mate|buddy)")
_OTHER_COUPLE = re.compile(
    rf"\b(?:my|our|a)\s+(?:\w+\s+)?{_RELATION}(?:'s|s')\s+(?:new\s+)?(?:{PARTNER}|ex)\b"
    rf"|\bmy\s+(?:\w+\s+)?{_RELATION}\b[^.!?]{{0,60}}?\b(?:her|his|their)\s+(?:{PARTNER}|ex)\b",
    re.IGNORECASE)
_ME = re.compile(r"\b(?:me|my|i|i'm|i've|myself)\b", re.IGNORECASE)


def _someone_else(text: str, strong: Sequence[lexicon.LexiconHit]) -> bool:
    """Whether the danger told of is to someone else: another person's partner is named, and
    the words that show the danger (or, with none, the message) leave the writer out of it."""
    if not _OTHER_COUPLE.search(text):
        return False
    shown = [h.evidence for h in strong if h.crisis] or [h.evidence for h in strong]
    return not any(_ME.search(e) for e in shown) if shown else not re.search(r"\bme\b", text,
                                                                             re.IGNORECASE)


def _softmax(logits: np.ndarray) -> np.ndarray:
    logits = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    return np.asarray(p / p.sum(axis=1, keepdims=True))


# Lexicon signals that are markers of lethal danger (indexer.safety_model.MARKERS).
SIGNAL_MARKER = {"strangulation": "strangulation", "weapon_threat": "weapon",
                 "threat_to_kill": "threat_to_kill", "leaving_threat": "leaving_threat",
                 "stalking_after_leaving": "stalking_after_leaving"}


@dataclass(frozen=True)
class SafetyResult:
    """What the screen found in one message."""

    category: str | None
    action: Action
    confidence: float
    evidence: tuple[str, ...] = ()
    signals: tuple[str, ...] = ()
    scores: dict[str, float] = field(default_factory=dict)
    marker: str | None = None  # the danger marker behind a crisis (indexer.safety_model.MARKERS)
    someone_else: bool = False  # the danger is to someone the person knows, not to them

    @property
    def flagged(self) -> bool:
        return self.action != "none"

    @property
    def replaces_job(self) -> bool:
        """Support and crisis replace the job asked for; a check-in is added beside it."""
        return self.action in ("crisis", "support")

    def record(self) -> dict[str, Any]:
        """What a session stores about a turn (no message text)."""
        return {"category": self.category, "action": self.action,
                "confidence": round(self.confidence, 3)}


@dataclass(frozen=True)
class Heads:
    """The classifier's reading of each text (one row per text)."""

    categories: np.ndarray  # P(category), columns in `classes` order
    dangers: np.ndarray  # P(danger marker), columns in `markers` order
    near: np.ndarray  # how much nearer to disclosures than to ordinary messages
    near_category: list[str]  # the commonest category of its nearest disclosures
    disclosure_share: np.ndarray  # the share of disclosures among its nearest examples


class SafetyScreen:
    """Lexicon + classifier over one message, with the conversation's earlier signals."""

    def __init__(self, embedder: Embedder, weights: dict[str, np.ndarray],
                 prompts: Prompts) -> None:
        self.embedder = embedder
        self.coef = weights["coef"]  # (n_classes, dim)
        self.intercept = weights["intercept"]
        self.classes = [str(c) for c in weights["classes"]]
        self.danger_coef = weights["danger_coef"]  # (n_markers, dim)
        self.danger_intercept = weights["danger_intercept"]
        self.markers = [str(c) for c in weights["danger_classes"]]
        self.memory = weights["memory"]  # (n_examples, dim) unit vectors
        self.memory_flagged = weights["memory_flagged"].astype(bool)
        self.memory_categories = weights["memory_category"]  # (n_examples,)
        self.memory_category = [str(c) for c in self.memory_categories[self.memory_flagged]]
        self.prompts = prompts

    @classmethod
    def load(cls, index_folder: Path, embedder: Embedder, prompts: Prompts) -> SafetyScreen:
        path = index_folder / SAFETY
        if not path.is_file():
            raise SafetyScreenError(
                f"the safety classifier is missing from {index_folder}: run `reconnect index "
                "--force` to train it")
        with np.load(path) as data:
            weights = {k: data[k] for k in data.files}
        if "danger_coef" not in weights:
            raise SafetyScreenError(
                f"the safety classifier in {index_folder} predates the danger markers: run "
                "`reconnect index --force` to retrain it")
        if "memory_category" not in weights:
            raise SafetyScreenError(
                f"the safety classifier in {index_folder} predates its nearest examples: run "
                "`reconnect index --force` to retrain it")
        return cls(embedder, weights, prompts)

    def heads(self, texts: list[str]) -> Heads:
        """What the classifier makes of each text, from one embedding pass."""
        x = self.embedder.embed(texts)
        sims = x @ self.memory.T
        told, ordinary = sims[:, self.memory_flagged], sims[:, ~self.memory_flagged]
        told_near, ordinary_near = _top(told), _top(ordinary)
        kinds = [Counter(self.memory_category[j] for j in row).most_common(1)[0][0]
                 if len(row) else "violence" for row in told_near]
        nearest = _top(sims)
        share = (self.memory_flagged[nearest].mean(axis=1) if nearest.shape[1]
                 else np.zeros(len(x)))
        return Heads(_softmax(x @ self.coef.T + self.intercept),
                     _softmax(x @ self.danger_coef.T + self.danger_intercept),
                     _mean_at(told, told_near) - _mean_at(ordinary, ordinary_near), kinds,
                     np.asarray(share, dtype=float))

    def screen(self, text: str, history: Sequence[dict[str, Any] | None] = ()) -> SafetyResult:
        """Screen one message; `history` holds earlier turns' `record()`s."""
        try:
            return self._screen(text, history)
        except SafetyScreenError:
            raise
        except Exception as exc:  # the screen must never fail open
            raise SafetyScreenError(f"the safety screen failed ({type(exc).__name__})") from exc

    def _screen(self, text: str, history: Sequence[dict[str, Any] | None]) -> SafetyResult:
        units = list(dict.fromkeys(
            [text] + [text[s:e] for s, e in split_sentences(text)
                      if len(text[s:e].split()) >= MIN_UNIT_WORDS]))
        heads = self.heads(units)
        probs, dangers, nears = heads.categories, heads.dangers, heads.near
        near, near_category = float(nears.max()), heads.near_category[int(np.argmax(nears))]
        share = float(heads.disclosure_share.max())
        best, p_flag, model_category = _strongest(probs, self.classes)
        long = [i for i, u in enumerate(units) if i == 0 or len(u.split()) >= CHECK_IN_UNIT_WORDS]
        _, p_check, check_category = _strongest(probs[long], self.classes)
        scores = {c: round(float(probs[best][i]), 4) for i, c in enumerate(self.classes)}
        _, p_danger, model_marker = _strongest(dangers, self.markers)
        scores["danger"] = round(p_danger, 4)
        scores["near"] = round(near, 4)

        read = lexicon.read(text)
        hits = read.hits
        strong = [h for h in hits if h.strength == STRONG]
        earlier = [h for h in history if h and h.get("action") not in (None, "none")]

        near_only = False
        if strong or (p_flag >= FLAG_AT and not read.idioms):
            lead = next((h for h in strong if h.crisis), strong[0]) if strong else None
            category = lead.category if lead else model_category
            crisis = any(h.crisis for h in strong) or (
                category == "self_harm" and (bool(strong) or p_flag >= 0.99))
            action: Action = "crisis" if crisis else "support"
            confidence = 1.0 if strong else p_flag
        elif hits or (not read.idioms and (p_check >= CHECK_IN_AT or near >= NEAR_CHECK_IN)):
            # (a classifier alone does not flag or check in on talk the lexicon read as
            # ordinary: "I could kill him for forgetting our anniversary", a child's tantrum)
            near_only = not hits and p_check < CHECK_IN_AT
            # asked about what its nearest disclosures tell of, when only they saw it
            category = hits[0].category if hits else near_category if near_only else check_category
            # Two layers agreeing, two kinds of warning sign, or an earlier flagged turn in
            # this conversation: a disclosure, not an ambiguity.
            agree = bool(hits) and p_flag >= AGREE_AT
            several = len({h.signal for h in hits}) >= 2
            action = "support" if agree or several or earlier else "check_in"
            confidence = max(p_flag, 0.5)
        else:
            return SafetyResult(None, "none", p_flag, scores=scores)
        if near_only:
            if near >= NEAR_SUPPORT and share >= NEAR_SUPPORT_SHARE:
                action = "support"
            # what only the nearest examples flagged is a crisis with a firearm in play, or with
            # the danger head sure and the threat answering a separation or the person's own
            # plans; never a hobby's rifle locked in a safe
            if action == "support" and category in _ARMED_CATEGORIES and (
                    lexicon.firearm_in_play(text)
                    or (p_danger >= DANGER_AT and lexicon.danger_in_play(text))):
                return SafetyResult(category, "crisis", max(p_flag, 0.5), scores=scores,
                                    marker=model_marker if p_danger >= DANGER_AT else "weapon")
            return SafetyResult(category, action, max(p_flag, 0.5), scores=scores)
        marker = next((SIGNAL_MARKER[h.signal] for h in strong
                       if h.crisis and h.signal in SIGNAL_MARKER), None)
        # The danger head turns a flag into a crisis when it is sure of a marker of lethal
        # danger: for violence any marker, for coercive control stalking after a separation.
        if action != "crisis" and p_danger >= DANGER_AT and (
                category == "violence" or (category == "coercive_control"
                                           and model_marker == "stalking_after_leaving")):
            action, marker = "crisis", model_marker
        # A firearm in play in the home (Campbell's Danger Assessment: an abuser's access to a
        # gun multiplies the risk of homicide about fivefold) beside any flag of harm: a crisis.
        # (a disclosure and a firearm told of; an ambiguity and a firearm in play)
        if action != "crisis" and category in _ARMED_CATEGORIES and (
                lexicon.firearm_in_play(text) if action == "check_in"
                else lexicon.firearm_told(text)):
            action, marker = "crisis", "weapon"
        return SafetyResult(category, action, confidence,
                            tuple(h.evidence for h in hits), tuple(h.signal for h in hits),
                            scores, marker, _someone_else(text, strong))

    def reply(self, result: SafetyResult) -> dict[str, Any]:
        """The response's `safety` field, with the reply text in `message`."""
        assert result.category is not None
        behaviour = next((SIGNAL_WORDS[s] for s in result.signals if s in SIGNAL_WORDS),
                         CATEGORY_WORDS[result.category])
        lines = help_lines(result.category, result.action)
        message = self.prompts.render("safety_reply.j2", category=result.category,
                                      action=result.action, behaviour=behaviour,
                                      marker=result.marker, someone_else=result.someone_else,
                                      emergency=EMERGENCY, crisis_lines=CRISIS)
        return {"category": result.category, "action": result.action,
                "resources": [line.to_json() for line in lines], "message": message}


_ARMED_CATEGORIES = ("violence", "coercive_control", "child_at_risk")


def _top(sims: np.ndarray) -> np.ndarray:
    """The columns of each row's NEAR_K highest similarities (fewer when there are fewer)."""
    k = min(NEAR_K, sims.shape[1])
    if k == 0:
        return np.zeros((len(sims), 0), dtype=int)
    return np.argpartition(-sims, k - 1, axis=1)[:, :k]


def _mean_at(sims: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """The mean similarity at those columns of each row (0 with none)."""
    if columns.shape[1] == 0:
        return np.zeros(len(sims))
    return np.asarray(np.take_along_axis(sims, columns, axis=1).mean(axis=1))


def _strongest(probs: np.ndarray, labels: Sequence[str]) -> tuple[int, float, str]:
    """The unit (row) most likely not "none": its index, that probability, and the label
    other than "none" it finds likeliest."""
    none = list(labels).index("none")
    flagged = 1.0 - probs[:, none]
    unit = int(np.argmax(flagged))
    row = probs[unit].copy()
    row[none] = -1.0
    return unit, float(flagged[unit]), labels[int(np.argmax(row))]
