"""The shipped mined phrasebook against its review file: every entry was read, none was rejected."""

from __future__ import annotations

import csv
from pathlib import Path

from contentlint import ruledata
from contentlint.checks.spun import PHRASE_LIST
from tools.spin import build_phrasebook as bp

from .conftest import ROOT

REVIEW = ROOT / "tools" / "spin" / "mined_review.tsv"


def _decisions(path: Path) -> dict[str, set[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row["spun"], set()).add(row["decision"])
    return found


def test_every_shipped_entry_was_read_and_kept() -> None:
    # The policy line promises a reader saw every entry: a rebuild that lets an unread one through fails here.
    phrases = ruledata.load("spun_phrases_mined", PHRASE_LIST)["phrases"]
    decisions = _decisions(REVIEW)
    unread = sorted(p for p in phrases if "keep" not in decisions.get(p, set()))
    assert not unread, unread[:10]


def test_no_shipped_entry_is_rejected() -> None:
    phrases = ruledata.load("spun_phrases_mined", PHRASE_LIST)["phrases"]
    review = bp.read_review(REVIEW)
    assert not sorted(set(phrases) & set(review.entries))
    assert review.swaps  # the swap rejections are read, not silently dropped as an unknown decision


def test_a_phrase_is_not_both_kept_and_rejected() -> None:
    both = sorted(p for p, d in _decisions(REVIEW).items() if {"keep", "reject"} <= d)
    assert not both, both[:10]
