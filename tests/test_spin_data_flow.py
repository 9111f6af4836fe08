"""The spin verdict's data flow (issue 19): work shared instead of repeated gives what the repeated work gave.
Texts written for these tests."""

from __future__ import annotations

import pytest

from contentlint import check_text
from contentlint.checks import boilerplate, spun
from contentlint.spin import fluency
from contentlint.spin.detector import load_weights

ARTICLE = (
    "Caring For Dry Skin\n\nDeveloped By-Ann Lee\n\nMoisturisers keep skin soft. Allow's check out the science behind "
    "it, since every skin kind reacts in its own way.\n"
)


def test_bylines_are_found_once_and_read_by_every_user(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    found = boilerplate.spun_bylines

    def counted(ctx: object) -> object:
        calls.append(ctx)
        return found(ctx)  # type: ignore[arg-type]

    monkeypatch.setattr(boilerplate, "spun_bylines", counted)
    report = check_text(ARTICLE, path="a.txt")
    assert len(calls) == 1
    assert report.spin is not None and report.spin.byline
    verbs = [f for f in report.findings if f.rule == "CL101" and f.text.startswith("Developed")]
    assert [f.suggestion for f in verbs] == ["Written By"]


def test_no_byline_is_no_byline() -> None:
    report = check_text(ARTICLE.replace("Developed By-Ann Lee\n\n", ""), path="a.txt")
    assert report.spin is not None and not report.spin.byline


def test_the_document_blind_weights_are_made_once_and_are_the_plain_ones() -> None:
    weights = load_weights()
    blind = fluency._blind(weights)
    assert blind is fluency._blind(weights)
    assert blind == weights.without(fluency.DOCUMENT_FEATURE, fluency.TOPIC_FEATURE) != weights


def test_byline_analysis_is_the_plain_search() -> None:
    from contentlint.config import Config
    from contentlint.formats import load_bytes
    from contentlint.model import Context
    from contentlint.nlp import get_nlp

    document = load_bytes(ARTICLE.encode(), "a.txt")
    ctx = Context(document=document, doc=get_nlp()(document.text), config=Config())
    assert ctx.analysis(spun.BYLINES) == tuple(boilerplate.spun_bylines(ctx)) != ()


def test_phrasebook_offsets_are_the_tokens_own() -> None:
    """Hits at the first token, after "a"/"an", and one after another: each offset is its token's."""
    from contentlint.config import Config
    from contentlint.formats import load_bytes
    from contentlint.model import Context
    from contentlint.nlp import get_nlp

    text = (
        "Allow's check out the science. It offers an extra collagen manufacturing boost, and a skin kind test; "
        "sun direct exposure ages skin kinds.\n\nAllow's begin."
    )
    document = load_bytes(text.encode(), "a.txt")
    ctx = Context(document=document, doc=get_nlp()(document.text), config=Config())
    book = spun._phrasebook(ctx.config.model, spun.PHRASEBOOK, spun.MINED)
    matches = spun._matches(ctx, book)
    hits = spun._phrasebook_hits(ctx)
    assert len(hits) == len(matches) >= 4 and matches[0][0] == 0
    for hit, (start, end, _) in zip(hits, matches, strict=True):
        span = ctx.doc[start:end]
        assert (hit.start, hit.end) == (span.start_char, span.end_char)
        assert hit.fix is not None and hit.fix.end == span.end_char
        assert hit.fix.start in (span.start_char, ctx.doc[start - 1].idx if start else -1)


SPUN = (
    "Did you comprehend that a good serum can considerably improve your skin? This ingenious product motivates your "
    "body to create crucial proteins. What can you anticipate from the experience? You will locate that the outcomes "
    "are obtainable to everybody, and you can likewise obtain them at home. Comprehending the procedure can expose "
    "why so many people select it. The outcomes of this ingenious serum are obtainable, and you can anticipate them."
)


def test_strongest_words_judged_once_with_cl102(monkeypatch: pytest.MonkeyPatch) -> None:
    """With CL102's findings selected, the verdict's strongest words reuse CL102's judgement of them: the same
    words and originals as judging them again, with fewer words judged."""
    from contentlint.config import Config
    from contentlint.spin.detector import DocumentCandidates

    config = Config(select=("CL", "CL102"))
    judged: list[int] = []
    exact = DocumentCandidates.exact

    def counted(self: DocumentCandidates, words: list[int]) -> object:
        judged.append(len(words))
        return exact(self, words)

    monkeypatch.setattr(DocumentCandidates, "exact", counted)
    shared = check_text(SPUN, path="a.txt", config=config)
    shared_count = sum(judged)
    judged.clear()
    strongest = spun._strongest
    monkeypatch.setattr(spun, "_strongest", lambda items, probs, weights, _=None, n=3: strongest(items, probs, weights))
    again = check_text(SPUN, path="a.txt", config=config)
    assert shared.spin is not None and again.spin is not None
    assert shared.spin.strongest and shared.spin.strongest == again.spin.strongest
    assert shared.spin.to_json() == again.spin.to_json()
    assert shared_count < sum(judged)
