"""Field resolution (workers/extraction/field_resolution.py): the publication date when the usual places (metadata, a
labelled line by the headline) have none."""

from __future__ import annotations

from datetime import datetime

from common.timezone import CHINA_TZ
from workers.extraction import extract_record

PARA = "<p>" + "市总工会组织劳模工匠走进企业车间，与一线职工面对面交流技能提升和职业发展的经验。" * 3 + "</p>"
URL = "http://news.example.cn/a/532601.html"


def _page(head: str, header: str, after: str = "") -> bytes:
    return (
        f"<html><head><title>劳模工匠进车间</title>{head}</head><body><div class='nav'><a href='/'>首页</a></div>"
        f"<article><h1>劳模工匠进车间</h1>{header}<div class='content'>{PARA * 4}</div>"
        f"<div class='share'><a href='#'>微信</a><a href='#'>微博</a></div></article>{after}</body></html>"
    ).encode()


def test_a_date_shown_without_its_year_takes_the_year_of_the_metadata_date_on_that_day() -> None:
    meta = "<meta itemprop='dateUpdate' content='2020-01-14 17:58:59'>"
    header = "<div class='source'><span class='date'>发布时间：01-14</span><span class='time'>17:58</span></div>"
    record = extract_record(_page(meta, header), URL)
    assert record.published_at == datetime(2020, 1, 14, 17, 58, tzinfo=CHINA_TZ)
    # a metadata date on another day says nothing of the year: no date is guessed
    other = "<meta itemprop='dateUpdate' content='2020-02-29 21:12:16'>"
    assert extract_record(_page(other, header), URL).published_at is None


def test_a_labelled_date_far_below_the_headline_is_taken_when_every_labelled_date_agrees() -> None:
    filler = "".join(f"<div class='box'><p>相关服务{i}</p></div>" for i in range(70))
    footer = f"<footer>{filler}<div class='cat'>发布日期：2019-09-23 14:34:05</div></footer>"
    record = extract_record(_page("", "", footer), URL)
    assert record.published_at == datetime(2019, 9, 23, 14, 34, 5, tzinfo=CHINA_TZ)
    # labelled dates of other days (a list of other articles) disagree: none is taken
    listing = "".join(f"<li>发布日期：2019-09-{d:02d}</li>" for d in (20, 21, 22))
    record = extract_record(_page("", "", footer + f"<ul class='more'>{listing}</ul>"), URL)
    assert record.published_at is None
