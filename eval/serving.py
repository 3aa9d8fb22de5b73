"""The app under uvicorn in a background thread, on a free local port, and an
OpenAI-compatible inference server in a subprocess.

For the benchmark and the tests that need a real socket (a client hanging up, a real
browser, an engine that dies mid-answer); `reconnect serve` runs uvicorn in the
foreground instead. The benchmark also starts `reconnect serve` itself, and a CPU-bound
process beside it (`reconnect_server`, `cpu_hog`).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
from fastapi import FastAPI


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serving(app: FastAPI, timeout: float = 60.0) -> Iterator[str]:
    """Yield the base URL once the server accepts connections; stop it on exit."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"the server on port {port} did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=timeout)


@dataclass
class Served:
    """A server in a process of its own: its base URL, process and log file."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@dataclass
class Engine(Served):
    """A running inference server; `url` is its OpenAI-compatible base (`.../v1`)."""

    def drafts(self) -> int:
        """Completions the engine has been asked for, from its own access log."""
        return self.log().count("POST /v1/completions")

    def stop(self) -> None:
        """Stop it at once, as a crash would (SIGKILL)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)


@contextlib.contextmanager
def inference_server(model_path: Path, log_path: Path, *, n_ctx: int = 2048,
                     n_threads: int = 2, timeout: float = 180.0) -> Iterator[Engine]:
    """llama-cpp-python's OpenAI-compatible server (`python -m llama_cpp.server`) on a free
    loopback port, serving one GGUF; stopped on exit.

    `--interrupt_requests False`: by default that server aborts a streaming draft as soon as
    another request arrives, which would cut concurrent chats short.
    """
    port = free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model_path),
               "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(n_ctx),
               "--n_threads", str(n_threads), "--n_threads_batch", str(n_threads),
               "--interrupt_requests", "False"]
    with _started(Engine, command, f"http://127.0.0.1:{port}/v1", "/models", log_path,
                  "the inference server", timeout) as engine:
        yield engine


def timed_chat(client: httpx.Client, url: str, message: str) -> tuple[float, float, str | None]:
    """One streamed chat: seconds to its first answer text and to its end, and its grounding
    (None when the stream ended without `done`)."""
    started = time.perf_counter()
    first = None
    grounding = None
    with client.stream("POST", url, json={"message": message, "stream": True}) as r:
        event = ""
        for line in r.iter_lines():
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: ") and event == "delta" and first is None:
                first = time.perf_counter() - started
            elif line.startswith("data: ") and event == "done":
                grounding = json.loads(line[6:])["grounding"]
    total = time.perf_counter() - started
    return first or total, total, grounding


@contextlib.contextmanager
def reconnect_server(env: dict[str, str], log_path: Path, *, new_session: bool = False,
                     timeout: float = 300.0) -> Iterator[Served]:
    """`reconnect serve` in its own process with these RECONNECT_* settings (nothing else of
    this process's RECONNECT_* environment), on a free port; stopped on exit.

    `new_session`: in a session of its own, as a second terminal or a service manager would
    start it (with the kernel's autogroups, the scheduler shares CPU between sessions first).
    """
    root = Path(__file__).resolve().parent.parent
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("RECONNECT_")}
    environment.update(env, PYTHONPATH=str(root), RECONNECT_PORT=str(port))
    command = [sys.executable, "-c", "from server.cli import main; main()", "serve"]
    with _started(Served, command, f"http://127.0.0.1:{port}", "/health", log_path,
                  "reconnect serve", timeout, cwd=root, env=environment,
                  start_new_session=new_session) as served:
        yield served


@contextlib.contextmanager
def cpu_hog(*, new_session: bool = False) -> Iterator[subprocess.Popen[bytes]]:
    """One process that keeps one CPU busy (a pure-Python loop), started from this process,
    in this session or (`new_session`) in one of its own; killed on exit."""
    process = subprocess.Popen([sys.executable, "-c", "while True: pass"],
                               stdin=subprocess.DEVNULL, start_new_session=new_session)
    try:
        time.sleep(0.5)  # running before anything is measured
        yield process
    finally:
        _stop(process)


S = TypeVar("S", bound=Served)


@contextlib.contextmanager
def _started(kind: type[S], command: list[str], url: str, ready: str, log_path: Path,
             name: str, timeout: float, **popen: Any) -> Iterator[S]:
    """`command` in a process of its own, its output appended to `log_path`, yielded once
    `url` + `ready` answers 200; stopped on exit. A process that exits or takes too long
    is an error that shows the end of its log."""
    with open(log_path, "ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, **popen)
    served = kind(url, process, log_path)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited ({process.returncode}):\n"
                                   + served.log()[-2000:])
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not start in {timeout:g} s:\n"
                                   + served.log()[-2000:])
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(url + ready, timeout=2).status_code == 200:
                    break
            time.sleep(0.2)
        yield served
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
