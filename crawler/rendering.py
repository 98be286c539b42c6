"""Pages built by JavaScript: which requests go through the browser, what the browser does on a page, and what the
spider reads from it besides the DOM (the site's own JSON API responses). Plain functions; the browser itself is
driven by scrapy-playwright through `crawler.handlers.browser.BrowserDownloadHandler`.

A rendered request carries `meta["playwright"]` (scrapy-playwright's switch) and the page methods below: wait until
the page shows its content, click a list's "load more" while it shows, then hand the JSON responses the page
received to the spider (`meta[SEEN_JSON]`).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import html as lxml_html
from lxml.etree import ParserError

from common.sources import ApiList, Source

if TYPE_CHECKING:  # Playwright is imported where a page is rendered: plain crawls do without it
    from playwright.async_api import Page

RENDERED = "rendered"  # request.meta: this request goes (went) through the browser
SEEN_JSON = "rendered_json"  # response.meta: [(url, body)] of the JSON responses the page received
RENDER_STATUS = "render_status"  # request.meta: the HTTP status of the page's own document
PAGE_TEXT_MIN = 200  # characters of visible text a page of its own (not a script shell) shows at least

INSTALL_HINT = "install it from the OS packages (apt-get install chromium) or set UNIONFEED_CHROMIUM_PATH"


def chromium_missing(path: str) -> str | None:
    """Why a browser cannot be launched from `path` (one line saying how to fix it), or None when it can."""
    found = shutil.which(path) if not Path(path).is_absolute() else (path if Path(path).is_file() else None)
    if found is None:
        return f"Chromium not found at {path}: {INSTALL_HINT}"
    return None


def browser_meta(source: Source, *, list_page: bool, timeout: float) -> dict[str, Any]:
    """The request meta that renders a page of `source` in the browser (`timeout` seconds per wait)."""
    from scrapy_playwright.page import PageMethod

    rules = source.browser
    methods = [PageMethod(settle, rules.wait_for, timeout * 1000)]
    if list_page and rules.load_more:
        methods.append(PageMethod(load_more, rules.load_more, source.discovery.max_list_pages - 1, timeout * 1000))
    return {
        "playwright": True,
        "playwright_page_methods": methods,
        "playwright_page_goto_kwargs": {"wait_until": "load", "timeout": timeout * 1000},
        # A rendered page's latency is mostly the browser's work (scripts, waits, clicks), not the server's answer:
        # AutoThrottle would read it as a slow server. The source's delay and concurrency still hold.
        "autothrottle_dont_adjust_delay": True,
        RENDERED: True,
    }


async def settle(page: Page, selector: str | None, timeout_ms: float) -> None:
    """Wait until the page shows `selector`, or, without one, until its network has been idle for half a second.
    A page that never does is taken as it is: the spider decides what it holds."""
    from playwright.async_api import Error as PlaywrightError

    try:
        if selector:
            await page.wait_for_selector(selector, timeout=timeout_ms)
        else:
            await page.wait_for_load_state("networkidle", timeout=timeout_ms)
    except PlaywrightError:
        pass


async def load_more(page: Page, selector: str, times: int, timeout_ms: float) -> int:
    """Click the list's "load more" button while it is visible, at most `times` times, each time waiting until the
    page changed. Returns the clicks made."""
    from playwright.async_api import Error as PlaywrightError

    clicks = 0
    while clicks < times:
        button = await page.query_selector(selector)
        if button is None or not await button.is_visible():
            break
        before = await page.evaluate("document.body.innerHTML.length")
        try:
            await button.click(timeout=timeout_ms)
            await page.wait_for_function("n => document.body.innerHTML.length !== n", arg=before, timeout=timeout_ms)
        except PlaywrightError:
            break
        clicks += 1
    return clicks


def needs_browser(body: bytes, articles_found: bool) -> bool:
    """`render: auto`: a page that brought no article links and shows (almost) no text of its own, but loads
    scripts, is a shell that JavaScript fills; it is fetched again through the browser."""
    if articles_found or b"<script" not in body[:1_000_000].lower():
        return False
    try:
        tree = lxml_html.document_fromstring(body)
    except (ParserError, ValueError):
        return False
    if not tree.xpath("//script"):
        return False
    for node in tree.iter("script", "style", "noscript", "template"):
        node.drop_tree()
    return len("".join(tree.text_content().split())) < PAGE_TEXT_MIN


def api_article_urls(seen: Iterable[tuple[str, bytes]], api_lists: Iterable[ApiList]) -> list[str]:
    """Article URLs from the JSON list responses the browser saw, by the source's `discovery.api_lists`."""
    urls: list[str] = []
    rules = list(api_lists)
    for url, body in seen:
        for rule in rules:
            if re.search(rule.url_pattern, url):
                urls += [link for item in api_items(body, rule.items) if (link := api_article_url(rule, item))]
    return list(dict.fromkeys(urls))


def api_items(body: bytes, path: str) -> Iterator[dict[str, Any]]:
    """The objects at dotted `path` in a JSON document (nothing when the body or path does not fit)."""
    try:
        node: Any = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return
    for key in filter(None, path.split(".")):
        node = node.get(key) if isinstance(node, dict) else None
    if isinstance(node, list):
        yield from (item for item in node if isinstance(item, dict))


def api_article_url(rule: ApiList, item: dict[str, Any]) -> str | None:
    """The rule's `article_url` with the item's fields filled in; None when the item lacks one of them."""
    try:
        return rule.article_url.format_map({k: v for k, v in item.items() if isinstance(v, str | int)})
    except (KeyError, ValueError):
        return None
