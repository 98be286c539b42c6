"""China time: the zone the sources publish in, where a date-only publication date starts, and the default zone of
the extraction rules. Defined here once; every stage imports it."""

from __future__ import annotations

from zoneinfo import ZoneInfo

CHINA_TZ_NAME = "Asia/Shanghai"
CHINA_TZ = ZoneInfo(CHINA_TZ_NAME)
