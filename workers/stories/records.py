"""The article columns an extracted record sets, and which of them count as a change of the record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from urllib.parse import urlsplit

from common.timezone import CHINA_TZ
from common.urls import canonical_url, within_domains
from storage.models import BOOKKEEPING, Article, RawPage
from workers.dedup import content_hash
from workers.extraction import ArticleRecord

# Not compared when a record is extracted again: bookkeeping (when and from which fetch), the URL key itself, the
# body's hash (derived from `body_text`, which is compared) and the extractor's version (a new extractor that gives
# the same record has not changed it).
NOT_COMPARED = BOOKKEEPING | {"canonical_url", "content_hash", "extractor_version"}


def changed_fields(article: Article, fields: dict[str, object]) -> list[str]:
    """The record fields whose stored value differs (bookkeeping columns do not count as a change)."""
    return [name for name, value in fields.items() if name not in NOT_COMPARED and getattr(article, name) != value]


def record_fields(record: ArticleRecord, page: RawPage, url: str) -> dict[str, object]:
    """The article columns a record sets (identity, cluster and seen-times are decided by the caller)."""
    published_at, precision = _published(record.published_at)
    return {
        "canonical_url": url,
        "source": page.source,
        "title": record.title,
        "subtitle": record.subtitle,
        "published_at": published_at,
        "published_precision": precision,
        "origin": record.source,
        "author": record.author,
        "editor": record.editor,
        "category": record.category,
        "site_name": record.site_name,
        "language": record.language,
        "body_text": record.body_text,
        "body_html": record.body_html,
        "images": [image.model_dump(mode="json") for image in record.images],
        "attachments": [item.model_dump(mode="json") for item in record.attachments],
        "flags": list(record.flags),
        "confidence": record.confidence,
        "content_hash": content_hash(record.body_text),
        "extractor_version": record.extractor_version,
        "crawl_run_id": page.crawl_run_id,
        "raw_page_id": page.id,
    }


def _published(value: datetime | date | None) -> tuple[datetime | None, str | None]:
    """A date-only value is stored as that day's start in China time, flagged with precision "date"."""
    if value is None:
        return None, None
    if isinstance(value, datetime):
        return value, "datetime"
    return datetime.combine(value, time(0), tzinfo=CHINA_TZ), "date"


def stored_url(
    declared: str | None,
    page: RawPage,
    *,
    canonicalize: Callable[[str], str] = canonical_url,
    owns: Callable[[str], bool] | None = None,
) -> tuple[str, str | None]:
    """(the URL a record is stored under, the canonical its page declared outside the source's domains or None).

    A record is stored under a URL of its source's own domains (`owns`; default: the requested URL's host): the
    page's final URL (the requested one when a redirect left the domains), replaced by the canonical the page declares
    (rel=canonical, og:url) only when that is on the domains too. One elsewhere is only remembered."""
    owns = owns or (lambda url: within_domains(url, [urlsplit(page.url).hostname or ""]))
    own = canonicalize(page.final_url if owns(page.final_url) else page.url)
    try:
        claimed = canonicalize(declared) if declared else own
    except ValueError:  # a declared URL that cannot be parsed names nothing
        return own, None
    if claimed == own or owns(claimed):
        return claimed, None
    return own, declared
