"""Text input that is not text (api/textinput.py): a NUL byte, another control character or bytes that are not UTF-8
in the path or the query string are a 422 in the JSON error shape, never a 500 — on SQLite and on PostgreSQL, which
cannot hold NUL in a text value."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.textinput import text_problem
from testkit.storage import Seeder


@pytest.mark.parametrize(
    ("path", "param"),
    [
        ("/articles?q=a%00b", "q"),
        ("/articles?category=%00", "category"),
        ("/articles?cluster=x%00", "cluster"),
        ("/articles?source=acftu&q=%01", "q"),
        ("/changes?source=%00", "source"),
        ("/articles?q=%FF%FE", "q"),
        ("/articles?q%00=1", "q%00"),
    ],
)
def test_a_control_character_in_a_parameter_is_a_422(client: TestClient, path: str, param: str) -> None:
    response = client.get(path)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_parameter" and error["status"] == 422
    assert error["details"][0]["loc"] == ["query", param]


@pytest.mark.parametrize("path", ["/articles/ab%00cd", "/feeds/x%00/atom.xml", "/articles/%C0%AF", "/nowhere%07"])
def test_a_control_character_in_the_path_is_a_422(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["loc"] == ["path"]


def test_ordinary_text_still_reaches_the_routes(client: TestClient, seed: Seeder) -> None:
    row = seed.article(title="工会 news", body_text="职工\t权益 保障")
    assert client.get("/articles", params={"q": "工会 news"}).json()["items"][0]["id"] == row.id
    assert client.get("/articles", params={"q": "职工\t权益"}).status_code == 200
    assert client.get(f"/articles/{row.id}").status_code == 200
    assert client.get("/articles", params={"q": "100%", "category": "a+b"}).status_code == 200


def test_the_key_is_never_in_the_error(client: TestClient) -> None:
    response = client.get("/articles?api_key=uf_secret%00&q=ok")
    assert response.status_code == 422 and "uf_secret" not in response.text


def test_text_problem_reads_percent_encoding() -> None:
    assert text_problem(b"%E5%B7%A5%E4%BC%9A+news") is None
    assert text_problem(b"a%00") == "contains the control character U+0000"
    assert text_problem(b"%FF") == "is not UTF-8 text"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(st.characters(codec="utf-8"), min_size=1, max_size=60))
def test_no_text_in_a_parameter_or_an_id_is_a_server_error(client: TestClient, value: str) -> None:
    for params in ({"q": value}, {"category": value}, {"cluster": value[:64]}, {"source": value}):
        assert client.get("/articles", params=params).status_code in (200, 422)
    assert client.get("/articles/" + quote(value, safe="")).status_code < 500
