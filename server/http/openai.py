"""An OpenAI-compatible API at /v1, so the chat clients people already use can talk to Reconnect.

Two jobs are offered as models: `reconnect` (Talk) and `reconnect-gently` (Say it gently).
The conversation is the request's `messages`, and nothing is stored: earlier user and
assistant turns become the history a stored session would hold (their safety records
screened again, in order), and the last user message is answered by the same pipeline,
safety screen and verifier as /api/chat. System messages are ignored: a client cannot
change the product's rules. The reply reads well in any client (the answer with its [n]
markers, help lines when the screen flagged the message, then a Sources list), and the
structured data travel in an extra top-level `reconnect` field that clients ignore.

Errors on /v1, and only there, take OpenAI's shape, `{"error": {"message", "type", "param",
"code"}}`: OpenAIRoute translates the routes' errors and OpenAIEdge those the middleware
answers before any route runs (Host, Origin, body size, malformed JSON), so /api keeps its
own. As OpenAI does, an invalid body is 400, never 422. Each route declares every status it
answers, with its body model (server/http/schemas.py); a known path asked with another
method is 405 with `Allow`, an unknown one 404.
"""

from __future__ import annotations

import calendar
import contextlib
import copy
import json
import logging
import re
import secrets
import threading
import time
import traceback
import uuid
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Coroutine, Iterator
from dataclasses import dataclass, field, replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, FastAPI, Path, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.types import Message as ASGIMessage

from indexer.errors import IndexerError
from server.chat import MAX_MESSAGE_CHARS
from server.chat.pipeline import ChatPipeline, Delta, Done
from server.chat.sessions import Turn
from server.errors import ReconnectError, http_status
from server.http import schemas
from server.http.queue import Ticket, WaitQueue
from server.http.routes import TicketStream
from server.http.worker import ClientGone, Worker, cancel_on_disconnect
from server.llm import GenerationParams, Generator, Message
from server.prompts import Prompts
from server.rephrase import MAX_TEXT_CHARS
from server.runtime import Runtime
from server.safety.screen import SafetyScreen
from server.settings import Settings

log = logging.getLogger(__name__)

TALK = "reconnect"
GENTLY = "reconnect-gently"
MODELS = (TALK, GENTLY)
MAX_MESSAGES = 100  # a conversation longer than this is refused, not silently cut
MAX_ASSISTANT_CHARS = 16_000  # earlier replies come back with their Sources and help lines
LOOPBACK = ("127.0.0.1", "::1", "localhost")

_MARKER = re.compile(r"\s*\[\d+\]")  # as the chat pipeline strips them from earlier turns


# --- errors -----------------------------------------------------------------------------------
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
        log.error("v1 request failed: %s: %s", type(exc).__name__, exc)
        return APIError(http_status(exc), str(exc), code=type(exc).__name__,
                        headers=getattr(exc, "headers", None))
    # Other exceptions' messages can quote their input, so only the type and frames are logged.
    log.error("v1 request failed: %s\n%s", type(exc).__name__,
              "".join(traceback.format_tb(exc.__traceback__)))
    return APIError(500, "Something went wrong while answering; please try again.")


def check_key(request: Request) -> None:
    """With `api_key` set, every /v1 request must carry it as a bearer token."""
    settings: Settings = request.app.state.runtime.settings
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


# --- the request ------------------------------------------------------------------------------
class ContentPart(BaseModel):
    """One part of a message's content; only text parts are read."""

    model_config = ConfigDict(extra="allow")

    type: str
    text: str | None = None


def as_parts(content: Any) -> Any:
    """A string (or null) as one text part, so every error names `content` itself."""
    if content is None:
        return []
    if isinstance(content, str):
        return [{"type": "text", "text": content}]
    if not isinstance(content, list):
        raise ValueError("must be a string or an array of content parts")
    return content


class ChatMessage(BaseModel):
    """One message of the conversation; fields Reconnect does not use are ignored."""

    model_config = ConfigDict(extra="allow")

    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: Annotated[list[ContentPart], BeforeValidator(as_parts)] = Field(
        default_factory=list, description="A string, or an array of parts (text is read).")

    def text(self) -> str:
        return "\n".join(p.text for p in self.content
                         if p.type in ("text", "input_text") and p.text is not None)


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="allow")

    include_usage: bool | None = False


class ChatCompletionRequest(BaseModel):
    """OpenAI's chat completion body. Unknown optional fields are ignored, not refused."""

    model_config = ConfigDict(extra="ignore")

    model: str = Field(description=f"`{TALK}` (Talk) or `{GENTLY}` (Say it gently).")
    messages: list[ChatMessage] = Field(
        description="The conversation; the last message must be the person's.")
    stream: bool | None = False
    stream_options: StreamOptions | None = None
    temperature: float | None = Field(
        None, ge=0.0, le=2.0, description="Sampling temperature for the local model's drafts.")
    max_tokens: int | None = Field(
        None, ge=1, description="Caps the tokens the local model drafts (never raises the "
        "server's own cap); the reply may be longer, as it quotes the article.")
    max_completion_tokens: int | None = Field(None, ge=1, description="Same as max_tokens.")
    user: str | None = Field(None, description="Accepted and ignored; never logged.")


@dataclass(frozen=True)
class Conversation:
    """The message to answer, and the user and assistant turns before it."""

    message: str
    earlier: list[tuple[str, str]]  # (role, text), oldest first

    def history(self, screen: SafetyScreen, cut_at: list[str]) -> list[Turn]:
        """The turns as a stored session holds them: each user turn with its safety record
        (screened again, in order, so signals accumulate), each reply cut back to its answer."""
        turns: list[Turn] = []
        records: list[dict[str, Any] | None] = []
        for role, text in self.earlier:
            if role == "user":
                record = screen.screen(text, records).record()
                records.append(record)
                turns.append(Turn("user", text, safety=record))
            else:
                turns.append(Turn("assistant", answer_of(text, cut_at)))
        return turns


def answer_of(reply: str, cut_at: list[str]) -> str:
    """An earlier reply without its help lines, Sources list and [n] markers."""
    for heading in cut_at:
        at = reply.find(f"\n\n{heading}\n")
        if at >= 0:
            reply = reply[:at]
    return _MARKER.sub("", reply).strip()


def read_conversation(messages: list[ChatMessage], limit: int) -> Conversation:
    """Check the messages and split them into the question and its history."""
    if not messages:
        raise APIError(400, "'messages' must contain at least one message.", "messages",
                       "empty_array")
    if len(messages) > MAX_MESSAGES:
        raise APIError(400, f"'messages' holds {len(messages)} messages; at most "
                       f"{MAX_MESSAGES} are accepted.", "messages", "array_above_max_length")
    turns = [(i, m.role, m.text()) for i, m in enumerate(messages)
             if m.role in ("user", "assistant")]
    for i, role, text in turns:
        most = MAX_MESSAGE_CHARS if role == "user" else MAX_ASSISTANT_CHARS
        if len(text) > most:
            raise APIError(400, f"messages[{i}].content is {len(text)} characters long; a "
                           f"{role} message can be at most {most}.", f"messages[{i}].content",
                           "string_above_max_length")
    if not any(role == "user" for _, role, _ in turns):
        raise APIError(400, "'messages' must include a user message for Reconnect to answer.",
                       "messages", "no_user_message")
    last, role, text = turns[-1]
    if role != "user":
        raise APIError(400, f"messages[{last}] is an assistant message; the conversation must "
                       "end with the user message Reconnect should answer.",
                       f"messages[{last}].role", "last_message_not_user")
    if not text.strip():
        raise APIError(400, f"messages[{last}].content must not be empty or only whitespace.",
                       f"messages[{last}].content", "empty_string")
    if len(text) > limit:
        raise APIError(400, f"messages[{last}].content is {len(text)} characters long; this "
                       f"model takes at most {limit}.", f"messages[{last}].content",
                       "string_above_max_length")
    earlier: list[tuple[str, str]] = [(r, t) for _, r, t in turns[:-1] if t.strip()]
    return Conversation(text, earlier)


# --- running a job ----------------------------------------------------------------------------
class Metered:
    """The runtime's model behind the same Generator seam, for one request: counts the tokens
    it reads and writes, and applies the request's temperature and max_tokens."""

    def __init__(self, inner: Generator, temperature: float | None,
                 max_tokens: int | None) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.n_ctx = inner.n_ctx
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.prompt_tokens = 0
        self.completion_tokens = 0

    def render(self, messages: list[Message]) -> str:
        return self.inner.render(messages)

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def stream(self, prompt: str, params: GenerationParams) -> Iterator[str]:
        if self.temperature is not None:
            params = replace(params, temperature=self.temperature)
        if self.max_tokens is not None:
            params = replace(params, max_tokens=min(params.max_tokens, self.max_tokens))
        self.prompt_tokens += self.inner.count_tokens(prompt)
        pieces = self.inner.stream(prompt, params)
        try:
            for piece in pieces:
                self.completion_tokens += 1
                yield piece
        finally:
            close = getattr(pieces, "close", None)
            if close is not None:
                close()

    def usage(self) -> dict[str, int]:
        return {"prompt_tokens": self.prompt_tokens,
                "completion_tokens": self.completion_tokens,
                "total_tokens": self.prompt_tokens + self.completion_tokens}


@dataclass(frozen=True)
class Outcome:
    """How a job ended: what the reply needs after its text, and the structured data."""

    citations: list[dict[str, Any]]
    safety: dict[str, Any] | None
    data: dict[str, Any] = field(default_factory=dict)


Item = str | Outcome  # text to show, then the outcome
Job = Callable[[threading.Event], Iterator[Item]]


def talk(chat: ChatPipeline, conversation: Conversation, cut_at: list[str]) -> Job:
    """The Talk job on the conversation, as /api/chat runs it but storing nothing."""

    def run(cancel: threading.Event) -> Iterator[Item]:
        history = conversation.history(chat.screen, cut_at)
        for event in chat.respond(conversation.message, history, cancel=cancel):
            if isinstance(event, Delta):
                yield event.text
            elif isinstance(event, Done):
                data = event.result.to_json()
                del data["session_id"]  # there is no session: the client keeps the conversation
                yield Outcome(data["citations"], data["safety"], {"job": "talk", **data})

    return run


def gently(runtime: Runtime, generator: Generator | None, conversation: Conversation) -> Job:
    """Say it gently on the last user message: the opening, alternatives and notes."""

    def run(cancel: threading.Event) -> Iterator[Item]:
        rephraser = copy.copy(runtime.rephraser)
        rephraser.generator = generator
        result = rephraser.rephrase(conversation.message).to_json()
        safety = result["safety"]
        yield (safety["message"] if safety else
               runtime.prompts.render("openai_gently.j2", **result))
        yield Outcome(result["citations"], safety, {"job": "gently", **result})

    return run


async def run_job(request: Request, worker: Worker, job: Job,
                  cancel: threading.Event) -> AsyncGenerator[Item, None]:
    """The job's items, each step on a worker thread; only its drafts wait for the model (the
    gate in front of it). A client that has gone stops it (`cancel`, checked at every token
    and while waiting for the model)."""
    items = job(cancel)
    try:
        while (item := await worker.next(items, cancel)) is not None:
            if await request.is_disconnected():
                return
            yield item
    finally:
        cancel.set()  # a no-op when finished; stops the model when the client left
        worker.close_later(items)


# --- the reply --------------------------------------------------------------------------------
def closing(text: str, outcome: Outcome, prompts: Prompts) -> str:
    """What follows the answer: the safety message when the answer lacks it, the help lines,
    then the Sources its [n] markers cite."""
    blocks = []
    safety = outcome.safety
    if safety:
        if safety["message"] not in text:
            blocks.append(safety["message"])
        if safety.get("resources"):
            blocks.append(prompts.render("openai_help.j2", resources=safety["resources"]))
    cited = [c for c in outcome.citations if f"[{c['n']}]" in text]
    if cited:
        blocks.append(prompts.render("openai_sources.j2", citations=cited))
    return "".join(f"\n\n{b}" for b in blocks)


def headings(prompts: Prompts) -> list[str]:
    """The headings of the blocks `closing` adds, to cut earlier replies back to the answer."""
    return [prompts.render("openai_help.j2", resources=[]),
            prompts.render("openai_sources.j2", citations=[])]


@dataclass
class Reply:
    """One completion's id and shape, for the whole response or its chunks."""

    model: str
    include_usage: bool = False
    id: str = field(default_factory=lambda: f"chatcmpl-{uuid.uuid4().hex}")
    created: int = field(default_factory=lambda: int(time.time()))

    def _base(self, kind: str) -> dict[str, Any]:
        return {"id": self.id, "object": kind, "created": self.created, "model": self.model,
                "system_fingerprint": None}

    def whole(self, content: str, usage: dict[str, int], data: dict[str, Any]
              ) -> dict[str, Any]:
        return {**self._base("chat.completion"),
                "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                             "message": {"role": "assistant", "content": content,
                                         "refusal": None}}],
                "usage": usage, "reconnect": data}

    def chunk(self, delta: dict[str, Any], finish: str | None = None,
              **extra: Any) -> str:
        body = {**self._base("chat.completion.chunk"),
                "choices": [{"index": 0, "delta": delta, "logprobs": None,
                             "finish_reason": finish}], **extra}
        if self.include_usage:
            body.setdefault("usage", None)
        return sse(body)

    def usage_chunk(self, usage: dict[str, int]) -> str:
        return sse({**self._base("chat.completion.chunk"), "choices": [], "usage": usage})


def sse(data: Any) -> str:
    return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"


# --- routes -----------------------------------------------------------------------------------
router = APIRouter(route_class=OpenAIRoute, tags=["OpenAI-compatible"])


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI `responses` of a /v1 route's error statuses, all in OpenAI's shape."""
    why = {400: "An invalid request (`param` names the field; malformed JSON included), or a "
                "Host this server does not answer to.",
           401: "A missing or wrong API key (only when the api_key setting is set).",
           403: "A request from another web page (its Origin is not this server's).",
           404: "No such model.",
           413: "The body is larger than the max_body_bytes setting.",
           499: "The client went away before the answer was finished.",
           500: "The answer failed (the log names the cause).",
           503: "Not ready (index, model or safety screen), or busy (with Retry-After)."}
    return {status: {"model": schemas.OpenAIError, "description": why[status]}
            for status in statuses}


# A streamed completion, one Server-Sent Event at a time (OpenAPI 3.1: the schema of an event
# stream describes each event), as routes.STREAM describes /api/chat's.
STREAM: dict[str, Any] = {"text/event-stream": {"schema": {
    "type": "object", "required": ["data"],
    "properties": {"data": {"type": "string", "description":
        "A chat.completion.chunk as JSON: `delta.role` first, then the verified text as it is "
        "produced, the help lines and Sources, a last chunk with `finish_reason: \"stop\"` "
        "and the `reconnect` field, the usage chunk when `stream_options.include_usage`; "
        "then `[DONE]`. An error after the stream began is OpenAI's `{\"error\": ...}`."}}}}}


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
def list_models(request: Request) -> dict[str, Any]:
    """The jobs, as models: `reconnect` (Talk) and `reconnect-gently` (Say it gently)."""
    runtime: Runtime = request.app.state.runtime
    return {"object": "list", "data": [model_card(m, runtime) for m in MODELS]}


@router.get("/v1/models/{model}", response_model=schemas.ModelCard,
            responses=errors(400, 401, 404))
def get_model(model: Annotated[str, Path(examples=list(MODELS))], request: Request
              ) -> dict[str, Any]:
    """One model."""
    require_model(model)
    return model_card(model, request.app.state.runtime)


@router.post("/v1/chat/completions", response_model=schemas.ChatCompletion,
             responses={200: {"content": STREAM},
                        **errors(400, 401, 403, 404, 413, 499, 500, 503)})
async def chat_completions(body: ChatCompletionRequest, request: Request
                           ) -> dict[str, Any] | StreamingResponse:
    """Answer the conversation's last user message, as /api/chat or /api/rephrase would."""
    runtime: Runtime = request.app.state.runtime
    worker: Worker = request.app.state.worker
    queue: WaitQueue = request.app.state.queue
    require_model(body.model)
    conversation = read_conversation(body.messages,
                                     MAX_TEXT_CHARS if body.model == GENTLY else MAX_MESSAGE_CHARS)
    meter = Metered(runtime.generator, body.temperature,
                    body.max_completion_tokens or body.max_tokens)
    if body.model == GENTLY:
        job = gently(runtime, meter if runtime.rephraser.generator is not None else None,
                     conversation)
    else:
        chat = copy.copy(runtime.chat)
        chat.generator = meter
        job = talk(chat, conversation, headings(runtime.prompts))
    include_usage = bool(body.stream_options and body.stream_options.include_usage)
    reply = Reply(body.model, include_usage)
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
                        if include_usage:
                            yield reply.usage_chunk(meter.usage())
                        yield "data: [DONE]\n\n"
                        return
                    text += item
                    yield reply.chunk({"content": item})
        except Exception as exc:  # the stream has started: the error travels as an event
            yield sse(failure(exc).to_json())

    return TicketStream(ticket, chunks(), media_type="text/event-stream",
                        headers={"Cache-Control": "no-store"})


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
    if settings.host not in LOOPBACK and not (settings.api_key and
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
