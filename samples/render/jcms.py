"""hygh.sample.test: a provincial union on Hanweb jcms, with its column pages and its list data proxy.

What the jcms family does and a crawler must cope with:
- columns live at `/col/col1302/index.html`, and only there: the server answers 404 for `/col/col1302/`;
- a column page embeds the first group of records (three pages) in `<script type="text/xml"><datastore>`, each a
  `<record><![CDATA[<li><a href=...>]]></record>`, with a `<nextgroup>` link naming the data proxy and the column's
  fields; the JavaScript pager POSTs `/module/web/jpage/dataproxy.jsp?startrecord=16&endrecord=30&perpage=5` with
  `col=1&appid=1&webid=..&path=/&columnid=..&unitid=..&webname=..&permissiontype=0` for the following records
  (samples/server.py answers it from `_jpage/<columnid>.json`);
- another column names the proxy only in its pager script (`proxyUrl`, `unitid: ..`, `webid: ..`, `columnid: ..`)
  and embeds no records;
- an older column is paged statically: `index.html`, `index_2.html`, `index_3.html`;
- articles are `/art/2024/1/5/art_1302_123.html`.
"""

from __future__ import annotations

import json
import random
from urllib.parse import quote

from samples.render.base import Article, Placement, SiteBuild, esc, newest_first, pages, robots

HOST = "hygh.sample.test"
SITE_NAME = "华阳省总工会"
WEBID = "3"
PER_PAGE = 5
GROUP = 3 * PER_PAGE  # records per proxy request, and embedded in the column page
# column id -> (name, unit id of its list block, how it pages)
COLUMNS = {
    "1302": ("工会要闻", "4180", "datastore"),
    "1303": ("基层动态", "4181", "static"),
    "1304": ("劳模风采", "4182", "script"),
}
PROXY_PATH = "/module/web/jpage/dataproxy.jsp"
JPAGE_DIR = "_jpage"  # the records the data proxy serves, per column (never served as files)


def column_url(col: str, page: int = 1) -> str:
    return f"/col/col{col}/index.html" if page == 1 else f"/col/col{col}/index_{page}.html"


def _article(p: Placement, art_id: int, rng: random.Random) -> Article:
    when = p.when
    return Article(
        host=HOST,
        path=f"/art/{when.year}/{when.month}/{when.day}/art_{p.column}_{art_id}.html",
        placement=p,
        title=p.title,
        paras=p.paras(),
        language="zh",
        site_name=SITE_NAME,
        published=when,
        source=rng.choice([SITE_NAME, SITE_NAME, "华阳工人报"]),
        category=COLUMNS[p.column][0],
    )


def _chrome(title: str, main: str) -> str:
    nav = "".join(f'<li><a href="{column_url(col)}">{name}</a></li>' for col, (name, _, _) in COLUMNS.items())
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{esc(title)}</title>
<meta name="SiteName" content="{SITE_NAME}" />
<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>
</head>
<body>
<div id="header"><a href="/">{SITE_NAME}</a> <a href="/module/passport/login.jsp">网上工会登录</a></div>
<div id="nav"><ul><li><a href="/index.html">首页</a></li>{nav}</ul></div>
<div class="container">
{main}
</div>
<div id="footer"><p>主办：{SITE_NAME}　<a href="/col/col9/index.html">网站地图</a></p>
<p>Produced By 大汉网络 大汉版通发布系统</p></div>
</body>
</html>
"""


def _article_page(art: Article) -> str:
    when = art.placement.when
    body = "\n".join(f"<p>\u3000\u3000{esc(para.text('zh'))}</p>" for para in art.paras)
    column = f'<a href="{column_url(art.placement.column)}">{esc(art.category or "")}</a>'
    crumb = f'<a href="/index.html">首页</a> &gt; {column}'
    stamp = f"{when.year}年{when.month}月{when.day}日 {when:%H:%M}"
    main = f"""<div class="bt_link">当前位置：{crumb}</div>
<table width="100%" class="article">
<tr><td align="center" class="title">{esc(art.title)}</td></tr>
<tr><td align="center" class="meta">发布时间：{stamp}&nbsp;&nbsp;来源：{esc(art.source or "")}</td></tr>
<tr><td class="bt_content" id="zoom">
<!--ZJEG_RSS.content.begin--><meta name="ContentStart">
{body}
<meta name="ContentEnd"><!--ZJEG_RSS.content.end-->
</td></tr>
</table>"""
    meta = (
        f'<meta name="ArticleTitle" content="{esc(art.title)}" />\n'
        f'<meta name="PubDate" content="{when:%Y-%m-%d %H:%M}" />\n'
    )
    return _chrome(art.title, main).replace("<script ", meta + "<script ", 1)


def record(art: Article) -> str:
    """One record as jcms writes it into a datastore and the data proxy's answer."""
    return (
        f'<li><a href="{art.path}" target="_blank" title="{esc(art.title)}">{esc(art.title)}</a>'
        f"<span>{art.placement.when:%Y-%m-%d}</span></li>"
    )


def _fields(col: str) -> str:
    unit = COLUMNS[col][1]
    webname = quote(SITE_NAME)
    return f"appid=1&webid={WEBID}&path=/&columnid={col}&unitid={unit}&webname={webname}&permissiontype=0"


def _datastore_page(col: str, items: list[Article]) -> str:
    name, unit, _ = COLUMNS[col]
    records = "\n".join(f"<record><![CDATA[\n{record(a)}\n]]></record>" for a in items[:GROUP])
    main = f"""<div class="bt_link">当前位置：<a href="/index.html">首页</a> &gt; {name}</div>
<div id="{unit}"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="{PROXY_PATH}?page=1&amp;{_fields(col).replace("&", "&amp;")}"></a>]]></nextgroup>
<recordset>
{records}
</recordset>
</datastore></script></div>
<script language="javascript" src="/module/jslib/jquery/jpage/jquery.jpage.js"></script>
<script>$(document).ready(function(){{ $('#{unit}').jpage({{
 dataStore: $('#{unit}').find('datastore'), perPage: {PER_PAGE},
 totalRecord: {len(items)}, groupSize: 3, proxyUrl: '{PROXY_PATH}', barPosition: 'bottom' }}); }});</script>"""
    return _chrome(f"{name}_{SITE_NAME}", main)


def _script_page(col: str, items: list[Article]) -> str:
    name, unit, _ = COLUMNS[col]
    main = f"""<div class="bt_link">当前位置：<a href="/index.html">首页</a> &gt; {name}</div>
<div id="{unit}"></div>
<script language="javascript" src="/module/jslib/jquery/jpage/jquery.jpage.js"></script>
<script>$(document).ready(function(){{ $('#{unit}').jpage({{ proxyUrl: '{PROXY_PATH}', perPage: {PER_PAGE},
 totalRecord: {len(items)}, param: {{ col: 1, appid: 1, webid: {WEBID}, path: '/', columnid: {col}, unitid: {unit},
 permissiontype: 0 }} }}); }});</script>"""
    return _chrome(f"{name}_{SITE_NAME}", main)


def _static_page(col: str, chunk: list[Article], page: int, total: int) -> str:
    name = COLUMNS[col][0]
    rows = "\n".join(record(a) for a in chunk)
    links = [
        f'<a href="{column_url(col, n)}">{n}</a>' if n != page else f"<span>{n}</span>" for n in range(1, total + 1)
    ]
    if page < total:
        links.append(f'<a href="{column_url(col, page + 1)}">下一页</a>')
    main = (
        f'<div class="bt_link">当前位置：<a href="/index.html">首页</a> &gt; {name}</div>\n'
        f'<ul class="list">\n{rows}\n</ul>\n<div class="pager">{" ".join(links)}</div>'
    )
    return _chrome(f"{name}_{SITE_NAME}", main)


def build(placements: list[Placement]) -> SiteBuild:
    site = SiteBuild(host=HOST, language="zh", charset="utf-8", site_name=SITE_NAME, serves_directories=False)
    rng = random.Random(f"site:{HOST}")
    art_id = 120000
    for p in sorted(placements, key=lambda p: (p.when, p.story.id)):
        art_id += rng.randint(3, 30)
        site.articles.append(_article(p, art_id, rng))
    for art in site.articles:
        site.add(art.path, _article_page(art))
    by_col = {col: [a for a in newest_first(site.articles) if a.placement.column == col] for col in COLUMNS}
    for col, items in by_col.items():
        style = COLUMNS[col][2]
        if style == "static":
            chunks = pages(items, PER_PAGE * 2)
            for number, chunk in enumerate(chunks, start=1):
                site.add(column_url(col, number), _static_page(col, chunk, number, len(chunks)))
                site.list_pages.append(column_url(col, number))
        else:
            page = _datastore_page(col, items) if style == "datastore" else _script_page(col, items)
            site.add(column_url(col), page)
            site.list_pages.append(column_url(col))
            site.add_bytes(
                f"/{JPAGE_DIR}/{col}.json", json.dumps([record(a) for a in items], ensure_ascii=False).encode()
            )
    site.start_pages += [column_url(col) for col in COLUMNS]  # the first, and the sibling columns a crawl remembers
    site.add(
        "/index.html", _chrome(SITE_NAME, f'<div class="box"><a href="{column_url("1302")}">更多&gt;&gt;</a></div>')
    )
    site.add("/col/col9/index.html", _chrome(f"网站地图_{SITE_NAME}", "<p>网站地图</p>"))
    site.add("/robots.txt", robots(["/search/", "/module/passport/"]))
    site.other_pages += ["/index.html", "/col/col9/index.html"]
    return site
