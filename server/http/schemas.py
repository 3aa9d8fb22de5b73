"""The JSON API's response bodies, as pydantic models of the jobs' `to_json()` fields.

They put types into the OpenAPI schema (so a schema check can prove something) and
validate what the routes return. Each allows extra fields, so a job that adds one shows
it at once; add it here too, to document it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from server.chat.pipeline import Citation  # one wire shape: the dataclass the pipeline returns


class Body(BaseModel):
    model_config = ConfigDict(extra="allow")


class HelpLine(Body):
    name: str
    contact: str
    region: str
    note: str


class Safety(Body):
    """What the safety screen found; when present, the job did not run."""

    category: str
    action: str
    resources: list[HelpLine]
    message: str


class Excerpt(Body):
    """A quote that is exactly `corpus/<doc>.md`'s text at [start:end]."""

    doc: str
    section: str
    quote: str
    start: int
    end: int
    score: float


class Excerpts(Body):
    topic: str
    excerpts: list[Excerpt]
    safety: Safety | None


class ChatAnswer(Body):
    session_id: str
    answer: str
    citations: list[Citation]
    grounding: Literal["generated", "extractive", "none"]
    safety: Safety | None
    suggestion: Suggestion | None = None


class Suggestion(Body):
    """Another job to open with the person's words: "what should I say" opens Say it gently."""

    job: Literal["rephrase"]
    text: str


class Check(Body):
    pass_: bool
    why: str

    model_config = ConfigDict(extra="allow", populate_by_name=True,
                              alias_generator=lambda name: name.rstrip("_"))


class Rephrasing(Body):
    rephrased: str
    alternatives: list[str]
    changes: list[str]
    checks: dict[str, Check]
    citations: list[Citation]
    needs_clarification: bool
    question: str | None
    safety: Safety | None


class Passage(Body):
    doc: str
    section: str
    paragraph: str
    quote_start: int
    quote_end: int
    quote: str


class Turn(Body):
    role: Literal["user", "assistant"]
    content: str
    grounding: str | None
    citations: list[dict[str, Any]]
    safety: dict[str, Any] | None
    created_at: str


class Session(Body):
    session_id: str
    turns: list[Turn]


class IndexSummary(Body):
    folder: str | None = None  # only for callers on this machine
    format_version: int
    built_at: str | None
    documents: dict[str, dict[str, str]]
    counts: dict[str, int]


class Health(Body):
    status: str
    index: IndexSummary
    models: dict[str, str]


# --- /v1, in OpenAI's shapes (server/http/openai/) ---------------------------------------------
class OpenAIErrorDetail(Body):
    """What went wrong: `param` names the field (`messages[2].content`), `code` the problem."""

    message: str
    type: Literal["invalid_request_error", "server_error"]
    param: str | None
    code: str | None


class OpenAIError(Body):
    """Every error on /v1, in OpenAI's shape."""

    error: OpenAIErrorDetail


class ModelCard(Body):
    """A job, as a model."""

    id: str
    object: Literal["model"]
    created: int
    owned_by: str


class ModelList(Body):
    object: Literal["list"]
    data: list[ModelCard]


class TalkReply(Body):
    """Talk's result: /api/chat's answer, without a session id (nothing is stored)."""

    job: Literal["talk"]
    answer: str
    citations: list[Citation]
    grounding: Literal["generated", "extractive", "none"]
    safety: Safety | None


class GentlyReply(Rephrasing):
    """Say it gently's result, as /api/rephrase answers it."""

    job: Literal["gently"]


class AssistantMessage(Body):
    role: Literal["assistant"]
    content: str = Field(description="The text to read: the answer with its [n] markers, the "
                         "help lines when the screen flagged the message, then Sources.")
    refusal: None


class CompletionChoice(Body):
    index: int
    finish_reason: Literal["stop"]
    logprobs: None
    message: AssistantMessage


class Usage(Body):
    """What the local model read and wrote for this reply (0 when it did not run)."""

    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletion(Body):
    """OpenAI's chat completion, with the structured data in the extra `reconnect` field."""

    id: str
    object: Literal["chat.completion"]
    created: int
    model: str
    system_fingerprint: str | None
    choices: list[CompletionChoice]
    usage: Usage
    reconnect: Annotated[TalkReply | GentlyReply, Field(discriminator="job")]
