"""The document spin verdict with the default rules, and what it does to the score.

The articles are the hand-written ones of tests/fixtures/spin/: clean originals and the same articles spun by
hand (spun/, with the spun phrases and their originals in NAME.json).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contentlint import check_text
from contentlint.score import SPIN_LEAD, spin_penalty
from contentlint.spin.signal import calibration, spin_value

FIXTURES = Path(__file__).parent / "fixtures" / "spin"
NAMES = ["winter-lips", "running-shoes"]


def _text(kind: str, name: str) -> str:
    return (FIXTURES / kind / f"{name}.txt").read_text(encoding="utf-8")


def _gold(name: str) -> list[dict[str, str]]:
    data: list[dict[str, str]] = json.loads((FIXTURES / "spun" / f"{name}.json").read_text(encoding="utf-8"))[
        "spun_phrases"
    ]
    return data


def _spin(text: str) -> float:
    spin = check_text(text).spin
    assert spin is not None
    return spin.value


@pytest.mark.parametrize("name", NAMES)
def test_spun_article_has_more_spin_and_a_lower_score_than_its_original(name: str) -> None:
    spun, clean = check_text(_text("spun", name)), check_text(_text("clean", name))
    assert spun.spin is not None and clean.spin is not None and spun.score is not None and clean.score is not None
    # spin is a probability at the calibration's base rate: the spun article's evidence must point towards spin
    # and the original's away from it (a hand-made spin without any spinner's wording rests on the detector)
    assert spun.spin.value > calibration().base_rate > clean.spin.value
    assert spun.score.value < clean.score.value
    # under the base rate the verdict takes at most the lead that orders finding-free articles
    assert clean.score.breakdown()["spin"]["penalty"] <= 100.0 * SPIN_LEAD
    assert spun.score.breakdown()["spin"]["penalty"] == spin_penalty(spun.spin.value) > 0.0


def test_short_clean_text_has_no_spin() -> None:
    text = (
        "Wear sunscreen every day, even when it is cloudy. Reapply it every two hours outdoors, and again "
        "after swimming. A hat and some shade help too."
    )
    assert len(text.split()) <= 30
    # No more than a document whose rate is at the floor, and near 0: its document features shrink to
    # nothing on 30 words, which reads as less spun than an ordinary article.
    assert _spin(text) <= spin_value(0.0, False)
    assert _spin(text) < calibration().base_rate / 5


@pytest.mark.parametrize("text", ["", "Hi.", "Skin.", "12 34 56", "A\n\nB\n\nC", "Ölçü ☃ 🙂 naïve café"])
def test_tiny_and_odd_texts_do_not_crash(text: str) -> None:
    value = _spin(text)
    assert 0.0 <= value <= spin_value(0.0, False)


def test_verdict_is_deterministic() -> None:
    text = _text("spun", "winter-lips")
    first, second = check_text(text), check_text(text)
    assert first.spin == second.spin and first.score == second.score


def _repaired(name: str, chosen: list[dict[str, str]]) -> str:
    repaired = _text("spun", name)
    for item in sorted(chosen, key=lambda g: -len(g["text"])):  # longer phrases first: some contain others
        repaired = repaired.replace(item["text"], item["original"])
    return repaired


# Exact monotonicity does not hold end to end, on main before the fluency features either: the rate is a
# share of the scored words, and the detector judges a word by its context, so repairing "roadway footwear"
# makes another "footwear" of the article look more like a substitute (its original now occurs in the
# article), and dropping the extra word of "completely dry" raises the share of the others. Measured on
# the two fixtures: single repairs raise spin by at most 0.09 (0.07 before the features). spin itself is
# monotone in every piece of evidence (tests/test_spin_calibration.py).
REPAIR_SLACK = 0.1


@settings(max_examples=12)
@given(st.data())
def test_spin_does_not_rise_when_spun_phrases_get_their_originals_back(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(NAMES))
    gold = _gold(name)
    chosen = data.draw(st.lists(st.sampled_from(gold), min_size=1, unique_by=lambda g: g["text"]))
    assert _spin(_repaired(name, chosen)) <= _spin(_text("spun", name)) + REPAIR_SLACK


@pytest.mark.parametrize("name", NAMES)
def test_repairing_one_phrase_lowers_spin_on_average(name: str) -> None:
    before = _spin(_text("spun", name))
    changes = [_spin(_repaired(name, [item])) - before for item in _gold(name)]
    assert sum(changes) / len(changes) < 0.0
    # half the gold repaired at once: the evidence left is clearly less
    half = _gold(name)[::2]
    assert _spin(_repaired(name, half)) < before


@pytest.mark.parametrize("name", NAMES)
def test_all_originals_back_leaves_little_spin(name: str) -> None:
    repaired = _text("spun", name)
    for item in sorted(_gold(name), key=lambda g: -len(g["text"])):
        repaired = repaired.replace(item["text"], item["original"])
    assert _spin(repaired) < 0.1 < _spin(_text("spun", name))


# -- the document-level features (our own sentences) ---------------------------------------------------


def test_grammar_breaks_spinners_leave_are_counted() -> None:
    def grammar_breaks(text: str) -> int:
        spin = check_text(text).spin
        assert spin is not None
        return spin.breaks

    assert grammar_breaks("It is a extremely gentle cleanser for the your skin.") == 2
    assert grammar_breaks("Brush the teeth of yours twice and the today's routine is done.") == 2
    assert grammar_breaks("Wait an hour, then use a unique serum; a one-off peel is an option.") == 0
    assert grammar_breaks("Vitamin A is an antioxidant. A Extremely Bold Title. I read an FDA page.") == 0


def test_document_features_shrink_to_nothing_on_a_short_clean_text() -> None:
    text = (
        "Wear sunscreen every day, even when it is cloudy. Reapply it every two hours outdoors, and again "
        "after swimming. A hat and some shade help too."
    )
    spin = check_text(text).spin
    assert spin is not None
    assert spin.features["breakage"] == 0.0 and spin.features["odd_words"] < 0.1
    assert spin.breaks == 0


def test_the_verdict_reports_its_features() -> None:
    spin = check_text(_text("spun", "winter-lips")).spin
    assert spin is not None and set(spin.features) == {"odd_words", "breakage", "slips", "wording"}
    assert spin.to_json()["features"] == {k: round(v, 3) for k, v in spin.features.items()}


def test_odd_words_are_judged_without_the_documents_own_vocabulary() -> None:
    from contentlint.nlp import get_nlp
    from contentlint.spin.detector import CANDIDATE_FEATURES, candidates, load_weights
    from contentlint.spin.fluency import DOCUMENT_FEATURE, document_blind_logits
    from contentlint.spin.resources import language_model, thesaurus_index

    text = _text("spun", "running-shoes")
    weights = load_weights()
    items = list(candidates(get_nlp()(text), thesaurus_index(), language_model(), text, estimate=True))
    column = CANDIDATE_FEATURES.index(DOCUMENT_FEATURE)
    assert weights.candidate[column] != 0.0 and any(item.features[:, column].any() for item in items)
    flipped = []
    for item in items:
        copy = dataclasses.replace(item, features=item.features.copy())
        copy.features[:, column] = 1.0 - copy.features[:, column]
        flipped.append(copy)
    # The detector's own log-odds read the feature; the odd-word share's do not.
    assert not numpy.allclose(weights.logits(items), weights.logits(flipped))
    assert numpy.allclose(document_blind_logits(weights, items), document_blind_logits(weights, flipped))
