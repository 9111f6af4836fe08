"""CL105's article scan (_ARTICLE_SEAM) against the former scan (_ARTICLE, every "a"/"an" before a word looked at):
the same hits, on texts built from articles, words of every kind of first sound and the separators around them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contentlint import ruledata
from contentlint.checks import spun_grammar

WORDS = (
    "a an A An AN apple hour honest heir herb unique uniform useful one once euro ewe ufo napkin extremely item "
    "it ox egg the your x _a a1 an- an's orange"
).split()
SEPARATORS = (" ", "  ", "\t", " \t ", ". ", "\n", ", ", "-", "_", "'", " (", ".\n", '"')


def _hits(text: str, pattern: object) -> list[tuple[int, int, str, str | None]]:
    lists = spun_grammar._lists()
    return [(h.start, h.end, h.message, h.suggestion) for h in spun_grammar._article_hits(text, lists, pattern)]  # type: ignore[arg-type]


@settings(max_examples=400)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), min_size=1, max_size=14))
def test_the_seam_scan_finds_what_the_former_scan_kept(pieces: list[tuple[str, str]]) -> None:
    text = "".join(word + separator for word, separator in pieces)
    assert _hits(text, spun_grammar._ARTICLE_SEAM) == _hits(text, spun_grammar._ARTICLE)


def test_seams_of_both_articles_are_found() -> None:
    text = "It is a extremely odd idea. An napkin fell. Take an uniform, a hour, an a apple and a one-off.\nA egg."
    found = _hits(text, spun_grammar._ARTICLE_SEAM)
    assert found == _hits(text, spun_grammar._ARTICLE)
    assert [text[a:b] for a, b, _, _ in found] == ["a extremely", "An napkin", "an uniform", "a hour", "A egg"]


RATE_WORDS = (
    "once twice thrice times sometimes at At a 3 one 1 One day days night week hours fortnight is passed went "
    "brush it x"
).split()
RATE_SEPARATORS = (" ", "  ", "\t", ". ", "\n", ", ", "-", "'")


def _rate_reference(table: dict[str, object]) -> re.Pattern[str]:
    """CL105's rate pattern as first written, led by its look-behinds (tried at every position of the text)."""
    counts = "|".join(map(re.escape, table["counts"]))  # type: ignore[call-overload]
    tail = spun_grammar._rate_tail(table["units"], table["verbs"])  # type: ignore[arg-type]
    return re.compile(rf"(?<=[A-Za-z0-9][ \t])(?<![Aa]t[ \t])(?:{counts}){tail}")


def _rate_spans(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int, int, int]]:
    return [(*m.span(), *m.span(1)) for m in pattern.finditer(text)]


@settings(max_examples=400)
@given(st.lists(st.tuples(st.sampled_from(RATE_WORDS), st.sampled_from(RATE_SEPARATORS)), min_size=1, max_size=12))
def test_the_rate_scan_led_by_letters_finds_what_the_reference_finds(pieces: list[tuple[str, str]]) -> None:
    table = ruledata.load("spun_grammar", spun_grammar.SHAPE)["rate"]
    text = "".join(word + separator for word, separator in pieces)
    assert _rate_spans(text, spun_grammar._rate(table)) == _rate_spans(text, _rate_reference(table))


def test_rates_the_reference_allows_and_refuses_are_found_alike() -> None:
    table = ruledata.load("spun_grammar", spun_grammar.SHAPE)["rate"]
    text = (
        "Brush twice one day. Cleanse once 1 week, apply it 3 times one night. Twice one day is enough. "
        "At times one day feels long; at times one day passed; sometimes one day; so once one day passes."
    )
    found = _rate_spans(text, spun_grammar._rate(table))
    assert found == _rate_spans(text, _rate_reference(table))
    assert [text[a:b] for a, b, _, _ in found] == ["twice one day", "once 1 week", "times one night"]


def test_an_empty_count_in_the_rate_table_fails_loudly() -> None:
    table = dict(ruledata.load("spun_grammar", spun_grammar.SHAPE)["rate"])
    table["counts"] = ["once", ""]
    with pytest.raises(ruledata.RuleDataError, match="counts"):
        spun_grammar._rate(table)
