"""Numbers as Vietnamese reports write them: digits, words, magnitudes.

Reads one number expression at a time into an exact :class:`~decimal.Decimal`:
``"1.314.626.000"``, ``"50,596"``, ``"12 929"``, ``"4,2 tỷ"``, ``"1 tỷ 200 triệu"``,
``"2 tỷ rưỡi"``, ``"1tr2"``, ``"10k"``, ``"hai mươi lăm"``, ``"một nghìn không trăm
linh năm"``, ``"ba phẩy năm"``, ``"âm năm"``. Units, approximations, ranges and
vague orders ("hàng chục") are the caller's business; a number stops before them.

The words (number_words.tsv), magnitudes (magnitudes.tsv) and idioms
(number_idioms.tsv) live in ``extract/data/vi``; this module holds the rules.

Rules that settle the ambiguous cases (each has a line in tests/cases/numbers.tsv):

* **Separators.** ``,`` is the decimal mark, ``.`` and a space (normal, no-break,
  thin) group thousands. With both ``.`` and ``,`` the last one is the decimal
  mark (``10.000,50``; ``2,342.08``). Several commas in 3-digit groups are
  thousands (``1,234,567``: no other reading exists). A dot before exactly three
  digits groups thousands (``16.935`` = 16935) unless the first group starts with
  0 (``0.125`` is a decimal); a single dot before 1-2 or 4+ digits is a decimal
  point, English style (``4.2`` = 4.2). Groups must be consistent: ``1.31.626``
  is not a number at all. ``decimal_separator=`` ("," or ".") overrides all
  this: with ``","`` every dot groups thousands, with ``"."`` every comma does.
* **Space groups** only when every later group has exactly three digits and the
  first has 1-3 without a leading zero (``12 929`` yes; ``2018 2019``, ``5 xã``,
  ``02393 865`` no), and not right after another number ("0239 865 366").
* **Glued tails** read as the next decimal places of the magnitude, the
  colloquial convention: ``1tr2`` = 1,2 triệu, ``2t3`` = 2,3 tỷ (= 2 tỷ 300
  triệu), ``1tr25`` = 1,25 triệu, ``10k5`` = 10 500. ``t`` means tỷ only with such
  a tail (``5t`` is five tonnes, left to the unit reader; ``1t`` alone is no number).
  ``M`` (upper case only, glued or spaced) is a million: ``1,2M`` = 1 200 000; ``1,2m``
  stays 1,2 metres.
* **Spaced digits after a magnitude** add only when a smaller magnitude follows
  (``2 tỷ 500 triệu``, ``1 nghìn 2 trăm``); a bare ``2 tỷ 3`` stops after ``tỷ``.
* **Words**: ``mười năm`` / ``hai mươi năm`` are 10 / 20 (năm = years, 15 is
  "mười lăm"); an elliptical last digit after a magnitude reads as its tenths
  (``hai triệu hai`` = 2 200 000, ``một trăm mốt`` = 110, ``hai nghìn rưỡi`` =
  2500) except năm and một (``một trăm năm`` = 100 years).
* **Spoken forms.** Tens without "mươi" when the units word cannot start a number
  (``hai mốt`` = 21, ``ba lăm`` = 35, ``hai tư`` = 24); after "trăm" a digit pair is tens
  and units (``hai trăm năm chín`` = 259, ``một trăm bốn bảy nghìn`` = 147 000) and a
  lone tail digit before a magnitude is the tens (``bốn trăm sáu triệu`` = 460 triệu);
  ``chấm`` is a decimal point like ``phẩy``; a point after a magnitude adds the fraction
  of the units (``một triệu phẩy không một`` = 1 000 000,01); a big magnitude alone
  with ``rưỡi`` is one and a half of it (``tỷ rưỡi``).
* **lẻ/linh after a big magnitude** joins any smaller number, tens too: ``một tỷ lẻ
  mười bảy`` = 1 000 000 017, ``hai triệu linh năm`` = 2 000 005; a bare big magnitude
  before it is one of it (``tỷ lẻ mười bảy``). After ``trăm`` it still joins one digit
  only (``một trăm lẻ một``).
* **Stacked tỷ.** ``tỷ`` right after a magnitude of a tỷ or more multiplies all read so
  far: ``hai tỷ tỷ`` = 2·10^18, ``một nghìn tỷ tỷ`` = 10^21.
* **Fractions.** ``A phần B`` in words (B a digit word, ``tư``, ``mười``, tens) is A/B when
  that is a finite decimal: ``một phần hai`` = 0,5, ``ba phần tư`` = 0,75; ``hai phần ba``
  is no number at all (no exact value); ``phần trăm`` stays the percent unit. Slash
  fractions (``3/4m``) are the quantity reader's.
* **Digit by digit.** Single digit words in a row read as digits: ``hai không hai mốt`` =
  2021 (three or more), ``bốn ba`` = 43 (a pair: first 2-9, second 1-9, not an idiom pair
  of number_idioms.tsv, so ``một hai người``, ``hai ba ngày``, ``cả hai không`` are not);
  ``năm`` never continues one (``ba năm`` is three years).
* **Minus.** ``âm`` always; ``trừ`` only after a cue of minus_cues.txt (``nhiệt độ trừ 5``)
  or when the number is the whole text (``trừ 10``); elsewhere it is the verb ("trừ 2 hộ").
* **Toneless words** (``hai muoi lam``, ``mot tram nghin ty``) are read by folding the
  tables' words at load time, only as a whole: two words or more with a structural one
  (mươi, linh, phẩy, phần, rưỡi, a magnitude) and no toned letter within 30 characters,
  so ``sau hai`` ("after two") and a typo in toned text are left alone.
* **Bare words.** A number that is one word (``năm``, ``ba``, ``một``, ``mười``)
  matches only with ``allow_bare_words=True``, and never when it is half of an
  idiom pair (``một hai người``) or is followed by another number (``năm
  2018``). Multi-word numbers (``hai mươi``, ``một trăm``, ``năm triệu``,
  ``âm năm``) always match.
* **Left edge.** A number glued to letters on its left is part of a name
  (``A4``, ``NO1``) unless the letters are a currency code (``USD1,23``, the letter codes of
  ``currency_before`` in quantity_cues.yaml); so is one after a letter and ``-_/.``
  (``Covid-19``, ``Q.1``); a start inside a numeral (after ``digit.`` or ``digit,``) is none.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Context, Decimal
from functools import cache
from typing import NamedTuple

from . import resources
from .errors import BaocaoError, DataTableError
from .prefilter import lowered, starts_of

__all__ = [
    "NumberMatch",
    "NumberParseError",
    "find_numbers",
    "format_vi",
    "match_number",
    "parse_number",
    "to_words",
]


class NumberParseError(BaocaoError, ValueError):
    """A string that ``parse_number`` cannot read as exactly one number."""


@dataclass(frozen=True, slots=True)
class NumberMatch:
    start: int  # half-open span in the input string
    end: int
    value: Decimal  # exact, magnitudes multiplied in ("4,2 tỷ" -> 4200000000)
    digits: str  # surface of the first number token ("4,2"; "hai" for words), without a sign
    magnitude: Decimal | None  # combined multiplier of the leading part ("4,2 tỷ" -> 10**9, "5 nghìn tỷ" -> 10**12)
    words: bool  # the first number token is spelled out
    leading_zero: bool  # "05", "02"


# Wide enough for any numeral we accept (at most _MAX_DIGITS digits) times nghìn tỷ tỷ.
_CTX = Context(prec=400)
_MAX_DIGITS = 300
_ONE = Decimal(1)
_TEN = Decimal(10)

_HSPACE = " \t\u00a0\u2009\u202f"
_SPACE_RE = re.compile(f"[{_HSPACE}]+")
_LETTERS_RE = re.compile(r"[^\W\d_]+")
_CORE_RE = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
_SPACE_GROUPED_RE = {
    ",": re.compile(f"[1-9][0-9]{{0,2}}(?:[{_HSPACE}][0-9]{{3}})+(?:,[0-9]+)?(?![0-9]|[.,][0-9])"),
    ".": re.compile(f"[1-9][0-9]{{0,2}}(?:[{_HSPACE}][0-9]{{3}})+(?:\\.[0-9]+)?(?![0-9]|[.,][0-9])"),
}
_TAIL_RE = re.compile(r"[0-9]{1,3}(?![\w]|[.,][0-9])")
_DIGIT_SPACE_BEFORE_RE = re.compile(f"[0-9][{_HSPACE}]+$")
_GLUE = "-_/.\u2010\u2011"
_MINUS = "-\u2212"
_DIGITS = frozenset("0123456789")


# --- language data ---------------------------------------------------------

class _Mag(NamedTuple):
    value: Decimal
    group: bool  # trăm, chục: inside a three-digit group
    spaced: bool
    glued: bool
    words: bool
    tail: bool
    tail_required: bool


class _Lexicon(NamedTuple):
    digits: dict[str, tuple[int, frozenset[str]]]  # word -> (digit, contexts)
    roles: dict[str, str]  # structural words -> role
    mags: dict[str, _Mag]
    mags_exact: dict[str, _Mag]  # matched only as written: "M"
    ascii: dict[str, tuple[str, ...]]  # a word without tone marks -> the toned words it may stand for
    ascii_starts: frozenset[str]  # toneless words that may open a number
    minus_cue_re: re.Pattern[str]  # a cue before "trừ" (reversed text)
    glued_codes: frozenset[str]  # currency codes a number may be glued to: "USD1,23"
    candidate_toned_re: re.Pattern[str]  # candidate_re without the toneless starters, for toned text
    idioms: frozenset[tuple[str, str]]
    compounds: frozenset[tuple[str, str]]  # a digit word and the syllable it makes a word with: ("tư", "vấn")
    candidate_re: re.Pattern[str]
    candidate_words: tuple[str, ...]  # the words a candidate_re match may open with (lower case)
    candidate_toned_words: tuple[str, ...]  # ... and a candidate_toned_re match
    fast_re: re.Pattern[str]
    word_digit: dict[int, str]  # for to_words
    big_words: tuple[tuple[int, str], ...]  # (exponent, word) for to_words


_CONTEXTS = frozenset({"start", "teen", "tens", "linh", "tail", "frac", "seq", "denom"})
_ROLES = frozenset({"teen_base", "tens_mult", "linh", "point", "half", "minus", "minus_cued", "fraction"})
_YES = {"yes": True, "no": False}


def _fold(word: str) -> str:
    """"hai mươi lăm" -> "hai muoi lam": tone and vowel marks dropped, đ -> d."""
    word = word.replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch))


def _flag(row: dict[str, str], key: str, table: str) -> bool:
    try:
        return _YES[row[key]]
    except KeyError:
        raise DataTableError(f"{key}={row[key]!r} for {row['word']!r}; expected yes or no", source=table) from None


@cache
def _lexicon() -> _Lexicon:
    digits: dict[str, tuple[int, frozenset[str]]] = {}
    roles: dict[str, str] = {}
    table = "number_words.tsv"
    for row in resources.tsv(table):
        word = row["word"].lower()
        if word in digits or word in roles:
            raise DataTableError(f"duplicate word {word!r}", source=table)
        if row["role"] == "digit":
            contexts = frozenset(c.strip() for c in row["contexts"].split(",") if c.strip())
            if not contexts <= _CONTEXTS or not row["value"].isdigit() or int(row["value"]) > 9:
                raise DataTableError(f"bad digit row for {word!r}; contexts are {sorted(_CONTEXTS)}", source=table)
            digits[word] = (int(row["value"]), contexts)
        elif row["role"] in _ROLES:
            roles[word] = row["role"]
        else:
            raise DataTableError(f"unknown role {row['role']!r} for {word!r}; expected digit or one of {sorted(_ROLES)}",
                                 source=table)
    missing = {"teen_base", "tens_mult", "linh", "point", "half", "minus"} - set(roles.values())
    if missing:
        raise DataTableError(f"no word for role(s) {sorted(missing)}", source=table)

    mags: dict[str, _Mag] = {}
    mags_exact: dict[str, _Mag] = {}
    table = "magnitudes.tsv"
    for row in resources.tsv(table):
        exact = row["case"] == "exact"
        if row["case"] not in ("any", "exact"):
            raise DataTableError(f"case={row['case']!r} for {row['word']!r}; expected any or exact", source=table)
        word = row["word"] if exact else row["word"].lower()
        if word in mags or word in mags_exact or word in digits or word in roles:
            raise DataTableError(f"duplicate word {word!r}", source=table)
        if not row["value"].isdigit() or row["level"] not in ("group", "big"):
            raise DataTableError(f"bad row for {word!r}: value must be an integer, level group or big", source=table)
        tail = row["tail"]
        if tail not in ("yes", "no", "required"):
            raise DataTableError(f"tail={tail!r} for {word!r}; expected yes, no or required", source=table)
        (mags_exact if exact else mags)[word] = _Mag(
            Decimal(row["value"]), row["level"] == "group", _flag(row, "spaced", table), _flag(row, "glued", table),
            _flag(row, "words", table), tail != "no", tail == "required",
        )

    table = "number_idioms.tsv"
    idioms = set()
    for row in resources.tsv(table):
        pair = (row["first"].lower(), row["second"].lower())
        if not all(w in digits for w in pair):
            raise DataTableError(f"idiom {pair} uses a word that is not a digit word", source=table)
        idioms.add(pair)

    table = "digit_word_compounds.txt"
    compounds = set()
    for line in resources.lines(table):
        pair = tuple(line.lower().split())
        if len(pair) != 2 or pair[0] not in digits:
            raise DataTableError(f"{line!r}: not a digit word and the syllable after it", source=table)
        compounds.add(pair)

    # Toneless forms, derived: every toned word of the tables that folds to another spelling
    # ("muoi" stands for mười or mươi; the reader picks by context).
    ascii: dict[str, tuple[str, ...]] = {}
    for w in [*digits, *roles, *(w for w, m in mags.items() if m.words)]:
        f = _fold(w)
        if f != w and f not in digits and f not in roles and f not in mags:  # not a toned word itself
            ascii[f] = (*ascii.get(f, ()), w)

    starters = [w for w, (_, ctx) in digits.items() if "start" in ctx]
    starters += [w for w, r in roles.items() if r in ("teen_base", "minus", "minus_cued")]
    ascii_starts = frozenset(_fold(w) for w in starters if _fold(w) in ascii)
    alternation = "|".join(re.escape(w) for w in sorted({*starters, *ascii_starts}, key=len, reverse=True))
    # a big magnitude alone with "rưỡi" (or "lẻ" and a number) is a number too: "tỷ rưỡi" = 1,5 tỷ
    half_mags = [w for w, m in mags.items() if m.words and not m.group]
    halves = [w for w, r in roles.items() if r in ("half", "linh")]
    half_mags += [_fold(w) for w in half_mags if _fold(w) in ascii]
    halves += [_fold(w) for w in halves if _fold(w) in ascii]
    half_alt = "|".join(re.escape(w) for w in sorted(half_mags, key=len, reverse=True))
    half_words = "|".join(re.escape(w) for w in halves)
    initials = re.escape("".join(sorted({w[0] for w in [*starters, *ascii_starts, *half_mags]})))
    candidate_re = re.compile(  # the lookahead lets the scanner skip most positions cheaply; "USD1,23" too
        rf"(?=[{_MINUS}0-9{initials}])(?:(?<!\w)|(?<=[A-Z])(?=[0-9]))(?:[{_MINUS}]?[0-9]|(?:{alternation})(?!\w)"
        rf"|(?:{half_alt})[{_HSPACE}]+(?:{half_words})(?!\w))",
        re.IGNORECASE,
    )
    # text with tone marks anywhere reads no toneless number words (they need no toned letter
    # near them), so it is scanned without the toneless starters: "Nam", "ba", "tram" are common words
    toned_starters = "|".join(re.escape(w) for w in sorted(set(starters), key=len, reverse=True))
    toned_halves = [w for w in halves if w not in ascii]
    toned_half_mags = [w for w in half_mags if w not in ascii]
    toned_initials = re.escape("".join(sorted({w[0] for w in [*starters, *toned_half_mags]})))
    candidate_toned_re = re.compile(
        rf"(?=[{_MINUS}0-9{toned_initials}])(?:(?<!\w)|(?<=[A-Z])(?=[0-9]))(?:[{_MINUS}]?[0-9]|(?:{toned_starters})(?!\w)"
        rf"|(?:{'|'.join(re.escape(w) for w in sorted(toned_half_mags, key=len, reverse=True))})[{_HSPACE}]+"
        rf"(?:{'|'.join(re.escape(w) for w in toned_halves)})(?!\w))",
        re.IGNORECASE,
    )

    # The common case in one match: a plain numeral, maybe one big magnitude, and
    # nothing after it that could continue the number. Anything else takes the parser.
    def alt(words: list[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    spaced = alt([w for w, m in mags.items() if m.spaced and not m.group and not m.tail_required])
    glued = alt([w for w, m in mags.items() if m.glued and not m.group and not m.tail_required])
    spaced_exact = alt([w for w, m in mags_exact.items() if m.spaced and not m.group and not m.tail_required])
    glued_exact = alt([w for w, m in mags_exact.items() if m.glued and not m.group and not m.tail_required])
    continuing = alt([*digits, *roles, *mags])
    fast_re = re.compile(
        rf"""(?P<num>[1-9][0-9]{{0,2}}(?:\.[0-9]{{3}})+(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?)(?![0-9]|[.,][0-9])
        (?:[{_HSPACE}]+(?P<spaced>(?i:{spaced})|{spaced_exact})(?!\w)|(?P<glued>(?i:{glued})|{glued_exact})(?!\w))?
        (?![^\W\d_]|[{_HSPACE}]+(?:[0-9]|(?i:{continuing})(?!\w)))""",
        re.VERBOSE,
    )

    word_digit: dict[int, str] = {}
    for w, (d, ctx) in digits.items():
        if "start" in ctx and d not in word_digit:
            word_digit[d] = w
    big_words = []
    for exp in (9, 6, 3):
        names = [w for w, m in mags.items() if m.words and not m.group and m.value == 10 ** exp]
        if not names:
            raise DataTableError(f"no spelled-out word for 10^{exp}", source=table)
        big_words.append((exp, names[0]))
    cues = "|".join(re.escape(c[::-1]).replace(r"\ ", f"[{_HSPACE}]+") for c in resources.lines("minus_cues.txt"))
    minus_cue_re = re.compile(rf"[{_HSPACE}]+(?:{cues})(?!\w)", re.IGNORECASE)
    # the letter codes that may be written right before a number ("USD1,23"); "$", "€" are no letters
    glued_codes = frozenset(c for c in resources.yaml_table("quantity_cues.yaml")["currency_before"] if c.isalpha())
    candidate_words = tuple(sorted({*starters, *ascii_starts, *half_mags}))
    candidate_toned_words = tuple(sorted({*starters, *toned_half_mags}))
    return _Lexicon(digits, roles, mags, mags_exact, ascii, ascii_starts, minus_cue_re, glued_codes, candidate_toned_re,
                    frozenset(idioms), frozenset(compounds), candidate_re, candidate_words, candidate_toned_words, fast_re,
                    word_digit, tuple(big_words))


def _role_word(lex: _Lexicon, role: str) -> str:
    return next(w for w, r in lex.roles.items() if r == role)


# --- reading tokens ----------------------------------------------------------

class _Atom(NamedTuple):
    """One number part before a magnitude word: "4,2", "hai mươi lăm", "linh năm"."""
    value: Decimal
    end: int
    kind: str  # num (digits) | unit (one digit word) | tens (mười.., hai mươi..) | linh
    integral: bool
    word: str | None  # the digit word, for kind unit
    leading_zero: bool
    surface_end: int  # end of its first token, for NumberMatch.digits


class _Word(NamedTuple):
    word: str  # lower case
    start: int
    end: int


def _grouped(parts: list[str]) -> bool:
    """Thousands groups: first 1-3 digits without a leading zero, the rest exactly 3."""
    first = parts[0]
    return 1 <= len(first) <= 3 and first[0] != "0" and all(len(p) == 3 for p in parts[1:])


def _read_numeral(text: str, i: int, hint: str | None, space_groups: bool) -> _Atom | None:
    """A digit numeral at ``i`` with its separators; None if malformed ("1.31.626")."""
    m = _CORE_RE.match(text, i)
    if m is None:
        return None
    core = m.group()
    end = m.end()
    if len(core) > _MAX_DIGITS:
        return None
    if space_groups and end < len(text) and text[end] in _HSPACE and len(core) <= 3:
        sm = _SPACE_GROUPED_RE["." if hint == "." else ","].match(text, i)
        if sm is not None and not _DIGIT_SPACE_BEFORE_RE.search(text, max(0, i - 12), i):  # "0239 865 366"
            intpart, _, frac = sm.group().replace(",", ".").partition(".")
            digits = "".join(ch for ch in intpart if ch.isdigit())
            value = Decimal(digits + "." + frac) if frac else Decimal(digits)
            return _Atom(value, sm.end(), "num", not frac, None, False, sm.end())

    if core.isdigit():
        return _Atom(Decimal(core), end, "num", True, None, len(core) > 1 and core[0] == "0", end)

    dots, commas = core.count("."), core.count(",")
    decimal_mark: str | None
    group_mark: str | None
    if hint in (".", ","):
        decimal_mark, group_mark = hint, "," if hint == "." else "."
    elif dots and commas:
        decimal_mark = "." if core.rfind(".") > core.rfind(",") else ","
        group_mark = "," if decimal_mark == "." else "."
    elif commas:
        decimal_mark, group_mark = (None, ",") if commas > 1 else (",", None)
    elif dots > 1 or _grouped(core.split(".")):
        decimal_mark, group_mark = None, "."
    else:
        decimal_mark, group_mark = ".", None

    intpart, frac = core, ""
    if decimal_mark is not None and decimal_mark in core:
        intpart, frac = core.rsplit(decimal_mark, 1)
        if decimal_mark in intpart:
            return None  # two decimal marks
    if group_mark is not None and group_mark in intpart:
        if not _grouped(intpart.split(group_mark)):
            return None  # "1.31.626", "1,5.000"
        intpart = intpart.replace(group_mark, "")
    if not intpart.isdigit() or (group_mark is not None and group_mark in frac):
        return None
    value = Decimal(intpart + "." + frac) if frac else Decimal(intpart)
    return _Atom(value, end, "num", not frac, None, len(intpart) > 1 and intpart[0] == "0", end)


def _word_at(text: str, j: int) -> _Word | None:
    """The letter word starting exactly at ``j`` (ends at a boundary, not glued to digits)."""
    m = _LETTERS_RE.match(text, j)
    if m is None:
        return None
    end = m.end()
    if end < len(text) and (text[end].isdigit() or text[end] == "_"):
        return None
    return _Word(m.group().lower(), j, end)


def _peek(text: str, j: int) -> tuple[int, _Word | None]:
    """Skip the spaces at ``j``: (where the next token starts, the word there if any).

    Returns ``(j, None)`` when no space follows: tokens must be space-separated.
    """
    if j < len(text) and text[j] in _HSPACE:
        k = _SPACE_RE.match(text, j).end()  # type: ignore[union-attr]
        return k, _word_at(text, k)
    return j, None


def _small_words(lex: _Lexicon, text: str, w: _Word, after_mag: bool) -> _Atom | None:
    """A spelled-out number below 100 starting with word ``w``."""
    digits = lex.digits
    role = lex.roles.get(w.word)
    if role == "teen_base":
        _, nxt = _peek(text, w.end)
        if nxt is not None and nxt.word in digits and "teen" in digits[nxt.word][1]:
            return _Atom(Decimal(10 + digits[nxt.word][0]), nxt.end, "tens", True, None, False, w.end)
        return _Atom(_TEN, w.end, "tens", True, None, False, w.end)
    if role == "linh" and after_mag:
        _, nxt = _peek(text, w.end)
        if nxt is not None and nxt.word in digits and "linh" in digits[nxt.word][1]:
            return _Atom(Decimal(digits[nxt.word][0]), nxt.end, "linh", True, None, False, nxt.end)
        return None
    entry = digits.get(w.word)
    if entry is None:
        return None
    d, contexts = entry
    if "start" not in contexts:
        if after_mag and "tail" in contexts:
            return _Atom(Decimal(d), w.end, "unit", True, w.word, False, w.end)
        return None
    if d >= 2:
        _, nxt = _peek(text, w.end)
        if nxt is not None and lex.roles.get(nxt.word) == "tens_mult":
            _, after = _peek(text, nxt.end)
            if after is not None and after.word in digits and "tens" in digits[after.word][1]:
                return _Atom(Decimal(d * 10 + digits[after.word][0]), after.end, "tens", True, None, False, w.end)
            return _Atom(Decimal(d * 10), nxt.end, "tens", True, None, False, w.end)
        if nxt is not None and nxt.word in digits and "start" not in digits[nxt.word][1] \
                and "tens" in digits[nxt.word][1] and not _in_compound(lex, text, nxt):
            # spoken tens without "mươi": "hai mốt" = 21, "ba lăm" = 35, "hai tư" = 24
            return _Atom(Decimal(d * 10 + digits[nxt.word][0]), nxt.end, "tens", True, None, False, w.end)
    if not after_mag and d >= 1 and "seq" in contexts:
        seq = _digit_sequence(lex, text, w, d)
        if seq is not None:
            return seq
    return _Atom(Decimal(d), w.end, "unit", True, w.word, False, w.end)


def _in_compound(lex: _Lexicon, text: str, w: _Word) -> bool:
    """``w`` is the first syllable of a word, not a digit: "tư" in "tư vấn", "năm" in "năm nay"."""
    _, after = _peek(text, w.end)
    return after is not None and (w.word, after.word) in lex.compounds


def _digit_sequence(lex: _Lexicon, text: str, w: _Word, d: int) -> _Atom | None:
    """Single digit words read one by one: "bốn ba" = 43, "hai không hai mốt" = 2021.

    Not an idiom pair ("hai ba ngày", "một hai ba"); a pair needs a first digit 2-9 and a
    second 1-9 ("một ba lô" is a backpack, "cả hai không" is "both did not").
    """
    digits = lex.digits
    out, end = [d], w.end
    _, cur = _peek(text, w.end)
    if cur is None or (w.word, cur.word) in lex.idioms:
        return None
    while cur is not None:
        entry = digits.get(cur.word)
        if entry is None or "seq" not in entry[1] or _in_compound(lex, text, cur):
            break
        _, after = _peek(text, cur.end)
        if after is not None and lex.roles.get(after.word) == "tens_mult":
            break  # "... hai mươi": a tens number starts there
        out.append(entry[0])
        end, cur = cur.end, after
    if len(out) < 2 or (len(out) == 2 and (d < 2 or out[1] == 0)):
        return None
    return _Atom(Decimal("".join(map(str, out))), end, "tens" if len(out) == 2 else "seq", True, None, False, w.end)


def _atom_at(lex: _Lexicon, text: str, j: int, w: _Word | None, after_mag: bool,
             hint: str | None, space_groups: bool) -> _Atom | None:
    if w is not None:
        return _small_words(lex, text, w, after_mag)
    if j < len(text) and text[j] in _DIGITS:
        return _read_numeral(text, j, hint, space_groups)
    return None


class _MagTok(NamedTuple):
    mag: _Mag
    end: int
    glued: bool


def _mag_after(lex: _Lexicon, text: str, j: int, *, digits: bool, words: bool) -> _MagTok | None:
    """A magnitude word at ``j``: glued (after digits only) or after spaces."""
    if digits and j < len(text) and text[j].isalpha():
        m = _LETTERS_RE.match(text, j)
        mag = (lex.mags_exact.get(m.group()) or lex.mags.get(m.group().lower())) if m else None
        if mag is None or not mag.glued:
            return None
        return _MagTok(mag, m.end(), True)  # type: ignore[union-attr]
    _, w = _peek(text, j)
    if w is None:
        return None
    mag = lex.mags.get(w.word)
    if mag is None and digits:
        mag = lex.mags_exact.get(text[w.start:w.end])  # "1,2 M"
    if mag is None or mag.tail_required or not (mag.words if words else mag.spaced):
        return None
    return _MagTok(mag, w.end, False)


def _fraction(lex: _Lexicon, text: str, j: int) -> tuple[str, int] | None:
    """The digits after "phẩy" ending at ``j``: "năm" -> "5", "hai mươi lăm" -> "25", "05" -> "05"."""
    k, first = _peek(text, j)
    if k == j or k >= len(text):
        return None
    if first is None:
        m = _FRAC_DIGITS_RE.match(text, k)
        return (m.group(), m.end()) if m else None
    digits = lex.digits
    entry = digits.get(first.word)
    _, nxt = _peek(text, first.end)
    if entry is not None and "frac" in entry[1] and not (nxt is not None and lex.roles.get(nxt.word) == "tens_mult"):
        # read digit by digit: "không phẩy không năm"
        out, end, cur = [str(entry[0])], first.end, nxt
        while cur is not None and cur.word in digits and "frac" in digits[cur.word][1]:
            _, after = _peek(text, cur.end)
            if after is not None and lex.roles.get(after.word) == "tens_mult":
                break
            out.append(str(digits[cur.word][0]))
            end, cur = cur.end, after
        return "".join(out), end
    small = _small_words(lex, text, first, False)
    if small is not None and small.kind == "tens":
        return str(small.value), small.end
    return None


def _clean(d: Decimal) -> Decimal:
    """4200000000.0 -> 4200000000, 10000.50 -> 10000.5."""
    t = d.to_integral_value(context=_CTX)
    return t if t == d else d.normalize(_CTX)


_GLUED_WORD_RE = re.compile(r"(?<![^\W\d_])[^\W\d_A-ZĐ]{2,}$")
_VIETNAMESE_LETTER_RE = re.compile("[đăâêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]")


def glued_word(letters: str) -> bool:
    """A Vietnamese word glued to a figure by scraping ("đến115", "hơn40"), not a code like A4."""
    low = letters.lower()
    if low in _LEX.roles or low in _LEX.digits or low in _LEX.mags:
        return False  # "âm5", "hai3": a number word glued to digits is no scraping slip
    return _GLUED_WORD_RE.fullmatch(letters) is not None and _VIETNAMESE_LETTER_RE.search(letters) is not None


def _left_ok(text: str, pos: int) -> bool:
    if pos == 0:
        return True
    prev = text[pos - 1]
    if prev.isalpha():
        m = _CODE_BEFORE_RE.search(text, max(0, pos - 8), pos)
        if m is not None and m.group(1) in _LEX.glued_codes:
            return True  # "USD1,23" is money
        # A4, NO1, Covid19 are names; a Vietnamese word glued to a figure by scraping is not
        # ("lên đến115 ha", "hơn40năm"): lower case with a Vietnamese letter, two letters or more
        word = _GLUED_WORD_RE.search(text, max(0, pos - 12), pos)
        return word is not None and glued_word(word.group())
    if prev.isalnum() or prev == "_":
        return False
    if pos >= 2:
        before = text[pos - 2]
        if prev in _GLUE and before.isalpha():
            return False  # Covid-19, Q.1, đồng/1
        if prev in ".," and before.isdigit():
            return False  # inside a numeral
    return True


def _is_idiom(lex: _Lexicon, text: str, w: _Word) -> bool:
    """Is the bare digit word ``w`` half of a pair like "một hai", "năm bảy"?"""
    _, nxt = _peek(text, w.end)
    if nxt is not None and (w.word, nxt.word) in lex.idioms:
        return True
    m = _WORD_BEFORE_RE.search(text, max(0, w.start - 12), w.start)
    return m is not None and (m.group(1).lower(), w.word) in lex.idioms and _left_ok(text, m.start(1))


def _next_is_numeral(text: str, j: int) -> bool:
    k, _ = _peek(text, j)
    return j < k < len(text) and text[k] in _DIGITS


_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ASCII_RUN_RE = re.compile(f"[A-Za-z]+(?:[{_HSPACE}]+[A-Za-z]+)*(?![^\\W\\d_])")
_ASCII_WORD_RE = re.compile("[A-Za-z]+")
_TONED_RE = re.compile("[^\\W\\dA-Za-z_]")  # a letter that is not plain ASCII
_CODE_BEFORE_RE = re.compile(r"(?<![^\W\d_])([^\W\d_]+)$")
_FRAC_DIGITS_RE = re.compile(r"[0-9]+(?![0-9]|[.,][0-9])")
_WORD_BEFORE_RE = re.compile(rf"([^\W\d_]+)[{_HSPACE}]+$")


# --- the parser -----------------------------------------------------------------

class _State(NamedTuple):
    end: int
    value: Decimal
    magnitude: Decimal | None


class _Seg(NamedTuple):
    """A part of the number closed by a magnitude word: "200 triệu" -> (2E8, 1E6, 1E6)."""
    value: Decimal
    mag: Decimal  # its place: parts must come in descending places
    big: Decimal  # the product of its big magnitude words (1 for trăm, chục)


def _close(segs: list[_Seg], end: int, extra: Decimal | None = None) -> _State:
    value = extra if extra is not None else Decimal(0)
    for seg in segs:
        value = _CTX.add(value, seg.value)
    return _State(end, value, segs[0].big if segs and segs[0].big > 1 else None)


def _push_big(segs: list[_Seg], base: Decimal, mag: Decimal, compound: bool) -> bool:
    """Close the smaller parts under magnitude ``mag``; False if that breaks the descending order."""
    k = len(segs)
    while k and segs[k - 1].mag < mag:
        k -= 1
    if compound and k == len(segs):
        return False
    place = big = _ONE
    for seg in segs[k:]:
        base = _CTX.add(base, seg.value)
        place, big = max(place, seg.mag), max(big, seg.big)
    val = _CTX.multiply(base, mag)
    if k and val >= segs[k - 1].mag:
        return False  # "2 tỷ 3 tỷ", "1 tỷ 1.500 triệu"
    if compound:  # "nghìn tỷ" = 10^12, "trăm nghìn" = 10^5
        segs[k:] = [_Seg(val, _CTX.multiply(place, mag), _CTX.multiply(big, mag))]
    else:
        segs[k:] = [_Seg(val, mag, mag)]
    return True


def match_number(
    text: str, pos: int = 0, *, decimal_separator: str | None = None, allow_bare_words: bool = False
) -> NumberMatch | None:
    """The longest number expression starting exactly at ``text[pos]``, or None.

    A number that is a single word ("năm", "ba", "mười") matches only with
    ``allow_bare_words=True``; the module docstring has every other rule.
    """
    if decimal_separator not in (None, ".", ","):
        raise ValueError(f"decimal_separator must be '.', ',' or None, not {decimal_separator!r}")
    n = len(text)
    if pos < 0 or pos >= n or not _left_ok(text, pos):
        return None
    lex = _LEX
    c = text[pos]
    if c in _DIGITS and decimal_separator is None:
        fm = lex.fast_re.match(text, pos)
        if fm is not None:
            return _fast_match(lex, fm)
    nm = _parse(lex, text, pos, decimal_separator, allow_bare_words)
    if c in _ASCII_LETTERS:  # "hai muoi lam": the words typed without tone marks
        toneless = _parse_toneless(lex, text, pos, decimal_separator, allow_bare_words)
        if toneless is not None and (nm is None or toneless.end > nm.end):
            return toneless
    return nm


def _parse_toneless(lex: _Lexicon, text: str, pos: int, hint: str | None, allow_bare_words: bool) -> NumberMatch | None:
    """A number at ``pos`` written without tone marks: "mot tram nghin ty", "ba tram linh nam".

    Toneless words are read only together: two words or more, one of them structural
    (mươi, linh, phẩy, phần, rưỡi or a magnitude: "sau hai" is "after two", not 62), and
    with no toned letter near (in toned text "tram" is a typo of "trạm", a station).
    """
    run = _ASCII_RUN_RE.match(text, pos)
    if run is None or run.end() - pos < 3:
        return None
    pieces: list[str] = []
    prev: str | None = None
    folded = False
    stop = pos
    for m in _ASCII_WORD_RE.finditer(text, pos, run.end()):
        low = m.group().lower()
        if low in lex.digits or low in lex.roles or low in lex.mags:
            word = low
        elif low in lex.ascii:
            options = lex.ascii[low]
            word = options[0]
            if len(options) > 1:  # "muoi": mươi after a digit 2-9, mười elsewhere
                tens = prev is not None and prev in lex.digits and lex.digits[prev][0] >= 2
                word = next((o for o in options if (lex.roles.get(o) == "tens_mult") == tens), word)
            folded = True
        else:
            break
        if len(word) != len(low):
            break  # not one character per character: positions would shift
        pieces.append(text[stop:m.start()] + word)
        stop, prev = m.end(), word
    if not folded or len(pieces) < 2:
        return None
    local = "".join(pieces) + text[stop:stop + 24]
    nm = _parse(lex, local, 0, hint, allow_bare_words)
    if nm is None:
        return None
    said = local[:nm.end].split()
    if len(said) < 2 or not any(w.lower() in lex.mags or lex.roles.get(w.lower(), "minus") not in ("minus", "minus_cued")
                                for w in said):
        return None
    end = pos + nm.end
    if _TONED_RE.search(text, max(0, pos - 30), pos) or _TONED_RE.search(text, end, end + 30):
        return None
    at = local.find(nm.digits)
    return NumberMatch(pos, end, nm.value, text[pos + at:pos + at + len(nm.digits)], nm.magnitude, nm.words,
                       nm.leading_zero)


def _fast_match(lex: _Lexicon, fm: re.Match[str]) -> NumberMatch:
    num = fm.group("num")
    value = Decimal(num.replace(".", "").replace(",", "."))
    leading_zero = len(num) > 1 and num[0] == "0" and num[1] in _DIGITS
    word = fm.group("spaced") or fm.group("glued")
    if word is None:
        return NumberMatch(fm.start(), fm.end(), _clean(value) if "," in num else value, num, None, False,
                           leading_zero)
    mag = (lex.mags_exact.get(word) or lex.mags[word.lower()]).value
    return NumberMatch(fm.start(), fm.end(), _clean(_CTX.multiply(value, mag)), num, mag, False, leading_zero)


def _parse(lex: _Lexicon, text: str, pos: int, hint: str | None, allow_bare_words: bool) -> NumberMatch | None:
    """The general reader behind :func:`match_number` (``pos`` already checked)."""
    n = len(text)
    negative = whole = False
    lead: _Mag | None = None
    i = pos
    c = text[i]
    w: _Word | None = None
    if c in _DIGITS:
        pass
    elif c in _MINUS:
        if i + 1 >= n or text[i + 1] not in _DIGITS:
            return None
        negative, i = True, i + 1
    elif c.isalpha():
        w = _word_at(text, i)
        if w is None:
            return None
        mag = lex.mags.get(w.word)
        if mag is not None:  # "tỷ rưỡi", "triệu rưỡi": one and a half of the magnitude
            _, hw = _peek(text, w.end)
            if mag.group or not mag.words or hw is None:
                return None
            if lex.roles.get(hw.word) == "half":
                return NumberMatch(pos, hw.end, _clean(_CTX.multiply(mag.value, Decimal("1.5"))), text[pos:w.end],
                                   mag.value, True, False)
            if lex.roles.get(hw.word) != "linh" or _after_linh(lex, text, hw) is None:
                return None
            lead = mag  # "tỷ lẻ mười bảy": one of the magnitude, then what lẻ joins
        role = lex.roles.get(w.word)
        if role == "minus_cued":  # "trừ 10": only after a cue ("nhiệt độ trừ 5") or as the whole expression
            whole = pos == 0
            if not whole and lex.minus_cue_re.match(text[max(0, pos - 16):pos][::-1]) is None:
                return None
        if role == "minus" or role == "minus_cued":  # "âm năm", "âm 5"
            minus_end = w.end
            k, w = _peek(text, minus_end)
            if k == minus_end or k >= n:
                return None
            negative, i = True, k
        elif lead is None and not allow_bare_words:
            _, nxt = _peek(text, w.end)
            if nxt is None or (nxt.word not in lex.digits and nxt.word not in lex.roles and nxt.word not in lex.mags):
                return None  # no number word can follow: the word would stand alone ("năm 2018", "một người")
    else:
        return None

    segs: list[_Seg] = []
    mt: _MagTok | None = None
    atom: _Atom | None
    if lead is not None:
        first = _Atom(_ONE, w.end, "unit", True, None, False, w.end)  # type: ignore[union-attr]
        segs.append(_Seg(lead.value, lead.value, lead.value))
        best, atom, end, state = _close(segs, first.end), None, first.end, "big"
    else:
        first = _atom_at(lex, text, i, w, False, hint, True)  # type: ignore[assignment]
        if first is None:
            return None
        best, atom, end = _State(first.end, first.value, None), first, first.end
        state = "atom"  # the last thing read: atom | group100 | group10 | big
    words = first.kind != "num"

    while True:
        if atom is not None:
            # after a number part: a magnitude closes it (or phẩy, after the first part)
            if mt is None:
                digits = atom.kind == "num"
                mt = _mag_after(lex, text, atom.end, digits=digits, words=not digits)
            if mt is None:
                if atom is not first or not atom.integral:
                    break
                k, pw = _peek(text, atom.end)
                if pw is not None and words and lex.roles.get(pw.word) == "fraction":
                    den = _denominator(lex, text, pw.end)
                    if den is not None and not _next_is_numeral(text, den[1]):  # not "một phần năm 2020"
                        if not _finite(den[0]):
                            return None  # "hai phần ba" has no exact decimal: no number at all
                        best = _State(den[1], _CTX.divide(atom.value, Decimal(den[0])), None)
                        break
                if pw is None or lex.roles.get(pw.word) != "point":
                    break
                frac = _fraction(lex, text, pw.end)
                if frac is None:
                    break
                atom = first = atom._replace(value=_CTX.add(atom.value, Decimal("0." + frac[0])), end=frac[1],
                                             integral=False)
                end = frac[1]
                best = _State(end, atom.value, None)
                mt = _mag_after(lex, text, end, digits=False, words=words)
                if mt is None:
                    break
            mag = mt.mag
            if mt.glued and (mag.tail_required or (mt.end < n and text[mt.end] in _DIGITS)):
                # "1tr2", "2t3", "10k5": glued digits are the next decimal places of the magnitude
                tm = _TAIL_RE.match(text, mt.end)
                if tm is None or not mag.tail or atom is not first or not atom.integral:
                    break
                tail = tm.group()
                scaled = _CTX.multiply(Decimal(tail).scaleb(-len(tail)), mag.value)
                best = _State(tm.end(), _CTX.add(_CTX.multiply(atom.value, mag.value), scaled), mag.value)
                break
            if mag.group:
                if not (
                    atom.integral and atom.kind in ("unit", "num") and atom.value <= 9
                    and (atom.value >= 1 or (segs and mag.value == 100))  # "không trăm" inside only
                    and (not segs or _CTX.multiply(atom.value, mag.value) < segs[-1].mag)
                ):
                    break
                segs.append(_Seg(_CTX.multiply(atom.value, mag.value), mag.value, _ONE))
                state = "group100" if mag.value == 100 else "group10"
            else:
                if not _push_big(segs, atom.value, mag.value, compound=False):
                    break
                state = "big"
            end = mt.end
            atom = mt = None
            best = _close(segs, end)
            continue

        # after a magnitude: rưỡi, a bigger magnitude ("nghìn tỷ"), or the next part
        k, nw = _peek(text, end)
        if k == end:
            break
        last_mag = segs[-1].mag
        if nw is not None:
            if lex.roles.get(nw.word) == "point" and words:
                frac = _fraction(lex, text, nw.end)  # "một triệu phẩy không không một" = 1000000,001
                if frac is not None:
                    best = _close(segs, frac[1], Decimal("0." + frac[0]))
                break
            if lex.roles.get(nw.word) == "half":
                if state != "group10":  # "2 tỷ rưỡi", "một trăm rưởi"
                    segs[-1] = segs[-1]._replace(value=_CTX.add(segs[-1].value, last_mag / 2))
                    best = _close(segs, nw.end)
                break
            mag = lex.mags.get(nw.word)
            if (mag is not None and mag.value == _TOP and last_mag >= _TOP and segs[-1].big >= _TOP
                    and (mag.words if words else mag.spaced)):
                # stacked: "hai tỷ tỷ" = 2·10^18, "một nghìn tỷ tỷ" = 10^21 multiply all read so far
                total = sum((seg.value for seg in segs), Decimal(0))
                segs[:] = [_Seg(_CTX.multiply(total, mag.value), _CTX.multiply(segs[0].mag, mag.value),
                                _CTX.multiply(segs[0].big, mag.value))]
                end = nw.end
                best = _close(segs, end)
                continue
            if mag is not None:
                if (mag.group or mag.tail_required or not (mag.words if words else mag.spaced)
                        or mag.value <= last_mag or not _push_big(segs, Decimal(0), mag.value, compound=True)):
                    break
                end = nw.end
                state = "big"
                best = _close(segs, end)
                continue
        if state == "group10":
            break
        part = None
        if state == "big" and nw is not None and lex.roles.get(nw.word) == "linh":
            part = _after_linh(lex, text, nw)  # "một tỷ lẻ mười bảy": lẻ joins a smaller number
        if part is None:
            part = _atom_at(lex, text, k, nw, True, hint, False)
        if part is None or not part.integral:
            break
        if words and state == "group100" and part.kind == "unit" and part.value >= 1:
            _, pw = _peek(text, part.end)
            if pw is not None and pw.word in lex.digits and "tens" in lex.digits[pw.word][1]:
                # spoken tens and units after "trăm": "hai trăm năm chín" = 259, "bốn trăm bốn bảy nghìn"
                part = _Atom(part.value * _TEN + lex.digits[pw.word][0], pw.end, "tens", True, None, False,
                             part.surface_end)
        pdigits = part.kind == "num"
        mt = _mag_after(lex, text, part.end, digits=pdigits, words=not pdigits)
        if mt is not None:
            if (words and state == "group100" and part.kind == "unit" and not mt.mag.group
                    and "tail" in lex.digits[part.word][1]):  # type: ignore[index]
                # "bốn trăm sáu triệu" = 460 triệu: the elliptical tens digit before a magnitude
                part = part._replace(value=part.value * _TEN)
            atom, end = part, part.end
            continue  # checked against its magnitude above
        # nothing follows: the part closes the number
        if pdigits:
            break  # "2 tỷ 3": spaced digits after a magnitude count only before a magnitude
        if part.kind in ("tens", "linh"):
            if part.value < last_mag:
                best = _close(segs, part.end, part.value)
                frac = _fraction_after_point(lex, text, part.end)
                if frac is not None:  # "một trăm hai mươi ba phẩy năm"
                    best = _close(segs, frac[1], _CTX.add(part.value, Decimal("0." + frac[0])))
            break
        if words and part.word is not None and "tail" in lex.digits[part.word][1] and last_mag >= 100:
            # "hai triệu hai", "một trăm mốt": the last digit is a tenth of the magnitude
            best = _close(segs, part.end, _CTX.multiply(part.value, last_mag / _TEN))
        break

    if best.end == first.end and words and first.end == first.surface_end and i == pos:
        # one word on its own: "năm", "ba", "Một là"
        if not allow_bare_words:
            return None
        bare = _word_at(text, i)
        if bare is None or _is_idiom(lex, text, bare) or _next_is_numeral(text, best.end):
            return None  # "một hai người", "năm 2018"
    if whole and text[best.end:].strip(_HSPACE + "\n"):
        return None  # "trừ 2 hộ vắng mặt": the verb "except"
    value = _CTX.minus(best.value) if negative else best.value
    return NumberMatch(
        pos, best.end, _clean(value), text[i:first.surface_end], best.magnitude, words, first.leading_zero
    )


def _after_linh(lex: _Lexicon, text: str, linh: _Word) -> _Atom | None:
    """What "lẻ"/"linh" joins after a big magnitude: tens ("lẻ mười bảy") or one digit ("linh năm")."""
    _, aw = _peek(text, linh.end)
    if aw is None:
        return None
    tens = _small_words(lex, text, aw, False)
    if tens is not None and tens.kind == "tens":
        return tens._replace(kind="linh")
    entry = lex.digits.get(aw.word)
    if entry is not None and "linh" in entry[1]:
        return _Atom(Decimal(entry[0]), aw.end, "linh", True, None, False, aw.end)
    return None


def _denominator(lex: _Lexicon, text: str, j: int) -> tuple[int, int] | None:
    """The denominator after "phần" ending at ``j``: "hai", "tư", "mười", "hai mươi" -> (value, end)."""
    _, dw = _peek(text, j)
    if dw is None:
        return None
    entry = lex.digits.get(dw.word)
    if entry is None and lex.roles.get(dw.word) != "teen_base":
        return None  # "phần trăm" is percent, a unit
    if entry is not None and "denom" not in entry[1]:
        return None
    small = _small_words(lex, text, dw, False) if entry is None or "start" in entry[1] else None
    if small is not None and small.kind == "tens":
        return int(small.value), small.end
    return (entry[0], dw.end) if entry is not None else None


def _finite(d: int) -> bool:
    """Does 1/d have a finite decimal expansion (d = 2^a 5^b)?"""
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def _fraction_after_point(lex: _Lexicon, text: str, j: int) -> tuple[str, int] | None:
    _, pw = _peek(text, j)
    if pw is None or lex.roles.get(pw.word) != "point":
        return None
    return _fraction(lex, text, pw.end)


# a letter with a tone or vowel mark: the text is written with them (no toneless number words)
_TONED = re.compile("[\u00c0-\u00c3\u00c8-\u00ca\u00cc\u00cd\u00d2-\u00d5\u00d9\u00da\u00dd\u00e0-\u00e3\u00e8-\u00ea"
                    "\u00ec\u00ed\u00f2-\u00f5\u00f9\u00fa\u00fd\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169"
                    "\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9\u0300-\u0323]")


def find_numbers(
    text: str, *, decimal_separator: str | None = None, allow_bare_words: bool = False
) -> Iterator[NumberMatch]:
    """All non-overlapping number expressions in ``text``, left to right."""
    if _TONED.search(text):
        candidate_re, words = _LEX.candidate_toned_re, _LEX.candidate_toned_words
    else:
        candidate_re, words = _LEX.candidate_re, _LEX.candidate_words
    low = lowered(text)
    if low is None or len(low) != len(text):
        starts = None  # candidate_re is searched for from each position on
    else:
        starts = _candidate_starts(text, low, words)
    i = 0
    k = 0
    while True:
        if starts is None:
            m = candidate_re.search(text, i)
        else:
            # the first candidate at or after i: what candidate_re.search(text, i) finds
            m = None
            while m is None and k < len(starts):
                if starts[k] >= i:
                    m = candidate_re.match(text, starts[k])
                k += 1
        if m is None:
            return
        nm = match_number(text, m.start(), decimal_separator=decimal_separator, allow_bare_words=allow_bare_words)
        if nm is not None:
            yield nm
            i = nm.end
        else:
            i = m.end()


# a minus sign, or the first digit of a run: where a number in digits can start (after a digit
# neither branch of the candidate patterns' left edge holds)
_NUMERAL_START_RE = re.compile(f"[{_MINUS}0-9](?<![0-9][0-9])")


def _candidate_starts(text: str, low: str, words: tuple[str, ...]) -> list[int]:
    """Every position where a candidate pattern (whose words are ``words``) can match, ascending,
    from ``low`` = ``text.lower()`` of the same length: a minus sign or a run of digits starts
    there, or one of the words in any case. Matching the pattern only there finds what a search
    finds, far faster than the search's try at every position ("[0-9]" is no prefix `re` can
    skip to: the patterns open with a lookahead and ignore case). Exact for `re`'s case folding
    where prefilter.lowered() is (tests/test_numbers.py)."""
    starts = [m.start() for m in _NUMERAL_START_RE.finditer(text)] + starts_of(low, words)
    starts.sort()
    return starts


def parse_number(s: str, *, decimal_separator: str | None = None) -> Decimal:
    """The value of ``s``, which must be exactly one number (surrounding spaces allowed)."""
    stripped = s.strip()
    offset = len(s) - len(s.lstrip())
    nm = match_number(s, offset, decimal_separator=decimal_separator, allow_bare_words=True) if stripped else None
    if nm is None:
        raise NumberParseError(f"not a number: {s!r}; expected digits (1.314.626,5), words (hai mươi lăm) "
                               "or digits with a magnitude (4,2 tỷ)")
    if nm.end != offset + len(stripped):
        raise NumberParseError(f"{s!r} holds more than one number: the number ends at offset {nm.end} "
                               f"({s[nm.start:nm.end]!r}), then {s[nm.end:]!r} remains")
    return nm.value


_LEX = _lexicon()
_TOP = max(m.value for m in _LEX.mags.values())  # tỷ: the magnitude that stacks ("tỷ tỷ")


# --- rendering ---------------------------------------------------------------------

def format_vi(d: Decimal, *, group: str = ".", decimal: str = ",") -> str:
    """``d`` written the Vietnamese way: "1.314.626.000", "50,596", "-8,5"."""
    d = Decimal(d)
    if not d.is_finite():
        raise ValueError(f"cannot format {d!r}")
    sign, body = ("-", format(-d, "f")) if d.is_signed() and d != 0 else ("", format(abs(d), "f"))
    intpart, _, frac = body.partition(".")
    head = len(intpart) % 3 or 3
    groups = [intpart[:head]] + [intpart[j:j + 3] for j in range(head, len(intpart), 3)]
    return sign + group.join(groups) + (decimal + frac if frac else "")


def _group_words(lex: _Lexicon, g: int, full: bool) -> list[str]:
    """0 < g < 1000; ``full`` reads the hundreds even when 0 ("không trăm linh năm")."""
    h, rest = divmod(g, 100)
    t, u = divmod(rest, 10)
    dw = lex.word_digit
    out: list[str] = []
    if h or full:
        out += [dw[h], "trăm"]
    if t == 0:
        if u:
            out += ["linh", dw[u]] if out else [dw[u]]
    elif t == 1:
        out.append("mười")
        if u:
            out.append("lăm" if u == 5 else dw[u])
    else:
        out += [dw[t], "mươi"]
        if u:
            out.append({1: "mốt", 4: "tư", 5: "lăm"}.get(u, dw[u]))
    return out


def _int_words(lex: _Lexicon, n: int, leading: bool = True) -> list[str]:
    if n == 0:
        return [lex.word_digit[0]]
    billion = 10 ** 9
    if n >= 1000 * billion:
        high, low = divmod(n, billion)
        out = _int_words(lex, high) + [lex.big_words[0][1]]
        return out + (_int_words(lex, low, leading=False) if low else [])
    out = []
    for exp, word in (*lex.big_words, (0, "")):
        g = (n // 10 ** exp) % 1000
        if not g:
            continue
        out += _group_words(lex, g, full=bool(out) or not leading)
        if word:
            out.append(word)
    return out


def to_words(d: Decimal) -> str:
    """``d`` read out in Vietnamese: "hai mươi lăm", "một trăm linh năm", "ba phẩy năm"."""
    d = Decimal(d)
    if not d.is_finite():
        raise ValueError(f"cannot read {d!r} out")
    lex = _lexicon()
    words: list[str] = []
    if d < 0:
        words.append(_role_word(lex, "minus"))
        d = -d
    intpart, _, frac = format(d, "f").partition(".")
    frac = frac.rstrip("0")
    words += _int_words(lex, int(intpart))
    if frac:
        words.append(_role_word(lex, "point"))
        words += [lex.word_digit[int(ch)] for ch in frac]
    return " ".join(words)
