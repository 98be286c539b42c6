"""Without Chromium, a source rendered in a browser fails with one line saying how to install it, and an `auto`
source records the pages that needed the browser; neither launches anything."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from common.settings import Settings
from common.sources import load_sources
from crawler.run import RunResult
from samples.server import SampleServer
from storage.migrate import upgrade
from storage.models import CrawlRun
from storage.session import make_engine, make_session_factory, session_scope

ROOT = Path(__file__).resolve().parents[2]
OVERRIDES = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "LOG_LEVEL": "WARNING"}


def test_without_chromium_browser_sources_fail_clearly(
    tmp_path: Path, crawl_in_child: Callable[..., list[RunResult]]
) -> None:
    database_url = f"sqlite:///{tmp_path / 'crawl.db'}"
    upgrade(database_url)
    spa = load_sources(ROOT / "sources.yaml").get("sample-spa")
    auto = spa.model_copy(update={"key": "spa-auto", "render": "auto"})
    with SampleServer() as server:
        app = Settings(
            database_url=database_url,
            redis_url="",
            proxy_routes={".sample.test": server.url},
            chromium_path=str(tmp_path / "no-chromium"),
        )
        browser, fallback = crawl_in_child(app, [spa, auto], trigger="cli", scrapy_overrides=OVERRIDES)
        requests = server.requests
    assert (browser.status, browser.errors_by_kind) == ("failed", {"browser_unavailable": 1})
    assert (fallback.pages_stored, fallback.errors_by_kind) == (0, {"browser_unavailable": 1})
    engine = make_engine(database_url)
    with session_scope(make_session_factory(engine)) as session:
        [error] = session.get_one(CrawlRun, browser.run_id).errors
    engine.dispose()
    assert "\n" not in error["reason"] and "apt-get install chromium" in error["reason"]
    assert not {path for host, path in requests if path.startswith(("/static/", "/api/"))}  # no browser ran
