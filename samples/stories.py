"""Stories: the site-independent content of an article (headline wordings, paragraphs, base time).

A story is composed once from the sentence banks; each site that publishes it makes its own copy (chrome, small
edits). Composition only uses the story's own `random.Random`, so adding a story never changes another one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone

from samples import bank_en, bank_zh
from samples.bank import Topic
from samples.contexts import EN_MONTHS, Context

CHINA_TZ = timezone(timedelta(hours=8))

ZH_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Para:
    """A paragraph kept as sentences, so a site can glue them (townblog) while the truth keeps the spaces."""

    sentences: tuple[str, ...]
    heading: bool = False

    def text(self, lang: str) -> str:
        return ("" if lang == "zh" else " ").join(self.sentences)


@dataclass(frozen=True)
class Story:
    """Site-independent article content; `headlines[0]` is the main wording, the rest are alternatives."""

    id: str
    lang: str
    topic: str
    headlines: tuple[str, ...]
    paras: tuple[Para, ...]
    when: datetime
    ctx: Context
    kicker: str | None = None
    reporters: str | None = None
    series: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def with_paras(self, paras: list[Para]) -> Story:
        return replace(self, paras=tuple(paras))


def bank_for(lang: str) -> tuple[dict[str, Topic], list[str], list[str]]:
    """(topics, generic sentences, closings) of one language."""
    if lang == "zh":
        return bank_zh.TOPICS, bank_zh.GENERIC, bank_zh.CLOSINGS
    return bank_en.TOPICS, bank_en.GENERIC, bank_en.CLOSINGS


def format_event_date(lang: str, day: datetime) -> str:
    if lang == "zh":
        return f"{day.month}月{day.day}日"
    return f"{EN_MONTHS[day.month - 1]} {day.day}"


def make_slots(ctx: Context, rng: random.Random, when: datetime, extra_given: str = "") -> dict[str, str]:
    """Slot values for one story. The event happens 0-4 days before publication, as in real reports."""
    event = when - timedelta(days=rng.randint(0, 4))
    end = event + timedelta(days=rng.randint(2, 4))
    lang = ctx.lang
    units = rng.sample(ctx.units, 2) if len(ctx.units) > 1 else [ctx.units[0], ctx.units[0]]
    money = f"{rng.randint(5, 300)}万元" if lang == "zh" else f"{rng.randint(12, 950)},000 yuan"
    return {
        "org": ctx.org,
        "org_short": ctx.org_short,
        "unit": units[0],
        "unit2": units[1],
        "person": ctx.person(rng, extra_given),
        "person2": ctx.person(rng, extra_given),
        "role": rng.choice(ctx.roles),
        "role2": rng.choice(ctx.roles),
        "city": rng.choice(ctx.cities),
        "date": format_event_date(lang, event),
        "date2": format_event_date(lang, end),
        "month": f"{event.month}月" if lang == "zh" else EN_MONTHS[event.month - 1],
        "year": str(event.year),
        "n": str(rng.randint(3, 60)),
        "n2": str(rng.randint(200, 30000)),
        "money": money,
    }


def fill(template: str, slots: dict[str, str], lang: str) -> str:
    """Fill a template; English sentences and headlines start with a capital even when a slot starts with 'the'."""
    text = template.format_map(slots)
    if lang == "en" and text:
        text = text[0].upper() + text[1:]
    return text


def _sentence_pool(rng: random.Random, topic: Topic, generic: list[str], n_generic: int) -> list[str]:
    """Topic sentences in random order with a few generic ones mixed in at random places."""
    pool = list(topic.sentences)
    rng.shuffle(pool)
    for sentence in rng.sample(generic, n_generic):
        pool.insert(rng.randint(1, len(pool)), sentence)
    return pool


def _part_pool(topic: Topic, generic: list[str], lang: str, index: int, count: int) -> list[str]:
    """Share `index` of `count` of the topic and generic sentences (same order for every member of a series)."""
    rng = random.Random(f"part:{lang}:{topic.headlines[0]}")
    sentences, extra = list(topic.sentences), list(generic)
    rng.shuffle(sentences)
    rng.shuffle(extra)
    mine = [s for j, s in enumerate(sentences) if j % count == index]
    return mine + [s for j, s in enumerate(extra) if j % count == index][: max(3, 8 - len(mine))]


def _split_into_paras(rng: random.Random, pool: list[str], n_paras: int) -> list[list[str]]:
    """Deal sentences into `n_paras` paragraphs of 1-3 sentences each (never more than the pool holds)."""
    paras: list[list[str]] = []
    for index in range(n_paras):
        left_after = n_paras - index - 1
        take = max(1, min(rng.randint(1, 3), len(pool) - left_after))
        paras.append(pool[:take])
        pool = pool[take:]
    return paras


def compose(
    story_id: str,
    ctx: Context,
    topic_name: str,
    when: datetime,
    *,
    subheads: bool = False,
    headline_index: int | None = None,
    series: str | None = None,
    extra_given: str = "",
    part: tuple[int, int] | None = None,
) -> Story:
    """Compose a news story: lead, body paragraphs (optionally with sub-headings), closing sentence.

    `part=(i, k)` makes story i of a k-story series: it draws on its own share of the topic's sentences so
    that the series' reports of different events share a template but few sentences.
    """
    rng = random.Random(f"story:{story_id}")
    lang = ctx.lang
    topics, generic, closings = bank_for(lang)
    topic = topics[topic_name]
    slots = make_slots(ctx, rng, when, extra_given)

    n_heads = rng.randint(2, min(3, len(topic.subheads))) if subheads else 0
    n_paras = rng.randint(4 + n_heads, 12 - n_heads) if subheads else rng.randint(4, 12)
    if part is None:
        pool = _sentence_pool(rng, topic, generic, n_generic=min(8, max(2, n_paras - len(topic.sentences) + 4)))
        lead_template, closing = rng.choice(topic.leads), rng.choice(closings)
    else:
        pool = _part_pool(topic, generic, lang, *part)
        lead_template, closing = topic.leads[part[0] % len(topic.leads)], closings[part[0] % len(closings)]
        n_paras = min(n_paras, len(pool) + 1)
    lead = [lead_template, *pool[:1]]
    body = _split_into_paras(rng, pool[1:], n_paras - 2)
    raw = [lead, *body, [closing]]
    paras = [Para(tuple(fill(s, slots, lang) for s in sentences)) for sentences in raw]
    if n_heads:
        paras = _insert_subheads(rng, paras, topic, n_heads, slots, lang)
    return Story(
        id=story_id,
        lang=lang,
        topic=topic_name,
        headlines=_headline_variants(rng, topic, slots, lang, headline_index),
        paras=tuple(paras),
        when=when,
        ctx=ctx,
        reporters=" ".join(ctx.person(rng) for _ in range(rng.choice((1, 2)))) if lang == "en" else ctx.person(rng),
        series=series,
    )


def _headline_variants(
    rng: random.Random, topic: Topic, slots: dict[str, str], lang: str, index: int | None
) -> tuple[str, ...]:
    """All headline templates of the topic filled with the story's slots; the chosen one first."""
    order = list(range(len(topic.headlines)))
    rng.shuffle(order)
    if index is not None:
        order.remove(index)
        order.insert(0, index)
    return tuple(fill(topic.headlines[i], slots, lang) for i in order)


def _insert_subheads(
    rng: random.Random, paras: list[Para], topic: Topic, n_heads: int, slots: dict[str, str], lang: str
) -> list[Para]:
    """Put sub-headings before evenly spaced body paragraphs (never before the lead)."""
    heads = [fill(h, slots, lang) for h in topic.subheads[:n_heads]]
    body = len(paras) - 1
    step = max(1, body // n_heads)
    out = [paras[0]]
    for index, para in enumerate(paras[1:]):
        if index % step == 0 and heads and index < step * n_heads:
            out.append(Para((heads.pop(0),), heading=True))
        out.append(para)
    return out


def compose_essay(story_id: str, ctx: Context, topic_name: str, title: str, when: datetime) -> Story:
    """An aggregator essay: intro, numbered sections (一、二、...) whose paragraphs carry （一）（二） prefixes."""
    rng = random.Random(f"essay:{story_id}")
    topics, _, _ = bank_for("zh")
    topic = topics[topic_name]
    slots = make_slots(ctx, rng, when)
    general = [s for s in topic.sentences if not any(k in s for k in ("{person", "{date", "{n", "{money"))]
    essay = list(bank_zh.ESSAY)
    rng.shuffle(general)
    rng.shuffle(essay)
    # Topic sentences first so the essay stays on its subject; general essay sentences fill the rest.
    pool = [s for pair in zip(general, essay, strict=False) for s in pair] + essay[len(general) :]
    paras: list[Para] = [Para(tuple(fill(s, slots, "zh") for s in pool[:2]))]
    pool = pool[2:]
    n_sections = rng.randint(2, min(3, len(topic.subheads)))
    for section in range(n_sections):
        if len(paras) > 10:
            break
        paras.append(Para((f"{ZH_NUMERALS[section]}、{fill(topic.subheads[section], slots, 'zh')}。",), heading=True))
        numbered = rng.random() < 0.6
        for sub in range(rng.randint(1, 3)):
            size = rng.randint(1, 3)
            take, pool = pool[:size], pool[size:]
            if not take or len(paras) >= 12:
                break
            prefix = f"（{ZH_NUMERALS[sub]}）" if numbered else ""
            first = prefix + fill(take[0], slots, "zh")
            paras.append(Para((first, *(fill(s, slots, "zh") for s in take[1:]))))
    return Story(id=story_id, lang="zh", topic=topic_name, headlines=(title,), paras=tuple(paras), when=when, ctx=ctx)
