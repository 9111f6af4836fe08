"""The language server, end to end: `python -m contentlint lsp` started as a subprocess and driven by
pygls's own client over stdio, as an editor would drive it."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

from contentlint.lsp.features import Linted, code_actions, diagnostics, lint
from contentlint.lsp.positions import PositionMap
from contentlint.options import LintOptions

TIMEOUT = 90.0  # the first lint loads the spaCy pipeline; a loaded machine is slow, never this slow
# Two emoji (each two UTF-16 code units, one code point) before the findings on their line.
DRAFT = (
    "# Glow Notes\n\n"
    "😀🎉 Allow's check out the conveniences of microneedling.\n\n"
    "First of all, https://example.com 'll discover that this serum heals acne scars.\n"
)


# -- positions, without a server -----------------------------------------------------------------


def _utf16_offset(text: str, line: int, character: int) -> int:
    """An independent conversion for the tests: encode the line and count two bytes a unit."""
    lines = text.split("\n")
    head = lines[line].encode("utf-16-le")[: 2 * character].decode("utf-16-le", "ignore")
    return sum(len(x) + 1 for x in lines[:line]) + len(head)


def test_utf16_columns_count_surrogate_pairs() -> None:
    text = "a😀b\n😀😀x\r\nlast"
    pm = PositionMap(text)
    assert pm.position(text.index("b")) == (0, 3)
    assert pm.position(text.index("x")) == (1, 4)
    assert pm.position(text.index("last")) == (2, 0)  # \r\n is one line break
    assert pm.offset(1, 4) == text.index("x")
    assert pm.offset(0, 99) == text.index("\n")  # past the end of a line: its end
    assert PositionMap(text, "utf-8").position(text.index("b")) == (0, 5)
    assert PositionMap(text, "utf-32").position(text.index("b")) == (0, 2)


_PIECES = st.sampled_from(["a", "é", "😀", "\n", "\r\n", "\r", " ", "\U0001f3fd"])


@given(st.lists(_PIECES, max_size=40).map("".join), st.data())
def test_positions_round_trip(text: str, data: st.DataObject) -> None:
    pm = PositionMap(text)
    offset = data.draw(st.integers(0, len(text)))
    line, character = pm.position(offset)
    if offset < len(text) and text[offset] == "\n" and offset > 0 and text[offset - 1] == "\r":
        return  # between \r and \n: not a position a client can name
    assert pm.offset(line, character) == offset
    if "\r" not in text:
        assert _utf16_offset(text, line, character) == offset


# -- end to end ------------------------------------------------------------------------------------


class Editor:
    """A client holding one document, applying edits and waiting for diagnostics of a version."""

    def __init__(self, uri: str, text: str) -> None:
        self.client = LanguageClient("contentlint-test", "1")
        self.uri, self.text, self.version = uri, text, 1
        self.published: list[lsp.PublishDiagnosticsParams] = []
        self._event = asyncio.Event()

        self.messages: list[str] = []

        @self.client.feature(lsp.WINDOW_SHOW_MESSAGE)
        def on_message(params: lsp.ShowMessageParams) -> None:
            self.messages.append(params.message)
            self._event.set()

        @self.client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: lsp.PublishDiagnosticsParams) -> None:
            self.published.append(params)
            self._event.set()

    async def wait_for(self, done: Callable[[], bool]) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + TIMEOUT
        while not done():
            self._event.clear()
            await asyncio.wait_for(self._event.wait(), deadline - loop.time())

    async def diagnostics(self, version: int) -> list[lsp.Diagnostic]:
        def got() -> bool:
            return any(p.uri == self.uri and p.version == version for p in self.published)

        await self.wait_for(got)
        return next(p for p in reversed(self.published) if p.uri == self.uri and p.version == version).diagnostics

    def apply(self, edit: lsp.WorkspaceEdit) -> None:
        assert edit.document_changes is not None
        (change,) = edit.document_changes
        assert isinstance(change, lsp.TextDocumentEdit) and change.text_document.version == self.version
        for e in sorted(change.edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
            start = _utf16_offset(self.text, e.range.start.line, e.range.start.character)
            end = _utf16_offset(self.text, e.range.end.line, e.range.end.character)
            self.text = self.text[:start] + e.new_text + self.text[end:]
        self.change(self.text)

    def change(self, text: str) -> None:
        self.text, self.version = text, self.version + 1
        doc = lsp.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version)
        whole = lsp.TextDocumentContentChangeWholeDocument(text=text)
        self.client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(text_document=doc, content_changes=[whole])
        )

    async def actions(self, where: lsp.Range, only: list[str] | None = None) -> list[lsp.CodeAction]:
        params = lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=self.uri),
            range=where,
            context=lsp.CodeActionContext(diagnostics=[], only=only),
        )
        result = await asyncio.wait_for(self.client.text_document_code_action_async(params), TIMEOUT)
        return [a for a in result or [] if isinstance(a, lsp.CodeAction)]


def _by_rule(found: list[lsp.Diagnostic], rule: str) -> list[lsp.Diagnostic]:
    return [d for d in found if d.code == rule]


async def _start(tmp_path: Path, editor: Editor, encodings: list[str] | None = None) -> lsp.InitializeResult:
    await editor.client.start_io(sys.executable, "-m", "contentlint", "lsp", "--debounce", "0.05", cwd=str(tmp_path))
    general = lsp.GeneralClientCapabilities(position_encodings=encodings) if encodings else None
    init = lsp.InitializeParams(capabilities=lsp.ClientCapabilities(general=general), root_uri=tmp_path.as_uri())
    result = await asyncio.wait_for(editor.client.initialize_async(init), TIMEOUT)
    assert result.capabilities.code_action_provider and result.capabilities.hover_provider
    editor.client.initialized(lsp.InitializedParams())
    return result


async def _stop(editor: Editor) -> None:
    await asyncio.wait_for(editor.client.shutdown_async(None), TIMEOUT)
    editor.client.exit(None)
    await asyncio.wait_for(editor.client.stop(), TIMEOUT)


async def _open_and_fix(tmp_path: Path) -> None:
    (tmp_path / "contentlint.toml").write_text('[severity]\nCL101 = "error"\n', encoding="utf-8")
    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    editor = Editor(path.as_uri(), DRAFT)
    await _start(tmp_path, editor)
    item = lsp.TextDocumentItem(uri=editor.uri, language_id="markdown", version=1, text=DRAFT)
    editor.client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=item))
    found = await editor.diagnostics(1)
    assert {d.code for d in found} >= {"CL101", "CL201", "CL406"}
    allow = next(d for d in _by_rule(found, "CL101") if "Allow" in d.message)
    # the 2 emoji and the space take 5 UTF-16 units (3 code points); the span is 7 characters long
    assert (allow.range.start.line, allow.range.start.character, allow.range.end.character) == (2, 5, 12)
    assert allow.severity == lsp.DiagnosticSeverity.Error  # the nearest contentlint.toml is honoured
    await _quick_fixes(editor, allow, found)
    await _fix_all_and_suppress(editor)
    await _hover_and_debounce(editor)
    await _stop(editor)


async def _quick_fixes(editor: Editor, allow: lsp.Diagnostic, found: list[lsp.Diagnostic]) -> None:
    actions = await editor.actions(allow.range)
    fix = next(a for a in actions if a.title.startswith("Replace \u201cAllow's\u201d"))
    assert fix.is_preferred and fix.kind == lsp.CodeActionKind.QuickFix and "unsafe" not in fix.title
    assert any(a.title == "Suppress CL101 on this line" for a in actions)
    (url,) = _by_rule(found, "CL201")
    unsafe = [a for a in await editor.actions(url.range) if a.title.startswith("Replace")]
    assert unsafe and all("unsafe" in a.title and not a.is_preferred for a in unsafe)
    assert fix.edit is not None
    editor.apply(fix.edit)
    assert "😀🎉 Let's check out the conveniences" in editor.text
    after = await editor.diagnostics(2)
    assert not any("Allow" in d.message for d in after)
    assert any("conveniences" in d.message for d in after)


async def _fix_all_and_suppress(editor: Editor) -> None:
    whole = lsp.Range(start=lsp.Position(line=0, character=0), end=lsp.Position(line=0, character=0))
    (fix_all,) = await editor.actions(whole, only=[lsp.CodeActionKind.SourceFixAll])
    assert fix_all.edit is not None
    editor.apply(fix_all.edit)
    assert "benefits of microneedling" in editor.text and "https://example.com" in editor.text  # safe only
    found = await editor.diagnostics(3)
    assert not _by_rule(found, "CL101") and _by_rule(found, "CL201")
    (claim,) = _by_rule(found, "CL406")
    suppress = next(a for a in await editor.actions(claim.range) if a.title == "Suppress CL406 on this line")
    assert suppress.edit is not None
    editor.apply(suppress.edit)
    assert "<!-- contentlint-disable-next-line CL406 -->\nFirst of all" in editor.text
    found = await editor.diagnostics(4)
    assert not _by_rule(found, "CL406") and _by_rule(found, "CL201")


async def _hover_and_debounce(editor: Editor) -> None:
    found = await editor.diagnostics(4)
    (url,) = _by_rule(found, "CL201")
    params = lsp.HoverParams(text_document=lsp.TextDocumentIdentifier(uri=editor.uri), position=url.range.start)
    shown = await asyncio.wait_for(editor.client.text_document_hover_async(params), TIMEOUT)
    assert shown is not None and isinstance(shown.contents, lsp.MarkupContent)
    assert "CL201 url-as-word" in shown.contents.value and "What it does" in shown.contents.value
    # Keystrokes in a row: the last version is linted and its diagnostics arrive.
    for word in ("Allow's", " go"):
        editor.change(editor.text + word)
    found = await editor.diagnostics(editor.version)
    assert any("Allow" in d.message for d in found)


def test_language_server_end_to_end(tmp_path: Path) -> None:
    asyncio.run(_open_and_fix(tmp_path))


async def _utf8_columns(tmp_path: Path) -> None:
    (tmp_path / "my drafts").mkdir()
    # a path with a space and an accent: its URI is percent-encoded
    editor = Editor((tmp_path / "my drafts" / "brouillon é.md").as_uri(), DRAFT)
    assert "%20" in editor.uri
    result = await _start(tmp_path, editor, encodings=["utf-8"])
    assert result.capabilities.position_encoding == lsp.PositionEncodingKind.Utf8
    item = lsp.TextDocumentItem(uri=editor.uri, language_id="markdown", version=1, text=DRAFT)
    editor.client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=item))
    allow = next(d for d in await editor.diagnostics(1) if "Allow" in d.message)
    # a client that asked for UTF-8 counts bytes: 4 for each emoji, 1 for the space
    assert (allow.range.start.character, allow.range.end.character) == (9, 16)
    # A broken configuration file: no diagnostics, and a message that names the file and the key.
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "contentlint.toml").write_text('select = ["XX999"]\n', encoding="utf-8")
    bad = (tmp_path / "bad" / "post.md").as_uri()
    item = lsp.TextDocumentItem(uri=bad, language_id="markdown", version=1, text=DRAFT)
    editor.client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=item))
    await editor.wait_for(lambda: bool(editor.messages) and any(p.uri == bad for p in editor.published))
    assert "contentlint.toml" in editor.messages[0] and "XX999" in editor.messages[0]
    assert not next(p for p in editor.published if p.uri == bad).diagnostics
    await _stop(editor)


def test_language_server_speaks_the_negotiated_encoding(tmp_path: Path) -> None:
    asyncio.run(_utf8_columns(tmp_path))


# -- features, without a server ------------------------------------------------------------------


def _apply_edit(linted: Linted, action: lsp.CodeAction) -> str:
    assert action.edit is not None and action.edit.document_changes is not None
    (change,) = action.edit.document_changes
    assert isinstance(change, lsp.TextDocumentEdit) and change.text_document.version == linted.version
    text = linted.source
    for e in sorted(change.edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: linted.offset(e.range.start)] + e.new_text + text[linted.offset(e.range.end) :]
    return text


def _lint(tmp_path: Path, name: str, text: str, language: str) -> Linted:
    return lint((tmp_path / name).as_uri(), text, 1, language, LintOptions())


@pytest.mark.parametrize(
    ("name", "language", "text", "directive"),
    [
        ("a.txt", "plaintext", "Some text.\r\n\r\n🎉 Allow's check out the plan.\r\n", "contentlint-disable-next-line"),
        (
            "a.html",
            "html",
            "<p>Intro.</p>\n  <p>🎉 Allow's check out the plan.</p>\n",
            "<!-- contentlint-disable-next-line",
        ),
    ],
)
def test_suppression_action_in_each_format(tmp_path: Path, name: str, language: str, text: str, directive: str) -> None:
    linted = _lint(tmp_path, name, text, language)
    (finding,) = [d for d in diagnostics(linted) if d.code == "CL101"]
    actions = {a.title: a for a in code_actions(linted, finding.range)}
    fixed = _apply_edit(linted, actions["Replace \u201cAllow's\u201d with \u201cLet's\u201d (CL101)"])
    assert "🎉 Let's check out" in fixed
    suppressed = _apply_edit(linted, actions["Suppress CL101 on this line"])
    assert directive in suppressed and ("\r\n" in suppressed) == ("\r\n" in text)
    assert not _lint(tmp_path, name, suppressed, language).report.findings


def test_commands_name_the_missing_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    import contentlint.lsp
    import contentlint.serve
    from contentlint.cli import app

    monkeypatch.setattr(contentlint.lsp, "available", lambda: False)
    monkeypatch.setattr(contentlint.serve, "available", lambda: False)
    for command, extra in (("lsp", "contentlint[lsp]"), ("serve", "contentlint[serve]")):
        result = CliRunner().invoke(app, [command])
        assert result.exit_code == 2 and extra in result.output and "Traceback" not in result.output
