#!/usr/bin/env python3
"""Write the merged gold of finished batches into /work/main/gold (seed rows kept)."""
import json, os, sys
sys.path.insert(0, os.path.dirname(__file__))
import merge

GOLD = "/work/main/gold"
SEED_PREFIXES = ("000_", "001_", "002_", "003_", "004_")


def rows(path):
    return [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()] if os.path.exists(path) else []


def main(batches):
    docs = []
    new = {"quantities": [], "areas": [], "campaigns": []}
    for n in batches:
        for path in merge.batch_docs(n):
            doc = merge.doc_of(path)
            for table in new:
                p = os.path.join(merge.ROOT, f"C{n}", f"{doc}.{table}.jsonl")
                if not os.path.exists(p):
                    raise SystemExit(f"batch {n}: {p} missing (run merge.py final {n})")
                new[table] += rows(p)
            source = os.path.basename(os.path.dirname(path))
            docs.append((doc, source, f"corpus/{source}/{doc}.txt"))
    # SPEC §3's canonical units have no mm or g: the figure is written in m / kg (exact decimals)
    from decimal import Decimal
    for r in new["quantities"]:
        conv = {"mm": ("m", Decimal("0.001")), "g": ("kg", Decimal("0.001"))}.get(r["unit"])
        if conv:
            for f in ("value", "value_max", "total"):
                if r[f] is not None:
                    r[f] = format((Decimal(r[f]) * conv[1]).normalize(), "f")
            r["unit"] = conv[0]
            r["note"] = ((r.get("note") or "") + f" [unit written in {conv[0]}: SPEC §3 canonical units]").strip()
    for table, extra in new.items():
        p = os.path.join(GOLD, f"{table}.jsonl")
        kept = [r for r in rows(p) if r["doc_id"].startswith(SEED_PREFIXES)]
        allrows = kept + sorted(extra, key=lambda r: (r["doc_id"], r["start"], r["end"]))
        with open(p, "w", encoding="utf-8") as fh:
            for r in allrows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(table, len(kept), "seed rows +", len(extra), "new")
    with open(os.path.join(GOLD, "documents.tsv"), "w", encoding="utf-8") as fh:
        fh.write("doc_id\tsource\tpath\n")
        for f in sorted(os.listdir("/work/main/corpus/seeds")):
            if f.endswith(".txt"):
                fh.write(f"{f[:-4]}\tseeds\tcorpus/seeds/{f}\n")
        for d in sorted(docs, key=lambda x: (x[1], x[0])):
            fh.write("\t".join(d) + "\n")
    print(len(docs), "documents")


if __name__ == "__main__":
    main([int(x) for x in sys.argv[1:]])
