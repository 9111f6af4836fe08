"""The spin verdict's strongest words are judged again only when the run shows them (Context.explain): the
JSON output's breakdown. Every other result of a run is the same either way."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from contentlint.api import Linter
from contentlint.cli import app
from contentlint.formats import load_bytes

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SPUN = SAMPLES / "spun-vitamin-c-serum.txt"


def _report(explain: bool) -> dict:
    document = load_bytes(SPUN.read_bytes(), str(SPUN))
    return Linter(explain=explain).lint_document(document).to_json()


def test_without_explanations_only_the_strongest_words_are_left_out() -> None:
    shown, quiet = _report(True), _report(False)
    assert "strongest:" in shown["breakdown"]["spin"]["evidence"]
    assert "strongest:" not in quiet["breakdown"]["spin"]["evidence"]
    for report in (shown, quiet):
        report["breakdown"]["spin"].pop("evidence")
    assert shown == quiet


def test_the_json_output_keeps_the_strongest_words() -> None:
    result = CliRunner().invoke(app, ["check", "-f", "json", "--exit-zero", str(SPUN)])
    assert result.exit_code == 0, result.output
    files = json.loads(result.stdout)["files"]
    assert "strongest:" in files[0]["breakdown"]["spin"]["evidence"]


def test_the_text_output_does_not_judge_them(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from contentlint.checks import spun

    def refuse(*_: object, **__: object) -> tuple[str, ...]:
        raise AssertionError("the strongest words were judged for an output that does not show them")

    monkeypatch.setattr(spun, "_strongest", refuse)
    result = CliRunner().invoke(app, ["check", "-j", "1", "--exit-zero", str(SPUN)])
    assert result.exit_code == 0, result.output
    assert "score" in result.stdout
