"""Turn one stored raw page into a stored record: extract, deduplicate, upsert. Plain functions the task calls.

Idempotent: a page already processed is left alone, and re-processing the same content changes nothing.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime, time
from time import perf_counter
from urllib.parse import urlsplit, urlunsplit
from weakref import WeakKeyDictionary
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker
from w3lib.encoding import html_to_unicode

from common.sources import ExtractionRules, Source, SourcesFile
from storage.base import utcnow
from storage.models import Article, RawPage
from storage.repositories import articles, pages
from storage.session import session_scope
from workers.dedup import Fingerprint, content_hash
from workers.deduplication import Deduplicator
from workers.extraction import ArticleRecord, ExtractionError, extract_record, template_in_pages
from workers.identity import article_id, canonical_url
from workers.page_metrics import note_extraction, observe_page

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
    changed: tuple[str, ...] = ()  # the record fields an update changed

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
        started = perf_counter()
        outcome = _process(session, page, _source(sources, page.source), dedup or _embedded_dedup(factory, sources))
        _observe(session, page, outcome, perf_counter() - started)
        return outcome


def _observe(session: Session, page: RawPage, outcome: PageOutcome, seconds: float) -> None:
    """The operations view's figures for this page, in its transaction (workers/page_metrics.py)."""
    observe_page(session, page, outcome.outcome, outcome.article_id, seconds, utcnow())


_EMBEDDED: WeakKeyDictionary[sessionmaker[Session], Deduplicator] = WeakKeyDictionary()


def _embedded_dedup(factory: sessionmaker[Session], sources: SourcesFile) -> Deduplicator:
    """For callers without a worker context: one embedded index per session factory, gone with the factory."""
    if factory not in _EMBEDDED:
        _EMBEDDED[factory] = Deduplicator.embedded(sources)
    return _EMBEDDED[factory]


def _source(sources: SourcesFile, key: str) -> Source | None:
    try:
        return sources.get(key)
    except KeyError:
        return None  # the source left the config after its pages were fetched: default rules


def reprocess_page(session: Session, page: RawPage, sources: SourcesFile, dedup: Deduplicator) -> PageOutcome:
    """Extract an already processed page again and store the record through the normal path (no state change
    unless the record changed)."""
    return _process(session, page, _source(sources, page.source), dedup)


def _folded(url: str, scheme: str | None) -> str:
    """`url` in the scheme its source spells all its URLs with (`discovery.fold_https`): the page's links and images
    then resolve the same whichever scheme it was fetched over."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme=scheme)) if scheme and parts.scheme in ("http", "https") else url


def _evidence_text(body: bytes, headers: dict[str, str]) -> str:
    # Declared charsets are good enough for evidence; the extractor's careful detection is not needed here.
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
    return html.unescape(html_to_unicode(content_type, body)[1])


TEMPLATE_SAMPLE = 20  # recent raw pages of the same source that reveal its template lines
# A stock closing sentence can recur in a few stories, so it takes many pages and a large share to call a line
# template.
TEMPLATE_MIN_PAGES = 10
TEMPLATE_SHARE = 0.8


def _site_template(session: Session, page: RawPage, record: ArticleRecord) -> frozenset[str]:
    """Paragraphs of this record that also stand in most recent raw pages of the same source: site template."""
    recent = pages.recent_pages(session, page.source, exclude_id=page.id, limit=TEMPLATE_SAMPLE)
    if len(recent) < TEMPLATE_MIN_PAGES:
        return frozenset()
    texts = [_evidence_text(pages.page_body(other), other.headers) for other in recent]
    return template_in_pages(record.body_text, texts, min_pages=TEMPLATE_MIN_PAGES, share=TEMPLATE_SHARE)


def _process(session: Session, page: RawPage, source: Source | None, dedup: Deduplicator) -> PageOutcome:
    rules = source.extraction if source is not None else ExtractionRules()
    base_url = _folded(page.final_url, source.fold_scheme if source is not None else None)
    # Lines that survive extraction on most recent articles of the same site are its template, not article text.
    body = pages.page_body(page)
    started = perf_counter()
    try:
        record = extract_record(body, base_url, headers=page.headers, rules=rules)
        template = _site_template(session, page, record)
        if template:
            record = extract_record(body, base_url, headers=page.headers, rules=rules, template_lines=template)
    except ExtractionError as exc:
        pages.mark_page(session, page, state=pages.FAILED, error=str(exc))
        return PageOutcome(page.id, FAILED, page.source, reason=str(exc))
    note_extraction(session, page.id, record, perf_counter() - started)
    if not record.body_text.strip():
        reason = "no article text found on the page"
        pages.mark_page(session, page, state=pages.SKIPPED, error=reason)
        return PageOutcome(page.id, SKIPPED, page.source, reason=reason)
    canonicalize = source.canonical_url if source is not None else canonical_url
    outcome = store_record(session, record, page, dedup, canonicalize=canonicalize)
    pages.mark_page(session, page, state=pages.DONE, article_id=outcome.article_id)
    return outcome


def store_record(
    session: Session,
    record: ArticleRecord,
    page: RawPage,
    dedup: Deduplicator,
    *,
    canonicalize: Callable[[str], str] = canonical_url,
) -> PageOutcome:
    """Upsert by canonical URL (`canonicalize`: the source's spelling, as the crawler's); a new URL joins the story
    of the stored article it duplicates (same body, or a near duplicate), and that story's canonical member is elected
    again. See `workers.deduplication`."""
    url = canonicalize(record.url or page.final_url)
    fields = record_fields(record, page, url)
    existing = articles.get_article_by_url(session, url)
    if existing is not None and not changed_fields(existing, fields):
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


BOOKKEEPING = frozenset({"canonical_url", "crawl_run_id", "raw_page_id", "extractor_version", "content_hash"})


def changed_fields(article: Article, fields: dict[str, object]) -> list[str]:
    """The record fields whose stored value differs (bookkeeping columns do not count as a change)."""
    return [name for name, value in fields.items() if name not in BOOKKEEPING and getattr(article, name) != value]


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
    changed = changed_fields(article, fields)
    if not changed:
        return PageOutcome(page.id, UNCHANGED, page.source, article.id, article.cluster_id)
    text_changed = article.content_hash != fields["content_hash"]
    if text_changed or "title" in changed:  # a revision keeps the text readers saw; metadata fixes need none
        articles.add_revision(session, article, raw_page_id=article.raw_page_id)
        article.revision += 1
    elects = any(getattr(article, name) != fields[name] for name in ("published_at", "origin", "site_name", "source"))
    for name, value in fields.items():
        setattr(article, name, value)
    article.updated_at = now
    if text_changed:
        dedup.record(session, article, fingerprint, dedup.previous_match(session, article.id), now)
    if elects:
        dedup.reelect(session, article.cluster_id)
    return PageOutcome(page.id, UPDATED, page.source, article.id, article.cluster_id, changed=tuple(changed))


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
