"""The review page's HTML. Every value that comes from a user (the article, its name, its title in an
audit database, a finding's text and suggestion) passes through :func:`esc`; the page has no script
at all, and the app forbids scripts by its Content-Security-Policy as a second fence."""

from __future__ import annotations

import html
import itertools
import json
from collections.abc import Iterable
from typing import Any

from ..model import CATEGORIES, Finding
from .review import FORMATS, Review, encode, spin_verdict

STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}
textarea{width:100%;min-height:14em;font:13px/1.4 monospace}
pre.article{white-space:pre-wrap;word-wrap:break-word;background:#fafafa;border:1px solid #ddd;padding:1em;
font:14px/1.6 Georgia,serif}
mark{padding:0 1px;border-bottom:2px solid #888;background:#eee}
mark.sev-error{border-bottom-color:#c00}mark.sev-warning{border-bottom-color:#e80}mark.sev-info{border-bottom-color:#38c}
mark.cat-duplicate-heading{background:#e6dcff}mark.cat-spun-phrase{background:#ffe3b3}
mark.cat-stray-link{background:#cdeefd}mark.cat-unsupported-claim{background:#ffd0d0}
mark.cat-boilerplate{background:#ddd}mark.cat-readability{background:#e3f5d6}
.sugg{font:12px system-ui,sans-serif;color:#063;background:#e6f7ec;border-radius:3px;padding:0 3px;margin-left:2px}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:3px 6px;text-align:left;
vertical-align:top}
.score{font-size:2em;font-weight:bold}.error{color:#a00;font-weight:bold}.muted{color:#777}
tr.ignored{opacity:.45}pre.diff{background:#f4f4f4;padding:.5em;overflow:auto}
"""


def esc(value: object) -> str:
    """Text for an HTML element or a quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


def layout(title: str, body: str) -> str:
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>{esc(title)} - contentlint</title><style>{STYLE}</style></head>"
        f'<body><p><a href="/">contentlint review</a></p>{body}</body></html>'
    )


def home(databases: Iterable[str], max_upload: int, error: str | None = None) -> str:
    formats = "".join(f'<option value="{esc(k)}">{esc(k)}</option>' for k in FORMATS)
    dbs = "".join(f'<li><a href="/audit/{i}">{esc(name)}</a></li>' for i, name in enumerate(databases))
    body = "<h1>Review an article</h1>"
    if error:
        body += f'<p class="error" id="error">{esc(error)}</p>'
    body += (
        '<form method="post" action="/review" enctype="multipart/form-data">'
        '<p><label>Name <input name="name" placeholder="article.md"></label> '
        f'<label>Format <select name="format">{formats}</select></label></p>'
        '<p><textarea name="text" id="text" placeholder="Paste the article here"></textarea></p>'
        f"<p>or upload a .txt, .md or .html file (at most {max_upload:,} bytes): "
        '<input type="file" name="file" accept=".txt,.md,.markdown,.html,.htm"></p>'
        '<p><button type="submit" id="check">Check</button></p></form>'
    )
    if dbs:
        body += f"<h2>Audit databases</h2><ul>{dbs}</ul>"
    return layout("Review", body)


# -- the article, marked up ------------------------------------------------------------------------


def _title(f: Finding) -> str:
    text = f"{f.rule} {f.name} ({f.severity.value}): {f.message}"
    return text + (f" Suggestion: {f.suggestion}" if f.suggestion else "")


def _boundaries(source: str, spans: list[tuple[int, Finding]]) -> list[int]:
    points = {0, len(source)}
    for _, f in spans:
        points.update((f.start, f.end))
    return sorted(p for p in points if 0 <= p <= len(source))


def _mark(text: str, covering: list[tuple[int, Finding]]) -> str:
    worst = max(covering, key=lambda c: c[1].severity.rank)[1]
    titles = " | ".join(_title(f) for _, f in covering)
    ids = " ".join(f"f{i}" for i, _ in covering)
    return (
        f'<mark class="cat-{esc(covering[0][1].category)} sev-{esc(worst.severity.value)}" '
        f'data-findings="{esc(ids)}" title="{esc(titles)}">{esc(text)}</mark>'
    )


def marked_article(source: str, findings: list[tuple[int, Finding]]) -> str:
    """The source with every finding's span in a <mark> (overlaps split into pieces), an anchor where
    each finding starts and its suggestion where it ends."""
    spans = [(i, f) for i, f in findings if not f.document_level and f.end > f.start]
    points = _boundaries(source, spans)
    out: list[str] = []
    for a, b in itertools.pairwise(points):
        out.extend(f'<span id="f{i}"></span>' for i, f in spans if f.start == a)
        covering = [(i, f) for i, f in spans if f.start <= a and f.end >= b]
        out.append(_mark(source[a:b], covering) if covering else esc(source[a:b]))
        ending = [f.suggestion for _, f in spans if f.end == b and f.suggestion]
        out.extend(f'<span class="sugg">\u2192 {esc(s)}</span>' for s in ending)
    return f'<pre class="article" id="article">{"".join(out)}</pre>'


def score_panel(review: Review) -> str:
    report = review.report
    assert report.score is not None
    rows = "".join(
        f"<tr><td>{esc(c.category)}</td><td>{c.findings}</td><td>{c.density:.1f}</td><td>{c.penalty:.1f}</td></tr>"
        for c in report.score.categories
    )
    spin = report.spin.value if report.spin is not None else None
    spin_text = f"{spin:.2f}: " if spin is not None else ""
    return (
        f'<p><span class="score" id="score">{report.score.value:g}</span> grade '
        f'<b id="grade">{esc(report.score.grade)}</b> &middot; {report.words} words &middot; '
        f'spin <span id="spin">{esc(spin_text + spin_verdict(spin))}</span></p>'
        '<table id="breakdown">'
        "<tr><th>category</th><th>findings</th><th>per 1,000 words (weighted)</th>"
        f"<th>points taken</th></tr>{rows}</table>"
    )


# -- the findings and what to do with them ---------------------------------------------------------


def _decision(i: int, f: Finding) -> str:
    options = []
    if f.fix is not None:
        label = "apply fix" if f.fix.safe else "apply fix (unsafe: review)"
        options.append(("fix", label, f.fix.safe))
    options += [("keep", "leave for a manual edit", f.fix is None or not f.fix.safe), ("ignore", "ignore", False)]
    body = "".join(f'<option value="{v}"{" selected" * chosen}>{esc(label)}</option>' for v, label, chosen in options)
    return f'<select name="d{i}">{body}</select>'


def _safety(f: Finding) -> str:
    if f.fix is None:
        return "none"
    replacement = f.fix.replacement or "(remove)"
    return f"{'safe' if f.fix.safe else 'unsafe'}: {esc(replacement)}"


def findings_table(review: Review) -> str:
    rows = []
    for i, f in enumerate(review.report.findings):
        ignored = review.is_ignored(f)
        rows.append(
            f'<tr class="finding{" ignored" * ignored}" data-category="{esc(f.category)}">'
            f'<td><a href="#f{i}">{f.line}:{f.column}</a></td><td>{esc(f.rule)} {esc(f.name)}</td>'
            f"<td>{esc(f.severity.value)}</td><td>{esc(f.text)}</td><td>{esc(f.message)}</td>"
            f"<td>{esc(f.suggestion or '')}</td><td>{_safety(f)}</td>"
            f"<td>{'ignored' if ignored else _decision(i, f)}</td></tr>"
        )
    head = "<tr><th>where</th><th>rule</th><th>severity</th><th>text</th><th>why</th><th>suggestion</th>"
    head += "<th>fix</th><th>decision</th></tr>"
    return f'<table id="findings">{head}{"".join(rows)}</table>'


def state_fields(review: Review) -> str:
    ignored = encode(json.dumps(sorted(review.ignored)))
    values = {"name": review.name, "format": review.fmt, "source": encode(review.source)}
    values |= {"original": encode(review.original), "ignored": ignored}
    return "".join(f'<input type="hidden" name="{k}" value="{esc(v)}">' for k, v in values.items())


def review_page(review: Review) -> str:
    visible = [(i, f) for i, f in enumerate(review.report.findings) if not review.is_ignored(f)]
    legend = " ".join(f'<mark class="cat-{c}">{c}</mark>' for c in CATEGORIES)
    state = state_fields(review)
    body = (
        f'<h1 id="name">{esc(review.name)}</h1>{score_panel(review)}<p class="muted">{legend}</p>'
        f"{marked_article(review.source, visible)}"
        f'<h2>Findings ({len(visible)} shown)</h2><form method="post" action="/apply">{state}'
        f"{findings_table(review)}"
        '<p><button name="action" value="decide" id="apply-decisions">Apply my decisions</button> '
        '<button name="action" value="safe" id="apply-safe">Apply all safe fixes</button></p></form>'
        f'<h2>Download</h2><form method="post" action="/download">{state}'
        '<button name="kind" value="fixed" id="download-fixed">The fixed file</button> '
        '<button name="kind" value="diff" id="download-diff">The diff</button></form>'
    )
    if review.changed:
        body += f'<h2>Changes so far</h2><pre class="diff" id="diff">{esc(review.diff())}</pre>'
    return layout(review.name, body)


def audit_page(index: int, name: str, data: dict[str, Any]) -> str:
    summary = data["summary"]
    rows = "".join(
        f"<tr><td>{esc(d['score'] if d['score'] is not None else '-')}</td><td>{esc(d['grade'] or '')}</td>"
        f'<td><a href="/audit/{index}/{int(d["id"])}">{esc(d["title"] or d["uri"])}</a></td>'
        f"<td>{esc(d['uri'])}</td><td>{esc(d['words'])}</td><td>{esc(d['error'] or '')}</td></tr>"
        for d in data["documents"]
    )
    cats = "".join(f"<tr><td>{esc(c)}</td><td>{esc(n)}</td></tr>" for c, n in data["by_category"].items())
    body = (
        f"<h1>Audit: {esc(name)}</h1><p>{esc(summary['documents'])} documents, {esc(summary['words'])} words, "
        f"mean score {esc(summary['mean_score'])}, {esc(summary['findings'])} findings, "
        f"{esc(summary['errors'] or 0)} errors</p><h2>Findings by category</h2><table>{cats}</table>"
        '<h2>Documents, worst first</h2><table id="documents"><tr><th>score</th><th>grade</th><th>title</th>'
        f"<th>address</th><th>words</th><th>error</th></tr>{rows}</table>"
    )
    return layout(f"Audit {name}", body)
