"""A sample site whose article template changes between two crawls (the date-and-source line disappears from new
articles): each crawl runs in a child process like production, its pages are processed through the task code, and
then the health check, /metrics, the status page and the alert webhook are read.

1. crawl 1 stores the site's articles; processing fills title, date and source (来源) on all of them: healthy;
2. ten new articles appear in the new template; crawl 2 stores them and processing finds no source on any;
3. the health check names the source `drifting`, with the field and example pages, and alerts once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from api.app import create_app
from common.health import HealthPolicy
from common.settings import Settings
from common.sources import SourcesFile, load_sources
from samples.server import SampleServer
from storage.migrate import upgrade
from storage.repositories import pages
from storage.session import make_engine, make_session_factory, session_scope
from testkit.site_changes import SiteChanges, path_of
from tests.crawler.conftest import crawl_in_child  # noqa: F401 - the fixture, shared with the crawler tests
from tests.workers.test_webhooks import serve_receiver
from workers.alerts import CheckConfig, check_health
from workers.drift import DriftRules
from workers.processing import process_page
from workers.webhooks import deliver_due

ROOT = Path(__file__).resolve().parents[2]
HOST = "ghweihai.sample.test"
KEY = "sample-ghweihai"
NEW_ARTICLES = 10
OVERRIDES = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
    "LOG_LEVEL": "WARNING",
}
# The new template drops the date-and-source line and the meta tags that repeat them.
META_LINE = re.compile(r"^.*(来源：|name=\"PubDate\"|name=\"ContentSource\").*\n", re.M)

Metrics = dict[tuple[str, tuple[tuple[str, str], ...]], float]


@dataclass
class Scenario:
    settings: Settings
    metrics: list[Metrics] = field(default_factory=list)
    outcomes: list[list[str]] = field(default_factory=list)
    alerts: list[list[dict[str, Any]]] = field(default_factory=list)
    new_urls: list[str] = field(default_factory=list)
    received: list[dict[str, Any]] = field(default_factory=list)


def scrape(settings: Settings) -> Metrics:
    with TestClient(create_app(settings)) as client:
        response = client.get("/metrics")
    assert response.status_code == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def process_all(settings: Settings, sources: SourcesFile) -> list[str]:
    engine = make_engine(settings.database_url)
    factory = make_session_factory(engine)
    with session_scope(factory) as session:
        page_ids = pages.pending_page_ids(session)
    outcomes = [process_page(factory, sources, page_id).outcome for page_id in page_ids]
    engine.dispose()
    return outcomes


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory, crawl_in_child) -> Iterator[Scenario]:  # noqa: F811
    with serve_receiver() as hook:
        yield from _scenario(tmp_path_factory, crawl_in_child, hook)


def _scenario(tmp_path_factory: pytest.TempPathFactory, crawl_in_child, hook) -> Iterator[Scenario]:  # noqa: F811
    folder = tmp_path_factory.mktemp("health")
    database_url = f"sqlite:///{folder / 'health.db'}"
    upgrade(database_url)
    source = load_sources(ROOT / "sources.yaml").get(KEY)
    sources_path = folder / "sources.yaml"
    sources_path.write_text(yaml.safe_dump({"sources": [source.model_dump(mode="json", exclude_defaults=True)]}))
    sources = load_sources(sources_path)
    rules = DriftRules(recent=NEW_ARTICLES, min_baseline=20)
    config = CheckConfig(HealthPolicy(), rules, webhooks=(hook.url,))
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    with SampleServer() as server:
        settings = Settings(
            database_url=database_url,
            redis_url="",
            sources_path=sources_path,
            status_public=True,
            proxy_routes={".sample.test": server.url},
            webhook_secret="s",
        )
        run = Scenario(settings)
        run.metrics.append(scrape(settings))
        crawl_in_child(settings, [source], trigger="schedule", scrapy_overrides=OVERRIDES)
        run.outcomes.append(process_all(settings, sources))
        run.alerts.append(check_health(factory, sources, config))
        run.metrics.append(scrape(settings))
        changes = SiteChanges(server)
        for _ in range(NEW_ARTICLES):
            new = changes.add_article(HOST)
            changes.put(HOST, path_of(new.url), META_LINE.sub("", changes.text(HOST, path_of(new.url))))
            run.new_urls.append(new.url)
        crawl_in_child(settings, [source], trigger="schedule", scrapy_overrides=OVERRIDES)
        run.outcomes.append(process_all(settings, sources))
        run.alerts.append(check_health(factory, sources, config))
        run.alerts.append(check_health(factory, sources, config))  # nothing changed since: no alert
        deliver_due(factory, settings)
        run.metrics.append(scrape(settings))
    run.received = hook.bodies()
    engine.dispose()
    yield run


def value(metrics: Metrics, name: str, **labels: str) -> float:
    return metrics.get((name, tuple(sorted(labels.items()))), 0.0)


def test_the_first_crawl_is_healthy_and_says_nothing(scenario: Scenario) -> None:
    assert len(scenario.outcomes[0]) >= 30 and "failed" not in scenario.outcomes[0]
    assert scenario.alerts[0] == []


def test_the_template_change_makes_the_source_drift_naming_the_field_and_pages(scenario: Scenario) -> None:
    assert len(scenario.outcomes[1]) == NEW_ARTICLES
    (alert,) = scenario.alerts[1]
    assert (alert["source"], alert["previous"], alert["state"]) == (KEY, "ok", "drifting")
    fields = {finding["field"]: finding for finding in alert["drift"]}
    assert "source (来源)" in set(fields)  # (the date may still come out: the URLs carry it)
    finding = fields["source (来源)"]
    assert finding["baseline"] >= 0.9 and finding["recent"] == 0.0
    assert finding["examples"] and set(finding["examples"]) <= set(scenario.new_urls)
    assert "title" not in fields and "body length" not in fields  # what did not change is not blamed


def test_the_drift_alert_is_sent_once(scenario: Scenario) -> None:
    assert scenario.alerts[2] == []
    assert [(body["source"], body["state"]) for body in scenario.received] == [(KEY, "drifting")]


def test_metrics_move_with_the_crawls_and_the_processing(scenario: Scenario) -> None:
    empty, first, second = scenario.metrics
    labels = {"source": KEY}
    assert value(empty, "unionfeed_crawl_requests_total", **labels) == 0
    requests = [value(m, "unionfeed_crawl_requests_total", **labels) for m in (first, second)]
    assert 30 < requests[0] < requests[1]
    assert value(second, "unionfeed_crawl_responses_total", source=KEY, status="200") > 30
    new = [value(m, "unionfeed_articles_new_total", **labels) for m in scenario.metrics]
    assert new == [0, len(scenario.outcomes[0]), len(scenario.outcomes[0]) + NEW_ARTICLES]
    processed = [value(m, "unionfeed_pages_processed_total", **labels) for m in scenario.metrics]
    assert processed[2] - processed[1] == NEW_ARTICLES
    count = [value(m, "unionfeed_processing_seconds_count", **labels) for m in scenario.metrics]
    assert count == processed
    assert value(second, "unionfeed_processing_seconds_bucket", source=KEY, le="+Inf") == processed[2]
    assert value(second, "unionfeed_extraction_seconds_count", **labels) == processed[2]
    outcomes = sum(
        value(second, "unionfeed_dedup_outcomes_total", source=KEY, outcome=o)
        for o in ("new_story", "duplicate", "update", "unchanged")
    )
    assert outcomes == processed[2]
    assert value(second, "unionfeed_crawl_runs_total", source=KEY, status="succeeded") == 2
    assert value(second, "unionfeed_source_health", source=KEY, state="drifting") == 1
    assert value(second, "unionfeed_source_last_success_timestamp_seconds", **labels) > 1.7e9
    assert value(second, "unionfeed_changes_head") >= new[2]


def test_the_status_page_shows_the_drift(scenario: Scenario) -> None:
    with TestClient(create_app(scenario.settings)) as client:
        overview = client.get("/status").text
        detail = client.get(f"/status/{KEY}").text
    assert f'<tr id="source-{KEY}" data-health="drifting">' in overview
    assert "source (来源) found on 0% of the last 10 pages" in overview
    assert any(url in detail for url in scenario.new_urls)
    assert "<script" not in overview and "<script" not in detail
