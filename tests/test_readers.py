"""extract.readers: every fixture input -> a RawDoc or a Skipped with its reason (SPEC §6:
every input is accounted for), JSONL field names, gzip, WARC and per-document encodings."""
from __future__ import annotations

import codecs
import gzip
import importlib.util
import io
import json
import os
import shutil
import subprocess
import tracemalloc
import unicodedata
from pathlib import Path

import pytest

from extract.decode import encode_legacy
from extract.readers import JsonlFields, RawDoc, Skipped, count_inputs, iter_inputs

FIXTURES = Path(__file__).resolve().parent / "fixtures"
INPUTS = FIXTURES / "inputs"
URN = "urn:uuid:00000000-0000-4000-8000-{:012d}"


def _load_make_inputs():
    spec = importlib.util.spec_from_file_location("make_inputs", FIXTURES / "make_inputs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_inputs = _load_make_inputs()
PARAGRAPH = make_inputs.PARAGRAPH


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def doc(doc_id, encoding, title=None, date=None, url=None):
    return ("doc", doc_id, encoding, title, date, url)


def skip(stage, reason, doc_id=None):
    return ("skip", stage, reason, doc_id)


HTML_TITLE = "Hàm Thuận Bắc tổng kết phong trào thi đua “ Dân vận khéo” giai đoạn 2016-2020"

#: (file under inputs/, line or WARC record) -> what the reader makes of it, in reading order.
EXPECTED = {
    ("article-cp1258.htm", None): doc("article-cp1258", "cp1258", HTML_TITLE, "2020-07-08"),
    ("article-tcvn3.txt.gz", None): doc("article-tcvn3", "tcvn3"),
    ("article.html", None): doc("article", "utf-8", HTML_TITLE, "2020-07-08"),
    # same stem as article.html: the second one gets ~2
    ("article.html.gz", None): doc("article~2", "utf-8", "Góp Quỹ vì người nghèo", "2019-01-15"),
    ("articles.jsonl", 1): doc("vn-001", "utf-8", "Những kết quả từ phong trào “dân vận khéo” năm 2018",
                               "2018-11-08", "https://example.vn/tin/vn-001"),
    ("articles.jsonl", 2): doc("articles:2", "utf-8", None, "2019-06-03"),  # no id: <stem>:<line>
    ("articles.jsonl", 3): skip("parse", "invalid JSON: Expecting ',' delimiter (column 48)"),
    # line 4 is blank: not an input
    ("articles.jsonl", 5): skip("parse", "no 'text' field", "vn-004"),
    ("articles.jsonl", 6): skip("parse", "'text' is a JSON number, not a string", "vn-005"),
    ("articles.jsonl", 7): skip("parse", "a JSON array where an object was expected"),
    ("articles.jsonl", 8): doc("6", "utf-8"),  # numeric id, text from the html field
    ("articles.jsonl", 9): doc("sentence-utf8", "utf-8"),  # claims the id before the file does
    ("articles.jsonl.gz", 1): doc("gz-1", "utf-8"),
    ("articles.jsonl.gz", 2): doc("gz-2", "utf-8"),
    ("binary.txt", None): skip("decode", "binary data: 11% control bytes (4 NUL bytes without a UTF-16 pattern)"),
    ("broken.html", None): doc("broken", "utf-8", "Trang hỏng"),
    ("bundle.tar.gz", None): skip("read", "unsupported file type '.tar.gz': expected .txt, .html, .htm, .jsonl, .warc, each optionally .gz"),
    # records 1-2 (warcinfo, request) carry no document
    ("crawl.warc.gz", 3): doc(URN.format(3), "utf-8", "Thị xã Kinh Môn: Nhân lên những mô hình, điển hình “Dân vận khéo”",
                              "2024-08-15", "https://kinhmon.example.vn/tin/1"),
    ("crawl.warc.gz", 4): skip("read", "HTTP 404 response for https://kinhmon.example.vn/missing: no article", URN.format(4)),
    ("crawl.warc.gz", 5): skip("read", "WARC response for https://kinhmon.example.vn/logo.png is image/png, not HTML or plain text", URN.format(5)),
    ("crawl.warc.gz", 6): doc(URN.format(6), "cp1258", url="https://kinhmon.example.vn/tin/2.txt"),
    ("empty.txt", None): skip("decode", "empty input"),
    ("nested/sentence-utf8.txt", None): doc("sentence-utf8~2", "utf-8"),  # "nested" sorts before "sentence-"
    ("no-text.html", None): skip("html", "no main text found in the HTML (trafilatura extracted nothing)"),
    ("notes.pdf", None): skip("read", "unsupported file type '.pdf': expected .txt, .html, .htm, .jsonl, .warc, each optionally .gz"),
    ("sentence-cp1258.txt", None): doc("sentence-cp1258", "cp1258"),
    ("sentence-tcvn3.txt", None): doc("sentence-tcvn3", "tcvn3"),
    ("sentence-utf16be.txt", None): doc("sentence-utf16be", "utf-16-be"),
    ("sentence-utf16le-bom.txt", None): doc("sentence-utf16le-bom", "utf-16-le"),
    ("sentence-utf8-bom.txt", None): doc("sentence-utf8-bom", "utf-8-sig"),
    ("sentence-utf8.txt", None): doc("sentence-utf8~3", "utf-8"),
    ("sentence-vni.txt", None): doc("sentence-vni", "vni"),
}


def _read_fixtures() -> list[RawDoc | Skipped]:
    return list(iter_inputs([INPUTS]))


FIXTURE_ITEMS = _read_fixtures()


def _key(item: RawDoc | Skipped) -> tuple[str, int | None]:
    return Path(item.source).relative_to(INPUTS).as_posix(), item.line


def _by_key() -> dict[tuple[str, int | None], RawDoc | Skipped]:
    return {_key(i): i for i in FIXTURE_ITEMS}


def test_fixtures_are_up_to_date(tmp_path):
    """make_inputs.py regenerates exactly the committed bytes (edit the script, not the files)."""
    make_inputs.write(tmp_path)
    fresh = {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    stored = {p.relative_to(INPUTS).as_posix(): p.read_bytes() for p in INPUTS.rglob("*") if p.is_file()}
    assert sorted(fresh) == sorted(stored)
    changed = [name for name in fresh if fresh[name] != stored[name]]
    assert not changed, f"run `python tests/fixtures/make_inputs.py`: stale {changed}"


def test_every_fixture_is_accounted_for_in_order():
    assert [_key(i) for i in FIXTURE_ITEMS] == list(EXPECTED)
    files = {p.relative_to(INPUTS).as_posix() for p in INPUTS.rglob("*") if p.is_file()}
    assert files - {source for source, _ in EXPECTED} == {".hidden.txt"}  # hidden: not an input


@pytest.mark.parametrize("key", list(EXPECTED), ids=lambda k: f"{k[0]}:{k[1]}" if k[1] else k[0])
def test_fixture(key):
    item = _by_key()[key]
    want = EXPECTED[key]
    if want[0] == "doc":
        assert isinstance(item, RawDoc), str(item)
        assert (item.doc_id, item.encoding, item.title, item.date, item.url) == want[1:]
        assert item.text.strip() and len(item.sha256) == 64
    else:
        assert isinstance(item, Skipped)
        assert (item.stage, item.reason, item.doc_id) == want[1:]
        assert str(item).startswith(item.source)


def test_doc_ids_are_unique():
    ids = [i.doc_id for i in FIXTURE_ITEMS if isinstance(i, RawDoc)]
    assert len(ids) == len(set(ids))


def test_count_inputs_matches_the_fixtures():
    assert count_inputs([INPUTS]) == len(FIXTURE_ITEMS)


@pytest.mark.parametrize("name", sorted(make_inputs.ENCODED_TEXTS))
def test_encoded_sentence_decodes_to_the_paragraph(name):
    item = _by_key()[(name, None)]
    assert nfc(item.text) == nfc(PARAGRAPH)


@pytest.mark.parametrize("key", [("articles.jsonl", 2), ("articles.jsonl.gz", 1), ("crawl.warc.gz", 6)])
def test_embedded_paragraph_decodes(key):
    assert nfc(_by_key()[key].text) == nfc(PARAGRAPH)


def test_cp1258_keeps_combining_marks_as_decoded():
    text = _by_key()[("sentence-cp1258.txt", None)].text
    assert text != nfc(text)  # offsets point into this text: not normalised by the reader


def test_sha256_is_of_the_decoded_bytes():
    import hashlib

    whole = _by_key()[("sentence-utf16be.txt", None)]
    assert whole.sha256 == hashlib.sha256((INPUTS / "sentence-utf16be.txt").read_bytes()).hexdigest()
    gz = _by_key()[("article-tcvn3.txt.gz", None)]
    assert gz.sha256 == hashlib.sha256(gzip.decompress((INPUTS / "article-tcvn3.txt.gz").read_bytes())).hexdigest()
    line = _by_key()[("articles.jsonl", 1)]
    first = (INPUTS / "articles.jsonl").read_bytes().split(b"\n")[0]
    assert line.sha256 == hashlib.sha256(first).hexdigest()


# --------------------------------------------------------------------------- glibc iconv

def _iconv_has(name: str) -> bool:
    if shutil.which("iconv") is None:
        return False
    done = subprocess.run(["iconv", "-l"], capture_output=True, text=True)
    return name.upper() in done.stdout.upper()


@pytest.mark.skipif(not _iconv_has("TCVN5712-1"), reason="iconv without TCVN5712-1")
def test_tcvn3_fixture_agrees_with_glibc_iconv():
    data = (INPUTS / "sentence-tcvn3.txt").read_bytes()
    glibc = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=data, capture_output=True, check=True).stdout
    assert nfc(_by_key()[("sentence-tcvn3.txt", None)].text) == nfc(glibc.decode("utf-8"))


@pytest.mark.skipif(not _iconv_has("CP1258"), reason="iconv without CP1258")
def test_cp1258_fixture_agrees_with_glibc_iconv():
    data = (INPUTS / "sentence-cp1258.txt").read_bytes()
    glibc = subprocess.run(["iconv", "-f", "CP1258", "-t", "UTF-8"], input=data, capture_output=True, check=True).stdout
    assert nfc(_by_key()[("sentence-cp1258.txt", None)].text) == nfc(glibc.decode("utf-8"))


# --------------------------------------------------------------------------- hostile files

def _one(path: Path, **kw) -> RawDoc | Skipped:
    items = list(iter_inputs([path], **kw))
    assert len(items) == 1, items
    return items[0]


HOSTILE_TEXTS = [
    # (bytes, expected encoding or ("skip", stage, reason start)), grouped: seen in archives / bug caught
    pytest.param("Góp 4,2 tỷ đồng".encode()[:-1], "utf-8", id="utf8-truncated-mid-character"),
    pytest.param((PARAGRAPH + "\0\0" + PARAGRAPH).encode(), "utf-8", id="utf8-with-a-few-NULs"),
    pytest.param(codecs.BOM_UTF16_LE + "Hàm Liêm".encode("utf-16-le") + b"\x00", "utf-16-le", id="utf16-odd-length"),
    pytest.param("Xã Hàm Liêm góp quỹ vì người nghèo".encode("utf-16-le"), "utf-16-le", id="utf16le-no-bom"),
    pytest.param(encode_legacy("Ủy ban MTTQ xã Hàm Liêm vận động nhân dân hiến đất", "vni"), "vni", id="vni"),
    pytest.param(codecs.BOM_UTF8, ("skip", "decode", "empty input"), id="only-a-bom"),
    pytest.param(b"\0" * 300 + b"abc", ("skip", "decode", "binary data"), id="nul-bytes"),
    pytest.param(b"   \n\t \n", ("skip", "read", "no text: blank"), id="blank"),
]


@pytest.mark.parametrize("data, expected", HOSTILE_TEXTS)
def test_hostile_text_file(tmp_path, data, expected):
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    item = _one(path)
    if isinstance(expected, tuple):
        assert isinstance(item, Skipped) and item.stage == expected[1] and item.reason.startswith(expected[2])
    else:
        assert isinstance(item, RawDoc) and item.encoding == expected, item
        assert "\ufffd" not in item.text


def test_missing_path_broken_link_and_duplicates(tmp_path):
    (tmp_path / "a.txt").write_text("Góp 4,2 tỷ đồng.", encoding="utf-8")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop").symlink_to(tmp_path)  # a folder loop: walked once
    items = list(iter_inputs([tmp_path / "a.txt", tmp_path, tmp_path / "missing.txt"]))
    got = [(Path(i.source).name, type(i).__name__, getattr(i, "reason", None)) for i in items]
    assert got == [
        ("a.txt", "RawDoc", None),
        ("a.txt", "Skipped", f"same file as {tmp_path / 'a.txt'}, already read"),
        ("dangling.txt", "Skipped", "broken symbolic link"),
        ("missing.txt", "Skipped", "no such file or directory"),
    ]


def test_too_large_file_and_jsonl_line(tmp_path):
    (tmp_path / "big.txt").write_bytes(b"x" * 101)
    lines = [json.dumps({"id": "a", "text": "ngắn"}), json.dumps({"id": "b", "text": "y" * 200}), json.dumps({"id": "c", "text": "sau"})]
    (tmp_path / "d.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_inputs([tmp_path], max_doc_bytes=100))
    got = [(Path(i.source).name, i.line, i.doc_id if isinstance(i, RawDoc) else i.reason) for i in items]
    assert got == [
        ("big.txt", None, "larger than 100 bytes (max_doc_bytes)"),
        ("d.jsonl", 1, "a"),
        ("d.jsonl", 2, "line longer than 100 bytes (max_doc_bytes)"),
        ("d.jsonl", 3, "c"),  # the rest of the file goes on
    ]


def test_truncated_gzip(tmp_path):
    whole = make_inputs.gz("\n".join(json.dumps({"id": f"t{i}", "text": PARAGRAPH * 20}, ensure_ascii=False)
                                     for i in range(50)).encode("utf-8"))
    (tmp_path / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "cut.txt.gz").write_bytes(make_inputs.gz(PARAGRAPH.encode() * 50)[:40])
    items = list(iter_inputs([tmp_path]))
    docs = [i for i in items if isinstance(i, RawDoc)]
    skips = [i for i in items if isinstance(i, Skipped)]
    assert docs and all(d.doc_id.startswith("t") for d in docs)  # lines before the cut are read
    # one stem, two files: the plain text comes first (see readers._in_order)
    assert [(Path(s.source).name, s.stage) for s in skips] == [("cut.txt.gz", "read"), ("cut.jsonl.gz", "read")]
    assert skips[1].line == len(docs) + 1 and skips[1].reason.endswith("rest of file not read")
    assert all(s.reason.startswith("corrupt gzip data") for s in skips)


def test_plain_text_keeps_the_bare_id_beside_its_html_rendering(tmp_path):
    (tmp_path / "a.html").write_text("<html><body><p>" + PARAGRAPH + "</p></body></html>", encoding="utf-8")
    (tmp_path / "a.txt").write_text(PARAGRAPH, encoding="utf-8")
    (tmp_path / "SOURCES.tsv").write_text("slug\tpath\na\tcontent/a.md\n", encoding="utf-8")
    items = list(iter_inputs([tmp_path]))
    assert [(Path(i.source).name, i.doc_id) for i in items] == [("a.txt", "a"), ("a.html", "a~2")]  # SOURCES.tsv: provenance, not an input


def test_a_sidecar_named_explicitly_is_still_reported(tmp_path):
    (tmp_path / "SOURCES.tsv").write_text("slug\n", encoding="utf-8")
    [item] = list(iter_inputs([tmp_path / "SOURCES.tsv"]))
    assert isinstance(item, Skipped) and "unsupported file type" in item.reason


def test_not_gzip_at_all(tmp_path):
    (tmp_path / "fake.txt.gz").write_bytes(PARAGRAPH.encode())
    item = _one(tmp_path / "fake.txt.gz")
    assert isinstance(item, Skipped) and item.stage == "read" and item.reason.startswith("corrupt gzip data")


# --------------------------------------------------------------------------- JSONL

def test_jsonl_field_configuration(tmp_path):
    rows = [
        {"body": "Góp 4,2 tỷ đồng.", "meta": {"key": "k-1", "title": "Tiêu đề"}, "published": 1546300800, "link": "https://x.vn/1"},
        {"body": "Làm 16.935m đường.", "meta": {"key": 7}, "published": "2019-01-15T00:00:00Z"},
        {"text": "no body field", "meta": {"key": "k-3"}},
        {"html": "<html><body><article><p>" + PARAGRAPH + "</p></article></body></html>", "meta": {"key": "k-4"}},
        {"meta.key": "flat", "body": "Tên có dấu chấm."},  # a literal dotted name wins
    ]
    path = tmp_path / "custom.ndjson"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\r\n" for r in rows), encoding="utf-8")
    fields = JsonlFields(text="body", id="meta.key", title="meta.title", date="published", url="link", html=None)
    got = [(i.line, i.doc_id, getattr(i, "title", None), getattr(i, "date", None), getattr(i, "url", None),
            getattr(i, "text", getattr(i, "reason", None))) for i in iter_inputs([path], jsonl_fields=fields)]
    assert got == [
        (1, "k-1", "Tiêu đề", "2019-01-01", "https://x.vn/1", "Góp 4,2 tỷ đồng."),  # epoch seconds, Vietnam time
        (2, "7", None, "2019-01-15", None, "Làm 16.935m đường."),
        (3, "k-3", None, None, None, "no 'body' field"),
        (4, "k-4", None, None, None, "no 'body' field"),  # html=None: no HTML fallback
        (5, "flat", None, None, None, "Tên có dấu chấm."),
    ]


def test_jsonl_bom_legacy_line_and_blank_lines(tmp_path):
    lines = [codecs.BOM_UTF8 + json.dumps({"id": "a", "text": "Góp quỹ"}, ensure_ascii=False).encode(),
             b"",
             b"   ",
             encode_legacy(json.dumps({"id": "b", "text": "Xã Hàm Liêm vận động nhân dân hiến đất làm đường"},
                                      ensure_ascii=False), "tcvn3")]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(lines))  # no final newline
    items = list(iter_inputs([path]))
    assert [(i.line, i.doc_id, i.encoding) for i in items] == [(1, "a", "utf-8"), (4, "b", "tcvn3")]
    assert nfc(items[1].text) == nfc("Xã Hàm Liêm vận động nhân dân hiến đất làm đường")


def test_jsonl_is_streamed(tmp_path):
    """Reading a JSONL file holds one line at a time, not the file."""
    line = json.dumps({"text": PARAGRAPH * 4}, ensure_ascii=False) + "\n"
    path = tmp_path / "many.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for _ in range(6000):
            fh.write(line)
    size = path.stat().st_size
    assert size > 5_000_000
    tracemalloc.start()
    try:
        n = 0
        for item in iter_inputs([path]):
            n += isinstance(item, RawDoc)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n == 6000
    assert peak < size / 5, f"peak {peak} bytes for a {size}-byte file"


# --------------------------------------------------------------------------- WARC

def test_truncated_warc_keeps_the_records_before_the_cut(tmp_path):
    data = (INPUTS / "crawl.warc.gz").read_bytes()
    # warcio writes one gzip member per record; cut inside the last one
    (tmp_path / "cut.warc.gz").write_bytes(data[:-40])
    items = list(iter_inputs([tmp_path / "cut.warc.gz"]))
    assert [(i.line, type(i).__name__) for i in items][:3] == [(3, "RawDoc"), (4, "Skipped"), (5, "Skipped")]
    last = items[-1]
    assert isinstance(last, Skipped) and last.line == 6 and last.doc_id == URN.format(6)
    assert last.reason == "truncated WARC record for https://kinhmon.example.vn/tin/2.txt: 42 of its bytes missing"


def test_plain_warc_and_resource_record(tmp_path):
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    rec = writer.create_warc_record("file:///bai.txt", "resource", payload=io.BytesIO(PARAGRAPH.encode("utf-16")),
                                    warc_content_type="text/plain; charset=utf-16")
    writer.write_record(rec)
    (tmp_path / "plain.warc").write_bytes(buf.getvalue())
    item = _one(tmp_path / "plain.warc")
    assert isinstance(item, RawDoc), item
    assert item.line == 1 and item.url == "file:///bai.txt" and item.encoding.startswith("utf-16")
    assert item.doc_id == rec.rec_headers.get_header("WARC-Record-ID").strip("<>")
    assert nfc(item.text) == nfc(PARAGRAPH)


def test_unreadable_folder_is_skipped(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads every folder")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        item = _one(locked)
        assert isinstance(item, Skipped) and item.reason.startswith("cannot list folder")
    finally:
        locked.chmod(0o755)
