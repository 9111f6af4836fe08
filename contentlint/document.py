"""Documents as the checks see them, and the map back to the file the user wrote.

Every format loader produces a :class:`Document`: the decoded ``source`` (what offsets in the
JSON output refer to), the extracted ``text`` the NLP pipeline analyses, and an :class:`OffsetMap`
from one to the other. For plain text the two are the same string.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "item", "cell", "quote"]

# Characters the analysis sees in a plainer form. Each maps to exactly one character, so offsets
# into the analysed text stay offsets into the source.
_ANALYSIS_FORMS = str.maketrans(
    {
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u2019": "'",
        "\u2018": "'",
        "\u2011": "-",
        "\u2010": "-",
    }
)


# Any of those characters: most texts have none, and a search for them is far faster than ``translate``.
_HAS_PLAINER_FORM = re.compile("[" + "".join(chr(c) for c in sorted(_ANALYSIS_FORMS)) + "]")


def analysis_form(text: str) -> str:
    if text.isascii() or not _HAS_PLAINER_FORM.search(text):
        return text
    return text.translate(_ANALYSIS_FORMS)


@dataclass(frozen=True, slots=True)
class Block:
    """A heading, paragraph or list item, as a span of the extracted text."""

    kind: BlockKind
    start: int
    end: int
    level: int = 0  # heading level (1-6); 0 where the format has none (inferred plain-text headings)


@dataclass(frozen=True, slots=True)
class Link:
    """The visible text of a hyperlink in Markdown or HTML, as a span of the extracted text."""

    start: int
    end: int
    href: str


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of extracted text that came from one run of source text.

    When both runs have the same length the correspondence is character by character; otherwise
    (an HTML entity, a Markdown escape) the whole run maps to the whole source run.
    """

    text_start: int
    text_end: int
    src_start: int
    src_end: int

    @property
    def exact(self) -> bool:
        return self.text_end - self.text_start == self.src_end - self.src_start


class OffsetMap:
    """Maps spans of extracted text back to spans of the source text."""

    __slots__ = ("_ends", "_pieces", "_starts", "identity")

    def __init__(self, pieces: list[Piece] | None = None, *, identity: bool = False) -> None:
        self.identity = identity
        self._pieces = pieces or []
        self._starts = [p.text_start for p in self._pieces]
        self._ends = [p.text_end for p in self._pieces]

    def to_source(self, start: int, end: int) -> tuple[int, int] | None:
        """Source span for text span ``[start, end)``; None when no source text backs it."""
        if self.identity:
            return start, end
        if not self._pieces or end <= start:
            return None
        # First piece that ends after `start`, last piece that starts before `end`.
        i = bisect.bisect_right(self._ends, start)
        j = bisect.bisect_left(self._starts, end) - 1
        if i >= len(self._pieces) or j < 0 or i > j:
            return None
        first, last = self._pieces[i], self._pieces[j]
        if start > first.text_start and first.exact:
            src_start = first.src_start + (start - first.text_start)
        else:
            src_start = first.src_start
        if end < last.text_end and last.exact:
            src_end = last.src_start + (end - last.text_start)
        else:
            src_end = last.src_end
        return src_start, src_end

    @property
    def pieces(self) -> list[Piece]:
        return self._pieces


class TextBuilder:
    """Accumulates extracted text together with its map to the source."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        # [text_start, text_end, src_start, src_end] per run; the last one still grows while the text added
        # continues it exactly, so a run is one list, not a new Piece per addition (made once, in build()).
        self._runs: list[list[int]] = []
        self._len = 0

    def __len__(self) -> int:
        return self._len

    def add(self, text: str, src_start: int, src_end: int | None = None) -> None:
        """Append text taken from ``source[src_start:src_end]`` (same length when src_end is None)."""
        if not text:
            return
        n = len(text)
        if src_end is None:
            src_end = src_start + n
        end = self._len + n
        last = self._runs[-1] if self._runs else None
        if (
            last is not None
            and src_end - src_start == n
            and last[1] - last[0] == last[3] - last[2]
            and last[1] == self._len
            and last[3] == src_start
        ):
            last[1], last[3] = end, src_end
        else:
            self._runs.append([self._len, end, src_start, src_end])
        self._parts.append(text)
        self._len = end

    def add_gap(self, text: str) -> None:
        """Append text with no source behind it (block separators, soft breaks)."""
        if text:
            self._parts.append(text)
            self._len += len(text)

    def build(self) -> tuple[str, OffsetMap]:
        return analysis_form("".join(self._parts)), OffsetMap([Piece(*run) for run in self._runs])


@dataclass
class Document:
    """One article, loaded and ready for analysis."""

    path: str
    source: str
    text: str
    format: Literal["text", "markdown", "html"]
    blocks: list[Block] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    offsets: OffsetMap = field(default_factory=lambda: OffsetMap(identity=True))
    # Spans of extracted text that stand in for skipped content (inline code): never reported.
    masked: list[tuple[int, int]] = field(default_factory=list)
    encoding: str = "utf-8"
    _line_starts: list[int] | None = field(default=None, repr=False)

    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "heading"]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a source offset."""
        if self._line_starts is None:
            starts = [0]
            find = self.source.find
            pos = find("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
            self._line_starts = starts
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def is_masked(self, start: int, end: int) -> bool:
        # Masked spans are appended in text order and never overlap.
        i = bisect.bisect_left(self.masked, (end, end))
        return i > 0 and self.masked[i - 1][1] > start
