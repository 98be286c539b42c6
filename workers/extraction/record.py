"""extract_record: bytes/str + URL -> ArticleRecord. Pure (no I/O), bounded, never raises on bad markup."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lxml import html

from common.timezone import CHINA_TZ
from workers.extraction import assets, ensemble, field_resolution, paragraphs, serialize, titles
from workers.extraction.authors import split_names
from workers.extraction.blocks import (
    COMMENTS,
    Block,
    boilerplate_elements,
    element_class_id,
    parse_html,
    preclean,
    segment,
)
from workers.extraction.class_hints import hint_match
from workers.extraction.encoding import decode_html
from workers.extraction.hints import hinted_fields
from workers.extraction.items import Item, to_items
from workers.extraction.main_block import choose_main
from workers.extraction.members import PageInput
from workers.extraction.metadata import HeadInfo, declared_canonical, ld_text, normalize_lang, read_head
from workers.extraction.models import ArticleRecord, ExtractionError, ExtractionRules, ImageRef
from workers.extraction.normalize import detect_language, has_masked, normalize_paragraph, squash, weighted_len
from workers.extraction.overrides import apply_selectors, select_main

MAX_BYTES = 6_000_000
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32)])
SHORT_BODY = 250
LOW_CONFIDENCE = 0.5


def check_page(data: bytes) -> None:
    """Raise ExtractionError for input that is not a page at all (empty or binary)."""
    if not data.strip():
        raise ExtractionError("empty input")
    head = data[:4096]
    if head.startswith((b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"Rar!")):
        raise ExtractionError("binary input (document, image or archive), not a page")
    if head.count(b"\x00") > len(head) // 10 and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExtractionError("binary input (NUL bytes), not a page")
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > len(head) // 10:
        raise ExtractionError("binary input (control bytes), not a page")


def extract_record(
    body_in: bytes | str,
    url: str,
    *,
    headers: Mapping[str, str] | None = None,
    rules: ExtractionRules | None = None,
    template_lines: frozenset[str] = frozenset(),
    low_confidence_below: float = LOW_CONFIDENCE,
) -> ArticleRecord:
    """Extract one clean article record from a page.

    Raises ExtractionError only when the input is not a page at all (empty, binary); every other problem
    (invalid markup, lying charsets, truncation, huge or deeply nested documents) gives a record with flags.
    A record whose main-content vote agreed less than ``low_confidence_below`` is flagged ``low_confidence``.
    """
    rules = rules or ExtractionRules()
    flags: set[str] = set()
    if isinstance(body_in, str):
        text = body_in
        check_page(text[:4096].encode("utf-8", "replace"))
    else:
        check_page(body_in)
        if len(body_in) > MAX_BYTES:
            body_in, _ = body_in[:MAX_BYTES], flags.add("truncated_input")
        text, _, guessed = decode_html(body_in, headers, rules.encoding)
        if guessed:
            flags.add("encoding_guessed")
    root, parse_flags = parse_html(text)
    flags.update(parse_flags)
    try:
        record = _extract(root, PageInput(text, root, url), rules, template_lines, flags)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
        # a defect of ours must not take the worker down: the page is recorded as failed extraction
        return ArticleRecord(url=url, flags=sorted(flags | {"extraction_error"}))
    if record.confidence is not None and record.confidence < low_confidence_below:
        record.flags = sorted({*record.flags, "low_confidence"})
    return record


def _extract(
    root: html.HtmlElement, source: PageInput, rules: ExtractionRules, template_lines: frozenset[str], flags: set[str]
) -> ArticleRecord:
    url = source.url
    # lxml makes a new Python object (a Python-level class lookup) for an element each time one is visited while no
    # reference to it lives: holding them all for the page makes every later walk of the tree reuse them
    _elements = list(root.iter())
    tz = _zone(rules.timezone, flags)
    head = read_head(root, url)
    preclean(root)
    page = root.find("body")
    page = page if page is not None else root
    overridden = apply_selectors(root, rules, tz)
    boiler = boilerplate_elements(page, len(page.text_content()))
    blocks, deep = segment(page, boiler)
    if deep:
        flags.add("deep_nesting")
    ruled = select_main(page, rules)
    main = ruled if ruled is not None else choose_main(page, blocks)
    inside = set(main.iter())
    main_boiler = main in boiler or any(a in boiler for a in main.iterancestors())
    content = [b for b in blocks if b.owner in inside and (main_boiler or not b.boiler)]
    start = content[0].index if content else 0
    end = content[-1].index if content else len(blocks)
    title, title_block = titles.find_title(head, blocks, start, end)
    if overridden.get("title"):
        title, title_block = overridden["title"], _block_with(blocks, overridden["title"]) or title_block
    sub = titles.find_subtitle(head, blocks, title_block, title)
    subtitle = sub.text if isinstance(sub, Block) else sub
    anchor = title_block.index if title_block is not None else start
    hits = field_resolution.labelled(blocks, anchor)
    crumbs, rooted, crumb_block = titles.breadcrumb(blocks, title, title_block.index if title_block else None)
    comments = {el for el in boiler if hint_match(COMMENTS, element_class_id(el))}
    hinted = hinted_fields(page, title_block.owner if title_block is not None else None, comments)
    values = {
        "title": title,
        "subtitle": subtitle,
        "published_at": field_resolution.resolve_date(head, hits, blocks, anchor, url, tz, hinted.get("date")),
        "source": field_resolution.resolve_source(head, hits, hinted.get("source")),
        "editor": field_resolution.resolve_editor(hits) or hinted.get("editor"),
        "category": crumbs[-1]
        if crumbs
        else (
            head.first("columnname", "article:section", "category", "section")
            or titles.title_category(head.title_tag, title)
        ),
        "site_name": titles.site_name(head, crumbs, rooted, title),
    }
    values["title"] = titles.headline(head, title, values["site_name"])
    values.update({k: v for k, v in overridden.items() if k in values and v is not None})
    if title_block is not None and title_block in content:
        before = [b for b in content if b.index < title_block.index]
        if sum(b.wlen for b in before) < 0.3 * sum(b.wlen for b in content):
            content = [b for b in content if b.index > title_block.index]
    confidence: float | None = 1.0  # a source's own main-content selector is trusted as is
    if ruled is None:
        ballot = ensemble.vote(blocks, content, source)
        content, confidence = ballot.blocks, ballot.confidence
    descriptions = _descriptions(head)
    lead = None
    if ruled is None and title_block is not None:
        lead = ensemble.standfirst(blocks, content, descriptions, title_block.index)
        if lead is not None and all(b.index != lead.index for b in content):
            content = sorted([*content, lead], key=lambda b: b.index)
    base = head.base_url or url
    stems = frozenset(assets.image_stem(b.image.get("src") or "") for b in content if b.image is not None) - {""}
    ctx = paragraphs.CleanContext(
        title=title,
        subtitle=values["subtitle"],
        template_lines=template_lines,
        noise_patterns=rules.noise_patterns,
        image_stems=stems,
        image_captions=_image_captions(head, title, descriptions),
        # a deck the description repeats is the article's standfirst: its text as well as the subtitle
        drop={
            b.index for b in (sub if isinstance(sub, Block) else None, crumb_block) if b is not None and b is not lead
        },
        site_names=frozenset(
            squash(n) for n in (values["site_name"], head.title_tag) if n and squash(n) != squash(title or "")
        ),
    )
    kept = paragraphs.clean_blocks(content, ctx)
    byline, kept = paragraphs.take_byline(kept)
    if byline is None:
        byline, _ = paragraphs.take_byline([b for b in blocks[anchor + 1 : anchor + 6] if b.image is None])
    exclude = {v for v in (values["site_name"], values["source"]) if v}
    author, authors = field_resolution.resolve_authors(head, hits, byline or hinted.get("author"), exclude)
    if overridden.get("author"):
        author, authors = overridden["author"], split_names(overridden["author"]) or [overridden["author"]]
    values.update(author=author, authors=authors)
    items = to_items(kept, ctx, lambda img: assets.image_url(img, base), assets.alt_caption)
    for label, value in ctx.trailers:
        key = "editor" if "编" in label or label.lower() == "editor" else "source"
        values[key] = values[key] or value
    items = _json_ld_body(head, items)
    flags.update(ctx.flags)
    text = serialize.body_text(items)
    if _paginated(page, url):
        flags.add("paginated")
    if values["published_at"] is None:
        flags.add("no_date")
    if not values["title"]:
        flags.add("no_title")
    if not text:
        flags.add("empty_body")
    elif weighted_len(text) < SHORT_BODY:
        flags.add("short_body")
    if has_masked(text):
        flags.add("masked_text")
    return ArticleRecord(
        url=declared_canonical(head, url),
        language=_language(head.lang, text or (values["title"] or "")),
        body_text=text,
        body_html=serialize.body_html(items),
        images=_images(items),
        attachments=assets.attachment_links(page, base, boiler),
        flags=sorted(flags),
        confidence=confidence,
        **values,
    )


def _json_ld_body(head, items: list[Item]) -> list[Item]:  # type: ignore[no-untyped-def]
    """Pages rendered by script carry the text only in JSON-LD articleBody: use it when the DOM gave far less."""
    article = ld_text(head.ld("articleBody"))
    found = sum(weighted_len(i.text) for i in items if i.kind != "img")
    if not article or weighted_len(article) < max(400, 3 * found):
        return items
    raw = head.ld("articleBody")
    parts = [p for p in re.split(r"\s*\n\s*", str(raw)) if p.strip()] if isinstance(raw, str) else [article]
    return [Item("p", normalize_paragraph(p)) for p in parts if normalize_paragraph(p)]


def _descriptions(head: HeadInfo) -> list[str]:
    """The page's own summary, as its meta tags and its JSON-LD give it."""
    return [d for d in (head.first("description", "og:description"), ld_text(head.ld("description"))) if d]


def _image_captions(head: HeadInfo, title: str | None, descriptions: list[str]) -> frozenset[str]:
    """The captions the page's structured data gives its pictures (squashed), except one that is also the page's
    headline or description: some pages describe their lead picture with the article's own summary."""
    own = {squash(v) for v in (title, *descriptions) if v}
    return frozenset(c for c in map(squash, head.image_captions) if c and c not in own)


def _site_names(site_name: str | None, title_tag: str, headline: str | None) -> frozenset[str]:
    """The site's own name as a line may spell it (squashed), never the headline itself."""
    names = {squash(n) for n in (site_name, title_tag) if n}
    return frozenset(names - {squash(headline or ""), ""})


def _zone(name: str, flags: set[str]) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        flags.add("bad_rules")
        return CHINA_TZ


def _block_with(blocks: list[Block], text: str) -> Block | None:
    return next((b for b in blocks if b.text == text), None)


def _images(items: list[Item]) -> list[ImageRef]:
    seen: dict[str, ImageRef] = {}
    for item in items:
        if item.kind == "img" and item.url and item.url not in seen:
            seen[item.url] = ImageRef(url=item.url, caption=item.caption)
    return list(seen.values())


def _language(declared: str | None, text: str) -> str | None:
    detected = detect_language(text)
    lang = normalize_lang(declared)
    if lang and detected and lang != detected and {lang, detected} & {"zh", "ja", "ko"}:
        return detected
    return lang or detected


_PAGE_NO = re.compile(r"^(?P<stem>.+?)_(?P<n>\d{1,2})(?P<ext>\.s?html?)$")


def _paginated(page: html.HtmlElement, url: str) -> bool:
    """Part of a multi-page article: 'x_2.html' linked from 'x.html', or 'x_N.html' linking back to 'x.html'."""
    name = url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    if "." not in name:
        return False
    numbered = _PAGE_NO.match(name)
    if numbered:
        targets = {numbered["stem"] + numbered["ext"]}
        sibling = re.compile(re.escape(numbered["stem"]) + r"(?:_\d{1,2})?" + re.escape(numbered["ext"]) + "$")
    else:
        stem, ext = name.rsplit(".", 1)
        targets = set()
        sibling = re.compile(re.escape(stem) + r"_[2-9]\d?\." + re.escape(ext) + "$")
    for a in page.iter("a"):
        href = (a.get("href") or "").split("?")[0].split("#")[0].rsplit("/", 1)[-1]
        if href and href != name and (href in targets or sibling.search(href)):
            return True
    return False
