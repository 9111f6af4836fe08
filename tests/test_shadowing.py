"""A yielding rule's findings give way to overlapping findings of the categories it yields to; the
indexed implementation agrees with the plain definition on every input."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from contentlint.api import _without_shadowed
from contentlint.checks import RULES
from contentlint.model import Finding, Severity

CODES = ["CL001", "CL101", "CL102", "CL103", "CL201", "CL202", "CL301", "CL401"]


def _finding(code: str, start: int, length: int) -> Finding:
    rule = RULES[code]
    return Finding(code, rule.name, rule.category, Severity.WARNING, "m", start, start + length, 1, 1, "t")


def _plain(findings: list[Finding]) -> list[Finding]:
    """The definition: drop f when another rule's finding of a category f yields to overlaps it."""
    return [
        f
        for f in findings
        if not any(
            g is not f
            and g.rule != f.rule
            and g.category in RULES[f.rule].yields_to
            and g.start < f.end
            and f.start < g.end
            for g in findings
        )
    ]


findings_strategy = st.lists(
    st.builds(_finding, st.sampled_from(CODES), st.integers(0, 60), st.integers(0, 12)), max_size=40
)


@given(findings_strategy)
def test_indexed_shadowing_matches_the_definition(findings: list[Finding]) -> None:
    assert _without_shadowed(findings) == _plain(findings)


def test_spun_detector_yields_to_a_phrasebook_hit_but_not_to_a_claim() -> None:
    detector = _finding("CL102", 10, 5)
    assert _without_shadowed([_finding("CL101", 12, 6), detector]) == [_finding("CL101", 12, 6)]
    claim = _finding("CL401", 8, 10)
    assert _without_shadowed([claim, detector]) == [claim, detector]
    assert _without_shadowed([_finding("CL101", 15, 3), detector]) == [_finding("CL101", 15, 3), detector]
