"""Consumer keys on reads. A key comes in a header, `Authorization: Bearer <key>` or `X-API-Key: <key>`; as
`?api_key=<key>` only where the deployment turns `api_query_keys` on (feed readers that cannot set headers), and even
then it is never logged (api/accesslog.py) nor echoed in a link (`public_url`). Off when the deployment sets
`api_auth` false. Answers are cached per app for a short time, so a revoked key stops working within
`CACHE_SECONDS`. Each key's requests and each address's unknown keys are rate-limited (api/ratelimit.py)."""

from __future__ import annotations

from typing import Annotated

from cachetools import TTLCache
from fastapi import Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from api.deps import SessionDep
from api.errors import ApiError
from api.ratelimit import RateLimits, client_address
from storage.repositories import api_keys

CACHE_SECONDS = 30.0
CACHE_SIZE = 10_000
MAX_KEY_LENGTH = 200
QUERY_KEY = "api_key"

_bearer = HTTPBearer(auto_error=False, description="A consumer key (`unionfeed keys create NAME`).")
_header = APIKeyHeader(name="X-API-Key", auto_error=False)


class KeyCache:
    """Per-app memo of a key's SHA-256 -> its role, for `CACHE_SECONDS`. Valid and unknown keys are kept apart, each
    evicting its least recently used entry when full: a flood of made-up keys cannot push out the keys in use."""

    def __init__(self, size: int = CACHE_SIZE, seconds: float = CACHE_SECONDS) -> None:
        self._valid: TTLCache[str, str] = TTLCache(size, seconds)
        self._unknown: TTLCache[str, bool] = TTLCache(size, seconds)

    def get(self, digest: str) -> str | None:
        """The role, "" for a key known to be invalid, None when not cached."""
        role = self._valid.get(digest)
        if role is not None:
            return role
        return "" if self._unknown.get(digest) else None

    def put(self, digest: str, role: str) -> None:
        if role:
            self._valid[digest] = role
        else:
            self._unknown[digest] = True


async def key_role(
    request: Request,
    session: SessionDep,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    header_key: Annotated[str | None, Depends(_header)],
    api_key: Annotated[str | None, Query(alias=QUERY_KEY, include_in_schema=False)] = None,
) -> str | None:
    """The role of the key sent ("reader" or "operator"); None when the deployment turned auth off."""
    settings = request.app.state.settings
    if not settings.api_auth:
        return None
    if api_key is not None and not settings.api_query_keys:
        raise ApiError(401, "keys in the query string are turned off here: send 'Authorization: Bearer <key>'")
    key = (bearer.credentials if bearer else None) or header_key or api_key
    if not key:
        raise ApiError(401, "a consumer key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'")
    role = await role_of(request, session, key)
    if not role:
        raise ApiError(401, "invalid or revoked key")
    limits: RateLimits = request.app.state.rate_limits
    refusal = await limits.hit(limits.per_key, "requests with this key", api_keys.hash_key(key))
    if refusal is not None:
        raise refusal
    return role


def query_key(request: Request) -> str | None:
    """`?api_key=`, where the deployment accepts keys in the query string."""
    return request.query_params.get(QUERY_KEY) if request.app.state.settings.api_query_keys else None


def public_url(request: Request) -> str:
    """The request's absolute URL without a query-string key, for self links."""
    return str(request.url.remove_query_params(QUERY_KEY))


async def role_of(request: Request, session: Session, key: str) -> str:
    """The role of an active key, "" for an unknown, revoked or overlong one (cached per app). An address that sent
    too many unknown keys gets a 429 before its next lookup reaches the database."""
    limits: RateLimits = request.app.state.rate_limits
    address = client_address(request.scope)
    digest = api_keys.hash_key(key)
    cache: KeyCache = request.app.state.key_cache
    role = cache.get(digest)
    if role is None:
        refusal = await limits.refusal(limits.bad_keys, "unknown keys from this address", address)
        if refusal is not None:
            raise refusal
        if len(key) > MAX_KEY_LENGTH:
            role = ""
        else:
            row = await run_in_threadpool(lambda: api_keys.find_active(session, key))
            role = row.role if row is not None else ""
        cache.put(digest, role)
    if not role:
        refusal = await limits.hit(limits.bad_keys, "unknown keys from this address", address)
        if refusal is not None:
            raise refusal
    return role


async def require_key(role: Annotated[str | None, Depends(key_role)]) -> None:
    """Any valid key reads."""


async def require_operator(role: Annotated[str | None, Depends(key_role)]) -> None:
    """Triggering work needs an operator key (`unionfeed keys create NAME --operator`); reader keys only read."""
    if role is not None and role != "operator":
        raise ApiError(403, "this route needs an operator key; consumer keys are read-only")


ReaderKey = Depends(require_key)
OperatorKey = Depends(require_operator)
