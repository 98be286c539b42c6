"""Feed and sitemap documents the discovery tests parse and feed to the spider (dates relative to now)."""

from __future__ import annotations

from datetime import datetime, timedelta

from storage.base import utcnow

SITE = "http://news.sample.test"
NOW = utcnow()
RECENT, OLD = NOW - timedelta(days=1), NOW - timedelta(days=400)


def rfc822(when: datetime) -> str:
    return when.strftime("%a, %d %b %Y %H:%M:%S +0000")


RSS = f"""<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<item><link>{SITE}/2024/06/22/a-recent-story/</link><pubDate>{rfc822(RECENT)}</pubDate></item>
<item><link>{SITE}/2022/01/02/an-old-story/</link><pubDate>{rfc822(OLD)}</pubDate></item>
<item><guid>{SITE}/2024/06/20/by-guid-only/</guid><dc:date>{RECENT.isoformat()}</dc:date></item>
<item><link>{SITE}/2024/06/19/undated-story/</link></item>
</channel></rss>""".encode()


NEWS_SITEMAP = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
<url><loc>{SITE}/2024/123456.html</loc><image:image><image:loc>{SITE}/i.png</image:loc></image:image>
  <news:news><news:publication_date>{RECENT.isoformat()}</news:publication_date></news:news></url>
<url><loc>{SITE}/2022/123457.html</loc><lastmod>{OLD.date().isoformat()}</lastmod></url>
<url><loc>{SITE}/2024/123458.html</loc></url>
<url><loc>http://elsewhere.example/2024/1.html</loc></url>
</urlset>""".encode()


def sitemap_index(*children: tuple[str, datetime | None]) -> bytes:
    entries = "".join(
        f"<sitemap><loc>{loc}</loc>{f'<lastmod>{when.isoformat()}</lastmod>' if when else ''}</sitemap>"
        for loc, when in children
    )
    return f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'.encode()
