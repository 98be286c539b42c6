"""Republication variants of a story, and labelled pairs built from them: the syndication set.

How a story travels between union and government sites (the national union newspaper, federations, provincial and
city federations, county pages, aggregators): the republisher keeps the text but

- adds its own metadata lines: `来源：XX工人日报`, `编辑：XX`, `责任编辑：XX` (extraction may leave them in);
- names the original headline (`原标题：...`) and changes its own (a `【】` prefix, the site name as a suffix,
  shortened);
- prepends an editor's note (`编者按：...`), adds photo captions between paragraphs;
- keeps only the first paragraphs (aggregators: a lead and "read the original");
- splits or joins paragraphs, converts punctuation between full and half width;
- appends its own related-news block (headlines of other stories) that extraction may leak;
- publishes hours to days later (the pair's dates differ; see `Variant.delay_hours`), sometimes in GBK.

Every variant is a pure function of the story and a seeded `random.Random`, so the set is reproducible. Pairs:
the original against each single variant (a failure names the variant) and each chain of variants a real
republisher applies (`CHAINS`), and chains against each other (two copies meet without the original). Hard
negatives: stories of one template and topic about different events (`series`), the original of one against
republished copies of another, and the most similar different stories of a corpus (`nearest_negatives`).
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import math
import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from workers.dedup import DedupConfig, Fingerprint, body_fingerprint, jaccard, same_story
from workers.dedup.stream import StreamClusterer

ZH_NAMES = ["张伟", "李娜", "王芳", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴霞", "孙丽", "郑浩"]
EN_NAMES = ["Zhang Wei", "Li Na", "Wang Fang", "Liu Yang", "Chen Jing", "Yang Fan", "Zhao Lei", "Huang Min"]
ZH_OUTLETS = ["工人日报", "中工网", "浙江工人日报", "江苏工人报", "山东工人报", "威海市总工会", "湖北省总工会网站"]
EN_OUTLETS = ["Workers' Daily", "China Industrial Network", "Zhejiang Workers Daily", "City Federation of Unions"]
ZH_SITES = ["中工网", "浙江工会网", "威海工会", "长兴县人民政府", "职工之家网", "工会资讯网"]
EN_SITES = ["Workers Online", "Union News Network", "County Government Portal", "Labour Digest"]
ZH_PLACES = ["活动现场", "比赛现场", "座谈会现场", "慰问现场", "培训课堂"]
EN_PLACES = ["the event", "the contest", "the forum", "the visit", "the training class"]

_SENTENCE_END = re.compile(r"(?<=[。！？!?])|(?<=\.)\s+")


@dataclass(frozen=True)
class Story:
    """One version of a story: what extraction would give as title and body paragraphs."""

    id: str
    lang: str  # "zh" or another language (word shingles)
    title: str
    paras: tuple[str, ...]
    group: str  # the story this is a version of: versions of one group are the same story
    delay_hours: float = 0.0  # published this long after the original

    @property
    def body(self) -> str:
        return "\n\n".join(self.paras)


Transform = Callable[[Story, random.Random, Sequence[Story]], Story]


def _zh(story: Story) -> bool:
    return story.lang == "zh"


def source_lines(story: Story, rng: random.Random, pool: Sequence[Story]) -> Story:
    """`来源：` on top, `编辑：` / `责任编辑：` at the end."""
    if _zh(story):
        top = rng.choice(["来源：", "稿源：", "来源: "]) + rng.choice(ZH_OUTLETS)
        a, b = rng.sample(ZH_NAMES, 2)
        bottom = rng.choice([f"编辑：{a}", f"责任编辑：{a}", f"编辑：{a} 责任编辑：{b}", f"（编辑 {a} 审核 {b}）"])
    else:
        top = "Source: " + rng.choice(EN_OUTLETS)
        a, b = rng.sample(EN_NAMES, 2)
        bottom = rng.choice([f"Editor: {a}", f"Editor in charge: {a}", f"Edited by {a}; reviewed by {b}"])
    return replace(story, paras=(top, *story.paras, bottom))


def original_title(story: Story, rng: random.Random, pool: Sequence[Story]) -> Story:
    """The original headline named in the body."""
    line = ("原标题：" if _zh(story) else "Original title: ") + story.title
    return replace(story, paras=(line, *story.paras))


def editor_note(story: Story, rng: random.Random, pool: Sequence[Story]) -> Story:
    """An editor's note before the text."""
    if _zh(story):
        note = rng.choice(
            [
                "编者按：近日，各地工会围绕职工群众急难愁盼问题，推出了一批务实举措。本网今日转载相关报道，以飨读者。",
                "编者按：如何把服务职工的工作做细做实？下面这篇报道或许能给我们一些启示。",
                "【编者按】基层工会是联系职工群众的桥梁纽带。本期我们关注一线工会的创新做法，敬请关注。",
            ]
        )
    else:
        note = rng.choice(
            [
                "Editor's note: Unions across the country have launched practical measures for workers. We republish "
                "the following report for our readers.",
                "Editor's note: How can unions serve workers better? The report below offers some answers.",
            ]
        )
    return replace(story, paras=(note, *story.paras))


def captions(story: Story, rng: random.Random, pool: Sequence[Story]) -> Story:
    """One or two photo captions between paragraphs."""
    paras = list(story.paras)
    for _ in range(rng.randint(1, 2)):
        name = rng.choice(ZH_NAMES if _zh(story) else EN_NAMES)
        if _zh(story):
            line = f"图为{rng.choice(ZH_PLACES)}。{name} 摄"
        else:
            line = f"Photo: {rng.choice(EN_PLACES)}. (Photo by {name})"
        paras.insert(rng.randint(1, len(paras)), line)
    return replace(story, paras=tuple(paras))


def truncate(story: Story, rng: random.Random, pool: Sequence[Story]) -> Story:
    """Only the first paragraphs (a quarter to a half of them, at least two), sometimes with a read-more line."""
    keep = max(2, math.ceil(len(story.paras) * rng.uniform(0.25, 0.5)))
    paras = list(story.paras[:keep])
    if rng.random() < 0.5:
        paras.append(rng.choice(["（未完）", "阅读全文", "点击查看原文"] if _zh(story) else ["Read more", "(more)"]))
    return replace(story, paras=tuple(paras))


def reparagraph(story: Story, rng: random.Random, pool: Sequence[Story]) -> Story:
    """Long paragraphs split at a sentence end, short neighbours joined."""
    out: list[str] = []
    for para in story.paras:
        sentences = [s for s in _SENTENCE_END.split(para) if s and s.strip()]
        if len(sentences) > 2 and rng.random() < 0.6:
            cut = rng.randint(1, len(sentences) - 1)
            joiner = "" if _zh(story) else " "
            out += [joiner.join(sentences[:cut]).strip(), joiner.join(sentences[cut:]).strip()]
        elif out and rng.random() < 0.3:
            out[-1] = out[-1] + ("" if _zh(story) else " ") + para
        else:
            out.append(para)
    return replace(story, paras=tuple(out))


_TO_HALF = str.maketrans(
    {"，": ",", "。": ".", "：": ":", "；": ";", "（": "(", "）": ")", "“": '"', "”": '"', "！": "!"}
)
_TO_FULL = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"})


def punctuation_width(story: Story, rng: random.Random, pool: Sequence[Story]) -> Story:
    table = _TO_HALF if _zh(story) and rng.random() < 0.7 else _TO_FULL
    return replace(story, paras=tuple(p.translate(table) for p in story.paras))


def related_news(story: Story, rng: random.Random, pool: Sequence[Story]) -> Story:
    """The republisher's related-news block (other stories' headlines), leaked into the body."""
    others = [s.title for s in pool if s.group != story.group and s.lang == story.lang and s.title]
    picked = rng.sample(others, min(len(others), rng.randint(3, 5)))
    if _zh(story):
        block = ["相关新闻：", *(f"· {title}（{rng.randint(1, 12)}月{rng.randint(1, 28)}日）" for title in picked)]
    else:
        block = ["Related news:", *(f"- {title}" for title in picked)]
    return replace(story, paras=(*story.paras, *block))


def dateline(story: Story, rng: random.Random, pool: Sequence[Story]) -> Story:
    """The republisher's own dateline and reporter credit before the lead."""
    if _zh(story):
        name = rng.choice(ZH_NAMES)
        prefix = rng.choice([f"本报讯（记者 {name}）", "中工网讯 ", f"本网讯（通讯员 {name}）"])
    else:
        prefix = rng.choice(["BEIJING (Workers' Daily) - ", "Staff report: "])
    return replace(story, paras=(prefix + story.paras[0], *story.paras[1:]))


def retitle(story: Story, rng: random.Random, pool: Sequence[Story]) -> Story:
    """Another headline: a bracketed prefix, the site's name as a suffix, or shortened."""
    sites = ZH_SITES if _zh(story) else EN_SITES
    choice = rng.randrange(3)
    if choice == 0:
        title = ("【工会动态】" if _zh(story) else "[Union news] ") + story.title
    elif choice == 1:
        title = story.title + ("_" if _zh(story) else " | ") + rng.choice(sites)
    else:
        title = story.title[: max(6, len(story.title) * 2 // 3)]
    return replace(story, title=title)


VARIANTS: dict[str, Transform] = {
    "source_lines": source_lines,
    "original_title": original_title,
    "editor_note": editor_note,
    "captions": captions,
    "truncate": truncate,
    "reparagraph": reparagraph,
    "punctuation_width": punctuation_width,
    "related_news": related_news,
    "dateline": dateline,
    "retitle": retitle,
}

# What kinds of republisher do, in order (each chain is one republished copy).
CHAINS: dict[str, tuple[str, ...]] = {
    "newspaper-to-federation": ("retitle", "original_title", "source_lines", "captions", "punctuation_width"),
    "federation-to-city": ("retitle", "dateline", "editor_note", "reparagraph", "source_lines"),
    "aggregator-lead": ("retitle", "truncate", "source_lines", "related_news"),
    "county-page": ("original_title", "reparagraph", "punctuation_width", "captions", "related_news", "source_lines"),
    "portal-lead-note": ("editor_note", "truncate", "punctuation_width", "source_lines"),
}


def republish(story: Story, name: str, pool: Sequence[Story], seed: int | str = 0) -> Story:
    """The copy of `story` a republisher makes with the variant or chain `name` (seeded: always the same copy)."""
    steps = CHAINS.get(name, (name,))
    rng = random.Random(f"{seed}:{story.id}:{name}")
    copy = replace(story, id=f"{story.id}~{name}", delay_hours=rng.choice([2.0, 9.5, 26.0, 75.0]))
    for step in steps:
        copy = VARIANTS[step](copy, rng, pool)
    return copy


@dataclass(frozen=True)
class Pair:
    a: Story
    b: Story
    same: bool
    kind: str  # "variant:NAME", "chain:NAME", "chains:X~Y", "series:NAME", "nearest"

    @property
    def label(self) -> str:
        return f"{self.kind} {self.a.id} ~ {self.b.id}"


def story_pairs(originals: Sequence[Story], pool: Sequence[Story], seed: int | str = 0) -> list[Pair]:
    """Positives: original vs each variant and each chain; chain vs chain."""
    out: list[Pair] = []
    for story in originals:
        for name in VARIANTS:
            out.append(Pair(story, republish(story, name, pool, seed), True, f"variant:{name}"))
        chains = {name: republish(story, name, pool, seed) for name in CHAINS}
        out += [Pair(story, copy, True, f"chain:{name}") for name, copy in chains.items()]
        out += [Pair(chains[x], chains[y], True, f"chains:{x}~{y}") for x, y in itertools.combinations(chains, 2)]
    return out


def series_pairs(series: Iterable[Sequence[Story]], pool: Sequence[Story], seed: int | str = 0) -> list[Pair]:
    """Hard negatives: members of one template series (different events), as published and republished."""
    out: list[Pair] = []
    for members in series:
        for a, b in itertools.combinations(members, 2):
            out.append(Pair(a, b, False, "series:original"))
            for name in CHAINS:
                out.append(Pair(a, republish(b, name, pool, seed), False, f"series:{name}"))
            for name in ("truncate", "source_lines"):
                out.append(
                    Pair(republish(a, name, pool, seed), republish(b, name, pool, seed), False, f"series:{name}")
                )
    return out


def nearest_negatives(
    stories: Sequence[Story], similarity: Callable[[Story, Story], float], per_story: int = 2
) -> list[tuple[Story, Story]]:
    """For each story, the `per_story` most similar other stories in its language (by `similarity`): the hardest
    different-story pairs a corpus without series has."""
    chosen: dict[tuple[str, str], tuple[Story, Story]] = {}
    for story in stories:
        others = [o for o in stories if o.group != story.group and o.lang == story.lang]
        others.sort(key=lambda o: (-similarity(story, o), o.id))
        for other in others[:per_story]:
            key = tuple(sorted((story.id, other.id)))
            chosen.setdefault(key, (story, other))  # type: ignore[arg-type]
    return [chosen[key] for key in sorted(chosen)]


def negative_pairs(nearest: Iterable[tuple[Story, Story]], pool: Sequence[Story], seed: int | str = 0) -> list[Pair]:
    """Different stories, as published and with one of them republished by each chain."""
    out: list[Pair] = []
    for a, b in nearest:
        out.append(Pair(a, b, False, "nearest:original"))
        out += [Pair(a, republish(b, name, pool, seed), False, f"nearest:{name}") for name in CHAINS]
    return out


# --- corpora ------------------------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
HANDMADE = ROOT / "tests" / "fixtures" / "dedup" / "handmade.py"


def _handmade() -> tuple[dict, dict]:  # type: ignore[type-arg]
    spec = importlib.util.spec_from_file_location("dedup_handmade", HANDMADE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.STORIES, module.SERIES


def generated_corpus() -> tuple[list[Story], list[list[Story]]]:
    """Originals and template series: the hand-written stories (`tests/fixtures/dedup/handmade.py`) and stories
    composed from the sample sites' sentence banks (`samples.stories.compose`)."""
    from samples.contexts import EN_COUNTY, EN_NATIONAL, EN_PROVINCES, ZH_NATIONAL, ZH_PROVINCES, ZH_WEIHAI, ZH_ZHEJIANG
    from samples.stories import CHINA_TZ, compose

    stories, series_by_name = _handmade()
    originals = [
        Story(key, str(v["lang"]), str(v["title"]), tuple(v["paras"]), key)  # type: ignore[arg-type]
        for key, v in stories.items()
    ]
    series = [
        [
            Story(f"{name}/{i}", str(e["lang"]), str(e["title"]), tuple(e["paras"]), f"{name}/{i}")  # type: ignore[arg-type]
            for i, e in enumerate(entries)
        ]
        for name, entries in series_by_name.items()
    ]

    def story_of(composed) -> Story:  # type: ignore[no-untyped-def]
        paras = tuple(p.text(composed.lang) for p in composed.paras)
        return Story(composed.id, composed.lang, composed.headlines[0], paras, composed.id)

    rng = random.Random("syndication-bank")
    reprinted = [
        (ZH_NATIONAL, "training"), (ZH_NATIONAL, "newjobs"), (ZH_WEIHAI, "cooling"), (ZH_ZHEJIANG, "models"),
        (ZH_PROVINCES[0], "safety"), (ZH_WEIHAI, "warmth"), (ZH_PROVINCES[1], "study"), (ZH_ZHEJIANG, "skills"),
        (EN_NATIONAL, "newjobs"), (EN_PROVINCES[1], "models"), (EN_COUNTY, "safety"), (EN_PROVINCES[3], "skills"),
    ]  # fmt: skip
    for index, (ctx, topic) in enumerate(reprinted):
        when = datetime(2023, rng.randint(1, 12), rng.randint(1, 28), rng.randint(7, 20), tzinfo=CHINA_TZ)
        originals.append(story_of(compose(f"syn-bank-{index:02d}", ctx, topic, when, subheads=index % 3 == 0)))
    families = [
        ("syn-zh-weihai-study", ZH_WEIHAI, "study", 0), ("syn-zh-zj-training", ZH_ZHEJIANG, "training", 1),
        ("syn-zh-prov-safety", ZH_PROVINCES[0], "safety", 2), ("syn-zh-national-warmth", ZH_NATIONAL, "warmth", 0),
        ("syn-en-prov-skills", EN_PROVINCES[2], "skills", 1), ("syn-en-county-study", EN_COUNTY, "study", 0),
    ]  # fmt: skip
    for prefix, ctx, topic, headline in families:
        members = []
        for month in (3, 5, 8, 10):
            when = datetime(2023, month, rng.randint(8, 26), rng.randint(8, 18), tzinfo=CHINA_TZ)
            members.append(
                story_of(compose(f"{prefix}-{month:02d}", ctx, topic, when, headline_index=headline, series=prefix))
            )
        series.append(members)
    return originals, series


def devcorpus_stories(root: Path) -> list[Story]:
    """The truth bodies of the development corpus (`../shared/devcorpus/truth.jsonl`): real articles."""
    out = []
    for line in (root / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        paras = tuple(p.strip() for p in str(row.get("body") or "").split("\n\n") if p.strip())
        if paras:
            lang = "zh" if _cjk_share(" ".join(paras)) >= 0.2 else "other"
            out.append(Story(row["id"], lang, str(row.get("title") or ""), paras, row["id"]))
    return _group_shared_texts(out)


def _group_shared_texts(stories: list[Story], share: float = 0.5) -> list[Story]:
    """Pages whose bodies share most of their word 4-grams are one story: Readability's test pages reuse a few
    texts under many names. Labelled by plain set containment, not by the decision under test."""
    grams = {s.id: _word_grams(s.body) for s in stories}
    group = {s.id: s.id for s in stories}
    for a, b in itertools.combinations(stories, 2):
        ga, gb = grams[a.id], grams[b.id]
        if ga and gb and len(ga & gb) >= share * min(len(ga), len(gb)):
            old, new = group[b.id], group[a.id]
            group = {key: new if value == old else value for key, value in group.items()}
    return [replace(s, group=group[s.id]) for s in stories]


def _word_grams(text: str, k: int = 4) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + k]) for i in range(max(0, len(words) - k + 1))}


def seed_stories(root: Path, min_chars: int = 100) -> list[Story]:
    """The bodies of the seed pages (`../shared/seeds/*.txt`, real pages' visible text): the lines of at least
    `min_chars` characters after the headline (chrome lines are shorter), the first long line as the title."""
    out = []
    for path in sorted(root.glob("*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        long = [line for line in lines if len(line) >= min_chars]
        title = next((line for line in lines if 30 <= len(line) < 200), path.stem)
        paras = tuple(line for line in long if line != title)
        if paras:
            out.append(
                Story(path.stem, "zh" if _cjk_share(" ".join(paras)) >= 0.2 else "other", title, paras, path.stem)
            )
    return out


def _cjk_share(text: str) -> float:
    letters = [c for c in text if c.isalnum()]
    return sum("\u4e00" <= c <= "\u9fff" for c in letters) / max(1, len(letters))


def syndication_set(
    originals: Sequence[Story], series: Sequence[Sequence[Story]] = (), seed: int | str = 0
) -> list[Pair]:
    """Every labelled pair of a corpus: the republished copies of each original (positives), and as hard negatives
    its template series, or, for a corpus without series, each story's two most similar other stories (by the
    Jaccard of their shingles), each as published and republished."""
    pool = [*originals, *(member for members in series for member in members)]
    pairs = story_pairs(originals, pool, seed) + series_pairs(series, pool, seed)
    if not series:
        config = DedupConfig()
        shingled = {s.id: body_fingerprint(s.body, s.lang, config).shingles for s in originals}
        nearest = nearest_negatives(originals, lambda a, b: jaccard(shingled[a.id], shingled[b.id]))
        pairs += negative_pairs(nearest, pool, seed)
    return pairs


# --- scoring ------------------------------------------------------------------------------------------------------


@dataclass
class Score:
    """Pairwise precision and recall over the eligible pairs (both bodies long enough to merge on shingles)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    errors: list[str] = field(default_factory=list)  # "FN kind a ~ b" / "FP ..."

    def count(self, pair: Pair, predicted: bool) -> None:
        if pair.same and predicted:
            self.tp += 1
        elif pair.same:
            self.fn += 1
            self.errors.append(f"FN {pair.label}")
        elif predicted:
            self.fp += 1
            self.errors.append(f"FP {pair.label}")
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / max(1, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self.tp / max(1, self.tp + self.fn)


def eligible_pairs(pairs: Sequence[Pair], config: DedupConfig) -> list[Pair]:
    long_enough = {}
    for pair in pairs:
        for story in (pair.a, pair.b):
            if story.id not in long_enough:
                long_enough[story.id] = body_fingerprint(story.body, story.lang, config).indexable
    return [p for p in pairs if long_enough[p.a.id] and long_enough[p.b.id]]


def score_decision(pairs: Sequence[Pair], config: DedupConfig) -> Score:
    """`same_story` on every pair."""
    cache: dict[str, Fingerprint] = {}

    def fingerprint(story: Story) -> Fingerprint:
        if story.id not in cache:
            cache[story.id] = body_fingerprint(story.body, story.lang, config)
        return cache[story.id]

    result = Score()
    for pair in pairs:
        result.count(pair, same_story(fingerprint(pair.a), fingerprint(pair.b), config) is not None)
    return result


def score_stream(pairs: Sequence[Pair], config: DedupConfig) -> Score:
    """Every version streamed through the index in publication order (`delay_hours`, then id), candidates verified,
    clusters merged: LSH may miss a pair, and a third copy may join two."""
    versions = {s.id: s for pair in pairs for s in (pair.a, pair.b)}
    clusterer = StreamClusterer(config)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for story in sorted(versions.values(), key=lambda s: (s.delay_hours, s.id)):
        clusterer.add(story.id, story.body, story.lang, start + timedelta(hours=story.delay_hours))
    result = Score()
    for pair in pairs:
        result.count(pair, clusterer.cluster(pair.a.id) == clusterer.cluster(pair.b.id))
    return result
