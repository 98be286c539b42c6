"""unionvoice.sample.test: a union news site whose pages link no articles: everything is in its feed and sitemaps.

What such sites do and a crawler must cope with:
- the home page is an application shell (the list is drawn by script), announcing an RSS feed that carries only
  the latest items;
- every article is in the sitemaps, which the site names only in robots.txt (`Sitemap: .../sitemap_index.xml`):
  a sitemap index with a gzip child per year (`/sitemaps/2023.xml.gz`) and a plain one for the current year.
"""

from __future__ import annotations

import random
from datetime import date

from samples.render.base import Article, Placement, SiteBuild, dated_ids, esc, gzip_stored, newest_first, robots

HOST = "unionvoice.sample.test"
SITE_NAME = "Union Voice"
FEED_ITEMS = 8
SITEMAP_INDEX = "/sitemap_index.xml"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _article(p: Placement, art_id: int) -> Article:
    when = p.when
    return Article(
        host=HOST,
        path=f"/stories/{when:%Y/%m}/{art_id}.html",
        placement=p,
        title=p.title,
        paras=p.paras(),
        language="en",
        site_name=SITE_NAME,
        published=when,
        author=p.story.reporters,
    )


def _page(title: str, main: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{esc(title)}</title>
<meta property="og:site_name" content="{SITE_NAME}">
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME}" href="/feed.xml">
</head>
<body>
<header class="site-header"><a href="/">{SITE_NAME}</a></header>
{main}
<footer class="site-footer"><p>&copy; {SITE_NAME}</p></footer>
</body>
</html>
"""


def _article_page(art: Article) -> str:
    when = art.placement.when
    byline = f" | By {esc(art.author)}" if art.author else ""
    body = "\n".join(f"<p>{esc(para.text('en'))}</p>" for para in art.paras)
    main = f"""<main><article>
<h1>{esc(art.title)}</h1>
<p class="meta"><time datetime="{when.isoformat()}">{when:%B %d, %Y %H:%M}</time>{byline}</p>
<div class="story-body">
{body}
</div>
</article></main>"""
    return _page(f"{art.title} | {SITE_NAME}", main)


def _shell() -> str:
    script = '<script src="/app.js"></script><script>window.app.render("#root", "/api/latest")</script>'
    return _page(SITE_NAME, f'<main><div id="root">Loading…</div></main>\n{script}')


def _feed(items: list[Article]) -> str:
    entries = "\n".join(
        f"<item><title>{esc(a.title)}</title><link>{a.url}</link>"
        f"<pubDate>{a.placement.when:%a, %d %b %Y %H:%M:%S %z}</pubDate></item>"
        for a in items
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>{SITE_NAME}</title><link>http://{HOST}/</link>
{entries}
</channel></rss>
"""


def _urlset(items: list[Article]) -> str:
    urls = "\n".join(f"<url><loc>{a.url}</loc><lastmod>{a.placement.when.isoformat()}</lastmod></url>" for a in items)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}">\n{urls}\n</urlset>\n'


def _index(children: list[tuple[str, str]]) -> str:
    entries = "\n".join(
        f"<sitemap><loc>http://{HOST}{path}</loc><lastmod>{mod}</lastmod></sitemap>" for path, mod in children
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SITEMAP_NS}">\n{entries}\n</sitemapindex>\n'


def build(placements: list[Placement]) -> SiteBuild:
    site = SiteBuild(host=HOST, language="en", charset="utf-8", site_name=SITE_NAME)
    rng = random.Random(f"site:{HOST}")
    ids = dated_ids(placements, rng, seed_story="", seed_id=7000, seed_day=date(2023, 1, 1), per_day=3, jitter=2)
    site.articles = [_article(p, art_id) for p, art_id in ids]
    ordered = newest_first(site.articles)
    for art in site.articles:
        site.add(art.path, _article_page(art))
    site.add("/index.html", _shell())
    site.add("/feed.xml", _feed(ordered[:FEED_ITEMS]))
    years = sorted({a.placement.when.year for a in ordered})
    children = []
    for year in years:
        items = [a for a in ordered if a.placement.when.year == year]
        last = max(a.placement.when for a in items).isoformat()
        if year == years[-1]:
            path = f"/sitemaps/{year}.xml"
            site.add(path, _urlset(items))
        else:
            path = f"/sitemaps/{year}.xml.gz"
            site.add_bytes(path, gzip_stored(_urlset(items).encode("utf-8")))
        children.append((path, last))
        site.sitemaps.append(path)
    site.add(SITEMAP_INDEX, _index(children))
    site.sitemaps.insert(0, SITEMAP_INDEX)
    site.add("/robots.txt", robots(["/api/"], sitemaps=(f"http://{HOST}{SITEMAP_INDEX}",)))
    site.start_pages += ["/", SITEMAP_INDEX]  # the home page, and the sitemap index a crawl finds and remembers
    site.feeds.append("/feed.xml")
    site.other_pages += ["/"]
    return site
