"""Archive audit throughput: contentlint audit with 1 and 2 processes and on a Dask LocalCluster,
against proselint on the same files in the same run.

    python benchmarks/bench_audit.py [--docs 2000] [--corpus ../shared/corpus/dev]

Builds a seeded corpus of ~800-word articles from paragraphs of samples/ (and the dev corpus when
given), then times each run from the outside (wall clock, fresh database each time) and prints
docs/s, words/s and peak RSS (the largest single process). proselint is installed from PyPI into
the benchmark's own virtual environment (benchmarks/.venv-proselint), not into the project's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import contextlib

from bench_check import make_corpus

HERE = Path(__file__).resolve().parent
PROSELINT_ENV = HERE / ".venv-proselint"


def proselint() -> Path:
    exe = PROSELINT_ENV / "bin" / "proselint"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PROSELINT_ENV)], check=True)
        subprocess.run([str(PROSELINT_ENV / "bin" / "pip"), "install", "-q", "proselint"], check=True)
    return exe


def timed(cmd: list[str]) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return elapsed, peak, proc


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--corpus", type=Path, default=None)
    args = parser.parse_args()
    dirs = [HERE.parent / "samples"] + ([args.corpus] if args.corpus else [])
    texts = make_corpus(args.docs, args.seed, dirs)
    words = sum(len(t.split()) for t in texts)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "archive"
        root.mkdir()
        for i, text in enumerate(texts):
            (root / f"article-{i:05d}.txt").write_text(text, encoding="utf-8")
        print(f"corpus: {len(texts)} articles, {words:,} words (whitespace-separated)")
        runs = [
            ("contentlint audit -j 1", ["-j", "1"]),
            ("contentlint audit -j 2", ["-j", "2"]),
            ("contentlint audit --backend dask -j 2", ["--backend", "dask", "-j", "2"]),
        ]
        times = {}
        for label, extra in runs:
            db = Path(tmp) / f"{len(times)}.sqlite"
            cmd = [sys.executable, "-m", "contentlint", "audit", str(root), "--db", str(db), "--no-progress", *extra]
            elapsed, peak, proc = timed(cmd)
            if proc.returncode != 0:
                print(proc.stderr)
                raise SystemExit(f"{label} failed")
            times[label] = elapsed
            print(
                f"{label}: {elapsed:.1f} s, {len(texts) / elapsed:.0f} docs/s, {words / elapsed:,.0f} words/s, "
                f"peak RSS of one process {peak:.0f} MB"
            )
        exe = proselint()
        files = sorted(str(p) for p in root.iterdir())
        elapsed, peak, proc = timed([str(exe), "--output-format", "json", "check", *files])
        with contextlib.suppress(json.JSONDecodeError):
            json.loads(proc.stdout or "{}")
        print(
            f"proselint (check, one process): {elapsed:.1f} s, {len(texts) / elapsed:.0f} docs/s, "
            f"{words / elapsed:,.0f} words/s, peak RSS {peak:.0f} MB"
        )
        for label, t in times.items():
            print(f"time ratio {label} / proselint: {t / elapsed:.2f}")
    print(f"cores: {os.cpu_count()}")


if __name__ == "__main__":
    main()
