"""Labels and bylines (workers/extraction/labels.py)."""

from __future__ import annotations

from workers.extraction.labels import byline_names


def test_a_bracketed_credit_closing_the_text_names_its_authors() -> None:
    text = "让金融的发展更好地满足人民日益增长的美好生活需要。(文/图 刘玺东 易赛楠)"
    names, start, end = byline_names(text)
    assert names == "刘玺东 易赛楠" and text[start:end] == "(文/图 刘玺东 易赛楠)"
    assert byline_names("工作会议在市总工会召开。（文字/王五）")[0] == "王五"


def test_brackets_that_only_start_with_the_character_wen_are_not_a_credit() -> None:
    assert byline_names("他出示了一份材料（文件），说明了情况。") is None
    assert byline_names("据（文化部）消息，活动将于下月举行。") is None
    assert byline_names("他说：（文件）") is None
