"""Conversations in SQLite (a file under the data folder, or memory only) or PostgreSQL.

Both run the same SQL. The schema is one append-only list of migrations; SQLite records
how many have run in `PRAGMA user_version`, PostgreSQL in a `reconnect_schema` table.
A turn is only ever written together with its answer, in one transaction, so an error or
a dropped connection never leaves half an exchange behind. Deleting a conversation
leaves its id (nothing else) in `deleted_sessions`, in the same database, so an answer
still being written, on this replica or another, can never bring it back.

A write that fails (a full disk, a read-only or immutable database, PostgreSQL gone)
raises SessionWriteError; the log names the real cause, never what anyone wrote.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from server.errors import SessionNotFound, SessionStorageError, SessionWriteError
from server.settings import redact

log = logging.getLogger(__name__)

NOT_SAVED = ("The answer is complete, but the server could not save it, so this conversation "
             "will not be remembered: its conversation store cannot be written right now "
             "(the server's log says why).")
NOT_READ = ("Conversations cannot be read right now: the server's conversation store is "
            "unavailable. Please try again in a moment.")
NOT_DELETED = ("This conversation could not be deleted right now: the server's conversation "
               "store cannot be written. Please try again in a moment.")

Rows = list[tuple[Any, ...]]
Run = Callable[..., Rows]  # run(sql, *args) -> rows; `?` marks a parameter in any backend


class Schema(Protocol):
    """What a migration may use: run SQL, and the backend's auto-numbered key column."""

    serial: str

    def __call__(self, sql: str) -> Rows: ...


MIGRATIONS: list[Callable[[Schema], None]] = []
migration = MIGRATIONS.append


@migration
def m001_sessions(db: Schema) -> None:
    db("""
        create table sessions (
            id text primary key,
            created_at text not null,
            updated_at text not null
        )""")


@migration
def m002_turns(db: Schema) -> None:
    db(f"""
        create table turns (
            id {db.serial},
            session_id text not null references sessions(id) on delete cascade,
            role text not null check (role in ('user', 'assistant')),
            content text not null,
            grounding text,
            citations text,
            safety text,
            created_at text not null
        )""")
    db("create index turns_session on turns(session_id, id)")


@migration
def m003_deleted_sessions(db: Schema) -> None:
    # Only ids: what makes a deleted conversation stay deleted across replicas.
    db("create table deleted_sessions (id text primary key, deleted_at text not null)")


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
        return asdict(self)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_session_id() -> str:
    return uuid.uuid4().hex


def is_postgres(target: Path | str | None) -> bool:
    return isinstance(target, str) and target.lower().startswith(("postgresql://",
                                                                  "postgres://"))


class SessionStore:
    """Thread-safe access to one sessions database: a SQLite path, a PostgreSQL URL, or
    None for an in-memory SQLite database."""

    def __init__(self, target: Path | str | None, *, pool_size: int = 4) -> None:
        self._db: _Backend = (_Postgres(str(target), pool_size) if is_postgres(target)
                              else _SQLite(Path(target) if target is not None else None))
        self.kind = self._db.kind
        self.path = target if isinstance(target, Path) else None
        try:
            self._migrate()
        except self._db.errors as exc:
            self._db.close()
            raise SessionStorageError(
                f"the sessions database ({self._db.where}) could not be prepared: "
                f"{_cause(exc)}") from exc
        self.write_problem = self._db.write_problem()
        if self.write_problem:
            log.warning("the sessions database (%s) is not writable (%s): conversations can "
                        "be read, but new answers will not be saved", self._db.where,
                        self.write_problem)

    def _migrate(self) -> None:
        if self._db.version() >= len(MIGRATIONS):
            return  # nothing to write, so a read-only database still opens
        with self._db.transaction() as run:
            done = self._db.lock_schema(run)  # one replica migrates; the others wait, then see
            for n, step in enumerate(MIGRATIONS[done:], done + 1):
                step(_Schema(run, self._db.serial))
                self._db.set_version(run, n)

    def close(self) -> None:
        self._db.close()

    # --- reading ------------------------------------------------------------------------------
    def _read(self, sql: str, *args: Any) -> Rows:
        try:
            with self._db.transaction(write=False) as run:
                return run(sql, *args)
        except self._db.errors as exc:
            log.error("could not read the sessions database (%s): %s", self._db.where,
                      _cause(exc))
            raise SessionStorageError(NOT_READ) from exc

    def exists(self, session_id: str) -> bool:
        return bool(self._read("select 1 from sessions where id = ?", session_id))

    def require(self, session_id: str) -> None:
        if not self.exists(session_id):
            raise SessionNotFound(f"no conversation with id {session_id!r}")

    def turns(self, session_id: str) -> list[Turn]:
        self.require(session_id)
        rows = self._read("select role, content, grounding, citations, safety, created_at "
                          "from turns where session_id = ? order by id", session_id)
        return [Turn(r[0], r[1], r[2], json.loads(r[3] or "[]"),
                     json.loads(r[4]) if r[4] else None, r[5]) for r in rows]

    # --- writing ------------------------------------------------------------------------------
    def append_exchange(self, session_id: str, user: Turn, assistant: Turn, *,
                        existing: bool = False) -> bool:
        """Write a question and its answer together, creating the session if it is new.

        Writes nothing, and returns False, when the conversation was deleted meanwhile
        (`existing` says it was there when the question came in). SessionWriteError when
        the database cannot be written; then nothing of the exchange is stored.
        """
        now = _now()
        try:
            with self._db.transaction() as run:
                self._db.lock_session(run, session_id)
                if run("select 1 from deleted_sessions where id = ?", session_id) or (
                        existing and not run("select 1 from sessions where id = ?", session_id)):
                    return False
                run("insert into sessions (id, created_at, updated_at) values (?, ?, ?) "
                    "on conflict(id) do update set updated_at = excluded.updated_at",
                    session_id, now, now)
                for turn in (user, assistant):
                    run("insert into turns (session_id, role, content, grounding, citations, "
                        "safety, created_at) values (?, ?, ?, ?, ?, ?, ?)",
                        session_id, turn.role, turn.content, turn.grounding,
                        json.dumps(turn.citations),
                        json.dumps(turn.safety) if turn.safety is not None else None, now)
        except self._db.errors as exc:
            log.error("could not save an exchange to the sessions database (%s): %s",
                      self._db.where, _cause(exc))
            raise SessionWriteError(NOT_SAVED) from exc
        return True

    def delete(self, session_id: str) -> None:
        """Delete a conversation and all its turns; SessionNotFound if there is none.

        The id is remembered either way, so an answer still being written is never stored.
        """
        try:
            with self._db.transaction() as run:
                self._db.lock_session(run, session_id)
                deleted = run("delete from sessions where id = ? returning id", session_id)
                run("insert into deleted_sessions (id, deleted_at) values (?, ?) "
                    "on conflict(id) do nothing", session_id, _now())
        except self._db.errors as exc:
            log.error("could not delete from the sessions database (%s): %s", self._db.where,
                      _cause(exc))
            raise SessionStorageError(NOT_DELETED) from exc
        if not deleted:
            raise SessionNotFound(f"no conversation with id {session_id!r}")


@dataclass
class _Schema:
    run: Run
    serial: str

    def __call__(self, sql: str) -> Rows:
        return self.run(sql)


def _cause(exc: BaseException) -> str:
    """What went wrong, for the log: PostgreSQL's primary message leaves out the row data
    its DETAIL line can quote; SQLite's messages never carry data."""
    diag = getattr(exc, "diag", None)
    primary = getattr(diag, "message_primary", None)
    code = getattr(exc, "sqlite_errorname", None)  # e.g. SQLITE_FULL, SQLITE_READONLY
    return f"{type(exc).__name__}{f' ({code})' if code else ''}: {primary or exc}"


class _Backend(Protocol):
    kind: str
    where: str  # for logs: a path, or a URL without its password
    serial: str
    errors: tuple[type[Exception], ...]

    def transaction(self, write: bool = True) -> contextlib.AbstractContextManager[Run]: ...

    def version(self) -> int: ...

    def lock_schema(self, run: Run) -> int: ...

    def set_version(self, run: Run, n: int) -> None: ...

    def lock_session(self, run: Run, session_id: str) -> None: ...

    def write_problem(self) -> str | None: ...

    def close(self) -> None: ...


class _SQLite:
    """One connection behind a lock. A rollback journal rather than WAL: WAL maps its -shm
    file into memory, so a disk that fills up or turns read-only under a running server can
    kill it with SIGBUS, and on a full disk WAL cannot even read."""

    kind = "sqlite"
    serial = "integer primary key"
    errors: tuple[type[Exception], ...] = (sqlite3.Error,)

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.where = str(path) if path else "memory"
        try:
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path) if path else ":memory:",
                                       check_same_thread=False, isolation_level=None,
                                       timeout=10.0)
        except (OSError, sqlite3.Error) as exc:
            raise SessionStorageError(
                f"the sessions database at {path} cannot be opened ({exc}): choose a writable "
                "data_dir or sessions_url, or run with --no-persist-sessions") from exc
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("pragma foreign_keys = on")
            if path is not None and self._db.execute("pragma journal_mode").fetchone()[0] == "wal":
                try:  # a database made by an earlier version
                    self._db.execute("pragma journal_mode = delete")
                except sqlite3.Error as exc:
                    log.warning("the sessions database %s stays in WAL mode (%s)", path, exc)

    @contextlib.contextmanager
    def transaction(self, write: bool = True) -> Iterator[Run]:
        with self._lock:
            if not write:
                yield self._run
                return
            # `immediate` takes the write lock first, so exchanges and deletes from any
            # process sharing this file run one after another.
            self._db.execute("begin immediate")
            try:
                yield self._run
                self._db.execute("commit")
            except BaseException:
                # SQLite may already have rolled back (a full disk does): rolling back again
                # would raise "no transaction is active" and hide the real cause.
                if self._db.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self._db.execute("rollback")
                raise

    def _run(self, sql: str, *args: Any) -> Rows:
        return self._db.execute(sql, args).fetchall()

    def version(self) -> int:
        with self._lock:
            return int(self._db.execute("pragma user_version").fetchone()[0])

    def lock_schema(self, run: Run) -> int:
        return int(run("pragma user_version")[0][0])

    def set_version(self, run: Run, n: int) -> None:
        run(f"pragma user_version = {int(n)}")

    def lock_session(self, run: Run, session_id: str) -> None:
        pass  # `begin immediate` already holds the database's write lock

    def write_problem(self) -> str | None:
        if self.path is None:
            return None
        try:  # a real write: a read-only or full folder fails here, not at the first answer
            with tempfile.NamedTemporaryFile(dir=self.path.parent, prefix=".write-check-"
                                             ) as probe:
                probe.write(os.urandom(8192))
                probe.flush()
                os.fsync(probe.fileno())
        except OSError as exc:
            return f"its folder {self.path.parent}: {exc.strerror or exc}"
        try:
            with self.transaction():
                pass
        except sqlite3.Error as exc:
            return str(exc)
        return None

    def close(self) -> None:
        with self._lock:
            self._db.close()


class _Postgres:
    """A small pool of connections; each transaction takes one. Advisory locks make one
    replica run the migrations, and serialise the writes of one conversation."""

    kind = "postgresql"
    serial = "bigint generated by default as identity primary key"
    SCHEMA_LOCK = 0x5EC0_5EC0  # any constant: the advisory lock all replicas migrate under

    def __init__(self, url: str, pool_size: int) -> None:
        import psycopg
        from psycopg_pool import ConnectionPool

        # The pool's own timeouts are psycopg errors too.
        self.errors: tuple[type[Exception], ...] = (psycopg.Error,)
        self.where = redact(url)
        self._pool = ConnectionPool(url, min_size=1, max_size=max(pool_size, 1), open=False,
                                    check=ConnectionPool.check_connection, timeout=10.0,
                                    name="sessions")
        try:
            self._pool.open(wait=True, timeout=15.0)
        except psycopg.Error as exc:
            self._pool.close()
            raise SessionStorageError(
                f"cannot reach the sessions database at {self.where}: {_cause(exc)}; check "
                "sessions_url and that PostgreSQL is running") from exc

    @contextlib.contextmanager
    def transaction(self, write: bool = True) -> Iterator[Run]:
        # The pool's connection commits when the block ends and rolls back on an error.
        with self._pool.connection() as conn, conn.cursor() as cursor:

            def run(sql: str, *args: Any) -> Rows:
                cursor.execute(sql.replace("?", "%s"), args)
                return list(cursor.fetchall()) if cursor.description else []

            yield run

    def version(self) -> int:
        with self.transaction(write=False) as run:
            exists = run("select to_regclass('reconnect_schema') is not null")[0][0]
            return int(run("select version from reconnect_schema")[0][0]) if exists else 0

    def lock_schema(self, run: Run) -> int:
        run("select pg_advisory_xact_lock(?)", self.SCHEMA_LOCK)
        run("create table if not exists reconnect_schema (version integer not null)")
        rows = run("select version from reconnect_schema")
        if not rows:
            run("insert into reconnect_schema (version) values (0)")
            return 0
        return int(rows[0][0])

    def set_version(self, run: Run, n: int) -> None:
        run("update reconnect_schema set version = ?", n)

    def lock_session(self, run: Run, session_id: str) -> None:
        # Held to the end of the transaction: a delete and an answer of the same
        # conversation, on any replicas, run one after the other.
        run("select pg_advisory_xact_lock(hashtextextended(?, 0))", session_id)

    def write_problem(self) -> str | None:
        try:
            with self.transaction(write=False) as run:
                if run("show transaction_read_only")[0][0] == "on":
                    return "the server accepts only reads"
        except self.errors as exc:
            return _cause(exc)
        return None

    def close(self) -> None:
        self._pool.close()
