"""Extraction benchmark: unionfeed vs trafilatura (all pages) and GNE (Chinese pages), same pages, same run.

    uv run --group bench python -m bench.extraction [--repeat N] [--only SUBSTRING] [--per-page]
    uv run --group bench python -m bench.extraction --devcorpus ../shared/devcorpus  # real pages, side by side

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
from pathlib import Path

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
        return [
            name,
            str(self.pages),
            f"{self.p / n:.3f}",
            f"{self.r / n:.3f}",
            f"{self.f1 / n:.3f}",
            f"{self.title / n:.3f}",
            f"{self.day / n:.3f}",
            f"{self.exact / n:.3f}" if exact else "n/a",
            f"{pps:.1f}",
        ]


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
    parser.add_argument("--devcorpus", type=Path, help="the development corpus of real pages (its folder)")
    args = parser.parse_args()
    try:
        import gne  # noqa: F401
        import readability  # noqa: F401
    except ImportError as exc:
        raise SystemExit(f"{exc.name} is missing: the baselines are the bench group (uv run --group bench)") from None
    logging.disable(logging.CRITICAL)
    warnings.filterwarnings("ignore")
    if args.devcorpus is not None:
        return run_devcorpus(args.devcorpus)

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
    print(
        f"Extraction benchmark: {len(pages)} pages ({len(zh)} Chinese, {len(pages) - len(zh)} English); "
        f"best of {args.repeat} timing runs\n"
    )
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


# ---- the development corpus of real pages (../shared/devcorpus, when present) ----------------------------------


def devcorpus_pages(folder: Path) -> list[dict]:
    """The corpus's pages with their truth (truth.jsonl: id, file, url, body, ...) and their bytes under "raw"."""
    import gzip

    rows = [json.loads(line) for line in (folder / "truth.jsonl").read_text(encoding="utf-8").splitlines() if line]
    for row in rows:
        row["raw"] = gzip.decompress((folder / row["file"]).read_bytes())
    return rows


def devcorpus_systems() -> dict[str, object]:
    """Name -> function(raw bytes, url) -> body text: the project, trafilatura's two modes, each voice alone."""
    import trafilatura

    from workers.extraction import members
    from workers.extraction.blocks import parse_html

    def member(m: members.Member):  # type: ignore[no-untyped-def]
        def run(raw: bytes, url: str) -> str | None:
            text = decode_html(raw, None)[0]
            root, _ = parse_html(text)
            return members.run_member(m, members.PageInput(text, root, url))

        return run

    return {
        "unionfeed (vote)": lambda raw, url: extract_record(raw, url or "http://unknown.invalid/").body_text,
        "unionfeed own pass alone": _own_pass_alone,
        "trafilatura precision": lambda raw, url: trafilatura.extract(raw, url=url, favor_precision=True),
        "trafilatura default": lambda raw, url: trafilatura.extract(raw, url=url),
        **{f"member {name} alone": member(m) for name, m in members.MEMBERS.items()},
        "readability-lxml alone (not a voice)": member(members.Member("readability", readability_text)),
    }


_TEXT_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "td", "dd", "dt", "figcaption")


def readability_text(page) -> str | None:  # type: ignore[no-untyped-def]
    """readability-lxml on a copy of our tree: measured as a candidate voice (it did not raise the vote's score)."""
    from copy import deepcopy

    from lxml import html
    from readability import Document

    class SharedTreeDocument(Document):  # type: ignore[misc]
        """readability-lxml re-reads its input on each of its passes and mutates it: give each pass a copy."""

        def _parse(self, input):  # type: ignore[no-untyped-def]  # noqa: A002 - the library's name
            return super()._parse(deepcopy(input))

    fragment = SharedTreeDocument(page.root, url=page.url or None).summary(html_partial=True)
    if not fragment.strip():
        return None
    tree = html.fragment_fromstring(fragment, create_parent="div")
    inner = [el for el in tree.iter(*_TEXT_TAGS) if not any(c.tag in _TEXT_TAGS for c in el.iterdescendants())]
    return "\n\n".join(t for t in (el.text_content().strip() for el in inner) if t) or tree.text_content()


def _own_pass_alone(raw: bytes, url: str) -> str:
    """Our main block and cleaning without the other voices (the vote's cascade emptied for the call)."""
    from workers.extraction import ensemble

    cascade, ensemble.CASCADE = ensemble.CASCADE, ()
    try:
        return extract_record(raw, url or "http://unknown.invalid/").body_text
    finally:
        ensemble.CASCADE = cascade


def run_devcorpus(folder: Path) -> int:
    """Body P/R/F1 (4-gram shingles, the public benchmark's way) and pages/s of every system, one run."""
    from testkit.real_pages import body_prf

    rows = devcorpus_pages(folder)
    table_rows = []
    for name, fn in devcorpus_systems().items():
        gc.collect()
        start, outputs = time.perf_counter(), []
        for row in rows:
            try:
                outputs.append(fn(row["raw"], row.get("url")) or "")  # type: ignore[operator]
            except ExtractionError:
                outputs.append("")
        seconds = time.perf_counter() - start
        scored = [body_prf(row["body"], out) for row, out in zip(rows, outputs, strict=True)]
        p, r = (sum(x[i] for x in scored) / len(rows) for i in (0, 1))
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        low = sum(1 for sp, sr in scored if (2 * sp * sr / (sp + sr) if sp + sr else 0.0) < 0.5)
        speed = f"{len(rows) / seconds:.1f}"
        table_rows.append([name, str(len(rows)), f"{p:.3f}", f"{r:.3f}", f"{f1:.3f}", str(low), speed])
    head = ["system", "pages", "body P", "body R", "body F1", "F1<0.5", "pages/s"]
    widths = [max(len(r[i]) for r in [head, *table_rows]) for i in range(len(head))]
    for row in [head, ["-" * w for w in widths], *table_rows]:
        print("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))))
    confidence_table(rows)
    return 0


def confidence_table(rows: list[dict]) -> None:
    """How well the record's confidence predicts a bad body (F1 < 0.8): pages flagged at each threshold."""
    from testkit.real_pages import body_f1

    scored = []
    for row in rows:
        record = extract_record(row["raw"], row.get("url") or "http://unknown.invalid/")
        confidence = record.confidence if record.confidence is not None else 1.0
        scored.append((confidence, body_f1(row["body"], record.body_text) < 0.8))
    bad = sum(b for _, b in scored)
    print(f"\nconfidence vs bad bodies (F1 < 0.8: {bad} of {len(scored)} pages)")
    print("flag below  flagged  bad among flagged  share of bad caught  bad among the others")
    for threshold in (0.4, 0.5, 0.7, 0.85, 0.9):
        flagged = [b for c, b in scored if c < threshold]
        others = [b for c, b in scored if c >= threshold]
        caught = sum(flagged)
        print(
            f"{threshold:>10}  {len(flagged):>7}  {caught:>17}  {caught / (bad or 1):>19.0%}  "
            f"{sum(others) / (len(others) or 1):>20.0%}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
