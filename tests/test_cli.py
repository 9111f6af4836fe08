"""The command line: exit codes, formats, inputs. Run through the real entry point in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SAMPLES

SPUN = "Conveniences of Retinol\n\nRetinol deals many benefits for every skin kind.\n"
CLEAN = "How to Choose a Moisturiser\n\nPick a cream that suits how your skin feels during the day.\n"


def run(*args: str, cwd: Path | None = None, stdin: str | bytes | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    data = stdin.encode() if isinstance(stdin, str) else stdin
    proc = subprocess.run(
        [sys.executable, "-m", "contentlint", *args],
        cwd=cwd or ROOT,
        input=data,
        stdin=subprocess.DEVNULL if data is None else None,
        capture_output=True,
        env=env,
        timeout=120,
    )
    out, err = (stream.decode("utf-8", "surrogateescape") for stream in (proc.stdout, proc.stderr))
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "spun.txt").write_text(SPUN)
    (tmp_path / "clean.md").write_text(CLEAN)
    return tmp_path


def test_clean_file_exits_zero(tree: Path) -> None:
    proc = run("check", "clean.md", cwd=tree)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Found 0 findings in 1 file" in proc.stdout


def test_findings_exit_one_with_locations(tree: Path) -> None:
    proc = run("check", "spun.txt", cwd=tree)
    assert proc.returncode == 1
    assert "spun.txt:3:9: CL101 warning [spun-phrase]" in proc.stdout
    assert 'Suggestion: "offers many benefits"' in proc.stdout
    assert "\x1b[" not in proc.stdout  # no colour when not on a terminal


def test_fail_on_error_ignores_warnings(tree: Path) -> None:
    assert run("check", "spun.txt", "--fail-on", "error", cwd=tree).returncode == 0
    assert run("check", "spun.txt", "--exit-zero", cwd=tree).returncode == 0


def test_fail_under(tree: Path) -> None:
    assert run("check", "clean.md", "--fail-under", "90", cwd=tree).returncode == 0
    assert run("check", "spun.txt", "--fail-on", "error", "--fail-under", "90", cwd=tree).returncode == 1


def test_empty_select_is_an_error_not_no_rules(tree: Path) -> None:
    """`--select "$RULES"` with RULES unset must not turn every rule off and pass a spun article."""
    for command in ("check", "fix", "audit"):
        proc = run(command, "--select", "", "spun.txt", cwd=tree)
        assert proc.returncode == 2 and "--select" in proc.stderr and "Traceback" not in proc.stderr, command
    assert run("check", "--ignore", "", "spun.txt", cwd=tree).returncode == 1  # ignoring nothing is harmless


def test_piped_text_without_a_path_is_the_article(tree: Path) -> None:
    proc = run("check", stdin=SPUN, cwd=tree)
    assert proc.returncode == 1 and "-:3:9: CL101" in proc.stdout and "in 1 file" in proc.stdout
    assert "spun.txt" not in proc.stdout and "clean.md" not in proc.stdout
    fixed = run("fix", stdin=SPUN, cwd=tree)
    assert "offers many benefits" in fixed.stdout
    # Nothing piped (stdin is /dev/null here): the current directory, as before.
    assert "in 2 files" in run("check", cwd=tree).stdout


def test_usage_errors_exit_two(tree: Path) -> None:
    assert run("check", "--format", "yaml", "spun.txt", cwd=tree).returncode == 2
    proc = run("check", "--select", "CL999", "spun.txt", cwd=tree)
    assert proc.returncode == 2 and "CL999" in proc.stderr and "Traceback" not in proc.stderr


def test_unreadable_inputs_report_and_continue(tree: Path) -> None:
    (tree / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    proc = run("check", "image.md", "spun.txt", "missing.txt", cwd=tree)
    assert proc.returncode == 2
    assert "image.md: binary file" in proc.stderr
    assert "missing.txt: no such file or directory" in proc.stderr
    assert "spun.txt:3:9: CL101" in proc.stdout  # the good file was still linted
    assert "Traceback" not in proc.stderr


def test_stdin(tree: Path) -> None:
    proc = run("check", "-", "--format", "json", stdin=SPUN)
    data = json.loads(proc.stdout)
    assert data["files"][0]["path"] == "-"
    assert proc.returncode == 1
    md = run("check", "-", "--stdin-filename", "draft.md", stdin="```\nskin kind\n```\n")
    assert md.returncode == 0


def test_directories_recursive_with_globs(tree: Path) -> None:
    (tree / "sub" / "deeper").mkdir(parents=True)
    (tree / "sub" / "deeper" / "more.html").write_text("<p>It deals many benefits.</p>")
    (tree / "sub" / "notes.rst").write_text(SPUN)
    (tree / "sub" / "drafts").mkdir()
    (tree / "sub" / "drafts" / "x.md").write_text(SPUN)
    data = json.loads(run("check", ".", "--format", "json", "--exclude", "drafts", cwd=tree).stdout)
    assert sorted(f["path"] for f in data["files"]) == ["clean.md", "spun.txt", "sub/deeper/more.html"]
    data = json.loads(run("check", ".", "--format", "json", "--include", "*.html", cwd=tree).stdout)
    assert [f["path"] for f in data["files"]] == ["sub/deeper/more.html"]


def test_symlink_loop_is_walked_once(tree: Path) -> None:
    (tree / "sub").mkdir()
    (tree / "sub" / "loop").symlink_to(tree, target_is_directory=True)
    (tree / "dangling.md").symlink_to(tree / "nowhere.md")
    proc = run("check", ".", "--format", "json", cwd=tree)
    data = json.loads(proc.stdout)
    paths = [f["path"] for f in data["files"]]
    assert paths.count("spun.txt") == 1
    assert "Traceback" not in proc.stderr


def test_max_bytes_limit_is_a_clear_error(tree: Path) -> None:
    big = tree / "huge.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # 50 MB (sparse): the default limit refuses it without reading
    proc = run("check", "huge.txt", "spun.txt", cwd=tree)
    assert proc.returncode == 2
    assert "huge.txt: file is 52,428,800 bytes, over the --max-bytes limit" in proc.stderr


def test_empty_file(tree: Path) -> None:
    (tree / "empty.md").write_text("")
    proc = run("check", "empty.md", cwd=tree)
    assert proc.returncode == 0


def test_rules_catalogue() -> None:
    proc = run("rules")
    assert proc.returncode == 0
    assert "CL101  spun-phrase" in proc.stdout
    page = run("rules", "cl101")
    assert "## Why it matters" in page.stdout and "## Fix" in page.stdout
    assert run("rules", "CL999").returncode == 2


def test_samples_quick_start_command() -> None:
    proc = run("check", str(SAMPLES), "--exit-zero")
    assert proc.returncode == 0
    assert "spun-vitamin-c-serum.txt" in proc.stdout and "score" in proc.stdout


def test_version() -> None:
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("contentlint ")


def test_help_shows_defaults_in_brackets() -> None:
    proc = run("check", "--help")
    assert proc.returncode == 0
    assert "[default: warning]" in " ".join(proc.stdout.split())
    assert "…" not in proc.stdout  # nothing cut off


def test_fix_write_summary_on_stderr_names_what_still_fails(tree: Path) -> None:
    (tree / "claim.txt").write_text("Tips\n\nAllow's begin. This serum heals acne scars for good.\n")
    proc = run("fix", "claim.txt", "--write", cwd=tree)
    assert proc.returncode == 1 and proc.stdout == ""
    assert "claim.txt: 1 fix applied" in proc.stderr
    assert "still fail the run" in proc.stderr and "claim.txt:3:" in proc.stderr and "disease-claim" in proc.stderr
