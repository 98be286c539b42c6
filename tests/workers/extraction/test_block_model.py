"""The vote's block model: its features, its decision, and the shipped coefficients matching the features."""

from __future__ import annotations

import pytest
from lxml import html

from workers.extraction import extract_record
from workers.extraction.block_model import VOICES, BlockModel, block_features, load_model, model_choice
from workers.extraction.blocks import Block, segment
from workers.extraction.ensemble import _attachment_list, _with_images

ARTICLE = (
    "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Pay deal agreed</h1>"
    "<figure><img src='/lead.jpg'><figcaption>Members outside the hall.</figcaption></figure>"
    "<p>The union and the employer agreed a two-year pay deal on Monday after months of talks.</p>"
    "<p>Members will vote on the offer in a ballot that closes at the end of the month.</p>"
    "<p>附件：</p><p><a href='/files/offer.pdf'>1. The offer in full.pdf</a></p></article>"
    "<footer>Copyright 2024 the union</footer></body></html>"
)


def blocks_of(markup: str) -> list[Block]:
    root = html.document_fromstring(markup)
    return segment(root.find("body"))[0]


def sizes_of(blocks: list[Block]) -> dict[int, int]:
    return {b.index: len(b.text.split()) for b in blocks if b.image is None and b.text.strip()}


def test_a_voice_not_heard_is_marked_missing_not_read_as_a_no() -> None:
    blocks = blocks_of(ARTICLE)
    sizes = sizes_of(blocks)
    features = block_features(blocks, sizes, {"ours": set(sizes), "trafilatura": set()})
    for f in features.values():
        assert f["missing_resiliparse"] == 1.0 and "v_resiliparse" not in f
        assert f["v_trafilatura"] == 0.0 and "missing_trafilatura" not in f


def test_features_describe_the_block_and_its_ballots() -> None:
    blocks = blocks_of(ARTICLE)
    sizes = sizes_of(blocks)
    paragraphs = {b.index for b in blocks if b.owner.tag == "p" and "union" in b.text}
    features = block_features(blocks, sizes, {name: paragraphs for name in VOICES})
    first = features[min(paragraphs)]
    assert first["all_voices"] == 1.0 and first["tag_p"] == 1.0 and first["sentence_end"] == 1.0
    nav = next(f for i, f in features.items() if i < min(paragraphs) and f["no_voice"])
    assert nav["before_ours"] == 1.0
    attachment = next(b.index for b in blocks if "offer in full" in b.text)
    assert features[attachment]["document_link"] == 1.0


def test_the_model_takes_the_blocks_at_or_above_its_threshold() -> None:
    blocks = blocks_of(ARTICLE)
    sizes = sizes_of(blocks)
    paragraphs = {b.index for b in blocks if b.owner.tag == "p" and len(b.text) > 40}
    trusts_trafilatura = BlockModel({"v_trafilatura": 10.0}, -5.0, 0.5)
    chosen = {"ours": set(sizes), "trafilatura": paragraphs}
    assert model_choice(blocks, sizes, chosen, model=trusts_trafilatura) == paragraphs
    never = BlockModel({}, -5.0, 0.5)
    assert model_choice(blocks, sizes, {"ours": paragraphs, "trafilatura": set()}, model=never) == set()
    # a model that takes nothing leaves the blocks every voice took (a page unlike anything it learned from)
    assert model_choice(blocks, sizes, chosen, model=never) == paragraphs


def test_the_shipped_model_knows_every_feature_the_code_emits() -> None:
    model = load_model()
    assert 0.0 < model.threshold < 1.0
    blocks = blocks_of(ARTICLE)
    sizes = sizes_of(blocks)
    emitted: set[str] = set()
    # the ballots a vote weighs: trafilatura heard (the cascade's first voice), resiliparse heard or not
    for chosen in ({"ours": set(sizes), "trafilatura": set(sizes)}, {name: set(sizes) for name in VOICES}):
        coverage = {name: dict.fromkeys(sizes, 1.0) for name in chosen if name != "ours"}
        for f in block_features(blocks, sizes, chosen, coverage).values():
            emitted.update(f)
    assert emitted - set(model.weights) == set(), "retrain: python -m bench.block_model --write"


def test_an_attachment_list_closing_our_article_stays_and_a_lead_image_keeps_its_caption() -> None:
    blocks = blocks_of(ARTICLE)
    text = {b.index for b in blocks if b.image is None}
    paragraphs = {b.index for b in blocks if b.owner.tag == "p" and len(b.text) > 40}
    ours = {b.index for b in blocks if any(a.tag == "article" for a in b.owner.iterancestors())} - {
        b.index for b in blocks if b.owner.tag == "h1"
    }
    tail = _attachment_list(blocks, paragraphs, ours)
    assert {b.text for b in blocks if b.index in tail} == {"附件：", "1. The offer in full.pdf"}
    chosen = _with_images(blocks, paragraphs, ours)
    assert [b.image is not None for b in chosen[:2]] == [True, False]
    assert chosen[1].text == "Members outside the hall." and chosen[1].index in text


@pytest.mark.parametrize("page", [ARTICLE.encode()])
def test_a_whole_record_keeps_the_lead_image_and_the_attachment_list(page: bytes) -> None:
    record = extract_record(page, "http://news.example.test/a/1.html")
    assert record.body_text.endswith("1. The offer in full.pdf")
    assert "Copyright" not in record.body_text and "Home" not in record.body_text
    assert [i.url for i in record.images] == ["http://news.example.test/lead.jpg"]
