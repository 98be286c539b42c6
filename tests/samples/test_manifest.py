"""Manifest and ground truth: counts, syndication, one truth file per article, truth consistent with the pages."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

NEWS_HOSTS = [
    "ghweihai.sample.test",
    "workercn.sample.test",
    "peixun.sample.test",
    "townblog.sample.test",
    "zjgh.sample.test",
]
FIELDS = [
    "url",
    "title",
    "subtitle",
    "published_at",
    "source",
    "author",
    "editor",
    "category",
    "site_name",
    "language",
    "body_text",
    "images",
    "attachments",
    "flags",
    "story",
]
NOISE = [
    "Editor in charge",
    "Produced By",
    "Statement:",
    "Original title",
    "WeChat Picture",
    "Source:",
    "Media Matrix",
    "来源：",
    "责任编辑",
    "当前位置",
    "发布时间",
    "打印本页",
    "关闭窗口",
    "Reporter Li Guofeng)",
]
HREF = re.compile(r'href="([^"]+)"')


def _page_file(sites_dir: Path, entry: dict[str, Any]) -> Path:
    path = sites_dir / entry["expected"].removesuffix(".expected.json")
    return path / "index.html" if path.is_dir() else path


def _records(sites_dir: Path, manifest: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(e, json.loads((sites_dir / e["expected"]).read_text(encoding="utf-8"))) for e in manifest["articles"]]


def _visible_text(raw: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", raw))


def _linked_urls(page_url: str, raw: str) -> set[str]:
    return {urljoin(page_url, href) for href in HREF.findall(raw)}


def test_enough_articles_per_site(manifest: dict[str, Any]) -> None:
    per_host = Counter(e["host"] for e in manifest["articles"])
    assert sum(per_host[h] for h in NEWS_HOSTS) >= 150
    assert all(per_host[h] >= 30 for h in NEWS_HOSTS), per_host
    assert {h: manifest["sites"][h]["article_count"] for h in per_host} == dict(per_host)


def test_syndicated_stories_cross_sites_of_one_language(manifest: dict[str, Any]) -> None:
    host_of = {e["url"]: e["host"] for e in manifest["articles"]}
    syndicated = manifest["syndicated"]
    assert len(syndicated) >= 8
    for story, urls in syndicated.items():
        hosts = {host_of[u] for u in urls}
        assert len(hosts) == len(urls) >= 2, story
        languages = {manifest["sites"][h]["language"] for h in hosts}
        assert len(languages) == 1, story
    assert any(len(urls) == 3 for urls in syndicated.values())


def test_syndicated_copies_differ_in_small_ways(sites_dir: Path, manifest: dict[str, Any]) -> None:
    records = {e["url"]: r for e, r in _records(sites_dir, manifest)}
    for story, urls in manifest["syndicated"].items():
        copies = [records[u] for u in urls]
        assert len({c["title"] for c in copies} | {c["body_text"] for c in copies}) > 2, story


def test_series_are_hard_negatives(sites_dir: Path, manifest: dict[str, Any]) -> None:
    """Same template, different events: distinct stories whose texts share only a minority of sentences."""
    records = {e["url"]: r for e, r in _records(sites_dir, manifest)}
    series: dict[str, list[dict[str, Any]]] = {}
    for entry in manifest["articles"]:
        if entry["series"]:
            series.setdefault(entry["series"], []).append(records[entry["url"]])
    assert len(series) >= 4 and all(len(members) >= 3 for members in series.values())
    for name, members in series.items():
        assert len({m["story"] for m in members}) == len(members), name
        first, second = (set(re.split(r"(?<=[。.!])\s*", m["body_text"])) for m in members[:2])
        assert len(first & second) < 0.5 * min(len(first), len(second)), name


def test_every_article_has_a_complete_truth_file(sites_dir: Path, manifest: dict[str, Any]) -> None:
    for entry, record in _records(sites_dir, manifest):
        assert list(record) == FIELDS, entry["url"]
        assert record["url"] == entry["url"] and record["story"] == entry["story"]
        assert record["language"] == entry["language"] == manifest["sites"][entry["host"]]["language"]
        assert record["title"] and record["body_text"] and record["attachments"] == []
        assert 4 <= len(record["body_text"].split("\n\n")) <= 12 or entry["host"] == "faulty.sample.test"
        assert _page_file(sites_dir, entry).is_file(), entry["url"]


def test_no_orphan_truth_files(sites_dir: Path, manifest: dict[str, Any]) -> None:
    listed = {e["expected"] for e in manifest["articles"] + manifest["rendered_articles"]}
    found = {p.relative_to(sites_dir).as_posix() for p in sites_dir.rglob("*.expected.json")}
    assert found == listed


def test_published_at_formats(sites_dir: Path, manifest: dict[str, Any]) -> None:
    by_host: dict[str, set[str]] = {}
    for entry, record in _records(sites_dir, manifest):
        value = record["published_at"]
        if value is None:
            kind = "none"
        elif re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            kind = "date"
        else:
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", value), value
            kind = "datetime"
        by_host.setdefault(entry["host"], set()).add(kind)
    assert by_host["townblog.sample.test"] == {"date"}
    assert by_host["peixun.sample.test"] == {"none"}
    assert (
        by_host["ghweihai.sample.test"]
        == by_host["zjgh.sample.test"]
        == by_host["workercn.sample.test"]
        == {"datetime"}
    )


def test_truth_paragraphs_and_title_appear_on_the_page(sites_dir: Path, manifest: dict[str, Any]) -> None:
    """Whitespace aside (townblog glues sentences), every truth paragraph is text of its page."""
    for entry, record in _records(sites_dir, manifest):
        charset = manifest["sites"][entry["host"]]["charset"]
        text = _visible_text(_page_file(sites_dir, entry).read_bytes().decode(charset))
        flat = re.sub(r"\s+", "", text)
        assert record["title"] in text, entry["url"]
        for para in record["body_text"].split("\n\n"):
            assert re.sub(r"\s+", "", para) in flat, (entry["url"], para[:50])


def test_truth_bodies_hold_no_noise(sites_dir: Path, manifest: dict[str, Any]) -> None:
    for entry, record in _records(sites_dir, manifest):
        for noise in NOISE:
            assert noise not in record["body_text"], (entry["url"], noise)
        if record["language"] == "en":
            # glued sentences are restored in the truth: a full stop is always followed by a space
            assert not re.search(r"[a-z0-9][.!?][A-Z]", record["body_text"]), entry["url"]


def test_seed_anchors(sites_dir: Path) -> None:
    def load(rel: str) -> dict[str, Any]:
        return json.loads((sites_dir / rel).read_text(encoding="utf-8"))

    weihai = load("ghweihai.sample.test/art/2020/11/19/art_1_5231.html.expected.json")
    assert (weihai["published_at"], weihai["source"], weihai["category"]) == (
        "2020-11-19T10:12:00+08:00",
        "威海市总工会",
        "工作动态",
    )
    assert "强化理论学习，坚定理想信念" in weihai["body_text"].split("\n\n")
    news = load("workercn.sample.test/c/2024-05-25/8234567.shtml.expected.json")
    assert (news["author"], news["editor"], news["subtitle"]) == (
        "Zheng Li Hao He",
        "Yu Xiaoshu",
        "Keep in mind the earnest instructions and improve the ability to perform duties",
    )
    assert news["body_text"].startswith("Beijing, May 24 (Reporter Zheng Li Hao He) From May 20")
    assert [i["caption"] for i in news["images"]].count(None) >= 1
    peixun = load("peixun.sample.test/news/20931.html.expected.json")
    assert peixun["flags"] == ["masked_text"] and "***" in peixun["body_text"]
    assert (peixun["published_at"], peixun["source"], peixun["author"], peixun["category"]) == (
        None,
        None,
        None,
        "教育培训",
    )
    zjgh = load("zjgh.sample.test/xwzx/ghdt/202307/t20230703_1234567.htm.expected.json")
    assert (zjgh["source"], zjgh["author"], zjgh["editor"]) == ("浙江工人日报", "李国锋", "李芳")


def test_list_pages_link_every_article_and_hold_10_to_15(sites_dir: Path, manifest: dict[str, Any]) -> None:
    articles_by_host: dict[str, set[str]] = {}
    for entry in manifest["articles"]:
        articles_by_host.setdefault(entry["host"], set()).add(entry["url"])
    for host in NEWS_HOSTS:
        info = manifest["sites"][host]
        linked_per_page = []
        for url in info["list_pages"]:
            path = sites_dir / host / url.split(host, 1)[1].lstrip("/")
            raw = (path / "index.html" if path.is_dir() else path).read_bytes().decode(info["charset"])
            linked_per_page.append(_linked_urls(url, raw) & articles_by_host[host])
        assert set().union(*linked_per_page) == articles_by_host[host], host
        chrome = set.intersection(*linked_per_page)  # sidebar links ("hot news", "recent posts") repeat on every page
        counts = [len(linked - chrome) for linked in linked_per_page]
        full_pages = [c for c in counts if c >= 10]
        assert full_pages and all(10 <= c <= 15 for c in full_pages), (host, counts)


@pytest.mark.parametrize("host", NEWS_HOSTS)
def test_robots_allows_all_but_search(sites_dir: Path, host: str) -> None:
    text = (sites_dir / host / "robots.txt").read_text()
    assert "User-agent: *" in text and "Disallow: /search/" in text
