"""The verdict's data flow (issue 19, round 4): the log-odds made for runs of documents at once, and the kept words
read as rows of the document's candidates, give what the former forms gave (one document's log-odds after
DocumentCandidates.take), to the bit."""

from __future__ import annotations

from pathlib import Path

import numpy
import pytest

from contentlint.checks import spun
from contentlint.nlp import get_nlp
from contentlint.spin.detector import DocumentCandidates, load_weights, score_documents
from contentlint.spin.fluency import document_blind_logits, rate_logits
from contentlint.spin.resources import language_model, thesaurus_index

FIXTURES = Path(__file__).parent / "fixtures" / "spin"


@pytest.fixture(scope="module")
def candidates() -> list[DocumentCandidates]:
    """Fixture articles cut into pieces of two paragraphs, an empty document and one without scoreable words."""
    texts = []
    for path in sorted(FIXTURES.glob("*/*.txt")):
        paragraphs = [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        texts += ["\n\n".join(paragraphs[k : k + 2]) for k in range(0, len(paragraphs), 2)]
    texts[1:1] = ["", "12 34 ..."]
    nlp = get_nlp()
    pairs = [(nlp(text), text) for text in texts]
    return score_documents(pairs, thesaurus_index(), language_model(), estimate=True)


def _former(c: DocumentCandidates) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    weights = load_weights()
    logits = weights.logits(c)
    return logits, rate_logits(weights, c, logits), document_blind_logits(weights, c)


@pytest.mark.parametrize("run_words", [1000, 50, 0])
def test_log_odds_of_runs_are_each_documents_own(
    candidates: list[DocumentCandidates], run_words: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runs of every length (0: one document a run) give each document its own three log-odds, bit for bit."""
    from contentlint.spin import detector

    monkeypatch.setattr(detector, "BATCH_WORDS", run_words)
    scored = spun._with_log_odds(candidates)
    assert len(scored) == len(candidates) and sum(len(c) > 0 for c in candidates) > 3
    for c, s in zip(candidates, scored, strict=True):
        assert s.candidates is c
        for new, former in zip((s.logits, s.prior, s.blind), _former(c), strict=True):
            assert new.shape == former.shape and new.tobytes() == former.tobytes()
    assert spun._with_log_odds([]) == []


def test_kept_rows_read_as_the_taken_candidates(candidates: list[DocumentCandidates]) -> None:
    """_Kept (rows of the candidates) against DocumentCandidates.take (the former copy), twice narrowed as the
    verdict narrows it (phrase-list hits, then spinner variants)."""
    rng = numpy.random.default_rng(19)
    c = max(candidates, key=len)
    (scored,) = spun._with_log_odds([c])
    first = rng.random(len(c)) < 0.8
    once, taken_once = spun._Kept.of(scored, first), c.take(numpy.flatnonzero(first))
    second = rng.random(len(taken_once)) < 0.7
    twice, taken_twice = once.keeping(second), taken_once.take(numpy.flatnonzero(second))
    for kept, taken in ((once, taken_once), (twice, taken_twice)):
        assert len(kept) == len(taken)
        for new, former in zip((kept.logits, kept.prior, kept.blind), _former(taken), strict=True):
            assert new.tobytes() == former.tobytes()
        assert kept.start.tolist() == taken.start.tolist() and kept.end.tolist() == taken.end.tolist()
        assert [kept.word(k) for k in range(len(kept))] == [taken.word(k) for k in range(len(taken))]
        some = [0, len(kept) // 2, len(kept) - 1]
        assert [load_weights().logit(i) for i in kept.exact(some)] == [
            load_weights().logit(i) for i in taken.exact(some)
        ]
        assert [(i.word, i.start, i.forms) for i in kept] == [(i.word, i.start, i.forms) for i in taken]


def test_every_word_kept_is_the_scored_words_themselves(candidates: list[DocumentCandidates]) -> None:
    c = max(candidates, key=len)
    (scored,) = spun._with_log_odds([c])
    kept = spun._Kept.of(scored, numpy.ones(len(c), dtype=bool))
    assert kept.rows is None and kept.logits is scored.logits and kept.start is c.start
    assert kept.keeping(numpy.ones(len(c), dtype=bool)) is kept


def test_a_batch_of_documents_keeps_its_batched_analysis() -> None:
    """The linter falls back to one document at a time when the batched analysis raises (a broken document must
    not stop a run), which hides a batch path that always fails: it must give every document its words."""
    from contentlint.api import _batch_analyses
    from contentlint.config import Config
    from contentlint.formats import load_string

    texts = [path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("*/*.txt"))[:6]]
    batch = [(load_string(text, f"doc{k}.txt"), Config()) for k, text in enumerate(texts)]
    nlp = get_nlp()
    docs = {k: nlp(document.text) for k, (document, _) in enumerate(batch)}
    prepared = _batch_analyses(batch, docs)
    assert sorted(prepared) == list(range(len(texts)))
    assert all(spun.SCORED_WORDS.name in analyses for analyses in prepared.values())
