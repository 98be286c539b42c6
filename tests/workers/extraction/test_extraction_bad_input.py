"""Bad input never escapes as an uncaught exception and never takes unbounded time."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from workers.extraction import ArticleRecord, ExtractionError, extract_record

URL = "http://bad.example.test/news/1.html"
LIMIT_SECONDS = 5.0


def run(data: bytes | str) -> tuple[ArticleRecord | None, float]:
    start = time.perf_counter()
    try:
        record = extract_record(data, URL)
    except ExtractionError:
        record = None
    return record, time.perf_counter() - start


@pytest.mark.parametrize("data", [b"", b"   \n\t ", "", "  "], ids=["empty", "blank", "empty-str", "blank-str"])
def test_empty_input_is_an_extraction_error(data: bytes | str) -> None:
    with pytest.raises(ExtractionError):
        extract_record(data, URL)


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"PK\x03\x04\x14\x00",
        b"\x1f\x8b\x08\x00" + bytes(range(256)),
        bytes(4096),
    ],
    ids=["pdf", "png", "zip", "gzip", "nul-bytes"],
)
def test_binary_input_is_an_extraction_error(data: bytes) -> None:
    with pytest.raises(ExtractionError):
        extract_record(data, URL)


def test_truncated_page_gives_a_record() -> None:
    page = (
        "<html><head><meta charset='utf-8'><title>工会新闻</title></head><body><h1>工会新闻</h1>"
        "<div class='content'><p>" + "职工技能大赛在京举行，来自全国的选手参加比赛。" * 20 + "</p><p>第二段"
    ).encode()
    record, _ = run(page[:-2])  # cut inside a multi-byte character
    assert record is not None and record.title == "工会新闻"
    assert "职工技能大赛" in record.body_text


def test_invalid_markup_gives_a_record() -> None:
    page = (
        b"<html><body><div><p>Unclosed <b>bold <i>italic</div></span></table>"
        b"<p>Workers marched on Monday.<<>>&&;</body>"
    )
    record, _ = run(page)
    assert record is not None
    assert "Workers marched on Monday." in record.body_text


def test_twenty_megabytes_in_bounded_time() -> None:
    para = b"<p>" + b"The union and the employer agreed a new contract for all staff. " * 6 + b"</p>\n"
    page = b"<html><body><article>" + para * (20_000_000 // len(para)) + b"</article></body></html>"
    assert len(page) >= 19_000_000
    record, seconds = run(page)
    assert record is not None and "truncated_input" in record.flags
    assert seconds < LIMIT_SECONDS


def test_twenty_megabytes_of_markup_without_text_in_bounded_time() -> None:
    page = b"<html><body>" + b"<div><a href='/x'>x</a><span>y</span></div>" * 460_000
    record, seconds = run(page)
    assert record is not None
    assert seconds < LIMIT_SECONDS


@pytest.mark.parametrize("opener,closer", [(b"<div>", b"</div>"), (b"<b><i>", b""), (b"<table><tr><td>", b"")])
def test_five_thousand_deep_nesting(opener: bytes, closer: bytes) -> None:
    page = b"<html><body>" + opener * 5000 + b"Deep article text about the strike." + closer * 5000 + b"</body></html>"
    record, seconds = run(page)
    assert record is not None and "deep_nesting" in record.flags
    assert "Deep article text about the strike." in record.body_text
    assert seconds < LIMIT_SECONDS


def test_str_input_is_accepted() -> None:
    record, _ = run("<html><body><h1>Title</h1><p>Some article text that is long enough to read.</p></body></html>")
    assert record is not None and record.title == "Title"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_random_bytes_never_crash(data: bytes) -> None:
    record, seconds = run(data)
    assert record is None or "extraction_error" not in record.flags
    assert seconds < LIMIT_SECONDS


_TAGS = [
    "html",
    "head",
    "body",
    "div",
    "p",
    "span",
    "a",
    "h1",
    "h2",
    "table",
    "tr",
    "td",
    "ul",
    "li",
    "img",
    "br",
    "script",
    "style",
    "meta",
    "title",
    "article",
    "nav",
    "footer",
    "b",
    "font",
    "time",
    "figure",
]
_ATTRS = st.sampled_from(
    [
        "",
        ' class="content"',
        ' id="main"',
        ' href="javascript:alert(1)"',
        ' src="/a.jpg"',
        ' style="display:none"',
        ' onclick="x()"',
        ' charset="gbk"',
        ' datetime="2024-05-01"',
        ' property="og:title" content="T"',
        ' class="share footer"',
    ]
)
_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80) | st.sampled_from(
    [
        "来源：新华社",
        "发布时间：2024-05-01 10:00",
        "责任编辑：张三",
        "当前位置：首页 > 新闻",
        "By Jane Doe",
        "（记者 李四）",
        "Copyright © 2024",
        "打印本页 关闭窗口",
        "* * *",
        "&nbsp;&amp;&#x4e2d;&#0;&bogus;",
    ]
)


@st.composite
def random_html(draw: st.DrawFn) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 60))):
        kind = draw(st.integers(0, 3))
        tag = draw(st.sampled_from(_TAGS))
        if kind == 0:
            parts.append(f"<{tag}{draw(_ATTRS)}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        else:
            parts.append(draw(_TEXT))
    return "".join(parts)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_html(), st.sampled_from(["utf-8", "gb18030", "big5", "latin-1"]))
def test_random_html_never_crashes(markup: str, encoding: str) -> None:
    data = markup.encode(encoding, errors="replace")
    record, seconds = run(data)
    assert seconds < LIMIT_SECONDS
    if record is not None:
        assert "extraction_error" not in record.flags
        assert_safe_html(record.body_html)
        ArticleRecord.model_validate(record.model_dump(mode="json"))


def assert_safe_html(fragment: str) -> None:
    """No script/style elements, no event handlers, no javascript: URLs (escaped text mentioning them is fine)."""
    if not fragment.strip():
        return
    tree = lxml_html.fragment_fromstring(fragment, create_parent="div")
    for el in tree.iter():
        assert el.tag not in ("script", "style", "iframe", "object"), el.tag
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), name
            assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:")), value


_ADVERSARIAL = [
    "1" * 190 + "x",
    "1 " * 95 + "x",
    " " * 3000 + "x",
    "A" * 3000,
    "Abc " * 1000,
    "By " + "Abc " * 1000,
    "(" * 2000,
    "（记者" * 500,
    "* " * 1000,
    "-" * 3000,
    "来源：" * 300,
    "2024-" * 600,
    "12:" * 1000,
    "a." * 2000,
    "one two " * 400 + "x",
    "上一页 " * 60 + "x",
    "<script>" * 2000,
    "<!--" * 2000,
    "&#" * 2000,
    "图/" * 500,
    "Copyright " * 500,
    "当前位置：" + "首页 > " * 300,
]


@pytest.mark.parametrize("line", _ADVERSARIAL, ids=[f"adversarial-{i}" for i in range(len(_ADVERSARIAL))])
def test_adversarial_lines_in_bounded_time(line: str) -> None:
    """Inputs that make backtracking regexes explode: each must finish quickly as a title, line and body."""
    page = (
        f"<html><head><title>{line[:300]}</title></head><body><h1>{line[:200]}</h1><p>{line[:150]}</p>"
        f"<div>{line}</div><p>{line[:90]}</p></body></html>"
    )
    record, seconds = run(page)
    assert seconds < 2.0
    assert record is None or "extraction_error" not in record.flags
