"""Measure the run-in slips feature (contentlint/spin/slips.py) and its parts on the calibration's fitting pages.

    python -m tools.spin.slips_study --spun DIR... --clean DIR...

Takes the directories of ``python -m tools.spin.calibrate`` (its command is in rules/spin_calibration.toml) and
prints, for the verdict without ``slips``, with each part of it alone and with it as shipped: the feature's own
AUC, the calibration's 5-fold cross-validated AUC and its leave-site-out AUC (every page of a site held out
together). Nothing is written: the calibration itself is refitted by tools.spin.calibrate.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy

from contentlint.checks.tokens import IS_ALPHA_COLUMN
from contentlint.formats import load_bytes
from contentlint.spin.slips import count_slips, doubled_words, opening_subordinators, slip_rate, token_table_of
from tools.spin.calibrate import (
    RATE_FLOOR,
    Row,
    _auc_of,
    _design,
    document_rates,
    fit_model,
    leave_site_out,
    site_of,
)

BASE = ("odd_words", "breakage")
# Measured and left out: sentence-opening adverbs with a comma, a register rather than an error (README).
ADVERBS = re.compile(
    r"(?:^|(?<=[.!?])\s+)(?:Also|Besides|Moreover|Furthermore|Additionally|Thus|Hence|Therefore|Likewise|Similarly|"
    r"Otherwise|Then|Now|Here|So)\s*,",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Variant:
    name: str
    count: Callable[[str, numpy.ndarray], int] | None  # (text, token table) -> slips; None: without the feature


VARIANTS = (
    Variant("without slips", None),
    Variant("subordinators only", lambda text, tokens: opening_subordinators(text)),
    Variant("doubled words only", lambda text, tokens: doubled_words(tokens)),
    Variant("slips as shipped", count_slips),
    Variant(
        "slips and sentence-opening adverbs",
        lambda text, tokens: count_slips(text, tokens) + len(ADVERBS.findall(text)),
    ),
)


def _words(tokens: numpy.ndarray) -> int:
    """Alphabetic tokens, as the checks count a document's words."""
    return int(tokens[:, IS_ALPHA_COLUMN].sum())


def with_variant(rows: Sequence[Row], texts: dict[str, tuple[str, numpy.ndarray]], variant: Variant) -> list[Row]:
    """The rows with ``slips`` replaced by the variant's rate (left out for the baseline)."""
    out = []
    for row in rows:
        features = {k: v for k, v in row.features.items() if k in BASE}
        if variant.count is not None:
            text, tokens = texts[row.path]
            features["slips"] = slip_rate(variant.count(text, tokens), _words(tokens))
        out.append(replace(row, features=features))
    return out


def measure(rows: Sequence[Row], variant: Variant, sites: Sequence[str]) -> str:
    names = [*BASE] + ([] if variant.count is None else ["slips"])
    labels = [r.spun for r in rows]
    model = fit_model(rows, names, RATE_FLOOR)
    by_site = leave_site_out(_design(rows, names, RATE_FLOOR), labels, model.ridge, sites)
    alone = "" if variant.count is None else f"alone {_auc_of([r.features['slips'] for r in rows], labels):.3f}, "
    weight = model.weights.get("slips", 0.0)
    return f"{variant.name}: {alone}cv {model.cv_auc or 0.0:.3f}, leave-site-out {by_site:.3f}, weight {weight:.3f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--spun", type=Path, action="append", required=True)
    parser.add_argument("--clean", type=Path, action="append", required=True)
    args = parser.parse_args(argv)
    if any("shared/corpus" in str(p.resolve()) for p in [*args.spun, *args.clean]):
        parser.error("the shared dev corpora are evaluation sets: do not fit on them")
    rows = document_rates(args.spun, True) + document_rates(args.clean, False)
    texts = {}
    for row in rows:
        text = load_bytes(Path(row.path).read_bytes(), row.path).text
        texts[row.path] = (text, token_table_of(text))
    sites = site_of(rows)
    for variant in VARIANTS:
        print(measure(with_variant(rows, texts, variant), variant, sites))


if __name__ == "__main__":
    main()
