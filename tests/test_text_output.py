"""The text format a person reads: each finding's source line with the span underlined and the
suggestion beside it, a summary by category, and --statistics by rule."""

from __future__ import annotations

from pathlib import Path

from contentlint import check_text
from contentlint.output import RenderContext, Totals, render
from contentlint.output.text import render_file

from .test_cli import run


def _lines(text: str, fmt: str = "text") -> list[str]:
    return render_file(check_text(text, format=fmt), colour=False).splitlines()  # type: ignore[arg-type]


def test_span_is_underlined_under_its_source_line() -> None:
    lines = _lines("Tips\n\nIt deals many benefits for every skin.\n")
    i = next(k for k, line in enumerate(lines) if "CL101" in line)
    assert lines[i + 1] == "3 | It deals many benefits for every skin."
    assert lines[i + 2] == '  |    ^^^^^^^^^^^^^^^^^^^ Suggestion: "offers many benefits"'


def test_long_lines_are_cut_to_a_window_around_the_span() -> None:
    long = "Skin care " * 30 + "deals many benefits" + " for you" * 30
    lines = _lines(f"Tips\n\n{long}.\n")
    i = next(k for k, line in enumerate(lines) if "CL101" in line)
    source, marks = lines[i + 1], lines[i + 2]
    assert source.startswith("3 | …") and source.endswith("…") and len(source) < 120
    assert source.index("deals") == marks.index("^")


def test_wide_characters_and_tabs_keep_the_underline_aligned() -> None:
    lines = _lines("Tips\n\n美容\tIt deals many benefits.\n")
    i = next(k for k, line in enumerate(lines) if "CL101" in line)
    source, marks = lines[i + 1], lines[i + 2]
    assert "\t" not in source
    # two wide characters take four columns, the tab one: the carets start under "deals"
    assert marks.index("^") == len("3 | ") + 4 + 1 + len("It ")


def test_summary_by_category_and_statistics_by_rule() -> None:
    reports = [check_text("Tips\n\nAllow's begin. It deals many benefits. This serum heals acne scars.\n")]
    text = render("text", reports, RenderContext())
    assert "Found" in text and "  spun-phrase" in text and "  unsupported-claim" in text
    stats = render("text", reports, RenderContext(statistics=True))
    assert "CL101  spun-phrase" in stats and "^" not in stats
    assert Totals.of(reports).rules[("CL101", "spun-phrase")] == 2


def test_cli_statistics_and_no_source(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.txt").write_text("Tips\n\nAllow's begin.\n")
    stats = run("check", "a.txt", "--statistics", cwd=tmp_path)
    assert stats.returncode == 1 and "     1  CL101  spun-phrase" in stats.stdout and "a.txt:3" not in stats.stdout
    plain = run("check", "a.txt", "--no-source", cwd=tmp_path)
    assert "a.txt:3:1: CL101" in plain.stdout and " | " not in plain.stdout


def test_color_always_keeps_the_styles_in_a_pipe(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.txt").write_text("Tips\n\nAllow's begin.\n")
    coloured = run("check", "a.txt", "--color", "always", cwd=tmp_path)
    assert "\x1b[" in coloured.stdout
    assert "\x1b[" not in run("check", "a.txt", cwd=tmp_path).stdout


def test_one_word_is_singular(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("Hello\n", encoding="utf-8")
    out = run("check", "one.txt", cwd=tmp_path).stdout
    assert "0 findings, 1 word\n" in out
