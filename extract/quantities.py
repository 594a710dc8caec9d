"""The quantity grammar of SPEC §4: numbers with their approximation,
range, ratio, unit, counted item and divisor, and the rules that say when a
number is *not* a quantity (dates, codes, names, ordinals, slogans).

Works on one stretch of cleaned text at a time (a sentence); positions are
relative to the string it is given. Numbers themselves are read by
:mod:`extract.numbers`; vocabulary lives in the data tables.

Rules of quantity_cues.yaml settled here: cents after a currency add their share
("5 đô la và 23 xu" = 5,23 USD); "x/y" before a unit of measure is a fraction when x < y
and y is a listed denominator ("3/4m" = 0,75 m), else a ratio ("21/21 khu phố"); a
currency code glued before a number is money ("USD1,23"); "1,2M" alone is a count.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

import re

import regex

from . import numbers, resources
from .prefilter import finditer_from, lowered, matches_at
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
    (?=[\d(kK])  # every stretch below starts here: lets the scan skip other positions
    (?=(?<!\d)\d|\(|[kK](?i:m))  # ... at the first digit of a run, a bracket or "km": tries fewer of them
    (?:
      (?<!\d)\d{1,2}/\d{1,2}/\d{2,4}(?!\d)                      # 15/5/2017
    | (?<![\d/])(?:0?[1-9]|1[0-2])/(?:19|20)\d{2}(?![\d/])      # 12/2018 (month/year)
    | (?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)                     # 15:48
    | (?<!\d)\d{1,2}h\d{2}(?!\d)                                # 9h30
    | (?<![\p{L}\d])\d+(?:[/.]\d+)*\s?[-–/]\s?\p{Lu}{2,}\p{L}*(?:[-/]\p{L}+)*   # 23-CT/TU, 2525/QĐ-UBND, 120 - KL/TW
    | (?<!\d)(?:19|20)\d{2}\s?[-–]\s?(?:19|20)\d{2}(?!\d)       # 2016-2020 (a period)
    | (?<!\d)(?:19|20)\d{2}/(?:19|20)\d{2}(?!\d)              # 2019/2020 (a school or crop year)
    | (?<![\d.])(?:19|20)\d{2}-[01]\d-[0-3]\d(?!\d)              # 2017-05-09 (ISO date)
    | (?<!\d)0\d{2,3}[ .]?\d{3}[ .]?\d{3,4}(?!\d)               # phone numbers
    | (?<![\d.,])1[89]00[ .]?\d{3,4}(?!\d)                       # hotlines: 1900 1234
    | (?i:km)\s?\d+\s?\+\s?\d+                                   # road chainage: Km 15+500
    | \(\s*(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])\s*\)     # "(20/11)": a date in brackets
    | (?<![\d/])\d{1,2}[-.]\d{1,2}[-.](?:19|20)\d{2}(?!\d)        # 15-5-2017, 15.5.2017
    | \(\s*(?:0?[1-9]|[12]\d|3[01])-(?:0?[1-9]|1[0-2])\s*\)          # "(27-7)": a day in brackets
    | (?<![\d/.,])(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])\s*(?:[-–]|đến|tới)\s*(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])(?![\d])
                                                               # 01/01 đến 31/12: from one day to another
    )
    """,
    regex.VERBOSE,
)
# Where a stretch of _PROTECTED can start, found with `re`, whose scan and match cost far less than
# `regex` trying the whole alternation: the first digit of a run followed by what one of the digit
# stretches needs next (a superset of their openings, so the matches are the same), a bracket or "km"
_DIGIT_RUN = re.compile(r"\d(?<!\d\d)")
_PROTECTED_NEXT = re.compile(r"\d\d?[/:h]|\d\d?[-.]\d\d?[-.]|\d+(?:[/.]\d+)*.?[-–/]|0\d\d|1[89]00", re.DOTALL)
_KM = ("km", "kM", "Km", "KM")


def _protected_starts(text: str) -> list[int]:
    """Positions where _PROTECTED can match, ascending (tests/test_quantities.py checks the superset)."""
    starts = [m.start() for m in _DIGIT_RUN.finditer(text) if _PROTECTED_NEXT.match(text, m.start())]
    for opener in ("(",) + _KM:
        if opener in text:
            at = text.find(opener)
            while at >= 0:
                starts.append(at)
                at = text.find(opener, at + 1)
    starts.sort()
    return starts


# A time of day after "lúc"/"vào": "lúc 8 giờ 30 phút", "vào 7h"
# A time of day: after "lúc", "vào", "từ", "đến", "trước", "sau" ("lúc 8 giờ 30 phút", "trước 15 giờ"),
# or followed by a date or a part of the day, or with zero-padded minutes ("15 giờ ngày 20/6",
# "7 giờ sáng", "15 giờ 00 phút")
_TIME_AFTER_CUE = regex.compile(
    r"(?<![\p{L}])(?:vào\s+)?(?:lúc|vào|từ|đến|tới|trước|sau)\s+(\d{1,2}\s?(?:giờ|h)(?:\s?\d{1,2}(?:\s?phút)?)?)(?![\p{L}\d])",
    regex.IGNORECASE)
_TIME_WITH_DATE = regex.compile(
    r"(?<![\p{L}\d.,])(\d{1,2}\s?(?:giờ|h)(?:\s?0\d\s?phút|(?=\s+(?:ngày|sáng|chiều|tối|trưa|đêm)(?![\p{L}]))))",
    regex.IGNORECASE)
# Letters glued before digits open a name or code ("Covid-19", "A4", "NO1"; not the "tr2" of
# "1tr2"); the cheap hint (a digit right after a letter, or after a letter and a hyphen; found from the
# digit, rarer than letters) keeps the scan off most texts.
_NAME_WITH_DIGITS = regex.compile(r"(?<![\p{L}\p{N}])(\p{L}++)[-‐]?\d+")
_NAME_WITH_DIGITS_HINT = re.compile(r"\d(?:(?<=[^\W\d_]\d)|(?<=[^\W\d_][-‐]\d))")
# List numbering at the start of a line or after ";"/":": "1. Công tác", "2.1) Kết quả", "3/ Về ...",
# "Tài liệu tham khảo: 1. Tổng cục ...; 2. Bộ ..."
_LIST_NUMBER_AT = re.compile(r"[\t ]*\(?\d")  # what a list number opens with: tried first, with `re`
_LIST_NUMBER = regex.compile(r"(?:^|(?<=[;:][\t ]))[\t ]*\(?\d{1,2}(?:\.\d{1,2})*[.)/](?=[\t ]+\p{Lu}|[\t ]*$)", regex.MULTILINE)
# A word, a spaced dash and a number name a thing: "Covid – 19", "dịch covid – 19"
_SPACED_DASH_NAME = regex.compile(r"(?<![\p{L}\p{N}])\p{L}{3,}[ \u00a0][-–‐][ \u00a0]?\d{1,3}(?![\d.,]\d|\s*(?:\p{L}))")
# A day/month right after a capitalised name is a date: "ngày Thương binh liệt sỹ 27/7", "Quốc khánh 2/9"
# (the lookahead, implied by the day, lets the scan skip to digits)
_NAMED_DAY = regex.compile(r"(?=[0-9])(?<=(?:\p{Lu}\p{Ll}*|(?i:ngày)[ ]\p{Lu}[^\d\n]{0,40})[ ])(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])(?![\d/])(?=\s*(?:$|[.,;:)]|\p{Lu}))")
# "1 giờ 18 phút 35 giây": one duration, in its smallest unit
_NEXT_TIME_PART = regex.compile(r"\s*(\d{1,2})\s?(phút|giây)(?![\p{L}])", regex.IGNORECASE)
_TIME_PARTS = {"hour": ("minute", "phút"), "minute": ("second", "giây")}
# A short phrase in quotes is a name ("5 có, 3 sạch", "3 giảm, 3 tăng"), not a figure.
_QUOTED_NAME = regex.compile(r"[“\"]([^“”\"\n]{1,80})[”\"]")

_RANGE_SEP_WORDS = ("-", "–", "—", "đến", "tới")  # a range's separators ("10 - 15", "10 đến 15")
_RANGE_SEP = regex.compile(r"\s*(?:" + "|".join(map(regex.escape, _RANGE_SEP_WORDS)) + r")\s*")
_RATIO_SEP = regex.compile(r"\s?/\s?")
_HALF_AFTER_UNIT = regex.compile(
    r"\s+(?:" + "|".join(regex.escape(r["word"]) for r in resources.tsv("number_words.tsv") if r["role"] == "half")
    + r")(?![\p{L}])", regex.IGNORECASE,
)
_RATIO_CHAIN = regex.compile(r"(?:\s?/\s?\d+)+")
_PER = regex.compile(r"/\s?(?:1\s?|một\s)?(\p{L}[\p{L}\d²³]*(?:\s\p{L}+)?)(?=$|[^\p{L}])")
_PER_CHAIN = regex.compile(r"(?:/\p{L}[\p{L}\d²³]*)+")
# a phone or fax number in groups: "0236 3822 123", "(024) 3825 1234" (the lookahead, implied by
# what follows, lets the scan skip to "(" and "0")
_PHONE = regex.compile(r"(?=[(0])(?<![\d.,])\(?0\d{1,3}\)?(?:[ .-]?\d{2,4}){2,4}(?!\d)")
_PHONE_DIGITS = (9, 11)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_GLUED_LETTER = regex.compile(r"\p{L}")
_BLANKS = regex.compile(r"\s+")
_LETTER_WORDS = regex.compile(r"\p{L}+")
_NAME_BEFORE = regex.compile(r"(?<![.!?:…]\s*)\p{Lu}\p{L}*\s+$")  # a capitalised word, not a sentence start
_SEGMENT_BREAK = regex.compile(r"[;:()]|[,.](?!\d)")  # not the separators inside "500.000", "8,5"
_ELIDED_END = regex.compile(r"\s*(?:[,;.]|$)")
_BRACKETED = regex.compile(r"\s?\(\s*([^()\n]{1,80}?)\s*\)")
_WORD = regex.compile(r"\s+(\p{L}+)")
_MULTIPLIER_BEFORE = regex.compile(r"(?:^|(?<=[^\p{L}]))gấp\s+$", regex.IGNORECASE)
_MULTIPLIER_WORDS = regex.compile(r"(?<![\p{L}])gấp\s+(đôi|rưỡi|ba|bốn|năm|mười)(?![\p{L}])", regex.IGNORECASE)
_MULTIPLIER_VALUES = {"đôi": Decimal(2), "rưỡi": Decimal("1.5"), "ba": Decimal(3), "bốn": Decimal(4), "năm": Decimal(5), "mười": Decimal(10)}
_LAN = regex.compile(r"\s?lần(?![\p{L}])")
# "năm" is left out: alone it means "year" far more often than "five"
_BARE_WORDS = ("một", "hai", "ba", "bốn", "sáu", "bảy", "bẩy", "tám", "chín", "mười")
_BARE_NUMBER_WORD = regex.compile(r"(?<![\p{L}\p{N}])(" + "|".join(_BARE_WORDS) + r")\s+(?=\p{L})", regex.IGNORECASE)
# ... but before a unit that is not a time ("năm đô la", "năm USD", "năm tấn") it is five
_NAM_BEFORE_UNIT = regex.compile(r"(?<![\p{L}\p{N}])(năm)\s+(?=\p{L})", regex.IGNORECASE)
_NUMBER_WORDS_FOR_IDIOM = {"một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười", "dăm", "vài"}
# Cues that must end where the text before a number ends ("...\s+$") are compiled REVERSE
# and *matched*: a backwards match is anchored at the end of the window, so only the end is
# tried, not every start in it; it finds what a search would (blanks absorb a final newline).
_CAPITALISED_WORD_BEFORE = regex.compile(r"(?:^|[^\p{L}])(\p{Lu}\p{Ll}*)\s+$", regex.REVERSE)
_SENTENCE_START_BEFORE = regex.compile(r"(?:^|[.!?:;(\n“\"]\s*)$", regex.REVERSE)

_ROAD_BEFORE = regex.compile(r"(?:^|[^\p{L}])(?:đường|phố|đại lộ)\s+$", regex.IGNORECASE | regex.REVERSE)
_NAME_AFTER = regex.compile(r"\s+\p{Lu}\p{Ll}*\s+\p{Lu}")
# "trên" after a counted noun is the preposition "on/across": "14 tuyến trên 6 phường"
# "17 xã trên 20": "trên" between two counts is "out of"; not after a year ("năm 2022 có trên 25.000")
_PREPOSITION_TREN = regex.compile(r"(?<![\d.,])(?!(?:19|20)\d\d(?!\d|[.,]\d))\d[\d.,]*(?:\s+\p{Ll}+){1,3}\s+trên\s+$")

MAX_ITEM_WORDS = 4
YEAR_MIN, YEAR_MAX = 1900, 2100
MONEY_BY_MAGNITUDE = Decimal(10) ** 6


def _words_re(words: list[str]) -> str:
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _last_words(words: list[str]) -> tuple[str, ...]:
    """The last word of each phrase, lower case: a match of ``_words_re(words)`` holds one."""
    return tuple(sorted({w.split()[-1].lower() for w in words}))


def _may_stand(text: str, lo: int, hi: int, words: tuple[str, ...]) -> bool:
    """False only if none of the lower-case ``words`` stands in ``text[lo:hi]`` in any case, so
    that no case-insensitive pattern holding one of them can match there (exact where
    prefilter.lowered() is; the sentence's lowered text is cached)."""
    low = lowered(text)
    if low is None or len(low) != len(text):
        return True
    for w in words:
        if low.find(w, lo, hi) >= 0:
            return True
    return False


# regex's \s: str's spaces but four control characters, all below U+3001 (tests/test_quantities.py)
_SPACES = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace() and regex.match(r"\s", ch))


def _final_chars(piece: str) -> frozenset[str] | None:
    """The characters, lower case, a match of the regex ``piece`` can end with before the spaces
    that end it; None when that is not plain (an unknown construct, a match of spaces only)."""
    try:
        from re import _parser

        parsed = _parser.parse(piece)
    except Exception:  # noqa: BLE001 - no `re` reading, no split
        return None
    ends = _ends(list(parsed))
    if ends is None or ends[1] or any(lowered(ch) is None or len(ch.lower()) != 1 for ch in ends[0]):
        return None
    return frozenset(ch.lower() for ch in ends[0])


def _ends(items: list) -> tuple[set[str], bool] | None:
    """(last non-space characters, may match only spaces or nothing) of a parsed sequence."""
    chars: set[str] = set()
    for op, av in reversed(items):
        name = str(op)
        if name in ("ASSERT", "ASSERT_NOT", "AT"):
            continue  # zero-width
        if name == "LITERAL":
            if chr(av) in _SPACES:
                continue
            return chars | {chr(av)}, False
        if name == "IN" and all(str(o) == "LITERAL" for o, _ in av):
            members = {chr(a) for _, a in av}
            chars |= members - set(_SPACES)
            if not members & set(_SPACES):
                return chars, False
            continue
        if name == "IN" and [(str(o), str(a)) for o, a in av] == [("CATEGORY", "CATEGORY_SPACE")]:
            continue
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            sub = _ends(list(av[2]))
        elif name == "SUBPATTERN":
            sub = _ends(list(av[3]))
        elif name == "BRANCH":
            subs = [_ends(list(b)) for b in av[1]]
            sub = None if None in subs else (set().union(*(c for c, _ in subs)), any(e for _, e in subs))
        else:
            return None
        if sub is None:
            return None
        chars |= sub[0]
        if not sub[1] and not (name in ("MAX_REPEAT", "MIN_REPEAT") and av[0] == 0):
            return chars, False
    return chars, True


class _EndCue:
    """A cue ``(?:^|[^\\p{L}])(?:piece|...)\\s*$`` matched backwards at the end of the text
    before a figure, asked only whether it matches. Its pieces are split by the last character
    they can end with: only those that can end with the character before the text's final
    spaces are tried (case-insensitively: exact where prefilter.lowered() is)."""

    def __init__(self, pieces: list[str]) -> None:
        self.pattern = self._compile(pieces)
        groups: dict[str, list[str]] | None = {}
        for piece in pieces:
            ends = _final_chars(piece)
            if ends is None:
                groups = None
                break
            for ch in ends:
                groups.setdefault(ch, []).append(piece)  # type: ignore[union-attr]
        self.by_last = None if groups is None else {ch: self._compile(ps) for ch, ps in groups.items()}

    @staticmethod
    def _compile(pieces: list[str]) -> regex.Pattern[str]:
        alternation = "|".join(f"(?:{p})" for p in pieces)
        return regex.compile(rf"(?:^|[^\p{{L}}])(?:{alternation})\s*$", regex.IGNORECASE | regex.REVERSE)

    def match(self, before: str) -> bool:
        core = before.rstrip(_SPACES)
        last = core[-1:]
        if self.by_last is None or not last or lowered(last) is None or len(last.lower()) != 1:
            return self.pattern.match(before) is not None
        group = self.by_last.get(last.lower())
        return group is not None and group.match(before) is not None


@dataclass(frozen=True, slots=True)
class _Cues:
    before: _EndCue  # weak: a name/code/date part unless a unit or magnitude follows
    strong: _EndCue  # always a name or ordinal
    after: regex.Pattern[str]  # slogans, times
    date: regex.Pattern[str]  # "ngày 12/3": a day/month without the year
    per: regex.Pattern[str]  # "mỗi hộ" after a figure
    multiplier_verb: regex.Pattern[str]  # "tăng 1,5 lần": a verb of change before "<n> lần"
    multiplier_verb_words: tuple[str, ...]  # a word every multiplier_verb match holds (see _may_stand)
    per_before: regex.Pattern[str]  # "mỗi " before a figure, in its segment ("mỗi suất trị giá ...")
    per_words: tuple[str, ...]  # a word every per and per_before match holds
    per_strict_words: tuple[str, ...]  # ... and every per_strict match
    per_before_stops: regex.Pattern[str]  # where the divisor's noun phrase after "mỗi" ends
    per_strict: regex.Pattern[str]  # "một suất" after a figure: only before a classifier or a time unit
    money_abbrev: regex.Pattern[str]  # "10k", "1tr2": money when nothing is counted
    ratio: regex.Pattern[str]  # "4 trên 5 xã": a spoken x/y
    not_counted: regex.Pattern[str]  # "tổ chức": a verb that looks like a classifier
    score: regex.Pattern[str]  # "hòa 2-2": a score, not a range
    lookalike: regex.Pattern[str]  # "đ/c": an abbreviation, not the unit "đ"
    currency_before: regex.Pattern[str]  # "$", "USD" right before a number
    currency_lasts: frozenset[str]  # the characters they end with
    currencies: dict[str, str]
    currency_suffix: regex.Pattern[str]  # "m" in "$234m"
    suffix_values: dict[str, Decimal]
    subunit_lead: regex.Pattern[str]  # ", và " between "5 đô la" and "23 xu"
    subunit_word: regex.Pattern[str]  # "xu", "xen", "cent"
    subunits: dict[str, Decimal]  # how many make one unit of the currency
    fraction_denominators: frozenset[int]  # "3/4m": a fraction before a unit of measure
    fraction_kinds: frozenset[str]
    count_abbrev: regex.Pattern[str]  # "1,2M": a magnitude that makes no money on its own
    after_magnitude: regex.Pattern[str]  # "bảng" after "triệu": pounds
    after_magnitude_codes: dict[str, str]
    money_items: frozenset[str]  # "tiền": a magnitude counting it is money
    stops: frozenset[str]
    classifiers: frozenset[str]
    classifier_heads: frozenset[str]


@cache
def _cues() -> _Cues:
    data = resources.yaml_table("quantity_cues.yaml")
    classifiers = frozenset(w.lower() for w in resources.lines("classifiers.txt"))
    return _Cues(
        before=_EndCue(data["before"]),
        strong=_EndCue(data["before_strong"]),
        after=regex.compile(rf"\s+(?:{_words_re(data['after_words'])})(?![\p{{L}}])", regex.IGNORECASE),
        date=regex.compile(
            # "ngày 12/3", "ngày 12 và 13/3", "ngày 12 đến 15/10": days, then a month
            rf"(?<![\p{{L}}])(?:{_words_re(data['date_before'])})\s+((?:{_DAY}\s*(?:[-–,]|và|đến|tới)\s*)*{_DAY}[/.-]{_MONTH})(?![\d/]|[.,-]\d)",
            regex.IGNORECASE,
        ),
        per=regex.compile(rf"\s+(?:{_words_re(data['per_words'])})\s+(\p{{L}}+)(?![\p{{L}}\p{{N}}])", regex.IGNORECASE),
        per_strict=regex.compile(
            rf"\s+(?:{_words_re(data['per_words_strict'])})\s+(\p{{L}}+)(?![\p{{L}}\p{{N}}])", regex.IGNORECASE
        ),
        money_abbrev=regex.compile(rf"\d(?:{_words_re(data['money_abbreviations'])})\d*$", regex.IGNORECASE),
        multiplier_verb=regex.compile(rf"(?:^|[^\p{{L}}])(?:{_words_re(data['multiplier_verbs'])})\s+$", regex.IGNORECASE),
        multiplier_verb_words=_last_words(data["multiplier_verbs"]),
        per_before=regex.compile(rf"(?<![\p{{L}}])(?:{_words_re(data['per_words'])})\s+(?=\p{{L}})", regex.IGNORECASE),
        per_words=_last_words(data["per_words"]),
        per_strict_words=_last_words(data["per_words_strict"]),
        # ... or at a number, in digits or words ("mỗi em một suất học bổng trị giá 2 triệu đồng")
        per_before_stops=regex.compile(
            rf"(?<![\p{{L}}])(?:{_words_re([*data['per_before_stops'], *(r['word'] for r in resources.tsv('number_words.tsv'))])})"
            rf"(?![\p{{L}}])|\d",
            regex.IGNORECASE,
        ),
        ratio=regex.compile(rf"\s+(?:{_words_re(data['ratio_words'])})\s+(?=\d)", regex.IGNORECASE),
        not_counted=regex.compile(rf"\s+(?:{_words_re(data['not_counted'])})(?![\p{{L}}])", regex.IGNORECASE),
        score=regex.compile(
            rf"(?<![\p{{L}}])(?:{_words_re(data['score_before'])})(?:\s+\p{{L}}+){{0,4}}?\s+(\d{{1,2}}\s?[-–]\s?\d{{1,2}})(?!\d|[.,]\d)",
            regex.IGNORECASE,
        ),
        lookalike=regex.compile(rf"(?:{_words_re(data['unit_lookalikes'])})(?![\p{{L}}])", regex.IGNORECASE),
        currency_before=regex.compile(rf"(?:^|(?<=[^\p{{L}}\p{{N}}]))({_words_re(list(data['currency_before']))})\s?$", regex.REVERSE),
        currency_lasts=frozenset(code[-1] for code in data["currency_before"]),
        currencies={k: v for k, v in data["currency_before"].items()},
        currency_suffix=regex.compile(rf"({_words_re(list(data['currency_suffixes']))})(?![\p{{L}}\p{{N}}])"),
        suffix_values={k: Decimal(str(v)) for k, v in data["currency_suffixes"].items()},
        after_magnitude=regex.compile(rf"\s+({_words_re(list(data['currency_after_magnitude']))})(?![\p{{L}}])", regex.IGNORECASE),
        after_magnitude_codes={k.lower(): v for k, v in data["currency_after_magnitude"].items()},
        money_items=frozenset(w.lower() for w in data["money_items"]),
        subunit_lead=regex.compile(rf"\s*,?\s+(?:(?:{_words_re(data['subunit_joiners'])})\s+)?", regex.IGNORECASE),
        subunit_word=regex.compile(rf"\s?({_words_re(list(data['currency_subunits']))})(?![\p{{L}}\p{{N}}])",
                                   regex.IGNORECASE),
        subunits={k.lower(): Decimal(v) for k, v in data["currency_subunits"].items()},
        fraction_denominators=frozenset(int(d) for d in data["fraction_denominators"]),
        fraction_kinds=frozenset(data["fraction_unit_kinds"]),
        count_abbrev=regex.compile(rf"\d\s?(?:{_words_re(data['count_abbreviations'])})$"),
        stops=frozenset(w.lower() for w in resources.lines("item_stops.txt")),
        classifiers=classifiers,
        classifier_heads=frozenset(w.split()[0] for w in classifiers),
    )


@cache
def _bare_idioms() -> regex.Pattern[str]:
    phrases = sorted(resources.lines("bare_number_idioms.txt"), key=len, reverse=True)
    return regex.compile(r"(?:" + "|".join(regex.escape(p).replace(r"\ ", r"\s+") for p in phrases) + r")(?![\p{L}])", regex.IGNORECASE)


_DIGIT = regex.compile(r"\d")


_DASH_DIGIT = re.compile(r"[-–‐][ \u00a0]?\d")
_DAY_MONTH = re.compile(r"\d[/.-]\d")
_SPACED_DASH_HINT = re.compile(r"(?<=[^\W\d_])[ \u00a0][-–‐][ \u00a0]?\d")
_SPACED_DASHES = tuple(b + d for b in " \u00a0" for d in "-–‐")  # what the hint needs, found by str's own search
# where a list number can stand: a line's start, or after "; " / ": "
_AFTER_LIST_BREAK = ("\n", "; ", ";\t", ": ", ":\t")


def _line_starts(text: str) -> list[int]:
    """Where a list number can start (see _LIST_NUMBER), ascending: the text's and each line's
    start, and right after "; " or ": "."""
    starts = [0]
    for brk in _AFTER_LIST_BREAK:
        at = text.find(brk)
        while at >= 0:
            starts.append(at + len(brk))
            at = text.find(brk, at + 1)
    return sorted(set(starts))
_HOUR_DIGIT = re.compile(r"\d\s?(?:giờ|h)(?![^\W\d_])", re.IGNORECASE)


@cache
def _cue_firsts() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """What the date, score and time-of-day patterns open with: they are tried only there."""
    data = resources.yaml_table("quantity_cues.yaml")
    first = lambda words: tuple(sorted({w.split()[0].lower() for w in words}))  # noqa: E731
    return first(data["date_before"]), first(data["score_before"]), ("lúc", "vào", "từ", "đến", "tới", "trước", "sau")


def _protected_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if _DIGIT.search(text):  # all but quoted names hold a digit
        spans += [m.span() for m in matches_at(_PROTECTED, text, _protected_starts(text))]
        if _NAME_WITH_DIGITS_HINT.search(text):
            codes = numbers._LEX.glued_codes  # "USD1,23" is money, not a name
            spans += [m.span() for m in _NAME_WITH_DIGITS.finditer(text) if m.group(1) not in codes
                      and not numbers.glued_word(m.group(1))]
        spans += [m.span() for m in matches_at(_LIST_NUMBER, text, [at for at in _line_starts(text) if _LIST_NUMBER_AT.match(text, at)])]
        if any(d in text for d in _SPACED_DASHES) and _SPACED_DASH_HINT.search(text):
            spans += [m.span() for m in _SPACED_DASH_NAME.finditer(text)]
        if "/" in text:
            spans += [m.span() for m in _NAMED_DAY.finditer(text)]
        for m in _PHONE.finditer(text):
            n = sum(ch.isdigit() for ch in m.group())
            if _PHONE_DIGITS[0] <= n <= _PHONE_DIGITS[1]:
                spans.append(m.span())
        date_firsts, score_firsts, time_firsts = _cue_firsts()
        day_month, dash, hour = _DAY_MONTH.search(text), _DASH_DIGIT.search(text), _HOUR_DIGIT.search(text)
        low = lowered(text) if day_month or dash or hour else None
        if day_month:
            spans += [m.span(1) for m in finditer_from(_cues().date, text, low, date_firsts)]
        if dash:
            spans += [m.span(1) for m in finditer_from(_cues().score, text, low, score_firsts)]
        if hour:
            spans += [m.span(1) for m in finditer_from(_TIME_AFTER_CUE, text, low, time_firsts)]
            spans += [m.span(1) for m in _TIME_WITH_DATE.finditer(text)]
    if "\"" in text or "“" in text:  # where a quoted name opens
        for m in _QUOTED_NAME.finditer(text):
            if len(m.group(1).split()) <= 12:
                spans.append(m.span())
    spans.sort()
    return spans


def _range_sep(text: str, pos: int) -> regex.Match[str] | None:
    """``_RANGE_SEP.match(text, pos)``, tried only where a separator follows the spaces (str's
    spaces are regex's \\s and four control characters, none of them a separator)."""
    j, n = pos, len(text)
    while j < n and text[j].isspace():
        j += 1
    return _RANGE_SEP.match(text, pos) if text.startswith(_RANGE_SEP_WORDS, j) else None


def _letter_at(text: str, pos: int) -> bool:
    """Does ``_GLUED_LETTER`` (a letter) match at ``pos``? str answers for ASCII, whose letters are A-Z, a-z."""
    c = text[pos]
    if c.isascii():
        return c.isalpha()
    return _GLUED_LETTER.match(text, pos) is not None


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


class QuantityFinder:
    """Finds the quantities in a stretch of text."""

    def __init__(self, lex: Lexicon | None = None) -> None:
        self.lex = lex or lexicon()
        cues = _cues()
        self.cues = cues
        self.before_cue, self.strong_cue, self.after_cue = cues.before, cues.strong, cues.after
        self.stops, self.classifiers, self.classifier_heads = cues.stops, cues.classifiers, cues.classifier_heads
        # a lower-case number word ends a counted noun: "10 suất quà | một hộ", "3 hộ | năm 2019"
        self.number_words = frozenset(r["word"] for r in resources.tsv("number_words.tsv") if r["role"] == "digit")
        self.time_units = frozenset(u.surface.lower() for u in self.lex.units.values() if u.kind == "duration")
        # the words a vague quantity opens with: its pattern is tried only where they stand
        self.vague_firsts = tuple(sorted({w.split()[0] for w in self.lex.vague_lead}))

    # --- pieces -------------------------------------------------------

    def _item(self, text: str, pos: int) -> tuple[str | None, int]:
        """The counted noun phrase after ``pos``: (item, end)."""
        words: list[str] = []
        end = pos
        cursor = pos
        while len(words) < MAX_ITEM_WORDS:
            if cursor >= len(text) or text[cursor] not in _SPACES:
                break  # _WORD opens with a space
            m = _WORD.match(text, cursor)
            if m is None or m.start(1) - cursor > 2:
                break
            w = m.group(1)
            if w.lower() in self.stops or w in self.number_words:
                break
            words.append(w)
            end = cursor = m.end(1)
        return (" ".join(words) if words else None), end

    def _per(self, text: str, pos: int) -> tuple[str | None, int]:
        if text.startswith("/", pos):  # where _PER_CHAIN and _PER start
            m = _PER_CHAIN.match(text, pos)
            if m is not None:
                return m.group()[1:], m.end()
            m = _PER.match(text, pos)
            if m is not None:
                return m.group(1), m.end()
        strict = False
        m = self.cues.per.match(text, pos) if _may_stand(text, pos, len(text), self.cues.per_words) else None
        if m is None and _may_stand(text, pos, len(text), self.cues.per_strict_words):
            m, strict = self.cues.per_strict.match(text, pos), True
        if m is not None:
            # "mỗi hộ", "mỗi công trình", "mỗi hộ gia đình": the longest classifier, else one word
            words = _LETTER_WORDS.findall(text, m.start(1), m.start(1) + 40)[:3]
            for n in range(len(words), 0, -1):
                phrase = " ".join(words[:n])
                if phrase.lower() in self.classifiers and text.startswith(phrase, m.start(1)):
                    return phrase, m.start(1) + len(phrase)
            if not strict or m.group(1).lower() in self.time_units:
                return m.group(1), m.end()
        return None, pos

    def _per_before(self, text: str, start: int) -> str | None:
        """The divisor named before a figure in its segment: "mỗi suất trị giá [400.000đ]",
        "Mỗi khu dân cư kiểu mẫu được huyện thưởng [200 triệu đồng]", "mỗi ngày nấu [500] suất"."""
        lo = max(0, start - 80)
        if not _may_stand(text, lo, start, self.cues.per_words):
            return None  # no "mỗi" in reach
        for b in _SEGMENT_BREAK.finditer(text, lo, start):
            lo = b.end()
        found = list(self.cues.per_before.finditer(text, lo, start))
        if not found:
            return None
        per = self._per_phrase(text, found[-1].end(), start)  # the last "mỗi" of the segment
        if per is not None and len(found) > 1:
            outer = self._per_phrase(text, found[-2].end(), found[-1].start())
            if outer is not None and text[found[-2].end():found[-1].start()].strip() == outer:
                per = f"{per}/{outer}"  # "mỗi tháng mỗi chị góp 50.000 đồng": per chị/tháng
        return per

    def _per_phrase(self, text: str, at: int, end: int) -> str | None:
        """The noun phrase after "mỗi" at ``at``: up to a stop word, a number or a capitalised
        word ("mỗi cơ sở Hội phấn đấu" -> "cơ sở"), at most five words."""
        first = _LETTER_WORDS.match(text, at)  # the noun itself may be a number word: "mỗi năm"
        stop = self.cues.per_before_stops.search(text, first.end() if first else at, end)
        words = _LETTER_WORDS.findall(text, at, stop.start() if stop else end)
        for i in range(1, len(words)):
            if words[i][0].isupper():
                words = words[:i]
                break
        if not words or len(words) > 5 or words[-1].lower() in self.cues.stops:
            return None
        return " ".join(words)

    def _per_after_unit(self, text: str, pos: int) -> str | None:
        """The divisor after a unit, directly ("đồng/hộ") or after what is measured ("5 kg gạo/người/tháng")."""
        per, _ = self._per(text, pos)
        if per is not None:
            return per
        item, end = self._item(text, pos)
        if item is not None and len(item.split()) <= 3 and end < len(text) and text[end] == "/":
            return self._per(text, end)[0]
        return None

    def _unit_range_end(self, text: str, um, value: Decimal) -> tuple[Decimal, int] | None:
        """A range that repeats the unit: "50.000đ-100.000đ", "10% - 15%", "30 triệu đồng đến 50 triệu đồng"."""
        rng = _range_sep(text, um.end)
        if rng is None:
            return None
        # read from a slice: after "đ-" the number would look glued to a word ("Covid-19")
        base = rng.end()
        other = numbers.match_number(text[base:base + 40])
        if other is None or other.value < value:
            return None
        um2 = self.lex.unit_at(text, base + other.end)
        if um2 is None or um2.unit.unit != um.unit.unit:
            return None
        return other.value, um2.end

    def _restatement(self, text: str, pos: int, value: Decimal, with_unit: bool = False) -> int | None:
        """End of "(hai)", "(Năm mươi triệu đồng chẵn)" after a figure that it repeats in words, else None."""
        m = _BRACKETED.match(text, pos) if text.find("(", pos, pos + 2) >= 0 else None  # "(" after one space at most
        if m is None:
            return None
        inner = m.group(1)
        nm = numbers.match_number(inner, 0, allow_bare_words=True)
        if nm is None or not nm.words:
            return None
        if nm.value != value:
            um = self.lex.unit_at(inner, nm.end) if with_unit else None
            if um is None or _scaled(nm.value, um.unit.factor) != value:
                return None
        return m.end()

    def _number_after(self, text: str, pos: int) -> numbers.NumberMatch | None:
        return numbers.match_number(text, pos)

    # --- the grammar -------------------------------------------------

    def find(self, text: str) -> list[QuantityMatch]:
        found: list[QuantityMatch] = []
        taken_until = 0

        low = lowered(text)
        candidates: list[tuple[int, str, object]] = []
        for m in finditer_from(self.lex.vague_re, text, low, self.vague_firsts):
            candidates.append((m.start(), "vague", m))
        for m in finditer_from(_MULTIPLIER_WORDS, text, low, ("gấp",)):
            candidates.append((m.start(), "multiplier", m))
        for nm in numbers.find_numbers(text):
            candidates.append((nm.start, "number", nm))
        for m in finditer_from(_BARE_NUMBER_WORD, text, low, _BARE_WORDS):
            candidates.append((m.start(), "bare", m))
        for m in finditer_from(_NAM_BEFORE_UNIT, text, low, ("năm",)):
            candidates.append((m.start(), "bare", m))
        candidates.sort(key=lambda c: (c[0], c[1] != "vague"))
        # only numbers and number words are checked against the protected stretches (many
        # sentences have none of them: their protected stretches are never looked for)
        protected = _protected_spans(text) if any(c[1] in ("number", "bare") for c in candidates) else []

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
            if q is not None and q.start < taken_until:
                q = None  # its approximation word or currency sign belongs to the figure before
            if q is not None:
                found.append(q)
                # the amount spelled out again in brackets is the same figure, not a new one
                restated = self._restatement(text, q.end, q.value, q.unit is not None)
                taken_until = restated or q.end
                if q.per is not None:  # "50.000 đồng một suất": "một suất" is the divisor, not a count
                    at = text.find(q.per, taken_until, taken_until + 40 + len(q.per))
                    if at >= 0:
                        taken_until = at + len(q.per)
            elif kind == "number":
                # a number that is not a quantity takes its "/y" along: "ngày 12/3", "số 5/7"
                skip = _RATIO_CHAIN.match(text, obj.end)  # type: ignore[union-attr]
                taken_until = max(taken_until, skip.end() if skip else obj.end)  # type: ignore[union-attr]
        return _borrow_elided_items(text, found)

    def _finish(self, text: str, start: int, num_end: int, value: Decimal, *, approx: str | None,
                value_max: Decimal | None = None, total: Decimal | None = None,
                magnitude: bool = False, year_like: bool = False, after_name: bool = False,
                money_abbrev: bool = False, money_magnitude: bool = True) -> QuantityMatch | None:
        """Unit, item, per and trailing approximation after a number ending at ``num_end``."""
        um = self.lex.unit_at(text, num_end)
        if um is not None and um.unit.kind == "money":
            look = self.cues.lookalike.match(text, um.start)
            if look is not None:  # "2 đ/c": comrades counted, not money
                after = self.lex.approx_after_at(text, look.end())
                return QuantityMatch(start, num_end, "count", value, value_max, total, None, look.group(), None,
                                     approx or (after[1] if after else None))
        if um is not None and _ROAD_BEFORE.match(text, max(0, start - 12), start) and _NAME_AFTER.match(text, um.end):
            return None  # a road named by its width: "đường 40m Ngọc Thụy – Bồ Đề"
        if um is not None:
            u = um.unit
            f = u.factor
            end = um.end
            half = _HALF_AFTER_UNIT.match(text, end)
            if half is not None and not magnitude and value_max is None and total is None and value == value.to_integral_value():
                value, end = value + Decimal("0.5"), half.end()  # "hai đô rưỡi", "3 tháng rưỡi"
            elif u.kind == "money" and value_max is None and total is None:
                sub = self._subunit(text, end)
                if sub is not None:  # "5 đô la và 23 xu" = 5,23 USD
                    value, end = value + sub[0], sub[1]
            if value_max is None and total is None:
                rng = self._unit_range_end(text, um, value)
                if rng is not None:
                    value_max, end = rng
            unit_name = u.unit
            while unit_name in _TIME_PARTS and value_max is None and total is None and f == 1:
                smaller, word = _TIME_PARTS[unit_name]
                part = _NEXT_TIME_PART.match(text, end)
                if part is None or part.group(2).lower() != word:
                    break
                value, end, unit_name = value * 60 + Decimal(part.group(1)), part.end(), smaller
            if unit_name != u.unit:  # "1 giờ 18 phút 35 giây" = 4715 second
                after = self.lex.approx_after_at(text, end)
                return QuantityMatch(start, end, "duration", value, unit=unit_name,
                                     approx=approx or (after[1] if after else None))
            per = self._per_after_unit(text, end) or self._per_before(text, start)
            after = self.lex.approx_after_at(text, end)
            if after and approx is None:
                approx = after[1]
            return QuantityMatch(
                start, end, u.kind, _scaled(value, f),
                _scaled(value_max, f) if value_max is not None else None,
                _scaled(total, f) if total is not None else None,
                u.unit, None, per, approx,
            )
        # a multiplier: "gấp 2 lần"
        if _may_stand(text, max(0, start - 8), start, ("gấp",)) \
                and _MULTIPLIER_BEFORE.search(text, max(0, start - 8), start):
            lan = _LAN.match(text, num_end)
            if lan:
                return QuantityMatch(text.rfind("gấp", 0, start), lan.end(), "other", value, value_max)
        elif _may_stand(text, max(0, start - 16), start, self.cues.multiplier_verb_words) \
                and self.cues.multiplier_verb.search(text, max(0, start - 16), start):
            lan = _LAN.match(text, num_end)  # "tăng 1,5 lần": a multiplier too, the verb outside the span
            if lan:
                return QuantityMatch(start, lan.end(), "other", value, value_max, approx=approx)
        if magnitude and um is None:
            cur = self.cues.after_magnitude.match(text, num_end)
            if cur is not None:  # "50 triệu bảng": pounds after a magnitude
                after = self.lex.approx_after_at(text, cur.end())
                return QuantityMatch(start, cur.end(), "money", value, value_max, total,
                                     self.cues.after_magnitude_codes[cur.group(1).lower()], None,
                                     self._per_after_unit(text, cur.end()), approx or (after[1] if after else None))
        item, item_end = self._item(text, num_end)
        if self.after_cue.match(text, num_end):
            return None  # a slogan or a time: "3 giảm, 3 tăng", "5 có", "7 giờ"
        head = item.split()[0].lower() if item else None
        cash = item is None or item.split()[0].lower() in self.cues.money_items  # "56 triệu tiền mặt"
        if (cash and magnitude and money_magnitude and value >= MONEY_BY_MAGNITUDE) or (
            money_abbrev and (head is None or head not in self.classifier_heads)
        ):
            # "hỗ trợ 20 triệu", "10k" in a report is money when nothing else is counted
            per, _ = self._per(text, num_end)
            return QuantityMatch(start, num_end, "money", value, value_max, total, "VND", None, per, approx)
        if year_like and (head is None or head not in self.classifier_heads):
            return None
        if after_name and not magnitude and (
            head is None or head not in self.classifier_heads or self.cues.not_counted.match(text, num_end)
        ):
            return None  # "trường Ngọc Thụy 2", "Tổ dân phố 22", "Ngọc Thụy 2 tổ chức ..."
        per, _ = self._per(text, item_end) if item else (None, item_end)
        per = per or self._per_before(text, start)
        after = self.lex.approx_after_at(text, item_end if item else num_end)
        if after and approx is None:
            approx = after[1]
        kind = "rate" if per else "count"
        return QuantityMatch(start, num_end, kind, value, value_max, total, None, item, per, approx)

    def _subunit(self, text: str, pos: int) -> tuple[Decimal, int] | None:
        """Cents after a currency unit ending at ``pos``: ", và 23 xu" -> (0,23, end); at most one unit's worth."""
        lead = self.cues.subunit_lead.match(text, pos)
        if lead is None:
            return None
        nm = numbers.match_number(text, lead.end(), allow_bare_words=True)
        if nm is None or nm.magnitude is not None or nm.value != nm.value.to_integral_value():
            return None
        word = self.cues.subunit_word.match(text, nm.end)
        if word is None or self.lex.unit_at(text, nm.end) is not None:  # "xen ti mét" is a unit
            return None
        per = self.cues.subunits[word.group(1).lower()]
        return (nm.value / per, word.end()) if 0 <= nm.value < per else None

    def _slash_fraction(self, text: str, nm: numbers.NumberMatch, other: numbers.NumberMatch) -> bool:
        """Is "x/y" a fraction of the unit after it ("3/4m", "1/2 kg") rather than a ratio of counts?"""
        if nm.magnitude is not None or other.magnitude is not None or nm.leading_zero or other.leading_zero:
            return False
        if not (nm.digits.isdigit() and other.digits.isdigit() and 1 <= nm.value < other.value):
            return False
        if int(other.value) not in self.cues.fraction_denominators:
            return False
        um = self.lex.unit_at(text, other.end)
        return um is not None and um.unit.kind in self.cues.fraction_kinds

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
        if self.strong_cue.match(before):
            return None
        if nm.words and text[nm.start].isupper() and _NAME_BEFORE.search(before):
            return None  # a capitalised number word inside a name: "huyện Tháp Mười", "Ngọc Thụy Hai"
        last = before[-1:]  # a currency ends right before the number or one space (\s?) before it
        cur = self.cues.currency_before.match(before) if last in self.cues.currency_lasts or (
            last != "" and last in _SPACES and before[-2:-1] in self.cues.currency_lasts) else None
        if cur is not None:
            return self._currency_first(text, nm, cur, protected)
        if nm.end < len(text) and _letter_at(text, nm.end) and self.lex.unit_at(text, nm.end) is None:
            return None  # glued to letters that are no unit: "30a", "9A1", "1A" are names and codes
        value = nm.value
        end = nm.end
        value_max = total = None
        magnitude = nm.magnitude is not None

        # ratio: "21/21", "229.010.000/120.000.000đ"
        ratio = _RATIO_SEP.match(text, end) if text.find("/", end, end + 2) >= 0 else None  # "/" after one space at most
        if ratio is not None and text[end:ratio.end()].strip() == "/":
            other = self._number_after(text, ratio.end())
            if other is not None and not _inside(protected, other.start, other.end):
                total, end = other.value, other.end
                if other.magnitude is not None and nm.magnitude is None and not nm.words:
                    value = _scaled(value, other.magnitude)  # "1.434,8/3.232 tỉ đồng": the magnitude covers both
                magnitude = magnitude or other.magnitude is not None
                if self._slash_fraction(text, nm, other):
                    value, total = value / total, None  # "3/4m" = 0,75 m
        if total is None and nm.magnitude is None:
            # spoken ratio: "4 trên 5 xã", "2 trong số 5 dự án"
            sr = self.cues.ratio.match(text, end)
            if sr is not None:
                other = self._number_after(text, sr.end())
                if other is not None and other.magnitude is None and other.value >= value \
                        and not _inside(protected, other.start, other.end) and self.lex.unit_at(text, other.end) is None:
                    total, end = other.value, other.end
        if total is None:
            rng = _range_sep(text, end)
            if rng is not None:
                other = self._number_after(text, rng.end())
                scaled = value * other.magnitude if other is not None and other.magnitude is not None \
                    and nm.magnitude is None else value  # "5-7 triệu"
                if other is not None and scaled == value and nm.magnitude is None:
                    scaled = _shared_thousands(nm, other)  # "10 - 15.000 đồng" = 10.000-15.000
                if other is not None and not _inside(protected, other.start, other.end) and other.value >= scaled:
                    if scaled != value:
                        value, magnitude = scaled, True
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
        # a number right after a capitalised word that does not open the sentence is part of a name
        # (_finish asks only about a number without a magnitude)
        cap = None if magnitude else _CAPITALISED_WORD_BEFORE.match(before)
        after_name = cap is not None and not _SENTENCE_START_BEFORE.match(before[: cap.start(1)])
        money_abbrev = nm.magnitude is not None and bool(self.cues.money_abbrev.search(text, nm.start, nm.end))
        count_abbrev = nm.magnitude is not None and bool(self.cues.count_abbrev.search(text, nm.start, nm.end))
        restated = self._restatement(text, end, value)
        q = self._finish(text, start, restated or end, value, approx=approx, value_max=value_max, total=total,
                         magnitude=magnitude, year_like=year_like, after_name=after_name, money_abbrev=money_abbrev,
                         money_magnitude=not count_abbrev)
        if q is None:
            return None
        if restated is not None and q.end == restated:
            q = replace(q, end=end)  # "02 (hai) căn nhà": the span ends at the digits
        if q.kind in ("count", "rate", "duration") and not magnitude and self.before_cue.match(before):
            return None  # "số 18", "năm 2018", "kỷ niệm 15 năm", "tháng 11": after a weak cue
        return q

    def _currency_first(self, text: str, nm: numbers.NumberMatch, cur: regex.Match[str],
                        protected: list[tuple[int, int]]) -> QuantityMatch | None:
        """Money with its currency before the number: "$234m", "USD1,23", "€ 5 triệu"."""
        if _inside(protected, nm.start, nm.end):
            return None
        code = self.cues.currencies[_BLANKS.sub(" ", cur.group(1))]
        start = nm.start - len(cur.group())
        value, end = nm.value, nm.end
        suffix = self.cues.currency_suffix.match(text, end)
        if suffix is not None and nm.magnitude is None:
            value, end = value * self.cues.suffix_values[suffix.group(1)], suffix.end()
        elif end < len(text) and _letter_at(text, end):
            return None  # "$5abc": a code
        approx_start, approx = self._approx_start(text, start)
        per = self._per_after_unit(text, end)
        return QuantityMatch(approx_start, end, "money", value, unit=code, per=per, approx=approx)

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
        if self.before_cue.match(text[max(0, m.start() - 40):m.start()]) and self.lex.unit_at(text, m.end(1)) is None:
            return None  # "giải Ba", "thôn Hai Căn": an ordinal or a name
        if text[m.start()].isupper() and _NAME_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            return None  # a capitalised number word inside a name: "huyện Tháp Mười", "Ngọc Thụy Hai"
        nm = numbers.match_number(text, m.start(), allow_bare_words=True)
        if nm is None:
            return None
        um = self.lex.unit_at(text, nm.end)
        if m.group(1).lower() == "năm" and (text[nm.start:nm.end].lower() != "năm" or um is None
                                             or um.unit.kind == "duration"):
            return None  # "năm" is "year" ("năm học", "năm tháng", "nhiều năm tư vấn"), five only before a unit
        item, _ = self._item(text, nm.end)
        if um is None:
            if item is None:
                return None
            hint = self.lex.approx_before_at(text, nm.start)
            qualified = hint is not None and text[hint[0]:nm.start].strip().lower() not in ("trên", "dưới")  # prepositions too
            if nm.value == 1 and not qualified and self._per_before(text, nm.start) is None:
                return None  # "một người nông dân": the indefinite article, not a count ("ít nhất một", "mỗi em một suất" are)
            words = item.lower().split()
            if not any(" ".join(words[:n]) in self.classifiers for n in range(1, len(words) + 1)):
                return None
        start, approx = self._approx_start(text, nm.start)
        return self._finish(text, start, nm.end, nm.value, approx=approx)


def _borrow_elided_items(text: str, found: list[QuantityMatch]) -> list[QuantityMatch]:
    """A bare count in a list takes the noun its neighbours count: "60 mô hình, ..., có 276, ..."
    (the previous count), "đạt 50/59, còn 09/59 tiêu chí" (the next one over the same total)."""
    for i, q in enumerate(found):
        if q.kind != "count" or q.item is not None or not _ELIDED_END.match(text, q.end):
            continue
        nxt = found[i + 1] if i + 1 < len(found) else None
        prev = found[i - 1] if i else None
        if nxt is not None and nxt.kind == "count" and nxt.item and q.total is not None and nxt.total == q.total:
            found[i] = replace(q, item=nxt.item)
        elif prev is not None and prev.kind == "count" and prev.item and (prev.total is None) == (q.total is None):
            found[i] = replace(q, item=prev.item)
    return found


def _shared_thousands(nm: numbers.NumberMatch, other: numbers.NumberMatch) -> Decimal:
    """In "10 - 15.000" the first number leaves out the thousands the second writes: a
    plain 1-3 digit number before a dot-grouped one of the same order reads as its
    thousands (10 -> 10.000); otherwise the value stays."""
    value = nm.value
    if nm.words or not nm.digits.isdigit() or value >= 1000 or value == 0 or other.magnitude is not None:
        return value
    groups = other.digits.count(".")
    if groups == 0 or other.digits.replace(".", "").isdigit() is False:
        return value
    scaled = value * Decimal(1000) ** groups
    return scaled if other.value / 10 < scaled <= other.value else value


def _scaled(value: Decimal, factor: Decimal) -> Decimal:
    if factor == 1:
        return value
    v = value * factor
    t = v.to_integral_value()
    return t if t == v else v.normalize()


@cache
def finder() -> QuantityFinder:
    return QuantityFinder()


def find_quantities(text: str) -> list[QuantityMatch]:
    """All quantities in ``text`` (positions relative to it)."""
    return finder().find(text)


def parse_quantity(expression: str) -> QuantityMatch | None:
    """The first quantity in one expression ("hơn 4,2 tỷ đồng"), or None."""
    found = find_quantities(expression)
    if found:
        return found[0]
    # one expression: a bare number ("2000", "1.000.000.000", "ba") is a count
    stripped = expression.strip()
    lead = len(expression) - len(expression.lstrip())
    nm = numbers.match_number(stripped, 0, allow_bare_words=True) if stripped else None
    if nm is not None and nm.start == 0 and nm.end == len(stripped):
        return QuantityMatch(lead, lead + nm.end, "count", nm.value)
    return None
