"""The sources model's rendering rules: `render`, `browser`, fragment routes and API lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.sources import Source, SourcesFileError, load_sources
from common.urls import canonical_url


def source(**fields: object) -> Source:
    return Source.model_validate({"key": "s", "name": "S", "start_urls": ["http://a.test/#/news"], **fields})


def test_render_defaults_to_http_and_takes_browser_or_auto() -> None:
    assert source().render == "http"
    assert source(render="browser").render == "browser" and source(render="auto").render == "auto"


def test_a_bad_render_value_names_the_source_and_field(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n  - {key: spa, name: S, start_urls: ['http://a.test/'], render: chrome}\n")
    with pytest.raises(SourcesFileError, match=r"source 'spa': render: Input should be 'http', 'browser' or 'auto'"):
        load_sources(path)


def test_fragment_routes_are_identity_only_where_the_source_says_so() -> None:
    route = "http://a.test/index.html#/news/detail?id=3"
    assert source().canonical_url(route) == "http://a.test/"
    routed = source(discovery={"fragment_routes": True})
    assert routed.canonical_url(route) == "http://a.test/#/news/detail?id=3"
    assert routed.canonical_url("http://a.test/news/1.html#top") == "http://a.test/news/1.html"
    assert canonical_url("http://a.test/#!/a/1", keep_routes=True) == "http://a.test/#!/a/1"


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"url_pattern": "(", "article_url": "http://a.test/#/{id}"}, "invalid regular expression"),
        ({"url_pattern": "/api/", "article_url": "http://a.test/#/news"}, "must name item fields"),
        ({"url_pattern": "/api/", "article_url": "http://a.test/#/{id"}, "article_url template"),
    ],
)
def test_api_lists_are_validated(rule: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        source(discovery={"api_lists": [rule]})


def test_the_shipped_spa_sample_declares_browser_rendering() -> None:
    spa = load_sources(Path(__file__).resolve().parents[2] / "sources.yaml").get("sample-spa")
    assert (spa.render, spa.discovery.fragment_routes, len(spa.discovery.api_lists)) == ("browser", True, 1)
