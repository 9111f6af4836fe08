"""The review page as an ASGI app (Starlette), served by uvicorn on 127.0.0.1 unless told otherwise.

The only files it reads are the audit databases named on the command line, by their position in
that list: no request names a path. Nothing is fetched from anywhere: the page carries its own CSS
and has no script.
"""

from __future__ import annotations

import json
import socket
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import FormData, Headers, UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from ..errors import ContentlintError, InputError
from ..formats.decode import decode as decode_bytes
from ..options import LintOptions
from . import pages
from .review import UPLOAD_SUFFIXES, Review, decode, safe_name, start

# No script may run, nothing may load from elsewhere, forms post only here, no other site may frame it.
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
FORM_SLACK = 64 * 1024  # room for the form's own fields beside the article
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")


@dataclass(frozen=True)
class ServeSettings:
    options: LintOptions = field(default_factory=LintOptions)
    databases: tuple[Path, ...] = ()
    max_upload: int = 2_000_000
    # Host names the page answers to. A page on 127.0.0.1 that answered any name could be read by a
    # web site that points its own name at 127.0.0.1 (DNS rebinding); empty: any name (--host 0.0.0.0).
    hosts: tuple[str, ...] = LOOPBACK


class TooLarge(Exception):
    """The request is over the upload limit."""


def _page(content: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(content, status_code=status, headers=HEADERS)


def _limit_message(settings: ServeSettings) -> str:
    return f"The article is too large: the limit is {settings.max_upload:,} bytes (contentlint serve --max-upload)."


async def _form(request: Request, settings: ServeSettings) -> FormData:
    """The request's form, refused early when its declared size is over the limit; a body that
    declares no size is refused by the parser's own limit. A review's form carries the article twice
    (as it is and as it was), each in base64 (a third larger), hence three times the limit; the article
    itself is held to the limit once decoded."""
    declared = request.headers.get("content-length", "")
    budget = settings.max_upload * 3 + FORM_SLACK
    if declared.isdigit() and int(declared) > budget:
        raise TooLarge
    try:
        return await request.form(max_files=1, max_fields=2000, max_part_size=budget)
    except (HTTPException, MultiPartException) as exc:  # the first inside an app, the second outside one
        message = exc.detail if isinstance(exc, HTTPException) else exc.message
        if "exceeded maximum size" in message:
            raise TooLarge from None
        raise InputError("form", message) from None


async def _upload(form: FormData, settings: ServeSettings) -> tuple[str, str] | None:
    """(name, text) of an uploaded file, or None when none was chosen."""
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    name = safe_name(upload.filename)
    if not name.lower().endswith(UPLOAD_SUFFIXES):
        raise InputError(name, "only .txt, .md and .html files can be reviewed")
    data = await upload.read(settings.max_upload + 1)
    if len(data) > settings.max_upload:
        raise TooLarge
    text, _ = decode_bytes(data, name)
    return name, text


def _text_field(form: FormData, key: str, default: str = "") -> str:
    value = form.get(key, default)
    return value if isinstance(value, str) else default


async def _new_review(form: FormData, settings: ServeSettings) -> Review:
    uploaded = await _upload(form, settings)
    if uploaded is not None:
        name, text = uploaded
    else:
        # A browser sends a textarea's line breaks as CRLF; a pasted article has no line endings of its own.
        name = safe_name(_text_field(form, "name"), "article")
        text = _text_field(form, "text").replace("\r\n", "\n")
    if len(text.encode("utf-8")) > settings.max_upload:
        raise TooLarge
    if not text.strip():
        raise InputError(name, "the article is empty: paste some text or choose a file")
    return start(name, text, _text_field(form, "format", "auto"), settings.options)


def _restore(form: FormData, settings: ServeSettings) -> Review:
    """The review a page's form describes."""
    name = safe_name(_text_field(form, "name"))
    fmt = _text_field(form, "format", "text")
    ignored = json.loads(decode(_text_field(form, "ignored"), "ignored") or "[]")
    if not isinstance(ignored, list):
        raise InputError("ignored", "the form was altered; start the review again")
    review = start(name, decode(_text_field(form, "original"), "original"), fmt, settings.options)
    return review.with_source(decode(_text_field(form, "source"), "source"), frozenset(map(str, ignored)))


def _decisions(form: FormData) -> tuple[set[int], set[int]]:
    accepted: set[int] = set()
    ignored: set[int] = set()
    for key, value in form.multi_items():
        if key.startswith("d") and key[1:].isdigit():
            (accepted if value == "fix" else ignored if value == "ignore" else set()).add(int(key[1:]))
    return accepted, ignored


def _download(review: Review, kind: str) -> Response:
    if kind == "diff":
        body, name, media = review.diff(), review.name + ".diff", "text/x-diff"
    else:
        body, name, media = review.source, review.name, "text/plain"
    headers = dict(HEADERS)
    headers["Content-Disposition"] = f'attachment; filename="{safe_name(name)}"'
    return Response(body.encode("utf-8"), media_type=f"{media}; charset=utf-8", headers=headers)


def _audit_document(path: Path, doc_id: int) -> tuple[str, str] | None:
    """(name, extracted text) of one audited document, read-only."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        row = db.execute("SELECT uri, title, text FROM documents WHERE id=?", (doc_id,)).fetchone()
    finally:
        db.close()
    if row is None:
        return None
    uri, title, text = row
    return (title or uri or f"document {doc_id}"), text or ""


def create_app(settings: ServeSettings | None = None) -> Starlette:
    settings = settings or ServeSettings()
    names = [p.name for p in settings.databases]

    def failed(message: str, status: int) -> HTMLResponse:
        return _page(pages.home(names, settings.max_upload, message), status)

    async def guarded(request: Request, handler: Any) -> Response:
        """Bad input becomes the home page with one clear message, never a traceback."""
        try:
            result: Response = await handler(request)
            return result
        except TooLarge:
            return failed(_limit_message(settings), 413)
        except ContentlintError as exc:
            return failed(str(exc), 400)

    async def home(request: Request) -> Response:
        return _page(pages.home(names, settings.max_upload))

    async def review(request: Request) -> Response:
        async def run(req: Request) -> Response:
            return _page(pages.review_page(await _new_review(await _form(req, settings), settings)))

        return await guarded(request, run)

    async def apply(request: Request) -> Response:
        async def run(req: Request) -> Response:
            form = await _form(req, settings)
            current = _restore(form, settings)
            if _text_field(form, "action") == "safe":
                return _page(pages.review_page(current.fix_safe()))
            return _page(pages.review_page(current.accept(*_decisions(form))))

        return await guarded(request, run)

    async def download(request: Request) -> Response:
        async def run(req: Request) -> Response:
            form = await _form(req, settings)
            return _download(_restore(form, settings), _text_field(form, "kind", "fixed"))

        return await guarded(request, run)

    routes = [
        Route("/", home),
        Route("/review", review, methods=["POST"]),
        Route("/apply", apply, methods=["POST"]),
        Route("/download", download, methods=["POST"]),
        *_audit_routes(settings, failed),
    ]
    app = Starlette(routes=routes)
    if settings.hosts:
        app.add_middleware(KnownHosts, hosts=frozenset(h.lower() for h in settings.hosts))
    return app


def host_of(header: str) -> str:
    """The host part of a Host header, without the port ("[::1]:8765" -> "[::1]")."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[: header.find("]") + 1]
    return header.split(":", 1)[0]


class KnownHosts:
    """Refuses requests whose Host header names another host (ASGI middleware)."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str]) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and host_of(Headers(scope=scope).get("host", "")) not in self.hosts:
            response = PlainTextResponse("Unknown host: open the page at the address contentlint serve printed.", 400)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def hosts_for(host: str) -> tuple[str, ...]:
    """The names a page listening on ``host`` answers to: loopback names and the address itself;
    any name when it listens on every interface (the user chose to expose it)."""
    if host in ("0.0.0.0", "::", ""):
        return ()
    return (*LOOPBACK, f"[{host}]" if ":" in host else host)


def _audit_routes(settings: ServeSettings, failed: Any) -> list[Route]:
    def database(request: Request) -> Path | None:
        index = request.path_params["index"]
        return settings.databases[index] if 0 <= index < len(settings.databases) else None

    async def audit(request: Request) -> Response:
        from ..audit.report import collect

        path = database(request)
        if path is None:
            return failed("No such audit database.", 404)
        try:
            data = collect(path)
        except sqlite3.DatabaseError as exc:
            return failed(f"{path.name}: not an audit database ({exc})", 400)
        return _page(pages.audit_page(request.path_params["index"], path.name, data))

    async def audit_document(request: Request) -> Response:
        path = database(request)
        found = _audit_document(path, request.path_params["doc"]) if path is not None else None
        if found is None:
            return failed("No such document in the audit database.", 404)
        name, text = found
        try:
            # Audits keep the extracted text, so the article is reviewed as plain text.
            return _page(pages.review_page(start(safe_name(name), text, "text", settings.options)))
        except ContentlintError as exc:
            return failed(str(exc), 400)

    return [
        Route("/audit/{index:int}", audit),
        Route("/audit/{index:int}/{doc:int}", audit_document),
    ]


def listen(host: str, port: int) -> socket.socket:
    """A listening socket (port 0: any free port). Bound before the address is printed, so whoever
    reads the printed address can connect at once."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def run(settings: ServeSettings, host: str, port: int) -> None:
    """Serve until interrupted. Raises OSError when the address cannot be listened on."""
    import uvicorn

    sock = listen(host, port)
    shown = f"[{host}]" if ":" in host else host
    print(f"contentlint review page: http://{shown}:{sock.getsockname()[1]}/ (Ctrl-C stops it)", flush=True)
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning"))
    server.run(sockets=[sock])
