"""`/metrics` in the Prometheus text format.

The crawler runs in child processes and the workers in processes of their own, so an in-process counter in any of
them would be invisible here (and reset by every restart). Instead the figures are computed at scrape time by a
custom collector from what those processes already write in the database's operations tables (kept on write, see
storage/ops_models.py): cumulative counters per source, the latency histograms' bucket counts, each source's ledger
summary. That needs no multiprocess directory, survives restarts and is the same for every API replica. Only the
API's own request latency is an in-process histogram (this process is the one that sees it).
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from prometheus_client import CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy.orm import Session

from api.status_view import broker_figures
from common.health import STATES, HealthPolicy, assess
from storage.base import utcnow
from storage.repositories import ops

PREFIX = "unionfeed"
# counter name in ops_counters -> (metric, help); one sample per source.
SOURCE_COUNTERS = {
    "requests": ("crawl_requests", "HTTP requests the crawler sent"),
    "not_modified": ("crawl_not_modified", "304 Not Modified answers (unchanged list pages, feeds, refetches)"),
    "pages_new": ("crawl_pages_new", "article pages stored for the first time"),
    "pages_changed": ("crawl_pages_changed", "refetched article pages that changed and were stored again"),
    "revisits": ("crawl_revisits", "recent articles fetched again for corrections"),
    "removals": ("crawl_removals", "refetched articles the site removed (404/410)"),
    "articles_new": ("articles_new", "articles stored (new stories and new members of known stories)"),
    "revisions": ("article_revisions", "stored articles whose record changed"),
    "pages_processed": ("pages_processed", "raw pages processed, whatever the outcome"),
    "pages_failed": ("pages_failed", "raw pages whose extraction failed"),
    "pages_skipped": ("pages_skipped", "raw pages with no article text"),
}
LABELLED = {  # prefix of counter names -> (metric, help, label)
    "responses_": ("crawl_responses", "HTTP responses by status code", "status"),
    "errors_": ("crawl_errors", "crawl failures by kind", "kind"),
    "runs_": ("crawl_runs", "finished crawl runs by status", "status"),
    "dedup_": ("dedup_outcomes", "processing outcomes of the deduplication step", "outcome"),
}
HISTOGRAMS = {
    "processing_seconds": "time to process one raw page (extract, deduplicate, store)",
    "extraction_seconds": "time to extract one record from a page",
}
BUCKET = re.compile(r"^(?P<name>\w+?)_bucket_(?P<le>[0-9.e+-]+|inf)$")


class DatabaseCollector(Collector):
    """Made per scrape with the request's session (the request owns the transaction, as everywhere in the API)."""

    def __init__(self, app: Any, session: Session) -> None:
        self.app = app
        self.session = session

    def collect(self) -> Iterator[Any]:
        state, session = self.app.state, self.session
        now = utcnow()
        totals = ops.totals(session)
        states = ops.state_rows(session)
        window = timedelta(days=state.settings.dedup_window_days)
        figures = ops.status_figures(
            session, hours_since=now, hourly_names=[], daily_since={"dedup_indexed": now - window}
        )
        backlog, head = figures.backlog, figures.changes_head
        dedup = sum(figures.daily.get((ops.ALL_SOURCES, "dedup_indexed"), {}).values())
        policy = HealthPolicy(failing_after=state.settings.alert_failing_after)
        yield from _counters(totals)
        yield from _histograms(totals)
        yield from _source_gauges(states, state.sources, now, policy)
        pending = GaugeMetricFamily(f"{PREFIX}_pages_pending", "raw pages waiting to be processed", labels=["source"])
        failed = GaugeMetricFamily(
            f"{PREFIX}_pages_failed_now", "raw pages whose processing failed for good", labels=["source"]
        )
        for (source, page_state), count in sorted(backlog.items()):
            (pending if page_state == "pending" else failed).add_metric([source], count)
        yield pending
        yield failed
        yield GaugeMetricFamily(f"{PREFIX}_changes_head", "last /changes sequence number", value=head)
        yield GaugeMetricFamily(
            f"{PREFIX}_dedup_index_entries", "articles indexed for near duplicates in the window", value=dedup
        )
        queues, workers = broker_figures(getattr(state, "status_redis", None) or _redis(state))
        if queues is not None:
            depth = GaugeMetricFamily(f"{PREFIX}_queue_depth", "messages waiting in a Celery queue", labels=["queue"])
            for name, length in queues.items():
                depth.add_metric([name], length)
            yield depth
            yield GaugeMetricFamily(
                f"{PREFIX}_workers_seen", "workers with a fresh heartbeat", value=len(workers or [])
            )


def _redis(state: Any) -> Any:
    if not state.settings.redis_url:
        return None
    import redis

    state.status_redis = redis.Redis.from_url(state.settings.redis_url, socket_timeout=0.5, socket_connect_timeout=0.5)
    return state.status_redis


def _counters(totals: list[tuple[str, str, float]]) -> Iterator[CounterMetricFamily]:
    plain: dict[str, CounterMetricFamily] = {}
    labelled: dict[str, CounterMetricFamily] = {}
    for source, name, value in sorted(totals):
        if source == ops.ALL_SOURCES:
            continue
        if name in SOURCE_COUNTERS:
            metric, help_text = SOURCE_COUNTERS[name]
            family = plain.setdefault(metric, CounterMetricFamily(f"{PREFIX}_{metric}", help_text, labels=["source"]))
            family.add_metric([source], value)
            continue
        for prefix, (metric, help_text, label) in LABELLED.items():
            if name.startswith(prefix):
                family = labelled.setdefault(
                    metric, CounterMetricFamily(f"{PREFIX}_{metric}", help_text, labels=["source", label])
                )
                family.add_metric([source, name[len(prefix) :]], value)
                break
    for metric, help_text in SOURCE_COUNTERS.values():  # every family present, even before its first sample
        plain.setdefault(metric, CounterMetricFamily(f"{PREFIX}_{metric}", help_text, labels=["source"]))
    yield from plain.values()
    yield from labelled.values()


def _histograms(totals: list[tuple[str, str, float]]) -> Iterator[HistogramMetricFamily]:
    buckets: dict[tuple[str, str], dict[float, float]] = defaultdict(dict)
    sums: dict[tuple[str, str], float] = {}
    for source, name, value in totals:
        match = BUCKET.match(name)
        if match and match["name"] in HISTOGRAMS:
            buckets[(match["name"], source)][float(match["le"])] = value
        elif name.endswith("_sum") and name[:-4] in HISTOGRAMS:
            sums[(name[:-4], source)] = value
    for metric, help_text in HISTOGRAMS.items():
        family = HistogramMetricFamily(f"{PREFIX}_{metric}", help_text, labels=["source"])
        for (name, source), counts in sorted(buckets.items()):
            if name != metric:
                continue
            running, cumulative = 0.0, []
            for bound in sorted(counts):
                running += counts[bound]
                if bound != float("inf"):
                    cumulative.append((f"{bound:g}", running))
            cumulative.append(("+Inf", running))
            family.add_metric([source], cumulative, sum_value=sums.get((name, source), 0.0))
        yield family


def _source_gauges(states: dict[str, Any], sources: list[Any], now: Any, policy: HealthPolicy) -> Iterator[Any]:
    configured = {s.key: s for s in sources}
    lag = GaugeMetricFamily(f"{PREFIX}_source_lag_seconds", "age of the source's newest article", labels=["source"])
    late = GaugeMetricFamily(
        f"{PREFIX}_source_late_seconds", "how late the source's expected crawl is", labels=["source"]
    )
    success = GaugeMetricFamily(
        f"{PREFIX}_source_last_success_timestamp_seconds",
        "end of the source's last successful crawl (Unix time)",
        labels=["source"],
    )
    failures = GaugeMetricFamily(
        f"{PREFIX}_source_consecutive_failed_crawls", "failed crawls in a row", labels=["source"]
    )
    health = GaugeMetricFamily(
        f"{PREFIX}_source_health", "1 for the source's current health state", labels=["source", "state"]
    )
    for key in sorted(set(configured) | set(states) - {ops.ALL_SOURCES}):
        row = states.get(key)
        assessed = assess(configured.get(key), ops.source_facts(row), now, policy)
        for state_name in STATES:
            health.add_metric([key, state_name], 1.0 if assessed.state == state_name else 0.0)
        late.add_metric([key], assessed.late_seconds)
        failures.add_metric([key], row.consecutive_failures if row else 0)
        if row is not None and row.newest_article_at is not None:
            lag.add_metric([key], (now - row.newest_article_at).total_seconds())
        if row is not None and row.last_success_at is not None:
            success.add_metric([key], row.last_success_at.timestamp())
    yield from (lag, late, success, failures, health)


def exposition(app: Any, session: Session) -> bytes:
    """The database's figures (a registry made for this scrape) followed by this process's own metrics."""
    scrape = CollectorRegistry(auto_describe=False)
    scrape.register(DatabaseCollector(app, session))
    return generate_latest(scrape) + generate_latest(app.state.metrics_registry)


def install(app: Any) -> None:
    """A per-app registry (no global state) and the middleware that times the API's own requests."""
    app.state.metrics_registry = CollectorRegistry()
    latency = Histogram(
        f"{PREFIX}_api_request_seconds",
        "API request latency (this process)",
        ["route", "status"],
        registry=app.state.metrics_registry,
    )

    @app.middleware("http")
    async def time_requests(request: Any, call_next: Any) -> Any:
        started = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        path = getattr(route, "path", "unmatched")
        latency.labels(path, str(response.status_code)).observe(time.perf_counter() - started)
        return response
