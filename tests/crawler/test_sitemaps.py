"""Sitemaps and sitemap indexes, gzipped or not, and what is no sitemap (crawler/sitemaps.py)."""

from __future__ import annotations

import gzip

from crawler.sitemaps import INDEX, URLSET, parse_sitemap, sitemap_body
from tests.crawler.feed_documents import NEWS_SITEMAP, RECENT, RSS, SITE, sitemap_index


def test_news_sitemap_entries_with_publication_dates() -> None:
    sitemap = parse_sitemap(NEWS_SITEMAP)
    assert sitemap.kind == URLSET
    assert [e.url for e in sitemap.entries] == [
        f"{SITE}/2024/123456.html",  # not the image's <loc>
        f"{SITE}/2022/123457.html",
        f"{SITE}/2024/123458.html",
        "http://elsewhere.example/2024/1.html",
    ]
    assert [e.published is not None for e in sitemap.entries] == [True, True, False, False]


def test_a_gzipped_sitemap_index() -> None:
    body = gzip.compress(sitemap_index((f"{SITE}/s1.xml.gz", RECENT), (f"{SITE}/s2.xml", None)))
    xml = sitemap_body(body)
    assert xml is not None
    sitemap = parse_sitemap(xml)
    assert (sitemap.kind, [e.url for e in sitemap.entries]) == (INDEX, [f"{SITE}/s1.xml.gz", f"{SITE}/s2.xml"])


def test_what_is_no_sitemap() -> None:
    assert sitemap_body(b"<html><body>x</body></html>") is None
    assert sitemap_body(RSS) is None
    assert sitemap_body(gzip.compress(b"x" * 5000), max_size=1000) is None  # would unpack past the limit
    assert sitemap_body(b"\x1f\x8b broken") is None


def test_entities_are_not_expanded() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://a.test/&c;</loc></url></urlset>'
    )
    for entry in parse_sitemap(bomb).entries:
        assert len(entry.url) < 100
