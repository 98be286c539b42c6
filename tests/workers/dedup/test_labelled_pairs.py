"""Precision and recall of near-duplicate detection over the labelled set (`tests/fixtures/dedup/`).

Positives: one story with other chrome, a byline, a cut paragraph, light edits (Chinese and English; hand-written,
composed from the sample sites' sentence banks, and the sample sites' own syndicated copies). Hard negatives: the same
template and topic, another event. Two levels are measured:

- the decision alone (`same_story` on every eligible pair), and
- the whole near-duplicate path (every document streamed through the LSH index in a fixed order, candidates
  verified, clusters merged), where LSH may miss a pair and clusters may join two stories through a third.

A pair is eligible when both bodies are longer than `min_chars`; shorter ones must never merge on shingles.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from workers.dedup import DedupConfig, body_fingerprint, content_hash, same_story
from workers.dedup.stream import StreamClusterer

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "dedup"
CONFIG = DedupConfig()
PRECISION_FLOOR = 0.99
RECALL_FLOOR = 0.97


def load() -> tuple[dict[str, dict], list[dict]]:
    docs = {}
    for line in (FIXTURES / "docs.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        docs[doc["id"]] = doc
    pairs = [json.loads(line) for line in (FIXTURES / "pairs.jsonl").read_text(encoding="utf-8").splitlines()]
    return docs, pairs


DOCS, PAIRS = load()
FINGERPRINTS = {key: body_fingerprint(doc["body"], doc["lang"], CONFIG) for key, doc in DOCS.items()}


def eligible(pair: dict) -> bool:
    return FINGERPRINTS[pair["a"]].indexable and FINGERPRINTS[pair["b"]].indexable


def scores(predicted: dict[int, bool]) -> tuple[float, float, list[str]]:
    counts: Counter[str] = Counter()
    errors = []
    for index, pair in enumerate(PAIRS):
        if index not in predicted:
            continue
        truth, guess = bool(pair["same"]), predicted[index]
        counts[("t" if truth == guess else "f") + ("p" if guess else "n")] += 1
        if truth != guess:
            errors.append(f"{'FN' if truth else 'FP'} {pair['kind']}: {pair['a']} ~ {pair['b']}")
    precision = counts["tp"] / max(1, counts["tp"] + counts["fp"])
    recall = counts["tp"] / max(1, counts["tp"] + counts["fn"])
    return precision, recall, errors


def test_the_set_covers_both_languages_and_all_origins() -> None:
    kinds = Counter((p["lang"], p["origin"], p["same"]) for p in PAIRS if eligible(p))
    for lang in ("zh", "en"):
        for origin in ("handmade", "bank", "sites"):
            assert kinds[(lang, origin, 1)] >= 5, f"too few {lang} {origin} positives"
            assert kinds[(lang, origin, 0)] >= 5, f"too few {lang} {origin} hard negatives"


@pytest.mark.parametrize("lang", ["zh", "en", None])
def test_decision_precision_and_recall(lang: str | None) -> None:
    predicted = {
        index: same_story(FINGERPRINTS[pair["a"]], FINGERPRINTS[pair["b"]], CONFIG) is not None
        for index, pair in enumerate(PAIRS)
        if eligible(pair) and lang in (None, pair["lang"])
    }
    precision, recall, errors = scores(predicted)
    print(f"decision [{lang or 'all'}]: precision {precision:.4f} recall {recall:.4f} over {len(predicted)} pairs")
    assert precision >= PRECISION_FLOOR, "\n".join(errors)
    assert recall >= RECALL_FLOOR, "\n".join(errors)


def test_streamed_clusters_precision_and_recall() -> None:
    clusterer = StreamClusterer(CONFIG)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for offset, (key, doc) in enumerate(sorted(DOCS.items())):
        clusterer.add(key, doc["body"], doc["lang"], start + timedelta(minutes=offset))
    predicted = {
        index: clusterer.cluster(pair["a"]) == clusterer.cluster(pair["b"])
        for index, pair in enumerate(PAIRS)
        if eligible(pair)
    }
    precision, recall, errors = scores(predicted)
    print(f"streamed: precision {precision:.4f} recall {recall:.4f} over {len(predicted)} pairs")
    assert precision >= PRECISION_FLOOR, "\n".join(errors)
    assert recall >= RECALL_FLOOR, "\n".join(errors)


def test_short_bodies_never_merge_on_shingles() -> None:
    short = [p for p in PAIRS if not eligible(p)]
    assert short, "the set should hold pairs with a body of 200 characters or less"
    for pair in short:
        a, b = FINGERPRINTS[pair["a"]], FINGERPRINTS[pair["b"]]
        assert same_story(a, b, CONFIG) is None
        assert not (a.indexable and b.indexable)


def test_short_identical_bodies_still_merge_on_the_exact_hash() -> None:
    body = "3月8日，市总工会举办女职工权益保护法律知识讲座，120名女职工参加。"
    clusterer = StreamClusterer(CONFIG)
    now = datetime(2024, 3, 8, tzinfo=UTC)
    assert clusterer.add("a", body, "zh", now) == []
    assert clusterer.add("b", " " + body.replace("，", ",") + "\n", "zh", now) == ["a"]
    assert content_hash(body) == content_hash(body.replace("，", ","))
