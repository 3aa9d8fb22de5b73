"""The safety screen: runs on every message of every feature, before the feature.

Abuse is not a communication problem, and better wording does not make it safe; so
when a message reveals violence, coercive control, self-harm, harm done to a partner
or a child at risk, the feature does not run and a reply from prompts/safety_reply.j2
does. Two layers decide: the lexicon (server/safety/lexicon.py,
negation and hyperbole aware) and a classifier over sentence embeddings, trained
when the index is built (indexer/safety_model.py). Signals accumulate over a
conversation: a second ambiguous message escalates a check-in to support.

Actions: `crisis` (imminent danger: emergency help first), `support` (a disclosure:
believe, name it, give confidential help lines), `check_in` (ambiguous: a gentle
question, resources shown quietly), `none`.
"""

from __future__ import annotations

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
from server.safety.rules import STRONG

Action = Literal["crisis", "support", "check_in", "none"]

# Classifier thresholds on P(not "none"), calibrated on eval/data/safety_dev.json and
# checked on eval/data/safety_holdout.jsonl (see README).
FLAG_AT = 0.995
CHECK_IN_AT = 0.95
MIN_UNIT_WORDS = 4  # sentences shorter than this are judged only as part of the message

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

@dataclass(frozen=True)
class SafetyResult:
    """What the screen found in one message."""

    category: str | None
    action: Action
    confidence: float
    evidence: tuple[str, ...] = ()
    signals: tuple[str, ...] = ()
    scores: dict[str, float] = field(default_factory=dict)

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


class SafetyScreen:
    """Lexicon + classifier over one message, with the conversation's earlier signals."""

    def __init__(self, embedder: Embedder, weights: dict[str, np.ndarray],
                 prompts: Prompts) -> None:
        self.embedder = embedder
        self.coef = weights["coef"]  # (n_classes, dim)
        self.intercept = weights["intercept"]
        self.classes = [str(c) for c in weights["classes"]]
        self.prompts = prompts

    @classmethod
    def load(cls, index_folder: Path, embedder: Embedder, prompts: Prompts) -> SafetyScreen:
        path = index_folder / SAFETY
        if not path.is_file():
            raise SafetyScreenError(
                f"the safety classifier is missing from {index_folder}: run `reconnect index "
                "--force` to train it")
        with np.load(path) as data:
            return cls(embedder, {k: data[k] for k in data.files}, prompts)

    def probabilities(self, texts: list[str]) -> np.ndarray:
        logits = self.embedder.embed(texts) @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return np.asarray(p / p.sum(axis=1, keepdims=True))

    def screen(self, text: str, history: Sequence[dict[str, Any] | None] = ()) -> SafetyResult:
        """Screen one message; `history` holds earlier turns' `record()`s."""
        try:
            return self._screen(text, history)
        except SafetyScreenError:
            raise
        except Exception as exc:  # the screen must never fail open
            raise SafetyScreenError(f"the safety screen failed ({type(exc).__name__})") from exc

    def _screen(self, text: str, history: Sequence[dict[str, Any] | None]) -> SafetyResult:
        units = [text] + [text[s:e] for s, e in split_sentences(text)
                          if len(text[s:e].split()) >= MIN_UNIT_WORDS]
        probs = self.probabilities(list(dict.fromkeys(units)))
        none = self.classes.index("none")
        flag_p = 1.0 - probs[:, none]
        best = int(np.argmax(flag_p))
        p_flag = float(flag_p[best])
        row = probs[best].copy()
        row[none] = -1.0
        model_category = self.classes[int(np.argmax(row))]
        scores = {c: round(float(probs[best][i]), 4) for i, c in enumerate(self.classes)}

        hits = lexicon.scan(text)
        strong = [h for h in hits if h.strength == STRONG]
        earlier = [h for h in history if h and h.get("action") not in (None, "none")]

        if strong or p_flag >= FLAG_AT:
            lead = strong[0] if strong else None
            category = lead.category if lead else model_category
            crisis = any(h.crisis for h in strong) or (
                category == "self_harm" and (bool(strong) or p_flag >= 0.99))
            action: Action = "crisis" if crisis else "support"
            confidence = 1.0 if strong else p_flag
        elif hits or p_flag >= CHECK_IN_AT:
            category = hits[0].category if hits else model_category
            # Two layers agreeing, two kinds of warning sign, or an earlier flagged turn in
            # this conversation: a disclosure, not an ambiguity.
            agree = bool(hits) and p_flag >= CHECK_IN_AT
            several = len({h.signal for h in hits}) >= 2
            action = "support" if agree or several or earlier else "check_in"
            confidence = max(p_flag, 0.5)
        else:
            return SafetyResult(None, "none", p_flag, scores=scores)
        return SafetyResult(category, action, confidence,
                            tuple(h.evidence for h in hits), tuple(h.signal for h in hits),
                            scores)

    def reply(self, result: SafetyResult) -> dict[str, Any]:
        """The response's `safety` field, with the reply text in `message`."""
        assert result.category is not None
        behaviour = next((SIGNAL_WORDS[s] for s in result.signals if s in SIGNAL_WORDS),
                         CATEGORY_WORDS[result.category])
        lines = help_lines(result.category, result.action)
        message = self.prompts.render("safety_reply.j2", category=result.category,
                                      action=result.action, behaviour=behaviour,
                                      emergency=EMERGENCY, crisis_lines=CRISIS)
        return {"category": result.category, "action": result.action,
                "resources": [line.to_json() for line in lines], "message": message}
