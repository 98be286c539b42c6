"""Matching class/id/itemprop names against hint patterns (navigation, comments, title, source, ...), fast.

Every stage asks the same question of the same names: a page repeats a few class names thousands of times, and
its elements are asked about again by later stages. The answers are memoized (bounded; nothing to reset).

Hint patterns are long alternations compiled with IGNORECASE, and Python's ``re`` tries every branch in full at every
position of a case-insensitive search: it skips a branch on its first letter only when matching case-sensitively.
So names that are ASCII (nearly all) are lower-cased and searched with the pattern's case-sensitive twin, which
gives the same answer several times faster; other names, and patterns whose twin could differ, use the pattern.
"""

from __future__ import annotations

import re

_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux-]")
_PLAIN_ESCAPES = frozenset("sdwbSDWB")  # classes and boundaries that lower-casing the text cannot change


def twin_is_exact(source: str) -> bool:
    """Whether ``source`` compiled without IGNORECASE matches lower-cased ASCII text exactly where ``source`` with
    IGNORECASE matches the text itself.

    True for ASCII patterns without upper-case letters, without escapes that name a character by number (``\\x41``
    is 'A') or a group, without inline flags, and whose character-class ranges stay within digits or within
    lower-case letters (``[0-f]`` holds upper-case letters).
    """
    if not source.isascii() or _INLINE_FLAGS.search(source):
        return False
    in_class = at_class_start = False
    i = 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            escaped = source[i + 1 : i + 2]
            if escaped.isalnum() and escaped not in _PLAIN_ESCAPES:
                return False
            i += 2
            at_class_start = False
            continue
        if char.isupper():
            return False
        if in_class:
            if char == "]" and not at_class_start:
                in_class = False
            elif char == "-" and not at_class_start and source[i + 1 : i + 2] not in ("]", ""):
                low, high = source[i - 1], source[i + 1]
                if not ((low.isdigit() and high.isdigit()) or (low.islower() and high.islower())):
                    return False
            at_class_start = False
        elif char == "[":
            in_class = at_class_start = True
            if source[i + 1 : i + 2] == "^":
                i += 1
        i += 1
    return True


MEMO_SIZE = 20_000  # names remembered per pattern (a page has a few thousand; the memo restarts when full)


class _Hint:
    """One pattern's answers by names. (An lru_cache keyed by the pattern would hash the compiled pattern, all of
    its code, on every call.)"""

    __slots__ = ("pattern", "twin", "memo")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        exact = pattern.flags & re.IGNORECASE and twin_is_exact(pattern.pattern)
        self.twin = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE) if exact else None
        self.memo: dict[str, bool] = {}

    def match(self, names: str) -> bool:
        if self.twin is not None and names.isascii():
            found = self.twin.search(names.lower()) is not None
        else:
            found = self.pattern.search(names) is not None
        if len(self.memo) >= MEMO_SIZE:
            self.memo.clear()
        self.memo[names] = found
        return found


_HINTS: dict[int, _Hint] = {}  # by id() of the pattern; the entry holds the pattern, so the id stays its own


def hint_match(pattern: re.Pattern[str], names: str) -> bool:
    """Whether ``pattern`` occurs in ``names`` (class, id, ... joined by spaces)."""
    if not names:
        return False
    hint = _HINTS.get(id(pattern))
    if hint is None:
        hint = _HINTS[id(pattern)] = _Hint(pattern)
    found = hint.memo.get(names)
    return hint.match(names) if found is None else found
