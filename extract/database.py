"""``--format duckdb``: one DuckDB file holding every table, typed and commented, with
views that answer the usual questions.

Tables: the seven of :mod:`schemas`, with the column types of the Parquet tables
(decimals as ``DECIMAL(38,10)``) and ``COMMENT ON`` every table and column (the model's
descriptions). Views:

- ``quantity_documents``: each quantity with its document's title, date, source, url,
  duplicate_of, and the province of its linked area (``province``).
- ``figures``: the figures counted once: documents that are near-duplicates of an earlier
  one are left out, and a figure an article states twice (same kind, value, unit,
  campaign, area and period) counts once.
- ``totals``: ``figures`` summed by campaign x area x period x unit (n = figures summed).
- ``money_totals``: money summed by campaign x province x period x currency.
"""
from __future__ import annotations

import os
from pathlib import Path

from schemas import TABLES

FILE_NAME = "baocao.duckdb"

VIEWS = {
    "quantity_documents": """
        CREATE VIEW quantity_documents AS
        SELECT q.*, d.title, d.date, d.source, d.url, d.duplicate_of, u.province
        FROM quantities q
        JOIN documents d USING (doc_id)
        LEFT JOIN (SELECT code, any_value(province) AS province FROM areas WHERE code IS NOT NULL GROUP BY code) u
               ON u.code = q.area_code""",
    "figures": """
        CREATE VIEW figures AS
        SELECT DISTINCT ON (doc_id, kind, value, value_max, total, unit, campaign, area, period)
               doc_id, start, "end", text, kind, value, value_max, total, unit, item, per, approx,
               campaign, area, area_code, province, period, title, date, source
        FROM quantity_documents
        WHERE duplicate_of IS NULL
        ORDER BY doc_id, kind, value, value_max, total, unit, campaign, area, period, start""",
    "totals": """
        CREATE VIEW totals AS
        SELECT campaign, area, period, kind, unit, sum(value) AS total_value, count(*) AS n
        FROM figures
        WHERE kind NOT IN ('percent', 'other') AND total IS NULL AND per IS NULL
        GROUP BY ALL""",
    "money_totals": """
        CREATE VIEW money_totals AS
        SELECT campaign, province, period, unit AS currency, sum(value) AS total, count(*) AS n
        FROM figures
        WHERE kind = 'money' AND per IS NULL AND total IS NULL
        GROUP BY ALL""",
}

_DESCRIPTIONS = {
    "quantity_documents": "each quantity with its document's title, date, source, url, duplicate_of and its area's province",
    "figures": "quantities counted once: near-duplicate documents left out, a figure restated in one article counted once",
    "totals": "figures summed by campaign x area x period x kind x unit (ratios, rates, percents and multipliers left out)",
    "money_totals": "money summed by campaign x province x period x currency (amounts per something and ratios left out)",
}


def _quote(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def write_duckdb(parquet_tables: dict[str, Path], dest: Path) -> None:
    """Build ``dest`` from one Parquet file per table (written under a temporary name,
    then renamed: a file that looks whole is whole)."""
    import duckdb

    tmp = dest.with_name(dest.name + ".partial")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        for name, path in parquet_tables.items():
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM read_parquet({_quote(str(path))})')
            model = TABLES[name]
            con.execute(f'COMMENT ON TABLE "{name}" IS {_quote((model.__doc__ or "").strip().splitlines()[0])}')
            for column, field in model.model_fields.items():
                if field.description:
                    con.execute(f'COMMENT ON COLUMN "{name}"."{column}" IS {_quote(field.description)}')
        for name, sql in VIEWS.items():
            con.execute(sql)
            con.execute(f'COMMENT ON VIEW "{name}" IS {_quote(_DESCRIPTIONS[name])}')
        con.execute("CHECKPOINT")
    finally:
        con.close()
    os.replace(tmp, dest)
