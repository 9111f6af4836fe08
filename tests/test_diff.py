"""The `fix` diff built from edits: same bytes as difflib's unified diff, valid as a patch, linear work."""

from __future__ import annotations

import difflib
import re
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contentlint.api import Linter
from contentlint.config import Config
from contentlint.diff import NO_NEWLINE, Span, compose, unified_diff
from contentlint.edits import apply
from contentlint.fix import FixResult, fix_document
from contentlint.formats import load_string

from .conftest import SAMPLES

BREAKS = ("\n", "\r\n", "\r", "")
HUNK = re.compile(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@\n")


def reference(old: str, new: str) -> str:
    """difflib.unified_diff of the two texts, with GNU diff's marker after a last line lacking its break."""
    out: list[str] = []
    lines = difflib.unified_diff(old.splitlines(True), new.splitlines(True), "a/doc", "b/doc")
    for k, line in enumerate(lines):
        out.append(line)
        if k >= 2 and not line.startswith("@@") and line.splitlines()[0] == line:
            out += ["\n", NO_NEWLINE]
    return "".join(out)


@st.composite
def documents(draw: st.DrawFn, unique: bool = True) -> str:
    """Short lines of a, b and spaces with any line ending; with ``unique``, each line starts with its own tag."""
    n = draw(st.integers(0, 8))
    lines = []
    for k in range(n):
        body = draw(st.text("ab ", max_size=4))
        lines.append((f"<{k}>" if unique else "") + body + draw(st.sampled_from(BREAKS)))
    return "".join(lines)


@st.composite
def edits_of(draw: st.DrawFn, doc: str) -> list[Span]:
    """Non-overlapping edits (replacements, deletions, insertions; at the start and end too)."""
    cuts = sorted(draw(st.lists(st.integers(0, len(doc)), max_size=6)))
    if len(cuts) % 2:
        cuts.pop()
    new_text = st.lists(st.sampled_from(["x", "y", "\n", "\r", "\r\n"]), max_size=3).map("".join)
    return [Span(s, e, draw(new_text)) for s, e in zip(cuts[::2], cuts[1::2], strict=True)]


@settings(max_examples=600, deadline=None)
@given(st.data())
def test_same_bytes_as_difflib(data: st.DataObject) -> None:
    doc = data.draw(documents())
    edits = data.draw(edits_of(doc))
    expected = reference(doc, apply(doc, edits))  # type: ignore[arg-type]
    # whole_below=0: compared window by window, as a long document is.
    assert unified_diff(doc, edits, "a/doc", "b/doc", whole_below=0) == expected
    assert unified_diff(doc, edits, "a/doc", "b/doc") == expected


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_short_texts_with_repeated_lines_give_difflibs_bytes(data: st.DataObject) -> None:
    doc = data.draw(documents(unique=False))
    edits = data.draw(edits_of(doc))
    assert unified_diff(doc, edits, "a/doc", "b/doc") == reference(doc, apply(doc, edits))  # type: ignore[arg-type]


def patched(old: str, diff: str) -> str:
    """``old`` with a unified diff applied, checking every context and removed line against it."""
    lines = old.splitlines(True)
    out: list[str] = []
    pos = 0
    body = diff.split("\n", 2)[2] if diff else ""
    for m in HUNK.finditer(body):
        start = int(m.group(1)) - (0 if m.group(2) == "0" else 1)
        out += lines[pos:start]
        pos = start
        for mark, text in _hunk_text(body, m.end()):
            if mark in " -":
                assert lines[pos] == text, (pos, lines[pos], text)
                pos += 1
            if mark in " +":
                out.append(text)
    return "".join(out + lines[pos:])


def _hunk_text(body: str, at: int) -> list[tuple[str, str]]:
    """The (mark, line) pairs of the hunk starting at ``at``, line breaks as in the file."""
    stop = HUNK.search(body, at)
    text = body[at : stop.start() if stop else len(body)]
    pairs: list[tuple[str, str]] = []
    for piece in re.split(r"(?<=\n)(?=[ +\-\\])", text):
        if piece == NO_NEWLINE:
            mark, line = pairs.pop()
            pairs.append((mark, line[:-1]))  # the "\n" added before the marker is not the file's
        elif piece:
            pairs.append((piece[0], piece[1:]))
    return pairs


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_repeated_lines_still_give_a_diff_that_applies(data: st.DataObject) -> None:
    doc = data.draw(documents(unique=False).filter(lambda d: "\r" not in d))
    edits = [e for e in data.draw(edits_of(doc)) if "\r" not in e.replacement]
    new = apply(doc, edits)  # type: ignore[arg-type]
    diff = unified_diff(doc, edits, "a/doc", "b/doc", whole_below=0)
    assert patched(doc, diff) == new
    assert (diff == "") == (doc == new)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_composed_rounds_equal_applying_them_in_turn(data: st.DataObject) -> None:
    doc = data.draw(documents())
    first = data.draw(edits_of(doc))
    middle = apply(doc, first)  # type: ignore[arg-type]
    second = data.draw(edits_of(middle))
    composed = compose(first, second, middle)
    assert apply(doc, composed) == apply(middle, second)  # type: ignore[arg-type]
    assert all(a.end <= b.start for a, b in pairwise(composed))


def test_headers_ranges_and_missing_final_newline() -> None:
    old = "one\ntwo\nthree"
    diff = unified_diff(old, [Span(8, 13, "3")], "a/f.txt", "b/f.txt")
    assert diff == (
        "--- a/f.txt\n+++ b/f.txt\n@@ -1,3 +1,3 @@\n one\n two\n-three\n" + NO_NEWLINE + "+3\n" + NO_NEWLINE
    )
    assert unified_diff("", [Span(0, 0, "new\n")], "a", "b") == "--- a\n+++ b\n@@ -0,0 +1 @@\n+new\n"
    assert unified_diff("same\n", [Span(0, 4, "same")], "a", "b") == ""


def test_far_apart_edits_make_separate_hunks_and_near_ones_merge() -> None:
    old = "".join(f"line {k}\n" for k in range(40))
    at = [old.index(f"line {k}\n") for k in (2, 9, 30)]
    edits = [Span(p, p + 4, "LINE") for p in at]
    diff = unified_diff(old, edits, "a", "b")
    assert diff == reference(old, apply(old, edits)).replace("a/doc", "a").replace("b/doc", "b")  # type: ignore[arg-type]
    assert [m.group(0) for m in HUNK.finditer(diff)] == ["@@ -1,13 +1,13 @@\n", "@@ -28,7 +28,7 @@\n"]


def test_fix_diff_of_the_samples_is_difflibs() -> None:
    config = Config()
    linter = Linter(config)
    for path in sorted(Path(SAMPLES).iterdir()):
        fmt = {".md": "markdown", ".html": "html"}.get(path.suffix, "text")
        result = fix_document(load_string(path.read_text(), path.name, fmt), linter, config, unsafe=True)  # type: ignore[arg-type]
        assert result.changed == bool(result.edits), path.name
        expected = reference(result.original, result.fixed).replace("a/doc", f"a/{path.name}")
        assert result.diff() == expected.replace("b/doc", f"b/{path.name}"), path.name


def test_a_result_without_edits_still_diffs() -> None:
    result = FixResult(path="p.txt", original="a\nb\nc\n", fixed="a\nB\nc\n")
    assert result.diff() == "--- a/p.txt\n+++ b/p.txt\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"


def article(paragraphs: int) -> str:
    """A long Markdown text of our own: headings, numbered paragraphs and blank lines (popular lines)."""
    parts = []
    for k in range(paragraphs):
        if k % 7 == 0:
            parts.append(f"## Part {k // 7}\n\n")
        parts.append(f"Paragraph {k} says the serum is gentle and the cream is rich.\n\n")
    return "".join(parts)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_long_text_window_by_window_is_difflibs(data: st.DataObject) -> None:
    doc = article(150)  # over 200 lines: difflib leaves the blank line out of its index
    picks = sorted(set(data.draw(st.lists(st.integers(0, 149), max_size=12))))
    edits = []
    for k in picks:
        at = doc.index(f"Paragraph {k} ")
        kind = data.draw(st.sampled_from(["word", "drop", "split"]))
        if kind == "word":
            edits.append(Span(at + doc[at:].index("gentle"), at + doc[at:].index("gentle") + 6, "mild"))
        elif kind == "drop":
            edits.append(Span(at, doc.index("\n\n", at) + 2, ""))
        else:
            edits.append(Span(at + doc[at:].index(" and"), at + doc[at:].index(" and") + 1, "\n\n"))
    expected = reference(doc, apply(doc, edits))  # type: ignore[arg-type]
    assert unified_diff(doc, edits, "a/doc", "b/doc", whole_below=0) == expected


def test_a_long_text_is_compared_in_windows_around_its_edits(monkeypatch: pytest.MonkeyPatch) -> None:
    """The work: difflib sees each line in at most two windows (one per neighbouring edit), never the whole text."""
    import contentlint.diff as diff_module

    seen: list[int] = []
    real = difflib.SequenceMatcher

    def counting(isjunk: None, a: list[str], b: list[str], autojunk: bool = True) -> difflib.SequenceMatcher[str]:
        seen.append(len(a) + len(b))
        return real(isjunk, a, b, autojunk)

    monkeypatch.setattr(diff_module.difflib, "SequenceMatcher", counting)
    doc = article(3000)  # about 6,900 lines
    lines = doc.count("\n")
    edits = []
    for k in range(0, 3000, 10):
        at = doc.index(f"Paragraph {k} ") + len(f"Paragraph {k} says the ")
        edits.append(Span(at, at + len("serum"), "lotion"))
    diff = unified_diff(doc, edits, "a/doc", "b/doc")
    monkeypatch.undo()
    assert diff == reference(doc, apply(doc, edits))  # type: ignore[arg-type]
    new_lines = apply(doc, edits).count("\n")  # type: ignore[arg-type]
    assert len(seen) == len(edits) and sum(seen) <= 2 * (lines + new_lines)
    assert max(seen) < 100
