"""Queries the crawler asks before fetching: which URLs of a source are already stored. Never commits."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from storage.models import RawPage

# Keep each IN (...) list well under SQLite's bound-parameter limit.
CHUNK = 400


def known_urls(session: Session, source: str, urls: Iterable[str]) -> set[str]:
    """Those of `urls` that a stored raw page of `source` was requested as or ended up at (after redirects)."""
    wanted = sorted(set(urls))
    known: set[str] = set()
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        query = select(RawPage.url, RawPage.final_url).where(
            RawPage.source == source, or_(RawPage.url.in_(chunk), RawPage.final_url.in_(chunk))
        )
        for url, final_url in session.execute(query):
            known.update({url, final_url})
    return known & set(wanted)
