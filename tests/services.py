"""Real services for the scale-out tests: a PostgreSQL server in a temporary folder, a tiny
disk that can fill up or turn read-only. Reconnect replicas as separate processes are
eval.serving's `reconnect_server`, which the benchmarks use too.

Nothing here is skipped quietly: when PostgreSQL cannot start, the tests that need it fail
with the reason (`make test` installs Debian's postgresql when initdb is missing).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from eval.serving import free_port


def pg_tool(name: str) -> str:
    """initdb or pg_ctl: on PATH, else Debian's versioned folder (the newest)."""
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if not found:
        pytest.fail(f"{name} was not found: install Debian's postgresql package "
                    "(make test does when initdb is missing)")
    return found


def _as_postgres() -> list[str]:
    """PostgreSQL refuses to run as root; the tests then run it as the `postgres` user."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL on a free loopback port; yields its admin URL."""
    folder = Path(tempfile.mkdtemp(prefix="reconnect-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data, log = folder / "data", folder / "server.log"
    port = free_port()
    started = False
    try:
        _run([*_as_postgres(), pg_tool("initdb"), "-D", str(data), "-U", "postgres",
              "--auth=trust", "-E", "UTF8", "--no-sync"], "initdb")
        _run([*_as_postgres(), pg_tool("pg_ctl"), "-D", str(data), "-l", str(log), "-w",
              "-t", "60", "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 "
              "-c fsync=off", "start"], "pg_ctl start", log)
        started = True
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        if started:
            subprocess.run([*_as_postgres(), pg_tool("pg_ctl"), "-D", str(data), "-m",
                            "fast", "-w", "stop"], capture_output=True, check=False)
        shutil.rmtree(folder, ignore_errors=True)


def _run(command: list[str], what: str, log: Path | None = None) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = done.stderr or done.stdout
        if log is not None and log.exists():
            detail += log.read_text(errors="replace")[-2000:]
        pytest.fail(f"PostgreSQL could not start ({what} exited {done.returncode}): {detail}")


def new_database(admin_url: str) -> str:
    """A fresh, empty database on the server; returns its URL."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


@contextlib.contextmanager
def small_disk(size: str = "1m") -> Iterator[Path]:
    """A tmpfs of `size`, so a test can fill it or remount it read-only under a running
    server; always unmounted."""
    if os.geteuid() != 0:
        pytest.fail("mounting a small disk needs root, as on the project machines")
    folder = Path(tempfile.mkdtemp(prefix="reconnect-disk-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs",
                    str(folder)], check=True, capture_output=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False, capture_output=True)
        folder.rmdir()


def fill(folder: Path) -> None:
    """Write to `folder` until the disk is full."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    with contextlib.suppress(OSError):  # the last few bytes of a page
        fd = os.open(folder / "filler2", os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(fd, b"\0")
        finally:
            os.close(fd)


def remount_read_only(folder: Path) -> None:
    """Only while no file on it is open for writing (the kernel refuses otherwise)."""
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, capture_output=True)


def make_immutable(folder: Path) -> None:
    """chattr +i on the folder and its files: even root can no longer change them, open
    files included."""
    subprocess.run(["chattr", "+i", str(folder), *map(str, folder.iterdir())], check=True,
                   capture_output=True)
