"""Unsupported claims: a claim model of who says what about what, and how strongly.

One pass builds each candidate sentence's analysis (:mod:`.analysis`: words, product class,
speaker, evidence window); one small detector per claim type finds claims in it (:mod:`.efficacy`
for verb-object grammar, :mod:`.phrases` for safety, regulatory status, absolutes, comparatives,
authority, testimonials and numbers); :mod:`.severity` turns claim type x hedge x product class x
speaker into a severity and names the regulation touched. Evidence next to a claim, or a
disclaimer after it, clears it; overlapping findings are reported once. Data: ``rules/claims*.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model import Check, Context, Hit, Severity
from . import efficacy, phrases
from .analysis import DocumentView, SentenceView, document_view, sentences
from .claim import Claim
from .lexicon import lexicon
from .rules import CL401, CL402, CL403, CL404, CL405, CL406, CL407, CL408, CL409, CLAIM_RULES
from .severity import CLEARS, ClaimType, Speaker, regulation, severity

__all__ = ["CHECKS", "CL401", "CL402", "CL403", "CL404", "CL405", "CL406", "CL407", "CL408", "CL409"]

_CODES = {
    ClaimType.DISEASE: "CL406",
    ClaimType.STRUCTURE: "CL401",
    ClaimType.BODY: "CL401",
    ClaimType.ABSOLUTE: "CL402",
    ClaimType.AUTHORITY: "CL403",
    ClaimType.QUANTIFIED: "CL404",
    ClaimType.TESTIMONIAL: "CL405",
    ClaimType.SAFETY: "CL407",
    ClaimType.COMPARATIVE: "CL408",
    ClaimType.REGULATORY: "CL409",
}
_RANK = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}


def sentence_claims(dv: DocumentView, view: SentenceView) -> list[Claim]:
    """Every claim of one sentence, before evidence and overlaps are considered."""
    lex = dv.lex
    grammar = efficacy.claims_parsed if dv.parsed else efficacy.claims
    found = [
        c
        for c in grammar(view, lex)
        if not efficacy.drug_use_frame(view, c) and (c.intensifier or _reportable(view, c))
    ]
    out = list(found)
    if not _has_claim_phrase(view):
        return out  # each phrase detector reports only at a match of its claim phrase pattern
    for detect in phrases.DETECTORS:
        out.extend(c for c in detect(view, lex, found) if _reportable(view, c))
    return out


def _has_claim_phrase(view: SentenceView) -> bool:
    """Does any claim phrase pattern match in the sentence? (Most candidate sentences hold a claim verb only.)"""
    return any(view.phrase_matches.values())


def _reportable(view: SentenceView, claim: Claim) -> bool:
    return severity(claim.kind, claim.hedged, view.product, view.speaker) is not None


def check_claims(ctx: Context) -> Iterator[Hit]:
    dv = document_view(ctx, lexicon())
    for view in sentences(dv):
        found = sentence_claims(dv, view)
        if not found or dv.cleared(view):
            continue
        hits = [_hit(ctx.text, view, claim) for claim in found]
        yield from _once_per_span([h for h in hits if h is not None])


def _once_per_span(hits: list[Hit]) -> list[Hit]:
    """Overlapping findings are one claim: keep the most severe, then the longest."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (-_RANK[h.severity or Severity.WARNING], h.start - h.end, h.start)):
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)


def _hit(text: str, view: SentenceView, claim: Claim) -> Hit | None:
    span = text[claim.start : claim.end]
    level = severity(claim.kind, claim.hedged, view.product, view.speaker)
    if claim.intensifier:
        plain = re.sub(rf"\s*\b{re.escape(claim.intensifier)}\b", "", span, count=1, flags=re.I).strip()
        message = (
            f'"{span}": the intensifier "{claim.intensifier}" makes an uncited efficacy claim absolute; '
            f"{regulation(ClaimType.ABSOLUTE, view.product)}. To clear it: {CLEARS[ClaimType.ABSOLUTE]}."
        )
        level = severity(ClaimType.ABSOLUTE, False, view.product, view.speaker)
        return Hit("CL402", claim.start, claim.end, message, plain or None, severity=level)
    if level is None:
        return None
    who = {Speaker.CLINICIAN: " (quoted clinician)", Speaker.REPORTED: " (reported by a regulator or court)"}.get(
        view.speaker, ""
    )
    hedge = f", {claim.weaker_because or 'hedged'}" if claim.hedged else ""
    product = view.product.value
    article = "an" if product[0] in "aeiou" else "a"
    message = (
        f'"{span}": {claim.kind.value} claim for {article} {product} product or treatment{who}{hedge}, no source '
        f"given; {regulation(claim.kind, view.product)}. To clear it: {CLEARS[claim.kind]}."
    )
    suggestion = None
    if claim.fix is not None:
        suggestion = text[claim.start : claim.fix.start] + claim.fix.replacement + text[claim.fix.start : claim.end]
    no_fix = None if claim.fix else "a claim needs an editor: cite the evidence or reword it by hand"
    return Hit(
        _CODES[claim.kind], claim.start, claim.end, message, suggestion, severity=level, fix=claim.fix, no_fix=no_fix
    )


# Not named RULES: the checks package reads a module's RULES as rules the engine reports itself.
CHECKS = (Check(CLAIM_RULES, check_claims),)
