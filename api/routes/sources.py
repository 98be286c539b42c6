from __future__ import annotations

from fastapi import APIRouter, Request

from api import schemas
from api.auth import ReaderKey
from api.deps import SessionDep
from api.schemas import Error, SourceList, SourceStatus
from common.sources import Source
from storage.models import CrawlRun
from storage.repositories import feed
from storage.repositories.runs import challenge_signature
from storage.states import FAILED, FINISHED_RUN_STATUSES, PARTIAL, RUNNING, SUCCEEDED

router = APIRouter(tags=["sources"], dependencies=[ReaderKey])


@router.get("/sources", response_model=SourceList, responses={401: {"model": Error}})
def list_sources(request: Request, session: SessionDep) -> SourceList:
    """The configured sources (and any other source found in storage), each with its last run and its health:
    `ok` (last finished run succeeded), `degraded` (partial), `failing` (failed; see `consecutive_failures`),
    `blocked` (the last finished run fetched nothing and met a cookie challenge; `challenge` is its signature),
    `running` (first run in progress), `never_run`."""
    configured: dict[str, Source] = {s.key: s for s in request.app.state.sources}
    recent = feed.last_runs(session, per_source=10)
    counts = feed.article_counts(session)
    keys = list(configured) + sorted((set(recent) | set(counts)) - set(configured))
    return SourceList(items=[_status(key, configured.get(key), recent.get(key, []), counts.get(key)) for key in keys])


def _status(key: str, source: Source | None, recent: list[CrawlRun], counts: tuple[int, int] | None) -> SourceStatus:
    finished = [r for r in recent if r.status in FINISHED_RUN_STATUSES]
    failures = 0
    for run in finished:
        if run.status != FAILED:
            break
        failures += 1
    challenge = challenge_signature(finished[0]) if finished else None
    if finished:
        health = {SUCCEEDED: "ok", PARTIAL: "degraded", FAILED: "failing"}[finished[0].status]
        if challenge is not None and finished[0].status == FAILED:
            health = "blocked"
    else:
        health = "running" if recent and recent[0].status == RUNNING else "never_run"
    success = next((r for r in finished if r.status == SUCCEEDED), None)
    schedule = None
    if source is not None:
        schedule = f"cron {source.schedule.cron}" if source.schedule.cron else f"every {source.schedule.every}"
    return SourceStatus(
        key=key,
        name=source.name if source else None,
        language=source.language if source else None,
        enabled=source.enabled if source else None,
        schedule=schedule,
        articles=counts[0] if counts else 0,
        canonical_articles=counts[1] if counts else 0,
        health=health,  # type: ignore[arg-type]
        consecutive_failures=failures,
        challenge=challenge,
        last_run=schemas.run(recent[0]) if recent else None,
        last_success_at=(success.finished_at or success.started_at) if success else None,
    )
