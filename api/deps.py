"""Request dependencies. The request owns the transaction: one session per request, committed when the route
returns, rolled back when it raises. Routes and repositories never commit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session, sessionmaker

from common.settings import Settings


async def get_session(request: Request) -> AsyncIterator[Session]:
    """Like `storage.session.session_scope`, as an async dependency: making a Session does no I/O, so only the
    commit (or rollback) goes to the thread pool; the sync routes run their queries there as usual."""
    factory: sessionmaker[Session] = request.app.state.session_factory
    session = factory()
    try:
        yield session
    except BaseException:
        await run_in_threadpool(_end, session, commit=False)
        raise
    await run_in_threadpool(_end, session, commit=True)


def _end(session: Session, *, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
