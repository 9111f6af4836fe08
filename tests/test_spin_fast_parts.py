"""Parts of the detector rewritten for speed, held equal to the forms they replaced."""

from __future__ import annotations

import math

import numpy

from contentlint.spin.detector import _log_counts, _row_medians
from contentlint.spin.resources import thesaurus_index


def test_row_medians_are_numpys_bit_for_bit() -> None:
    rng = numpy.random.default_rng(8)
    for width in range(1, 7):
        for case in range(50):
            rows = rng.integers(-400000, 400000, (int(rng.integers(0, 40)), width))
            if case % 2:
                rows //= 1000  # ties and odd sums, whose halves are not whole
            expected = numpy.median(rows, axis=1)
            got = _row_medians(rows)
            assert got.dtype == expected.dtype and got.tobytes() == expected.tobytes()


def test_log_counts_are_math_log() -> None:
    small = _log_counts(3)
    assert len(small) > 3
    table = _log_counts(5000)
    assert [table[c] for c in (1, 2, 3, 977, 5000)] == [math.log(c) for c in (1, 2, 3, 977, 5000)]
    assert table[1:4].tolist() == small[1:4].tolist()


def test_has_candidates_kept_answers_are_the_readings_answers() -> None:
    index = thesaurus_index()
    rng = numpy.random.default_rng(2)
    words = rng.integers(-1, len(index.words), 3000)
    words[::50] = -1
    expected = index._has_candidates_of(words)
    assert expected.any() and not expected.all()
    first, again = index.has_candidates(words), index.has_candidates(words[::-1])
    assert first.tolist() == expected.tolist()
    assert again.tolist() == expected[::-1].tolist()
    assert not index.has_candidates(numpy.array([-1, -1])).any()
