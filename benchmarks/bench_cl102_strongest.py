"""The verdict's strongest words with CL102's findings selected (``--select CL,CL102``): judged again by
themselves (the former form) or taken from CL102's own judgement of them (this branch), interleaved in one
process, ``analysis: spin`` in ms of CPU per 1,000 words (best of ``--rounds``).

    python benchmarks/bench_cl102_strongest.py [--docs 300] [--dir DIR ...] [--rounds 6]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_stages
import bench_verdict_claims_cpu


def main() -> None:
    from contentlint.checks import spun
    from contentlint.checks.tokens import token_table
    from contentlint.config import Config
    from contentlint.model import Context

    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--dir", type=Path, nargs="*", default=[])
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = bench_stages.chosen_files(args.dir, args.docs, Path(tmp))
        items, words = bench_verdict_claims_cpu._prepared(files)
    config = Config(select=("CL", "CL102"))
    shared = spun._strongest

    def again(found: Any, probs: Any, weights: Any, _: Any = None, n: int = 3) -> tuple[str, ...]:
        return shared(found, probs, weights, None, n)  # every strongest word judged by itself, as before

    best = {"judged again": float("inf"), "CL102's judgement": float("inf")}
    for _ in range(args.rounds):
        for label, form in (("judged again", again), ("CL102's judgement", shared)):
            spun._strongest = form  # type: ignore[assignment]
            start = time.process_time()
            for document, doc, prepared in items:
                ctx = Context(document=document, doc=doc, config=config, _analyses=dict(prepared))
                token_table(ctx)
                ctx.analysis(spun.SPIN)
            best[label] = min(best[label], time.process_time() - start)
    spun._strongest = shared
    print(f"{len(files)} files, {words:,} words; analysis: spin with --select CL,CL102, ms of CPU per 1,000 words")
    for label, seconds in best.items():
        print(f"{1e6 * seconds / words:8.3f}  {label}")


if __name__ == "__main__":
    main()
