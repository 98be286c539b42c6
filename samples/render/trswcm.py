"""jcgh.sample.test: a city union on an older TRS WCM template, GBK pages that its server labels UTF-8.

What the TRS family does and a crawler must cope with:
- the list pager is written by the *old inline* script (`var countPage = 3; var currentPage = 0;` and
  `document.write("<a href=\\"index"+"_" + nextPage + "."+"shtml\\">下一页</a>")`): the HTML has no pager links;
  pages are `index.shtml`, `index_1.shtml`, `index_2.shtml`;
- article links are `./` relative (`./202401/t20240105_4567.html`);
- the bodies are GBK (`<meta http-equiv=... charset=gbk>`) while the server says `charset=utf-8`;
- a pinned internal notice on every list page lives under a path robots.txt forbids;
- the footer's "网站声明" page has an article-shaped URL (`/wzsm/201801/t20180102_1.html`);
- some headlines contain 登陆, 分享 or 搜索, words of login/share/search furniture.
"""

from __future__ import annotations

import random
from datetime import date

from samples.render.base import Article, Placement, SiteBuild, dated_ids, esc, newest_first, pages, robots

HOST = "jcgh.sample.test"
SITE_NAME = "江城市总工会"
CATEGORY = "工作动态"
LIST_DIR = "/xwdt/gzdt/"
PER_PAGE = 10
FORBIDDEN_DIR = "/xwdt/nbzl/"
FORBIDDEN_PAGE = "/xwdt/nbzl/202311/t20231120_88.html"
STATEMENT_PAGE = "/wzsm/201801/t20180102_1.html"
SOURCES = [SITE_NAME, SITE_NAME, "江城日报", "江城工人报"]
EDITORS = ["张敏", "刘喆", "陈晓东"]


def list_url(page: int) -> str:
    """TRS numbers a list from 0: index.shtml, index_1.shtml, ..."""
    return f"{LIST_DIR}index.shtml" if page == 0 else f"{LIST_DIR}index_{page}.shtml"


def _article(p: Placement, art_id: int, index: int, rng: random.Random) -> Article:
    when = p.when
    return Article(
        host=HOST,
        path=f"{LIST_DIR}{when:%Y%m}/t{when:%Y%m%d}_{art_id}.html",
        placement=p,
        title=p.title,
        paras=p.paras(),
        language="zh",
        site_name=SITE_NAME,
        published=when,
        source=rng.choice(SOURCES),
        author=p.story.reporters,
        category=CATEGORY,
        editor=EDITORS[index % len(EDITORS)],
    )


def _chrome(title: str, main: str) -> str:
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gbk" />
<title>{esc(title)}</title>
<link href="/images/style.css" rel="stylesheet" type="text/css" />
</head>
<body>
<div class="header"><a href="/"><img src="/images/logo.png" alt="{SITE_NAME}" /></a>
<a href="/user/login.jsp">登录</a> <a href="/search/search.jsp?searchword=">站内搜索</a></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="{LIST_DIR}index.shtml">工作动态</a></li>
<li><a href="/gywm/index.shtml">关于我们</a></li></ul></div>
<div class="main">
{main}
</div>
<div class="footer"><p><a href="{STATEMENT_PAGE}">网站声明</a> | <a href="/gywm/index.shtml">联系我们</a></p>
<p>主办：{SITE_NAME}　ICP备12345678号</p></div>
</body>
</html>
"""


def _article_page(art: Article) -> str:
    when = art.placement.when
    author = f"<span>作者：{esc(art.author)}</span>" if art.author else ""
    body = "\n".join(f'<p style="text-indent: 2em;">{esc(para.text("zh"))}</p>' for para in art.paras)
    info = f"<span>发布时间：{when:%Y-%m-%d %H:%M}</span><span>来源：{esc(art.source or '')}</span>{author}"
    tools = '<a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a>'
    main = f"""<div class="position">当前位置：<a href="../../../">首页</a> &gt; <a href="../index.shtml">{CATEGORY}</a>
</div>
<div class="article">
<h1 class="art-title">{esc(art.title)}</h1>
<div class="art-info">{info}</div>
<div class="TRS_Editor">
{body}
</div>
<div class="art-editor">责任编辑：{esc(art.editor or "")}</div>
<div class="art-tools">{tools}</div>
</div>"""
    return _chrome(f"{art.title}_{SITE_NAME}", main)


def _pager(page: int, total: int) -> str:
    """The old TRS pager: everything is written by script, nothing is a link in the HTML."""
    return f"""<div class="page"><script language="JavaScript">
var currentPage = {page};//所在页从0开始
var prevPage = currentPage-1//上一页
var nextPage = currentPage+1//下一页
var countPage = {total}//共多少页
document.write("共"+countPage+"页&nbsp;&nbsp;");
if(countPage>1&&currentPage!=0&&currentPage!=1)
	document.write("<a href=\\"index"+"_" + prevPage + "."+"shtml\\">上一页</a>&nbsp;");
else if(countPage>1&&currentPage!=0&&currentPage==1)
	document.write("<a href=\\"index.shtml\\">上一页</a>&nbsp;");
else
	document.write("上一页&nbsp;");
if(countPage>1&&currentPage!=(countPage-1))
	document.write("<a href=\\"index"+"_" + nextPage + "."+"shtml\\" >下一页</a>&nbsp;");
else
	document.write("下一页&nbsp;");
</script></div>"""


def _list_page(items: list[Article], page: int, total: int) -> str:
    notice = "[置顶] 关于做好年度工会经费审计工作的内部通知"
    pinned = f'<li class="top"><a href="..{FORBIDDEN_PAGE[len("/xwdt") :]}" target="_blank">{notice}</a></li>'
    rows = "\n".join(
        f'<li><a href="./{a.path[len(LIST_DIR) :]}" target="_blank" title="{esc(a.title)}">{esc(a.title)}</a>'
        f"<span>{a.placement.when:%Y-%m-%d}</span></li>"
        for a in items
    )
    main = (
        f'<div class="position">当前位置：<a href="../../">首页</a> &gt; {CATEGORY}</div>\n'
        f'<ul class="list">\n{pinned}\n{rows}\n</ul>\n{_pager(page, total)}'
    )
    return _chrome(f"{CATEGORY}_{SITE_NAME}", main)


def _simple(title: str, text: str) -> str:
    return _chrome(f"{title}_{SITE_NAME}", f'<div class="article"><h1>{title}</h1><p>{text}</p></div>')


def build(placements: list[Placement]) -> SiteBuild:
    site = SiteBuild(host=HOST, language="zh", charset="GBK", site_name=SITE_NAME, header_charset="utf-8")
    rng = random.Random(f"site:{HOST}")
    ids = dated_ids(placements, rng, seed_story="", seed_id=4000, seed_day=date(2023, 1, 1), per_day=7, jitter=5)
    site.articles = [_article(p, art_id, index, rng) for index, (p, art_id) in enumerate(ids)]
    for art in site.articles:
        site.add(art.path, _article_page(art))
    chunks = pages(newest_first(site.articles), PER_PAGE)
    for number, chunk in enumerate(chunks):
        site.add(list_url(number), _list_page(chunk, number, len(chunks)))
        site.list_pages.append(list_url(number))
    site.add(FORBIDDEN_PAGE, _simple("关于做好年度工会经费审计工作的内部通知", "内部资料，请勿外传。"))
    site.add(STATEMENT_PAGE, _simple("网站声明", "本网站所载文字、图片，未经授权不得转载。"))
    site.add("/gywm/index.shtml", _simple("关于我们", f"{SITE_NAME}是全市各级工会的领导机关。"))
    site.add("/index.shtml", _chrome(SITE_NAME, f'<div class="box"><a href="{LIST_DIR}index.shtml">工作动态</a></div>'))
    site.add("/robots.txt", robots(["/search/", "/user/", FORBIDDEN_DIR]))
    site.forbidden_pages.append(FORBIDDEN_PAGE)
    site.other_pages += ["/index.shtml", "/gywm/index.shtml", STATEMENT_PAGE]
    return site
