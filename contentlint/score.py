"""The quality score: 0-100 per file, from the density of findings in each category.

For each category c, the weighted density d_c is the sum of finding weights (info 0.5, warning 1,
error 2) per 1,000 words; a document-level finding (the reading grade) adds a fixed 2.0. The
category keeps the factor

    f_c = 1 - cap_c * (1 - exp(-d_c / scale_c))

so it can never take more than ``cap_c`` of the score, and the first findings cost the most. The
score is ``100 * prod(f_c)``, rounded to one decimal. It is bounded by 0 and 100, depends on the
findings only through their density (two copies of an article score the same as one), and adding
a finding can only lower it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from .model import CATEGORIES, Finding, Severity

WEIGHTS = {Severity.INFO: 0.5, Severity.WARNING: 1.0, Severity.ERROR: 2.0}
# category: (cap, scale). Spun text is the strongest sign of a content-farm article, so it may take
# the most; a readability problem alone never fails an article.
PARAMETERS: dict[str, tuple[float, float]] = {
    "duplicate-heading": (0.25, 2.0),
    "spun-phrase": (0.55, 8.0),
    "stray-link": (0.35, 1.5),
    "unsupported-claim": (0.40, 5.0),
    "boilerplate": (0.20, 1.5),
    "readability": (0.20, 6.0),
}
DOCUMENT_LEVEL_DENSITY = 2.0
GRADES = ((90.0, "A"), (80.0, "B"), (70.0, "C"), (60.0, "D"))


@dataclass(frozen=True)
class CategoryScore:
    category: str
    findings: int
    density: float  # weighted findings per 1,000 words
    penalty: float  # points this category alone takes off 100

    def to_json(self) -> dict[str, float | int | str]:
        return {"findings": self.findings, "density": round(self.density, 2), "penalty": round(self.penalty, 1)}


@dataclass(frozen=True)
class Score:
    value: float
    grade: str
    categories: tuple[CategoryScore, ...]

    def breakdown(self) -> dict[str, dict[str, float | int | str]]:
        return {c.category: c.to_json() for c in self.categories}


def grade_of(value: float) -> str:
    return next((g for floor, g in GRADES if value >= floor), "F")


def score(findings: Iterable[Finding], words: int) -> Score:
    per_1000 = 1000.0 / max(words, 1)
    weighted = dict.fromkeys(CATEGORIES, 0.0)
    counts = dict.fromkeys(CATEGORIES, 0)
    for f in findings:
        if f.category not in weighted:
            continue
        counts[f.category] += 1
        if f.document_level:
            weighted[f.category] += DOCUMENT_LEVEL_DENSITY / per_1000 * (WEIGHTS[f.severity])
        else:
            weighted[f.category] += WEIGHTS[f.severity]
    total = 1.0
    parts = []
    for category in CATEGORIES:
        cap, scale = PARAMETERS[category]
        density = weighted[category] * per_1000
        factor = 1.0 - cap * (1.0 - math.exp(-density / scale))
        total *= factor
        parts.append(CategoryScore(category, counts[category], density, 100.0 * (1.0 - factor)))
    value = round(100.0 * total, 1)
    return Score(value, grade_of(value), tuple(parts))
