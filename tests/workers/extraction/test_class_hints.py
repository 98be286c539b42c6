"""Class-name hints (workers/extraction/class_hints.py) and clean_line: the fast paths give the plain answers."""

from __future__ import annotations

import re
import sys

import pytest

from workers.extraction import blocks, hints, titles
from workers.extraction.class_hints import branches, factored, hint_match, twin_is_exact
from workers.extraction.normalize import clean_line

PATTERNS = [
    blocks._NEGATIVE,
    blocks._POSITIVE,
    blocks.COMMENTS,
    hints._MODIFIED,
    titles._TITLE_HINT,
    titles._SUB_HINT,
    titles._CRUMB_HINT,
    *hints._HINTS.values(),
]
NAMES = [
    "",
    "article-content main",
    "SideBar widget_3",
    "post-footer",
    "TOP-nav",
    "header-top1",
    "Comment-List",
    "related_posts",
    "sidebar",
    "x ads",
    "bottom links2",
    "newsContent zoom",
    "pub-Time",
    "ſidebar",  # long s: case-insensitively an "s", never an ASCII one
    "\u212aey-news",  # Kelvin sign: case-insensitively a "k"
    "İnfo-box",
    "byline AUTHOR",
    "editor bj",
]


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.pattern[:24])
def test_hint_match_answers_as_the_pattern_does(pattern: re.Pattern[str]) -> None:
    for names in NAMES:
        assert hint_match(pattern, names) == (pattern.search(names) is not None), names
        assert hint_match(pattern, names) == (pattern.search(names) is not None), names  # memoized answer


@pytest.mark.parametrize(
    "source",
    [
        r"[0-f]x",  # a range holding upper-case letters
        r"\x41bc",  # 'A' by number
        r"Foo",
        r"(?-i:abc)",
        r"(a)\1",
        "caf\u00e9",
    ],
)
def test_patterns_whose_case_sensitive_twin_could_differ_are_refused(source: str) -> None:
    assert not twin_is_exact(source)


@pytest.mark.parametrize("source", [r"(?:^|[-_\s])top(?:$|[-_\s\d])", r"[a-z]+\d", r"[^a-z]x", r"qr[-_]?code"])
def test_plain_lower_case_patterns_are_accepted(source: str) -> None:
    assert twin_is_exact(source)


def test_a_refused_pattern_still_matches_case_insensitively() -> None:
    pattern = re.compile(r"[0-f]x", re.I)
    assert hint_match(pattern, "QX") == (pattern.search("QX") is not None)


def test_clean_line_collapses_every_unicode_space_and_drops_zero_width_characters() -> None:
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert clean_line("a" + "".join(spaces) + "b") == "a b"
    assert clean_line("".join(spaces)) == ""
    assert clean_line("\u200bx\u200c \u200d\u2060y\ufeff\u00ad ") == "x y"
    assert clean_line("  plain  text\t\n") == "plain text"


def test_branches_split_at_top_level_bars_only() -> None:
    assert branches(r"a|(b|c)|[|]|\|d") == ["a", "(b|c)", "[|]", r"\|d"]


def test_branches_sharing_an_opening_group_are_searched_together() -> None:
    source = r"x|(?:^|-)a|(?:^|-)b|(?:^|-)c|(?:^|-)?d"
    assert factored(source) == [r"x|(?:^|-)?d", r"(?:^|-)(?:a|b|c)"]  # a quantified group stays as it is
    assert factored(r"x|(?:^|-)a") == [r"x|(?:^|-)a"]  # one such branch: not worth a search of its own
