"""Read the generated manifest and ground-truth records (for the demo, tests and evaluation scripts)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SITES_DIR = Path(__file__).resolve().parent / "sites"


def load_manifest(sites_dir: Path = SITES_DIR) -> dict[str, Any]:
    """The manifest: ``sites`` (start_urls, list_pages, charset, ...), ``articles``, ``syndicated``, ``faulty_routes``,
    ``rendered_sites`` and ``rendered_articles`` (built by JavaScript), ``challenge_sites``."""
    return json.loads((sites_dir / "manifest.json").read_text(encoding="utf-8"))


def start_urls(sites_dir: Path = SITES_DIR) -> dict[str, list[str]]:
    """Start URLs (first list page, plus the feed where there is one) per host."""
    return {host: info["start_urls"] for host, info in load_manifest(sites_dir)["sites"].items()}


def expected_records(sites_dir: Path = SITES_DIR) -> dict[str, dict[str, Any]]:
    """Every article's expected record, keyed by URL."""
    manifest = load_manifest(sites_dir)
    return {
        entry["url"]: json.loads((sites_dir / entry["expected"]).read_text(encoding="utf-8"))
        for entry in manifest["articles"]
    }


def plain_hosts(sites_dir: Path = SITES_DIR) -> set[str]:
    """Hosts of the plain sample sites: crawled over HTTP, not built by JavaScript, not behind a cookie challenge."""
    return set(load_manifest(sites_dir)["sites"])
