"""Periods: years, ranges of years and reporting periods.

"năm 2018" -> 2018; "giai đoạn 2016-2020", "nhiệm kỳ 2015 - 2020",
"05 năm (2017-2022)" -> 2016-2020 ...; "từ năm 2011 đến nay" -> 2011-nay (the
linker ends it with the article's own period where it can); "từ 2016 đến 2020",
"giai đoạn 2016 đến 2020" -> 2016-2020; "tháng 11,12/2018", "quý I/2024" -> the
year. A year right after a name is that event's edition ("Ecopark Marathon 2021",
"Festival Huế 2022" -> 2021, 2022), unless the name is a law's ("Luật Đất đai 2013").
A full date's year is a period (SPEC §4.1: "Từ ngày 10/10 đến ngày 30/11/2020,
... tiếp nhận" -> 2020), except where it dates a document ("Kế hoạch số 77-KH/HU,
ngày 15/5/2017"); the year after a document code ("Quyết định số 123/QĐ-UBND năm
2021") is the document's too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import regex

from . import resources
from .prefilter import alternation, finditer_from, lowered, matches_at

YEAR = r"(?:19[4-9]\d|20\d{2}|2100)"


# a document code right before "năm 2021": "123/QĐ-UBND", "05-CT/TW"
_DOCUMENT_CODE = regex.compile(r"(?<![\p{L}\d])\d+[-/][\p{L}\d/-]*\p{Lu}[\p{L}\d/-]*\s+$")
# "Luật Ngân sách năm 2002", "Bộ luật Hình sự năm 2015", "Hiến pháp năm 2013": a law's year, not a period
_LAW_NAME = regex.compile(r"(?<![\p{L}])(?:(?:[Ll]uật|[Pp]háp lệnh)(?:[ ]+\p{Lu}[\p{L}]*(?:[ ]+\p{Ll}+){0,3}){1,3}|[Hh]iến pháp)\s+$")


_FOUR_DIGITS = regex.compile(r"\d{4}")


#: The period of a "năm nay" mention until the pipeline knows the article's year.
THIS_YEAR = "this-year"


@dataclass(frozen=True, slots=True)
class PeriodMatch:
    start: int
    end: int
    period: str  # "2018", "2016-2020", "2011-nay", or THIS_YEAR
    is_range: bool


_alt = alternation


@cache
def _firsts() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """What a match of each pattern of :func:`_patterns` opens with (a year's first two digits,
    or a cue's first word): the patterns are tried only there."""
    cues = resources.yaml_table("period_cues.yaml")
    years = ("19", "20", "21")
    return ((*years, *sorted({h.split()[0].lower() for h in cues["range_heads"]})),
            tuple(sorted({h.split()[0].lower() for h in cues["year_heads"]})), ("tháng", "quý"))


@cache
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    cues = resources.yaml_table("period_cues.yaml")
    until_now = _alt(cues["until_now"])
    heads = _alt(cues["range_heads"])
    rng = regex.compile(
        rf"(?<![\d/])(?P<a>{YEAR})\s?[-–—]\s?(?P<b>{YEAR})(?![\d/])"
        rf"|(?<![\p{{L}}])(?:{heads})\s+(?:năm\s+)?(?P<c>{YEAR})\s+(?:(?:đến|tới)\s+(?:hết\s+|cuối\s+)?(?:năm\s+)?(?P<d>{YEAR})(?![\d/])|(?P<now>{until_now}))",
        regex.IGNORECASE,
    )
    year = regex.compile(rf"(?<![\p{{L}}])(?:{_alt(cues['year_heads'])})\s+(?P<y>{YEAR})(?![\d/])", regex.IGNORECASE)
    month_year = regex.compile(
        rf"(?<![\p{{L}}])(?:tháng\s+\d{{1,2}}(?:\s?[,-]\s?\d{{1,2}})*|quý\s+(?:[1-4]|I{{1,3}}|IV))/(?P<y>{YEAR})(?!\d)",
        regex.IGNORECASE)
    return rng, year, month_year


@cache
def _edition() -> regex.Pattern[str]:
    """A year right after a capitalised word that is not a cue or a law's head: the edition of
    a named event ("Ecopark Marathon 2021", "SEA Games 2019", "Festival Huế 2022")."""
    cues = resources.yaml_table("period_cues.yaml")
    return regex.compile(rf"(?<![\p{{L}}])(?!(?i:{_alt(cues['not_edition_heads'])})\s)\p{{Lu}}[\p{{L}}\d]*\s(?P<y>{YEAR})(?![\d/,.]\d|[\d/]|\s?[-–—]\s?\d)")


@cache
def _this_year() -> regex.Pattern[str]:
    cues = resources.yaml_table("period_cues.yaml")
    return regex.compile(rf"(?<![\p{{L}}])(?:{_alt(cues['this_year'])})(?![\p{{L}}])(?!\s*(?:\d|tới|qua|trước|sau|học))",
                         regex.IGNORECASE)


# what may be a year, after one blank: an edition's capitalised word ends right before the blank
# (the digits open the pattern and the blank is looked behind for: `re` scans for a leading
# character quickly, but tries a leading blank class at every position)
_EDITION_HINT = re.compile(r"(?:19|20|21)(?<=\s..)\d\d")


def _edition_starts(text: str) -> list[int]:
    """Every position an edition's capitalised word can start at (a superset; the pattern
    itself checks each): inside the run of letters and digits right before a year."""
    starts: list[int] = []
    for m in _EDITION_HINT.finditer(text):
        end = i = m.start() - 1
        while i > 0 and text[i - 1].isalnum():
            i -= 1
        starts.extend(range(i, end))
    return starts


# a full date: "ngày 30/11/2020", "30/11/2020" (its year is a period unless it dates a document)
_FULL_DATE = regex.compile(rf"(?<![\d/])(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])/(?P<y>{YEAR})(?![\d/])")
# "Kế hoạch số 77-KH/HU, ngày 15/5/2017", "Quyết định ... ký ngày": the date of a document
_DATED_DOCUMENT = regex.compile(
    r"(?:^|[^\p{L}])(?:số|chỉ thị|quyết định|kế hoạch|nghị quyết|nghị định|thông tư|công văn|hướng dẫn|thông báo|tờ trình|"
    r"văn bản|kết luận|ban hành|ký|\p{Lu}{1,6}/\p{Lu}{1,6})[^.;:\n]{0,60}$",
    regex.IGNORECASE | regex.REVERSE,
)


@cache
def _this_year_firsts() -> tuple[str, ...]:
    return tuple(sorted({w.split()[0].lower() for w in resources.yaml_table("period_cues.yaml")["this_year"]}))


@cache
def _this_year_common() -> tuple[str, ...]:
    """The words every "năm nay" cue holds (lower case): a text without one of them has none."""
    phrases = [set(w.lower().split()) for w in resources.yaml_table("period_cues.yaml")["this_year"]]
    return tuple(sorted(set.intersection(*phrases)))


def find_periods(text: str) -> list[PeriodMatch]:
    """Period mentions in ``text``, left to right, not overlapping; "năm nay" and "trong năm"
    are THIS_YEAR (the pipeline resolves them to the article's year)."""
    low = lowered(text)
    if low is not None and len(low) == len(text) and not all(w in low for w in _this_year_common()):
        relative = []  # a word every cue holds is missing (lower case is a guide here, as for finditer_from)
    else:
        relative = [PeriodMatch(m.start(), m.end(), THIS_YEAR, False)
                    for m in finditer_from(_this_year(), text, low, _this_year_firsts())]
    if not _FOUR_DIGITS.search(text):
        return relative
    rng, year, month_year = _patterns()
    rng_firsts, year_firsts, month_year_firsts = _firsts()
    found: list[PeriodMatch] = []
    for m in finditer_from(rng, text, low, rng_firsts):
        if m.group("a"):
            a, b = int(m.group("a")), int(m.group("b"))
            if a < b:
                found.append(PeriodMatch(m.start(), m.end(), f"{a}-{b}", True))
        elif m.group("d"):
            if int(m.group("c")) < int(m.group("d")):
                found.append(PeriodMatch(m.start(), m.end(), f"{m.group('c')}-{m.group('d')}", True))
        else:
            found.append(PeriodMatch(m.start(), m.end(), f"{m.group('c')}-nay", True))
    for pattern, firsts in ((month_year, month_year_firsts), (year, year_firsts)):
        for m in finditer_from(pattern, text, low, firsts):
            if pattern is year and (_DOCUMENT_CODE.search(text, max(0, m.start() - 40), m.start())
                                    or _LAW_NAME.search(text, max(0, m.start() - 60), m.start())):
                continue  # "Quyết định số 123/QĐ-UBND năm 2021", "Luật Ngân sách năm 2002": the document's year
            if not any(p.start < m.end() and m.start() < p.end for p in found):
                found.append(PeriodMatch(m.start("y") if pattern is year else m.start(), m.end(), m.group("y"), False))
    for m in matches_at(_edition(), text, _edition_starts(text)):
        if not any(p.start < m.end() and m.start() < p.end for p in found):
            found.append(PeriodMatch(m.start("y"), m.end(), m.group("y"), False))
    if "/" in text:  # SPEC §4.1: a date's year is a period ("Từ ngày 10/10 đến ngày 30/11/2020, ... tiếp nhận")
        for m in _FULL_DATE.finditer(text):
            if _DATED_DOCUMENT.match(text, max(0, m.start() - 80), m.start()):
                continue
            if not any(p.start < m.end() and m.start() < p.end for p in found):
                found.append(PeriodMatch(m.start(), m.end(), m.group("y"), False))
    found += [r for r in relative if not any(p.start < r.end and r.start < p.end for p in found)]
    found.sort(key=lambda p: p.start)
    return found
