"""The Atom and JSON feeds (api/feeds.py, served by api/routes/feeds.py)."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from fastapi.testclient import TestClient

from testkit.storage import Seeder


def test_atom_and_json_feeds(client: TestClient, seed: Seeder) -> None:
    a = seed.article(title="标题 <b>&</b>\x07", source="acftu")
    seed.article(source="workercn")

    atom = client.get("/feeds/acftu/atom.xml")
    assert atom.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(atom.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert entries[0].find("a:title", ns).text == "标题 <b>&</b>"
    assert entries[0].find("a:link", ns).get("href") == a.canonical_url
    assert {e.find("a:id", ns).text for e in entries} >= {f"urn:unionfeed:article:{a.id}"}

    everything = client.get("/feeds/feed.json")
    assert everything.headers["content-type"].startswith("application/feed+json")
    body = everything.json()
    assert body["version"] == "https://jsonfeed.org/version/1.1"
    assert {item["_unionfeed"]["source"] for item in body["items"]} >= {"acftu", "workercn"}
    one = client.get("/feeds/workercn/feed.json").json()
    assert {item["_unionfeed"]["source"] for item in one["items"]} == {"workercn"}
    assert client.get("/feeds/nosuchsource/atom.xml").status_code == 404


def test_json_feed_leaves_out_empty_authors_and_links_the_source_site(client: TestClient, seed: Seeder) -> None:
    with_author = seed.article(source="acftu", author="记者 王五")
    without = seed.article(source="acftu", author=None)

    body = client.get("/feeds/acftu/feed.json").json()
    items = {item["id"]: item for item in body["items"]}
    assert items[with_author.id]["authors"] == [{"name": "记者 王五"}]
    assert "authors" not in items[without.id]
    site = client.app.state.sources  # type: ignore[attr-defined]
    assert body["home_page_url"] == next(s for s in site if s.key == "acftu").start_urls[0]
    assert "/articles" not in body["home_page_url"]
    assert "home_page_url" not in client.get("/feeds/feed.json").json()


def test_feeds_page_through_next_url_without_repeats_or_gaps(client: TestClient, seed: Seeder) -> None:
    stored = {seed.article(source="acftu").id for _ in range(7)}

    seen: list[str] = []
    url: str | None = "/feeds/acftu/feed.json?limit=3"
    while url:
        body = client.get(url).json()
        seen += [item["id"] for item in body["items"]]
        url = body.get("next_url")
        assert url is None or url.startswith("http://testserver/feeds/acftu/feed.json?")
    assert sorted(seen) == sorted(stored)

    ns = {"a": "http://www.w3.org/2005/Atom"}
    atom_ids: list[str] = []
    atom_url: str | None = "/feeds/acftu/atom.xml?limit=3"
    while atom_url:
        root = ET.fromstring(client.get(atom_url).content)
        atom_ids += [e.find("a:id", ns).text.rsplit(":", 1)[1] for e in root.findall("a:entry", ns)]
        nxt = root.find("a:link[@rel='next']", ns)
        atom_url = nxt.get("href") if nxt is not None else None
    assert atom_ids == seen
