"""One document through every stage: clean -> layout -> sentences ->
quantities and mentions -> linking -> validated records.

Stages work on cleaned text; every span leaving this module is mapped back
to the original decoded text, and every record is validated against it.
"""
from __future__ import annotations

import functools
import hashlib
import warnings
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Callable, Iterator

from schemas import AreaMention, CampaignMention, Document, PeriodMention, Quantity, Sentence

from . import areas as areas_mod
from . import resources
from .campaigns import CampaignMatch, documents_named, find_campaigns
from pydantic import ValidationError

from .errors import BaocaoError, ExtractionError, GroundingError
from .link import Linker, Links, Placed, an_age, an_anniversary, fund_result, latest_year, main_area, reporting_period, structure
from .normalise import Layout, clean, layout
from .offsets import MappedText
from .periods import THIS_YEAR, PeriodMatch, find_periods
from .quantities import find_quantities
from .sentences import SentenceSpan, split

#: records a table gathers before :attr:`Extraction.spill` takes them (when set)
SPILL_RECORDS = 8192
#: the lead is the first paragraph after the title of at least this many words: a heading or
#: a photo caption above it ("Cự ly 42km: Vận động viên Lê Văn Thao về nhất") is not
LEAD_WORDS = 20
#: "năm nay" in this first share of the body makes this year the article's period (daksong's
#: gold reads it so; dantri's, where it comes late, scopes it locally: 0.3-0.6 measure the same)
EARLY_THIS_YEAR = 0.5
#: heads of campaigns that may be a document's name ("Nghị quyết Chương trình ...", "thông qua đề án")
_DOCUMENT_HEADS = frozenset({"chương trình", "đề án", "kế hoạch"})
#: a campaign the lead names in its first this many sentences is the article's
LEAD_CAMPAIGN_SENTENCES = 3


@dataclass(slots=True)
class Extraction:
    """Everything baocao extracts from one document, as validated records."""

    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    areas: list[AreaMention] = field(default_factory=list)
    campaigns: list[CampaignMention] = field(default_factory=list)
    periods: list[PeriodMention] = field(default_factory=list)
    #: records left out because they cannot be stored exactly (one line each: table, span, reason)
    dropped: list[str] = field(default_factory=list)
    #: called as ``spill(table, records)`` whenever a table holds SPILL_RECORDS records, which are
    #: then let go: a caller that stores records as they come (the batch's Arrow tables) keeps a
    #: huge article's memory to its columnar rows; the lists then hold only what came last
    spill: Callable[[str, list], None] | None = None

    def add(self, table: str, record) -> None:
        records = getattr(self, table)
        records.append(record)
        if self.spill is not None and len(records) >= SPILL_RECORDS:
            self.spill(table, records)
            records.clear()

    def tables(self) -> Iterator[tuple[str, list]]:
        yield "documents", [self.document]
        yield "sentences", self.sentences
        yield "quantities", self.quantities
        yield "areas", self.areas
        yield "campaigns", self.campaigns
        yield "periods", self.periods


@cache
def gazetteer():
    """The administrative-unit gazetteer, loaded once per process."""
    from .gazetteer import Gazetteer

    return Gazetteer.load()


class _Grounder:
    """Maps cleaned-text spans to original spans and checks them."""

    def __init__(self, mt: MappedText, doc_id: str) -> None:
        self.mt = mt
        self.doc_id = doc_id

    def trimmed(self, start: int, end: int) -> tuple[int, int]:
        """The original span of a cleaned span, without the blanks the map may have widened it over."""
        s, e = self.mt.to_original(start, end)
        original = self.mt.original
        while s < e and original[s].isspace():
            s += 1
        while e > s and original[e - 1].isspace():
            e -= 1
        return s, e

    def __call__(self, start: int, end: int) -> tuple[int, int, str]:
        s, e = self.trimmed(start, end)
        if e <= s:  # a record is never grounded on blanks
            raise GroundingError(f"span [{start}, {end}) of cleaned text maps to nothing", source=self.doc_id)
        return s, e, self.mt.original[s:e]


def body_sentences(cleaned: str, page: Layout) -> list[SentenceSpan]:
    """Sentences of the page's body paragraphs (chrome and byline left out), in cleaned text."""
    paragraphs = [(ln.start, ln.end) for ln in page.lines
                  if not ln.chrome and page.body_start <= ln.start < page.body_end + 1
                  and ln is not page.byline]
    return split(cleaned, paragraphs)


def _only_baocao_errors(extract):
    """Callers see one error type: an unexpected failure inside a stage becomes an
    :class:`ExtractionError` naming the document, with the original chained as its cause."""
    @functools.wraps(extract)
    def guarded(text: str, doc_id: str = "doc", **options) -> Extraction:
        try:
            return extract(text, doc_id, **options)
        except BaocaoError:
            raise
        except Exception as exc:  # noqa: BLE001 - one error type for callers; the cause is chained
            raise ExtractionError(f"{type(exc).__name__}: {exc}", source=doc_id) from exc
    return guarded


@cache
def _version_words() -> tuple[str, ...]:
    return tuple(resources.yaml_table("link_cues.yaml")["version_words"])


#: A body's last line of at most this many words, with no full stop, is a signature, not text.
SIGNATURE_WORDS = 5


@_only_baocao_errors
def extract_document(
    text: str,
    doc_id: str = "doc",
    *,
    source: str | None = None,
    encoding: str = "utf-8",
    sha256: str | None = None,
    title: str | None = None,
    date: str | None = None,
    url: str | None = None,
    use_gazetteer: bool = True,
    link: bool = True,
    known_area: str | None = None,
    duplicate_of: str | None = None,
    spill: Callable[[str, list], None] | None = None,
) -> Extraction:
    """Extract grounded, linked, validated records from one decoded article.

    ``known_area``: the area the input is known to cover (e.g. a district portal's
    "huyện Đắk Song"): the article's main area when the text names none; never recorded
    as a mention of the text. ``duplicate_of``: the doc_id of an earlier article this one
    nearly repeats (the batch's near-duplicate marking). ``spill``: see
    :attr:`Extraction.spill`; without it every record stays in the result. Raises only :class:`BaocaoError`:
    a record that cannot be stored exactly (a value with more than 10 fractional digits,
    a lone surrogate) is left out with a warning and listed in ``Extraction.dropped``; the
    rest of the document is kept.
    """
    mt = clean(text)
    cleaned = mt.text
    page = layout(cleaned)
    ground = _Grounder(mt, doc_id)
    gaz = gazetteer() if use_gazetteer else None

    spans = body_sentences(cleaned, page)

    # --- mentions and quantities, sentence by sentence -------------------
    # (sentence, paragraph, clause, segment, clause_start, match, start, end): the match's own offsets
    # are the sentence's, start and end the text's
    q_raw: list[tuple[int, int, int, int, int, object, int, int]] = []
    campaigns: list[Placed[CampaignMatch]] = []
    periods: list[Placed[PeriodMatch]] = []
    area_found: list[Placed[areas_mod.AreaMatch]] = []
    quantity_starts: dict[int, list[tuple[int, int]]] = {}
    title_span = (page.title.start, page.title.end) if page.title else None
    for si, sp in enumerate(spans):
        sentence_text = cleaned[sp.start:sp.end]
        st = structure(cleaned, sp.start, sp.end)

        def place(s: int, e: int, value):
            return Placed(s, e, si, sp.paragraph, st.clause(s), st.segment(s), value)

        for q in find_quantities(sentence_text):
            s, e = sp.start + q.start, sp.start + q.end
            c = st.clause(s)
            q_raw.append((si, sp.paragraph, c, st.segment(s), st.clauses[c], q, s, e))
            quantity_starts.setdefault(si, []).append((c, s))
        is_title = title_span is not None and sp.start >= title_span[0] and sp.end <= title_span[1]
        for c in find_campaigns(sentence_text, title=is_title):
            campaigns.append(place(sp.start + c.start, sp.start + c.end, c))
        for p in find_periods(sentence_text):
            periods.append(place(sp.start + p.start, sp.start + p.end, p))
        for a in areas_mod.find_areas(sentence_text, gazetteer=gaz):
            s, e = sp.start + a.start, sp.start + a.end
            area_found.append(place(s, e, a.changed(start=s, end=e)))

    # "bản" in an article about versions ("phiên bản", "bản Asta", "bản S8 Plus") is no hamlet
    low = cleaned.lower()
    if any(w in low for w in _version_words()):
        area_found = [a for a in area_found if a.value.type != "bản"]

    # a short last line that is no sentence is the article's signature ("Hà Giang", "Kim Dung/VOV -
    # TPHCM", "Minh Thành (Hà Nội)"): a reporter's name or desk, no area of the article
    last = cleaned[spans[-1].start:spans[-1].end].strip() if len(spans) > 1 else ""
    if last and len(last.split()) <= SIGNATURE_WORDS and not last.endswith((".", "!", "?", "…")):
        area_found = [a for a in area_found if a.sentence != len(spans) - 1]

    # a programme the article names elsewhere as a document ("Nghị quyết Chương trình xây dựng luật")
    # is that document everywhere in it
    programmes = {c.value.canonical for c in campaigns if c.value.head in _DOCUMENT_HEADS}
    if programmes:
        documents = documents_named(cleaned, programmes)
        campaigns = [c for c in campaigns if c.value.canonical not in documents]

    # --- areas: resolve per document, homonyms in the article's context ---
    # a bare name the article gives a person ("Phan Xuân Phương" ... "Xuân Phương nợ") is no area
    bare = {p.value.name for p in area_found if p.value.via == "bare"}
    persons = areas_mod.person_names(cleaned, bare) if bare else frozenset()
    if persons:
        area_found = [p for p in area_found if not (p.value.via == "bare" and p.value.name in persons)]
    ordered = sorted(area_found, key=lambda p: (not _in(title_span, p.start), p.start))
    published = date or page.date
    year = int(published[:4]) if published and published[:4].isdigit() else None
    month = int(published[5:7]) if year is not None and published[5:7].isdigit() else None
    # an undated article is about as recent as the latest year it names (targets left out): enough
    # to keep units of a later reform out of it
    era_year = year if year is not None else latest_year(cleaned, [p for p in periods if p.value.period != THIS_YEAR])
    resolved = {(m.start, m.end): m for m in areas_mod.resolve_all([p.value for p in ordered], gaz, year=era_year)}
    areas_placed = [replace(p, value=resolved[(p.start, p.end)]) for p in area_found if (p.start, p.end) in resolved]

    # --- the article's own campaign, area and period ---------------------
    in_title = lambda p: _in(title_span, p.start)  # noqa: E731
    # the lead: the first paragraph after the title of LEAD_WORDS words or more (a short line
    # above it, a heading or a caption, is not the lead)
    sentence_starts = {i: sp.start for i, sp in enumerate(spans)}
    words: dict[int, int] = {}
    for sp in spans:
        if not _in(title_span, sp.start):
            words[sp.paragraph] = words.get(sp.paragraph, 0) + cleaned.count(" ", sp.start, sp.end) + 1
    lead = next((pg for pg, n in words.items() if n >= LEAD_WORDS), min(words, default=None))
    # the article's campaign (SPEC §4.6): the one its title names, else its lead's; a campaign
    # named only further down the body scopes its own sentences, not the whole article
    # (a lead's first LEAD_CAMPAIGN_SENTENCES sentences: a scraped page may run a whole article
    # as one paragraph, and a programme named in its tenth sentence is not what it reports on)
    lead_first = min((i for i, sp in enumerate(spans) if sp.paragraph == lead), default=0)
    doc_campaign = next((c.value.canonical for c in campaigns if in_title(c)), None) or next(
        (c.value.canonical for c in campaigns if c.paragraph == lead and c.value.scope != "none"
         and c.sentence < lead_first + LEAD_CAMPAIGN_SENTENCES
         and (c.value.head != "quỹ" or fund_result(cleaned, spans[c.sentence].start, spans[c.sentence].end))), None
    )
    lead_start = min((sp.start for sp in spans if sp.paragraph == lead), default=0)
    doc_area_m = main_area(areas_placed, title_span, lead=lead, lead_start=lead_start, text=cleaned,
                           sentence_starts=sentence_starts)
    if doc_area_m is None and known_area:
        doc_area_m = areas_mod.known_area(known_area, gaz)
    # SPEC §4.7: the period the title or lead names; the publication date alone gives none
    named = [p for p in periods if p.value.period != THIS_YEAR]
    since: list[Placed] = []
    doc_period = reporting_period(cleaned, named, title_span, lead=lead, sentence_starts=sentence_starts,
                                  year=year, since=since, month=month)
    # "năm nay", "trong năm": the year the article reports on, else the year of its date
    this_year = doc_period if doc_period and "-" not in doc_period else (str(year) if year is not None else None)
    # "năm nay" early in the body ("Theo ông Hanh, năm nay thời tiết thuận lợi", in its first half)
    # says the article is about this year; said late, only the stretch around it is
    body_first_part = page.body_start + EARLY_THIS_YEAR * (page.body_end - page.body_start)
    if doc_period is None and this_year is not None and any(
            p.value.period == THIS_YEAR and (_in(title_span, p.start) or p.paragraph == lead
                                             or p.start < body_first_part) for p in periods):
        doc_period = this_year  # "Năm nay, ..." in the title or lead: the article reports on this year
    periods = [replace(p, value=replace(p.value, period=this_year)) if p.value.period == THIS_YEAR else p
               for p in periods if p.value.period != THIS_YEAR or this_year is not None]

    # a term the body reviews reaches the title, the lead and the body from its sentence on
    frame = frozenset({lead} | {sp.paragraph for sp in spans if _in(title_span, sp.start)})
    period_since = (sentence_starts[since[0].sentence], frame) if since else None
    linker = None if not link else Linker(
        cleaned, campaigns, areas_placed, periods, quantity_starts, sentence_starts,
        doc_campaign=doc_campaign, doc_area=doc_area_m, doc_period=doc_period, year=year, month=month,
        doc_period_since=period_since,
    )

    # --- records ---------------------------------------------------------
    body_s, body_e = ground.trimmed(page.body_start, page.body_end)
    if body_e <= body_s:
        body_s = body_e = 0
    document = Document(
        doc_id=doc_id,
        source=source or doc_id,
        encoding=encoding,
        sha256=sha256 or hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        text=text,
        title=title or (page.title.text if page.title else None),
        date=published,
        byline=page.byline.text if page.byline else None,
        url=url,
        body_start=body_s,
        body_end=body_e,
        period=closed(doc_period, year),
        campaign=doc_campaign,
        area=doc_area_m.canonical if doc_area_m is not None else None,
        duplicate_of=duplicate_of,
    )
    out = Extraction(document, spill=spill)
    # every string a record holds is cut from these texts or from the data tables: when both
    # encode, no record needs its own check
    check = not (_encodes(text) and _encodes(cleaned))
    for si, sp in enumerate(spans):
        s, e, surface = ground(sp.start, sp.end)
        # validated like every record (pydantic-core's check costs less than model_construct's Python loop)
        out.add("sentences", Sentence(doc_id=doc_id, start=s, end=e, text=surface, sentence=si, paragraph=sp.paragraph))
    for si, pi, ci, gi, cstart, q, qs, qe in q_raw:
        links = linker.link(qs, si, pi, ci, gi, cstart) if linker is not None else Links(None, None, None)
        s, e, surface = ground(qs, qe)
        area = links.area
        unit = getattr(area, "unit", None)
        _keep(out, "quantities", s, e, check, lambda: Quantity(
            doc_id=doc_id, sentence=si, start=s, end=e, text=surface,
            kind=q.kind, value=q.value, value_max=q.value_max, total=q.total, unit=q.unit,
            item=q.item, per=q.per, approx=q.approx,
            # an age or an anniversary ("30 năm đổi mới") is no campaign's result
            campaign=(None if q.kind == "duration" and (an_age(surface) or an_anniversary(cleaned, qe))
                      else links.campaign),
            area=area.canonical if area is not None else None,
            area_code=pre2025_code(unit),
            area_new=unit.new_canonical if unit is not None else None,
            area_new_code=unit.new_code if unit is not None else None,
            period=closed(links.period, year),
        ))
    for a in areas_placed:
        s, e, surface = ground(a.start, a.end)
        unit = a.value.unit
        _keep(out, "areas", s, e, check, lambda: AreaMention(
            doc_id=doc_id, sentence=a.sentence, start=s, end=e, text=surface,
            type=a.value.type, name=a.value.name, canonical=a.value.canonical,
            code=pre2025_code(unit),
            province=(unit.province or (unit.name if unit.level == "province" else None)) if unit is not None else None,
            new_canonical=unit.new_canonical if unit is not None else None,
            new_code=unit.new_code if unit is not None else None,
        ))
    for c in campaigns:
        s, e, surface = ground(c.start, c.end)
        _keep(out, "campaigns", s, e, check, lambda: CampaignMention(
            doc_id=doc_id, sentence=c.sentence, start=s, end=e, text=surface, head=c.value.head, canonical=c.value.canonical))
    for p in periods:
        s, e, surface = ground(p.start, p.end)
        _keep(out, "periods", s, e, check, lambda: PeriodMention(
            doc_id=doc_id, sentence=p.sentence, start=s, end=e, text=surface, period=closed(p.value.period, year)))
    return out


def _keep(out: Extraction, table: str, start: int, end: int, check: bool, make) -> None:
    """Append the record ``make()`` builds, or leave it out with a warning when it cannot be
    stored exactly: one figure must not cost the document its other records. ``check``: its
    strings may not encode as UTF-8 (a lone surrogate in the document)."""
    try:
        record = make()
        if check:
            _check_encodable(record)
    except (ValidationError, UnicodeEncodeError) as exc:
        reason = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else f"not encodable as UTF-8 ({exc.reason})"
        line = f"{table} [{start}, {end}) of {out.document.doc_id}: {reason}"
        out.dropped.append(line)
        warnings.warn(f"record left out: {line}", RecordDroppedWarning, stacklevel=3)
        return
    out.add(table, record)


class RecordDroppedWarning(UserWarning):
    """A record that cannot be stored exactly was left out of its table."""


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_encodable(record) -> None:
    for value in record.__dict__.values():
        if isinstance(value, str):
            value.encode("utf-8")


def pre2025_code(unit) -> str | None:
    """The one form of area codes (``province:NN``, ``district:NNN``, ``ward:NNNNN``): a unit
    merged away before 2025, which the data knows only by name, gets the code of the unit it
    merged into; a unit that exists only after 2025 has none here (its code is in new_code)."""
    if unit is None:
        return None
    code = unit.code.split("~", 1)[0]
    return None if "@" in code else code


def closed(period: str | None, year: int | None) -> str | None:
    """An open period ("từ năm 2011 đến nay": 2011-nay) closed at the article's year, as SPEC
    writes periods: 2011-2021 in an article of 2021, 2021 in an article of 2021, and just
    the first year when the article carries no date."""
    if period is None or not period.endswith("-nay"):
        return period
    first = period[:-4]
    return f"{first}-{year}" if year is not None and year > int(first) else first


def _in(span: tuple[int, int] | None, pos: int) -> bool:
    return span is not None and span[0] <= pos < span[1]
