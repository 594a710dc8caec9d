"""Gold tools: the checker, and the Label Studio / doccano round trips."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.errors import InputError
from extract.gold import (
    LABEL_STUDIO_CONFIG,
    check_gold,
    from_doccano,
    from_label_studio,
    main_check,
    records_to_doccano,
    records_to_label_studio,
    to_doccano,
    to_label_studio,
)

DOCS = {
    "ham-liem": "Ủy ban MTTQ xã Hàm Liêm vận động làm mới 16.935m đường, huy động hơn 4,2 tỷ đồng.\r\nNăm 2019, có 21/21 khu phố đạt chuẩn.",
    "dan-van": "Phong trào “Dân vận khéo” ở huyện Hàm Thuận Bắc hỗ trợ 120 hộ nghèo với 1.314.626.000 đồng.",
}


def span(doc: str, surface: str) -> dict:
    start = DOCS[doc].index(surface)
    return {"doc_id": doc, "start": start, "end": start + len(surface), "text": surface}


QUANTITIES = [
    {**span("ham-liem", "16.935m"), "kind": "length", "value": "16935", "unit": "m", "area": "xã Hàm Liêm"},
    {**span("ham-liem", "hơn 4,2 tỷ đồng"), "kind": "money", "value": "4200000000", "unit": "VND", "approx": "gt", "area": "xã Hàm Liêm"},
    {**span("ham-liem", "21/21"), "kind": "count", "value": "21", "total": "21", "item": "khu phố", "period": "2019"},
    {**span("dan-van", "120"), "kind": "count", "value": 120, "item": "hộ nghèo", "campaign": "Dân vận khéo", "area": "huyện Hàm Thuận Bắc"},
    {**span("dan-van", "1.314.626.000 đồng"), "kind": "money", "value": "1314626000", "unit": "VND", "campaign": "Dân vận khéo"},
]
AREAS = [
    {**span("ham-liem", "xã Hàm Liêm"), "type": "xã", "name": "Hàm Liêm", "canonical": "xã Hàm Liêm"},
    {**span("dan-van", "huyện Hàm Thuận Bắc"), "type": "huyện", "name": "Hàm Thuận Bắc", "canonical": "huyện Hàm Thuận Bắc"},
]
CAMPAIGNS = [{**span("dan-van", "Phong trào “Dân vận khéo”"), "head": "phong trào", "canonical": "Dân vận khéo"}]


def jsonl(rows) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows)


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for doc, text in DOCS.items():
        (folder / f"{doc}.txt").write_bytes(text.encode("utf-8"))  # bytes: keep the \r\n
    return folder


@pytest.fixture
def gold(tmp_path):
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "quantities.jsonl").write_text(jsonl(QUANTITIES), encoding="utf-8")
    (folder / "areas.jsonl").write_text(jsonl(AREAS), encoding="utf-8")
    (folder / "campaigns.jsonl").write_text(jsonl(CAMPAIGNS), encoding="utf-8")
    return folder


def normalised(records):
    """Records compared the way the gold means them: decimals by value, absent == null."""
    out = []
    for r in records:
        row = {}
        for k, v in r.items():
            if v is None:
                continue
            row[k] = Decimal(str(v)).normalize() if k in {"value", "value_max", "total"} else v
        out.append(row)
    return sorted(out, key=lambda r: (r["doc_id"], r["start"], r["end"]))


# --------------------------------------------------------------------------- check


def test_clean_gold_has_no_problems(gold, corpus):
    assert check_gold(gold, corpus) == []


OK_LINE = QUANTITIES[0]


@pytest.mark.parametrize(
    "lines, line, message",
    [
        pytest.param([OK_LINE, {**OK_LINE, "start": OK_LINE["start"] + 1, "end": OK_LINE["end"] + 1}], 2, "not grounded", id="ungrounded-off-by-one"),
        pytest.param([OK_LINE, '{"doc_id": "ham-liem", "start": 1,'], 2, "invalid JSON", id="bad-json"),
        pytest.param([{**OK_LINE, "doc_id": "khong-co"}], 1, "unknown doc_id 'khong-co'", id="unknown-doc"),
        pytest.param([OK_LINE, OK_LINE], 2, "duplicate span", id="duplicate"),
        pytest.param([OK_LINE, {**span("ham-liem", "16.935m đường"), "kind": "length", "value": "16935", "unit": "m"}], 2, "overlaps", id="overlap"),
        pytest.param([{**OK_LINE, "kind": "tiền"}], 1, "kind", id="unknown-kind"),
        pytest.param([{**OK_LINE, "unit": "VND"}], 1, "kind 'length' takes unit", id="unit-of-another-kind"),
        pytest.param([{**OK_LINE, "value": "mười"}], 1, "value", id="value-not-decimal"),
        pytest.param([{**OK_LINE, "text": "16.935 m"}], 1, "has length", id="text-length"),
        pytest.param(["[1, 2]"], 1, "expected a JSON object", id="not-an-object"),
    ],
)
def test_check_reports_problems_by_line(tmp_path, corpus, lines, line, message):
    path = tmp_path / "quantities.jsonl"
    path.write_text(jsonl(lines), encoding="utf-8")
    problems = check_gold(path, corpus)
    assert any(p.line == line and message in p.message for p in problems), problems
    assert all(p.file == str(path) for p in problems)


def test_ungrounded_span_says_where_the_text_is(tmp_path, corpus):
    wrong = {**OK_LINE, "start": OK_LINE["start"] + 2, "end": OK_LINE["end"] + 2}
    path = tmp_path / "quantities.jsonl"
    path.write_text(jsonl([wrong]), encoding="utf-8")
    [problem] = check_gold(path, corpus)
    assert f"occurs at [{OK_LINE['start']}, {OK_LINE['end']})" in problem.message


def test_mentions_are_checked_against_their_own_schema(gold, corpus):
    bad_area = {**AREAS[0], "type": None}
    overlapping_campaign = {**span("dan-van", "“Dân vận khéo”"), "canonical": "Dân vận khéo"}
    (gold / "areas.jsonl").write_text(jsonl([*AREAS, bad_area]), encoding="utf-8")
    (gold / "campaigns.jsonl").write_text(jsonl([*CAMPAIGNS, overlapping_campaign]), encoding="utf-8")
    problems = check_gold(gold, corpus)
    assert [(p.file.rsplit("/", 1)[-1], p.line) for p in problems] == [("areas.jsonl", 3), ("areas.jsonl", 3)]  # type; duplicate span
    assert any("type" in p.message for p in problems)  # mentions may overlap; quantities may not


def test_unknown_file_name_and_missing_corpus(tmp_path, corpus):
    (tmp_path / "quantity.jsonl").write_text("", encoding="utf-8")
    [problem] = check_gold(tmp_path / "quantity.jsonl", corpus)
    assert problem.line == 0 and "quantities.jsonl" in problem.message
    with pytest.raises(InputError):
        check_gold(tmp_path / "quantity.jsonl", tmp_path / "no-corpus")


def test_main_check_prints_file_line_message(tmp_path, corpus, capsys):
    path = tmp_path / "quantities.jsonl"
    path.write_text(jsonl([OK_LINE, "{oops"]), encoding="utf-8")
    assert main_check(str(path), str(corpus)) == 1
    assert capsys.readouterr().out.startswith(f"{path}:2: invalid JSON")
    path.write_text(jsonl([OK_LINE]), encoding="utf-8")
    assert main_check(str(path), str(corpus)) == 0


# --------------------------------------------------------------------------- Label Studio and doccano


def test_label_studio_task_shape(gold, corpus):
    tasks = to_label_studio(gold, corpus)
    task = next(t for t in tasks if t["data"]["doc_id"] == "ham-liem")
    assert task["data"]["text"] == DOCS["ham-liem"]
    region = task["annotations"][0]["result"][0]
    assert region["from_name"] == "label" and region["to_name"] == "text" and region["type"] == "labels"
    assert region["value"] == {"start": QUANTITIES[0]["start"], "end": QUANTITIES[0]["end"], "text": "16.935m", "labels": ["length"]}
    assert json.loads(region["meta"]["text"][0])["area"] == "xã Hàm Liêm"
    assert '<Label value="money"/>' in LABEL_STUDIO_CONFIG


@pytest.mark.parametrize("export, back", [(to_label_studio, from_label_studio), (to_doccano, from_doccano)], ids=["label-studio", "doccano"])
def test_round_trip_keeps_every_field(gold, corpus, export, back):
    exported = json.loads(json.dumps(export(gold, corpus, tables=("quantities", "areas", "campaigns")), ensure_ascii=False))
    assert normalised(back(exported)) == normalised(QUANTITIES)
    assert normalised(back(exported, table="areas")) == normalised(AREAS)
    assert normalised(back(exported, table="campaigns")) == normalised(CAMPAIGNS)


def test_label_studio_without_meta_keeps_span_and_kind_only():
    where = span("dan-van", "120")
    tasks = [{
        "data": {"doc_id": "dan-van", "text": DOCS["dan-van"]},
        "annotations": [
            {"was_cancelled": True, "result": []},
            {"result": [{"id": "a", "from_name": "label", "to_name": "text", "type": "labels",
                         "value": {"start": where["start"], "end": where["end"], "text": "120", "labels": ["count"]}}]},
        ],
    }]
    [record] = from_label_studio(tasks)
    assert (record["start"], record["end"], record["text"], record["kind"]) == (where["start"], where["end"], "120", "count")
    assert record["value"] is None and record["item"] is None and record["campaign"] is None


def test_label_studio_region_moved_by_annotator_keeps_its_fields(gold, corpus):
    tasks = to_label_studio(gold, corpus)
    region = next(t for t in tasks if t["data"]["doc_id"] == "ham-liem")["annotations"][0]["result"][1]
    region["value"].update(start=region["value"]["start"] + 4, text="4,2 tỷ đồng")  # "hơn" left out
    moved = [r for r in from_label_studio(tasks) if r["text"] == "4,2 tỷ đồng"][0]
    assert moved["value"] == "4200000000" and moved["approx"] == "gt"


def test_doccano_edited_span_loses_only_unrepresentable_fields(gold, corpus):
    lines = to_doccano(gold, corpus)
    line = next(x for x in lines if x["doc_id"] == "ham-liem")
    assert [lab[2] for lab in line["label"]] == ["length", "money", "count"]
    line["label"][0][1] -= 1  # "16.935"
    edited = [r for r in from_doccano(lines) if r["doc_id"] == "ham-liem"][0]
    assert (edited["text"], edited["kind"], edited["value"]) == ("16.935", "length", None)


def test_doccano_accepts_entities_export():
    where = span("dan-van", "120")
    line = {"doc_id": "dan-van", "text": DOCS["dan-van"], "entities": [{"id": 1, "start_offset": where["start"], "end_offset": where["end"], "label": "count"}]}
    [record] = from_doccano([line])
    assert (record["start"], record["end"], record["text"], record["kind"]) == (where["start"], where["end"], "120", "count")


TEXT_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậđèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ0123456789.,/% \n“”"
KINDS = ["money", "length", "area", "volume", "mass", "percent", "count", "duration", "rate", "other"]


@st.composite
def annotated_docs(draw):
    texts, records = {}, []
    for n in range(draw(st.integers(1, 3))):
        doc = f"doc-{n}"
        text = draw(st.text(alphabet=TEXT_ALPHABET, min_size=1, max_size=80))
        texts[doc] = text
        cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=12))))
        # consecutive cut points, every other pair: non-overlapping, possibly adjacent
        for start, end in list(zip(cuts, cuts[1:]))[:: draw(st.sampled_from([1, 2]))]:
            records.append({
                "doc_id": doc, "start": start, "end": end, "text": text[start:end],
                "kind": draw(st.sampled_from(KINDS)),
                "value": str(draw(st.decimals(min_value=0, max_value=10**12, places=3, allow_nan=False))),
                "item": draw(st.none() | st.text(alphabet=TEXT_ALPHABET, max_size=10)),
            })
    return texts, records


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(annotated_docs())
def test_random_spans_round_trip_exactly(docs):
    texts, records = docs
    for export, back in ((records_to_label_studio, from_label_studio), (records_to_doccano, from_doccano)):
        exported = json.loads(json.dumps(export({"quantities": records}, texts)))
        again = back(exported)
        assert [(r["doc_id"], r["start"], r["end"], r["text"], r["kind"]) for r in again] == sorted(
            (r["doc_id"], r["start"], r["end"], r["text"], r["kind"]) for r in records
        )
        assert normalised(again) == normalised(records)
