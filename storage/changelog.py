"""Automatic change recording, installed on a sessionmaker (`install`; `storage.session.make_session_factory` does it
for every factory that writes articles).

- `after_flush`: each `Article` the flush inserted is noted `created` (and, when it joined another record's cluster,
  that cluster's canonical record `merged`, since its list of other members changed); each `Article` whose
  `cluster_id` changed is noted `merged` (with the canonical records of the clusters it left and joined); any other
  change of content is noted `updated`. Changes to bookkeeping columns alone (`last_seen_at`, `updated_at`,
  `crawl_run_id`, `raw_page_id`: a re-crawl that found the same page) are not changes of the record. An `Article`
  whose `removed_at` was set is noted `deleted` (its page was taken down); cleared again (the page is back), `updated`.
- ORM bulk `update(Article)` / `insert(Article)` statements bypass the flush; `do_orm_execute` notes the rows they
  touch. Plain-SQL writes (`text(...)`, Core on the table) are not seen: call `changes.record_change` for those.
- `before_commit`: flushes, then numbers the transaction's notes (`assign_sequence`), so the numbers are
  taken while the counter row's lock is held until COMMIT: numbers follow commit order.
- `after_transaction_end` of the outermost transaction forgets whatever is left (a rollback).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction, sessionmaker

from storage.models import BOOKKEEPING, Article
from storage.repositories.changes import COMMITTED_KEY, PENDING_KEY, assign_sequence, record_change
from storage.states import CREATED, DELETED, MERGED, UPDATED


def _note_insert(session: Session, article_id: str, cluster_id: str | None) -> None:
    record_change(session, article_id, CREATED)
    if cluster_id and cluster_id != article_id:
        record_change(session, cluster_id, MERGED)


def _after_flush(session: Session, _flush_context: UOWTransaction) -> None:
    for obj in session.new:
        if isinstance(obj, Article):
            _note_insert(session, obj.id, obj.cluster_id)
    for obj in session.dirty:
        if not isinstance(obj, Article):
            continue
        state = inspect(obj)
        changed = {attr.key for attr in state.attrs if attr.history.has_changes()}
        if "removed_at" in changed:  # noted besides a cluster rewrite: the stronger kind is kept
            record_change(session, obj.id, DELETED if obj.removed_at is not None else UPDATED)
        if "cluster_id" in changed:
            record_change(session, obj.id, MERGED)
            history = state.attrs.cluster_id.history
            for cluster_id in [*history.deleted, *history.added]:
                if cluster_id and cluster_id != obj.id:
                    record_change(session, cluster_id, MERGED)
        elif changed - BOOKKEEPING:
            record_change(session, obj.id, UPDATED)


def _written_values(statement: Any) -> dict[str, Any]:
    """Column name -> literal value of an UPDATE's `.values(...)` (None when not a plain literal)."""
    values = getattr(statement, "_values", None) or {}
    return {getattr(key, "key", str(key)): getattr(value, "value", None) for key, value in values.items()}


def _do_orm_execute(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_insert):
        return
    mapper = state.bind_mapper
    if mapper is None or mapper.class_ is not Article:
        return
    session = state.session
    params = state.parameters
    rows = params if isinstance(params, list) else ([params] if isinstance(params, dict) and params else [])
    if state.is_insert:
        for row in rows:
            if "id" in row:
                _note_insert(session, row["id"], row.get("cluster_id"))
        return
    values = _written_values(state.statement)
    columns = set(values) | {key for row in rows for key in row}
    if not columns - BOOKKEEPING - {"id"}:
        return
    kind = MERGED if "cluster_id" in columns else UPDATED
    if "removed_at" in columns and values.get("removed_at") is not None:
        kind = DELETED
    clusters = {values.get("cluster_id")} | {row.get("cluster_id") for row in rows}
    if rows and all("id" in row for row in rows) and state.statement.whereclause is None:
        touched = [(row["id"], None) for row in rows]  # bulk UPDATE by primary key
    else:
        query = select(Article.id, Article.cluster_id).where(state.statement.whereclause)
        touched = [(article_id, cluster_id) for article_id, cluster_id in session.execute(query)]
    for article_id, old_cluster in touched:
        record_change(session, article_id, kind)
        clusters.add(old_cluster)
    if kind == MERGED:
        for cluster_id in clusters - {None} - {article_id for article_id, _ in touched}:
            record_change(session, cluster_id, MERGED)


def _before_commit(session: Session) -> None:
    if not session.info.get(PENDING_KEY) and session._is_clean():  # noqa: SLF001 - cheap "nothing to do" check
        return
    session.flush()
    numbered = assign_sequence(session)  # a global of this module, looked up at call time, so tests can wrap it
    if numbered:
        session.info.setdefault(COMMITTED_KEY, []).extend(numbered)


def _after_transaction_end(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(PENDING_KEY, None)
        session.info.pop(COMMITTED_KEY, None)


_INSTALLED = "_unionfeed_changelog"


def install(factory: sessionmaker[Session]) -> None:
    """Idempotent: listen on the sessions of this one factory (not on every `Session` in the process).

    The mark that says "installed" lives on the factory itself. `event.contains` cannot say it: SQLAlchemy's event
    registry keys a target by its `id()`, so a factory made after another was garbage-collected at the same address
    looks as if it had the listeners while it has none (sqlalchemy/sqlalchemy#4794), and its commits would record
    no change at all."""
    if getattr(factory, _INSTALLED, False):
        return
    for name, handler in (
        ("after_flush", _after_flush),
        ("do_orm_execute", _do_orm_execute),
        ("before_commit", _before_commit),
        ("after_transaction_end", _after_transaction_end),
    ):
        event.listen(factory, name, handler)
    setattr(factory, _INSTALLED, True)
