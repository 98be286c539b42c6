"""The record's items from the cleaned blocks: paragraphs, sub-headings and figures; a caption joins its image, and a
second copy of the text (mobile and desktop copies of one page) goes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from workers.extraction import noise
from workers.extraction.blocks import Block
from workers.extraction.normalize import normalize_paragraph, squash
from workers.extraction.paragraphs import TRAILER, CleanContext

_CAPTION_START = re.compile(r"^[（(]?(?:图|上图|下图|图为|▲|△|Photo|Pictured)")
_CENTER = re.compile(r"text-align\s*:\s*center", re.I)


@dataclass(slots=True)
class Item:
    kind: str  # "p", "h" (sub-heading) or "img"
    text: str = ""
    url: str | None = None
    caption: str | None = None
    block: Block | None = None


def to_items(blocks: list[Block], ctx: CleanContext, image_url, alt_caption) -> list[Item]:
    """Paragraphs, sub-headings and figures; a short centred/figcaption line after an image is its caption."""
    items: list[Item] = []
    pending: Item | None = None
    centred_text = _centred_text(blocks)
    by_index = {b.index: b for b in blocks}
    for block in blocks:
        if block.image is not None:
            url = image_url(block.image)
            if url:
                pending = Item("img", url=url, caption=None, block=block)
                items.append(pending)
            continue
        text = normalize_paragraph(block.text)
        if not text:
            continue
        if (
            pending is not None
            and pending.caption is None
            and not _inline_image(pending.block, by_index)
            and _caption_like(block, pending.block, centred_text)
        ):
            pending.caption = text
            pending = None
            continue
        pending = None
        if noise.is_photo_credit(text) or squash(text) in ctx.image_captions or _in_figcaption(block):
            continue  # a caption or credit whose image is gone (lazy-loaded, or dropped as boilerplate)
        items.append(Item("h" if block.heading and len(text) <= 60 else "p", text, block=block))
    for item in items:
        if item.kind == "img" and item.caption is None:
            item.caption = alt_caption(item.block.image)
    if items:
        for item in [i for i in items if i.kind != "img"][-3:]:
            item.text = noise.cut_disclaimer(item.text)
            trailer = TRAILER.search(item.text)
            if trailer:
                ctx.trailers.append((trailer.group("label"), trailer.group("value").strip()))
                item.text = item.text[: trailer.start()].rstrip()
        items = _dedupe([i for i in items if i.kind == "img" or i.text])
    while items and items[-1].kind != "img" and len(items[-1].text) <= 12 and items[-1].text.endswith((":", "：")):
        items.pop()  # a dangling label ("相关附件：") with nothing after it
    return items


_RUN_STEPS = 20
# A second copy of the text is near half of what was kept (a whole copy is half); repeated runs that are a
# smaller share are the article's own (a later section quoting lines of an earlier one).
COPY_SHARE = 0.4


def _dedupe(items: list[Item]) -> list[Item]:
    """Drop a second copy of the text (pages that carry it twice, e.g. mobile and desktop copies): a long
    paragraph seen before goes when it stands in a repeated run of at least two different paragraphs, and the
    repeats add up to a copy of the text (COPY_SHARE). A page that repeats one paragraph on purpose keeps every
    repeat."""
    texts = [i.text if i.kind != "img" and len(i.text) >= 30 else None for i in items]
    first: dict[str, int] = {}
    for n, text in enumerate(texts):
        if text is not None:
            first.setdefault(text, n)
    drop: set[int] = set()
    for n, text in enumerate(texts):
        if text is None or first[text] == n:
            continue
        earlier = first[text]
        run = {text}
        for step in (-1, 1):
            a, b = n + step, earlier + step
            # a few steps decide it (a copy differs at once); the bound keeps long runs of one text linear
            for _ in range(_RUN_STEPS):
                if len(run) >= 2 or not (0 <= a < len(texts) and 0 <= b < n) or texts[a] is None:
                    break
                if texts[a] != texts[b]:
                    break
                run.add(texts[a])
                a, b = a + step, b + step
        if len(run) >= 2:
            drop.add(n)
    dropped = sum(len(texts[n] or "") for n in drop)
    total = sum(len(i.text) for i in items if i.kind != "img")
    if dropped < COPY_SHARE * total:
        return items  # an article that repeats a few lines in a later section, not a second copy of the text
    return [item for n, item in enumerate(items) if n not in drop]


def _centred(block: Block) -> bool:
    style = f"{block.owner.get('style', '')} align={block.owner.get('align', '')}"
    return bool(_CENTER.search(style) or "center" in style.lower())


def _centred_text(blocks: list[Block]) -> bool:
    """Is centring the article's own paragraph style (photo blogs centre every line)? Then a centred line after
    an image is a paragraph, not a caption."""
    text = [b for b in blocks if b.image is None]
    total = sum(b.wlen for b in text)
    return total > 0 and sum(b.wlen for b in text if _centred(b)) > 0.5 * total


def _inline_image(image_block: Block | None, by_index: dict[int, Block]) -> bool:
    """An image inside running text (a formula, an emoji, an icon): the text right before it stands in the same
    element, so the text after it continues the sentence rather than captioning the image."""
    before = by_index.get(image_block.index - 1) if image_block is not None else None
    return before is not None and before.image is None and before.owner is image_block.owner


def _runs_on(image_block: Block) -> bool:
    """A picture set at the start of a paragraph whose text runs on after it in the same line (no line break between):
    the paragraph's own text, not the picture's caption."""
    image = image_block.image
    if image is None or image_block.owner.tag != "p":
        return False
    after = image.getnext()
    return bool((image.tail or "").strip()) or (after is not None and after.tag != "br")


def _in_figcaption(block: Block) -> bool:
    return block.owner.tag == "figcaption" or any(a.tag == "figcaption" for a in block.owner.iterancestors())


def _caption_like(block: Block, image_block: Block | None, centred_text: bool = False) -> bool:
    if block.wlen > 160 or image_block is None or block.index != image_block.index + 1:
        return False
    if block.owner.tag == "figcaption":
        return True
    if block.owner is image_block.owner and not _runs_on(image_block):
        return True
    return bool((_centred(block) and not centred_text) or _CAPTION_START.match(block.text))
