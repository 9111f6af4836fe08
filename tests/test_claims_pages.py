"""Whole pages written for these tests: a legitimate clinic page, a claims-heavy product page and a
regulator's summary. They check the claim model on running text, not on single sentences."""

from __future__ import annotations

from contentlint import check_text
from contentlint.config import Config

CFG = Config(select=("CL4",))

CLINIC_PAGE = """Chemical Peels at Our Clinic

A chemical peel is a treatment in which a solution is applied to the skin to remove its outer layers.
Exfoliation is the process of removing dead skin cells, and a light peel does this in about twenty minutes.

Who is a good candidate?

Peels are not suitable for everyone. If you have rosacea or eczema, talk to our nurse first: heat, wind
and some ingredients are factors that can trigger a flare. We will ask about your medicines, because
some of them make the skin more sensitive to light.

What to expect

Your skin may feel tight and look pink for a day or two. We recommend a cleanser with at least 2
percent salicylic acid only if your skin tolerates it. Our nurses will talk you through the risks and
the side effects before any treatment, and you can ask to see the consent form in advance.

Our team also supports a charity walk each spring to increase awareness of skin cancer.
"""

PRODUCT_PAGE = """Renewal Night Oil

Our night oil is the most effective treatment on the market. It reverses the signs of sun damage and
ageing, boosts collagen production and heals acne scars while you sleep.

The formula is all natural, so it is completely safe, with no side effects. Visible results in 7 days,
guaranteed. 94% of users saw firmer skin. Clinically proven and FDA-approved.
"""

REGULATOR_SUMMARY = """The FTC announced a settlement with a skincare seller on Monday.

According to the complaint, the seller told buyers that its balm "cures eczema" and "regrows hair".
The agency said the seller had no competent and reliable evidence for these statements.
"""


def _rules(text: str) -> list[tuple[str, str]]:
    return [(f.rule, f.severity.value) for f in check_text(text, config=CFG).findings]


def test_legitimate_clinic_page_is_quiet() -> None:
    assert _rules(CLINIC_PAGE) == []


def test_claims_page_reports_each_kind_of_claim() -> None:
    found = {rule for rule, _ in _rules(PRODUCT_PAGE)}
    assert found >= {"CL401", "CL402", "CL403", "CL404", "CL406", "CL407", "CL408", "CL409"}


def test_claims_page_errors_are_the_unhedged_drug_and_disease_claims() -> None:
    report = check_text(PRODUCT_PAGE, config=CFG)
    errors = sorted(f.text for f in report.findings if f.severity.value == "error")
    assert errors == ["FDA-approved", "boosts collagen", "heals acne", "reverses the signs of sun damage"]


def test_regulator_summary_reports_cited_claims_as_suggestions() -> None:
    got = _rules(REGULATOR_SUMMARY)
    assert got and {severity for _, severity in got} == {"info"}
    assert [rule for rule, _ in got] == ["CL406", "CL401"]  # cures eczema, regrows hair
