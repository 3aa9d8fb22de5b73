"""Talk: answer with the article's own words, composed as a warm reply.

The answer is chosen first (server/chat/answer.py): the one to three sentences of the
article that answer the message. The reply is composed around them (server/chat/compose.py):
an acknowledgement when the person says how they feel, the quoted sentences with their
citations, then one next step chosen by what was asked. That whole reply is known a few
milliseconds after retrieval and streams at once ("extractive"). Only with talk_drafts on
does the language model then draft from the same passages; a drafted sentence follows the
composed reply only when the verifier finds one quoted unit supporting it (`grounding`
"generated"). Off by default: the bundled 135M model's drafts added nothing people see
(README, the ablation), and with drafts off Talk never touches the model. A question the
article does not cover gets a kind redirect ("none").
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from collections.abc import Generator as Steps
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

from indexer.vocabulary import split_sentences, words
from server.chat.answer import AnswerFinder, answer_query
from server.chat.budget import fit
from server.chat.compose import KINDS, Composer, TalkPhrases, quote_block, read_person
from server.chat.sessions import SessionStore, Turn, new_session_id
from server.chat.verify import Verdict, Verifier
from server.errors import GenerationCancelled, SessionWriteError
from server.llm import GenerationParams, Generator, Message
from server.prompts import Prompts
from server.retrieval import Excerpt, Retriever
from server.safety.screen import SafetyScreen
from server.settings import Settings

log = logging.getLogger(__name__)

Grounding = Literal["generated", "extractive", "none"]
OpeningMaker = Callable[[str], "str | None"]  # the person's words -> an opening, or None

PARAGRAPH = "\n\n"
MAX_KEPT_SENTENCES = 2  # verified model sentences added to a reply, at most
MAX_REJECTED_BEFORE_KEEP = 2  # stop drafting early when the model starts off unsupported

_MARKER = re.compile(r"\s*\[\d+\]")
_MEDICAL = re.compile(r"\b(medic\w*|dose|dosage|pills?|prescri\w*|diagnos\w*|symptoms?|"
                      r"doctor|melatonin|antidepressants?|therapy for me)\b", re.IGNORECASE)
# Diagnosis and legal or medical advice are out of scope by policy, even when the words
# overlap with the article's ("depressed" appears in it): the redirect names who can help.
# Told as a fact ("my partner is depressed and I feel shut out"), a low mood is the
# article's subject (a depleted partner); asked about or guessed at, it is a diagnosis.
_DIAGNOSIS_WORDS = "narcissist|sociopath|psychopath|bipolar|autistic|adhd"
_DIAGNOSES = rf"(a |an )?({_DIAGNOSIS_WORDS})"
_LABELS = rf"(a |an )?({_DIAGNOSIS_WORDS}|depressed)"
_NOT_OURS = re.compile(rf"\b(do i have|diagnos\w*|is (he|she|my \w+) {_LABELS}|"
                       rf"(he|she|my \w+) (might be|could be|may be|must be) {_LABELS}|"
                       rf"(he|she|my \w+) is {_DIAGNOSES}|custody|"
                       r"lawyer|attorney|divorce court|legal(ly)?|dosage|dose|"
                       r"antidepressants?|medications?|meds|prescri\w*)\b", re.IGNORECASE)


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
        return asdict(self)


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
    suggestion: dict[str, str] | None = None  # another job to open, with the person's words
    kind: str = ""  # what the message asked for (answer.QuestionKind)
    kept: list[str] = field(default_factory=list)  # the verified model sentences shown

    def to_json(self) -> dict[str, Any]:
        return {"session_id": self.session_id, "answer": self.answer,
                "citations": [c.to_json() for c in self.citations],
                "grounding": self.grounding, "safety": self.safety,
                "suggestion": self.suggestion}


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


def sources(docs: Sequence[str], titles: dict[str, str]) -> list[str]:
    """How a reply names where each quoted stretch is from: "the article" only when the
    corpus holds one document, so "the article" is never one of several; otherwise the
    document's title, and "it" for a stretch from the same document as the one before."""
    if len(titles) <= 1:
        return ["the article"] * len(docs)
    return ["it" if i > 0 and docs[i - 1] == doc else f"“{titles.get(doc, doc)}”"
            for i, doc in enumerate(docs)]


class Citations:
    """Numbers quotes in order of first use."""

    def __init__(self) -> None:
        self.items: list[Citation] = []

    def cite(self, p: Excerpt) -> int:
        for c in self.items:
            if (c.doc, c.start, c.end) == (p.doc, p.start, p.end):
                return c.n
        self.items.append(Citation(len(self.items) + 1, p.doc, p.section, p.quote, p.start,
                                   p.end))
        return len(self.items)


class ChatPipeline:
    """Answers messages in sessions; the caller serialises calls that use the model."""

    def __init__(self, settings: Settings, retriever: Retriever, generator: Generator,
                 verifier: Verifier, prompts: Prompts, sessions: SessionStore, title: str,
                 screen: SafetyScreen, openings: OpeningMaker | None = None) -> None:
        self.screen = screen
        self.settings = settings
        self.retriever = retriever
        self.finder = AnswerFinder(retriever)
        self.generator = generator
        self.verifier = verifier
        self.prompts = prompts
        self.composer = Composer(TalkPhrases.load(prompts.folder))
        self.openings = openings
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
                early_stop: bool = True, cancel: threading.Event | None = None,
                generator: Generator | None = None) -> Iterator[Delta | Done]:
        """Answer `message` given the conversation so far; stores nothing.

        The safety screen runs first. A disclosure (support, crisis) gets its reply instead
        of an answer; an ambiguous message (check-in) gets the answer, then the gentle
        question. Setting `cancel` stops generation (GenerationCancelled). `generator`
        drafts for this reply instead of the pipeline's own (/v1 counts its tokens).
        """
        started = time.perf_counter()
        screened = self.screen.screen(message, [t.safety for t in history if t.role == "user"])
        if screened.replaces_job:
            reply = self.screen.reply(screened)
            result = ChatResult(session_id, reply["message"], [], "none", reply)
            yield Delta(result.answer)
        else:
            result = yield from self._answer(message, session_id, history, early_stop,
                                             cancel or threading.Event(), started,
                                             generator or self.generator)
            if screened.flagged:
                reply = self.screen.reply(screened)
                yield Delta(PARAGRAPH + reply["message"])
                result = replace(result, answer=result.answer + PARAGRAPH + reply["message"],
                                 safety=reply)
        result = replace(result, screened=screened.record())
        result.timings["total"] = time.perf_counter() - started
        log.info("chat: grounding=%s citations=%d kept=%d/%d in %.2f s", result.grounding,
                 len(result.citations), len(result.kept), len(result.verdicts),
                 result.timings["total"])
        yield Done(result)

    # --- the answer ---------------------------------------------------------------------------
    def _answer(self, message: str, session_id: str, history: list[Turn], early_stop: bool,
                cancel: threading.Event, started: float,
                generator: Generator) -> Steps[Delta, None, ChatResult]:
        t0 = time.perf_counter()
        earlier = asked_before(history)
        query = answer_query(message, earlier)
        covered = (not _NOT_OURS.search(message)
                   and self.retriever.covers(query) >= self.retriever.min_relevance)
        timings = {"retrieval": time.perf_counter() - t0}
        if not covered:
            answer = self.prompts.render("chat_redirect.j2", titles=self.retriever.titles(),
                                         topics=self.retriever.topics(),
                                         medical=bool(_MEDICAL.search(message)),
                                         legal=bool(re.search(r"custody|lawyer|attorney|legal|"
                                                              r"divorce", message, re.I)))
            yield Delta(answer)
            return ChatResult(session_id, answer, [], "none", timings=timings)

        choice = self.finder.choose(query, message, cited_before(history))
        # A stretch with markup inside (a bold lead, "> ") is quoted as its exact pieces.
        groups = [self.finder.excerpts(span, score) for span, score in
                  zip(choice.spans, choice.scores, strict=True)]
        passages = [p for group in groups for p in group]
        kind = choice.kind if choice.kind in KINDS else "how"  # a kind without phrases yet
        person = read_person(message, earlier)
        citations = Citations()
        parts = [self.composer.acknowledgement(message, person)]
        titles = self.retriever.index.manifest.get("documents", {})
        names = sources([span.doc for span in choice.spans],
                        {d: t.get("title", d) for d, t in titles.items()})
        for i, (span, group) in enumerate(zip(choice.spans, groups, strict=True)):
            parts.append(self.composer.connective(kind, message, second=i > 0,
                                                  source=names[i]))
            marks = [citations.cite(p) for p in group]
            parts.append(quote_block(self.finder.text(span), marks[0])
                         + "".join(f" [{n}]" for n in marks[1:]))
        suggestion, opening = self._opening(message, earlier) if choice.kind == "say" else (
            None, None)
        parts.append(self.composer.next_step(kind, message, person, opening,
                                             len(choice.spans)))
        composed = PARAGRAPH.join(x for x in parts if x)
        yield Delta(composed)  # the whole composed reply, before any model work
        timings["first_text"] = time.perf_counter() - started
        result = ChatResult(session_id, composed, citations.items, "extractive",
                            passages=passages, timings=timings, suggestion=suggestion,
                            kind=choice.kind)
        if not self.drafts:
            return result

        lead = PARAGRAPH + self.composer.restated(message) + " "
        drafted = yield from self._draft(generator, message, history, passages, citations,
                                         early_stop, cancel, t0, lead)
        kept = drafted.kept
        timings["first_draft_token"] = drafted.first_token
        return replace(result, answer=composed + (lead + " ".join(kept) if kept else ""),
                       citations=citations.items,
                       grounding="generated" if kept else "extractive", draft=drafted.draft,
                       verdicts=drafted.verdicts, history_dropped=drafted.history_dropped,
                       kept=kept)

    @property
    def drafts(self) -> bool:
        """Whether a reply may run the language model (settings.talk_drafts). When false,
        Talk never touches the model, so a caller need not take the model's lock for it."""
        return self.settings.talk_drafts

    def _opening(self, message: str,
                 earlier: list[str]) -> tuple[dict[str, str] | None, str | None]:
        """An opening that leads with longing, built from the person's own words, if any;
        Say it gently is always offered with their words."""
        if self.openings is not None:
            for text in (message, *reversed(earlier)):
                opening = self.openings(text)
                if opening:
                    return {"job": "rephrase", "text": text}, opening
        return {"job": "rephrase", "text": message}, None

    def _draft(self, generator: Generator, message: str, history: list[Turn],
               passages: list[Excerpt], citations: Citations, early_stop: bool,
               cancel: threading.Event, t0: float, lead: str) -> Steps[Delta, None, Drafted]:
        """The model's draft, sentence by sentence; each one the verifier keeps is shown,
        after the composed reply (the first after `lead`)."""
        system = self.prompts.render("chat_system.j2")
        user = self.prompts.render("chat_user.j2", title=self.title, passages=passages,
                                   message=message)
        past = [Message(t.role, _MARKER.sub("", t.content)) for t in history]
        fitted = fit(generator, system, user, past,
                     answer_tokens=self.settings.max_tokens,
                     history_tokens=self.settings.history_tokens)
        if fitted.history_dropped:
            log.info("context budget: left out the %d oldest messages of this conversation",
                     fitted.history_dropped)
        params = GenerationParams(temperature=self.settings.temperature,
                                  max_tokens=self.settings.max_tokens, seed=self.settings.seed,
                                  repeat_penalty=self.settings.repeat_penalty)
        verdicts: list[Verdict] = []
        kept: list[str] = []  # verified sentences, markers included
        draft = buffer = ""
        first_token: float | None = None
        tokens = generator.stream(fitted.prompt, params)
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
                    shown = len(kept)
                    self._judge(sentence, message, passages, verdicts, kept, citations)
                    if len(kept) > shown:
                        yield Delta((lead if shown == 0 else " ") + kept[-1])
                if early_stop and self._should_stop(verdicts, kept):
                    break
        finally:
            tokens.close()
        if buffer.strip() and not (early_stop and self._should_stop(verdicts, kept)):
            shown = len(kept)
            self._judge(buffer.strip(), message, passages, verdicts, kept, citations)
            if len(kept) > shown:
                yield Delta((lead if shown == 0 else " ") + kept[-1])
        return Drafted(kept, verdicts, draft, fitted.history_dropped, first_token or 0.0)

    def _judge(self, sentence: str, message: str, passages: list[Excerpt],
               verdicts: list[Verdict], kept: list[str], citations: Citations) -> None:
        clean = _MARKER.sub("", sentence).strip()
        if not clean or len(kept) >= MAX_KEPT_SENTENCES:
            return
        if any(_same(clean, v.sentence) for v in verdicts):
            verdicts.append(Verdict(clean, False, "repeats an earlier sentence", 0.0, 0.0, None))
            return
        (verdict,) = self.verifier.check([clean], passages, message)
        verdicts.append(verdict)
        if verdict.supported and verdict.unit is not None:
            kept.append(f"{clean} [{citations.cite(passages[verdict.unit.excerpt])}]")

    def _should_stop(self, verdicts: list[Verdict], kept: list[str]) -> bool:
        if len(kept) >= MAX_KEPT_SENTENCES:
            return True
        rejected = sum(not v.supported for v in verdicts)
        repeats = sum(v.reason.startswith("repeats") for v in verdicts)
        return (not kept and rejected >= MAX_REJECTED_BEFORE_KEEP) or repeats >= 2


@dataclass(frozen=True)
class Drafted:
    """What drafting produced."""

    kept: list[str]  # verified sentences, markers included
    verdicts: list[Verdict]
    draft: str  # the model's raw draft, for eval (never logged)
    history_dropped: int
    first_token: float


def asked_before(history: list[Turn]) -> list[str]:
    """The person's earlier messages in a conversation, oldest first."""
    return [t.content for t in history if t.role == "user"]


def cited_before(history: list[Turn]) -> list[tuple[str, int, int]]:
    """(doc, start, end) of every stretch the conversation has quoted already."""
    return [(c["doc"], c["start"], c["end"]) for t in history if t.role == "assistant"
            for c in t.citations]


def _complete_sentences(buffer: str) -> tuple[list[str], str]:
    """Sentences that are certainly finished (another one has started), and the rest."""
    spans = split_sentences(buffer)
    if len(spans) < 2:
        return [], buffer
    done = [buffer[s:e] for s, e in spans[:-1]]
    return done, buffer[spans[-1][0]:]


def _same(a: str, b: str) -> bool:
    return words(a) == words(b)
