"""Main-content block: the DOM subtree with the highest sum of text value over its blocks.

A block's value grows with its non-link text and punctuation and goes negative for link lists, short
fragments and boilerplate (nav/footer/share/related). The best subtree is the argmax of the sums, weighted by
class/id hints, so a container wins only when what it adds to its best child is worth more than it costs.
"""

from __future__ import annotations

import re

from lxml import html

from workers.extraction.blocks import BLOCK_TAGS, Block, is_negative, is_positive

_PUNCT = re.compile(r"[，。、；！？：,.;!?]")


def block_value(block: Block) -> float:
    if block.image is not None:
        return 4.0 if not block.boiler else -2.0
    size = block.wlen
    if block.boiler:
        return -min(size, 80) * 0.5 - 2
    density = block.link_density
    if density > 0.5:
        return -size * density * 0.6 - 3
    punct = min(len(_PUNCT.findall(block.text)), 12)
    return size * (1 - density) - 14 + 5 * punct


def choose_main(body: html.HtmlElement, blocks: list[Block]) -> html.HtmlElement:
    """Return the element whose subtree holds the article text."""
    score: dict[html.HtmlElement, float] = {}
    for block in blocks:
        score[block.owner] = score.get(block.owner, 0.0) + block_value(block)
    elements = [el for el in body.iter() if isinstance(el.tag, str)]
    for el in reversed(elements):
        parent = el.getparent()
        if parent is not None and el in score:
            score[parent] = score.get(parent, 0.0) + score[el]
    best = _argmax(elements, score, body)
    first = _first_of_several_articles(best, score)
    if first is not None:
        best = _argmax([el for el in first.iter() if isinstance(el.tag, str)], score, first)
    return best


def _argmax(
    elements: list[html.HtmlElement], score: dict[html.HtmlElement, float], default: html.HtmlElement
) -> html.HtmlElement:
    best, best_score = default, float("-inf")
    for el in elements:
        value = score.get(el)
        if value is None or el.tag not in BLOCK_TAGS:
            continue
        if value > 0:
            if is_positive(el):
                value *= 1.15
            if is_negative(el) and not is_positive(el):
                value *= 0.7
        if value > best_score:
            best, best_score = el, value
    return best


def _first_of_several_articles(best: html.HtmlElement, score: dict[html.HtmlElement, float]) -> html.HtmlElement | None:
    """A page that appends the next articles below its own (endless scroll) holds several <article> elements, each
    with its own headline, and the best subtree spans them all or takes a longer later one: the page's own
    article is the first."""
    root = best.getroottree().getroot()
    articles = [a for a in root.iter("article") if a.find(".//h1") is not None]
    articles = [a for a in articles if not any(p in articles for p in a.iterancestors("article"))]
    if len(articles) < 2:
        return None
    inside = set(best.iter())
    in_later = any(a in inside or best in a.iter() for a in articles[1:])
    spans = sum(1 for a in articles if a in inside) >= 2
    if (in_later or spans) and score.get(articles[0], 0.0) > 0:
        return articles[0]
    return None
