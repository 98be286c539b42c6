"""Deployment settings, read from the environment once at each entry point and passed down explicitly.

Nothing here is a global: the CLI, the Celery app, the Scrapy settings and the API factory each build a
`Settings()` and hand it to what they create.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

from limits import parse_many
from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from common.addresses import parse_networks

DEFAULT_DATABASE_URL = "sqlite:///./var/unionfeed.db"


class Settings(BaseSettings):
    """Everything a deployment may change. Empty `redis_url` means the embedded mode: tasks run in-process."""

    model_config = SettingsConfigDict(env_prefix="UNIONFEED_", extra="ignore")

    database_url: str = Field(
        DEFAULT_DATABASE_URL, validation_alias=AliasChoices("DATABASE_URL", "UNIONFEED_DATABASE_URL")
    )
    redis_url: str | None = Field(None, validation_alias=AliasChoices("REDIS_URL", "UNIONFEED_REDIS_URL"))
    sources_path: Path = Path("sources.yaml")
    user_agent: str = "unionfeed/0.1 (+mailto:crawler@unionfeed.invalid)"
    # Host suffix -> proxy URL. The bundled sample sites are reached this way (".sample.test" -> local server).
    proxy_routes: dict[str, str] = Field(default_factory=dict)
    crawl_time_limit: int = 1800
    # A running crawl whose process cannot be seen (another host) and that gave no heartbeat for this long is swept
    # to `interrupted`; one whose process on this host is gone, at once. Heartbeats come every CRAWL_RUN_FLUSH_INTERVAL.
    crawl_stale_after_seconds: int = 300
    # The browser for sources rendered by JavaScript (`render: browser | auto`): Chromium from the OS packages.
    chromium_path: str = "/usr/bin/chromium"
    # Networks outside the public internet every source may fetch from (intranet installs), besides each source's
    # own `private_networks`: CIDR, JSON list or comma-separated. Empty: public addresses only.
    private_networks: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Pages still pending this long after their fetch are re-enqueued by the reconciler.
    reconcile_grace_seconds: int = 600
    reconcile_every_seconds: int = 300
    # A message a worker took and never acknowledged (the worker was killed) goes back to the queue this long after
    # it was taken. Workers renew the messages they hold, so a long task is not sent twice (docs/operations.md).
    broker_visibility_seconds: int = Field(300, ge=1)
    # A page whose processing met a transient error (database or Redis away) is retried with exponential backoff
    # from `process_retry_backoff_seconds`, at most `process_retry_backoff_max_seconds` apart, this many times.
    process_max_retries: int = Field(12, ge=0)
    process_retry_backoff_seconds: int = Field(2, ge=0)
    process_retry_backoff_max_seconds: int = Field(120, ge=0)
    # Reads need a consumer key (`unionfeed keys create`) unless a deployment turns this off.
    api_auth: bool = True
    # Keys in the query string (`?api_key=`) for feed readers that cannot send headers. Off by default: URLs end up
    # in proxy logs and browser histories. When on, such a key is still never logged nor echoed in a link.
    api_query_keys: bool = False
    # Rate limits ("N/second|minute|hour", several joined by ";"; empty: none), counted in Redis when `redis_url` is
    # set (shared by every API process), in the process otherwise. Over a limit: 429 with Retry-After.
    api_rate_limit_per_key: str = "600/minute"  # the requests of one key
    api_rate_limit_per_ip: str = "1200/minute"  # every request from one client address (except /health)
    api_rate_limit_bad_keys: str = "20/minute"  # unknown or revoked keys sent from one client address
    # Browser origins allowed to read the API (CORS, `api/http.py`): JSON list or comma-separated; empty = CORS off.
    api_cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    api_gzip_min_bytes: int = Field(1000, ge=0)  # responses at least this large are gzipped for clients that accept it
    # Operations (docs/operations.md): who sees the status page, when a source is failing or drifting, alert webhooks.
    status_public: bool = False  # the status page and /metrics without an operator key
    alert_failing_after: int = Field(3, ge=1)  # failed crawls in a row
    alert_webhooks: Annotated[list[str], NoDecode] = Field(default_factory=list)  # JSON list or comma-separated
    webhook_secret: str | None = None  # HMAC-SHA256 key of the alert webhooks' signature header
    webhook_timeout_seconds: float = Field(5.0, gt=0)
    webhook_max_attempts: int = Field(8, ge=1)
    webhook_backoff_seconds: float = Field(30.0, ge=0)  # first retry; doubles per attempt, at most an hour
    drift_recent_pages: int = Field(20, ge=5)
    drift_min_baseline_pages: int = Field(30, ge=5)
    # Near-duplicate detection (workers/dedup; the defaults are justified in docs/dedup.md).
    dedup_window_days: int = Field(90, ge=1)  # entries older than this leave the near-duplicate index
    dedup_passage: float = Field(0.55, gt=0, le=1)  # share of the shorter body in copied passages: same story
    dedup_passage_min: float = Field(0.35, gt=0, le=1)  # ... from this share on when their numbers agree
    dedup_jaccard: float = Field(0.30, ge=0, le=1)  # shingle-set Jaccard floor
    dedup_min_chars: int = Field(200, ge=0)  # bodies this short merge on the exact hash only
    dedup_lsh_bands: int = Field(32, ge=2)  # LSH bands x rows <= 128 permutations
    dedup_lsh_rows: int = Field(4, ge=1)
    dedup_redis_prefix: str = "unionfeed:lsh"  # key prefix of the shared index in Redis (distributed mode)
    # A record whose extractors agreed less than this on the body is flagged low_confidence (docs/benchmarks.md:
    # on real pages, 7 % of records fall below 0.5; a quarter of them have a body F1 under 0.8, 8 % of the others).
    extraction_low_confidence: float = Field(0.5, ge=0, le=1)

    @field_validator("proxy_routes", mode="before")
    @classmethod
    def _json_routes(cls, value: object) -> object:
        if isinstance(value, str):
            return json.loads(value) if value.strip() else {}
        return value

    @field_validator("private_networks")
    @classmethod
    def _networks_parse(cls, values: list[str]) -> list[str]:
        parse_networks(values)
        return values

    @field_validator("alert_webhooks", "private_networks", "api_cors_origins", mode="before")
    @classmethod
    def _url_list(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            return json.loads(text) if text.startswith("[") else [u.strip() for u in text.split(",") if u.strip()]
        return value

    @field_validator("api_rate_limit_per_key", "api_rate_limit_per_ip", "api_rate_limit_bad_keys")
    @classmethod
    def _rate_limits(cls, value: str) -> str:
        if value.strip():
            parse_many(value)  # raises ValueError naming what it could not read
        return value

    @field_validator("redis_url", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return value or None

    @property
    def distributed(self) -> bool:
        return self.redis_url is not None
