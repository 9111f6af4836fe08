"""Case-insensitive regular expressions, run fast.

Python's ``re`` is about twice as slow with IGNORECASE as without. A :class:`CaselessPattern`
keeps a lower-cased copy of its pattern and matches it against the lower-cased text, which has
the same offsets; for the rare text whose lower-case form changes length (some non-Latin capitals)
it falls back to IGNORECASE.
"""

from __future__ import annotations

import functools
import hashlib
import re
import re._constants as _constants
import re._parser as _parser
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import recompile

if TYPE_CHECKING:
    from .cache import KeptTable


# What _lowercase_pattern leaves as it is: an escape (\\B, \\S, \\W, \\D) and a named group's "(?P".
_KEPT_CASE = re.compile(r"\\.|\(\?P", re.DOTALL)


def _lowercase_pattern(pattern: str) -> str:
    """Lower-case the letters of a pattern, leaving escapes (\\B, \\S, \\W, \\D) and ``(?P`` alone."""
    out, at = [], 0
    for kept in _KEPT_CASE.finditer(pattern):
        out.append(_lower(pattern[at : kept.start()]))
        out.append(kept.group())
        at = kept.end()
    out.append(_lower(pattern[at:]))
    return "".join(out)


def _lower(text: str) -> str:
    """Each character lower-cased alone (str.lower gives a capital sigma its final form at the end of a word)."""
    return text.lower() if text.isascii() else "".join(map(str.lower, text))


def lowered(text: str) -> str | None:
    """``text.lower()`` when it keeps every offset, else None."""
    low = text.lower()
    return low if len(low) == len(text) else None


class CaselessPattern:
    def __init__(self, pattern: str, parts: tuple[str, ...] | None = None) -> None:
        self.pattern = pattern
        self.lc = recompile.compile(_lowercase_pattern(pattern))
        # For a PatternSet's joint scan: the alternatives the pattern was made of (see ``alternation``), or any
        # expressions such that every match of the pattern begins where one of them matches.
        self.parts = parts or (pattern,)  # (no parts would give the joint scan no position for it)

    @functools.cached_property
    def ci(self) -> re.Pattern[str]:
        """The IGNORECASE form, compiled on first use: only texts whose lower case changes length need it,
        and compiling it for every pattern was half of what the patterns cost a cold run."""
        return recompile.compile(self.pattern, re.IGNORECASE)

    def finditer(self, text: str, low: str | None, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
        """Matches with offsets into ``text``; read matched text from ``text``, not from the match."""
        end = len(text) if end is None else end
        return self.lc.finditer(low, start, end) if low is not None else self.ci.finditer(text, start, end)

    def search(self, text: str, low: str | None, start: int = 0, end: int | None = None) -> re.Match[str] | None:
        end = len(text) if end is None else end
        return self.lc.search(low, start, end) if low is not None else self.ci.search(text, start, end)

    def match(self, text: str, low: str | None, start: int) -> re.Match[str] | None:
        return self.lc.match(low, start) if low is not None else self.ci.match(text, start)


# --- alternations that the regular-expression engine scans fast ------------------------------------

_WORD = re.compile(r"\w")
_ZERO_WIDTH = (_constants.AT, _constants.ASSERT, _constants.ASSERT_NOT)
# Classes of word characters only (\d, \w), named in a first-character set by their escapes.
_WORD_CATEGORIES = {_constants.CATEGORY_DIGIT: r"\d", _constants.CATEGORY_WORD: r"\w"}


def _first_chars(items: _parser.SubPattern | list) -> set[str] | None:  # type: ignore[type-arg]
    """The characters a match of ``items`` can begin with, or None when that is not a small known set."""
    items = list(items)
    for i, (op, av) in enumerate(items):
        if op in _ZERO_WIDTH:
            continue  # an assertion consumes nothing: the next item decides
        if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT) and av[0] == 0:
            # Optional: the match begins with the item or, without it, with what follows.
            first, rest = _first_chars(av[2]), _first_chars(items[i + 1 :])
            return None if first is None or rest is None else first | rest
        return _item_first_chars(op, av)
    return None


def _item_first_chars(op: object, av: Any) -> set[str] | None:
    if op is _constants.LITERAL:
        return {chr(av)}
    if op is _constants.IN:
        return _class_chars(av)
    if op is _constants.BRANCH:
        sets = [_first_chars(alt) for alt in av[1]]
        return None if any(s is None for s in sets) else set().union(*sets)  # type: ignore[arg-type]
    if op is _constants.SUBPATTERN:
        # A group with its own flags, (?i:...), matches other characters than its literals name.
        return _first_chars(av[3]) if not (av[1] or av[2]) else None
    if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT):
        return _first_chars(av[2])  # at least once (optional items are handled by the caller)
    return None


def _class_chars(items: list) -> set[str] | None:  # type: ignore[type-arg]
    out: set[str] = set()
    for op, av in items:
        if op is _constants.LITERAL:
            out.add(chr(av))
        elif op is _constants.RANGE and av[1] - av[0] < 256:
            out.update(chr(c) for c in range(av[0], av[1] + 1))
        elif op is _constants.CATEGORY and av in _WORD_CATEGORIES:
            out.add(_WORD_CATEGORIES[av])  # not one character: a name that only _word_led reads
        else:
            return None  # a negated class, a category of non-word characters (\s, \D): not a known set
    return out


def _word_led(pattern: str) -> bool | None:
    """True when every match begins with a word character, False when none does, None when unknown."""
    return _facts(pattern).word_led


@dataclass(frozen=True)
class _Facts:
    word_led: bool | None  # see ``_word_led``
    has_group: bool  # a capturing group
    leads: tuple[str, ...] | None  # see ``_leads``
    boundary_led: bool  # see ``_boundary_led``


@functools.cache
def _kept() -> KeptTable:
    """Facts of patterns and their first-character gates, kept in the cache folder: working them out parses each
    pattern with re's parser (in Python), 25 ms of a cold one-file check. They depend on the parser (the
    interpreter's version) and on this module's code, which name the table."""
    from .cache import KeptTable

    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return KeptTable("regex-facts", f"{sys.version} {code}")


@functools.lru_cache(maxsize=4096)
def _facts(pattern: str) -> _Facts:
    """:func:`_parsed_facts`, read from the cache folder when they are there."""
    found = _kept().get(pattern)
    if _fits(found):
        return _Facts(*found)
    facts = _parsed_facts(pattern)
    _kept().put(pattern, (facts.word_led, facts.has_group, facts.leads, facts.boundary_led))
    return facts


def _fits(found: Any) -> bool:
    """Is ``found`` (read from the cache folder) the four facts, each of its type?"""
    if not (isinstance(found, tuple) and len(found) == 4):
        return False
    word_led, has_group, leads, boundary = found
    leads_fit = leads is None or (isinstance(leads, tuple) and all(isinstance(c, str) for c in leads))
    flags_fit = isinstance(has_group, bool) and isinstance(boundary, bool)
    return flags_fit and leads_fit and (word_led is None or isinstance(word_led, bool))


def _parsed_facts(pattern: str) -> _Facts:
    """What the joint scans need to know of a pattern, from one parse; only these answers are kept, since
    holding parse trees would slow every garbage collection."""
    try:
        tree = _parser.parse(pattern)
    except re.error:
        return _Facts(None, False, None, False)
    chars = _first_chars(tree)
    kinds = {len(c) > 1 or bool(_WORD.match(c)) for c in chars or ()}
    leads = None
    if chars and all(len(c) > 1 or c.isascii() for c in chars):
        # The characters of the lower-cased pattern: its letters lower-cased, its categories (\d, \w) kept.
        leads = tuple(sorted({c if len(c) > 1 else re.escape(c.lower()) for c in chars}))
    boundary = len(tree) > 0 and tree[0] == (_constants.AT, _constants.AT_BOUNDARY)
    return _Facts(kinds.pop() if len(kinds) == 1 else None, tree.state.groups > 1, leads, boundary)


def alternation(patterns: list[str]) -> str:
    """``(?:p1)|(?:p2)|...``, with the alternatives that begin with a word character grouped first when the
    others cannot begin with one. At any position only one group can then match, so the matches are the
    same; but the engine factors the group's shared ``\\b`` out and tests it once per position instead of
    once per alternative, which made a list with one "#1" in it five times slower to scan."""
    plain = "|".join(f"(?:{p})" for p in patterns)
    kinds = [_word_led(p) for p in patterns]
    if None in kinds or all(kinds) or not any(kinds) or any(_facts(p).has_group for p in patterns):
        return plain  # (moving a capturing group would renumber the groups)
    word = "|".join(f"(?:{p})" for p, k in zip(patterns, kinds, strict=True) if k)
    rest = "".join(f"|(?:{p})" for p, k in zip(patterns, kinds, strict=True) if not k)
    return f"(?:{word}){rest}"


def first_char_gate(pattern: str) -> str:
    """``(?=[...])`` of the characters a match of ``pattern`` can begin with ("" when they are unknown).
    Put before lookbehind guards, it lets the engine reject most positions with one class test instead
    of running every guard; it cannot change a match, since the pattern itself must begin there."""
    found = _kept().get(("gate", pattern))
    if isinstance(found, str):
        return found
    gate = _parsed_gate(pattern)
    _kept().put(("gate", pattern), gate)
    return gate


def _parsed_gate(pattern: str) -> str:
    try:
        chars = _first_chars(_parser.parse(pattern))
    except re.error:
        return ""
    if not chars or any(len(c) > 1 for c in chars):
        return ""
    return "(?=[" + "".join(re.escape(c) for c in sorted(chars)) + "])"


_FEW_LEADS = 12


def grouped_alternation(parts: list[str]) -> str:
    """An expression that matches where some part matches, for a zero-width scan of where any part can begin
    (its extent may differ from the first matching part's, so it is only for lookaheads).

    In one alternation of many parts the engine tries every part at every position. Here the parts are
    grouped by the (ASCII) characters a match can begin with, each group behind those characters as a
    literal or class, ``c(?<=(?=group)c)``: the engine skips a group whose literal or class does not match
    with one test, and tries the parts of only a few groups. Parts that all begin at a ``\\b`` sit behind one
    shared ``\\b``; a part whose first characters are not known is tried everywhere, as before. The parts
    are unchanged, so where the expression matches is exactly where one of them does."""
    bounded, free, rest = _grouped(parts)
    branches = []
    if bounded:
        branches.append(rf"\b(?:{_lead_groups(bounded)})")
    if free:
        branches.append(_lead_groups(free))
    if rest:
        branches.append(alternation(rest))
    return "|".join(f"(?:{b})" for b in branches) if branches else "(?!)"


def _grouped(parts: list[str]) -> tuple[dict[str, list[str]], dict[str, list[str]], list[str]]:
    """The parts of ``grouped_alternation`` by first character: those that begin at a word boundary, the others
    whose first characters are known, and the rest."""
    bounded: dict[str, list[str]] = {}
    free: dict[str, list[str]] = {}
    rest: list[str] = []
    # A part listed twice (the link lists share their first words) is tried once: the same places match.
    for part in dict.fromkeys(piece for whole in parts for piece in by_first_chars(whole)):
        leads = _leads(part)
        if leads is None:
            rest.append(part)
            continue
        groups = bounded if _boundary_led(part) else free
        # A part with a few first characters joins each one's group, one with many a group of its own class.
        for lead in leads if len(leads) <= _FEW_LEADS else ["[" + "".join(leads) + "]"]:
            groups.setdefault(lead, []).append(part)
    return bounded, free, rest


@dataclass(frozen=True)
class _Scan:
    """One scan of a PatternSet's places: a match at ``m.start() + shift`` is such a place."""

    pattern: CaselessPattern
    shift: int


class _SplitScan:
    """Where any of the parts matches, as ``(?=grouped_alternation(parts))`` finds it, in scans the engine runs
    fast: it cannot skip ahead to a pattern that begins with a look-ahead, and tries it at every position.

    A part that begins at a word boundary (``\\b`` and a word character: ``_boundary_led``) matches only at the
    start of the text or after a non-word character; those parts are scanned behind ``\\W``, consumed, which the
    engine skips to in a fast loop, and tried at the start of the text alone. The other parts whose first
    characters are known are scanned behind those characters, consumed and looked behind (``_lead_groups``);
    the rest, as before, everywhere. Every place is where a part matches, and every such place is found."""

    def __init__(self, parts: list[str]) -> None:
        pieces = list(dict.fromkeys(piece for whole in parts for piece in by_first_chars(whole)))
        words, _, unknown = _grouped([p for p in pieces if _word_led_boundary(p)])
        bounded, free, rest = _grouped([p for p in pieces if not _word_led_boundary(p)])
        for lead, group in bounded.items():  # (each such part checks its own boundary)
            free.setdefault(lead, []).extend(group)
        rest.extend(unknown)
        self.words = words
        # For the text's start, by its first character: only the groups of the leads that can match it.
        self._at_start: dict[str, CaselessPattern | None] = {}
        self.scans: list[_Scan] = []
        if words:
            self.scans.append(_Scan(CaselessPattern(rf"\W(?=\b(?:{_lead_groups(words)}))"), 1))
        if free:
            self.scans.append(_Scan(CaselessPattern(f"(?:{_lead_groups(free)})"), 0))
        if rest:
            self.scans.append(_Scan(CaselessPattern(f"(?={alternation(rest)})"), 0))

    def positions(self, text: str, low: str | None) -> list[int]:
        """Where a part matches, in order."""
        found = [[m.start() + scan.shift for m in scan.pattern.finditer(text, low)] for scan in self.scans]
        first = (text if low is None else low)[:1]
        at_start = self.at_start(first) if self.words and first else None
        if at_start is not None and at_start.match(text, low, 0):
            found[0].insert(0, 0)
        if len(found) == 1:
            return found[0]
        return sorted(set().union(*found))

    def at_start(self, first: str) -> CaselessPattern | None:
        """The word-boundary parts' scan at a text's start whose first character is ``first``: the groups whose
        lead can match it (with or without case, so for the lower-cased text and the IGNORECASE scan alike),
        compiled once per character; None when no group's can."""
        if first not in self._at_start:
            groups = {lead: parts for lead, parts in self.words.items() if re.fullmatch(lead, first, re.IGNORECASE)}
            self._at_start[first] = CaselessPattern(rf"(?=\b(?:{_lead_groups(groups)}))") if groups else None
        return self._at_start[first]


def _word_led_boundary(part: str) -> bool:
    return _boundary_led(part) and _word_led(part) is True


_LEADING_GROUP = r"\b(?:"


def by_first_chars(part: str) -> list[str]:
    """``\\b(?:A|B|...)REST`` as several parts, ``\\b(?:A|...)REST`` each holding the alternatives that can
    begin with the same characters; ``[part]`` itself when it is not of that form or a first character is unknown.

    The part matches at a position exactly when one of them does (the engine tries every alternative before it
    gives up), so a scan for where some part matches finds the same places. But in a grouped alternation a
    part sits behind each first character of any of its alternatives, and at a word the whole part was tried:
    split, only the alternatives that can begin with the word's letter are."""
    alternatives = _leading_alternatives(part)
    if alternatives is None:
        return [part]
    rest = part[len(_LEADING_GROUP) + len("|".join(alternatives)) + 1 :]
    by_leads: dict[tuple[str, ...], list[str]] = {}
    for alternative in alternatives:
        leads = _leads(r"\b" + alternative)
        if leads is None:
            return [part]
        by_leads.setdefault(leads, []).append(alternative)
    if len(by_leads) < 2:
        return [part]
    return [f"{_LEADING_GROUP}{'|'.join(group)}){rest}" for group in by_leads.values()]


def _leading_alternatives(part: str) -> list[str] | None:
    """The top-level alternatives of the group ``\\b(?:...)`` that ``part`` begins with, or None."""
    if not part.startswith(_LEADING_GROUP) or "(?#" in part or "(?x" in part:
        return None
    out, depth, start, i = [], 1, len(_LEADING_GROUP), len(_LEADING_GROUP)
    while i < len(part):
        c = part[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(part, i)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if not depth:
                out.append(part[start:i])
                return out  # (an alternative that does not parse alone has no known leads: the part stays whole)
        elif c == "|" and depth == 1:
            out.append(part[start:i])
            start = i + 1
        i += 1
    return None


def _class_end(pattern: str, i: int) -> int:
    """The index after the character class that begins at ``pattern[i]`` ("[")."""
    j = i + 1
    if pattern.startswith("^", j):
        j += 1
    if pattern.startswith("]", j):
        j += 1  # a "]" first in a class is a literal
    while j < len(pattern) and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j + 1


def _lead_groups(groups: dict[str, list[str]]) -> str:
    return "|".join(
        f"{lead}(?<=(?={'|'.join(f'(?:{p})' for p in parts)}){lead})" for lead, parts in sorted(groups.items())
    )


def _leads(part: str) -> tuple[str, ...] | None:
    """The characters a match of ``part`` can begin with, lower-cased and written as class items (``a``,
    ``\\#``, ``\\d``); None when they are unknown or not all ASCII."""
    return _facts(part).leads


def _boundary_led(part: str) -> bool:
    """Every match of ``part`` begins at a word boundary: its first item is ``\\b``."""
    return _facts(part).boundary_led


class PatternSet:
    """Several patterns whose matches are wanted separately, found with one scan of the text.

    Scanning costs about the same per position whatever the pattern; ten scans of a long article were
    most of the claims check. One zero-width scan for all their alternatives finds every position where
    any of them matches, and each pattern is tried only there, in the order ``finditer`` would: so each
    pattern's matches are exactly those of its own ``finditer``. A pattern whose alternatives cannot be
    grouped (see ``alternation``) is scanned alone, since it would make the joint scan slow.
    """

    def __init__(self, patterns: tuple[CaselessPattern, ...]) -> None:
        self.patterns = patterns
        self._joint = [p for p in patterns if all(_joinable(part) for part in p.parts)]
        parts = [part for p in self._joint for part in p.parts]
        # The joint scan in the form the engine runs fastest (see _SplitScan); the grouped scan of the same places
        # is then compiled only if asked for (``_scan``), since compiling the claims' took 8 ms of each start.
        self._split: _SplitScan | None = None
        self._grouped: CaselessPattern | None = None
        self._parts = parts
        try:
            self._split = _SplitScan(parts)
        except re.error:  # a pattern in two first-character groups names a group twice
            try:
                self._grouped = CaselessPattern(f"(?={alternation(parts)})")
            except re.error:  # two patterns name a group alike: each is scanned alone
                self._joint = []
                self._grouped = CaselessPattern("(?!)")
        self._scanned = tuple(p in self._joint for p in patterns)

    @property
    def _scan(self) -> CaselessPattern:
        """One zero-width scan for where any part matches (what ``positions`` finds)."""
        if self._grouped is None:
            self._grouped = CaselessPattern(f"(?={grouped_alternation(self._parts)})")
        return self._grouped

    def positions(self, text: str, low: str | None) -> list[int]:
        """Where some part of the jointly scanned patterns matches, in order: ``_scan``'s places."""
        if self._split is not None:
            return self._split.positions(text, low)
        return [m.start() for m in self._scan.finditer(text, low)]

    def finditer(self, text: str, low: str | None) -> list[list[re.Match[str]]]:
        """For each pattern, the matches its own ``finditer`` yields (offsets into ``text``)."""
        positions = self.positions(text, low)
        return [
            (_matches_at(p, text, low, positions) if positions else []) if joint else list(p.finditer(text, low))
            for p, joint in zip(self.patterns, self._scanned, strict=True)
        ]

    def finditer_starts(self, text: str, low: str | None) -> list[list[int]]:
        """For each pattern, the start of each match its ``finditer`` yields."""
        return [[m.start() for m in matches] for matches in self.finditer(text, low)]


# A backreference (\1, (?P=name)) or a conditional ((?(1)...)): over-read on purpose (an escaped backslash
# before a digit also counts), since a pattern read as having one is only scanned alone.
_REFERS_BACK = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")


def _joinable(part: str) -> bool:
    """An alternative the joint scan can hold: grouped by its first character, and with no backreference,
    which would refer to another group once the alternatives are joined."""
    return _word_led(part) is not None and not _REFERS_BACK.search(part)


def _matches_at(pattern: CaselessPattern, text: str, low: str | None, positions: list[int]) -> list[re.Match[str]]:
    """``finditer``'s matches, trying only ``positions`` (every place where the pattern can match)."""
    out: list[re.Match[str]] = []
    after = 0  # finditer resumes its search where the last match ended
    for at in positions:
        if at < after:
            continue
        m = pattern.match(text, low, at)
        if m is None:
            continue
        if m.end() == at:  # an empty match: finditer's rules for those are not repeated here
            return list(pattern.finditer(text, low))
        out.append(m)
        after = m.end()
    return out


def ignorecase_lowered(text: str) -> str | None:
    """``lowered(text)``, where a CaselessPattern matching it finds exactly what its IGNORECASE form finds in
    ``text``: not when ``text`` holds "ı" or "ſ", which IGNORECASE (alone) matches to "i" and "s"."""
    return None if "\u0131" in text or "\u017f" in text else lowered(text)


class SkippingPattern:
    """A CaselessPattern's ``finditer``, for a pattern that begins at a word boundary or a look-around.

    The engine cannot skip ahead to such a pattern's first characters: it tries it at every position of the
    text. Behind a class of those characters, consumed and looked behind, ``c(?<=(?=pattern)c)``, it skips
    to them in one fast loop; each place found is where the pattern matches, and the pattern is matched
    there as ``finditer`` would (see ``_matches_at``). Patterns whose first characters are many or unknown,
    or that the scan cannot hold (global flags), are scanned as before."""

    def __init__(self, pattern: CaselessPattern) -> None:
        self.pattern = pattern
        self._skip: re.Pattern[str] | None = None
        leads = _leads(pattern.pattern)
        if leads and len(leads) <= _FEW_LEADS:
            lead = "[" + "".join(leads) + "]"
            try:
                self._skip = re.compile(f"{lead}(?<=(?={pattern.lc.pattern}){lead})")
            except re.error:
                self._skip = None

    def finditer(self, text: str, low: str | None) -> list[re.Match[str]]:
        """The matches of ``pattern.finditer(text, low)``."""
        if low is None or self._skip is None:
            return list(self.pattern.finditer(text, low))
        positions = [m.start() for m in self._skip.finditer(low)]
        return _matches_at(self.pattern, text, low, positions) if positions else []


# --- alternations of words that begin with a letter ---------------------------------------------

# ASCII letters whose case-insensitive match is only their two cases (re also matches "ı" and "İ" to "i",
# the Kelvin sign to "k" and "ſ" to "s").
_TWO_CASE_LETTERS = frozenset("abcdefghjlmnopqrtuvwxyz")


def letter_led(words: list[str]) -> str | None:
    """``\\b(?i:w1|w2|...)`` for escaped words (regular-expression text, each beginning with its first letter),
    written to begin with a class of their first letters in both cases, the word start checked behind it.

    A pattern that begins with ``\\b`` is tried at every position; one that begins with a class lets the
    engine skip, in one fast loop, to the next character of the class. The matches are the same: at a
    position only the words with that first letter can match, and they are tried in the given order.
    None when a word begins with another letter than those of ``_TWO_CASE_LETTERS``."""
    firsts = [w[:1].lower() for w in words]
    if not words or any(f not in _TWO_CASE_LETTERS for f in firsts):
        return None
    groups: dict[str, list[str]] = {}
    for word, first in zip(words, firsts, strict=True):
        groups.setdefault(first, []).append(word[1:])
    lead = "".join(sorted(c + c.upper() for c in groups))
    rests = "|".join(f"(?<=[{c}{c.upper()}])(?i:{'|'.join(rest)})" for c, rest in groups.items())
    return f"(?:[{lead}](?<=\\b[{lead}])(?:{rests}))"


# --- text a match must contain -------------------------------------------------------------------


def required_text(pattern: str, flags: int = 0, *, letters: bool = False) -> tuple[tuple[str, ...], ...]:
    """Pieces of text every match of ``pattern`` contains, each as alternatives one of which must occur:
    runs of literal characters without case (so whatever the flags, only themselves match them). A text
    that lacks one cannot match, and is not scanned: "@" for an e-mail template, "…" for a teaser cut.

    ``letters``: runs of any literal characters, letters too, for a pattern matched with case (the lower-case
    form of a CaselessPattern, against the lower-cased text); literals under a case-insensitive flag are
    left out."""
    try:
        items = _parser.parse(pattern, flags)
    except re.error:
        return ()
    if letters and items.state.flags & re.IGNORECASE:
        letters = False
    return tuple(_required(list(items), letters))


def _caseless_char(op: object, av: Any, letters: bool = False) -> str | None:
    if op is not _constants.LITERAL:
        return None
    c = chr(av)
    return c if letters or (not c.isalpha() and c.lower() == c == c.upper()) else None


def _required(items: list, letters: bool = False) -> list[tuple[str, ...]]:  # type: ignore[type-arg]
    out: list[tuple[str, ...]] = []
    run = ""
    for op, av in items:
        c = _caseless_char(op, av, letters)
        if c is not None:
            run += c
            continue
        if run:
            out.append((run,))
            run = ""
        if op is _constants.BRANCH:
            leads = [_leading_run(alt, letters) for alt in av[1]]
            if all(leads):
                out.append(tuple(leads))
        elif op is _constants.SUBPATTERN:
            # A group with flags of its own ((?i:...)) may match its letters in any case: only its caseless ones.
            out.extend(_required(list(av[3]), letters and not (av[1] or av[2])))
        elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT) and av[0] >= 1:
            out.extend(_required(list(av[2]), letters))
    if run:
        out.append((run,))
    return out


def _leading_run(items: list, letters: bool = False) -> str:  # type: ignore[type-arg]
    """The caseless literal characters an alternative begins with ("" if it begins otherwise)."""
    run = ""
    for op, av in items:
        c = _caseless_char(op, av, letters)
        if c is None:
            break
        run += c
    return run


def may_match(required: tuple[tuple[str, ...], ...], text: str) -> bool:
    """False when ``text`` lacks a piece of ``required_text``: the pattern cannot match it."""
    return all(any(piece in text for piece in alternatives) for alternatives in required)
