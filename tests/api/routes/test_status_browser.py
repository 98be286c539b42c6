"""The status page in a real browser: the OS's Chromium driven by Playwright against `unionfeed serve`'s app on
127.0.0.1. No console error, no request leaving 127.0.0.1, readable on a phone (no sideways scrolling), and a full-page
screenshot. The screenshot goes to the test's temporary folder, so running the tests never changes the checkout. To
refresh the one the README shows:

    UNIONFEED_STATUS_SCREENSHOT=docs/status.png uv run pytest tests/api/routes/test_status_browser.py
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import uvicorn

from api.app import create_app
from common.settings import Settings
from storage.base import utcnow
from storage.migrate import upgrade
from storage.repositories import ops
from storage.session import make_engine, make_session_factory, session_scope
from tests.api.routes.test_status import seed_four_sources, sources

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    shutil.which("chromium") is None and not Path(CHROMIUM).exists(),
    reason="Chromium is not installed (.ci/run installs it)",
)


def seed(database_url: str) -> None:
    engine = make_engine(database_url)
    with session_scope(make_session_factory(engine)) as db:
        now = utcnow()
        seed_four_sources(db, now)
        for day in range(4, 14):  # a fuller sparkline for the screenshot
            at = now - timedelta(days=day, hours=1)
            ops.add_counts(db, "healthy", {"articles_new": 3 + (day * 7) % 11}, at=at, hourly=["articles_new"])
    engine.dispose()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    database_url = f"sqlite:///{tmp_path / 'status.db'}"
    upgrade(database_url)
    seed(database_url)
    app = create_app(
        Settings(database_url=database_url, redis_url=None, status_public=True, sources_path=tmp_path / "none.yaml")
    )
    app.state.sources = sources()
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def watch(page: Any, errors: list[str], requested: list[str]) -> None:
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requested.append(request.url))


def test_the_status_page_in_chromium(served: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    screenshot = Path(os.environ.get("UNIONFEED_STATUS_SCREENSHOT") or tmp_path / "status.png")
    console_errors: list[str] = []
    requested: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            watch(page, console_errors, requested)
            assert page.goto(f"{served}/status").status == 200  # type: ignore[union-attr]
            for state in ("ok", "late", "failing", "drifting"):
                assert page.locator(f'tr[data-health="{state}"]').count() == 1
            assert "the last 3 crawls failed" in page.inner_text("tr#source-failing")
            page.screenshot(path=str(screenshot), full_page=True)
            page.click("tr#source-drifting a")
            page.wait_for_load_state()
            assert "source (来源)" in page.inner_text("main")

            phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
            watch(phone, console_errors, requested)
            phone.goto(f"{served}/")
            assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            assert phone.locator("tr#source-late td[data-label='lag']").is_visible()
        finally:
            browser.close()
    assert console_errors == []
    assert requested and all(urlsplit(url).hostname == "127.0.0.1" for url in requested), requested
    assert screenshot.stat().st_size > 10_000
