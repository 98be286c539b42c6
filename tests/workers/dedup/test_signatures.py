"""MinHash signatures (`workers.dedup.signatures`): storage round trip, lock keys, equal to datasketch's own."""

from __future__ import annotations

import numpy as np
import pytest

from workers.dedup import band_keys, body_fingerprint, from_values, key64, signature_bytes, split_signature
from workers.dedup.shingles import shingles

from .conftest import CONFIG, ZH


def test_signatures_round_trip_through_storage() -> None:
    fingerprint = body_fingerprint(ZH, "zh", CONFIG)
    assert fingerprint.sketch is not None
    stored = signature_bytes(fingerprint.sketch)
    assert len(stored) == 4 * CONFIG.num_perm
    restored = from_values(stored)
    assert np.array_equal(restored.hashvalues, fingerprint.sketch.hashvalues)
    assert band_keys(restored, CONFIG.bands, CONFIG.rows) == band_keys(fingerprint.sketch, CONFIG.bands, CONFIG.rows)
    assert key64("url", "a") != key64("hash", "a")


def test_signatures_equal_datasketchs_own_minhash() -> None:
    from datasketch import MinHash

    from workers.dedup.signatures import fold32, minhash

    grams = shingles(ZH, "zh", k_chars=5, k_words=4)
    reference = MinHash(num_perm=CONFIG.num_perm, seed=1, hashfunc=lambda value: value, scheme="affine32")
    reference.update_batch(fold32(grams).tolist())
    assert np.array_equal(minhash(grams, CONFIG.num_perm).hashvalues, reference.hashvalues)


def test_a_lead_signature_is_stored_after_the_body_signature_and_read_back_apart() -> None:
    fingerprint = body_fingerprint(ZH * 3, "zh", CONFIG)
    assert fingerprint.sketch is not None and fingerprint.lead is not None
    whole, lead = split_signature(signature_bytes(fingerprint.sketch, fingerprint.lead), CONFIG.num_perm)
    assert np.array_equal(whole.hashvalues, fingerprint.sketch.hashvalues)
    assert lead is not None and np.array_equal(lead.hashvalues, fingerprint.lead.hashvalues)
    assert split_signature(signature_bytes(fingerprint.sketch), CONFIG.num_perm)[1] is None  # stored before leads
    with pytest.raises(ValueError, match="not one or two"):
        split_signature(b"\0" * 100, CONFIG.num_perm)
