"""What counts as usable text from a person, for the HTTP API and the CLI alike.

Blank means nothing visible: whitespace, control and format characters (zero-width
spaces and joiners, direction marks, the byte-order mark) and the few letters that render
as nothing (Hangul fillers, the braille blank). A lone surrogate ("\\ud800" in JSON, or a
byte that is not UTF-8 on a command line) is no text at all: it cannot be encoded, so
the models downstream would fail on it.
"""

from __future__ import annotations

import re

# Code point ranges of Unicode categories Cc, Cf, Zs, Zl, Zp and str.isspace() (Unicode 14,
# Python 3.11; tests/test_inputs.py recomputes them), plus the invisible fillers below.
INVISIBLE_RANGES = (
    (0x0, 0x20), (0x7F, 0xA0), (0xAD, 0xAD), (0x600, 0x605), (0x61C, 0x61C), (0x6DD, 0x6DD),
    (0x70F, 0x70F), (0x890, 0x891), (0x8E2, 0x8E2), (0x1680, 0x1680), (0x180E, 0x180E),
    (0x2000, 0x200F), (0x2028, 0x202F), (0x205F, 0x2064), (0x2066, 0x206F), (0x3000, 0x3000),
    (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD), (0x110CD, 0x110CD),
    (0x13430, 0x13438), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)
# Letters and symbols that render as empty space, and the invisible combining joiner.
FILLERS = (0x034F, 0x115F, 0x1160, 0x2800, 0x3164, 0xFFA0)


def _char(code: int) -> str:
    return f"\\u{code:04x}" if code <= 0xFFFF else chr(code)


def _class() -> str:
    parts = [_char(a) if a == b else f"{_char(a)}-{_char(b)}" for a, b in INVISIBLE_RANGES]
    parts += [_char(c) for c in FILLERS]
    return "".join(parts)


# One visible character somewhere: the JSON-schema `pattern` of every free-text field, and
# the check itself, so the API's schema and its validation agree.
VISIBLE_PATTERN = f"[^{_class()}]"
_VISIBLE = re.compile(VISIBLE_PATTERN)
_SURROGATE = re.compile("[\ud800-\udfff]")


def is_blank(text: str) -> bool:
    """Whether the text has nothing a person could see."""
    return _VISIBLE.search(text) is None


def has_lone_surrogate(text: str) -> bool:
    """Whether the text holds a code point that no encoding can carry."""
    return _SURROGATE.search(text) is not None


def problem(text: str, limit: int) -> str | None:
    """Why the text cannot be used (blank, not encodable, longer than `limit`), or None."""
    if has_lone_surrogate(text):
        return "must be valid Unicode text"
    if is_blank(text):
        return "must not be empty or only invisible characters"
    if len(text) > limit:
        return f"must be at most {limit} characters"
    return None
