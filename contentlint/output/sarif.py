"""SARIF 2.1.0 for code scanning: the rule catalogue as the tool driver, results with regions, fixes."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from .. import DOCS_URL, __version__
from ..checks import RULES
from ..model import FileReport, Finding, Rule, Severity
from ..ruledocs import anchor, render
from . import Collected, RenderContext, Stream

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"


def _rule(rule: Rule) -> dict[str, Any]:
    page = render(rule)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why},
        "help": {"text": page, "markdown": page},
        "helpUri": f"{DOCS_URL}#{anchor(rule)}",
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"category": rule.category, "fix": rule.fix_safety, "tags": [rule.category]},
    }


def _region(report: FileReport, start: int, end: int, snippet: bool = True) -> dict[str, Any]:
    assert report.document is not None
    line, column = report.document.line_col(start)
    end_line, end_column = report.document.line_col(end)
    region: dict[str, Any] = {
        "startLine": line,
        "startColumn": column,
        "endLine": end_line,
        "endColumn": end_column,
        "charOffset": start,
        "charLength": end - start,
    }
    if snippet:
        region["snippet"] = {"text": report.document.source[start:end]}
    return region


def _result(report: FileReport, f: Finding, index: dict[str, int], fingerprint: str | None) -> dict[str, Any]:
    location = {"artifactLocation": {"uri": _uri(report.path), "uriBaseId": "%SRCROOT%"}}
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index[f.rule],
        "level": _LEVEL[f.severity],
        "message": {"text": f.message + (f' Suggestion: "{f.suggestion}".' if f.suggestion else "")},
        "locations": [{"physicalLocation": {**location, "region": _region(report, f.start, f.end)}}],
    }
    if fingerprint:
        result["partialFingerprints"] = {"contentlint/v1": fingerprint}
    if f.fix is not None:
        result["fixes"] = [
            {
                "description": {"text": ("Safe fix" if f.fix.safe else "Unsafe fix") + f" for {f.rule}"},
                "artifactChanges": [
                    {
                        "artifactLocation": location["artifactLocation"],
                        "replacements": [
                            {
                                "deletedRegion": _region(report, f.fix.start, f.fix.end, snippet=False),
                                "insertedContent": {"text": f.fix.replacement},
                            }
                        ],
                    }
                ],
            }
        ]
    return result


def _uri(path: str) -> str:
    """A relative URI reference: spaces, '#', '%' and bytes that are not UTF-8 are percent-encoded."""
    return quote(os.fsencode(path.replace("\\", "/").removeprefix("./")), safe="/")


def render_sarif(reports: Sequence[FileReport], fingerprints: dict[int, str] | None = None) -> str:
    rules = sorted(RULES.values(), key=lambda r: r.code)
    index = {r.code: i for i, r in enumerate(rules)}
    results = []
    for report in reports:
        if report.error is None:
            for f in report.findings:
                results.append(_result(report, f, index, (fingerprints or {}).get(id(f))))
    notifications = [
        {
            "level": "error",
            "message": {"text": f"{r.path}: {r.error}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(r.path), "uriBaseId": "%SRCROOT%"}}}],
        }
        for r in reports
        if r.error is not None
    ]
    run = {
        "tool": {
            "driver": {
                "name": "contentlint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": DOCS_URL,
                "rules": [_rule(r) for r in rules],
            }
        },
        "columnKind": "unicodeCodePoints",
        "invocations": [{"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}],
        "results": results,
    }
    return json.dumps({"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}, indent=2, ensure_ascii=False)


def _render_run(reports: Sequence[FileReport], context: RenderContext) -> str:
    return render_sarif(reports, dict(context.fingerprints) if context.fingerprints is not None else None)


def stream(context: RenderContext) -> Stream:
    return Collected(_render_run, context)
