"""GitHub Actions workflow commands: one annotation per finding, on the pull request's diff."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import FileReport, Severity
from . import RenderContext, Stream, Totals

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def render_github(reports: Sequence[FileReport]) -> str:
    lines = []
    for r in reports:
        if r.error is not None:
            lines.append(f"::error file={_property(r.path)},title=contentlint::{_data(r.error)}")
            continue
        assert r.document is not None
        for f in r.findings:
            end_line, end_col = r.document.line_col(f.end)
            message = f.message + (f' Suggestion: "{f.suggestion}"' if f.suggestion else "")
            lines.append(
                f"::{_COMMAND[f.severity]} file={_property(r.path)},line={f.line},col={f.column},"
                f"endLine={end_line},endColumn={end_col},title={_property(f'{f.rule} {f.name}')}::{_data(message)}"
            )
    return "\n".join(lines)


class _GithubStream:
    def start(self) -> str:
        return ""

    def file(self, report: FileReport) -> str:
        text = render_github([report])
        return text + "\n" if text else ""

    def end(self, totals: Totals) -> str:
        return ""


def stream(context: RenderContext) -> Stream:
    return _GithubStream()
