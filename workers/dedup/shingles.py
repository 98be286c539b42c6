"""Shingles of an article body: character k-grams for Chinese, word k-grams for other languages.

Each shingle becomes a 64-bit hash, so a body is a sorted array of unique integers. Hashing is deterministic across
processes (no `hash()`): signatures computed by one worker are compared with those of another.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

_WORD = re.compile(r"[^\W_]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

# Odd 64-bit multipliers (from splitmix64 / MurmurHash3) for the rolling polynomial and the final mix.
_ROLL = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xFF51AFD7ED558CCD)
_M2 = np.uint64(0xC4CEB9FE1A85EC53)
_S33 = np.uint64(33)

EMPTY = np.empty(0, dtype=np.uint64)


def normalize(text: str) -> str:
    """NFKC (full-width forms fold to ASCII) and lower case: what a reprint changes without changing the story."""
    return unicodedata.normalize("NFKC", text).lower()


def body_length(text: str) -> int:
    """Characters that carry content: no whitespace. The "short body" rule counts these."""
    return sum(len(part) for part in unicodedata.normalize("NFKC", text).split())


def numbers(text: str) -> frozenset[str]:
    """The distinct numbers a body reports ("7", "2.3", "4,000"): dates, counts and amounts, the story's facts."""
    return frozenset(_NUMBER.findall(unicodedata.normalize("NFKC", text)))


def detect_language(text: str) -> str:
    """`zh` when at least a fifth of the word characters are CJK ideographs, else `en`."""
    sample = text[:4000]
    letters = sum(len(match) for match in _WORD.findall(sample))
    return "zh" if letters and len(_CJK.findall(sample)) * 5 >= letters else "en"


def shingle_language(language: str | None, text: str) -> str:
    """Chinese and Japanese bodies are shingled by characters, everything else by words."""
    if language:
        base = language.lower().split("-")[0]
        return "zh" if base in {"zh", "ja"} else "en"
    return detect_language(text)


def char_units(text: str) -> np.ndarray:
    """Code points of the word characters (letters, digits, ideographs) of a normalized text: no punctuation."""
    kept = "".join(_WORD.findall(normalize(text)))
    return np.frombuffer(kept.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


def word_units(text: str) -> np.ndarray:
    """One 64-bit value per word of a normalized text (a polynomial over its code points; words are cut at 32)."""
    words = _WORD.findall(normalize(text))
    if not words:
        return EMPTY
    table = np.array(words, dtype="U32")
    width = table.dtype.itemsize // 4
    codes = np.frombuffer(table.tobytes(), dtype=np.uint32).reshape(len(words), width).astype(np.uint64)
    with np.errstate(over="ignore"):
        values = np.zeros(len(words), dtype=np.uint64)
        for column in range(width):
            values = values * _ROLL + codes[:, column]
        return _mix64(values)


def kgram_sequence(units: np.ndarray, k: int) -> np.ndarray:
    """64-bit hashes of every window of `k` consecutive units, in document order (one window when fewer units)."""
    if units.size == 0:
        return EMPTY
    k = min(k, int(units.size))
    count = units.size - k + 1
    with np.errstate(over="ignore"):
        rolled = np.zeros(count, dtype=np.uint64)
        for offset in range(k):
            rolled = rolled * _ROLL + units[offset : offset + count]
        return _mix64(rolled + np.uint64(k))


def shingle_sequence(text: str, language: str, *, k_chars: int, k_words: int) -> np.ndarray:
    """A body's shingles in order: `k_chars`-character grams for `zh`, `k_words`-word grams otherwise."""
    if language == "zh":
        return kgram_sequence(char_units(text), k_chars)
    return kgram_sequence(word_units(text), k_words)


def shingles(text: str, language: str, *, k_chars: int, k_words: int) -> np.ndarray:
    """The shingle set of a body: sorted unique hashes."""
    return np.unique(shingle_sequence(text, language, k_chars=k_chars, k_words=k_words))


def _mix64(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finalizer: every input bit affects every output bit."""
    values = values ^ (values >> _S33)
    values = values * _M1
    values = values ^ (values >> _S33)
    values = values * _M2
    return values ^ (values >> _S33)
