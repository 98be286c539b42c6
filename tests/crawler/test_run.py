"""`python -m crawler.run` as the Celery crawl task runs it (a child process), and a crawl that enqueues in batches."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from common.contract import PROCESS_PAGES, PROCESS_QUEUE
from common.settings import Settings
from common.sources import Source
from crawler.run import main
from samples.server import SampleServer
from storage.models import CrawlRun, RawPage
from storage.session import session_scope
from testkit import scrapy_settings
from unionfeed.commands.crawl_report import SUMMARY

ROOT = Path(__file__).resolve().parents[2]
PROXY_ENV = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


def run_cli(args: list[str], database_url: str, sources: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in PROXY_ENV and not k.startswith("UNIONFEED_")}
    env.update({"DATABASE_URL": database_url, "REDIS_URL": "", "UNIONFEED_SOURCES_PATH": str(sources)})
    command = [sys.executable, "-m", "crawler.run", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def write_sources(tmp_path: Path, port: int) -> Path:
    path = tmp_path / "sources.yaml"
    source = f"{{key: dead, name: Dead, start_urls: ['http://127.0.0.1:{port}/'], private_networks: [127.0.0.0/8]}}"
    path.write_text(f"sources:\n  - {source}\n", "utf-8")
    return path


def test_cli_prints_one_json_line_and_fails_when_nothing_was_fetched(
    tmp_path: Path, database_url: str, sessions: sessionmaker[Session], closed_port: int
) -> None:
    fast = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=1"]
    fast += ["-s", "RETRY_BACKOFF_BASE=0.05"]
    done = run_cli(["dead", "--trigger", "queue", *fast], database_url, write_sources(tmp_path, closed_port))
    assert done.returncode == 1, done.stderr[-2000:]
    [line] = done.stdout.splitlines()
    result = json.loads(line)
    assert (result["source"], result["status"], result["pages_stored"]) == ("dead", "failed", 0)
    assert result["errors_by_kind"] == {"unreachable": 1} and result["errors"] == 1
    with session_scope(sessions) as session:
        run = session.get_one(CrawlRun, result["run_id"])
        assert (run.source, run.trigger, run.status) == ("dead", "queue", "failed")


def test_cli_rejects_an_unknown_source_and_bad_settings(
    tmp_path: Path, closed_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = str(write_sources(tmp_path, closed_port))
    assert main(["nope", "--sources", sources]) == 2  # in-process: nothing is crawled, no reactor is started
    captured = capsys.readouterr()
    assert "unknown source 'nope'" in captured.err and captured.out == ""
    with pytest.raises(SystemExit) as exited:
        main(["dead", "--sources", sources, "-s", "NOVALUE"])
    assert exited.value.code == 2


@pytest.mark.integration
def test_a_distributed_crawl_enqueues_every_stored_page_after_its_commit(
    crawler_redis_url: str,
    database_url: str,
    sessions: sessionmaker[Session],
    crawl_in_child: Callable[..., list[Any]],
    make_source: Callable[..., Source],
) -> None:
    import redis

    source = make_source("faulty", "http://faulty.sample.test/list.html", discovery={"article_patterns": [r"/a/ok"]})
    overrides = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "LOG_LEVEL": "WARNING"}
    with SampleServer() as server:
        app = Settings(
            database_url=database_url, redis_url=crawler_redis_url, proxy_routes={".sample.test": server.url}
        )
        [result] = crawl_in_child(app, [source], trigger="schedule", scrapy_overrides=overrides)
    assert (result.status, result.pages_stored) == ("succeeded", 1)

    client = redis.Redis.from_url(crawler_redis_url)
    messages = [json.loads(raw) for raw in client.lrange(PROCESS_QUEUE, 0, -1)]
    seen = client.smembers("unionfeed:crawl:seen:faulty")
    client.close()
    with session_scope(sessions) as session:
        page_ids = session.scalars(select(RawPage.id)).all()
    # One batch, sent when the spider went idle (fewer pages than PAGE_ENQUEUE_BATCH_SIZE).
    assert [m["headers"]["task"] for m in messages] == [PROCESS_PAGES]
    assert [json.loads(base64.b64decode(m["body"]))[0] for m in messages] == [[list(page_ids)]]
    # The seen set's Redis copy holds the stored page's URL.
    assert seen == {b"http://faulty.sample.test/a/ok.html"}


def run_unionfeed(args: list[str], database_url: str, *, unpaced: bool = False) -> subprocess.CompletedProcess[str]:
    """`unionfeed ARGS...` in a child process; `unpaced`: its crawls without politeness delays or AutoThrottle
    (testkit/scrapy_settings.py), for a local site."""
    env = {k: v for k, v in os.environ.items() if k not in PROXY_ENV and not k.startswith("UNIONFEED_")}
    env.update({"DATABASE_URL": database_url, "REDIS_URL": "", "COLUMNS": "200"})
    argv = scrapy_settings.command("unionfeed", args) if unpaced else [sys.executable, "-m", "unionfeed", *args]
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_unionfeed_crawl_url_crawls_and_processes_a_site_that_is_not_configured(
    local_site: tuple[str, Any], tmp_path: Path
) -> None:
    from storage.models import Article
    from storage.session import make_engine, make_session_factory
    from tests.crawler.local_site import ARTICLES

    start, _ = local_site
    database_url = f"sqlite:///{tmp_path / 'adhoc.db'}"
    done = run_unionfeed(["crawl", "--url", start, "--private-network", "127.0.0.0/8"], database_url, unpaced=True)
    assert done.returncode == 0, done.stderr[-2000:]
    row = dict(zip(SUMMARY, summary(done.stdout, "url-127-0-0-1"), strict=True))
    # robots.txt, the list, the articles; all of them new records (reprints of one story among them, as duplicates)
    assert (row["status"], row["requests"], row["new"], row["errors"]) == ("succeeded", str(ARTICLES + 2), "8", "0")
    engine = make_engine(database_url)
    with session_scope(make_session_factory(engine)) as session:
        articles = session.scalars(select(Article)).all()
        assert len(articles) == ARTICLES
        assert {a.source for a in articles} == {"url-127-0-0-1"}
        assert all(a.title.startswith("/news/2026/11/24/") and "delivery riders" in a.body_text for a in articles)
    engine.dispose()
    # The same key: an incremental re-crawl.
    again = run_unionfeed(["crawl", "--url", start, "--private-network", "127.0.0.0/8"], database_url, unpaced=True)
    assert again.returncode == 0, again.stderr[-2000:]
    row = dict(zip(SUMMARY, summary(again.stdout, "url-127-0-0-1"), strict=True))
    # The same requests again: the list (this server answers no conditional request) and every stored article as a
    # revisit (fewer than the budget), all found unchanged.
    assert (row["status"], row["new"], row["revised"], row["requests"]) == ("succeeded", "0", "0", str(ARTICLES + 2))
    assert "[scrapy" not in again.stderr  # Scrapy's INFO log stays out without -v


def summary(stdout: str, source: str) -> list[str]:
    """The cells of `source`'s row in the summary table `unionfeed crawl` prints."""
    [line] = [line for line in stdout.splitlines() if line.split()[:1] == [source]]
    return line.split()[1:]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["crawl", "--url", "ftp://example.org/x"], "must be an absolute http(s) URL"),
        (["crawl", "--url", "http://127.0.0.1:abc/news/"], "cannot be parsed"),
        (["crawl", "--url", "http://:80/news/"], "names no host"),
        (["crawl", "some-source", "--url", "http://127.0.0.1:9/"], "--url crawls the given sites only"),
    ],
)
def test_unionfeed_crawl_url_refuses_bad_input(args: list[str], message: str, tmp_path: Path) -> None:
    done = run_unionfeed(args, f"sqlite:///{tmp_path / 'none.db'}")
    assert done.returncode == 2 and message in done.stderr, (done.stdout, done.stderr)
