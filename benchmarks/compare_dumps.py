"""Compare two `dump_results.py` directories, allowing last-bit float differences in the unrounded values.

    python benchmarks/compare_dumps.py BEFORE_DIR AFTER_DIR [--tolerance 1e-9]

A speed change that only reorders floating-point work (a batched product, a sum in another order) may move
the unrounded spin evidence by a few units in the last place. What users see must not move at all: the
JSON files (findings, suggestions, rounded scores and spin) must be identical byte for byte, and every number
of the ``.spin.txt`` files may differ by at most ``tolerance`` (relative to its size, absolute below 1).
Exit status 0 when both hold, 1 otherwise, with the differences printed.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def _numbers_close(a: str, b: str, tolerance: float) -> tuple[bool, float]:
    """Whether two lines are equal outside their numbers and their numbers within ``tolerance``."""
    if NUMBER.sub("#", a) != NUMBER.sub("#", b):
        return False, float("inf")
    worst = 0.0
    for x, y in zip(NUMBER.findall(a), NUMBER.findall(b), strict=True):
        fx, fy = float(x), float(y)
        worst = max(worst, abs(fx - fy) / max(1.0, abs(fx), abs(fy)))
    return worst <= tolerance, worst


def compare(before: Path, after: Path, tolerance: float) -> list[str]:
    """The problems found, one line each (empty: the dumps agree)."""
    problems: list[str] = []
    names = sorted({p.name for p in before.iterdir()} | {p.name for p in after.iterdir()})
    worst = 0.0
    for name in names:
        a, b = before / name, after / name
        if not a.is_file() or not b.is_file():
            problems.append(f"{name}: only in {'after' if b.is_file() else 'before'}")
        elif name.endswith(".spin.txt"):
            lines_a, lines_b = a.read_text().splitlines(), b.read_text().splitlines()
            if len(lines_a) != len(lines_b):
                problems.append(f"{name}: {len(lines_a)} lines before, {len(lines_b)} after")
                continue
            for number, (x, y) in enumerate(zip(lines_a, lines_b, strict=True), 1):
                ok, diff = _numbers_close(x, y, tolerance)
                worst = max(worst, diff if ok else 0.0)
                if not ok:
                    problems.append(f"{name}:{number}: differs beyond {tolerance:g} ({diff:.3g})")
        elif a.read_bytes() != b.read_bytes():
            problems.append(f"{name}: not identical byte for byte")
    print(f"compared {len(names)} files; largest relative difference of an unrounded value: {worst:.3g}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--tolerance", type=float, default=1e-9)
    args = parser.parse_args()
    problems = compare(args.before, args.after, args.tolerance)
    for line in problems:
        print(line)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
