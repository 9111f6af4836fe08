"""CL107 spinner wording: ordinary-looking wording of real spinners, reported only in articles shown to be spun."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contentlint import check_text, ruledata
from contentlint.checks import spun
from contentlint.config import Config
from tools.spin import spinner_wording

CFG = Config(select=("CL101", "CL103", "CL107"))
# Three phrasebook hits in one sentence: enough evidence that the article around it was spun.
EVIDENCE = "Did you understand that it deals many benefits for every skin kind? "


def wording(text: str, config: Config = CFG) -> list[tuple[str, str | None]]:
    return [(f.text, f.suggestion) for f in check_text(text, config=config).findings if f.rule == "CL107"]


def test_reported_in_a_spun_article_without_a_suggestion() -> None:
    text = EVIDENCE + "Most Humans want a Weight Reduction, and a dietitian can assist."
    assert wording(text) == [("Humans", None), ("Weight Reduction", None), ("assist", None)]
    finding = next(f for f in check_text(text, config=CFG).findings if f.rule == "CL107")
    assert finding.fix is None and finding.no_fix


def test_whole_words_only() -> None:
    assert wording(EVIDENCE + "The assistant helps inhumans and superhumans.") == []


def test_other_spun_phrase_findings_keep_their_span() -> None:
    # Whatever the lists hold, no CL107 span overlaps a CL101 or CL103 one.
    report = check_text(EVIDENCE + "Readers obtained much more even skin; most humans assist.", config=CFG)
    taken = [(f.start, f.end) for f in report.findings if f.rule in ("CL101", "CL103")]
    for f in report.findings:
        if f.rule == "CL107":
            assert not any(s < f.end and f.start < e for s, e in taken)


_ENTRIES = ruledata.load("spinner_wording", spun.WORDING)["wording"]["entries"]
_WORDS = st.sampled_from(sorted({*_ENTRIES[:200], "the", "cream", "works", "skin", "and", "it", "is", "you", "."}))


@settings(max_examples=40, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=40))
def test_nothing_is_reported_without_other_evidence_or_a_spun_verdict(words: list[str]) -> None:
    # No phrasebook hit or byline here, so CL103's gate is shut: CL107 reports only where the verdict, which
    # reads the spinners' wording itself, reaches CL107_SPIN_GATE.
    report = check_text(" ".join(words), config=CFG)
    if any(f.rule == "CL107" for f in report.findings):
        assert report.spin is not None and report.spin.value >= spun.CL107_SPIN_GATE


def test_the_list_is_large_and_clean() -> None:
    assert len(_ENTRIES) >= 500
    assert len(set(_ENTRIES)) == len(_ENTRIES)
    assert all(e == e.lower().strip() and "  " not in e for e in _ENTRIES)


def test_a_renamed_table_fails_loudly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "spinner_wording.toml").write_text('[meta]\ntitle = "x"\n[words]\nentries = ["humans"]\n')
    monkeypatch.setattr(ruledata, "rules_dir", lambda: tmp_path)
    ruledata.load.cache_clear()
    spun._wording_entries.cache_clear()
    try:
        with pytest.raises(ruledata.RuleDataError):
            spun._wording_entries()
    finally:
        ruledata.load.cache_clear()
        spun._wording_entries.cache_clear()


def test_the_builder_names_unreadable_input(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="cannot read the phrasebook review"):
        spinner_wording.wording(tmp_path / "missing.tsv")
    with pytest.raises(SystemExit, match="not a folder of clean prose"):
        spinner_wording.per_million(["humans"], [tmp_path / "missing"])


def test_the_builder_keeps_rejected_wording_and_leaves_out_fragments(tmp_path: Path) -> None:
    review = tmp_path / "review.tsv"
    review.write_text(
        "spun\tdecision\treason\n"
        "weight reduction\treject\tordinary English\n"
        "Humans\treject\tits collocations read as ordinary English\n"
        "area still\treject\tcontext fragment; the suggestion is wrong\n"
        "hair hair foillicle\treject\ta typo, not a spin\n"
        "care products\treject\tordinary English; a number change, not a swap\n"
        "pores and skin\tkeep\tspun\n"
        "procedure\treject\tordinary English\n",
        encoding="utf-8",
    )
    entries = spinner_wording.wording(review)
    assert entries == ["humans", "procedure", "weight reduction"]
    gate = tmp_path / "gate"
    gate.mkdir()
    (gate / "a.txt").write_text("The procedure is safe. " * 10 + "Humans differ.", encoding="utf-8")
    (gate / "b.xml").write_text(
        "<Doc><QAPair><Answer>A procedure helps humans.</Answer></QAPair></Doc>", encoding="utf-8"
    )
    rates, words = spinner_wording.per_million(entries, [gate])
    assert words == 10 * 4 + 2 + 4
    assert rates["procedure"] == pytest.approx(1e6 * 11 / words)
    assert rates["humans"] == pytest.approx(1e6 * 2 / words)
    assert rates["weight reduction"] == 0.0


_VERDICT = ruledata.load("spinner_wording", spun.WORDING)["verdict"]["entries"]


def test_the_verdicts_list_is_part_of_cl107s_and_leaves_ordinary_words_out() -> None:
    assert 300 <= len(_VERDICT) <= len(_ENTRIES)
    assert set(_VERDICT) <= set(_ENTRIES)
    # single words a clean article prints as readily (frequent in general English or in careful health prose)
    assert not {"strategy", "harm", "discovered", "humans", "herbal", "fat tissue"} & set(_VERDICT)
    assert {"weight reduction", "skin layer", "physique"} <= set(_VERDICT)


def test_the_verdict_leaves_out_the_words_the_review_rejected_as_ordinary_swaps() -> None:
    ordinary = spinner_wording.ordinary_swaps(spinner_wording.ROOT / "tools" / "spin" / "mined_review.tsv")
    assert {"diminish", "remedy", "sturdy", "zits"} <= ordinary
    assert not ordinary & set(_VERDICT)
    assert {"diminish", "remedy"} <= set(_ENTRIES)  # CL107 still reports them in a spun article


def test_a_missing_verdict_table_fails_loudly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "spinner_wording.toml").write_text(
        '[meta]\ntitle = "x"\nsources = ["x"]\nlicence = "MIT"\n[wording]\nentries = ["humans"]\n'
    )
    monkeypatch.setattr(ruledata, "rules_dir", lambda: tmp_path)
    ruledata.load.cache_clear()
    spun._wording_entries.cache_clear()
    try:
        with pytest.raises(ruledata.RuleDataError, match=r"missing \[verdict\]"):
            spun._wording_entries("verdict")
    finally:
        ruledata.load.cache_clear()
        spun._wording_entries.cache_clear()


PLAIN = (
    "Eating well helps your body. A steady diet of vegetables, fruit and whole grains keeps energy even through "
    "the day, and water with every meal keeps you from snacking. Sleep matters as much as food does. "
)


def test_spinner_wording_is_verdict_evidence_without_other_evidence() -> None:
    spun_words = "A weight reduction plan works on every skin layer and on the physique as a whole. "
    plain, wordy = check_text(PLAIN * 2), check_text(PLAIN * 2 + spun_words)
    assert plain.spin is not None and wordy.spin is not None
    assert wordy.spin.wording_hits == 3 and plain.spin.wording_hits == 0
    assert wordy.spin.features["wording"] > plain.spin.features["wording"] == 0.0
    assert wordy.spin.value > plain.spin.value
    assert "3 spinner wording hits" in wordy.spin.evidence()
    # with CL107 off the verdict does not read its list: the feature counts as an ordinary article's
    off = check_text(PLAIN * 2 + spun_words, config=Config(ignore=("CL107",))).spin
    assert off is not None and "wording" not in off.features


@given(st.integers(0, 50), st.integers(0, 50), st.integers(0, 5000))
def test_the_wording_feature_rises_with_the_hits_and_shrinks_on_short_texts(a: int, b: int, words: int) -> None:
    from contentlint.spin.fluency import wording_rate

    low, high = sorted((a, b))
    assert wording_rate(low, words) <= wording_rate(high, words)
    assert wording_rate(0, words) == 0.0
    # the same hits weigh less in a longer text
    assert wording_rate(high, words + 100) <= wording_rate(high, words)


def test_a_verdict_at_the_gate_lets_cl107_report_without_phrasebook_hits(monkeypatch: pytest.MonkeyPatch) -> None:
    text = PLAIN + "Most humans want a weight reduction, and a skin doctor can assist with the physique. "
    config = Config(select=("CL101", "CL102", "CL103", "CL107"))
    monkeypatch.setattr(spun, "CL107_SPIN_GATE", 2.0)  # unreachable: only CL103's gate, which this text fails
    assert wording(text, config) == []
    monkeypatch.setattr(spun, "CL107_SPIN_GATE", 0.0)  # every verdict passes
    report = check_text(text, config=config)
    found = [f for f in report.findings if f.rule == "CL107"]
    assert {f.text for f in found} == {"humans", "weight reduction", "skin doctor", "assist", "the physique"}
    assert report.spin is not None and f"(spin {report.spin.value:.2f})" in found[0].message
