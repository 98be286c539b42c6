"""Author names: JSON-LD `author`, author meta tags, rel=author links and bylines, as a cleaned list of names.

Structured sources name people one by one (a JSON-LD array, one `article:author` tag per author); visible bylines
join them in prose ("By A and B", "Von A und B", "记者 张三 李四"), so they are split here.
"""

from __future__ import annotations

import re

from workers.extraction.metadata import AUTHOR_META, HeadInfo
from workers.extraction.normalize import clean_line

# A byline's lead word in the languages of the pages we meet ("By", "Von:", "Par", "Por", "Di", "Door", "Av").
_LEAD = re.compile(
    r"^(?:(?:(?:a\s+)?(?:comment(?:ary)?|kommentar|analyse|analysis|text|written|posted|story|words|reporting)\s+)?"
    r"(?:by|von|par|por|di|door|av|af|автор|от)(?:\s*[:：]\s*|\s+)(?=\S)|(?:by|von|par|por)(?=[A-ZÀ-Þ]))",
    re.I,
)
_CJK_NAMES = re.compile(r"^[\u4e00-\u9fff·]{2,4}(?:\s+[\u4e00-\u9fff·]{2,4})+$")
_SEPARATORS = re.compile(r"\s*(?:[;；、，|]|,(?!\s*(?:Jr|Sr|MA|MD|PhD|Ph\.D)\b))\s*")
_CONJUNCTION = re.compile(r"\s+(?:and|und|et|y|e|og|och|en|&)\s+", re.I)
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH = "(?:" + "|".join(f"{m[:3]}(?:{m[3:]})?|{m[:3].upper()}(?:{m[3:].upper()})?" for m in _MONTHS) + r")\.?"
# What trails a name in a visible byline: a role ("Games Editor", "Korrespondent"), a date ("July 4"), a handle.
_TRAIL = re.compile(
    r"(?:\s*[(（][^()（）]{0,30}[)）]|\s+(?:[A-Z][\w-]+\s+)?(?:Editor|Reporter|Correspondent|Writer|Journalist|"
    r"Korrespondent(?:in)?|Redakteur(?:in)?|Director|Columnist|Contributor)\b.*|(?<=[a-z])(?:Korrespondent(?:in)?|"
    r"Journalist|Reporter)\b.*|(?:\s+|(?<=[a-z]))(?:\d{1,2}\s*)?" + _MONTH + r"(?:\s+\d.*)?)$",
)
_URLISH = re.compile(r"https?://|www\.|^@|\.(?:com|cn|net|org)(?:/|$)", re.I)
_LETTER = re.compile(r"[^\W\d_]")
MAX_NAMES = 12


def split_names(text: str | None) -> list[str]:
    """'By A, B and C' -> ['A', 'B', 'C']; '张三 李四' -> ['张三', '李四']; a single name stays whole."""
    text = clean_line(text or "")
    text = _LEAD.sub("", text).strip(" :：,，;；|/")
    if not text:
        return []
    if _CJK_NAMES.match(text):
        parts = text.split()
    else:
        parts = [p for chunk in _SEPARATORS.split(text) for p in _CONJUNCTION.split(chunk)]
    return unique(name for name in (_clean(p) for p in parts) if name)


def unique(names) -> list[str]:  # type: ignore[no-untyped-def]
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return list(seen.values())[:MAX_NAMES]


def strip_lead(text: str) -> str:
    """'Von: Jane Doe' -> 'Jane Doe' (a byline's lead word in any of the languages above)."""
    return _LEAD.sub("", clean_line(text)).strip(" :：,，;；|/")


def strip_trail(text: str) -> str:
    """'Steven Musil January' -> 'Steven Musil': a role or date glued to the end of a byline."""
    return _TRAIL.sub("", text, count=1).strip(" :：,，;；|/") if len(text) > 3 else text


def _clean(name: str) -> str | None:
    name = _LEAD.sub("", name.strip())
    name = strip_trail(name).strip(" :：,，;；|/()（）")
    if not name or len(name) > 80 or not _LETTER.search(name) or _URLISH.search(name):
        return None
    return name


def ld_authors(head: HeadInfo) -> list[str]:
    """Names of the JSON-LD article's `author` (or `creator`): strings, Person/Organization objects, arrays,
    and references by @id to nodes of the same @graph."""
    for obj in head.jsonld:
        value = obj.get("author") or obj.get("creator")
        if value:
            names = unique(n for item in _as_list(value) for n in _ld_person(item, head))
            if names:
                return names
    return []


def _as_list(value: object) -> list[object]:
    return value[:MAX_NAMES] if isinstance(value, list) else [value]


def _ld_person(item: object, head: HeadInfo) -> list[str]:
    if isinstance(item, str):
        return split_names(item)
    if not isinstance(item, dict):
        return []
    if set(item) <= {"@id", "@type"} and isinstance(item.get("@id"), str):
        item = head.ld_nodes.get(item["@id"], item)
    name = item.get("name")
    if isinstance(name, list):
        name = " ".join(str(n) for n in name)
    if not name and (item.get("givenName") or item.get("familyName")):
        name = f"{item.get('givenName') or ''} {item.get('familyName') or ''}"
    cleaned = _clean(clean_line(str(name))) if name else None
    return [cleaned] if cleaned else []


def meta_authors(head: HeadInfo) -> list[str]:
    """Names from author meta tags, in the order of AUTHOR_META; profile URLs (article:author) are skipped."""
    for key in AUTHOR_META:
        values = head.authors_meta.get(key, [])
        names = unique(n for value in values if not _URLISH.search(value) for n in split_names(value))
        if names:
            return names
    return []
