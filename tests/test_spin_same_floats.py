"""The spin analysis' cheaper data flow (issue 19) gives the same floats, to the bit, as the plain
definitions it replaced: a speed-up must never move a rate, a probability or a score."""

from __future__ import annotations

import math

import numpy
import pytest
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


# Words with candidate originals, names, clitics (two in a row leave a document to the token loop), breaks.
PIECES = [
    "benefits", "Benefits", "improve", "results", "help", "skin", "Rose", "you", "They", "can", "'s", "'ll",
    "n't", "'ve", ",", ".", "!", ";", "-", "(", '"', "42", " ", " ", " ", "\n", "\n\n", "İ",
]  # fmt: skip
TEXTS = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


def _same_positions(a: tuple, b: tuple) -> bool:  # type: ignore[type-arg]
    (found_a, ids_a), (found_b, ids_b) = a, b
    if ids_a.tolist() != ids_b.tolist() or (found_a is None) != (found_b is None):
        return False
    if found_a is None:
        return True
    arrays = ("token", "start", "end", "wid", "at")
    same = all(
        getattr(found_a, n).dtype == getattr(found_b, n).dtype
        and getattr(found_a, n).tolist() == getattr(found_b, n).tolist()
        for n in arrays
    )
    sa, sb = found_a.stream, found_b.stream
    return (
        same
        and sa.words == sb.words
        and (sa.position.tolist(), sa.ids.tolist(), sa.boundary.tolist())
        == (sb.position.tolist(), sb.ids.tolist(), sb.boundary.tolist())
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=6))
def test_positions_of_a_batch_are_each_documents(texts: list[str]) -> None:
    from contentlint.nlp import get_nlp
    from contentlint.spin.detector import _positions, _positions_of_many
    from contentlint.spin.resources import language_model, thesaurus_index

    nlp, index, lm = get_nlp(), thesaurus_index(), language_model()
    docs = [(nlp(text), text) for text in texts]
    together = _positions_of_many(docs, index, lm)
    alone = [_positions(doc, index, lm, text) for doc, text in docs]
    assert [k for k, (a, b) in enumerate(zip(alone, together, strict=True)) if not _same_positions(a, b)] == []


def test_the_positions_comparison_sees_another_document() -> None:
    from contentlint.nlp import get_nlp
    from contentlint.spin.detector import _positions
    from contentlint.spin.resources import language_model, thesaurus_index

    nlp, index, lm = get_nlp(), thesaurus_index(), language_model()
    one, two = "The benefits help you.", "They improve the results, you see."
    a, b = (_positions(nlp(t), index, lm, t) for t in (one, two))
    assert a[0] is not None and _same_positions(a, a) and not _same_positions(a, b)


def test_positions_of_a_batch_with_every_kind_of_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two clitics in a row (the token loop's document), a leading space, no tokens, no scoreable word."""
    from contentlint.nlp import get_nlp
    from contentlint.spin import detector
    from contentlint.spin.resources import language_model, thesaurus_index

    nlp, index, lm = get_nlp(), thesaurus_index(), language_model()
    texts = ["Benefits improve results.", "They'll've benefits. Help you improve results", "", " benefits help", "42 !"]
    docs = [(nlp(text), text) for text in texts]
    alone = [detector._positions(doc, index, lm, text) for doc, text in docs]
    looped: list[str] = []
    loop = detector._stream_loop

    def counted(doc: object, low: str, model: object) -> object:
        looped.append(low)
        return loop(doc, low, model)  # type: ignore[arg-type]

    monkeypatch.setattr(detector, "_stream_loop", counted)
    together = detector._positions_of_many(docs, index, lm)
    assert looped == [texts[1].lower()]
    assert [k for k, (a, b) in enumerate(zip(alone, together, strict=True)) if not _same_positions(a, b)] == []
    assert together[1][0] is not None and "they'll" in together[1][0].stream.words




def test_rounds_with_and_without_clipping_are_the_plain_em() -> None:
    """The clipping is skipped only in rounds where no value reaches a bound; a document with extreme log-odds
    (and one with a NaN, which keeps it) goes through the clipping, and both give the plain EM's rate."""
    inside = numpy.random.default_rng(3).normal(-2.0, 3.0, 400)
    assert signal._Posteriors(inside, 0.1)._within_bounds(0.5)
    extreme = numpy.r_[inside, 45.0, -80.0]
    assert not signal._Posteriors(extreme, 0.1)._within_bounds(0.0)
    assert not signal._Posteriors(numpy.r_[inside, numpy.nan], 0.1)._within_bounds(0.0)
    assert not signal._Posteriors(numpy.zeros(0), 0.1)._within_bounds(0.0)
    for z in (inside, extreme, numpy.r_[inside[:5], 29.99, -29.99]):
        for observed in (0, 7):
            assert estimate_rate(z, observed, 0.1).hex() == _plain_rate(z.tolist(), observed, 0.1).hex()
