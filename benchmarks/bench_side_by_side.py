"""`contentlint check` of one directory by this checkout and by another, side by side, alternating.

    python benchmarks/bench_side_by_side.py DIR --baseline OTHER_CHECKOUT [--rounds 3]

Each round runs, for both checkouts in turn (which goes first alternates), a whole process
(``python -m contentlint check --format json DIR``, wall time) and a process that lints the files in
memory through ``Linter.lint_paths`` twice after a warm-up (CPU time of the faster pass: on a shared
machine, CPU time moves less with the load than wall time). The best of the rounds is printed for each.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

_IN_PROCESS = r"""
import sys, time
from pathlib import Path
from contentlint.api import Linter
from contentlint.config import Config
files = sorted(p for p in Path(sys.argv[1]).rglob("*") if p.suffix in (".txt", ".md", ".html"))
data = [(str(p), p.read_bytes()) for p in files]
linter = Linter(Config())
list(linter.lint_paths(data[:2]))
best = float("inf")
for _ in range(2):
    started = time.process_time()
    words = sum(r.words for r in linter.lint_paths(data))
    best = min(best, time.process_time() - started)
print(best, words, len(files))
"""


def _env(checkout: Path | None) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(checkout.resolve())} if checkout else dict(os.environ)


def _round(directory: Path, checkout: Path | None) -> tuple[float, float, int, int]:
    """Wall seconds of a whole ``check`` process; CPU seconds, words and files of the in-memory lint."""
    command = [sys.executable, "-m", "contentlint", "check", "--format", "json", "--exit-zero", str(directory)]
    started = time.perf_counter()
    proc = subprocess.run(command, env=_env(checkout), capture_output=True, check=False)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"bench_side_by_side: check failed: {proc.stderr.decode()[-500:]}")
    out = subprocess.run(
        [sys.executable, "-c", _IN_PROCESS, str(directory)], env=_env(checkout), capture_output=True, text=True
    )
    if out.returncode != 0:
        raise SystemExit(f"bench_side_by_side: the in-memory lint failed: {out.stderr[-500:]}")
    cpu, words, files = out.stdout.split()
    return wall, float(cpu), int(words), int(files)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dir", type=Path)
    parser.add_argument("--baseline", type=Path, required=True, help="another checkout (its directory goes first)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.dir.is_dir():
        raise SystemExit(f"bench_side_by_side: {args.dir}: not a directory")
    runs: dict[str, list[tuple[float, float, int, int]]] = {"baseline": [], "this": []}
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for n in range(args.rounds):
        order = [("baseline", args.baseline), ("this", None)]
        for label, checkout in order if n % 2 == 0 else order[::-1]:
            runs[label].append(_round(args.dir, checkout))
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for label, rounds in runs.items():
        wall, cpu = min(r[0] for r in rounds), min(r[1] for r in rounds)
        words, files = rounds[0][2], rounds[0][3]
        print(
            f"{label:8} whole process {wall:.3f} s (all {[round(r[0], 2) for r in rounds]}); in memory CPU "
            f"{cpu:.3f} s = {1e6 * cpu / words:.2f} ms per 1,000 words, {words / cpu:,.0f} words/s "
            f"({files} files, {words:,} words; all {[round(r[1], 3) for r in rounds]})"
        )


if __name__ == "__main__":
    main()
