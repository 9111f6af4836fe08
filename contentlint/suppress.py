"""Inline suppressions: ``contentlint-disable``, ``-enable`` and ``-disable-next-line``.

In Markdown and HTML they are comments (``<!-- contentlint-disable CL101 -->``); in plain text a
line holding only the directive. Without codes a directive covers every rule; a code may be a
prefix ("CL4"). A directive that suppresses nothing is itself reported (rule CL901, opt-in).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .document import Document
from .model import Finding

_COMMENT = re.compile(
    r"<!--\s*contentlint-(?P<kind>disable-next-line|disable|enable)(?P<codes>(?:[\s,]+[A-Za-z]+\d*)*)\s*-->"
)
_LINE = re.compile(
    r"^[ \t]*(?:<!--[ \t]*)?contentlint-(?P<kind>disable-next-line|disable|enable)"
    r"(?P<codes>(?:[ \t,]+[A-Za-z]+\d*)*)[ \t]*(?:-->)?[ \t]*\r?$",
    re.MULTILINE,
)


@dataclass
class Directive:
    kind: str
    codes: tuple[str, ...]  # empty: every rule
    start: int
    end: int
    line: int
    used: bool = False
    # Lines (1-based, inclusive) this directive covers: disable -> until enable, next-line -> one line.
    first: int = 0
    last: int = 0

    def matches(self, code: str) -> bool:
        return not self.codes or any(code.startswith(c) for c in self.codes)


# Every directive holds this: a document without it (most) has none, and is not scanned line by line.
_DIRECTIVE = "contentlint-"


def find_directives(document: Document) -> list[Directive]:
    if _DIRECTIVE not in document.source:
        return []
    pattern = _LINE if document.format == "text" else _COMMENT
    out = []
    for m in pattern.finditer(document.source):
        codes = tuple(c.upper() for c in re.split(r"[\s,]+", m.group("codes").strip()) if c)
        out.append(Directive(m.group("kind"), codes, m.start(), m.end(), document.line_col(m.start())[0]))
    return out


def blank_directive_lines(text: str) -> str:
    """Plain text: directive lines are not prose; blank them (same length, so offsets still hold)."""
    return _LINE.sub(lambda m: re.sub(r"[^\r\n]", " ", m.group()), text)


def _resolve(directives: list[Directive], document: Document) -> None:
    source_lines = document.source.split("\n")
    open_: list[Directive] = []
    total = len(source_lines)
    for d in directives:
        if d.kind == "disable-next-line":
            nxt = d.line + 1
            while nxt <= total and not source_lines[nxt - 1].strip():
                nxt += 1
            d.first = d.last = nxt
        elif d.kind == "disable":
            d.first, d.last = d.line, total
            open_.append(d)
        else:  # enable closes the matching disables
            for o in open_:
                if o.last == total and (not d.codes or set(o.codes) & set(d.codes) or not o.codes):
                    o.last = d.line
            d.used = True  # an enable is never "unused"


def apply(document: Document, findings: Iterable[Finding]) -> tuple[list[Finding], list[Directive]]:
    """Findings not suppressed, and the directives (with ``used`` set)."""
    directives = find_directives(document)
    if not directives:
        return list(findings), []
    _resolve(directives, document)
    kept = []
    for f in findings:
        hit = [d for d in directives if d.kind != "enable" and d.first <= f.line <= d.last and d.matches(f.rule)]
        for d in hit:
            d.used = True
        if not hit:
            kept.append(f)
    return kept, directives
