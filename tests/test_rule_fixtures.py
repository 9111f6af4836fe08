"""Fixture and snapshot tests per rule: tests/fixtures/rules/CODE.txt|.md|.html and CODE.expected.json.

Each fixture mixes text that must be reported with look-alikes that must not; the snapshot lists
the exact spans and suggestions. After a reviewed change: pytest --update-snapshots.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contentlint import check_text
from contentlint.checks import RULES
from contentlint.config import Config
from contentlint.formats import format_for
from contentlint.model import Finding

FIXTURES = Path(__file__).parent / "fixtures" / "rules"


def _fixture(code: str) -> Path | None:
    for suffix in (".txt", ".md", ".html"):
        path = FIXTURES / f"{code}{suffix}"
        if path.exists():
            return path
    return None


def _snapshot(f: Finding, source: str) -> dict[str, object]:
    """What a finding says and what its fix would do, as ruff's snapshots record them."""
    entry: dict[str, object] = {
        "line": f.line,
        "column": f.column,
        "text": f.text,
        "suggestion": f.suggestion,
        "severity": f.severity.value,
        "message": f.message,
    }
    if f.fix is not None:
        entry["fix"] = {
            "safe": f.fix.safe,
            "replaces": source[f.fix.start : f.fix.end],
            "with": f.fix.replacement,
        }
    elif f.no_fix:
        entry["no_fix"] = f.no_fix
    return entry


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_fixture(code: str, update_snapshots: bool) -> None:
    path = _fixture(code)
    assert path is not None, f"rule {code} has no fixture in {FIXTURES}"
    source = path.read_text(encoding="utf-8")
    report = check_text(
        source, path=str(path), format=format_for(str(path)), config=Config(select=(code, *RULES[code].examples_select))
    )
    # Only this rule's findings: examples_select may add the rules it needs.
    got = [_snapshot(f, source) for f in report.findings if f.rule == code]
    for f in report.findings:
        assert source[f.start : f.end] == f.text
    expected_path = path.with_name(f"{code}.expected.json")
    if update_snapshots:
        expected_path.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert expected_path.exists(), f"{code}: no snapshot; review the findings and run pytest --update-snapshots"
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert got == expected
    assert got, f"{code}: the fixture must contain at least one reported case"
