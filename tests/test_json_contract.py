"""The JSON output follows the wire contract (tests/json_schema_v1.json)."""

from __future__ import annotations

import json

import jsonschema

from .conftest import ROOT, SAMPLES
from .test_cli import run

SCHEMA = json.loads((ROOT / "tests" / "json_schema_v1.json").read_text())


def test_json_output_matches_schema_and_offsets() -> None:
    proc = run("check", str(SAMPLES), "--format", "json")
    data = json.loads(proc.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["version"] == 1
    assert data["summary"]["files"] == len(data["files"]) == len(list(SAMPLES.iterdir()))
    assert data["summary"]["findings"] == sum(len(f["findings"]) for f in data["files"])
    for entry in data["files"]:
        source = (ROOT / entry["path"]).read_text(encoding="utf-8")  # absolute paths stay absolute
        for f in entry["findings"]:
            assert source[f["start"] : f["end"]] == f["text"]


def test_json_reports_errors() -> None:
    proc = run("check", "no-such-file.md", "--format", "json")
    data = json.loads(proc.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["summary"]["errors"] == 1
    assert proc.returncode == 2
