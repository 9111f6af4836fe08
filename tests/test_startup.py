"""What a one-file check loads at start-up: no module it does not use, and tables that need no work.

The tables' start-up shortcuts (rows computed when read, ids shipped ready) must give exactly what
the full computation gives; these tests compare them element by element.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy
import pytest

from contentlint import cache, nlp
from contentlint.spin import resources

ROOT = Path(__file__).resolve().parent.parent
# Modules a one-file `check` has no use for: audits, other output formats, HTML and Markdown loaders
# (the file is plain text), and what spaCy's and datasketch's imports would drag in.
UNUSED = (
    "contentlint.audit",
    "contentlint.output.sarif",
    "contentlint.output.junit",
    "contentlint.output.jsonfmt",
    "contentlint.formats.html",
    "contentlint.formats.markdown",
    "spacy.cli",
    "scipy",
    "datasketch",
    "trafilatura",
    "lxml",
    "sqlite3",
    "markdown_it",
    "nltk",
    "dask",
)


def test_a_one_file_check_imports_none_of_the_modules_it_does_not_use() -> None:
    sample = ROOT / "samples" / "spun-vitamin-c-serum.txt"
    code = (
        "import json, runpy, sys\n"
        f"sys.argv = ['contentlint', 'check', '--exit-zero', {str(sample)!r}]\n"
        "try:\n    runpy.run_module('contentlint', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        # startup.defer's placeholders stand in for modules that were not imported
        "print(json.dumps(sorted(k for k, m in sys.modules.items() if type(m).__name__ != '_Deferred')))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    loaded = set(json.loads(proc.stdout.strip().splitlines()[-1]))
    assert "contentlint.spin.detector" in loaded  # the run did reach the rules
    imported = sorted(m for m in loaded if any(m == u or m.startswith(u + ".") for u in UNUSED))
    assert not imported, f"a one-file check imported {imported}"


def _shipped_index() -> dict[str, numpy.ndarray]:
    arrays = cache._read_arrays(cache.DATA_DIR / f"{resources.INDEX_TABLE.name}.npz")
    assert arrays is not None
    return arrays


def test_pair_features_read_by_rows_are_those_of_the_whole_table() -> None:
    arrays = _shipped_index()
    full = resources.pair_features(arrays)
    table = resources.PairFeatures(arrays)
    rng = numpy.random.default_rng(19)
    # Short batches too: vectorised maths has separate code for an array's last few elements.
    for size in [*range(1, 34), 257, 4096]:
        pairs = rng.integers(0, len(full), size)
        assert numpy.array_equal(table[pairs], full[pairs]), size
    assert len(table) == len(full)
    assert numpy.array_equal(table[numpy.arange(len(full))], full)


def test_pair_features_lemmas_are_the_owners_of_each_candidate_list() -> None:
    arrays = _shipped_index()
    ptr = arrays["cand_ptr"]
    owners = numpy.repeat(numpy.arange(len(ptr) - 1), numpy.diff(ptr))  # lemmas without candidates own none
    found = numpy.searchsorted(ptr, numpy.arange(len(arrays["cand_root"])), side="right") - 1
    assert numpy.array_equal(found, owners)


def test_shipped_word_ids_are_those_computed_from_the_words() -> None:
    index = resources.thesaurus_index()
    hashes = nlp.string_ids(index.words)
    order = numpy.argsort(hashes, kind="stable")
    assert numpy.array_equal(index.hashes, hashes[order])
    assert numpy.array_equal(index.hash_ids, order)
    lm = resources.language_model()
    assert numpy.array_equal(index.model_ids(lm), lm.id_array(index.words))


def test_table_members_that_deflate_poorly_are_stored_and_read_back() -> None:
    noise = numpy.random.default_rng(3).integers(0, 2**63, 5000, dtype="int64")
    arrays = {"noise": noise, "runs": numpy.full(5000, 7, dtype="int64")}
    buf = io.BytesIO()
    cache.write_arrays(buf, arrays)
    kinds = {i.filename: i.compress_type for i in zipfile.ZipFile(io.BytesIO(buf.getvalue())).infolist()}
    assert kinds["noise.npy"] == zipfile.ZIP_STORED and kinds["runs.npy"] == zipfile.ZIP_DEFLATED
    back = cache._read_arrays(io.BytesIO(buf.getvalue()))  # type: ignore[arg-type]
    assert back is not None
    for name, array in arrays.items():
        assert back[name].dtype == array.dtype and numpy.array_equal(back[name], array)


@pytest.mark.parametrize("name", ["spin-index", "en-lemma-arrays", "cmudict-syllables"])
def test_shipped_tables_read_back_whole(name: str) -> None:
    sidecar = json.loads((cache.DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    arrays = cache._read_arrays(cache.DATA_DIR / f"{name}.npz")
    assert arrays is not None
    assert {k: [a.dtype.str, list(a.shape)] for k, a in arrays.items()} == sidecar["arrays"]


def _run(code: str) -> list[str]:
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return proc.stdout.strip().splitlines()[-1].split()


def test_a_check_collects_garbage_again_once_its_pipeline_is_built() -> None:
    sample = ROOT / "samples" / "clean-moisturiser-guide.txt"
    code = (
        "import gc, sys\nfrom contentlint import cli\n"
        f"sys.argv = ['contentlint', 'check', '--exit-zero', {str(sample)!r}]\n"
        "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
        "print(gc.isenabled(), gc.get_freeze_count())\n"
    )
    enabled, frozen = _run(code)
    assert enabled == "True"
    assert int(frozen) > 100_000  # spaCy's and contentlint's start-up objects


def test_the_collector_pauses_only_for_one_shot_commands_and_not_for_library_callers() -> None:
    code = (
        "import gc\nfrom contentlint import startup\n"
        "startup.resume_collection()\nlibrary = (gc.isenabled(), gc.get_freeze_count())\n"
        "startup.pause_collection(['contentlint', '--color', 'never', 'rules'])\nrules = gc.isenabled()\n"
        "startup.pause_collection(['contentlint', 'fix', 'a.md'])\npaused = gc.isenabled()\n"
        "startup.resume_collection()\n"
        "print(*library, rules, paused, gc.isenabled(), gc.get_freeze_count() > 0)\n"
    )
    assert _run(code) == ["True", "0", "True", "False", "True", "True"]


def test_new_words_without_candidates_are_no_error() -> None:
    # A long run meets a batch whose only new words have no candidate originals (names, rare words): their
    # rows are none, and reading none of the pair table must give an empty table, not a reshape error.
    from contentlint.spin import detector

    index = resources.thesaurus_index()
    assert resources.PairFeatures(_shipped_index())[numpy.array([], dtype="int64")].shape == (0, 5)
    # the first words of the index in a fresh pool each: one of them has no candidates ("abaddon" today)
    pools = ((w, detector._Pool(index)) for w in range(200))
    word, pool = next((w, p) for w, p in pools if p.counts(numpy.array([w])).tolist() == [0])
    assert pool.used == 0 and pool.counts(numpy.array([word])).tolist() == [0]
