"""Normalisation: cleaned text, and the offset map back to the original."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.normalise import clean, is_syllable, layout
from extract.offsets import MappedText, apply_edits

CLEANED = [
    # syllables broken by scraping (seed 003)
    ("D ân vận khéo", "Dân vận khéo"),
    ("trên c ác lĩnh vực", "trên các lĩnh vực"),
    ("T hị xã Kinh Môn", "Thị xã Kinh Môn"),
    # glued syllables (seed 002)
    ("nông thôn mớiđô thị văn minh", "nông thôn mới đô thị văn minh"),
    # one tone-mark convention (underthesea's)
    ("hoà thuận, thuỷ lợi", "hòa thuận, thủy lợi"),
    ("Ban Dân vận Thị uỷ", "Ban Dân vận Thị ủy"),
    ("khoẻ mạnh", "khỏe mạnh"),
    # combining marks (Windows-1258 style) -> NFC
    ("Ho\u0300a Bi\u0300nh", "Hòa Bình"),
    ("Vi\u0300 ngu\u031bo\u031b\u0300i nghe\u0300o", "Vì người nghèo"),
    # zero-width and odd spaces, CRLF
    ("Quỹ\u00a0Vì người nghèo", "Quỹ Vì người nghèo"),
    ("Dân\u200b vận", "Dân vận"),
    ("xã\u2009Hàm Liêm", "xã Hàm Liêm"),
    ("\ufeffNăm 2019", "Năm 2019"),
    ("dòng 1\r\ndòng 2", "dòng 1\ndòng 2"),
    ("hơn\t4,2 tỷ", "hơn 4,2 tỷ"),
    ("hai  khoảng   trắng", "hai khoảng trắng"),
    # left alone: numbers, abbreviations, well-formed words, initials
    ("16.935m đường", "16.935m đường"),
    ("1.314.626.000 đồng", "1.314.626.000 đồng"),
    ("Đ/c Nguyễn Văn A", "Đ/c Nguyễn Văn A"),
    ("TP. Phan Thiết", "TP. Phan Thiết"),
    ("A B C", "A B C"),
    ("nghiêng ngả quảng trường", "nghiêng ngả quảng trường"),
    ("khuyến học, khuyến tài", "khuyến học, khuyến tài"),
    ("23- CT/TU", "23- CT/TU"),
]


@pytest.mark.parametrize("original, expected", CLEANED)
def test_clean(original: str, expected: str) -> None:
    mt = clean(original)
    assert mt.text == expected


@pytest.mark.parametrize("original, expected", CLEANED)
def test_every_cleaned_word_maps_back_to_its_original(original: str, expected: str) -> None:
    mt = clean(original)
    for word in expected.split():
        at = mt.text.index(word)
        s, e = mt.to_original(at, at + len(word))
        assert 0 <= s <= e <= len(original)
        # The original surface, cleaned again, is the word (broken syllables keep their space).
        assert clean(original[s:e]).text.replace(" ", "") == word.replace(" ", "")


@pytest.mark.parametrize(
    "word, ok",
    [("dân", True), ("nghiêng", True), ("quảng", True), ("gìn", True), ("khuyến", True), ("mớiđô", False),
     ("D", False), ("xyz", False), ("trường", True), ("giữ", True)],
)
def test_is_syllable(word: str, ok: bool) -> None:
    assert is_syllable(word) is ok


@pytest.mark.parametrize(
    "edits, text, expected",
    [
        ([(0, 1, "")], "abc", "bc"),
        ([(1, 1, " ")], "ab", "a b"),
        ([(0, 3, "xy")], "abcd", "xyd"),
        ([(0, 1, "X"), (2, 3, "YY")], "abc", "XbYY"),
    ],
)
def test_apply_edits(edits, text, expected) -> None:
    new, _ = apply_edits(text, edits)
    assert new == expected


def test_overlapping_edits_are_refused() -> None:
    with pytest.raises(ValueError, match="overlapping"):
        apply_edits("abcdef", [(0, 3, ""), (2, 4, "")])


# --- properties ---------------------------------------------------------------

_VIET = st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĐÂ áàảãạ ếềểễệ ốồổỗộ ứừửữự ̣̀́̃̉ \u00a0\u200b\t\r\n.,;:/“”\"-0123456789"))
_TEXTS = st.lists(_VIET, max_size=80).map("".join) | st.text(max_size=80)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_clean_never_crashes_and_maps_every_span_into_bounds(text: str) -> None:
    mt = clean(text)
    n = len(mt.text)
    for s in range(0, n + 1, max(1, n // 7)):
        for e in range(s, n + 1, max(1, n // 5)):
            a, b = mt.to_original(s, e)
            assert 0 <= a <= b <= len(text)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_clean_output_is_nfc_without_zero_width_or_cr(text: str) -> None:
    cleaned = clean(text).text
    assert unicodedata.is_normalized("NFC", cleaned)
    assert not any(c in cleaned for c in "\u200b\u200c\u200d\ufeff\r")


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_clean_is_idempotent(text: str) -> None:
    once = clean(text).text
    assert clean(once).text == once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abc xyz", max_size=40))
def test_identity_map_when_nothing_changes(text: str) -> None:
    mt = MappedText.identity(text)
    assert mt.to_original(0, len(text)) == (0, len(text))


# --- page layout ---------------------------------------------------------------

@pytest.mark.parametrize(
    "doc_id, title, date",
    [
        ("000_2c7221eaf46217ea", "Nhìn lại kết quả 5 năm thực hiện phong trào thi đua ở địa bàn khu phố", None),
        ("001_e978e5b1d23108f2", "Hàm Thuận Bắc tổng kết phong trào thi đua “ Dân vận khéo” giai đoạn 2016-2020", None),
        ("003_35932d9a3ff039cf", "Thị xã Kinh Môn: Nhân lên những mô hình, điển hình “Dân vận khéo”", "2024-08-15"),
        ("004_1f7699655ce802cd", "Những kết quả từ phong trào “dân vận khéo” năm 2018", "2018-11-08"),
    ],
)
def test_layout_title_and_date(corpus, doc_id: str, title: str, date: str | None) -> None:
    page = layout(clean(corpus[doc_id]).text)
    assert page.title is not None and page.title.text == title
    assert page.date == date


@pytest.mark.parametrize(
    "doc_id, chrome_line",
    [
        ("000_2c7221eaf46217ea", "Thống kê truy cập"),
        ("000_2c7221eaf46217ea", "• Trong tuần: 12 929"),
        ("000_2c7221eaf46217ea", "Đăng nhập"),
        ("001_e978e5b1d23108f2", "Các tin khác"),
        ("002_9837707bbf947372", "Tổng số lượt truy cập: 8882610"),
        ("002_9837707bbf947372", "« Quay lại"),
        ("003_35932d9a3ff039cf", "Xem với cỡ chữ"),
        ("004_1f7699655ce802cd", "Ngày đăng 08/11/2018 | 10:18 | Lượt xem: 829"),
    ],
)
def test_layout_marks_page_chrome(corpus, doc_id: str, chrome_line: str) -> None:
    page = layout(clean(corpus[doc_id]).text)
    lines = [ln for ln in page.lines if ln.text.strip() == chrome_line]
    assert lines, f"{chrome_line!r} not a line of {doc_id}"
    assert all(ln.chrome or not (page.body_start <= ln.start < page.body_end) for ln in lines)


def test_layout_byline(corpus) -> None:
    page = layout(clean(corpus["003_35932d9a3ff039cf"]).text)
    assert page.byline is not None and page.byline.text.strip() == "Ban Dân vận Tỉnh ủy"


@pytest.mark.parametrize(
    "line, chrome",
    [
        ("Trang chủ", True), ("Giới thiệu", True), ("Liên hệ", True), ("A A+ A-", True), ("Chia sẻ:", True),
        ("Facebook Zalo", True), ("Tags: nông thôn mới", True), ("Lượt xem: 1.234", True), ("In bài viết", True),
        ("• Hôm nay: 351", True), ("Điện thoại: 0238 3864 123", True), ("Lên đầu trang", True),
        ("Cập nhật: 08:15 05/08/2024", True), ("Thứ Hai, ngày 5 tháng 8 năm 2024", True),
        ("10:30 (GMT+7) Thứ Hai, 15-08-2024", True),
        ("Tỉnh đoàn Vĩnh Long - Số 12, đường Hoàng Thái Hiếu, Phường 1, TP. Vĩnh Long. ĐT: 0270.3822.514", True),
        # body lines that merely start like chrome words
        ("Giới thiệu việc làm cho 120 lao động nông thôn.", False),
        ("Liên hệ thực tế, xã đã vận động 1,2 tỷ đồng.", False),
        ("Tin tức về phong trào được đăng tải trên 15 số bản tin.", False),
    ],
)
def test_chrome_lines(line: str, chrome: bool) -> None:
    text = f"Huyện Quỳnh Lưu tổng kết 10 năm xây dựng nông thôn mới\n{line}\nToàn huyện huy động 5.200 tỷ đồng."
    page = layout(clean(text).text)
    assert page.lines[1].chrome is chrome


@pytest.mark.parametrize(
    "date_line, iso",
    [
        ("Thứ năm, ngày 21/11/2024", "2024-11-21"),
        ("15/08/2024 15:48", "2024-08-15"),
        ("10:30 (GMT+7) Thứ Hai, 15-08-2024", "2024-08-15"),
        ("Thứ Hai, ngày 5 tháng 8 năm 2024", "2024-08-05"),
        ("Ngày đăng 08/11/2018 | 10:18 | Lượt xem: 829", "2018-11-08"),
    ],
)
def test_layout_date(date_line: str, iso: str) -> None:
    text = f"Huyện Quỳnh Lưu tổng kết 10 năm xây dựng nông thôn mới\n{date_line}\nToàn huyện huy động 5.200 tỷ đồng."
    assert layout(clean(text).text).date == iso


@pytest.mark.parametrize(
    "head, title",
    [
        ("CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN CAN LỘC\nGiới thiệu | Tin tức - Sự kiện | Văn bản\n",
         "Can Lộc: 5 năm thực hiện phong trào xây dựng nông thôn mới"),
        ("HỘI NÔNG DÂN TỈNH THANH HÓA\nTin tức - Sự kiện | Phong trào nông dân | Các tin khác\n",
         "Hội viên nông dân Thiệu Hóa hiến đất làm đường"),
        ("ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM HUYỆN CHÂU THÀNH\nGiới thiệu Tin tức Hoạt động Mặt trận Văn bản Hỏi đáp\n",
         "Châu Thành: Mặt trận các cấp chung tay hỗ trợ người dân"),
        # a headline in capitals with nothing better below is still the title
        ("", "XÃ HÀM LIÊM VẬN ĐỘNG LÀM ĐƯỜNG GIAO THÔNG NÔNG THÔN"),
    ],
)
def test_masthead_and_menu_are_not_the_title(head: str, title: str) -> None:
    text = f"{head}{title}\n\nNăm 2020, toàn huyện huy động được hơn 4,2 tỷ đồng để làm đường giao thông."
    page = layout(clean(text).text)
    assert page.title is not None and page.title.text == title
    assert all(ln.chrome for ln in page.lines if ln.start < page.title.start)


def test_an_article_on_one_line_is_not_chrome(corpus) -> None:
    # JSONL dumps often lose the line breaks; the menu words at its start must not hide the body
    one_line = corpus["002_9837707bbf947372"].replace("\n", " ")
    page = layout(clean(one_line).text)
    assert not page.lines[0].chrome


@pytest.mark.parametrize(("text", "cleaned"), [
    pytest.param("giá 300 .000 đồng", "giá 300.000 đồng", id="space-before-a-thousands-group"),
    pytest.param("năm 2019 .Tiếp theo", "năm 2019 .Tiếp theo", id="a-sentence-dot-stays"),
    pytest.param("đạt 3 .5 tấn", "đạt 3 .5 tấn", id="not-three-digits"),
])
def test_a_number_split_by_a_stray_space_is_joined(text, cleaned):
    mt = clean(text)
    assert mt.text == cleaned
    for i in range(len(mt.text)):  # every cleaned character maps back into the original
        s, e = mt.to_original(i, i + 1)
        assert 0 <= s <= e <= len(text)
