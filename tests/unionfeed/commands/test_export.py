"""`unionfeed export` (unionfeed/commands/export.py): JSON Lines, CSV, Parquet, stdout."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
import typer
from typer.testing import CliRunner

from common.settings import Settings
from unionfeed.commands.export import export, export_command


def test_export_jsonl_each_record_once_in_change_order(stored: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "all.jsonl"
    count, cursor = export(Settings(database_url=stored), format="jsonl", output=out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert count == 2 and cursor == 3
    assert [r["title"] for r in records] == ["导出二", "导出一（改）"]
    assert records[1]["also_published_at"][0]["source"] == "workercn"
    assert records[1]["body_html"].startswith("<p>")

    out2 = tmp_path / "since.jsonl"
    assert export(Settings(database_url=stored), format="jsonl", since=2, output=out2) == (1, 3)
    assert export(Settings(database_url=stored), format="jsonl", since=3, output=out2) == (0, 3)
    assert export(Settings(database_url=stored), format="jsonl", source="workercn", output=out2)[0] == 1


def test_export_csv_and_parquet(stored: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    export(Settings(database_url=stored), format="csv", output=tmp_path / "a.csv")
    with (tmp_path / "a.csv").open(encoding="utf-8") as exported:
        rows = list(csv.DictReader(exported))
    assert [r["title"] for r in rows] == ["导出二", "导出一（改）"]
    assert json.loads(rows[0]["images"])[0]["caption"] == "会议现场"

    export(Settings(database_url=stored), format="parquet", output=tmp_path / "a.parquet")
    table = pq.read_table(tmp_path / "a.parquet")
    assert table.num_rows == 2 and table.column("title").to_pylist() == ["导出二", "导出一（改）"]


def test_export_command_streams_to_stdout(stored: str) -> None:
    app = typer.Typer()
    app.command()(export_command)
    result = CliRunner().invoke(app, ["--format", "jsonl", "--database-url", stored, "--no-progress"])
    assert result.exit_code == 0, result.output
    assert len([line for line in result.stdout.splitlines() if line.startswith("{")]) == 2
    assert "GET /changes?cursor=3" in result.output
    assert CliRunner().invoke(app, ["--format", "xml", "--database-url", stored]).exit_code == 2
