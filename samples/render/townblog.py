"""townblog.sample.test: an English blog-style republisher (seed 003), WordPress-like.

Meta line ``2022-05-08 0 By`` (date only, comment count, empty author), sentences glued at boundaries
(``conference.Members``: the truth restores one space), a trailing copyright ``Statement: ... Email address:``
(sometimes glued to the last sentence), sidebar with recent posts, archives and tags, an RSS 2.0 feed.
"""

from __future__ import annotations

import random
import re
from datetime import datetime
from email.utils import format_datetime

from samples.render.base import Article, Image, Placement, SiteBuild, esc, newest_first, pages, png, robots
from samples.stories import Para

HOST = "townblog.sample.test"
SITE_NAME = "Grassroots Notes"
PER_PAGE = 10
FEED_SIZE = 10
STATEMENT = (
    "Statement: The copyright of this article belongs to the original author, if there is a source error or "
    "infringement of your legitimate rights and interests, you can contact us through email, we will deal with "
    "it in time.Email address:"
)
TAGS = ["party building", "trade union", "grassroots", "workers", "county news", "training", "safety"]


def _list_url(page: int) -> str:
    return "/" if page == 1 else f"/page/{page}/"


def _slug(title: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", title.lower()).split()
    return "-".join(words[:12])


def _glued(para: Para, rng: random.Random) -> str:
    """Join sentences, gluing most real boundaries (a full stop or '!' followed by a capital) without a space."""
    out = para.sentences[0]
    for sentence in para.sentences[1:]:
        glue = out[-1] in ".!" and sentence[:1].isupper() and rng.random() < 0.7
        out += ("" if glue else " ") + sentence
    return out


def _article(p: Placement, slug: str, rng: random.Random) -> Article:
    day = p.when.date()
    art = Article(
        host=HOST,
        path=f"/{day:%Y/%m/%d}/{slug}/",
        placement=p,
        title=p.title,
        paras=p.paras(),
        language="en",
        site_name=SITE_NAME,
        published=day,
    )
    if rng.random() < 0.3:
        src = f"/wp-content/uploads/{day:%Y/%m}/{slug[:40]}-1.png"
        art.images = [Image(src=src, url=f"http://{HOST}{src}", caption=None, shown=None, after=-1)]
    return art


def _entry_content(art: Article, rng: random.Random) -> str:
    out = [f'<figure class="wp-block-image"><img src="{i.src}" alt="" /></figure>' for i in art.images]
    glue_statement = rng.random() < 0.5
    for index, para in enumerate(art.paras):
        if para.heading:
            out.append(f"<h3>{esc(para.text('en'))}</h3>")
            continue
        text = _glued(para, rng)
        if index == len(art.paras) - 1 and glue_statement:
            text += STATEMENT
        out.append(f"<p>{esc(text)}</p>")
    if not glue_statement:
        out.append(f"<p>{esc(STATEMENT)}</p>")
    return "\n".join(out)


def _chrome(title: str, main: str, recent: list[Article], months: list[str]) -> str:
    recent_items = "\n".join(f'<li><a href="{a.path}">{esc(a.title)}</a></li>' for a in recent)
    archive_items = "\n".join(f'<li><a href="/{m}/">{datetime.strptime(m, "%Y/%m"):%B %Y}</a></li>' for m in months)
    tags = ", ".join(TAGS)
    return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<title>{esc(title)}</title>
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Feed" href="/feed/">
<link rel="stylesheet" href="/wp-content/themes/simple/style.css">
</head>
<body class="blog">
<header class="site-header"><p class="site-title"><a href="/" rel="home">{SITE_NAME}</a></p>
<p class="site-description">News from the towns and villages</p>
<nav class="main-navigation"><ul><li><a href="/">Home</a></li><li><a href="/about/">About</a></li><li><a href="/wp-login.php">Log in</a></li></ul></nav>
</header>
<div id="content" class="site-content">
<main id="main" class="site-main">
{main}
</main>
<aside id="secondary" class="widget-area">
<section class="widget widget_search"><form role="search" method="get" action="/search/"><input type="search" name="s"><button>Search</button></form></section>
<section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul>
{recent_items}
</ul></section>
<section class="widget widget_archive"><h2 class="widget-title">Archives</h2><ul>
{archive_items}
</ul></section>
<section class="widget widget_tags"><h2 class="widget-title">Tags</h2><p>{tags}</p></section>
<section class="widget widget_meta"><h2 class="widget-title">Meta</h2><ul><li><a href="/wp-login.php">Log in</a></li><li><a href="/feed/">Entries feed</a></li></ul></section>
</aside>
</div>
<footer class="site-footer"><p>Copyright &copy; 2024 {SITE_NAME}. All rights reserved. | Powered by WordPress</p></footer>
</body>
</html>
"""


def _post_page(
    art: Article, prev: Article | None, nxt: Article | None, rng: random.Random, chrome: dict[str, list]
) -> str:
    nav = []
    if prev:
        nav.append(f'<div class="nav-previous"><a href="{prev.path}" rel="prev">{esc(prev.title)}</a></div>')
    if nxt:
        nav.append(f'<div class="nav-next"><a href="{nxt.path}" rel="next">{esc(nxt.title)}</a></div>')
    day = art.placement.when.date()
    main = f"""<article class="post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">{esc(art.title)}</h1>
<div class="entry-meta"><span class="posted-on"><time class="entry-date published">{day:%Y-%m-%d}</time></span> <span class="comments-link">0</span> <span class="byline">By <span class="author vcard"></span></span></div>
</header>
<div class="entry-content">
{_entry_content(art, rng)}
</div>
<footer class="entry-footer"><span class="share">Share: <a href="http://share.sample.test/twitter?url={art.url}">Twitter</a> <a href="http://share.sample.test/facebook?url={art.url}">Facebook</a> <a href="mailto:?subject={esc(art.title)}">Email</a></span></footer>
</article>
<nav class="navigation post-navigation">{"".join(nav)}</nav>
<div id="comments" class="comments-area"><h3 class="comment-reply-title">Leave a Reply</h3>
<form action="/wp-comments-post.php" method="post" id="commentform"><textarea name="comment"></textarea><input name="author"><input name="email"><input type="submit" value="Post Comment"></form></div>"""
    return _chrome(f"{art.title} – {SITE_NAME}", main, chrome["recent"], chrome["months"])


def _excerpt(art: Article) -> str:
    words = art.paras[0].text("en").split()
    return " ".join(words[:30]) + " [&hellip;]"


def _list_main(items: list[Article], heading: str, pager: str) -> str:
    entries = "\n".join(
        f'<article class="post"><h2 class="entry-title"><a href="{a.path}">{esc(a.title)}</a></h2>'
        f'<div class="entry-meta"><time>{a.placement.when:%Y-%m-%d}</time></div>'
        f'<div class="entry-summary"><p>{_excerpt(a)}</p><a class="more-link" href="{a.path}">Read more</a></div></article>'
        for a in items
    )
    return f"{heading}\n{entries}\n{pager}"


def _pager(page: int, total: int) -> str:
    links = []
    if page > 1:
        links.append(f'<a class="prev page-numbers" href="{_list_url(page - 1)}">Newer posts</a>')
    links += [
        f'<span class="page-numbers current">{n}</span>'
        if n == page
        else f'<a class="page-numbers" href="{_list_url(n)}">{n}</a>'
        for n in range(1, total + 1)
    ]
    if page < total:
        links.append(f'<a class="next page-numbers" href="{_list_url(page + 1)}">Older posts</a>')
    return f'<nav class="navigation pagination"><div class="nav-links">{" ".join(links)}</div></nav>'


def _rss_date(art: Article) -> str:
    return format_datetime(datetime.combine(art.placement.when.date(), datetime.min.time(), art.placement.when.tzinfo))


def _feed(ordered: list[Article]) -> str:
    items = "\n".join(
        f"""<item>
<title>{esc(a.title)}</title>
<link>{a.url}</link>
<guid isPermaLink="true">{a.url}</guid>
<pubDate>{_rss_date(a)}</pubDate>
<description><![CDATA[{_excerpt(a)}]]></description>
</item>"""
        for a in ordered[:FEED_SIZE]
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
<title>{SITE_NAME}</title>
<link>http://{HOST}/</link>
<description>News from the towns and villages</description>
<language>en-US</language>
<lastBuildDate>{_rss_date(ordered[0])}</lastBuildDate>
{items}
</channel>
</rss>
"""


def build(placements: list[Placement]) -> SiteBuild:
    site = SiteBuild(host=HOST, language="en", charset="utf-8", site_name=SITE_NAME)
    rng = random.Random(f"site:{HOST}")
    slugs: set[str] = set()
    for p in sorted(placements, key=lambda p: (p.when, p.story.id)):
        base = slug = _slug(p.title)
        suffix = 1
        while slug in slugs:  # WordPress numbers clashing slugs
            suffix += 1
            slug = f"{base}-{suffix}"
        slugs.add(slug)
        site.articles.append(_article(p, slug, rng))
    ordered = newest_first(site.articles)
    by_month: dict[str, list[Article]] = {}
    for art in ordered:
        by_month.setdefault(f"{art.placement.when:%Y/%m}", []).append(art)
    chrome = {"recent": ordered[:5], "months": list(by_month)}
    for index, art in enumerate(ordered):
        prev = ordered[index + 1] if index + 1 < len(ordered) else None
        nxt = ordered[index - 1] if index > 0 else None
        site.add(art.path, _post_page(art, prev, nxt, rng, chrome))
        for img in art.images:
            site.add_bytes(img.src, png(img.url))
    chunks = pages(ordered, PER_PAGE)
    for number, chunk in enumerate(chunks, start=1):
        main = _list_main(chunk, "", _pager(number, len(chunks)))
        site.add(
            _list_url(number),
            _chrome(
                SITE_NAME if number == 1 else f"{SITE_NAME} – Page {number}", main, chrome["recent"], chrome["months"]
            ),
        )
        site.list_pages.append(_list_url(number))
    for month, arts in by_month.items():
        heading = f'<h1 class="page-title">Month: {datetime.strptime(month, "%Y/%m"):%B %Y}</h1>'
        site.add(
            f"/{month}/",
            _chrome(f"{month} – {SITE_NAME}", _list_main(arts, heading, ""), chrome["recent"], chrome["months"]),
        )
        site.other_pages.append(f"/{month}/")
    site.add_bytes("/feed/index.rss", _feed(ordered).encode("utf-8"))
    site.feeds.append("/feed/")
    site.add(
        "/about/",
        _chrome(
            f"About – {SITE_NAME}",
            "<h1>About</h1><p>We republish news from the towns.</p>",
            chrome["recent"],
            chrome["months"],
        ),
    )
    site.add(
        "/wp-login.php", '<!DOCTYPE html><html><body><form action="/wp-login.php" method="post"></form></body></html>\n'
    )
    site.add("/robots.txt", robots(["/search/", "/wp-admin/", "/wp-login.php"]))
    site.add("/wp-content/themes/simple/style.css", "body{font-family:Georgia}\n")
    site.other_pages += ["/about/", "/wp-login.php"]
    return site
