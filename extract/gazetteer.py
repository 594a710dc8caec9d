"""Gazetteer: Vietnamese administrative units by (type, name), with stable codes.

Data source
-----------
Everything comes from data that ``vietnamadminunits`` 1.0.4 ships (nothing is
downloaded): its SQLite file ``data/dataset.db`` and ``data/converter_2025.json``.
The package itself is never imported (its ``__init__`` loads all its parser
JSON: 0.4-1.0 s, +57 MB RSS); the files are located with ``importlib.util.find_spec``
and read directly.

- ``admin_units_legacy``: the 63-province, three-level system as it stood just
  before 2025-07-01 (so after the 2019-2020 and 2023-2025 rounds of mergers):
  63 provinces, 696 districts, 10,035 wards (+5 island districts with no ward),
  GSO codes at every level, and accent-less keys of *former* names merged or
  renamed into a unit (``wardAlias`` on 1,234 wards, ``districtAlias`` on 34
  districts: "phuongsongtri" under phường Hưng Trí, "quan9" under thành phố
  Thủ Đức).
- ``admin_units``: the 34-province, two-level system from 2025-07-01:
  34 provinces, 3,321 wards (xã, phường, đặc khu).
- ``converter_2025.json``: old ward -> new ward (9,569 unambiguous, 471 divided
  wards with a default new ward) and old province -> new province.

``underthesea.address`` (underthesea 9.5) was measured and not used: its
``data/mapping.json`` (4.9 MB) is generated *from* vietnamadminunits 1.0.4 and
holds only the ward-level old->new mapping by name (10,602 records: merged
9,328, divided 1,033, unchanged 149, renamed 92) -- no codes, no district or
province units, no former names. It agrees with the mapping built here on
9,941 of 10,035 wards; the other 94 involve the accented keys the package
uses for near-duplicate names (Sa Pa/Sa Pả, Văn Lang/Văn Lăng), which its
builder drops or leaves without a new ward, and which map here.

Measured (``python bench/bench_gazetteer.py``; fresh interpreter, Python 3.11,
2 shared cores; best of 3):

=========================================  ========  =======  ================
what                                       time      +RSS     tracemalloc
=========================================  ========  =======  ================
``Gazetteer.load()`` (incl. imports)       0.29 s    35 MB    15 MB (peak 29)
``import vietnamadminunits``               0.40 s    57 MB    37 MB
``underthesea.address`` + mapping.json     0.51 s    111 MB   89 MB
=========================================  ========  =======  ================

14,149 units (63 + 696 + 10,035 pre-2025, 34 + 3,321 post-2025). ``lookup``
5-90 µs, ``resolve`` 40-60 µs per call. ``load`` is cached per process and
pickles as a call to ``load`` (Dask workers build their own).

Codes (stable across runs: they are the government codes in the data)
--------------------------------------------------------------------
- ``province:60``, ``district:597``, ``ward:23095`` -- a unit of the pre-2025
  system (GSO codes of the legacy table).
- ``province@2025:68``, ``ward@2025:22945`` -- a unit of the post-2025 system.
  Namespaced because the new system reuses numbers with other meanings
  (new Lào Cai is 15, which was Yên Bái).
- ``ward:18754~phuongsongtri`` -- a *former* unit the data knows only as a name
  merged into another: the part before ``~`` is the unit it was merged into,
  the part after is the accent-less key of its type and name. It carries the
  successor's parents and new_*; ``Unit.successor_code`` splits it.

``new_canonical``/``new_code`` give the post-2025 unit a unit became: for a
ward, the new ward (the data's default one when the ward was divided); for a
district (the level was abolished), the đặc khu of the same name if there is
one, else the new province that took its territory; for a province, the new
province; for a post-2025 unit, itself.

Matching
--------
Names compare by :func:`name_key`: case, tone-mark placement (hoà/hòa,
thuỷ/thủy), spacing, hyphens, apostrophes and leading zeros are folded; other
diacritics are *not* (Tân Thành and Tân Thạnh are different places). Type
words compare by ``area_types.tsv`` ("TP." = "thành phố", "Thị xã" = "thị xã").
A candidate is one of, best tier first:

0. same name, same type (or no type given);
1. same name and level but another type (an upgrade the data already made:
   "xã Kỳ Ninh" in 2018 is "phường Kỳ Ninh" in the data), or a curated alias of
   ``area_aliases.tsv`` ("huyện Kinh Môn" -> thị xã Kinh Môn,
   "phường Sông Trí" -> former unit merged into phường Hưng Trí);
2. the data's accent-less former-name keys (``wardAlias``/``districtAlias``):
   "thị trấn Kinh Môn" -> "thitrankinhmon" under phường An Lưu. These compare
   without diacritics, so they are weak evidence.

Homonyms (``resolve``)
----------------------
Each candidate is scored against the units already resolved in the article
(``context``) by the closest thing they share: the same unit (4) > the same
district, including containment (3) > the same pre-2025 province (2) > the same
post-2025 province (1). Candidates sort by: best score, then how many context
units reach that score, then era (pre-2025 units for archived articles, see
below), then tier, then -- for a bare name only -- the higher level ("Long
Biên" alone is the quận, not its phường Long Biên). The first group must be
a single unit -- an old unit and the post-2025 unit it became under the same
name count as one -- otherwise the name is hopelessly ambiguous and
``resolve`` returns None ("Tân Thành" without context: 34 pre-2025 wards;
"Kỳ Anh" alone in Hà Tĩnh: the huyện and the thị xã both exist). Era
preference: ``year`` < 2025 -> pre-2025, > 2025 -> post-2025, else the era of
the context units, else pre-2025 (the archives are mostly older than the 2025
reform).

What the data lacks, and how it is covered
------------------------------------------
- Units below the ward (thôn, ấp, bản, khu phố, tổ dân phố, ...): ``lookup``
  returns [], ``resolve`` None; the caller keeps the mention without a code.
- History before its snapshot: units upgraded since (huyện Kinh Môn, thị xã
  since 2019; xã Kỳ Ninh/Kỳ Nam, phường now) exist only under the new type --
  tier 1 matching and ``area_aliases.tsv`` cover them; units merged away exist
  only as accent-less keys (no spelling, no code, no date): a former unit takes
  the curated spelling, else a spelling known in the data, else the article's.
  Units dissolved before the snapshot that left no key are not known.
- Dates of changes: none in the data; ``area_aliases.tsv`` records years
  where known.
- Errors: the type column contradicts the name on 3 legacy and 4 new rows
  ("Thị trấn Ngọc Lặc" typed "Xã"); the type written in the name wins.
"""
from __future__ import annotations

import importlib.util
import json
import re
import sqlite3
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import NamedTuple

from . import resources
from .errors import DataTableError

__all__ = ["Gazetteer", "Unit", "LEVELS", "name_key", "ascii_key"]

LEVELS = ("province", "district", "ward")
SUB_WARD = "sub"
_SUB_WARD_ONLY = frozenset({SUB_WARD})
_LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}
_NEW = "@2025"
_SOURCE_PACKAGE = "vietnamadminunits"

# A ward name shared by more wards than this is not recognised without its type word.
MAX_BARE_WARD_HOMONYMS = 2

_TONES = {"\u0300": "2", "\u0301": "1", "\u0309": "3", "\u0303": "4", "\u0323": "5"}
_TONE_FIND = re.compile("[" + "".join(_TONES) + "]")
_TONE_DELETE = {ord(mark): None for mark in _TONES}
_DROP = str.maketrans("", "", "'’‘ʼ`´")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.,;:/\\()\[\]{}\"“”«»!?]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """Fold a place name for comparison.

    Case, tone-mark placement (each syllable keeps its tone as a suffix),
    spacing, hyphens, apostrophes and leading zeros of numbers are folded;
    vowel and consonant diacritics are kept.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_DROP).lower())
    syllables: list[str] = []
    for token in _SEPARATORS.split(decomposed):
        if not token:
            continue
        tones = _TONE_FIND.findall(token)
        syllable = unicodedata.normalize("NFC", token.translate(_TONE_DELETE) if tones else token)
        if syllable.isdigit():
            syllable = syllable.lstrip("0") or "0"
        syllables.append(f"{syllable}#{_TONES[tones[-1]]}" if tones else syllable)
    return " ".join(syllables)


_NOT_ASCII_ALNUM = re.compile(r"[^A-Za-z0-9]+")


@lru_cache(maxsize=1 << 16)
def ascii_key(text: str) -> str:
    """Accent-less key in the style of vietnamadminunits ("Sông Trí" -> "songtri")."""
    decomposed = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    return _NOT_ASCII_ALNUM.sub("", decomposed)  # the ASCII letters and digits, in one call


def _type_key(text: str) -> str:
    return name_key(text).replace(" ", "")


def _display(text: str) -> str:
    """A name as written, tidied: NFC, single spaces, each syllable capitalised."""
    words = _SPACES.split(unicodedata.normalize("NFC", text).strip())
    return " ".join(w[:1].upper() + w[1:] for w in words if w)


@dataclass(frozen=True, slots=True)
class Unit:
    """One administrative unit. See the module docstring for the code scheme."""

    code: str
    level: str
    type: str
    name: str
    canonical: str
    province: str | None
    district: str | None
    parent_codes: tuple[str, ...]
    new_canonical: str | None
    new_code: str | None

    @property
    def era(self) -> str:
        """"2025" for a unit of the post-2025 system, "legacy" otherwise."""
        return "2025" if _NEW in self.code else "legacy"

    @property
    def is_former(self) -> bool:
        """A unit known only as a name merged into another (code has "~")."""
        return "~" in self.code

    @property
    def successor_code(self) -> str | None:
        """For a former unit, the code of the pre-2025 unit it was merged into."""
        return self.code.split("~", 1)[0] if "~" in self.code else None


class _Anchors(NamedTuple):
    ward: str | None
    district: str | None
    province: str | None
    new_province: str | None


class _AliasHit(NamedTuple):
    alias_type: str
    unit: Unit


class _Types:
    """Type words of area_types.tsv: variants -> type, type -> levels."""

    def __init__(self, rows: Sequence[dict[str, str]]) -> None:
        self.levels: dict[str, frozenset[str]] = {}
        self.rank: dict[str, int | None] = {}  # standing within the level: units move up, not down
        self.by_key: dict[str, str] = {}
        self.ascii_prefixes: dict[str, tuple[str, ...]] = {}
        patterns: list[str] = []
        for row in rows:
            type_ = row["type"].lower()
            levels = frozenset(row["level"].split())
            if not levels <= {*LEVELS, SUB_WARD}:
                raise DataTableError(f"type {type_!r}: unknown level {row['level']!r}", source="area_types.tsv")
            self.levels[type_] = levels
            self.rank[type_] = int(row["rank"]) if row.get("rank") else None
            variants = {type_, *(v.strip().lower() for v in row["variants"].split(",") if v.strip())}
            prefixes: list[str] = []
            for variant in sorted(variants, key=len, reverse=True):
                key = _type_key(variant)
                if self.by_key.setdefault(key, type_) != type_:
                    raise DataTableError(f"variant {variant!r} names two types", source="area_types.tsv")
                letters = variant.replace(".", "")
                if variant == type_ or not letters.isascii():
                    patterns.append(r"\s+".join(map(re.escape, variant.split())))
                elif len(letters) == 1:
                    patterns.append(re.escape(letters) + r"\.")  # "P." yes, a bare "P" no
                else:  # "TP", "T.P.", "Tp."
                    patterns.append(r"\.?".join(map(re.escape, letters)) + r"\.?")
                prefixes.append(ascii_key(variant))
            self.ascii_prefixes[type_] = tuple(dict.fromkeys(prefixes))
        alternatives = "|".join(sorted(patterns, key=len, reverse=True))
        self._split = re.compile(rf"^\s*({alternatives})(?:\s+|(?<=\.)\s*)(\S.*)$", re.IGNORECASE | re.DOTALL)

    def canonical(self, type_: str) -> str | None:
        return self.by_key.get(_type_key(type_))

    def split(self, text: str) -> tuple[str, str] | None:
        """"Thị xã Kinh Môn" -> ("thị xã", "Kinh Môn"); None without a leading type word."""
        match = self._split.match(text)
        if not match:
            return None
        type_ = self.canonical(match.group(1))
        return (type_, match.group(2).strip()) if type_ else None

    def is_sub_ward(self, type_: str) -> bool:
        return self.levels.get(type_) == _SUB_WARD_ONLY


def _source_files() -> tuple[Path, Path]:
    spec = importlib.util.find_spec(_SOURCE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise DataTableError(f"the {_SOURCE_PACKAGE} package is not installed (pip install 'vietnamadminunits>=1.0')")
    root = Path(next(iter(spec.submodule_search_locations))) / "data"
    db, converter = root / "dataset.db", root / "converter_2025.json"
    for path in (db, converter):
        if not path.is_file():
            raise DataTableError(f"{_SOURCE_PACKAGE} data file missing: {path}")
    return db, converter


def _strip_type(full: str, type_: str) -> str:
    full = unicodedata.normalize("NFC", full).strip()
    if full.lower().startswith(type_.lower() + " "):
        return full[len(type_) + 1 :].strip()
    return full


def _province_type(full: str) -> str:
    return "thành phố" if full.lower().startswith("thành phố ") else "tỉnh"


def _json_list(cell: str | None) -> list[str]:
    return json.loads(cell) if cell else []


class Gazetteer:
    """Administrative units of Viet Nam, before and after the 2025 reform.

    Build it with :meth:`load` (one cached instance per process).
    """

    _instance: Gazetteer | None = None
    _lock = threading.Lock()

    @classmethod
    def load(cls) -> Gazetteer:
        """The process-wide gazetteer, built on first use (~0.3 s)."""
        if cls._instance is None:
            with cls._lock:
                if cls._instance is None:
                    cls._instance = cls._build()
        return cls._instance

    def __reduce__(self):
        # Workers rebuild (or reuse) their own instance instead of unpickling 14k units.
        return (Gazetteer.load, ())

    # ------------------------------------------------------------------ build

    def __init__(self) -> None:
        self._types = _Types(resources.tsv("area_types.tsv"))
        self._units: dict[str, Unit] = {}
        self._by_name: dict[str, list[Unit]] = defaultdict(list)
        self._former_keys: dict[str, list[tuple[str, Unit]]] = defaultdict(list)
        self._aliases: dict[str, list[_AliasHit]] = defaultdict(list)
        self._earlier_types: dict[str, list[tuple[str, int | None, int]]] = defaultdict(list)
        self._formers: dict[str, Unit] = {}
        self._alias_names: list[tuple[str, Unit]] = []
        self._spelling: dict[str, str] = {}
        self._by_ascii: dict[str, list[Unit]] | None = None  # built on first use (_variant_spellings)
        self._new_province_of: dict[str, str] = {}
        self._anchor_cache: dict[str, _Anchors] = {}
        self._known: dict[str, frozenset[str]] = {}
        self._known_keys: dict[str, frozenset[str]] = {}
        self._known_cache: dict[str, bool] = {}  # is_known(name): names repeat within and across articles
        self._candidate_cache: dict[tuple[str, str | None], list[tuple[Unit, int]]] = {}
        self._former_cache: dict[tuple[str, str], Unit] = {}
        self._stop: dict[str, frozenset[str]] = {}
        for row in resources.tsv("area_bare_stoplist.tsv"):
            levels = frozenset(row["levels"].split() or ("district", "ward"))
            if not levels <= set(LEVELS):
                raise DataTableError(f"{row['name']}: levels {row['levels']!r} not in {LEVELS}", source="area_bare_stoplist.tsv")
            self._stop[name_key(row["name"])] = levels

    @classmethod
    def _build(cls) -> Gazetteer:
        self = cls()
        db_path, converter_path = _source_files()
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
            legacy = db.execute(
                "SELECT provinceKey, province, provinceCode, districtKey, district, districtType, districtCode,"
                " wardKey, ward, wardType, wardCode, districtAlias, wardAlias"
                " FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
            ).fetchall()
            current = db.execute(
                "SELECT provinceKey, province, provinceCode, wardKey, ward, wardType, wardCode"
                " FROM admin_units ORDER BY provinceCode, wardCode"
            ).fetchall()
        converter = json.loads(converter_path.read_text(encoding="utf-8"))

        # Post-2025 units first: the old ones point at them.
        new_provinces: dict[str, Unit] = {}  # by package province key
        new_wards: dict[tuple[str, str], Unit] = {}  # by (province key, ward key)
        for pkey, pfull, pcode, wkey, wfull, wtype, wcode in current:
            province = new_provinces.get(pkey)
            if province is None:
                ptype = _province_type(pfull)
                pname = _strip_type(pfull, ptype)
                code = f"province{_NEW}:{pcode}"
                canonical = f"{ptype} {pname}"
                province = Unit(code, "province", ptype, pname, canonical, None, None, (), canonical, code)
                new_provinces[pkey] = self._add(province)
            wtype, wname = self._type_and_name(wfull, wtype, "ward")
            code = f"ward{_NEW}:{wcode}"
            canonical = f"{wtype} {wname}"
            new_canonical = f"{canonical}, {province.canonical}"
            ward = Unit(code, "ward", wtype, wname, canonical, province.name, None, (province.code,), new_canonical, code)
            new_wards[(pkey, wkey)] = self._add(ward)

        new_province_of_key = {old: new_provinces[new] for new, olds in converter["DICT_PROVINCE"].items() for old in olds}
        new_ward_of: dict[str, Unit] = {}
        for pkey, by_ward in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
            for wkey, olds in by_ward.items():
                for old in olds:
                    new_ward_of[old] = new_wards[(pkey, wkey)]
        for pkey, by_old in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
            for old, options in by_old.items():
                chosen = next((o for o in options if o["isDefaultNewWard"]), options[0])
                new_ward_of[old] = new_wards[(pkey, chosen["newWardKey"])]
        special_zones = {(u.parent_codes[0], name_key(u.name)): u for u in new_wards.values() if u.type == "đặc khu"}

        provinces: dict[str, Unit] = {}
        districts: dict[str, Unit] = {}
        for pkey, pfull, pcode, dkey, dfull, dtype, dcode, wkey, wfull, wtype, wcode, dalias, walias in legacy:
            province = provinces.get(pcode)
            if province is None:
                ptype = _province_type(pfull)
                pname = _strip_type(pfull, ptype)
                successor = new_province_of_key[pkey]
                province = Unit(f"province:{pcode}", "province", ptype, pname, f"{ptype} {pname}",
                                None, None, (), successor.canonical, successor.code)
                provinces[pcode] = self._add(province)
                self._new_province_of[province.code] = successor.code
            district = districts.get(dcode)
            if district is None:
                dtype, dname = self._type_and_name(dfull, dtype, "district")
                new_province = new_province_of_key[pkey]
                successor = (new_ward_of.get(f"{pkey}_{dkey}_")
                             or special_zones.get((new_province.code, name_key(dname)))
                             or new_province)
                district = Unit(f"district:{dcode}", "district", dtype, dname, f"{dtype} {dname}",
                                province.name, None, (province.code,),
                                successor.new_canonical, successor.code)
                districts[dcode] = self._add(district)
                for key in _json_list(dalias):
                    self._former_keys[key].append(("district", district))
            if not wfull:
                continue  # island district without wards
            wtype, wname = self._type_and_name(wfull, wtype, "ward")
            successor = new_ward_of.get(f"{pkey}_{dkey}_{wkey}")
            ward = Unit(f"ward:{wcode}", "ward", wtype, wname, f"{wtype} {wname}",
                        province.name, district.name, (district.code, province.code),
                        successor.new_canonical if successor else None,
                        successor.code if successor else None)
            self._add(ward)
            for key in _json_list(walias):
                self._former_keys[key].append(("ward", ward))

        for unit in self._units.values():
            self._spelling.setdefault(name_key(unit.name), unit.name)
        self._load_aliases()
        return self

    def _type_and_name(self, full: str, type_column: str, level: str) -> tuple[str, str]:
        # The full name wins over the type column, which is wrong on a few rows
        # ("Thị trấn Ngọc Lặc" typed "Xã"; new "Phường Việt Hòa" typed "Xã").
        full = unicodedata.normalize("NFC", full).strip()
        split = self._types.split(full)
        if split and level in self._types.levels[split[0]]:
            return split[0], split[1]
        type_ = type_column.lower()
        return type_, _strip_type(full, type_)

    def _add(self, unit: Unit) -> Unit:
        if unit.code in self._units:
            raise DataTableError(f"duplicate unit code {unit.code} in {_SOURCE_PACKAGE} data")
        self._units[unit.code] = unit
        self._by_name[name_key(unit.name)].append(unit)
        return unit

    def _load_aliases(self) -> None:
        relations = {"upgraded", "renamed", "abbreviation", "merged"}
        for lineno, row in enumerate(resources.tsv("area_aliases.tsv"), 1):
            where = f"row {lineno}"
            alias_type = self._types.canonical(row["alias_type"])
            target_type = self._types.canonical(row["type"])
            if alias_type is None or target_type is None:
                raise DataTableError(f"{where}: unknown type {row['alias_type']!r} or {row['type']!r}", source="area_aliases.tsv")
            if row["relation"] not in relations:
                raise DataTableError(f"{where}: relation {row['relation']!r} not in {sorted(relations)}", source="area_aliases.tsv")
            province = name_key(row["province"]) if row["province"] else None
            targets = [
                u for u in self._by_name.get(name_key(row["name"]), ())
                if u.type == target_type and u.era == "legacy"
                and (u.level == "province" if province is None else name_key(u.province or "") == province)
            ]
            if len(targets) != 1:
                raise DataTableError(
                    f"{where}: target {row['type']} {row['name']!r} ({row['province'] or 'province level'}) "
                    f"matches {len(targets)} units, expected 1", source="area_aliases.tsv")
            target = targets[0]
            unit = target
            if row["relation"] == "merged":
                name = row["alias_name"]
                code = f"{target.code}~{ascii_key(alias_type)}{ascii_key(name)}"
                unit = self._formers.setdefault(code, self._make_former(target, code, alias_type, name))
            self._aliases[name_key(row["alias_name"])].append(_AliasHit(alias_type, unit))
            if row["relation"] == "upgraded" and row["valid_to"] and name_key(row["alias_name"]) == name_key(target.name):
                start = int(row["valid_from"]) if row["valid_from"] else None
                self._earlier_types[target.code].append((alias_type, start, int(row["valid_to"])))
            self._alias_names.append((row["alias_name"], unit))

    @staticmethod
    def _make_former(successor: Unit, code: str, type_: str, name: str) -> Unit:
        return Unit(code, successor.level, type_, name, f"{type_} {name}", successor.province,
                    successor.district, successor.parent_codes, successor.new_canonical, successor.new_code)

    # ----------------------------------------------------------------- lookup

    def lookup(self, name: str, type: str | None = None) -> list[Unit]:  # noqa: A002 - the API's word
        """Every unit the name may denote, best match first (see module docstring).

        ``type`` is a type word in any usual spelling ("TP.", "Thị xã"); None
        means any level, and a type word leading the name is then split off
        ("Thị xã Kinh Môn"). Types below the ward, unknown types and names the
        data does not know give [].
        """
        found = self._candidates(name, type)
        if not found and type is not None:
            found = self._variant_spellings(name, type)
        return [unit for unit, _ in found]

    def type_in(self, unit: Unit, year: int | None) -> str:
        """The unit's type in ``year``: an upgraded unit had its former type until the year
        ``area_aliases.tsv`` gives ("thị xã Gia Nghĩa" until 2019, "thành phố" since)."""
        if year is not None:
            for type_, start, end in self._earlier_types.get(unit.code, ()):
                if (start is None or start <= year) and year <= end:
                    return type_
        return unit.type

    def resolve(self, name: str, type: str | None = None, *, context: Sequence[Unit] = (),
                year: int | None = None) -> Unit | None:  # noqa: A002
        """The one unit meant, using the units already resolved in the article.

        None when the name is unknown, below ward level, or still ambiguous
        after the homonym rule of the module docstring.
        """
        candidates = self._candidates(name, type)
        if not candidates and type is not None:
            candidates = self._variant_spellings(name, type)
        if type is not None:  # no unit is typed above what it ever was ("thành phố Điện Biên")
            candidates = [(unit, tier) for unit, tier in candidates if not self.outranks(type, unit)]
        if not candidates:
            return None
        context = [u for u in context if isinstance(u, Unit)]
        era = self._preferred_era(context, year)
        # a unit at the level the written type names first: "TP Cà Mau" is the city, not the
        # province of that name the article is in (a unit of the same level that has changed
        # type, xã -> phường, still competes by context)
        written = self._types.canonical(type) if type is not None else None
        written_levels = {unit.level for unit, _ in candidates if written and unit.type == written}
        ranked = []
        for unit, tier in candidates:
            scores = [self._relation(unit, other) for other in context]
            best = max(scores, default=0)
            support = scores.count(best) if best else 0
            # A bare name shared by a district and a ward (often its seat) means the district.
            level = _LEVEL_RANK[unit.level] if type is None else 0
            other_level = bool(written_levels) and unit.level not in written_levels
            ranked.append(((other_level, -best, -support, unit.era != era, tier, level), unit))
        ranked.sort(key=lambda item: item[0])
        top_key = ranked[0][0]
        top = [unit for key, unit in ranked if key == top_key]
        if len(top) > 1:
            top = self._merge_same_place(top, era)
        return top[0] if len(top) == 1 else None

    def known_names(self, min_level: str = "district") -> frozenset[str]:
        """Names that may be recognised without a type word ("Hàm Thuận Bắc").

        Units at ``min_level`` or above, both eras, and curated aliases, as the
        data spells them. Left out: names listed in
        area_bare_stoplist.tsv at that level (common words, given names,
        "Hồ Chí Minh" the person), numbers ("Quận 1"),
        one-syllable ward names, and ward names shared by more than
        MAX_BARE_WARD_HOMONYMS wards of the same era ("Tân Thành", "Minh Tân").
        Compare with :func:`name_key` to fold tone-mark placement.
        """
        if min_level not in _LEVEL_RANK:
            raise ValueError(f"min_level must be one of {LEVELS}, not {min_level!r}")
        cached = self._known.get(min_level)
        if cached is not None:
            return cached
        rank = _LEVEL_RANK[min_level]
        per_era: dict[tuple[str, str], int] = defaultdict(int)
        for unit in self._units.values():
            if unit.level == "ward":
                per_era[(unit.era, name_key(unit.name))] += 1
        homonyms: dict[str, int] = defaultdict(int)
        for (_, key), count in per_era.items():
            homonyms[key] = max(homonyms[key], count)
        names: set[str] = set()
        entries = [(u.name, u) for u in self._units.values()] + self._alias_names
        for name, unit in entries:
            if _LEVEL_RANK[unit.level] > rank:
                continue
            key = name_key(name)
            if unit.level in self._stop.get(key, ()) or (unit.level != "province" and key.replace(" ", "").isdigit()):
                continue
            if unit.level == "ward" and (" " not in key or homonyms[key] > MAX_BARE_WARD_HOMONYMS):
                continue
            names.add(name)
        self._known[min_level] = result = frozenset(names)
        return result

    def is_known(self, name: str, *, min_level: str | None = None) -> bool:
        """Whether the gazetteer knows the name, spelled as written (tone placement,
        case and spacing folded; accent-less former-name keys don't count).

        Without ``min_level``: any unit or curated alias, the name bare or led by
        its type word -- for list items after a type word ("các xã Kỳ Ninh, Kỳ Hà").
        With it: the name is in ``known_names(min_level)`` -- for bare names in
        running text, where common words and very ambiguous ward names must not count.
        """
        if min_level is not None:
            keys = self._known_keys.get(min_level)
            if keys is None:
                keys = self._known_keys[min_level] = frozenset(map(name_key, self.known_names(min_level)))
            return isinstance(name, str) and name_key(unicodedata.normalize("NFC", name)) in keys
        if not isinstance(name, str):
            return any(tier < 2 for _, tier in self._candidates(name, None))
        known = self._known_cache.get(name)
        if known is None:
            known = any(tier < 2 for _, tier in self._candidates(name, None))
            if len(self._known_cache) < 100_000:
                self._known_cache[name] = known
        return known

    def get(self, code: str) -> Unit | None:
        """The unit with this code (former units: once a lookup or alias made them)."""
        return self._units.get(code) or self._formers.get(code) or next(
            (u for (c, _), u in self._former_cache.items() if c == code), None)

    def units(self, level: str | None = None, era: str | None = None) -> Iterable[Unit]:
        """All units of the data, optionally of one level and era ("legacy" or "2025")."""
        return (u for u in self._units.values()
                if (level is None or u.level == level) and (era is None or u.era == era))

    def __len__(self) -> int:
        return len(self._units)

    # -------------------------------------------------------------- internals

    def outranks(self, type_: str, unit: Unit) -> bool:
        """Whether ``type_`` stands above the unit's own type in its level ("thành phố" for the
        tỉnh Phú Yên): no text of any year could type the unit so (units move up, not down)."""
        canonical = self._types.canonical(type_) if isinstance(type_, str) else None
        rank = self._types.rank.get(canonical) if canonical else None
        return rank is not None and rank > (self._types.rank.get(unit.type) or 0)

    def has_unit(self, name: str, type_: str) -> bool:
        """Whether some unit of that type's level bears the name (as written, or in another
        spelling of its diacritics), resolved to one or not, under that type or a higher one:
        a text may call a unit by a former, lower type ("thị xã Long Khánh", a city since 2019),
        never by a higher one ("thành phố Điện Biên": there is a tỉnh and a huyện Điện Biên)."""
        units = self._candidates(name, type_) or self._variant_spellings(name, type_)
        return any(not self.outranks(type_, u) for u, _ in units)

    def _variant_spellings(self, name: str, type_: str) -> list[tuple[Unit, int]]:
        """Units of the typed level whose name differs from the written one only in its
        diacritics ("xã Đăk Mol" -> xã Đắk Môl, "huyện Đak Song" -> huyện Đắk Song): a last
        resort, tried only when no unit bears the name as written; ambiguous ones (Tân Thành,
        Tân Thạnh) are left to the homonym rule, which gives up without context."""
        canonical = self._types.canonical(type_) if isinstance(type_, str) else None
        if canonical is None or self._types.is_sub_ward(canonical):
            return []
        if self._by_ascii is None:
            by_ascii: dict[str, list[Unit]] = defaultdict(list)
            for unit in self._units.values():
                by_ascii[ascii_key(unit.name)].append(unit)
            self._by_ascii = by_ascii
        if not isinstance(name, str) or len(name.split()) < 2:
            return []  # one syllable ("Ì", "Mol") is too little to tell a variant from another name
        key = ascii_key(unicodedata.normalize("NFC", name))
        levels = self._types.levels[canonical]
        return [(u, 3) for u in self._by_ascii.get(key, ()) if key and u.level in levels]

    def _candidates(self, name: str, type_: str | None) -> list[tuple[Unit, int]]:
        """The units a name may denote, with their tiers (cached: names recur within and across
        articles; a list is shared by the callers, which never change it)."""
        if not isinstance(name, str) or not (type_ is None or isinstance(type_, str)):
            return self._find_candidates(name, type_)
        found = self._candidate_cache.get((name, type_))
        if found is None:
            found = self._find_candidates(name, type_)
            if len(self._candidate_cache) < 100_000:
                self._candidate_cache[(name, type_)] = found
        return found

    def _find_candidates(self, name: str, type_: str | None) -> list[tuple[Unit, int]]:
        if not isinstance(name, str):
            return []
        text = unicodedata.normalize("NFC", name).strip()
        if not text:
            return []
        if isinstance(type_, str) and not type_.strip():
            type_ = None
        if type_ is not None:
            canonical = self._types.canonical(type_) if isinstance(type_, str) else None
            if canonical is None or self._types.is_sub_ward(canonical):
                return []
            return self._match(text, canonical)
        found = self._match(text, None)
        if not found:
            split = self._types.split(text)
            if split and not self._types.is_sub_ward(split[0]):
                found = self._match(split[1], split[0])
        return found

    def _match(self, name: str, type_: str | None) -> list[tuple[Unit, int]]:
        key = name_key(name)
        if not key:
            return []
        levels = self._types.levels[type_] if type_ else frozenset(LEVELS)
        best: dict[str, tuple[Unit, int]] = {}

        def offer(unit: Unit, tier: int) -> None:
            seen = best.get(unit.code)
            if seen is None or tier < seen[1]:
                best[unit.code] = (unit, tier)

        for unit in self._by_name.get(key, ()):
            if type_ is None or unit.type == type_:
                offer(unit, 0)
            elif unit.level in levels:
                offer(unit, 1)
        for hit in self._aliases.get(key, ()):
            if type_ is None or hit.alias_type == type_:
                offer(hit.unit, 1)
        ascii_name = ascii_key(name)
        if ascii_name:
            for former_type in ([type_] if type_ else self._former_types):
                for prefix in self._types.ascii_prefixes.get(former_type, ()):
                    for level, successor in self._former_keys.get(prefix + ascii_name, ()):
                        if level not in self._types.levels[former_type]:
                            continue
                        if level == successor.level and ascii_key(successor.name) == ascii_name:
                            offer(successor, 1)  # same unit, type changed
                        else:
                            offer(self._former(successor, former_type, name), 2)
        return sorted(best.values(), key=lambda item: (item[1], item[0].era != "legacy",
                                                        _LEVEL_RANK[item[0].level], item[0].code))

    @cached_property
    def _former_types(self) -> tuple[str, ...]:
        """Types a former unit may have borne (a district's or a ward's)."""
        return tuple(t for t, levels in self._types.levels.items() if levels & {"district", "ward"})

    def _former(self, successor: Unit, type_: str, name: str) -> Unit:
        code = f"{successor.code}~{ascii_key(type_)}{ascii_key(name)}"
        curated = self._formers.get(code)
        if curated is not None:
            return curated
        display = self._spelling.get(name_key(name)) or _display(name)
        cached = self._former_cache.get((code, display))
        if cached is None:
            cached = self._former_cache[(code, display)] = self._make_former(successor, code, type_, display)
        return cached

    def _anchors(self, unit: Unit) -> _Anchors:
        cached = self._anchor_cache.get(unit.code)
        if cached is not None:
            return cached
        base = unit.code.split("~", 1)[0]
        parents = unit.parent_codes
        province = base if unit.level == "province" else next((p for p in parents if p.startswith("province")), None)
        district = base if unit.level == "district" else next((p for p in parents if p.startswith("district")), None)
        ward = base if unit.level == "ward" else None
        new_province = province if province and _NEW in province else self._new_province_of.get(province or "")
        anchors = _Anchors(ward, district, province, new_province)
        if len(self._anchor_cache) < 100_000:
            self._anchor_cache[unit.code] = anchors
        return anchors

    def _relation(self, unit: Unit, other: Unit) -> int:
        if unit.code == other.code:
            return 4
        a, b = self._anchors(unit), self._anchors(other)
        if a.district and a.district == b.district:
            return 3
        if a.province and a.province == b.province:
            return 2
        if a.new_province and a.new_province == b.new_province:
            return 1
        return 0

    @staticmethod
    def _preferred_era(context: Sequence[Unit], year: int | None) -> str:
        if year is not None and year != 2025:
            return "2025" if year > 2025 else "legacy"
        eras = {u.era for u in context}
        return "2025" if eras == {"2025"} else "legacy"

    @staticmethod
    def _merge_same_place(units: list[Unit], era: str) -> list[Unit]:
        """An old unit and the post-2025 unit it became under the same name are one
        place: keep the one of the preferred era."""
        by_code = {u.code: u for u in units}
        drop: set[str] = set()
        for unit in units:
            twin = by_code.get(unit.new_code or "") if unit.era == "legacy" else None
            if twin is not None and twin.era == "2025" and name_key(twin.name) == name_key(unit.name):
                drop.add(unit.code if era == "2025" else twin.code)
        return [u for u in units if u.code not in drop]
