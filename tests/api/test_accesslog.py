"""No key reaches a log line (api/accesslog.py): records captured from the access log of a real uvicorn server."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.accesslog import redact
from api.app import create_app
from common.settings import Settings
from storage import migrate
from storage.repositories import api_keys
from storage.session import make_engine, make_session_factory, session_scope
from testkit.live_server import live_server


class Captured(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def database(tmp_path: Path) -> Iterator[tuple[str, str]]:
    url = f"sqlite:///{tmp_path / 'log.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with session_scope(make_session_factory(engine)) as session:
        _, key = api_keys.create_key(session, "logged")
    engine.dispose()
    yield url, key


@pytest.mark.parametrize("query_keys", [True, False])
def test_the_access_log_of_a_real_server_never_holds_a_key(database: tuple[str, str], query_keys: bool) -> None:
    url, key = database
    app = create_app(Settings(database_url=url, redis_url=None, api_auth=True, api_query_keys=query_keys))
    captured = Captured()
    with live_server(app, log_level="info", access_log=True) as base:
        access = logging.getLogger("uvicorn.access")  # configured by uvicorn: the handler goes on afterwards
        access.addHandler(captured)
        try:
            with httpx.Client(base_url=base, timeout=10) as http:
                answers = [
                    http.get(f"/feeds/atom.xml?api_key={key}&limit=1"),
                    http.get(f"/articles?limit=1&api%5Fkey={key}"),
                    http.get(f"/articles?q=%00&api_key={key}"),  # the connection survives a NUL byte
                    http.get("/articles", headers={"Authorization": f"Bearer {key}"}),
                ]
        finally:
            access.removeHandler(captured)
    expected = 200 if query_keys else 401
    assert [a.status_code for a in answers] == [expected, expected, 422, 200]
    assert len(captured.lines) == 4
    assert all(key not in line for line in captured.lines), captured.lines
    assert "/feeds/atom.xml?api_key=[redacted]&limit=1" in captured.lines[0]
    assert "api%5Fkey=[redacted]" in captured.lines[1]
    assert all(key not in answer.text for answer in answers)


def test_redact_replaces_every_credential_parameter() -> None:
    assert redact('1.2.3.4 - "GET /a?token=t1&cursor=c&key=k2 HTTP/1.1" 200') == (
        '1.2.3.4 - "GET /a?token=[redacted]&cursor=c&key=[redacted] HTTP/1.1" 200'
    )
    assert redact("/feeds/atom.xml?limit=5") == "/feeds/atom.xml?limit=5"
    assert redact("/x?monkey=1&api-key=s") == "/x?monkey=1&api-key=[redacted]"
