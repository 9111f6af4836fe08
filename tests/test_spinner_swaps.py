"""CL109's commoner swaps (rules/spinner_swaps.toml): reported past CL109's gates only and counted by neither, their
data file's shape, and the tool that writes it from a spinner's synonym database (tools/spin/swaps.py)."""

from __future__ import annotations

import argparse
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from contentlint import check_text, ruledata
from contentlint.checks.spinner_dictionary import SWAPS_SHAPE
from contentlint.config import Config
from contentlint.ruledata import RuleDataError
from tools.spin import swaps as tool

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "rules" / "spinner_swaps.toml"
# A page the dictionary ran through (five kinds of CL109's own words in 30 words) with three swaps in it.
SPUN = (
    "Wholesome food helps: greens and rooster keep the physique strong. Docs say the solar additionally dries the "
    "epidermis earlier than noon, for instance in greater than half of cases.\n"
)
# The same swaps in a page under the gate: ordinary English there.
PLAIN = "Earlier than anyone expected, for instance, prices rose by greater than half, the bank said.\n"


def _cl109(text: str) -> list[tuple[str, str | None]]:
    report = check_text(text, config=Config(select=("CL109",)))
    return [(f.text, f.suggestion) for f in report.findings]


def test_swaps_are_reported_past_the_gate_with_their_original() -> None:
    found = _cl109(SPUN)
    for swap in (("earlier than", "before"), ("for instance", "for example"), ("greater than", "more than")):
        assert swap in found
    assert ("Wholesome", "Healthy") in found  # the list's own words as before


def test_swaps_are_not_reported_under_the_gate_and_do_not_count_for_it() -> None:
    assert _cl109(PLAIN) == []
    # Many swaps, densely, and none of CL109's own words: still under both gates.
    dense = "Earlier than noon, for instance, greater than half left; earlier than dusk the rest, whereas we stayed.\n"
    assert _cl109(dense) == []


def test_a_longer_swap_wins_over_a_word_inside_it() -> None:
    found = _cl109(SPUN + "It is in line with the docs.\n")
    assert ("in line with", "based on") in found and not any(text == "line" for text, _ in found)


def test_a_swaps_file_of_the_wrong_shape_fails_loudly() -> None:
    SWAPS_SHAPE.check("spinner_swaps", {"meta": {}, "swaps": {"earlier than": "before"}})
    shipped = tomllib.loads(SHIPPED.read_text(encoding="utf-8"))
    shipped["swap"] = shipped.pop("swaps")
    with pytest.raises(RuleDataError, match=r"missing \[swaps\]"):
        SWAPS_SHAPE.check("spinner_swaps", shipped)
    with pytest.raises(RuleDataError):
        SWAPS_SHAPE.check("spinner_swaps", {"meta": {}, "swaps": {"earlier than": 3}})


def test_the_shipped_list_keeps_the_tools_thresholds_and_the_review() -> None:
    data = ruledata.load("spinner_swaps", SWAPS_SHAPE)
    meta, review = data["meta"], tool.read_review(ROOT / "tools" / "spin" / "swaps_review.tsv")
    dictionary = tomllib.loads((ROOT / "rules" / "spinner_dictionary.toml").read_text(encoding="utf-8"))
    assert len(data["swaps"]) >= 100
    for word, original in data["swaps"].items():
        where = data["provenance"][word]
        assert where["swapped"] >= meta["min_swapped"] and where["sites"] >= meta["min_sites"], word
        assert where["lift"] >= meta["min_lift"] and where["original_gate"] >= meta["min_original"], word
        assert review.get(word, ("",))[0] != "reject", word
        assert word not in dictionary["words"] and word not in dictionary.get("also", {}), word
        if review.get(word, ("",))[0] == "original":
            assert original == review[word][1], word


def _args(**overrides: float) -> argparse.Namespace:
    values = dict(
        min_swapped=0.9,
        min_ratio=3.0,
        min_original=20,
        max_per_million=250.0,
        min_sites=2,
        min_lift=5.0,
        min_topical_swapped=0.8,
    )
    values.update(overrides)
    return argparse.Namespace(**values)


def test_the_tool_keeps_a_rare_member_the_spun_pages_print_and_suggests_the_commonest_other(tmp_path: Path) -> None:
    db = tmp_path / "en_db.sdata"
    db.write_text("before|earlier than|prior to\nbig|large|massive\nsmall|little\nmore than|greater than\n")
    groups = tool.read_groups(db)
    assert groups[0] == ["before", "earlier than", "prior to"]
    gate = Counter(
        {
            "before": 3000,
            "earlier than": 3,
            "prior to": 100,
            "big": 900,
            "large": 1000,
            "massive": 40,
            "small": 2000,
            "little": 1500,
            "more than": 2000,
            "greater than": 90,
        }
    )
    spun = Counter({"earlier than": 9, "massive": 4, "little": 5, "greater than": 1})
    sites = {"earlier than": {"a", "b", "c"}, "massive": {"a", "b"}, "little": {"a", "b", "c"}, "greater than": {"a"}}
    kept = tool.select(groups, gate, 1_000_000, spun, 10_000, sites, _args())
    assert [(s.word, s.original) for s in kept] == [("earlier than", "before"), ("massive", "large")]
    # "little" is too common beside "small"; "greater than" is on one site only.
    reviewed, left = tool.reviewed(kept, {"massive": ("reject", "", "ordinary adjective")})
    assert [s.word for s in reviewed] == ["earlier than"] and left == ["massive: ordinary adjective"]
    assert tool.select(groups, gate, 1_000_000, spun, 10_000, sites, _args(min_sites=4)) == []


def test_the_review_rejects_a_bad_decision(tmp_path: Path) -> None:
    review = tmp_path / "review.tsv"
    review.write_text("word\tdecision\tvalue\treason\nmassive\toriginal\t\tno value given\n")
    with pytest.raises(SystemExit, match="massive"):
        tool.read_review(review)
