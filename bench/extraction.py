"""Extraction benchmark: unionfeed vs trafilatura (all pages) and GNE (Chinese pages), same pages, same run.

    uv run python -m bench.extraction [--repeat N] [--only SUBSTRING] [--per-page]

Scores, per page then averaged over pages (the way the public article-extraction benchmarks score):
body precision / recall / F1 over a bag of tokens (words for English, characters for Chinese), title exact match
(after whitespace normalization), published_at correct to the day (every system), and published_at exact
(time and offset too; trafilatura returns dates only). Speed is pages per second over the whole corpus,
bytes in -> record out, best of --repeat runs.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import logging
import time
import warnings
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field

from testkit.corpus import (
    CorpusPage,
    corpus,
    norm_title,
    prf,
    same_day,
    same_time,
)
from workers.extraction import ExtractionError, ExtractionRules, decode_html, extract_record


@dataclass
class Output:
    title: str | None
    body: str | None
    date: str | None


@dataclass
class Tally:
    pages: int = 0
    p: float = 0.0
    r: float = 0.0
    f1: float = 0.0
    title: int = 0
    day: int = 0
    exact: int = 0
    seconds: float = 0.0
    worst: list[tuple[float, str]] = field(default_factory=list)

    def add(self, page: CorpusPage, out: Output) -> None:
        exp = page.expected
        p, r, f1 = prf(exp.get("body_text"), out.body)
        self.pages += 1
        self.p, self.r, self.f1 = self.p + p, self.r + r, self.f1 + f1
        self.title += norm_title(exp.get("title")) == norm_title(out.title)
        self.day += same_day(exp.get("published_at"), out.date)
        self.exact += same_time(exp.get("published_at"), out.date)
        self.worst.append((f1, page.id))

    def row(self, name: str, exact: bool = True) -> list[str]:
        n = self.pages or 1
        pps = self.pages / self.seconds if self.seconds else 0.0
        return [name, str(self.pages), f"{self.p / n:.3f}", f"{self.r / n:.3f}", f"{self.f1 / n:.3f}",
                f"{self.title / n:.3f}", f"{self.day / n:.3f}", f"{self.exact / n:.3f}" if exact else "n/a",
                f"{pps:.1f}"]


def run_ours(page: CorpusPage, body: bytes) -> Output:
    rules = ExtractionRules(**page.rules) if page.rules else None
    try:
        record = extract_record(body, page.url, headers=page.headers, rules=rules)
    except ExtractionError:
        return Output(None, None, None)
    date = record.published_at.isoformat() if record.published_at is not None else None
    return Output(record.title, record.body_text, date)


def run_trafilatura(page: CorpusPage, body: bytes) -> Output:
    import trafilatura

    raw = trafilatura.extract(body, url=page.url, output_format="json", with_metadata=True)
    if not raw:
        return Output(None, None, None)
    data = json.loads(raw)
    return Output(data.get("title"), data.get("text"), data.get("date"))


def run_gne(page: CorpusPage, text: str) -> Output:
    from gne import GeneralNewsExtractor

    try:
        data = GeneralNewsExtractor().extract(text)
    except Exception:  # noqa: BLE001 - a baseline failing on a page scores zero for it
        return Output(None, None, None)
    return Output(data.get("title"), data.get("content"), _gne_date(data.get("publish_time")))


def _gne_date(value: str | None) -> str | None:
    from workers.extraction.dates import parse_datetime

    if not value:
        return None
    parsed = parse_datetime(value)
    return parsed.isoformat() if parsed is not None else None


def timed(pages: list[tuple[CorpusPage, object]], fn, repeat: int) -> tuple[list[Output], float]:  # type: ignore[no-untyped-def]
    best = float("inf")
    outputs: list[Output] = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        outputs = [fn(page, data) for page, data in pages]
        best = min(best, time.perf_counter() - start)
    return outputs, best


def table(rows: list[list[str]]) -> str:
    head = ["system", "pages", "body P", "body R", "body F1", "title", "date (day)", "date (exact)", "pages/s"]
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]

    def line(row: list[str]) -> str:
        cells = zip(row, widths, strict=True)
        return "  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(cells))

    return "\n".join([line(head), line(["-" * w for w in widths]), *map(line, rows)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="timing runs per system (best is kept)")
    parser.add_argument("--only", default="", help="only pages whose id contains this")
    parser.add_argument("--per-page", action="store_true", help="list the pages with the lowest body F1")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)
    warnings.filterwarnings("ignore")

    pages = [p for p in corpus() if args.only in p.id]
    bodies = [(p, p.body()) for p in pages]
    zh = [(p, decode_html(b, p.headers)[0]) for p, b in bodies if p.expected.get("language") == "zh"]
    zh_bytes = [(p, b) for p, b in bodies if p.expected.get("language") == "zh"]

    results: dict[str, Tally] = {}
    sink = io.StringIO()
    with redirect_stdout(sink), redirect_stderr(sink):
        for name, subset, fn in (
            ("unionfeed", bodies, run_ours),
            ("trafilatura", bodies, run_trafilatura),
            ("unionfeed (zh)", zh_bytes, run_ours),
            ("trafilatura (zh)", zh_bytes, run_trafilatura),
            ("gne (zh)", zh, run_gne),
        ):
            outputs, seconds = timed(subset, fn, args.repeat)  # type: ignore[arg-type]
            tally = Tally(seconds=seconds)
            for (page, _), out in zip(subset, outputs, strict=True):
                tally.add(page, out)
            results[name] = tally

    rows = [results[n].row(n, exact=not n.startswith("trafilatura")) for n in results]
    print(f"Extraction benchmark: {len(pages)} pages ({len(zh)} Chinese, {len(pages) - len(zh)} English); "
          f"best of {args.repeat} timing runs\n")
    print(table(rows))
    ours, traf = results["unionfeed"], results["trafilatura"]
    if ours.seconds and traf.seconds:
        ratio = (ours.pages / ours.seconds) / (traf.pages / traf.seconds)
        print(f"\nspeed: unionfeed is {ratio:.2f}x trafilatura's pages/s (all pages)")
    if args.per_page:
        for name in ("unionfeed", "trafilatura", "gne (zh)"):
            worst = sorted(results[name].worst)[:8]
            print(f"\nlowest body F1, {name}:")
            for f1, page_id in worst:
                print(f"  {f1:.3f}  {page_id}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
