"""The other voices of the main-content vote: well-kept extractors, each page HTML -> the article's plain text.

Each member is bounded like our own pass: members that read our tree only get trees within our parse guards
(at most 2M characters of markup) and of at most ``MAX_BLOCKS`` text blocks; resiliparse (linear, C++) gets at most
``MAX_CHARS`` characters. A member that fails on a page simply has no voice there (never an exception out).
Trafilatura and readability work on our parsed tree (each on its own copy: one parse for all); resiliparse has its
own HTML parser (lexbor, far faster than a copy of the tree) and takes the page's text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass

from lxml import etree, html

MAX_CHARS = 3_000_000
MAX_BLOCKS = 5_000  # real article pages have a few hundred; a page of more is not an article page
_TEXT_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "td", "dd", "dt", "figcaption")

for _name in ("trafilatura", "readability", "readability.readability", "htmldate", "courlan"):
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
        page.root, url=page.url or None, fast=True, include_comments=False, include_tables=True,
        deduplicate=False, favor_recall=True,
    )


def _readability_summary(root: html.HtmlElement, url: str) -> str:
    from readability import Document

    class SharedTreeDocument(Document):  # type: ignore[misc]
        """readability-lxml re-reads its input on each of its passes and mutates it: give each pass a copy."""

        def _parse(self, input):  # type: ignore[no-untyped-def]  # noqa: A002 - the library's name
            return super()._parse(deepcopy(input))

    return SharedTreeDocument(root, url=url or None).summary(html_partial=True)


def readability_text(page: PageInput) -> str | None:
    fragment = _readability_summary(page.root, page.url)
    if not fragment.strip():
        return None
    tree = html.fragment_fromstring(fragment, create_parent="div")
    parts = [el.text_content().strip() for el in tree.iter(*_TEXT_TAGS) if not _has_text_child(el)]
    return "\n\n".join(p for p in parts if p) or tree.text_content()


def _has_text_child(el: html.HtmlElement) -> bool:
    return any(child.tag in _TEXT_TAGS for child in el.iterdescendants())


def resiliparse_text(page: PageInput) -> str | None:
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(page.text, main_content=True, alt_texts=False, comments=False)


TRAFILATURA = Member("trafilatura", trafilatura_text)
READABILITY = Member("readability", readability_text)
RESILIPARSE = Member("resiliparse", resiliparse_text, reads_tree=False)
MEMBERS = {m.name: m for m in (TRAFILATURA, READABILITY, RESILIPARSE)}


def eligible(member: Member, page: PageInput) -> bool:
    """Within the member's size bound (the bound that keeps a page's extraction time bounded)."""
    return len(page.text) <= MAX_CHARS and not (member.reads_tree and page.blocks > MAX_BLOCKS)


def run_member(member: Member, page: PageInput) -> str | None:
    """The member's text for this page, or None when it has nothing or fails (a failing member has no voice)."""
    if not eligible(member, page):
        return None
    try:
        return member.run(page) or None
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, etree.LxmlError,
            UnicodeError, MemoryError, LookupError, AssertionError):
        return None
