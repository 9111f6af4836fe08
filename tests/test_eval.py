"""`contentlint eval`: the scorer on a small corpus written here, and the floors on the dev corpus."""

from __future__ import annotations

import json
from pathlib import Path

from contentlint.api import Linter
from contentlint.evaluate import default_config, evaluate, render

from .test_cli import run


def _corpus(tmp_path: Path) -> Path:
    (tmp_path / "spun").mkdir()
    (tmp_path / "clean").mkdir()
    spun = (
        "Conveniences of Retinol\n\nConveniences of Retinol\n\nBlog Article\n\n"
        "Retinol deals many benefits. Accept mouse click the up coming document today.\n"
    )
    (tmp_path / "spun" / "a.txt").write_text(spun)
    (tmp_path / "spun" / "a.json").write_text(
        json.dumps(
            {
                "spun_phrases": [
                    {"text": "deals many benefits", "original": "offers many benefits"},
                    {"text": "Retinol deals", "original": "x"},
                    {"text": "never there", "original": "y"},
                ],
                "stray_links": ["mouse click the up coming document"],
                "duplicated_headings": ["Conveniences of Retinol"],
                "boilerplate": ["Blog Article"],
            }
        )
    )
    (tmp_path / "clean" / "b.txt").write_text("Sunscreen Basics\n\nWear sunscreen and a hat outdoors.\n")
    return tmp_path


def test_eval_counts(tmp_path: Path) -> None:
    result = evaluate(_corpus(tmp_path))
    spun = result.categories["spun-phrase"]
    # "Conveniences of Retinol" findings are not in the gold: false positives; gold "never there" is absent
    assert spun.found == 2 and spun.gold == 2
    assert result.categories["stray-link"].recall == 1.0
    assert result.categories["duplicate-heading"].tp == 1
    assert result.clean_words == 8
    assert result.separation is not None and result.separation > 0
    assert "separation" in render(result)


def test_eval_cli_json(tmp_path: Path) -> None:
    proc = run("eval", str(_corpus(tmp_path)), "--format", "json")
    data = json.loads(proc.stdout)
    assert data["categories"]["boilerplate"]["recall"] == 1.0


def test_dev_corpus_floors(corpus: Path) -> None:
    result = evaluate(corpus)  # every rule, the statistical spin detector (CL102) included
    cats = result.categories
    assert cats["duplicate-heading"].recall == 1.0
    assert cats["stray-link"].recall == 1.0
    assert (cats["spun-phrase"].recall or 0) >= 0.78
    # Against the gold as written: the gold is not exhaustive, and the README lists the "false positives"
    # read as real spins (8 of 10 when this floor was set, raw precision 0.84).
    assert (cats["spun-phrase"].precision or 0) >= 0.8
    assert result.clean_per_1000("spun-phrase") <= 0.3
    mission = sum(
        result.clean_per_1000(c) for c in ("duplicate-heading", "spun-phrase", "stray-link", "unsupported-claim")
    )
    assert mission <= 1.0
    assert result.separation is not None and result.separation > 0


def test_dev_corpus_phrasebook_and_detector_apart(corpus: Path) -> None:
    """Each spun-phrase source on its own: the reviewed phrasebook, the statistical detector, the variants."""
    phrasebook = evaluate(corpus, Linter(default_config(ignore=("CL102", "CL103")))).categories["spun-phrase"]
    assert (phrasebook.precision or 0) >= 0.9 and (phrasebook.recall or 0) >= 0.6
    detector = evaluate(corpus, Linter(default_config(ignore=("CL101", "CL103"))))
    spun = detector.categories["spun-phrase"]
    assert (spun.precision or 0) >= 0.8 and spun.found >= 3
    assert detector.clean_per_1000("spun-phrase") == 0.0
    # The variants are gated by the phrasebook's evidence, which is gathered even when CL101 is not reported.
    variants = evaluate(corpus, Linter(default_config(ignore=("CL101", "CL102"))))
    assert variants.categories["spun-phrase"].found >= 3
    assert variants.clean_per_1000("spun-phrase") == 0.0
