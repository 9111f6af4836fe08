"""The versioned JSON wire format (see README, "JSON output"), written a file at a time.

The text is byte for byte what ``json.dumps`` of the whole object with ``indent=2`` gives, so a
consumer cannot tell a streamed run from one rendered at once.
"""

from __future__ import annotations

import json
import re
import textwrap
from json.encoder import encode_basestring  # type: ignore[attr-defined]  # C-accelerated

from .. import JSON_SCHEMA_VERSION
from ..model import FileReport
from . import RenderContext, Stream, Totals


def _dumps(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


# Line ends that json leaves unescaped and textwrap.indent breaks lines at (so it indents inside the string).
_UNESCAPED_LINE_ENDS = re.compile("[\x85\u2028\u2029]")


def indented(value: object, indent: str) -> str:
    """``textwrap.indent(json.dumps(value, indent=2, ensure_ascii=False), indent)``, written faster (see
    ``_indented``) for the plain values a report is made of, by those two calls for anything else."""
    try:
        text = _indented(value, indent)
    except _Unhandled:
        return textwrap.indent(_dumps(value), indent)
    return text if not _UNESCAPED_LINE_ENDS.search(text) else textwrap.indent(_dumps(value), indent)


class _Unhandled(Exception):
    """A value the fast writer does not handle: the report is written by ``json.dumps`` instead."""


_CONSTANTS = {None: "null", True: "true", False: "false"}


def _indented(value: object, indent: str) -> str:
    """What ``indented`` returns, for dicts with string keys, lists, strings, finite numbers, booleans and
    None (else ``_Unhandled``). With ``indent`` the json module writes in pure Python, several calls per
    value, and textwrap.indent another pass per line; this writes the same text in one pass."""
    parts: list[str] = []
    _write(value, indent, parts)
    return indent + "".join(parts)


def _write(value: object, indent: str, out: list[str]) -> None:
    kind = type(value)
    if kind is str:
        out.append(encode_basestring(value))  # type: ignore[arg-type]
    elif kind is int:
        out.append(int.__repr__(value))  # type: ignore[arg-type]
    elif kind is float:
        out.append(_float(value))  # type: ignore[arg-type]
    elif value is None or kind is bool:
        out.append(_CONSTANTS[value])  # type: ignore[index]
    elif kind is dict:
        _write_dict(value, indent, out)  # type: ignore[arg-type]
    elif kind is list:
        _write_list(value, indent, out)  # type: ignore[arg-type]
    else:
        raise _Unhandled


def _float(value: float) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        raise _Unhandled  # NaN and infinities: json's own spelling
    return float.__repr__(value)


def _write_dict(value: dict[object, object], indent: str, out: list[str]) -> None:
    if not value:
        out.append("{}")
        return
    inner = indent + "  "
    out.append("{\n" + inner)
    first = True
    for key, item in value.items():
        if type(key) is not str:
            raise _Unhandled
        if not first:
            out.append(",\n" + inner)
        first = False
        out.append(encode_basestring(key) + ": ")
        _write(item, inner, out)
    out.append("\n" + indent + "}")


def _write_list(value: list[object], indent: str, out: list[str]) -> None:
    if not value:
        out.append("[]")
        return
    inner = indent + "  "
    out.append("[\n" + inner)
    for i, item in enumerate(value):
        if i:
            out.append(",\n" + inner)
        _write(item, inner, out)
    out.append("\n" + indent + "]")


class _JsonStream:
    def __init__(self) -> None:
        self.count = 0

    def start(self) -> str:
        return '{\n  "version": ' + _dumps(JSON_SCHEMA_VERSION) + ',\n  "files": ['

    def file(self, report: FileReport) -> str:
        self.count += 1
        return ("\n" if self.count == 1 else ",\n") + indented(report.to_json(), "    ")

    def end(self, totals: Totals) -> str:
        summary = {"files": totals.files, "findings": totals.findings, "errors": totals.errors}
        close = "\n  ]" if self.count else "]"
        return close + ',\n  "summary": ' + textwrap.indent(_dumps(summary), "  ").lstrip() + "\n}\n"


def stream(context: RenderContext) -> Stream:
    return _JsonStream()
