"""Link classification and canonicalisation (crawler/links.py): plain functions, plain asserts."""

from __future__ import annotations

import pytest

from common.sources import Source
from common.urls import canonical_url as common_canonical_url
from crawler.links import (
    LinkKind,
    canonical_url,
    classify_link,
    host_allowed,
    is_denied,
    is_next_link,
    list_position,
    next_page,
    same_list_page,
    script_pages,
)

SITE = "http://news.sample.test"
DOMAINS = ["news.sample.test", "acftu.org"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://News.Sample.Test:80/a/b.html#top", "http://news.sample.test/a/b.html"),
        ("https://acftu.org:443/x.htm?b=2&a=1", "https://acftu.org/x.htm?a=1&b=2"),
        ("http://acftu.org:8080/x.htm", "http://acftu.org:8080/x.htm"),
        ("http://acftu.org/x.htm?utm_source=wx&utm_medium=s&spm=1.2&fbclid=z&id=7", "http://acftu.org/x.htm?id=7"),
        ("http://acftu.org/x.htm?from=timeline&isappinstalled=0", "http://acftu.org/x.htm"),
        ("http://acftu.org", "http://acftu.org/"),
        ("http://acftu.org/新闻/a b.html", "http://acftu.org/%E6%96%B0%E9%97%BB/a%20b.html"),
        ("http://acftu.org/news/index.html", "http://acftu.org/news/"),
        ("http://acftu.org/index.html?id=3#x", "http://acftu.org/?id=3"),
        ("http://acftu.org/news/index.htm", "http://acftu.org/news/index.htm"),  # only index.html is folded
        ("http://acftu.org/news/index_2.html", "http://acftu.org/news/index_2.html"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_the_crawler_and_common_share_one_canonicalisation() -> None:
    assert canonical_url is common_canonical_url


@pytest.mark.parametrize("url", ["http://acftu.org:abc/x.htm", "http://[::1/x.htm"])
def test_an_unparsable_url_is_an_error(url: str) -> None:
    with pytest.raises(ValueError):
        canonical_url(url)


@pytest.mark.parametrize(
    ("url", "scheme", "expected"),
    [
        ("https://acftu.org:443/a.htm", "http", "http://acftu.org/a.htm"),
        ("http://acftu.org/a.htm", "https", "https://acftu.org/a.htm"),
        ("https://acftu.org:8443/a.htm", "http", "http://acftu.org:8443/a.htm"),
        ("ftp://acftu.org/a.htm", "http", "ftp://acftu.org/a.htm"),
    ],
)
def test_fold_scheme(url: str, scheme: str, expected: str) -> None:
    assert canonical_url(url, fold_scheme=scheme) == expected


def test_a_source_folds_http_and_https_only_when_configured() -> None:
    fields = {"key": "k", "name": "K", "start_urls": ["https://acftu.org/"]}
    plain = Source.model_validate(fields)
    folding = Source.model_validate({**fields, "discovery": {"fold_https": True}})
    assert plain.canonical_url("http://acftu.org/a.htm") == "http://acftu.org/a.htm"
    assert folding.canonical_url("http://acftu.org/a.htm") == "https://acftu.org/a.htm"


def test_canonical_url_is_idempotent() -> None:
    url = "http://News.sample.test:80/a/../b/c.html?z=1&utm_campaign=x&a=%7e#f"
    assert canonical_url(canonical_url(url)) == canonical_url(url)


@pytest.mark.parametrize(
    "url",
    [
        f"{SITE}/xw/202307/t20230703_123.htm",
        f"{SITE}/news/2022/05/08/union-wins-the-case/",
        f"{SITE}/news/2022-05/08/story.html",
        f"{SITE}/content_7890.htm",
        f"{SITE}/c/2023/123456.shtml",
        f"{SITE}/detail.jsp?id=12345",
        f"{SITE}/news/union-wins-pay-case.html",
        f"{SITE}/news/workers-share-profits.html",  # contains a deny word inside a slug: still an article
        "http://www.acftu.org/xw/202307/t20230703_99.htm",
    ],
)
def test_article_links(url: str) -> None:
    assert classify_link(url, allowed_domains=DOMAINS) is LinkKind.ARTICLE


@pytest.mark.parametrize(
    ("url", "text"),
    [
        (f"{SITE}/news/index_2.html", "2"),
        (f"{SITE}/news/index_12.htm", ""),
        (f"{SITE}/news/list_3.shtml", ""),
        (f"{SITE}/news/gzdt_3.shtml", "3"),  # same list as the current page, numbered
        (f"{SITE}/news/more.html", "下一页"),
        (f"{SITE}/news/archive?page=4", ""),
        (f"{SITE}/blog/page/5/", ""),
        (f"{SITE}/news/p.html", "Next"),
    ],
)
def test_pagination_links(url: str, text: str) -> None:
    kind = classify_link(url, text=text, current_url=f"{SITE}/news/gzdt.shtml", allowed_domains=DOMAINS)
    assert kind is LinkKind.LIST


def test_rel_next_is_pagination() -> None:
    assert classify_link(f"{SITE}/n/older.html", rel="next", allowed_domains=DOMAINS) is LinkKind.LIST


@pytest.mark.parametrize(
    ("url", "text"),
    [
        (f"{SITE}/news/index.html", "首页"),
        (f"{SITE}/news.html", "新闻"),
        (f"{SITE}/news/", "工会新闻"),
        (f"{SITE}/2023/", "2023"),
        (f"{SITE}/2023/07/03/", "3"),
        (f"{SITE}/about.html", "关于我们"),
        (f"{SITE}/about-us/", "About"),
        (f"{SITE}/wp-login.php", "Log in"),
        (f"{SITE}/login.jsp", "登录"),
        (f"{SITE}/user/register", ""),
        (f"{SITE}/print.php?id=123", "打印"),
        (f"{SITE}/article.php?id=123&action=print", ""),
        (f"{SITE}/search_result.jsp?q=x", ""),
        (f"{SITE}/share/2023/123456.html", ""),
        (f"{SITE}/files/2023/report_123.pdf", "下载"),
        (f"{SITE}/img/2023/123456.jpg", ""),
        ("mailto:union@acftu.org", ""),
        ("javascript:void(0)", ""),
        ("ftp://acftu.org/2023/123456.html", ""),
    ],
)
def test_ignored_links(url: str, text: str) -> None:
    assert classify_link(url, text=text, allowed_domains=DOMAINS) is LinkKind.IGNORE


def test_source_patterns_replace_the_article_recogniser_and_extend_pagination() -> None:
    rules = {"allowed_domains": DOMAINS, "article_patterns": [r"/show/\w+$"], "list_patterns": [r"/lst\?o=\d+"]}
    assert classify_link(f"{SITE}/show/abc", **rules) is LinkKind.ARTICLE
    assert classify_link(f"{SITE}/content_7890.htm", **rules) is LinkKind.IGNORE
    assert classify_link(f"{SITE}/lst?o=20", **rules) is LinkKind.LIST
    assert classify_link(f"{SITE}/news/index_2.html", **rules) is LinkKind.LIST


def test_deny_patterns_win() -> None:
    url = f"{SITE}/video/2023/123456.html"
    assert classify_link(url, allowed_domains=DOMAINS, deny_patterns=[r"/video/"]) is LinkKind.IGNORE
    assert is_denied(url, patterns=[r"/video/"])


def test_subdomains_are_allowed_but_lookalikes_are_not() -> None:
    assert host_allowed("http://www.acftu.org/x", ["acftu.org"])
    assert host_allowed("http://ACFTU.org/x", ["acftu.org"])
    assert not host_allowed("http://notacftu.org/x", ["acftu.org"])


def test_script_pager_pages() -> None:
    html = '<script>createPageHTML(5, 0, "index", "shtml");</script>'
    pages = script_pages(html, f"{SITE}/gzdt/index.shtml", limit=3)
    assert pages == [f"{SITE}/gzdt/index.shtml", f"{SITE}/gzdt/index_1.shtml", f"{SITE}/gzdt/index_2.shtml"]
    assert script_pages("<p>no pager</p>", SITE, limit=3) == []


@pytest.mark.parametrize(
    "url",
    [f"{SITE}/art/2023/7/3/art_1_18001.html", f"{SITE}/c/2024-05-25/8234567.shtml", f"{SITE}/news/20230703/a-b.html"],
)
def test_sample_site_layouts_are_articles(url: str) -> None:
    assert classify_link(url, allowed_domains=DOMAINS) is LinkKind.ARTICLE


@pytest.mark.parametrize("text", ["更多>>", "更多", "More news", "查看更多"])
def test_more_links_lead_to_lists(text: str) -> None:
    assert classify_link(f"{SITE}/col/col2/index.html", text=text, allowed_domains=DOMAINS) is LinkKind.LIST


@pytest.mark.parametrize(
    ("url", "section", "kind"),
    [
        (f"{SITE}/col/col2/index.html", f"{SITE}/col/col1/index.html", LinkKind.SECTION),
        (f"{SITE}/node_12/index.htm", f"{SITE}/node_7/index.htm", LinkKind.SECTION),
        (f"{SITE}/col/col2/index.html", f"{SITE}/col/col1/index.htm", LinkKind.IGNORE),  # another leaf
        (f"{SITE}/col/col2/page.html", f"{SITE}/col/col1/page.html", LinkKind.IGNORE),  # not an index leaf
        (f"{SITE}/xwzx/gzdt/index.htm", f"{SITE}/xwzx/ghdt/index.htm", LinkKind.IGNORE),  # letters differ
        (f"{SITE}/a1/b2/index.html", f"{SITE}/a3/b4/index.html", LinkKind.IGNORE),  # two folders differ
    ],
)
def test_sibling_columns(url: str, section: str, kind: LinkKind) -> None:
    assert classify_link(url, section_url=section, allowed_domains=DOMAINS) is kind


def test_attachments_are_fetched_only_when_a_source_pattern_says_so() -> None:
    url = "http://faulty.sample.test/a/report.pdf"
    assert classify_link(url, allowed_domains=["faulty.sample.test"]) is LinkKind.IGNORE
    assert classify_link(url, allowed_domains=["faulty.sample.test"], article_patterns=["/a/"]) is LinkKind.ARTICLE


@pytest.mark.parametrize(
    ("url", "other", "same"),
    [
        (f"{SITE}/col/col1/", f"{SITE}/col/col1/index_2.html", True),
        (f"{SITE}/xwzx/ghdt/index.htm", f"{SITE}/xwzx/ghdt/index_1.htm", True),
        (f"{SITE}/news/gzdt.shtml", f"{SITE}/news/gzdt_3.shtml", True),
        (f"{SITE}/", f"{SITE}/page/2/", True),
        (f"{SITE}/category/news/", f"{SITE}/category/news/page/3/", True),
        (f"{SITE}/list.php?c=1", f"{SITE}/list.php?c=1&page=4", True),
        (f"{SITE}/list.php?c=1", f"{SITE}/list.php?c=2&page=4", False),
        (f"{SITE}/col/col1/", f"{SITE}/col/col2/", False),
        (f"{SITE}/news/gzdt.shtml", f"{SITE}/news/tzgg_2.shtml", False),
    ],
)
def test_pages_of_one_list(url: str, other: str, same: bool) -> None:
    assert same_list_page(other, url) is same


def test_page_numbers() -> None:
    assert [list_position(f"{SITE}/n/{leaf}")[1] for leaf in ("", "index_1.htm", "index_12.html")] == [0, 1, 12]
    assert list_position(f"{SITE}/xw/t20230703_101.htm")[1] == 0  # a TRS article leaf is no page number


def test_next_page_is_the_announced_one_or_the_lowest_later_page() -> None:
    pages = [f"{SITE}/n/", f"{SITE}/n/index_3.html", f"{SITE}/n/index_2.html", f"{SITE}/n/index_9.html"]
    assert next_page(f"{SITE}/n/", pages) == f"{SITE}/n/index_2.html"
    assert next_page(f"{SITE}/n/index_2.html", pages) == f"{SITE}/n/index_3.html"
    assert next_page(f"{SITE}/n/index_9.html", pages) is None
    assert next_page(f"{SITE}/n/", pages, announced=[f"{SITE}/n/index_3.html"]) == f"{SITE}/n/index_3.html"
    assert next_page(f"{SITE}/n/index_2.html", pages, announced=[f"{SITE}/n/"]) == f"{SITE}/n/index_3.html"
    assert next_page(f"{SITE}/lst", [], announced=[f"{SITE}/more?start=20"]) == f"{SITE}/more?start=20"


@pytest.mark.parametrize(
    ("text", "rel", "is_next"),
    [
        ("下一页", "", True),
        ("下页", "", True),
        ("Next »", "", True),
        ("Older posts", "", True),
        ("»", "", True),
        ("2", "next", True),
        ("上一页", "", False),
        ("尾页", "", False),
        ("3", "", False),
        ("Newer posts", "", False),
    ],
)
def test_next_links(text: str, rel: str, is_next: bool) -> None:
    assert is_next_link(text, rel) is is_next
