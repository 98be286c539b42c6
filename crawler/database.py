"""The database engine of the crawlers of one process, shared by the components that write (crawl state, persist
pipeline, run recorder): one connection pool per process and database instead of one per component or per crawler.
`unionfeed crawl` runs a crawler per source in one process; with a pool each, a first crawl of 20 sources opened
some 50 PostgreSQL connections, and each backend's start cost the 2 cores more than the crawler's own queries
(bench/crawl_overhead.py). Built on first use from DATABASE_URL; disposed when the engine of the last crawler
using it stops (after every `spider_closed` handler has written).

On SQLite its connections use synchronous=NORMAL (DATABASE_SQLITE_SYNCHRONOUS): in WAL mode a commit then no longer
waits for the disk, and a power loss may undo the last commits. What the crawler writes can be lost that way: a
raw page and its seen URLs go in one transaction, so the next crawl simply fetches such a page again.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from sqlalchemy import Engine, event

from storage.session import make_engine

ATTRIBUTE = "unionfeed_engine"
SYNCHRONOUS_LEVELS = ("OFF", "NORMAL", "FULL", "EXTRA")


@dataclass
class _Shared:
    engine: Engine
    users: set[int] = field(default_factory=set)  # id() of the crawlers using it


_shared: dict[tuple[str, str], _Shared] = {}
_lock = threading.Lock()


def crawler_engine(crawler: Crawler) -> Engine | None:
    """The crawler's engine, or None when DATABASE_URL is not set."""
    engine: Engine | None = getattr(crawler, ATTRIBUTE, None)
    if engine is not None:
        return engine
    database_url = crawler.settings.get("DATABASE_URL")
    if not database_url:
        return None
    level = (crawler.settings.get("DATABASE_SQLITE_SYNCHRONOUS", "NORMAL") or "").upper()
    if level and level not in SYNCHRONOUS_LEVELS:
        raise ValueError(f"DATABASE_SQLITE_SYNCHRONOUS: {level!r} is none of {', '.join(SYNCHRONOUS_LEVELS)}")
    key = (str(database_url), level)
    with _lock:
        shared = _shared.get(key)
        if shared is None:
            shared = _shared[key] = _Shared(_new_engine(database_url, level))
        shared.users.add(id(crawler))
    setattr(crawler, ATTRIBUTE, shared.engine)

    def release() -> None:
        _release(key, id(crawler))

    crawler.signals.connect(release, signal=signals.engine_stopped, weak=False)
    return shared.engine


def _new_engine(database_url: str, level: str) -> Engine:
    # A crawl is short-lived and its connections are busy: a liveness ping per checkout would cost a round trip
    # per stored page.
    engine = make_engine(database_url, pool_pre_ping=False)
    if engine.dialect.name == "sqlite" and level:
        event.listen(engine, "connect", partial(_synchronous, level=level))
    return engine


def _release(key: tuple[str, str], crawler_id: int) -> None:
    with _lock:
        shared = _shared.get(key)
        if shared is None:
            return
        shared.users.discard(crawler_id)
        if shared.users:
            return
        del _shared[key]
    shared.engine.dispose()


def _synchronous(dbapi_connection: Any, _record: Any, *, level: str) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA synchronous={level}")
    cursor.close()
