"""--format duckdb and near-duplicate marking (issue 12): one database file with typed,
commented tables and views that count each figure once."""
from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.batch import run_batch
from extract.dedup import NearDuplicates
from extract.writers import read_table
from schemas import TABLES

duckdb = pytest.importorskip("duckdb")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"
SEED = SEEDS / "001_e978e5b1d23108f2.txt"


@pytest.fixture(scope="module")
def with_a_republished_copy(tmp_path_factory) -> Path:
    """The seeds plus one seed republished by another paper (a new headline, one sentence dropped)."""
    folder = tmp_path_factory.mktemp("in")
    for p in SEEDS.glob("*.txt"):
        shutil.copy(p, folder / p.name)
    text = SEED.read_text(encoding="utf-8")
    lines = text.split("\n")
    (folder / "zz_republished.txt").write_text("\n".join(["Hàm Thuận Bắc: tổng kết Dân vận khéo"] + lines[1:-3]), encoding="utf-8")
    return folder


def test_the_republished_copy_is_marked_and_the_rest_are_not(with_a_republished_copy, tmp_path):
    run_batch([with_a_republished_copy], tmp_path / "o", workers=1, progress=False, fmt="jsonl")
    marks = {d["doc_id"]: d["duplicate_of"] for d in read_table(tmp_path / "o" / "documents.jsonl")}
    assert marks.pop("zz_republished") == "001_e978e5b1d23108f2"
    assert set(marks.values()) == {None}


def test_no_dedup_marks_nothing(with_a_republished_copy, tmp_path):
    run_batch([with_a_republished_copy], tmp_path / "o", workers=1, progress=False, fmt="jsonl", dedup=False)
    assert {d["duplicate_of"] for d in read_table(tmp_path / "o" / "documents.jsonl")} == {None}


@pytest.mark.parametrize(("a", "b", "dup"), [
    ("Xã Hàm Liêm làm mới 16.935m đường giao thông nông thôn trong năm 2019 với sự đóng góp của nhân dân.",
     "Xã Hàm Liêm làm mới 16.935m đường giao thông nông thôn trong năm 2019 với sự đóng góp của nhân dân!", True),
    ("Xã Hàm Liêm làm mới 16.935m đường giao thông nông thôn trong năm 2019 với sự đóng góp của nhân dân.",
     "Huyện Tuy Phong trao 250 suất quà cho hộ nghèo nhân dịp Tết Nguyên đán, tổng trị giá 125 triệu đồng.", False),
])
def test_near_duplicates(a, b, dup):
    near = NearDuplicates()
    assert near.check("a", a) is None
    assert (near.check("b", b) == "a") is dup


def test_duckdb_holds_every_table_typed_and_commented(with_a_republished_copy, tmp_path):
    run_batch([with_a_republished_copy], tmp_path / "db", workers=1, progress=False, fmt="duckdb")
    run_batch([with_a_republished_copy], tmp_path / "pq", workers=1, progress=False, fmt="parquet")
    assert [p.name for p in (tmp_path / "db").iterdir() if not p.name.startswith(".")] == ["baocao.duckdb"]
    con = duckdb.connect(str(tmp_path / "db" / "baocao.duckdb"), read_only=True)
    for name in TABLES:
        assert con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == len(read_table(tmp_path / "pq" / f"{name}.parquet"))
    types = dict(con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'quantities'").fetchall())
    assert types["value"] == "DECIMAL(38,10)" and types["start"] == "BIGINT"
    missing = con.execute("SELECT table_name, column_name FROM duckdb_columns() WHERE comment IS NULL AND NOT internal "
                          "AND table_name IN (SELECT table_name FROM duckdb_tables())").fetchall()
    assert missing == []
    views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert {"quantity_documents", "figures", "totals", "money_totals"} <= views


def test_money_totals_count_each_figure_once(with_a_republished_copy, tmp_path):
    run_batch([with_a_republished_copy], tmp_path / "db", workers=1, progress=False, fmt="duckdb")
    run_batch([SEEDS], tmp_path / "seeds", workers=1, progress=False, fmt="duckdb")
    query = "SELECT campaign, province, period, currency, total, n FROM money_totals ORDER BY ALL"
    with_copy = duckdb.connect(str(tmp_path / "db" / "baocao.duckdb"), read_only=True).execute(query).fetchall()
    without = duckdb.connect(str(tmp_path / "seeds" / "baocao.duckdb"), read_only=True).execute(query).fetchall()
    assert with_copy == without  # the republished copy adds nothing
    con = duckdb.connect(str(tmp_path / "seeds" / "baocao.duckdb"), read_only=True)
    # a figure restated in one article counts once: figures has no two equal rows of one document
    dupes = con.execute("SELECT count(*) FROM (SELECT doc_id, kind, value, value_max, total, unit, campaign, area, period, count(*) c "
                        "FROM figures GROUP BY ALL HAVING c > 1)").fetchone()[0]
    assert dupes == 0
    total = con.execute("SELECT sum(total) FROM money_totals WHERE campaign = 'Dân vận khéo' AND province = 'Bình Thuận'").fetchone()[0]
    assert isinstance(total, Decimal) and total > 0


def test_the_index_forgets_articles_outside_its_window():
    text = "Xã Hàm Liêm làm mới 16.935m đường giao thông nông thôn trong năm 2019 với sự đóng góp của nhân dân."
    others = [f"Huyện số {i} trao {i} suất quà cho hộ nghèo nhân dịp Tết Nguyên đán tại xã số {i} và thôn số {i}." for i in range(5)]
    near = NearDuplicates(window=3)
    assert near.check("first", text) is None
    for i, o in enumerate(others):
        assert near.check(f"o{i}", o) is None
    assert near.check("again", text) is None  # "first" left the window: memory stays bounded
    wide = NearDuplicates(window=100)
    wide.check("first", text)
    for i, o in enumerate(others):
        wide.check(f"o{i}", o)
    assert wide.check("again", text) == "first"


def test_money_totals_know_the_province_of_a_province_level_area(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Tỉnh Lạng Sơn tổng kết phong trào “Vì người nghèo”\n\nNăm 2019, tỉnh Lạng Sơn vận động "
                                           "được 5 tỷ đồng cho phong trào “Vì người nghèo”.", encoding="utf-8")
    run_batch([tmp_path / "in"], tmp_path / "db", workers=1, progress=False, fmt="duckdb")
    con = duckdb.connect(str(tmp_path / "db" / "baocao.duckdb"), read_only=True)
    rows = con.execute("SELECT province, period, currency, total FROM money_totals").fetchall()
    assert rows == [("Lạng Sơn", "2019", "VND", Decimal("5000000000"))]


@settings(max_examples=150, deadline=None)
@given(words=st.lists(st.sampled_from(["xã", "Hàm", "Liêm", "góp", "4,2", "tỷ", "đồng", "Dân", "vận", "khéo"]),
                      max_size=60),
       slice_chars=st.integers(1, 40))
def test_shingles_fed_in_slices_are_the_texts_shingles(words, slice_chars):
    """A long text's shingles are hashed slice by slice (memory stays bounded on a 50 MB
    article); the set they make is the text's whole set of word 5-grams, whatever the slice size."""
    import unicodedata

    from extract import dedup

    text = " ".join(words)
    low = unicodedata.normalize("NFC", text).lower()
    all_words = dedup._WORD.findall(low)
    if len(all_words) <= dedup.SHINGLE:
        expected = {" ".join(all_words).encode("utf-8")} if all_words else set()
    else:
        expected = {" ".join(all_words[i:i + dedup.SHINGLE]).encode("utf-8")
                    for i in range(len(all_words) - dedup.SHINGLE + 1)}
    old = dedup.SLICE_CHARS
    dedup.SLICE_CHARS = slice_chars
    try:
        got = {g for batch in dedup.shingle_batches(text) for g in batch}
    finally:
        dedup.SLICE_CHARS = old
    assert got == expected
