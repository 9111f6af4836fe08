"""benchmarks/bench_stages.py: its JSON names the machine, the load, the commit and every stage, on three
tiny documents of our own (the shape only: timings on a shared machine are not asserted)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

DOCUMENTS = {
    "one.txt": "A Walk In The Park\n\nWe walked along the river and counted the ducks on the water.\n",
    "two.md": "# Winter Boots\n\nDry your boots near a warm room, never on a hot radiator.\n",
    "three.html": "<html><body><h1>Tea</h1><p>Let the leaves steep for three minutes.</p></body></html>\n",
}


def _bench_stages():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_stages", ROOT / "benchmarks" / "bench_stages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_stages"] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_stage_json_has_the_machine_the_load_and_every_stage(tmp_path: Path) -> None:
    corpus = tmp_path / "docs"
    corpus.mkdir()
    for name, text in DOCUMENTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    out = tmp_path / "stages.json"
    _bench_stages().main(["--dir", str(corpus), "--json", str(out), "--no-proselint"])
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["docs"] == 3 and data["words"] > 20
    assert {"cpu_model", "cores", "python", "spacy"} <= set(data["machine"])
    assert len(data["load_average"]["before"]) == 3 and len(data["load_average"]["after"]) == 3
    assert data["commit"]
    check = {row["stage"]: row for row in data["check_stages"]}
    for stage in ("read and decode", "markup extraction (load_bytes)", "spaCy tokenisation (nlp.pipe)", "score"):
        assert stage in check
    assert "analysis: spin" in check and any(name.startswith("check: ") for name in check)
    assert check["of which: statistical detector (candidates, log-odds)"]["of_which"] is True
    summed = [row for row in data["check_stages"] if not row["of_which"]]
    assert sum(row["share"] for row in summed) == pytest.approx(1.0, abs=0.01)
    for row in data["check_stages"] + data["audit_stages"]:
        assert set(row) == {"stage", "seconds", "ms_per_doc", "ms_per_1000_words", "share", "of_which"}
        assert row["seconds"] >= 0
    audit = {row["stage"] for row in data["audit_stages"]}
    assert {"audit: read and extract (prepare)", "audit: store (SQLite)", "audit: archive analysis"} <= audit
    assert data["check_whole"]["seconds"] > 0 and data["check_whole_text"]["seconds"] > 0


def test_a_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="not a directory"):
        _bench_stages().main(["--dir", str(tmp_path / "nowhere"), "--no-proselint"])
