"""One article, annotated: in the terminal, or as HTML through displaCy."""
from __future__ import annotations

import sys
from typing import TextIO

from .pipeline import Extraction

_COLOURS = {"quantity": "\033[1;33m", "area": "\033[1;36m", "campaign": "\033[1;35m", "period": "\033[1;32m"}
_RESET = "\033[0m"
_BRACKETS = {"quantity": ("⟦", "⟧"), "area": ("«", "»"), "campaign": ("‹", "›"), "period": ("⟨", "⟩")}
DISPLACY_COLOURS = {
    "MONEY": "#fde68a", "LENGTH": "#bfdbfe", "AREA": "#bbf7d0", "VOLUME": "#ddd6fe", "MASS": "#fecaca",
    "PERCENT": "#fed7aa", "COUNT": "#e5e7eb", "DURATION": "#fbcfe8", "RATE": "#c7d2fe", "OTHER": "#d1d5db",
    "PLACE": "#99f6e4", "CAMPAIGN": "#f5d0fe", "PERIOD": "#bef264",
}


def _marks(ex: Extraction) -> list[tuple[int, int, str, str]]:
    """(start, end, layer, label), non-overlapping, quantities first."""
    marks: list[tuple[int, int, str, str]] = [(q.start, q.end, "quantity", q.kind.upper()) for q in ex.quantities]
    for layer, label, items in (("area", "PLACE", ex.areas), ("campaign", "CAMPAIGN", ex.campaigns), ("period", "PERIOD", ex.periods)):
        for m in items:
            if not any(s < m.end and m.start < e for s, e, _, _ in marks):
                marks.append((m.start, m.end, layer, label))
    marks.sort()
    return marks


def render_terminal(ex: Extraction, out: TextIO = sys.stdout, *, colour: bool | None = None) -> None:
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


def render_html(ex: Extraction) -> str:
    """The article with its quantities and mentions marked, as a displaCy page."""
    from spacy import displacy

    doc = ex.document
    ents = [{"start": s, "end": e, "label": label} for s, e, _, label in _marks(ex)]
    parsed = {"text": doc.text, "ents": ents, "title": f"{doc.doc_id} — {doc.title or ''}"}
    return displacy.render([parsed], style="ent", manual=True, page=True, options={"colors": DISPLACY_COLOURS})
