"""The checks, one module per rule family. ``ALL_CHECKS`` is the registry the engine runs."""

from __future__ import annotations

from ..model import Check, Rule
from . import boilerplate, claims, headings, links, readability, spun, suppressions

ALL_CHECKS: tuple[Check, ...] = (
    *headings.CHECKS,
    *spun.CHECKS,
    *links.CHECKS,
    *boilerplate.CHECKS,
    *claims.CHECKS,
    *readability.CHECKS,
)

RULES: dict[str, Rule] = {rule.code: rule for check in ALL_CHECKS for rule in check.rules}
RULES.update({rule.code: rule for rule in suppressions.RULES})
RULE_CODES = frozenset(RULES)
