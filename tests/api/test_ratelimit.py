"""Rate limits (api/ratelimit.py) when their store fails: the API keeps answering, unlimited, and says so in its log.
The limits themselves are tested with the keys they guard, in tests/api/test_auth.py."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.app import create_app
from api.deps import get_session
from api.ratelimit import parse_limits
from common.settings import Settings


def test_an_unreachable_redis_leaves_the_api_answering(
    database_url: str, db: Session, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(database_url=database_url, redis_url="redis://127.0.0.1:1/0", api_auth=False)
    app = create_app(settings.model_copy(update={"api_rate_limit_per_ip": "1/minute"}))
    app.dependency_overrides[get_session] = lambda: db
    with caplog.at_level(logging.WARNING, logger="api.ratelimit"), TestClient(app) as client:
        assert [client.get("/articles").status_code for _ in range(3)] == [200, 200, 200]
    assert caplog.text.count("rate limits not enforced for 10 s") == 1  # then the store is left alone a while


def test_limits_are_read_from_their_setting() -> None:
    assert [str(item) for item in parse_limits("10/second;600/minute")] == ["10 per 1 second", "600 per 1 minute"]
    assert parse_limits(" ") == []
    with pytest.raises(ValueError):
        Settings(api_rate_limit_per_key="often")
