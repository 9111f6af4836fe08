"""Linting works with the network unreachable: no model, NLTK or dictionary downloads."""

from __future__ import annotations

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
report = check_path(sys.argv[1])
assert report.error is None, report.error
assert report.readability is not None and report.readability.words > 100
print(report.readability.flesch_reading_ease, len(report.findings))
"""


def test_lint_offline() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", GUARD, str(SAMPLES / "spun-vitamin-c-serum.txt")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    ease, findings = proc.stdout.split()
    assert 0 < float(ease) < 100 and int(findings) > 10
