"""One `contentlint check` run: what it keeps of each file, and what it decides at the end.

Each file's report arrives, is filtered by the baseline, is printed at once in the text format, and
keeps only what the end of the run needs: its findings and score for the other formats, its baseline
fingerprints, and whether it fails the run. The source text and its analysis are dropped as soon as
the file is done, so memory grows with the findings of a run, not with the size of its files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .model import FileReport, Severity
from .output import RenderContext, render
from .output.text import render_file

if TYPE_CHECKING:
    from .api import Linter
    from .baseline import Baseline


# Formats that locate each finding's end and each fix by line and column at the end of the run.
_NEED_SOURCE = frozenset({"sarif", "github"})


@dataclass
class CheckRun:
    linter: Linter
    output_format: str
    colour: bool = False
    stream_text: bool = False  # print each file's text lines as it is done
    baseline: Baseline | None = None
    want_fingerprints: bool = False  # SARIF results and a baseline to write need them
    echo: Callable[[str, bool], None] = field(default=lambda text, err: None)
    reports: list[FileReport] = field(default_factory=list)
    fingerprints: dict[int, str] = field(default_factory=dict)
    baseline_entries: list[dict[str, Any]] = field(default_factory=list)
    hidden: int = 0
    failing: bool = False
    errors: int = 0

    def add(self, report: FileReport) -> None:
        if self.baseline is not None:
            self.hidden += self.baseline.filter(report)
        if report.error is not None:
            self.errors += 1
            self.echo(f"contentlint: error: {report.path}: {report.error}", True)
        else:
            self._keep(report)
        if self.output_format not in _NEED_SOURCE:
            report.document = None  # the source text is no longer needed
        self.reports.append(report)

    def _keep(self, report: FileReport) -> None:
        if self.want_fingerprints:
            from .baseline import entry, fingerprint

            for f in report.findings:
                self.fingerprints[id(f)] = fingerprint(report, f)
                self.baseline_entries.append(entry(report, f, self.fingerprints[id(f)]))
        self.failing |= self._fails(report)
        if self.stream_text:
            text = render_file(report, self.colour)
            if text:
                self.echo(text, False)

    def _fails(self, report: FileReport) -> bool:
        config = self.linter.config_for(report.path)
        if any(f.severity.rank >= config.fail_on.rank for f in report.findings):
            return True
        return config.fail_under is not None and report.score is not None and report.score.value < config.fail_under

    def render(self, fail_on: Severity) -> str:
        context = RenderContext(
            colour=self.colour,
            fail_on=fail_on,
            streamed=self.stream_text,
            fingerprints=self.fingerprints if self.want_fingerprints else None,
        )
        return render(self.output_format, self.reports, context)

    def exit_code(self, exit_zero: bool) -> int:
        if self.errors:
            return 2
        return 0 if exit_zero or not self.failing else 1
