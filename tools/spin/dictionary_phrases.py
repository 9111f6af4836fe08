"""Write a dictionary spinner's outputs that clean text never prints (rule CL101's
``rules/spun_phrases_dictionary.toml``) from the spinner's synonym database, a clean gate and a review.

    python -m tools.spin.dictionary_phrases --db SPINNER_DB --source TEXT --gate DIR [--gate DIR ...] \
        [--gate-name TEXT] [--spun DIR ...] [--max-gate 1] [--min-gap 1.0] [--min-original 20] \
        [--review tools/spin/dictionary_phrases_review.tsv] [--output rules/spun_phrases_dictionary.toml]

A dictionary spinner replaces a listed word or phrase with another member of its group, at random. Some members
are wording no writer prints: "urge for food" for appetite, "be afflicted by" for suffer from, "fogeys" for
parents. ``tools.spin.swaps`` keeps the commoner members, which CL109 reports only in a page past its gates and
which need evidence from unannotated spun pages; this tool keeps the words and phrases (one to four words) that a
large clean gate of every register next to never prints, and CL101 reports them anywhere. A member is a candidate
when:

- it occurs at most ``--max-gate`` times in the clean gate (default 1: one slip in millions of words), as a whole
  word sequence;
- its likely original occurs at least ``--min-original`` times there (the other member that shares the most of
  its groups, then the commonest: see ``_original``), so the group is about something writers say;
- it is not a spelling, hyphenation or contraction of the original, holds no apostrophe (the rule matches the
  surface form, and a curly apostrophe splits a word differently), no digit on either side (numbers are spelt
  either way) and is not made of grammar words alone;
- the general trigram model (pocketsphinx's, as CL106 reads it) finds the original at least ``--min-gap`` orders of
  magnitude likelier (log10 over the words): the member is odd English, not a rarer way to say the same;
- it is in none of CL101's, CL108's or CL109's lists already.

A candidate ships only when the review (``--review``: ``phrase``, ``decision`` = keep or reject, ``original``,
``reason``) read it and kept it, with the original it gives: a candidate no one has read is left out. Each kept
entry is flagged wherever it occurs, so the review rejects wording that is ordinary English in some context
("the wear and tear", "broadly speaking"), however rare in the gate. The entries go in ``[exact]``, matched on the
surface form: a lemma sequence would also match ordinary English ("is able to" must not find "was able to").
``--spun`` roots are counted for [provenance] only (how many of their sites print each entry), not to choose.
Nothing of the database or the gate goes into the output but each kept entry, its original and its counts.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tomllib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from contentlint.spin.resources import CLOSED_CLASS

from . import signatures, swaps
from .signatures import toml_string

ROOT = Path(__file__).resolve().parents[2]
SHORTEST, LONGEST = 1, 4


@dataclass(frozen=True)
class Phrase:
    phrase: str
    original: str
    gate: int
    original_gate: int
    gap: float  # log10 P(original) - log10 P(phrase) under the general trigram model
    sites: int = 0  # sites of the --spun roots that print it (provenance only)


def listed_elsewhere() -> set[str]:
    """Every key of the other spin lists (CL101's phrase lists, CL108's filler, CL109's words and swaps, the
    spinner wording), as the gate tokenises it: an entry there is not repeated here."""
    found: set[str] = set()
    for path in (ROOT / "rules").glob("*.toml"):
        if path.stem == "spun_phrases_dictionary" or not path.stem.startswith(("spun_", "spinner_")):
            continue
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        for section in data.values():
            if not isinstance(section, dict):
                continue
            for key, value in section.items():
                found.add(" ".join(signatures.tokens(key)))
                if isinstance(value, list):
                    found.update(" ".join(signatures.tokens(v)) for v in value if isinstance(v, str))
    return found


UNKNOWN_LOG10 = -10.0  # a word the model does not know (it answers about -23,315 for those): as rare as that


def log10_prob(words: Sequence[str]) -> float:
    """log10 P(words) under the general trigram model, each word given the ones before it in the phrase; a word
    the model does not know counts as UNKNOWN_LOG10."""
    from contentlint.spin.resources import language_model

    model = language_model()
    return sum(
        max(UNKNOWN_LOG10, model.logprob(w, tuple(reversed(words[max(0, i - 2) : i])))) for i, w in enumerate(words)
    )


def read_review(path: Path) -> dict[str, tuple[str, str, str]]:
    """phrase -> (decision, original, reason); ``keep`` ships the phrase with that original, ``reject`` leaves it
    out. Lines starting with "#" say how the review was made."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))
    bad = [r["phrase"] for r in rows if r["decision"] not in {"keep", "reject"} or not r["original"].strip()]
    if bad:
        raise SystemExit(f"{path}: a decision must be keep or reject, with an original: {', '.join(bad)}")
    return {r["phrase"]: (r["decision"], r["original"].strip(), r["reason"]) for r in rows}


def _original(rest: Counter[str], gate: Counter[str], min_original: int) -> str:
    """The likely original among the other members: the one sharing the most groups with the phrase (a phrase in
    several groups has one sense they share: "in step with" sits with "in line with" in four, with "per" in one),
    then the commonest in the gate. Members the gate seldom prints are passed over when another is common."""
    common = [m for m in rest if gate[m] >= min_original] or list(rest)
    return min(common, key=lambda y: (-rest[y], -gate[y], y))


def select(groups: list[list[str]], gate: Counter[str], args: argparse.Namespace) -> list[Phrase]:
    others: dict[str, Counter[str]] = defaultdict(Counter)
    for group in groups:
        for member in group:
            others[member].update(m for m in group if m != member)
    skip = listed_elsewhere()
    kept = []
    for phrase, rest in sorted(others.items()):
        words = phrase.split()
        if not SHORTEST <= len(words) <= LONGEST or gate[phrase] > args.max_gate or phrase in skip:
            continue
        if "'" in phrase or any(c.isdigit() for c in phrase) or all(w in CLOSED_CLASS for w in words):
            continue
        original = _original(rest, gate, args.min_original)
        if (
            gate[original] < args.min_original
            or swaps.plain_variant(phrase, original)
            or any(c.isdigit() for c in original)
        ):
            continue
        gap = log10_prob(original.split()) - log10_prob(words)
        if gap >= args.min_gap:
            kept.append(Phrase(phrase, original, gate[phrase], gate[original], round(gap, 2)))
    return kept


def reviewed(kept: Sequence[Phrase], review: dict[str, tuple[str, str, str]]) -> tuple[list[Phrase], list[str], int]:
    """The phrases the review keeps (with its original), a line per rejected one, and how many it has not read
    (left out: a phrase ships only once read)."""
    out, left, unread = [], [], 0
    for entry in kept:
        decision, original, reason = review.get(entry.phrase, ("", "", ""))
        if decision == "keep":
            out.append(replace(entry, original=original))
        elif decision == "reject":
            left.append(f"{entry.phrase}: {reason}")
        else:
            unread += 1
    return out, left, unread


def render(kept: Sequence[Phrase], left: Sequence[str], args: argparse.Namespace, sizes: tuple[int, int, int]) -> str:
    """The rule file; ``sizes``: the gate's words, the spun pages counted, the candidates the review has not read."""
    gate_words, pages, unread = sizes
    command = (
        " ".join(["python -m tools.spin.dictionary_phrases", *sys.argv[1:]]) if args.command is None else args.command
    )
    lines = [
        "# contentlint rule data: a dictionary spinner's phrase outputs that clean text never prints (rule CL101,",
        "# joining the reviewed phrasebook in spun_phrases.toml like the other mined lists).",
        "#",
        "# Written by `python -m tools.spin.dictionary_phrases`; do not edit by hand: change its thresholds, inputs",
        "# or review (tools/spin/dictionary_phrases_review.tsv) and run it again. Each entry is a member of a",
        "# dictionary spinner's synonym groups, one to four words long, that a clean gate of every register next to",
        "# never prints while its likely original (the member sharing most of its groups) is common there, that the",
        "# general trigram model finds far less likely than the original, and that a reader kept. Matched on the",
        "# surface form ([exact]). [provenance]: its count and its original's in the gate, the model's gap (log10),",
        "# and the sites of unannotated spun pages that print it (counted, not used to choose).",
        f"# Candidates left out on reading: {len(left)} (the review gives each reason); not read (left out): {unread}.",
        "",
        "[meta]",
        'title = "A dictionary spinner\'s phrase outputs that clean text never prints"',
        "sources = [",
        f"  {toml_string(args.source)},",
        f"  {toml_string(f'Clean gate: {gate_words:,} words: {args.gate_name}')},",
        f"  {toml_string(f'Spun pages counted for [provenance] only: {pages} unannotated pages: {args.spun_name}')},",
        "]",
        'licence = "MIT (this list: words and short phrases, counts and the review; none of the database)"',
        f"command = {toml_string(command)}",
        f"max_gate = {args.max_gate}",
        f"min_original = {args.min_original}",
        f"min_gap = {args.min_gap}",
        "",
        "[phrases]",
        "",
        "[exact]",
        *(f"{toml_string(p.phrase)} = {toml_string(p.original)}" for p in kept),
        "",
        "[provenance]",
        *(
            f"{toml_string(p.phrase)} = {{ gate = {p.gate}, original_gate = {p.original_gate}, gap = {p.gap}, "
            f"sites = {p.sites} }}"
            for p in kept
        ),
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="the spinner's synonym database: one group a line")
    parser.add_argument("--source", required=True, help="where the database comes from, for [meta]")
    parser.add_argument("--gate", type=Path, action="append", required=True)
    parser.add_argument("--gate-name", default="the clean gate")
    parser.add_argument("--spun", type=Path, action="append", default=[], help="a root with SOURCES.tsv")
    parser.add_argument("--spun-name", default="unannotated spun pages")
    parser.add_argument("--output", type=Path, default=ROOT / "rules" / "spun_phrases_dictionary.toml")
    parser.add_argument("--review", type=Path, default=ROOT / "tools" / "spin" / "dictionary_phrases_review.tsv")
    parser.add_argument("--candidates", type=Path, default=None, help="also write the kept rows as TSV, to review")
    parser.add_argument("--command", default=None, help="the command line recorded in [meta]")
    parser.add_argument("--max-gate", type=int, default=1)
    parser.add_argument("--min-original", type=int, default=20)
    parser.add_argument("--min-gap", type=float, default=1.0)
    args = parser.parse_args(argv)
    groups = swaps.read_groups(args.db, LONGEST)
    wanted = {m for g in groups for m in g}
    gate, gate_words = swaps.count(signatures.clean_texts(args.gate), wanted, LONGEST)
    chosen = select(groups, gate, args)
    pages = signatures.read_spun(args.spun)
    sites: dict[str, set[str]] = defaultdict(set)
    names = {p.phrase for p in chosen}
    for page in pages:
        for phrase in swaps.count([page.text], names, LONGEST)[0]:
            sites[phrase].add(page.site)
    chosen = [replace(p, sites=len(sites.get(p.phrase, ()))) for p in chosen]
    kept, left, unread = reviewed(chosen, read_review(args.review))
    if args.candidates is not None:
        with args.candidates.open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle, delimiter="\t", lineterminator="\n")
            out.writerow(["phrase", "original", "gate", "original_gate", "gap", "sites"])
            out.writerows([p.phrase, p.original, p.gate, p.original_gate, p.gap, p.sites] for p in chosen)
    args.output.write_text(render(kept, left, args, (gate_words, len(pages), unread)), encoding="utf-8")
    print(
        f"{len(groups)} groups; gate {gate_words:,} words; {len(chosen)} candidates: {len(kept)} kept, "
        f"{len(left)} rejected, {unread} not read -> {args.output}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
