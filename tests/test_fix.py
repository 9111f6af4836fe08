"""`contentlint fix`: exact repairs, nothing else touched, idempotent, atomic and faithful writes."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contentlint.api import Linter
from contentlint.config import Config
from contentlint.fix import encode_like, fix_document, write_atomic
from contentlint.formats import load_string

from .conftest import SAMPLES
from .test_cli import run

FIXED_RULES = {"CL001", "CL101", "CL301", "CL302"}


def fix(text: str, fmt: str = "text", unsafe: bool = False) -> str:
    return fix_document(load_string(text, f"x.{fmt}", fmt), Linter(Config()), Config(), unsafe).fixed  # type: ignore[arg-type]


# -- exact repairs --------------------------------------------------------------------------------


def test_text_repairs_case_articles_and_blocks() -> None:
    source = (
        "CONVENIENCES OF RETINOL\n\nConveniences of Retinol\n\nBlog Article\n\nDeveloped By-Ann Lee\n\n"
        "Allow's start. It gives an extra radiant finish for every skin kind.\n"
    )
    assert fix(source) == ("BENEFITS OF RETINOL\n\nLet's start. It gives a more radiant finish for every skin type.\n")


def test_markdown_keeps_markup_code_urls_and_front_matter() -> None:
    source = (
        "---\ntitle: skin kind\n---\n\n# Night Care\n\n# Night Care\n\n"
        "Read [about skin kind](https://example.com/skin-kind) and `skin kind`.\n\n"
        "It deals *many* benefits.\n"
    )
    fixed = fix(source, "markdown")
    assert fixed == (
        "---\ntitle: skin kind\n---\n\n# Night Care\n\n"
        "Read [about skin type](https://example.com/skin-kind) and `skin kind`.\n\n"
        "It deals *many* benefits.\n"
    )


def test_markup_crossing_fix_is_left_for_a_manual_edit() -> None:
    result = fix_document(load_string("It deals *many* benefits.\n", "x.md"), Linter(Config()), Config())
    assert not result.changed
    assert [s.rule for s in result.skipped] == ["CL101"]
    assert "crosses markup" in result.skipped[0].reason


def test_html_removes_whole_elements_and_keeps_entities_valid() -> None:
    source = (
        "<article>\n  <h1>Peels &amp; You</h1>\n  <h2>Peels &amp; You</h2>\n  <p>Blog Article</p>\n"
        "  <p>Allow&#39;s talk about sun&nbsp;direct exposure and "
        '<a href="https://x.example/skin-kind">skin kind</a>.</p>\n'
        "  <pre>skin kind</pre>\n</article>\n"
    )
    assert fix(source, "html") == (
        "<article>\n  <h1>Peels &amp; You</h1>\n"
        '  <p>Let\'s talk about sun exposure and <a href="https://x.example/skin-kind">skin type</a>.</p>\n'
        "  <pre>skin kind</pre>\n</article>\n"
    )


def test_spam_anchor_removed_only_where_grammar_survives() -> None:
    source = (
        "Retinol helps.\n\nMouse click the up coming document.\n\nAccept mouse click the up coming document today.\n"
    )
    result = fix_document(load_string(source, "x.txt"), Linter(Config()), Config())
    assert result.fixed == "Retinol helps.\n\nAccept mouse click the up coming document today.\n"
    assert [s.rule for s in result.skipped] == ["CL202"]


def test_unsafe_fixes_only_on_request() -> None:
    source = "First of all, https://spam.example.com/x 'll love it. This cream reduces wrinkles.\n"
    assert fix(source) == source
    assert fix(source, unsafe=True) == "First of all, you'll love it. This cream reduces the appearance of wrinkles.\n"


def test_claims_are_never_rewritten_by_safe_fixes() -> None:
    source = "This serum heals acne scars and reduces wrinkles. It is clinically proven.\n"
    assert fix(source) == source


# -- properties -----------------------------------------------------------------------------------

CLEAN = [
    "Wear sunscreen every day.",
    "Rinse the face with lukewarm water.",
    "A gentle cleanser suits most people.",
    "Apply moisturiser while the skin is damp.",
    "Patch-test a new product on the inner arm.",
]
SPUN = [
    ("It deals many benefits for dry skin.", "It offers many benefits for dry skin."),
    ("Choose a serum for your skin kind.", "Choose a serum for your skin type."),
    ("Avoid sun direct exposure at noon.", "Avoid sun exposure at noon."),
    ("Allow's begin with the basics.", "Let's begin with the basics."),
    ("Expect marginal downtime after a peel.", "Expect minimal downtime after a peel."),
    ("It leaves an extra radiant finish.", "It leaves a more radiant finish."),
]
REMOVED_BLOCKS = ["Blog Article", "Written By-Ann Lee", "Skin Care Basics", "SKIN CARE BASICS"]


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, str]:
    """A document with injected defects, and the text a correct fix must produce."""
    source = ["Skin Care Basics"]
    expected = ["Skin Care Basics"]
    for _ in range(draw(st.integers(1, 8))):
        if draw(st.booleans()):
            source.append(draw(st.sampled_from(REMOVED_BLOCKS)))
            continue
        sentences = draw(
            st.lists(
                st.one_of(st.sampled_from(CLEAN).map(lambda s: (s, s)), st.sampled_from(SPUN)), min_size=1, max_size=4
            )
        )
        source.append(" ".join(s for s, _ in sentences))
        expected.append(" ".join(e for _, e in sentences))
    closing = draw(st.sampled_from(CLEAN))
    source.append(closing)
    expected.append(closing)
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    sep = newline * 2
    return sep.join(source) + newline, sep.join(expected) + newline


@settings(max_examples=80, deadline=None)
@given(documents())
def test_fix_changes_exactly_the_defects(doc: tuple[str, str]) -> None:
    source, expected = doc
    result = fix_document(load_string(source, "x.txt"), Linter(Config()), Config())
    assert result.fixed == expected  # every byte outside the fixed spans is unchanged
    again = fix_document(load_string(result.fixed, "x.txt"), Linter(Config()), Config())
    assert not again.changed and not again.applied  # idempotent
    after = {(f.rule, f.category) for f in again.before.findings}  # type: ignore[union-attr]
    assert not {r for r, _ in after} & FIXED_RULES


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.iterdir()))
def test_fix_samples_to_a_fixed_point(sample: str) -> None:
    text = (SAMPLES / sample).read_text(encoding="utf-8")
    first = fix_document(load_string(text, sample), Linter(Config()), Config())
    second = fix_document(load_string(first.fixed, sample), Linter(Config()), Config())
    assert second.fixed == first.fixed and not second.applied
    before_cats = {f.category for f in first.before.findings if f.rule in first.applied}  # type: ignore[union-attr]
    new = [f for f in second.before.findings if f.category in before_cats and f.fix is not None and f.fix.safe]  # type: ignore[union-attr]
    assert new == []
    if sample.startswith("spun"):
        assert first.after.score.value > first.before.score.value  # type: ignore[union-attr]


# -- writing --------------------------------------------------------------------------------------

SPUN_TEXT = "Title Here\r\n\r\nIt deals many benefits for every skin kind.\r\n"


@pytest.mark.parametrize(
    "encoded",
    [
        SPUN_TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + SPUN_TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + SPUN_TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + SPUN_TEXT.encode("utf-16-be"),
        (SPUN_TEXT + "Café crème.\r\n").encode("cp1252"),
    ],
)
def test_write_keeps_encoding_bom_line_endings_and_mode(tmp_path: Path, encoded: bytes) -> None:
    path = tmp_path / "post.txt"
    path.write_bytes(encoded)
    path.chmod(0o640)
    proc = run("fix", "post.txt", "--write", cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    data = path.read_bytes()
    assert data[:3] == encoded[:3]  # same BOM (or same first bytes)
    from contentlint.formats.decode import decode

    text, _ = decode(data, "post.txt")
    assert "offers many benefits for every skin type.\r\n" in text
    assert text.count("\r\n") == SPUN_TEXT.count("\r\n") + ("Café" in text)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["post.txt"]  # no temporary file left


def test_failed_replace_leaves_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "post.txt"
    path.write_bytes(SPUN_TEXT.encode())

    def boom(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_atomic(path, SPUN_TEXT.encode(), encode_like(SPUN_TEXT.encode(), "changed", "utf-8"))
    assert path.read_bytes() == SPUN_TEXT.encode()
    assert [p.name for p in tmp_path.iterdir()] == ["post.txt"]


def test_file_changed_since_read_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "post.txt"
    path.write_bytes(b"edited meanwhile")
    with pytest.raises(Exception, match="changed on disk"):
        write_atomic(path, SPUN_TEXT.encode(), b"fixed")
    assert path.read_bytes() == b"edited meanwhile"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_directory_writable_file_is_fixed_in_place(tmp_path: Path) -> None:
    """No temporary file can be made beside it, but the file itself may be written: fixed in place."""
    path = tmp_path / "post.txt"
    path.write_bytes(SPUN_TEXT.encode())
    tmp_path.chmod(0o555)
    try:
        proc = run("fix", "post.txt", "--write", cwd=tmp_path)
    finally:
        tmp_path.chmod(0o755)
    assert proc.returncode in (0, 1), proc.stderr
    assert path.read_bytes() != SPUN_TEXT.encode()
    assert [p.name for p in tmp_path.iterdir()] == ["post.txt"]


def test_text_the_encoding_cannot_hold_keeps_file(tmp_path: Path) -> None:
    path = tmp_path / "post.txt"
    original = "Title Here\n\nIt deals many benefits.\n".encode("cp1252")
    path.write_bytes(original)
    with pytest.raises(UnicodeEncodeError):
        write_atomic(path, original, encode_like(original, "It offers ≠ benefits.", "cp1252"))
    assert path.read_bytes() == original


def test_temporary_file_cannot_be_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a read-only directory does to a non-root user, simulated so it also runs as root."""
    import tempfile

    path = tmp_path / "post.txt"
    path.write_bytes(SPUN_TEXT.encode())

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(PermissionError):
        write_atomic(path, SPUN_TEXT.encode(), b"fixed")
    assert path.read_bytes() == SPUN_TEXT.encode()


def test_cli_diff_then_write_then_nothing(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text("# Tips\n\n# Tips\n\nAllow's begin.\n")
    diff = run("fix", "post.md", cwd=tmp_path)
    assert diff.returncode == 1
    assert "-# Tips" in diff.stdout and "+Let's begin." in diff.stdout
    assert path.read_text() == "# Tips\n\n# Tips\n\nAllow's begin.\n"  # a diff changes nothing
    assert "score" in diff.stderr
    assert run("fix", "post.md", "--write", cwd=tmp_path).returncode == 0
    assert path.read_text() == "# Tips\n\nLet's begin.\n"
    again = run("fix", "post.md", cwd=tmp_path)
    assert again.returncode == 0 and again.stdout == ""


def test_cli_stdin_writes_fixed_text() -> None:
    proc = run("fix", "-", stdin="Tips\n\nAllow's begin.\n")
    assert proc.stdout == "Tips\n\nLet's begin.\n"
    assert "1 fix applied" in proc.stderr
