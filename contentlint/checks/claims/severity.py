"""Severity of a claim: a function of its type, its hedge, the product class and the speaker.

The table, in words (tested in tests/test_claims_severity.py):

* **disease** claims: for a cosmetic, a supplement or an unknown product an error (the FDA drug
  line), a warning when hedged ("may help with acne" is still a disease claim); for a drug, a
  device or a clinician's procedure a warning (FTC substantiation), a suggestion when hedged; for
  a drug, not reported when hedged (ordinary information about an approved medicine).
* **structure/function** claims (collagen, cells, circulation): for a cosmetic or an unknown
  product an error, for a supplement, device or procedure a warning; hedged, a suggestion (not
  reported for a device or procedure); for a drug not reported (how an approved medicine works).
* **body** claims without appearance wording ("reduces wrinkles"): a warning; hedged, a suggestion
  (not reported for a device or procedure); not reported for a drug.
* **safety**, **absolute**, **comparative**, **quantified**, **testimonial** and **authority**
  claims: a warning, a suggestion when hedged.
* **regulatory status**: for a cosmetic an error (the FDA approves no cosmetic), a warning when
  hedged; otherwise a
  suggestion to name the approval or clearance.
* A quoted clinician speaks one step lower (error -> warning -> suggestion); a regulator, court or
  lawsuit describing someone else's claim makes it a suggestion whatever the product class (the
  page cites the claim as evidence of what was claimed; a letter calling a cosmetic a drug does
  not make the cited claim a drug's).
"""

from __future__ import annotations

from enum import Enum

from ...model import Severity


class ClaimType(str, Enum):
    DISEASE = "disease"
    STRUCTURE = "structure/function"
    BODY = "body"
    SAFETY = "safety"
    REGULATORY = "regulatory status"
    ABSOLUTE = "absolute/permanence"
    COMPARATIVE = "comparative/superlative"
    QUANTIFIED = "quantified"
    TESTIMONIAL = "testimonial"
    AUTHORITY = "authority"


class ProductClass(str, Enum):
    COSMETIC = "cosmetic"
    DRUG = "drug"
    DEVICE = "device"
    PROCEDURE = "procedure"
    SUPPLEMENT = "supplement"
    UNKNOWN = "unknown"


class Speaker(str, Enum):
    SELLER = "seller"
    CLINICIAN = "clinician"
    REPORTED = "reported"  # a regulator, a court or a lawsuit describing someone else's claim


# Classes regulated as medicine: the cosmetic drug line does not apply, substantiation does.
MEDICAL = frozenset({ProductClass.DRUG, ProductClass.DEVICE, ProductClass.PROCEDURE})
_LOWER = {Severity.ERROR: Severity.WARNING, Severity.WARNING: Severity.INFO, Severity.INFO: Severity.INFO}


def severity(
    kind: ClaimType, hedged: bool, product: ProductClass, speaker: Speaker = Speaker.SELLER
) -> Severity | None:
    """The severity of a claim, or None when the model says it is not a claim to report."""
    if speaker is Speaker.REPORTED:
        return Severity.INFO  # whatever the class: the page cites the claim, it does not make it
    base = _base(kind, hedged, product)
    return _LOWER[base] if base is not None and speaker is Speaker.CLINICIAN else base


def _base(kind: ClaimType, hedged: bool, product: ProductClass) -> Severity | None:
    if kind is ClaimType.DISEASE:
        return _disease(hedged, product)
    if kind in (ClaimType.STRUCTURE, ClaimType.BODY):
        return _structure(kind, hedged, product)
    if kind is ClaimType.REGULATORY:
        if product is ProductClass.COSMETIC:
            return Severity.WARNING if hedged else Severity.ERROR
        return Severity.INFO
    return Severity.INFO if hedged else Severity.WARNING


def _disease(hedged: bool, product: ProductClass) -> Severity | None:
    if product not in MEDICAL:
        return Severity.WARNING if hedged else Severity.ERROR
    if hedged:
        return None if product is ProductClass.DRUG else Severity.INFO
    return Severity.WARNING


def _structure(kind: ClaimType, hedged: bool, product: ProductClass) -> Severity | None:
    if product is ProductClass.DRUG:
        return None
    if hedged:
        return None if product in MEDICAL else Severity.INFO
    if kind is ClaimType.STRUCTURE and product in (ProductClass.COSMETIC, ProductClass.UNKNOWN):
        return Severity.ERROR
    return Severity.WARNING


def regulation(kind: ClaimType, product: ProductClass) -> str:
    """Which regulation or code the claim touches, for this product class."""
    if kind in (ClaimType.DISEASE, ClaimType.STRUCTURE) and product in MEDICAL:
        return (
            f"for a {product.value} this is not the cosmetic drug line, but FTC substantiation and CAP Code 3.7 "
            "still require competent and reliable evidence"
        )
    if kind is ClaimType.DISEASE:
        return (
            "a disease claim makes a cosmetic or supplement an unapproved drug (FDA, FD&C Act 201(g)) "
            "and is medicinal under CAP Code 12"
        )
    if kind is ClaimType.STRUCTURE:
        if product is ProductClass.SUPPLEMENT:
            return "a supplement's structure/function claim needs substantiation and the FDA disclaimer (DSHEA)"
        return (
            "claiming to change the body's structure or function makes a cosmetic a drug (FDA) "
            "and is a physiological claim (ASA/CAP)"
        )
    return _OTHER[kind]


_OTHER = {
    ClaimType.BODY: "a result on the body without appearance wording needs evidence (FTC substantiation, EU 655/2013)",
    ClaimType.SAFETY: "a safety claim needs evidence like an efficacy claim (FTC, CAP Code 3.7 and 12)",
    ClaimType.REGULATORY: "the FDA approves drugs and clears devices, never cosmetics; a status must hold for this use",
    ClaimType.ABSOLUTE: "absolutes and timed results go beyond most evidence (EU 655/2013 honesty, CAP Code 3.7)",
    ClaimType.COMPARATIVE: "a comparison or superlative must be objectively verifiable (CAP Code 3.33, FTC)",
    ClaimType.QUANTIFIED: "a figure makes a claim look measured; the ASA and FTC want the study behind it",
    ClaimType.TESTIMONIAL: "testimonials are claims to substantiate (FTC Endorsement Guides, CAP 3.45)",
    ClaimType.AUTHORITY: "an appeal to unnamed studies or experts is unverifiable (CAP Code 3.7, FTC)",
}

CLEARS = {
    ClaimType.DISEASE: "cite the evidence next to it, or drop the condition and describe a cosmetic benefit",
    ClaimType.STRUCTURE: 'cite the evidence next to it, or reword it as an appearance claim ("reduces the look of")',
    ClaimType.BODY: 'cite the evidence, or say "the appearance of"',
    ClaimType.SAFETY: "cite the safety data, or state the known side effects and who should not use it",
    ClaimType.REGULATORY: "name the approval or clearance and what it covers (a 510(k) number, the indication)",
    ClaimType.ABSOLUTE: "drop the absolute, or give the measured result and its source",
    ClaimType.COMPARATIVE: "name what it is compared with and the evidence, or drop the superlative",
    ClaimType.QUANTIFIED: "give the study, its size and method next to the number",
    ClaimType.TESTIMONIAL: "support the result with a study, or present it as one person's experience",
    ClaimType.AUTHORITY: "cite the study or guidance (a link, a reference, an author and year)",
}
