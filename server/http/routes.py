"""The JSON API's routes. They validate input (a 422 names the field), call one job's
function, and shape JSON; errors are mapped to statuses in one place (server/http/app.py).
"""

from __future__ import annotations

import json
import logging
import threading
import traceback
from collections.abc import AsyncIterator, Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from server.chat import MAX_MESSAGE_CHARS
from server.chat.pipeline import Delta, Done, Event, Started
from server.errors import ReconnectError, error_body
from server.excerpts import DEFAULT_K, MAX_K, MAX_TOPIC_CHARS, MIN_K, find_excerpts
from server.http.worker import Worker
from server.rephrase import MAX_TEXT_CHARS
from server.runtime import Runtime

log = logging.getLogger(__name__)
MAX_SESSION_ID_CHARS = 64


def not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or only whitespace")
    return value


Topic = Annotated[str, AfterValidator(not_blank),
                  Query(min_length=1, max_length=MAX_TOPIC_CHARS,
                        description="What to find passages about.")]
TopK = Annotated[int, Query(ge=MIN_K, le=MAX_K, description=f"How many excerpts, {MIN_K} to "
                                                            f"{MAX_K}.")]


class ChatRequest(BaseModel):
    """A message in a conversation; `session_id` null starts a new one."""

    model_config = ConfigDict(extra="forbid")

    message: Annotated[str, AfterValidator(not_blank),
                       Field(min_length=1, max_length=MAX_MESSAGE_CHARS)]
    session_id: str | None = Field(None, max_length=MAX_SESSION_ID_CHARS)
    stream: bool = False


class RephraseRequest(BaseModel):
    """What the person wants to say to their partner."""

    model_config = ConfigDict(extra="forbid")

    text: Annotated[str, AfterValidator(not_blank),
                    Field(min_length=1, max_length=MAX_TEXT_CHARS)]


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def get_worker(request: Request) -> Worker:
    worker: Worker = request.app.state.worker
    return worker


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
WorkerDep = Annotated[Worker, Depends(get_worker)]
router = APIRouter()


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


@router.get("/health")
def health(runtime: RuntimeDep) -> dict[str, Any]:
    """Status, the index manifest summary and the model ids."""
    return runtime.health()


@router.get("/api/excerpts")
def excerpts(runtime: RuntimeDep, topic: Topic, k: TopK = DEFAULT_K) -> dict[str, Any]:
    """Cited excerpts on a topic; empty when the article does not cover it.

    The topic is screened first: a disclosure gets the safety reply, not excerpts.
    """
    return find_excerpts(runtime.screen, runtime.retriever, topic, k).to_json()


@router.post("/api/rephrase")
async def rephrase(body: RephraseRequest, runtime: RuntimeDep,
                   worker: WorkerDep) -> dict[str, Any]:
    """A gentler opening that leads with longing, with checks, notes and a citation."""
    async with worker.lock:
        result = await worker.run(runtime.rephraser.rephrase, body.text)
    return result.to_json()


@router.get("/api/passage")
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


@router.post("/api/chat", response_model=None)
async def chat(body: ChatRequest, request: Request, runtime: RuntimeDep, worker: WorkerDep,
               accept: Annotated[str, Header()] = "") -> dict[str, Any] | StreamingResponse:
    """Answer a message; streams Server-Sent Events when asked (stream or Accept)."""
    if body.session_id is not None:
        runtime.sessions.require(body.session_id)  # 404 before anything starts
    wants_stream = body.stream or "text/event-stream" in accept
    cancel = threading.Event()

    def events() -> Iterator[Event]:
        return runtime.chat.stream(body.message, body.session_id, cancel=cancel)

    if not wants_stream:
        async with worker.lock:
            stream = events()
            try:
                while (event := await worker.next(stream)) is not None:
                    if isinstance(event, Done):
                        return event.result.to_json()
            finally:
                worker.close_later(stream)
        raise AssertionError("chat ended without a result")

    async def body_stream() -> AsyncIterator[str]:
        async with worker.lock:
            stream = events()
            try:
                while (event := await worker.next(stream)) is not None:
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

    return StreamingResponse(body_stream(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store"})


@router.get("/api/sessions/{session_id}")
def get_session(session_id: str, runtime: RuntimeDep) -> dict[str, Any]:
    """The turns of a conversation."""
    return {"session_id": session_id,
            "turns": [t.to_json() for t in runtime.sessions.turns(session_id)]}


@router.delete("/api/sessions/{session_id}", status_code=204)
def delete_session(session_id: str, runtime: RuntimeDep) -> Response:
    """Delete a conversation from this device."""
    runtime.sessions.delete(session_id)
    return Response(status_code=204)
