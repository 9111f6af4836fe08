"""Inline suppressions in Markdown, HTML and plain text, and the opt-in unused-suppression rule."""

from __future__ import annotations

from contentlint import check_text
from contentlint.config import Config

SPUN = "It deals many benefits."


def rules(text: str, fmt: str, select: tuple[str, ...] = ("CL",)) -> list[tuple[int, str]]:
    return [(f.line, f.rule) for f in check_text(text, format=fmt, config=Config(select=select)).findings]  # type: ignore[arg-type]


def test_markdown_disable_enable_and_next_line() -> None:
    text = (
        f"# T\n\n<!-- contentlint-disable CL101 -->\n{SPUN}\n\n{SPUN}\n<!-- contentlint-enable CL101 -->\n\n{SPUN}\n\n"
        f"<!-- contentlint-disable-next-line -->\n{SPUN}\n\n{SPUN}\n"
    )
    assert rules(text, "markdown") == [(9, "CL101"), (14, "CL101")]


def test_prefix_codes_and_other_rules_unaffected() -> None:
    text = f"<!-- contentlint-disable-next-line CL4 -->\n{SPUN} It heals acne.\n"
    assert rules(text, "markdown") == [(2, "CL101")]


def test_html_comments() -> None:
    text = f"<p>{SPUN}</p>\n<!-- contentlint-disable-next-line CL101 -->\n<p>{SPUN}</p>\n"
    assert rules(text, "html") == [(1, "CL101")]


def test_plain_text_directive_lines_are_not_prose() -> None:
    text = (
        f"Tips\n\ncontentlint-disable-next-line CL101\n{SPUN}\n\ncontentlint-disable\n\n{SPUN}\n\ncontentlint-enable\n"
    )
    assert rules(text, "text") == []


def test_unused_suppressions_are_opt_in() -> None:
    text = (
        f"<!-- contentlint-disable-next-line CL101 -->\nWear sunscreen.\n\n<!-- contentlint-disable CL1 -->\n{SPUN}\n"
    )
    assert rules(text, "markdown") == []
    assert rules(text, "markdown", ("CL", "CL901")) == [(1, "CL901")]
