"""Linking (SPEC §4.6): each quantity gets its campaign, area and period.

A sentence is cut into clauses (at semicolons) and clauses into segments (at
commas, colons and brackets); a segment opening with a continuation cue from
``link_cues.yaml`` ("đạt 190 %", "(trong đó ...") stays with the one before.
Positions are in cleaned text. For each link, the first rule that finds
something wins:

campaign
  1. a named campaign (with a head word, or quoted) in the same segment;
  2. a movement or programme ("phong trào", "cuộc vận động", ...) named in
     the same sentence;
  3. the article's campaign. A link that names part of the article's
     campaign ("Xây dựng nông thôn mới" in an article on "Chung tay xây dựng
     nông thôn mới, đô thị văn minh") becomes the article's campaign.
area
  1. the nearest area before the figure in the same segment;
  2. the subject of its clause, or of the sentence: the area named before the
     clause's (sentence's) first figure;
  3. an area after the figure in the same segment, introduced by "tại", "ở" ...;
  4. the article's main area.
  An area followed by its parent ("thôn Lâm Giang, Hàm Trí") gives the most
  specific one; an area that is one of a list ("tại xã Kỳ Ninh, Kỳ Hà, Kỳ
  Nam") names no single area, so the article's main area is used.
period
  1. a period in the same segment;
  2. a period opening the clause ("Năm 2019, có 17/17 khu phố ...");
  3. a period opening the sentence, or else one opening an earlier sentence
     of the same paragraph;
  4. the article's reporting period.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Generic, Sequence, TypeVar

import regex

from . import resources

T = TypeVar("T")

_CLAUSE_END = regex.compile(r";")
_SEGMENT_END = regex.compile(r"[,;:](?=\s)|[()]")
_FIGURE_NEXT = regex.compile(r"\s*\d")
#: how far into a clause or sentence a period may stand and still scope it
SCOPE_CHARS = 24


@dataclass(frozen=True, slots=True)
class Placed(Generic[T]):
    """A mention with its position and where it stands in the document."""

    start: int
    end: int
    sentence: int
    paragraph: int
    clause: int
    segment: int
    value: T


@dataclass(frozen=True, slots=True)
class Links:
    campaign: object | None
    area: object | None
    period: object | None


@dataclass(frozen=True, slots=True)
class Structure:
    """Clause and segment starts of one sentence (absolute positions)."""

    start: int
    clauses: list[int]
    segments: list[int]

    def clause(self, pos: int) -> int:
        return bisect_right(self.clauses, pos) - 1

    def segment(self, pos: int) -> int:
        return bisect_right(self.segments, pos) - 1


@cache
def _cues() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    data = resources.yaml_table("link_cues.yaml")

    def alt(words: list[str]) -> str:
        return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))

    continuation = regex.compile(rf"\s*(?:{alt(data['continuation'])})", regex.IGNORECASE)
    area_after = regex.compile(rf"(?:^|[^\p{{L}}])(?:{alt(data['area_after'])})\s+$", regex.IGNORECASE)
    bare_before = regex.compile(rf"(?:(?:^|[^\p{{L}}])(?:{alt(data['bare_area_before'])})\s+|^\s*|[,;:(“\"]\s*)$", regex.IGNORECASE)
    return continuation, area_after, bare_before


def bare_area_allowed(text: str, start: int) -> bool:
    """A bare place name at ``start`` may be an area (see link_cues.yaml)."""
    return _cues()[2].search(text, max(0, start - 16), start) is not None


def structure(text: str, start: int, end: int) -> Structure:
    continuation = _cues()[0]
    clauses = [start] + [m.end() for m in _CLAUSE_END.finditer(text, start, end)]
    segments = [start]
    for m in _SEGMENT_END.finditer(text, start, end):
        cut = m.end() if m.group() != "(" else m.start()
        if text[m.start()] == ";" or not continuation.match(text, cut):
            segments.append(cut)
    return Structure(start, clauses, segments)


def _nearest_before(cands: Sequence[Placed], pos: int) -> Placed | None:
    before = [c for c in cands if c.end <= pos]
    return max(before, key=lambda c: c.end) if before else None


def _nearest(cands: Sequence[Placed], pos: int) -> Placed | None:
    """The nearest mention ending before ``pos``, else the first starting after it."""
    hit = _nearest_before(cands, pos)
    if hit is None:
        after = [c for c in cands if c.start >= pos]
        hit = min(after, key=lambda c: c.start) if after else None
    return hit


def _words(s: str) -> str:
    return " " + " ".join(regex.sub(r"[^\p{L}\p{N}]+", " ", s.lower()).split()) + " "


class Linker:
    """Links the quantities of one document, given its mentions."""

    def __init__(self, text: str, campaigns: list[Placed], areas: list[Placed], periods: list[Placed],
                 quantity_starts: dict[int, list[tuple[int, int]]], sentence_starts: dict[int, int], *,
                 doc_campaign: str | None = None, doc_area=None, doc_period: str | None = None) -> None:
        self.text = text
        self.campaigns = self._by_sentence([c for c in campaigns if c.value.scope != "none"])
        self.areas = self._by_sentence(areas)
        self.area_list = sorted(areas, key=lambda a: a.start)
        self.periods = self._by_sentence(periods)
        self.quantity_starts = quantity_starts  # sentence -> [(clause, start)]
        self.sentence_starts = sentence_starts
        self.scoping: dict[int, Placed] = {}  # sentence -> period opening it
        for p in periods:
            s0 = sentence_starts[p.sentence]
            if p.start - s0 <= SCOPE_CHARS and not text[s0:p.start].lstrip().startswith("("):
                self.scoping.setdefault(p.sentence, p)
        self.doc_campaign = doc_campaign
        self.doc_area = doc_area
        self.doc_period = doc_period

    @staticmethod
    def _by_sentence(items: list[Placed]) -> dict[int, list[Placed]]:
        out: dict[int, list[Placed]] = {}
        for it in items:
            out.setdefault(it.sentence, []).append(it)
        return out

    def link(self, start: int, sentence: int, paragraph: int, clause: int, segment: int, clause_start: int) -> Links:
        return Links(
            self._campaign(start, sentence, segment),
            self._area(start, sentence, clause, segment),
            self._period(start, sentence, paragraph, clause, segment, clause_start),
        )

    # --- campaign ----------------------------------------------------------

    def _campaign(self, pos: int, sentence: int, segment: int) -> str | None:
        cands = self.campaigns.get(sentence, [])
        hit = _nearest([c for c in cands if c.segment == segment], pos)
        if hit is None:
            hit = _nearest([c for c in cands if c.value.scope == "sentence"], pos)
        if hit is None:
            return self.doc_campaign
        name = hit.value.canonical
        if self.doc_campaign and _words(name) in _words(self.doc_campaign):
            return self.doc_campaign
        return name

    # --- area --------------------------------------------------------------

    def _area(self, pos: int, sentence: int, clause: int, segment: int):
        cands = self.areas.get(sentence, [])
        hit = _nearest_before([a for a in cands if a.segment == segment], pos)
        if hit is None:
            firsts = self.quantity_starts.get(sentence, [])
            # an area right before a figure is that figure's ("hỗ trợ xã Kỳ Nam 15 triệu đồng"), not a subject
            subjects = [a for a in cands if not _FIGURE_NEXT.match(self.text, a.end)]
            clause_first = min((s for c, s in firsts if c == clause), default=pos)
            hit = _nearest_before([a for a in subjects if a.clause == clause], min(pos, clause_first))
            if hit is None:
                sentence_first = min((s for _, s in firsts), default=pos)
                hit = _nearest_before([a for a in subjects if a.clause == 0], min(pos, sentence_first))
        if hit is None:
            after = [a for a in cands if a.segment == segment and a.start >= pos
                     and _cues()[1].search(self.text, max(0, a.start - 16), a.start)]
            hit = min(after, key=lambda a: a.start) if after else None
        if hit is None:
            return self.doc_area
        hit = self._most_specific(hit)
        return hit.value if hit is not None else self.doc_area

    def _neighbours(self, a: Placed) -> tuple[Placed | None, Placed | None]:
        i = self.area_list.index(a)
        prev = self.area_list[i - 1] if i > 0 else None
        nxt = self.area_list[i + 1] if i + 1 < len(self.area_list) else None

        def joined(x: Placed | None, y: Placed | None) -> bool:
            return x is not None and y is not None and regex.fullmatch(r"\s*(?:,|và)\s*", self.text[x.end:y.start]) is not None

        return (prev if joined(prev, a) else None), (nxt if joined(a, nxt) else None)

    def _most_specific(self, a: Placed) -> Placed | None:
        """Address pairs give the lower unit; lists give no single area (None)."""
        rank = {"province": 0, "district": 1, "ward": 2, "sub": 3}
        prev, nxt = self._neighbours(a)
        level = rank.get(a.value.level, 2)
        if prev is not None and rank.get(prev.value.level, 2) > level:
            return prev  # "thôn Lâm Giang, Hàm Trí": the thôn of xã Hàm Trí
        if nxt is not None and rank.get(nxt.value.level, 2) < level:
            return a  # followed by its parent
        if (prev is not None and rank.get(prev.value.level, 2) == level) or (
            nxt is not None and rank.get(nxt.value.level, 2) == level
        ):
            return None  # one of a list
        return a

    # --- period ------------------------------------------------------------

    def _period(self, pos: int, sentence: int, paragraph: int, clause: int, segment: int, clause_start: int) -> str | None:
        cands = self.periods.get(sentence, [])
        hit = _nearest([p for p in cands if p.segment == segment], pos)
        if hit is None:
            opening = [p for p in cands if p.clause == clause and p.end <= pos
                       and p.start - clause_start <= SCOPE_CHARS]
            hit = opening[0] if opening else None
        if hit is None:
            hit = self.scoping.get(sentence)
        if hit is None:
            earlier = [p for s, p in self.scoping.items() if s < sentence and p.paragraph == paragraph]
            hit = max(earlier, key=lambda p: p.sentence) if earlier else None
        return hit.value.period if hit is not None else self.doc_period


def most_common(values: list[str]) -> str | None:
    """The most frequent value, the earliest on ties."""
    if not values:
        return None
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in values if counts[v] == best)
