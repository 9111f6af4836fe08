"""Stray link text: a bare URL standing in for a word, and spun generic spam anchors.

Data: ``rules/anchors.toml`` (the anchor grammar and the context words that confirm it).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .. import recompile, ruledata
from ..document import Block
from ..model import Analysis, Check, Context, Fix, Hit, Rule, Severity
from ..patterns import CaselessPattern, PatternSet, first_char_gate, ignorecase_lowered, letter_led, lowered

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
    data_files=("anchors",),
    must_fire=(
        "Accept mouse click the up coming document and appreciate your newfound radiance!",
        "For more tips on retinol, click through the up coming page.",
        "Some readers learn a lot from simply click the following page before they buy.",
        "Peels can help with marks, click this link Laser options exist too.",
        "Night creams help dry skin, and Web Address includes new information about them.",
        "Most readers enjoy the relevant internet page before choosing a serum.",
        "Test out our full information on retinol before you start.",
        "Retinol speeds up cell turnover.\n\nmouse click the up coming document\n\nIt also helps dry skin.",
    ),
    must_not_fire=(
        "Click through the next steps to finish your order.",
        "Simply click the next button to continue.",
        "Just click the following link to reset your password.",
        "I will write more about peels in my up coming posts.",
        "Then visit the next website in the webring.",
        "See the next page of the report for the figures.",
        "Visit our site for hours and directions.",
        "If you have questions, click this link to email us.",
        "Our web site has more information about parking.",
        "Please see the relevant web page for your state.",
        "Test out the full range of serums in store.",
    ),
)

CL203 = Rule(
    code="CL203",
    name="keyword-anchor",
    category="stray-link",
    severity=Severity.WARNING,
    summary="Finds keyword anchors spliced into a sentence: a name wrapped in a link inserter's template "
    '("Harbour Smile Studio offers excellent info on this"), a brand dropped into a list of generic '
    'nouns ("such as Velvet Dew Rose Oil, jojoba oil, or almond oil"), a sponsored "checking out <Brand> '
    'reviews", and in Markdown or HTML a link whose text is a keyword foreign to the article.',
    why="Paid and link-farm links put a keyword where the writer's words were; when the link is dropped "
    "its text stays behind, and either way the sentence now advertises another site.",
    fix="Remove the anchor and write the sentence the article needs, or cite the source properly.",
    data_files=("anchors",),
    must_fire=(
        "Many clinics offer peels. Harbour Smile Studio offers excellent info on this.",
        "For the face, pick light oils such as Velvet Dew Rose Oil, jojoba oil, or almond oil.",
        "If you lack iron, consider checking out Ironvale reviews to see what suits you.",
        "Dry skin needs care. [Best Cheap Dentist Austin](https://teeth.example.net/) explains why.",
        "If you have any questions about where and how to use night creams, you could contact us at our own web site.",
        "Should you wish to learn more about retinol, please pay a visit to our very own page.",
    ),
    must_not_fire=(
        "The Mayo Clinic has more information on this.",
        "Pick light oils such as jojoba oil, almond oil or rosehip oil.",
        "Windows 10 is needed for clients, Windows Server 2019 or later for servers and server farms.",
        "Visit our site for hours and directions.",
        "The [Skin Cancer Foundation](https://www.skincancer.org/) says skin cancer is common, so use sunscreen.",
        "Check out the reviews before you book.",
        "You can contact us at the front desk, or visit our website for opening hours.",
        "Ask where and how to use the cream at the pharmacy counter.",
    ),
    examples_format="markdown",
)

CL204 = Rule(
    code="CL204",
    name="url-fragment",
    category="stray-link",
    severity=Severity.WARNING,
    summary='Finds pseudo-URLs: a scheme glued to words instead of an address ("http://Five Ways to Calm '
    'Red Skin"), the residue of an anchor whose text was pasted into its address.',
    why="A link tool that lost the address kept its anchor text behind a scheme; the words read as neither "
    "a link nor a sentence.",
    fix="Delete the fragment, or turn it into a real link with a real address.",
    fix_safety="safe",
    must_fire=(
        "Redness is common after a peel. http://Five Ways to Calm Red Skin\n\nUse a mild cleanser.",
        "See www.Gentle Care For Dry Hands for details.",
    ),
    must_not_fire=(
        "Redness is common. Read http://example.com/calm-skin for five ways to calm it.",
        "The server runs on http://localhost:8080 in development.",
    ),
)

CL205 = Rule(
    code="CL205",
    name="orphan-link-text",
    category="stray-link",
    severity=Severity.WARNING,
    summary="Finds link text left without its link: a short unpunctuated phrase glued after a paragraph's "
    'last sentence ("... improve your tone. How to fade marks faster"), or a lower-case fragment on a line '
    'of its own between paragraphs ("with a soft cloth").',
    why="Related-post widgets and link inserters put a linked title after a paragraph; when the page is "
    "copied as text the title stays, unpunctuated, and reads as a broken sentence.",
    fix="Delete the fragment; it is the text of a link, not of the article.",
    fix_safety="safe",
    must_fire=(
        "Sunscreen protects you. It also slows ageing. How to pick a sunscreen fast\n\nApply it daily.",
        "Rinse your face with lukewarm water.\n\nwith a soft cloth\n\nPat the skin dry afterwards.",
    ),
    must_not_fire=(
        "Sunscreen protects you. It also slows ageing.\n\nHow to pick a sunscreen\n\nApply it daily.",
        "Rinse your face.\n\n- with a soft cloth\n- with cool water\n\nPat it dry.",
        "Our hours:\n\nmonday to friday\n\nWe are closed on public holidays.",
    ),
)

# Begun with its first letter (see ``_letter_led``): "(?i)(?:\bhttps?://|\bwww\.)[^...]+".
_URL = re.compile(r"[hHwW](?<=\b[hHwW])(?i:(?<=[hH])ttps?://|(?<=[wW])ww\.)(?i:[^\s<>\"'`\]\[)(]+)")
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


def _line_before(text: str, start: int) -> str:
    # Bounded look-behind: an unbounded rfind per URL is quadratic on a one-line document.
    window = max(0, start - 80)
    newline = text.rfind("\n", window, start)
    return text[newline + 1 if newline != -1 else window : start]


def _introduced(stripped: str) -> bool:
    """An address introduced as one ("visit https://...", "(https://...", "Source: https://...")."""
    if stripped and stripped[-1] in _OPENERS:
        return True
    last = _LAST_WORD.search(stripped)
    return bool(last and last.group(1).lower() in _INTRODUCERS and stripped.endswith(last.group(1)))


# The text lower-cased where a substring test on it answers for an IGNORECASE match (see ignorecase_lowered).
_LOWER = Analysis("links: lower-cased text", lambda ctx: ignorecase_lowered(ctx.text))


def _may_hold(ctx: Context, pieces: tuple[str, ...]) -> bool:
    """False when a pattern that needs one of ``pieces`` (lower-case text that a match holds, matched without
    case) cannot match the text: most articles hold no address and no template, and a test for a substring
    costs a small part of what a scan with the pattern does."""
    low = ctx.analysis(_LOWER)
    return low is None or any(piece in low for piece in pieces)


# Every match of _URL and _PSEUDO_URL holds "http://", "https://" or "www." in some case.
_ADDRESS_PIECES = ("://", "ww.")


def check_urls(ctx: Context) -> Iterator[Hit]:
    if not _may_hold(ctx, _ADDRESS_PIECES):
        return
    text = ctx.text
    for m in _URL.finditer(text):
        start, end = m.start(), m.end()
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        before = _line_before(text, start)
        stripped = before.rstrip()
        if _introduced(stripped):
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


def _family(family: dict[str, list[Any]]) -> str:
    """One word or phrase from each part, in order: the product of the lists as one expression."""
    body = r"\s+".join(f"(?:{_alternation(part)})" for part in family["parts"])
    guards = "".join(rf"(?<!\b{re.escape(w)}\s)" for w in family.get("not_after", []))
    return (first_char_gate(body) if guards else "") + guards + body


def _letter_led(words: list[str]) -> str:
    """``\\b(?i:words)`` as ``_alternation`` writes them, begun with their first letters (see ``letter_led``)."""
    escaped = [re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)]
    return letter_led(escaped) or rf"\b(?i:{_alternation(words)})"


def _word_starts(words: list[str]) -> tuple[str, ...]:
    """One expression per word or phrase, ``\\b`` and the phrase: a match that begins with one of them begins
    where it matches, so these can stand for a pattern in a PatternSet's joint scan (see ``CaselessPattern``),
    each behind its own first letter."""
    return tuple(rf"\b(?:{_alternation([w])})" for w in words)


def _families(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(f, dict) and "parts" in f for f in value)


# rules/anchors.toml: the spam-anchor grammar, its context words, keyword-anchor and template data.
ANCHORS = ruledata.Shape(
    (
        ("grammar", ruledata.TABLE),
        ("context", ruledata.TABLE),
        ("keyword", ruledata.TABLE),
        ("dangling", ruledata.TABLE),
        ("templates", ruledata.TABLE),
        ("families", ("a list of [[families]] tables with parts", _families)),
    ),
    required=("grammar", "context", "keyword", "dangling", "templates"),
)


@functools.cache
def _grammar() -> _Grammar:
    data = ruledata.load("anchors", ANCHORS)
    g, c = data["grammar"], data["context"]
    pattern = CaselessPattern(
        rf"\b(?P<verb>{_alternation(g['verbs'])})\s+(?:(?P<det>{_alternation(g['determiners'])})\s+)?"
        rf"(?:(?P<adj>{_alternation(g['adjectives'])})\s+)?(?P<noun>{_alternation(g['nouns'])})\b",
        _word_starts(g["verbs"]),
    )
    phrases = [_alternation(g["known"]), *(_family(f) for f in data.get("families", []))]
    inner = "|".join(f"(?:{p})" for p in phrases)
    # A family's match begins with a word of its first part: those words stand for it in the joint scan.
    family_starts = tuple(w for f in data.get("families", []) for w in _word_starts(f["parts"][0]))
    known = CaselessPattern(rf"\b{first_char_gate(inner)}(?:{inner})\b", _word_starts(g["known"]) + family_starts)
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
    # Blocks are stripped, so a removable block is the anchor and a few marks: never slice a long one.
    short = block is not None and (block[1] - block[0]) - (end - start) <= 20
    if block and short and not (text[block[0] : start] + text[end : block[1]]).strip(" \t\n.!?"):
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
    if link is None or (link[1] - link[0]) - (end - start) > 20:
        return False
    return not (text[link[0] : start] + text[end : link[1]]).strip()


def _confirmed(layout: _Layout, m: re.Match[str], g: _Grammar) -> bool:
    """A grammar match that is spam by its shape, by standing alone as a block, or by its slot."""
    text = layout.text
    whole_block = (m.start(), m.end()) in layout.block_set and (
        bool(m.group("adj")) or _odd_case(text[m.start() : m.end()])
    )
    return _tier_a(m, g) or whole_block or bool(m.group("adj") and _in_object_slot(text, m, g))


@functools.cache
def _phrase_set() -> PatternSet:
    """The anchor phrases of CL202 and CL203's comment-spam templates, found in one scan of the text."""
    return PatternSet((_grammar().known, _grammar().pattern, _keyword().dangling, _keyword().templates))


def _phrase_matches(ctx: Context) -> list[list[re.Match[str]]]:
    # Matched case-insensitively (on the lower-cased text when it keeps offsets): read words from ctx.text.
    return _phrase_set().finditer(ctx.text, lowered(ctx.text))


# Two checks read the matches: found once per document.
_PHRASES = Analysis("link phrases", _phrase_matches)


def check_anchors(ctx: Context) -> Iterator[Hit]:
    g = _grammar()
    layout = _Layout.of(ctx)
    known_matches, grammar_matches, dangling_matches, _ = ctx.analysis(_PHRASES)
    known = [(m.start(), m.end()) for m in known_matches]
    for start, end in known:
        yield _anchor_hit(layout, start, end, "a spam anchor left in the text")
    # Both match lists run in text order, so one forward pointer finds the overlaps.
    k = 0
    for m in grammar_matches:
        while k < len(known) and known[k][1] <= m.start():
            k += 1
        if k < len(known) and known[k][0] < m.end():
            continue
        whole_link = _whole_link(layout, m.start(), m.end())
        if whole_link or _confirmed(layout, m, g):
            where = "link text" if whole_link else "text"
            yield _anchor_hit(layout, m.start(), m.end(), f"a spun spam anchor left in the {where}")
    yield from _dangling_hits(layout, dangling_matches)


def _dangling_hits(layout: _Layout, matches: list[re.Match[str]]) -> Iterator[Hit]:
    """ "..., click this link RF-assisted": a generic anchor inside a clause that does not take it."""
    text = layout.text
    for m in matches:
        before = text[max(0, m.start() - 3) : m.start()].rstrip(" \t")
        after = re.match(r"[ \t]+([A-Z0-9][\w-]*)", text[m.end() : m.end() + 40])
        if (before[-1:].isalpha() or before[-1:] == ",") and after and after.group(1) != "I":
            yield _anchor_hit(layout, m.start(), m.end(), "a generic anchor left in the middle of a clause")


# --- keyword anchors (CL203) ---------------------------------------------------------------

_NAME_WORD = r"(?:[A-Z][\w'’&.-]*|&)"
# ``\b`` and a name word, begun with its first character (see ``_letter_led``).
_NAME_WORD_LED = r"(?:[A-Z&](?<=\b[A-Z&])(?:(?<=[A-Z])[\w'’&.-]*|(?<=&)))"
_TOKEN = re.compile(r"[A-Za-z][\w'’-]*")


@dataclass(frozen=True)
class _Keyword:
    promo: re.Pattern[str]
    sponsor: re.Pattern[str]
    determiners: frozenset[str]
    commercial: re.Pattern[str]
    dangling: CaselessPattern
    templates: CaselessPattern
    # A word every match of ``promo`` (its nouns) and of ``sponsor`` (its verbs) holds, one of them, lower-cased.
    promo_words: tuple[str, ...] = ()
    sponsor_words: tuple[str, ...] = ()


def _first_words(phrases: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(phrase.split()[0].lower() for phrase in phrases))


@functools.cache
def _keyword() -> _Keyword:
    data = ruledata.load("anchors", ANCHORS)
    k, d = data["keyword"], data["dangling"]
    ci = "(?i:{})".format
    promo = recompile.compile(
        rf"(?P<anchor>{_NAME_WORD_LED}(?:[ \t]+{_NAME_WORD}){{1,5}})[ \t]+{ci(_alternation(k['promo_verbs']))}[ \t]+"
        rf"(?:{ci(_alternation(k['promo_adjectives']))}[ \t]+)?{ci(_alternation(k['promo_nouns']))}[ \t]+"
        rf"{ci('on|about|regarding')}[ \t]+{ci(_alternation(k['promo_objects']))}\b"
    )
    sponsor = recompile.compile(
        rf"{_letter_led(k['sponsor_verbs'])}[ \t]+{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}}[ \t]+"
        rf"{ci(_alternation(k['sponsor_nouns']))}\b"
    )
    dangling = CaselessPattern(
        rf"\b(?:{_alternation(d['verbs'])})\s+(?:{_alternation(d['targets'])})\b", _word_starts(d["verbs"])
    )
    forms = [_family({"parts": parts}) for parts in data["templates"].values()]
    templates = "|".join(f"(?:{f})" for f in forms)
    return _Keyword(
        promo,
        sponsor,
        frozenset(k["leading_determiners"]),
        recompile.compile(rf"\b(?:{_alternation(k['commercial'])})\b", re.IGNORECASE),
        dangling,
        CaselessPattern(
            rf"\b(?:{templates})\b", tuple(w for parts in data["templates"].values() for w in _word_starts(parts[0]))
        ),
        _first_words(k["promo_nouns"]),
        _first_words(k["sponsor_verbs"]),
    )


def _keyword_hit(start: int, end: int, why: str) -> Hit:
    return Hit(
        "CL203",
        start,
        end,
        f"A keyword anchor spliced into the sentence ({why}): link-building spam put it where the article's "
        "own words were.",
        no_fix="rewrite the sentence without the anchor",
    )


def _promo_hits(text: str, kw: _Keyword) -> Iterator[Hit]:
    for m in kw.promo.finditer(text):
        first = m.group("anchor").split()[0].lower()
        if first not in kw.determiners:
            yield _keyword_hit(m.start("anchor"), m.end("anchor"), "a name in a link inserter's template")


_SENTENCE_BOUNDS = re.compile(r"[.!?\n]")


def _template_hits(text: str, matches: list[re.Match[str]]) -> Iterator[Hit]:
    """Comment-spam sentences ("... where and how to use X, you can contact us at our own web site"):
    the whole sentence is reported, since the keyword anchor sits inside it."""
    last_end = -1
    for m in matches:
        window = max(0, m.start() - 300)
        start = max(text.rfind(c, window, m.start()) for c in ".!?\n") + 1 or window
        start += len(text[start : m.start()]) - len(text[start : m.start()].lstrip())
        tail = _SENTENCE_BOUNDS.search(text, m.end(), min(len(text), m.end() + 300))
        end = tail.end() if tail and tail.group() != "\n" else (tail.start() if tail else m.end())
        if start >= last_end:
            last_end = end
            yield _keyword_hit(start, end, "a comment-spam template around the anchor")


def _sponsor_hits(text: str, kw: _Keyword) -> Iterator[Hit]:
    for m in kw.sponsor.finditer(text):
        yield _keyword_hit(m.start(), m.end(), "a sponsored brand anchor")


_CLAUSE = re.compile(r"[^.;:!?\n]+")
_ITEM_SPLIT = re.compile(r",[ \t]*(?:(?:and|or)[ \t]+)?|[ \t]+(?:and|or)[ \t]+")


def _list_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    items, pos = [], start
    for m in _ITEM_SPLIT.finditer(text, start, end):
        items.append((pos, m.start()))
        pos = m.end()
    items.append((pos, end))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), s + len(text[s:e].rstrip())) for s, e in items]


_GENERIC_ITEM = re.compile(r"[a-z][a-z'’-]*(?:[ \t]+[a-z][a-z'’-]*){0,3}")


def _title_run(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The run of two or more capitalised words that ends an item ("such as Velvet Dew Rose Oil")."""
    words = list(_TOKEN.finditer(text, start, end))
    k = len(words)
    while k > 0 and words[k - 1].group()[:1].isupper():
        k -= 1
    if len(words) - k < 2 or (k > 0 and not words[k - 1].group().islower()) or text[words[-1].end() : end].strip():
        return None
    return words[k].start(), words[-1].end()


# A title run is two or more tokens that begin with a capital (``_TOKEN`` begins with an ASCII letter):
# a clause with fewer than two capitals has none, and most clauses are skipped before they are split.
_CAPITAL = re.compile(r"[A-Z]")


def _two_capitals(text: str, start: int, end: int) -> bool:
    """Two capitals in ``text[start:end]``: two searches the engine skips through, where one pattern for both
    ran to the clause's end and back from each capital."""
    first = _CAPITAL.search(text, start, end)
    return first is not None and _CAPITAL.search(text, first.end(), end) is not None


def _enumeration_hits(text: str) -> Iterator[Hit]:
    """A capitalised name among lower-case items that share its head noun: a brand anchor in a list."""
    for clause in _CLAUSE.finditer(text):
        if "," not in clause.group() or not _two_capitals(text, clause.start(), clause.end()):
            continue
        items = _list_items(text, clause.start(), clause.end())
        # Head nouns of the generic items: "mineral oil", "almond oil" give "oil".
        lower = [text[s:e].split()[-1] for s, e in items if _GENERIC_ITEM.fullmatch(text, s, e)]
        if len(lower) < 2:
            continue
        heads = set(lower)
        for s, e in items[:-1]:
            run = _title_run(text, s, e)
            if run and text[run[0] : run[1]].split()[-1].lower() in heads:
                yield _keyword_hit(run[0], run[1], "a brand name among generic items")


def _host(href: str) -> str:
    m = re.match(r"(?i)https?://(?:www\.)?([^/:?#\s]+)", href)
    return m.group(1).lower() if m else ""


def _own_host(hosts: list[str]) -> str:
    """The site's own domain: the host most links point to, when it is a clear majority of them."""
    if len(hosts) < 2:
        return ""
    host, count = Counter(hosts).most_common(1)[0]
    return host if count >= 2 and count * 2 > len(hosts) else ""


def _link_words(text: str, links: list[tuple[int, int]]) -> set[str]:
    """Lower-case words of the text outside its links: the article's own vocabulary."""
    parts, pos = [], 0
    for s, e in links:
        parts.append(text[pos:s])
        pos = max(pos, e)
    parts.append(text[pos:])
    return {w.lower() for w in _TOKEN.findall(" ".join(parts))}


def _foreign_link(text: str, s: int, e: int, vocabulary: set[str], kw: _Keyword) -> bool:
    """Link text that is a commercial keyword, inside a sentence, sharing no word with the article."""
    anchor = text[s:e]
    words = [w.lower() for w in _TOKEN.findall(anchor)]
    content = [w for w in words if len(w) > 3]
    if not 2 <= len(words) <= 6 or not content or not kw.commercial.search(anchor):
        return False
    before = text[max(0, s - 3) : s]
    inside = (bool(before.strip()) and "\n" not in before) or bool(re.match(r"[ \t]+[a-z]", text[e : e + 3]))
    return inside and not any(w in vocabulary for w in content)


def _markup_hits(ctx: Context, kw: _Keyword) -> Iterator[Hit]:
    links = [(link.start, link.end, link.href) for link in ctx.document.links if _host(link.href)]
    if not links:
        return
    text = ctx.text
    vocabulary = _link_words(text, [(s, e) for s, e, _ in links])
    own = _own_host([_host(href) for _, _, href in links])
    for s, e, href in links:
        if _host(href) != own and _foreign_link(text, s, e, vocabulary, kw):
            yield _keyword_hit(s, e, "link text foreign to the article")


def check_keyword_anchors(ctx: Context) -> Iterator[Hit]:
    kw = _keyword()
    text = ctx.text
    if _may_hold(ctx, kw.promo_words):
        yield from _promo_hits(text, kw)
    if _may_hold(ctx, kw.sponsor_words):
        yield from _sponsor_hits(text, kw)
    yield from _template_hits(text, ctx.analysis(_PHRASES)[3])
    yield from _enumeration_hits(text)
    yield from _markup_hits(ctx, kw)


# --- pseudo-URLs (CL204) -------------------------------------------------------------------

# Begun with its first letter (see ``_letter_led``): "(?i)\b(?:https?://|www\.)(?=[A-Za-z])...".
_PSEUDO_URL = re.compile(
    r"[hHwW](?<=\b[hHwW])(?i:(?<=[hH])ttps?://|(?<=[wW])ww\.)"
    r"(?i:(?=[A-Za-z])(?P<host>[^\s./:]+)(?=[ \t])(?P<rest>(?:[ \t]+[\w'’&-]+){1,12}))"
)


def check_pseudo_urls(ctx: Context) -> Iterator[Hit]:
    if not _may_hold(ctx, _ADDRESS_PIECES):
        return
    text = ctx.text
    for m in _PSEUDO_URL.finditer(text):
        if m.group("host").lower() == "localhost" or not m.group("host")[:1].isupper():
            continue
        # "www.Gentle Care For Dry Hands for details": the anchor ends at its last capitalised word.
        caps = [w for w in _TOKEN.finditer(m.group("rest")) if w.group()[:1].isupper()]
        end = m.start("rest") + caps[-1].end() if caps else m.end("host")
        rest = text[end : end + 200].split("\n", 1)[0]
        ends_line = not rest.strip() and (end + len(rest) == len(text) or text[end + len(rest)] == "\n")
        # Removed with the spaces before it, so the sentence it followed ends the line cleanly.
        prefix = text[max(0, m.start() - 80) : m.start()]
        lead = m.start() - (len(prefix) - len(prefix.rstrip(" \t")))
        fix = Fix(lead, end, "") if ends_line else None
        yield Hit(
            "CL204",
            m.start(),
            end,
            "A scheme glued to words instead of an address: the text of a link whose address was lost.",
            fix=fix,
            no_fix=None if fix else "delete the fragment and rewrite the sentence",
        )


# --- orphan link text (CL205) --------------------------------------------------------------

# "(?<=[a-z0-9)][.!?])[ \t]+(?P<tail>...)", begun with its first space (the end mark checked behind it) so that
# the engine's fast scan finds candidates.
_TAIL = re.compile(r"[ \t](?<=[a-z0-9)][.!?][ \t])[ \t]*(?P<tail>[A-Z][\w'’-]*(?:[ \t]+[\w'’-]+){2,9})[ \t]*$")
_PROSE_END = '.!?"”’)'
# Words only, starting lower-case: a command, an address or a code line is not link text.
_FRAGMENT = re.compile(r"[a-z][a-z'’-]*(?:[ \t]+[A-Za-z][a-z'’-]*)+")
# A paragraph that ends on one of these runs on into a list ("A better strategy is to"), it is not a title.
_OPEN_ENDINGS = frozenset(
    ["to", "the", "a", "an", "of", "and", "or", "is", "are", "with", "for", "in", "on", "by", "as", "that", "these"]
)


def _orphan_hit(start: int, end: int, fix: Fix, where: str) -> Hit:
    return Hit(
        "CL205",
        start,
        end,
        f"Link text left without its link ({where}): it is not part of the article's sentences.",
        fix=fix,
    )


def _tail_hit(text: str, block: Block) -> Hit | None:
    """An unpunctuated title glued after the paragraph's last sentence, on the same line."""
    line_start = text.rfind("\n", block.start, block.end) + 1 or block.start
    m = _tail(text, max(line_start, block.start), block.end)
    tail = text[m.start("tail") : m.end("tail")] if m else ""
    if not m or tail.lower().startswith(("http", "www")) or tail.split()[-1].lower() in _OPEN_ENDINGS:
        return None
    return _orphan_hit(
        m.start("tail"), m.end("tail"), Fix(m.start(), m.end("tail"), ""), "a title after the last sentence"
    )


def _tail(text: str, start: int, end: int) -> re.Match[str] | None:
    """``_TAIL.search(text, start, end)``, tried only where it can match. From its end mark on, a match holds
    nothing but words, apostrophes, hyphens, spaces and tabs: so the end mark it follows is the last ".", "!"
    or "?" before ``end``, and searching from there (the look-behind still sees the characters before it)
    skips a test at every space of the paragraph."""
    # (A match at ``start`` follows a mark just before it.)
    first = max(start - 1, 0)
    mark = max(text.rfind(".", first, end), text.rfind("!", first, end), text.rfind("?", first, end))
    return _TAIL.search(text, max(mark + 1, start), end) if mark >= 0 else None


def _fragment_hit(text: str, prev: Block, block: Block, nxt: Block) -> Hit | None:
    """A lower-case fragment on a line of its own between two paragraphs of prose."""
    if block.kind != "paragraph" or text.find("\n", block.start, block.end) >= 0:
        return None
    body = text[block.start : block.end]
    # Two to eight words: split no further than a ninth (a paragraph of prose has hundreds).
    if not 2 <= len(body.split(None, 8)) <= 8:
        return None
    if not _FRAGMENT.fullmatch(body) or not text[nxt.start : nxt.start + 1].isupper() or nxt.kind == "item":
        return None
    if text[prev.start : prev.end].rstrip()[-1:] not in _PROSE_END:
        return None
    return _orphan_hit(block.start, block.end, Fix(block.start, block.end, "", remove_block=True), "a line of its own")


def check_orphan_link_text(ctx: Context) -> Iterator[Hit]:
    text = ctx.text
    blocks = ctx.document.blocks
    for i, block in enumerate(blocks):
        if block.kind != "paragraph":
            continue
        before_list = i + 1 < len(blocks) and blocks[i + 1].kind == "item"
        hit = None if before_list else _tail_hit(text, block)
        if hit is None and 0 < i < len(blocks) - 1:
            hit = _fragment_hit(text, blocks[i - 1], block, blocks[i + 1])
        if hit is not None:
            yield hit


CHECKS = (
    Check((CL201,), check_urls),
    Check((CL202,), check_anchors),
    Check((CL203,), check_keyword_anchors),
    Check((CL204,), check_pseudo_urls),
    Check((CL205,), check_orphan_link_text),
)
