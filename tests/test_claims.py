"""Claims: cues, mitigators, evidence and severities, on sentences written for these tests."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from contentlint import check_text
from contentlint.api import Linter
from contentlint.config import Config
from contentlint.formats import load_string
from contentlint.model import Severity
from contentlint.nlp import get_nlp

CFG = Config(select=("CL4",))


def claims(text: str, fmt: str = "text") -> list[tuple[str, str, str]]:
    return [(f.rule, f.text, f.severity.value) for f in check_text(text, format=fmt, config=CFG).findings]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("This cream stimulates collagen production.", [("CL401", "stimulates collagen", "error")]),
        ("The toner reduces inflammation overnight.", [("CL401", "reduces inflammation", "error")]),
        ("Our balm cures eczema.", [("CL406", "cures eczema", "error")]),
        ("The serum removes acne scars.", [("CL406", "removes acne", "error")]),
        ("This serum reduces wrinkles.", [("CL401", "reduces wrinkles", "warning")]),
        ("This balm may help soothe eczema.", [("CL406", "soothe eczema", "warning")]),  # hedged, still a disease claim
        ("It can dramatically reduce wrinkles.", [("CL402", "dramatically reduce wrinkles", "warning")]),
        ("Results are guaranteed.", [("CL402", "guaranteed", "warning")]),
        ("See smoother skin in 7 days.", []),  # a time claim needs a result: no efficacy verb or result word
        ("Smoother skin in 7 days, guaranteed results.", [("CL402", "in 7 days", "warning")]),
        ("It is dermatologist recommended.", [("CL403", "dermatologist recommended", "warning")]),
        ("This serum is FDA approved.", [("CL409", "FDA approved", "error")]),  # no cosmetic is FDA-approved
        ("The laser is FDA cleared.", [("CL409", "FDA cleared", "info")]),
        ("Our peel is safe and effective.", [("CL407", "safe and effective", "warning")]),
        ("This serum is the most effective on the market.", [("CL408", "the most effective", "warning")]),
        ("Many users report clearer skin.", [("CL405", "Many users report", "warning")]),
        ("It cuts wrinkles by 40%.", [("CL401", "cuts wrinkles", "warning")]),
    ],
)
def test_cues(text: str, expected: list[tuple[str, str, str]]) -> None:
    got = claims(text)
    for item in expected:
        assert item in got, got
    if not expected:
        assert got == []


@pytest.mark.parametrize(
    "text",
    [
        "Microneedling does not cure acne.",  # negated
        "No cream can cure eczema.",
        "This serum reduces the appearance of fine lines.",  # appearance wording
        "The cream leaves skin looking firmer and feeling smoother.",  # sensory wording
        "Many products claim to reduce wrinkles, but few do.",  # reported, not made
        "Sun exposure increases the risk of skin cancer.",  # public-health language
        "Retinol increases collagen production (Kafi et al., 2007).",  # author-year
        "Retinol increases collagen production [3].",  # footnote
        "Retinol increases collagen production (doi:10.1001/archderm.143.5.606).",  # DOI
        "Retinol increases collagen production (PMID: 17515510).",
        "According to a 2007 study in the Archives of Dermatology, retinol increases collagen production.",
        "Does retinol increase collagen? Yes: a 2007 trial found it did (Kafi et al., 2007).",  # answered question
        "Exercise increases blood flow to the skin.",  # a lifestyle cause, not a product
        "Moisturizers help restore the skin barrier, according to the American Academy of Dermatology.",
        "As we age, our skin produces less collagen and elastin.",  # physiology
        "Chemical peels remove the outer layer of skin to reveal a smoother surface.",
    ],
)
def test_mitigated_and_cited_sentences_are_not_reported(text: str) -> None:
    assert [c for c in claims(text) if c[0] in ("CL401", "CL406")] == []


def test_link_to_a_study_is_evidence() -> None:
    text = "Retinol increases [collagen production](https://pubmed.ncbi.nlm.nih.gov/17515510/).\n"
    assert claims(text, "markdown") == []
    assert claims("Retinol increases [collagen production](https://shop.example.com/retinol).\n", "markdown")


def test_evidence_does_not_leak_across_paragraphs() -> None:
    text = "This balm heals eczema.\n\nA different study (Lee, 2020) looked at sunscreen.\n"
    assert [c[0] for c in claims(text)] == ["CL406"]


def test_suggestions_give_compliant_wording() -> None:
    report = check_text("This serum reduces wrinkles. It can considerably improve your skin's healing.", config=CFG)
    by_rule = {f.rule: f.suggestion for f in report.findings}
    assert by_rule["CL401"] == "reduces the appearance of wrinkles"
    assert by_rule["CL402"] == "improve your skin's healing"


def test_dependency_parse_is_used_when_a_parser_ran() -> None:
    """A model with a parser links verb and object across a parenthetical the clause pattern stops at."""
    text = "It reduces, over weeks, redness. It does not heal acne."
    nlp = get_nlp()
    words = ["It", "reduces", ",", "over", "weeks", ",", "redness", ".", "It", "does", "not", "heal", "acne", "."]
    spaces = [True, False, True, True, False, True, False, True, True, True, True, True, False, False]
    heads = [1, 1, 1, 1, 3, 1, 1, 1, 11, 11, 11, 11, 11, 11]
    deps = [
        "nsubj",
        "ROOT",
        "punct",
        "prep",
        "pobj",
        "punct",
        "dobj",
        "punct",
        "nsubj",
        "aux",
        "neg",
        "ROOT",
        "dobj",
        "punct",
    ]
    lemmas = ["it", "reduce", ",", "over", "week", ",", "redness", ".", "it", "do", "not", "heal", "acne", "."]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps, lemmas=lemmas)
    assert doc.text == text and doc.has_annotation("DEP")
    document = load_string(text, "x.txt", "text")
    report = Linter(CFG).lint_document(document, doc, CFG)
    assert [(f.rule, f.text) for f in report.findings] == [("CL401", "reduces, over weeks, redness")]
    plain = check_text(text, config=CFG)
    assert [f.rule for f in plain.findings] == []  # the clause pattern stops at the comma


def test_severity_is_error_only_for_unhedged_drug_claims() -> None:
    report = check_text("This cream heals wounds. This cream may help heal wounds.", config=CFG)
    assert [f.severity for f in report.findings] == [Severity.ERROR, Severity.INFO]
