"""Units of money and measure, approximation words and vague orders of magnitude.

All vocabulary comes from the tables in ``extract/data/vi`` (units.tsv,
approx.tsv, vague.tsv, vague_orders.tsv); this module compiles them once into
regexes anchored at a position.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import regex

from . import resources


@dataclass(frozen=True, slots=True)
class Unit:
    surface: str
    kind: str
    unit: str
    factor: Decimal
    unless_next: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class UnitMatch:
    start: int
    end: int
    unit: Unit


_NEXT_WORD = regex.compile(r"\s+(\p{L}+)")
_BLANKS = regex.compile(r"\s+")
_YEAR_NEXT = regex.compile(r"\s+(?:19|20)\d\d(?!\d|[.,]\d)")


def _alternation(words: list[str]) -> str:
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


class Lexicon:
    """Compiled unit, approximation and vagueness vocabulary."""

    def __init__(self) -> None:
        self.units: dict[str, Unit] = {}
        for row in resources.tsv("units.tsv"):
            unless = frozenset(w.lower() for w in row.get("unless_next", "").split())
            self.units[row["surface"]] = Unit(row["surface"], row["kind"], row["unit"], Decimal(row["factor"]), unless)
        # a unit follows its number directly or after one space, and ends at a word boundary
        self._unit_re = regex.compile(rf"[ \u00a0]?({_alternation(list(self.units))})(?![\p{{L}}\p{{N}}])")
        # the same alternation split by the surfaces' first character (their order kept): where a
        # unit can start only the surfaces that open with the character there can match, and
        # matching those alone is far cheaper than matching the whole alternation
        by_first: dict[str, list[str]] = {}
        for surface in self.units:
            by_first.setdefault(surface[0], []).append(surface)
        self._unit_res = {c: regex.compile(rf"({_alternation(ws)})(?![\p{{L}}\p{{N}}])") for c, ws in by_first.items()}
        self._unit_folded = {self._fold(k): v for k, v in self.units.items()}

        before, after = {}, {}
        for row in resources.tsv("approx.tsv"):
            (before if row["position"] == "before" else after)[row["word"].lower()] = row["approx"]
        self.approx_before = before
        self.approx_after = after
        # REVERSE, and matched: anchored where the number starts instead of searched through the window
        self._before_re = regex.compile(rf"(?:^|(?<=[^\p{{L}}]))({_alternation(list(before))})\s+$",
                                        regex.IGNORECASE | regex.REVERSE)
        self._after_re = regex.compile(rf"\s*({_alternation(list(after))})(?![\p{{L}}])", regex.IGNORECASE)

        self.vague_lead = {row["word"].lower(): row["approx"] for row in resources.tsv("vague.tsv")}
        self.vague_orders = {row["word"].lower(): Decimal(row["value"]) for row in resources.tsv("vague_orders.tsv")}
        orders = _alternation(list(self.vague_orders))
        self.vague_re = regex.compile(
            rf"(?<![\p{{L}}\p{{N}}])({_alternation(list(self.vague_lead))})\s+((?:{orders})(?:\s+(?:{orders}))*)(?![\p{{L}}\p{{N}}])",
            regex.IGNORECASE,
        )

    @staticmethod
    def _fold(s: str) -> str:
        return _BLANKS.sub(" ", s.lower())

    def _unit_match(self, text: str, pos: int):
        """``_unit_re.match(text, pos)``, its group 1 found by the surfaces of one first character."""
        if pos >= len(text):
            return None
        res = self._unit_res
        m = None
        at = pos + 1 if text[pos] in " \u00a0" else pos  # the optional space is taken first
        if at < len(text) and text[at] in res:
            m = res[text[at]].match(text, at)
        if m is None and at != pos and text[pos] in res:  # then left: a surface opening with it
            m = res[text[pos]].match(text, pos)
        return m

    def unit_at(self, text: str, pos: int) -> UnitMatch | None:
        m = self._unit_match(text, pos)
        if m is None:
            return None
        surface = m.group(1)
        unit = self.units.get(surface) or self._unit_folded.get(self._fold(surface))
        if unit is None:
            return None
        if unit.unless_next:
            nxt = _NEXT_WORD.match(text, m.end(1))
            if nxt is not None and nxt.group(1).lower() in unit.unless_next:
                return None  # "5 đô thị": not a unit here
        if unit.kind == "duration" and _YEAR_NEXT.match(text, m.end(1)):
            return None  # "1.200 tỷ năm 2017", "5 tháng 2019": the word opens a date
        return UnitMatch(m.start(1), m.end(1), unit)

    def approx_before_at(self, text: str, pos: int, window: int = 24) -> tuple[int, str] | None:
        """An approximation word ending right before ``pos`` (spaces between): (start, approx)."""
        lo = max(0, pos - window)
        m = self._before_re.match(text, lo, pos)
        if m is None:
            return None
        return m.start(1), self.approx_before[self._fold(m.group(1))]

    def approx_after_at(self, text: str, pos: int) -> tuple[int, str] | None:
        m = self._after_re.match(text, pos)
        if m is None:
            return None
        return m.end(1), self.approx_after[self._fold(m.group(1))]

    def vague_value(self, orders: str) -> Decimal:
        value = Decimal(1)
        for word in orders.split():
            value *= self.vague_orders[word.lower()]
        return value


@cache
def lexicon() -> Lexicon:
    return Lexicon()
