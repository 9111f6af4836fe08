"""Unsupported claims: efficacy, drug-like, absolute, authority, number and testimonial claims.

A claim is judged one sentence at a time. Evidence in the sentence or next to it (a citation
marker, an author-year reference, a DOI, a link to a study or a health authority) clears it;
appearance wording ("reduces the appearance of") and negation clear a drug claim; hedges
("may", "can help") lower it to a suggestion. Data: ``rules/claims.toml``.

This first version works on clauses without a parser: the efficacy verb must be followed, inside
its clause, by the body or disease object it acts on.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Span

from .. import ruledata
from ..model import Check, Context, Fix, Hit, Rule, Severity
from ..nlp import Sentences
from ..patterns import CaselessPattern, lowered

_REGULATION = (
    "US FDA: a product claimed to treat disease or to change the body's structure or function is a "
    "drug; UK ASA/CAP and EU Regulation 655/2013 require evidence held before the claim is made."
)

CL401 = Rule(
    code="CL401",
    name="drug-claim",
    category="unsupported-claim",
    severity=Severity.ERROR,
    summary="Finds uncited claims that a product or treatment heals, repairs, stimulates or otherwise changes "
    "the body's structure or function (collagen, cells, healing, inflammation).",
    why="For a cosmetic such a claim is a drug claim. " + _REGULATION + ' Hedged claims ("may help") are '
    'reported as suggestions; appearance claims ("reduces the appearance of fine lines") and sensory ones '
    '("leaves skin feeling smoother") are cosmetic claims and are not reported.',
    fix='Cite the evidence next to the claim, or reword it as an appearance claim ("helps reduce the '
    'appearance of fine lines").',
    fix_safety="unsafe",
    must_fire=(
        "Microneedling boosts collagen production in weeks.",
        "The cream stimulates cell renewal overnight.",
        "This toner reduces inflammation.",
    ),
    must_not_fire=(
        "This serum reduces the appearance of fine lines.",
        "The cream leaves skin feeling smoother.",
        "Microneedling boosts collagen production (Fabbrocini et al., 2009).",
        "Does microneedling boost collagen? A 2009 study in the Journal of Dermatology found it did [2].",
        "Wear a hat when you garden.",
    ),
)

CL406 = Rule(
    code="CL406",
    name="disease-claim",
    category="unsupported-claim",
    severity=Severity.ERROR,
    summary="Finds uncited claims that a product or treatment treats, cures, clears or removes a disease or "
    "condition (acne, eczema, rosacea, scars, stretch marks, hair loss).",
    why='Claiming to treat or prevent disease makes a product a drug under the US FD&C Act (FDA: "Is It a '
    'Cosmetic, a Drug, or Both?"); UK ASA/CAP advice treats such claims as medicinal, which cosmetics may '
    'not make. Hedged claims ("can help with acne") are reported as suggestions.',
    fix='Remove the claim, or describe a cosmetic benefit ("helps reduce the appearance of blemishes") and '
    "cite evidence; a medicine needs its licence to make it.",
    must_fire=("This serum heals acne scars.", "Our balm cures eczema in a week."),
    must_not_fire=(
        "Microneedling does not cure acne.",
        "Acne is a common skin condition that affects most teenagers.",
        "This balm clears acne (Smith et al., 2019).",
    ),
)

CL402 = Rule(
    code="CL402",
    name="exaggerated-claim",
    category="unsupported-claim",
    severity=Severity.WARNING,
    summary="Finds efficacy claims made absolute or exaggerated: intensifiers on an efficacy verb "
    '("considerably improve", "dramatically reduces") and absolutes ("permanent", "guaranteed", '
    '"miracle", "100%", "no side effects", "in 7 days") in a sentence about results.',
    why="EU Regulation 655/2013 (honesty) and the UK CAP Code forbid presenting a product's performance beyond "
    "its evidence; absolutes are the first thing a regulator or a sceptical reader challenges.",
    fix="Drop the intensifier or absolute, or state the measured effect with its source.",
    must_fire=(
        "Microneedling can considerably improve your skin's healing.",
        "Results are permanent and guaranteed: smoother skin in 7 days.",
    ),
    must_not_fire=(
        "Microneedling can improve the look of your skin.",
        "The clinic is permanently closed on Sundays.",
    ),
)

CL403 = Rule(
    code="CL403",
    name="unsourced-authority",
    category="unsupported-claim",
    severity=Severity.WARNING,
    summary='Finds appeals to authority with no source: "clinically proven", "studies show", '
    '"dermatologist recommended", "FDA approved" (the FDA does not approve cosmetics).',
    why="CAP Code 3.7 and the FTC require the evidence to exist and be competent and reliable; an appeal to "
    'unnamed studies is unverifiable, and "FDA approved" for a cosmetic is false.',
    fix="Cite the study or guidance (a link, a reference, an author and year), or remove the appeal.",
    must_fire=(
        "Our peptide cream is clinically proven to firm skin.",
        "Studies show that retinol works for everyone.",
    ),
    must_not_fire=(
        "Studies show that retinol increases epidermal thickness (Kafi et al., 2007).",
        "Ask a dermatologist which cleanser suits you.",
    ),
)

CL404 = Rule(
    code="CL404",
    name="unsourced-number",
    category="unsupported-claim",
    severity=Severity.WARNING,
    summary='Finds percentages and multipliers attached to results ("reduces wrinkles by 47%", "90% of users '
    'saw firmer skin") with no source.',
    why="A number makes a claim look measured; the ASA rejects figures without documentary evidence, and "
    "figures from customer surveys presented as objective results.",
    fix="Give the study, its size and method next to the number, or remove the number.",
    must_fire=("This serum reduces wrinkles by 47% in four weeks.", "92% of users saw firmer skin."),
    must_not_fire=(
        "Use a sunscreen of SPF 30 or higher.",
        "In a trial of 40 adults, wrinkle depth fell by 12% [3].",
    ),
)

CL405 = Rule(
    code="CL405",
    name="testimonial-evidence",
    category="unsupported-claim",
    severity=Severity.WARNING,
    summary='Finds customer experience offered as proof of efficacy ("many customers see improvement", '
    '"our clients report clearer skin").',
    why="Testimonials are not evidence of efficacy: the FTC treats them as claims the advertiser must "
    "substantiate, and the ASA does not accept subjective feedback as support for objective claims.",
    fix="Support the result with a study, or present the quote as one person's experience.",
    must_fire=("Many customers see improvement after a few sessions.",),
    must_not_fire=("Many customers ask how often to exfoliate.",),
)


@dataclass(frozen=True)
class _Lexicon:
    drug: frozenset[str]
    improve: frozenset[str]
    weak: frozenset[str]
    body: frozenset[str]
    structure: frozenset[str]
    disease: frozenset[str]
    appearance: frozenset[str]
    risk: frozenset[str]
    reported: frozenset[str]
    negations: frozenset[str]
    hedges: frozenset[str]
    breaks: frozenset[str]
    intensifiers: frozenset[str]
    absolutes: CaselessPattern
    authority: CaselessPattern
    testimonial: CaselessPattern
    evidence: CaselessPattern
    link_hosts: tuple[str, ...]


def _any(patterns: list[str]) -> CaselessPattern:
    return CaselessPattern("|".join(f"(?:{p})" for p in patterns))


@functools.cache
def _lexicon() -> _Lexicon:
    d = ruledata.load("claims")
    return _Lexicon(
        drug=frozenset(d["verbs"]["drug"]),
        improve=frozenset(d["verbs"]["improve"]),
        weak=frozenset(d["verbs"]["weak"]),
        body=frozenset(d["objects"]["body"]),
        structure=frozenset(d["objects"]["structure"]),
        disease=frozenset(d["objects"]["disease"]),
        appearance=frozenset(d["mitigators"]["appearance"]),
        risk=frozenset(d["mitigators"]["risk"]),
        reported=frozenset(d["mitigators"]["reported"]),
        negations=frozenset(d["mitigators"]["negations"]),
        hedges=frozenset(d["mitigators"]["hedges"]),
        breaks=frozenset(d["mitigators"]["clause_breaks"]),
        intensifiers=frozenset(d["absolutes"]["intensifiers"]),
        absolutes=_any(d["absolutes"]["phrases"]),
        authority=_any(d["authority"]["phrases"]),
        testimonial=_any(d["testimonial"]["phrases"]),
        evidence=_any(d["evidence"]["patterns"]),
        link_hosts=tuple(d["evidence"]["link_hosts"]),
    )


def _object_at(tokens: list[tuple[str, str]], j: int, lex: _Lexicon) -> tuple[str, int] | None:
    """("structure"|"body"|"disease", length) when a body or disease object starts at token j."""
    lower, lemma = tokens[j]
    candidates = []
    if j + 1 < len(tokens):
        candidates = [(f"{lemma} {tokens[j + 1][1]}", 2), (f"{lower} {tokens[j + 1][0]}", 2)]
    # Both forms: the lookup lemma of "healing" is "heal", of "scarring" is "scar".
    for term, length in [*candidates, (lemma, 1), (lower, 1)]:
        if term in lex.disease:
            return "disease", length
        if term in lex.structure:
            return "structure", length
        if term in lex.body:
            return "body", length
    return None


@dataclass(frozen=True)
class _Claim:
    start: int  # token indices within the sentence
    end: int
    kind: str  # body | disease
    verb: str
    drug: bool
    hedged: bool
    intensifier: str | None
    verb_index: int = -1


def _claims(sent: Span, lex: _Lexicon, words: list[tuple[str, str]]) -> Iterator[_Claim]:
    tokens = words  # (lower, lemma) of the sentence's tokens
    lowers = [t[0] for t in tokens]
    for i, (_, lemma) in enumerate(tokens):
        strong = lemma in lex.drug or lemma in lex.improve
        if not strong and lemma not in lex.weak:
            continue
        window = lowers[max(0, i - 4) : i]
        if any(w in lex.negations for w in window) or any(w in lex.reported for w in lowers[max(0, i - 6) : i]):
            continue
        # A hedge anywhere earlier in the verb's clause ("your provider may use ... to enhance ...").
        clause_start = max((k + 1 for k in range(i) if lowers[k] in _CLAUSE_STARTS), default=0)
        hedged = any(w in lex.hedges for w in lowers[clause_start:i])
        near = [k for k in range(max(0, i - 2), i) if lowers[k] in lex.intensifiers]
        intensifier = lowers[near[0]] if near else None
        if strong:
            found = _object_after(tokens, i, lex)
            if found:
                j, kind, length = found
                yield _Claim(
                    near[0] if near else i,
                    j + length,
                    kind,
                    lemma,
                    lemma in lex.drug or kind in ("disease", "structure"),
                    hedged,
                    intensifier,
                    i,
                )
        else:
            # "If you deal with acne scars, microneedling can also help": weak verb, disease in the sentence.
            for j in range(len(tokens)):
                hit = _object_at(tokens, j, lex)
                if hit and hit[0] == "disease":
                    lo, hi = min(i, j), max(i + 1, j + hit[1])
                    yield _Claim(lo, hi, "disease", lemma, False, True, intensifier)
                    break


# Verbs whose claim becomes a cosmetic one when it is about appearance ("reduces the appearance of").
_APPEARANCE_VERBS = frozenset({"reduce", "minimize", "minimise", "diminish", "fade", "lessen", "decrease", "improve"})


def _appearance_fix(sent: Span, claim: _Claim) -> Fix | None:
    """Unsafe rewording: "reduces wrinkles" -> "reduces the appearance of wrinkles" (not for drug claims)."""
    if claim.drug or claim.kind != "body" or claim.verb not in _APPEARANCE_VERBS or claim.verb_index < 0:
        return None
    nxt = claim.verb_index + 1
    if nxt >= len(sent):
        return None
    pos = sent[nxt].idx
    return Fix(pos, pos, "the appearance of ", safe=False)


_CLAUSE_STARTS = frozenset({",", ";", ":", "but", "while", "although", "whereas", "because", "so", "if", "when"})


def _claims_parsed(sent: Span, lex: _Lexicon) -> Iterator[_Claim]:
    """With a parser (a statistical model is configured): the object must be in the verb's own subtree."""
    tokens = [(t.lower_, t.lemma_) for t in sent]
    base = sent.start
    for tok in sent:
        lemma = tok.lemma_.lower()
        strong = lemma in lex.drug or lemma in lex.improve
        if not strong and lemma not in lex.weak:
            continue
        if any(c.dep_ == "neg" for c in tok.children) or any(
            t.lower_ in lex.reported for t in sent[max(0, tok.i - base - 6) : tok.i - base]
        ):
            continue
        hedged = any(c.dep_ == "aux" and c.lower_ in lex.hedges for c in tok.children) or any(
            t.lower_ in lex.hedges for t in tok.ancestors
        )
        intensifier = next(
            (c.lower_ for c in tok.children if c.dep_ == "advmod" and c.lower_ in lex.intensifiers), None
        )
        objects = [c for c in tok.children if c.dep_ in ("dobj", "obj", "attr", "oprd", "prep", "dative")]
        for obj in objects:
            found = None
            for t in sorted(obj.subtree, key=lambda t: t.i):
                j = t.i - base
                if tokens[j][1] in lex.appearance or tokens[j][1] in lex.risk:
                    break
                hit = _object_at(tokens, j, lex)
                if hit and (strong or hit[0] == "disease"):
                    found = (j, hit)
                    break
            if found:
                j, (kind, length) = found
                start = min([tok.i - base, *(c.i - base for c in tok.children if c.dep_ == "advmod")])
                yield _Claim(
                    start,
                    j + length,
                    kind,
                    lemma,
                    lemma in lex.drug or kind in ("disease", "structure"),
                    hedged or not strong,
                    intensifier,
                    tok.i - base,
                )
                break


def _object_after(tokens: list[tuple[str, str]], i: int, lex: _Lexicon) -> tuple[int, str, int] | None:
    for j in range(i + 1, min(len(tokens), i + 9)):
        lower, lemma = tokens[j]
        if lemma in lex.appearance or lemma in lex.risk:
            return None  # "the appearance of ...": a cosmetic claim; "the risk of ...": not a product claim
        if lower in lex.breaks:
            return None
        hit = _object_at(tokens, j, lex)
        if hit:
            return j, hit[0], hit[1]
    return None


def _has_evidence(ctx: Context, low: str | None, start: int, end: int, lex: _Lexicon) -> bool:
    """Evidence in the sentence or the next one of the same paragraph (where a footnote often sits)."""
    if lex.evidence.search(ctx.text, low, start, end):
        return True
    return any(
        link.start < end and link.end > start and any(h in link.href.lower() for h in lex.link_hosts)
        for link in ctx.document.links
    )


@functools.cache
def _verb_hashes(lex: _Lexicon) -> numpy.ndarray:
    from spacy.strings import hash_string

    return numpy.array(sorted(hash_string(v) for v in lex.drug | lex.improve | lex.weak), dtype="uint64")


def _candidate_sentences(
    text: str, low: str | None, sentences: Sentences, lemmas: numpy.ndarray, lex: _Lexicon
) -> list[int]:
    """Indices of the sentences that hold an efficacy verb or a claim phrase; the rest need no closer look.

    Scanning the lemmas once and each claim pattern once over the whole text is much cheaper than
    running every pattern on every sentence of a long article.
    """
    token_starts = numpy.array(sentences.start)
    char_starts = sentences.start_char
    verb_tokens = numpy.flatnonzero(numpy.isin(lemmas, _verb_hashes(lex)))
    found = set((numpy.searchsorted(token_starts, verb_tokens, side="right") - 1).tolist())
    for pattern in (lex.absolutes, lex.authority, lex.testimonial, _PERCENT, _SHARE_OF_PEOPLE):
        found.update(bisect.bisect_right(char_starts, m.start()) - 1 for m in pattern.finditer(text, low))
    return sorted(i for i in found if i >= 0)


def check_claims(ctx: Context) -> Iterator[Hit]:
    lex = _lexicon()
    text = ctx.text
    sentences = ctx.sentences
    block_ends = sorted(b.end for b in ctx.document.blocks)
    parsed = ctx.doc.has_annotation("DEP")
    # (lower, lemma) of every token, read as whole arrays once rather than token by token per sentence.
    strings = ctx.doc.vocab.strings
    arrays = ctx.doc.to_array([LOWER, LEMMA]) if len(ctx.doc) else numpy.zeros((0, 2), dtype="uint64")
    low = lowered(text)
    for index in _candidate_sentences(text, low, sentences, arrays[:, 1], lex):
        start, end = sentences.start[index], sentences.end[index]
        s_text = text[sentences.start_char[index] : sentences.end_char[index]]  # a slice, not Span.text
        if len(s_text.strip()) < 8:
            continue
        sent = ctx.doc[start:end]  # a Span only for the few sentences that may hold a claim
        words = [(strings[lo], strings[le]) for lo, le in arrays[start:end].tolist()]
        s0 = sentences.start_char[index]
        # The window for evidence: this sentence, and the next if it is in the same block.
        k = bisect.bisect_left(block_ends, s0 + len(s_text.rstrip()))
        block_end = block_ends[k] if k < len(block_ends) else len(text)
        window_end = sentences.end_char[index]
        if index + 1 < len(sentences) and sentences.start_char[index + 1] < block_end:
            window_end = min(sentences.end_char[index + 1], block_end)
        elif s_text.rstrip().endswith("?") and index + 1 < len(sentences):
            # A question answered by the next paragraph: its citation supports the claim asked about.
            window_end = sentences.end_char[index + 1]
        evidence: bool | None = None

        def cited(s0: int = s0, window_end: int = window_end) -> bool:
            nonlocal evidence
            if evidence is None:
                evidence = _has_evidence(ctx, low, s0, window_end, lex)
            return evidence

        claims = list(_claims_parsed(sent, lex) if parsed else _claims(sent, lex, words))
        for claim in claims:
            if cited():
                break
            a, b = sent[claim.start].idx, sent[claim.end - 1].idx + len(sent[claim.end - 1])
            if claim.intensifier:
                plain = re.sub(rf"\s*\b{re.escape(claim.intensifier)}\b", "", text[a:b], count=1, flags=re.I)
                yield Hit(
                    "CL402",
                    a,
                    b,
                    f'"{text[a:b]}": the intensifier "{claim.intensifier}" makes an uncited efficacy '
                    "claim absolute; EU 655/2013 (honesty) and the CAP Code require evidence as strong as the "
                    "wording.",
                    plain.strip() or None,
                )
            elif claim.drug or claim.kind == "disease" or not claim.hedged:
                severity = Severity.INFO if claim.hedged else (Severity.ERROR if claim.drug else Severity.WARNING)
                fix = _appearance_fix(sent, claim)
                suggestion = None
                if fix is not None:
                    suggestion = text[a : fix.start] + fix.replacement + text[fix.start : b]
                hedge = " (hedged, so a suggestion)" if claim.hedged else ""
                if claim.kind == "disease":
                    code, why = (
                        "CL406",
                        (
                            f'"{claim.verb}" acting on a disease or condition is a disease claim: it makes a cosmetic '
                            "an unapproved drug (FDA) and a medicinal claim (ASA/CAP)"
                        ),
                    )
                else:
                    code, why = (
                        "CL401",
                        (
                            f'"{claim.verb}" acting on the body claims to change its structure or function, which '
                            "makes a cosmetic a drug (FDA) and is a physiological claim (ASA/CAP)"
                        ),
                    )
                yield Hit(
                    code,
                    a,
                    b,
                    f'"{text[a:b]}": {why}; no source is given{hedge}.',
                    suggestion,
                    severity=severity,
                    fix=fix,
                    no_fix="a claim needs an editor: cite the evidence or reword it by hand",
                )
        s1 = sentences.end_char[index]
        if (claims or _RESULTS.search(text, low, s0, s1)) and not any(c.intensifier for c in claims):
            m = lex.absolutes.search(text, low, s0, s1)
            if m and not cited():
                yield Hit(
                    "CL402",
                    m.start(),
                    m.end(),
                    f'"{text[m.start() : m.end()]}" promises an absolute result; claims must not go beyond the '
                    "evidence.",
                )
        m = lex.authority.search(text, low, s0, s1)
        if m and not cited():
            yield Hit(
                "CL403",
                m.start(),
                m.end(),
                f'"{text[m.start() : m.end()]}" appeals to authority without naming the source.',
            )
        m = lex.testimonial.search(text, low, s0, s1)
        if m and not cited():
            yield Hit(
                "CL405",
                m.start(),
                m.end(),
                f'"{text[m.start() : m.end()]}" offers customer experience as proof of efficacy.',
            )
        if claims or m or _SHARE_OF_PEOPLE.search(text, low, s0, s1):
            for m in _PERCENT.finditer(text, low, s0, s1):
                if not cited():
                    yield Hit(
                        "CL404",
                        m.start(),
                        m.end(),
                        f'"{text[m.start() : m.end()]}" quantifies a result without a source.',
                    )


_PERCENT = CaselessPattern(
    r"\b\d{1,3}(?:\.\d+)?\s?(?:%|percent\b)|\b\d+(?:\.\d+)?\s?(?:x|times) (?:more|better|faster)\b"
)

# Absolutes count in a sentence about results even when no efficacy verb is there ("Results are permanent").
_RESULTS = CaselessPattern(r"\b(?:results?|outcomes?|effects?|improvements?|works|cures?)\b")
_SHARE_OF_PEOPLE = CaselessPattern(
    r"%\s+of\s+(?:our\s+)?(?:users|customers|clients|women|men|participants|people|testers|patients|buyers)\b"
)

CHECKS = (Check((CL401, CL406, CL402, CL403, CL404, CL405), check_claims),)
