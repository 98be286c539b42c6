"""Consumer keys on reads. A key comes as `Authorization: Bearer <key>`, `X-API-Key: <key>`, or, for feed readers
that cannot set headers, `?api_key=<key>`. Off when the deployment sets `api_auth` false. Answers are cached per app
for a short time, so a revoked key stops working within `CACHE_SECONDS`."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from api.deps import SessionDep
from api.errors import ApiError
from storage.repositories import api_keys

CACHE_SECONDS = 30.0
MAX_KEY_LENGTH = 200

_bearer = HTTPBearer(auto_error=False, description="A consumer key (`unionfeed keys create NAME`).")
_header = APIKeyHeader(name="X-API-Key", auto_error=False)


class KeyCache:
    """Per-app memo of key -> (role, or "" for an invalid key; expiry). Not global: create_app makes one."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[str, float]] = {}

    def get(self, key: str) -> str | None:
        entry = self._entries.get(key)
        if entry is None or entry[1] < time.monotonic():
            return None
        return entry[0]

    def put(self, key: str, role: str) -> None:
        if len(self._entries) > 10_000:
            self._entries.clear()
        self._entries[key] = (role, time.monotonic() + CACHE_SECONDS)


async def key_role(
    request: Request,
    session: SessionDep,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    header_key: Annotated[str | None, Depends(_header)],
    api_key: Annotated[str | None, Query(max_length=MAX_KEY_LENGTH, include_in_schema=False)] = None,
) -> str | None:
    """The role of the key sent ("reader" or "operator"); None when the deployment turned auth off."""
    if not request.app.state.settings.api_auth:
        return None
    key = (bearer.credentials if bearer else None) or header_key or api_key
    if not key:
        raise ApiError(401, "a consumer key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'")
    role = await role_of(request, session, key)
    if not role:
        raise ApiError(401, "invalid or revoked key")
    return role


async def role_of(request: Request, session: Session, key: str) -> str:
    """The role of an active key, "" for an unknown, revoked or overlong one (cached per app)."""
    if len(key) > MAX_KEY_LENGTH:
        return ""
    cache: KeyCache = request.app.state.key_cache
    role = cache.get(key)
    if role is None:
        row = await run_in_threadpool(lambda: api_keys.find_active(session, key))
        role = row.role if row is not None else ""
        cache.put(key, role)
    return role


async def require_key(role: Annotated[str | None, Depends(key_role)]) -> None:
    """Any valid key reads."""


async def require_operator(role: Annotated[str | None, Depends(key_role)]) -> None:
    """Triggering work needs an operator key (`unionfeed keys create NAME --operator`); reader keys only read."""
    if role is not None and role != "operator":
        raise ApiError(403, "this route needs an operator key; consumer keys are read-only")


ReaderKey = Depends(require_key)
OperatorKey = Depends(require_operator)
