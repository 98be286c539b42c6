"""Shingles (`workers.dedup.shingles`): stable hashing, normalization, language and lengths."""

from __future__ import annotations

import numpy as np

from workers.dedup import body_fingerprint
from workers.dedup.shingles import body_length, detect_language, numbers, shingle_sequence, shingles

from .conftest import CONFIG, EN, ZH


def test_shingles_are_stable_across_processes() -> None:
    # Pinned values: a change of hashing silently splits every stored story from its future reprints.
    assert int(shingle_sequence("工会工作", "zh", k_chars=2, k_words=1)[0]) == 0x48EE4FB82B00B7D5
    words = [int(x) for x in shingles("Trade unions", "en", k_chars=5, k_words=1)]
    assert words == [0x00597E399A28B25A, 0xED1A7D1BA0C1E37D]


def test_full_width_punctuation_and_case_do_not_change_shingles() -> None:
    half = ZH.replace("，", ",").replace("。", ".")
    assert np.array_equal(shingles(ZH, "zh", k_chars=5, k_words=4), shingles(half, "zh", k_chars=5, k_words=4))
    assert np.array_equal(shingles(EN, "en", k_chars=5, k_words=4), shingles(EN.upper(), "en", k_chars=5, k_words=4))


def test_language_detection_and_lengths() -> None:
    assert detect_language(ZH) == "zh"
    assert detect_language(EN) == "en"
    assert body_fingerprint(ZH, None, CONFIG).language == "zh"
    assert body_length(" a\u3000b\n\nc ") == 3
    assert numbers("4,000 人，2.3万，第18届") == {"4,000", "2.3", "18"}
