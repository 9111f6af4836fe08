"""Rules, findings and the types they share."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .config import Config
    from .document import Document
    from .nlp import Sentences


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls(value.lower())
        except ValueError:
            raise ValueError(f"unknown severity {value!r} (use info, warning or error)") from None


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}

# Stable category names of the JSON contract.
CATEGORIES = ("duplicate-heading", "spun-phrase", "stray-link", "unsupported-claim", "boilerplate", "readability")
MISSION_CATEGORIES = CATEGORIES[:4]
# Categories about the tool's own use rather than the article; they do not enter the score.
META_CATEGORIES = ("suppression",)


@dataclass(frozen=True)
class Rule:
    """One rule: its identity, its documentation, and examples that must and must not fire.

    The documentation page (``contentlint rules CODE``) and the example tests are generated from
    this one object, so a rule cannot ship without both.
    """

    code: str
    name: str
    category: str
    severity: Severity
    summary: str  # what it finds, one sentence
    why: str  # why it matters
    fix: str  # how to fix it by hand
    must_fire: tuple[str, ...]
    must_not_fire: tuple[str, ...]
    fix_safety: str = "none"  # "safe", "unsafe" or "none" (no automatic fix yet)
    examples_format: str = "text"  # format the examples are written in: text, markdown or html
    opt_in: bool = False  # only runs when selected by its own code, never by "CL"
    examples_select: tuple[str, ...] = ()  # other rules the examples need (CL901 needs findings to suppress)
    # A lower-confidence rule stays silent where a rule of one of these categories already reports
    # overlapping text (the statistical spin detector inside a spam anchor or a phrasebook hit).
    yields_to: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES + META_CATEGORIES:
            raise ValueError(f"{self.code}: unknown category {self.category!r}")


@dataclass(frozen=True, slots=True)
class Fix:
    """An edit that repairs a finding: replace ``[start, end)`` with ``replacement``.

    In a Hit the span is in extracted text; in a Finding it is in the source. ``remove_block``
    asks the engine to grow the span to the whole block in the source (its line, or its HTML
    element) so that no empty heading or paragraph is left behind.
    """

    start: int
    end: int
    replacement: str
    safe: bool = True
    remove_block: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    """What a check reports: a span of the extracted text. The engine turns it into a Finding."""

    code: str
    start: int
    end: int
    message: str
    suggestion: str | None = None
    severity: Severity | None = None  # overrides the rule's default (a hedged claim, say)
    fix: Fix | None = None
    no_fix: str | None = None  # why a rule that has fixes has none for this finding


@dataclass(frozen=True, slots=True)
class Finding:
    """A located, reportable finding; offsets point into the source file's decoded text."""

    rule: str
    name: str
    category: str
    severity: Severity
    message: str
    start: int
    end: int
    line: int
    column: int
    text: str
    suggestion: str | None = None
    fix: Fix | None = field(default=None, compare=False)
    no_fix: str | None = field(default=None, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "name": self.name,
            "category": self.category,
            "severity": self.severity.value,
            "message": self.message,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "text": self.text,
            "suggestion": self.suggestion,
        }


@dataclass
class Context:
    """What a check sees: the document, its spaCy analysis and the effective configuration."""

    document: Document
    doc: Doc
    config: Config
    # Readability measures of the prose, computed once when a readability rule is selected.
    readability: Any = None
    # The document's spin signal (contentlint.spin.signal.DocumentSpin), set by the spun-text check.
    spin: Any = None

    @property
    def text(self) -> str:
        return self.document.text

    @functools.cached_property
    def sentences(self) -> Sentences:
        from .nlp import Sentences

        return Sentences(self.doc)


CheckFunction = Callable[[Context], Iterator[Hit]]


@dataclass(frozen=True)
class Check:
    """A check function and the rules it can report."""

    rules: tuple[Rule, ...]
    run: CheckFunction

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(r.code for r in self.rules)
