"""`contentlint eval CORPUS`: findings scored against gold annotations.

Corpus layout: ``spun/``, ``clean/`` and optionally ``claims/``, each with articles and, beside an
annotated article, ``NAME.json`` with gold spans (see the README). A finding is correct when it
overlaps a gold span of its own category; a gold item is found when a finding of its category
overlaps one of its occurrences. Every finding on a clean article is a false positive.

When the corpus's ``SOURCES.tsv`` has a spinner column (a header containing "spinner"), spun-phrase
precision and recall are also broken down by spinner family (the letter after "spinner ", or a leading
family letter; "unknown" otherwise), so a change that helps one spinner and hurts another shows.

By default every rule of the mission categories runs, opt-in ones included (the statistical spin
detector CL102): an evaluation measures what the tool can do, not only its defaults.
"""

from __future__ import annotations

import csv
import itertools
import json
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .api import FileReport, Linter
from .config import Config
from .formats import SUFFIXES, load_bytes
from .model import MISSION_CATEGORIES

GOLD_KEYS = {
    "duplicated_headings": "duplicate-heading",
    "spun_phrases": "spun-phrase",
    "stray_links": "stray-link",
    "claims": "unsupported-claim",
    "boilerplate": "boilerplate",
}
EVAL_CATEGORIES = (*MISSION_CATEGORIES, "boilerplate")
# Bins of predicted spin for the reliability table: finer where most articles sit.
RELIABILITY_EDGES = (0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0)


def auc(low: Sequence[float], high: Sequence[float]) -> float | None:
    """ROC AUC: P(a value of ``high`` > a value of ``low``), ties one half (None when a side is empty)."""
    if not low or not high:
        return None
    wins = sum((h > lo) + 0.5 * (h == lo) for h in high for lo in low)
    return wins / (len(low) * len(high))


@dataclass(frozen=True)
class Reliability:
    """One bin of predicted spin: how many articles fell in it and how many of them were spun."""

    low: float
    high: float
    articles: int
    spun: int
    mean_spin: float

    @property
    def observed(self) -> float | None:
        return self.spun / self.articles if self.articles else None

    def to_json(self) -> dict[str, Any]:
        observed = self.observed
        return {
            "bin": [self.low, self.high],
            "articles": self.articles,
            "spun": self.spun,
            "mean_spin": round(self.mean_spin, 3),
            "observed_spun_share": None if observed is None else round(observed, 3),
        }


def reliability(spins: Sequence[float], spun: Sequence[bool]) -> list[Reliability]:
    """Predicted spin against the observed share of spun articles, per bin (the last bin includes 1.0)."""
    out = []
    edges = RELIABILITY_EDGES
    for i, (low, high) in enumerate(itertools.pairwise(edges)):
        last = i == len(edges) - 2
        inside = [(s, y) for s, y in zip(spins, spun, strict=True) if low <= s < high or (last and s == high)]
        mean = sum(s for s, _ in inside) / len(inside) if inside else 0.0
        out.append(Reliability(low, high, len(inside), sum(y for _, y in inside), mean))
    return out


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    spans, pos = [], text.find(needle)
    while needle and pos != -1:
        spans.append((pos, pos + len(needle)))
        pos = text.find(needle, pos + 1)
    return spans


def gold_spans(source: str, gold: dict[str, Any]) -> dict[str, list[list[tuple[int, int]]]]:
    """Category -> gold items -> occurrences (an item stands for every place its text occurs)."""
    out: dict[str, list[list[tuple[int, int]]]] = defaultdict(list)
    for key, category in GOLD_KEYS.items():
        for item in gold.get(key, []):
            needle = item["text"] if isinstance(item, dict) else item
            spans = _occurrences(source, needle)
            if spans:
                out[category].append(spans)
    return out


@dataclass
class CategoryCounts:
    tp: int = 0
    fp: int = 0
    gold: int = 0
    found: int = 0
    clean_findings: int = 0
    false_positives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    def add(self, other: CategoryCounts) -> None:
        self.tp, self.fp, self.gold = self.tp + other.tp, self.fp + other.fp, self.gold + other.gold
        self.found, self.clean_findings = self.found + other.found, self.clean_findings + other.clean_findings
        self.false_positives.extend(other.false_positives)

    def to_json(self) -> dict[str, Any]:
        return {
            "precision": _round(self.precision),
            "recall": _round(self.recall),
            "tp": self.tp,
            "fp": self.fp,
            "gold": self.gold,
            "found": self.found,
        }


UNKNOWN_SPINNER = "unknown"
# "spun; spinner A 'pores and skin' ..." (dev2), "spun; family F ...", "A-like synonym spinner ..." (a leading letter).
_SPINNER_NAMED = re.compile(r"\b(?:spinner|family) ([A-Z])\b")
_SPINNER_LEADING = re.compile(r"([A-Z])(?![A-Za-z])")


def spinner_family(value: str) -> str:
    """The spinner family letter of a SOURCES.tsv spinner cell, or "unknown"."""
    named = _SPINNER_NAMED.search(value)
    if named:
        return named.group(1)
    leading = _SPINNER_LEADING.match(value.strip())
    return leading.group(1) if leading else UNKNOWN_SPINNER


def read_spinners(corpus: Path) -> dict[str, str]:
    """Corpus-relative file path -> spinner family, from SOURCES.tsv's first column whose name contains
    "spinner" (empty when there is no such file or column: the breakdown is then left out)."""
    sources = corpus / "SOURCES.tsv"
    if not sources.is_file():
        return {}
    try:
        with sources.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t"))
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{sources}: cannot read it ({exc})") from exc
    if not rows or not rows[0]:
        return {}
    header = rows[0]
    column = next((i for i, name in enumerate(header) if "spinner" in name.lower()), None)
    if column is None:
        return {}
    return {row[0]: spinner_family(row[column]) for row in rows[1:] if len(row) > column and row[0]}


class CorpusError(ValueError):
    """A corpus file that cannot be used (the message names it)."""


@dataclass(frozen=True)
class Article:
    """One linted article's document-level verdict."""

    kind: str  # spun, clean or claims
    path: str
    score: float
    spin: float  # 0 when no spun-text rule ran


def rebase(spin: float, base_rate: float, share: float) -> float:
    """``spin``, a probability at ``base_rate``, as it reads where a ``share`` of the articles are spun
    (the odds scale by the ratio of the two prior odds)."""
    p = min(max(spin, 1e-6), 1 - 1e-6)
    odds = p / (1 - p) * (share / (1 - share)) / (base_rate / (1 - base_rate))
    return odds / (1 + odds)


@dataclass(frozen=True)
class DocumentLevel:
    """How well the document verdicts separate the spun set from the clean set (claims pages are left out:
    they are neither)."""

    spun: int
    clean: int
    score_auc: float | None  # clean above spun
    spin_auc: float | None  # spun above clean
    reliability: list[Reliability]
    # The same table with spin rebased from the calibration's base rate to this corpus's spun share, which
    # is what a calibrated probability should match on a corpus that mixes the two sets in other proportions.
    rebased: list[Reliability]

    @classmethod
    def of(cls, articles: Sequence[Article]) -> DocumentLevel:
        spun = [a for a in articles if a.kind == "spun"]
        clean = [a for a in articles if a.kind == "clean"]
        both = spun + clean
        labels = [a.kind == "spun" for a in both]
        return cls(
            len(spun),
            len(clean),
            auc([a.score for a in spun], [a.score for a in clean]),
            auc([a.spin for a in clean], [a.spin for a in spun]),
            reliability([a.spin for a in both], labels),
            _rebased_reliability([a.spin for a in both], labels),
        )

    @property
    def spun_share(self) -> float | None:
        return self.spun / (self.spun + self.clean) if self.spun and self.clean else None

    def to_json(self) -> dict[str, Any]:
        return {
            "spun": self.spun,
            "clean": self.clean,
            "score_auc": _round(self.score_auc),
            "spin_auc": _round(self.spin_auc),
            "spin_reliability": [r.to_json() for r in self.reliability],
            "spun_share": _round(self.spun_share),
            "spin_reliability_at_spun_share": [r.to_json() for r in self.rebased],
        }


def _rebased_reliability(spins: Sequence[float], labels: Sequence[bool]) -> list[Reliability]:
    """The reliability of spin rebased to the share of spun articles among these (none without both sets)."""
    from .spin.signal import calibration

    spun = sum(labels)
    if not 0 < spun < len(labels):
        return []
    share, base = spun / len(labels), calibration().base_rate
    return reliability([rebase(s, base, share) for s in spins], labels)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


@dataclass
class EvalResult:
    categories: dict[str, CategoryCounts]
    articles: list[Article]
    clean_words: int
    errors: list[str]
    # Spun-phrase counts per spinner family, when the corpus's SOURCES.tsv names them (else empty).
    by_spinner: dict[str, CategoryCounts] = field(default_factory=dict)

    @property
    def scores(self) -> list[tuple[str, str, float]]:
        """(set, path, score) of every article."""
        return [(a.kind, a.path, a.score) for a in self.articles]

    @property
    def document(self) -> DocumentLevel:
        return DocumentLevel.of(self.articles)

    @classmethod
    def combined(cls, results: Sequence[EvalResult]) -> EvalResult:
        """Several corpora as one: counts added, articles pooled."""
        counts = {c: CategoryCounts() for c in EVAL_CATEGORIES}
        spinners: dict[str, CategoryCounts] = defaultdict(CategoryCounts)
        for result in results:
            for category, c in result.categories.items():
                counts[category].add(c)
            for family, c in result.by_spinner.items():
                spinners[family].add(c)
        return cls(
            counts,
            [a for r in results for a in r.articles],
            sum(r.clean_words for r in results),
            [e for r in results for e in r.errors],
            dict(sorted(spinners.items())),
        )

    def clean_per_1000(self, category: str) -> float:
        return 1000.0 * self.categories[category].clean_findings / max(self.clean_words, 1)

    @property
    def separation(self) -> float | None:
        clean = [s for kind, _, s in self.scores if kind == "clean"]
        spun = [s for kind, _, s in self.scores if kind == "spun"]
        return min(clean) - max(spun) if clean and spun else None

    def to_json(self) -> dict[str, Any]:
        return {
            "categories": {
                c: {
                    "precision": v.precision,
                    "recall": v.recall,
                    "tp": v.tp,
                    "fp": v.fp,
                    "gold": v.gold,
                    "found": v.found,
                    "clean_per_1000_words": round(self.clean_per_1000(c), 2),
                }
                for c, v in self.categories.items()
            },
            "clean_words": self.clean_words,
            "mission_clean_per_1000_words": round(sum(self.clean_per_1000(c) for c in MISSION_CATEGORIES), 2),
            "scores": [{"set": a.kind, "path": a.path, "score": a.score, "spin": a.spin} for a in self.articles],
            "separation": self.separation,
            "document": self.document.to_json(),
            "spun_phrase_by_spinner": {k: v.to_json() for k, v in self.by_spinner.items()},
            "errors": self.errors,
        }


def _articles(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())


def default_config(ignore: tuple[str, ...] = ()) -> Config:
    """Every rule, the opt-in detectors of the mission categories included, except those ``ignore`` names."""
    from .checks import RULES

    opt_in = [
        r.code
        for r in RULES.values()
        if r.opt_in and r.category in MISSION_CATEGORIES and not any(r.code.startswith(p) for p in ignore)
    ]
    return Config(select=("CL", *sorted(opt_in)), ignore=ignore)


def evaluate(corpus: Path, linter: Linter | None = None) -> EvalResult:
    linter = linter or Linter(default_config())
    counts = {c: CategoryCounts() for c in EVAL_CATEGORIES}
    spinners = read_spinners(corpus)
    by_spinner: dict[str, CategoryCounts] = defaultdict(CategoryCounts)
    articles: list[Article] = []
    errors: list[str] = []
    clean_words = 0
    for kind in ("spun", "claims", "clean"):
        for path in _articles(corpus / kind):
            report = _lint(linter, path)
            if report.error is not None or report.document is None or report.score is None:
                errors.append(f"{path}: {report.error}")
                continue
            spin = report.spin.value if report.spin is not None else 0.0
            articles.append(Article(kind, str(path), report.score.value, spin))
            if kind == "clean":
                clean_words += report.words
                _count_clean(report, counts, path.name)
                continue
            gold = _read_gold(path, report.document.source)
            if gold is None:
                continue
            mine = {c: CategoryCounts() for c in EVAL_CATEGORIES}
            _score_against_gold(report, gold, mine, path.name)
            for category, c in mine.items():
                counts[category].add(c)
            if spinners:
                by_spinner[spinners.get(f"{kind}/{path.name}", UNKNOWN_SPINNER)].add(mine["spun-phrase"])
    return EvalResult(counts, articles, clean_words, errors, dict(sorted(by_spinner.items())))


def _count_clean(report: FileReport, counts: dict[str, CategoryCounts], name: str) -> None:
    for f in report.findings:
        if f.category in counts:
            counts[f.category].clean_findings += 1
            counts[f.category].false_positives.append(f"{name}:{f.line}: {f.rule} {f.text!r}")


def _read_gold(path: Path, source: str) -> dict[str, list[list[tuple[int, int]]]] | None:
    """The gold spans beside an article (None when it has no gold file)."""
    gold_file = path.with_suffix(".json")
    if not gold_file.is_file():
        return None
    try:
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorpusError(f"{gold_file}: not a readable JSON gold file ({exc})") from exc
    if not isinstance(gold, dict):
        raise CorpusError(f"{gold_file}: the gold must be a JSON object of span lists")
    try:
        return gold_spans(source, gold)
    except (KeyError, TypeError, AttributeError) as exc:
        raise CorpusError(f"{gold_file}: a gold item is neither a string nor an object with a text ({exc!r})") from exc


def evaluate_many(corpora: Sequence[Path], linter: Linter | None = None) -> list[tuple[str, EvalResult]]:
    """Each corpus on its own and, when there are several, all of them together ("combined")."""
    linter = linter or Linter(default_config())
    results = [(str(corpus), evaluate(corpus, linter)) for corpus in corpora]
    if len(results) > 1:
        results.append(("combined", EvalResult.combined([r for _, r in results])))
    return results


def many_to_json(results: Sequence[tuple[str, EvalResult]]) -> dict[str, Any]:
    """One corpus: its result. Several: the combined result at the top, each corpus under "corpora"."""
    if len(results) == 1:
        return results[0][1].to_json()
    named = dict(results)
    return named["combined"].to_json() | {"corpora": {k: v.to_json() for k, v in results if k != "combined"}}


def _lint(linter: Linter, path: Path) -> FileReport:
    from .errors import InputError

    try:
        return linter.lint_document(load_bytes(path.read_bytes(), str(path)))
    except InputError as exc:
        return FileReport(path=str(path), error=exc.problem)


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def _score_against_gold(
    report: FileReport, gold: dict[str, list[list[tuple[int, int]]]], counts: dict[str, CategoryCounts], name: str
) -> None:
    for category, c in counts.items():
        items = gold.get(category, [])
        all_spans = [span for item in items for span in item]
        mine = [f for f in report.findings if f.category == category]
        for f in mine:
            if _overlaps((f.start, f.end), all_spans):
                c.tp += 1
            else:
                c.fp += 1
                c.false_positives.append(f"{name}:{f.line}: {f.rule} {f.text!r}")
        c.gold += len(items)
        c.found += sum(1 for item in items if any(_overlaps(span, [(f.start, f.end)]) for f in mine for span in item))


def _fmt(value: float | None) -> str:
    return "   -" if value is None else f"{value:.2f}"


def render_document(document: DocumentLevel) -> list[str]:
    """The document-level lines: AUCs and the reliability table of spin."""
    from .spin.signal import calibration

    lines = [
        f"document level ({document.spun} spun, {document.clean} clean): score AUC {_fmt(document.score_auc)}, "
        f"spin AUC {_fmt(document.spin_auc)}",
        f"spin reliability (spin is P(spun) where {calibration().base_rate:.0%} of articles are spun):",
        *_reliability_lines(document.reliability),
    ]
    share = document.spun_share
    if share is not None:
        lines.append(f"spin rebased to this corpus's spun share ({share:.0%}):")
        lines.extend(_reliability_lines(document.rebased))
    return lines


def _reliability_lines(table: Sequence[Reliability]) -> list[str]:
    lines = [f"  {'spin':<9} {'articles':>8} {'spun':>5} {'mean spin':>9} {'spun share':>10}"]
    for r in table:
        counts = f"{r.articles:>8} {r.spun:>5} {r.mean_spin:>9.2f}"
        lines.append(f"  {r.low:.1f}-{r.high:.1f}   {counts} {_fmt(r.observed):>10}")
    return lines


def render_spinners(by_spinner: dict[str, CategoryCounts]) -> list[str]:
    """The spun-phrase breakdown by spinner family (nothing when the corpus names no spinners)."""
    if not by_spinner:
        return []
    lines = [f"{'spun-phrase by spinner':<22} {'precision':>9} {'recall':>7} {'found/gold':>11}"]
    for family, c in by_spinner.items():
        if not c.gold and not c.tp + c.fp:
            continue  # e.g. claims pages, which have neither a spinner nor spun gold
        lines.append(f"  {family:<20} {_fmt(c.precision):>9} {_fmt(c.recall):>7} {f'{c.found}/{c.gold}':>11}")
    return lines


def render_many(results: Sequence[tuple[str, EvalResult]], show_false_positives: bool = False) -> str:
    if len(results) == 1:
        return render(results[0][1], show_false_positives)
    return "\n\n".join(f"== {name}\n{render(result, show_false_positives)}" for name, result in results)


def render(result: EvalResult, show_false_positives: bool = False) -> str:
    lines = [f"{'category':<20} {'precision':>9} {'recall':>7} {'found/gold':>11} {'clean FP/1k words':>18}"]
    for category, c in result.categories.items():
        lines.append(
            f"{category:<20} {_fmt(c.precision):>9} {_fmt(c.recall):>7} {f'{c.found}/{c.gold}':>11} "
            f"{result.clean_per_1000(category):>18.2f}"
        )
    mission = sum(result.clean_per_1000(c) for c in MISSION_CATEGORIES)
    lines.append(f"clean set: {result.clean_words} words, {mission:.2f} mission-category findings per 1,000 words")
    lines.append("scores:")
    for a in result.articles:
        lines.append(f"  {a.kind:<6} {a.score:>5.1f}  spin {a.spin:.3f}  {Path(a.path).name}")
    sep = result.separation
    if sep is not None:
        verdict = "every clean article scores above every spun one" if sep > 0 else "NOT separated"
        lines.append(f"separation (lowest clean - highest spun): {sep:.1f} ({verdict})")
    lines.extend(render_spinners(result.by_spinner))
    lines.extend(render_document(result.document))
    if show_false_positives:
        for category, c in result.categories.items():
            for fp in c.false_positives:
                lines.append(f"FP {category}: {fp}")
    lines.extend(f"error: {e}" for e in result.errors)
    return "\n".join(lines)
