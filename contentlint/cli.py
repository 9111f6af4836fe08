"""The `contentlint` command: check, rules, eval.

Exit codes: 0 nothing at or above the failing level; 1 findings at or above it (``--fail-on``) or a
score under ``--fail-under``; 2 usage, configuration or input errors.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import click
import typer

from . import __version__
from .errors import ContentlintError

app = typer.Typer(
    name="contentlint",
    help="Lint and clean up marketing articles: duplicated headings, spun phrases, stray links, "
    "unsupported claims, with a 0-100 quality score.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
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


def _split(values: list[str] | None) -> tuple[str, ...] | None:
    if not values:
        return None
    return tuple(code.strip().upper() for value in values for code in value.split(",") if code.strip())


def _selection(select: list[str] | None, ignore: list[str] | None) -> dict[str, Any]:
    """The --select/--ignore options as a config table (codes or prefixes, comma-separated)."""
    table: dict[str, Any] = {}
    if select:
        table["select"] = list(_split(select) or ())
    if ignore:
        table["ignore"] = list(_split(ignore) or ())
    return table


def _fail(message: str) -> None:
    typer.echo(f"contentlint: error: {message}", err=True)
    raise typer.Exit(2)


def _use_colour(mode: ColourMode) -> bool:
    if mode is ColourMode.always:
        return True
    if mode is ColourMode.never or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


@app.command()
def check(
    paths: Annotated[list[str] | None, typer.Argument(help="Files or directories to lint; - reads stdin.")] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.text,
    fail_on: Annotated[
        Level | None, typer.Option(help="Exit 1 on findings at or above this severity [default: warning].")
    ] = None,
    fail_under: Annotated[
        float | None, typer.Option(min=0, max=100, help="Exit 1 when a file scores below this.")
    ] = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    include: Annotated[list[str] | None, typer.Option(help="Glob of files to lint in directories.")] = None,
    exclude: Annotated[list[str] | None, typer.Option(help="Glob of files or directories to skip.")] = None,
    config_file: Annotated[
        Path | None, typer.Option("--config", help="Use this config file instead of searching for one.")
    ] = None,
    max_bytes: Annotated[int | None, typer.Option(min=1, help="Skip files larger than this, with an error.")] = None,
    stdin_filename: Annotated[str | None, typer.Option(help="Name (and so format) for text read from stdin.")] = None,
    exit_zero: Annotated[bool, typer.Option(help="Exit 0 even when findings would fail the run.")] = False,
    color: Annotated[ColourMode, typer.Option(help="Colour the text output.")] = ColourMode.auto,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file.")] = None,
    baseline: Annotated[
        Path | None, typer.Option(help="Report only findings that are not in this baseline file.")
    ] = None,
    write_baseline: Annotated[
        Path | None, typer.Option(help="Record the current findings as the baseline in this file.")
    ] = None,
    respect_gitignore: Annotated[
        bool, typer.Option(help="Skip files that .gitignore excludes when walking directories.")
    ] = True,
) -> None:
    """Lint articles and report findings and scores."""
    from .api import FileReport, Linter
    from .checks import RULE_CODES
    from .config import Config, ConfigResolver, parse_config
    from .discovery import iter_paths, read_file
    from .formats import format_for
    from .model import Severity

    paths = paths or ["."]
    overrides: dict[str, Any] = {}
    try:
        cli_table = _selection(select, ignore)
        if cli_table:
            parsed = parse_config(cli_table, "command line", RULE_CODES, Config())
            overrides.update({k: getattr(parsed, k) for k in ("select", "ignore") if k in cli_table})
        if fail_on is not None:
            overrides["fail_on"] = Severity(fail_on.value)
        if fail_under is not None:
            overrides["fail_under"] = fail_under
        if max_bytes is not None:
            overrides["max_bytes"] = max_bytes
        if include:
            overrides["include"] = tuple(include)
        if exclude:
            overrides["exclude"] = tuple(exclude)
        resolver = ConfigResolver(RULE_CODES, config_file)
        linter = Linter(resolver=resolver, overrides=overrides)
        walk_config = linter.config_for(str(Path.cwd() / "x"))
    except ContentlintError as exc:
        _fail(str(exc))

    colour = _use_colour(color) and output is None
    reports: list[FileReport] = []
    try:
        from .baseline import Baseline

        known = Baseline.load(baseline) if baseline is not None else None
    except ContentlintError as exc:
        _fail(str(exc))
    hidden = 0
    stream = output_format is OutputFormat.text and output is None

    def sources():  # type: ignore[no-untyped-def]
        for display, path in iter_paths(paths, walk_config.include, walk_config.exclude, respect_gitignore):
            try:
                cfg = linter.config_for(display if path is not None else "-")
            except ContentlintError as exc:
                _fail(str(exc))
            name = display if path is not None else (stdin_filename or "-")
            yield name, read_file(path, name, cfg.max_bytes)

    stdin_format = format_for(stdin_filename) if stdin_filename else None
    try:
        for report in linter.lint_paths(sources(), fmt=stdin_format if "-" in paths else None):
            if known is not None:
                hidden += known.filter(report)
            reports.append(report)
            if report.error is not None:
                typer.echo(f"contentlint: error: {report.path}: {report.error}", err=True)
            elif stream:
                rendered = _render_text(report, colour)
                if rendered:
                    typer.echo(rendered)
    except ContentlintError as exc:
        _fail(str(exc))

    if write_baseline is not None:
        from . import baseline as baseline_file

        count = baseline_file.write(write_baseline, reports)
        typer.echo(f"Wrote {count} finding{'s' * (count != 1)} to the baseline {write_baseline}", err=True)
        raise typer.Exit(2 if any(r.error is not None for r in reports) else 0)
    rendered = _render(output_format, reports, colour, stream, linter)
    if hidden:
        typer.echo(f"{hidden} finding{'s' * (hidden != 1)} in the baseline not shown", err=True)
    if output is not None:
        try:
            output.write_text(rendered + "\n", encoding="utf-8")
        except OSError as exc:
            _fail(f"{output}: cannot write the report: {exc.strerror or exc}")
    elif rendered:
        typer.echo(rendered)
    raise typer.Exit(_exit_code(reports, linter, exit_zero))


def _render(fmt: OutputFormat, reports: list[Any], colour: bool, streamed: bool, linter: Any) -> str:
    if fmt is OutputFormat.json:
        from .output import jsonfmt

        return jsonfmt.render(reports)
    if fmt is OutputFormat.sarif:
        from .baseline import fingerprint
        from .output.sarif import render_sarif

        prints = {id(f): fingerprint(r, f) for r in reports if r.error is None for f in r.findings}
        return render_sarif(reports, prints)
    if fmt is OutputFormat.github:
        from .output.github import render_github

        return render_github(reports)
    if fmt is OutputFormat.junit:
        from .output.junit import render_junit

        fail_on = linter.config_for(str(Path.cwd() / "x")).fail_on
        return render_junit(reports, fail_on)
    from .output.text import summary_line

    body = [] if streamed else [t for t in (_render_text(r, colour) for r in reports if r.error is None) if t]
    return "\n".join([*body, summary_line(reports, colour)])


def _render_text(report: Any, colour: bool) -> str:
    from .output.text import render_file

    return render_file(report, colour)


def _exit_code(reports: list[Any], linter: Any, exit_zero: bool) -> int:
    if any(r.error is not None for r in reports):
        return 2
    if exit_zero:
        return 0
    for r in reports:
        cfg = linter.config_for(r.path)
        if any(f.severity.rank >= cfg.fail_on.rank for f in r.findings):
            return 1
        if cfg.fail_under is not None and r.score is not None and r.score.value < cfg.fail_under:
            return 1
    return 0


@app.command()
def fix(
    paths: Annotated[list[str] | None, typer.Argument(help="Files or directories to fix; - reads stdin.")] = None,
    write: Annotated[
        bool, typer.Option("--write", help="Apply the fixes to the files (default: show a diff).")
    ] = False,
    unsafe: Annotated[bool, typer.Option("--unsafe", help="Also apply lower-confidence fixes.")] = False,
    select: Annotated[list[str] | None, typer.Option(help="Only fix these rules (codes or prefixes).")] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Do not fix these rules (codes or prefixes).")] = None,
    include: Annotated[list[str] | None, typer.Option(help="Glob of files to fix in directories.")] = None,
    exclude: Annotated[list[str] | None, typer.Option(help="Glob of files or directories to skip.")] = None,
    config_file: Annotated[Path | None, typer.Option("--config", help="Use this config file.")] = None,
    stdin_filename: Annotated[str | None, typer.Option(help="Name (and so format) for text read from stdin.")] = None,
) -> None:
    """Repair spun phrases, repeated headings, boilerplate and spam anchors; show a diff or --write.

    Exit codes: without --write, 1 when a file would change; with --write, 1 when findings at or
    above the failing level remain; 2 when a file could not be read or written.
    """
    from .api import Linter
    from .checks import RULE_CODES
    from .config import Config, ConfigResolver, parse_config
    from .discovery import iter_paths, read_file
    from .fix import encode_like, fix_document, write_atomic
    from .formats import format_for, load_bytes

    paths = paths or ["."]
    overrides: dict[str, Any] = {}
    try:
        table = _selection(select, ignore)
        if table:
            parsed = parse_config(table, "command line", RULE_CODES, Config())
            overrides.update({k: getattr(parsed, k) for k in ("select", "ignore") if k in table})
        if include:
            overrides["include"] = tuple(include)
        if exclude:
            overrides["exclude"] = tuple(exclude)
        linter = Linter(resolver=ConfigResolver(RULE_CODES, config_file), overrides=overrides)
        walk = linter.config_for(str(Path.cwd() / "x"))
    except ContentlintError as exc:
        _fail(str(exc))
    failed = changed = remaining = False
    for display, path in iter_paths(paths, walk.include, walk.exclude):
        name = display if path is not None else (stdin_filename or "-")
        try:
            config = linter.config_for(name)
            data = read_file(path, name, config.max_bytes)
            if isinstance(data, ContentlintError):
                raise data
            fmt = format_for(stdin_filename) if path is None and stdin_filename else None
            document = load_bytes(data, name, fmt)
            result = fix_document(document, linter, config, unsafe)
        except ContentlintError as exc:
            typer.echo(f"contentlint: error: {exc}", err=True)
            failed = True
            continue
        changed |= result.changed
        if result.after is not None:
            remaining |= any(f.severity.rank >= config.fail_on.rank for f in result.after.findings)
        if path is None:
            sys.stdout.write(result.fixed)
            typer.echo(result.summary(), err=True)
            continue
        if write and result.changed:
            try:
                write_atomic(path, data, encode_like(data, result.fixed, document.encoding))
            except (OSError, UnicodeEncodeError, ContentlintError) as exc:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                typer.echo(f"contentlint: error: {name}: not written, left unchanged: {reason}", err=True)
                failed = True
                continue
        elif result.changed:
            typer.echo(result.diff(), nl=False)
        typer.echo(result.summary(), err=write is False)
        for s in result.skipped:
            typer.echo(f"  {name}:{s.line}: {s.rule} {s.text!r}: {s.reason}", err=write is False)
    if failed:
        raise typer.Exit(2)
    raise typer.Exit(1 if (remaining if write else changed) else 0)


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
    from .checks import RULE_CODES
    from .config import Config, parse_config

    missing = [s for s in sources if not Path(s).exists()]
    if missing:
        _fail(f"{missing[0]}: no such file or directory")
    table = _selection(select, ignore)
    try:
        config = parse_config(table, "command line", RULE_CODES, Config()) if table else None
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
    corpus: Annotated[Path, typer.Argument(help="Corpus directory with spun/, clean/ (and claims/).")],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.text,
    show_false_positives: Annotated[bool, typer.Option("--show-fp", help="List every false positive.")] = False,
    select: Annotated[
        list[str] | None, typer.Option(help="Only these rules (codes or prefixes) [default: all, CL102 included].")
    ] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Leave out these rules (codes or prefixes).")] = None,
) -> None:
    """Score findings against the gold annotations of a corpus (every rule runs, opt-in ones included)."""
    import json

    from .api import Linter
    from .checks import RULE_CODES
    from .config import parse_config
    from .evaluate import default_config, evaluate, render

    if not corpus.is_dir():
        _fail(f"{corpus}: not a directory")
    try:
        config = parse_config(_selection(select, None), "command line", RULE_CODES, default_config())
        if ignore:
            ignored = parse_config({"ignore": list(_split(ignore) or ())}, "command line", RULE_CODES).ignore
            config = config.replace(ignore=ignored) if select else default_config(ignored)
    except ContentlintError as exc:
        _fail(str(exc))
    result = evaluate(corpus, Linter(config))
    if output_format is OutputFormat.json:
        typer.echo(json.dumps(result.to_json(), indent=2))
    else:
        typer.echo(render(result, show_false_positives))


def main() -> None:
    from .startup import defer_spacy_cli

    defer_spacy_cli()
    try:
        app(standalone_mode=True)
    except click.exceptions.Exit as exc:  # pragma: no cover - typer handles this itself
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
