"""Rate limits (the `limits` library, sliding-window counters): every request from one client address but /health
(`ClientRateLimit`, a middleware), the requests of one key and the unknown keys one address sends (api/auth.py).

Counted in Redis when the deployment has one, so every API process shares the counts; in the process otherwise.
Over a limit the answer is 429 with `Retry-After`. A Redis outage does not stop the API: the limits are then not
enforced for `PAUSE_SECONDS` after each failed count (logged), so requests do not each wait for the store.
"""

from __future__ import annotations

import logging
import math
import time

from limits import RateLimitItem, parse_many
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import SlidingWindowCounterRateLimiter
from limits.errors import StorageError
from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import ApiError, error_response
from common.settings import Settings

log = logging.getLogger(__name__)

REDIS_PREFIX = "unionfeed:ratelimit"
UNLIMITED_PATHS = frozenset({"/health"})  # load balancers' probes
PAUSE_SECONDS = 10.0


def parse_limits(text: str) -> list[RateLimitItem]:
    """`"10/second;600/minute"` -> its items; empty text -> no limit."""
    return parse_many(text) if text.strip() else []


class RateLimits:
    """The deployment's limits and the counter store they are kept in. One per app (create_app makes it)."""

    def __init__(self, settings: Settings) -> None:
        storage: Storage
        if settings.redis_url:
            storage = RedisStorage(
                "async+" + settings.redis_url, implementation="redispy", key_prefix=REDIS_PREFIX, wrap_exceptions=True
            )
        else:
            storage = MemoryStorage()
        self._limiter = SlidingWindowCounterRateLimiter(storage)
        self._paused_until = 0.0
        self.per_key = parse_limits(settings.api_rate_limit_per_key)
        self.per_ip = parse_limits(settings.api_rate_limit_per_ip)
        self.bad_keys = parse_limits(settings.api_rate_limit_bad_keys)

    async def hit(self, items: list[RateLimitItem], what: str, identifier: str) -> ApiError | None:
        """Count one of `what` ("requests from this address") by `identifier`; the 429 to answer when one of `items`
        is exhausted, None while all allow it."""
        return await self._check(items, what, identifier, count=True)

    async def refusal(self, items: list[RateLimitItem], what: str, identifier: str) -> ApiError | None:
        """Like `hit`, without counting: the 429 to answer when one of `items` is already exhausted."""
        return await self._check(items, what, identifier, count=False)

    async def _check(self, items: list[RateLimitItem], what: str, identifier: str, *, count: bool) -> ApiError | None:
        if not items or time.monotonic() < self._paused_until:
            return None
        check = self._limiter.hit if count else self._limiter.test
        try:
            for item in items:
                if not await check(item, what, identifier):
                    return await self._refusal(item, what, identifier)
        except StorageError as exc:
            self._paused_until = time.monotonic() + PAUSE_SECONDS
            log.warning("rate limits not enforced for %.0f s, their store failed: %s", PAUSE_SECONDS, exc)
        return None

    async def _refusal(self, item: RateLimitItem, what: str, identifier: str) -> ApiError:
        stats = await self._limiter.get_window_stats(item, what, identifier)
        wait = max(1, math.ceil(stats.reset_time - time.time()))
        return ApiError(429, f"{what}: at most {item}; retry in {wait} s", headers={"Retry-After": str(wait)})


def client_address(scope: Scope) -> str:
    """The client's address (uvicorn's `proxy_headers` puts a trusted proxy's X-Forwarded-For here)."""
    client = scope.get("client")
    return client[0] if client else "unknown"


class ClientRateLimit:
    """ASGI middleware: every request from one address counts against `api_rate_limit_per_ip`."""

    def __init__(self, app: ASGIApp, limits: RateLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.limits.per_ip and scope["path"] not in UNLIMITED_PATHS:
            refusal = await self.limits.hit(self.limits.per_ip, "requests from this address", client_address(scope))
            if refusal is not None:
                response = error_response(refusal.status, refusal.message, headers=refusal.headers)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
