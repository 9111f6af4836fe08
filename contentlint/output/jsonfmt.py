"""The versioned JSON wire format (see README, "JSON output")."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .. import JSON_SCHEMA_VERSION
from ..model import FileReport
from . import RenderContext


def render(reports: Sequence[FileReport]) -> str:
    files = [r.to_json() for r in reports]
    summary = {
        "files": len(reports),
        "findings": sum(len(r.findings) for r in reports),
        "errors": sum(1 for r in reports if r.error is not None),
    }
    return json.dumps(
        {"version": JSON_SCHEMA_VERSION, "files": files, "summary": summary}, indent=2, ensure_ascii=False
    )


def render_run(reports: Sequence[FileReport], context: RenderContext) -> str:
    return render(reports)
