"""The Python API a CMS plugin or a notebook uses."""

from __future__ import annotations

from pathlib import Path

from contentlint import Config, Linter, check_path, check_text
from contentlint.formats import load_string
from contentlint.nlp import get_nlp

from .conftest import SAMPLES


def test_check_text_returns_a_report() -> None:
    report = check_text("Allow's check out the conveniences of microneedling.")
    assert [(f.rule, f.suggestion) for f in report.findings] == [
        ("CL101", "Let's"),
        ("CL101", "benefits of microneedling"),
    ]
    assert report.score is not None and report.score.value < 100
    assert report.to_json()["findings"][0]["text"] == "Allow's"


def test_check_path_and_errors(tmp_path: Path) -> None:
    assert check_path(SAMPLES / "clean-sunscreen-basics.md").findings == []
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    report = check_path(bad)
    assert report.error is not None and "binary" in report.error
    assert check_path(tmp_path / "missing.md").error == "no such file or directory"


def test_linter_batches_reuse_one_pipeline() -> None:
    nlp = get_nlp()
    docs = [load_string(p.read_text(), str(p)) for p in sorted(SAMPLES.iterdir())]
    reports = list(Linter(Config()).lint_documents(docs, batch_size=2))
    assert [r.path for r in reports] == [d.path for d in docs]
    assert get_nlp() is nlp
    one_by_one = [Linter(Config()).lint_document(d) for d in docs]
    assert [[f.to_json() for f in r.findings] for r in reports] == [
        [f.to_json() for f in r.findings] for r in one_by_one
    ]


def test_select_limits_the_rules() -> None:
    text = (SAMPLES / "spun-vitamin-c-serum.txt").read_text()
    report = check_text(text, config=Config(select=("CL2",)))
    assert {f.rule for f in report.findings} <= {"CL201", "CL202"}
    assert report.findings
