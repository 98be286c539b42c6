"""The other voices of the main-content vote: well-kept extractors, each page HTML -> the article's plain text.

Each member is bounded like our own pass: members that read our tree only get trees within our parse guards
(at most 2M characters of markup) and of at most ``MAX_BLOCKS`` text blocks; resiliparse (linear, C++) gets at most
``MAX_CHARS`` characters. A member that fails on a page simply has no voice there (never an exception out).
Trafilatura works on our parsed tree (on its own copy: one parse for all); resiliparse has its own HTML parser
(lexbor, far faster than a copy of the tree) and takes the page's text. readability-lxml was measured as a third voice
and left out: on real pages it did not raise the vote's score and cost more than both others (docs/benchmarks.md;
bench/extraction.py still measures it alone).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree, html

MAX_CHARS = 3_000_000
MAX_BLOCKS = 5_000  # real article pages have a few hundred; a page of more is not an article page

for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


@dataclass(slots=True)
class PageInput:
    """What members read: the decoded page (for members with their own parser), our parsed tree, the URL."""

    text: str
    root: html.HtmlElement
    url: str
    blocks: int = 0  # text blocks our segmentation found (the tree's size, for the members' bound)


@dataclass(frozen=True, slots=True)
class Member:
    name: str
    run: Callable[[PageInput], str | None]
    reads_tree: bool = True


def trafilatura_text(page: PageInput) -> str | None:
    import trafilatura

    # trafilatura copies a tree it is given; fast=True: its own readability/jusText fallbacks are voices here
    return trafilatura.extract(
        page.root,
        url=page.url or None,
        fast=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        favor_recall=True,
    )


def resiliparse_text(page: PageInput) -> str | None:
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(page.text, main_content=True, alt_texts=False, comments=False)


TRAFILATURA = Member("trafilatura", trafilatura_text)
RESILIPARSE = Member("resiliparse", resiliparse_text, reads_tree=False)
MEMBERS = {m.name: m for m in (TRAFILATURA, RESILIPARSE)}


def eligible(member: Member, page: PageInput) -> bool:
    """Within the member's size bound (the bound that keeps a page's extraction time bounded)."""
    return len(page.text) <= MAX_CHARS and not (member.reads_tree and page.blocks > MAX_BLOCKS)


def run_member(member: Member, page: PageInput) -> str | None:
    """The member's text for this page, or None when it has nothing or fails (a failing member has no voice)."""
    if not eligible(member, page):
        return None
    try:
        return member.run(page) or None
    except (
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        AttributeError,
        RecursionError,
        etree.LxmlError,
        UnicodeError,
        MemoryError,
        LookupError,
        AssertionError,
    ):
        return None
