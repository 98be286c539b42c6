"""faulty.sample.test: bad inputs for the crawler's error handling.

Only the static part lives here (list page, the two good articles, the slow page's body, the PDF). The
behaviours (404, 500, delay, redirect loop, 301) are implemented by `samples.server` from `FAULT_ROUTES`.
"""

from __future__ import annotations

from datetime import datetime

from samples.contexts import EN_NATIONAL
from samples.render.base import Article, Placement, SiteBuild, esc, robots
from samples.render.challenge import challenge_page
from samples.stories import CHINA_TZ, compose

HOST = "faulty.sample.test"
SITE_NAME = "Faulty Test Site"

# path -> what the server does; the manifest repeats this table so tests and the demo need not import the server.
FAULT_ROUTES: dict[str, str] = {
    "/a/ok.html": "200 article",
    "/a/missing.html": "404",
    "/a/error.html": "500",
    "/a/slow.html": "200 after slow_delay seconds",
    "/a/loop.html": "302 -> /a/loop-b.html -> 302 -> /a/loop.html (redirect loop)",
    "/a/report.pdf": "200 application/pdf",
    "/a/moved.html": "301 -> /a/ok2.html (article)",
    "/a/guarded.html": "412 cookie challenge (a script that sets a cookie and reloads)",
    "/a/challenge.html": "200 whose body is only a cookie-setting script",
}
GUARDED_BODY = challenge_page("FSSBBIl1UgzbN7N80T", HOST + "/a/guarded.html")

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _page(title: str, body: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title></head>
<body><div class="nav"><a href="/">Home</a> | <a href="/list.html">All reports</a></div>
{body}
<div class="footer">{SITE_NAME} - for testing only</div></body></html>
"""


def _article(path: str, story_id: str, topic: str, when: datetime) -> Article:
    story = compose(story_id, EN_NATIONAL, topic, when)
    p = Placement(story)
    return Article(
        host=HOST,
        path=path,
        placement=p,
        title=p.title,
        paras=p.paras(),
        language="en",
        site_name=SITE_NAME,
        published=when,
    )


def _article_html(art: Article) -> str:
    paras = "\n".join(f"<p>{esc(p.text('en'))}</p>" for p in art.paras)
    return _page(
        art.title,
        f'<h1>{esc(art.title)}</h1>\n<p class="meta">{art.placement.when:%Y-%m-%d %H:%M}</p>\n'
        f'<div class="content">\n{paras}\n</div>',
    )


def build(_: list[Placement]) -> SiteBuild:
    site = SiteBuild(host=HOST, language="en", charset="utf-8", site_name=SITE_NAME)
    ok = _article("/a/ok.html", "en-faulty-ok", "safety", datetime(2024, 3, 1, 10, 0, tzinfo=CHINA_TZ))
    ok2 = _article("/a/ok2.html", "en-faulty-ok2", "training", datetime(2024, 3, 2, 9, 30, tzinfo=CHINA_TZ))
    slow = _article("/a/slow.html", "en-faulty-slow", "warmth", datetime(2024, 3, 3, 8, 15, tzinfo=CHINA_TZ))
    site.articles += [ok, ok2]
    for art in (ok, ok2, slow):
        site.add(art.path, _article_html(art))
    links = "\n".join(f'<li><a href="{path}">{path}</a></li>' for path in FAULT_ROUTES)
    site.add("/list.html", _page(f"All reports - {SITE_NAME}", f"<h1>All reports</h1>\n<ul>\n{links}\n</ul>"))
    site.add("/index.html", _page(SITE_NAME, '<p><a href="/list.html">All reports</a></p>'))
    site.add_bytes("/a/report.pdf", PDF)
    site.add("/a/challenge.html", challenge_page("acw_sc__v2", HOST + "/a/challenge.html"))
    site.add("/robots.txt", robots(["/search/"]))
    site.list_pages.append("/list.html")
    site.other_pages.append("/")
    return site
