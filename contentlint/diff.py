"""A unified diff built from the edits that made a text, in time linear in the text's length.

``difflib.unified_diff`` compares every line of the two texts and takes quadratic time on long
documents, although `fix` knows exactly where it changed the text. Here the changed lines are found
from the edits themselves (each edit's lines, widened where a changed line break splits or joins
lines), and difflib only compares a window around each run of changed lines, reaching to the
neighbouring runs; windows are joined in the unchanged lines between them. The result is difflib's
output (same hunks and ``@@`` ranges, three lines of context, hunks merged when their contexts
touch), byte for byte whenever difflib pairs the unchanged lines between edits with themselves,
which it does unless those lines repeat near an edit. Texts under ``WHOLE_BELOW`` lines, where
difflib is fast anyway, are compared whole, so their diffs are always difflib's.

One addition to difflib: a last line without a line break is followed by
``\\ No newline at end of file``, as in GNU diff and git, so the diff applies with ``patch``.
"""

from __future__ import annotations

import bisect
import contextlib
import difflib
import gc
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

NO_NEWLINE = "\\ No newline at end of file\n"


class Change(Protocol):
    """What the diff needs of an edit: a span of the old text and what replaces it."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def replacement(self) -> str: ...


@dataclass(frozen=True)
class Span:
    """A replacement of ``old[start:end]``; also the result of composing edits of several rounds."""

    start: int
    end: int
    replacement: str


def compose(earlier: Sequence[Change], later: Sequence[Change], middle: str) -> list[Span]:
    """One list of edits on the first text with the effect of ``earlier`` and then ``later``.

    ``earlier`` (non-overlapping edits of text 0) gives ``middle``; ``later`` are non-overlapping edits
    of ``middle``. Edits of the two rounds that overlap or touch in ``middle`` become one edit.
    """
    # Every edit as a span of ``middle``: an earlier edit's span is where its replacement landed.
    events: list[tuple[int, int, int, Change]] = []
    delta = 0
    for e in sorted(earlier, key=lambda e: (e.start, e.end)):
        events.append((e.start + delta, e.start + delta + len(e.replacement), 0, e))
        delta += len(e.replacement) - (e.end - e.start)
    events += [(e.start, e.end, 1, e) for e in later]
    events.sort(key=lambda x: (x[0], x[1], x[2]))
    out: list[Span] = []
    shift = 0  # middle position minus text-0 position, left of the current group
    group: list[tuple[int, int, int, Change]] = []
    hi = -1
    for event in events:
        if group and event[0] > hi:
            span, shift = _compose_group(group, hi, shift, middle)
            out.append(span)
            group = []
        group.append(event)
        hi = max(hi, event[1]) if len(group) > 1 else event[1]
    if group:
        out.append(_compose_group(group, hi, shift, middle)[0])
    return out


def _compose_group(
    group: list[tuple[int, int, int, Change]], hi: int, shift: int, middle: str
) -> tuple[Span, int]:
    """The composed edit of one run of touching edits, and the shift to the right of it."""
    lo = group[0][0]
    start = lo - shift
    for _, _, which, e in group:
        if which == 0:
            shift += len(e.replacement) - (e.end - e.start)
    parts: list[str] = []
    pos = lo
    for _, _, which, e in group:
        if which == 1:
            parts += (middle[pos : e.start], e.replacement)
            pos = e.end
    parts.append(middle[pos:hi])
    return Span(start, hi - shift, "".join(parts)), shift


def one_edit(old: str, new: str) -> Span:
    """``old`` -> ``new`` as one edit, from the first to the last character that differs."""
    # Character by character is what is wanted here, not path components.
    head = len(os.path.commonprefix([old, new]))  # noqa: RUF071
    tail = len(os.path.commonprefix([old[head:][::-1], new[head:][::-1]]))  # noqa: RUF071
    return Span(head, len(old) - tail, new[head : len(new) - tail])


# -- the diff ----------------------------------------------------------------------------------

# What str.splitlines() ends a line at, so lines are cut exactly where difflib's callers cut them.
_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


class _Op(NamedTuple):
    """A difflib-style opcode; ``added`` holds the new lines of a change (empty for "equal")."""

    tag: str
    i1: int
    i2: int
    j1: int
    j2: int
    added: Sequence[str] = ()


@dataclass
class _Lines:
    """The old text cut into lines, with the offset of each line's start."""

    text: str
    lines: list[str]
    starts: list[int]

    @classmethod
    def of(cls, text: str) -> _Lines:
        lines = text.splitlines(keepends=True)
        starts = [0] * len(lines)
        pos = 0
        for k, line in enumerate(lines):
            starts[k] = pos
            pos += len(line)
        return cls(text, lines, starts)

    def line_of(self, pos: int) -> int:
        """Index of the line holding character ``pos`` (the line count when past a final line break)."""
        if pos >= len(self.text):
            return len(self.lines) - 1 if self.lines and self.lines[-1][-1] not in _BREAKS else len(self.lines)
        return bisect.bisect_right(self.starts, pos) - 1

    def offset(self, line: int) -> int:
        return self.starts[line] if line < len(self.lines) else len(self.text)

    def line_span(self, e: Change) -> tuple[int, int]:
        first = self.line_of(e.start)
        return first, min(len(self.lines), max(first, self.line_of(max(e.start, e.end - 1))) + 1)


# Below this many lines difflib compares the whole texts at once: exact, and still fast.
WHOLE_BELOW = 1000


def unified_diff(
    old: str, edits: Sequence[Change], fromfile: str, tofile: str, context: int = 3, whole_below: int = WHOLE_BELOW
) -> str:
    """The unified diff of ``old`` and ``old`` with ``edits`` (non-overlapping) applied."""
    with _no_cycle_collection():
        return _unified_diff(old, edits, fromfile, tofile, context, whole_below)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector: the diff makes no cycles, only many small objects.

    Its full passes scan every live object, and a long document keeps many alive (its lines, the
    edits, the windows' opcodes): with the collector on, a 1M-word diff took a third longer.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _unified_diff(
    old: str, edits: Sequence[Change], fromfile: str, tofile: str, context: int, whole_below: int
) -> str:
    src = _Lines.of(old)
    regions = _regions(src, sorted(edits, key=lambda e: (e.start, e.end)))
    ops = _coalesce(_opcodes(src, regions, whole=len(src.lines) < whole_below))
    if all(op.tag == "equal" for op in ops):  # also no ops at all
        return ""
    out = [f"--- {fromfile}\n", f"+++ {tofile}\n"]
    for group in _groups(ops, context):
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first.i1, last.i2)} +{_range(first.j1, last.j2)} @@\n")
        for op in group:
            _body(out, op, src.lines)
    return "".join(out)


def _regions(src: _Lines, edits: list[Change]) -> list[tuple[int, int, list[str]]]:
    """Runs of old lines touched by the edits, with their new lines: (first, last, new lines)."""
    regions: list[tuple[int, int, list[Change], str]] = []
    spans = [src.line_span(e) for e in edits]
    i = 0
    while i < len(edits):
        first, last = spans[i]
        group = [edits[i]]
        i += 1
        while True:
            while i < len(edits) and spans[i][0] <= last:
                last = max(last, spans[i][1])
                group.append(edits[i])
                i += 1
            if regions and regions[-1][1] >= first:
                prev = regions.pop()
                first, group = prev[0], prev[2] + group
            text = _rewrite(src, first, last, group)
            grown = _grow(src, first, last, text)
            if grown == (first, last):
                break
            first, last = grown
        regions.append((first, last, group, text))
    return [(first, last, text.splitlines(keepends=True)) for first, last, _, text in regions]


def _rewrite(src: _Lines, first: int, last: int, edits: list[Change]) -> str:
    """Old lines ``[first, last)`` with the edits applied."""
    pos = src.offset(first)
    parts: list[str] = []
    for e in edits:
        parts += (src.text[pos : e.start], e.replacement)
        pos = e.end
    parts.append(src.text[pos : src.offset(last)])
    return "".join(parts)


def _grow(src: _Lines, first: int, last: int, text: str) -> tuple[int, int]:
    """The region widened by a line where its new text would join the line before or after it.

    A new text that does not end in a line break runs on into the next line; one ending in "\r"
    before a next line starting with "\n" forms one "\r\n" break with it, as does a "\r" ending the
    line before with a new text (or, if it is empty, the next line) starting with "\n".
    """
    after = src.text[src.offset(last) : src.offset(last) + 1]
    if after and text and (text[-1] not in _BREAKS or (text[-1] == "\r" and after == "\n")):
        return first, last + 1
    begin = src.offset(first)
    if begin and src.text[begin - 1] == "\r" and (text or after)[:1] == "\n":
        return first - 1, last
    return first, last


@dataclass
class _Window:
    """Old lines ``[lo, hi)`` around one or more regions, and difflib's opcodes for them."""

    lo: int
    hi: int
    first: int  # index of the window's first region
    last: int  # one past its last region
    ops: list[_Op]


def _opcodes(src: _Lines, regions: list[tuple[int, int, list[str]]], whole: bool) -> Iterator[_Op]:
    """difflib's opcodes for the whole text, computed window by window.

    Each window is a run of changed regions with the unchanged lines up to the next regions on
    either side, compared with difflib (with the whole new text's popular lines, as difflib's
    autojunk would have them). Neighbouring windows are joined at the middle of the unchanged lines
    between them when both pair that line with itself, as difflib does when it anchors on them;
    where they do not, the two windows are compared as one. A ``whole`` text is one window.
    """
    if not regions:
        return
    popular = _popular(src, regions)
    deltas = [0]
    for first, last, new in regions:
        deltas.append(deltas[-1] + len(new) - (last - first))
    if whole:
        yield from _window(src, regions, deltas, popular, 0, len(regions)).ops
        return
    done: list[_Window] = []
    k = 0
    while k < len(regions):
        window = _window(src, regions, deltas, popular, k, k + 1)
        while done and not _joins(done[-1], window, regions, deltas):
            window = _window(src, regions, deltas, popular, done.pop().first, window.last)
        done.append(window)
        k = window.last
    cuts = [0] + [_cut(w, regions) for w in done[:-1]] + [len(src.lines)]
    for k, w in enumerate(done):
        yield from _slice(w.ops, cuts[k], cuts[k + 1], k == len(done) - 1)


def _cut(window: _Window, regions: list[tuple[int, int, list[str]]]) -> int:
    """The old line where this window hands over to the next: the middle of the lines between them."""
    return (regions[window.last - 1][1] + regions[window.last][0]) // 2


def _joins(left: _Window, right: _Window, regions: list[tuple[int, int, list[str]]], deltas: list[int]) -> bool:
    """Do both windows pair the old line at the cut with the same new line, in an unchanged run?"""
    cut = _cut(left, regions)
    delta = deltas[left.last]
    return _pairs(left.ops, cut, delta) and _pairs(right.ops, cut, delta)


def _pairs(ops: list[_Op], line: int, delta: int) -> bool:
    """Is old ``line`` in an unchanged run paired with new line ``line + delta``, nothing inserted before it?"""
    at = bisect.bisect_right([op.i1 for op in ops], line) - 1
    if at < 0:
        return False
    op = ops[at]
    inserted_before = op.i1 == line and at > 0 and ops[at - 1].i1 == ops[at - 1].i2 == line
    return op.tag == "equal" and op.i1 <= line < op.i2 and op.j1 - op.i1 == delta and not inserted_before


def _slice(ops: list[_Op], lo: int, hi: int, last: bool) -> Iterator[_Op]:
    """The opcodes for old lines ``[lo, hi)`` (and, for the ``last`` window, what is inserted at the end)."""
    for op in ops:
        if op.tag == "equal":
            i1, i2 = max(op.i1, lo), min(op.i2, hi)
            if i1 < i2:
                yield _Op("equal", i1, i2, op.j1 + i1 - op.i1, op.j1 + i2 - op.i1)
        elif lo <= op.i1 and (op.i1 < hi or last):
            yield op


def _window(
    src: _Lines,
    regions: list[tuple[int, int, list[str]]],
    deltas: list[int],
    popular: set[str],
    first: int,
    last: int,
) -> _Window:
    """difflib's opcodes for regions ``[first, last)`` and the unchanged lines up to their neighbours."""
    lo = regions[first - 1][1] if first else 0
    hi = regions[last][0] if last < len(regions) else len(src.lines)
    new: list[str] = src.lines[lo : regions[first][0]]
    for k in range(first, last):
        new += regions[k][2]
        new += src.lines[regions[k][1] : regions[k + 1][0] if k + 1 < last else hi]
    matcher = difflib.SequenceMatcher(None, src.lines[lo:hi], new, autojunk=False)
    index = matcher.b2j  # type: ignore[attr-defined]  # documented in difflib, missing from typeshed
    for line in popular.intersection(index):
        del index[line]  # as difflib's autojunk on the whole text would have it
    j0 = lo + deltas[first]
    ops = [
        _Op(tag, lo + i1, lo + i2, j0 + j1, j0 + j2, new[j1:j2] if tag != "equal" else ())
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]
    return _Window(lo, hi, first, last, ops)


def _popular(src: _Lines, regions: list[tuple[int, int, list[str]]]) -> set[str]:
    """The new text's lines that difflib's autojunk leaves out of its index (more than 1% of 200+ lines)."""
    size = len(src.lines) + sum(len(new) - (last - first) for first, last, new in regions)
    if size < 200:
        return set()
    counts = Counter(src.lines)
    for first, last, new in regions:
        counts.subtract(src.lines[first:last])
        counts.update(new)
    limit = size // 100 + 1
    return {line for line, n in counts.items() if n > limit}


def _coalesce(ops: Iterator[_Op]) -> list[_Op]:
    """Adjacent "equal" opcodes as one (a region may keep lines unchanged at its edges), as difflib has them."""
    out: list[_Op] = []
    for op in ops:
        if op.tag == "equal" and out and out[-1].tag == "equal":
            out[-1] = _Op("equal", out[-1].i1, op.i2, out[-1].j1, op.j2)
        elif op.i1 < op.i2 or op.j1 < op.j2:
            out.append(op)
    return out


def _groups(ops: list[_Op], n: int) -> Iterator[list[_Op]]:
    """Hunks as difflib forms them: ``n`` lines of context, joined when less than 2n lines apart."""
    if ops[0].tag == "equal":
        op = ops[0]
        ops[0] = _Op("equal", max(op.i1, op.i2 - n), op.i2, max(op.j1, op.j2 - n), op.j2)
    if ops[-1].tag == "equal":
        op = ops[-1]
        ops[-1] = _Op("equal", op.i1, min(op.i2, op.i1 + n), op.j1, min(op.j2, op.j1 + n))
    group: list[_Op] = []
    for op in ops:
        if op.tag == "equal" and op.i2 - op.i1 > 2 * n:
            group.append(_Op("equal", op.i1, op.i1 + n, op.j1, op.j1 + n))
            yield group
            group = []
            op = _Op("equal", op.i2 - n, op.i2, op.j2 - n, op.j2)
        group.append(op)
    if group and not (len(group) == 1 and group[0].tag == "equal"):
        yield group


def _range(start: int, stop: int) -> str:
    """A hunk's line range as unified diffs write it (1-based; "N,0" names the line before an empty range)."""
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


def _body(out: list[str], op: _Op, lines: list[str]) -> None:
    if op.tag == "equal":
        _emit(out, " ", lines[op.i1 : op.i2])
        return
    _emit(out, "-", lines[op.i1 : op.i2])
    _emit(out, "+", op.added)


def _emit(out: list[str], mark: str, lines: Sequence[str]) -> None:
    for line in lines:
        out += (mark, line)
        if line[-1] not in _BREAKS:  # only a file's last line can lack a break
            out += ("\n", NO_NEWLINE)
