"""ghweihai.sample.test: a city union on an old "Dahan" government CMS (seed 000).

Nested tables, full-width indented paragraphs, sub-headings as indented bold lines, a meta line
``发布时间：2020年11月19日 10:12  来源：...  阅读次数：  打印本页  关闭窗口`` and the Dahan footer.
"""

from __future__ import annotations

import random

from samples.render.base import Article, Image, Placement, SiteBuild, esc, newest_first, pages, png, robots
from samples.stories import Para

HOST = "ghweihai.sample.test"
SITE_NAME = "威海市总工会"
PER_PAGE = 12
COLUMNS = {"1": "工作动态", "2": "基层风采"}
FIRST_ID = 18000
INDENT = "\u3000\u3000"

NAV = [
    ("/", "首页"),
    ("/col/col1/index.html", "新闻中心"),
    ("/col/col9/index.html", "工会概况"),
    ("/col/col2/index.html", "基层风采"),
    ("/login.html", "网上办事"),
    ("mailto:whszgh@ghweihai.sample.test", "联系我们"),
]
LINKS = [
    ("http://www.acftu.sample.test/", "中华全国总工会"),
    ("http://www.sdgh.sample.test/", "山东省总工会"),
    ("http://workercn.sample.test/", "中工网"),
    ("http://www.weihai.sample.test/", "威海市人民政府"),
]


def _column_url(col: str, page: int) -> str:
    return f"/col/col{col}/index.html" if page == 1 else f"/col/col{col}/index_{page}.html"


def _article(p: Placement, art_id: int, rng: random.Random) -> Article:
    when = p.when
    col = p.column or "1"
    path = f"/art/{when.year}/{when.month}/{when.day}/art_{col}_{art_id}.html"
    syndicated = p.story.id.startswith("zh-syn")
    if p.story.id == "zh-seed-000":
        source = SITE_NAME
    elif syndicated:
        source = "工人日报"
    elif col == "2":
        source = rng.choice(["环翠区总工会", "文登区总工会", "荣成市总工会", "乳山市总工会"])
    else:
        source = rng.choice([SITE_NAME, SITE_NAME, SITE_NAME, "威海日报"])
    art = Article(
        host=HOST,
        path=path,
        placement=p,
        title=p.title,
        paras=p.paras(),
        language="zh",
        site_name=SITE_NAME,
        published=when,
        source=source,
        category=COLUMNS[col],
    )
    if rng.random() < 0.35:
        stem = f"/picture/0/{when:%y%m%d%H%M}{rng.randint(100, 999)}"
        art.images = [
            Image(
                src=f"{stem}{k}.png",
                url=f"http://{HOST}{stem}{k}.png",
                caption=None,
                shown=None,
                after=min(k, len(art.paras) - 1),
            )
            for k in range(rng.randint(1, 2))
        ]
    return art


def _chrome(title: str, main: str) -> str:
    """The page frame: banner, nav, left column, main cell, footer (identical on every page)."""
    nav = "".join(f'<td class="nav"><a href="{u}">{esc(t)}</a></td>' for u, t in NAV)
    links = "".join(f'<tr><td class="lk">·<a href="{u}" target="_blank">{esc(t)}</a></td></tr>' for u, t in LINKS)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{esc(title)}</title>
<meta name="SiteName" content="{SITE_NAME}" />
<link href="/css/style.css" rel="stylesheet" type="text/css" />
</head>
<body>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" id="top">
  <tr><td height="120" class="banner"><img src="/images/banner.png" alt="{SITE_NAME}" /></td></tr>
  <tr><td><table width="100%" border="0" cellspacing="0" cellpadding="0"><tr>{nav}
    <td align="right"><form action="/search/search.jsp" method="get"><input name="q" type="text" /><input type="submit" value="搜索" /></form></td>
  </tr></table></td></tr>
</table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
  <tr>
    <td width="230" valign="top" class="left">
      <table width="100%" border="0" cellspacing="0" cellpadding="0">
        <tr><td class="left_title">栏目导航</td></tr>
        <tr><td class="lk"><a href="/col/col1/index.html">工作动态</a></td></tr>
        <tr><td class="lk"><a href="/col/col2/index.html">基层风采</a></td></tr>
        <tr><td class="lk"><a href="/col/col9/index.html">工会概况</a></td></tr>
        <tr><td class="left_title">相关链接</td></tr>
        {links}
      </table>
    </td>
    <td width="20"></td>
    <td valign="top">
{main}
    </td>
  </tr>
</table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" class="footer">
  <tr><td align="center">主办：威海市总工会　地址：威海市环翠区新威路16号　电话：0631-5233666　<a href="mailto:whszgh@ghweihai.sample.test">联系我们</a></td></tr>
  <tr><td align="center">鲁ICP备05010203号　网站标识码：3710000012</td></tr>
  <tr><td align="center">Produced By 大汉网络 大汉版通发布系统</td></tr>
</table>
</body>
</html>
"""


def _para_html(para: Para) -> str:
    text = esc(para.text("zh"))
    if para.heading:
        return f'<p style="text-indent:0">{INDENT}<strong>{text}</strong></p>'
    return f"<p>{INDENT}{text}</p>"


def _body_html(art: Article) -> str:
    """Paragraphs with images after their paragraph, between the Dahan content markers."""
    out = []
    for index, para in enumerate(art.paras):
        out.append(_para_html(para))
        out += [
            f'<p style="text-align:center"><img src="{img.src}" border="0" /></p>'
            for img in art.images
            if img.after == index
        ]
    return "\n".join(out)


def _breadcrumb(col: str) -> str:
    return (
        f'当前位置：<a href="/">首页</a> &gt; <a href="/col/col1/index.html">新闻中心</a> &gt; '
        f'<a href="{_column_url(col, 1)}">{COLUMNS[col]}</a>'
    )


def _article_page(art: Article) -> str:
    col = art.path.split("art_")[1].split("_")[0]
    when = art.placement.when
    stamp = f"{when.year}年{when.month}月{when.day}日 {when:%H:%M}"
    main = f"""<table width="100%" border="0" cellspacing="0" cellpadding="0">
  <tr><td class="bt_link">{_breadcrumb(col)}</td></tr>
  <tr><td>
    <table width="96%" border="0" align="center" cellpadding="0" cellspacing="0">
      <tr><td align="center" class="title">{esc(art.title)}</td></tr>
      <tr><td align="center" class="meta">发布时间：{stamp}&nbsp;&nbsp;来源：{esc(art.source or "")}&nbsp;&nbsp;阅读次数：<span id="readcount"></span>&nbsp;&nbsp;<a href="javascript:window.print()">打印本页</a>&nbsp;&nbsp;<a href="javascript:window.close()">关闭窗口</a></td></tr>
      <tr><td class="bt_content" id="zoom">
<!--ZJEG_RSS.content.begin--><meta name="ContentStart">
{_body_html(art)}
<meta name="ContentEnd"><!--ZJEG_RSS.content.end-->
      </td></tr>
    </table>
  </td></tr>
</table>"""
    page = _chrome(art.title, main)
    meta = (
        f'<meta name="ArticleTitle" content="{esc(art.title)}" />\n<meta name="PubDate" content="{when:%Y-%m-%d %H:%M}" />\n'
        f'<meta name="ContentSource" content="{esc(art.source or "")}" />\n<meta name="ColumnName" content="{COLUMNS[col]}" />\n'
    )
    return page.replace("<link href=", meta + "<link href=", 1)


def _pager(col: str, page: int, total: int, count: int) -> str:
    links = [f"共{count}条　{page}/{total}页", f'<a href="{_column_url(col, 1)}">首页</a>']
    if page > 1:
        links.append(f'<a href="{_column_url(col, page - 1)}">上页</a>')
    links += [str(n) if n == page else f'<a href="{_column_url(col, n)}">{n}</a>' for n in range(1, total + 1)]
    if page < total:
        links.append(f'<a href="{_column_url(col, page + 1)}">下页</a>')
    links.append(f'<a href="{_column_url(col, total)}">尾页</a>')
    return "&nbsp;".join(links)


def _list_page(col: str, items: list[Article], page: int, total: int, count: int) -> str:
    rows = "\n".join(
        f'<tr><td class="list_item">·<a href="{a.path}" target="_blank" title="{esc(a.title)}">{esc(a.title)}</a></td>'
        f'<td width="90" class="list_date">[{a.placement.when:%Y-%m-%d}]</td></tr>'
        for a in items
    )
    main = f"""<table width="100%" border="0" cellspacing="0" cellpadding="0">
  <tr><td class="bt_link">{_breadcrumb(col)}</td></tr>
  <tr><td><table width="100%" border="0" cellspacing="0" cellpadding="0" class="list">
{rows}
  </table></td></tr>
  <tr><td align="center" class="pager">{_pager(col, page, total, count)}</td></tr>
</table>"""
    return _chrome(f"{COLUMNS[col]}_{SITE_NAME}", main)


def _home(by_col: dict[str, list[Article]]) -> str:
    blocks = []
    for col, arts in by_col.items():
        rows = "".join(f'<tr><td>·<a href="{a.path}" target="_blank">{esc(a.title)}</a></td></tr>' for a in arts[:7])
        blocks.append(
            f'<table width="100%" class="block"><tr><td class="block_title"><a href="{_column_url(col, 1)}">'
            f'{COLUMNS[col]}</a><a href="{_column_url(col, 1)}" class="more">更多&gt;&gt;</a></td></tr>{rows}</table>'
        )
    return _chrome(SITE_NAME, "\n".join(blocks))


def _simple(title: str, text: str) -> str:
    return _chrome(
        f"{title}_{SITE_NAME}",
        f'<table width="100%"><tr><td class="title">{title}</td></tr><tr><td>{text}</td></tr></table>',
    )


def build(placements: list[Placement]) -> SiteBuild:
    site = SiteBuild(host=HOST, language="zh", charset="utf-8", site_name=SITE_NAME)
    rng = random.Random(f"site:{HOST}")
    next_id = FIRST_ID
    for p in sorted(placements, key=lambda p: (p.when, p.story.id)):
        if p.story.id == "zh-seed-000":
            art_id = 5231
        else:
            next_id += rng.randint(3, 40)
            art_id = next_id
        site.articles.append(_article(p, art_id, rng))
    by_col: dict[str, list[Article]] = {}
    for art in newest_first(site.articles):
        by_col.setdefault(art.path.split("art_")[1].split("_")[0], []).append(art)
    for art in site.articles:
        site.add(art.path, _article_page(art))
        for img in art.images:
            site.add_bytes(img.src, png(img.url))
    for col in sorted(by_col):
        chunks = pages(by_col[col], PER_PAGE)
        for number, chunk in enumerate(chunks, start=1):
            url = _column_url(col, number)
            site.add(url, _list_page(col, chunk, number, len(chunks), len(by_col[col])))
            site.list_pages.append(url)
        site.start_pages.append(_column_url(col, 1))
    site.add("/index.html", _home(dict(sorted(by_col.items()))))
    site.add("/col/col9/index.html", _simple("工会概况", "<p>威海市总工会是威海市各级工会的领导机关。</p>"))
    site.add(
        "/login.html",
        _simple(
            "用户登录",
            '<form action="/login.do" method="post"><input name="u" /><input name="p" type="password" /></form>',
        ),
    )
    site.add("/robots.txt", robots(["/search/"]))
    site.add_bytes("/images/banner.png", png("ghweihai-banner", 8, 2))
    site.add("/css/style.css", "body{font-size:14px}.title{font-size:22px;font-weight:bold}\n")
    site.other_pages += ["/", "/col/col9/index.html", "/login.html"]
    return site
