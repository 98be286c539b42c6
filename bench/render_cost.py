"""What a page rendered in Chromium costs against the same page fetched over plain HTTP, in one run.

    uv run python -m bench.render_cost [--rounds 3]

Each round crawls the bundled ghweihai sample site (plain HTML: the browser renders exactly the pages HTTP
fetches, same lists, same articles) twice, `render: http` and `render: browser`, then the single-page-app sample
(`render: browser`, the only way it can be crawled), each crawl in a fresh child process (`crawler.run.run_crawl`,
everything on: link classification, crawl state, raw pages stored in SQLite), with the same politeness-free download
settings (no delay, no AutoThrottle, 2 pages in flight per host: the browser's default pool). Measured per crawl:
- pages/s: pages stored (article pages) per second of the crawl's wall time (the process start, imports and the
  database's creation excluded; Chromium's launch included: a crawl pays it);
- CPU s/page: user + system time of the crawling process and every process it started (the Playwright driver,
  Chromium's browser, renderer and utility processes), per page stored;
- peak memory: the largest sum of proportional set sizes (PSS) over that process tree, sampled every 50 ms.
Figures are the median of the rounds.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, NamedTuple

from common.settings import Settings
from common.sources import Source, load_sources
from samples.server import SampleServer
from storage.migrate import upgrade

ROOT = Path(__file__).resolve().parents[1]

DOWNLOAD = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
    "DOWNLOAD_TIMEOUT": 30,
    "LOG_LEVEL": "ERROR",
}


class Crawl(NamedTuple):
    pages: int
    seconds: float
    cpu: float  # seconds, the process tree's
    peak_memory: int  # bytes, the process tree's PSS


def cases() -> dict[str, Source]:
    sources = load_sources(ROOT / "sources.yaml")
    plain = sources.get("sample-ghweihai")
    return {
        "ghweihai, http": plain,
        "ghweihai, browser": plain.model_copy(update={"render": "browser"}),
        "spa, browser": sources.get("sample-spa"),
    }


# --- in the child process ---


def crawl_child(source: Source, proxy: str, results: Any) -> None:
    from crawler.run import run_crawl

    database = Path(tempfile.mkdtemp(prefix="render-bench-")) / "crawl.db"
    upgrade(f"sqlite:///{database}")
    app = Settings(database_url=f"sqlite:///{database}", redis_url="", proxy_routes={".sample.test": proxy})
    started, own = time.perf_counter(), _cpu(resource.RUSAGE_SELF)
    [result] = run_crawl(app, [source], trigger="cli", scrapy_overrides=DOWNLOAD)
    seconds = time.perf_counter() - started
    cpu = _cpu(resource.RUSAGE_SELF) - own + _cpu(resource.RUSAGE_CHILDREN)  # the driver and Chromium, reaped
    results.put((result.pages_stored, seconds, cpu))


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


# --- in the bench process ---


def measure(source: Source, proxy: str) -> Crawl:
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    child = context.Process(target=crawl_child, args=(source, proxy, results))
    child.start()
    peak = 0
    while child.is_alive():
        peak = max(peak, tree_rss(child.pid))  # type: ignore[arg-type]
        time.sleep(0.05)
    child.join()
    pages, seconds, cpu = results.get(timeout=10)
    return Crawl(pages, seconds, cpu, peak)


def tree_rss(root: int) -> int:
    """Memory of `root` and all its descendants (from /proc): the sum of their proportional set sizes, so the pages
    Chromium's processes share are counted once, not once per process as a sum of RSS would."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
    tree, frontier = {root}, [root]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier and pid not in tree]
        tree.update(children)
        frontier = children
    return sum(_pss(pid) for pid in tree)


def _pss(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) * 1024 for line in rollup.splitlines() if line.startswith("Pss:")), 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    measured: dict[str, list[Crawl]] = {name: [] for name in cases()}
    with SampleServer() as server:
        for round_number in range(1, args.rounds + 1):
            for name, source in cases().items():
                crawl = measure(source, server.url)
                measured[name].append(crawl)
                print(f"round {round_number} {name}: {crawl.pages} pages in {crawl.seconds:.1f} s", file=sys.stderr)
    print("| crawl | pages | pages/s | CPU s/page | peak memory (PSS, MiB) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, crawls in measured.items():
        pages = statistics.median(c.pages for c in crawls)
        rate = statistics.median(c.pages / c.seconds for c in crawls)
        cpu = statistics.median(c.cpu / max(c.pages, 1) for c in crawls)
        memory = statistics.median(c.peak_memory for c in crawls) / 2**20
        print(f"| {name} | {pages:.0f} | {rate:.2f} | {cpu:.3f} | {memory:.0f} |")
    plain = statistics.median(c.pages / c.seconds for c in measured["ghweihai, http"])
    rendered = statistics.median(c.pages / c.seconds for c in measured["ghweihai, browser"])
    print(f"\nA rendered page costs {plain / rendered:.1f}x the time of a plain one (same site, same pages).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
