"""Write the dictionary spinners' commoner swaps (rule CL109's ``rules/spinner_swaps.toml``) from a spinner's synonym
database, a clean gate and unannotated spun pages.

    python -m tools.spin.swaps --db SPINNER_DB --source TEXT --gate DIR [--gate DIR ...] [--gate-name TEXT] \
        --spun DIR [--spun DIR ...] [--spun-name TEXT] [--min-sites 3] [--min-swapped 0.95] \
        [--review tools/spin/swaps_review.tsv] [--output rules/spinner_swaps.toml]

A dictionary spinner replaces each word or phrase its database lists with another member of the same group, at
random: "area|region|location|place|vicinity". Such a database (one line a group, members joined by "|") tells
which words the spinner prints, but not which way a swap went: the writer's word is whichever member they used.
Counting in clean text settles most cases. A member ``x`` that is rare beside the other members of its groups is
seldom what a writer of the page wrote, so where the spinner ran, ``x`` is far likelier its output:
``P(swapped) = 1 - f(x) / (f(x) + sum f(y))`` over the other members ``y`` (``f``: the count in the clean gate);
the likely original is the commonest of them. A member is kept when that probability is high (``--min-swapped``),
the original is clearly commoner (``--min-ratio``), it is rare enough in the gate to be worth reporting
(``--max-per-million``), and the spun pages print it on several sites (``--min-sites``) at a rate well above the
gate's (``--min-lift``): the spinner's own choices, not just a word its database lists. A single word must also
be likely swapped by the counts of clean prose on the spam's own topics (``rules/spin_topical.toml``,
``--min-topical-swapped``): the news and medical gate seldom prints "cleansing" or "ingredients", skincare prose
does. The review (``--review``: ``word``, ``decision`` = reject or original, ``value``, ``reason``) takes out words
found ordinary on reading and corrects originals the counts got wrong.

Each kept member is ordinary English, so CL109 reports it only in a page past one of its gates (a page run
through a dictionary spinner), and it counts for neither gate. Members CL109's own lists hold, or their review
rejected, are left out; so are grammar words on their own, spellings ("colour") and contractions ("they're").
Nothing of the database, the gate or the pages goes into the output but each kept member, its likely original and
its counts.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from contentlint.spin.resources import CLOSED_CLASS

from . import dictionary, signatures
from .signatures import toml_string

ROOT = Path(__file__).resolve().parents[2]
LONGEST = 3  # words in a member; longer ones are sentences of the database, seldom printed whole


@dataclass(frozen=True)
class Swap:
    word: str
    original: str
    swapped: float  # the probability that the member, printed where the spinner ran, is its output
    gate: int
    original_gate: int
    spun: int
    sites: int
    lift: float


def read_groups(path: Path, longest: int = LONGEST) -> list[list[str]]:
    """The database's groups of two or more distinct members of up to ``longest`` words, tokenised as the gate is."""
    groups = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        members: list[str] = []
        for item in line.split("|"):
            member = " ".join(signatures.tokens(item))
            if member and member not in members and len(member.split()) <= longest:
                members.append(member)
        if len(members) >= 2:
            groups.append(members)
    return groups


def count(texts: Iterable[str], wanted: set[str], longest: int = LONGEST) -> tuple[Counter[str], int]:
    """How often each wanted member (of up to ``longest`` words) occurs in ``texts`` as a whole word sequence, and
    the words read."""
    found: Counter[str] = Counter()
    words = 0
    for text in texts:
        seq = signatures.tokens(text)
        words += len(seq)
        for n in range(1, longest + 1):
            found.update(g for g in (" ".join(seq[i : i + n]) for i in range(len(seq) - n + 1)) if g in wanted)
    return found, words


def plain_variant(word: str, original: str) -> bool:
    """A spelling, hyphenation or contraction of the original rather than another word."""

    def squash(s: str) -> str:
        return re.sub(r"[\s'-]", "", s).replace("our", "or").replace("ise", "ize")

    return squash(word) == squash(original) or "'" in word or "'" in original


def excluded_words() -> set[str]:
    """CL109's own words ([words], [also]) and those its review rejected (tools/spin/dictionary_review.tsv)."""
    with (ROOT / "rules" / "spinner_dictionary.toml").open("rb") as handle:
        data = tomllib.load(handle)
    rejected = dictionary.read_review(ROOT / "tools" / "spin" / "dictionary_review.tsv")
    return set(data["words"]) | set(data.get("also", {})) | set(rejected)


def _swapped(word: str, rest: Iterable[str], counts: Counter[str]) -> float:
    """The probability that ``word``, printed where the spinner ran, replaced another member (see the module)."""
    f = counts[word]
    return 1.0 - (f + 0.5) / (f + sum(counts[y] for y in rest) + 1.0)


def topical_counts() -> Counter[str]:
    """Single words' counts in clean prose on the spam's own topics (rules/spin_topical.toml): a word the
    news and medical gate seldom prints may be the topic's own ("cleansing", "ingredients")."""
    with (ROOT / "rules" / "spin_topical.toml").open("rb") as handle:
        return Counter(tomllib.load(handle)["counts"])


def read_review(path: Path) -> dict[str, tuple[str, str, str]]:
    """The review's rows: word -> (decision, value, reason); ``reject`` takes a word out, ``original`` sets its
    original."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    bad = [
        r["word"]
        for r in rows
        if r["decision"] not in {"reject", "original"} or (r["decision"] == "original") != bool(r["value"])
    ]
    if bad:
        raise SystemExit(f"{path}: a decision must be reject, or original with a value: {', '.join(bad)}")
    return {r["word"]: (r["decision"], r["value"], r["reason"]) for r in rows}


def reviewed(kept: Sequence[Swap], review: dict[str, tuple[str, str, str]]) -> tuple[list[Swap], list[str]]:
    """``kept`` after the review (rejected words out, corrected originals in), and a line per rejected word."""
    out, left = [], []
    for swap in kept:
        decision, value, reason = review.get(swap.word, ("", "", ""))
        if decision == "reject":
            left.append(f"{swap.word}: {reason}")
            continue
        out.append(replace(swap, original=value) if decision == "original" else swap)
    return out, left


def select(
    groups: list[list[str]],
    gate: Counter[str],
    gate_words: int,
    spun: Counter[str],
    spun_words: int,
    sites: dict[str, set[str]],
    args: argparse.Namespace,
) -> list[Swap]:
    others: dict[str, set[str]] = defaultdict(set)
    for group in groups:
        for member in group:
            others[member].update(m for m in group if m != member)
    skip = excluded_words()
    topical = topical_counts()
    kept = []
    for word, rest in sorted(others.items()):
        if word in skip or (" " not in word and word in CLOSED_CLASS) or all(w in CLOSED_CLASS for w in word.split()):
            continue
        f = gate[word]
        original = min(rest, key=lambda y: (-gate[y], y))
        swapped = _swapped(word, rest, gate)
        lift = (spun[word] / max(spun_words, 1)) / ((f + 0.5) / gate_words)
        if (
            swapped >= args.min_swapped
            and gate[original] >= max(args.min_original, args.min_ratio * f)
            and 1e6 * f / gate_words <= args.max_per_million
            and len(sites.get(word, ())) >= args.min_sites
            and lift >= args.min_lift
            and not plain_variant(word, original)
            and (" " in word or _swapped(word, rest, topical) >= args.min_topical_swapped)
        ):
            kept.append(Swap(word, original, swapped, f, gate[original], spun[word], len(sites[word]), lift))
    return kept


def render(kept: Sequence[Swap], left: Sequence[str], args: argparse.Namespace, sizes: tuple[int, int, int]) -> str:
    """The rule file; ``sizes``: the gate's words, the spun pages' words and their number."""
    gate_words, spun_words, pages = sizes
    command = " ".join(["python -m tools.spin.swaps", *sys.argv[1:]]) if args.command is None else args.command
    lines = [
        "# contentlint rule data: a dictionary spinner's commoner swaps (rule CL109, past its gates only).",
        "#",
        "# Written by `python -m tools.spin.swaps`; do not edit by hand: change its thresholds or inputs and run it",
        "# again. Each word is a member of a dictionary spinner's synonym groups that is rare beside the other",
        "# members in clean text (so where the spinner ran it is far likelier the spinner's than the writer's),",
        "# whose likely original is the commonest other member, and that the unannotated spun pages print on several",
        "# sites at a rate well above clean text's. Ordinary English on its own: CL109 reports these only in a page",
        "# past one of its gates, and they count for neither gate. [provenance]: per word, the probability that it",
        "# was swapped in, its count and its original's in the clean gate, and its count and sites on the spun pages.",
        "# Originals corrected and words left out on reading: tools/spin/swaps_review.tsv. Left out:",
        *(f"#   {line}" for line in left),
        "",
        "[meta]",
        'title = "Commoner swaps of dictionary spinners, reported in pages the dictionary ran through"',
        "sources = [",
        f"  {toml_string(args.source)},",
        f"  {toml_string(f'Clean gate: {gate_words:,} words: {args.gate_name}')},",
        f"  {toml_string(f'Spun pages: {pages} unannotated pages ({spun_words:,} words): {args.spun_name}')},",
        "]",
        'licence = "MIT (this list: single words and short phrases with counts; nothing of the database or the pages)"',
        f"command = {toml_string(command)}",
        f"min_swapped = {args.min_swapped}",
        f"min_ratio = {args.min_ratio}",
        f"min_original = {args.min_original}",
        f"max_per_million = {args.max_per_million}",
        f"min_sites = {args.min_sites}",
        f"min_lift = {args.min_lift}",
        f"min_topical_swapped = {args.min_topical_swapped}",
        "",
        "[swaps]",
        *(f"{toml_string(s.word)} = {toml_string(s.original)}" for s in kept),
        "",
        "[provenance]",
        *(
            f"{toml_string(s.word)} = {{ swapped = {s.swapped:.3f}, gate = {s.gate}, "
            f"original_gate = {s.original_gate}, spun = {s.spun}, sites = {s.sites}, lift = {s.lift:.1f} }}"
            for s in kept
        ),
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="the spinner's synonym database: one group a line")
    parser.add_argument("--source", required=True, help="where the database comes from, for [meta]")
    parser.add_argument("--gate", type=Path, action="append", required=True)
    parser.add_argument("--gate-name", default="the clean gate")
    parser.add_argument("--spun", type=Path, action="append", required=True, help="a root with SOURCES.tsv")
    parser.add_argument("--spun-name", default="unannotated spun pages")
    parser.add_argument("--output", type=Path, default=ROOT / "rules" / "spinner_swaps.toml")
    parser.add_argument("--review", type=Path, default=ROOT / "tools" / "spin" / "swaps_review.tsv")
    parser.add_argument("--command", default=None, help="the command line recorded in [meta]")
    parser.add_argument("--min-swapped", type=float, default=0.9)
    parser.add_argument("--min-ratio", type=float, default=3.0)
    parser.add_argument("--min-original", type=int, default=20)
    parser.add_argument("--max-per-million", type=float, default=250.0)
    parser.add_argument("--min-sites", type=int, default=2)
    parser.add_argument("--min-lift", type=float, default=5.0)
    parser.add_argument("--min-topical-swapped", type=float, default=0.8)
    args = parser.parse_args(argv)
    groups = read_groups(args.db)
    wanted = {m for g in groups for m in g}
    gate, gate_words = count(signatures.clean_texts(args.gate), wanted)
    pages = signatures.read_spun(args.spun)
    spun, spun_words = count((p.text for p in pages), wanted)
    sites: dict[str, set[str]] = defaultdict(set)
    for page in pages:
        for member in count([page.text], wanted)[0]:
            sites[member].add(page.site)
    kept, left = reviewed(select(groups, gate, gate_words, spun, spun_words, sites, args), read_review(args.review))
    args.output.write_text(render(kept, left, args, (gate_words, spun_words, len(pages))), encoding="utf-8")
    print(
        f"{len(groups)} groups; gate {gate_words:,} words; {len(pages)} spun pages; {len(kept)} swaps -> {args.output}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
