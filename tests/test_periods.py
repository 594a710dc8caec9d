"""Period mentions (extract/periods.py): years, ranges, reporting periods; dates and
document codes are not periods (SPEC §4.1, gold/README.md §2)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.periods import find_periods


def found(text: str) -> list[tuple[str, str]]:
    return [(text[p.start:p.end], p.period) for p in find_periods(text)]


SEEN_IN_CORPUS = [
    pytest.param("tổng kết phong trào thi đua “ Dân vận khéo” giai đoạn 2016-2020", [("2016-2020", "2016-2020")],
                 id="001-giai-doan"),
    pytest.param("Trong 05 năm (2017-2022) có 21/21 khu phố", [("2017-2022", "2017-2022")], id="000-bracketed-range"),
    pytest.param("Đại hội Đảng các cấp nhiệm kỳ 2015 - 2020;", [("2015 - 2020", "2015-2020")], id="004-nhiem-ky-spaced"),
    pytest.param("Giai đoạn 2020 - 2024, toàn thị xã có 458 mô hình", [("2020 - 2024", "2020-2024")],
                 id="003-giai-doan-spaced"),
    pytest.param("(Năm 2017, có 12/17 khu phố; Năm 2018, có 12/17 khu phố)", [("2017", "2017"), ("2018", "2018")],
                 id="000-years-in-brackets"),
    pytest.param("vận động ủng hộ trong tháng 11,12/2018", [("tháng 11,12/2018", "2018")], id="months-of-a-year"),
    pytest.param("Chỉ thị số 23-CT/TU, ngày 21/4/2017 của Ban Thường vụ Tỉnh ủy", [], id="000-date-is-not-a-period"),
    pytest.param("Quyết định 03/2007/QĐ-BNV", [], id="document-number"),
]

NEW = [
    pytest.param("năm 2018", [("2018", "2018")], id="nam"),
    pytest.param("Năm 2023, huyện huy động", [("2023", "2023")], id="nam-capitalised"),
    pytest.param("giai đoạn 2021 – 2025", [("2021 – 2025", "2021-2025")], id="en-dash"),
    pytest.param("05 năm (2017-2022)", [("2017-2022", "2017-2022")], id="duration-then-range"),
    pytest.param("từ năm 2011 đến nay", [("từ năm 2011 đến nay", "2011-nay")], id="tu-nam-den-nay"),
    pytest.param("Từ năm 2011 tới nay", [("Từ năm 2011 tới nay", "2011-nay")], id="tu-nam-toi-nay"),
    pytest.param("từ năm 2019 đến năm 2023", [("từ năm 2019 đến năm 2023", "2019-2023")], id="tu-nam-den-nam"),
    pytest.param("từ 2016 đến 2020", [("từ 2016 đến 2020", "2016-2020")], id="tu-den-without-nam"),
    pytest.param("miễn tiền thuê đất từ năm 2011 đến hết năm 2020", [("từ năm 2011 đến hết năm 2020", "2011-2020")],
                 id="tu-nam-den-het-nam"),
    pytest.param("từ năm 2016 đến cuối năm 2020", [("từ năm 2016 đến cuối năm 2020", "2016-2020")], id="tu-nam-den-cuoi-nam"),
    pytest.param("giai đoạn 2016 đến 2020", [("giai đoạn 2016 đến 2020", "2016-2020")], id="giai-doan-den"),
    pytest.param("năm học 2022-2023", [("2022-2023", "2022-2023")], id="school-year"),
    pytest.param("6 tháng đầu năm 2024", [("2024", "2024")], id="first-half-of-year"),
    pytest.param("tính đến tháng 6/2023", [("tháng 6/2023", "2023")], id="month-of-year"),
    pytest.param("quý I/2024", [("quý I/2024", "2024")], id="quarter"),
    # SPEC §4.1: a date's year is a period, unless the date is a document's
    pytest.param("Từ ngày 10/10 đến ngày 30/11/2020, tỉnh tiếp nhận", [("30/11/2020", "2020")], id="event-date-gives-its-year"),
    pytest.param("Kế hoạch số 77-KH/HU, ngày 15/5/2017 của Ban Thường vụ", [], id="document-date-gives-no-period"),
    pytest.param("Quyết định 2525/QĐ-UBND ký ngày 15/5/2017", [], id="signed-document-date"),
    # a law's year names the law, not a period
    pytest.param("trong khi đó, Luật Ngân sách năm 2002 quy định mức dư nợ", [], id="a-laws-year"),
    pytest.param("Hiến pháp năm 2013 khẳng định", [], id="the-constitutions-year"),
    pytest.param("việc thực hiện luật năm 2016 đạt kết quả", [("2016", "2016")], id="a-year-after-an-unnamed-law"),
    pytest.param("Năm nay, xã trồng", [("Năm nay", "this-year")], id="this-year"),
    pytest.param("trong năm 2018", [("2018", "2018")], id="trong-nam-with-a-year"),
    pytest.param("trong năm học mới", [], id="school-year-is-not-this-year"),
    pytest.param("Quyết định số 123/QĐ-UBND năm 2021 của UBND tỉnh", [], id="year-of-a-document"),
    pytest.param("Chỉ thị 05-CT/TW năm 2016 của Bộ Chính trị", [], id="year-of-a-directive"),
    pytest.param("kỷ niệm 70 năm ngày thành lập", [], id="anniversary"),
    pytest.param("hơn 2020 hộ và 2.018 lượt người", [], id="numbers-like-years"),
    pytest.param("Lượt xem: 2019", [], id="counter"),
    pytest.param("giai đoạn 2020-2015", [], id="backwards-range"),
    # the edition of a named event is a period; a law's year and a cue opening a sentence are not
    pytest.param("vận động viên tham dự Ecopark Marathon 2021 lên tới hơn 6 nghìn người", [("2021", "2021")],
                 id="event-edition"),
    pytest.param("SEA Games 2019 diễn ra tại Philippines", [("2019", "2019")], id="games-edition"),
    pytest.param("Hoa hậu Việt Nam 2020 có 35 thí sinh", [("2020", "2020")], id="contest-edition"),
    pytest.param("theo Luật Đất đai 2013, Hiến pháp 2013 và QCVN 2019", [], id="laws-are-not-editions"),
    pytest.param("Đến 2025, tỉnh có 80 xã đạt chuẩn", [], id="opening-cue-is-not-a-name"),
    pytest.param("mẫu iPhone 2017 bán chạy", [], id="lower-case-brand"),
    pytest.param("Nguyễn Văn Vinh (SN 1980) và Trần Văn B (Sn 1975)", [], id="birth-year-is-not-an-edition"),
    pytest.param("Toyota Camry 2019-2020 giá cao", [("2019-2020", "2019-2020")], id="range-after-a-name"),
    pytest.param("từ năm 2020 đến năm 2015", [("2020", "2020"), ("2015", "2015")], id="backwards-tu-den"),
]


@pytest.mark.parametrize(("text", "expected"), SEEN_IN_CORPUS + NEW)
def test_periods(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(("text", "is_range"), [
    pytest.param("giai đoạn 2016-2020", True, id="range"),
    pytest.param("năm 2018", False, id="year"),
    pytest.param("từ năm 2011 đến nay", True, id="until-now"),
])
def test_is_range(text, is_range):
    (p,) = find_periods(text)
    assert p.is_range is is_range


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("năm giaiđoạntừđếnnay0123456789-–/(), ")), max_size=60))
def test_any_text(text):
    got = find_periods(text)
    assert all(0 <= p.start < p.end <= len(text) for p in got)
    assert all(a.end <= b.start for a, b in zip(got, got[1:]))  # left to right, not overlapping
