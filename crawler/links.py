"""Which links a list page leads to: plain functions over URLs (and where a link stands), no Scrapy objects.

The spider asks of every link on a list page, in this order: is it out of bounds (scheme, domain, the URL shape of
an account, share, search or print endpoint), is it another page of this list (pagination, "more"), is it an
article, is it a sibling column's list? Everything else (navigation, about pages, footers) is ignored, and article
pages are never mined for links, so a crawl stays inside the source's lists.

Links are judged by their URL and their place, never by words in the anchor: a headline saying 登陆 ("makes
landfall"), 分享 or 搜索 is an article like any other. A link inside the page's navigation, header or footer
(`chrome_anchors`) may lead to a list but is never taken for an article: a footer's "site statement" often has an
article-shaped URL.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from posixpath import basename, dirname, splitext
from urllib.parse import parse_qsl, urljoin, urlsplit

# Re-exported: the crawler spells URLs the one way `common.urls` defines, shared with the workers.
from common.urls import canonical_url as canonical_url
from common.urls import is_http_url, within_domains

# Links that are never content: accounts, tools, site furniture. A path segment (or a query key or value) that
# is one of these words, or one of two words (`search_result.jsp`, `print_123.html`, `about-us`, `wp-login.php`),
# is denied; a longer slug that merely contains the word (`workers-share-profits.html`) is not.
DENY_WORDS = frozenset(
    "login logout signin signup register passport print share search about aboutus contact contactus sitemap "
    "copyright privacy disclaimer feedback subscribe rss help faq download mailto javascript".split()
)
# Hosts of such endpoints (`passport.example.org`, `search.example.org`): judged by the host's first label.
DENY_HOST_LABELS = frozenset("passport login sso auth account accounts search so share member user my".split())
# Query keys that carry a search term (`?q=`, `?searchword=`): a search result page, not an article.
SEARCH_KEYS = frozenset("q wd kw keyword keywords searchword searchkey query".split())

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
# TRS WCM pagers written by script, in both of its forms. The newer calls createPageHTML(total, current, "index",
# "shtml") (total and current may be variables); the older declares `var countPage = 3; var currentPage = 0;` and
# writes its links inline ("index" + "_" + nextPage + "." + "shtml"). Page 0 is index.shtml, page k index_k.shtml.
SCRIPT_PAGER = re.compile(
    r"createPageHTML\(\s*['\"]?(\w+)['\"]?\s*,\s*['\"]?(\w+)['\"]?\s*,\s*['\"](\w+)['\"]\s*,\s*['\"](\w+)['\"]"
)
COUNT_PAGE = re.compile(r"\bcountPage\s*=\s*['\"]?(\d+)")
JOINED_LITERALS = re.compile(r"""\\?["']\s*\+\s*\\?["']""")  # "index"+"_" -> index_
INLINE_PAGE_LINK = re.compile(r"""(\w+)_\\?["']\s*\+\s*\w+\s*\+\s*\\?["']\.(\w+)""")


class LinkKind(enum.Enum):
    LIST = "list"  # another page of the list being read
    SECTION = "section"  # a sibling column's list (`/col/col2/index.html` next to `/col/col1/index.html`)
    ARTICLE = "article"
    OFFSITE = "offsite"  # an article-shaped link to a host outside the source's domains: skipped, and counted
    IGNORE = "ignore"


# One rule for "on the source's domains", shared with processing's identity check.
host_allowed = within_domains


def is_denied(url: str, patterns: Sequence[str] = ()) -> bool:
    """A link to an account, share, search, print or furniture endpoint, judged by the URL's shape (host, path,
    query), or one of the source's `deny_patterns`."""
    parts = urlsplit(url)
    if (parts.hostname or "").split(".", 1)[0] in DENY_HOST_LABELS:
        return True
    if any(_denied_segment(splitext(segment)[0]) for segment in parts.path.split("/")):
        return True
    for key, value in parse_qsl(parts.query, True):
        key, value = key.lower(), value.lower()
        # A query that carries another URL is a share or redirect endpoint (`share.php?url=http://...`).
        if key in DENY_WORDS or value in DENY_WORDS or key in SEARCH_KEYS or value.startswith(("http:", "https:")):
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
    in_chrome: bool = False,
) -> LinkKind:
    """Decide what a link on a list page is. A source's patterns add to the generic pagination rules and replace
    the generic article recogniser. `text` only tells a pager's links ("下一页", "2", "更多") apart; `in_chrome`
    (the link stands in the page's navigation, header or footer) keeps it from being an article."""
    if not is_http_url(url) or is_denied(url, deny_patterns):
        return LinkKind.IGNORE
    if allowed_domains and not host_allowed(url, allowed_domains):
        return LinkKind.OFFSITE if not in_chrome and looks_like_article(url) else LinkKind.IGNORE
    if any(re.search(p, url) for p in list_patterns) or is_pagination(url, text, rel, current_url):
        return LinkKind.LIST
    if article_patterns:
        is_article = any(re.search(p, url) for p in article_patterns)
    else:
        is_article = looks_like_article(url)
    if is_article and not in_chrome:
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
    """The pages a TRS script pager would link to (at most `limit`): `createPageHTML(...)` or the inline
    `var countPage = N` form."""
    if (match := SCRIPT_PAGER.search(html)) is not None:
        total, name, ext = _script_number(html, match.group(1)), match.group(3), match.group(4)
    elif (count := COUNT_PAGE.search(html)) is not None:
        total = int(count.group(1))
        inline = INLINE_PAGE_LINK.search(JOINED_LITERALS.sub("", html[count.start() : count.start() + 4000]))
        if inline is not None:
            name, ext = inline.group(1), inline.group(2)
        else:  # the pager builds its links from the page's own name: index.shtml -> index_1.shtml
            stem, ext = splitext(basename(urlsplit(page_url).path))
            numbered = NUMBERED_STEM.match(stem)
            name, ext = (numbered.group("stem") if numbered else stem) or "index", ext.lstrip(".") or "html"
    else:
        return []
    first = urljoin(page_url, f"{name}.{ext}")
    numbered_pages = (urljoin(page_url, f"{name}_{n}.{ext}") for n in range(1, min(total, limit + 1)))
    return [first, *numbered_pages][:limit]


def _script_number(html: str, token: str) -> int:
    """A pager argument: a number, or a variable the script assigns a number to (`var countPage = 3`)."""
    if token.isdigit():
        return int(token)
    assigned = re.search(rf"\b{re.escape(token)}\s*=\s*['\"]?(\d+)", html)
    return int(assigned.group(1)) if assigned else 0


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


# Containers of site furniture, by tag or by a class or id name templates use for them. `<header>` and `<footer>`
# count only outside an article or section (a blog list puts each headline in its entry's own `<header>`).
CHROME_NAMES = (
    "nav navbar menu mainnav topnav subnav header topbar footer foot bottom copyright breadcrumb crumb "
    "crumbs position location share sharebar bdsharebuttonbox toolbar"
).split()


def _chrome_xpath() -> str:
    named = " or ".join(
        f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ') or @id='{name}'" for name in CHROME_NAMES
    )
    outside = "not(ancestor::article or ancestor::section or ancestor::main)"
    return f"//nav//a | //header[{outside}]//a | //footer[{outside}]//a | //*[{named}]//a"


CHROME_ANCHORS = _chrome_xpath()


def chrome_anchors(root: object) -> set[object]:
    """The `<a>` elements of an lxml document that stand in its navigation, header or footer."""
    return set(root.xpath(CHROME_ANCHORS))  # type: ignore[attr-defined]
