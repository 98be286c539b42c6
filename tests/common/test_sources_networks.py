"""common/sources.py and fetch safety: `private_networks` is validated with the file, and a cloud metadata service is
never a start URL, feed or sitemap (a file naming one fails when it is read)."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.settings import Settings
from common.sources import SourcesFileError, load_sources


def write(tmp_path: Path, source: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(f"sources:\n  - {{key: a, name: A, {source}}}\n", encoding="utf-8")
    return path


def test_a_source_declares_the_private_networks_it_may_reach(tmp_path: Path) -> None:
    path = write(tmp_path, "start_urls: ['http://10.1.2.3/news/'], private_networks: [10.1.0.0/16, 'fd00::/8']")
    assert load_sources(path).get("a").private_networks == ["10.1.0.0/16", "fd00::/8"]
    assert load_sources(write(tmp_path, "start_urls: ['http://a.example/']")).get("a").private_networks == []


@pytest.mark.parametrize(
    ("source", "field", "message"),
    [
        ("start_urls: ['http://a.example/'], private_networks: [10.0.0.0/33]", "private_networks", "not a network"),
        ("start_urls: ['http://169.254.169.254/latest/meta-data/']", "start_urls", "cloud metadata service"),
        ("start_urls: ['http://metadata.google.internal/']", "start_urls", "cloud metadata service"),
        (
            "start_urls: ['http://a.example/'], discovery: {feeds: ['http://[fd00:ec2::254]/feed']}",
            "discovery.feeds",
            "cloud metadata service",
        ),
        (
            "start_urls: ['http://a.example/'], discovery: {sitemaps: ['http://100.100.100.200/s.xml']}",
            "discovery.sitemaps",
            "cloud metadata service",
        ),
    ],
)
def test_bad_networks_and_metadata_urls_fail_with_source_and_field(
    tmp_path: Path, source: str, field: str, message: str
) -> None:
    with pytest.raises(SourcesFileError) as info:
        load_sources(write(tmp_path, source))
    assert all(part in str(info.value) for part in ("source 'a'", field, message)), str(info.value)


def test_the_deployment_networks_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNIONFEED_PRIVATE_NETWORKS", "10.0.0.0/8, 192.168.0.0/16")
    assert Settings().private_networks == ["10.0.0.0/8", "192.168.0.0/16"]
    monkeypatch.setenv("UNIONFEED_PRIVATE_NETWORKS", '["127.0.0.0/8"]')
    assert Settings().private_networks == ["127.0.0.0/8"]
    monkeypatch.setenv("UNIONFEED_PRIVATE_NETWORKS", "intranet")
    with pytest.raises(ValueError, match="'intranet' is not a network"):
        Settings()
