"""Choose the answer before writing anything: the stretch of a document that answers.

Retrieval finds the right corner of the corpus; this picks, within it, the one to three
stretches that answer the message. Candidates are answer units:

- every sentence, with the sentences before it that it points back to ("But it is...") and,
  when it is a short principle ("Time and setting matter."), the sentence that explains it;
- every list item, its lead with its explanation ("Shared laughter. This sounds trivial but
  isn't. ..."), in explicit Markdown lists and in implicit ones (indexer/chunking.py);
- stretches that a sidecar's reader questions point at (`corpus/*.hints.json`), when a
  document has one: a curated addition, never required.

Each unit is scored on evidence every unit of every document has: how close the message is
to the unit's sentences, its paragraph and its section's heading, its keywords, and whether
its role fits what is asked (a list item for something to do, a quoted line for words to
say, a cause for a why, timing for a when, reassurance for "is it normal"; a blockquote
of someone's words only when words are asked for). A unit with reader questions adds how
close the message is to them, measured against what its text alone would predict, so a
document with a sidecar does not crowd out one without. A list's
introduction is never the answer on its own: its best items are. A second stretch joins
only when it scores close to the first; never filler to reach a count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from indexer.chunking import Chunk
from indexer.vocabulary import fold, split_sentences, words
from server.retrieval import Excerpt, Query, Retriever

QuestionKind = Literal["say", "do", "why", "when", "normal", "how", "other"]

# Words people put between the parts of a question ("what should I *actually* say"); they are
# left out before the cues below are matched, so the cues need not list every wording.
_FILLER = re.compile(r"\b(?:actually|even|really|honestly|just|possibly|ever|exactly|"
                     r"literally|basically|like|seriously|realistically|practically|maybe|"
                     r"perhaps|please|ok|okay|so|um|uh|kinda|sort of|kind of)\b")
_ME = r"(?:i|we|you|u)"
_MODAL = r"(?:do|should|can|could|would|will|shall|am|do\s+you\s+think|might)"

# What a message asks for, from its wording; the first match wins ("when is a good time to
# bring it up" asks when, "is it weird that I'm scared to bring it up" asks for reassurance).
_KIND_PATTERNS: tuple[tuple[QuestionKind, str], ...] = (
    ("when", r"\bwhen\s+(?:should|is|do|can|would|will|to|'?s)\b|\bwhen's\b|\b(?:best|right|"
             r"good|bad)\s+(?:time|moment|night|day)\b|\bwhat\s+time\b|\bhow\s+(?:long|soon)\b"
             r"|\btiming\b|\bat\s+what\s+point\b|\bshould\s+(?:we|i)\s+wait\b"
             # the conditions that decide between two courses ("how do I know if we need a
             # therapist or can do this ourselves"); "... if it's getting better" asks for signs
             r"|\bhow\s+(?:do|can|would|will)\s+(?:i|we|you)\s+(?:know|tell)\s+(?:if|whether)"
             r"\b(?=[^?.]*\b(?:or|need|should)\b)"),
    # ("back to normal" is where they want to be, not a question whether it is normal)
    ("normal", r"\bis\s+(?:it|this|that)\s+(?:\w+\s+)?(?:normal|common|usual|ok|okay|"
               r"fixable|bad|weird|too\s+late)\b|(?<!\bto )\bnormal\b|\bam\s+i\s+the\s+only\b"
               r"|\bdo\s+"
               # ("why does that happen" asks for the cause, "how often does it happen" a time)
               r"(?:other|most|all|lots\s+of)\s+(?:couples|people)\b|(?<!\bwhy\s)(?<!\bhow\s)"
               r"(?<!\bwhen\s)(?<!\boften\s)\bdoes\s+(?:this|that|it)"
               r"\s+happen\b|\b(?:is|are)\s+(?:we|us)\s+(?:normal|weird|broken|doomed)\b"
               # a worry about themselves: "am I being ridiculous", "is something wrong with us"
               r"|\bam\s+i\s+(?:being\s+)?(?:too\s+)?(?:ridiculous|crazy|silly|dramatic|"
               r"overthinking|overreacting|paranoid|unreasonable|needy|sensitive|selfish|petty|"
               r"stupid|wrong|imagining)\b|\b(?:is|are)\s+(?:there\s+)?(?:something|anything)\s+"
               r"wrong\s+with\s+(?:us|me|we)\b|\bis\s+this\s+what\s+(?:\w+\s+){1,2}?becomes?\b"
               # whether others live it too: "is that a thing?", "is it just me", "anyone else"
               r"|\bis\s+(?:it|this|that)\s+a\s+(?:real\s+|common\s+)?thing\b(?!\s+(?:we|i)\b)"
               r"|\bis\s+it\s+(?:only\s+)?me\b|\b(?:does|do|has)\s+any(?:one|body)\s+else\b"),
    ("say", rf"\b(?:what|how)\s+{_MODAL}\s+{_ME}\s+(?:\w+\s+){{0,2}}?(?:say|tell|word|phrase|"
            r"put|bring|raise|start|open|ask|approach|explain|talk|text|begin|broach|mention|"
            r"express|communicate)\b"
            r"|\bwhat\s+(?:to|i\s+should|should\s+i|do\s+i|can\s+i)\s+(?:\w+\s+)?say\b"
            r"|\bhow\s+(?:to|do\s+i|can\s+i|should\s+i)\s+(?:\w+\s+)?(?:say|tell|bring|raise|"
            r"start|open|word|phrase|approach|broach|talk\s+to|ask)\b"
            # ("every time i bring it up he shuts down" tells what happens; it asks nothing)
            r"|(?:^|\b(?:to|should|can|could|would|do|how|when|whether|if|wanna|gonna)\s+"
            r"(?:i\s+|we\s+)?)bring\s+(?:it|this|that|up)\b|\bbringing\s+(?:it|this|that|up)\b"
            # where to start, when what is to be started is a conversation
            r"|^(?=.*\b(?:conversation|convo|talk|talking|speak|speaking)\b).*\bwhere\s+"
            r"(?:(?:do|should|can|would)\s+(?:i|we)|to)\s+(?:start|begin)\b"
            r"|\bwords?\s+(?:to|for)\b|\b(?:opening|first)\s+"
            r"(?:line|words|sentence)\b|\bhow\s+(?:do|should|can)\s+i\s+(?:let|make)\s+"
            r"(?:him|her|them)\s+know\b|\bstart\s+(?:the|that|this|a)\s+(?:conversation|"
            r"convo|talk|chat)\b|\bsound\s+like\s+(?:an?\s+)?(?:attack|accusation|complaint|"
            r"threat|criticism)\b|\bsomething\s+(?:\w+\s+){0,2}?to\s+(?:say|tell|text|write)\b"
            r"|\b(?:give|tell|help)\s+me\s+(?:\w+\s+){0,3}?(?:to\s+)?(?:say|word)\b"),
    ("do", rf"\bwhat\s+(?:\w+\s+){{0,2}}?(?:can|could|should|do|might|would)\s+{_ME}\s+"
           r"(?:\w+\s+)?(?:do|try|start)\b"
           # ("is this a relationship thing we can work on" asks what it is, not what to do)
           r"|(?<!\bis\sthis\s)(?<!\bis\sit\s)(?<!\bis\sthat\s)\b(?:one|a|some|any)\s+(?:\w+\s+)?(?:thing|things|step|steps|"
           r"idea|ideas|habit|habits|tips?|suggestions?|exercises?|practices?|ways?)\s+(?:i|we|"
           r"to|that|you|for)\b|\b(?:something|anything)\s+(?:\w+\s+)?(?:i|we)\s+(?:can|could)\b"
           r"|\bsomething\s+(?:small|practical|simple|concrete|to\s+(?:do|try))\b"
           r"|\bhow\s+often\b|\b(?:any|some|give\s+me)\s+(?:\w+\s+)?(?:tips|ideas|suggestions|"
           r"advice|exercises)\b|\bwhat\s+helps\b|\bwhere\s+(?:do|should|can)\s+(?:i|we)\s+"
           r"(?:start|begin)\b|\bwhere\s+to\s+(?:start|begin)\b|\b(?:i|we)\s+(?:can|could)\s+try\b"),
    ("why", r"^\W*why\b|\bwhy\s+(?:do|does|did|is|are|am|was|were|would|can'?t|won'?t|"
            r"doesn'?t|don'?t|didn'?t|isn'?t|has|have)\b|\bhow\s+come\b|\bwhat\s+(?:causes|"
            r"happened\s+to)\b|(?<!'s\s)(?<!\bis\s)\bwhy\b"),
    # ("how do I know if it's getting better" asks for signs, not for a way to do something)
    ("how", r"\bhow\s+(?:do|can|should|could|would)\s+(?:we|i|you)\b(?!\s+(?:know|tell)\b)"
            r"|\bways?\s+to\b"
            r"|\bhow\s+to\b|\bwhat\s+(?:can|should|could)\s+(?:we|i)\b"),
    # A judgement of themselves with no other question ("i feel selfish for wanting her
    # attention") asks whether it is fair to feel so: reassurance, last so any question wins.
    ("normal", r"\b(?:i|i'm|im)\s+(?:feel\s+|feeling\s+|felt\s+|am\s+|must\s+be\s+)?(?:like\s+"
               r"(?:i'm\s+|im\s+|i\s+am\s+)?)?(?:being\s+|so\s+|too\s+|a\s+bit\s+)?(?:selfish|"
               r"needy|clingy|guilty|petty|pathetic|ungrateful|unreasonable|dramatic|ridiculous|"
               r"crazy|silly|stupid|oversensitive|sensitive|a\s+bad\s+(?:wife|husband|partner|"
               r"person|girlfriend|boyfriend))\b"),
)
KIND_CUES = tuple((kind, re.compile(pattern)) for kind, pattern in _KIND_PATTERNS)

# What a unit's sentences say, in any document: the signals the kinds above look for.
ROLE_CUES: dict[str, re.Pattern[str]] = {k: re.compile(p, re.IGNORECASE) for k, p in {
    "why": r"\b(?:because|comes? from|caus\w*|reasons?|why|drivers?|leads? to|results? in|"
           r"contribut\w*|stems? from|due to|factors?|accelerat\w*|the problem is)\b",
    "when": r"\b(?:when|moment|times?|timing|early|earlier|after|before|until|once|soon|"
            r"calm|minutes?|hours?|days?|weeks?|months?|years?|now|later|point|wait)\b",
    "normal": r"\b(?:common|normal|typical|usual|many couples|most couples|not alone|good "
              r"company|nothing about|not necessarily|not the same as|not a sign|not proof|"
              r"not a verdict|temporary|not (?:a )?failure|does not mean|doesn't mean|"
              r"extremely common|entirely normal)\b",
}.items()}
_QUOTATION = re.compile(r"[\"“][^\"”]{12,}[\"”]")

SHORT_PRINCIPLE_CHARS = 60  # a principle stated in a few words carries its next sentence
SHORT_EXPLANATION_CHARS = 60  # an item's explanation this short brings the next one too
SECOND_MARGIN = 0.04  # a second stretch joins only when it scores this close to the first
ITEM_MARGIN = 0.06  # another item of the same list joins when it scores this close
MAX_ITEMS = 3
QUOTE_RANK = 4  # a request for words gets a quoted line from this many best units
MAX_SENTENCES = 3

# Weights of the evidence, chosen on the dev split of eval/data/talk_questions.jsonl, with
# and without the article's sidecar (`python -m eval.answer_weights` searches them again and
# prints every split and document).
WEIGHTS = {"sentence": 1.0, "sentence_all": 0.1, "paragraph": 1.5, "heading": 0.5,
           "keyword": 0.05, "question": 1.5, "question_raw": 1.5, "question_max": 1.5,
           "section": 0.75, "intro": -0.1, "role_say": -0.1, "role_do": 1.5, "role_how": 0.1,
           "role_why": 0.5, "role_when": 0.5, "role_normal": 0, "quote": -0.2}
TOP_QUESTIONS = 3  # "question": the mean of a unit's closest few reader questions
# A unit's reader questions count by how much closer they bring the message than its text
# alone does: q - (Q_BASE + Q_SLOPE * text similarity), fitted on the dev split.
Q_BASE, Q_SLOPE = 0.1, 0.9

DOC_LIFT = 0.1
SIDECAR = frozenset({"question", "question_raw", "question_max", "section", "has_questions"})

_ASK = re.compile(r"\?|^\W*(?:how|what|why|when|is|are|should|can|could|do|does|will|am)\b",
                  re.IGNORECASE)
_ANAPHORA = re.compile(r"\b(it|that|this|those|these|they|them|then|there|he|she|him|her|"
                       r"so|also|what about|and if|how long|when)\b", re.IGNORECASE)
ASK_WEIGHT = 1.0  # the sentence that asks, besides the whole message
# A clause joined to another by "and"/"but" with a new subject ("... illness and i feel...").
_CLAUSE_JOIN = re.compile(r",?\s+(?:and|but|and\s+yet|so)\s+(?=(?:i|i'm|im|i've|we|we're|he|"
                          r"he's|she|she's|they|they're|my|our)\b)", re.IGNORECASE)
CLAUSE_WEIGHT = 0.15  # the clauses of a sentence, shared between them (0.15-0.35 on dev)
CLAUSE_WORDS = 4  # every clause this long, or none is searched alone ("me and my...")
CLAUSES_UNASKED = False  # True: only for a message that asks nothing (worse on dev)
EARLIER_WEIGHT, EARLIER_WEIGHT_ALONE = 0.7, 0.25  # an earlier message, when this one leans on it


def answer_query(message: str, earlier: Sequence[str] = ()) -> Query:
    """What to search with: the message, the sentence of it that asks (a story often ends in
    its question), and the person's earlier messages when this one leans on them
    ("when should I do it?").

    A question that cannot stand alone ("am I being ridiculous", "is that why we feel so
    far apart?", "does that mean I don't love him?") is about the sentence before it: that
    sentence asks with it, and counts on its own for whether the corpus covers the message
    (weight 0: coverage only). "Is this what growing apart looks like?" stands alone."""
    texts, weights = [message], [1.0]
    spans = split_sentences(message)
    asking = [i for i, (s, e) in enumerate(spans) if _ASK.search(message[s:e])]
    if len(spans) > 1 and asking:
        last = asking[-1]
        ask = message[spans[last][0]:spans[last][1]]
        if last > 0 and _leans_on_story(ask):
            story = message[spans[last - 1][0]:spans[last - 1][1]]
            texts += [message[spans[last - 1][0]:spans[last][1]], story]
            weights += [ASK_WEIGHT, 0.0]
        else:
            texts.append(ask)
            weights.append(ASK_WEIGHT)
    if CLAUSE_WEIGHT > 0 and not (CLAUSES_UNASKED and asking):
        # "she's been so wrapped up in her mum's illness and i feel selfish for wanting her
        # attention" tells a situation and a feeling: each clause is searched on its own too,
        # so the passage about the situation is not drowned by the feeling (and the reverse).
        for s, e in spans:
            parts = [p.strip() for p in _CLAUSE_JOIN.split(message[s:e])]
            if len(parts) > 1 and all(len(words(p)) >= CLAUSE_WORDS for p in parts):
                texts += parts
                weights += [CLAUSE_WEIGHT / len(parts)] * len(parts)
    recent = list(earlier)[-2:]
    if recent:
        leans = len(words(message)) < 12 or bool(_ANAPHORA.search(message))
        weight = EARLIER_WEIGHT if leans else EARLIER_WEIGHT_ALONE
        for i, text in enumerate(reversed(recent)):
            texts.append(text)
            weights.append(weight / (i + 1))
    return Query(tuple(texts), tuple(weights), earlier=len(recent))


# A question about what was just told: its cause, its meaning, whether it matters.
_POINTS_BACK = re.compile(r"^\W*(?:is|was|could|would|might|does|did|do)\s+(?:that|this|it|"
                          r"these|those)\s+(?:\w+\s+)?(?:why|because|the\s+reason|mean|matter)\b",
                          re.IGNORECASE)
STANDALONE_WORDS = 5  # a question shorter than this leans on what was told before it


def _leans_on_story(ask: str) -> bool:
    return len(words(ask)) < STANDALONE_WORDS or bool(_POINTS_BACK.match(ask))


# A question that leaves out what it asks about ("he says i'm being dramatic. am i?") asks
# it of the statement before it with the same subject: "am i" + "being dramatic".
_ELLIPSIS = re.compile(r"\b(am i|are we|is it|is that|are you|is he|is she|are they)"
                       r"(?:\s+(?:really|actually|though|right))*\s*\?+\s*$")
_STATED = {"am i": r"i'?m|i\s+am", "are we": r"we'?re|we\s+are", "is it": r"it'?s|it\s+is",
           "is that": r"that'?s|that\s+is", "are you": r"you'?re|you\s+are",
           "is he": r"he'?s|he\s+is", "is she": r"she'?s|she\s+is",
           "are they": r"they'?re|they\s+are"}


# The same question asked the other way round: "(maybe) i am?" asks "am i?".
_STATED_ASK = re.compile(r"\b(i|we|it|that|you|he|she|they)\s+(am|are|is)\s*\?+\s*$")


def _resolved(low: str) -> str:
    """`low` with an elided question spelt out from the statement it leaves out."""
    if (m := _STATED_ASK.search(low)) and f"{m.group(2)} {m.group(1)}" in _STATED:
        low = f"{low[:m.start()]}{m.group(2)} {m.group(1)}?"
    m = _ELLIPSIS.search(low)
    if m is None:
        return low
    told = list(re.finditer(rf"\b(?:{_STATED[m.group(1)]})\s+([^.,;:!?]+)", low[:m.start()]))
    return f"{low} {m.group(1)} {told[-1].group(1)}?" if told else low


def question_kind(message: str) -> QuestionKind:
    """What the message asks for: words to say, something to do, a cause, a time,
    reassurance, a way, or other."""
    low = _resolved(" ".join(_FILLER.sub(" ", fold(message)).split()))
    return next((kind for kind, cue in KIND_CUES if cue.search(low)), "other")


@dataclass(frozen=True)
class Span:
    """A stretch of one paragraph: whole sentences, in the document's order."""

    doc: str
    section: str
    paragraph: int
    start: int
    end: int
    sentences: tuple[int, ...]  # positions in Retriever.sentences
    role: str = "text"  # "item": a list item's lead and its explanation; "intro": a list's
    group: int = -1  # introduction; the list it belongs to


@dataclass(frozen=True)
class Scored:
    """A candidate answer and its score."""

    span: Span
    score: float


@dataclass(frozen=True)
class Choice:
    """What answers one message: one to three spans, best first, and how sure we are."""

    kind: QuestionKind
    spans: tuple[Span, ...]
    scores: tuple[float, ...]
    ranked: tuple[Scored, ...] = field(repr=False)  # every candidate, best first


class AnswerFinder:
    """Scores answer units of one index for a message."""

    def __init__(self, retriever: Retriever) -> None:
        self.retriever = retriever
        self.sentences = sentences = retriever.sentences
        # "How the conversation is framed ... matters. A few principles:" leads into its list
        # as a whole; any sentence of it alone says what follows matters, not what it is
        self._introducing = {(c.doc_id, c.paragraph_index) for c in sentences
                             if c.role == "intro"}
        index = retriever.index
        row_of = {pos: row for row, pos in enumerate(index.vector_rows)}
        questions: dict[tuple[str, int, int], list[int]] = {}
        heading_row: dict[tuple[str, int], int] = {}
        for pos, chunk in enumerate(index.chunks):
            if chunk.kind == "question":
                questions.setdefault((chunk.doc_id, chunk.start, chunk.end), []).append(
                    row_of[pos])
            elif chunk.kind == "heading" and pos in row_of:
                heading_row[(chunk.doc_id, chunk.section_index)] = row_of[pos]
        self.units: list[Span] = []
        self.asked: list[tuple[int, int] | None] = []  # the stretch its reader questions name
        self._question_rows: list[NDArray[np.int64]] = []
        seen: set[tuple[int, ...]] = set()

        def add(span: Span | None, asked: tuple[int, int] | None = None,
                rows: Sequence[int] = ()) -> None:
            if span is None or (not rows and span.sentences in seen):
                return
            seen.add(span.sentences)
            self.units.append(span)
            self.asked.append(asked)
            self._question_rows.append(np.array(rows, dtype=np.int64))

        for (doc, start, end), rows in questions.items():
            add(self._span(doc, start, end), (start, end), rows)
        for i in range(len(sentences)):
            add(self._with_explanation(i))
        n = len(self.units)
        width = max((len(u.sentences) for u in self.units), default=1)
        self._members = np.full((n, width), -1, dtype=np.int64)
        for u, span in enumerate(self.units):
            self._members[u, :len(span.sentences)] = span.sentences
        self._mask = self._members >= 0
        self._first = self._members[:, 0]
        sentence_rows = retriever.sentence_rows
        self._unit_sentence_rows = np.where(self._mask, sentence_rows[self._members.clip(0)], -1)
        self._paragraph_rows = retriever.paragraph_rows[self._first]
        self._heading_rows = np.array(
            [heading_row.get((u.doc, sentences[u.sentences[0]].section_index), -1)
             for u in self.units], dtype=np.int64)
        texts = [" ".join(sentences[i].text for i in u.sentences) for u in self.units]
        self._roles = {key: np.array([bool(cue.search(t)) for t in texts], dtype=np.float64)
                       for key, cue in ROLE_CUES.items()}
        self._roles["say"] = np.array([self._offers_line(u, t)
                                       for u, t in zip(self.units, texts, strict=True)],
                                      np.float64)
        # Units that quote a line someone could say (their sentences)
        self.quoting = frozenset(u.sentences for u, q in zip(self.units, self._roles["say"],
                                                             strict=True) if q)
        self._roles["item"] = np.array([u.role == "item" for u in self.units], np.float64)
        self._intro = np.array([any(sentences[i].role == "intro" for i in u.sentences)
                                for u in self.units], dtype=np.float64)
        self._has_questions = np.array([len(r) > 0 for r in self._question_rows])
        docs = sorted({u.doc for u in self.units})
        self._doc = np.array([docs.index(u.doc) for u in self.units], dtype=np.int64)
        # What a unit is, whatever is asked: evidence every unit of every document has.
        self._shape = {
            "has_questions": self._has_questions.astype(np.float64),
            "asks": np.array([sentences[u.sentences[0]].text.rstrip().endswith("?")
                              for u in self.units], dtype=np.float64),
            "length": np.log([max(len(t), 1) for t in texts]) - np.log(100),
            "item": self._roles["item"],
            "quote": np.array([sentences[u.sentences[0]].role == "quote" for u in self.units],
                              dtype=np.float64),
            "intro": self._intro,
        }

    def _offers_line(self, span: Span, text: str) -> bool:
        """Whether a unit offers words someone could say: a quotation set inside the prose
        that introduces it ("\"I need a break, let's talk after dinner\" reassures your
        partner..."), or a blockquote introduced as an example ("For example:"). A unit that
        is one quotation and nothing else, with no introduction, is someone's saying or story
        ("\"We stopped trying to win the fight...\""), not words to say."""
        if (m := _QUOTATION.search(text)) and len(words(text[:m.start()] + text[m.end():])) >= 3:
            return True
        first = span.sentences[0]
        if self.sentences[first].role != "quote" or first == 0:
            return False
        before = self.sentences[first - 1]
        return (before.doc_id == span.doc and before.paragraph_index != span.paragraph
                and before.text.rstrip().endswith(":"))

    # --- units --------------------------------------------------------------------------------
    def _make(self, members: list[int], role: str = "text") -> Span:
        # "Plan a vacation. Have more date nights." without the rest of the run and "These
        # are not bad ideas, but they solve a different problem" says the opposite.
        j = members[-1] + 1
        while (j < len(self.sentences) and j - members[-1] <= RUN
               and _same_paragraph(self.sentences[j], self.sentences[members[-1]])):
            if _PLURAL.match(self.sentences[j].text):
                members = sorted({*members, *self._context(j), *range(members[-1] + 1, j + 1)})
                break
            if len(self.sentences[j].text) >= SHORT_RUN_CHARS:
                break
            j += 1
        first, last = self.sentences[members[0]], self.sentences[members[-1]]
        if role == "text" and (first.doc_id, first.paragraph_index) in self._introducing:
            role = "intro"
        elif role == "text" and first.role == "lead" and len(members) > 1:
            role = "item"  # a stretch that opens on an item's lead is that item
        return Span(first.doc_id, first.section, first.paragraph_index, first.start, last.end,
                    tuple(members), role, first.group)

    def _span(self, doc: str, start: int, end: int) -> Span | None:
        members = [i for i, s in enumerate(self.sentences)
                   if s.doc_id == doc and start <= s.start and s.end <= end]
        if not members:
            return None
        members[:0] = self._context(members[0])
        return self._make(members)

    def _context(self, i: int) -> list[int]:
        """The sentences before sentence `i` that it points back to ("But it is a reason
        to...", a second "When..." clause), nearest last; at most three. "These are not bad
        ideas" points back to a run of short ones ("Plan a vacation. Have more date
        nights.") and to the sentence that leads into them: at most RUN."""
        out: list[int] = []
        plural = bool(_PLURAL.match(self.sentences[i].text))
        while i > 0 and _same_paragraph(self.sentences[i - 1], self.sentences[i]):
            here, before = self.sentences[i].text, self.sentences[i - 1].text
            leans = len(out) < 3 and _leans_back(here, before)
            in_run = plural and len(out) < RUN and (not out or len(here) < SHORT_RUN_CHARS)
            if not (leans or in_run):
                break
            i -= 1
            out.insert(0, i)
        return out

    def _with_explanation(self, i: int) -> Span:
        if self.sentences[i].role == "lead" and (item := self._item(i)) is not None:
            return item  # a list item's lead comes with its explanation
        members = [*self._context(i), i]
        s = self.sentences[members[0]]
        nxt = members[-1] + 1
        if (len(members) == 1 and len(s.text) < SHORT_PRINCIPLE_CHARS
                and nxt < len(self.sentences) and _same_paragraph(self.sentences[nxt], s)):
            # "Commit to evenings without screens. These are not bad ideas, but..." says what
            # "these" are, all of them.
            members = [*self._context(nxt), nxt] if _PLURAL.match(
                self.sentences[nxt].text) else [*members, nxt]
        return self._make(members)

    def _item(self, lead: int) -> Span | None:
        """A list item: its lead and the sentence that explains it (two, when that one is
        short, as in "Shared laughter. This sounds trivial but isn't. ...")."""
        members = [lead]
        while (len(members) < 3 and members[-1] + 1 < len(self.sentences)
               and _same_paragraph(self.sentences[members[-1] + 1], self.sentences[lead])):
            members.append(members[-1] + 1)
            if len(self.sentences[members[-1]].text) >= SHORT_EXPLANATION_CHARS:
                break
        return self._make(members, "item") if len(members) > 1 else None

    # --- evidence -----------------------------------------------------------------------------
    def evidence(self, query: Query) -> dict[str, NDArray[np.float64]]:
        """Per unit: how close the message is to its best sentence, to its paragraph and its
        section's heading; its keywords; and, for units with reader questions, how much
        closer those bring the message than its text alone ("question"), and the section's
        reader questions ("section")."""
        vectors = self.retriever.embedder.embed(list(query.texts))
        weights = np.asarray(query.weights, dtype=np.float64)
        own = np.zeros(len(weights), bool)
        own[:query.own] = True
        n = len(self.units)
        out = {k: np.zeros(n) for k in ("sentence", "sentence_all", "paragraph", "heading",
                                        "question_raw", "question_max")}
        scores = self.retriever.scores(query)
        top = scores.bm25.max()
        keyword = scores.bm25 / top if top > 0 else scores.bm25
        w_own = weights * own / (weights * own).sum()
        w_all = weights / weights.sum()
        rows_of_heading = self._heading_rows >= 0
        for vector, wo, wa in zip(vectors, w_own, w_all, strict=True):
            rows = self.retriever.dense_row_scores(vector).astype(np.float64)
            per_sentence = np.where(self._mask, rows[self._unit_sentence_rows.clip(0)], -1.0)
            best = per_sentence.max(axis=1)
            out["sentence"] += wo * best
            out["sentence_all"] += wa * best
            out["paragraph"] += wa * rows[self._paragraph_rows]
            out["heading"] += wa * np.where(rows_of_heading, rows[self._heading_rows.clip(0)], 0)
            if self._has_questions.any():
                q = np.zeros(n)
                qmax = np.zeros(n)
                for u in np.flatnonzero(self._has_questions):
                    sims = np.sort(rows[self._question_rows[u]])
                    q[u] = sims[-TOP_QUESTIONS:].mean()
                    qmax[u] = sims[-1]
                out["question_raw"] += wa * q
                out["question_max"] += wa * qmax
        text = np.maximum(out["sentence"], out["paragraph"])
        out["question"] = np.where(self._has_questions,
                                   out["question_raw"] - (Q_BASE + Q_SLOPE * text), 0.0)
        out["keyword"] = np.where(self._mask, keyword[self._members.clip(0)], 0).max(axis=1)
        out["section"] = scores.hint[self._first].astype(np.float64)
        return out | self._shape

    def role_fit(self, kind: QuestionKind) -> NDArray[np.float64]:
        """Per unit, 1 when its role is what the kind of question looks for."""
        key = {"do": "item", "how": "item", "say": "say", "why": "why", "when": "when",
               "normal": "normal"}.get(kind)
        return self._roles[key] if key else np.zeros(len(self.units))

    def total(self, evidence: dict[str, NDArray[np.float64]], kind: QuestionKind,
              weights: dict[str, float] | None = None) -> NDArray[np.float64]:
        """The weighted sum of the evidence, the role that fits `kind` included."""
        weights = weights or WEIGHTS
        text = np.zeros(len(self.units))
        side = np.zeros(len(self.units))
        for key, values in evidence.items():
            if key == "quote" and kind == "say":
                continue  # a quoted line is what a request for words looks for
            if key in SIDECAR:
                side += weights.get(key, 0.0) * values
            else:
                text += weights.get(key, 0.0) * values
        if kind != "other":
            text += weights.get(f"role_{kind}", 0.0) * self.role_fit(kind)
        full = text + side
        if not self._has_questions.any():
            return full
        # Reader questions reorder their own document's units, but lift the document only by
        # a share of what they add, so a sidecar does not crowd out a document without one.
        out = full.copy()
        keep = 1.0 - weights.get("doc_lift", DOC_LIFT)
        for d in np.unique(self._doc):
            at = self._doc == d
            out[at] += keep * (text[at].max() - full[at].max())
        return out

    def rank(self, query: Query, kind: QuestionKind = "other",
             seen: Iterable[tuple[str, int, int]] = ()) -> list[Scored]:
        """Every unit, best first; units quoted earlier in the conversation go last."""
        return self._ranked(self.total(self.evidence(query), kind), self.quoted(seen))

    def _ranked(self, total: NDArray[np.float64],
                quoted: NDArray[np.float64]) -> list[Scored]:
        order = np.argsort(-(total - 10.0 * quoted), kind="stable")
        return [Scored(self.units[i], float(total[i])) for i in order]

    def quoted(self, seen: Iterable[tuple[str, int, int]]) -> NDArray[np.float64]:
        """Per unit, 1 when it overlaps a stretch quoted earlier in the conversation."""
        spans = list(seen)
        if not spans:
            return np.zeros(len(self.units))
        hit = np.array([any(d == s.doc_id and a < s.end and s.start < b for d, a, b in spans)
                        for s in self.sentences])
        return np.where(self._mask, hit[self._members.clip(0)], False).any(axis=1).astype(float)

    def choose(self, query: Query, message: str,
               seen: Iterable[tuple[str, int, int]] = ()) -> Choice:
        """The stretch that answers, and more only when they are nearly as good: a list's
        best items instead of its introduction, more items when something to do is asked,
        a second stretch that scores close to the first."""
        kind = question_kind(message)
        return self.pick(kind, self.total(self.evidence(query), kind), self.quoted(seen))

    def pick(self, kind: QuestionKind, total: NDArray[np.float64],
             quoted: NDArray[np.float64], *, second_margin: float = SECOND_MARGIN,
             item_margin: float = ITEM_MARGIN) -> Choice:
        """The choice, given every unit's score (see `choose`)."""
        ranked = self._ranked(total, quoted)
        best = ranked[0]
        picked = [best]
        if best.span.role in ("intro", "item") and best.span.group >= 0:
            items = self._items(ranked, best.span)
            if best.span.role == "intro" and items:
                picked = items[:2] + [x for x in items[2:MAX_ITEMS]
                                      if items[1].score - x.score <= item_margin]
            elif kind in ("do", "how"):
                picked += [x for x in items if x.span.paragraph != best.span.paragraph
                           and best.score - x.score <= item_margin][:MAX_ITEMS - 1]
        if len(picked) == 1:
            for other in ranked[1:]:
                if best.score - other.score > second_margin:
                    break
                same = (other.span.doc, other.span.paragraph) == (best.span.doc,
                                                                  best.span.paragraph)
                if same or other.span.role == "intro":
                    continue
                if len(best.span.sentences) + len(other.span.sentences) <= MAX_SENTENCES + 1:
                    picked.append(other)
                break
        if kind == "say" and not any(p.span.sentences in self.quoting for p in picked):
            # Words were asked for: a line the document offers to say ("I've been missing
            # the closeness...") joins when it is among the nearest few.
            line = next((x for x in ranked[1:QUOTE_RANK] if x.span.sentences in self.quoting
                         and (x.span.doc, x.span.paragraph)
                         not in {(p.span.doc, p.span.paragraph) for p in picked}), None)
            if line is not None:
                picked[1:] = [line]
        if best.span.role == "intro":
            picked.sort(key=lambda x: x.span.start)
        else:
            picked[1:] = sorted(picked[1:], key=lambda x: (x.span.doc, x.span.start))
        return Choice(kind, tuple(p.span for p in picked), tuple(p.score for p in picked),
                      tuple(ranked))

    def _items(self, ranked: list[Scored], near: Span) -> list[Scored]:
        """The best unit of each item of `near`'s list, best first."""
        out: list[Scored] = []
        paragraphs: set[int] = set()
        for x in ranked:
            s = x.span
            if (s.role == "item" and s.doc == near.doc and s.group == near.group
                    and s.paragraph not in paragraphs):
                paragraphs.add(s.paragraph)
                out.append(x)
        return out

    # --- text ---------------------------------------------------------------------------------
    def pieces(self, span: Span) -> list[tuple[int, int]]:
        """The exact stretches of the document a span is made of (markup parts them)."""
        return self.retriever.pieces(span.sentences)

    def excerpts(self, span: Span, score: float) -> list[Excerpt]:
        """The span as exact excerpts, one per stretch: each is the corpus at its offsets."""
        indices = tuple(self.sentences[i].sentence_index for i in span.sentences)
        return [Excerpt(span.doc, span.section, self.retriever.raw(span.doc, s, e), s, e, score,
                        score, span.paragraph, indices) for s, e in self.pieces(span)]

    def text(self, span: Span) -> str:
        """What a reader sees of a span: its sentences, markup left out."""
        return " ".join(" ".join(self.sentences[i].text.split()) for i in span.sentences)


def needed(sentences: Sequence[Chunk], answering: Sequence[bool]) -> list[bool]:
    """Which sentences of a quoted stretch (in order) an answering sentence needs: those it
    points back to ("And then they return..." needs the sentence before), and an item's
    lead when its explanation answers ("Shared laughter." for "This sounds trivial...")."""
    out = list(answering)
    for j in range(len(sentences) - 2, -1, -1):
        if (out[j + 1] and _same_paragraph(sentences[j], sentences[j + 1])
                and _leans_back(sentences[j + 1].text, sentences[j].text)):
            out[j] = True
    for j, s in enumerate(sentences):
        if s.role == "lead" and any(answering[k] for k in range(j + 1, len(sentences))
                                    if _same_paragraph(sentences[k], s)):
            out[j] = True
    return out


# A plural pointer and the run of short sentences it can stand for.
_PLURAL = re.compile(r"^(?:these|those|both|all\s+of\s+these|none\s+of\s+these)\b", re.IGNORECASE)
RUN = 5
SHORT_RUN_CHARS = 60
_BACK = re.compile(r"^(?:but|and|or|so|yet|this|these|that|those|it|its|it's|they|they're|"
                   r"their|them|both|such|neither|either)\b", re.IGNORECASE)


def _leans_back(sentence: str, before: str) -> bool:
    """Whether a sentence needs the one before it to be understood: it opens by pointing
    back ("But it is...", "Both are..."), or continues a list of "when" clauses."""
    if _BACK.match(sentence):
        return True
    return bool(re.match(r"when\b", sentence, re.IGNORECASE)) and bool(
        re.search(r"\bwhen\b", before, re.IGNORECASE))


def _same_paragraph(a: Chunk, b: Chunk) -> bool:
    return a.doc_id == b.doc_id and a.paragraph_index == b.paragraph_index
