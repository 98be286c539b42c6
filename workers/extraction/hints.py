"""Fields named by class/id/itemprop rather than by a visible label: <span class="source">, itemprop="author"."""

from __future__ import annotations

import re

from lxml import html

from workers.extraction.class_hints import hint_match
from workers.extraction.labels import ROLE, parse_labels
from workers.extraction.normalize import clean_line

_HINTS = {
    "source": re.compile(r"source|laiyuan|copyfrom|(?:^|[-_\s])ly(?:$|[-_\s])|origin", re.I),
    "author": re.compile(r"author|byline|writer|zuozhe|reporter|(?:^|[-_\s])by(?:$|[-_\s])", re.I),
    "editor": re.compile(r"editor|bianji|zrbj|(?:^|[-_\s])bj(?:$|[-_\s])", re.I),
    "date": re.compile(r"date|time|pubtime|publish|fbsj|riqi|posted", re.I),
}
# most named elements name no field: one search of all the alternatives says so, instead of one per field
_ANY_FIELD = re.compile("|".join(pattern.pattern for pattern in _HINTS.values()), re.I)
_LEAD = re.compile(
    r"^\s*(?:(?:(?:View|See|Read|Browse)\s+)?(?:all\s+|more\s+)?(?:posts|articles|stories|entries|columns)\s+by|"
    r"More\s+(?:from|by)|"
    r"By|From|Source|Author|Editor|Posted(?: on)?|Published(?: on)?|来源|作者|编辑|责任编辑|发布时间|时间|日期|"
    + ROLE
    + r")\s*[:：]?\s*",
    re.I,
)
_MODIFIED = re.compile(r"modif|updat|edited|lastmod|xiugai|gengxin", re.I)
_NAMEISH = re.compile(r"^[^\d|｜<>@#]{2,60}$")


def hinted_fields(
    page: html.HtmlElement, after: html.HtmlElement | None, skip: set[html.HtmlElement]
) -> dict[str, str]:
    """Per field, the first short element named for it after the headline (else the nearest one before)."""
    before: dict[str, str] = {}
    found: dict[str, str] = {}
    seen_title = after is None
    for el in page.iter():
        if el is after:
            seen_title = True
        if not isinstance(el.tag, str) or el.tag in ("html", "body", "img"):
            continue
        names = f"{el.get('class', '')} {el.get('id', '')} {el.get('itemprop', '')} {el.get('rel', '')}"
        if len(names) <= 3 or not hint_match(_ANY_FIELD, names):
            continue
        for field, pattern in _HINTS.items():
            if field in found or not hint_match(pattern, names):
                continue
            if field == "date" and hint_match(_MODIFIED, names):
                continue
            value = _value(el, field)
            if not value or any(a.tag in ("footer", "nav") or a in skip for a in el.iterancestors()):
                continue
            if seen_title:
                found[field] = value
            else:
                before[field] = value
        if len(found) == len(_HINTS):
            break
    return {**before, **found}


def _value(el: html.HtmlElement, field: str) -> str | None:
    if field == "date":
        stamped = el if el.tag == "time" and el.get("datetime") else el.find(".//time[@datetime]")
        if stamped is not None and not _MODIFIED.search(stamped.get("class", "")):
            return stamped.get("datetime")
    if field == "author":
        named = el.xpath(".//*[@rel='author' or @itemprop='name' or contains(concat(' ', @class, ' '), ' fn ')]")
        if named:
            el = named[0]
    text = clean_line(el.text_content())
    if not text or len(text) > 80:
        return None
    labels = parse_labels(text)
    if labels:
        wanted = [lab.value for lab in labels if lab.kind == field and lab.value]
        return wanted[0] if wanted else None
    if field == "date":
        return None if re.match(r"\s*(?:updated|last modified|modified|更新|修改)", text, re.I) else text
    value = _LEAD.sub("", text).strip(" :：|/·•,")
    return value if _NAMEISH.match(value) else None
