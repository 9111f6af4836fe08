"""CPU time of the document spin verdict (``analysis: spin``) and of the claims check, alone, on documents
whose shared inputs (the spaCy Doc, the batch's scored words, the token table, the sentence bounds) are
made before the clock starts: a step that changes only these two is measured without the rest's noise.

    python benchmarks/bench_verdict_claims_cpu.py [--docs 300] [--dir DIR ...] [--rounds 5] [--profile OUT]

Run it with ``PYTHONPATH=OTHER_CHECKOUT`` to time another commit's code on the same files (the generated
articles are the same for the same ``--docs``). Process CPU time (``time.process_time``), best of
``--rounds`` per part, in ms per 1,000 words.
"""

from __future__ import annotations

import argparse
import cProfile
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_stages


def _prepared(files: list[Path]) -> tuple[list[tuple[Any, Any, dict[str, Any]]], int]:
    """(document, doc, batch analyses) per file, and the words linted."""
    from contentlint import api
    from contentlint.api import Linter, _words
    from contentlint.config import Config
    from contentlint.formats import load_bytes
    from contentlint.nlp import get_nlp

    config = Config()
    linter = Linter(config)
    list(linter.lint_documents([load_bytes(files[0].read_bytes(), str(files[0]))]))  # tables, matchers
    nlp = get_nlp(config.model)
    out, words = [], 0
    for at in range(0, len(files), 32):
        documents = [load_bytes(p.read_bytes(), str(p)) for p in files[at : at + 32]]
        docs = list(nlp.pipe(d.text for d in documents))
        prepared = api._batch_analyses([(d, config) for d in documents], dict(enumerate(docs)))
        for k, (document, doc) in enumerate(zip(documents, docs, strict=True)):
            out.append((document, doc, prepared.get(k, {})))
            words += _words(doc)
    return out, words


def _round(items: list[tuple[Any, Any, dict[str, Any]]]) -> dict[str, float]:
    """One pass: the verdict and the claims check of every document, each on its own clock."""
    from contentlint.checks.claims import check_claims
    from contentlint.checks.spun import SPIN
    from contentlint.checks.tokens import token_table
    from contentlint.config import Config
    from contentlint.model import Context

    config = Config()
    spent = {"analysis: spin": 0.0, "check: claims": 0.0}
    clock = time.process_time
    for document, doc, prepared in items:
        ctx = Context(document=document, doc=doc, config=config, _analyses=dict(prepared))
        token_table(ctx)
        ctx.sentences  # noqa: B018  (made before the clock: other checks share it)
        t0 = clock()
        ctx.analysis(SPIN)
        t1 = clock()
        list(check_claims(ctx))
        t2 = clock()
        spent["analysis: spin"] += t1 - t0
        spent["check: claims"] += t2 - t1
    return spent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--dir", type=Path, nargs="*", default=[])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = bench_stages.chosen_files(args.dir, args.docs, Path(tmp))
        items, words = _prepared(files)
    _round(items)  # warm: first uses of lazily built tables
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        _round(items)
        profiler.disable()
        profiler.dump_stats(str(args.profile))
        return
    best: dict[str, float] = {}
    for _ in range(args.rounds):
        for name, seconds in _round(items).items():
            best[name] = min(best.get(name, seconds), seconds)
    print(f"{len(files)} files, {words:,} words; ms of CPU per 1,000 words, best of {args.rounds}")
    for name, seconds in best.items():
        print(f"{1e6 * seconds / words:8.3f}  {name}")


if __name__ == "__main__":
    main()
