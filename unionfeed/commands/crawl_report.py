"""What `unionfeed crawl --inline` (and `crawl --url`) shows: a live view per source while the crawl runs (read from
each crawler's stats), then one row per source with what a user wants to know: requests (robots.txt included) and
304s, new records, revisions, removals, duplicates (new records that are reprints of a known story, and pages the
crawler recognised by their rel=canonical), skipped pages, errors. Scrapy's own log stays at WARNING unless asked for
(`-v`).

The processing columns come from the pages processed in-process (embedded mode); with a broker the workers process
them, and the row shows what the crawl itself saw.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, Group
from rich.live import Live
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.spinner import Spinner
from rich.table import Table

from common.sources import Source

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

# Live columns: (header, the crawler stat behind it).
LIVE = (
    ("requests", "downloader/request_count"),
    ("304s", "downloader/response_status_count/304"),
    ("lists", "source/list_pages"),
    ("articles", "source/article_pages"),
    ("stored", "page_persist/stored"),
    ("revisits", "source/revisits"),
)
SUMMARY = ("status", "requests", "304s", "new", "revised", "removed", "dupes", "skipped", "errors", "secs")


def scrapy_log_settings(verbose: bool) -> dict[str, Any]:
    """Scrapy's log at WARNING (what needs a look), INFO with -v."""
    return {"LOG_LEVEL": "INFO" if verbose else "WARNING"}


class CrawlProgress:
    """Watches each source's crawler (`run_crawl(watch=...)`) and renders their stats so far."""

    def __init__(self) -> None:
        self.crawlers: list[tuple[Source, Crawler]] = []
        self.spinner = Spinner("dots", text="crawling")

    def watch(self, source: Source, crawler: Crawler) -> None:
        self.crawlers.append((source, crawler))

    def render(self) -> Group:
        table = Table(box=None, pad_edge=False)
        table.add_column("source")
        for header, _ in LIVE:
            table.add_column(header, justify="right")
        for source, crawler in self.crawlers:
            stats = crawler.stats
            values = [str(stats.get_value(name, 0) if stats is not None else 0) for _, name in LIVE]
            table.add_row(source.key, *values)
        return Group(self.spinner, table)


@contextmanager
def crawl_progress(console: Console) -> Iterator[CrawlProgress]:
    """A live view on a terminal (transient: the summary replaces it); nothing when the output is not one."""
    progress = CrawlProgress()
    if not console.is_terminal:
        yield progress
        return
    with Live(console=console, get_renderable=progress.render, transient=True, refresh_per_second=4):
        yield progress


@contextmanager
def step_progress(console: Console, label: str) -> Iterator[Callable[[int, int], None]]:
    """A bar for a counted step (processing the stored pages, re-extracting them), updated by `(done, total)`; on a
    terminal only, and gone when the step ends."""
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def outcome_counts(outcomes: Iterable[dict[str, Any]]) -> dict[str, Counter[str]]:
    """Per source: how many processed pages ended each way (created, updated, duplicate, removed, skipped...)."""
    counts: dict[str, Counter[str]] = {}
    for outcome in outcomes:
        counts.setdefault(str(outcome.get("source")), Counter())[str(outcome.get("outcome"))] += 1
    return counts


def summary_row(result: Any, processed: Counter[str] | None) -> list[str]:
    """The summary cells of one source's `RunResult`: processing outcomes where the pages were processed here, the
    crawl's own counts otherwise (a revision or a duplicate is then what the crawl saw, not yet what processing
    decided)."""
    stats = result.stats
    skipped = _skipped(stats)
    if processed is None:
        new, revisions, removals = result.new_articles, result.revisions, result.removals
        duplicates = int(stats.get("canonical_duplicates", 0))
    else:
        # New records, reprints of a known story among them (they are duplicates too).
        new = processed["created"] + processed["duplicate"]
        revisions, removals = processed["updated"], processed["removed"]
        duplicates = processed["duplicate"] + int(stats.get("canonical_duplicates", 0))
        skipped += processed["skipped"]
    numbers = (result.requests, result.not_modified, new, revisions, removals, duplicates, skipped, result.errors)
    return [result.status, *(str(n) for n in numbers), f"{result.seconds:.1f}"]


def _skipped(stats: dict[str, Any]) -> int:
    """Pages the crawl left alone on purpose (robots.txt, off-site): a number, or counts by reason."""
    value = stats.get("skipped", 0)
    return sum(int(n) for n in value.values()) if isinstance(value, dict) else int(value or 0)


def error_lines(results: Sequence[Any]) -> list[str]:
    """What failed, by kind, for each source that had errors (`unionfeed runs` shows each with its reason and URLs)."""
    return [
        f"errors of {r.source}: " + ", ".join(f"{kind} {n}" for kind, n in sorted(r.errors_by_kind.items()))
        for r in results
        if r.errors_by_kind
    ]


def summary_table(results: Sequence[Any], outcomes: Iterable[dict[str, Any]] | None) -> Table:
    """One row per source; `outcomes` are the processing results of the pages processed here (None: not here)."""
    counts = outcome_counts(outcomes) if outcomes is not None else None
    table = Table(title="crawl", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
    table.add_column("source", no_wrap=True)
    for column in SUMMARY:
        table.add_column(column, justify="left" if column == "status" else "right")
    for result in results:
        processed = counts.get(result.source, Counter()) if counts is not None else None
        table.add_row(result.source, *summary_row(result, processed))
    return table
