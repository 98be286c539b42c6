"""Turn one stored raw page into a stored record: extract, deduplicate, upsert. Plain functions the task calls.

Idempotent: a page already processed is left alone, and re-processing the same content changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import date, datetime, time
from weakref import WeakKeyDictionary
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from common.sources import ExtractionRules, SourcesFile
from storage.base import utcnow
from storage.models import Article, RawPage
from storage.repositories import articles, pages
from storage.session import session_scope
from workers.cleaning import ArticleRecord, ExtractionError, extract_record
from workers.dedup import Fingerprint, content_hash
from workers.deduplication import Deduplicator
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


def process_page(
    factory: sessionmaker[Session], sources: SourcesFile, page_id: int, *, dedup: Deduplicator | None = None
) -> PageOutcome:
    """Process one page in one transaction. Transient database errors propagate so the task can retry.

    `dedup` is the worker's `Deduplicator` (its near-duplicate index lives as long as the process). Without one,
    an embedded one is kept per session factory (`_embedded_dedup`).
    """
    with session_scope(factory) as session:
        page = pages.get_raw_page(session, page_id, for_update=True)
        if page is None:
            log.warning("raw page %s is gone; nothing to process", page_id)
            return PageOutcome(page_id, MISSING)
        if page.process_state != pages.PENDING:
            return PageOutcome(page_id, ALREADY_DONE, page.source, page.article_id)
        return _process(session, page, _rules_for(sources, page.source), dedup or _embedded_dedup(factory, sources))


_EMBEDDED: WeakKeyDictionary[sessionmaker[Session], Deduplicator] = WeakKeyDictionary()


def _embedded_dedup(factory: sessionmaker[Session], sources: SourcesFile) -> Deduplicator:
    """For callers without a worker context: one embedded index per session factory, gone with the factory."""
    if factory not in _EMBEDDED:
        _EMBEDDED[factory] = Deduplicator.embedded(sources)
    return _EMBEDDED[factory]


def _rules_for(sources: SourcesFile, key: str) -> ExtractionRules:
    try:
        return sources.get(key).extraction
    except KeyError:
        return ExtractionRules()  # the source left the config after its pages were fetched


def _process(session: Session, page: RawPage, rules: ExtractionRules, dedup: Deduplicator) -> PageOutcome:
    try:
        record = extract_record(pages.page_body(page), page.final_url, headers=page.headers, rules=rules)
    except ExtractionError as exc:
        pages.mark_page(session, page, state=pages.FAILED, error=str(exc))
        return PageOutcome(page.id, FAILED, page.source, reason=str(exc))
    if not record.body_text.strip():
        reason = "no article text found on the page"
        pages.mark_page(session, page, state=pages.SKIPPED, error=reason)
        return PageOutcome(page.id, SKIPPED, page.source, reason=reason)
    outcome = store_record(session, record, page, dedup)
    pages.mark_page(session, page, state=pages.DONE, article_id=outcome.article_id)
    return outcome


def store_record(
    session: Session, record: ArticleRecord, page: RawPage, dedup: Deduplicator | None = None
) -> PageOutcome:
    """Upsert by canonical URL; a new URL joins the story of the stored article it duplicates (same body, or a near
    duplicate), and that story's canonical member is elected again. See `workers.deduplication`."""
    dedup = dedup or Deduplicator.embedded()
    url = canonical_url(record.url or page.final_url)
    fields = record_fields(record, page, url)
    existing = articles.get_article_by_url(session, url)
    if existing is not None and _same_content(existing, fields):
        existing.last_seen_at = utcnow()
        return PageOutcome(page.id, UNCHANGED, page.source, existing.id, existing.cluster_id)
    fingerprint = dedup.fingerprint(record.body_text, record.language)
    dedup.lock(session, url=url, content_hash=str(fields["content_hash"]), fingerprint=fingerprint)
    existing = articles.get_article_by_url(session, url)  # again: another worker may have stored it meanwhile
    if existing is not None:
        return _update(session, existing, fields, page, dedup, fingerprint)
    new_id = article_id(url)
    now = utcnow()
    placed = dedup.place(session, new_id, fields, fingerprint, now)
    article = articles.add_article(
        session, id=new_id, cluster_id=placed.cluster_id, first_seen_at=now, last_seen_at=now, updated_at=now, **fields
    )
    dedup.record(session, article, fingerprint, placed.match, now)
    outcome = DUPLICATE if placed.match is not None else CREATED
    return PageOutcome(page.id, outcome, page.source, new_id, placed.cluster_id)


def _same_content(article: Article, fields: dict[str, object]) -> bool:
    return article.content_hash == fields["content_hash"] and article.title == fields["title"]


def _update(
    session: Session,
    article: Article,
    fields: dict[str, object],
    page: RawPage,
    dedup: Deduplicator,
    fingerprint: Fingerprint,
) -> PageOutcome:
    """The same URL again with another text or title: keep the old text as a revision, store the new one. The
    article stays in its story; its fingerprint follows the new text, and a changed date or origin re-elects."""
    now = utcnow()
    article.last_seen_at = now
    if _same_content(article, fields):
        return PageOutcome(page.id, UNCHANGED, page.source, article.id, article.cluster_id)
    articles.add_revision(session, article, raw_page_id=article.raw_page_id)
    text_changed = article.content_hash != fields["content_hash"]
    elects = any(getattr(article, name) != fields[name] for name in ("published_at", "origin", "site_name", "source"))
    for name, value in fields.items():
        setattr(article, name, value)
    article.revision += 1
    article.updated_at = now
    if text_changed:
        dedup.record(session, article, fingerprint, dedup.previous_match(session, article.id), now)
    if elects:
        dedup.reelect(session, article.cluster_id)
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
