"""Without Chromium the demo skips the sites that need a browser, saying how to enable them."""

from __future__ import annotations

from pathlib import Path

from common.settings import Settings
from common.sources import load_sources
from unionfeed.demo import without_browser

ROOT = Path(__file__).resolve().parents[2]


def test_without_chromium_browser_sources_are_skipped_with_a_hint(tmp_path: Path) -> None:
    samples = load_sources(ROOT / "sources.yaml").samples()
    kept, notes = without_browser(Settings(chromium_path=str(tmp_path / "chromium")), samples)
    assert [s.key for s in samples if s not in kept] == ["sample-spa"]
    [note] = notes
    assert note.startswith("skipped sample-spa:") and "apt-get install chromium" in note


def test_with_chromium_nothing_is_skipped(tmp_path: Path) -> None:
    browser = tmp_path / "chromium"
    browser.write_text("#!/bin/sh\n")
    samples = load_sources(ROOT / "sources.yaml").samples()
    assert without_browser(Settings(chromium_path=str(browser)), samples) == (samples, [])
