"""ldb.sample.test: a labour newspaper whose lists are dynamic pages.

What such sites do and a crawler must cope with:
- the news list is one script with a page parameter: `/news/list.php`, `/news/list.php?page=2`, ... linked by
  page numbers, "下一页 ›" and `rel="next"` (samples/server.py serves `list.php@page=2` for `list.php?page=2`);
- a second list is paged as `list.html`, `list_2.html`, ..., linked only by "›";
- article links carry click-tracking parameters (`?from=list`), and the article's URL is without them;
- the top bar links login, share and search endpoints by URL (`/passport/login`, `/share?url=...`,
  `/search?q=`); some headlines contain 登陆, 分享 or 搜索.
"""

from __future__ import annotations

import random
from datetime import date

from samples.render.base import Article, Placement, SiteBuild, dated_ids, esc, newest_first, pages, robots

HOST = "ldb.sample.test"
SITE_NAME = "劳动报"
PER_PAGE = 8
LISTS = {"news": ("要闻", "/news/list.php"), "gh": ("工会", "/gh/list.html")}


def list_url(section: str, page: int) -> str:
    base = LISTS[section][1]
    if page == 1:
        return base
    return f"{base}?page={page}" if base.endswith(".php") else base.replace(".html", f"_{page}.html")


def _article(p: Placement, art_id: int, rng: random.Random) -> Article:
    when = p.when
    return Article(
        host=HOST,
        path=f"/content/{when:%Y-%m}/{when:%d}/content_{art_id}.html",
        placement=p,
        title=p.title,
        paras=p.paras(),
        language="zh",
        site_name=SITE_NAME,
        published=when,
        source=SITE_NAME,
        author=p.story.reporters,
        category=LISTS[p.column][0],
    )


def _chrome(title: str, main: str, head: str = "") -> str:
    nav = "".join(f'<a href="{base}">{name}</a> ' for name, base in LISTS.values())
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{esc(title)}</title>
{head}</head>
<body>
<div class="topbar"><a href="/passport/login?from=top">登录</a> <a href="/share?url=http%3A%2F%2F{HOST}%2F">分享</a>
<a href="/search?q=">搜索</a></div>
<div class="menu"><a href="/">首页</a> {nav}</div>
<div class="wrap">
{main}
</div>
<div class="copyright">{SITE_NAME} 版权所有</div>
</body>
</html>
"""


def _article_page(art: Article) -> str:
    when = art.placement.when
    author = f"<span>作者：{esc(art.author)}</span>" if art.author else ""
    body = "\n".join(f"<p>{esc(para.text('zh'))}</p>" for para in art.paras)
    section = art.placement.column
    crumb = f'<a href="/">首页</a> &gt; <a href="{LISTS[section][1]}">{LISTS[section][0]}</a>'
    main = f"""<div class="position">当前位置：{crumb}</div>
<div class="article">
<h1>{esc(art.title)}</h1>
<div class="info"><span>{when:%Y-%m-%d %H:%M}</span><span>来源：{SITE_NAME}</span>{author}</div>
<div class="content">
{body}
</div>
</div>"""
    return _chrome(f"{art.title} - {SITE_NAME}", main)


def _list_page(section: str, chunk: list[Article], page: int, total: int) -> str:
    rows = "\n".join(
        f'<li><a href="{a.path}?from=list">{esc(a.title)}</a><span>{a.placement.when:%m-%d}</span></li>' for a in chunk
    )
    head = ""
    links = []
    if section == "news":
        links = [
            f'<a href="{list_url(section, n)}">{n}</a>' if n != page else f"<b>{n}</b>" for n in range(1, total + 1)
        ]
        if page < total:
            links.append(f'<a href="{list_url(section, page + 1)}" rel="next">下一页 ›</a>')
            head = f'<link rel="next" href="{list_url(section, page + 1)}">\n'
    elif page < total:
        links.append(f'<a href="{list_url(section, page + 1)}">›</a>')
    pager = f'<div class="pages">{" ".join(links)}</div>'
    main = f'<h2>{LISTS[section][0]}</h2>\n<ul class="news-list">\n{rows}\n</ul>\n{pager}'
    return _chrome(f"{LISTS[section][0]} - {SITE_NAME}", main, head)


def build(placements: list[Placement]) -> SiteBuild:
    site = SiteBuild(host=HOST, language="zh", charset="utf-8", site_name=SITE_NAME)
    rng = random.Random(f"site:{HOST}")
    ids = dated_ids(placements, rng, seed_story="", seed_id=560000, seed_day=date(2023, 1, 1), per_day=40, jitter=30)
    site.articles = [_article(p, art_id, rng) for p, art_id in ids]
    for art in site.articles:
        site.add(art.path, _article_page(art))
    for section in LISTS:
        items = [a for a in newest_first(site.articles) if a.placement.column == section]
        chunks = pages(items, PER_PAGE)
        for number, chunk in enumerate(chunks, start=1):
            url = list_url(section, number)
            site.add(url.replace("?", "@"), _list_page(section, chunk, number, len(chunks)))
            site.list_pages.append(url)
        site.start_pages.append(list_url(section, 1))
    site.add("/index.html", _chrome(SITE_NAME, "<p>今日要闻</p>"))
    site.add("/robots.txt", robots(["/search", "/passport/", "/share"]))
    site.other_pages += ["/"]
    return site
