"""Turn one stored raw page into a stored record: extract, deduplicate, upsert. Plain functions the task calls.

Idempotent: a page already processed is left alone, and re-processing the same content changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from common.sources import ExtractionRules, SourcesFile
from storage.base import utcnow
from storage.models import Article, RawPage
from storage.repositories import articles, pages
from storage.session import session_scope
from workers.cleaning import ArticleRecord, ExtractionError, extract_record
from workers.dedup import content_hash
from workers.identity import article_id, canonical_url

log = logging.getLogger(__name__)

CREATED, UPDATED, UNCHANGED, DUPLICATE = "created", "updated", "unchanged", "duplicate"
SKIPPED, FAILED, ALREADY_DONE, MISSING = "skipped", "failed", "already_done", "missing"


@dataclass(frozen=True)
class PageOutcome:
    page_id: int
    outcome: str
    source: str | None = None
    article_id: str | None = None
    cluster_id: str | None = None
    reason: str | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def process_page(factory: sessionmaker[Session], sources: SourcesFile, page_id: int) -> PageOutcome:
    """Process one page in one transaction. Transient database errors propagate so the task can retry."""
    with session_scope(factory) as session:
        page = pages.get_raw_page(session, page_id, for_update=True)
        if page is None:
            log.warning("raw page %s is gone; nothing to process", page_id)
            return PageOutcome(page_id, MISSING)
        if page.process_state != pages.PENDING:
            return PageOutcome(page_id, ALREADY_DONE, page.source, page.article_id)
        return _process(session, page, _rules_for(sources, page.source))


def _rules_for(sources: SourcesFile, key: str) -> ExtractionRules:
    try:
        return sources.get(key).extraction
    except KeyError:
        return ExtractionRules()  # the source left the config after its pages were fetched


def _process(session: Session, page: RawPage, rules: ExtractionRules) -> PageOutcome:
    try:
        record = extract_record(pages.page_body(page), page.final_url, headers=page.headers, rules=rules)
    except ExtractionError as exc:
        pages.mark_page(session, page, state=pages.FAILED, error=str(exc))
        return PageOutcome(page.id, FAILED, page.source, reason=str(exc))
    if not record.body_text.strip():
        reason = "no article text found on the page"
        pages.mark_page(session, page, state=pages.SKIPPED, error=reason)
        return PageOutcome(page.id, SKIPPED, page.source, reason=reason)
    outcome = store_record(session, record, page)
    pages.mark_page(session, page, state=pages.DONE, article_id=outcome.article_id)
    return outcome


def store_record(session: Session, record: ArticleRecord, page: RawPage) -> PageOutcome:
    """Upsert by canonical URL; a new URL whose body is already stored joins that story's cluster."""
    url = canonical_url(record.url or page.final_url)
    fields = record_fields(record, page, url)
    existing = articles.get_article_by_url(session, url)
    if existing is not None:
        return _update(session, existing, fields, page)
    same_text = articles.find_by_content_hash(session, fields["content_hash"])
    new_id = article_id(url)
    cluster_id = same_text.cluster_id if same_text is not None else new_id
    now = utcnow()
    articles.add_article(
        session, id=new_id, cluster_id=cluster_id, first_seen_at=now, last_seen_at=now, updated_at=now, **fields
    )
    outcome = DUPLICATE if cluster_id != new_id else CREATED
    return PageOutcome(page.id, outcome, page.source, new_id, cluster_id)


def _update(session: Session, article: Article, fields: dict[str, object], page: RawPage) -> PageOutcome:
    article.last_seen_at = utcnow()
    if article.content_hash == fields["content_hash"] and article.title == fields["title"]:
        return PageOutcome(page.id, UNCHANGED, page.source, article.id, article.cluster_id)
    articles.add_revision(session, article, raw_page_id=article.raw_page_id)
    for name, value in fields.items():
        setattr(article, name, value)
    article.revision += 1
    article.updated_at = article.last_seen_at
    return PageOutcome(page.id, UPDATED, page.source, article.id, article.cluster_id)


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
        "content_hash": content_hash(record.body_text),
        "extractor_version": record.extractor_version,
        "crawl_run_id": page.crawl_run_id,
        "raw_page_id": page.id,
    }


CHINA = ZoneInfo("Asia/Shanghai")


def _published(value: datetime | date | None) -> tuple[datetime | None, str | None]:
    """A date-only value is stored as that day's start in China time, flagged with precision "date"."""
    if value is None:
        return None, None
    if isinstance(value, datetime):
        return value, "datetime"
    return datetime.combine(value, time(0), tzinfo=CHINA), "date"
