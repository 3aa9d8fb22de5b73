"""The JSON API's routes. They validate input (a 422 names the field), call one job's
function, and shape JSON; errors are mapped to statuses in one place (server/http/app.py).
"""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import AsyncIterator, Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool
from starlette.types import Receive, Scope, Send

from server.chat import MAX_MESSAGE_CHARS
from server.chat.pipeline import Delta, Done, Event, Started
from server.errors import GenerationCancelled, ReconnectError, error_body
from server.excerpts import DEFAULT_K, MAX_K, MAX_TOPIC_CHARS, MIN_K, find_excerpts
from server.http import schemas
from server.http.conformance import ErrorBody, ValidationErrorBody
from server.http.queue import Ticket, WaitQueue
from server.http.security import is_loopback
from server.http.worker import ClientGone, Worker, cancel_on_disconnect
from server.inputs import VISIBLE_PATTERN, has_lone_surrogate, is_blank
from server.rephrase import MAX_TEXT_CHARS
from server.runtime import Runtime

log = logging.getLogger(__name__)
MAX_SESSION_ID_CHARS = 64


def not_blank(value: str) -> str:
    """Text a person could see, in a form the models can read (see server/inputs.py)."""
    if has_lone_surrogate(value):
        raise ValueError("must be valid Unicode text")
    if is_blank(value):
        raise ValueError("must not be empty or only invisible characters")
    return value


# The schema says what not_blank checks, so generated "valid" input really is valid.
VISIBLE = {"pattern": VISIBLE_PATTERN}

Topic = Annotated[str, AfterValidator(not_blank),
                  Query(min_length=1, max_length=MAX_TOPIC_CHARS, json_schema_extra=VISIBLE,
                        description="What to find passages about.")]
SessionId = Annotated[str, Path(max_length=MAX_SESSION_ID_CHARS, description="A conversation id.")]
TopK = Annotated[int, Query(ge=MIN_K, le=MAX_K, description=f"How many excerpts, {MIN_K} to "
                                                            f"{MAX_K}.")]


class ChatRequest(BaseModel):
    """A message in a conversation; `session_id` null starts a new one."""

    model_config = ConfigDict(extra="forbid")

    message: Annotated[str, AfterValidator(not_blank),
                       Field(min_length=1, max_length=MAX_MESSAGE_CHARS,
                             json_schema_extra=VISIBLE)]
    session_id: str | None = Field(None, max_length=MAX_SESSION_ID_CHARS)
    stream: StrictBool = Field(False, description="Stream Server-Sent Events (true or false).")


class RephraseRequest(BaseModel):
    """What the person wants to say to their partner."""

    model_config = ConfigDict(extra="forbid")

    text: Annotated[str, AfterValidator(not_blank),
                    Field(min_length=1, max_length=MAX_TEXT_CHARS, json_schema_extra=VISIBLE)]


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def get_worker(request: Request) -> Worker:
    worker: Worker = request.app.state.worker
    return worker


def get_queue(request: Request) -> WaitQueue:
    queue: WaitQueue = request.app.state.queue
    return queue


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
WorkerDep = Annotated[Worker, Depends(get_worker)]
QueueDep = Annotated[WaitQueue, Depends(get_queue)]
router = APIRouter()


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI `responses` of a route's error statuses, each with its body model."""
    why = {403: "A request from another web page (its Origin is not this server's).",
           404: "Not found.", 413: "The body is larger than the max_body_bytes setting.",
           422: "Invalid input; each entry names a field.",
           503: "Not ready (index, model or safety screen), or busy (with Retry-After)."}
    return {status: {"model": ValidationErrorBody if status == 422 else ErrorBody,
                     "description": why[status]} for status in statuses}


CHANGES = (403, 413, 422)  # what every POST and DELETE can answer at the edge


async def spare_the_model_if_gone(request: Request) -> None:
    """A client that gave up while waiting for its turn gets no generation (499)."""
    if await request.is_disconnected():
        raise GenerationCancelled("the client left while waiting for its turn")


def sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def error_event(exc: BaseException) -> str:
    """The stream's `error` event; the log names the cause but never the person's words."""
    if isinstance(exc, ReconnectError):
        log.error("chat stream failed: %s: %s", type(exc).__name__, exc)
        return sse("error", error_body(exc))
    # Other exceptions' messages can quote their input, so only the type and frames are logged.
    log.error("chat stream failed: %s\n%s", type(exc).__name__,
              "".join(traceback.format_tb(exc.__traceback__)))
    return sse("error", {"detail": "something went wrong while answering; please try again",
                         "type": "InternalError"})


@router.get("/health", response_model=schemas.Health)
def health(runtime: RuntimeDep, request: Request) -> dict[str, Any]:
    """Status, the index manifest summary and the model ids. Only callers on this machine
    see the index folder's path."""
    body = runtime.health()
    if not is_loopback(request.client.host if request.client else None):
        body["index"] = {k: v for k, v in body["index"].items() if k != "folder"}
    return body


@router.get("/api/excerpts", response_model=schemas.Excerpts, responses=errors(422, 503))
def excerpts(runtime: RuntimeDep, topic: Topic, k: TopK = DEFAULT_K) -> dict[str, Any]:
    """Cited excerpts on a topic; empty when the article does not cover it.

    The topic is screened first: a disclosure gets the safety reply, not excerpts.
    """
    return find_excerpts(runtime.screen, runtime.retriever, topic, k).to_json()


@router.post("/api/rephrase", response_model=schemas.Rephrasing,
             responses=errors(*CHANGES, 503))
async def rephrase(body: RephraseRequest, request: Request, runtime: RuntimeDep,
                   worker: WorkerDep, queue: QueueDep) -> dict[str, Any]:
    """A gentler opening that leads with longing, with checks, notes and a citation."""
    cancel = ClientGone(request)  # set when the client leaves: a draft still waiting gives up
    with queue.enter():
        await spare_the_model_if_gone(request)
        async with cancel_on_disconnect(request, cancel):
            result = await worker.run(runtime.rephraser.rephrase, body.text, cancel=cancel)
    return result.to_json()


@router.get("/api/passage", response_model=schemas.Passage, responses=errors(404, 422))
def passage(runtime: RuntimeDep,
            doc: Annotated[str, Query(max_length=200, description="Document id.")],
            start: Annotated[int, Query(ge=0, description="Quote start offset.")],
            end: Annotated[int, Query(ge=1, description="Quote end offset.")]
            ) -> dict[str, Any]:
    """The paragraph around a quote, for showing a citation in context."""
    found = runtime.retriever.context(doc, start, end)
    if found is None:
        raise HTTPException(404, detail="no paragraph of that document holds those offsets")
    para, section = found
    return {"doc": doc, "section": section, "paragraph": para.text,
            "quote_start": start - para.start, "quote_end": end - para.start,
            "quote": para.text[start - para.start:end - para.start]}


# One Server-Sent Event (OpenAPI 3.1: `schema` of an event stream describes each event).
STREAM: dict[str, Any] = {"text/event-stream": {"schema": {
    "type": "object", "required": ["event", "data"],
    "properties": {
        "event": {"enum": ["session", "delta", "citations", "done", "error"]},
        "data": {"type": "string", "contentMediaType": "application/json", "description":
                 "session: {session_id}; delta: {text}; citations: [citation]; done: the "
                 "whole answer, as without streaming; error: {detail, type}"}}}}}


@router.post("/api/chat", response_model=schemas.ChatAnswer,
             responses={200: {"content": STREAM}, **errors(404, *CHANGES, 503)})
async def chat(body: ChatRequest, request: Request, runtime: RuntimeDep, worker: WorkerDep,
               queue: QueueDep, accept: Annotated[str, Header()] = ""
               ) -> dict[str, Any] | StreamingResponse:
    """Answer a message; streams Server-Sent Events when asked (stream or Accept)."""
    if body.session_id is not None:
        runtime.sessions.require(body.session_id)  # 404 before anything starts
    wants_stream = body.stream or "text/event-stream" in accept
    ticket = queue.enter()  # 503 with Retry-After when too many are waiting
    cancel = ClientGone(request)

    def events() -> Iterator[Event]:
        return runtime.chat.stream(body.message, body.session_id, cancel=cancel)

    # Each step runs on a worker thread, concurrently with other chats; only the model's own
    # work waits for its lock (the ModelGate inside runtime.generator).
    if not wants_stream:
        with ticket:
            await spare_the_model_if_gone(request)
            stream = events()
            try:
                async with cancel_on_disconnect(request, cancel):
                    while (event := await worker.next(stream, cancel)) is not None:
                        if isinstance(event, Done):
                            return event.result.to_json()
            finally:
                worker.close_later(stream)
        raise AssertionError("chat ended without a result")

    async def body_stream() -> AsyncIterator[str]:
        stream = events()
        try:
            while (event := await worker.next(stream, cancel)) is not None:
                if await request.is_disconnected():
                    return
                if isinstance(event, Started):
                    yield sse("session", {"session_id": event.session_id})
                elif isinstance(event, Delta):
                    yield sse("delta", {"text": event.text})
                elif isinstance(event, Done):
                    result = event.result.to_json()
                    yield sse("citations", result["citations"])
                    yield sse("done", result)
        except Exception as exc:  # any failure ends the stream with the promised event
            yield error_event(exc)
        finally:
            cancel.set()  # a no-op when finished; stops the model when the client left
            worker.close_later(stream)

    return TicketStream(ticket, body_stream(), media_type="text/event-stream",
                        headers={"Cache-Control": "no-store"})


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


@router.get("/api/sessions/{session_id}", response_model=schemas.Session,
            responses=errors(404, 422))
def get_session(session_id: SessionId, runtime: RuntimeDep) -> dict[str, Any]:
    """The turns of a conversation."""
    return {"session_id": session_id,
            "turns": [t.to_json() for t in runtime.sessions.turns(session_id)]}


@router.delete("/api/sessions/{session_id}", status_code=204, response_class=Response,
               responses=errors(403, 404, 422))
def delete_session(session_id: SessionId, runtime: RuntimeDep) -> Response:
    """Delete a conversation from this device."""
    runtime.sessions.delete(session_id)
    return Response(status_code=204)
