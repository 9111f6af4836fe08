"""Word lists a rule reports only in a document that prints many of them, densely (CL108, CL109).

Each entry of such a list is good English once; a page that prints several different ones again and again, past
a density no clean document of a large collection reaches, was written by a machine. The data file's ``[gate]``
says how many, how many kinds and how dense; one table's entries count for the gate and are reported past it,
another's (``also``) are reported past it only. This module scans a text for both and decides the gate; the
rules say what their finding means.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .. import ruledata
from ..model import Context


def _gate_table(value: Any) -> bool:
    keys = {"min_count", "min_distinct", "min_per_1000_words"}
    return (
        isinstance(value, dict)
        and set(value) == keys
        and all(isinstance(value[k], (int, float)) and not isinstance(value[k], bool) and value[k] > 0 for k in keys)
    )


GATE = ("a table of min_count, min_distinct and min_per_1000_words, each a positive number", _gate_table)

# Entries are written with a straight apostrophe ("you'll be able to"); the text may print a curly one.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})
# What joins a word to its neighbour and is not a word character, which ``\b`` already rules out (the case-blind
# pattern's look-behind): "extra-virgin", "herbal's".
JOINERS = ("'", "’", "-")


def normal(phrase: str) -> str:
    """An entry as the lists key it: lower case, straight apostrophes, single spaces."""
    return " ".join(phrase.lower().translate(_APOSTROPHES).split())


def _unit(char: str) -> str:
    """One character of an entry as a pattern: a space stands for any run of spaces (a line break in the prose),
    a straight apostrophe for a curly one too."""
    if char == " ":
        return r"\s+"
    return "['’‘]" if char == "'" else re.escape(char)


def _trie(node: dict[str, Any]) -> str:
    """The pattern of a character trie: the entries that share a beginning share its pattern, so that the engine
    tries a few first characters at each word instead of every entry (80 alternatives took 0.46 ms per 1,000
    words, the trie 0.05). A complete entry that goes on into a longer one is optional, greedy: the longer one is
    tried first ("their particular" rather than "their")."""
    branches = [_unit(char) + _trie(child) for char, child in sorted(node.items()) if char != ""]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return ("(?:" + body + ")" if len(branches) == 1 and len(branches[0]) > 1 else body) + "?"
    return body


def _alternatives(phrases: list[str]) -> str:
    """``phrases`` as one pattern (a character trie, see _trie): each entry a whole word sequence whose words may
    be split by any run of spaces and whose apostrophes may be curly."""
    root: dict[str, Any] = {}
    for phrase in phrases:
        node = root
        for char in " ".join(phrase.split()):
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie(root)


def alternation(phrases: list[str]) -> re.Pattern[str] | None:
    """The case-blind pattern of ``phrases`` (None for none), each a whole word sequence."""
    if not phrases:
        return None
    return re.compile(rf"(?<![\w'’-])(?:{_alternatives(phrases)})(?![\w'’-])", re.IGNORECASE)


def _lowered(phrases: list[str]) -> re.Pattern[str]:
    """alternation's pattern for text in lower case: with neither IGNORECASE nor a look-behind in front, which
    made every position of every document cost a few steps (0.58 ms per 1,000 words against 0.19 measured); the
    look-behind's apostrophe and hyphen are checked on the few matches instead (GatedList.spans)."""
    return re.compile(rf"\b(?:{_alternatives(phrases)})(?![\w'’-])")


@dataclass(frozen=True)
class Gated:
    """The entries a document prints (those counted for the gate), and whether it passes the gate."""

    spans: tuple[tuple[int, int, str], ...]  # start, end, the entry (normal form)
    words: int
    passed: bool

    @property
    def per_1000_words(self) -> float:
        return 1000.0 * len(self.spans) / max(self.words, 1)


@dataclass(frozen=True)
class Gate:
    """How many entries, of how many kinds, at what density a document must print to pass (``[gate]``)."""

    min_count: int
    min_distinct: int
    min_per_1000_words: float

    @classmethod
    def of(cls, table: dict[str, Any]) -> Gate:
        return cls(int(table["min_count"]), int(table["min_distinct"]), float(table["min_per_1000_words"]))

    def judge(self, spans: tuple[tuple[int, int, str], ...], words: int) -> Gated:
        """The counted entries a document of ``words`` words prints, and whether they pass."""
        passed = (
            len(spans) >= self.min_count
            and len({entry for _, _, entry in spans}) >= self.min_distinct
            and 1000.0 * len(spans) / max(words, 1) >= self.min_per_1000_words
        )
        return Gated(spans, words, passed)


@dataclass(frozen=True)
class GatedList:
    pattern: re.Pattern[str]  # the entries counted for the gate
    lowered: re.Pattern[str]  # the same, for the text in lower case (see spans)
    plain: dict[str, str | None]  # entry -> the plain wording ("": depends on the sentence; None: delete it)
    also: re.Pattern[str] | None  # what is reported past the gate besides the counted entries
    gate_of: Gate

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the counted entries occur in ``text``: the matches of the case-blind pattern, found in the
        lower-cased text when lower-casing keeps every offset (it does not for a few characters, "İ" among them)."""
        lowered = text.lower()
        if len(lowered) != len(text):
            return [(m.start(), m.end()) for m in self.pattern.finditer(text)]
        return [
            (m.start(), m.end())
            for m in self.lowered.finditer(lowered)
            if lowered[m.start() - 1 : m.start()] not in JOINERS
        ]

    def gate(self, text: str, words: int) -> Gated:
        """The counted entries in ``text`` of ``words`` words, and whether they pass the gate."""
        spans = tuple((start, end, normal(text[start:end])) for start, end in self.spans(text))
        return self.gate_of.judge(spans, words)

    def reported(self, text: str, gated: Gated) -> list[tuple[int, int, str]]:
        """What a rule reports in a document past the gate: the counted entries and the ``also`` ones, in order."""
        spans = list(gated.spans)
        if self.also is not None:
            spans.extend((m.start(), m.end(), normal(m.group(0))) for m in self.also.finditer(text))
        return sorted(spans)


def build(name: str, counted: dict[str, str | None], also: dict[str, str | None], gate: dict[str, Any]) -> GatedList:
    """The list of ``rules/NAME.toml`` from its tables (entries in any case and spacing)."""
    gated = {normal(k): v for k, v in counted.items()}
    pattern = alternation(list(gated))
    if pattern is None:
        raise ruledata.RuleDataError(f"rules/{name}.toml: the table its gate counts is empty")
    extra = {normal(k): v for k, v in also.items()}
    if set(extra) & set(gated):
        raise ruledata.RuleDataError(f"rules/{name}.toml: an entry reported past the gate repeats a counted one")
    return GatedList(
        pattern,
        _lowered(list(gated)),
        {**gated, **extra},
        alternation(list(extra)),
        Gate.of(gate),
    )


def outside_other_rules(ctx: Context, spans: Iterable[tuple[int, int, str]]) -> Iterator[tuple[int, int, str]]:
    """The spans no other spun-phrase rule reports (the spin evidence's hits): a phrase list's finding of the same
    words says more (a longer span, its own suggestion)."""
    from .spun import SPIN

    taken = [(h.start, h.end) for h in ctx.analysis(SPIN).hits]
    return (span for span in spans if not any(s < span[1] and span[0] < e for s, e in taken))
