"""Baselines: adopt contentlint on an old archive and fail only on new findings.

A finding's fingerprint is its rule, its file, its normalised text and the normalised words around
it on its line, never its line number, so findings survive edits elsewhere in the file. Matching is
count-aware: a baseline with two identical findings hides two, not a third.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from . import __version__
from .errors import ConfigError
from .model import FileReport, Finding

_NORM = re.compile(r"[\W_]+")
CONTEXT = 40


def _norm(text: str) -> str:
    return _NORM.sub(" ", text.lower()).strip()


def _path(path: str) -> str:
    return path.replace("\\", "/").removeprefix("./")


def fingerprint(report: FileReport, finding: Finding) -> str:
    source = report.document.source if report.document else ""
    line_start = source.rfind("\n", 0, finding.start) + 1
    line_end = source.find("\n", finding.end)
    line_end = len(source) if line_end == -1 else line_end
    before = source[max(line_start, finding.start - CONTEXT) : finding.start]
    after = source[finding.end : min(line_end, finding.end + CONTEXT)]
    key = "\0".join((finding.rule, _path(report.path), _norm(finding.text), _norm(before), _norm(after)))
    # surrogateescape: a file name with bytes that are not UTF-8 hashes as those bytes, never fails.
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:20]


def entry(report: FileReport, finding: Finding, fingerprint_: str | None = None) -> dict[str, Any]:
    """A finding as the baseline file records it."""
    fp = fingerprint_ if fingerprint_ is not None else fingerprint(report, finding)
    return {"path": _path(report.path), "rule": finding.rule, "fingerprint": fp, "text": finding.text}


def write_entries(path: Path, entries: list[dict[str, Any]]) -> int:
    data = {"version": 1, "tool": f"contentlint {__version__}", "findings": entries}
    text = json.dumps(data, indent=1, ensure_ascii=False)
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not UTF-8: its bytes are kept as JSON escapes
        encoded = json.dumps(data, indent=1).encode("ascii")
    path.write_bytes(encoded + b"\n")
    return len(entries)


class Baseline:
    def __init__(self, counts: Counter[tuple[str, str]]) -> None:
        self._by_path: dict[str, Counter[str]] = {}
        for (path, fp), n in counts.items():
            self._by_path.setdefault(path, Counter())[fp] = n

    @classmethod
    def load(cls, path: Path) -> Baseline:
        try:
            data: Any = json.loads(path.read_text(encoding="utf-8"))
            entries = data["findings"]
            counts = Counter((_path(e["path"]), e["fingerprint"]) for e in entries)
        except FileNotFoundError:
            raise ConfigError(f"{path}: baseline file not found (create it with --write-baseline)") from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"{path}: not a contentlint baseline: {exc}") from None
        return cls(counts)

    def filter(self, report: FileReport) -> int:
        """Drop the report's findings that are in the baseline; returns how many were dropped."""
        if report.error is not None:
            return 0
        remaining = Counter(self._by_path.get(_path(report.path), {}))
        kept, dropped = [], 0
        for f in report.findings:
            key = fingerprint(report, f)
            if remaining[key] > 0:
                remaining[key] -= 1
                dropped += 1
            else:
                kept.append(f)
        report.findings = kept
        return dropped
