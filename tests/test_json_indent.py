"""The JSON stream indents each file's object as textwrap.indent does, with the shortcut and without it."""

from __future__ import annotations

import json
import textwrap

import pytest

from contentlint.output.jsonfmt import _dumps, _indent

VALUES = [
    {"path": "a.md", "findings": [], "score": 97.5},
    {"text": "one\nline break escaped", "nested": {"list": [1, 2, {"x": None}], "empty": {}}},
    {"text": "a line\u2028separator and a next\x85line and a\u2029paragraph"},
    {"text": "form\x0cfeed, \rreturn, \x1cfile \x1dgroup \x1erecord separators, \x0bvertical tab"},
    {"text": "\u2028   \u2028"},  # a part that is blank once split there: textwrap leaves it unprefixed
    [],
    "plain string",
    {"ünïcödé": "“quoted” — dash"},
]


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("prefix", ["  ", "    "])
def test_indent_is_textwraps(value: object, prefix: str) -> None:
    text = _dumps(value)
    assert text == json.dumps(value, indent=2, ensure_ascii=False)
    assert _indent(text, prefix) == textwrap.indent(text, prefix)
