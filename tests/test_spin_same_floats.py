"""The spin analysis' cheaper data flow (issue 19) gives the same floats, to the bit, as the plain
definitions it replaced: a speed-up must never move a rate, a probability or a score."""

from __future__ import annotations

import math

import numpy
from hypothesis import given, settings
from hypothesis import strategies as st

from contentlint.spin import signal
from contentlint.spin.signal import PRIOR_CLEAN, estimate_rate


def _plain_rate(logits: list[float], observed: int, fitted_rate: float, iterations: int = 50) -> float:
    """The EM as first written: every round through signal._posteriors."""
    z = numpy.asarray(logits, dtype="float64")
    n = len(z) + observed
    if n == 0:
        return 0.0
    rate = fitted_rate
    for _ in range(iterations):
        expected = float(signal._posteriors(z, rate, fitted_rate).sum()) + observed
        new = min(max(expected / (n + PRIOR_CLEAN - 1.0), 1e-4), 0.95)
        if abs(new - rate) < 1e-5:
            return new
        rate = new
    return rate


# Log-odds as the detector gives them, with the values at and beyond the clip bounds and signed zeros.
LOGITS = st.lists(
    st.one_of(st.floats(-60.0, 60.0), st.sampled_from([0.0, -0.0, 30.0, -30.0, 1e300, -1e300])), max_size=300
)


@settings(max_examples=300)
@given(LOGITS, st.integers(0, 6), st.floats(0.01, 0.6))
def test_rate_is_the_plain_em_to_the_bit(logits: list[float], observed: int, fitted_rate: float) -> None:
    assert estimate_rate(logits, observed, fitted_rate).hex() == _plain_rate(logits, observed, fitted_rate).hex()


def test_rate_on_a_long_document_is_the_plain_em() -> None:
    """Sums of more than 128 terms take numpy's pairwise path: the buffer must keep its layout."""
    z = numpy.random.default_rng(19).normal(-3.0, 4.0, 5000)
    for observed in (0, 3, 40):
        assert estimate_rate(z, observed, 0.1).hex() == _plain_rate(z.tolist(), observed, 0.1).hex()


def test_the_comparison_sees_a_changed_round() -> None:
    """The comparison above can fail: one round's posteriors summed in another order move the rate."""
    z = numpy.random.default_rng(7).normal(-2.0, 3.0, 999)
    shift = signal._logit(0.2) - signal._logit(0.1)
    ordered = float(signal._posteriors(z, 0.2, 0.1).sum())
    loose = math.fsum(1.0 / (1.0 + math.exp(-min(max(x + shift, -30.0), 30.0))) for x in z.tolist())
    assert signal._Posteriors(z, 0.1).total(0.2).hex() == ordered.hex()
    assert loose.hex() != ordered.hex()
