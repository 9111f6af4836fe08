"""Build ``rules/spin_register.toml``: the descriptive register's words (contentlint/spin/register.py).

    python -m tools.spin.register --copy DIR [--copy DIR ...] --spun DIR [--spun DIR ...]
        [--sources training/sources/copy.tsv] [--min-pages 10] [--min-sources 3] [--max-spun-pages 1]
        [--min-lift 4] [--output rules/spin_register.toml]

Each ``--copy`` directory holds one subdirectory per source of legitimate product copy (tasting notes, perfume,
fashion, hotel pages), one page per file. A word is listed when the detector holds it odd (document-blind
log-odds above fluency.ODD_LOGIT, as the odd-word share counts) on at least ``--min-pages`` copy pages of at least
``--min-sources`` sources, at least ``--min-lift`` times likelier in the copy than its general frequency predicts
(see lifts), on at most ``--max-spun-pages`` pages of the ``--spun`` directories (real spun pages, unannotated: a
word spinners print is not the copy's), and is no word of a dictionary spinner (rules/spinner_dictionary.toml).
The pages are judged with the detector alone, whatever the shipped list says (the pipeline still loads the
shipped file, so a checkout must have one). ``--sources`` names each copy folder's repository, register and
licence for the file's [meta].

To see how the list carries over to other copy, build it from some sources (``--output`` elsewhere, or the shipped
path on a scratch checkout) and lint the pages of the others with it (README, "Spin detection").
"""

from __future__ import annotations

import argparse
import csv
import datetime
import sys
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUTPUT = ROOT / "rules" / "spin_register.toml"
SUFFIXES = (".txt", ".md", ".html", ".htm")


@dataclass
class Tally:
    """Per word: the copy pages and their sources where it is odd, and the spun pages where it is."""

    pages: Counter[str] = field(default_factory=Counter)
    sources: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    spun: Counter[str] = field(default_factory=Counter)
    counts: Counter[str] = field(default_factory=Counter)  # every word of the copy pages
    copy_pages: int = 0
    copy_words: int = 0
    spun_pages: int = 0


def _pages(directory: Path) -> Iterator[Path]:
    yield from sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)


def copy_sources(directories: Sequence[Path]) -> list[tuple[str, list[Path]]]:
    """(source name, its pages) for every subdirectory of the ``--copy`` directories (symbolic links followed)."""
    out = []
    for directory in directories:
        for sub in sorted(p for p in directory.iterdir() if p.is_dir()):
            pages = list(_pages(sub.resolve()))
            if pages:
                out.append((sub.name, pages))
    return out


def odd_words(paths: Sequence[Path]) -> Iterator[tuple[set[str], list[str]]]:
    """For each page: the words the detector holds odd (unmasked by any register list) and the page's words."""
    from contentlint.checks.spun import scored_words_of
    from contentlint.formats import load_bytes
    from contentlint.nlp import get_nlp
    from contentlint.spin.detector import load_weights
    from contentlint.spin.fluency import ODD_LOGIT, document_blind_logits

    nlp, weights = get_nlp(), load_weights()
    for path in paths:
        text = load_bytes(path.read_bytes(), str(path)).text
        doc = nlp(text)
        candidates = scored_words_of([(doc, text)])[0].candidates
        blind = document_blind_logits(weights, candidates)
        odd = {candidates.word(k) for k in range(len(candidates)) if blind[k] > ODD_LOGIT}
        yield odd, [t.lower_ for t in doc if t.is_alpha]


def tally(copy: Sequence[tuple[str, list[Path]]], spun: Sequence[Path]) -> Tally:
    found = Tally()
    for name, pages in copy:
        for odd, words in odd_words(pages):
            found.copy_pages += 1
            found.copy_words += len(words)
            found.counts.update(words)
            for word in odd:
                found.pages[word] += 1
                found.sources[word].add(name)
    spun_pages = [p for directory in spun for p in _pages(directory)]
    for odd, _ in odd_words(spun_pages):
        found.spun_pages += 1
        found.spun.update(odd)
    return found


def spinner_words() -> set[str]:
    """The dictionary spinners' words (rules/spinner_dictionary.toml), never listed."""
    with open(ROOT / "rules" / "spinner_dictionary.toml", "rb") as fh:
        data = tomllib.load(fh)
    return set(data["words"]) | set(data.get("also", {}))


def lifts(found: Tally, words: Sequence[str]) -> dict[str, float]:
    """How many times likelier each word is in the copy than its general frequency predicts (resources.topical_ratio,
    spaCy's unigram probabilities): "velvety" and "aromas" many times, "further" and "again" less than once."""
    from spacy.strings import get_string_id

    from contentlint.spin.resources import thesaurus_index, topical_ratio

    index = thesaurus_index()
    ids = index.ids_of(numpy.array([get_string_id(w) for w in words], dtype="uint64"))
    counts = numpy.array([found.counts[w] for w in words], dtype="float64")
    logprob = numpy.where(ids >= 0, index.logprob[numpy.maximum(ids, 0)], -20.0)
    ratio = topical_ratio(counts, found.copy_words, logprob)
    return {w: float(numpy.exp(r)) for w, r in zip(words, ratio, strict=True)}


def select(found: Tally, args: argparse.Namespace) -> dict[str, int]:
    """The listed words, each with its copy page count."""
    banned = spinner_words()
    often = [
        word
        for word, n in sorted(found.pages.items())
        if n >= args.min_pages
        and len(found.sources[word]) >= args.min_sources
        and found.spun[word] <= args.max_spun_pages
        and word not in banned
    ]
    lift = lifts(found, often)
    return {word: found.pages[word] for word in often if lift[word] >= args.min_lift}


def render(words: dict[str, int], found: Tally, args: argparse.Namespace, sources: list[str]) -> str:
    names = source_lines(args.sources, sources)
    command = " ".join(["python -m tools.spin.register", *sys.argv[1:]])
    lines = [
        "# contentlint rule data: the descriptive register of product copy (contentlint/spin/register.py).",
        "#",
        "# Generated by `python -m tools.spin.register`; do not edit by hand, run it again. Each word is one the",
        "# statistical spin detector holds odd on many pages of legitimate product copy of several sources and on",
        "# next to no real spun page: the document verdict counts it as a plain word. [words]: copy pages where the",
        "# word is odd. Only words and counts are shipped; the pages stay outside the repository.",
        "",
        "[meta]",
        'title = "Descriptive register of product copy"',
        "sources = [",
        *(f"  {_quote(name)}," for name in names),
        f"  {_quote(_spun_line(found, args.spun))},",
        "]",
        'licence = "MIT (this list: single words and counts derived by the maintainers; no text of the pages)"',
        f'generated = "{datetime.date.today().isoformat()}"',
        f"command = {_quote(command)}",
        f"copy_sources = [{', '.join(_quote(s) for s in sources)}]",
        f"copy_pages = {found.copy_pages}",
        f"copy_words = {found.copy_words}",
        f"spun_pages = {found.spun_pages}",
        f"min_pages = {args.min_pages}",
        f"min_sources = {args.min_sources}",
        f"max_spun_pages = {args.max_spun_pages}",
        f"min_lift = {args.min_lift}",
        "",
        "[words]",
        *(f"{_quote(word)} = {n}" for word, n in words.items()),
        "",
    ]
    return "\n".join(lines)


def _spun_line(found: Tally, spun: Sequence[Path]) -> str:
    """[meta]'s line on the spun pages: how many, from which mining sets (training/sources/<set>.tsv)."""
    sets = ", ".join(sorted({d.parent.name if d.name == "pages" else d.name for d in spun}))
    return (
        f"Exclusion: {found.spun_pages} unannotated real spun pages of the mining sets {sets} "
        "(their sources in training/sources/; texts outside the repository)"
    )


def source_lines(tsv: Path, folders: list[str]) -> list[str]:
    """[meta] sources: the TSV's row of each copy folder used (folder, source, register, documents, words, licence)."""
    with open(tsv, encoding="utf-8") as fh:
        rows = {row["folder"]: row for row in csv.DictReader(fh, delimiter="\t")}
    missing = [f for f in folders if f not in rows]
    if missing:
        raise SystemExit(f"{tsv}: no row for the copy folders {', '.join(missing)}")
    return [
        f"{r['folder']}: {r['register']}, github:{r['source']}, {r['documents']} pages, {r['words']} words; "
        f"licence: {r['licence']}"
        for r in (rows[f] for f in folders)
    ]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copy", type=Path, action="append", required=True)
    parser.add_argument("--spun", type=Path, action="append", required=True)
    parser.add_argument(
        "--sources",
        type=Path,
        default=ROOT / "training" / "sources" / "copy.tsv",
        help="TSV naming each copy folder's repository, register and licence, for [meta]",
    )
    parser.add_argument("--min-pages", type=int, default=10)
    parser.add_argument("--min-sources", type=int, default=3)
    parser.add_argument("--max-spun-pages", type=int, default=1)
    parser.add_argument(
        "--min-lift", type=float, default=4.0, help="times likelier in the copy than in general English"
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    for directory in [*args.copy, *args.spun]:
        if not directory.is_dir():
            parser.error(f"{directory}: not a directory")
    sources = copy_sources(args.copy)
    found = tally(sources, args.spun)
    words = select(found, args)
    print(f"{len(words)} words from {found.copy_pages} copy pages of {len(sources)} sources, {found.spun_pages} spun")
    args.output.write_text(render(words, found, args, [name for name, _ in sources]), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
