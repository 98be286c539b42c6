"""Conditional GETs (RFC 9110 section 13): a weak `ETag` over the representation and a `Last-Modified`, and 304 Not
Modified when the client's validator still holds.

The ETag is a hash of the body the route built, so it changes exactly when the answer does (the query, the rows,
their cluster members, the key's view of them). It is weak because gzip may re-encode the same body. Last-Modified
is the newest time the answer can depend on (the route passes the newest change and row times); HTTP dates have
one-second precision, so `If-None-Match` is the exact validator and wins when both are sent.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import Request, Response

from api.params import link_header


def etag_of(body: bytes) -> str:
    return f'W/"{hashlib.sha256(body).hexdigest()[:32]}"'


def newest(times: Iterable[datetime | None]) -> datetime | None:
    known = [t for t in times if t is not None]
    return max(known) if known else None


def respond(
    request: Request,
    body: bytes,
    media_type: str,
    *,
    last_modified: datetime | None,
    next_url: str | None = None,
) -> Response:
    """The 200 answer with its validators (and a `Link: rel="next"` when there is a next page), or a 304 when the
    client's copy is current."""
    headers = {"ETag": etag_of(body), "Cache-Control": "private, no-cache"}
    if last_modified is not None:
        headers["Last-Modified"] = format_datetime(last_modified.astimezone(UTC).replace(microsecond=0), usegmt=True)
    if next_url is not None:
        headers["Link"] = link_header(next_url)
    if _not_modified(request, headers["ETag"], last_modified):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


def _not_modified(request: Request, etag: str, last_modified: datetime | None) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag.removeprefix("W/") in tags
    if_modified_since = request.headers.get("if-modified-since")
    if if_modified_since is None or last_modified is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError, IndexError):
        return False  # an unparsable date is ignored (RFC 9110 13.1.3)
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return last_modified.replace(microsecond=0) <= since
