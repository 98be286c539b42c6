"""Exports carry each record's body confidence in every format (JSON Lines, CSV, Parquet as a float column)."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq

from common.settings import Settings
from storage import migrate
from storage.session import make_engine, make_session_factory, session_scope
from testkit.storage import Seeder
from unionfeed.commands.export import export


def test_exports_carry_confidence(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'export.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with session_scope(make_session_factory(engine)) as session:
        Seeder(session).article(confidence=0.42, flags=["low_confidence"])
        Seeder(session).article(confidence=None)
    engine.dispose()
    settings = Settings(database_url=url)
    export(settings, format="jsonl", output=tmp_path / "a.jsonl")
    lines = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(str(r["confidence"]) for r in lines) == ["0.42", "None"]
    export(settings, format="csv", output=tmp_path / "a.csv")
    assert sorted(r["confidence"] for r in csv.DictReader((tmp_path / "a.csv").open(encoding="utf-8"))) == ["", "0.42"]
    export(settings, format="parquet", output=tmp_path / "a.parquet")
    assert sorted(pq.read_table(tmp_path / "a.parquet").column("confidence").to_pylist(), key=str) == [0.42, None]
