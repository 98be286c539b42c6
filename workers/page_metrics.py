"""What processing leaves for the operations view, in the page's own transaction: one extraction observation (which
fields came out, body length, confidence) and the counters behind /metrics and the status page (pages processed,
new articles, revisions, dedup outcomes, latency histogram buckets).

`processing._process` notes the record it extracted and the extraction time (`note_extraction`); `process_page`
then calls `observe_page` with the outcome and the whole processing time.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Article, ArticleFingerprint, RawPage
from storage.repositories import ops

NOTES_KEY = "unionfeed.ops.extraction"
# Histogram bucket bounds (seconds), shared with the /metrics collector through the counter names.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
HOURLY = ("articles_new", "revisions", "pages_processed", "pages_failed", "pages_skipped")
OUTCOME_COUNTERS = {
    "created": ("pages_processed", "articles_new", "dedup_new_story"),
    "duplicate": ("pages_processed", "articles_new", "dedup_duplicate"),
    "updated": ("pages_processed", "revisions", "dedup_update"),
    "unchanged": ("pages_processed", "dedup_unchanged"),
    "skipped": ("pages_processed", "pages_skipped"),
    "failed": ("pages_processed", "pages_failed"),
}


def note_extraction(session: Session, page_id: int, record: Any, seconds: float) -> None:
    """Keep the page's record and extraction time until `observe_page` (only the latest: a reprocessing loop that
    never observes does not pile records up in its session)."""
    session.info[NOTES_KEY] = (page_id, record, seconds)


def histogram_counts(name: str, seconds: float) -> dict[str, float]:
    """Counter increments for one observation: its bucket (non-cumulative; the collector accumulates), sum, count."""
    index = bisect_left(LATENCY_BUCKETS, seconds)
    bucket = f"{LATENCY_BUCKETS[index]:g}" if index < len(LATENCY_BUCKETS) else "inf"
    return {f"{name}_bucket_{bucket}": 1, f"{name}_sum": seconds, f"{name}_count": 1}


def fields_present(record: Any) -> dict[str, Any]:
    if record is None:
        return {
            "title": False,
            "published": False,
            "author": False,
            "origin": False,
            "editor": False,
            "body_length": 0,
            "confidence": None,
        }
    confidence = getattr(record, "confidence", None)  # given by extractors that score themselves
    return {
        "title": bool(record.title),
        "published": record.published_at is not None,
        "author": bool(record.author),
        "origin": bool(record.source),
        "editor": bool(record.editor),
        "body_length": len(record.body_text or ""),
        "confidence": float(confidence) if isinstance(confidence, int | float) else None,
    }


def observe_page(
    session: Session, page: RawPage, outcome: str, article_id: str | None, seconds: float, now: datetime
) -> None:
    noted = session.info.pop(NOTES_KEY, None)
    record, extract_seconds = noted[1:] if noted is not None and noted[0] == page.id else (None, None)
    if outcome != "failed":
        ops.add_extraction(
            session,
            source=page.source,
            raw_page_id=page.id,
            url=page.final_url or page.url,
            processed_at=now,
            outcome=outcome,
            **fields_present(record),
        )
    counts: dict[str, float] = dict.fromkeys(OUTCOME_COUNTERS.get(outcome, ("pages_processed",)), 1)
    counts.update(histogram_counts("processing_seconds", seconds))
    if extract_seconds is not None:
        counts.update(histogram_counts("extraction_seconds", extract_seconds))
    ops.add_counts(session, page.source, counts, at=now, hourly=HOURLY)
    if outcome in ("created", "duplicate") and article_id is not None:
        article = session.get(Article, article_id)  # in the identity map: no query
        published = article.published_at if article is not None else None
        ops.note_newest_article(session, page.source, min(published, now) if published is not None else now)
        signed = session.scalar(
            select(ArticleFingerprint.signature.is_not(None)).where(ArticleFingerprint.article_id == article_id)
        )
        if signed:
            ops.add_counts(session, ops.ALL_SOURCES, {"dedup_indexed": 1}, at=now, hourly=("dedup_indexed",))
