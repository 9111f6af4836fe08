"""The Python API, and the pipeline the CLI runs: load -> analyse -> checks -> findings -> score.

    >>> from contentlint import check_text
    >>> report = check_text("Allow's check out the conveniences of microneedling.")
    >>> [(f.rule, f.suggestion) for f in report.findings]
    [('CL101', "Let's"), ('CL101', 'benefits of microneedling')]

``check_text`` and ``check_path`` lint one article; :class:`Linter` lints many and reuses the one
spaCy pipeline of the process through ``nlp.pipe``.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy
from spacy.attrs import IS_ALPHA, LIKE_NUM
from spacy.tokens import Doc

from . import suppress
from .checks import ALL_CHECKS, RULE_CODES, RULES
from .checks.suppressions import unused_directives
from .checks.tokens import ALPHA_OR_NUMBER, token_table
from .config import Config, ConfigResolver
from .document import Document
from .edits import source_fix
from .errors import ContentlintError, InputError
from .formats import Format, load_bytes, load_string
from .model import Context, FileReport, Finding, Fix, FixSafety, Hit, Rule
from .nlp import get_nlp
from .score import score


def _enabled(config: Config, code: str) -> bool:
    """Opt-in rules (CL901) run only when selected by their own code, never by "CL"."""
    return config.selects_explicitly(code) if RULES[code].opt_in else config.is_enabled(code)


def _words(doc: Doc, table: numpy.ndarray | None = None) -> int:
    """Tokens that are alphabetic or number-like; ``table``: the document's token table (``token_table``), which
    the checks have usually read already, so that its columns are not read from the Doc again."""
    if not len(doc):
        return 0
    flags = doc.to_array([IS_ALPHA, LIKE_NUM]) if table is None else table[:, ALPHA_OR_NUMBER]
    return int((flags.sum(axis=1) > 0).sum())


def _without_shadowed(findings: list[Finding]) -> list[Finding]:
    """Drop a yielding rule's findings (the statistical spin detector) where a rule of a category it
    yields to reports overlapping text. Linear after sorting: per blocking rule, its spans sorted by
    start with the running maximum of their ends answer "does any span overlap [s, e)?" by bisection."""
    yielding = [f for f in findings if RULES[f.rule].yields_to]
    if not yielding:
        return findings
    wanted = {c for f in yielding for c in RULES[f.rule].yields_to}
    spans: dict[str, list[tuple[int, int]]] = {}
    for g in findings:
        if g.category in wanted:
            spans.setdefault(g.rule, []).append((g.start, g.end))
    index = {rule: _OverlapIndex(sorted(pairs)) for rule, pairs in spans.items()}
    return [f for f in findings if not (RULES[f.rule].yields_to and _shadowed(f, index))]


def _shadowed(f: Finding, index: dict[str, _OverlapIndex]) -> bool:
    categories = RULES[f.rule].yields_to
    return any(
        rule != f.rule and RULES[rule].category in categories and idx.overlaps(f.start, f.end)
        for rule, idx in index.items()
    )


class _OverlapIndex:
    """Spans sorted by start, with the largest end among each prefix."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts = [s for s, _ in spans]
        self.max_end = list(itertools.accumulate((e for _, e in spans), max))

    def overlaps(self, start: int, end: int) -> bool:
        n = bisect.bisect_left(self.starts, end)  # spans that start before `end`
        return n > 0 and self.max_end[n - 1] > start


# The accept list names the site's own words (brands, products, house terms); it applies to findings
# about wording, not to structural ones such as sentence length or repeated headings.
_ACCEPTABLE = frozenset({"spun-phrase", "stray-link", "unsupported-claim", "boilerplate"})


def _source_span(document: Document, hit: Hit) -> tuple[int, int] | None:
    """The hit's span in the source, or None where it falls in masked text or maps nowhere."""
    if document.masked and document.is_masked(hit.start, hit.end):
        return None
    if hit.start == hit.end:
        mapped = document.offsets.to_source(hit.start, hit.start + 1)
        return (mapped[0], mapped[0]) if mapped else None
    return document.offsets.to_source(hit.start, hit.end)


def _finding(document: Document, hit: Hit, rule: Rule, span: tuple[int, int], config: Config) -> Finding:
    start, end = span
    line, column = document.line_col(start)
    fix, no_fix = source_fix(document, hit.fix, hit.start, hit.end) if hit.fix else (None, hit.no_fix)
    if fix is not None and rule.fix_safety == FixSafety.UNSAFE:
        fix = Fix(fix.start, fix.end, fix.replacement, False, fix.remove_block)
    return Finding(
        rule=rule.code,
        name=rule.name,
        category=rule.category,
        severity=config.severity.get(hit.code) or hit.severity or rule.severity,
        message=hit.message,
        start=start,
        end=end,
        line=line,
        column=column,
        text=document.source[start:end],
        suggestion=hit.suggestion,
        fix=fix,
        no_fix=no_fix,
        document_level=rule.document_level,
    )


# Paths whose configuration a Linter remembers (see config_for): more than a parallel check's files in flight
# between the parent's two questions about one file (a few hundred per worker).
CONFIG_MEMO = 4096


class Linter:
    """Lints documents with one configuration resolver and the process's spaCy pipeline."""

    def __init__(
        self,
        config: Config | None = None,
        *,
        resolver: ConfigResolver | None = None,
        overrides: dict[str, Any] | None = None,
        explain: bool = True,
    ) -> None:
        self._config = config
        self.explain = explain  # see Context.explain
        self._resolver = resolver
        self._overrides = overrides or {}
        self._by_path: dict[str, Config] = {}

    def config_for(self, path: str) -> Config:
        """The configuration of the file ``path`` (remembered: `check` asks for each file's twice in the parent,
        to read it and to judge whether it fails the run, and each answer resolves the path again)."""
        config = self._by_path.get(path)
        if config is None:
            config = self._resolved_config(path)
            if len(self._by_path) >= CONFIG_MEMO:
                self._by_path.clear()
            self._by_path[path] = config
        return config

    def _resolved_config(self, path: str) -> Config:
        if self._config is not None:
            base = self._config
        elif self._resolver is not None and path not in ("-", "<string>", "<stdin>"):
            base = self._resolver.for_path(Path(path))
        elif self._resolver is not None:
            base = self._resolver.for_path(Path.cwd() / "stdin")
        else:
            base = Config()
        return base.replace(**self._overrides) if self._overrides else base

    def config_for_directory(self, directory: Path) -> Config:
        """The configuration that applies in ``directory`` (its include/exclude globs walk it)."""
        if self._config is not None:
            base = self._config
        elif self._resolver is not None:
            base = self._resolver.for_path(directory)
        else:
            base = Config()
        return base.replace(**self._overrides) if self._overrides else base

    # -- one document ----------------------------------------------------------------------------
    def lint_document(
        self,
        document: Document,
        doc: Doc | None = None,
        config: Config | None = None,
        analyses: dict[str, Any] | None = None,
    ) -> FileReport:
        """``analyses``: analyses already computed for this document (by name), e.g. by a batch."""
        config = config or self.config_for(document.path)
        if doc is None:
            doc = get_nlp(config.model)(document.text)
        ctx = Context(document=document, doc=doc, config=config, _analyses=dict(analyses or {}), explain=self.explain)
        hits: list[Hit] = []
        ran = []
        for check in ALL_CHECKS:
            codes = {code for code in check.codes if _enabled(config, code)}
            if codes:
                ran.append(check)
                for analysis in check.analyses:
                    ctx.analysis(analysis)
                hits.extend(h for h in check.run(ctx) if h.code in codes)
        findings, directives = suppress.apply(document, _without_shadowed(self._findings(document, hits, config)))
        if directives:
            unused = unused_directives(document, directives, config)
            findings = sorted([*findings, *unused], key=lambda f: (f.start, f.rule))
        words = _words(doc, token_table(ctx))
        reported = ctx.reported(a for check in ran for a in check.analyses)
        return FileReport(
            path=document.path,
            findings=findings,
            words=words,
            score=score(findings, words, spin=reported.get("spin")),
            readability=reported.get("readability"),
            spin=reported.get("spin"),
            document=document,
        )

    def _findings(self, document: Document, hits: Iterable[Hit], config: Config) -> list[Finding]:
        accept = [re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE) for term in config.accept]
        out: dict[tuple[str, int, int], Finding] = {}
        for hit in hits:
            span = _source_span(document, hit)
            if span is None:
                continue
            start, end = span
            text = document.source[start:end]
            rule = RULES[hit.code]
            if rule.category in _ACCEPTABLE and any(p.search(text) for p in accept):
                continue
            if (hit.code, start, end) not in out:
                out[(hit.code, start, end)] = _finding(document, hit, rule, span, config)
        return sorted(out.values(), key=lambda f: (f.start, f.end, f.rule))

    # -- many documents --------------------------------------------------------------------------
    def lint_documents(self, documents: Iterable[Document], batch_size: int = 32) -> Iterator[FileReport]:
        """Analyse documents in batches through ``nlp.pipe`` (one pipeline per model per process)."""
        batch: list[tuple[Document, Config]] = []
        for document in documents:
            batch.append((document, self.config_for(document.path)))
            if len(batch) >= batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[tuple[Document, Config]]) -> Iterator[FileReport]:
        by_model: dict[str, list[int]] = {}
        for i, (_, config) in enumerate(batch):
            by_model.setdefault(config.model, []).append(i)
        docs: dict[int, Doc] = {}
        for model, indices in by_model.items():
            nlp = get_nlp(model)
            fits = [i for i in indices if len(batch[i][0].text) <= nlp.max_length]
            for i, doc in zip(fits, nlp.pipe(batch[i][0].text for i in fits), strict=True):
                docs[i] = doc
        prepared = _batch_analyses(batch, docs)
        for i, (document, config) in enumerate(batch):
            if i in docs:
                yield self._lint_safely(document, docs[i], config, prepared.get(i))
            else:
                yield FileReport(
                    path=document.path,
                    error=f"text of {len(document.text):,} characters is too long for the spaCy model {config.model!r}",
                )

    def _lint_safely(
        self, document: Document, doc: Doc | None, config: Config, analyses: dict[str, Any] | None = None
    ) -> FileReport:
        """One broken document must not stop a run over thousands: report it as that file's error."""
        try:
            return self.lint_document(document, doc, config, analyses)
        except (MemoryError, RecursionError, ValueError) as exc:
            return FileReport(path=document.path, error=f"cannot analyse this file: {exc}")

    def lint_paths(
        self, sources: Iterable[tuple[str, bytes | InputError]], fmt: Format | None = None, batch_size: int = 32
    ) -> Iterator[FileReport]:
        """Lint ``(path, bytes)`` pairs in order; an :class:`InputError` in place of bytes is reported."""
        pending: list[Document] = []
        for path, data in sources:
            if isinstance(data, InputError):
                yield from self.lint_documents(pending, batch_size)
                pending = []
                yield FileReport(path=path, error=data.problem)
                continue
            try:
                pending.append(load_bytes(data, path, fmt))
            except InputError as exc:
                yield from self.lint_documents(pending, batch_size)
                pending = []
                yield FileReport(path=path, error=exc.problem)
                continue
            if len(pending) >= batch_size:
                yield from self.lint_documents(pending, batch_size)
                pending = []
        yield from self.lint_documents(pending, batch_size)


def _batch_analyses(batch: list[tuple[Document, Config]], docs: dict[int, Doc]) -> dict[int, dict[str, Any]]:
    """The analyses worth computing for a batch of documents at once, by document: the statistical spin
    detector's candidates (each call pays a few hundred numpy calls whatever its length, which weighs on
    short pages). Nothing for a batch of one, which computes its own as a single check does."""
    wanted = [i for i in docs if batch[i][1].is_enabled("CL102")]
    if len(wanted) < 2:
        return {}
    from .checks.spun import SCORED_WORDS, scored_words_of

    try:
        scored = scored_words_of([(docs[i], batch[i][0].text) for i in wanted])
    except (MemoryError, RecursionError, ValueError):
        return {}  # each document then scores its own words, and a broken one reports its error alone
    return {i: {SCORED_WORDS.name: words} for i, words in zip(wanted, scored, strict=True)}


def check_text(
    text: str, *, path: str = "<string>", format: Format | None = None, config: Config | None = None
) -> FileReport:
    """Lint an article given as a string. ``format`` is "text", "markdown" or "html" (default: by path)."""
    document = load_string(text, path, format)
    return Linter(config).lint_document(document)


def check_path(path: str | Path, *, config: Config | None = None) -> FileReport:
    """Lint one file; the nearest pyproject.toml or contentlint.toml applies unless ``config`` is given."""
    from .discovery import read_file

    p = str(path)
    linter = Linter(config, resolver=None if config else ConfigResolver(RULE_CODES))
    cfg = linter.config_for(p)
    data = read_file(Path(p), p, cfg.max_bytes)
    if isinstance(data, InputError):
        return FileReport(path=p, error=data.problem)
    try:
        document = load_bytes(data, p)
    except InputError as exc:
        return FileReport(path=p, error=exc.problem)
    return linter.lint_document(document, config=cfg)


__all__ = ["ContentlintError", "FileReport", "Linter", "check_path", "check_text"]
