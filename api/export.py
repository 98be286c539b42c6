"""Export writers: the API's full article JSON (`api.schemas.Article`) as JSON Lines, CSV or Parquet, streamed.

Pure functions over iterables of records; `unionfeed export` feeds them from the database.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from api import schemas
from storage.models import Article

FORMATS = ("jsonl", "csv", "parquet")
NESTED = ("images", "attachments", "flags", "also_published_at")
COLUMNS = list(schemas.Article.model_fields)
BATCH = 1000


def record(row: Article, members: list[Article]) -> dict[str, Any]:
    return schemas.article(row, members).model_dump(mode="json")


def flat(item: dict[str, Any]) -> dict[str, Any]:
    """Nested lists as JSON text, for the tabular formats."""
    return {k: json.dumps(v, ensure_ascii=False) if k in NESTED else v for k, v in item.items()}


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for item in records:
        out.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n")
        n += 1
    return n


def write_csv(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    n = 0
    for item in records:
        writer.writerow(flat(item))
        n += 1
    return n


def _batches(records: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for item in records:
        batch.append(flat(item))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def parquet_schema():  # type: ignore[no-untyped-def]
    import pyarrow as pa

    types = {
        "revision": pa.int64(),
        "crawl_run_id": pa.int64(),
        "is_canonical": pa.bool_(),
        "confidence": pa.float64(),
    }
    return pa.schema([(name, types.get(name, pa.string())) for name in COLUMNS])


def write_parquet(records: Iterable[dict[str, Any]], out: IO[bytes] | str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    n = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        for batch in _batches(records, BATCH):
            columns = {name: [row.get(name) for row in batch] for name in COLUMNS}
            writer.write_table(pa.table(columns, schema=schema))
            n += len(batch)
    return n
