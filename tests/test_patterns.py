"""CaselessPattern matches exactly what an IGNORECASE pattern matches, at the same offsets."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from contentlint.patterns import CaselessPattern, lowered

PATTERNS = [
    r"\bclinically (?:proven|tested)\b",
    r"\(\s*[A-Z][A-Za-z'-]+,? (?:19|20)\d\d\)",
    r"(?P<verb>mouse click)\s+\S+",
    r"\bFDA[- ]approved\b",
    r"\d+\s?%",
]
TEXT = st.text(
    alphabet=st.sampled_from([*list("aAbBcClLiInNyYfFdDpProOvVeEmMuUsSkK ()-,%1290"), "İ", "ẞ", " "]), max_size=80
)


@given(st.sampled_from(PATTERNS), TEXT)
def test_same_matches_as_ignorecase(pattern: str, text: str) -> None:
    caseless = CaselessPattern(pattern)
    expected = [(m.start(), m.end()) for m in re.compile(pattern, re.IGNORECASE).finditer(text)]
    low = lowered(text)
    got = [(m.start(), m.end()) for m in caseless.finditer(text, low)]
    if low is not None and "ẞ" not in text:  # ß/ẞ fold differently under IGNORECASE and lower()
        assert got == expected
    assert all(0 <= s <= e <= len(text) for s, e in got)


def test_length_changing_lowercase_falls_back() -> None:
    text = "İstanbul clinics: clinically proven."
    assert lowered(text) is None
    m = CaselessPattern(r"clinically proven").search(text, lowered(text))
    assert m is not None and text[m.start() : m.end()] == "clinically proven"
