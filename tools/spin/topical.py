"""Build a topical word-count table from clean prose on the spam's topics, and read it back.

    python -m tools.spin.topical SOURCES.tsv --output rules/spin_topical.toml [--min-count 2]

``SOURCES.tsv`` (tab-separated, with a header) names the clean texts, one row per source: ``name``,
``path`` (a file or a folder of .txt/.md/.html files, relative to the TSV; ``<repo>/`` for this
checkout), ``source``, ``commit``, ``licence``. Every text is lower-cased and cut into words (letters,
with an inner apostrophe); the table keeps each word counted at least ``--min-count`` times, with the
total word count, so that a word's frequency in topical prose can be compared with its general
frequency (``contentlint.spin.resources.topical_ratio``): the statistical detector's ``topical`` word
feature reads ``rules/spin_topical.toml``, and ``tools/spin/topical_study.py`` measures any table. The
texts stay outside the repository.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import html
import re
import sys
import tomllib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SUFFIXES = (".txt", ".md", ".html")
WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
# Addresses and markup carry no prose: their letters ("https", "div") would count as words.
_NOISE = re.compile(r"https?://\S+|www\.\S+|<[^>]+>|!?\[[^\]]*\]\([^)]*\)")


@dataclass(frozen=True)
class Source:
    name: str
    path: Path
    source: str
    commit: str
    licence: str


class SourceError(ValueError):
    """A SOURCES.tsv that cannot be read or names a text that is not there."""


class TableError(ValueError):
    """A word-count table without the shape :func:`load_table` reads."""


def load_table(path: Path) -> tuple[dict[str, int], int]:
    """The counts and total word count of a table written by this tool; a renamed table, a missing total
    or a count that is not a positive integer is an error naming the file, never an empty table."""
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TableError(f"{path}: not a readable TOML table ({exc})") from None
    counts, total = data.get("counts"), data.get("meta", {}).get("total_words")
    if not isinstance(counts, dict) or not counts:
        raise TableError(f"{path}: missing or empty [counts] (words and their counts)")
    if not all(isinstance(c, int) and c > 0 for c in counts.values()):
        raise TableError(f"{path}: [counts] must map words to positive integers")
    if not isinstance(total, int) or total < sum(counts.values()):
        raise TableError(f"{path}: [meta] total_words must be an integer at least the sum of the counts")
    return counts, total


def read_sources(tsv: Path) -> list[Source]:
    """The rows of ``tsv``; a missing column or path is an error naming the file and the row."""
    try:
        with tsv.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{tsv}: cannot read it ({exc})") from None
    out = []
    for n, row in enumerate(rows, start=2):
        missing = [k for k in ("name", "path", "source", "licence") if not row.get(k)]
        if missing:
            raise SourceError(f"{tsv}, line {n}: missing {', '.join(missing)}")
        raw = row["path"]
        path = ROOT / raw.removeprefix("<repo>/") if raw.startswith("<repo>/") else tsv.parent / raw
        if not path.exists():
            raise SourceError(f"{tsv}, line {n}: {path} does not exist")
        out.append(Source(row["name"], path, row["source"], row.get("commit") or "-", row["licence"]))
    return out


def _files(path: Path) -> Iterator[Path]:
    if path.is_file():
        yield path
        return
    yield from sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())


def words_of(text: str) -> list[str]:
    """The words of ``text`` as the table counts them."""
    return WORD.findall(_NOISE.sub(" ", html.unescape(text)).lower())


def count(sources: Sequence[Source]) -> tuple[Counter[str], dict[str, int]]:
    """Word counts over all sources, and each source's word total."""
    counts: Counter[str] = Counter()
    totals = {}
    for src in sources:
        n = 0
        for f in _files(src.path):
            words = words_of(f.read_text(encoding="utf-8", errors="replace"))
            counts.update(words)
            n += len(words)
        totals[src.name] = n
    return counts, totals


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(
    counts: Counter[str], totals: dict[str, int], sources: Sequence[Source], min_count: int, command: str
) -> str:
    """The TOML table: a [meta] header (sources, licences, totals, command) and [counts]."""
    kept = sorted((w, c) for w, c in counts.items() if c >= min_count)
    described = (f"{s.name}: {s.source} at {s.commit}, {totals[s.name]} words; licence: {s.licence}" for s in sources)
    lines = [f"  {_quote(d)}," for d in described]
    body = "\n".join(f"{_quote(w)} = {c}" for w, c in kept)
    return f"""# contentlint rule data: word counts of clean prose on the spam's topics (skincare, beauty, hair, dental,
# clinics, diet, health), for the statistical spin detector's topicality feature (rule CL102).
#
# Generated by `python -m tools.spin.topical`; do not edit by hand, run it again. Only per-word counts
# (lower case, words counted at least min_count times) are shipped: the texts themselves stay outside the
# repository. total_words counts every word of the texts, kept or not.

[meta]
title = "Topical word counts"
sources = [
{chr(10).join(lines)}
]
licence = "Derived counts only (no text); the sources' own licences are listed with each source"
generated = "{datetime.date.today().isoformat()}"
command = {_quote(command)}
total_words = {sum(totals.values())}
min_count = {min_count}
words = {len(kept)}

[counts]
{body}
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", type=Path, help="SOURCES.tsv naming the clean texts")
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--output", type=Path, required=True, help="the table to write (TOML)")
    args = parser.parse_args(argv)
    try:
        sources = read_sources(args.sources)
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    counts, totals = count(sources)
    command = f"python -m tools.spin.topical {args.sources} --output {args.output} --min-count {args.min_count}"
    args.output.write_text(render(counts, totals, sources, args.min_count, command), encoding="utf-8")
    print(f"{sum(totals.values())} words, {sum(1 for c in counts.values() if c >= args.min_count)} kept: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
