"""The claims check scans a candidate sentence for claim phrases only where the document's own scan found a match
overlapping it (DocumentView.phrase_free): tested against scanning every span, and the assertions of the claim
phrases the gate's reasoning relies on kept listed."""

from __future__ import annotations

import re

import pytest

from contentlint.checks.claims.analysis import DocumentView, document_view, sentences
from contentlint.checks.claims.lexicon import lexicon
from contentlint.config import Config
from contentlint.formats import load_string
from contentlint.model import Context
from contentlint.nlp import get_nlp

# Our own sentences, with claim phrases at sentence edges, phrases running over a sentence end, a look-ahead's
# words after a sentence that ends in a word, and none at all.
TEXTS = (
    "Our serum gives permanent results. It is clinically proven, and dermatologists recommend it.\n\n"
    "Try these natural remedies\nmanagers love them. The cream works in 3 days.",
    "The FDA said. Our gel is safe and effective for everyone. Nothing here is 100 %\nsure.",
    "My skin cleared. After two weeks it glowed! The remedies managers picked were the best serum for you.",
    "A calm walk helps. Water is good. Sleep well; eat greens. Guaranteed.Results vary for all.",
    "Instantly smoother skin? No side effects at all. It is the most effective cream, number one in the world.",
    # word characters at a span's edges: a phrase inside a longer word, and a look-ahead's words after the span
    "Plain words_permanent results here. Ask the best remedies managers today. It is permanent_ok.",
)


def _view(text: str) -> DocumentView:
    document = load_string(text, "gate.txt")
    ctx = Context(document=document, doc=get_nlp()(document.text), config=Config())
    return document_view(ctx, lexicon())


def _bounds(text: str) -> list[int]:
    """Where a sentence may start or end: the text's ends and every place next to a non-word character."""
    return sorted(
        {0, len(text)} | {k for k in range(1, len(text)) if not (text[k - 1].isalnum() and text[k].isalnum())}
    )


@pytest.mark.parametrize("text", TEXTS)
def test_a_span_the_gate_passes_over_has_no_claim_phrase(text: str) -> None:
    dv = _view(text)
    text = dv.ctx.text
    phrases = dv.lex.claim_phrases
    bounds = _bounds(text)
    skipped = 0
    for i, a in enumerate(bounds):
        for b in bounds[i + 1 :]:
            if dv.phrase_free(a, b):
                skipped += 1
                assert all(not found for found in phrases.finditer(text[a:b], text[a:b].lower())), (a, b)
    assert skipped > 0


@pytest.mark.parametrize("text", TEXTS)
def test_each_candidate_sentence_gets_what_its_own_scan_finds(text: str) -> None:
    dv = _view(text)
    phrases = dv.lex.claim_phrases
    for view in sentences(dv):
        own = phrases.finditer(view.text, view.low)
        gated = [view.phrase_matches[p] for p in phrases.patterns]
        assert [[m.span() for m in found] for found in gated] == [[m.span() for m in found] for found in own]


def test_the_gate_is_off_where_lower_case_changes_the_length() -> None:
    dv = _view("İstanbul clinics promise permanent results. Plain words here.")
    assert dv.low is None and dv.phrase_reach is None and not dv.phrase_free(0, 10)


# The look-arounds of the claim phrases, as phrase_free's docstring lists them: a positive look-ahead, a negative
# look-ahead just after a word boundary and the never-matching (?!). Another kind needs the gate's reasoning again.
_LOOK_AROUND = re.compile(r"\(\?(?:<?[=!])")
_KNOWN = re.compile(r"\(\?=\.\*|\\b\(\?! |\(\?!\)")


def test_the_claim_phrases_hold_only_the_assertions_the_gate_allows_for() -> None:
    for pattern in lexicon().claim_phrases.patterns:
        text = pattern.pattern
        assert not re.search(r"(?<!\\)[\^$]|\\[ABZ]", text.replace("[^", "[")), text[:80]
        for m in _LOOK_AROUND.finditer(text):
            at = m.start()
            assert _KNOWN.match(text, at) or _KNOWN.match(text, at - 2), text[max(0, at - 40) : at + 40]


# Sentences with claim verbs and no claim phrase, and with one.
DETECTOR_TEXTS = (
    "This serum improves your skin and reduces redness. Our cream heals acne fast. It boosts collagen.",
    "The gel is clinically proven and works for everyone. Results are permanent. 90% of users saw smoother skin.",
    "Treatment helps. The clinic treats patients gently. Brushing reverses early gum disease in weeks.",
)


def test_no_phrase_detector_reports_in_a_sentence_without_claim_phrases(monkeypatch: pytest.MonkeyPatch) -> None:
    """sentence_claims skips the phrase detectors where no claim phrase matches: each reports only at a match of
    a claim phrase pattern (in such a sentence, the patterns they ask for are all claim phrases)."""
    from contentlint.checks.claims import phrases

    asked: list[object] = []
    matches = phrases._matches

    def recorded(pattern: object, view: object) -> object:
        asked.append(pattern)
        return matches(pattern, view)  # type: ignore[arg-type]

    monkeypatch.setattr(phrases, "_matches", recorded)
    free = reported = 0
    for text in DETECTOR_TEXTS:
        dv = _view(text)
        for view in sentences(dv):
            asked.clear()
            found = [c for detect in phrases.DETECTORS for c in detect(view, dv.lex, [])]
            reported += len(found)
            if not any(view.phrase_matches.values()):
                free += 1
                assert found == []
                # (in a sentence with a claim phrase, the detectors also read their exclusion patterns)
                assert asked and all(p in dv.lex.claim_phrases.patterns for p in asked)
    assert free > 0 and reported > 0
