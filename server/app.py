"""The HTTP API: an app factory whose lifespan loads the index and models once.

Routes stay thin: they validate input (a 422 names the field), call the pipeline,
and shape JSON. Errors from the pipeline are translated to HTTP in one handler.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import JSONResponse
from pydantic import AfterValidator

from indexer.embedding import Embedder
from server.errors import ReconnectError, SessionNotFound
from server.resources import Resources, load_resources
from server.settings import Settings, get_settings

MAX_TOPIC_CHARS = 1000


def not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or only whitespace")
    return value


Topic = Annotated[str, AfterValidator(not_blank),
                  Query(min_length=1, max_length=MAX_TOPIC_CHARS,
                        description="What to find passages about.")]
TopK = Annotated[int, Query(ge=1, le=20, description="How many excerpts, 1 to 20.")]


def get_resources(request: Request) -> Resources:
    resources: Resources = request.app.state.resources
    return resources


ResourcesDep = Annotated[Resources, Depends(get_resources)]


def create_app(settings: Settings | None = None, *, embedder: Embedder | None = None) -> FastAPI:
    """Build the app; `embedder` lets tests share one already-loaded model."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.resources = load_resources(settings, embedder=embedder)
        yield

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
        """Cited excerpts on a topic; empty when the article does not cover it."""
        found = resources.retriever.search(topic, k)
        return {"topic": topic, "excerpts": [e.to_json() for e in found]}

    return app
