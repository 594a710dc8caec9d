"""The ``baocao`` command.

Exit codes: 0 success (a batch with quarantined inputs still succeeds: the
quarantine table says why); 1 the run finished but found problems (`gold
check`); 2 usage error; 3 an input or data error (the message names the file
and the reason); 130 interrupted.
Progress goes to stderr, data to stdout or files. ``--debug`` shows tracebacks.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import BaocaoError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_ERROR = 0, 1, 2, 3

DESCRIPTION = """\
Extract figures (money, lengths, areas, counts, percentages ...) from Vietnamese
reports, each linked to its campaign, administrative area and period, and
grounded by character offsets in the original text.

examples:
  baocao extract corpus/ -o out                      # Parquet tables in out/
  baocao extract archive/*.warc.gz -o out --format jsonl --workers 8
  baocao extract big/ -o out --engine dask --scheduler tcp://10.0.0.5:8786
  baocao show corpus/seeds/001_e978e5b1d23108f2.txt --html article.html
  baocao evaluate --gold gold --pred out
  baocao parse "hơn 4,2 tỷ đồng"
  baocao schema
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="baocao", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--debug", action="store_true", help="show tracebacks instead of one-line errors")
    p.add_argument("--version", action="version", version=f"baocao {_version()}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)  # options every subcommand takes, before or after it
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks instead of one-line errors")
    sub.add_parser = _with_parents(sub.add_parser, common)  # type: ignore[method-assign]

    ex = sub.add_parser("extract", help="extract every input into a dataset of tables",
                        description="Read files or folders of .txt, .html, .jsonl(.gz), .warc(.gz) (mixed) and "
                                    "write documents, sentences, quantities, areas, campaigns, periods and "
                                    "quarantine tables to OUT. Every input ends up done or in quarantine.")
    ex.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders")
    ex.add_argument("-o", "--out", required=True, help="output folder")
    ex.add_argument("--format", choices=("parquet", "jsonl", "csv", "parquet-dataset", "duckdb"), default="parquet",
                    help="table format (default: parquet); parquet-dataset: a folder of Parquet files per table, OUT/<table>/part-*.parquet, "
                         "as pandas, DuckDB and Spark read them (the end of the run only renames files: for archives); "
                         "duckdb: one OUT/baocao.duckdb file with the tables, comments and views "
                         "(needs the duckdb package: pip install 'baocao[duckdb]')")
    ex.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores)")
    ex.add_argument("--engine", choices=("local", "dask"), default="local", help="local process pool or a Dask cluster")
    ex.add_argument("--scheduler", default=None, help="Dask scheduler address (with --engine dask; default: start a local cluster)")
    ex.add_argument("--resume", action="store_true", help="skip inputs a previous run into OUT already finished (by content hash)")
    ex.add_argument("--no-dedup", action="store_true", help="do not mark near-duplicate articles (documents.duplicate_of)")
    ex.add_argument("--keep-parts", action="store_true", help="keep OUT/_parts/ after a complete run (by default it is removed: "
                                                              "only an interrupted run needs it, for --resume; not with "
                                                              "parquet-dataset, whose parts become the dataset)")
    ex.add_argument("--no-progress", action="store_true", help="no progress line on stderr")
    ex.add_argument("--doc-timeout", type=float, default=600, metavar="SECONDS",
                    help="quarantine an article that takes longer than this (local engine; default 600; 0: no limit)")
    ex.add_argument("--area", default=None, metavar='"<type> <Name>"',
                    help="the area the inputs are known to cover (e.g. a district portal's \"huyện Đắk Song\"): an article's main "
                         "area when its text names none. Per folder: a .baocao.yaml with 'area: ...'; per JSONL line: the area field")
    for field in ("text", "id", "title", "date", "url", "area"):
        ex.add_argument(f"--jsonl-{field}", default=field, metavar="FIELD", help=f"JSONL field holding the {field} (default: {field})")

    sh = sub.add_parser("show", help="one article, annotated, in the terminal or as HTML")
    sh.add_argument("file", help="a .txt/.html/.jsonl/.warc file (the first article in it, or --id), or an output folder of `baocao extract`")
    sh.add_argument("--id", dest="doc_id", default=None, metavar="DOC", help="the article with this doc_id (in a JSONL or WARC file, or an output folder)")
    sh.add_argument("--html", metavar="OUT.html", help="write a displaCy page instead of printing")
    sh.add_argument("--no-colour", action="store_true", help="brackets instead of colours")

    ev = sub.add_parser("evaluate", help="score predictions against gold annotations (SPEC §5)")
    ev.add_argument("--gold", required=True, help="gold folder or quantities file")
    ev.add_argument("--pred", required=True, help="output folder of `baocao extract`, or a quantities file")
    ev.add_argument("--json", action="store_true", help="print the report as JSON")
    ev.add_argument("--errors", action="store_true", help="list every miss, false positive and wrong field")
    ev.add_argument("--html", metavar="OUT.html", help="write the errors in context as HTML")
    ev.add_argument("--corpus", default=None, help="folder of <doc_id>.txt for context when PRED has no documents table")
    ev.add_argument("--by", choices=("auto", "source", "none"), default="auto",
                    help="per-source figures: gold/documents.tsv names each document's source (else the folder it was read from); "
                         "auto = whenever there is more than one source (default)")

    pa = sub.add_parser("parse", help='one expression -> one JSON record ("hơn 4,2 tỷ đồng")')
    pa.add_argument("expression", help="the expression, or - to read one per line from stdin")

    sc = sub.add_parser("schema", help="JSON Schema of the tables")
    sc.add_argument("--table", default=None, help="only this table")
    sc.add_argument("--markdown", action="store_true", help="the data dictionary (every column of every table) as Markdown")

    go = sub.add_parser("gold", help="check, export or import gold annotations")
    gsub = go.add_subparsers(dest="gold_command", required=True, metavar="ACTION")
    gsub.add_parser = _with_parents(gsub.add_parser, common)  # type: ignore[method-assign]
    gc = gsub.add_parser("check", help="validate gold files against the schemas and the corpus, by line")
    gc.add_argument("path", nargs="?", default="gold", help="gold folder or one gold .jsonl file (default: gold)")
    gc.add_argument("--corpus", default="corpus", help="folder of the annotated <doc_id>.txt articles, searched recursively (default: corpus)")
    ge = gsub.add_parser("export", help="gold -> Label Studio JSON or doccano JSONL")
    ge.add_argument("--to", choices=("label-studio", "doccano"), required=True, help="target tool")
    ge.add_argument("--gold", default="gold", help="gold folder (default: gold)")
    ge.add_argument("--corpus", default="corpus", help="folder of the annotated articles (default: corpus)")
    ge.add_argument("-o", "--out", required=True, help="tasks file to write (Label Studio JSON or doccano JSONL); for Label Studio the "
                                                        "labelling config is written beside it as <OUT stem>.config.xml")
    ge.add_argument("--tables", default="quantities,areas,campaigns",
                    help="gold tables to export, comma-separated (default: quantities,areas,campaigns; also: periods)")
    gi = gsub.add_parser("import", help="Label Studio JSON or doccano JSONL -> gold quantities JSONL")
    gi.add_argument("--from", dest="source", choices=("label-studio", "doccano"), required=True, help="the tool the file comes from")
    gi.add_argument("file", help="exported annotations (Label Studio JSON or doccano JSONL)")
    gi.add_argument("-o", "--out", required=True, help="gold quantities JSONL to write")
    return p


def _version() -> str:
    from . import __version__

    return __version__


def _with_parents(add_parser, common):
    def add(name, **kw):
        kw.setdefault("parents", [common])
        kw.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        if name in EXAMPLES:
            kw["epilog"] = "examples:\n" + EXAMPLES[name]
        return add_parser(name, **kw)
    return add


EXAMPLES = {
    "extract": "  baocao extract corpus/ -o out\n  baocao extract 'archive/*.jsonl.gz' -o out --format jsonl --workers 4\n"
               "  cat article.txt | baocao extract - -o out\n  baocao extract big/ -o out --engine dask --scheduler tcp://10.0.0.5:8786\n"
               "  baocao extract big/ -o out --resume          # after a crash or Ctrl-C\n"
               "  baocao extract archive/ -o out --format parquet-dataset   # out/quantities/part-*.parquet, ...",
    "show": "  baocao show corpus/seeds/001_e978e5b1d23108f2.txt\n  baocao show corpus/seeds/001_e978e5b1d23108f2.txt --html a.html\n"
            "  baocao show dump.jsonl --id vn-001\n  baocao show out/ --id 001_e978e5b1d23108f2     # an extracted article, not re-extracted",
    "evaluate": "  baocao evaluate --gold gold --pred out\n  baocao evaluate --gold gold --pred out --json > report.json\n"
                "  baocao evaluate --gold gold --pred out --errors --html errors.html",
    "parse": '  baocao parse "hơn 4,2 tỷ đồng"\n  printf "17,5 ha\\n21/21 khu phố\\n" | baocao parse -',
    "schema": "  baocao schema\n  baocao schema --table quantities",
    "gold": "  baocao gold check\n  baocao gold export --to label-studio -o tasks.json\n  baocao gold import --from label-studio tasks.json -o q.jsonl",
}


class UsageError(BaocaoError):
    """The command line asks for something that does not exist (exit 2)."""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return _dispatch(args)
    except UsageError as exc:
        print(f"baocao {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BaocaoError as exc:
        if args.debug:
            raise
        print(f"baocao: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # the reader went away (`baocao parse - | head`): not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("baocao: interrupted (finished parts are kept; run again with --resume)", file=sys.stderr)
        return 130
    except (OSError, ValueError) as exc:
        if args.debug:
            raise
        print(f"baocao: error: {exc}", file=sys.stderr)
        return EXIT_ERROR


def _dispatch(args: argparse.Namespace) -> int:
    return {
        "extract": _extract, "show": _show, "evaluate": _evaluate, "parse": _parse,
        "schema": _schema, "gold": _gold,
    }[args.command](args)


def _extract(args: argparse.Namespace) -> int:
    from .batch import run_batch
    from .readers import JsonlFields

    args.inputs = _expand_inputs(args.inputs)
    fields = JsonlFields(text=args.jsonl_text, id=args.jsonl_id, title=args.jsonl_title, date=args.jsonl_date, url=args.jsonl_url,
                         area=args.jsonl_area)
    if args.area is not None:
        from .areas import known_area
        from .pipeline import gazetteer

        known_area(args.area, gazetteer())  # a misspelt --area is an error now, not in every worker
    if args.workers is not None and args.workers < 1:
        raise BaocaoError(f"--workers must be 1 or more, got {args.workers}")
    summary = run_batch(
        args.inputs, args.out, fmt=args.format, workers=args.workers, engine=args.engine,
        scheduler=args.scheduler, resume=args.resume, jsonl_fields=fields,
        progress=not args.no_progress, debug=args.debug, doc_timeout=args.doc_timeout or None,
        keep_parts=args.keep_parts, area=args.area, dedup=not args.no_dedup,
    )
    print(summary.line(), file=sys.stderr)
    return EXIT_OK


_GLOB_CHARS = frozenset("*?[")


def _expand_inputs(inputs: list[str]) -> list[str]:
    """Globs the shell did not expand ('corpus/*.txt', 'archive/**/*.jsonl') are expanded
    here; an input that does not exist and matches nothing is an input error, before any work."""
    import glob

    out: list[str] = []
    missing: list[str] = []
    for raw in inputs:
        if raw == "-" or Path(raw).exists() or Path(raw).is_symlink():
            out.append(raw)
        elif _GLOB_CHARS & set(raw):
            found = sorted(glob.glob(raw, recursive=True))
            if found:
                out.extend(found)
            else:
                missing.append(f"{raw} (a pattern that matches nothing)")
        else:
            missing.append(raw)
    if missing:
        raise BaocaoError("no such input: " + ", ".join(missing))
    return out


def _first_doc(path: str, doc_id: str | None = None):
    from .readers import RawDoc, iter_inputs

    if not Path(path).exists():
        raise BaocaoError("no such file", source=path)
    seen: list[str] = []
    for item in iter_inputs([path]):
        if isinstance(item, RawDoc):
            if doc_id is None or item.doc_id == doc_id:
                return item
            seen.append(item.doc_id)
        elif doc_id is None:
            raise BaocaoError(item.reason, source=item.source, line=item.line)
    if doc_id is not None:
        raise BaocaoError(f"no article {doc_id!r} here (some ids: {', '.join(seen[:10]) or 'none'})", source=path)
    raise BaocaoError("no article in this input", source=path)


def _show(args: argparse.Namespace) -> int:
    from .pipeline import extract_document
    from .show import from_tables, render_html, render_terminal

    if Path(args.file).is_dir():
        ex = from_tables(args.file, args.doc_id)
    else:
        d = _first_doc(args.file, args.doc_id)
        ex = extract_document(d.text, d.doc_id, source=d.source, encoding=d.encoding, sha256=d.sha256,
                              title=d.title, date=d.date, url=d.url)
    if args.html:
        Path(args.html).write_text(render_html(ex), encoding="utf-8")
        print(f"wrote {args.html}", file=sys.stderr)
    else:
        render_terminal(ex, colour=False if args.no_colour else None)
    return EXIT_OK


def _evaluate(args: argparse.Namespace) -> int:
    from .evaluate import main as evaluate_main

    for name in ("gold", "pred"):
        if not Path(getattr(args, name)).exists():
            raise BaocaoError("no such file or folder", source=getattr(args, name))
    return evaluate_main(args.gold, args.pred, as_json=args.json, errors=args.errors, html=args.html, texts_from=args.corpus, by=args.by)


def _record(expression: str):
    from .quantities import parse_quantity

    q = parse_quantity(expression)
    if q is None:
        return None
    out = {"text": expression[q.start:q.end], "start": q.start, "end": q.end}
    for k in ("kind", "value", "value_max", "total", "unit", "item", "per", "approx"):
        v = getattr(q, k)
        out[k] = format(v.normalize(), "f") if hasattr(v, "normalize") else v
    return out


def _parse(args: argparse.Namespace) -> int:
    if args.expression != "-":
        print(json.dumps(_record(args.expression), ensure_ascii=False))
        return EXIT_OK
    write = sys.stdout.write
    for line in sys.stdin:
        write(json.dumps(_record(line.rstrip("\r\n")), ensure_ascii=False) + "\n")
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from schemas import TABLES

    if args.markdown:
        from .dictionary import render_markdown

        print(render_markdown())
        return EXIT_OK
    if args.table is not None and args.table not in TABLES:
        raise UsageError(f"unknown table {args.table!r}; tables: {', '.join(TABLES)}")
    names = [args.table] if args.table else list(TABLES)
    doc = {name: TABLES[name].model_json_schema(mode="serialization") for name in names}
    print(json.dumps(doc if not args.table else doc[args.table], ensure_ascii=False, indent=2))
    return EXIT_OK


def _gold(args: argparse.Namespace) -> int:
    from . import gold

    if args.gold_command == "check":
        return gold.main_check(args.path, args.corpus)
    if args.gold_command == "export":
        tables = tuple(t.strip() for t in args.tables.split(",") if t.strip())
        unknown = [t for t in tables if t not in ("quantities", "areas", "campaigns", "periods")]
        if unknown:
            raise UsageError(f"unknown table(s) {', '.join(unknown)}; tables: quantities, areas, campaigns, periods")
        if args.to == "label-studio":
            data = gold.to_label_studio(args.gold, args.corpus, tables=tables)
            Path(args.out).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            config = Path(args.out).with_name(Path(args.out).stem + ".config.xml")
            config.write_text(gold.LABEL_STUDIO_CONFIG, encoding="utf-8")
            print(f"wrote {config} (paste it in Label Studio: Settings > Labeling Interface > Code)", file=sys.stderr)
        else:
            lines = gold.to_doccano(args.gold, args.corpus, tables=tables)
            Path(args.out).write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
        return EXIT_OK
    text = Path(args.file).read_text(encoding="utf-8")
    try:
        if args.source == "label-studio":
            records = gold.from_label_studio(json.loads(text))
        else:
            records = gold.from_doccano(json.loads(line) for line in text.splitlines() if line.strip())
    except json.JSONDecodeError as exc:
        raise BaocaoError(f"invalid JSON at line {exc.lineno}: {exc.msg}", source=args.file) from None
    Path(args.out).write_text("".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in records), encoding="utf-8")
    print(f"wrote {len(records)} records to {args.out}", file=sys.stderr)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
