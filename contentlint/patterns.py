"""Case-insensitive regular expressions, run fast.

Python's ``re`` is about twice as slow with IGNORECASE as without. A :class:`CaselessPattern`
keeps a lower-cased copy of its pattern and matches it against the lower-cased text, which has
the same offsets; for the rare text whose lower-case form changes length (some non-Latin capitals)
it falls back to IGNORECASE.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator


def _lowercase_pattern(pattern: str) -> str:
    """Lower-case the letters of a pattern, leaving escapes (\\B, \\S, \\W, \\D) and ``(?P`` alone."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("(?P", i):
            out.append("(?P")
            i += 3
        elif pattern[i] == "\\" and i + 1 < len(pattern):
            out.append(pattern[i : i + 2])
            i += 2
        else:
            out.append(pattern[i].lower())
            i += 1
    return "".join(out)


def lowered(text: str) -> str | None:
    """``text.lower()`` when it keeps every offset, else None."""
    low = text.lower()
    return low if len(low) == len(text) else None


class CaselessPattern:
    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.lc = re.compile(_lowercase_pattern(pattern))

    @functools.cached_property
    def ci(self) -> re.Pattern[str]:
        """The IGNORECASE form, compiled on first use: only texts whose lower case changes length need it,
        and compiling it for every pattern was half of what the patterns cost a cold run."""
        return re.compile(self.pattern, re.IGNORECASE)

    def finditer(self, text: str, low: str | None, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
        """Matches with offsets into ``text``; read matched text from ``text``, not from the match."""
        end = len(text) if end is None else end
        return self.lc.finditer(low, start, end) if low is not None else self.ci.finditer(text, start, end)

    def search(self, text: str, low: str | None, start: int = 0, end: int | None = None) -> re.Match[str] | None:
        end = len(text) if end is None else end
        return self.lc.search(low, start, end) if low is not None else self.ci.search(text, start, end)
