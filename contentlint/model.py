"""Rules, findings and the types they share."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .checks.readability import Readability
    from .config import Config
    from .document import Document
    from .nlp import Sentences
    from .score import Score
    from .spin.signal import DocumentSpin

T = TypeVar("T")


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


class FixSafety(str, Enum):
    """Whether a rule's findings carry a fix, and whether `fix` applies it by default. Tested against
    what each rule's examples really yield (tests/test_rule_examples.py)."""

    SAFE = "safe"  # applied by `contentlint fix`
    UNSAFE = "unsafe"  # applied with `fix --unsafe`
    NONE = "none"  # never fixed automatically

    def __str__(self) -> str:
        return self.value


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
    # A FixSafety, or its value as written in a rule definition ("safe"); stored as a FixSafety.
    fix_safety: FixSafety | Literal["safe", "unsafe", "none"] = FixSafety.NONE
    examples_format: str = "text"  # format the examples are written in: text, markdown or html
    opt_in: bool = False  # only runs when selected by its own code, never by "CL"
    examples_select: tuple[str, ...] = ()  # other rules the examples need (CL901 needs findings to suppress)
    # A lower-confidence rule stays silent where a rule of one of these categories already reports
    # overlapping text (the statistical spin detector inside a spam anchor or a phrasebook hit).
    yields_to: tuple[str, ...] = ()
    # A finding about the whole document (the reading grade), not a span: it weighs in the score as a
    # fixed density rather than one finding among the document's words.
    document_level: bool = False
    # The rule data files (under rules/) the rule reads, shown on its page and checked to exist.
    data_files: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES + META_CATEGORIES:
            raise ValueError(f"{self.code}: unknown category {self.category!r}")
        object.__setattr__(self, "fix_safety", FixSafety(self.fix_safety))


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
    document_level: bool = field(default=False, compare=False)  # from its rule; see Rule.document_level

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


@dataclass(frozen=True)
class Analysis(Generic[T]):
    """A document analysis that several rules read (readability measures, the spin evidence), computed
    at most once per document. ``report`` names the field of the file's report that shows it (see
    :class:`FileReport`), and ``summary`` turns the analysis into what the report shows."""

    name: str
    compute: Callable[[Context], T]
    report: str | None = None
    summary: Callable[[T], Any] | None = None


@dataclass
class Context:
    """What a check sees: the document, its spaCy analysis and the effective configuration."""

    document: Document
    doc: Doc
    config: Config
    _analyses: dict[str, Any] = field(default_factory=dict, repr=False)
    # Whether the run shows explanations that cost work of their own: the spin verdict's strongest words are
    # judged again with every candidate, and only the JSON output's breakdown shows them.
    explain: bool = True

    @property
    def text(self) -> str:
        return self.document.text

    @functools.cached_property
    def sentences(self) -> Sentences:
        from .nlp import Sentences

        return Sentences(self.doc)

    def analysis(self, analysis: Analysis[T]) -> T:
        """The document's ``analysis``, computed on first use."""
        if analysis.name not in self._analyses:
            self._analyses[analysis.name] = analysis.compute(self)
        result: T = self._analyses[analysis.name]
        return result

    def reported(self, analyses: Iterator[Analysis[Any]] | tuple[Analysis[Any], ...]) -> dict[str, Any]:
        """The report fields of the analyses that were computed."""
        out: dict[str, Any] = {}
        for a in analyses:
            if a.report is not None and a.name in self._analyses:
                value = self._analyses[a.name]
                out[a.report] = a.summary(value) if a.summary is not None else value
        return out


CheckFunction = Callable[[Context], Iterator[Hit]]


@dataclass(frozen=True)
class Check:
    """A check function and the rules it can report."""

    rules: tuple[Rule, ...]
    run: CheckFunction
    # Analyses the check reads; computed before it runs, and shown in the report when they have a field.
    analyses: tuple[Analysis[Any], ...] = ()

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(r.code for r in self.rules)


@dataclass
class FileReport:
    """The result for one file: findings, score, and readability; or the error that stopped it."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    words: int = 0
    score: Score | None = None
    readability: Readability | None = None
    spin: DocumentSpin | None = None  # when a spun-text rule ran
    error: str | None = None
    document: Document | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_json(self) -> dict[str, Any]:
        if self.error is not None:
            return {"path": self.path, "error": self.error}
        assert self.score is not None
        breakdown: dict[str, Any] = dict(self.score.breakdown())
        if self.spin is not None:
            breakdown["spin"] = self.spin.to_json()
        return {
            "path": self.path,
            "words": self.words,
            "score": self.score.value,
            "grade": self.score.grade,
            "spin": self.spin.value if self.spin is not None else None,
            "findings": [f.to_json() for f in self.findings],
            "breakdown": breakdown,
            "readability": self.readability.to_json() if self.readability else None,
        }
