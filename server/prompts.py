"""Prompt templates are data: Jinja2 files in prompts/, rendered with StrictUndefined.

A template that uses a variable the caller did not pass fails loudly (PromptError),
instead of silently rendering an empty string into what the model or the person reads.
"""

from __future__ import annotations

import string
import tomllib
from pathlib import Path
from typing import Any

import jinja2

from server.errors import PromptError


class Prompts:
    """Renders the templates in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(folder),
            undefined=jinja2.StrictUndefined,
            autoescape=False,  # plain text for the model and the terminal; the web page escapes
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self._env.filters["capitalize_first"] = lambda s: str(s)[:1].upper() + str(s)[1:]

    def render(self, name: str, **variables: Any) -> str:
        try:
            return self._env.get_template(name).render(**variables).strip()
        except jinja2.TemplateNotFound:
            raise PromptError(f"prompt template {name!r} not found in {self.folder}") from None
        except jinja2.UndefinedError as exc:
            raise PromptError(f"prompt {name!r} was rendered without a variable: {exc.message}") \
                from None


def slots(text: str) -> set[str]:
    """The named slots of a phrase ("{word}", "{things}") that the code fills."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def read_phrase_file(path: Path) -> dict[str, Any]:
    """A phrase file's TOML data; a missing or malformed file is a PromptError naming it."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PromptError(f"the phrase file {path} is missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise PromptError(f"{path} is not valid TOML: {exc}") from None
