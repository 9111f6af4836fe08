"""Offsets into a Python string <-> LSP positions.

contentlint's offsets count code points (Python ``str`` indices); an LSP position counts code units of
the negotiated encoding, UTF-16 unless the client and server agreed on another. A character outside
the Basic Multilingual Plane (most emoji) is one code point but two UTF-16 units, so every column
after it on its line differs between the two.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Literal

Encoding = Literal["utf-8", "utf-16", "utf-32"]


def _units(text: str, encoding: Encoding) -> int:
    """How many code units of ``encoding`` the text takes."""
    if encoding == "utf-32" or text.isascii():
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


@dataclass
class PositionMap:
    """Line starts of one text, to convert in both directions in O(log lines + line length)."""

    text: str
    encoding: Encoding = "utf-16"
    _starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # LSP ends lines at \n, \r\n and a lone \r alike.
        starts = [0]
        i, n = 0, len(self.text)
        while i < n:
            ch = self.text[i]
            if ch == "\r" and i + 1 < n and self.text[i + 1] == "\n":
                i += 1
            if ch in "\r\n":
                starts.append(i + 1)
            i += 1
        self._starts = starts

    def _line_end(self, line: int) -> int:
        """Offset of the end of ``line``, before its line break."""
        end = self._starts[line + 1] if line + 1 < len(self._starts) else len(self.text)
        while end > self._starts[line] and self.text[end - 1] in "\r\n":
            end -= 1
        return end

    def position(self, offset: int) -> tuple[int, int]:
        """(line, character) of a code-point offset, both 0-based."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        start = self._starts[line]
        return line, _units(self.text[start:offset], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """Code-point offset of an LSP position; past the end of a line means its end (as the spec says)."""
        if line >= len(self._starts):
            return len(self.text)
        start, end = self._starts[max(line, 0)], self._line_end(max(line, 0))
        if self.encoding == "utf-32" or self.text[start:end].isascii():
            return min(start + max(character, 0), end)
        used = 0
        for i in range(start, end):
            if used >= character:
                return i
            used += _units(self.text[i], self.encoding)
        return end
