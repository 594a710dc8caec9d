"""Linking (SPEC §4.6, extract/link.py): each figure's campaign, area and period, by the
same clause first, then the scoping sentence or paragraph, then the article (title,
lead, dateline). Run through the whole pipeline, because the linker works on the
document's sentences, clauses and resolved areas.

Also: short articles written for this test in the style of provincial portals
(tests/cases/articles/*.txt), whose figures were linked by hand per SPEC §4.6 in the
``.links.tsv`` next to each, as a stand-in for a held-out set.
"""
from __future__ import annotations

import csv
import inspect
from pathlib import Path

import pytest

from extract import areas, pipeline
from extract.gazetteer import Gazetteer
from extract.link import Placed, main_area, reporting_period
from extract.periods import PeriodMatch
from extract.pipeline import extract_document

#: whether pipeline.extract_document takes the article's period and area from link.py
#: (reporting_period, main_area); until it does, the rows that depend on them are known gaps
WIRED = all(f"{name}(" in inspect.getsource(pipeline.extract_document) for name in ("reporting_period", "main_area"))

ARTICLES = Path(__file__).parent / "cases" / "articles"


def links(text: str, figure: str, nth: int = 1) -> tuple[str | None, str | None, str | None]:
    """(campaign, area, period) of the nth quantity whose text is ``figure``."""
    got = [q for q in extract_document(text, "t").quantities if q.text == figure]
    assert len(got) >= nth, f"{figure!r} not found as a quantity"
    q = got[nth - 1]
    return q.campaign, q.area, q.period


HAM_THUAN_BAC = "Hàm Thuận Bắc tổng kết phong trào thi đua “Dân vận khéo” giai đoạn 2016-2020\n\n"
PHAN_RI_CUA = "Thị trấn Phan Rí Cửa: 5 năm thực hiện phong trào thi đua ở khu phố (2017-2022)\n\n"

# (article, figure, expected campaign, area, period)
AREA = [
    pytest.param("Bình Thuận tổng kết phong trào “Dân vận khéo” năm 2020\n\n- Huyện Hàm Thuận Bắc: làm mới 2 cây cầu "
                 "bê tông trị giá 180 triệu đồng tại xã Hàm Liêm;", "180 triệu đồng", "xã Hàm Liêm",
                 id="unit-inside-the-subject-named-after-tai"),
    pytest.param("Châu Thành chung tay phòng chống dịch\n\nỦy ban MTTQ huyện Châu Thành (tỉnh Bến Tre) đã tiếp nhận "
                 "gần 5,6 tỷ đồng.", "gần 5,6 tỷ đồng", "huyện Châu Thành", id="bracketed-parent-only-places-the-unit"),
    pytest.param("Tuổi trẻ sôi nổi “Tháng Thanh niên” năm 2022\n\nBan Thường vụ Tỉnh đoàn Vĩnh Long tổng kết "
                 "Tháng Thanh niên với 46 công trình.\n\nTại TP. Vĩnh Long, thanh niên trồng 500 cây xanh.",
                 "46", "tỉnh Vĩnh Long", id="organisation-keeps-its-level-though-a-city-shares-the-name"),
    pytest.param(HAM_THUAN_BAC + "Ủy ban MTTQ Việt Nam xã Hàm Liêm vận động làm mới 51 tuyến đường dài 16.935m.",
                 "16.935m", "xã Hàm Liêm", id="same-clause-typed"),
    pytest.param(HAM_THUAN_BAC + "Xã Hàm Liêm làm mới 4,2km đường; xã Hàm Chính làm mới 3,5km đường.",
                 "3,5km", "xã Hàm Chính", id="subject-of-second-clause"),
    pytest.param(HAM_THUAN_BAC + "Ban Công tác Mặt trận thôn Lâm Giang, Hàm Trí đã vận động làm 2,4 km đường.",
                 "2,4 km", "thôn Lâm Giang", id="most-specific-of-address-pair"),
    pytest.param(HAM_THUAN_BAC + "Huyện đã huy động 170 lượt cán bộ làm đường tại xã Hàm Chính, Hàm Hiệp, Hàm Liêm.",
                 "170", "huyện Hàm Thuận Bắc", id="list-shares-figure-main-area"),
    pytest.param(HAM_THUAN_BAC + "Nhân dân góp 147 ngày công làm đường tại xã Hàm Trí.",
                 "147 ngày công", "xã Hàm Trí", id="area-after-tai"),
    pytest.param(HAM_THUAN_BAC + "Huyện ủy hỗ trợ xã Hàm Liêm 15 triệu đồng, phường Phú Thủy 20 triệu đồng.",
                 "15 triệu đồng", "xã Hàm Liêm", id="recipient-right-before-figure"),
    pytest.param(HAM_THUAN_BAC + "Trong năm, toàn huyện có thêm 5 xã đạt chuẩn nông thôn mới.",
                 "5", "huyện Hàm Thuận Bắc", id="generic-huyen-main-area"),
    pytest.param(HAM_THUAN_BAC + "Mô hình “Đội dân phòng” ở thôn Lâm Giang có 7 thành viên; mô hình được nhân rộng "
                 "ra 12 thôn khác.", "12", "huyện Hàm Thuận Bắc", id="counted-units-belong-to-a-larger-area"),
    pytest.param(HAM_THUAN_BAC + "Xã Hàm Liêm có 12/12 thôn đạt chuẩn văn hóa.", "12/12", "xã Hàm Liêm",
                 id="counted-units-of-the-named-area"),
    pytest.param(HAM_THUAN_BAC + "Tại hội nghị, UBND tỉnh Bình Thuận khen thưởng 10 tập thể.", "10",
                 "huyện Hàm Thuận Bắc", id="provider-province-organisation"),
    pytest.param(PHAN_RI_CUA + "Đảng ủy thị trấn Phan Rí Cửa chỉ đạo. Trong 5 năm đã làm 17 hồ sơ gửi Ban cứu trợ "
                 "huyện Tuy Phong hỗ trợ tổng số tiền 51.000.000 đồng.",
                 "51.000.000 đồng", "thị trấn Phan Rí Cửa", id="provider-organisation-of-parent-unit"),
    pytest.param(HAM_THUAN_BAC + "Huyện ủy Hàm Thuận Bắc đã chỉ đạo xây mới 234 căn nhà tình thương.",
                 "234", "huyện Hàm Thuận Bắc", id="organisation-names-acting-area"),
    pytest.param("Kết quả phong trào “Dân vận khéo” ở Quỳnh Lưu\n\nHuyện ủy Quỳnh Lưu chỉ đạo. "
                 "Xã Quỳnh Thạch vận động 620 triệu đồng; các xã còn lại vận động 1,2 tỷ đồng.",
                 "1,2 tỷ đồng", "huyện Quỳnh Lưu", id="next-clause-of-other-units-falls-back"),
    pytest.param(HAM_THUAN_BAC + "Xã Hàm Liêm làm mới 4 km đường; toàn xã có 95% hộ tham gia.", "95%", "xã Hàm Liêm",
                 id="next-clause-same-unit-keeps-subject"),
]

# past the lead, whose campaign would be the article's
THREE_SENTENCES = "Buổi lễ diễn ra sáng qua. Nhiều đại biểu đến dự. Thời tiết đẹp. "

CAMPAIGN = [
    pytest.param(HAM_THUAN_BAC + "Từ nguồn Quỹ “Vì người nghèo”, Ủy ban MTTQ xã đã trao 2 căn nhà đại đoàn kết, "
                 "mỗi căn trị giá 60 triệu đồng, và 150 phần quà.", "150", "Quỹ Vì người nghèo",
                 id="fund-named-as-source-scopes-its-sentence"),
    pytest.param(HAM_THUAN_BAC + "Góp Quỹ vì người nghèo hơn 4,2 tỷ đồng, xây mới 234 căn nhà tình thương.",
                 "hơn 4,2 tỷ đồng", "Quỹ Vì người nghèo", id="fund-same-segment"),
    pytest.param(HAM_THUAN_BAC + "Góp Quỹ vì người nghèo hơn 4,2 tỷ đồng, xây mới 234 căn nhà tình thương.",
                 "234", "Dân vận khéo", id="fund-not-next-segment"),
    pytest.param("Kinh Môn nhân lên những mô hình “Dân vận khéo”\n\nHội Khuyến học duy trì, phát triển Quỹ Khuyến học, "
                 "khuyến tài ở 23/23 xã, phường.", "23/23", "Quỹ Khuyến học, khuyến tài",
                 id="campaign-ending-in-the-figure-segment"),
    pytest.param(HAM_THUAN_BAC + "Thôn Lâm Giang có mô hình “Đội dân phòng” với 7 thành viên, mô hình “Tổ tự quản” "
                 "với 27 thành viên.", "27", "Tổ tự quản", id="nearest-model-in-clause"),
    pytest.param(HAM_THUAN_BAC + "Khu phố 5 thực hiện mô hình “Bữa cơm nghĩa tình”, mỗi tuần trao 150 suất cơm.",
                 "150", "Bữa cơm nghĩa tình", id="model-scopes-rest-of-clause"),
    pytest.param(HAM_THUAN_BAC + "Hưởng ứng cuộc vận động “Toàn dân đoàn kết xây dựng đời sống văn hóa”, các xã "
                 "đã làm 12 nhà văn hóa; hỗ trợ 19 triệu đồng.", "19 triệu đồng",
                 "Toàn dân đoàn kết xây dựng đời sống văn hóa", id="movement-scopes-sentence"),
    pytest.param(HAM_THUAN_BAC + "Toàn huyện thi công hơn 540 km đường giao thông nông thôn.",
                 "hơn 540 km", "Dân vận khéo", id="article-campaign-from-title"),
    pytest.param(HAM_THUAN_BAC + "Để thực hiện nhiệm vụ năm 2018, Huyện ủy đã ban hành 10 Nghị quyết chuyên đề.",
                 "10", None, id="documents-issued-no-campaign"),
    pytest.param(HAM_THUAN_BAC + "Triển khai thực hiện Đề án đô thị loại 4, đến nay đạt 50/59 tiêu chí.",
                 "50/59", None, id="administrative-scheme-no-campaign"),
    pytest.param("Kỳ Anh đẩy mạnh phong trào “Chung tay xây dựng nông thôn mới, đô thị văn minh”\n\n"
                 "Thực hiện Chương trình MTQG xây dựng nông thôn mới, thị xã Kỳ Anh có thêm 2 xã đạt chuẩn.",
                 "2", "Chung tay xây dựng nông thôn mới, đô thị văn minh", id="part-of-article-campaign"),
    pytest.param("Yên Định về đích nông thôn mới\n\n"
                 "Thực hiện Chương trình MTQG xây dựng nông thôn mới, huyện Yên Định có 22/22 xã đạt chuẩn.",
                 "22/22", "Xây dựng nông thôn mới", id="programme-alias"),
    pytest.param("Lễ kỷ niệm Ngày Chiến thắng ở Donetsk\n\n" + THREE_SENTENCES + "Tại Donetsk, khoảng 10.000 người đã tham gia lễ kỷ niệm, "
                 "trong đó có nhiều cựu chiến binh, người đứng đầu phong trào xe môtô “Những con sói đêm”.", "khoảng 10.000", None,
                 id="movement-named-after-the-figure-in-another-segment"),
    pytest.param("Triển lãm ảnh ở Vĩnh Phúc\n\n" + THREE_SENTENCES + "Triển lãm giới thiệu 250 ảnh, hiện vật, tư liệu về 125 tập thể, cá nhân "
                 "tiên tiến trong phong trào “Học tập và làm theo tấm gương đạo đức Hồ Chí Minh”.", "250", None,
                 id="exhibit-count-before-the-movement"),
    pytest.param("Chương Mỹ đẩy mạnh phong trào “Trồng cây xanh”\n\n" + THREE_SENTENCES + "Ông Phùng Văn Hà cho biết, "
                 "gia đình có hơn 1.700 cây bưởi, vụ vừa qua lãi gần 1 tỷ đồng.", "gần 1 tỷ đồng", None,
                 id="a-households-own-earnings"),
    pytest.param("Chương Mỹ đẩy mạnh phong trào “Trồng cây xanh”\n\n" + THREE_SENTENCES + "Năm nay gia đình ông Mạnh "
                 "trồng 9 ha rừng.", "9 ha", None, id="a-households-own-holding"),
    pytest.param("Chương Mỹ đẩy mạnh phong trào “Trồng cây xanh”\n\n" + THREE_SENTENCES + "Trong đợt này, ngôi nhà xây "
                 "cho gia đình bà Trần Thị Màu có tổng diện tích 60m2.", "60m2", "Trồng cây xanh", id="given-to-a-household"),
    pytest.param("Chương trình OCOP tạo đòn bẩy\n\n" + THREE_SENTENCES + "Thực hiện Chương trình “Mỗi xã một sản phẩm”, "
                 "hàng năm huyện đưa ra thị trường 600 tấn sầu riêng.", "600 tấn", None, id="a-figure-of-the-market"),
    pytest.param("Chương trình OCOP tạo đòn bẩy\n\n" + THREE_SENTENCES + "Thực hiện Chương trình “Mỗi xã một sản phẩm”, "
                 "huyện có 12 sản phẩm đạt 3 sao.", "12", "Mỗi xã một sản phẩm", id="the-programmes-result-stays"),
    pytest.param("Ra quân Tiếp sức mùa thi\n\n" + THREE_SENTENCES + "Các đội đã hỗ trợ 1.200 thí sinh trong chiến dịch “Tiếp sức mùa thi”.",
                 "1.200", "Tiếp sức mùa thi", id="movement-after-the-figure-in-its-segment"),
]

PERIOD = [
    pytest.param(HAM_THUAN_BAC + "Chủ tịch Hội cho biết, trong nhiệm kỳ 2023-2028, Hội phấn đấu vận động hiến trên "
                 "20.000 m2 đất.", "trên 20.000 m2", "2023-2028", id="adverbial-term-scopes-its-clause"),
    pytest.param(HAM_THUAN_BAC + "Số mô hình tăng gấp 2 lần nhiệm kỳ 2010-2015.", "gấp 2 lần", "2016-2020",
                 id="multiplier-baseline-is-not-the-period"),
    pytest.param(HAM_THUAN_BAC + "Thu nhập bình quân đạt 52,3 triệu đồng/người/năm, tăng gấp 3,5 lần so với năm 2010.",
                 "52,3 triệu đồng", "2016-2020", id="comparison-baseline-is-not-the-period"),
    pytest.param(HAM_THUAN_BAC + "Tỷ lệ hộ nghèo còn 2,1%, giảm 1,5% so với cùng kỳ năm 2019.",
                 "2,1%", "2016-2020", id="same-period-last-year-baseline"),
    pytest.param(HAM_THUAN_BAC + "Năm 2019, có 17/17 khu phố đạt chuẩn văn hóa.", "17/17", "2019",
                 id="clause-opening-year"),
    pytest.param(HAM_THUAN_BAC + "Năm 2017, có 12/17 khu phố đạt chuẩn; năm 2018, có 15/17 khu phố đạt chuẩn.",
                 "15/17", "2018", id="each-clause-its-year"),
    pytest.param(HAM_THUAN_BAC + "Năm 2019, huyện làm 12 km đường. Nhân dân hiến 3 ha đất.\n\nToàn huyện có 5 xã "
                 "đạt chuẩn.", "3 ha", "2019", id="scoping-sentence-earlier-in-paragraph"),
    pytest.param(HAM_THUAN_BAC + "Năm 2019, huyện làm 12 km đường.\n\nToàn huyện có 5 xã đạt chuẩn.",
                 "5", "2016-2020", id="not-across-paragraphs-article-period"),
    pytest.param(HAM_THUAN_BAC + "Thu nhập bình quân của huyện năm 2019 đạt 48 triệu đồng, tỷ lệ hộ nghèo còn 2,1%.",
                 "2,1%", "2019", id="year-mid-sentence-scopes-later-figure"),
    pytest.param(HAM_THUAN_BAC + "Thực hiện đạt và vượt 11/11 chỉ tiêu Nghị quyết Đại hội Đảng bộ huyện lần thứ XI, "
                 "nhiệm kỳ (2015-2020) đề ra và hơn 290 mô hình trên các lĩnh vực.", "11/11", "2015-2020",
                 id="nhiem-ky-scopes-its-noun-phrase"),
    pytest.param(HAM_THUAN_BAC + "Thực hiện đạt và vượt 11/11 chỉ tiêu Nghị quyết Đại hội Đảng bộ huyện lần thứ XI, "
                 "nhiệm kỳ (2015-2020) đề ra và hơn 290 mô hình trên các lĩnh vực.", "hơn 290", "2016-2020",
                 id="nhiem-ky-does-not-scope-the-next-figure"),
    pytest.param(HAM_THUAN_BAC + "Qua 5 năm thực hiện Chỉ thị số 23-CT/TU, ngày 21/4/2017 của Tỉnh ủy, huyện có "
                 "12 mô hình.", "12", "2016-2020", id="date-is-not-a-period"),
    pytest.param(HAM_THUAN_BAC + "Toàn huyện làm 12 km đường giao thông.", "12 km", "2016-2020",
                 id="article-period-from-title"),
    pytest.param(HAM_THUAN_BAC + "Tổng mức đầu tư khoảng 40 tỷ USD, trong đó sau năm 2031 vốn đầu tư 21,327 tỷ USD.",
                 "21,327 tỷ USD", "2016-2020", id="a-year-bounding-an-open-time-after"),
    pytest.param(HAM_THUAN_BAC + "Danh sách có 324 ca khúc sáng tác trước năm 1975.", "324", "2016-2020",
                 id="a-year-bounding-an-open-time-before"),
    pytest.param("Kinh Môn nhân lên những mô hình “Dân vận khéo”\n\nGiai đoạn 2020 - 2024, toàn thị xã có 458 mô hình. "
                 "Trong đó, lĩnh vực kinh tế có 60 mô hình.", "60", "2020-2024", id="range-scopes-paragraph"),
]


@pytest.mark.parametrize(("text", "figure", "area"), AREA)
def test_area(text, figure, area):
    assert links(text, figure)[1] == area


@pytest.mark.parametrize(("text", "figure", "campaign"), CAMPAIGN)
def test_campaign(text, figure, campaign):
    assert links(text, figure)[0] == campaign


@pytest.mark.parametrize(("text", "figure", "period"), PERIOD)
def test_period(text, figure, period):
    assert links(text, figure)[2] == period


def test_quantity_link_fields():
    text = HAM_THUAN_BAC + "Ủy ban MTTQ Việt Nam xã Hàm Liêm vận động làm mới 51 tuyến đường dài 16.935m."
    (q,) = [q for q in extract_document(text, "t").quantities if q.text == "16.935m"]
    assert (q.campaign, q.area, q.area_code, q.period) == ("Dân vận khéo", "xã Hàm Liêm", "ward:23095", "2016-2020")
    assert q.area_new and q.area_new_code  # the unit it became in 2025


def test_old_unit_keeps_old_code_and_gives_new():
    text = ("Hoành Bồ: kết quả năm 2018\n\nNăm 2018, Ủy ban MTTQ huyện Hoành Bồ vận động ủng hộ Quỹ “Vì người nghèo” "
            "850 triệu đồng.")
    (q,) = [q for q in extract_document(text, "t").quantities if q.text == "850 triệu đồng"]
    assert q.area == "huyện Hoành Bồ"
    # merged into thành phố Hạ Long (district:193) in 2020; the data knows Hoành Bồ only by name, so its
    # code is the unit it merged into (one code form: README, docs/DATA_DICTIONARY.md)
    assert q.area_code == "district:193"
    assert q.area_new == "tỉnh Quảng Ninh"


def test_no_link_without_anything_to_link():
    text = "Tin vắn\n\nCó 12 người tham gia."
    (q,) = extract_document(text, "t").quantities
    assert (q.campaign, q.area, q.period) == (None, None, None)


def test_link_false_leaves_links_empty():
    text = HAM_THUAN_BAC + "Xã Hàm Liêm làm mới 4,2km đường."
    (q,) = extract_document(text, "t", link=False).quantities
    assert (q.campaign, q.area, q.period) == (None, None, None)


# ------------------------------------------------------------------ reporting period

def _p(text: str, needle: str, period: str, is_range: bool) -> Placed:
    s = text.index(needle)
    return Placed(s, s + len(needle), 0, 0, 0, 0, PeriodMatch(s, s + len(needle), period, is_range))


@pytest.mark.parametrize(("text", "found", "title", "expected"), [
    pytest.param("Tổng kết năm 2018. Giai đoạn 2014-2018 có 4 xã", [("2018", "2018", False), ("2014-2018", "2014-2018", True)],
                 None, "2018", id="first-period-of-the-article"),
    pytest.param("Kết quả 2016-2020\nNăm 2019 ...", [("2016-2020", "2016-2020", True), ("2019", "2019", False)],
                 (0, 17), "2016-2020", id="title-first"),
    pytest.param("Nghị quyết nhiệm kỳ 2015-2020. Năm 2018 ...", [("2015-2020", "2015-2020", True), ("2018", "2018", False)],
                 None, "2018", id="qualifying-period-skipped"),
    pytest.param("Không có gì", [], None, None, id="none"),
])
def test_reporting_period(text, found, title, expected):
    assert reporting_period(text, [_p(text, n, p, r) for n, p, r in found], title) == expected


# ------------------------------------------------------------------ main area

def _placed_areas(paragraphs: list[str]) -> tuple[str, list[Placed]]:
    gaz = Gazetteer.load()
    text, found, where = "", [], []
    for i, para in enumerate(paragraphs):
        offset = len(text)
        for m in areas.find_areas(para, gazetteer=gaz):
            found.append(type(m)(m.start + offset, m.end + offset, m.type, m.name, m.level, m.typed, via=m.via))
            where.append((i, 100 * i + para.count(". ", 0, m.start)))  # (paragraph, sentence)
        text += para + "\n\n"
    by_span = {(m.start, m.end): m for m in areas.resolve_all(found, gaz)}
    placed = [Placed(m.start, m.end, s, i, 0, 0, by_span[(m.start, m.end)])
              for m, (i, s) in zip(found, where) if (m.start, m.end) in by_span]
    return text, placed


@pytest.mark.parametrize(("paragraphs", "has_title", "expected"), [
    pytest.param(["Hàm Thuận Bắc tổng kết phong trào", "Ủy ban MTTQ xã Hàm Liêm vận động"], True,
                 "huyện Hàm Thuận Bắc", id="title-area"),
    pytest.param(["Nhân rộng mô hình “Dân vận khéo”", "(Kiên Giang) - Đảng ủy xã Thạnh Lộc, huyện Giồng Riềng chỉ đạo"],
                 True, "xã Thạnh Lộc", id="dateline-province-gives-way"),
    pytest.param(["Nhân rộng mô hình “Dân vận khéo”", "Ban Dân vận Tỉnh ủy Nghệ An tổ chức hội nghị tại huyện Nghĩa Đàn"],
                 True, "huyện Nghĩa Đàn", id="provincial-organiser-gives-way"),
    pytest.param(["Nghệ An: Huyện Quỳnh Lưu huy động 5 tỷ đồng", "Năm 2023 huyện đạt kế hoạch"], True,
                 "huyện Quỳnh Lưu", id="title-province-then-district"),
    pytest.param(["Tổng kết công tác năm", "Năm 2018, thị xã Kỳ Anh thực hiện", "xã Kỳ Ninh, xã Kỳ Hà"], True,
                 "thị xã Kỳ Anh", id="first-unit-of-the-lead"),
    pytest.param(["Tỉnh Bình Thuận tổng kết", "Năm 2023, tỉnh có 10 huyện"], True, "tỉnh Bình Thuận",
                 id="province-article"),
    pytest.param(["Tin vắn", "Có 12 người tham gia"], True, None, id="no-area"),
    # a person's address is not where the article is
    pytest.param(["Nông dân phấn khởi vì bắp cải được giá",
                  "Ông Thái Vĩnh Thạnh, một người dân ở huyện Tuy Đức cho biết, gia đình ông trồng 4 ha bắp cải"], True,
                 None, id="a-residents-district"),
    pytest.param(["Truy vết các ca bệnh",
                  "UBND tỉnh Hưng Yên cho biết có 2 ca bệnh. Đây là hai bà cháu, ở xã Tiên Tiến, huyện Phù Cừ, tỉnh Hưng Yên."],
                 True, "tỉnh Hưng Yên", id="an-address-chain"),
    # the province is the subject; a district of it named in a later sentence is where one event took place
    pytest.param(["Truy vết các ca bệnh",
                  "Thứ trưởng làm việc với UBND tỉnh Hưng Yên. Huyện Phù Cừ đã phong tỏa thôn Hoàng Xá."],
                 True, "tỉnh Hưng Yên", id="a-district-in-a-later-sentence"),
    pytest.param(["Cứu trợ vùng lũ", "UBND tỉnh Quảng Trị đã trao 500 suất quà. Riêng huyện Hải Lăng nhận 120 suất."],
                 True, "tỉnh Quảng Trị", id="a-district-named-later-in-the-lead"),
    pytest.param(["Hành tím được giải cứu", "Hành tím của người dân ở thị xã Vĩnh Châu đã bán được 30 tấn"], True,
                 "thị xã Vĩnh Châu", id="the-people-of-a-place"),
])
def test_main_area(paragraphs, has_title, expected):
    text, placed = _placed_areas(paragraphs)
    title = (0, len(paragraphs[0])) if has_title else None
    got = main_area(placed, title, text=text)
    assert (got.canonical if got is not None else None) == expected


# ------------------------------------------------------------------ held-out style articles

def _article_rows():
    for path in sorted(ARTICLES.glob("*.links.tsv")):
        article = path.with_name(path.name.replace(".links.tsv", ".txt"))
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                gap = (row.get("known_gap") or "").strip()
                marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap and not WIRED else []
                yield pytest.param(article, row, marks=marks, id=f"{article.stem}-{row['text']}-{row['nth']}")


_EXTRACTED: dict[Path, list] = {}


def _quantities(article: Path) -> list:
    if article not in _EXTRACTED:
        _EXTRACTED[article] = extract_document(article.read_text(encoding="utf-8"), article.stem).quantities
    return _EXTRACTED[article]


@pytest.mark.parametrize(("article", "row"), list(_article_rows()))
def test_article_links(article, row):
    same = [q for q in _quantities(article) if q.text == row["text"]]
    q = same[int(row["nth"]) - 1]
    expected = tuple(None if row[k] == "-" else row[k] for k in ("campaign", "area", "period"))
    assert (q.campaign, q.area, q.period) == expected


def test_every_article_figure_is_annotated():
    for path in sorted(ARTICLES.glob("*.links.tsv")):
        article = path.with_name(path.name.replace(".links.tsv", ".txt"))
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
        assert [r["text"] for r in rows] == [q.text for q in _quantities(article)], article.name


@pytest.mark.parametrize(("body", "expected"), [
    # SPEC §4.7 (contract change): the publication date alone gives no period ...
    pytest.param("Ủy ban MTTQ tỉnh đã tiếp nhận hơn 82 tỷ đồng ủng hộ đồng bào bị thiệt hại.", None, id="date-alone"),
    # ... but "năm nay" / "trong năm" is the year the article reports on, else the year of its date
    pytest.param("Năm nay, Ủy ban MTTQ tỉnh đã tiếp nhận hơn 82 tỷ đồng.", "2020", id="nam-nay-takes-the-date-year"),
    pytest.param("Trong năm, Ủy ban MTTQ tỉnh đã tiếp nhận hơn 82 tỷ đồng.", "2020", id="trong-nam"),
])
def test_the_publication_date_alone_gives_no_period(body, expected):
    text = f"Quảng Nam: Chung tay cứu trợ đồng bào vùng lũ\nNgày đăng: 05/12/2020\n\n{body}"
    assert links(text, "hơn 82 tỷ đồng")[2] == expected


def test_this_year_is_the_year_the_title_names():
    text = ("Tổng kết công tác Đoàn năm 2018\nNgày đăng: 10/01/2019\n\n"
            "Trong năm, các cơ sở Đoàn đã vận động hơn 82 tỷ đồng.")
    assert links(text, "hơn 82 tỷ đồng")[2] == "2018"


@pytest.mark.parametrize(("dated", "later"), [
    # a year of the story, not the one the article reports on: SPEC §4.6, its own paragraph only
    pytest.param("15/03/2024", None, id="a-past-year-scopes-its-paragraph"),
    # the year the article reports on, opening a body sentence: it scopes what follows it
    pytest.param("29/12/2021", "2021", id="the-reported-year-goes-on"),
    # the year before the date's: reported on while its reviews run, background later in the year
    pytest.param("10/02/2022", "2021", id="the-year-before-in-its-review-season"),
    pytest.param("15/06/2022", None, id="the-year-before-mid-year"),
    # undated: nothing tells that the year is the one reported on (SPEC §4.6: its paragraph only)
    pytest.param(None, None, id="undated-its-paragraph-only"),
])
def test_a_year_named_in_the_body(dated, later):
    dateline = f"Ngày đăng: {dated}\n" if dated else ""
    text = (f"Chung tay cứu trợ đồng bào vùng lũ\n{dateline}\nTỉnh đã tiếp nhận hơn 82 tỷ đồng.\n\n"
            "Năm 2021, tỉnh tiếp tục vận động 5 tỷ đồng, trao 300 suất quà.\n\nCác xã trao 120 suất quà.")
    assert links(text, "hơn 82 tỷ đồng")[2] is None  # never the figures before it
    assert links(text, "5 tỷ đồng")[2] == "2021"
    assert links(text, "300")[2] == "2021"
    assert links(text, "120")[2] == later


@pytest.mark.parametrize(("opening", "dated", "expected"), [
    pytest.param("Giai đoạn 2020 - 2024, các xã đã xây dựng 458 mô hình.", "2024-08-15", "2020-2024", id="term-reviewed"),
    pytest.param("Trong 05 năm (2017-2022) có 21/21 khu phố đạt chuẩn.", None, "2017-2022", id="n-years-undated"),
    pytest.param("Từ năm 2019 đến năm 2023, phường đã xây dựng 27 mô hình.", "2023-12-01", "2019-2023", id="from-to"),
    pytest.param("Giai đoạn 2026 - 2030, tỉnh phấn đấu có 458 mô hình.", "2021-04-11", None, id="a-plan-for-later"),
    pytest.param("Trong 5 năm (2011-2015), tỉnh mất 458 ha đất.", "2017-03-02", None, id="a-past-term"),
    # undated: the latest year the article names stands for its date (targets left out)
    pytest.param("Giai đoạn 2011-2015, tỉnh mất 458 ha đất. Năm 2016, tỉnh mất 90 ha.", None, None,
                 id="undated-past-term"),
    pytest.param("Giai đoạn 2016-2020, tỉnh mất 458 ha đất. Phấn đấu đến năm 2030 giữ 90 ha.", None, "2016-2020",
                 id="undated-target-does-not-date-it"),
    # a plan is not the term an article reviews
    pytest.param("Trong giai đoạn 2016-2020 dự kiến vốn bố trí 458 tỷ đồng.", "2017-06-01", None, id="a-plan-in-the-term"),
    # the span of years a review names, given later in its sentence
    pytest.param("Sau 5 năm thực hiện chương trình, thu nhập tăng bình quân 15,8% (giai đoạn 2011-2015).", None,
                 "2011-2015", id="after-n-years-the-span-later"),
    pytest.param("Sau 3 năm thực hiện chương trình, thu nhập tăng 15,8% (giai đoạn 2011-2015).", None, None,
                 id="after-n-years-another-span"),
])
def test_a_term_a_body_sentence_opens_with_is_the_reporting_period(opening, dated, expected):
    head = "Nhìn lại kết quả phong trào\n" + (f"Ngày đăng: {dated[8:10]}/{dated[5:7]}/{dated[:4]}\n" if dated else "")
    text = head + "\nXã tổ chức hội nghị tổng kết, các khu phố trao 120 suất quà.\n\nCác hộ góp 35 ngày công.\n\n" + opening
    assert links(text, "120")[2] == expected  # the lead takes the term
    # the body before the term does not: it reaches forward from its sentence, and back to the title and lead only
    assert links(text, "35 ngày công")[2] is None


@pytest.mark.parametrize(("dated", "expected"), [
    # SPEC §4.7: a year of the story in the lead is background, not the period reported on
    pytest.param("09/12/2020", None, id="a-past-year-in-the-lead"),
    pytest.param("09/12/2017", "2017", id="the-year-of-the-date"),
    pytest.param("09/01/2018", "2017", id="the-year-before-the-date"),
    # the year before, in an article of the first quarter: the review of that year; later in the
    # year it is what happened before ("Năm 2020, dịch Covid-19 ..." in April 2021)
    pytest.param("28/03/2018", "2017", id="the-year-before-in-the-first-quarter"),
    pytest.param("03/04/2018", None, id="the-year-before-after-the-first-quarter"),
    pytest.param("15/11/2018", None, id="the-year-before-late-in-the-year"),
])
def test_a_lead_year_far_from_the_date_is_background(dated, expected):
    text = (f"Lập nghiệp với mô hình nuôi dúi trong nhà\nNgày đăng: {dated}\n\n"
            "Qua tìm hiểu thông tin trên báo chí và tham quan một số mô hình, năm 2017, anh bỏ vốn hơn 15 triệu đồng "
            "mua dúi giống về nuôi.\n\nĐến nay đàn dúi có 120 con.")
    assert links(text, "120")[2] == expected


def test_a_heading_above_the_lead_is_not_the_lead():
    text = ("Ngày đăng: 21/04/2021\n\nCự ly 42km: Vận động viên Lê Văn Thao về nhất.\n\n"
            "Lê Văn Thao cho biết anh không có nhiều thời gian để chuẩn bị, dẫu vậy đường chạy tuyệt đẹp của Ecopark "
            "Marathon 2021 đã giúp anh có được thành tích tốt nhất.\n\nGiải có hơn 6 nghìn người tham dự.")
    assert links(text, "hơn 6 nghìn")[2] == "2021"


def test_a_period_carries_a_few_sentences_not_a_whole_run_on_paragraph():
    filler = " ".join(f"Khu vực {i} được khảo sát kỹ." for i in range(1, 6))
    text = ("Nhìn lại kết quả\nNgày đăng: 02/03/2017\n\nTỉnh tổ chức hội nghị tổng kết công tác phòng chống sạt lở bờ biển với sự tham dự "
            "của các sở ngành.\n\nGiai đoạn 2011-2015, đầu tư 32 tỷ đồng. Các xã trồng 12 ha rừng. " + filler
            + " Toàn vùng có 24 khu vực sạt lở.")
    assert links(text, "12 ha")[2] == "2011-2015"
    assert links(text, "24")[2] is None


@pytest.mark.parametrize(("dated", "expected"), [
    pytest.param("14/10/2019", "thị xã Gia Nghĩa", id="before-the-upgrade"),
    pytest.param("14/10/2021", "thành phố Gia Nghĩa", id="after-the-upgrade"),
])
def test_a_bare_name_takes_the_type_of_the_articles_year(dated, expected):
    text = (f"Doanh nhân khởi nghiệp\nNgày đăng: {dated}\n\n"
            "Công ty Thịnh Phát (Gia Nghĩa) đã đạt 3 giải tại cuộc thi khởi nghiệp của tỉnh Đắk Nông năm nay.")
    assert links(text, "3")[1] == expected


@pytest.mark.parametrize(("dated", "place", "expected"), [
    pytest.param("05/06/2017", "Đức Phổ, Quảng Ngãi", "huyện Đức Phổ", id="duc-pho-before-2020"),
    pytest.param("05/06/2021", "Đức Phổ, Quảng Ngãi", "thị xã Đức Phổ", id="duc-pho-after"),
    pytest.param("05/06/2017", "Hà Tiên, Kiên Giang", "thị xã Hà Tiên", id="ha-tien-before-2018"),
])
def test_upgrades_the_alias_table_dates(dated, place, expected):
    """area_aliases.tsv dates upgrades a reading audit met in 2017 articles."""
    text = f"Tin địa phương\nNgày đăng: {dated}\n\nTắm biển ở {place} có 4 học sinh bị sóng cuốn."
    assert [a.canonical for a in extract_document(text, "d").areas][0] == expected


@pytest.mark.parametrize(("sentence", "figure", "expected"), [
    # a period before a sentence's first figure scopes all of it, past ";" ...
    pytest.param("Số liệu của Cục Kinh tế hợp tác cho biết, năm 2016 cả nước có 30.000 trang trại; khoảng 4.000 DN "
                 "tham gia đầu tư.", "khoảng 4.000", "2016", id="fronted-year"),
    pytest.param("Kế hoạch của UBND tỉnh Cà Mau cho biết, giai đoạn 2021 - 2025, cán bộ cấp tỉnh là 443 người; "
                 "viên chức là 11.533 người.", "11.533", "2021-2025", id="fronted-term"),
    # ... but one after the first figure only its own clause
    pytest.param("Tỉnh có 30.000 trang trại năm 2016; khoảng 4.000 DN tham gia đầu tư.", "khoảng 4.000", None,
                 id="after-the-first-figure"),
])
def test_a_period_before_the_first_figure_scopes_its_sentence(sentence, figure, expected):
    text = "Nông nghiệp cả nước\nNgày đăng: 02/03/2017\n\nBài viết tổng hợp số liệu của các cơ quan thống kê.\n\n" + sentence
    assert links(text, figure)[2] == expected


def test_until_now_ends_with_the_article_period():
    text = ("Tổng kết phong trào thi đua “Dân vận khéo” (2011 - 2021)\n\n"
            "Từ năm 2011 đến nay, toàn huyện đã xây dựng 386 mô hình.")
    assert links(text, "386")[2] == "2011-2021"
    alone = "Tin vắn\n\nTừ năm 2011 đến nay, toàn huyện đã xây dựng 386 mô hình."
    assert links(alone, "386")[2] == "2011"  # no date to close it: SPEC writes years, not "2011-nay"
    dated = "Tin vắn\nNgày đăng: 20/11/2021\n\nTừ năm 2011 đến nay, toàn huyện đã xây dựng 386 mô hình."
    assert links(dated, "386")[2] == "2011-2021"
    same_year = "Tin vắn\nNgày đăng: 20/11/2021\n\nTừ đầu năm 2021 đến nay, toàn huyện đã xây dựng 386 mô hình."
    assert links(same_year, "386")[2] == "2021"


# ------------------------------------------------------------------ scraped quotes

CORPUS = sorted((Path(__file__).parents[1] / "corpus" / "seeds").glob("*.txt"))
QUOTE_DAMAGE = {
    "straight": lambda t: t.replace("“", '"').replace("”", '"'),
    "closing-marks-only": lambda t: t.replace("“", "”"),
    "opening-marks-only": lambda t: t.replace("”", "“"),
}


@pytest.mark.parametrize("damage", sorted(QUOTE_DAMAGE))
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem[:3])
def test_campaign_links_survive_quote_damage(path, damage):
    # same length, so the figures stay where they were
    text = path.read_text(encoding="utf-8")
    before = [(q.start, q.campaign) for q in extract_document(text, path.stem).quantities]
    after = [(q.start, q.campaign) for q in extract_document(QUOTE_DAMAGE[damage](text), path.stem).quantities]
    assert after == before


@pytest.mark.parametrize("lead", [
    "Chị Nguyễn Thị Xuyến sinh năm 1993 ở thôn 5 xã Thuận Hà đã trở về lập nghiệp.",
    "Bệnh viện được thành lập năm 1949, nay là bệnh viện hạng 1.",
])
def test_a_life_event_year_is_no_period(lead):
    text = f"Khởi nghiệp từ nuôi đông trùng hạ thảo\n\n{lead}\n\nMỗi năm trang trại thu 120 kg nấm."
    assert links(text, "120 kg")[2] is None


@pytest.mark.parametrize(("sentence", "figure", "expected"), [
    pytest.param("Cả nước có 8.996 xã tổ chức Ngày chạy.", "8.996", None, id="ca-nuoc"),
    pytest.param("Thế giới ghi nhận hơn 151,2 triệu ca nhiễm.", "hơn 151,2 triệu", None, id="the-gioi"),
    pytest.param("Toàn tỉnh có 12 ca nhiễm.", "12", "tỉnh Hưng Yên", id="the-province-stays"),
])
def test_a_national_figure_has_no_area(sentence, figure, expected):
    text = f"Hưng Yên: phòng chống dịch Covid-19\n\nTỉnh Hưng Yên họp bàn phòng chống dịch.\n\n{sentence}"
    assert links(text, figure)[1] == expected


def test_a_foreign_countrys_figure_has_no_area():
    text = ("Hưng Yên: phòng chống dịch Covid-19\n\nTỉnh Hưng Yên họp bàn phòng chống dịch.\n\n"
            "Tại Ấn Độ, trong ngày 29/4, nước này ghi nhận thêm 386.888 ca mắc.")
    assert links(text, "386.888")[1] is None


def test_a_provinces_own_name_is_an_area_anywhere():
    text = "Hà Nội, TP HCM nợ hơn 4.100 tỷ đồng tiền bảo hiểm xã hội\n\nBình Dương nợ 5 tỷ đồng."
    from extract import extract_document

    ex = extract_document(text, "t")
    assert [a.canonical for a in ex.areas][:2] == ["thành phố Hà Nội", "thành phố Hồ Chí Minh"]
    assert ex.document.area is None  # two units of one level in the title: no single main area


def test_a_programme_deep_in_a_run_on_lead_is_not_the_articles():
    """A scraped page may run a whole article as one paragraph: only a campaign its first
    LEAD_CAMPAIGN_SENTENCES sentences name is the article's."""
    text = ("LĐLĐ tỉnh: Đẩy mạnh hoạt động vì quyền lợi người lao động\n\n"
            "Đến nay, toàn tỉnh có trên 157.000 công nhân, viên chức, lao động trong các doanh nghiệp. "
            "Trong đó có 4 khu công nghiệp đang hoạt động. Thu nhập bình quân từ 3,5 triệu đồng/người/tháng. "
            "Công đoàn tổ chức đối thoại định kỳ với người sử dụng lao động. "
            "Thực hiện chương trình “Nâng cao chất lượng, thương lượng, ký thỏa ước” gắn với kết quả đối thoại, "
            "đến nay 60% số doanh nghiệp đã ký kết thỏa ước.")
    assert links(text, "trên 157.000")[0] is None
    assert links(text, "60%")[0] == "Nâng cao chất lượng, thương lượng, ký thỏa ước"


@pytest.mark.parametrize(("late", "expected"), [
    pytest.param(False, "2020", id="early-in-the-body-the-articles-year"),
    pytest.param(True, None, id="late-in-the-body-only-its-stretch"),
])
def test_nam_nay_early_in_the_body_is_the_articles_period(late, expected):
    """SPEC §4.7: "năm nay" is the year the article reports on; said in the first half of the
    body it says the article is about this year, so figures before it take that year too."""
    opening = "Ông Thạnh ở huyện Tuy Đức đã chuyển đổi 4 ha đất để trồng cây bắp cải."
    filler = "\n\n".join(f"Thương lái đến tận vườn số {i} thu mua bắp cải với giá cao." for i in range(1, 9))
    remark = "Theo ông Hanh, năm nay thời tiết thuận lợi, cây bắp cải phát triển tốt."
    body = [opening, filler, remark] if late else [opening, remark, filler]
    text = "Nông dân phấn khởi vì bắp cải được mùa\nNgày đăng: 08/12/2020\n\n" + "\n\n".join(body)
    assert links(text, "4 ha")[2] == expected


@pytest.mark.parametrize(("sentence", "figure", "expected"), [
    pytest.param("Theo quy hoạch giao thông đến năm 2030, tầm nhìn đến năm 2050 được Thủ tướng phê duyệt, thành phố "
                 "sẽ xây dựng 10 tuyến đường.", "10", None, id="a-plans-horizon-scopes-nothing"),
    pytest.param("Đến năm 2030, thành phố xây dựng 10 tuyến đường.", "10", "2030", id="a-target-year-still-does"),
])
def test_a_plans_horizon_is_no_period(sentence, figure, expected):
    text = f"Phát triển đường sắt đô thị\nNgày đăng: 05/07/2017\n\nHà Nội có nhiều dự án lớn.\n\n{sentence}"
    assert links(text, figure)[2] == expected


def test_a_programme_the_article_names_as_a_document_is_no_campaign():
    """"Nghị quyết Chương trình xây dựng luật" in the title: the same programme further down
    ("Điều 2. Chương trình xây dựng luật ...") is the resolution's content, no campaign."""
    text = ("Nghị quyết Chương trình xây dựng luật, pháp lệnh năm 2018\n\nQuốc hội thông qua nghị quyết.\n\n"
            "Điều 2. Chương trình xây dựng luật, pháp lệnh năm 2018 gồm 12 dự án luật.")
    assert links(text, "12")[0] is None


@pytest.mark.parametrize(("figure", "expected"), [
    pytest.param("33,9%", None, id="before-the-drive-a-baseline"),
    pytest.param("35,4%", "Người Việt Nam ưu tiên dùng thuốc Việt Nam", id="after-the-turn-its-result"),
    pytest.param("61,5%", None, id="the-next-clause-still-before-it"),
])
def test_how_things_stood_before_a_drive_is_not_its_result(figure, expected):
    text = ("Người Việt ưu tiên dùng thuốc Việt\n\nNăm 2013, Bộ Y tế phối hợp với nhiều cơ quan phát động Đề án "
            "“Người Việt Nam ưu tiên dùng thuốc Việt Nam”, đến nay đã thu được một số kết quả khả quan.\n\n"
            "Tại tuyến tỉnh, trước khi thực hiện Đề án, tỷ lệ sử dụng thuốc trong nước là 33,9% nay đã tăng lên "
            "35,4%. Trước khi triển khai Đề án, tỷ lệ ở tuyến huyện là 61,5%.")
    assert links(text, figure)[0] == expected


def test_an_age_is_no_campaign_result():
    text = ("Phải nộp 2 triệu đồng cho Quỹ Dân số\n\nNgười dân phải nộp 2 triệu đồng cho Quỹ Dân số khi sinh con thứ 3.\n\n"
            "Anh Trần Khắc Đạt (33 tuổi, trú phường Vinh Tân) cho biết đã nộp 2 triệu đồng.")
    assert links(text, "33 tuổi")[0] is None
    assert links(text, "2 triệu đồng", 3)[0] == "Quỹ Dân số"


@pytest.mark.parametrize(("figure", "expected"), [
    pytest.param("30 năm", None, id="an-era"),
    pytest.param("70 năm", None, id="an-institutions-anniversary"),
    pytest.param("5 năm", "Thi đua yêu nước", id="how-long-the-movement-has-run"),
])
def test_an_anniversary_is_no_campaign_result(figure, expected):
    text = ("Vinh danh điển hình của phong trào “Thi đua yêu nước”\n\nCác điển hình trong phong trào “Thi đua yêu nước” "
            "là chứng nhân của 30 năm đổi mới. Trường đón nhận Huân chương dịp 70 năm thành lập. "
            "Sau 5 năm thực hiện phong trào “Thi đua yêu nước”, huyện có 12 điển hình.")
    assert links(text, figure)[0] == expected


@pytest.mark.parametrize(("figure", "expected"), [
    pytest.param("4,02%", "2011", id="the-year-after-the-first-figure"),
    pytest.param("1,36%", "2016", id="the-year-after-the-second-figure"),
    pytest.param("2.445 USD", "2016", id="vao-nam-after-a-figure"),
])
def test_a_year_right_after_a_figure_is_its_own(figure, expected):
    text = ("Tăng trưởng nông nghiệp\nNgày đăng: 02/08/2017\n\nBộ Nông nghiệp công bố số liệu mới.\n\n"
            "Giai đoạn 2011 – 2016, tốc độ tăng trưởng giảm từ mức 4,02% năm 2011 còn 1,36% năm 2016, đây là mức "
            "thấp nhất. Thu nhập tăng từ 2.228 USD vào năm 2015 lên 2.445 USD vào năm 2016.")
    assert links(text, figure)[2] == expected


@pytest.mark.parametrize(("lead", "expected"), [
    pytest.param("Người dân phải nộp 2 triệu đồng tiền “tự nguyện” cho Quỹ Dân số thì mới được làm giấy khai sinh.",
                 None, id="a-payment-people-are-made-to-make"),
    pytest.param("Ủy ban MTTQ huyện đã vận động Quỹ Vì người nghèo được 1,3 tỷ đồng để giúp hộ nghèo.",
                 "Quỹ Vì người nghèo", id="what-was-raised-for-the-fund"),
])
def test_a_lead_fund_is_the_articles_campaign_when_its_sentence_says_what_was_given(lead, expected):
    text = f"Chuyện ở phường Vinh Tân\n\n{lead}\n\nTrong đợt này, phường đã chi 2 triệu đồng."
    assert links(text, "2 triệu đồng", 2 if expected is None else 1)[0] == expected
