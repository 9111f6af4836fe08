"""Rule pages are generated from the rules; docs/rules.md must be regenerated when a rule changes."""

from __future__ import annotations

from contentlint.checks import RULES
from contentlint.ruledocs import render, render_all, with_readme_table

from .conftest import ROOT


def test_rule_pages_are_up_to_date() -> None:
    expected = render_all(sorted(RULES.values(), key=lambda r: r.code))
    actual = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert actual == expected, "run: python -m contentlint.ruledocs"


def test_readme_rule_table_is_up_to_date() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert with_readme_table(readme, sorted(RULES.values(), key=lambda r: r.code)) == readme, (
        "run: python -m contentlint.ruledocs"
    )


def test_rules_name_their_data_files_and_every_data_file_has_a_rule() -> None:
    from contentlint import ruledata

    named = {name for rule in RULES.values() for name in rule.data_files}
    assert named <= set(ruledata.names()), named - set(ruledata.names())
    assert set(ruledata.names()) <= named, f"data files no rule names: {set(ruledata.names()) - named}"


def test_every_page_has_the_four_sections() -> None:
    for rule in RULES.values():
        page = render(rule)
        for section in ("## What it does", "## Why it matters", "## Example", "## Fix"):
            assert section in page


def test_rule_data_files_name_sources_and_licences() -> None:
    import tomllib

    for path in (ROOT / "rules").glob("*.toml"):
        meta = tomllib.loads(path.read_text(encoding="utf-8"))["meta"]
        assert meta["sources"] and meta["licence"], path.name
