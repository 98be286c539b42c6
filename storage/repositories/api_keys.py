"""Consumer keys. A key is `uf_` + 43 random URL-safe characters, shown once; only its SHA-256 is stored
(a fast hash is right for random 256-bit secrets: there is nothing to brute-force)."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.base import utcnow
from storage.models import ApiKey

KEY_PREFIX = "uf_"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


ROLES = ("reader", "operator")


def create_key(session: Session, name: str, *, role: str = "reader") -> tuple[ApiKey, str]:
    """A new key for consumer `name` (unique). Returns the row and the key itself, which is not stored."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; a key is one of: {', '.join(ROLES)}")
    if session.scalar(select(ApiKey.id).where(ApiKey.name == name)) is not None:
        raise ValueError(f"a key named {name!r} already exists (revoke it first)")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(name=name, key_hash=hash_key(key), prefix=key[:10], created_at=utcnow(), role=role)
    session.add(row)
    session.flush()
    return row, key


def find_active(session: Session, key: str) -> ApiKey | None:
    row = session.scalar(select(ApiKey).where(ApiKey.key_hash == hash_key(key)))
    return row if row is not None and row.revoked_at is None else None


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.scalars(select(ApiKey).order_by(ApiKey.id)))


def revoke(session: Session, name: str) -> bool:
    row = session.scalar(select(ApiKey).where(ApiKey.name == name, ApiKey.revoked_at.is_(None)))
    if row is None:
        return False
    # Frees the name for a new key while keeping the revoked row for the record.
    row.revoked_at = utcnow()
    row.name = f"{name}#revoked-{row.id}"[:100]
    return True
