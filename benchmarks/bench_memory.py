"""Peak memory of `contentlint check` as the number of files grows (issue 20: `check` streams).

    python benchmarks/bench_memory.py [--files 200,2000,20000] [--formats text,json]

Writes N short articles (paragraphs of samples/, shuffled with a fixed seed) into a temporary
directory, runs one `contentlint check DIR` process per count and format, and prints its wall time
and the child's peak RSS, with the ratio of each peak to the smallest run's. A run that kept every
file's report would grow with N; a streaming one stays flat.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_articles(directory: Path, n: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    paragraphs = [
        block.strip()
        for path in sorted((ROOT / "samples").glob("*.txt"))
        for block in path.read_text(encoding="utf-8").split("\n\n")
        if len(block.split()) > 12
    ]
    for i in range(n):
        body = "\n\n".join(rng.choice(paragraphs) for _ in range(4))
        (directory / f"a{i:05d}.txt").write_text(f"Article {i}\n\n{body}\n", encoding="utf-8")


def measure(directory: Path, fmt: str) -> tuple[float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "contentlint", "check", str(directory), "--exit-zero", "--format", fmt],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    assert proc.stderr is not None
    err = proc.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0 or "Traceback" in err:
        raise SystemExit(f"check failed: {err[-2000:]}")
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", default="200,2000,20000")
    parser.add_argument("--formats", default="text,json")
    args = parser.parse_args()
    counts = [int(c) for c in args.files.split(",")]
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start")
    print(f"{'format':<6} {'files':>7} {'seconds':>9} {'peak RSS MB':>12} {'vs smallest':>12}")
    for fmt in args.formats.split(","):
        base = None
        for n in counts:
            with tempfile.TemporaryDirectory() as tmp:
                write_articles(Path(tmp), n)
                seconds, rss = measure(Path(tmp), fmt)
            base = base or rss
            print(f"{fmt:<6} {n:>7} {seconds:>9.1f} {rss:>12.0f} {rss / base:>11.2f}x", flush=True)


if __name__ == "__main__":
    main()
