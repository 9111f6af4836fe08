"""Where the time of `contentlint check` and `contentlint audit` goes, stage by stage, per 1,000 words and
per document, so that a regression can be traced to its stage and compared between commits.

    python benchmarks/bench_stages.py [--docs 200] [--dir DIR] [--json PATH] [--no-proselint] [--no-audit]
                                      [--baseline OTHER_CHECKOUT [--rounds 2]]

Stages of `check` (default rules, one process): reading and decoding the files, markup extraction
(Markdown/HTML to text with an offset map), spaCy tokenisation (``nlp.pipe``), each analysis several
rules share (the spin evidence, readability, ...) and each check module, the findings (source spans,
suppressions, overlaps), the score, and the JSON output. The statistical detector alone
(``spin.detector.candidates`` and the word log-odds, which the spin analysis runs) is timed again on the
same documents as an "of which" row. Stages of `audit` (one process): read and extract, lint with
the MinHash sketches, of which the sketches, storing in SQLite, and the archive analysis.

The documents are generated (the articles of ``bench_check.make_corpus``, a third each written as
text, Markdown and HTML) or, with ``--dir``, the files of a directory. With proselint installed (the
``dev`` extra), ``proselint check`` and ``contentlint check`` run on the same files as whole processes,
one after the other. The JSON (``--json``) names the machine, its load, the commit and the versions.
On a loaded machine only ratios of stages measured in one run mean anything: ``--baseline DIR`` (a
checkout of another commit, e.g. ``git archive main | tar -x -C DIR``) times that checkout's stages
right before this one's, on the same files, and prints the two side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import make_corpus

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = (".txt", ".md", ".html")


@dataclass
class Stages:
    """Seconds per stage, in the order the stages first ran."""

    seconds: dict[str, float] = field(default_factory=dict)
    inside: set[str] = field(default_factory=set)  # "of which" rows: part of another stage, not summed

    @contextmanager
    def clock(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start

    def rows(self, docs: int, words: int) -> list[dict[str, Any]]:
        total = sum(s for n, s in self.seconds.items() if n not in self.inside)
        return [
            {
                "stage": name,
                "seconds": round(s, 4),
                "ms_per_doc": round(1000 * s / max(docs, 1), 4),
                "ms_per_1000_words": round(1e6 * s / max(words, 1), 4),
                "share": round(s / total, 4) if total else 0.0,
                "of_which": name in self.inside,
            }
            for name, s in self.seconds.items()
        ]


def write_corpus(directory: Path, docs: int, seed: int) -> list[Path]:
    """Generated articles as .txt, .md and .html files, in turn."""
    texts = make_corpus(docs, seed, [ROOT / "samples", ROOT / "training" / "clean"])
    out = []
    for i, text in enumerate(texts):
        suffix = SUFFIXES[i % 3]
        title, _, body = text.partition("\n\n")
        paragraphs = [p for p in body.split("\n\n") if p.strip()]
        if suffix == ".md":
            text = f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n"
        elif suffix == ".html":
            inner = "".join(f"<p>{_escape(p)}</p>\n" for p in paragraphs)
            text = f"<html><body><h1>{_escape(title)}</h1>\n{inner}</body></html>\n"
        path = directory / f"article-{i:05d}{suffix}"
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def corpus_files(directory: Path) -> list[Path]:
    files = sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix in SUFFIXES)
    if not files:
        raise SystemExit(f"bench_stages: {directory}: no .txt, .md or .html files")
    return files


def chosen_files(dirs: list[Path], docs: int, scratch: Path, seed: int = 7) -> list[Path]:
    """The files of ``dirs`` and then ``docs`` generated articles written to ``scratch`` (the usual
    ``--dir``/``--docs`` choice of the CPU benchmarks)."""
    files = [f for directory in dirs for f in corpus_files(directory)]
    if docs:
        files.extend(write_corpus(scratch, docs, seed))
    return files


def check_stages(files: list[Path], batch_size: int = 32) -> tuple[Stages, int]:
    """Run the default rules over ``files`` as ``Linter.lint_documents`` does, each stage on the clock."""
    from contentlint.api import Linter
    from contentlint.config import Config
    from contentlint.formats import load_bytes
    from contentlint.nlp import get_nlp
    from contentlint.output import RenderContext, stream

    config = Config()
    linter = Linter(config)
    list(linter.lint_documents([load_bytes(files[0].read_bytes(), str(files[0]))]))  # resources, matchers
    stages, words = Stages(), 0
    out = stream("json", RenderContext())
    nlp = get_nlp(config.model)
    for at in range(0, len(files), batch_size):
        batch = files[at : at + batch_size]
        with stages.clock("read and decode"):
            data = [p.read_bytes() for p in batch]
        with stages.clock("markup extraction (load_bytes)"):
            documents = [load_bytes(d, str(p)) for d, p in zip(data, batch, strict=True)]
        with stages.clock("spaCy tokenisation (nlp.pipe)"):
            docs = list(nlp.pipe(d.text for d in documents))
        prepared = _batch_analyses(documents, docs, config, stages)
        for k, (document, doc) in enumerate(zip(documents, docs, strict=True)):
            report = _lint_in_stages(linter, document, doc, config, stages, prepared.get(k, {}))
            words += report.words
            with stages.clock("output (JSON)"):
                out.file(report)
        if config.is_enabled("CL102"):
            _detector_alone(list(zip(docs, (d.text for d in documents), strict=True)), stages)
    return stages, words


def _batch_analyses(documents: list[Any], docs: list[Any], config: Any, stages: Stages) -> dict[int, dict[str, Any]]:
    """The analyses ``Linter`` computes for a whole batch (the detector's candidates), on their own clock;
    none in a checkout from before the batches (a --baseline), whose spin analysis scores each document."""
    from contentlint import api

    batch_analyses = getattr(api, "_batch_analyses", None)
    if batch_analyses is None:
        return {}
    with stages.clock("analysis: scored-words (one call per batch)"):
        prepared: dict[int, dict[str, Any]] = batch_analyses([(d, config) for d in documents], dict(enumerate(docs)))
    return prepared


def _lint_in_stages(linter: Any, document: Any, doc: Any, config: Any, stages: Stages, prepared: Any) -> Any:
    """``Linter.lint_document`` with a clock on each analysis, check module, the findings and the score."""
    from contentlint import suppress
    from contentlint.api import _enabled, _without_shadowed, _words
    from contentlint.checks import ALL_CHECKS
    from contentlint.model import Context, FileReport
    from contentlint.score import score

    ctx = Context(document=document, doc=doc, config=config, _analyses=dict(prepared))
    hits, ran = [], []
    for check in ALL_CHECKS:
        codes = {code for code in check.codes if _enabled(config, code)}
        if not codes:
            continue
        ran.append(check)
        for analysis in check.analyses:
            with stages.clock(f"analysis: {analysis.name}"):
                ctx.analysis(analysis)
        with stages.clock(f"check: {check.run.__module__.removeprefix('contentlint.checks.')}"):
            hits.extend(h for h in check.run(ctx) if h.code in codes)
    with stages.clock("findings (source spans, suppressions, overlaps)"):
        findings, _ = suppress.apply(document, _without_shadowed(linter._findings(document, hits, config)))
        words = _words(doc)
        reported = ctx.reported(a for check in ran for a in check.analyses)
    with stages.clock("score"):
        value = score(findings, words, spin=reported.get("spin"))
    return FileReport(document.path, findings, words, value, reported.get("readability"), reported.get("spin"))


def _detector_alone(pairs: list[tuple[Any, str]], stages: Stages) -> None:
    """The statistical detector's share of the spin analysis: a batch's candidates (one call for the batch
    where the checkout has ``score_documents``, else one per document) and their log-odds, again."""
    from contentlint.spin import detector
    from contentlint.spin.resources import language_model, thesaurus_index

    name = "of which: statistical detector (candidates, log-odds)"
    lookups = "of which: language-model look-ups (LanguageModel.scores)"
    stages.inside.update((name, lookups))
    stages.seconds.setdefault(name, 0.0)  # listed before its part
    lm, index = language_model(), thesaurus_index()
    # Every look-up entry point the checkout has (newer ones find a window's shared bigrams themselves).
    timed = [n for n in ("scores", "scores_given", "bigram_entries", "unigram_scores") if hasattr(lm, n)]

    def timer(method: Any) -> Any:
        def timed_call(*args: Any) -> Any:
            with stages.clock(lookups):
                return method(*args)

        return timed_call

    for method_name in timed:  # this instance only, for the detector's re-run
        setattr(lm, method_name, timer(getattr(lm, method_name)))
    try:
        with stages.clock(name):
            for found in _detector_batch(detector, pairs, index, lm):
                detector.load_weights().logits(found)
    finally:
        for method_name in timed:
            delattr(lm, method_name)


def _detector_batch(detector: Any, pairs: list[tuple[Any, str]], index: Any, lm: Any) -> list[Any]:
    """The candidates of a batch as the checkout computes them (older checkouts: one document at a time; the
    oldest have only the per-word iterator)."""
    if hasattr(detector, "score_documents") and len(pairs) > 1:
        return detector.score_documents(pairs, index, lm, estimate=True)  # type: ignore[no-any-return]
    if hasattr(detector, "score_words"):
        return [detector.score_words(doc, index, lm, text, estimate=True) for doc, text in pairs]
    return [list(detector.candidates(doc, index, lm, text, estimate=True)) for doc, text in pairs]


def whole_check(files: list[Path], explain: bool = True) -> tuple[float, int]:
    """The same files through ``Linter.lint_documents`` with no clocks: the stages' overhead shows.

    ``explain``: judge the spin verdict's strongest words, as the JSON output does (``Context.explain``). The
    default ``contentlint check`` (text output), SARIF, GitHub and JUnit output do not; checkouts older than
    that switch always judge them."""
    from contentlint.api import Linter
    from contentlint.config import Config
    from contentlint.formats import load_bytes

    linter = Linter(Config())
    if hasattr(linter, "explain"):
        linter.explain = explain
    start = time.perf_counter()
    words = sum(r.words for r in linter.lint_documents(load_bytes(p.read_bytes(), str(p)) for p in files))
    return time.perf_counter() - start, words


def audit_stages(files: list[Path], tmp: Path) -> Stages:
    """One process doing an audit's work: prepare, lint and sketch, store, analyse."""
    from contentlint.audit.analysis import analyse
    from contentlint.audit.sources import Item, prepare
    from contentlint.audit.store import Store
    from contentlint.audit.worker import audit_item, sketches

    stages = Stages()
    audit_item(Item("bench", str(files[0]), files[0].read_text(encoding="utf-8"), "text"))  # warm
    results = []
    for p in files:
        with stages.clock("audit: read and extract (prepare)"):
            item = prepare(Item("bench", str(p), "", "text", path=str(p)))
        with stages.clock("audit: lint and sketch (audit_item)"):
            results.append(audit_item(item))
        stages.inside.add("audit: of which MinHash sketches")
        with stages.clock("audit: of which MinHash sketches"):
            sketches(item.text)
    store = Store(tmp / "stages.sqlite")
    try:
        with stages.clock("audit: store (SQLite)"):
            store.save_many(results)
        with stages.clock("audit: archive analysis"):
            analyse(store)
    finally:
        store.close()
    return stages


def proselint_side_by_side(files: list[Path]) -> dict[str, float] | None:
    """``proselint check`` and ``contentlint check`` on the same files, whole processes, one after the other."""
    exe = shutil.which("proselint", path=str(Path(sys.executable).parent)) or shutil.which("proselint")
    if exe is None:
        return None
    names = [str(p) for p in files]
    timings = {}
    # JSON output from both (comparable with earlier results), then each tool's default (text) output.
    for label, command in (
        ("contentlint", [sys.executable, "-m", "contentlint", "check", "--format", "json", "--exit-zero", *names]),
        ("proselint", [exe, "--output-format", "json", "check", *names]),
        ("contentlint_text", [sys.executable, "-m", "contentlint", "check", "--exit-zero", *names]),
        ("proselint_text", [exe, "check", *names]),
    ):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        timings[label] = round(time.perf_counter() - start, 3)
    timings["ratio"] = round(timings["contentlint"] / timings["proselint"], 3)
    timings["ratio_text"] = round(timings["contentlint_text"] / timings["proselint_text"], 3)
    return timings


def machine() -> dict[str, Any]:
    import numpy
    import spacy

    model = platform.processor()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cpu_model": model,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "numpy": numpy.__version__,
        "platform": platform.platform(),
    }


def commit() -> str:
    def git(*args: str) -> str:
        proc = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False)
        return proc.stdout.strip()

    code = Path(__import__("contentlint").__file__).resolve().parent
    if code.parent != ROOT:  # another checkout first on the module path (--baseline): not this repository's code
        return f"not this repository's: contentlint imported from {code}"
    head = git("rev-parse", "HEAD") or "unknown"
    return head + (" (with uncommitted changes)" if git("status", "--porcelain", "--untracked-files=no") else "")


def print_table(title: str, rows: list[dict[str, Any]]) -> None:
    print(f"\n{title}")
    print(f"{'stage':58} {'seconds':>9} {'ms/doc':>9} {'ms/1k words':>12} {'share':>7}")
    for r in rows:
        share = "" if r["of_which"] else f"{r['share']:.1%}"
        print(f"{r['stage']:58} {r['seconds']:9.3f} {r['ms_per_doc']:9.3f} {r['ms_per_1000_words']:12.3f} {share:>7}")


def run(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    files = corpus_files(args.dir) if args.dir else write_corpus(tmp, args.docs, args.seed)
    load_before = os.getloadavg()
    stages, words = check_stages(files)
    whole, _ = whole_check(files)
    whole_text, _ = whole_check(files, explain=False)
    result: dict[str, Any] = {
        "machine": machine(),
        "commit": commit(),
        "contentlint": str(Path(__import__("contentlint").__file__).parent),  # the code timed (PYTHONPATH)
        "corpus": str(args.dir) if args.dir else f"generated, {args.docs} articles, seed {args.seed}",
        "docs": len(files),
        "words": words,
        "check_stages": stages.rows(len(files), words),
        "check_whole": {"seconds": round(whole, 3), "words_per_second": round(words / whole) if whole else None},
        # What the default `contentlint check` (text output) computes: the strongest words are not judged.
        "check_whole_text": {
            "seconds": round(whole_text, 3),
            "words_per_second": round(words / whole_text) if whole_text else None,
        },
    }
    print_table(f"check, default rules: {len(files)} documents, {words:,} words", result["check_stages"])
    print(f"whole pipeline without clocks: {whole:.2f} s, {words / whole:,.0f} words/s (as the JSON output)")
    print(f"  as the default text output: {whole_text:.2f} s, {words / whole_text:,.0f} words/s")
    if not args.no_audit:
        result["audit_stages"] = audit_stages(files, tmp).rows(len(files), words)
        print_table("audit, one process", result["audit_stages"])
    if not args.no_proselint:
        result["proselint"] = proselint_side_by_side(files)
        print(f"\nside by side, whole processes: {result['proselint'] or 'proselint is not installed'}")
    result["load_average"] = {"before": list(load_before), "after": list(os.getloadavg())}
    print(f"load average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f}; {result['machine']}")
    return result


def side_by_side(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    """The stages of this checkout and of ``--baseline`` (another checkout, first on the module path) on the
    same files, each in a fresh process, in ``--rounds`` rounds that alternate which goes first; each
    stage's best round is compared (on a shared machine the load changes between runs)."""
    corpus = args.dir or tmp / "corpus"
    if args.dir is None:
        corpus.mkdir()
        write_corpus(corpus, args.docs, args.seed)
    runs: dict[str, list[dict[str, Any]]] = {"baseline": [], "this": []}
    for round_ in range(args.rounds):
        order = [("baseline", args.baseline), ("this", None)]
        for label, path in order if round_ % 2 == 0 else order[::-1]:
            runs[label].append(_stages_process(args, corpus, tmp, label, path))
    best = {label: _best(rounds) for label, rounds in runs.items()}
    result = {"baseline_dir": str(args.baseline), "rounds": args.rounds, **best, "all_rounds": runs}
    for key in ("check_stages", "audit_stages"):
        if key in best["this"]:
            print_comparison(f"{key} (best of {args.rounds} rounds)", best["baseline"][key], best["this"][key])
    before, after = best["baseline"]["check_whole"], best["this"]["check_whole"]
    print(f"\nwhole pipeline, words/s: baseline {before['words_per_second']:,}, this {after['words_per_second']:,}")
    if "check_whole_text" in best["this"]:
        text, was = (best[label]["check_whole_text"]["words_per_second"] for label in ("this", "baseline"))
        print(f"  as the default text output: baseline {was:,}, this {text:,}")
    if not args.no_proselint:
        result["proselint"] = proselint_side_by_side(corpus_files(corpus))
        print(f"side by side, whole processes (this checkout): {result['proselint'] or 'proselint is not installed'}")
    result["load_average_end"] = list(os.getloadavg())
    return result


def _stages_process(args: argparse.Namespace, corpus: Path, tmp: Path, label: str, path: Path | None) -> Any:
    env = {**os.environ, "PYTHONPATH": str(path.resolve())} if path else dict(os.environ)
    out = tmp / f"{label}.json"
    command = [sys.executable, __file__, "--dir", str(corpus), "--json", str(out), "--no-proselint"]
    command += ["--no-audit"] if args.no_audit else []
    proc = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp)
    if proc.returncode != 0:
        raise SystemExit(f"bench_stages: the {label} run failed: {proc.stderr.strip()[-800:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def _best(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """The first round, with each stage's row and the whole-pipeline timing taken from its fastest round
    (the shares recomputed over the rows kept)."""
    out = dict(rounds[0])
    for key in ("check_stages", "audit_stages"):
        if key not in out:
            continue
        fastest: dict[str, dict[str, Any]] = {}
        for r in (r for run in rounds for r in run[key]):
            if r["stage"] not in fastest or r["seconds"] < fastest[r["stage"]]["seconds"]:
                fastest[r["stage"]] = dict(r)
        rows = [fastest[r["stage"]] for r in rounds[0][key]]
        total = sum(r["seconds"] for r in rows if not r["of_which"])
        for r in rows:
            r["share"] = round(r["seconds"] / total, 4) if total else 0.0
        out[key] = rows
    for key in ("check_whole", "check_whole_text"):
        if all(key in run for run in rounds):
            out[key] = min((run[key] for run in rounds), key=lambda w: w["seconds"])
    return out


def print_comparison(title: str, before: list[dict[str, Any]], after: list[dict[str, Any]]) -> None:
    old = {r["stage"]: r["ms_per_1000_words"] for r in before}
    print(f"\n{title}, ms per 1,000 words")
    print(f"{'stage':58} {'baseline':>9} {'this':>9} {'speed-up':>9}")
    for r in after:
        was, now = old.get(r["stage"]), r["ms_per_1000_words"]
        factor = f"{was / now:.2f}x" if was and now else ""
        print(f"{r['stage']:58} {was if was is not None else float('nan'):9.3f} {now:9.3f} {factor:>9}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=200, help="generated articles (without --dir)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dir", type=Path, default=None, help="time the files of this directory instead")
    parser.add_argument("--json", type=Path, default=None, help="write the measurements here")
    parser.add_argument("--baseline", type=Path, default=None, help="another checkout, timed side by side")
    parser.add_argument("--rounds", type=int, default=2, help="with --baseline: alternating rounds, best kept")
    parser.add_argument("--no-proselint", action="store_true")
    parser.add_argument("--no-audit", action="store_true")
    args = parser.parse_args(argv)
    for folder in (args.dir, args.baseline):
        if folder is not None and not folder.is_dir():
            raise SystemExit(f"bench_stages: {folder}: not a directory")
    if args.docs < 1:
        raise SystemExit("bench_stages: --docs must be at least 1")
    with tempfile.TemporaryDirectory() as tmp:
        result = (side_by_side if args.baseline else run)(args, Path(tmp))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
