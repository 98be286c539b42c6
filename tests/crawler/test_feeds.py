"""RSS and Atom entries, their dates, and the feeds a page announces (crawler/feeds.py): plain functions on bytes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from parsel import Selector

from crawler.feeds import Entry, announced_feeds, feed_entries, parse_date
from tests.crawler.feed_documents import RECENT, RSS, SITE

ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
<entry><link rel="alternate" href="http://news.sample.test/a/1.html"/><link rel="edit" href="/edit/1"/>
  <published>2024-06-22T08:00:00+08:00</published></entry>
<entry><link href="http://news.sample.test/a/2.html"/><updated>2024-06-21T00:00:00Z</updated></entry>
</feed>"""


def test_rss_items_with_their_dates() -> None:
    entries = feed_entries(RSS)
    assert [e.url for e in entries] == [
        f"{SITE}/2024/06/22/a-recent-story/",
        f"{SITE}/2022/01/02/an-old-story/",
        f"{SITE}/2024/06/20/by-guid-only/",
        f"{SITE}/2024/06/19/undated-story/",
    ]
    assert [e.published is not None for e in entries] == [True, True, True, False]
    assert abs(entries[0].published - RECENT) < timedelta(seconds=1)  # type: ignore[operator]


def test_atom_entries_with_their_dates() -> None:
    assert feed_entries(ATOM) == [
        Entry(f"{SITE}/a/1.html", datetime(2024, 6, 22, 0, 0, tzinfo=UTC)),
        Entry(f"{SITE}/a/2.html", datetime(2024, 6, 21, 0, 0, tzinfo=UTC)),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sat, 22 Jun 2024 00:00:00 +0800", datetime(2024, 6, 21, 16, 0, tzinfo=UTC)),
        ("2024-06-22T08:00:00Z", datetime(2024, 6, 22, 8, 0, tzinfo=UTC)),
        ("2024-06-22", datetime(2024, 6, 22, tzinfo=UTC)),
        ("yesterday", None),
        ("", None),
    ],
)
def test_dates(text: str, expected: datetime | None) -> None:
    assert parse_date(text) == expected


def test_announced_feeds() -> None:
    html = """<html><head><link rel="alternate" type="application/rss+xml" href="/feed/">
        <link rel="alternate" type="application/atom+xml; charset=utf-8" href="atom.xml">
        <link rel="alternate" hreflang="en" href="/en/"><link rel="stylesheet" href="/s.css"></head></html>"""
    assert announced_feeds(Selector(text=html)) == ["/feed/", "atom.xml"]
