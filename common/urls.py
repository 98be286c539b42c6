"""One spelling per URL: the canonical form the crawler requests, deduplicates and stores, and the workers derive an
article's identity from. A pure function over w3lib; no project imports, so every package may use it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from posixpath import basename
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

# Query parameters that identify a click, not a page: two links differing only in these are the same article.
TRACKING_PARAMS = frozenset(
    "fbclid gclid dclid msclkid yclid igshid mc_cid mc_eid spm scm share_token from isappinstalled wxshare_count "
    "timestamp _hsenc _hsmi ref ref_src".split()
)
TRACKING_PREFIXES = ("utm_", "hmsr", "hmpl", "hmcu", "hmkw", "hmci")
DEFAULT_PORTS = {"http": 80, "https": 443}
# A folder's default document: `/news/index.html` and `/news/` are one page.
FOLDED_LEAVES = frozenset({"index.html"})


# A site repeats its navigation on every list page: the crawler canonicalizes the same links over and over.
@lru_cache(maxsize=65536)
def canonical_url(url: str, *, fold_scheme: str | None = None, keep_routes: bool = False) -> str:
    """The canonical spelling of `url`.

    Scheme and host lower-cased, default port and a trailing dot of the host dropped, tracking parameters removed and
    the others sorted, percent-encoding normalised (w3lib), fragment dropped, a trailing `index.html` folded into its
    folder. With `fold_scheme` ("http" or "https"), an http or https URL gets that scheme: a source whose site
    answers on both spells every URL one way (`Source.canonical_url` passes its start URL's scheme).
    With `keep_routes`, a fragment that is a single-page app's route (`#/news/detail?id=123`, `#!/a/1`) is kept:
    on such a site it names a page, unlike an anchor (`#top`), which is still dropped.
    Raises ValueError for a URL that cannot be parsed (a port that is no number, a broken IPv6 host).
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if fold_scheme and scheme in DEFAULT_PORTS:
        scheme = fold_scheme
    netloc = _netloc(parts)
    path = parts.path or "/"
    if basename(path).lower() in FOLDED_LEAVES:
        path = path[: -len(basename(path))]
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(k)])
    route = parts.fragment if keep_routes and is_route(parts.fragment) else ""
    return canonicalize_url(urlunsplit((scheme, netloc, path, query, route)), keep_fragments=bool(route))


def is_route(fragment: str) -> bool:
    """A fragment a single-page app routes on (`/news/detail?id=1`, `!/a/1`), not an in-page anchor."""
    return fragment.startswith(("/", "!/"))


def _netloc(parts: SplitResult) -> str:
    """Host without user info or trailing dot, port only when it is not the default of the URL's own scheme."""
    host = (parts.hostname or "").rstrip(".")
    port = parts.port
    return host if port is None or port == DEFAULT_PORTS.get(parts.scheme.lower()) else f"{host}:{port}"


def is_tracking(param: str) -> bool:
    name = param.lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def is_http_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def within_domains(url: str, domains: Iterable[str]) -> bool:
    """The URL's host is one of `domains` or a subdomain of one (the rule of Scrapy's offsite filter)."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in (d.lower().lstrip(".") for d in domains))
