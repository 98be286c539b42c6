"""Exact-duplicate fingerprints: a body hash that survives whitespace and punctuation-width differences."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACE = re.compile(r"\s+")


def normalize_for_hash(text: str) -> str:
    """NFKC folds full-width forms; case and whitespace carry no meaning for identity."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().lower()


def content_hash(text: str) -> str:
    return hashlib.sha256(normalize_for_hash(text).encode("utf-8")).hexdigest()
