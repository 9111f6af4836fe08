"""CL101's dictionary phrases (rules/spun_phrases_dictionary.toml): a spinner's phrase outputs that clean text never
prints, matched on the surface form, and the tool that writes them (tools/spin/dictionary_phrases.py)."""

from __future__ import annotations

import argparse
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from contentlint import ruledata
from contentlint.api import check_text
from contentlint.checks.spun import CL101, MINED, PHRASE_LIST
from contentlint.config import Config
from tools.spin import dictionary_phrases as dp

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "rules" / "spun_phrases_dictionary.toml"


def _shipped() -> dict:
    return ruledata.load("spun_phrases_dictionary", PHRASE_LIST)


def test_shipped_entries_carry_provenance_that_passed_the_policy() -> None:
    data = _shipped()
    meta, exact = data["meta"], data["exact"]
    assert len(exact) >= 50 and not data["phrases"] and set(exact) == set(data["provenance"])
    for phrase, where in data["provenance"].items():
        words = phrase.split()
        assert 1 <= len(words) <= 4 and phrase == phrase.lower(), phrase
        assert "'" not in phrase and not any(c.isdigit() for c in phrase), phrase
        assert where["gate"] <= meta["max_gate"], phrase
        assert where["original_gate"] >= meta["min_original"], phrase
        assert where["gap"] >= meta["min_gap"], phrase
        assert exact[phrase].lower() != phrase, phrase


def test_no_entry_repeats_another_spin_list() -> None:
    """Each entry is new: the tool leaves out what CL101's, CL108's and CL109's lists already hold."""
    elsewhere = dp.listed_elsewhere()
    assert not elsewhere & set(_shipped()["exact"])


def test_a_renamed_table_fails_loudly() -> None:
    data = tomllib.loads(SHIPPED.read_text(encoding="utf-8"))
    data["exacts"] = data.pop("exact")
    with pytest.raises(ruledata.RuleDataError, match="exacts"):
        PHRASE_LIST.check("spun_phrases_dictionary", data)


def test_cl101_reads_the_list_on_the_surface_form() -> None:
    assert "spun_phrases_dictionary" in MINED and "spun_phrases_dictionary" in CL101.data_files
    exact = _shipped()["exact"]
    assert exact["urge for food"] == "appetite" and exact["be afflicted by"] == "suffer from"
    text = "Many adults be afflicted by dry skin, and stress can blunt your urge for food."
    found = check_text(text, config=Config(select=("CL101",))).findings
    assert [(f.text, f.suggestion) for f in found] == [
        ("be afflicted by", "suffer from"),
        ("urge for food", "appetite"),
    ]
    assert all(f.fix is not None and not f.fix.safe for f in found)  # a mined entry: fixed with --unsafe only
    # The surface form, not its lemmas: "was afflicted by" is the writer's English.
    assert not check_text("She was afflicted by doubt.", config=Config(select=("CL101",))).findings


def test_the_entries_keep_the_case_of_the_text() -> None:
    [finding] = check_text("Urge for food fades with age.", config=Config(select=("CL101",))).findings
    assert (finding.text, finding.suggestion) == ("Urge for food", "Appetite")


def _args(**over: object) -> argparse.Namespace:
    return argparse.Namespace(**{"max_gate": 0, "min_original": 2, "min_gap": 1.0, **over})


def test_select_keeps_odd_phrases_the_gate_never_prints(tmp_path: Path) -> None:
    groups = [
        ["according to", "in step with", "per"],  # kept: never in the gate, far less likely than its original
        ["suffer from", "be afflicted by"],  # kept
        ["as well", "too"],  # a single-word original is fine, but "as well" is printed by the gate: left out
        ["in the", "within the"],  # grammar words alone: left out
        ["colour scheme", "color scheme"],  # a spelling: left out
        ["two hundred", "200"],  # numbers are spelt either way: left out
        ["obscure thing", "odd matter"],  # its original is too rare in the gate: left out
    ]
    gate = Counter(
        {
            "according to": 40,
            "per": 3,
            "suffer from": 12,
            "as well": 5,
            "too": 30,
            "in the": 90,
            "color scheme": 4,
            "200": 9,
        }
    )
    kept = {p.phrase: p for p in dp.select(groups, gate, _args())}
    assert set(kept) == {"in step with", "be afflicted by"}
    assert kept["in step with"].original == "according to" and kept["in step with"].gap >= 1.0
    # A higher bar on the model's gap leaves out what it does not clear.
    assert dp.select(groups, gate, _args(min_gap=50.0)) == []


def test_review_keeps_rejects_and_leaves_out_the_unread(tmp_path: Path) -> None:
    review = tmp_path / "review.tsv"
    review.write_text(
        "# read on 2026-12-03\nphrase\tdecision\toriginal\treason\n"
        "in step with\treject\taccording to\ta real idiom\nbe afflicted by\tkeep\tsuffer from\tthe verb\n",
        encoding="utf-8",
    )
    rows = dp.read_review(review)
    candidates = [
        dp.Phrase("in step with", "according to", 0, 40, 3.2),
        dp.Phrase("be afflicted by", "suffer", 0, 12, 2.9),
        dp.Phrase("urge for food", "appetite", 0, 50, 4.0),
    ]
    kept, left, unread = dp.reviewed(candidates, rows)
    assert [(p.phrase, p.original) for p in kept] == [("be afflicted by", "suffer from")]
    assert left == ["in step with: a real idiom"] and unread == 1
    review.write_text("phrase\tdecision\toriginal\treason\nx y\toriginal\tz\t\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="keep or reject"):
        dp.read_review(review)


def test_the_tool_writes_a_list_the_rule_reads(tmp_path: Path) -> None:
    db = tmp_path / "db.txt"
    db.write_text("according to|in step with|per\nsuffer from|be afflicted by\n", encoding="utf-8")
    gate = tmp_path / "gate"
    gate.mkdir()
    (gate / "a.txt").write_text("According to the study, people suffer from colds. " * 30, encoding="utf-8")
    review = tmp_path / "review.tsv"
    review.write_text(
        "phrase\tdecision\toriginal\treason\nbe afflicted by\tkeep\tsuffer from\tspinner\n", encoding="utf-8"
    )
    out = tmp_path / "out.toml"
    argv = ["--db", str(db), "--source", "a test", "--gate", str(gate), "--output", str(out)]
    assert dp.main([*argv, "--review", str(review), "--command", "test"]) == 0
    data = tomllib.loads(out.read_text(encoding="utf-8"))
    PHRASE_LIST.check("spun_phrases_dictionary", data)
    assert data["exact"] == {"be afflicted by": "suffer from"}  # "in step with" was not read: left out
    assert data["provenance"]["be afflicted by"]["original_gate"] == 30
    assert "left out on reading: 0 (the review gives each reason); not read (left out): 1." in out.read_text(
        encoding="utf-8"
    )
