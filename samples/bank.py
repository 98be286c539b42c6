"""Shared shape of the sentence banks (`bank_zh`, `bank_en`)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Topic:
    """One kind of union news event: how its headlines, leads, sub-headings and sentences read."""

    headlines: list[str]
    leads: list[str]
    subheads: list[str]
    sentences: list[str] = field(default_factory=list)
