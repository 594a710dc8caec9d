"""Linking (SPEC §4.6): each quantity gets its campaign, area and period.

Positions are in cleaned text. The order of preference, for each link:

- campaign: a campaign named in the same clause; else a movement or
  programme (a "sentence"-scoped head) named in the same sentence; else the
  article's campaign.
- area: the area named in the same clause (the nearest before the figure,
  else the first after it); else the article's main area.
- period: the period in the same clause, else in the same sentence (nearest
  before, else after), else the nearest before it in the same paragraph,
  else the article's reporting period.

Clauses are the parts of a sentence between semicolons: commas separate the
items of one clause too often to end one.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from typing import Generic, Sequence, TypeVar

import regex

_CLAUSE_END = regex.compile(r";")

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Placed(Generic[T]):
    """A mention with its position and where it stands in the document."""

    start: int
    end: int
    sentence: int
    paragraph: int
    clause: int
    value: T


@dataclass(frozen=True, slots=True)
class Links:
    campaign: object | None
    area: object | None
    period: object | None


def clause_starts(text: str, start: int, end: int) -> list[int]:
    """Start positions of the clauses of the sentence text[start:end]."""
    return [start] + [m.end() for m in _CLAUSE_END.finditer(text, start, end)]


def clause_index(starts: list[int], pos: int) -> int:
    return bisect_right(starts, pos) - 1


def _nearest(cands: Sequence[Placed], pos: int) -> Placed | None:
    """The nearest mention ending before ``pos``, else the first starting after it."""
    before = [c for c in cands if c.end <= pos]
    if before:
        return max(before, key=lambda c: c.end)
    after = [c for c in cands if c.start >= pos]
    if after:
        return min(after, key=lambda c: c.start)
    return None


class Linker:
    """Links the quantities of one document, given its mentions."""

    def __init__(self, campaigns: list[Placed], areas: list[Placed], periods: list[Placed], *,
                 doc_campaign=None, doc_area=None, doc_period=None) -> None:
        self.campaigns = self._by_sentence(campaigns)
        self.areas = self._by_sentence(areas)
        self.periods = self._by_sentence(periods)
        self.periods_by_paragraph: dict[int, list[Placed]] = {}
        for p in periods:
            self.periods_by_paragraph.setdefault(p.paragraph, []).append(p)
        self.doc_campaign = doc_campaign
        self.doc_area = doc_area
        self.doc_period = doc_period

    @staticmethod
    def _by_sentence(items: list[Placed]) -> dict[int, list[Placed]]:
        out: dict[int, list[Placed]] = {}
        for it in items:
            out.setdefault(it.sentence, []).append(it)
        return out

    def link(self, start: int, end: int, sentence: int, paragraph: int, clause: int) -> Links:
        return Links(
            self._campaign(start, sentence, clause),
            self._area(start, sentence, clause),
            self._period(start, sentence, paragraph, clause),
        )

    def _campaign(self, pos: int, sentence: int, clause: int):
        cands = self.campaigns.get(sentence, [])
        same_clause = [c for c in cands if c.clause == clause]
        hit = _nearest(same_clause, pos)
        if hit is None:
            hit = _nearest([c for c in cands if c.value.scope == "sentence"], pos)
        return hit.value if hit is not None else self.doc_campaign

    def _area(self, pos: int, sentence: int, clause: int):
        cands = [a for a in self.areas.get(sentence, []) if a.clause == clause]
        hit = _nearest(cands, pos)
        return hit.value if hit is not None else self.doc_area

    def _period(self, pos: int, sentence: int, paragraph: int, clause: int):
        cands = self.periods.get(sentence, [])
        hit = _nearest([p for p in cands if p.clause == clause], pos) or _nearest(cands, pos)
        if hit is None:
            earlier = [p for p in self.periods_by_paragraph.get(paragraph, []) if p.sentence < sentence]
            if earlier:
                hit = earlier[-1]
        return hit.value if hit is not None else self.doc_period


def most_common(values: list[str]) -> str | None:
    """The most frequent value, the earliest on ties."""
    if not values:
        return None
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in values if counts[v] == best)
