"""Patterns built from the engine code kept in the cache folder are the patterns re.compile makes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from contentlint import recompile

PATTERNS = [
    (r"\b(?P<verb>buy|click|visit)\s+(?:(?P<det>the|a)\s+)?(?P<noun>site|page)\b", 0),
    (r"(?<![\w-])colou?r(?:ed|s)?(?!\w)", re.IGNORECASE),
    (r"(?:Read|Learn)(?i:\s+more\s+(here|now))", 0),
    (r"^\s*#{1,6}\s+(.+?)\s*$", re.MULTILINE),
    (r"\d{1,3}(?:,\d{3})*(?:\.\d+)?\s?%", 0),
    (r"[^\x00-\x7f]+|\u017f", re.IGNORECASE),
]
TEXT = "Click the site. Visit a page! Colour, colored, COLORS; Read more here.\n## Heading\n12,500.5 % ſtraße"


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder and no table read or new entry yet in this process."""
    monkeypatch.setenv("CONTENTLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(recompile, "_table", None)
    monkeypatch.setattr(recompile, "_new", {})
    return tmp_path


def _same(a: re.Pattern[str], b: re.Pattern[str]) -> None:
    assert (a.pattern, a.flags, a.groups, dict(a.groupindex)) == (b.pattern, b.flags, b.groups, dict(b.groupindex))
    assert [(m.span(), m.groups()) for m in a.finditer(TEXT)] == [(m.span(), m.groups()) for m in b.finditer(TEXT)]


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_compiled_then_read_back_is_re_compile(
    pattern: str, flags: int, fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _same(recompile.compile(pattern, flags), re.compile(pattern, flags))
    recompile._save()
    monkeypatch.setattr(recompile, "_table", None)

    def refuse(*_: object) -> None:
        raise AssertionError("compiled again, not read back")

    monkeypatch.setattr(recompile, "_assemble", refuse)
    _same(recompile.compile(pattern, flags), re.compile(pattern, flags))


def test_a_refused_or_malformed_entry_is_compiled_as_usual(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pattern, flags = PATTERNS[0]
    good = recompile._assemble(pattern, flags)
    for bad in ((flags, [1, 2, 3], 0, {}, ()), ("x",), (*good[:1], [99999] * 10, *good[2:]), None):
        monkeypatch.setattr(recompile, "_table", {(pattern, flags): bad})
        _same(recompile.compile(pattern, flags), re.compile(pattern, flags))


def test_a_corrupt_or_unwritable_file_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recompile, "_new", {})
    for folder, content in ((tmp_path / "a", b"\x00corrupt"), (tmp_path / "b", b"")):
        monkeypatch.setenv("CONTENTLINT_CACHE_DIR", str(folder))
        folder.mkdir()
        recompile._path().write_bytes(content)
        monkeypatch.setattr(recompile, "_table", None)
        for pattern, flags in PATTERNS:
            _same(recompile.compile(pattern, flags), re.compile(pattern, flags))
        recompile._save()
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CONTENTLINT_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(recompile, "_table", None)
    _same(recompile.compile(*PATTERNS[1]), re.compile(*PATTERNS[1]))
    recompile._save()  # (nothing written, nothing raised)


def test_an_invalid_pattern_raises_as_re_does(fresh: Path) -> None:
    with pytest.raises(re.error, match="missing \\)"):
        recompile.compile("(abc")
