"""The statistical spin detector (CL102) and the document spin signal, on articles written for these tests.

tests/fixtures/spin/ holds hand-written articles in the dev corpus's layout: clean originals, the
same articles run through a spinner by hand in the register of real spam (spun/, with gold), and
gentler hand spins (subtle/) that show the detector's limit.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy
import pytest
from hypothesis import given
from hypothesis import strategies as st

from contentlint import check_path, check_text
from contentlint.config import Config
from contentlint.evaluate import evaluate
from contentlint.nlp import get_nlp
from contentlint.spin.detector import WORD_FEATURES, candidates, exact, load_weights
from contentlint.spin.fluency import rate_logits
from contentlint.spin.resources import CLOSED_CLASS, language_model, thesaurus_index
from contentlint.spin.signal import calibration, estimate_rate, posteriors, spin_value

FIXTURES = Path(__file__).parent / "fixtures" / "spin"
WITH_DETECTOR = Config(select=("CL", "CL102"))
DETECTOR_ONLY = Config(select=("CL102",))


def ranked_words(path: Path) -> tuple[float, list[tuple[str, str, float, int, int]]]:
    """(spin rate, [(word, best original, probability, start, end)] likeliest first) for an article."""
    weights = load_weights()
    doc = get_nlp()(path.read_text(encoding="utf-8"))
    items = list(candidates(doc, thesaurus_index(), language_model(), estimate=True))  # as the check scores it
    scored = [weights.logit(item) for item in items]
    rate = estimate_rate(rate_logits(weights, items), 0, weights.rate)  # as the check: without topicality
    probs = posteriors([z for z, _ in scored], rate, weights.rate)
    # The probability from the document's scoring; the suggestion with every candidate judged in full, as
    # the reported findings give it.
    rows = [
        (i.word, weights.logit(exact(i, language_model()))[1], p, i.start, i.end)
        for i, p in zip(items, probs, strict=True)
    ]
    return rate, sorted(rows, key=lambda r: -r[2])


def gold_spans(path: Path) -> list[tuple[int, int]]:
    text = path.read_text(encoding="utf-8")
    spans = []
    for item in json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["spun_phrases"]:
        start = text.find(item["text"])
        while start != -1:
            spans.append((start, start + len(item["text"])))
            start = text.find(item["text"], start + 1)
    return spans


# -- the document signal ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["winter-lips", "running-shoes"])
def test_spun_version_has_a_higher_rate_than_its_clean_original(name: str) -> None:
    spun_rate, _ = ranked_words(FIXTURES / "spun" / f"{name}.txt")
    clean_rate, _ = ranked_words(FIXTURES / "clean" / f"{name}.txt")
    assert clean_rate < 0.02
    assert spun_rate > 0.05
    assert spun_rate > 5 * clean_rate


@pytest.mark.parametrize("path", sorted((FIXTURES / "clean").glob("*.txt")), ids=lambda p: p.stem)
def test_clean_articles_get_no_statistical_findings(path: Path) -> None:
    report = check_path(path, config=WITH_DETECTOR)
    assert [f.text for f in report.findings if f.rule == "CL102"] == []
    assert report.spin is not None and report.spin.value < 0.25


def test_spin_is_in_the_json_and_the_breakdown() -> None:
    report = check_path(FIXTURES / "spun" / "winter-lips.txt", config=WITH_DETECTOR)
    data = report.to_json()
    assert data["spin"] == report.spin.value and 0.3 < data["spin"] <= 1.0
    detail = data["breakdown"]["spin"]
    assert detail["statistical"] is True and detail["scored_words"] > 50 and detail["rate"] > 0.05


def test_without_the_detector_spin_comes_from_the_phrasebook_and_byline() -> None:
    text = "Tips\n\nComposed By-Ana Lee\n\nIt deals many benefits for every skin kind. Allow's begin.\n"
    no_statistics = Config(ignore=("CL102",))
    report = check_text(text, config=no_statistics)
    assert report.spin is not None and report.spin.statistical_enabled is False
    assert report.spin.phrasebook >= 3 and report.spin.byline
    # four phrasebook hits add to what the byline alone says
    assert report.spin.value > spin_value(0.0, True) + 0.1
    plain = check_text("Wear sunscreen every day and reapply it outdoors.\n", config=no_statistics)
    assert plain.spin is not None and plain.spin.value <= spin_value(0.0, False)


def test_default_rules_give_the_statistical_verdict_without_the_span_findings() -> None:
    report = check_path(FIXTURES / "spun" / "winter-lips.txt")
    assert report.spin is not None and report.spin.statistical_enabled and report.spin.scored_words > 50
    assert not [f for f in report.findings if f.rule == "CL102"]
    selected = check_path(FIXTURES / "spun" / "winter-lips.txt", config=WITH_DETECTOR)
    assert selected.spin is not None and selected.spin.value == report.spin.value


# -- the span detector ------------------------------------------------------------------------------


def test_highest_ranked_words_are_the_substitutions_with_their_originals() -> None:
    path = FIXTURES / "spun" / "winter-lips.txt"
    _, rows = ranked_words(path)
    gold = gold_spans(path)
    top = rows[:10]
    in_gold = [r for r in top if any(s < r[4] and r[3] < e for s, e in gold)]
    assert len(in_gold) >= 7, top
    suggested = {(word, best) for word, best, *_ in top}
    # ("main", "central") was in this set before the words' candidates were judged with the full window only
    # for the four likeliest (detector.FULL_CANDIDATES): "central" fits the right context, not the left.
    assert {("utilizing", "using"), ("recovers", "heals"), ("promptly", "quickly")} <= suggested


def test_ranking_on_a_second_topic() -> None:
    path = FIXTURES / "spun" / "running-shoes.txt"
    _, rows = ranked_words(path)
    suggested = {(word, best) for word, best, *_ in rows[:10]}
    assert {("attempt", "try"), ("costly", "expensive"), ("initial", "first"), ("slide", "slip")} <= suggested


def test_reported_word_has_span_suggestion_and_unsafe_fix() -> None:
    path = FIXTURES / "spun" / "winter-lips.txt"
    report = check_path(path, config=DETECTOR_ONLY)
    found = {(f.text, f.suggestion) for f in report.findings}
    assert ("utilizing", "using") in found
    finding = next(f for f in report.findings if f.text == "utilizing")
    source = path.read_text(encoding="utf-8")
    assert source[finding.start : finding.end] == "utilizing"
    assert finding.fix is not None and not finding.fix.safe and finding.fix.replacement == "using"
    assert "probability" in finding.message and "other candidates" in finding.message


def test_letter_case_of_the_suggestion_follows_the_text() -> None:
    text = (FIXTURES.parent / "rules" / "CL102.txt").read_text(encoding="utf-8")
    report = check_text(text, config=DETECTOR_ONLY)
    # (A finding whose detector has no clear favourite offers no suggestion at all.)
    capitalised = [f for f in report.findings if f.text[0].isupper() and f.suggestion is not None]
    assert capitalised and all(f.suggestion and f.suggestion[0].isupper() for f in capitalised)


def test_statistical_findings_yield_to_other_spun_and_link_rules() -> None:
    # "deals many benefits" is a phrasebook hit: the detector's view of "deals" is not reported twice.
    text = (FIXTURES.parent / "rules" / "CL102.txt").read_text(encoding="utf-8") + "\nIt deals many benefits.\n"
    report = check_text(text, config=WITH_DETECTOR)
    spans = [(f.start, f.end) for f in report.findings if f.rule == "CL101"]
    for f in report.findings:
        if f.rule == "CL102":
            assert not any(s < f.end and f.start < e for s, e in spans)


def test_claim_findings_do_not_silence_the_detector() -> None:
    report = check_text((FIXTURES.parent / "rules" / "CL102.txt").read_text(encoding="utf-8"), config=WITH_DETECTOR)
    # "considerably improve" is also an exaggerated claim (CL402); it is still a spun word.
    assert {"CL402", "CL102"} <= {f.rule for f in report.findings if "considerably" in f.text}


def test_names_inside_sentences_are_not_scored() -> None:
    text = "Chilly air dries the lips promptly, and Rose Grant says balm helps. " * 3
    words = {item.word for item in candidates(get_nlp()(text), thesaurus_index(), language_model())}
    assert "rose" not in words and "grant" not in words
    assert "chilly" in words and "promptly" in words


def test_evaluation_on_the_fixture_corpus() -> None:
    result = evaluate(FIXTURES)
    spun = result.categories["spun-phrase"]
    assert result.clean_per_1000("spun-phrase") == 0.0
    # 6 of 8 findings right (0.75) since CL102's threshold falls to 0.3 in clearly spun articles: "lick" and
    # "scrub" in winter-lips.txt are unspun words the lower threshold reports (0.83 with the former 0.7).
    assert spun.found >= 1 and (spun.precision or 0) >= 0.74


def test_subtle_spins_are_below_the_reporting_threshold() -> None:
    """Gentle spinning of short articles is the detector's known limit: no false report, little recall."""
    for path in sorted((FIXTURES / "subtle" / "spun").glob("*.txt")):
        report = check_path(path, config=DETECTOR_ONLY)
        gold = gold_spans(path)
        for f in report.findings:
            assert any(s < f.end and f.start < e for s, e in gold), f.text


# -- the index and the model ------------------------------------------------------------------------


def test_index_candidates_are_ordinary_open_class_words() -> None:
    index = thesaurus_index()
    lm = language_model()
    words = {w: i for i, w in enumerate(index.words)}
    roots = set(index.cand_root.tolist())
    assert not any(index.words[r] in CLOSED_CLASS for r in roots)
    sample = sorted(roots)[:: max(1, len(roots) // 500)]
    assert all(lm.knows(index.words[r]) for r in sample)
    lemma = words["outcome"]
    originals = [index.words[r] for r in index.candidates(lemma)[0].tolist()]
    assert "result" in originals
    nns = 1  # TAGS index of "NNS"
    assert index.words[index.inflections[words["result"], nns]] == "results"


def test_index_lookup_by_spacy_string_ids() -> None:
    doc = get_nlp()("Outcomes mark the xqzv")
    ids = thesaurus_index().ids_of(doc.to_array("LOWER"))
    index = thesaurus_index()
    assert index.words[ids[0]] == "outcomes" and index.words[ids[1]] == "mark" and ids[3] == -1


def _raw_scores(queries: list[tuple[str, ...]]) -> list[int]:
    """pocketsphinx's own scores, one call each: the reference for the batch look-up."""
    lm = language_model()
    return [lm.raw(q) for q in queries]


def _batch_scores(queries: list[tuple[str, ...]]) -> list[int]:
    lm = language_model()
    padded = [(*q, "", "")[:3] for q in queries]  # "" is no word of the model: an absent history word
    return lm.scores(*(lm.id_array([q[k] for q in padded]) for k in range(3))).tolist()


def test_batch_scores_are_pocketsphinx_scores() -> None:
    """The numpy look-up gives pocketsphinx's own integer scores: existing trigrams and bigrams, backoff
    through known and unknown histories, unknown words, sentence boundaries, shorter histories."""
    lm = language_model()
    trie = lm.trie
    rng = numpy.random.default_rng(19)
    words = trie.words
    # Trigrams the model holds: a trigram entry, its bigram parent and that bigram's unigram.
    entries = rng.integers(0, int(trie.trigrams.next[-1]), 3000)
    parent = numpy.searchsorted(trie.trigrams.next, entries, side="right") - 1
    owner = numpy.searchsorted(trie.bigrams.next, parent, side="right") - 1
    held = [
        (words[a], words[b], words[c])
        for a, b, c in zip(
            owner.tolist(),
            trie.bigrams.word[parent].tolist(),
            trie.trigrams.word[entries].tolist(),
            strict=True,
        )
    ]
    random_words = [words[i] for i in rng.integers(0, len(words), 6000).tolist()]
    mixed = [(a, b, c) for a, b, c in zip(random_words[::3], random_words[1::3], random_words[2::3], strict=True)]
    # The same trigrams with the predicted word swapped: the history is known, the n-gram mostly not.
    swapped = [(random_words[k], b, c) for k, (_, b, c) in enumerate(held)]
    shorter = [q[:2] for q in held[:500]] + [q[:1] for q in held[500:700]] + [(q[0], "<s>") for q in held[700:900]]
    unknown = [(q[0], "qqzxv", q[2]) for q in held[:300]] + [("qqzxv", *q[1:]) for q in held[300:400]]
    unknown += [(q[0], q[1], "qqzxv") for q in held[400:700]]
    queries = held + mixed + swapped + shorter + unknown
    assert _batch_scores(queries) == _raw_scores(queries)


def test_batch_scores_in_the_groups_the_file_has_out_of_order() -> None:
    """pocketsphinx's search does not find every entry of a group out of order; the look-up agrees."""
    lm = language_model()
    trie = lm.trie
    queries = []
    for parent in trie.trigrams.disordered.tolist():
        owner = int(numpy.searchsorted(trie.bigrams.next, parent, side="right") - 1)
        start, end = trie.trigrams.next[parent], trie.trigrams.next[parent + 1]
        for word in trie.trigrams.word[start:end].tolist():
            queries.append((trie.words[owner], trie.words[trie.bigrams.word[parent]], trie.words[word]))
    assert _batch_scores(queries) == _raw_scores(queries)


def _full_gains(item) -> list[int]:  # type: ignore[no-untyped-def]
    """Each candidate's score in the whole window minus the word's own, with pocketsphinx one call at a time."""
    context, prob = item.window, language_model().raw
    own = context.score(prob, context.word)
    return [context.score(prob, form) - own for form in item.forms]


def test_candidates_judge_the_window_with_the_models_own_scores() -> None:
    """Without the estimate every gain is the window's, as pocketsphinx scores it; with it, the likeliest
    candidates keep theirs and the fit is the word's own first trigram against its unigram."""
    lm = language_model()
    text = (FIXTURES / "spun" / "winter-lips.txt").read_text(encoding="utf-8")
    doc = get_nlp()(text)
    full = list(candidates(doc, thesaurus_index(), lm, text))
    estimated = list(candidates(doc, thesaurus_index(), lm, text, estimate=True))
    assert len(full) == len(estimated) > 50
    kept = 0
    for item, rough in zip(full, estimated, strict=True):
        reference = _full_gains(item)
        assert (item.gains / lm.TO_LOG10).round().astype(int).tolist() == reference
        same = numpy.isclose(rough.gains / lm.TO_LOG10, reference, rtol=0, atol=1e-6)
        kept += int(same.sum()) >= min(4, len(reference))
        history = item.window.history
        fit = (lm.raw((item.word, *history)) - lm.raw((item.word,))) * lm.TO_LOG10
        assert abs(item.fit - fit) <= 1e-12
        assert exact(rough, lm).gains.tolist() == item.gains.tolist()
    assert kept == len(full)


def test_model_file_matches_the_features() -> None:
    weights = load_weights()
    assert len(weights.word) == len(WORD_FEATURES)
    assert weights.candidate[0] > 0  # the language model's preference raises a candidate
    assert 0 < weights.rate < 0.5


# -- the rate estimate ------------------------------------------------------------------------------


def test_rate_estimate_limits() -> None:
    assert estimate_rate([], 0, 0.15) == 0.0
    assert estimate_rate([-8.0] * 200, 0, 0.15) < 0.01
    assert estimate_rate([5.0] * 200, 0, 0.15) > 0.9
    assert estimate_rate([-8.0] * 100, 50, 0.15) > 0.3  # phrasebook hits are observed substitutes


@given(st.lists(st.floats(-10, 10), min_size=1, max_size=60), st.floats(0.5, 3.0))
def test_rate_grows_with_the_evidence(logits: list[float], shift: float) -> None:
    low = estimate_rate(logits, 0, 0.15)
    high = estimate_rate([z + shift for z in logits], 0, 0.15)
    assert 0.0 <= low <= high + 1e-3 <= 1.0


@given(st.lists(st.floats(-10, 10), min_size=1, max_size=30), st.floats(0.01, 0.9), st.floats(0.01, 0.9))
def test_posteriors_rise_with_the_document_rate(logits: list[float], a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    for p, q in zip(posteriors(logits, lo, 0.15), posteriors(logits, hi, 0.15), strict=True):
        assert p <= q + 1e-12


def test_spin_value_scale() -> None:
    # A calibrated probability (rules/spin_calibration.toml): no evidence is evidence against spin (the odds
    # fall at least a fifth below the base rate's), a spun byline alone is at least even odds, and a heavily
    # rewritten article is well above the base rate.
    assert 0.0 < spin_value(0.0, False) < calibration().base_rate * 0.8
    assert spin_value(0.0, True) >= 0.5
    # A rate of 0.3 with ordinary document features: several times the base rate (the features carry
    # the rest of the evidence on a real spun page, tests/test_spin_verdict.py).
    assert spin_value(0.3, False) > 3 * calibration().base_rate
    assert spin_value(0.5, True) > max(spin_value(0.5, False), spin_value(0.0, True))


@given(st.floats(0.0, 1.0), st.booleans(), st.integers(0, 3), st.integers(0, 3))
def test_phrasebook_entries_raise_spin_up_to_their_cap(rate: float, byline: bool, a: int, b: int) -> None:
    from contentlint.spin.signal import PHRASEBOOK_EVIDENCE_CAP, phrasebook_evidence

    lo, hi = sorted((a, b))
    assert spin_value(rate, byline, entries=lo) <= spin_value(rate, byline, entries=hi)
    assert spin_value(rate, byline, entries=hi) >= phrasebook_evidence(hi) - 5e-4
    assert phrasebook_evidence(hi) <= PHRASEBOOK_EVIDENCE_CAP < 0.9  # the top tiers' gates need the statistics


def test_one_phrasebook_entry_is_even_odds_and_more_stop_at_the_cap() -> None:
    from contentlint.spin.signal import phrasebook_evidence

    assert [phrasebook_evidence(n) for n in range(5)] == [0.0, 0.5, 0.75, 0.75, 0.75]
    assert spin_value(0.0, False, entries=1) >= 0.5 > spin_value(0.0, False)


def test_a_page_printing_phrasebook_entries_is_told_how_many() -> None:
    text = (
        "Wash the pores and skin twice a day and dry the pores and skin gently. A gentle cleanser doubtlessly "
        "calms redness, and a light moisturiser keeps it soft. Rinse with lukewarm water, never hot water, "
        "and pat the face dry with a clean towel before you apply anything else to it."
    )
    spin = check_text(text).spin
    assert spin is not None and spin.phrasebook == 3 and spin.entries == 2  # "pores and skin" twice is one entry
    assert spin.value >= 0.75 and "for 2 phrasebook entries" in spin.evidence()
    assert spin.to_json()["phrasebook_entries"] == 2


# -- cost: nothing is loaded when the statistical evidence is ignored ----------------------------------------------


def test_detector_is_not_loaded_when_its_evidence_is_ignored() -> None:
    code = (
        "import sys\n"
        "from contentlint import check_text\n"
        "from contentlint.config import Config\n"
        "check_text('It deals many benefits for every skin kind.', config=Config(ignore=('CL102',)))\n"
        "assert 'pocketsphinx' not in sys.modules and 'contentlint.spin.resources' not in sys.modules\n"
        "check_text('It deals many benefits.')\n"
        # The model is read from pocketsphinx's file; the module itself is imported only to score one window
        # call by call (detector.exact).
        "assert 'contentlint.spin.resources' in sys.modules\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr


def test_index_arrays_are_consistent() -> None:
    index = thesaurus_index()
    n = len(index.words)
    assert index.cand_ptr[-1] == len(index.cand_root) == len(index.cand_sim) == len(index.pair_static)
    assert len(index.surface_ptr) == n + 1 and numpy.all(numpy.diff(index.cand_ptr) >= 0)
    assert numpy.all(numpy.diff(index.hashes.astype("float64")) >= 0)
