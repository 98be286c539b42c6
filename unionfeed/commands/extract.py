"""`unionfeed extract`: run the workers' extraction on files or URLs and print JSON Lines.

A line holds the record under the names the API and the exports use: the publisher the page names (来源) is
`origin` (the extraction record's `source`)."""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import sys
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import typer

from common.addresses import Network, parse_networks
from common.fetch import open_url
from workers.extraction import LOW_CONFIDENCE, ArticleRecord, ExtractionError, extract_record
from workers.extraction.template import template_lines

FETCH_TIMEOUT = 30
MAX_FETCH_BYTES = 30_000_000


@dataclass
class Page:
    input: str
    url: str
    location: str = ""
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    record: ArticleRecord | None = None


def extract_command(
    inputs: Annotated[list[str] | None, typer.Argument(help="Files or http(s) URLs of article pages.")] = None,
    url: Annotated[str | None, typer.Option("--url", help="URL of the page(s) given as files.")] = None,
    input_list: Annotated[
        Path | None, typer.Option("--input-list", help="File of 'path<TAB>url' lines, one page per line.")
    ] = None,
    low_confidence: Annotated[
        float,
        typer.Option(
            "--low-confidence",
            envvar="UNIONFEED_EXTRACTION_LOW_CONFIDENCE",
            min=0.0,
            max=1.0,
            help="Flag records whose body confidence is below this (the workers' setting of the same name).",
        ),
    ] = LOW_CONFIDENCE,
    private_network: Annotated[
        list[str] | None,
        typer.Option(
            "--private-network",
            help="A network outside the public internet URLs may be fetched from (CIDR, repeatable), besides "
            "UNIONFEED_PRIVATE_NETWORKS. Others are refused, as in crawls.",
        ),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            help="Processes extracting a batch at once (0: one per CPU this process may use). The output is the same "
            "and in the same order whatever the number.",
        ),
    ] = 0,
) -> None:
    """Extract clean article records: one JSON line per input, each with an `input` key."""
    try:
        allowed = parse_networks(private_network or [])
    except ValueError as exc:
        typer.echo(f"error: --private-network: {exc}", err=True)
        raise typer.Exit(2) from None
    pages = [_page_for(item, url) for item in inputs or []]
    if input_list is not None:
        pages.extend(_read_list(input_list))
    if not pages:
        typer.echo("error: give FILE_OR_URL arguments or --input-list", err=True)
        raise typer.Exit(2)
    user_agent = ""
    if any(page.location.startswith(("http://", "https://")) for page in pages):
        # the deployment's settings only for fetching (a batch of files never loads them): UNIONFEED_USER_AGENT, as
        # every crawl request sends it, and UNIONFEED_PRIVATE_NETWORKS
        from common.settings import Settings

        settings = Settings()
        user_agent, allowed = settings.user_agent, (*parse_networks(settings.private_networks), *allowed)
    with _batch_collection():
        _first_pass(pages, allowed, user_agent, low_confidence, _workers(jobs, len(pages)))
        _drop_site_templates(pages, low_confidence, allowed, user_agent)
    failed = 0
    for page in pages:
        if page.record is not None:
            line = {"input": page.input, **_named_as_in_the_api(page.record)}
        else:
            failed += 1
            line = {"input": page.input, "error": page.error or "unknown error"}
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    if failed:
        raise typer.Exit(1)


BATCH_GC_THRESHOLD = 10_000


@contextmanager
def _batch_collection() -> Iterator[None]:
    """A batch allocates millions of short-lived objects (element proxies, tokens, block features) that reference
    counting frees; at the cycle collector's default pace (a pass every 700 allocations, each full pass walking all
    that start-up loaded) collecting took 0.67 s of a 21 s run over the devcorpus (0.09 s so). For the batch, what
    is loaded so far is frozen out of the collector's walks and a pass comes every ``BATCH_GC_THRESHOLD``
    allocations; both are undone after."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(BATCH_GC_THRESHOLD, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


# A process per CPU pays off from this many pages each (forking one costs a few milliseconds; a page tens)
PAGES_PER_WORKER = 8
MAX_WORKERS = 8


def _workers(jobs: int, pages: int) -> int:
    """How many processes extract the batch: ``jobs``, or one per CPU this process may run on, and none idle."""
    if jobs == 0:
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        jobs = min(cpus, MAX_WORKERS)
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1  # workers forked from this process share what it loaded; a spawned one would load it all again
    return max(1, min(jobs, pages // PAGES_PER_WORKER))


def _first_pass(
    pages: list[Page], allowed: tuple[Network, ...], user_agent: str, low_confidence: float, workers: int
) -> None:
    """Load and extract every page, in ``workers`` forked processes when more than one (results in input order)."""
    if workers == 1:
        for page in pages:
            _extract_one(page, allowed, user_agent, low_confidence)
        return
    context = multiprocessing.get_context("fork")
    chunk = max(1, len(pages) // (workers * 4))  # small enough that a slow stretch of pages is shared out
    finished = 0
    try:
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            done = pool.map(
                _extracted, pages, repeat(allowed), repeat(user_agent), repeat(low_confidence), chunksize=chunk
            )
            for page, result in zip(pages, done, strict=True):
                _take_result(page, result)
                finished += 1
    except BrokenProcessPool as exc:
        # a worker was killed (out of memory, a signal): the pages not yet back are extracted here, as --jobs 1 would
        typer.echo(f"warning: {exc}; extracting the other {len(pages) - finished} pages in one process", err=True)
        for page in pages[finished:]:
            _extract_one(page, allowed, user_agent, low_confidence)


def _take_result(page: Page, result: Page) -> None:
    page.url, page.headers, page.record, page.error = result.url, result.headers, result.record, result.error


def _extracted(page: Page, allowed: tuple[Network, ...], user_agent: str, low_confidence: float) -> Page:
    """In a worker process: the page extracted, without its bytes (they need not travel back)."""
    _extract_one(page, allowed, user_agent, low_confidence)
    return page


def _extract_one(
    page: Page,
    allowed: tuple[Network, ...],
    user_agent: str,
    low_confidence: float,
    lines: frozenset[str] = frozenset(),
) -> None:
    if page.body is None:
        _load(page, allowed, user_agent)
    _extract(page, lines, low_confidence)
    if not page.location.startswith(("http://", "https://")):
        page.body = None  # re-read from disk if a second pass needs it (a fetched page is kept, not fetched again)


def _page_for(item: str, url: str | None, location: str | None = None) -> Page:
    if item.startswith(("http://", "https://")):
        return Page(item, url or item, item)
    where = location or item
    return Page(item, url or Path(where).resolve().as_uri(), where)


def _read_list(path: Path) -> list[Page]:
    pages: list[Page] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        name, _, page_url = raw.partition("\t")
        name = name.strip()
        where = name
        if not name.startswith(("http://", "https://")) and not Path(name).exists():
            where = str(path.parent / name)
        pages.append(_page_for(name, page_url.strip() or None, where))
    return pages


def _named_as_in_the_api(record: ArticleRecord) -> dict[str, object]:
    return {("origin" if name == "source" else name): value for name, value in record.model_dump(mode="json").items()}


def _load(page: Page, allowed: tuple[Network, ...], user_agent: str) -> None:
    try:
        if page.location.startswith(("http://", "https://")):
            headers = {"User-Agent": user_agent}
            with open_url(page.location, allowed=allowed, timeout=FETCH_TIMEOUT, headers=headers) as response:
                page.body = response.read(MAX_FETCH_BYTES)
                page.headers = dict(response.headers.items())
                page.url = response.geturl() if page.url == page.input else page.url
        else:
            page.body = Path(page.location).read_bytes()
    except (OSError, ValueError) as exc:
        page.error = f"{type(exc).__name__}: {exc}"


def _extract(page: Page, lines: frozenset[str], low_confidence: float) -> None:
    if page.body is None:
        return
    try:
        page.record = extract_record(
            page.body, page.url, headers=page.headers, template_lines=lines, low_confidence_below=low_confidence
        )
        page.error = None
    except ExtractionError as exc:
        page.error = f"ExtractionError: {exc}"
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop the batch
        page.error = f"{type(exc).__name__}: {exc}"


def _drop_site_templates(
    pages: list[Page], low_confidence: float, allowed: tuple[Network, ...], user_agent: str
) -> None:
    """Second pass for sites with several pages in the batch: drop paragraphs repeated on most of them."""
    by_host: dict[str, list[Page]] = defaultdict(list)
    for page in pages:
        if page.record is not None:
            by_host[urlsplit(page.url).netloc].append(page)
    for host, group in by_host.items():
        if not host:
            continue
        lines = template_lines(p.record.body_text for p in group if p.record is not None)
        if not lines:
            continue
        for page in group:
            if page.record is not None and any(p in lines for p in page.record.body_text.split("\n\n")):
                _extract_one(page, allowed, user_agent, low_confidence, lines)
