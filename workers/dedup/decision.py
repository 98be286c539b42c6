"""The decision "same story?": thresholds, a body's fingerprint, and the exact check run on LSH candidates.

LSH only proposes candidates (bodies sharing one band of their MinHash signatures). Each candidate is then checked
exactly, on the two shingle sequences:

- **passage containment**: the share of the shorter body copied from the other in *long passages* — runs of at
  least `passage_chars` characters (Chinese) or `passage_words` words (other languages) in the same order. A reprint
  copies whole paragraphs: even with a paragraph cut on each side, a byline and a few copy-desk edits, most of the
  shorter text sits in such runs. Two reports written from one template (monthly meetings, "study session held")
  share boilerplate *sentences* with other names, dates and numbers in between; the runs they share are
  sentence-sized and mostly shorter than a passage. Plain set containment cannot tell the two apart (it reaches
  0.8 on the sample sites' series); passage containment can (see `tests/dedup/test_labelled_pairs.py`).
- **facts** decide the grey zone: when the passage share is between `passage_min` and `passage`, the two bodies
  must report the same numbers (dates, counts, amounts: at least `facts_min` distinct numbers in the body with fewer,
  `facts` of them found in the other). A reprint keeps its numbers; a template sibling reports another event's.
- **Jaccard** of the shingle sets must still reach a floor, so that a long round-up quoting one whole short story is
  not that story.
- A **lead copy** is the exception: aggregators and portals republish a story's first paragraphs with their own
  lines around them, which shares 10-30% of the story's shingles. When the shorter body's copied passages begin
  within `lead_chars` characters (`lead_words` words) of the longer body's start and hold at least two passages'
  worth, it is the same story if `passage` of it between its first and last copied passage is copied (an editor's
  note before, a related-news block after do not count), `passage_min` of all of it, `lead_facts` of its numbers
  (if any) are in the other, and Jaccard reaches `lead_jaccard`. A template sibling's shared opening is one passage
  followed by another date; a round-up quoting a story in its middle does not begin with it.

Bodies of `min_chars` non-space characters or fewer never merge on shingles: they take part only at the exact-hash
level.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash

from workers.dedup.shingles import body_length, numbers, shingle_language, shingle_sequence
from workers.dedup.signatures import minhash


@dataclass(frozen=True)
class DedupConfig:
    """Near-duplicate parameters. The defaults are justified by `bench/dedup.py` and `tests/dedup` (docs there)."""

    num_perm: int = 128
    bands: int = 32  # LSH: 32 bands of 4 rows. P(candidate) = 1-(1-J^4)^32: 0.74 at J=0.45, 0.87 at 0.5, 0.99 at 0.6
    rows: int = 4
    k_chars: int = 5  # Chinese: 5-character shingles
    k_words: int = 4  # other languages: 4-word shingles
    min_chars: int = 200  # bodies this short (non-space characters) never merge on shingles alone
    passage_chars: int = 50  # a copied passage: at least 50 characters in a row (Chinese) ...
    passage_words: int = 25  # ... or 25 words in a row (other languages)
    passage: float = 0.55  # share of the shorter body inside copied passages: at least this, or ...
    passage_min: float = 0.35  # ... at least this when the numbers agree:
    facts_min: int = 2  # the body with fewer distinct numbers has at least 2 ...
    facts: float = 0.80  # ... and 80% of them occur in the other body
    jaccard: float = 0.30  # and in any case shingle-set Jaccard at least this ...
    lead_jaccard: float = 0.02  # ... or this when the shorter body is the longer one's lead:
    lead_facts: float = 0.50  # ... and half of the numbers of the body with fewer (if any) are in the other
    lead_chars: int = 200  # its copied passages begin this close to the longer body's start (Chinese) ...
    lead_words: int = 50  # ... (other languages)
    index_lead_chars: int = 300  # the index also holds a signature of each body's first 300 characters ...
    index_lead_words: int = 60  # ... (60 words), so that a copy of only the first paragraphs is found
    window_days: int = 90  # entries older than this leave the near-duplicate index
    leads: bool = True  # False: lead copies are not recognised (the rules before; `bench/dedup.py` compares)

    def __post_init__(self) -> None:
        if self.bands * self.rows > self.num_perm:
            raise ValueError(f"bands*rows ({self.bands}*{self.rows}) exceeds num_perm ({self.num_perm})")
        if not (0.0 < self.passage_min <= self.passage <= 1.0):
            raise ValueError("passage thresholds must satisfy 0 < passage_min <= passage <= 1")
        if not (0.0 <= self.lead_jaccard <= self.jaccard <= 1.0 and 0.0 <= self.facts <= 1.0):
            raise ValueError("the jaccard and facts thresholds must be in [0, 1]")
        if min(self.k_chars, self.k_words, self.passage_chars, self.passage_words) < 1:
            raise ValueError("shingle and passage lengths must be positive")


@dataclass(frozen=True)
class Fingerprint:
    """What near-duplicate detection knows about one body."""

    language: str  # "zh" (character shingles) or "en" (word shingles)
    length: int  # non-space characters
    sequence: np.ndarray  # shingle hashes (uint64) in document order
    shingles: np.ndarray  # the same, sorted and unique
    numbers: frozenset[str]  # the distinct numbers the body reports
    sketch: LeanMinHash | None  # None when the body is too short to take part
    lead: LeanMinHash | None = None  # the signature of the body's first shingles; None when that is the whole body

    @property
    def indexable(self) -> bool:
        return self.sketch is not None

    @property
    def sketches(self) -> tuple[LeanMinHash, ...]:
        """What the index holds for this body and is queried with: the whole body's signature, then its lead's."""
        if self.sketch is None:
            return ()
        return (self.sketch,) if self.lead is None else (self.sketch, self.lead)


@dataclass(frozen=True)
class Similarity:
    jaccard: float
    passage: float
    facts: float | None  # share of the numbers of the body with fewer found in the other; None: too few to say
    # When the shorter body copies the longer one's first paragraphs: the share copied between its first and its
    # last copied passage (what a republisher puts around the copy does not count). Else None.
    lead: float | None = None
    lead_facts: float | None = None  # for a lead copy: `facts` counted from one number on


def body_fingerprint(text: str, language: str | None, config: DedupConfig) -> Fingerprint:
    lang = shingle_language(language, text)
    length = body_length(text)
    sequence = shingle_sequence(text, lang, k_chars=config.k_chars, k_words=config.k_words)
    grams = np.unique(sequence)
    long_enough = length > config.min_chars and grams.size > 0
    sketch = minhash(grams, config.num_perm) if long_enough else None
    lead_size = max(
        1,
        (config.index_lead_chars - config.k_chars + 1)
        if lang == "zh"
        else (config.index_lead_words - config.k_words + 1),
    )
    lead = None
    if config.leads and sketch is not None and sequence.size > lead_size:
        lead = minhash(np.unique(sequence[:lead_size]), config.num_perm)
    return Fingerprint(lang, length, sequence, grams, numbers(text), sketch, lead)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard of two sorted unique shingle arrays."""
    if a.size == 0 or b.size == 0:
        return 0.0
    common = int(np.intersect1d(a, b, assume_unique=True).size)
    return common / (a.size + b.size - common)


def passage_containment(a: np.ndarray, b: np.ndarray, min_run: int, max_repeats: int = 8) -> float:
    """Share of the shorter shingle sequence lying in runs of at least `min_run` consecutive shingles that occur
    consecutively in the other sequence too (a copied passage)."""
    return copied_passages(a, b, min_run, max_repeats).share


@dataclass(frozen=True)
class Copied:
    """What the shorter of two shingle sequences copies from the longer in passages."""

    share: float  # of the shorter sequence inside copied passages (passage containment)
    start: int  # where the first copied passage begins in the longer sequence (-1: nowhere)
    shingles: int  # shingles of the shorter sequence inside copied passages
    share_of_span: float  # `share` over the shorter sequence from its first copied passage to its last


def copied_passages(a: np.ndarray, b: np.ndarray, min_run: int, max_repeats: int = 8) -> Copied:
    """`passage_containment` with where the copy begins in the longer sequence and where it ends in the shorter.

    Works on diagonals: every pair of equal shingles (position i in one, j in the other) lies on diagonal j - i, and a
    copied passage is a run of consecutive i on one diagonal. A shingle repeated in the other body (an organisation's
    name, a date said twice) counts on each of its diagonals, up to `max_repeats` of them.
    """
    if a.size > b.size:
        a, b = b, a
    if a.size == 0:
        return Copied(0.0, -1, 0, 0.0)
    order = np.argsort(b, kind="stable")
    ranked = b[order]
    low = np.searchsorted(ranked, a, side="left")
    counts = np.minimum(np.searchsorted(ranked, a, side="right") - low, max_repeats)
    total = int(counts.sum())
    if total == 0:
        return Copied(0.0, -1, 0, 0.0)
    i = np.repeat(np.arange(a.size), counts)
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    diagonal = order[np.repeat(low, counts) + offsets] - i
    by_diagonal = np.lexsort((i, diagonal))
    i, diagonal = i[by_diagonal], diagonal[by_diagonal]
    follows = np.zeros(total, dtype=bool)
    follows[1:] = (diagonal[1:] == diagonal[:-1]) & (i[1:] == i[:-1] + 1)
    run = np.cumsum(~follows) - 1
    lengths = np.bincount(run)
    passage = lengths[run] >= min_run
    covered = np.zeros(a.size, dtype=bool)
    covered[i[passage]] = True
    if not passage.any():
        return Copied(0.0, -1, 0, 0.0)
    copied = int(covered.sum())
    start = int((i + diagonal)[passage].min())  # the position in b: i + (j - i)
    span = int(i[passage].max()) - int(i[passage].min()) + 1
    return Copied(copied / a.size, start, copied, copied / span)


def facts_agreement(a: frozenset[str], b: frozenset[str], minimum: int) -> float | None:
    """Share of the smaller number set found in the other; None when it holds fewer than `minimum` numbers."""
    fewer, more = (a, b) if len(a) <= len(b) else (b, a)
    if len(fewer) < minimum:
        return None
    return len(fewer & more) / len(fewer)


def similarity(a: Fingerprint, b: Fingerprint, config: DedupConfig) -> Similarity:
    if a.language != b.language:
        return Similarity(0.0, 0.0, None)
    if a.language == "zh":
        k, passage, lead = config.k_chars, config.passage_chars, config.lead_chars
    else:
        k, passage, lead = config.k_words, config.passage_words, config.lead_words
    min_run = max(1, passage - k + 1)  # a run of n shingles spans n + k - 1 characters (words)
    copied = copied_passages(a.sequence, b.sequence, min_run)
    is_lead = config.leads and 0 <= copied.start <= lead and copied.shingles >= 2 * min_run
    return Similarity(
        jaccard(a.shingles, b.shingles),
        copied.share,
        facts_agreement(a.numbers, b.numbers, config.facts_min),
        lead=copied.share_of_span if is_lead else None,
        lead_facts=facts_agreement(a.numbers, b.numbers, 1) if is_lead else None,
    )


def is_same(score: Similarity, config: DedupConfig) -> bool:
    if score.jaccard >= config.jaccard and score.passage >= config.passage_min:
        if score.passage >= config.passage or (score.facts is not None and score.facts >= config.facts):
            return True
    # A copy of the first paragraphs (an aggregator's lead, a portal's excerpt), with the republisher's additions.
    # Its numbers must not contradict the other's (a sibling's template opening is followed by another date).
    if score.lead is None or score.jaccard < config.lead_jaccard or score.passage < config.passage_min:
        return False
    return score.lead >= config.passage and (score.lead_facts is None or score.lead_facts >= config.lead_facts)


def same_story(a: Fingerprint, b: Fingerprint, config: DedupConfig) -> Similarity | None:
    """The similarity when `a` and `b` are the same story by their shingles, else None (short bodies: always None)."""
    if not (a.indexable and b.indexable) or a.language != b.language:
        return None
    score = similarity(a, b, config)
    return score if is_same(score, config) else None
