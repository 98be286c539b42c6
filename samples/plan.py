"""Which story appears on which site, when, and with which small edits.

Three kinds of placements per site: a seed anchor, syndicated copies (one story on two or three sites with a
changed headline, a cut paragraph, a later time, a byline added or dropped) and the site's own stories,
including a *series*: same template, different events (hard negatives for near-duplicate detection).
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta

from samples import bank_en, bank_zh, seeds
from samples.contexts import (
    EN_COUNTY,
    EN_NATIONAL,
    EN_PROVINCES,
    ZH_GBK_ONLY_GIVEN,
    ZH_GENERIC,
    ZH_NATIONAL,
    ZH_PROVINCES,
    ZH_WEIHAI,
    ZH_ZHEJIANG,
    Context,
)
from samples.render.base import Placement
from samples.stories import CHINA_TZ, Story, compose, compose_essay

GHWEIHAI = "ghweihai.sample.test"
WORKERCN = "workercn.sample.test"
PEIXUN = "peixun.sample.test"
TOWNBLOG = "townblog.sample.test"
ZJGH = "zjgh.sample.test"
SPA = "spa.sample.test"
# The CMS-family sites: a TRS WCM city union, a Hanweb jcms provincial union, a newspaper with dynamic lists, a site
# with only a feed and sitemaps (see their render modules for what each does).
JCGH = "jcgh.sample.test"
HYGH = "hygh.sample.test"
LDB = "ldb.sample.test"
UNIONVOICE = "unionvoice.sample.test"
CMS_SITES = (JCGH, HYGH, LDB, UNIONVOICE)
# Headlines that contain the words of login, share and search links (登陆 "makes landfall", 分享, 搜索): articles.
FURNITURE_WORD_HEADLINES = {
    JCGH: ["台风“海燕”登陆前夕 市总工会慰问坚守一线的户外劳动者", "劳模工匠走进车间分享创新经验"],
    HYGH: ["分享会上话成长 青年职工畅谈岗位建功", "搜索“技能短板” 职工培训精准对接岗位需求"],
    LDB: ["强台风登陆 工会连夜转移安置外来务工人员", "搜索引擎公司成立工会 三千名程序员入会"],
}

Plan = dict[str, list[Placement]]


def _at(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A random minute between start and end, during office-ish hours (07:00-20:59)."""
    days = (end - start).days
    day = start + timedelta(days=rng.randint(0, days))
    return day.replace(hour=rng.randint(7, 20), minute=rng.randint(0, 59))


def _d(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=CHINA_TZ)


def _own_topics(rng: random.Random, lang: str, n: int, exclude: str = "") -> list[str]:
    """Topics for a site's own stories: every topic used, spread evenly, random order."""
    names = [t for t in (bank_zh.TOPICS if lang == "zh" else bank_en.TOPICS) if t != exclude]
    out = (names * (n // len(names) + 1))[:n]
    rng.shuffle(out)
    return out


def _series(prefix: str, ctx: Context, topic: str, headline: int, months: list[tuple[int, int]]) -> list[Story]:
    """Hard negatives: the same headline template and topic, one event per month."""
    rng = random.Random(f"series:{prefix}")
    return [
        compose(
            f"{prefix}-{y}{m:02d}",
            ctx,
            topic,
            _d(y, m, rng.randint(8, 26)).replace(hour=rng.randint(8, 18), minute=rng.randint(0, 59)),
            headline_index=headline,
            series=prefix,
            part=(index, len(months)),
        )
        for index, (y, m) in enumerate(months)
    ]


def _zh_syndicated() -> list[Story]:
    rng = random.Random("syndicated:zh")
    topics = ["training", "newjobs", "models", "skills", "safety", "warmth"]
    return [
        compose(f"zh-syn-{i + 1:02d}", ZH_NATIONAL, topic, _at(rng, _d(2023, 3, 1), _d(2023, 11, 30)), subheads=i == 0)
        for i, topic in enumerate(topics)
    ]


def _en_syndicated() -> list[Story]:
    rng = random.Random("syndicated:en")
    topics = ["newjobs", "models", "safety", "skills"]
    contexts = [EN_NATIONAL, EN_PROVINCES[1], EN_NATIONAL, EN_PROVINCES[3]]
    return [seeds.SEED_001] + [
        compose(f"en-syn-{i + 1:02d}", ctx, topic, _at(rng, _d(2024, 2, 1), _d(2024, 6, 15)))
        for i, (topic, ctx) in enumerate(zip(topics, contexts, strict=True))
    ]


def _cut_index(story: Story) -> int | None:
    """A middle paragraph that is not a heading (syndicated copies drop one)."""
    candidates = [i for i, p in enumerate(story.paras[1:-1], start=1) if not p.heading]
    return candidates[len(candidates) // 2] if len(story.paras) > 4 and candidates else None


def _syndicate_zh(plan: Plan) -> None:
    """zh-syn-01..03 on all three Chinese sites, 04-06 on two of them."""
    sites_for = [
        (GHWEIHAI, ZJGH, PEIXUN),
        (ZJGH, GHWEIHAI, PEIXUN),
        (GHWEIHAI, PEIXUN, ZJGH),
        (GHWEIHAI, PEIXUN),
        (ZJGH, PEIXUN),
        (ZJGH, GHWEIHAI),
    ]
    for story, hosts in zip(_zh_syndicated(), sites_for, strict=True):
        for rank, host in enumerate(hosts):
            plan[host].append(
                Placement(
                    story,
                    headline=rank % 2,
                    cut=_cut_index(story) if rank == 1 else None,
                    shift=timedelta(hours=[0, 27, 41][rank], minutes=[0, 18, 5][rank]),
                    byline=host == ZJGH,
                    column="1",
                )
            )


def _syndicate_en(plan: Plan) -> None:
    """Each English syndicated story: the newspaper original, then the blog copy a day later without byline."""
    for index, story in enumerate(_en_syndicated()):
        plan[WORKERCN].append(Placement(story, byline=True))
        plan[TOWNBLOG].append(
            Placement(
                story, headline=1, cut=_cut_index(story) if index % 2 else None, shift=timedelta(days=1), byline=False
            )
        )


def _own(
    plan: Plan,
    host: str,
    ctxs: list[Context],
    n: int,
    start: datetime,
    end: datetime,
    *,
    subheads: float = 0.0,
    exclude: str = "",
    columns: tuple[str, ...] = ("",),
    extra_given: str = "",
) -> None:
    """A site's own stories, spread over its date window; `subheads` is the share written with sub-headings."""
    rng = random.Random(f"own:{host}")
    lang = ctxs[0].lang
    for i, topic in enumerate(_own_topics(rng, lang, n, exclude=exclude)):
        story = compose(
            f"{lang}-{host.split('.')[0]}-{i + 1:02d}",
            rng.choice(ctxs),
            topic,
            _at(rng, start, end),
            subheads=rng.random() < subheads,
            extra_given=extra_given,
        )
        plan[host].append(Placement(story, column=columns[i % len(columns)]))


def _peixun_essays(plan: Plan, n: int) -> None:
    rng = random.Random("essays")
    titles = [(topic, title) for topic, ts in bank_zh.ESSAY_TITLES.items() for title in ts]
    rng.shuffle(titles)
    for i, (topic, title) in enumerate(titles[:n]):
        when = _at(rng, _d(2023, 1, 5), _d(2023, 12, 20))
        story = compose_essay(f"zh-essay-{i + 1:02d}", ZH_GENERIC, topic, title, when)
        plan[PEIXUN].append(Placement(story))


def _zjgh_anchor() -> Story:
    """The zjgh article the brief names: 2023-07-03 16:51, 来源 浙江工人日报, 作者 李国锋, 责任编辑 李芳."""
    story = compose(
        "zh-seed-004", ZH_ZHEJIANG, "grassroots", datetime(2023, 7, 3, 16, 51, tzinfo=CHINA_TZ), headline_index=0
    )
    return replace(story, reporters="李国锋", extra={"editor": "李芳", "source": "浙江工人日报"})


def _furniture_word_headlines(plan: Plan) -> None:
    """Give a site's first own stories the headlines of FURNITURE_WORD_HEADLINES."""
    for host, titles in FURNITURE_WORD_HEADLINES.items():
        for index, title in enumerate(titles):
            placement = plan[host][index]
            plan[host][index] = replace(placement, story=replace(placement.story, headlines=(title,)), headline=0)


def _cms_sites(plan: Plan) -> None:
    """The CMS-family sites' own stories (no syndication: they test discovery, not deduplication)."""
    y23 = (_d(2023, 1, 10), _d(2023, 12, 22))
    _own(plan, JCGH, [ZH_PROVINCES[1]], 26, *y23)
    _own(plan, HYGH, [ZH_PROVINCES[2]], 55, *y23, columns=("1302", "1302", "1302", "1303", "1304"))
    _own(plan, LDB, [ZH_PROVINCES[3]], 30, *y23, columns=("news", "news", "gh"))
    _own(plan, UNIONVOICE, [EN_NATIONAL, *EN_PROVINCES], 24, _d(2023, 5, 2), _d(2024, 6, 20))
    _furniture_word_headlines(plan)


def build_plan() -> Plan:
    """The complete placement plan for the news sites (the plain ones and the single-page app)."""
    plan: Plan = {host: [] for host in (GHWEIHAI, WORKERCN, PEIXUN, TOWNBLOG, ZJGH, SPA, *CMS_SITES)}
    y23 = (_d(2023, 1, 10), _d(2023, 12, 22))
    plan[GHWEIHAI].append(Placement(seeds.SEED_000, column="1"))
    plan[ZJGH].append(Placement(_zjgh_anchor(), column="1"))
    plan[PEIXUN].append(Placement(seeds.SEED_002))
    plan[WORKERCN].append(Placement(seeds.SEED_004))
    plan[TOWNBLOG].append(Placement(seeds.SEED_003))
    _syndicate_zh(plan)
    _syndicate_en(plan)

    months = [(2023, 3), (2023, 5), (2023, 9), (2023, 11)]
    plan[GHWEIHAI] += [Placement(s, column="1") for s in _series("zh-ghweihai-study", ZH_WEIHAI, "study", 0, months)]
    plan[ZJGH] += [Placement(s, column="1") for s in _series("zh-zjgh-study", ZH_ZHEJIANG, "study", 1, months[:3])]
    plan[PEIXUN] += [
        Placement(s)
        for s in _series("zh-peixun-training", ZH_PROVINCES[0], "training", 0, [(2023, 4), (2023, 6), (2023, 10)])
    ]
    plan[WORKERCN] += [
        Placement(s)
        for s in _series(
            "en-workercn-skills", EN_PROVINCES[2], "skills", 1, [(2024, 2), (2024, 4), (2024, 5), (2024, 6)]
        )
    ]
    plan[TOWNBLOG] += [
        Placement(s) for s in _series("en-townblog-study", EN_COUNTY, "study", 0, [(2022, 9), (2023, 3), (2023, 10)])
    ]

    _own(plan, GHWEIHAI, [ZH_WEIHAI], 25, *y23, subheads=0.4, exclude="study", columns=("1", "1", "2"))
    _own(
        plan,
        ZJGH,
        [ZH_ZHEJIANG],
        25,
        *y23,
        subheads=0.2,
        exclude="study",
        columns=("1",),
        extra_given=ZH_GBK_ONLY_GIVEN,
    )
    _own(plan, PEIXUN, list(ZH_PROVINCES), 5, *y23)
    _peixun_essays(plan, 18)
    _own(plan, WORKERCN, [EN_NATIONAL, *EN_PROVINCES], 24, _d(2024, 1, 8), _d(2024, 6, 25), exclude="skills")
    _own(plan, TOWNBLOG, [EN_COUNTY], 25, _d(2022, 6, 1), _d(2024, 6, 25), subheads=0.15, exclude="study")
    _own(plan, SPA, list(ZH_PROVINCES), 23, _d(2024, 1, 8), _d(2024, 9, 30))
    _cms_sites(plan)
    return plan
