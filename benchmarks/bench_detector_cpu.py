"""CPU time of the statistical detector's batch call alone (``detector.score_documents`` with the estimate, then
the log-odds of every scored word), on spaCy docs made beforehand, in batches of 32 documents as ``Linter``
makes them; per 1,000 words (spaCy's non-space, non-punctuation tokens).

    python benchmarks/bench_detector_cpu.py DIR [DIR ...] [--generated N] [--rounds 5] [--batch 32] [--profile]

Run it once per checkout (``PYTHONPATH=CHECKOUT``) and compare: the best round of each is printed, in CPU
seconds of this process (``time.process_time``): a shared machine's load weighs less on CPU time than on
wall time, but it still weighs (caches, frequency), so alternate the runs and say the load. ``--profile``
prints the cumulative cProfile of one round instead; ``--calls`` counts numpy functions called per batch.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SUFFIXES = (".txt", ".md", ".html")
BATCH = 32


def _files(dirs: list[Path]) -> list[Path]:
    out: list[Path] = []
    for d in dirs:
        if not d.is_dir():
            raise SystemExit(f"bench_detector_cpu: {d}: not a directory")
        out.extend(sorted(p for p in d.rglob("*") if p.is_file() and p.suffix in SUFFIXES))
    return out


def _generated(count: int, tmp: Path) -> list[Path]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_stages import write_corpus

    return write_corpus(tmp, count, 7)


def _docs(files: list[Path], batch: int = BATCH) -> tuple[list[list[tuple[Any, str]]], int]:
    """The files' spaCy docs with their texts, in batches; and their words."""
    from contentlint.config import Config
    from contentlint.formats import load_bytes
    from contentlint.nlp import get_nlp

    nlp = get_nlp(Config().model)
    documents = [load_bytes(p.read_bytes(), str(p)) for p in files]
    docs = list(nlp.pipe(d.text for d in documents))
    pairs = list(zip(docs, (d.text for d in documents), strict=True))
    words = sum(1 for doc in docs for t in doc if not (t.is_space or t.is_punct))
    return [pairs[a : a + batch] for a in range(0, len(pairs), batch)], words


def _round(batches: list[list[tuple[Any, str]]]) -> float:
    from contentlint.spin import detector
    from contentlint.spin.resources import language_model, thesaurus_index

    lm, index, weights = language_model(), thesaurus_index(), detector.load_weights()
    start = time.process_time()
    for pairs in batches:
        for found in detector.score_documents(pairs, index, lm, estimate=True):
            weights.logits(found)
    return time.process_time() - start


def _count_calls(batches: list[list[tuple[Any, str]]]) -> None:
    """numpy functions (Python-level entries in numpy's modules and C functions) called per batch."""
    profile = cProfile.Profile()
    profile.enable()
    _round(batches)
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    numpy_calls = sum(
        calls for (path, _, name), (_, calls, *_rest) in stats.items() if "numpy" in path or "numpy" in name
    )
    print(f"numpy calls per batch: {numpy_calls / len(batches):,.0f} ({len(batches)} batches)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dirs", nargs="*", type=Path)
    parser.add_argument("--generated", type=int, default=0, help="also this many generated articles")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batch", type=int, default=BATCH, help="documents per call (1: one call per document)")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--calls", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        files = _files(args.dirs) + (_generated(args.generated, Path(tmp)) if args.generated else [])
        if not files:
            raise SystemExit("bench_detector_cpu: no files (give directories or --generated N)")
        batches, words = _docs(files, args.batch)
    _round(batches)  # resources loaded, pools filled
    if args.profile:
        cProfile.runctx("_round(batches)", globals(), {"batches": batches}, sort="tottime")
        return
    if args.calls:
        _count_calls(batches)
        return
    times = [_round(batches) for _ in range(args.rounds)]
    best = min(times)
    print(f"{len(files)} files, {words:,} words, {len(batches)} batches")
    rounds = " ".join(f"{t:.3f}" for t in times)
    print(f"CPU s per round: {rounds}; best {best:.3f} = {1e6 * best / words:.3f} ms/1000 words")


if __name__ == "__main__":
    main()
