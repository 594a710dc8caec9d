"""Gazetteer: lookups and homonym resolution on names from the corpus, the code
scheme, the data tables, and a property test that no string makes it crash."""
from __future__ import annotations

import pickle
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import resources
from extract.gazetteer import LEVELS, Gazetteer, Unit, ascii_key, name_key


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def _context(gaz: Gazetteer, mentions: tuple[str, ...]) -> list[Unit]:
    """Resolve mentions in article order, each with the ones before it as context."""
    units: list[Unit] = []
    for mention in mentions:
        unit = gaz.resolve(mention, context=units)
        assert unit is not None, f"context mention {mention!r} did not resolve"
        units.append(unit)
    return units


# (name, type, context mentions, expected canonical, expected province, expected district)
BINH_THUAN = ("tỉnh Bình Thuận", "huyện Hàm Thuận Bắc")
KY_ANH = ("thị xã Kỳ Anh",)
KINH_MON = ("Thị xã Kinh Môn",)
LONG_BIEN = ("phường Ngọc Thụy",)

SEEN_IN_CORPUS = [
    # 000 (Phan Rí Cửa, Tuy Phong), 001 (Hàm Thuận Bắc, Bình Thuận)
    pytest.param("Hàm Liêm", "xã", (), "xã Hàm Liêm", "Bình Thuận", "Hàm Thuận Bắc", id="001-xa-Ham-Liem"),
    pytest.param("Tuy Phong", "huyện", (), "huyện Tuy Phong", "Bình Thuận", None, id="000-huyen-Tuy-Phong"),
    pytest.param("Phan Rí Cửa", "thị trấn", (), "thị trấn Phan Rí Cửa", "Bình Thuận", "Tuy Phong", id="000-thi-tran-Phan-Ri-Cua"),
    pytest.param("Hàm Thuận Bắc", None, (), "huyện Hàm Thuận Bắc", "Bình Thuận", None, id="001-bare-Ham-Thuan-Bac"),
    pytest.param("Hàm Chính", "xã", BINH_THUAN, "xã Hàm Chính", "Bình Thuận", "Hàm Thuận Bắc", id="001-xa-Ham-Chinh"),
    pytest.param("Hàm Hiệp", None, BINH_THUAN, "xã Hàm Hiệp", "Bình Thuận", "Hàm Thuận Bắc", id="001-bare-Ham-Hiep"),
    pytest.param("Thuận Minh", None, BINH_THUAN, "xã Thuận Minh", "Bình Thuận", "Hàm Thuận Bắc", id="001-bare-Thuan-Minh"),
    pytest.param("Hàm Thắng", None, BINH_THUAN, "xã Hàm Thắng", "Bình Thuận", "Hàm Thuận Bắc", id="001-bare-Ham-Thang"),
    pytest.param("Thuận Hòa", "xã", BINH_THUAN, "xã Thuận Hòa", "Bình Thuận", "Hàm Thuận Bắc", id="001-xa-Thuan-Hoa-old-tone"),
    pytest.param("Thuận Hoà", "xã", BINH_THUAN, "xã Thuận Hòa", "Bình Thuận", "Hàm Thuận Bắc", id="001-xa-Thuan-Hoa-new-tone"),
    pytest.param("Hàm Trí", None, BINH_THUAN, "xã Hàm Trí", "Bình Thuận", "Hàm Thuận Bắc", id="001-bare-Ham-Tri"),
    # 002 (thị xã Kỳ Anh, Hà Tĩnh, 2018)
    pytest.param("Kỳ Anh", "thị xã", (), "thị xã Kỳ Anh", "Hà Tĩnh", None, id="002-thi-xa-Ky-Anh"),
    pytest.param("Kỳ Ninh", "xã", KY_ANH, "phường Kỳ Ninh", "Hà Tĩnh", "Kỳ Anh", id="002-xa-Ky-Ninh-now-phuong"),
    pytest.param("Kỳ Hà", None, KY_ANH, "xã Kỳ Hà", "Hà Tĩnh", "Kỳ Anh", id="002-bare-Ky-Ha"),
    pytest.param("Kỳ Nam", None, KY_ANH, "phường Kỳ Nam", "Hà Tĩnh", "Kỳ Anh", id="002-bare-Ky-Nam"),
    pytest.param("Kỳ Phương", "phường", KY_ANH, "phường Kỳ Phương", "Hà Tĩnh", "Kỳ Anh", id="002-phuong-Ky-Phuong"),
    pytest.param("Sông Trí", "phường", KY_ANH, "phường Sông Trí", "Hà Tĩnh", "Kỳ Anh", id="002-phuong-Song-Tri-merged"),
    pytest.param("Kỳ Anh", None, KY_ANH, "thị xã Kỳ Anh", "Hà Tĩnh", None, id="002-bare-Ky-Anh-repeated"),
    # 003 (thị xã Kinh Môn, Hải Dương, 2024)
    pytest.param("Thị xã Kinh Môn", None, (), "thị xã Kinh Môn", "Hải Dương", None, id="003-Thi-xa-Kinh-Mon-typed-in-name"),
    pytest.param("Phạm Thái", "phường", KINH_MON, "phường Phạm Thái", "Hải Dương", "Kinh Môn", id="003-phuong-Pham-Thai"),
    pytest.param("Thất Hùng", "phường", KINH_MON, "phường Thất Hùng", "Hải Dương", "Kinh Môn", id="003-phuong-That-Hung"),
    pytest.param("Bạch Đằng", "xã", KINH_MON, "xã Bạch Đằng", "Hải Dương", "Kinh Môn", id="003-xa-Bach-Dang-homonym"),
    pytest.param("Minh Tân", "phường", KINH_MON, "phường Minh Tân", "Hải Dương", "Kinh Môn", id="003-phuong-Minh-Tan-homonym"),
    pytest.param("Thái Thịnh", "phường", KINH_MON, "phường Thái Thịnh", "Hải Dương", "Kinh Môn", id="003-phuong-Thai-Thinh"),
    pytest.param("An Phụ", "phường", KINH_MON, "phường An Phụ", "Hải Dương", "Kinh Môn", id="003-phuong-An-Phu"),
    pytest.param("Long Xuyên", None, KINH_MON, "phường Long Xuyên", "Hải Dương", "Kinh Môn", id="003-bare-Long-Xuyen-not-An-Giang"),
    pytest.param("Hiệp Sơn", None, KINH_MON, "phường Hiệp Sơn", "Hải Dương", "Kinh Môn", id="003-bare-Hiep-Son"),
    # 004 (quận Long Biên, Hà Nội, 2018)
    pytest.param("Ngọc Thụy", "phường", (), "phường Ngọc Thụy", "Hà Nội", "Long Biên", id="004-phuong-Ngoc-Thuy"),
    pytest.param("Ngọc Thuỵ", "phường", (), "phường Ngọc Thụy", "Hà Nội", "Long Biên", id="004-phuong-Ngoc-Thuy-new-tone"),
    pytest.param("Long Biên", "quận", LONG_BIEN, "quận Long Biên", "Hà Nội", None, id="004-quan-Long-Bien"),
    pytest.param("Long Biên", None, LONG_BIEN, "quận Long Biên", "Hà Nội", None, id="004-bare-Long-Bien-is-the-quan"),
]

HOMONYMS = [
    pytest.param("Tân Thành", None, ("tỉnh Bình Thuận",), "xã Tân Thành", "Bình Thuận", "Hàm Thuận Nam", id="Tan-Thanh-in-Binh-Thuan"),
    pytest.param("Tân Thành", "xã", ("tỉnh Nghệ An",), "xã Tân Thành", "Nghệ An", "Yên Thành", id="Tan-Thanh-in-Nghe-An"),
    pytest.param("Tân Thành", "phường", ("thành phố Hồ Chí Minh",), "phường Tân Thành", "Hồ Chí Minh", "Tân Phú", id="Tan-Thanh-phuong-in-HCMC"),
    pytest.param("Bạch Đằng", "phường", ("quận Hai Bà Trưng",), "phường Bạch Đằng", "Hà Nội", "Hai Bà Trưng", id="Bach-Dang-in-Ha-Noi"),
    pytest.param("Hòa Phú", "xã", ("huyện Tuy Phong",), "xã Hòa Phú", "Bình Thuận", "Tuy Phong", id="Hoa-Phu-merged-into-Phan-Ri-Cua"),
]

TYPE_WORDS = [
    pytest.param("TP.HCM", None, (), "thành phố Hồ Chí Minh", None, None, id="TP.HCM"),
    pytest.param("Hồ Chí Minh", "TP.", (), "thành phố Hồ Chí Minh", None, None, id="type-TP-dot"),
    pytest.param("Kinh Môn", "TX", (), "thị xã Kinh Môn", "Hải Dương", None, id="type-TX"),
    pytest.param("P.Ngọc Thụy", None, (), "phường Ngọc Thụy", "Hà Nội", "Long Biên", id="P-dot-glued"),
    pytest.param("THỊ XÃ KỲ ANH", None, (), "thị xã Kỳ Anh", "Hà Tĩnh", None, id="upper-case"),
    pytest.param("huyện  Tuy   Phong", None, (), "huyện Tuy Phong", "Bình Thuận", None, id="spacing"),
    pytest.param("Kinh Môn", "huyện", (), "thị xã Kinh Môn", "Hải Dương", None, id="alias-huyen-Kinh-Mon-upgraded-2019"),
    pytest.param("Thừa Thiên Huế", "tỉnh", (), "thành phố Huế", None, None, id="alias-Thua-Thien-Hue"),
    pytest.param("Thủ Đức", "quận", (), "thành phố Thủ Đức", "Hồ Chí Minh", None, id="quan-Thu-Duc-upgraded"),
    pytest.param("Quận 9", None, (), "quận 9", "Hồ Chí Minh", None, id="quan-9-merged-into-Thu-Duc"),
    pytest.param("quận 09", None, (), "quận 9", "Hồ Chí Minh", None, id="leading-zero"),
    pytest.param("Đắk RLấp", None, (), "huyện Đắk R'Lấp", "Đắk Nông", None, id="apostrophe-dropped"),
    pytest.param("Bà Rịa – Vũng Tàu", "tỉnh", (), "tỉnh Bà Rịa - Vũng Tàu", None, None, id="en-dash"),
]


@pytest.mark.parametrize(("name", "type_", "context", "canonical", "province", "district"),
                         SEEN_IN_CORPUS + HOMONYMS + TYPE_WORDS)
def test_resolve(gaz, name, type_, context, canonical, province, district):
    unit = gaz.resolve(name, type_, context=_context(gaz, context))
    assert unit is not None
    assert (unit.canonical, unit.province, unit.district) == (canonical, province, district)
    assert unit in gaz.lookup(name, type_)


@pytest.mark.parametrize(("name", "type_", "context"), [
    pytest.param("Tân Thành", None, (), id="Tan-Thanh-33-wards-no-context"),
    pytest.param("Tân Thành", "xã", (), id="xa-Tan-Thanh-no-context"),
    pytest.param("Bạch Đằng", "xã", (), id="xa-Bach-Dang-no-context"),
    pytest.param("Thuận Hòa", "xã", (), id="xa-Thuan-Hoa-no-context"),
    pytest.param("Kỳ Anh", None, ("tỉnh Hà Tĩnh",), id="bare-Ky-Anh-huyen-or-thi-xa"),
    pytest.param("Phường 1", None, (), id="numbered-ward"),
])
def test_ambiguous_is_none(gaz, name, type_, context):
    assert len(gaz.lookup(name, type_)) > 1
    assert gaz.resolve(name, type_, context=_context(gaz, context)) is None


@pytest.mark.parametrize(("name", "type_"), [
    pytest.param("Lâm Giang", "thôn", id="thon-from-corpus-001"),
    pytest.param("thôn Lâm Giang", None, id="thon-in-name"),
    pytest.param("Sơn Khê", "khu dân cư", id="khu-dan-cu"),
    pytest.param("KDC Sơn Khê", None, id="KDC-abbreviation"),
    pytest.param("tổ dân phố số 18", None, id="to-dan-pho"),
    pytest.param("Hưng Hòa", "tổ dân phố", id="to-dan-pho-typed"),
    pytest.param("Hàm Liêm", "ấp", id="known-name-sub-ward-type"),
    pytest.param("Xyz Không Có", None, id="unknown"),
    pytest.param("Hàm Liêm", "nước", id="unknown-type"),
    pytest.param("", None, id="empty"),
])
def test_not_in_data(gaz, name, type_):
    assert gaz.lookup(name, type_) == []
    assert gaz.resolve(name, type_) is None


def test_bare_names_that_are_units_not_types(gaz):
    # a sub-ward type word leading a real name is not split off
    assert gaz.resolve("Buôn Ma Thuột").canonical == "thành phố Buôn Ma Thuột"
    assert gaz.resolve("Sóc Sơn").canonical == "huyện Sóc Sơn"


# ------------------------------------------------------------------ codes and eras

@pytest.mark.parametrize(("mention", "code", "new_code", "new_canonical"), [
    pytest.param("xã Hàm Liêm", "ward:23095", "ward@2025:23095", "xã Hàm Liêm, tỉnh Lâm Đồng", id="ward-same-name"),
    pytest.param("xã Hàm Thắng", "ward:23104", "ward@2025:22933", "phường Hàm Thắng, tỉnh Lâm Đồng", id="ward-merged-2025"),
    pytest.param("phường Ngọc Thụy", "ward:00118", "ward@2025:00097", "phường Hồng Hà, thành phố Hà Nội", id="ward-renamed-2025"),
    pytest.param("huyện Hàm Thuận Bắc", "district:597", "province@2025:68", "tỉnh Lâm Đồng", id="district-abolished"),
    pytest.param("tỉnh Bình Thuận", "province:60", "province@2025:68", "tỉnh Lâm Đồng", id="province-merged"),
    pytest.param("thị xã Kinh Môn", "district:292", "province@2025:31", "thành phố Hải Phòng", id="district-to-Hai-Phong"),
    pytest.param("phường Sông Trí", "ward:18754~phuongsongtri", "ward@2025:18754", "phường Sông Trí, tỉnh Hà Tĩnh", id="former-unit"),
])
def test_codes_and_new_units(gaz, mention, code, new_code, new_canonical):
    unit = gaz.resolve(mention)
    assert (unit.code, unit.new_code, unit.new_canonical) == (code, new_code, new_canonical)
    assert gaz.get(code) == unit
    new = gaz.get(new_code)
    assert new is not None and new.era == "2025" and new.new_code == new_code


def test_parents_and_former_units(gaz):
    ham_liem = gaz.resolve("xã Hàm Liêm")
    assert ham_liem.parent_codes == ("district:597", "province:60")
    assert [gaz.get(c).canonical for c in ham_liem.parent_codes] == ["huyện Hàm Thuận Bắc", "tỉnh Bình Thuận"]
    song_tri = gaz.resolve("phường Sông Trí", context=[gaz.resolve("thị xã Kỳ Anh")])
    assert song_tri.is_former and gaz.get(song_tri.successor_code).canonical == "phường Hưng Trí"
    assert song_tri.parent_codes == gaz.get(song_tri.successor_code).parent_codes
    # a former name known only as an accent-less key takes the article's spelling, not its code
    kinh_mon_town = [u for u in gaz.lookup("thị trấn Kinh Môn") if u.is_former]
    assert [u.code for u in kinh_mon_town] == ["ward:10675~thitrankinhmon"]


def test_era_preference(gaz):
    # "Hàm Liêm" is a pre-2025 xã and a post-2025 xã that continues it: one place
    assert {u.era for u in gaz.lookup("Hàm Liêm", "xã")} == {"legacy", "2025"}
    assert gaz.resolve("Hàm Liêm", "xã").code == "ward:23095"
    assert gaz.resolve("Hàm Liêm", "xã", year=2026).code == "ward@2025:23095"
    # post-2025 context selects post-2025 units
    lam_dong_2025 = gaz.get("province@2025:68")
    assert gaz.resolve("Hàm Thuận Bắc", context=[lam_dong_2025]).code.startswith("ward@2025:")
    assert gaz.resolve("Hàm Thuận Bắc").code == "district:597"


def test_lookup_orders_best_first(gaz):
    units = gaz.lookup("Kỳ Ninh", "xã")
    assert units[0].canonical == "phường Kỳ Ninh"  # no xã of that name: the upgraded phường
    assert all(isinstance(u, Unit) and u.level in LEVELS for u in gaz.lookup("Tân Thành"))
    assert len(gaz.lookup("Tân Thành", "xã")) >= 30


def test_codes_are_unique_and_stable(gaz):
    units = list(gaz.units())
    assert len({u.code for u in units}) == len(units) == len(gaz)
    for unit in units:
        assert unit.canonical == f"{unit.type} {unit.name}"
        assert unit.type == unit.type.lower()
        assert all(gaz.get(code) is not None for code in unit.parent_codes)
        assert unit.new_code is None or gaz.get(unit.new_code) is not None
    assert sum(1 for _ in gaz.units("ward", "legacy")) == 10035
    assert sum(1 for _ in gaz.units("province", "2025")) == 34


def test_load_is_a_singleton_and_pickles_cheaply(gaz):
    assert Gazetteer.load() is gaz
    assert pickle.loads(pickle.dumps(gaz)) is gaz
    assert len(pickle.dumps(gaz)) < 200


# ------------------------------------------------------------------ known names

@pytest.mark.parametrize(("name", "year", "type_"), [
    # area_aliases.tsv dates upgrades: the type a unit had in the article's year
    pytest.param("Gia Nghĩa", 2019, "thị xã", id="gia-nghia-2019"),
    pytest.param("Gia Nghĩa", 2020, "thành phố", id="gia-nghia-2020"),
    pytest.param("Gia Nghĩa", None, "thành phố", id="undated-today's-type"),
    pytest.param("Phú Quốc", 2020, "huyện", id="phu-quoc-2020"),
    pytest.param("Phú Quốc", 2021, "thành phố", id="phu-quoc-2021"),
    pytest.param("Kinh Môn", 2018, "huyện", id="kinh-mon-2018"),
    pytest.param("Kinh Môn", 2020, "thị xã", id="kinh-mon-2020"),
    pytest.param("Thủ Đức", 2019, "quận", id="thu-duc-2019"),
])
def test_type_in_year(gaz, name, year, type_):
    unit = gaz.resolve(name, None)
    assert gaz.type_in(unit, year) == type_


@pytest.mark.parametrize(("name", "min_level", "known"), [
    pytest.param("Hàm Thuận Bắc", "district", True, id="district-bare"),
    pytest.param("Kinh Môn", "district", True, id="thi-xa-bare"),
    pytest.param("Bình Thuận", "province", True, id="province"),
    pytest.param("Hòa Bình", "province", True, id="province-kept-despite-common-word"),
    pytest.param("Thừa Thiên Huế", "province", True, id="province-alias"),
    pytest.param("Hàm Liêm", "district", False, id="ward-not-at-district-level"),
    pytest.param("Hàm Liêm", "ward", True, id="unique-ward"),
    pytest.param("Thuận Minh", "ward", True, id="two-wards"),
    pytest.param("Tân Thành", "ward", False, id="very-ambiguous-ward"),
    pytest.param("Bạch Đằng", "ward", False, id="six-wards"),
    pytest.param("Thống Nhất", "district", False, id="common-word"),
    pytest.param("Thanh Xuân", "district", False, id="common-word-youth"),
    pytest.param("Hồ Chí Minh", "province", False, id="the-person"),
    pytest.param("Vinh", "district", False, id="given-name"),
    pytest.param("Pleiku", "district", True, id="one-syllable-district"),
    pytest.param("1", "ward", False, id="number"),
])
def test_known_names(gaz, name, min_level, known):
    assert (name in gaz.known_names(min_level)) is known


def test_known_names_nest(gaz):
    province, district, ward = (gaz.known_names(level) for level in LEVELS)
    assert province <= district <= ward
    with pytest.raises(ValueError):
        gaz.known_names("thôn")


@pytest.mark.parametrize(("name", "known"), [
    ("Hàm Thuận Bắc", True), ("xã Hàm Liêm", True), ("Thuận Hoà", True), ("Sông Trí", True),
    ("Ham Liem", False), ("Dân vận khéo", False), ("", False),
])
def test_is_known(gaz, name, known):
    assert gaz.is_known(name) is known


@pytest.mark.parametrize(("name", "min_level", "known"), [
    ("Hàm Thuận Bắc", "district", True), ("Hàm Liêm", "district", False), ("Hàm Liêm", "ward", True),
    ("Thuận Hoà", "ward", False), ("Thuận Minh", "ward", True), ("Ban Công", "ward", False),
    ("Hồ Chí Minh", "ward", False), ("Lý Thường Kiệt", "ward", False), ("Ngọc Thuỵ", "ward", True),
])
def test_is_known_bare(gaz, name, min_level, known):
    # corpus runs: "Ban Công tác Mặt trận", "tư tưởng Hồ Chí Minh", "trường Lý Thường Kiệt"
    assert gaz.is_known(name) is True
    assert gaz.is_known(name, min_level=min_level) is known


# ------------------------------------------------------------------ folding

@pytest.mark.parametrize(("a", "b"), [
    ("Thuận Hòa", "thuận hoà"), ("Ngọc Thụy", "NGỌC THUỴ"), ("Hàm  Liêm", " Hàm Liêm "),
    ("Bà Rịa - Vũng Tàu", "Bà Rịa–Vũng Tàu"), ("Đắk R'Lấp", "Đắk R’Lấp"), ("Phường 01", "phường 1"),
    (unicodedata.normalize("NFD", "Kỳ Anh"), "Kỳ Anh"), ("Khoẻ", "khỏe"), ("Quý", "Qúy"),
])
def test_name_key_folds(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("a", "b"), [("Tân Thành", "Tân Thạnh"), ("Sa Pa", "Sa Pả"), ("Văn Lang", "Văn Lăng")])
def test_name_key_keeps_diacritics(a, b):
    assert name_key(a) != name_key(b)
    assert ascii_key(a) == ascii_key(b)


# ------------------------------------------------------------------ data tables

AREA_TABLES = {"area_types.tsv": "type", "area_aliases.tsv": None, "area_bare_stoplist.tsv": "name"}


@pytest.mark.parametrize("table", sorted(AREA_TABLES))
def test_area_table_integrity(table):
    raw = resources.read_text(table)
    assert unicodedata.normalize("NFC", raw) == raw, "table is not NFC"
    rows = resources.tsv(table)
    assert rows
    key = AREA_TABLES[table]
    keys = [name_key(r[key]) for r in rows] if key else [
        (r["alias_type"], name_key(r["alias_name"]), name_key(r["province"])) for r in rows]
    assert len(keys) == len(set(keys)), "duplicate keys"


def test_stoplist_names_exist(gaz):
    # a stop name that matches no unit is a typo
    for row in resources.tsv("area_bare_stoplist.tsv"):
        assert gaz.lookup(row["name"]), row["name"]


def test_aliases_resolve(gaz):
    # with the article's context (the target's own district or province), every alias reaches its target
    for row in resources.tsv("area_aliases.tsv"):
        (target,) = [u for u in gaz.lookup(row["name"], row["type"])
                     if u.era == "legacy" and u.type == row["type"] and (u.province or "") == row["province"]]
        context = [gaz.get(target.parent_codes[0])] if target.parent_codes else []
        unit = gaz.resolve(row["alias_name"], row["alias_type"], context=context)
        assert unit is not None, row
        assert (unit.successor_code or unit.code) == target.code, row


# ------------------------------------------------------------------ robustness

_vietnamese = st.text(alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệ"
                                                   "ìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ ÀÁĐHKTXP.-'’\u0300\u0301\u0323")),
                      max_size=30)
_types = st.one_of(st.none(), st.sampled_from(["xã", "TP.", "thôn", "Thị xã", "tỉnh", "", "q", "đặc khu"]), st.text(max_size=8))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.one_of(st.text(max_size=40), _vietnamese), type_=_types, year=st.one_of(st.none(), st.integers(1900, 2100)))
def test_never_crashes(gaz, name, type_, year):
    units = gaz.lookup(name, type_)
    assert all(isinstance(u, Unit) for u in units)
    context = units[:3]
    unit = gaz.resolve(name, type_, context=context, year=year)
    assert unit is None or unit in units
    gaz.is_known(name)
    gaz.is_known(name, min_level="ward")
    name_key(name)
    ascii_key(name)


def test_ascii_key_keeps_the_ascii_letters_and_digits_of_all_unicode():
    """ascii_key (one regex substitution) is the ASCII letters and digits of the decomposed,
    lower-cased text, for every character."""
    import sys
    import unicodedata

    from extract.gazetteer import ascii_key

    def by_character(text: str) -> str:
        decomposed = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
        return "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum())

    every = "".join(map(chr, range(sys.maxunicode + 1)))
    for at in range(0, len(every), 64):
        chunk = every[at:at + 64]
        assert ascii_key.__wrapped__(chunk) == by_character(chunk)
    assert ascii_key("Sông Trí") == "songtri" and ascii_key("Đắk Môl") == "dakmol"
