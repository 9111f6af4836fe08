"""Baselines: old findings are hidden even when moved, new ones fail the run."""

from __future__ import annotations

import json
from pathlib import Path

from .test_cli import run

OLD = "Spring Care\n\nAllow's begin with sunscreen.\n\nWear a hat. It deals many benefits.\n"


def test_baseline_hides_old_findings_and_fails_on_new(tmp_path: Path) -> None:
    post = tmp_path / "post.txt"
    post.write_text(OLD)
    proc = run("check", "post.txt", "--write-baseline", "baseline.json", cwd=tmp_path)
    assert proc.returncode == 0
    data = json.loads((tmp_path / "baseline.json").read_text())
    assert len(data["findings"]) == 2
    assert run("check", "post.txt", "--baseline", "baseline.json", cwd=tmp_path).returncode == 0

    # Edits elsewhere and moved paragraphs keep the old findings matched.
    post.write_text(
        "Spring Care\n\nA new opening paragraph.\n\nWear a hat. It deals many benefits.\n\n"
        "Allow's begin with sunscreen.\n"
    )
    proc = run("check", "post.txt", "--baseline", "baseline.json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert "2 findings in the baseline not shown" in proc.stderr

    # A new defect fails, and only it is reported.
    post.write_text(post.read_text() + "\nAvoid sun direct exposure.\n")
    proc = run("check", "post.txt", "--baseline", "baseline.json", cwd=tmp_path)
    assert proc.returncode == 1
    assert "sun direct exposure" in proc.stdout and "Allow's" not in proc.stdout


def test_a_second_copy_of_a_baselined_finding_is_new(tmp_path: Path) -> None:
    post = tmp_path / "post.txt"
    post.write_text(OLD)
    run("check", "post.txt", "--write-baseline", "b.json", cwd=tmp_path)
    post.write_text(OLD + "\nMore text.\n\nAllow's begin with sunscreen.\n")
    proc = run("check", "post.txt", "--baseline", "b.json", cwd=tmp_path)
    assert proc.returncode == 1


def test_bad_baseline_file(tmp_path: Path) -> None:
    (tmp_path / "post.txt").write_text(OLD)
    (tmp_path / "b.json").write_text("not json")
    proc = run("check", "post.txt", "--baseline", "b.json", cwd=tmp_path)
    assert proc.returncode == 2 and "not a contentlint baseline" in proc.stderr
    proc = run("check", "post.txt", "--baseline", "missing.json", cwd=tmp_path)
    assert proc.returncode == 2 and "not found" in proc.stderr
