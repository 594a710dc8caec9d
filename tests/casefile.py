"""Reading the case tables under tests/cases: one place for their shared layout.

A case file is tab-separated text: "## <group>" names the group of the rows below
it, lines starting with "#" and blank lines are comments, every other line is a row.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Iterator


def rows(path: Path) -> Iterator[tuple[str, int, list[str]]]:
    """(group, line number, cells) for every row of the case file at ``path``."""
    group = "?"
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if raw.startswith("## "):
            group = raw[3:].strip()
        elif raw.strip() and not raw.startswith("#"):
            yield group, lineno, raw.split("\t")


def ascii_id(s: object, limit: int = 48) -> str | None:
    """A readable pytest id: diacritics dropped, spaces shown as '_', other symbols left out."""
    if not isinstance(s, str):
        return None  # pytest's own id for non-strings
    s = s.replace("đ", "d").replace("Đ", "D")
    s = "".join(ch for ch in unicodedata.normalize("NFD", s) if not unicodedata.combining(ch))
    s = "".join("_" if ch.isspace() else ch if ch.isascii() and (ch.isalnum() or ch in "%.,-/") else "" for ch in s)
    return s[:limit]
