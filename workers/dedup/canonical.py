"""Which member of a story's cluster is canonical: the one the feed shows.

1. A member whose page names another member's site as its origin (来源) is a reprint of that member, by its own
   account: it is out of the running (unless every member points somewhere, e.g. two sites naming each other).
2. Of the rest, the earliest published. Days are compared in China time; when a member gives only a date, every
   member published that day is a tie (its time is unknown).
3. Ties: the higher source priority (`sources.yaml`), then the first seen, then the id.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from common.timezone import CHINA_TZ

_SEPARATORS = re.compile(r"[/|()（）\[\]【】,，、;；:：·•\-–—]+|\s{2,}")
_NOT_WORD = re.compile(r"[\W_]+")
_ORIGIN_PREFIX = re.compile(r"^\s*(来源|稿源|source|from)\s*[:：]?\s*", re.IGNORECASE)
MIN_ALIAS = 2


@dataclass(frozen=True)
class Member:
    id: str
    published_at: datetime | None
    first_seen_at: datetime
    precision: str | None = "datetime"  # "date" when the page gave only a day
    priority: int = 0
    origin: str | None = None  # the source the page names (来源)
    aliases: frozenset[str] = field(default_factory=frozenset)  # normalized names of the member's own site


def site_aliases(*names: str | None) -> frozenset[str]:
    """Normalized names a site goes by: each name and each part of a compound name ("中工网 / 工人日报 (...)")."""
    aliases: set[str] = set()
    for name in names:
        for part in _parts(name or ""):
            aliases.add(part)
    return frozenset(aliases)


def names_site(origin: str | None, aliases: Iterable[str]) -> bool:
    """Does an origin line ("中工网-工人日报", "来源：浙江工人日报") name this site? Whole-part equality only:
    "浙江工人日报" does not name "工人日报"."""
    if not origin:
        return False
    wanted = set(aliases)
    return any(part in wanted for part in _parts(_ORIGIN_PREFIX.sub("", origin)))


def points_to(member: Member, other: Member) -> bool:
    """`member` names `other`'s site as its origin, and not its own (two sites sharing a name prove nothing)."""
    return names_site(member.origin, other.aliases) and not names_site(member.origin, member.aliases)


def elect(members: Sequence[Member]) -> Member:
    if not members:
        raise ValueError("a cluster has at least one member")
    roots = [m for m in members if not any(o.id != m.id and points_to(m, o) for o in members)]
    return _earliest(roots or list(members))


def _earliest(members: list[Member]) -> Member:
    dated = [m for m in members if m.published_at is not None]
    if not dated:
        return min(members, key=_tie_key)
    first_day = min(_day(m) for m in dated)
    same_day = [m for m in dated if _day(m) == first_day]
    if any(m.precision == "date" for m in same_day):
        return min(same_day, key=_tie_key)
    return min(same_day, key=lambda m: (m.published_at, *_tie_key(m)))


def _tie_key(member: Member) -> tuple[int, datetime, str]:
    return (-member.priority, member.first_seen_at, member.id)


def _day(member: Member) -> date:
    assert member.published_at is not None
    return member.published_at.astimezone(CHINA_TZ).date()


def _parts(name: str) -> list[str]:
    parts = [_normalize(piece) for piece in _SEPARATORS.split(name)]
    whole = _normalize(name)
    return [p for p in {*parts, whole} if len(p) >= MIN_ALIAS]


def _normalize(text: str) -> str:
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).lower())
