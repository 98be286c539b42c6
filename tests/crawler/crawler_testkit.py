"""Helpers shared by the crawler tests (imported by name: pytest puts this folder on sys.path)."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta
from typing import Any

from common.settings import Settings
from common.sources import Source


def make_source(key: str = "demo", start: str = "http://news.sample.test/news/index.html", **fields: Any) -> Source:
    return Source.model_validate(
        {"key": key, "name": key.title(), "start_urls": [start], "schedule": {"every": timedelta(hours=1)}, **fields}
    )


def run_crawl_in_child(app_settings: Settings, sources: list[Source], **kwargs: Any) -> list[Any]:
    """`crawler.run.run_crawl` in a fresh spawned process: Twisted's reactor cannot be started twice in one."""
    from crawler.run import run_crawl

    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(run_crawl, app_settings, sources, **kwargs).result(timeout=120)
