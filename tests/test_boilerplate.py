"""Page chrome and template residue: every format, the audit's extraction path, and safe removal."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from contentlint import check_text
from contentlint.api import Linter
from contentlint.checks import boilerplate
from contentlint.config import Config
from contentlint.fix import fix_document
from contentlint.formats import load_string

RESIDUE = ("CL2", "CL3")

PAGE = """<!doctype html>
<html><head><title>Caring for curly hair</title></head>
<body>
<a href="#main">Skip to main content</a>
<nav><ul><li><a href="/">Home</a></li><li><a href="/blog">Blog</a></li></ul></nav>
<main id="main"><article>
<h1>Caring for curly hair</h1>
<p>Curly hair needs more moisture than straight hair, because the natural oils of the scalp travel slowly
along each curl. A leave-in conditioner keeps the lengths soft between washes.</p>
<p>More from Curl Weekly</p>
<p>Wash curls with a mild shampoo no more than twice a week, and comb them only while they are wet and
coated in conditioner. Dry them with a cotton shirt rather than a towel.</p>
<p>Address Line One | Address Line Two</p>
<p>For wider curls, <a href="https://spam.example.net/x">click through the next internet site</a> and enjoy
the results. Heat styling should stay rare, and a heat protectant helps when you do use it.</p>
<p>Studies of hair care are small, so judge products by how your own curls respond over a few weeks.</p>
</article></main>
<footer><p>Copyright 2026</p></footer>
</body></html>
"""


def _found(source: str, fmt: str) -> list[tuple[str, str]]:
    report = check_text(source, format=fmt, config=Config(select=RESIDUE))  # type: ignore[arg-type]
    return sorted((f.rule, " ".join(f.text.split())) for f in report.findings)


def test_html_page_residue_and_working_skip_link() -> None:
    found = _found(PAGE, "html")
    assert found == [
        ("CL202", "click through the next internet site"),
        ("CL303", "Address Line One | Address Line Two"),
        ("CL303", "More from Curl Weekly"),
    ]


def test_audit_extraction_reports_the_same_residue_as_check() -> None:
    from contentlint.audit.sources import extract_main_content

    extracted = extract_main_content(PAGE)
    assert extracted is not None
    assert _found(extracted, "markdown") == _found(PAGE, "html")


def test_skip_link_left_in_plain_text_is_residue() -> None:
    text = "Skip to main content\nCaring for curly hair\n\nCurly hair needs moisture.\n"
    assert _found(text, "text") == [("CL303", "Skip to main content")]


def test_residue_lines_are_removed_by_the_fix() -> None:
    source = (
        "Curly hair needs moisture.\nRECOMMENDED FOR YOU:\nComb curls when wet.\n\n"
        "More from Curl Weekly\n\nDry curls with a cotton shirt.\n"
    )
    fixed = fix_document(load_string(source, "x.txt", "text"), Linter(Config()), Config(), False).fixed
    assert fixed == "Curly hair needs moisture.\nComb curls when wet.\n\nDry curls with a cotton shirt.\n"


def test_hashed_token_is_reported_but_not_removed() -> None:
    source = "Cut heat styling by 30{5f1c2e9a8b7d6c5e4f3a2b1c0d9e8f7a} each week.\n"
    report = check_text(source, config=Config(select=("CL303",)))
    assert [f.text for f in report.findings] == ["{5f1c2e9a8b7d6c5e4f3a2b1c0d9e8f7a}"]
    assert report.findings[0].fix is None


def test_title_templates_only_on_a_title_line() -> None:
    assert _found("Not Known Facts About Night Creams\n\nNight creams help.\n", "text") == [
        ("CL305", "Not Known Facts About Night Creams")
    ]
    assert _found("# Top Guidelines Of Scalp Care\n\nMassage helps.\n", "markdown") == [
        ("CL305", "Top Guidelines Of Scalp Care")
    ]
    assert _found("The label lists five simple statements about safety.\n", "text") == []


def test_working_navigation_links_are_not_residue() -> None:
    page = (
        '<p><a href="#main">Skip to content</a></p><p><a href="/older">Previous article</a></p>'
        "<p>Curly hair needs moisture, so use a leave-in conditioner after every wash.</p>"
        "<p>Previous article</p>"
    )
    assert _found(page, "html") == [("CL303", "Previous article")]


@given(
    st.lists(
        st.sampled_from(
            ["the results.", "Caring", "for", "curly", "hair", "1", "12", "x!", "A", "é.", " ", "\t", "\n"]
        ),
        max_size=14,
    ).map("".join)
)
def test_glued_numbered_pattern_matches_like_its_look_behind_form(text: str) -> None:
    """CL304's pattern begins with the capital, the end mark checked behind it: the matches of the form that
    begins with the look-behind."""
    reference = re.compile(r"(?<=[a-z][.!?])[A-Z][\w'’-]*(?:[ \t]+[\w'’&-]+){2,12}[ \t]+\d{1,2}(?=[ \t]*(?:\n|$))")
    fast = boilerplate._GLUED_NUMBERED
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in reference.finditer(text)]


def _former_residue_spans(text: str) -> list[tuple[int, int, str]]:
    """The residue scan as it was: every pattern's own IGNORECASE (or case-sensitive) finditer."""
    from contentlint.patterns import may_match

    r = boilerplate._residue()
    out = []
    for p in r.patterns:
        label = p.label
        if not may_match(p.required, text):
            continue
        for m in p.regex.finditer(text):
            start = m.start()
            if label.startswith("an icon-font"):
                line_start = text.rfind("\n", max(0, start - 60), start) + 1 or max(0, start - 60)
                glued = r.icon_glued.match(text, line_start, m.end())
                start = line_start if glued and glued.end() == start else start
            out.append((start, m.end(), label))
    return out


def test_the_residue_scan_finds_what_each_patterns_own_scan_found() -> None:
    from types import SimpleNamespace

    texts = [
        "Call us. Your Company Name Goes Here and YOUR SITE ADDRESS HERE.\nAddress Line 1 | address line two",
        "Lorem Ipsum dolor sit amet, consectetur\nWrite to INFO@YourDomain.com or name@example.com today.",
        "A token [0123456789abcdef0123456789abcdef] and {ABCDEF0123456789ABCDEF0123} left behind.",
        "Dotless ı and long ſ: your ſite name here, lorem ıpsum dolor sit amet. Kelvin: \u212a.",
        "Font Awesome Free 5.15 by @fontawesome - https://fontawesome.com\nTip:Drink water. Read more [...]\n",
        "",
    ]
    r = boilerplate._residue()
    found = 0
    for text in texts:
        expected = _former_residue_spans(text)
        assert list(boilerplate._residue_spans(SimpleNamespace(text=text), r)) == expected  # type: ignore[arg-type]
        found += len(expected)
    assert found >= 8  # the texts reach most of the patterns


_RESIDUE_PIECES = [
    "Your Company Name Goes Here",
    "your site address here",
    "Address Line 1",
    " | ",
    "ADDRESS LINE TWO",
    "Lorem Ipsum dolor sit amet",
    "lorem ıpsum",
    "INFO@YourDomain.com",
    "name@example.com",
    "Font Awesome Free 5.15 by @fontawesome",
    "(Icons: CC BY 4.0, Fonts: SIL OFL 1.1)",
    "ſite",
    "\u212a",
    "İ",
    " ",
    "\n",
    ".",
]


@given(st.lists(st.sampled_from(_RESIDUE_PIECES), max_size=12))
def test_the_residue_scan_skips_only_texts_without_a_patterns_words(pieces: list[str]) -> None:
    from types import SimpleNamespace

    text = "".join(pieces)
    spans = list(boilerplate._residue_spans(SimpleNamespace(text=text), boilerplate._residue()))  # type: ignore[arg-type]
    assert spans == _former_residue_spans(text)


@given(
    st.lists(
        st.sampled_from(
            ["the results.", "Caring", "for", "curly", "hair", "1", "12", "\u0663", "x!", " ", "\t", "\n", "\u00a0"]
        ),
        max_size=16,
    ).map("".join)
)
@example("Rinse well for the results.Caring for curly hair 1\nMore text.")
@example("Rinse well for the results.Caring for curly hair 12 \t")
def test_numbered_titles_skip_the_caption_scan_only_without_a_line_ending_in_a_digit(text: str) -> None:
    from contentlint.model import Context

    ctx = Context(document=load_string(text, "a.txt"), doc=None, config=Config())  # type: ignore[arg-type]
    got = [(h.start, h.end) for h in boilerplate.check_numbered_titles(ctx)]
    glued = [m.span() for m in boilerplate._GLUED_NUMBERED.finditer(ctx.text)]
    assert got[: len(glued)] == glued  # every caption the scan finds is reported, first


@given(st.text(alphabet=st.sampled_from(list("ab \t\n\r\u00a0\u2028")), max_size=40))
def test_lines_are_the_stripped_runs_between_line_breaks(text: str) -> None:
    from types import SimpleNamespace

    from contentlint.document import Document

    document = Document(path="a.txt", source=text, text=text, format="text")
    got = [(ln.start, ln.end) for ln in boilerplate._split_lines(SimpleNamespace(text=text, document=document))]  # type: ignore[arg-type]
    expected = []
    for m in re.finditer(r"[^\n]+", text):
        body = m.group()
        start, end = m.start() + len(body) - len(body.lstrip()), m.start() + len(body.rstrip())
        if end > start:
            expected.append((start, end))
    assert got == expected
