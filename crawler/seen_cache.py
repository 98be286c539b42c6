"""SeenCache: a Redis set per source of seen canonical article URLs, in front of the database (distributed mode).

The database (`crawl_urls`) stays the truth: the cache is filled from it when absent (`warm`), asked first, and a URL
it does not hold is still looked up in the database. Both keys expire (`SEEN_CACHE_TTL`, refreshed by every crawl),
so the cache of a source nobody crawls any more goes away by itself. A Redis error turns the cache off for the rest
of the crawl; the crawl carries on against the database.
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

    def warm(self, load: Callable[[], Iterable[Sequence[str]]]) -> bool:
        """Fill the set from `load()` (URL batches) unless a warm copy exists; refresh the expiry. True if filled."""
        return bool(self._guard(self._warm, load))

    def _warm(self, load: Callable[[], Iterable[Sequence[str]]]) -> bool:
        if self.client.exists(self.marker):
            self.client.expire(self.key, self.ttl)
            self.client.expire(self.marker, self.ttl)
            return False
        self.client.delete(self.key)
        for batch in load():
            if batch:
                self.client.sadd(self.key, *batch)
        self.client.expire(self.key, self.ttl)
        self.client.set(self.marker, "1", ex=self.ttl)
        return True

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
        urls = list(urls)
        if urls:
            self._guard(self.client.sadd, self.key, *urls)

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
