"""The default, human-readable format: one line per finding, a score line per file, a summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import click

from ..model import FileReport, Severity
from . import RenderContext

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


def summary_line(reports: Sequence[FileReport], colour: bool) -> str:
    counts: Counter[Severity] = Counter(f.severity for r in reports for f in r.findings)
    total = sum(counts.values())
    errors = sum(1 for r in reports if r.error is not None)
    parts = ", ".join(f"{counts[s]} {s.value}" for s in (Severity.ERROR, Severity.WARNING, Severity.INFO) if counts[s])
    text = f"Found {total} finding{'s' * (total != 1)}" + (f" ({parts})" if parts else "")
    text += f" in {len(reports) - errors} file{'s' * (len(reports) - errors != 1)}"
    if errors:
        text += f"; {errors} file{'s' * (errors != 1)} could not be linted"
    return click.style(text, bold=True) if colour else text


def render_run(reports: Sequence[FileReport], context: RenderContext) -> str:
    rendered = [] if context.streamed else (render_file(r, context.colour) for r in reports if r.error is None)
    body = [text for text in rendered if text]
    return "\n".join([*body, summary_line(reports, context.colour)])
