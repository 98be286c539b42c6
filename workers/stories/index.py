"""The near-duplicate index stores: datasketch `MinHashLSH`, in-process (embedded mode) or in Redis (distributed mode).

Both index only bodies long enough to take part, keyed by article id, and both forget entries older than the window
(`Settings.dedup_window_days`); the exact-hash and URL levels live in the articles table and never expire. The
database stays the truth: the index only proposes candidates, the caller verifies each one against stored articles,
so an entry whose transaction rolled back (a "ghost") costs a lookup and nothing else.

- `EmbeddedIndex`: a `LocalIndex` (`workers.dedup.lsh`, the LSH in this process) that follows the
  `article_fingerprints` table. The first use in a process loads the window's signatures; every later use first
  catches up on rows written since (by this process or another), so a restart loses nothing and two processes
  sharing a database see each other's articles.
- `RedisIndex`: the same banding with buckets kept in Redis (one pipeline per insert, one SUNION per query), shared
  by every worker; a sorted set of insertion times drives expiry (swept by whichever worker gets there first, at
  most every `SWEEP_EVERY` seconds). When Redis lost the index (a flush, a new instance) the first worker to
  notice refills it from the database.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta

import numpy as np
import redis
from datasketch import LeanMinHash, MinHashLSH
from sqlalchemy.orm import Session

from storage.base import utcnow
from storage.repositories import fingerprints
from workers.dedup import DedupConfig, split_signature
from workers.dedup.lsh import LocalIndex, entries, entry_keys, entry_owner

log = logging.getLogger(__name__)

SWEEP_EVERY = 600  # seconds between two expiry sweeps of the shared index
GAP_TTL = 900  # seconds an unseen fingerprint id is re-checked (its transaction may commit later)
BATCH = 5000


# --- embedded mode: the local index, following the database -------------------------------------------------------


class EmbeddedIndex:
    """A `LocalIndex` kept in step with `article_fingerprints` (see the module docstring)."""

    def __init__(self, config: DedupConfig) -> None:
        self.config = config
        self.local = LocalIndex(config)
        self._lock = threading.Lock()
        self._last_id: int | None = None
        self._gaps: dict[int, float] = {}  # fingerprint ids not seen yet -> since when

    def candidates(
        self, session: Session, sketch: LeanMinHash, now: datetime | None = None, lead: LeanMinHash | None = None
    ) -> set[str]:
        now = now or utcnow()
        with self._lock:
            self._catch_up(session, now)
            self.local.expire(now - timedelta(days=self.config.window_days))
            return self.local.query(sketch, lead)

    def add(
        self, session: Session, key: str, sketch: LeanMinHash, indexed_at: datetime, lead: LeanMinHash | None = None
    ) -> None:
        """Nothing to do: the caller wrote the fingerprint row; it is loaded once committed (never a ghost)."""

    def discard(self, session: Session, key: str) -> None:
        """Nothing to do: a fingerprint row rewritten without a signature is dropped when it is loaded."""

    def __len__(self) -> int:
        return len(self.local)

    def _catch_up(self, session: Session, now: datetime) -> None:
        since = now - timedelta(days=self.config.window_days)
        if self._last_id is None:
            self._load_window(session, since)
        while True:
            gaps = sorted(self._gaps)
            rows = fingerprints.fingerprints_after(session, self._last_id or 0, also_ids=gaps, limit=BATCH)
            for row_id, article_id, signature, num_perm, indexed_at in rows:
                self._gaps.pop(row_id, None)
                if signature is not None and num_perm == self.config.num_perm and indexed_at >= since:
                    whole, lead = split_signature(signature, num_perm)
                    self.local.add(article_id, whole, indexed_at, lead)
                else:
                    self.local.discard(article_id)  # rewritten without a signature, or too old
            newest = max((row[0] for row in rows), default=0)
            if newest > (self._last_id or 0):
                seen = {row[0] for row in rows}
                stamp = time.monotonic()
                for missing in range((self._last_id or 0) + 1, newest):
                    if missing not in seen:
                        self._gaps[missing] = stamp
                self._last_id = newest
            if len(rows) < BATCH:
                break
        expired = time.monotonic() - GAP_TTL
        self._gaps = {gap: stamp for gap, stamp in self._gaps.items() if stamp >= expired}

    def _load_window(self, session: Session, since: datetime) -> None:
        newest = fingerprints.max_fingerprint_id(session)
        after = 0
        while True:
            rows = fingerprints.signatures_after(
                session, after, since=since, num_perm=self.config.num_perm, limit=BATCH
            )
            for row_id, article_id, signature, indexed_at in rows:
                if row_id <= newest:
                    whole, lead = split_signature(signature, self.config.num_perm)
                    self.local.add(article_id, whole, indexed_at, lead)
            after = rows[-1][0] if rows else after
            if len(rows) < BATCH or after >= newest:
                break
        # Rows just below `newest` may belong to transactions still in flight: look at them again later.
        present = set(fingerprints.fingerprint_ids_between(session, max(0, newest - 200), newest))
        stamp = time.monotonic()
        self._gaps = {i: stamp for i in range(max(1, newest - 199), newest + 1) if i not in present}
        self._last_id = newest
        days = self.config.window_days
        log.info("near-duplicate index: loaded %d signatures of the last %d days", len(self.local), days)


# --- distributed mode: datasketch's Redis storage ---------------------------------------------------------------


class RedisIndex:
    """The LSH in Redis, shared by all workers, with a window kept by a sorted set of insertion times.

    Banding is datasketch's (`MinHashLSH.hashranges`, the same bands and rows as the local index); the buckets are
    written with redis-py directly: a band's bucket is a set of article ids, and each article keeps its signature
    so its buckets can be found again to remove it. datasketch's Redis storage keeps one pipeline per band table,
    which made an insert 33 round trips and 33 new pipeline objects (8 ms a page, more than all the rest of
    processing); here an insert is one pipeline, a query one SUNION (bench/queue_scaling.py, docs/dedup.md).
    Keys carry one hash tag, so the index also lives in one slot of a Redis Cluster.
    """

    def __init__(self, config: DedupConfig, redis_url: str, prefix: str = "unionfeed:lsh") -> None:
        self.config = config
        self.redis = redis.Redis.from_url(redis_url)
        # v2: the bucket layout below. An index in another layout is simply not found, and is refilled.
        name = f"{{{prefix}}}:v2:{config.num_perm}x{config.bands}x{config.rows}"
        self.bucket_prefix = f"{name}:b:".encode()
        self.signature_prefix = f"{name}:s:".encode()
        self.times_key = f"{name}:indexed"
        self.built_key = f"{name}:built"
        self.sweep_key = f"{name}:sweep"
        self.hashranges = MinHashLSH(num_perm=config.num_perm, params=(config.bands, config.rows)).hashranges

    def candidates(
        self, session: Session, sketch: LeanMinHash, now: datetime | None = None, lead: LeanMinHash | None = None
    ) -> set[str]:
        now = now or utcnow()
        buckets = [bucket for _, probe in entries("", sketch, lead) for bucket in self._buckets(probe.hashvalues)]
        pipe = self.redis.pipeline(transaction=False)
        pipe.exists(self.built_key)
        pipe.set(self.sweep_key, b"1", nx=True, ex=SWEEP_EVERY)
        pipe.sunion(buckets)
        built, sweep, members = pipe.execute()
        if not built:
            self._ensure_built(session, now)
            members = self.redis.sunion(buckets)
        if sweep:
            self.expire(now - timedelta(days=self.config.window_days))
        return {entry_owner(key.decode()) for key in members}

    def add(
        self,
        session: Session | None,
        key: str,
        sketch: LeanMinHash,
        indexed_at: datetime,
        lead: LeanMinHash | None = None,
    ) -> None:
        """Index now, before the caller commits: a worker waiting on the same band locks must find it. A body's
        lead is an entry of its own (`workers.dedup.lsh.entries`)."""
        pipe = self._unlinking(key)
        self._link(pipe, key, sketch, lead, indexed_at)
        pipe.execute()

    def discard(self, session: Session | None, key: str) -> None:
        pipe = self._unlinking(key)
        pipe.zrem(self.times_key, key.encode())
        pipe.execute()

    def expire(self, before: datetime, budget: int = 10_000) -> int:
        """Remove entries indexed before `before` (at most `budget` per call); returns how many."""
        removed = 0
        while removed < budget:
            stale = self.redis.zrangebyscore(self.times_key, "-inf", f"({before.timestamp()}", start=0, num=500)
            if not stale:
                break
            pipe = self._unlinking(*(raw.decode() for raw in stale))
            pipe.zrem(self.times_key, *stale)
            pipe.execute()
            removed += len(stale)
        if removed:
            log.info("near-duplicate index: %d entries left the %d-day window", removed, self.config.window_days)
        return removed

    def __len__(self) -> int:
        return int(self.redis.zcard(self.times_key))

    def _buckets(self, hashvalues: np.ndarray) -> list[bytes]:
        values = _as_stored(hashvalues)
        return [
            self.bucket_prefix + band.to_bytes(2, "big") + values[start:end].tobytes()
            for band, (start, end) in enumerate(self.hashranges)
        ]

    def _link(
        self,
        pipe: redis.client.Pipeline,
        key: str,
        sketch: LeanMinHash,
        lead: LeanMinHash | None,
        indexed_at: datetime,
    ) -> None:
        """Each entry of the body into its buckets, with its signature; the body's key into the time window."""
        for entry, signature in entries(key, sketch, lead):
            raw = entry.encode()
            for bucket in self._buckets(signature.hashvalues):
                pipe.sadd(bucket, raw)
            pipe.set(self.signature_prefix + raw, _as_stored(signature.hashvalues).tobytes())
        pipe.zadd(self.times_key, {key.encode(): indexed_at.timestamp()})

    def _unlinking(self, *keys: str) -> redis.client.Pipeline:
        """A pipeline that starts by taking every entry of these bodies out of the buckets of its indexed signature."""
        raws = [entry.encode() for key in keys for entry in entry_keys(key)]
        previous = self.redis.mget([self.signature_prefix + raw for raw in raws])
        pipe = self.redis.pipeline(transaction=False)
        for raw, signature in zip(raws, previous, strict=True):
            if signature is not None:
                self._unlink(pipe, raw, signature)
        return pipe

    def _unlink(self, pipe: redis.client.Pipeline, raw: bytes, signature: bytes) -> None:
        for bucket in self._buckets(np.frombuffer(signature, dtype=STORED_DTYPE)):
            pipe.srem(bucket, raw)
        pipe.delete(self.signature_prefix + raw)

    def _ensure_built(self, session: Session, now: datetime) -> None:
        """An empty Redis (flushed, new) is refilled from the database's signatures by one worker; others wait."""
        if self.redis.exists(self.built_key):
            return
        with self.redis.lock(f"{self.built_key}:lock", timeout=600, blocking_timeout=600):
            if self.redis.exists(self.built_key):
                return
            since = now - timedelta(days=self.config.window_days)
            after, loaded = 0, 0
            while True:
                rows = fingerprints.signatures_after(
                    session, after, since=since, num_perm=self.config.num_perm, limit=BATCH
                )
                pipe = self.redis.pipeline(transaction=False)
                for _, article_id, signature, indexed_at in rows:  # SADD and SET: loading twice changes nothing
                    whole, lead = split_signature(signature, self.config.num_perm)
                    self._link(pipe, article_id, whole, lead, indexed_at)
                pipe.execute()
                loaded += len(rows)
                after = rows[-1][0] if rows else after
                if len(rows) < BATCH:
                    break
            self.redis.set(self.built_key, str(now.timestamp()))
            log.info("near-duplicate index: filled Redis with %d signatures from the database", loaded)


# MinHash values are below 2**32 (datasketch's hash range): stored as little-endian uint32, as in the database.
STORED_DTYPE = np.dtype("<u4")


def _as_stored(hashvalues: np.ndarray) -> np.ndarray:
    return np.asarray(hashvalues).astype(STORED_DTYPE, copy=False)


NearDuplicateIndex = EmbeddedIndex | RedisIndex


def build_index(config: DedupConfig, redis_url: str | None, prefix: str = "unionfeed:lsh") -> NearDuplicateIndex:
    """Redis when a URL is configured (shared by all workers), else in-process."""
    return RedisIndex(config, redis_url, prefix) if redis_url else EmbeddedIndex(config)
