"""Labelled lines ("来源：", "发布时间：", "Editor in charge:") and bylines ("（记者 张三）", "By Jane Doe")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from workers.extraction.dates import find_date

_KINDS = {
    "date": "发布时间|发表时间|发布日期|发稿时间|发文日期|成文日期|上传时间|录入时间|时间|日期|"
    "Release time|Release date|Publish(?:ed)?(?: on| at| time| date)?|Posted(?: on| at)?|Pub(?:lication)? date|"
    "Date|Time",
    "updated": "更新时间|更新日期|修改时间|最后更新|Updated(?: on| at)?|Last updated|Modified",
    "source": "信息来源|文章来源|新闻来源|稿件来源|内容来源|来源|稿源|出处|Source|From",
    "author": "作者|撰稿人|撰稿|撰文|供稿|特约记者|本报记者|记者|通讯员|Authors?|Written by|Writer|Reporter|By",
    "editor": "责任编辑|责编|编辑|Editor in charge|Responsible editor|Editors?|Edited by",
    "reviewer": "审核|审校|审稿|校对|终审|初审|复审|签发|Proofread(?:er)?",
    "photo": "摄影|图片|摄像|Photo(?:s|graph(?:er|y))?",
    "views": "浏览次数|阅读次数|点击次数|访问次数|点击数|点击量|浏览量|阅读量|访问量|浏览|阅读|点击|"
    "Reading times|Views|Hits|Visits",
    "font": "字号|字体|Font size|Font",
    "contact": "联系人|联系电话|联系方式|Media contact|Press contact|Contacts?",
    "share": "分享到|分享|Share(?: to)?",
}
_LABEL_ALT = "|".join(f"(?P<{k}>{v})" for k, v in _KINDS.items())
LABEL = re.compile(
    r"(?:(?<=^)|(?<=[\s\[【（(|｜丨/，,;；·•>]))\s*(?:" + _LABEL_ALT + r")\s*[:：]",
    re.I,
)
_CUT = re.compile(r"\s{2,}|[|｜丨]|\t|【|】|\[|\]|(?<=\S)\s+(?:打印|关闭|Print|Close|【)")
_BRACKETS = " \t:：·•,，;；/|｜丨[]【】()（）<>《》\"'“”"
ROLE = (
    r"(?:特约记者|见习记者|实习记者|本报记者|本台记者|本刊记者|记者|通讯员|实习生|特约撰稿|撰稿|"
    r"Reporters?|Correspondents?|Staff writers?)"
)
_PAREN_BYLINE = re.compile(r"[（(]\s*(?P<outlet>[^（()）]{0,30}?)\s*" + ROLE + r"\s*(?P<names>[^（()）]{1,60})[）)]")
_SLASH_BYLINE = re.compile(
    r"^\s*(?:文|作者|撰文|文字)\s*[/|｜丨]\s*(?P<names>[^/|｜丨]{1,40}?)(?=\s*(?:图|摄影?|$|[/|｜丨]))"
)
# a credit closing the text in brackets: "(文/图 刘玺东 易赛楠)", "（文/张三）"
_PAREN_CREDIT_BYLINE = re.compile(
    r"[（(]\s*(?:文\s*[/／]\s*图|图\s*[/／]\s*文|文字?)\s*(?:[/／:：]|\s)\s*(?P<names>[^（()）/／:：]{2,40}?)\s*[）)]\s*$"
)
_EN_BY = re.compile(
    r"(?:^|(?<=[·|•,—–\-])|(?<=\d)|(?<=written)|(?<=posted)|(?<=story)|(?<=words)|(?<=reporting))\s*"
    r"[Bb][Yy]:?\s+(?=[A-Z])",
    re.I,
)
_EN_NAME_WORD = re.compile(r"[A-Z][\w.'’-]*,?|de|van|von|da|di|bin|al|and|&")
_SPLIT_ROLES = re.compile(r"\s*" + ROLE + r"\s*")


_NAME_KINDS = frozenset({"author", "editor", "source", "reviewer", "photo"})
_SENTENCE = re.compile(r"[，。？！；?!;]|\.\s|,\s\w+\s\w+\s\w+")


@dataclass(slots=True, frozen=True)
class Label:
    kind: str
    label: str
    value: str | None
    start: int
    end: int


@lru_cache(maxsize=8192)
def parse_labels(text: str) -> tuple[Label, ...]:
    """All labelled fields in a short line; each value runs to the next label (or a widget separator).

    Pure and called for the same line by several stages, hence memoized (bounded; nothing to reset)."""
    return tuple(_parse_labels(text))


def _parse_labels(text: str) -> list[Label]:
    if len(text) > 400 or (":" not in text and "：" not in text):
        return []  # every label ends at a colon: a line without one is searched no further
    matches = [m for m in LABEL.finditer(text) if not _weak_label(text, m)]
    found: list[Label] = []
    for i, match in enumerate(matches):
        kind = match.lastgroup or ""
        stop = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        raw = text[match.end() : stop]
        value = clean_value(raw, kind)
        if kind in _NAME_KINDS and value and (_SENTENCE.search(value) or len(value) > (80 if kind == "source" else 50)):
            continue  # "记者：请问……" in an interview is speech, not a byline
        found.append(Label(kind, match.group(kind), value, match.start(), stop))
    return found


def _weak_label(text: str, match: re.Match[str]) -> bool:
    """English 'by'/'from'/'date' only label a field at the start of a line or after a separator."""
    word = (match.group(match.lastgroup or 0) or "").lower()
    if word not in ("by", "from", "date", "time", "font"):
        return False
    before = text[: match.start(match.lastgroup or 0)].rstrip()
    return bool(before) and before[-1] not in "|｜丨(（[【/·•>"


def clean_value(raw: str, kind: str) -> str | None:
    value = raw.strip(_BRACKETS + " ")
    cut = _CUT.search(value)
    if cut and kind != "date":
        value = value[: cut.start()]
    if kind in ("source", "author", "editor", "reviewer", "photo"):
        found = find_date(value)
        if found:
            value = value[: found[1]]
    value = value.strip(_BRACKETS + " ")
    return value or None


def label_coverage(text: str, labels: tuple[Label, ...]) -> float:
    """Share of the line covered by label/value pairs (1.0 = the line is metadata only)."""
    if not labels or not text:
        return 0.0
    covered = sum(lab.end - lab.start for lab in labels)
    return min(1.0, covered / len(text.strip()))


def byline_names(text: str) -> tuple[str | None, int, int] | None:
    """Author names from a byline: '（浙江工人日报记者 李国锋）', '(Reporter Zheng Li)', '文/张三', 'By Jane Doe'."""
    match = _PAREN_BYLINE.search(text)
    if match:
        names = " ".join(n for n in _SPLIT_ROLES.split(match.group("names")) if n.strip())
        names = re.sub(r"\s*(?:报道|摄影?|/摄)$", "", names.strip())
        return (names.strip() or None), match.start(), match.end()
    match = _SLASH_BYLINE.search(text) or _PAREN_CREDIT_BYLINE.search(text)
    if match:
        return match.group("names").strip() or None, match.start(), match.end()
    return _english_byline(text)


def _english_byline(text: str) -> tuple[str | None, int, int] | None:
    """'By Jane Doe and Sam Lee' -> names; capitalised words and connectors only, read word by word."""
    lead = _EN_BY.match(text) if len(text) > 120 else _EN_BY.search(text)
    if not lead:
        return None
    words: list[str] = []
    end = lead.end()
    for word in re.finditer(r"\S+", text[lead.end() : lead.end() + 120]):
        if not _EN_NAME_WORD.fullmatch(word.group()) or len(words) >= 12:
            break
        words.append(word.group())
        end = lead.end() + word.end()
        if word.group().endswith(","):
            break
    while words and words[-1].rstrip(",") in ("and", "&", "de", "van", "von", "da", "di", "bin", "al"):
        words.pop()
    names = " ".join(words).rstrip(",")
    return (names or None), lead.start(), end
