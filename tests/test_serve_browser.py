"""The review page in a real headless Chromium (Debian's, never a browser download), served by the
real `contentlint serve` process."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from contentlint.fix import fix_document
from contentlint.formats import load_string
from contentlint.options import LintOptions

from .browser import ARGS, CHROMIUM, needs_chromium
from .conftest import SAMPLES

SAMPLE = (SAMPLES / "spun-vitamin-c-serum.txt").read_text(encoding="utf-8")
HOSTILE = (
    "A Title <script>window.pwned=1</script>\n\n"
    'Allow\'s check out the conveniences of microneedling. <img src=x onerror="window.pwned=2">\n\n'
    '</textarea><!-- " onmouseover="window.pwned=3" and more text.\n'
)

pytestmark = needs_chromium


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "contentlint", "serve", "--port", "0"], stdout=subprocess.PIPE, text=True, cwd=tmp_path
    )
    try:
        assert proc.stdout is not None
        found = re.search(r"http://127\.0\.0\.1:\d+/", proc.stdout.readline())  # printed once listening
        assert found
        yield found.group()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _expected_fix(text: str, name: str) -> str:
    linter = LintOptions().linter()
    return fix_document(load_string(text, name, "text"), linter, linter.config_for(name)).fixed


def test_review_fix_and_download_in_chromium(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(accept_downloads=True)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server)
        page.fill("input[name=name]", "serum.txt")
        page.fill("#text", SAMPLE)
        page.click("#check")
        before = float(page.inner_text("#score"))
        marks = page.locator("#article mark").count()
        assert marks > 10 and page.locator(".sugg").count() > 5
        assert page.locator("#breakdown tr").count() == 7 and page.inner_text("#spin")
        page.click("#apply-safe")
        assert float(page.inner_text("#score")) > before
        assert page.locator("#article mark").count() < marks and page.locator("#diff").is_visible()
        with page.expect_download() as download:
            page.click("#download-fixed")
        assert download.value.suggested_filename == "serum.txt"
        saved = tmp_path / "fixed.txt"
        download.value.save_as(saved)
        assert saved.read_text(encoding="utf-8") == _expected_fix(SAMPLE, "serum.txt")
        browser.close()
    assert errors == []


def test_hostile_article_name_and_file_name_run_nothing(server: str) -> None:
    from playwright.sync_api import sync_playwright

    dialogs: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(server)
        page.fill("input[name=name]", '"><img src=x onerror="window.pwned=4">.txt')
        page.fill("#text", HOSTILE)
        page.click("#check")
        assert page.locator("#article mark").count() >= 2
        assert "<script>window.pwned=1</script>" in page.inner_text("#article")  # shown, not run
        assert page.locator("img, script, textarea").count() == 0
        assert page.evaluate("window.pwned") is None
        page.goto(server)
        upload = {
            "name": "<img src=x onerror=window.pwned=5>.md",
            "mimeType": "text/markdown",
            "buffer": HOSTILE.encode(),
        }
        page.set_input_files("input[type=file]", upload)
        page.click("#check")
        assert page.locator("#article mark").count() >= 2 and page.locator("img, script").count() == 0
        assert page.evaluate("window.pwned") is None
        browser.close()
    assert dialogs == []
