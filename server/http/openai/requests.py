"""The body of a chat completion request, as OpenAI defines it (the responses' models are in
server/http/schemas.py), and the jobs it can name as its model."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

TALK = "reconnect"
GENTLY = "reconnect-gently"
MODELS = (TALK, GENTLY)


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

    @property
    def include_usage(self) -> bool:
        return bool(self.stream_options and self.stream_options.include_usage)
