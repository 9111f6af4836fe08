"""The claim lexicons, loaded once from ``rules/claims.toml`` and ``rules/claims_phrases.toml``."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import numpy
from spacy.strings import hash_string  # type: ignore[attr-defined]  # Cython function, not in the stub

from ... import ruledata
from ...patterns import CaselessPattern, PatternSet, alternation


@dataclass(frozen=True)
class Lexicon:
    # Verb classes (lemmas) and the objects they act on.
    drug: frozenset[str]
    structure_only: frozenset[str]
    improve: frozenset[str]
    weak: frozenset[str]
    absolute_verbs: frozenset[str]
    self_claims: tuple[str, ...]  # word beginnings
    growth: frozenset[str]
    hair: frozenset[str]
    body: frozenset[str]
    structure: frozenset[str]
    disease: frozenset[str]
    harm: frozenset[str]
    generic_disease: frozenset[str]
    producing: frozenset[str]
    # Words that take a verb-object pair out of the claim grammar.
    blockers: frozenset[str]
    reported_words: frozenset[str]
    negations: frozenset[str]
    hedges: frozenset[str]
    breaks: frozenset[str]
    cause_subjects: frozenset[str]
    intensifiers: frozenset[str]
    # Phrase patterns.
    absolutes: CaselessPattern
    timed: CaselessPattern
    not_absolute: CaselessPattern
    authority: CaselessPattern
    testimonial: CaselessPattern
    safety: CaselessPattern
    regulatory: CaselessPattern
    regulatory_specified: CaselessPattern
    comparative: CaselessPattern
    nominal: CaselessPattern
    not_nominal: CaselessPattern
    nominal_disease: CaselessPattern
    not_comparative: CaselessPattern
    evidence: CaselessPattern
    link_hosts: tuple[str, ...]
    concentration_before: CaselessPattern
    concentration_after: CaselessPattern
    share_of_people: CaselessPattern
    how_to: CaselessPattern
    advice_before: CaselessPattern
    advice_after: CaselessPattern
    desire: CaselessPattern
    importance: CaselessPattern
    definition: CaselessPattern
    reported: CaselessPattern
    regulator: CaselessPattern
    disclaimers: CaselessPattern
    clinician: re.Pattern[str]  # case matters: a title and a capitalised name
    products: dict[str, frozenset[str]]

    @functools.cached_property
    def verbs(self) -> frozenset[str]:
        return self.drug | self.structure_only | self.improve | self.weak | self.growth

    @functools.cached_property
    def claim_phrases(self) -> PatternSet:
        """The phrase patterns that make a sentence a claim candidate, and last the regulator mentions that
        make a document a report (counted), found with one scan."""
        return PatternSet(
            (
                self.absolutes,
                self.timed,
                self.authority,
                self.testimonial,
                self.safety,
                self.regulatory,
                self.comparative,
                self.nominal,
                self.nominal_disease,
                PERCENT,
                self.regulator,
            )
        )

    @functools.cached_property
    def cue_table(self) -> CueTable:
        """The product classes, and every cue word's and claim verb's hash (sorted) with a bit for each class it
        cues (bit i for the i-th class) and whether it is a verb: one lookup of a token's lemma tells all the
        classes it counts for and whether it makes the sentence a candidate."""
        classes = tuple(sorted(self.products))
        if len(classes) > 8:
            raise ruledata.RuleDataError("rules/claims_phrases.toml: [products] names more than 8 classes")
        bits: dict[int, int] = {}
        for i, cls in enumerate(classes):
            for word in self.products[cls]:
                key = hash_string(word)
                bits[key] = bits.get(key, 0) | (1 << i)
        verbs = {hash_string(w) for w in self.verbs}
        keys = sorted(bits.keys() | verbs)
        return CueTable(
            classes,
            numpy.array(keys, dtype="uint64"),
            numpy.array([bits.get(k, 0) for k in keys], dtype="uint8"),
            numpy.array([k in verbs for k in keys], dtype=bool),
        )


@dataclass(frozen=True)
class CueTable:
    """See Lexicon.cue_table: ``keys`` sorted, ``bits`` and ``verb`` one per key."""

    classes: tuple[str, ...]
    keys: numpy.ndarray  # uint64 word hashes
    bits: numpy.ndarray  # uint8 class bits
    verb: numpy.ndarray  # bool: a claim verb's lemma


# A percentage or a multiplier: what an unsourced-number claim is made of.
PERCENT = CaselessPattern(
    r"\b\d{1,3}(?:\.\d+)?\s?(?:%|percent\b)|\b\d+(?:\.\d+)?\s?(?:x|times) (?:more|better|faster)\b"
)


def any_of(patterns: list[str]) -> CaselessPattern:
    return CaselessPattern(alternation(patterns), tuple(patterns))


def _shape(*tables: str) -> ruledata.Shape:
    """A data file whose top-level keys are these tables, all required (checked on load)."""
    return ruledata.Shape(tuple((t, ruledata.TABLE) for t in tables), required=tables)


CLAIMS = _shape("verbs", "objects", "mitigators", "absolutes", "authority", "testimonial", "evidence")
PHRASES = _shape(
    "safety",
    "regulatory",
    "nominal",
    "comparative",
    "timed",
    "absolutes",
    "authority",
    "testimonial",
    "numbers",
    "frames",
    "products",
)


@functools.cache
def lexicon() -> Lexicon:
    d = ruledata.load("claims", CLAIMS)
    p = ruledata.load("claims_phrases", PHRASES)
    mit = d["mitigators"]
    return Lexicon(
        drug=frozenset(d["verbs"]["drug"]),
        structure_only=frozenset(d["verbs"]["structure_only"]),
        improve=frozenset(d["verbs"]["improve"]),
        weak=frozenset(d["verbs"]["weak"]),
        absolute_verbs=frozenset(d["verbs"]["absolute"]),
        self_claims=tuple(d["verbs"]["self_claims"]),
        growth=frozenset(d["verbs"]["growth"]),
        hair=frozenset(d["verbs"]["hair"]),
        body=frozenset(d["objects"]["body"]),
        structure=frozenset(d["objects"]["structure"]),
        disease=frozenset(d["objects"]["disease"]),
        harm=frozenset(d["objects"]["harm"]),
        generic_disease=frozenset(d["objects"]["generic_disease"]),
        producing=frozenset(d["objects"]["producing"]),
        blockers=frozenset(mit["appearance"] + mit["risk"] + mit["not_body"]),
        reported_words=frozenset(mit["reported"]),
        negations=frozenset(mit["negations"]),
        hedges=frozenset(mit["hedges"]),
        breaks=frozenset(mit["clause_breaks"]),
        cause_subjects=frozenset(mit["cause_subjects"]),
        intensifiers=frozenset(d["absolutes"]["intensifiers"]),
        absolutes=any_of(d["absolutes"]["phrases"]),
        timed=any_of(p["timed"]["phrases"]),
        not_absolute=any_of(p["absolutes"]["not_absolute"]),
        authority=any_of(d["authority"]["phrases"] + p["authority"]["phrases"]),
        testimonial=any_of(d["testimonial"]["phrases"] + p["testimonial"]["phrases"]),
        safety=any_of(p["safety"]["phrases"]),
        regulatory=any_of(p["regulatory"]["phrases"]),
        regulatory_specified=any_of(p["regulatory"]["specified"]),
        comparative=any_of(p["comparative"]["phrases"]),
        nominal=any_of(p["nominal"]["phrases"]),
        not_nominal=any_of(p["nominal"]["not_nominal"]),
        nominal_disease=any_of(p["nominal"]["disease"] or [r"(?!)"]),
        not_comparative=any_of(p["comparative"]["not_comparative"]),
        evidence=any_of(d["evidence"]["patterns"]),
        link_hosts=tuple(d["evidence"]["link_hosts"]),
        concentration_before=any_of(p["numbers"]["concentration_before"]),
        concentration_after=any_of(p["numbers"]["concentration_after"]),
        share_of_people=CaselessPattern(p["numbers"]["share_of_people"]),
        how_to=any_of(p["frames"]["how_to"]),
        advice_before=any_of(p["frames"]["advice_before"]),
        advice_after=any_of(p["frames"]["advice_after"]),
        desire=any_of(p["frames"]["desire"]),
        importance=any_of(p["frames"]["importance"]),
        definition=any_of(p["frames"]["definition"]),
        reported=any_of(p["frames"]["reported"]),
        regulator=any_of(p["frames"]["regulator"]),
        disclaimers=any_of(p["frames"]["disclaimers"]),
        clinician=re.compile("|".join(f"(?:{x})" for x in p["frames"]["clinician"])),
        products={k: frozenset(v) for k, v in p["products"].items()},
    )
