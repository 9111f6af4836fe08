"""The checks, one module per rule family, found by their ``CHECKS``: adding a module that defines
``CHECKS`` (and its rules) is all it takes to add a rule family; nothing else lists them."""

from __future__ import annotations

import importlib
import pkgutil

from ..model import Check, Rule


def _discover() -> tuple[tuple[Check, ...], tuple[Rule, ...]]:
    checks: list[Check] = []
    rules: list[Rule] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        checks.extend(getattr(module, "CHECKS", ()))
        rules.extend(getattr(module, "ENGINE_RULES", ()))  # reported by the engine itself (CL901)
    # Rule-code order: the order findings of one span are produced in does not depend on file names.
    checks.sort(key=lambda c: min(r.code for r in c.rules))
    return tuple(checks), tuple(rules)


ALL_CHECKS, _OTHER_RULES = _discover()

RULES: dict[str, Rule] = {rule.code: rule for check in ALL_CHECKS for rule in check.rules}
RULES.update({rule.code: rule for rule in _OTHER_RULES})
RULE_CODES = frozenset(RULES)
