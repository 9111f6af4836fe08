"""JUnit XML for CI test reports: a test case per file, a failure per finding at or above fail-on."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ..model import FileReport, Severity
from . import Collected, RenderContext, Stream


def render_junit(reports: Sequence[FileReport], fail_on: Severity = Severity.WARNING) -> str:
    suites = ET.Element("testsuites", name="contentlint")
    suite = ET.SubElement(suites, "testsuite", name="contentlint")
    tests = failures = errors = 0
    for r in reports:
        if r.error is not None:
            tests += 1
            errors += 1
            case = ET.SubElement(suite, "testcase", classname="contentlint", name=r.path)
            ET.SubElement(case, "error", message=r.error, type="input-error").text = r.error
            continue
        failing = [f for f in r.findings if f.severity.rank >= fail_on.rank]
        if not failing:
            tests += 1
            ET.SubElement(suite, "testcase", classname=r.path, name="contentlint")
        for f in failing:
            tests += 1
            failures += 1
            case = ET.SubElement(suite, "testcase", classname=r.path, name=f"{f.rule} {f.name} at {f.line}:{f.column}")
            body = f"{r.path}:{f.line}:{f.column}: {f.rule} {f.message}"
            if f.suggestion:
                body += f' Suggestion: "{f.suggestion}"'
            ET.SubElement(case, "failure", message=f.message, type=f.rule).text = body
    for element in (suite, suites):
        element.set("tests", str(tests))
        element.set("failures", str(failures))
        element.set("errors", str(errors))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode")


def _render_run(reports: Sequence[FileReport], context: RenderContext) -> str:
    return render_junit(reports, context.fail_on)


def stream(context: RenderContext) -> Stream:
    return Collected(_render_run, context)
