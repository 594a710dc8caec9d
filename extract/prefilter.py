"""Cheap, exact pre-checks: a pattern is tried only where a match can start.

Scanning with a `regex` pattern tries every position of the text; a pattern
whose matches all open with one of a few words (a type word, an alias, a cue
from the data tables) need only be tried where such a word stands, and
``str.find`` finds those far faster. For the case-insensitive patterns the
words are looked up in ``text.lower()``. That is exact only where ``lower()``
agrees with the case folding of `regex`, which it does for every character
except a few (dotted and dotless i, long s, micro sign, Greek and Cyrillic
letters with several case forms ...): in a text holding one of those the
pattern scans the whole text as before. The words must be the lower case of
the pattern's own words.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Iterator

import regex

# Characters whose case-insensitive equivalents in `regex` do not all share their lower(); found
# by comparing regex's case sets with str.lower() over all of Unicode (tests/test_prefilter.py).
_ODD_CASE = re.compile(
    "[\u00b5\u00df\u0130\u0131\u017f\u0345\u0370-\u03ff\u0400-\u052f\u1c80-\u1c8f"
    "\u1e60\u1e61\u1e9b\u1e9e\u1f00-\u1fff\u2126\u212a\u212b\ua640-\ua69f\ufb00-\ufb06]"
)


def lowered(text: str) -> str | None:
    """``text.lower()`` for :func:`finditer_from`, or None when the text holds a character
    that a case-insensitive pattern could match without ``lower()`` showing it. A sentence is
    lowered once for all the finders that scan it (a short text's result is cached)."""
    return _lowered_short(text) if len(text) <= _CACHED_CHARS else _lowered(text)


_CACHED_CHARS = 4096


def _lowered(text: str) -> str | None:
    if _ODD_CASE.search(text):
        return None
    return text.lower()


_lowered_short = lru_cache(maxsize=32)(_lowered)


def starts_of(low: str, words: Iterable[str]) -> list[int]:
    """Sorted positions in ``low`` where one of the lower-case ``words`` starts."""
    found: list[int] = []
    for w in words:
        if w not in low:  # most words are absent: the operator is cheaper than a call to find()
            continue
        at = low.find(w)
        while at >= 0:
            found.append(at)
            at = low.find(w, at + 1)
    return sorted(set(found)) if len(found) > 1 else found


def finditer_from(pattern, text: str, low: str | None, first_words: Iterable[str]) -> Iterator:
    """``pattern.finditer(text)`` for a pattern whose every match starts with one of
    ``first_words`` (lower case; compared case-insensitively): the pattern is tried only
    where such a word starts. Matches must not be empty."""
    if low is None or len(low) != len(text):
        return pattern.finditer(text)
    return matches_at(pattern, text, starts_of(low, first_words))


def search_from(pattern, text: str, low: str | None, first_words: Iterable[str], start: int, end: int):
    """``pattern.search(text, start, end)`` for a pattern whose every match starts with one of
    ``first_words`` (as for :func:`finditer_from`): tried only where such a word starts."""
    if low is None or len(low) != len(text):
        return pattern.search(text, start, end)
    stretch = low[start:end]
    found: set[int] = set()
    for w in first_words:
        if w not in stretch:
            continue
        at = stretch.find(w)
        while at >= 0:
            found.add(start + at)
            at = stretch.find(w, at + 1)
    for at in sorted(found):
        m = pattern.match(text, at, end)
        if m is not None:
            return m
    return None


def matches_at(pattern, text: str, starts: Iterable[int], *, short: bool = False) -> Iterator:
    """``pattern.finditer(text)`` when every match starts at one of ``starts`` (ascending):
    the pattern is tried only there. Matches must not be empty. ``short``: the pattern's
    matches and lookarounds stay within :data:`AHEAD` characters of their start, which lets
    a long text be scanned in linear time."""
    cursor = 0
    for at in starts:
        if at < cursor:
            continue
        m = pattern.match(text, at, ahead(text, at)) if short else pattern.match(text, at)
        if m is not None:
            yield m
            cursor = m.end()


def names_after(text: str, names, cue, window: int, *, fold: bool = False) -> set[str]:
    """Those of ``names`` that stand somewhere in ``text`` right after what ``cue(text, start,
    end)`` finds in the ``window`` characters before them (``fold``: names found in any case):
    a person's given name after a family name, a programme after "Nghị quyết"."""
    hay = text.lower() if fold else text
    found = set()
    for name in names:
        key = name.lower() if fold else name
        at = hay.find(key)
        while at >= 0:
            if cue(text, max(0, at - window), at):
                found.add(name)
                break
            at = hay.find(key, at + 1)
    return found


#: How far past its start an anchored cue is read in a whole document's text. The `regex`
#: module's match() costs time in proportion to the text between pos and endpos, whatever the
#: match's length: unbounded, a cue read at every figure of a long article makes linking
#: quadratic in the article's length.
AHEAD = 256


def ahead(text: str, pos: int) -> int:
    """The endpos for a cue matched at ``pos`` of a long ``text`` (see :data:`AHEAD`)."""
    return min(len(text), pos + AHEAD)


def alternation(words: Iterable[str]) -> str:
    """The words as one regex alternation, longest first (so "phong trào thi đua" wins over
    "phong trào"), each escaped and with its spaces matching any run of whitespace."""
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))
