"""The demo's and `crawl --inline`'s processing step tells its progress bar after every page."""

from __future__ import annotations

from pathlib import Path

from common.settings import Settings
from samples.corpus import article_pages
from storage.migrate import upgrade
from storage.repositories import pages
from storage.session import make_engine, make_session_factory, session_scope
from unionfeed.demo import process_pending

ROOT = Path(__file__).resolve().parents[2]


def test_progress_is_told_after_every_page(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pending.db'}"
    upgrade(url)
    engine = make_engine(url)
    with session_scope(make_session_factory(engine)) as session:
        for page in list(article_pages({"zjgh.sample.test"}))[:3]:
            pages.add_raw_page(
                session,
                source="sample-zjgh",
                crawl_run_id=None,
                url=page.url,
                final_url=page.url,
                status_code=200,
                headers=page.headers,
                body=page.body,
            )
    engine.dispose()
    seen: list[tuple[int, int]] = []
    settings = Settings(database_url=url, sources_path=ROOT / "sources.yaml", redis_url=None)
    outcomes = process_pending(settings, lambda done, total: seen.append((done, total)))
    assert [o["outcome"] for o in outcomes] == ["created"] * 3
    assert seen == [(1, 3), (2, 3), (3, 3)]
