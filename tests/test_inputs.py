"""What counts as blank or undecodable text: the table in server/inputs.py, recomputed."""

from __future__ import annotations

import re
import unicodedata

import pytest

from server.inputs import (
    FILLERS,
    INVISIBLE_RANGES,
    VISIBLE_PATTERN,
    has_lone_surrogate,
    is_blank,
    problem,
)

INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp"}


def computed_ranges() -> list[tuple[int, int]]:
    """Every code point Python calls whitespace or puts in an invisible category, as ranges."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x110000):
        ch = chr(code)
        if ch.isspace() or unicodedata.category(ch) in INVISIBLE_CATEGORIES:
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return ranges


def test_the_table_matches_this_pythons_unicode_data() -> None:
    assert list(INVISIBLE_RANGES) == computed_ranges(), unicodedata.unidata_version


@pytest.mark.parametrize("code", FILLERS)
def test_fillers_are_not_already_in_the_ranges(code: int) -> None:
    assert not any(a <= code <= b for a, b in INVISIBLE_RANGES)
    assert is_blank(chr(code) * 3)


@pytest.mark.parametrize(("text", "blank"), [
    ("", True), (" \t\n", True), ("\u200b\u200c\u200d", True), ("\ufeff\u2060", True),
    ("\u202e\u2066\u2069\u200e", True), ("\u3164\u2800\u00a0", True), ("\U000e0041", True),
    ("hi", False), ("\u200bhi\u200b", False), ("é", False), ("💛", False), ("。", False),
    ("\u0301", False),  # a lone combining accent is odd, but it is something to see
])
def test_blank(text: str, blank: bool) -> None:
    assert is_blank(text) is blank
    # The JSON-schema pattern says the same (as a generator of "valid" input reads it).
    assert (re.search(VISIBLE_PATTERN, text) is None) is blank


@pytest.mark.parametrize(("text", "lone"), [
    ("\ud800", True), ("ok \udfff", True), ("\udc80", True),  # surrogateescape'd byte
    ("💛", False), ("plain", False)])
def test_lone_surrogates(text: str, lone: bool) -> None:
    assert has_lone_surrogate(text) is lone


@pytest.mark.parametrize(("text", "why"), [
    ("\ud800hi", "must be valid Unicode text"),
    ("\u200b", "must not be empty or only invisible characters"),
    ("x" * 11, "must be at most 10 characters"),
    ("fine", None),
])
def test_problem(text: str, why: str | None) -> None:
    assert problem(text, 10) == why
