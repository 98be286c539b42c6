"""Clean text: legacy Chinese encodings decode without U+FFFD, and no text field breaks a line-based reader."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.workers.extraction.test_extract_command import app
from workers.extraction import extract_record
from workers.extraction.normalize import safe_text

# GBK has characters GB2312 lacks (镕 堃 喆 珺 and full-width ＊); 𠮷 (CJK Extension B) is only in GB18030 (4 bytes).
BEYOND_GB2312 = "朱镕基 王堃 张喆 李珺 ＊ 𠮷"
PARAS = (
    "市总工会近日召开职工代表座谈会，听取一线职工对企业民主管理工作的意见和建议，推动厂务公开制度落到实处。",
    f"参加座谈的有{BEYOND_GB2312}等职工代表，大家结合岗位实际，就工资集体协商、劳动安全卫生等问题踊跃发言。",
    "会议要求，各级工会要把职工的意见建议梳理汇总，及时反馈给相关部门，切实维护好职工的合法权益。",
)


def zh_page(meta: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAS)
    return (
        f"<html><head>{meta}<title>市总工会召开职工代表座谈会_工会新闻</title></head><body>"
        f"<h1>市总工会召开职工代表座谈会</h1><div class='info'>发布时间：2024-05-12 10:30</div>"
        f"<div class='content'>{paragraphs}</div></body></html>"
    )


@pytest.mark.parametrize(
    ("meta", "headers"),
    [
        ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', {}),
        ('<meta charset="gbk">', {}),
        ("", {"Content-Type": "text/html; charset=GB2312"}),
        ('<meta charset="iso-8859-1">', {}),  # mislabelled: the bytes are GB18030
        ('<meta charset="utf-8">', {}),  # mislabelled the other way
        ("", {}),  # no charset anywhere
    ],
    ids=["meta-gb2312", "meta-gbk", "header-gb2312", "labelled-latin1", "labelled-utf8", "undeclared"],
)
def test_legacy_chinese_bytes_decode_without_replacement_characters(meta: str, headers: dict[str, str]) -> None:
    data = zh_page(meta).encode("gb18030")
    assert "镕".encode("gb18030") == "镕".encode("gbk") and len("𠮷".encode("gb18030")) == 4  # the bytes are real GBK
    record = extract_record(data, "http://www.example.cn/a/1.html", headers=headers)
    assert "\ufffd" not in record.body_text + (record.title or "")
    assert BEYOND_GB2312 in record.body_text
    assert record.title == "市总工会召开职工代表座谈会"


SEPARATORS = "\u2028\u2029\u0085\u000b\u000c\u001c\u001d\u001e"


def test_safe_text_leaves_nothing_a_line_reader_splits_on() -> None:
    text = safe_text(f"a{SEPARATORS}b\x00\x07\x9f c\nd")
    assert len(text.splitlines()) == 1 and "\x00" not in text and "\x9f" not in text
    assert safe_text("p1\n\np2\u2028x", multiline=True).split("\n\n") == ["p1", "p2 x"]


def test_extract_prints_exactly_one_line_per_record_whatever_separators_the_page_holds(tmp_path) -> None:
    page = (
        f"<html><head><title>Strike{SEPARATORS}ends</title><meta name='author' content='Jane{SEPARATORS}Doe'></head>"
        f"<body><h1>Strike{SEPARATORS}ends</h1><p class='byline'>By Jane\u2028Doe</p>"
        + "".join(
            f"<p>Workers{SEPARATORS}voted to accept the offer after talks that ran all night, paragraph {i}.</p>"
            for i in range(6)
        )
        + "</body></html>"
    )
    files = []
    for name in ("a.html", "b.html"):
        path = tmp_path / name
        path.write_text(page, encoding="utf-8")
        files.append(str(path))
    result = CliRunner().invoke(app(), ["extract", *files, "--url", "http://news.example.org/2024/05/strike.html"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()  # str.splitlines splits on U+2028, U+2029, NEL, VT, FF and FS-RS too
    assert len([line for line in lines if line.strip()]) == 2
    for line in lines:
        record = json.loads(line)
        for value in (record["title"], record["author"], *record["authors"], record["body_text"]):
            assert not set(value) & set(SEPARATORS), value
        assert record["title"] == "Strike ends"
