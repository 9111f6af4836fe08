"""`contentlint eval CORPUS`: findings scored against gold annotations.

Corpus layout: ``spun/``, ``clean/`` and optionally ``claims/``, each with articles and, beside an
annotated article, ``NAME.json`` with gold spans (see the README). A finding is correct when it
overlaps a gold span of its own category; a gold item is found when a finding of its category
overlaps one of its occurrences. Every finding on a clean article is a false positive.

By default every rule of the mission categories runs, opt-in ones included (the statistical spin
detector CL102): an evaluation measures what the tool can do, not only its defaults.
"""

from __future__ import annotations

import json
from collections import defaultdict
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


@dataclass
class EvalResult:
    categories: dict[str, CategoryCounts]
    scores: list[tuple[str, str, float]]  # (set, path, score)
    clean_words: int
    errors: list[str]

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
            "scores": [{"set": k, "path": p, "score": s} for k, p, s in self.scores],
            "separation": self.separation,
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
    scores: list[tuple[str, str, float]] = []
    errors: list[str] = []
    clean_words = 0
    for kind in ("spun", "claims", "clean"):
        for path in _articles(corpus / kind):
            report = _lint(linter, path)
            if report.error is not None or report.document is None or report.score is None:
                errors.append(f"{path}: {report.error}")
                continue
            scores.append((kind, str(path), report.score.value))
            if kind == "clean":
                clean_words += report.words
                for f in report.findings:
                    if f.category in counts:
                        counts[f.category].clean_findings += 1
                        counts[f.category].false_positives.append(f"{path.name}:{f.line}: {f.rule} {f.text!r}")
                continue
            gold_file = path.with_suffix(".json")
            if not gold_file.is_file():
                continue
            gold = gold_spans(report.document.source, json.loads(gold_file.read_text(encoding="utf-8")))
            _score_against_gold(report, gold, counts, path.name)
    return EvalResult(counts, scores, clean_words, errors)


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
    for kind, path, value in result.scores:
        lines.append(f"  {kind:<6} {value:>5.1f}  {Path(path).name}")
    sep = result.separation
    if sep is not None:
        verdict = "every clean article scores above every spun one" if sep > 0 else "NOT separated"
        lines.append(f"separation (lowest clean - highest spun): {sep:.1f} ({verdict})")
    if show_false_positives:
        for category, c in result.categories.items():
            for fp in c.false_positives:
                lines.append(f"FP {category}: {fp}")
    lines.extend(f"error: {e}" for e in result.errors)
    return "\n".join(lines)
