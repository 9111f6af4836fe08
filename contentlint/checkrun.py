"""One `contentlint check` run: each file's report is filtered by the baseline, written in the chosen
format as soon as the file is done, and dropped; the run keeps only what its end needs (totals for the
summary, whether a file fails the run, the baseline entries to write). So `check` over 20,000 files
needs the memory of one file, except in the formats that are one document for the whole run (SARIF,
JUnit), which keep every report until the end.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .model import FileReport
from .output import NEED_SOURCE, RenderContext, Stream, Totals, prerenderer, stream

if TYPE_CHECKING:
    from .api import Linter
    from .baseline import Baseline


@dataclass
class CheckRun:
    linter: Linter
    output_format: str
    write: Callable[[str], None]  # the report's text, in order
    echo_error: Callable[[str], None]  # one-line errors, on stderr
    context: RenderContext = field(default_factory=RenderContext)
    baseline: Baseline | None = None
    want_fingerprints: bool = False  # SARIF results and a baseline to write need them
    totals: Totals = field(default_factory=Totals)
    fingerprints: dict[int, str] = field(default_factory=dict)
    baseline_entries: list[dict[str, Any]] = field(default_factory=list)
    hidden: int = 0
    failing: bool = False
    _stream: Stream | None = None

    def start(self) -> None:
        context = dataclasses.replace(self.context, fingerprints=self.fingerprints)
        self._stream = stream(self.output_format, context)
        self.write(self._stream.start())

    def prerenderer(self) -> Callable[[FileReport], FileReport] | None:
        """What may render each file's part of the output where the file is linted (output.PARTS), or None:
        a baseline filters the findings first, and fingerprints read the source the part leaves out."""
        if self.baseline is not None or self.want_fingerprints:
            return None
        return prerenderer(self.output_format, self.context)

    def add(self, report: FileReport) -> None:
        assert self._stream is not None, "start() first"
        if self.baseline is not None:
            self.hidden += self.baseline.filter(report)
        if report.error is not None:
            self.echo_error(f"contentlint: error: {report.path}: {report.error}")
        else:
            self._remember(report)
        self.totals.add(report)
        self.write(self._stream.file(report))
        if self.output_format not in NEED_SOURCE:
            report.document = None  # the source text is no longer needed

    def _remember(self, report: FileReport) -> None:
        if self.want_fingerprints:
            from .baseline import entry, fingerprint

            for f in report.findings:
                self.fingerprints[id(f)] = fingerprint(report, f)
                self.baseline_entries.append(entry(report, f, self.fingerprints[id(f)]))
        self.failing |= self._fails(report)

    def _fails(self, report: FileReport) -> bool:
        config = self.linter.config_for(report.path)
        if any(f.severity.rank >= config.fail_on.rank for f in report.findings):
            return True
        if config.fail_under is not None and report.score is not None and report.score.value < config.fail_under:
            return True
        return config.fail_on_spin is not None and report.spin is not None and report.spin.value >= config.fail_on_spin

    def finish(self) -> None:
        assert self._stream is not None, "start() first"
        self.write(self._stream.end(self.totals))

    def exit_code(self, exit_zero: bool) -> int:
        if self.totals.errors:
            return 2
        return 0 if exit_zero or not self.failing else 1
