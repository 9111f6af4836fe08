"""The maintainers' spin tools: the seeded spinner, the weight fitting, and the phrasebook miner."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tools.spin import mine, reporter, simulate, train

from .conftest import ROOT

TRAINING = sorted((ROOT / "training" / "clean").glob("*.txt"))
SENTENCES = [
    "Apply a thin layer of cream to clean skin every evening.",
    "Drink enough water and sleep well before a long journey.",
    "The results were better than the team expected, so they kept the method.",
    "Choose simple products and avoid strong fragrance if your skin is sensitive.",
]


@settings(max_examples=25)
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6), st.integers(0, 10_000), st.floats(0.0, 0.6))
def test_spinning_is_reversible_and_offsets_map_back(sentences: list[str], seed: int, rate: float) -> None:
    text = "\n\n".join(sentences) + "\n"
    spun, subs = simulate.spin(text, seed=seed, rate=rate)
    rebuilt, pos = [], 0
    for sub in subs:
        assert spun[sub.start : sub.end] == sub.spun  # every substitution's span is exact
        assert sub.spun.lower() != sub.original.lower()
        rebuilt.append(spun[pos : sub.start] + sub.original)
        pos = sub.end
    rebuilt.append(spun[pos:])
    assert "".join(rebuilt) == text  # nothing outside the substitutions changed


def test_spinning_is_deterministic_and_rate_controls_it() -> None:
    text = TRAINING[0].read_text(encoding="utf-8")
    assert simulate.spin(text, seed=3) == simulate.spin(text, seed=3)
    assert simulate.spin(text, seed=3, rate=0.0)[1] == []
    few, many = simulate.spin(text, seed=3, rate=0.05)[1], simulate.spin(text, seed=3, rate=0.4)[1]
    assert len(many) > 2 * len(few) > 0


def test_spinner_prefers_close_common_synonyms() -> None:
    import random

    rng = random.Random(0)
    picks = [simulate.choose("help", 0, rng) for _ in range(200)]
    assert picks.count("assist") + picks.count("aid") > 40  # close, ordinary synonyms dominate


def test_simulated_corpus_has_the_dev_corpus_layout(tmp_path: Path) -> None:
    n = simulate.write_corpus(TRAINING[:2], tmp_path, rate=0.2, seed=1)
    assert n == 2 and len(list((tmp_path / "clean").glob("*.txt"))) == 2
    for gold in (tmp_path / "spun").glob("*.json"):
        text = gold.with_suffix(".txt").read_text(encoding="utf-8")
        items = json.loads(gold.read_text(encoding="utf-8"))["spun_phrases"]
        assert items and all(item["text"] in text for item in items)


def test_fitting_recovers_the_simulated_substitutions() -> None:
    texts = [p.read_text(encoding="utf-8") for p in TRAINING[:2]]
    examples = train.collect(texts, spins=1, rate=0.25, seed=9)
    assert sum(e.spun for e in examples) > 20
    weights = train.fit(examples)
    metrics = train.measure(weights, examples)
    assert weights.candidate[0] > 0  # the language model's preference for a candidate counts for it
    assert metrics.auc > 0.8 and metrics.suggestion_top1 > 0.3


def test_model_file_is_reproducible_in_format() -> None:
    """The shipped weights parse, name their sources, and carry their validation numbers."""
    import tomllib

    data = tomllib.loads((ROOT / "rules" / "spin_model.toml").read_text(encoding="utf-8"))
    assert data["meta"]["sources"] and data["meta"]["licence"]
    assert data["meta"]["validation"]["auc"] > 0.8
    assert set(data["candidate"]) and set(data["word"])


def _family_corpus(tmp_path: Path) -> tuple[Path, set[tuple[str, str]]]:
    truth: set[tuple[str, str]] = set()
    for source in TRAINING[:3]:
        text = source.read_text(encoding="utf-8")
        for s in range(3):
            spun, subs = simulate.spin(text, seed=40 + s, rate=0.2)
            (tmp_path / f"{source.stem}-{s}.txt").write_text(spun, encoding="utf-8")
            truth |= {(x.spun.lower(), x.original.lower()) for x in subs}
    return tmp_path, truth


def test_miner_aligns_spin_families(tmp_path: Path) -> None:
    corpus, truth = _family_corpus(tmp_path)
    articles = mine.read_articles([corpus])
    pairs = mine.families(articles)
    seed_of = [Path(a.name).stem.rsplit("-", 1)[0] for a in articles]
    names = {(seed_of[i], seed_of[j]) for i, j in pairs}
    assert names and all(a == b for a, b in names)  # only spins of one seed are grouped
    evidence: dict[tuple[str, str, str], mine.Evidence] = {}
    mine.mine_families(articles, evidence)
    rows = list(evidence.values())
    oriented = sum((e.spun, e.original) in truth for e in rows)
    either = sum((e.spun, e.original) in truth or (e.original, e.spun) in truth for e in rows)
    assert either >= 0.5 * len(rows)  # most aligned differences are real substitutions
    assert oriented >= 0.7 * either  # and mostly the right way round


def test_miner_command_writes_reviewable_tsv(tmp_path: Path) -> None:
    corpus, _ = _family_corpus(tmp_path / "c") if (tmp_path / "c").mkdir() is None else (None, None)
    out = tmp_path / "candidates.tsv"
    proc = subprocess.run(
        [sys.executable, "-m", "tools.spin.mine", str(corpus), "--out", str(out)],
        cwd=ROOT,  # tools/ is run from the repository, not installed
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8"), delimiter="\t"))
    assert rows and {"spun", "original", "method", "documents", "examples"} <= set(rows[0])
    assert rows[0]["method"] == "family"  # direct evidence first
    assert {r["method"] for r in rows} == {"family", "detector"}


def test_miner_leaves_out_what_the_phrasebook_knows(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("It deals many benefits for every skin kind.\n" * 5, encoding="utf-8")
    rows = mine.mine(mine.read_articles([tmp_path]))
    assert all(r.spun not in ("skin kind", "deals many") for r in rows)


def test_reporter_labels_only_the_words_the_spinner_changed() -> None:
    gold = [{"text": "pores and skin care", "original": "skin care", "spans": [[0, 19]]}]
    page = {"kind": "spun", "gold": gold}
    assert reporter.label(page, {"word": "pores", "start": 0, "end": 5}) == 1
    # inside the gold span but kept from the original: not the spinner's word
    assert reporter.label(page, {"word": "care", "start": 15, "end": 19}) == 0
    assert reporter.label(page, {"word": "pores", "start": 30, "end": 35}) == 0


def test_reporter_model_learns_and_round_trips(tmp_path: Path) -> None:
    import argparse

    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, len(reporter.INPUTS)))
    y = (x[:, reporter.INPUTS.index("exact")] + 0.3 * rng.normal(size=400) > 0).astype(float)
    model = reporter.Model(reporter.SUBSETS["all"], 1.0).fit(x, y)
    assert ((model.predict(x) > 0.5) == (y > 0.5)).mean() > 0.9
    out = tmp_path / "model.toml"
    args = argparse.Namespace(dumps=[Path("a.jsonl")], inputs="all", l2=1.0, recheck=0.1, floor=0.9)
    reporter.write(out, model, 0.75, args, {"a": [{"kind": "spun", "site": "s"}]})
    shipped = reporter.shipped(out)
    assert shipped.threshold == 0.75 and shipped.recheck == 0.1
    assert abs(shipped.probability(x[0].tolist()) - float(model.predict(x[:1])[0])) < 1e-9
