"""Conversations in SQLite: a file under the data folder by default, or memory only.

Schema changes are an append-only list of migrations; `PRAGMA user_version` records how
many have run. A turn is only ever written together with its answer, in one
transaction, so an error or a dropped connection never leaves half an exchange behind.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from server.errors import SessionNotFound

MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = []
migration = MIGRATIONS.append


@migration
def m001_sessions(db: sqlite3.Connection) -> None:
    db.execute("""
        create table sessions (
            id text primary key,
            created_at text not null,
            updated_at text not null
        )""")


@migration
def m002_turns(db: sqlite3.Connection) -> None:
    db.execute("""
        create table turns (
            id integer primary key,
            session_id text not null references sessions(id) on delete cascade,
            role text not null check (role in ('user', 'assistant')),
            content text not null,
            grounding text,
            citations text,
            safety text,
            created_at text not null
        )""")
    db.execute("create index turns_session on turns(session_id, id)")


@dataclass(frozen=True)
class Turn:
    """One message of a conversation."""

    role: str
    content: str
    grounding: str | None = None
    citations: list[dict[str, Any]] = field(default_factory=list)
    safety: dict[str, Any] | None = None
    created_at: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"role": self.role, "content": self.content, "grounding": self.grounding,
                "citations": self.citations, "safety": self.safety,
                "created_at": self.created_at}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_session_id() -> str:
    return uuid.uuid4().hex


class SessionStore:
    """Thread-safe access to one SQLite database."""

    def __init__(self, path: Path | None) -> None:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(str(path) if path else ":memory:", check_same_thread=False,
                                   isolation_level=None)
        self._lock = threading.Lock()
        self._deleted: set[str] = set()  # so an answer still being written cannot revive one
        with self._lock:
            self._db.execute("pragma foreign_keys = on")
            if path is not None:
                self._db.execute("pragma journal_mode = wal")
            self._migrate()

    def _migrate(self) -> None:
        done = self._db.execute("pragma user_version").fetchone()[0]
        for n, step in enumerate(MIGRATIONS[done:], done + 1):
            self._db.execute("begin")
            step(self._db)
            self._db.execute(f"pragma user_version = {n}")
            self._db.execute("commit")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def exists(self, session_id: str) -> bool:
        with self._lock:
            row = self._db.execute("select 1 from sessions where id = ?", (session_id,))
            return row.fetchone() is not None

    def require(self, session_id: str) -> None:
        if not self.exists(session_id):
            raise SessionNotFound(f"no conversation with id {session_id!r}")

    def turns(self, session_id: str) -> list[Turn]:
        self.require(session_id)
        with self._lock:
            rows = self._db.execute(
                "select role, content, grounding, citations, safety, created_at from turns "
                "where session_id = ? order by id", (session_id,)).fetchall()
        return [Turn(r[0], r[1], r[2], json.loads(r[3] or "[]"),
                     json.loads(r[4]) if r[4] else None, r[5]) for r in rows]

    def append_exchange(self, session_id: str, user: Turn, assistant: Turn, *,
                        existing: bool = False) -> bool:
        """Write a question and its answer together, creating the session if it is new.

        Writes nothing, and returns False, when the conversation was deleted meanwhile
        (`existing` says it was there when the question came in).
        """
        now = _now()
        with self._lock:
            if session_id in self._deleted or (existing and self._db.execute(
                    "select 1 from sessions where id = ?", (session_id,)).fetchone() is None):
                return False
            self._db.execute("begin")
            try:
                self._db.execute(
                    "insert into sessions (id, created_at, updated_at) values (?, ?, ?) "
                    "on conflict(id) do update set updated_at = excluded.updated_at",
                    (session_id, now, now))
                for turn in (user, assistant):
                    self._db.execute(
                        "insert into turns (session_id, role, content, grounding, citations, "
                        "safety, created_at) values (?, ?, ?, ?, ?, ?, ?)",
                        (session_id, turn.role, turn.content, turn.grounding,
                         json.dumps(turn.citations), json.dumps(turn.safety)
                         if turn.safety is not None else None, now))
                self._db.execute("commit")
            except BaseException:
                self._db.execute("rollback")
                raise
        return True

    def delete(self, session_id: str) -> None:
        """Delete a conversation and all its turns; SessionNotFound if there is none."""
        with self._lock:
            deleted = self._db.execute("delete from sessions where id = ?", (session_id,))
            self._deleted.add(session_id)
            if deleted.rowcount == 0:
                raise SessionNotFound(f"no conversation with id {session_id!r}")
