"""The decision "same story?": thresholds, a body's fingerprint, and the exact check run on LSH candidates.

LSH only proposes candidates (documents sharing a band of their MinHash signatures). Every candidate is verified on
the exact shingle sets: the smaller body must be mostly contained in the larger one (a reprint that cuts a paragraph
or adds a byline stays contained) and the two must still overlap as sets (a long round-up that quotes a whole short
story is not that story). Bodies of `min_chars` characters or fewer never merge on shingles: exact hash only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash

from workers.dedup.shingles import body_length, shingle_language, shingles
from workers.dedup.signature import minhash


@dataclass(frozen=True)
class DedupConfig:
    """Near-duplicate parameters. Defaults are the ones `bench/dedup.py` and `tests/dedup` justify (see there)."""

    num_perm: int = 128
    bands: int = 32  # LSH: 32 bands of 4 rows; P(candidate) = 1 - (1 - J^4)^32: 0.87 at J=0.5, 0.99 at J=0.6
    rows: int = 4
    k_chars: int = 5  # Chinese: 5-character shingles
    k_words: int = 4  # other languages: 4-word shingles
    min_chars: int = 200  # bodies this short (non-space characters) never merge on shingles alone
    containment: float = 0.70  # |A ∩ B| / min(|A|, |B|) at least this ...
    jaccard: float = 0.40  # ... and |A ∩ B| / |A ∪ B| at least this
    window_days: int = 90  # entries older than this leave the near-duplicate index

    def __post_init__(self) -> None:
        if self.bands * self.rows > self.num_perm:
            raise ValueError(f"bands*rows ({self.bands}*{self.rows}) exceeds num_perm ({self.num_perm})")
        if not (0.0 < self.containment <= 1.0 and 0.0 < self.jaccard <= 1.0):
            raise ValueError("containment and jaccard thresholds must be in (0, 1]")


@dataclass(frozen=True)
class Fingerprint:
    """What near-duplicate detection knows about one body."""

    language: str
    length: int  # non-space characters
    shingles: np.ndarray  # sorted unique uint64
    sketch: LeanMinHash | None  # None when the body is too short to take part

    @property
    def indexable(self) -> bool:
        return self.sketch is not None


@dataclass(frozen=True)
class Similarity:
    jaccard: float
    containment: float


def body_fingerprint(text: str, language: str | None, config: DedupConfig) -> Fingerprint:
    lang = shingle_language(language, text)
    length = body_length(text)
    grams = shingles(text, lang, k_chars=config.k_chars, k_words=config.k_words)
    long_enough = length > config.min_chars and grams.size > 0
    return Fingerprint(lang, length, grams, minhash(grams, config.num_perm) if long_enough else None)


def similarity(a: np.ndarray, b: np.ndarray) -> Similarity:
    """Exact Jaccard and containment (of the smaller set in the larger) of two sorted unique shingle arrays."""
    if a.size == 0 or b.size == 0:
        return Similarity(0.0, 0.0)
    common = int(np.intersect1d(a, b, assume_unique=True).size)
    return Similarity(common / (a.size + b.size - common), common / min(a.size, b.size))


def same_story(a: Fingerprint, b: Fingerprint, config: DedupConfig) -> Similarity | None:
    """The similarity when `a` and `b` are the same story by their shingles, else None."""
    if not (a.indexable and b.indexable) or a.language != b.language:
        return None
    score = similarity(a.shingles, b.shingles)
    if score.containment >= config.containment and score.jaccard >= config.jaccard:
        return score
    return None
