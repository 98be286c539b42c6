"""Parsing (workers/extraction/blocks.py): what a browser would render in the body stays in the body."""

from __future__ import annotations

from workers.extraction import extract_record
from workers.extraction.blocks import parse_html

ARTICLE = "<p>" + "第十届全国人民代表大会常务委员会第二十八次会议听取了说明并对议案进行了审议。" * 4 + "</p>"


def test_content_after_an_included_header_closing_html_stays_in_the_body() -> None:
    # an included header file ends with </html>: libxml2 puts the rest of the page beside <body>
    page = (
        "<html><head><title>决议</title></head><body><div class='header'><a href='/'>首页</a></div></html>"
        f"<div class='content'><h1>决议</h1><div id='text'>{ARTICLE}</div></div></body></html>"
    )
    root, _ = parse_html(page)
    body = root.find("body")
    assert body is not None and body.xpath(".//div[@id='text']")
    assert not [el for el in root.itersiblings() if len(el)]
    assert "第二十八次会议" in extract_record(page.encode(), "https://example.gov.cn/a/content_1.htm").body_text


def test_a_well_formed_page_keeps_its_order_and_head() -> None:
    page = f"<html><head><title>t</title></head><body><div id='a'>{ARTICLE}</div><p id='b'>尾</p></body></html>"
    root, _ = parse_html(page)
    assert [c.tag for c in root] == ["head", "body"]
    assert [el.get("id") for el in root.find("body")] == ["a", "b"]
