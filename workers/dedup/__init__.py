"""Deduplication as plain functions: no I/O here.

- `fingerprint`: the exact-duplicate body hash.
- `shingles` / `signature`: shingle sets (characters for Chinese, words otherwise) and their MinHash signatures.
- `decision`: the thresholds (`DedupConfig`) and the exact check that confirms an LSH candidate.
- `canonical`: which member of a story's cluster the feed shows.
"""

from workers.dedup.canonical import Member, elect, names_site, site_aliases
from workers.dedup.decision import (
    DedupConfig,
    Fingerprint,
    Similarity,
    body_fingerprint,
    is_same,
    jaccard,
    passage_containment,
    same_story,
    similarity,
)
from workers.dedup.fingerprint import content_hash, normalize_for_hash
from workers.dedup.signature import band_keys, from_values, key64, signature_bytes

__all__ = [
    "DedupConfig",
    "Fingerprint",
    "Member",
    "Similarity",
    "band_keys",
    "body_fingerprint",
    "content_hash",
    "elect",
    "from_values",
    "is_same",
    "jaccard",
    "key64",
    "names_site",
    "normalize_for_hash",
    "passage_containment",
    "same_story",
    "signature_bytes",
    "similarity",
    "site_aliases",
]
