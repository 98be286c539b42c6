"""Site template detection: paragraphs that repeat on most pages of the same site are not article text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

MIN_PAGES = 3
SHARE = 0.5


def paragraphs(body_text: str) -> set[str]:
    return {p.strip() for p in body_text.split("\n\n") if p.strip()}


def template_lines(bodies: Iterable[str], min_pages: int = MIN_PAGES, share: float = SHARE) -> frozenset[str]:
    """Paragraphs found in at least ``min_pages`` pages and in at least ``share`` of the given pages of one site.

    Feed it the body texts of several pages of the same site; pass the result to ``extract_record`` as
    ``template_lines`` to drop those paragraphs from every page of that site.
    """
    counts: Counter[str] = Counter()
    total = 0
    for text in bodies:
        total += 1
        counts.update(paragraphs(text))
    if total < min_pages:
        return frozenset()
    need = max(min_pages, int(total * share + 0.999))
    return frozenset(line for line, n in counts.items() if n >= need)


def template_in_pages(
    body_text: str, page_texts: list[str], min_pages: int = MIN_PAGES, share: float = SHARE, max_length: int = 300
) -> frozenset[str]:
    """The paragraphs of ``body_text`` that also stand in most of ``page_texts``: other raw pages of the same site
    (decoded, entities unescaped). Raw pages keep the evidence even after earlier records dropped the line."""
    if len(page_texts) < min_pages:
        return frozenset()
    need = max(min_pages, int(len(page_texts) * share + 0.999))
    return frozenset(
        line
        for line in paragraphs(body_text)
        if len(line) <= max_length and sum(line in text for text in page_texts) >= need
    )
