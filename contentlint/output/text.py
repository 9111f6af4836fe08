"""The default, human-readable format: one line per finding, a score line per file, a summary."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import click

from ..model import CATEGORIES, FileReport, Finding, Severity
from . import RenderContext, Rendered, Stream, Totals

_SEVERITY_COLOUR = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def render_file(report: FileReport, colour: bool, show_score: bool = True, snippets: bool = True) -> str:
    """One file's findings, each as a `path:line:column: CODE severity [name] message` line (what
    editors and CI logs link to) and, when the source is at hand, its line with the span underlined and
    the suggestion beside it; then the file's score."""

    def style(text: str, **kw: object) -> str:
        return click.style(text, **kw) if colour else text  # type: ignore[arg-type]

    if report.error is not None:
        return f"{style(report.path, bold=True)}: {style('error', fg='red', bold=True)}: {report.error}"
    source = report.document.source if snippets and report.document is not None else None
    lines: list[str] = []
    for f in report.findings:
        where = style(f"{report.path}:{f.line}:{f.column}:", bold=True)
        sev = style(f.severity.value, fg=_SEVERITY_COLOUR[f.severity])
        line = f"{where} {style(f.rule, bold=True)} {sev} [{f.name}] {f.message}"
        if source is None:
            if f.suggestion:
                line += " Suggestion: " + style(f'"{f.suggestion}"', fg="green")
            lines.append(line)
            continue
        lines.append(line)
        lines.extend(_snippet(source, f, style))
        lines.append("")
    if show_score and report.score is not None:
        lines.append(
            style(
                f"{report.path}: score {report.score.value:g}/100 (grade {report.score.grade}), "
                f"{len(report.findings)} finding{'s' * (len(report.findings) != 1)}, "
                f"{report.words} word{'s' * (report.words != 1)}",
                dim=True,
            )
        )
    return "\n".join(lines)


# A source line longer than this is shown as a window around the span.
_CONTEXT = 40
_MAX_LINE = 100


def _snippet(source: str, f: Finding, style: Callable[..., str]) -> list[str]:
    """The finding's first source line, cut to a window around the span, with the span underlined:

        3 | It deals many benefits for every skin kind.
          |    ^^^^^^^^^^^^^^^^^^^ Suggestion: "offers many benefits"
    """
    line_start = source.rfind("\n", 0, f.start) + 1
    line_end = source.find("\n", f.start)
    line_end = len(source) if line_end == -1 else line_end
    span_end = max(min(f.end, line_end), f.start)
    lo, hi = line_start, line_end
    if line_end - line_start > _MAX_LINE:
        lo, hi = max(line_start, f.start - _CONTEXT), min(line_end, span_end + _CONTEXT)
    before = ("…" if lo > line_start else "") + _printable(source[lo : f.start])
    span = _printable(source[f.start : span_end])
    after = _printable(source[span_end:hi]) + ("…" if hi < line_end else "")
    gutter = " " * len(str(f.line))
    marks = style("^" * max(_width(span), 1), fg=_SEVERITY_COLOUR[f.severity], bold=True)
    hint = " Suggestion: " + style(f'"{f.suggestion}"', fg="green") if f.suggestion else ""
    return [
        style(f"{f.line} | ", dim=True) + before + span + after,
        style(f"{gutter} | ", dim=True) + " " * _width(before) + marks + hint,
    ]


def _printable(text: str) -> str:
    """Control characters (a tab, a carriage return) as one space each, so the underline lines up."""
    return "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)


def _width(text: str) -> int:
    """Terminal columns: wide characters (CJK, most emoji) take two, combining marks none."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text
    )


def summary_line(totals: Totals, colour: bool) -> str:
    counts = totals.severities
    linted = totals.files - totals.errors
    parts = ", ".join(f"{counts[s]} {s.value}" for s in (Severity.ERROR, Severity.WARNING, Severity.INFO) if counts[s])
    text = f"Found {totals.findings} finding{'s' * (totals.findings != 1)}" + (f" ({parts})" if parts else "")
    text += f" in {linted} file{'s' * (linted != 1)}"
    if totals.errors:
        text += f"; {totals.errors} file{'s' * (totals.errors != 1)} could not be linted"
    return click.style(text, bold=True) if colour else text


def category_table(totals: Totals, colour: bool) -> str:
    """Findings by category, in the JSON contract's order."""
    rows = [(c, totals.categories[c]) for c in CATEGORIES if totals.categories[c]]
    rows += sorted((c, n) for c, n in totals.categories.items() if c not in CATEGORIES)
    return "\n".join(f"  {category:<20} {n:>6}" for category, n in rows)


def statistics_table(totals: Totals) -> str:
    """Findings by rule, most frequent first (`--statistics`)."""
    rows = sorted(totals.rules.items(), key=lambda item: (-item[1], item[0]))
    return "\n".join(f"{n:>6}  {code}  {name}" for (code, name), n in rows)


def part(report: FileReport, context: RenderContext) -> str:
    """The file's findings and score line, or nothing (an error goes to stderr; statistics come at the end)."""
    if report.error is not None or context.statistics:
        return ""
    text = render_file(report, context.colour, snippets=context.snippets)
    return text + "\n" if text else ""


class _TextStream:
    def __init__(self, context: RenderContext) -> None:
        self.context = context

    def start(self) -> str:
        return ""

    def file(self, report: FileReport) -> str:
        return report.part if isinstance(report, Rendered) else part(report, self.context)

    def end(self, totals: Totals) -> str:
        parts = [statistics_table(totals)] if self.context.statistics and totals.findings else []
        parts.append(summary_line(totals, self.context.colour))
        if totals.findings and not self.context.statistics:
            parts.append(category_table(totals, self.context.colour))
        return "\n".join(parts) + "\n"


def stream(context: RenderContext) -> Stream:
    return _TextStream(context)
