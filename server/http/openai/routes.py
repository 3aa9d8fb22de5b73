"""The /v1 routes: the models, a chat completion, 405 or 404 for anything else; each checks
the API key and answers its errors in OpenAI's shape, and OpenAPI lists no 422 for them."""

from __future__ import annotations

import calendar
import contextlib
import json
import logging
import secrets
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Path, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

from server.chat import MAX_MESSAGE_CHARS
from server.http import schemas
from server.http.openai.conversation import read_conversation
from server.http.openai.errors import APIError, OpenAIEdge, failure, invalid_body, is_v1
from server.http.openai.jobs import Metered, Outcome, gently, run_job, talk
from server.http.openai.reply import Reply, closing, headings
from server.http.openai.requests import GENTLY, MODELS, ChatCompletionRequest
from server.http.queue import Ticket
from server.http.responses import error_responses, event_stream, sse, stream_schema
from server.http.routes import QueueDep, RuntimeDep, WorkerDep, get_runtime
from server.http.security import LOOPBACK_NAMES
from server.http.worker import ClientGone, cancel_on_disconnect
from server.rephrase import MAX_TEXT_CHARS
from server.runtime import Runtime
from server.settings import Settings

log = logging.getLogger(__name__)


def check_key(request: Request) -> None:
    """With `api_key` set, every /v1 request must carry it as a bearer token."""
    settings = get_runtime(request).settings
    key = settings.api_key.get_secret_value() if settings.api_key else ""
    if not key:
        return
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(token.strip().encode(),
                                                                key.encode()):
        raise APIError(401, "Missing or incorrect API key: send `Authorization: Bearer <key>` "
                       "with the key in Reconnect's api_key setting (RECONNECT_API_KEY).",
                       code="invalid_api_key")


class OpenAIRoute(APIRoute):
    """A /v1 route: checks the key first, and answers every error in OpenAI's shape."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                check_key(request)
                return await handler(request)
            except RequestValidationError as exc:
                return invalid_body(exc).response()
            except HTTPException as exc:
                return APIError(exc.status_code, str(exc.detail)).response()
            except Exception as exc:
                return failure(exc).response()

        return route


router = APIRouter(route_class=OpenAIRoute, tags=["OpenAI-compatible"])

WHY = {400: "An invalid request (`param` names the field; malformed JSON included), or a "
            "Host this server does not answer to.",
       401: "A missing or wrong API key (only when the api_key setting is set).",
       403: "A request from another web page (its Origin is not this server's).",
       404: "No such model.",
       413: "The body is larger than the max_body_bytes setting.",
       499: "The client went away before the answer was finished.",
       500: "The answer failed (the log names the cause).",
       503: "Not ready (index, model or safety screen), or busy (with Retry-After)."}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI `responses` of a /v1 route's error statuses, all in OpenAI's shape."""
    return error_responses(WHY, statuses, lambda status: schemas.OpenAIError)


# A streamed completion, one Server-Sent Event at a time, as routes.STREAM describes /api/chat's.
STREAM = stream_schema({"type": "string", "description":
    "A chat.completion.chunk as JSON: `delta.role` first, then the verified text as it is "
    "produced, the help lines and Sources, a last chunk with `finish_reason: \"stop\"` "
    "and the `reconnect` field, the usage chunk when `stream_options.include_usage`; "
    "then `[DONE]`. An error after the stream began is OpenAI's `{\"error\": ...}`."})


def model_card(model: str, runtime: Runtime) -> dict[str, Any]:
    built = runtime.index.manifest.get("built_at")
    try:
        created = calendar.timegm(time.strptime(str(built), "%Y-%m-%dT%H:%M:%SZ"))
    except ValueError:
        created = 0
    return {"id": model, "object": "model", "created": created, "owned_by": "reconnect"}


def require_model(model: str) -> None:
    if model not in MODELS:
        raise APIError(404, f"The model '{model}' does not exist; Reconnect serves "
                       f"{' and '.join(repr(m) for m in MODELS)}.", "model", "model_not_found")


@router.get("/v1/models", response_model=schemas.ModelList, responses=errors(400, 401))
def list_models(runtime: RuntimeDep) -> dict[str, Any]:
    """The jobs, as models: `reconnect` (Talk) and `reconnect-gently` (Say it gently)."""
    return {"object": "list", "data": [model_card(m, runtime) for m in MODELS]}


@router.get("/v1/models/{model}", response_model=schemas.ModelCard,
            responses=errors(400, 401, 404))
def get_model(model: Annotated[str, Path(examples=list(MODELS))], runtime: RuntimeDep
              ) -> dict[str, Any]:
    """One model."""
    require_model(model)
    return model_card(model, runtime)


@router.post("/v1/chat/completions", response_model=schemas.ChatCompletion,
             responses={200: {"content": STREAM},
                        **errors(400, 401, 403, 404, 413, 499, 500, 503)})
async def chat_completions(body: ChatCompletionRequest, request: Request, runtime: RuntimeDep,
                           worker: WorkerDep, queue: QueueDep
                           ) -> dict[str, Any] | StreamingResponse:
    """Answer the conversation's last user message, as /api/chat or /api/rephrase would."""
    require_model(body.model)
    conversation = read_conversation(body.messages,
                                     MAX_TEXT_CHARS if body.model == GENTLY else MAX_MESSAGE_CHARS)
    meter = Metered(runtime.generator, body.temperature,
                    body.max_completion_tokens or body.max_tokens)
    if body.model == GENTLY:
        job = gently(runtime, meter if runtime.rephraser.generator is not None else None,
                     conversation)
    else:
        job = talk(runtime.chat, meter, conversation, headings(runtime.prompts))
    reply = Reply(body.model, body.include_usage)
    log.info("v1: model=%s stream=%s messages=%d", body.model, bool(body.stream),
             len(body.messages))
    cancel = ClientGone(request)
    ticket = queue.enter()  # Busy (503 with Retry-After) when too many are waiting

    if not body.stream:
        text = ""
        async with cancel_on_disconnect(request, cancel), ticket_held(ticket), \
                contextlib.aclosing(run_job(request, worker, job, cancel)) as items:
            async for item in items:
                if isinstance(item, Outcome):
                    content = text + closing(text, item, runtime.prompts)
                    return reply.whole(content, meter.usage(), item.data)
                text += item
        raise APIError(499, "The client went away before the answer was finished.")

    async def chunks() -> AsyncIterator[str]:
        yield reply.chunk({"role": "assistant", "content": ""})
        text = ""
        try:
            async with contextlib.aclosing(run_job(request, worker, job, cancel)) as items:
                async for item in items:
                    if isinstance(item, Outcome):
                        tail = closing(text, item, runtime.prompts)
                        if tail:
                            yield reply.chunk({"content": tail})
                        yield reply.chunk({}, "stop", reconnect=item.data)
                        if reply.include_usage:
                            yield reply.usage_chunk(meter.usage())
                        yield "data: [DONE]\n\n"
                        return
                    text += item
                    yield reply.chunk({"content": item})
        except Exception as exc:  # the stream has started: the error travels as an event
            yield sse(failure(exc).to_json())

    return event_stream(ticket, chunks())


@contextlib.asynccontextmanager
async def ticket_held(ticket: Ticket) -> AsyncIterator[None]:
    with ticket:
        yield


# Every method, so that a known path asked with another one is 405 here, with `Allow`, and an
# unknown path 404 whatever the method. It is the router's last route: the others match first.
# (A method not listed gets Starlette's 405, which OpenAIEdge puts in OpenAI's shape.)
ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "QUERY"]


@router.api_route("/v1/{path:path}", methods=ANY_METHOD, include_in_schema=False)
def unknown_endpoint(path: str, request: Request) -> None:
    """Anything else under /v1 (embeddings, completions, ...) is not served."""
    allowed = served_methods(f"/v1/{path}")
    if allowed:
        raise APIError(405, f"{request.method} is not allowed on /v1/{path}; it accepts "
                       f"{' and '.join(allowed)}.", code="method_not_allowed",
                       headers={"Allow": ", ".join(allowed)})
    raise APIError(404, f"Reconnect does not serve {request.method} /v1/{path}; it serves "
                   "GET /v1/models and POST /v1/chat/completions.", code="unknown_url")


def served_methods(path: str) -> list[str]:
    """The methods /v1 answers at `path` (none for a path it does not serve)."""
    return sorted({method for route in router.routes
                   if isinstance(route, APIRoute) and route.endpoint is not unknown_endpoint
                   and route.path_regex.match(path) for method in route.methods or ()})


def include_openai(app: FastAPI, settings: Settings) -> None:
    """Add /v1 to the app, and warn when it is open to other machines without a key."""
    app.include_router(router)
    app.add_middleware(OpenAIEdge)  # added last, so outermost: it sees every edge error
    schema = app.openapi

    def openapi() -> dict[str, Any]:
        return without_422(schema())

    app.openapi = openapi  # type: ignore[method-assign]
    if settings.host not in LOOPBACK_NAMES and not (settings.api_key and
                                                    settings.api_key.get_secret_value()):
        log.warning("the OpenAI-compatible API (/v1) has no key and the server listens on %s: "
                    "set RECONNECT_API_KEY to require one", settings.host)


def without_422(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema without the 422 FastAPI gives every route with parameters: /v1 answers an
    invalid request with 400, as OpenAI does, and never with 422."""
    for path, operations in schema.get("paths", {}).items():
        if is_v1(path):
            for operation in operations.values():
                operation.get("responses", {}).pop("422", None)
    components = schema.get("components", {}).get("schemas", {})
    if "HTTPValidationError" not in json.dumps(schema.get("paths", {})):
        components.pop("HTTPValidationError", None)  # FastAPI's, added for /v1 alone
        components.pop("ValidationError", None)
    return schema
