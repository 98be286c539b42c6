"""Text-level normalization: whitespace, glued sentences, masked characters, language and length measures."""

from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# What a line-based reader splits on besides \n and \r (str.splitlines, JavaScript: U+2028, U+2029, NEL, FS-US,
# VT, FF), and the control characters that are no text at all.
_LINE_BREAKERS = re.compile(r"[\x0b\x0c\x1c-\x1f\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
_CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_GLUED = re.compile(
    r"(?:(?<=[a-z\u00e0-\u00ff]{2}[.!?;])|(?<=\d[.!?;]))([\"”’)]?)(?=[A-Z][a-z]|[AI] )|(?<=[a-z]{2},)(?=[A-Z][a-z])"
)
_GLUED_QUOTE = re.compile(r"(?<=[a-z][.!?,][\"”’])(?=[A-Z][a-z])")
# Where either pattern above can split: a stop or comma, maybe a closing quote, then a capital (a cheap first test)
_GLUE_POINT = re.compile(r"[.!?;,][\"”’)]?[A-Z]")
# Each alternative opens with a plain character ("××+", not "×{2,}"), so re skips ahead to the characters that can
# open one instead of trying every alternative at every position of the body (18 times faster).
_MASKED = re.compile(r"\*\s?\*\s?\*|××+|■■+|□□+|＊＊+|\*\*\*+|XXX+(?![A-Za-z])|xxx+(?![a-z])")
_LETTER = re.compile(r"[^\W\d_]")
_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_]+", re.UNICODE)


def clean_line(text: str) -> str:
    """Collapse whitespace (NBSP, full-width space, tabs, newlines) to single spaces; strip invisible chars."""
    if not text:
        return ""
    if not text.isascii():
        for char in _ZERO_WIDTH:
            if char in text:
                text = text.replace(char, "")
    # str.split() splits at runs of exactly these: space, \t\n\v\f\r, \x1c-\x1f, NEL, NBSP, U+1680, U+2000-U+200A,
    # U+2028, U+2029, U+202F, U+205F and the full-width space U+3000 (str.isspace); far faster than a regex
    return " ".join(text.split())


def safe_text(text: str, multiline: bool = False) -> str:
    """Text that keeps a JSON Lines record on one line and has no control characters: line and paragraph
    separators become spaces, and so do newlines unless ``multiline`` (body text keeps its paragraph breaks)."""
    text = _LINE_BREAKERS.sub(" ", _CONTROLS.sub("", text))
    return text if multiline else re.sub(r"[\r\n\t]+", " ", text)


def normalize_paragraph(text: str) -> str:
    """Final paragraph form: NFC, single spaces, glued English sentences split again."""
    text = unicodedata.normalize("NFC", clean_line(text))
    if ("." in text or "," in text or "!" in text or "?" in text) and _GLUE_POINT.search(text):
        text = _GLUED.sub(lambda m: (m.group(1) or "") + " ", text)
        text = _GLUED_QUOTE.sub(" ", text)
    return text


def weighted_len(text: str) -> int:
    """Length where a CJK character weighs like two Latin characters (similar information content)."""
    return len(text) if text.isascii() else len(text) + len(_CJK_CHAR.findall(text))


def has_masked(text: str) -> bool:
    return bool(_MASKED.search(text))


def squash(text: str) -> str:
    """Comparison key: lower case, no whitespace or punctuation."""
    return "".join(_TOKEN.findall(text.lower()))


def detect_language(text: str) -> str | None:
    sample = text[:4000]
    if not sample.strip():
        return None
    kana = len(re.findall(r"[\u3040-\u30ff]", sample))
    hangul = len(re.findall(r"[\uac00-\ud7af]", sample))
    cjk = len(_CJK_CHAR.findall(sample))
    letters = len(_LETTER.findall(sample)) or 1
    if kana > 0.05 * letters:
        return "ja"
    if hangul > 0.2 * letters:
        return "ko"
    if cjk > 0.2 * letters:
        return "zh"
    cyr = len(re.findall(r"[\u0400-\u04ff]", sample))
    if cyr > 0.3 * letters:
        return "ru"
    return "en"
