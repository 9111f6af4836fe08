"""Golden test: the findings and scores on samples/ (tests/snapshots/samples.json).

After a reviewed change in behaviour: pytest tests/test_samples_golden.py --update-snapshots
"""

from __future__ import annotations

import json

from contentlint import check_path

from .conftest import ROOT, sample_paths

SNAPSHOT = ROOT / "tests" / "snapshots" / "samples.json"


def _current() -> dict[str, object]:
    out: dict[str, object] = {}
    for path in sample_paths():
        report = check_path(path)
        assert report.score is not None
        out[path.name] = {
            "score": report.score.value,
            "findings": [f"{f.line}:{f.column} {f.rule} {f.text!r} -> {f.suggestion!r}" for f in report.findings],
        }
    return out


def test_samples_match_snapshot(update_snapshots: bool) -> None:
    current = _current()
    if update_snapshots:
        SNAPSHOT.write_text(json.dumps(current, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert SNAPSHOT.exists(), "no snapshot: review the output and run with --update-snapshots"
    assert current == json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_samples_cover_every_defect_kind() -> None:
    spun = [p for p in sample_paths() if p.name.startswith("spun")]
    assert {p.suffix for p in spun} >= {".txt", ".md", ".html"}
    for path in spun:
        categories = {f.category for f in check_path(path).findings}
        assert categories >= {"duplicate-heading", "spun-phrase", "stray-link", "unsupported-claim", "boilerplate"}, (
            path.name
        )
    for path in sample_paths():
        if path.name.startswith("clean"):
            assert check_path(path).findings == [], path.name
