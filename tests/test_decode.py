"""extract.decode: bytes in every supported encoding -> text (SPEC §2 decode)."""
from __future__ import annotations

import codecs
import random
import shutil
import subprocess
import unicodedata
from itertools import product
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import extract.decode as decode_module
from extract.decode import ENCODINGS, LEGACY_ENCODINGS, Decoded, decode_bytes, encode_legacy
from extract.errors import DecodeError, InputError
from extract.resources import tsv, yaml_table

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "seeds"
CORPUS_FILES = sorted(CORPUS.glob("*.txt"))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def corpus_text(path: Path) -> str:
    # TCVN3 has no « » (0xAB is ô); an ABC-era original would have used “ ”
    return path.read_text(encoding="utf-8").replace("«", "“").replace("»", "”")


#: Every Vietnamese letter with a diacritic (67 lower-case, 67 upper-case).
TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
LOWER_LETTERS = sorted(
    {nfc(v + t) for v, t in product("aăâeêioôơuưy", TONES)} - set("aeiouy") | {"đ"}
)
VIETNAMESE_LETTERS = LOWER_LETTERS + [c.upper() for c in LOWER_LETTERS]

# --------------------------------------------------------------------------- cases

SENTENCES = {  # seen in the corpus, or written to hit every letter shape
    "gop-quy": "Góp Quỹ vì người nghèo hơn 4,2 tỷ đồng, xây mới 234 căn nhà tình thương",
    "ham-liem": "Ủy ban MTTQ xã Hàm Liêm vận động nhân dân làm mới 16.935m đường giao thông nông thôn",
    "dan-van-kheo": "Hàm Thuận Bắc tổng kết phong trào thi đua “Dân vận khéo” giai đoạn 2016-2020",
    "upper-case-title": "ĐẢNG BỘ THỊ TRẤN PHAN RÍ CỬA TỔNG KẾT 5 NĂM THỰC HIỆN CHỈ THỊ 23-CT/TU",
    "hard-rhymes": "Nguyễn Thị Hường khuyến khích quyết định thuở khuya giữa người ngoằn ngoèo huỵch toẹt",
    "ha-noi": "Hà Nội",
    "one-word": "Việt",
}

LEGACY_CASES = [
    pytest.param(enc, text, id=f"{enc}-{name}") for enc in LEGACY_ENCODINGS for name, text in SENTENCES.items()
] + [
    pytest.param(enc, corpus_text(path), id=f"{enc}-corpus-{path.name[:3]}")
    for enc in LEGACY_ENCODINGS
    for path in CORPUS_FILES
]


@pytest.mark.parametrize(("encoding", "text"), LEGACY_CASES)
def test_legacy_encoding_is_detected_and_round_trips(encoding: str, text: str) -> None:
    data = encode_legacy(text, encoding)
    got = decode_bytes(data, source="case")
    assert got.encoding == encoding
    assert nfc(got.text) == nfc(text)


@pytest.mark.parametrize(("encoding", "text"), LEGACY_CASES)
def test_declared_legacy_encoding_round_trips(encoding: str, text: str) -> None:
    got = decode_bytes(encode_legacy(text, encoding), declared=encoding)
    assert got == Decoded(got.text, encoding)
    assert nfc(got.text) == nfc(text)


GOP_QUY = SENTENCES["gop-quy"]

UNICODE_CASES = [  # (bytes, encoding, text): the text must come back exactly
    pytest.param(GOP_QUY.encode("utf-8"), "utf-8", GOP_QUY, id="utf-8"),
    pytest.param(codecs.BOM_UTF8 + GOP_QUY.encode("utf-8"), "utf-8-sig", GOP_QUY, id="utf-8-bom"),
    pytest.param(codecs.BOM_UTF16_LE + GOP_QUY.encode("utf-16-le"), "utf-16-le", GOP_QUY, id="utf-16-le-bom"),
    pytest.param(codecs.BOM_UTF16_BE + GOP_QUY.encode("utf-16-be"), "utf-16-be", GOP_QUY, id="utf-16-be-bom"),
    pytest.param(GOP_QUY.encode("utf-16-le"), "utf-16-le", GOP_QUY, id="utf-16-le-no-bom"),
    pytest.param(GOP_QUY.encode("utf-16-be"), "utf-16-be", GOP_QUY, id="utf-16-be-no-bom"),
    pytest.param("Hà Nội".encode("utf-16-le"), "utf-16-le", "Hà Nội", id="utf-16-le-no-bom-short"),
    pytest.param(GOP_QUY.encode("utf-16-le") + b"\x00", "utf-16-le", GOP_QUY, id="utf-16-odd-byte-dropped"),
    pytest.param(b"plain ASCII, 21/21 khu pho", "utf-8", "plain ASCII, 21/21 khu pho", id="ascii-is-utf-8"),
    pytest.param((GOP_QUY * 5).encode() + b"\x00tail", "utf-8", GOP_QUY * 5 + "\x00tail", id="utf-8-stray-nul-kept"),
    pytest.param(
        unicodedata.normalize("NFD", GOP_QUY).encode(), "utf-8", unicodedata.normalize("NFD", GOP_QUY),
        id="utf-8-nfd-not-normalised",
    ),
    pytest.param(
        "\ufeffGóp".encode("utf-8") + b"\n", "utf-8-sig", "Góp\n", id="utf-8-bom-removed-only-once",
    ),
] + [
    pytest.param(corpus_text(p).encode("utf-16-le"), "utf-16-le", corpus_text(p), id=f"utf-16-le-corpus-{p.name[:3]}")
    for p in CORPUS_FILES
]


@pytest.mark.parametrize(("data", "encoding", "text"), UNICODE_CASES)
def test_unicode_encodings(data: bytes, encoding: str, text: str) -> None:
    assert decode_bytes(data) == Decoded(text, encoding)


def test_cp1258_keeps_combining_tone_marks() -> None:
    got = decode_bytes(encode_legacy(GOP_QUY, "cp1258"))
    assert got.encoding == "cp1258"
    assert "\u0303" in got.text and "\u0300" in got.text  # Quỹ, vì: tone as a separate mark
    assert got.text != nfc(got.text)
    assert len(got.text) > len(GOP_QUY)  # offsets point into this longer text
    assert nfc(got.text) == GOP_QUY


def test_cp1258_bytes_as_windows_writes_them() -> None:
    # precomposed where cp1258 has the letter (è), base + combining tone otherwise (ệ, ờ)
    data = b"Vi\xea\xf2t Nam: ng\xfd\xf5\xcci ngh\xe8o \xf0\xe3 c\xf3 nh\xe0 \xf5\xde"
    got = decode_bytes(data)
    assert got.encoding == "cp1258"
    assert got.text == "Vi\u00ea\u0323t Nam: ng\u01b0\u01a1\u0300i ngh\u00e8o \u0111\u0103 c\u00f3 nh\u00e0 \u01a1\u0303"
    assert nfc(got.text) == "Việt Nam: người nghèo đă có nhà ỡ"


# --------------------------------------------------------------------------- truncation

@pytest.mark.parametrize("cut", [1, 2], ids=["cut-1-byte", "cut-2-bytes"])
def test_truncated_utf8_drops_the_cut_character(cut: int) -> None:
    text = "Góp Quỹ vì người nghèo: xây mới 234 căn nhà tình thương"  # ends in ơ + ng; add ợ
    data = (text + "ợ").encode("utf-8")  # ợ is 3 bytes
    got = decode_bytes(data[:-cut])
    assert got == Decoded(text, "utf-8")


def test_truncated_utf8_with_bom() -> None:
    data = codecs.BOM_UTF8 + "Hàm Liêm đạ".encode()[:-1]
    assert decode_bytes(data) == Decoded("Hàm Liêm đ", "utf-8-sig")


def test_one_high_byte_after_ascii_is_not_taken_for_truncated_utf8() -> None:
    # "... ha" + cp1258 combining grave at the very end: not evidence of UTF-8
    got = decode_bytes(b"Ha Noi, nam 2019, thanh pho ha\xcc")
    assert got.encoding != "utf-8"


def test_invalid_bytes_inside_utf8_become_replacement_characters() -> None:
    good = corpus_text(CORPUS_FILES[0]).encode("utf-8")
    data = good[:200] + b"\xff\xfe" + good[200:]
    got = decode_bytes(data)
    assert got.encoding == "utf-8"
    assert got.text.count("\ufffd") == 2
    assert got.text.replace("\ufffd", "") == good.decode()


# --------------------------------------------------------------------------- not text

def _random_bytes(seed: int, n: int, lo: int = 0, hi: int = 256) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(lo, hi) for _ in range(n))


NOT_TEXT = [
    pytest.param(b"", "empty input", id="empty"),
    pytest.param(codecs.BOM_UTF8, "empty input", id="utf-8-bom-only"),
    pytest.param(codecs.BOM_UTF16_LE, "empty input", id="utf-16-bom-only"),
    pytest.param(bytes(4096), "binary data: 100% control bytes", id="all-nul"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "binary data", id="png-header"),
    pytest.param(_random_bytes(1, 4000), "binary data", id="random-bytes"),
    pytest.param(b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04" * 20, "binary data", id="gif"),
    pytest.param(_random_bytes(2, 4000, 0x80), "not text in utf-8, utf-16, cp1258, tcvn3 or vni", id="random-high-bytes"),
    pytest.param(
        ("Le café était très bon, l'été dernier à Paris; les élèves ont créé une société. " * 5).encode("latin-1"),
        "not text in utf-8, utf-16, cp1258, tcvn3 or vni", id="latin-1-french",
    ),
]


@pytest.mark.parametrize(("data", "message"), NOT_TEXT)
def test_not_text_raises_decode_error_naming_source_and_reason(data: bytes, message: str) -> None:
    with pytest.raises(DecodeError) as info:
        decode_bytes(data, source="archive/x.txt")
    assert message in info.value.reason
    assert str(info.value).startswith("archive/x.txt: ")
    assert isinstance(info.value, InputError)
    assert info.value.source == "archive/x.txt"


def test_binary_message_gives_the_share_of_control_bytes() -> None:
    data = b"\x01\x02\x03" * 37 + b"a" * 63  # 111 control bytes of 174
    with pytest.raises(DecodeError, match=r"binary data: 64% control bytes"):
        decode_bytes(data)


def test_cp1252_punctuation_without_letters_is_text() -> None:
    got = decode_bytes("He said “hello” – and left…".encode("cp1252"))
    assert got.text == "He said “hello” – and left…"


# --------------------------------------------------------------------------- declared

TCVN3_GOP_QUY = encode_legacy(GOP_QUY, "tcvn3")
ARTICLE = corpus_text(CORPUS_FILES[0])

DECLARED = [
    pytest.param(encode_legacy(GOP_QUY, "cp1258"), "windows-1258", "cp1258", id="windows-1258-alias"),
    pytest.param(TCVN3_GOP_QUY, "TCVN3", "tcvn3", id="tcvn3-upper-case-name"),
    pytest.param(TCVN3_GOP_QUY, "x_viet_tcvn5712", "tcvn3", id="tcvn-alias-underscores"),
    pytest.param(encode_legacy(GOP_QUY, "vni"), "VNI-Windows", "vni", id="vni-windows-alias"),
    pytest.param(encode_legacy(GOP_QUY, "vni"), "iso-8859-1", "vni", id="unknown-name-ignored"),
    pytest.param(TCVN3_GOP_QUY, "utf-8", "tcvn3", id="wrong-utf-8-declaration-detected"),
    pytest.param(ARTICLE.encode(), "windows-1258", "utf-8", id="utf-8-page-declared-cp1258"),
    pytest.param(codecs.BOM_UTF8 + GOP_QUY.encode(), "tcvn3", "utf-8-sig", id="bom-beats-declaration"),
    pytest.param(GOP_QUY.encode("utf-16-be"), "utf-16", "utf-16-be", id="utf-16-without-bom"),
    pytest.param(b"ASCII only", "tcvn3", "tcvn3", id="ascii-as-declared"),
]


@pytest.mark.parametrize(("data", "declared", "encoding"), DECLARED)
def test_declared_encoding(data: bytes, declared: str, encoding: str) -> None:
    got = decode_bytes(data, declared=declared)
    assert got.encoding == encoding
    assert nfc(got.text) in (GOP_QUY, ARTICLE, "ASCII only")


# --------------------------------------------------------------------------- encode_legacy

@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        pytest.param("Größe", "vni", id="vni-german-o-umlaut"),
        pytest.param("«Dân vận khéo»", "tcvn3", id="tcvn3-guillemets"),
        pytest.param("中文", "cp1258", id="cp1258-chinese"),
        pytest.param("\x01", "tcvn3", id="tcvn3-c0-byte-taken-by-a-capital"),
    ],
)
def test_encode_legacy_rejects_what_the_encoding_cannot_hold(text: str, encoding: str) -> None:
    with pytest.raises(UnicodeEncodeError):
        encode_legacy(text, encoding)


def test_encode_legacy_rejects_unknown_encodings() -> None:
    with pytest.raises(ValueError, match="tcvn3"):
        encode_legacy("Hà Nội", "viscii")


def test_encode_legacy_known_bytes() -> None:
    # spot checks against the published layouts
    assert encode_legacy("người", "vni") == b"ng\xf6\xf4\xf8i"
    assert encode_legacy("Việt", "vni") == b"Vie\xe4t"
    assert encode_legacy("Đặng", "vni") == b"\xd1a\xebng"
    assert encode_legacy("ỵ Ỵ ĩ ị ỉ", "vni") == b"\xee \xce \xf3 \xf2 \xe6"
    assert encode_legacy("người", "tcvn3") == b"ng\xad\xeai"
    assert encode_legacy("Đảng", "tcvn3") == b"\xa7\xb6ng"
    assert encode_legacy("Á", "tcvn3") == b"A\xb3"  # capital + combining acute
    assert encode_legacy("Quỹ", "cp1258") == b"Quy\xde"


# --------------------------------------------------------------------------- data tables

def test_tcvn3_table_integrity() -> None:
    rows = tsv("encodings/tcvn3.tsv")
    codes = [int(r["byte"], 16) for r in rows]
    chars = [chr(int(r["unicode"][2:], 16)) for r in rows]
    assert len(set(codes)) == len(codes) and len(set(chars)) == len(chars)
    assert {r["set"] for r in rows} == {"vn3", "vn1", "cp1252"}
    vn3 = {c for c, r in zip(chars, rows) if r["set"] == "vn3"}
    assert vn3 == set(LOWER_LETTERS) | set("ĂÂÊÔƠƯĐ") | {"\u00a0"}  # the ABC repertoire
    for b, c, r in zip(codes, chars, rows):
        if r["set"] == "cp1252":
            assert 0x80 <= b <= 0x9F and bytes([b]).decode("cp1252") == c
        if r["glyph"] and not r["glyph"].startswith(("(", "\u25cc")):
            assert r["glyph"] == c, r


def test_vni_table_integrity() -> None:
    rows = tsv("encodings/vni.tsv")
    seqs = [bytes.fromhex(r["bytes"]) for r in rows]
    chars = [chr(int(r["unicode"][2:], 16)) for r in rows]
    assert sorted(chars) == sorted(VIETNAMESE_LETTERS)  # each letter exactly once
    assert len(set(seqs)) == len(seqs)
    for seq, c, r in zip(seqs, chars, rows):
        assert 1 <= len(seq) <= 2
        assert seq.decode("cp1252") == r["glyphs"] and r["char"] == c
    # no sequence is a prefix of another one's base: base letters are ASCII or ô ö Ô Ö
    assert all(len(s) == 1 or s[:1].isascii() or s[:1] in (b"\xf4", b"\xf6", b"\xd4", b"\xd6") for s in seqs)


def test_syllable_table_integrity() -> None:
    table = yaml_table("syllables.yaml")  # shared with the normaliser
    onsets = table["onsets"].split()
    rhymes = table["rhymes"].split()
    assert len(set(rhymes)) == len(rhymes) and len(set(onsets)) == len(onsets)
    for item in onsets + rhymes:
        assert item == nfc(item).lower()
        assert not any(c in "\u0300\u0301\u0303\u0309\u0323" for c in unicodedata.normalize("NFD", item))


def test_corpus_words_are_vietnamese_syllables() -> None:
    # the scorer must not penalise real text: > 99% of accented corpus words fit
    for path in CORPUS_FILES:
        good, bad = decode_module._evidence(path.read_text(encoding="utf-8"))
        assert good > 1000 and bad <= 5, path.name


# --------------------------------------------------------------------------- glibc iconv

def _iconv(data: bytes, src: str, dst: str) -> bytes:
    return subprocess.run(["iconv", "-f", src, "-t", dst], input=data, capture_output=True, check=True).stdout


def _iconv_has(name: str) -> bool:
    if shutil.which("iconv") is None:
        return False
    try:
        _iconv(b"a", name, "UTF-8")
    except subprocess.CalledProcessError:
        return False
    return True


needs_tcvn_iconv = pytest.mark.skipif(not _iconv_has("TCVN5712-1"), reason="iconv without TCVN5712-1")
needs_cp1258_iconv = pytest.mark.skipif(not _iconv_has("CP1258"), reason="iconv without CP1258")


@needs_tcvn_iconv
def test_tcvn3_table_matches_glibc_except_the_documented_c1_block() -> None:
    glibc = {b: _iconv(bytes([b]), "TCVN5712-1", "UTF-8").decode() for b in range(0x80, 0x100)}
    rows = {int(r["byte"], 16): r for r in tsv("encodings/tcvn3.tsv")}
    for b, r in rows.items():
        ours = chr(int(r["unicode"][2:], 16))
        if r["set"] == "cp1252":
            assert glibc[b] == r["note"].removeprefix("VN1 (glibc): ") != ours
        else:
            assert _iconv(bytes([b]), "TCVN5712-1", "UTF-8").decode() == ours, hex(b)
    # every byte glibc maps to something printable outside 0x80-0x9F is in our table too
    for b in range(0xA0, 0x100):
        assert b in rows, hex(b)


@needs_tcvn_iconv
def test_tcvn3_decoding_matches_glibc_on_every_printable_byte() -> None:
    data = bytes(range(0x20, 0x7F)) + bytes(range(0xA0, 0x100))
    ours = decode_bytes(data, declared="tcvn3")
    assert ours.encoding == "tcvn3"
    assert ours.text == _iconv(data, "TCVN5712-1", "UTF-8").decode()


@needs_tcvn_iconv
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name[:3])
def test_tcvn3_glibc_reads_our_bytes_and_we_read_glibc_bytes(path: Path) -> None:
    # glibc writes capitals in 0x80-0x9F (VN1) where we read Windows punctuation, so the
    # cross-check runs on lower-case text; ours vs glibc's encoder then agree byte for byte
    text = corpus_text(path).lower().replace("“", '"').replace("”", '"').replace("–", "-").replace("…", "...")
    text = "".join(c for c in text if ord(c) < 0x80 or c in LOWER_LETTERS or c == "\u00a0")
    glibc_bytes = _iconv(text.encode(), "UTF-8", "TCVN5712-1")
    assert encode_legacy(text, "tcvn3") == glibc_bytes
    got = decode_bytes(glibc_bytes)
    assert got == Decoded(text, "tcvn3")
    # and with capitals: glibc reads our capital + combining mark as the capital letter
    mixed = "".join(c for c in corpus_text(path) if c.isascii() or c in VIETNAMESE_LETTERS)
    assert nfc(_iconv(encode_legacy(mixed, "tcvn3"), "TCVN5712-1", "UTF-8").decode()) == nfc(mixed)


@needs_cp1258_iconv
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name[:3])
def test_cp1258_matches_glibc(path: Path) -> None:
    text = corpus_text(path)
    glibc_bytes = _iconv(text.encode(), "UTF-8", "CP1258")
    got = decode_bytes(glibc_bytes)
    assert got.encoding == "cp1258" and nfc(got.text) == nfc(text)
    assert nfc(_iconv(encode_legacy(text, "cp1258"), "CP1258", "UTF-8").decode()) == nfc(text)


# --------------------------------------------------------------------------- fast path

def test_utf8_path_is_a_single_decode(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("detection ran on valid UTF-8")

    monkeypatch.setattr(decode_module, "_detect_legacy", boom)
    monkeypatch.setattr(decode_module, "_evidence", boom)
    big = CORPUS_FILES[0].read_bytes() * 200
    assert decode_bytes(big, declared="utf-8").encoding == "utf-8"
    assert decode_bytes(big).text == big.decode()


# --------------------------------------------------------------------------- properties

LETTERS_AND_PUNCTUATION = "".join(VIETNAMESE_LETTERS) + "abcdeghiklmnopqrstuvxyABCDEGHIKLMNOPQRSTUVXY0123456789 .,;:-/%()\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=LETTERS_AND_PUNCTUATION, min_size=1, max_size=200),
       encoding=st.sampled_from(LEGACY_ENCODINGS))
def test_property_vietnamese_text_round_trips_through_legacy_encodings(text: str, encoding: str) -> None:
    got = decode_bytes(encode_legacy(text, encoding), declared=encoding)
    assert got.encoding == encoding
    assert nfc(got.text) == nfc(text)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(min_size=0, max_size=300))
def test_property_any_bytes_decode_or_raise_decode_error(data: bytes) -> None:
    try:
        got = decode_bytes(data)
    except DecodeError as exc:
        assert exc.reason
    else:
        assert got.encoding in ENCODINGS and got.text


@settings(max_examples=200, deadline=None)
@given(text=st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t\r"), min_size=1)
       .filter(lambda t: not t.startswith("\ufeff")))
def test_property_utf8_text_comes_back_exactly(text: str) -> None:
    assert decode_bytes(text.encode("utf-8")) == Decoded(text, "utf-8")
