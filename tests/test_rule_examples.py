"""Every rule documents examples that must fire and must not fire, and they do (proselint's rule)."""

from __future__ import annotations

import pytest

from contentlint import check_text
from contentlint.checks import RULES
from contentlint.config import Config
from contentlint.model import FixSafety

RULE_LIST = sorted(RULES.values(), key=lambda r: r.code)


def _fmt(rule) -> str:  # type: ignore[no-untyped-def]
    return {"text": "text", "markdown": "markdown", "html": "html"}[rule.examples_format]


@pytest.mark.parametrize("rule", RULE_LIST, ids=lambda r: r.code)
def test_rule_has_examples_and_docs(rule) -> None:  # type: ignore[no-untyped-def]
    assert rule.must_fire, f"{rule.code} has no example that must fire"
    assert rule.must_not_fire, f"{rule.code} has no example that must not fire"
    for part in (rule.summary, rule.why, rule.fix):
        assert len(part) > 20, f"{rule.code}: documentation too thin"


@pytest.mark.parametrize(
    ("rule", "example"), [(r, e) for r in RULE_LIST for e in r.must_fire], ids=lambda v: getattr(v, "code", "")
)
def test_must_fire(rule, example: str) -> None:  # type: ignore[no-untyped-def]
    report = check_text(example, format=_fmt(rule), config=Config(select=(rule.code, *rule.examples_select)))
    assert any(f.rule == rule.code for f in report.findings), f"{rule.code} did not fire on: {example!r}"


@pytest.mark.parametrize(
    ("rule", "example"), [(r, e) for r in RULE_LIST for e in r.must_not_fire], ids=lambda v: getattr(v, "code", "")
)
def test_must_not_fire(rule, example: str) -> None:  # type: ignore[no-untyped-def]
    report = check_text(example, format=_fmt(rule), config=Config(select=(rule.code, *rule.examples_select)))
    hits = [f.text for f in report.findings if f.rule == rule.code]
    assert not hits, f"{rule.code} fired on {hits!r} in: {example!r}"


def test_codes_are_stable_and_unique() -> None:
    names = [r.name for r in RULE_LIST]
    assert len(set(names)) == len(names)
    assert all(r.code.startswith("CL") and r.code[2:].isdigit() and len(r.code) == 5 for r in RULE_LIST)


@pytest.mark.parametrize("rule", RULE_LIST, ids=lambda r: r.code)
def test_fix_safety_is_what_the_rule_yields(rule) -> None:  # type: ignore[no-untyped-def]
    """A rule declared fixable yields a fix of its declared safety on at least one of its examples; a rule
    declared unfixable never yields one. The rule page and `fix` rely on the declaration."""
    select = Config(select=(rule.code, *rule.examples_select))
    fixes = [
        f.fix
        for example in rule.must_fire
        for f in check_text(example, format=_fmt(rule), config=select).findings
        if f.rule == rule.code and f.fix is not None
    ]
    if rule.fix_safety is FixSafety.NONE:
        assert not fixes, f"{rule.code} is declared without a fix but yields {fixes}"
    else:
        assert fixes, f"{rule.code} declares fix safety {rule.fix_safety} but no example yields a fix"
        assert all(fix.safe == (rule.fix_safety is FixSafety.SAFE) for fix in fixes), fixes
