"""Turning a check's proposed fix into a safe edit of the source, and applying edits.

A fix is only offered when it cannot damage the markup around it: a replacement whose source
span contains markup (an emphasis marker, a tag) is refused, and a removed heading or paragraph
takes its whole line or HTML element with it so nothing empty is left behind.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .document import Document, analysis_form
from .model import Fix

_MD_HEADING_PREFIX = re.compile(r"^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]*)?$")
_MD_HEADING_SUFFIX = re.compile(r"^[ \t]*(?:#+)?[ \t]*\r?\n?$")
_SETEXT = re.compile(r"^[ \t]{0,3}(?:=+|-+)[ \t]*(?:\r?\n|$)")
_OPEN_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9]*)\b[^<>]*>\s*\Z")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


@dataclass(frozen=True)
class Edit:
    """A source edit with the rule it repairs."""

    start: int
    end: int
    replacement: str
    rule: str
    remove_block: bool = False


def _line_bounds(src: str, start: int, end: int) -> tuple[int, int]:
    ls = src.rfind("\n", 0, start) + 1
    le = src.find("\n", end)
    return ls, (len(src) if le == -1 else le + 1)


def _swallow_blank_lines(src: str, pos: int) -> int:
    """Extend past the blank lines after a removed block, so no double gap is left."""
    while pos < len(src):
        nl = src.find("\n", pos)
        line = src[pos:] if nl == -1 else src[pos : nl + 1]
        if line.strip():
            break
        pos = len(src) if nl == -1 else nl + 1
    return pos


def block_span(document: Document, start: int, end: int) -> tuple[int, int] | None:
    """The source span of the whole block whose text is ``source[start:end]``, or None if unsure."""
    src = document.source
    if document.format in ("text", "markdown"):
        ls, le = _line_bounds(src, start, end)
        prefix, suffix = src[ls:start], src[end:le]
        if document.format == "text":
            if prefix.strip() or suffix.strip():
                return None
        else:
            if not _MD_HEADING_PREFIX.match(prefix) or not _MD_HEADING_SUFFIX.match(suffix):
                return None
            setext = _SETEXT.match(src, le)
            if setext and src[le:].strip():
                le = setext.end()
        return ls, _swallow_blank_lines(src, le)
    window = max(0, start - 400)
    opening = _OPEN_TAG.search(src, window, start)
    if not opening:
        return None
    tag = opening.group(1)
    closing = re.compile(rf"\s*</{tag}\s*>", re.IGNORECASE).match(src, end)
    if not closing:
        return None
    s, e = opening.start(), closing.end()
    ls = src.rfind("\n", 0, s) + 1
    if not src[ls:s].strip():
        s = ls
        nl = src.find("\n", e)
        if nl != -1 and not src[e:nl].strip():
            e = nl + 1
    return s, e


def _escape(document: Document, text: str) -> str:
    if document.format == "html":
        return html.escape(text, quote=False)
    if document.format == "markdown":
        return _MD_SPECIAL.sub(r"\\\1", text)
    return text


def source_fix(document: Document, fix: Fix, text_start: int, text_end: int) -> tuple[Fix | None, str | None]:
    """Map a check's fix (extracted-text span) to the source; (None, reason) when it is not safe."""
    if fix.remove_block:
        mapped = document.offsets.to_source(fix.start, fix.end)
        span = block_span(document, *mapped) if mapped else None
        if span is None:
            return None, "the block shares its line or element with other content; remove it by hand"
        return Fix(span[0], span[1], "", fix.safe, True), None
    if fix.start == fix.end:  # an insertion
        mapped = document.offsets.to_source(fix.start, fix.start + 1)
        if mapped is None:
            return None, "no source position for the insertion"
        return Fix(mapped[0], mapped[0], _escape(document, fix.replacement), fix.safe), None
    mapped = document.offsets.to_source(fix.start, fix.end)
    if mapped is None:
        return None, "no source position for the fix"
    raw = document.source[mapped[0] : mapped[1]]
    shown = document.text[fix.start : fix.end]
    plain = html.unescape(raw) if document.format == "html" and "<" not in raw else raw
    if analysis_form(plain) != shown:
        return None, "the text crosses markup (emphasis, a link or a tag); edit it by hand"
    return Fix(mapped[0], mapped[1], _escape(document, fix.replacement), fix.safe), None


def choose(edits: Iterable[Edit]) -> list[Edit]:
    """Non-overlapping edits, chosen deterministically: block removals first, then by position."""
    ordered = sorted(edits, key=lambda e: (not e.remove_block, e.start, -(e.end - e.start), e.rule, e.replacement))
    chosen: list[Edit] = []
    for edit in ordered:
        if any(edit.start < c.end and c.start < edit.end for c in chosen):
            continue
        if edit.start == edit.end and any(c.start < edit.start < c.end for c in chosen):
            continue
        chosen.append(edit)
    return sorted(chosen, key=lambda e: (e.start, e.end))


def apply(source: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits; everything outside their spans is kept as it was."""
    parts: list[str] = []
    pos = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        parts.append(source[pos : edit.start])
        parts.append(edit.replacement)
        pos = edit.end
    parts.append(source[pos:])
    return "".join(parts)
