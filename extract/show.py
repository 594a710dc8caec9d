"""One article, annotated: in the terminal, or as HTML through displaCy."""
from __future__ import annotations

import sys
from typing import TextIO

from .pipeline import Extraction

_COLOURS = {"quantity": "\033[1;33m", "area": "\033[1;36m", "campaign": "\033[1;35m", "period": "\033[1;32m"}
_RESET = "\033[0m"
_BRACKETS = {"quantity": ("⟦", "⟧"), "area": ("«", "»"), "campaign": ("‹", "›"), "period": ("⟨", "⟩")}
#: Labels: quantity kinds in capitals, with the land-area kind written SURFACE so that it
#: cannot be read as a place; mentions of administrative units are ADMIN_UNIT.
QUANTITY_LABELS = {"area": "SURFACE"}
DISPLACY_COLOURS = {
    "MONEY": "#fde68a", "LENGTH": "#bfdbfe", "SURFACE": "#bbf7d0", "VOLUME": "#ddd6fe", "MASS": "#fecaca",
    "PERCENT": "#fed7aa", "COUNT": "#e5e7eb", "DURATION": "#fbcfe8", "RATE": "#c7d2fe", "OTHER": "#d1d5db",
    "ADMIN_UNIT": "#99f6e4", "CAMPAIGN": "#f5d0fe", "PERIOD": "#bef264",
}
LEGEND = {
    "MONEY": "money (VND, USD, ...)", "LENGTH": "length", "SURFACE": "land area (m², ha, km²)", "VOLUME": "volume",
    "MASS": "mass", "PERCENT": "percent", "COUNT": "count of things or people", "DURATION": "duration",
    "RATE": "count per something", "OTHER": "multiplier or energy", "ADMIN_UNIT": "administrative unit named in the text",
    "CAMPAIGN": "campaign, movement, programme or fund", "PERIOD": "year or range of years",
}


def quantity_label(kind: str) -> str:
    return QUANTITY_LABELS.get(kind, kind.upper())


def _marks(ex: Extraction) -> list[tuple[int, int, str, str]]:
    """(start, end, layer, label), non-overlapping, quantities first."""
    marks: list[tuple[int, int, str, str]] = [(q.start, q.end, "quantity", quantity_label(q.kind)) for q in ex.quantities]
    for layer, label, items in (("area", "ADMIN_UNIT", ex.areas), ("campaign", "CAMPAIGN", ex.campaigns), ("period", "PERIOD", ex.periods)):
        for m in items:
            if not any(s < m.end and m.start < e for s, e, _, _ in marks):
                marks.append((m.start, m.end, layer, label))
    marks.sort()
    return marks


def render_terminal(ex: Extraction, out: TextIO | None = None, *, colour: bool | None = None) -> None:
    out = sys.stdout if out is None else out  # looked up now: a default bound at import goes stale
    doc = ex.document
    colour = out.isatty() if colour is None else colour
    text = doc.text
    pieces: list[str] = []
    cursor = doc.body_start
    for s, e, layer, _ in _marks(ex):
        if s < doc.body_start or e > doc.body_end:
            continue
        pieces.append(text[cursor:s])
        if colour:
            pieces.append(f"{_COLOURS[layer]}{text[s:e]}{_RESET}")
        else:
            o, c = _BRACKETS[layer]
            pieces.append(f"{o}{text[s:e]}{c}")
        cursor = e
    pieces.append(text[cursor:doc.body_end])
    header = [
        f"doc_id:   {doc.doc_id}",
        f"title:    {doc.title or '-'}",
        f"date:     {doc.date or '-'}    encoding: {doc.encoding}",
        f"campaign: {doc.campaign or '-'}",
        f"area:     {doc.area or '-'}    period: {doc.period or '-'}",
    ]
    legend = "  ".join(
        (f"{_COLOURS[k]}{k}{_RESET}" if colour else f"{_BRACKETS[k][0]}{k}{_BRACKETS[k][1]}") for k in _COLOURS
    )
    out.write("\n".join(header) + "\n" + legend + "\n\n" + "".join(pieces) + "\n\n")
    out.write(f"{len(ex.quantities)} quantities\n")
    for q in ex.quantities:
        extra = " ".join(
            f"{k}={v}" for k, v in (("total", q.total), ("max", q.value_max), ("item", q.item), ("per", q.per), ("approx", q.approx)) if v is not None
        )
        out.write(
            f"  [{q.start}:{q.end}] {q.text!r:28} {q.kind:8} {format(q.value.normalize(), 'f'):>16} {q.unit or '':10} {extra}\n"
            f"      campaign={q.campaign or '-'} | area={q.area or '-'} | period={q.period or '-'}\n"
        )


def _fmt(v) -> str:
    return format(v.normalize(), "f") if v is not None else ""


def _quantity_note(q) -> str:
    value = _fmt(q.value) + (f"–{_fmt(q.value_max)}" if q.value_max is not None else "") + (f" / {_fmt(q.total)}" if q.total is not None else "")
    parts = [f"{q.kind} {value} {q.unit or ''}".strip()]
    for name in ("item", "per", "approx", "campaign", "area", "period"):
        v = getattr(q, name)
        if v is not None:
            parts.append(f"{name}: {v}")
    return " · ".join(parts)


def render_html(ex: Extraction) -> str:
    """The article with its quantities and mentions marked (hover a figure for its value,
    unit, approximation and links), a legend, and a table of every quantity."""
    import html as html_lib

    esc = html_lib.escape
    doc = ex.document
    notes = {(q.start, q.end): _quantity_note(q) for q in ex.quantities}
    mention_notes = {(a.start, a.end): f"{a.canonical}" + (f" · {a.code}" if a.code else "") for a in ex.areas}
    mention_notes.update({(c.start, c.end): c.canonical for c in ex.campaigns})
    mention_notes.update({(p.start, p.end): p.period for p in ex.periods})
    body: list[str] = []
    cursor = 0
    for s, e, layer, label in _marks(ex):
        body.append(esc(doc.text[cursor:s]))
        tip = notes.get((s, e)) if layer == "quantity" else mention_notes.get((s, e), "")
        body.append(f"<mark class='m' style='background:{DISPLACY_COLOURS[label]}' title='{esc(tip or '', quote=True)}'>"
                    f"{esc(doc.text[s:e])}<span class='lbl'>{label}</span></mark>")
        cursor = e
    body.append(esc(doc.text[cursor:]))
    legend = "".join(f"<span class='m' style='background:{DISPLACY_COLOURS[k]}'><b>{k}</b> {esc(v)}</span> " for k, v in LEGEND.items())
    rows = "".join(
        f"<tr><td>{q.start}–{q.end}</td><td>{esc(q.text)}</td><td>{quantity_label(q.kind)}</td><td class='num'>{_fmt(q.value)}"
        f"{'–' + _fmt(q.value_max) if q.value_max is not None else ''}{' / ' + _fmt(q.total) if q.total is not None else ''}</td>"
        f"<td>{esc(q.unit or '')}</td><td>{esc(q.item or '')}</td><td>{esc(q.per or '')}</td><td>{esc(q.approx or '')}</td>"
        f"<td>{esc(q.campaign or '')}</td><td>{esc(q.area or '')}</td><td>{esc(q.period or '')}</td></tr>"
        for q in ex.quantities
    )
    head = (f"<p><b>campaign</b> {esc(doc.campaign or '–')} · <b>area</b> {esc(doc.area or '–')} · "
            f"<b>period</b> {esc(doc.period or '–')} · <b>date</b> {esc(doc.date or '–')} · <b>encoding</b> {esc(doc.encoding)}</p>")
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{esc(doc.doc_id)} — baocao</title>
<style>body{{font-family:system-ui,sans-serif;margin:1.5rem auto;max-width:78rem;padding:0 1rem;color:#222}}
.wrap{{display:flex;gap:1.5rem;align-items:flex-start}}.text{{flex:3;white-space:pre-wrap;line-height:2.1}}
.side{{flex:2;font-size:.8rem;position:sticky;top:0;max-height:95vh;overflow:auto}}
.m{{padding:.1rem .3rem;border-radius:.3rem;cursor:help}}.lbl{{font-size:.6rem;font-weight:bold;margin-left:.3rem;opacity:.7}}
.legend .m{{display:inline-block;margin:.15rem;cursor:default}}table{{border-collapse:collapse}}td,th{{border:1px solid #ddd;padding:.15rem .3rem;vertical-align:top}}
.num{{text-align:right;font-variant-numeric:tabular-nums}}</style></head>
<body><h1>{esc(doc.title or doc.doc_id)}</h1><p>{esc(doc.doc_id)} · {esc(doc.source)}</p>{head}
<p class="legend">{legend}</p><p><small>Hover a highlighted figure for its value, unit and links.</small></p>
<div class="wrap"><div class="text">{''.join(body)}</div>
<div class="side"><h2>{len(ex.quantities)} quantities</h2><table><tr><th>span</th><th>text</th><th>kind</th><th>value</th><th>unit</th>
<th>item</th><th>per</th><th>approx</th><th>campaign</th><th>area</th><th>period</th></tr>{rows}</table></div></div></body></html>
"""


def from_tables(out_dir, doc_id: str | None) -> Extraction:
    """An already extracted article, from an output folder of ``baocao extract``."""
    from pathlib import Path

    from schemas import AreaMention, CampaignMention, Document, PeriodMention, Quantity

    from .errors import InputError
    from .writers import output_layout, read_table, table_path

    folder = Path(out_dir)
    layout = output_layout(folder)
    if layout is None:
        raise InputError("not an output folder of `baocao extract` (no documents table)", source=str(folder))

    def rows(table: str) -> list[dict]:
        path = table_path(folder, table, layout)
        return [r for r in read_table(path) if r.get("doc_id") == chosen] if path.exists() else []

    docs = read_table(table_path(folder, "documents", layout))
    if not docs:
        raise InputError("the documents table is empty", source=str(folder))
    chosen = doc_id if doc_id is not None else docs[0]["doc_id"]
    found = [d for d in docs if d["doc_id"] == chosen]
    if not found:
        ids = ", ".join(d["doc_id"] for d in docs[:10])
        raise InputError(f"no document {chosen!r} in this output (some ids: {ids})", source=str(folder))
    ex = Extraction(Document.model_validate(found[0]))
    ex.quantities = [Quantity.model_validate(r) for r in rows("quantities")]
    ex.areas = [AreaMention.model_validate(r) for r in rows("areas")]
    ex.campaigns = [CampaignMention.model_validate(r) for r in rows("campaigns")]
    ex.periods = [PeriodMention.model_validate(r) for r in rows("periods")]
    return ex
