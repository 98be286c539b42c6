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
    best, best_score = body, float("-inf")
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
