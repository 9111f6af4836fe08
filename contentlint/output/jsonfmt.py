"""The versioned JSON wire format (see README, "JSON output"), written a file at a time.

The text is byte for byte what ``json.dumps`` of the whole object with ``indent=2`` gives, so a
consumer cannot tell a streamed run from one rendered at once.
"""

from __future__ import annotations

import json
import textwrap

from .. import JSON_SCHEMA_VERSION
from ..model import FileReport
from . import RenderContext, Stream, Totals


def _dumps(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


class _JsonStream:
    def __init__(self) -> None:
        self.count = 0

    def start(self) -> str:
        return '{\n  "version": ' + _dumps(JSON_SCHEMA_VERSION) + ',\n  "files": ['

    def file(self, report: FileReport) -> str:
        self.count += 1
        return ("\n" if self.count == 1 else ",\n") + textwrap.indent(_dumps(report.to_json()), "    ")

    def end(self, totals: Totals) -> str:
        summary = {"files": totals.files, "findings": totals.findings, "errors": totals.errors}
        close = "\n  ]" if self.count else "]"
        return close + ',\n  "summary": ' + textwrap.indent(_dumps(summary), "  ").lstrip() + "\n}\n"


def stream(context: RenderContext) -> Stream:
    return _JsonStream()
