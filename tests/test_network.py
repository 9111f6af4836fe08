"""Linting works with the network unreachable: no model, NLTK or dictionary downloads, and the
statistical spin detector's thesaurus and language model come from installed packages."""

from __future__ import annotations

import os
import subprocess
import sys

from .conftest import SAMPLES

GUARD = r"""
import socket, sys
def refuse(*a, **k):
    raise OSError("network disabled by test")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
import nltk
def no_download(*a, **k):
    raise AssertionError("nltk.download called")
nltk.download = no_download
from contentlint import check_path
from contentlint.config import Config
report = check_path(sys.argv[1], config=Config(select=("CL", "CL102")))
assert report.error is None, report.error
assert report.readability is not None and report.readability.words > 100
assert report.spin is not None and report.spin.statistical_enabled and report.spin.scored_words > 50
print(report.readability.flesch_reading_ease, len(report.findings))
"""


def test_lint_offline(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # A fresh cache directory: the detector's index is built from installed packages, offline.
    proc = subprocess.run(
        [sys.executable, "-c", GUARD, str(SAMPLES / "spun-vitamin-c-serum.txt")],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "CONTENTLINT_CACHE_DIR": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stderr
    ease, findings = proc.stdout.split()
    assert 0 < float(ease) < 100 and int(findings) > 10
