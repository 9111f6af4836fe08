"""Derived tables ship with the package: a run with an empty cache builds nothing; it writes only a raw copy of
the shipped spin index, which later runs map instead of inflating it."""

from __future__ import annotations

import hashlib
import io
import json
import random
from importlib.resources import files
from pathlib import Path

import numpy
import pytest

from contentlint import cache, nlp
from contentlint.cache import Table, derived, shipped_key, unpack_strings, write_arrays
from contentlint.checks import readability
from contentlint.checks.readability import SYLLABLE_TABLE, cmu_syllable_counts
from contentlint.spin import resources

TABLES = [SYLLABLE_TABLE, nlp.LEMMA_TABLE, resources.INDEX_TABLE]


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_shipped_tables_are_package_data_made_from_the_installed_versions(table: Table) -> None:
    data = files("contentlint") / "data"
    npz, sidecar = data / f"{table.name}.npz", json.loads((data / f"{table.name}.json").read_text("utf-8"))
    # A difference here means the shipped table is stale: run tools/build_data.py.
    assert shipped_key(table.name) == table.key()
    assert hashlib.sha256(npz.read_bytes()).hexdigest() == sidecar["sha256"]
    assert {s["package"] for s in sidecar["sources"]} == set(table.sources)
    assert all(s["licence"] and s["version"] for s in sidecar["sources"])


def test_a_cold_run_builds_no_table(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def refuse() -> None:
        raise AssertionError("a shipped table was rebuilt")

    monkeypatch.setenv("CONTENTLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(readability, "syllable_arrays", refuse)
    monkeypatch.setattr(nlp, "_lemma_arrays", refuse)
    monkeypatch.setattr(resources, "_build", refuse)
    readability.syllable_dictionary.cache_clear()
    resources.thesaurus_index.cache_clear()
    try:
        assert len(readability.syllable_dictionary()) > 30_000
        assert len(resources.thesaurus_index().words) > 50_000
        lemmatizer = nlp.LowerLookupLemmatizer(nlp.get_nlp())
        assert len(lemmatizer._keys) > 30_000
    finally:
        readability.syllable_dictionary.cache_clear()
        resources.thesaurus_index.cache_clear()
    written = [p.name for p in (tmp_path / "cache").iterdir()]
    assert written == [f"{resources.INDEX_TABLE.name}-mapped-{cache._safe(resources.INDEX_TABLE.key())}"]


def test_the_mapped_spin_index_is_the_shipped_one(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The copy later runs map holds the shipped arrays, and a damaged copy is read from the shipped table again."""
    monkeypatch.setenv("CONTENTLINT_CACHE_DIR", str(tmp_path))
    table = resources.INDEX_TABLE
    shipped = cache._read_arrays(cache.DATA_DIR / f"{table.name}.npz")
    assert shipped is not None
    first = cache.derived_mapped(table, resources._build)  # made
    (folder,) = tmp_path.iterdir()
    for copy in (first, cache.derived_mapped(table, resources._build)):  # then mapped
        assert set(copy) == set(shipped)
        for name, array in shipped.items():
            assert copy[name].dtype == array.dtype and numpy.array_equal(copy[name], array), name
    (folder / "cand_sim.npy").write_bytes((folder / "cand_sim.npy").read_bytes()[:1000])
    again = cache.derived_mapped(table, resources._build)
    assert numpy.array_equal(again["cand_sim"], shipped["cand_sim"])


def test_shipped_syllables_are_todays_counts() -> None:
    """The shipped table, with pyphen for the words it leaves out, counts as the CMU table built today does."""
    fresh = readability._counts_pyphen_gets_wrong()
    table = readability.syllable_dictionary()
    assert dict(table._counts) == fresh
    full = cmu_syllable_counts()
    sample = random.Random(20).sample(sorted(full), 4000)
    assert [table.syllables(w) for w in sample] == [full[w] for w in sample]


def test_flesch_scores_are_those_of_textstats_own_counting() -> None:
    """textstat's own rule (first CMU pronunciation, else pyphen's hyphenation points + 1) gives the same score."""
    from pyphen import Pyphen
    from textstat.backend.selections import list_words

    full, hyphenator = cmu_syllable_counts(), Pyphen(lang="en_US")
    ts = readability.textstat()
    texts = [
        "Gentle cleansers rarely irritate. Apply sunscreen generously before breakfast, then reapply at noon.",
        "Hyaluronic serums hydrate dehydrated complexions; dermatologists recommend moisturisers afterwards. "
        "Glowserumly blends are invented words.",
    ]
    for text in texts:
        words = list_words(text, lowercase=True)
        syllables = sum(full[w] if w in full else len(hyphenator.positions(w)) + 1 for w in words)
        n, sentences = len(words), ts.sentence_count(text)
        expected = 206.835 - 1.015 * n / sentences - 84.6 * syllables / n
        assert ts.flesch_reading_ease(text) == pytest.approx(expected, abs=0.01)


def test_lemmatizer_table_is_spacys_lookup_table() -> None:
    """Every surface form's lemma id, as loaded, is the StringStore id of spaCy's lemma for it."""
    from spacy.lookups import load_lookups
    from spacy.strings import StringStore

    table = dict(load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup").items())
    lemmatizer = nlp.LowerLookupLemmatizer(nlp.get_nlp())
    assert lemmatizer._keys.tolist() == sorted(table)
    ids = StringStore().add
    sample = random.Random(9).sample(range(len(table)), 3000)
    keys = lemmatizer._keys.tolist()
    assert [int(lemmatizer._values[i]) for i in sample] == [ids(table[keys[i]]) for i in sample]
    assert numpy.all(numpy.diff(lemmatizer._lemma_hashes.astype("float64")) >= 0)


def test_shipped_lemma_table_is_todays() -> None:
    fresh = nlp._lemma_arrays()
    shipped = cache._read_arrays(cache.DATA_DIR / f"{nlp.LEMMA_TABLE.name}.npz")
    assert shipped is not None and set(shipped) == set(fresh)
    for name, array in fresh.items():
        assert shipped[name].dtype == array.dtype and numpy.array_equal(shipped[name], array), name


def test_spin_index_string_ids_are_a_string_stores() -> None:
    from spacy.strings import StringStore

    words = resources.thesaurus_index().words
    sample = [*random.Random(4).sample(words, 3000), "mark", "and", "the"]
    store = StringStore()
    assert nlp.string_ids(sample).tolist() == [store.add(w) for w in sample]


def test_table_files_are_lossless_and_reproducible() -> None:
    arrays = {
        "small": numpy.array([0, 3, 250], dtype="int64"),
        "negative": numpy.array([-1, 70_000], dtype="int64"),
        "huge": numpy.array([2**63 + 5], dtype="uint64"),
        "floats": numpy.array([0.25, -1.5], dtype="float32"),
        "empty": numpy.array([], dtype="int64"),
        "words": cache.pack_strings(["naïve", "café", ""]),
    }
    first, second = io.BytesIO(), io.BytesIO()
    write_arrays(first, arrays)
    write_arrays(second, arrays)
    assert first.getvalue() == second.getvalue()
    back = numpy.load(io.BytesIO(first.getvalue()))
    assert back["small"].dtype == numpy.uint8 and back["negative"].dtype == numpy.int32
    restored = cache._read_arrays(io.BytesIO(first.getvalue()))  # type: ignore[arg-type]
    assert restored is not None
    for name, array in arrays.items():
        assert restored[name].dtype == array.dtype and numpy.array_equal(restored[name], array), name
    assert unpack_strings(restored["words"]) == ["naïve", "café", ""]


def test_unusable_shipped_table_falls_back_to_building_and_caching(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    table = Table("demo", 1, ("numpy",))
    data = tmp_path / "data"
    data.mkdir()
    (data / "demo.json").write_text(json.dumps({"key": table.key()}), encoding="utf-8")
    (data / "demo.npz").write_bytes(b"not a zip file")
    monkeypatch.setattr(cache, "DATA_DIR", data)
    monkeypatch.setenv("CONTENTLINT_CACHE_DIR", str(tmp_path / "cache"))
    calls: list[int] = []

    def build() -> dict[str, numpy.ndarray]:
        calls.append(1)
        return {"values": numpy.arange(5)}

    assert derived(table, build)["values"].tolist() == [0, 1, 2, 3, 4]
    assert derived(table, build)["values"].tolist() == [0, 1, 2, 3, 4]
    assert calls == [1]  # built once, then read from the cache
    assert len(list((tmp_path / "cache").glob("demo-*.npz"))) == 1


def test_the_data_packages_are_pinned_to_the_releases_the_tables_were_made_from() -> None:
    """A new release of a data package must not silently make the shipped tables stale on a fresh install."""
    import tomllib

    from .conftest import ROOT

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    data = files("contentlint") / "data"
    for table in TABLES:
        for source in json.loads((data / f"{table.name}.json").read_text("utf-8"))["sources"]:
            if "==" in source["key"]:  # keyed by release (spaCy and pyphen are keyed by a digest of their data)
                assert source["key"] in deps, f"pin {source['key']} in pyproject.toml (or rebuild the tables)"
