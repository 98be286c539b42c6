"""End to end on the bundled sample sites: every article page goes through `process_page` (extraction, then the dedup
step), and the clusters must match the ground truth's `story` ids — the syndicated copies together, each with the
earliest-published copy canonical, and the series (same template, other event) apart."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from common.sources import load_sources
from storage.models import Article
from storage.repositories import clusters, pages
from storage.session import session_scope
from workers.processing import process_page
from workers.stories.clusters import Deduplicator

ROOT = Path(__file__).resolve().parents[3]
SITES = ROOT / "samples" / "sites"
MANIFEST = SITES / "manifest.json"

pytestmark = pytest.mark.skipif(not MANIFEST.exists(), reason="sample sites not generated")


def articles_by_host() -> list[dict]:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return [a for a in manifest["articles"] if a.get("story") and not a["host"].startswith("faulty.")]


def test_sample_sites_cluster_by_story(factory: sessionmaker[Session]) -> None:
    sources = load_sources(ROOT / "sources.yaml")
    by_host = {urlsplit(s.start_urls[0]).hostname: s.key for s in sources.samples()}
    dedup = Deduplicator.embedded(sources)
    truth: dict[str, str] = {}
    expected_published: dict[str, str | None] = {}
    for article in articles_by_host():
        html_path = SITES / article["expected"].removesuffix(".expected.json")
        expected = json.loads((SITES / article["expected"]).read_text(encoding="utf-8"))
        with session_scope(factory) as session:
            page = pages.add_raw_page(
                session,
                source=by_host[article["host"]],
                crawl_run_id=None,
                url=article["url"],
                final_url=article["url"],
                status_code=200,
                headers={},
                body=html_path.read_bytes(),
            )
            page_id = page.id
        process_page(factory, sources, page_id, dedup=dedup)
        truth[article["url"]] = article["story"]
        expected_published[article["url"]] = expected.get("published_at")

    with session_scope(factory) as session:
        stored = {a.canonical_url: a for a in session.scalars(select(Article))}
        split, merged = [], []
        for a, b in itertools.combinations(sorted(truth), 2):
            same_story, same_cluster = truth[a] == truth[b], stored[a].cluster_id == stored[b].cluster_id
            if same_story and not same_cluster:
                split.append((a, b))
            elif same_cluster and not same_story:
                merged.append((a, b))
        assert not merged, f"different stories merged: {merged[:5]}"
        assert not split, f"one story split: {split[:5]}"

        syndicated = {story for story in truth.values() if list(truth.values()).count(story) > 1}
        assert len(syndicated) >= 5
        for story in syndicated:
            urls = [u for u, s in truth.items() if s == story]
            canonical = stored[urls[0]].cluster_id
            members = [stored[u] for u in urls]
            dated = [m for m in members if m.published_at is not None]
            earliest = min(dated, key=lambda m: m.published_at)  # type: ignore[arg-type, return-value]
            assert canonical == earliest.id or earliest.published_precision == "date", story
            also = clusters.also_published_at(session, [canonical])[canonical]
            assert sorted(a.canonical_url for a in also) == sorted(u for u in urls if stored[u].id != canonical)
