"""`contentlint check -j 1`, `-j 2`, the default (no -j) and `proselint check` on the same generated files,
whole processes, interleaved round by round, at several run sizes: what -j buys, and where the
default's threshold (one process below it, every core above) should sit.

    python benchmarks/bench_check_parallel.py [--sizes 20,200,2000] [--rounds 2] [--baseline DIR] [--json PATH]

The articles are bench_stages' (generated, ~940 words, a third each as .txt, .md and .html). Each
command gets the file names on its command line, as proselint needs them. The load average is read
before and after every command: on a shared machine only ratios between commands of one round mean
anything, and the JSON keeps the load with every number. ``--baseline DIR`` (another checkout, e.g. unpacked
with ``git archive``) adds its default run to each round, as ``base``.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_stages import commit, machine, write_corpus


def loadavg() -> str:
    path = Path("/proc/loadavg")
    return " ".join(path.read_text().split()[:3]) if path.exists() else "unknown"


def commands(names: list[str], baseline: Path | None = None) -> dict[str, list[str]]:
    contentlint = [sys.executable, "-m", "contentlint", "check", "--format", "json", "--exit-zero"]
    out = {
        "j1": [*contentlint, "-j", "1", *names],
        "j2": [*contentlint, "-j", "2", *names],
        "default": [*contentlint, *names],
    }
    if baseline is not None:
        out["base"] = ["env", f"PYTHONPATH={baseline.resolve()}", *contentlint, *names]
    exe = shutil.which("proselint", path=str(Path(sys.executable).parent)) or shutil.which("proselint")
    if exe is not None:
        out["proselint"] = [exe, "--output-format", "json", "check", *names]
    return out


def timed(command: list[str]) -> dict[str, Any]:
    """Wall time, and the CPU time of the command and its workers (which load changes far less)."""
    before, usage = loadavg(), resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, check=False)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
    return {
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "rc": proc.returncode,
        "load_before": before,
        "load_after": loadavg(),
    }


def one_size(files: list[Path], rounds: int, baseline: Path | None = None) -> dict[str, Any]:
    table = commands([str(p) for p in files], baseline)
    runs: list[dict[str, Any]] = []
    for r in range(rounds):
        # Interleaved, and in the opposite order each round, so a change of load weighs on each alike.
        order = list(table) if r % 2 == 0 else list(reversed(table))
        row = {label: timed(table[label]) for label in order}
        row["ratios"] = ratios({label: result["seconds"] for label, result in row.items()})
        runs.append(row)
        done = [f"{k} {v['seconds']:.2f} s ({v['cpu_seconds']:.2f} s CPU)" for k, v in row.items() if k != "ratios"]
        print(f"  round {r + 1}: " + ", ".join(done))
        print(f"           {row['ratios']}")
    return {"files": len(files), "rounds": runs}


def ratios(seconds: dict[str, float]) -> dict[str, float]:
    out = {"j1/j2": round(seconds["j1"] / seconds["j2"], 3), "default/j1": round(seconds["default"] / seconds["j1"], 3)}
    if "base" in seconds:
        out["default/base"] = round(seconds["default"] / seconds["base"], 3)
    if "proselint" in seconds:
        for label in ("j1", "j2", "default", "base"):
            if label not in seconds:
                continue
            out[f"{label}/proselint"] = round(seconds[label] / seconds["proselint"], 3)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="20,200,2000", help="run sizes, comma-separated")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--baseline", type=Path, default=None, help="another checkout: its default run too")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    result: dict[str, Any] = {"machine": machine(), "commit": commit(), "load_start": loadavg(), "sizes": []}
    with tempfile.TemporaryDirectory() as tmp:
        files = write_corpus(Path(tmp), max(sizes), args.seed)
        for size in sizes:
            print(f"{size} files (load {loadavg()})")
            result["sizes"].append(one_size(files[:size], args.rounds, args.baseline))
    result["load_end"] = loadavg()
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
