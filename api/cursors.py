"""Opaque page cursors: base64url of a small JSON list tagged with what it pages, so cursors cannot be mixed up."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, datetime
from typing import Any

from storage.repositories.feed import FeedKey

MAX_CURSOR_LENGTH = 200


class BadCursor(ValueError):
    pass


def encode(kind: str, *values: Any) -> str:
    raw = json.dumps([kind, *values], separators=(",", ":"), ensure_ascii=True).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode(kind: str, cursor: str, arity: int) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadCursor("not a cursor from this API") from None
    if not isinstance(values, list) or len(values) != arity + 1 or values[0] != kind:
        raise BadCursor(f"not a cursor of {kind}")
    return values[1:]


def encode_feed_key(key: FeedKey) -> str:
    published = key.published_at.astimezone(UTC).isoformat() if key.published_at is not None else None
    return encode("articles", published, key.first_seen_at.astimezone(UTC).isoformat(), key.id)


def decode_feed_key(cursor: str) -> FeedKey:
    published, first_seen, article_id = decode("articles", cursor, 3)
    if not isinstance(article_id, str) or len(article_id) > 64:
        raise BadCursor("not a cursor of articles")
    return FeedKey(_instant(published) if published is not None else None, _instant(first_seen), article_id)


def _instant(value: Any) -> datetime:
    if not isinstance(value, str):
        raise BadCursor("not a cursor of articles")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise BadCursor("not a cursor of articles") from None
    if parsed.tzinfo is None:
        raise BadCursor("not a cursor of articles")
    return parsed


def encode_id(kind: str, value: int) -> str:
    return encode(kind, value)


def decode_id(kind: str, cursor: str) -> int:
    (value,) = decode(kind, cursor, 1)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**63:
        raise BadCursor(f"not a cursor of {kind}")
    return value
