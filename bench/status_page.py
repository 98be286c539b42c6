"""Benchmark of the status page on the real PostgreSQL with 50 sources and one million articles.

    uv run python -m bench.status_page                  # seed (first time), serve, measure, print p50/p99
    uv run python -m bench.status_page --reseed --requests 400

1. Seeds a dedicated database (`unionfeed_bench_status`), server-side with generate_series: 1,000,000 articles over
   50 sources and 1,000,000 raw pages (processed, plus a backlog of 2,000 pending and 300 failed), 42,000 crawl runs
   (35 days of hourly crawls per source, with stats and errors), and what the writers keep on write for the
   operations view: 48 hours of hourly and 400 days of daily counts per source, the counters, one state row per
   source (some failing, late and drifting) and 400 extraction observations per source. Kept between runs
   (the operations tables are rebuilt each time); `--reseed` rebuilds everything.
2. Runs the API with uvicorn in a separate process (keys on; an operator key is sent with every request) and a
   sources file listing the 50 sources.
3. Requests, round-robin on one keep-alive connection so noise hits all alike: `/status` (the page), `/status/<one
   source>`, `/metrics`, and the baselines `/health` (a `SELECT 1`) and `/articles?limit=20` (the feed's first page).
Prints p50/p90/p99/max per route; exits 1 when the status page's p99 is over `--p99-ms` (200).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# one client at full speed: rate limits stay on (their cost is measured) but high enough never to refuse it
UNLIMITED = {"api_rate_limit_per_ip": "10000000/minute", "api_rate_limit_per_key": "10000000/minute"}

SERVER_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DATABASE = "unionfeed_bench_status"
SOURCES = [f"bench{i:02d}" for i in range(50)]

SEED = """
INSERT INTO articles (id, canonical_url, source, title, published_at, published_precision, origin, author, category,
    site_name, language, body_text, body_html, images, attachments, flags, content_hash, extractor_version,
    cluster_id, revision, first_seen_at, last_seen_at, updated_at)
SELECT md5(i::text), 'http://news.sample.test/' || i || '.html', 'bench' || lpad(mod(i, 50)::text, 2, '0'),
       '全国总工会新闻第' || i || '号', now() - i * interval '1 minute', 'datetime', '工人日报', '记者 张三', '要闻',
       '中华全国总工会', 'zh', repeat('各级工会组织要切实维护职工合法权益。', 8), '<p>正文</p>',
       '[]'::json, '[]'::json, '[]'::json, md5(i::text) || md5(i::text), 'bench-1', md5(i::text), 1,
       now() - i * interval '1 minute', now() - i * interval '1 minute', now() - i * interval '1 minute'
FROM generate_series(1, {articles}) AS i;

INSERT INTO crawl_runs (source, trigger, status, started_at, finished_at, stats, errors)
SELECT 'bench' || lpad(s::text, 2, '0'), 'schedule',
       CASE WHEN mod(h + s, 17) = 0 THEN 'partial' ELSE 'succeeded' END,
       now() - h * interval '1 hour', now() - h * interval '1 hour' + interval '2 minutes',
       json_build_object('requests', 40, 'not_modified', 30, 'new_articles', 3, 'refetches', 5, 'refetch_gone', 0),
       CASE WHEN mod(h + s, 17) = 0
            THEN '[{{"kind": "http_503", "reason": "HTTP 503", "url": "http://x.test/l", "count": 2}}]'::json
            ELSE '[]'::json END
FROM generate_series(0, 49) AS s, generate_series(1, 840) AS h;

INSERT INTO raw_pages (source, url, final_url, status_code, headers, body, body_sha256, fetched_at, process_state,
    processed_at, article_id)
SELECT 'bench' || lpad(mod(i, 50)::text, 2, '0'), 'http://news.sample.test/' || i || '.html',
       'http://news.sample.test/' || i || '.html', 200, '{{}}'::json, '\\x789c0300000000'::bytea, md5(i::text),
       now() - i * interval '1 minute',
       CASE WHEN i <= 2000 THEN 'pending' WHEN i <= 2300 THEN 'failed' ELSE 'done' END,
       now() - i * interval '1 minute', md5(i::text)
FROM generate_series(1, {articles}) AS i;

UPDATE change_counter SET value = {articles} WHERE id = 1;
"""
SEED_OPS = """
INSERT INTO ops_hourly_counts (source, name, hour, value)
SELECT 'bench' || lpad(s::text, 2, '0'), n, floor(extract(epoch FROM now()) / 3600)::int - h, 1 + mod(h * s, 5)
FROM generate_series(0, 49) AS s, generate_series(0, 47) AS h,
     unnest(ARRAY['articles_new', 'pages_processed', 'pages_failed', 'revisions', 'requests', 'revisits']) AS n;

INSERT INTO ops_daily_counts (source, name, day, value)
SELECT 'bench' || lpad(s::text, 2, '0'), n, floor(extract(epoch FROM now()) / 86400)::int - d, 20 + mod(d * s, 50)
FROM generate_series(0, 49) AS s, generate_series(0, 399) AS d,
     unnest(ARRAY['articles_new', 'pages_processed', 'pages_failed', 'revisions', 'requests', 'revisits']) AS n;

INSERT INTO ops_daily_counts (source, name, day, value)
SELECT '*', 'dedup_indexed', floor(extract(epoch FROM now()) / 86400)::int - d, 1200
FROM generate_series(0, 399) AS d;

INSERT INTO ops_counters (source, name, value)
SELECT 'bench' || lpad(s::text, 2, '0'), n, 1000 + s
FROM generate_series(0, 49) AS s,
     unnest(ARRAY['requests', 'not_modified', 'pages_new', 'articles_new', 'pages_processed', 'runs_succeeded',
                  'responses_200', 'responses_304', 'errors_http_503', 'dedup_new_story', 'dedup_duplicate',
                  'processing_seconds_bucket_0.05', 'processing_seconds_bucket_0.1', 'processing_seconds_sum',
                  'processing_seconds_count', 'extraction_seconds_bucket_0.025', 'extraction_seconds_sum',
                  'extraction_seconds_count']) AS n;

INSERT INTO ops_source_state (source, first_run_at, last_run_id, last_run_status, last_run_finished_at,
    last_success_at, consecutive_failures, last_run_stats, newest_article_at, drift, extraction, alerted_state)
SELECT 'bench' || lpad(s::text, 2, '0'), now() - interval '35 days', s, CASE WHEN mod(s, 10) = 3 THEN 'failed'
       ELSE 'succeeded' END, now() - interval '20 minutes',
       CASE WHEN mod(s, 10) = 5 THEN now() - interval '9 hours' ELSE now() - interval '20 minutes' END,
       CASE WHEN mod(s, 10) = 3 THEN 4 ELSE 0 END,
       '{{"requests": 40, "refetches": 5, "refetch_gone": 1}}'::json, now() - interval '1 hour',
       CASE WHEN mod(s, 10) = 7
            THEN '[{{"field": "date", "baseline": 1.0, "recent": 0.0, "message": "date: 0%% of the last 20 pages",
                     "examples": ["http://x.test/a"]}}]'::json
            ELSE '[]'::json END,
       '{{}}'::json, 'ok'
FROM generate_series(0, 49) AS s;

INSERT INTO ops_page_extractions (source, raw_page_id, url, processed_at, outcome, title, published, author, origin,
    editor, body_length, confidence)
SELECT 'bench' || lpad(s::text, 2, '0'), i, 'http://x.test/' || i, now(), 'created', true, true, false, true, false,
       900, NULL
FROM generate_series(0, 49) AS s, generate_series(1, 400) AS i;

"""


def seed(reseed: bool, articles: int) -> str:
    from sqlalchemy import create_engine, text

    from storage import migrate
    from storage.session import make_engine
    from testkit.storage import recreate_pg_database

    url = SERVER_URL.rsplit("/", 1)[0] + f"/{DATABASE}"
    if not reseed:
        try:
            probe = create_engine(url)
            with probe.connect() as connection:
                count = connection.execute(text("SELECT count(*) FROM articles")).scalar()
            probe.dispose()
            if count == articles:
                print(f"reusing {DATABASE}: {count:,} articles (--reseed rebuilds it); operations tables rebuilt")
                seed_operations(url, rebuild=True)
                return url
        except Exception:  # noqa: BLE001 - no usable database yet: build it
            pass
    started = time.perf_counter()
    print(f"seeding {articles:,} articles into {DATABASE} ...", flush=True)
    recreate_pg_database(DATABASE, SERVER_URL)
    migrate.upgrade(url)
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("SET LOCAL synchronous_commit = off"))
        connection.execute(text("INSERT INTO change_counter (id, value) VALUES (1, 0) ON CONFLICT DO NOTHING"))
        connection.exec_driver_sql(SEED.format(articles=articles))
    engine.dispose()
    seed_operations(url, rebuild=False)
    print(f"seeded in {time.perf_counter() - started:.0f}s", flush=True)
    return url


def seed_operations(url: str, *, rebuild: bool) -> None:
    """The operations tables, as the writers keep them (rebuilt from scratch: cheap, and follows schema changes)."""
    from alembic import command
    from sqlalchemy import text

    from storage import migrate
    from storage.session import make_engine

    if rebuild:
        command.downgrade(migrate.alembic_config(url), "0012_ops_health-1")
        migrate.upgrade(url)
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql(SEED_OPS.format())  # (the braces are escaped for .format, like SEED's)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def operator_key(url: str) -> str:
    from storage.repositories import api_keys
    from storage.session import make_engine, make_session_factory, session_scope

    engine = make_engine(url)
    with session_scope(make_session_factory(engine)) as session:
        _row, key = api_keys.create_key(session, f"bench-{time.time_ns()}", role="operator")
    engine.dispose()
    return key


def sources_file(folder: Path) -> Path:
    import yaml

    path = folder / "sources.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "sources": [
                    {
                        "key": key,
                        "name": f"Bench source {key}",
                        "start_urls": [f"http://{key}.example.test/"],
                        "schedule": {"every": 3600} if i % 4 else {"cron": "*/30 * * * *"},
                    }
                    for i, key in enumerate(SOURCES)
                ]
            }
        )
    )
    return path


def serve(url: str, port: int, sources: str) -> None:
    """What `unionfeed serve` runs (api.server.serve), with keys on and the access log off."""
    from api.server import serve as serve_api
    from common.settings import Settings

    serve_api(
        Settings(database_url=url, api_auth=True, redis_url=None, sources_path=Path(sources), **UNLIMITED),
        host="127.0.0.1",
        port=port,
        access_log=False,
    )


def measure(port: int, key: str, requests: int) -> dict[str, list[float]]:
    import httpx

    routes = ["/status", f"/status/{SOURCES[7]}", "/metrics", "/health", "/articles?limit=20"]
    latencies: dict[str, list[float]] = {route: [] for route in routes}
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {key}"}) as client:
        for route in routes:  # warm-up: connection, key cache, plans
            for _ in range(5):
                assert client.get(route).status_code == 200, route
        for _ in range(requests):
            for route in routes:
                started = time.perf_counter()
                response = client.get(route)
                latencies[route].append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (route, response.status_code)
    return latencies


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", default="run", choices=["run", "serve"])
    parser.add_argument("--url")
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--sources")
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--p99-ms", type=float, default=200.0)
    args = parser.parse_args()
    if args.command == "serve":
        serve(args.url, args.port, args.sources)
        return 0
    url = seed(args.reseed, args.articles)
    key = operator_key(url)
    import httpx

    with tempfile.TemporaryDirectory() as folder:
        sources = sources_file(Path(folder))
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bench.status_page",
                "serve",
                "--url",
                url,
                "--port",
                str(args.port),
                "--sources",
                str(sources),
            ],
            cwd=ROOT,
        )
        try:
            for _ in range(200):
                try:
                    if httpx.get(f"http://127.0.0.1:{args.port}/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            latencies = measure(args.port, key, args.requests)
        finally:
            server.terminate()
            server.wait(timeout=20)
    print(f"\n{len(SOURCES)} sources, {args.articles:,} articles; {args.requests} requests per route, round-robin\n")
    print("| route | p50 ms | p90 ms | p99 ms | max ms |\n| --- | ---: | ---: | ---: | ---: |")
    for route, values in latencies.items():
        print(
            f"| `{route}` | {statistics.median(values):.1f} | {percentile(values, 0.9):.1f} | "
            f"{percentile(values, 0.99):.1f} | {max(values):.1f} |"
        )
    p99 = percentile(latencies["/status"], 0.99)
    return 0 if p99 < args.p99_ms else 1


if __name__ == "__main__":
    raise SystemExit(main())
