"""cache.mapped: large tables built once, then mapped from the cache; a broken copy is built and stored
again, and a copy that lost the race to another process leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

import numpy
import pytest

from contentlint import cache


def test_built_once_then_mapped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CONTENTLINT_CACHE_DIR", str(tmp_path))
    calls: list[int] = []

    def build() -> dict[str, numpy.ndarray]:
        calls.append(1)
        return {"keys": numpy.arange(6, dtype="int64") * 3, "codes": numpy.array([1, 2], dtype="uint16")}

    first = cache.mapped("demo", "1-x==2", build)
    again = cache.mapped("demo", "1-x==2", build)
    assert calls == [1]
    assert isinstance(again["keys"], numpy.memmap) and not again["keys"].flags.writeable
    assert again["keys"].tolist() == first["keys"].tolist() == [0, 3, 6, 9, 12, 15]
    assert again["codes"].dtype == numpy.uint16
    assert [p.name for p in tmp_path.iterdir()] == ["demo-1-x_2"]


def test_a_broken_copy_is_built_again(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CONTENTLINT_CACHE_DIR", str(tmp_path))
    cache.mapped("demo", "k", lambda: {"a": numpy.arange(4)})
    (tmp_path / "demo-k" / "a.npy").write_bytes(b"not an array")
    assert cache.mapped("demo", "k", lambda: {"a": numpy.arange(5)})["a"].tolist() == [0, 1, 2, 3, 4]

    def refuse() -> dict[str, numpy.ndarray]:
        raise AssertionError("the repaired copy was not used")

    assert cache.mapped("demo", "k", refuse)["a"].tolist() == [0, 1, 2, 3, 4]


def test_the_loser_of_a_race_leaves_no_staging_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CONTENTLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(cache, "_map_arrays", lambda folder: None)  # as if another process had not finished
    cache.mapped("demo", "k", lambda: {"a": numpy.arange(3)})
    assert cache.mapped("demo", "k", lambda: {"a": numpy.arange(3)})["a"].tolist() == [0, 1, 2]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo-k"]


def test_a_failed_cache_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "entry.marshal"
    cache.write_marshal(path, {"kept": 1})

    def fail(fh) -> None:  # type: ignore[no-untyped-def]
        fh.write(b"half")
        raise OSError("disk full")

    cache.replace_file(path, fail)
    assert cache.read_marshal(path) == {"kept": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["entry.marshal"]
    assert cache.read_marshal(tmp_path / "missing.marshal") is None


def test_a_new_version_replaces_the_others(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CONTENTLINT_CACHE_DIR", str(tmp_path))
    cache.mapped("demo", "1-x==2", lambda: {"a": numpy.arange(3)})
    cache.mapped("other", "1", lambda: {"a": numpy.arange(2)})  # another table: kept
    (tmp_path / "demo-notes").mkdir()  # not a mapped table's folder: left alone
    assert cache.mapped("demo", "2-x==2", lambda: {"a": numpy.arange(4)})["a"].tolist() == [0, 1, 2, 3]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo-2-x_2", "demo-notes", "other-1"]
