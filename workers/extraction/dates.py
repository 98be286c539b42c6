"""Date/time parsing for Chinese and English pages (no dateparser on the hot path)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from common.timezone import CHINA_TZ

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MON = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|"
    r"nov(?:ember)?|dec(?:ember)?)\.?"
)
_ISO = re.compile(
    r"(?<!\d)((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?",
    re.I,
)
_YMD = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:[-/.]|年|\s(?=\d{1,2}\s*/))\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)\s*日?"
)
_ZH_MD = re.compile(r"(?<!\d)(\d{1,2})月(\d{1,2})日")
_MDY = re.compile(_MON + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})(?!\d)", re.I)
_DMY = re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s+" + _MON + r",?\s+((?:19|20)\d{2})(?!\d)", re.I)
_NUM_DMY = re.compile(r"(?<!\d)(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d{2})(?!\d)")
_TIME = re.compile(
    r"(?<![\d:])(\d{1,2})\s*(?:[:：]|时)\s*(\d{2})(?:\s*(?:[:：]|分)\s*(\d{2}))?(?!\d)\s*(?:秒)?\s*(a\.?m\.?|p\.?m\.?)?",
    re.I,
)
_DOT_TIME = re.compile(
    r"(?<![\d.])(\d{1,2})\.(\d{2})(?![\d.])\s*(?=GMT|UTC|BST|CET|CEST|EST|EDT|PST|PDT|[ap]\.?m\b)", re.I
)
_ZH_NOON = re.compile(r"(下午|晚上|晚)\s*$")
_TZ = re.compile(
    r"(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?|北京时间|Beijing time|\b(GMT|UTC|Z)\b|\b(BST|CET|CEST|EST|EDT|CDT|"
    r"PST|PDT|MST|MDT|HKT|SGT|JST|KST|AEST|AEDT)\b"
)
_ABBR = {
    "BST": 1,
    "CET": 1,
    "CEST": 2,
    "EST": -5,
    "EDT": -4,
    "CDT": -5,
    "PST": -8,
    "PDT": -7,
    "MST": -7,
    "MDT": -6,
    "HKT": 8,
    "SGT": 8,
    "JST": 9,
    "KST": 9,
    "AEST": 10,
    "AEDT": 11,
}
_URL_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})[-/_]?(0[1-9]|1[0-2])[-/_]?(0[1-9]|[12]\d|3[01])(?!\d)|"
    r"/((?:19|20)\d{2})(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])/|/((?:19|20)\d{2})/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])/"
)


def _make_date(y: int, m: int, d: int) -> date | None:
    if not 1990 <= y <= 2099:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _tz_from(text: str, default: tzinfo) -> tzinfo:
    found = _TZ.search(text)
    if not found:
        return default
    if found.group(1):
        minutes = int(found.group(2)) * 60 + int(found.group(3) or 0)
        sign = -1 if found.group(1) == "-" else 1
        return timezone(sign * timedelta(minutes=minutes))
    if found.group(4):
        return UTC
    if found.group(5):
        return timezone(timedelta(hours=_ABBR[found.group(5).upper()]))
    return CHINA_TZ


def find_date(text: str) -> tuple[date, int, int] | None:
    """First calendar date in text: (date, start, end)."""
    best: tuple[date, int, int] | None = None
    for rx, order in ((_YMD, "ymd"), (_MDY, "mdy"), (_DMY, "dmy"), (_NUM_DMY, "num")):
        found = rx.search(text)
        if not found:
            continue
        g = found.groups()
        if order == "ymd":
            value = _make_date(int(g[0]), int(g[1]), int(g[2]))
        elif order == "mdy":
            value = _make_date(int(g[2]), _MONTHS[g[0][:3].lower() if g[0][:4].lower() != "sept" else "sep"], int(g[1]))
        elif order == "dmy":
            value = _make_date(int(g[2]), _MONTHS[g[1][:3].lower()], int(g[0]))
        else:
            a, b = int(g[0]), int(g[1])
            if a > 12 >= b:
                value = _make_date(int(g[2]), b, a)
            elif b > 12 >= a:
                value = _make_date(int(g[2]), a, b)
            else:
                value = _make_date(int(g[2]), b, a)
        if value and (best is None or found.start() < best[1]):
            best = (value, found.start(), found.end())
    return best


def parse_datetime(text: str, tz: tzinfo = CHINA_TZ) -> datetime | date | None:
    """Parse a date with optional time. Date-only input gives a ``date``; a time gives an aware datetime
    (the text's offset, else ``tz``)."""
    if not text:
        return None
    text = text.strip()[:300]
    iso = _ISO.search(text)
    if iso:
        y, mo, d, h, mi, s, off = iso.groups()
        day = _make_date(int(y), int(mo), int(d))
        if day and int(h) < 24 and int(mi) < 60:
            zone = tz
            if off:
                if off.upper() == "Z":
                    zone = UTC
                else:
                    off = off.replace(":", "")
                    sign = -1 if off[0] == "-" else 1
                    zone = timezone(sign * timedelta(hours=int(off[1:3]), minutes=int(off[3:5])))
            else:
                zone = _tz_from(text, tz)
            return datetime(day.year, day.month, day.day, int(h), int(mi), int(s or 0), tzinfo=zone)
    found = find_date(text)
    if not found:
        return None
    day, start, end = found
    rest = text[:start] + " " + text[end:]
    rest = _DOT_TIME.sub(r"\1:\2 ", rest)
    clock = None
    for match in _TIME.finditer(rest):
        hour, minute, second, ampm = match.groups()
        h, m = int(hour), int(minute)
        if ampm:
            if ampm.lower().startswith("p") and h < 12:
                h += 12
            elif ampm.lower().startswith("a") and h == 12:
                h = 0
        elif _ZH_NOON.search(rest[: match.start()]) and h < 12:
            h += 12
        if h < 24 and m < 60 and int(second or 0) < 60:
            clock = (h, m, int(second or 0))
            break
    if clock is None:
        return day
    return datetime(day.year, day.month, day.day, *clock, tzinfo=_tz_from(text, tz))


def date_from_url(url: str) -> date | None:
    for match in _URL_DATE.finditer(url):
        g = [x for x in match.groups() if x]
        value = _make_date(int(g[0]), int(g[1]), int(g[2]))
        if value:
            return value
    return None


def same_day(a: datetime | date, b: datetime | date) -> bool:
    da = a.date() if isinstance(a, datetime) else a
    db = b.date() if isinstance(b, datetime) else b
    return da == db
