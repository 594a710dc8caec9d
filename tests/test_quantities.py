"""extract.quantities: the case table, the language tables it reads, and properties."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casefile import ascii_id, rows
from extract import resources
from extract.quantities import QuantityMatch, find_quantities, parse_quantity

CASES = Path(__file__).parent / "cases" / "quantities.tsv"
FIELDS = ("span", "kind", "value", "value_max", "total", "unit", "item", "per", "approx")
DECIMAL_FIELDS = {"value", "value_max", "total"}


def _expected(cells: list[str], where: str) -> dict[str, object]:
    row = dict(zip(FIELDS, cells[1:10]))
    out: dict[str, object] = {}
    for key, cell in row.items():
        if cell == "-":
            out[key] = None
        elif key in DECIMAL_FIELDS:
            out[key] = Decimal(cell)
        else:
            out[key] = cell
    assert out["kind"] in {"money", "length", "area", "volume", "mass", "percent", "count", "duration", "rate",
                           "other"}, f"{where}: unknown kind {out['kind']!r}"
    return out


def _load_cases() -> list:
    cases: list[dict] = []
    for group, lineno, cells in rows(CASES):
        where = f"{CASES.name}:{lineno}"
        if cells[0] == "+":
            assert cases and cases[-1]["expected"], f"{where}: '+' needs a positive case above it"
            assert len(cells) in (10, 11), f"{where}: expected 10 or 11 cells, got {len(cells)}"
            cases[-1]["expected"].append(_expected(cells, where))
            continue
        note = ""
        if cells[1:2] == ["NONE"]:
            assert len(cells) in (2, 3), f"{where}: a NONE case has text, NONE and maybe a note"
            note = cells[2] if len(cells) == 3 else ""
            expected: list[dict] = []
        else:
            assert len(cells) in (10, 11), f"{where}: expected 10 or 11 cells, got {len(cells)}"
            note = cells[10] if len(cells) == 11 else ""
            expected = [_expected(cells, where)]
        assert not note or note.startswith("xfail: "), f"{where}: a note is 'xfail: <reason>'"
        cases.append({"text": cells[0], "expected": expected, "group": group, "line": lineno, "xfail": note[7:]})
    params = []
    for case in cases:
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case["xfail"] else []
        params.append(pytest.param(
            case["text"], case["expected"], id=f"{case['group']}-L{case['line']}-{ascii_id(case['text'])}", marks=marks,
        ))
    return params


CASE_PARAMS = _load_cases()


def _same_head(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return long == short or (long.startswith(short) and not long[len(short)].isalnum())


def _record(text: str, q: QuantityMatch) -> dict[str, object]:
    return {"span": text[q.start:q.end], **{k: getattr(q, k) for k in FIELDS[1:]}}


def test_case_table_is_big_and_balanced():
    positives = [p for p in CASE_PARAMS if p.values[1]]
    negatives = [p for p in CASE_PARAMS if not p.values[1]]
    assert len(CASE_PARAMS) >= 300
    assert len(negatives) >= 50 and len(positives) >= 250
    texts = [p.values[0] for p in CASE_PARAMS]
    assert len(texts) == len(set(texts)), "a sentence appears twice in the case table"


@pytest.mark.parametrize("text, expected", CASE_PARAMS)
def test_case(text: str, expected: list[dict[str, object]]):
    found = [_record(text, q) for q in find_quantities(text)]
    if not expected:
        assert found == [], "expected no quantity"
        return
    assert [f["span"] for f in found] == [e["span"] for e in expected], "spans differ (something missing or extra)"
    for got, want in zip(found, expected):
        want_item, got_item = want["item"], got["item"]
        if want_item is None:
            assert got_item is None, f"{want['span']}: unexpected item {got_item!r}"
        else:
            # head-first noun phrases (SPEC §5): one starts the other ("căn nhà" ~ "căn nhà tình nghĩa")
            assert got_item is not None and _same_head(str(got_item), str(want_item)), (
                f"{want['span']}: item {got_item!r}, expected {want_item!r}"
            )
        assert {k: v for k, v in got.items() if k != "item"} == {k: v for k, v in want.items() if k != "item"}


# --- parse_quantity -------------------------------------------------------------

@pytest.mark.parametrize(
    "expression, kind, value, unit",
    [("hơn 4,2 tỷ đồng", "money", "4200000000", "VND"), ("16.935m", "length", "16935", "m"),
     ("hai mươi lăm", "count", "25", None), ("1tr2", "money", "1200000", "VND"),
     ("ba phẩy năm km", "length", "3.5", "km"), ("2 tỷ rưỡi", "money", "2500000000", "VND"),
     ("99,78%", "percent", "99.78", "percent"), ("147 ngày công", "duration", "147", "person_day")],
    ids=ascii_id,
)
def test_parse_quantity(expression: str, kind: str, value: str, unit: str | None):
    q = parse_quantity(expression)
    assert q is not None and (q.start, q.end) == (0, len(expression))
    assert (q.kind, q.value, q.unit) == (kind, Decimal(value), unit)


@pytest.mark.parametrize("expression", ["", "abc", "ngày 15/5/2017", "23-CT/TU", "khóa XI", "15:48"], ids=ascii_id)
def test_parse_quantity_none(expression: str):
    assert parse_quantity(expression) is None


# --- the language tables ------------------------------------------------------

# NFC, unique keys and unique list entries of every table: tests/test_data.py


def test_units_are_those_the_records_accept():
    from schemas.records import UNITS_BY_KIND

    for row in resources.tsv("units.tsv"):
        assert row["unit"] in UNITS_BY_KIND[row["kind"]], row
        assert Decimal(row["factor"]) > 0


def test_approximations_are_known_codes():
    for row in resources.tsv("approx.tsv"):
        assert row["approx"] in {"gt", "ge", "lt", "le", "about"} and row["position"] in {"before", "after"}, row
    for row in resources.tsv("vague.tsv"):
        assert row["approx"] in {"gt", "ge", "lt", "le", "about"}, row


def test_quantity_cues_have_every_section():
    data = resources.yaml_table("quantity_cues.yaml")
    for key in ("before_strong", "before", "after_words", "date_before", "per_words", "money_abbreviations",
                "not_counted", "ratio_words"):
        assert data[key] and all(isinstance(x, str) and x for x in data[key]), key


# --- properties -------------------------------------------------------------------

_ALPHABET = st.sampled_from(list("0123456789 .,-/%:()\u00a0")) | st.sampled_from(
    ["năm", "một", "hai", "mươi", "trăm", "nghìn", "triệu", "tỷ", "tr", "k", "rưỡi", "phẩy", "đồng", "hộ", "xã",
     "ha", "km", "m2", "hơn", "khoảng", "từ", "đến", "trên", "hàng", "chục", "ngày", "số", "gấp", "lần", "mỗi",
     "Ngọc Thụy", "“", "”", "đ", "$", "USD", "trở lên", "ngày công"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map(" ".join) | st.text(max_size=80))
def test_find_quantities_never_crashes_and_stays_in_bounds(text: str):
    last_end = 0
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert q.start >= last_end  # non-overlapping, left to right
        last_end = q.end
        assert q.value.is_finite()
        assert q.value_max is None or q.value_max >= q.value
        assert (q.unit is None) == (q.kind in ("count", "rate", "other"))


# --- the scan-skipping lookaheads change no match -------------------------------------

_SKIPS = {
    "_PROTECTED": r"(?=(?<!\d)\d|\(|[kK](?i:m))  # ... at the first digit of a run, a bracket or \"km\": tries fewer of them",
    "_PHONE": "(?=[(0])",
    "_NAMED_DAY": "(?=[0-9])",
}
_STRETCHES = st.sampled_from([
    "15/5/2017", "12/2018", "15:48", "9h30", "23-CT/TU", "2525/QĐ-UBND", "2016-2020", "2019/2020", "2017-05-09",
    "0912 345 678", "(024) 3825 1234", "1900 1234", "Km 15+500", "km15 + 500", "KM", "\u212am 5+1", "(20/11)", "(27-7)",
    "15.5.2017", "01/01 đến 31/12", "Quốc khánh 2/9", "ngày Thương binh 27/7.", "5", "55", "0", "(", " ", "-", "/", ".",
    ",", "k", "K", "m", "A", "ngày ", "\n",
])


@pytest.mark.parametrize("name", sorted(_SKIPS))
@settings(max_examples=300, deadline=None)
@given(text=st.lists(_STRETCHES, max_size=12).map("".join))
def test_scan_skipping_lookaheads_change_no_match(name: str, text: str):
    import regex

    from extract import quantities

    pattern = getattr(quantities, name)
    skip = _SKIPS[name].replace('\\"', '"')
    assert skip in pattern.pattern
    plain = regex.compile(pattern.pattern.replace(skip, "", 1), pattern.flags)
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(text=st.lists(_STRETCHES | st.sampled_from(["1800 123", "0236 3822 123", "15-5-2017", "3.4-", "2016 – 2020", "\t", "; ", ": ", "1. ", "(2) "]),
                     max_size=12).map("".join))
def test_protected_stretches_are_tried_only_where_re_finds_their_openings(text: str):
    from extract import quantities
    from extract.prefilter import matches_at

    assert [m.span() for m in matches_at(quantities._PROTECTED, text, quantities._protected_starts(text))] == \
        [m.span() for m in quantities._PROTECTED.finditer(text)]
    starts = [at for at in quantities._line_starts(text) if quantities._LIST_NUMBER_AT.match(text, at)]
    assert [m.span() for m in matches_at(quantities._LIST_NUMBER, text, starts)] == \
        [m.span() for m in quantities._LIST_NUMBER.finditer(text)]


# --- the cues before a figure, split by their last character -----------------------------

def test_spaces_are_regexs_spaces():
    import regex

    from extract.quantities import _SPACES

    space = regex.compile(r"\s")
    every = "".join(chr(cp) for cp in range(0x110000) if not 0xD800 <= cp < 0xE000)
    assert set(_SPACES) == set(space.findall(every))


def test_every_cue_piece_is_split():
    from extract.quantities import _cues

    assert _cues().before.by_last is not None and _cues().strong.by_last is not None


_CUE_TEXT = st.sampled_from([
    "số", "Số", "SỐ", "tổng số", "dân số", "chỉ thị", "Chỉ Thị số", "vụ hè thu", "vụ mùa", "hotline", "Hotline:",
    "lượt xem", "lượt truy cập :", "điện thoại", "ĐT", "mã", "MÃ SỐ", "mùng", "giải", "hòa giải", "năm", "tháng",
    "ngày", "đạt", "có", "hơn", " ", "  ", "\u00a0", "\x1c", "\n", ":", ",", "(", "ſ", "İ", "\u212a", "s", "A", "1",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(_CUE_TEXT, max_size=8).map("".join))
def test_split_cues_match_as_the_whole_ones(text: str):
    from extract.quantities import _cues

    for cue in (_cues().before, _cues().strong):
        for end in range(len(text) + 1):
            before = text[max(0, end - 40):end]
            assert cue.match(before) == (cue.pattern.match(before) is not None), before
