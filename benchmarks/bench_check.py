"""Throughput of `contentlint check` in one process: the default rules (with the statistical spin
evidence that gives every article its spin verdict), without that evidence (--ignore CL102), with the
statistical detector's span findings (--select CL,CL102); and the cold start of a one-file run.

    python benchmarks/bench_check.py [--docs 400] [--corpus ../shared/corpus/dev] [--baseline DIR] [--no-cold]

Builds a seeded corpus of ~800-word articles by shuffling paragraphs of samples/, training/clean/
(and of the dev corpus when given). Each configuration is linted in a fresh process with one Linter
(one spaCy pipeline, nlp.pipe batches), which prints docs/s, words/s and its own peak RSS. Then the
statistical detector's one-time costs (building its index into an empty cache, loading it) and the
cold start of `contentlint check` on one draft (default rules, and with CL102).

With ``--baseline DIR`` (a checkout of another commit, e.g. ``git archive main | tar -x -C DIR``) each
configuration is also run with that checkout's contentlint, right after this one's, so that the two
are measured side by side under the same machine load.
"""

from __future__ import annotations

import argparse
import json
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
CONFIGS = {
    "default rules (spin verdict on)": {},
    "default rules without the statistical spin evidence (--ignore CL102)": {"ignore": ["CL102"]},
    "default rules without readability (CL5)": {"ignore": ["CL5"]},
    "with the statistical detector's span findings (CL102)": {"select": ["CL", "CL102"]},
}


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


def worker(corpus_file: Path, config: dict[str, list[str]]) -> None:
    """Lint the corpus with one configuration; print a JSON line of measurements."""
    from contentlint.api import Linter
    from contentlint.config import Config
    from contentlint.formats import load_string

    texts = json.loads(corpus_file.read_text(encoding="utf-8"))
    cfg = Config(**{k: tuple(v) for k, v in config.items()})
    linter = Linter(cfg)
    t0 = time.perf_counter()
    list(linter.lint_documents([load_string(texts[0], "warm.txt")]))  # pipeline, matchers, detector resources
    warm = time.perf_counter() - t0
    start = time.perf_counter()
    words = 0
    for report in linter.lint_documents(load_string(t, f"doc{i}.txt") for i, t in enumerate(texts)):
        words += report.words
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"docs": len(texts), "words": words, "seconds": elapsed, "warm": warm, "peak_mb": peak}))


def _draft(text: str, words: int) -> str:
    """Whole paragraphs of ``text`` up to about ``words`` words (the issue's 1,000-word draft)."""
    out, count = [], 0
    for para in text.split("\n\n"):
        if count >= words:
            break
        out.append(para)
        count += len(para.split())
    return "\n\n".join(out) + "\n"


def cold_start(draft: Path, extra: list[str], base_env: dict[str, str], runs: int = 7) -> list[float]:
    # As on a user's machine: bytecode caches on (some CI images set PYTHONDONTWRITEBYTECODE), and the
    # derived-data caches already built by an earlier run.
    env = {k: v for k, v in base_env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    command = [sys.executable, "-m", "contentlint", "check", str(draft), "--exit-zero", *extra]
    subprocess.run(command, capture_output=True, check=True, env=env)
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, env=env)
        out.append(time.perf_counter() - start)
    return out


def detector_costs() -> None:
    code = (
        "import time, sys\n"
        "t = time.perf_counter()\n"
        "from contentlint.spin.resources import thesaurus_index, language_model\n"
        "thesaurus_index(); a = time.perf_counter() - t; t = time.perf_counter()\n"
        "language_model(); b = time.perf_counter() - t\n"
        "print(f'{a:.2f} {b:.3f}')\n"
    )
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "CONTENTLINT_CACHE_DIR": cache}
        first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
        again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
        size = sum(p.stat().st_size for p in Path(cache).iterdir()) / 1e6
    build, _ = first.stdout.split()
    load, lm = again.stdout.split()
    print(
        f"CL102 resources: index built once in {build} s ({size:.1f} MB cached); later processes load it in {load} s, "
        f"the language model in {lm} s"
    )


def _checkouts(baseline: Path | None) -> list[tuple[str, dict[str, str]]]:
    """This checkout, and the baseline's (its directory first on the module path), as (label, environment)."""
    out = [("", dict(os.environ))]
    if baseline is not None:
        out.append((f" [baseline {baseline}]", {**os.environ, "PYTHONPATH": str(baseline.resolve())}))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--baseline", type=Path, default=None, help="another checkout to run side by side")
    parser.add_argument("--no-cold", action="store_true", help="skip the one-time costs and cold starts")
    parser.add_argument("--worker", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--config", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, json.loads(args.config))
        return
    dirs = [ROOT / "samples", ROOT / "training" / "clean"] + ([args.corpus] if args.corpus else [])
    texts = make_corpus(args.docs, args.seed, dirs)
    with tempfile.TemporaryDirectory() as tmp:
        corpus_file = Path(tmp) / "corpus.json"
        corpus_file.write_text(json.dumps(texts), encoding="utf-8")
        for label, config in CONFIGS.items():
            for name, env in _checkouts(args.baseline):
                proc = subprocess.run(
                    [sys.executable, __file__, "--worker", str(corpus_file), "--config", json.dumps(config)],
                    capture_output=True,
                    text=True,
                    check=True,
                    env=env,
                )
                m = json.loads(proc.stdout.strip().splitlines()[-1])
                print(
                    f"check{name}, {label}: {m['docs']} docs, {m['words']} words in {m['seconds']:.2f} s: "
                    f"{m['docs'] / m['seconds']:.1f} docs/s, {m['words'] / m['seconds']:,.0f} words/s (1 process); "
                    f"start-up {m['warm']:.2f} s, peak RSS {m['peak_mb']:.0f} MB",
                    flush=True,
                )
        if args.no_cold:
            print(f"cores: {os.cpu_count()}; load average before the end: {os.getloadavg()[0]:.1f}")
            return
        detector_costs()
        draft = Path(tmp) / "draft.md"
        draft.write_text(_draft(texts[1] + "\n\n" + texts[2], 1000), encoding="utf-8")
        words = len(draft.read_text().split())
        for label, extra in (("default rules", []), ("--ignore CL102", ["--ignore", "CL102"])):
            for name, env in _checkouts(args.baseline):
                runs = cold_start(draft, extra, env)
                print(
                    f"cold start{name}, one {words}-word draft, {label}: median {statistics.median(runs):.2f} s over "
                    f"{len(runs)} runs (min {min(runs):.2f}, max {max(runs):.2f})",
                    flush=True,
                )
    print(f"cores: {os.cpu_count()}")


if __name__ == "__main__":
    main()
