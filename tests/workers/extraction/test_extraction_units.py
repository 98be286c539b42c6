"""Stage-level checks: charset decisions, date parsing, labelled lines, noise predicates, rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from workers.extraction import ExtractionRules, decode_html, extract_record
from workers.extraction.dates import date_from_url, parse_datetime
from workers.extraction.labels import byline_names, parse_labels
from workers.extraction.noise import is_breadcrumb, is_file_caption, is_footer, is_widget
from workers.extraction.normalize import normalize_paragraph
from workers.extraction.template import template_lines

ZH = (
    "<html><head>{meta}<title>工會</title></head><body><p>"
    + "全国总工会召开会议，部署职工服务工作。" * 30
    + "</p></body></html>"
)
ZH_T = ZH.replace("全国总工会召开会议，部署职工服务工作。", "全國總工會召開會議，部署職工服務工作。")
CST = timezone(timedelta(hours=8))


@pytest.mark.parametrize(
    "body,headers,expected,guessed",
    [
        (ZH.format(meta='<meta charset="utf-8">').encode("gb18030"), {}, "gb18030", True),  # GBK labelled UTF-8
        (ZH.format(meta='<meta charset="gbk">').encode("utf-8"), {}, "utf-8", True),  # UTF-8 labelled GBK
        (ZH.format(meta="").encode("gb18030"), {"Content-Type": "text/html; charset=utf-8"}, "gb18030", True),
        (ZH.format(meta='<meta charset="gb2312">').encode("gb18030") + "镕𠮷".encode("gb18030"), {}, "gb18030", False),
        (ZH.format(meta="").encode("utf-8"), {"content-type": "text/html; charset=ISO-8859-1"}, "utf-8", True),
        (b"\xef\xbb\xbf" + ZH.format(meta='<meta charset="gbk">').encode("utf-8"), {}, "utf-8", False),
        (ZH_T.format(meta="").encode("big5"), {}, "big5hkscs", True),
        (ZH_T.format(meta='<meta charset="big5">').encode("big5"), {}, "big5hkscs", False),
    ],
    ids=[
        "gbk-as-utf8",
        "utf8-as-gbk",
        "header-lies",
        "gb2312-with-gb18030",
        "latin1-header",
        "bom",
        "big5-undeclared",
        "big5-declared",
    ],
)
def test_decode_html(body: bytes, headers: dict, expected: str, guessed: bool) -> None:
    text, encoding, was_guessed = decode_html(body, headers)
    assert encoding == expected
    assert was_guessed is guessed
    assert "全国总工会召开会议" in text or "全國總工會召開會議" in text


def test_decode_never_raises_on_garbage() -> None:
    text, _, _ = decode_html(bytes(range(256)) * 10, {"Content-Type": "text/html; charset=no-such-codec"})
    assert isinstance(text, str)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("10:12, November 19, 2020", datetime(2020, 11, 19, 10, 12, tzinfo=CST)),
        ("2024-05-25 07:05", datetime(2024, 5, 25, 7, 5, tzinfo=CST)),
        ("2022-05-08 0 By", date(2022, 5, 8)),
        ("2020年11月19日 10:12", datetime(2020, 11, 19, 10, 12, tzinfo=CST)),
        ("2024-03-11T18:45:00-05:00", datetime(2024, 3, 11, 18, 45, tzinfo=timezone(timedelta(hours=-5)))),
        ("12 January 2024", date(2024, 1, 12)),
        ("Nov. 3, 2023 5:30 p.m.", datetime(2023, 11, 3, 17, 30, tzinfo=CST)),
        ("2023年07月03日 下午4:51", datetime(2023, 7, 3, 16, 51, tzinfo=CST)),
        ("no date here", None),
        ("2023-02-30", None),
    ],
)
def test_parse_datetime(text: str, expected: object) -> None:
    value = parse_datetime(text)
    assert value == expected
    if isinstance(value, datetime):
        assert value.utcoffset() == expected.utcoffset()  # type: ignore[union-attr]


def test_date_from_url() -> None:
    assert date_from_url("http://x.gov.cn/art/2020/11/19/art_1.html") == date(2020, 11, 19)
    assert date_from_url("http://x.gov.cn/zxdt/202403/t20240315_123456.html") == date(2024, 3, 15)
    assert date_from_url("http://x.cn/news/38812.html") is None


def test_labelled_line_with_several_fields() -> None:
    found = {
        lab.kind: lab.value
        for lab in parse_labels(
            "发布时间：2020年11月19日 10:12  来源：威海市总工会  阅读次数：  【打印本页】 【关闭窗口】"
        )
    }
    assert found["date"] == "2020年11月19日 10:12"
    assert found["source"] == "威海市总工会"


def test_sponsored_by_is_not_a_byline() -> None:
    assert not [lab for lab in parse_labels("Sponsored by: Weihai Federation") if lab.kind == "author"]


@pytest.mark.parametrize(
    "text,names",
    [
        ("（浙江工人日报记者 李国锋）", "李国锋"),
        ("(Zhejiang Workers Daily Reporter Li Guofeng)", "Li Guofeng"),
        ("本报北京5月24日电（记者郑莉 郝赫）5月20日至24日", "郑莉 郝赫"),
        ("（记者 张三 通讯员 李四）", "张三 李四"),
        ("文/张明 图/刘洋", "张明"),
        ("By Jane Doe and Sam Lee", "Jane Doe and Sam Lee"),
    ],
)
def test_bylines(text: str, names: str) -> None:
    found = byline_names(text)
    assert found is not None and found[0] == names


def test_noise_predicates() -> None:
    assert is_breadcrumb("当前位置：首页 >> 工作动态")
    assert is_breadcrumb("Current location: home page / ... / Work trends")
    assert is_widget("【打印本页】 【关闭窗口】")
    assert is_widget("Print this page close window")
    assert is_footer("Copyright © 2008-2024 by www.workercn.cn. all rights reserved")
    assert is_footer("鲁ICP备05012345号")
    assert is_file_caption("微信图片_20240525065653")
    assert is_file_caption("WeChat Picture_20240525065653")
    assert is_file_caption("thirty-three thousand three hundred and thirty-four")
    assert is_file_caption("33334")
    assert not is_file_caption("图为比赛现场。")


def test_glued_sentences_and_spaces() -> None:
    assert (
        normalize_paragraph("the conference.Members of the group,Promote it")
        == "the conference. Members of the group, Promote it"
    )
    assert normalize_paragraph("\u3000\u3000全角空格\u00a0和\u200b不换行") == "全角空格 和不换行"
    assert normalize_paragraph("version 3.5 of U.S.A. rules") == "version 3.5 of U.S.A. rules"


def test_template_lines_need_most_pages() -> None:
    bodies = ["a\n\nshared", "b\n\nshared", "c\n\nshared", "d"]
    assert template_lines(bodies) == frozenset({"shared"})
    assert template_lines(bodies[:2]) == frozenset()


def test_template_lines_are_dropped() -> None:
    page = (
        "<html><body><h1>T</h1><div><p>" + "A real paragraph about the union. " * 5 + "</p>"
        "<p>Follow us on our app.</p></div></body></html>"
    )
    assert "Follow us" in extract_record(page, "http://x.test/1").body_text
    record = extract_record(page, "http://x.test/1", template_lines=frozenset({"Follow us on our app."}))
    assert "Follow us" not in record.body_text


def test_rules_validate_their_patterns() -> None:
    with pytest.raises(ValidationError):
        ExtractionRules(noise_patterns=["(unclosed"])
    with pytest.raises(ValidationError):
        ExtractionRules(timezone="Mars/Olympus")
    assert ExtractionRules().timezone == "Asia/Shanghai"


def test_rules_timezone_applies_to_naive_dates() -> None:
    page = (
        "<html><body><h1>Strike ends</h1><p>Published: 2024-01-12 09:00</p><p>"
        + "Text of the story. " * 20
        + "</p></body></html>"
    )
    record = extract_record(page, "http://x.test/1", rules=ExtractionRules(timezone="Europe/London"))
    assert record.published_at == datetime(2024, 1, 12, 9, 0, tzinfo=UTC)


def test_published_time_in_an_entry_footer_is_used() -> None:
    from workers.extraction import extract_record

    paragraph = (
        "<p>" + "The union opened a new service centre for delivery riders in the old market hall. " * 6 + "</p>"
    )
    page = (
        "<html><head><title>Riders get a new service centre</title></head><body><article>"
        "<h1>Riders get a new service centre</h1>"
        f"<div class='entry-content'>{paragraph * 3}</div>"
        "<footer class='entry-footer'>Posted on <time class='entry-date published' "
        "datetime='2024-03-05T09:30:00+08:00'>March 5, 2024</time></footer></article></body></html>"
    )
    record = extract_record(page.encode(), "https://example.org/2024/03/05/riders/")
    assert record.published_at is not None and record.published_at.isoformat() == "2024-03-05T09:30:00+08:00"


def _our_main_text(page: str) -> str:
    """Our own pass alone (boilerplate marks, segmentation, main block), without the vote of other extractors."""
    from workers.extraction.blocks import boilerplate_elements, parse_html, preclean, segment
    from workers.extraction.main_block import choose_main

    root, _ = parse_html(page)
    preclean(root)
    body = root.find("body")
    boiler = boilerplate_elements(body, len(body.text_content()))
    blocks, _ = segment(body, boiler)
    main = set(choose_main(body, blocks).iter())
    return "\n".join(b.text for b in blocks if b.owner in main and not b.boiler)


def test_article_sections_in_a_layout_named_after_its_sidebar_are_kept() -> None:
    # the article is split over sibling containers whose layout class names the sidebar beside them
    sentence = "The union and the employer signed the agreement on wages after a long night of talks. "
    sections = "".join(
        f"<div class='sidebar-grid__container'>{'<h1>Agreement signed</h1>' if n == 0 else ''}"
        f"<div class='sidebar-grid__content'>{f'<p>Section {n}. {sentence * 3}</p>' * 3}</div>"
        "<aside class='sidebar-grid__sidebar'><div class='ad'>Advertisement</div></aside></div>"
        for n in range(4)
    )
    teasers = "".join(f"<li><a href='/n{n}'>Other story number {n} about something else</a></li>" for n in range(6))
    menu = "".join(f"<li><a href='/s{n}'>Section of the site number {n}</a></li>" for n in range(150))
    page = (
        f"<html><body><nav><ul>{menu}</ul></nav><main><article>"
        f"<div class='sidebar-grid'>{sections}</div></article>"
        f"<div class='sidebar'><h3>Related</h3><ul>{teasers}</ul>"
        f"<p>{'A short promotion for the newsletter of the site. ' * 3}</p></div></main></body></html>"
    )
    text = _our_main_text(page)
    assert all(f"Section {n}." in text for n in range(4))
    assert "Other story" not in text and "newsletter" not in text


def test_paragraphs_marked_paywall_are_article_text() -> None:
    # sites mark the article's text behind the paywall with a class; the paragraphs are still the article
    sentence = "The strike committee met the owners again on Monday to discuss the new shift patterns. "
    paras = (
        "<p>Opening. "
        + sentence * 3
        + "</p>"
        + "".join(f"<p class='paywall'>Paid part {n}. {sentence * 3}</p>" for n in range(5))
    )
    menu = "".join(f"<li><a href='/s{n}'>Section of the site number {n}</a></li>" for n in range(60))
    page = (
        f"<html><body><nav><ul>{menu}</ul></nav><article><h1>Talks go on</h1><div class='body'>{paras}</div>"
        "<div class='paywall'><p>Subscribe to read the whole story.</p></div></article></body></html>"
    )
    text = _our_main_text(page)
    assert all(f"Paid part {n}." in text for n in range(5))
    assert "Subscribe to read" not in text


def test_a_most_read_box_between_article_chunks_does_not_end_the_article() -> None:
    from workers.extraction.blocks import parse_html, segment
    from workers.extraction.paragraphs import CleanContext, clean_blocks

    sentence = "Delivery riders voted to join the union after months of organising in three cities. "

    def chunk(name: str, paragraphs: int) -> str:
        return "".join(f"<p>Part {name}{n}. {sentence * 2}</p>" for n in range(paragraphs))

    popular = (
        "<div class='rail'><div><h3>Most Popular</h3></div><ul>"
        + "".join(f"<li><a href='/p{n}'>A popular story {n}</a></li>" for n in range(4))
        + "</ul></div>"
    )
    tail = "<h3>Related articles</h3><ul><li><a href='/r1'>A related story</a></li></ul>"
    page = f"<html><body><article>{chunk('a', 5)}{popular}{chunk('b', 3)}{tail}</article></body></html>"
    root, _ = parse_html(page)
    blocks, _ = segment(root.find("body"))
    kept = "\n".join(b.text for b in clean_blocks(blocks, CleanContext()))
    assert "Part a0." in kept and "Part b2." in kept
    assert "A popular story" not in kept and "A related story" not in kept


def test_the_first_of_several_articles_is_the_page_s_own() -> None:
    # endless-scroll pages append the next (here: longer) article below the page's own, each with its headline
    def article(name: str, paragraphs: int) -> str:
        sentence = f"The {name} story goes on about the union's campaign for safer warehouses in the region. "
        return (
            f"<article><h1>The {name} story</h1><div class='bodytext'>"
            + "".join(f"<p>{name} {n}. {sentence * 2}</p>" for n in range(paragraphs))
            + "</div></article>"
        )

    page = f"<html><body><main>{article('first', 4)}<div class='next'>{article('second', 9)}</div></main></body></html>"
    text = _our_main_text(page)
    assert "first 3." in text and "second" not in text


def test_a_slideshow_opened_over_the_page_is_not_article_text() -> None:
    # a gallery overlay (hidden until opened, with its close control first) inside the article's text
    sentence = "The nurses' union said the hospital had cut night staff without asking the ward teams. "
    slides = "".join(
        f"<li><h2>{n}/10 Another story</h2><p>{'A caption about some other news of the week, told at length. ' * 3}</p>"
        "</li>"
        for n in range(10)
    )
    page = (
        "<html><body><article><h1>Night shifts cut</h1><div class='text'>"
        + "".join(f"<p>Part {n}. {sentence * 3}</p>" for n in range(4))
        + f"<div class='gallery'><a href='#' class='close icon-close' title='Close gallery'></a><ul>{slides}</ul></div>"
        + "".join(f"<p>Part {n}. {sentence * 3}</p>" for n in range(4, 8))
        + "</div></article><footer>"
        + "<p>About the site and its many sections and services.</p>" * 40
        + "</footer></body></html>"
    )
    text = _our_main_text(page)
    assert "Part 0." in text and "Part 7." in text
    assert "Another story" not in text


@pytest.mark.parametrize("shown", [0, 3])
def test_a_large_hidden_block_is_dropped_only_beside_a_shown_article(shown: int) -> None:
    # a page that reveals its article by script hides all of it (kept); a hidden block beside the shown text goes
    sentence = "The teachers' union asked the ministry to publish the new pay scales before the summer. "
    hidden = "".join(f"<p>Hidden {n}. {sentence * 2}</p>" for n in range(4))
    visible = "".join(f"<p>Shown {n}. {sentence * 2}</p>" for n in range(shown))
    page = (
        f"<html><body><article><h1>Pay scales</h1><div style='visibility: hidden'>{hidden}</div>"
        f"<div>{visible}</div></article></body></html>"
    )
    text = extract_record(page, "http://x.test/1").body_text
    assert ("Hidden 0." in text) == (shown == 0)
    assert all(f"Shown {n}." in text for n in range(shown))
