"""The syndication set (`testkit.syndication`): stories republished the way union and government sites republish
them — source and editor lines, the original headline named, an editor's note, photo captions, only the first
paragraphs, paragraphs split and joined, punctuation width, a related-news block — and template series (another
event each time) as hard negatives.

Each single variant and each series pair is asserted on its own (a failure names the pair and the variant); the
chains of variants real republishers apply are held to precision and recall floors, for the decision alone and
streamed through the index.
"""

from __future__ import annotations

import pytest

from testkit.syndication import (
    CHAINS,
    VARIANTS,
    Pair,
    Story,
    eligible_pairs,
    generated_corpus,
    republish,
    score_decision,
    score_stream,
    syndication_set,
)
from workers.dedup import DedupConfig, body_fingerprint, same_story, similarity

CONFIG = DedupConfig()
PRECISION_FLOOR = 0.99
RECALL_FLOOR = 0.97

ORIGINALS, SERIES = generated_corpus()
PAIRS = eligible_pairs(syndication_set(ORIGINALS, SERIES), CONFIG)
SINGLE = [p for p in PAIRS if p.kind.startswith(("variant:", "series:"))]
CHAINED = [p for p in PAIRS if not p.kind.startswith(("variant:", "series:"))]


def verdict(pair: Pair) -> str:
    a = body_fingerprint(pair.a.body, pair.a.lang, CONFIG)
    b = body_fingerprint(pair.b.body, pair.b.lang, CONFIG)
    score = similarity(a, b, CONFIG)
    return f"{pair.label}: {score}" if (same_story(a, b, CONFIG) is not None) != pair.same else ""


def test_the_set_covers_every_variant_chain_and_language() -> None:
    kinds = {(p.kind, p.a.lang) for p in PAIRS}
    for lang in ("zh", "en"):
        for name in [*VARIANTS, *CHAINS]:
            prefix = "variant" if name in VARIANTS else "chain"
            assert (f"{prefix}:{name}", lang) in kinds, f"no eligible {lang} pair for {name}"
        assert (f"series:{next(iter(CHAINS))}", lang) in kinds, f"no {lang} series negatives"
    assert sum(not p.same for p in PAIRS) >= 300


def test_the_set_is_reproducible() -> None:
    again = eligible_pairs(syndication_set(*generated_corpus()), CONFIG)
    assert [(p.kind, p.a.body, p.b.body) for p in again] == [(p.kind, p.a.body, p.b.body) for p in PAIRS]


@pytest.mark.parametrize("pair", SINGLE, ids=[p.label for p in SINGLE])
def test_each_variant_and_each_series_pair(pair: Pair) -> None:
    assert not verdict(pair)


@pytest.mark.parametrize("scorer", [score_decision, score_stream], ids=["decision", "streamed"])
def test_chained_republication_precision_and_recall(scorer) -> None:  # type: ignore[no-untyped-def]
    result = scorer(CHAINED + SINGLE, CONFIG)
    print(f"{scorer.__name__}: precision {result.precision:.4f} recall {result.recall:.4f}")
    assert result.precision >= PRECISION_FLOOR, "\n".join(result.errors)
    assert result.recall >= RECALL_FLOOR, "\n".join(result.errors)


def test_the_rules_before_lead_copies_miss_what_the_floor_now_holds() -> None:
    """The same set under the earlier rules (no lead copies): the recall the issue measured falls short."""
    before = score_stream(PAIRS, DedupConfig(leads=False))
    after = score_stream(PAIRS, CONFIG)
    assert before.recall < RECALL_FLOOR <= after.recall
    assert after.precision >= before.precision - 0.01


def test_a_lead_copy_of_a_long_story_is_the_story_and_a_siblings_lead_is_not() -> None:
    story = max(ORIGINALS, key=lambda s: len(s.body))
    kept = next(n for n in range(1, len(story.paras)) if len("".join(story.paras[:n])) > 300)
    related = ("Related news:", "- Another story of another day")
    lead = Story("lead", story.lang, story.title, (*story.paras[:kept], *related), story.group)
    a, b = (body_fingerprint(s.body, s.lang, CONFIG) for s in (story, lead))
    score = similarity(a, b, CONFIG)
    assert b.indexable and score.jaccard < CONFIG.jaccard  # too little in common for the Jaccard floor ...
    assert score.lead is not None  # ... but the copy begins where the story begins
    assert same_story(a, b, CONFIG) is not None
    assert same_story(a, b, DedupConfig(leads=False)) is None
    series = next(members for members in SERIES if members[0].lang == "zh")
    first, other = (republish(m, "truncate", []) for m in series[:2])
    fa, fo = (body_fingerprint(s.body, "zh", CONFIG) for s in (series[0], other))
    assert same_story(fa, fo, CONFIG) is None
    assert same_story(body_fingerprint(first.body, "zh", CONFIG), fo, CONFIG) is None
