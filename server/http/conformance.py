"""Answers that follow HTTP and the OpenAPI schema even when the request is wrong.

- A 422 names the field and echoes at most a short excerpt of what was sent (FastAPI's
  default echoes the whole input: a 10 MB message came back as a 10 MB error).
- OPTIONS lists every method of a path, across the routes that share it (Starlette answers
  405 for the first route only: `Allow: GET` on a session that can also be deleted).
- The error bodies are pydantic models, so the OpenAPI schema declares them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.types import ASGIApp, Receive, Scope, Send

EXCERPT_CHARS = 80


class ErrorBody(BaseModel):
    """An error in words meant for people; `type` names the kind of problem."""

    detail: str
    type: str | None = None


class FieldError(BaseModel):
    """One invalid field: where it is, what is wrong, and a short excerpt of the input."""

    type: str
    loc: list[str | int]
    msg: str
    input: Any = None
    ctx: dict[str, Any] | None = None


class ValidationErrorBody(BaseModel):
    """Every invalid field of a request."""

    detail: list[FieldError]


def excerpt(value: Any) -> Any:
    """A value as it is when short, a cut string when long, a marker for a large structure."""
    if isinstance(value, str):
        value = value.encode("utf-8", "replace").decode("utf-8")
        return value if len(value) <= EXCERPT_CHARS else value[:EXCERPT_CHARS] + "…"
    if value is None or isinstance(value, bool | int | float):
        return value
    try:
        shown = jsonable_encoder(value)
        size = len(json.dumps(shown))
    except (TypeError, ValueError, RecursionError):
        return f"({type(value).__name__})"
    return shown if size <= EXCERPT_CHARS else f"({type(value).__name__}, {size:,} characters)"


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    """422 with each field's location and message, and never more than an excerpt of input."""
    assert isinstance(exc, RequestValidationError)
    errors = []
    for error in exc.errors():
        item = {"type": error.get("type", "invalid"), "loc": list(error.get("loc", ())),
                "msg": str(error.get("msg", "")), "input": excerpt(error.get("input"))}
        if error.get("ctx"):
            item["ctx"] = {k: excerpt(v) for k, v in error["ctx"].items()}
        errors.append(item)
    return JSONResponse({"detail": errors}, status_code=422)


class AllowAllMethods:
    """OPTIONS: 204 with an Allow header naming every method the OpenAPI schema gives the
    path, across the routes that share it; paths outside the schema pass through."""

    def __init__(self, app: ASGIApp, schema: Callable[[], dict[str, Any]]) -> None:
        self.app = app
        self.schema = schema
        self._paths: list[tuple[re.Pattern[str], set[str]]] | None = None

    def methods(self, path: str) -> set[str]:
        if self._paths is None:
            self._paths = [(_template(template), {m.upper() for m in operations})
                           for template, operations in self.schema().get("paths", {}).items()]
        return {m for pattern, methods in self._paths if pattern.fullmatch(path) for m in methods}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "OPTIONS":
            methods = self.methods(scope["path"])
            if methods:
                if "GET" in methods:
                    methods.add("HEAD")
                allow = ", ".join(sorted(methods | {"OPTIONS"}))
                await send({"type": "http.response.start", "status": 204,
                            "headers": [(b"allow", allow.encode())]})
                await send({"type": "http.response.body", "body": b""})
                return
        await self.app(scope, receive, send)


def _template(path: str) -> re.Pattern[str]:
    """`/api/sessions/{session_id}` -> a pattern matching one path segment in its place."""
    parts = re.split(r"(\{[^}]+\})", path)
    return re.compile("".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts))
