"""A small typed client of the unionfeed HTTP API, and the consumer side of its exactly-once contract.

`UnionfeedClient` reads pages (`articles`, `article`, `changes`, `head`); `sync` keeps a consumer's copy in step
through `GET /changes`: each page's changes and the page's cursor are applied in **one transaction** of the
consumer's store, so a consumer that stops anywhere (between the fetch and the apply, or between two pages) resumes
from its stored cursor and applies every change exactly once. `SqliteStore` is such a store (stdlib sqlite3); any
object with `cursor()` and `apply(changes, cursor)` doing the same may replace it. See docs/feed.md.

It needs only httpx and pydantic, and imports nothing else of unionfeed: copy it into a consumer as it is.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Protocol

import httpx
from pydantic import BaseModel

ChangeKind = Literal["created", "updated", "merged", "deleted"]
Record = dict[str, Any]
MAX_PAGE_SIZE = 100


class UnionfeedError(Exception):
    """An error answer of the API (`{"error": {"status", "code", "message", "details"}}`)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


class Change(BaseModel):
    seq: int
    kind: ChangeKind
    article_id: str
    changed_at: datetime
    article: Record | None  # the record as it is now; None when it no longer exists


class ChangePage(BaseModel):
    items: list[Change]
    cursor: int
    has_more: bool


class ArticlePage(BaseModel):
    items: list[Record]
    next: str | None
    cursor: str | None


class ConsumerStore(Protocol):
    """Where a consumer keeps its copy and its cursor."""

    def cursor(self) -> int:
        """The `seq` of the last change applied (0 before the first sync)."""
        ...

    def apply(self, changes: Sequence[Change], cursor: int) -> None:
        """Apply the changes in order and store `cursor`, all or nothing."""
        ...


@dataclass(frozen=True)
class SyncResult:
    pages: int
    upserted: int
    deleted: int
    cursor: int


class UnionfeedClient:
    """`base_url` of `unionfeed serve`; `api_key`: a consumer key (sent as a Bearer token)."""

    def __init__(
        self,
        base_url: str,
        api_key: str | None = None,
        *,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._http = httpx.Client(base_url=base_url, headers=headers, timeout=timeout, transport=transport)

    def __enter__(self) -> UnionfeedClient:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def articles(self, *, cursor: str | None = None, limit: int = 50, **filters: str | float | bool) -> ArticlePage:
        """One page of `/articles` (filters as the route names them: source, category, since, q, ...)."""
        params = {"limit": limit, **filters, **({"cursor": cursor} if cursor else {})}
        return ArticlePage.model_validate(self._get("/articles", params))

    def article(self, article_id: str) -> Record:
        return self._get(f"/articles/{article_id}", {})

    def changes(self, cursor: int = 0, *, limit: int = MAX_PAGE_SIZE, source: str | None = None) -> ChangePage:
        params: dict[str, Any] = {"cursor": cursor, "limit": limit}
        if source is not None:
            params["source"] = source
        return ChangePage.model_validate(self._get("/changes", params))

    def head(self) -> int:
        """The newest change number: a new consumer that wants only what comes next starts here."""
        return int(self._get("/changes/head", {})["cursor"])

    def sync(self, store: ConsumerStore, *, limit: int = MAX_PAGE_SIZE, max_pages: int | None = None) -> SyncResult:
        """Apply every change after the store's cursor, page by page, until none is left (or `max_pages`)."""
        cursor = store.cursor()
        pages = upserted = deleted = 0
        while max_pages is None or pages < max_pages:
            page = self.changes(cursor, limit=limit)
            if page.items:
                store.apply(page.items, page.cursor)
                pages += 1
                gone = sum(1 for change in page.items if _removes(change))
                deleted += gone
                upserted += len(page.items) - gone
            cursor = page.cursor
            if not page.has_more:
                break
        return SyncResult(pages=pages, upserted=upserted, deleted=deleted, cursor=cursor)

    def _get(self, path: str, params: dict[str, Any]) -> Any:
        response = self._http.get(path, params=params)
        if response.is_error:
            raise _error(response)
        return response.json()


def _removes(change: Change) -> bool:
    """A `deleted` change (the publisher took the page down), a later change of a record still taken down (its
    story moved on), or a record that no longer exists: the consumer holds none of them."""
    return change.kind == "deleted" or change.article is None or change.article.get("removed_at") is not None


def _error(response: httpx.Response) -> UnionfeedError:
    try:
        body = response.json()["error"]
        return UnionfeedError(int(body["status"]), str(body["code"]), str(body["message"]))
    except (ValueError, KeyError, TypeError):
        return UnionfeedError(response.status_code, "http_error", response.text[:200])


class SqliteStore:
    """A consumer's copy in one SQLite file: the records by id, and the cursor, changed in one transaction."""

    def __init__(self, path: str | Path) -> None:
        self._db = sqlite3.connect(path)
        with self._db:
            self._db.execute("CREATE TABLE IF NOT EXISTS records (id TEXT PRIMARY KEY, record TEXT NOT NULL)")
            self._db.execute("CREATE TABLE IF NOT EXISTS sync_cursor (id INTEGER PRIMARY KEY CHECK (id = 1), seq INT)")
            self._db.execute("INSERT OR IGNORE INTO sync_cursor (id, seq) VALUES (1, 0)")

    def cursor(self) -> int:
        return int(self._db.execute("SELECT seq FROM sync_cursor WHERE id = 1").fetchone()[0])

    def apply(self, changes: Sequence[Change], cursor: int) -> None:
        with self._db:  # one transaction: commits on success, rolls back on any error
            for change in changes:
                if _removes(change):
                    self._db.execute("DELETE FROM records WHERE id = ?", (change.article_id,))
                else:
                    record = json.dumps(change.article, ensure_ascii=False)
                    self._db.execute(
                        "INSERT INTO records (id, record) VALUES (?, ?) "
                        "ON CONFLICT (id) DO UPDATE SET record = excluded.record",
                        (change.article_id, record),
                    )
            self._db.execute("UPDATE sync_cursor SET seq = ? WHERE id = 1", (cursor,))

    def record(self, article_id: str) -> Record | None:
        row = self._db.execute("SELECT record FROM records WHERE id = ?", (article_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def ids(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT id FROM records")}

    def close(self) -> None:
        self._db.close()
