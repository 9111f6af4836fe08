"""The per-document work of an audit: lint, score, and sketch the text for archive-level comparison.

It runs in worker processes (local or Dask), each with its own cached spaCy pipeline; inputs and
results are small picklable records.
"""

from __future__ import annotations

import functools
import json
import re
import time
import zlib
from dataclasses import dataclass, field
from typing import Any

from ..api import Linter
from ..config import Config
from ..document import Document
from ..formats import load_string
from ..model import FileReport
from .sources import Item, prepare

NUM_PERM = 64
SCHEME = "affine32"  # datasketch 2 hashing scheme; stored signatures are read back with the same one
SHINGLE = 5
# Words spinners leave alone (technical and rare ones) mark articles spun from one seed (DSpin).
_WORD = re.compile(r"[a-z][a-z'-]{2,}")
FAMILY_MIN_LENGTH = 8


@dataclass
class DocResult:
    source: str
    uri: str
    content_hash: str
    fmt: str
    title: str = ""
    words: int = 0
    score: float | None = None
    grade: str | None = None
    spin: float | None = None
    flesch_reading_ease: float | None = None
    flesch_kincaid_grade: float | None = None
    error: str | None = None
    text: str = ""
    signature: bytes | None = None
    family_tokens: bytes | None = None
    findings: list[tuple] = field(default_factory=list)  # type: ignore[type-arg]
    # The findings as stored (see encode_findings); set by the worker, which leaves ``findings`` empty,
    # so a result crosses to the parent as one string and is stored without a Python object per finding.
    findings_data: str | None = None
    unchanged: bool = False  # already in the database with the same raw input: nothing to store
    seconds: float = 0.0  # the worker's CPU time on it (not stored: for the parallel efficiency of a run)
    idle: float = 0.0  # on a batch's first result: the worker's wait since its previous batch (not stored)


@functools.cache
def _permutations() -> Any:
    from ..startup import defer_scipy_integrate

    defer_scipy_integrate()  # datasketch imports scipy.integrate for LSH parameters only
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations


def _minhash(tokens: set[str]) -> bytes | None:
    if not tokens:
        return None
    from ..startup import defer_scipy_integrate

    defer_scipy_integrate()  # datasketch imports scipy.integrate for LSH parameters only
    from datasketch import MinHash

    # crc32: a stable 32-bit hash in C; datasketch's default (sha1 in Python) costs more than the linting.
    # The permutations depend only on the seed: generated once per process, not per document.
    m = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME, hashfunc=zlib.crc32, permutations=_permutations())
    m.update_batch([t.encode("utf-8") for t in sorted(tokens)])
    return m.hashvalues.astype("<u8").tobytes()


def sketches(text: str) -> tuple[bytes | None, bytes | None]:
    """MinHash of word 5-shingles (near-duplicates) and of the long words (spin families)."""
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1))}
    rare = {w for w in words if len(w) >= FAMILY_MIN_LENGTH}
    return _minhash(shingles), _minhash(rare)


def audit_item(item: Item, known_hash: str | None = None, config: Config | None = None) -> DocResult:
    """Prepare and lint one item; an item whose raw input still has ``known_hash`` is not linted again.

    Whatever goes wrong with one document (reading, extraction, linting) becomes its error row: an
    archive audit must not stop at a bad record."""
    started = time.process_time()  # CPU time: on a loaded machine, wall time would count waiting too
    try:
        result = _audit_item(item, known_hash, config)
    except Exception as exc:
        # No content hash: the next run tries the document again rather than skipping it as done.
        result = DocResult(item.source, item.uri, "", item.fmt, error=f"cannot audit: {exc.__class__.__name__}: {exc}")
    result.seconds = time.process_time() - started
    return result


def _audit_item(item: Item, known_hash: str | None, config: Config | None) -> DocResult:
    result, document = _prepared(item, known_hash)
    if document is None:
        return result
    try:
        report = Linter(config or Config(), explain=False).lint_document(document)
    except Exception as exc:  # one bad document must not stop an archive audit
        result.error = f"cannot analyse: {exc}"
        return result
    return _filled(result, document, report)


def _prepared(item: Item, known_hash: str | None) -> tuple[DocResult, Document | None]:
    """The item read and extracted: its result so far, and the document to lint (None: nothing to lint)."""
    item = prepare(item)
    if known_hash is not None and item.raw_hash == known_hash:
        return DocResult(item.source, item.uri, item.raw_hash, item.fmt, unchanged=True), None
    result = DocResult(item.source, item.uri, item.raw_hash, item.fmt, item.title, error=item.error)
    if item.error is not None:
        return result, None
    try:
        return result, load_string(item.text, item.uri, item.fmt)
    except Exception as exc:  # one bad document must not stop an archive audit
        result.error = f"cannot analyse: {exc}"
        return result, None


def _filled(result: DocResult, document: Document, report: FileReport) -> DocResult:
    """``result`` with what the lint found and the text's sketches."""
    result.text = document.source
    result.words = report.words
    if report.score is not None:
        result.score, result.grade = report.score.value, report.score.grade
    if report.readability is not None:
        result.flesch_reading_ease = round(report.readability.flesch_reading_ease, 1)
        result.flesch_kincaid_grade = round(report.readability.flesch_kincaid_grade, 1)
    result.findings_data = encode_findings(
        [
            [
                f.rule,
                f.name,
                f.category,
                f.severity.value,
                f.start,
                f.end,
                f.line,
                f.column,
                f.text,
                f.suggestion,
                f.message,
            ]
            for f in report.findings
        ]
    )
    # The document spin signal (contentlint.spin.signal): statistical unless CL102 is ignored.
    result.spin = report.spin.value if report.spin is not None else None
    result.signature, result.family_tokens = sketches(document.text)
    return result


def _stage(
    orders: list[tuple[Item, str | None]],
) -> tuple[list[tuple[DocResult | None, Document | None]], list[float]]:
    """_prepared of each order (``(None, None)`` where it fails: audit_item then makes the error row), and
    the CPU time of each."""
    staged: list[tuple[DocResult | None, Document | None]] = []
    cpu = []
    for item, known in orders:
        started = time.process_time()
        try:
            staged.append(_prepared(item, known))
        except Exception:
            staged.append((None, None))
        cpu.append(time.process_time() - started)
    return staged, cpu


def _audit_together(orders: list[tuple[Item, str | None]], config: Config | None) -> list[DocResult]:
    """audit_item of each order, with the documents linted as one batch of Linter.lint_documents (one
    nlp.pipe, one spin detector call). A document the batch reports an error for, or whose result cannot
    be made, is audited again alone, so that its error row reads as audit_item writes it; an exception
    that escapes the batch audits every document alone."""
    staged, cpu = _stage(orders)
    todo = [k for k, (_, document) in enumerate(staged) if document is not None]
    documents = [document for _, document in staged if document is not None]
    started = time.process_time()
    try:
        reports = list(Linter(config or Config(), explain=False).lint_documents(documents, len(documents) or 1))
    except Exception:
        return [audit_item(item, known, config) for item, known in orders]
    shared = (time.process_time() - started) / max(len(todo), 1)  # the batch's CPU time, shared out evenly
    results: list[DocResult | None] = [result for result, _ in staged]
    for k, report in zip(todo, reports, strict=True):
        started = time.process_time()
        result, document = staged[k]
        try:
            results[k] = None if report.error else _filled(result, document, report)  # type: ignore[arg-type]
        except Exception:
            results[k] = None
        cpu[k] += shared + time.process_time() - started
    out = []
    for k, result in enumerate(results):
        if result is None:
            out.append(audit_item(*orders[k], config))
            continue
        result.seconds = cpu[k]
        out.append(result)
    return out


def encode_findings(findings: list[tuple] | list[list]) -> str | None:  # type: ignore[type-arg]
    """Findings as the database stores them: one compact JSON array of arrays (None when there are none).

    Non-ASCII characters are kept as they are: a string SQLite cannot store (a lone surrogate) is then
    refused when the row is written, and the document becomes an error row as before."""
    if not findings:
        return None
    return json.dumps(findings, ensure_ascii=False, separators=(",", ":"))


_previous_batch_end: list[float] = []  # in this worker process


def audit_batch(orders: list[tuple[Item, str | None]], config: Config | None = None) -> list[DocResult]:
    """Audit a task's documents. The first result also carries how long this worker waited between its
    previous task and this one (for its result to be taken, for work to arrive): the parent's share
    of a parallel run's time, which the benchmark reports."""
    started = time.perf_counter()
    results = _audit_together(orders, config) if len(orders) > 1 else [audit_item(*order, config) for order in orders]
    if results and _previous_batch_end:
        results[0].idle = started - _previous_batch_end[0]
    _previous_batch_end[:] = [time.perf_counter()]
    return results
