"""`contentlint report audit.sqlite`: the audit as one self-contained HTML page, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

from ..model import CATEGORIES

WORST = 1000  # rows in the HTML table
DETAILED = 200  # articles whose text and highlighted findings the HTML page carries
# Cluster lists are capped so that the page stays a few MB however large the archive: the biggest
# groups first, each with its first members; the totals say how much was left out.
CLUSTER_GROUPS = 50
CLUSTER_MEMBERS = 25


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    db.row_factory = sqlite3.Row
    return db


def collect(path: Path) -> dict[str, Any]:
    db = _connect(path)
    summary = dict(
        db.execute(
            "SELECT count(*) AS documents, coalesce(sum(words), 0) AS words, round(avg(score), 1) AS mean_score, "
            "sum(error IS NOT NULL) AS errors FROM documents"
        ).fetchone()
    )
    summary["findings"], by_category, by_rule, counts = _tallies(db)
    histogram = [0] * 10
    for (score,) in db.execute("SELECT score FROM documents WHERE score IS NOT NULL"):
        histogram[min(9, int(score // 10))] += 1
    documents = []
    for row in db.execute(
        "SELECT id, source, uri, title, words, score, grade, spin, flesch_reading_ease, error FROM documents "
        "ORDER BY score IS NULL, score ASC, id LIMIT ?",
        (WORST,),
    ):
        doc = dict(row)
        doc["counts"] = counts.get(row["id"], {})
        documents.append(doc)
    details = {}
    for doc in documents[:DETAILED]:
        text = db.execute("SELECT text FROM documents WHERE id=?", (doc["id"],)).fetchone()[0] or ""
        # Sorted here, not by SQL: a stable sort keeps findings at one offset in the order the linter
        # reported them, in the findings view as in the table of earlier versions' databases.
        findings = sorted(
            (
                dict(f)
                for f in db.execute(
                    'SELECT rule, name, category, severity, start, "end", line, "column", text, suggestion, message '
                    "FROM findings WHERE document_id=?",
                    (doc["id"],),
                )
            ),
            key=lambda f: f["start"],
        )
        details[doc["id"]] = {"text": text, "findings": findings}
    clusters, cluster_sizes = _clusters(db)
    db.close()
    return {
        "summary": summary,
        "by_category": by_category,
        "by_rule": by_rule,
        "histogram": histogram,
        "documents": documents,
        "details": details,
        "clusters": clusters,
        "cluster_sizes": cluster_sizes,
    }


Tallies = tuple[int, dict[str, int], list[dict[str, Any]], dict[int, dict[str, int]]]


def _tallies(db: sqlite3.Connection) -> Tallies:
    """Findings in all, by category, by rule (with their documents) and by document and category, from one
    pass over the findings (each pass over the view expands every document's JSON again)."""
    total, by_category = 0, {c: 0 for c in CATEGORIES}
    counts: dict[int, dict[str, int]] = {}
    rules: dict[str, dict[str, Any]] = {}
    docs_of: dict[str, set[int]] = {}
    extra: dict[str, int] = {}
    for doc_id, rule, name, category, n in db.execute(
        "SELECT document_id, rule, name, category, count(*) FROM findings GROUP BY 1, 2, 3, 4"
    ):
        total += n
        if category in by_category:
            by_category[category] += n
        else:
            extra[category] = extra.get(category, 0) + n
        entry = rules.setdefault(rule, {"rule": rule, "name": name, "category": category, "findings": 0})
        entry["findings"] += n
        docs_of.setdefault(rule, set()).add(doc_id)
        per_doc = counts.setdefault(doc_id, {})
        per_doc[category] = per_doc.get(category, 0) + n
    by_category.update(sorted(extra.items()))
    by_rule = [{**rules[r], "documents": len(docs_of[r])} for r in sorted(rules)]
    # Categories in name order within each document, as a GROUP BY over them listed them.
    return total, by_category, by_rule, {d: dict(sorted(c.items())) for d, c in counts.items()}


def _clusters(db: sqlite3.Connection) -> tuple[dict[str, list[list[dict[str, Any]]]], dict[str, Any]]:
    """The first CLUSTER_GROUPS groups of each kind with their first CLUSTER_MEMBERS members; and per kind,
    how many groups there are and the full size of each group shown."""
    clusters: dict[str, list[list[dict[str, Any]]]] = {}
    sizes: dict[str, Any] = {}
    for kind in ("spin-family", "near-duplicate", "duplicate-title"):
        total = db.execute("SELECT count(DISTINCT cluster) FROM clusters WHERE kind=?", (kind,)).fetchone()[0]
        shown = db.execute(
            "SELECT count(*) FROM clusters WHERE kind=? AND cluster <= ? GROUP BY cluster ORDER BY cluster",
            (kind, CLUSTER_GROUPS),
        )
        sizes[kind] = {"groups": total, "sizes": [n for (n,) in shown]}
        groups: dict[int, list[dict[str, Any]]] = {}
        for cluster, doc_id, uri, title, score in db.execute(
            "SELECT c.cluster, d.id, d.uri, d.title, d.score FROM clusters c JOIN documents d ON d.id = c.document_id "
            "WHERE c.kind=? AND c.cluster <= ? ORDER BY c.cluster, d.id",
            (kind, CLUSTER_GROUPS),
        ):
            members = groups.setdefault(cluster, [])
            if len(members) < CLUSTER_MEMBERS:
                members.append({"id": doc_id, "uri": uri, "title": title, "score": score})
        clusters[kind] = list(groups.values())
    return clusters, sizes


def render_json(path: Path) -> str:
    data = collect(path)
    data.pop("details")
    return json.dumps(data, indent=2, ensure_ascii=False)


def render_csv(path: Path) -> str:
    db = _connect(path)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["source", "uri", "title", "words", "score", "grade", "spin", "flesch_reading_ease", "error", *CATEGORIES]
    )
    counts: dict[int, dict[str, int]] = {}
    for doc_id, category, n in db.execute("SELECT document_id, category, count(*) FROM findings GROUP BY 1, 2"):
        counts.setdefault(doc_id, {})[category] = n
    for row in db.execute(
        "SELECT id, source, uri, title, words, score, grade, spin, flesch_reading_ease, error "
        "FROM documents ORDER BY score IS NULL, score, id"
    ):
        c = counts.get(row["id"], {})
        writer.writerow(
            [
                row["source"],
                row["uri"],
                row["title"],
                row["words"],
                row["score"],
                row["grade"],
                row["spin"],
                row["flesch_reading_ease"],
                row["error"],
                *(c.get(k, 0) for k in CATEGORIES),
            ]
        )
    db.close()
    return out.getvalue()


# Characters that could end or change the <script> holding the data (</script>, <!--, ]]>) or a JS string
# (U+2028/9 in older engines), written as JSON escapes: the same string to JSON.parse and to JavaScript.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_json(data: Any) -> str:
    """``data`` as JSON that can sit inside an HTML <script> element whatever its strings contain."""
    return json.dumps(data, ensure_ascii=False).translate(_SCRIPT_SAFE)


def render_html(path: Path) -> str:
    return _page().replace("__DATA__", script_json(collect(path)))


def _page() -> str:
    """The report template (contentlint/audit/report.html): CSS and JavaScript inline, no network."""
    return (Path(__file__).with_name("report.html")).read_text(encoding="utf-8")


def render(path: Path, fmt: str) -> str:
    if not path.is_file():
        from ..errors import InputError

        raise InputError(str(path), "no such audit database")
    return {"html": render_html, "csv": render_csv, "json": render_json}[fmt](path)
