"""A command run as a user runs it, with Scrapy settings of the test's choosing on every crawl it starts:
`python -m testkit.scrapy_settings JSON MODULE [ARG...]` runs `python -m MODULE ARG...` with the settings in JSON
applied last, as `python -m crawler.run -s NAME=VALUE` applies them to one crawl. It is for the commands that take no
`-s` (`unionfeed demo`, `unionfeed crawl --inline | --url`): their code runs unchanged, only their crawls' settings
differ. Tests use it for pacing a local test server does not need (politeness delays, AutoThrottle, retry backoff),
which a run against real sites must keep; politeness itself is tested in tests/crawler/test_politeness.py."""

from __future__ import annotations

import json
import runpy
import sys
from collections.abc import Mapping, Sequence
from typing import Any

# Unpaced crawls of a local site: no delay between requests and no AutoThrottle (whose start delay of 1 s is held
# through answers other than 200, such as a re-crawl's 304s), retries after 50 ms instead of 1 s.
LOCAL_SITE_SETTINGS: dict[str, Any] = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "RETRY_BACKOFF_BASE": 0.05,
}


def command(module: str, args: Sequence[str], settings: Mapping[str, Any] = LOCAL_SITE_SETTINGS) -> list[str]:
    """The argv of `python -m module args...` with `settings` on top of each crawl it runs."""
    return [sys.executable, "-m", __name__, json.dumps(dict(settings)), module, *args]


def install(settings: Mapping[str, Any]) -> None:
    """Every crawl `crawler.run.run_crawl` starts in this process takes `settings` after its own overrides."""
    import crawler.run

    build = crawler.run.crawler_settings

    def with_settings(app_settings: Any, **overrides: Any) -> Any:
        return build(app_settings, **{**overrides, **settings})

    crawler.run.crawler_settings = with_settings  # type: ignore[assignment]


def main(argv: Sequence[str]) -> None:
    settings, module, *args = argv
    install(json.loads(settings))
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
