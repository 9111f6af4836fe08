"""What a cold start reads from the cache folder instead of working it out: parsed rule files and the phrase
lists as tokens. A cache that is missing, stale, corrupt or not writable changes no result and stops nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from spacy.matcher import PhraseMatcher

from contentlint import ruledata
from contentlint.checks import spun
from contentlint.config import Config
from contentlint.formats import load_bytes
from contentlint.model import Context
from contentlint.nlp import DEFAULT_MODEL, get_nlp


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CONTENTLINT_CACHE_DIR", str(folder))
    return folder


def _raw(name: str) -> bytes:
    return (ruledata.rules_dir() / f"{name}.toml").read_bytes()


@pytest.mark.parametrize("name", ruledata.names())
def test_a_rule_file_read_back_is_the_file_parsed(name: str, cache_folder: Path) -> None:
    import tomllib

    parsed = tomllib.loads(_raw(name).decode())
    assert ruledata._parsed(name, _raw(name)) == parsed  # parsed, then kept
    assert len(list(cache_folder.glob(f"rules-{name}-*.marshal"))) == 1
    read = ruledata._parsed(name, _raw(name))  # read back
    assert read == parsed and list(read) == list(parsed)


def test_a_corrupt_or_foreign_cache_file_is_parsed_again(cache_folder: Path) -> None:
    name = "spun_phrases"
    expected = ruledata._parsed(name, _raw(name))
    (kept,) = cache_folder.glob(f"rules-{name}-*.marshal")
    for content in (b"", b"\x00garbage", kept.read_bytes()[:100], b"[\x00\x00\x00\x00"):
        kept.write_bytes(content)
        assert ruledata._parsed(name, _raw(name)) == expected
    import marshal

    kept.write_bytes(marshal.dumps(["not", "a", "table"]))
    assert ruledata._parsed(name, _raw(name)) == expected


def test_an_edited_rule_file_is_parsed_again_and_replaces_the_old_entry(cache_folder: Path) -> None:
    raw = _raw("spintax")
    ruledata._parsed("spintax", raw)
    edited = raw + b'\n[extra]\nword = "x"\n'
    assert ruledata._parsed("spintax", edited)["extra"] == {"word": "x"}
    assert len(list(cache_folder.glob("rules-spintax-*.marshal"))) == 1


def test_rule_files_parse_without_a_writable_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CONTENTLINT_CACHE_DIR", str(blocker / "cache"))
    assert ruledata._parsed("spintax", _raw("spintax"))["meta"]


def test_a_file_marshal_cannot_hold_is_parsed_each_time(cache_folder: Path) -> None:
    raw = b'[meta]\nsources = ["x"]\nlicence = "MIT"\nreviewed = 2024-05-01\n'
    assert str(ruledata._parsed("dated", raw)["meta"]["reviewed"]) == "2024-05-01"
    assert not list(cache_folder.glob("rules-dated-*"))


def test_invalid_toml_is_still_named() -> None:
    with pytest.raises(ruledata.RuleDataError, match="not valid TOML"):
        ruledata._parsed("broken", b"[meta\n")


# -- the phrase lists as tokens ---------------------------------------------------------------------------------


def _entries(name: str, mined: tuple[str, ...]) -> tuple[list[str], list[str], list[str]]:
    data = ruledata.load(name, spun.PHRASE_LIST)
    extra = {k: v for m in mined for k, v in ruledata.load(m, spun.PHRASE_LIST)["phrases"].items()}
    phrases = {**extra, **data["phrases"]}
    return list(phrases), list(data.get("exact", {})), list(data.get("keep", {}).get("phrases") or [])


def test_phrase_tokens_read_back_are_the_pipelines(cache_folder: Path) -> None:
    phrases, exact, keep = _entries(spun.PHRASEBOOK, spun.MINED)
    fresh = spun._tokenised(DEFAULT_MODEL, phrases, exact, keep)
    assert spun._phrase_tokens(DEFAULT_MODEL, "book", phrases, exact, keep) == fresh
    (kept,) = cache_folder.glob("phrase-tokens-book-*.marshal")
    assert spun._phrase_tokens(DEFAULT_MODEL, "book", phrases, exact, keep) == fresh
    for content in (b"\x00garbage", kept.read_bytes()[:500], b""):
        kept.write_bytes(content)
        assert spun._phrase_tokens(DEFAULT_MODEL, "book", phrases, exact, keep) == fresh
    # Other entries (an edited list) are another key: tokenised again, and the old entry goes.
    assert spun._phrase_tokens(DEFAULT_MODEL, "book", phrases[1:], exact, keep)["words"] == fresh["words"][1:]
    assert len(list(cache_folder.glob("phrase-tokens-book-*.marshal"))) == 1


def test_phrase_tokens_of_the_wrong_shape_are_tokenised_again(cache_folder: Path) -> None:
    import marshal

    phrases, exact, keep = _entries(spun.PHRASEBOOK, ())
    fresh = spun._tokenised(DEFAULT_MODEL, phrases, exact, keep)
    spun._phrase_tokens(DEFAULT_MODEL, "book", phrases, exact, keep)
    (kept,) = cache_folder.glob("phrase-tokens-book-*.marshal")
    for wrong in ({**fresh, "lemmas": fresh["lemmas"][1:]}, {"words": fresh["words"]}, [1, 2]):
        kept.write_bytes(marshal.dumps(wrong))
        assert spun._phrase_tokens(DEFAULT_MODEL, "book", phrases, exact, keep) == fresh


def _reference_matches(ctx: Context, name: str, mined: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """The phrase list's matches as they were found with a matcher key per entry and patterns made from Docs."""
    nlp = get_nlp(ctx.config.model)
    data = ruledata.load(name, spun.PHRASE_LIST)
    phrases, exact, keep = _entries(name, mined)
    lemma, exact_matcher = PhraseMatcher(nlp.vocab, attr="LEMMA"), PhraseMatcher(nlp.vocab, attr="LOWER")
    for key, doc in zip(phrases, nlp.pipe(phrases, disable=["contentlint_sentences"]), strict=True):
        lemma.add(key, [doc])
    for key in exact:
        exact_matcher.add("=" + key, [nlp.make_doc(key)])
    book = spun._phrasebook(ctx.config.model, name, mined)
    candidates: list[Any] = [*lemma(ctx.doc), *exact_matcher(ctx.doc), *spun._slot_matches(ctx.doc, book)]
    candidates.sort(key=lambda m: (-(m[2] - m[1]), m[1]))
    taken = bytearray(len(ctx.doc))
    if keep:
        keeper = PhraseMatcher(nlp.vocab, attr="LOWER")
        keeper.add("keep", [nlp.make_doc(p) for p in data["keep"]["phrases"]])
        for _, start, end in keeper(ctx.doc):
            taken[start:end] = b"\x01" * (end - start)
    out = []
    for match_id, start, end in candidates:
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            out.append((start, end, nlp.vocab.strings[match_id]))
    return sorted(out)


@pytest.mark.parametrize(("name", "mined"), [(spun.PHRASEBOOK, spun.MINED), ("spinner_variants", ())])
def test_the_phrasebook_matches_as_a_key_per_entry_did(name: str, mined: tuple[str, ...]) -> None:
    """Every entry, written out, and every entry whose lemmas another shares (which one wins a span is the
    matcher's order of keys): the same matches, keys and order as one matcher with a key per entry gave."""
    phrases, exact, _ = _entries(name, mined)
    book = spun._phrasebook(DEFAULT_MODEL, name, mined)
    shared = [key for key in phrases if key not in book.by_lemmas.values()]
    assert len(shared) + len(book.by_lemmas) == len(phrases)
    for chunk in [shared, *(phrases[k : k + 150] for k in range(0, len(phrases), 150)), exact]:
        text = "".join(f"It said {entry} twice, {entry.upper()}. " for entry in chunk)
        document = load_bytes(text.encode(), "a.txt")
        ctx = Context(document=document, doc=get_nlp()(document.text), config=Config())
        found = spun._matches(ctx, book)
        assert found == _reference_matches(ctx, name, mined)
        assert found or not chunk
