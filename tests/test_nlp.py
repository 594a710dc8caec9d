"""baocao as a spaCy pipeline: tokenizer keeps the text, spans carry their records."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import extract
from spacy.vocab import Vocab
from extract.nlp import SPAN_KEYS, Tokenizer


_TOKENIZER = Tokenizer(Vocab())


@pytest.fixture(scope="module")
def nlp():
    return extract.load_pipeline()


@pytest.mark.parametrize(
    "text, tokens",
    [
        ("hơn 4,2 tỷ đồng.", ["hơn", "4,2", "tỷ", "đồng", "."]),
        ("16.935m đường", ["16.935", "m", "đường"]),
        ("28 triệu đồng/người/năm", ["28", "triệu", "đồng", "/", "người", "/", "năm"]),
        ("21/21 khu phố", ["21", "/", "21", "khu", "phố"]),
        ("“Dân vận khéo”", ["“", "Dân", "vận", "khéo", "”"]),
        ("99,78%", ["99,78", "%"]),
        ("dòng 1\n\ndòng  2", ["dòng", "1", "\n\n", "dòng", " ", "2"]),
    ],
)
def test_tokenizer(nlp, text: str, tokens: list[str]) -> None:
    doc = nlp.tokenizer(text)
    assert [t.text for t in doc] == tokens
    assert doc.text == text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_tokenizer_keeps_any_text(text: str) -> None:
    assert _TOKENIZER(text).text == text


def test_corpus_spans_are_the_records(nlp, corpus) -> None:
    for doc_id, text in corpus.items():
        doc = nlp(text)
        assert doc.text == text
        ex = doc._.baocao
        assert [s._.record for s in doc.spans["quantities"]] == ex.quantities
        for key in SPAN_KEYS:
            for span in doc.spans[key]:
                assert span.text == span._.record.text
                assert (span.start_char, span.end_char) == (span._.record.start, span._.record.end)
        starts = {s.start for s in ex.sentences}
        assert starts <= {sent.start_char for sent in doc.sents}


def test_quantity_span_labels_and_values(nlp) -> None:
    doc = nlp("Năm 2019, xã Hàm Liêm góp Quỹ “Vì người nghèo” hơn 4,2 tỷ đồng, làm mới 16.935m đường.")
    got = [(s.text, s.label_, s._.record.value, s._.record.area, s._.record.period) for s in doc.spans["quantities"]]
    assert got == [
        ("hơn 4,2 tỷ đồng", "MONEY", Decimal("4200000000"), "xã Hàm Liêm", "2019"),
        ("16.935m", "LENGTH", Decimal("16935"), "xã Hàm Liêm", "2019"),
    ]
    assert [s.text for s in doc.spans["areas"]] == ["xã Hàm Liêm"]
    assert [s.text for s in doc.spans["periods"]] == ["Năm 2019"] or [s.text for s in doc.spans["periods"]] == ["2019"]


@pytest.mark.parametrize(
    "text, offsets, tokens",
    [
        ("nông thôn mớiđô thị", [13], ["nông", "thôn", "mới", "đô", "thị"]),
        ("abcdef", [2, 4, 4, 0, 6], ["ab", "cd", "ef"]),
        ("16.935mđường", [7], ["16.935", "m", "đường"]),
    ],
)
def test_cut_at_splits_tokens_at_record_boundaries(nlp, text: str, offsets: list[int], tokens: list[str]) -> None:
    from extract.nlp import _cut_at

    doc = _cut_at(nlp.tokenizer(text), offsets)
    assert [t.text for t in doc] == tokens
    assert doc.text == text


def test_sentencizer_alone() -> None:
    nlp = extract.load_pipeline(sentences_only=True)
    doc = nlp("Tại TP. Phan Thiết, hội nghị diễn ra. Tổng số tiền 1.314.626.000 đồng.")
    assert [s.text for s in doc.sents] == ["Tại TP. Phan Thiết, hội nghị diễn ra.", "Tổng số tiền 1.314.626.000 đồng."]


def test_pipe_streams(nlp) -> None:
    docs = list(nlp.pipe(["Đạt 99,78%.", "", "21/21 khu phố đạt chuẩn."]))
    assert [len(d.spans["quantities"]) for d in docs] == [1, 0, 1]


_PIECES = st.sampled_from([
    "Năm 2019, ", "xã Hàm Liêm ", "hơn 4,2 tỷ đồng", "16.935m", "mớiđô", "D ân vận", "“Dân vận khéo”", "21/21 khu phố",
    ". ", "\n\n", "  ", "\t", "\u00a0", "\u200b", "Ho\u0300a", "TP.HCM", "28 triệu đồng/người/năm", "Lượt xem: 829\n",
])


@settings(max_examples=80, deadline=None)
@given(st.lists(_PIECES, max_size=20).map("".join) | st.text(max_size=60))
def test_pipeline_spans_are_grounded_records_on_any_text(nlp, text: str) -> None:
    doc = nlp(text)
    assert doc.text == text
    for key in SPAN_KEYS:
        for span in doc.spans[key]:
            record = span._.record
            assert (span.start_char, span.end_char) == (record.start, record.end)
            assert span.text == record.text == text[record.start:record.end]
