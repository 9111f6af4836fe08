"""The pipeline: lemmas always resolve to strings, sentences break at blank lines like spaCy's sentencizer."""

from __future__ import annotations

import spacy

from contentlint.nlp import get_nlp

from .conftest import sample_paths


def test_every_lemma_resolves_to_a_string() -> None:
    # "mark" is one of spaCy's built-in symbols: its id is not the hash of the string.
    nlp = get_nlp()
    text = "Stretch marks, marked nouns, verbs, subjects and objects. " + " ".join(
        p.read_text(encoding="utf-8") for p in sample_paths()
    )
    doc = nlp(text)
    assert all(isinstance(t.lemma_, str) and t.lemma_ for t in doc if not t.is_space)
    assert [t.lemma_ for t in nlp("Stretch marks")] == ["stretch", "mark"]


def test_sentences_match_spacys_sentencizer_and_break_at_blank_lines() -> None:
    reference = spacy.blank("en")
    reference.add_pipe("sentencizer")
    text = 'Hello there. How are you?! I am fine...  "Quoted." Next one (see [3].) Yes'
    assert [s.text for s in get_nlp()(text).sents] == [s.text for s in reference(text).sents]
    assert [s.text.strip() for s in get_nlp()("Heading Here\n\nFirst sentence. Second").sents] == [
        "Heading Here",
        "First sentence.",
        "Second",
    ]


def test_a_batch_through_pipe_marks_what_each_document_alone_gets() -> None:
    # The components work on a batch's arrays joined: a sentence start or lemma must never leak across the
    # documents' seams (a final stop at one's end, a blank line or a word at the next one's start).
    from spacy.attrs import LEMMA, SENT_START

    texts = [
        "It ends with a stop.",
        "",
        "Starts here and runs on\n\nafter a blank line. Then (another.) Marks were made",
        "\n\nLeading blank lines. Stretch marks?",
        ". . .",
        '"Quoted." next word',
        "No stop at all",
        "   ",
        "Hello there. How are you?! I am fine...  \"Quoted.\" Next one (see [3].) Yes",
    ]
    nlp = get_nlp()
    alone = [nlp(t).to_array([SENT_START, LEMMA]).tolist() for t in texts]
    for size in (1, 2, 3, len(texts)):
        batched = [d.to_array([SENT_START, LEMMA]).tolist() for d in nlp.pipe(texts, batch_size=size)]
        assert batched == alone
    # The batch path is the one taken: each component has its own pipe().
    assert all(hasattr(component, "pipe") for _, component in nlp.pipeline)


def test_lemmas_are_the_lookup_tables_entry_for_each_lower_cased_token() -> None:
    # Each distinct form is looked up once per batch: every token must still get its own form's lemma.
    from spacy.lookups import load_lookups

    table = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
    texts = [
        "Marks and marks; MARKS were marked. Running runs ran, geese and Geese flew over the zzyqx fields.",
        "The fields were running, the geese flew: marks, marked, marking and an unknownword, zzyqx again.",
        "",
        "Was was WAS been being is are",
    ]
    for doc in get_nlp().pipe(texts, batch_size=len(texts)):
        assert [t.lemma_ for t in doc] == [table.get(t.lower_, t.lower_) for t in doc]


def test_unique_sorted_is_numpys_unique() -> None:
    import numpy

    from contentlint.nlp import unique_sorted

    rng = numpy.random.default_rng(3)
    for dtype in ("int64", "uint64", "int8"):
        for size in (0, 1, 2, 50, 5000):
            values = rng.integers(-3 if dtype != "uint64" else 0, 40, size=size).astype(dtype)
            got, expected = unique_sorted(values), numpy.unique(values)
            assert got.dtype == expected.dtype and got.tolist() == expected.tolist()
    big = numpy.array([2**64 - 1, 0, 2**63, 2**64 - 1], dtype="uint64")
    assert unique_sorted(big).tolist() == numpy.unique(big).tolist()
