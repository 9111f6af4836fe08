"""One SHA-256 of every array ``detector.score_documents`` returns (with and without the estimate) and of the
log-odds, over the given directories' files and generated articles: two checkouts that print the same hash
score these documents identically, bit for bit.

    PYTHONPATH=CHECKOUT python benchmarks/hash_detector_arrays.py DIR [DIR ...] [--generated N]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_detector_cpu import _docs, _files, _generated


def _feed(digest: Any, array: numpy.ndarray) -> None:
    # dtype and shape too: equal bytes in another layout are another result.
    digest.update(f"{array.dtype.str}{array.shape}".encode())
    digest.update(numpy.ascontiguousarray(array).tobytes())


def _hash(batches: list[list[tuple[Any, str]]]) -> str:
    from contentlint.spin import detector
    from contentlint.spin.resources import language_model, thesaurus_index

    lm, index, weights = language_model(), thesaurus_index(), detector.load_weights()
    digest = hashlib.sha256()
    for estimate in (True, False):
        for pairs in batches:
            for found in detector.score_documents(pairs, index, lm, estimate=estimate):
                for field in dataclasses.fields(found):
                    value = getattr(found, field.name)
                    if isinstance(value, numpy.ndarray):
                        _feed(digest, value)
                _feed(digest, found.stream.ids)
                _feed(digest, found.stream.position)
                _feed(digest, found.stream.boundary)
                digest.update("\0".join(found.stream.words).encode())
                _feed(digest, weights.logits(found))
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dirs", nargs="*", type=Path)
    parser.add_argument("--generated", type=int, default=0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        files = _files(args.dirs) + (_generated(args.generated, Path(tmp)) if args.generated else [])
        if not files:
            raise SystemExit("hash_detector_arrays: no files (give directories or --generated N)")
        batches, words = _docs(files)
    print(f"{len(files)} files, {words:,} words: {_hash(batches)}")


if __name__ == "__main__":
    main()
