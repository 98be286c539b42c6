"""A list page's true encoding when its Content-Type header lies (a GBK page served as `charset=utf-8`, common on old
TRS servers): Scrapy trusts the header first, so the page's links and anchor texts would come out as mojibake.

The header is kept when the body decodes under it; otherwise the page's own `<meta>` charset, then detection
(charset-normalizer), decides. Article pages are stored as bytes and decoded by the workers, who apply the same
order of evidence; this is only for reading a list page's links.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes
from scrapy.http import TextResponse
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding


def with_true_encoding(response: TextResponse) -> TextResponse:
    """`response`, or a copy decoded with the encoding its body is really in when the header's does not fit."""
    declared = http_content_type_encoding((response.headers.get("Content-Type") or b"").decode("latin-1"))
    if declared is None or _decodes(response.body, declared):
        return response
    candidates = [html_body_declared_encoding(response.body)]
    if (best := from_bytes(response.body[:65536]).best()) is not None:
        candidates.append(best.encoding)
    for encoding in candidates:
        if encoding and _known(encoding) and _decodes(response.body, encoding):
            return response.replace(encoding=encoding)
    return response


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _known(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True
