"""Language data: small TSV/YAML tables under ``extract/data/vi``, loaded once.

Code holds logic; words, units, abbreviations and markers live in these files.
TSV files have a header row; lines starting with ``#`` and blank lines are
skipped. Every value is NFC-normalised on load.
"""
from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources
from typing import Any

import yaml

from .errors import DataTableError

_PACKAGE = "extract.data"


def _path(name: str):
    return resources.files(_PACKAGE).joinpath("vi", name)


def read_text(name: str) -> str:
    try:
        return _path(name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DataTableError(f"missing data table {name!r} under extract/data/vi") from exc


@cache
def tsv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a TSV table as dicts keyed by the header; cached."""
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for lineno, raw in enumerate(read_text(name).splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = [unicodedata.normalize("NFC", c.strip()) for c in raw.split("\t")]
        if header is None:
            header = cells
            continue
        if len(cells) > len(header):
            raise DataTableError(f"{len(cells)} cells, header has {len(header)}", source=name, line=lineno)
        cells += [""] * (len(header) - len(cells))
        rows.append(dict(zip(header, cells)))
    if header is None:
        raise DataTableError("empty table (no header row)", source=name)
    return tuple(rows)


@cache
def yaml_table(name: str) -> Any:
    """A YAML table, strings NFC-normalised; cached."""
    try:
        data = yaml.safe_load(read_text(name))
    except yaml.YAMLError as exc:
        raise DataTableError(f"invalid YAML: {exc}", source=name) from exc
    return _nfc(data)


def _nfc(obj: Any) -> Any:
    if isinstance(obj, str):
        return unicodedata.normalize("NFC", obj)
    if isinstance(obj, list):
        return [_nfc(x) for x in obj]
    if isinstance(obj, dict):
        return {_nfc(k): _nfc(v) for k, v in obj.items()}
    return obj


def lines(name: str) -> tuple[str, ...]:
    """A one-entry-per-line list (comments and blanks skipped), NFC."""
    return tuple(
        unicodedata.normalize("NFC", s.strip())
        for s in read_text(name).splitlines()
        if s.strip() and not s.lstrip().startswith("#")
    )
