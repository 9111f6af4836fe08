"""CL103 spinner-preferred variants: reported only in articles other evidence shows to be spun."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contentlint import check_text, ruledata
from contentlint.api import Linter
from contentlint.config import Config
from contentlint.fix import fix_document
from contentlint.formats import load_string

CFG = Config(select=("CL101", "CL103"))
# Three phrasebook hits in one sentence: enough evidence that the article around it was spun.
EVIDENCE = "Did you understand that it deals many benefits for every skin kind? "


def variants(text: str, config: Config = CFG) -> list[tuple[str, str | None]]:
    return [(f.text, f.suggestion) for f in check_text(text, config=config).findings if f.rule == "CL103"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Find out just how it works.", [("just how", "how")]),
        ("FIND OUT JUST HOW IT WORKS.", [("JUST HOW", "HOW")]),
        ("Find Out Just How It Works.", [("Just How", "How")]),
        ("Readers obtained much more even skin.", [("obtained", "got"), ("much more", "more")]),
        ("The clinic made use of a pen.", [("made use of", "used")]),
        ("She locates it in a brand-new jar.", [("locates", "finds"), ("brand-new", "new")]),
        ("It is far better, and you will certainly like it.", [("far better", "better"), ("will certainly", "will")]),
        ("It likewise soothes, simply apply it.", [("likewise", "also"), ("simply", "just")]),
    ],
)
def test_spans_and_suggestions_in_a_spun_article(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert variants(EVIDENCE + sentence) == expected


def test_set_phrases_and_other_senses_are_left_alone() -> None:
    text = EVIDENCE + "Simply put, the clinic is located in town, and quite simply it works."
    assert variants(text) == []


def test_the_same_words_in_an_unspun_article_are_not_reported() -> None:
    clean = "Find out just how it works. Readers obtained much more even skin, and it likewise soothes."
    assert variants(clean) == []
    # One phrasebook hit is not enough evidence on its own.
    assert variants("It deals many benefits. Find out just how it works, and it likewise soothes.") == []


def test_a_spun_byline_with_a_phrasebook_hit_is_enough_evidence() -> None:
    text = "Tips\n\nComposed By-Ana Lee\n\nIt deals many benefits. Find out just how it works.\n"
    assert variants(text) == [("just how", "how")]


def test_works_without_reporting_the_phrasebook() -> None:
    """The phrasebook's hits are the gate's evidence even when CL101 itself is not selected."""
    report = check_text(EVIDENCE + "Find out just how it works.", config=Config(select=("CL103",)))
    assert [(f.rule, f.text) for f in report.findings] == [("CL103", "just how")]


def test_variants_count_in_the_document_spin() -> None:
    text = EVIDENCE + "Find out just how it works, and it likewise soothes. You will certainly like it."
    with_variants = check_text(text, config=CFG).spin
    without = check_text(text, config=Config(select=("CL101",))).spin
    assert with_variants.variants == 3 and without.variants == 0
    assert with_variants.rate > without.rate
    assert with_variants.to_json()["variant_hits"] == 3


def test_the_fix_is_unsafe_and_corrects_the_article() -> None:
    source = EVIDENCE + "Keep it in a brand-new jar.\n"
    doc = load_string(source, "x.txt", "text")
    linter = Linter(CFG)
    assert "brand-new" in fix_document(doc, linter, CFG).fixed
    assert fix_document(doc, linter, CFG, unsafe=True).fixed.endswith("Keep it in a new jar.\n")


def test_the_statistical_detector_does_not_score_reported_variants() -> None:
    text = EVIDENCE + "You can likewise obtain them at home, and readers locate the outcomes obtainable."
    report = check_text(text, config=Config(select=("CL101", "CL102", "CL103")))
    by_rule = {(f.rule, f.text) for f in report.findings}
    assert {("CL103", "likewise"), ("CL103", "obtain"), ("CL103", "locate")} <= by_rule
    assert not any(rule == "CL102" and word in ("likewise", "obtain", "locate") for rule, word in by_rule)
    assert report.spin is not None and report.spin.variants == 3


_DATA = ruledata.load("spinner_variants")
# Every variant of the list, with plain words to build sentences around them.
_WORDS = st.sampled_from(
    sorted({*_DATA["phrases"], *_DATA["exact"], "the", "cream", "works", "skin", "and", "it", "is", "you", "."})
)


@settings(max_examples=40, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=40))
def test_no_variant_is_reported_without_other_evidence(words: list[str]) -> None:
    assert variants(" ".join(words)) == []
