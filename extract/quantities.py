"""The quantity grammar of SPEC §4: numbers with their approximation,
range, ratio, unit, counted item and divisor, and the rules that say when a
number is *not* a quantity (dates, codes, names, ordinals, slogans).

Works on one stretch of cleaned text at a time (a sentence); positions are
relative to the string it is given. Numbers themselves are read by
:mod:`extract.numbers`; vocabulary lives in the data tables.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

import regex

from . import numbers, resources
from .units import Lexicon, lexicon


@dataclass(frozen=True, slots=True)
class QuantityMatch:
    start: int
    end: int
    kind: str
    value: Decimal
    value_max: Decimal | None = None
    total: Decimal | None = None
    unit: str | None = None
    item: str | None = None
    per: str | None = None
    approx: str | None = None


# Stretches that hold numbers which are never quantities.
_PROTECTED = regex.compile(
    r"""
      (?<!\d)\d{1,2}/\d{1,2}/\d{2,4}(?!\d)                      # 15/5/2017
    | (?<![\d/])(?:0?[1-9]|1[0-2])/(?:19|20)\d{2}(?![\d/])      # 12/2018 (month/year)
    | (?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)                     # 15:48
    | (?<!\d)\d{1,2}h\d{2}(?!\d)                                # 9h30
    | (?<![\p{L}\d])\d+(?:[/.]\d+)*\s?[-–/]\s?\p{Lu}{2,}\p{L}*(?:[-/]\p{L}+)*   # 23-CT/TU, 2525/QĐ-UBND, 120 - KL/TW
    | (?<!\d)(?:19|20)\d{2}\s?[-–]\s?(?:19|20)\d{2}(?!\d)       # 2016-2020 (a period)
    | [\p{L}]+[-‐]\d+                                           # Covid-19
    | \p{L}\d+                                                  # A4, NO1
    | (?<!\d)0\d{2,3}[ .]?\d{3}[ .]?\d{3,4}(?!\d)               # phone numbers
    """,
    regex.VERBOSE,
)
# A short phrase in quotes is a name ("5 có, 3 sạch", "3 giảm, 3 tăng"), not a figure.
_QUOTED_NAME = regex.compile(r"[“\"]([^“”\"\n]{1,80})[”\"]")

_RANGE_SEP = regex.compile(r"\s*(?:[-–—]|đến|tới)\s*")
_RATIO_SEP = regex.compile(r"\s?/\s?")
_PER = regex.compile(r"/\s?(\p{L}+(?:\s\p{L}+)?)(?=$|[^\p{L}])")
_PER_CHAIN = regex.compile(r"(?:/\p{L}+)+")
_WORD = regex.compile(r"\s+(\p{L}+)")
_MULTIPLIER_BEFORE = regex.compile(r"(?:^|(?<=[^\p{L}]))gấp\s+$", regex.IGNORECASE)
_MULTIPLIER_WORDS = regex.compile(r"(?<![\p{L}])gấp\s+(đôi|rưỡi|ba|bốn|năm|mười)(?![\p{L}])", regex.IGNORECASE)
_MULTIPLIER_VALUES = {"đôi": Decimal(2), "rưỡi": Decimal("1.5"), "ba": Decimal(3), "bốn": Decimal(4), "năm": Decimal(5), "mười": Decimal(10)}
_LAN = regex.compile(r"\s?lần(?![\p{L}])")
_BARE_NUMBER_WORD = regex.compile(
    # "năm" is left out: alone it means "year" far more often than "five"
    r"(?<![\p{L}\p{N}])(một|hai|ba|bốn|sáu|bảy|bẩy|tám|chín|mười)\s+(?=\p{L})", regex.IGNORECASE
)
_NUMBER_WORDS_FOR_IDIOM = {"một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười", "dăm", "vài"}
_CAPITALISED_WORD_BEFORE = regex.compile(r"(?:^|[^\p{L}])(\p{Lu}\p{Ll}*)\s+$")
_SENTENCE_START_BEFORE = regex.compile(r"(?:^|[.!?:;(\n“\"]\s*)$")

_ROAD_BEFORE = regex.compile(r"(?:^|[^\p{L}])(?:đường|phố|đại lộ)\s+$", regex.IGNORECASE)
_NAME_AFTER = regex.compile(r"\s+\p{Lu}\p{Ll}*\s+\p{Lu}")
# "trên" after a counted noun is the preposition "on/across": "14 tuyến trên 6 phường"
_PREPOSITION_TREN = regex.compile(r"\d[\d.,]*(?:\s+\p{Ll}+){1,3}\s+trên\s+$")

MAX_ITEM_WORDS = 4
YEAR_MIN, YEAR_MAX = 1900, 2100
MONEY_BY_MAGNITUDE = Decimal(10) ** 6


@cache
def _cues() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str], frozenset[str], frozenset[str], frozenset[str]]:
    data = resources.yaml_table("quantity_cues.yaml")
    before = "|".join(f"(?:{p})" for p in data["before"])
    strong = "|".join(f"(?:{p})" for p in data["before_strong"])
    after = "|".join(regex.escape(w) for w in sorted(data["after_words"], key=len, reverse=True))
    before_re = regex.compile(rf"(?:^|[^\p{{L}}])(?:{before})\s*$", regex.IGNORECASE)
    strong_re = regex.compile(rf"(?:^|[^\p{{L}}])(?:{strong})\s*$", regex.IGNORECASE)
    after_re = regex.compile(rf"\s+(?:{after})(?![\p{{L}}])", regex.IGNORECASE)
    stops = frozenset(w.lower() for w in resources.lines("item_stops.txt"))
    classifiers = frozenset(w.lower() for w in resources.lines("classifiers.txt"))
    classifier_heads = frozenset(w.split()[0] for w in classifiers)
    return before_re, strong_re, after_re, stops, classifiers, classifier_heads


@cache
def _bare_idioms() -> regex.Pattern[str]:
    phrases = sorted(resources.lines("bare_number_idioms.txt"), key=len, reverse=True)
    return regex.compile(r"(?:" + "|".join(regex.escape(p).replace(r"\ ", r"\s+") for p in phrases) + r")(?![\p{L}])", regex.IGNORECASE)


def _protected_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _PROTECTED.finditer(text)]
    for m in _QUOTED_NAME.finditer(text):
        if len(m.group(1).split()) <= 12:
            spans.append(m.span())
    spans.sort()
    return spans


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


class QuantityFinder:
    """Finds the quantities in a stretch of text."""

    def __init__(self, lex: Lexicon | None = None) -> None:
        self.lex = lex or lexicon()
        (self.before_cue, self.strong_cue, self.after_cue, self.stops, self.classifiers, self.classifier_heads) = _cues()

    # --- pieces -------------------------------------------------------

    def _item(self, text: str, pos: int) -> tuple[str | None, int]:
        """The counted noun phrase after ``pos``: (item, end)."""
        words: list[str] = []
        end = pos
        cursor = pos
        while len(words) < MAX_ITEM_WORDS:
            m = _WORD.match(text, cursor)
            if m is None or m.start(1) - cursor > 2:
                break
            w = m.group(1)
            if w.lower() in self.stops:
                break
            words.append(w)
            end = cursor = m.end(1)
        return (" ".join(words) if words else None), end

    def _per(self, text: str, pos: int) -> tuple[str | None, int]:
        m = _PER_CHAIN.match(text, pos)
        if m is not None:
            return m.group()[1:], m.end()
        m = _PER.match(text, pos)
        if m is not None:
            return m.group(1), m.end()
        return None, pos

    def _number_after(self, text: str, pos: int) -> numbers.NumberMatch | None:
        return numbers.match_number(text, pos)

    # --- the grammar -------------------------------------------------

    def find(self, text: str) -> list[QuantityMatch]:
        protected = _protected_spans(text)
        found: list[QuantityMatch] = []
        taken_until = 0

        candidates: list[tuple[int, str, object]] = []
        for m in self.lex.vague_re.finditer(text):
            candidates.append((m.start(), "vague", m))
        for m in _MULTIPLIER_WORDS.finditer(text):
            candidates.append((m.start(), "multiplier", m))
        for nm in numbers.find_numbers(text):
            candidates.append((nm.start, "number", nm))
        for m in _BARE_NUMBER_WORD.finditer(text):
            candidates.append((m.start(), "bare", m))
        candidates.sort(key=lambda c: (c[0], c[1] != "vague"))

        for start, kind, obj in candidates:
            if start < taken_until:
                continue
            if kind == "vague":
                q = self._vague(text, obj)  # type: ignore[arg-type]
            elif kind == "multiplier":
                q = self._multiplier_word(obj)  # type: ignore[arg-type]
            elif kind == "bare":
                q = self._bare(text, obj, protected)  # type: ignore[arg-type]
            else:
                q = self._number(text, obj, protected)  # type: ignore[arg-type]
            if q is not None:
                found.append(q)
                taken_until = q.end
            elif kind == "number":
                taken_until = max(taken_until, obj.end)  # type: ignore[union-attr]
        return found

    def _finish(self, text: str, start: int, num_end: int, value: Decimal, *, approx: str | None,
                value_max: Decimal | None = None, total: Decimal | None = None,
                magnitude: bool = False, year_like: bool = False, after_name: bool = False) -> QuantityMatch | None:
        """Unit, item, per and trailing approximation after a number ending at ``num_end``."""
        um = self.lex.unit_at(text, num_end)
        if um is not None and _ROAD_BEFORE.search(text, max(0, start - 12), start) and _NAME_AFTER.match(text, um.end):
            return None  # a road named by its width: "đường 40m Ngọc Thụy – Bồ Đề"
        if um is not None:
            u = um.unit
            f = u.factor
            per, _ = self._per(text, um.end)
            after = self.lex.approx_after_at(text, um.end)
            if after and approx is None:
                approx = after[1]
            return QuantityMatch(
                start, um.end, u.kind, value * f,
                value_max * f if value_max is not None else None,
                total * f if total is not None else None,
                u.unit, None, per, approx,
            )
        # a multiplier: "gấp 2 lần"
        if _MULTIPLIER_BEFORE.search(text, max(0, start - 8), start):
            lan = _LAN.match(text, num_end)
            if lan:
                return QuantityMatch(text.rfind("gấp", 0, start), lan.end(), "other", value, value_max)
        item, item_end = self._item(text, num_end)
        if self.after_cue.match(text, num_end):
            return None  # a slogan or a time: "3 giảm, 3 tăng", "5 có", "7 giờ"
        if item is None and magnitude and value >= MONEY_BY_MAGNITUDE:
            # "hỗ trợ 20 triệu" in a report is money when nothing else is counted
            return QuantityMatch(start, num_end, "money", value, value_max, total, "VND", None, None, approx)
        head = item.split()[0].lower() if item else None
        if year_like and (head is None or head not in self.classifier_heads):
            return None
        if after_name and not magnitude and (head is None or head not in self.classifier_heads):
            return None  # "trường Ngọc Thụy 2", "Tổ dân phố 22"
        per, _ = self._per(text, item_end) if item else (None, item_end)
        after = self.lex.approx_after_at(text, item_end if item else num_end)
        if after and approx is None:
            approx = after[1]
        kind = "rate" if per else "count"
        return QuantityMatch(start, num_end, kind, value, value_max, total, None, item, per, approx)

    def _approx_start(self, text: str, start: int, *, ratio: bool = False) -> tuple[int, str | None]:
        hit = self.lex.approx_before_at(text, start)
        if hit is None:
            return start, None
        word = text[hit[0]:start].strip().lower()
        if ratio and word.startswith("vượt"):
            return start, None  # "đạt và vượt 11/11 chỉ tiêu": targets exceeded, not "more than 11"
        if word == "trên" and _PREPOSITION_TREN.search(text, max(0, hit[0] - 40), start):
            return start, None
        return hit

    def _number(self, text: str, nm: numbers.NumberMatch, protected: list[tuple[int, int]]) -> QuantityMatch | None:
        if _inside(protected, nm.start, nm.end):
            return None
        if nm.leading_zero and len(nm.digits.replace(".", "").replace(" ", "")) >= 4:
            return None  # a code or phone number, not an amount
        before = text[max(0, nm.start - 40):nm.start]
        if self.strong_cue.search(before):
            return None
        weak_cue = bool(self.before_cue.search(before))
        value = nm.value
        end = nm.end
        value_max = total = None
        magnitude = nm.magnitude is not None

        # ratio: "21/21", "229.010.000/120.000.000đ"
        ratio = _RATIO_SEP.match(text, end)
        if ratio is not None and text[end:ratio.end()].strip() == "/":
            other = self._number_after(text, ratio.end())
            if other is not None and not _inside(protected, other.start, other.end):
                total, end = other.value, other.end
                magnitude = magnitude or other.magnitude is not None
        if total is None:
            rng = _RANGE_SEP.match(text, end)
            if rng is not None:
                other = self._number_after(text, rng.end())
                if other is not None and not _inside(protected, other.start, other.end) and other.value >= value:
                    if other.magnitude is not None and nm.magnitude is None:
                        value = value * other.magnitude  # "5-7 triệu"
                        magnitude = True
                    value_max, end = other.value, other.end
                elif (
                    other is not None and other.magnitude is not None and nm.magnitude is None
                    and other.value >= value * other.magnitude
                ):
                    value, value_max, end, magnitude = value * other.magnitude, other.value, other.end, True

        year_like = (
            not nm.words and nm.magnitude is None and total is None and value_max is None
            and nm.digits.isdigit() and len(nm.digits) == 4 and YEAR_MIN <= int(nm.digits) <= YEAR_MAX
        )
        start, approx = self._approx_start(text, nm.start, ratio=total is not None)
        cap = _CAPITALISED_WORD_BEFORE.search(before)
        # a number right after a capitalised word that does not open the sentence is part of a name
        after_name = cap is not None and not _SENTENCE_START_BEFORE.search(before[: cap.start(1)])
        q = self._finish(text, start, end, value, approx=approx, value_max=value_max, total=total,
                         magnitude=magnitude, year_like=year_like, after_name=after_name)
        if q is None:
            return None
        if weak_cue and q.kind in ("count", "rate", "duration") and not magnitude:
            return None  # "số 18", "năm 2018", "kỷ niệm 15 năm", "tháng 11"
        return q

    def _vague(self, text: str, m: regex.Match[str]) -> QuantityMatch | None:
        value = self.lex.vague_value(m.group(2))
        approx = self.lex.vague_lead[m.group(1).lower()]
        q = self._finish(text, m.start(), m.end(), value, approx=approx, magnitude=False)
        if q is None:
            return QuantityMatch(m.start(), m.end(), "count", value, approx=approx)
        return replace(q, approx=approx)

    def _multiplier_word(self, m: regex.Match[str]) -> QuantityMatch:
        return QuantityMatch(m.start(), m.end(), "other", _MULTIPLIER_VALUES[m.group(1).lower()])

    def _bare(self, text: str, m: regex.Match[str], protected: list[tuple[int, int]]) -> QuantityMatch | None:
        """A single number word ("một", "hai") before a unit or a classifier noun."""
        if _inside(protected, m.start(), m.end()):
            return None
        prev = text[max(0, m.start() - 12):m.start()].split()
        if prev and (prev[-1].lower() in _NUMBER_WORDS_FOR_IDIOM or prev[-1][-1:].isdigit()):
            return None  # "một hai người": an idiom; "15 năm ngày ...": not a number word
        nxt = text[m.end(1):m.end(1) + 12].split()
        if nxt and nxt[0].lower() in _NUMBER_WORDS_FOR_IDIOM and nxt[0].lower() != "năm":
            return None
        if _bare_idioms().match(text, m.start()):
            return None
        nm = numbers.match_number(text, m.start(), allow_bare_words=True)
        if nm is None:
            return None
        um = self.lex.unit_at(text, nm.end)
        item, _ = self._item(text, nm.end)
        if um is None:
            if item is None:
                return None
            words = item.lower().split()
            if not any(" ".join(words[:n]) in self.classifiers for n in range(1, len(words) + 1)):
                return None
        start, approx = self._approx_start(text, nm.start)
        return self._finish(text, start, nm.end, nm.value, approx=approx)


@cache
def finder() -> QuantityFinder:
    return QuantityFinder()


def find_quantities(text: str) -> list[QuantityMatch]:
    """All quantities in ``text`` (positions relative to it)."""
    return finder().find(text)


def parse_quantity(expression: str) -> QuantityMatch | None:
    """The first quantity in one expression ("hơn 4,2 tỷ đồng"), or None."""
    found = find_quantities(expression)
    return found[0] if found else None
