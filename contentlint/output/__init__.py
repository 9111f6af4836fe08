"""Report formats: one module per format, found through one registry.

``render(name, reports, context)`` renders a run's reports; the text format can also be streamed a
file at a time (``render_file``), which `check` does so that a long run shows progress and keeps no
more of each file than its findings.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..model import FileReport, Severity


@dataclass(frozen=True)
class RenderContext:
    colour: bool = False
    fail_on: Severity = Severity.WARNING
    streamed: bool = False  # the text format's per-file lines were already printed during the run
    fingerprints: Mapping[int, str] | None = None  # id(finding) -> baseline fingerprint (SARIF)


Renderer = Callable[[Sequence[FileReport], RenderContext], str]

# format name -> (module in this package, function taking (reports, context))
_REGISTRY: dict[str, tuple[str, str]] = {
    "text": ("text", "render_run"),
    "json": ("jsonfmt", "render_run"),
    "sarif": ("sarif", "render_run"),
    "github": ("github", "render_run"),
    "junit": ("junit", "render_run"),
}
FORMATS = tuple(_REGISTRY)


def renderer(name: str) -> Renderer:
    module, function = _REGISTRY[name]
    found: Renderer = getattr(importlib.import_module(f"{__name__}.{module}"), function)
    return found


def render(name: str, reports: Sequence[FileReport], context: RenderContext | None = None) -> str:
    return renderer(name)(reports, context or RenderContext())
