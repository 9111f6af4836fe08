"""Fit the map from a document's spin evidence to ``spin``, the probability that it was machine-spun.

    python -m tools.spin.calibrate --spun DIR... --clean DIR... [--output rules/spin_calibration.toml]
        [--features OUT.tsv]

Every article under the ``--spun`` directories is a real or hand-made spun page, every one under
``--clean`` an unspun one. Each is linted with the default rules and its evidence read: the document
spin rate (the EM estimate of :mod:`contentlint.spin.signal`, before any calibration) and the
document-level features of :mod:`contentlint.spin.fluency`. A logistic regression of the label on
``log(rate)`` and the features is fitted with the two classes weighted equally (even odds), every
weight held >= 0 (a feature whose weight would come out negative is left out and the rest refitted:
each feature measures spin evidence, and ``spin`` must never fall as it grows, which the score relies
on). The ridge penalty on the standardised weights is chosen from a small grid by the cross-validated
AUC on the fitting data (5 folds, fixed seed), which is printed with each feature's own AUC. Rates below
``--floor`` (RATE_FLOOR) count as it: below it the EM's rates differ by noise.
``--base-rate`` (default 0.1) then sets the share of spun articles the shipped probability assumes, so
``spin`` reads as the probability that an article was spun among articles of which one in ten is.

``--extend NAME`` fits one feature added after the shipped fit, whose pages are gone: every other parameter is
kept as shipped, each article's log-odds under it is the offset, and only NAME's weight (>= 0) is fitted, with a
free shift at even odds that is not shipped (the new pages need not share the old ones' base level); NAME's
centre is its mean on these pages. The file keeps its other numbers and gains ``[meta.extension]``.

The annotated evaluation corpora (``../shared/corpus/dev``, ``dev2``) must not be given here: they
are where the calibration is measured. The project fits on /work/corpora/collected (real pages kept
outside the repository), ``training/clean`` and ``tests/fixtures/spin``; the exact command is written
to the output's ``[meta]``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from unittest import mock

import numpy

from contentlint.evaluate import Reliability, auc, reliability
from contentlint.spin.fluency import FEATURES

if TYPE_CHECKING:
    from contentlint.api import Linter

ROOT = Path(__file__).resolve().parents[2]
RIDGE = 1e-3  # keeps the fit finite if the training classes happen to separate perfectly
RIDGE_GRID = (1e-3, 0.1, 1.0, 5.0, 20.0)  # penalties on the standardised weights tried by cross-validation
# Rates below this count as this. The EM's own floor is 0.0001, but clean texts reach rates of 0.02-0.04,
# and with that floor a clean page at 0.02 read as log(200) more evidence than one at the floor. Measured
# by the cross-validated AUC on the fitting pages (with the odd-word share as shipped): 0.785 at 0.0001,
# 0.793 at 0.001, 0.796 at 0.003. 0.001 rather than 0.003: the larger floor steepens the slope on log(rate)
# (0.50 -> 0.67), and the rate can rise when a spun phrase is repaired (README, limits), which a steeper
# slope passes on to spin.
RATE_FLOOR = 1e-3
FOLDS = 5
SEED = 12


@dataclass(frozen=True)
class Row:
    path: str
    spun: bool
    rate: float
    features: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Model:
    """intercept + slope * log(max(rate, floor)) + sum(weights[name] * feature), in the features' own units."""

    intercept: float
    slope: float
    weights: dict[str, float]
    ridge: float
    cv_auc: float | None = None
    centres: dict[str, float] = field(default_factory=dict)  # each feature's mean on the fitting articles

    def log_odds(self, row: Row, floor: float) -> float:
        z = self.intercept + self.slope * math.log(max(row.rate, floor))
        return z + sum(w * row.features.get(name, 0.0) for name, w in self.weights.items())

    def centred_intercept(self) -> float:
        """The intercept when each feature counts from its centre (as contentlint/spin/signal.py reads it)."""
        return self.intercept + sum(w * self.centres.get(name, 0.0) for name, w in self.weights.items())


def document_rates(directories: Sequence[Path], spun: bool, mined: bool = False) -> list[Row]:
    """The uncalibrated evidence of every article under ``directories`` (default rules).

    Without ``mined`` the phrase lists mined from spam (``contentlint.checks.spun.MINED``) are left out:
    they were mined from the gold of these same pages, so on them they find what they cannot find on an
    article they have not seen, and the fit would trust the rate more than it deserves."""
    from contentlint.api import Linter
    from contentlint.checks import spun as spun_rules
    from contentlint.config import Config

    with mock.patch.object(spun_rules, "MINED", spun_rules.MINED if mined else ()):
        return _rows(Linter(Config()), directories, spun)


def _rows(linter: Linter, directories: Sequence[Path], spun: bool) -> list[Row]:
    from contentlint.evaluate import _articles, _lint

    rows = []
    for directory in directories:
        paths = _articles(directory)
        if not paths:
            sys.exit(f"calibrate: {directory}: no articles (.txt, .md, .html) found")
        for path in paths:
            report = _lint(linter, path)
            if report.error is not None or report.spin is None:
                sys.exit(f"calibrate: {path}: {report.error or 'no spin evidence (is CL101 or CL102 ignored?)'}")
            rows.append(Row(str(path), spun, report.spin.rate, dict(report.spin.features)))
    return rows


def _design(rows: Sequence[Row], names: Sequence[str], floor: float) -> numpy.ndarray:
    columns = [[math.log(max(r.rate, floor)) for r in rows]]
    columns += [[r.features.get(name, 0.0) for r in rows] for name in names]
    return numpy.asarray(columns, dtype="float64").T.reshape(len(rows), len(columns))


def _newton(design: numpy.ndarray, y: numpy.ndarray, ridge: float) -> numpy.ndarray:
    """Class-balanced logistic regression (first column the constant, not penalised beyond RIDGE)."""
    positives = max(float(y.sum()), 1.0)
    negatives = max(float(len(y) - y.sum()), 1.0)
    w = numpy.where(y > 0, len(y) / (2 * positives), len(y) / (2 * negatives))
    penalty = numpy.full(design.shape[1], ridge)
    penalty[0] = RIDGE
    beta = numpy.zeros(design.shape[1])
    for _ in range(100):
        p = 1.0 / (1.0 + numpy.exp(-(design @ beta)))
        gradient = design.T @ (w * (y - p)) - penalty * beta
        hessian = (design.T * (w * p * (1 - p))) @ design + numpy.diag(penalty)
        step = numpy.linalg.solve(hessian, gradient)
        beta += step
        if float(numpy.abs(step).max()) < 1e-10:
            break
    return beta


def fit_weights(x: numpy.ndarray, labels: Sequence[bool], ridge: float = RIDGE) -> tuple[float, numpy.ndarray]:
    """(intercept, weights) of the balanced logistic regression of ``labels`` on the columns of ``x``, every
    weight >= 0: a column whose weight comes out negative is dropped (weight 0) and the rest refitted.
    The ridge applies to the standardised columns; the result is in the columns' own units."""
    y = numpy.asarray(labels, dtype="float64")
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale = numpy.where(scale > 1e-12, scale, 1.0)
    z = (x - mean) / scale
    active = [j for j in range(x.shape[1]) if x[:, j].std() > 1e-12]
    while True:
        beta = _newton(numpy.column_stack([numpy.ones(len(y)), z[:, active]]), y, ridge)
        negative = [j for j, b in zip(active, beta[1:], strict=True) if b < 0]
        if not negative:
            break
        active = [j for j in active if j not in negative]
    weights = numpy.zeros(x.shape[1])
    weights[active] = beta[1:] / scale[active]
    return float(beta[0] - (weights * mean).sum()), weights


def fit(rates: Sequence[float], labels: Sequence[bool], floor: float) -> tuple[float, float]:
    """(intercept, slope) of P(spun) = sigmoid(intercept + slope * log(max(rate, floor))), class-balanced."""
    x = numpy.log(numpy.maximum(numpy.asarray(rates, dtype="float64"), floor))[:, None]
    y = numpy.asarray(labels, dtype="float64")
    beta = _newton(numpy.column_stack([numpy.ones(len(y)), x[:, 0]]), y, RIDGE)
    return float(beta[0]), float(beta[1])


def _auc_of(scores: Sequence[float], labels: Sequence[bool]) -> float:
    value = auc(
        [s for s, y in zip(scores, labels, strict=True) if not y], [s for s, y in zip(scores, labels, strict=True) if y]
    )
    return value or 0.0


def out_of_fold(x: numpy.ndarray, labels: Sequence[bool], ridge: float) -> numpy.ndarray:
    """Each article's log-odds from the model fitted without its fold (FOLDS folds of a fixed shuffle)."""
    order = numpy.random.default_rng(SEED).permutation(len(labels))
    y = numpy.asarray(labels, dtype=bool)
    out = numpy.zeros(len(labels))
    for k in range(FOLDS):
        test = order[k::FOLDS]
        train = numpy.setdiff1d(order, test)
        intercept, weights = fit_weights(x[train], y[train].tolist(), ridge)
        out[test] = intercept + x[test] @ weights
    return out


def leave_site_out(x: numpy.ndarray, labels: Sequence[bool], ridge: float, sites: Sequence[str]) -> float:
    """AUC of the predictions for each site's pages from the model fitted without that site."""
    y = numpy.asarray(labels, dtype=bool)
    out = numpy.zeros(len(labels))
    for site in sorted(set(sites)):
        test = numpy.asarray([s == site for s in sites])
        intercept, weights = fit_weights(x[~test], y[~test].tolist(), ridge)
        out[test] = intercept + x[test] @ weights
    return _auc_of(out.tolist(), list(labels))


def site_of(rows: Sequence[Row]) -> list[str]:
    """Each row's site (SOURCES.tsv beside its pages, else the file), as tools/spin/closedclass.py groups them."""
    from tools.spin.closedclass import _sources

    sources: dict[str, tuple[str, str]] = {}
    for directory in {Path(r.path).parent for r in rows}:
        sources.update(_sources(directory))
    return [sources.get(str(Path(r.path).resolve()), (r.path, ""))[0] for r in rows]


def cross_validated_auc(x: numpy.ndarray, labels: Sequence[bool], ridge: float) -> float:
    """AUC of the out-of-fold predictions."""
    return _auc_of(out_of_fold(x, labels, ridge).tolist(), list(labels))


def fit_model(rows: Sequence[Row], names: Sequence[str], floor: float) -> Model:
    """The model with the ridge of RIDGE_GRID that cross-validates best (the smaller one on a tie), its
    log-odds then rescaled by a logistic fit on the out-of-fold predictions: the ridge that orders the
    articles best also shrinks the weights, which would make the probabilities too timid."""
    x, labels = _design(rows, names, floor), [r.spun for r in rows]
    scored = [(cross_validated_auc(x, labels, ridge), -ridge) for ridge in RIDGE_GRID]
    cv, best = max(scored)
    intercept, weights = fit_weights(x, labels, -best)
    held_out = out_of_fold(x, labels, -best)
    shift, scale = _newton(numpy.column_stack([numpy.ones(len(labels)), held_out]), numpy.asarray(labels, float), RIDGE)
    if scale <= 0:
        sys.exit(f"calibrate: the out-of-fold predictions do not order the articles (scale {scale:.3f})")
    weights = weights * scale
    named = dict(zip(names, weights[1:].tolist(), strict=True))
    centres = dict(zip(names, x[:, 1:].mean(axis=0).tolist(), strict=True))
    return Model(shift + scale * intercept, float(weights[0]), named, -best, cv, centres)


def feature_aucs(rows: Sequence[Row], names: Sequence[str], floor: float) -> dict[str, float]:
    """Each piece of evidence's own AUC on ``rows`` (log rate first)."""
    x, labels = _design(rows, names, floor), [r.spun for r in rows]
    return {name: _auc_of(x[:, j].tolist(), labels) for j, name in enumerate(["log_rate", *names])}


def _toml_table(rows: list[Reliability]) -> list[str]:
    out = []
    for r in rows:
        out.append(
            f'  {{ bin = "{r.low:.1f}-{r.high:.1f}", articles = {r.articles}, spun = {r.spun}, '
            f"mean_spin = {r.mean_spin:.3f} }},"
        )
    return out


def _provenance(rows: Sequence[Row]) -> str:
    collected = [r for r in rows if "/corpora/" in r.path]  # the real pages, outside the repository
    spun = sum(r.spun for r in collected)
    return (
        f"Fitted on the evidence contentlint computes for real spun and legitimate web pages collected by the "
        f"maintainers ({spun} spun pages, {len(collected) - spun} clean pages; kept outside the repository, "
        "not shipped)."
    )


def _header() -> list[str]:
    return [
        "# contentlint rule data: the calibration of the document spin verdict (`spin`, rules CL101-CL103).",
        "#",
        "# Generated by `python -m tools.spin.calibrate`; do not edit by hand, run it again.",
        "# spin = sigmoid(intercept + logit(base_rate) + slope * ln(max(rate, rate_floor))",
        "#                + sum of weight * (feature - centre)),",
        "# where rate is the document's estimated share of substituted words (contentlint/spin/signal.py) and the",
        "# features are the document-level evidence of contentlint/spin/fluency.py: [calibration.weights], each",
        "# >= 0, and [calibration.centre], each feature's mean on the fitting articles (a feature a run did not",
        "# compute counts as that). intercept, slope and weights were fitted with spun and clean articles weighted",
        "# equally (even odds); base_rate is the share of spun articles the shipped probability assumes. A spun",
        "# template byline then adds its own evidence (1 - (1 - spin) * 0.5). The reliability below is at even",
        "# odds (base rate 0.5), on the fitting data; cv_auc is the AUC of 5-fold out-of-fold predictions there.",
        "",
    ]


def render(args: argparse.Namespace, model: Model, rows: list[Row], spins: list[float], aucs: dict[str, float]) -> str:
    labels = [r.spun for r in rows]
    options = [*(f"--spun {_rel(p)}" for p in args.spun), *(f"--clean {_rel(p)}" for p in args.clean)]
    flags = [f"--base-rate {args.base_rate}", *(["--with-mined"] if args.with_mined else [])]
    command = "python -m tools.spin.calibrate " + " ".join([*options, *flags])
    mined = (
        "The phrase lists mined from spam were on while fitting."
        if args.with_mined
        else "The phrase lists mined from spam (mined from these same pages) were off while fitting."
    )
    lines = [
        *_header(),
        "[meta]",
        'title = "Calibration of the document spin verdict"',
        "sources = [",
        f'  "{_provenance(rows)}",',
        '  "And on the maintainers\' own texts: training/clean/ and tests/fixtures/spin/ (MIT).",',
        '  "The annotated evaluation corpora (dev, dev2) were not used.",',
        f'  "{mined}",',
        "]",
        'licence = "MIT (project data: parameters derived by the maintainers)"',
        f'generated = "{datetime.date.today().isoformat()}"',
        f'command = "{command}"',
        "",
        "[meta.fitting]",
        f"articles = {len(rows)}",
        f"spun = {sum(labels)}",
        f"auc = {_auc_of(spins, labels):.3f}",
        f"cv_auc = {model.cv_auc or 0.0:.3f}",
        f"ridge = {model.ridge}",
        "feature_auc = { " + ", ".join(f"{k} = {v:.3f}" for k, v in aucs.items()) + " }",
        "reliability = [",
        *_toml_table(reliability(spins, labels)),
        "]",
        "",
        "[calibration]",
        f"intercept = {model.centred_intercept():.4f}",
        f"slope = {model.slope:.4f}",
        f"rate_floor = {args.floor}",
        f"base_rate = {args.base_rate}",
        "",
        "[calibration.weights]",
        *(f"{name} = {weight:.4f}" for name, weight in model.weights.items()),
        "",
        "[calibration.centre]",
        *(f"{name} = {model.centres[name]:.4f}" for name in model.weights),
        "",
    ]
    return "\n".join(lines)


@dataclass(frozen=True)
class Extension:
    """One feature's weight fitted on top of the shipped calibration (see the module docstring)."""

    name: str
    weight: float
    centre: float
    shift: float  # the even-odds shift fitted with it (not shipped)
    auc_before: float
    auc_after: float


def fit_extension(rows: Sequence[Row], name: str) -> Extension:
    """NAME's weight (>= 0) with the shipped calibration's other parameters as the offset."""
    from contentlint.spin.signal import calibration

    shipped = calibration()
    offset = numpy.asarray(
        [shipped.log_odds(r.rate, 0.5, {**r.features, name: shipped.centres.get(name, 0.0)}) for r in rows]
    )
    values = numpy.asarray([r.features.get(name, 0.0) for r in rows])
    y = numpy.asarray([r.spun for r in rows], dtype=float)
    centre = float(values.mean())
    weight_of = numpy.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    design = numpy.column_stack([numpy.ones(len(rows)), values - centre])
    beta = numpy.zeros(2)
    for _ in range(100):
        p = 1.0 / (1.0 + numpy.exp(-(offset + design @ beta)))
        gradient = design.T @ (weight_of * (p - y))
        hessian = (design * (weight_of * p * (1 - p))[:, None]).T @ design + RIDGE * numpy.eye(2)
        step = numpy.linalg.solve(hessian, gradient)
        beta -= step
        if numpy.abs(step).max() < 1e-10:
            break
    weight = max(float(beta[1]), 0.0)  # a negative weight would let spin fall as the evidence grows
    labels = [r.spun for r in rows]
    after = offset + weight * (values - centre)
    return Extension(
        name, weight, centre, float(beta[0]), _auc_of(offset.tolist(), labels), _auc_of(after.tolist(), labels)
    )


def render_extension(text: str, fitted: Extension, rows: Sequence[Row], command: str) -> str:
    """The shipped file's text with NAME's weight and centre set and the extension's provenance."""
    import re

    spun = sum(r.spun for r in rows)
    for table, value in (("weights", fitted.weight), ("centre", fitted.centre)):
        block = re.search(rf"^\[calibration\.{table}\]\n(?:[^\[\n].*\n)*", text, re.MULTILINE)
        if block is None:
            sys.exit(f"calibrate: the shipped file has no [calibration.{table}]")
        lines = [ln for ln in block.group(0).splitlines() if ln.strip() and not ln.startswith(f"{fitted.name} =")]
        text = (
            text[: block.start()]
            + "\n".join([*lines, f"{fitted.name} = {value:.4f}"])
            + "\n\n"
            + text[block.end() :].lstrip("\n")
        )
    text = re.sub(r"\n\[meta\.extension\][^\[]*", "\n", text)
    extension = "\n".join(
        [
            "[meta.extension]",
            f'feature = "{fitted.name}"',
            f'generated = "{datetime.date.today().isoformat()}"',
            f"command = {json.dumps(command)}",
            f"articles = {len(rows)}",
            f"spun = {spun}",
            f"auc_before = {fitted.auc_before:.3f}",
            f"auc_after = {fitted.auc_after:.3f}",
            f"shift_not_shipped = {fitted.shift:.4f}",
            f'note = "{_provenance(rows)} Every other parameter as shipped; only this weight and centre fitted."',
            "",
        ]
    )
    return text.replace("\n[calibration]\n", "\n" + extension + "\n[calibration]\n", 1).rstrip("\n") + "\n"


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--spun", type=Path, action="append", required=True)
    parser.add_argument("--clean", type=Path, action="append", required=True)
    parser.add_argument(
        "--floor", type=float, default=RATE_FLOOR, help=f"rates below this count as this (default {RATE_FLOOR})"
    )
    parser.add_argument("--base-rate", type=float, default=0.1, help="share of spun articles assumed (default 0.1)")
    parser.add_argument("--output", type=Path, default=ROOT / "rules" / "spin_calibration.toml")
    parser.add_argument("--features", type=Path, help="also write every article's evidence as TSV")
    parser.add_argument(
        "--with-mined",
        action="store_true",
        help="keep the phrase lists mined from spam while fitting (only when the fitting pages were not mined)",
    )
    parser.add_argument("--rate-only", action="store_true", help="fit on the log rate alone (the earlier model)")
    parser.add_argument("--extend", choices=FEATURES, help="fit only this feature's weight on top of the shipped file")
    args = parser.parse_args(argv)
    if any("shared/corpus" in str(p.resolve()) for p in [*args.spun, *args.clean]):
        parser.error("the shared dev corpora are evaluation sets: do not fit on them")
    rows = document_rates(args.spun, True, args.with_mined) + document_rates(args.clean, False, args.with_mined)
    if args.extend:
        fitted = fit_extension(rows, args.extend)
        options = [*(f"--spun {_rel(p)}" for p in args.spun), *(f"--clean {_rel(p)}" for p in args.clean)]
        flags = ["--with-mined"] if args.with_mined else []
        command = " ".join(["python -m tools.spin.calibrate", *options, *flags, f"--extend {args.extend}"])
        args.output.write_text(
            render_extension(args.output.read_text(encoding="utf-8"), fitted, rows, command), "utf-8"
        )
        print(
            f"{args.extend}: weight {fitted.weight:.4f}, centre {fitted.centre:.4f} on {len(rows)} articles "
            f"(AUC there {fitted.auc_before:.3f} -> {fitted.auc_after:.3f}); wrote {args.output}"
        )
        return
    names = list(FEATURES) if not args.rate_only else []
    model = fit_model(rows, names, args.floor)
    by_site = leave_site_out(_design(rows, names, args.floor), [r.spun for r in rows], model.ridge, site_of(rows))
    if model.slope <= 0:
        sys.exit(
            f"calibrate: the fitted slope is {model.slope:.3f}; spin must rise with the rate, refusing to write it"
        )
    spins = [1.0 / (1.0 + math.exp(-model.log_odds(r, args.floor))) for r in rows]
    if args.features:
        args.features.write_text(
            "".join(
                f"{r.path}\t{int(r.spun)}\t{r.rate:.5f}\t"
                + "\t".join(f"{r.features.get(n, 0.0):.5f}" for n in names)
                + f"\t{s:.4f}\n"
                for r, s in zip(rows, spins, strict=True)
            ),
            encoding="utf-8",
        )
    aucs = feature_aucs(rows, names, args.floor)
    args.output.write_text(render(args, model, rows, spins, aucs), encoding="utf-8")
    print("AUC of each piece of evidence alone: " + ", ".join(f"{k} {v:.3f}" for k, v in aucs.items()))
    print(
        f"cross-validated AUC {model.cv_auc:.3f} (ridge {model.ridge}; leave-site-out {by_site:.3f}); "
        f"fitted AUC {_auc_of(spins, [r.spun for r in rows]):.3f}"
    )
    weights = ", ".join(f"{k} {v:.4f}" for k, v in model.weights.items())
    print(
        f"intercept {model.intercept:.4f} slope {model.slope:.4f} {weights} on {len(rows)} articles; "
        f"wrote {args.output}"
    )


if __name__ == "__main__":
    main()
