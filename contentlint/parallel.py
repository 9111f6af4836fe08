"""`check` and `fix` over many files on every core: the parent walks and reads the files, worker
processes lint (or fix) them in batches, and the parent takes the results back in the files' order, so
everything after the lint (baseline, rendering, writing fixed files, exit code) runs as in one process
and the output is the same byte for byte.

Forking costs a few tens of milliseconds and each worker's first batch waits for the pipeline, so a
run of a few files stays in one process: its cold start is exactly the serial one.
"""

from __future__ import annotations

import itertools
import math
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import ContentlintError, InputError
from .model import FileReport

if TYPE_CHECKING:
    from .api import Linter
    from .config import Config
    from .document import Document
    from .fix import FixResult
    from .formats import Format

T = TypeVar("T")
R = TypeVar("R")
Source = tuple[str, "bytes | InputError"]
# What crosses to a worker: the file's bytes, or the problem that kept it from being read (an InputError
# does not survive pickling: its constructor takes two arguments).
Readable = tuple[str, "bytes | str"]

# Files per task: one batch of Linter.lint_paths, so a worker's batch is as large as one process's (the
# spin detector's batched look-ups cost a few hundred numpy calls a batch whatever its size: in one process,
# batches of eight cost ~6% more CPU than batches of 32 on generated articles; the workers of a 2,000-file
# check ~4% more). The run's last tasks are smaller (see _tasks).
TASK_FILES = 32
# The default (no -j) goes parallel from this many files; below, one process. Measured (README,
# "Development"): a file costs ~12 ms of lint, a worker ~2.5 ms more per file plus ~0.1 s to start, so
# on two idle cores the workers repay themselves from about 40 files (sooner with more cores).
MIN_FILES = 40
# ... or from this many bytes in at least three files: the parent lints the first file alone, so two
# large files would take as long in parallel as one after the other.
MIN_BYTES = 1_000_000
MIN_LARGE_FILES = 3


@dataclass(frozen=True)
class Plan:
    processes: int
    task_files: int


def usable_cores() -> int:
    """The cores this process may run on (its affinity mask, as `taskset` or a container sets it)."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13+
        return max(1, os.process_cpu_count() or 1)
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def plan(sizes: list[int], more: bool, requested: int | None, cores: int) -> Plan:
    """How to run files whose first sizes in bytes are ``sizes`` (``more``: there are files after them).

    ``requested`` (-j) is obeyed whenever there are two files or more; without it, every usable core
    once the run is large enough to pay for the workers' start-up."""
    if requested is not None:
        processes = requested
    else:
        large = more or len(sizes) >= MIN_FILES or (len(sizes) >= MIN_LARGE_FILES and sum(sizes) >= MIN_BYTES)
        processes = cores if large else 1
    if (len(sizes) < 2 and not more) or processes <= 1:
        return Plan(1, TASK_FILES)
    if more:
        return Plan(processes, TASK_FILES)
    # A known, short run: tasks small enough that every worker gets some of the files after the first,
    # which the parent lints itself.
    return Plan(processes, max(1, min(TASK_FILES, math.ceil((len(sizes) - 1) / processes))))


def _planned(items: Iterable[T], size: Callable[[T], int], requested: int | None) -> tuple[Iterator[T], Plan]:
    """The items (the first ones read ahead to choose) and the plan for them."""
    items = iter(items)
    head = list(itertools.islice(items, MIN_FILES))
    chosen = plan([size(item) for item in head], len(head) == MIN_FILES, requested, usable_cores())
    return itertools.chain(head, items), chosen


# -- check ----------------------------------------------------------------------------------------


def lint_sources(
    linter: Linter,
    sources: Iterable[Source],
    fmt: Format | None,
    requested: int | None,
    render: Callable[[FileReport], FileReport] | None = None,
) -> Iterator[FileReport]:
    """``linter.lint_paths(sources, fmt)``, on ``requested`` processes (None: the default above). With
    ``render``, a worker hands back ``render(report)`` (the report with its output rendered: the parent's
    per-file work, and the pickle, are the smaller), a single process the reports as they are."""
    items, chosen = _planned(sources, lambda s: len(s[1]) if isinstance(s[1], bytes) else 0, requested)
    if chosen.processes <= 1:
        yield from linter.lint_paths(items, fmt)
        return
    readable = ((path, data.problem if isinstance(data, InputError) else data) for path, data in items)
    yield from _run(readable, chosen, _lint_task, (linter, fmt, render))


def _lint_task(task: list[Readable]) -> list[FileReport]:
    linter, fmt, render = _state
    pairs = [(path, data if isinstance(data, bytes) else InputError(path, data)) for path, data in task]
    reports = list(linter.lint_paths(pairs, fmt))
    if render is not None:
        return [render(report) for report in reports]
    for report in reports:
        report.document = slim(report.document)
    return reports


def slim(document: Document | None) -> Document | None:
    """What the parent's rendering and baseline read of a document (its path, source and lines), without
    the extracted text, blocks, links and offset map, which would cross back to the parent for nothing."""
    if document is None:
        return None
    from .document import Document

    return Document(document.path, document.source, "", document.format, encoding=document.encoding)


# -- fix ------------------------------------------------------------------------------------------


@dataclass
class Fixed:
    """One file's fix, made in a worker: its configuration and result, or the error that stopped it."""

    config: Config | None = None
    encoding: str = "utf-8"
    result: FixResult | None = None
    error: str | None = None


Fixable = tuple[str, Path | None, bytes]


def fix_sources(
    linter: Linter, items: Iterable[Fixable], fmt: Format | None, unsafe: bool, requested: int | None
) -> Iterator[tuple[Fixable, Fixed]]:
    """Each file with its fix, in order; the writing is left to the parent (one file at a time, as before)."""
    files, chosen = _planned(items, lambda item: len(item[2]), requested)
    if chosen.processes <= 1:
        _state[:] = [linter, fmt, unsafe]
        yield from ((item, fix_one(item)) for item in files)
        return
    yield from _run(files, chosen, _fix_task, (linter, fmt, unsafe), pass_items=True)


def fix_one(item: Fixable) -> Fixed:
    from .fix import fix_document
    from .formats import load_bytes

    linter, fmt, unsafe = _state
    name, path, data = item
    config = linter.config_for(name if path is not None else "-")
    try:
        document = load_bytes(data, name, fmt if path is None else None)
        return Fixed(config, document.encoding, fix_document(document, linter, config, unsafe))
    except ContentlintError as exc:
        return Fixed(error=str(exc))


def _fix_task(task: list[Fixable]) -> list[Fixed]:
    out = [fix_one(item) for item in task]
    for fixed in out:
        if fixed.result is not None:
            for report in (fixed.result.before, fixed.result.after):
                if report is not None:
                    report.document = slim(report.document)
    return out


# -- the pool -------------------------------------------------------------------------------------

_state: list[Any] = []  # in a worker (and the parent): what every task needs, set once by _setup


def _setup(*state: Any) -> None:
    from .nlp import get_nlp

    _state[:] = state
    get_nlp()  # a spawned worker loads the pipeline here, once; a forked one has it already


def _tasks(items: Iterator[T], size: int, workers: int) -> Iterator[list[T]]:
    """The items in tasks of ``size``, read ``workers`` tasks ahead; once the end is in sight, what is left
    goes out in tasks small enough for every worker to take a share, so the run does not end waiting for
    one worker's last large task while the others are idle."""
    window = size * workers
    ahead: deque[T] = deque(itertools.islice(items, window + size))
    while len(ahead) > window:
        yield [ahead.popleft() for _ in range(size)]
        ahead.extend(itertools.islice(items, size))
    share = max(1, math.ceil(len(ahead) / (2 * workers)))
    while ahead:
        yield [ahead.popleft() for _ in range(min(share, len(ahead)))]


def _run(
    items: Iterator[Any],
    chosen: Plan,
    work: Callable[[list[Any]], list[Any]],
    state: tuple[Any, ...],
    pass_items: bool = False,
) -> Iterator[Any]:
    """``work`` of each batch of items, flattened, in order (with each item when ``pass_items``)."""
    from concurrent.futures.process import BrokenProcessPool

    from .pool import ordered, start_pool, stop_now

    # The parent does the first file itself: that loads the pipeline and compiles the rule tables once,
    # before the fork, and the workers inherit them instead of each loading its own.
    _setup(*state)
    first = list(itertools.islice(items, 1))
    yield from zip(first, work(first), strict=True) if pass_items else work(first)
    tasks = _tasks(items, chosen.task_files, chosen.processes)
    pool = start_pool(chosen.processes, _setup, state)
    try:
        for task, results in ordered(pool, work, tasks, chosen.processes * 3):
            yield from zip(task, results, strict=True) if pass_items else results
    except BrokenProcessPool:
        stop_now(pool)
        raise ContentlintError("a worker process died (killed by the system?); run again with -j 1") from None
    except BaseException:
        stop_now(pool)  # Ctrl-C or an error: no worker goes on with a run that has ended
        raise
    pool.shutdown()
