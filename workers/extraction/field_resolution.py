"""Date, source, author and editor: visible labelled lines first, then meta tags / JSON-LD, then URL."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from workers.extraction.blocks import Block
from workers.extraction.dates import date_from_url, find_date, parse_datetime, same_day
from workers.extraction.labels import ROLE, Label, parse_labels
from workers.extraction.metadata import HeadInfo, ld_text

_DATE_META = (
    "article:published_time", "og:article:published_time", "article:published", "og:published_time",
    "publishdate", "publish_date", "publish-date", "pubdate", "pubtime", "publishtime", "publication_date",
    "dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created", "dc.date", "dcterms.date",
    "datepublished", "time:published", "sailthru.date", "parsely-pub-date", "firstpublishedtime", "releasedate",
    "date", "created", "firstpubtime", "script:date",
)
_SOURCE_META = ("contentsource", "source", "og:source", "article:source", "citation_publisher", "dc.source")
_AUTHOR_META = ("author", "article:author", "dc.creator", "dcterms.creator", "byl", "sailthru.author", "parsely-author")
_ROLE_STRIP = re.compile(r"^\s*" + ROLE + r"\s*|\s*(?:报道|/?摄影?)\s*$")
_LETTER = re.compile(r"[^\W\d_]")
_ORG = re.compile(
    r"(?:网|报|报社|社|台|站|中心|委员会|工会|总工会|部|局|厅|办公室|新闻|频道|集团|公司)$|\b(?:News|Network|Media|Press|"
    r"Times|Post|Daily|Agency|Ltd|Inc|Group|Online|Magazine|Staff|Editorial|Desk)\b",
    re.I,
)
_URLISH = re.compile(r"https?://|www\.|\.(?:com|cn|net|org)\b", re.I)


@dataclass(slots=True)
class LabelHit:
    block: Block
    label: Label
    distance: float


def labelled(blocks: list[Block], anchor: int) -> list[LabelHit]:
    """Label hits of short, non-link lines, ordered by distance from the headline (after it is closer)."""
    hits: list[LabelHit] = []
    for block in blocks:
        if block.image is not None or len(block.text) > 400 or block.link_density > 0.5:
            continue
        for lab in parse_labels(block.ltext or block.text):
            offset = block.index - anchor
            distance = offset if offset >= 0 else -offset * 2.5
            if block.boiler:
                distance += 50
            hits.append(LabelHit(block, lab, distance))
    hits.sort(key=lambda h: h.distance)
    return hits


def resolve_date(
    head: HeadInfo, hits: list[LabelHit], blocks: list[Block], anchor: int, url: str, tz: tzinfo,
    hinted: str | None = None,
) -> datetime | date | None:
    visible = None
    for hit in hits:
        if hit.label.kind == "date" and hit.label.value and hit.distance <= 60:
            visible = parse_datetime(hit.label.value, tz)
            if visible:
                break
    meta = None
    for key in _DATE_META:
        value = head.first(key)
        meta = parse_datetime(value, tz) if value else None
        if meta:
            if key == "script:date" and isinstance(meta, datetime):
                meta = meta.astimezone(tz)  # a Unix time: show it in the site's zone
            break
    if meta is None:
        value = head.ld("datePublished", "dateCreated", "pubDate")
        meta = parse_datetime(str(value), tz) if value else None
    if visible is None and hinted:
        visible = parse_datetime(hinted, tz)
    if visible is None:
        visible = unlabelled_date(blocks, anchor, tz)
    if visible and meta:
        richer = isinstance(meta, datetime) and not isinstance(visible, datetime)
        return meta if same_day(visible, meta) and richer else visible
    if visible or meta:
        return visible or meta
    return date_from_url(url)


def unlabelled_date(blocks: list[Block], anchor: int, tz: tzinfo) -> datetime | date | None:
    """A bare date line near the headline ('2024-05-25 07:05', '2022-05-08 0 By')."""
    for block in blocks[max(0, anchor - 3): anchor + 8]:
        if block.image is not None or len(block.text) > 120 or block.link_density > 0.5:
            continue
        text = block.ltext or block.text
        if _UPDATED.match(text):
            continue
        if date_line(text):
            return parse_datetime(text, tz)
        labels = parse_labels(text)
        if labels and labels[0].start > 0 and date_line(text[: labels[0].start].strip(" |｜丨")):
            return parse_datetime(text[: labels[0].start], tz)
    return None


_BYLINE_WORDS = re.compile(r"(?:written |posted |story |words )?\bby\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}", re.I)
_DATE_WORDS = re.compile(
    r"\d{1,2}[:：.]\d{2}(?::\d{2})?|\d+|[\s:：|/,，.()（）\[\]【】\-·•]|星期.|周.|\bBy\b|[ap]\.?m\.?|"
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b(?:GMT|UTC|BST|CET|CEST|EST|EDT|PST|PDT|HKT)\b|"
    r"\b(?:last modified|modified|updated|published|posted|on|at)\b|发布于|更新于|时间",
    re.I,
)
_UPDATED = re.compile(r"\s*(?:updated|last (?:updated|modified)|modified|更新|修改|最后更新)", re.I)
_RELATIVE = re.compile(r"^\s*(?:\d+\s*(?:秒|分钟|小时|天|周|个月)前|刚刚|昨天|前天|今天|"
                       r"\d+\s*(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago|yesterday|today)", re.I)


def date_line(text: str) -> bool:
    """A short line that is mostly a date/time (possibly with a comment count or an empty 'By')."""
    if len(text) > 120:
        return False
    if _RELATIVE.match(text) and len(text) < 40:
        return True
    found = find_date(text)
    if not found:
        return False
    rest = text[: found[1]] + text[found[2]:]
    rest = _DATE_WORDS.sub("", _BYLINE_WORDS.sub("", rest))
    return len(rest) <= max(4, len(text) // 5)


def _first(hits: list[LabelHit], kind: str, last: bool = False) -> LabelHit | None:
    found = [h for h in hits if h.label.kind == kind and h.label.value and not _URLISH.search(h.label.value[:40])]
    if not found:
        return None
    if last:
        return max(found, key=lambda h: h.block.index)
    return found[0]


def resolve_source(head: HeadInfo, hits: list[LabelHit], hinted: str | None = None) -> str | None:
    hit = _first(hits, "source")
    if hit and hit.distance < 60:
        return hit.label.value
    if hinted and not _URLISH.search(hinted):
        return hinted
    value = head.first(*_SOURCE_META)
    return value if value and not _URLISH.match(value) else None


def resolve_editor(hits: list[LabelHit]) -> str | None:
    hit = _first(hits, "editor", last=True)
    return _names(hit.label.value) if hit else None


def resolve_author(head: HeadInfo, hits: list[LabelHit], byline: str | None, exclude: set[str]) -> str | None:
    """Author from a labelled line, else a byline of the article, else meta tags / JSON-LD (not the site)."""
    hit = _first(hits, "author")
    if hit and hit.distance < 50:
        same = [h.label.value for h in hits if h.block is hit.block and h.label.kind == "author" and h.label.value]
        names = " ".join(n for n in (_names(v) for v in same) if n)
        if names and names not in exclude:
            return names
    if byline:
        return byline
    value = ld_text(head.ld("author", "creator")) or head.first(*_AUTHOR_META)
    if value and not _LETTER.search(value):
        value = None  # a CMS user id (<meta name="author" content="104363">), not a name
    if value and value not in exclude and len(value) <= 80 and not _URLISH.search(value) and not _ORG.search(value):
        return value
    return None


def _names(value: str | None) -> str | None:
    if not value:
        return None
    value = _ROLE_STRIP.sub("", value).strip()
    return value or None
