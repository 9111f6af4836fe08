"""Each step of branch fastB (issue 19) against the form it replaced, in one process, interleaved: on a loaded
machine the CPU time of two processes run one after the other differs by more than these steps save, while
two forms run in turn on the same documents meet the same load.

    python benchmarks/bench_verdict_claims_steps.py [--docs 300] [--dir DIR ...] [--rounds 7]

For every step, the former and the new form run over all documents in turn, ``--rounds`` times; the best
(process CPU time) of each is printed in ms per 1,000 words, with what both return checked to be equal.
The former forms are kept here, as they were at 4190a9f.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_stages
import bench_verdict_claims_cpu

# --- former forms ---------------------------------------------------------------------------------------------


def former_total(negated: numpy.ndarray, buf: numpy.ndarray, shift: float) -> float:
    numpy.subtract(negated, shift, out=buf)
    numpy.maximum(buf, -30.0, out=buf)
    numpy.minimum(buf, 30.0, out=buf)
    numpy.exp(buf, out=buf)
    numpy.add(buf, 1.0, out=buf)
    numpy.divide(1.0, buf, out=buf)
    return float(buf.sum())


def former_rate(z: numpy.ndarray, observed: int, fitted_rate: float) -> float:
    from contentlint.spin.signal import PRIOR_CLEAN, _logit

    n = len(z) + observed
    if n == 0:
        return 0.0
    negated, buf, fitted = -z, numpy.empty_like(z), _logit(fitted_rate)
    rate = fitted_rate
    for _ in range(50):
        expected = former_total(negated, buf, _logit(rate) - fitted) + observed
        new = min(max(expected / (n + PRIOR_CLEAN - 1.0), 1e-4), 0.95)
        if abs(new - rate) < 1e-5:
            return new
        rate = new
    return rate


def _former_bits(values: numpy.ndarray, table: numpy.ndarray, bits: numpy.ndarray) -> numpy.ndarray:
    at = numpy.searchsorted(table, values).clip(max=len(table) - 1)
    return numpy.where(table[at] == values, bits[at], 0)


def former_classes_and_verbs(ctx: Any, lex: Any, tables: Any) -> tuple[str, list[int]]:
    """The document class (two look-ups, a count per class) and the verb tokens (a third look-up)."""
    from contentlint.checks.claims.analysis import _CLASS_ORDER
    from contentlint.checks.claims.severity import ProductClass
    from contentlint.checks.tokens import LOWER_LEMMA_IDX_LENGTH, token_table

    arrays = token_table(ctx)[:, LOWER_LEMMA_IDX_LENGTH]
    classes, table, bits, verbs = tables
    cues = _former_bits(arrays[:, 0], table, bits) | _former_bits(arrays[:, 1], table, bits)
    counts = {cls: int(((cues >> classes.index(cls.value)) & 1).sum()) for cls in _CLASS_ORDER}
    at = numpy.searchsorted(verbs, arrays[:, 1]).clip(max=len(verbs) - 1)
    verb_tokens = numpy.flatnonzero(verbs[at] == arrays[:, 1]).tolist()
    if not any(counts.values()):
        return ProductClass.UNKNOWN.value, verb_tokens
    return max(_CLASS_ORDER, key=lambda c: (counts[c], -_CLASS_ORDER.index(c))).value, verb_tokens


def former_tables(lex: Any) -> tuple[tuple[str, ...], numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    from spacy.strings import hash_string  # type: ignore[attr-defined]

    classes = tuple(sorted(lex.products))
    bits: dict[int, int] = {}
    for i, cls in enumerate(classes):
        for word in lex.products[cls]:
            bits[hash_string(word)] = bits.get(hash_string(word), 0) | (1 << i)
    keys = sorted(bits)
    verbs = numpy.array(sorted(hash_string(w) for w in lex.verbs), dtype="uint64")
    return classes, numpy.array(keys, dtype="uint64"), numpy.array([bits[k] for k in keys], dtype="uint8"), verbs


def new_classes_and_verbs(ctx: Any, lex: Any) -> tuple[str, list[int]]:
    from contentlint.checks.claims.analysis import _cues, _document_class
    from contentlint.checks.tokens import LOWER_LEMMA_IDX_LENGTH, token_table

    cues, verbs = _cues(token_table(ctx)[:, LOWER_LEMMA_IDX_LENGTH], lex.cue_table)
    return _document_class(cues, lex.cue_table).value, verbs.tolist()


_NUMBER_ABBREVIATION = re.compile(r"\b(?:no|nos|vs|approx)\.\s*$", re.IGNORECASE)


# --- the steps ------------------------------------------------------------------------------------------------


class Step:
    """A step's two forms, each a function of one document's inputs."""

    def __init__(self, name: str, former: Callable[[Any], Any], new: Callable[[Any], Any]) -> None:
        self.name, self.former, self.new = name, former, new
        self.best = {"former": float("inf"), "new": float("inf")}

    def run(self, inputs: list[Any]) -> None:
        for label, form in (("former", self.former), ("new", self.new)):
            start = time.process_time()
            for x in inputs:
                form(x)
            self.best[label] = min(self.best[label], time.process_time() - start)

    def check(self, inputs: list[Any]) -> None:
        for x in inputs:
            a, b = self.former(x), self.new(x)
            if a != b:
                raise SystemExit(f"{self.name}: the forms differ ({a!r} against {b!r})")


def _contexts(items: list[tuple[Any, Any, dict[str, Any]]]) -> list[Any]:
    from contentlint.checks.tokens import token_table
    from contentlint.config import Config
    from contentlint.model import Context

    out = []
    for document, doc, prepared in items:
        ctx = Context(document=document, doc=doc, config=Config(), _analyses=dict(prepared))
        token_table(ctx)
        ctx.sentences  # noqa: B018  (made once, outside the clocks)
        out.append(ctx)
    return out


def _rate_inputs(contexts: list[Any]) -> list[tuple[numpy.ndarray, int, float]]:
    from contentlint.checks.spun import SCORED_WORDS
    from contentlint.spin.detector import load_weights
    from contentlint.spin.fluency import rate_logits

    weights = load_weights()
    # (the bare candidates: SCORED_WORDS now carries their log-odds too)
    return [(rate_logits(weights, c.analysis(SCORED_WORDS).candidates), 0, weights.rate) for c in contexts]


def _views(contexts: list[Any]) -> list[tuple[Any, Any]]:
    from contentlint.checks.claims.analysis import document_view, sentences
    from contentlint.checks.claims.lexicon import lexicon

    return [(dv, view) for c in contexts for dv in [document_view(c, lexicon())] for view in sentences(dv)]


def steps(contexts: list[Any]) -> list[tuple[Step, list[Any]]]:
    from contentlint.checks import boilerplate, spun, spun_grammar
    from contentlint.checks.claims import analysis
    from contentlint.checks.claims.lexicon import lexicon
    from contentlint.spin.signal import estimate_rate

    lex = lexicon()
    tables = former_tables(lex)
    strings = contexts[0].doc.vocab.strings
    views = _views(contexts)
    spans = [(dv, v.tokens) for dv, v in views]
    sentences = [v.text for _, v in views]
    texts = [c.text for c in contexts]
    lists = spun_grammar._lists()
    ungated = __import__("dataclasses").replace(lists, turned_tail=re.compile(""))

    def bylines_twice(ctx: Any) -> tuple[Any, bool]:
        return tuple(boilerplate.spun_bylines(ctx)), any(True for _ in boilerplate.spun_bylines(ctx))

    def bylines_once(ctx: Any) -> tuple[Any, bool]:
        found = spun._spun_bylines(ctx)
        return found, bool(found)

    def turned(lists_: Any) -> Callable[[str], list[tuple[int, int]]]:
        return lambda text: [(h.start, h.end) for h in spun_grammar._turned_hits(text, lists_)]

    return [
        (Step("1 EM rounds", lambda a: former_rate(*a), lambda a: estimate_rate(*a)), _rate_inputs(contexts)),
        (
            Step(
                "2 class and verb tokens",
                lambda c: former_classes_and_verbs(c, lex, tables),
                lambda c: new_classes_and_verbs(c, lex),
            ),
            contexts,
        ),
        (
            Step(
                "2 sentence classes",
                lambda dv_v: _former_sentence_class(dv_v[1].words, lex, dv_v[0].product),
                lambda dv_v: analysis.sentence_class(dv_v[0], *dv_v[1].tokens),
            ),
            views,
        ),
        (
            Step(
                "3 sentence words",
                lambda s: _former_words(s[0], *s[1], strings),
                lambda s: s[0].words(*s[1]),
            ),
            spans,
        ),
        (Step("4 spun bylines", bylines_twice, bylines_once), contexts),
        (Step("4 CL105 turned possessives", turned(ungated), turned(lists)), texts),
        (
            Step(
                "5 'No.' at a sentence's end",
                lambda s: _NUMBER_ABBREVIATION.search(s) is not None,
                analysis._cut_after_abbreviation,
            ),
            sentences,
        ),
        (Step("6 phrasebook hit offsets", _former_phrasebook_offsets, _new_phrasebook_offsets), contexts),
    ]


def _former_sentence_class(words: list[tuple[str, str]], lex: Any, default: Any) -> Any:
    from contentlint.checks.claims.analysis import _CLASS_ORDER

    present = {w for pair in words for w in pair}
    return next((c for c in _CLASS_ORDER if not present.isdisjoint(lex.products[c.value])), default)


def _former_words(dv: Any, t0: int, t1: int, strings: Any) -> list[tuple[str, str]]:
    hashes = dv.arrays[t0:t1, :2].ravel().tolist()
    names = cast(list[str], list(map(strings.__getitem__, hashes)))
    return list(zip(names[::2], names[1::2], strict=True))


def _phrasebook_matches(ctx: Any) -> list[tuple[int, int, str]]:
    from contentlint.checks import spun

    memo = ctx._analyses.setdefault("bench-phrasebook-matches", [])
    if not memo:
        memo.append(spun._matches(ctx, spun._phrasebook(ctx.config.model, spun.PHRASEBOOK, spun.MINED)))
    return memo[0]  # type: ignore[no-any-return]


def _former_phrasebook_offsets(ctx: Any) -> list[tuple[int, int, int | None]]:
    from contentlint.checks.tokens import IDX_LENGTH, token_table

    matches = _phrasebook_matches(ctx)
    if not matches:
        return []
    idx, length = token_table(ctx)[:, IDX_LENGTH].T.tolist()
    return [(idx[s], idx[e - 1] + length[e - 1], idx[s - 1] if s > 0 else None) for s, e, _ in matches]


def _new_phrasebook_offsets(ctx: Any) -> list[tuple[int, int, int | None]]:
    from contentlint.checks.tokens import IDX_LENGTH, token_table

    matches = _phrasebook_matches(ctx)
    if not matches:
        return []
    needed = sorted({k for start, end, _ in matches for k in (start - 1, start, end - 1) if k >= 0})
    offsets = dict(zip(needed, token_table(ctx)[needed][:, IDX_LENGTH].tolist(), strict=True))
    return [(offsets[s][0], sum(offsets[e - 1]), offsets[s - 1][0] if s > 0 else None) for s, e, _ in matches]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--dir", type=Path, nargs="*", default=[])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = bench_stages.chosen_files(args.dir, args.docs, Path(tmp))
        items, words = bench_verdict_claims_cpu._prepared(files)
    contexts = _contexts(items)
    table = steps(contexts)
    for step, inputs in table:
        step.check(inputs)
    for _ in range(args.rounds):
        for step, inputs in table:
            step.run(inputs)
    print(f"{len(files)} files, {words:,} words; ms of CPU per 1,000 words, best of {args.rounds}, interleaved")
    print(f"{'step':40} {'former':>8} {'new':>8} {'saved':>8}")
    for step, _ in table:
        former, new = (1e6 * step.best[k] / words for k in ("former", "new"))
        print(f"{step.name:40} {former:8.3f} {new:8.3f} {former - new:8.3f}")


if __name__ == "__main__":
    main()
