"""Claims on legitimate pages, round 2 (issue 12): advice to look for an attribute in any product, a
superlative that says the best choice depends on the reader, and a relative clause whose antecedent is a
cause or the body's own physiology. Each false case has a real claim of the same shape that must still be
found. Sentences written for these tests."""

from __future__ import annotations

import pytest

from contentlint import check_text
from contentlint.config import Config

CFG = Config(select=("CL4",))


def claims(text: str) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in check_text(text, config=CFG).findings]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An attribute the reader is told to look for in any product is advice.
        ("For sensitive skin, stick to dermatologist-approved ingredients and skip home remedies.", []),
        ("Our dermatologist-approved lotion is gentle enough for babies.", [("CL403", "dermatologist-approved")]),
        ("Opt for fragrance-free and hypoallergenic options when your skin stings.", []),
        ("Before a new routine.\n\nOpt for fragrance-free and hypoallergenic options.", []),
        ("The app recommends hypoallergenic or unscented products to new users.", []),
        ("Choose our hypoallergenic serum for calm skin that glows.", [("CL407", "hypoallergenic")]),
        ("This lotion is hypoallergenic and gentle.", [("CL407", "hypoallergenic")]),
        # Advice that names a brand vouches for it: "choose Brand if you prioritize tested formulas".
        ("Choose Dermalux if you prioritize gentle, dermatologist-tested formulas.",
         [("CL403", "dermatologist-tested")]),
        ("Pick it if you prioritize using a clinically proven, classic product.", [("CL403", "clinically proven")]),
        # A superlative that depends on the reader ranks no product.
        ("In the end, the best serum for you depends on your skin type and budget.", []),
        ("The most effective evening routine is one tailored to your own skin.", []),
        ("The best serum for dry skin is our hydrating formula.", [("CL408", "The best serum")]),
        # The reader's goal or wish is not a promised result; the seller's own goal still claims.
        ("This page is for readers seeking fast and visible results.", []),
        ("If you have goals (like improving radiance), add one product at a time.", []),
        ("The goal is to lower your risk of scarring and reduce breakouts.", []),
        ("Our goal is to reduce wrinkles for every client.", [("CL401", "reduce wrinkles")]),
        ("Our serum shows visible results for every client.", [("CL402", "visible results")]),
        # A gerund habit "key to" a result is advice when no product is named.
        ("Keeping a simple routine is crucial for combating acne on the jaw.", []),
        ("Using this serum is key to preventing wrinkles.", [("CL401", "preventing wrinkles")]),
        # A dose range after "at" is a concentration, not a result.
        ("Rosehip oil can be used at .5-3% to reduce redness.", [("CL401", "reduce redness")]),
        ("Rosehip oil can reduce inflammation by 3% a week.", [("CL401", "reduce inflammation"), ("CL404", "3%")]),
        # Permanence of a harm describes a condition; permanence of a result is a claim.
        ("Left untreated, a deep burn on the skin can result in permanent scarring.", []),
        ("Alcohol is not the cause of permanent wrinkles on the skin.", []),
        ("After a few sessions, the hair loss on your legs may become permanent.", [("CL402", "permanent")]),
        ("Our laser treatment gives permanent results on the skin.", [("CL402", "permanent")]),
        # A past participle closing a list of symptoms is an adjective; a list of verbs keeps its claim.
        ("Signs of the rash: dry patches, itchy bumps, red lines, and thickened skin tissue.", []),
        ("This balm soothes, calms, and thickened my skin barrier.", [("CL401", "thickened my skin barrier")]),
        # A relative clause whose antecedent is a hormone or another cause describes physiology.
        ("Oily skin in teenagers is often driven by androgen hormones, which increase sebum production.", []),
        ("Our toner is rich in zinc, which boosts collagen production.", [("CL401", "boosts collagen")]),
    ],
)
def test_claim_or_not(text: str, expected: list[tuple[str, str]]) -> None:
    assert claims(text) == expected
