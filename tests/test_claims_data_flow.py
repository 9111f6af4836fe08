"""The claims check's cheaper data flow (issue 19) gives what the forms it replaced gave: the document's and
each sentence's product class and the candidate sentences, on texts made of the lexicon's own cue words and
claim verbs (in several inflections and cases) among ordinary words. Texts written for these tests."""

from __future__ import annotations

import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contentlint.checks.claims import analysis
from contentlint.checks.claims.analysis import _CLASS_ORDER, DocumentView, document_view, sentences
from contentlint.checks.claims.lexicon import Lexicon, lexicon
from contentlint.checks.claims.severity import ProductClass
from contentlint.config import Config
from contentlint.formats import load_bytes
from contentlint.model import Context
from contentlint.nlp import get_nlp


def _context(text: str) -> Context:
    document = load_bytes(text.encode("utf-8"), "article.txt")
    return Context(document=document, doc=get_nlp()(document.text), config=Config())


# --- the former forms ------------------------------------------------------------------------------


def _former_document_class(dv: DocumentView, lex: Lexicon) -> ProductClass:
    """Cue words counted per class as sets of strings (each token's lower-case form and lemma)."""
    pairs = dv.words(0, len(dv.arrays))
    counts = {c: sum(1 for pair in pairs if not set(pair).isdisjoint(lex.products[c.value])) for c in _CLASS_ORDER}
    if not any(counts.values()):
        return ProductClass.UNKNOWN
    return max(_CLASS_ORDER, key=lambda c: (counts[c], -_CLASS_ORDER.index(c)))


def _former_sentence_class(words: list[tuple[str, str]], lex: Lexicon, default: ProductClass) -> ProductClass:
    present = {w for pair in words for w in pair}
    return next((c for c in _CLASS_ORDER if not present.isdisjoint(lex.products[c.value])), default)


def _former_candidates(dv: DocumentView, lex: Lexicon) -> list[int]:
    sents = dv.ctx.sentences
    found = set()
    for k, (_, lemma) in enumerate(dv.words(0, len(dv.arrays))):
        if lemma in lex.verbs:
            found.add(int(numpy.searchsorted(numpy.array(sents.start), k, side="right")) - 1)
    for starts in dv.phrase_starts:
        found.update(int(numpy.searchsorted(numpy.array(sents.start_char), s, side="right")) - 1 for s in starts)
    return sorted(i for i in found if i >= 0)


def _same_as_former(text: str) -> None:
    lex = lexicon()
    dv = document_view(_context(text), lex)
    assert dv.product is _former_document_class(dv, lex)
    assert analysis._candidate_sentences(dv) == _former_candidates(dv, lex)
    doc = dv.ctx.doc
    for view in sentences(dv):
        assert view.product is _former_sentence_class(view.words, lex, dv.product), view.text
        assert view.words == [(t.lower_, t.lemma_) for t in doc[view.tokens[0] : view.tokens[1]]]


# --- texts -----------------------------------------------------------------------------------------


def _pieces() -> list[str]:
    lex = lexicon()
    cues = sorted(w for words in lex.products.values() for w in words)
    verbs = sorted(lex.verbs)
    words = [*cues[:: max(1, len(cues) // 40)], *verbs[:: max(1, len(verbs) // 25)]]
    inflected = [w + ending for w in words[::3] for ending in ("s", "ed", "ing")]
    capitals = [w.capitalize() for w in words[::4]] + [w.upper() for w in words[::7]]
    plain = ["the", "our", "this", "clinic", "skin", "results", "and", "may", "every", "week", "it", "works", "42"]
    return [*words, *inflected, *capitals, *plain, ".", ",", "!", "?", "No.", "\n\n", "-", "'s"]


PIECES = _pieces()
TEXTS = st.lists(st.sampled_from(PIECES), max_size=60).map(lambda ws: " ".join(ws))


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_classes_and_candidates_are_the_former_ones(text: str) -> None:
    _same_as_former(text)


def test_written_articles_give_the_former_classes() -> None:
    articles = [
        "Our serum calms the skin. The cream heals acne in a week! Capsules boost immunity.",
        "Microneedling treats scars. The laser device removes hair, and the clinic's procedure cures rosacea.",
        "Ibuprofen tablets relieve pain. This supplement supports joints; a gummy vitamin repairs cells.",
        "Nothing here names a product. It just talks about the weather and a long walk.",
        "",
        "Treatments. Serums! Creams? Devices.",
    ]
    for text in articles:
        _same_as_former(text)
    # The former forms can disagree with a wrong answer: a document about a serum is not left unknown.
    lex = lexicon()
    serum = next(iter(sorted(lex.products["cosmetic"])))
    dv = document_view(_context(f"The {serum} is here. Another {serum} arrives."), lex)
    assert _former_document_class(dv, lex) is ProductClass.COSMETIC is dv.product


def test_kept_names_are_the_stores_and_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from spacy.strings import StringStore

    strings = get_nlp().vocab.strings
    names = analysis._names(strings)
    key = strings.add("glow-serum-for-this-test")
    assert names[key] == "glow-serum-for-this-test" and key in names
    with pytest.raises(KeyError):
        names[12345]  # a hash the store does not know: the store's own error
    other = StringStore(["elsewhere"])
    assert analysis._names(other) is not names and analysis._names(other)[other["elsewhere"]] == "elsewhere"
    monkeypatch.setattr(analysis, "_NAMES_KEPT", 2)
    fresh = analysis._names(strings)
    for word in ("kept-name-one", "kept-name-two", "kept-name-three"):
        assert fresh[strings.add(word)] == word
    assert len(fresh) <= 2


_ENDINGS = [
    "No.", "no.", "NOS.", "noſ.", "vs.", "Vs.", "vſ.", "approx.", "APPROX.", "piano.", "casino.", "canvs.", "xno.",
    "1.", ".", "No",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["the", "serum", " ", "ſ", "no", "vs", "approx", "x", ".", "!"]), max_size=8).map("".join),
    st.sampled_from(_ENDINGS),
    st.sampled_from(["", " ", "  \n", "\n\n", "\t", "\u00a0"]),
)
def test_abbreviation_at_the_end_is_the_whole_search(head: str, ending: str, tail: str) -> None:
    sentence = head + ending + tail
    for text in (sentence, ending + tail, ending):
        whole = analysis._NUMBER_ABBREVIATION.search(text) is not None
        assert analysis._cut_after_abbreviation(text) is whole, repr(text)


def test_abbreviation_search_finds_and_refuses() -> None:
    assert analysis._cut_after_abbreviation("Ask for the No.")
    assert analysis._cut_after_abbreviation("vs. \n")
    assert not analysis._cut_after_abbreviation("He plays the piano.")
    assert not analysis._cut_after_abbreviation("No. 1 is here.")
