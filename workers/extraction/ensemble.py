"""Main content by vote: several extractors each say which text is the article; a text block of the page is kept
when members holding a weighted majority include it (Bevendorff et al. 2023: a vote over good extractors beats
each of them).

Our own pass (the main block, workers/extraction/main_block) is one voice; trafilatura and resiliparse are the
others (workers/extraction/members). Each member's output is projected onto our text blocks: a
block is in a member's output when most of its 4-token shingles are (a block of fewer tokens: when its tokens stand
there in a row). So the result is always our own blocks in document order, and the record's paragraphs, HTML and
images follow from one choice. Weights are each member's body precision alone on real pages (docs/benchmarks.md).

Members run in a cascade, cheapest first; once the voices heard agree on the text (confidence >= ``settle_at``),
the rest are skipped. Confidence is the length-weighted unanimity over every block some voice chose: 1 when all
voices chose the same text, near 0 when every block was contested.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from workers.extraction.blocks import Block
from workers.extraction.members import RESILIPARSE, TRAFILATURA, Member, PageInput, eligible, run_member

OURS = "ours"
# Trafilatura, the best voice alone on real pages (docs/benchmarks.md), carries a block with any one other voice;
# the two others together outvote it. Resiliparse, the least precise alone, counts least.
WEIGHTS = {OURS: 1.0, TRAFILATURA.name: 1.5, RESILIPARSE.name: 0.8}
CASCADE: tuple[Member, ...] = (TRAFILATURA, RESILIPARSE)
SETTLE_AT = 0.8
# Our own pass keeps its body (and its finer cleaning) unless the vote's body differs from it this much or more:
# the vote corrects a wrong or cut main block, a kept comment thread or list, not a line or a caption.
KEEP_OURS_ABOVE = 0.5
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK}]|(?:(?![{_CJK}])\w)+")
_N = 4


def tokens(text: str) -> list[str]:
    """Words, and every CJK character as a word of its own (the way the public extraction benchmark counts)."""
    return _TOKEN.findall(text.lower())


def _shingles(toks: list[str]) -> list[tuple[str, ...]]:
    # the same tuples as slicing each window (the shifted lists end together at the last full window), made in C
    return list(zip(*(toks[i:] for i in range(_N)), strict=False))


@dataclass(slots=True)
class Output:
    """One member's text, indexed for the question 'is this block in it?'."""

    shingles: set[tuple[str, ...]]
    joined: str

    @classmethod
    def of(cls, text: str) -> Output:
        toks = tokens(text)
        return cls(set(_shingles(toks)), f" {' '.join(toks)} ")

    def covers(self, toks: list[str], grams: list[tuple[str, ...]]) -> bool:
        if grams:
            return 2 * sum(map(self.shingles.__contains__, grams)) >= len(grams)
        return f" {' '.join(toks)} " in self.joined


@dataclass(slots=True)
class Vote:
    blocks: list[Block]
    confidence: float | None  # None: no other voice could be heard (a page beyond every member's bound)
    voices: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Ballots:
    sizes: dict[int, int]  # text block index -> tokens
    grams: dict[int, tuple[list[str], list[tuple[str, ...]]]]
    chosen: dict[str, set[int]] = field(default_factory=dict)

    def add(self, name: str, text: str) -> None:
        out = Output.of(text)
        self.chosen[name] = {i for i, (toks, grams) in self.grams.items() if out.covers(toks, grams)}

    def support(self) -> dict[int, float]:
        total = sum(WEIGHTS[n] for n in self.chosen)
        support: dict[int, float] = {}
        for name, chosen in self.chosen.items():
            for i in chosen:
                support[i] = support.get(i, 0.0) + WEIGHTS[name] / total
        return support

    def confidence(self, support: dict[int, float]) -> float:
        weight = sum(self.sizes[i] for i in support)
        if not weight:
            return 1.0 if len(self.chosen) > 1 else 0.0
        return sum(self.sizes[i] * abs(2 * s - 1) for i, s in support.items()) / weight


def vote(blocks: Sequence[Block], ours: Sequence[Block], page: PageInput, settle_at: float = SETTLE_AT) -> Vote:
    """The blocks a weighted majority of the voices chose, in document order, and how unanimous that was."""
    page.blocks = len(blocks)
    cascade = [m for m in CASCADE if eligible(m, page)]
    if not cascade:
        return Vote(list(ours), None, [OURS])
    grams = {}
    for b in blocks:
        if b.image is None:
            toks = tokens(b.text)
            if toks:
                grams[b.index] = (toks, _shingles(toks))
    ballots = _Ballots({i: len(t) for i, (t, _) in grams.items()}, grams)
    ballots.chosen[OURS] = {b.index for b in ours if b.index in grams}
    support = ballots.support()
    for member in cascade:
        text = run_member(member, page)
        if text:
            ballots.add(member.name, text)
            support = ballots.support()
            if len(ballots.chosen) > 1 and ballots.confidence(support) >= settle_at:
                break
    confidence = ballots.confidence(support)
    mine = ballots.chosen[OURS]
    kept = {i for i, s in support.items() if s > 0.5 or (s == 0.5 and i in mine)}
    union = sum(ballots.sizes[i] for i in kept | mine)
    if union and sum(ballots.sizes[i] for i in kept & mine) >= KEEP_OURS_ABOVE * union:
        return Vote(list(ours), round(confidence, 3), list(ballots.chosen))
    return Vote(_with_images(blocks, kept, {b.index for b in ours}), round(confidence, 3), list(ballots.chosen))


def _with_images(blocks: Sequence[Block], kept: set[int], ours: set[int]) -> list[Block]:
    """The kept text blocks plus the images among them: ours, or images right before a kept text block."""
    if not kept:
        return []
    first, last = min(kept), max(kept)
    chosen = []
    next_kept = False  # is the next text block after this one kept? (walking backwards)
    for b in reversed(blocks):
        if b.image is None:
            next_kept = b.index in kept
            if next_kept:
                chosen.append(b)
        elif first <= b.index <= last and not b.boiler and (b.index in ours or next_kept):
            chosen.append(b)
    chosen.reverse()
    return chosen
