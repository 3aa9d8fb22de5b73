"""Grounded chat: retrieve with the conversation in mind, draft with the local model,
keep only the sentences the passages support, and fall back to quoting the article.

The tiny default model writes fluent sentences the article does not support, so
nothing it writes reaches the person unverified: each finished sentence of the draft
goes through the verifier as it streams, and only supported sentences are sent on, each
with a citation to the exact passage text that supports it. When too little survives,
the answer is extractive: a short warm lead-in and the most relevant quotes. When the
article does not cover the question at all, a kind redirect. `grounding` says which.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Generator as Steps
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from indexer.vocabulary import split_sentences, words
from server.chat.budget import fit
from server.chat.sessions import SessionStore, Turn, new_session_id
from server.chat.verify import Unit, Verdict, Verifier
from server.errors import GenerationCancelled, SessionWriteError
from server.llm import GenerationParams, Generator, Message
from server.prompts import Prompts
from server.retrieval import Excerpt, Query, Retriever
from server.safety.screen import SafetyScreen
from server.settings import Settings

log = logging.getLogger(__name__)

Grounding = Literal["generated", "extractive", "none"]

PASSAGES = 3
MIN_GENERATED_WORDS = 12  # below this much verified text, quote the article instead
MAX_KEPT_SENTENCES = 4
MAX_REJECTED_BEFORE_KEEP = 2  # stop drafting early when the model starts off unsupported

_MARKER = re.compile(r"\s*\[\d+\]")
_ANAPHORA = re.compile(r"\b(it|that|this|those|these|they|them|then|there|he|she|him|her|"
                       r"so|also|what about|and if|how long|when)\b", re.IGNORECASE)
_MEDICAL = re.compile(r"\b(medic\w*|dose|dosage|pills?|prescri\w*|diagnos\w*|symptoms?|"
                      r"doctor|melatonin|antidepressants?|therapy for me)\b", re.IGNORECASE)
# Diagnosis and legal or medical advice are out of scope by policy, even when the words
# overlap with the article's ("depressed" appears in it): the redirect names who can help.
_NOT_OURS = re.compile(r"\b(do i have|diagnos\w*|is (he|she|my \w+) (a |an )?(narcissist|"
                       r"sociopath|psychopath|bipolar|depressed)|custody|lawyer|attorney|"
                       r"divorce court|legal(ly)?|dosage|dose)\b", re.IGNORECASE)
_FEELING = re.compile(r"\b(feel\w*|lonely|alone|sad|hurt\w*|miss\w*|distant|disconnected|"
                      r"scared|afraid|cry\w*|tears|heart|ache|empty|invisible|roommates?)\b",
                      re.IGNORECASE)


@dataclass(frozen=True)
class Citation:
    """A numbered quote: the corpus text at [start:end]."""

    n: int
    doc: str
    section: str
    quote: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"n": self.n, "doc": self.doc, "section": self.section, "quote": self.quote,
                "start": self.start, "end": self.end}


@dataclass(frozen=True)
class ChatResult:
    """One answered message, with what it took to get there."""

    session_id: str
    answer: str
    citations: list[Citation]
    grounding: Grounding
    safety: dict[str, Any] | None = None
    draft: str = ""  # the model's raw draft, for eval (never logged)
    verdicts: list[Verdict] = field(default_factory=list)
    passages: list[Excerpt] = field(default_factory=list)
    history_dropped: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    screened: dict[str, Any] | None = None  # what the screen found, as sessions store it

    def to_json(self) -> dict[str, Any]:
        return {"session_id": self.session_id, "answer": self.answer,
                "citations": [c.to_json() for c in self.citations],
                "grounding": self.grounding, "safety": self.safety}


@dataclass(frozen=True)
class Started:
    """The conversation's id, sent first so a client can delete it at once if it wants."""

    session_id: str


@dataclass(frozen=True)
class Delta:
    """Verified answer text, ready to show."""

    text: str


@dataclass(frozen=True)
class Done:
    """The whole answer, after the last Delta."""

    result: ChatResult


Event = Started | Delta | Done


class Citations:
    """Numbers quotes in order of first use."""

    def __init__(self, passages: list[Excerpt]) -> None:
        self._passages = passages
        self.items: list[Citation] = []

    def cite(self, doc: str, section: str, quote: str, start: int, end: int) -> int:
        for c in self.items:
            if (c.doc, c.start, c.end) == (doc, start, end):
                return c.n
        self.items.append(Citation(len(self.items) + 1, doc, section, quote, start, end))
        return len(self.items)

    def cite_unit(self, unit: Unit) -> int:
        p = self._passages[unit.excerpt]
        return self.cite(p.doc, p.section, unit.text, unit.start, unit.end)

    def cite_excerpt(self, p: Excerpt) -> int:
        return self.cite(p.doc, p.section, p.quote, p.start, p.end)


class ChatPipeline:
    """Answers messages in sessions; the caller serialises calls that use the model."""

    def __init__(self, settings: Settings, retriever: Retriever, generator: Generator,
                 verifier: Verifier, prompts: Prompts, sessions: SessionStore, title: str,
                 screen: SafetyScreen) -> None:
        self.screen = screen
        self.settings = settings
        self.retriever = retriever
        self.generator = generator
        self.verifier = verifier
        self.prompts = prompts
        self.sessions = sessions
        self.title = title

    # --- entry points -------------------------------------------------------------------------
    def ask(self, message: str, session_id: str | None = None, *,
            early_stop: bool = True) -> ChatResult:
        for event in self.stream(message, session_id, early_stop=early_stop):
            if isinstance(event, Done):
                return event.result
        raise AssertionError("stream ended without a result")

    def stream(self, message: str, session_id: str | None = None, *,
               early_stop: bool = True,
               cancel: threading.Event | None = None) -> Iterator[Event]:
        """Started, verified text as it is produced, then Done. Nothing is stored until Done.

        The conversation so far comes from the session store, and the exchange is written
        to it, in one transaction, just before Done. When that write fails, SessionWriteError
        comes instead of Done, carrying the whole answer.
        """
        history = self.sessions.turns(session_id) if session_id else []
        existing = session_id is not None
        session_id = session_id or new_session_id()
        yield Started(session_id)
        for event in self.respond(message, history, session_id, early_stop=early_stop,
                                  cancel=cancel):
            if isinstance(event, Done):
                result = event.result
                try:
                    self.sessions.append_exchange(
                        session_id, Turn("user", message, safety=result.screened),
                        Turn("assistant", result.answer, result.grounding,
                             [c.to_json() for c in result.citations], result.safety),
                        existing=existing)
                except SessionWriteError as exc:
                    exc.result = result.to_json()  # the answer is not lost: it rides along
                    raise
            yield event

    def respond(self, message: str, history: list[Turn], session_id: str = "", *,
                early_stop: bool = True,
                cancel: threading.Event | None = None) -> Iterator[Delta | Done]:
        """Answer `message` given the conversation so far; stores nothing.

        The safety screen runs first; when it flags the message, its reply is the answer
        and nothing else runs. Setting `cancel` stops generation (GenerationCancelled).
        """
        started = time.perf_counter()
        screened = self.screen.screen(message, [t.safety for t in history if t.role == "user"])
        if screened.flagged:
            reply = self.screen.reply(screened)
            result = ChatResult(session_id, reply["message"], [], "none", reply)
            yield Delta(result.answer)
        else:
            result = yield from self._answer(message, session_id, history, early_stop,
                                             cancel or threading.Event())
        result = replace(result, screened=screened.record())
        result.timings["total"] = time.perf_counter() - started
        log.info("chat: grounding=%s citations=%d kept=%d/%d in %.2f s", result.grounding,
                 len(result.citations), sum(v.supported for v in result.verdicts),
                 len(result.verdicts), result.timings["total"])
        yield Done(result)

    # --- the answer ---------------------------------------------------------------------------
    def _answer(self, message: str, session_id: str, history: list[Turn],
                early_stop: bool, cancel: threading.Event) -> Steps[Delta, None, ChatResult]:
        t0 = time.perf_counter()
        passages = ([] if _NOT_OURS.search(message) else
                    self.retriever.search(follow_up_query(message, asked_before(history)),
                                          PASSAGES))
        timings = {"retrieval": time.perf_counter() - t0}
        if not passages:
            answer = self.prompts.render("chat_redirect.j2", title=self.title,
                                         medical=bool(_MEDICAL.search(message)),
                                         legal=bool(re.search(r"custody|lawyer|attorney|legal|"
                                                              r"divorce", message, re.I)))
            yield Delta(answer)
            return ChatResult(session_id, answer, [], "none", timings=timings)

        system = self.prompts.render("chat_system.j2")
        user = self.prompts.render("chat_user.j2", title=self.title, passages=passages,
                                   message=message)
        past = [Message(t.role, _MARKER.sub("", t.content)) for t in history]
        fitted = fit(self.generator, system, user, past,
                     answer_tokens=self.settings.max_tokens,
                     history_tokens=self.settings.history_tokens)
        if fitted.history_dropped:
            log.info("context budget: left out the %d oldest messages of this conversation",
                     fitted.history_dropped)
        params = GenerationParams(temperature=self.settings.temperature,
                                  max_tokens=self.settings.max_tokens, seed=self.settings.seed,
                                  repeat_penalty=self.settings.repeat_penalty)
        citations = Citations(passages)
        verdicts: list[Verdict] = []
        kept: list[str] = []  # answer pieces, markers included
        shown = 0
        draft = ""
        buffer = ""
        first_token: float | None = None
        tokens = self.generator.stream(fitted.prompt, params)
        try:
            for piece in tokens:
                if cancel.is_set():
                    raise GenerationCancelled("the client went away")
                if first_token is None:
                    first_token = time.perf_counter() - t0
                draft += piece
                buffer += piece
                done, buffer = _complete_sentences(buffer)
                for sentence in done:
                    self._judge(sentence, passages, verdicts, kept, citations)
                ready = _word_count(kept) >= MIN_GENERATED_WORDS
                if ready and shown < len(kept):
                    yield _continuation(kept, shown)
                    shown = len(kept)
                if early_stop and self._should_stop(verdicts, kept):
                    break
        finally:
            close = getattr(tokens, "close", None)
            if close is not None:
                close()
        if buffer.strip() and not (early_stop and self._should_stop(verdicts, kept)):
            self._judge(buffer.strip(), passages, verdicts, kept, citations)
        timings["first_draft_token"] = first_token or 0.0
        if _word_count(kept) >= MIN_GENERATED_WORDS:
            if shown < len(kept):
                yield _continuation(kept, shown)
            return ChatResult(session_id, " ".join(kept), citations.items, "generated",
                              draft=draft, verdicts=verdicts, passages=passages,
                              history_dropped=fitted.history_dropped, timings=timings)

        citations = Citations(passages)
        quotes = [{"quote": p.quote, "n": citations.cite_excerpt(p)} for p in passages]
        answer = self.prompts.render("chat_extractive.j2", quotes=quotes,
                                     distress=bool(_FEELING.search(message)))
        yield Delta(answer)
        return ChatResult(session_id, answer, citations.items, "extractive", draft=draft,
                          verdicts=verdicts, passages=passages,
                          history_dropped=fitted.history_dropped, timings=timings)

    def _judge(self, sentence: str, passages: list[Excerpt], verdicts: list[Verdict],
               kept: list[str], citations: Citations) -> None:
        clean = _MARKER.sub("", sentence).strip()
        if not clean or len(kept) >= MAX_KEPT_SENTENCES:
            return
        if any(_same(clean, v.sentence) for v in verdicts):
            verdicts.append(Verdict(clean, False, "repeats an earlier sentence", 0.0, 0.0, None))
            return
        (verdict,) = self.verifier.check([clean], passages)
        verdicts.append(verdict)
        if verdict.supported and verdict.unit is not None:
            kept.append(f"{clean} [{citations.cite_unit(verdict.unit)}]")

    def _should_stop(self, verdicts: list[Verdict], kept: list[str]) -> bool:
        if len(kept) >= MAX_KEPT_SENTENCES:
            return True
        rejected = sum(not v.supported for v in verdicts)
        repeats = sum(v.reason.startswith("repeats") for v in verdicts)
        return (not kept and rejected >= MAX_REJECTED_BEFORE_KEEP) or repeats >= 2


def asked_before(history: list[Turn]) -> list[str]:
    """The person's earlier messages in a conversation, oldest first."""
    return [t.content for t in history if t.role == "user"]


def follow_up_query(message: str, earlier: list[str]) -> Query:
    """The message, plus earlier questions when it leans on them ("when should I do it?")."""
    earlier = earlier[-2:]
    if not earlier:
        return Query.of(message)
    leans = len(words(message)) < 12 or bool(_ANAPHORA.search(message))
    weight = 0.7 if leans else 0.25
    texts = (message, *reversed(earlier))
    weights = (1.0, weight, weight / 2)[: len(texts)]
    return Query(texts, weights)


def _complete_sentences(buffer: str) -> tuple[list[str], str]:
    """Sentences that are certainly finished (another one has started), and the rest."""
    spans = split_sentences(buffer)
    if len(spans) < 2:
        return [], buffer
    done = [buffer[s:e] for s, e in spans[:-1]]
    return done, buffer[spans[-1][0]:]


def _continuation(kept: list[str], shown: int) -> Delta:
    """The kept sentences not yet sent, spaced to follow what was."""
    return Delta((" " if shown else "") + " ".join(kept[shown:]))


def _word_count(pieces: list[str]) -> int:
    return sum(len(words(_MARKER.sub("", p))) for p in pieces)


def _same(a: str, b: str) -> bool:
    return words(a) == words(b)
