"""The run-in slips feature of the spin verdict (contentlint/spin/slips.py), on examples written for these tests."""

from __future__ import annotations

import pytest

from contentlint import check_text
from contentlint.spin.fluency import fluency
from contentlint.spin.signal import DocumentSpin, calibration
from contentlint.spin.slips import SLIP_PRIOR, count_slips, slip_rate, token_table_of

CLEAN_30_WORDS = (
    "Wear sunscreen every day, even when it is cloudy. Reapply it every two hours outdoors, and again "
    "after swimming. A hat and some shade help too."
)


@pytest.mark.parametrize(
    ("text", "slips"),
    [
        ("Although, the balm is thick, it spreads well.", 1),
        ("The balm is thick. Because, it lasts all day.", 1),
        ("Rinse your face.\nWhile, you dry it gently.", 1),
        ("Apply the the serum at night and keep it on on your skin.", 2),
        ("The gel is cheap. Even though, the tube is small. It travels well Since, it is light.", 1),
    ],
)
def test_slips_are_counted(text: str, slips: int) -> None:
    assert count_slips(text, token_table_of(text)) == slips


@pytest.mark.parametrize(
    "text",
    [
        "However, the balm is thick. Moreover, it lasts.",  # sentence adverbs: a register, not an error
        "It is thick, because it lasts. Also, it dries.",  # "because," inside a sentence
        "The advice that that clinic gave was what we had had in mind for a very very long time.",
        "Although the balm is thick, it spreads well.",
        "Meanwhile, the gel sets. The cream. The cream again.",  # "while," inside a word; repeats apart
        "Step 1. 1. Rinse. Rinse again.",  # numbers and words split by a full stop
        "",
    ],
)
def test_ordinary_english_is_not_a_slip(text: str) -> None:
    assert count_slips(text, token_table_of(text)) == 0


def test_a_heading_whose_last_word_opens_the_next_line_is_not_doubled() -> None:
    text = "Dry Skin\nSkin needs water every day."
    assert count_slips(text, token_table_of(text)) == 0


def test_the_features_read_the_same_slips_with_or_without_the_checks_token_table() -> None:
    text = "Although, the balm is thick. Apply it it twice."
    given = fluency(0, 9, 0.0, text, token_table_of(text))
    assert given.slips == fluency(0, 9, 0.0, text).slips == slip_rate(2, 9)


def test_the_rate_is_shrunk_on_short_texts_and_grows_with_the_slips() -> None:
    assert slip_rate(0, 0) == 0.0
    assert slip_rate(1, 5) < slip_rate(2, 5)
    assert slip_rate(1, 5) < 1000.0 / SLIP_PRIOR  # one slip in five words cannot read as one in every few words
    assert slip_rate(1, 1000) < slip_rate(1, 200)


def test_short_texts_get_no_slips_and_do_not_crash() -> None:
    for text in ("Although,", "the the", "Because, yes.", "A", CLEAN_30_WORDS):
        spin = check_text(text).spin
        assert spin is not None and spin.features["slips"] >= 0.0
    spin = check_text(CLEAN_30_WORDS).spin
    assert spin is not None and spin.features["slips"] == 0.0


def test_the_feature_is_deterministic() -> None:
    text = "Although, the cream works. Because, the the lotion soothes dry skin after a long day outdoors."
    first, second = check_text(text).spin, check_text(text).spin
    assert first is not None and second is not None
    assert first.features == second.features and first.value == second.value
    assert first.features["slips"] == slip_rate(3, 16)


def test_slips_raise_spin_and_never_lower_it() -> None:
    base = "The cream works on dry skin. The lotion soothes it after a long day outdoors in the cold wind."
    slipped = "Although, the cream works on dry skin. While, the lotion soothes it after a day outdoors in the wind."
    plain, more = check_text(base).spin, check_text(slipped).spin
    assert plain is not None and more is not None
    assert calibration().weights["slips"] >= 0
    assert more.features["slips"] > plain.features["slips"]
    rate, features = plain.rate, dict(plain.features)
    assert calibration().probability(rate, features=features | {"slips": 5.0}) >= calibration().probability(
        rate, features=features
    )


def test_the_breakdown_names_the_slips_when_they_count() -> None:
    spin = DocumentSpin(0.5, 0.01, 300, 0, 0, False, features={"slips": 20.0, "odd_words": 0.05, "breakage": 0.0})
    assert "20.0 run-in slips per 1,000 words" in spin.evidence()
    quiet = DocumentSpin(0.1, 0.01, 300, 0, 0, False, features={"slips": 0.0, "odd_words": 0.05, "breakage": 0.0})
    assert "run-in slips" not in quiet.evidence()


def test_the_study_tool_swaps_the_feature_for_each_variant() -> None:
    from tools.spin import slips_study
    from tools.spin.calibrate import Row

    text = "Although, the gel works. Apply the the gel twice. Moreover, it is cheap."
    texts = {"a": (text, token_table_of(text))}
    rows = [Row("a", True, 0.01, {"odd_words": 0.1, "breakage": 0.0, "slips": 99.0})]
    by_name = {v.name: v for v in slips_study.VARIANTS}
    assert "slips" not in slips_study.with_variant(rows, texts, by_name["without slips"])[0].features
    words = slips_study._words(texts["a"][1])
    shipped = slips_study.with_variant(rows, texts, by_name["slips as shipped"])[0].features
    assert shipped["slips"] == slip_rate(2, words) and shipped["odd_words"] == 0.1
    wider = slips_study.with_variant(rows, texts, by_name["slips and sentence-opening adverbs"])[0].features
    assert wider["slips"] == slip_rate(3, words)


def test_the_study_tool_refuses_the_evaluation_corpora(capsys: pytest.CaptureFixture[str]) -> None:
    from tools.spin import slips_study

    with pytest.raises(SystemExit):
        slips_study.main(["--spun", "/work/shared/corpus/dev2/spun", "--clean", "training/clean"])
    assert "evaluation sets" in capsys.readouterr().err


def test_a_name_written_twice_is_not_a_slip() -> None:
    from contentlint.spin.slips import doubled_words, token_table_of

    for text, slips in (
        ("We ate at Doot Doot Doot, the hotel's restaurant.", 0),
        ("Fly to Bora Bora in May.", 0),
        ("The the cream works.", 1),  # a slip at a sentence start keeps one small letter
        ("Apply the the cream twice.", 1),
    ):
        assert doubled_words(token_table_of(text), text) == slips, text
