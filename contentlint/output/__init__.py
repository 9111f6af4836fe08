"""Report formats: one module per format, found through one registry.

Every format renders a run as a stream: ``start()``, then ``file(report)`` as each file is done, then
``end(totals)``. The streaming formats (text, JSON, GitHub annotations) write each file's part at once
and keep nothing of it, so `check` runs in memory bounded by one file however many files it lints; the
formats that need the whole run in one document (SARIF, JUnit) keep the reports until ``end``.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ..model import FileReport, Severity


@dataclass(frozen=True)
class RenderContext:
    colour: bool = False
    fail_on: Severity = Severity.WARNING
    fingerprints: Mapping[int, str] | None = None  # id(finding) -> baseline fingerprint (SARIF)
    statistics: bool = False  # text: counts by rule instead of each finding
    snippets: bool = True  # text: the source line under each finding, the span underlined


@dataclass
class Totals:
    """What a run's summary needs of its files."""

    files: int = 0
    errors: int = 0
    severities: Counter[Severity] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)
    rules: Counter[tuple[str, str]] = field(default_factory=Counter)  # (code, name)

    @property
    def findings(self) -> int:
        return sum(self.severities.values())

    def add(self, report: FileReport) -> None:
        self.files += 1
        if report.error is not None:
            self.errors += 1
        self.severities.update(f.severity for f in report.findings)
        self.categories.update(f.category for f in report.findings)
        self.rules.update((f.rule, f.name) for f in report.findings)

    @classmethod
    def of(cls, reports: Sequence[FileReport]) -> Totals:
        totals = cls()
        for r in reports:
            totals.add(r)
        return totals


class Stream(Protocol):
    """One run rendered in parts; each method returns text to write (possibly empty)."""

    def start(self) -> str: ...

    def file(self, report: FileReport) -> str: ...

    def end(self, totals: Totals) -> str: ...


class Collected:
    """A whole-run format as a stream: keeps the reports and renders them all at the end."""

    def __init__(self, render: Callable[[Sequence[FileReport], RenderContext], str], context: RenderContext) -> None:
        self._render = render
        self._context = context
        self._reports: list[FileReport] = []

    def start(self) -> str:
        return ""

    def file(self, report: FileReport) -> str:
        self._reports.append(report)
        return ""

    def end(self, totals: Totals) -> str:
        text = self._render(self._reports, self._context)
        return text + "\n" if text else ""


# format name -> the module in this package whose `stream(context)` makes the format's Stream
FORMATS = ("text", "json", "sarif", "github", "junit")
_MODULES = {"text": "text", "json": "jsonfmt", "sarif": "sarif", "github": "github", "junit": "junit"}
# Formats that locate a finding's end and a fix by line and column, from the file's source.
NEED_SOURCE = frozenset({"sarif", "github"})
# Formats whose text for a file depends on that file's report and the context alone (their module has
# ``part(report, context)``), so a worker process can render it beside the lint.
PARTS = frozenset({"text", "json"})


@dataclass
class Rendered(FileReport):
    """A report whose own part of the output is already rendered (by the worker that linted it): the
    stream writes ``part`` as it is. Its document is dropped, which the formats of PARTS do not read
    once the part exists."""

    part: str = ""


def prerenderer(name: str, context: RenderContext) -> Callable[[FileReport], Rendered] | None:
    """What renders a file's part where it was linted, or None for a format that cannot (it renders the
    whole run at once, or reads other files' state). A module-level partial, so it pickles for spawn."""
    if name not in PARTS:
        return None
    return functools.partial(_prerender, name, dataclasses.replace(context, fingerprints=None))


def _prerender(name: str, context: RenderContext, report: FileReport) -> Rendered:
    module = importlib.import_module(f"{__name__}.{_MODULES[name]}")
    fields = vars(report) | {"document": None}
    return Rendered(**fields, part=module.part(report, context))


def stream(name: str, context: RenderContext | None = None) -> Stream:
    module = importlib.import_module(f"{__name__}.{_MODULES[name]}")
    made: Stream = module.stream(context or RenderContext())
    return made


def render(name: str, reports: Sequence[FileReport], context: RenderContext | None = None) -> str:
    """A whole run at once (the Python API and tests); the same text a stream writes."""
    s = stream(name, context)
    parts = [s.start(), *(s.file(r) for r in reports), s.end(Totals.of(reports))]
    return "".join(parts)
