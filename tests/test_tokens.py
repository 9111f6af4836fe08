"""The shared token table holds what each check's own ``Doc.to_array`` call read."""

from __future__ import annotations

from spacy.attrs import IDX, IS_ALPHA, LEMMA, LENGTH, LIKE_NUM, LOWER

from contentlint.checks.tokens import (
    ALPHA_OR_NUMBER,
    COLUMNS,
    IDX_LENGTH,
    IS_ALPHA_COLUMN,
    LIKE_NUM_COLUMN,
    LOWER_COLUMN,
    LOWER_LEMMA_IDX_LENGTH,
    token_table,
)
from contentlint.config import Config
from contentlint.formats import load_string
from contentlint.model import Context
from contentlint.nlp import get_nlp


def _context(text: str) -> Context:
    document = load_string(text, "t.txt")
    return Context(document=document, doc=get_nlp()(document.text), config=Config())


def test_the_table_has_each_attribute_in_its_column() -> None:
    ctx = _context("Twenty-one serums, 3 creams and half a jar cost £40 in 2024. Marks fade!\n\nA new line.")
    table = token_table(ctx)
    assert table is token_table(ctx)  # one read per document
    assert table.tolist() == ctx.doc.to_array(list(COLUMNS)).tolist()
    assert table[:, LOWER_LEMMA_IDX_LENGTH].tolist() == ctx.doc.to_array([LOWER, LEMMA, IDX, LENGTH]).tolist()
    assert table[:, IDX_LENGTH].tolist() == ctx.doc.to_array([IDX, LENGTH]).tolist()
    assert table[:, ALPHA_OR_NUMBER].tolist() == ctx.doc.to_array([IS_ALPHA, LIKE_NUM]).tolist()
    assert table[:, LOWER_COLUMN].tolist() == ctx.doc.to_array(LOWER).tolist()
    assert table[:, IS_ALPHA_COLUMN].tolist() == ctx.doc.to_array(IS_ALPHA).tolist()
    assert table[:, LIKE_NUM_COLUMN].tolist() == ctx.doc.to_array(LIKE_NUM).tolist()
    assert int(table[:, LIKE_NUM_COLUMN].sum()) >= 3  # "3", "40", "2024": the text exercises the column


def test_an_empty_document_has_an_empty_table() -> None:
    table = token_table(_context(""))
    assert table.shape == (0, len(COLUMNS))
    assert int(table[:, IS_ALPHA_COLUMN].sum()) == 0


def test_the_word_count_reads_the_table_as_it_read_the_doc() -> None:
    from contentlint.api import _words

    ctx = _context("Two serums, 3 jars and £40 -- gone!")
    assert _words(ctx.doc, token_table(ctx)) == _words(ctx.doc) == 7  # Two serums 3 jars and 40 gone
    assert _words(get_nlp()(""), None) == 0


def test_the_doc_table_holds_what_each_former_call_read() -> None:
    """The sentences' bounds, the checks' table and the spin detector's columns were three ``to_array`` calls;
    the one shared table must give each of them the same numbers (uint64, as a call of several columns)."""
    from spacy.attrs import IS_PUNCT, IS_SPACE, IS_TITLE, IS_UPPER, SENT_START, SPACY

    from contentlint.nlp import (
        TABLE_COLUMNS,
        TABLE_DETECTOR,
        TABLE_IDX,
        TABLE_LENGTH,
        TABLE_SENT_START,
        Sentences,
        doc_table,
    )
    from contentlint.spin.detector import _ALL_COLUMNS

    doc = get_nlp()("Odd Tea, 12 cups.  A NEW jar!\n\nIt fades (slowly) and   then -- gone? Yes.")
    table = doc_table(doc)
    assert table is doc_table(doc)  # read once, kept with the Doc
    assert table.dtype == "uint64"
    assert table.tolist() == doc.to_array(list(TABLE_COLUMNS)).tolist()
    assert table[:, :TABLE_DETECTOR].tolist() == doc.to_array(_ALL_COLUMNS).tolist()
    assert _ALL_COLUMNS == [LOWER, IS_ALPHA, IS_TITLE, IS_UPPER, SENT_START, IS_PUNCT, IS_SPACE, IDX, LENGTH, SPACY]
    former = doc.to_array([SENT_START, IDX, LENGTH]).tolist()
    assert table[:, [TABLE_SENT_START, TABLE_IDX, TABLE_LENGTH]].tolist() == former
    sentences = Sentences(doc)
    assert [doc[a:b].text for a, b in zip(sentences.start, sentences.end, strict=True)] == [s.text for s in doc.sents]
    assert sentences.start_char == [s.start_char for s in doc.sents]
    assert sentences.end_char == [s.end_char for s in doc.sents]
    assert len(sentences) >= 4  # the text exercises several sentences


def test_the_doc_table_of_an_empty_doc() -> None:
    from contentlint.nlp import TABLE_COLUMNS, Sentences, doc_table

    doc = get_nlp()("")
    assert doc_table(doc).shape == (0, len(TABLE_COLUMNS))
    assert len(Sentences(doc)) == 0
