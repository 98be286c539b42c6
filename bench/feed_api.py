"""Benchmark of the HTTP feed on the real PostgreSQL with one million records.

    uv run python -m bench.feed_api                 # seed (first time), serve, load, print p50/p99 and req/s
    uv run python -m bench.feed_api --reseed --records 1000000 --duration 20 --concurrency 4

1. Seeds `--records` articles (10% of them duplicates in a cluster, 2% undated), their change log (one `created`
   change each, plus one `updated` change for every tenth record) into a dedicated database (`unionfeed_bench`),
   server-side with generate_series. The database is kept between runs; `--reseed` rebuilds it.
2. Runs the API with uvicorn in a separate process (consumer keys on, as in production; access log off).
3. Loads it from another process: an asyncio HTTP/1.1 keep-alive client with `--concurrency` connections, each
   request a page of 100 at a random position: `/changes?cursor=<random>&limit=100` (full records with bodies),
   `/articles?limit=100&cursor=<random>`, and `/articles?source=..&limit=100&cursor=<random>`.
Prints p50/p90/p99/max latency and requests per second per scenario; exits 1 when a p99 is over `--p99-ms`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# one client at full speed: rate limits stay on (their cost is measured) but high enough never to refuse it
UNLIMITED = {"api_rate_limit_per_ip": "10000000/minute", "api_rate_limit_per_key": "10000000/minute"}

SOURCES = ["acftu", "workercn", "ghweihai", "zjgh", "peixun", "townblog", "labournet", "ilo"]
BASE = datetime(2024, 1, 1, tzinfo=UTC)
SERVER_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"

SEED_ARTICLES = """
INSERT INTO articles (id, canonical_url, source, title, subtitle, published_at, published_precision, origin, author,
    editor, category, site_name, language, body_text, body_html, images, attachments, flags, content_hash,
    extractor_version, cluster_id, revision, first_seen_at, last_seen_at, updated_at)
SELECT md5(i::text),
       'http://news.sample.test/' || (ARRAY[{sources}])[1 + mod(i, 8)] || '/' || i || '.html',
       (ARRAY[{sources}])[1 + mod(i, 8)],
       '全国总工会新闻第' || i || '号：推进农民工工资支付保障',
       NULL,
       CASE WHEN mod(i, 50) = 0 THEN NULL ELSE timestamptz '2024-01-01 00:00:00+00' + i * interval '1 minute' END,
       CASE WHEN mod(i, 50) = 0 THEN NULL ELSE 'datetime' END,
       '工人日报', '记者 张三 李四', NULL,
       (ARRAY['要闻','国际','维权','劳模'])[1 + mod(i, 4)],
       '中华全国总工会', 'zh',
       '第' || i || '号。' || repeat('各级工会组织要切实维护职工合法权益，推动构建和谐劳动关系。', 4)
           || E'\\n\\n' || repeat('Union members met in Beijing to discuss wage guarantees. ', 3),
       '<p>第' || i || '号。' || repeat('各级工会组织要切实维护职工合法权益，推动构建和谐劳动关系。', 4) || '</p><p>'
           || repeat('Union members met in Beijing to discuss wage guarantees. ', 3) || '</p>',
       '[{{"url": "http://news.sample.test/img/1.jpg", "caption": "会议现场"}}]'::json, '[]'::json, '[]'::json,
       md5(i::text || 'a') || md5(i::text || 'b'),
       'bench-1',
       CASE WHEN mod(i, 10) = 0 AND i > 10 THEN md5((i - 7)::text) ELSE md5(i::text) END,
       1,
       timestamptz '2024-01-01 00:00:00+00' + i * interval '1 minute' + interval '5 minutes',
       timestamptz '2024-01-01 00:00:00+00' + i * interval '1 minute' + interval '5 minutes',
       timestamptz '2024-01-01 00:00:00+00' + i * interval '1 minute' + interval '5 minutes'
FROM generate_series(1, {n}) AS i
"""
SEED_CHANGES = """
INSERT INTO article_changes (seq, article_id, kind, changed_at)
SELECT i, md5(i::text), 'created', timestamptz '2024-01-01 00:00:00+00' + i * interval '1 minute'
FROM generate_series(1, {n}) AS i
UNION ALL
SELECT {n} + j, md5((j * 10 - 3)::text), 'updated', timestamptz '2026-01-01 00:00:00+00' + j * interval '1 second'
FROM generate_series(1, {n} / 10) AS j
"""


# --- seeding -----------------------------------------------------------------------------------------------------


def seed(database: str, records: int, reseed: bool, search_index: bool) -> tuple[str, int]:
    from sqlalchemy import create_engine, text

    from storage import migrate
    from storage.repositories import api_keys
    from storage.session import make_engine, make_session_factory, session_scope
    from testkit.storage import recreate_pg_database

    url = SERVER_URL.rsplit("/", 1)[0] + f"/{database}"
    if not reseed:
        try:
            probe = create_engine(url)
            with probe.connect() as connection:
                count = connection.execute(text("SELECT value FROM change_counter WHERE id = 1")).scalar()
                articles = connection.execute(text("SELECT count(*) FROM articles")).scalar()
            probe.dispose()
            if articles == records:
                print(f"reusing {database}: {articles:,} articles, {count:,} changes (--reseed rebuilds it)")
                return url, int(count or 0)
        except Exception:  # noqa: BLE001 - no usable database yet: build it
            pass
    started = time.perf_counter()
    print(f"seeding {records:,} articles into {database} ...", flush=True)
    recreate_pg_database(database, SERVER_URL)
    migrate.upgrade(url)
    engine = make_engine(url)
    sources = ",".join(f"'{s}'" for s in SOURCES)
    with engine.begin() as connection:
        connection.execute(text("SET LOCAL maintenance_work_mem = '1GB'"))
        connection.execute(text("SET LOCAL synchronous_commit = off"))
        connection.execute(text("DROP INDEX IF EXISTS ix_articles_search_trgm"))
        connection.exec_driver_sql(SEED_ARTICLES.format(n=records, sources=sources))
        connection.exec_driver_sql(SEED_CHANGES.format(n=records))
        total = connection.execute(text("SELECT max(seq) FROM article_changes")).scalar_one()
        connection.execute(text("UPDATE change_counter SET value = :v WHERE id = 1"), {"v": total})
        print(f"  rows written in {time.perf_counter() - started:.0f}s", flush=True)
        if search_index:
            connection.execute(
                text(
                    "CREATE INDEX ix_articles_search_trgm ON articles "
                    "USING gin ((coalesce(title, '') || ' ' || body_text) gin_trgm_ops)"
                )
            )
            print(f"  search index built at {time.perf_counter() - started:.0f}s", flush=True)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    with session_scope(make_session_factory(engine)) as session:
        api_keys.create_key(session, "bench")
    engine.dispose()
    print(f"seeded in {time.perf_counter() - started:.0f}s", flush=True)
    return url, int(total)


def bench_key(url: str) -> str:
    """A fresh key for this run (keys are shown only once, so each run makes its own)."""
    from storage.repositories import api_keys
    from storage.session import make_engine, make_session_factory, session_scope

    engine = make_engine(url)
    with session_scope(make_session_factory(engine)) as session:
        _row, key = api_keys.create_key(session, f"bench-{os.getpid()}-{time.time_ns()}")
    engine.dispose()
    return key


# --- the server process ------------------------------------------------------------------------------------------


def serve(url: str, port: int) -> None:
    """What `unionfeed serve` runs (api.server.serve), with consumer keys on and the access log off."""
    from api.server import serve as serve_api
    from common.settings import Settings

    settings = Settings(database_url=url, api_auth=True, redis_url=None, **UNLIMITED)
    serve_api(settings, host="127.0.0.1", port=port, access_log=False)


def start_server(url: str, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "bench.feed_api", "serve", "--url", url, "--port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT)
    import httpx

    for _ in range(200):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    process.kill()
    raise SystemExit("the API server did not come up")


# --- the load generator process ----------------------------------------------------------------------------------


def make_paths(scenario: str, total_changes: int, count: int) -> list[str]:
    from api.cursors import encode_feed_key
    from storage.repositories.feed import FeedKey

    rng = random.Random(scenario)
    span = timedelta(minutes=1_000_000)
    paths = []
    for _ in range(count):
        if scenario == "changes":
            paths.append(f"/changes?cursor={rng.randint(0, max(0, total_changes - 100))}&limit=100")
            continue
        source = f"&source={rng.choice(SOURCES)}" if scenario == "articles-source" else ""
        if rng.random() < 0.1:
            paths.append(f"/articles?limit=100{source}")
        else:
            when = BASE + span * rng.random()
            key = encode_feed_key(FeedKey(when, when, ""))
            paths.append(f"/articles?limit=100{source}&cursor={key}")
    return paths


async def _worker(
    port: int,
    key: str,
    paths: list[str],
    deadline: float,
    warmup_until: float,
    latencies: list[float],
    errors: list[str],
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    i = random.randrange(len(paths))
    try:
        while time.perf_counter() < deadline:
            path = paths[i % len(paths)]
            i += 1
            request = f"GET {path} HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {key}\r\n\r\n".encode()
            start = time.perf_counter()
            writer.write(request)
            await writer.drain()
            status_line = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)
            elapsed = time.perf_counter() - start
            if start >= warmup_until:
                latencies.append(elapsed)
                if not status_line.startswith(b"HTTP/1.1 200"):
                    errors.append(status_line.decode(errors="replace").strip())
    finally:
        writer.close()


async def _load(port: int, key: str, paths: list[str], duration: float, warmup: float, concurrency: int) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    now = time.perf_counter()
    warmup_until = now + warmup
    deadline = warmup_until + duration
    await asyncio.gather(
        *[_worker(port, key, paths, deadline, warmup_until, latencies, errors) for _ in range(concurrency)]
    )
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")

    return {
        "requests": len(latencies),
        "errors": len(errors),
        "error_examples": errors[:3],
        "rps": len(latencies) / duration,
        "p50_ms": pct(0.50),
        "p90_ms": pct(0.90),
        "p99_ms": pct(0.99),
        "max_ms": latencies[-1] * 1000 if latencies else float("nan"),
    }


def run_load(port: int, key: str, scenario: str, total: int, duration: float, warmup: float, concurrency: int) -> dict:
    output = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.feed_api",
            "load",
            "--port",
            str(port),
            "--key",
            key,
            "--scenario",
            scenario,
            "--total",
            str(total),
            "--duration",
            str(duration),
            "--warmup",
            str(warmup),
            "--concurrency",
            str(concurrency),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


# --- entry points ------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command")
    serve_cmd = sub.add_parser("serve")
    serve_cmd.add_argument("--url", required=True)
    serve_cmd.add_argument("--port", type=int, required=True)
    load_cmd = sub.add_parser("load")
    for name, kind in (
        ("--port", int),
        ("--key", str),
        ("--scenario", str),
        ("--total", int),
        ("--duration", float),
        ("--warmup", float),
        ("--concurrency", int),
    ):
        load_cmd.add_argument(name, type=kind, required=True)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--database", default="unionfeed_bench")
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--no-search-index", action="store_true", help="Skip building the trigram index.")
    parser.add_argument("--duration", type=float, default=15.0, help="Seconds measured per scenario.")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--p99-ms", type=float, default=50.0)
    args = parser.parse_args()

    if args.command == "serve":
        serve(args.url, args.port)
        return 0
    if args.command == "load":
        paths = make_paths(args.scenario, args.total, 5000)
        result = asyncio.run(_load(args.port, args.key, paths, args.duration, args.warmup, args.concurrency))
        print(json.dumps(result))
        return 0

    url, total = seed(args.database, args.records, args.reseed, not args.no_search_index)
    key = bench_key(url)
    server = start_server(url, args.port)
    results = {}
    try:
        for scenario in ("changes", "articles", "articles-source"):
            results[scenario] = run_load(args.port, key, scenario, total, args.duration, args.warmup, args.concurrency)
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(
        f"\n{args.records:,} articles, {total:,} changes; pages of 100; {args.concurrency} connections; "
        f"{args.duration:.0f}s per scenario after {args.warmup:.0f}s warm-up; {os.cpu_count()} cores\n"
    )
    print(f"{'scenario':<18}{'req/s':>8}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}{'errors':>8}")
    failed = False
    for scenario, r in results.items():
        print(
            f"{scenario:<18}{r['rps']:>8.1f}{r['p50_ms']:>9.1f}{r['p90_ms']:>9.1f}{r['p99_ms']:>9.1f}"
            f"{r['max_ms']:>9.1f}{r['errors']:>8}"
        )
        failed |= r["p99_ms"] >= args.p99_ms or r["errors"] > 0
    print(f"\np99 target < {args.p99_ms:.0f} ms: {'FAIL' if failed else 'ok'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
