"""The fast paths give what the slow ones give: pre-checks, candidate scans, the sentence splitter."""
from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from extract import prefilter
from extract.sentences import _splitter

SAMPLES = [
    "Hàng chục ngàn ngày công, gấp đôi năm trước; Xây dựng NTM, nông thôn mới và OCOP.",
    "XÃ HÀM LIÊM về đích nông   thôn mới; TP.HCM, Tp. Hồ Chí Minh, thị xã Kinh Môn",
    "İstanbul ſo µ KELVIN \u212a Ω ǅ ΣΑΣ — hai ba người, MỘT hộ, bẩy con",
    "Huyện ủy Hàm Thuận Bắc, huyện uỷ X, Thành đoàn, từ năm 2011 đến nay, giai đoạn 2016-2020.",
]


def test_odd_case_characters_are_all_guarded():
    """A text character whose case-insensitive equivalents in `regex` do not all share its lower()
    (ASCII letters aside: their lower() is what the needles hold) turns the pre-checks off."""
    core = pytest.importorskip("regex._regex")
    flags = regex.IGNORECASE | regex.UNICODE
    missed = [
        f"U+{cp:04X}" for cp in range(0x80, 0x110000)
        if (chr(cp).lower() != chr(cp) or chr(cp).upper() != chr(cp))
        and any(chr(d).lower() != chr(cp).lower() for d in core.get_all_cases(flags, cp))
        and prefilter.lowered(chr(cp)) is not None
    ]
    assert not missed


@pytest.mark.parametrize("text", SAMPLES)
def test_finditer_from_is_finditer(text):
    pattern = regex.compile(r"(?<![\p{L}])(?:hàng|gấp|nông\s+thôn|ntm|một|hai|ba|bẩy)(?![\p{L}])", regex.IGNORECASE)
    firsts = ("hàng", "gấp", "nông", "ntm", "một", "hai", "ba", "bẩy")
    got = [m.span() for m in prefilter.finditer_from(pattern, text, prefilter.lowered(text), firsts)]
    assert got == [m.span() for m in pattern.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["A", "a", "İ", "ı", "ſ", "s", " ", "hàng", "gấp", "MỘT", "một", "ba", "BA", "ntm", "\n"]),
                max_size=30).map("".join))
def test_finditer_from_any_text(text):
    pattern = regex.compile(r"(?<![\p{L}])(?:hàng|gấp|một|ba|ntm|s)(?![\p{L}])", regex.IGNORECASE)
    firsts = ("hàng", "gấp", "một", "ba", "ntm", "s")
    got = [m.span() for m in prefilter.finditer_from(pattern, text, prefilter.lowered(text), firsts)]
    assert got == [m.span() for m in pattern.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"Ab1. ?!…\t\n", "...", "TP.", " t. ", "1.2", "....A", "Hà Nội"]), max_size=40).map("".join))
def test_sentence_splitter_is_underthesea(text):
    from underthesea import sent_tokenize

    if _splitter() is sent_tokenize:
        pytest.skip("another underthesea release: its own splitter is used")
    assert _splitter()(text) == sent_tokenize(text)


LINK_SAMPLES = [
    "Cả nước có 8.996 xã, trong đó các xã còn lại vận động được 12 tỷ đồng.",
    "Trên thế giới ghi nhận hơn 151,2 triệu ca; tại Mỹ 30 triệu, ở Hoa Kỳ, Trung Quốc và Nhật Bản ít hơn.",
    "Xã Tứ Cường có 5 thôn; những thôn khác, một số xã lân cận cũng trồng 40 ha. Mỹ phẩm bán 2 tấn.",
    "TOÀN QUỐC, İstanbul ſo các XÃ khác 7 hộ; nước Pháp 3 người, Đức Hòa 5 hộ.",
]


@pytest.mark.parametrize("cue", ["national", "other_units"])
@pytest.mark.parametrize("text", LINK_SAMPLES)
def test_search_from_is_search_for_the_link_cues(cue, text):
    """The linker's per-clause cues, searched only where their first words stand, find what a
    full search finds, from any start to any end."""
    from extract import link
    pattern, words = link._national_scope() if cue == "national" else link._other_units()
    low = prefilter.lowered(text)
    for start in range(0, len(text), 3):
        for end in range(start, len(text) + 1, 4):
            got = prefilter.search_from(pattern, text, low, words, start, end)
            want = pattern.search(text, start, end)
            assert (got and got.span()) == (want and want.span()), (start, end)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["A", "a", "İ", "ſ", " ", "hàng", "gấp", "MỘT", "một", "ba", "BA", "\n"]),
                max_size=30).map("".join), st.integers(0, 40), st.integers(0, 40))
def test_search_from_any_text(text, start, end):
    pattern = regex.compile(r"(?<![\p{L}])(?:hàng|gấp|một|ba)(?![\p{L}])", regex.IGNORECASE)
    got = prefilter.search_from(pattern, text, prefilter.lowered(text), ("hàng", "gấp", "một", "ba"), start, end)
    want = pattern.search(text, start, end)
    assert (got and got.span()) == (want and want.span())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["SEA", "Games", "games", "Festival", "Huế", " ", "  ", "2019", "1999", "2100", "-",
                                 "/", ",", "5", "Năm", "x", "\n", "_"]), max_size=20).map("".join))
def test_edition_years_found_from_the_year(text):
    """An edition ("SEA Games 2019") is tried only inside the word before a year: it finds what
    a scan of every position finds."""
    from extract import periods
    got = [m.span() for m in prefilter.matches_at(periods._edition(), text, periods._edition_starts(text))]
    assert got == [m.span() for m in periods._edition().finditer(text)]
