"""Errors on /v1 in OpenAI's shape, `{"error": {"message", "type", "param", "code"}}`, and the
middleware that gives that shape to the errors answered before any route runs."""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.types import Message as ASGIMessage

from indexer.errors import IndexerError
from server.errors import ReconnectError, http_status
from server.http.responses import log_failure

log = logging.getLogger(__name__)


class APIError(Exception):
    """An error on /v1, in OpenAI's shape; `param` names the offending field."""

    def __init__(self, status: int, message: str, param: str | None = None,
                 code: str | None = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.param = param
        self.code = code
        self.headers = headers or {}

    @property
    def type(self) -> str:
        return "server_error" if self.status >= 500 else "invalid_request_error"

    def to_json(self) -> dict[str, Any]:
        return {"error": {"message": self.message, "type": self.type, "param": self.param,
                          "code": self.code}}

    def response(self) -> JSONResponse:
        # Only a busy server gets better by asking again (after Retry-After).
        headers = {"x-should-retry": "true" if "Retry-After" in self.headers else "false",
                   **self.headers}
        if self.status == 401:
            headers["WWW-Authenticate"] = "Bearer"
        return JSONResponse(self.to_json(), status_code=self.status, headers=headers)


def invalid_body(exc: RequestValidationError) -> APIError:
    """The first problem with the request body, naming its field as OpenAI does."""
    error = exc.errors()[0]
    kind = str(error.get("type", "invalid_value"))
    if kind == "json_invalid":
        return APIError(400, "The request body is not valid JSON "
                        f"({error.get('ctx', {}).get('error', 'decode error')}).",
                        code="json_invalid")
    loc = [part for part in error.get("loc", ()) if part != "body"]
    if not loc:
        return APIError(400, "The request body must be a JSON object sent with "
                        "`Content-Type: application/json`.", code=kind)
    param = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    why = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
    return APIError(400, f"Invalid '{param}': {why}.", param, kind)


def failure(exc: BaseException) -> APIError:
    """An error raised while answering; the log names the cause, never the person's words."""
    if isinstance(exc, APIError):
        return exc
    if isinstance(exc, ReconnectError | IndexerError):
        log_failure(log, "v1 request failed", exc, ours=True)
        return APIError(http_status(exc), str(exc), code=type(exc).__name__,
                        headers=getattr(exc, "headers", None))
    log_failure(log, "v1 request failed", exc, ours=False)
    return APIError(500, "Something went wrong while answering; please try again.")


def is_v1(path: str) -> bool:
    return path == "/v1" or path.startswith("/v1/")


def edge_error(status: int, body: bytes) -> APIError | None:
    """An error the middleware answered in /api's shape (`{"detail", "type"}`, or FastAPI's
    list for malformed JSON), as an APIError; None for one that is OpenAI's already."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, dict) or "detail" not in data or "error" in data:
        return None
    detail = data["detail"]
    if isinstance(detail, list) and detail:  # bodies.py: not UTF-8, too deep, lone surrogates
        return invalid_body(RequestValidationError(detail))
    kind = data.get("type")
    return APIError(status, str(detail), code=kind if isinstance(kind, str) else None)


class OpenAIEdge:
    """The errors the middleware answers on /v1 before any route runs (a Host not served
    400, a foreign Origin 403, a body over max_body_bytes 413, malformed JSON 422), in
    OpenAI's shape, malformed JSON as 400. The security headers are kept; other paths and
    every success pass through untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_v1(scope["path"]):
            await self.app(scope, receive, send)
            return
        held: ASGIMessage | None = None  # an error's start, until its (small) body is read
        chunks: list[bytes] = []

        async def translate(message: ASGIMessage) -> None:
            nonlocal held
            if message["type"] == "http.response.start" and message["status"] >= 400:
                held = message
                return
            if held is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            start, body = held, b"".join(chunks)
            held = None
            error = edge_error(start["status"], body)
            if error is not None:
                response = error.response()
                kept = [(k, v) for k, v in start.get("headers", [])
                        if k.lower() not in (b"content-length", b"content-type")]
                start = {**start, "status": error.status,
                         "headers": kept + response.raw_headers}
                body = bytes(response.body)
            await send(start)
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, translate)
