"""Deduplication as plain functions: no I/O here.

- `exact`: the exact-duplicate body hash.
- `shingles` / `signatures`: shingle sets (characters for Chinese, words otherwise) and their MinHash signatures.
- `lsh`: the in-process LSH index over article ids (compact buckets, a time window).
- `decision`: the thresholds (`DedupConfig`) and the exact check that confirms an LSH candidate.
- `stream`: the whole decision over a stream in memory (benchmark, labelled-set tests).
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
from workers.dedup.exact import content_hash, normalize_for_hash
from workers.dedup.signatures import band_keys, from_values, key64, signature_bytes, split_signature

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
    "split_signature",
]
