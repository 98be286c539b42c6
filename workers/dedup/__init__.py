"""Deduplication as plain functions: no I/O here."""

from workers.dedup.fingerprint import content_hash, normalize_for_hash

__all__ = ["content_hash", "normalize_for_hash"]
