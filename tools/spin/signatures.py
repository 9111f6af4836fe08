"""Mine a dictionary spinner's signature wording from unannotated spun pages, against a clean gate.

    python -m tools.spin.signatures mine --spun DIR [--spun DIR ...] --clean DIR [--clean DIR ...] \
        --out candidates.tsv [--min-sites 3] [--max-per-million 0.3] [--max-words 3]
    python -m tools.spin.signatures render [--review tools/spin/signatures_review.tsv] \
        [--output rules/spun_phrases_signatures.toml]

The phrasebook miner (``build_phrasebook.py``) needs gold: each spun span aligned with its original. A dictionary
spinner (the "pores and skin" family, and the WordAi-style rewriters beside it) is published on thousands of
sites, far more than anyone annotates; what it prints is the same few thousand substitutes wherever it runs. So
its wording can be found without gold, by contrast: word sequences (one to ``--max-words`` words) that occur
on many *sites* of the spun pages (``SOURCES.tsv``'s ``site`` column; one site's house style counts once) and
next to never in a large clean corpus. The gate is counted per million words; a sequence above
``--max-per-million`` is ordinary English somewhere and is dropped, and a sequence that contains a shorter
kept one adds nothing and is dropped too.

What comes out is a list of candidates for a reader, not rule data: each row gives the sequence, how many
sites and pages print it, its count in the gate, and two contexts. The reader keeps the spinner's
substitutes and writes the likely original (``rules/spun_phrases_signatures.toml``), and rejects topic words,
names and templates that happen to cluster. Nothing of the corpora goes into the repository but the kept
sequences and their counts.

``render`` writes the rule file from the review (``tools/spin/signatures_review.tsv``: the sequence, the reader's
decision and original, and the counts the mining run gave), so the shipped list is reproducible from the
review alone.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_TOKEN = re.compile(r"[a-z0-9]+(?:['/-][a-z0-9]+)*")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
# A sequence must hold one word outside these to be a substitute rather than a grammar pattern.
_FUNCTION = frozenset(
    """a an the of in on at to for from by with into as and or but if then than that which who this these those
    it its is are was were be been being do does did have has had will would can could may might must not no
    you your we our they their he his she her i my me us them there here what when where why how so also""".split()
)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.translate(_APOSTROPHES).lower())


def ngrams(words: Sequence[str], longest: int) -> Iterator[str]:
    for n in range(1, longest + 1):
        for i in range(len(words) - n + 1):
            gram = words[i : i + n]
            if any(w not in _FUNCTION and not w.isdigit() for w in gram):
                yield " ".join(gram)


@dataclass
class Page:
    path: Path
    site: str
    text: str


@dataclass
class Candidate:
    phrase: str
    sites: set[str] = field(default_factory=set)
    pages: int = 0
    count: int = 0
    gate: int = 0


def read_spun(roots: Sequence[Path]) -> list[Page]:
    """The pages of each root, with their site from SOURCES.tsv (the file name when it has none)."""
    pages = []
    for root in roots:
        sites: dict[str, str] = {}
        sources = root / "SOURCES.tsv"
        if sources.exists():
            with sources.open(encoding="utf-8") as handle:
                for row in csv.DictReader(handle, delimiter="\t"):
                    name = (row.get("file") or "").strip()
                    sites[Path(name).name] = (row.get("site") or name).strip().lower().removeprefix("www.")
        for path in sorted(root.rglob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace")
            pages.append(Page(path, sites.get(path.name, path.stem), text))
    return pages


def collect(pages: Sequence[Page], longest: int) -> dict[str, Candidate]:
    found: dict[str, Candidate] = {}
    for page in pages:
        counts = Counter(ngrams(tokens(page.text), longest))
        for gram, n in counts.items():
            c = found.setdefault(gram, Candidate(gram))
            c.sites.add(page.site)
            c.pages += 1
            c.count += n
    return found


def clean_texts(roots: Sequence[Path]) -> Iterator[str]:
    """The text of every .txt and .md file under ``roots`` (a clean gate), in a fixed order."""
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.suffix in {".txt", ".md"}):
            yield path.read_text(encoding="utf-8", errors="replace")


def gate_counts(found: dict[str, Candidate], clean: Sequence[Path], longest: int) -> int:
    """Count the candidates in every clean text under ``clean``; returns the gate's size in words."""
    words = 0
    for text in clean_texts(clean):
        seq = tokens(text)
        words += len(seq)
        for gram in ngrams(seq, longest):
            c = found.get(gram)
            if c is not None:
                c.gate += 1
    return words


def select(found: dict[str, Candidate], min_sites: int, max_per_million: float, gate_words: int) -> list[Candidate]:
    limit = max_per_million * gate_words / 1e6
    kept = [c for c in found.values() if len(c.sites) >= min_sites and c.gate <= limit]
    kept.sort(key=lambda c: (len(c.phrase.split()), -len(c.sites), c.phrase))
    chosen: list[Candidate] = []
    shorter: set[str] = set()
    for c in kept:
        words = c.phrase.split()
        parts = {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)} - {c.phrase}
        if parts & shorter:
            continue
        chosen.append(c)
        shorter.add(c.phrase)
    chosen.sort(key=lambda c: (-len(c.sites), -c.pages, c.phrase))
    return chosen


def contexts(phrase: str, pages: Sequence[Page], limit: int = 2) -> list[str]:
    body = r"\W+".join(re.escape(w) for w in phrase.split())
    pattern = re.compile(r"(?<![A-Za-z0-9])" + body + r"(?![A-Za-z0-9])", re.I)
    out = []
    for page in pages:
        m = pattern.search(page.text.translate(_APOSTROPHES))
        if m:
            left = page.text[max(0, m.start() - 40) : m.start()].replace("\n", " ").replace("\t", " ")
            right = page.text[m.end() : m.end() + 40].replace("\n", " ").replace("\t", " ")
            out.append(f"{left}[{m.group(0)}]{right}")
            if len(out) >= limit:
                break
    return out


def mine(args: argparse.Namespace) -> int:
    pages = read_spun(args.spun)
    found = collect(pages, args.max_words)
    found = {k: c for k, c in found.items() if len(c.sites) >= args.min_sites}
    gate_words = gate_counts(found, args.clean, args.max_words)
    chosen = select(found, args.min_sites, args.max_per_million, gate_words)
    sites = len({p.site for p in pages})
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter="\t", lineterminator="\n")
        out.writerow(["phrase", "sites", "pages", "count", "gate", "contexts"])
        for c in chosen:
            out.writerow([c.phrase, len(c.sites), c.pages, c.count, c.gate, " | ".join(contexts(c.phrase, pages))])
    print(f"{len(pages)} pages of {sites} sites; gate {gate_words:,} words; {len(chosen)} candidates -> {args.out}")
    return 0


REVIEW_COLUMNS = ("phrase", "decision", "original", "sites", "pages", "gate", "reason")


@dataclass(frozen=True)
class Reviewed:
    phrase: str
    original: str
    sites: int
    pages: int
    gate: int


def read_review(path: Path) -> tuple[list[Reviewed], list[str]]:
    """The kept rows of the review, and its comment lines (the mining run's description)."""
    kept, notes, rows = [], [], []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                notes.append(line[1:].strip())
            elif line.strip():
                rows.append(line)
    for row in csv.DictReader(rows, delimiter="\t"):
        missing = [c for c in REVIEW_COLUMNS if c not in row]
        if missing:
            raise SystemExit(f"{path}: missing column(s) {', '.join(missing)}")
        if row["decision"] == "keep":
            if not row["original"].strip():
                raise SystemExit(f"{path}: kept row {row['phrase']!r} has no original")
            counts = (int(row["sites"]), int(row["pages"]), int(row["gate"]))
            kept.append(Reviewed(row["phrase"], row["original"], *counts))
        elif row["decision"] != "reject":
            raise SystemExit(f"{path}: row {row['phrase']!r}: decision must be keep or reject, not {row['decision']!r}")
    return kept, notes


def toml_string(value: str) -> str:
    """``value`` as a TOML basic string (the rule files these tools write)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_toml(kept: Sequence[Reviewed], notes: Sequence[str], command: str) -> str:
    lines = [
        "# contentlint rule data: the signature wording of dictionary spinners and paraphrasers (rule CL101,",
        "# joining the reviewed phrasebook in spun_phrases.toml like the other mined lists). Written by",
        "# `python -m tools.spin.signatures render` from tools/spin/signatures_review.tsv; do not edit by hand:",
        "# change the review and run it again.",
        "#",
        "# Each entry is a word sequence that real spun pages print on several sites and that a large clean corpus",
        "# next to never holds (mined without gold by `tools.spin.signatures mine`), kept by a reader who judged it a",
        "# spinner's substitute and wrote the wording it most likely replaced. [provenance] gives the sites and pages",
        "# of the mining run that printed it and its count in the clean gate.",
        "",
        "[meta]",
        'title = "Signature wording of dictionary spinners and paraphrasers, mined from unannotated spun pages"',
        "sources = [",
        *(f"  {toml_string(note)}," for note in notes),
        "]",
        'licence = "MIT (this list: short word sequences, counts and the maintainers\' review; no text of the pages)"',
        f"command = {toml_string(command)}",
        "",
        "[phrases]",
        *(f"{toml_string(r.phrase)} = {toml_string(r.original)}" for r in kept),
        "",
        "[provenance]",
        *(f"{toml_string(r.phrase)} = {{ sites = {r.sites}, pages = {r.pages}, gate = {r.gate} }}" for r in kept),
        "",
    ]
    return "\n".join(lines)


def render(args: argparse.Namespace) -> int:
    kept, notes = read_review(args.review)
    command = "python -m tools.spin.signatures render"
    text = render_toml(kept, notes, command)
    args.output.write_text(text, encoding="utf-8")
    print(f"{len(kept)} entries -> {args.output}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    m = sub.add_parser("mine", help="list candidates from spun pages and a clean gate")
    m.add_argument("--spun", type=Path, action="append", required=True)
    m.add_argument("--clean", type=Path, action="append", required=True)
    m.add_argument("--out", type=Path, required=True)
    m.add_argument("--min-sites", type=int, default=3)
    m.add_argument("--max-per-million", type=float, default=0.3)
    m.add_argument("--max-words", type=int, default=3)
    r = sub.add_parser("render", help="write the rule file from the review")
    r.add_argument("--review", type=Path, default=ROOT / "tools/spin/signatures_review.tsv")
    r.add_argument("--output", type=Path, default=ROOT / "rules/spun_phrases_signatures.toml")
    args = parser.parse_args(argv)
    return mine(args) if args.command == "mine" else render(args)


if __name__ == "__main__":
    sys.exit(main())
