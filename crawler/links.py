"""Which links a list page leads to: plain functions over URLs (and anchor text), no Scrapy objects.

The spider asks of every link on a list page, in this order: is it out of bounds (scheme, domain, denylist), is it
another page of this list (pagination, "more"), is it an article, is it a sibling column's list? Everything else
(navigation, about pages, footers) is ignored, and article pages are never mined for links, so a crawl stays
inside the source's lists.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from posixpath import basename, dirname, splitext
from urllib.parse import parse_qsl, urljoin, urlsplit

# Re-exported: the crawler spells URLs the one way `common.urls` defines, shared with the workers.
from common.urls import canonical_url as canonical_url
from common.urls import is_http_url

# Links that are never content: accounts, tools, site furniture. A path segment (or a query key or value) that
# is one of these words, or one of two words (`search_result.jsp`, `print_123.html`, `about-us`, `wp-login.php`),
# is denied; a longer slug that merely contains the word (`workers-share-profits.html`) is not.
DENY_WORDS = frozenset(
    "login logout signin signup register passport print share search about aboutus contact contactus sitemap "
    "copyright privacy disclaimer feedback subscribe rss help faq download mailto javascript".split()
)
# Anchor texts of the same furniture on Chinese sites.
DENY_TEXT = re.compile(r"登录|登陆|注册|打印|分享|搜索|检索|关于我们|联系我们|网站地图|网站声明|版权|隐私|订阅|帮助")

# Detail pages as the CMSs of union and government sites lay them out.
# /2023/07/03/, /2023/7/3/, /2023-07-03/, /202307/, /20230703/ (a dated folder; /2023/ alone is an archive).
DATED_PATH = re.compile(
    r"/(?:19|20)\d{2}(?:(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])?"
    r"|[/_-](?:0?[1-9]|1[0-2])(?:[/_-](?:0?[1-9]|[12]\d|3[01]))?)/"
)
TRS_LEAF = re.compile(r"^t(?:19|20)\d{6}_\d+$")  # t20230703_123.htm
# 123456.html, content_7890.htm, art_12_345.html; but not a year or month folder (/2023/, /2023/07/).
NUMERIC_LEAF = re.compile(r"(?:^|[_-])(?!(?:19|20)\d{2}$)\d{3,}$")
ID_QUERY = re.compile(r"(?:^|&)(?:id|aid|nid|docid|newsid|articleid|contentid|infoid|itemid)=\d+(?:&|$)", re.I)
SLUG_WORDS = re.compile(r"[a-z0-9]+")
# Leaves the generic recogniser accepts: web pages, not attachments (those the cleaner finds inside articles).
PAGE_EXTENSIONS = frozenset({".html", ".htm", ".shtml", ".shtm", ".xhtml", ".php", ".asp", ".aspx", ".jsp", ""})
INDEX_STEMS = frozenset({"index", "default", "list", "lists", "home", "main", "more", "node", "channel", "category"})

# Pagination: `index_2.html`, `list_3.shtml`, `news_4.htm`, `/page/5/`, `?page=6`, `index-2.html`.
NUMBERED_STEM = re.compile(r"^(?P<stem>.+?)[_-](?P<n>\d{1,4})$")
PAGE_PATH = re.compile(r"/(?:page|p)/\d{1,4}/?$", re.I)
PAGE_PARAM = re.compile(r"page|p|pn|pg|pageno|pagenum|page_no|pageindex|cur_page|currentpage", re.I)
PAGE_QUERY = re.compile(rf"(?:^|&)(?:{PAGE_PARAM.pattern})=\d{{1,4}}(?:&|$)", re.I)
PAGE_PATH_NUMBER = re.compile(r"/(?:page|p)/(\d{1,4})/?$", re.I)
PAGER_TEXT = re.compile(
    r"^(?:下一?页|上一?页|下页|上页|后页|前页|末页|尾页|next(?: page)?|prev(?:ious)?(?: page)?|"
    r"older(?: posts| entries)?|newer(?: posts| entries)?|last(?: page)?|[<>›‹»«]+|\d{1,4}|\[\d{1,4}\])$",
    re.IGNORECASE,
)
# The link to the following page of a list ("下一页", "Next »", "Older posts"), as opposed to any page number.
NEXT_TEXT = re.compile(
    r"^(?:下一?页|下页|后一?页|next(?:\s+page)?|older(?:\s+posts|\s+entries)?|[>›»]+)\s*[>›»]*$", re.IGNORECASE
)
# "More" links under a home-page block lead to the block's full list.
MORE_TEXT = re.compile(r"^(?:查看)?更多|^more\b", re.IGNORECASE)
# TRS/WCM pagination written by script: createPageHTML(total, current, "index", "html").
SCRIPT_PAGER = re.compile(
    r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"](\w+)['\"]\s*,\s*['\"](\w+)['\"]"
)


class LinkKind(enum.Enum):
    LIST = "list"  # another page of the list being read
    SECTION = "section"  # a sibling column's list (`/col/col2/index.html` next to `/col/col1/index.html`)
    ARTICLE = "article"
    IGNORE = "ignore"


def host_allowed(url: str, allowed_domains: Iterable[str]) -> bool:
    """The host is one of the domains or a subdomain of one (the rule of Scrapy's offsite filter)."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in (d.lower().lstrip(".") for d in allowed_domains))


def is_denied(url: str, text: str = "", patterns: Sequence[str] = ()) -> bool:
    parts = urlsplit(url)
    if text and DENY_TEXT.search(text):
        return True
    if any(_denied_segment(splitext(segment)[0]) for segment in parts.path.split("/")):
        return True
    if any(k.lower() in DENY_WORDS or v.lower() in DENY_WORDS for k, v in parse_qsl(parts.query, True)):
        return True
    return any(re.search(pattern, url) for pattern in patterns)


def _denied_segment(stem: str) -> bool:
    words = re.split(r"[_.-]+", stem.lower())
    return len(words) <= 2 and any(word in DENY_WORDS for word in words)


def looks_like_article(url: str) -> bool:
    """The generic detail-page recogniser, used when a source gives no `article_patterns`."""
    parts = urlsplit(url)
    path = parts.path
    stem, ext = splitext(basename(path.rstrip("/")))
    if ext.lower() not in PAGE_EXTENSIONS or stem.lower() in INDEX_STEMS or not path.strip("/"):
        return False
    if is_numbered_list_stem(stem):
        return False
    if TRS_LEAF.match(stem) or NUMERIC_LEAF.search(stem) or (parts.query and ID_QUERY.search(parts.query)):
        return True
    # A dated folder holds articles: /2022/05/08/slug/ or /202307/t..., but /2023/ alone is an archive.
    if DATED_PATH.search(path if path.endswith("/") else dirname(path) + "/") and len(stem) > 2:
        return True
    # A descriptive slug leaf (`union-wins-pay-case.html`), not a one-word section page (`news.html`).
    return bool(ext) and len(SLUG_WORDS.findall(stem.lower())) >= 3


def is_numbered_list_stem(stem: str) -> bool:
    match = NUMBERED_STEM.match(stem)
    return bool(match) and match.group("stem").lower() in INDEX_STEMS


def is_pagination(url: str, text: str = "", rel: str = "", current_url: str = "") -> bool:
    """A link to another page of a list: by rel/anchor text ("下一页", "2", "更多"), or by the URL's page number."""
    if "next" in rel.lower().split() or "prev" in rel.lower().split():
        return True
    parts = urlsplit(url)
    stem = splitext(basename(parts.path))[0]
    if is_numbered_list_stem(stem) or PAGE_PATH.search(parts.path) or PAGE_QUERY.search(parts.query):
        return True
    if current_url and same_list(url, current_url):
        return True
    label = text.strip()
    if not label or looks_like_article(url):
        return False
    if MORE_TEXT.match(label):
        return True
    if not PAGER_TEXT.match(label):
        return False
    # A bare number is a page number only next to the current page (not a year archive in the nav bar).
    return not label.strip("[]").isdigit() or (bool(current_url) and same_folder(url, current_url))


def same_folder(url: str, other: str) -> bool:
    return dirname(urlsplit(url).path) == dirname(urlsplit(other).path)


def same_list(url: str, current_url: str) -> bool:
    """`gzdt_3.shtml` next to `gzdt.shtml` (or `gzdt_2.shtml`): the same list under a page number."""
    a, b = urlsplit(url), urlsplit(current_url)
    if dirname(a.path) != dirname(b.path):
        return False
    stem_a, stem_b = splitext(basename(a.path))[0], splitext(basename(b.path))[0]
    match = NUMBERED_STEM.match(stem_a)
    base_b = NUMBERED_STEM.match(stem_b)
    return (
        bool(match)
        and match.group("stem") == (base_b.group("stem") if base_b else stem_b)
        and not TRS_LEAF.match(stem_a)
    )


def classify_link(
    url: str,
    *,
    text: str = "",
    rel: str = "",
    current_url: str = "",
    section_url: str = "",
    allowed_domains: Sequence[str] = (),
    article_patterns: Sequence[str] = (),
    list_patterns: Sequence[str] = (),
    deny_patterns: Sequence[str] = (),
) -> LinkKind:
    """Decide what a link on a list page is. A source's patterns add to the generic pagination rules and replace
    the generic article recogniser."""
    if not is_http_url(url) or (allowed_domains and not host_allowed(url, allowed_domains)):
        return LinkKind.IGNORE
    if is_denied(url, text, deny_patterns):
        return LinkKind.IGNORE
    if any(re.search(p, url) for p in list_patterns) or is_pagination(url, text, rel, current_url):
        return LinkKind.LIST
    if article_patterns:
        is_article = any(re.search(p, url) for p in article_patterns)
    else:
        is_article = looks_like_article(url)
    if is_article:
        return LinkKind.ARTICLE
    return LinkKind.SECTION if section_url and is_sibling_list(url, section_url) else LinkKind.IGNORE


def is_sibling_list(url: str, section_url: str) -> bool:
    """The same list template as the section's start page, another column number: `/col/col2/index.html` for
    `/col/col1/index.html`, `/node_12/index.htm` for `/node_7/index.htm`. Only the digits of one folder differ."""
    a, b = urlsplit(url), urlsplit(section_url)
    seg_a, seg_b = a.path.split("/"), b.path.split("/")
    if a.hostname != b.hostname or a.query or len(seg_a) != len(seg_b) or seg_a[-1] != seg_b[-1]:
        return False
    if splitext(seg_a[-1])[0].lower() not in INDEX_STEMS | {""}:
        return False
    differing = [(x, y) for x, y in zip(seg_a[:-1], seg_b[:-1], strict=True) if x != y]
    return len(differing) == 1 and _digits_only_differ(*differing[0])


def _digits_only_differ(a: str, b: str) -> bool:
    return re.sub(r"\d+", "#", a) == re.sub(r"\d+", "#", b) and bool(re.search(r"\d", a))


def script_pages(html: str, page_url: str, limit: int) -> list[str]:
    """The pages a `createPageHTML(total, current, "index", "html")` pager would link to (at most `limit`)."""
    match = SCRIPT_PAGER.search(html)
    if not match:
        return []
    total, name, ext = int(match.group(1)), match.group(3), match.group(4)
    first = urljoin(page_url, f"{name}.{ext}")
    numbered = (urljoin(page_url, f"{name}_{n}.{ext}") for n in range(1, min(total, limit + 1)))
    return [first, *numbered][:limit]


def list_position(url: str) -> tuple[tuple[str, str, str, tuple[tuple[str, str], ...]], int]:
    """(which list, which page of it) a list URL is: `/news/`, `/news/index_2.html` and `/news/list_3.shtml` are pages
    0, 2 and 3 of one list; so are `/`, `/page/2/`, and `?page=4` beside the same other query parameters."""
    parts = urlsplit(url)
    number, kept = 0, []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if not number and PAGE_PARAM.fullmatch(key) and value.isdigit():
            number = int(value)
        else:
            kept.append((key, value))
    path = parts.path or "/"
    if match := PAGE_PATH_NUMBER.search(path):
        number, path = number or int(match.group(1)), path[: match.start()] + "/"
    folder, _, leaf = path.rpartition("/")
    stem = splitext(leaf)[0]
    numbered = NUMBERED_STEM.match(stem)
    if numbered and not number and not TRS_LEAF.match(stem):
        stem, number = numbered.group("stem"), int(numbered.group("n"))
    if stem.lower() in INDEX_STEMS:  # a folder's list: `/news/`, `/news/index_2.html`, `/news/list-3.htm`
        stem = ""
    return ((parts.hostname or "").lower(), folder, stem.lower(), tuple(sorted(kept))), number


def next_page(current_url: str, pages: Sequence[str], announced: Sequence[str] = ()) -> str | None:
    """The page after `current_url`: an `announced` next link (rel=next, "下一页") unless it leads back, else the
    lowest-numbered later page of the same list among `pages`."""
    key, number = list_position(current_url)
    for url in announced:
        other_key, other_number = list_position(url)
        if url != current_url and (other_key != key or other_number > number):
            return url
    later = [(n, url) for url in pages for k, n in [list_position(url)] if k == key and n > number]
    return min(later)[1] if later else None


def same_list_page(url: str, current_url: str) -> bool:
    return list_position(url)[0] == list_position(current_url)[0]


def is_next_link(text: str, rel: str) -> bool:
    return "next" in rel.lower().split() or bool(NEXT_TEXT.match(text.strip()))
