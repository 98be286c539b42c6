"""Query parameters shared by routes, with their limits (so bad input is a clean 422, never a server error)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request

from api.auth import QUERY_KEY
from api.cursors import MAX_CURSOR_LENGTH

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50
SOURCE_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"Page size, at most {MAX_PAGE_SIZE}.")]
Cursor = Annotated[
    str | None,
    Query(max_length=MAX_CURSOR_LENGTH, pattern=r"^[A-Za-z0-9_-]*$", description="Opaque cursor from a previous page."),
]
SourceKey = Annotated[
    str | None, Query(max_length=100, pattern=SOURCE_PATTERN, description="A crawl source key (see /sources).")
]


def link(request: Request, **params: str | int | None) -> str:
    """A relative link to the same route with some query parameters replaced (None removes one); never a key."""
    query = dict(request.query_params)
    query.pop(QUERY_KEY, None)
    for key, value in params.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = str(value)
    url = request.url.replace(query="").include_query_params(**query)
    return url.path + (f"?{url.query}" if url.query else "")


def link_header(next_url: str) -> str:
    """The RFC 8288 `Link` header of a page's next page (a reference relative to the request, like the body's)."""
    return f'<{next_url}>; rel="next"'
