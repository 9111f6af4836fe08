"""Cross-validation of the mined phrasebook: like-for-like scoring of a grown corpus and the by-family tally."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools.spin import build_phrasebook as bp
from tools.spin import crossval_phrasebook as cv

# Our own sentences: a phrase pair ("visage region" for "face") shared by three sites and two spinners.
PAGES = {
    "spun/a.txt": ("alpha.example", "A test spinner", "Wash your visage region gently."),
    "spun/b.txt": ("beta.example", "E test spinner", "Keep the visage region calm."),
    "spun/c.txt": ("gamma.example", "E test spinner", "Pat the visage region dry."),
}


def _corpus(root: Path, names: list[str]) -> Path:
    (root / "spun").mkdir(parents=True)
    rows = ["file\turl_or_repo_path\tsite\tset\tspinner_guess"]
    for name in names:
        site, spinner, text = PAGES[name]
        (root / name).write_text(text + "\n", encoding="utf-8")
        gold = {"spun_phrases": [{"text": "visage region", "original": "face"}]}
        (root / name).with_suffix(".json").write_text(json.dumps(gold), encoding="utf-8")
        rows.append(f"{name}\thttps://{site}/\t{site}\tspun\t{spinner}")
    (root / "SOURCES.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root


def test_baseline_sources_score_only_the_earlier_pages(tmp_path: Path) -> None:
    old = _corpus(tmp_path / "old", ["spun/a.txt", "spun/b.txt"])
    grown = _corpus(tmp_path / "grown", list(PAGES))
    baseline = cv.baseline_files(old / "SOURCES.tsv")
    assert baseline == {"spun/a.txt", "spun/b.txt"}
    before = cv.run(old, [], [], bp.Review(), 2)
    after = cv.run(grown, [], [], bp.Review(), 2, baseline=baseline)
    # Same folds, same held-out pages: the denominators agree.
    assert [(r.sites, r.pages, r.gold) for r in after] == [(r.sites, r.pages, r.gold) for r in before]
    # One other site is too few to mine the phrase; with gamma.example training, two are enough.
    assert sum(r.found for r in before) == 0
    assert sum(r.found for r in after) == 2


def test_the_tally_breaks_recall_down_by_family(tmp_path: Path) -> None:
    grown = _corpus(tmp_path / "grown", list(PAGES))
    results = cv.run(grown, [], [], bp.Review(), 3)
    families: dict[str, tuple[int, int]] = {}
    for r in results:
        for fam, (found, gold) in r.tally.by_family.items():
            f0, g0 = families.get(fam, (0, 0))
            families[fam] = (f0 + found, g0 + gold)
    assert families == {"A": (1, 1), "E": (2, 2)}


def test_a_bad_baseline_file_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "SOURCES.tsv"
    bad.write_text("not a header\n", encoding="utf-8")
    with pytest.raises(bp.CorpusError, match=r"not a SOURCES\.tsv"):
        cv.baseline_files(bad)
    with pytest.raises(bp.CorpusError, match="cannot read"):
        cv.baseline_files(tmp_path / "missing.tsv")
