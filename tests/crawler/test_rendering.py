"""What decides rendering (auto mode's shell test), what is read from the site's API, how Chromium is launched."""

from __future__ import annotations

import asyncio
import json

import pytest

from common.sources import ApiList, Source
from crawler.handlers.browser import launch_options, process_pool
from crawler.rendering import RENDERED, api_article_urls, browser_meta, chromium_missing, needs_browser
from samples.manifest import SITES_DIR

SHELL = (SITES_DIR / "spa.sample.test" / "index.html").read_bytes()
API = ApiList(url_pattern=r"/api/news/page-\d+\.json$", items="data.list", article_url="http://a.test/#/n?id={id}")


def test_a_script_shell_needs_the_browser() -> None:
    assert needs_browser(SHELL, articles_found=False)


def test_a_page_with_articles_or_text_or_no_scripts_does_not() -> None:
    article = (SITES_DIR / "faulty.sample.test" / "a" / "ok.html").read_bytes()
    assert not needs_browser(SHELL, articles_found=True)
    assert not needs_browser(article.replace(b"</body>", b"<script src='/x.js'></script></body>"), False)
    assert not needs_browser(b"<html><body><div id='app'></div></body></html>", False)


def test_api_items_become_article_urls_in_order_once() -> None:
    body = json.dumps({"data": {"list": [{"id": 7}, {"id": 3}, {"id": 7}, {"title": "no id"}]}}).encode()
    seen = [("http://a.test/api/news/page-1.json", body), ("http://a.test/api/other.json", body)]
    assert api_article_urls(seen, [API]) == ["http://a.test/#/n?id=7", "http://a.test/#/n?id=3"]


@pytest.mark.parametrize("body", [b"not json", b'{"data": {"list": {"id": 1}}}', b"[1, 2]", b""])
def test_api_responses_that_do_not_fit_give_nothing(body: bytes) -> None:
    assert api_article_urls([("http://a.test/api/news/page-1.json", body)], [API]) == []


def test_browser_meta_waits_and_clicks_load_more_on_lists_only() -> None:
    source = Source.model_validate(
        {
            "key": "spa",
            "name": "SPA",
            "start_urls": ["http://a.test/#/news"],
            "render": "browser",
            "browser": {"wait_for": "li", "load_more": "button.more"},
            "discovery": {"max_list_pages": 4},
        }
    )
    on_list = browser_meta(source, list_page=True, timeout=5)
    on_article = browser_meta(source, list_page=False, timeout=5)
    assert on_list["playwright"] and on_list[RENDERED]
    assert [m.args for m in on_list["playwright_page_methods"]] == [("li", 5000), ("button.more", 3, 5000)]
    assert [m.args for m in on_article["playwright_page_methods"]] == [("li", 5000)]


def test_chromium_is_the_routed_proxy_for_the_source_hosts_only() -> None:
    base = {"executable_path": "/usr/bin/chromium"}
    routes = {".sample.test": "http://127.0.0.1:8123"}
    assert launch_options(base, routes, ["spa.sample.test"]) == {**base, "proxy": {"server": "http://127.0.0.1:8123"}}
    mixed = launch_options(base, routes, ["spa.sample.test", "example.org"])
    assert mixed["proxy"] == {"server": "http://127.0.0.1:8123", "bypass": ".example.org,example.org"}
    assert launch_options(base, routes, ["example.org"]) == base
    with pytest.raises(ValueError, match="one"):
        launch_options(base, {".a.test": "http://p1", ".b.test": "http://p2"}, ["x.a.test", "y.b.test"])


def test_a_missing_chromium_is_one_line_saying_how_to_install_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    message = chromium_missing(str(tmp_path / "chromium"))
    assert message is not None and "\n" not in message and "apt-get install chromium" in message


def test_the_page_pool_is_one_per_process_and_bounds_pages_at_once() -> None:
    async def scenario() -> tuple[bool, int]:
        pool, peak = process_pool(2), 0

        async def page() -> None:
            nonlocal peak
            async with process_pool(7) as shared:  # a second handler of the process: the same pool, its size kept
                peak = max(peak, shared.in_use)
                await asyncio.sleep(0.01)

        await asyncio.gather(*(page() for _ in range(6)))
        return process_pool(2) is pool, peak

    assert asyncio.run(scenario()) == (True, 2)


def test_browser_errors_are_classified_without_their_call_log() -> None:
    from playwright.async_api import Error, TimeoutError

    from crawler.failures import classify_exception

    timeout = TimeoutError("Timeout 20000ms exceeded.\nCall log:\n  - navigating")
    assert classify_exception(timeout) == ("timeout", "browser: Timeout 20000ms exceeded.")
    assert classify_exception(Error("net::ERR_ABORTED at http://a.test/\nCall log:")) == (
        "render_failed",
        "browser: net::ERR_ABORTED at http://a.test/",
    )
