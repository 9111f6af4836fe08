"""Stray link text in every format: anchors that are real link elements, fixes, and linear work."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from contentlint import check_text, ruledata
from contentlint.api import Linter
from contentlint.checks import links
from contentlint.config import Config
from contentlint.fix import fix_document
from contentlint.formats import load_string
from contentlint.model import Context

STRAY = ("CL201", "CL202", "CL203", "CL204", "CL205")


def _stray(source: str, fmt: str) -> list[tuple[str, str]]:
    report = check_text(source, format=fmt, config=Config(select=STRAY))  # type: ignore[arg-type]
    for f in report.findings:
        assert source[f.start : f.end] == f.text  # offsets point into the source, not the extracted text
    return [(f.rule, f.text) for f in report.findings if f.category == "stray-link"]


HTML_PAGE = """<!doctype html><html><body><article>
<h1>Caring for dry hands</h1>
<p>Dry hands crack in winter. For a richer cream, <a href="https://spam.example.net/a">click through the next
internet site</a> and compare the labels before you buy one.</p>
<p>Cold air dries skin quickly. <a href="https://loans.example.biz/">Best Cheap Payday Loans</a> explains
what to do about it.</p>
<p>The <a href="https://www.aad.org/public/everyday-care">American Academy of Dermatology</a> suggests a
fragrance-free cream after every wash, and gloves outdoors.</p>
<p>Read more in our <a href="/guides/hand-cream">guide to hand creams</a>.</p>
</article></body></html>
"""


def test_html_anchor_elements() -> None:
    found = _stray(HTML_PAGE, "html")
    assert ("CL202", "click through the next\ninternet site") in found
    assert ("CL203", "Best Cheap Payday Loans") in found
    texts = " ".join(t for _, t in found)
    assert "Academy" not in texts and "hand creams" not in texts


MARKDOWN_PAGE = """# Caring for dry hands

Dry hands crack in winter. For a richer cream, [click through the next internet site](https://spam.example.net/a)
and compare the labels before you buy one.

Cold air dries skin quickly. [Best Cheap Payday Loans](https://loans.example.biz/) explains what to do about it.

The [American Academy of Dermatology](https://www.aad.org/) suggests a fragrance-free cream after every wash.

## Read more

* [Hand creams compared](https://example.org/hand-creams) (our own guide)
* [Winter skin](https://example.org/winter)
"""


def test_markdown_link_elements() -> None:
    found = _stray(MARKDOWN_PAGE, "markdown")
    assert found == [("CL202", "click through the next internet site"), ("CL203", "Best Cheap Payday Loans")]


def test_markdown_further_reading_is_not_residue() -> None:
    report = check_text(MARKDOWN_PAGE, format="markdown", config=Config(select=("CL3",)))
    assert [f.text for f in report.findings] == []


def test_orphan_fragment_and_pseudo_url_are_removed() -> None:
    source = (
        "Oily skin shows pores more clearly. http://Three Habits for Smaller Pores\n\n"
        "Wash with lukewarm water and a mild cleanser.\n\nwith a clay mask\n\nClay masks absorb oil.\n"
    )
    fixed = fix_document(load_string(source, "x.txt", "text"), Linter(Config()), Config(), False).fixed
    assert fixed == (
        "Oily skin shows pores more clearly.\n\nWash with lukewarm water and a mild cleanser.\n\n"
        "Clay masks absorb oil.\n"
    )


def test_keyword_anchor_has_no_automatic_fix() -> None:
    source = "Heavier balms suit dry skin. Northgate Beauty Rooms offers great information on this.\n"
    report = check_text(source, config=Config(select=("CL203",)))
    assert [f.text for f in report.findings] == ["Northgate Beauty Rooms"]
    assert report.findings[0].fix is None and report.findings[0].no_fix


class _CountingList(list):  # type: ignore[type-arg]
    """A list that counts how many of its elements are read."""

    reads = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        for item in super().__iter__():
            _CountingList.reads += 1
            yield item

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        _CountingList.reads += 1
        return super().__getitem__(index)


def _block_reads(n: int) -> int:
    # One anchor per paragraph: a scan of every block per finding would read n * n blocks.
    source = "\n\n".join(f"Day {i}: accept mouse click the up coming document and enjoy it." for i in range(n))
    document = load_string(source, "big.txt", "text")
    document.blocks = _CountingList(document.blocks)
    document.links = _CountingList(document.links)
    ctx = Context(document=document, doc=None, config=Config())  # type: ignore[arg-type]
    _CountingList.reads = 0
    hits = [hit for check in links.CHECKS for hit in check.run(ctx)]
    assert sum(1 for h in hits if h.code == "CL202") == n
    return _CountingList.reads


def test_link_checks_read_each_block_a_bounded_number_of_times() -> None:
    small, large = _block_reads(300), _block_reads(1200)
    assert large <= 8 * 1200
    assert large <= 4.5 * small  # four times the document, about four times the work


def test_links_to_the_sites_own_pages_are_not_keyword_anchors() -> None:
    source = (
        "Our [laser services](https://clinic.example.com/laser) suit most skin. You can book\n"
        "[Best Skin Peels Leeds](https://clinic.example.com/peels) online, see\n"
        "[prices](https://clinic.example.com/prices), or read [Cheap Flights To Spain](https://trips.example.org/)\n"
        "before your holiday.\n"
    )
    assert _stray(source, "markdown") == [("CL203", "Cheap Flights To Spain")]


class _CountingStr(str):
    """A string that counts the characters its slices copy."""

    copied = 0

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        part = super().__getitem__(index)
        _CountingStr.copied += len(part)
        return part


def _chars_copied(n: int) -> int:
    # One long paragraph: a slice of the whole block per finding would copy n * n characters.
    unit = "Accept mouse click the up coming document now, and www.Soft Hands Guide 'll help you. "
    document = load_string(unit * n, "long.txt", "text")
    document.text = _CountingStr(document.text)
    ctx = Context(document=document, doc=None, config=Config())  # type: ignore[arg-type]
    _CountingStr.copied = 0
    hits = [hit for check in links.CHECKS for hit in check.run(ctx)]
    assert sum(1 for h in hits if h.code == "CL202") == n
    return _CountingStr.copied


def test_link_checks_copy_text_in_proportion_to_its_length() -> None:
    small, large = _chars_copied(250), _chars_copied(1000)
    assert large <= 4.5 * small


_LINK_TOKENS = ["Check", "out", "checking", "VISIT", "browse", "Visiting", "Acme", "Glow", "&", "Co.", "store", "site"]
_LINK_TOKENS += ["provides", "great", "tips", "on", "this", "topic", "www.", "http://", "HTTPS://", "Brand", "ſite"]
_LINK_TOKENS += ["done.", "it!", "(x).", "Read", "More", "Here", "a.b"]
_LINK_TEXT = st.lists(
    st.sampled_from([*_LINK_TOKENS, "xcheck", "_Visit", "1Acme", "K", "\u212a", "ı", " ", "\t", "\n", ".", "-"]),
    max_size=14,
).map(lambda parts: " ".join(parts).replace("// ", "//").replace(". ", "."))


@given(_LINK_TEXT)
def test_letter_led_patterns_match_like_their_word_boundary_forms(text: str) -> None:
    """CL203's promotion and sponsor patterns and CL204's begin with a letter checked behind it, for speed:
    the matches of the ``\\b`` forms."""
    data = ruledata.load("anchors", links.ANCHORS)["keyword"]
    kw = links._keyword()
    verbs = links._letter_led(data["sponsor_verbs"])
    assert verbs != rf"\b(?i:{links._alternation(data['sponsor_verbs'])})"  # the fast form is in use
    forms = [
        (kw.sponsor, verbs, rf"\b(?i:{links._alternation(data['sponsor_verbs'])})"),
        (kw.promo, f"(?P<anchor>{links._NAME_WORD_LED}", rf"\b(?P<anchor>{links._NAME_WORD}"),
    ]
    for fast, lead, plain in forms:
        assert fast.pattern.startswith(lead)
        reference = re.compile(plain + fast.pattern[len(lead) :])
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [
            (m.span(), m.groups()) for m in reference.finditer(text)
        ]
    pseudo = re.compile(
        r"(?i)\b(?:https?://|www\.)(?=[A-Za-z])(?P<host>[^\s./:]+)(?=[ \t])(?P<rest>(?:[ \t]+[\w'’&-]+){1,12})"
    )
    url = re.compile(r"(?:\bhttps?://|\bwww\.)[^\s<>\"'`\]\[)(]+", re.IGNORECASE)
    tail = re.compile(r"(?<=[a-z0-9)][.!?])[ \t]+(?P<tail>[A-Z][\w'’-]*(?:[ \t]+[\w'’-]+){2,9})[ \t]*$")
    for fast, reference in ((links._PSEUDO_URL, pseudo), (links._URL, url)):
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [
            (m.span(), m.groups()) for m in reference.finditer(text)
        ]
    for start in range(0, len(text), 7):  # searched from a line start, as _tail_hit does
        found, expected = links._TAIL.search(text, start), tail.search(text, start)
        assert (found and (found.span(), found.groups())) == (expected and (expected.span(), expected.groups()))


def test_letter_led_keeps_the_plain_form_for_letters_with_more_than_two_cases() -> None:
    assert links._letter_led(["sponsored by", "visit"]) == rf"\b(?i:{links._alternation(['sponsored by', 'visit'])})"


def _anchor_words() -> list[str]:
    data = ruledata.load("anchors", links.ANCHORS)
    words = [*data["grammar"]["known"], *data["grammar"]["verbs"], *data["dangling"]["verbs"]]
    for family in [*data.get("families", []), *({"parts": p} for p in data["templates"].values())]:
        words += [w for part in family["parts"] for w in part[:3]]
        words += [" ".join(part[0] for part in family["parts"]), " ".join(part[-1] for part in family["parts"])]
    return words


@given(st.lists(st.sampled_from([*_anchor_words(), "the", "A", "my", ".", "\n"]), max_size=10).map(" ".join))
def test_the_link_phrase_scan_finds_each_patterns_own_matches(text: str) -> None:
    """The joint scan's parts (each word a phrase can begin with) lose no match of any of its patterns."""
    found = links._phrase_set()
    low = text.lower() if len(text.lower()) == len(text) else None
    expected = [[(m.span(), m.groups()) for m in p.finditer(text, low)] for p in found.patterns]
    assert [[(m.span(), m.groups()) for m in ms] for ms in found.finditer(text, low)] == expected


# Sentences of prose with a title glued on, end marks, apostrophes, hyphens, tabs, line breaks and brackets.
_TAIL_TEXT = st.lists(st.sampled_from([*"aZb9)’'-.!?\n\t", " ", " ", "Read", "More", "x"]), max_size=40).map("".join)


@given(_TAIL_TEXT, st.integers(0, 80), st.integers(0, 80))
def test_the_tail_search_from_the_last_end_mark_finds_the_full_searchs_match(text: str, start: int, end: int) -> None:
    found = links._tail(text, start, end)
    expected = links._TAIL.search(text, start, end)
    got = (found.span(), found.span("tail")) if found else None
    assert got == ((expected.span(), expected.span("tail")) if expected else None)


def test_the_tail_search_finds_a_title_after_a_mark_just_before_its_start() -> None:
    text = "It works well. Read More About Serums"
    assert links._tail(text, 14, len(text)) is not None  # the "." at 13 is before the search's start
    assert links._tail(text, 0, len(text)).span("tail") == links._TAIL.search(text).span("tail")


@given(st.lists(st.sampled_from([*"ab \t\n.", "word", "  "]), max_size=30).map("".join))
def test_the_fragment_word_count_is_the_full_splits(body: str) -> None:
    assert (2 <= len(body.split(None, 8)) <= 8) == (2 <= len(body.split()) <= 8)


@given(st.text(alphabet=st.sampled_from(list("aAbZz ,.É\n")), max_size=40), st.integers(0, 40), st.integers(0, 40))
def test_two_capitals_finds_what_one_pattern_for_both_found(text: str, start: int, end: int) -> None:
    from contentlint.checks.links import _two_capitals

    expected = re.compile(r"[A-Z][^A-Z]*[A-Z]").search(text, start, end) is not None
    assert _two_capitals(text, start, end) == expected


_LINK_SENTENCES = [
    "Harbour Smile Studio offers excellent info on this.",
    "If you lack iron, consider checking out Ironvale Glow reviews to see what suits you.",
    "First and foremost, https://clinic.example.com/news?id=35 'll discover better skin tone.",
    "See www.Gentle Care For Dry Hands for details.",
    "Most of all, www.example.org/offer 're going to love the results.",
    "Rinse with water, and pat dry.",
]
# Case changes, and the letters IGNORECASE matches to "i", "s" and "k" that lower() does not make them.
_CASES = [
    lambda s: s,
    str.upper,
    str.lower,
    lambda s: s.replace("i", "\u0131"),
    lambda s: s.replace("s", "\u017f"),
    lambda s: s.replace("I", "\u0130"),
    lambda s: s.replace("k", "\u212a"),
]


@given(st.lists(st.tuples(st.sampled_from(_LINK_SENTENCES), st.sampled_from(_CASES)), max_size=5))
def test_prefiltered_checks_find_what_the_patterns_alone_find(sentences: list[tuple[str, Any]]) -> None:
    # The substring tests only skip texts the patterns cannot match, whatever the case of the text.
    from contentlint.model import Context
    from contentlint.nlp import get_nlp

    text = " ".join(case(sentence) for sentence, case in sentences)
    document = load_string(text, "t.txt")
    doc = get_nlp()(document.text)
    checks = (links.check_urls, links.check_pseudo_urls, links.check_keyword_anchors)

    def run() -> list[tuple[str, int, int]]:
        ctx = Context(document=document, doc=doc, config=Config())
        return [(h.code, h.start, h.end) for check in checks for h in check(ctx)]

    filtered = run()
    real = links._may_hold
    links._may_hold = lambda ctx, pieces: True  # type: ignore[assignment]
    try:
        assert filtered == run()
    finally:
        links._may_hold = real
