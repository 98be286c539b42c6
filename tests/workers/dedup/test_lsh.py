"""The in-process LSH (`workers.dedup.lsh`): compact storage finds what datasketch finds; the window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from datasketch import MinHashLSH

from workers.dedup import DedupConfig
from workers.dedup.lsh import LocalIndex

from .conftest import signatures

CONFIG = DedupConfig()
NOW = datetime(2024, 6, 1, tzinfo=UTC)


def test_local_index_finds_what_a_plain_minhash_lsh_finds() -> None:
    local, plain = LocalIndex(CONFIG), MinHashLSH(num_perm=CONFIG.num_perm, params=(CONFIG.bands, CONFIG.rows))
    sketches = signatures(300)
    for i, sketch in enumerate(sketches):
        assert local.query(sketch) == set(plain.query(sketch))
        local.add(f"k{i}", sketch, NOW)
        plain.insert(f"k{i}", sketch)
    assert sum(len(local.query(s)) > 1 for s in sketches) >= 90  # the planted near copies are found


def test_local_index_window_discard_and_re_add() -> None:
    index = LocalIndex(CONFIG)
    a, b = signatures(2)
    index.add("old", a, NOW - timedelta(days=91))
    index.add("new", b, NOW)
    index.add("new", b, NOW)  # re-adding replaces, never duplicates
    assert index.expire(NOW - timedelta(days=90)) == 1
    assert index.query(a) == set() and index.query(b) == {"new"} and len(index) == 1
    index.add("old", a, NOW)  # back, indexed again: the stale heap entry must not expire it
    assert index.expire(NOW - timedelta(days=90)) == 0 and "old" in index
    index.discard("old")
    assert index.query(a) == set()


def test_a_body_is_found_by_its_lead_and_discarded_with_it() -> None:
    whole, lead, other = signatures(3, planted=False)
    index = LocalIndex(CONFIG)
    index.add("story", whole, NOW, lead)
    assert index.query(lead) == {"story"} and index.query(other, lead) == {"story"} and len(index) == 1
    index.add("story", whole, NOW)  # rewritten without a lead
    assert index.query(lead) == set() and index.query(whole) == {"story"}
    index.add("story", whole, NOW, lead)
    index.discard("story")
    assert index.query(lead) == set() and index.query(whole) == set() and len(index) == 0
