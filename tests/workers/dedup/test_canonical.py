"""Which member of a story is canonical: earliest published, then source priority, and an origin pointer wins."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from workers.dedup import Member, elect, names_site, site_aliases

CHINA = timezone(timedelta(hours=8))
SEEN = datetime(2024, 6, 1, tzinfo=UTC)


def member(id: str, published: datetime | None, **kw: object) -> Member:
    return Member(id=id, published_at=published, first_seen_at=kw.pop("seen", SEEN), **kw)  # type: ignore[arg-type]


def test_earliest_published_wins() -> None:
    early = member("b", datetime(2024, 5, 1, 9, 0, tzinfo=CHINA))
    late = member("a", datetime(2024, 5, 1, 10, 0, tzinfo=CHINA), priority=100)
    assert elect([late, early]).id == "b"


def test_equal_times_go_to_the_higher_priority_then_first_seen() -> None:
    at = datetime(2024, 5, 1, 9, 0, tzinfo=CHINA)
    assert elect([member("a", at, priority=10), member("b", at, priority=90)]).id == "b"
    assert elect([member("a", at, seen=SEEN + timedelta(hours=1)), member("b", at)]).id == "b"


def test_a_date_only_member_ties_with_everything_published_that_day() -> None:
    day_only = member("city", datetime(2024, 5, 1, tzinfo=CHINA), precision="date", priority=30)
    timed = member("national", datetime(2024, 5, 1, 18, 30, tzinfo=CHINA), priority=100)
    assert elect([day_only, timed]).id == "national"
    next_day = member("next", datetime(2024, 5, 2, 7, 0, tzinfo=CHINA), priority=999)
    assert elect([day_only, next_day]).id == "city"


def test_undated_members_come_last() -> None:
    assert elect([member("x", None, priority=100), member("y", datetime(2024, 1, 1, tzinfo=CHINA))]).id == "y"
    assert elect([member("x", None, priority=1), member("y", None, priority=2)]).id == "y"


def test_a_page_naming_another_members_site_as_its_source_points_to_it() -> None:
    original = member(
        "zj", datetime(2023, 7, 3, 17, 0, tzinfo=CHINA), aliases=site_aliases("浙江工人日报", "浙江省总工会 (Zhejiang)")
    )
    reprint = member(
        "wcn",
        datetime(2023, 7, 3, 16, 51, tzinfo=CHINA),
        priority=100,
        origin="来源：浙江工人日报",
        aliases=site_aliases("中工网", "中工网 / 工人日报 (China Industrial Network — Workers' Daily)"),
    )
    assert elect([reprint, original]).id == "zj"  # published earlier, but names the other site as its source


def test_origin_matching_is_by_whole_name_parts() -> None:
    workers_daily = site_aliases("中工网 / 工人日报 (China Industrial Network — Workers' Daily)")
    assert names_site("中工网-工人日报", workers_daily)
    assert names_site("Source: Workers' Daily", workers_daily)
    assert not names_site("浙江工人日报", workers_daily)  # a provincial paper is not the national one
    assert not names_site(None, workers_daily)


def test_pages_naming_each_other_fall_back_to_the_earliest() -> None:
    a = member("a", datetime(2024, 1, 2, tzinfo=CHINA), origin="B站", aliases=site_aliases("A站"))
    b = member("b", datetime(2024, 1, 1, tzinfo=CHINA), origin="A站", aliases=site_aliases("B站"))
    assert elect([a, b]).id == "b"


def test_naming_its_own_site_is_not_a_pointer() -> None:
    own = member("own", datetime(2024, 1, 2, tzinfo=CHINA), origin="工人日报", aliases=site_aliases("工人日报"))
    other = member("other", datetime(2024, 1, 3, tzinfo=CHINA), aliases=site_aliases("工人日报"))
    assert elect([own, other]).id == "own"
