"""The audit database: SQLite in WAL mode, one transaction per document.

A document row and its findings are written in one transaction, so a run killed at any moment
leaves each document either fully recorded or absent; ``UNIQUE(source, uri)`` and the replace
below mean a re-audit never duplicates a row.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from .worker import DocResult

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
    UNIQUE (source, uri)
);
CREATE TABLE IF NOT EXISTS findings (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    rule TEXT NOT NULL,
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    severity TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    line INTEGER NOT NULL,
    "column" INTEGER NOT NULL,
    text TEXT NOT NULL,
    suggestion TEXT,
    message TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS clusters (
    kind TEXT NOT NULL,
    cluster INTEGER NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (kind, cluster, document_id)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE INDEX IF NOT EXISTS findings_document ON findings(document_id);
CREATE INDEX IF NOT EXISTS findings_rule ON findings(rule);
CREATE INDEX IF NOT EXISTS findings_category ON findings(category);
CREATE INDEX IF NOT EXISTS documents_score ON documents(score);
CREATE INDEX IF NOT EXISTS documents_hash ON documents(content_hash);
"""


class Store:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def known_hash(self, source: str, uri: str) -> str | None:
        row = self.db.execute("SELECT content_hash FROM documents WHERE source=? AND uri=?", (source, uri)).fetchone()
        return row[0] if row else None

    def save(self, result: DocResult) -> None:
        """Record one document and its findings atomically (replacing an earlier audit of it)."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("DELETE FROM documents WHERE source=? AND uri=?", (result.source, result.uri))
            cur = db.execute(
                "INSERT INTO documents (source, uri, content_hash, title, format, words, score, grade, spin, "
                "flesch_reading_ease, flesch_kincaid_grade, error, text, signature, family_tokens, audited_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
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
                    datetime.now(UTC).isoformat(timespec="seconds"),
                ),
            )
            doc_id = cur.lastrowid
            db.executemany(
                'INSERT INTO findings (document_id, rule, name, category, severity, start, "end", line, "column", '
                "text, suggestion, message) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [(doc_id, *f) for f in result.findings],
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

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
