"""Say it gently: turn a complaint into an opening that leads with longing.

The local model drafts a couple of candidates; the framing checker judges every one,
and so are the deterministic composer's three variants. The best candidate that
passes every hard rule, states nothing about their life that they did not say
(observed.invented), and keeps the person's concern and the concrete thing they miss,
wins; the composer's openings always pass, so there is always an answer that does.
Input with no concern gets a question back instead of an invented one; input that
names nothing concrete gets a general opening and a question asking what, concretely,
they miss; input that already works is changed lightly and told so.

Safety first: a `support` or `crisis` screen result replaces the rephrasing; a
`check_in` does not, and its gentle question with quiet resources comes back beside it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from indexer.chunking import Chunk
from server.llm import GenerationParams, Generator
from server.prompts import Prompts
from server.rephrase import framing
from server.rephrase.composer import Composer
from server.rephrase.concern import Concern, ConcernHead, detect_concern
from server.rephrase.observed import invented
from server.rephrase.phrases import Phrases
from server.safety.screen import SafetyScreen
from server.settings import Settings

log = logging.getLogger(__name__)

LONGING_PRINCIPLE = "Lead with longing rather than complaint."


@dataclass(frozen=True)
class Rephrasing:
    """The answer to one rephrase request."""

    rephrased: str
    alternatives: list[str]
    changes: list[str]
    checks: dict[str, dict[str, Any]]
    citations: list[dict[str, Any]]
    needs_clarification: bool
    question: str | None
    safety: dict[str, Any] | None = None
    source: str = ""  # "model", "composer" or "light touch", for eval
    drafts: list[str] = field(default_factory=list)  # the model's raw drafts, for eval

    def to_json(self) -> dict[str, Any]:
        return {"rephrased": self.rephrased, "alternatives": self.alternatives,
                "changes": self.changes, "checks": self.checks, "citations": self.citations,
                "needs_clarification": self.needs_clarification, "question": self.question,
                "safety": self.safety}


def longing_citation(paragraphs: Iterable[Chunk]) -> list[dict[str, Any]]:
    """The article's "Lead with longing rather than complaint" passage, at its exact offsets:
    from the principle to the end of its paragraph."""
    for para in paragraphs:
        at = para.text.find(LONGING_PRINCIPLE)
        if at >= 0:
            return [{"n": 1, "doc": para.doc_id, "section": para.section,
                     "quote": para.text[at:], "start": para.start + at, "end": para.end}]
    return []


class Rephraser:
    """Drafts with the model, checks everything, and falls back to the composer."""

    def __init__(self, generator: Generator | None, prompts: Prompts,
                 paragraphs: Iterable[Chunk], screen: SafetyScreen, *,
                 params: GenerationParams, candidates: int,
                 concern_head: ConcernHead | None = None) -> None:
        self.screen = screen
        self.concern_head = concern_head
        self.generator = generator
        self.prompts = prompts
        self.composer = Composer(Phrases.load(prompts.folder))
        self.citations = longing_citation(paragraphs)
        self.params = replace(params, stop=("\n",))
        self.candidates = candidates

    @classmethod
    def from_settings(cls, settings: Settings, generator: Generator | None, prompts: Prompts,
                      paragraphs: Iterable[Chunk], screen: SafetyScreen,
                      concern_head: ConcernHead | None = None) -> Rephraser:
        params = GenerationParams(temperature=settings.rephrase_temperature,
                                  max_tokens=settings.rephrase_max_tokens, seed=settings.seed,
                                  repeat_penalty=settings.rephrase_repeat_penalty)
        return cls(generator, prompts, paragraphs, screen, params=params,
                   candidates=settings.rephrase_candidates, concern_head=concern_head)

    def concern_of(self, text: str) -> Concern | None:
        """The concern read by the cues, with the concern head's word when there is one."""
        return detect_concern(text, self.concern_head(text) if self.concern_head else None)

    def rephrase(self, text: str, *, use_model: bool = True,
                 generator: Generator | None = None) -> Rephrasing:
        """Screen first (a failing screen raises: no rephrasing without it), then rewrite.
        `generator` drafts for this call instead of the rephraser's own (/v1 counts its
        tokens); with neither, the composer alone answers."""
        screened = self.screen.screen(text)
        safety = self.screen.reply(screened) if screened.flagged else None
        if screened.replaces_job:
            return Rephrasing("", [], [], {}, [], False, None, safety, source="safety")
        concern = self.concern_of(text)
        if concern is None:
            return Rephrasing("", [], [], {}, self.citations, True,
                              self.composer.clarification_question(text), safety,
                              source="question")
        question = (None if self.composer.is_specific(text, concern)
                    else self.composer.detail_question(text))
        model = generator or self.generator
        drafts = self._drafts(text, model) if use_model and model is not None else []
        if concern.gentle:
            light = self.composer.light_touch(text, concern)
            others = [self.composer.compose(text, concern, v) for v in (0, 2)]
            return self._answer(text, light, others, "light touch", drafts, question, safety)

        composed = [self.composer.compose(text, concern, v) for v in (0, 1, 2)]
        passing = [d for d in drafts if self._good(d, text, concern)]
        if passing:
            best = max(passing, key=lambda d: framing.check(d, source=text).soft_score)
            return self._answer(text, best, composed[:2], "model", drafts, question, safety)
        return self._answer(text, composed[0], composed[1:], "composer", drafts, question,
                            safety)

    def _answer(self, text: str, chosen: str, others: list[str], source: str,
                drafts: list[str], question: str | None,
                safety: dict[str, Any] | None) -> Rephrasing:
        alternatives = [o for o in dict.fromkeys(others) if o != chosen]
        return Rephrasing(
            rephrased=chosen,
            alternatives=alternatives,
            changes=self.composer.explain_changes(text, chosen),
            checks=framing.check(chosen, source=text).to_json(),
            citations=self.citations,
            needs_clarification=False,
            question=question,
            safety=safety,
            source=source,
            drafts=drafts,
        )

    def _good(self, draft: str, text: str, concern: Concern) -> bool:
        """A draft wins only if it passes every hard rule, says nothing about what happened
        that the person did not (the composer's own rule), keeps the concern's topic, and
        keeps the concrete thing missed when there is one."""
        if not framing.check(draft, source=text).hard_pass or invented(draft, text):
            return False
        kept = self.concern_of(draft)
        if kept is None or kept.topic != concern.topic:
            return False
        return self.composer.keeps_specifics(text, concern, draft)

    def _drafts(self, text: str, generator: Generator) -> list[str]:
        missed = self.composer.missed_in(text)
        prompt = self.prompts.render("rephrase.j2", text=text,
                                     missed=missed.label if missed else "")
        drafts = []
        for n in range(self.candidates):
            params = replace(self.params, seed=self.params.seed + n)
            draft = "".join(generator.stream(prompt, params)).strip().strip('"').strip()
            if draft:
                drafts.append(draft)
        return drafts
