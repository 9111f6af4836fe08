"""Build ``rules/spun_phrases_mined.toml`` from annotated real spun pages, with provenance and a clean-corpus gate.

    python -m tools.spin.build_phrasebook --spun CORPUS --clean DIR [--clean DIR ...] \
        [--out rules/spun_phrases_mined.toml] [--report candidates.tsv] [--min-sites 2]

CORPUS has the layout of the collected corpus: ``SOURCES.tsv`` (columns ``file``, ``site``,
``spinner_guess``) and, for each spun page ``NAME.txt``, a gold file ``NAME.json`` whose
``spun_phrases`` give the spun text and its likely original. Pages under ``families/`` are spins of
one seed and are also aligned against each other.

The steps:

1. **Units.** Each gold span is aligned word by word with its original; each difference is a
   substitution unit ("pores and skin" -> "skin", "openness" -> "exposure" after "sun").
2. **Generalisation.** A unit becomes candidate entries: the spun words alone when they are several
   and not all function words (they are the spinner's phrase wherever they stand), and the unit with
   its nearest content word on either side (a collocation: "sun openness"), never a lone word.
   Entries are matched on lemmas, as CL101 matches, so "pores and skin" covers its inflections.
3. **Support.** An entry is seen on a page when it matches inside a gold span of that page, or an
   alignment of two spins of one seed shows it. Provenance: pages, sites, spinner families.
4. **Selection.** Kept when seen on ``--min-sites`` sites or more (one clinic's eleven pages are
   one site's vocabulary, not a spinner's), when a shorter kept entry does not already cover it,
   and when it passes the gate.
5. **Gate.** Every clean document is matched against every entry; an entry found in any of them is
   dropped (a phrase a careful writer uses somewhere is not a spinner's signature).

Nothing from the corpora is written except the entries, their originals and their counts.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import functools
import itertools
import json
import re
import sys
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from contentlint import ruledata
from contentlint.evaluate import spinner_family
from contentlint.formats import SUFFIXES, load_bytes
from contentlint.nlp import DEFAULT_MODEL, get_nlp

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'-]*")
MAX_ENTRY_WORDS = 5
# Words that cannot carry a collocation on their own: an entry needs one word outside this list.
FUNCTION_WORDS = frozenset(
    """a an the of in on at to for from by with within inside into onto upon over under about as and or but
    nor so yet if then than that which who whom whose this these those it its it's is are was were be been
    being am do does did have has had having will would shall should can could may might must not no
    your you yours my our their his her him them they we he she i me us also just very more most much
    such some any each every all both either neither other another one there here what when where why how""".split()
)


@dataclass(frozen=True)
class Page:
    name: str
    site: str
    family: str  # the spinner family's letter (A-H); "?" when the corpus does not say
    text: str
    spans: tuple[tuple[str, str], ...]  # (spun text, likely original)
    seed: str = ""  # pages spun from one seed share this (the family folder)


@dataclass(frozen=True)
class Unit:
    """One aligned difference inside a gold span, with the words around it."""

    spun: tuple[str, ...]
    original: tuple[str, ...]
    left: tuple[str, ...]
    right: tuple[str, ...]


@dataclass
class Candidate:
    spun: str
    originals: Counter[str] = field(default_factory=Counter)
    pages: set[str] = field(default_factory=set)
    sites: set[str] = field(default_factory=set)
    families: set[str] = field(default_factory=set)
    methods: set[str] = field(default_factory=set)
    clean_docs: int = 0  # documents of the topical clean corpora (same topics as the spam)
    general_docs: int = 0  # documents of the general clean corpora (books, manuals, quotations)
    clean_example: str = ""
    verdict: str = ""

    @property
    def original(self) -> str:
        return self.originals.most_common(1)[0][0] if self.originals else ""

    def seen(self, page: Page, method: str) -> None:
        self.pages.add(page.name)
        self.sites.add(page.site)
        self.families.add(page.family)
        self.methods.add(method)


# -- reading the corpus ------------------------------------------------------------------------------


class CorpusError(ValueError):
    """A corpus file that is missing or malformed (the message names it)."""


def _family_letter(guess: str) -> str:
    """The family letter of a spinner cell: a bare leading letter ("A, pores and skin") or, as in the
    evaluation corpora's SOURCES.tsv, the letter after "spinner" ("spun; spinner A ...")."""
    family = spinner_family(guess)
    return family if family in tuple("ABCDEFGH") else "?"


def _spinner_column(fields: Sequence[str]) -> str | None:
    """``spinner_guess`` (the collected corpus's name), else the first column whose name says spinner
    (``spinner/type`` in the evaluation corpora's layout)."""
    if "spinner_guess" in fields:
        return "spinner_guess"
    return next((f for f in fields if "spinner" in f.lower()), None)


def _read_sources(root: Path) -> dict[str, dict[str, str]]:
    path = root / "SOURCES.tsv"
    if not path.is_file():
        raise CorpusError(f"{path}: missing (the corpus must say which site and spinner made each page)")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        rows = list(reader)
    fields = list(reader.fieldnames or ())
    column = _spinner_column(fields)
    if column is None or not {"file", "site"} <= set(fields):
        raise CorpusError(f"{path}: needs the columns file, site and a spinner column (spinner_guess or spinner/type)")
    return {row["file"]: row | {"spinner_guess": row.get(column) or ""} for row in rows}


def _read_gold(path: Path) -> tuple[tuple[str, str], ...]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        items = data.get("spun_phrases", [])
        return tuple((str(i["text"]), str(i.get("original") or "")) for i in items)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise CorpusError(f"{path}: not a gold file with spun_phrases[].text ({exc})") from None


def read_pages(root: Path, label: str = "") -> list[Page]:
    """The spun pages of ``root`` (``spun/`` and ``families/*/``) that have gold; ``label`` prefixes their names
    (several corpora can hold a ``spun/x.txt``)."""
    sources = _read_sources(root)
    pages = []
    for txt in sorted([*root.glob("spun/*.txt"), *root.glob("families/*/*.txt")]):
        gold = txt.with_suffix(".json")
        if not gold.is_file():
            continue
        rel = txt.relative_to(root).as_posix()
        row = sources.get(rel)
        if row is None:
            raise CorpusError(f"{root / 'SOURCES.tsv'}: no row for {rel}")
        seed = f"{label}:{txt.parent.name}" if txt.parent.parent.name == "families" else ""
        text = txt.read_text(encoding="utf-8")
        name = f"{label}:{rel}" if label else rel
        pages.append(Page(name, row["site"], _family_letter(row["spinner_guess"]), text, _read_gold(gold), seed))
    return pages


def read_corpora(roots: Sequence[Path]) -> list[Page]:
    """The pages of every corpus; one corpus keeps its pages' plain names (as the earlier single-corpus runs)."""
    if len(roots) == 1:
        return read_pages(roots[0])
    return [page for root in roots for page in read_pages(root, root.name)]


EARLIER = "earlier build"


@dataclass(frozen=True)
class Earlier:
    """The entries of an earlier build whose corpus is no longer at hand, and what its [meta] said of it."""

    entries: dict[str, Candidate]
    sources: tuple[str, ...]


def read_earlier(path: Path) -> Earlier:
    """A table this tool wrote: its entries come back as candidates with the support it recorded (pages and
    sites as numbered placeholders, families and methods as given), so that they meet the policy, the gate and
    the review again beside the new corpus's candidates, and new pages add to their support."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CorpusError(f"{path}: cannot read the earlier table ({exc})") from None
    phrases, provenance = data.get("phrases"), data.get("provenance")
    if not isinstance(phrases, dict) or not isinstance(provenance, dict):
        raise CorpusError(f"{path}: not a table written by this tool ([phrases] and [provenance] needed)")
    out: dict[str, Candidate] = {}
    for spun, original in phrases.items():
        info = provenance.get(spun)
        try:
            pages, sites = int(info["pages"]), int(info["sites"])
            families, methods = {str(f) for f in info["families"]}, {str(m) for m in info["methods"]}
        except (TypeError, KeyError, ValueError):
            raise CorpusError(f"{path}: [provenance] has no pages/sites/families/methods for {spun!r}") from None
        c = Candidate(spun, Counter({str(original): pages}), methods=methods, families=families)
        c.pages = {f"{EARLIER} page {i}" for i in range(pages)}
        c.sites = {f"{EARLIER} site {i}" for i in range(sites)}
        out[spun] = c
    sources = tuple(str(s) for s in data.get("meta", {}).get("sources", ()))
    return Earlier(out, sources)


def carry_forward(found: dict[str, Candidate], earlier: Earlier) -> None:
    """Add the earlier build's entries to the candidates: a phrase both have keeps the support of both."""
    for spun, old in earlier.entries.items():
        c = found.setdefault(spun, Candidate(spun))
        c.originals.update(old.originals)
        c.pages |= old.pages
        c.sites |= old.sites
        c.families |= old.families
        c.methods |= old.methods


# -- units and candidate entries ---------------------------------------------------------------------


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def units(spun: str, original: str) -> Iterator[Unit]:
    """The aligned differences between a gold span and its original."""
    a, b = words(spun), words(original)
    if not a or not b:
        return
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        yield Unit(tuple(a[i1:i2]), tuple(b[j1:j2]), tuple(a[:i1]), tuple(a[i2:]))


def _content(words_: Sequence[str]) -> bool:
    return any(w not in FUNCTION_WORDS for w in words_)


def _extend(side: Sequence[str], from_end: bool) -> tuple[str, ...] | None:
    """The context words up to and including the nearest content word (None when there is none)."""
    order = range(len(side) - 1, -1, -1) if from_end else range(len(side))
    for n, index in enumerate(order, start=1):
        if side[index] not in FUNCTION_WORDS:
            return tuple(side[-n:]) if from_end else tuple(side[:n])
        if n >= 2:  # farther than two words the phrase is no longer a collocation
            return None
    return None


@functools.lru_cache(maxsize=65536)
def _lemma(word: str) -> str:
    return str(get_nlp(DEFAULT_MODEL)(word)[0].lemma_) if word else word


def substitutes_a_word(unit: Unit) -> bool:
    """Whether the spun side has a content word the original lacks (compared on lemmas).

    A gold span also records what a machine translation or a careless rewrite did to the grammar: a
    number changed ("care products" for "care product"), an article added ("the moisture"), words
    dropped or moved. Such a unit has no word of the spinner's own, so no phrase of it can say "spun"
    out of context; its words are the article's (the structural rules see the breakage instead)."""
    kept = {_lemma(w) for w in unit.original}
    return any(w not in FUNCTION_WORDS and _lemma(w) not in kept for w in unit.spun)


def entries(unit: Unit) -> Iterator[tuple[str, str]]:
    """Candidate (spun, original) entries of one unit: the spun words alone when they can stand alone,
    and the unit with its nearest content word before and after."""
    spun, original = unit.spun, unit.original
    if not spun:  # words the spinner dropped leave nothing of its own to match
        return
    if not substitutes_a_word(unit):
        return
    if original and _content(spun) and (len(spun) >= 2 or len(original) <= 2):
        # The spun words alone; a lone word must then pass the gate on its own (no clean document has it).
        yield " ".join(spun), " ".join(original)
    left, right = _extend(unit.left, True), _extend(unit.right, False)
    for before, after in ((left, ()), ((), right)):
        if before is None or after is None or not (before or after):
            continue
        phrase = (*before, *spun, *after)
        if len(phrase) <= MAX_ENTRY_WORDS and _content(phrase):
            yield " ".join(phrase), " ".join((*before, *original, *after))
    yield from _frames(unit, left, right)


def _frames(unit: Unit, left: tuple[str, ...] | None, right: tuple[str, ...] | None) -> Iterator[tuple[str, str]]:
    """A one-word swap with the function word next to it, where no content word is near: "the encounter"
    (the face), "sorts of" (types of). The word alone is ordinary English; in its frame it may not be, and
    the gate decides."""
    spun, original = unit.spun, unit.original
    if len(spun) != 1 or len(original) != 1 or not _content(spun):
        return
    if left is None and unit.left and unit.left[-1] in FUNCTION_WORDS:
        yield f"{unit.left[-1]} {spun[0]}", f"{unit.left[-1]} {original[0]}"
    if right is None and unit.right and unit.right[0] in FUNCTION_WORDS:
        yield f"{spun[0]} {unit.right[0]}", f"{original[0]} {unit.right[0]}"


# -- support -----------------------------------------------------------------------------------------


class LemmaIndex:
    """Candidate spun forms compiled as CL101 compiles its phrasebook: matched on lemmas."""

    def __init__(self, phrases: Iterable[str]) -> None:
        from spacy.matcher import PhraseMatcher

        self.nlp = get_nlp(DEFAULT_MODEL)
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        phrases = sorted(set(phrases))
        for phrase, doc in zip(phrases, self.nlp.pipe(phrases, disable=self._skip()), strict=True):
            self.matcher.add(phrase, [doc])

    def _skip(self) -> list[str]:
        return [p for p in self.nlp.pipe_names if "lemma" not in p]

    def spans(self, texts: Sequence[str]) -> Iterator[list[tuple[str, int, int]]]:
        """For each text, the phrases found in it with their character offsets."""
        strings = self.nlp.vocab.strings
        for doc in self.nlp.pipe(texts, disable=self._skip(), batch_size=64):
            yield [(strings[m], doc[s].idx, doc[e - 1].idx + len(doc[e - 1])) for m, s, e in self.matcher(doc)]

    def found(self, texts: Sequence[str]) -> Iterator[set[str]]:
        """For each text, the phrases found in it."""
        strings = self.nlp.vocab.strings
        for doc in self.nlp.pipe(texts, disable=self._skip(), batch_size=64):
            yield {strings[m] for m, _, _ in self.matcher(doc)}


def occurrences(text: str, phrase: str) -> Iterator[tuple[int, int]]:
    """Every place ``phrase`` occurs in ``text`` (a gold span stands for all of its occurrences)."""
    start = text.find(phrase)
    while start >= 0 and phrase:
        yield start, start + len(phrase)
        start = text.find(phrase, start + 1)


CONTEXT_WORDS = 3


def collect(pages: Sequence[Page]) -> dict[str, Candidate]:
    """Candidate entries from the gold units, each unit seen with the page's words around every
    occurrence of its span, with the originals the units propose."""
    found: dict[str, Candidate] = {}
    for page in pages:
        for spun, original in page.spans:
            for start, end in occurrences(page.text, spun):
                before = tuple(words(page.text[max(0, start - 80) : start]))[-CONTEXT_WORDS:]
                after = tuple(words(page.text[end : end + 80]))[:CONTEXT_WORDS]
                for unit in units(spun, original):
                    wide = Unit(unit.spun, unit.original, (*before, *unit.left), (*unit.right, *after))
                    for entry, proposed in entries(wide):
                        found.setdefault(entry, Candidate(entry)).originals[proposed] += 1
    return found


def read_patterns(path: Path) -> list[tuple[str, str]]:
    """Hand-curated (spun, original) patterns of the corpus (``substitution_patterns.tsv``): candidates
    like the others, kept only on the same support and gate. Rows written as regular expressions are skipped."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    plain = re.compile(r"^[A-Za-z][A-Za-z' -]*$")
    return [
        (r["spun"].strip().lower(), r["likely_original"].strip())
        for r in rows
        if plain.match(r.get("spun", "")) and plain.match(r.get("likely_original", "") or "")
    ]


def _gold_ranges(page: Page) -> list[tuple[int, int]]:
    return sorted(r for spun, _ in page.spans for r in occurrences(page.text, spun))


def page_units(page: Page) -> set[tuple[str, str]]:
    """The substitutions the gold of ``page`` shows: (spun words, original words)."""
    return {(" ".join(u.spun), " ".join(u.original)) for spun, original in page.spans for u in units(spun, original)}


def count_support(pages: Sequence[Page], found: dict[str, Candidate]) -> None:
    """Mark each candidate seen on every page where it matches over an occurrence of a gold span. A lone
    word must itself be what the spinner substituted there, not merely stand inside a longer span."""
    index = LemmaIndex(found)
    for page, matches in zip(pages, index.spans([p.text for p in pages]), strict=True):
        ranges = _gold_ranges(page)
        substituted = {spun for spun, _ in page_units(page)}
        for phrase, start, end in matches:
            if " " not in phrase and page.text[start:end].lower() not in substituted:
                continue
            if any(s < end and start < e for s, e in ranges):
                found[phrase].seen(page, "gold")


def align_families(pages: Sequence[Page], found: dict[str, Candidate]) -> int:
    """Spins of one seed aligned pairwise: a difference that is already a candidate gains the page
    as support (the gold of one variant names the original; the alignment shows the sibling spun it too)."""
    by_seed: dict[str, list[Page]] = {}
    for page in pages:
        if page.seed:
            by_seed.setdefault(page.seed, []).append(page)
    index = LemmaIndex(found)
    added = 0
    for group in by_seed.values():
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                added += _align_pair(first, second, index, found)
    return added


def _align_pair(first: Page, second: Page, index: LemmaIndex, found: dict[str, Candidate]) -> int:
    a, b = words(first.text), words(second.text)
    pieces: list[tuple[Page, str]] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or max(i2 - i1, j2 - j1) > 4:
            continue
        # The differing words with one word of context each side, on both pages.
        pieces.append((first, " ".join(a[max(0, i1 - 1) : i2 + 1])))
        pieces.append((second, " ".join(b[max(0, j1 - 1) : j2 + 1])))
    added = 0
    for (page, _), phrases in zip(pieces, index.found([p for _, p in pieces]), strict=True):
        for phrase in phrases:
            if page.name not in found[phrase].pages:
                added += 1
            found[phrase].seen(page, "alignment")
    return added


# -- the clean gate ----------------------------------------------------------------------------------

CHUNK = 20_000  # characters per document handed to the pipeline (spaCy's memory grows with length)


@dataclass(frozen=True)
class CleanText:
    source: str  # the directory given on the command line
    name: str
    text: str
    general: bool = False  # general prose rather than pages on the spam's topics


def _plain(path: Path) -> str | None:
    """A file without a known suffix (fortune files, plain prose): its text, or None when binary."""
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        return None
    return data.decode("utf-8", errors="replace")


def _chunks(text: str) -> Iterator[str]:
    start = 0
    while start < len(text):
        end = text.rfind("\n", start, start + CHUNK) if len(text) - start > CHUNK else len(text)
        end = end if end > start else min(len(text), start + CHUNK)
        yield text[start:end]
        start = end + 1


def read_clean(paths: Sequence[Path], general: bool = False) -> list[CleanText]:
    out: list[CleanText] = []
    for root in paths:
        if not root.exists():
            raise CorpusError(f"{root}: clean corpus directory not found")
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for f in files:
            suffix = f.suffix.lower()
            if suffix in SUFFIXES:
                try:
                    text = load_bytes(f.read_bytes(), str(f)).text
                except Exception as exc:  # a maintainer tool: name the file and go on
                    print(f"skipped {f}: {exc}", file=sys.stderr)
                    continue
            elif not suffix:  # fortune files and other plain prose
                text = _plain(f) or ""
            else:
                continue
            out.extend(CleanText(str(root), f"{f}#{i}", chunk, general) for i, chunk in enumerate(_chunks(text)))
    return out


def gate(found: dict[str, Candidate], clean: Sequence[CleanText]) -> None:
    """Count the clean documents each candidate occurs in (and keep one place as an example)."""
    if not found:
        return
    index = LemmaIndex(found)
    for item, phrases in zip(clean, index.found([c.text for c in clean]), strict=True):
        for phrase in phrases:
            candidate = found[phrase]
            if item.general:
                candidate.general_docs += 1
            else:
                candidate.clean_docs += 1
            candidate.clean_example = candidate.clean_example or item.name


def clean_words(clean: Sequence[CleanText]) -> dict[str, int]:
    sizes: Counter[str] = Counter()
    for item in clean:
        sizes[item.source] += len(_WORD.findall(item.text))
    return dict(sizes)


# -- selection ---------------------------------------------------------------------------------------


def lm_gap(spun: str, original: str) -> float:
    """How much likelier (log10 per word) the general English trigram model finds the original."""
    from contentlint.spin.resources import language_model

    lm = language_model()

    def score(phrase: str) -> float:
        ws = phrase.split()
        total = 0.0
        for k, w in enumerate(ws):
            history = tuple(reversed(ws[max(0, k - 2) : k])) or ("<s>",)
            total += lm.logprob(w, history) if lm.knows(w) else -7.0
        return total / max(len(ws), 1)

    return score(original) - score(spun) if original else 0.0


@dataclass(frozen=True)
class Policy:
    min_sites: int = 2
    # A phrase seen on one site only is kept when that site shows it on several pages and the general
    # English model finds the original clearly likelier: independent evidence that it is not the site's
    # own idiom.
    single_site_pages: int = 2
    single_site_lm_gap: float = 0.5
    # Documents of the general clean corpora an entry may occur in: literary or technical prose uses
    # "darkish" or "everlasting" now and then, and one document in two million words is far below the
    # 0.2 findings per 1,000 words a clean article may get. The topical clean corpora allow none.
    general_tolerance: int = 1
    # A phrase seen on one page only: a collocation of two words or more whose original the model finds
    # ten times likelier per word, in no clean document at all (no tolerance). --sites-only turns it off.
    single_page: bool = True
    single_page_lm_gap: float = 1.0
    # Collocations built from word swaps seen on min_sites sites (expand_templates); they pass when the
    # association test holds and no clean document at all has them.
    templates: bool = True
    # Word swaps seen on one page seeding templates too (held to TEMPLATE_MAX_RATE_ONE_PAGE): off by default,
    # as it added ~150 entries and no held-out gold span in crossval_phrasebook's 5 folds by site (61/663
    # either way).
    single_page_swaps: bool = False
    # A lone word seen on one site: kept when the topical clean corpora never use it, the general ones at most
    # general_tolerance times, and the model finds the original word this much likelier (log10). Off by default:
    # on the collected corpus 7 of its 21 entries read as spun, and it found no held-out gold span more.
    rare_words: bool = False
    rare_word_lm_gap: float = 1.5
    # An entry two spinner families produced independently: one general clean document more is tolerated
    # (two tools reaching the same phrase is evidence of a shared dictionary, not of one site's idiom).
    cross_family_tolerance: int = 1
    # New entries (not carried forward from --earlier) kept only when the review file records them as read and
    # kept: on the 2026-12-01 corpus a reader accepted 49 of a random 80 new entries and 10 of the 41 new ones seen
    # on two sites (the others ordinary English, "weight problems", "really feel", or garbled suggestions).
    review_new: bool = False


@functools.cache
def _reviewed() -> LemmaIndex:
    """The reviewed phrasebook alone (CL101 also loads this tool's output, which must not count)."""
    data = ruledata.load("spun_phrases")
    return LemmaIndex([*data["phrases"], *data.get("exact", {})])


@dataclass(frozen=True)
class Review:
    """A maintainer's reading of earlier output: entries rejected (spun phrase -> reason), and word swaps
    that must not seed collocation templates (spun word -> reason)."""

    entries: dict[str, str] = field(default_factory=dict)
    swaps: dict[str, str] = field(default_factory=dict)
    kept: frozenset[str] = frozenset()  # entries read and accepted


def read_review(path: Path | None) -> Review:
    """``path``: TSV with columns spun, decision (``reject``, ``reject-swap`` or ``keep``), reason."""
    if path is None:
        return Review()
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh, delimiter="\t")
            rows = list(reader)
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read the review file ({exc})") from None
    if not {"spun", "decision", "reason"} <= set(reader.fieldnames or ()):
        raise CorpusError(f"{path}: needs the columns spun, decision, reason")
    # "keep" records an entry read and accepted: it changes nothing, and the rows measure the miner's precision.
    unknown = sorted({r["decision"] for r in rows} - {"reject", "reject-swap", "keep"})
    if unknown:
        raise CorpusError(f"{path}: unknown decision {unknown[0]!r} (use reject, reject-swap or keep)")
    return Review(
        {r["spun"]: r["reason"] for r in rows if r["decision"] == "reject"},
        {r["spun"]: r["reason"] for r in rows if r["decision"] == "reject-swap"},
        frozenset(r["spun"] for r in rows if r["decision"] == "keep"),
    )


def _in_phrasebook(phrase: str) -> bool:
    return bool(next(_reviewed().found([phrase])))


def select(
    found: dict[str, Candidate],
    policy: Policy,
    rejected: dict[str, str] | None = None,
    accepted: frozenset[str] = frozenset(),
    carried: frozenset[str] = frozenset(),
) -> list[Candidate]:
    """Give every candidate a verdict; return the kept ones, shortest first. With ``policy.review_new``, an entry
    neither ``carried`` forward nor ``accepted`` on reading is only proposed."""
    read_or_carried = carried | accepted
    for c in found.values():
        c.verdict = _verdict(c, policy)
        if rejected and c.spun in rejected and c.verdict.startswith("kept"):
            c.verdict = f"rejected in review: {rejected[c.spun]}"
        elif policy.review_new and c.verdict.startswith("kept") and c.spun not in read_or_carried:
            c.verdict = "proposed: " + c.verdict.removeprefix("kept ") + ", not yet read"
    kept = sorted(
        (c for c in found.values() if c.verdict.startswith("kept")), key=lambda c: (len(c.spun.split()), c.spun)
    )
    out: list[Candidate] = []
    for c in kept:
        inner = next((k for k in out if _contains(c.spun, k.spun)), None)
        if inner is not None:
            c.verdict = f"covered by '{inner.spun}'"
            continue
        out.append(c)
    return out


def _tier(c: Candidate, policy: Policy) -> str:
    """Which kind of support keeps the candidate ("" when none does)."""
    if c.methods == {"template"}:
        if not _template_ok(c):
            return ""
        if len(c.sites) >= policy.min_sites:
            return "template"
        return "template, single-site" if len(c.pages) >= policy.single_site_pages else "template, single-page"
    if len(c.sites) >= policy.min_sites:
        return "sites, families" if _cross_family(c) else "sites"
    if len(c.pages) >= policy.single_site_pages and lm_gap(c.spun, c.original) >= policy.single_site_lm_gap:
        return "single-site, language model"
    if _single_page(c, policy):
        return "single-page, language model"
    return "rare word" if _rare_word(c, policy) else ""


def _cross_family(c: Candidate) -> bool:
    """Seen on sites of two spinner families or more (an unknown family does not count)."""
    return len(c.families - {"?"}) >= 2


def _rare_word(c: Candidate, policy: Policy) -> bool:
    """A lone word no topical clean document uses and the model finds far less likely than its original."""
    if not policy.rare_words or " " in c.spun or " " in c.original or c.clean_docs:
        return False
    return c.general_docs <= policy.general_tolerance and lm_gap(c.spun, c.original) >= policy.rare_word_lm_gap


# Tiers whose entries a general clean document may hold once (the others: none at all).
TOLERANT_TIERS = ("sites", "sites, families", "single-site, language model", "rare word")


def _verdict(c: Candidate, policy: Policy) -> str:
    if not c.pages:
        return "not seen in a gold span"
    if not c.original or c.original == c.spun:
        return "no original"
    tier = _tier(c, policy)
    if not tier:
        return "template: ordinary collocation" if c.methods == {"template"} else "too few sites"
    tolerance = policy.general_tolerance if tier in TOLERANT_TIERS else 0
    if tier == "sites, families":
        tolerance += policy.cross_family_tolerance
    if c.clean_docs or c.general_docs > tolerance:
        return f"gated out: in {c.clean_docs} topical and {c.general_docs} general clean documents"
    if _in_phrasebook(c.spun):
        return "already in the phrasebook"
    return f"kept ({tier})"


def min_association(phrase: str) -> float:
    """The weakest link between two neighbouring words of ``phrase``: log10 P(b | a) - log10 P(b) in the
    general English model. At or below 0 the model never saw the pair as a collocation (it backs off),
    which is what a spinner's blind substitution produces ("facet consequences", "sun openness")."""
    from contentlint.spin.resources import language_model

    lm = language_model()
    ws = phrase.split()
    links = [
        lm.logprob(b, (a,)) - lm.logprob(b, ()) if lm.knows(a) and lm.knows(b) else -9.0
        for a, b in itertools.pairwise(ws)
    ]
    return min(links, default=0.0)


def _template_ok(c: Candidate) -> bool:
    """A generated collocation: the spun pair unheard of as a collocation, the original a real one."""
    spun_link = min_association(c.spun)
    return spun_link <= 0.0 < min_association(c.original)


def _single_page(c: Candidate, policy: Policy) -> bool:
    """A collocation seen on one page: kept when the general English model finds the original ten times
    likelier per word, one link of the spun phrase unheard of while the original's are tighter, and no
    clean document uses it. Ordinary English that a spinner happened to produce ("numerous people") has
    every link attested and stays out."""
    if not policy.single_page or len(c.spun.split()) < 2 or c.general_docs:
        return False
    spun_link = min_association(c.spun)
    return (
        spun_link <= 0.0
        and min_association(c.original) > spun_link
        and lm_gap(c.spun, c.original) >= policy.single_page_lm_gap
    )


def _contains(longer: str, shorter: str) -> bool:
    return f" {shorter} " in f" {longer} "


# -- output ------------------------------------------------------------------------------------------

HEADER = """\
# contentlint rule data: spun phrases mined from annotated real spun pages (rule CL101, with the
# reviewed phrasebook in spun_phrases.toml). Written by tools/spin/build_phrasebook.py; do not edit
# by hand: change the corpus or the policy and run the tool again (the command is in [meta]).
#
# Each entry maps a spinner's phrase to the wording it most likely replaced, and [provenance] says
# where it was seen: how many annotated spun pages, how many sites, which spinner families
# (letters as in the corpus's SOURCES.tsv), and in how many documents of the clean gate corpora it
# occurs: topical (pages on the spam's own topics; always 0, an entry found there is dropped) and
# general (books, manuals, quotations; at most the tolerance in [meta].policy). The corpora are third
# parties' texts and stay outside the repository; only these derived phrases and counts are here.
"""


def _toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def render(kept: Sequence[Candidate], meta: dict[str, str | int | list[str]]) -> str:
    lines = [HEADER, "[meta]"]
    for key, value in meta.items():
        if isinstance(value, list):
            lines.append(f"{key} = [")
            lines.extend(f"  {_toml_str(v)}," for v in value)
            lines.append("]")
        else:
            lines.append(f"{key} = {_toml_str(value) if isinstance(value, str) else value}")
    lines += ["", "[phrases]"]
    lines += [f"{_toml_str(c.spun)} = {_toml_str(c.original)}" for c in kept]
    lines += ["", "[provenance]"]
    for c in kept:
        families = ", ".join(_toml_str(f) for f in sorted(c.families))
        methods = ", ".join(_toml_str(m) for m in sorted(c.methods))
        lines.append(
            f"{_toml_str(c.spun)} = {{ pages = {len(c.pages)}, sites = {len(c.sites)}, families = [{families}], "
            f"methods = [{methods}], clean_documents = {c.clean_docs}, general_documents = {c.general_docs}, "
            f"tier = {_toml_str(c.verdict[6:-1])} }}"
        )
    return "\n".join(lines) + "\n"


def write_report(found: dict[str, Candidate], out: Path) -> None:
    """Every candidate with its verdict, for review (stays outside the repository: it names pages)."""
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(
            [
                "spun",
                "original",
                "verdict",
                "pages",
                "sites",
                "families",
                "clean_documents",
                "general_documents",
                "clean_example",
            ]
        )
        for c in sorted(found.values(), key=lambda c: (-len(c.sites), -len(c.pages), c.spun)):
            writer.writerow(
                [
                    c.spun,
                    c.original,
                    c.verdict,
                    len(c.pages),
                    len(c.sites),
                    ",".join(sorted(c.families)),
                    c.clean_docs,
                    c.general_docs,
                    c.clean_example,
                ]
            )


@dataclass
class Build:
    pages: list[Page]
    found: dict[str, Candidate]
    kept: list[Candidate]
    clean_sizes: dict[str, int]
    earlier: Earlier | None = None


def build(
    spun_roots: Path | Sequence[Path],
    clean_paths: Sequence[Path],
    policy: Policy,
    general: Sequence[Path] = (),
    review: Review | None = None,
    earlier: Path | None = None,
) -> Build:
    roots = [spun_roots] if isinstance(spun_roots, Path) else list(spun_roots)
    pages = read_corpora(roots)
    if not pages:
        raise CorpusError(f"{', '.join(map(str, roots))}: no spun page with a gold file under spun/ or families/")
    patterns = [p for root in roots for p in read_patterns(root / "substitution_patterns.tsv")]
    clean = read_clean(clean_paths) + read_clean(general, general=True)
    carried = read_earlier(earlier) if earlier is not None else None
    return build_from(pages, patterns, clean, policy, review or Review(), carried)


def build_from(
    pages: Sequence[Page],
    patterns: Sequence[tuple[str, str]],
    clean: Sequence[CleanText],
    policy: Policy,
    review: Review,
    earlier: Earlier | None = None,
) -> Build:
    """The pipeline on pages and clean texts already read (cross-validation calls it once per fold)."""
    found = collect(pages)
    for spun, original in patterns:
        found.setdefault(spun, Candidate(spun)).originals[original] += 1
    if earlier is not None:
        carry_forward(found, earlier)
    count_support(pages, found)
    align_families(pages, found)
    if policy.templates:
        swaps = [w for w in word_swaps(pages, policy.min_sites, policy) if w.spun not in review.swaps]
        expand_templates(swaps, clean, found)
    # Only candidates with support are matched against the clean corpus (the gate is the slow part).
    gate({k: c for k, c in found.items() if c.pages}, clean)
    carried = frozenset(earlier.entries) if earlier is not None else frozenset()
    kept = select(found, policy, review.entries, review.kept, carried)
    return Build(list(pages), found, kept, clean_words(clean), earlier)


def _label(path: str) -> str:
    return "/".join(Path(path).parts[-2:])


def _meta(result: Build, policy: Policy, argv: Sequence[str]) -> dict[str, str | int | list[str]]:
    sites = {p.site for p in result.pages}
    families = sorted({p.family for p in result.pages})
    gate_words = sum(result.clean_sizes.values())
    carried = result.earlier
    earlier = (
        [
            f"Carried forward: the {len(carried.entries)} entries of an earlier build whose corpus is not at hand, "
            "with the support it recorded (added to any this corpus shows), gated and reviewed again here. "
            "That build's sources:",
            *(f"  (earlier) {line}" for line in carried.sources),
        ]
        if carried is not None
        else []
    )
    return {
        "title": "Spun phrase -> likely original, mined from annotated real spun pages",
        "sources": [
            *earlier,
            f"Gold spun_phrases of {len(result.pages)} real spun pages from {len(sites)} sites, spinner families "
            f"{', '.join(families)} (a corpus collected for contentlint's development; not distributed).",
            "Spins of one seed aligned word by word (same corpus).",
            f"Clean gate: {gate_words} words in {len(result.clean_sizes)} corpora of legitimate text "
            "(not distributed): " + "; ".join(f"{_label(k)} {v} words" for k, v in result.clean_sizes.items()),
        ],
        "licence": "MIT (these derived entries and counts)",
        "command": "python -m tools.spin.build_phrasebook " + " ".join(argv),
        "policy": f"seen on >= {policy.min_sites} sites, or on >= {policy.single_site_pages} pages of one site with a "
        f"language-model gap >= {policy.single_site_lm_gap} (log10 per word)"
        + (
            f", or a phrase of 2+ words on one page with a gap >= {policy.single_page_lm_gap} and in no general clean "
            "document"
            if policy.single_page
            else ""
        )
        + (", or a lone word on one site that no topical clean document uses" if policy.rare_words else "")
        + f"; in no topical clean document and in at most {policy.general_tolerance} general clean document(s)"
        + f" ({policy.general_tolerance + policy.cross_family_tolerance} when seen in two spinner families)"
        + (
            "; plus collocations of word swaps seen on two sites (or two pages of one), built from the topical clean "
            "text's collocations of the original word, kept when the model has never seen the spun pair and no "
            "clean document has it"
            if policy.templates
            else ""
        )
        + "; entries and swaps rejected on reading are listed in tools/spin/mined_review.tsv"
        + (
            "; a new entry (not carried forward) only when that file records it as read and kept"
            if policy.review_new
            else ""
        ),
        "gate_words": gate_words,
        "candidates": len(result.found),
        "entries": len(result.kept),
    }


def add_policy_arguments(parser: argparse.ArgumentParser) -> None:
    """The options that set the mining :class:`Policy` (shared with tools/spin/crossval_phrasebook.py)."""
    parser.add_argument("--min-sites", type=int, default=Policy.min_sites)
    parser.add_argument("--sites-only", action="store_true", help="no single-page entries")
    parser.add_argument("--no-templates", action="store_true", help="no collocations built from word swaps")
    parser.add_argument("--one-page-swaps", action="store_true", help="word swaps seen on one page seed templates")
    parser.add_argument("--rare-words", action="store_true", help="lone rare words seen on one site")
    parser.add_argument(
        "--review-new", action="store_true", help="new entries only when the review file records them as kept"
    )
    parser.add_argument(
        "--cross-family-tolerance",
        type=int,
        default=Policy.cross_family_tolerance,
        help="general clean documents more an entry of two spinner families may occur in",
    )


def policy_from(args: argparse.Namespace) -> Policy:
    return Policy(
        min_sites=args.min_sites,
        single_page=not args.sites_only,
        templates=not args.no_templates,
        single_page_swaps=args.one_page_swaps,
        rare_words=args.rare_words,
        cross_family_tolerance=args.cross_family_tolerance,
        review_new=args.review_new,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--spun", type=Path, action="append", required=True, help="annotated corpus (SOURCES.tsv, spun/, families/)"
    )
    parser.add_argument(
        "--earlier", type=Path, default=None, help="a table this tool wrote, its corpus not at hand: carried forward"
    )
    parser.add_argument("--clean", type=Path, action="append", default=[], help="topical clean corpus (repeatable)")
    parser.add_argument(
        "--general", type=Path, action="append", default=[], help="general clean prose, books or manuals (repeatable)"
    )
    parser.add_argument("--out", type=Path, default=None, help="rule data file to write")
    parser.add_argument("--report", type=Path, default=None, help="TSV of every candidate and its verdict")
    add_policy_arguments(parser)
    parser.add_argument(
        "--review", type=Path, default=None, help="TSV of entries rejected on review (spun, decision, reason)"
    )
    args = parser.parse_args(argv)
    policy = policy_from(args)
    try:
        result = build(args.spun, args.clean, policy, args.general, read_review(args.review), args.earlier)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.report:
        write_report(result.found, args.report)
    if args.out:
        given = list(argv if argv is not None else sys.argv[1:])
        # The report's path is the maintainer's own scratch file, not part of how the data was made.
        shown = [a for i, a in enumerate(given) if a != "--report" and (i == 0 or given[i - 1] != "--report")]
        args.out.write_text(render(result.kept, _meta(result, policy, shown)), encoding="utf-8")
    verdicts = Counter(
        "covered by a shorter entry" if c.verdict.startswith("covered") else c.verdict.split(":")[0].split(" (")[0]
        for c in result.found.values()
    )
    sizes = result.clean_sizes
    print(f"{len(result.pages)} pages, {len(result.found)} candidates; gate corpus {sizes}", file=sys.stderr)
    print("verdicts: " + ", ".join(f"{k}: {v}" for k, v in verdicts.most_common()), file=sys.stderr)
    return 0


# -- collocation templates ---------------------------------------------------------------------------

TEMPLATE_MIN_COUNT = 2  # how often the original collocation must occur in the topical clean corpora
TEMPLATE_PREFERENCE = 10  # how many times more often the topical clean corpora must use the original word
TEMPLATE_MAX_RATE = 10  # and the spun word at most this often per 100,000 words of them
TEMPLATE_MAX_RATE_ONE_PAGE = 2  # for a swap the gold shows on one page only


@dataclass
class WordSwap:
    """A one-word substitution (spun -> original) and where the gold shows it."""

    spun: str
    original: str
    pages: set[str] = field(default_factory=set)
    sites: set[str] = field(default_factory=set)
    families: set[str] = field(default_factory=set)


def word_swaps(pages: Sequence[Page], min_sites: int, policy: Policy | None = None) -> list[WordSwap]:
    """Content-word substitutions the gold shows on ``min_sites`` sites or more; with a policy, also those
    one site shows on several pages where the model finds the original word far commoner ("darkish")."""
    swaps: dict[tuple[str, str], WordSwap] = {}
    for page in pages:
        for spun, original in page_units(page):
            if " " in spun or " " in original or not (spun.isalpha() and original.isalpha()):
                continue
            if spun in FUNCTION_WORDS or original in FUNCTION_WORDS:
                continue
            swap = swaps.setdefault((spun, original), WordSwap(spun, original))
            swap.pages.add(page.name)
            swap.sites.add(page.site)
            swap.families.add(page.family)
    return [w for w in swaps.values() if len(w.sites) >= min_sites or _single_site_swap(w, policy)]


def _single_site_swap(swap: WordSwap, policy: Policy | None) -> bool:
    if policy is None:
        return False
    if len(swap.pages) >= policy.single_site_pages:
        return lm_gap(swap.spun, swap.original) >= policy.single_site_lm_gap
    # One page: the spinner's dictionary entry seen once. expand_templates holds such a swap to a stricter
    # rarity (TEMPLATE_MAX_RATE_ONE_PAGE): most one-page swaps are ordinary words ("remedy", "outcomes").
    return policy.single_page_swaps and lm_gap(swap.spun, swap.original) >= policy.single_page_lm_gap


def partners(clean: Sequence[CleanText], targets: set[str]) -> Counter[tuple[str, str]]:
    """Bigrams of the clean corpora with a target word on one side and a content word on the other."""
    counts: Counter[tuple[str, str]] = Counter()
    for item in clean:
        ws = words(item.text)
        for a, b in itertools.pairwise(ws):
            if (a in targets and b not in FUNCTION_WORDS and b.isalpha()) or (
                b in targets and a not in FUNCTION_WORDS and a.isalpha()
            ):
                counts[(a, b)] += 1
    return counts


def expand_templates(swaps: Sequence[WordSwap], clean: Sequence[CleanText], found: dict[str, Candidate]) -> int:
    """A word swap seen on several sites, put into the collocations its original forms in clean text:
    "solar" for "sun" on two sites and "sun exposure" in clean prose give the candidate "solar exposure".
    Each candidate still has to pass the association test and the gate."""
    # The topical corpora only: the collocations of the spam's own subjects ("skin care", "sun protection"),
    # not of manuals and quotations ("sun microsystems").
    topical = [c for c in clean if not c.general]
    bigrams = partners(topical, {w.original for w in swaps})
    counts = Counter(w for c in topical for w in words(c.text))
    rare = TEMPLATE_MAX_RATE * sum(counts.values()) / 100_000
    added = 0
    for swap in swaps:
        # Clean pages on these topics must prefer the original by far ("skin" to "epidermis"); a swap
        # between two words they both use ("often", "frequently") is style, not a spinner's signature.
        limit = rare if len(swap.pages) > 1 else rare * TEMPLATE_MAX_RATE_ONE_PAGE / TEMPLATE_MAX_RATE
        if counts[swap.spun] * TEMPLATE_PREFERENCE > counts[swap.original] or counts[swap.spun] > limit:
            continue
        for (a, b), n in bigrams.items():
            if n < TEMPLATE_MIN_COUNT or swap.original not in (a, b) or swap.spun in (a, b):
                continue
            spun = f"{swap.spun} {b}" if a == swap.original else f"{a} {swap.spun}"
            candidate = found.setdefault(spun, Candidate(spun))
            candidate.originals[f"{a} {b}"] += n
            candidate.pages |= swap.pages
            candidate.sites |= swap.sites
            candidate.families |= swap.families
            candidate.methods.add("template")
            added += 1
    return added


if __name__ == "__main__":
    sys.exit(main())
