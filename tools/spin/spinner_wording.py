"""Write ``rules/spinner_wording.toml`` (rule CL107) from the phrasebook review's rejected rows.

    python -m tools.spin.spinner_wording --gate DIR [--gate DIR ...] [--max-per-million 100]
        [--verdict-max-log10 -5.5] [--review tools/spin/mined_review.tsv] [--output rules/spinner_wording.toml]

Every row of the review is wording the phrasebook miner (``tools.spin.build_phrasebook``) found in the gold
spans of real spun pages (their sources: ``training/sources/``). The rows a reader rejected for the phrasebook
because the wording is ordinary English on its own ("weight reduction", "humans", "assist") are still what
those spinners print in place of plainer words; CL107 reports them only in an article that other evidence
already shows to be spun (the gate of CL103). Rows rejected because the mined unit was not a spinner's
wording at all (a fragment of context, a typo, a garbled alignment, a brand name) are left out, as are the
rows kept for the phrasebook (they are CL101's). An entry careful writers use often is left out too: one that
occurs ``--max-per-million`` times or more per million words of the clean prose under ``--gate`` (``.txt`` and
``.md`` files as they are, ``.xml`` files by their ``<Answer>`` elements, as MedQuAD stores its answers), such
as "procedure" in health writing: even in a spun article it is as likely the writer's own.

The entries that are also rare in general English (log10 probability of the whole entry under the general
trigram model of :class:`contentlint.spin.resources.LanguageModel` below ``--verdict-max-log10``) and in the
gate's careful prose (under ``--verdict-max-per-million``) form a second list, ``[verdict]``: their density in
an article is evidence of spin of its own, which the document verdict reads (contentlint/spin/fluency.py,
``wording``). Ordinary words and domain phrases that spinners also print ("strategy", "harm", "fat tissue",
"herbal") are left out of it: a clean article uses them as readily. So are the single words the reader rejected
as ordinary English swaps (decision ``reject-swap``: "diminish", "remedy", "sturdy"), whatever the two measures
say: one of them on a short clean page lifted its verdict to 0.57.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shlex
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from defusedxml import ElementTree

ROOT = Path(__file__).resolve().parents[2]
# Reasons that say the mined unit is not a spinner's wording (the reader's words in mined_review.tsv).
NOT_WORDING = re.compile(
    r"context fragment|fragment of|typo|misspelling|common spelling|alignment debris|brand name|garbled|"
    r"suggestion drops|not a spinner|not a swap|texting",
    re.IGNORECASE,
)
_WORDING = re.compile(r"[a-z][a-z' -]*[a-z]")
# An entry as likely as about three in a million words of general English, or as frequent in the gate's careful
# health prose, is no evidence of spin on its own. Both were chosen on dev2, a development figure (README, "What
# `spin` means"): its clean articles print "strategy", "fat tissue", "procedures and"; the fitting pages of
# tools/spin/calibrate.py --extend, which hold none of them, ordered their articles best with no threshold at all.
VERDICT_MAX_LOG10 = -5.5
VERDICT_MAX_PER_MILLION = 3.0


def wording(review: Path) -> list[str]:
    """The rejected rows that read as a spinner's wording, lower case, sorted."""
    rows = _review_rows(review)
    kept = {r["spun"].strip().lower() for r in rows if r["decision"] == "keep"}
    out = set()
    for row in rows:
        spun = " ".join(row["spun"].lower().split())
        if not row["decision"].startswith("reject") or NOT_WORDING.search(row["reason"] or ""):
            continue
        if spun in kept or not _WORDING.fullmatch(spun):
            continue
        out.add(spun)
    return sorted(out)


def ordinary_swaps(review: Path) -> set[str]:
    """The single words the reader rejected as ordinary English swaps (``reject-swap``), lower case: CL107 may
    report them in a spun article, but the verdict does not count them (see the module's docstring)."""
    return {" ".join(r["spun"].lower().split()) for r in _review_rows(review) if r["decision"] == "reject-swap"}


def _review_rows(review: Path) -> list[dict[str, str]]:
    """The phrasebook review's rows; a file that cannot be read or lacks its columns ends the run with a message."""
    try:
        with review.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SystemExit(f"{review}: cannot read the phrasebook review ({exc})") from None
    if not rows or not {"spun", "decision", "reason"} <= set(rows[0]):
        raise SystemExit(f"{review}: not the phrasebook review (columns spun, decision, reason)")
    return rows


def _gate_texts(folder: Path) -> list[str]:
    texts = []
    if not folder.is_dir():
        raise SystemExit(f"{folder}: not a folder of clean prose")
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".txt", ".md"):
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
        elif path.suffix == ".xml":
            try:
                root = ElementTree.parse(path).getroot()
            except ElementTree.ParseError as exc:
                raise SystemExit(f"{path}: not well-formed XML ({exc})") from None
            texts += ["".join(a.itertext()) for a in root.iter("Answer")]
    return texts


def per_million(entries: list[str], folders: list[Path]) -> tuple[dict[str, float], int]:
    """Each entry's occurrences per million words of the gate's prose, and the gate's words."""
    if not entries:
        return {}, 0
    alternatives = "|".join(re.escape(e).replace(r"\ ", r"\s+") for e in sorted(entries, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w'-])({alternatives})(?![\w'-])")
    counts: Counter[str] = Counter()
    words = 0
    for folder in folders:
        for text in _gate_texts(folder):
            lowered = text.lower().replace("\u2019", "'")
            words += len(lowered.split())
            counts.update(" ".join(m.group(1).split()) for m in pattern.finditer(lowered))
    if not words:
        raise SystemExit(f"the gate {', '.join(map(str, folders))} holds no text")
    return {e: 1e6 * counts[e] / words for e in entries}, words


def general_log10(entries: list[str]) -> dict[str, float]:
    """Each entry's log10 probability as a whole under the general trigram model (each word given the entry's
    words before it)."""
    from contentlint.spin.resources import language_model

    model = language_model()
    out = {}
    for entry in entries:
        words = entry.split()
        out[entry] = sum(model.logprob(w, tuple(reversed(words[max(0, i - 2) : i]))) for i, w in enumerate(words))
    return out


def render(
    entries: list[str],
    review: Path,
    dropped: dict[str, float],
    gate: str,
    command: str,
    verdict: list[str] | None = None,
    limits: tuple[float, float] = (0.0, 0.0),
) -> str:
    lines = [
        "# contentlint rule data: wording that spinners print in place of plainer words (rule CL107).",
        "#",
        f"# Generated by `python -m tools.spin.spinner_wording` from {review.relative_to(ROOT)}; do not edit by hand:",
        "# change the review and run it again. Each entry is a unit the phrasebook miner found inside the gold",
        "# spun phrases of real spun pages and a reader rejected for the phrasebook because it is ordinary English",
        "# on its own. CL107 reports an entry only in an article that other evidence already shows to be spun",
        "# (the gate of CL103: phrasebook hits or a spun byline, and a spin rate), where the plainer wording",
        "# is the likelier original. Matched on the lower-cased surface form, whole words only.",
        "",
        "[meta]",
        'title = "Spinner wording, reported in articles already shown to be spun"',
        "sources = [",
        '  "Mined by tools/spin/build_phrasebook.py from the gold spans of real spun pages collected and annotated '
        "by the maintainers (their sources, not their texts, are in training/sources/); read and rejected for the "
        'phrasebook in tools/spin/mined_review.tsv.",',
        f'  "{gate}",',
        "]",
        'licence = "MIT (this list: short word sequences and the maintainers\' review; no text of the pages)"',
        f'generated = "{date.today().isoformat()}"',
        "command = " + json.dumps(command),
        "",
        "# Left out as frequent in careful prose (occurrences per million words of the gate):",
        *(f"#   {e}: {v:.0f}" for e, v in sorted(dropped.items(), key=lambda kv: -kv[1])),
        "",
        "[wording]",
        "entries = [",
        *(f'  "{e}",' for e in entries),
        "]",
        "",
    ]
    if verdict is not None:
        lines += [
            "# The entries rare in general English as well (log10 probability of the whole entry under pocketsphinx's",
            f"# general US English trigram model below {limits[0]:g}) and in the gate's prose (under {limits[1]:g} per",
            "# million words), but for the single words the review rejected as ordinary swaps (`reject-swap`):",
            "# their density is document evidence of spin (contentlint/spin/fluency.py, the feature `wording`),",
            "# read whatever the other evidence.",
            "[verdict]",
            "entries = [",
            *(f'  "{e}",' for e in verdict),
            "]",
            "",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--review", type=Path, default=ROOT / "tools" / "spin" / "mined_review.tsv")
    parser.add_argument("--output", type=Path, default=ROOT / "rules" / "spinner_wording.toml")
    parser.add_argument("--gate", type=Path, action="append", required=True, help="folder of clean prose (repeat)")
    parser.add_argument("--gate-name", default="", help="how the data file's header names the gate's sources")
    parser.add_argument("--max-per-million", type=float, default=100.0)
    parser.add_argument(
        "--verdict-max-log10",
        type=float,
        default=VERDICT_MAX_LOG10,
        help=f"entries below this general-English log10 probability also count for the verdict ({VERDICT_MAX_LOG10:g})",
    )
    parser.add_argument(
        "--verdict-max-per-million",
        type=float,
        default=VERDICT_MAX_PER_MILLION,
        help=f"and below this rate in the gate's prose ({VERDICT_MAX_PER_MILLION:g} per million words)",
    )
    args = parser.parse_args(argv)
    entries = wording(args.review.resolve())
    rates, words = per_million(entries, args.gate)
    dropped = {e: r for e, r in rates.items() if r >= args.max_per_million}
    kept = [e for e in entries if e not in dropped]
    gate = (
        f"Left out: entries at {args.max_per_million:g} or more occurrences per million words of a clean gate of "
        f"{words:,} words{': ' + args.gate_name if args.gate_name else ''}."
    )
    command = shlex.join(["python", "-m", "tools.spin.spinner_wording", *(sys.argv[1:] if argv is None else argv)])
    general = general_log10(kept)
    ordinary = ordinary_swaps(args.review.resolve())
    verdict = [
        e
        for e in kept
        if general[e] < args.verdict_max_log10 and rates[e] < args.verdict_max_per_million and e not in ordinary
    ]
    limits = (args.verdict_max_log10, args.verdict_max_per_million)
    text = render(kept, args.review.resolve(), dropped, gate, command, verdict, limits)
    args.output.write_text(text, encoding="utf-8")
    print(
        f"{args.output}: {len(kept)} entries ({len(dropped)} left out by the gate of {words:,} words), "
        f"{len(verdict)} of them rare in general English and in the gate (the verdict's)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
