"""Archive audits: sources (WXR, JSONL, HTML pages), the SQLite store, resume, Dask, reports."""

from __future__ import annotations

import errno
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import TextIO

import pytest

from contentlint.audit.run import run_audit
from contentlint.audit.sources import iter_source, prepare

from .browser import ARGS, CHROMIUM, needs_chromium
from .conftest import SAMPLES
from .test_cli import run

SPUN = (SAMPLES / "spun-vitamin-c-serum.txt").read_text()
WXR_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel><title>Blog</title>\n'
)


def _item(title: str, body: str, link: str, post_type: str = "post") -> str:
    return (
        f"<item><title>{title}</title><link>{link}</link><wp:post_type>{post_type}</wp:post_type>"
        f"<wp:status>publish</wp:status><content:encoded><![CDATA[{body}]]></content:encoded></item>\n"
    )


def test_wxr_posts_are_read_and_attachments_skipped(tmp_path: Path) -> None:
    wxr = tmp_path / "export.xml"
    wxr.write_text(
        WXR_HEAD
        + _item("Conveniences of Retinol", "<p>It deals many benefits.</p>", "https://b.example/r")
        + _item("logo", "x", "https://b.example/logo", "attachment")
        + "</channel></rss>\n"
    )
    items = list(iter_source(str(wxr), (), (), 10**7))
    assert [(i.uri, i.title, i.fmt) for i in items] == [("https://b.example/r", "Conveniences of Retinol", "html")]
    assert "<h1>Conveniences of Retinol</h1>" in items[0].text


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>',
        '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    ],
    ids=["billion-laughs", "external-entity"],
)
def test_hostile_wxr_is_refused_with_a_clear_message(tmp_path: Path, doctype: str) -> None:
    wxr = tmp_path / "evil.xml"
    body = "&lol3;" if "lol" in doctype else "&xxe;"
    wxr.write_text(
        '<?xml version="1.0"?>\n'
        + doctype
        + WXR_HEAD.split("\n", 1)[1]
        + _item("T", "x", "https://e.example/1").replace("x]]>", "x]]>" + "")
        + f"<title>{body}</title>"
        + "</channel></rss>\n"
    )
    items = list(iter_source(str(wxr), (), (), 10**7))
    assert len(items) == 1 and items[0].error is not None
    assert items[0].error.startswith("refused: the XML declares entities")


def test_jsonl_pages_are_extracted_and_bad_lines_reported(tmp_path: Path) -> None:
    page = (
        "<html><body><nav>Accept mouse click the up coming document now</nav><article><h1>Sunscreen</h1>"
        "<p>Wear sunscreen every day and reapply it after swimming. It deals many benefits for every skin "
        "type, and a hat helps too when the sun is strong at midday.</p></article>"
        "<footer>Leave a comment</footer></body></html>"
    )
    jsonl = tmp_path / "crawl.jsonl"
    jsonl.write_text(
        json.dumps({"url": "https://s.example/a", "html": page})
        + "\n"
        + json.dumps({"url": "https://s.example/b", "text": "Tips\n\nAllow's begin.\n"})
        + "\n"
        + "{broken\n"
        + json.dumps([1, 2])
        + "\n"
    )
    items = [prepare(i) for i in iter_source(str(jsonl), (), (), 10**7)]
    assert [i.uri for i in items[:2]] == ["https://s.example/a", "https://s.example/b"]
    assert "mouse click" not in items[0].text and "Leave a comment" not in items[0].text  # boilerplate gone
    assert "deals many benefits" in items[0].text
    assert items[2].error and "not JSON" in items[2].error
    assert items[3].error and "not a JSON object" in items[3].error


def _archive(tmp_path: Path, n: int) -> Path:
    root = tmp_path / "archive"
    root.mkdir()
    paragraphs = [p for p in SPUN.split("\n\n") if len(p) > 60]
    for i in range(n):
        body = "\n\n".join(paragraphs[(i + k) % len(paragraphs)] for k in range(4))
        (root / f"post-{i:03d}.txt").write_text(f"Post Number {i}\n\n{body}\n")
    (root / "copy.txt").write_text((root / "post-000.txt").read_text())
    return root


def _rows(db: Path) -> tuple[list[tuple], list[tuple]]:  # type: ignore[type-arg]
    con = sqlite3.connect(db)
    docs = con.execute(
        "SELECT source, uri, content_hash, title, words, score, grade, spin, flesch_reading_ease, error, text "
        "FROM documents ORDER BY uri"
    ).fetchall()
    findings = con.execute(
        'SELECT d.uri, f.rule, f.start, f."end", f.line, f."column", f.text, f.suggestion, f.severity FROM findings f '
        "JOIN documents d ON d.id = f.document_id ORDER BY d.uri, f.start, f.rule"
    ).fetchall()
    con.close()
    return docs, findings


def test_store_resume_and_changed_documents(tmp_path: Path) -> None:
    root = _archive(tmp_path, 6)
    db = tmp_path / "a.sqlite"
    stats = run_audit([str(root)], db, processes=1, progress=False)
    assert stats.audited == 7 and stats.clusters["near-duplicate"] >= 1
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()
    again = run_audit([str(root)], db, processes=1, progress=False)
    assert again.audited == 0 and again.skipped == 7
    (root / "post-003.txt").write_text("Changed\n\nWear sunscreen every day.\n")
    third = run_audit([str(root)], db, processes=1, progress=False)
    assert third.audited == 1
    docs, findings = _rows(db)
    assert len(docs) == 7 and len({d[1] for d in docs}) == 7
    assert not [f for f in findings if f[0].endswith("post-003.txt")]


def _wait_for_documents(db: Path, count: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.02)
        if not db.exists():
            continue
        try:
            con = sqlite3.connect(db, timeout=1)
            n = con.execute("SELECT count(*) FROM documents").fetchone()[0]
            con.close()
        except sqlite3.OperationalError:
            continue
        if n >= count:
            return


def test_killed_run_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    root = _archive(tmp_path, 400)
    db = tmp_path / "a.sqlite"
    proc = subprocess.Popen(
        [sys.executable, "-m", "contentlint", "audit", str(root), "--db", str(db), "-j", "1", "--no-progress"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait_for_documents(db, 5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial, _ = _rows(db)
    assert 5 <= len(partial) < 401, "the run finished before it could be killed"
    stats = run_audit([str(root)], db, processes=1, progress=False)
    assert stats.skipped == len(partial)
    docs, findings = _rows(db)
    fresh = tmp_path / "fresh.sqlite"
    run_audit([str(root)], fresh, processes=1, progress=False)
    assert (docs, findings) == _rows(fresh)


def _writer(fifo: Path, reader: subprocess.Popen[str], timeout: float = 120) -> TextIO:
    """The FIFO opened for writing once ``reader`` has opened it to read (a blocking open would hang the test
    if the reader died first)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError as exc:  # ENXIO: no reader yet
            if exc.errno != errno.ENXIO or reader.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
    os.set_blocking(fd, True)
    return os.fdopen(fd, "w", encoding="utf-8")


def test_interrupt_stops_cleanly(tmp_path: Path) -> None:
    # The archive is a JSON Lines feed through a FIFO that this test keeps open: the audit has linted and
    # committed what was written and waits for more when Ctrl-C comes, however fast it lints (with a
    # folder of 2,000 files, a fast run could end before the signal landed).
    feed = tmp_path / "feed.jsonl"
    os.mkfifo(feed)
    db = tmp_path / "a.sqlite"
    command = [sys.executable, "-m", "contentlint", "audit", str(feed), "--db", str(db), "-j", "2", "--no-progress"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    paragraphs = [p for p in SPUN.split("\n\n") if len(p) > 60]
    with _writer(feed, proc) as writer:
        for i in range(200):
            body = "\n\n".join(paragraphs[(i + k) % len(paragraphs)] for k in range(4))
            writer.write(json.dumps({"url": f"https://example.com/post-{i}", "text": f"Post {i}\n\n{body}"}) + "\n")
        writer.flush()
        _wait_for_documents(db, 10)  # interrupt once documents are being committed
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "resume" in err
    docs, _ = _rows(db)
    assert 10 <= len(docs) <= 200 and len(docs) == len({d[1] for d in docs})


def test_parallel_and_dask_runs_match_the_serial_one(tmp_path: Path) -> None:
    root = _archive(tmp_path, 12)
    serial, parallel, dask = (tmp_path / f"{n}.sqlite" for n in ("serial", "parallel", "dask"))
    run_audit([str(root)], serial, processes=1, progress=False)
    run_audit([str(root)], parallel, processes=2, progress=False)
    run_audit([str(root)], dask, backend="dask", processes=2, progress=False)
    assert _rows(parallel) == _rows(serial)
    assert _rows(dask) == _rows(serial)
    clusters = [
        sqlite3.connect(db)
        .execute("SELECT c.kind, d.uri FROM clusters c JOIN documents d ON d.id = c.document_id ORDER BY 1, 2")
        .fetchall()
        for db in (serial, dask)
    ]
    assert clusters[0] == clusters[1] and clusters[0]


def test_report_formats(tmp_path: Path) -> None:
    root = _archive(tmp_path, 3)
    db = tmp_path / "a.sqlite"
    run_audit([str(root), str(SAMPLES)], db, processes=1, progress=False)
    data = json.loads(run("report", str(db), "--format", "json").stdout)
    assert data["summary"]["documents"] == 4 + len(list(SAMPLES.iterdir()))
    assert data["histogram"] and sum(data["histogram"]) == data["summary"]["documents"]
    csv_text = run("report", str(db), "-f", "csv").stdout
    assert csv_text.splitlines()[0].startswith("source,uri,title,words,score")
    assert run("report", str(tmp_path / "nope.sqlite")).returncode == 2


HOSTILE_TEXT = "A quoted tag\n\nIt reads <!--<script> then </script> and <!-- and ]]> & more, on one line.\n"


@needs_chromium
def test_html_report_in_a_real_browser(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    root = _archive(tmp_path, 4)
    db = tmp_path / "a.sqlite"
    # An article that quotes markup which ends or comments out a <script> must not blank the page.
    hostile = tmp_path / "hostile.jsonl"
    hostile.write_text(json.dumps({"url": "https://h.example/x", "text": HOSTILE_TEXT}) + "\n", encoding="utf-8")
    run_audit([str(root), str(SAMPLES), str(hostile)], db, processes=1, progress=False)
    page_file = tmp_path / "report.html"
    assert run("report", str(db), "-o", str(page_file)).returncode == 0
    html = page_file.read_text()
    assert "<script src" not in html and "<link " not in html  # self-contained
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=ARGS,
        )
        page = browser.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_file.as_uri())
        assert page.locator("#histogram rect.bar").count() == 10
        assert page.locator("#categories rect.bar").count() == 6
        rows = page.locator("#documents tbody tr")
        total = rows.count()
        assert total == 6 + len(list(SAMPLES.iterdir()))
        scores = [float(s) for s in rows.locator("td:first-child").all_inner_texts() if s != "-"]
        assert scores == sorted(scores)
        page.click('#documents th[data-key="score"]')
        scores = [float(s) for s in rows.locator("td:first-child").all_inner_texts() if s != "-"]
        assert scores == sorted(scores, reverse=True)
        page.fill("#filter", "post-001")
        assert rows.count() == 1
        page.fill("#filter", "")
        page.select_option("#grade", "A")
        assert 0 < rows.count() < total
        page.select_option("#grade", "")
        page.click("#documents tbody tr:has-text('post-001')")
        assert page.locator("#article mark").count() > 3
        assert page.locator("#clusters li").count() >= 1
        page.click("#documents tbody tr:has-text('h.example')")
        assert page.locator("#article").inner_text().strip() == HOSTILE_TEXT.strip()
        browser.close()
    assert errors == []


def test_audit_usage_errors_are_one_line(tmp_path: Path) -> None:
    proc = run("audit", str(tmp_path / "missing"), "--db", str(tmp_path / "a.sqlite"))
    assert proc.returncode == 2 and "no such file or directory" in proc.stderr and "Traceback" not in proc.stderr
    (tmp_path / "posts").mkdir()
    (tmp_path / "not.sqlite").write_text("this is not a database, just text " * 40)
    proc = run("audit", str(tmp_path / "posts"), "--db", str(tmp_path / "not.sqlite"))
    assert proc.returncode == 2 and "audit database" in proc.stderr and "Traceback" not in proc.stderr
    proc = run("audit", str(tmp_path / "posts"), "--db", str(tmp_path / "no-dir" / "a.sqlite"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_lsh_parameters_are_datasketchs_optimum() -> None:
    from datasketch.lsh import _optimal_param

    from contentlint.audit.analysis import LSH_PARAMS
    from contentlint.audit.worker import NUM_PERM

    for threshold, params in LSH_PARAMS.items():
        assert _optimal_param(threshold, NUM_PERM, 0.5, 0.5) == params
