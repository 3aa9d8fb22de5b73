"""What the routes of /api and /v1 answer with: Server-Sent Events, streams that give their
queue slot back, the OpenAPI description of both, and the log line of a failure; and the
JSON answer of a middleware that refuses a request before any route runs."""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from typing import Any

from fastapi.responses import StreamingResponse
from pydantic import BaseModel
from starlette.types import Receive, Scope, Send

from server.http.queue import Ticket


def sse(data: Any, event: str | None = None) -> str:
    """One Server-Sent Event, its data as JSON."""
    named = f"event: {event}\n" if event else ""
    return f"{named}data: {json.dumps(data, ensure_ascii=False)}\n\n"


class TicketStream(StreamingResponse):
    """A stream that gives its queue slot back when it ends, however it ends."""

    def __init__(self, ticket: Ticket, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ticket = ticket

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self.ticket.release()


async def send_json(send: Send, status: int, content: dict[str, Any],
                    headers: Iterable[tuple[bytes, bytes]] = ()) -> None:
    """A whole JSON response straight onto the ASGI connection, with these extra headers."""
    body = json.dumps(content).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), *headers]})
    await send({"type": "http.response.body", "body": body})


def event_stream(ticket: Ticket, events: AsyncIterator[str]) -> TicketStream:
    """Server-Sent Events, never cached, holding `ticket` until they end."""
    return TicketStream(ticket, events, media_type="text/event-stream",
                        headers={"Cache-Control": "no-store"})


def stream_schema(data: dict[str, Any], events: Iterable[str] = ()) -> dict[str, Any]:
    """The OpenAPI content of an event stream (3.1: its schema describes each event), with the
    event names when the stream has them."""
    names = list(events)
    named = {"event": {"enum": names}} if names else {}
    return {"text/event-stream": {"schema": {
        "type": "object", "required": [*(["event"] if names else []), "data"],
        "properties": {**named, "data": data}}}}


def error_responses(why: Mapping[int, str], statuses: Iterable[int],
                    body: Callable[[int], type[BaseModel]]) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI `responses` of a route's error statuses, each with its body model."""
    return {status: {"model": body(status), "description": why[status]} for status in statuses}


def log_failure(log: logging.Logger, what: str, exc: BaseException, *, ours: bool) -> None:
    """Log why `what` failed without the person's words: the message of one of our own errors
    (`ours`), and of any other only its type and frames, as its message can quote its input."""
    if ours:
        log.error("%s: %s: %s", what, type(exc).__name__, exc)
    else:
        log.error("%s: %s\n%s", what, type(exc).__name__,
                  "".join(traceback.format_tb(exc.__traceback__)))
