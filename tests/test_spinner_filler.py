"""CL108 spinner filler: the document gate (count, kinds, density), the spans it reports and leaves to other rules,
its fix, the verdict's filler tell, the data file's shape, and silence on the clean pages of the corpora given."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contentlint import check_text
from contentlint.api import Linter
from contentlint.checks import ALL_CHECKS, RULES
from contentlint.checks.spinner_filler import SHAPE, filler_of
from contentlint.config import Config
from contentlint.fix import fix_document
from contentlint.formats import load_string
from contentlint.ruledata import RuleDataError
from contentlint.spin.signal import FILLER_EVIDENCE, spin_value

PADDED = (
    "Exactly what is the particular role of the skin? It keeps out germs as well as heat, and also it holds in "
    "water. Wash it gently or perhaps use a mild cleanser, and the actual results will show.\n"
)
# The plain article the padded one was made from, five times over: long enough that two filler phrases of it are
# under the density gate.
PLAIN = (
    "What is the role of the skin? It keeps out germs and heat, and it holds in water. Wash it gently with a mild "
    "cleanser, and the results will show within a week or two. "
) * 5


def _codes(text: str, select: tuple[str, ...] = ("CL108",)) -> list[tuple[str, str]]:
    report = check_text(text, config=Config(select=select))
    return [(f.rule, f.text) for f in report.findings]


def _spin(text: str, **config: object) -> float:
    report = check_text(text, config=Config(**config))  # type: ignore[arg-type]
    assert report.spin is not None
    return float(report.spin.value)


def test_registered_by_its_module_alone() -> None:
    assert "CL108" in RULES and any("CL108" in check.codes for check in ALL_CHECKS)


def test_a_padded_article_has_every_filler_reported() -> None:
    assert _codes(PADDED) == [
        ("CL108", "Exactly what"),
        ("CL108", "the particular"),
        ("CL108", "as well as"),
        ("CL108", "and also"),
        ("CL108", "or perhaps"),
        ("CL108", "the actual"),
    ]


def test_the_gate_counts_phrases_kinds_and_density() -> None:
    # Two phrases: under the count, however short the text.
    assert _codes("Germs as well as heat, or even cold, hurt it.") == []
    # One kind, however often: a writer's habit, not a spinner's padding.
    assert _codes("Germs as well as heat. Salt as well as sugar. Oil as well as water. Tea as well as milk.") == []
    # The same phrases spread through a long article: under the density.
    assert _codes(PLAIN + "It holds germs as well as heat, or even cold, and the actual water.\n" + PLAIN) == []
    gate = filler_of(PADDED, 36)
    assert gate.passed and len(gate.spans) == 6 and round(gate.per_1000_words) == 167


_WORDS = st.sampled_from(
    [
        "as",
        "well",
        "As",
        "WELL",
        "and",
        "also",
        "the",
        "The",
        "particular",
        "actual",
        "exactly",
        "what",
        "if",
        "just",
        "about",
        "any",
        "or",
        "even",
        "perhaps",
        "x",
        "İ",
        "ß",
        "it's",
        "it’s",
        "It‘s",
        "essential",
        "to",
    ]
)
# Mostly a space, so that the entries occur; sometimes what joins words or breaks a match.
_SEPARATORS = st.sampled_from([" ", " ", " ", " ", "  ", "\n", "'", "’", "-", "_", "", ", "])


@given(st.lists(st.tuples(_WORDS, _SEPARATORS), max_size=30))
def test_the_lower_case_scan_finds_what_the_case_blind_pattern_finds(parts: list[tuple[str, str]]) -> None:
    from contentlint.checks.spinner_filler import _lists, gate_spans

    text = "".join(word + separator for word, separator in parts)
    assert gate_spans(text) == [(m.start(), m.end()) for m in _lists().pattern.finditer(text)]


def test_phrase_boundaries() -> None:
    spans = filler_of("the particularly dry, an actual-size, as well, the actual's, and also-rans", 10).spans
    assert spans == ()


def test_the_fix_restores_the_plain_words_with_their_case() -> None:
    linter = Linter(Config(select=("CL108",)))
    fixed = fix_document(load_string(PADDED, "x.txt", "text"), linter, Config(select=("CL108",)), unsafe=True).fixed
    assert fixed == (
        "What is the role of the skin? It keeps out germs and heat, and it holds in water. Wash it gently or use a "
        "mild cleanser, and the results will show.\n"
    )
    # Unsafe: without --unsafe nothing changes.
    assert fix_document(load_string(PADDED, "x.txt", "text"), linter, Config(select=("CL108",))).fixed == PADDED


def test_in_a_padded_article_the_padding_writers_print_too_and_inserted_words_are_reported() -> None:
    text = PADDED + "It is actually simple, plus it works whenever you try. Actually, start today.\n"
    found = _codes(text)[6:]
    assert found == [("CL108", "actually"), ("CL108", "plus"), ("CL108", "whenever"), ("CL108", "Actually")]
    linter = Linter(Config(select=("CL108",)))
    fixed = fix_document(load_string(text, "x.txt", "text"), linter, Config(select=("CL108",)), unsafe=True).fixed
    # The inserted word goes with its space; at the head of a sentence it is left for the writer.
    assert fixed.endswith("It is simple, and it works when you try. Actually, start today.\n")


def test_a_rewriters_stock_phrases_count_for_the_gate_with_either_apostrophe() -> None:
    # WordAi-style stock phrases pad whole phrases ("if you" -> "in the event you"); the text may print a curly
    # apostrophe where the data file has a straight one.
    text = (
        "In the event you want clear skin, it’s essential to seek the advice of a dermatologist. Due to this fact "
        "you'll be able to start early.\n"
    )
    assert filler_of(text, 24).passed
    assert _codes(text) == [
        ("CL108", "In the event you"),
        ("CL108", "it’s essential to"),
        ("CL108", "seek the advice of"),
        ("CL108", "Due to this fact"),
        ("CL108", "you'll be able to"),
    ]
    linter = Linter(Config(select=("CL108",)))
    fixed = fix_document(load_string(text, "x.txt", "text"), linter, Config(select=("CL108",)), unsafe=True).fixed
    assert fixed == "If you want clear skin, you need to consult a dermatologist. Therefore you can start early.\n"


def test_stock_phrases_careful_writers_print_are_reported_in_a_padded_page_only() -> None:
    # "at all times", "is able to": English in a health leaflet, so they never count for the gate.
    leaflet = "Keep the wound covered at all times. The body is able to heal it, and the skin is able to regrow.\n"
    assert not filler_of(leaflet, 20).passed
    assert _codes(leaflet) == []
    found = _codes(PADDED + leaflet)[6:]
    assert found == [("CL108", "at all times"), ("CL108", "is able to"), ("CL108", "is able to")]


def test_the_padding_writers_print_too_neither_counts_for_the_gate_nor_is_reported_below_it() -> None:
    text = "It is actually simple, plus it really works whenever you try, and quite a few people do.\n"
    assert not filler_of(text, 17).passed
    assert _codes(text) == []


def test_words_another_spun_phrase_rule_reports_are_left_to_it() -> None:
    # "fat and also muscular tissue" is a mined phrasebook entry (CL101): its "and also" is not reported twice.
    text = "You lose fat and also muscular tissue. " + PADDED
    found = _codes(text, ("CL101", "CL108"))
    assert ("CL101", "fat and also muscular tissue") in found
    assert [t for rule, t in found if rule == "CL108"] == [
        "Exactly what",
        "the particular",
        "as well as",
        "and also",
        "or perhaps",
        "the actual",
    ]


def test_a_padded_article_is_at_least_the_tells_spin_and_ignoring_the_rule_drops_the_tell() -> None:
    assert _spin(PADDED) >= FILLER_EVIDENCE
    assert _spin(PADDED, ignore=("CL108",)) < FILLER_EVIDENCE
    assert _spin(PLAIN) < 0.3


@given(st.floats(0.0, 1.0), st.booleans(), st.integers(0, 3))
def test_padding_never_lowers_spin_and_stays_under_the_top_tiers(rate: float, byline: bool, entries: int) -> None:
    assert spin_value(rate, byline, entries=entries) <= spin_value(rate, byline, entries=entries, padded=True)
    assert spin_value(rate, byline, entries=entries, padded=True) >= FILLER_EVIDENCE - 5e-4
    assert FILLER_EVIDENCE < 0.9  # the top tiers' gates need the statistics


def test_a_data_file_of_the_wrong_shape_fails_loudly() -> None:
    gate = {"min_count": 3, "min_distinct": 2, "min_per_1000_words": 10.0}
    SHAPE.check("spinner_filler", {"meta": {}, "gate": gate, "filler": {"as well as": "and"}})
    with pytest.raises(RuleDataError, match=r"unknown table \[fillers\]"):
        SHAPE.check("spinner_filler", {"meta": {}, "gate": gate, "filler": {}, "fillers": {}})
    with pytest.raises(RuleDataError, match=r"missing \[filler\]"):
        SHAPE.check("spinner_filler", {"meta": {}, "gate": gate})
    with pytest.raises(RuleDataError, match="min_count"):
        SHAPE.check("spinner_filler", {"meta": {}, "gate": {"min_count": 3}, "filler": {}})
    with pytest.raises(RuleDataError, match="a table of strings"):
        SHAPE.check("spinner_filler", {"meta": {}, "gate": gate, "filler": {"as well as": 1}})
    with pytest.raises(RuleDataError, match="a table with words"):
        SHAPE.check("spinner_filler", {"meta": {}, "gate": gate, "filler": {}, "inserted": ["actually"]})


def test_no_finding_on_the_clean_pages_of_a_corpus(corpus: Path) -> None:
    # The gate was set where no clean document of a large collection reaches it (rules/spinner_filler.toml).
    paths = [p for kind in ("clean", "claims") for p in sorted((corpus / kind).glob("*")) if p.suffix != ".json"]
    assert paths
    for path in paths:
        report = check_text(path.read_text(encoding="utf-8"), path=str(path), config=Config(select=("CL108",)))
        assert report.findings == [], path
