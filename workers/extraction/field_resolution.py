"""Date, source, author and editor, each from the most trusted place that has it (see docs/architecture.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from workers.extraction.authors import MAX_NAMES, ld_authors, meta_authors, split_names, strip_lead, strip_trail, unique
from workers.extraction.blocks import Block
from workers.extraction.dates import date_from_url, find_date, parse_datetime, same_day
from workers.extraction.labels import ROLE, Label, parse_labels
from workers.extraction.metadata import HeadInfo

# Publication-time meta tags in order of trust: Open Graph's article:*, the Chinese government-site tags of the
# national website guidelines (PubDate, firstpublishedtime), then the other common ones. JSON-LD comes first of all.
STRONG_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "og:published_time",
    "pubdate",
    "firstpublishedtime",
    "publishdate",
    "publish_date",
    "publish-date",
    "pubtime",
    "publishtime",
    "publication_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "datepublished",
    "time:published",
    "sailthru.date",
    "parsely-pub-date",
    "releasedate",
    "firstpubtime",
    "article.published",
    "og:pubdate",
)
# Generic or script-set values: below the visible labelled date.
WEAK_DATE_META = ("date", "created", "script:date")
_SOURCE_META = ("contentsource", "source", "og:source", "article:source", "citation_publisher", "dc.source")
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
    head: HeadInfo,
    hits: list[LabelHit],
    blocks: list[Block],
    anchor: int,
    url: str,
    tz: tzinfo,
    hinted: str | None = None,
) -> datetime | date | None:
    """The publication date from the most trusted place that has one: JSON-LD datePublished, then the
    publication-time meta tags, then a labelled line near the headline ("发布时间：", "Published:"), a field named
    by class or <time datetime>, a bare date line by the headline, the weak meta tags, and last the URL's date.
    A visible date on the same day as a structured one only adds the time of day it lacks."""
    structured = structured_date(head, tz, STRONG_DATE_META)
    visible = None
    for hit in hits:
        if hit.label.kind == "date" and hit.label.value and hit.distance <= 60:
            visible = parse_datetime(hit.label.value, tz)
            if visible:
                break
    if visible is None and hinted:
        visible = parse_datetime(hinted, tz)
    if visible is None:
        visible = yearless_date(hits, head, tz)
    if visible is None:
        visible = unlabelled_date(blocks, anchor, tz)
    if structured and visible:
        richer = isinstance(visible, datetime) and not isinstance(structured, datetime)
        return visible if same_day(visible, structured) and richer else structured
    return (
        structured
        or visible
        or structured_date(head, tz, WEAK_DATE_META, False)
        or date_from_url(url)
        or far_labelled_date(hits, tz)
    )


_MONTH_DAY = re.compile(r"\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?(?!\d)")
_DIGITS = re.compile(r"\d")


def yearless_date(hits: list[LabelHit], head: HeadInfo, tz: tzinfo) -> datetime | date | None:
    """A labelled date shown without its year ("发布时间：01-14 17:58", as platforms show this year's posts), its year
    taken from a full date of the page's metadata on the same month and day (a modified-time or crawl-time meta);
    without such a date the year is not guessed."""
    for hit in hits:
        if hit.label.kind != "date" or not hit.label.value or hit.distance > 60:
            continue
        found = _MONTH_DAY.match(hit.label.value)
        if not found:
            continue
        month, day = int(found[1]), int(found[2])
        for value in head.meta.values():
            if len(value) > 40 or not _DIGITS.search(value):
                continue
            full = parse_datetime(value, tz)
            if full is not None and (full.month, full.day) == (month, day):
                return parse_datetime(f"{full.year}-{month:02d}-{day:02d} {hit.label.value[found.end() :]}", tz)
        return None
    return None


def far_labelled_date(hits: list[LabelHit], tz: tzinfo) -> datetime | date | None:
    """The last resort: a labelled date far from the headline (a "发布日期：" line in the footer of the article, after
    its share bar), when every labelled date on the page falls on that one day (a list of other articles' dates
    does not agree, and then none is taken)."""
    found = [
        d for d in (parse_datetime(h.label.value, tz) for h in hits if h.label.kind == "date" and h.label.value) if d
    ]
    days = {d.date() if isinstance(d, datetime) else d for d in found}
    return found[0] if len(days) == 1 else None


def structured_date(head: HeadInfo, tz: tzinfo, keys: tuple[str, ...], with_ld: bool = True) -> datetime | date | None:
    if with_ld:
        value = head.ld("datePublished", "dateCreated", "pubDate")
        found = parse_datetime(str(value), tz) if isinstance(value, (str, int)) else None
        if found:
            return found
    for key in keys:
        value = head.first(key)
        found = parse_datetime(value, tz) if value else None
        if found:
            if key == "script:date" and isinstance(found, datetime):
                found = found.astimezone(tz)  # a Unix time: show it in the site's zone
            return found
    return None


def unlabelled_date(blocks: list[Block], anchor: int, tz: tzinfo) -> datetime | date | None:
    """A bare date line near the headline ('2024-05-25 07:05', '2022-05-08 0 By')."""
    for block in blocks[max(0, anchor - 3) : anchor + 8]:
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
        stamped = _stamped_line(text, tz)
        if stamped is not None:
            return stamped
    return None


_SENTENCE_PUNCT = re.compile(r"[，。！？；]|[.!?;]\s")


def _stamped_line(text: str, tz: tzinfo) -> datetime | None:
    """A short line by the headline that names the outlet and a date with its time ('人民日报 2004年7月16日08:19'):
    a time of day is what a dateline has and a sentence that merely mentions a date lacks."""
    if len(text) > 80 or _SENTENCE_PUNCT.search(text):
        return None
    found = parse_datetime(text, tz)
    return found if isinstance(found, datetime) else None


_BYLINE_WORDS = re.compile(r"(?:written |posted |story |words )?\bby\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}", re.I)
_DATE_WORDS = re.compile(
    r"\d{1,2}[:：.]\d{2}(?::\d{2})?|\d+|[\s:：|/,，.()（）\[\]【】\-·•]|星期.|周.|\bBy\b|[ap]\.?m\.?|"
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b(?:GMT|UTC|BST|CET|CEST|EST|EDT|PST|PDT|HKT)\b|"
    r"\b(?:last modified|modified|updated|published|posted|on|at)\b|发布于|更新于|时间|"
    # the units of a CJK date and time ("1月14日 01時40分更新"): a second stamp in one line leaves only these
    r"[年月日時时分秒]",
    re.I,
)
_UPDATED = re.compile(r"\s*(?:updated|last (?:updated|modified)|modified|更新|修改|最后更新)", re.I)
_RELATIVE = re.compile(
    r"^\s*(?:\d+\s*(?:秒|分钟|小时|天|周|个月)前|刚刚|昨天|前天|今天|"
    r"\d+\s*(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago|yesterday|today)",
    re.I,
)


def date_line(text: str) -> bool:
    """A short line that is mostly a date/time (possibly with a comment count or an empty 'By')."""
    if len(text) > 120:
        return False
    if _RELATIVE.match(text) and len(text) < 40:
        return True
    found = find_date(text)
    if not found:
        return False
    rest = text[: found[1]] + text[found[2] :]
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


def resolve_authors(
    head: HeadInfo, hits: list[LabelHit], byline: str | None, exclude: set[str]
) -> tuple[str | None, list[str]]:
    """Author (as one string) and the list of names. Trust: JSON-LD `author`, then author meta tags, then a
    labelled line near the headline, then the article's byline, then rel=author links. When the visible byline
    names the same people as the structured data, its wording is kept for ``author`` ("Jane Doe and Sam Lee")."""
    structured = ld_authors(head) or [n for n in meta_authors(head) if _plausible_meta_author(n, exclude)]
    visible, names = _visible_authors(hits, byline, exclude)
    if structured:
        return (visible if visible in _plain_joins(structured) else ", ".join(structured)), structured
    if visible:
        return visible, names
    names = [n for n in head.rel_authors if n not in exclude and not _URLISH.search(n)][:MAX_NAMES]
    return (", ".join(names), names) if names else (None, [])


def _plain_joins(names: list[str]) -> set[str]:
    """The ways a byline joins the same names that ``author`` keeps as written: 'A, B', 'A, B and C', 'A and B'."""
    joins = {", ".join(names), " and ".join(names)}
    if not any(" " in name for name in names):
        joins.add(" ".join(names))  # '郑莉 郝赫': names without spaces, so the space between them is unambiguous
    if len(names) > 1:
        joins.add(", ".join(names[:-1]) + " and " + names[-1])
    return joins


def _visible_authors(hits: list[LabelHit], byline: str | None, exclude: set[str]) -> tuple[str | None, list[str]]:
    """A labelled author line near the headline ("作者：", "记者"), else the byline, as found and as names."""
    hit = _first(hits, "author")
    if hit and hit.distance < 50:
        same = [h.label.value for h in hits if h.block is hit.block and h.label.kind == "author" and h.label.value]
        found = [n for n in (_names(v) for v in same) if n]
        joined = " ".join(found)
        if joined and joined not in exclude:
            return joined, unique(n for value in found for n in split_names(value))
    wording = strip_trail(strip_lead(byline or ""))
    if wording:
        return wording, split_names(wording) or [wording]
    return None, []


def _plausible_meta_author(value: str, exclude: set[str]) -> bool:
    """A person's name, not a CMS user id (<meta name="author" content="104363">), the site or an organisation."""
    return (
        bool(_LETTER.search(value))
        and value not in exclude
        and len(value) <= 80
        and not _URLISH.search(value)
        and not _ORG.search(value)
    )


def _names(value: str | None) -> str | None:
    if not value:
        return None
    value = _ROLE_STRIP.sub("", value).strip()
    return value or None
