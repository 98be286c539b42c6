"""The database engine of one crawler, shared by the components that write (crawl state, persist pipeline, run
recorder): one connection pool per crawl instead of one per component. Built on first use from DATABASE_URL,
disposed when the crawler's engine stops (after every `spider_closed` handler has written).

On SQLite its connections use synchronous=NORMAL (DATABASE_SQLITE_SYNCHRONOUS): in WAL mode a commit then no longer
waits for the disk, and a power loss may undo the last commits. What the crawler writes can be lost that way: a
raw page and its seen URLs go in one transaction, so the next crawl simply fetches such a page again.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from sqlalchemy import Engine, event

from storage.session import make_engine

ATTRIBUTE = "unionfeed_engine"
SYNCHRONOUS_LEVELS = ("OFF", "NORMAL", "FULL", "EXTRA")


def crawler_engine(crawler: Crawler) -> Engine | None:
    """The crawler's engine, or None when DATABASE_URL is not set."""
    engine: Engine | None = getattr(crawler, ATTRIBUTE, None)
    if engine is not None:
        return engine
    database_url = crawler.settings.get("DATABASE_URL")
    if not database_url:
        return None
    # A crawl is short-lived and its connections are busy: a liveness ping per checkout would cost a round trip
    # per stored page.
    engine = make_engine(database_url, pool_pre_ping=False)
    level = (crawler.settings.get("DATABASE_SQLITE_SYNCHRONOUS", "NORMAL") or "").upper()
    if engine.dialect.name == "sqlite" and level:
        if level not in SYNCHRONOUS_LEVELS:
            raise ValueError(f"DATABASE_SQLITE_SYNCHRONOUS: {level!r} is none of {', '.join(SYNCHRONOUS_LEVELS)}")
        event.listen(engine, "connect", partial(_synchronous, level=level))
    setattr(crawler, ATTRIBUTE, engine)
    crawler.signals.connect(engine.dispose, signal=signals.engine_stopped)
    return engine


def _synchronous(dbapi_connection: Any, _record: Any, *, level: str) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA synchronous={level}")
    cursor.close()

