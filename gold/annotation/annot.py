#!/usr/bin/env python3
"""Annotator's tool: turn draft annotations (surface + context) into grounded gold lines.

  annot.py show ARTICLE.txt
      numbered paragraphs of the article (NFC) for reading.
  annot.py find ARTICLE.txt "surface"
      every occurrence of surface with its occurrence number n and some context.
  annot.py build ARTICLE.txt DRAFT_DIR
      reads DRAFT_DIR/<doc_id>.q.draft.jsonl (quantities), .a.draft.jsonl (area mentions),
      .c.draft.jsonl (campaign mentions); locates each line's span and writes
      DRAFT_DIR/<doc_id>.quantities.jsonl / .areas.jsonl / .campaigns.jsonl with exact
      start/end into the ORIGINAL file text. Reports every problem; fix the draft and rerun.

Locating a draft line: "text" is the span surface (typed in NFC is fine). Give either
  "ctx": a longer snippet that contains "text" and occurs once in the article, or
  "n":   the occurrence number of "text" (1-based, as `find` prints), or
  nothing, when "text" occurs exactly once.
"""
import json, sys, unicodedata, os
from decimal import Decimal, InvalidOperation

KINDS = {"money", "length", "area", "volume", "mass", "percent", "count", "duration", "rate", "other"}
UNITS = {"money": {"VND", "USD", "EUR", "JPY", "CNY", "GBP", "KRW", "THB", "AUD", "SGD", "CHF", "CAD", "RUB", "HKD", "TWD", "LAK", "KHR", "MYR", "INR"},
         "length": {"m", "km", "cm", "mm"}, "area": {"m2", "ha", "km2"}, "volume": {"m3", "l"},
         "mass": {"kg", "t", "g"}, "percent": {"percent"},
         "duration": {"year", "month", "week", "day", "hour", "minute", "second", "person_day"},
         "count": {None}, "rate": {None}, "other": {None, "kWh"}}
APPROX = {None, "gt", "ge", "lt", "le", "about"}
QFIELDS = ["kind", "value", "value_max", "total", "unit", "item", "per", "approx", "campaign", "area", "period"]


def nfc_map(orig):
    out, starts = [], []
    i = 0
    while i < len(orig):
        j = i + 1
        while j < len(orig) and unicodedata.combining(orig[j]):
            j += 1
        piece = unicodedata.normalize("NFC", orig[i:j])
        for k, ch in enumerate(piece):
            out.append(ch); starts.append(i if k == 0 else j)
        i = j
    starts.append(len(orig))
    return "".join(out), starts


def occurrences(text, s):
    res, pos = [], text.find(s)
    while pos >= 0:
        res.append(pos); pos = text.find(s, pos + 1)
    return res


def read(path):
    return open(path, encoding="utf-8", newline="").read()


def show(path):
    text = unicodedata.normalize("NFC", read(path))
    for i, para in enumerate(p for p in text.split("\n") if p.strip()):
        print(f"[{i}] {para}")


def find(path, surface):
    text, _ = nfc_map(read(path))
    surface = unicodedata.normalize("NFC", surface)
    occ = occurrences(text, surface)
    if not occ:
        print("not found"); return
    for n, p in enumerate(occ, 1):
        ctx = text[max(0, p - 40):p + len(surface) + 40].replace("\n", " | ")
        print(f"n={n}: ...{ctx}...")


def locate(orig, text, starts, d):
    surf = unicodedata.normalize("NFC", d.get("text") or "")
    if not surf:
        raise ValueError("missing text")
    if d.get("ctx"):
        ctx = unicodedata.normalize("NFC", d["ctx"])
        occ = occurrences(text, ctx)
        if len(occ) != 1:
            raise ValueError(f"ctx {ctx!r} occurs {len(occ)} times (must be exactly once)")
        inner = ctx.find(surf)
        if inner < 0:
            raise ValueError(f"text {surf!r} is not inside ctx {ctx!r}")
        if ctx.find(surf, inner + 1) >= 0:
            raise ValueError(f"text {surf!r} occurs twice inside ctx {ctx!r}; make ctx end right after it")
        pos = occ[0] + inner
    else:
        occ = occurrences(text, surf)
        if not occ:
            raise ValueError(f"text {surf!r} not found")
        n = d.get("n")
        if n is None:
            if len(occ) > 1:
                raise ValueError(f"text {surf!r} occurs {len(occ)} times: give n or ctx")
            n = 1
        if not (1 <= int(n) <= len(occ)):
            raise ValueError(f"n={n} but {surf!r} occurs {len(occ)} times")
        pos = occ[int(n) - 1]
    s = starts[pos]
    e = starts[pos + len(surf)] if pos + len(surf) < len(starts) else len(orig)
    return s, e, orig[s:e]


def dec(v, name):
    if v is None:
        return None
    try:
        d = Decimal(str(v))
    except InvalidOperation:
        raise ValueError(f"{name} not a decimal: {v!r}")
    if not d.is_finite():
        raise ValueError(f"{name} not finite")
    return format(d.normalize(), "f")


def check_q(d):
    for f in QFIELDS:
        if f not in d:
            raise ValueError(f"missing field {f!r} (write null when empty)")
    if d["kind"] not in KINDS:
        raise ValueError(f"kind {d['kind']!r} not in {sorted(KINDS)}")
    if d["unit"] not in UNITS[d["kind"]]:
        raise ValueError(f"kind {d['kind']} takes unit in {sorted(map(str, UNITS[d['kind']]))}, got {d['unit']!r}")
    if d["approx"] not in APPROX:
        raise ValueError(f"approx {d['approx']!r} not in gt/ge/lt/le/about/null")
    v = dec(d["value"], "value"); vm = dec(d["value_max"], "value_max"); dec(d["total"], "total")
    if v is None:
        raise ValueError("value is null")
    if vm is not None and Decimal(vm) < Decimal(v):
        raise ValueError("value_max below value")
    if d["period"] is not None:
        import re
        if not re.fullmatch(r"\d{4}(-\d{4})?", str(d["period"])):
            raise ValueError(f"period {d['period']!r} must be YYYY or YYYY-YYYY")


def build(path, folder):
    orig = read(path)
    text, starts = nfc_map(orig)
    doc_id = os.path.splitext(os.path.basename(path))[0]
    problems = 0
    for tag, table in (("q", "quantities"), ("a", "areas"), ("c", "campaigns")):
        draft = os.path.join(folder, f"{doc_id}.{tag}.draft.jsonl")
        if not os.path.exists(draft):
            print(f"note: no {draft} (write an empty file if the article has none)")
            continue
        rows = []
        for ln, line in enumerate(open(draft, encoding="utf-8"), 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                s, e, surf = locate(orig, text, starts, d)
                if tag == "q":
                    check_q(d)
                    row = {"doc_id": doc_id, "start": s, "end": e, "text": surf, "kind": d["kind"],
                           "value": dec(d["value"], "value"), "value_max": dec(d["value_max"], "value_max"),
                           "total": dec(d["total"], "total"), "unit": d["unit"], "item": d["item"], "per": d["per"],
                           "approx": d["approx"], "campaign": d["campaign"], "area": d["area"], "area_code": None,
                           "period": None if d["period"] is None else str(d["period"])}
                elif tag == "a":
                    for f in ("type", "name", "canonical"):
                        if not d.get(f):
                            raise ValueError(f"missing {f}")
                    row = {"doc_id": doc_id, "start": s, "end": e, "text": surf, "type": d["type"], "name": d["name"], "canonical": d["canonical"]}
                else:
                    if not d.get("canonical"):
                        raise ValueError("missing canonical")
                    row = {"doc_id": doc_id, "start": s, "end": e, "text": surf, "head": d.get("head"), "canonical": d["canonical"]}
                if d.get("note"):
                    row["note"] = d["note"]
                rows.append(row)
            except (ValueError, json.JSONDecodeError) as exc:
                problems += 1
                print(f"{draft}:{ln}: {exc}")
        rows.sort(key=lambda r: (r["start"], r["end"]))
        if tag == "q":
            for a, b in zip(rows, rows[1:]):
                if b["start"] < a["end"]:
                    problems += 1
                    print(f"{draft}: overlapping spans {a['text']!r} [{a['start']},{a['end']}) and {b['text']!r} [{b['start']},{b['end']})")
        seen = set()
        for r in rows:
            if (r["start"], r["end"]) in seen:
                problems += 1
                print(f"{draft}: duplicate span {r['text']!r} at {r['start']}")
            seen.add((r["start"], r["end"]))
        with open(os.path.join(folder, f"{doc_id}.{table}.jsonl"), "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"{table}: {len(rows)} rows written")
    print("OK" if not problems else f"{problems} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    cmd, *args = sys.argv[1:] or ["-h"]
    if cmd == "show":
        show(args[0])
    elif cmd == "find":
        find(args[0], args[1])
    elif cmd == "build":
        sys.exit(build(args[0], args[1]))
    else:
        print(__doc__)
