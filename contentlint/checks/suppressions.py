"""Unused suppressions (CL901): a ``contentlint-disable`` that no longer hides anything.

The engine applies suppressions after every other check has run (see contentlint/suppress.py),
then asks this module for the directives that matched no finding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Finding, Rule, Severity

if TYPE_CHECKING:
    from ..config import Config
    from ..document import Document
    from ..suppress import Directive

CL901 = Rule(
    code="CL901",
    name="unused-suppression",
    category="suppression",
    severity=Severity.WARNING,
    summary="Finds contentlint-disable and contentlint-disable-next-line directives that suppress no finding. "
    "Opt-in: select it by its code (--select CL901).",
    why="A suppression outlives the text it was written for; left in place it would silently hide a new "
    "finding later. Removing stale ones keeps suppressions honest, as ruff's unused-noqa rule does.",
    fix="Delete the directive, or narrow it to the rule codes it still needs.",
    must_fire=("<!-- contentlint-disable-next-line CL101 -->\nWear sunscreen every day.\n",),
    must_not_fire=("<!-- contentlint-disable-next-line CL101 -->\nIt deals many benefits.\n",),
    examples_format="markdown",
    opt_in=True,
    examples_select=("CL101",),
)

# A rule the engine reports itself (after suppressions are applied), not through a check.
ENGINE_RULES = (CL901,)


def unused_directives(document: Document, directives: list[Directive], config: Config) -> list[Finding]:
    """CL901 findings for the directives that suppressed nothing (an opt-in rule: selected by its code)."""
    if not config.selects_explicitly(CL901.code):
        return []
    severity = config.severity.get(CL901.code, CL901.severity)
    out = []
    for d in directives:
        if d.used:
            continue
        line, column = document.line_col(d.start)
        what = ", ".join(d.codes) if d.codes else "every rule"
        out.append(
            Finding(
                rule=CL901.code,
                name=CL901.name,
                category=CL901.category,
                severity=severity,
                message=f"This contentlint-{d.kind} ({what}) suppresses no finding: delete it.",
                start=d.start,
                end=d.end,
                line=line,
                column=column,
                text=document.source[d.start : d.end],
            )
        )
    return out
