"""Archive audit throughput: contentlint audit with 1 and 2 processes and on a Dask LocalCluster,
against proselint on the same files in the same run.

    python benchmarks/bench_audit.py [--docs 2000] [--corpus ../shared/corpus/dev] [--no-proselint]
                                     [--report-docs 5000] [--dask-cluster]

Builds a seeded corpus of ~800-word articles from paragraphs of samples/ (and the dev corpus when
given), then times each run from the outside (wall clock, fresh database each time) and prints
docs/s, words/s and peak RSS (the largest single process). Each run also reports, from inside, where
its time went: start-up (to the first result), the parent's own work per document (reading sources,
resume lookups, storing; the issue's goal is under 0.3 ms), the workers' busy time against the
cores they had (parallel efficiency), and the archive analysis at the end. proselint is the one the
``dev`` extra installs; without it, it is installed from PyPI into the benchmark's own virtual
environment (benchmarks/.venv-proselint). ``--report-docs N`` builds a synthetic database of N documents
with large clusters and prints the size of its HTML report (which must not grow without bound). ``--baseline-python
OTHER/.venv/bin/python`` also runs each audit with another checkout's interpreter (an editable install
of the code to compare with), alternating with this one on the same files, so that before and after
are measured at the same machine load; ``--skip-dask`` leaves out the Dask run. ``--dask-cluster`` starts
a real ``dask scheduler`` and two ``dask worker`` processes, runs -j 2 on the process pool and on that
cluster one after the other, prints both throughputs and checks that every document got the same
score, grade, spin, word count and findings.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import contextlib

from bench_check import make_corpus

HERE = Path(__file__).resolve().parent
PROSELINT_ENV = HERE / ".venv-proselint"

# The audit run in a fresh process (as the CLI runs it), printing its internal timings as JSON.
RUNNER = """
import json, sys
from pathlib import Path
from contentlint.audit.run import run_audit
args = json.loads(sys.argv[1])
s = run_audit([args["root"]], Path(args["db"]), progress=False, **args["options"])
print(json.dumps({"audited": s.audited, "errors": s.errors, "seconds": s.seconds, "parent": s.parent_seconds,
                  "parent_ms": s.parent_ms_per_document, "parent_cpu_ms": s.parent_cpu_ms_per_document,
                  "workers": s.worker_seconds, "idle": s.worker_idle_seconds,
                  "startup": s.first_result_seconds, "analysis": s.analysis_seconds}))
"""


# The parent alone: workers hand back results linted beforehand (real documents of the benchmark corpus,
# cycled; only source and URI change), so the run is bound by the parent's own per-document work and its
# CPU time is measurable on a loaded machine. The sample is linted before the run starts, by the code of
# the interpreter that runs this (so a baseline checkout stores results of its own format).
PARENT_RUNNER = """
import dataclasses, json, sys, time, zlib
from pathlib import Path
import contentlint.audit.run as run
from contentlint.audit.sources import Item
from contentlint.audit.worker import audit_item
args = json.loads(sys.argv[1])
canned = [audit_item(Item("sample", p, Path(p).read_text(encoding="utf-8"), "text")) for p in args["sample"]]
def canned_batch(orders, config=None):
    return [dataclasses.replace(canned[zlib.crc32(item.uri.encode()) % len(canned)], source=item.source,
                                uri=item.uri) for item, _ in orders]
run.audit_batch = canned_batch
findings = sum(len(c.findings) or len(json.loads(getattr(c, "findings_data", None) or "[]")) for c in canned)
findings /= len(canned)
s = run.run_audit([args["root"]], Path(args["db"]), processes=2, progress=False)
print(json.dumps({"audited": s.audited, "seconds": s.seconds, "parent_ms": s.parent_ms_per_document,
                  "parent_cpu_ms": s.parent_cpu_ms_per_document, "findings": findings}))
"""


def parent_only(args: argparse.Namespace, archive: Path, tmp: Path) -> None:
    """The parent's CPU per document with workers that do no linting, for this code and the baseline."""
    root = tmp / "parent-only"
    root.mkdir()
    for i in range(args.parent_docs):
        (root / f"doc-{i:06d}.txt").write_text(f"document {i}\n", encoding="utf-8")
    sample = sorted(str(p) for p in archive.iterdir())[:PARENT_SAMPLE]
    for n, (suffix, python) in enumerate(_pythons(args) * PARENT_REPEATS):
        spec = json.dumps({"root": str(root), "db": str(tmp / f"parent-{n}.sqlite"), "sample": sample})
        proc = subprocess.run([python, "-c", PARENT_RUNNER, spec], capture_output=True, text=True, cwd=tmp)
        if proc.returncode != 0:
            print(proc.stderr)
            raise SystemExit("the parent-only run failed")
        s = json.loads(proc.stdout.splitlines()[-1])
        print(
            f"parent only{suffix}, -j 2, {s['audited']} documents ({s['findings']:.0f} findings each): "
            f"process CPU {s['parent_cpu_ms']:.3f} ms/doc, own work {s['parent_ms']:.3f} ms/doc wall, "
            f"{s['audited'] / s['seconds']:.0f} docs/s"
        )


def _pythons(args: argparse.Namespace) -> list[tuple[str, str]]:
    """The interpreters to time, each with the suffix of its runs' labels: the baseline's first."""
    return ([(" [baseline]", args.baseline_python)] if args.baseline_python else []) + [("", sys.executable)]


PARENT_SAMPLE = 20  # documents linted for the parent-only runs
PARENT_REPEATS = 2  # alternating runs of each interpreter


def proselint() -> Path:
    installed = Path(sys.executable).parent / "proselint"  # the dev extra installs it
    if installed.exists():
        return installed
    exe = PROSELINT_ENV / "bin" / "proselint"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PROSELINT_ENV)], check=True)
        subprocess.run([str(PROSELINT_ENV / "bin" / "pip"), "install", "-q", "proselint"], check=True)
    return exe


def timed(cmd: list[str], cwd: Path | None = None) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)
    elapsed = time.perf_counter() - start
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return elapsed, peak, proc


def breakdown(stats: dict[str, float], elapsed: float, cores: int) -> str:
    """Where one run's time went, from its own counters."""
    linting = stats["seconds"] - stats["startup"] - stats["analysis"]
    efficiency = stats["workers"] / (linting * cores) if linting > 0 else 0.0  # workers' CPU time
    return (
        f"parent: own work {stats['parent_ms']:.3f} ms/doc wall ({stats['parent']:.2f} s in all), process CPU "
        f"{stats['parent_cpu_ms']:.3f} ms/doc (with -j 1 that includes the linting); start-up to first result "
        f"{stats['startup']:.1f} s; linting {linting:.1f} s with workers' CPU {stats['workers']:.1f} s "
        f"({efficiency:.0%} of {cores} core(s)), workers waiting between tasks {stats['idle']:.1f} s in all; "
        f"analysis {stats['analysis']:.2f} s; "
        f"outside run_audit (interpreter, imports) {elapsed - stats['seconds']:.1f} s"
    )


def synthetic_report(docs: int, tmp: Path) -> None:
    """Size of the HTML report of a database of ``docs`` documents with archive-sized clusters."""
    from contentlint.audit.report import render_html
    from contentlint.audit.store import Store
    from contentlint.audit.worker import DocResult

    db = tmp / "report.sqlite"
    store = Store(db)
    finding = ("CL101", "spun-phrase", "spun-phrase", "warning", 0, 10, 1, 1, "Article n", "Article", "Spun.")
    store.save_many(
        DocResult(
            "src",
            f"https://site.example/post/{n:06d}",
            f"h{n}",
            "text",
            title=f"Post title {n % (docs // 3)}",
            words=800,
            score=float(n % 100),
            grade="C",
            text="Article n. " * 400,
            findings=[finding] * 5,
        )
        for n in range(docs)
    )
    ids = [i for (i,) in store.db.execute("SELECT id FROM documents ORDER BY id")]
    store.replace_clusters("spin-family", [ids[k : k + 500] for k in range(0, docs // 2, 500)])
    store.replace_clusters("near-duplicate", [ids[k : k + 2] for k in range(docs // 2, docs, 2)])
    store.replace_clusters("duplicate-title", [ids[k :: docs // 3] for k in range(docs // 3)])
    store.close()
    size = len(render_html(db).encode("utf-8"))
    print(f"HTML report of {docs} synthetic documents: {size / 1e6:.2f} MB")


@contextlib.contextmanager
def dask_cluster(tmp: Path, workers: int = 2) -> Iterator[str]:
    """A real Dask cluster on this machine: a ``dask scheduler`` and ``workers`` ``dask worker`` processes
    (one thread each), started here and stopped at the end; yields the scheduler's address."""
    from distributed import Client

    bin_dir = Path(sys.executable).parent
    dask = str(bin_dir / "dask") if (bin_dir / "dask").exists() else "dask"
    info = tmp / "scheduler.json"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": tmp}
    scheduler = [dask, "scheduler", "--scheduler-file", str(info), "--port", "0", "--no-dashboard"]
    procs = [subprocess.Popen(scheduler, **quiet)]
    try:
        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        if not info.exists():
            raise SystemExit("bench_audit: the dask scheduler did not start within 60 s")
        for _ in range(workers):
            command = [dask, "worker", "--scheduler-file", str(info), "--nthreads", "1", "--no-dashboard"]
            procs.append(subprocess.Popen([*command, "--memory-limit", "0"], **quiet))
        address = json.loads(info.read_text(encoding="utf-8"))["address"]
        with Client(address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=120)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=20)


def _scores(db: Path) -> dict[str, tuple[object, ...]]:
    import sqlite3

    with contextlib.closing(sqlite3.connect(db)) as conn:
        rows = conn.execute("SELECT uri, score, grade, spin, words, findings_data, error FROM documents").fetchall()
    return {r[0]: tuple(r[1:]) for r in rows}


def pool_and_cluster(root: Path, tmp: Path, docs: int, words: int) -> None:
    """-j 2 on the process pool and on a real two-worker Dask cluster, side by side; the same scores?"""
    with dask_cluster(tmp) as address:
        runs = {
            "process pool -j 2": {"processes": 2},
            f"dask cluster ({address}, 2 workers)": {"backend": "dask", "processes": 2, "scheduler": address},
        }
        databases = []
        for label, options in runs.items():
            db = tmp / f"cluster-{len(databases)}.sqlite"
            elapsed, stats = audit_once(sys.executable, root, db, options, label)
            databases.append(db)
            print(f"{label}: {elapsed:.1f} s, {docs / elapsed:.1f} docs/s, {words / elapsed:,.0f} words/s")
            print("    " + breakdown(stats, elapsed, 2))
    pool, cluster = (_scores(db) for db in databases)
    differ = [uri for uri in pool if pool[uri] != cluster.get(uri)]
    print(
        f"same score, grade, spin, words and findings per document on both: {not differ and len(pool) == len(cluster)} "
        f"({len(pool)} and {len(cluster)} documents, {len(differ)} differ)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--no-proselint", action="store_true", help="Time contentlint only.")
    parser.add_argument("--report-docs", type=int, default=0, help="Also measure the report's size at N documents.")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--baseline-python", default=None, help="Also run each audit with this interpreter.")
    parser.add_argument("--skip-dask", action="store_true", help="Leave out the Dask LocalCluster run.")
    parser.add_argument(
        "--parent-docs", type=int, default=0, help="Also time the parent alone on N documents (workers not linting)."
    )
    parser.add_argument("--skip-audits", action="store_true", help="Only the parent-only runs (with --parent-docs).")
    parser.add_argument(
        "--dask-cluster", action="store_true", help="Also -j 2 on a real scheduler and two workers against the pool."
    )
    args = parser.parse_args()
    if args.report_docs:
        with tempfile.TemporaryDirectory() as tmp:
            synthetic_report(args.report_docs, Path(tmp))
    if args.docs:
        audits(args)


def audit_once(
    python: str, root: Path, db: Path, options: dict[str, object], label: str
) -> tuple[float, dict[str, float]]:
    """One audit in a fresh process: its wall time, and its own counters with the peak RSS added."""
    spec = json.dumps({"root": str(root), "db": str(db), "options": options})
    # Run from the database's directory: ``python -c`` puts the working directory first on sys.path, so
    # from a checkout every interpreter would import that checkout's code, the baseline's included.
    elapsed, peak, proc = timed([python, "-c", RUNNER, spec], cwd=db.parent)
    if proc.returncode != 0:
        print(proc.stderr)
        raise SystemExit(f"{label} failed")
    stats = json.loads(proc.stdout.splitlines()[-1])
    stats["peak"] = peak
    return elapsed, stats


def audits(args: argparse.Namespace) -> None:
    dirs = [HERE.parent / "samples"] + ([args.corpus] if args.corpus else [])
    texts = make_corpus(args.docs, args.seed, dirs)
    words = sum(len(t.split()) for t in texts)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "archive"
        root.mkdir()
        for i, text in enumerate(texts):
            (root / f"article-{i:05d}.txt").write_text(text, encoding="utf-8")
        print(f"corpus: {len(texts)} articles, {words:,} words (whitespace-separated)")
        if args.parent_docs:
            parent_only(args, root, Path(tmp))
        if args.dask_cluster:
            pool_and_cluster(root, Path(tmp), len(texts), words)
        if args.skip_audits:
            return
        runs = [
            ("contentlint audit -j 1", {"processes": 1}, 1),
            ("contentlint audit -j 2", {"processes": 2}, 2),
        ]
        if not args.skip_dask:
            runs.append(("contentlint audit --backend dask -j 2", {"backend": "dask", "processes": 2}, 2))
        times = {}
        for label, options, cores in runs:
            for suffix, python in _pythons(args):
                db = Path(tmp) / f"{len(times)}.sqlite"
                elapsed, stats = audit_once(python, root, db, options, label + suffix)
                times[label + suffix] = elapsed
                print(
                    f"{label}{suffix}: {elapsed:.1f} s, {len(texts) / elapsed:.0f} docs/s, "
                    f"{words / elapsed:,.0f} words/s, peak RSS of one process {stats.pop('peak'):.0f} MB"
                )
                print("    " + breakdown(stats, elapsed, cores))
        print(f"cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f} at the end")
        if args.no_proselint:
            return
        exe = proselint()
        files = sorted(str(p) for p in root.iterdir())
        elapsed, peak, proc = timed([str(exe), "--output-format", "json", "check", *files])
        with contextlib.suppress(json.JSONDecodeError):
            json.loads(proc.stdout or "{}")
        print(
            f"proselint (check, one process): {elapsed:.1f} s, {len(texts) / elapsed:.0f} docs/s, "
            f"{words / elapsed:,.0f} words/s, peak RSS {peak:.0f} MB"
        )
        for label, t in times.items():
            print(f"time ratio {label} / proselint: {t / elapsed:.2f}")


if __name__ == "__main__":
    main()
