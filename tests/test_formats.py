"""Loading: encodings, binary refusal, Markdown and HTML extraction, odd inputs."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contentlint import check_text
from contentlint.errors import InputError
from contentlint.formats import load_bytes, load_string

SPUN = "Conveniences of Retinol\n\nRetinol deals many benefits for every skin kind.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SPUN.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SPUN.encode("utf-8"), "utf-8-sig"),
        (SPUN.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + SPUN.encode("utf-16-be"), "utf-16"),
        (SPUN.encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_unicode_encodings_decode_to_the_same_text(data: bytes, encoding: str) -> None:
    doc = load_bytes(data, "a.txt")
    assert doc.source == SPUN
    assert doc.encoding == encoding


def test_legacy_single_byte_encoding() -> None:
    text = "Crème brûlée for your skin? Café owners say the soufflé is très bon, naïve or not.\n" * 3
    doc = load_bytes(text.encode("cp1252"), "legacy.txt")
    assert doc.source == text


def test_binary_file_is_refused_with_a_clear_message() -> None:
    with pytest.raises(InputError, match="binary"):
        load_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "image.png")


def test_empty_file_lints_to_nothing() -> None:
    doc = load_bytes(b"", "empty.md")
    assert doc.text == "" and doc.blocks == []
    assert check_text("", format="markdown").findings == []


def test_plain_text_headings_are_inferred() -> None:
    doc = load_string("MY TITLE\n\nSecond Title Here\n\nA sentence that ends.\n\nwhat about this one\n", "a.txt")
    kinds = [(doc.text[b.start : b.end], b.kind) for b in doc.blocks]
    assert kinds == [
        ("MY TITLE", "heading"),
        ("Second Title Here", "heading"),
        ("A sentence that ends.", "paragraph"),
        ("what about this one", "paragraph"),
    ]


def test_markdown_skips_code_and_front_matter() -> None:
    source = (
        "---\ntitle: Conveniences of Retinol\n---\n\n# Retinol\n\n```\nskin kind\n```\n\n"
        "    indented skin kind\n\nUse `skin kind` here.\n"
    )
    report = check_text(source, format="markdown")
    assert [f for f in report.findings if f.rule == "CL101"] == []


def test_markdown_headings_links_and_offsets() -> None:
    source = "# Conveniences *of* Retinol\n\nRead [mouse click the up coming document](https://x.example) now.\n"
    doc = load_string(source, "a.md")
    assert [doc.text[b.start : b.end] for b in doc.headings()] == ["Conveniences of Retinol"]
    assert [doc.text[link.start : link.end] for link in doc.links] == ["mouse click the up coming document"]
    report = check_text(source, format="markdown")
    assert report.findings  # the spun heading and the spam anchor
    for f in report.findings:
        assert source[f.start : f.end] == f.text


def test_markdown_escapes_and_entities_map_back() -> None:
    source = "Collagen \\*manufacturing\\* &amp; the skin kind.\n"
    report = check_text(source, format="markdown")
    texts = sorted(f.text for f in report.findings)
    assert "skin kind" in texts


def test_html_skips_script_style_pre_code_and_head() -> None:
    source = (
        "<html><head><title>Conveniences of Retinol</title><style>p{}</style></head><body>"
        "<script>var a = 'skin kind';</script><pre>skin kind</pre><p>Use <code>skin kind</code> daily.</p>"
        "<h1>Retinol</h1><p>It deals many benefits.</p></body></html>"
    )
    report = check_text(source, format="html")
    assert [f.text for f in report.findings] == ["deals many benefits"]


def test_html_entities_map_to_their_source_span() -> None:
    source = "<p>Allow&#39;s check it, then avoid sun&nbsp;direct exposure.</p>"
    report = check_text(source, format="html")
    assert {f.text for f in report.findings} == {"Allow&#39;s", "sun&nbsp;direct exposure"}


def test_deeply_nested_html_does_not_overflow() -> None:
    depth = 50_000
    source = "<div>" * depth + "<p>It deals many benefits.</p>" + "</div>" * depth
    report = check_text(source, format="html")
    assert [f.text for f in report.findings] == ["deals many benefits"]


def test_broken_html_is_tolerated() -> None:
    source = "<p>Unclosed <b>bold <i>italic <p>It deals many benefits</div></span><<>>&bogus; &#xZZ;"
    report = check_text(source, format="html")
    assert "deals many benefits" in [f.text for f in report.findings]


def test_crlf_offsets_and_lines() -> None:
    source = "Title\r\n\r\nFirst line.\r\nIt deals many benefits.\r\n"
    report = check_text(source, format="text")
    (finding,) = [f for f in report.findings if f.rule == "CL101"]
    assert source[finding.start : finding.end] == "deals many benefits"
    assert (finding.line, finding.column) == (4, 4)


def test_text_longer_than_spacys_default_limit() -> None:
    paragraph = "Retinol deals many benefits for every skin kind. Wear sunscreen every day.\n\n"
    text = paragraph * (1_100_000 // len(paragraph) + 1)
    assert len(text) > 1_000_000
    report = check_text(text)
    assert report.error is None
    assert sum(1 for f in report.findings if f.rule == "CL101") == 2 * text.count(paragraph)


def test_analysis_form_plains_only_its_characters_and_keeps_every_offset() -> None:
    from contentlint.document import _ANALYSIS_FORMS, analysis_form

    assert analysis_form("plain ascii") == "plain ascii"
    assert analysis_form("caf\u00e9 \u2020") == "caf\u00e9 \u2020"  # not ASCII, nothing to plain
    special = "".join(chr(c) for c in _ANALYSIS_FORMS)
    assert analysis_form(f"it\u2019s {special} caf\u00e9") == f"it's {special.translate(_ANALYSIS_FORMS)} caf\u00e9"
    assert analysis_form(special.translate(_ANALYSIS_FORMS)) == "    ''--"


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(0, 2), st.booleans()), max_size=12))
def test_text_builder_joins_exact_runs_that_continue_each_other(adds: list[tuple[int, int, int, bool]]) -> None:
    """A run continued exactly (next source offset, same length) extends the last piece; anything else starts one."""
    from contentlint.document import Piece, TextBuilder

    builder, expected, src = TextBuilder(), [], 0
    for length, skip, extra, gap in adds:
        if gap:
            builder.add_gap("\n")
            continue
        src += skip
        text = "x" * length
        builder.add(text, src, src + length + extra)
        if text:
            start = len(builder) - length
            last = expected[-1] if expected else None
            joined = last and not extra and last.text_end == start and last.src_end == src
            joined = joined and last.text_end - last.text_start == last.src_end - last.src_start
            if joined:
                expected[-1] = Piece(last.text_start, start + length, last.src_start, src + length)
            else:
                expected.append(Piece(start, start + length, src, src + length + extra))
        src += length + extra
    assert builder.build()[1].pieces == expected


@given(st.text(alphabet=st.sampled_from(list(" \t\f\v\r\nab")), max_size=60))
def test_blank_runs_are_the_blank_line_pattern_matches(text: str) -> None:
    from contentlint.formats.plaintext import _BLANK_SPLIT, blank_runs

    assert blank_runs(text) == [m.span() for m in _BLANK_SPLIT.finditer(text)]
