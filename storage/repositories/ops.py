"""Queries behind the operations view: counters and per-source state maintained on write, and the bounded reads of
the status page and /metrics. Like every repository this never commits.

Writers add to counters with one upsert per row (`INSERT ... ON CONFLICT DO UPDATE SET value = value + n`), taken in
a fixed order (sorted keys), so concurrent workers never deadlock on them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, literal, or_, select, union_all
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from common.health import SourceFacts
from storage.models import Article, ArticleChange, ChangeCounter, RawPage
from storage.ops_models import (
    ALL_SOURCES,
    DAILY_KEEP_DAYS,
    HOURLY_KEEP_DAYS,
    OpsCounter,
    OpsDailyCount,
    OpsHourlyCount,
    OpsPageExtraction,
    OpsSourceState,
    WebhookDelivery,
    WebhookSubscription,
)
from storage.states import CREATED, FAILED, PENDING

__all__ = ["ALL_SOURCES", "WebhookSubscription", "epoch_day", "epoch_hour"]


def epoch_hour(at: datetime) -> int:
    return int(at.timestamp()) // 3600


def epoch_day(at: datetime) -> int:
    return int(at.timestamp()) // 86400


def _insert(session: Session, table: Any) -> Any:
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def add_counts(
    session: Session, source: str, counts: Mapping[str, float], *, at: datetime, hourly: Iterable[str] = ()
) -> None:
    """Add to the source's totals; the names in `hourly` are also added to the hour and the day of `at`."""
    hourly = set(hourly)
    hour = epoch_hour(at)
    for name in sorted(counts):
        value = counts[name]
        if not value:
            continue
        _add_total(session, source, name, value)
        if name in hourly:
            for table, column, bucket in ((OpsHourlyCount, "hour", hour), (OpsDailyCount, "day", hour // 24)):
                statement = _insert(session, table).values(
                    source=source, name=name, value=int(value), **{column: bucket}
                )
                session.execute(
                    statement.on_conflict_do_update(
                        index_elements=["source", "name", column],
                        set_={"value": table.value + statement.excluded.value},
                    )
                )


def _add_total(session: Session, source: str, name: str, value: float) -> None:
    statement = _insert(session, OpsCounter).values(source=source, name=name, value=value)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["source", "name"], set_={"value": OpsCounter.value + statement.excluded.value}
        )
    )


def state(session: Session, source: str) -> OpsSourceState:
    """The source's state row, created when missing. `INSERT ... ON CONFLICT DO NOTHING` first: a worker may be
    creating the same row at this moment (`note_newest_article`), and the crawler's run must not fail on it."""
    row = session.get(OpsSourceState, source)
    if row is None:
        statement = _insert(session, OpsSourceState).values(
            source=source, consecutive_failures=0, last_run_stats={}, drift=[], extraction={}
        )
        session.execute(statement.on_conflict_do_nothing(index_elements=["source"]))
        row = session.get_one(OpsSourceState, source)
    return row


def note_newest_article(session: Session, source: str, at: datetime) -> None:
    """Keep the newest article time of the source (an upsert that only moves it forward)."""
    statement = _insert(session, OpsSourceState).values(
        source=source, newest_article_at=at, consecutive_failures=0, last_run_stats={}, drift=[], extraction={}
    )
    newest = OpsSourceState.newest_article_at
    later = func.greatest if session.get_bind().dialect.name == "postgresql" else func.max
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["source"],
            set_={
                "newest_article_at": later(
                    func.coalesce(newest, statement.excluded.newest_article_at), statement.excluded.newest_article_at
                )
            },
        )
    )


def add_extraction(session: Session, **fields: Any) -> None:
    session.add(OpsPageExtraction(**fields))


def recent_extractions(session: Session, source: str, limit: int) -> list[OpsPageExtraction]:
    """The source's newest observations, newest first (index `source, id`)."""
    query = select(OpsPageExtraction).where(OpsPageExtraction.source == source)
    return list(session.scalars(query.order_by(OpsPageExtraction.id.desc()).limit(limit)))


def prune_extractions(session: Session, source: str, keep: int) -> None:
    boundary = session.scalar(
        select(OpsPageExtraction.id)
        .where(OpsPageExtraction.source == source)
        .order_by(OpsPageExtraction.id.desc())
        .offset(keep)
        .limit(1)
    )
    if boundary is not None:
        session.execute(
            delete(OpsPageExtraction).where(OpsPageExtraction.source == source, OpsPageExtraction.id <= boundary)
        )


def prune_hourly(session: Session, now: datetime) -> int:
    """Forget hours and days past what the views read."""
    hours = delete(OpsHourlyCount).where(OpsHourlyCount.hour < epoch_hour(now) - HOURLY_KEEP_DAYS * 24)
    days = delete(OpsDailyCount).where(OpsDailyCount.day < epoch_day(now) - DAILY_KEEP_DAYS)
    return (session.execute(hours).rowcount or 0) + (session.execute(days).rowcount or 0)


def states(session: Session) -> dict[str, OpsSourceState]:
    return {row.source: row for row in session.scalars(select(OpsSourceState))}


def hourly_sums(session: Session, *, since: datetime, names: Iterable[str]) -> dict[tuple[str, str], int]:
    """(source, name) -> sum over the hours from `since` on."""
    query = (
        select(OpsHourlyCount.source, OpsHourlyCount.name, func.sum(OpsHourlyCount.value))
        .where(OpsHourlyCount.hour >= epoch_hour(since), OpsHourlyCount.name.in_(list(names)))
        .group_by(OpsHourlyCount.source, OpsHourlyCount.name)
    )
    return {(source, name): int(total or 0) for source, name, total in session.execute(query)}


@dataclass
class Figures:
    """What the status page shows besides the state rows, read in one statement (`status_figures`)."""

    hourly: dict[tuple[str, str], int] = field(default_factory=dict)  # (source, name) -> sum since `hours_since`
    daily: dict[tuple[str, str], dict[int, int]] = field(default_factory=dict)  # (source, name) -> {day: count}
    backlog: dict[tuple[str, str], int] = field(default_factory=dict)  # (source, page state) -> pages
    changes_head: int = 0


def status_figures(
    session: Session, *, hours_since: datetime, hourly_names: Iterable[str], daily_since: Mapping[str, datetime]
) -> Figures:
    """The hourly sums, the daily series, the raw-page backlog and the change-log head in one round trip: four
    bounded reads as one `UNION ALL` of (kind, source, name, bucket, value) rows. On a busy server every round trip
    waits its turn; the status page pays one here instead of four."""
    hourly = (
        select(
            literal("h").label("kind"),
            OpsHourlyCount.source,
            OpsHourlyCount.name,
            literal(0).label("bucket"),
            func.sum(OpsHourlyCount.value).label("value"),
        )
        .where(OpsHourlyCount.name.in_(list(hourly_names)), OpsHourlyCount.hour >= epoch_hour(hours_since))
        .group_by(OpsHourlyCount.source, OpsHourlyCount.name)
    )
    wanted = [(OpsDailyCount.name == name) & (OpsDailyCount.day >= epoch_day(at)) for name, at in daily_since.items()]
    daily = select(
        literal("d"), OpsDailyCount.source, OpsDailyCount.name, OpsDailyCount.day, OpsDailyCount.value
    ).where(or_(*wanted))
    backlog = (
        select(literal("p"), RawPage.source, RawPage.process_state, literal(0), func.count())
        .where(RawPage.process_state.in_([PENDING, FAILED]))
        .group_by(RawPage.source, RawPage.process_state)
    )
    head = select(literal("c"), literal(""), literal(""), literal(0), ChangeCounter.value).where(ChangeCounter.id == 1)
    figures = Figures()
    for kind, source, name, bucket, value in session.execute(union_all(hourly, daily, backlog, head)):
        if kind == "h":
            figures.hourly[(source, name)] = int(value or 0)
        elif kind == "d":
            figures.daily.setdefault((source, name), {})[int(bucket)] = int(value)
        elif kind == "p":
            figures.backlog[(source, name)] = int(value)
        else:
            figures.changes_head = int(value or 0)
    return figures


def state_rows(session: Session) -> dict[str, Any]:
    """The state rows as plain rows (same attribute names), for read-only views: cheaper than ORM objects."""
    return {row.source: row for row in session.execute(select(OpsSourceState.__table__))}


def totals(session: Session) -> list[tuple[str, str, float]]:
    query = select(OpsCounter.source, OpsCounter.name, OpsCounter.value)
    return [(source, name, float(value)) for source, name, value in session.execute(query)]


def changes_head(session: Session) -> int:
    """The last `/changes` sequence number handed out (the counter's single row)."""
    return int(session.scalar(select(ChangeCounter.value).where(ChangeCounter.id == 1)) or 0)


def source_facts(row: OpsSourceState | None) -> SourceFacts:
    """The ledger summary as the health rules read it (common.health)."""
    if row is None:
        return SourceFacts()
    return SourceFacts(
        last_run_status=row.last_run_status,
        last_run_finished_at=row.last_run_finished_at,
        last_success_at=row.last_success_at,
        consecutive_failures=row.consecutive_failures or 0,
        first_run_at=row.first_run_at,
        drift=list(row.drift or []),
    )


# --- webhooks ---


def enqueue_delivery(session: Session, *, url: str, event: str, payload: dict[str, Any], now: datetime) -> None:
    session.add(
        WebhookDelivery(
            url=url, event=event, payload=payload, status="pending", attempts=0, next_attempt_at=now, created_at=now
        )
    )


def due_delivery_ids(session: Session, now: datetime, limit: int) -> list[int]:
    query = (
        select(WebhookDelivery.id)
        .where(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now)
        .order_by(WebhookDelivery.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def claim_delivery(session: Session, delivery_id: int) -> WebhookDelivery | None:
    """The delivery, row-locked on PostgreSQL (SKIP LOCKED: another worker has it), if still pending."""
    query = select(WebhookDelivery).where(WebhookDelivery.id == delivery_id, WebhookDelivery.status == "pending")
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return session.scalars(query).first()


def due_subscription_ids(session: Session, now: datetime) -> list[int]:
    query = select(WebhookSubscription.id).where(WebhookSubscription.next_attempt_at <= now)
    return list(session.scalars(query.order_by(WebhookSubscription.id)))


def claim_subscription(session: Session, subscription_id: int) -> WebhookSubscription | None:
    query = select(WebhookSubscription).where(WebhookSubscription.id == subscription_id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return session.scalars(query).first()


def created_after(session: Session, seq: int, limit: int) -> list[tuple[int, Article]]:
    """Articles created after change `seq`, in change order (the change log's primary key)."""
    query = (
        select(ArticleChange.seq, Article)
        .join(Article, Article.id == ArticleChange.article_id)
        .where(ArticleChange.seq > seq, ArticleChange.kind == CREATED)
        .order_by(ArticleChange.seq)
        .limit(limit)
    )
    return [(int(s), a) for s, a in session.execute(query)]


def add_subscription(session: Session, *, api_key_id: int, url: str, secret: str, now: datetime) -> WebhookSubscription:
    row = WebhookSubscription(
        api_key_id=api_key_id,
        url=url,
        secret=secret,
        last_seq=changes_head(session),
        failures=0,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def subscriptions_of(session: Session, api_key_id: int) -> list[WebhookSubscription]:
    query = select(WebhookSubscription).where(WebhookSubscription.api_key_id == api_key_id)
    return list(session.scalars(query.order_by(WebhookSubscription.id)))


def remove_subscription(session: Session, api_key_id: int, subscription_id: int) -> bool:
    result = session.execute(
        delete(WebhookSubscription).where(
            WebhookSubscription.id == subscription_id, WebhookSubscription.api_key_id == api_key_id
        )
    )
    return bool(result.rowcount)
