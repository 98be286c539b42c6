"""Metadata from every standard place, in the documented order of trust (docs/architecture.md)."""

from __future__ import annotations

import json

import pytest

from workers.extraction import extract_record
from workers.extraction.authors import split_names

BODY = "".join(f"<p>Union members voted to accept the contract after long talks, paragraph {i}.</p>" for i in range(5))


def page(head: str = "", top: str = "", title: str = "Nurses ratify contract") -> bytes:
    return (
        f"<html><head><meta charset='utf-8'>{head}<title>{title}</title></head><body>"
        f"<div class='nav'><a href='/'>Home</a> <a href='/news'>News</a></div>"
        f"<article><h1>Nurses ratify contract</h1>{top}{BODY}</article></body></html>"
    ).encode()


def ld(obj: object, wrap: str = "{}") -> str:
    return f"<script type='application/ld+json'>{wrap.format(json.dumps(obj))}</script>"


def extract(data: bytes, url: str = "http://news.example.org/story/1"):  # type: ignore[no-untyped-def]
    return extract_record(data, url)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("By Jane Doe and Sam Lee", ["Jane Doe", "Sam Lee"]),
        ("Von: Simone Jung", ["Simone Jung"]),
        ("VonSabrina Gerstmaier", ["Sabrina Gerstmaier"]),
        ("Par Alexandre Hervaud et Jérémy Piette", ["Alexandre Hervaud", "Jérémy Piette"]),
        ("Jane Doe, Sam Lee; Ann Roe", ["Jane Doe", "Sam Lee", "Ann Roe"]),
        ("张三 李四", ["张三", "李四"]),
        ("王丽、张强", ["王丽", "张强"]),
        ("Steven Musil January", ["Steven Musil"]),
        ("Ben Silverman Games Editor", ["Ben Silverman"]),
        ("Elena Oberholzer (obe)", ["Elena Oberholzer"]),
        ("Anne-Marie Slaughter", ["Anne-Marie Slaughter"]),
        ("Dizindaba", ["Dizindaba"]),
        ("https://www.facebook.com/someone", []),
        ("104363", []),
    ],
)
def test_split_names(text: str, names: list[str]) -> None:
    assert split_names(text) == names


def test_jsonld_person_array_gives_every_author() -> None:
    data = page(
        ld(
            {
                "@type": "NewsArticle",
                "author": [
                    {"@type": "Person", "name": "Jane Doe"},
                    {"@type": "Person", "givenName": "Sam", "familyName": "Lee"},
                ],
            }
        )
    )
    record = extract(data)
    assert record.authors == ["Jane Doe", "Sam Lee"] and record.author == "Jane Doe, Sam Lee"


def test_jsonld_graph_reference_and_cdata_wrapper() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "@id": "#page", "datePublished": "2020-01-01T00:00:00Z"},
            {"@type": "NewsArticle", "author": {"@id": "#jane"}, "datePublished": "2024-03-11T18:45:00-05:00"},
            {"@type": "Person", "@id": "#jane", "name": "Jane Doe"},
        ],
    }
    record = extract(page(ld(graph, "//<![CDATA[\n{}\n//]]>")))
    assert record.authors == ["Jane Doe"]
    assert record.published_at.isoformat() == "2024-03-11T18:45:00-05:00"  # the article's date, not the page's


def test_one_article_author_tag_per_author_and_profile_urls_skipped() -> None:
    head = (
        "<meta property='article:author' content='https://social.example.com/jane'>"
        "<meta property='article:author' content='Jane Doe'><meta property='article:author' content='Sam Lee'>"
    )
    assert extract(page(head)).authors == ["Jane Doe", "Sam Lee"]


def test_structured_authors_beat_a_visible_byline_but_keep_its_wording_when_it_names_the_same_people() -> None:
    head = ld({"@type": "NewsArticle", "author": [{"name": "Jane Doe"}, {"name": "Sam Lee"}]})
    same = extract(page(head, "<p class='byline'>By Jane Doe and Sam Lee</p>"))
    assert same.author == "Jane Doe and Sam Lee" and same.authors == ["Jane Doe", "Sam Lee"]
    other = extract(page(head, "<p class='byline'>Von Jane DoeKorrespondentin</p>"))
    assert other.author == "Jane Doe, Sam Lee"


def test_visible_byline_when_nothing_structured() -> None:
    record = extract(page(top="<p class='byline'>Par Alexandre Hervaud et Jérémy Piette</p>"))
    assert record.authors == ["Alexandre Hervaud", "Jérémy Piette"]


def test_structured_date_beats_a_visible_date_of_another_day() -> None:
    head = "<meta property='article:published_time' content='2024-04-28T08:52:55+02:00'>"
    record = extract(page(head, "<p class='date'>Updated: 2024-05-02</p><p>Posted 2024-05-01</p>"))
    assert record.published_at.isoformat() == "2024-04-28T08:52:55+02:00"


def test_visible_time_completes_a_structured_date_of_the_same_day() -> None:
    head = "<meta name='PubDate' content='2024-03-12'>"
    record = extract(page(head, "<div>发布时间：2024-03-12 16:05</div>"), "http://www.example.gov.cn/art/1.html")
    assert record.published_at.isoformat() == "2024-03-12T16:05:00+08:00"


def test_generic_date_meta_ranks_below_a_labelled_line() -> None:
    head = "<meta name='date' content='2024-06-30'>"
    record = extract(page(head, "<div>Published: 12 March 2024 09:30 GMT</div>"))
    assert record.published_at.isoformat() == "2024-03-12T09:30:00+00:00"


@pytest.mark.parametrize(
    "url",
    [
        "http://news.example.org/2024/03/12/story.html",
        "http://www.example.gov.cn/art/2024/3/12/art_1_2.html",
        "http://www.example.gov.cn/col/202403/t20240312_99.html",
    ],
)
def test_url_date_last(url: str) -> None:
    assert str(extract(page(), url).published_at) == "2024-03-12"


def test_title_metadata_without_site_suffix_and_without_a_kicker_glued_to_the_h1() -> None:
    head = (
        "<meta property='og:title' content='Nurses ratify contract | Union News'>"
        "<meta property='og:site_name' content='Union News'>"
    )
    assert extract(page(head, title="Nurses ratify contract | Union News")).title == "Nurses ratify contract"
    og = "<meta property='og:title' content='Nurses ratify contract'>"
    glued = page(og, title="Nurses ratify contract - Union News").replace(b"<h1>Nurses", b"<h1>Breaking: Nurses")
    assert extract(glued).title == "Nurses ratify contract"


def test_an_h1_that_agrees_with_the_json_ld_headline_stands_against_a_lone_og_title() -> None:
    head = (
        ld({"@type": "NewsArticle", "headline": "Nurses ratify contract"})
        + "<meta property='og:title' content='Staffing ratios won: nurses say yes'>"
    )
    assert extract(page(head)).title == "Nurses ratify contract"


def test_rdfa_meta_with_several_properties() -> None:
    head = "<meta property='dc:creator twitter:site_name' content='Jane Doe'>"
    assert extract(page(head)).authors == ["Jane Doe"]
