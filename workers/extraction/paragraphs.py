"""The cleaning pass: which of the main block's text blocks are article text (workers/extraction/items turns them
into paragraphs and figures)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workers.extraction import assets, noise
from workers.extraction.blocks import HEADING_TAGS, Block, element_class_id
from workers.extraction.class_hints import hint_match
from workers.extraction.dates import find_date
from workers.extraction.field_resolution import date_line
from workers.extraction.labels import byline_names, label_coverage, parse_labels
from workers.extraction.normalize import normalize_paragraph, squash

_META_KINDS = frozenset(
    {"source", "author", "editor", "reviewer", "photo", "views", "font", "share", "updated", "date", "contact"}
)
_CREDIT = re.compile(
    r"(?:报道|摄|供稿|(?:图|图片|摄影|摄像|视频|编辑|校对)\s*[/｜|:：]\s*\S{1,12}(?:\s+\S{1,12}){0,2})"
)
TRAILER = re.compile(
    r"[（(【\[]\s*(?P<label>责任编辑|责编|编辑|来源|稿源|Editor|Source)\s*[:：]\s*(?P<value>[^（）()【】\[\]]{1,40})[）)】\]]\s*$"
)
# a line made only of credits ("医技药剂党支部、药剂科供稿 摄影/张艳 编辑/苏芳"): who supplied, shot and edited it
_CREDIT_ITEM = (
    r"(?:[^\s，。；,;:：]{1,20}(?:供稿|供图)|(?:文|图|文/图|图片|摄影|摄像|视频|编辑|校对|审核|初审|复审|终审|责编)"
    r"\s*[/／]\s*[^\s，。；,;/／]{1,12})"
)
_CREDIT_LINE = re.compile(rf"^\s*{_CREDIT_ITEM}(?:\s+{_CREDIT_ITEM})+\s*$")


@dataclass(slots=True)
class CleanContext:
    title: str | None = None
    subtitle: str | None = None
    drop: set[int] = field(default_factory=set)
    template_lines: frozenset[str] = frozenset()
    noise_patterns: list[str] = field(default_factory=list)
    image_stems: frozenset[str] = frozenset()
    image_captions: frozenset[str] = frozenset()  # squashed: the pictures' captions the page's structured data gives
    flags: set[str] = field(default_factory=set)
    trailers: list[tuple[str, str]] = field(default_factory=list)
    site_names: frozenset[str] = frozenset()  # squashed: a line that only names the site is its header or footer


def is_meta_line(text: str, in_header: bool) -> bool:
    labels = parse_labels(text)
    if not labels:
        return False
    kinds = {lab.kind for lab in labels}
    if kinds <= {"date", "updated"} and not in_header:
        return len(text) < 60 and label_coverage(text, labels) > 0.9
    if labels[0].start <= 2 and len(text) < 160:
        return bool(kinds & _META_KINDS)
    if label_coverage(text, labels) >= 0.6:
        return True
    rest = text[: labels[0].start].strip()
    return len(text) < 160 and (not rest or date_line(rest) or noise.is_widget(rest))


def classify(block: Block, ctx: CleanContext, in_header: bool) -> str | None:
    """Why a text block is not article text (None = keep)."""
    text = block.text
    key = squash(text)
    if block.index in ctx.drop:
        return "used"
    if ctx.template_lines and (text in ctx.template_lines or normalize_paragraph(text) in ctx.template_lines):
        return "template"
    for pattern in ctx.noise_patterns:
        try:
            if re.search(pattern, text):
                return "rule"
        except re.error:
            continue
    if (
        block.link_density > 0.6
        and block.wlen < 400
        and not assets.links_to_document(block.owner)
        and not _linked_sentence(block)
    ):
        return "links"
    if noise.is_punctuation_only(text):
        return "empty"
    if _in_social_embed(block):
        return "embed"
    if _in_author_bio(block):
        return "author_bio"
    if in_header and ctx.title and (key == squash(ctx.title) or (len(key) > 8 and squash(ctx.title) == key)):
        return "title"
    if ctx.subtitle and key == squash(ctx.subtitle) and in_header:
        return "subtitle"
    if key in ctx.site_names:
        return "site_name"
    if noise.is_breadcrumb(text) and (in_header or len(text) < 80):
        return "breadcrumb"
    if noise.is_widget(text):
        return "widget"
    if is_meta_line(block.ltext or text, in_header):
        return "meta"
    if in_header and (date_line(text) or _dateline(text)):
        return "date"
    if noise.is_original_title(text):
        return "original_title"
    if len(text) <= 80 and _CREDIT_LINE.match(text):
        return "credit"
    if noise.is_file_caption(text, ctx.image_stems):
        return "file_caption"
    if noise.is_pagination(text):
        ctx.flags.add("paginated")
        return "pagination"
    if noise.is_prev_next(text) or noise.VIEWS_ONLY.match(text):
        return "widget"
    if noise.is_footer(text):
        return "footer"
    if noise.is_call_to_action(text) or noise.is_consent_notice(text):
        return "call_to_action"
    return None


# the markup the platforms' embed code gives a post before its script renders it (a quoted post, not the article's text)
_SOCIAL_EMBED = re.compile(
    r"(?:^|\s)(?:twitter-tweet|instagram-media|tiktok-embed|bluesky-embed|threads-embed)(?:\s|$)"
)


def _in_social_embed(block: Block) -> bool:
    return any(
        el.tag == "blockquote" and _SOCIAL_EMBED.search(el.get("class") or "")
        for el in (block.owner, *block.owner.iterancestors())
    )


# the box about the writer that closes many articles ("author-bio", "about-the-author", "c-author__bio")
_AUTHOR_BIO = re.compile(
    r"author[-_]*(?:bio|box|info|card|profile|about)|about[-_]*(?:the[-_]*)?author|(?:^|[-_\s])bio(?:graphy)?(?:$|[-_\s])",
    re.I,
)
_AUTHOR_BIO_LEVELS = 4  # the box's own class may sit a few wrappers above the paragraph
_AUTHOR_BIO_MAX = 1200  # characters: a box that holds more is a profile article, not a note about its writer


def _in_author_bio(block: Block) -> bool:
    """A sentence in the box about the writer (who they are, what they cover, where to follow them): page
    furniture under every article of that writer, not this article's text. A byline line in such a box is read
    for the authors before cleaning, and is not a sentence."""
    if not _SENTENCE_END.search(block.text):
        return False
    for n, el in enumerate((block.owner, *block.owner.iterancestors())):
        if n > _AUTHOR_BIO_LEVELS or el.tag in ("article", "main", "body"):
            return False
        if hint_match(_AUTHOR_BIO, element_class_id(el)):
            return len(el.text_content()) <= _AUTHOR_BIO_MAX
    return False


# a final stop, perhaps inside a closing quote and before footnote marks ("...in 1973.[4]")
_SENTENCE_END = re.compile(r"[.!?。！？][\"'”’»」）)]?(?:\[\d{1,3}\])*$")
_LABEL_LEAD = re.compile(r"^[^\s:：|]{1,20}(?:\s+[^\s:：|]{1,20}){0,3}\s*[:：|]")


def _linked_sentence(block: Block) -> bool:
    """A paragraph of the article that links most of its words: a full sentence (it ends as one) with some
    unlinked text, not a teaser headline (all link, no final stop) or a 'Read also: …' line (a label first)."""
    return (
        not block.heading
        and block.wlen >= 60
        and block.link_density < 0.9
        and _SENTENCE_END.search(block.text) is not None
        and _LABEL_LEAD.match(block.text) is None
    )


_CLOCK = re.compile(r"(?<![\d.:])\d{1,2}[:.]\d{2}(?!\d)")
_NUM_DATE = re.compile(r"(?<!\d)(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})(?!\d)")
_CJK_TEXT = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_WORD = re.compile(r"[^\W\d_]+")


def _dateline(text: str) -> bool:
    """A publication line in any language ("Stand: 22.04.2024, 06:00 Uhr", "Publicerad 22:31", "Published
    November 18, 2024 9:26pm"): a numeric date or clock time with at most six words around it. CJK lines are
    left to date_line and the labelled-line rules, which know their words."""
    if len(text) > 90 or _CJK_TEXT.search(text):
        return False
    if not (find_date(text) or _NUM_DATE.search(text) or _CLOCK.search(text)):
        return False
    return len(_WORD.findall(_NUM_DATE.sub(" ", text))) <= 6


def _real(block: Block) -> bool:
    return block.image is None and block.wlen >= 60 and re.search(r"[，。,.；;！!？?]", block.text) is not None


_HEADER_TEXT_MAX = 200


def clean_blocks(blocks: list[Block], ctx: CleanContext) -> list[Block]:
    """Keep the blocks that are article text or images, in order."""
    ctx.drop |= _title_lines(blocks, ctx.title)
    verdicts: list[tuple[Block, str | None]] = []
    in_header = True
    kept_text = 0  # words of text kept while still in the header
    for block in blocks:
        if block.image is not None:
            verdicts.append((block, None))
            continue
        if in_header and _real(block) and not is_meta_line(block.ltext, True):
            in_header = False
        if in_header and kept_text >= _HEADER_TEXT_MAX:
            in_header = False  # an article written without punctuation: its text has begun all the same
        why = classify(block, ctx, in_header)
        verdicts.append((block, why))
        if why is None and in_header:
            kept_text += block.wlen
    kept = [b for n, (b, why) in enumerate(verdicts) if why is None or (why == "links" and _heads_text(verdicts, n))]
    return _cut_tail(_drop_repeated_labels(_cut_after_editor(kept, verdicts)))


_TITLE_LINES_MAX = 4  # lines a headline is set on (a gazette's document title runs to three)


def _title_lines(blocks: list[Block], title: str | None) -> set[int]:
    """The headline set again at the top of the text on several lines (a document's title broken with <br>): the
    first run of lines that together are the title, each shorter than it."""
    key = squash(title or "")
    if len(key) < 8:
        return set()
    texts = [b for b in blocks[: 2 * _TITLE_LINES_MAX + 2] if b.image is None and squash(b.text)]
    for start in range(len(texts)):
        joined = ""
        for end in range(start, min(start + _TITLE_LINES_MAX, len(texts))):
            joined += squash(texts[end].text)
            if not key.startswith(joined):
                break
            if joined == key and end > start:
                return {b.index for b in texts[start : end + 1]}
    return set()


def _cut_after_editor(kept: list[Block], verdicts: list[tuple[Block, str | None]]) -> list[Block]:
    """The editor's line ("(责编：汤诗瑶、丁涛)", "责任编辑：…") closes a Chinese article: what the vote kept after it
    outside the box that holds that line (a recommended-reading box, a list of other articles) goes."""
    total = sum(b.wlen for b in kept if b.image is None) or 1
    seen = 0
    line = None
    for block, why in verdicts:
        if block.image is None and why is None:
            seen += block.wlen
        if seen > 0.5 * total and _editor_line(block.text):
            line = block
            break
    if line is None:
        return kept
    box = line.owner.getparent()
    inside = set(box.iter()) if box is not None else set()
    return [b for b in kept if b.index <= line.index or b.owner in inside]


def _editor_line(text: str) -> bool:
    if len(text) > 60:
        return False
    trailer = TRAILER.search(text)
    if trailer is not None and trailer.start() == 0 and "编" in trailer.group("label"):
        return True
    labels = parse_labels(text)
    return bool(labels) and labels[0].start <= 2 and labels[0].kind == "editor"


def _heads_text(verdicts: list[tuple[Block, str | None]], n: int) -> bool:
    """A linked heading right above a kept paragraph of its own container is that text's headline (a section
    front's teaser, a list article's item), not a link list."""
    block = verdicts[n][0]
    if block.owner.tag not in HEADING_TAGS:
        return False  # a bold link line between paragraphs is a promotion ("CLICK HERE ..."), not a headline
    after, why = next(((b, w) for b, w in verdicts[n + 1 :] if b.image is None), (None, "none"))
    return why is None and not after.heading and after.owner.getparent() is block.owner.getparent()


_LABEL_MAX = 30
_LABEL_REPEATS = 4


def _drop_repeated_labels(kept: list[Block]) -> list[Block]:
    """A short line that is not a sentence and stands on its own four times or more is a label the page repeats
    between paragraphs ('Article content', 'Advertisement', 'Read also', a credit), not article text. Table cells
    repeat values on purpose and stay."""
    counts: dict[str, int] = {}
    for block in kept:
        if block.image is None and len(block.text) <= _LABEL_MAX and not _SENTENCE_END.search(block.text):
            counts[block.text] = counts.get(block.text, 0) + 1
    labels = {text for text, n in counts.items() if n >= _LABEL_REPEATS}
    if not labels:
        return kept
    return [b for b in kept if b.image is not None or b.text not in labels or _in_table_row(b)]


def take_byline(kept: list[Block]) -> tuple[str | None, list[Block]]:
    """Author names from a byline at the start or end of the article; a standalone byline line is removed."""
    texts = [b for b in kept if b.image is None]
    for block in texts[:4] + texts[-3:]:
        found = byline_names(block.text)
        if not found or not found[0]:
            continue
        names, start, end = found
        rest = (block.text[:start] + " " + block.text[end:]).strip()
        if not rest or date_line(rest) or noise.is_punctuation_only(rest) or _CREDIT.fullmatch(rest):
            return names, [b for b in kept if b is not block]
        if start <= 60 or end >= len(block.text) - 2:
            return names, kept
    return None, kept


def _cut_tail(kept: list[Block]) -> list[Block]:
    """Drop a trailing related-links/media-matrix/comments section once the article has been seen. A box of that
    kind with article prose after it (a "most popular" rail set between the article's chunks) is dropped alone."""
    total = sum(b.wlen for b in kept) or 1
    seen = 0
    for i, block in enumerate(kept):
        if (
            block.image is None
            and len(block.text) < 60
            and noise.TAIL_START.match(block.text)
            and seen > 0.5 * total
            and not _in_table_row(block)
        ):
            after = _box_end(kept, i)
            if sum(1 for b in kept[after:] if _real(b) and b.wlen >= 100) < 2:
                return kept[:i]
            return kept[:i] + _cut_tail(kept[after:]) if after > i else kept[:i] + kept[i + 1 :]
        seen += block.wlen
    return kept


def _box_end(kept: list[Block], start: int) -> int:
    """The index of the first block after the box that opens with kept[start] (its largest ancestor holding none of
    the blocks before it)."""
    held: set = set()
    for b in kept[:start]:
        held.add(b.owner)
        held.update(b.owner.iterancestors())
    box = kept[start].owner
    for ancestor in box.iterancestors():
        if ancestor in held:
            break
        box = ancestor
    inside = set(box.iter())
    end = start + 1
    while end < len(kept) and kept[end].owner in inside:
        end += 1
    return end


def _in_table_row(block: Block) -> bool:
    """A line in a cell beside other cells is a table's value or column head ("Comment"), not a section heading."""
    for el in (block.owner, *block.owner.iterancestors()):
        if el.tag in ("td", "th"):
            row = el.getparent()
            return row is not None and sum(1 for c in row if c.tag in ("td", "th")) > 1
    return False
