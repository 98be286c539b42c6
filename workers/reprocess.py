"""`unionfeed reprocess`: run the current extractor over stored raw pages (no network) and store what changed
through the normal dedup and storage path, reporting how many records changed and in which fields."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from common.sources import SourcesFile
from storage.repositories import articles, pages
from storage.session import session_scope
from workers.processing import UPDATED, reprocess_page
from workers.stories.clusters import Deduplicator


@dataclass
class ReprocessReport:
    pages: int = 0
    changed: int = 0
    failed: int = 0
    fields: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)


def reprocess(
    factory: sessionmaker[Session],
    sources: SourcesFile,
    dedup: Deduplicator,
    *,
    source: str | None = None,
    since: datetime | None = None,
) -> ReprocessReport:
    """One transaction per page, so a failure leaves every other page's result in place."""
    report = ReprocessReport()
    with session_scope(factory) as session:
        page_ids = articles.stored_page_ids(session, source=source, since=since)
    for page_id in page_ids:
        report.pages += 1
        with session_scope(factory) as session:
            page = pages.get_raw_page(session, page_id, for_update=True)
            if page is None:
                continue
            outcome = reprocess_page(session, page, sources, dedup)
        if outcome.outcome == UPDATED:
            report.changed += 1
            report.fields.update(outcome.changed)
        elif outcome.reason:
            report.failed += 1
            report.errors.append(f"page {page_id}: {outcome.reason}")
    return report
