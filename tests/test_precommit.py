"""The real pre-commit tool runs this repository's hook on a temporary git repository.

pre-commit installs the hook from a clone of this repository's committed HEAD into its own virtual
environment (from the package index, like any user's machine), so the test is skipped outside a
git checkout and takes a minute the first time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(not (ROOT / ".git").exists() or shutil.which("git") is None, reason="needs a git checkout")
def test_pre_commit_hook_fails_on_spun_and_passes_on_clean(tmp_path: Path) -> None:
    repo = tmp_path / "site"
    repo.mkdir()
    _git("init", "-q", cwd=repo)
    (repo / "spun.md").write_text("# Tips\n\nAllow's begin. It deals many benefits for every skin kind.\n")
    (repo / "clean.md").write_text("# Tips\n\nWear sunscreen every day and reapply it outdoors.\n")
    _git("add", ".", cwd=repo)
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    command = [
        sys.executable,
        "-m",
        "pre_commit",
        "try-repo",
        str(ROOT),
        "contentlint",
        "--ref",
        head.strip(),
        "--files",
    ]
    spun = subprocess.run([*command, "spun.md"], cwd=repo, env=env, capture_output=True, text=True, timeout=1500)
    assert spun.returncode == 1, spun.stdout + spun.stderr
    assert "CL101" in spun.stdout
    clean = subprocess.run([*command, "clean.md"], cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert clean.returncode == 0, clean.stdout + clean.stderr
