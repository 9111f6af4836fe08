"""The audit database: SQLite in WAL mode, documents written in batched transactions.

A document's findings are one JSON column of its row (``findings_data``, an array of
``[rule, name, category, severity, start, end, line, column, text, suggestion, message]`` arrays),
serialised by the worker that linted it; ``findings`` is a view that expands them into one row per
finding, so queries (the report's, users') read the same columns as when it was a table. Storing a
document is thus one row, whatever its number of findings: the parent does no work per finding.

A batch of documents and their findings is one transaction, so a run killed at any moment loses at
most the batch in flight and leaves each document either fully recorded or absent;
``UNIQUE(source, uri)`` and the replace below mean a re-audit never duplicates a row. A document that
cannot be stored becomes an error row, not a failed batch (the batch is then written again, each
document under its own savepoint).
One writer at a time: a second audit of the same database is refused while the first holds its lock.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from ..errors import InputError
from .sources import printable
from .worker import DocResult, encode_findings

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    uri TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    title TEXT,
    format TEXT,
    words INTEGER,
    score REAL,
    grade TEXT,
    spin REAL,
    flesch_reading_ease REAL,
    flesch_kincaid_grade REAL,
    error TEXT,
    text TEXT,
    signature BLOB,
    family_tokens BLOB,
    audited_at TEXT NOT NULL,
    findings_data TEXT,
    UNIQUE (source, uri)
);
CREATE TABLE IF NOT EXISTS clusters (
    kind TEXT NOT NULL,
    cluster INTEGER NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (kind, cluster, document_id)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE INDEX IF NOT EXISTS documents_score ON documents(score);
CREATE INDEX IF NOT EXISTS documents_hash ON documents(content_hash);
CREATE INDEX IF NOT EXISTS clusters_document ON clusters(document_id);
"""
# One row per finding, expanded by SQLite from each document's JSON; the columns of the former table
# (its ``id`` excepted: ``seq`` orders a document's findings as the linter reported them). json_extract
# rather than ->>, which SQLite only has since 3.38 (Ubuntu 22.04's Python links 3.37). Made again at
# every opening, so that a database always has the view of the code writing to it.
FINDING_COLUMNS = (
    "rule",
    "name",
    "category",
    "severity",
    "start",
    '"end"',
    "line",
    '"column"',
    "text",
    "suggestion",
    "message",
)
FINDINGS_VIEW = (
    "CREATE VIEW findings AS SELECT d.id AS document_id, j.key AS seq, "
    + ", ".join(f"json_extract(j.value, '$[{i}]') AS {name}" for i, name in enumerate(FINDING_COLUMNS))
    + " FROM documents d, json_each(d.findings_data) j"
)
# Earlier versions' findings table, folded into the documents' JSON in storage order (its index goes with it).
FOLD_FINDINGS_TABLE = """
UPDATE documents SET findings_data = (
    SELECT json_group_array(json_array(rule, name, category, severity, start, "end", line, "column", text,
                                       suggestion, message))
    FROM (SELECT * FROM findings f WHERE f.document_id = documents.id ORDER BY f.id)
) WHERE id IN (SELECT document_id FROM findings);
DROP TABLE findings;
"""
# Indexes of earlier versions, dropped: the report aggregates over all findings (a scan either way),
# and keeping them up to date cost a third of the time to store a document's ~80 findings. Without
# clusters_document, each re-audited document's cascade scanned the whole clusters table.
DROPPED = """
DROP INDEX IF EXISTS findings_rule;
DROP INDEX IF EXISTS findings_category;
"""


# Failures that belong to one document's values (a lone surrogate, an integer too large, a string over
# SQLite's limit); a full disk or a locked database is the run's problem and still stops it.
DOCUMENT_ERRORS = (ValueError, OverflowError, sqlite3.DataError, sqlite3.IntegrityError, sqlite3.InterfaceError)

INSERT_DOCUMENT = (
    "INSERT INTO documents (source, uri, content_hash, title, format, words, score, grade, spin, "
    "flesch_reading_ease, flesch_kincaid_grade, error, text, signature, family_tokens, findings_data, audited_at) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
DELETE_DOCUMENT = "DELETE FROM documents WHERE source=? AND uri=?"


_HELD: list[IO[str]] = []  # this process's writer locks


def _forget_inherited_locks() -> None:
    """In a forked child (a pool worker): drop the inherited lock files. An flock belongs to the open
    file, which the child would otherwise keep open, so the lock would outlive the parent's run."""
    for fh in _HELD:
        fh.close()
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_inherited_locks)


def lock_writer(path: Path) -> IO[str]:
    """Hold ``PATH.lock`` for the life of the returned file; raise InputError when another run holds it.

    An OS lock, not a row in the database: it is released when its process dies, even by kill -9.
    The file stays behind (deleting it would let two runs lock two different files)."""
    fh = open(f"{path}.lock", "a+", encoding="utf-8")  # noqa: SIM115 (held open for the whole run)
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        raise InputError(
            str(path), "another contentlint audit is writing to this database; wait for it to end or use another --db"
        ) from None
    _HELD.append(fh)
    return fh


class Store:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock: IO[str] | None = lock_writer(path)
        try:
            self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.executescript(SCHEMA + DROPPED)
            migrate_findings(self.db)
            migrate_source_keys(self.db)
        except BaseException:
            self._unlock()
            raise

    def _unlock(self) -> None:
        if self.lock is not None:
            if self.lock in _HELD:
                _HELD.remove(self.lock)
            self.lock.close()
            self.lock = None

    def close(self) -> None:
        self.db.close()
        self._unlock()

    def known_hash(self, source: str, uri: str) -> str | None:
        row = self.db.execute("SELECT content_hash FROM documents WHERE source=? AND uri=?", (source, uri)).fetchone()
        return row[0] if row else None

    def errors(self, sources: Iterable[str]) -> int:
        """Documents of these sources stored as errors (this run's and unchanged earlier ones)."""
        keys = list(sources)
        marks = ",".join("?" * len(keys))
        query = f"SELECT count(*) FROM documents WHERE error IS NOT NULL AND source IN ({marks})"
        return int(self.db.execute(query, keys).fetchone()[0]) if keys else 0

    def save(self, result: DocResult) -> None:
        self.save_many([result])

    def save_many(self, results: Iterable[DocResult]) -> None:
        """Record documents and their findings in one transaction (replacing earlier audits of them).

        The batch is first written whole (two statements); only when one of its documents has values the
        database refuses is it written again document by document, that one becoming an error row."""
        batch = list(results)
        if not batch:
            return
        audited_at = datetime.now(UTC).isoformat(timespec="seconds")
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            try:
                db.execute("SAVEPOINT batch")
                db.executemany(DELETE_DOCUMENT, [(r.source, r.uri) for r in batch])
                db.executemany(INSERT_DOCUMENT, [_row(r, audited_at) for r in batch])
            except DOCUMENT_ERRORS:
                # Also a document that comes twice in one batch (the later one must replace the earlier).
                db.execute("ROLLBACK TO batch")
                for result in batch:
                    self._save_one(result, audited_at)
            db.execute("RELEASE batch")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _save_one(self, result: DocResult, audited_at: str) -> None:
        db = self.db
        db.execute("SAVEPOINT document")
        try:
            _insert(db, result, audited_at)
        except DOCUMENT_ERRORS as exc:
            db.execute("ROLLBACK TO document")
            _insert(db, _unstorable(result, exc), audited_at)
        db.execute("RELEASE document")

    def signatures(self, column: str) -> Iterator[tuple[int, bytes]]:
        assert column in ("signature", "family_tokens")
        yield from self.db.execute(f"SELECT id, {column} FROM documents WHERE {column} IS NOT NULL ORDER BY id")

    def replace_clusters(self, kind: str, groups: list[list[int]]) -> None:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        db.execute("DELETE FROM clusters WHERE kind=?", (kind,))
        db.executemany(
            "INSERT INTO clusters (kind, cluster, document_id) VALUES (?,?,?)",
            [(kind, n, doc) for n, group in enumerate(groups, 1) for doc in group],
        )
        db.execute("COMMIT")

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


def _row(result: DocResult, audited_at: str) -> tuple[object, ...]:
    data = result.findings_data
    if data is None and result.findings:  # a result built in this process, not by a worker
        data = encode_findings(result.findings)
    return (
        result.source,
        result.uri,
        result.content_hash,
        result.title,
        result.fmt,
        result.words,
        result.score,
        result.grade,
        result.spin,
        result.flesch_reading_ease,
        result.flesch_kincaid_grade,
        result.error,
        result.text,
        result.signature,
        result.family_tokens,
        data,
        audited_at,
    )


def _insert(db: sqlite3.Connection, result: DocResult, audited_at: str) -> None:
    db.execute(DELETE_DOCUMENT, (result.source, result.uri))
    db.execute(INSERT_DOCUMENT, _row(result, audited_at))


def _unstorable(result: DocResult, exc: BaseException) -> DocResult:
    """The error row that replaces a document whose values the database refused."""
    return DocResult(
        printable(result.source),
        printable(result.uri),
        result.content_hash,
        result.fmt,
        error=printable(f"cannot store: {exc.__class__.__name__}: {exc}"),
    )


def migrate_findings(db: sqlite3.Connection) -> None:
    """Bring a database of an earlier version to the current layout, in one transaction: the
    ``findings_data`` column, the findings table folded into it, the view in its place."""
    columns = {name for (_, name, *_rest) in db.execute("PRAGMA table_info(documents)")}
    table = db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='findings'").fetchone()
    db.execute("BEGIN IMMEDIATE")
    try:
        if "findings_data" not in columns:
            db.execute("ALTER TABLE documents ADD COLUMN findings_data TEXT")
        if table is not None:
            for statement in FOLD_FINDINGS_TABLE.split(";"):
                if statement.strip():
                    db.execute(statement)
        db.execute("DROP VIEW IF EXISTS findings")
        db.execute(FINDINGS_VIEW)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _rekeyed_uri(uri: str, old: str, new: str, is_dir: bool) -> str:
    """An item's URI as the current code spells it under the resolved source ``new`` (URLs unchanged)."""
    if is_dir:
        if old in (".", "./"):
            return uri if "://" in uri else os.path.join(new, uri)
        prefix = old.rstrip("/") + "/"
        return os.path.join(new, uri[len(prefix) :].lstrip("/")) if uri.startswith(prefix) else uri
    if uri == old:
        return new
    return new + uri[len(old) :] if uri.startswith(old + ":") or uri.startswith(old + "#") else uri


def migrate_source_keys(db: sqlite3.Connection) -> None:
    """Re-key rows written by versions that stored SOURCE as spelled (``samples/``, ``./samples``).

    Relative spellings are resolved from the current directory, and only when that location exists;
    of several spellings of one document the latest audit is kept. Rows already keyed by their resolved
    location are left alone, so this costs one index scan when there is nothing to do."""
    spellings = [
        s
        for (s,) in db.execute("SELECT DISTINCT source FROM documents")
        if not os.path.isabs(s) or str(Path(s).resolve()) != s
    ]
    for old in spellings:
        new = Path(old).resolve()
        if not new.exists():
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            for doc_id, uri in db.execute("SELECT id, uri FROM documents WHERE source=?", (old,)).fetchall():
                _rekey_row(db, doc_id, str(new), _rekeyed_uri(uri, old, str(new), new.is_dir()))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise


def _rekey_row(db: sqlite3.Connection, doc_id: int, source: str, uri: str) -> None:
    other = db.execute("SELECT id FROM documents WHERE source=? AND uri=?", (source, uri)).fetchone()
    if other is not None and other[0] > doc_id:  # the same document audited later under another spelling
        db.execute("DELETE FROM documents WHERE id=?", (doc_id,))
        return
    if other is not None:
        db.execute("DELETE FROM documents WHERE id=?", (other[0],))
    db.execute("UPDATE documents SET source=?, uri=? WHERE id=?", (source, uri, doc_id))
