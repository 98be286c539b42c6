"""An article's identity: its canonical URL (the crawler's spelling, `common.urls`) and the stable id from it."""

from __future__ import annotations

import hashlib

from common.urls import canonical_url

__all__ = ["article_id", "canonical_url"]


def article_id(canonical: str) -> str:
    """Stable across re-imports and databases: the same URL always gets the same id."""
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
