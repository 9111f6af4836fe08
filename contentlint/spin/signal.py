"""The document spin signal: how much of an article a spinner rewrote, from all the evidence.

Evidence: phrasebook hits (CL101) and the statistical detector's words, combined by estimating
the document's *spin rate* rho, the share of scoreable words that are substitutes. Phrasebook
hits count as observed substitutes; every other scoreable word contributes its probability of
being one, which itself depends on rho (a spinner that rewrote a fifth of the words makes any
odd word likelier to be a substitute). rho is the fixed point of that relation (expectation
maximisation), with a weak prior towards unspun text.

Measured (contentlint/spin/train.py weights; see the README's spin section): rho is 0.00-0.01 on
the clean US-government pages of the dev corpus, below 0.04 on 13 of the project's 14 clean
training texts, 0.29 on the annotated spun article and 0.05-0.3 on simulated spins at rates 0.1
and 0.2. The same rho is the prior of every word's probability, so the span findings of CL102
weigh each word by its document: on a clean article rho is near zero and no word reaches the
reporting threshold, on a heavily spun one the threshold is reached by the words the detector
is most sure of.

Spinner-preferred variants (CL103: "just how", "likewise", "obtain") are ordinary English one at a
time; they are reported, and counted as observed substitutes in rho, only in a document whose other
evidence already passes the CL103 gate. The probabilities of CL102's words keep the rate without them,
the calibration CL102's threshold was chosen on.

``spin`` (0-1) is a calibrated probability that the article was machine-spun, among articles of
which one in ten is (the stated base rate): a logistic model of log(rho) and of the document-level
features of :mod:`.fluency` (the share of odd words, grammatical breaks), fitted on real
spun and clean pages that are not the evaluation corpora (``rules/spin_calibration.toml``, written by
``python -m tools.spin.calibrate``), combined with the byline tell (a spun byline alone gives at least
0.5). Every weight is >= 0 and every feature measures spin evidence, so ``spin`` never falls when rho
or a feature rises.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy

from .. import ruledata

# Beta(1, PRIOR_CLEAN) prior on the rate: its mode is 0 (most articles are not spun) and it shrinks
# the estimate of a short text, which has few words to go on.
PRIOR_CLEAN = 4.0
BYLINE_EVIDENCE = 0.5
PHRASEBOOK_EVIDENCE = 0.5
PHRASEBOOK_EVIDENCE_CAP = 0.75
# The least ``spin`` of a document padded past CL108's gate (rules/spinner_filler.toml): no clean document of
# the 8,669 the gate was set on (about 6 million words) reaches it, a fifth of the annotated spun pages do.
# Like the phrasebook's evidence it stays under the top tiers' gates (0.9), which read the statistics alone.
# A document past CL109's gate (rules/spinner_dictionary.toml: a dictionary spinner's words, densely) gets the
# same: none of the 8,674 clean documents it was checked on passes it (README, CL109).
FILLER_EVIDENCE = 0.75


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def posteriors(logits: Sequence[float] | numpy.ndarray, rate: float, fitted_rate: float) -> list[float]:
    """P(substitute) of each word in a document with spin rate ``rate``.

    ``logits`` are log-odds at the fitting data's rate ``fitted_rate``; moving to another prior
    shifts every log-odds by the same amount.
    """
    return _posteriors(numpy.asarray(logits, dtype="float64"), rate, fitted_rate).tolist()  # type: ignore[no-any-return]


def _posteriors(logits: numpy.ndarray, rate: float, fitted_rate: float) -> numpy.ndarray:
    shift = _logit(rate) - _logit(fitted_rate)
    return 1.0 / (1.0 + numpy.exp(-numpy.clip(logits + shift, -30.0, 30.0)))  # type: ignore[no-any-return]


def estimate_rate(
    logits: Sequence[float] | numpy.ndarray, observed: int, fitted_rate: float, iterations: int = 50
) -> float:
    """The document's spin rate: EM over the words' log-odds, with ``observed`` known substitutes."""
    z = numpy.asarray(logits, dtype="float64")
    n = len(z) + observed
    if n == 0:
        return 0.0
    return _Posteriors(z, fitted_rate).fixed_point(observed, n + PRIOR_CLEAN - 1.0, fitted_rate, iterations)


class _Posteriors:
    """``_posteriors(z, rate, fitted_rate).sum()`` at many rates, with the same floats in fewer numpy calls.

    The EM takes about twenty rounds per document on arrays of a few hundred words, where the cost is the
    calls, not the arithmetic: ``-z`` is kept, and each round works in one buffer. ``-(z + s)`` is
    ``(-z) - s`` to the bit (rounding to nearest is symmetric), clipping commutes with the negation (the
    bounds are symmetric), and the maximum then minimum is numpy.clip's own definition, so every
    posterior and their sum are those of _posteriors.

    The clipping is skipped in a round where it cannot change a value: rounding is monotonic, so when the
    largest and smallest of ``-z`` minus the shift lie within the bounds, every element's difference does
    (a NaN fails both tests and keeps the clipping). ``reciprocal`` is numpy's ``1.0 / x`` (one correctly
    rounded division), and ``add.reduce`` over every axis is what ``ndarray.sum`` calls."""

    def __init__(self, z: numpy.ndarray, fitted_rate: float) -> None:
        self.negated = -z
        self.buffer = numpy.empty_like(self.negated)
        self.fitted = _logit(fitted_rate)
        # (highest, lowest) of -z; None for an empty array, which has no extremes and nothing to clip
        self.extremes = (float(self.negated.max()), float(self.negated.min())) if len(z) else None

    def total(self, rate: float) -> float:
        """One round's sum of the posteriors: the form fixed_point writes out in its loop, kept whole for the
        tests that compare it with _posteriors."""
        buf = self.buffer
        shift = _logit(rate) - self.fitted
        numpy.subtract(self.negated, shift, out=buf)
        if not self._within_bounds(shift):
            numpy.maximum(buf, -30.0, out=buf)
            numpy.minimum(buf, 30.0, out=buf)
        numpy.exp(buf, out=buf)
        numpy.add(buf, 1.0, out=buf)
        numpy.reciprocal(buf, out=buf)
        return float(numpy.add.reduce(buf, axis=None))

    def fixed_point(self, observed: int, denominator: float, rate: float, iterations: int) -> float:
        """The EM's rounds from ``rate``, each ``total(rate) + observed`` over ``denominator``, clamped, until a
        round moves the rate by less than 1e-5. Each round's total is :meth:`total`'s, written out in the loop
        with _logit's steps and the bounds test: a method call, _logit's and the test's per round were a tenth
        of the EM's time (the same floats: tested against the plain EM)."""
        negated, buf, fitted, reduce = self.negated, self.buffer, self.fitted, numpy.add.reduce
        high, low = self.extremes if self.extremes is not None else (math.inf, -math.inf)
        for _ in range(iterations):
            p = min(max(rate, 1e-6), 1 - 1e-6)
            shift = math.log(p / (1 - p)) - fitted
            numpy.subtract(negated, shift, out=buf)
            if not (high - shift <= 30.0 and low - shift >= -30.0):  # (_within_bounds; inf or NaN: clip)
                numpy.maximum(buf, -30.0, out=buf)
                numpy.minimum(buf, 30.0, out=buf)
            numpy.exp(buf, out=buf)
            numpy.add(buf, 1.0, out=buf)
            numpy.reciprocal(buf, out=buf)
            new = min(max((float(reduce(buf, axis=None)) + observed) / denominator, 1e-4), 0.95)
            if abs(new - rate) < 1e-5:
                return new
            rate = new
        return rate

    def _within_bounds(self, shift: float) -> bool:
        if self.extremes is None:
            return False
        high, low = self.extremes
        return high - shift <= 30.0 and low - shift >= -30.0


CALIBRATION_SHAPE = ruledata.Shape((("calibration", ruledata.TABLE),), required=("calibration",))


@dataclass(frozen=True)
class Calibration:
    """P(spun | evidence) = sigmoid(intercept + logit(base_rate) + slope * ln(max(rate, rate_floor))
    + sum of weight * (feature - centre)).

    ``intercept``, ``slope`` and the feature ``weights`` are fitted with spun and clean articles weighted
    equally (even odds); ``base_rate`` is the share of spun articles the probability assumes among those
    checked. Each feature counts from its ``centre``, its mean on the fitting articles, so a feature a run
    did not compute (``--ignore CL102`` leaves the detector's out) counts as an ordinary article's.
    slope > 0 and weights >= 0 keep spin increasing in every piece of evidence."""

    intercept: float
    slope: float
    rate_floor: float
    base_rate: float
    weights: Mapping[str, float] = field(default_factory=dict)
    centres: Mapping[str, float] = field(default_factory=dict)

    def log_odds(
        self, rate: float, base_rate: float | None = None, features: Mapping[str, float] | None = None
    ) -> float:
        prior = self.base_rate if base_rate is None else base_rate
        z = self.intercept + _logit(prior) + self.slope * math.log(max(rate, self.rate_floor))
        if features:
            for name, weight in self.weights.items():
                centre = self.centres.get(name, 0.0)
                z += weight * (float(features.get(name, centre)) - centre)
        return z

    def probability(
        self, rate: float, base_rate: float | None = None, features: Mapping[str, float] | None = None
    ) -> float:
        z = self.log_odds(rate, base_rate, features)
        return 1.0 / (1.0 + math.exp(-min(max(z, -50.0), 50.0)))


def _numbers(table: dict[str, Any]) -> tuple[float, float, float, float]:
    try:
        intercept, slope, floor, base = (float(table[key]) for key in ("intercept", "slope", "rate_floor", "base_rate"))
        return intercept, slope, floor, base
    except (KeyError, TypeError, ValueError) as exc:
        raise ruledata.RuleDataError(
            f"rules/spin_calibration.toml: [calibration] needs numbers intercept, slope, rate_floor, base_rate ({exc})"
        ) from None


def _feature_table(table: Any, key: str) -> dict[str, float]:
    """[calibration.weights] or [calibration.centre]: a number >= 0 per known feature."""
    from .fluency import FEATURES

    if not isinstance(table, dict):
        raise ruledata.RuleDataError(f"rules/spin_calibration.toml: [calibration.{key}] must be a table")
    values = {}
    for name, value in table.items():
        if name not in FEATURES:
            raise ruledata.RuleDataError(
                f"rules/spin_calibration.toml: unknown feature {name!r} in [calibration.{key}] "
                f"(known: {', '.join(FEATURES)})"
            )
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < math.inf:
            # A negative weight would let spin fall, and the score rise, as the evidence grows.
            raise ruledata.RuleDataError(f"rules/spin_calibration.toml: {key} {name} must be a number >= 0")
        values[name] = float(value)
    return values


@functools.cache
def calibration() -> Calibration:
    """The fitted map from the evidence to spin (``rules/spin_calibration.toml``), checked once per process."""
    table = ruledata.load("spin_calibration", CALIBRATION_SHAPE)["calibration"]
    weights, centres = (_feature_table(table.get(key, {}), key) for key in ("weights", "centre"))
    fitted = Calibration(*_numbers(table), weights=weights, centres=centres)
    if not (fitted.slope > 0 and 0 < fitted.rate_floor < 1 and 0 < fitted.base_rate < 1):
        # A falling map would let the score rise with the evidence of spin.
        raise ruledata.RuleDataError(
            "rules/spin_calibration.toml: slope must be > 0, rate_floor and base_rate in (0, 1)"
        )
    if not math.isfinite(fitted.intercept):
        raise ruledata.RuleDataError("rules/spin_calibration.toml: intercept must be a finite number")
    return fitted


def spin_value(
    rate: float,
    byline: bool,
    features: Mapping[str, float] | None = None,
    entries: int = 0,
    padded: bool = False,
) -> float:
    """``spin``: the calibrated probability that the document was spun, from its rate, its document-level
    features (:mod:`.fluency`; one not given counts as an ordinary article's), its byline tell, the
    phrasebook entries it prints (``entries``: distinct ones, see PHRASEBOOK_EVIDENCE) and whether it is past the
    gate of CL108 (padded with spinner filler) or CL109 (a dictionary spinner's words) (``padded``, see
    FILLER_EVIDENCE)."""
    from_rate = calibration().probability(rate, features=features)
    clean = (1.0 - (BYLINE_EVIDENCE if byline else 0.0)) * (1.0 - phrasebook_evidence(entries))
    clean *= 1.0 - (FILLER_EVIDENCE if padded else 0.0)
    return round(1.0 - (1.0 - from_rate) * clean, 3)


def statistics_alone(observed: int, byline: bool, padded: bool, slips: float) -> bool:
    """Whether a verdict rests on the word statistics alone: the document shows no substitute outright
    (``observed``, as CL106 counts them: phrasebook hits, variants, spinner wording, grammatical breaks), no spun
    byline, no run-in slip (``slips``, the feature of .slips) and is past neither CL108's nor CL109's gate
    (``padded``)."""
    return observed == 0 and not byline and not padded and slips <= 0


def held_value(value: float, alone: bool) -> tuple[float, bool]:
    """``value`` held at STATISTICS_ALONE_CAP when the verdict rests on the statistics ``alone``; and whether it was."""
    if alone and value > STATISTICS_ALONE_CAP:
        return STATISTICS_ALONE_CAP, True
    return value, False


def phrasebook_evidence(entries: int) -> float:
    """The least ``spin`` of a document that prints ``entries`` distinct phrasebook entries (CL101's lists).

    The rate counts each hit as one substitute among a few hundred scoreable words, so a short page that prints
    "pores and skin", "may additionally" and "common sorts" kept a spin of 0.16. Yet careful writing next to
    never prints an entry: on 2026-12-02 no clean or claims page of dev2 and the held-out oos1203all (81
    pages) had one, and 2 of 2,225 BBC news articles (0.86 million words); a third to two fifths of the spun
    pages of each set had one or more. At the stated base rate that ratio makes one entry's page likelier spun
    than not, so each distinct entry gives the evidence of a spun byline, and together they stop at
    PHRASEBOOK_EVIDENCE_CAP: under the top tiers' gates (0.9), which must still come from the word statistics."""
    if entries <= 0:
        return 0.0
    return min(PHRASEBOOK_EVIDENCE_CAP, 1.0 - (1.0 - PHRASEBOOK_EVIDENCE) ** entries)


# The breakdown names a document-level feature when it adds this much to the log-odds.
FEATURE_SHOWN = 0.3
# A document that shows no substitute outright has a verdict that rests on the word statistics alone, which rich
# marketing copy (wine notes, perfume, couture) can produce as well (README, "Spin detection", CL106); CL106
# reports nothing on it, and its spin is held at STATISTICS_ALONE_CAP, with this note: the word statistics alone
# cannot tell ornate prose from spun text. Measured on 2026-12-03 (README, "Statistics alone"): of the annotated
# articles that show no substitute outright, those at a spin of 0.15 or more were 3 spun pages of dev2 and 4 clean
# pages of the held-out sets (a hotel review at 0.43), and none of the spun pages of four held-out sets (65
# pages); the hold takes 29 of 2,362 documents of marketing copy and 52 of 8,568 of clean health and news prose
# down to it, and 13 of 106 unannotated spun pages (QuillBot-style pages whose wording no list holds yet). Below
# the cap, spin is as fitted.
STATISTICS_ALONE_NOTE = "no substitute seen outright (word statistics alone, which ornate copy can also produce)"
STATISTICS_ALONE_CAP = 0.2


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@dataclass
class DocumentSpin:
    """What the spin evidence says about one document (``spin`` in the JSON output)."""

    value: float  # 0-1
    rate: float  # estimated share of scoreable words that are substitutes
    scored_words: int  # words the statistical detector scored
    phrasebook: int  # phrasebook hits (CL101), each an observed substitute
    statistical: int  # words reported by CL102
    byline: bool  # a spun template byline ("Developed By-Name")
    statistical_enabled: bool = True
    variants: int = 0  # spinner-preferred variants reported (CL103), each an observed substitute
    notes: list[str] = field(default_factory=list)
    # The words the statistical evidence is surest of, as "word (original)", surest first.
    strongest: tuple[str, ...] = ()
    expected: float = 0.0  # expected number of substitutes among the scored words (sum of their probabilities)
    # The document-level features of .fluency (name -> value) the calibration weighs, and the breaks found.
    features: dict[str, float] = field(default_factory=dict)
    breaks: int = 0
    wording_hits: int = 0  # matches of the spinner wording the verdict reads (the feature ``wording``)
    # The substitutes the document shows outright, as CL106 counts them (None: not counted).
    observed: int | None = None
    entries: int = 0  # distinct phrasebook entries among the hits (see phrasebook_evidence)
    filler: int = 0  # spinner filler phrases, when the document is padded past CL108's gate (else 0)
    dictionary: int = 0  # a dictionary spinner's words, when the document is past CL109's gate (else 0)
    # Odd words of the descriptive register of product copy, counted as plain words (spin/register.py).
    register: int = 0
    held: bool = False  # the value was held at STATISTICS_ALONE_CAP (see statistics_alone)

    def evidence(self) -> str:
        """Why the document has this spin, in a sentence ("rate 0.19 from 41 of 312 scored words; ...")."""
        parts = []
        if self.statistical_enabled:
            parts.append(f"rate {self.rate:.2f} from {self.expected:.0f} of {self.scored_words} scored words")
        else:
            parts.append(f"rate {self.rate:.2f} from the phrase lists")
        if self.phrasebook:
            parts.append(_count(self.phrasebook, "phrasebook hit"))
            if self.entries and phrasebook_evidence(self.entries) >= self.value - 0.05:
                noun = "entry" if self.entries == 1 else "entries"
                parts.append(f"at least {phrasebook_evidence(self.entries):.2f} for {self.entries} phrasebook {noun}")
        parts.extend(self._tell_evidence())
        parts.extend(self._feature_evidence())
        if self.register:
            parts.append(f"{_count(self.register, 'odd word')} of product copy set aside")
        if self.held:
            parts.append(f"held at {STATISTICS_ALONE_CAP:.2f}: {STATISTICS_ALONE_NOTE}")
        text = ", ".join(parts)
        if self.strongest:
            text += "; strongest: " + ", ".join(self.strongest)
        return text

    def _tell_evidence(self) -> list[str]:
        """The spinners' tells the document shows: padding, a dictionary's words, variants, a spun byline."""
        parts = []
        if self.filler:
            parts.append(f"padded with {_count(self.filler, 'filler phrase')} (at least {FILLER_EVIDENCE:.2f})")
        if self.dictionary:
            words = _count(self.dictionary, "word")
            parts.append(f"{words} of a dictionary spinner (at least {FILLER_EVIDENCE:.2f})")
        if self.variants:
            parts.append(_count(self.variants, "spinner variant"))
        if self.byline:
            parts.append("a spun byline")
        return parts

    def _feature_evidence(self) -> list[str]:
        """The document-level features that raised the verdict by at least FEATURE_SHOWN in log-odds over an
        ordinary article's."""
        fitted = calibration()
        out = []
        for name, weight in fitted.weights.items():
            value = self.features.get(name)
            if value is None or weight * (value - fitted.centres.get(name, 0.0)) < FEATURE_SHOWN:
                continue
            out.append(self._feature_label(name, value))
        return out

    def _feature_label(self, name: str, value: float) -> str:
        if name == "breakage":
            return _count(self.breaks, "grammatical break")
        if name == "slips":
            return f"{value:.1f} run-in slips per 1,000 words"
        if name == "wording":
            return _count(self.wording_hits, "spinner wording hit")
        return f"odd-word share {value:.2f}"

    def to_json(self) -> dict[str, Any]:
        from ..score import spin_penalty

        return {
            "value": self.value,
            "rate": round(self.rate, 3),
            "scored_words": self.scored_words,
            "phrasebook_hits": self.phrasebook,
            "phrasebook_entries": self.entries,
            "filler_phrases": self.filler,
            "dictionary_words": self.dictionary,
            "register_words": self.register,
            "variant_hits": self.variants,
            "statistical_findings": self.statistical,
            "byline": self.byline,
            "statistical": self.statistical_enabled,
            "features": {name: round(value, 3) for name, value in self.features.items()},
            "penalty": spin_penalty(self.value),
            "evidence": self.evidence(),
            "held": self.held,
            **({} if self.observed is None else {"observed_substitutes": self.observed}),
        }
