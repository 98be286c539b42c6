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
