"""The review page (`contentlint serve`), driven through Starlette's test client; one test starts the
real server process."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import httpx2
import pytest
from starlette.testclient import TestClient

from contentlint.audit.run import run_audit
from contentlint.fix import fix_document
from contentlint.formats import load_string
from contentlint.options import LintOptions
from contentlint.serve.app import ServeSettings, create_app, hosts_for

from .conftest import SAMPLES
from .test_cli import run

DRAFT = "# Glow Notes\n\nAllow's check out the conveniences of microneedling.\n\nThis serum heals acne scars.\n"
HOSTILE = (
    "# Tips <script>window.pwned=1</script>\n\n"
    "Allow's check out the conveniences </textarea><!-- of microneedling.\n\n"
    '<img src=x onerror="window.pwned=2"> and " onmouseover="window.pwned=3" x=\' here.\n'
)


LOCAL = "http://127.0.0.1:8765"


class Tags(HTMLParser):
    """Every element and attribute a browser would build from the page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.article = ""
        self._in_article = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs
        if ("id", "article") in attrs:
            self._in_article = 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self._in_article = 0

    def handle_data(self, data: str) -> None:
        if self._in_article:
            self.article += data

    def handle_comment(self, data: str) -> None:
        self.tags.append("!--")


def parse(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    return tags


def hidden(page: str, name: str) -> str:
    found = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)">', page)
    assert found, name
    return found.group(1)


def form_state(page: str) -> dict[str, str]:
    return {k: hidden(page, k) for k in ("name", "format", "source", "original", "ignored")}


@pytest.fixture
def client() -> TestClient:
    return TestClient(create_app(ServeSettings(max_upload=5000)), base_url=LOCAL)


def _review(client: TestClient, text: str, name: str = "draft.md") -> httpx2.Response:
    return client.post("/review", data={"name": name, "format": "auto", "text": text})


def test_home_page_has_the_form_and_forbids_scripts(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and 'name="text"' in page.text and 'type="file"' in page.text
    assert "script-src" not in page.headers["content-security-policy"]  # default-src 'none' covers scripts
    assert "default-src 'none'" in page.headers["content-security-policy"]


def test_only_loopback_host_names_are_answered() -> None:
    """A site that points its own name at 127.0.0.1 (DNS rebinding) gets nothing from the page."""
    app = create_app(ServeSettings(hosts=hosts_for("127.0.0.1")))
    assert TestClient(app, base_url="http://localhost:8765").get("/").status_code == 200
    assert TestClient(app, base_url="http://[::1]:8765").get("/").status_code == 200
    refused = TestClient(app, base_url="http://rebound.example:8765").get("/")
    assert refused.status_code == 400 and "Unknown host" in refused.text
    anywhere = create_app(ServeSettings(hosts=hosts_for("0.0.0.0")))
    assert TestClient(anywhere, base_url="http://rebound.example:8765").get("/").status_code == 200


def test_review_marks_every_finding_with_score_and_spin(client: TestClient) -> None:
    page = _review(client, DRAFT)
    assert page.status_code == 200
    report = LintOptions().linter().lint_document(load_string(DRAFT, "draft.md", "markdown"))
    spans = [f for f in report.findings if not f.document_level]
    marks = re.findall(r'<mark class="cat-([a-z-]+) sev-([a-z]+)" data-findings="([^"]*)"', page.text)
    assert {m[2] for m in marks} == {f"f{i}" for i in range(len(spans))}
    assert {(f.category, f.severity.value) for f in spans} == {(m[0], m[1]) for m in marks}
    assert report.score is not None and f'id="score">{report.score.value:g}<' in page.text
    assert 'id="breakdown"' in page.text and "unsupported-claim" in page.text
    assert re.search(r'id="spin">[0-9.]+: [a-z]', page.text)
    assert "\u2192 Let&#x27;s" in page.text  # the suggestion beside its span
    assert parse(page.text).article.replace("\u2192 Let's", "").startswith("# Glow Notes\n\nAllow's")


def test_hostile_article_and_name_are_escaped(client: TestClient) -> None:
    page = _review(client, HOSTILE, name='"><script>window.pwned=4</script>.md')
    assert page.status_code == 200
    tags = parse(page.text)
    assert "script" not in tags.tags and "img" not in tags.tags and "textarea" not in tags.tags
    assert "!--" not in tags.tags  # the article's "<!--" did not open a comment swallowing the page
    assert not [name for name, _ in tags.attributes if name.startswith("on") or name == "x"]
    assert "window.pwned" in tags.article  # shown as text, character for character
    assert base64.b64decode(hidden(page.text, "source")).decode() == HOSTILE
    assert hidden(page.text, "name") == "script-.md"  # the last path part, plain characters only


def test_upload_is_limited_and_checked(client: TestClient) -> None:
    files = {"file": ("<img src=x onerror=alert(1)>.md", DRAFT.encode(), "text/markdown")}
    page = client.post("/review", data={"format": "auto"}, files=files)
    assert page.status_code == 200 and "<img" not in page.text and "img-src-x-onerror-alert-1-.md" in page.text
    big = {"file": ("big.txt", b"word " * 2000, "text/plain")}
    refused = client.post("/review", data={"format": "auto"}, files=big)
    assert refused.status_code == 413 and "too large: the limit is 5,000 bytes" in refused.text
    pasted = _review(client, "word " * 2000)
    assert pasted.status_code == 413
    wrong = client.post("/review", data={}, files={"file": ("tool.exe", b"MZ", "application/octet-stream")})
    assert wrong.status_code == 400 and "only .txt, .md and .html files" in wrong.text
    assert _review(client, "   ").status_code == 400


def test_an_article_at_the_limit_goes_through_every_step() -> None:
    """The review forms carry the article twice in base64: an article at the limit still fits. (A large
    limit, so that the form's fixed slack does not hide the article's share.)"""
    client = TestClient(create_app(ServeSettings(max_upload=150_000)), base_url=LOCAL)
    text = (DRAFT + "Plain words here. " * 9000)[:149_990]
    page = _review(client, text)
    assert page.status_code == 200
    fixed = client.post("/apply", data=form_state(page.text) | {"action": "safe"})
    assert fixed.status_code == 200 and "<mark " in fixed.text
    assert client.post("/download", data=form_state(fixed.text) | {"kind": "diff"}).status_code == 200


def test_a_body_without_a_declared_length_is_limited_too(client: TestClient) -> None:
    """A chunked body declares no length: the form parser's own limit refuses it."""

    def chunks() -> Iterator[bytes]:
        yield b"name=a.txt&format=auto&text="
        for _ in range(200):
            yield b"word+" * 200

    refused = client.post("/review", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"})
    assert refused.status_code == 413 and "too large" in refused.text


def test_decisions_apply_one_fix_and_ignore_another(client: TestClient) -> None:
    page = _review(client, DRAFT).text
    rows = re.findall(r'<a href="#f(\d+)">[^<]*</a></td><td>(CL\d+)[^<]*</td><td>[^<]*</td><td>([^<]*)</td>', page)
    allow = next(i for i, _, text in rows if text == "Allow&#x27;s")
    conveniences = next(i for i, _, text in rows if text.startswith("conveniences"))
    data = form_state(page) | {"action": "decide", f"d{allow}": "fix", f"d{conveniences}": "ignore"}
    after = client.post("/apply", data=data).text
    source = base64.b64decode(hidden(after, "source")).decode()
    assert source.startswith("# Glow Notes\n\nLet's check out the conveniences of microneedling.")
    assert 'class="finding ignored"' in after and "conveniences of microneedling</mark>" not in after
    assert "-Allow&#x27;s check out" in after and "+Let&#x27;s check out" in after  # the diff so far


def test_safe_fixes_and_downloads(client: TestClient) -> None:
    page = _review(client, DRAFT).text
    fixed_page = client.post("/apply", data=form_state(page) | {"action": "safe"}).text
    linter = LintOptions().linter()
    expected = fix_document(load_string(DRAFT, "draft.md", "markdown"), linter, linter.config_for("draft.md"))
    assert expected.changed and base64.b64decode(hidden(fixed_page, "source")).decode() == expected.fixed
    fixed = client.post("/download", data=form_state(fixed_page) | {"kind": "fixed"})
    assert fixed.headers["content-disposition"] == 'attachment; filename="draft.md"'
    assert fixed.text == expected.fixed
    diff = client.post("/download", data=form_state(fixed_page) | {"kind": "diff"})
    assert diff.headers["content-disposition"] == 'attachment; filename="draft.md.diff"'
    assert diff.text.startswith("--- a/draft.md\n+++ b/draft.md\n") and "+Let's check out" in diff.text


def test_an_altered_form_is_a_clear_error(client: TestClient) -> None:
    page = _review(client, DRAFT).text
    broken = client.post("/apply", data=form_state(page) | {"source": "not base64!", "action": "safe"})
    assert broken.status_code == 400 and "the form was altered or truncated" in broken.text


def test_audit_database_is_browsable_and_articles_open(tmp_path: Path) -> None:
    db = tmp_path / "audit.sqlite"
    crawl = tmp_path / "crawl.jsonl"
    record = {"url": 'https://x.example/"><img src=x onerror=alert(1)>', "title": "<script>alert(2)</script>"}
    crawl.write_text(json.dumps(record | {"text": HOSTILE}) + "\n", encoding="utf-8")
    run_audit([str(SAMPLES), str(crawl)], db, processes=1, progress=False)
    client = TestClient(create_app(ServeSettings(databases=(db,))), base_url=LOCAL)
    assert 'href="/audit/0"' in client.get("/").text
    listing = client.get("/audit/0")
    links = re.findall(r'href="/audit/0/(\d+)"', listing.text)
    assert listing.status_code == 200 and len(links) == len(list(SAMPLES.iterdir())) + 1
    assert "&lt;script&gt;alert(2)" in listing.text and "&quot;&gt;&lt;img src=x" in listing.text
    tags = parse(listing.text)
    assert "script" not in tags.tags and "img" not in tags.tags
    article = client.get(f"/audit/0/{links[0]}")
    assert article.status_code == 200 and "<mark " in article.text and 'id="score"' in article.text
    assert client.get("/audit/1").status_code == 404
    assert client.get("/audit/0/999999").status_code == 404


def test_serve_command_errors_are_one_line(tmp_path: Path) -> None:
    proc = run("serve", str(tmp_path / "missing.sqlite"))
    assert proc.returncode == 2 and "missing.sqlite: no such audit database" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_the_real_server_process_answers(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "contentlint", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # printed once the socket listens
        url = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert url, line
        with httpx2.Client(base_url=url.group(), timeout=60) as http:
            assert http.get("/").status_code == 200
            page = http.post("/review", data={"name": "draft.md", "format": "auto", "text": DRAFT})
            assert page.status_code == 200 and "<mark " in page.text
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.parametrize(
    ("text", "fmt", "name"),
    [
        ("<p>Allow's check out the plan.</p>\n", "html", "article.html"),
        ("## Plan\n\nAllow's check out the plan.\n", "markdown", "article.md"),
        ("Plan\n\nAllow's check out the plan.\n", "text", "article.txt"),
    ],
)
def test_a_pasted_article_without_a_name_is_read_by_its_look(
    client: TestClient, text: str, fmt: str, name: str
) -> None:
    page = client.post("/review", data={"name": "", "format": "auto", "text": text}).text
    assert hidden(page, "format") == fmt and hidden(page, "name") == name and "<mark " in page
