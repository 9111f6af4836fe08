"""Offsets always map back: for every finding, source[start:end] == text, and line/column agree."""

from __future__ import annotations

import html
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from contentlint import check_path, check_text
from contentlint.formats import load_string

from .conftest import sample_paths


def _assert_consistent(source: str, findings: list) -> int:  # type: ignore[type-arg]
    """Every finding's text, line and column agree with its offsets; returns how many were checked."""
    for f in findings:
        assert source[f.start : f.end] == f.text, f
        line_start = source.rfind("\n", 0, f.start) + 1
        assert f.line == source.count("\n", 0, f.start) + 1
        assert f.column == f.start - line_start + 1
    return len(findings)


def test_offsets_on_every_sample() -> None:
    checked = 0
    for path in sample_paths():
        report = check_path(path)
        assert report.error is None
        checked += _assert_consistent(path.read_text(encoding="utf-8"), report.findings)
    assert checked > 50  # the spun samples have dozens of findings: the loop must not be vacuous


def test_offsets_on_the_corpus(corpus: Path) -> None:
    """Every article of every format (.txt, .md, .html) in the corpus: offsets map back to the source."""
    paths = sorted(p for p in corpus.rglob("*") if p.suffix in (".txt", ".md", ".html"))
    assert paths, f"no articles in {corpus}"
    checked = 0
    for path in paths:
        report = check_path(path)
        assert report.error is None, (path, report.error)
        checked += _assert_consistent(path.read_text(encoding="utf-8"), report.findings)
        gold = path.with_suffix(".json")
        if gold.exists():
            json.loads(gold.read_text(encoding="utf-8"))
    assert checked > 0


WORDS = st.sampled_from(
    [
        "skin",
        "kind",
        "deals",
        "many",
        "benefits",
        "collagen",
        "manufacturing",
        "the",
        "a",
        "Allow's",
        "check",
        "out",
        "sun",
        "direct",
        "exposure",
        "&amp;",
        "&#39;",
        "x<y",
        "*",
        "_",
    ]
)
TAGS = st.sampled_from(["b", "i", "em", "strong", "span", "a"])


@st.composite
def html_fragments(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 12))):
        words = " ".join(draw(st.lists(WORDS, min_size=1, max_size=8)))
        tag = draw(st.one_of(st.none(), TAGS))
        block = draw(st.sampled_from(["p", "li", "h2", "div"]))
        inner = f"<{tag}>{words}</{tag}>" if tag else words
        parts.append(f"<{block}>{inner} {draw(st.sampled_from(['.', '!', '', ' and more']))}</{block}>")
    return "\n".join(parts)


@settings(max_examples=60, deadline=None)
@given(html_fragments())
def test_html_pieces_map_to_their_source(source: str) -> None:
    doc = load_string(source, "x.html")
    for piece in doc.offsets.pieces:
        text = doc.text[piece.text_start : piece.text_end]
        raw = source[piece.src_start : piece.src_end]
        assert text == (raw if piece.exact else html.unescape(raw))
    _assert_consistent(source, check_text(source, format="html").findings)


@st.composite
def markdown_docs(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 10))):
        words = " ".join(draw(st.lists(WORDS, min_size=1, max_size=8)))
        kind = draw(st.sampled_from(["", "# ", "## ", "- ", "> ", "1. "]))
        emph = draw(st.sampled_from(["{}", "*{}*", "**{}**", "`{}`", "[{}](https://e.example/x)"]))
        lines.append(kind + emph.format(words))
    return "\n\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None)
@given(markdown_docs())
def test_markdown_findings_map_back(source: str) -> None:
    doc = load_string(source, "x.md")
    for piece in doc.offsets.pieces:
        text = doc.text[piece.text_start : piece.text_end]
        raw = source[piece.src_start : piece.src_end]
        if piece.exact:
            assert text == raw
    _assert_consistent(source, check_text(source, format="markdown").findings)
