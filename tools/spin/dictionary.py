"""Write the dictionary spinners' single-word swaps (rule CL109) from the mined phrase lists and a clean gate.

    python -m tools.spin.dictionary --gate DIR [--gate DIR ...] [--gate-name TEXT] \
        [--output rules/spinner_dictionary.toml] [--review tools/spin/dictionary_review.tsv]

The mined phrase lists (``rules/spun_phrases_mined.toml``, ``rules/spun_phrases_signatures.toml``) hold what
dictionary spinners (the "pores and skin" family A and the WordAi-style family B) printed on real pages, each
entry a short phrase with the wording it replaced and where it was seen. Inside an entry the spinner swapped
single words ("facet consequences" for "side effects": "facet" for "side", "consequences" for "effects"). Such a
word is ordinary English on its own, so the phrase lists cannot report it outside its phrase; but the spinner
swaps it wherever it runs, and a page that prints many different ones, densely, was run through the dictionary.

This tool aligns each entry of families A and B with its original word by word (entries of equal length only),
keeps the swapped content words (no grammar word on either side), and counts each word in a clean gate (per
million words). Words rare in the gate (``--gate-max``) count for CL109's gate and are reported past it
(``[words]``); words commoner than that but under ``--report-max`` are reported past the gate only (``[also]``);
commoner ones are left out. A word with several originals suggests the one most entries support. Rows of the
review file (``word``, ``decision`` = reject, ``reason``) take words out after reading.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from contentlint.spin.resources import CLOSED_CLASS

from . import signatures
from .signatures import toml_string

ROOT = Path(__file__).resolve().parents[2]
LISTS = ("rules/spun_phrases_mined.toml", "rules/spun_phrases_signatures.toml")
# Families of the dictionary spinners (dev2's README). The signature list's rows all count as theirs: its first two
# runs were mined from their pages, its third from the QuillBot-style paraphraser's (family D), which swaps words one
# by one from its own table too; the review (dictionary_review.tsv) leaves out that run's alignments that are not
# word-for-word swaps ("virtual entertainment" for "social media").
FAMILIES = frozenset({"A", "B"})
_WORD = re.compile(r"[a-z0-9]+(?:['/-][a-z0-9]+)*|[^\sa-z0-9]")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})
# Grammar words a spinner swaps in too ("through" for "by"), but the same words are everyone's: left out. An
# original may be an adverb ("additionally" for "also"), not a grammar word.
GRAMMAR = CLOSED_CLASS | {"through", "via", "within", "having"}


@dataclass
class Swap:
    word: str
    originals: Counter[str] = field(default_factory=Counter)
    entries: set[str] = field(default_factory=set)
    sites: int = 0
    gate: int = 0
    mined_sites: int = 0  # sites of the unannotated pages that print it (a kept row of the mined review), else 0

    def original(self) -> str:
        """The original most entries support (ties broken alphabetically, so the output is stable)."""
        return min(self.originals.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def words(text: str) -> list[str]:
    return _WORD.findall(text.translate(_APOSTROPHES).lower())


def _families(path: str, provenance: dict[str, object]) -> set[str]:
    if path.endswith("signatures.toml"):
        return set(FAMILIES)
    found = provenance.get("families", [])
    return set(found) if isinstance(found, list) else set()


def swaps_of(lists: Iterable[Path]) -> dict[str, Swap]:
    """Word-for-word swaps inside the dictionary spinners' entries of the mined lists."""
    found: dict[str, Swap] = {}
    for path in lists:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        provenance = data.get("provenance", {})
        for spun, original in data["phrases"].items():
            seen = provenance.get(spun, {})
            if not isinstance(original, str) or not _families(str(path), seen) & FAMILIES:
                continue
            a, b = words(spun), words(original)
            if len(a) != len(b):
                continue
            for x, y in zip(a, b, strict=True):
                if x == y or x in GRAMMAR or y in CLOSED_CLASS or not x.isalpha() or not y.isalpha():
                    continue
                swap = found.setdefault(x, Swap(x))
                swap.originals[y] += 1
                if spun not in swap.entries:
                    swap.entries.add(spun)
                    swap.sites += int(seen.get("sites", 1))
    return found


def add_mined(found: dict[str, Swap], review: Path) -> list[str]:
    """Join the kept rows of a review of words mined from unannotated pages (``tools.spin.signatures mine
    --max-words 1``, read and given an original): a word the aligned entries also show keeps their original.
    Returns the review's comment lines (the mining run's description)."""
    if not review.exists():
        return []
    kept, notes = signatures.read_review(review)
    for row in kept:
        swap = found.setdefault(row.phrase, Swap(row.phrase))
        if not swap.originals:
            swap.originals[row.original] += 1
        swap.mined_sites = row.sites
    return notes


def count_gate(found: dict[str, Swap], roots: Sequence[Path]) -> int:
    """Count each swapped word in the clean texts under ``roots``; returns the gate's size in words."""
    total = 0
    for text in signatures.clean_texts(roots):
        tokens = words(text)
        total += sum(1 for token in tokens if token[0].isalnum())
        for token, n in Counter(tokens).items():
            swap = found.get(token)
            if swap is not None:
                swap.gate += n
    return total


def read_review(path: Path) -> dict[str, str]:
    """Rejected words and the reason for each."""
    if not path.exists():
        return {}
    rows = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    out = {}
    for row in csv.DictReader(rows, delimiter="\t"):
        if row.get("decision") != "reject":
            raise SystemExit(f"{path}: row {row.get('word')!r}: decision must be reject")
        out[row["word"]] = row.get("reason", "")
    return out


@dataclass(frozen=True)
class Split:
    gated: list[Swap]
    also: list[Swap]
    left_out: list[tuple[Swap, str]]


def general_log10(words: Iterable[str]) -> dict[str, float]:
    """Each word's log10 probability under the general US English trigram model (pocketsphinx's) with no history."""
    from contentlint.spin.resources import language_model

    model = language_model()
    return {word: model.logprob(word, ()) for word in words}


def split(found: dict[str, Swap], gate_words: int, args: argparse.Namespace, rejected: dict[str, str]) -> Split:
    """[words]: rare in the gate and in general English; [also]: rare enough in the gate; the rest left out."""
    gated, also, left_out = [], [], []
    general = general_log10(found)
    for swap in sorted(found.values(), key=lambda s: s.word):
        rate = 1e6 * swap.gate / max(gate_words, 1)
        if swap.word in rejected:
            left_out.append((swap, f"rejected on reading: {rejected[swap.word]}"))
        elif rate <= args.gate_max and general[swap.word] <= args.general_max_log10:
            gated.append(swap)
        elif rate <= args.report_max:
            also.append(swap)
        else:
            left_out.append((swap, f"{rate:.0f} per million words of the gate"))
    return Split(gated, also, left_out)


HEADER = """\
# contentlint rule data: the dictionary spinners' single-word swaps (rule CL109).
#
# Written by `python -m tools.spin.dictionary` from the mined phrase lists (rules/spun_phrases_mined.toml,
# rules/spun_phrases_signatures.toml) and a clean gate; do not edit by hand: change the review
# (tools/spin/dictionary_review.tsv) or the lists and run it again. Each word is one a dictionary spinner
# (families A and B) swapped inside an entry of those lists, with the word it replaced there, or one mined
# from unannotated pages of those spinners and read (tools/spin/dictionary_mined.tsv). On its own
# it is ordinary English, so CL109 reports it only in a page that prints many different [words], densely
# ([gate]): a page run through the dictionary. [words] are rare in the clean gate and in general English
# (the general trigram model) and count for the gate; [also] are commoner and are reported past it only.
# [provenance]: the entries and their sites that show the swap, and the word's rate in the gate.
#
# Left out (commoner in the gate than the [also] limit, or rejected on reading):
"""
SOURCE = (
    "Aligned word by word from the entries of families A and B of rules/spun_phrases_mined.toml and "
    "rules/spun_phrases_signatures.toml (their own sources are in their [meta])."
)


def _table(rows: list[Swap]) -> list[str]:
    return [f"{toml_string(s.word)} = {toml_string(s.original())}" for s in rows]


def _provenance(s: Swap, gate_words: int) -> str:
    rate = 1e6 * s.gate / max(gate_words, 1)
    mined = f", mined_sites = {s.mined_sites}" if s.mined_sites else ""
    return (
        f"{toml_string(s.word)} = {{ entries = {len(s.entries)}, sites = {s.sites}{mined}, "
        f"gate_per_million = {rate:.1f} }}"
    )


def render(parts: Split, gate_words: int, args: argparse.Namespace, command: str, notes: Sequence[str] = ()) -> str:
    sources = [SOURCE, *notes, f"Clean gate: {gate_words:,} words: {args.gate_name}"]
    meta = [
        "[meta]",
        'title = "Single-word swaps of dictionary spinners, reported in pages the dictionary ran through"',
        "sources = [",
        *(f"  {toml_string(source)}," for source in sources),
        "]",
        'licence = "MIT (this list: single words, counts and the maintainers\' review; no text of the pages)"',
        f"command = {toml_string(command)}",
        f"gate_max_per_million = {args.gate_max}",
        f"report_max_per_million = {args.report_max}",
        f"general_max_log10 = {args.general_max_log10}",
    ]
    gate = [
        "# A page is run through the dictionary when it prints at least `min_count` [words], at least",
        "# `min_distinct` different ones, and at least `min_per_1000_words` per 1,000 words (README, CL109).",
        "[gate]",
        f"min_count = {args.min_count}",
        f"min_distinct = {args.min_distinct}",
        f"min_per_1000_words = {args.min_per_1000}",
        "",
        "# Or, counting every word of the list ([words] and [also] alike), at least these (README, CL109): a page",
        "# that prints many different words of the table, densely, however common each is on its own.",
        "[gate_any]",
        f"min_count = {args.any_min_count}",
        f"min_distinct = {args.any_min_distinct}",
        f"min_per_1000_words = {args.any_min_per_1000}",
    ]
    kept = [*parts.gated, *parts.also]
    body = [
        *meta,
        "",
        *gate,
        "",
        "[words]",
        *_table(parts.gated),
        "",
        "[also]",
        *_table(parts.also),
        "",
        "[provenance]",
        *(_provenance(s, gate_words) for s in kept),
    ]
    left = [f"#   {s.word}: {why}" for s, why in parts.left_out]
    return HEADER + "\n".join([*left, "", *body, ""])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--gate", type=Path, action="append", required=True, help="clean texts (.txt, .md)")
    parser.add_argument("--gate-name", default="", help="what the gate is, for the file's sources")
    parser.add_argument("--gate-max", type=float, default=35.0, help="per million: counted for CL109's gate")
    parser.add_argument("--report-max", type=float, default=250.0, help="per million: reported past the gate")
    parser.add_argument(
        "--general-max-log10", type=float, default=-5.5, help="counted for the gate only under this in general English"
    )
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--min-distinct", type=int, default=2)
    parser.add_argument("--min-per-1000", type=float, default=8.0)
    parser.add_argument("--any-min-count", type=int, default=6)
    parser.add_argument("--any-min-distinct", type=int, default=6)
    parser.add_argument("--any-min-per-1000", type=float, default=15.0)
    parser.add_argument("--review", type=Path, default=ROOT / "tools/spin/dictionary_review.tsv")
    parser.add_argument("--output", type=Path, default=ROOT / "rules/spinner_dictionary.toml")
    parser.add_argument("--lists", type=Path, nargs="+", default=[ROOT / name for name in LISTS])
    parser.add_argument("--mined", type=Path, default=ROOT / "tools/spin/dictionary_mined.tsv")
    args = parser.parse_args(argv)
    found = swaps_of(args.lists)
    notes = add_mined(found, args.mined)
    gate_words = count_gate(found, args.gate)
    parts = split(found, gate_words, args, read_review(args.review))
    gates = " ".join(f"--gate {g}" for g in args.gate)
    command = f"python -m tools.spin.dictionary {gates} --gate-name {toml_string(args.gate_name)}"
    args.output.write_text(render(parts, gate_words, args, command, notes), encoding="utf-8")
    print(f"{len(parts.gated)} gate words, {len(parts.also)} reported past the gate, {len(parts.left_out)} left out")
    print(f"gate {gate_words:,} words -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
