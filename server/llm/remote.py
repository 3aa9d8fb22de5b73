"""Drafts from an OpenAI-compatible inference server (vLLM, llama.cpp's llama-server,
llama-cpp-python's server, Ollama), streamed over HTTP.

The prompt is rendered here with the model's own chat template and sent to the engine's
`/completions` endpoint as text, so the engine sees exactly the tokens the local model
would, and the context budget counts them exactly (the GGUF's vocabulary is read; its
weights are not loaded). Stop strings, `max_tokens`, temperature, seed and repeat penalty
are the local generator's.

An engine that is down, too slow, or answers with an error ends the draft early and is
logged; it never raises into the answer. The chat then answers from what was already
verified, or quotes the article (the extractive answer), as it does whenever a draft
falls short. After a failure the engine is left alone for `retry_after` seconds, so a
dead engine costs nobody a wait.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any

import httpx

from server.llm import GenerationParams, Message, Tokens
from server.llm.local import GgufFormat
from server.settings import redact

log = logging.getLogger(__name__)


class EngineFailed(Exception):
    "The inference server answered, but not with a draft."


class RemoteGenerator:
    """A Generator whose drafts come from an inference server; safe to call from many threads."""

    def __init__(self, url: str, fmt: GgufFormat, *, name: str, n_ctx: int,
                 model: str | None = None, api_key: str | None = None,
                 connect_timeout: float = 5.0, read_timeout: float = 30.0,
                 draft_timeout: float = 120.0, retry_after: float = 10.0,
                 max_connections: int = 8) -> None:
        self.url = url.rstrip("/")
        self.model_id = f"{name} on {redact(self.url)}"
        self.n_ctx = n_ctx
        self._format = fmt
        self._model = model
        self._draft_timeout = draft_timeout
        self._retry_after = retry_after
        self._lock = threading.Lock()
        self._resting_until = 0.0
        self.failures = 0  # drafts the engine failed, since start-up
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(
            headers=headers,
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
            limits=httpx.Limits(max_connections=max_connections,
                                max_keepalive_connections=max_connections),
        )

    def render(self, messages: list[Message]) -> str:
        return self._format.render(messages)

    def count_tokens(self, text: str) -> int:
        return len(self._format.tokens(text))

    def stream(self, prompt: str, params: GenerationParams) -> Tokens:
        """The draft's text as the engine streams it; closing this closes the HTTP stream,
        which is how the engine learns the person went away."""
        with self._lock:
            resting = time.monotonic() < self._resting_until
        if resting:
            log.info("inference engine failed recently; this draft is skipped")
            return
        body: dict[str, Any] = {
            "prompt": prompt,
            "max_tokens": params.max_tokens,
            "temperature": params.temperature,
            "seed": params.seed,
            "repeat_penalty": params.repeat_penalty,  # llama.cpp servers; others ignore it
            "stop": list(self._format.stops + params.stop),
            "stream": True,
        }
        if self._model:
            body["model"] = self._model
        deadline = time.monotonic() + self._draft_timeout
        try:
            with self._client.stream("POST", f"{self.url}/completions", json=body) as response:
                if response.status_code != 200:
                    # The body is not read: some engines echo the prompt in their errors.
                    raise EngineFailed(f"it answered HTTP {response.status_code}")
                for line in response.iter_lines():
                    if time.monotonic() > deadline:
                        raise EngineFailed(f"the draft took over {self._draft_timeout:g} s")
                    if not line.startswith("data:"):
                        continue  # blank separators, comments and keep-alive pings
                    data = line[5:].strip()
                    if data == "[DONE]":
                        return
                    text = _chunk_text(data)
                    if text:
                        yield text
        except (httpx.HTTPError, EngineFailed) as exc:
            self._failed(exc)

    def _failed(self, exc: Exception) -> None:
        with self._lock:
            self.failures += 1
            self._resting_until = time.monotonic() + self._retry_after
        # httpx and EngineFailed messages name the connection problem, never the prompt.
        log.warning("inference engine at %s failed (%s: %s); the draft stops here and the "
                    "answer uses what was verified so far or quotes the article; the engine is "
                    "tried again in %g s", redact(self.url), type(exc).__name__, exc,
                    self._retry_after)

    def close(self) -> None:
        self._client.close()


def _chunk_text(data: str) -> str:
    """The text of one streamed completion chunk; EngineFailed for an error or a bad chunk."""
    try:
        chunk = json.loads(data)
        if "error" in chunk:
            raise EngineFailed("it reported an error mid-draft")
        return str(chunk["choices"][0].get("text") or "")
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        raise EngineFailed("it sent a chunk that is not an OpenAI completion") from None
