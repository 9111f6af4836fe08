"""Audits on hostile input and in hostile conditions: bad records, spellings of one source, concurrent
runs, killed runs and killed parents, scripts inside articles, and very large cluster lists."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from contentlint.audit.report import CLUSTER_MEMBERS, collect, render_html
from contentlint.audit.run import ETA_MIN_DOCUMENTS, Progress, run_audit
from contentlint.audit.store import Store
from contentlint.audit.worker import DocResult, audit_item
from contentlint.errors import InputError

from .test_audit import _archive, _rows, _wait_for_documents
from .test_cli import run

GOOD = "Sunscreen tips\n\nWear sunscreen every day, and reapply it after a swim in the sea.\n"


def _jsonl(path: Path, records: list[str]) -> Path:
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    return path


def test_a_lone_surrogate_becomes_an_error_row_and_the_run_goes_on(tmp_path: Path) -> None:
    # The JSON escape \ud800 decodes to a str that UTF-8 (and so SQLite) cannot hold.
    crawl = _jsonl(
        tmp_path / "crawl.jsonl",
        [
            json.dumps({"url": "u0", "text": GOOD}),
            '{"url":"u1","text":"bad \\ud800"}',
            json.dumps({"url": "u2", "text": GOOD.replace("sea", "lake")}),
        ],
    )
    db = tmp_path / "a.sqlite"
    proc = run("audit", str(crawl), "--db", str(db), "-j", "1", "--no-progress")
    assert proc.returncode == 2, proc.stderr  # as `check`: a document could not be linted
    assert "Traceback" not in proc.stderr
    assert re.search(r"crawl\.jsonl: u1: line 2: the \"text\" field is not valid Unicode", proc.stderr), proc.stderr
    docs, _ = _rows(db)
    by_uri = {d[1]: d for d in docs}
    assert sorted(by_uri) == ["u0", "u1", "u2"]
    assert by_uri["u0"][9] is None and by_uri["u2"][9] is None and by_uri["u0"][5] is not None
    assert "lone surrogate" in by_uri["u1"][9] and "character 4" in by_uri["u1"][9]
    again = run("audit", str(crawl), "--db", str(db), "-j", "1", "--no-progress")
    assert again.returncode == 2 and "Traceback" not in again.stderr
    assert "0 documents audited" in again.stderr and "3 unchanged" in again.stderr


def test_values_the_database_refuses_become_an_error_row(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.sqlite")
    good = DocResult("src", "ok", "h1", "text", title="Fine", text="fine", words=1)
    bad = DocResult("src", "b\udce9d", "h2", "text", title="t", text="x \ud800 y", words=3)
    store.save_many([good, bad])
    rows = store.db.execute("SELECT uri, error, text FROM documents ORDER BY id").fetchall()
    store.close()
    assert rows[0] == ("ok", None, "fine")
    assert rows[1][0] == "b\\udce9d" and rows[1][1].startswith("cannot store: UnicodeEncodeError") and rows[1][2] == ""


def _dying_batch(orders: object, config: object = None) -> None:
    os._exit(3)  # as a worker killed by the out-of-memory killer


def test_a_dead_worker_ends_the_run_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from contentlint.audit import run as audit_run
    from contentlint.errors import ContentlintError

    monkeypatch.setattr(audit_run, "audit_batch", _dying_batch)
    with pytest.raises(ContentlintError, match=r"a worker process died .* run the same command again to resume"):
        run_audit([str(_archive(tmp_path, 2))], tmp_path / "a.sqlite", processes=2, progress=False)
    assert Store(tmp_path / "a.sqlite").close() is None  # the lock was released


def test_a_worker_failure_is_the_documents_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from contentlint.audit import worker
    from contentlint.audit.sources import Item

    def broken(item: Item) -> Item:
        raise RuntimeError("extractor exploded")

    monkeypatch.setattr(worker, "prepare", broken)
    result = audit_item(Item("src", "page-7", "<p>x</p>", "html"))
    assert result.error == "cannot audit: RuntimeError: extractor exploded" and result.content_hash == ""


def test_a_file_name_that_is_not_utf8_is_stored(tmp_path: Path) -> None:
    root = tmp_path / "posts"
    root.mkdir()
    (root / "plain.txt").write_text(GOOD)
    try:
        with open(os.fsencode(root) + b"/caf\xe9.txt", "wb") as fh:
            fh.write(GOOD.encode())
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    stats = run_audit([str(root)], tmp_path / "a.sqlite", processes=1, progress=False)
    docs, _ = _rows(tmp_path / "a.sqlite")
    assert stats.audited == 2 and stats.errors == 0
    assert sorted(Path(d[1]).name for d in docs) == ["caf\\udce9.txt", "plain.txt"]


def test_every_spelling_of_a_source_is_one_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _archive(tmp_path, 3)
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "a.sqlite"
    first = run_audit(["archive"], db, processes=1, progress=False)
    assert first.audited == 4
    for spelling in ("archive/", "./archive", str(tmp_path / "archive"), str(tmp_path / "." / "archive") + "/"):
        again = run_audit([spelling], db, processes=1, progress=False)
        assert (again.audited, again.skipped) == (0, 4), spelling
    both = run_audit(["archive", "./archive/"], db, processes=1, progress=False)
    assert (both.audited, both.skipped) == (0, 4)
    docs, _ = _rows(db)
    assert len(docs) == 4 and {d[0] for d in docs} == {str((tmp_path / "archive").resolve())}


def test_databases_keyed_by_spelling_are_migrated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _archive(tmp_path, 3)
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "a.sqlite"
    run_audit(["archive"], db, processes=1, progress=False)
    expected = _rows(db)
    # As older versions stored them: the SOURCE as typed, file paths spelled from it, twice over.
    con = sqlite3.connect(db)
    key = str((tmp_path / "archive").resolve())
    con.execute("UPDATE documents SET source='archive/', uri=replace(uri, ?, 'archive/')", (key + "/",))
    con.execute(
        "INSERT INTO documents (source, uri, content_hash, audited_at) SELECT './archive', "
        "replace(uri, 'archive/', './archive/'), 'stale', audited_at FROM documents WHERE uri LIKE '%post-001%'"
    )
    con.commit()
    con.close()
    stats = run_audit(["archive"], db, processes=1, progress=False)
    assert (stats.audited, stats.skipped) == (1, 3)  # the later, stale spelling of post-001 was kept
    docs, findings = _rows(db)
    assert len(docs) == 4 and docs == expected[0] and findings == expected[1]


def test_a_second_writer_is_refused_at_once(tmp_path: Path) -> None:
    root = _archive(tmp_path, 1)
    db = tmp_path / "a.sqlite"
    holder = Store(db)
    try:
        with pytest.raises(InputError, match="another contentlint audit is writing to this database"):
            run_audit([str(root)], db, processes=1, progress=False)
        proc = run("audit", str(root), "--db", str(db), "-j", "1", "--no-progress")
        assert proc.returncode == 2 and "another contentlint audit" in proc.stderr
        assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    finally:
        holder.close()
    assert run_audit([str(root)], db, processes=1, progress=False).audited == 2  # free again


_KILL_MID_BATCH = """
import os, sys
from contentlint.audit.store import Store
from contentlint.audit.worker import DocResult

def doc(n):
    return DocResult("src", f"doc-{n}", f"h{n}", "text", text=f"text {n}", findings=[
        ("CL001", "rule", "spun-phrase", "warning", 0, 4, 1, 1, "text", None, "message")])

store = Store(sys.argv[1])
store.save_many(doc(n) for n in range(3))

def then_die():
    yield doc(3)
    yield doc(4)
    os._exit(9)  # killed while the second batch is being written

store.save_many(then_die())
"""


def test_a_killed_batch_is_lost_whole_and_never_duplicated(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    proc = subprocess.run([sys.executable, "-c", _KILL_MID_BATCH, str(db)], capture_output=True, text=True)
    assert proc.returncode == 9, proc.stderr
    con = sqlite3.connect(db)
    assert [u for (u,) in con.execute("SELECT uri FROM documents ORDER BY uri")] == ["doc-0", "doc-1", "doc-2"]
    assert con.execute("SELECT count(*) FROM findings").fetchone()[0] == 3
    with pytest.raises(sqlite3.IntegrityError):  # the database itself refuses a second row for a document
        con.execute("INSERT INTO documents (source, uri, content_hash, audited_at) VALUES ('src', 'doc-0', 'x', 'x')")
    con.close()
    store = Store(db)
    store.save_many([DocResult("src", f"doc-{n}", f"h{n}", "text") for n in range(5)])
    store.close()
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*), count(DISTINCT uri) FROM documents").fetchone() == (5, 5)
    assert con.execute("SELECT count(*) FROM findings").fetchone()[0] == 0  # replaced documents lose old findings
    con.close()


def test_the_first_progress_line_has_no_eta(capsys: pytest.CaptureFixture[str]) -> None:
    now = [0.0]
    progress = Progress(5000, enabled=True, interval=10, clock=lambda: now[0])
    now[0] = 10.5  # workers spent ten seconds loading, then the first document arrived
    progress.update()
    now[0] = 21.0
    progress.update(ETA_MIN_DOCUMENTS - 2)
    now[0] = 31.5
    progress.update(100 - ETA_MIN_DOCUMENTS + 1)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "audited 1/5000 documents, estimating the rate"
    assert lines[1] == f"audited {ETA_MIN_DOCUMENTS - 1}/5000 documents, estimating the rate"
    # 99 documents in the 21 s since the first: 4.7 docs/s, 4900 left.
    assert lines[2] == "audited 100/5000 documents, 4.7 docs/s, about 1039 s left"


def test_report_to_a_missing_directory_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    run_audit([str(_archive(tmp_path, 1))], db, processes=1, progress=False)
    proc = run("report", str(db), "-o", str(tmp_path / "missing" / "x.html"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip() == f"contentlint: error: {tmp_path / 'missing' / 'x.html'}: cannot write the report " + (
        "(No such file or directory)"
    )


HOSTILE = "Title\n\nIt says <!--<script> and </script> and <!-- and ]]> & \u2028 and \u2029 here.\n"


def _script_data(html: str) -> str:
    start = html.index("const DATA = ") + len("const DATA = ")
    return html[start : html.index(";\nconst el = ", start)]


def test_scripts_in_articles_cannot_break_the_report(tmp_path: Path) -> None:
    crawl = _jsonl(tmp_path / "hostile.jsonl", [json.dumps({"url": "https://h.example/</script>", "text": HOSTILE})])
    db = tmp_path / "a.sqlite"
    run_audit([str(crawl)], db, processes=1, progress=False)
    html = render_html(db)
    data = _script_data(html)
    assert not set(data) & set("<>&\u2028\u2029")
    parsed = json.loads(data)
    assert parsed == json.loads(json.dumps(collect(db)))
    assert next(iter(parsed["details"].values()))["text"] == HOSTILE
    assert html.count("</script>") == 1 and html.count("<script>") == 1


def test_report_cluster_lists_are_capped(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.sqlite")
    store.save_many(DocResult("src", f"doc-{n}", "h", "text", title="Same title") for n in range(300))
    ids = [i for (i,) in store.db.execute("SELECT id FROM documents ORDER BY id")]
    store.replace_clusters("duplicate-title", [ids[:200], ids[200:]])
    store.close()
    data = collect(tmp_path / "a.sqlite")
    assert data["cluster_sizes"]["duplicate-title"] == {"groups": 2, "sizes": [200, 100]}
    assert [len(g) for g in data["clusters"]["duplicate-title"]] == [CLUSTER_MEMBERS, CLUSTER_MEMBERS]


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    """Running (a zombie has ended: it only waits for a parent to collect its status)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _poll(condition: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers through /proc (Linux)")
def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    root = _archive(tmp_path, 1000)
    db = tmp_path / "a.sqlite"
    command = [sys.executable, "-m", "contentlint", "audit", str(root), "--db", str(db), "-j", "2", "--no-progress"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        assert _poll(lambda: len(_children(proc.pid)) >= 2, 120), "the audit started no workers"
        _wait_for_documents(db, 1)  # the workers are past their start-up and linting
        workers = _children(proc.pid)
        assert proc.poll() is None, "the audit finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _poll(lambda: not any(_alive(w) for w in workers), 60), "workers outlived their parent"
        assert proc.stdout is not None and proc.stdout.read() == b""  # the pipe is closed: `| cat` ends
        Store(db).close()  # and nothing holds the database's writer lock
    finally:
        proc.kill()
        for pid in workers:  # clean up after a failure (the pids are still ours while they run)
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


_ORPHAN = """
import os, sys, time
from contentlint.audit import run

parent = os.getpid()
child = os.fork()
if child == 0:
    sys.platform = "darwin"  # no prctl: the portable watchdog alone must notice the parent's death
    run.die_with_parent(parent)
    print(os.getpid(), flush=True)
    time.sleep(300)
    os._exit(0)
os.waitpid(child, 0)
"""


@pytest.mark.skipif(not hasattr(os, "fork") or not Path("/proc/self/stat").exists(), reason="forks; reads /proc")
def test_the_watchdog_ends_an_orphaned_worker_without_prctl() -> None:
    proc = subprocess.Popen([sys.executable, "-c", _ORPHAN], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    worker = int(proc.stdout.readline())
    try:
        assert _alive(worker)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _poll(lambda: not _alive(worker), 30), "the orphan kept running"
    finally:
        proc.kill()
        if _alive(worker):
            os.kill(worker, signal.SIGKILL)
