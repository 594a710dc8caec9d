"""Administrative-area mentions: "xã Hàm Liêm", "các xã Kỳ Ninh, Kỳ Hà, Kỳ Nam",
"Thị xã Kinh Môn", "TP. Hồ Chí Minh", "KDC Sơn Khê", and bare names the
gazetteer knows ("Hàm Thuận Bắc tổng kết ...").

Finding is per stretch of text; resolving to gazetteer units happens per
document (:func:`resolve_all`), so homonyms ("Tân Thành", "Bạch Đằng") are
chosen with the article's other areas as context.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

import regex

from . import resources
from .link import bare_area_allowed

# Type words too ambiguous to introduce an area on their own.
_SKIP_TYPES = {"tổ", "khu", "bon", "sóc", "plei"}
_NAME_SYLLABLE = r"\p{Lu}[\p{Ll}\p{M}]*"
_NAME = rf"{_NAME_SYLLABLE}(?:[ ]{_NAME_SYLLABLE}){{0,3}}"
_SUB_NUMBER_NAME = r"(?:số\s+)?\d{1,3}(?!\d|[.,/]\d)"
_LIST_SEP = r"(?:[ ]*,[ ]*|[ ]+và[ ]+)"
_LIST_ITEM = regex.compile(rf"{_LIST_SEP}(?P<name>{_NAME})(?![\p{{L}}])")
_BARE_RUN = regex.compile(rf"(?<![\p{{L}}\d])({_NAME_SYLLABLE}(?:[ ]{_NAME_SYLLABLE}){{1,3}})(?![\p{{L}}])")
_PERSON_CUE = regex.compile(r"(?:đ/c|đồng chí|ông|bà|anh|chị|em|cháu|cụ|bác|chú|cô)\s+$", regex.IGNORECASE)
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

    @property
    def canonical(self) -> str:
        return f"{self.type} {self.name}"


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
    words = sorted((v for v in variants if len(v.replace(".", "")) > 2 or v in ("xã",)), key=len, reverse=True)
    abbrs = ["tp", "tx", "tt", "kdc", "kp", "tdp"]
    word_alt = "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in words)
    abbr_alt = "|".join(a for a in abbrs if a in variants)
    pattern = regex.compile(
        rf"(?<![\p{{L}}])(?P<type>(?i:{word_alt})|(?:{abbr_alt.upper()})\.?|T[Pp]\.)[ ]*(?P<name>{_NAME}|{_SUB_NUMBER_NAME})(?![\p{{L}}])"
    )
    return pattern, variants


@cache
def _name_stops() -> regex.Pattern[str]:
    words = sorted(resources.lines("area_name_stops.txt"), key=len, reverse=True)
    return regex.compile(r"(?:" + "|".join(regex.escape(w) for w in words) + r")(?![\p{L}])", regex.IGNORECASE)


def _type_of(word: str, variants: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    key = regex.sub(r"\s+", " ", word.lower()).rstrip(".")
    return variants.get(key) or variants.get(key.replace(".", ""))


def find_areas(text: str, *, gazetteer=None) -> list[AreaMatch]:
    """Area mentions in ``text``; bare names only where ``gazetteer`` knows them."""
    pattern, variants = _types()
    stops = _name_stops()
    found: list[AreaMatch] = []
    for m in pattern.finditer(text):
        t = _type_of(m.group("type"), variants)
        if t is None:
            continue
        type_word, level = t
        name = m.group("name")
        if name[0].isdigit() or name.startswith("số"):
            if level != "sub":
                continue
        elif stops.match(name):
            continue
        found.append(AreaMatch(m.start(), m.end(), type_word, name, level, True))
        # a list sharing one type word: "các xã Kỳ Ninh, Kỳ Hà và Kỳ Nam"
        cursor = m.end()
        while True:
            lm = _LIST_ITEM.match(text, cursor)
            if lm is None or pattern.match(text, lm.start("name")) or stops.match(lm.group("name")):
                break
            if gazetteer is None or not gazetteer.is_known(lm.group("name")):
                break
            nxt = text[lm.end():lm.end() + 2]
            found.append(AreaMatch(lm.start("name"), lm.end("name"), type_word, lm.group("name"), level, False))
            cursor = lm.end()
            if nxt.startswith((";", ".")):
                break
    if gazetteer is not None:
        taken = [(a.start, a.end) for a in found] + [m.span() for m in _QUOTED.finditer(text)]
        for m in _BARE_RUN.finditer(text):
            s, e = m.span(1)
            if any(a < e and s < b for a, b in taken):
                continue
            if _PERSON_CUE.search(text, max(0, s - 12), s) or not bare_area_allowed(text, s):
                continue
            name = m.group(1)
            if gazetteer.is_known(name):
                found.append(AreaMatch(s, e, "", name, "", False))
    found.sort(key=lambda a: a.start)
    return found


_LEVEL_RANK = {"province": 0, "district": 1, "ward": 2, "sub": 3, "": 4}


def resolve_all(mentions: list[AreaMatch], gazetteer, *, anchor: list[AreaMatch] = ()) -> list[AreaMatch]:
    """Resolve every mention of one document to a gazetteer unit where possible.

    Higher levels first (tỉnh, huyện, then xã), each resolved with the units
    already found as context, so homonyms pick the unit inside the article's
    own province or district. Bare names are kept only when they resolve
    within that context, and take the type of the unit they resolve to.
    """
    if gazetteer is None:
        return [m for m in mentions if m.typed or m.level]
    context: list = []
    order = sorted(range(len(mentions)), key=lambda i: (_LEVEL_RANK[mentions[i].level], i))
    for a in anchor:
        if a.unit is not None:
            context.append(a.unit)
    # a bare name takes the type the article itself gives it elsewhere ("xã Kỳ Nam" ... "Kỳ Nam")
    typed_as = {m.name: m.type for m in mentions if m.typed}
    mentions = [replace(m, type=typed_as[m.name], level=_level_of(typed_as[m.name], mentions)) if not m.typed and m.name in typed_as else m
                for m in mentions]
    resolved: list[AreaMatch | None] = list(mentions)
    cache: dict[tuple[str, str], object | None] = {}
    for i in order:
        m = mentions[i]
        if m.level == "sub" and (m.typed or m.name in typed_as):
            continue  # below the ward: no gazetteer covers it
        key = (m.type, m.name, m.typed)
        if key not in cache:
            unit = gazetteer.resolve(m.name, m.type or None, context=tuple(context))
            if unit is None and m.type and not m.typed:
                unit = gazetteer.resolve(m.name, None, context=tuple(context))  # a list item of another level
            cache[key] = unit
        unit = cache[key]
        if unit is None:
            if not m.type:
                resolved[i] = None  # a bare name we cannot place is not an area
            continue
        if not m.typed:
            if not m.type:  # a bare name: trusted only near the article's other areas
                if not context or not _near(unit, context):
                    resolved[i] = None
                    continue
                m = replace(m, type=unit.type, level=unit.level)
            elif m.name not in typed_as and unit.type != m.type:
                m = replace(m, type=unit.type, level=unit.level)  # a list item of another level
        resolved[i] = replace(m, unit=unit)
        if unit not in context:
            context.append(unit)
    return [m for m in resolved if m is not None]


def _level_of(type_word: str, mentions: list[AreaMatch]) -> str:
    return next(m.level for m in mentions if m.typed and m.type == type_word)


def _near(unit, context) -> bool:
    """A bare name is trusted only inside the province of an area already named."""
    codes = {c.code for c in context} | {p for c in context for p in c.parent_codes}
    return unit.code in codes or any(p in codes for p in unit.parent_codes)
