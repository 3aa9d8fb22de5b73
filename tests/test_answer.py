"""Choosing the answer: what a message asks, what to search with, and which stretch answers.

The quality figures (answers, filler) are the eval's (eval/talk.py, gated in the fast
suite); these tests pin the mechanics, with the real embedder and index, checked against a
brute-force computation.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from indexer.build import build_index
from indexer.embedding import MiniLMEmbedder, minilm_id
from server.chat.answer import (
    ASK_WEIGHT,
    CLAUSE_WEIGHT,
    EARLIER_WEIGHT,
    EARLIER_WEIGHT_ALONE,
    AnswerFinder,
    answer_query,
    question_kind,
)
from server.runtime import load_retriever
from server.settings import Settings
from tests.conftest import CORPUS

DOCUMENTS = Path(__file__).parent.parent / "eval" / "data" / "documents"


@pytest.mark.parametrize(("message", "kind"), [
    ("how do i tell my husband i miss him without starting a fight", "say"),
    ("What should I say to her tonight?", "say"),
    ("how do I even bring this up", "say"),
    ("why does he pull away when things are fine", "why"),
    ("how come we never laugh anymore", "why"),
    ("when is the best time to talk about it?", "when"),
    ("how long does it take to feel close again", "when"),
    ("how do i know if we need a couples therapist or if we can do this ourselves", "when"),
    ("how can we tell whether we should see someone", "when"),
    ("is it normal to feel like roommates after a baby", "normal"),
    # an elided question asks it of the statement before it with the same subject
    ("whenever i say i feel lonely he says i'm being dramatic. am i?", "normal"),
    ("my sister says it's too late for us. is it?", "normal"),
    ("he says we're fine. am i?", "other"),
    # "back to normal" is where they want to be, not a question whether it is normal
    ("we had a huge fight, how do we get back to normal", "how"),
    ("i just want us to go back to normal", "other"),
    ("is this normal after a big fight?", "normal"),
    ("am i the only one who feels this way", "normal"),
    ("how can we get the spark back", "how"),
    ("we're basically roommates now", "other"),
    ("i miss my wife", "other"),
    # words between the parts of a question do not hide what it asks
    ("What should I actually say to him tonight so it doesn't sound like an attack?", "say"),
    ("what do i even say to her", "say"),
    ("how would i possibly start that conversation", "say"),
    ("what exactly should i tell him", "say"),
    ("can you give me something to say to him tonight that isn't a complaint", "say"),
    ("help me word it so she doesn't feel blamed", "say"),
    ("i need something gentle to text her", "say"),
    # something to do
    ("what's one small thing i can do tonight", "do"),
    ("how often should we actually be checking in with each other?", "do"),
    ("what can we actually try this week", "do"),
    ("give me something practical i can do", "do"),
    ("any tips for reconnecting after a busy year", "do"),
    ("is there one thing we could do every day", "do"),
    ("what small thing could i do tonight to show him i still care", "do"),
    ("what little things can we try this week", "do"),
    ("anything we can do tonight to feel a bit closer?", "do"),
    ("is this a relationship thing we can work on or something else", "other"),
    # a worry about themselves asks for reassurance
    ("i cried because he didn't notice my hair. am i being ridiculous", "normal"),
    ("he said he's just busy. am i overthinking", "normal"),
    ("everything's fine on paper but i feel nothing. is something wrong with us", "normal"),
    ("it's all bills and school runs. is this just what marriage becomes", "normal"),
    # "it's why" tells a cause, it does not ask for one; "how do I know" asks for signs
    ("there's this thing he said at christmas and i think it's why im so cold with him",
     "other"),
    ("how do i know if things are actually getting better", "other"),
    # telling what happens when they bring something up asks for no words; "maybe i am?"
    # is the elided "am i?"
    ("he says i'm too sensitive every time i bring up that i feel lonely. maybe i am?",
     "normal"),
    ("every time i bring it up he shuts down", "other"),
    ("should i bring this up tonight", "say"),
    ("i want to bring it up but i'm scared", "say"),
    # whether others live it too asks for reassurance
    ("i keep snapping at him over little things and i think it's because i miss him. is "
     "that a thing?", "normal"),
    ("is it just me or has she gone quiet lately", "normal"),
    ("does anyone else feel like a stranger in their own house", "normal"),
    # a judgement of themselves, with no other question, asks whether it is fair
    ("she's been so wrapped up in her mum's illness and i feel selfish for wanting her "
     "attention", "normal"),
    ("i feel like a bad husband for being this tired", "normal"),
    ("i feel guilty for wanting more, how do i ask her for it", "say"),
    # where to start a conversation asks for an opening; where to start otherwise, a step
    ("we haven't had a real conversation in weeks and i miss him. where do i even start",
     "say"),
    ("where do we even start with all this", "do"),
    # whether it happens asks for reassurance; why it happens, for the cause
    ("does this happen to other couples?", "normal"),
    ("when i'm back we just bicker. why does that happen", "why"),
])
def test_question_kind(message: str, kind: str) -> None:
    assert question_kind(message) == kind


def test_a_story_is_searched_with_the_sentence_that_asks() -> None:
    story = "We have two kids and no time. I love him. How do we get back to being us?"
    query = answer_query(story)
    assert query.texts == (story, "How do we get back to being us?")
    assert query.weights == (1.0, ASK_WEIGHT)
    assert answer_query("we're basically roommates now").texts == (
        "we're basically roommates now",)


@pytest.mark.parametrize(("message", "clauses"), [
    # a situation and a feeling, each searched on its own too
    ("she's been so wrapped up in her mum's illness and i feel selfish for wanting her "
     "attention", ("she's been so wrapped up in her mum's illness",
                   "i feel selfish for wanting her attention")),
    ("he works nights all week, but we used to talk every morning before he slept",
     ("he works nights all week", "we used to talk every morning before he slept")),
    # "and" inside a clause, or a part too short to mean anything alone, splits nothing
    ("me and my husband have stopped laughing together", ()),
    ("i miss her and i'm sad", ()),
])
def test_each_clause_of_a_sentence_is_searched_too(message: str,
                                                   clauses: tuple[str, ...]) -> None:
    query = answer_query(message)
    assert query.texts == (message, *clauses)
    assert query.weights == (1.0, *[CLAUSE_WEIGHT / max(len(clauses), 1)] * len(clauses))


@pytest.mark.parametrize(("story", "ask"), [
    ("i cried in the shower tonight because he didn't notice i'd had my hair cut.",
     "am i being ridiculous"),
    ("honestly i think im depressed and i have nothing left for him.",
     "is that why we feel so far apart"),
    ("we went on holiday to fix things and it was the same as before.", "why?"),
])
def test_a_question_that_cannot_stand_alone_asks_with_the_sentence_before(story: str,
                                                                       ask: str) -> None:
    query = answer_query(f"We've been together ten years. {story} {ask}")
    # (then the clauses of a sentence with two, see below)
    assert query.texts[1:3] == (f"{story} {ask}", story)
    assert query.weights[1:3] == (ASK_WEIGHT, 0.0)  # the story alone counts for coverage only
    standing = answer_query(f"{story} is this what growing apart looks like?")
    assert standing.texts[1:2] == ("is this what growing apart looks like?",)


def test_a_follow_up_leans_on_the_earlier_message() -> None:
    earlier = ["How do I bring up feeling distant with my husband?"]
    leaning = answer_query("when is the best time to do it?", earlier)
    assert leaning.texts[-1] == earlier[0] and leaning.weights[-1] == EARLIER_WEIGHT
    assert leaning.own == 1 and leaning.earlier == 1
    alone = answer_query("What can we do every day to feel closer to each other again, "
                         "even with a newborn and two jobs?", earlier)
    assert alone.weights[-1] == EARLIER_WEIGHT_ALONE


@pytest.fixture(scope="module")
def finder(index_dir: Path, embedder: MiniLMEmbedder) -> AnswerFinder:
    return AnswerFinder(load_retriever(Settings(corpus_dir=CORPUS, index_dir=index_dir),
                                       embedder))


@pytest.mark.parametrize("message", [
    "how do i tell him i miss us without it turning into a fight",
    "we went on holiday to fix things and came back feeling worse, why?",
    "is couples therapy only for people about to split up?",
    "what's one small thing i can do tonight",
])
def test_the_choice_is_exact_corpus_text(finder: AnswerFinder, message: str) -> None:
    choice = finder.choose(answer_query(message), message)
    text = (CORPUS / "how-to-reconnect-with-your-partner.md").read_text(encoding="utf-8")
    assert 1 <= len(choice.spans) <= 3
    for span in choice.spans:
        excerpts = finder.excerpts(span, 1.0)
        assert excerpts
        for e in excerpts:
            assert text[e.start:e.end] == e.quote
        assert " ".join(e.quote for e in excerpts).split() == finder.text(span).split()
    if len(choice.spans) == 2 and choice.spans[0].role != "item":
        assert choice.spans[0].paragraph != choice.spans[1].paragraph


def test_question_evidence_matches_a_brute_force_oracle(finder: AnswerFinder,
                                                       embedder: MiniLMEmbedder) -> None:
    message = "my wife and i only talk about bills and the kids"
    evidence = finder.evidence(answer_query(message))
    index = finder.retriever.index
    vectors = index.vectors.reconstruct_n(0, index.vectors.ntotal)
    query = embedder.embed([message])[0]
    chunk_at = dict(enumerate(index.vector_rows))
    questions: dict[tuple[int, int], list[float]] = {}
    for row, pos in chunk_at.items():
        chunk = index.chunks[pos]
        if chunk.kind == "question":
            questions.setdefault((chunk.start, chunk.end), []).append(float(vectors[row] @ query))
    for u, asked in enumerate(finder.asked):
        sims = questions.get(asked) if asked else None
        expected = max(sims) if sims else 0.0
        assert evidence["question_max"][u] == pytest.approx(expected, abs=1e-5)
        best = max(float(vectors[finder.retriever.sentence_rows[i]] @ query)
                   for i in finder.units[u].sentences)
        assert evidence["sentence"][u] == pytest.approx(best, abs=1e-5)


def test_a_list_introduction_is_never_quoted_without_its_items(finder: AnswerFinder) -> None:
    """When a list's introduction scores best, its best items are the answer."""
    intro = next(u for u, span in enumerate(finder.units) if span.role == "intro")
    group = finder.units[intro].group
    items = [u for u, span in enumerate(finder.units)
             if span.role == "item" and span.group == group]
    total = np.zeros(len(finder.units))
    total[intro] = 1.0
    for rank, u in enumerate(items):
        total[u] = 0.9 - 0.01 * rank
    choice = finder.pick("other", total, np.zeros(len(finder.units)))
    assert all(span.role == "item" and span.group == group for span in choice.spans)
    assert 2 <= len(choice.spans) <= 3
    assert finder.units[items[0]] in choice.spans


def test_every_stretch_of_a_list_introduction_is_an_introduction(finder: AnswerFinder) -> None:
    """"How the conversation is framed ... matters. A few principles:" leads into its list as
    a whole, so its first sentence alone is never quoted in place of the principles."""
    introducing = {(s.doc_id, s.paragraph_index) for s in finder.sentences if s.role == "intro"}
    inside = [span for span in finder.units if (span.doc, span.paragraph) in introducing]
    assert any(len(span.sentences) == 1 and finder.sentences[span.sentences[0]].role != "intro"
               for span in inside)  # a stretch without the introducing sentence itself
    assert all(span.role == "intro" for span in inside)
    m = "what do i actually say to start the conversation tonight"
    choice = finder.choose(answer_query(m), m)
    assert not any((span.doc, span.paragraph) in introducing for span in choice.spans)


def test_a_request_for_words_gets_a_line_to_say(finder: AnswerFinder) -> None:
    """Words asked for, and the best stretch offers none: a quoted line among the nearest
    few joins it; not when something else is asked."""
    quoting = [u for u, span in enumerate(finder.units)
               if span.sentences in finder.quoting and span.role != "intro"]
    plain = [u for u, span in enumerate(finder.units) if span.sentences not in finder.quoting
             and span.role == "text" and span.paragraph != finder.units[quoting[0]].paragraph]
    total = np.zeros(len(finder.units))
    total[plain[0]], total[plain[1]], total[quoting[0]] = 1.0, 0.8, 0.7
    none = np.zeros(len(finder.units))
    said = finder.pick("say", total, none)
    assert said.spans[0] == finder.units[plain[0]]
    assert finder.units[quoting[0]] in said.spans and len(said.spans) == 2
    assert finder.units[quoting[0]] not in finder.pick("other", total, none).spans
    m = "what do i actually say tonight to open this up, he hates 'we need to talk'"
    choice = finder.choose(answer_query(m), m)
    assert any(span.sentences in finder.quoting for span in choice.spans)


@pytest.mark.parametrize("message", [
    "what's one small thing i can do tonight",
    "how often should we actually be checking in with each other?",
    "any ideas for feeling close again when we're both so busy",
])
def test_something_to_do_gets_practices_not_their_introduction(finder: AnswerFinder,
                                                                message: str) -> None:
    choice = finder.choose(answer_query(message), message)
    assert choice.kind == "do"
    assert not any(finder.sentences[i].role == "intro" for s in choice.spans
                   for i in s.sentences)


def test_a_follow_up_does_not_quote_again(finder: AnswerFinder) -> None:
    first = "how do i tell him i miss us without it turning into a fight"
    before = finder.choose(answer_query(first), first)
    seen = [(s.doc, s.start, s.end) for s in before.spans]
    follow = "and when should i do it?"
    after = finder.choose(answer_query(follow, [first]), follow, seen)
    for span in after.spans:
        assert all(not (d == span.doc and a < span.end and span.start < b) for d, a, b in seen)


def test_without_reader_questions_every_sentence_competes(tmp_path: Path,
                                                          embedder: MiniLMEmbedder) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "note.md").write_text(
        "# Small habits\n\n## Mornings\n\nMake tea. Ask one question and listen to the answer "
        "before you look at your phone.\n\n## Evenings\n\nWalk together after dinner. Leave the "
        "phones at home.\n", encoding="utf-8")
    (tmp_path / "no-safety").mkdir()
    build_index(corpus, tmp_path / "index", minilm_id(), lambda: embedder,
                safety_dir=tmp_path / "no-safety")
    finder = AnswerFinder(load_retriever(Settings(corpus_dir=corpus,
                                                  index_dir=tmp_path / "index"), embedder))
    # Every sentence competes; a short principle carries its next sentence with it.
    assert [u.sentences for u in finder.units] == [(0, 1), (1,), (2, 3), (3,)]
    choice = finder.choose(answer_query("should we walk after dinner"),
                           "should we walk after dinner")
    assert finder.text(choice.spans[0]) == "Walk together after dinner. Leave the phones at home."
    assert np.isfinite(choice.scores).all()


@pytest.mark.parametrize(("sentence", "starts"), [
    ("When the same conversations keep circling", "Couples therapy becomes most clearly useful"),
    ("But it is a reason to take your own wellbeing", "This isn't a reason to defer"),
    ("Both are expressing the same reality", "\"I've been missing the closeness"),
])
def test_a_sentence_that_points_back_brings_what_it_points_to(finder: AnswerFinder,
                                                                sentence: str,
                                                                starts: str) -> None:
    """A quote never opens on "But", "Both" or a dangling "When" clause."""
    units = [finder.text(u) for u in finder.units if sentence in finder.text(u)]
    assert units
    for text in units:
        assert not text.startswith(sentence)
    assert any(text.startswith(starts) for text in units)


@pytest.mark.parametrize(("sentence", "starts", "ends"), [
    ("Have more date nights.", "The instinctive response", "closeness they were hoping for."),
    ("Commit to evenings without screens.", "The instinctive response",
     "closeness they were hoping for."),
])
def test_a_run_of_examples_comes_with_what_the_document_says_of_them(
        finder: AnswerFinder, sentence: str, starts: str, ends: str) -> None:
    """"Plan a vacation. Have more date nights." quoted without "These are not bad ideas, but
    they solve a different problem" would tell a person the opposite of the article."""
    units = [finder.text(u) for u in finder.units if sentence in finder.text(u)]
    assert units
    for text in units:
        assert text.startswith(starts) and text.endswith(ends), text


@pytest.fixture(scope="module")
def documents_finder(tmp_path_factory: pytest.TempPathFactory,
                     embedder: MiniLMEmbedder) -> AnswerFinder:
    """The eval's dev documents (no sidecar), indexed on their own."""
    tmp = tmp_path_factory.mktemp("documents")
    corpus = tmp / "corpus"
    corpus.mkdir()
    for name in ("after-a-fight", "when-life-gets-loud", "closeness-while-parenting",
                 "growing-apart"):
        shutil.copy(DOCUMENTS / f"{name}.md", corpus / f"{name}.md")
    (tmp / "no-safety").mkdir()
    build_index(corpus, tmp / "index", minilm_id(), lambda: embedder,
                safety_dir=tmp / "no-safety")
    return AnswerFinder(load_retriever(Settings(corpus_dir=corpus, index_dir=tmp / "index"),
                                       embedder))


@pytest.mark.parametrize(("doc", "line", "offers"), [
    # a quotation inside the prose that introduces it
    ("after-a-fight", "reassures your partner that you are not walking away", True),
    # a blockquote introduced as an example ("For example:"), with no quotation marks
    ("when-life-gets-loud", "I miss you, and I don't want the stress to take us too", True),
    ("closeness-while-parenting", "I miss us. Can we find ten minutes this week", True),
    # a blockquote that is one quotation and nothing else: someone's story, a saying
    ("after-a-fight", "We stopped trying to win the fight", False),
    ("growing-apart", "Distance is not proof that love has ended", False),
])
def test_words_to_say_are_lines_offered_as_such(documents_finder: AnswerFinder, doc: str,
                                                line: str, offers: bool) -> None:
    units = [u for u in documents_finder.units
             if u.doc == doc and line in documents_finder.text(u)]
    assert units
    assert any(u.sentences in documents_finder.quoting for u in units) is offers
