"""Synonym-spun phrases: collocations an article spinner produced, with the likely original.

Data: ``rules/spun_phrases.toml``. Entries match on lower-cased lookup lemmas, so "skin kinds"
matches the entry "skin kind"; the suggestion is inflected to the form found and given its case.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy
from spacy.attrs import LIKE_NUM, LOWER
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from .. import ruledata
from ..casing import indefinite_article, match_case
from ..model import Check, Context, Fix, Hit, Rule, Severity
from ..nlp import get_nlp

CL101 = Rule(
    code="CL101",
    name="spun-phrase",
    category="spun-phrase",
    severity=Severity.WARNING,
    summary="Finds phrases that an article spinner produced by swapping words for thesaurus entries "
    '("collagen manufacturing" for "collagen production", "Allow\'s" for "Let\'s").',
    why="Spun text is the signature of content-farm spam: readers notice the odd wording, search engines "
    "demote it, and it tells an editor that the whole article was machine-rewritten from someone else's.",
    fix="Replace the phrase with the suggested original wording, then read the sentence again: a spun "
    "article usually has more spins than the phrasebook knows.",
    fix_safety="safe",
    must_fire=(
        "Microneedling boosts collagen manufacturing in the deeper layers.",
        "Allow's check out the science behind it.",
        "Choose a serum that suits your skin kind.",
        "The clinic deals many benefits for busy people.",
        "After regarding half an hour the numbing cream works.",
        "Avoid sun direct exposure for a week.",
    ),
    must_not_fire=(
        "Microneedling boosts collagen production in the deeper layers.",
        "Let's check out the science behind it.",
        "The plant expanded the manufacturing of collagen supplements.",
        "We talked regarding the results of the study.",
        "Direct exposure to the sun ages the skin.",
        "Everyone is required to sign the consent form.",
    ),
)

_NUMBER_WORDS = [
    "half",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "hundred",
]
_SLOT = re.compile(r"\{NUM\}")


@dataclass(frozen=True)
class _Phrasebook:
    lemma_matcher: PhraseMatcher
    exact_matcher: PhraseMatcher
    # "{NUM}" patterns: (match id, LOWER hash per word, None for the number slot). Matched on token
    # arrays: spaCy's token Matcher builds a Python object per token and costs more than all the rest.
    slots: tuple[tuple[int, tuple[int | None, ...]], ...]
    number_words: frozenset[int]
    originals: dict[str, str]  # match key -> original wording
    entry_words: dict[str, tuple[str, ...]]  # match key -> the entry's own words (lower case, no punctuation)


@functools.cache
def _phrasebook(model: str) -> _Phrasebook:
    """Compile the phrasebook for the process's pipeline, once."""
    nlp = get_nlp(model)
    data = ruledata.load("spun_phrases")
    lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
    exact = PhraseMatcher(nlp.vocab, attr="LOWER")
    originals: dict[str, str] = {}
    entry_words: dict[str, tuple[str, ...]] = {}
    phrases: dict[str, str] = data.get("phrases", {})
    # Tokens and lemmas are all a pattern needs: skip the sentence components (a third of the start-up).
    docs = nlp.pipe(phrases, disable=[p for p in nlp.pipe_names if "lemma" not in p])
    for key, doc in zip(phrases, docs, strict=True):
        lemma.add(key, [doc])
        originals[key] = phrases[key]
        entry_words[key] = tuple(t.lower_ for t in doc if not t.is_punct)
    for key, original in data.get("exact", {}).items():
        exact.add("=" + key, [nlp.make_doc(key)])
        originals["=" + key] = original
    strings = nlp.vocab.strings
    slots = []
    for key, original in data.get("slots", {}).items():
        words = _SLOT.sub(" {NUM} ", key).split()
        slots.append((strings.add("~" + key), tuple(None if w == "{NUM}" else strings.add(w.lower()) for w in words)))
        originals["~" + key] = original
    numbers = frozenset(strings.add(w) for w in _NUMBER_WORDS)
    return _Phrasebook(lemma, exact, tuple(slots), numbers, originals, entry_words)


def _slot_matches(doc: Doc, book: _Phrasebook) -> Iterator[tuple[int, int, int]]:
    if not len(doc) or not book.slots:
        return
    lowers, like_num = doc.to_array([LOWER, LIKE_NUM]).T
    for match_id, words in book.slots:
        first = words[0]
        starts = numpy.flatnonzero(lowers == first) if first is not None else range(len(doc))
        for i in (int(x) for x in starts):
            end = i + len(words)
            if end > len(doc):
                continue
            if all(
                (int(lowers[j]) in book.number_words or like_num[j]) if w is None else int(lowers[j]) == w
                for j, w in zip(range(i, end), words, strict=True)
            ):
                yield match_id, i, end


def phrasebook_size() -> int:
    data = ruledata.load("spun_phrases")
    return sum(len(data.get(k, {})) for k in ("phrases", "exact", "slots"))


def _inflect_like(word: str, token: Token, entry_word: str) -> str:
    """Give ``word`` the inflection ``token`` has and the entry's word lacks ("dealt" vs "deal" -> "offered")."""
    surface = token.lower_
    if surface == entry_word or " " in word or not word.isalpha():
        return word
    from lemminflect import getAllInflections, getInflection, getLemma  # only when a match was inflected

    tags = [
        tag for tag, forms in getAllInflections(token.lemma_).items() if surface in forms and tag not in ("NN", "VB")
    ]
    for tag in sorted(tags):
        upos = "VERB" if tag.startswith("VB") else "NOUN" if tag.startswith("NN") else "ADJ"
        base = (getLemma(word.lower(), upos=upos) or (word.lower(),))[0]
        forms = getInflection(base, tag=tag)
        if forms:
            return forms[0]
    return word


def _suggest(span: Span, original: str, key: str, entry: tuple[str, ...]) -> str:
    if key.startswith("~"):
        number = next((t.text for t in span if t.like_num or t.lower_ in _NUMBER_WORDS), "")
        return match_case(span.text, original.replace("{NUM}", number))
    words = original.split(" ")
    tokens = [t for t in span if not t.is_punct]
    # Spinners swap words one for one: inflect an original word where the text inflects the entry's.
    if entry and len(tokens) == len(entry) == len(words):
        for index, token in enumerate(tokens):
            words[index] = _inflect_like(words[index], token, entry[index])
    elif entry and tokens and len(tokens) == len(entry):
        words[-1] = _inflect_like(words[-1], tokens[-1], entry[-1])
    return match_case(span.text, " ".join(words))


def _spans(ctx: Context) -> Iterator[tuple[Span, str]]:
    book = _phrasebook(ctx.config.model)
    doc = ctx.doc
    candidates: list[tuple[int, int, int]] = []
    candidates.extend(book.lemma_matcher(doc))
    candidates.extend(book.exact_matcher(doc))
    candidates.extend(_slot_matches(doc, book))
    # Longest match wins; among equals, the earliest.
    candidates.sort(key=lambda m: (-(m[2] - m[1]), m[1]))
    taken = bytearray(len(doc))
    for match_id, start, end in candidates:
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        yield doc[start:end], doc.vocab.strings[match_id]


def check_spun(ctx: Context) -> Iterator[Hit]:
    book = _phrasebook(ctx.config.model)
    for span, key in sorted(_spans(ctx), key=lambda item: item[0].start):
        suggestion = _suggest(span, book.originals[key], key, book.entry_words.get(key, ()))
        yield Hit(
            "CL101",
            span.start_char,
            span.end_char,
            f'"{span.text}" looks synonym-spun, a spinner\'s substitute for "{suggestion}".',
            suggestion,
            fix=_fix(span, suggestion),
        )


def _fix(span: Span, suggestion: str) -> Fix:
    """Replace the phrase; put "a"/"an" before it right when the first sound changes ("an extra" -> "a more")."""
    doc = span.doc
    if span.start > 0:
        article = doc[span.start - 1]
        if article.lower_ in ("a", "an"):
            wanted = indefinite_article(suggestion)
            if article.lower_ != wanted:
                replacement = match_case(article.text, wanted) + article.whitespace_ + suggestion
                return Fix(article.idx, span.end_char, replacement)
    return Fix(span.start_char, span.end_char, suggestion)


CHECKS = (Check((CL101,), check_spun),)
