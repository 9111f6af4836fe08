"""The process pool that `check`, `fix` and `audit` share: workers that die with their parent, ignore
Ctrl-C (the parent decides how a run stops), and start from the parent as it is.

On Linux the workers are forked, so a parent that has already loaded the spaCy pipeline and compiled
the rule tables hands them over for free (copy-on-write) instead of each worker paying the ~2 s load
again. Elsewhere (macOS, Windows) fork is unsafe or missing: the platform's default start method
(spawn) is used and each worker loads the pipeline once, in its initializer.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCH_PARENT_SECONDS = 0.5


def die_with_parent(parent: int) -> None:
    """End this worker when ``parent`` dies, even by kill -9 (which runs none of its clean-up): an orphaned
    worker would go on holding the run's output pipe, and ``contentlint audit ... | cat`` never ends."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # the watchdog below still covers it
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request above took effect
        os._exit(1)
    # Portable fallback (and a second guard): an orphan is re-parented, so its parent pid changes.
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="contentlint-parent-watch").start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_PARENT_SECONDS)
    os._exit(1)


def _init_worker(parent: int, setup: Callable[..., None] | None, args: tuple[Any, ...]) -> None:
    die_with_parent(parent)
    # Ctrl-C reaches the whole process group; the parent decides how to stop, workers just finish.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if setup is not None:
        setup(*args)


def start_pool(
    processes: int, setup: Callable[..., None] | None = None, args: tuple[Any, ...] = ()
) -> ProcessPoolExecutor:
    """A pool of ``processes`` workers, each running ``setup(*args)`` once when it starts."""
    fork = sys.platform.startswith("linux")
    if fork:
        # What the parent holds now (pipeline, compiled rule tables) is moved out of the collector's reach:
        # a collection in a worker would otherwise write to every inherited object's header and copy
        # the parent's memory page by page.
        gc.freeze()
    context = multiprocessing.get_context("fork" if fork else None)
    pool = ProcessPoolExecutor(
        max_workers=processes, mp_context=context, initializer=_init_worker, initargs=(os.getpid(), setup, args)
    )
    if fork:
        try:
            _fork_now(pool)
        except BaseException:
            stop_now(pool)
            raise
    return pool


def _nothing() -> None:
    return None


def _fork_now(pool: ProcessPoolExecutor) -> None:
    """Start the workers now, with Ctrl-C held back until they exist.

    The executor forks them all at its first task. A SIGINT that lands while a fork runs the interpreter's
    after-fork hooks (logging releases its lock in one) is raised inside the hook, where it is printed and
    dropped, and the run goes on as if Ctrl-C had never been pressed. Held back, it is raised here once the
    forks are done."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pool.submit(_nothing).result()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def stop_now(pool: ProcessPoolExecutor) -> None:
    """Cancel what is queued and end the workers at once (Ctrl-C, an error): a worker mid-batch would
    otherwise keep the run alive until its batch is done."""
    # The executor keeps no public handle on its processes (and drops its private one on shutdown):
    # taken first, they are terminated once nothing new can start, which is what ends the run promptly.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    # The executor's thread closes its wake-up pipe once the workers are gone; an interpreter exit that came
    # first could write to the pipe as it closed (Python 3.11: "Exception ignored ... Bad file descriptor").
    if manager is not None:
        manager.join(timeout=5)


def ordered(pool: ProcessPoolExecutor, fn: Callable[[T], R], tasks: Iterable[T], window: int) -> Iterator[tuple[T, R]]:
    """Each task with ``fn(task)`` computed in the workers, in the tasks' order, with at most ``window``
    tasks in flight (so memory stays bounded however many tasks there are)."""
    in_flight: deque[tuple[T, Future[R]]] = deque()
    for task in tasks:
        in_flight.append((task, pool.submit(fn, task)))
        if len(in_flight) >= window:
            done, fut = in_flight.popleft()
            yield done, fut.result()
    while in_flight:
        done, fut = in_flight.popleft()
        yield done, fut.result()


def unordered(pool: ProcessPoolExecutor, fn: Callable[[T], R], tasks: Iterable[T], window: int) -> Iterator[R]:
    """``fn(task)`` of each task in the workers, yielded as they finish, at most ``window`` in flight."""
    in_flight: set[Future[R]] = set()
    for task in tasks:
        in_flight.add(pool.submit(fn, task))
        if len(in_flight) >= window:
            done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
            yield from (fut.result() for fut in done)
    while in_flight:
        done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
        yield from (fut.result() for fut in done)
