"""Formats for CI: SARIF 2.1.0 (validated against the official schema), GitHub annotations, JUnit."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema

from .conftest import ROOT, SAMPLES
from .test_cli import run

SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def test_sarif_validates_and_carries_rules_regions_and_fixes() -> None:
    proc = run("check", str(SAMPLES), "--format", "sarif")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(data)
    run_ = data["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules)
    assert all(r["helpUri"].startswith("https://") and "## Why it matters" in r["help"]["text"] for r in rules)
    results = run_["results"]
    assert results
    first = results[0]
    region = first["locations"][0]["physicalLocation"]["region"]
    path = first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    source = Path(path).read_text(encoding="utf-8") if Path(path).is_absolute() else (ROOT / path).read_text()
    assert source[region["charOffset"] : region["charOffset"] + region["charLength"]] == region["snippet"]["text"]
    assert rules[first["ruleIndex"]]["id"] == first["ruleId"]
    fixed = [r for r in results if "fixes" in r]
    assert fixed and all(r["partialFingerprints"]["contentlint/v1"] for r in results)
    replacement = fixed[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert {"startLine", "startColumn", "endLine", "endColumn"} <= set(replacement["deletedRegion"])


def test_sarif_reports_unreadable_files_as_notifications(tmp_path: Path) -> None:
    (tmp_path / "bin.md").write_bytes(b"\x00\x01\x02\x03" * 50)
    proc = run("check", "bin.md", "--format", "sarif", cwd=tmp_path)
    data = json.loads(proc.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(data)
    invocation = data["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "bin.md" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_github_annotations(tmp_path: Path) -> None:
    (tmp_path / "a, b.md").write_text("# Tips\n\nAllow's begin: 100% results, clinically proven.\n")
    proc = run("check", "a, b.md", "--format", "github", cwd=tmp_path)
    lines = proc.stdout.strip().splitlines()
    assert lines[0].startswith("::warning file=a%2C b.md,line=3,col=1,endLine=3,endColumn=8,title=CL101 spun-phrase::")
    assert all(line.startswith(("::warning ", "::error ", "::notice ")) for line in lines)
    assert proc.returncode == 1


def test_junit_and_output_file(tmp_path: Path) -> None:
    (tmp_path / "spun.txt").write_text("Tips\n\nAllow's begin.\n")
    (tmp_path / "clean.txt").write_text("Tips\n\nWear sunscreen.\n")
    proc = run("check", ".", "--format", "junit", "--output", "report.xml", cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout == ""
    root = ET.parse(tmp_path / "report.xml").getroot()
    suite = root.find("testsuite")
    assert suite is not None
    assert suite.get("tests") == "2" and suite.get("failures") == "1"
    failure = suite.find("testcase/failure")
    assert failure is not None and failure.get("type") == "CL101"


def test_text_output_to_file(tmp_path: Path) -> None:
    (tmp_path / "spun.txt").write_text("Tips\n\nAllow's begin.\n")
    proc = run("check", "spun.txt", "-o", "out.txt", cwd=tmp_path)
    assert proc.stdout == ""
    text = (tmp_path / "out.txt").read_text()
    assert "spun.txt:3:1: CL101" in text and "Found 1 finding" in text


def test_file_names_that_are_not_utf8_or_need_escaping(tmp_path: Path) -> None:
    """SARIF, baselines and every format handle a name with a non-UTF-8 byte or a space."""
    odd = tmp_path / "odd"
    odd.mkdir()
    text = b"Tips\n\nAllow's begin with the conveniences of retinol.\n"
    (odd / "caf\xe9 post.txt".encode("latin-1").decode("utf-8", "surrogateescape")).write_bytes(text)
    proc = run("check", ".", "--format", "sarif", cwd=odd)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    data = json.loads(proc.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(data)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in data["runs"][0]["results"]}
    assert uris == {"caf%E9%20post.txt"}
    for fmt in ("json", "github", "junit", "text"):
        proc = run("check", ".", "--format", fmt, cwd=odd)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, (fmt, proc.stderr)
    baseline = tmp_path / "baseline.json"
    proc = run("check", ".", "--write-baseline", str(baseline), cwd=odd)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    proc = run("check", ".", "--baseline", str(baseline), cwd=odd)
    assert proc.returncode == 0 and "2 findings in the baseline not shown" in proc.stderr
