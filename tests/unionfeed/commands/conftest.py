"""A SQLite database with stored records and their change log, for the command tests."""

from __future__ import annotations

import pytest

from storage import migrate
from storage.models import Article
from storage.session import make_engine, make_session_factory, session_scope
from testkit.storage import Seeder


@pytest.fixture
def stored(tmp_path) -> str:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with session_scope(factory) as session:
        seed = Seeder(session)
        a = seed.article(title="导出一")
        seed.article(source="workercn", cluster_id=a.id, title="导出二")
    with session_scope(factory) as session:
        session.get_one(Article, a.id).title = "导出一（改）"  # change 3: a again
    engine.dispose()
    return url
