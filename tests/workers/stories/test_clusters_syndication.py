"""End to end through the processing path (`process_page`: extraction, then the story decision): a story published
by the national union newspaper and republished with other chrome — a city federation's GBK page two days later
(its own headline, the original headline named, source and editor lines, an editor's note, a photo caption,
paragraphs split, half-width punctuation, its related-news list inside the article) and an aggregator that keeps
only the first paragraphs — is one story; the same federation's report of another meeting, written from the same
template, is not."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from storage.repositories import clusters, pages
from storage.session import session_scope
from testkit.syndication import Story, republish
from workers.dedup import DedupConfig
from workers.processing import process_page
from workers.stories.clusters import Deduplicator

from .conftest import CHINA, SOURCES

TITLE = "全省劳模工匠创新工作室推进会在徐州召开"
PARAS = (
    "7月3日，全省劳模工匠创新工作室推进会在徐州召开。会议命名了第六批省级劳模工匠创新工作室100家，"
    "徐工集团等12家单位作交流发言。省总工会党组书记、常务副主席出席会议并讲话。",
    "会议指出，劳模工匠创新工作室是弘扬劳模精神、劳动精神、工匠精神的重要载体。近五年来，全省各级工会累计"
    "创建各级劳模工匠创新工作室3860家，带动职工开展技术攻关1.2万项，获得国家专利4300余项，创造经济效益86亿元。",
    "会上，徐工集团“王中美创新工作室”介绍了以师带徒、团队攻关的做法：工作室成立以来培养高级技师27名，"
    "攻克起重机焊接变形等关键难题41项，相关成果在全国职工技术创新成果评选中获奖。",
    "南京港、苏州纺织、常州轨道交通等单位的工作室负责人分别围绕数字化转型、青年职工培养、成果转化等作了发言。",
    "会议强调，要聚焦产业链关键环节，推动工作室从“个人领衔”向“团队协作”转变，从“单点突破”向“联盟攻关”延伸，"
    "力争到2025年底建成跨企业、跨区域的创新工作室联盟50个。",
    "会议要求，各级工会要加大对工作室的经费支持，每年安排专项资金不少于2000万元，完善成果认定、奖励和推广机制，"
    "让技术工人在创新中有舞台、有奖励、有尊严。",
    "会议还对全省职工技术创新成果推广应用作了部署，发布了首批30项可推广成果清单，"
    "涉及智能制造、绿色低碳、安全生产等领域。",
    "据了解，今年下半年省总工会将组织开展劳模工匠进园区、进企业、进车间巡回宣讲活动，计划举办宣讲120场，"
    "覆盖职工10万人次。",
    "各设区市总工会分管负责同志、省级产业工会负责同志和工作室代表共200余人参加会议。",
)
SIBLING = (
    "9月12日，全省劳模工匠创新工作室推进会在无锡召开。会议命名了第七批省级劳模工匠创新工作室80家，"
    "无锡一棉等9家单位作交流发言。省总工会党组成员、副主席出席会议并讲话。",
    "会议指出，劳模工匠创新工作室是弘扬劳模精神、劳动精神、工匠精神的重要载体。今年以来，全省新建工作室"
    "420家，职工提出合理化建议2.6万条，采纳实施1.1万条。",
    "会上，无锡一棉“周晓红纺织创新工作室”介绍了推行精益管理、开展岗位练兵的经验，工作室带出纺织能手35名。",
    "会议强调，要聚焦产业链关键环节，推动工作室从“个人领衔”向“团队协作”转变，建好用好省级工作室联盟。",
    "会议要求，各级工会要加大对工作室的经费支持，完善成果认定、奖励和推广机制，让技术工人在创新中有舞台、有奖励、有尊严。",
    "各设区市总工会分管负责同志和工作室代表共150余人参加会议。",
)
PUBLISHED = datetime(2024, 7, 3, 16, 51, tzinfo=CHINA)


def page_html(title: str, site: str, published: datetime, origin: str, paras: tuple[str, ...], charset: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paras)
    html = f"""<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}_{site}</title></head><body>
<div class="top"><a href="/">首页</a> | <a href="/news/">工会要闻</a> | <a href="/work/">工作动态</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/news/">工会要闻</a></div>
<div class="article"><h1>{title}</h1>
<div class="info">发布时间：{published:%Y-%m-%d %H:%M} 来源：{origin} 【打印本页】【关闭窗口】</div>
<div class="content">{body}</div></div>
<div class="footer">版权所有：{site} 地址：人民路1号 备案号：苏ICP备00000000号</div></body></html>"""
    return html.encode(charset)


def store_page(factory: sessionmaker[Session], source: str, url: str, html: bytes) -> int:
    with session_scope(factory) as session:
        page = pages.add_raw_page(
            session, source=source, crawl_run_id=None, url=url, final_url=url, status_code=200, headers={}, body=html
        )
        return page.id


@pytest.mark.parametrize("leads", [True, False], ids=["now", "rules-before-lead-copies"])
def test_republished_copies_with_other_chrome_join_the_story(factory: sessionmaker[Session], leads: bool) -> None:
    dedup = Deduplicator.embedded(SOURCES, DedupConfig(leads=leads))
    story = Story("original", "zh", TITLE, PARAS, "story")
    others = [Story("other", "zh", "省总工会召开职工服务阵地建设工作推进会", ("x",), "other-story")]
    city = republish(story, "county-page", others, seed=3)
    city = republish(city, "editor_note", others, seed=3)
    aggregator = replace(story, paras=(*PARAS[:2], "阅读全文"))  # the first two of nine paragraphs
    for variant in ("retitle", "source_lines", "related_news"):
        aggregator = republish(aggregator, variant, others, seed=3)

    stored = {
        "original": ("national", "http://national.test/2024-07/03/content_1.htm", PUBLISHED,
                     page_html(TITLE, "中工网", PUBLISHED, "工人日报", PARAS, "utf-8")),
        "city": ("city", "http://city.test/news/2024/0705/123.html", PUBLISHED + timedelta(days=2),
                 page_html(city.title, "威海市总工会", PUBLISHED + timedelta(days=2), "工人日报", city.paras, "gbk")),
        "aggregator": ("province", "http://province.test/a/20240703/88.html", PUBLISHED + timedelta(hours=9),
                       page_html(aggregator.title, "职工之家网", PUBLISHED + timedelta(hours=9), "中工网",
                                 aggregator.paras, "utf-8")),
        "sibling": ("city", "http://city.test/news/2024/0913/456.html", PUBLISHED + timedelta(days=72),
                    page_html("全省劳模工匠创新工作室推进会在无锡召开", "威海市总工会",
                              PUBLISHED + timedelta(days=72), "江苏工人报", SIBLING, "gbk")),
    }  # fmt: skip
    for source, url, _, html in stored.values():
        assert process_page(factory, SOURCES, store_page(factory, source, url, html), dedup=dedup)

    with session_scope(factory) as session:
        cluster_of = clusters.cluster_of(session, [_id(session, url) for _, url, _, _ in stored.values()])
        by_name = {name: cluster_of[_id(session, url)] for name, (_, url, _, _) in stored.items()}
    assert by_name["city"] == by_name["original"], "the city federation's GBK republication is another story"
    assert by_name["sibling"] != by_name["original"], "another meeting from the same template joined the story"
    if leads:
        assert by_name["aggregator"] == by_name["original"], "the aggregator's first paragraphs are another story"
    else:  # the rules before lead copies were recognised: what the issue measured
        assert by_name["aggregator"] != by_name["original"]


def _id(session: Session, url: str) -> str:
    from storage.repositories import articles

    article = articles.get_article_by_url(session, url)
    assert article is not None, f"{url} was not stored"
    return article.id
