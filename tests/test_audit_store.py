"""The audit database's layout: findings stored as one JSON column per document, read through a view,
and databases of the earlier layout (a findings table) still reported identically and migrated."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from contentlint.audit.report import render
from contentlint.audit.run import run_audit
from contentlint.audit.sources import Item
from contentlint.audit.store import Store
from contentlint.audit.worker import DocResult, audit_item

from .test_audit import _archive, _rows

# The findings table of databases written before the findings moved into the documents' rows.
EARLIER_FINDINGS_TABLE = """
CREATE TABLE findings_table (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    rule TEXT NOT NULL, name TEXT NOT NULL, category TEXT NOT NULL, severity TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, line INTEGER NOT NULL, "column" INTEGER NOT NULL,
    text TEXT NOT NULL, suggestion TEXT, message TEXT NOT NULL
);
INSERT INTO findings_table (document_id, rule, name, category, severity, start, "end", line, "column", text,
                            suggestion, message)
    SELECT document_id, rule, name, category, severity, start, "end", line, "column", text, suggestion, message
    FROM findings ORDER BY document_id, seq;
DROP VIEW findings;
ALTER TABLE findings_table RENAME TO findings;
CREATE INDEX findings_document ON findings(document_id);
ALTER TABLE documents DROP COLUMN findings_data;
"""


def _reports(db: Path) -> dict[str, str]:
    return {fmt: render(db, fmt) for fmt in ("html", "csv", "json")}


def _earlier_layout(db: Path, copy: Path) -> None:
    """A copy of ``db`` as an earlier version would have written it."""
    src, dst = sqlite3.connect(db), sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    dst.executescript(EARLIER_FINDINGS_TABLE)
    dst.close()


def _kind(db: Path, name: str) -> str | None:
    con = sqlite3.connect(db)
    row = con.execute("SELECT type FROM sqlite_master WHERE name=?", (name,)).fetchone()
    con.close()
    return row[0] if row else None


def test_an_earlier_database_gives_the_same_report_before_and_after_migration(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    run_audit([str(_archive(tmp_path, 5))], db, processes=1, progress=False)
    expected, rows = _reports(db), _rows(db)
    assert len(rows[1]) > 20 and json.loads(expected["json"])["summary"]["findings"] == len(rows[1])
    old = tmp_path / "old.sqlite"
    _earlier_layout(db, old)
    assert _kind(old, "findings") == "table"
    assert _reports(old) == expected  # read as it is, without migrating (the report opens it read-only)
    Store(old).close()
    assert _kind(old, "findings") == "view" and _kind(old, "findings_document") is None
    assert _reports(old) == expected and _rows(old) == rows


def test_a_migrated_database_resumes_without_relinting(tmp_path: Path) -> None:
    root = _archive(tmp_path, 3)
    db, old = tmp_path / "a.sqlite", tmp_path / "old.sqlite"
    run_audit([str(root)], db, processes=1, progress=False)
    _earlier_layout(db, old)
    stats = run_audit([str(root)], old, processes=1, progress=False)
    assert (stats.audited, stats.skipped) == (0, 4)
    assert _rows(old) == _rows(db)


def _doc(uri: str, text: str, rule: str) -> DocResult:
    finding = (rule, "a-rule", "spun-phrase", "warning", 0, 4, 1, 1, text[:4], None, f"about {text}")
    return DocResult("src", uri, f"hash {text}", "text", text=text, findings=[finding])


def test_a_document_twice_in_one_batch_keeps_the_later(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.sqlite")
    store.save_many([_doc("u1", "first text", "CL001"), _doc("u2", "other", "CL002"), _doc("u1", "second", "CL003")])
    docs = store.db.execute("SELECT uri, text FROM documents ORDER BY uri").fetchall()
    findings = store.db.execute(
        "SELECT d.uri, f.rule, f.message FROM findings f JOIN documents d ON d.id = f.document_id ORDER BY d.uri"
    ).fetchall()
    store.close()
    assert docs == [("u1", "second"), ("u2", "other")]
    assert findings == [("u1", "CL003", "about second"), ("u2", "CL002", "about other")]


def test_the_view_gives_back_what_the_worker_found(tmp_path: Path) -> None:
    text = "Our cream is the best cream ever made.\n\nIt is a game changer, believe it or not.\n"
    result = audit_item(Item("src", "doc.txt", text, "text"))
    # One string crosses to the parent: no Python object per finding to unpickle or to bind.
    assert result.findings == [] and isinstance(result.findings_data, str)
    store = Store(tmp_path / "a.sqlite")
    store.save_many([result])
    stored = store.db.execute(
        'SELECT rule, name, category, severity, start, "end", line, "column", text, suggestion, message '
        "FROM findings ORDER BY seq"
    ).fetchall()
    store.close()
    assert stored and stored == [tuple(f) for f in json.loads(result.findings_data)]
    assert all(isinstance(f[4], int) and isinstance(f[8], str) for f in stored)
