"""Several documents scored in one batch (detector.score_documents, Linter's batches) give each document
exactly what scoring it alone gives: the batch is a speed-up, never a change of result."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy
import pytest
from hypothesis import given
from hypothesis import strategies as st

from contentlint.api import Linter
from contentlint.checks.spun import SCORED_WORDS
from contentlint.config import Config
from contentlint.formats import load_string
from contentlint.nlp import get_nlp
from contentlint.spin import detector
from contentlint.spin.detector import DocumentCandidates, score_documents, score_words
from contentlint.spin.resources import language_model, thesaurus_index

FIXTURES = Path(__file__).parent / "fixtures" / "spin"
ARRAYS = "token start end at fit rarity repeats topical sizes starts features gains wid form_ids".split()


def _texts() -> list[str]:
    """Fixture articles, cut into pieces of a few sentences (the short pages batching is for), with a
    document without scoreable words and an empty one among them."""
    texts = []
    for path in sorted(FIXTURES.glob("*/*.txt")):
        paragraphs = [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        texts += ["\n\n".join(paragraphs[k : k + 3]) for k in range(0, len(paragraphs), 3)]
    texts.insert(2, "1 2 3 ...")
    texts.insert(5, "")
    # The same paragraph in two documents: its windows are alike, but each document keeps its own.
    texts.append(texts[0])
    return texts


@pytest.fixture(scope="module")
def docs() -> list[tuple[object, str]]:
    nlp = get_nlp()
    return [(nlp(text), text) for text in _texts()]


def _equal(a: DocumentCandidates, b: DocumentCandidates) -> bool:
    same = all(
        getattr(a, name).dtype == getattr(b, name).dtype and numpy.array_equal(getattr(a, name), getattr(b, name))
        for name in ARRAYS
    )
    return same and a.stream.words == b.stream.words and list(a.stream.ids) == list(b.stream.ids)


@pytest.mark.parametrize("batch_words", [1000, 60])
def test_documents_scored_together_are_scored_as_alone(
    docs: list,  # type: ignore[type-arg]
    batch_words: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """In one call, and in runs of a few documents (each run's first document in its own place)."""
    index, lm = thesaurus_index(), language_model()
    alone = [score_words(doc, index, lm, text, estimate=True) for doc, text in docs]
    assert sum(len(a) > 0 for a in alone) >= 10 and any(len(a) == 0 for a in alone)
    assert sum(len(a) for a in alone) < 1000  # the default: one run
    monkeypatch.setattr(detector, "BATCH_WORDS", batch_words)
    together = score_documents(docs, index, lm, estimate=True)
    assert len(together) == len(docs)
    assert [k for k, (a, b) in enumerate(zip(alone, together, strict=True)) if not _equal(a, b)] == []


def test_a_split_off_by_one_document_is_seen(docs: list) -> None:  # type: ignore[type-arg]
    """The comparison above can fail: neighbouring documents' scores differ."""
    index, lm = thesaurus_index(), language_model()
    together = score_documents(docs, index, lm, estimate=True)
    live = [t for t in together if len(t)]
    assert not any(_equal(a, b) for a, b in itertools.pairwise(live))


def test_object_views_of_a_batch_document(docs: list) -> None:  # type: ignore[type-arg]
    """A document's words from a batch are the words of its own text, with its own stream."""
    index, lm = thesaurus_index(), language_model()
    for (_, text), scored in zip(docs, score_documents(docs, index, lm, estimate=True), strict=True):
        for k in range(len(scored)):
            item = scored.item(k)
            assert item.word == text[item.start : item.end].lower() == scored.word(k)
            a = int(scored.starts[k])
            assert item.features.tolist() == scored.features[a : a + int(scored.sizes[k])].tolist()


def test_batches_are_deterministic(docs: list) -> None:  # type: ignore[type-arg]
    index, lm = thesaurus_index(), language_model()
    first = score_documents(docs[:7], index, lm, estimate=True)
    second = score_documents(docs[:7], index, lm, estimate=True)
    assert all(_equal(a, b) for a, b in zip(first, second, strict=True))


def test_one_or_no_document() -> None:
    index, lm = thesaurus_index(), language_model()
    assert score_documents([], index, lm, estimate=True) == []
    text = (FIXTURES / "spun" / "winter-lips.txt").read_text(encoding="utf-8")
    doc = get_nlp()(text)
    (one,) = score_documents([(doc, text)], index, lm, estimate=True)
    assert _equal(one, score_words(doc, index, lm, text, estimate=True))


@pytest.mark.parametrize("select", [None, ("CL", "CL102")])
def test_linter_batches_report_what_single_checks_report(select: tuple[str, ...] | None) -> None:
    """Findings and the unrounded document spin, batch against one document at a time."""
    config = Config() if select is None else Config().replace(select=select)
    linter = Linter(config)
    documents = [load_string(text, f"doc{k}.txt") for k, text in enumerate(_texts())]
    batched = list(linter.lint_documents(documents, batch_size=8))
    alone = [linter.lint_document(document) for document in documents]
    assert [repr(r.findings) for r in batched] == [repr(r.findings) for r in alone]
    assert [repr(r.spin) for r in batched] == [repr(r.spin) for r in alone]
    assert any(r.spin is not None and r.spin.scored_words > 0 for r in batched)


def test_a_prepared_analysis_is_used() -> None:
    """Linter.lint_document takes the batch's analyses rather than computing them again."""
    document = load_string("Allow's check out the conveniences of microneedling.", "x.txt")
    doc = get_nlp()(document.text)
    empty = DocumentCandidates.empty(language_model())
    report = Linter(Config()).lint_document(document, doc, analyses={SCORED_WORDS.name: empty})
    assert report.spin is not None and report.spin.scored_words == 0
    assert Linter(Config()).lint_document(document, doc).spin.scored_words > 0  # type: ignore[union-attr]


@given(st.lists(st.tuples(st.integers(0, 2), *[st.integers(-1, 3)] * 6), min_size=1, max_size=40))
def test_distinct_windows_of_groups(rows: list[tuple[int, ...]]) -> None:
    """With groups, rows are alike only within their group: numpy.unique of (group, row)."""
    from contentlint.spin.detector import _distinct_rows

    whole = numpy.array(rows, dtype="int64")
    first, inverse = _distinct_rows(whole[:, 1:], whole[:, 0])
    assert whole[first][inverse].tolist() == whole.tolist()
    assert len(first) == len(numpy.unique(whole, axis=0))
