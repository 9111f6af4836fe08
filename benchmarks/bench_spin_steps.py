"""Each step of issue 19's cheaper spin data flow switched on and off in one process: `Linter.lint_paths`
over a directory, CPU time.

    python benchmarks/bench_spin_steps.py DIR [DIR ...] [--rounds 7] [--select CL,CL102]
    python benchmarks/bench_spin_steps.py DIR [DIR ...] --parts [--rounds 7]

Steps: the rate's EM in one buffer (``em``: off is the plain EM, each round through
``signal._posteriors``), a batch's word streams and eligible words made once (``positions``: off makes
each document's own). "all off" and "all on" are measured too. Rounds alternate
the order of the sides; the best round of each is printed. The same code in the same process keeps the
load of a shared machine from falling on one side only, as it can between processes.

``--parts`` times each step's own code instead, on and off, on the documents' spaCy docs in batches of 32
(as ``Linter`` makes them): the positions of each batch and the EM of each document's scored words (no
phrasebook hits); per 1,000 tokens. A whole run hides steps of a few percent in
the load's noise; these show what each step saves where it works.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy

SUFFIXES = (".txt", ".md", ".html")


def _plain_rate(logits: Any, observed: int, fitted_rate: float, iterations: int = 50) -> float:
    """The EM before issue 19's change (the same floats: tests/test_spin_same_floats.py)."""
    from contentlint.spin import signal

    z = numpy.asarray(logits, dtype="float64")
    n = len(z) + observed
    if n == 0:
        return 0.0
    rate = fitted_rate
    for _ in range(iterations):
        expected = float(signal._posteriors(z, rate, fitted_rate).sum()) + observed
        new = min(max(expected / (n + signal.PRIOR_CLEAN - 1.0), 1e-4), 0.95)
        if abs(new - rate) < 1e-5:
            return new
        rate = new
    return rate


def _switches() -> dict[str, tuple[Any, str, Callable[..., Any], Callable[..., Any]]]:
    """step -> (module, attribute, on, off)."""
    from contentlint.spin import detector, signal

    def one_at_a_time(docs: Sequence[Any], index: Any, lm: Any) -> list[Any]:
        return [detector._positions(doc, index, lm, text) for doc, text in docs]

    return {
        "em": (signal, "estimate_rate", signal.estimate_rate, _plain_rate),
        "positions": (detector, "_positions_of_many", detector._positions_of_many, one_at_a_time),
    }


def _set(switches: dict[str, Any], on: set[str]) -> None:
    for name, (module, attribute, with_it, without) in switches.items():
        setattr(module, attribute, with_it if name in on else without)


def _parts(files: list[Path], rounds: int) -> None:
    """Each step's code alone, on and off, alternating, CPU time, best of ``rounds``."""
    from contentlint.formats import load_bytes
    from contentlint.nlp import get_nlp

    nlp = get_nlp()
    texts = [load_bytes(p.read_bytes(), str(p)).text for p in files]
    pairs = [(nlp(text), text) for text in texts]
    tokens = sum(len(doc) for doc, _ in pairs)
    print(f"load average before: {_load()}")
    for name, (on, off) in _part_steps(pairs).items():
        best = _best_of(on, off, rounds)
        per = [1e6 * b / tokens for b in best]
        print(f"{name:10} on {per[0]:.3f}, off {per[1]:.3f} ms per 1,000 tokens: {best[1] / best[0]:.2f}x")
    print(f"load average after: {_load()}")
    print(f"({len(files)} files, {tokens:,} tokens, best of {rounds})")


def _part_steps(pairs: list[tuple[Any, str]]) -> dict[str, tuple[Callable[[], Any], Callable[[], Any]]]:
    """step -> (its code on, its code off), over ``pairs`` in batches of 32."""
    from contentlint.spin import detector, signal
    from contentlint.spin.resources import language_model, thesaurus_index

    index, lm, weights = thesaurus_index(), language_model(), detector.load_weights()
    batches = [pairs[k : k + 32] for k in range(0, len(pairs), 32)]
    scored = [piece for batch in batches for piece in detector.score_documents(batch, index, lm, estimate=True)]
    logits = [weights.logits(items) for items in scored]
    return {
        "positions": (
            lambda: [detector._positions_of_many(b, index, lm) for b in batches],
            lambda: [[detector._positions(d, index, lm, t) for d, t in b] for b in batches],
        ),
        "em": (
            lambda: [signal.estimate_rate(z, 0, weights.rate) for z in logits],
            lambda: [_plain_rate(z, 0, weights.rate) for z in logits],
        ),
    }


def _best_of(on: Callable[[], Any], off: Callable[[], Any], rounds: int) -> list[float]:
    """The best CPU time of ``on`` and of ``off``, in alternating order."""
    best = [float("inf"), float("inf")]
    for n in range(rounds):
        for side in (0, 1) if n % 2 == 0 else (1, 0):
            started = time.process_time()
            (on if side == 0 else off)()
            best[side] = min(best[side], time.process_time() - started)
    return best


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _whole_runs(files: list[Path], rounds: int, select: str) -> None:
    """Whole ``Linter.lint_paths`` runs with each step on alone, all off and all on."""
    from contentlint.api import Linter
    from contentlint.config import Config

    data = [(str(p), p.read_bytes()) for p in files]
    linter = Linter(Config(select=tuple(select.split(","))) if select else Config())
    words = sum(r.words for r in linter.lint_paths(data))  # warm: resources, matchers, caches
    switches = _switches()
    every = set(switches)
    sides = {"all off": set(), **{f"only {name}": {name} for name in switches}, "all on": every}
    best = dict.fromkeys(sides, float("inf"))
    print(f"load average before: {_load()}")
    try:
        for n in range(rounds):
            for name in list(sides) if n % 2 == 0 else list(sides)[::-1]:
                _set(switches, sides[name])
                started = time.process_time()
                for _ in linter.lint_paths(data):
                    pass
                best[name] = min(best[name], time.process_time() - started)
    finally:
        _set(switches, every)
    print(f"load average after: {_load()}")
    for name, seconds in best.items():
        print(
            f"{name:14} CPU {seconds:.3f} s = {1e6 * seconds / words:.2f} ms per 1,000 words, "
            f"{best['all off'] / seconds:.3f}x all off ({len(files)} files, {words:,} words; best of {rounds})"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dirs", type=Path, nargs="+")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--select", default="", help="comma-separated rule codes (default: the default rules)")
    parser.add_argument("--parts", action="store_true", help="time each step's own code, not whole runs")
    args = parser.parse_args(argv)
    files = sorted(p for d in args.dirs if d.is_dir() for p in d.rglob("*") if p.suffix in SUFFIXES)
    if not files:
        raise SystemExit(f"bench_spin_steps: {', '.join(map(str, args.dirs))}: no .txt, .md or .html files")
    if args.parts:
        _parts(files, args.rounds)
    else:
        _whole_runs(files, args.rounds, args.select)


if __name__ == "__main__":
    main()
