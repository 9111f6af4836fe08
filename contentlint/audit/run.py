"""Running an audit: stream items, skip what is already audited, lint in parallel, commit as results arrive.

Backends: ``local`` (a process pool, one spaCy pipeline per process) and ``dask`` (the same work
on a Dask cluster: a LocalCluster of processes, or the scheduler at ``--scheduler``). At most a few
items per worker are in flight, so memory stays bounded however large the archive.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config
from .analysis import analyse
from .sources import Item, iter_source
from .store import Store
from .worker import DocResult, audit_batch, audit_item


@dataclass
class AuditStats:
    audited: int = 0
    skipped: int = 0
    errors: int = 0
    words: int = 0
    interrupted: bool = False
    seconds: float = 0.0
    clusters: dict[str, int] = field(default_factory=dict)


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


class Progress:
    """A tqdm bar with rate and ETA on a terminal; a plain line every few seconds otherwise."""

    def __init__(self, total: int, enabled: bool = True, interval: float = 10.0) -> None:
        self.total, self.done, self.interval = total, 0, interval
        self.enabled = enabled
        self.start = self.last = time.monotonic()
        self.bar = None
        if enabled and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="doc", dynamic_ncols=True, file=sys.stderr)

    def update(self, n: int = 1) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
            return
        now = time.monotonic()
        if self.enabled and now - self.last >= self.interval:
            self.last = now
            rate = self.done / max(now - self.start, 1e-9)
            eta = (self.total - self.done) / rate if rate and self.total >= self.done else 0
            print(
                f"audited {self.done}/{self.total} documents, {rate:.1f} docs/s, about {eta:.0f} s left",
                file=sys.stderr,
                flush=True,
            )

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


def _record(store: Store, result: DocResult, stats: AuditStats, progress: Progress) -> None:
    if result.unchanged:
        stats.skipped += 1
        progress.update()
        return
    store.save(result)
    stats.audited += 1
    stats.errors += result.error is not None
    stats.words += result.words
    progress.update()


def _init_worker() -> None:
    import signal

    from ..nlp import get_nlp

    # Ctrl-C reaches the whole process group; the parent decides how to stop, workers just finish.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
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
        for item, known in items:
            on_result(audit_item(item, known, config))
        return
    window = processes * 3
    with ProcessPoolExecutor(max_workers=processes, initializer=_init_worker) as pool:
        in_flight: set[Future[list[DocResult]]] = set()
        try:
            for batch in _batched(iter(items), LOCAL_BATCH):
                in_flight.add(pool.submit(audit_batch, batch, config))
                if len(in_flight) >= window:
                    done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
                    for fut in done:
                        for result in fut.result():
                            on_result(result)
            for fut in _drain(in_flight):
                for result in fut.result():
                    on_result(result)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _drain(futures: set[Future[list[DocResult]]]) -> Iterator[Future[list[DocResult]]]:
    while futures:
        done, futures = wait(futures, return_when=FIRST_COMPLETED)
        yield from done


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
    stats = AuditStats()
    store = Store(db_path)
    started = time.monotonic()
    bar = Progress(count_items(sources, include, exclude) if progress else 0, enabled=progress)
    items = _pending(sources, store, resume, include, exclude, max_bytes)

    def on_result(result: DocResult) -> None:
        _record(store, result, stats, bar)

    try:
        if backend == "dask":
            _dask(items, processes, scheduler, on_result, config)
        else:
            _local(items, processes, on_result, config)
    except KeyboardInterrupt:
        stats.interrupted = True
    finally:
        bar.close()
    if not stats.interrupted:
        stats.clusters = analyse(store)
    store.set_meta("sources", "\n".join(sources))
    store.close()
    stats.seconds = time.monotonic() - started
    return stats


def describe(stats: AuditStats, db_path: Path) -> str:
    rate = stats.audited / stats.seconds if stats.seconds else 0.0
    text = (
        f"{db_path}: {stats.audited} documents audited ({stats.words:,} words, {rate:.1f} docs/s), "
        f"{stats.skipped} unchanged and skipped, {stats.errors} could not be linted"
    )
    if stats.clusters:
        text += "; " + ", ".join(f"{n} {kind} groups" for kind, n in stats.clusters.items())
    if stats.interrupted:
        text += ". Interrupted: run the same command again to resume"
    return text
