"""CL104 spintax residue: the rule added the way every rule is added (its module, its data file, its
fixture), and its repair of nested groups."""

from __future__ import annotations

import pytest

from contentlint.api import Linter
from contentlint.checks import ALL_CHECKS, RULES
from contentlint.config import Config
from contentlint.fix import fix_document
from contentlint.formats import load_string
from contentlint.ruledata import RuleDataError, Shape


def _fix(text: str) -> str:
    return fix_document(load_string(text, "x.txt", "text"), Linter(Config()), Config()).fixed


def test_registered_by_its_module_alone() -> None:
    assert "CL104" in RULES and any("CL104" in check.codes for check in ALL_CHECKS)


def test_nested_groups_are_repaired_inside_out() -> None:
    assert _fix("It is {very {good|great}|excellent} for oily skin.\n") == "It is very good for oily skin.\n"
    assert _fix("Use [spin]a gentle|a mild[/spin] cleanser.\n") == "Use a gentle cleanser.\n"


def test_markdown_code_is_left_alone() -> None:
    text = "Tips\n\nSet `{a|b}` in the template, then spin {best|top} copies.\n"
    fixed = fix_document(load_string(text, "x.md", "markdown"), Linter(Config()), Config()).fixed
    assert fixed == "Tips\n\nSet `{a|b}` in the template, then spin best copies.\n"


def test_a_data_file_of_the_wrong_shape_fails_loudly() -> None:
    from contentlint.checks.spintax import SHAPE

    with pytest.raises(RuleDataError, match=r"unknown table \[syntaxes\]"):
        SHAPE.check("spintax", {"meta": {}, "syntax": [], "syntaxes": []})
    with pytest.raises(RuleDataError, match=r"missing \[syntax\]"):
        SHAPE.check("spintax", {"meta": {}})
    with pytest.raises(RuleDataError, match="must be a list"):
        SHAPE.check("spintax", {"meta": {}, "syntax": [{"name": "braces"}]})
    assert isinstance(SHAPE, Shape)
