"""Efficacy claims by grammar: an efficacy verb acting on a body structure, a function or a disease.

Verb classes (drug, structure-only, improvement, weak "help") x object classes (structure, body,
disease), from ``rules/claims.toml``. Without a parser the object must follow the verb inside its
clause; with one (a statistical model configured) it must sit in the verb's own subtree.
Negation, a reported or quoted frame, a cause as subject ("smoking reduces blood flow"), a how-to
or definition frame, appearance wording and non-body objects ("dead skin cells", "awareness of")
take a pair out of the claim grammar; so do a pathology or a habit as subject ("the arteries narrow,
reducing blood flow"), a gerund that is its clause's subject ("Treating acne is costly"), a participle used
as an adjective ("its supporting tissues"), a producing verb on a disease (a cause or a side effect) and an
object that sits in the next list item or heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Token

from ...model import Fix
from .analysis import SentenceView, find, in_quotes
from .claim import Claim
from .lexicon import Lexicon
from .severity import MEDICAL, ClaimType, Speaker

_CLAUSE_STARTS = frozenset({",", ";", ":", "but", "while", "although", "whereas", "because", "so", "if", "when"})
_OBJECT_REACH = 8  # tokens after the verb in which its object may start
_WEAK_REACH = 5
# Verbs whose body claim becomes a cosmetic one with "the appearance of" inserted.
_APPEARANCE_VERBS = frozenset({"reduce", "minimize", "minimise", "diminish", "fade", "lessen", "decrease", "improve"})
# A new list item or heading starts between the verb and a candidate object: a blank line, or a line that
# opens with a capital or a bullet. Side-effect lists ("Increased sun sensitivity / Yeast infections") are
# one "sentence" to the splitter, but the next item is not the verb's object. Hard-wrapped prose goes on
# in lower case, so it keeps its objects.
_NEW_ITEM = re.compile(r"\n[ \t]*\n|\n[ \t]*(?:[-*\u2022+]\s*)?[A-Z]")
# Before a participle, these make it an adjective naming a state, not a verb with a seller behind it:
# "its supporting tissues", "with subsequent reduced blood flow".
_ATTRIBUTIVE_BEFORE = frozenset({"its", "their", "his", "her", "subsequent", "resulting", "consequent"})
# A past participle after a hyphen or a demonstrative is an adjective too: "dehydration-induced fine lines",
# "this increased sebum ... leads to breakouts".
_PAST_ATTRIBUTIVE_BEFORE = frozenset({"-", "this", "these", "those"})
# A gerund that opens its clause and is followed by a finite verb is the clause's subject: the activity is
# talked about, nothing is promised ("Treating acne is costly", "Getting rid of dandruff can take weeks").
# Without the finite verb, a gerund opening a line is a benefit heading or list item and stays a claim.
_FINITE = frozenset({"is", "are", "was", "were", "takes", "take", "took", "involves", "involve", "requires", "require",
                     "remains", "consists", "can", "may", "might", "will", "should", "must", "means", "costs", "needs",
                     "starts", "begins", "seems", "becomes"})


def _object_at(words: list[tuple[str, str]], j: int, lex: Lexicon) -> tuple[ClaimType, int] | None:
    """The object class and its length in tokens when a body or disease term starts at token j."""
    lower, lemma = words[j]
    pair = []
    if j + 1 < len(words):
        pair = [(f"{lemma} {words[j + 1][1]}", 2), (f"{lower} {words[j + 1][0]}", 2)]
    # Both forms: the lookup lemma of "healing" is "heal", of "scarring" is "scar".
    for term, length in [*pair, (lemma, 1), (lower, 1)]:
        if term in lex.disease:
            return ClaimType.DISEASE, length
        if term in lex.structure:
            return ClaimType.STRUCTURE, length
        if term in lex.body:
            return ClaimType.BODY, length
    return None


def _clause_start(view: SentenceView, i: int) -> int:
    lowers = view.lowers
    start = max((k + 1 for k in range(i) if lowers[k] in _CLAUSE_STARTS), default=0)
    # A participle after a comma ("..., reducing blood flow") shares the main clause's subject.
    if start == i and lowers[i].endswith("ing"):
        return 0
    return start


def _excluded(view: SentenceView, i: int, lex: Lexicon) -> bool:
    """Not the seller's claim: negated, reported, caused by something else, a how-to or a definition."""
    lowers = view.lowers
    lo = _clause_start(view, i)
    verb_start = view.offsets[i][0]
    prefix = view.before(verb_start)
    if any(w in lex.negations for w in lowers[max(lo, i - 4) : i]):
        return True
    if any(w in lex.reported_words for w in lowers[max(0, i - 6) : i]) and not _told_by_regulator(view, prefix):
        return True
    if any(lowers[k] in lex.cause_subjects and not _modifier(lowers, k) for k in range(lo, i)):
        return True
    if _cause_antecedent(lowers, lo, lex) or _framed(view, prefix, lex):
        return True
    return _in_a_name(view, i) or _gerund_subject(view, lo, i, lex) or _last_list_item(view, i, lex)


def _framed(view: SentenceView, prefix: str, lex: Lexicon) -> bool:
    """A how-to, a definition, the reader's wish, or a habit said to be key to a result (no product named)."""
    if find(lex.how_to, prefix) or find(lex.definition, prefix) or find(lex.desire, prefix):
        return True
    return bool(find(lex.importance, prefix)) and not _names_a_product(view, lex)


def _last_list_item(view: SentenceView, i: int, lex: Lexicon) -> bool:
    """ "redness, visible vessels, pimples, and thickened skin": a past participle closing a list of noun
    phrases is an adjective naming one more symptom. A list of verbs ("it soothes, calms and thickened
    hair") keeps its claim."""
    lowers = view.lowers
    if i < 3 or not lowers[i].endswith("ed") or lowers[i - 1] not in ("and", "or"):
        return False
    start = max((k + 1 for k in range(i) if lowers[k] == ":"), default=0)
    if lowers[start : i - 1].count(",") < 2:
        return False
    return not any(lemma in lex.verbs for _, lemma in view.words[start : i - 1])


_RELATIVES = frozenset({"which", "that", "who"})


def _cause_antecedent(lowers: list[str], lo: int, lex: Lexicon) -> bool:
    """ "androgen hormones, which increase sebum": a relative clause's subject is the noun before it, so a
    cause or a body part there describes physiology ("a serum, which reduces redness" stays a claim)."""
    if lo >= len(lowers) or lowers[lo] not in _RELATIVES:
        return False
    k = lo - 2 if lo >= 2 and lowers[lo - 1] == "," else lo - 1
    return k >= 0 and lowers[k] in lex.cause_subjects


def _gerund_subject(view: SentenceView, lo: int, i: int, lex: Lexicon) -> bool:
    """With a product named in the sentence ("Healing scars is what this gel does") the gerund is its claim."""
    if _names_a_product(view, lex):
        return False
    lowers = view.lowers
    first = next((k for k in range(lo, i + 1) if _opens_clause(lowers[k])), i)
    if first + 2 < i or not lowers[first].endswith("ing"):
        return False  # ("Getting rid of": the verb may sit two words after its gerund)
    for word in lowers[i + 1 :]:
        if word in lex.breaks and word not in ("and", "or"):
            return False
        if word in _FINITE:
            return True
    return False


def _names_a_product(view: SentenceView, lex: Lexicon) -> bool:
    """A cue word in this sentence itself: the page's product class also comes from sentences around it."""
    return any(lower in cues or lemma in cues for cues in lex.products.values() for lower, lemma in view.words)


def _opens_clause(word: str) -> bool:
    return word[:1].isalpha() and not word.endswith("ly") and word not in _CLAUSE_STARTS


def _modifier(lowers: list[str], k: int) -> bool:
    """ "anti-aging products": the cause word is part of a modifier, not the subject."""
    return "anti" in lowers[max(0, k - 2) : k] or (k + 1 < len(lowers) and lowers[k + 1] == "-")


def _told_by_regulator(view: SentenceView, prefix: str) -> bool:
    """A quoted claim, or one a regulator or court reports, is still a claim to report."""
    return in_quotes(prefix) or view.speaker is Speaker.REPORTED


def _in_a_name(view: SentenceView, i: int) -> bool:
    """A capitalised verb after a capitalised word or "&" is part of a product name or a title."""
    if i == 0:
        return False
    a, b = view.offsets[i]
    word = view.text[a - view.start : b - view.start]
    p0, p1 = view.offsets[i - 1]
    prev = view.text[p0 - view.start : p1 - view.start]
    return word[:1].isupper() and (prev == "&" or prev[:1].isupper())


def _object_after(view: SentenceView, i: int, lex: Lexicon, reach: int) -> tuple[int, ClaimType, int] | None:
    words = view.words
    verb = words[i][1]
    for j in range(i + 1, min(len(words), i + 1 + reach)):
        lower, lemma = words[j]
        # "feelings of anxiety" names a state of mind; "skin feeling smoother" is sensory wording.
        blocked = (lemma in lex.blockers or lower in lex.blockers) and lower != "feelings"
        if blocked and not (verb in lex.absolute_verbs and lemma in ("sign", "look")):
            return None  # "the appearance of", "the risk of", "dead skin cells", "awareness of"
        if lower in lex.breaks:
            return None
        hit = _object_at(words, j, lex)
        if hit:
            return None if _new_item(view, i, j) else (j, hit[0], hit[1])
    return None


def _new_item(view: SentenceView, i: int, j: int) -> bool:
    gap = view.text[view.offsets[i][1] - view.start : view.offsets[j][0] - view.start]
    return "\n" in gap and _NEW_ITEM.search(gap) is not None


def _attributive(view: SentenceView, i: int) -> bool:
    """ "its supporting tissues": a participle after a possessive describes, it claims no action."""
    if i == 0:
        return False
    lower, before = view.words[i][0], view.words[i - 1][0]
    if lower.endswith("ed") and before in _PAST_ATTRIBUTIVE_BEFORE:
        return True
    return lower.endswith(("ing", "ed")) and before in _ATTRIBUTIVE_BEFORE


_HAIR_REACH = 3


def _hair_after(view: SentenceView, i: int, lex: Lexicon) -> tuple[int, ClaimType, int] | None:
    """ "regrows hair", "grows thicker lashes": a growth verb with hair as its object."""
    if view.words[i][1] not in lex.growth:
        return None
    for j in range(i + 1, min(len(view.words), i + 1 + _HAIR_REACH)):
        if view.words[j][1] in lex.hair:
            return j, ClaimType.STRUCTURE, 1
        if view.words[j][0] in lex.breaks:
            return None
    return None


def _kind(verb: str, obj: ClaimType, lex: Lexicon) -> ClaimType:
    if obj is ClaimType.DISEASE:
        return obj
    return ClaimType.STRUCTURE if verb in lex.drug or obj is ClaimType.STRUCTURE else ClaimType.BODY


def _hedged(view: SentenceView, i: int, lex: Lexicon) -> bool:
    lowers = view.lowers
    return any(w in lex.hedges for w in lowers[_clause_start(view, i) : i])


def claims(view: SentenceView, lex: Lexicon) -> Iterator[Claim]:
    """Rule-based path: the object follows the verb inside its clause."""
    for i, (lower, lemma) in enumerate(view.words):
        if (lemma not in lex.verbs and not lower.startswith(lex.self_claims)) or _attributive(view, i):
            continue
        # Both tests are pure: the claim first, since most verbs have no object and the exclusions scan text.
        claim = _weak_claim(view, i, lex) if lemma in lex.weak else _strong_claim(view, i, lex)
        if claim is not None and not _excluded(view, i, lex):
            yield claim


def _intensifier(view: SentenceView, i: int, lex: Lexicon) -> int | None:
    near = [k for k in range(max(0, i - 2), i) if view.words[k][0] in lex.intensifiers]
    return near[0] if near else None


def _find_object(view: SentenceView, i: int, lex: Lexicon) -> tuple[int, ClaimType, int] | None:
    lemma = view.words[i][1]
    growth_only = lemma in lex.growth and lemma not in lex.drug | lex.improve
    found = None if growth_only else _object_after(view, i, lex, _OBJECT_REACH)
    return found or _hair_after(view, i, lex)


def _not_a_claim(view: SentenceView, i: int, found: tuple[int, ClaimType, int], lex: Lexicon) -> bool:
    lemma = view.words[i][1]
    j, obj, length = found
    if lemma in lex.structure_only and obj is not ClaimType.STRUCTURE:
        return True  # "can trigger rosacea" names a cause
    if lemma in lex.producing and (obj is ClaimType.DISEASE or _is_harm(view, i + 1, j + length, lex)):
        # "inducing small wounds" describes how a procedure works; "hormone-induced baldness", "an increase
        # in pimples" name a cause or a side effect: producing a disease is never the seller's promise.
        return True
    # "intended to treat disease": a regulator's legal wording
    return view.speaker is Speaker.REPORTED and view.words[j][1] in lex.generic_disease


def _strong_claim(view: SentenceView, i: int, lex: Lexicon) -> Claim | None:
    lower, lemma = view.words[i]
    found = _find_object(view, i, lex)
    if found is None:
        if lower.startswith(lex.self_claims):  # "helps your skin detoxify": no object needed
            a, b = view.offsets[i]
            return Claim(a, b, ClaimType.STRUCTURE, _hedged(view, i, lex), lemma)
        return None
    if _not_a_claim(view, i, found, lex):
        return None
    j, obj, length = found
    k = _intensifier(view, i, lex)
    kind = _kind(lemma, obj, lex)
    start = view.offsets[k if k is not None else i][0]
    end = view.offsets[j + length - 1][1]
    fix = None
    if kind is ClaimType.BODY and lemma in _APPEARANCE_VERBS and i + 1 < len(view.words):
        pos = view.offsets[i + 1][0]
        fix = Fix(pos, pos, "the appearance of ", safe=False)
    intensifier = view.words[k][0] if k is not None else None
    return Claim(start, end, kind, _hedged(view, i, lex), lemma, intensifier, fix)


def _is_harm(view: SentenceView, a: int, b: int, lex: Lexicon) -> bool:
    """A harm between the verb and the end of its object: "increased susceptibility to bacteria"."""
    return any(w[1] in lex.harm or w[0] in lex.harm for w in view.words[a:b])


def _weak_claim(view: SentenceView, i: int, lex: Lexicon) -> Claim | None:
    """ "may help with acne": a weak verb counts next to a disease, and is always hedged."""
    nxt = view.words[i + 1 : i + 3]
    if any(lemma in lex.verbs for _, lemma in nxt):
        return None  # "help heal acne": the next verb makes the claim
    found = _object_after(view, i, lex, _WEAK_REACH)
    if found is None:
        return _closing_weak_claim(view, i, lex)
    if found[1] is not ClaimType.DISEASE:
        return None
    j, _, length = found
    return Claim(view.offsets[i][0], view.offsets[j + length - 1][1], ClaimType.DISEASE, True, view.words[i][1])


def _closing_weak_claim(view: SentenceView, i: int, lex: Lexicon) -> Claim | None:
    """ "If you have acne scars, this can also help.": the condition is named before a closing weak verb."""
    if any(w[0].isalnum() for w in view.words[i + 1 :]):
        return None
    for j in range(i):
        hit = _object_at(view.words, j, lex)
        if hit and hit[0] is ClaimType.DISEASE:
            return Claim(view.offsets[j][0], view.offsets[i][1], ClaimType.DISEASE, True, view.words[i][1])
    return None


def drug_use_frame(view: SentenceView, claim: Claim) -> bool:
    """ "Botox is a drug used to treat ...": a clinician describing an approved medicine's use."""
    return view.product in MEDICAL and " used " in f" {view.before(claim.start).lower()}"


# --- with a dependency parse -------------------------------------------------------------------

_OBJECT_DEPS = ("dobj", "obj", "attr", "oprd", "prep", "dative")


def claims_parsed(view: SentenceView, lex: Lexicon) -> Iterator[Claim]:
    """Parsed path: negation from the parse, the object in the verb's own subtree."""
    base = view.span.start
    for tok in view.span:
        lemma = tok.lemma_.lower()
        if lemma not in lex.verbs or any(c.dep_ == "neg" for c in tok.children):
            continue
        if _excluded(view, tok.i - base, lex):
            continue
        claim = _parsed_claim(view, tok, lex)
        if claim is not None:
            yield claim


def _parsed_object(view: SentenceView, tok: Token, lex: Lexicon) -> tuple[int, ClaimType, int] | None:
    """The first body or disease term in the subtree of one of the verb's objects, before a blocker."""
    base = view.span.start
    weak = tok.lemma_.lower() in lex.weak
    for obj in (c for c in tok.children if c.dep_ in _OBJECT_DEPS):
        for t in sorted(obj.subtree, key=lambda t: t.i):
            j = t.i - base
            if view.words[j][1] in lex.blockers:
                break
            hit = _object_at(view.words, j, lex)
            if hit and (not weak or hit[0] is ClaimType.DISEASE):
                return j, hit[0], hit[1]
    return None


def _parsed_claim(view: SentenceView, tok: Token, lex: Lexicon) -> Claim | None:
    found = _parsed_object(view, tok, lex)
    if found is None:
        return None
    j, obj, length = found
    base = view.span.start
    lemma = tok.lemma_.lower()
    hedged = (
        lemma in lex.weak
        or any(c.dep_ == "aux" and c.lower_ in lex.hedges for c in tok.children)
        or any(t.lower_ in lex.hedges for t in tok.ancestors)
    )
    intensifier = next((c.lower_ for c in tok.children if c.dep_ == "advmod" and c.lower_ in lex.intensifiers), None)
    first = min([tok.i, *(c.i for c in tok.children if c.dep_ == "advmod")]) - base
    end = view.offsets[j + length - 1][1]
    return Claim(view.offsets[first][0], end, _kind(lemma, obj, lex), hedged, lemma, intensifier)
