"""Stray link text: a bare URL standing in for a word, and spun generic spam anchors.

Data: ``rules/anchors.toml`` (the anchor grammar and the context words that confirm it).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .. import ruledata
from ..model import Check, Context, Fix, Hit, Rule, Severity
from ..patterns import CaselessPattern, lowered

CL201 = Rule(
    code="CL201",
    name="url-as-word",
    category="stray-link",
    severity=Severity.WARNING,
    summary="Finds a bare URL standing where a word belongs (\"First and foremost, https://example.com 'll "
    'discover better skin"): followed by a clitic or a lower-case continuation, and not introduced by '
    '"at", "visit", "see", a colon or a parenthesis.',
    why="When spam is copied between sites, an anchor's text is dropped and its address is left in the "
    "sentence in place of the word it linked. The sentence no longer reads, and the link is usually "
    "an unrelated site the spammer is promoting.",
    fix='Delete the URL and restore the missing word (often "you" before \'ll).',
    fix_safety="unsafe",
    must_fire=(
        "First and foremost, https://clinic.example.com/news?id=35 'll discover better skin tone.",
        "Most of all, www.example.org/offer 're going to love the results.",
    ),
    must_not_fire=(
        "Visit https://www.fda.gov/cosmetics for the rules.",
        "Source: https://medlineplus.gov/rosacea.html",
        "The guidance (https://www.fda.gov/guidance) explains the difference.",
        "Read more at https://example.org/skin and share it with a friend.",
    ),
)

CL202 = Rule(
    code="CL202",
    name="spam-anchor",
    category="stray-link",
    severity=Severity.WARNING,
    summary='Finds spun generic link anchors ("mouse click the up coming document", "click through the '
    'next internet site") left in the text or used as link text.',
    why="Link-building spam replaces a noun phrase with a generic anchor pointing at the spammer's site, and "
    "spinners vary its words. It marks the article as paid-link spam and reads as nonsense.",
    fix="Delete the anchor and, where the sentence needs one, write back the noun phrase it replaced.",
    fix_safety="safe",
    must_fire=(
        "Accept mouse click the up coming document and appreciate your newfound radiance!",
        "For more tips on retinol, click through the up coming page.",
        "Some readers learn a lot from simply click the following page before they buy.",
    ),
    must_not_fire=(
        "Click through the next steps to finish your order.",
        "Simply click the next button to continue.",
        "Just click the following link to reset your password.",
        "I will write more about peels in my up coming posts.",
        "Then visit the next website in the webring.",
    ),
)

_URL = re.compile(r"(?:\bhttps?://|\bwww\.)[^\s<>\"'`\]\[)(]+", re.IGNORECASE)
_TRAILING = ".,;:!?'\"”’)]}"
_CLITIC = re.compile(r"[ \t]*['’](?:ll|re|s|ve|d|m)\b", re.IGNORECASE)
_LOWER_WORD = re.compile(r"[ \t]+([a-z][a-z'’-]*)\b")
_LAST_WORD = re.compile(r"([A-Za-z]+)[^A-Za-z]*$")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*)$")
# Words that introduce an address legitimately ("visit https://...", "available at https://...").
_INTRODUCERS = frozenset(
    [
        "at",
        "visit",
        "see",
        "via",
        "from",
        "on",
        "to",
        "here",
        "go",
        "check",
        "url",
        "link",
        "links",
        "website",
        "site",
        "page",
        "address",
        "is",
        "are",
        "was",
        "were",
        "under",
        "in",
        "into",
        "download",
        "source",
        "sources",
        "reference",
        "references",
        "http",
        "https",
        "www",
        "online",
        "copy",
        "this",
        "our",
        "their",
        "homepage",
        "read",
        "view",
        "email",
        "e-mail",
        "contact",
        "follow",
        "called",
        "named",
    ]
)
_OPENERS = ":([<{\"'“‘—–-"


def check_urls(ctx: Context) -> Iterator[Hit]:
    text = ctx.text
    for m in _URL.finditer(text):
        start, end = m.start(), m.end()
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        # Bounded look-behind: an unbounded rfind per URL is quadratic on a one-line document.
        window = max(0, start - 80)
        newline = text.rfind("\n", window, start)
        before = text[newline + 1 if newline != -1 else window : start]
        stripped = before.rstrip()
        if stripped and stripped[-1] in _OPENERS:
            continue
        last = _LAST_WORD.search(stripped)
        if last and last.group(1).lower() in _INTRODUCERS and stripped.endswith(last.group(1)):
            continue
        after = text[end : end + 40]
        clitic = _CLITIC.match(after)
        at_start = _SENTENCE_START.search(before) is not None
        if not clitic and (at_start or not _LOWER_WORD.match(after) or not stripped.endswith(",")):
            continue
        fix = None
        if clitic:
            # "https://... 'll discover": the lost anchor was almost always "you" ("you'll discover").
            gap = len(after) - len(after.lstrip(" \t"))
            fix = Fix(start, end + gap, "You" if at_start or not stripped or stripped[-1] in ".!?" else "you")
        yield Hit(
            "CL201",
            start,
            end,
            "A bare URL stands where a word belongs: an anchor's text was lost when this article was "
            "copied or spun, and the sentence no longer reads.",
            fix=fix,
            no_fix=None if fix else "restore the missing word by hand",
        )


@dataclass(frozen=True)
class _Grammar:
    pattern: CaselessPattern
    prepositions: frozenset[str]
    object_verbs: frozenset[str]
    conjunctions: frozenset[str]
    instruction_nouns: frozenset[str]
    spam_nouns: frozenset[str]
    known: CaselessPattern


def _alternation(words: list[str]) -> str:
    # Longest first so "click through" wins over "click"; spaces match any run of spaces.
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@functools.cache
def _grammar() -> _Grammar:
    data = ruledata.load("anchors")
    g, c = data["grammar"], data["context"]
    pattern = CaselessPattern(
        rf"\b(?P<verb>{_alternation(g['verbs'])})\s+(?:(?P<det>{_alternation(g['determiners'])})\s+)?"
        rf"(?:(?P<adj>{_alternation(g['adjectives'])})\s+)?(?P<noun>{_alternation(g['nouns'])})\b"
    )
    known = CaselessPattern(rf"\b(?:{_alternation(g['known'])})\b")
    return _Grammar(
        pattern,
        frozenset(c["prepositions"]),
        frozenset(c["object_verbs"]),
        frozenset(c["conjunctions"]),
        frozenset(c["instruction_nouns"]),
        frozenset(g["spam_nouns"]),
        known,
    )


def _words(s: str) -> str:
    return " ".join(s.lower().split())


def _tier_a(m: re.Match[str], g: _Grammar) -> bool:
    verb, det, adj, noun = (_words(m.group(k) or "") for k in ("verb", "det", "adj", "noun"))
    if adj == "up coming":
        return True
    if verb == "mouse click" and det:
        return True
    if "click" in verb and det and adj in ("next", "following") and noun in g.spam_nouns:
        return True
    return verb == "click through" and det == "the" and adj in ("next", "following") and noun not in g.instruction_nouns


def _in_object_slot(text: str, m: re.Match[str], g: _Grammar) -> bool:
    """The anchor sits where a noun phrase belongs and ends its clause: it replaced the object."""
    before = text[max(0, m.start() - 40) : m.start()]
    prev = re.search(r"([A-Za-z]+)\s*$", before)
    if not prev or not (prev.group(1).lower() in g.prepositions or prev.group(1).lower() in g.object_verbs):
        return False
    after = text[m.end() : m.end() + 30]
    nxt = re.match(r"\s*([A-Za-z]+|[^\sA-Za-z])?", after)
    token = (nxt.group(1) or "") if nxt else ""
    if token in ("", ".", "!", "?", ",", ";", ")"):
        return True
    # A lower-case word continues the sentence around the anchor ("from <anchor> before they buy");
    # "to" starts an instruction's purpose ("click the following link to reset your password").
    return token.lower() in g.conjunctions or (token.islower() and token != "to")


def _odd_case(s: str) -> bool:
    """ "mouse Click The Following Website Page": lower-case start, capitals inside."""
    words = s.split()
    return len(words) > 1 and words[0][:1].islower() and any(w[:1].isupper() for w in words[1:])


_SENTENCE_END = re.compile(r"[ \t]*[.!?]*[ \t]*")


@dataclass(frozen=True)
class _Spans:
    """Sorted, non-overlapping spans (blocks or links) with O(log n) lookup of the one holding a range.

    Built once per document so that every finding costs a bisection, not a scan of the document:
    a scan per finding made large documents quadratic.
    """

    starts: list[int]
    spans: list[tuple[int, int]]

    @classmethod
    def of(cls, items: Iterable[tuple[int, int]]) -> _Spans:
        spans = sorted(items)
        return cls([s for s, _ in spans], spans)

    def holding(self, start: int, end: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(self.starts, start) - 1
        if i >= 0 and self.spans[i][1] >= end:
            return self.spans[i]
        return None


def _anchor_fix(text: str, blocks: _Spans, start: int, end: int, in_link: bool) -> tuple[Fix | None, str | None]:
    """Remove the anchor only where that leaves the text grammatical: a whole block or a whole sentence."""
    block = blocks.holding(start, end)
    if block and not (text[block[0] : start] + text[end : block[1]]).strip(" \t\n.!?"):
        return Fix(block[0], block[1], "", remove_block=True), None
    if in_link:
        return None, "the anchor is a link inside a sentence: remove the link and rewrite the sentence by hand"
    before = text[max(0, start - 200) : start]
    boundary = max(before.rfind(". "), before.rfind("! "), before.rfind("? "), before.rfind("\n"))
    tail = _SENTENCE_END.match(text, end)
    after_end = tail.end() if tail else end
    if (
        not before[boundary + 1 :].strip()
        and tail
        and text[end:after_end].strip()
        and (after_end == len(text) or text[after_end - 1] in " \t" or text[after_end] in "\n")
    ):
        return Fix(start, after_end, ""), None
    return None, "removing the anchor would leave an ungrammatical sentence: rewrite it by hand"


@dataclass(frozen=True)
class _Layout:
    """The document's blocks and links, indexed once per run of the check."""

    text: str
    blocks: _Spans
    links: _Spans
    block_set: frozenset[tuple[int, int]]

    @classmethod
    def of(cls, ctx: Context) -> _Layout:
        blocks = [(b.start, b.end) for b in ctx.document.blocks]
        links = _Spans.of((link.start, link.end) for link in ctx.document.links)
        return cls(ctx.text, _Spans.of(blocks), links, frozenset(blocks))


def _anchor_hit(layout: _Layout, start: int, end: int, what: str) -> Hit:
    in_link = layout.links.holding(start, end) is not None
    fix, no_fix = _anchor_fix(layout.text, layout.blocks, start, end, in_link)
    message = f'"{layout.text[start:end]}" is {what}: link-building spam put it where the article\'s own words were.'
    return Hit("CL202", start, end, message, fix=fix, no_fix=no_fix)


def _whole_link(layout: _Layout, start: int, end: int) -> bool:
    link = layout.links.holding(start, end)
    text = layout.text
    return link is not None and not (text[link[0] : start] + text[end : link[1]]).strip()


def check_anchors(ctx: Context) -> Iterator[Hit]:
    g = _grammar()
    text = ctx.text
    layout = _Layout.of(ctx)
    low = lowered(text)  # matched case-insensitively; the matched words are read from `text`
    known = [(m.start(), m.end()) for m in g.known.finditer(text, low)]
    for start, end in known:
        yield _anchor_hit(layout, start, end, "a spam anchor left in the text")
    # Both match lists run in text order, so one forward pointer finds the overlaps.
    k = 0
    for m in g.pattern.finditer(text, low):
        while k < len(known) and known[k][1] <= m.start():
            k += 1
        if k < len(known) and known[k][0] < m.end():
            continue
        whole_link = _whole_link(layout, m.start(), m.end())
        whole_block = (m.start(), m.end()) in layout.block_set and (
            bool(m.group("adj")) or _odd_case(text[m.start() : m.end()])
        )
        if _tier_a(m, g) or whole_link or whole_block or (m.group("adj") and _in_object_slot(text, m, g)):
            where = "link text" if whole_link else "text"
            yield _anchor_hit(layout, m.start(), m.end(), f"a spun spam anchor left in the {where}")


CHECKS = (Check((CL201,), check_urls), Check((CL202,), check_anchors))
