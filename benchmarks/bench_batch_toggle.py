"""The spin detector's batches on and off in one process: `Linter.lint_paths` over a directory, CPU time.

    python benchmarks/bench_batch_toggle.py DIR [--rounds 7]

Rounds alternate which goes first; the best round of each is printed. "one at a time" replaces the
batch's analyses (``api._batch_analyses``) with none, so each document's spin analysis scores its own
words, as main does; everything else is the same code in the same process, which keeps the load of a
shared machine from falling on one side only, as it can between processes.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import Any

SUFFIXES = (".txt", ".md", ".html")


def _none(batch: Any, docs: Any) -> dict[int, dict[str, Any]]:
    return {}


def main(argv: list[str] | None = None) -> None:
    from contentlint import api
    from contentlint.api import Linter
    from contentlint.config import Config

    parser = argparse.ArgumentParser()
    parser.add_argument("dir", type=Path)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    files = sorted(p for p in args.dir.rglob("*") if p.suffix in SUFFIXES) if args.dir.is_dir() else []
    if not files:
        raise SystemExit(f"bench_batch_toggle: {args.dir}: no .txt, .md or .html files")
    data = [(str(p), p.read_bytes()) for p in files]
    linter = Linter(Config())
    words = sum(r.words for r in linter.lint_paths(data))  # warm: resources, matchers, caches
    sides = {"batches": api._batch_analyses, "one at a time": _none}
    best = dict.fromkeys(sides, float("inf"))
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    try:
        for n in range(args.rounds):
            for name in list(sides) if n % 2 == 0 else list(sides)[::-1]:
                api._batch_analyses = sides[name]  # type: ignore[assignment]
                started = time.process_time()
                for _ in linter.lint_paths(data):
                    pass
                best[name] = min(best[name], time.process_time() - started)
    finally:
        api._batch_analyses = sides["batches"]  # type: ignore[assignment]
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for name, seconds in best.items():
        print(
            f"{name:14} CPU {seconds:.3f} s = {1e6 * seconds / words:.2f} ms per 1,000 words, "
            f"{words / seconds:,.0f} words/s ({len(files)} files, {words:,} words; best of {args.rounds})"
        )


if __name__ == "__main__":
    main()
