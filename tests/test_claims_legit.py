"""Claims on legitimate pages (issue 12): descriptions of a disease, prevalence figures, doses, service names
and list items are not a seller's claim; a real claim of the same shape still is. Sentences written for
these tests."""

from __future__ import annotations

import pytest

from contentlint import check_text
from contentlint.config import Config

CFG = Config(select=("CL4",))


def claims(text: str) -> list[tuple[str, str, str]]:
    return [(f.rule, f.text, f.severity.value) for f in check_text(text, config=CFG).findings]  # type: ignore[union-attr]


# Each pair: the false case (no claim, or a weaker one) and a real claim of the same shape.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Pathology as subject: what a disease does to the body.
        ("When fat clogs these arteries, the arteries narrow with subsequent reduced blood flow to the brain.", []),
        ("Our serum reduces blood flow to the area.", [("CL401", "reduces blood flow", "error")]),
        ("Rapid cell death activates the immune system in burnt skin.", []),
        ("This tonic activates the immune system in one week.", [("CL401", "activates the immune system", "error")]),
        # A participle after a possessive is an adjective.
        ("The tissue is tough, but its supporting tissues can tear.", []),
        ("This balm is rich, and it strengthens tissues.", [("CL401", "strengthens tissues", "error")]),
        # A producing verb on a disease names a cause or a side effect.
        ("Stress-induced acne is common in students.", []),
        ("The side effects can include increased breakouts.", []),
        ("Taking it with food may cause an increase in pimples.", []),
        ("This gel reduces breakouts.", [("CL406", "reduces breakouts", "error")]),
        # A verb of knowing: the disease is the topic, not the object of a change.
        ("Our team can help you understand your eczema.", []),
        ("Our cream can help with eczema.", [("CL406", "help with eczema", "warning")]),
        # A hygiene habit as subject is public-health advice, like exercise.
        ("Daily brushing can even reverse gingivitis.", []),
        ("Our mouth rinse can even reverse gingivitis.", [("CL406", "reverse gingivitis", "error")]),
        # A service's name is not a claim; a regrowth product still is.
        ("Hair Restoration Services", []),
        ("Our new hair regrowth formula works.", [("CL401", "hair regrowth", "error")]),
        # List numbering is not a ranking.
        ("Tip #1: wash your face.", []),
        ("Our serum is the #1 choice of dermatologists.", [("CL408", "#1", "warning")]),
    ],
)
def test_descriptions_are_not_claims_and_claims_stay(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert claims(text) == expected


def test_a_new_list_item_is_not_the_verbs_object() -> None:
    items = "The rash can come with several problems:\nIncreased itching\nFungal infections"
    assert claims(items) == []
    # Hard-wrapped prose goes on in lower case: the object on the next line is still the verb's.
    wrapped = "This lotion soothes and clears\nacne in a week."
    assert ("CL406", "clears\nacne", "error") in claims(wrapped)


@pytest.mark.parametrize(
    "text",
    [
        "Up to 60 percent of adults get dry patches in winter.",
        "Over 30% of women over 50 suffer from thinning hair.",
        "Rosacea affects about 10% of people at some point.",
    ],
)
def test_a_population_share_is_a_weaker_finding(text: str) -> None:
    """A prevalence figure is an unsourced statistic (a suggestion to cite it), not a measured result."""
    found = claims(text)
    assert [(rule, severity) for rule, _, severity in found] == [("CL404", "info")]
    message = next(f.message for f in check_text(text, config=CFG).findings if f.rule == "CL404")
    assert "prevalence figure" in message and "hedged" not in message


@pytest.mark.parametrize(
    "text",
    [
        "In our trial, 60% of clients saw fewer lines.",
        "In one small test, 40% of people who used the mask saw fewer spots.",
        "This serum reduces wrinkles in 80% of women.",
    ],
)
def test_a_result_share_keeps_its_weight(text: str) -> None:
    assert any(rule == "CL404" and severity == "warning" for rule, _, severity in claims(text))


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("Rosemary oil (.5-3%) can speed up cell renewal.", "speed up cell renewal"),
        ("Use it diluted to 2% to reduce inflammation.", "reduce inflammation"),
        ("Try The Example Caffeine Solution 5% + EGCG: it reduces puffiness.", "reduces puffiness"),
        ("The Example Toner with Zinc 1% reduces redness.", "reduces redness"),
    ],
)
def test_a_dose_is_not_a_result_but_the_claim_stays(text: str, claim: str) -> None:
    found = claims(text)
    assert not any(rule == "CL404" for rule, _, _ in found)
    assert any(span == claim for _, span, _ in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Treating acne is estimated to cost a lot each year.", []),
        ("Getting rid of dandruff can take a few weeks.", []),
        ("While combating fine lines remains hard, hydration matters.", []),
        # A product named elsewhere on the page does not make the activity its claim.
        ("Our shop sells a face cream. Treating acne is costly for families.", []),
        # Same shape with a product named, or with no finite verb after (a benefit heading): still claims.
        ("Healing acne scars is what this gel does.", [("CL406", "Healing acne", "error")]),
        ("Clearing Body Acne & Fading Scars: A Routine", [("CL406", "Clearing Body Acne", "error")]),
    ],
)
def test_a_gerund_subject_names_an_activity(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert claims(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("If you are unable to get rid of acne at home, see a doctor.", []),
        ("If you plan to get rid of acne, wash your tools first.", []),
        ("Our efforts to restore lost collagen have made supplements a big business.", []),
        # The same verbs said of a product stay claims.
        ("This gel will get rid of acne at home.", [("CL406", "rid of acne", "error")]),
        ("This cream can restore lost collagen.", [("CL401", "restore lost collagen", "error")]),
        # "plan" as a noun is the seller's product: still a claim.
        ("Our clinic offers a plan to clear acne.", [("CL406", "clear acne", "warning")]),
    ],
)
def test_a_failed_attempt_or_an_intention_is_not_a_claim(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert claims(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Late nights bring dehydration-induced fine lines.", []),
        ("Hormones rise, and this increased sebum clogs the follicles.", []),
        ("Harsh scrubs cause increased susceptibility to bacteria.", []),
        # A participle that is the verb of a product's sentence, or a benefit heading, is still a claim.
        ("This toner increased collagen in a week.", [("CL401", "increased collagen", "error")]),
        ("Reduced Redness: our balm calms the skin.", [("CL401", "Reduced Redness", "warning")]),
    ],
)
def test_a_participle_naming_a_state_is_not_a_claim(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert claims(text) == expected
