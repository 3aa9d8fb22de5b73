"""The HTTP API: an app factory whose lifespan loads the index and models once.

Routes stay thin: they validate input (a 422 names the field), call the pipeline,
and shape JSON. The language model is not thread-safe, so every generation runs on
one inference thread while holding one lock for its whole length, streaming
included: concurrent requests queue instead of corrupting each other.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from indexer.embedding import Embedder
from server.chat import MAX_MESSAGE_CHARS, Delta, Done, Event, Started
from server.errors import ReconnectError, SessionNotFound
from server.llm import Generator
from server.rephrase import MAX_TEXT_CHARS
from server.resources import Resources, load_resources
from server.settings import Settings, get_settings
from server.web import mount_web

MAX_TOPIC_CHARS = 1000


def not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or only whitespace")
    return value


Topic = Annotated[str, AfterValidator(not_blank),
                  Query(min_length=1, max_length=MAX_TOPIC_CHARS,
                        description="What to find passages about.")]
TopK = Annotated[int, Query(ge=1, le=20, description="How many excerpts, 1 to 20.")]


class ChatRequest(BaseModel):
    """A message in a conversation; `session_id` null starts a new one."""

    model_config = ConfigDict(extra="forbid")

    message: Annotated[str, AfterValidator(not_blank),
                       Field(min_length=1, max_length=MAX_MESSAGE_CHARS)]
    session_id: str | None = Field(None, max_length=64)
    stream: bool = False


class RephraseRequest(BaseModel):
    """What the person wants to say to their partner."""

    model_config = ConfigDict(extra="forbid")

    text: Annotated[str, AfterValidator(not_blank),
                    Field(min_length=1, max_length=MAX_TEXT_CHARS)]


class Worker:
    """One inference thread and one lock: whole generations run one at a time."""

    def __init__(self) -> None:
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="inference")
        self.lock = asyncio.Lock()

    async def next(self, events: Iterator[Event]) -> Event | None:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, next, events, None)

    def close_later(self, events: Iterator[Event]) -> None:
        """Stop a generation; queued on the inference thread, so it runs before the next one."""
        close = getattr(events, "close", None)
        if close is not None:
            self.executor.submit(_quietly, close)


def _quietly(close: Any) -> None:
    with contextlib.suppress(Exception):  # a cancelled generation may raise while closing
        close()


def get_resources(request: Request) -> Resources:
    resources: Resources = request.app.state.resources
    return resources


def get_worker(request: Request) -> Worker:
    worker: Worker = request.app.state.worker
    return worker


ResourcesDep = Annotated[Resources, Depends(get_resources)]
WorkerDep = Annotated[Worker, Depends(get_worker)]


def sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def create_app(settings: Settings | None = None, *, embedder: Embedder | None = None,
               generator: Generator | None = None) -> FastAPI:
    """Build the app; `embedder` and `generator` let tests share or fake the models."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.resources = load_resources(settings, embedder=embedder, generator=generator)
        app.state.worker = Worker()
        yield
        app.state.worker.executor.shutdown(wait=True)
        app.state.resources.close()

    app = FastAPI(title="Reconnect", version="0.1.0", lifespan=lifespan,
                  description="A local, private assistant for feeling distant from a partner.")

    @app.exception_handler(ReconnectError)
    async def reconnect_error(request: Request, exc: ReconnectError) -> JSONResponse:
        status = 404 if isinstance(exc, SessionNotFound) else 503
        return JSONResponse({"detail": str(exc), "type": type(exc).__name__}, status_code=status)

    @app.get("/health")
    def health(resources: ResourcesDep) -> dict[str, Any]:
        """Status, the index manifest summary and the model ids."""
        return resources.health()

    @app.get("/api/excerpts")
    def excerpts(resources: ResourcesDep, topic: Topic, k: TopK = 3) -> dict[str, Any]:
        """Cited excerpts on a topic; empty when the article does not cover it.

        The topic is screened first: a disclosure gets the safety reply, not excerpts.
        """
        screened = resources.screen.screen(topic)
        if screened.flagged:
            return {"topic": topic, "excerpts": [], "safety": resources.screen.reply(screened)}
        found = resources.retriever.search(topic, k)
        return {"topic": topic, "excerpts": [e.to_json() for e in found], "safety": None}

    @app.post("/api/rephrase")
    async def rephrase(body: RephraseRequest, resources: ResourcesDep,
                       worker: WorkerDep) -> dict[str, Any]:
        """A gentler opening that leads with longing, with checks, notes and a citation."""
        loop = asyncio.get_running_loop()
        async with worker.lock:
            result = await loop.run_in_executor(worker.executor,
                                                resources.rephraser.rephrase, body.text)
        return result.to_json()

    @app.get("/api/passage")
    def passage(resources: ResourcesDep,
                doc: Annotated[str, Query(max_length=200, description="Document id.")],
                start: Annotated[int, Query(ge=0, description="Quote start offset.")],
                end: Annotated[int, Query(ge=1, description="Quote end offset.")]
                ) -> dict[str, Any]:
        """The paragraph around a quote, for showing a citation in context."""
        found = resources.retriever.context(doc, start, end)
        if found is None:
            raise HTTPException(404, detail="no paragraph of that document holds those offsets")
        para, section = found
        return {"doc": doc, "section": section, "paragraph": para.text,
                "quote_start": start - para.start, "quote_end": end - para.start,
                "quote": para.text[start - para.start:end - para.start]}

    @app.post("/api/chat", response_model=None)
    async def chat(body: ChatRequest, request: Request, resources: ResourcesDep,
                   worker: WorkerDep,
                   accept: Annotated[str, Header()] = "") -> dict[str, Any] | StreamingResponse:
        """Answer a message; streams Server-Sent Events when asked (stream or Accept)."""
        if body.session_id is not None:
            resources.sessions.require(body.session_id)  # 404 before anything starts
        wants_stream = body.stream or "text/event-stream" in accept

        cancel = threading.Event()

        def events() -> Iterator[Event]:
            return resources.chat.stream(body.message, body.session_id, cancel=cancel)

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
                except ReconnectError as exc:
                    yield sse("error", {"detail": str(exc), "type": type(exc).__name__})
                finally:
                    cancel.set()  # a no-op when finished; stops the model when the client left
                    worker.close_later(stream)

        return StreamingResponse(body_stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store"})

    @app.get("/api/sessions/{session_id}")
    def get_session(session_id: str, resources: ResourcesDep) -> dict[str, Any]:
        """The turns of a conversation."""
        return {"session_id": session_id,
                "turns": [t.to_json() for t in resources.sessions.turns(session_id)]}

    @app.delete("/api/sessions/{session_id}", status_code=204)
    def delete_session(session_id: str, resources: ResourcesDep) -> Response:
        """Delete a conversation from this device."""
        resources.sessions.delete(session_id)
        return Response(status_code=204)

    mount_web(app)
    return app
