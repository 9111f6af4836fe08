"""CPU time (``time.process_time``) of the parts of the stages outside the spin detector and the claims:
markup extraction by format, the spaCy tokenizer and the rest of ``nlp.pipe``, each links check and the
phrase scan they share, boilerplate, readability's parts, the findings and the JSON output. Finer than
``bench_cpu_stages.py``, for finding which part of a stage to attack.

    python benchmarks/bench_parts.py [--docs 500] [--dir DIR ...] [--rounds 3] [--only PREFIX]

Each part is timed over all the documents, ``--rounds`` times, best kept; ms per 1,000 words of the whole
set. Run it with ``PYTHONPATH=OTHER_CHECKOUT`` to time another commit's code on the same files.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_stages


def _best(rounds: int, run: Callable[[], Any]) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def _each(items: Iterable[Any], fn: Callable[[Any], Any]) -> Callable[[], None]:
    items = list(items)

    def run() -> None:
        for item in items:
            result = fn(item)
            if hasattr(result, "__next__"):
                for _ in result:
                    pass

    return run


def _contexts(files: list[Path]) -> tuple[list[Any], list[Any], list[bytes], list[Any]]:
    from contentlint.config import Config
    from contentlint.formats import load_bytes
    from contentlint.model import Context
    from contentlint.nlp import get_nlp

    config = Config()
    data = [p.read_bytes() for p in files]
    documents = [load_bytes(d, str(p)) for d, p in zip(data, files, strict=True)]
    docs = list(get_nlp(config.model).pipe(d.text for d in documents))
    contexts = [Context(document=d, doc=doc, config=config) for d, doc in zip(documents, docs, strict=True)]
    return documents, docs, data, contexts


def _fresh(contexts: list[Any]) -> list[Any]:
    """The contexts again, without the analyses computed on them (each part starts from nothing)."""
    from contentlint.model import Context

    return [Context(document=c.document, doc=c.doc, config=c.config) for c in contexts]


def parts(files: list[Path]) -> dict[str, Callable[[], None]]:
    from contentlint.api import Linter
    from contentlint.checks import ALL_CHECKS, boilerplate, links, readability
    from contentlint.formats import load_bytes
    from contentlint.nlp import get_nlp
    from contentlint.output import RenderContext, stream

    documents, _docs, data, contexts = _contexts(files)
    linter = Linter(contexts[0].config)
    nlp = get_nlp(contexts[0].config.model)
    out: dict[str, Callable[[], None]] = {}
    for fmt, suffix in (("text", ".txt"), ("markdown", ".md"), ("html", ".html")):
        pairs = [(d, str(p)) for d, p in zip(data, files, strict=True) if p.suffix == suffix]
        out[f"load_bytes {fmt} ({len(pairs)} files)"] = _each(pairs, lambda pair: load_bytes(*pair))
    texts = [d.text for d in documents]
    out["tokenizer alone"] = _each(texts, nlp.tokenizer)
    out["nlp.pipe (batches of 32)"] = lambda: [list(nlp.pipe(texts[i : i + 32])) for i in range(0, len(texts), 32)]
    for check in ALL_CHECKS:
        module = check.run.__module__
        if module.endswith((".links", ".boilerplate", ".readability")):
            run = check.run
            out[f"{module.rsplit('.', 1)[1]}: {run.__name__}"] = lambda run=run: _each(_fresh(contexts), run)()
    out["links: phrase scan"] = _each(contexts, links._phrase_matches)
    out["readability: measure (prose)"] = _each(contexts, lambda c: readability.measure(readability.prose(c)))
    prose = [readability.prose(c) for c in contexts]
    out["readability: words and syllables"] = _each(prose, readability._words_and_syllables)
    out["readability: sentence count"] = _each(prose, readability._sentence_count)
    out["boilerplate: all"] = _each(contexts, lambda c: [list(ch.run(c)) for ch in boilerplate.CHECKS])
    reports = list(linter.lint_documents(documents))
    config = contexts[0].config
    hits = [[h for check in ALL_CHECKS for h in check.run(c)] for c in _fresh(contexts)]
    pairs = list(zip(documents, hits, strict=True))
    out["findings (_findings)"] = _each(pairs, lambda pair: linter._findings(pair[0], pair[1], config))
    out["output (JSON) file()"] = _each(reports, stream("json", RenderContext()).file)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=0)
    parser.add_argument("--dir", type=Path, nargs="*", default=[])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = bench_stages.chosen_files(args.dir, args.docs, Path(tmp))
        from contentlint.formats import load_bytes
        from contentlint.nlp import get_nlp

        words = sum(len(get_nlp()(load_bytes(p.read_bytes(), str(p)).text)) for p in files)  # tokens, for scale
        print(f"{len(files)} files, {words:,} tokens; ms of CPU per 1,000 tokens, best of {args.rounds}")
        for name, run in parts(files).items():
            if name.startswith(args.only):
                print(f"{1e6 * _best(args.rounds, run) / words:8.3f}  {name}")


if __name__ == "__main__":
    main()
