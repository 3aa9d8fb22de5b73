"""The HTTP app: a factory whose lifespan loads the index and models once.

Routes live on an APIRouter (server/http/routes.py); every error the project raises
carries its HTTP status (server/errors.py) and is turned into JSON here, in one handler.
Every request first passes the edge: Host and Origin checks and security headers
(security.py), the body limit and strict JSON (bodies.py), and OPTIONS (conformance.py).
The interactive /docs pages are off: they load their scripts from a CDN. The schema is
at /openapi.json.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from indexer.embedding import Embedder
from indexer.errors import IndexerError
from server.errors import ReconnectError, error_body, http_status
from server.http.bodies import BodyGuard
from server.http.conformance import AllowAllMethods, ErrorBody, validation_error
from server.http.openai import include_openai
from server.http.queue import WaitQueue
from server.http.routes import router
from server.http.security import SecurityMiddleware, allowed_hosts
from server.http.web import mount_web
from server.http.worker import Worker
from server.llm import Generator
from server.runtime import load_runtime
from server.settings import Settings, get_settings


def create_app(settings: Settings | None = None, *, embedder: Embedder | None = None,
               generator: Generator | None = None) -> FastAPI:
    """Build the app; `embedder` and `generator` let tests share or fake the models."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.runtime = load_runtime(settings, embedder=embedder, generator=generator)
        app.state.queue = WaitQueue(settings.max_waiting,
                                    app.state.runtime.drafts_at_once)
        app.state.worker = Worker.for_queue(app.state.queue)
        yield
        app.state.worker.shutdown()
        app.state.runtime.close()

    app = FastAPI(title="Reconnect", version="0.1.0", lifespan=lifespan,
                  description="A local, private assistant for feeling distant from a partner.",
                  docs_url=None, redoc_url=None,
                  responses={400: {"model": ErrorBody,
                                   "description": "The Host is not one this server answers to."}})
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_middleware(AllowAllMethods, schema=app.openapi)
    app.add_middleware(BodyGuard, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityMiddleware,
                       hosts=allowed_hosts(settings.host, settings.allowed_hosts))

    @app.exception_handler(ReconnectError)
    @app.exception_handler(IndexerError)
    async def project_error(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(error_body(exc), status_code=http_status(exc),
                            headers=getattr(exc, "headers", None))

    app.include_router(router)
    include_openai(app, settings)
    mount_web(app)
    return app
