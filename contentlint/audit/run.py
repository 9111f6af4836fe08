"""Running an audit: stream items, skip what is already audited, lint in parallel, commit in batches.

Backends: ``local`` (a process pool, one spaCy pipeline per process) and ``dask`` (the same work
on a Dask cluster: a LocalCluster of processes, or the scheduler at ``--scheduler``). At most a few
items per worker are in flight, so memory stays bounded however large the archive.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config
from ..errors import ContentlintError
from ..pool import die_with_parent as die_with_parent  # where callers and tests have always found it
from ..pool import start_pool, unordered
from .analysis import analyse
from .sources import Item, iter_source, source_key
from .store import Store
from .worker import DocResult, audit_batch


@dataclass
class AuditStats:
    audited: int = 0
    skipped: int = 0
    errors: int = 0  # documents of this run that could not be linted
    errors_total: int = 0  # ... and of its sources in the database (unchanged ones skipped included)
    words: int = 0
    interrupted: bool = False
    seconds: float = 0.0
    parent_seconds: float = 0.0  # the parent's own work: reading sources, resume lookups, storing
    # CPU time of the whole parent process (all its threads: also pickling tasks, unpickling results)
    # while the documents are linted; with workers, everything the parent costs per document.
    parent_cpu_seconds: float = 0.0
    worker_seconds: float = 0.0  # the workers' CPU time on documents, summed over workers
    worker_idle_seconds: float = 0.0  # the workers' waits between tasks, summed (the first task's excluded)
    first_result_seconds: float = 0.0  # start-up: from the run's start to the first result
    analysis_seconds: float = 0.0
    clusters: dict[str, int] = field(default_factory=dict)

    @property
    def parent_ms_per_document(self) -> float:
        done = self.audited + self.skipped
        return 1000 * self.parent_seconds / done if done else 0.0

    @property
    def parent_cpu_ms_per_document(self) -> float:
        done = self.audited + self.skipped
        return 1000 * self.parent_cpu_seconds / done if done else 0.0


def count_items(sources: list[str], include: tuple[str, ...], exclude: tuple[str, ...]) -> int:
    """A cheap first pass for the progress bar's total (file names, lines, <item> tags)."""
    from ..discovery import iter_paths

    total = 0
    for source in sources:
        path = Path(source)
        if path.is_dir():
            total += sum(1 for _ in iter_paths([source], include, exclude))
        elif path.suffix.lower() in (".jsonl", ".ndjson") and path.is_file():
            with path.open("rb") as fh:
                total += sum(1 for line in fh if line.strip())
        elif path.suffix.lower() == ".xml" and path.is_file():
            with path.open("rb") as fh:
                total += sum(chunk.count(b"<item>") for chunk in iter(lambda: fh.read(1 << 20), b""))
        else:
            total += 1
    return total


# An ETA from the first seconds (workers still loading spaCy, one document done) is noise: thousands of
# seconds that the next line contradicts. It is shown once this many documents have been timed.
ETA_MIN_DOCUMENTS = 50


class Progress:
    """A tqdm bar with rate and ETA on a terminal; a plain line every few seconds otherwise."""

    def __init__(
        self,
        total: int,
        enabled: bool = True,
        interval: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total, self.done, self.interval = total, 0, interval
        self.enabled, self.clock = enabled, clock
        self.start = self.last = clock()
        self.first: tuple[float, int] | None = None  # when the first documents arrived, and how many
        self.bar = None
        if enabled and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="doc", dynamic_ncols=True, file=sys.stderr)

    def update(self, n: int = 1) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
            return
        now = self.clock()
        if self.first is None:
            self.first = (now, self.done)  # the rate is timed from here, start-up excluded
        if self.enabled and now - self.last >= self.interval:
            self.last = now
            print(self.line(now), file=sys.stderr, flush=True)

    def line(self, now: float) -> str:
        text = f"audited {self.done}/{self.total} documents"
        assert self.first is not None
        since, done_then = self.first
        timed = self.done - done_then
        if timed < ETA_MIN_DOCUMENTS or now <= since:
            return text + ", estimating the rate"
        rate = timed / (now - since)
        text += f", {rate:.1f} docs/s"
        if self.total >= self.done:
            text += f", about {(self.total - self.done) / rate:.0f} s left"
        return text

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


Order = tuple[Item, str | None]  # an item and the content hash it had when last audited, if ever


def _pending(
    sources: list[str], store: Store, resume: bool, include: tuple[str, ...], exclude: tuple[str, ...], max_bytes: int
) -> Iterator[Order]:
    for source in sources:
        for item in iter_source(source, include, exclude, max_bytes):
            yield item, (store.known_hash(item.source, item.uri) if resume else None)


SHOWN_ERRORS = 10  # errors printed as they happen; the rest are in the database and the report


class Recorder:
    """The parent's side of each result: count it, and store it in batches of ``batch`` documents (or
    what arrived in ``seconds``), one transaction each, so a killed run loses at most one batch."""

    def __init__(
        self, store: Store, stats: AuditStats, progress: Progress, batch: int = 64, seconds: float = 2.0
    ) -> None:
        self.store, self.stats, self.progress = store, stats, progress
        self.batch, self.seconds = batch, seconds
        self.pending: list[DocResult] = []
        self.since = self.started = time.monotonic()

    def __call__(self, result: DocResult) -> None:
        started = time.perf_counter()
        if not self.stats.first_result_seconds:
            self.stats.first_result_seconds = time.monotonic() - self.started
        self.stats.worker_seconds += result.seconds
        self.stats.worker_idle_seconds += result.idle
        if result.unchanged:
            self.stats.skipped += 1
        else:
            self.pending.append(result)
            self.stats.audited += 1
            self.stats.words += result.words
            if result.error is not None:
                self._show_error(result)
            if len(self.pending) >= self.batch or time.monotonic() - self.since >= self.seconds:
                self._store()
        self.progress.update()
        self.stats.parent_seconds += time.perf_counter() - started

    def _show_error(self, result: DocResult) -> None:
        self.stats.errors += 1
        if self.stats.errors <= SHOWN_ERRORS:
            print(f"contentlint: {_where(result)}: {result.error}", file=sys.stderr, flush=True)
        elif self.stats.errors == SHOWN_ERRORS + 1:
            print("contentlint: more documents could not be linted; the report lists them", file=sys.stderr)

    def flush(self) -> None:
        started = time.perf_counter()
        self._store()
        self.stats.parent_seconds += time.perf_counter() - started

    def _store(self) -> None:
        if self.pending:
            self.store.save_many(self.pending)
            self.pending = []
        self.since = time.monotonic()


def _timed(items: Iterator[Order], stats: AuditStats) -> Iterator[Order]:
    """``items``, with the time spent producing them (walking, resume lookups) added to the parent's."""
    while True:
        started = time.perf_counter()
        order = next(items, None)
        stats.parent_seconds += time.perf_counter() - started
        if order is None:
            return
        yield order


def _load_pipeline() -> None:
    from ..nlp import get_nlp

    get_nlp()


DASK_BATCH = 16


def _batched(items: Iterator[Order], size: int) -> Iterator[list[Order]]:
    batch: list[Order] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# Documents per task in the process pool: a task costs a pickled round trip and a future, about a
# tenth of a document's lint; eight amortise it and keep at most a few dozen documents in flight.
LOCAL_BATCH = 8


def _local(
    items: Iterable[Order], processes: int, on_result: Callable[[DocResult], None], config: Config | None = None
) -> None:
    if processes <= 1:
        # in batches as the pool's workers do: the spin detector scores a batch's documents in one call
        for batch in _batched(iter(items), LOCAL_BATCH):
            for result in audit_batch(batch, config):
                on_result(result)
        return
    pool = start_pool(processes, _load_pipeline)
    try:
        task = functools.partial(audit_batch, config=config)
        for results in unordered(pool, task, _batched(iter(items), LOCAL_BATCH), processes * 3):
            for result in results:
                on_result(result)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def _dask(
    items: Iterable[Order],
    processes: int,
    scheduler: str | None,
    on_result: Callable[[DocResult], None],
    config: Config | None = None,
) -> None:
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=max(1, processes), threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        window = workers * 3
        # Tasks of several documents: a Dask task costs about a millisecond of scheduling, a document
        # about five of work, so one document per task would waste a sixth of the cluster.
        batches = _batched(iter(items), DASK_BATCH)
        pending = as_completed()
        for batch in batches:
            pending.add(client.submit(audit_batch, batch, config, pure=False))
            if pending.count() >= window:
                break
        for fut in pending:
            for result in fut.result():
                on_result(result)
            fut.release()
            nxt = next(batches, None)
            if nxt is not None:
                pending.add(client.submit(audit_batch, nxt, config, pure=False))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_audit(
    sources: list[str],
    db_path: Path,
    *,
    backend: str = "local",
    processes: int | None = None,
    scheduler: str | None = None,
    resume: bool = True,
    include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    max_bytes: int = 10_000_000,
    progress: bool = True,
    config: Config | None = None,
) -> AuditStats:
    from ..config import DEFAULT_INCLUDE

    include = include or DEFAULT_INCLUDE
    processes = processes or os.cpu_count() or 1
    keys = list(dict.fromkeys(source_key(s) for s in sources))  # one source however often or however spelled
    stats = AuditStats()
    store = Store(db_path)  # refuses at once when another audit writes to this database
    try:
        started = time.monotonic()
        bar = Progress(count_items(keys, include, exclude) if progress else 0, enabled=progress)
        items = _timed(_pending(keys, store, resume, include, exclude, max_bytes), stats)
        _run(items, store, stats, bar, backend, processes, scheduler, config)
        if not stats.interrupted:
            analysed = time.monotonic()
            stats.clusters = analyse(store)
            stats.analysis_seconds = time.monotonic() - analysed
        stats.errors_total = store.errors(keys)
        store.set_meta("sources", "\n".join(keys))
    finally:
        store.close()
    stats.seconds = time.monotonic() - started
    return stats


def _run(
    items: Iterator[Order],
    store: Store,
    stats: AuditStats,
    bar: Progress,
    backend: str,
    processes: int,
    scheduler: str | None,
    config: Config | None,
) -> None:
    recorder = Recorder(store, stats, bar)
    cpu = time.process_time()
    try:
        if backend == "dask":
            _dask(items, processes, scheduler, recorder, config)
        else:
            _local(items, processes, recorder, config)
    except KeyboardInterrupt:
        stats.interrupted = True
    except BrokenProcessPool:
        # A worker killed from outside (out of memory, a signal): report it in one line; what was done is kept.
        raise ContentlintError(
            f"{store.path}: a worker process died (killed by the system?); the documents finished before it "
            "are stored: run the same command again to resume"
        ) from None
    finally:
        bar.close()
        recorder.flush()  # the documents already linted are kept, interrupted or not
        stats.parent_cpu_seconds = time.process_time() - cpu


def _where(result: DocResult) -> str:
    """The record's location said once: a whole source's error is its path; a record's URI or `path:line`
    already names its source when it starts with it."""
    if result.uri == result.source or result.uri.startswith(f"{result.source}:"):
        return result.uri
    return f"{result.source}: {result.uri}"


def describe(stats: AuditStats, db_path: Path) -> str:
    rate = stats.audited / stats.seconds if stats.seconds else 0.0
    text = (
        f"{db_path}: {stats.audited} document{'s' * (stats.audited != 1)} audited ({stats.words:,} words, "
        f"{rate:.1f} docs/s), "
        f"{stats.skipped} unchanged and skipped, {stats.errors} could not be linted"
    )
    if stats.errors_total > stats.errors:
        text += f" ({stats.errors_total} in the database, earlier runs' included)"
    if stats.clusters:
        text += "; " + ", ".join(f"{n} {kind} groups" for kind, n in stats.clusters.items())
    if stats.interrupted:
        text += ". Interrupted: run the same command again to resume"
    return text
