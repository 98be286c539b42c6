"""An article's identity: its canonical URL and the stable id derived from it."""

from __future__ import annotations

import hashlib

from w3lib.url import canonicalize_url


def canonical_url(url: str) -> str:
    return canonicalize_url(url, keep_fragments=False)


def article_id(canonical: str) -> str:
    """Stable across re-imports and databases: the same URL always gets the same id."""
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
