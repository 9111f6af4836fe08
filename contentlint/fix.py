"""`contentlint fix`: repair the mechanical damage, change nothing else, write atomically.

Fixing runs check -> choose non-overlapping edits -> apply, until nothing is left to apply (a
fixed point), so a second run finds nothing to do. Safe fixes only by default; ``unsafe=True``
adds lower-confidence ones (a guessed word for a stray URL, appearance rewording of a claim).
Claims are never rewritten by a safe fix.
"""

from __future__ import annotations

import codecs
from collections import Counter
from dataclasses import dataclass, field

from .api import FileReport, Linter
from .checks import RULES
from .config import Config
from .diff import Span, compose, one_edit, unified_diff
from .document import Document
from .edits import Edit, apply, choose
from .formats import Format, load_string
from .safewrite import write_atomic

__all__ = ["FixResult", "encode_like", "fix_document", "write_atomic"]

MAX_ROUNDS = 8


@dataclass
class Skipped:
    rule: str
    line: int
    text: str
    reason: str


@dataclass
class FixResult:
    path: str
    original: str
    fixed: str
    applied: Counter[str] = field(default_factory=Counter)
    skipped: list[Skipped] = field(default_factory=list)
    unsafe_available: Counter[str] = field(default_factory=Counter)
    before: FileReport | None = None
    after: FileReport | None = None
    # The applied edits as one list of edits of ``original`` (the rounds composed): what the diff is built from.
    edits: list[Span] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.fixed != self.original

    def diff(self) -> str:
        edits = self.edits if self.edits or not self.changed else [one_edit(self.original, self.fixed)]
        return unified_diff(self.original, edits, fromfile=f"a/{self.path}", tofile=f"b/{self.path}")

    def summary(self) -> str:
        def counts(c: Counter[str]) -> str:
            return ", ".join(f"{rule} x{n}" for rule, n in sorted(c.items()))

        applied = sum(self.applied.values())
        parts = [f"{self.path}: {applied} {'fix' if applied == 1 else 'fixes'} applied"]
        if self.applied:
            parts[0] += f" ({counts(self.applied)})"
        if self.skipped:
            parts.append(
                f"{len(self.skipped)} left for a manual edit ({counts(Counter(s.rule for s in self.skipped))})"
            )
        if self.unsafe_available:
            parts.append(f"{sum(self.unsafe_available.values())} more with --unsafe ({counts(self.unsafe_available)})")
        if self.before and self.after and self.before.score and self.after.score:
            parts.append(f"score {self.before.score.value:g} -> {self.after.score.value:g}")
        return "; ".join(parts)


def _edits(report: FileReport, unsafe: bool) -> tuple[list[Edit], Counter[str]]:
    edits: list[Edit] = []
    held_back: Counter[str] = Counter()
    for f in report.findings:
        if f.fix is None:
            continue
        if not f.fix.safe and not unsafe:
            held_back[f.rule] += 1
            continue
        edits.append(Edit(f.fix.start, f.fix.end, f.fix.replacement, f.rule, f.fix.remove_block))
    return edits, held_back


def fix_document(document: Document, linter: Linter, config: Config, unsafe: bool = False) -> FixResult:
    """Fix one document to a fixed point; the document's source is never modified in place."""
    result = FixResult(path=document.path, original=document.source, fixed=document.source)
    fmt: Format = document.format
    report = linter.lint_document(document, config=config)
    result.before = report
    text = document.source
    for _ in range(MAX_ROUNDS):
        edits, held_back = _edits(report, unsafe)
        chosen = choose(edits)
        result.unsafe_available = held_back
        if not chosen:
            break
        result.edits = compose(result.edits, chosen, text)
        text = apply(text, chosen)
        result.applied.update(e.rule for e in chosen)
        report = linter.lint_document(load_string(text, document.path, fmt, document.encoding), config=config)
    result.fixed = text
    result.after = report
    for f in report.findings:
        rule = RULES[f.rule]
        if rule.fix_safety == "none" or (f.fix is not None and (f.fix.safe or unsafe)):
            continue
        if f.fix is None:
            result.skipped.append(Skipped(f.rule, f.line, f.text, f.no_fix or "no automatic fix for this case"))
    return result


# -- writing -----------------------------------------------------------------------------------

_BOM_CODECS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def encode_like(original: bytes, text: str, encoding: str) -> bytes:
    """Encode ``text`` as the original file was: same encoding, same byte-order mark."""
    for bom, codec in _BOM_CODECS:
        if original.startswith(bom):
            return bom + text.encode(codec)
    if encoding in ("utf-16", "utf-32", "utf-8-sig"):
        encoding = {"utf-16": "utf-16-le", "utf-32": "utf-32-le", "utf-8-sig": "utf-8"}[encoding]
    return text.encode(encoding)
