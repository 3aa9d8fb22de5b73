"""Fit a prompt into the model's context window by an explicit token budget.

The budget is: system prompt + passages and question (never cut) + recent history +
room for the answer. History goes first, oldest exchange first, and the caller is
told how many turns were dropped, so nothing is cut silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from server.errors import ContextBudgetError
from server.llm import Generator, Message


@dataclass(frozen=True)
class FittedPrompt:
    """The rendered prompt and what the budget did to get there."""

    prompt: str
    tokens: int
    history_used: int  # messages of earlier turns kept
    history_dropped: int  # messages of earlier turns left out


def fit(generator: Generator, system: str, user: str, history: list[Message], *,
        answer_tokens: int, history_tokens: int) -> FittedPrompt:
    """Render system + history + user, dropping the oldest history until it fits."""
    limit = generator.n_ctx - answer_tokens
    core = generator.render([Message("system", system), Message("user", user)])
    core_tokens = generator.count_tokens(core)
    if core_tokens > limit:
        raise ContextBudgetError(
            f"the system prompt and passages need {core_tokens} tokens, but the context window "
            f"leaves {limit} after reserving {answer_tokens} for the answer: raise n_ctx"
        )
    kept = list(history)
    while kept:
        prompt = generator.render([Message("system", system), *kept, Message("user", user)])
        tokens = generator.count_tokens(prompt)
        if tokens <= limit and tokens - core_tokens <= history_tokens:
            return FittedPrompt(prompt, tokens, len(kept), len(history) - len(kept))
        kept = kept[2:] if len(kept) >= 2 else []  # drop the oldest exchange (question + answer)
    return FittedPrompt(core, core_tokens, 0, len(history))
