"""Unused suppressions (CL901): a ``contentlint-disable`` that no longer hides anything.

The engine applies suppressions after every other check has run (see contentlint/suppress.py)
and reports the directives that matched no finding; this module only declares the rule.
"""

from __future__ import annotations

from ..model import Rule, Severity

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

RULES = (CL901,)
