"""What the language server answers, built from one lint of a document: diagnostics, code actions and
hovers. Nothing here talks to the client, so it is tested without a server."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types as lsp

from ..fix import fix_document
from ..formats import Format, format_for, load_string
from ..model import FileReport, Finding, Severity
from ..options import LintOptions
from .positions import Encoding, PositionMap

SOURCE = "contentlint"
FIX_ALL_KIND = "source.fixAll.contentlint"
_LANGUAGES: dict[str, Format] = {"markdown": "markdown", "html": "html", "plaintext": "text", "text": "text"}
_SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}


def uri_to_path(uri: str) -> str:
    """The file a URI names; an unsaved buffer gets a name in the working directory, so the
    configuration found from there applies to it."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return str(Path.cwd() / "untitled")
    path = unquote(parsed.path)
    # file:///C:/x on Windows: drop the slash before the drive letter.
    if len(path) > 2 and path[0] == "/" and path[2] == ":":
        path = path[1:]
    return path


def format_of(language_id: str | None, path: str, text: str) -> Format:
    return _LANGUAGES.get(language_id or "") or format_for(path, text)


@dataclass
class Linted:
    """One lint of one version of a document."""

    uri: str
    version: int | None
    source: str
    fmt: Format
    path: str
    report: FileReport
    positions: PositionMap
    options: LintOptions = field(default_factory=LintOptions)
    _fixed: str | None = field(default=None, repr=False)

    def range_of(self, start: int, end: int) -> lsp.Range:
        return lsp.Range(start=self._pos(start), end=self._pos(end))

    def _pos(self, offset: int) -> lsp.Position:
        line, character = self.positions.position(offset)
        return lsp.Position(line=line, character=character)

    def offset(self, position: lsp.Position) -> int:
        return self.positions.offset(position.line, position.character)

    def fixed_safe(self) -> str:
        """The text with every safe fix applied, to a fixed point (computed once per version)."""
        if self._fixed is None:
            linter = self.options.linter()
            document = load_string(self.source, self.path, self.fmt)
            self._fixed = fix_document(document, linter, linter.config_for(self.path)).fixed
        return self._fixed


def lint(
    uri: str,
    source: str,
    version: int | None,
    language_id: str | None,
    options: LintOptions,
    encoding: Encoding = "utf-16",
) -> Linted:
    """Lint a document's text as the editor holds it. A fresh resolver per lint: a configuration file
    edited while the editor is open applies from the next keystroke. Raises ContentlintError."""
    path = uri_to_path(uri)
    fmt = format_of(language_id, path, source)
    linter = options.linter()
    report = linter.lint_document(load_string(source, path, fmt), config=linter.config_for(path))
    return Linted(uri, version, source, fmt, path, report, PositionMap(source, encoding), options)


def _message(f: Finding) -> str:
    if f.suggestion and f.suggestion not in f.message:
        return f"{f.message} (suggestion: {f.suggestion})"
    return f.message


def diagnostic(linted: Linted, index: int, f: Finding) -> lsp.Diagnostic:
    return lsp.Diagnostic(
        range=linted.range_of(f.start, f.end),
        message=_message(f),
        severity=_SEVERITY[f.severity],
        code=f.rule,
        source=SOURCE,
        data={"index": index, "version": linted.version},
    )


def diagnostics(linted: Linted) -> list[lsp.Diagnostic]:
    return [diagnostic(linted, i, f) for i, f in enumerate(linted.report.findings)]


# -- code actions --------------------------------------------------------------------------------


def _edit(linted: Linted, edits: list[lsp.TextEdit]) -> lsp.WorkspaceEdit:
    """Edits tied to the version they were computed on: a client whose buffer moved on refuses them."""
    identifier = lsp.OptionalVersionedTextDocumentIdentifier(uri=linted.uri, version=linted.version)
    return lsp.WorkspaceEdit(document_changes=[lsp.TextDocumentEdit(text_document=identifier, edits=edits)])


def _fix_title(f: Finding) -> str:
    assert f.fix is not None
    quoted = f.text if len(f.text) <= 40 else f.text[:37] + "..."
    if f.fix.replacement:
        action = f"Replace \u201c{quoted}\u201d with \u201c{f.fix.replacement}\u201d"
    else:
        action = f"Remove \u201c{quoted.strip()}\u201d"
    return f"{action} ({f.rule})" if f.fix.safe else f"{action} ({f.rule}, unsafe: review the meaning)"


def fix_action(linted: Linted, index: int, f: Finding) -> lsp.CodeAction:
    assert f.fix is not None
    edit = lsp.TextEdit(range=linted.range_of(f.fix.start, f.fix.end), new_text=f.fix.replacement)
    return lsp.CodeAction(
        title=_fix_title(f),
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=[diagnostic(linted, index, f)],
        is_preferred=f.fix.safe,
        edit=_edit(linted, [edit]),
    )


def suppress_action(linted: Linted, index: int, f: Finding) -> lsp.CodeAction:
    """Insert a disable-next-line directive above the finding's line, indented as that line is."""
    line, _ = linted.positions.position(f.start)
    start = linted.offset(lsp.Position(line=line, character=0))
    rest = linted.source[start:]
    indent = rest[: len(rest) - len(rest.lstrip(" \t"))]
    newline = "\r\n" if "\r\n" in linted.source else "\n"
    directive = f"contentlint-disable-next-line {f.rule}"
    if linted.fmt != "text":
        directive = f"<!-- {directive} -->"
    at = lsp.Position(line=line, character=0)
    edit = lsp.TextEdit(range=lsp.Range(start=at, end=at), new_text=f"{indent}{directive}{newline}")
    return lsp.CodeAction(
        title=f"Suppress {f.rule} on this line",
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=[diagnostic(linted, index, f)],
        edit=_edit(linted, [edit]),
    )


def _one_edit(linted: Linted, before: str, after: str) -> lsp.TextEdit:
    """The smallest single edit turning ``before`` into ``after`` (common prefix and suffix kept), so the
    editor keeps the cursor and folds outside the changed region."""
    prefix = 0
    limit = min(len(before), len(after))
    while prefix < limit and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and before[-1 - suffix] == after[-1 - suffix]:
        suffix += 1
    return lsp.TextEdit(
        range=linted.range_of(prefix, len(before) - suffix), new_text=after[prefix : len(after) - suffix]
    )


def fix_all_action(linted: Linted) -> lsp.CodeAction | None:
    if not any(f.fix is not None and f.fix.safe for f in linted.report.findings):
        return None
    fixed = linted.fixed_safe()
    if fixed == linted.source:
        return None
    return lsp.CodeAction(
        title="Fix all safe contentlint problems",
        kind=FIX_ALL_KIND,
        edit=_edit(linted, [_one_edit(linted, linted.source, fixed)]),
    )


def _wanted(kind: str, only: Sequence[str] | None) -> bool:
    return not only or any(kind == o or kind.startswith(o + ".") for o in only)


def code_actions(linted: Linted, where: lsp.Range, only: Sequence[str] | None = None) -> list[lsp.CodeAction]:
    """Fixes and suppressions for the findings the range touches, then the fix-all for the document."""
    start, end = linted.offset(where.start), linted.offset(where.end)
    actions: list[lsp.CodeAction] = []
    if _wanted(lsp.CodeActionKind.QuickFix, only):
        for i, f in enumerate(linted.report.findings):
            if f.start <= end and f.end >= start:
                if f.fix is not None:
                    actions.append(fix_action(linted, i, f))
                actions.append(suppress_action(linted, i, f))
    if _wanted(FIX_ALL_KIND, only):
        fix_all = fix_all_action(linted)
        if fix_all is not None:
            actions.append(fix_all)
    return actions


# -- hover ---------------------------------------------------------------------------------------


def _demote(page: str) -> str:
    """The rule page's headings, made smaller than the finding they explain."""
    return "\n".join("####" + line[1:] if line.startswith("#") else line for line in page.splitlines())


def hover(linted: Linted, position: lsp.Position) -> lsp.Hover | None:
    """The findings under the cursor, each with its rule's page."""
    from ..checks import RULES
    from ..ruledocs import render

    offset = linted.offset(position)
    found = [f for f in linted.report.findings if f.start <= offset <= f.end and not f.document_level]
    if not found:
        return None
    parts = []
    for f in found:
        head = f"**{f.rule} {f.name}** ({f.severity.value}): {f.message}"
        if f.suggestion:
            head += f"\n\nSuggestion: **{f.suggestion}**"
        parts.append(head + "\n\n" + _demote(render(RULES[f.rule])))
    first = min(f.start for f in found)
    last = max(f.end for f in found)
    return lsp.Hover(
        contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)),
        range=linted.range_of(first, last),
    )
