"""CPU time of the statistical detector's batch call (as ``bench_detector_cpu.py`` measures it) for several
checkouts in one process, their rounds interleaved: on a shared machine two processes' CPU times differ by more
than a small step saves (caches, frequency, neighbours), while rounds taken in turn in one process see the same.

    python benchmarks/bench_detector_trees.py TREE [TREE ...] [--dir DIR ...] [--generated N] [--rounds 5]

Each TREE is a checkout (``git archive COMMIT | tar -x -C TREE``); its ``contentlint`` package is imported under a
name of its own, so that every tree's code runs on the same spaCy documents (made once, by the first tree's
pipeline). The trees share the language model's cache file (mapped, not copied). Prints each tree's best and
median round in ms per 1,000 words.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_detector_cpu import _docs, _files, _generated


def _package(tree: Path, name: str) -> ModuleType:
    """The tree's ``contentlint`` package imported as ``name`` (its relative imports then stay inside it)."""
    init = tree / "contentlint" / "__init__.py"
    if not init.is_file():
        raise SystemExit(f"bench_detector_trees: {tree}: no contentlint package there")
    spec = importlib.util.spec_from_file_location(name, init, submodule_search_locations=[str(init.parent)])
    if spec is None or spec.loader is None:
        raise SystemExit(f"bench_detector_trees: {tree}: cannot import its contentlint package")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


class _Tree:
    """One checkout's detector, index and model, and its rounds."""

    def __init__(self, tree: Path, name: str) -> None:
        _package(tree, name)
        self.label = str(tree)
        self.detector = importlib.import_module(f"{name}.spin.detector")
        resources = importlib.import_module(f"{name}.spin.resources")
        self.lm, self.index = resources.language_model(), resources.thesaurus_index()
        self.weights = self.detector.load_weights()
        self.times: list[float] = []

    def round(self, batches: list[list[tuple[Any, str]]]) -> float:
        start = time.process_time()
        for pairs in batches:
            for found in self.detector.score_documents(pairs, self.index, self.lm, estimate=True):
                self.weights.logits(found)
        return time.process_time() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("trees", nargs="+", type=Path)
    parser.add_argument("--dir", type=Path, action="append", default=[], help="files of this directory")
    parser.add_argument("--generated", type=int, default=0, help="also this many generated articles")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    trees = [_Tree(tree.resolve(), f"contentlint_tree{k}") for k, tree in enumerate(args.trees)]
    with tempfile.TemporaryDirectory() as tmp:
        files = _files(args.dir) + (_generated(args.generated, Path(tmp)) if args.generated else [])
        if not files:
            raise SystemExit("bench_detector_trees: no files (give --dir or --generated N)")
        batches, words = _docs(files)
    for tree in trees:
        tree.round(batches)  # resources loaded, pools filled
    for _ in range(args.rounds):
        for tree in trees:
            tree.times.append(tree.round(batches))
    print(f"{len(files)} files, {words:,} words, {len(batches)} batches, {args.rounds} rounds interleaved")
    for tree in trees:
        best, median = (1e6 * f(tree.times) / words for f in (min, statistics.median))
        print(f"{tree.label}: best {best:.3f}, median {median:.3f} ms/1000 words")


if __name__ == "__main__":
    main()
