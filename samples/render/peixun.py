"""peixun.sample.test: a Chinese content aggregator (seed 002).

Breadcrumb ``当前位置：首页 - 教育培训 - <title>`` then the title; no date, source, author or editor anywhere on
the page (truth: null). Essays with numbered sections; some articles carry ``***`` masked words (flag
``masked_text``). Hot-article sidebar and prev/next links.
"""

from __future__ import annotations

import random

from samples.render.base import Article, Placement, SiteBuild, esc, newest_first, pages, robots
from samples.stories import Para

HOST = "peixun.sample.test"
SITE_NAME = "培训招生网"
CATEGORY = "教育培训"
PER_PAGE = 14
SEED_ID = 20931
MASK = "***"
# Words the origin sites mask; only words that occur in the text are masked.
MASKABLE = ["腐败", "违纪违法", "形式主义", "官僚主义", "拒腐防变", "警示教育", "领导干部", "党员干部", "急难愁盼"]


def _list_url(page: int) -> str:
    return "/list/jiaoyu/index.html" if page == 1 else f"/list/jiaoyu/index_{page}.html"


def _mask(paras: list[Para], rng: random.Random) -> tuple[list[Para], bool]:
    """Replace a couple of maskable words with *** (the aggregator's censoring); report whether anything changed."""
    text = "".join(p.text("zh") for p in paras)
    words = [w for w in MASKABLE if w in text]
    if not words:
        return paras, False
    chosen = rng.sample(words, min(2, len(words)))
    out = []
    for para in paras:
        sentences = para.sentences
        for word in chosen:
            sentences = tuple(s.replace(word, MASK) for s in sentences)
        out.append(Para(sentences, para.heading))
    return out, True


def _article(p: Placement, art_id: int, rng: random.Random) -> Article:
    paras = p.paras()
    masked = "masked" in p.story.extra
    # Every third essay went through a censoring origin site.
    if not masked and p.story.id.startswith("zh-essay") and int(p.story.id[-2:]) % 3 == 1:
        paras, masked = _mask(paras, rng)
    return Article(
        host=HOST,
        path=f"/news/{art_id}.html",
        placement=p,
        title=p.title,
        paras=paras,
        language="zh",
        site_name=SITE_NAME,
        category=CATEGORY,
        flags=["masked_text"] if masked else [],
    )


def _chrome(title: str, main: str, hot: list[Article]) -> str:
    hot_items = "\n".join(f'<li><a href="{a.path}" title="{esc(a.title)}">{esc(a.title)}</a></li>' for a in hot)
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{esc(title)}</title>
<meta name="keywords" content="培训,招生,教育培训">
<link rel="stylesheet" href="/static/css/common.css">
</head>
<body>
<div class="top"><div class="w1200"><span>欢迎来到{SITE_NAME}！</span>
<a href="/member/login.html">登录</a> | <a href="/member/login.html?reg=1">免费注册</a></div></div>
<div class="header w1200"><a href="/" class="logo">{SITE_NAME}</a>
<form action="/search/" method="get" class="so"><input name="keyword" placeholder="搜索课程、文章"><button type="submit">搜索</button></form></div>
<div class="nav w1200"><a href="/">首页</a><a href="/list/jiaoyu/index.html">教育培训</a><a href="/list/jiaoyu/index.html">职业技能</a><a href="/list/jiaoyu/index.html">考试资讯</a><a href="/about.html">关于我们</a></div>
<div class="w1200 clearfix">
<div class="mainbox">
{main}
</div>
<div class="sidebar">
<div class="box"><h3>热门文章</h3><ul>
{hot_items}
</ul></div>
<div class="box"><h3>推荐课程</h3><ul><li>工会干部业务能力提升班</li><li>安全生产管理人员培训</li><li>职业技能等级认定辅导</li></ul></div>
</div>
</div>
<div class="footer"><p><a href="/about.html">关于我们</a> | <a href="/about.html#contact">联系我们</a> | <a href="/about.html#disclaimer">免责声明</a> | <a href="mailto:service@peixun.sample.test">投稿邮箱</a></p>
<p>Copyright &copy; 2015-2023 {SITE_NAME} 版权所有　京ICP备15012345号-1</p>
<p>本站部分文章来源于网络，如有侵权请联系删除。</p></div>
</body>
</html>
"""


def _article_page(art: Article, prev: Article | None, nxt: Article | None, hot: list[Article]) -> str:
    body = "\n".join(
        f"<p><strong>{esc(p.text('zh'))}</strong></p>" if p.heading else f"<p>{esc(p.text('zh'))}</p>"
        for p in art.paras
    )
    prev_link = f'<a href="{prev.path}">{esc(prev.title)}</a>' if prev else "没有了"
    next_link = f'<a href="{nxt.path}">{esc(nxt.title)}</a>' if nxt else "没有了"
    main = f"""<div class="position">当前位置：<a href="/">首页</a> - <a href="/list/jiaoyu/index.html">{CATEGORY}</a> - {esc(art.title)}</div>
<div class="article">
<h1>{esc(art.title)}</h1>
<div class="content">
{body}
</div>
<div class="prenext"><p>上一篇：{prev_link}</p><p>下一篇：{next_link}</p></div>
<div class="share"><a href="http://share.sample.test/qzone?url={art.url}">分享到QQ空间</a> <a href="javascript:window.print()">打印</a></div>
</div>"""
    return _chrome(f"{art.title}_{SITE_NAME}", main, hot)


def _list_page(items: list[Article], page: int, total: int, hot: list[Article]) -> str:
    rows = "\n".join(
        f'<li><a href="{a.path}" target="_blank">{esc(a.title)}</a><p>{esc(a.paras[-1].text("zh")[:40])}…</p></li>'
        for a in items
    )
    links = [f'<a href="{_list_url(1)}">首页</a>']
    if page > 1:
        links.append(f'<a href="{_list_url(page - 1)}">上一页</a>')
    links += [
        f'<span class="cur">{n}</span>' if n == page else f'<a href="{_list_url(n)}">{n}</a>'
        for n in range(1, total + 1)
    ]
    if page < total:
        links.append(f'<a href="{_list_url(page + 1)}">下一页</a>')
    links.append(f'<a href="{_list_url(total)}">末页</a>')
    main = (
        f'<div class="position">当前位置：<a href="/">首页</a> - {CATEGORY}</div>\n<ul class="newslist">\n{rows}\n</ul>\n'
        f'<div class="pages">{"".join(links)}</div>'
    )
    return _chrome(f"{CATEGORY}_{SITE_NAME}", main, hot)


def build(placements: list[Placement]) -> SiteBuild:
    site = SiteBuild(host=HOST, language="zh", charset="utf-8", site_name=SITE_NAME)
    rng = random.Random(f"site:{HOST}")
    # The seed article keeps the brief's id; the aggregator's ids are not in date order elsewhere either.
    next_id = 20100
    for p in sorted(placements, key=lambda p: (p.when, p.story.id)):
        if p.story.id == "zh-seed-002":
            art_id = SEED_ID
        else:
            next_id += rng.randint(5, 60)
            art_id = next_id if next_id != SEED_ID else next_id + 1
        site.articles.append(_article(p, art_id, rng))
    ordered = newest_first(site.articles)
    hot = ordered[:8]
    for index, art in enumerate(ordered):
        prev = ordered[index + 1] if index + 1 < len(ordered) else None
        nxt = ordered[index - 1] if index > 0 else None
        site.add(art.path, _article_page(art, prev, nxt, hot))
    chunks = pages(ordered, PER_PAGE)
    for number, chunk in enumerate(chunks, start=1):
        site.add(_list_url(number), _list_page(chunk, number, len(chunks), hot))
        site.list_pages.append(_list_url(number))
    site.add(
        "/index.html",
        _chrome(
            SITE_NAME,
            '<div class="box"><h3>最新文章</h3><ul>'
            + "".join(f'<li><a href="{a.path}">{esc(a.title)}</a></li>' for a in ordered[:10])
            + "</ul></div>",
            hot,
        ),
    )
    site.add("/about.html", _chrome(f"关于我们_{SITE_NAME}", "<h1>关于我们</h1><p>培训招生信息服务平台。</p>", hot))
    site.add(
        "/member/login.html",
        _chrome(f"会员登录_{SITE_NAME}", '<form action="/member/login.php" method="post"><input name="u"></form>', hot),
    )
    site.add("/robots.txt", robots(["/search/", "/member/"]))
    site.add("/static/css/common.css", ".w1200{width:1200px}\n")
    site.other_pages += ["/", "/about.html", "/member/login.html"]
    return site
