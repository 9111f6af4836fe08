"""CPU time (``time.process_time``) of each stage of `check`, in process, for work on a loaded machine where
wall-clock times of other processes' making are noise. The stages are those of ``bench_stages.py``.

    python benchmarks/bench_cpu_stages.py [--docs 500] [--dir DIR ...] [--rounds 3] [--profile OUT.prof]

Run it once with ``PYTHONPATH=OTHER_CHECKOUT`` to time another commit's code on the same files (the
generated articles are the same for the same ``--docs`` and seed). Each stage's best of ``--rounds``.
"""

from __future__ import annotations

import argparse
import cProfile
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_stages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=0)
    parser.add_argument("--dir", type=Path, nargs="*", default=[])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", type=Path, default=None)
    args = parser.parse_args()
    # the stages' clock, on this process's CPU time
    bench_stages.time = SimpleNamespace(perf_counter=time.process_time)  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        files = bench_stages.chosen_files(args.dir, args.docs, Path(tmp))
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            bench_stages.check_stages(files)
            profiler.disable()
            profiler.dump_stats(str(args.profile))
            return
        best: dict[str, float] = {}
        words = 0
        for _ in range(args.rounds):
            stages, words = bench_stages.check_stages(files)
            for name, seconds in stages.seconds.items():
                best[name] = min(best.get(name, seconds), seconds)
    total = sum(s for n, s in best.items() if not n.startswith("of which"))
    rate = f"{1e6 * total / words:.3f} ms/1000 words, {words / total:,.0f} words/s"
    print(f"{len(files)} files, {words:,} words; total {rate}")
    for name, seconds in best.items():
        print(f"{1e6 * seconds / words:8.3f}  {name}")


if __name__ == "__main__":
    main()
