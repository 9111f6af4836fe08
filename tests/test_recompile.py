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
    """An empty cache folder, and a table of this process that has read nothing yet (of every pattern)."""
    monkeypatch.setenv("CONTENTLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(recompile, "_MIN_KEPT", 0)
    table = recompile._table()
    monkeypatch.setattr(table, "_table", None)
    monkeypatch.setattr(table, "_new", {})
    return tmp_path


def _forget(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a new process: the table is read again from the file."""
    monkeypatch.setattr(recompile._table(), "_table", None)


def _same(a: re.Pattern[str], b: re.Pattern[str]) -> None:
    assert (a.pattern, a.flags, a.groups, dict(a.groupindex)) == (b.pattern, b.flags, b.groups, dict(b.groupindex))
    assert [(m.span(), m.groups()) for m in a.finditer(TEXT)] == [(m.span(), m.groups()) for m in b.finditer(TEXT)]


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_compiled_then_read_back_is_re_compile(
    pattern: str, flags: int, fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _same(recompile.compile(pattern, flags), re.compile(pattern, flags))
    recompile._table().save()
    _forget(monkeypatch)

    def refuse(*_: object) -> None:
        raise AssertionError("compiled again, not read back")

    monkeypatch.setattr(recompile, "_assemble", refuse)
    _same(recompile.compile(pattern, flags), re.compile(pattern, flags))


def test_a_refused_or_malformed_entry_is_compiled_as_usual(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pattern, flags = PATTERNS[0]
    good = recompile._assemble(pattern, flags)
    for bad in ((flags, [1, 2, 3], 0, {}, ()), ("x",), (*good[:1], [99999] * 10, *good[2:]), None):
        monkeypatch.setattr(recompile._table(), "_table", {(pattern, flags): bad})
        _same(recompile.compile(pattern, flags), re.compile(pattern, flags))


def test_a_corrupt_or_unwritable_file_changes_nothing(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = recompile._table()
    for content in (b"\x00corrupt", b"", b"[\x00\x00"):
        table.path().parent.mkdir(exist_ok=True)
        table.path().write_bytes(content)
        _forget(monkeypatch)
        for pattern, flags in PATTERNS:
            _same(recompile.compile(pattern, flags), re.compile(pattern, flags))
        table.save()
    blocker = fresh / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CONTENTLINT_CACHE_DIR", str(blocker / "cache"))
    _forget(monkeypatch)
    _same(recompile.compile(*PATTERNS[1]), re.compile(*PATTERNS[1]))
    table.save()  # (nothing written, nothing raised)


def test_an_invalid_pattern_raises_as_re_does(fresh: Path) -> None:
    with pytest.raises(re.error, match="missing \\)"):
        recompile.compile("(abc")


def test_only_large_patterns_are_kept(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recompile, "_MIN_KEPT", 50)
    small, large = "colou?r", "|".join(f"word{k}" for k in range(20))
    _same(recompile.compile(small), re.compile(small))
    _same(recompile.compile(large), re.compile(large))
    assert list(recompile._table()._new) == [(large, 0)]
