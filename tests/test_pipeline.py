"""The whole pipeline on the corpus and on arbitrary text: grounded, validated, in bounds."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import extract_document, parse_quantity
from extract.normalise import clean, layout
from schemas import TABLES


@pytest.fixture(scope="module")
def extractions(corpus):
    return {doc_id: extract_document(text, doc_id) for doc_id, text in corpus.items()}


def _records(ex):
    for table, records in ex.tables():
        if table != "documents":
            for r in records:
                yield table, r


def test_every_corpus_record_is_grounded_and_valid(corpus, extractions) -> None:
    for doc_id, ex in extractions.items():
        text = corpus[doc_id]
        assert ex.document.text == text
        n = 0
        for table, r in _records(ex):
            assert text[r.start:r.end] == r.text, (doc_id, table, r)
            TABLES[table].model_validate(r.model_dump(), context={"text": text})
            n += 1
        assert n > 0


def test_no_quantity_from_page_chrome(corpus, extractions) -> None:
    for doc_id, ex in extractions.items():
        mt = clean(corpus[doc_id])
        page = layout(mt.text)
        chrome = [mt.to_original(ln.start, ln.end) for ln in page.lines if ln.chrome]
        body = (ex.document.body_start, ex.document.body_end)
        for q in ex.quantities:
            assert body[0] <= q.start and q.end <= body[1], (doc_id, q.text)
            assert not any(s <= q.start < e for s, e in chrome), (doc_id, q.text)


@pytest.mark.parametrize(
    "chrome_figure",
    ["12 929", "53 760", "1091075", "8882610", "829", "02393 865 366"],
)
def test_visitor_counters_and_footers_are_not_figures(extractions, chrome_figure: str) -> None:
    assert all(chrome_figure not in q.text for ex in extractions.values() for q in ex.quantities)


def test_sentence_indices_point_at_the_sentence_holding_the_record(extractions) -> None:
    for ex in extractions.values():
        for table, r in _records(ex):
            if table == "sentences" or r.sentence is None:
                continue
            s = ex.sentences[r.sentence]
            assert s.start <= r.start and r.end <= s.end, (table, r.text, s.text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Năm 2019, xã Hàm Liêm làm mới 16.935m đường giao thông.",
         [("16.935m", "16935", "m", "xã Hàm Liêm", "2019")]),
        ("Góp Quỹ “Vì người nghèo” hơn 4,2 tỷ đồng.", [("hơn 4,2 tỷ đồng", "4200000000", "VND", None, None)]),
        ("Trang chủ | Đăng nhập\nLượt xem: 829\n\nNăm 2018, huyện Hàm Thuận Bắc vận động được 1.314.626.000 đồng.",
         [("1.314.626.000 đồng", "1314626000", "VND", "huyện Hàm Thuận Bắc", "2018")]),
    ],
)
def test_extract_document_links(text, expected) -> None:
    ex = extract_document(text, doc_id="t")
    got = [(q.text, format(q.value, "f"), q.unit, q.area, q.period) for q in ex.quantities]
    for (t, v, u, area, period), g in zip(expected, got):
        assert g[:3] == (t, v, u)
        if area is not None:
            assert g[3] is not None and g[3].startswith(area)
        assert g[4] == period
    assert len(got) == len(expected)


def test_parse_quantity_public_api() -> None:
    q = parse_quantity("hơn 4,2 tỷ đồng")
    assert q is not None and (q.kind, q.value, q.unit, q.approx) == ("money", 4200000000, "VND", "gt")
    assert parse_quantity("ngày 15/5/2017") is None


# --- arbitrary text through the whole pipeline ---------------------------------

_FRAGMENTS = st.sampled_from([
    "Năm 2019, ", "xã Hàm Liêm ", "huyện Hàm Thuận Bắc ", "phong trào “Dân vận khéo” ", "Quỹ “Vì người nghèo", "”",
    "hơn 4,2 tỷ đồng", "16.935m", "21/21 khu phố", "99,78%", "từ 300.000 - 500.000đ", "hai mươi lăm hộ", " ",
    ". ", "\n", "\n\n", "Lượt xem: 829\n", "Đăng nhập\n", "D ân vận", "mớiđô", "\u00a0", "\u200b", "\r\n", "hoà",
    "ngày 15/5/2017", "23-CT/TU", "giai đoạn 2016-2020", "(", ")", "TP.", "Đ/c", "1tr2", "gấp 2 lần", "“", ",",
])
_TEXTS = st.lists(_FRAGMENTS, max_size=25).map("".join) | st.text(max_size=120)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS)
def test_pipeline_never_crashes_and_every_record_is_grounded(text: str) -> None:
    ex = extract_document(text, doc_id="h")
    assert ex.document.text == text
    for table, r in _records(ex):
        assert 0 <= r.start <= r.end <= len(text)
        assert text[r.start:r.end] == r.text, (table, r)
    for q in ex.quantities:
        assert q.value_max is None or q.value_max >= q.value


# --- a known area per input (issue 11) --------------------------------------------------------

KNOWN_AREA_TEXT = "Nông dân phấn khởi vì bắp cải được mùa\n\nNăm 2020, bà con thu hoạch 120 tấn bắp cải."


@pytest.mark.parametrize(("text", "known", "expected"), [
    pytest.param(KNOWN_AREA_TEXT, None, None, id="text-names-none"),
    pytest.param(KNOWN_AREA_TEXT, "huyện Đắk Song", "huyện Đắk Song", id="known-area-used"),
    pytest.param("Xã Nam Bình thu hoạch bắp cải\n\nNăm 2020, xã thu 120 tấn bắp cải.", "huyện Đắk Song", "xã Nam Bình",
                 id="text-wins"),
])
def test_known_area_is_the_main_area_only_when_the_text_names_none(text, known, expected):
    ex = extract_document(text, "d", known_area=known)
    [q] = [q for q in ex.quantities if q.text == "120 tấn"]
    assert q.area == expected
    assert all(a.canonical != "huyện Đắk Song" for a in ex.areas)  # never a mention of the text


def test_a_known_area_that_is_no_unit_is_an_input_error():
    from extract.errors import InputError

    with pytest.raises(InputError, match="no such administrative unit"):
        extract_document(KNOWN_AREA_TEXT, "d", known_area="huyện Nowhere Land")


def test_known_area_from_a_folder_file_and_a_jsonl_field(tmp_path):
    from extract.readers import iter_inputs

    (tmp_path / "portal").mkdir()
    (tmp_path / "portal" / ".baocao.yaml").write_text("area: huyện Đắk Song\n", encoding="utf-8")
    (tmp_path / "portal" / "a.txt").write_text(KNOWN_AREA_TEXT, encoding="utf-8")
    (tmp_path / "lines.jsonl").write_text('{"id": "j1", "text": "Thu 5 tấn.", "area": "tỉnh Đắk Nông"}\n{"id": "j2", "text": "Thu 6 tấn."}\n',
                                          encoding="utf-8")
    got = {d.doc_id: d.area for d in iter_inputs([tmp_path])}
    assert got == {"a": "huyện Đắk Song", "j1": "tỉnh Đắk Nông", "j2": None}


@pytest.mark.parametrize("text", [
    "Năm 2019, quận 9 xây 12 trường học.",  # merged into thành phố Thủ Đức: known by name only
    "Năm 2019, huyện Tân Thành làm 5 km đường.",
    "Năm 2026, phường Hoàn Kiếm trồng 300 cây xanh.",  # a post-2025 ward
    "Năm 2019, xã Hàm Liêm làm mới 16.935m đường.",
])
def test_area_codes_have_one_documented_form(text):
    import re

    ex = extract_document(text, "d")
    for q in ex.quantities:
        assert q.area_code is None or re.fullmatch(r"(province|district|ward):\d+", q.area_code), q.area_code
        assert q.area_new_code is None or re.fullmatch(r"(province|ward)@2025:\d+", q.area_new_code), q.area_new_code
    for a in ex.areas:
        assert a.code is None or re.fullmatch(r"(province|district|ward):\d+", a.code), a.code


def test_data_dictionary_is_up_to_date():
    from pathlib import Path

    from extract.dictionary import render_markdown
    from schemas import TABLES

    committed = (Path(__file__).parents[1] / "docs" / "DATA_DICTIONARY.md").read_text(encoding="utf-8")
    assert committed.strip() == render_markdown().strip(), "run: baocao schema --markdown > docs/DATA_DICTIONARY.md"
    for name, model in TABLES.items():
        assert all(f.description for f in model.model_fields.values()), name


@pytest.mark.parametrize("every", [1, 7, 100_000])
def test_spilled_records_are_the_records(corpus, monkeypatch, every):
    """extract_document(spill=...) hands records out in batches and lets them go: the batches,
    then what is left, are exactly the records a run without spilling keeps (the batch's way of
    keeping a long article's memory to its Arrow rows)."""
    import extract.pipeline as pipeline

    monkeypatch.setattr(pipeline, "SPILL_RECORDS", every)
    text = next(iter(corpus.values()))
    whole = extract_document(text, "a")
    got: dict[str, list] = {}
    part = extract_document(text, "a", spill=lambda table, records: got.setdefault(table, []).extend(records))
    for table, records in part.tables():
        got.setdefault(table, []).extend(records)
        if every < 100_000 and table != "documents":
            assert len(records) < every  # only the remainder was kept
    assert {t: [r.model_dump() for r in got.get(t, [])] for t, _ in whole.tables()} == \
           {t: [r.model_dump() for r in rs] for t, rs in whole.tables()}
