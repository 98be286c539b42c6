"""What a worker process needs, built lazily once per process (after the fork, so no engine crosses it)."""

from __future__ import annotations

from functools import cached_property

import redis
from sqlalchemy.orm import Session, sessionmaker

from common.settings import Settings
from common.sources import SourcesFile, load_sources
from storage.events import install_publisher
from storage.session import make_engine, make_session_factory
from workers.stories.clusters import Deduplicator


class WorkerContext:
    def __init__(self, settings: Settings, *, sources: SourcesFile | None = None) -> None:
        self.settings = settings
        if sources is not None:
            self.__dict__["sources"] = sources

    @cached_property
    def sources(self) -> SourcesFile:
        return load_sources(self.settings.sources_path)

    @cached_property
    def session_factory(self) -> sessionmaker[Session]:
        factory = make_session_factory(make_engine(self.settings.database_url))
        # Every commit that changes articles is announced on the Redis stream (distributed mode only).
        install_publisher(factory, self.settings.redis_url)
        return factory

    @cached_property
    def redis(self) -> redis.Redis | None:
        return redis.Redis.from_url(self.settings.redis_url) if self.settings.redis_url else None

    @cached_property
    def dedup(self) -> Deduplicator:
        """The dedup step's config and near-duplicate index (in-process, or shared in Redis when configured)."""
        return Deduplicator.from_settings(self.settings, self.sources)
