"""The versioned JSON wire format (see README, "JSON output"), written a file at a time.

The text is byte for byte what ``json.dumps`` of the whole object with ``indent=2`` gives, so a
consumer cannot tell a streamed run from one rendered at once.
"""

from __future__ import annotations

import json
import textwrap

from .. import JSON_SCHEMA_VERSION
from ..model import FileReport
from . import RenderContext, Rendered, Stream, Totals


def _dumps(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


# Where str.splitlines(), and so textwrap.indent, breaks a line besides "\n". json.dumps escapes the control
# characters among them, but not U+0085, U+2028 or U+2029 in a string (ensure_ascii=False).
_OTHER_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def _indent(text: str, prefix: str) -> str:
    """``textwrap.indent(text, prefix)`` for json.dumps's output, whose lines are never blank: one replace
    instead of a Python call per line, unless a string in it holds another line break (then textwrap's,
    which breaks there too)."""
    if any(c in text for c in _OTHER_BREAKS):
        return textwrap.indent(text, prefix)
    return prefix + text.replace("\n", "\n" + prefix)


def part(report: FileReport, context: RenderContext | None = None) -> str:
    """The file's object, as it stands in the run's "files" list."""
    return _indent(_dumps(report.to_json()), "    ")


class _JsonStream:
    def __init__(self) -> None:
        self.count = 0

    def start(self) -> str:
        return '{\n  "version": ' + _dumps(JSON_SCHEMA_VERSION) + ',\n  "files": ['

    def file(self, report: FileReport) -> str:
        self.count += 1
        text = report.part if isinstance(report, Rendered) else part(report)
        return ("\n" if self.count == 1 else ",\n") + text

    def end(self, totals: Totals) -> str:
        summary = {"files": totals.files, "findings": totals.findings, "errors": totals.errors}
        close = "\n  ]" if self.count else "]"
        return close + ',\n  "summary": ' + _indent(_dumps(summary), "  ").lstrip() + "\n}\n"


def stream(context: RenderContext) -> Stream:
    return _JsonStream()
