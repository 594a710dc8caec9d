"""Sentence splitting: underthesea's splitter, aligned to offsets, never cutting figures or abbreviations."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.normalise import clean, layout
from extract.pipeline import body_sentences
from extract.sentences import split_paragraph

GOLD = Path(__file__).resolve().parent.parent / "gold" / "quantities.jsonl"

SPLITS = [
    ("Tổng số tiền 1.314.626.000 đồng. Năm 2019 có 17/17 khu phố đạt chuẩn.",
     ["Tổng số tiền 1.314.626.000 đồng.", "Năm 2019 có 17/17 khu phố đạt chuẩn."]),
    ("Đ/c Nguyễn Văn A phát biểu. Đồng chí cảm ơn.", ["Đ/c Nguyễn Văn A phát biểu.", "Đồng chí cảm ơn."]),
    ("Tại TP. Phan Thiết, hội nghị diễn ra. Kết quả tốt.", ["Tại TP. Phan Thiết, hội nghị diễn ra.", "Kết quả tốt."]),
    ("Các hoạt động văn nghệ, thể thao v.v. được tổ chức. Nhân dân hưởng ứng.",
     ["Các hoạt động văn nghệ, thể thao v.v. được tổ chức.", "Nhân dân hưởng ứng."]),
    ("Ngày 15/5/2017, UBND ban hành Quyết định 03/2007/QĐ-BNV. Sau đó triển khai.",
     ["Ngày 15/5/2017, UBND ban hành Quyết định 03/2007/QĐ-BNV.", "Sau đó triển khai."]),
    ("Ông nói: “Chúng ta phải làm tốt. Dân vận khéo là then chốt.” Hội nghị kết thúc.",
     ["Ông nói: “Chúng ta phải làm tốt. Dân vận khéo là then chốt.”", "Hội nghị kết thúc."]),
    ("Đạt 99,78%. Vượt kế hoạch.", ["Đạt 99,78%.", "Vượt kế hoạch."]),
    ("Xã đạt 19/19 tiêu chí! Huyện đạt chuẩn? Có.", ["Xã đạt 19/19 tiêu chí!", "Huyện đạt chuẩn?", "Có."]),
    ("Theo Th.S Nguyễn Văn B, kết quả khả quan. Tiếp tục phát huy.",
     ["Theo Th.S Nguyễn Văn B, kết quả khả quan.", "Tiếp tục phát huy."]),
    ("Chỉ thị số 23-CT/TU ngày 2.3.2018 của Tỉnh ủy. Hội nghị.", ["Chỉ thị số 23-CT/TU ngày 2.3.2018 của Tỉnh ủy.", "Hội nghị."]),
    ("Góp Quỹ hơn 4,2 tỷ đồng", ["Góp Quỹ hơn 4,2 tỷ đồng"]),
    ("Khu dân cư HTV.BT đạt 100% chỉ tiêu. Tốt.", ["Khu dân cư HTV.BT đạt 100% chỉ tiêu.", "Tốt."]),
    ("Tại TP.HCM có 5 quận. Hết.", ["Tại TP.HCM có 5 quận.", "Hết."]),
    # scraped text that lost the space after a full stop is still split
    ("Đến năm 2020.Xã đạt chuẩn.", ["Đến năm 2020.", "Xã đạt chuẩn."]),
    ("Làm tốt công tác DV.Tiếp tục phát huy.", ["Làm tốt công tác DV.", "Tiếp tục phát huy."]),
    # a curly quote closed by a straight one is closed: the question ends its sentence
    ("Mục tiêu của Đề án “Thí điểm quản lý cửa hàng trái cây\" là gì, thưa bà? Hiện nhu cầu lên đến 52.000 tấn.",
     ["Mục tiêu của Đề án “Thí điểm quản lý cửa hàng trái cây\" là gì, thưa bà?", "Hiện nhu cầu lên đến 52.000 tấn."]),
    ("Nữ diễn viên kết hôn với bạn diễn trong “Tuyết sơn phi hồ\" - năm 1999. Cô sống bên chồng và hai con.",
     ["Nữ diễn viên kết hôn với bạn diễn trong “Tuyết sơn phi hồ\" - năm 1999.", "Cô sống bên chồng và hai con."]),
]


@pytest.mark.parametrize("paragraph, expected", SPLITS)
def test_split_paragraph(paragraph: str, expected: list[str]) -> None:
    assert [paragraph[s:e] for s, e in split_paragraph(paragraph)] == expected


def _gold_spans() -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if line.strip():
            g = json.loads(line)
            spans.setdefault(g["doc_id"], []).append((g["start"], g["end"]))
    return spans


def test_corpus_sentences_never_cut_a_gold_figure(corpus) -> None:
    gold = _gold_spans()
    for doc_id, text in corpus.items():
        mt = clean(text)
        sents = [mt.to_original(s.start, s.end) for s in body_sentences(mt.text, layout(mt.text))]
        assert sents, doc_id
        for (s1, e1), (s2, _) in zip(sents, sents[1:]):
            assert s1 < e1 <= s2, (doc_id, s1, e1, s2)
        for qs, qe in gold[doc_id]:
            assert any(s <= qs and qe <= e for s, e in sents), (doc_id, text[qs:qe])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Năm 2019", " có", " 17/17", " khu phố", ".", " Đ/c", " TP.", " 1.314.626.000",
                                 " đồng", "!", "?", " “", "”", " v.v.", "\n", " xã", " A", "…"]), max_size=30).map("".join))
def test_split_paragraph_spans_are_ordered_and_cover_the_text(paragraph: str) -> None:
    spans = split_paragraph(paragraph)
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(paragraph)
        last = e
    covered = "".join(paragraph[s:e] for s, e in spans)
    assert "".join(covered.split()) == "".join(paragraph.split())  # no character but spaces left out


@pytest.mark.parametrize(
    "paragraph",
    [
        "Năm 2019, xã Hàm Liêm làm " + "1.234.567 đồng, " * 400 + "xong.",  # a table flattened into one line
        "Xã Hàm Liêm vận động nhân dân hiến đất làm đường " * 100,  # no full stop at all
        "x" * 5000,  # one endless token
    ],
)
def test_no_sentence_is_longer_than_the_bound(paragraph: str) -> None:
    from extract.sentences import MAX_SENTENCE

    spans = split_paragraph(paragraph)
    assert all(0 < e - s <= MAX_SENTENCE for s, e in spans)
    assert "".join("".join(paragraph[s:e].split()) for s, e in spans) == "".join(paragraph.split())
    if "đồng, " in paragraph:  # cut at clause breaks, never inside a figure
        assert all(paragraph[s:e].endswith(",") or paragraph[s:e].endswith(".") for s, e in spans)
