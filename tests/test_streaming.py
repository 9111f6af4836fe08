"""`check` streams: each file is written in its format as it is done and then dropped, and the streamed
text is exactly what rendering the whole run at once gives."""

from __future__ import annotations

import gc
import json
import weakref
from pathlib import Path

import pytest

from contentlint.api import Linter
from contentlint.checkrun import CheckRun
from contentlint.config import Config
from contentlint.model import FileReport
from contentlint.output import FORMATS, RenderContext, Totals, render

from .test_cli import run

SPUN = "Tips\n\nAllow's begin with the conveniences of retinol.\n"


def _reports(n: int) -> list[FileReport]:
    from contentlint import check_text

    out = [check_text(SPUN, path=f"post{i}.txt") for i in range(n)]
    return [*out, FileReport(path="broken.txt", error="binary file")] if n else out


@pytest.mark.parametrize("n", [0, 1, 3])
def test_streamed_json_is_json_dumps_of_the_whole_run(n: int) -> None:
    reports = _reports(n)
    files = [r.to_json() for r in reports]
    totals = Totals.of(reports)
    summary = {"files": totals.files, "findings": totals.findings, "errors": totals.errors}
    whole = json.dumps({"version": 1, "files": files, "summary": summary}, indent=2, ensure_ascii=False)
    assert render("json", reports) == whole + "\n"


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_a_finished_file_is_not_kept(fmt: str) -> None:
    written: list[str] = []
    linter = Linter(Config())
    check = CheckRun(linter, fmt, write=written.append, echo_error=lambda _: None, context=RenderContext())
    check.start()
    refs = []
    for report in _reports(3):
        refs.append(weakref.ref(report))
        check.add(report)
        del report
    gc.collect()
    assert all(ref() is None for ref in refs), "a report outlived its file"
    check.finish()
    assert check.totals.files == 4 and check.totals.errors == 1 and check.exit_code(False) == 2
    assert "".join(written)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_an_empty_run(fmt: str) -> None:
    assert isinstance(render(fmt, []), str)


def test_report_file_appears_whole_or_not_at_all(tmp_path: Path) -> None:
    (tmp_path / "post.txt").write_text(SPUN)
    proc = run("check", "post.txt", "--format", "json", "-o", "out/report.json", cwd=tmp_path)
    assert proc.returncode == 2 and "out/report.json" in proc.stderr and "Traceback" not in proc.stderr
    proc = run("check", "post.txt", "--format", "json", "-o", "report.json", cwd=tmp_path)
    assert proc.returncode == 1
    assert json.loads((tmp_path / "report.json").read_text())["summary"]["files"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["post.txt", "report.json"]


def test_report_to_a_pipe_writes_into_it_and_leaves_it_a_pipe(tmp_path: Path) -> None:
    """`-o /dev/null` or `-o FIFO` writes to the device: replacing it with a regular file (as the
    temporary-file-and-rename path would) would clobber /dev/null for every process when run as root."""
    import os
    import stat
    import threading

    (tmp_path / "post.txt").write_text(SPUN)
    fifo = tmp_path / "report.pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    proc = run("check", "post.txt", "--format", "json", "-o", str(fifo), cwd=tmp_path)
    reader.join(timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert json.loads(received[0])["summary"]["files"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["post.txt", "report.pipe"]
