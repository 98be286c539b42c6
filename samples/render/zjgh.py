"""zjgh.sample.test: a provincial union site on a TRS WCM-style CMS, served in GBK.

Relative links everywhere (``./t20230703_1234567.htm``, ``../``), labels ``发布时间：`` ``来源：`` ``作者：``
``责任编辑：``, print/close widgets, a related-articles list under the body and an ICP footer. Editors' names
include characters outside GB2312 (喆, 堃), so a GB2312 decoder fails where GBK succeeds.
"""

from __future__ import annotations

import posixpath
import random
from datetime import date

from samples.render.base import Article, Image, Placement, SiteBuild, dated_ids, esc, newest_first, pages, png, robots

HOST = "zjgh.sample.test"
SITE_NAME = "浙江省总工会"
CATEGORY = "工会动态"
PER_PAGE = 12
SEED_ID, SEED_DAY = 1234567, date(2023, 7, 3)
EDITORS = ["李芳", "陈喆", "王晓东", "周丽", "沈堃"]
SOURCES = ["浙江工人日报", "浙江工人日报", SITE_NAME, "浙江工会网", "杭州市总工会", "宁波市总工会"]


def _list_url(page: int) -> str:
    return "/xwzx/ghdt/index.htm" if page == 1 else f"/xwzx/ghdt/index_{page - 1}.htm"


def _rel(from_path: str, to_path: str) -> str:
    """A TRS-style relative link ('./x.htm', '../202306/x.htm') from one page to another."""
    rel = posixpath.relpath(to_path, posixpath.dirname(from_path))
    return rel if rel.startswith("..") else f"./{rel}"


def _article(p: Placement, art_id: int, index: int, rng: random.Random) -> Article:
    story, when = p.story, p.when
    path = f"/xwzx/ghdt/{when:%Y%m}/t{when:%Y%m%d}_{art_id}.htm"
    if "source" in story.extra:
        source = story.extra["source"]
    elif story.id.startswith("zh-syn"):
        source = "工人日报"
    else:
        source = rng.choice(SOURCES)
    author = None
    if story.reporters and (story.id.startswith(("zh-seed", "zh-syn")) or rng.random() < 0.7):
        author = (
            story.reporters
            if rng.random() < 0.7 or story.id == "zh-seed-004"
            else f"{story.reporters} {story.ctx.person(rng)}"
        )
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
        author=author,
        category=CATEGORY,
        editor=story.extra.get("editor") or EDITORS[index % len(EDITORS)],
    )
    if rng.random() < 0.3:
        name = f"W0{when:%Y%m%d}{rng.randint(100000, 999999)}.png"
        url = f"http://{HOST}{posixpath.dirname(path)}/{name}"
        art.images = [Image(src=f"./{name}", url=url, caption=None, shown=None, after=min(1, len(art.paras) - 1))]
    return art


def _chrome(title: str, main: str, depth: int, head_meta: str = "") -> str:
    """Frame shared by every page; `depth` is how many directories deep the page is (links are relative)."""
    up = "../" * depth or "./"
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="gbk">
<title>{esc(title)}</title>
{head_meta}<link href="{up}images/common.css" rel="stylesheet" type="text/css">
</head>
<body>
<div class="top"><div class="w1100"><span class="date">欢迎访问浙江工会网</span>
<a href="{up}wsgh/login.htm">会员登录</a> <a href="mailto:zjgh@zjgh.sample.test">联系我们</a></div></div>
<div class="head w1100"><a href="{up}index.htm"><img src="{up}images/logo.png" alt="{SITE_NAME}"></a>
<form action="/search/search.jsp" method="get" target="_blank"><input name="searchword" type="text"><input type="submit" value="检索"></form></div>
<div class="nav w1100"><ul><li><a href="{up}index.htm">首页</a></li><li><a href="{up}xwzx/index.htm">新闻中心</a></li>
<li><a href="{up}xwzx/ghdt/index.htm">工会动态</a></li><li><a href="{up}gywm/index.htm">关于我们</a></li><li><a href="{up}wsgh/login.htm">网上工会</a></li></ul></div>
<div class="main w1100">
{main}
</div>
<div class="foot"><p><a href="{up}gywm/index.htm">关于我们</a> | <a href="{up}gywm/index.htm">网站地图</a> | <a href="mailto:zjgh@zjgh.sample.test">联系我们</a></p>
<p>主办单位：浙江省总工会　地址：杭州市西湖区省府路8号　邮编：310025</p>
<p>版权所有 &copy; 浙江省总工会　浙ICP备05001234号　浙公网安备33010602000123号</p></div>
</body>
</html>
"""


def _body(art: Article) -> str:
    out = []
    for index, para in enumerate(art.paras):
        text = esc(para.text("zh"))
        out.append(
            f'<p style="text-indent: 2em;"><strong>{text}</strong></p>'
            if para.heading
            else f'<p style="text-indent: 2em;">{text}</p>'
        )
        out += [
            f'<p align="center"><img src="{img.src}" OLDSRC="{img.src[2:]}" border="0"></p>'
            for img in art.images
            if img.after == index
        ]
    return "\n".join(out)


def _article_page(art: Article, related: list[Article]) -> str:
    when = art.placement.when
    author = f"<span>作者：{esc(art.author)}</span>" if art.author else ""
    rel = "\n".join(
        f'<li><a href="{_rel(art.path, r.path)}" target="_blank">{esc(r.title)}</a><span>{r.placement.when:%Y-%m-%d}</span></li>'
        for r in related
    )
    main = f"""<div class="position">当前位置：<a href="../../../index.htm">首页</a> &gt; <a href="../../index.htm">新闻中心</a> &gt; <a href="../index.htm">{CATEGORY}</a></div>
<div class="article">
<h1 class="art-title">{esc(art.title)}</h1>
<div class="art-info"><span>发布时间：{when:%Y-%m-%d %H:%M}</span><span>来源：{esc(art.source or "")}</span>{author}
<span class="fontsize">字号：<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> <a href="javascript:doZoom(12)">小</a></span></div>
<div class="TRS_Editor">
{_body(art)}
</div>
<div class="art-editor">责任编辑：{esc(art.editor or "")}</div>
<div class="art-tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="related"><h3>相关文章</h3><ul>
{rel}
</ul></div>
</div>"""
    meta = (
        f'<meta name="ArticleTitle" content="{esc(art.title)}">\n<meta name="PubDate" content="{when:%Y-%m-%d %H:%M}">\n'
        f'<meta name="ContentSource" content="{esc(art.source or "")}">\n'
    )
    return _chrome(f"{art.title}_{SITE_NAME}", main, 3, meta)


def _list_page(items: list[Article], page: int, total: int) -> str:
    rows = "\n".join(
        f'<li><a href="./{a.path.split("/ghdt/")[1]}" target="_blank" title="{esc(a.title)}">{esc(a.title)}</a>'
        f"<span>{a.placement.when:%Y-%m-%d}</span></li>"
        for a in items
    )

    def here(n: int) -> str:  # list pages link to their siblings by bare file name, as TRS does
        return _list_url(n).rsplit("/", 1)[1]

    links = [f'<a href="{here(1)}">首页</a>']
    if page > 1:
        links.append(f'<a href="{here(page - 1)}">上一页</a>')
    links += [f"<span>{n}</span>" if n == page else f'<a href="{here(n)}">{n}</a>' for n in range(1, total + 1)]
    if page < total:
        links.append(f'<a href="{here(page + 1)}">下一页</a>')
    links.append(f'<a href="{here(total)}">尾页</a>')
    main = (
        f'<div class="position">当前位置：<a href="../../index.htm">首页</a> &gt; <a href="../index.htm">新闻中心</a> &gt; {CATEGORY}</div>\n'
        f'<ul class="list">\n{rows}\n</ul>\n<div class="page">{" ".join(links)}</div>'
    )
    return _chrome(f"{CATEGORY}_{SITE_NAME}", main, 2)


def build(placements: list[Placement]) -> SiteBuild:
    site = SiteBuild(host=HOST, language="zh", charset="GBK", site_name=SITE_NAME)
    rng = random.Random(f"site:{HOST}")
    ids = dated_ids(
        placements, rng, seed_story="zh-seed-004", seed_id=SEED_ID, seed_day=SEED_DAY, per_day=211, jitter=150
    )
    for index, (p, art_id) in enumerate(ids):
        site.articles.append(_article(p, art_id, index, rng))
    ordered = newest_first(site.articles)
    for index, art in enumerate(ordered):
        related = [a for a in ordered[max(0, index - 3) : index + 4] if a is not art][:5]
        site.add(art.path, _article_page(art, related))
        for img in art.images:
            site.add_bytes(img.url.split(HOST, 1)[1], png(img.url))
    chunks = pages(ordered, PER_PAGE)
    for number, chunk in enumerate(chunks, start=1):
        site.add(_list_url(number), _list_page(chunk, number, len(chunks)))
        site.list_pages.append(_list_url(number))
    latest = "".join(f'<li><a href="./{a.path[1:]}">{esc(a.title)}</a></li>' for a in ordered[:8])
    site.add(
        "/index.htm",
        _chrome(
            SITE_NAME,
            f'<div class="box"><h3><a href="./xwzx/ghdt/index.htm">工会动态</a></h3><ul>{latest}</ul></div>',
            0,
        ),
    )
    site.add(
        "/xwzx/index.htm",
        _chrome(f"新闻中心_{SITE_NAME}", '<ul><li><a href="./ghdt/index.htm">工会动态</a></li></ul>', 1),
    )
    site.add(
        "/gywm/index.htm",
        _chrome(f"关于我们_{SITE_NAME}", "<h1>关于我们</h1><p>浙江省总工会是全省各级工会的领导机关。</p>", 1),
    )
    site.add(
        "/wsgh/login.htm",
        _chrome(f"会员登录_{SITE_NAME}", '<form action="/wsgh/login.jsp" method="post"><input name="u"></form>', 1),
    )
    site.add("/robots.txt", robots(["/search/"]))
    site.add_bytes("/images/logo.png", png("zjgh-logo", 8, 2))
    site.add("/images/common.css", ".w1100{width:1100px}\n")
    site.other_pages += ["/", "/xwzx/index.htm", "/gywm/index.htm", "/wsgh/login.htm"]
    return site
