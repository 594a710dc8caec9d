"""Raw bytes -> text, with the encoding recorded (SPEC §2 "decode").

Encodings: UTF-8 (with or without BOM), UTF-16 (with a BOM, or without one when the
NUL bytes show it), Windows-1258 (Python's ``cp1258``: tone marks come out as
*combining* characters and are kept — normalisation happens later) and the legacy
Vietnamese 8-bit encodings TCVN3 (ABC) and VNI-Windows, whose byte tables live in
``extract/data/vi/encodings/`` (``tcvn3.tsv``, ``vni.tsv``; their headers say where each
byte comes from and how TCVN3 differs from glibc's ``TCVN5712-1``).

The decoded text is returned exactly as decoded — not NFC-normalised — because every
offset downstream points into it. Only a byte-order mark is removed.

Detection, in order:

1. A byte-order mark decides (UTF-8 -> ``utf-8-sig``, UTF-16 -> ``utf-16-le``/``-be``).
2. A ``declared`` encoding (HTTP header, ``<meta charset>``, WARC header, a CLI flag) is
   used when its name is known and the bytes decode strictly with it — except that bytes
   which are valid UTF-8 and read as Vietnamese in UTF-8 (at least 20 accented syllables,
   and better than in the declared encoding) are UTF-8 whatever a legacy declaration
   says: such pages are mis-declared, as real legacy text does not form valid multi-byte
   UTF-8. Unknown names (``iso-8859-1`` ...) are ignored.
3. NUL bytes in the pattern of UTF-16 (one byte of most code units is 0, always at odd
   or always at even offsets) -> ``utf-16-le`` / ``utf-16-be``.
4. Binary data -> :class:`DecodeError` ("binary data: 37% control bytes"): in the first
   32 KiB, more than 10% control bytes, or NUL bytes (over 1%) without a UTF-16 pattern.
   A few stray NULs in otherwise valid UTF-8 are kept.
5. Valid strict UTF-8 -> ``utf-8``: one ``bytes.decode`` plus the count of control bytes
   in the first 32 KiB, so the common path costs next to nothing. **Truncated UTF-8** —
   the last multi-byte character cut off, as in exports cut at a byte limit — decodes
   with that character dropped and is still ``utf-8`` (only when the rest contains some
   multi-byte character, so a legacy file with a single high byte at its end is not
   mistaken for UTF-8). A UTF-16 input cut at an odd byte is treated the same way.
6. Otherwise each of cp1258, tcvn3, vni and lenient UTF-8 (invalid bytes -> U+FFFD) decodes
   the first 32 KiB and is scored by Vietnamese-likeness: the share of accented words
   that are well-formed Vietnamese syllables (onset + rhyme from
   ``syllables.yaml``, shared with the normaliser, at most one tone mark), with mojibake symbols, stray
   combining marks, C1 controls and U+FFFD counted against it. The best wins (ties:
   cp1258, tcvn3, vni, utf-8). If even the best has under 20% Vietnamese syllables among
   at least 20 accented words, the bytes are not Vietnamese text in any supported
   encoding -> :class:`DecodeError`. So mostly-UTF-8 bytes with a few invalid bytes come
   out as ``utf-8`` with U+FFFD, and Latin-1 French does not pass for Vietnamese.

Empty input (or only a BOM) -> ``DecodeError("empty input")``.

Not handled: UTF-32; VN1 text that really uses the upper-case letters at 0x80-0x9F (read
as Windows-1252 punctuation, as the ABC fonts show them); TCVN3 typed in the ABC
capital fonts (.VnTimeH), whose upper-case letters are stored as lower-case bytes — the
bytes say "ĐảNG" and so does the decoded text; double-encoded UTF-8 ("NhÃ¬n"), which
is valid UTF-8 and left to normalisation.

:func:`encode_legacy` is the inverse for tcvn3 / vni / cp1258 (tests, fixtures):
``NFC(decode_bytes(encode_legacy(t, e), declared=e).text) == NFC(t)``.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from .errors import DecodeError
from .normalise import is_syllable
from .resources import tsv

__all__ = ["Decoded", "decode_bytes", "encode_legacy", "ENCODINGS", "LEGACY_ENCODINGS"]

#: Every value :attr:`Decoded.encoding` can take.
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "cp1258", "tcvn3", "vni")
#: The 8-bit encodings :func:`encode_legacy` writes.
LEGACY_ENCODINGS = ("cp1258", "tcvn3", "vni")


@dataclass(frozen=True)
class Decoded:
    """Text exactly as decoded (BOM removed, not normalised) and the encoding used."""

    text: str
    encoding: str


# --------------------------------------------------------------------------- limits

_SAMPLE_BYTES = 32 * 1024  # what detection looks at; the whole input is decoded
_BINARY_CONTROL_SHARE = 0.10
_BINARY_NUL_SHARE = 0.01
_MIN_EVIDENCE = 20  # accented words needed before "not Vietnamese text" is concluded
_MIN_SYLLABLE_SHARE = 0.20

# Control bytes that do not occur in text (tab, LF, VT, FF, CR do).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL_BYTES)

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)

_ALIASES = {
    **dict.fromkeys(("utf-8", "utf8", "utf-8-sig", "unicode-1-1-utf-8", "ascii", "us-ascii"), "utf-8"),
    **dict.fromkeys(("utf-16", "utf16", "ucs-2", "unicode"), "utf-16"),
    **dict.fromkeys(("utf-16le", "utf-16-le", "utf16le"), "utf-16-le"),
    **dict.fromkeys(("utf-16be", "utf-16-be", "utf16be"), "utf-16-be"),
    **dict.fromkeys(("cp1258", "windows-1258", "x-cp1258", "win-1258", "win1258"), "cp1258"),
    **dict.fromkeys(
        ("tcvn3", "tcvn", "tcvn-3", "tcvn5712", "tcvn-5712", "tcvn5712-1", "tcvn5712-1:1993",
         "tcvn5712-3", "vn3", "abc", "vscii", "x-viet-tcvn5712", "x-viet-tcvn3"),
        "tcvn3",
    ),
    **dict.fromkeys(("vni", "vni-windows", "x-viet-vni"), "vni"),
}

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền sắc ngã hỏi nặng


# --------------------------------------------------------------------------- public API

def decode_bytes(data: bytes, *, source: str = "<bytes>", declared: str | None = None) -> Decoded:
    """Decode ``data``, detecting the encoding (module docstring has the rules).

    ``source`` names the input in error messages; ``declared`` is an encoding name the
    container claims (trusted when known and consistent with the bytes).
    Raises :class:`~extract.errors.DecodeError` for empty, binary or non-text input.
    """
    if not data:
        raise DecodeError("empty input", source=source)

    for bom, name, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            text = _decode_unicode(body, codec)
            if text is None:  # the BOM is strong evidence: keep its encoding
                if codec != "utf-8" and len(body) % 2:
                    body = body[:-1]
                text = body.decode(codec, "replace")
            if not text:
                raise DecodeError("empty input (only a byte-order mark)", source=source)
            return Decoded(text, name)

    if declared:
        got = _decode_declared(data, _canonical(declared), source)
        if got is not None:
            return got

    text = _decode_unicode(data, "utf-8")
    sample = data[:_SAMPLE_BYTES]
    if b"\0" in data:
        order = _utf16_order(sample)
        if order is not None:
            utf16 = _decode_unicode(data, order)
            if utf16:
                return Decoded(utf16, order)
    _check_not_binary(sample, source)
    if text is not None:
        return Decoded(text, "utf-8")
    return _detect_legacy(data, sample, source)


def encode_legacy(text: str, encoding: str) -> bytes:
    """Encode ``text`` (NFC-normalised first) as ``tcvn3``, ``vni`` or ``cp1258``.

    The inverse of :func:`decode_bytes` up to NFC. Upper-case toned letters, which TCVN3
    (VN3) lacks, are written as capital + combining mark (0xB0-0xB4); cp1258 writes a
    letter it has no precomposed byte for as base letter + combining tone mark, as
    Windows does. Raises :class:`UnicodeEncodeError` for a character the encoding cannot
    hold.
    """
    name = _canonical(encoding)
    nfc = unicodedata.normalize("NFC", text)
    if name == "cp1258":
        return b"".join(_encode_cp1258_char(nfc, i) for i in range(len(nfc)))
    if name == "tcvn3":
        table = _tables().tcvn3_encode
    elif name == "vni":
        table = _tables().vni_encode
    else:
        raise ValueError(f"encode_legacy writes {', '.join(LEGACY_ENCODINGS)}; not {encoding!r}")
    out = bytearray()
    for i, ch in enumerate(nfc):
        seq = table.get(ch)
        if seq is None and name == "tcvn3":
            seq = _split_tone(ch, table)
        if seq is None:
            raise UnicodeEncodeError(name, nfc, i, i + 1, f"{ch!r} has no {name} byte")
        out += seq
    return bytes(out)


# --------------------------------------------------------------------------- Unicode paths

def _decode_unicode(data: bytes, codec: str) -> str | None:
    """Strict decode; a last character cut off mid-sequence is dropped. None if invalid."""
    if codec != "utf-8" and len(data) % 2:
        data = data[:-1]
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        if exc.reason != "unexpected end of data" or exc.end != len(data):
            return None
        head = data[: exc.start]
        if codec == "utf-8" and head.isascii():
            return None  # one high byte at the end of ASCII: not evidence of UTF-8
        return head.decode(codec)


def _utf16_order(sample: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when NULs sit at one parity of most code units."""
    units = len(sample) // 2
    if units == 0:
        return None
    even = sample[0 : 2 * units : 2].count(0)
    odd = sample[1 : 2 * units : 2].count(0)
    if odd >= 0.3 * units and even <= 0.05 * units:
        return "utf-16-le"
    if even >= 0.3 * units and odd <= 0.05 * units:
        return "utf-16-be"
    return None


def _check_not_binary(sample: bytes, source: str) -> None:
    control = len(sample.translate(None, _NOT_CONTROL))  # deletes all but control bytes
    nul = sample.count(0)
    if control > _BINARY_CONTROL_SHARE * len(sample) or nul > _BINARY_NUL_SHARE * len(sample):
        share = round(100 * control / len(sample))
        why = f"binary data: {share}% control bytes"
        if nul:
            why += f" ({nul} NUL bytes without a UTF-16 pattern)"
        raise DecodeError(why, source=source)


def _canonical(name: str) -> str | None:
    key = name.strip().strip("'\"").lower().replace("_", "-")
    return _ALIASES.get(key)


def _decode_declared(data: bytes, name: str | None, source: str) -> Decoded | None:
    if name is None:
        return None
    if name in ("utf-8", "utf-16", "utf-16-le", "utf-16-be"):
        if name == "utf-16":
            name = _utf16_order(data[:_SAMPLE_BYTES]) or "utf-16-le"
        elif name == "utf-8":
            if b"\0" in data:
                return None  # maybe UTF-16 or binary: let detection look
            _check_not_binary(data[:_SAMPLE_BYTES], source)
        text = _decode_unicode(data, name)
        return Decoded(text, name) if text else None
    sample = data[:_SAMPLE_BYTES]
    _check_not_binary(sample, source)
    try:
        text = _decode_legacy(data, name)
    except UnicodeDecodeError:
        return None
    if not data.isascii() and _decode_unicode(data, "utf-8") is not None:
        as_utf8, as_declared = _evidence(sample.decode("utf-8", "replace")), _evidence(_decode_legacy(sample, name))
        if as_utf8[0] >= _MIN_EVIDENCE and _score(*as_utf8) > _score(*as_declared):
            return None  # a UTF-8 page mis-declared: detection reads it as UTF-8
    return Decoded(text, name)


# --------------------------------------------------------------------------- legacy tables

@dataclass(frozen=True)
class _Tables:
    tcvn3_decode: str  # 256 characters, for codecs.charmap_decode
    tcvn3_encode: dict[str, bytes]
    vni_decode: dict[str, str]  # latin-1 view of a byte sequence -> letter
    vni_pattern: re.Pattern[str]
    vni_encode: dict[str, bytes]
    c1_to_cp1252: dict[int, str]  # U+0080..U+009F (a raw byte) -> its Windows-1252 character


def _codepoint(cell: str) -> str:
    return chr(int(cell.removeprefix("U+"), 16))


@cache
def _tables() -> _Tables:
    c1 = {}
    for b in range(0x80, 0xA0):
        try:
            c1[b] = bytes([b]).decode("cp1252")
        except UnicodeDecodeError:
            pass  # undefined: stays a C1 control, counted as garbage

    decode = [chr(b) for b in range(256)]
    tcvn3_encode = {chr(b): bytes([b]) for b in range(0x80)}
    for row in tsv("encodings/tcvn3.tsv"):
        b, ch = int(row["byte"], 16), _codepoint(row["unicode"])
        decode[b] = ch
        if b < 0x80:
            del tcvn3_encode[chr(b)]  # a VN1 capital in C0: never written
        if row["set"] in ("vn3", "cp1252") or unicodedata.combining(ch):
            tcvn3_encode[ch] = bytes([b])

    vni_decode: dict[str, str] = {}
    vni_encode = {chr(b): bytes([b]) for b in range(0x80)}
    letter_bytes: set[int] = set()
    for row in tsv("encodings/vni.tsv"):
        seq = bytes.fromhex(row["bytes"])
        ch = _codepoint(row["unicode"])
        vni_decode[seq.decode("latin-1")] = ch
        vni_encode[ch] = seq
        letter_bytes.update(b for b in seq if b >= 0x80)
    for key, ch in list(vni_decode.items()):
        if len(key) == 2:  # tolerate a mark byte of the other case: Aù, aÙ
            vni_decode.setdefault(key[0] + key[1].swapcase(), ch)
    for b in range(0x80, 0x100):  # the rest of Windows-1252
        ch = c1.get(b) if b < 0xA0 else chr(b)
        if b not in letter_bytes and ch is not None:
            vni_encode.setdefault(ch, bytes([b]))
    keys = sorted(vni_decode, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(k) for k in keys))
    return _Tables("".join(decode), tcvn3_encode, vni_decode, pattern, vni_encode, c1)


def _decode_legacy(data: bytes, name: str) -> str:
    if name == "cp1258":
        return data.decode("cp1258")
    t = _tables()
    if name == "tcvn3":
        return codecs.charmap_decode(data, "strict", t.tcvn3_decode)[0]
    if name == "vni":
        text = t.vni_pattern.sub(lambda m: t.vni_decode[m.group()], data.decode("latin-1"))
        return text.translate(t.c1_to_cp1252)
    raise ValueError(f"not a legacy encoding: {name!r}")


def _split_tone(ch: str, table: dict[str, bytes]) -> bytes | None:
    """Base letter + combining tone mark, when the letter itself has no byte."""
    nfd = unicodedata.normalize("NFD", ch)
    tones = [c for c in nfd if c in _TONE_MARKS]
    if len(tones) != 1:
        return None
    base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONE_MARKS))
    if base in table and tones[0] in table:
        return table[base] + table[tones[0]]
    return None


def _encode_cp1258_char(text: str, i: int) -> bytes:
    ch = text[i]
    try:
        return ch.encode("cp1258")
    except UnicodeEncodeError:
        pass
    nfd = unicodedata.normalize("NFD", ch)
    tones = [c for c in nfd if c in _TONE_MARKS]
    base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONE_MARKS))
    if len(tones) == 1 and base:
        try:
            return base.encode("cp1258") + tones[0].encode("cp1258")
        except UnicodeEncodeError:
            pass
    raise UnicodeEncodeError("cp1258", text, i, i + 1, f"{ch!r} has no cp1258 bytes")


# --------------------------------------------------------------------------- detection

_TOKEN = re.compile(r"[^\W\d_]+")
# Mojibake tell-tales: C1 controls, Latin-1 symbols (TCVN3 letters read as cp1258),
# combining marks left over after NFC (tone bytes on consonants), U+FFFD.
_GARBAGE = re.compile("[\u0080-\u009f\u00a1-\u00bf\u00d7\u00f7\u0300-\u036f\ufffd]")
_CANDIDATES = ("cp1258", "tcvn3", "vni", "utf-8")  # order breaks ties


@lru_cache(maxsize=65536)
def _is_syllable(token: str) -> bool:
    """A well-formed Vietnamese syllable with at most one tone mark (mojibake has several)."""
    if sum(c in _TONE_MARKS for c in unicodedata.normalize("NFD", token.lower())) > 1:
        return False
    return is_syllable(token)


def _evidence(text: str) -> tuple[int, int]:
    """(accented words that are Vietnamese syllables, other accented words + garbage)."""
    text = unicodedata.normalize("NFC", text)
    good = bad = 0
    for token in _TOKEN.findall(text):
        if token.isascii():
            continue  # reads the same in every candidate: no evidence
        if _is_syllable(token):
            good += 1
        else:
            bad += 1
    return good, bad + len(_GARBAGE.findall(text))


def _score(good: int, bad: int) -> float:
    return (good + 1) / (good + bad + 2)  # no evidence either way: 0.5


def _detect_legacy(data: bytes, sample: bytes, source: str) -> Decoded:
    best: tuple[float, str, int, int] | None = None
    for name in _CANDIDATES:
        try:
            text = sample.decode("utf-8", "replace") if name == "utf-8" else _decode_legacy(sample, name)
        except UnicodeDecodeError:
            continue  # cp1258 has undefined bytes
        good, bad = _evidence(text)
        score = _score(good, bad)
        if best is None or score > best[0]:
            best = (score, name, good, bad)
    assert best is not None  # tcvn3 and vni decode any bytes
    _, name, good, bad = best
    if good + bad >= _MIN_EVIDENCE and good < _MIN_SYLLABLE_SHARE * (good + bad):
        share = round(100 * good / (good + bad))
        raise DecodeError(
            "not text in utf-8, utf-16, cp1258, tcvn3 or vni: the best reading "
            f"({name}) has {share}% Vietnamese syllables among {good + bad} accented words and symbols",
            source=source,
        )
    if name == "utf-8":
        return Decoded(data.decode("utf-8", "replace"), "utf-8")
    try:
        return Decoded(_decode_legacy(data, name), name)
    except UnicodeDecodeError:  # an undefined cp1258 byte after the sample
        return Decoded(data.decode(name, "replace"), name)
