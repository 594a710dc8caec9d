#!/usr/bin/env python3
"""Compare two independent annotations (A, B) of a batch; write agreement and disputes.

  merge.py disputes N     -> C<N>/<doc>.disputes.json for every article of batch N, and agreement counts
  merge.py final N        -> C<N>/<doc>.{quantities,areas,campaigns}.jsonl: agreed records + third-reading decisions
  merge.py agreement      -> per-field agreement over all merged batches (JSON on stdout)
"""
import json, os, re, sys, unicodedata
from decimal import Decimal
sys.path.insert(0, os.path.dirname(__file__))
import annot

ROOT = os.path.dirname(os.path.abspath(__file__))
QF = ["kind", "value", "value_max", "total", "unit", "item", "per", "approx", "campaign", "area", "period"]


def load(path):
    if not os.path.exists(path):
        return None
    return [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]


def fold(s):
    if s is None:
        return None
    s = unicodedata.normalize("NFC", str(s)).lower()
    s = re.sub(r"[“”\"'‘’«»]", "", s)
    s = re.sub(r"[-–—]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    # one tone-mark convention: oà/òa etc.
    for a, b in (("oà", "òa"), ("oá", "óa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa"), ("uỳ", "ùy"), ("uý", "úy"), ("uỷ", "ủy"), ("uỹ", "ũy"), ("uỵ", "ụy"), ("oè", "òe"), ("oé", "óe"), ("oẻ", "ỏe"), ("oẽ", "õe"), ("oẹ", "ọe")):
        s = s.replace(a, b)
    return s


def same(field, a, b):
    if field in ("value", "value_max", "total"):
        return (a is None and b is None) or (a is not None and b is not None and Decimal(str(a)) == Decimal(str(b)))
    if field == "item":
        fa, fb = fold(a), fold(b)
        if fa is None or fb is None:
            return fa == fb
        return fa.startswith(fb) or fb.startswith(fa)
    if field in ("campaign", "area"):
        fa, fb = fold(a), fold(b)
        if fa is None or fb is None:
            return fa == fb
        return fa == fb or fa in fb or fb in fa
    return fold(a) == fold(b)


def pairs(A, B):
    cands = []
    for i, a in enumerate(A):
        for j, b in enumerate(B):
            ov = min(a["end"], b["end"]) - max(a["start"], b["start"])
            if ov > 0:
                cands.append((-ov, i, j))
    cands.sort()
    ua, ub, out = set(), set(), []
    for _, i, j in cands:
        if i not in ua and j not in ub:
            ua.add(i); ub.add(j); out.append((i, j))
    return out, [i for i in range(len(A)) if i not in ua], [j for j in range(len(B)) if j not in ub]


def sentence(text, s, e):
    lo = max(text.rfind("\n", 0, s), max(text.rfind(". ", 0, s), 0))
    hi = [x for x in (text.find("\n", e), text.find(". ", e)) if x >= 0]
    hi = min(hi) + 1 if hi else len(text)
    return text[lo:hi].strip()


def batch_docs(n):
    return [l.strip() for l in open(os.path.join(ROOT, f"batch{n}.txt")) if l.strip()]


def doc_of(path):
    return os.path.splitext(os.path.basename(path))[0]


def mkey(r):
    return (r["start"], r["end"])


def disputes(n):
    out_dir = os.path.join(ROOT, f"C{n}")
    os.makedirs(out_dir, exist_ok=True)
    stats = {}
    for path in batch_docs(n):
        doc = doc_of(path)
        text = open(path, encoding="utf-8", newline="").read()
        items = []
        A = load(os.path.join(ROOT, f"A{n}", f"{doc}.quantities.jsonl")) or []
        B = load(os.path.join(ROOT, f"B{n}", f"{doc}.quantities.jsonl")) or []
        matched, only_a, only_b = pairs(A, B)
        for i, j in matched:
            a, b = A[i], B[j]
            differs = [f for f in QF if not same(f, a[f], b[f])]
            if (a["start"], a["end"]) != (b["start"], b["end"]):
                differs.insert(0, "span")
            if differs:
                items.append({"id": f"q{len(items)}", "table": "quantities", "differs": differs, "A": a, "B": b,
                              "sentence": sentence(text, min(a["start"], b["start"]), max(a["end"], b["end"]))})
        for i in only_a:
            items.append({"id": f"q{len(items)}", "table": "quantities", "differs": ["only A annotated this"], "A": A[i], "B": None,
                          "sentence": sentence(text, A[i]["start"], A[i]["end"])})
        for j in only_b:
            items.append({"id": f"q{len(items)}", "table": "quantities", "differs": ["only B annotated this"], "A": None, "B": B[j],
                          "sentence": sentence(text, B[j]["start"], B[j]["end"])})
        for table, fields in (("areas", ["canonical"]), ("campaigns", ["canonical"])):
            MA = {mkey(r): r for r in load(os.path.join(ROOT, f"A{n}", f"{doc}.{table}.jsonl")) or []}
            MB = {mkey(r): r for r in load(os.path.join(ROOT, f"B{n}", f"{doc}.{table}.jsonl")) or []}
            for k in sorted(set(MA) | set(MB)):
                a, b = MA.get(k), MB.get(k)
                if a and b and all(same("campaign" if table == "campaigns" else "area", a[f], b[f]) for f in fields) and fold(a["canonical"]) == fold(b["canonical"]):
                    continue
                items.append({"id": f"{table[0]}{len(items)}", "table": table,
                              "differs": ["canonical"] if a and b else [f"only {'A' if a else 'B'} annotated this"],
                              "A": a, "B": b, "sentence": sentence(text, k[0], k[1])})
        json.dump({"doc_id": doc, "article": path, "disputes": items}, open(os.path.join(out_dir, f"{doc}.disputes.json"), "w", encoding="utf-8"), ensure_ascii=False, indent=1)
        stats[doc] = len(items)
    return stats


def agreement(batches):
    c = {f: [0, 0] for f in ["span_found", "span_exact"] + QF}
    m = {"areas": [0, 0, 0], "campaigns": [0, 0, 0]}
    docs = 0
    for n in batches:
        for path in batch_docs(n):
            doc = doc_of(path)
            A = load(os.path.join(ROOT, f"A{n}", f"{doc}.quantities.jsonl"))
            B = load(os.path.join(ROOT, f"B{n}", f"{doc}.quantities.jsonl"))
            if A is None or B is None:
                continue
            docs += 1
            matched, only_a, only_b = pairs(A, B)
            c["span_found"][0] += 2 * len(matched); c["span_found"][1] += len(A) + len(B)
            for i, j in matched:
                a, b = A[i], B[j]
                c["span_exact"][0] += (a["start"], a["end"]) == (b["start"], b["end"]); c["span_exact"][1] += 1
                for f in QF:
                    c[f][0] += same(f, a[f], b[f]); c[f][1] += 1
            for table in m:
                MA = {mkey(r) for r in load(os.path.join(ROOT, f"A{n}", f"{doc}.{table}.jsonl")) or []}
                MB = {mkey(r) for r in load(os.path.join(ROOT, f"B{n}", f"{doc}.{table}.jsonl")) or []}
                m[table][0] += len(MA & MB); m[table][1] += len(MA); m[table][2] += len(MB)
    out = {"documents": docs}
    out["quantities"] = {f: {"agree": a, "n": t, "rate": round(a / t, 3) if t else None} for f, (a, t) in c.items()}
    out["mentions"] = {k: {"both": v[0], "A": v[1], "B": v[2], "f1": round(2 * v[0] / (v[1] + v[2]), 3) if v[1] + v[2] else None} for k, v in m.items()}
    return out


def locate_decision(orig, text, starts, d):
    if d.get("start") is not None and d.get("end") is not None and orig[d["start"]:d["end"]] == d.get("text"):
        return d["start"], d["end"], d["text"]
    return annot.locate(orig, text, starts, d)


def final(n):
    out_dir = os.path.join(ROOT, f"C{n}")
    problems = 0
    for path in batch_docs(n):
        doc = doc_of(path)
        orig = open(path, encoding="utf-8", newline="").read()
        text, starts = annot.nfc_map(orig)
        disp = json.load(open(os.path.join(out_dir, f"{doc}.disputes.json"), encoding="utf-8"))["disputes"]
        dec_path = os.path.join(out_dir, f"{doc}.decided.jsonl")
        decisions = {d["id"]: d for d in (load(dec_path) or [])}
        missing = [d["id"] for d in disp if d["id"] not in decisions]
        if missing:
            print(f"{doc}: no decision for {missing}"); problems += len(missing)
        disputed_keys = {t: set() for t in ("quantities", "areas", "campaigns")}
        for d in disp:
            for side in ("A", "B"):
                if d[side]:
                    disputed_keys[d["table"]].add(mkey(d[side]))
        for table in ("quantities", "areas", "campaigns"):
            A = load(os.path.join(ROOT, f"A{n}", f"{doc}.{table}.jsonl")) or []
            rows = [r for r in A if mkey(r) not in disputed_keys[table]]
            for r in rows:
                r.pop("note", None)
            for d in disp:
                if d["table"] != table or d["id"] not in decisions:
                    continue
                dec = decisions[d["id"]]
                if not dec.get("keep"):
                    continue
                try:
                    s, e, surf = locate_decision(orig, text, starts, dec)
                    if table == "quantities":
                        annot.check_q(dec)
                        row = {"doc_id": doc, "start": s, "end": e, "text": surf, "kind": dec["kind"],
                               "value": annot.dec(dec["value"], "value"), "value_max": annot.dec(dec["value_max"], "value_max"),
                               "total": annot.dec(dec["total"], "total"), "unit": dec["unit"], "item": dec["item"], "per": dec["per"],
                               "approx": dec["approx"], "campaign": dec["campaign"], "area": dec["area"], "area_code": None,
                               "period": None if dec["period"] is None else str(dec["period"]),
                               "note": "third reading: " + (dec.get("note") or "").strip()}
                    elif table == "areas":
                        row = {"doc_id": doc, "start": s, "end": e, "text": surf, "type": dec["type"], "name": dec["name"], "canonical": dec["canonical"]}
                    else:
                        row = {"doc_id": doc, "start": s, "end": e, "text": surf, "head": dec.get("head"), "canonical": dec["canonical"]}
                    rows.append(row)
                except (ValueError, KeyError) as exc:
                    print(f"{doc} {d['id']}: {exc}"); problems += 1
            rows.sort(key=lambda r: (r["start"], r["end"]))
            seen = set(); uniq = []
            for r in rows:
                if mkey(r) in seen:
                    continue
                seen.add(mkey(r)); uniq.append(r)
            if table == "quantities":
                for a, b in zip(uniq, uniq[1:]):
                    if b["start"] < a["end"]:
                        print(f"{doc}: overlap {a['text']!r} / {b['text']!r}"); problems += 1
            with open(os.path.join(out_dir, f"{doc}.{table}.jsonl"), "w", encoding="utf-8") as fh:
                for r in uniq:
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print("OK" if not problems else f"{problems} problem(s)")
    return problems


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "disputes":
        print(json.dumps(disputes(int(sys.argv[2]))))
    elif cmd == "final":
        sys.exit(1 if final(int(sys.argv[2])) else 0)
    elif cmd == "agreement":
        print(json.dumps(agreement([int(x) for x in sys.argv[2:]] or range(1, 9)), ensure_ascii=False, indent=1))
