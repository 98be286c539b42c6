"""Link judgement by URL shape and place (never by anchor words), the TRS pager forms, the jcms data proxy, a list
page's true charset, and URLs requested as linked: plain functions and the spider's callbacks on built responses."""

from __future__ import annotations

from typing import Any

import lxml.html
import pytest
from scrapy import FormRequest
from scrapy.http import HtmlResponse, XmlResponse
from scrapy.utils.test import get_crawler

from crawler import jpage
from crawler.encoding import with_true_encoding
from crawler.items import LIST_PAGE, PAGE_KIND, SECTION
from crawler.links import LinkKind, chrome_anchors, classify_link, is_denied, script_pages
from crawler.spiders.source import LIST_KIND, ROLE, SourceSpider, request_form
from storage.repositories.crawl_state import LIST

SITE = "http://news.sample.test"
DOMAINS = ["news.sample.test"]


@pytest.mark.parametrize(
    "text",
    ["台风“海燕”登陆前夕 市总工会慰问一线职工", "劳模工匠分享创新经验", "搜索“技能短板” 培训精准对接", "登录"],
)
def test_anchor_words_do_not_decide_an_article(text: str) -> None:
    url = f"{SITE}/xwdt/202307/t20230703_123.html"
    assert classify_link(url, text=text, allowed_domains=DOMAINS) is LinkKind.ARTICLE


@pytest.mark.parametrize(
    "url",
    [
        f"{SITE}/passport/login?from=top",
        f"{SITE}/share?url=http%3A%2F%2Fnews.sample.test%2F2023%2F123456.html",
        f"{SITE}/sns/post.jsp?target=https://news.sample.test/2023/123456.html",
        f"{SITE}/search?q=union",
        f"{SITE}/info/list.jsp?searchword=x&id=123",
        "http://passport.news.sample.test/2023/123456.html",
        "http://search.news.sample.test/2023/123456.html",
    ],
)
def test_login_share_and_search_endpoints_are_judged_by_url_shape(url: str) -> None:
    assert is_denied(url)
    assert classify_link(url, allowed_domains=DOMAINS) is LinkKind.IGNORE


def test_article_shaped_links_to_other_sites_are_offsite_and_furniture_is_ignored() -> None:
    article, home = "http://elsewhere.example/2023/123456.html", "http://elsewhere.example/"
    assert classify_link(article, allowed_domains=DOMAINS) is LinkKind.OFFSITE
    assert classify_link(article, allowed_domains=DOMAINS, in_chrome=True) is LinkKind.IGNORE
    assert classify_link(home, allowed_domains=DOMAINS) is LinkKind.IGNORE
    assert classify_link("http://evilnews.sample.test.example/a/1.html", allowed_domains=DOMAINS) is LinkKind.IGNORE


def test_links_in_navigation_header_and_footer_are_no_articles_but_may_be_lists() -> None:
    page = """<html><body><div class="header"><a href="/a/2023/123456.html">x</a></div>
    <nav><a href="/col/col2/index.html">col</a></nav>
    <ul class="list"><li class="top"><a href="/a/2023/123457.html">pinned</a></li></ul>
    <article><header><h2><a href="/a/2023/123458.html">post</a></h2></header></article>
    <div id="footer"><a href="/wzsm/201801/t20180102_1.html">网站声明</a></div></body></html>"""
    root = lxml.html.fromstring(page)
    chrome = {a.get("href") for a in chrome_anchors(root)}
    assert chrome == {"/a/2023/123456.html", "/col/col2/index.html", "/wzsm/201801/t20180102_1.html"}
    statement = f"{SITE}/wzsm/201801/t20180102_1.html"
    assert classify_link(statement, allowed_domains=DOMAINS, in_chrome=True) is LinkKind.IGNORE
    column = f"{SITE}/col/col2/"
    assert classify_link(column, allowed_domains=DOMAINS, in_chrome=True, section_url=f"{SITE}/col/col1/") is (
        LinkKind.SECTION
    )


OLD_TRS_PAGER = """<script language="JavaScript">
var currentPage = 0;//所在页从0开始
var prevPage = currentPage-1//上一页
var nextPage = currentPage+1//下一页
var countPage = 3//共多少页
if(countPage>1&&currentPage!=(countPage-1))
	document.write("<a href=\\"list"+"_" + nextPage + "."+"shtml\\" >下一页</a>&nbsp;");
</script>"""


def test_trs_inline_pager_form() -> None:
    pages = script_pages(OLD_TRS_PAGER, f"{SITE}/gzdt/list.shtml", limit=20)
    assert pages == [f"{SITE}/gzdt/list.shtml", f"{SITE}/gzdt/list_1.shtml", f"{SITE}/gzdt/list_2.shtml"]
    # Without a link template in the script, the pager numbers the page's own name.
    assert script_pages("var countPage = 2;", f"{SITE}/gzdt/index_1.htm", 20) == [
        f"{SITE}/gzdt/index.htm",
        f"{SITE}/gzdt/index_1.htm",
    ]


def test_trs_pager_with_variables() -> None:
    html = 'var countPage = 4; createPageHTML(countPage, currentPage, "index", "html");'
    assert script_pages(html, f"{SITE}/x/", 3) == [
        f"{SITE}/x/index.html",
        f"{SITE}/x/index_1.html",
        f"{SITE}/x/index_2.html",
    ]


DATASTORE_PAGE = """<div id="4180"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&amp;appid=1&amp;webid=3&amp;path=/&amp;\
columnid=1302&amp;unitid=4180&amp;webname=%E5%B8%82&amp;permissiontype=0"></a>]]></nextgroup>
<recordset><record><![CDATA[<li><a href="/art/2024/1/5/art_1302_1.html">a</a></li>]]></record>
<record><![CDATA[<li><a href="/art/2024/1/4/art_1302_2.html">b</a></li>]]></record></recordset>
</datastore></script></div><script>$('#4180').jpage({perPage: 1, totalRecord: 5});</script>"""


def test_jcms_datastore_and_its_data_proxy() -> None:
    proxy = jpage.data_proxy(DATASTORE_PAGE, f"{SITE}/col/col1302/index.html")
    assert proxy is not None and (proxy.url, proxy.per_page, proxy.total) == (
        f"{SITE}/module/web/jpage/dataproxy.jsp",
        1,
        5,
    )
    assert proxy.fields == {
        "appid": "1",
        "webid": "3",
        "path": "/",
        "columnid": "1302",
        "unitid": "4180",
        "webname": "市",
        "permissiontype": "0",
        "col": "1",
    }
    assert len(jpage.records(DATASTORE_PAGE)) == 2
    assert jpage.next_group(proxy, 2, 2) == f"{SITE}/module/web/jpage/dataproxy.jsp?startrecord=3&endrecord=4&perpage=1"
    assert jpage.next_group(proxy, 5, 2) is None


def test_jcms_data_proxy_named_only_in_script() -> None:
    script = (
        "<script>$('#9').jpage({proxyUrl: '/module/web/jpage/dataproxy.jsp', perPage: 10,"
        " param: {webid: 3, columnid: 77, unitid: 9, path: '/'}});</script>"
    )
    proxy = jpage.data_proxy(script, f"{SITE}/col/col77/index.html")
    assert proxy is not None and proxy.fields == {
        "webid": "3",
        "columnid": "77",
        "unitid": "9",
        "path": "/",
        "col": "1",
    }
    assert jpage.group_size(proxy, 0) == 30 and jpage.records(script) == []


def spider_for(source: dict[str, Any] | None = None) -> SourceSpider:
    from tests.crawler.conftest import build_source

    crawler = get_crawler(SourceSpider, {"CRAWL_STATE_ENABLED": False, "ROBOTSTXT_OBEY": False})
    spider = SourceSpider.from_crawler(
        crawler, source=build_source(start=f"{SITE}/col/col1302/index.html", **(source or {}))
    )
    return spider


def list_response(url: str, body: str) -> HtmlResponse:
    meta = {PAGE_KIND: LIST_PAGE, SECTION: url, ROLE: "configured", LIST_KIND: LIST}
    from scrapy import Request

    return HtmlResponse(url, body=body.encode(), encoding="utf-8", request=Request(url, meta=meta))


def test_a_jcms_column_yields_its_records_and_posts_for_the_next_group() -> None:
    spider = spider_for()
    url = f"{SITE}/col/col1302/index.html"
    out = list(spider.parse_list(list_response(url, f"<html><body>{DATASTORE_PAGE}</body></html>")))
    articles = [r.url for r in out if not isinstance(r, FormRequest)]
    assert articles == [f"{SITE}/art/2024/1/5/art_1302_1.html", f"{SITE}/art/2024/1/4/art_1302_2.html"]
    [post] = [r for r in out if isinstance(r, FormRequest)]
    assert (post.method, post.url) == (
        "POST",
        f"{SITE}/module/web/jpage/dataproxy.jsp?startrecord=3&endrecord=4&perpage=1",
    )
    assert b"columnid=1302" in post.body and b"unitid=4180" in post.body
    answer = XmlResponse(
        post.url,
        body=b"<datastore><recordset><record><![CDATA[<li><a href='/art/2024/1/3/art_1302_3.html'>c</a></li>]]>"
        b"</record></recordset><totalrecord>3</totalrecord></datastore>",
        request=post,
    )
    assert [r.url for r in spider.parse_jpage(answer)] == [f"{SITE}/art/2024/1/3/art_1302_3.html"]


def test_links_are_requested_as_written_and_known_canonically() -> None:
    spider = spider_for()
    page = '<a href="/col/col1303/index.html">基层</a> <a href="/art/2024/1/5/art_1302_9.html?utm_source=wx#top">x</a>'
    out = list(spider.parse_list(list_response(f"{SITE}/col/col1302/index.html", f"<html><body>{page}</body></html>")))
    assert sorted(r.url for r in out) == [f"{SITE}/art/2024/1/5/art_1302_9.html", f"{SITE}/col/col1303/index.html"]
    assert request_form(f"{SITE}/a/index.html?b=2&a=1&utm_medium=x#f") == f"{SITE}/a/index.html?b=2&a=1"


def test_a_gbk_page_served_as_utf8_is_read_in_gbk() -> None:
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head>'
        '<body><a href="/a_2.html">下一页</a></body></html>'
    )
    response = HtmlResponse(
        f"{SITE}/l.html", body=html.encode("gbk"), headers={"Content-Type": "text/html; charset=utf-8"}
    )
    assert "下一页" not in response.text
    assert "下一页" in with_true_encoding(response).text
    honest = HtmlResponse(
        f"{SITE}/l.html", body=html.encode("utf-8"), headers={"Content-Type": "text/html; charset=utf-8"}
    )
    assert with_true_encoding(honest) is honest
