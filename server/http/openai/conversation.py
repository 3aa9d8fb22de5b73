"""The request's messages as what Reconnect answers: the last user message, and the turns
before it as the history a stored session would hold."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from server.chat import MAX_MESSAGE_CHARS
from server.chat.pipeline import _MARKER
from server.chat.sessions import Turn
from server.http.openai.errors import APIError
from server.http.openai.requests import ChatMessage
from server.safety.screen import SafetyScreen

MAX_MESSAGES = 100  # a conversation longer than this is refused, not silently cut
MAX_ASSISTANT_CHARS = 16_000  # earlier replies come back with their Sources and help lines


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
    """An earlier reply without its help lines, Sources list and [n] markers (the markers as
    the chat pipeline strips them from its own earlier turns)."""
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
