"""The sources file (`sources.yaml`): which sites to crawl, how to discover their articles, when, and per-site
extraction overrides. Validated with pydantic; a bad file fails with the file, the source and the field named.
"""

from __future__ import annotations

import re
import string
from datetime import timedelta
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from cssselect import HTMLTranslator, SelectorError
from lxml import etree
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from common.addresses import host_refusal, parse_networks
from common.timezone import CHINA_TZ_NAME
from common.urls import canonical_url, within_domains

HTTP_URL = re.compile(r"^https?://[^/\s]+")  # what a start, feed or sitemap URL must look like
CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f]")


def check_http_url(url: str, what: str = "URL") -> str:
    """`url` if it is an absolute http(s) URL the crawler can parse (a port that is a number, a valid host) and not
    a cloud metadata service (`common.addresses`: never fetched, whatever a source allows)."""
    if not HTTP_URL.match(url):
        raise ValueError(f"{what} {url!r} must be an absolute http(s) URL")
    if host_refusal(urlsplit(url).hostname or "") == "metadata":
        raise ValueError(f"{what} {url!r} is a cloud metadata service, which is never fetched")
    if CONTROL_CHARACTER.search(url):
        raise ValueError(f"{what} {url!r} contains a control character")
    try:
        canonical_url(url)
    except ValueError as exc:
        raise ValueError(f"{what} {url!r} cannot be parsed: {exc}") from None
    return url


# the fields an extraction override may name, and the cron fields in their order
SELECTOR_FIELDS = ("title", "subtitle", "source", "author", "editor", "category", "site_name", "published_at", "body")
CRON_FIELDS = ("minute", "hour", "day_of_month", "month_of_year", "day_of_week")
_EMPTY_PAGE = etree.fromstring("<html/>")


def selector_xpath(selector: str) -> str:
    """The XPath of an override selector: XPath itself when it starts with "/" or "(", CSS otherwise. Raises
    ValueError when the selector is neither valid XPath nor valid CSS."""
    try:
        xpath = selector if selector.lstrip().startswith(("/", "(")) else HTMLTranslator().css_to_xpath(selector)
        etree.XPath(xpath)(_EMPTY_PAGE)  # evaluating finds an undefined namespace prefix too
    except SelectorError as exc:
        raise ValueError(f"invalid CSS selector {selector!r}: {exc}") from None
    except etree.XPathError as exc:
        raise ValueError(f"invalid XPath {selector!r}: {exc}") from None
    return xpath


class SourcesFileError(ValueError):
    """The sources file cannot be used; the message names the file, the source and the field."""


class ExtractionRules(BaseModel):
    """Per-source overrides for the sites the generic extractor gets wrong. No site names live in code."""

    model_config = ConfigDict(extra="forbid")

    # field name -> selector; a value starting with "/" or "(" is XPath, anything else CSS.
    selectors: dict[str, str] = Field(default_factory=dict)
    noise_patterns: list[str] = Field(default_factory=list)
    timezone: str = CHINA_TZ_NAME
    encoding: str | None = None

    @field_validator("selectors")
    @classmethod
    def _selectors_compile(cls, selectors: dict[str, str]) -> dict[str, str]:
        for field, selector in selectors.items():
            if field not in SELECTOR_FIELDS:
                raise ValueError(f"no field {field!r} to select; the fields are {', '.join(SELECTOR_FIELDS)}")
            try:
                selector_xpath(selector)
            except ValueError as exc:
                raise ValueError(f"{field}: {exc}") from None
        return selectors

    @field_validator("noise_patterns")
    @classmethod
    def _patterns_compile(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from exc
        return patterns

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown timezone {name!r}") from None
        return name


class Schedule(BaseModel):
    """When beat starts a crawl: a fixed interval or a five-field cron expression (UTC)."""

    model_config = ConfigDict(extra="forbid")

    every: timedelta | None = None
    cron: str | None = None

    @field_validator("cron")
    @classmethod
    def _cron_fields(cls, cron: str | None) -> str | None:
        """Each field as beat will read it (celery's crontab), so a bad one stops the file from loading instead of
        the worker that schedules it."""
        if cron is None:
            return None
        # imported here: Celery takes a third of a second to import, and the extractor imports this module
        from celery.schedules import ParseException, crontab

        values = cron.split()
        if len(values) != len(CRON_FIELDS):
            raise ValueError(f"cron expression {cron!r} must have five fields: minute hour day month weekday")
        for name, value in zip(CRON_FIELDS, values, strict=True):
            try:
                crontab(**{name: value})
            except (ValueError, ParseException) as exc:
                raise ValueError(f"cron {name} field {value!r} is invalid: {exc}") from None
        return cron

    @model_validator(mode="after")
    def _one_of(self) -> Schedule:
        if (self.every is None) == (self.cron is None):
            raise ValueError("give exactly one of 'every' (e.g. 3600 or 'PT1H') or 'cron' (five fields)")
        return self

    def cron_fields(self) -> dict[str, str]:
        """The cron expression as celery's `crontab` arguments."""
        return dict(zip(CRON_FIELDS, (self.cron or "").split(), strict=True))


class ApiList(BaseModel):
    """A site's own JSON list API, read from the responses the browser saw while rendering a list page: which
    responses are lists, where their items are, and how an item becomes its article's URL."""

    model_config = ConfigDict(extra="forbid")

    url_pattern: str  # regex over the API response's URL
    items: str = ""  # dotted path to the array of items in the JSON ("data.list"); empty: the document is the array
    article_url: str  # the article's URL from an item's fields, e.g. "http://example.org/#/news/detail?id={id}"

    @field_validator("url_pattern")
    @classmethod
    def _compiles(cls, pattern: str) -> str:
        return ExtractionRules._patterns_compile([pattern])[0]

    @field_validator("article_url")
    @classmethod
    def _template(cls, template: str) -> str:
        try:
            fields = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
        except ValueError as exc:
            raise ValueError(f"article_url template {template!r}: {exc}") from None
        if not fields or any(not re.fullmatch(r"\w+", name) for name in fields):
            raise ValueError(f"article_url template {template!r} must name item fields as {{field}}")
        return template


class Discovery(BaseModel):
    """How the crawler finds a source's articles and how often it looks at them again."""

    model_config = ConfigDict(extra="forbid")

    # Pages of one list followed per crawl, the first included: the list's maximum depth. A re-crawl stops earlier,
    # at the first page that brings no unseen article.
    max_list_pages: int = Field(20, ge=1, le=1000)
    feeds: list[str] = Field(default_factory=list)  # RSS / Atom feeds, fetched like start URLs
    sitemaps: list[str] = Field(default_factory=list)  # sitemaps or sitemap indexes (gzip and news sitemaps too)
    # Regexes over absolute URLs. Empty: the generic detail-page recogniser decides.
    article_patterns: list[str] = Field(default_factory=list)
    list_patterns: list[str] = Field(default_factory=list)
    deny_patterns: list[str] = Field(default_factory=list)
    # Follow the feeds a start page announces (`<link rel="alternate" type="application/rss+xml">`), and keep
    # fetching them on later crawls.
    autodiscover_feeds: bool = True
    # Feed and sitemap items published longer ago than this are skipped without being fetched. None: no horizon.
    horizon_days: int | None = Field(None, ge=1)
    # Articles published within this window are fetched again (conditionally) for corrections, at most once per
    # `refetch_interval_hours`; a changed page is stored again and the workers make it a new revision. 0: never.
    refetch_window_hours: int = Field(48, ge=0, le=24 * 366)
    refetch_interval_hours: int = Field(12, ge=1)
    # Every other stored article is rechecked too (conditionally): each crawl spends at most this many requests on
    # the ones verified longest ago, so each is rechecked at least once every ceil(known / budget) crawls. An edit
    # becomes a revision, a 404/410 a removal. 0: older articles are never rechecked (a site that never changes).
    revisit_budget: int = Field(10, ge=0, le=10_000)
    # The site answers the same pages on http and https: spell every URL with the first start URL's scheme.
    fold_https: bool = False
    # A single-page app whose pages are fragment routes (`#/news/detail?id=123`): such a fragment is part of a
    # URL's identity (links, the seen set, article ids), an in-page anchor (`#top`) still is not.
    fragment_routes: bool = False
    # The site's own JSON list APIs, read from what the browser saw while rendering a list (render browser/auto).
    api_lists: list[ApiList] = Field(default_factory=list)
    # The `Sitemap:` lines of the start URLs' robots.txt. "fallback": read only when the source names no sitemap,
    # has none remembered and no HTML list of the crawl linked an article (a feeds-and-sitemaps-only site); a sitemap
    # found so is remembered as an entry point. "always" / "never". Reading them costs a sitemap index and its
    # children on every crawl (conditional requests), which a site whose lists work does not need to pay.
    robots_sitemaps: Literal["fallback", "always", "never"] = "fallback"

    @field_validator("article_patterns", "list_patterns", "deny_patterns")
    @classmethod
    def _compile(cls, patterns: list[str]) -> list[str]:
        return ExtractionRules._patterns_compile(patterns)

    @field_validator("feeds", "sitemaps")
    @classmethod
    def _absolute(cls, urls: list[str]) -> list[str]:
        return [check_http_url(url) for url in urls]


class Politeness(BaseModel):
    """How hard the crawler may press one source's servers, where the deployment's defaults do not suit it (a small
    county server that times out under two parallel requests, a national site that asks for a crawl delay)."""

    model_config = ConfigDict(extra="forbid")

    # The least time between two requests to one host, in seconds; AutoThrottle may wait longer, never less.
    delay_seconds: float | None = Field(None, ge=0, le=600)
    # Requests in flight to one host at most.
    concurrency: int | None = Field(None, ge=1, le=32)


RenderMode = Literal["http", "browser", "auto"]


class BrowserRules(BaseModel):
    """How a rendered page is read once it has loaded (render: browser or auto)."""

    model_config = ConfigDict(extra="forbid")

    # A CSS selector the rendered page shows once its content arrived (a list's items, an article's title); a comma
    # list matches any. None: wait until the network has been idle for half a second.
    wait_for: str | None = None
    # A list's "load more" button (CSS): clicked, while it shows, up to `discovery.max_list_pages - 1` times.
    load_more: str | None = None


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str
    start_urls: list[str] = Field(min_length=1)
    allowed_domains: list[str] = Field(default_factory=list)
    language: Literal["zh", "en"] = "zh"
    priority: int = 0
    enabled: bool = True
    sample: bool = False  # one of the bundled sample sites (demo and tests)
    schedule: Schedule = Field(default_factory=lambda: Schedule(every=timedelta(hours=1)))
    discovery: Discovery = Field(default_factory=Discovery)
    politeness: Politeness = Field(default_factory=Politeness)
    extraction: ExtractionRules = Field(default_factory=ExtractionRules)
    # How pages are fetched: plain HTTP, a real browser (JavaScript-built sites), or HTTP with a browser fallback for
    # a page that has no links or text of its own but loads scripts.
    render: RenderMode = "http"
    browser: BrowserRules = Field(default_factory=BrowserRules)
    # Networks outside the public internet this source's fetches may connect to (CIDR: ["127.0.0.0/8"] for the
    # sample sites, ["10.1.0.0/16"] for an intranet site). Empty: public addresses only (common/addresses.py).
    private_networks: list[str] = Field(default_factory=list)

    @field_validator("private_networks")
    @classmethod
    def _networks(cls, values: list[str]) -> list[str]:
        parse_networks(values)
        return values

    @field_validator("start_urls")
    @classmethod
    def _http_only(cls, urls: list[str]) -> list[str]:
        return [check_http_url(url, "start URL") for url in urls]

    @classmethod
    def from_start_url(cls, url: str) -> Source:
        """A source for a site that is not configured: this start URL, its host's domain, the default rules. Its key
        is the host's (`url-www-example-org`), so crawling the same URL again is incremental."""
        url = check_http_url(url.strip(), "start URL")
        host = urlsplit(url).hostname
        if not host:
            raise ValueError(f"start URL {url!r} names no host")
        key = "url-" + re.sub(r"[^a-z0-9]+", "-", host.lower()).strip("-")
        return cls(key=key, name=host, start_urls=[url])

    def canonical_url(self, url: str) -> str:
        """`common.urls.canonical_url` with this source's rules (its scheme when `discovery.fold_https`, its fragment
        routes when `discovery.fragment_routes`)."""
        return canonical_url(url, fold_scheme=self.fold_scheme, keep_routes=self.discovery.fragment_routes)

    def owns(self, url: str) -> bool:
        """The URL is on this source's allowed domains (the only URLs its records are stored under)."""
        return within_domains(url, self.allowed_domains)

    @property
    def fold_scheme(self) -> str | None:
        return urlsplit(self.start_urls[0]).scheme.lower() if self.discovery.fold_https else None

    @model_validator(mode="after")
    def _default_domains(self) -> Source:
        if not self.allowed_domains:
            hosts = {re.match(r"^https?://([^/:]+)", url).group(1) for url in self.start_urls}  # type: ignore[union-attr]
            self.allowed_domains = sorted(hosts)
        return self


class Alerts(BaseModel):
    """Where alerts go (besides the deployment's UNIONFEED_ALERT_WEBHOOKS) and when a source counts as failing."""

    model_config = ConfigDict(extra="forbid")

    webhooks: list[str] = Field(default_factory=list)
    failing_after: int | None = Field(None, ge=1)

    @field_validator("webhooks")
    @classmethod
    def _http_only(cls, urls: list[str]) -> list[str]:
        return [check_http_url(url, "webhook URL") for url in urls]


class SourcesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sources: list[Source]
    alerts: Alerts = Field(default_factory=Alerts)

    @model_validator(mode="after")
    def _unique_keys(self) -> SourcesFile:
        seen: set[str] = set()
        for source in self.sources:
            if source.key in seen:
                raise ValueError(f"source key {source.key!r} is used twice")
            seen.add(source.key)
        return self

    def get(self, key: str) -> Source:
        for source in self.sources:
            if source.key == key:
                return source
        known = ", ".join(s.key for s in self.sources)
        raise KeyError(f"unknown source {key!r}; known sources: {known}")

    def samples(self) -> list[Source]:
        return [s for s in self.sources if s.sample and s.enabled]


def load_sources(path: Path | str) -> SourcesFile:
    """Read and validate a sources file; every problem is reported as `file: source 'key': field: message`."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourcesFileError(f"{path}: file not found") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SourcesFileError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise SourcesFileError(f"{path}: expected a mapping with a 'sources' list at the top")
    try:
        return SourcesFile.model_validate(raw)
    except ValidationError as exc:
        raise SourcesFileError(_describe(path, raw, exc)) from None


def _describe(path: Path, raw: dict, exc: ValidationError) -> str:
    lines = [f"{path}: {exc.error_count()} problem(s)"]
    sources = raw.get("sources") if isinstance(raw.get("sources"), list) else []
    for error in exc.errors():
        loc = list(error["loc"])
        where = ""
        if len(loc) >= 2 and loc[0] == "sources" and isinstance(loc[1], int):
            entry = sources[loc[1]] if loc[1] < len(sources) else None
            key = entry.get("key") if isinstance(entry, dict) else None
            where = f"source {key!r}" if key else f"source #{loc[1] + 1}"
            loc = loc[2:]
        field = ".".join(str(part) for part in loc) or "(entry)"
        message = error["msg"].removeprefix("Value error, ")  # pydantic's prefix for a validator's ValueError
        lines.append(f"  {where + ': ' if where else ''}{field}: {message}")
    return "\n".join(lines)
