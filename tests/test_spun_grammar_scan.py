"""CL105's article scan (_ARTICLE_SEAM) against the former scan (_ARTICLE, every "a"/"an" before a word looked at):
the same hits, on texts built from articles, words of every kind of first sound and the separators around them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from contentlint.checks import spun_grammar

WORDS = (
    "a an A An AN apple hour honest heir herb unique uniform useful one once euro ewe ufo napkin extremely item "
    "it ox egg the your x _a a1 an- an's orange"
).split()
SEPARATORS = (" ", "  ", "\t", " \t ", ". ", "\n", ", ", "-", "_", "'", " (", ".\n", '"')


def _hits(text: str, pattern: object) -> list[tuple[int, int, str, str | None]]:
    lists = spun_grammar._lists()
    return [(h.start, h.end, h.message, h.suggestion) for h in spun_grammar._article_hits(text, lists, pattern)]  # type: ignore[arg-type]


@settings(max_examples=400)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), min_size=1, max_size=14))
def test_the_seam_scan_finds_what_the_former_scan_kept(pieces: list[tuple[str, str]]) -> None:
    text = "".join(word + separator for word, separator in pieces)
    assert _hits(text, spun_grammar._ARTICLE_SEAM) == _hits(text, spun_grammar._ARTICLE)


def test_seams_of_both_articles_are_found() -> None:
    text = "It is a extremely odd idea. An napkin fell. Take an uniform, a hour, an a apple and a one-off.\nA egg."
    found = _hits(text, spun_grammar._ARTICLE_SEAM)
    assert found == _hits(text, spun_grammar._ARTICLE)
    assert [text[a:b] for a, b, _, _ in found] == ["a extremely", "An napkin", "an uniform", "a hour", "A egg"]
