"""robots.txt binds a rendered page as it binds a plain one: the browser may not load what it disallows, the site's
JSON API included, so a list whose API is disallowed yields nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from common.settings import Settings
from common.sources import load_sources
from crawler.run import RunResult
from samples.server import SampleServer
from storage.migrate import upgrade
from storage.models import CrawlRun
from storage.session import make_engine, make_session_factory, session_scope
from tests.crawler.handlers.test_browser import OVERRIDES, chromium_or_skip

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[3]
ROBOTS = b"User-agent: *\nDisallow: /api/news/page-\n"
# The list's "load more" click waits in vain for the API's answer robots.txt forbids, until the render timeout:
# 5 s instead of the default 20 (a local page renders in well under a second).
SETTINGS = {**OVERRIDES, "RENDER_PAGE_TIMEOUT": 5.0}


def test_a_rendered_page_loads_nothing_robots_txt_disallows(
    tmp_path: Path, crawl_in_child: Callable[..., list[RunResult]]
) -> None:
    chromium_or_skip()
    database_url = f"sqlite:///{tmp_path / 'crawl.db'}"
    upgrade(database_url)
    spa = load_sources(ROOT / "sources.yaml").get("sample-spa")
    spa = spa.model_copy(update={"browser": spa.browser.model_copy(update={"wait_for": None})})  # no list will show
    with SampleServer() as server:
        server.put("spa.sample.test", "/robots.txt", ROBOTS, "text/plain")
        app = Settings(database_url=database_url, redis_url="", proxy_routes={".sample.test": server.url})
        [result] = crawl_in_child(app, [spa], trigger="cli", scrapy_overrides=SETTINGS)
        requests = server.requests
    assert not [path for _, path in requests if path.startswith("/api/news/page-")]
    assert ("spa.sample.test", "/static/app.js") in requests  # the page itself was rendered
    assert result.pages_stored == 0
    engine = make_engine(database_url)
    with session_scope(make_session_factory(engine)) as session:
        stats = session.scalars(select(CrawlRun.stats).where(CrawlRun.id == result.run_id)).one()
    engine.dispose()
    assert stats["rendered_pages"] == 1 and stats["render_blocked"] >= 1
