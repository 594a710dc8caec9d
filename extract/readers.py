"""INPUT paths -> a stream of raw documents, or of reasons why an input was skipped.

``iter_inputs(paths)`` takes files and folders, mixed, and yields one :class:`RawDoc` per
article or one :class:`Skipped` (a future quarantine row) per input that could not be
read, so every input is accounted for and no bad input raises.

Formats, chosen by file name (case-insensitive):

- ``.txt`` — one article, any encoding :func:`extract.decode.decode_bytes` knows;
  doc_id = file stem.
- ``.html`` / ``.htm`` / ``.xhtml`` — main text, title and date by trafilatura (paragraphs
  separated by newlines, page chrome and reader comments left out); the RawDoc's text is
  that main text. Charset from ``<meta charset>`` when declared, else detected. The
  title (metadata, not grounded text) is NFC-normalised.
- ``.jsonl`` / ``.ndjson`` — one article per line, fields named by :class:`JsonlFields`
  (dotted names reach into nested objects); doc_id from the id field, else
  ``<stem>:<line>``. A line without text but with an HTML field goes through trafilatura.
  Blank lines are not inputs. A bad line is skipped with its line number; the rest of the
  file goes on.
- ``.warc`` / ``.warc.gz`` — HTML ``response``/``resource`` records through trafilatura,
  ``text/plain`` ones as text; doc_id = WARC-Record-ID (without ``<>``), else
  ``<stem>:<n>``; url = WARC-Target-URI; ``line`` = record number (1-based). Non-2xx
  responses, non-HTML payloads and a record the file ends inside are Skipped; records
  that carry no document (warcinfo, request, metadata, revisit) are passed over. (A file
  cut inside the WARC headers of its last gzip member ends silently: warcio reads that
  as the end of the archive.)
- any of these + ``.gz``; anything else -> Skipped("unsupported file type ...").

Folders are walked recursively in sorted name order (deterministic), following symbolic
links once; hidden entries (name starting with ``.``) and provenance sidecars
(``SOURCES.tsv``) inside a folder are not inputs, nor is a folder holding
``.baocao-output`` (a run's output folder inside its input folder). Within a folder, files sort by stem and
then format (``.txt`` first), so ``a.txt`` keeps the id ``a`` beside ``a.html``. A
file reached twice (listed twice, or inside a listed folder) is read once, then Skipped.

**Doc ids are unique within a run**: the second input with doc_id ``x`` becomes ``x~2``,
the third ``x~3`` (first come, first kept; the order is deterministic).

``sha256`` is taken over the bytes that were decoded: the whole file (decompressed), the
JSONL line (without its line break), or the WARC record's HTTP payload.

``Skipped.stage`` is one of ``read`` (missing, unreadable, unsupported, too large,
corrupt gzip/WARC, non-article WARC record), ``decode`` (empty or binary bytes),
``parse`` (bad JSON line, no text field) and ``html`` (trafilatura found no main text).

Streaming: one file at a time, JSONL line by line, WARC record by record; nothing holds
more than one document (at most ``max_doc_bytes``, default 64 MiB) in memory.
"""
from __future__ import annotations

import dataclasses
import functools
import io
import sys
import datetime as dt
import gzip
import hashlib
import json
import os
import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .decode import decode_bytes
from .errors import DecodeError
from .limits import TimedOut, time_limit

__all__ = ["JsonlFields", "RawDoc", "Skipped", "iter_inputs", "count_inputs", "MAX_DOC_BYTES"]

#: Largest document (file, JSONL line or WARC payload) read; larger ones are Skipped.
MAX_DOC_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class JsonlFields:
    """Names of the JSONL fields (dotted names reach into nested objects)."""

    text: str = "text"
    id: str = "id"
    title: str = "title"
    date: str = "date"
    url: str = "url"
    html: str | None = "html"  # used when a line has no text field
    area: str = "area"  # the area the article is known to cover (optional)


@dataclass(frozen=True)
class RawDoc:
    """One article as read: text exactly as decoded (or extracted from HTML)."""

    doc_id: str
    source: str
    line: int | None  # JSONL line / WARC record number, 1-based; None for whole files
    text: str
    encoding: str
    sha256: str  # of the bytes decoded: file, JSONL line or WARC payload
    title: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd when known
    url: str | None = None
    area: str | None = None  # the area the input is known to cover (JSONL field, folder's .baocao.yaml)


@dataclass(frozen=True)
class Skipped:
    """An input that yields no document, and why (a quarantine row)."""

    source: str
    line: int | None
    doc_id: str | None
    stage: str
    reason: str

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.reason}"


def iter_inputs(
    paths: Iterable[str | os.PathLike[str]],
    *,
    jsonl_fields: JsonlFields = JsonlFields(),
    max_doc_bytes: int = MAX_DOC_BYTES,
) -> Iterator[RawDoc | Skipped]:
    """Yield a :class:`RawDoc` per article and a :class:`Skipped` per unusable input."""
    ids = _DocIds()
    for item in _plan(paths):
        if isinstance(item, Skipped):
            yield item
            continue
        folder_area = _folder_area(item.path.parent) if str(item.path) != STDIN else None
        for out in _read_file(item, jsonl_fields, max_doc_bytes):
            if isinstance(out, RawDoc):
                unique = ids.claim(out.doc_id)
                if unique != out.doc_id:
                    out = dataclasses.replace(out, doc_id=unique)
                if out.area is None and folder_area is not None:
                    out = dataclasses.replace(out, area=folder_area)
            yield out


def count_inputs(
    paths: Iterable[str | os.PathLike[str]],
    *,
    jsonl_fields: JsonlFields = JsonlFields(),
    max_doc_bytes: int = MAX_DOC_BYTES,
) -> int:
    """About how many items :func:`iter_inputs` will yield (for a progress ETA).

    Exact for well-formed inputs; costs one extra pass over JSONL and WARC files (no
    decoding, no HTML extraction).
    """
    total = 0
    for item in _plan(paths):
        if isinstance(item, Skipped):
            total += 1
            continue
        try:
            if item.kind == "jsonl":
                with _open(item) as f:
                    total += sum(1 for line in f if line.strip())
            elif item.kind == "warc":
                from warcio.archiveiterator import ArchiveIterator

                with open(item.path, "rb") as f:
                    total += sum(1 for r in ArchiveIterator(f) if r.rec_type in _WARC_DOC_RECORDS)
            else:
                total += 1
        except Exception:  # noqa: BLE001 - an estimate: a broken file counts as one item
            total += 1
    return total


# --------------------------------------------------------------------------- planning

_FORMATS = (
    (".txt", "txt"),
    (".html", "html"),
    (".htm", "html"),
    (".xhtml", "html"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".warc", "warc"),
)
#: The file ``baocao extract`` leaves in its output folder; a folder walk never reads such a
#: folder back as input (an output folder inside an input folder).
OUTPUT_MARKER = ".baocao-output"

#: Provenance tables kept beside the articles of a folder (``SOURCES.tsv``: where each file
#: comes from). A folder walk passes over them; named explicitly they are unsupported inputs.
SIDECAR_NAMES = frozenset({"sources.tsv"})

_SUPPORTED = ".txt, .html, .htm, .jsonl, .warc, each optionally .gz"


@dataclass(frozen=True)
class _Input:
    path: Path
    kind: str  # txt, html, jsonl, warc
    gz: bool
    stem: str

    @property
    def source(self) -> str:
        return str(self.path)


STDIN = "-"

#: A folder's settings file: ``area: huyện Đắk Song`` states the area every article in
#: the folder (and below it) is known to cover, used when an article names none.
FOLDER_SETTINGS = ".baocao.yaml"


@functools.lru_cache(maxsize=1024)
def _folder_area(folder: Path) -> str | None:
    """The ``area`` of the nearest .baocao.yaml in ``folder`` or above it (None if none)."""
    import yaml

    for d in (folder, *folder.resolve().parents):
        cfg = d / FOLDER_SETTINGS
        if cfg.is_file():
            try:
                data = yaml.safe_load(cfg.read_text(encoding="utf-8")) or {}
            except (OSError, yaml.YAMLError, UnicodeDecodeError):
                return None
            area = data.get("area") if isinstance(data, dict) else None
            return str(area).strip() or None if area else None
    return None


@functools.cache
def _stdin_bytes() -> bytes:
    """Standard input, read once (the progress counter plans the inputs a second time)."""
    return sys.stdin.buffer.read()


def _stdin_input() -> _Input:
    """``-``: one document from standard input; JSONL when its first non-blank byte is
    ``{``, HTML when it is ``<``, else plain text."""
    head = _stdin_bytes()[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    kind = "jsonl" if head[:1] == b"{" else "html" if head[:1] == b"<" else "txt"
    return _Input(Path(STDIN), kind, False, "stdin")


def _plan(paths: Iterable[str | os.PathLike[str]]) -> Iterator[_Input | Skipped]:
    """Every file to read, in order, or a Skipped for what cannot be an input."""
    first_seen: dict[str, str] = {}
    visited_dirs: set[str] = set()
    for raw in paths:
        if str(raw) == STDIN:
            if STDIN not in first_seen:
                first_seen[STDIN] = STDIN
                yield _stdin_input()
            continue
        for path in _walk(Path(raw), visited_dirs, top=True):
            if isinstance(path, Skipped):
                yield path
                continue
            source = str(path)
            real = os.path.realpath(path)
            if real in first_seen:
                yield Skipped(source, None, None, "read", f"same file as {first_seen[real]}, already read")
                continue
            first_seen[real] = source
            try:
                regular = path.is_file()
            except OSError:
                regular = True  # reported by the reader
            if not regular:
                yield Skipped(source, None, None, "read", f"not a regular file ({_file_type(path)}): never opened")
                continue
            kind, gz, stem = _kind(path.name)
            if kind is None:
                yield Skipped(source, None, None, "read", f"unsupported file type {_suffix(path.name)!r}: expected {_SUPPORTED}")
                continue
            yield _Input(path, kind, gz, stem)


def _walk(path: Path, visited: set[str], *, top: bool = False) -> Iterator[Path | Skipped]:
    try:
        if path.is_dir():
            real = os.path.realpath(path)
            if real in visited:
                return  # a symlink loop, or a folder listed twice
            visited.add(real)
            if not top and (path / OUTPUT_MARKER).exists():
                return  # baocao's own output (an output folder inside an input folder): not an input
            try:
                names = _in_order(e.name for e in os.scandir(path))
            except OSError as exc:
                yield Skipped(str(path), None, None, "read", f"cannot list folder: {_os_reason(exc)}")
                return
            for name in names:
                if not name.startswith(".") and name.lower() not in SIDECAR_NAMES:
                    yield from _walk(path / name, visited)
        elif path.exists():
            yield path
        elif path.is_symlink():
            yield Skipped(str(path), None, None, "read", "broken symbolic link")
        else:
            yield Skipped(str(path), None, None, "read", "no such file or directory")
    except OSError as exc:
        yield Skipped(str(path), None, None, "read", f"cannot read: {_os_reason(exc)}")


def _in_order(names: Iterable[str]) -> list[str]:
    """Sorted by name, except that the renderings of one article (same stem) sit together
    with ``.txt`` first, so the plain text keeps the bare doc_id beside ``a.html``."""
    ordered = sorted(names)
    first: dict[str, int] = {}
    keyed = []
    for i, name in enumerate(ordered):
        kind, _gz, stem = _kind(name)
        group = first.setdefault(stem if kind else name, i)
        rank = next((r for r, (_ext, k) in enumerate(_FORMATS) if k == kind), len(_FORMATS))
        keyed.append(((group, rank, name), name))
    return [name for _key, name in sorted(keyed)]


def _file_type(path: Path) -> str:
    import stat

    mode = path.stat().st_mode
    for test, name in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a file"


def _kind(name: str) -> tuple[str | None, bool, str]:
    lower = name.lower()
    gz = lower.endswith(".gz")
    inner = lower[:-3] if gz else lower
    for ext, kind in _FORMATS:
        if inner.endswith(ext) and len(inner) > len(ext):
            return kind, gz, name[: len(inner) - len(ext)]
    return None, gz, name


def _suffix(name: str) -> str:
    suffixes = Path(name).suffixes
    return "".join(suffixes[-2:]) if suffixes else name


class _DocIds:
    """First come keeps its id; later ones get ``~2``, ``~3``, ... (never an id in use)."""

    def __init__(self) -> None:
        self._last: dict[str, int] = {}

    def claim(self, doc_id: str) -> str:
        if doc_id not in self._last:
            self._last[doc_id] = 1
            return doc_id
        k = self._last[doc_id]
        while True:
            k += 1
            candidate = f"{doc_id}~{k}"
            if candidate not in self._last:
                self._last[doc_id] = k
                self._last[candidate] = 1
                return candidate


# --------------------------------------------------------------------------- reading

class _TooLarge(Exception):
    pass


def _read_file(item: _Input, fields: JsonlFields, limit: int) -> Iterator[RawDoc | Skipped]:
    source = item.source
    try:
        if item.kind == "jsonl":
            yield from _read_jsonl(item, fields, limit)
        elif item.kind == "warc":
            yield from _read_warc(item, limit)
        else:
            if not item.gz and str(item.path) != STDIN and item.path.stat().st_size > limit:
                raise _TooLarge
            with _open(item) as f:
                data = f.read(limit + 1)
            if len(data) > limit:
                raise _TooLarge
            if item.kind == "txt":
                yield _text_doc(data, source, None, item.stem, None)
            else:
                yield _html_doc(data, source, None, item.stem, url=None, charset=None)
    except _TooLarge:
        yield Skipped(source, None, None, "read", f"larger than {limit} bytes (max_doc_bytes)")
    except (OSError, EOFError, zlib.error) as exc:
        yield Skipped(source, None, None, "read", _io_reason(exc, item.gz))
    except Exception as exc:  # noqa: BLE001 - a bad input must never stop the batch
        yield Skipped(source, None, None, "read", f"unexpected {type(exc).__name__}: {exc}")


def _open(item: _Input):
    if str(item.path) == STDIN:
        return io.BytesIO(_stdin_bytes())
    return gzip.open(item.path, "rb") if item.gz else open(item.path, "rb")


def _os_reason(exc: OSError) -> str:
    return exc.strerror.lower() if exc.strerror else str(exc)


def _io_reason(exc: BaseException, gz: bool) -> str:
    if isinstance(exc, (EOFError, zlib.error, gzip.BadGzipFile)):
        return f"corrupt gzip data: {exc}"
    if isinstance(exc, OSError):
        return f"cannot read: {_os_reason(exc)}"
    return f"{type(exc).__name__}: {exc}"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _text_doc(data: bytes, source: str, line: int | None, doc_id: str, url: str | None,
              declared: str | None = None) -> RawDoc | Skipped:
    try:
        decoded = decode_bytes(data, source=source, declared=declared)
    except DecodeError as exc:
        return Skipped(source, line, None, "decode", exc.reason)
    if not decoded.text.strip():
        return Skipped(source, line, None, "read", "no text: blank")
    return RawDoc(doc_id, source, line, decoded.text, decoded.encoding, _sha256(data), url=url)


# --------------------------------------------------------------------------- HTML

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)|<\?xml[^>]+?encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""",
    re.IGNORECASE,
)


def _sniff_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    return (m.group(1) or m.group(2)).decode("ascii")


def _html_doc(data: bytes, source: str, line: int | None, doc_id: str, *, url: str | None,
              charset: str | None) -> RawDoc | Skipped:
    try:
        decoded = decode_bytes(data, source=source, declared=charset or _sniff_charset(data))
    except DecodeError as exc:
        return Skipped(source, line, None, "decode", exc.reason)
    got = _extract_html(decoded.text, url)
    if isinstance(got, str):
        return Skipped(source, line, None, "html", got)
    text, title, date, page_url = got
    return RawDoc(doc_id, source, line, text, decoded.encoding, _sha256(data), title, date, url or page_url)


_DATE_PARAMS = {"extensive_search": False, "original_date": True}

#: Seconds the HTML text extraction of one page may take (it runs while reading, before
#: the per-document timeout applies); the batch sets it from --doc-timeout.
HTML_SECONDS = 60.0
#: An opening tag longer than this holds no article text, only attributes (60,000 of them
#: in a hostile page cost minutes in lxml): it is reduced to its name.
_MAX_TAG = 4096
_HUGE_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9:-]{0,30})(?=[\s/])[^<>]{%d,}>" % _MAX_TAG)


def _bare_tag(m: re.Match[str]) -> str:
    return f"<{m.group(1)}>"


def set_html_seconds(seconds: float | None) -> None:
    """The time limit of one page's HTML text extraction (None or 0: the default)."""
    global HTML_SECONDS
    HTML_SECONDS = float(seconds) if seconds else 60.0


def _extract_html(html: str, url: str | None) -> tuple[str, str | None, str | None, str | None] | str:
    """(text, title, date, url), or the reason there is nothing."""
    import trafilatura  # slow import; only HTML needs it

    if not html.strip():
        return "no main text: the HTML is blank"
    html = _HUGE_TAG.sub(_bare_tag, html)
    try:
        with time_limit(HTML_SECONDS):
            doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True,
            # dates from markup and URL only: the extensive search reads "Năm 2019" in
            # the body as a publication date of 2019-01-01
            date_extraction_params=_DATE_PARAMS,
            )
    except TimedOut:
        return f"text extraction took longer than {HTML_SECONDS:g} s (hostile or huge markup)"
    except Exception as exc:  # noqa: BLE001 - trafilatura/lxml on hostile markup
        return f"trafilatura failed: {type(exc).__name__}: {exc}"
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        return "no main text found in the HTML (trafilatura extracted nothing)"
    # metadata, not grounded text: NFC, so a cp1258 page's title compares equal to a UTF-8 one's
    title = unicodedata.normalize("NFC", (getattr(doc, "title", None) or "").strip()) or None
    return text, title, _iso_date(getattr(doc, "date", None)), getattr(doc, "url", None) or None


# --------------------------------------------------------------------------- JSONL

def _read_jsonl(item: _Input, fields: JsonlFields, limit: int) -> Iterator[RawDoc | Skipped]:
    source = item.source
    lineno = 0
    with _open(item) as f:
        while True:
            try:
                raw = f.readline(limit + 1)
                if len(raw) > limit and not raw.endswith(b"\n"):
                    while (rest := f.readline(1 << 20)) and not rest.endswith(b"\n"):
                        pass
                    lineno += 1
                    yield Skipped(source, lineno, None, "read", f"line longer than {limit} bytes (max_doc_bytes)")
                    continue
            except (OSError, EOFError, zlib.error) as exc:
                yield Skipped(source, lineno + 1, None, "read", _io_reason(exc, item.gz) + "; rest of file not read")
                return
            if not raw:
                return
            lineno += 1
            if raw == b"\n" or raw == b"\r\n":
                lineno += _skip_blank_lines(f)
                continue
            out = _jsonl_line(raw, source, lineno, item.stem, fields)
            if out is not None:
                yield out


def _skip_blank_lines(f: Any) -> int:
    """After a blank line, skip the newlines that follow in blocks (a file of 512 MiB of
    newlines costs seconds, not minutes); returns how many lines were skipped."""
    skipped = 0
    while True:
        block = f.peek(1 << 16)[: 1 << 16] if hasattr(f, "peek") else b""
        if not block:
            return skipped
        blank = len(block) - len(block.lstrip(b"\r\n"))
        if blank == 0:
            return skipped
        # stop on the last newline of the run, so the next line starts clean
        run = block[:blank]
        cut = run.rfind(b"\n") + 1
        if cut == 0:
            return skipped
        f.read(cut)
        skipped += run[:cut].count(b"\n")


_JSON_TYPES = {dict: "object", list: "array", str: "string", int: "number", float: "number", bool: "boolean", type(None): "null"}


def _jsonl_line(raw: bytes, source: str, lineno: int, stem: str, fields: JsonlFields) -> RawDoc | Skipped | None:
    body = raw.rstrip(b"\r\n")
    if lineno == 1 and body.startswith(b"\xef\xbb\xbf"):
        body = body[3:]
    if not body.strip():
        return None  # a blank line is not an input
    try:
        line_text, encoding = body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        try:
            decoded = decode_bytes(body, source=source)
        except DecodeError as exc:
            return Skipped(source, lineno, None, "decode", exc.reason)
        line_text, encoding = decoded.text, decoded.encoding
    try:
        obj = json.loads(line_text)
    except json.JSONDecodeError as exc:
        return Skipped(source, lineno, None, "parse", f"invalid JSON: {exc.msg} (column {exc.colno})")
    except (ValueError, RecursionError) as exc:
        return Skipped(source, lineno, None, "parse", f"invalid JSON: {exc}")
    if not isinstance(obj, dict):
        return Skipped(source, lineno, None, "parse", f"a JSON {_JSON_TYPES.get(type(obj), type(obj).__name__)} where an object was expected")

    given_id = _id_string(_field(obj, fields.id))
    doc_id = given_id or f"{stem}:{lineno}"
    title = _string(_field(obj, fields.title))
    url = _string(_field(obj, fields.url))
    date = _iso_date(_field(obj, fields.date))
    area = _string(_field(obj, fields.area))
    sha = _sha256(body)

    text = _field(obj, fields.text)
    if text is None and fields.html:
        html = _field(obj, fields.html)
        if isinstance(html, str) and html.strip():
            got = _extract_html(html, url)
            if isinstance(got, str):
                return Skipped(source, lineno, given_id, "html", f"{fields.html!r}: {got}")
            text, html_title, html_date, html_url = got
            return RawDoc(doc_id, source, lineno, text, encoding, sha,
                          title or html_title, date or html_date, url or html_url, area)
    if text is None:
        return Skipped(source, lineno, given_id, "parse", f"no {fields.text!r} field")
    if not isinstance(text, str):
        return Skipped(source, lineno, given_id, "parse", f"{fields.text!r} is a JSON {_JSON_TYPES.get(type(text), type(text).__name__)}, not a string")
    if not text.strip():
        return Skipped(source, lineno, given_id, "parse", f"{fields.text!r} is empty")
    return RawDoc(doc_id, source, lineno, text, encoding, sha, title, date, url, area)


def _field(obj: dict[str, Any], name: str) -> Any:
    if name in obj:
        return obj[name]
    if "." not in name:
        return None
    value: Any = obj
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _id_string(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    s = str(value).strip()
    return s or None


def _string(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


_YMD = re.compile(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_DMY = re.compile(r"\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)")
_VIETNAM = dt.timezone(dt.timedelta(hours=7))


def _iso_date(value: Any) -> str | None:
    """yyyy-mm-dd from ISO dates/timestamps, Vietnamese dd/mm/yyyy or epoch seconds/ms."""
    try:
        if isinstance(value, str):
            if m := _YMD.match(value):
                y, mo, d = map(int, m.groups())
            elif m := _DMY.match(value):
                d, mo, y = map(int, m.groups())
            else:
                return None
            return dt.date(y, mo, d).isoformat()
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            seconds = value / 1000 if value > 1e11 else value
            if 1e8 <= seconds <= 1e10:
                return dt.datetime.fromtimestamp(seconds, _VIETNAM).date().isoformat()
    except (ValueError, OverflowError, OSError):
        pass
    return None


# --------------------------------------------------------------------------- WARC

_WARC_DOC_RECORDS = ("response", "resource")
_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")


def _read_warc(item: _Input, limit: int) -> Iterator[RawDoc | Skipped]:
    from warcio.archiveiterator import ArchiveIterator

    source = item.source
    n = 0
    with open(item.path, "rb") as f:
        records = iter(ArchiveIterator(f))
        while True:
            try:
                record = next(records)
            except StopIteration:
                return
            except Exception as exc:  # noqa: BLE001 - ArchiveLoadFailed, zlib, EOF...
                yield Skipped(source, n + 1, None, "read", f"corrupt WARC after record {n}: {type(exc).__name__}: {exc}")
                return
            n += 1
            try:
                out = _warc_record(record, source, n, item.stem, limit)
            except Exception as exc:  # noqa: BLE001
                out = Skipped(source, n, None, "read", f"unreadable WARC record: {type(exc).__name__}: {exc}")
            if out is not None:
                yield out


def _warc_record(record: Any, source: str, n: int, stem: str, limit: int) -> RawDoc | Skipped | None:
    if record.rec_type not in _WARC_DOC_RECORDS:
        return None  # warcinfo, request, metadata, revisit: not documents
    headers = record.rec_headers
    uri = headers.get_header("WARC-Target-URI")
    record_id = (headers.get_header("WARC-Record-ID") or "").strip().strip("<>")
    doc_id = record_id or f"{stem}:{n}"
    if record.http_headers is not None:
        status = record.http_headers.get_statuscode() or "?"
        if not status.startswith("2"):
            return Skipped(source, n, doc_id, "read", f"HTTP {status} response for {uri}: no article")
        content_type = record.http_headers.get_header("Content-Type")
    else:
        content_type = headers.get_header("Content-Type")
    media, charset = _content_type(content_type)
    payload = record.content_stream().read(limit + 1)
    if len(payload) > limit:
        return Skipped(source, n, doc_id, "read", f"WARC payload larger than {limit} bytes (max_doc_bytes)")
    missing = getattr(record.raw_stream, "limit", 0)
    if isinstance(missing, int) and missing > 0:  # the file ends inside this record
        return Skipped(source, n, doc_id, "read", f"truncated WARC record for {uri}: {missing} of its bytes missing")
    if not payload.strip():
        return Skipped(source, n, doc_id, "read", f"empty WARC {record.rec_type} for {uri}")
    if media in _HTML_TYPES or (not media and payload.lstrip()[:1] == b"<"):
        out = _html_doc(payload, source, n, doc_id, url=uri, charset=charset)
    elif media == "text/plain":
        out = _text_doc(payload, source, n, doc_id, uri, declared=charset)
    else:
        return Skipped(source, n, doc_id, "read", f"WARC {record.rec_type} for {uri} is {media or 'untyped'}, not HTML or plain text")
    if isinstance(out, Skipped):
        out = dataclasses.replace(out, doc_id=doc_id)
    return out


def _content_type(value: str | None) -> tuple[str, str | None]:
    if not value:
        return "", None
    media, _, params = value.partition(";")
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_:.\-]+)", params, re.IGNORECASE)
    return media.strip().lower(), (m.group(1) if m else None)
