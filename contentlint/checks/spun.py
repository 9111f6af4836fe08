"""Synonym-spun text: phrases a spinner produced (CL101) and words it substituted (CL102, CL106).

CL101 is the reviewed phrasebook (``rules/spun_phrases.toml``): entries match on lower-cased
lookup lemmas, so "skin kinds" matches the entry "skin kind"; the suggestion is inflected to the
form found and given its case.

CL102 is the statistical detector (:mod:`contentlint.spin`): it recognises thesaurus substitutes
no list has seen, weighs each word by how spun its whole document is, and reports the words it
is most sure of. Both feed the document's ``spin`` value. CL102's span findings are opt-in; CL106,
on by default, reports the detector's surest words in documents whose verdict already says spun.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import numpy
from spacy.attrs import LIKE_NUM, LOWER
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .. import ruledata
from ..casing import indefinite_article, match_case
from ..document import Block
from ..model import Analysis, Check, Context, Fix, Hit, Rule, Severity
from ..nlp import get_nlp
from .tokens import IDX_LENGTH, IS_ALPHA_COLUMN, LEMMA_COLUMN, LIKE_NUM_COLUMN, LOWER_COLUMN, token_table

if TYPE_CHECKING:
    from ..spin.detector import DocumentCandidates, WordCandidates
    from ..spin.signal import DocumentSpin

# The data the statistical detector reads: CL102 and CL106 report its words.
DETECTOR_DATA = ("spin_model", "spin_topical", "spun_phrases", "spin_calibration", "spin_register")

CL101 = Rule(
    code="CL101",
    name="spun-phrase",
    category="spun-phrase",
    severity=Severity.WARNING,
    summary="Finds phrases that an article spinner produced by swapping words for thesaurus entries "
    '("collagen manufacturing" for "collagen production", "Allow\'s" for "Let\'s").',
    why="Spun text is the signature of content-farm spam: readers notice the odd wording, search engines "
    "demote it, and it tells an editor that the whole article was machine-rewritten from someone else's.",
    fix="Replace the phrase with the suggested original wording, then read the sentence again: a spun "
    "article usually has more spins than the phrasebook knows. Entries of the reviewed phrasebook are "
    "fixed by default; entries mined from spam pages (rules/spun_phrases_mined.toml, "
    "rules/spun_phrases_multiword.toml, rules/spun_phrases_signatures.toml, rules/spun_phrases_dictionary.toml) "
    "only with --unsafe.",
    fix_safety="safe",
    data_files=(
        "spun_phrases",
        "spun_phrases_mined",
        "spun_phrases_multiword",
        "spun_phrases_signatures",
        "spun_phrases_dictionary",
    ),
    must_fire=(
        "Microneedling boosts collagen manufacturing in the deeper layers.",
        "Allow's check out the science behind it.",
        "Choose a serum that suits your skin kind.",
        "The clinic deals many benefits for busy people.",
        "After regarding half an hour the numbing cream works.",
        "Avoid sun direct exposure for a week.",
    ),
    must_not_fire=(
        "Microneedling boosts collagen production in the deeper layers.",
        "Let's check out the science behind it.",
        "The plant expanded the manufacturing of collagen supplements.",
        "We talked regarding the results of the study.",
        "Direct exposure to the sun ages the skin.",
        "Everyone is required to sign the consent form.",
        "She was afflicted by doubt for years.",
    ),
)

CL102 = Rule(
    code="CL102",
    name="spun-word",
    category="spun-phrase",
    severity=Severity.WARNING,
    summary='Finds words that read like thesaurus substitutes no phrasebook lists ("anticipate" for '
    '"expect", "outcomes" for "results"), by comparing each word in context with the ordinary words a '
    "spinner could have replaced, and weighing it by how spun the whole article is.",
    why="Spam networks run one spinner over articles on every topic, so most of their substitutions are new to "
    "any list; this rule finds them statistically, offline, and only in articles whose overall evidence says "
    "they were spun, so a clean article with an unusual word is left alone.",
    fix="Read the sentence and restore the plain word; the suggestion is the detector's best guess and the "
    "message names the other candidates. Where no candidate is a clear favourite, the message lists the likeliest "
    "and no fix is offered.",
    fix_safety="unsafe",
    data_files=DETECTOR_DATA,
    # Its span findings are opt-in (precision first; select them with --select CL102). Its evidence runs by
    # default for the document's spin verdict (spin_evidence); --ignore CL102 leaves that out too.
    opt_in=True,
    yields_to=("spun-phrase", "stray-link", "boilerplate"),
    must_fire=(
        "Did you comprehend that a good serum can considerably improve your skin? This ingenious product "
        "motivates your body to create crucial proteins. What can you anticipate from the experience? You will "
        "locate that the outcomes are obtainable to everybody, and you can likewise obtain them at home. "
        "Comprehending the procedure can expose why so many people select it.",
    ),
    must_not_fire=(
        "Did you know that a good serum can improve your skin? This product encourages your body to make "
        "essential proteins. What can you expect from the treatment? You will find that the results are "
        "available to everyone, and you can also get them at home.",
        "Apply the cream to damp skin after washing, and follow with sunscreen in the morning.",
    ),
)

CL103 = Rule(
    code="CL103",
    name="spinner-variant",
    category="spun-phrase",
    severity=Severity.WARNING,
    summary='Finds the longer variants a spinner puts in place of plain words ("just how" for "how", "much '
    'more" for "more", "likewise" for "also", "obtain" for "get"), in articles that other evidence shows to be spun.',
    why="These variants are ordinary English one at a time, so no phrasebook can list them; in a spun article they "
    "are the spinner's habit and read as padding. Reporting them only where the phrasebook, the statistical detector "
    "or a spun byline already found spin keeps them from being flagged in an editor's own prose.",
    fix="Use the plain word. The fix is unsafe: the variant is grammatical, and now and then it is what the writer "
    "meant, so read the sentence before applying it.",
    fix_safety="unsafe",
    data_files=("spinner_variants", "spun_phrases"),
    yields_to=("stray-link", "boilerplate"),
    must_fire=(
        "Did you understand that microneedling boosts collagen manufacturing? Allow's check out just how it works. "
        "The clinic deals many benefits, and you'll obtain much more youthful skin with correct care.",
    ),
    must_not_fire=(
        "Let's look at just how it works. You'll get much more youthful skin, and the cream likewise soothes.",
        "Did you understand that microneedling boosts collagen manufacturing? Simply put, it works.",
    ),
)

CL106 = Rule(
    code="CL106",
    name="spun-word-sure",
    category="spun-phrase",
    severity=Severity.WARNING,
    summary="Reports, by default, the words the statistical detector (CL102) is surest are thesaurus substitutes "
    '("anticipate" for "expect", "outcomes" for "results"), and only in articles whose spin verdict is 0.5 or more '
    "and that show at least one substitute outright (a phrasebook hit, a spinner variant or spinner wording, a "
    "grammatical break); where the verdict is 0.9 or more and the article shows two, from a lower probability, "
    "each word weighed as if at least a fifth of the article's words were spun; in an article past CL108's or "
    "CL109's gate (a spinner's filler or dictionary words, densely), from a probability of 0.5 whatever the verdict.",
    why="A spun article's phrasebook hits are a small part of what the spinner changed; the detector knows more, "
    "but word by word it is right less often than a list. Where the whole article already reads as spun, the words "
    "it is surest of are rarely wrong, so they are worth an editor's look without opting in to CL102's longer list. "
    "Rich marketing copy (wine notes, perfume, couture) is as odd to the detector as spun text, but shows no "
    "spinner's trace: without one, the detector's odds alone report nothing.",
    fix="Read the sentence and restore the plain word; the suggestion is the detector's best guess, offered only "
    "when one candidate is a clear favourite. With CL102 selected (--select CL102) its own findings, a superset, "
    "are reported instead.",
    fix_safety="unsafe",
    data_files=DETECTOR_DATA,
    yields_to=("spun-phrase", "stray-link", "boilerplate"),
    must_fire=(
        "Did you comprehend that a light gel cleanser can considerably decrease shine by midday? This ingenious "
        "formula motivates your pores to stay clear, and you will locate that the outcomes are obtainable to "
        "everybody. What can you anticipate from the initial weeks? You can likewise obtain the same outcomes "
        "in your home.",
    ),
    must_not_fire=(
        "Did you know that a light gel cleanser can cut shine by midday? The formula helps your pores stay clear, "
        "and the results are within everyone's reach. What can you expect in the first weeks? You can get the same "
        "results at home.",
        "Rinse with lukewarm water, pat dry, and follow with an oil-free moisturiser.",
    ),
)

CL107 = Rule(
    code="CL107",
    name="spinner-wording",
    category="spun-phrase",
    severity=Severity.WARNING,
    summary="Finds wording that spinners print in place of plainer words and that is ordinary English on its own "
    '("weight reduction" for "weight loss", "humans" for "people", "assist" for "help"), in articles that other '
    "evidence shows to be spun.",
    why="The phrasebook miner finds such wording in real spun pages, but a reader cannot ship it in the phrasebook: "
    "careful writers use it too. In an article the phrasebook or a spun byline already shows to be spun, or whose "
    "spin verdict is 0.9 or more (the verdict counts the rarer of these words itself), it is much more often the "
    "spinner's than the writer's, and it is the part of the spin no list of oddities holds.",
    fix="Read the sentence and use the plain wording. No fix is offered: the list keeps no original, because the "
    "plain word depends on the sentence.",
    fix_safety="none",
    data_files=("spinner_wording", "spun_phrases"),
    # Not to spun-phrase: the other spun-phrase rules' spans are left out where its hits are made.
    yields_to=("stray-link", "boilerplate"),
    must_fire=(
        "Did you understand that microneedling boosts collagen manufacturing? Allow's check out the procedure. "
        "Most humans see a weight reduction in a few weeks.",
    ),
    must_not_fire=(
        "Most humans see a weight reduction in a few weeks.",
        "Did you understand that microneedling boosts collagen manufacturing? Most people lose weight in weeks.",
    ),
)

# A word is reported when its probability of being a substitute, in its document, reaches this value.
# Chosen from measurements (README, "Spin detection"): precision of the words reported on the annotated
# spun article and on simulated spins, and zero reports on the clean dev corpus.
CL102_THRESHOLD = 0.8
# The threshold falls with the document verdict (spin, the calibrated P(spun)): CL102_THRESHOLD up to spin
# CL102_GRADE_FROM, CL102_SPUN_THRESHOLD from CL102_GRADE_TO on, linearly between. A spinner that rewrote the
# article makes each odd word likelier to be its work, and an editor of such an article wants the spans; a
# graded fall, not one gate, because spun pages' spin spreads over 0.2-0.9 and a page just under a gate lost
# every word. Chosen on 2026-12-01 with `python -m tools.spin.recall_study grid` on dev2 and a fresh set of
# real pages (21 spun, 22 clean; kept outside the repository): the graded policy with most spun-phrase recall
# at precision >= 0.90 against the gold there and no finding on any clean page. Checked on a second fresh set
# no choice had seen (21 spun pages of 20 sites, 21 clean): recall 0.288 -> 0.475 at gold precision 0.939 ->
# 0.866 (read: about a third of the findings outside the gold there are real spins), no clean finding. The
# cost is the dev seed article's precision, 0.818 -> 0.681 (README, "Spin detection"). The former ramp
# (0.25-0.4 to 0.7) was chosen on pages collected earlier, no longer at hand.
CL102_GRADE_FROM = 0.35
CL102_GRADE_TO = 0.65
CL102_SPUN_THRESHOLD = 0.3
# Words whose probability from the document's scoring reaches this value are judged again in full before
# the threshold is applied (see _detector_hits).
CL102_RECHECK = 0.3
# CL106 (on by default): CL102's words whose probability reaches CL106_THRESHOLD, in documents whose spin
# reaches CL106_GATE. Chosen with a replay of the detector's word probabilities (tools/spin/recall_study.py
# heldout --family gate, on recall_dump's dumps) on 83 real spun pages of 80 sites and 78 clean pages collected
# on 2026-12-01 (training/sources/train-*.tsv) at precision >= 0.95 with no clean finding. Tried on 2026-12-02
# and not kept: gate 0.3 and threshold 0.75, chosen the same way at precision >= 0.92 on 44 newer spun pages
# (training/sources/oos1202.tsv; held out by site there: recall 0.131 -> 0.148 at 0.930 -> 0.919); on a second
# new set (oos1202b) it found 6 more of 862 gold spans and put 7 more findings on clean perfume copy, whose
# verdict is wrongly high (README, "Spin detection"). None of these pages fitted the detector or the verdict.
CL106_GATE = 0.5
# CL107 also reports in a document whose verdict reaches this, whatever its phrasebook hits (the verdict reads
# the spinners' wording itself, so a page that prints much of it passes). Chosen on the training sets of the
# verdict's `wording` weight (training/sources/trainspun2.tsv, fh1.tsv with their clean sets): spun-phrase recall
# there 0.15 -> 0.22 at precision 0.86 -> 0.87 and no new clean finding at 0.9; 0.7 and 0.5 added 2-6 more
# spans and clean findings on the rich marketing copy (README, "CL107, spinner wording").
CL107_SPIN_GATE = 0.9
CL106_THRESHOLD = 0.8
# In a document whose verdict reaches CL106_HIGH_GATE, CL106 reports from CL106_HIGH_THRESHOLD on, and weighs each
# word with a prior spin rate of at least CL106_HIGH_RATE: an article the verdict is that sure of is spun
# throughout, and its editor wants the spans. The floor is there because the rate's EM collapses on many such
# pages (a WordAi-style page whose 40 gold spans are each a fluent word: rate 0.03 at spin 0.76; real spun pages'
# gold covers 10-30% of the scored words), and the words' probabilities then stay near 0 however odd they are.
# Chosen on 2026-12-02 with `python -m tools.spin.recall_study grid --family floor` on recall_dump's dumps of the
# training sets of the verdict's `wording` weight (trainspun2 and fh1: 72 spun pages, 1,311 gold spans;
# trainclean2 and flowery1: 89 clean pages): the most recall at precision within 0.01 of the former tier's,
# no more clean findings than before, and a threshold no lower than CL102's lowest (0.3): recall 0.217 -> 0.315
# at precision 0.855 -> 0.846, clean findings unchanged (none on trainclean2; flowery1's come from the 0.5 gate).
# Gates 0.8-0.85 put 2.6-4.6 findings per 1,000 words on flowery1's rich copy; threshold 0.2 with a floor of
# 0.15 found 19 more spans at the same precision. Before: gate 0.95, threshold 0.5, the EM's rate. The tier reads
# the verdict itself, as the replay did, not gate_value: on a fresh set (oos1202f, 2026-12-02) a winery page that
# prints no spinner wording passed gate_value's 0.9 (0.90 without the wording, 0.80 with it) and took 35 findings.
CL106_HIGH_GATE = 0.9
CL106_HIGH_THRESHOLD = 0.3
CL106_HIGH_RATE = 0.2
# CL106 also needs substitutes the document shows outright, besides the detector's odds: at least CL106_OBSERVED
# for its gate, CL106_HIGH_OBSERVED for the top tier. Observed: phrasebook hits (CL101), spinner variants
# (CL103), spinner wording (CL107's findings, or the verdict's own wording matches) and grammatical breaks (CL105).
# Rich marketing copy (wine, whisky, perfume, couture, hotel notes) is as odd to the trigram model as spun text
# and reaches the gates on the statistical evidence alone; a spinner leaves traces a list can see. Chosen on
# 2026-12-02 on two fresh sets (training/sources/fit1202g.tsv: 50 spun pages, 56 clean with 24 rich copy; oos1202g.tsv:
# 24 spun pages with 693 gold spans, 36 clean with 12 rich copy), dev2 beside them (a dev figure): the clean pages'
# CL106 findings 56 -> 0 (38 of them on one couture page whose single spinner-wording match, "a superb", lifted its
# verdict to 0.908), while dev2's found gold spans went 144 -> 140 and oos1202g's 180 -> 179 (three spun pages with
# no observed trace lost 5 findings; fit1202g's spun pages kept 426 of 435). The top tier's 2 rather than 1: that
# couture page has one trace.
CL106_OBSERVED = 1
CL106_HIGH_OBSERVED = 2
# In a document past CL108's or CL109's gate (a density of a rewriter's filler or of a dictionary spinner's words
# that none of 8,686 clean documents reaches: the page went through a spinner), CL106 reports from
# CL106_TRACE_THRESHOLD on with a prior rate of at least CL106_TRACE_RATE, whatever the verdict's tiers say: the
# spinner that left those traces changed other words too. The tier above, where it applies, still wins (lower
# threshold, higher floor). Chosen on 2026-12-03 over thresholds 0.3-0.99 x floors 0-0.2 on dev2 and oos1205all
# together (both then dev sets; no clean page of either reaches the gates): 0.5 and 0.1 found 18 and 19 more gold
# spans at precision 0.921 -> 0.919 and 0.899 -> 0.893; 0.3 and 0.2 found 40 and 42 more at 0.86-0.88 (a business
# news page's own "phenomena", "propositions", "scope" among them); 0.8 and 0 none.
CL106_TRACE_THRESHOLD = 0.5
CL106_TRACE_RATE = 0.1
# CL102 and CL106 suggest their best original, with a fix, only when it holds at least this share of the
# candidates' weight (a softmax of the detector's suggestion scores); below it the message names the likeliest
# candidates and no fix is offered. Measured on 2026-12-01 against the gold originals of CL106's findings: on
# the 83 pages CL106 was chosen on, 47 of 57 findings kept a suggestion and 29 of those were a word of the
# original (0.62, against 30 of 57, 0.53, for all); the 10 dropped held 1 right one. On dev2 (a dev figure):
# 21 of 28 kept, 12 right (0.57, against 0.46), 1 right one dropped.
SUGGEST_SHARE = 0.4
# CL103 reports variants only in a document whose spin rate (without the variants) reaches CL103_GATE and
# that has CL103_MIN_HITS phrasebook hits or a spun byline. Measured (README, "Spin detection"): clean
# dev pages and the project's clean texts have rates of 0.00-0.04 with the detector and at most one
# phrasebook hit; spun articles 0.05 and more.
CL103_GATE = 0.05
CL103_MIN_HITS = 2
# The share of a text's words the statistical detector can score (measured: 0.55-0.66); used to turn
# phrasebook hits into a rate when the statistical evidence is left out (--ignore CL102).
SCOREABLE_SHARE = 0.6

_NUMBER_WORDS = [
    "half",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "hundred",
]
_SLOT = re.compile(r"\{NUM\}")


@dataclass(frozen=True)
class _Phrasebook:
    # The entries whose lemma sequence is theirs alone, all under one match key (_ENTRY_KEY), found by their
    # lemmas (by_lemmas): a key per entry costs a spaCy lexeme each, 14 ms of a cold start.
    lemma_matcher: PhraseMatcher
    by_lemmas: dict[tuple[int, ...], str]
    # Entries that share their lemmas with another ("skin kind", "skin kinds"), a key each: the matcher gives
    # one span's keys in its own order, which decides the entry that wins the span.
    shared_matcher: PhraseMatcher
    exact_matcher: PhraseMatcher
    # "{NUM}" patterns: (match id, LOWER hash per word, None for the number slot). Matched on token
    # arrays: spaCy's token Matcher builds a Python object per token and costs more than all the rest.
    slots: tuple[tuple[int, tuple[int | None, ...]], ...]
    number_words: frozenset[int]
    originals: dict[str, str]  # match key -> original wording
    entry_words: dict[str, tuple[str, ...]]  # match key -> the entry's own words (lower case, no punctuation)
    # (match key, text found) -> suggestion: a pure function of the two, and spun archives repeat their
    # phrases, so each is worked out (inflection, letter case) once per process.
    suggestions: dict[tuple[str, str], str]
    # Set phrases inside which a match is left alone ("simply put").
    keep: PhraseMatcher | None = None
    # Keys of entries mined from spam rather than reviewed one by one: their fixes are offered as unsafe.
    mined: frozenset[str] = frozenset()


_ENTRY_KEY = "contentlint:phrasebook-entry"


# The phrase lists (rules/spun_phrases.toml, rules/spinner_variants.toml): phrase -> likely original.
PHRASE_LIST = ruledata.Shape(
    (
        ("phrases", ruledata.STR_MAP),  # matched on lemmas
        ("exact", ruledata.STR_MAP),  # matched on the lower-cased surface form
        ("slots", ruledata.STR_MAP),  # with a {NUM} slot
        ("keep", ruledata.TABLE),  # set phrases left alone: keep.phrases = [...]
        ("provenance", ruledata.TABLE),  # mined lists: where each entry was seen (not read by the rule)
    ),
    required=("phrases",),
)


# CL101's lists: the reviewed phrasebook, and the lists mined from spam that join it (a reviewed entry
# wins; a mined entry's fix is unsafe).
PHRASEBOOK = "spun_phrases"
MINED = ("spun_phrases_mined", "spun_phrases_multiword", "spun_phrases_signatures", "spun_phrases_dictionary")


@functools.cache
def _phrasebook(model: str, name: str = PHRASEBOOK, mined_lists: tuple[str, ...] = ()) -> _Phrasebook:
    """Compile a phrase list of ``rules/`` (the phrasebook, the spinner variants) and the mined lists
    that join it, for the process's pipeline, once."""
    nlp = get_nlp(model)
    data = ruledata.load(name, PHRASE_LIST)
    phrases, exact_entries, mined = _with_mined_lists(data, mined_lists)
    keep_phrases = data.get("keep", {}).get("phrases") or []
    tokens = _phrase_tokens(model, "+".join((name, *mined_lists)), list(phrases), list(exact_entries), keep_phrases)
    lemma, by_lemmas, shared = _lemma_matchers(nlp.vocab, list(phrases), tokens["lemmas"])
    exact = PhraseMatcher(nlp.vocab, attr="LOWER")
    for key, lowers in zip(exact_entries, tokens["exact"], strict=True):
        _add(exact, "=" + key, [lowers])
    originals = {**phrases, **{"=" + key: original for key, original in exact_entries.items()}}
    entry_words = {key: tuple(words) for key, words in zip(phrases, tokens["words"], strict=True)}
    strings = nlp.vocab.strings
    slots = []
    for key, original in data.get("slots", {}).items():
        words = _SLOT.sub(" {NUM} ", key).split()
        slots.append((strings.add("~" + key), tuple(None if w == "{NUM}" else strings.add(w.lower()) for w in words)))
        originals["~" + key] = original
    numbers = frozenset(strings.add(w) for w in _NUMBER_WORDS)
    keep = None
    if keep_phrases:
        keep = PhraseMatcher(nlp.vocab, attr="LOWER")
        _add(keep, "keep", tokens["keep"])
    return _Phrasebook(lemma, by_lemmas, shared, exact, tuple(slots), numbers, originals, entry_words, {}, keep, mined)


def _with_mined_lists(
    data: dict[str, Any], mined_lists: tuple[str, ...]
) -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """A list's lemma and exact entries joined by the mined lists' (a reviewed entry wins), and the match keys of
    the mined entries (their fixes are unsafe; an exact entry's key is "=" and the entry)."""
    reviewed: dict[str, str] = data["phrases"]
    reviewed_exact: dict[str, str] = data.get("exact", {})
    lists = [ruledata.load(m, PHRASE_LIST) for m in mined_lists]
    extra = {k: v for listed in lists for k, v in listed["phrases"].items()}
    # A mined list's [exact] entries join the exact matcher: matched on the surface form, not on lemmas, where a
    # lemma sequence would also be ordinary English ("be afflicted by" must not find "was afflicted by").
    extra_exact = {k: v for listed in lists for k, v in listed.get("exact", {}).items()}
    mined = frozenset(extra) - frozenset(reviewed) | frozenset("=" + k for k in set(extra_exact) - set(reviewed_exact))
    return {**extra, **reviewed}, {**extra_exact, **reviewed_exact}, mined


def _lemma_matchers(
    vocab: Any, keys: list[str], lemmas: list[list[int]]
) -> tuple[PhraseMatcher, dict[tuple[int, ...], str], PhraseMatcher]:
    """The matcher of the entries whose lemma sequence is theirs alone (one key), those entries by their lemmas,
    and the matcher of the others (a key each, added in the list's order as before)."""
    owners: dict[tuple[int, ...], list[str]] = {}
    for key, sequence in zip(keys, lemmas, strict=True):
        owners.setdefault(tuple(sequence), []).append(key)
    alone = PhraseMatcher(vocab, attr="LEMMA")
    _add(alone, _ENTRY_KEY, [list(sequence) for sequence, owned in owners.items() if len(owned) == 1])
    shared = PhraseMatcher(vocab, attr="LEMMA")
    for key, sequence in zip(keys, lemmas, strict=True):
        if len(owners[tuple(sequence)]) > 1:
            _add(shared, key, [sequence])
    by_lemmas = {sequence: owned[0] for sequence, owned in owners.items() if len(owned) == 1}
    return alone, by_lemmas, shared


def _add(matcher: PhraseMatcher, key: str, sequences: list[list[int]]) -> None:
    """Patterns given as their tokens' attribute ids, as the matcher reads a Doc's (spaCy's stub names Docs only)."""
    matcher.add(key, cast(list[Doc], sequences))


# What the phrase lists' entries are as tokens: the lemma ids of each entry (matched on lemmas), its words, and
# the lower-case ids of the exact entries and the set phrases. Tokenising the 1,000 entries took 47 ms of a cold
# start: for the default pipeline they are kept in the cache folder, under a digest of the entries, spaCy's
# version, the lemma table's key and the pipeline's code (contentlint/nlp.py), so nothing stale is read.
_TOKENS_FORMAT = 1


def _phrase_tokens(model: str, label: str, phrases: list[str], exact: list[str], keep: list[str]) -> dict[str, Any]:
    from ..nlp import DEFAULT_MODEL

    if model != DEFAULT_MODEL:
        return _tokenised(model, phrases, exact, keep)
    import hashlib
    import marshal
    from pathlib import Path

    import spacy

    from .. import cache, nlp

    digest = hashlib.sha256()
    for part in (str(_TOKENS_FORMAT), spacy.__version__, nlp.LEMMA_TABLE.key()):
        digest.update(part.encode() + b"\0")
    digest.update(Path(nlp.__file__).read_bytes())
    digest.update(marshal.dumps((phrases, exact, keep)))
    sizes = {"lemmas": len(phrases), "words": len(phrases), "exact": len(exact), "keep": len(keep)}

    def valid(found: Any) -> bool:
        return isinstance(found, dict) and all(_rows(found.get(part), size) for part, size in sizes.items())

    build = functools.partial(_tokenised, model, phrases, exact, keep)
    return cache.cached_latest(f"phrase-tokens-{label}", digest.hexdigest()[:16], build, valid)


def _rows(value: Any, size: int) -> bool:
    return isinstance(value, list) and len(value) == size and all(isinstance(row, list) for row in value)


def _tokenised(model: str, phrases: list[str], exact: list[str], keep: list[str]) -> dict[str, Any]:
    """The phrase lists' entries as tokens (see _phrase_tokens), from the pipeline."""
    nlp = get_nlp(model)
    # Tokens and lemmas are all a pattern needs: skip the sentence components (a third of the start-up).
    docs = list(nlp.pipe(phrases, disable=[p for p in nlp.pipe_names if "lemma" not in p]))
    return {
        "lemmas": [[t.lemma for t in doc] for doc in docs],
        "words": [[t.lower_ for t in doc if not t.is_punct] for doc in docs],
        "exact": [[t.lower for t in nlp.make_doc(key)] for key in exact],
        "keep": [[t.lower for t in nlp.make_doc(phrase)] for phrase in keep],
    }


def _slot_matches(doc: Doc, book: _Phrasebook, table: numpy.ndarray | None = None) -> Iterator[tuple[int, int, int]]:
    """``table``: the document's token table (checks.tokens), when a check has it."""
    if not len(doc) or not book.slots:
        return
    if table is None:
        lowers, like_num = doc.to_array([LOWER, LIKE_NUM]).T
    else:
        lowers, like_num = table[:, LOWER_COLUMN], table[:, LIKE_NUM_COLUMN]
    for match_id, words in book.slots:
        first = words[0]
        starts = numpy.flatnonzero(lowers == first) if first is not None else range(len(doc))
        for i in (int(x) for x in starts):
            end = i + len(words)
            if end > len(doc):
                continue
            if all(
                (int(lowers[j]) in book.number_words or like_num[j]) if w is None else int(lowers[j]) == w
                for j, w in zip(range(i, end), words, strict=True)
            ):
                yield match_id, i, end


def phrasebook_size() -> int:
    data = ruledata.load("spun_phrases", PHRASE_LIST)
    return sum(len(data.get(k, {})) for k in ("phrases", "exact", "slots"))


def _inflect_like(word: str, token: Token, entry_word: str) -> str:
    """Give ``word`` the inflection ``token`` has and the entry's word lacks ("dealt" vs "deal" -> "offered")."""
    surface = token.lower_
    if surface == entry_word or " " in word or not word.isalpha():
        return word
    from ..spin.resources import inflection_answers  # lemminflect's answers, kept on disk

    lemminflect = inflection_answers()
    tags = [
        tag
        for tag, forms in lemminflect.all_inflections(token.lemma_).items()
        if surface in forms and tag not in ("NN", "VB")
    ]
    for tag in sorted(tags):
        upos = "VERB" if tag.startswith("VB") else "NOUN" if tag.startswith("NN") else "ADJ"
        base = (lemminflect.lemma(word.lower(), upos) or (word.lower(),))[0]
        forms = lemminflect.inflection(base, tag)
        if forms:
            return forms[0]
    return word


def _suggest(span: Span, original: str, key: str, entry: tuple[str, ...]) -> str:
    if key.startswith("~"):
        number = next((t.text for t in span if t.like_num or t.lower_ in _NUMBER_WORDS), "")
        return match_case(span.text, original.replace("{NUM}", number))
    words = original.split(" ")
    tokens = [t for t in span if not t.is_punct]
    if entry and tokens and len(tokens) == len(entry):
        _inflect_words(words, tokens, entry)
    return match_case(span.text, " ".join(words))


def _inflect_words(words: list[str], tokens: list[Token], entry: tuple[str, ...]) -> None:
    """Give the original's words the inflection the text gave the entry's (tokens and entry align)."""
    if len(words) == len(entry):
        # Spinners swap words one for one: inflect an original word where the text inflects the entry's.
        for index, token in enumerate(tokens):
            words[index] = _inflect_like(words[index], token, entry[index])
    elif len(words) == 1:
        # A phrase standing for one word ("made use of" -> "used"): the word takes the inflected token's form.
        inflected = next((i for i, t in enumerate(tokens) if t.lower_ != entry[i]), None)
        if inflected is not None:
            words[0] = _inflect_like(words[0], tokens[inflected], entry[inflected])
    else:
        words[-1] = _inflect_like(words[-1], tokens[-1], entry[-1])


def _matches(ctx: Context, book: _Phrasebook) -> list[tuple[int, int, str]]:
    """Phrase-list matches as (start token, end token, match key), in text order, without overlaps."""
    doc = ctx.doc
    table = token_table(ctx)
    strings = doc.vocab.strings
    candidates = _lemma_matches(doc, book, table[:, LEMMA_COLUMN])
    candidates.extend((strings[m], start, end) for m, start, end in book.exact_matcher(doc))
    candidates.extend((strings[m], start, end) for m, start, end in _slot_matches(doc, book, table))
    if not candidates:
        return []
    # Longest match wins; among equals, the earliest.
    candidates.sort(key=lambda m: (-(m[2] - m[1]), m[1]))
    taken = bytearray(len(doc))
    if book.keep is not None:
        for _, start, end in book.keep(doc):
            taken[start:end] = b"\x01" * (end - start)
    out = []
    for key, start, end in candidates:
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        out.append((start, end, key))
    return sorted(out)


def _lemma_matches(doc: Doc, book: _Phrasebook, lemmas: numpy.ndarray) -> list[tuple[str, int, int]]:
    """The lemma entries' matches as (key, start token, end token), in the order of one matcher with a key per
    entry: by start, then end, then (for entries that share their lemmas) the matcher's order of keys."""
    entry = book.by_lemmas
    found = [(entry[tuple(lemmas[start:end].tolist())], start, end) for _, start, end in book.lemma_matcher(doc)]
    strings = doc.vocab.strings
    shared = [(strings[m], start, end) for m, start, end in book.shared_matcher(doc)]
    if not shared:
        return found
    # (No span is in both lists: its lemmas are one entry's alone or shared; the sort keeps each span's keys in order.)
    return sorted(found + shared, key=lambda c: (c[1], c[2]))


_SUGGESTION_MEMO = 20_000  # entries kept per process; a long audit meets a few thousand distinct phrases


def _phrasebook_message(found: str, suggestion: str) -> str:
    return f'"{found}" looks synonym-spun, a spinner\'s substitute for "{suggestion}".'


def _phrasebook_hits(
    ctx: Context,
    code: str = "CL101",
    name: str = PHRASEBOOK,
    message: Callable[[str, str], str] = _phrasebook_message,
    mined_lists: tuple[str, ...] | None = None,
) -> list[Hit]:
    # None: the mined lists of MINED, read at call time (tools/spin/calibrate.py fits without them).
    book = _phrasebook(ctx.config.model, name, MINED if mined_lists is None else mined_lists)
    matches = _matches(ctx, book)
    if not matches:
        return []
    doc = ctx.doc
    text = ctx.text  # the string the Doc was made from (Doc.text rebuilds it token by token)
    # Character offsets from arrays: a spaCy Span or Token object per hit costs more than the hit. Only the
    # rows of the tokens the hits read (each hit's first and last, and the word before it) are converted.
    needed = sorted({k for start, end, _ in matches for k in (start - 1, start, end - 1) if k >= 0})
    offsets = dict(zip(needed, token_table(ctx)[needed][:, IDX_LENGTH].tolist(), strict=True))
    memo = book.suggestions
    hits = []
    for start, end, key in matches:
        words = book.entry_words.get(key, ())
        if ("a" in words or "an" in words) and _article_differs(doc, start, words):
            continue
        start_char, end_char = offsets[start][0], sum(offsets[end - 1])
        found = text[start_char:end_char]
        suggestion = memo.get((key, found))
        if suggestion is None:
            suggestion = _suggest(doc[start:end], book.originals[key], key, book.entry_words.get(key, ()))
            if len(memo) >= _SUGGESTION_MEMO:
                memo.clear()
            memo[(key, found)] = suggestion
        # A mined entry's original is likelier than not, but no one has read it in this sentence.
        fix = Fix(start_char, end_char, suggestion, safe=key not in book.mined)
        if start > 0:
            article_start, article_length = offsets[start - 1]
            article = text[article_start : article_start + article_length]
            fix = _article_fix(article, article_start, text[article_start + len(article) : start_char], fix) or fix
        hits.append(Hit(code, start_char, end_char, message(found, suggestion), suggestion, fix=fix))
    return hits


def _article_differs(doc: Doc, start: int, words: tuple[str, ...]) -> bool:
    """An entry's article must be the one the text prints: lemmas make "an" "a", so an entry for the spinner's
    broken "a obligation" would otherwise match the writer's "an obligation"."""
    return any(w in ("a", "an") and doc[start + i].lower_ != w for i, w in enumerate(words) if start + i < len(doc))


def _spun_bylines(ctx: Context) -> tuple[tuple[Block, str, str], ...]:
    from .boilerplate import spun_bylines

    return tuple(spun_bylines(ctx))


# The document's spam-network bylines, found once: the phrasebook evidence reads their verbs, the verdict and
# CL102's threshold whether there is one.
BYLINES: Analysis[tuple[tuple[Block, str, str], ...]] = Analysis("spun-bylines", _spun_bylines)


def _byline_verb_hits(ctx: Context) -> Iterator[Hit]:
    """ "Developed By-Name": the template's "Written By" run through the spinner (rule CL302 reports the line)."""
    text = ctx.text
    for block, verb, original in ctx.analysis(BYLINES):
        if not original:
            continue
        start = text.find(verb, block.start, block.end)
        by = re.compile(r"\s+by\b", re.IGNORECASE).match(text, start + len(verb)) if start >= 0 else None
        if by is None:
            continue
        found = text[start : by.end()]
        suggestion = match_case(found, f"{original} by")
        yield Hit(
            "CL101",
            start,
            by.end(),
            f'"{found}" is a spinner\'s substitute for "{suggestion}" in a template byline.',
            suggestion,
            fix=Fix(start, by.end(), suggestion),
        )


@dataclass(frozen=True)
class SpinEvidence:
    """The spun-text evidence of one document: the hits of CL101-CL103 and the document's spin signal."""

    hits: list[Hit]
    spin: DocumentSpin


def spin_evidence(ctx: Context) -> SpinEvidence:
    """Phrasebook hits are the document's first evidence even when CL101 itself is not reported. The
    statistical word evidence (the CL102 machinery) gives the document its rate by default; CL102's own
    span findings are reported only when the rule is selected (precision first). ``--ignore CL102``
    leaves the statistical evidence out, and the rate then comes from the phrase lists alone."""
    from ..spin.fluency import phrase_list_fluency
    from ..spin.signal import DocumentSpin, spin_value

    config = ctx.config
    evidence = config.is_enabled("CL101") or config.is_enabled("CL103") or config.is_enabled("CL107")
    book_hits = _phrasebook_hits(ctx) if evidence else []
    phrase_hits = [*book_hits, *_byline_verb_hits(ctx)] if evidence else []
    tells = _Tells(_distinct_entries(ctx.text, book_hits), _padding(ctx), _dictionary_words(ctx))
    byline = _has_spun_byline(ctx)
    if config.is_enabled("CL102") or config.selects_explicitly("CL106"):
        ramp = config.selects_explicitly("CL102")
        sure = not ramp and config.is_enabled("CL106")
        return _statistical_evidence(ctx, phrase_hits, byline, (ramp, sure), tells)
    rate = _phrasebook_rate(ctx, len(phrase_hits))
    variant_hits, wording_hits = _gated_hits(ctx, phrase_hits, rate, byline)
    if variant_hits:
        rate = _phrasebook_rate(ctx, len(phrase_hits) + len(variant_hits))
    fluency = phrase_list_fluency(
        _grammar_breaks(ctx), _alpha_words(ctx), ctx.text, token_table(ctx), _verdict_wording(ctx)
    )
    value = spin_value(rate, byline, fluency.values())
    taken = [*phrase_hits, *variant_hits]
    wording_hits = wording_hits or _verdict_gated_wording(ctx, taken, len(phrase_hits), rate, byline, value)
    spin = DocumentSpin(
        spin_value(rate, byline, fluency.values(), tells.entries, tells.gated),
        rate,
        0,
        len(phrase_hits),
        0,
        byline,
        False,
        variants=len(variant_hits),
        features=fluency.values(),
        breaks=fluency.breaks,
        wording_hits=fluency.wording_hits,
        observed=_observed(ctx, taken, wording_hits, fluency.wording_hits, fluency.breaks),
        entries=tells.entries,
        filler=tells.filler,
        dictionary=tells.dictionary,
    )
    return SpinEvidence([*phrase_hits, *variant_hits, *wording_hits], spin)


@dataclass(frozen=True)
class _Tells:
    """What the document shows outright that the verdict counts beside its statistics (spin.signal)."""

    entries: int  # distinct phrasebook entries
    filler: int  # spinner filler phrases when the document is padded past CL108's gate, else 0
    dictionary: int  # a dictionary spinner's words when the document passes CL109's gate, else 0

    @property
    def gated(self) -> bool:
        """Past the gate of CL108 or CL109: a density of a spinner's words no clean document reaches."""
        return self.filler > 0 or self.dictionary > 0


def _padding(ctx: Context) -> int:
    """The filler phrases of a document padded past CL108's gate (0 otherwise, or when CL108 is off)."""
    if not ctx.config.is_enabled("CL108"):
        return 0
    from .spinner_filler import FILLER

    filler = ctx.analysis(FILLER)
    return len(filler.spans) if filler.passed else 0


def _dictionary_words(ctx: Context) -> int:
    """The dictionary spinner's words of a document past CL109's gate (0 otherwise, or when CL109 is off)."""
    if not ctx.config.is_enabled("CL109"):
        return 0
    from .spinner_dictionary import DICTIONARY

    found = ctx.analysis(DICTIONARY)
    return len(found.spans) if found.passed else 0


def _distinct_entries(text: str, book_hits: list[Hit]) -> int:
    """How many distinct phrasebook entries the hits are (one entry printed five times is one tell)."""
    return len({" ".join(text[h.start : h.end].lower().split()) for h in book_hits})


SPIN = Analysis("spin", spin_evidence, report="spin", summary=lambda evidence: evidence.spin)


def check_spun(ctx: Context) -> Iterator[Hit]:
    yield from ctx.analysis(SPIN).hits


def _phrasebook_rate(ctx: Context, hits: int) -> float:
    """The spin rate the phrase lists alone give: hits per scoreable word."""
    return min(1.0, hits / max(SCOREABLE_SHARE * _alpha_words(ctx), 1.0))


def _alpha_words(ctx: Context) -> int:
    return int(token_table(ctx)[:, IS_ALPHA_COLUMN].sum())


def _grammar_breaks(ctx: Context) -> int:
    """Structural spins in the document (rule CL105's hits, computed once whether or not it is selected)."""
    from .spun_grammar import GRAMMAR

    return len(ctx.analysis(GRAMMAR))


def _variant_hits(ctx: Context, phrase_hits: list[Hit], rate: float, byline: bool) -> list[Hit]:
    """Spinner-preferred variants, in a document whose other evidence says it was spun."""
    if not _spun_enough(rate, len(phrase_hits), byline):
        return []
    taken = sorted((h.start, h.end) for h in phrase_hits)

    def message(found: str, suggestion: str) -> str:
        return (
            f'"{found}" is the spinner\'s variant of "{suggestion}", in an article with other spin evidence '
            f"(spin rate {rate:.2f})."
        )

    return [
        h
        for h in _phrasebook_hits(ctx, "CL103", "spinner_variants", message, mined_lists=())
        if not _overlaps(taken, h.start, h.end)
    ]


def _gated_hits(ctx: Context, phrase_hits: list[Hit], rate: float, byline: bool) -> tuple[list[Hit], list[Hit]]:
    """The hits reported only in a document other evidence shows to be spun: CL103's variants, then CL107's
    wording outside them (each only where its rule is enabled)."""
    config = ctx.config
    variant_hits = _variant_hits(ctx, phrase_hits, rate, byline) if config.is_enabled("CL103") else []
    if not config.is_enabled("CL107"):
        return variant_hits, []
    return variant_hits, _wording_hits(ctx, [*phrase_hits, *variant_hits], len(phrase_hits), rate, byline)


def _spun_enough(rate: float, phrase_hits: int, byline: bool) -> bool:
    """Is the evidence other than the variants enough to call the document spun? (See CL103_GATE.)"""
    return (phrase_hits >= CL103_MIN_HITS or byline) and rate >= CL103_GATE


WORDING = ruledata.Shape((("wording", ruledata.TABLE), ("verdict", ruledata.TABLE)), required=("wording", "verdict"))


@functools.cache
def _wording_entries(table: str = "wording") -> tuple[str, ...]:
    """rules/spinner_wording.toml's entries: CL107's (``[wording]``), or the verdict's (``[verdict]``, those of
    them rare in general English and in careful health prose)."""
    entries = ruledata.load("spinner_wording", WORDING)[table].get("entries")
    if not ruledata.STR_LIST[1](entries):
        raise ruledata.RuleDataError(f"rules/spinner_wording.toml: [{table}] entries must be a list of strings")
    return tuple(sorted(set(entries)))


@functools.cache
def _wording_matcher(model: str, table: str = "wording") -> PhraseMatcher | None:
    """The entries as token sequences matched on lower-cased text (a regular expression of the 900-odd
    alternatives cost about 20 microseconds a word; the matcher's hash look-ups, a small fraction of that)."""
    entries = _wording_entries(table)
    if not entries:
        return None
    nlp = get_nlp(model)
    matcher = PhraseMatcher(nlp.vocab, attr=LOWER)
    matcher.add(table, [nlp.make_doc(entry) for entry in entries])
    return matcher


def _verdict_wording(ctx: Context) -> int | None:
    """How much of the spinners' wording rare in general English the document prints: the verdict's ``wording``
    evidence, read whatever the other evidence says (unlike CL107's findings). None when CL107 is off: the
    verdict then counts the feature as an ordinary article's."""
    if not ctx.config.is_enabled("CL107"):
        return None
    return _wording_count(ctx)


def _wording_count(ctx: Context) -> int:
    """Matches of the verdict's list of spinner wording in the document."""
    matcher = _wording_matcher(ctx.config.model, "verdict")
    return 0 if matcher is None else len(filter_spans(matcher(ctx.doc, as_spans=True)))


def _observed(ctx: Context, taken: list[Hit], wording: list[Hit], listed: int, breaks: int) -> int:
    """The substitutes the document shows outright, as CL106's gates read them (CL106_OBSERVED): its phrasebook
    hits and reported variants (``taken``), spinner wording (CL107's hits ``wording`` or the verdict list's
    matches ``listed``, the more) and grammatical breaks. Counted whichever of those rules are selected:
    ``--select CL106`` alone must not silence the rule."""
    config = ctx.config
    lists = any(config.is_enabled(code) for code in ("CL101", "CL103", "CL107"))
    phrases = len(taken) if lists else len(_phrasebook_hits(ctx)) + sum(1 for _ in _byline_verb_hits(ctx))
    # The verdict counted the list's matches only with CL107 on (``listed``); otherwise they are counted here.
    matches = listed if config.is_enabled("CL107") else _wording_count(ctx)
    return phrases + max(len(wording), matches) + breaks


def _wording_hits(
    ctx: Context, taken: list[Hit], phrase_hits: int, rate: float, byline: bool, verdict: float | None = None
) -> list[Hit]:
    """CL107: the spinners' ordinary-looking wording, in a document whose other evidence says it was spun (the
    gate of CL103, or the document's ``verdict``, its spin, at CL107_SPIN_GATE or more), outside the spans other
    spun-phrase rules already report."""
    by_verdict = verdict is not None and verdict >= CL107_SPIN_GATE
    if not (by_verdict or _spun_enough(rate, phrase_hits, byline)):
        return []
    evidence = f"spin {verdict:.2f}" if by_verdict and verdict is not None else f"spin rate {rate:.2f}"
    matcher = _wording_matcher(ctx.config.model)
    if matcher is None:
        return []
    spans = sorted((h.start, h.end) for h in taken)
    hits = []
    for match in filter_spans(matcher(ctx.doc, as_spans=True)):
        start, end = match.start_char, match.end_char
        if _overlaps(spans, start, end):
            continue
        found = ctx.text[start:end]
        hits.append(
            Hit(
                "CL107",
                start,
                end,
                f'"{found}" is wording spinners print in place of a plainer word, in an article with other spin '
                f"evidence ({evidence}); read the sentence and use the plain wording.",
                no_fix="the list keeps no original: the plain wording depends on the sentence",
            )
        )
    return hits


@dataclass(frozen=True)
class ScoredWords:
    """What SCORED_WORDS gives a document: the statistical detector's candidates of its words, and the three
    log-odds of each word the verdict reads, made for a whole batch at once where there is one (see
    _with_log_odds)."""

    candidates: DocumentCandidates
    logits: numpy.ndarray  # Weights.logits: the words' full log-odds
    prior: numpy.ndarray  # fluency.rate_logits: without topicality, for the document's rate
    blind: numpy.ndarray  # fluency.document_blind_logits: for the odd-word share
    register: numpy.ndarray  # bool per word: in the descriptive register (spin/register.py)


def _scored_words(ctx: Context) -> ScoredWords:
    from ..spin.detector import score_words
    from ..spin.resources import language_model, thesaurus_index

    candidates = score_words(ctx.doc, thesaurus_index(), language_model(), ctx.text, estimate=True)
    return _with_log_odds([candidates])[0]


# The statistical detector's candidates of the document's words; a run over many documents scores a batch
# of them at once and hands each document its part (see Linter's batches and score_documents).
SCORED_WORDS = Analysis("scored-words", _scored_words)


def scored_words_of(pairs: list[tuple[Doc, str]]) -> list[ScoredWords]:
    """What SCORED_WORDS gives each of several documents (``(doc, text)`` pairs), computed together."""
    from ..spin.detector import score_documents
    from ..spin.resources import language_model, thesaurus_index

    return _with_log_odds(score_documents(pairs, thesaurus_index(), language_model(), estimate=True))


def _with_log_odds(parts: list[DocumentCandidates]) -> list[ScoredWords]:
    """Each document's candidates with their log-odds, computed for runs of short documents at once: each call
    costs a few dozen numpy calls whatever its length, and every log-odds is a function of its own word's row
    and candidate rows alone (tested against one document at a time). A run stops at about BATCH_WORDS words,
    as the detector's calls do: copied into one array, longer runs cost more than their calls saved."""
    from ..spin.detector import BATCH_WORDS

    out: list[ScoredWords] = []
    run: list[DocumentCandidates] = []
    for part in parts:
        if run and sum(map(len, run)) + len(part) > BATCH_WORDS:
            out.extend(_run_log_odds(run))
            run = []
        run.append(part)
    out.extend(_run_log_odds(run))
    return out


def _run_log_odds(parts: list[DocumentCandidates]) -> list[ScoredWords]:
    """:func:`_with_log_odds` of documents whose words are computed together."""
    from ..spin.detector import load_weights
    from ..spin.fluency import document_blind_logits, rate_logits
    from ..spin.register import register_mask
    from ..spin.resources import thesaurus_index

    if not parts:
        return []
    weights = load_weights()
    joined = _joined(parts)
    logits = weights.logits(joined)
    register = numpy.concatenate([register_mask(thesaurus_index(), p.wid) for p in parts])
    columns = (logits, rate_logits(weights, joined, logits), document_blind_logits(weights, joined), register)
    bounds = numpy.cumsum([len(p) for p in parts])[:-1]
    split = [numpy.split(column, bounds) for column in columns]
    return [ScoredWords(p, *rows) for p, *rows in zip(parts, *split, strict=True)]


def _joined(parts: list[DocumentCandidates]) -> DocumentCandidates:
    """The documents' words one after another, in the columns the log-odds read (features, sizes, starts, fit,
    rarity, repeats, topical) only: the other columns are the first document's, so the result is for the log-odds
    alone."""
    import dataclasses

    if len(parts) == 1:
        return parts[0]
    # Each part's candidate rows start where the previous parts' rows end (Weights.logits reads ``starts``).
    offsets = numpy.cumsum([0] + [len(p.features) for p in parts[:-1]])
    return dataclasses.replace(
        parts[0],
        starts=numpy.concatenate([p.starts + offset for p, offset in zip(parts, offsets, strict=True)]),
        fit=numpy.concatenate([p.fit for p in parts]),
        rarity=numpy.concatenate([p.rarity for p in parts]),
        repeats=numpy.concatenate([p.repeats for p in parts]),
        topical=numpy.concatenate([p.topical for p in parts]),
        sizes=numpy.concatenate([p.sizes for p in parts]),
        features=numpy.concatenate([p.features for p in parts]),
    )


def _scored(ctx: Context) -> ScoredWords:
    """SCORED_WORDS of the document; a caller that prepared the bare candidates gets their log-odds here."""
    from ..spin.detector import DocumentCandidates

    value = ctx.analysis(SCORED_WORDS)
    return _with_log_odds([value])[0] if isinstance(value, DocumentCandidates) else value


@dataclass(frozen=True)
class _Kept:
    """The scored words the verdict weighs (those no phrase-list hit covers) as rows of the document's candidates,
    with their log-odds: DocumentCandidates.take copied every kept word's candidate rows, and the verdict reads
    only the log-odds and, for a few words, the candidates (``exact``, ``word``)."""

    candidates: DocumentCandidates
    rows: numpy.ndarray | None  # indices into ``candidates``, in order; None: every word
    logits: numpy.ndarray
    prior: numpy.ndarray
    blind: numpy.ndarray
    register: numpy.ndarray

    @classmethod
    def of(cls, scored: ScoredWords, keep: numpy.ndarray) -> _Kept:
        """The words of ``scored`` where ``keep`` (one bool per word) is true."""
        whole = cls(scored.candidates, None, scored.logits, scored.prior, scored.blind, scored.register)
        return whole if keep.all() else whole.keeping(keep)

    def keeping(self, keep: numpy.ndarray) -> _Kept:
        """These words where ``keep`` (one bool per word of this set) is true."""
        if keep.all():
            return self
        at = numpy.flatnonzero(keep)
        rows = at if self.rows is None else self.rows[at]
        return _Kept(self.candidates, rows, self.logits[at], self.prior[at], self.blind[at], self.register[at])

    def plain_register(self) -> tuple[_Kept, int]:
        """These words with the descriptive register's (spin/register.py) counted as plain in the document's evidence
        (``prior``, ``blind``), where they are at least REGISTER_SHARE of its odd words, and how many odd words that
        set aside (else this set and 0). Each word's own log-odds (``logits``) stay: CL102 and CL106 judge a word
        by them, and in a page a verdict calls spun a listed word can be the spinner's."""
        from ..spin.fluency import ODD_LOGIT
        from ..spin.register import PLAIN_LOGIT, REGISTER_SHARE

        if not self.register.any():
            return self, 0
        odd = self.blind > ODD_LOGIT
        aside = int((self.register & odd).sum())
        if not aside or aside < REGISTER_SHARE * int(odd.sum()):
            return self, 0
        prior, blind = (numpy.where(self.register, PLAIN_LOGIT, column) for column in (self.prior, self.blind))
        return _Kept(self.candidates, self.rows, self.logits, prior, blind, self.register), aside

    def shown_logits(self, set_aside: int) -> numpy.ndarray:
        """The words' log-odds the breakdown's expected count and strongest words read: with the register's words
        plain where plain_register set them aside (``set_aside`` > 0)."""
        from ..spin.register import PLAIN_LOGIT

        return numpy.where(self.register, PLAIN_LOGIT, self.logits) if set_aside else self.logits

    @property
    def start(self) -> numpy.ndarray:
        return self.candidates.start if self.rows is None else self.candidates.start[self.rows]

    @property
    def end(self) -> numpy.ndarray:
        return self.candidates.end if self.rows is None else self.candidates.end[self.rows]

    def __len__(self) -> int:
        return len(self.logits)

    def _row(self, k: int) -> int:
        return k if self.rows is None else int(self.rows[k])

    def __iter__(self) -> Iterator[WordCandidates]:
        return (self.candidates.item(self._row(k)) for k in range(len(self)))

    def word(self, k: int) -> str:
        """Word k, lower case."""
        return self.candidates.word(self._row(k))

    def exact(self, words: list[int]) -> list[WordCandidates]:
        """DocumentCandidates.exact of words ``words`` of this set."""
        return self.candidates.exact([self._row(k) for k in words])


def _statistical_evidence(
    ctx: Context, phrase_hits: list[Hit], byline: bool, report: tuple[bool, bool], tells: _Tells
) -> SpinEvidence:
    """The document's evidence with the statistical detector. ``report``: CL102's findings by its ramp, CL106's
    (the surest of them, in a document whose verdict says spun). The gates read the verdict without the ``tells``
    (phrasebook entries, padding: chosen on it; the top tiers must come from the statistics)."""
    from ..spin.detector import load_weights
    from ..spin.fluency import fluency, odd_word_share
    from ..spin.signal import DocumentSpin, estimate_rate, posteriors, spin_value

    weights = load_weights()
    scored = _scored(ctx)
    items = _Kept.of(scored, ~_overlapping(phrase_hits, scored.candidates.start, scored.candidates.end))
    # A page of product copy: its descriptive register's words are no evidence of spin (spin/register.py).
    items, set_aside = items.plain_register()
    # The document's rate does not read topicality (see fluency.rate_logits).
    rate = estimate_rate(items.prior, len(phrase_hits), weights.rate)
    # CL107's wording does not enter the rate or the words' probabilities: the verdict stays as calibrated.
    variant_hits, wording_hits = _gated_hits(ctx, phrase_hits, rate, byline)
    if variant_hits:
        items = items.keeping(~_overlapping(variant_hits, items.start, items.end))
    words = _alpha_words(ctx)
    odd = odd_word_share(items.blind, words)
    features = fluency(_grammar_breaks(ctx), words, odd, ctx.text, token_table(ctx), _verdict_wording(ctx))
    judged: dict[int, str] = {}  # row -> best original of the words CL102 judged again (see _strongest)
    word_rate = rate
    if variant_hits:
        # Reported variants are observed substitutes in the document's rate, like phrasebook hits. The words'
        # probabilities keep the rate without them (word_rate): CL102_THRESHOLD was chosen on that calibration.
        rate = estimate_rate(items.prior, len(phrase_hits) + len(variant_hits), weights.rate)
    value = spin_value(rate, byline, features.values())
    taken = [*phrase_hits, *variant_hits]
    wording_hits = wording_hits or _verdict_gated_wording(ctx, taken, len(phrase_hits), rate, byline, value)
    observed = _observed(ctx, taken, wording_hits, features.wording_hits, features.breaks)
    gates = (gate_value(rate, byline, features.values()), value, observed, tells.gated)
    policy = _word_policy(ctx, word_rate, gates, features.values(), report)
    detector_hits = _policy_hits(ctx, items, policy, word_rate, weights, judged)
    probs = posteriors(items.shown_logits(set_aside), rate, weights.rate)
    shown, held = _shown_spin(rate, byline, features.values(), tells, observed)
    spin = DocumentSpin(
        shown,
        rate,
        len(items),
        len(phrase_hits),
        len(detector_hits),
        byline,
        variants=len(variant_hits),
        strongest=_strongest(items, probs, weights, judged) if ctx.explain else (),
        expected=sum(probs),
        features=features.values(),
        breaks=features.breaks,
        wording_hits=features.wording_hits,
        observed=observed,
        entries=tells.entries,
        filler=tells.filler,
        dictionary=tells.dictionary,
        register=set_aside,
        held=held,
    )
    return SpinEvidence([*phrase_hits, *variant_hits, *_unjudged(wording_hits, detector_hits), *detector_hits], spin)


def _shown_spin(
    rate: float, byline: bool, features: dict[str, float], tells: _Tells, observed: int
) -> tuple[float, bool]:
    """The document's spin with its tells (spin_value), held at the cap when it rests on the word statistics alone
    (spin.signal.statistics_alone); and whether it was held. The gates of CL106 and CL107 read the verdict before
    the cap: they ask for observed substitutes of their own."""
    from ..spin.signal import held_value, spin_value, statistics_alone

    value = spin_value(rate, byline, features, tells.entries, tells.gated)
    return held_value(value, statistics_alone(observed, byline, tells.gated, features.get("slips", 0.0)))


def _policy_hits(
    ctx: Context,
    items: _Kept,
    policy: tuple[str, float, float] | None,
    word_rate: float,
    weights: Any,
    judged: dict[int, str],
) -> list[Hit]:
    """The detector's words that ``policy`` (_word_policy's rule, threshold and prior rate) reports; none without."""
    if policy is None:
        return []
    code, threshold, prior = policy
    return _detector_hits(ctx, items, items.logits, word_rate, weights, threshold, judged, code, prior)


def _unjudged(wording_hits: list[Hit], detector_hits: list[Hit]) -> list[Hit]:
    """CL107's hits outside the detector's findings: its finding of the same words says more (a suggestion where it
    has a clear favourite)."""
    if not (wording_hits and detector_hits):
        return wording_hits
    judged_spans = sorted((h.start, h.end) for h in detector_hits)
    return [h for h in wording_hits if not _overlaps(judged_spans, h.start, h.end)]


def _word_policy(
    ctx: Context,
    word_rate: float,
    gates: tuple[float, float, int, bool],
    features: dict[str, float],
    wanted: tuple[bool, bool],
) -> tuple[str, float, float] | None:
    """Which rule reports the detector's words, at which threshold, with which prior rate; None: no words.
    ``gates``: what CL106's tiers read (see _sure_policy); ``wanted``: CL102's words (its ramp), CL106's."""
    report_words, sure_words = wanted
    sure = _sure_policy(*gates)
    if report_words:
        threshold = _word_threshold(ctx, word_rate, features)
        if sure is None:
            return "CL102", threshold, word_rate
        # Never a higher threshold or a lower prior than CL106's: CL102's findings are a superset of its.
        return "CL102", min(threshold, sure[0]), max(word_rate, sure[1])
    if sure_words and sure is not None:
        return "CL106", sure[0], max(word_rate, sure[1])
    return None


def _sure_policy(gate: float, verdict: float, observed: int, traced: bool = False) -> tuple[float, float] | None:
    """CL106's threshold and the floor of the words' prior rate; None below CL106_GATE or CL106_OBSERVED and not
    ``traced``. ``gate`` is what the gates chosen before the verdict read the spinners' wording read (gate_value),
    ``verdict`` the document's spin: the top tier was chosen on it, and an article that prints no spinner wording
    (wine notes, whose odd words the detector takes for substitutes) must not pass it by leaving that evidence out.
    ``observed``: the substitutes the document shows outright (see CL106_OBSERVED); ``traced``: the document is
    past CL108's or CL109's gate (see CL106_TRACE_THRESHOLD)."""
    tiers = [(CL106_TRACE_THRESHOLD, CL106_TRACE_RATE)] if traced else []
    if gate >= CL106_GATE and observed >= CL106_OBSERVED:
        top = verdict >= CL106_HIGH_GATE and observed >= CL106_HIGH_OBSERVED
        tiers.append((CL106_HIGH_THRESHOLD, CL106_HIGH_RATE) if top else (CL106_THRESHOLD, 0.0))
    if not tiers:
        return None
    return min(t for t, _ in tiers), max(r for _, r in tiers)


def _verdict_gated_wording(
    ctx: Context, taken: list[Hit], phrase_hits: int, rate: float, byline: bool, value: float
) -> list[Hit]:
    """CL107's hits in a document that CL103's gate left out but whose verdict reaches CL107_SPIN_GATE."""
    if not ctx.config.is_enabled("CL107") or value < CL107_SPIN_GATE:
        return []
    return _wording_hits(ctx, taken, phrase_hits, rate, byline, value)


def _strongest(
    items: _Kept, probs: list[float], weights: Any, judged: dict[int, str] | None = None, n: int = 3
) -> tuple[str, ...]:
    """The words the evidence is surest of, as 'word (original)', for the score's explanation. A word CL102 has
    judged again (``judged``: row -> best original) is not judged a second time: the batch's judgement and one
    word's alone are the same (DocumentCandidates.exact)."""
    judged = {} if judged is None else judged
    # Surest first, ties in text order (a stable sort, as sorted() with the key -probability).
    order = [i for i in numpy.argsort(-numpy.asarray(probs), kind="stable")[:n].tolist() if probs[i] >= 0.5]
    missing = [i for i in order if i not in judged]
    best = judged | {i: weights.logit(item)[1] for i, item in zip(missing, items.exact(missing), strict=True)}
    return tuple(f"{items.word(i)} ({best[i]})" for i in order)


def _detector_hits(
    ctx: Context,
    items: _Kept,
    logits: Any,
    rate: float,
    weights: Any,
    threshold: float,
    judged: dict[int, str] | None = None,
    code: str = "CL102",
    prior: float | None = None,
) -> list[Hit]:
    """CL102 (or CL106): the words whose probability of being a substitute reaches ``threshold``. ``judged``
    receives the best original of every word judged again (row -> form), for the verdict's strongest words.
    ``rate`` is the document's spin rate; ``prior``, the rate the words are weighed with where CL106's floor
    raises it (the messages then say so)."""
    from ..spin.signal import posteriors

    if prior is not None and prior > rate:
        context, rate = f"the verdict calls spun, its spin rate taken as {prior:.2f}", prior
    else:
        context = f"whose spin rate is {rate:.2f}"
    hits = []
    floor = min(CL102_RECHECK, threshold)
    rows = [k for k, p in enumerate(posteriors(logits, rate, weights.rate)) if not p < floor]
    # Judged again with every candidate in the full window: the document's scoring estimates the
    # gains of all but the likeliest few (detector.FULL_CANDIDATES), and a reported word deserves more.
    for row, item in zip(rows, items.exact(rows), strict=True):
        z, best = weights.logit(item)
        if judged is not None:
            judged[row] = best
        p = posteriors([z], rate, weights.rate)[0]
        if p >= threshold:
            hits.append(_detector_hit(ctx, item, weights, best, code, f"probability {p:.2f} in an article {context}"))
    return hits


def _detector_hit(ctx: Context, item: WordCandidates, weights: Any, best: str, code: str, evidence: str) -> Hit:
    """One word CL102 or CL106 reports, with its best original as a suggestion where that is a clear favourite."""
    span = ctx.doc[item.token : item.token + 1]
    ranked = weights.ranked(item)
    if best_share(weights.suggestion_scores(item)) < SUGGEST_SHARE:
        unsure = ", ".join(f'"{form}"' for form in ranked[:3])
        return Hit(
            code,
            item.start,
            item.end,
            f'"{span.text}" reads like a thesaurus substitute ({evidence}); the original is unclear: perhaps {unsure}.',
            no_fix="the detector has no clear favourite among the words it may have replaced",
        )
    suggestion = match_case(span.text, best)
    others = [form for form in ranked if form != best][:2]
    also = f"; other candidates: {', '.join(repr(o) for o in others)}" if others else ""
    return Hit(
        code,
        item.start,
        item.end,
        f'"{span.text}" reads like a thesaurus substitute for "{suggestion}" ({evidence}{also}).',
        suggestion,
        fix=_fix(span, suggestion),
    )


def best_share(scores: numpy.ndarray) -> float:
    """The likeliest candidate's share of all candidates' weight (a softmax of their scores)."""
    if not len(scores):
        return 0.0
    weights = numpy.exp(scores - scores.max())
    return float(1.0 / weights.sum())


def gate_value(rate: float, byline: bool, features: dict[str, float]) -> float:
    """The verdict the word gates read (CL102's ramp, CL106's gate): the larger of ``spin`` with and without the
    spinners' wording. The gates were chosen on the verdict before it read the wording, whose centre then lowers
    an article that prints none; such an article keeps the gates it had, one that prints it passes them sooner."""
    from ..spin.signal import spin_value

    without = {name: value for name, value in features.items() if name != "wording"}
    return max(spin_value(rate, byline, features), spin_value(rate, byline, without))


def _word_threshold(ctx: Context, rate: float, features: dict[str, float]) -> float:
    """CL102's reporting threshold in this document: lower where the document verdict says it is spun."""
    return graded_threshold(gate_value(rate, _has_spun_byline(ctx), features))


def graded_threshold(spin: float) -> float:
    """The word threshold at document verdict ``spin`` (see CL102_GRADE_FROM); never above CL102_THRESHOLD."""
    low = min(CL102_THRESHOLD, CL102_SPUN_THRESHOLD)
    share = (spin - CL102_GRADE_FROM) / max(CL102_GRADE_TO - CL102_GRADE_FROM, 1e-9)
    return CL102_THRESHOLD - min(max(share, 0.0), 1.0) * (CL102_THRESHOLD - low)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    import bisect

    i = bisect.bisect_left(spans, (end, end))
    return any(s < end and start < e for s, e in spans[max(0, i - 3) : i])


def _overlapping(hits: list[Hit], start: numpy.ndarray, end: numpy.ndarray) -> numpy.ndarray:
    """:func:`_overlaps` of many spans at once (the same three hits before each span are looked at)."""
    out = numpy.zeros(len(start), dtype=bool)
    if not hits:
        return out
    spans = numpy.array(sorted((h.start, h.end) for h in hits), dtype="int64")
    first, last = spans[:, 0], spans[:, 1]
    # (first, last) in tuple order is first * 2**32 + last in integer order: offsets are below 2**31.
    i = numpy.searchsorted(first * 2**32 + last, end * 2**32 + end, side="left")
    for back in (1, 2, 3):
        k = numpy.maximum(i - back, 0)
        out |= (i - back >= 0) & (first[k] < end) & (start < last[k])
    return out


def _has_spun_byline(ctx: Context) -> bool:
    return bool(ctx.analysis(BYLINES))


def _fix(span: Span, suggestion: str) -> Fix:
    """Replace the phrase; put "a"/"an" before it right when the first sound changes ("an extra" -> "a more")."""
    fix = Fix(span.start_char, span.end_char, suggestion)
    if span.start > 0:
        article = span.doc[span.start - 1]
        return _article_fix(article.text, article.idx, article.whitespace_, fix) or fix
    return fix


def _article_fix(article: str, start: int, space: str, fix: Fix) -> Fix | None:
    """A fix that also corrects the "a"/"an" before the replaced phrase, when its first sound changes."""
    if article.lower() not in ("a", "an"):
        return None
    wanted = indefinite_article(fix.replacement)
    if article.lower() == wanted:
        return None
    return Fix(start, fix.end, match_case(article, wanted) + space + fix.replacement, fix.safe)


CHECKS = (Check((CL101, CL102, CL103, CL106, CL107), check_spun, analyses=(SPIN,)),)


def phrasebook_matches(text: str) -> bool:
    """Does the reviewed phrasebook already match somewhere in ``text``? (For the phrasebook miner.)"""
    from ..nlp import DEFAULT_MODEL

    doc = get_nlp(DEFAULT_MODEL)(text)
    book = _phrasebook(DEFAULT_MODEL, PHRASEBOOK)
    matchers = (book.lemma_matcher, book.shared_matcher, book.exact_matcher)
    return bool(any(m(doc) for m in matchers) or any(True for _ in _slot_matches(doc, book)))
