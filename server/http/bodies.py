"""Request bodies at the edge, for every route: a size limit (413) and strict JSON (422).

Python's json module accepts what no route should see: bytes that are not UTF-8 (FastAPI
would answer 400), nesting thousands deep (a RecursionError, 400 again), and lone
surrogates such as "\\ud800", which no text encoding can carry and which fail later, inside
the models (503). Each gets a 422 in FastAPI's own shape before any route runs; syntax
errors are left to FastAPI, which already answers them with 422.
"""

from __future__ import annotations

import json
import re
from typing import Any

import anyio
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.http.responses import send_json

MAX_DEPTH = 32
# An oversized body is read and dropped before its 413, up to DRAIN_FACTOR times the limit
# (at least DRAIN_AT_LEAST bytes) and DRAIN_SECONDS; beyond that the connection just closes.
DRAIN_FACTOR = 16
DRAIN_AT_LEAST = 64 * 1024 * 1024
DRAIN_SECONDS = 30.0
SURROGATE = re.compile("[\ud800-\udfff]")


class BodyGuard:
    """Reads each request body (at most `max_bytes`), checks it, then hands it on.

    A body over the limit is answered with 413 on its own connection. Clients that send the
    whole body before they read (urllib, requests, httpx) would see "connection reset" if
    the server answered and closed while they were still sending, so the rest of the body
    is read and thrown away first, up to `drain_bytes` or `drain_seconds`, and then the 413
    goes out with `Connection: close`. A client that asked `Expect: 100-continue` (curl) is
    answered at once: it has not sent the body and will not.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, *, drain_bytes: int | None = None,
                 drain_seconds: float = DRAIN_SECONDS) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.drain_bytes = drain_bytes if drain_bytes is not None else max(
            DRAIN_FACTOR * max_bytes, DRAIN_AT_LEAST)
        self.drain_seconds = drain_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            if (int(declared) <= self.drain_bytes
                    and "100-continue" not in headers.get("expect", "").lower()):
                await self._drain(receive, 0)
            await self._too_large(send)
            return
        if not (declared.strip("0") or "transfer-encoding" in headers):
            await self.app(scope, receive, send)  # no body
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                if message.get("more_body", False):
                    await self._drain(receive, size)
                await self._too_large(send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if body and is_json(headers.get("content-type", "")):
            problem = json_problem(body)
            if problem is not None:
                await send_json(send, 422, {"detail": [problem]})
                return

        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: a disconnect, for streaming responses

        await self.app(scope, replay, send)

    async def _drain(self, receive: Receive, received: int) -> None:
        """Read and drop the rest of a body (`received` bytes of it read already), within the
        bounds; past them the connection closes after the answer."""
        with anyio.move_on_after(self.drain_seconds):
            while received <= self.drain_bytes:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                received += len(message.get("body", b""))
                if not message.get("more_body", False):
                    return

    async def _too_large(self, send: Send) -> None:
        await send_json(send, 413, {
            "detail": f"the request body is larger than {self.max_bytes:,} bytes (the "
                      "max_body_bytes setting)", "type": "BodyTooLarge"},
            [(b"connection", b"close")])


def is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/")
                                           and media.endswith("+json"))


def json_problem(body: bytes) -> dict[str, Any] | None:
    """A FastAPI-style error for a body that is JSON in form but unusable, else None."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _invalid(["body", exc.start], "the body is not valid UTF-8")
    try:
        data = json.loads(text)
    except RecursionError:
        return _invalid(["body"], f"JSON nested more than {MAX_DEPTH} levels deep")
    except ValueError:
        return None  # a syntax error: FastAPI answers it with its own 422
    return _walk(data)


def _walk(data: Any) -> dict[str, Any] | None:
    stack: list[tuple[Any, list[str | int]]] = [(data, [])]
    while stack:
        value, path = stack.pop()
        if len(path) > MAX_DEPTH:
            return _invalid(["body"], f"JSON nested more than {MAX_DEPTH} levels deep")
        if isinstance(value, str) and SURROGATE.search(value):
            return {"type": "string_unicode", "loc": ["body", *path],
                    "msg": "must be valid Unicode text (it holds a lone surrogate, such as "
                           "\\ud800, which no text encoding can carry)", "input": None}
        if isinstance(value, dict):
            for key, item in value.items():
                if SURROGATE.search(key):
                    return _invalid(["body", *path], "a key holds a lone surrogate")
                stack.append((item, [*path, key]))
        elif isinstance(value, list):
            stack.extend((item, [*path, n]) for n, item in enumerate(value))
    return None


def _invalid(loc: list[str | int], why: str) -> dict[str, Any]:
    return {"type": "json_invalid", "loc": loc, "msg": f"JSON decode error: {why}",
            "input": {}, "ctx": {"error": why}}
