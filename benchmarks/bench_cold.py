"""Cold against warm start: `contentlint check` of one ~1,000-word draft with an empty cache and a filled one.

    python benchmarks/bench_cold.py [--repeat 3] [--exe .venv/bin/contentlint]
    python benchmarks/bench_cold.py --side-by-side 9 [--baseline DIR] [--file samples/clean-moisturiser-guide.txt]

A CI runner starts with an empty ~/.cache. Each cold run gets a new, empty XDG_CACHE_HOME (and no
CONTENTLINT_CACHE_DIR); each warm run reuses one that an earlier run filled. Runs alternate cold and
warm so that load on the machine falls on both alike. Printed per configuration (default rules, and
with the CL102 spin detector): median wall time and peak RSS of each, and cold / warm.

``--side-by-side N`` measures the floor instead: N rounds, each a new process of ``import spacy;
spacy.blank("en")``, then a one-file ``contentlint check`` of this checkout, then of ``--baseline DIR``
(another checkout, e.g. ``git archive main | tar -x -C DIR``; its directory goes first on the module
path), in that order every round, so that load falls on all alike. The user's own cache is used (as
a second run on a machine would); every run's time is printed, then the medians and each one's
ratio to spaCy's start, with the load average before and after. spaCy's start is also timed with
the garbage collector off during it and frozen at exit, as contentlint's one-shot commands run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = {"default rules": [], "with CL102": ["--select", "CL,CL102"]}


def draft(words: int = 1000) -> str:
    """Paragraphs of the repository's samples, in order, until the draft has about ``words`` words."""
    paragraphs = [
        p.strip()
        for path in sorted((ROOT / "samples").glob("*.txt"))
        for p in path.read_text(encoding="utf-8").split("\n\n")
        if len(p.split()) > 8
    ]
    out: list[str] = ["Draft: caring for your skin"]
    count, k = 0, 0
    while count < words:
        out.append(paragraphs[k % len(paragraphs)])
        count += len(paragraphs[k % len(paragraphs)].split())
        k += 1
    return "\n\n".join(out) + "\n"


def run(exe: str, path: Path, args: list[str], cache_home: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one `contentlint check`."""
    env = {k: v for k, v in os.environ.items() if k != "CONTENTLINT_CACHE_DIR"}
    env["XDG_CACHE_HOME"] = str(cache_home)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [exe, "check", *args, str(path)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 1) or "Traceback" in err:
        raise SystemExit(f"contentlint check failed ({proc.returncode}):\n{err}")
    return seconds, usage.ru_maxrss / 1024


SPACY_START = 'import spacy; spacy.blank("en")'
NO_COLLECTOR = "import atexit, gc; gc.disable(); atexit.register(gc.freeze)"


def timed(command: list[str], env: dict[str, str]) -> float:
    """Wall seconds of one process (from an empty working directory, so that nothing local is imported)."""
    with tempfile.TemporaryDirectory() as cwd:
        start = time.perf_counter()
        proc = subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        seconds = time.perf_counter() - start
    err = proc.stderr.decode(errors="replace")
    if proc.returncode not in (0, 1) or "Traceback" in err:
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{err}")
    return seconds


def side_by_side(rounds: int, path: Path, baseline: Path | None) -> None:
    python = sys.executable
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    runs: dict[str, tuple[list[str], dict[str, str]]] = {
        "spacy.blank(en)": ([python, "-c", SPACY_START], env),
        # The same start with the cyclic collector off and nothing left for its last collection, as a
        # one-shot contentlint command runs its start-up (contentlint.startup.pause_collection).
        "spacy.blank, no gc": ([python, "-c", f"{NO_COLLECTOR}; {SPACY_START}"], env),
        "check, this": ([python, "-m", "contentlint", "check", str(path)], {**env, "PYTHONPATH": str(ROOT)}),
    }
    if baseline is not None:
        runs["check, baseline"] = (
            [python, "-m", "contentlint", "check", str(path)],
            {**env, "PYTHONPATH": str(baseline.resolve())},
        )
    print(f"{python}; {path} ({len(path.read_text(encoding='utf-8').split())} words); baseline {baseline}")
    print(f"load average before: {_load()}", flush=True)
    times: dict[str, list[float]] = {name: [] for name in runs}
    for k in range(rounds):
        for name, (command, run_env) in runs.items():
            times[name].append(timed(command, run_env))
        print(f"round {k + 1}: " + "  ".join(f"{n} {t[-1]:.3f}" for n, t in times.items()), flush=True)
    print(f"load average after: {_load()}")
    floor = statistics.median(times["spacy.blank(en)"])
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"{name:18} median {median:.3f} s (min {min(values):.3f}, max {max(values):.3f}); "
            f"{median / floor:.2f}x spacy.blank"
        )


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--exe", default=str(ROOT / ".venv" / "bin" / "contentlint"))
    parser.add_argument("--side-by-side", type=int, default=0, metavar="N", help="N rounds against spaCy's start")
    parser.add_argument("--baseline", type=Path, default=None, help="another checkout, for --side-by-side")
    parser.add_argument("--file", type=Path, default=ROOT / "samples" / "clean-moisturiser-guide.txt")
    args = parser.parse_args()
    if args.side_by_side:
        side_by_side(args.side_by_side, args.file.resolve(), args.baseline)
        return
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        path = base / "draft.md"
        path.write_text(draft(), encoding="utf-8")
        print(f"{args.exe}: one draft of {len(path.read_text().split())} words, {args.repeat} runs each")
        print(f"{'':15} {'cold s':>8} {'warm s':>8} {'cold/warm':>9} {'cold MB':>8} {'warm MB':>8}")
        for name, extra in CONFIGS.items():
            warm_home = base / f"warm-{len(name)}"
            run(args.exe, path, extra, warm_home)  # fills the warm cache
            cold, warm = [], []
            for k in range(args.repeat):
                cold.append(run(args.exe, path, extra, base / f"cold-{len(name)}-{k}"))
                warm.append(run(args.exe, path, extra, warm_home))
            c, w = statistics.median(t for t, _ in cold), statistics.median(t for t, _ in warm)
            c_mb, w_mb = max(m for _, m in cold), max(m for _, m in warm)
            print(f"{name:15} {c:8.2f} {w:8.2f} {c / w:9.2f} {c_mb:8.0f} {w_mb:8.0f}", flush=True)


if __name__ == "__main__":
    main()
