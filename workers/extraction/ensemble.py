"""Main content by vote: several extractors each say which text is the article, and a learned model weighs their
ballots block by block (Bevendorff et al. 2023: a combination of good extractors beats each of them).

Our own pass (the main block, workers/extraction/main_block) is one voice; trafilatura and resiliparse are the
others (workers/extraction/members). Each member's output is projected onto our text blocks: a
block is in a member's output when most of its 4-token shingles are (a block of fewer tokens: when its tokens stand
there in a row). So the result is always our own blocks in document order, and the record's paragraphs, HTML and
images follow from one choice. Which blocks are the article is the block model's decision
(workers/extraction/block_model: the ballots, how much of each block and its container each voice took, and what
the block looks like); an attachment list closing our article stays, so do lines our pass took between two kept
sibling paragraphs, and images follow the text they stand in. ``standfirst`` finds the summary below the headline
that the page's description repeats, which the other voices leave out.

Members run in a cascade, cheapest first; once the voices heard agree on the text (confidence >= ``settle_at``),
the rest are skipped. Confidence is the length-weighted unanimity over every block some voice chose, each voice
weighted by its precision alone on real pages: 1 when all voices chose the same text, near 0 when every block was
contested."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import html

from workers.extraction.assets import links_to_document
from workers.extraction.block_model import model_choice
from workers.extraction.blocks import Block
from workers.extraction.members import RESILIPARSE, TRAFILATURA, Member, PageInput, eligible, run_member
from workers.extraction.normalize import squash

OURS = "ours"
# The confidence's weights: trafilatura, the best voice alone on real pages (docs/benchmarks.md), counts most;
# resiliparse, the least precise alone, least.
WEIGHTS = {OURS: 1.0, TRAFILATURA.name: 1.5, RESILIPARSE.name: 0.8}
CASCADE: tuple[Member, ...] = (TRAFILATURA, RESILIPARSE)
SETTLE_AT = 0.8
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")  # a run of word characters other than CJK ones
_N = 4
_STANDFIRST_MIN = 40  # characters (squashed): a description shorter than a sentence matches too much
_PARAGRAPH_TOKENS = 20
_STANDFIRST_SPAN = 8  # blocks below the headline (a date, a byline, a picture and its caption may come first)


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

    def coverage(self, toks: list[str], grams: list[tuple[str, ...]]) -> float:
        """The share of the block's shingles found here (a block too short for shingles: 1 when it stands here)."""
        if grams:
            return sum(map(self.shingles.__contains__, grams)) / len(grams)
        return float(f" {' '.join(toks)} " in self.joined)

    def covers(self, toks: list[str], grams: list[tuple[str, ...]]) -> bool:
        return self.coverage(toks, grams) >= 0.5


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
    coverage: dict[str, dict[int, float]] = field(default_factory=dict)

    def add(self, name: str, text: str) -> None:
        out = Output.of(text)
        self.coverage[name] = {i: out.coverage(toks, grams) for i, (toks, grams) in self.grams.items()}
        self.chosen[name] = {i for i, c in self.coverage[name].items() if c >= 0.5}

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
    """The blocks the block model takes from the voices' ballots, in document order, and how unanimous they were."""
    page.blocks = len(blocks)
    cascade = [m for m in CASCADE if eligible(m, page)]
    if not cascade:
        return Vote(list(ours), None, [OURS])
    ballots = _ballots(blocks, ours)
    support = ballots.support()
    for member in cascade:
        text = run_member(member, page)
        if text:
            ballots.add(member.name, text)
            support = ballots.support()
            if len(ballots.chosen) > 1 and ballots.confidence(support) >= settle_at:
                break
    confidence = round(ballots.confidence(support), 3)
    if len(ballots.chosen) == 1:  # no other voice was heard: nothing to weigh ours against
        return Vote(list(ours), confidence, [OURS])
    kept = model_choice(blocks, ballots.sizes, ballots.chosen, ballots.coverage)
    kept -= _furniture_of_others(blocks, kept, ballots.chosen[OURS])
    kept |= _attachment_list(blocks, kept, ballots.chosen[OURS])
    kept |= _holes(blocks, kept, ballots.chosen[OURS])
    return Vote(_with_images(blocks, kept, {b.index for b in ours}), confidence, list(ballots.chosen))


def _furniture_of_others(blocks: Sequence[Block], kept: set[int], ours: set[int]) -> set[int]:
    """Page furniture only the other voices took, when the model confirmed ours (kept most of its text): boilerplate
    blocks other than paragraphs (a recommended list's teasers and dates, navigation entries, a tag line, an author
    box). In recall mode the other voices sweep the whole column of a short article, its lists too; a paragraph our
    boilerplate test flagged (a layout class such as ``print:...``) may still be the article's, so paragraphs stay
    the model's decision, and so do headings (the cleaner reads a "related reading" heading as the end of the text).
    Only what lies outside the element holding all of ours goes: lists inside it may be the article's own."""
    others = [
        b
        for b in (blocks[i] for i in kept - ours)
        if b.boiler and b.image is None and b.owner.tag != "p" and not b.heading
    ]
    size = sum(blocks[i].wlen for i in ours)
    if not others or not size or sum(blocks[i].wlen for i in ours & kept) < 0.5 * size:
        return set()
    home = _common_ancestor([blocks[i].owner for i in ours])
    return {b.index for b in others if home is None or not _within(b.owner, home)}


def _within(el: html.HtmlElement, home: html.HtmlElement) -> bool:
    return el is home or any(a is home for a in el.iterancestors())


def _common_ancestor(elements: Sequence[html.HtmlElement]) -> html.HtmlElement | None:
    """The deepest element holding all of them (itself when there is one)."""
    if not elements:
        return None
    chain = [elements[0], *elements[0].iterancestors()]
    for el in elements[1:]:
        line = {el, *el.iterancestors()}
        chain = [a for a in chain if a in line]
    return chain[0] if chain else None


def standfirst(blocks: Sequence[Block], kept: Sequence[Block], descriptions: Sequence[str], after: int) -> Block | None:
    """The article's standfirst: the summary set between the headline (block ``after``) and the text, which the other
    voices leave out as page furniture, when the page's own description repeats it (kept already or not)."""
    said = [Output.of(d) for d in descriptions if len(squash(d)) >= _STANDFIRST_MIN]
    text_after = [b.index for b in kept if b.image is None and b.index > after]
    if not said or not text_after:
        return None
    # kept blocks above the headline (a kicker, a byline) do not end the header: the text after the headline does;
    # and the lines right above the first real paragraph (the headline found may be a copy far above, in a menu)
    first_paragraph = next((i for i in text_after if len(tokens(blocks[i].text)) >= _PARAGRAPH_TOKENS), text_after[0])
    window = [
        *blocks[after + 1 : min(text_after[0] + 1, after + 1 + _STANDFIRST_SPAN)],
        *blocks[max(after + 1, first_paragraph - _STANDFIRST_SPAN) : first_paragraph + 1],
    ]
    for b in window:
        toks = tokens(b.text)
        grams = _shingles(toks)
        # most of the block is in the description, and the block is not much more than it (a dateline may open it,
        # "Berlin. …"; an editor may shorten one of the two)
        if b.image is None and grams and any(_restates(out, toks, grams) for out in said):
            return b
    return None


def _restates(description: Output, toks: list[str], grams: list[tuple[str, ...]]) -> bool:
    return description.coverage(toks, grams) >= 0.6 and len(grams) >= 0.5 * len(description.shingles)


def _ballots(blocks: Sequence[Block], ours: Sequence[Block]) -> _Ballots:
    grams = {}
    for b in blocks:
        if b.image is None:
            toks = tokens(b.text)
            if toks:
                grams[b.index] = (toks, _shingles(toks))
    ballots = _Ballots({i: len(t) for i, (t, _) in grams.items()}, grams)
    ballots.chosen[OURS] = {b.index for b in ours if b.index in grams}
    return ballots


def _holes(blocks: Sequence[Block], kept: set[int], ours: set[int]) -> set[int]:
    """Blocks our pass took that stand between two kept blocks of the same parent: one run of sibling paragraphs
    is the article's, so a line the other voices skipped in its middle (a short list line) is not cut out of it."""
    text = [b for b in blocks if b.image is None and (b.index in ours or b.index in kept)]
    found: set[int] = set()
    for before, block, after in zip(text, text[1:], text[2:], strict=False):
        if block.index in kept or before.index not in kept or after.index not in kept:
            continue
        parent = block.owner.getparent()
        if parent is not None and before.owner.getparent() is parent and after.owner.getparent() is parent:
            found.add(block.index)
    return found


_LIST_LABEL = re.compile(r"^(?:相关)?附件\s*\d*\s*[:：]?$|^(?:attachments?|downloads?)\s*:?$", re.I)


def _attachment_list(blocks: Sequence[Block], kept: set[int], ours: set[int]) -> set[int]:
    """The attachment list closing our article: the other voices drop link lines, but a government notice's
    "附件：" list, or a report's download line, belongs to it (the record lists the files under attachments too)."""
    if not kept:
        return set()
    found: set[int] = set()
    last = max(kept)
    for b in blocks:
        if b.index <= last or b.image is not None:
            continue
        if b.index not in ours or not (_LIST_LABEL.match(b.text.strip()) or links_to_document(b.owner)):
            break
        found.add(b.index)
    return found


def _with_images(blocks: Sequence[Block], kept: set[int], ours: set[int]) -> list[Block]:
    """The kept text blocks plus the images among them: ours up to the last kept text block (a lead picture above
    the first paragraph included), or any right before a kept text block; a kept image keeps its caption."""
    if not kept:
        return []
    first, last = min(kept), max(kept)
    chosen: list[Block] = []
    next_kept = False  # is the next text block after this one kept? (walking backwards)
    after: Block | None = None  # the block after this one (walking backwards)
    for b in reversed(blocks):
        if b.image is None:
            next_kept = b.index in kept
            if next_kept:
                chosen.append(b)
        elif not b.boiler and ((b.index in ours and b.index <= last) or (next_kept and b.index >= first)):
            if after is not None and after.image is None and after.index not in kept and _caption(after):
                chosen.append(after)
            chosen.append(b)
        after = b
    chosen.reverse()
    return chosen


def _caption(block: Block) -> bool:
    return block.owner.tag == "figcaption" or any(a.tag == "figure" for a in block.owner.iterancestors())
