"""Errors the assistant raises, written for the person who will read them.

Each class carries the HTTP status it means, so the HTTP layer maps every one of them
in one handler (server/http/app.py); the CLI prints the message on one line and exits
non-zero.
"""

from indexer.errors import CorpusError, IndexDamaged, IndexerError, IndexMissing, IndexStale


class ReconnectError(Exception):
    "Base class for problems the assistant reports to the user."

    status = 500


class ModelNotFound(ReconnectError):
    "The language model file could not be found; the message says which setting to change."

    status = 503


class PromptError(ReconnectError):
    "A prompt template or phrase file is missing, or was rendered without a variable it needs."


class ContextBudgetError(ReconnectError):
    "The system prompt and passages alone do not fit the model's context window."


class SessionNotFound(ReconnectError):
    "No conversation has this id (it may have been deleted)."

    status = 404


class SessionStorageError(ReconnectError):
    "The conversation store could not be reached or read (the log names the cause)."

    status = 503


class SessionWriteError(SessionStorageError):
    """An answer was written but could not be saved; `result` carries the whole answer, so
    the person still gets it, with this notice."""

    def __init__(self, message: str, result: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.result = result


class GenerationCancelled(ReconnectError):
    "The person went away before the answer was finished, so it was not kept."

    status = 499


class SafetyScreenError(ReconnectError):
    "The safety screen could not run, so the feature did not run either (fail closed)."

    status = 503


def error_body(exc: Exception) -> dict[str, object]:
    """The JSON an error becomes: its message and type, and the answer when one was written
    but could not be saved (SessionWriteError)."""
    body: dict[str, object] = {"detail": str(exc), "type": type(exc).__name__}
    result = getattr(exc, "result", None)
    if result is not None:
        body["result"] = result
    return body


def http_status(exc: Exception) -> int:
    """The status an error means: its own, 503 for a missing or stale index, else 500."""
    if isinstance(exc, ReconnectError):
        return exc.status
    if isinstance(exc, IndexerError):
        return 503
    return 500


__all__ = [
    "ContextBudgetError",
    "CorpusError",
    "GenerationCancelled",
    "IndexDamaged",
    "IndexMissing",
    "IndexStale",
    "IndexerError",
    "ModelNotFound",
    "PromptError",
    "ReconnectError",
    "SafetyScreenError",
    "SessionNotFound",
    "SessionStorageError",
    "SessionWriteError",
    "error_body",
    "http_status",
]
