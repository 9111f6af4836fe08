"""Throughput of `contentlint check` in one process, and the cold start of a one-file run.

    python benchmarks/bench_check.py [--docs 500] [--corpus ../shared/corpus/dev]

Builds a seeded corpus of ~800-word articles by shuffling paragraphs of samples/ (and of the dev
corpus when given), lints it with one Linter (one spaCy pipeline, nlp.pipe batches), and prints
docs/s, words/s and peak RSS; then times `contentlint check` on one draft in a fresh process.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def paragraphs(dirs: list[Path]) -> list[str]:
    out: list[str] = []
    for d in dirs:
        for path in sorted(d.rglob("*.txt")):
            out.extend(p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 12)
    return out


def make_corpus(n: int, seed: int, dirs: list[Path]) -> list[str]:
    rng = random.Random(seed)
    pool = paragraphs(dirs)
    docs = []
    for i in range(n):
        body, words = [f"Article {i}: A Guide To Skin Care"], 0
        while words < 800:
            para = rng.choice(pool)
            body.append(para)
            words += len(para.split())
        docs.append("\n\n".join(body) + "\n")
    return docs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--corpus", type=Path, default=None)
    args = parser.parse_args()
    dirs = [ROOT / "samples"] + ([args.corpus] if args.corpus else [])
    texts = make_corpus(args.docs, args.seed, dirs)

    from contentlint.api import Linter
    from contentlint.config import Config
    from contentlint.formats import load_string
    from contentlint.nlp import get_nlp

    t0 = time.perf_counter()
    get_nlp()
    linter = Linter(Config())
    list(linter.lint_documents([load_string(texts[0], "warm.txt")]))  # build pipeline and matchers once
    warm = time.perf_counter() - t0
    for label, config in (("all rules", Config()), ("without readability (CL5)", Config(ignore=("CL5",)))):
        linter = Linter(config)
        start = time.perf_counter()
        words = 0
        for report in linter.lint_documents(load_string(t, f"doc{i}.txt") for i, t in enumerate(texts)):
            words += report.words
        elapsed = time.perf_counter() - start
        print(
            f"check, {label}: {len(texts)} docs, {words} words in {elapsed:.2f} s: "
            f"{len(texts) / elapsed:.1f} docs/s, {words / elapsed:,.0f} words/s (1 process)"
        )
    print(f"pipeline and rule data load: {warm:.2f} s")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

    with tempfile.TemporaryDirectory() as tmp:
        draft = Path(tmp) / "draft.md"
        draft.write_text(texts[1][:6000], encoding="utf-8")
        # As on a user's machine: bytecode caches on (some CI images set PYTHONDONTWRITEBYTECODE), and the
        # derived-data caches already built by an earlier run.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        command = [sys.executable, "-m", "contentlint", "check", str(draft), "--exit-zero"]
        subprocess.run(command, capture_output=True, check=True, env=env)
        runs = []
        for _ in range(7):
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True, env=env)
            runs.append(time.perf_counter() - start)
        print(
            f"cold start, one {len(draft.read_text().split())}-word draft: median {statistics.median(runs):.2f} s "
            f"over {len(runs)} runs (min {min(runs):.2f}, max {max(runs):.2f})"
        )


if __name__ == "__main__":
    main()
