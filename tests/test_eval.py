"""`contentlint eval`: the scorer on a small corpus written here, and the floors on the dev corpora.

Floors are kept per corpus (by its folder name) and record what was measured when they were last raised,
so a change that loses ground on any corpus fails. dev is one spinner's work; dev2 is many sites and
spinners and is the one that says whether a detector generalises."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from contentlint.api import Linter
from contentlint.evaluate import default_config, evaluate, evaluate_many, render, spinner_family

from .test_cli import run


def _corpus(tmp_path: Path) -> Path:
    (tmp_path / "spun").mkdir(parents=True)
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


FIXTURES = Path(__file__).parent / "fixtures" / "spin"


def _pairs_corpus(root: Path) -> Path:
    """The project's own spun/clean pairs (tests/fixtures/spin) laid out as a corpus."""
    for kind in ("spun", "clean"):
        (root / kind).mkdir(parents=True)
        for name in ("winter-lips", "running-shoes"):
            (root / kind / f"{name}.txt").write_text((FIXTURES / kind / f"{name}.txt").read_text(encoding="utf-8"))
    return root


def test_eval_reports_the_document_level(tmp_path: Path) -> None:
    result = evaluate(_pairs_corpus(tmp_path))
    doc = result.document
    assert (doc.spun, doc.clean) == (2, 2)
    # Each spun version has more spin and a lower score than its original (tests/test_spin_verdict.py),
    # and the two originals have no spin evidence: both verdicts order every pair.
    assert doc.spin_auc == 1.0 and doc.score_auc == 1.0
    assert sum(r.articles for r in doc.reliability) == 4 and sum(r.spun for r in doc.reliability) == 2
    spins = {Path(a.path).name: a.spin for a in result.articles if a.kind == "clean"}
    assert all(0.0 <= v < 0.3 for v in spins.values())
    text = render(result)
    assert "document level (2 spun, 2 clean): score AUC 1.00, spin AUC 1.00" in text
    assert "spun share" in text


def test_eval_takes_several_corpora(tmp_path: Path) -> None:
    first, second = _pairs_corpus(tmp_path / "pairs"), _corpus(tmp_path / "small")
    results = dict(evaluate_many([first, second]))
    assert list(results) == [str(first), str(second), "combined"]
    combined = results["combined"]
    assert len(combined.articles) == len(results[str(first)].articles) + len(results[str(second)].articles)
    assert combined.document.spun == 3 and combined.document.clean == 3
    gold = combined.categories["spun-phrase"].gold
    assert (
        gold == results[str(first)].categories["spun-phrase"].gold + results[str(second)].categories["spun-phrase"].gold
    )
    assert combined.clean_words == results[str(first)].clean_words + results[str(second)].clean_words
    proc = run("eval", str(first), str(second), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data["corpora"]) == {str(first), str(second)}
    assert data["document"]["spun"] == 3 and data["corpora"][str(first)]["document"]["spin_auc"] == 1.0
    assert len(data["document"]["spin_reliability"]) == len(combined.document.reliability)
    assert data["document"]["spun_share"] == 0.5
    assert sum(r["articles"] for r in data["document"]["spin_reliability_at_spun_share"]) == 6
    assert all("spin" in row for row in data["scores"])
    text = run("eval", str(first), str(second)).stdout
    assert f"== {first}" in text and "== combined" in text and text.count("document level") == 3


def test_eval_document_level_without_a_spun_set(tmp_path: Path) -> None:
    (tmp_path / "clean").mkdir()
    (tmp_path / "clean" / "a.txt").write_text("Sunscreen Basics\n\nWear sunscreen and a hat outdoors.\n")
    doc = evaluate(tmp_path).document
    assert doc.spin_auc is None and doc.score_auc is None
    assert "score AUC    -" in render(evaluate(tmp_path))
    assert run("eval", str(tmp_path), str(tmp_path / "missing")).returncode == 2


def _spinner_corpus(root: Path) -> Path:
    """Two spun articles from two spinner families and one the sources table does not name."""
    (root / "spun").mkdir(parents=True)
    (root / "clean").mkdir()
    texts = {
        "x": ("Allow's check out the serum. It boosts collagen manufacturing overnight.", "Allow's"),
        "y": ("Choose a cream that suits your skin kind, then rinse.", "then rinse"),
        "z": ("Allow's begin with the basics of a good routine.", "Allow's"),
    }
    for name, (text, gold) in texts.items():
        (root / "spun" / f"{name}.txt").write_text(text + "\n")
        (root / "spun" / f"{name}.json").write_text(json.dumps({"spun_phrases": [{"text": gold, "original": "?"}]}))
    (root / "clean" / "c.txt").write_text("Wear sunscreen and a hat outdoors.\n")
    (root / "SOURCES.tsv").write_text(
        "file\tsource\tspinner/type\n"
        "spun/x.txt\thttp://a.example\tspun; spinner A synonym spinner\n"
        "spun/y.txt\thttp://b.example\tspun; spinner D paraphraser\n"
    )
    return root


def test_eval_breaks_spun_phrases_down_by_spinner(tmp_path: Path) -> None:
    result = evaluate(_spinner_corpus(tmp_path))
    by = result.by_spinner
    assert sorted(by) == ["A", "D", "unknown"]
    # x: the gold "Allow's" is found and "collagen manufacturing" is a finding outside the gold.
    assert (by["A"].found, by["A"].gold, by["A"].tp, by["A"].fp) == (1, 1, 1, 1)
    # y: the phrasebook's "skin kind" is not the gold span, which nothing finds.
    assert (by["D"].found, by["D"].gold, by["D"].tp, by["D"].fp) == (0, 1, 0, 1)
    assert (by["unknown"].found, by["unknown"].gold) == (1, 1)
    total = result.categories["spun-phrase"]
    assert sum(c.gold for c in by.values()) == total.gold and sum(c.tp for c in by.values()) == total.tp
    assert "spun-phrase by spinner" in render(result)
    data = json.loads(run("eval", str(tmp_path), "--format", "json").stdout)
    assert data["spun_phrase_by_spinner"]["A"] == {
        "precision": 0.5,
        "recall": 1.0,
        "tp": 1,
        "fp": 1,
        "gold": 1,
        "found": 1,
    }
    combined = dict(evaluate_many([tmp_path, tmp_path]))["combined"]
    assert combined.by_spinner["A"].gold == 2


def test_eval_without_a_spinner_column_has_no_breakdown(tmp_path: Path) -> None:
    root = _spinner_corpus(tmp_path)
    (root / "SOURCES.tsv").write_text("file\tsource\nspun/x.txt\thttp://a.example\n")
    result = evaluate(root)
    assert result.by_spinner == {} and "by spinner" not in render(result)


def test_spinner_family_reads_both_spellings() -> None:
    assert spinner_family("spun; spinner C 'the X of yours' rewriter") == "C"
    assert spinner_family("A-like synonym spinner (skin->pores and skin)") == "A"
    assert spinner_family("B/E-style synonym spinner") == "B"
    assert spinner_family("spun; family F machine translation (one-way MT)") == "F"
    assert spinner_family("claims; med spa page") == "unknown"


def test_eval_names_a_broken_gold_file(tmp_path: Path) -> None:
    root = _spinner_corpus(tmp_path)
    (root / "spun" / "y.json").write_text("{not json")
    proc = run("eval", str(root))
    assert proc.returncode == 2 and "y.json" in proc.stderr and "Traceback" not in proc.stderr


@dataclass(frozen=True)
class Floors:
    recall: dict[str, float]
    precision: dict[str, float]
    clean_spun_per_1000: float
    clean_mission_per_1000: float
    separated: bool
    # Spun-phrase recall per spinner family (the corpus's SOURCES.tsv), so that a change that helps one
    # spinner and hurts another fails.
    spinner_recall: dict[str, float] = field(default_factory=dict)
    # The document verdict: ROC AUC of score (clean above spun) and spin (spun above clean), and the most
    # spin a clean article may have (the bar is 0.3).
    score_auc: float = 0.0
    spin_auc: float = 0.0
    clean_spin_max: float = 1.0


FLOORS = {
    "dev": Floors(
        recall={"duplicate-heading": 1.0, "stray-link": 1.0, "spun-phrase": 0.78, "unsupported-claim": 1.0},
        # Against the gold as written (not exhaustive). Measured 2026-12-01: 0.681 (64/94) since CL102's threshold
        # falls to 0.3 in clearly spun articles (README, "Spin detection"): the seed article's extra words are
        # mostly unspun ("subside", "heals"); it was 0.818 with the former floor of 0.7, which the spun pages of
        # other sites paid for in recall. The cost is recorded here, not hidden: a lower reading fails.
        precision={"spun-phrase": 0.66, "unsupported-claim": 0.75},
        clean_spun_per_1000=0.3,
        clean_mission_per_1000=1.0,
        separated=True,
        score_auc=1.0,
        spin_auc=1.0,
        # 0.052 measured before the verdict read the spinners' wording (2026-12-02); 0.254 since: one "care
        # products" in the 187 words of the FDA's cosmetic-or-drug page, an entry of the wording list that skin
        # care copy prints too (README, "The spinners' wording as evidence"). The cost is recorded, not hidden.
        clean_spin_max=0.3,
    ),
    # Measured 2026-12-01: spun-phrase 0.317 recall (166/523) at 0.944 with the mined and multi-word
    # phrasebook, CL105 (structural spins) and CL102's threshold falling with the document verdict to 0.3
    # (issue 13 open; 0.180 at 0.982 with the former floor of 0.7); by spinner A 0.52, B 0.16, C 0.25, D 0.52,
    # E 0.26, G 0.77, F 0.015, H 0.06; stray-link 7/7 and boilerplate 10/12 at precision 1.00 (issue 15);
    # claims 0.85 recall at 0.86 precision (issue 14); 0.09 findings per 1,000 clean words. Floors sit a little
    # under: dev2 is small, and each item is several points (one more detector word outside the gold is a point
    # of precision).
    "dev2": Floors(
        recall={
            "duplicate-heading": 1.0,
            # 0.29 -> 0.4 on 2026-12-03: CL108's stock phrases and CL109 (every rule: 0.463, 242 of 523).
            # 0.4 -> 0.47 on the next session: CL106's trace tier and CL109 on pages past CL108's gate (every rule:
            # 0.499, 261 of 523; default rules 0.411, 215). 0.47 -> 0.49 with CL109's second gate ([gate_any]; every
            # rule 0.511, 267 of 523; default rules 0.423, 221). 0.49 -> 0.52 on the fourth session: CL109's swaps
            # from a spinner's synonym groups and its rates (every rule 0.539, 282 of 523; default rules 0.461, 241).
            "spun-phrase": 0.52,
            "stray-link": 0.85,
            "boilerplate": 0.75,
            "unsupported-claim": 0.8,
        },
        # spun-phrase 0.93 -> 0.92 on 2026-12-02 (CL108, every rule: 0.926): its findings outside the gold were read
        # and are the spinner's ("did not actually commit", "plus could actually make"; the gold of the other spin
        # of the same article marks the same words), not the writer's.
        # 0.92 -> 0.91 on 2026-12-03 (CL108's rewriter stock phrases, every rule: 0.919): the telegrafist page is
        # padded now, and of its 3 findings outside the gold, "and also the dentist" and "the dentist is able to give"
        # read as the spinner's; "or even stroke" is unsure.
        # 0.91 -> 0.90 on the next session (CL106's trace tier; every rule: 0.908, default rules 0.919; 0.910 and
        # 0.922 once CL107 dropped "skin appearance" and CL109 got its second gate): of the 6 new findings outside
        # the gold with every rule, "differentiated", "spent", "understand", "sparkling" and "perfect" read as the
        # writer's, "Going" is unsure; 19 more gold spans were found. Every rule 0.906 with CL109's swaps (fourth
        # session): all 30 findings outside the gold with the default rules were read (README, "Spin detection").
        precision={"spun-phrase": 0.90, "stray-link": 0.9, "boilerplate": 0.9, "unsupported-claim": 0.85},
        clean_spun_per_1000=0.0,
        clean_mission_per_1000=0.15,
        separated=False,
        # With the first, smaller topical table D had fallen to 0.065 (a floor caught it); with CL102's floor
        # of 0.3 it reads 0.52 (24 of 46).
        # E 0.2 -> 0.5 on 2026-12-02: CL108 (spinner filler) reads 0.596 with every rule.
        # B 0.13 -> 0.22 and C 0.2 -> 0.38 on 2026-12-03: CL108's rewriter stock phrases (every rule: 0.275, 0.458).
        # A 0.45 -> 0.6 the same day: CL109, a dictionary spinner's single words (every rule: 0.722).
        # A 0.6 -> 0.65, B 0.25 -> 0.4, C 0.38 -> 0.55, E 0.5 -> 0.6 on the next session: CL106's trace tier and CL109
        # on pages past CL108's gate (every rule: 0.694, 0.442, 0.625, 0.649); A 0.65 -> 0.7 with CL109's second gate
        # (0.736). A 0.7 -> 0.76 and B 0.4 -> 0.45 with CL109's swaps (0.799, 0.475).
        spinner_recall={"A": 0.76, "B": 0.45, "C": 0.55, "D": 0.43, "E": 0.6, "G": 0.65},
        # Measured 2026-11-30 with the default rules: score AUC 0.955 (0.936 before the score's 2-point spin
        # lead), spin AUC 0.951 (36.5 of 750 pairs out of order), highest clean spin 0.251 (README, "Spin
        # detection"). A pair is 0.0013 of AUC. 2026-12-02, with the spinners' wording in the verdict: score
        # AUC 0.95, spin AUC 0.96, highest clean spin 0.170; with every rule, recall E 0.30 and G 0.77 as before.
        score_auc=0.945,
        spin_auc=0.945,
        clean_spin_max=0.3,
    ),
}


def test_dev_corpus_floors(corpus: Path) -> None:
    floors = FLOORS.get(corpus.name)
    if floors is None:
        pytest.skip(f"no floors recorded for a corpus named {corpus.name!r}")
    result = evaluate(corpus)  # every rule, the statistical spin detector (CL102) included
    cats = result.categories
    for category, floor in floors.recall.items():
        assert (cats[category].recall or 0) >= floor, (category, cats[category].recall)
    for category, floor in floors.precision.items():
        assert (cats[category].precision or 0) >= floor, (category, cats[category].precision)
    assert result.clean_per_1000("spun-phrase") <= floors.clean_spun_per_1000
    mission = sum(
        result.clean_per_1000(c) for c in ("duplicate-heading", "spun-phrase", "stray-link", "unsupported-claim")
    )
    assert mission <= floors.clean_mission_per_1000
    if floors.separated:
        assert result.separation is not None and result.separation > 0
    for family, floor in floors.spinner_recall.items():
        assert (result.by_spinner[family].recall or 0) >= floor, (family, result.by_spinner[family].recall)
    document = result.document
    assert (document.score_auc or 0) >= floors.score_auc, document.score_auc
    assert (document.spin_auc or 0) >= floors.spin_auc, document.spin_auc
    clean_spin = max(a.spin for a in result.articles if a.kind == "clean")
    assert clean_spin <= floors.clean_spin_max, clean_spin


def test_dev_corpus_phrasebook_and_detector_apart(corpus: Path) -> None:
    """Each spun-phrase source on its own: the reviewed phrasebook, the statistical detector, the variants."""
    if corpus.name != "dev":
        pytest.skip("floors for each spun-phrase source are recorded on dev only")
    phrasebook = evaluate(corpus, Linter(default_config(ignore=("CL102", "CL103", "CL107")))).categories["spun-phrase"]
    assert (phrasebook.precision or 0) >= 0.9 and (phrasebook.recall or 0) >= 0.6
    detector = evaluate(corpus, Linter(default_config(ignore=("CL101", "CL103", "CL107"))))
    spun = detector.categories["spun-phrase"]
    assert (spun.precision or 0) >= 0.8 and spun.found >= 3
    assert detector.clean_per_1000("spun-phrase") == 0.0
    # The variants are gated by the phrasebook's evidence, which is gathered even when CL101 is not reported.
    variants = evaluate(corpus, Linter(default_config(ignore=("CL101", "CL102", "CL107"))))
    assert variants.categories["spun-phrase"].found >= 3
    assert variants.clean_per_1000("spun-phrase") == 0.0
    # So is the spinners' wording (CL107).
    wording = evaluate(corpus, Linter(default_config(ignore=("CL101", "CL102", "CL103"))))
    assert wording.categories["spun-phrase"].found >= 1
    assert wording.clean_per_1000("spun-phrase") == 0.0
