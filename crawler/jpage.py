"""Hanweb jcms list pages: the records a column page carries for its JavaScript pager, and the list data proxy that
serves the following records. Plain functions over text, no Scrapy objects.

A jcms column page (`/col/col1302/index.html`) does not link its older articles: it embeds the first group of
records in `<script type="text/xml"><datastore>...<record><![CDATA[<li><a href=...>]]></record>...`, and its pager
script POSTs to `/module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15` with the column's form
fields (`col=1&webid=..&columnid=..&unitid=..&path=..`) for the next group, answered as the same XML with a
`<totalrecord>`. The proxy URL and its fields are on the page: in the datastore's `<nextgroup>` link, or in the
pager script (`proxyUrl`, `unitid`, `webid`, `columnid` ...).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

DATASTORE = re.compile(r"<datastore\b.*?</datastore>", re.S | re.I)
RECORD = re.compile(r"<record\b[^>]*>\s*(?:<!\[CDATA\[(.*?)\]\]>|(.*?))\s*</record>", re.S | re.I)
TOTAL_RECORD = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>|\btotalRecord\s*[:=]\s*['\"]?(\d+)", re.I)
NEXT_GROUP_HREF = re.compile(r"<nextgroup>.*?href\s*=\s*['\"]([^'\"]*dataproxy[^'\"]*)['\"]", re.S | re.I)
PROXY_URL = re.compile(r"['\"]([^'\"\s]*/dataproxy\.jsp[^'\"\s]*)['\"]", re.I)
PER_PAGE = re.compile(r"\bper_?page\s*[:=]\s*['\"]?(\d+)", re.I)
# The form fields the pager sends, as the pager script writes them (`unitid: 4180`, `'webid':'1'`, `columnid=1302`).
FORM_KEYS = ("col", "appid", "webid", "path", "columnid", "sourcecontenttype", "unitid", "webname", "permissiontype")
_KEYS = "|".join(FORM_KEYS)
SCRIPT_FIELD = re.compile(rf"""['"]?\b({_KEYS})\b['"]?\s*[:=]\s*['"]?([^'",;&}}\s)]*)""", re.I)
GROUP_PAGES = 3  # the jpage pager's default group: three pages of records per request
DEFAULT_PER_PAGE = 15


@dataclass(frozen=True)
class DataProxy:
    """A column's list data proxy: where to POST, which fields, how many records per page, how many in all."""

    url: str  # absolute, without the record range
    fields: dict[str, str] = field(default_factory=dict)
    per_page: int = DEFAULT_PER_PAGE
    total: int | None = None

    def group_url(self, start: int, group: int) -> str:
        """The proxy URL for records `start`..`start + group - 1` (1-based, as jpage counts)."""
        query = urlencode({"startrecord": start, "endrecord": start + group - 1, "perpage": self.per_page})
        return f"{self.url}?{query}"


def records(text: str) -> list[str]:
    """The HTML of each `<record>` in a datastore (of a column page, or of a proxy answer)."""
    store = DATASTORE.search(text)
    if store is None:
        return []
    return [html.unescape(m.group(2)) if m.group(1) is None else m.group(1) for m in RECORD.finditer(store.group(0))]


def total_records(text: str) -> int | None:
    match = TOTAL_RECORD.search(text)
    return int(match.group(1) or match.group(2)) if match else None


def data_proxy(text: str, page_url: str) -> DataProxy | None:
    """The data proxy a jcms column page's pager uses, read from its datastore's `<nextgroup>` or its script."""
    if "dataproxy" not in text:
        return None
    fields: dict[str, str] = {}
    store = DATASTORE.search(text)
    href = NEXT_GROUP_HREF.search(store.group(0)) if store else None
    if href is not None:
        target = html.unescape(href.group(1))
        fields = {k: v for k, v in parse_qsl(urlsplit(target).query, keep_blank_values=True) if k.lower() != "page"}
    elif (found := PROXY_URL.search(text)) is not None:
        target = found.group(1)
        fields = {m.group(1): m.group(2) for m in SCRIPT_FIELD.finditer(text)}
    else:
        return None
    fields.setdefault("col", "1")
    absolute = urljoin(page_url, target)
    per_page = PER_PAGE.search(text)
    return DataProxy(
        url=absolute.split("?", 1)[0],
        fields=fields,
        per_page=int(per_page.group(1)) if per_page else DEFAULT_PER_PAGE,
        total=total_records(text),
    )


def next_group(proxy: DataProxy, read: int, group: int) -> str | None:
    """The proxy URL of the group after the first `read` records, or None when the column has no more."""
    if group <= 0 or (proxy.total is not None and read >= proxy.total):
        return None
    return proxy.group_url(read + 1, group)


def group_size(proxy: DataProxy, embedded: int) -> int:
    """Records per proxy request: as many as the page embedded (the pager's first group), else three pages."""
    return embedded or proxy.per_page * GROUP_PAGES
