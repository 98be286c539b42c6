"""Chinese real pages: unionfeed vs trafilatura and GNE on the Chinese pages of tests/fixtures/pages/real, one run.

    uv run --group bench python -m bench.zh_real [--per-page]

The pages are real news, government and institution pages with hand-written truth (each case's LICENSE says where
the page comes from). Scored the way the development corpus is (../shared/devcorpus/score.py): body precision and
recall of 4-gram shingles (every CJK character a token), averaged over pages, F1 of the two means; the title equal
after whitespace removal; the date right to the calendar day in the truth's own offset (a date-only truth: the day
the system gives); the authors the same set of names, on the pages that state some. trafilatura runs as the
corpus scorer runs it (extract(favor_precision=True) and extract_metadata); GNE reads the page as our decoder
decodes it.
"""

from __future__ import annotations

import argparse
import io
import logging
import re
import warnings
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from datetime import datetime

from testkit.real_pages import RealPage, body_prf, real_pages
from workers.extraction import ExtractionError, decode_html, extract_record


@dataclass(frozen=True)
class Output:
    title: str | None
    body: str | None
    date: str | None
    authors: list[str] | None = None


def chinese_pages() -> list[RealPage]:
    """The Chinese real pages with hand-written truth (cases zh_*; short_article_zh's truth title keeps the site's
    suffix, as its source's parser does, so it is left to the real-page gate)."""
    return [p for p in real_pages() if p.case.startswith("zh_")]


def run_ours(page: RealPage) -> Output:
    try:
        record = extract_record(page.body(), page.url)
    except ExtractionError:
        return Output(None, None, None)
    date = record.published_at.isoformat() if record.published_at is not None else None
    return Output(record.title, record.body_text, date, record.authors)


def run_trafilatura(page: RealPage) -> Output:
    import trafilatura

    raw = page.body()
    body = trafilatura.extract(raw, url=page.url, include_comments=False, favor_precision=True)
    meta = trafilatura.extract_metadata(raw, default_url=page.url)
    author = meta.author if meta else None
    return Output(meta.title if meta else None, body, meta.date if meta else None, _names(author))


def run_gne(page: RealPage) -> Output:
    from gne import GeneralNewsExtractor

    text = decode_html(page.body(), None)[0]
    try:
        data = GeneralNewsExtractor().extract(text)
    except Exception:  # noqa: BLE001 - a baseline failing on a page scores zero for it
        return Output(None, None, None)
    return Output(data.get("title"), data.get("content"), data.get("publish_time"), _names(data.get("author")))


def _names(value: str | None) -> list[str]:
    return [n for n in re.split(r"\s*(?:;|,|、|，|\s)\s*", value or "") if n]


SYSTEMS: dict[str, Callable[[RealPage], Output]] = {
    "unionfeed": run_ours,
    "trafilatura 2.3": run_trafilatura,
    "GNE": run_gne,
}


def _when(value: str | None) -> datetime | None:
    if not value:
        return None
    text = str(value).strip().replace("Z", "+00:00")
    for candidate in (text, text.replace(" ", "T")):
        try:
            return datetime.fromisoformat(candidate)
        except ValueError:
            pass
    found = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    return datetime(int(found[1]), int(found[2]), int(found[3])) if found else None


def same_day(truth: str | None, value: str | None) -> bool:
    """The calendar day, in the truth's own offset when both carry one (the corpus scorer's rule)."""
    t, v = _when(truth), _when(value)
    if t is None or v is None:
        return False
    if t.tzinfo is not None and v.tzinfo is not None:
        v = v.astimezone(t.tzinfo)
    return t.date() == v.date()


def _squash(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "").casefold()


@dataclass
class Score:
    precision: float
    recall: float
    f1: float
    titles: int
    dates: int
    dated: int
    authors: int
    authored: int
    per_page: list[tuple[str, float, bool, bool]]


def score(pages: list[RealPage], run: Callable[[RealPage], Output]) -> Score:
    ps, rs, per_page = [], [], []
    titles = dates = dated = authors = authored = 0
    for page in pages:
        with warnings.catch_warnings(), redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            warnings.simplefilter("ignore")
            out = run(page)
        p, r = body_prf(page.expected["body_text"], out.body or "")
        ps.append(p)
        rs.append(r)
        title_ok = _squash(page.expected["title"]) == _squash(out.title)
        date_ok = same_day(page.expected.get("published"), out.date)
        titles += title_ok
        if page.expected.get("published"):
            dated += 1
            dates += date_ok
        if page.expected.get("authors"):
            authored += 1
            authors += {_squash(n) for n in page.expected["authors"]} == {_squash(n) for n in out.authors or []}
        per_page.append((page.case, 2 * p * r / (p + r) if p + r else 0.0, title_ok, date_ok))
    mp, mr = sum(ps) / len(ps), sum(rs) / len(rs)
    f1 = 2 * mp * mr / (mp + mr) if mp + mr else 0.0
    return Score(mp, mr, f1, titles, dates, dated, authors, authored, per_page)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-page", action="store_true", help="body F1, title and date of every page, per system")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    pages = chinese_pages()
    results = {name: score(pages, run) for name, run in SYSTEMS.items()}
    print(f"{len(pages)} Chinese real pages")
    print(f"{'system':16}{'body P':>8}{'body R':>8}{'body F1':>9}{'title':>8}{'date':>8}{'authors':>9}")
    for name, s in results.items():
        print(
            f"{name:16}{s.precision:8.3f}{s.recall:8.3f}{s.f1:9.3f}{s.titles:>5}/{len(pages):<2}{s.dates:>5}/{s.dated:<2}"
            f"{s.authors:>6}/{s.authored:<2}"
        )
    if args.per_page:
        for name, s in results.items():
            print(f"\n{name}:")
            for case, f1, title_ok, date_ok in s.per_page:
                print(f"  {f1:.3f}  title {'ok ' if title_ok else 'BAD'}  date {'ok ' if date_ok else 'BAD'}  {case}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
