"""Helpers for the story tests that store: a migrated database, raw pages, records of syndicated stories."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from common.sources import Source, SourcesFile
from storage.migrate import upgrade
from storage.repositories import pages
from storage.session import make_engine, make_session_factory, session_scope
from workers.extraction import ArticleRecord
from workers.stories.backfill import backfill_once
from workers.stories.clusters import Deduplicator, Stored, store_record

CHINA = timezone(timedelta(hours=8))

SOURCES = SourcesFile(
    sources=[
        Source(
            key="national",
            name="中工网 / 工人日报 (Workers' Daily)",
            start_urls=["http://national.test/"],
            priority=100,
        ),
        Source(key="province", name="浙江省总工会 / 浙江工人日报", start_urls=["http://province.test/"], priority=50),
        Source(key="city", name="威海市总工会", start_urls=["http://city.test/"], priority=30),
    ]
)

STORY = [
    "7月3日，浙江省总工会召开干部下基层工作汇报会，听取各工作组赴基层蹲点调研情况汇报，研究部署下一阶段重点任务。"
    "省总工会党组书记、常务副主席出席会议并讲话。",
    "今年4月以来，省总工会机关和直属单位共选派42名干部组成14个工作组，分赴11个设区市的产业园区、新就业形态劳动者"
    "集聚区和困难职工家庭开展蹲点调研，累计走访企业186家、职工2300余人，收集意见建议327条。",
    "会上，各工作组结合蹲点情况，围绕货车司机入会难、园区职工子女暑期托管、一线职工技能提升等问题作了交流发言，"
    "并提出了有针对性的工作建议。",
    "会议强调，要把调研成果转化为解决问题的实际举措，对收集到的意见建议逐条梳理、建立台账、限期办结，做到件件有回音、"
    "事事有着落。",
    "会议要求，要建立干部下基层长效机制，把蹲点调研与“我为职工办实事”实践活动结合起来，推动工会服务向基层延伸。",
]


def body(paras: list[str]) -> str:
    return "\n\n".join(paras)


def record(url: str, text: str, published: datetime | None, **fields: object) -> ArticleRecord:
    return ArticleRecord(
        url=url,
        title=fields.pop("title", "汇报会"),
        published_at=published,
        body_text=text,
        language=fields.pop("language", "zh"),
        **fields,
    )  # type: ignore[arg-type]


@pytest.fixture
def factory(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    url = f"sqlite:///{tmp_path / 'dedup.db'}"
    upgrade(url)
    engine = make_engine(url)
    yield make_session_factory(engine)
    engine.dispose()


def store(factory: sessionmaker[Session], dedup: Deduplicator, source: str, rec: ArticleRecord) -> Stored:
    """Store one record the way processing does: the back-fill step first, then a raw page and `store_record` in
    one transaction."""
    backfill_once(factory, dedup)
    with session_scope(factory) as session:
        page = pages.add_raw_page(
            session,
            source=source,
            crawl_run_id=None,
            url=rec.url,
            final_url=rec.url,
            status_code=200,
            headers={},
            body=b"<html></html>",
        )
        return store_record(session, rec, page, dedup)
