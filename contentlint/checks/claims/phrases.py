"""Claims made by a phrase rather than by verb-object grammar, one small function per claim type.

Each takes a sentence and the claims the grammar found in it, and yields :class:`Claim` objects.
A phrase that is denied ("has not been clinically tested") or reported outside quotes is skipped.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import replace

from ...patterns import CaselessPattern
from .analysis import SentenceView, find, negated_before, reported_before
from .claim import Claim
from .lexicon import PERCENT, Lexicon
from .severity import ClaimType, ProductClass

# Sentences about results, where an absolute promises an outcome ("Results are permanent").
_RESULTS = CaselessPattern(
    r"\b(?:results?|outcomes?|effects?|improvements?|works|cures?|difference|radiance|glow|reduction|removal)\b"
)
# Broader: a strong absolute ("permanent", "guaranteed") next to a body or appearance word.
_BODY_RESULT = CaselessPattern(r"\b(?:skin|hair|smoother|firmer|clearer|younger|wrinkles?|lines|pores?|teeth|whiter)\b")
_HEDGE = re.compile(r"\b(?:may|might|could|can help|should)\b", re.IGNORECASE)
# A share of a whole population ("80% of men", "up to 15 percent of women") counts how common a condition
# is. Without an efficacy claim in the sentence it is an unsourced statistic, not a result: reported as the
# weaker (info) form. A share of the seller's own clients or testers, or of people who did something
# ("18% of people who ate ..."), is a result and keeps its weight.
_POPULATION = re.compile(
    r"\s+of\s+(?:the\s+|all\s+)?(?:\w+\s+)?"
    r"(?:women|men|adults|people|teens|teenagers|adolescents|americans|mothers|children|kids|population)\b(?!\s+who\b)",
    re.IGNORECASE,
)


def _matches(pattern: CaselessPattern, view: SentenceView) -> Iterator[re.Match[str]]:
    found = view.phrase_matches.get(pattern)
    return iter(found) if found is not None else pattern.finditer(view.text, view.low)


class _Spans:
    """The spans of an exclusion pattern in a sentence, found only when a claim phrase needs them: most
    candidate sentences have no phrase of the kind, and then need no exclusions either."""

    def __init__(self, pattern: CaselessPattern, view: SentenceView) -> None:
        self.pattern = pattern
        self.view = view

    @functools.cached_property
    def spans(self) -> list[tuple[int, int]]:
        return [m.span() for m in _matches(self.pattern, self.view)]


def _in_sentence(pattern: CaselessPattern, view: SentenceView) -> re.Match[str] | None:
    """``find`` on the whole sentence, with its lower-cased text made once (the first of the joint scan's
    matches when the pattern is a claim phrase: ``search`` finds the first match ``finditer`` yields)."""
    found = view.phrase_matches.get(pattern)
    if found is not None:
        return found[0] if found else None
    return pattern.search(view.text, view.low)


def _speaks(view: SentenceView, lex: Lexicon, m: re.Match[str]) -> bool:
    """The sentence makes this phrase its own claim: not denied, not someone else's reported claim."""
    prefix = view.text[: m.start()]
    return not negated_before(prefix) and not reported_before(view, lex, view.start + m.start())


def _advice(view: SentenceView, lex: Lexicon, m: re.Match[str]) -> bool:
    """ "Stick to dermatologist-approved ingredients": an attribute the reader is told to look for in any
    product, not the page vouching for one (a possessive such as "our" keeps it a claim)."""
    before, after = view.text[max(0, m.start() - 60) : m.start()], view.text[m.end() : m.end() + 40]
    if not find(lex.advice_before, before) or not find(lex.advice_after, after):
        return False
    first = next((k for k, ch in enumerate(view.text) if ch.isalpha()), 0)
    return _NAME.search(view.text, first + 1) is None  # "choose Clinique if you prioritize ..." vouches for a brand


# A capitalised word after the sentence's first letter: a brand or a product's name ("CeraVe", "Clinique");
# acronyms ("AI", "SPF") are all capitals and name no brand.
_NAME = re.compile(r"(?<![.!?:]\s)(?<![.!?:]\s\W)\b[A-Z][a-z]+[A-Za-z]*\b")


def _hedged(view: SentenceView, m: re.Match[str]) -> bool:
    return bool(_HEDGE.search(view.text[: m.start()]))


def _claim(view: SentenceView, m: re.Match[str], kind: ClaimType, hedged: bool = False) -> Claim:
    return Claim(view.start + m.start(), view.start + m.end(), kind, hedged, m.group(0))


def safety(view: SentenceView, lex: Lexicon, found: list[Claim]) -> Iterator[Claim]:
    for m in _matches(lex.safety, view):
        prefix = view.text[: m.start()]
        # "does not cause irritation" is itself a safety claim: only a denial before the phrase counts.
        if reported_before(view, lex, view.start + m.start()) or (
            negated_before(prefix) and not m.group(0).lower().startswith(("no ", "does", "do ", "will", "without"))
        ) or _advice(view, lex, m):
            continue
        yield _claim(view, m, ClaimType.SAFETY, _hedged(view, m))


def regulatory(view: SentenceView, lex: Lexicon, found: list[Claim]) -> Iterator[Claim]:
    for m in _matches(lex.regulatory, view):
        rest = view.text[m.end() :]
        if not _speaks(view, lex, m):
            continue
        if view.product is not ProductClass.COSMETIC and find(lex.regulatory_specified, rest[:40]):
            continue  # "FDA-cleared for hair removal": a checkable status for a device or drug
        yield _claim(view, m, ClaimType.REGULATORY)


def comparative(view: SentenceView, lex: Lexicon, found: list[Claim]) -> Iterator[Claim]:
    """Only about a health or beauty product: "the best product" of a software team is not a claim."""
    matches = list(_matches(lex.comparative, view))  # (most sentences have none: then no test is needed)
    if not matches or (view.product is ProductClass.UNKNOWN and not found and not _in_sentence(_BODY_RESULT, view)):
        return
    excluded = _Spans(lex.not_comparative, view)
    for m in matches:
        if _speaks(view, lex, m) and not any(a < m.end() and m.start() < b for a, b in excluded.spans):
            yield _claim(view, m, ClaimType.COMPARATIVE, _hedged(view, m))


def nominal(view: SentenceView, lex: Lexicon, found: list[Claim]) -> Iterator[Claim]:
    """ "antiseptic properties", "wrinkle removal", "acne treatment": a claim without a verb."""
    excluded = _Spans(lex.not_nominal, view)
    for pattern, kind in ((lex.nominal, ClaimType.STRUCTURE), (lex.nominal_disease, ClaimType.DISEASE)):
        for m in _matches(pattern, view):
            if _speaks(view, lex, m) and not any(a <= m.start() < b for a, b in excluded.spans):
                yield _claim(view, m, kind, _hedged(view, m))


def _about_results(view: SentenceView, found: list[Claim], broad: bool) -> bool:
    if found or _in_sentence(_RESULTS, view):
        return True
    return broad and _in_sentence(_BODY_RESULT, view) is not None


def absolute(view: SentenceView, lex: Lexicon, found: list[Claim]) -> Iterator[Claim]:
    """Permanence, guarantees and timed results in a sentence about results."""
    if any(c.intensifier for c in found) or view.text.rstrip().endswith("?"):
        return  # the intensified claim already says it; a question promises nothing
    excluded = _Spans(lex.not_absolute, view)
    for pattern, broad in ((lex.absolutes, True), (lex.timed, False)):
        matches = list(_matches(pattern, view))
        if not matches or not _about_results(view, found, broad):
            continue
        for m in matches:
            if any(a <= m.start() < b for a, b in excluded.spans) or not _speaks(view, lex, m):
                continue
            if find(lex.desire, view.text[: m.start()]):
                continue  # "those seeking visible results": the reader's wish
            if not found and _disease_subject(view, lex, m):
                continue  # "pattern baldness is permanent" describes a condition
            yield _claim(view, m, ClaimType.ABSOLUTE, _hedged(view, m))


def _disease_subject(view: SentenceView, lex: Lexicon, m: re.Match[str]) -> bool:
    limit = view.start + m.start()
    return any(
        lemma in lex.disease or lower in lex.disease
        for (lower, lemma), (a, _) in zip(view.words, view.offsets, strict=True)
        if a < limit
    )


def authority(view: SentenceView, lex: Lexicon, found: list[Claim]) -> Iterator[Claim]:
    for m in _matches(lex.authority, view):
        if _speaks(view, lex, m) and not _advice(view, lex, m):
            yield _claim(view, m, ClaimType.AUTHORITY)


def testimonial(view: SentenceView, lex: Lexicon, found: list[Claim]) -> Iterator[Claim]:
    for m in _matches(lex.testimonial, view):
        if _speaks(view, lex, m):
            yield _claim(view, m, ClaimType.TESTIMONIAL)


def quantified(view: SentenceView, lex: Lexicon, found: list[Claim]) -> Iterator[Claim]:
    """A percentage attached to a result or to a share of people, not a concentration or a dose."""
    matches = list(_matches(PERCENT, view))
    if not matches:
        return
    about = bool(found) or _in_sentence(lex.testimonial, view) or _in_sentence(lex.share_of_people, view)
    if not about:
        return
    for m in matches:
        before, after = view.text[: m.start()], view.text[m.end() :]
        if find(lex.concentration_before, before[-30:]) and not find(lex.share_of_people, view.text[m.start() :]):
            continue
        if find(lex.concentration_after, after[:30]):
            continue
        if not found and _POPULATION.match(view.text, m.end()) is not None:
            claim = _claim(view, m, ClaimType.QUANTIFIED, True)
            yield replace(claim, weaker_because="a prevalence figure rather than a result")
        else:
            yield _claim(view, m, ClaimType.QUANTIFIED)


Detector = Callable[[SentenceView, Lexicon, list[Claim]], Iterator[Claim]]
DETECTORS: tuple[Detector, ...] = (
    nominal,
    safety,
    regulatory,
    comparative,
    absolute,
    authority,
    testimonial,
    quantified,
)
