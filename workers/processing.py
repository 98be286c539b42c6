"""A page's lifecycle: read the raw page, extract its record, store it in its story (`workers.stories`), mark the
page done. Plain functions the task calls.

Idempotent: a page already processed is left alone, and re-processing the same content changes nothing.

Identity (`workers.stories.records.stored_url`): a record is stored under a URL of its source's own domains; a
canonical its page declares elsewhere is kept as `declared_canonical` only. Removals: a raw page that answered
404/410 to a recheck of a stored article marks that article removed (`_removal`); a later page of it (fetched after
the removal) brings it back (`workers.stories.clusters.store_record`). Both re-elect the story's canonical member.
"""

from __future__ import annotations

import html
import logging
from dataclasses import asdict, dataclass
from time import perf_counter
from urllib.parse import urlsplit, urlunsplit
from weakref import WeakKeyDictionary

from sqlalchemy.orm import Session, sessionmaker
from w3lib.encoding import html_to_unicode

from common.contract import GONE_STATUSES
from common.sources import ExtractionRules, Source, SourcesFile
from common.urls import canonical_url, is_route
from storage.base import utcnow
from storage.models import RawPage
from storage.repositories import articles, pages
from storage.session import session_scope
from storage.states import CREATED, DONE, FAILED, PENDING, SKIPPED, UPDATED
from workers.extraction import LOW_CONFIDENCE, ArticleRecord, ExtractionError, extract_record, template_in_pages
from workers.page_metrics import note_extraction, observe_page
from workers.stories.backfill import backfill_once
from workers.stories.clusters import DUPLICATE, RESTORED, UNCHANGED, Deduplicator, store_record

log = logging.getLogger(__name__)

# A page's outcome: how its record was stored (CREATED, DUPLICATE, UPDATED, UNCHANGED), or why it was not.
ALREADY_DONE, MISSING = "already_done", "missing"
REMOVED = "removed"  # a recheck found the article's page taken down
OUTCOMES = (CREATED, DUPLICATE, UPDATED, UNCHANGED, RESTORED, REMOVED, SKIPPED, FAILED, ALREADY_DONE, MISSING)


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
    factory: sessionmaker[Session],
    sources: SourcesFile,
    page_id: int,
    *,
    dedup: Deduplicator | None = None,
    low_confidence_below: float = LOW_CONFIDENCE,
) -> PageOutcome:
    """Process one page in one transaction. Transient database errors propagate so the task can retry.

    `dedup` is the worker's `Deduplicator` (its near-duplicate index lives as long as the process). Without one,
    an embedded one is kept per session factory (`_embedded_dedup`). Its first page back-fills missing fingerprints
    first, in transactions of their own.
    """
    dedup = dedup or _embedded_dedup(factory, sources)
    backfill_once(factory, dedup)
    with session_scope(factory) as session:
        page = pages.get_raw_page(session, page_id, for_update=True)
        if page is None:
            log.warning("raw page %s is gone; nothing to process", page_id)
            return PageOutcome(page_id, MISSING)
        if page.process_state != PENDING:
            return PageOutcome(page_id, ALREADY_DONE, page.source, page.article_id)
        started = perf_counter()
        outcome = _process(session, page, _source(sources, page.source), dedup, low_confidence_below)
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


def reprocess_page(
    session: Session,
    page: RawPage,
    sources: SourcesFile,
    dedup: Deduplicator,
    low_confidence_below: float = LOW_CONFIDENCE,
) -> PageOutcome:
    """Extract an already processed page again and store the record through the normal path (no state change
    unless the record changed)."""
    return _process(session, page, _source(sources, page.source), dedup, low_confidence_below)


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


def _process(
    session: Session, page: RawPage, source: Source | None, dedup: Deduplicator, low_confidence_below: float
) -> PageOutcome:
    if page.status_code in GONE_STATUSES:
        return _removal(session, page, source, dedup)
    rules = source.extraction if source is not None else ExtractionRules()
    base_url = _folded(page.final_url, source.fold_scheme if source is not None else None)
    # Lines that survive extraction on most recent articles of the same site are its template, not article text.
    body = pages.page_body(page)
    started = perf_counter()
    try:
        options = {"headers": page.headers, "rules": rules, "low_confidence_below": low_confidence_below}
        record = extract_record(body, base_url, **options)
        template = _site_template(session, page, record)
        if template:
            record = extract_record(body, base_url, template_lines=template, **options)
    except ExtractionError as exc:
        pages.mark_page(session, page, state=FAILED, error=str(exc))
        return PageOutcome(page.id, FAILED, page.source, reason=str(exc))
    note_extraction(session, page.id, record, perf_counter() - started)
    if not record.body_text.strip():
        reason = "no article text found on the page"
        pages.mark_page(session, page, state=SKIPPED, error=reason)
        return PageOutcome(page.id, SKIPPED, page.source, reason=reason)
    canonicalize = source.canonical_url if source is not None else canonical_url
    owns = source.owns if source is not None else None
    if source is not None and source.discovery.fragment_routes and is_route(urlsplit(page.url).fragment):
        # A single-page app's route names the article; the document's own URL (and canonical link) is the shell's.
        record = record.model_copy(update={"url": page.url})
    stored = store_record(session, record, page, dedup, canonicalize=canonicalize, owns=owns)
    pages.mark_page(session, page, state=DONE, article_id=stored.article_id)
    return PageOutcome(
        page.id, stored.outcome, page.source, stored.article_id, stored.cluster_id, changed=stored.changed
    )


def _removal(session: Session, page: RawPage, source: Source | None, dedup: Deduplicator) -> PageOutcome:
    """A recheck found the article's page gone: the article is marked removed (a `deleted` change), unless a page of
    it was fetched after this answer (out-of-order processing) or it is removed already."""
    canonicalize = source.canonical_url if source is not None else canonical_url
    article = articles.get_article_by_url(session, canonicalize(page.url))
    if article is None or article.source != page.source:  # (a record of another source stored under this URL)
        article = articles.article_of_page(session, page.source, page.url)
    if article is None:
        reason = f"the page answered {page.status_code} and no article was stored from it"
        pages.mark_page(session, page, state=SKIPPED, error=reason)
        return PageOutcome(page.id, SKIPPED, page.source, reason=reason)
    last = pages.get_raw_page(session, article.raw_page_id) if article.raw_page_id is not None else None
    outcome = UNCHANGED
    if article.removed_at is None and (last is None or last.fetched_at <= page.fetched_at):
        article.removed_at = page.fetched_at
        dedup.reelect(session, article.cluster_id)  # a removed member is never the one the feed shows
        outcome = REMOVED
    pages.mark_page(session, page, state=DONE, article_id=article.id)
    return PageOutcome(page.id, outcome, page.source, article.id, article.cluster_id)
