"""The default, human-readable format: one line per finding, a score line per file, a summary."""

from __future__ import annotations

import click

from ..model import FileReport, Severity
from . import RenderContext, Stream, Totals

_SEVERITY_COLOUR = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def render_file(report: FileReport, colour: bool, show_score: bool = True) -> str:
    def style(text: str, **kw: object) -> str:
        return click.style(text, **kw) if colour else text  # type: ignore[arg-type]

    lines: list[str] = []
    if report.error is not None:
        lines.append(f"{style(report.path, bold=True)}: {style('error', fg='red', bold=True)}: {report.error}")
        return "\n".join(lines)
    for f in report.findings:
        where = style(f"{report.path}:{f.line}:{f.column}:", bold=True)
        sev = style(f.severity.value, fg=_SEVERITY_COLOUR[f.severity])
        line = f"{where} {style(f.rule, bold=True)} {sev} [{f.name}] {f.message}"
        if f.suggestion:
            line += " Suggestion: " + style(f'"{f.suggestion}"', fg="green")
        lines.append(line)
    if show_score and report.score is not None:
        lines.append(
            style(
                f"{report.path}: score {report.score.value:g}/100 (grade {report.score.grade}), "
                f"{len(report.findings)} finding{'s' * (len(report.findings) != 1)}, {report.words} words",
                dim=True,
            )
        )
    return "\n".join(lines)


def summary_line(totals: Totals, colour: bool) -> str:
    counts = totals.severities
    linted = totals.files - totals.errors
    parts = ", ".join(f"{counts[s]} {s.value}" for s in (Severity.ERROR, Severity.WARNING, Severity.INFO) if counts[s])
    text = f"Found {totals.findings} finding{'s' * (totals.findings != 1)}" + (f" ({parts})" if parts else "")
    text += f" in {linted} file{'s' * (linted != 1)}"
    if totals.errors:
        text += f"; {totals.errors} file{'s' * (totals.errors != 1)} could not be linted"
    return click.style(text, bold=True) if colour else text


class _TextStream:
    def __init__(self, context: RenderContext) -> None:
        self.colour = context.colour

    def start(self) -> str:
        return ""

    def file(self, report: FileReport) -> str:
        text = render_file(report, self.colour) if report.error is None else ""
        return text + "\n" if text else ""

    def end(self, totals: Totals) -> str:
        return summary_line(totals, self.colour) + "\n"


def stream(context: RenderContext) -> Stream:
    return _TextStream(context)
