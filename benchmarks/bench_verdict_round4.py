"""Each step of branch fastE (issue 19, round 4) against the form it replaced, in one process, interleaved: on a
loaded machine two processes run one after the other differ by more than these steps save, while two forms run
in turn on the same documents meet the same load.

    python benchmarks/bench_verdict_round4.py [--docs 300] [--dir DIR ...] [--rounds 7]

For every step, the former and the new form run over all documents in turn, ``--rounds`` times; the best
(process CPU time) of each is printed in ms per 1,000 words, with what both return checked to be equal (floats
to 1e-9 relative where a step may reorder float work). The former forms are kept here, as they were at 3d8d831.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_stages
import bench_verdict_claims_cpu
from bench_verdict_claims_steps import _contexts  # contexts with their token table and sentences made


@dataclass
class Step:
    name: str
    former: Callable[[Any], Any]
    new: Callable[[Any], Any]
    inputs: list[Any]  # one call of each form per input


# --- step 1: the verdict's log-odds, per document after take() -> per batch, rows kept by index -----------------


def former_log_odds(unit: tuple[list[Any], list[numpy.ndarray]]) -> list[tuple[numpy.ndarray, ...]]:
    from contentlint.spin.detector import load_weights
    from contentlint.spin.fluency import document_blind_logits, rate_logits

    weights = load_weights()
    out = []
    for candidates, keep in zip(*unit, strict=True):
        items = candidates.take(numpy.flatnonzero(keep))
        logits = weights.logits(items)
        out.append((logits, rate_logits(weights, items, logits), document_blind_logits(weights, items)))
    return out


def new_log_odds(unit: tuple[list[Any], list[numpy.ndarray]]) -> list[tuple[numpy.ndarray, ...]]:
    from contentlint.checks.spun import _Kept, _with_log_odds

    out = []
    for scored, keep in zip(_with_log_odds(unit[0]), unit[1], strict=True):
        kept = _Kept.of(scored, keep)
        out.append((kept.logits, kept.prior, kept.blind))
    return out


def _log_odds_inputs(items: list[tuple[Any, Any, dict[str, Any]]]) -> list[Any]:
    """Per batch of 32: the bare candidates of each document and the words no phrase-list hit covers."""
    from contentlint.checks.spun import SCORED_WORDS, _overlapping, _phrasebook_hits
    from contentlint.config import Config
    from contentlint.model import Context

    units = []
    for at in range(0, len(items), 32):
        candidates, keeps = [], []
        for document, doc, prepared in items[at : at + 32]:
            ctx = Context(document=document, doc=doc, config=Config(), _analyses=dict(prepared))
            scored = ctx.analysis(SCORED_WORDS)
            bare = getattr(scored, "candidates", scored)
            candidates.append(bare)
            keeps.append(~_overlapping(_phrasebook_hits(ctx), bare.start, bare.end))
        units.append((candidates, keeps))
    return units


# --- step 2: a candidate sentence scanned for claim phrases only where a document match overlaps it --------------


def _claims(contexts: list[Any]) -> list[list[tuple[str, int, int, str]]]:
    from contentlint.checks.claims import check_claims

    return [[(h.code, h.start, h.end, h.message) for h in check_claims(ctx)] for ctx in contexts]


def former_claims(contexts: list[Any]) -> list[list[tuple[str, int, int, str]]]:
    """The claims check with every candidate sentence scanned (no document spans kept: the gate is off)."""
    from contentlint.checks.claims import analysis

    kept = analysis._phrase_reach
    analysis._phrase_reach = lambda matches: None  # type: ignore[assignment,return-value]
    try:
        return _claims(contexts)
    finally:
        analysis._phrase_reach = kept


def former_detectors(contexts: list[Any]) -> list[list[tuple[str, int, int, str]]]:
    """The claims check with the phrase detectors run on every candidate sentence."""
    import contentlint.checks.claims as claims

    kept = claims._has_claim_phrase
    claims._has_claim_phrase = lambda view: True  # type: ignore[assignment]
    try:
        return _claims(contexts)
    finally:
        claims._has_claim_phrase = kept


# --- step 3: CL105's article scan, every "a"/"an" before a word -> only those that can be a seam ----------------


def _article_hits(texts: list[str], pattern: Any) -> list[list[tuple[int, int, str]]]:
    from contentlint.checks import spun_grammar

    lists = spun_grammar._lists()
    return [[(h.start, h.end, h.message) for h in spun_grammar._article_hits(t, lists, pattern)] for t in texts]


def former_articles(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    from contentlint.checks.spun_grammar import _ARTICLE

    return _article_hits(texts, _ARTICLE)


def new_articles(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    from contentlint.checks.spun_grammar import _ARTICLE_SEAM

    return _article_hits(texts, _ARTICLE_SEAM)


# --- step 5: the EM's rounds, a method call per round -> written out in one loop --------------------------------


def former_rates(calls: list[tuple[Any, ...]]) -> list[float]:
    from contentlint.spin.signal import PRIOR_CLEAN, _Posteriors

    out = []
    for logits, observed, fitted_rate in calls:
        z = numpy.asarray(logits, dtype="float64")
        n = len(z) + observed
        if n == 0:
            out.append(0.0)
            continue
        step = _Posteriors(z, fitted_rate)
        rate = fitted_rate
        for _ in range(50):
            expected = step.total(rate) + observed
            new = min(max(expected / (n + PRIOR_CLEAN - 1.0), 1e-4), 0.95)
            if abs(new - rate) < 1e-5:
                rate = new
                break
            rate = new
        out.append(rate)
    return out


def new_rates(calls: list[tuple[Any, ...]]) -> list[float]:
    from contentlint.spin.signal import estimate_rate

    return [estimate_rate(*call) for call in calls]


def _rate_calls(items: list[tuple[Any, Any, dict[str, Any]]]) -> list[tuple[Any, ...]]:
    """Every estimate_rate call of the documents' verdicts, as made."""
    from contentlint.checks.spun import SPIN
    from contentlint.config import Config
    from contentlint.model import Context
    from contentlint.spin import signal

    calls: list[tuple[Any, ...]] = []
    estimate = signal.estimate_rate

    def recorded(*args: Any) -> float:
        calls.append(args)
        return estimate(*args)

    signal.estimate_rate = recorded  # type: ignore[assignment]
    try:
        for document, doc, prepared in items:
            Context(document=document, doc=doc, config=Config(), _analyses=dict(prepared)).analysis(SPIN)
    finally:
        signal.estimate_rate = estimate
    return calls


# --- the harness ----------------------------------------------------------------------------------------------


def steps(items: list[tuple[Any, Any, dict[str, Any]]]) -> list[Step]:
    return [
        Step(
            "verdict log-odds (take + per document -> per batch)",
            former_log_odds,
            new_log_odds,
            _log_odds_inputs(items),
        ),
        Step(
            "claims check (phrase scan of every candidate sentence -> gated)",
            former_claims,
            _claims,
            [_contexts(items)],
        ),
        Step(
            "claims check (phrase detectors on every candidate sentence -> with a phrase only)",
            former_detectors,
            _claims,
            [_contexts(items)],
        ),
        Step("spin EM (a method call per round -> one loop)", former_rates, new_rates, [_rate_calls(items)]),
        Step(
            "CL105 article scan (every article -> seams only)",
            former_articles,
            new_articles,
            [[document.text for document, _, _ in items]],
        ),
    ]


def _close(a: Any, b: Any) -> bool:
    """Equal, floats within 1e-9 relative (see compare_dumps.py)."""
    if isinstance(a, (list, tuple)):
        return (
            isinstance(b, (list, tuple)) and len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
        )
    if isinstance(a, (numpy.ndarray, float)):
        x, y = numpy.asarray(a, dtype="float64"), numpy.asarray(b, dtype="float64")
        return x.shape == y.shape and bool(numpy.all(numpy.abs(x - y) <= 1e-9 * numpy.maximum(1.0, numpy.abs(x))))
    return bool(a == b)


def _timed(form: Callable[[Any], Any], inputs: list[Any]) -> tuple[float, list[Any]]:
    start = time.process_time()
    out = [form(x) for x in inputs]
    return time.process_time() - start, out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--dir", type=Path, nargs="*", default=[])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = bench_stages.chosen_files(args.dir, args.docs, Path(tmp))
        items, words = bench_verdict_claims_cpu._prepared(files)
    print(f"{len(files)} files, {words:,} words; ms of CPU per 1,000 words, best of {args.rounds}")
    for step in steps(items):
        best = {"former": float("inf"), "new": float("inf")}
        for _ in range(args.rounds):
            spent_a, a = _timed(step.former, step.inputs)
            spent_b, b = _timed(step.new, step.inputs)
            if not _close(a, b):
                raise SystemExit(f"{step.name}: the two forms differ")
            best["former"], best["new"] = min(best["former"], spent_a), min(best["new"], spent_b)
        former, new = (1e6 * best[k] / words for k in ("former", "new"))
        print(f"{former:8.3f} -> {new:8.3f}  {step.name}")


if __name__ == "__main__":
    main()
