"""The text cleaner (workers/extraction/paragraphs.py): lines around a Chinese article that are not its text."""

from __future__ import annotations

from lxml import html

from workers.extraction import extract_record
from workers.extraction.blocks import Block, segment
from workers.extraction.paragraphs import CleanContext, clean_blocks

PARAS = [
    "市总工会组织劳模工匠走进企业车间，与一线职工面对面交流技能提升和职业发展的经验，现场气氛热烈。" * 2,
    "活动中，劳模工匠结合自身成长经历，讲述了爱岗敬业、精益求精的故事，鼓励青年职工立足岗位成才。" * 2,
    "下一步，市总工会将持续开展劳模工匠进企业活动，推动形成崇尚劳动、尊重劳动的良好氛围和社会风尚。" * 2,
]


def _blocks(fragment: str) -> list[Block]:
    root = html.document_fromstring(f"<html><body>{fragment}</body></html>")
    blocks, _ = segment(root.find("body"))
    return blocks


def _kept(fragment: str, title: str | None = None) -> list[str]:
    return [b.text for b in clean_blocks(_blocks(fragment), CleanContext(title=title))]


def test_a_line_made_only_of_credits_goes_but_a_sentence_about_a_photographer_stays() -> None:
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    assert _kept(body + "<p>医技药剂党支部、药剂科供稿  摄影/张艳  编辑/苏芳</p>") == PARAS
    assert _kept(body + "<p>文/李琴雯 图/刘会</p>") == PARAS
    sentence = "摄影/张艳是本院职工，她的作品记录了比赛的精彩瞬间。"
    assert _kept(body + f"<p>{sentence}</p>") == [*PARAS, sentence]


def test_a_headline_set_again_on_several_lines_at_the_top_goes() -> None:
    title = "全国人民代表大会常务委员会关于批准财政部发行特别国债购买外汇的决议"
    heading = "<p><strong>全国人民代表大会常务委员会<br>关于批准财政部发行特别国债<br>购买外汇的决议</strong></p>"
    kept = _kept(heading + "".join(f"<p>{p}</p>" for p in PARAS), title)
    assert kept == PARAS
    # lines that are only the start of the title are text (an opening that quotes it)
    start = "<p>全国人民代表大会常务委员会<br>关于批准财政部发行特别国债</p>"
    assert _kept(start + "".join(f"<p>{p}</p>" for p in PARAS), title)[:2] == [
        "全国人民代表大会常务委员会",
        "关于批准财政部发行特别国债",
    ]


def test_what_follows_the_editor_line_outside_its_box_goes() -> None:
    article = (
        "<div class='text'>"
        + "".join(f"<p>{p}</p>" for p in PARAS)
        + "<div class='edit'>(责编：汤诗瑶、丁涛)</div></div>"
    )
    teaser = "人民网文化频道与媒体团一同实地走访六大书院，深入挖掘书院文化中蕴含的丰富哲学思想和人文精神。"
    more = f"<div class='box'><p><strong>文脉颂中华</strong> {teaser}</p></div>"
    kept = _kept(article + more)
    assert kept[:3] == PARAS and not any(teaser in k for k in kept)
    # text after the editor line inside the same box is the article's own (a postscript): it stays
    inside = article.replace("</div></div>", f"</div><p>{teaser}</p></div>")
    assert teaser in _kept(inside)


def test_a_record_keeps_the_editor_as_a_field_and_not_the_teasers() -> None:
    page = (
        "<html><head><title>劳模工匠进车间</title></head><body><div class='article'><h1>劳模工匠进车间</h1>"
        + "".join(f"<p>{p}</p>" for p in PARAS)
        + "<div class='edit'>(责编：汤诗瑶、丁涛)</div></div><div class='read'><h2>推荐阅读</h2>"
        + "<p><strong>文脉颂中华</strong> 人民网文化频道与媒体团一同实地走访六大书院，深入挖掘书院文化。</p>"
        + "</div></body></html>"
    )
    record = extract_record(page.encode(), "http://news.example.cn/n1/2019/0615/c1013-1.html")
    assert record.body_text == "\n\n".join(PARAS)
