"""Spun phrases: spans, suggestions, inflection and case, on text written for these tests."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from contentlint import check_text
from contentlint.checks.spun import phrasebook_size
from contentlint.config import Config

CFG = Config(select=("CL101",))


def spun(text: str) -> list[tuple[str, str | None]]:
    return [(f.text, f.suggestion) for f in check_text(text, config=CFG).findings]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It deals many benefits.", [("deals many benefits", "offers many benefits")]),
        ("They dealt many benefits.", [("dealt many benefits", "offered many benefits")]),
        ("Serums for all skin kinds.", [("skin kinds", "skin types")]),
        ("CONVENIENCES OF RETINOL", [("CONVENIENCES OF RETINOL", "BENEFITS OF RETINOL")]),
        ("Conveniences Of Retinol", [("Conveniences Of Retinol", "Benefits Of Retinol")]),
        ("Allow's begin.", [("Allow's", "Let's")]),
        ("Allow’s begin.", [("Allow’s", "Let's")]),
        ("Wait regarding 30 minutes.", [("regarding 30", "about 30")]),
        ("Wait regarding twenty minutes.", [("regarding twenty", "about twenty")]),
        ("It increases collagen manufacturing.", [("collagen manufacturing", "collagen production")]),
        ("It increases Collagen Manufacturing.", [("Collagen Manufacturing", "Collagen Production")]),
        # The writer's past participle, not the spinner's noun (a lemma entry offered "hormone productioned").
        ("It blocks the hormone manufactured by the gland.", []),
        ("Fibroblasts make the collagen manufactured in skin.", []),
        ("Avoid UV direct exposure.", [("UV direct exposure", "UV exposure")]),
        ("Boost your body immune system.", [("body immune system", "immune system")]),
        ("Support your body's immune system.", []),
        ("It is a video game changer.", [("video game changer", "game changer")]),
    ],
)
def test_spans_and_suggestions(text: str, expected: list[tuple[str, str]]) -> None:
    assert spun(text) == expected


def test_longest_match_wins() -> None:
    assert spun("Check your blood sugar level degrees.") == [("blood sugar level degrees", "blood sugar levels")]


def test_clean_register_is_left_alone() -> None:
    clean = (
        "Microneedling uses fine needles to make controlled micro-injuries. Depending on your skin type, "
        "a series of sessions may be needed, and you will get the most out of it with sun protection. "
        "Let's look at what to expect, and keep in mind that redness fades immediately afterward."
    )
    assert spun(clean) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an entry for the spinner's broken article matches that article only, not the writer's "an"
        ("Helping is a obligation for all of us.", [("a obligation", "a responsibility")]),
        ("Helping is an obligation for all of us.", []),
        # entries whose other inflections are ordinary verbs match their own form only
        ("The treatment gives wanted results fast.", [("wanted results", "desired results")]),
        ("The public wants results quickly.", []),
        ("The new law will help in reducing the spread.", []),
        ("Finish off the encounter in the second half.", []),
    ],
)
def test_entries_read_as_written_not_as_lemmas(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(f.text, f.suggestion) for f in check_text(text, config=CFG).findings] == expected


def test_phrasebook_is_large_enough() -> None:
    assert phrasebook_size() >= 300


def _detector_words(text: str) -> tuple[float, list[str]]:
    report = check_text(text, config=Config(select=("CL", "CL102")))
    assert report.spin is not None
    return report.spin.value, [f.text for f in report.findings if f.rule == "CL102"]


def test_a_spun_document_lowers_the_word_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    """CL102 reports more words where the document verdict says spun, and nothing new in a clean article."""
    from pathlib import Path

    import contentlint.checks.spun as spun_module

    fixtures = Path(__file__).parent / "fixtures"
    spun_text = (fixtures / "rules" / "CL102.txt").read_text(encoding="utf-8")
    clean_text = (fixtures / "spin" / "clean" / "winter-lips.txt").read_text(encoding="utf-8")
    spin, lowered = _detector_words(spun_text)
    _, clean_lowered = _detector_words(clean_text)
    assert spin >= spun_module.CL102_GRADE_TO
    # No document reaches the ramp: the plain threshold everywhere.
    monkeypatch.setattr(spun_module, "CL102_GRADE_FROM", 1.0)
    monkeypatch.setattr(spun_module, "CL102_GRADE_TO", 1.01)
    _, plain = _detector_words(spun_text)
    _, clean_plain = _detector_words(clean_text)
    assert set(plain) < set(lowered) and "motivates" in set(lowered) - set(plain)
    assert clean_lowered == clean_plain == []


def test_the_word_threshold_falls_with_the_document_verdict() -> None:
    """Graded, not one gate: the plain threshold up to CL102_GRADE_FROM, the spun one from CL102_GRADE_TO,
    falling between them."""
    from contentlint.checks import spun as spun_module
    from contentlint.checks.spun import graded_threshold

    low, high = spun_module.CL102_GRADE_FROM, spun_module.CL102_GRADE_TO
    assert low < high and spun_module.CL102_SPUN_THRESHOLD < spun_module.CL102_THRESHOLD
    assert graded_threshold(0.0) == graded_threshold(low) == spun_module.CL102_THRESHOLD
    assert graded_threshold(high) == pytest.approx(spun_module.CL102_SPUN_THRESHOLD)
    assert graded_threshold(1.0) == pytest.approx(spun_module.CL102_SPUN_THRESHOLD)
    middle = graded_threshold((low + high) / 2)
    assert spun_module.CL102_SPUN_THRESHOLD < middle < spun_module.CL102_THRESHOLD
    values = [graded_threshold(i / 100) for i in range(101)]
    assert all(a >= b for a, b in itertools.pairwise(values))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The salon invests in technological know-how.", ("technological know-how", "technology")),
        ("Skin break out is common in teens.", ("Skin break out", "Acne")),
        ("Scrub away useless pores and skin cells gently.", ("useless pores and skin cells", "dead skin cells")),
        ("Redness can be resulted in by heat.", ("resulted in by", "caused by")),
    ],
)
def test_multiword_spins(text: str, expected: tuple[str, str]) -> None:
    findings = check_text(text, config=CFG).findings
    assert [(f.text, f.suggestion) for f in findings] == [expected]
    # Read from spam, not reviewed in each sentence: the fix is offered as unsafe, like the mined list's.
    assert all(f.fix is not None and not f.fix.safe for f in findings)


def test_multiword_list_keeps_its_provenance() -> None:
    from contentlint import ruledata
    from contentlint.checks.spun import MINED, PHRASE_LIST

    assert "spun_phrases_multiword" in MINED
    data = ruledata.load("spun_phrases_multiword", PHRASE_LIST)
    assert data["phrases"] and set(data["phrases"]) == set(data["provenance"])
    # One word or fixed phrase spun into several: every entry has more words than a single swap gives.
    assert all(len(phrase.split()) >= 2 for phrase in data["phrases"])


def _page(spin: float, gold: list[dict], scored: list[dict], findings: list[dict] | None = None) -> dict:
    return {
        "path": "p.txt",
        "kind": "spun",
        "site": "s",
        "family": "A",
        "words": 100,
        "spin": spin,
        "rate": 0.1,
        "findings": findings or [],
        "gold": gold,
        "scored": scored,
    }


def test_recall_dump_records_the_documents_own_rate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """tools/spin/recall_dump.py runs on a page CL106's top tier floors (winter-lips: spin 0.98, rate 0.08) and
    records the document's own rate and the posteriors at it, which the study's replays shift themselves."""
    import json
    import shutil

    from contentlint.checks import spun as spun_module
    from tools.spin import recall_dump

    here = Path(__file__).parent / "fixtures" / "spin"
    (tmp_path / "spun").mkdir()
    for suffix in (".txt", ".json"):
        shutil.copy(here / "spun" / f"winter-lips{suffix}", tmp_path / "spun" / f"winter-lips{suffix}")
    shutil.copytree(here / "clean", tmp_path / "clean")
    # recall_dump wraps the detector's functions in place: put them back after the test.
    monkeypatch.setattr(spun_module, "_detector_hits", spun_module._detector_hits)
    monkeypatch.setattr(spun_module, "_word_threshold", spun_module._word_threshold)
    monkeypatch.setattr(spun_module, "_sure_policy", spun_module._sure_policy)
    out = tmp_path / "dump.jsonl"
    assert recall_dump.main([str(tmp_path), str(out)]) == 0
    pages = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    page = next(p for p in pages if p["path"] == "spun/winter-lips.txt")
    assert page["spin"] >= spun_module.CL106_HIGH_GATE
    assert 0 < page["rate"] < spun_module.CL106_HIGH_RATE
    assert any(f["rule"] == "CL102" for f in page["findings"])
    assert any(p["kind"] == "clean" for p in pages)
    assert page["observed"] >= spun_module.CL106_HIGH_OBSERVED


def test_recall_study_sorts_the_missed_gold() -> None:
    """tools/spin/recall_study.py: a scored spun word, a one-word swap without candidates, a multi-word swap."""
    from tools.spin.recall_study import loss_kind

    text = "Wash your pores and skin, check the knobs, and buy technological know-how."
    gold = {
        "pores and skin": "skin",
        "the knobs": "the nodules",
        "technological know-how": "technology",
    }
    items = [{"text": t, "original": o, "spans": [[text.index(t), text.index(t) + len(t)]]} for t, o in gold.items()]
    pores = text.index("pores")
    page = _page(0.5, items, [{"word": "pores", "start": pores, "end": pores + 5, "p": 0.04}])
    kinds = [loss_kind(page, item) for item in items]
    assert kinds == [("a", "pores p=0.04"), ("b", "knobs -> nodules"), ("c", "technological know how -> technology")]


@pytest.mark.parametrize("spin", [0.0, 0.25, 0.3, 0.33, 0.4, 0.9])
def test_recall_study_replays_the_shipped_threshold(spin: float) -> None:
    """The study's graded policy, with the shipped constants, reports what CL102 reports."""
    from contentlint.checks import spun as spun_module
    from tools.spin.recall_study import graded_policy, replay

    words = [{"word": f"w{i}", "start": 10 * i, "end": 10 * i + 5, "p": 0.5, "exact": i / 20} for i in range(21)]
    policy = graded_policy(
        spun_module.CL102_GRADE_FROM,
        spun_module.CL102_GRADE_TO,
        spun_module.CL102_SPUN_THRESHOLD,
        spun_module.CL102_THRESHOLD,
    )
    chosen = {f["text"] for f in replay(_page(spin, [], words), policy)}
    threshold = spun_module.graded_threshold(spin)
    assert chosen == {w["word"] for w in words if w["exact"] >= threshold}
    assert chosen  # the top words (exact 0.8 and more) are reported at every spin


@pytest.mark.parametrize("spin", [0.0, 0.3, 0.49, 0.5, 0.9])
def test_recall_study_replays_cl106(spin: float) -> None:
    """The study's gate policy, with CL106's shipped constants, reports what CL106 reports."""
    from contentlint.checks import spun as spun_module
    from tools.spin.recall_study import gate_policy, replay

    words = [{"word": f"w{i}", "start": 10 * i, "end": 10 * i + 5, "p": 0.5, "exact": i / 20} for i in range(21)]
    policy = gate_policy(spun_module.CL106_GATE, spun_module.CL106_THRESHOLD)
    chosen = {f["text"] for f in replay(_page(spin, [], words), policy)}
    expected = {w["word"] for w in words if w["exact"] >= spun_module.CL106_THRESHOLD}
    assert chosen == (expected if spin >= spun_module.CL106_GATE else set())


@pytest.mark.parametrize("spin", [0.5, 0.89, 0.9, 0.99])
def test_recall_study_replays_cl106_top_tier(spin: float) -> None:
    """The study's floor policy, with CL106's shipped constants, applies the shipped tiers: the gate's threshold on
    the words' probabilities below CL106_HIGH_GATE, their log-odds at the floored prior rate from it on."""
    from contentlint.checks import spun as spun_module
    from contentlint.spin.detector import load_weights
    from contentlint.spin.signal import posteriors
    from tools.spin.recall_study import floor_policy, replay

    words = [{"word": f"w{i}", "start": 10 * i, "end": 10 * i + 5, "p": 0.01, "z": i / 4 - 4.0} for i in range(33)]
    for word in words:
        word["exact"] = posteriors([word["z"]], 0.01, load_weights().rate)[0]
    page = _page(spin, [], words) | {"rate": 0.01}
    policy = floor_policy(spun_module.CL106_HIGH_GATE, spun_module.CL106_HIGH_RATE, spun_module.CL106_HIGH_THRESHOLD)
    chosen = {f["text"] for f in replay(page, policy)}
    if spin < spun_module.CL106_HIGH_GATE:
        assert chosen == {w["word"] for w in words if w["exact"] >= spun_module.CL106_THRESHOLD}
        return
    floored = posteriors([w["z"] for w in words], spun_module.CL106_HIGH_RATE, load_weights().rate)
    expected = {w["word"] for w, p in zip(words, floored, strict=True) if p >= spun_module.CL106_HIGH_THRESHOLD}
    assert chosen == expected
    # The floor is what reports them: at the page's own rate of 0.01 fewer words reach the threshold.
    assert sum(w["exact"] >= spun_module.CL106_HIGH_THRESHOLD for w in words) < len(expected)


def test_cl106_sure_policy_tiers() -> None:
    from contentlint.checks import spun as spun_module

    low, high = spun_module.CL106_GATE, spun_module.CL106_HIGH_GATE
    seen = spun_module.CL106_HIGH_OBSERVED
    assert spun_module._sure_policy(low - 0.01, low - 0.01, seen) is None
    assert spun_module._sure_policy(low, low - 0.1, seen) == (spun_module.CL106_THRESHOLD, 0.0)
    top = (spun_module.CL106_HIGH_THRESHOLD, spun_module.CL106_HIGH_RATE)
    assert spun_module._sure_policy(high, high, seen) == top
    # The top tier reads the verdict itself: a gate raised by leaving out the spinners' wording does not pass it.
    assert spun_module._sure_policy(high + 0.05, high - 0.1, seen) == (spun_module.CL106_THRESHOLD, 0.0)


def test_cl106_trace_tier_opens_past_a_spinners_gate() -> None:
    """A page past CL108's or CL109's gate gets CL106's trace tier whatever the verdict; where the verdict's own
    tiers apply too, the lower threshold and the higher floor win."""
    from contentlint.checks import spun as spun_module

    trace = (spun_module.CL106_TRACE_THRESHOLD, spun_module.CL106_TRACE_RATE)
    assert spun_module.CL106_HIGH_THRESHOLD < trace[0] < spun_module.CL106_THRESHOLD
    assert 0.0 < trace[1] < spun_module.CL106_HIGH_RATE
    assert spun_module._sure_policy(0.0, 0.0, 0, traced=True) == trace
    assert spun_module._sure_policy(0.0, 0.0, 0) is None
    low = spun_module.CL106_GATE
    assert spun_module._sure_policy(low, low, spun_module.CL106_OBSERVED, traced=True) == trace
    top = (spun_module.CL106_HIGH_THRESHOLD, spun_module.CL106_HIGH_RATE)
    assert spun_module._sure_policy(0.99, 0.99, spun_module.CL106_HIGH_OBSERVED, traced=True) == top


def test_cl106_needs_observed_substitutes() -> None:
    """The detector's odds alone do not open CL106's gate (rich copy is as odd to the trigram model as spun text):
    below CL106_OBSERVED nothing, below CL106_HIGH_OBSERVED the lower tier only, however sure the verdict."""
    from contentlint.checks import spun as spun_module

    least, top_least = spun_module.CL106_OBSERVED, spun_module.CL106_HIGH_OBSERVED
    assert 1 <= least < top_least
    sure = 0.99
    assert spun_module._sure_policy(sure, sure, least - 1) is None
    lower = (spun_module.CL106_THRESHOLD, 0.0)
    assert spun_module._sure_policy(sure, sure, top_least - 1) == lower
    top = (spun_module.CL106_HIGH_THRESHOLD, spun_module.CL106_HIGH_RATE)
    assert spun_module._sure_policy(sure, sure, top_least) == top


def test_cl106_counts_the_documents_observed_substitutes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The count CL106's gates read is the document's phrasebook hits, variants, spinner wording and grammar
    breaks: the rule fixture (a spun page with such traces) keeps its findings at the shipped minimum, loses them
    all when the minimum is set past what it shows."""
    from pathlib import Path

    from contentlint.checks import spun as spun_module

    text = (Path(__file__).parent / "fixtures" / "rules" / "CL106.txt").read_text(encoding="utf-8")
    seen: list[int] = []
    policy = spun_module._sure_policy

    def spy(gate: float, verdict: float, observed: int, traced: bool = False) -> tuple[float, float] | None:
        seen.append(observed)
        return policy(gate, verdict, observed, traced)

    monkeypatch.setattr(spun_module, "_sure_policy", spy)
    config = Config(select=("CL",))
    findings = check_text(text, config=config).findings
    shipped = [f for f in findings if f.rule == "CL106"]
    traces = [f for f in findings if f.rule in ("CL101", "CL103", "CL105", "CL107")]
    assert shipped and seen and seen[-1] >= max(len(traces), spun_module.CL106_OBSERVED)
    monkeypatch.setattr(spun_module, "CL106_OBSERVED", seen[-1] + 1)
    assert not [f for f in check_text(text, config=config).findings if f.rule == "CL106"]


def test_rich_copy_without_a_spinners_trace_gets_no_cl106_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wine notes written for this test (tests/fixtures/spin/rich/): ornate vocabulary the trigram model reads as
    substitutes ("plush", "bramble", "bunches"), so the verdict wrongly called the page spun, but nothing on it is
    a spinner's trace, and CL106 reports nothing (it reported five words before it asked for one). The descriptive
    register now brings the page's spin down (tests/test_spin_register.py); left empty here, the verdict is the old
    one, and CL106's own guard is what is tested."""
    from pathlib import Path

    from contentlint.checks import spun as spun_module
    from contentlint.spin import register, signal

    monkeypatch.setattr(register, "register_words", lambda: frozenset())
    monkeypatch.setattr(register, "_TABLES", {})
    # The verdict as fitted, not held at the cap of a page that shows no substitute (the next test): CL106's gates
    # read it so.
    monkeypatch.setattr(signal, "STATISTICS_ALONE_CAP", 1.0)
    text = (Path(__file__).parent / "fixtures" / "spin" / "rich" / "cellar-notes.txt").read_text(encoding="utf-8")
    report = check_text(text, config=Config(select=("CL",)))
    assert report.spin is not None and report.spin.value >= spun_module.CL106_GATE  # the verdict's known weakness
    assert not [f for f in report.findings if f.category == "spun-phrase"]
    assert report.spin.observed == 0 and not report.spin.held


def test_a_verdict_on_the_statistics_alone_is_held_at_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same wine notes, the register left empty: the word statistics alone read them as spun (0.5 or more, the
    test above), but the page shows no substitute outright, so its spin is held at STATISTICS_ALONE_CAP, the
    breakdown says why, and the score loses no more than that spin takes."""
    from pathlib import Path

    from contentlint.score import spin_penalty
    from contentlint.spin import register
    from contentlint.spin.signal import STATISTICS_ALONE_CAP, STATISTICS_ALONE_NOTE

    monkeypatch.setattr(register, "register_words", lambda: frozenset())
    monkeypatch.setattr(register, "_TABLES", {})
    text = (Path(__file__).parent / "fixtures" / "spin" / "rich" / "cellar-notes.txt").read_text(encoding="utf-8")
    report = check_text(text, config=Config(select=("CL",)))
    assert report.spin is not None and report.spin.held
    assert report.spin.value == STATISTICS_ALONE_CAP and report.spin.observed == 0
    assert STATISTICS_ALONE_NOTE in report.spin.evidence() and "held at 0.20" in report.spin.evidence()
    assert report.spin.to_json()["observed_substitutes"] == 0
    assert report.spin.to_json()["penalty"] == spin_penalty(STATISTICS_ALONE_CAP)
    assert report.spin.to_json()["held"] is True


@pytest.mark.parametrize(
    ("observed", "byline", "padded", "slips", "alone"),
    [
        (0, False, False, 0.0, True),
        (1, False, False, 0.0, False),
        (0, True, False, 0.0, False),
        (0, False, True, 0.0, False),
        (0, False, False, 2.5, False),
    ],
)
def test_what_counts_as_a_substitute_seen_outright(
    observed: int, byline: bool, padded: bool, slips: float, alone: bool
) -> None:
    from contentlint.spin.signal import held_value, statistics_alone

    assert statistics_alone(observed, byline, padded, slips) is alone
    # Held only when alone and above the cap; never raised.
    assert held_value(0.6, alone) == ((0.2, True) if alone else (0.6, False))
    assert held_value(0.1, alone) == (0.1, False)


def test_a_page_with_observed_substitutes_is_not_called_statistics_alone() -> None:
    """The CL106 rule fixture shows a phrasebook hit: its evidence names it and carries no such note."""
    from pathlib import Path

    from contentlint.spin.signal import STATISTICS_ALONE_NOTE

    text = (Path(__file__).parent / "fixtures" / "rules" / "CL106.txt").read_text(encoding="utf-8")
    spin = check_text(text, config=Config(select=("CL",))).spin
    assert spin is not None and spin.observed and spin.observed >= 1
    assert STATISTICS_ALONE_NOTE not in spin.evidence() and "phrasebook hit" in spin.evidence()
    assert spin.to_json()["held"] is False


def test_recall_study_replays_the_observed_minimum() -> None:
    """The study's CL106 policies read a dump's ``observed`` as the rule does; a dump without it passes."""
    from contentlint.checks import spun as spun_module
    from tools.spin.recall_study import floor_policy, gate_policy, replay

    words = [{"word": "w", "start": 0, "end": 1, "p": 0.9, "exact": 0.95, "z": 3.0}]
    lower = gate_policy(spun_module.CL106_GATE, spun_module.CL106_THRESHOLD)
    assert replay(_page(0.95, [], words), lower)
    assert not replay(_page(0.95, [], words) | {"observed": spun_module.CL106_OBSERVED - 1}, lower)
    top = floor_policy(spun_module.CL106_HIGH_GATE, spun_module.CL106_HIGH_RATE, spun_module.CL106_HIGH_THRESHOLD)
    low_word = [{"word": "v", "start": 0, "end": 1, "p": 0.01, "exact": 0.4, "z": 0.0}]
    # A word only the top tier's floor reports: kept with two traces, not with one.
    assert replay(_page(0.95, [], low_word) | {"observed": spun_module.CL106_HIGH_OBSERVED}, top)
    assert not replay(_page(0.95, [], low_word) | {"observed": spun_module.CL106_HIGH_OBSERVED - 1}, top)


def test_cl106_floor_raises_the_prior_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the verdict is sure, a prior rate floor above the document's own estimate reports more of the
    detector's words, and their messages name the floor instead of calling it the article's rate."""
    from pathlib import Path

    from contentlint.checks import spun as spun_module

    text = (Path(__file__).parent / "fixtures" / "rules" / "CL106.txt").read_text(encoding="utf-8")
    config = Config(select=("CL",))
    # The fixture's verdict is 0.84, with one observed substitute: the top tier is lowered to take it in.
    monkeypatch.setattr(spun_module, "CL106_HIGH_GATE", 0.8)
    monkeypatch.setattr(spun_module, "CL106_HIGH_OBSERVED", spun_module.CL106_OBSERVED)
    monkeypatch.setattr(spun_module, "CL106_HIGH_RATE", 0.0)
    unfloored = [f for f in check_text(text, config=config).findings if f.rule == "CL106"]
    monkeypatch.setattr(spun_module, "CL106_HIGH_RATE", 0.9)
    floored = [f for f in check_text(text, config=config).findings if f.rule == "CL106"]
    assert unfloored and all("whose spin rate is" in f.message for f in unfloored)
    assert {f.text for f in unfloored} < {f.text for f in floored}
    assert all("the verdict calls spun, its spin rate taken as 0.90" in f.message for f in floored)


def _spun_fixture_texts() -> list[str]:
    from pathlib import Path

    here = Path(__file__).parent / "fixtures"
    spun = sorted((here / "spin").rglob("spun/*.txt"))
    paths = [here / "rules" / "CL102.txt", here / "rules" / "CL106.txt", *spun]
    return [path.read_text(encoding="utf-8") for path in paths]


@pytest.mark.parametrize("index", range(len(_spun_fixture_texts())))
def test_cl102_findings_are_a_superset_of_cl106s(index: int) -> None:
    """Selecting CL102 never loses a word the default run's CL106 reports (its rule page promises a superset)."""
    text = _spun_fixture_texts()[index]
    default = {(f.start, f.end) for f in check_text(text, config=Config(select=("CL",))).findings if f.rule == "CL106"}
    selected = check_text(text, config=Config(select=("CL", "CL102"))).findings
    assert default <= {(f.start, f.end) for f in selected if f.rule == "CL102"}


def test_a_suggestion_needs_a_clear_favourite() -> None:
    import numpy

    from contentlint.checks.spun import SUGGEST_SHARE, best_share

    assert best_share(numpy.array([5.0, 0.0, 0.0])) > 0.95
    assert best_share(numpy.array([1.0, 1.0, 1.0])) == pytest.approx(1 / 3)
    assert best_share(numpy.array([1.0, 1.0, 1.0])) < SUGGEST_SHARE <= best_share(numpy.array([2.0, 1.0, 0.0]))
    assert best_share(numpy.array([])) == 0.0


def test_an_unsure_detector_finding_offers_no_fix() -> None:
    from pathlib import Path

    fixture = Path(__file__).parent / "fixtures" / "rules" / "CL102.txt"
    report = check_text(fixture.read_text(encoding="utf-8"), config=Config(select=("CL102",)))
    found = [f for f in report.findings if f.rule == "CL102"]
    unsure = [f for f in found if f.suggestion is None]
    assert unsure and all(f.fix is None and f.no_fix and "perhaps" in f.message for f in unsure)
    assert all(f.fix is not None for f in found if f.suggestion is not None)
