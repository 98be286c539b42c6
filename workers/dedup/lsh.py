"""The in-process LSH over article ids: datasketch's `MinHashLSH` with compact bucket storage (one key, not a set, in
the usual one-key bucket) and a time-ordered heap for expiry. Pure: no I/O. The benchmark measures it against a plain
`MinHashLSH` (bench/dedup.py).
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Iterable
from datetime import datetime

import numpy as np
from datasketch import LeanMinHash, MinHashLSH
from datasketch.storage import OrderedStorage, UnorderedStorage

from workers.dedup.decision import DedupConfig


class _CompactBuckets(UnorderedStorage):
    """A band's hash table: bucket key -> the one article id in it, or a set once a second one arrives."""

    def __init__(self) -> None:
        self._buckets: dict[Hashable, object] = {}

    def keys(self) -> Iterable[Hashable]:
        return self._buckets.keys()

    def get(self, key: Hashable) -> Iterable[Hashable]:
        found = self._buckets.get(key)
        if found is None:
            return ()
        return found if isinstance(found, set) else (found,)

    def insert(self, key: Hashable, *vals: Hashable, **kwargs: object) -> None:
        for val in vals:
            found = self._buckets.get(key)
            if found is None:
                self._buckets[key] = val
            elif isinstance(found, set):
                found.add(val)
            elif found != val:
                self._buckets[key] = {found, val}

    def remove(self, *keys: Hashable, **kwargs: object) -> None:
        for key in keys:
            self._buckets.pop(key, None)

    def remove_val(self, key: Hashable, val: Hashable, **kwargs: object) -> None:
        found = self._buckets.get(key)
        if isinstance(found, set):
            found.discard(val)
            if len(found) == 1:
                self._buckets[key] = next(iter(found))
        elif found == val:
            del self._buckets[key]

    def size(self) -> int:
        return len(self._buckets)

    def itemcounts(self, **kwargs: object) -> dict[Hashable, int]:
        return {k: len(v) if isinstance(v, set) else 1 for k, v in self._buckets.items()}

    def has_key(self, key: Hashable) -> bool:
        return key in self._buckets


class _CompactKeys(OrderedStorage):
    """Article id -> its bucket keys (a tuple), for removal."""

    def __init__(self) -> None:
        self._keys: dict[Hashable, tuple[Hashable, ...]] = {}

    def keys(self) -> Iterable[Hashable]:
        return self._keys.keys()

    def get(self, key: Hashable) -> tuple[Hashable, ...]:
        return self._keys.get(key, ())

    def insert(self, key: Hashable, *vals: Hashable, **kwargs: object) -> None:
        self._keys[key] = self._keys.get(key, ()) + vals

    def remove(self, *keys: Hashable, **kwargs: object) -> None:
        for key in keys:
            self._keys.pop(key, None)

    def remove_val(self, key: Hashable, val: Hashable, **kwargs: object) -> None:
        self._keys[key] = tuple(v for v in self._keys.get(key, ()) if v != val)

    def size(self) -> int:
        return len(self._keys)

    def itemcounts(self, **kwargs: object) -> dict[Hashable, int]:
        return {k: len(v) for k, v in self._keys.items()}

    def has_key(self, key: Hashable) -> bool:
        return key in self._keys


class _CompactLSH(MinHashLSH):
    """`MinHashLSH` with compact in-memory storage. A band's values are reduced to one Python int (`hash` of their
    bytes: fine in memory, never persisted); banding, insert, query and remove are datasketch's own."""

    def __init__(self, config: DedupConfig) -> None:
        super().__init__(num_perm=config.num_perm, params=(config.bands, config.rows))
        self.hashtables = [_CompactBuckets() for _ in range(self.b)]
        self.keys = _CompactKeys()
        self._H = _band_key


def _band_key(values: np.ndarray) -> int:
    return hash(values.tobytes())


LEAD = "#lead"  # the entry of a body's lead signature is its key with this suffix


def entries(key: str, sketch: LeanMinHash, lead: LeanMinHash | None) -> list[tuple[str, LeanMinHash]]:
    """The index entries of one body: its signature under its key, its lead's (if any) under `key + LEAD`."""
    return [(key, sketch)] if lead is None else [(key, sketch), (key + LEAD, lead)]


def entry_keys(key: str) -> list[str]:
    """Every entry a body may have in the index."""
    return [key, key + LEAD]


def entry_owner(entry: str) -> str:
    """The key an index entry belongs to."""
    return entry.removesuffix(LEAD)


class LocalIndex:
    """In-process LSH over article ids, with a time window. Not thread-safe on its own (callers hold a lock).

    A body is indexed by its signature and, when it has one, its lead's: a copy of only the first paragraphs
    shares few shingles with the whole body but most with its lead."""

    def __init__(self, config: DedupConfig) -> None:
        self.config = config
        self._lsh = _CompactLSH(config)
        self._indexed_at: dict[str, float] = {}
        self._heap: list[tuple[float, str]] = []

    def __len__(self) -> int:
        return len(self._indexed_at)

    def __contains__(self, key: str) -> bool:
        return key in self._indexed_at

    def query(self, sketch: LeanMinHash, lead: LeanMinHash | None = None) -> set[str]:
        found: set[str] = set()
        for _, probe in entries("", sketch, lead):
            found.update(entry_owner(entry) for entry in self._lsh.query(probe))
        return found

    def add(self, key: str, sketch: LeanMinHash, indexed_at: datetime, lead: LeanMinHash | None = None) -> None:
        self.discard(key)
        for entry, signature in entries(key, sketch, lead):
            self._lsh.insert(entry, signature, check_duplication=False)
        stamp = indexed_at.timestamp()
        self._indexed_at[key] = stamp
        heapq.heappush(self._heap, (stamp, key))

    def discard(self, key: str) -> None:
        if self._indexed_at.pop(key, None) is not None:
            self._lsh.remove(key)
            if key + LEAD in self._lsh:
                self._lsh.remove(key + LEAD)

    def expire(self, before: datetime) -> int:
        """Forget entries indexed before `before`; returns how many."""
        cutoff, removed = before.timestamp(), 0
        while self._heap and self._heap[0][0] < cutoff:
            stamp, key = heapq.heappop(self._heap)
            if self._indexed_at.get(key) == stamp:  # else: re-added since, a newer heap entry stands for it
                self.discard(key)
                removed += 1
        return removed
