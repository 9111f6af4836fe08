"""One review of one article: lint it, apply the fixes an editor accepted, or all the safe ones.

The page keeps no state on the server: the article travels in the form (base64, so the browser
does not rewrite its line breaks), and every request lints it again.
"""

from __future__ import annotations

import base64
import binascii
import difflib
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from ..edits import Edit, apply, choose
from ..errors import InputError
from ..fix import fix_document
from ..formats import SUFFIXES, Format, format_for, load_string
from ..model import FileReport, Finding
from ..options import LintOptions

FORMATS: dict[str, Format | None] = {"auto": None, "text": "text", "markdown": "markdown", "html": "html"}
UPLOAD_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
_SUFFIX: dict[Format, str] = {"text": ".txt", "markdown": ".md", "html": ".html"}
# A heading, a list item, a quote, a link or strong emphasis as Markdown writes them.
_MARKDOWN_LOOK = re.compile(r"^(?:#{1,6} |[-*+] |\d+\. |> )|\[[^\]\n]+\]\([^)\s]+\)|\*\*\S", re.MULTILINE)


def encode(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def decode(value: str, field_name: str) -> str:
    try:
        return base64.b64decode(value.encode("ascii"), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        raise InputError(field_name, "the form was altered or truncated; start the review again") from None


def safe_name(name: str, default: str = "article.txt") -> str:
    """A file name fit for a download header and a page: the last path part, plain characters only."""
    base = re.split(r"[\\/]", name or "")[-1]
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", base).strip(".-")
    return cleaned[:100] or default


def finding_key(f: Finding) -> str:
    """What an ignored finding is remembered by across edits: its rule and its text."""
    return f"{f.rule}:{f.text}"


@dataclass
class Review:
    """An article under review: its name, format, current text and the text it started as."""

    name: str
    fmt: Format
    source: str
    original: str
    ignored: frozenset[str] = frozenset()
    report: FileReport = field(init=False)
    options: LintOptions = field(default_factory=LintOptions)

    def __post_init__(self) -> None:
        linter = self.options.linter()
        document = load_string(self.source, self.name, self.fmt)
        self.report = linter.lint_document(document, config=linter.config_for(self.name))

    @property
    def changed(self) -> bool:
        return self.source != self.original

    def is_ignored(self, f: Finding) -> bool:
        return finding_key(f) in self.ignored

    def diff(self) -> str:
        return "".join(
            difflib.unified_diff(
                self.original.splitlines(keepends=True),
                self.source.splitlines(keepends=True),
                fromfile=f"a/{self.name}",
                tofile=f"b/{self.name}",
            )
        )

    def with_source(self, source: str, ignored: frozenset[str] | None = None) -> Review:
        chosen = self.ignored if ignored is None else ignored
        return Review(self.name, self.fmt, source, self.original, chosen, self.options)

    def accept(self, accepted: set[int], ignored: set[int]) -> Review:
        """Apply the fixes of the accepted findings (by index), remember the ignored ones."""
        findings = self.report.findings
        keys = self.ignored | {finding_key(findings[i]) for i in ignored if 0 <= i < len(findings)}
        edits = [
            Edit(f.fix.start, f.fix.end, f.fix.replacement, f.rule, f.fix.remove_block)
            for i, f in enumerate(findings)
            if i in accepted and i not in ignored and f.fix is not None
        ]
        return self.with_source(apply(self.source, choose(edits)), frozenset(keys))

    def fix_safe(self) -> Review:
        """Every safe fix, to a fixed point (as `contentlint fix` does)."""
        linter = self.options.linter()
        document = load_string(self.source, self.name, self.fmt)
        result = fix_document(document, linter, linter.config_for(self.name))
        return self.with_source(result.fixed)


def guess_format(name: str, text: str) -> Format:
    """By the name's suffix; a pasted article without one is HTML, Markdown or plain text by its look."""
    if PurePath(name).suffix.lower() in SUFFIXES:
        return SUFFIXES[PurePath(name).suffix.lower()]
    sniffed = format_for(name, text)
    if sniffed == "text" and _MARKDOWN_LOOK.search(text):
        return "markdown"
    return sniffed


def start(name: str, text: str, fmt_choice: str, options: LintOptions) -> Review:
    """A new review; raises InputError for an unknown format or an article that cannot be parsed.
    A name without a suffix gets the format's, so the fixed file downloads under a usable name."""
    if fmt_choice not in FORMATS:
        raise InputError(name, f"unknown format {fmt_choice!r} (use auto, text, markdown or html)")
    fmt = FORMATS[fmt_choice] or guess_format(name, text)
    if PurePath(name).suffix.lower() not in SUFFIXES:
        name += _SUFFIX[fmt]
    return Review(name, fmt, text, text, frozenset(), options)


def spin_verdict(value: float | None) -> str:
    """Words for the spin signal, a calibrated probability that the article was machine-spun (README,
    "Spin detection"); display thresholds only, the score does not use them."""
    if value is None:
        return "not measured (no spun-phrase rule ran)"
    if value >= 0.5:
        return f"probably spun ({value:.0%} likely machine-spun)"
    if value >= 0.2:
        return f"possibly spun ({value:.0%} likely machine-spun)"
    return "no clear sign of spinning"
