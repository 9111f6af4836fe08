"""`spin` as a calibrated probability: the shipped map, its checks, the fitting tool, and `--fail-on-spin`."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy
import pytest
from hypothesis import given
from hypothesis import strategies as st

from contentlint import ruledata
from contentlint.evaluate import rebase, reliability
from contentlint.spin import signal
from contentlint.spin.signal import calibration, spin_value
from tools.spin import calibrate

from .test_cli import run

FIXTURES = Path(__file__).parent / "fixtures" / "spin"
rates = st.floats(0.0, 1.0, allow_nan=False)


@given(rates, rates, st.booleans())
def test_spin_is_a_probability_that_never_falls_as_the_rate_rises(a: float, b: float, byline: bool) -> None:
    lo, hi = sorted((a, b))
    assert 0.0 <= spin_value(lo, byline) <= spin_value(hi, byline) <= 1.0
    assert spin_value(lo, byline) >= spin_value(lo, False)


def test_the_shipped_calibration_states_its_base_rate_and_provenance() -> None:
    fitted = calibration()
    assert fitted.slope > 0 and 0 < fitted.base_rate < 1
    # At the file's own base rate the probability is the one spin_value reports (before rounding).
    assert math.isclose(spin_value(0.05, False), fitted.probability(0.05), abs_tol=5e-4)
    # A higher assumed share of spun articles can only raise the probability.
    assert fitted.probability(0.05, base_rate=0.5) > fitted.probability(0.05)
    meta = ruledata.load("spin_calibration", signal.CALIBRATION_SHAPE)["meta"]
    assert "tools.spin.calibrate" in meta["command"] and "shared/corpus" not in meta["command"]
    assert meta["fitting"]["articles"] > meta["fitting"]["spun"] > 0


def _bad(monkeypatch: pytest.MonkeyPatch, table: dict[str, Any]) -> str:
    fake = {"meta": {"sources": ["x"], "licence": "MIT"}, "calibration": table}
    monkeypatch.setattr(signal.ruledata, "load", lambda name, shape=None: fake)
    with pytest.raises(ruledata.RuleDataError) as info:
        calibration.__wrapped__()
    return str(info.value)


def test_a_falling_or_incomplete_calibration_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    good = {"intercept": 1.0, "slope": 0.5, "rate_floor": 1e-4, "base_rate": 0.1}
    assert "slope must be > 0" in _bad(monkeypatch, good | {"slope": -0.5})
    assert "base_rate in (0, 1)" in _bad(monkeypatch, good | {"base_rate": 1.0})
    message = _bad(monkeypatch, {k: v for k, v in good.items() if k != "slope"})
    assert "rules/spin_calibration.toml" in message and "slope" in message
    assert "needs numbers" in _bad(monkeypatch, good | {"intercept": "high"})


def test_fit_recovers_a_known_logistic_map() -> None:
    rng = numpy.random.default_rng(7)
    log_rates = rng.uniform(math.log(1e-4), math.log(0.5), 4000)
    truth = 1.0 / (1.0 + numpy.exp(-(4.0 + 1.0 * log_rates)))
    labels = rng.random(4000) < truth
    intercept, slope = calibrate.fit(numpy.exp(log_rates).tolist(), labels.tolist(), 1e-4)
    assert abs(slope - 1.0) < 0.2
    # Balanced weighting moves the intercept by the log of the class ratio; undo it to compare.
    shift = math.log(labels.sum() / (len(labels) - labels.sum()))
    assert abs(intercept + shift - 4.0) < 0.5


def test_the_fitting_tool_refuses_the_evaluation_corpora(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        calibrate.main(["--spun", "/work/shared/corpus/dev2/spun", "--clean", str(tmp_path), "--output", "x"])
    assert not (tmp_path / "x").exists()


def test_reliability_bins_count_every_article() -> None:
    spins = [0.0, 0.05, 0.2, 0.45, 0.95, 1.0]
    spun = [False, False, True, True, True, True]
    table = reliability(spins, spun)
    assert sum(r.articles for r in table) == len(spins)
    last = table[-1]
    assert (last.articles, last.spun, last.observed) == (2, 2, 1.0)  # 1.0 falls in the last bin
    first = table[0]
    assert (first.articles, first.spun, first.observed) == (2, 0, 0.0)
    assert math.isclose(first.mean_spin, 0.025)


def _spin_of(path: Path, cwd: Path) -> float:
    proc = run("check", str(path), "--format", "json", "--exit-zero", cwd=cwd)
    value: float = json.loads(proc.stdout)["files"][0]["spin"]
    return value


def test_fail_on_spin_decides_the_exit_code(tmp_path: Path) -> None:
    article = tmp_path / "spun.txt"
    article.write_text((FIXTURES / "spun" / "winter-lips.txt").read_text(encoding="utf-8"), encoding="utf-8")
    spin = _spin_of(article, tmp_path)
    assert 0.0 < spin < 0.999
    base = ("check", "spun.txt", "--fail-on", "error")
    assert run(*base, cwd=tmp_path).returncode == 0  # its findings alone do not fail the run
    assert run(*base, "--fail-on-spin", str(spin), cwd=tmp_path).returncode == 1  # at the threshold
    assert run(*base, "--fail-on-spin", str(round(spin + 0.001, 3)), cwd=tmp_path).returncode == 0
    assert run(*base, "--fail-on-spin", "1.5", cwd=tmp_path).returncode == 2


def test_fail_on_spin_config_key_decides_the_exit_code(tmp_path: Path) -> None:
    (tmp_path / "spun.txt").write_text((FIXTURES / "spun" / "winter-lips.txt").read_text(encoding="utf-8"))
    (tmp_path / "clean.txt").write_text((FIXTURES / "clean" / "winter-lips.txt").read_text(encoding="utf-8"))
    spun, clean = _spin_of(tmp_path / "spun.txt", tmp_path), _spin_of(tmp_path / "clean.txt", tmp_path)
    assert clean < spun
    threshold = round((clean + spun) / 2, 3)
    (tmp_path / "contentlint.toml").write_text(f'fail-on = "error"\nfail-on-spin = {threshold}\n')
    assert run("check", "clean.txt", cwd=tmp_path).returncode == 0
    assert run("check", "spun.txt", cwd=tmp_path).returncode == 1
    # The command line wins over the file.
    assert run("check", "spun.txt", "--fail-on-spin", "1", cwd=tmp_path).returncode == 0


@given(st.floats(0.001, 0.999), st.floats(0.05, 0.95), st.floats(0.05, 0.95))
def test_rebasing_spin_to_another_share_of_spun_articles(spin: float, low: float, high: float) -> None:
    low, high = sorted((low, high))
    assert math.isclose(rebase(rebase(spin, 0.1, low), low, 0.1), spin, abs_tol=1e-9)
    assert rebase(spin, 0.1, low) <= rebase(spin, 0.1, high) + 1e-12


# -- the document-level features --------------------------------------------------------------------------

FEATURE_VALUES = st.floats(0.0, 50.0, allow_nan=False)


@given(rates, st.sampled_from(list(calibration().weights) or ["odd_words"]), FEATURE_VALUES, FEATURE_VALUES)
def test_spin_never_falls_as_a_feature_rises(rate: float, name: str, a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert spin_value(rate, False, {name: low}) <= spin_value(rate, False, {name: high})
    # a feature the run did not compute counts as its centre, an ordinary article's value
    centre = calibration().centres.get(name, 0.0)
    assert spin_value(rate, False) == spin_value(rate, False, {name: centre})


def test_a_negative_or_unknown_feature_weight_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    good = {"intercept": 1.0, "slope": 0.5, "rate_floor": 1e-4, "base_rate": 0.1}
    assert "weights odd_words must be a number >= 0" in _bad(monkeypatch, good | {"weights": {"odd_words": -1.0}})
    assert "unknown feature 'fluency'" in _bad(monkeypatch, good | {"weights": {"fluency": 1.0}})
    assert "must be a table" in _bad(monkeypatch, good | {"weights": 3})
    assert "centre breakage must be a number >= 0" in _bad(monkeypatch, good | {"centre": {"breakage": -0.5}})


def test_fit_weights_keeps_every_weight_non_negative() -> None:
    rng = numpy.random.default_rng(11)
    n = 3000
    x = rng.normal(size=(n, 3))
    # the label rises with columns 0 and 1 and falls with column 2
    truth = 1.0 / (1.0 + numpy.exp(-(1.5 * x[:, 0] + 0.8 * x[:, 1] - 1.0 * x[:, 2])))
    labels = (rng.random(n) < truth).tolist()
    intercept, weights = calibrate.fit_weights(x, labels)
    assert weights[2] == 0.0  # a feature that would lower spin as it grows is left out
    assert abs(weights[0] - 1.5) < 0.4 and abs(weights[1] - 0.8) < 0.3
    assert math.isfinite(intercept)


def test_the_model_orders_out_of_fold_and_states_it() -> None:
    rng = numpy.random.default_rng(5)
    rows = []
    for i in range(120):
        spun = i % 2 == 0
        rate = float(rng.uniform(0.02, 0.3) if spun else rng.uniform(0.0, 0.05))
        rows.append(calibrate.Row(f"a{i}", spun, rate, {"odd_words": float(rng.uniform(0, 0.3 if spun else 0.15))}))
    model = calibrate.fit_model(rows, ["odd_words"], 1e-4)
    assert model.slope > 0 and model.weights["odd_words"] >= 0
    assert model.ridge in calibrate.RIDGE_GRID and model.cv_auc is not None and model.cv_auc > 0.8
    meta = ruledata.load("spin_calibration", signal.CALIBRATION_SHAPE)["meta"]["fitting"]
    assert 0.5 < meta["cv_auc"] <= 1.0 and "log_rate" in meta["feature_auc"]


def test_the_shipped_calibration_uses_the_fitting_tools_rate_floor() -> None:
    # The command recorded in the file reproduces it only if the tool's default floor is the one shipped.
    assert calibration().rate_floor == calibrate.RATE_FLOOR
    # and a rate under the floor reads as the floor: no evidence below what the EM can tell from noise
    assert spin_value(calibrate.RATE_FLOOR / 10, False) == spin_value(calibrate.RATE_FLOOR, False)


def test_an_extension_fits_one_weight_on_top_of_the_shipped_map() -> None:
    rng = numpy.random.default_rng(7)
    rows = []
    for i in range(200):
        spun = i % 2 == 0
        # the same rate for both classes: only the new feature tells them apart
        wording = float(rng.uniform(0.5, 3.0) if spun else rng.uniform(0.0, 1.0))
        rows.append(calibrate.Row(f"a{i}", spun, 0.02, {"odd_words": 0.04, "wording": wording}))
    fitted = calibrate.fit_extension(rows, "wording")
    assert fitted.weight > 0.5 and fitted.auc_after > fitted.auc_before
    assert fitted.centre == pytest.approx(sum(r.features["wording"] for r in rows) / len(rows))
    # a feature that falls with spin gets no weight: spin must never fall as the evidence grows
    flipped = [calibrate.Row(r.path, not r.spun, r.rate, r.features) for r in rows]
    assert calibrate.fit_extension(flipped, "wording").weight == 0.0


def test_an_extension_keeps_the_shipped_numbers_and_states_its_fit() -> None:
    text = Path(calibrate.ROOT / "rules" / "spin_calibration.toml").read_text(encoding="utf-8")
    fitted = calibrate.Extension("wording", 1.25, 0.5, -0.3, 0.7, 0.8)
    rows = [calibrate.Row("/work/corpora/x/a.txt", True, 0.1), calibrate.Row("/work/corpora/x/b.txt", False, 0.0)]
    out = calibrate.render_extension(text, fitted, rows, "python -m tools.spin.calibrate --extend wording")
    import tomllib

    data, shipped = tomllib.loads(out), tomllib.loads(text)
    assert data["calibration"]["weights"]["wording"] == 1.25 and data["calibration"]["centre"]["wording"] == 0.5
    for key in ("intercept", "slope", "rate_floor", "base_rate"):
        assert data["calibration"][key] == shipped["calibration"][key]
    for name in ("odd_words", "breakage", "slips"):
        assert data["calibration"]["weights"][name] == shipped["calibration"]["weights"][name]
    extension = data["meta"]["extension"]
    assert extension["feature"] == "wording" and extension["articles"] == 2 and extension["spun"] == 1
    # writing it again replaces the extension rather than adding a second one
    again = calibrate.render_extension(out, fitted, rows, "python -m tools.spin.calibrate --extend wording")
    assert again.count("[meta.extension]") == 1 and tomllib.loads(again) == data


def test_the_shipped_extension_names_its_feature_and_fit() -> None:
    meta = ruledata.load("spin_calibration", signal.CALIBRATION_SHAPE)["meta"]
    extension = meta["extension"]
    assert extension["feature"] in calibration().weights
    assert "--extend " + extension["feature"] in extension["command"]
    assert "shared/corpus" not in extension["command"]  # never fitted on the evaluation corpora
    assert 0.5 < extension["auc_before"] <= extension["auc_after"] <= 1.0
