"""Offset maps: the way back from cleaned text to the original.

Cleaning is a sequence of passes; each pass is a sorted list of edits
``(start, end, replacement)`` over its input. An :class:`OffsetMap` stores only
the edits, so its cost grows with the number of edits, not with the text.
Text between edits is copied one-to-one; the characters of a replacement all
map to the whole replaced range (or, when the lengths agree, one to one).
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Iterable, Sequence

Edit = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class _Segment:
    new_start: int
    new_end: int
    old_start: int
    old_end: int

    @property
    def one_to_one(self) -> bool:
        return self.new_end - self.new_start == self.old_end - self.old_start


@dataclass(slots=True)
class OffsetMap:
    """Maps positions of one pass's output back to its input."""

    segments: list[_Segment] = field(default_factory=list)
    _keys: list[int] = field(default_factory=list)

    def _shift_before(self, i: int, k: int) -> int:
        """old - new for a copied position i (after the last segment before it); k: the last segment starting at or before i."""
        while k >= 0 and self.segments[k].new_end > i:
            k -= 1
        if k < 0:
            return 0
        seg = self.segments[k]
        return seg.old_end - seg.new_end

    # (char_start and char_end find the segment in line: they run for every span of every record)
    def char_start(self, i: int) -> int:
        k = bisect_right(self._keys, i) - 1
        if k >= 0:
            seg = self.segments[k]
            if seg.new_start <= i < seg.new_end:
                if seg.new_end - seg.new_start == seg.old_end - seg.old_start:  # one to one
                    return seg.old_start + (i - seg.new_start)
                return seg.old_start
        return i + self._shift_before(i, k)

    def char_end(self, i: int) -> int:
        k = bisect_right(self._keys, i) - 1
        if k >= 0:
            seg = self.segments[k]
            if seg.new_start <= i < seg.new_end:
                if seg.new_end - seg.new_start == seg.old_end - seg.old_start:  # one to one
                    return seg.old_start + (i - seg.new_start) + 1
                return seg.old_end
        return i + 1 + self._shift_before(i, k)

    def span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            p = self.char_start(start)
            return p, p
        return self.char_start(start), self.char_end(end - 1)


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, OffsetMap]:
    """Apply sorted, non-overlapping edits; return the new text and its map."""
    pieces: list[str] = []
    omap = OffsetMap()
    cursor = 0
    shift = 0  # new - old so far
    for start, end, repl in edits:
        if start < cursor:
            raise ValueError(f"overlapping edit at {start} (cursor {cursor})")
        pieces.append(text[cursor:start])
        new_start = start + shift
        pieces.append(repl)
        seg = _Segment(new_start, new_start + len(repl), start, end)
        omap.segments.append(seg)
        omap._keys.append(seg.new_start)
        shift += len(repl) - (end - start)
        cursor = end
    if not omap.segments:
        return text, omap
    pieces.append(text[cursor:])
    return "".join(pieces), omap


@dataclass(slots=True)
class MappedText:
    """A cleaned text plus the chain of maps back to the original."""

    original: str
    text: str
    maps: list[OffsetMap] = field(default_factory=list)

    @classmethod
    def identity(cls, original: str) -> "MappedText":
        return cls(original, original, [])

    def apply(self, edits: Sequence[Edit]) -> "MappedText":
        if not edits:
            return self
        new_text, omap = apply_edits(self.text, edits)
        if all(len(repl) == end - start for start, end, repl in edits):
            # every edit keeps its length ("hoà" -> "hòa", a NBSP made a space): each position
            # maps to itself, and the map is left out
            return MappedText(self.original, new_text, list(self.maps))
        return MappedText(self.original, new_text, [*self.maps, omap])

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Half-open span of ``text`` -> half-open span of ``original``."""
        s, e = start, end
        for omap in reversed(self.maps):
            s, e = omap.span(s, e)
        return s, e
