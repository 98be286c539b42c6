from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from common.sources import SourcesFileError, load_sources

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_sources_file_is_valid_and_has_real_and_sample_sources() -> None:
    config = load_sources(ROOT / "sources.yaml")
    real = [s for s in config.sources if not s.sample]
    assert len(real) >= 5
    assert {s.key for s in config.samples()} >= {"sample-ghweihai", "sample-zjgh", "sample-workercn"}
    assert all(s.start_urls[0].startswith("http://") and ".sample.test/" in s.start_urls[0] for s in config.samples())


def test_defaults(tmp_path: Path) -> None:
    config = load_sources(write(tmp_path, "sources:\n  - {key: a, name: A, start_urls: ['http://a.example/x']}\n"))
    source = config.get("a")
    assert source.allowed_domains == ["a.example"]
    assert source.schedule.every == timedelta(hours=1)
    assert source.extraction.timezone == "Asia/Shanghai"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sources:\n  - {key: a, name: A, start_urls: ['ftp://x']}\n", ["source 'a'", "start_urls", "http(s)"]),
        (
            "sources:\n  - {key: a, name: A, start_urls: ['http://a/'], schedule: {cron: '1 2'}}\n",
            ["source 'a'", "schedule", "five fields"],
        ),
        (
            "sources:\n  - {key: a, name: A, start_urls: ['http://a/'], discovery: {deny_patterns: ['(']}}\n",
            ["source 'a'", "discovery.deny_patterns", "invalid regular expression"],
        ),
        ("sources:\n  - {name: A, start_urls: ['http://a/']}\n", ["source #1", "key", "Field required"]),
        ("sources:\n  - {key: a, name: A, start_urls: ['http://a/'], colour: red}\n", ["source 'a'", "colour"]),
        (
            "sources:\n  - {key: a, name: A, start_urls: ['http://a:port/'], schedule: {every: 60}}\n",
            ["source 'a'", "start_urls", "cannot be parsed"],
        ),
        (
            "sources:\n  - {key: a, name: A, start_urls: ['http://a/'], discovery: {feeds: ['http://a:x/feed']}}\n",
            ["source 'a'", "discovery.feeds", "cannot be parsed"],
        ),
        (
            "sources:\n  - {key: a, name: A, start_urls: ['http://a/'], politeness: {concurrency: 0}}\n",
            ["source 'a'", "politeness.concurrency", "greater than or equal to 1"],
        ),
        (
            "sources:\n  - {key: a, name: A, start_urls: ['http://a/'], schedule: {cron: '61 * * * *'}}\n",
            ["source 'a'", "schedule.cron", "cron minute field '61' is invalid", "61 > 59"],
        ),
        (
            "sources:\n  - {key: a, name: A, start_urls: ['http://a/'], schedule: {cron: '0 0 * * 9'}}\n",
            ["source 'a'", "schedule.cron", "cron day_of_week field '9'"],
        ),
        (
            "sources:\n  - {key: a, name: A, start_urls: ['http://a/'], schedule: {cron: '*/0 * * * *'}}\n",
            ["source 'a'", "schedule.cron", "cron minute field '*/0'"],
        ),
        (
            "sources:\n  - {key: a, name: A, start_urls: ['http://a/'], extraction: {selectors: {title: 'h1['}}}\n",
            ["source 'a'", "extraction.selectors", "title: invalid CSS selector 'h1['"],
        ),
        (
            "sources:\n  - {key: a, name: A, start_urls: ['http://a/'], extraction: {selectors: {body: '//div['}}}\n",
            ["source 'a'", "extraction.selectors", "body: invalid XPath '//div['"],
        ),
        (
            "sources:\n  - {key: a, name: A, start_urls: ['http://a/'], extraction: {selectors: {body: '//x:p'}}}\n",
            ["source 'a'", "extraction.selectors", "Undefined namespace prefix"],
        ),
        (
            "sources:\n  - {key: a, name: A, start_urls: ['http://a/'], extraction: {selectors: {titel: 'h1'}}}\n",
            ["source 'a'", "extraction.selectors", "no field 'titel'"],
        ),
        ("sources: [\n", ["not valid YAML"]),
        ("- 1\n", ["expected a mapping"]),
    ],
)
def test_bad_file_names_file_source_and_field(tmp_path: Path, text: str, expected: list[str]) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SourcesFileError) as info:
        load_sources(path)
    message = str(info.value)
    assert str(path) in message
    for fragment in expected:
        assert fragment in message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourcesFileError, match="file not found"):
        load_sources(tmp_path / "nope.yaml")


def test_duplicate_keys(tmp_path: Path) -> None:
    text = (
        "sources:\n  - {key: a, name: A, start_urls: ['http://a/']}\n  - {key: a, name: B, start_urls: ['http://b/']}\n"
    )
    with pytest.raises(SourcesFileError, match="used twice"):
        load_sources(write(tmp_path, text))


def test_valid_cron_expressions_and_selectors_load(tmp_path: Path) -> None:
    text = (
        "sources:\n  - {key: a, name: A, start_urls: ['http://a/'], schedule: {cron: '*/15 1-5 * jan-jun mon-fri'},\n"
        "     extraction: {selectors: {title: 'h1.title, h2', published_at: '//span[@class=\"date\"]/text()'}}}\n"
    )
    source = load_sources(write(tmp_path, text)).get("a")
    assert source.schedule.cron_fields()["day_of_week"] == "mon-fri"
    assert set(source.extraction.selectors) == {"title", "published_at"}
