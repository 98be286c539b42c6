"""The story step (`workers.stories.clusters`): URL, exact hash and near-duplicate levels, clusters and canonical
re-election."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.models import Article, ArticleFingerprint
from storage.repositories import articles, clusters, fingerprints
from storage.session import session_scope
from workers.stories.clusters import CREATED, DUPLICATE, UNCHANGED, UPDATED, Deduplicator

from .conftest import CHINA, SOURCES, STORY, body, record, store


def cluster_table(factory: sessionmaker[Session]) -> dict[str, str]:
    with session_scope(factory) as session:
        return {url: cluster for url, cluster in session.execute(select(Article.canonical_url, Article.cluster_id))}


def test_a_reprint_with_byline_cut_paragraph_and_new_headline_joins_the_story(factory: sessionmaker[Session]) -> None:
    dedup = Deduplicator.embedded(SOURCES)
    first = store(
        factory,
        dedup,
        "province",
        record(
            "http://province.test/a.htm",
            body(STORY),
            datetime(2023, 7, 3, 16, 51, tzinfo=CHINA),
            source="浙江工人日报",
        ),
    )
    reprint = body(["（记者 李国锋）" + STORY[0], *STORY[1:3], STORY[4]])
    second = store(
        factory,
        dedup,
        "city",
        record(
            "http://city.test/b.html",
            reprint,
            datetime(2023, 7, 4, 9, 0, tzinfo=CHINA),
            title="省总工会听取干部蹲点调研汇报",
        ),
    )
    assert (first.outcome, second.outcome) == (CREATED, DUPLICATE)
    assert second.cluster_id == first.article_id
    with session_scope(factory) as session:
        also = clusters.also_published_at(session, [first.article_id])[first.article_id]
        assert [a.canonical_url for a in also] == ["http://city.test/b.html"]
        assert articles.get_article(session, second.article_id) is not None  # each member keeps its own id and URL
        row = fingerprints.get_fingerprint(session, second.article_id)
        assert row is not None and row.match_kind == "near" and row.matched_id == first.article_id


def test_an_earlier_reprint_arriving_later_becomes_canonical_for_every_member(factory: sessionmaker[Session]) -> None:
    dedup = Deduplicator.embedded(SOURCES)
    late = store(factory, dedup, "city", record("http://city.test/1", body(STORY), datetime(2023, 7, 5, tzinfo=CHINA)))
    later = store(
        factory,
        dedup,
        "national",
        record(
            "http://national.test/2",
            body(STORY[:4]),
            datetime(2023, 7, 6, 8, 0, tzinfo=CHINA),
        ),
    )
    assert later.cluster_id == late.article_id
    earliest = store(
        factory,
        dedup,
        "province",
        record(
            "http://province.test/3",
            body(STORY[1:]),
            datetime(2023, 7, 3, 16, 51, tzinfo=CHINA),
        ),
    )
    assert earliest.outcome == DUPLICATE and earliest.cluster_id == earliest.article_id
    assert set(cluster_table(factory).values()) == {earliest.article_id}


def test_a_page_naming_another_members_site_as_its_source_points_to_it(factory: sessionmaker[Session]) -> None:
    dedup = Deduplicator.embedded(SOURCES)
    reprint = store(
        factory,
        dedup,
        "national",
        record(
            "http://national.test/r",
            body(STORY),
            datetime(2023, 7, 3, 16, 0, tzinfo=CHINA),
            source="来源：浙江工人日报",
        ),
    )
    original = store(
        factory,
        dedup,
        "province",
        record(
            "http://province.test/o",
            body(STORY),
            datetime(2023, 7, 3, 17, 0, tzinfo=CHINA),
            site_name="浙江工人日报",
        ),
    )
    assert original.outcome == DUPLICATE  # exact hash
    assert set(cluster_table(factory).values()) == {original.article_id}
    assert reprint.article_id != original.article_id


def test_same_template_different_event_stays_apart(factory: sessionmaker[Session]) -> None:
    dedup = Deduplicator.embedded(SOURCES)
    template = (
        "{d}，市总工会党组理论学习中心组召开{m}份集体学习会，市总工会党组书记、常务副主席王立新主持会议并讲话。\n\n"
        "会议集中学习了{topic}。\n\n会上，党组成员{a}结合分管工作作了交流发言，谈了学习体会和下一步工作打算。\n\n"
        "会议强调，要把学习成果转化为推动工会工作高质量发展的具体举措，{task}。\n\n"
        "会议要求，机关各部室要坚持读原著、学原文、悟原理，做到学深悟透、融会贯通，不断提高服务职工群众的能力和水平。"
    )
    events = [
        ("10月12日", "10月", "习近平总书记关于工人阶级和工会工作的重要论述", "李红梅", "扎实办好年度十件实事"),
        ("11月16日", "11月", "中国工会章程修正案和新就业形态劳动者权益保障指导意见", "赵国平", "持续推进重点群体入会"),
        ("12月14日", "12月", "中央经济工作会议精神和两节送温暖工作通知", "周海波", "精心组织开展送温暖活动"),
    ]
    outcomes = [
        store(
            factory,
            dedup,
            "city",
            record(
                f"http://city.test/study-{i}",
                template.format(d=d, m=m, topic=t, a=a, task=task),
                datetime(2023, 10 + i, 12, tzinfo=CHINA),
            ),
        )
        for i, (d, m, t, a, task) in enumerate(events)
    ]
    assert [o.outcome for o in outcomes] == [CREATED, CREATED, CREATED]


def test_short_bodies_merge_only_when_identical(factory: sessionmaker[Session]) -> None:
    dedup = Deduplicator.embedded(SOURCES)
    short = "3月8日，市总工会举办女职工权益保护法律知识讲座，全市120名女职工代表参加。"
    a = store(factory, dedup, "city", record("http://city.test/s1", short, None))
    b = store(factory, dedup, "national", record("http://national.test/s2", short + "（记者 张伟）", None))
    c = store(factory, dedup, "province", record("http://province.test/s3", short.replace("，", ","), None))
    assert (a.outcome, b.outcome, c.outcome) == (CREATED, CREATED, DUPLICATE)
    with session_scope(factory) as session:
        row = fingerprints.get_fingerprint(session, a.article_id)
        assert row is not None and row.signature is None  # never in the near-duplicate index


def test_same_url_again_is_an_update_that_keeps_the_story_and_a_revision(factory: sessionmaker[Session]) -> None:
    dedup = Deduplicator.embedded(SOURCES)
    published = datetime(2023, 7, 3, 16, 51, tzinfo=CHINA)
    first = store(factory, dedup, "province", record("http://province.test/u", body(STORY), published))
    reprint = store(factory, dedup, "city", record("http://city.test/u", body(STORY[:4]), published.replace(hour=18)))
    again = store(factory, dedup, "province", record("http://province.test/u", body(STORY), published))
    edited = store(factory, dedup, "province", record("http://province.test/u", body(STORY[:-1]) + "（完）", published))
    assert (again.outcome, edited.outcome) == (UNCHANGED, UPDATED)
    assert edited.cluster_id == first.article_id == reprint.cluster_id
    with session_scope(factory) as session:
        assert len(articles.list_revisions(session, first.article_id)) == 1
        assert session.scalar(select(ArticleFingerprint.id).where(ArticleFingerprint.article_id == first.article_id))


def test_a_later_correction_of_the_date_re_elects(factory: sessionmaker[Session]) -> None:
    dedup = Deduplicator.embedded(SOURCES)
    a = store(factory, dedup, "city", record("http://city.test/d", body(STORY), datetime(2023, 7, 3, 9, tzinfo=CHINA)))
    b = store(
        factory,
        dedup,
        "national",
        record(
            "http://national.test/d",
            body(STORY[:4]),
            datetime(2023, 7, 4, tzinfo=CHINA),
        ),
    )
    assert b.cluster_id == a.article_id
    fixed = store(
        factory,
        dedup,
        "city",
        record(
            "http://city.test/d",
            body(STORY),
            datetime(2023, 7, 5, 9, tzinfo=CHINA),
            title="更正",
        ),
    )
    assert fixed.outcome == UPDATED
    assert set(cluster_table(factory).values()) == {b.article_id}


def test_the_index_survives_a_restart(factory: sessionmaker[Session]) -> None:
    first = store(
        factory,
        Deduplicator.embedded(SOURCES),
        "province",
        record(
            "http://province.test/r1",
            body(STORY),
            datetime(2023, 7, 3, tzinfo=CHINA),
        ),
    )
    restarted = Deduplicator.embedded(SOURCES)  # a new process: its index is loaded from the fingerprints table
    second = store(
        factory,
        restarted,
        "city",
        record(
            "http://city.test/r2",
            body(STORY[1:]),
            datetime(2023, 7, 4, tzinfo=CHINA),
        ),
    )
    assert second.cluster_id == first.article_id
    assert len(restarted.index) == 1  # loaded at start; its own row joins on the next catch-up


def test_articles_stored_before_fingerprints_existed_are_backfilled(factory: sessionmaker[Session]) -> None:
    from storage.base import utcnow
    from workers.dedup import content_hash

    now = utcnow()
    with session_scope(factory) as session:
        articles.add_article(
            session,
            id="legacy",
            canonical_url="http://province.test/legacy",
            source="province",
            body_text=body(STORY),
            body_html="",
            content_hash=content_hash(body(STORY)),
            extractor_version="old",
            cluster_id="legacy",
            language="zh",
            first_seen_at=now,
            last_seen_at=now,
            updated_at=now,
        )
    reprint = store(
        factory,
        Deduplicator.embedded(SOURCES),
        "city",
        record(
            "http://city.test/new",
            body(STORY[1:]),
            datetime(2023, 7, 4, tzinfo=CHINA),
        ),
    )
    assert reprint.outcome == DUPLICATE
    with session_scope(factory) as session:
        assert fingerprints.get_fingerprint(session, "legacy") is not None
