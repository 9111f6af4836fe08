"""The language server: pygls over stdio, linting in one worker thread so the editor never waits on
spaCy while it types.

Open lints at once; each change restarts a short timer (the debounce) and the document is linted
when typing pauses. A code action or hover on a document whose last lint is stale lints it first,
so edits are never computed on an old version (and every edit names the version it was made for).
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from .. import __version__
from ..errors import ContentlintError
from ..options import LintOptions
from .features import FIX_ALL_KIND, Linted, code_actions, diagnostics, hover, lint
from .positions import Encoding

DEFAULT_DELAY = 0.25  # seconds of quiet after a keystroke before the document is linted again


class ContentlintServer(LanguageServer):
    def __init__(self, options: LintOptions | None = None, delay: float = DEFAULT_DELAY) -> None:
        super().__init__("contentlint", __version__)
        self.options = options or LintOptions()
        self.delay = delay
        self.linted: dict[str, Linted] = {}
        self._timers: dict[str, asyncio.Task[None]] = {}
        self._shown: set[str] = set()
        # One thread: the spaCy pipeline is shared, and lints of one document must not race.
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="contentlint-lint")

    def encoding(self) -> Encoding:
        """The position encoding agreed with the client at initialization (pygls chooses it)."""
        chosen = self.workspace.position_encoding
        value = getattr(chosen, "value", chosen)  # an enum member; str() of it would be its name
        return value if value in ("utf-8", "utf-32") else "utf-16"  # type: ignore[return-value]

    async def current(self, uri: str) -> Linted | None:
        """The lint of the document as the editor holds it now, linting it if it changed since."""
        doc = self.workspace.get_text_document(uri)
        source, version = doc.source, doc.version
        cached = self.linted.get(uri)
        if cached is not None and cached.version == version and cached.source == source:
            return cached
        loop = asyncio.get_running_loop()
        args = (uri, source, version, doc.language_id, self.options, self.encoding())
        try:
            linted = await loop.run_in_executor(self._pool, lint, *args)
        except ContentlintError as exc:
            self.report_problem(str(exc))
            self.publish(uri, version, [])
            return None
        # Still the editor's version (not closed or changed meanwhile)? A closed document comes back
        # from the workspace as a copy on disk without a version.
        if version is not None and self.workspace.get_text_document(uri).version == version:
            self.linted[uri] = linted
            self.publish(uri, version, diagnostics(linted))
        return linted

    def report_problem(self, message: str) -> None:
        """A configuration or input error: in the log each time, shown to the user once (not on every
        keystroke while they fix it)."""
        self.window_log_message(lsp.LogMessageParams(type=lsp.MessageType.Error, message=message))
        if message not in self._shown:
            self._shown.add(message)
            self.window_show_message(
                lsp.ShowMessageParams(type=lsp.MessageType.Error, message=f"contentlint: {message}")
            )

    def publish(self, uri: str, version: int | None, found: list[lsp.Diagnostic]) -> None:
        params = lsp.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=found)
        self.text_document_publish_diagnostics(params)

    def schedule(self, uri: str) -> None:
        """Lint after ``delay`` seconds without another change (a new change restarts the wait)."""
        self.cancel(uri)
        self._timers[uri] = asyncio.ensure_future(self._after_delay(uri))

    def cancel(self, uri: str) -> None:
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()

    async def _after_delay(self, uri: str) -> None:
        await asyncio.sleep(self.delay)
        self._timers.pop(uri, None)
        await self.current(uri)

    async def actions(self, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        linted = await self.current(params.text_document.uri)
        if linted is None:
            return None
        loop = asyncio.get_running_loop()
        # The fix-all lints to a fixed point: keep it off the event loop too.
        return await loop.run_in_executor(self._pool, code_actions, linted, params.range, params.context.only)


def build(options: LintOptions | None = None, delay: float = DEFAULT_DELAY) -> ContentlintServer:
    server = ContentlintServer(options, delay)

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: ContentlintServer, params: lsp.DidOpenTextDocumentParams) -> None:
        await ls.current(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ContentlintServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: ContentlintServer, params: lsp.DidSaveTextDocumentParams) -> None:
        ls.cancel(params.text_document.uri)
        await ls.current(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ContentlintServer, params: lsp.DidCloseTextDocumentParams) -> None:
        ls.cancel(params.text_document.uri)
        ls.linted.pop(params.text_document.uri, None)
        ls.publish(params.text_document.uri, None, [])

    kinds = [lsp.CodeActionKind.QuickFix, FIX_ALL_KIND]

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(code_action_kinds=kinds))
    async def code_action(ls: ContentlintServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        return await ls.actions(params)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    async def on_hover(ls: ContentlintServer, params: lsp.HoverParams) -> lsp.Hover | None:
        linted = await ls.current(params.text_document.uri)
        return hover(linted, params.position) if linted is not None else None

    return server


def serve_stdio(options: LintOptions | None = None, delay: float = DEFAULT_DELAY) -> None:
    build(options, delay).start_io()
