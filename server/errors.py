"""Errors the assistant raises, written for the person who will read them.

HTTP translates them in one place (server/app.py); the CLI prints their message
on one line and exits non-zero.
"""

from indexer.errors import CorpusError, IndexerError, IndexMissing, IndexStale


class ReconnectError(Exception):
    "Base class for problems the assistant reports to the user."


class ModelNotFound(ReconnectError):
    "The language model file could not be found; the message says which setting to change."


class PromptError(ReconnectError):
    "A prompt template is missing or was rendered without a variable it needs."


class ContextBudgetError(ReconnectError):
    "The system prompt and passages alone do not fit the model's context window."


class SessionNotFound(ReconnectError):
    "No conversation has this id (it may have been deleted)."


class GenerationCancelled(ReconnectError):
    "The person went away before the answer was finished, so it was not kept."


class SafetyScreenError(ReconnectError):
    "The safety screen could not run, so the feature did not run either (fail closed)."


__all__ = [
    "ContextBudgetError",
    "CorpusError",
    "GenerationCancelled",
    "IndexMissing",
    "IndexStale",
    "IndexerError",
    "ModelNotFound",
    "PromptError",
    "ReconnectError",
    "SafetyScreenError",
    "SessionNotFound",
]
