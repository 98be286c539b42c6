"""crawler/settings.py maps the app settings in one place; the user agent names a contact; politeness is on."""

from __future__ import annotations

import pytest

from common.settings import Settings
from crawler.settings import crawler_settings


def test_crawler_settings_maps_the_app_settings_in_one_place() -> None:
    app = Settings(
        database_url="sqlite:///x.db",
        redis_url="redis://127.0.0.1:6379/3",
        proxy_routes={".sample.test": "http://127.0.0.1:8123"},
        user_agent="ua (+mailto:a@b.invalid)",
        crawl_time_limit=600,
    )
    settings = crawler_settings(app, DOWNLOAD_TIMEOUT=2)
    assert settings["DATABASE_URL"] == "sqlite:///x.db"
    assert settings["REDIS_URL"] == "redis://127.0.0.1:6379/3"
    assert settings.getbool("PAGE_ENQUEUE_ENABLED")
    assert settings.getdict("PROXY_ROUTES") == {".sample.test": "http://127.0.0.1:8123"}
    assert settings["USER_AGENT"] == "ua (+mailto:a@b.invalid)"
    assert settings.getint("CLOSESPIDER_TIMEOUT") == 600
    assert settings.getint("DOWNLOAD_TIMEOUT") == 2
    assert settings.getbool("ROBOTSTXT_OBEY") and settings.getbool("AUTOTHROTTLE_ENABLED")
    assert not crawler_settings(Settings(redis_url="")).getbool("PAGE_ENQUEUE_ENABLED")


@pytest.mark.parametrize("agent", ["unionfeed/0.1", "Mozilla/5.0 (compatible)"])
def test_a_user_agent_must_name_a_contact(agent: str) -> None:
    with pytest.raises(ValueError, match="contact"):
        crawler_settings(Settings(user_agent=agent))


@pytest.mark.parametrize(
    "agent", ["unionfeed/0.1 (+mailto:ops@example.org)", "bot/1 (+https://example.org/bot)", "bot ops@example.org"]
)
def test_a_contact_is_a_mail_address_or_a_page(agent: str) -> None:
    assert crawler_settings(Settings(user_agent=agent))["USER_AGENT"] == agent


def test_politeness_and_bounds_are_on_by_default() -> None:
    settings = crawler_settings(Settings())
    assert settings.getbool("ROBOTSTXT_OBEY") and settings["ROBOTSTXT_PARSER"].endswith("ProtegoRobotParser")
    assert settings.getbool("AUTOTHROTTLE_ENABLED") and settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 2
    assert settings.getfloat("DOWNLOAD_DELAY") > 0 and settings.getint("DOWNLOAD_MAXSIZE") > 0
    assert settings.getint("REDIRECT_MAX_TIMES") == 5 and settings.getint("RETRY_TIMES") == 2
    assert all(settings.getdict("DOWNLOAD_HANDLERS")[scheme] is None for scheme in ("file", "ftp", "s3", "data"))
