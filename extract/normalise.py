"""Normalise decoded text without losing the way back.

Passes, each a list of edits over the previous pass (see :mod:`extract.offsets`):

1. characters: zero-width characters dropped, odd spaces (NBSP, thin, tab ...)
   made plain, CRLF made LF; then NFC per combining cluster;
2. words: one tone-mark convention (underthesea's: hoà -> hòa, thuỷ -> thủy),
   syllables broken by scraping repaired ("D ân" -> "Dân", "c ác" -> "các"),
   glued syllables split ("mớiđô" -> "mới đô"), runs of spaces folded.

Then the page layout is read: chrome lines (menus, visitor counters, footers)
are marked, and the title, date and byline are picked up. Nothing here mutates
the caller's text; every position of the cleaned text maps back to the original.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache

import regex

from . import resources
from .offsets import Edit, MappedText
from .prefilter import ahead, matches_at

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ODD_SPACES = "\u00a0" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000\t\x0b\x0c"

_CHAR_PASS = regex.compile(rf"(?P<zw>[{_ZERO_WIDTH}]+)|(?P<sp>[{_ODD_SPACES}])|(?P<crlf>\r\n?)")
# the characters the pass edits: texts with none are found by one `in` per character (each a
# fast scan in C, cheaper than a pattern's scan for the set)
_CHAR_PASS_CHARS = tuple(_ZERO_WIDTH + _ODD_SPACES + "\r")
_CLUSTER = regex.compile(r"\P{M}?\p{M}+|\p{NFC_QC=N}")  # a base (if any) and its marks; singletons (U+2126 -> U+03A9)

# Words whose tone mark may sit on the "wrong" vowel: oa/oe/uy clusters.
# (The core is searched for, then widened to the word: a leading \w* would be tried at every letter.
# The marked vowel opens the pattern and the o or u is looked behind for, one character before
# the match: `re` scans quickly for a leading character set, and marked a, e, y are rarer than o, u.)
_O_MARKED = "àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ"
_U_MARKED = "ỳýỷỹỵỲÝỶỸỴ"
_TONE_CORE = re.compile(rf"[{_O_MARKED}{_U_MARKED}](?<=[oO][{_O_MARKED}]|[uU][{_U_MARKED}])")
_WORD_BEFORE = regex.compile(r"\w*$")
_WORD_AFTER = regex.compile(r"\w*")

_CONSONANT = "bcdđghklmnpqrstvxBCDĐGHKLMNPQRSTVX"
# A lone consonant letter, a space, then lower-case letters: "D ân", "c ác", "T hị".
_BROKEN = regex.compile(rf"(?<![\w.])([{_CONSONANT}]) +(\p{{Ll}}+)\b")
_VOWEL = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ"
# A lower-case token of 4-12 letters with a vowel, consonants, then a vowel again:
# one syllable never has that shape (onset, vowels, final), two glued ones do ("mớiđô").
_GLUED = regex.compile(rf"\b(?=\p{{Ll}}{{4,12}}\b)\p{{Ll}}*?[{_VOWEL}][bcdđghklmnpqrstvx]+[{_VOWEL}]\p{{Ll}}*")
_SPACE_RUN = regex.compile(r"(?<=\S) {2,}(?=\S)")

# Where _BROKEN and _GLUED may match, found by the faster `re`: a consonant with a space after
# and no letter or digit before, and the vowel-consonants-vowel core of a glued word. The
# patterns themselves are then tried only there (or at the start of the core's word).
# (_BROKEN_AT opens with the space and looks behind it for the consonant, one character before
# the match: `re` scans quickly for a leading character, but tries a leading lookbehind at every
# position.)
_LETTER_OR_DIGIT = "a-zA-Z0-9đĐ" + _VOWEL + _VOWEL.upper()
_BROKEN_AT = re.compile(rf" (?<=[{_CONSONANT}] )(?<![{_LETTER_OR_DIGIT}][{_CONSONANT}] )")
_GLUED_CORE = re.compile(rf"[{_VOWEL}][bcdđghklmnpqrstvx]+[{_VOWEL}]")

_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


@cache
def _token_map() -> dict[str, str]:
    from underthesea.pipeline.text_normalize.text_normalizer import token_map

    return token_map


@cache
def _syllable_re() -> regex.Pattern[str]:
    data = resources.yaml_table("syllables.yaml")
    onsets = sorted(data["onsets"].split(), key=len, reverse=True)
    rhymes = sorted(data["rhymes"].split(), key=len, reverse=True)
    return regex.compile(rf"(?:{'|'.join(onsets)})?(?:{'|'.join(rhymes)})")


@cache
def strip_tones(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))


@cache
def is_syllable(word: str) -> bool:
    """True if ``word`` is a well-formed Vietnamese syllable (case-folded)."""
    if not word or len(word) > 8:
        return False
    base = strip_tones(word.lower())
    if base.startswith("gi") and len(base) > 2 and base[2] not in "aăâeêioôơuưy":
        base = "g" + base[1:]  # "gìn" = g + in
    return _syllable_re().fullmatch(base) is not None


def _has_vietnamese_letter(word: str) -> bool:
    return any(ord(c) > 0x7F for c in word)


@cache
def _glued_cut(word: str) -> int:
    """Where two glued syllables meet in ``word``, if exactly one cut makes two syllables; else 0."""
    if not _has_vietnamese_letter(word) or is_syllable(word):
        return 0
    cuts = [i for i in range(1, len(word)) if is_syllable(word[:i]) and is_syllable(word[i:])]
    return cuts[0] if len(cuts) == 1 else 0


def char_edits(text: str) -> list[Edit]:
    """Zero-width characters dropped, odd spaces made plain, CRLF made LF."""
    edits: list[Edit] = []
    if not any(c in text for c in _CHAR_PASS_CHARS):
        return edits
    for m in _CHAR_PASS.finditer(text):
        kind = m.lastgroup
        if kind == "zw":
            edits.append((m.start(), m.end(), ""))
        elif kind == "sp":
            edits.append((m.start(), m.end(), " "))
        else:
            edits.append((m.start(), m.end(), "\n"))
    return edits


def nfc_edits(text: str) -> list[Edit]:
    """NFC per base character and its combining marks (after zero-width characters are gone)."""
    if unicodedata.is_normalized("NFC", text):
        return []  # the usual case, checked in C
    edits: list[Edit] = []
    for m in _CLUSTER.finditer(text):
        nfc = unicodedata.normalize("NFC", m.group())
        if nfc != m.group():
            edits.append((m.start(), m.end(), nfc))
    return edits


def word_edits(text: str) -> list[Edit]:
    token_map = _token_map()
    edits: list[Edit] = []
    last = -1
    for m in _TONE_CORE.finditer(text):
        core = m.start() - 1
        start = core - len(_WORD_BEFORE.search(text, max(0, core - 12), core).group())
        end = _WORD_AFTER.match(text, m.end(), ahead(text, m.end())).end()
        if start < last:
            continue
        word = text[start:end]
        fixed = token_map.get(word)
        if fixed and fixed != word:
            edits.append((start, end, fixed))
            last = end
    for m in matches_at(_BROKEN, text, [c.start() - 1 for c in _BROKEN_AT.finditer(text)], short=True):
        head, tail = m.group(1), m.group(2)
        if is_syllable(head + tail) and not is_syllable(head):
            # keep the letter, drop the space: one edit over the space only
            edits.append((m.start(1) + 1, m.start(2), ""))
    for m in matches_at(_GLUED, text, _glued_word_starts(text)):
        cut = _glued_cut(m.group())
        if cut:
            edits.append((m.start() + cut, m.start() + cut, " "))
    if "  " in text:
        for m in _SPACE_RUN.finditer(text):
            edits.append((m.start(), m.end(), " "))
    edits.sort(key=lambda e: (e[0], e[1]))
    return _drop_overlaps(edits)


def _glued_word_starts(text: str) -> list[int]:
    """Starts of the words holding a glued core (a word of 13 letters or more cannot match)."""
    starts: list[int] = []
    for c in _GLUED_CORE.finditer(text):
        at = c.start() - len(_WORD_BEFORE.search(text, max(0, c.start() - 12), c.start()).group())
        if not starts or starts[-1] != at:
            starts.append(at)
    return starts


def _drop_overlaps(edits: list[Edit]) -> list[Edit]:
    kept: list[Edit] = []
    cursor = -1
    for e in edits:
        if e[0] >= cursor or (e[0] == e[1] and e[0] >= cursor):
            kept.append(e)
            cursor = max(cursor, e[1])
    return kept


# a space scraped into a number before its thousands group: "300 .000 đồng" (never a decimal:
# a comma or dot group of exactly three digits after a space is a thousands group)
_SPLIT_GROUP = re.compile(r"(?<=\d) (?=\.\d{3}(?!\d))")


def number_edits(text: str) -> list[Edit]:
    """Numbers split by a stray space before a thousands group joined again ("300 .000")."""
    if " ." not in text:
        return []
    return [(m.start(), m.end(), "") for m in _SPLIT_GROUP.finditer(text)]


def clean(original: str) -> MappedText:
    """Cleaned text of ``original`` with the map back to it."""
    mt = MappedText.identity(original)
    mt = mt.apply(char_edits(mt.text))
    mt = mt.apply(number_edits(mt.text))
    mt = mt.apply(nfc_edits(mt.text))
    edits = word_edits(mt.text)
    mt = mt.apply(edits)
    if any(s == e for s, e, _ in edits):
        # a split of glued syllables can leave a broken one next to it ("b ambá" -> "b am bá"): once more
        mt = mt.apply(word_edits(mt.text))
    return mt


# --- page layout ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Line:
    start: int  # in cleaned text
    end: int
    text: str
    chrome: bool


@dataclass(slots=True)
class Layout:
    """What the page holds, in cleaned-text positions."""

    lines: list[Line]
    body_start: int
    body_end: int
    title: Line | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    date_line: Line | None = None
    byline: Line | None = None
    chrome: list[tuple[int, int]] = field(default_factory=list)


@cache
def _chrome_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    data = resources.yaml_table("chrome.yaml")

    def union(key: str) -> regex.Pattern[str]:
        return regex.compile("|".join(f"(?:{p})" for p in data[key]), regex.IGNORECASE | regex.V1)

    items = "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(data["menu_items"], key=len, reverse=True))
    menu = rf"(?:{items})(?:[\s|•·/,-]+(?:{items})){{2,}}"  # a menu: three or more known items and nothing else
    lines = regex.compile(f"{union('lines').pattern}|(?:{menu})", regex.IGNORECASE | regex.V1)
    return union("footer_starts"), lines, union("date_lines")


_DATE = regex.compile(
    r"(?<!\d)(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?!\d)|\bngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})\b", regex.I
)
_TRAILING_STOP = regex.compile(r"[.!?…:;,]\s*$")


def _iso(m: regex.Match[str]) -> str | None:
    d, mth, y = (int(g) for g in ((m.group(1), m.group(3), m.group(4)) if m.group(1) else m.group(5, 6, 7)))
    if 1 <= d <= 31 and 1 <= mth <= 12 and 1900 <= y <= 2100:
        return f"{y:04d}-{mth:02d}-{d:02d}"
    return None


#: Page chrome comes in short lines (menus, counters, footers); a longer line is text.
MAX_CHROME_LINE = 300


def layout(text: str) -> Layout:
    """Split cleaned text into lines and read the page's structure."""
    footer, chrome_line, date_line = _chrome_patterns()
    lines: list[Line] = []
    pos = 0
    in_footer = False
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        stripped = raw.strip()
        if not stripped:
            continue
        s = start + (len(raw) - len(raw.lstrip()))
        e = s + len(stripped)
        short = len(stripped) <= MAX_CHROME_LINE  # a whole article on one line is never chrome
        if not in_footer and short and footer.fullmatch(stripped):
            in_footer = True
        is_chrome = in_footer or (short and (bool(chrome_line.fullmatch(stripped)) or bool(date_line.fullmatch(stripped))))
        lines.append(Line(s, e, stripped, is_chrome))

    out = Layout(lines=lines, body_start=0, body_end=len(text))
    if not lines:
        return out

    # Title: the first non-chrome line of five words or more, near the top,
    # that reads as a headline (no final full stop), followed by more text.
    # A line in capitals above it is the site's masthead ("CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN CAN LỘC",
    # "HỘI NÔNG DÂN TỈNH THANH HÓA"), not the title, when a headline in ordinary case follows.
    candidates = []
    for idx, ln in enumerate(lines[:8]):
        if ln.chrome:
            continue
        words = ln.text.split()
        if 5 <= len(words) <= 40 and not ln.text.endswith((".", ";", ",")) and idx + 1 < len(lines):
            candidates.append(idx)
            if not ln.text.isupper():
                break
            continue
        if len(words) >= 5 or (candidates and not ln.text.isupper()):
            break  # a paragraph came first: no separate title line
    if candidates:
        t = next((i for i in candidates if not lines[i].text.isupper()), candidates[0])
        out.title = lines[t]
        for i in range(t):  # everything above the title is page header
            if not lines[i].chrome and lines[i].text.isupper():
                lines[i] = replace(lines[i], chrome=True)

    # Date: a date line or a "Ngày đăng" line near the title (after it first).
    head = lines[:12]
    if out.title is not None:
        t = lines.index(out.title)
        order = head[t + 1:] + head[:t]
    else:
        order = head
    for ln in order:
        if not ln.chrome or ln.text.count(" ") > 12:
            continue
        m = _DATE.search(ln.text)
        if m and (iso := _iso(m)):
            out.date, out.date_line = iso, ln
            break

    body_lines = [ln for ln in lines if not ln.chrome]
    if body_lines:
        first = out.title if out.title is not None else body_lines[0]
        out.body_start = first.start
        last = body_lines[-1]
        out.body_end = last.end
        # Byline: a short last line without a full stop ("MINH CHIẾN",
        # "Nguyễn Thị Phương Hải - UVBTV, Trưởng ban Dân vận Thị ủy").
        if last is not first and len(last.text.split()) <= 14 and not _TRAILING_STOP.search(last.text):
            if not regex.search(r"\d", last.text):
                out.byline = last

    out.chrome = [(ln.start, ln.end) for ln in lines if ln.chrome]
    return out
