"""extract.numbers: the case file, the fields of a match, rendering, and properties."""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casefile import ascii_id, rows
from extract import numbers
from extract.errors import BaocaoError
from extract.numbers import (
    NumberMatch,
    NumberParseError,
    find_numbers,
    format_vi,
    match_number,
    parse_number,
    to_words,
)

CASES = Path(__file__).parent / "cases" / "numbers.tsv"
CORPUS = Path(__file__).parent.parent / "corpus" / "seeds"


def _load_cases() -> list:
    params = []
    for group, lineno, cells in rows(CASES):
        assert len(cells) in (3, 4), f"{CASES.name}:{lineno}: expected 3 or 4 tab-separated cells, got {cells!r}"
        text, value, surface = cells[:3]
        options = set(cells[3].split()) if len(cells) == 4 else set()
        assert options <= {"bare", "dec=.", "dec=,", "xfail"}, f"{CASES.name}:{lineno}: unknown option {options}"
        marks = [pytest.mark.xfail(strict=True, reason="known gap")] if "xfail" in options else []
        params.append(pytest.param(
            text, value, surface, options,
            id=f"{group}-L{lineno}-{ascii_id(text)}" + ("-" + "+".join(sorted(options - {'xfail'})) if options - {"xfail"} else ""),
            marks=marks,
        ))
    return params


CASE_PARAMS = _load_cases()


def test_case_file_is_big_enough():
    assert len(CASE_PARAMS) >= 200


@pytest.mark.parametrize("text, value, surface, options", CASE_PARAMS)
def test_case(text: str, value: str, surface: str, options: set[str]):
    hint = next((o[4:] for o in options if o.startswith("dec=")), None)
    found = list(find_numbers(text, decimal_separator=hint, allow_bare_words="bare" in options))
    if value == "NONE":
        assert found == [], f"expected no number, found {[text[m.start:m.end] for m in found]}"
        return
    assert found, "expected a number, found none"
    first = found[0]
    assert text[first.start:first.end] == surface
    assert first.value == Decimal(value)
    # match_number at the same place agrees with find_numbers
    again = match_number(text, first.start, decimal_separator=hint, allow_bare_words="bare" in options)
    assert again == first


# --- the other fields ----------------------------------------------------------

@pytest.mark.parametrize(
    "text, digits, magnitude, words, leading_zero",
    [
        ("4,2 tỷ", "4,2", 10**9, False, False),
        ("1.314.626.000", "1.314.626.000", None, False, False),
        ("05", "05", None, False, True),
        ("02 tỷ", "02", 10**9, False, True),
        ("0,5", "0,5", None, False, False),
        ("12 929", "12 929", None, False, False),
        ("1tr2", "1", 10**6, False, False),
        ("10k", "10", 10**3, False, False),
        ("5 nghìn tỷ", "5", 10**12, False, False),
        ("1 tỷ 200 triệu", "1", 10**9, False, False),
        ("hai trăm nghìn", "hai", 10**3, True, False),
        ("một trăm", "một", None, True, False),
        ("2 trăm", "2", None, False, False),
        ("Hai mươi lăm", "Hai", None, True, False),
        ("âm năm", "năm", None, True, False),
        ("-5", "5", None, False, False),
    ],
    ids=ascii_id,
)
def test_match_fields(text: str, digits: str, magnitude: int | None, words: bool, leading_zero: bool):
    m = match_number(text)
    assert m is not None
    assert (m.start, m.end) == (0, len(text))
    assert m.digits == digits
    assert m.magnitude == (Decimal(magnitude) if magnitude is not None else None)
    assert m.words is words
    assert m.leading_zero is leading_zero


def test_match_number_starts_exactly_at_pos():
    text = "hơn 4,2 tỷ đồng"
    assert match_number(text, 0) is None  # no leading skipping
    m = match_number(text, 4)
    assert (m.start, m.end, m.value) == (4, 10, Decimal(4200000000))
    assert match_number(text, 5) is None  # inside the numeral
    assert match_number(text, 6) is None
    assert match_number(text, len(text)) is None
    assert match_number(text, -1) is None


def test_match_number_stops_at_a_slash_and_leaves_the_rest_to_the_caller():
    text = "7775/8233 hộ"
    m = match_number(text)
    assert (m.start, m.end, m.value) == (0, 4, Decimal(7775))
    total = match_number(text, 5)
    assert (total.start, total.end, total.value) == (5, 9, Decimal(8233))


def test_matches_are_frozen_and_hashable():
    m = match_number("4,2 tỷ")
    assert isinstance(m, NumberMatch)
    with pytest.raises(AttributeError):
        m.value = Decimal(1)  # type: ignore[misc]
    assert hash(m) == hash(match_number("4,2 tỷ"))


def test_values_are_exact_and_tidy():
    assert str(match_number("4,2 tỷ").value) == "4200000000"
    assert str(match_number("10.000,50").value) == "10000.5"
    assert str(match_number("1tr2").value) == "1200000"


def test_bare_words_need_permission():
    assert match_number("năm hộ") is None
    assert match_number("năm hộ", allow_bare_words=True).value == 5
    assert match_number("năm 2018", allow_bare_words=True) is None
    assert match_number("Một là", allow_bare_words=True).value == 1  # the caller decides in context
    assert match_number("một hai người", allow_bare_words=True) is None
    assert match_number("một hai người", 4, allow_bare_words=True) is None
    assert match_number("hai mươi", allow_bare_words=False).value == 20


def test_find_numbers_reports_every_number_left_to_right():
    text = "Năm 2018, vận động 1.314.626.000 đồng, hơn 4,2 tỷ đồng và hai mươi lăm hộ; 21/21 khu phố."
    got = [(text[m.start:m.end], m.value) for m in find_numbers(text)]
    assert got == [
        ("2018", 2018), ("1.314.626.000", 1314626000), ("4,2 tỷ", 4200000000),
        ("hai mươi lăm", 25), ("21", 21), ("21", 21),
    ]


def test_bad_decimal_separator_hint():
    with pytest.raises(ValueError):
        match_number("1,5", decimal_separator=";")


# --- parse_number -------------------------------------------------------------------

@pytest.mark.parametrize(
    "s, value",
    [("1.314.626.000", 1314626000), ("  4,2 tỷ ", 4200000000), ("năm", 5), ("ba phẩy năm", Decimal("3.5")),
     ("âm năm", -5), ("một trăm linh năm", 105), ("12 929", 12929)],
    ids=ascii_id,
)
def test_parse_number(s: str, value):
    assert parse_number(s) == Decimal(value)


@pytest.mark.parametrize("s", ["", "  ", "abc", "4,2 tỷ đồng", "1.31.626", "2018 2019", "A4", "một hai", "15/5"],
                         ids=ascii_id)
def test_parse_number_rejects(s: str):
    with pytest.raises(NumberParseError) as info:
        parse_number(s)
    assert isinstance(info.value, ValueError) and isinstance(info.value, BaocaoError)


# --- rendering --------------------------------------------------------------------

@pytest.mark.parametrize(
    "value, text",
    [(0, "0"), (5, "5"), (1000, "1.000"), (1314626000, "1.314.626.000"), ("50.596", "50,596"),
     ("8.5", "8,5"), ("-1234.5", "-1.234,5"), ("0.125", "0,125"), ("1E+3", "1.000")],
    ids=str,
)
def test_format_vi(value, text: str):
    assert format_vi(Decimal(value)) == text


def test_format_vi_separators():
    assert format_vi(Decimal("12929.5"), group=" ", decimal=",") == "12 929,5"
    assert format_vi(Decimal("2342.08"), group=",", decimal=".") == "2,342.08"


@pytest.mark.parametrize(
    "value, words",
    [(0, "không"), (5, "năm"), (10, "mười"), (15, "mười lăm"), (21, "hai mươi mốt"), (24, "hai mươi tư"),
     (25, "hai mươi lăm"), (105, "một trăm linh năm"), (110, "một trăm mười"), (1005, "một nghìn không trăm linh năm"),
     (2000, "hai nghìn"), (125000, "một trăm hai mươi lăm nghìn"), (1000005, "một triệu không trăm linh năm"),
     (10**12, "một nghìn tỷ"), ("3.5", "ba phẩy năm"), ("-5", "âm năm"), ("0.05", "không phẩy không năm")],
    ids=str,
)
def test_to_words(value, words: str):
    assert to_words(Decimal(value)) == words


# --- language data ---------------------------------------------------------------

@pytest.mark.parametrize("table", ["number_words.tsv", "magnitudes.tsv", "number_idioms.tsv"])
def test_tables_are_nfc_without_duplicates(table: str):
    from extract import resources

    rows = resources.tsv(table)
    assert rows
    raw = (Path(numbers.__file__).parent / "data" / "vi" / table).read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", raw) == raw
    keys = [tuple(r.values())[:2] if table == "number_idioms.tsv" else r["word"] for r in rows]
    assert len(keys) == len(set(keys))


def test_magnitude_words_do_not_clash_with_number_words():
    from extract import resources

    words = {r["word"] for r in resources.tsv("number_words.tsv")}
    mags = {r["word"] for r in resources.tsv("magnitudes.tsv")}
    assert not words & mags


# --- properties ---------------------------------------------------------------------

decimals = st.decimals(min_value=0, max_value=10**15, places=3, allow_nan=False, allow_infinity=False)


@given(decimals)
def test_format_vi_parses_back(d: Decimal):
    assert parse_number(format_vi(d)) == d


@given(decimals)
def test_space_grouped_parses_back(d: Decimal):
    assert parse_number(format_vi(d, group="\u00a0")) == d


@given(st.integers(min_value=0, max_value=10**18))
def test_to_words_parses_back(n: int):
    assert parse_number(to_words(Decimal(n))) == n


# Spellings as people write them, each as good as to_words' own: (canonical, variant, the
# words it may follow; None = anywhere). "năm" for "lăm" is no variant: "hai mươi năm" is 20 years.
_VARIANTS = [
    ("linh", "lẻ", None),
    ("mốt", "một", {"mươi"}),
    ("tư", "bốn", {"mươi"}),
    ("bốn", "tư", {"mười"}),
    ("lăm", "nhăm", {"mươi", "mười"}),
    ("nghìn", "ngàn", None),
    ("tỷ", "tỉ", None),
]


def _spoken(words: list[str], picks: list[bool]) -> str:
    out = []
    for k, (w, pick) in enumerate(zip(words, picks)):
        for canonical, variant, after in _VARIANTS:
            if w == canonical and pick and (after is None or (k and words[k - 1] in after)):
                w = variant
                break
        out.append(w)
    return " ".join(out)


@given(st.integers(min_value=0, max_value=10**18), st.data())
def test_spoken_variants_parse_back(n: int, data):
    words = to_words(Decimal(n)).split()
    picks = data.draw(st.lists(st.booleans(), min_size=len(words), max_size=len(words)))
    assert parse_number(_spoken(words, picks)) == n


@given(st.sampled_from([100, 10**3, 10**6, 10**9]), st.data())
def test_trailing_half_parses_back(mag: int, data):
    # "hai nghìn rưỡi" = 2500: rưỡi after a magnitude is half of it (of its place after a compound:
    # "hai trăm nghìn rưỡi" = 250 000, so k ends in a digit the magnitude word follows alone)
    k = data.draw(st.integers(min_value=1, max_value=9 if mag == 100 else 999 if mag < 10**9 else 10**9 - 1)
                  .filter(lambda k: k < 100 or k % 100))
    words = to_words(Decimal(k * mag)).split()
    picks = data.draw(st.lists(st.booleans(), min_size=len(words), max_size=len(words)))
    assert parse_number(_spoken(words, picks) + " rưỡi") == k * mag + mag // 2


@given(st.integers(min_value=0, max_value=10**6), st.sampled_from(["nghìn", "ngàn", "triệu", "tỷ", "tỉ", "tr"]))
def test_integer_times_magnitude(n: int, word: str):
    factor = {"nghìn": 10**3, "ngàn": 10**3, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9, "tr": 10**6}[word]
    assert parse_number(f"{n} {word}") == n * factor
    assert parse_number(f"{format_vi(Decimal(n))} {word}") == n * factor


_VI_ALPHABET = st.sampled_from(list(
    "0123456789 .,-/%:\u00a0\u2009\u2212kKtTmr"
)) | st.sampled_from(["năm", "một", "hai", "mươi", "mười", "lăm", "trăm", "nghìn", "triệu", "tỷ", "tr", "linh",
                      "rưỡi", "phẩy", "âm", "không", "tư", "mốt", "đồng", "hộ", "Năm", "A", "ha", "km"])


@settings(max_examples=300)
@given(st.lists(_VI_ALPHABET, max_size=30).map("".join) | st.text(max_size=60))
def test_find_numbers_never_crashes_and_stays_in_bounds(text: str):
    last_end = 0
    for allow in (False, True):
        last_end = 0
        for m in find_numbers(text, allow_bare_words=allow):
            assert 0 <= m.start < m.end <= len(text)
            assert m.start >= last_end  # non-overlapping, left to right
            last_end = m.end
            assert isinstance(m.value, Decimal) and m.value.is_finite()


@settings(max_examples=300)
@given(st.lists(_VI_ALPHABET, max_size=12).map("".join))
def test_fast_path_agrees_with_the_parser(text: str):
    for pos in range(len(text)):
        if text[pos] in "0123456789":
            fm = numbers._LEX.fast_re.match(text, pos)
            if fm is not None and numbers._left_ok(text, pos):
                assert numbers._fast_match(numbers._LEX, fm) == numbers._parse(numbers._LEX, text, pos, None, False)



def _searched(text: str, **kw):
    """find_numbers as a plain search from each position on: what the candidate starts must give."""
    candidate_re = numbers._LEX.candidate_toned_re if numbers._TONED.search(text) else numbers._LEX.candidate_re
    i = 0
    while (m := candidate_re.search(text, i)) is not None:
        nm = match_number(text, m.start(), **kw)
        if nm is not None:
            yield nm
        i = nm.end if nm is not None else m.end()


@settings(max_examples=500, deadline=None)
@given(st.lists(_VI_ALPHABET | st.sampled_from(["İ", "ı", "ſ", "\u212a", "K", "HAI", "Một", "TỶ RƯỠI", "tỉ lẻ", "muoi",
                                                 "hai muoi lam", "ba", "-5", "−", "Covid-19", "USD1"]),
                max_size=30).map("".join))
def test_find_numbers_tries_only_the_candidate_starts(text: str):
    for kw in ({}, {"allow_bare_words": True}, {"decimal_separator": "."}):
        assert list(find_numbers(text, **kw)) == list(_searched(text, **kw))


def test_candidate_words_are_found_in_the_lowered_text():
    """`re` matches a letter of a candidate word, ignoring case, only where lower() shows that
    letter, in any text that prefilter.lowered() does not turn down."""
    from extract.prefilter import lowered

    lex = numbers._LEX
    words = {*lex.candidate_words, *lex.candidate_toned_words}
    assert all(w == w.lower() for w in words)
    every = "".join(chr(cp) for cp in range(0x110000) if not 0xD800 <= cp < 0xE000)
    for letter in sorted({ch for w in words for ch in w}):
        found = {m.group() for m in re.finditer(re.escape(letter), every, re.IGNORECASE)}
        odd = {ch for ch in found if ch.lower() != letter and lowered(ch) is not None and len(ch.lower()) == 1}
        assert not odd, (letter, sorted(odd))



_WORDS = sorted({*numbers._LEX.digits, *numbers._LEX.roles, *numbers._LEX.mags})


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*_WORDS, "người", "Năm", "HAI", "muoi", "nam", "2018", "5", ",", "-"]), min_size=1,
                max_size=6).map(" ".join))
def test_without_bare_words_only_single_words_are_lost(text: str):
    """Bare words allowed or not, a number word reads the same, unless it stands alone (the
    reader gives up early on a word no number word follows)."""
    for pos in range(len(text)):
        if text[pos].isalpha():
            strict, bare = match_number(text, pos), match_number(text, pos, allow_bare_words=True)
            if strict is not None:
                assert strict == bare
            elif bare is not None:
                assert not any(ch.isspace() for ch in text[bare.start:bare.end]), (text, pos)


# --- a whole article -----------------------------------------------------------------
# (speed is measured by bench/bench_parse.py and bench/bench_extract.py, not here)

@pytest.mark.skipif(not CORPUS.is_dir(), reason="no corpus/")
def test_find_numbers_on_an_article():
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))[:10_000]
    assert len(list(find_numbers(text))) > 30
