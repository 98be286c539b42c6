"""spa.sample.test: a city union whose site is a single-page app (hash routes, a JSON API, "load more").

The HTML is an empty shell; `app.js` reads the hash route and builds the page from the site's own JSON API:
- `#/news` (and an empty hash): the news list, `/api/news/page-1.json`, ten items a page, a "加载更多" button that
  appends the next page until the last;
- `#/news/detail?id=N`: the article, `/api/news/N.json`.
The shell also asks for what a real one does and a crawler must not load: a logo image, a web font, and a script
and an image on third-party hosts (`stats.tracker.sample.test`, `cdn.thirdparty.sample.test`).
"""

from __future__ import annotations

import json
import random

from samples.render.base import Article, Placement, SiteBuild, esc, newest_first, pages, png, robots

HOST = "spa.sample.test"
SITE_NAME = "云城市总工会"
CATEGORY = "工会动态"
PER_PAGE = 10
FIRST_ID = 3100
START_PATH = "/#/news"
SOURCES = [SITE_NAME, SITE_NAME, "云城日报", "云城市职工服务中心"]

SHELL = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{site}</title>
<meta property="og:site_name" content="{site}">
<link rel="stylesheet" href="/static/app.css">
<script src="http://stats.tracker.sample.test/t.js"></script>
</head>
<body>
<div id="app"><noscript>本站需要启用 JavaScript。</noscript></div>
<script src="/static/app.js"></script>
</body>
</html>
"""

CSS = """@font-face{font-family:"SiteSong";src:url("/static/site.woff2") format("woff2")}
body{font-family:"SiteSong",serif;margin:0}
.banner{height:90px;background:url("http://cdn.thirdparty.sample.test/banner.png")}
.news-list li{line-height:2em}
"""

# The app: a hash router over the JSON API. Plain ES5, no framework, so the sample needs no build step.
APP_JS = """(function () {
  var app = document.getElementById("app");
  var SITE = %(site)s;
  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function get(url, done) {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", url);
    xhr.onload = function () { done(JSON.parse(xhr.responseText)); };
    xhr.send();
  }
  function frame(main) {
    app.innerHTML = '<div class="header"><div class="banner"><img src="/static/logo.png" alt="' + esc(SITE) +
      '"></div><ul class="nav"><li><a href="#/news">首页</a></li><li><a href="#/news">%(category)s</a></li>' +
      '<li><a href="#/about">关于我们</a></li></ul></div><div class="main">' + main +
      '</div><div class="footer">主办：' + esc(SITE) + '　地址：云城市人民路1号</div>';
  }
  function item(it) {
    return '<li><a href="#/news/detail?id=' + it.id + '">' + esc(it.title) + '</a><span class="date">' +
      esc(it.time.slice(0, 10)) + '</span></li>';
  }
  function list() {
    document.title = %(category_js)s + "_" + SITE;
    frame('<div class="crumb">当前位置：<a href="#/news">首页</a> &gt; %(category)s</div>' +
      '<ul class="news-list"></ul><button class="load-more" type="button">加载更多</button>');
    var ul = app.querySelector(".news-list"), more = app.querySelector(".load-more"), page = 0;
    function load() {
      get("/api/news/page-" + (page + 1) + ".json", function (data) {
        page = data.page;
        ul.insertAdjacentHTML("beforeend", data.items.map(item).join(""));
        if (page >= data.pages) { more.parentNode.removeChild(more); }
      });
    }
    more.onclick = load;
    load();
  }
  function detail(id) {
    get("/api/news/" + id + ".json", function (a) {
      document.title = a.title + "_" + SITE;
      var info = "发布时间：" + esc(a.time) + "　来源：" + esc(a.source) + (a.author ? "　作者：" + esc(a.author) : "");
      frame('<div class="crumb">当前位置：<a href="#/news">首页</a> &gt; <a href="#/news">%(category)s</a></div>' +
        '<div class="article"><h1>' + esc(a.title) + '</h1><div class="info">' + info + '</div>' +
        '<div class="content">' + a.paragraphs.map(function (p) { return "<p>" + esc(p) + "</p>"; }).join("") +
        '</div></div>');
    });
  }
  function route() {
    var hash = location.hash.replace(/^#/, "") || "/news";
    var match = /^\\/news\\/detail\\?id=(\\d+)$/.exec(hash);
    if (match) { detail(match[1]); }
    else if (hash === "/about") { frame("<p>" + esc(SITE) + "是云城市各级工会的领导机关。</p>"); }
    else { list(); }
  }
  window.addEventListener("hashchange", route);
  route();
})();
"""


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _article(p: Placement, art_id: int, rng: random.Random) -> Article:
    return Article(
        host=HOST,
        path=f"/#/news/detail?id={art_id}",
        placement=p,
        title=p.title,
        paras=p.paras(),
        language="zh",
        site_name=SITE_NAME,
        published=p.when,
        source=rng.choice(SOURCES),
        author=p.story.ctx.person(rng) if rng.random() < 0.5 else None,
        category=CATEGORY,
    )


def _api_article(art: Article, art_id: int) -> dict[str, object]:
    return {
        "id": art_id,
        "title": art.title,
        "time": f"{art.placement.when:%Y-%m-%d %H:%M}",
        "source": art.source,
        "author": art.author,
        "paragraphs": [para.text("zh") for para in art.paras],
    }


def build(placements: list[Placement]) -> SiteBuild:
    site = SiteBuild(host=HOST, language="zh", charset="utf-8", site_name=SITE_NAME, render="browser")
    rng = random.Random(f"site:{HOST}")
    ids: dict[str, int] = {}
    next_id = FIRST_ID
    for p in sorted(placements, key=lambda p: (p.when, p.story.id)):
        next_id += rng.randint(2, 9)
        art = _article(p, next_id, rng)
        ids[art.path] = next_id
        site.articles.append(art)
        site.add(f"/api/news/{next_id}.json", _json(_api_article(art, next_id)))
    chunks = pages(newest_first(site.articles), PER_PAGE)
    for number, chunk in enumerate(chunks, start=1):
        items = [{"id": ids[a.path], "title": a.title, "time": f"{a.placement.when:%Y-%m-%d %H:%M}"} for a in chunk]
        data = {"page": number, "pages": len(chunks), "total": len(site.articles), "items": items}
        site.add(f"/api/news/page-{number}.json", _json(data))
    site.add("/index.html", SHELL.format(site=esc(SITE_NAME)))
    script = {"site": json.dumps(SITE_NAME, ensure_ascii=False), "category": CATEGORY}
    site.add("/static/app.js", APP_JS % {**script, "category_js": json.dumps(CATEGORY, ensure_ascii=False)})
    site.add("/static/app.css", CSS)
    site.add_bytes("/static/logo.png", png("spa-logo", 8, 2))
    site.add_bytes("/static/site.woff2", b"wOF2" + bytes(60))  # a stand-in: the crawler must not even ask for it
    site.add("/robots.txt", robots(["/search/"]))
    site.start_pages.append(START_PATH)
    site.list_pages.append(START_PATH)
    site.other_pages.append("/#/about")
    return site
