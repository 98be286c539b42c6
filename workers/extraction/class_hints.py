"""Matching class/id/itemprop names against hint patterns (navigation, comments, title, source, ...), fast.

Every stage asks the same question of the same names: a page repeats a few class names thousands of times, and
its elements are asked about again by later stages. The answers are memoized (bounded; nothing to reset).

Hint patterns are long alternations compiled with IGNORECASE, and Python's ``re`` tries every branch in full at every
position of a case-insensitive search: it skips a branch on its first letter only when matching case-sensitively.
So names that are ASCII (nearly all) are lower-cased and searched with the pattern's case-sensitive twin, which
gives the same answer several times faster; other names, and patterns whose twin could differ, use the pattern.
The twin's branches that open with the same group (the word-start anchor ``(?:^|[-_\\s])``) are searched as one
branch, that group followed by the alternation of their rests: the anchor is tried once per position, not once per
word (a match of the whole exists exactly when one of its parts matches).
"""

from __future__ import annotations

import re

_INLINE_FLAGS = re.compile(r"\(\?(?:[aiLmsux-]|P)")
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


def _scan(source: str, start: int = 0) -> list[tuple[int, str, int]]:
    """(position, character, group depth before it) of each character outside escapes and character classes."""
    found: list[tuple[int, str, int]] = []
    depth = 0
    in_class = at_class_start = False
    i = start
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
            at_class_start = False
            continue
        if in_class:
            if char == "]" and not at_class_start:
                in_class = False
            at_class_start = False
        elif char == "[":
            in_class = at_class_start = True
            if source[i + 1 : i + 2] == "^":
                i += 1
        else:
            found.append((i, char, depth))
            depth += (char == "(") - (char == ")")
        i += 1
    return found


def branches(source: str) -> list[str]:
    """The top-level alternatives of a pattern."""
    cuts = [i for i, char, depth in _scan(source) if char == "|" and depth == 0]
    return [source[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(source)], strict=True)]


def _leading_group(branch: str) -> str | None:
    """The parenthesized group a branch opens with, when no quantifier follows it."""
    if not branch.startswith("("):
        return None
    for i, char, depth in _scan(branch):
        if char == ")" and depth == 1:
            return branch[: i + 1] if branch[i + 1 : i + 2] not in ("?", "*", "+", "{") else None
    return None


FACTOR_FROM = 3  # branches sharing an opening group; fewer are not worth a search of their own


def factored(source: str) -> list[str]:
    """Patterns one of which matches exactly where ``source`` matches: branches opening with the same group (at
    least ``FACTOR_FROM`` of them) as that group followed by the alternation of their rests, the others as one."""
    every = branches(source)
    by_group: dict[str, list[str]] = {}
    for branch in every:
        group = _leading_group(branch)
        if group is not None:
            by_group.setdefault(group, []).append(branch[len(group) :])
    shared = {group: rests for group, rests in by_group.items() if len(rests) >= FACTOR_FROM}
    plain = [branch for branch in every if _leading_group(branch) not in shared]
    parts = ["|".join(plain)] if plain else []
    return parts + [group + "(?:" + "|".join(rests) + ")" for group, rests in shared.items()]


MEMO_SIZE = 20_000  # names remembered per pattern (a page has a few thousand; the memo restarts when full)


class _Hint:
    """One pattern's answers by names. (An lru_cache keyed by the pattern would hash the compiled pattern, all of
    its code, on every call.)"""

    __slots__ = ("pattern", "twins", "memo")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        exact = pattern.flags & re.IGNORECASE and twin_is_exact(pattern.pattern)
        flags = pattern.flags & ~re.IGNORECASE
        self.twins = tuple(re.compile(part, flags) for part in factored(pattern.pattern)) if exact else ()
        self.memo: dict[str, bool] = {}

    def match(self, names: str) -> bool:
        if self.twins and names.isascii():
            lowered = names.lower()
            found = False
            for twin in self.twins:
                if twin.search(lowered) is not None:
                    found = True
                    break
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
