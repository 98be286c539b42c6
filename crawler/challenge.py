"""Cookie challenges in front of a site, recognised so a run can say it was blocked. Plain functions over a response's
status and body; nothing here answers a challenge (no script is run, no cookie is set, no request is retried).

Script-based anti-bot gateways answer a page with a script that sets a cookie and loads the page again: with HTTP 412
or 521, or with a 200 whose body is nothing but that script. Such a page is a `blocked_by_challenge` failure, whose
reason is its signature (`http_521 cookie __jsl_clearance_s`): the status and the cookie names the script sets, which
name the gateway without keeping any token.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html
from lxml.etree import ParserError

CHALLENGE_STATUSES = frozenset({412, 521})
# A 200 page this large is content, whatever scripts it carries.
MAX_SCRIPT_PAGE = 32 * 1024
SCRIPT = re.compile(rb"<script\b[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
SETS_COOKIE = re.compile(rb"document\s*\.\s*cookie\s*=")
# `document.cookie="name=value..."`: the names a script writes (literal strings only; obfuscated ones stay unnamed).
COOKIE_NAME = re.compile(rb"""document\s*\.\s*cookie\s*=\s*["']\s*([A-Za-z0-9_\-.$]{1,64})\s*=""")


def challenge_signature(status: int, body: bytes) -> str | None:
    """The signature of a cookie challenge, or None when the response is not one.

    A 412 or 521 whose body sets a cookie by script, or a 200 whose body is only such a script (no text, no link).
    """
    head = body[: MAX_SCRIPT_PAGE * 4]
    if not SETS_COOKIE.search(head):
        return None
    if status in CHALLENGE_STATUSES:
        return _signature(status, head)
    if status == 200 and len(body) <= MAX_SCRIPT_PAGE and _only_script(body):
        return _signature(status, body)
    return None


def _signature(status: int, body: bytes) -> str:
    names = sorted({name.decode("ascii") for name in COOKIE_NAME.findall(body)})
    return f"http_{status} cookie {','.join(names) or '(unnamed)'}"


def _only_script(body: bytes) -> bool:
    """The page shows no text and no link: everything it has is in its scripts."""
    try:
        tree = lxml_html.document_fromstring(body)
    except (ParserError, ValueError):
        return False
    for node in tree.iter("script", "style", "noscript", "title"):
        node.drop_tree()
    return not tree.text_content().strip() and not tree.xpath("//a[@href]")
