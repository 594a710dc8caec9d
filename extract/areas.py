"""Administrative-area mentions: "xã Hàm Liêm", "các xã Kỳ Ninh, Kỳ Hà, Kỳ Nam",
"Thị xã Kinh Môn", "TP. Hồ Chí Minh", "KDC Sơn Khê", and bare names the
gazetteer knows ("Hàm Thuận Bắc tổng kết ...").

Finding is per stretch of text; resolving to gazetteer units happens per
document (:func:`resolve_all`), so homonyms ("Tân Thành", "Bạch Đằng") are
chosen with the article's other areas as context.

What is found:
- a type word of ``area_types.tsv`` in any case ("xã", "Thị xã", "XÃ"), or an
  abbreviation in capitals ("TP.", "Tp", "KDC", "TX."), then a capitalised name,
  an all-capitals name the gazetteer knows ("XÃ HÀM LIÊM", "TP.HCM"), a number
  for types named by numbers ("Quận 1", "Phường 5", "tổ dân phố số 18" -> 18)
  or a code below the ward ("Khu dân cư HTV.BT");
- the names after it that the gazetteer knows, as a list sharing the type word;
- the name after an organisation named for its unit ("Huyện ủy Hàm Thuận Bắc"
  -> huyện Hàm Thuận Bắc, ``area_org_prefixes.tsv``); the organisation itself
  is not an area, and without a name ("Ban Dân vận Thị ủy") nothing is found;
- bare names the gazetteer knows, kept only if they resolve near the article's
  other areas, or -- in an article naming no other area -- if they are district
  or province names that are not common words ("Thanh Chương có 10 xã ...").

Measured, not adopted (corpus/, gold/areas.jsonl, 61 mentions; one process,
2 shared cores; span overlap):

==============================================  ======  =========  ==============
what                                            recall  precision  time, 5 docs
==============================================  ======  =========  ==============
these rules, whole pipeline                     0.967   1.000      134 ms (all of
                                                                   extract_document)
these rules, ``find_areas`` on raw text         0.984   0.896      8 ms
spaCy PhraseMatcher, 14k gazetteer names        0.951   0.426      24-91 ms (+0.7 s
                                                                   build)
spaCy PhraseMatcher, typed names (LOWER)        0.443   0.818      15 ms
underthesea ``ner`` (B-/I-LOC)                  0.803   0.266      27.5 s
==============================================  ======  =========  ==============

Neither finds a gold mention these rules miss, except underthesea's "Khu dân cư
HTV.BT" (now found here too); the pipeline still misses it because the
sentence splitter cuts after "HTV.", and "Huề Trì" (a village no data knows,
tagged PER by underthesea).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from . import resources
from .link import bare_area_allowed
from .prefilter import alternation, finditer_from, lowered, names_after

# Type words too ambiguous to introduce an area on their own.
_SKIP_TYPES = {"tổ", "khu", "bon", "sóc", "plei"}
_NAME_SYLLABLE = r"\p{Lu}[\p{Ll}\p{M}]*(?:['’]\p{Lu}[\p{Ll}\p{M}]*)?"  # "N'Jang"
_NAME = rf"{_NAME_SYLLABLE}(?:[ ]{_NAME_SYLLABLE}){{0,3}}"
# all capitals: "XÃ HÀM CHÍNH" (headlines), "TP.HCM" (abbreviations); kept only when the gazetteer knows it
_CAPS_SYLLABLE = r"\p{Lu}[\p{Lu}\p{M}]+"
_CAPS_NAME = rf"{_CAPS_SYLLABLE}(?:[ ]{_CAPS_SYLLABLE}){{0,3}}"
_SUB_NUMBER_NAME = r"(?:số\s+)?\d{1,3}(?!\d|[.,/]\d)"
# a code-like name of a residential area: "Khu dân cư HTV.BT", "KDC A1" (below the ward only)
_SUB_CODE_NAME = r"\p{Lu}+(?:[.\d]+\p{Lu}*)+(?<![.])"
_LIST_SEP = r"(?:[ ]*,[ ]*|[ ]+và[ ]+)"
_NAME_NUMBER = regex.compile(r"[ ](\d{1,2}|[IVX]{1,4}|[A-Z]\d{1,2})(?=[ ]*(?:[,.;:)(\n]|$|(?:xã|phường|thị trấn|huyện|thị xã|thành phố|tỉnh)[ ]))")
_LIST_ITEM = regex.compile(rf"{_LIST_SEP}(?P<name>{_NAME})(?![\p{{L}}])")
_BARE_RUN = regex.compile(rf"(?<![\p{{L}}\d])({_NAME_SYLLABLE}(?:[ ]{_NAME_SYLLABLE}){{1,3}})(?![\p{{L}}])")
# a name then a slash and an outlet (an acronym or "Báo ..."): a byline ("An Minh/VOV.VN", "Thanh Hà/TTXVN")
_BYLINE_AFTER = regex.compile(r"[ ]?/[ ]?(?:\p{Lu}{2,}|Báo[ ])")
# a name followed by a birth year or an age is a person's: "Hoàng Lâm (sinh năm 1983) trú tại ..."
_PERSON_AFTER = regex.compile(r"[ ]?\((?:(?i:sinh năm|sn|năm sinh)[ ]?\d{4}|\d{1,3}[ ]tuổi)")
# REVERSE, and matched: anchored where the name starts instead of searched through the window
_PERSON_CUE = regex.compile(r"(?:đ/c|đồng chí|ông|bà|anh|chị|em|cháu|cụ|bác|chú|cô)\s+$", regex.IGNORECASE | regex.REVERSE)
_SUB_CODE = regex.compile(_SUB_CODE_NAME)
_COUNTED = regex.compile(r"\d[ ]*$")
_QUOTED = regex.compile(r"[“\"][^“”\"\n]{1,160}[”\"]")


@dataclass(frozen=True, slots=True)
class AreaMatch:
    start: int  # the whole mention: type word (if written) and name
    end: int
    type: str  # lower-case canonical type word
    name: str
    level: str  # province | district | ward | sub | "" (unknown, bare)
    typed: bool  # the type word was written
    unit: object | None = None  # gazetteer.Unit once resolved
    via: str = ""  # how an untyped name was found: "list", "org" ("Huyện ủy X"), "bare"

    @property
    def canonical(self) -> str:
        return f"{self.type} {self.name}"

    def changed(self, *, start: int | None = None, end: int | None = None, type: str | None = None,  # noqa: A002
                level: str | None = None, name: str | None = None, unit: object | None = None) -> AreaMatch:
        """A copy with the fields given (not None) changed: ``dataclasses.replace`` costs several
        times more, and resolving copies nearly every mention once or twice."""
        return AreaMatch(self.start if start is None else start, self.end if end is None else end,
                         self.type if type is None else type, self.name if name is None else name,
                         self.level if level is None else level, self.typed, self.unit if unit is None else unit,
                         self.via)


@cache
def _numbered() -> frozenset[str]:
    """Types whose units may be named by a number ("Quận 1", "thôn 3")."""
    return frozenset(row["type"] for row in resources.tsv("area_types.tsv") if row.get("numbered") == "yes")


def _type_words(variants: dict[str, tuple[str, str]]) -> tuple[list[str], list[str]]:
    """Full type words (any case) and abbreviations (only in capitals: "TP", "KDC"; or as "Tp"/"Tp.")."""
    types = {row["type"] for row in resources.tsv("area_types.tsv")}
    words = sorted((v for v in variants if v in types or not v.replace(".", "").isascii()), key=len, reverse=True)
    abbrs = sorted((v for v in variants if v not in words and len(v.replace(".", "")) > 1), key=len, reverse=True)
    return words, abbrs


@cache
def _type_firsts() -> tuple[str, ...]:
    """What a typed mention opens with, in lower case: the type pattern is tried only there."""
    words, abbrs = _type_words(_types()[1])
    return tuple(sorted({w.split()[0] for w in words} | {a.lower() for a in abbrs} | {"tp"}))


@cache
def _types() -> tuple[regex.Pattern[str], dict[str, tuple[str, str]]]:
    variants: dict[str, tuple[str, str]] = {}
    for row in resources.tsv("area_types.tsv"):
        if row["type"] in _SKIP_TYPES:
            continue
        level = row["level"].split()[0]
        for v in row["variants"].split(","):
            v = v.strip()
            if v:
                variants[v.lower()] = (row["type"], level)
    words, abbrs = _type_words(variants)
    word_alt = "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in words)
    abbr_alt = "|".join(regex.escape(a.upper()) for a in abbrs)
    pattern = regex.compile(
        # an abbreviation glued to another one is part of it: "Sở VH-TT Hải Phòng", "Sở TT&TT"
        # and a type word glued to the next letter is part of a longer word: "BẢNG GIÁ" is no "bản G"
        rf"(?<![\p{{L}}])(?P<type>(?i:{word_alt})(?![\p{{L}}])|(?<!\p{{Lu}}[ ]?[-–&/][ ]?)(?:(?:{abbr_alt})\.?|T[Pp]\.?))[ ]*"
        rf"(?P<name>{_SUB_CODE_NAME}|{_NAME}|{_CAPS_NAME}|{_SUB_NUMBER_NAME})(?![\p{{L}}\d])"
    )
    return pattern, variants


@cache
def _org_firsts() -> tuple[str, ...]:
    """What an organisation prefix opens with, in lower case: its pattern is tried only there."""
    return tuple(sorted({p.split()[0] for p in _org_prefixes()[1]}))


@cache
def _org_lasts() -> tuple[str, ...]:
    """What an organisation prefix ends with, in lower case ("ủy", "đoàn"): where none of them
    stands, its pattern cannot match and is not tried (its first words are common ones)."""
    return tuple(sorted({p.split()[-1] for p in _org_prefixes()[1]}))


def _holds_any(text: str, low: str | None, words: tuple[str, ...]) -> bool:
    """Whether ``low``, the text lowered, holds one of ``words``; True where
    :func:`prefilter.finditer_from` would not trust it either."""
    if low is None or len(low) != len(text):
        return True
    for w in words:
        if w in low:
            return True
    return False


@cache
def _org_prefixes() -> tuple[regex.Pattern[str], dict[str, str]]:
    """"Huyện ủy Hàm Thuận Bắc": the name after an organisation named for its unit."""
    types = {" ".join(row["prefix"].lower().split()): row["type"] for row in resources.tsv("area_org_prefixes.tsv")}
    alt = "|".join(regex.escape(p).replace(r"\ ", r"\s+") for p in sorted(types, key=len, reverse=True))
    return regex.compile(rf"(?<![\p{{L}}])(?P<org>(?i:{alt}))[ ]+(?P<name>{_NAME})(?![\p{{L}}])"), types


@cache
def _name_stops() -> regex.Pattern[str]:
    words = sorted(resources.lines("area_name_stops.txt"), key=len, reverse=True)
    return regex.compile(r"(?:" + "|".join(regex.escape(w) for w in words) + r")(?![\p{L}])", regex.IGNORECASE)


def _type_of(word: str, variants: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    key = " ".join(word.lower().split()).rstrip(".")
    return variants.get(key) or variants.get(key.replace(".", ""))


def _caps_name(name: str, gazetteer) -> tuple[str, int] | None:
    """The longest known start of an all-capitals name, as the gazetteer would spell it, and
    its length: "HÀM LIÊM VỀ ĐÍCH" -> ("Hàm Liêm", 8); None if none is known."""
    if gazetteer is None:
        return None
    if " " not in name and len(name) <= 4:  # an abbreviation: "HCM"
        return (name, len(name)) if gazetteer.is_known(name) else None
    words = name.split(" ")
    for n in range(len(words), 0, -1):
        titled = " ".join(w[:1] + w[1:].lower() for w in words[:n])
        if (n > 1 or len(words) == 1) and gazetteer.is_known(titled):
            return titled, len(" ".join(words[:n]))
    return None


_JOINED = regex.compile(rf"[ ]*[-–][ ]*({_NAME})(?![\p{{L}}])")


def _known_extent(text: str, at: int, name: str, gazetteer) -> tuple[str, int]:
    """The name the gazetteer knows, from the capitalised run after a type word: a person's
    name that follows is left out ("tỉnh Nghệ An Nguyễn Hữu" -> "Nghệ An") and a name
    joined by a dash is taken whole ("tỉnh Bà Rịa – Vũng Tàu"). Unknown: as written."""
    joined = _JOINED.match(text, at + len(name))
    if joined is not None:
        whole = f"{name} - {joined.group(1)}"
        if gazetteer.is_known(whole):
            return whole, joined.end()
    if gazetteer.is_known(name):
        return name, at + len(name)
    words = name.split(" ")
    for n in range(len(words) - 1, 0, -1):
        prefix = " ".join(words[:n])
        if gazetteer.is_known(prefix):
            return prefix, at + len(prefix)
    return name, at + len(name)


_PREV_WORD = regex.compile(r"(\p{L}+)[ ]$")


@cache
def _type_compounds() -> frozenset[str]:
    return frozenset(" ".join(w.lower().split()) for w in resources.lines("area_type_compounds.txt"))


def find_areas(text: str, *, gazetteer=None) -> list[AreaMatch]:
    """Area mentions in ``text``; bare names only where ``gazetteer`` knows them."""
    pattern, variants = _types()
    stops = _name_stops()
    numbered = _numbered()
    found: list[AreaMatch] = []
    low = lowered(text)
    compounds = _type_compounds()
    for m in finditer_from(pattern, text, low, _type_firsts()):
        t = _type_of(m.group("type"), variants)
        if t is None:
            continue
        if any(a.via == "list" and a.start <= m.start() < a.end for a in found):
            continue  # inside the list item before it: "các xã ..., Bản Nhùng" (xã Bản Nhùng)
        prev = _PREV_WORD.search(text, max(0, m.start() - 24), m.start())
        if prev is not None and f"{prev.group(1)} {m.group('type')}".lower() in compounds:
            continue  # "Nhật Bản Shinzo Abe", "nông thôn Hải Dương": a word, not a type word
        type_word, level = t
        name = m.group("name")
        if name[0].isdigit() or name.startswith("số"):
            # "có 3 phường 2 thị trấn" counts units; "Phường 5", "thôn 3 xã Ea Kao" name one
            if type_word not in numbered or _COUNTED.search(text, max(0, m.start() - 12), m.start()):
                continue
            name = name.split()[-1] if name.startswith("số") else name  # "tổ dân phố số 18" and "Tổ dân phố 18" are one unit
        elif stops.match(text, m.start("name")):
            continue  # (read in the text: a stop may go on past the name, "bản Kết luận Thanh tra")
        elif _SUB_CODE.fullmatch(name):
            if level != "sub":
                continue
        elif name.isupper() and len(name) > 1:
            caps = _caps_name(name, gazetteer)
            if caps is None:
                continue
            name = caps[0]
            found.append(AreaMatch(m.start(), m.start("name") + caps[1], type_word, name, level, True))
            continue
        elif level == "sub" and not _vietnamese_name(name, type_word in numbered):
            continue  # "bản S7", "bản Sportz" (a phone's, a car's version), "làng Cibangkong" (abroad)
        end = m.end()
        if gazetteer is not None and level in ("province", "district", "ward"):
            name, end = _known_extent(text, m.start("name"), name, gazetteer)
        elif level == "sub" and not name[0].isdigit():
            numbered_part = _NAME_NUMBER.match(text, end)
            if numbered_part is not None:  # "tổ dân phố Nam Sơn 1", "làng Kon Rờ Bang 2": the number is the name's
                name, end = f"{name} {numbered_part.group(1)}", numbered_part.end()
        found.append(AreaMatch(m.start(), end, type_word, name, level, True))
        # a list sharing one type word: "các xã Kỳ Ninh, Kỳ Hà và Kỳ Nam"
        cursor = m.end()
        while True:
            lm = _LIST_ITEM.match(text, cursor)
            if (lm is None or (pattern.match(text, lm.start("name")) and not _unit_named_with_a_type(lm.group("name"), gazetteer))
                    or stops.match(text, lm.start("name")) or _PERSON_AFTER.match(text, lm.end("name"))):
                break  # (not "tỉnh Thái Nguyên và Hoàng Lâm (sinh năm 1983)": a person)
            if gazetteer is None or not gazetteer.is_known(lm.group("name")):
                break
            if level != "province" and gazetteer.is_known(lm.group("name"), min_level="province"):
                # "xã Bố Hạ, huyện Yên Thế, Bắc Giang": an address goes on to its province, and the
                # district before it ("xã Phú Hữu, Nhơn Trạch, Đồng Nai") is no commune of the list
                if level == "ward":
                    while (found and found[-1].via == "list" and found[-1].type == type_word
                           and gazetteer.is_known(found[-1].name, min_level="district")):
                        found.pop()
                break
            nxt = text[lm.end():lm.end() + 2]
            found.append(AreaMatch(lm.start("name"), lm.end("name"), type_word, lm.group("name"), level, False, via="list"))
            cursor = lm.end()
            if nxt.startswith((";", ".")):
                break
    org_re, org_types = _org_prefixes()
    for m in finditer_from(org_re, text, low, _org_firsts()) if _holds_any(text, low, _org_lasts()) else ():
        if any(a.start < m.end() and m.start() < a.end for a in found) or stops.match(text, m.start("name")):
            continue
        type_word = org_types[" ".join(m.group("org").lower().split())]
        found.append(AreaMatch(m.start("name"), m.end("name"), type_word, m.group("name"),
                               variants[type_word][1], False, via="org"))
    if gazetteer is not None:
        taken = None  # what no bare name may overlap; built when one is known (most sentences have none)
        for m in _BARE_RUN.finditer(text):
            name = m.group(1)
            if not gazetteer.is_known(name):  # a cached lookup: most capitalised runs are no unit's name
                continue
            if taken is None:
                taken = [(a.start, a.end) for a in found]
                if '"' in text or "“" in text:
                    taken += [q.span() for q in _QUOTED.finditer(text)]
            s, e = m.span(1)
            if any(a < e and s < b for a, b in taken):
                continue
            if _PERSON_CUE.match(text, max(0, s - 12), s) or not bare_area_allowed(text, s):
                continue
            if _BYLINE_AFTER.match(text, e):
                continue  # "An Minh/VOV.VN", "Tân Kỳ/ Báo Nghệ An": a reporter's byline
            if _PERSON_AFTER.match(text, e):
                continue  # "Hoàng Lâm (sinh năm 1983)": a person
            found.append(AreaMatch(s, e, "", name, "", False, via="bare"))
    found.sort(key=lambda a: a.start)
    return found


#: the longest Vietnamese syllable has 7 letters ("nghiêng", "khuếch"); letters Vietnamese
#: spelling does not use
_MAX_SYLLABLE = 7
_FOREIGN_LETTER = regex.compile(r"[fjwzFJWZ]")


def _unit_named_with_a_type(name: str, gazetteer) -> bool:
    """A list item that opens with a type word but is a commune's whole name: "các xã ... Bản
    Luốc, Bản Nhùng" (xã Bản Nhùng), not a hamlet of the list."""
    return gazetteer is not None and gazetteer.is_known(name, min_level="ward")


def _vietnamese_name(name: str, numbered: bool) -> bool:
    """Whether a name below the ward (no gazetteer checks it) can be a Vietnamese place name:
    no digit (unless its type is numbered), no f/j/w/z, no word longer than a syllable;
    ethnic names with an apostrophe ("Nâm N'Jang", "Buôn K'Mạ") are let through."""
    if "'" in name or "’" in name:
        return True
    if not numbered and any(ch.isdigit() for ch in name):
        return False
    if _FOREIGN_LETTER.search(name):
        return False
    return all(len(w) <= _MAX_SYLLABLE for w in name.split())


#: the year the 2025 reform's units begin (gazetteer era "2025")
_NEW_ERA_YEAR = 2025
_TOO_NEW = object()  # a name that, in its article's year, only a unit created later bears

_LEVEL_RANK = {"province": 0, "district": 1, "ward": 2, "sub": 3, "": 4}


def resolve_all(mentions: list[AreaMatch], gazetteer, *, anchor: list[AreaMatch] = (),
                year: int | None = None) -> list[AreaMatch]:
    """Resolve every mention of one document to a gazetteer unit where possible.

    Higher levels first (tỉnh, huyện, then xã), each resolved with the units
    already found as context, so homonyms pick the unit inside the article's
    own province or district. Bare names are kept only when they resolve
    within that context, and take the type of the unit they resolve to, as it
    was in ``year`` (the article's) where the alias table dates an upgrade.
    """
    if gazetteer is None:
        return [m for m in mentions if m.typed or m.level]
    context: list = []
    # (a bare name that is a province's or a district's counts as one: it places the names before it,
    # "Hà Đông (Hà Nội)", "Phụng Châu, Chương Mỹ")
    # bare names right to left: an address names the larger unit after the smaller one
    ranks = [_rank(m, gazetteer) for m in mentions]
    order = sorted(range(len(mentions)), key=lambda i: (ranks[i], -i if ranks[i] == _LEVEL_RANK[""] else i))
    for a in anchor:
        if a.unit is not None:
            context.append(a.unit)
    typed_as = {m.name: m.type for m in mentions if m.typed}
    mentions = _with_article_types(mentions, typed_as, gazetteer)
    resolved: list[AreaMatch | None] = list(mentions)
    cache: dict[tuple[str, str], object | None] = {}
    for i in order:
        m = mentions[i]
        if m.level == "sub" and (m.typed or m.name in typed_as):
            continue  # below the ward: no gazetteer covers it
        parent = _parent_district(m, resolved[i - 1] if i else None, gazetteer, year)
        if parent is not None:
            # "xã Hòa Định, Chợ Gạo": the district the commune before lies in, not a commune of the list
            m = m.changed(type=parent.type, level="district", name=parent.name, unit=parent)
            resolved[i] = m
            if parent not in context:
                context.append(parent)
            continue
        placed = _placed_by_next(m, resolved[i + 1] if i + 1 < len(resolved) else None, gazetteer, year)
        if placed is not None:
            # "Hà Đông (Hà Nội)", "Vĩnh Yên, Vĩnh Phúc": the province right after a name places it
            m = m.changed(type=m.type if m.typed else gazetteer.type_in(placed, year), level=placed.level,
                          name=placed.name if "~" not in placed.code else m.name, unit=placed)
            resolved[i] = m
            if placed not in context:
                context.append(placed)
            continue
        key = (m.type, m.name, m.typed)
        if key not in cache:
            cache[key] = _lookup(m, gazetteer, tuple(context), year)
        unit = cache[key]
        if unit is _TOO_NEW:
            resolved[i] = None
            continue
        if unit is None:
            if not m.type or m.via == "org" or (m.level in ("province", "district", "ward")
                                                 and not gazetteer.has_unit(m.name, m.type)):
                # a bare name (or an organisation's) we cannot place is not an area; neither is a typed
                # name (or one the article types elsewhere) no unit of that level bears under that type
                # or a former, lower one ("thành phố Đặng Thị Phương Hoa", "tỉnh Quảng Đông", SPEC §4.7)
                resolved[i] = None
            continue
        if m.via == "list" and unit.level == "province" and m.level == "province":
            m = m.changed(type=gazetteer.type_in(unit, year))  # "Vĩnh Phúc" after "Thành phố Hồ Chí Minh": tỉnh
        if not m.typed:
            if not m.type:  # a bare name: trusted near the article's other areas, or alone if unmistakable
                if context and not _near(unit, context) and not (
                        unit.level == "province" and gazetteer.is_known(m.name, min_level="province")):
                    resolved[i] = None  # (a province's own name is trusted anywhere: "Hà Nội, TP HCM nợ ...")
                    continue
                if not context and not (unit.level in ("province", "district")
                                        and gazetteer.is_known(m.name, min_level="district")):
                    resolved[i] = None
                    continue
                if unit.level == "ward" and m.via == "bare":
                    resolved[i] = None  # a bare ward name not placed by the unit after it is too often a
                    continue            # person's ("Vân Hà chia sẻ", "Tuấn Tài ... và Thanh Bình")
                m = m.changed(type=gazetteer.type_in(unit, year), level=unit.level)
            elif m.name not in typed_as and unit.level != m.level:
                m = m.changed(type=unit.type, level=unit.level)  # a list item of another level
            elif gazetteer.outranks(m.type, unit):
                # a list item of a lower type: "TX Hồng Lĩnh, Thạch Hà, TP Hà Tĩnh" (huyện Thạch Hà)
                m = m.changed(type=gazetteer.type_in(unit, year))
        if m.typed and gazetteer.outranks(m.type, unit):
            # the text types the name above what the unit ever was ("thành phố Trùng Khánh" is
            # Chongqing, not huyện Trùng Khánh; "TP.Phú Yên"): no unit of the gazetteer is meant
            resolved[i] = None
            continue
        # the gazetteer's spelling: "Đăk Mol" -> "Đắk Môl", "TP.HCM" -> "Hồ Chí Minh"
        spelled = unit.name if getattr(unit, "name", None) and "~" not in unit.code else None
        resolved[i] = m.changed(name=spelled, unit=unit)
        if unit not in context:
            context.append(unit)
    return [m for m in resolved if m is not None]


def _with_article_types(mentions: list[AreaMatch], typed_as: dict[str, str], gazetteer) -> list[AreaMatch]:
    """A bare name takes the type the article itself gives it elsewhere ("xã Kỳ Nam" ... "Kỳ
    Nam"), and so does a list item ("xã Diễn Bích, Diễn Châu, Nghệ An" ... "huyện Diễn Châu"); an
    organisation's name keeps its own ("Tỉnh đoàn Vĩnh Long" ... "TP. Vĩnh Long"). Not a province's
    name closing an address ("thành phố Thanh Hóa, Thanh Hóa" ends with the province), nor one
    standing alone where the article types its capital city ("TP Bắc Ninh" ... "Đến Bắc Ninh")."""
    province_names = {m.name for m in mentions if gazetteer.is_known(m.name, min_level="province")}

    def takes_type(k: int, m: AreaMatch) -> bool:
        if m.typed or (m.type and m.via != "list") or m.name not in typed_as:
            return False
        if m.name not in province_names:
            return True
        closes_address = bool(k) and 0 < m.start - mentions[k - 1].end <= 2
        return not closes_address and not (not m.type and typed_as[m.name] != "tỉnh")

    return [m.changed(type=typed_as[m.name], level=_level_of(typed_as[m.name], mentions)) if takes_type(k, m) else m
            for k, m in enumerate(mentions)]


def _lookup(m: AreaMatch, gazetteer, context: tuple, year: int | None):
    """The unit one mention names given the article's units so far: None when none, _TOO_NEW
    when only a unit created after the article's year bears an untyped name."""
    unit = gazetteer.resolve(m.name, m.type or None, context=context)
    if (not m.type and m.via == "bare" and (unit is None or unit.level != "province")
            and gazetteer.is_known(m.name, min_level="province")):
        # a province's name standing alone is the province ("...; Khánh Hòa; Lâm Đồng; Bình
        # Dương; TP HCM"), not a commune or ward that shares it
        unit = gazetteer.resolve(m.name, "tỉnh", context=context) or unit
    if m.via == "list" and m.level == "province" and (unit is None or unit.level != "province"):
        # a list a province-level city leads ("Thành phố Hồ Chí Minh, Tuyên Quang, Vĩnh
        # Phúc") goes on with provinces, not the cities that share their names
        unit = gazetteer.resolve(m.name, "tỉnh", context=context) or unit
    if unit is not None and not m.typed and year is not None and year < _NEW_ERA_YEAR and unit.era == "2025":
        # an untyped name in an article from before the 2025 reform is no unit it created
        # ("xã Diễn Bích, Diễn Châu": the district, not the 2025 commune of that name)
        unit = gazetteer.resolve(m.name, None, context=context, year=year)
        if unit is None or unit.era == "2025":
            return _TOO_NEW
    if unit is None and m.type and not m.typed and m.via == "list":
        # a list item of another level; a bare name the article types elsewhere keeps that type,
        # and a type no unit of the name bears ("thành phố Côn Minh", Kunming) makes it none
        unit = gazetteer.resolve(m.name, None, context=context)
    return unit


def _rank(m: AreaMatch, gazetteer) -> int:
    if m.level:
        return _LEVEL_RANK[m.level]
    for level in ("province", "district"):
        if gazetteer.is_known(m.name, min_level=level):
            return _LEVEL_RANK[level]
    return _LEVEL_RANK[""]


def _placed_by_next(m: AreaMatch, nxt: AreaMatch | None, gazetteer, year: int | None):
    """The unit an untyped name means when a province or district follows it at once ("Hà Đông
    (Hà Nội)", "Phụng Châu, Chương Mỹ"): the one of that name inside it, else None."""
    if m.typed or nxt is None or getattr(nxt, "unit", None) is None or nxt.unit.level not in ("province", "district"):
        return None
    if not 0 < nxt.start - m.end <= 2 or m.level == "sub":
        return None
    unit = gazetteer.resolve(m.name, m.type or None, context=(nxt.unit,), year=year)
    if unit is None or unit.code == nxt.unit.code or nxt.unit.code not in unit.parent_codes:
        return None
    return unit


def _parent_district(m: AreaMatch, prev: AreaMatch | None, gazetteer, year: int | None):
    """The district a commune-level list item names when it is the district of the commune
    before it ("xã Hòa Định, Chợ Gạo"), else None."""
    if m.via != "list" or m.level != "ward" or prev is None or getattr(prev, "unit", None) is None:
        return None
    if prev.unit.level != "ward" or not gazetteer.is_known(m.name, min_level="district"):
        return None
    district = gazetteer.resolve(m.name, "huyện", context=(prev.unit,), year=year) or gazetteer.resolve(
        m.name, None, context=(prev.unit,), year=year)
    if district is None or district.level != "district" or district.code not in prev.unit.parent_codes:
        return None
    return district


def _level_of(type_word: str, mentions: list[AreaMatch]) -> str:
    return next(m.level for m in mentions if m.typed and m.type == type_word)


def _near(unit, context) -> bool:
    """A bare name is trusted only inside the province of an area already named."""
    codes = {c.code for c in context} | {p for c in context for p in c.parent_codes}
    return unit.code in codes or any(p in codes for p in unit.parent_codes)


def known_area(name: str, gazetteer) -> AreaMatch:
    """The area a user states for an input ("huyện Đắk Song"), resolved like a mention of
    the text; an InputError when it names no administrative unit."""
    from .errors import InputError

    found = [m for m in find_areas(name, gazetteer=gazetteer) if m.typed]
    if not found:
        raise InputError(f"{name!r} is not an administrative area: write it as '<type> <Name>' (e.g. 'huyện Đắk Song')")
    if gazetteer is None:
        return found[0]
    resolved = [m for m in resolve_all(found[:1], gazetteer) if m.unit is not None]
    if not resolved:
        raise InputError(f"{name!r}: the gazetteer has no such administrative unit")
    return resolved[0]


def person_names(text: str, names: set[str] | frozenset[str]) -> frozenset[str]:
    """Those of ``names`` the article gives a person somewhere: after a family name ("Phan
    Xuân Phương" -> "Xuân Phương") or after a role ("danh hài Chiến Thắng")."""
    return frozenset(names_after(text, names, _person_before().match, 60))


@cache
def _person_before() -> regex.Pattern[str]:
    """What stands right before a person's given name: a family name (and perhaps middle
    names), or a role; REVERSE, anchored where the name starts."""
    roles = resources.yaml_table("link_cues.yaml")["person_roles"]
    surnames = alternation(resources.lines("surnames.txt"))
    return regex.compile(
        rf"(?:(?<![\p{{L}}])(?:{surnames})(?:[ ]\p{{Lu}}\p{{Ll}}*){{0,2}}|(?<![\p{{L}}])(?i:{alternation(roles)}))[ ]$",
        regex.REVERSE,
    )
