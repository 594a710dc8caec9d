"""Integrity of the language data under extract/data/vi: loadable, NFC, no duplicate keys."""
from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from extract import resources

DATA = Path(resources.__file__).resolve().parent / "data" / "vi"
FILES = sorted(str(p.relative_to(DATA)) for p in DATA.rglob("*") if p.is_file())

#: Tables whose key is more than their first column.
KEYS = {
    "area_aliases.tsv": ("alias_type", "alias_name", "province"),
    "number_idioms.tsv": ("first", "second"),
}


def test_there_is_data() -> None:
    assert {"units.tsv", "magnitudes.tsv", "chrome.yaml", "campaign_aliases.tsv"} <= set(FILES)


@pytest.mark.parametrize("name", FILES)
def test_file_is_utf8_nfc(name: str) -> None:
    raw = (DATA / name).read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", raw)
    assert "\r" not in raw and "\ufeff" not in raw


@pytest.mark.parametrize("name", [f for f in FILES if f.endswith(".tsv")])
def test_tsv_loads_with_unique_keys(name: str) -> None:
    rows = resources.tsv(name)
    assert rows, name
    key = KEYS.get(name) or (next(iter(rows[0])),)
    keys = Counter(tuple(r.get(k, "") for k in key) for r in rows)
    assert all(any(part for part in k) for k in keys), f"{name}: a row with an empty key"
    dups = [k for k, n in keys.items() if n > 1]
    assert not dups, f"{name}: duplicate keys {dups[:5]}"


@pytest.mark.parametrize("name", [f for f in FILES if f.endswith(".txt")])
def test_list_has_unique_entries_whatever_the_case(name: str) -> None:
    entries = resources.lines(name)
    assert entries
    dups = [e for e, n in Counter(e.lower() for e in entries).items() if n > 1]
    assert not dups, f"{name}: duplicate entries {dups[:5]}"


@pytest.mark.parametrize("name", [f for f in FILES if f.endswith(".yaml")])
def test_yaml_loads(name: str) -> None:
    assert resources.yaml_table(name)
