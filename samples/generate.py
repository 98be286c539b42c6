"""Generate the bundled sample sites: ``uv run python -m samples.generate [--out DIR]``.

Deterministic: every random choice comes from a `random.Random` seeded with a fixed string, no clock is read and
files are written as bytes, so regenerating rewrites `samples/sites/` byte for byte. The output directory is
replaced as a whole (stale files from an older generator version must not survive).
"""

from __future__ import annotations

import argparse
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from samples.plan import GHWEIHAI, HYGH, JCGH, LDB, PEIXUN, TOWNBLOG, UNIONVOICE, WORKERCN, ZJGH, build_plan
from samples.render import dynlist, faulty, feedsonly, ghweihai, jcms, peixun, townblog, trswcm, workercn, zjgh
from samples.render.base import Placement, SiteBuild

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


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _abs(host: str, paths: list[str]) -> list[str]:
    return [f"http://{host}{path}" for path in paths]


def manifest(builds: list[SiteBuild]) -> dict[str, Any]:
    """Index of the generated sites: start URLs, list pages, every article with its story, multi-site stories."""
    sites: dict[str, Any] = {}
    articles: list[dict[str, Any]] = []
    for site in builds:
        sites[site.host] = {
            "language": site.language,
            "charset": site.charset,
            "site_name": site.site_name,
            "start_urls": _abs(site.host, (site.start_pages or site.list_pages[:1]) + site.feeds),
            "list_pages": _abs(site.host, site.list_pages),
            "feeds": _abs(site.host, site.feeds),
            "other_pages": _abs(site.host, site.other_pages),
            "article_count": len(site.articles),
        }
        # Only where a site has them, so the entries of the older sites stay as they were.
        extras = {
            "sitemaps": _abs(site.host, site.sitemaps),
            "forbidden_pages": _abs(site.host, site.forbidden_pages),
            "header_charset": site.header_charset,
            "serves_directories": None if site.serves_directories else False,
        }
        sites[site.host].update({key: value for key, value in extras.items() if value not in (None, [])})
        for art in sorted(site.articles, key=lambda a: a.path):
            articles.append(
                {
                    "host": site.host,
                    "url": art.url,
                    "story": art.story.id,
                    "language": art.language,
                    "series": art.story.series,
                    "expected": f"{site.host}/{expected_name(_file_of(art.path))}",
                }
            )
    stories: dict[str, list[str]] = {}
    for entry in articles:
        stories.setdefault(entry["story"], []).append(entry["url"])
    return {
        "version": MANIFEST_VERSION,
        "sites": sites,
        "articles": articles,
        "syndicated": {story: urls for story, urls in sorted(stories.items()) if len(urls) > 1},
        "faulty_routes": faulty.FAULT_ROUTES,
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
            (root / expected_name(_file_of(art.path))).write_bytes(_json_bytes(art.record()))
    (out_dir / MANIFEST).write_bytes(_json_bytes(manifest(builds)))


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
