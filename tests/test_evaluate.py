"""The evaluator (SPEC §5) on small hand-made cases.

Spans are half-open [start, end) everywhere; each convention in the module
docstring of extract/evaluate.py has a case here.
"""
from __future__ import annotations

import json
import math
import time
from decimal import Decimal

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.errors import BaocaoError, InputError
from extract.evaluate import (
    evaluate,
    fold,
    load_quantities,
    load_texts,
    main,
    render_errors,
    render_html,
    render_text,
)

TEXTS = {
    "binh-thuan": (
        "Năm 2019, Ủy ban MTTQ xã Hàm Liêm vận động làm mới 16.935m đường giao thông nông thôn, "
        "huy động hơn 4,2 tỷ đồng từ nhân dân; 21/21 khu phố đạt chuẩn văn minh.\n"
        "Phong trào “Dân vận khéo” được triển khai rộng khắp."
    ),
    "phan-ri": "Quỹ vắc xin phòng chống Covid-19 nhận được 253.870.000 đồng, hỗ trợ 120 hộ nghèo.",
}


def q(surface: str, kind: str, value, *, doc: str = "binh-thuan", shift: tuple[int, int] = (0, 0), **fields) -> dict:
    """A quantity record on ``surface`` as it occurs in TEXTS[doc]; ``shift``
    moves its (start, end) to make off-by-N predictions."""
    start = TEXTS[doc].index(surface)
    end = start + len(surface)
    start, end = start + shift[0], end + shift[1]
    return {"doc_id": doc, "start": start, "end": end, "text": TEXTS[doc][start:end], "kind": kind, "value": value, **fields}


MONEY = q("hơn 4,2 tỷ đồng", "money", "4200000000", unit="VND", approx="gt", campaign="Dân vận khéo", area="xã Hàm Liêm", period="2019")
LENGTH = q("16.935m", "length", "16935", unit="m", area="xã Hàm Liêm", period="2019")
COUNT = q("21/21", "count", "21", total="21", item="khu phố", period="2019")
GOLD = [MONEY, LENGTH, COUNT]


def run(gold: list[dict], pred: list[dict], **kwargs):
    return evaluate(pd.DataFrame(gold), pd.DataFrame(pred), TEXTS, **kwargs)


def overall(report, scheme: str = "value") -> dict:
    return report.to_dict()[{"lenient": "span_lenient", "strict": "span_strict", "value": "value"}[scheme]]


# --------------------------------------------------------------------------- whole reports


def test_perfect_prediction_scores_one_everywhere():
    report = run(GOLD, GOLD)
    for scheme in ("lenient", "strict", "value"):
        assert overall(report, scheme) == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 3, "tp_pred": 3, "fp": 0, "fn": 0}
    assert all(v == 1.0 for v in report.accuracy.values())
    assert report.errors.empty
    assert list(report.summary["kind"]) == ["ALL", "money", "length", "count"]


def test_empty_prediction_recall_zero_precision_undefined():
    report = run(GOLD, [])
    d = overall(report)
    assert (d["recall"], d["f1"], d["fn"], d["tp"], d["fp"]) == (0.0, 0.0, 3, 0, 0)
    assert d["precision"] is None  # no predictions: undefined, null in JSON
    assert math.isnan(report.row()["value_precision"])  # NaN in the DataFrame
    assert set(report.errors["error"]) == {"fn"}
    assert all(math.isnan(v) for v in report.accuracy.values())  # no matched pairs


def test_empty_gold_precision_zero_recall_undefined():
    report = run([], GOLD)
    d = overall(report, "lenient")
    assert (d["precision"], d["recall"], d["f1"], d["fp"]) == (0.0, None, 0.0, 3)
    assert set(report.errors["error"]) == {"fp"}


def test_both_empty_is_undefined_not_an_error():
    report = evaluate(pd.DataFrame(), pd.DataFrame())
    assert overall(report) == {"precision": None, "recall": None, "f1": None, "tp": 0, "tp_pred": 0, "fp": 0, "fn": 0}
    json.dumps(report.to_dict(errors=True), allow_nan=False)
    assert render_text(report)
    assert render_errors(report) == "no errors"


def test_to_dict_is_strict_json():
    report = run(GOLD, [LENGTH, {**COUNT, "total": "20"}, q("120", "count", 120, doc="phan-ri", item="hộ nghèo")])
    d = json.loads(json.dumps(report.to_dict(errors=True), allow_nan=False, ensure_ascii=False))
    assert {"span_lenient", "span_strict", "value", "accuracy", "per_kind"} <= set(d)
    assert set(d["value"]) >= {"precision", "recall", "f1", "tp", "fp", "fn"}
    wrong = [e for e in d["errors"] if e["error"] == "value_mismatch"][0]
    assert (wrong["gold_total"], wrong["pred_total"]) == ("21", "20")  # decimals as exact strings


# --------------------------------------------------------------------------- spans and matching


@pytest.mark.parametrize(
    "gold_span, pred_span, lenient, strict",
    [
        pytest.param((0, 5), (0, 5), True, True, id="identical"),
        pytest.param((0, 5), (5, 9), False, False, id="adjacent-[0,5)-[5,9)-do-not-overlap"),
        pytest.param((5, 9), (0, 5), False, False, id="adjacent-other-side"),
        pytest.param((0, 5), (4, 9), True, False, id="one-char-overlap"),
        pytest.param((2, 3), (0, 9), True, False, id="gold-inside-pred"),
        pytest.param((0, 9), (3, 4), True, False, id="pred-inside-gold"),
        pytest.param((0, 5), (6, 9), False, False, id="gap"),
    ],
)
def test_half_open_overlap(gold_span, pred_span, lenient, strict):
    text = "0123456789"
    gold = [{"doc_id": "d", "start": gold_span[0], "end": gold_span[1], "kind": "count", "value": 1}]
    pred = [{"doc_id": "d", "start": pred_span[0], "end": pred_span[1], "kind": "count", "value": 1}]
    report = evaluate(pd.DataFrame(gold), pd.DataFrame(pred), {"d": text})
    assert overall(report, "lenient")["tp"] == int(lenient)
    assert overall(report, "strict")["tp"] == int(strict)


@pytest.mark.parametrize(
    "pred",
    [
        pytest.param({**MONEY, "start": MONEY["start"] + 4, "text": "4,2 tỷ đồng"}, id="approx-word-left-out"),
        pytest.param(q("hơn 4,2 tỷ đồng", "money", "4200000000", shift=(0, -1), unit="VND", approx="gt", campaign="Dân vận khéo", area="xã Hàm Liêm", period="2019"), id="end-off-by-one"),
        pytest.param(q("hơn 4,2 tỷ đồng", "money", "4200000000", shift=(0, 5), unit="VND", approx="gt", campaign="Dân vận khéo", area="xã Hàm Liêm", period="2019"), id="end-too-far"),
    ],
)
def test_off_by_n_span_is_lenient_match_strict_miss(pred):
    report = run([MONEY], [pred])
    assert overall(report, "lenient")["tp"] == 1
    assert overall(report, "strict") | {} == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "tp_pred": 0, "fp": 1, "fn": 1}
    assert overall(report, "value")["tp"] == 1  # the value is right, the boundary is not
    assert list(report.errors["error"]) == ["boundary"]


def test_duplicate_prediction_is_one_match_and_one_false_positive():
    report = run([LENGTH], [LENGTH, dict(LENGTH)])
    d = overall(report, "lenient")
    assert (d["tp"], d["fp"], d["fn"]) == (1, 1, 0)
    assert (overall(report, "strict")["tp"], overall(report, "strict")["fp"]) == (1, 1)
    assert list(report.errors["error"]) == ["fp"]


def test_one_prediction_over_two_golds_takes_the_larger_overlap():
    # "16.935m đường giao thông nông thôn, huy động hơn 4,2 tỷ đồng": overlaps both,
    # 7 characters of LENGTH and all 15 of MONEY
    start, end = LENGTH["start"], MONEY["end"]
    wide = {"doc_id": "binh-thuan", "start": start, "end": end, "kind": "money", "value": "4200000000", "unit": "VND", "approx": "gt"}
    report = run([LENGTH, MONEY], [wide])
    assert overall(report, "lenient")["tp"] == 1
    missed = report.errors[report.errors["error"] == "fn"]
    assert list(missed["text"]) == ["16.935m"]


def test_greedy_prefers_the_tighter_fit_on_equal_overlap():
    gold = [{"doc_id": "d", "start": 0, "end": 5, "kind": "count", "value": 1}]
    pred = [
        {"doc_id": "d", "start": 0, "end": 8, "kind": "count", "value": 2},
        {"doc_id": "d", "start": 0, "end": 5, "kind": "count", "value": 1},
    ]
    report = evaluate(pd.DataFrame(gold), pd.DataFrame(pred))
    assert overall(report, "value")["tp"] == 1  # matched [0,5), not [0,8)
    assert list(report.errors["error"]) == ["fp"] and report.errors["end"].iloc[0] == 8


def test_matching_is_deterministic_under_row_order():
    gold = [COUNT, MONEY, LENGTH]
    pred = [{**LENGTH, "end": LENGTH["end"] - 1}, {**MONEY, "start": MONEY["start"] + 4}, COUNT]
    a = run(gold, pred)
    b = run(gold[::-1], pred[::-1])
    assert a.to_dict() == b.to_dict()
    assert a.errors[["doc_id", "error", "start", "end"]].equals(b.errors[["doc_id", "error", "start", "end"]])


def test_documents_only_in_one_side():
    only_gold = q("hơn 4,2 tỷ đồng", "money", "4200000000", unit="VND")
    only_pred = q("253.870.000 đồng", "money", "253870000", doc="phan-ri", unit="VND")
    report = run([only_gold], [only_pred])
    d = overall(report, "lenient")
    assert (d["tp"], d["fp"], d["fn"]) == (0, 1, 1)
    assert report.n_docs == 2
    # scoped to the gold's documents, predictions elsewhere are ignored, not FPs
    scoped = run([only_gold], [only_pred], docs={"binh-thuan"})
    assert (overall(scoped, "lenient")["fp"], scoped.ignored_predictions) == (0, 1)


# --------------------------------------------------------------------------- values


def test_value_mismatch_is_span_tp_and_value_fn_plus_fp():
    report = run([COUNT], [{**COUNT, "total": "20"}])
    assert overall(report, "lenient")["tp"] == 1
    v = overall(report, "value")
    assert (v["tp"], v["fp"], v["fn"], v["f1"]) == (0, 1, 1, 0.0)
    row = report.errors.iloc[0]
    assert (row["error"], row["label"], row["fields"]) == ("value_mismatch", "WRONG-VALUE", "total")


@pytest.mark.parametrize(
    "gold_value, pred_value, equal",
    [
        pytest.param("8500000000", "8.5E9", True, id="exponent-string"),
        pytest.param("8500000000", 8500000000, True, id="string-vs-int"),
        pytest.param("4200000000", Decimal("4200000000.0000000000"), True, id="parquet-scale-10"),
        pytest.param("0.3", "0.30", True, id="trailing-zero"),
        pytest.param("0.3", 0.1 + 0.2, False, id="float-0.1+0.2-is-not-0.3"),
        pytest.param("0.1", 0.1, True, id="float-at-its-shortest-repr"),
        pytest.param("99.78", "99.7800000001", False, id="tiny-difference"),
        pytest.param("1314626000", "1314626001", False, id="off-by-one-dong"),
    ],
)
def test_values_compare_as_exact_decimals(gold_value, pred_value, equal):
    gold = [{**MONEY, "value": gold_value}]
    pred = [{**MONEY, "value": pred_value}]
    assert overall(run(gold, pred), "value")["tp"] == int(equal)


@pytest.mark.parametrize(
    "field, gold_value, pred_value",
    [
        pytest.param("unit", "VND", "USD", id="unit"),
        pytest.param("value_max", None, "5000000000", id="value_max-null-vs-set"),
        pytest.param("total", "21", None, id="total-set-vs-null"),
    ],
)
def test_value_needs_unit_total_and_value_max(field, gold_value, pred_value):
    report = run([{**MONEY, field: gold_value}], [{**MONEY, field: pred_value}])
    assert overall(report, "value")["tp"] == 0
    assert report.errors.iloc[0]["fields"] == field


# --------------------------------------------------------------------------- link and field accuracy


@pytest.mark.parametrize(
    "field, gold_value, pred_value, correct",
    [
        pytest.param("area", "xã Hàm Liêm", "Hàm Liêm", True, id="area-without-type"),
        pytest.param("area", "Hàm Liêm", "xã Hàm Liêm", True, id="area-gold-without-type"),
        pytest.param("area", "xã Hàm Liêm", "Xã  HÀM LIÊM", True, id="area-case-and-spacing"),
        pytest.param("area", "xã Hòa Thắng", "xã Hoà Thắng", True, id="area-tone-placement"),
        pytest.param("area", "xã Hàm Liêm", "xã Hàm Kiệm", False, id="area-different"),
        pytest.param("area", "xã Tân An", "xã An", False, id="area-not-a-word-substring"),
        pytest.param("campaign", "Dân vận khéo", "“Dân vận khéo”", True, id="campaign-curly-quotes"),
        pytest.param("campaign", "Dân vận khéo", '"dân vận khéo"', True, id="campaign-straight-quotes-case"),
        pytest.param("campaign", "Quỹ vắc xin phòng chống Covid-19", "Quỹ vắc xin phòng chống Covid – 19", True, id="campaign-dashes"),
        pytest.param("campaign", "Dân vận khéo", "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh", False, id="campaign-different"),
        pytest.param("campaign", None, None, True, id="null-vs-null-is-right"),
        pytest.param("campaign", None, "Dân vận khéo", False, id="value-when-gold-null-is-wrong"),
        pytest.param("campaign", "Dân vận khéo", None, False, id="null-when-gold-set-is-wrong"),
        pytest.param("period", "2016-2020", "2016 – 2020", True, id="period-dash-spacing"),
        pytest.param("period", "2016-2020", "2016", False, id="period-not-contained"),
        pytest.param("item", "hộ", "hộ nghèo", True, id="item-head-first"),
        pytest.param("item", "căn nhà tình thương", "căn nhà", True, id="item-gold-longer"),
        pytest.param("item", "hộ", "hội viên", False, id="item-prefix-is-by-word"),
        pytest.param("item", "khu phố", "Khu  phố", True, id="item-case-spacing"),
        pytest.param("approx", "gt", "ge", False, id="approx-exact"),
        pytest.param("kind", "money", "count", False, id="kind"),
    ],
)
def test_field_accuracy(field, gold_value, pred_value, correct):
    report = run([{**MONEY, field: gold_value}], [{**MONEY, field: pred_value}])
    assert report.accuracy[field] == (1.0 if correct else 0.0)
    assert report.accuracy_counts[field] == (int(correct), 1)
    if not correct:
        expected = "link_mismatch" if field in {"campaign", "area", "period"} else "field_mismatch"
        assert list(report.errors["error"]) == [expected]
        assert report.errors.iloc[0]["fields"] == field


def test_accuracy_counts_every_matched_pair_including_gold_nulls():
    gold = [MONEY, {**LENGTH, "campaign": None}, {**COUNT, "campaign": None}]
    pred = [MONEY, {**LENGTH, "campaign": None}, {**COUNT, "campaign": "Dân vận khéo"}]
    report = run(gold, pred)
    assert report.accuracy_counts["campaign"] == (2, 3)


def test_fold():
    assert fold("  “Dân  vận khéo” ") == fold("dân vận khéo")
    assert fold("thuỷ lợi") == fold("thủy lợi")
    assert fold("") is None and fold(None) is None
    assert fold("Hàm Liêm") != fold("Ham Liem")  # tones are meaningful


def test_kind_from_gold_for_recall_and_from_prediction_for_precision():
    report = run([MONEY], [{**MONEY, "kind": "count"}])
    money = report.to_dict()["per_kind"]["money"]["span_lenient"]
    count = report.to_dict()["per_kind"]["count"]["span_lenient"]
    assert (money["recall"], money["precision"], money["tp"], money["tp_pred"]) == (1.0, None, 1, 0)
    assert (count["precision"], count["recall"], count["tp"], count["tp_pred"]) == (1.0, None, 0, 1)
    assert report.accuracy["kind"] == 0.0


# --------------------------------------------------------------------------- errors and rendering


def test_errors_carry_the_sentence():
    report = run([LENGTH, COUNT], [COUNT])
    miss = report.errors.iloc[0]
    assert (miss["error"], miss["text"]) == ("fn", "16.935m")
    assert miss["context"].startswith("Năm 2019, Ủy ban MTTQ xã Hàm Liêm")
    assert miss["context"].endswith("đạt chuẩn văn minh.")  # not cut at the dot of 16.935m or 4,2
    assert "Phong trào" not in miss["context"]


def test_render_text_and_errors():
    pred = [{**LENGTH, "area": "xã Hàm Kiệm"}, {**COUNT, "total": "20"}, q("120", "count", 120, doc="phan-ri", item="hộ")]
    report = run(GOLD, pred)
    table = render_text(report)
    assert "ALL" in table and "money" in table and "span lenient" in table and "accuracy" in table
    listing = render_errors(report)
    for label in ("MISS", "FP", "WRONG-VALUE", "WRONG-LINK"):
        assert label in listing
    assert "⟦hơn 4,2 tỷ đồng⟧" in listing


def test_render_html_uses_displacy_and_escapes(tmp_path):
    texts = {**TEXTS, "html": "Giá <b>5 triệu đồng</b> & hơn."}
    pred = [{"doc_id": "html", "start": 8, "end": 20, "kind": "money", "value": 5000000, "unit": "VND"}, {**COUNT, "total": "20"}]
    report = evaluate(pd.DataFrame(GOLD), pd.DataFrame(pred), texts)
    page = render_html(report, texts)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert 'class="entities"' in page  # displaCy's ent markup
    for label in ("MISS", "FP", "WRONG-VALUE"):
        assert label in page
    assert "<b>5" not in page and "&lt;b&gt;" in page
    assert "Phong trào" not in page  # only the sentences with errors


def test_render_html_merges_overlapping_marks():
    # a WRONG-VALUE pair and a duplicate FP on the same span must not garble displaCy
    report = run([COUNT], [{**COUNT, "total": "20"}, dict(COUNT)])
    page = render_html(report, TEXTS)
    displayed = page[page.index('class="entities"'):page.index("</div>", page.index('class="entities"'))]
    assert displayed.count("21/21") == 1  # drawn once, not once per mark
    assert "FP+WRONG-VALUE" in displayed


# --------------------------------------------------------------------------- loading


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def test_load_jsonl_numbers_and_strings_as_decimal(tmp_path):
    path = tmp_path / "quantities.jsonl"
    path.write_text(
        '{"doc_id": "d", "start": 0, "end": 3, "kind": "money", "value": 8.5e9, "unit": "VND"}\n\n'
        '{"doc_id": "d", "start": 4, "end": 9, "kind": "percent", "value": "99.78", "value_max": null}\n',
        encoding="utf-8",
    )
    df = load_quantities(path)
    assert df["value"].tolist() == [Decimal("8500000000"), Decimal("99.78")]
    assert all(type(v) is Decimal for v in df["value"])
    assert df["total"].tolist() == [None, None] and df["campaign"].tolist() == [None, None]
    assert df["line"].tolist() == [1, 3]


def test_load_parquet_decimal128_csv_and_folders(tmp_path):
    rows = [MONEY, COUNT]
    table = pa.table({
        "doc_id": [r["doc_id"] for r in rows],
        "start": [r["start"] for r in rows],
        "end": [r["end"] for r in rows],
        "kind": [r["kind"] for r in rows],
        "unit": [r.get("unit") for r in rows],
        "value": pa.array([Decimal(r["value"]) for r in rows], type=pa.decimal128(38, 10)),
        "total": pa.array([None, Decimal("21")], type=pa.decimal128(38, 10)),
    })
    out = tmp_path / "out"
    out.mkdir()
    pq.write_table(table, out / "quantities.parquet")
    pd.DataFrame(rows).to_csv(tmp_path / "q.csv", index=False)
    from_parquet = load_quantities(out)  # a dataset folder
    from_csv = load_quantities(tmp_path / "q.csv")
    for df in (from_parquet, from_csv):
        assert df["value"].tolist() == [Decimal("4200000000"), Decimal("21")]
        assert df["total"].tolist() == [None, Decimal("21")]
    assert overall(evaluate(from_csv, from_parquet), "value")["tp"] == 2
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    write_jsonl(gold_dir / "quantities.jsonl", rows)
    assert len(load_quantities(gold_dir)) == 2


@pytest.mark.parametrize(
    "content, message",
    [
        pytest.param('{"doc_id": "d", "start": 0, "end": 3, "value": "1"}\n{oops\n', "2: invalid JSON", id="bad-json-line"),
        pytest.param('{"doc_id": "d", "start": 0, "end": 3, "value": "một"}\n', "value 'một' is not a decimal", id="bad-decimal"),
        pytest.param('{"doc_id": "d", "start": 5, "end": 3, "value": "1"}\n', "empty or reversed span", id="reversed-span"),
        pytest.param('{"doc_id": "d", "value": "1"}\n', "missing column(s) start, end", id="missing-columns"),
        pytest.param('[1, 2]\n', "one JSON object per line", id="not-an-object"),
    ],
)
def test_load_errors_say_file_and_reason(tmp_path, content, message):
    path = tmp_path / "quantities.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_quantities(path)
    assert message in str(info.value) and str(path) in str(info.value)


def test_load_missing_inputs(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_quantities(tmp_path / "nope.jsonl")
    with pytest.raises(InputError, match="no quantities table"):
        load_quantities(tmp_path)
    with pytest.raises(BaocaoError, match="neither a documents table"):
        load_texts(tmp_path)


def test_load_texts_keeps_crlf_offsets(tmp_path):
    (tmp_path / "d.txt").write_bytes("Dòng một.\r\nHơn 4,2 tỷ đồng.".encode("utf-8"))
    text = load_texts(tmp_path)["d"]
    assert text.index("Hơn") == 11  # \r\n kept: offsets are into the original


# --------------------------------------------------------------------------- command line


def test_main_json_html_and_texts_from_documents_table(tmp_path, capsys):
    gold_dir, out = tmp_path / "gold", tmp_path / "out"
    gold_dir.mkdir()
    out.mkdir()
    write_jsonl(gold_dir / "quantities.jsonl", GOLD)
    write_jsonl(out / "quantities.jsonl", [LENGTH, {**COUNT, "total": "20"}, q("120", "count", 120, doc="phan-ri", item="hộ")])
    write_jsonl(out / "documents.jsonl", [{"doc_id": d, "text": t} for d, t in TEXTS.items()])
    html_path = tmp_path / "report.html"
    assert main(str(gold_dir), str(out), as_json=True, errors=True, html=str(html_path), texts_from=None) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["value"]["tp"] == 1 and report["ignored_predictions"] == 1  # phan-ri has no gold
    miss = [e for e in report["errors"] if e["error"] == "fn"][0]
    assert miss["context"].startswith("Năm 2019")
    assert "hơn 4,2 tỷ đồng" in html_path.read_text(encoding="utf-8")


def test_main_text_with_corpus_folder(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for doc, text in TEXTS.items():
        (corpus / f"{doc}.txt").write_text(text, encoding="utf-8")
    write_jsonl(tmp_path / "gold.jsonl", GOLD)
    write_jsonl(tmp_path / "pred.jsonl", [LENGTH])
    assert main(str(tmp_path / "gold.jsonl"), str(tmp_path / "pred.jsonl"), as_json=False, errors=True, html=None, texts_from=str(corpus)) == 0
    out = capsys.readouterr().out
    assert "ALL" in out and "MISS" in out and "⟦21/21⟧" in out


def test_main_missing_pred_is_input_error(tmp_path):
    write_jsonl(tmp_path / "gold.jsonl", GOLD)
    with pytest.raises(InputError, match="no such file"):
        main(str(tmp_path / "gold.jsonl"), str(tmp_path / "missing"), as_json=False, errors=False, html=None, texts_from=None)


# --------------------------------------------------------------------------- properties and speed


spans = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 8)), max_size=12)


@settings(max_examples=80, deadline=None)
@given(gold_spans=spans, pred_spans=spans)
def test_matching_invariants(gold_spans, pred_spans):
    gold = [{"doc_id": "d", "start": s, "end": s + n, "kind": "count", "value": s} for s, n in gold_spans]
    pred = [{"doc_id": "d", "start": s, "end": s + n, "kind": "count", "value": s} for s, n in pred_spans]
    report = evaluate(pd.DataFrame(gold), pd.DataFrame(pred))
    lenient, strict, value = (overall(report, s) for s in ("lenient", "strict", "value"))
    for d in (lenient, strict, value):
        assert d["tp"] + d["fn"] == len(gold) and d["tp"] + d["fp"] == len(pred)
    assert value["tp"] <= lenient["tp"] and strict["tp"] <= lenient["tp"]
    assert lenient["tp"] <= min(len(gold), len(pred))
    # no unmatched gold overlaps an unmatched prediction: greedy leaves no pair behind
    misses = report.errors[report.errors["error"] == "fn"]
    extras = report.errors[report.errors["error"] == "fp"]
    for _, m in misses.iterrows():
        for _, x in extras.iterrows():
            assert not max(m["start"], x["start"]) < min(m["end"], x["end"])
    assert overall(evaluate(pd.DataFrame(gold), pd.DataFrame(gold)), "value")["fn"] == 0


def test_many_records_evaluate_in_seconds():
    gold, pred = [], []
    for d in range(2000):
        for k in range(25):
            rec = {"doc_id": f"doc{d}", "start": 20 * k, "end": 20 * k + 8, "kind": "money", "value": Decimal(k), "unit": "VND", "area": "xã Hàm Liêm"}
            gold.append(rec)
            pred.append({**rec, "start": rec["start"] + (k % 2)})
    t = time.perf_counter()
    report = evaluate(pd.DataFrame(gold), pd.DataFrame(pred))
    assert time.perf_counter() - t < 15
    assert overall(report, "value")["tp"] == 50000
