"""The claim model: severity as a function of claim type x hedge x product class x speaker, product
classes, speakers, frames, disclaimers, and one finding per span. Sentences written for these tests."""

from __future__ import annotations

import itertools

import pytest

from contentlint import check_text
from contentlint.checks.claims.severity import MEDICAL, ClaimType, ProductClass, Speaker, severity
from contentlint.config import Config
from contentlint.model import Severity

CFG = Config(select=("CL4",))
E, W, S = Severity.ERROR, Severity.WARNING, Severity.INFO  # S: suggestion


def findings(text: str) -> list[tuple[str, str, str]]:
    return [(f.rule, f.text, f.severity.value) for f in check_text(text, config=CFG).findings]


# --- the severity function, checked against the table in its docstring -------------------------


@pytest.mark.parametrize(
    ("kind", "hedged", "product", "expected"),
    [
        (ClaimType.DISEASE, False, ProductClass.COSMETIC, E),
        (ClaimType.DISEASE, True, ProductClass.COSMETIC, W),
        (ClaimType.DISEASE, False, ProductClass.SUPPLEMENT, E),
        (ClaimType.DISEASE, False, ProductClass.PROCEDURE, W),
        (ClaimType.DISEASE, True, ProductClass.DEVICE, S),
        (ClaimType.DISEASE, True, ProductClass.DRUG, None),
        (ClaimType.STRUCTURE, False, ProductClass.COSMETIC, E),
        (ClaimType.STRUCTURE, False, ProductClass.UNKNOWN, E),
        (ClaimType.STRUCTURE, True, ProductClass.COSMETIC, S),
        (ClaimType.STRUCTURE, False, ProductClass.SUPPLEMENT, W),
        (ClaimType.STRUCTURE, False, ProductClass.PROCEDURE, W),
        (ClaimType.STRUCTURE, True, ProductClass.PROCEDURE, None),
        (ClaimType.STRUCTURE, False, ProductClass.DRUG, None),
        (ClaimType.BODY, False, ProductClass.COSMETIC, W),
        (ClaimType.BODY, True, ProductClass.COSMETIC, S),
        (ClaimType.REGULATORY, False, ProductClass.COSMETIC, E),
        (ClaimType.REGULATORY, False, ProductClass.DEVICE, S),
        (ClaimType.SAFETY, False, ProductClass.PROCEDURE, W),
        (ClaimType.SAFETY, True, ProductClass.PROCEDURE, S),
    ],
)
def test_severity_table(kind: ClaimType, hedged: bool, product: ProductClass, expected: Severity | None) -> None:
    assert severity(kind, hedged, product) is expected


@pytest.mark.parametrize(("kind", "hedged", "product"), list(itertools.product(ClaimType, (False, True), ProductClass)))
def test_severity_properties(kind: ClaimType, hedged: bool, product: ProductClass) -> None:
    rank = {None: -1, S: 0, W: 1, E: 2}
    plain, hedge = severity(kind, False, product), severity(kind, True, product)
    assert rank[hedge] <= rank[plain]  # a hedge never raises severity
    if hedged:
        assert severity(kind, hedged, product) != E  # a hedged claim is never an error
    if product in MEDICAL and kind in (ClaimType.DISEASE, ClaimType.STRUCTURE):
        assert plain != E  # a medical treatment's claim is not the cosmetic drug line
    said = severity(kind, hedged, product, Speaker.CLINICIAN)
    assert rank[said] <= rank[severity(kind, hedged, product)]  # a quoted clinician speaks lower


# --- the model on sentences ----------------------------------------------------------------------


def test_product_class_sets_severity() -> None:
    assert findings("This cream cures acne.") == [("CL406", "cures acne", "error")]
    assert findings("The laser session clears acne.") == [("CL406", "clears acne", "warning")]


def test_hedged_claim_is_never_an_error() -> None:
    got = findings("This serum may help repair damaged collagen. This cream might heal eczema.")
    assert got and all(sev != "error" for _, _, sev in got)


def test_quoted_clinician_is_one_step_lower() -> None:
    assert findings("Our cream heals eczema.") == [("CL406", "heals eczema", "error")]
    assert findings('"Our cream heals eczema," says Dr. Patel.') == [("CL406", "heals eczema", "warning")]


def test_drug_described_by_its_use_is_not_a_cosmetic_claim() -> None:
    assert findings("Isotretinoin is a prescription drug used to treat severe acne.") == []


def test_reported_claim_is_skipped_but_a_quoted_one_counts() -> None:
    assert findings("Some sellers claim that their oil cures eczema.") == []
    assert [r for r, _, _ in findings('The label promises "cures eczema in days".')] == ["CL406"]


def test_disclaimer_after_a_list_clears_the_list() -> None:
    text = "Fans of the oil list these uses:\n\n- heals eczema\n- clears acne\n\nNone of these uses has been proven.\n"
    assert check_text(text, format="markdown", config=CFG).findings == []


def test_disclaimer_does_not_reach_past_a_long_paragraph() -> None:
    long_para = " ".join(["Our balm heals eczema."] + ["It is made by hand in small batches in our own workshop."] * 4)
    text = long_para + " Reviews come from customers who were sent a free sample and we thank them all for it.\n"
    assert any(r == "CL406" for r, _, _ in findings(text))


def test_no_finding_twice_for_one_span() -> None:
    text = "It permanently removes wrinkles and is clinically proven, safe and effective, with no side effects."
    report = check_text(text, config=CFG)
    spans = sorted((f.start, f.end) for f in report.findings)
    assert spans, "the sentence makes claims"
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))


def test_negated_safety_wording_is_still_a_safety_claim() -> None:
    assert [r for r, _, _ in findings("Our balm does not cause irritation.")] == ["CL407"]


def test_comparative_needs_a_health_or_beauty_subject() -> None:
    assert findings("She is the best product manager we have had.") == []


def test_messages_name_the_regulation_and_the_remedy() -> None:
    report = check_text("This cream cures acne.", config=CFG)
    message = report.findings[0].message
    assert "FDA" in message and "To clear it" in message


def test_claim_reported_by_a_regulator_is_a_suggestion() -> None:
    got = findings("The lawsuit alleges the brand promised its serum would heal eczema.")
    assert got == [("CL406", "heal eczema", "info")]
    assert findings("Many products claim to heal eczema, but few do.") == []  # generic report: skipped


def test_warning_letter_reports_the_claims_it_cites_as_suggestions() -> None:
    text = (
        "The FDA reviewed the firm's website and found drug claims.\n\n"
        "Among the claims observed were wrinkle removal and stimulating collagen production. "
        "The agency said these show the products are intended to treat disease.\n"
    )
    got = findings(text)
    assert [(r, t) for r, t, _ in got] == [("CL401", "wrinkle removal"), ("CL401", "stimulating collagen")]
    assert {sev for _, _, sev in got} == {"info"}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("The toner has antiseptic properties.", "CL401"),
        ("Ginger is a powerful inflammation fighter.", "CL401"),
        ("Our gel delivers visible cellulite reduction.", "CL401"),
    ],
)
def test_claims_made_by_a_noun_phrase(text: str, rule: str) -> None:
    assert rule in [r for r, _, _ in findings(text)]


def test_a_category_of_treatments_is_not_a_claim() -> None:
    assert findings("Acne treatments sold over the counter are regulated as drugs.") == []


def test_bracketed_alteration_in_a_quotation_is_not_a_footnote() -> None:
    assert findings("Our cream stimulates collagen synthes[is].") == [("CL401", "stimulates collagen", "error")]
    assert findings("Our cream stimulates collagen synthesis [ref].") == []  # a footnote marker


def test_anti_aging_is_a_modifier_not_a_cause() -> None:
    assert findings("Our anti-aging serum stimulates collagen.") == [("CL401", "stimulates collagen", "error")]
    assert findings("Aging slows collagen production.") == []
