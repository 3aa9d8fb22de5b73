"""The sessions store on both backends (SQLite and a real PostgreSQL server), and what a
failed write does: a full disk and a read-only database, under a running app."""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from indexer.documents import load_corpus
from indexer.embedding import MiniLMEmbedder
from server.chat.sessions import MIGRATIONS, SessionStore, Turn
from server.errors import SessionNotFound, SessionWriteError
from server.http.app import create_app
from server.settings import Settings
from tests.conftest import CORPUS
from tests.fakes import FakeGenerator
from tests.services import fill, make_immutable, new_database, remount_read_only, small_disk

TEXT = {d.doc_id: d.text for d in load_corpus(CORPUS)}
QUESTION = "How do I bring up feeling distant with my partner?"
SECRET = "my partner's name is Ximena and she works nights"  # must never reach a log


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    """One sessions database that several stores (replicas) can open."""
    if request.param == "sqlite":
        return tmp_path / "sessions.sqlite3"
    return new_database(request.getfixturevalue("postgres"))


@pytest.fixture
def store(target: str | Path) -> Iterator[SessionStore]:
    s = SessionStore(target)
    yield s
    s.close()


def exchange(store: SessionStore, sid: str, question: str = "hello", *,
             existing: bool = False, role: str = "user") -> bool:
    return store.append_exchange(
        sid, Turn(role, question, safety={"flagged": False}),
        Turn("assistant", f"answer to {question}", "extractive",
             [{"n": 1, "quote": "q"}], None), existing=existing)


def schema_version(target: str | Path) -> int:
    if isinstance(target, Path):
        with sqlite3.connect(target) as db:
            return int(db.execute("pragma user_version").fetchone()[0])
    import psycopg

    with psycopg.connect(target) as conn:
        row = conn.execute("select version from reconnect_schema").fetchone()
        assert row is not None
        return int(row[0])


def test_exchanges_round_trip_in_order(store: SessionStore) -> None:
    assert exchange(store, "s1", "first") and exchange(store, "s1", "second", existing=True)
    turns = store.turns("s1")
    assert [(t.role, t.content) for t in turns] == [
        ("user", "first"), ("assistant", "answer to first"),
        ("user", "second"), ("assistant", "answer to second")]
    assert turns[0].safety == {"flagged": False} and turns[1].citations == [{"n": 1, "quote": "q"}]
    assert turns[1].grounding == "extractive" and turns[1].created_at
    with pytest.raises(SessionNotFound):
        store.turns("nope")


def test_migrations_run_once_and_are_recorded(target: str | Path) -> None:
    first = SessionStore(target)
    exchange(first, "kept")
    first.close()
    again = SessionStore(target)  # opening again migrates nothing and loses nothing
    assert [t.content for t in again.turns("kept")] == ["hello", "answer to hello"]
    again.close()
    assert schema_version(target) == len(MIGRATIONS)


def test_replicas_migrate_a_new_database_at_the_same_time(target: str | Path) -> None:
    stores: list[SessionStore] = []
    errors: list[BaseException] = []

    def open_one() -> None:
        try:
            stores.append(SessionStore(target))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(stores) == 3
    assert schema_version(target) == len(MIGRATIONS)
    for s in stores:
        s.close()


def test_a_failed_exchange_writes_nothing(store: SessionStore,
                                          caplog: pytest.LogCaptureFixture) -> None:
    """One transaction per exchange: the question is not kept when its answer cannot be."""
    with pytest.raises(SessionWriteError) as failed:
        exchange(store, "half", SECRET, role="narrator")  # breaks the role check, mid-exchange
    assert "could not save it" in str(failed.value)
    assert not store.exists("half")
    assert "check" in caplog.text.lower()  # the log names the real cause...
    assert SECRET not in caplog.text and "Ximena" not in caplog.text  # ...and nobody's words


def test_a_deletion_on_one_replica_holds_on_another(target: str | Path) -> None:
    a, b = SessionStore(target), SessionStore(target)
    # A conversation being answered on A for the first time, deleted on B meanwhile.
    with pytest.raises(SessionNotFound):
        b.delete("new-one")  # not stored yet: 404, but remembered
    assert exchange(a, "new-one") is False
    assert not a.exists("new-one") and not b.exists("new-one")
    # An existing conversation, deleted on B while A writes its next answer.
    assert exchange(a, "old-one")
    b.delete("old-one")
    assert exchange(a, "old-one", "again", existing=True) is False
    with pytest.raises(SessionNotFound):
        a.turns("old-one")
    a.close()
    b.close()


def test_deletes_and_answers_race_without_reviving(target: str | Path) -> None:
    """Deletes on one replica and answers on another, interleaved at random: every deleted
    conversation stays deleted."""
    a, b = SessionStore(target), SessionStore(target)
    ids = [f"race-{n}" for n in range(12)]

    def answer() -> None:
        for sid in ids:
            exchange(a, sid)

    def delete() -> None:
        for sid in ids:
            with contextlib.suppress(SessionNotFound):
                b.delete(sid)

    threads = [threading.Thread(target=answer), threading.Thread(target=delete)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not any(a.exists(sid) or b.exists(sid) for sid in ids)
    a.close()
    b.close()


def test_postgres_url_is_never_logged_with_its_password(postgres: str,
                                                        caplog: pytest.LogCaptureFixture
                                                        ) -> None:
    url = new_database(postgres).replace("postgres@", "postgres:hunter2secret@")
    store = SessionStore(url)  # trust authentication: the password is not checked
    with pytest.raises(SessionWriteError):
        exchange(store, "x", role="narrator")
    store.close()
    assert "127.0.0.1" in caplog.text and "hunter2secret" not in caplog.text


# --- a full disk and a read-only database under a running app ----------------------------------

def parse_sse(text: str) -> list[tuple[str, dict]]:
    events = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def assert_answer_kept(result: dict) -> None:
    assert result["answer"].strip() and result["grounding"] in ("generated", "extractive")
    for c in result["citations"]:
        assert TEXT[c["doc"]][c["start"]:c["end"]] == c["quote"]


@pytest.fixture
def disk() -> Iterator[Path]:
    with small_disk("1m") as folder:
        yield folder


CAUSES = {"full": "database or disk is full", "immutable": "SQLITE_CANTOPEN"}


def break_disk(disk: Path, trouble: str) -> None:
    {"full": fill, "immutable": make_immutable, "read-only": remount_read_only}[trouble](disk)


@pytest.mark.parametrize("trouble", ["full", "immutable"])
def test_a_failed_write_returns_the_answer_with_a_notice(
        trouble: str, disk: Path, index_dir: Path, embedder: MiniLMEmbedder,
        caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings(corpus_dir=CORPUS, data_dir=disk, index_dir=index_dir)
    with TestClient(create_app(settings, embedder=embedder, generator=FakeGenerator())) as c:
        sid = c.post("/api/chat", json={"message": QUESTION}).json()["session_id"]
        break_disk(disk, trouble)  # under the running server
        caplog.clear()

        # Plain JSON: a clear 503 that still carries the whole answer.
        r = c.post("/api/chat", json={"message": f"{QUESTION} {SECRET}", "session_id": sid})
        assert r.status_code == 503
        body = r.json()
        assert body["type"] == "SessionWriteError" and "could not save it" in body["detail"]
        assert_answer_kept(body["result"])

        # Streamed: the answer, then an `error` event with the notice and the answer; no `done`.
        r = c.post("/api/chat", json={"message": QUESTION, "stream": True})
        events = parse_sse(r.text)
        names = [e for e, _ in events]
        assert names[0] == "session" and "done" not in names
        assert any(e == "delta" and d["text"].strip() for e, d in events)
        name, error = events[-1]
        assert name == "error" and error["type"] == "SessionWriteError"
        assert_answer_kept(error["result"])

        # What was saved before is still there to read, and the server still serves.
        assert len(c.get(f"/api/sessions/{sid}").json()["turns"]) == 2
        assert c.get("/health").status_code == 200

    assert CAUSES[trouble] in caplog.text  # the real cause, not a failed rollback
    assert "cannot rollback" not in caplog.text
    assert SECRET not in caplog.text


@pytest.mark.parametrize("trouble", ["full", "immutable", "read-only"])
def test_start_up_warns_when_the_data_folder_is_not_writable(
        trouble: str, disk: Path, index_dir: Path, embedder: MiniLMEmbedder,
        caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings(corpus_dir=CORPUS, data_dir=disk, index_dir=index_dir)
    SessionStore(settings.sessions_path).close()  # the database exists, from an earlier run
    break_disk(disk, trouble)
    with caplog.at_level(logging.WARNING), \
            TestClient(create_app(settings, embedder=embedder, generator=FakeGenerator())) as c:
        assert "is not writable" in caplog.text
        r = c.post("/api/chat", json={"message": QUESTION})
        assert r.status_code == 503 and r.json()["result"]["answer"]
    # Opened after the fact, SQLite sees a read-only file either way.
    assert (CAUSES["full"] if trouble == "full" else "SQLITE_READONLY") in caplog.text
