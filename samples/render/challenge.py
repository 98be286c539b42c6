"""Cookie challenges, as the script-based anti-bot gateways in front of many government sites answer: a page whose
only content is a script that sets a cookie and loads the page again. The crawler must recognise them (and record
`blocked_by_challenge`), never solve them.

- `guarded.sample.test`: every page answers 521 with such a script (robots.txt excepted);
- on `faulty.sample.test`: `/a/guarded.html` answers 412 with one, `/a/challenge.html` 200 with one.
"""

from __future__ import annotations

from samples.render.base import SiteBuild, robots, stable_hex

HOST = "guarded.sample.test"
START_PATH = "/news/index.html"
STATUS = 521


def challenge_page(cookie: str, seed: str) -> str:
    """A page that is only a cookie-setting script which reloads the page."""
    token = stable_hex("challenge", seed, length=32)
    return (
        '<html><head><meta charset="utf-8"></head><body><script>'
        f'document.cookie="{cookie}={token};max-age=3600;path=/";'
        "setTimeout(function(){location.href=location.pathname+location.search},1500);"
        "</script></body></html>\n"
    )


GUARDED_BODY = challenge_page("__jsl_clearance_s", HOST)


def build(_: object) -> SiteBuild:
    site = SiteBuild(host=HOST, language="zh", charset="utf-8", site_name="云城市人民政府", challenged=True)
    site.add("/robots.txt", robots(["/search/"]))
    site.start_pages.append(START_PATH)
    return site
