"""Generate the bundled sample sites: ``uv run python -m samples.generate [--out DIR]``.

Deterministic: every random choice comes from a `random.Random` seeded with a fixed string, no clock is read and
files are written as bytes, so regenerating rewrites `samples/sites/` byte for byte. The output directory is
replaced as a whole (stale files from an older generator version must not survive).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from samples.plan import GHWEIHAI, HYGH, JCGH, LDB, PEIXUN, SPA, TOWNBLOG, UNIONVOICE, WORKERCN, ZJGH, build_plan
from samples.render import (
    challenge,
    dynlist,
    faulty,
    feedsonly,
    ghweihai,
    jcms,
    peixun,
    spa,
    townblog,
    trswcm,
    workercn,
    zjgh,
)
from samples.render.base import Article, Placement, SiteBuild

SITES_DIR = Path(__file__).resolve().parent / "sites"
MANIFEST = "manifest.json"
EXPECTED_SUFFIX = ".expected.json"
MANIFEST_VERSION = 1

RENDERERS: dict[str, Callable[[list[Placement]], SiteBuild]] = {
    GHWEIHAI: ghweihai.build,
    WORKERCN: workercn.build,
    PEIXUN: peixun.build,
    TOWNBLOG: townblog.build,
    ZJGH: zjgh.build,
    faulty.HOST: faulty.build,
    SPA: spa.build,
    challenge.HOST: challenge.build,
    JCGH: trswcm.build,
    HYGH: jcms.build,
    LDB: dynlist.build,
    UNIONVOICE: feedsonly.build,
}


def build_sites() -> list[SiteBuild]:
    """Render every site in memory."""
    plan = build_plan()
    return [render(plan.get(host, [])) for host, render in RENDERERS.items()]


def expected_name(file_name: str) -> str:
    """Where the truth of an article file lives: beside it, ``<file>.expected.json``."""
    return file_name + EXPECTED_SUFFIX


def _file_of(path: str) -> str:
    name = path.lstrip("/")
    return name + "index.html" if not name or name.endswith("/") else name


def truth_file(art: Article) -> str:
    """Where an article's truth lives in its host's folder: beside its page, or for a page that is a fragment route
    of a single-page app (`/#/news/detail?id=7`), under `truth/` (`truth/news/detail-id-7.expected.json`)."""
    path, _, route = art.path.partition("#")
    if route:
        return expected_name("truth/" + re.sub(r"[^A-Za-z0-9/]+", "-", route).strip("/-"))
    return expected_name(_file_of(path))


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _abs(host: str, paths: list[str]) -> list[str]:
    return [f"http://{host}{path}" for path in paths]


def manifest(builds: list[SiteBuild]) -> dict[str, Any]:
    """Index of the generated sites: start URLs, list pages, every article with its story, multi-site stories.

    `sites` and `articles` are the plain sites, whose article pages are files; `rendered_sites` and
    `rendered_articles` the sites built by JavaScript (crawled through a browser); `challenge_sites` the sites that
    answer with a cookie challenge."""
    groups: dict[str, dict[str, Any]] = {"sites": {}, "rendered_sites": {}, "challenge_sites": {}}
    articles: list[dict[str, Any]] = []
    rendered: list[dict[str, Any]] = []
    for site in builds:
        group = "challenge_sites" if site.challenged else "rendered_sites" if site.render != "http" else "sites"
        groups[group][site.host] = {
            "language": site.language,
            "charset": site.charset,
            "site_name": site.site_name,
            "start_urls": _abs(site.host, (site.start_pages or site.list_pages[:1]) + site.feeds),
            "list_pages": _abs(site.host, site.list_pages),
            "feeds": _abs(site.host, site.feeds),
            "other_pages": _abs(site.host, site.other_pages),
            "article_count": len(site.articles),
        }
        if site.render != "http":  # only where it is not plain HTTP: the older sites' entries stay as they were
            groups[group][site.host]["render"] = site.render
        # Only where a site has them, so the entries of the older sites stay as they were.
        extras = {
            "sitemaps": _abs(site.host, site.sitemaps),
            "forbidden_pages": _abs(site.host, site.forbidden_pages),
            "header_charset": site.header_charset,
            "serves_directories": None if site.serves_directories else False,
        }
        groups[group][site.host].update({key: value for key, value in extras.items() if value not in (None, [])})
        for art in sorted(site.articles, key=lambda a: a.path):
            (rendered if site.render != "http" else articles).append(
                {
                    "host": site.host,
                    "url": art.url,
                    "story": art.story.id,
                    "language": art.language,
                    "series": art.story.series,
                    "expected": f"{site.host}/{truth_file(art)}",
                }
            )
    stories: dict[str, list[str]] = {}
    for entry in articles:
        stories.setdefault(entry["story"], []).append(entry["url"])
    return {
        "version": MANIFEST_VERSION,
        "sites": groups["sites"],
        "articles": articles,
        "syndicated": {story: urls for story, urls in sorted(stories.items()) if len(urls) > 1},
        "faulty_routes": faulty.FAULT_ROUTES,
        "rendered_sites": groups["rendered_sites"],
        "rendered_articles": rendered,
        "challenge_sites": groups["challenge_sites"],
    }


def write(out_dir: Path, builds: list[SiteBuild]) -> None:
    """Replace `out_dir` with the rendered sites, their truth files and the manifest."""
    if out_dir.exists():
        if any(out_dir.iterdir()) and not (out_dir / MANIFEST).exists():
            raise SystemExit(f"refusing to replace {out_dir}: it is not a generated sample-sites directory")
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    for site in builds:
        root = out_dir / site.host
        for name, data in sorted(site.files.items()):
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for art in site.articles:
            target = root / truth_file(art)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_json_bytes(art.record()))
    (out_dir / MANIFEST).write_bytes(_json_bytes(manifest(builds)))


@contextmanager
def sample_sites(bundled: Path = SITES_DIR) -> Iterator[Path]:
    """The sample sites' directory: the checkout's generated one, else (an installed wheel ships no generated pages)
    one generated now into a temporary directory, removed on exit. Generation is deterministic: the same bytes."""
    if (bundled / MANIFEST).is_file():
        yield bundled
        return
    with tempfile.TemporaryDirectory(prefix="unionfeed-samples-") as tmp:
        out = Path(tmp) / "sites"
        write(out, build_sites())
        yield out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SITES_DIR, help=f"output directory (default {SITES_DIR})")
    args = parser.parse_args(argv)
    builds = build_sites()
    write(args.out, builds)
    total = sum(len(b.articles) for b in builds)
    print(f"wrote {total} articles on {len(builds)} sites to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
