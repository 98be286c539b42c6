"""`unionfeed runs`: the signature of the cookie challenge a run met beside its errors; JSON in the API's shape;
whole source keys when piped."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from api.schemas import Run
from storage.migrate import upgrade
from storage.repositories.runs import finish_run, start_run
from storage.session import make_engine, make_session_factory, session_scope
from unionfeed.cli import app

SIGNATURE = "http_521 cookie __jsl_clearance_s"


def test_runs_show_the_challenge_signature(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'runs.db'}"
    upgrade(url)
    engine = make_engine(url)
    with session_scope(make_session_factory(engine)) as session:
        run = start_run(session, source="sample-guarded", trigger="cli")
        error = {"kind": "blocked_by_challenge", "reason": SIGNATURE, "url": "http://g.test/", "count": 1, "urls": []}
        stats = {"errors_by_kind": {"blocked_by_challenge": 1}}
        finish_run(session, run.id, status="failed", stats=stats, errors=[error])
    engine.dispose()
    result = CliRunner().invoke(app, ["runs", "--database-url", url], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "blocked_by_challenge×1" in result.output and SIGNATURE in result.output


def test_runs_json_is_the_api_shape(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'runs.db'}"
    upgrade(url)
    engine = make_engine(url)
    with session_scope(make_session_factory(engine)) as session:
        run = start_run(session, source="url-a-long-host-name-of-a-site-nobody-configured-example-org", trigger="cli")
        finish_run(session, run.id, status="succeeded", stats={"requests": 7, "new_articles": 3}, errors=[])
    engine.dispose()
    result = CliRunner().invoke(app, ["runs", "--json", "--database-url", url])
    assert result.exit_code == 0, result.output
    [shown] = json.loads(result.stdout)
    assert set(shown) == set(Run.model_fields)
    assert shown["source"] == "url-a-long-host-name-of-a-site-nobody-configured-example-org"
    assert shown["stats"] == {"requests": 7, "new_articles": 3} and shown["status"] == "succeeded"

    table = CliRunner().invoke(app, ["runs", "--database-url", url], env={"COLUMNS": None})
    assert "url-a-long-host-name-of-a-site-nobody-configured-example-org" in table.stdout  # piped: never cut to 80
