"""The `contentlint` command: check, rules, eval.

Exit codes: 0 nothing at or above the failing level; 1 findings at or above it (``--fail-on``) or a
score under ``--fail-under`` or a spin at or above ``--fail-on-spin``; 2 usage, configuration or input errors.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import click
import typer

from . import __version__
from .errors import ContentlintError
from .model import Severity

if TYPE_CHECKING:
    from .api import Linter
    from .checkrun import CheckRun
    from .config import Config
    from .options import LintOptions

app = typer.Typer(
    name="contentlint",
    help="Lint and clean up marketing articles: duplicated headings, spun phrases, stray links, "
    "unsupported claims, with a 0-100 quality score.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain click help: rich markup would read "[default: warning]" as a style tag and drop it, and its
    # boxes cut long help texts off a terminal.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"


class Level(str, Enum):
    info = "info"
    warning = "warning"
    error = "error"


class ColourMode(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"contentlint {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """contentlint."""


# The rule selection options of the commands that lint (check, audit), declared once.
SelectOption = Annotated[
    list[str] | None, typer.Option(help="Rule codes or prefixes to enable, e.g. CL,CL102 (comma-separated).")
]
IgnoreOption = Annotated[list[str] | None, typer.Option(help="Rule codes or prefixes to disable (comma-separated).")]
IncludeOption = Annotated[list[str] | None, typer.Option(help="Glob of files to take in directories.")]
ExcludeOption = Annotated[list[str] | None, typer.Option(help="Glob of files or directories to skip.")]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="Use this config file instead of searching for one.")
]
StdinFilenameOption = Annotated[str | None, typer.Option(help="Name (and so format) for text read from stdin.")]
PathsArgument = Annotated[
    list[str] | None,
    typer.Argument(help="Files or directories to lint; - reads stdin [default: piped stdin, else .]."),
]
ProcessesOption = Annotated[
    int | None,
    typer.Option(
        "--processes",
        "-j",
        min=1,
        help="Lint in this many processes [default: every usable core from 40 files or 1 MB; one below].",
    ),
]
FailOnOption = Annotated[
    Level | None, typer.Option(help="Exit 1 on findings at or above this severity [default: warning].")
]


def _options(select: list[str] | None, ignore: list[str] | None, **values: Any) -> LintOptions:
    """The command line's options; an empty --select is refused (see _check_select)."""
    from .options import LintOptions, split_codes

    _check_select(select)
    fail_on = values.pop("fail_on", None)
    return LintOptions(
        select=split_codes(select) or None,
        ignore=split_codes(ignore) or None,
        fail_on=Severity(fail_on.value) if fail_on is not None else None,
        include=tuple(values.pop("include", None) or ()),
        exclude=tuple(values.pop("exclude", None) or ()),
        **values,
    )


def _check_select(select: list[str] | None) -> None:
    from .options import split_codes

    if select and not split_codes(select):
        # Most often `--select "$RULES"` with the variable unset: running no rule would pass anything.
        _fail("--select: no rule codes given (an empty value would select nothing; omit it for the defaults)")


def _linter(options: LintOptions, explain: bool = True) -> tuple[Linter, Config]:
    """The run's linter and the configuration of the current directory (for walking directories)."""
    try:
        linter = options.linter()
        linter.explain = explain
        return linter, linter.config_for_directory(Path.cwd())
    except ContentlintError as exc:
        _fail(str(exc))
        raise  # unreachable: _fail exits


def _shown(output_format: OutputFormat) -> bool:
    """Whether the format shows the spin evidence's strongest words (Context.explain): JSON only."""
    return output_format is OutputFormat.json


def _fail(message: str) -> NoReturn:
    typer.echo(f"contentlint: error: {message}", err=True)
    raise typer.Exit(2)


def _default_paths() -> list[str]:
    """No PATH: text piped or redirected into the command is the article (`cat draft.md | contentlint
    check`); otherwise the current directory. A terminal or /dev/null on stdin means no text was given."""
    import stat

    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (AttributeError, OSError, ValueError):
        return ["."]
    piped = stat.S_ISFIFO(mode) or stat.S_ISREG(mode) or stat.S_ISSOCK(mode)
    return ["-"] if piped and not sys.stdin.isatty() else ["."]


def _use_colour(mode: ColourMode) -> bool:
    if mode is ColourMode.always:
        return True
    if mode is ColourMode.never or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


@app.command()
def check(
    paths: PathsArgument = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.text,
    fail_on: FailOnOption = None,
    fail_under: Annotated[float | None, typer.Option(min=0, max=100, help="Exit 1 on a score below it.")] = None,
    fail_on_spin: Annotated[
        float | None, typer.Option(min=0, max=1, help="Exit 1 when a file's spin is at or above it.")
    ] = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
    config_file: ConfigOption = None,
    max_bytes: Annotated[int | None, typer.Option(min=1, help="Skip files larger than this, with an error.")] = None,
    stdin_filename: StdinFilenameOption = None,
    exit_zero: Annotated[bool, typer.Option(help="Exit 0 even when findings would fail the run.")] = False,
    color: Annotated[ColourMode, typer.Option(help="Colour the text output.")] = ColourMode.auto,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file.")] = None,
    baseline: Annotated[Path | None, typer.Option(help="Report only findings that are not in this baseline.")] = None,
    write_baseline: Annotated[Path | None, typer.Option(help="Record the findings as a baseline in this file.")] = None,
    respect_gitignore: Annotated[
        bool, typer.Option(help="Skip files that .gitignore excludes when walking directories.")
    ] = True,
    statistics: Annotated[bool, typer.Option(help="Text: count findings by rule, not each one.")] = False,
    source: Annotated[bool, typer.Option(help="Text: each finding's source line, span underlined.")] = True,
    processes: ProcessesOption = None,
) -> None:
    """Lint articles and report findings and scores."""
    from .checkrun import CheckRun
    from .output import RenderContext

    limits: dict[str, Any] = {"fail_on": fail_on, "fail_under": fail_under, "fail_on_spin": fail_on_spin}
    limits |= {"max_bytes": max_bytes, "config_file": config_file}
    linter, walk = _linter(_options(select, ignore, include=include, exclude=exclude, **limits), _shown(output_format))
    known = _load_baseline(baseline)
    paths = paths or _default_paths()
    colour = _use_colour(color) and output is None
    context = RenderContext(colour=colour, fail_on=walk.fail_on, statistics=statistics, snippets=source)
    with _Output(output, colour) as sink:
        run = CheckRun(
            linter,
            output_format.value,
            write=sink.write,
            echo_error=lambda line: typer.echo(line, err=True),
            context=context,
            baseline=known,
            want_fingerprints=output_format is OutputFormat.sarif or write_baseline is not None,
        )
        run.start()
        try:
            for report in _reports(paths, run, walk, stdin_filename, respect_gitignore, processes):
                run.add(report)
        except ContentlintError as exc:
            _fail(str(exc))
        if write_baseline is not None:
            _write_baseline(write_baseline, run)
        run.finish()
    if run.hidden:
        typer.echo(f"{run.hidden} finding{'s' * (run.hidden != 1)} in the baseline not shown", err=True)
    raise typer.Exit(run.exit_code(exit_zero))


def _reports(
    paths: list[str], run: CheckRun, walk: Config, stdin_filename: str | None, gitignore: bool, jobs: int | None
) -> Iterator[Any]:
    """The reports of the files of ``paths``, in order, linted in ``jobs`` processes (see parallel.py)."""
    from .parallel import lint_sources

    sources = ((name, data) for name, _, data in _sources(paths, run.linter, walk, stdin_filename, gitignore))
    fmt = _stdin_format(stdin_filename) if "-" in paths else None
    return lint_sources(run.linter, sources, fmt, jobs or walk.processes, run.prerenderer())


class _Output:
    """Where the report goes: stdout as it is written, or a file that appears whole when the run ends
    (written to a temporary file beside it, then renamed)."""

    def __init__(self, path: Path | None, colour: bool = False) -> None:
        self.path = path
        self.colour = colour  # --color always: keep the styles even when stdout is not a terminal
        self._fh: Any = None
        self._tmp: str | None = None

    def __enter__(self) -> _Output:
        if self.path is not None and _is_special(self.path):
            # A device or pipe (-o /dev/null, a FIFO) is written to, never replaced by a regular file.
            try:
                self._fh = open(self.path, "w", encoding="utf-8", errors="surrogateescape")
            except OSError as exc:
                _fail(f"{self.path}: cannot write the report: {exc.strerror or exc}")
        elif self.path is not None:
            import tempfile

            try:
                fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent or ".")
            except OSError as exc:
                _fail(f"{self.path}: cannot write the report: {exc.strerror or exc}")
            self._fh = os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape")
        return self

    def write(self, text: str) -> None:
        if not text:
            return
        if self._fh is None:
            typer.echo(text, nl=False, color=self.colour or None)
        else:
            self._fh.write(text)

    def __exit__(self, kind: object, *rest: object) -> None:
        if self._fh is None:
            return
        self._fh.close()
        if self._tmp is None:  # written in place (a device or pipe)
            return
        assert self.path is not None
        if kind is not None:  # the run ended early: no half-written report
            os.unlink(self._tmp)
            return
        try:
            os.chmod(self._tmp, 0o644 & ~_umask())
            os.replace(self._tmp, self.path)
        except OSError as exc:
            os.unlink(self._tmp)
            _fail(f"{self.path}: cannot write the report: {exc.strerror or exc}")


def _is_special(path: Path) -> bool:
    """Is ``path`` an existing file that is not a regular one (a character device, FIFO or socket)?"""
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _stdin_format(stdin_filename: str | None) -> Any:
    from .formats import format_for

    return format_for(stdin_filename) if stdin_filename else None


def _sources(
    paths: list[str], linter: Linter, walk: Config, stdin_filename: str | None, respect_gitignore: bool = True
) -> Iterator[tuple[str, Path | None, Any]]:
    """(name, path or None for stdin, bytes or the error reading them) for each file; stdin is named by
    --stdin-filename."""
    from .discovery import iter_paths, read_file

    for display, path in iter_paths(paths, walk.include, walk.exclude, respect_gitignore):
        try:
            cfg = linter.config_for(display if path is not None else "-")
        except ContentlintError as exc:
            _fail(str(exc))
        name = display if path is not None else (stdin_filename or "-")
        yield name, path, read_file(path, name, cfg.max_bytes)


def _load_baseline(path: Path | None) -> Any:
    if path is None:
        return None
    from .baseline import Baseline

    try:
        return Baseline.load(path)
    except ContentlintError as exc:
        _fail(str(exc))


def _write_baseline(path: Path, run: Any) -> None:
    """Record the run's findings as the baseline: the run then ends there (exit 0, or 2 on errors)."""
    from .baseline import write_entries

    try:
        count = write_entries(path, run.baseline_entries)
    except OSError as exc:
        _fail(f"{path}: cannot write the baseline: {exc.strerror or exc}")
    typer.echo(f"Wrote {count} finding{'s' * (count != 1)} to the baseline {path}", err=True)
    raise typer.Exit(2 if run.totals.errors else 0)


@app.command()
def fix(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Files or directories to fix; - reads stdin [default: piped stdin, else .]."),
    ] = None,
    write: Annotated[
        bool, typer.Option("--write", help="Apply the fixes to the files (default: show a diff).")
    ] = False,
    unsafe: Annotated[bool, typer.Option("--unsafe", help="Also apply lower-confidence fixes.")] = False,
    select: Annotated[list[str] | None, typer.Option(help="Only fix these rules (codes or prefixes).")] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Do not fix these rules (codes or prefixes).")] = None,
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
    config_file: ConfigOption = None,
    stdin_filename: StdinFilenameOption = None,
    processes: ProcessesOption = None,
) -> None:
    """Repair spun phrases, repeated headings, boilerplate and spam anchors; show a diff or --write.

    Exit codes: without --write, 1 when a file would change; with --write, 1 when findings at or
    above the failing level remain; 2 when a file could not be read or written.
    """
    from .parallel import fix_sources

    options = _options(select, ignore, include=include, exclude=exclude, config_file=config_file)
    linter, walk = _linter(options, explain=False)  # a fix shows diffs and findings, never the spin evidence
    outcome = _FixOutcome()
    files = _fix_sources(paths or _default_paths(), linter, walk, stdin_filename, outcome)
    jobs = processes or walk.processes
    for (name, path, data), fixed in fix_sources(linter, files, _stdin_format(stdin_filename), unsafe, jobs):
        _fix_one(name, path, data, fixed, write, outcome)
    if outcome.failed:
        raise typer.Exit(2)
    raise typer.Exit(1 if (outcome.remaining if write else outcome.changed) else 0)


class _FixOutcome:
    failed = changed = remaining = False


def _fix_sources(
    paths: list[str], linter: Linter, walk: Config, stdin_filename: str | None, outcome: _FixOutcome
) -> Iterator[tuple[str, Path | None, bytes]]:
    for name, path, data in _sources(paths, linter, walk, stdin_filename):
        if isinstance(data, ContentlintError):
            typer.echo(f"contentlint: error: {data}", err=True)
            outcome.failed = True
            continue
        yield name, path, data


def _fix_one(name: str, path: Path | None, data: bytes, fixed: Any, write: bool, outcome: _FixOutcome) -> None:
    """Report (and with --write, write) one file's fix, made by parallel.fix_one here or in a worker."""
    if fixed.error is not None:
        typer.echo(f"contentlint: error: {fixed.error}", err=True)
        outcome.failed = True
        return
    result, config = fixed.result, fixed.config
    outcome.changed |= result.changed
    if result.after is not None:
        outcome.remaining |= any(f.severity.rank >= config.fail_on.rank for f in result.after.findings)
    if not _deliver(name, path, data, result, fixed.encoding, write):
        outcome.failed = True
        return
    typer.echo(result.summary(), err=True)
    for s in result.skipped:
        typer.echo(f"  {name}:{s.line}: {s.rule} {s.text!r}: {s.reason}", err=True)
    if write or path is None:
        _echo_still_failing(result.after, config.fail_on)


def _deliver(name: str, path: Path | None, data: bytes, result: Any, encoding: str, write: bool) -> bool:
    """The fixed text to stdout (stdin), to the file (--write) or as a diff; False when not written."""
    from .fix import encode_like, write_atomic

    if path is None:
        sys.stdout.write(result.fixed)
    elif write and result.changed:
        try:
            write_atomic(path, data, encode_like(data, result.fixed, encoding))
        except (OSError, UnicodeEncodeError, ContentlintError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            typer.echo(f"contentlint: error: {name}: not written, left unchanged: {reason}", err=True)
            return False
    elif result.changed:
        typer.echo(result.diff(), nl=False)
    return True


def _echo_still_failing(report: Any, fail_on: Any) -> None:
    """After --write, the findings that still fail the run, so the exit code 1 is explained."""
    from dataclasses import replace

    from .output.text import render_file

    failing = [f for f in report.findings if f.severity.rank >= fail_on.rank] if report is not None else []
    if not failing:
        return
    count = len(failing)
    typer.echo(f"  {count} finding{'s' * (count != 1)} at or above {fail_on.value} still fail the run:", err=True)
    typer.echo(render_file(replace(report, findings=failing), colour=False, show_score=False), err=True)


@app.command()
def rules(
    code: Annotated[str | None, typer.Argument(help="Show this rule's documentation.")] = None,
) -> None:
    """List the rules, or show one rule's documentation."""
    from .checks import RULES
    from .ruledocs import render

    if code:
        rule = RULES.get(code.upper())
        if rule is None:
            _fail(f"unknown rule {code!r}; `contentlint rules` lists them")
        typer.echo(render(rule))  # type: ignore[arg-type]
        return
    typer.echo(f"{'code':<6} {'name':<24} {'category':<18} {'severity':<8} fix")
    for rule in sorted(RULES.values(), key=lambda r: r.code):
        typer.echo(f"{rule.code:<6} {rule.name:<24} {rule.category:<18} {rule.severity.value:<8} {rule.fix_safety}")


class Backend(str, Enum):
    local = "local"
    dask = "dask"


class ReportFormat(str, Enum):
    html = "html"
    csv = "csv"
    json = "json"


@app.command()
def audit(
    sources: Annotated[list[str], typer.Argument(help="Directories, WordPress exports (.xml), JSON Lines (.jsonl).")],
    db: Annotated[Path, typer.Option("--db", help="The SQLite database to write (resumed when it exists).")] = Path(
        "audit.sqlite"
    ),
    resume: Annotated[bool, typer.Option(help="Skip documents already audited with the same content.")] = True,
    processes: Annotated[
        int | None, typer.Option("--processes", "-j", min=1, help="Worker processes [default: all cores].")
    ] = None,
    backend: Annotated[Backend, typer.Option(help="Where the per-document work runs.")] = Backend.local,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address (default: a LocalCluster).")] = None,
    include: Annotated[list[str] | None, typer.Option(help="Glob of files to audit in directories.")] = None,
    exclude: Annotated[list[str] | None, typer.Option(help="Glob of files or directories to skip.")] = None,
    progress: Annotated[bool, typer.Option(help="Show progress (a bar on a terminal).")] = True,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
) -> None:
    """Audit whole archives in parallel into a SQLite database; `contentlint report` shows the result."""
    import sqlite3

    from .audit.run import describe, run_audit

    missing = [s for s in sources if not Path(s).exists()]
    if missing:
        _fail(f"{missing[0]}: no such file or directory")
    options = _options(select, ignore)
    try:
        # The audit has one configuration for the whole archive; none given: the workers' defaults.
        config = options.config() if (options.select or options.ignore) else None
    except ContentlintError as exc:
        _fail(str(exc))
    try:
        stats = run_audit(
            sources,
            db,
            backend=backend.value,
            processes=processes,
            scheduler=scheduler,
            resume=resume,
            include=tuple(include or ()),
            exclude=tuple(exclude or ()),
            progress=progress,
            config=config,
        )
    except ContentlintError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{db}: {exc.strerror or exc}")
    except sqlite3.Error as exc:
        _fail(f"{db}: cannot use this file as the audit database ({exc})")
    typer.echo(describe(stats, db), err=True)
    if stats.interrupted:
        raise typer.Exit(130)
    raise typer.Exit(2 if stats.errors_total else 0)  # as `check`: some documents could not be linted


@app.command()
def report(
    database: Annotated[Path, typer.Argument(help="An audit database written by `contentlint audit`.")],
    output_format: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.html,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
) -> None:
    """Render an audit as one self-contained HTML page, CSV or JSON."""
    import sqlite3

    from .audit.report import render

    try:
        text = render(database, output_format.value)
    except ContentlintError as exc:
        _fail(str(exc))
    except sqlite3.DatabaseError as exc:
        _fail(f"{database}: not an audit database ({exc})")
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            _fail(f"{output}: cannot write the report ({exc.strerror or exc})")
        typer.echo(f"wrote {output}", err=True)


@app.command("eval")
def eval_command(
    corpora: Annotated[list[Path], typer.Argument(help="Corpus directories, each with spun/, clean/ (and claims/).")],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.text,
    show_false_positives: Annotated[bool, typer.Option("--show-fp", help="List every false positive.")] = False,
    select: Annotated[
        list[str] | None, typer.Option(help="Only these rules (codes or prefixes) [default: all, CL102 included].")
    ] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Leave out these rules (codes or prefixes).")] = None,
) -> None:
    """Score findings and document verdicts against the gold of one or more corpora (every rule runs)."""
    import json

    from .api import Linter
    from .evaluate import CorpusError, default_config, evaluate_many, many_to_json, render_many

    for corpus in corpora:
        if not corpus.is_dir():
            _fail(f"{corpus}: not a directory")
    options = _options(select, ignore)
    try:
        # eval runs every rule, opt-in ones included, unless --select narrows it; --ignore leaves some out.
        options.overrides()  # validates the codes
        base = default_config(options.ignore or ())
        config = options.config(base) if options.select else base
    except ContentlintError as exc:
        _fail(str(exc))
    try:
        results = evaluate_many(corpora, Linter(config))
    except CorpusError as exc:
        _fail(str(exc))
    if output_format is OutputFormat.json:
        typer.echo(json.dumps(many_to_json(results), indent=2))
    else:
        typer.echo(render_many(results, show_false_positives))


@app.command()
def lsp(
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    config_file: ConfigOption = None,
    debounce: Annotated[
        float, typer.Option(min=0, max=10, help="Seconds of quiet after a change before linting again.")
    ] = 0.25,
) -> None:
    """Run the language server on stdio (diagnostics, quick fixes, hovers) for an editor."""
    from .lsp import MISSING, available

    if not available():
        _fail(MISSING)
    from .lsp.server import serve_stdio

    options = _options(select, ignore, config_file=config_file)
    try:
        options.overrides()  # an unknown code in --select fails here, before the editor connects
    except ContentlintError as exc:
        _fail(str(exc))
    serve_stdio(options, debounce)


@app.command()
def serve(
    databases: Annotated[
        list[Path] | None, typer.Argument(help="Audit databases to browse (the only files the page can read).")
    ] = None,
    host: Annotated[str, typer.Option(help="Address to listen on (the page is for this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8765,
    max_upload: Annotated[int, typer.Option(min=1, help="Largest article accepted, in bytes.")] = 2_000_000,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    config_file: ConfigOption = None,
) -> None:
    """Serve the review page: paste or upload an article, see it marked up, apply fixes, download."""
    from .serve import MISSING, available

    if not available():
        _fail(MISSING)
    from .serve.app import ServeSettings, hosts_for, run

    for database in databases or []:
        if not database.is_file():
            _fail(f"{database}: no such audit database")
    options = _options(select, ignore, config_file=config_file)
    try:
        options.overrides()
    except ContentlintError as exc:
        _fail(str(exc))
    try:
        settings = ServeSettings(options, tuple(databases or ()), max_upload, hosts_for(host))
        run(settings, host, port)
    except OSError as exc:
        _fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")


def main() -> None:
    from .startup import defer_spacy_cli, pause_collection

    defer_spacy_cli()
    pause_collection(sys.argv)
    try:
        app(standalone_mode=True)
    except click.exceptions.Exit as exc:  # pragma: no cover - typer handles this itself
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
