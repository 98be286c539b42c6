"""Score gate: corpus-wide extraction scores may not fall below the pinned floor.

The floor is pinned for one exact corpus (digest of every page and expected record). When pages are added or
changed the gate refuses to compare against a stale floor: re-pin with

    uv run python -m tests.workers.extraction.extraction_corpus

and review the new floor in the diff.
"""

from __future__ import annotations

import json

import pytest

from testkit.corpus import corpus
from tests.workers.extraction.extraction_corpus import FLOOR_FILE, corpus_digest, corpus_scores


def test_scores_do_not_fall_below_the_pinned_floor() -> None:
    if not FLOOR_FILE.exists():
        pytest.fail(
            f"no pinned floor at {FLOOR_FILE}; "
            "pin it with `uv run python -m tests.workers.extraction.extraction_corpus`"
        )
    pinned = json.loads(FLOOR_FILE.read_text(encoding="utf-8"))
    pages = corpus()
    digest = corpus_digest(pages)
    assert digest == pinned["digest"], (
        f"the corpus changed ({len(pages)} pages now, {pinned['pages']} when pinned): re-pin the floor with "
        "`uv run python -m tests.workers.extraction.extraction_corpus` and review it"
    )
    scores = corpus_scores(pages)
    below = {k: (scores[k], floor) for k, floor in pinned["floor"].items() if scores[k] < floor}
    assert not below, f"scores below the pinned floor (score, floor): {below}"
