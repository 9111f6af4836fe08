"""Plain text: paragraphs are runs of lines between blank lines; headings are inferred."""

from __future__ import annotations

import re

from ..casing import MINOR_WORDS
from ..document import Block, BlockKind, Document, analysis_form
from ..suppress import blank_directive_lines

_BLANK_SPLIT = re.compile(r"(?:[ \t\f\v]*\r?\n){2,}")
# The same runs found from their first line break, which the engine skips to in a fast loop: _BLANK_SPLIT
# begins with an optional class and was tried at every position of the text.
_BLANK_RUN = re.compile(r"\n(?:[ \t\f\v]*\r?\n)+")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_BULLET = re.compile(r"^\s*(?:[-*•·◦▪‣>]|\d+[.)]|[a-z][.)])\s")
_MINOR = MINOR_WORDS
MAX_HEADING_WORDS = 30
_DIRECTIVE = "contentlint-"  # in every line that blank_directive_lines blanks


def _is_title_case(words: list[str]) -> bool:
    major = [w for w in words if w.lower() not in _MINOR]
    if not major:
        return False
    capped = sum(1 for w in major if w[0].isupper())
    return capped / len(major) >= 0.75 and words[0][0].isupper()


def looks_like_heading(line: str) -> bool:
    """A short line in Title Case or capitals with no final full stop reads as a heading."""
    stripped = line.strip()
    if not stripped or _BULLET.match(line) or stripped[-1] in '.,;:!…"”':
        return False
    words = _WORD.findall(stripped)
    if not words or len(words) > MAX_HEADING_WORDS:
        return False
    letters = [c for c in stripped if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        return True
    if _is_title_case(words):
        return True
    # Short sentence-case headings ("What to expect"): few words, no question of being prose.
    return len(words) <= 6 and words[0][0].isupper() and not stripped.endswith("?")


def blank_runs(text: str) -> list[tuple[int, int]]:
    """The spans of ``_BLANK_SPLIT.finditer(text)``: each run of ``_BLANK_RUN`` with the spaces (and a carriage
    return) before its first line break, which _BLANK_SPLIT's first line takes. Those never reach back into
    the run before, which ends with a line break."""
    spans = []
    for m in _BLANK_RUN.finditer(text):
        start = m.start()
        if start and text[start - 1] == "\r":
            start -= 1
        while start and text[start - 1] in " \t\f\v":
            start -= 1
        spans.append((start, m.end()))
    return spans


def load_text(source: str, path: str, encoding: str = "utf-8") -> Document:
    text = analysis_form(source)
    if _DIRECTIVE in text:  # a directive line names it; most texts have none and need no line-by-line scan
        text = blank_directive_lines(text)
    blocks: list[Block] = []
    pos = 0
    for match in [*blank_runs(text), None]:
        end = match[0] if match else len(text)
        chunk = text[pos:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            start = pos + lead
            stop = pos + len(chunk.rstrip())
            body = text[start:stop]
            kind: BlockKind = "heading" if "\n" not in body and looks_like_heading(body) else "paragraph"
            if kind == "paragraph" and _BULLET.match(body):
                kind = "item"
            blocks.append(Block(kind, start, stop))
        if match:
            pos = match[1]
    return Document(path=path, source=source, text=text, format="text", blocks=blocks, encoding=encoding)
