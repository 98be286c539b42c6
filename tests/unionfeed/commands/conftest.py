"""For the command tests: a SQLite database with stored records and their change log, a sources file of samples
only, and the real command to invoke."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result
from typer.testing import CliRunner

from storage import migrate
from storage.models import Article
from storage.session import make_engine, make_session_factory, session_scope
from testkit.storage import Seeder
from unionfeed.cli import app

ROOT = Path(__file__).resolve().parents[3]


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


@pytest.fixture
def samples_only(tmp_path) -> Path:  # type: ignore[no-untyped-def]
    """A sources file with only the bundled sample sites: what a command under test may be let loose on."""
    raw = yaml.safe_load((ROOT / "sources.yaml").read_text(encoding="utf-8"))
    raw["sources"] = [s for s in raw["sources"] if s.get("sample")]
    path = tmp_path / "samples.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


Invoke = Callable[..., Result]


@pytest.fixture
def cli() -> Invoke:
    """The real `unionfeed` command, embedded (no broker), its output not a terminal: `cli("runs", ENV=value)`."""

    def invoke(*args: str, **env: str | None) -> Result:
        return CliRunner().invoke(app, list(args), env={"REDIS_URL": None, "UNIONFEED_REDIS_URL": None, **env})

    return invoke
