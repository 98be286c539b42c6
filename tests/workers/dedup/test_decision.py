"""The near-duplicate decision (`workers.dedup.decision`): short bodies, reprints, languages, templates, thresholds."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workers.dedup import DedupConfig, body_fingerprint, passage_containment, same_story, similarity
from workers.dedup.shingles import body_length

from .conftest import CONFIG, ZH


def test_short_bodies_never_take_part() -> None:
    short = ZH[:150]
    assert body_length(short) <= CONFIG.min_chars
    a, b = body_fingerprint(short, "zh", CONFIG), body_fingerprint(short, "zh", CONFIG)
    assert not a.indexable
    assert same_story(a, b, CONFIG) is None


def test_reprint_with_byline_and_cut_sentence_is_the_same_story() -> None:
    last = "会议要求，要建立干部下基层长效机制，推动工会服务向基层延伸、向职工身边延伸。"
    reprint = "（记者 张伟 通讯员 李娜）" + ZH.replace(last, "")
    score = same_story(body_fingerprint(ZH, "zh", CONFIG), body_fingerprint(reprint, "zh", CONFIG), CONFIG)
    assert score is not None and score.passage > 0.9


def test_languages_never_match() -> None:
    assert same_story(body_fingerprint(ZH, "zh", CONFIG), body_fingerprint(ZH, "en", CONFIG), CONFIG) is None


def test_same_template_other_event_is_not_the_same_story() -> None:
    template = (
        "{d}，市总工会党组理论学习中心组召开{m}份集体学习会，市总工会党组书记、常务副主席王立新主持会议并讲话。"
        "会议集中学习了{topic}。会上，党组成员{a}、{b}结合分管工作作了交流发言，谈了学习体会和下一步工作打算。"
        "会议强调，要把学习成果转化为推动工会工作高质量发展的具体举措，{task}。"
        "会议要求，机关各部室要坚持读原著、学原文、悟原理，做到学深悟透、融会贯通，不断提高服务职工群众的能力和水平。"
    )
    october = template.format(
        d="10月12日",
        m="10月",
        topic="习近平总书记关于工人阶级和工会工作的重要论述",
        a="李红梅",
        b="陈志强",
        task="聚焦职工群众急难愁盼问题，扎实办好年度十件实事",
    )
    november = template.format(
        d="11月16日",
        m="11月",
        topic="《中国工会章程（修正案）》和新就业形态劳动者权益保障的指导意见",
        a="赵国平",
        b="孙丽",
        task="持续推进货车司机、快递员、外卖配送员等群体入会",
    )
    a, b = body_fingerprint(october, "zh", CONFIG), body_fingerprint(november, "zh", CONFIG)
    score = similarity(a, b, CONFIG)
    assert score.jaccard > 0.3  # they share a lot of text ...
    assert same_story(a, b, CONFIG) is None  # ... but not the story


def test_config_validates() -> None:
    with pytest.raises(ValueError):
        DedupConfig(bands=40, rows=4)
    with pytest.raises(ValueError):
        DedupConfig(passage=0.3, passage_min=0.5)


sequences = st.lists(st.integers(0, 40), min_size=1, max_size=200).map(lambda xs: np.array(xs, dtype=np.uint64))


@settings(max_examples=200, deadline=None)
@given(sequences, sequences, st.integers(1, 30))
def test_passage_containment_bounds_and_symmetry(a: np.ndarray, b: np.ndarray, min_run: int) -> None:
    value = passage_containment(a, b, min_run)
    assert 0.0 <= value <= 1.0
    if a.size == b.size and len(set(a.tolist())) == a.size and len(set(b.tolist())) == b.size:
        assert value == pytest.approx(passage_containment(b, a, min_run))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 2**63), min_size=1, max_size=300, unique=True), st.integers(0, 299))
def test_a_passage_cut_from_the_middle_keeps_the_rest_contained(values: list[int], cut: int) -> None:
    whole = np.array(values, dtype=np.uint64)
    cut = cut % whole.size
    shorter = np.concatenate([whole[:cut], whole[cut + 1 :]]) if whole.size > 1 else whole
    # Every run of the shorter sequence is copied from the whole one; with min_run 1 everything is contained.
    assert passage_containment(shorter, whole, 1) == 1.0
    assert passage_containment(whole, whole, whole.size) == 1.0
