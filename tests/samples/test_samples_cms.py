"""The CMS-family sample sites as served: jcms's data proxy (POST), no directory indexes, dynamic pages by query,
a GBK site whose server names UTF-8, robots.txt naming sitemaps, a gzip child sitemap, and their truth."""

from __future__ import annotations

import gzip
import http.client
import json
from typing import Any
from urllib.parse import quote

from samples.render import dynlist, feedsonly, jcms, trswcm
from samples.server import SampleServer


def post(server: SampleServer, target: str, form: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        headers = {"Host": jcms.HOST, "Content-Type": "application/x-www-form-urlencoded"}
        conn.request("POST", target, body=form.encode(), headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_jcms_data_proxy_serves_a_range_of_a_columns_records(server: SampleServer, manifest: dict[str, Any]) -> None:
    form = f"col=1&appid=1&webid=3&path=/&columnid=1302&unitid=4180&webname={quote(jcms.SITE_NAME)}&permissiontype=0"
    status, body = post(server, f"{jcms.PROXY_PATH}?startrecord=16&endrecord=30&perpage=5", form)
    text = body.decode("utf-8")
    assert status == 200 and text.count("<record>") == 15
    total = int(text.split("<totalrecord>")[1].split("<")[0])
    column = [a for a in manifest["articles"] if a["host"] == jcms.HOST and "/art_1302_" in a["url"]]
    assert total == len(column) > 30
    assert post(server, f"{jcms.PROXY_PATH}?startrecord=1&endrecord=5", "columnid=9999")[0] == 404
    assert post(server, "/col/col1302/index.html", form)[0] == 405


def test_jcms_columns_answer_only_at_their_index_file(server: SampleServer, fetch: Any) -> None:
    assert fetch(server, f"http://{jcms.HOST}/col/col1302/index.html").status == 200
    assert fetch(server, f"http://{jcms.HOST}/col/col1302/").status == 404
    assert fetch(server, f"http://{jcms.HOST}/col/col1302").status == 404
    assert fetch(server, f"http://{jcms.HOST}/_jpage/1302.json").status == 404


def test_dynamic_list_pages_by_query(server: SampleServer, fetch: Any) -> None:
    first, second = (
        fetch(server, f"http://{dynlist.HOST}/news/list.php"),
        fetch(server, f"http://{dynlist.HOST}/news/list.php?page=2"),
    )
    assert first.status == second.status == 200 and first.body != second.body
    assert b'rel="next"' in second.body


def test_trs_site_sends_gbk_pages_under_a_utf8_header(server: SampleServer, fetch: Any) -> None:
    page = fetch(server, f"http://{trswcm.HOST}{trswcm.list_url(0)}")
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "工作动态".encode("gbk") in page.body and b"countPage" in page.body
    robots = fetch(server, f"http://{trswcm.HOST}/robots.txt").body.decode()
    assert f"Disallow: {trswcm.FORBIDDEN_DIR}" in robots


def test_feeds_only_site_names_its_sitemaps_in_robots_txt(
    server: SampleServer, fetch: Any, manifest: dict[str, Any]
) -> None:
    robots = fetch(server, f"http://{feedsonly.HOST}/robots.txt").body.decode()
    assert f"Sitemap: http://{feedsonly.HOST}{feedsonly.SITEMAP_INDEX}" in robots
    children = [url for url in manifest["sites"][feedsonly.HOST]["sitemaps"] if url.endswith(".gz")]
    assert children
    xml = gzip.decompress(fetch(server, children[0]).body).decode()
    listed = set(xml.split("<loc>")[1:])
    articles = [a for a in manifest["articles"] if a["host"] == feedsonly.HOST]
    assert 0 < len(listed) < len(articles)
    home = fetch(server, f"http://{feedsonly.HOST}/").body.decode()
    assert "/stories/" not in home  # the home page links no article


def test_furniture_words_are_in_headlines_of_articles(manifest: dict[str, Any], sites_dir: Any) -> None:
    titles = [
        json.loads((sites_dir / a["expected"]).read_text(encoding="utf-8"))["title"]
        for a in manifest["articles"]
        if a["host"] in (trswcm.HOST, jcms.HOST, dynlist.HOST)
    ]
    assert all(any(word in title for title in titles) for word in ("登陆", "分享", "搜索"))
