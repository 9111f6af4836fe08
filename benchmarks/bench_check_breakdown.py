"""Where the wall time of a parallel `contentlint check` goes: the parent's start-up before the workers get
work, the parent's own CPU time while they run against theirs, how long each worker is busy, idle and
waiting at the end (the tail), and what crosses the pipe back per file.

    python benchmarks/bench_check_breakdown.py [--docs 2000] [--dir DIR ...] [-j N] [--format json] [--json OUT]

It runs `contentlint check` in a fresh process of this script (so its imports are timed as the command's
are), with clocks around its steps; the workers (forked from it) note each task's start, end and pickled
result size in a scratch file. Run it
with ``PYTHONPATH=OTHER_CHECKOUT`` to time another commit's code on the same files. On a shared machine,
compare CPU times rather than wall times, and say what the load was.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

START = time.perf_counter()


class Clock:
    """Wall and CPU time of named moments in the parent, from the start of this script."""

    def __init__(self) -> None:
        self.marks: dict[str, tuple[float, float]] = {}

    def mark(self, name: str) -> None:
        self.marks.setdefault(name, (time.perf_counter() - START, time.process_time()))


CLOCK = Clock()
LOG = Path(tempfile.mkdtemp(prefix="breakdown-")) / "tasks.tsv"
BLOCKED = [0.0]


def _timed_task(task: list[Any]) -> list[Any]:
    """The parallel module's task, timed; forked workers inherit this module, so it pickles by name."""
    start = time.perf_counter()
    out = ORIGINAL_TASK(task)
    end = time.perf_counter()
    size = len(pickle.dumps(out, pickle.HIGHEST_PROTOCOL))  # after the clock: not counted as the task's
    with LOG.open("a", encoding="utf-8") as fh:
        fh.write(f"{os.getpid()}\t{start - START:.4f}\t{end - START:.4f}\t{len(task)}\t{size}\n")
    return out


def instrument() -> None:
    global ORIGINAL_TASK
    import contentlint.parallel as parallel
    import contentlint.pool as pool

    ORIGINAL_TASK = parallel._lint_task
    parallel._lint_task = _timed_task
    setup, start_pool, ordered = parallel._setup, pool.start_pool, pool.ordered

    def timed_setup(*state: Any) -> None:
        CLOCK.mark("pipeline loading")
        setup(*state)
        CLOCK.mark("first file")

    def timed_start(*args: Any, **kwargs: Any) -> Any:
        CLOCK.mark("forking")
        made = start_pool(*args, **kwargs)
        CLOCK.mark("workers started")
        return made

    def timed_ordered(*args: Any) -> Iterator[Any]:
        results = ordered(*args)
        while True:
            began = time.perf_counter()
            item = next(results, None)
            BLOCKED[0] += time.perf_counter() - began
            if item is None:
                return
            yield item

    parallel._setup, pool.start_pool, pool.ordered = timed_setup, timed_start, timed_ordered


ORIGINAL_TASK: Any = None


def workers(parent_pid: int) -> dict[str, Any]:
    rows = [line.split("\t") for line in LOG.read_text(encoding="utf-8").splitlines()] if LOG.exists() else []
    by_pid: dict[str, list[tuple[float, float, int, int]]] = {}
    for pid, start, end, files, size in rows:
        by_pid.setdefault(pid, []).append((float(start), float(end), int(files), int(size)))
    ends = [max(r[1] for r in tasks) for pid, tasks in by_pid.items() if pid != str(parent_pid)]
    out: dict[str, Any] = {"workers": {}}
    for pid, tasks in sorted(by_pid.items()):
        name = "parent (first file)" if pid == str(parent_pid) else f"worker {pid}"
        out["workers"][name] = {
            "tasks": len(tasks),
            "files": sum(t[2] for t in tasks),
            "busy_s": round(sum(t[1] - t[0] for t in tasks), 3),
            "first_start_s": round(min(t[0] for t in tasks), 3),
            "last_end_s": round(max(t[1] for t in tasks), 3),
            "pickled_bytes_per_file": round(sum(t[3] for t in tasks) / max(1, sum(t[2] for t in tasks))),
        }
    out["tail_s"] = round(max(ends) - min(ends), 3) if ends else 0.0
    return out


def run(files: list[Path], jobs: int | None, fmt: str) -> dict[str, Any]:
    CLOCK.mark("script start")
    from contentlint.cli import app

    CLOCK.mark("contentlint imported")
    instrument()
    argv = ["check", "--format", fmt, "--exit-zero", *(["-j", str(jobs)] if jobs else []), *map(str, files)]
    with open(os.devnull, "w") as sink:
        saved, sys.stdout = sys.stdout, sink
        try:
            app(argv, standalone_mode=False)
        finally:
            sys.stdout = saved
    CLOCK.mark("end")
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "marks": {name: {"wall_s": round(w, 3), "cpu_s": round(c, 3)} for name, (w, c) in CLOCK.marks.items()},
        "parent_cpu_s": round(me.ru_utime + me.ru_stime, 3),
        "parent_cpu_while_workers_run_s": round(
            time.process_time() - CLOCK.marks.get("workers started", CLOCK.marks["end"])[1], 3
        ),
        "parent_blocked_waiting_s": round(BLOCKED[0], 3),
        "workers_cpu_s": round(children.ru_utime + children.ru_stime, 3),
        "workers_minor_faults": children.ru_minflt,
        **workers(os.getpid()),
    }


def loadavg() -> str:
    path = Path("/proc/loadavg")
    return " ".join(path.read_text().split()[:3]) if path.exists() else "unknown"


def child(list_file: Path, out: Path, jobs: int | None, fmt: str) -> None:
    files = [Path(line) for line in list_file.read_text(encoding="utf-8").splitlines()]
    out.write_text(json.dumps(run(files, jobs, fmt)), encoding="utf-8")


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        _, _, list_file, out, jobs, fmt = sys.argv
        child(Path(list_file), Path(out), int(jobs) or None, fmt)
        return
    import subprocess

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_stages import chosen_files, commit, machine

    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--dir", type=Path, nargs="*", default=[])
    parser.add_argument("-j", type=int, default=None, help="processes (default: the command's default)")
    parser.add_argument("--format", default="json")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        files = chosen_files(args.dir, args.docs, Path(scratch), args.seed)
        listed, out = Path(scratch) / "files.txt", Path(scratch) / "result.json"
        listed.write_text("".join(f"{f}\n" for f in files), encoding="utf-8")
        load = loadavg()
        command = [sys.executable, __file__, "--child", str(listed), str(out), str(args.j or 0), args.format]
        subprocess.run(command, check=True)
        result = {"files": len(files), "load_before": load, **json.loads(out.read_text()), "load_after": loadavg()}
    result |= {"commit": commit(), "machine": machine()}
    print(json.dumps({k: v for k, v in result.items() if k != "machine"}, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
