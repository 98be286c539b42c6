"""SeenCache: a Redis set per source of seen canonical article URLs, in front of the database (distributed mode).

The database (`crawl_urls`) is the truth; the cache only ever says "seen" for a URL the database it mirrors had
stored, and a URL it does not hold is still looked up in the database. So that a replaced or restored database (a
new deployment, a restore from backup) can never be hidden behind a cache of another one, the cache is keyed to the
database it mirrors: its marker holds the database's mark (`storage.repositories.crawl_state.seen_mark`: the
database's identity stamp, the number and highest id of the source's seen rows) as of the end of the last complete
save. A crawl uses the cache only when the database still carries that mark; otherwise (another database, rows gone,
rows added by a crawl that died before it confirmed) the set is rebuilt from the database.

Every key expires (`SEEN_CACHE_TTL`, refreshed by every crawl and every write), so the cache of a source nobody
crawls any more goes away by itself. A Redis error turns the cache off for the rest of the crawl; the crawl carries
on against the database.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence

import redis

log = logging.getLogger(__name__)
BATCH = 1000


class SeenCache:
    def __init__(self, client: redis.Redis, source: str, *, prefix: str, ttl: int) -> None:
        self.client = client
        self.key = f"{prefix}:{source}"
        self.marker = f"{self.key}:warm"
        self.ttl = ttl
        self.enabled = True

    @classmethod
    def connect(cls, redis_url: str, source: str, *, prefix: str, ttl: int) -> SeenCache:
        client = redis.Redis.from_url(redis_url, socket_timeout=5, socket_connect_timeout=5)
        return cls(client, source, prefix=prefix, ttl=ttl)

    def warm(self, load: Callable[[], Iterable[Sequence[str]]], mark: str) -> bool:
        """Make the set the database's: keep it when its marker is `mark` (the database's mark now), else refill it
        from `load()` (URL batches). Refreshes the expiry. True if filled."""
        return bool(self._guard(self._warm, load, mark))

    def _warm(self, load: Callable[[], Iterable[Sequence[str]]], mark: str) -> bool:
        if self.client.get(self.marker) == mark.encode():
            self.client.expire(self.key, self.ttl)
            self.client.expire(self.marker, self.ttl)
            return False
        # Not this database's copy: the marker goes first, so a fill that dies half-way is never trusted.
        self.client.delete(self.marker, self.key)
        for batch in load():
            if batch:
                self.client.pipeline(transaction=False).sadd(self.key, *batch).expire(self.key, self.ttl).execute()
        self.client.set(self.marker, mark, ex=self.ttl)
        return True

    def confirm(self, mark: str) -> None:
        """The database's mark after this crawl's writes: the set (a subset of those rows) is its copy."""
        self._guard(self.client.set, self.marker, mark, self.ttl)

    def contains(self, urls: Sequence[str]) -> set[str]:
        """Those of `urls` the cache holds (an empty set when the cache is off)."""
        found = self._guard(self._contains, urls)
        return found if found is not None else set()

    def _contains(self, urls: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(urls), BATCH):
            batch = list(urls[start : start + BATCH])
            found.update(url for url, hit in zip(batch, self.client.smismember(self.key, batch), strict=True) if hit)
        return found

    def add(self, urls: Iterable[str]) -> None:
        """URLs the database has just committed (never before: the cache holds nothing the database lacks)."""
        urls = list(urls)
        if urls:
            self._guard(self._add, urls)

    def _add(self, urls: list[str]) -> None:
        self.client.pipeline(transaction=False).sadd(self.key, *urls).expire(self.key, self.ttl).execute()

    def close(self) -> None:
        self.client.close()

    def _guard(self, call: Callable[..., object], *args: object) -> object:
        if not self.enabled:
            return None
        try:
            return call(*args)
        except redis.RedisError as exc:
            log.warning("seen cache %s off for this crawl: %s", self.key, exc)
            self.enabled = False
            return None
