"""workercn.sample.test: a national union newspaper site in English (seeds 001 and 004).

Channel header, optional kicker (-> subtitle), ``Source:`` and time lines, an ``Original title:`` metadata line,
bylines either inside the first paragraph after a dateline (kept in the body) or as a closing
``(Outlet Reporter Name)`` line (not body), photos with file-name captions (noise), ``Editor in charge:``,
and a large footer.
"""

from __future__ import annotations

import random
from datetime import date

from samples import bank_en
from samples.contexts import EN_MONTHS, EN_NATIONAL
from samples.render.base import (
    Article,
    Image,
    Placement,
    SiteBuild,
    dated_ids,
    esc,
    newest_first,
    pages,
    png,
    robots,
    stable_hex,
)
from samples.stories import Para

HOST = "workercn.sample.test"
SITE_NAME = "China Industrial Network"
PER_PAGE = 12
SEED_ID, SEED_DAY = 8234567, date(2024, 5, 25)
EDITORS = ["Yu Xiaoshu", "Li Fang", "Wang Yu", "Zhang Jing", "Liu Mengqi", "Chen Lu"]

NAV = [
    ("/", "Home"),
    ("/news/index.shtml", "News"),
    ("/about/index.shtml", "About us"),
    ("/user/login.shtml", "Log in"),
    ("/user/register.shtml", "Register"),
]


def _list_url(page: int) -> str:
    return "/news/index.shtml" if page == 1 else f"/news/index_{page}.shtml"


def _byline(p: Placement, rng: random.Random) -> tuple[str, str | None]:
    """How this copy credits the reporter: 'inline', 'closing' or 'none', and the outlet for 'closing'."""
    story = p.story
    if "closing_outlet" in story.extra:
        return "closing", story.extra["closing_outlet"]
    if "dateline" in story.extra:
        return "inline", None
    roll = rng.random()
    if roll < 0.5:
        return "inline", None
    if roll < 0.75 and story.ctx is not EN_NATIONAL:
        province = story.ctx.org.split()[1]
        return "closing", f"{province} Workers Daily"
    return "none", None


def _dateline(p: Placement) -> str:
    if "dateline" in p.story.extra:
        return p.story.extra["dateline"]
    day = p.when.date().toordinal() - 1
    event = date.fromordinal(day)
    return f"{p.story.ctx.dateline_city}, {EN_MONTHS[event.month - 1]} {event.day}"


def _images(p: Placement, n_paras: int, rng: random.Random) -> list[Image]:
    """Photos: a third with a real caption, the rest with file-name or bare-number captions (noise)."""
    if rng.random() >= 0.5 and p.story.id != "en-seed-001":
        return []
    out = []
    for k in range(rng.randint(1, 2)):
        src = f"/images/{p.when:%Y-%m}/{p.when:%d}/{stable_hex(p.story.id, HOST, k)}.png"
        kind = rng.random()
        if kind < 0.35:
            caption = rng.choice(bank_en.CAPTIONS[p.story.topic])
            shown: str | None = caption
        elif kind < 0.75:
            seconds = rng.randint(0, 86399)
            stamp = f"{seconds // 3600:02d}{seconds // 60 % 60:02d}{seconds % 60:02d}"
            caption, shown = None, f"WeChat Picture_{p.when:%Y%m%d}{stamp}"
        else:
            caption, shown = None, str(rng.randint(10000, 99999))
        out.append(
            Image(src=src, url=f"http://{HOST}{src}", caption=caption, shown=shown, after=min(k, max(0, n_paras - 2)))
        )
    return out


def _article(p: Placement, art_id: int, rng: random.Random) -> tuple[Article, dict[str, str]]:
    story = p.story
    paras = p.paras()
    mode, outlet = _byline(p, rng)
    author = story.reporters if mode != "none" else None
    if mode == "inline":
        first = paras[0]
        lead = f"{_dateline(p)} (Reporter {story.reporters}) {first.sentences[0]}"
        paras = [Para((lead, *first.sentences[1:])), *paras[1:]]
    national = story.ctx is EN_NATIONAL
    source = story.extra.get("source") or (f"{SITE_NAME} - Workers' Daily" if national else SITE_NAME)
    kicker = story.kicker
    if kicker is None and rng.random() < 0.3:
        kicker = rng.choice(bank_en.TOPICS[story.topic].subheads)
    original = story.extra.get("original_title")
    if original is None and len(story.headlines) > 1 and rng.random() < 0.2:
        original = story.headlines[-1]
    art = Article(
        host=HOST,
        path=f"/c/{p.when:%Y-%m-%d}/{art_id}.shtml",
        placement=p,
        title=p.title,
        paras=paras,
        language="en",
        site_name=SITE_NAME,
        published=p.when,
        subtitle=kicker,
        source=source,
        author=author,
        editor=story.extra.get("editor") or rng.choice(EDITORS),
    )
    art.images = _images(p, len(paras), rng)
    extras = {
        "closing": f"({outlet} Reporter {story.reporters})" if mode == "closing" else "",
        "original": original or "",
    }
    return art, extras


def _chrome(title: str, main: str, hot: list[Article]) -> str:
    nav = " | ".join(f'<a href="{u}">{t}</a>' for u, t in NAV)
    hot_items = "\n".join(f'<li><a href="{a.path}">{esc(a.title)}</a></li>' for a in hot)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{esc(title)}</title>
<meta property="og:site_name" content="{SITE_NAME}">
<link rel="stylesheet" href="/css/main.css">
</head>
<body>
<div class="topbar">{nav}
<form class="search" action="/search/" method="get"><input name="q"><button>Search</button></form></div>
<div class="header"><a class="logo" href="/"><img src="/images/logo.png" alt="{SITE_NAME}"></a>
<div class="channel">Zhonggong Entertainment</div></div>
<div class="nav"><a href="/">Home</a><a href="/news/index.shtml">Union News</a><a href="/news/index.shtml">Rights</a><a href="/news/index.shtml">Model Workers</a></div>
<div class="main">
<div class="left">
{main}
</div>
<div class="right">
<h3>Hot News</h3>
<ul class="hot">
{hot_items}
</ul>
<h3>Special Topics</h3>
<ul><li><a href="/about/index.shtml">Workers' Home app</a></li><li><a href="mailto:news@workercn.sample.test">Contribute</a></li></ul>
</div>
</div>
<div class="footer">
<div class="matrix"><h4>Media Matrix</h4>
<ul><li>China Industrial Network Client</li><li>Microsignal of China Industrial Network</li><li>Zhonggong Weibo account</li><li>CAMCE voice signal</li></ul></div>
<div class="app"><p>China Industrial Network Client</p><p>The online home of hundreds of millions of employees</p><p><a href="/about/index.shtml">Experience now</a></p></div>
<p><a href="/about/index.shtml">About us</a> | <a href="/about/copyright.shtml">Copyright Notice</a> | Illegal and bad information report hotline: 010-84151598 | Online extortion and paid deletion report hotline: 010-84151598</p>
<p>Copyright &copy; 2008-2024 by workercn.sample.test all rights reserved</p>
<p>Scan code for attention</p>
<p>CAMCE Treble</p>
<p>Workers' Daily</p>
</div>
</body>
</html>
"""


def _content(art: Article, extras: dict[str, str]) -> str:
    out = []
    if extras["original"]:
        out.append(f"<p>Original title: {esc(extras['original'])}</p>")
    for index, para in enumerate(art.paras):
        text = esc(para.text("en"))
        out.append(f"<p><strong>{text}</strong></p>" if para.heading else f"<p>{text}</p>")
        for img in (i for i in art.images if i.after == index):
            out.append(f'<p style="text-align: center;"><img src="{img.src}" alt=""></p>')
            if img.shown:
                out.append(f'<p style="text-align: center;">{esc(img.shown)}</p>')
    if extras["closing"]:
        out.append(f"<p>{esc(extras['closing'])}</p>")
    return "\n".join(out)


def _article_page(art: Article, extras: dict[str, str], hot: list[Article]) -> str:
    share = f"http://share.sample.test/weibo?url={art.url}"
    kicker = f'<h3 class="kicker">{esc(art.subtitle)}</h3>\n' if art.subtitle else ""
    main = f"""<div class="article">
{kicker}<h1 class="title">{esc(art.title)}</h1>
<div class="info"><span class="source">Source: {esc(art.source or "")}</span><br><span class="time">{art.placement.when:%Y-%m-%d %H:%M}</span></div>
<div class="content" id="content">
{_content(art, extras)}
</div>
<div class="editor">Editor in charge: {esc(art.editor or "")}</div>
<div class="share">Share to: <a href="{share}">Weibo</a> <a href="http://share.sample.test/wechat?url={art.url}">WeChat</a> <a href="mailto:?subject={esc(art.title)}">Email</a> <a href="javascript:window.print()">Print</a></div>
</div>"""
    return _chrome(f"{art.title}-{SITE_NAME}", main, hot)


def _list_page(items: list[Article], page: int, total: int, hot: list[Article]) -> str:
    rows = "\n".join(
        f'<li><a href="{a.path}">{esc(a.title)}</a><span class="date">{a.placement.when:%Y-%m-%d}</span></li>'
        for a in items
    )
    nav = []
    if page > 1:
        nav.append(f'<a href="{_list_url(page - 1)}">&laquo; Previous</a>')
    nav += [f"<span>{n}</span>" if n == page else f'<a href="{_list_url(n)}">{n}</a>' for n in range(1, total + 1)]
    if page < total:
        nav.append(f'<a href="{_list_url(page + 1)}" class="next">Next &raquo;</a>')
    main = f'<h2>Union News</h2>\n<ul class="list">\n{rows}\n</ul>\n<div class="pager">{" ".join(nav)}</div>'
    return _chrome(f"Union News-{SITE_NAME}", main, hot)


def build(placements: list[Placement]) -> SiteBuild:
    site = SiteBuild(host=HOST, language="en", charset="utf-8", site_name=SITE_NAME)
    rng = random.Random(f"site:{HOST}")
    extras: dict[str, dict[str, str]] = {}
    ids = dated_ids(
        placements, rng, seed_story="en-seed-001", seed_id=SEED_ID, seed_day=SEED_DAY, per_day=523, jitter=400
    )
    for p, art_id in ids:
        art, extra = _article(p, art_id, rng)
        site.articles.append(art)
        extras[art.path] = extra
    ordered = newest_first(site.articles)
    hot = ordered[:6]
    for art in site.articles:
        site.add(art.path, _article_page(art, extras[art.path], hot))
        for img in art.images:
            site.add_bytes(img.src, png(img.url))
    chunks = pages(ordered, PER_PAGE)
    for number, chunk in enumerate(chunks, start=1):
        site.add(_list_url(number), _list_page(chunk, number, len(chunks), hot))
        site.list_pages.append(_list_url(number))
    home = (
        "<h2>Top Stories</h2>\n<ul>"
        + "".join(f'<li><a href="{a.path}">{esc(a.title)}</a></li>' for a in ordered[:10])
        + '</ul>\n<p><a href="/news/index.shtml">More news</a></p>'
    )
    site.add("/index.shtml", _chrome(SITE_NAME, home, hot))
    site.add(
        "/about/index.shtml",
        _chrome(f"About us-{SITE_NAME}", "<h2>About us</h2><p>The online home of workers.</p>", hot),
    )
    site.add(
        "/about/copyright.shtml",
        _chrome(f"Copyright Notice-{SITE_NAME}", "<h2>Copyright Notice</h2><p>All rights reserved.</p>", hot),
    )
    login = '<form action="/user/login.do" method="post"><input name="user"><input name="pass" type="password"></form>'
    site.add("/user/login.shtml", _chrome(f"Log in-{SITE_NAME}", login, hot))
    site.add("/user/register.shtml", _chrome(f"Register-{SITE_NAME}", login.replace("login.do", "register.do"), hot))
    site.add("/robots.txt", robots(["/search/", "/user/"]))
    site.add_bytes("/images/logo.png", png("workercn-logo", 8, 2))
    site.add("/css/main.css", "body{font-family:Arial}.channel{font-weight:bold}\n")
    site.other_pages += [
        "/",
        "/about/index.shtml",
        "/about/copyright.shtml",
        "/user/login.shtml",
        "/user/register.shtml",
    ]
    return site
