"""Linking (SPEC §4.6): each quantity gets its campaign, area and period.

A sentence is cut into clauses (at semicolons) and clauses into segments (at
commas, colons and brackets); a segment opening with a continuation cue from
``link_cues.yaml`` ("đạt 190 %", "(trong đó ...") stays with the one before.
Positions are in cleaned text. For each link, the first rule that finds
something wins:

campaign
  0. none for counted documents ("ban hành 10 Nghị quyết") and for figures of
     an administrative scheme ("Đề án ...") in a sentence naming no campaign;
  1. a named campaign (with a head word, or quoted) in the same segment;
  2. a model ("mô hình") named before the figure in the same clause;
  3. a movement or programme ("phong trào", "cuộc vận động", ...) named in
     the same sentence;
  4. the article's campaign. A link that names part of the article's
     campaign ("Xây dựng nông thôn mới" in an article on "Chung tay xây dựng
     nông thôn mới, đô thị văn minh") becomes the article's campaign.
area
  1. the nearest area before the figure in the same segment;
  2. the subject of its clause, or of the sentence: the area named before the
     clause's (sentence's) first figure;
  3. an area after the figure in the same segment, introduced by "tại", "ở" ...;
  4. the article's main area.
  An area inside the name of an organisation of a unit that contains the
  article's area ("gửi Ban cứu trợ huyện Tuy Phong hỗ trợ ...") is a provider
  or recipient: the figure stays with the article's area.
  An area followed by its parent ("thôn Lâm Giang, Hàm Trí") gives the most
  specific one; an area that is one of a list ("tại xã Kỳ Ninh, Kỳ Hà, Kỳ
  Nam") names no single area, so the article's main area is used.
period
  1. a period in the same segment;
  2. a period opening the clause ("Năm 2019, có 17/17 khu phố ...");
  3. the first period before the figure in its clause, unless it qualifies a
     name ("Nghị quyết ... nhiệm kỳ 2015-2020"); such a qualifying period
     scopes only the figure whose noun phrase it closes ("11/11 chỉ tiêu
     Nghị quyết ... nhiệm kỳ (2015-2020)");
  4. a period opening the sentence, or else one opening an earlier sentence
     of the same paragraph;
  5. the article's reporting period (see :func:`reporting_period`).
"""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Generic, Sequence, TypeVar

import regex

from . import resources
from .prefilter import ahead, alternation, lowered, search_from

T = TypeVar("T")

_SEGMENT_END = regex.compile(r"[,;:](?=\s)|[()]")
_FIGURE_NEXT = regex.compile(r"\s*\d")
_NON_WORD = regex.compile(r"[^\p{L}\p{N}]+")
_LIST_JOIN = regex.compile(r"\s*(?:,|và)\s*")
#: how far into a clause or sentence a period may stand and still scope it
SCOPE_CHARS = 24
#: an article dated in the first this many months of a year may report on the year before (its
#: reviews run then); later, a lead's year before the date's is what happened before
REVIEW_MONTHS = 3
#: a period opening a sentence scopes at most this many following sentences of its paragraph:
#: scraped pages that lost their paragraph breaks run a whole article as one paragraph
CARRY_SENTENCES = 3
_LEVEL_RANK = {"province": 0, "district": 1, "ward": 2, "sub": 3}


@dataclass(frozen=True, slots=True)
class Placed(Generic[T]):
    """A mention with its position and where it stands in the document."""

    start: int
    end: int
    sentence: int
    paragraph: int
    clause: int
    segment: int
    value: T


@dataclass(frozen=True, slots=True)
class Links:
    campaign: object | None
    area: object | None
    period: object | None


@dataclass(frozen=True, slots=True)
class Structure:
    """Clause and segment starts of one sentence (absolute positions)."""

    start: int
    clauses: list[int]
    segments: list[int]

    def clause(self, pos: int) -> int:
        return bisect_right(self.clauses, pos) - 1

    def segment(self, pos: int) -> int:
        return bisect_right(self.segments, pos) - 1


# Cues that must end where the window before a mention ends ("...\s+$") are compiled REVERSE
# and *matched*: a backwards match is anchored at the end of the window, so only the end is
# tried, not every start in it; it finds what a search would (blanks absorb a final newline).
_BACKWARDS = regex.IGNORECASE | regex.REVERSE


_alt = alternation


@dataclass(frozen=True, slots=True)
class _ExtraCues:
    period_qualifier: regex.Pattern[str]  # searched in the text right before a period
    org_before: regex.Pattern[str]  # searched in the text right before an area
    scheme: regex.Pattern[str]  # an unquoted administrative scheme ("Đề án đô thị loại 3")
    document_item: regex.Pattern[str]  # matched at a figure: "10 Nghị quyết"
    baseline: regex.Pattern[str]  # searched right before a period: "so với năm 2010"
    target: regex.Pattern[str]  # searched right before a period: "phấn đấu đến năm 2030"
    plan: regex.Pattern[str]  # matched right after a period: "giai đoạn 2016-2020 dự kiến ..."
    horizon: regex.Pattern[str]  # matched right after a period, or searched right before: "đến năm 2030, tầm nhìn ..."
    campaign_baseline: regex.Pattern[str]  # searched between a sentence's start and a figure: "trước khi thực hiện Đề án"
    baseline_turn: regex.Pattern[str]  # searched after it: "nay đã tăng lên"
    household: regex.Pattern[str]  # searched in a figure's clause: "gia đình ông ... có", not "xây cho gia đình bà"
    household_words: tuple[str, ...]  # what a household subject opens with
    market: regex.Pattern[str]  # searched in a figure's whole clause: "... lưu hành trên thị trường"
    market_words: tuple[str, ...]


@cache
def _extra_cues() -> _ExtraCues:
    data = resources.yaml_table("link_cues.yaml")
    return _ExtraCues(
        # "nhiệm kỳ 2015-2020" qualifying a name, but not "trong nhiệm kỳ 2023-2028," opening a clause
        regex.compile(rf"(?:^|[^\p{{L}}])(?<!(?:{_alt(data['period_adverbials'])})\s+)(?:{_alt(data['period_qualifiers'])})[\s(]*$",
                      _BACKWARDS),
        regex.compile(rf"(?:^|[^\p{{L}}])(?:{_alt(data['org_heads'])})(?:\s+[\p{{L}}]+){{0,4}}\s+$", _BACKWARDS),
        regex.compile(rf"(?<![\p{{L}}])(?:{_alt(data['schemes'])})\s+(?![“\"«])[\p{{L}}\d]", regex.IGNORECASE),
        regex.compile(rf"[\d.,/]+\s+(?:{_alt(data['document_items'])})(?![\p{{L}}])", regex.IGNORECASE),
        regex.compile(
            rf"(?:(?:^|[^\p{{L}}])(?:{_alt(data['period_baselines'])})|(?:{_alt(data['multiplier_heads'])})\s+[\d.,]+\s+lần)"
            rf"(?:\s+(?:năm|giai\s+đoạn|nhiệm\s+kỳ))?\s*$", regex.IGNORECASE),
        regex.compile(rf"(?:^|[^\p{{L}}])(?:{_alt(data['period_targets'])})[^.;\n]{{0,16}}$", regex.IGNORECASE),
        regex.compile(rf"[^.;\n]{{0,24}}?(?<![\p{{L}}])(?:{_alt(data['period_plans'])})(?![\p{{L}}])", regex.IGNORECASE),
        regex.compile(rf"\s*,?\s*(?:{_alt(data['plan_horizons'])})(?![\p{{L}}])", regex.IGNORECASE),
        regex.compile(rf"(?<![\p{{L}}])(?:{_alt(data['campaign_baselines'])})(?![\p{{L}}])", regex.IGNORECASE),
        regex.compile(rf"(?<![\p{{L}}])(?:{_alt(data['baseline_turns'])})(?![\p{{L}}])", regex.IGNORECASE),
        regex.compile(rf"(?<![\p{{L}}])(?<!(?<![\p{{L}}])(?:{_alt(data['household_givers'])})\s+)"
                      rf"(?:{_alt(data['household_subjects'])})(?![\p{{L}}])", regex.IGNORECASE),
        _first_words(data["household_subjects"]),
        regex.compile(rf"(?<![\p{{L}}])(?:{_alt(data['market_words'])})(?![\p{{L}}])", regex.IGNORECASE),
        _first_words(data["market_words"]),
    )


@cache
def _cues() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    data = resources.yaml_table("link_cues.yaml")
    alt = _alt
    area_after = regex.compile(rf"(?:^|[^\p{{L}}])(?:{alt(data['area_after'])})\s+$", _BACKWARDS)
    bare_before = regex.compile(rf"(?:(?:^|[^\p{{L}}])(?:{alt(data['bare_area_before'])})\s+|^\s*|[,;:(“\"]\s*)$", _BACKWARDS)
    return area_after, bare_before


def bare_area_allowed(text: str, start: int) -> bool:
    """A bare place name at ``start`` may be an area (see link_cues.yaml): after a cue word or
    punctuation, not in a photo or source credit."""
    return (_cues()[1].match(text, max(0, start - 16), start) is not None
            and _credit().match(text, max(0, start - 24), start) is None)


@cache
def _credit() -> regex.Pattern[str]:
    words = resources.yaml_table("link_cues.yaml")["credit_before"]
    return regex.compile(rf"(?:^|[^\p{{L}}])(?i:{_alt(words)})\s*:\s*$", _BACKWARDS)


@cache
def _segment_cut() -> regex.Pattern[str]:
    """A break of _SEGMENT_END that starts a segment: after it (before an opening bracket), no
    continuation cue follows; a semicolon always does. (The cue is read in the same scan.)"""
    cue = rf"(?i:\s*(?:{_alt(resources.yaml_table('link_cues.yaml')['continuation'])}))"
    return regex.compile(rf";(?=\s)|[,:](?=\s)(?!{cue})|\)(?!{cue})|(?!{cue})\(")


def structure(text: str, start: int, end: int) -> Structure:
    clauses = [start]
    semi = text.find(";", start, end)
    while semi >= 0:
        clauses.append(semi + 1)
        semi = text.find(";", semi + 1, end)
    segments = [start]
    for m in _segment_cut().finditer(text, start, end):
        segments.append(m.start() if text[m.start()] == "(" else m.end())
    return Structure(start, clauses, segments)


# a figure (digits, a unit or magnitude word) and then "năm" and a year: "1,36% năm 2016",
# "52 triệu đồng năm 2020" (the year stands where the period mention starts, after "năm ")
_OWN_YEAR = regex.compile(r"[\d.,]+(?:[ ]?[%\p{L}/]+){0,3}[ ]năm[ ]")


def _nearest_before(cands: Sequence[Placed], pos: int) -> Placed | None:
    """The mention ending last at or before ``pos`` (the first of equals)."""
    hit = None
    for c in cands:
        if c.end <= pos and (hit is None or c.end > hit.end):
            hit = c
    return hit


def _nearest(cands: Sequence[Placed], pos: int) -> Placed | None:
    """The nearest mention ending before ``pos``, else the first starting after it."""
    hit = _nearest_before(cands, pos)
    if hit is None:
        for c in cands:
            if c.start >= pos and (hit is None or c.start < hit.start):
                hit = c
    return hit


def _words(s: str) -> str:
    return " " + " ".join(_NON_WORD.sub(" ", s.lower()).split()) + " "


class Linker:
    """Links the quantities of one document, given its mentions."""

    def __init__(self, text: str, campaigns: list[Placed], areas: list[Placed], periods: list[Placed],
                 quantity_starts: dict[int, list[tuple[int, int]]], sentence_starts: dict[int, int], *,
                 doc_campaign: str | None = None, doc_area=None, doc_period: str | None = None,
                 year: int | None = None, doc_period_since: tuple[int, frozenset[int]] | None = None,
                 month: int | None = None) -> None:
        self.text = text
        self.low = lowered(text)
        self.doc_period_since = doc_period_since
        self.campaigns = self._by_sentence([c for c in campaigns if c.value.scope != "none"])
        # an area in brackets right after another only places it: "huyện Châu Thành (tỉnh Bến Tre)"
        ordered = sorted(areas, key=lambda a: a.start)
        areas = [a for i, a in enumerate(ordered)
                 if not (i and _QUALIFIER_GAP.fullmatch(text, ordered[i - 1].end, a.start))]
        self.areas = self._by_sentence(areas)
        self.area_list = areas
        self.area_index = {id(a): i for i, a in enumerate(areas)}  # O(1) neighbours on long documents
        # a period a figure is compared with ("tăng gấp 3,5 lần so với năm 2010") scopes nothing
        baseline, horizon = _extra_cues().baseline, _extra_cues().horizon
        periods = [p for p in periods if not baseline.search(text, max(0, p.start - 24), p.start)
                   and not _plan_horizon(text, p, horizon)]
        self.periods = self._by_sentence(periods)
        # figures' starts, per sentence and clause, sorted: first ones and next ones by bisection
        self.figure_starts: dict[tuple[int, int], list[int]] = {}
        self.sentence_first: dict[int, int] = {}
        for sentence, starts in quantity_starts.items():
            for c, start in starts:
                self.figure_starts.setdefault((sentence, c), []).append(start)
            self.sentence_first[sentence] = min(start for _, start in starts)
        for starts in self.figure_starts.values():
            starts.sort()
        self.sentence_starts = sentence_starts
        # clause start -> the first national word / mention of other units from there (a match), or None
        self.national_first: dict[int, object] = {}
        self.other_first: dict[int, object] = {}
        self.drive_baselines: dict[int, list[int]] = {}  # sentence -> ends of its "trước khi thực hiện" cues
        self.schemes: dict[tuple[int, int], bool] = {}  # clause span -> names another scheme
        self.households: dict[int, object] = {}  # clause start -> its first household subject (a match), or None
        self.markets: dict[int, object] = {}  # clause start -> its first word of the market (a match), or None
        self.subjects: dict[int, list[Placed]] = {}  # sentence -> its areas that are no figure's own
        self.scoping: dict[int, Placed] = {}  # sentence -> period opening it
        # sentence -> a period standing before its first figure ("Số liệu ... cho biết, năm 2016 cả
        # nước có 30.000 trang trại, ...; khoảng 4.000 DN ..."): it scopes the sentence, not the next
        self.fronting: dict[int, Placed] = {}
        for p in periods:
            s0 = sentence_starts[p.sentence]
            if p.start - s0 <= SCOPE_CHARS and not text[s0:p.start].lstrip().startswith("("):
                self.scoping.setdefault(p.sentence, p)
            elif p.end <= self.sentence_first.get(p.sentence, -1) and not _qualifies(text, p):
                self.fronting.setdefault(p.sentence, p)
        self.doc_campaign = doc_campaign
        self.doc_area = doc_area
        self.doc_period = doc_period
        # with no reporting period named in the title or lead, a sentence of the body opening with
        # the year the article reports on ("Năm 2023, Quỹ ... vận động", in an article of
        # December 2023) names it: it scopes the figures from there on, never the ones before it.
        # An undated article gives no such year: its body's years open background and past results
        # as often (real archives), so they scope their own paragraph only (SPEC §4.6)
        self.reported_year: Placed | None = None
        if doc_period is None:
            self.reported_year = min(
                (p for p in self.scoping.values() if not p.value.is_range
                 and _ADVERBIAL_YEAR.fullmatch(text, sentence_starts[p.sentence], p.end + 1) is not None
                 and year is not None and _reported_on(int(p.value.period), year, month)),
                key=lambda p: p.start, default=None)

    @staticmethod
    def _by_sentence(items: list[Placed]) -> dict[int, list[Placed]]:
        out: dict[int, list[Placed]] = {}
        for it in items:
            out.setdefault(it.sentence, []).append(it)
        return out

    def link(self, start: int, sentence: int, paragraph: int, clause: int, segment: int, clause_start: int) -> Links:
        return Links(
            self._campaign(start, sentence, clause, segment, clause_start),
            self._area(start, sentence, clause, segment, clause_start),
            self._period(start, sentence, paragraph, clause, segment, clause_start),
        )

    # --- campaign ----------------------------------------------------------

    def _clause_end(self, pos: int, sentence: int) -> int:
        end = self.sentence_starts.get(sentence + 1, len(self.text))
        semi = self.text.find(";", pos, end)
        return semi if semi >= 0 else end

    def _campaign(self, pos: int, sentence: int, clause: int, segment: int, clause_start: int) -> str | None:
        cands = self.campaigns.get(sentence, [])
        if not cands and self.doc_campaign is None:
            return None  # no campaign to give, whatever the checks below find
        more = _extra_cues()
        if more.document_item.match(self.text, pos, ahead(self.text, pos)):
            return None  # documents issued are inputs, not results
        if self._before_the_drive(sentence, clause_start, pos):
            return None  # "trước khi thực hiện Đề án, tỷ lệ ... là 33,9%": how things stood before it
        if self._found(self.households, more.household, more.household_words, sentence, clause_start, pos):
            return None  # "gia đình ông ... có hơn 1.700 cây bưởi": a household's own, not the drive's
        if self._found(self.markets, more.market, more.market_words, sentence, clause_start,
                       self._clause_end(pos, sentence)):
            return None  # "... 953 hoạt chất hiện đang lưu hành trên thị trường": the market, not the drive
        hit = None
        if cands:  # (most sentences name none)
            # in the figure's segment: starting there, or ending there ("Quỹ Khuyến học, khuyến tài ở 23/23")
            hit = _nearest([c for c in cands if c.segment == segment
                            or (c.end <= pos and _SEGMENT_END.search(self.text, c.end, pos) is None)], pos)
            if hit is None:
                hit = _nearest_before([c for c in cands if c.clause == clause and c.value.scope == "clause"],
                                      pos)
            if hit is None:
                # a movement scopes its sentence from where it is named; named after the figure, it
                # claims it only in the figure's own segment (above): "khoảng 10.000 người đã tham gia ...,
                # trong đó có ..., người đứng đầu phong trào “...”" is no result of that movement
                hit = _nearest([c for c in cands if c.value.scope == "sentence" and c.end <= pos], pos)
        if hit is None:
            if not cands and self._other_scheme(clause_start, self._clause_end(pos, sentence)):
                return None  # a figure of another scheme ("Đề án đô thị loại 3")
            return self.doc_campaign
        name = hit.value.canonical
        if self.doc_campaign and _words(name) in _words(self.doc_campaign):
            return self.doc_campaign
        return name

    def _before_the_drive(self, sentence: int, clause_start: int, pos: int) -> bool:
        """Whether the figure at ``pos`` tells how things stood before a drive: after "trước khi
        thực hiện ..." in its sentence, with no turn to what the drive achieved ("nay", "tăng
        lên") between. The sentence's cues are found once, for all its figures."""
        if sentence not in self.drive_baselines:
            start = self.sentence_starts.get(sentence, clause_start)
            end = self.sentence_starts.get(sentence + 1, len(self.text))
            self.drive_baselines[sentence] = [m.end() for m in _extra_cues().campaign_baseline.finditer(self.text, start, end)]
        ends = self.drive_baselines[sentence]
        k = bisect_right(ends, pos)
        return k > 0 and _extra_cues().baseline_turn.search(self.text, ends[k - 1], pos) is None

    def _other_scheme(self, start: int, end: int) -> bool:
        """Whether the clause names another scheme ("Đề án đô thị loại 3"); asked once per clause."""
        if (start, end) not in self.schemes:
            self.schemes[(start, end)] = _extra_cues().scheme.search(self.text, start, end) is not None
        return self.schemes[(start, end)]

    # --- area --------------------------------------------------------------

    def _own_generic_subject(self, sentence: int, start: int, end: int) -> bool:
        """A clause whose subject is other, unnamed units ("; các xã còn lại vận động ...") does not
        take the sentence's named subject."""
        return start < end and self._found(self.other_first, *_other_units(), sentence, start, end)

    def _found(self, firsts: dict, pattern: regex.Pattern[str], words: tuple[str, ...], sentence: int, start: int,
               end: int) -> bool:
        """``pattern.search(text, start, end) is not None``, for a pattern whose matches open with
        one of ``words``, where the figures of a clause each ask from the clause's start up to
        themselves: the first match from ``start`` to the sentence's end is searched once, in
        ``firsts``, and the search proper runs only when it straddles ``end``."""
        if start not in firsts:
            firsts[start] = search_from(pattern, self.text, self.low, words, start,
                                        self.sentence_starts.get(sentence + 1, len(self.text)))
        first = firsts[start]
        if first is None or first.start() >= end:
            return False
        return first.end() <= end or search_from(pattern, self.text, self.low, words, start, end) is not None

    def _area(self, pos: int, sentence: int, clause: int, segment: int, clause_start: int = 0):
        cands = self.areas.get(sentence)
        if not cands:  # no area named in the sentence (as below, with no candidate)
            return None if self.doc_area is None or self._national(sentence, clause_start, pos) else self.doc_area
        hit = _nearest_before([a for a in cands if a.segment == segment], pos)
        if hit is None:
            # an area right before a figure is that figure's ("hỗ trợ xã Kỳ Nam 15 triệu đồng"), not a subject
            subjects = self.subjects.get(sentence)
            if subjects is None:  # the same for all the sentence's figures
                subjects = self.subjects[sentence] = [
                    a for a in cands if not _FIGURE_NEXT.match(self.text, a.end, ahead(self.text, a.end))]
            in_clause = self.figure_starts.get((sentence, clause))
            clause_first = in_clause[0] if in_clause else pos
            hit = _nearest_before([a for a in subjects if a.clause == clause], min(pos, clause_first))
            if hit is None:
                sentence_first = self.sentence_first.get(sentence, pos)
                hit = _nearest_before([a for a in subjects if a.clause == 0], min(pos, sentence_first))
                # (asked only when the sentence has a subject to give)
                if hit is not None and self._own_generic_subject(sentence, clause_start, min(pos, clause_first)):
                    hit = None
        after = [a for a in cands if a.segment == segment and a.start >= pos
                 and _cues()[0].match(self.text, max(0, a.start - 16), a.start)]
        first_after = min(after, key=lambda a: a.start) if after else None
        if hit is None or (first_after is not None and _inside_unit(first_after, hit)):
            # "- Huyện Long Hồ: xây dựng 2 cây cầu ... tại xã Phước Hậu": the unit inside it, named after "tại"
            hit = first_after or hit
        if hit is None:
            if self.doc_area is not None and self._national(sentence, clause_start, pos):
                return None  # "cả nước có 8.996 xã ...", "thế giới ghi nhận hơn 151,2 triệu ca": no area
            return self.doc_area
        if self._provider_of_doc_area(hit):
            return self.doc_area
        hit = self._most_specific(hit)
        if hit is not None and not self._can_hold_counted_units(hit, pos):
            hit = None
        return hit.value if hit is not None else self.doc_area

    def _national(self, sentence: int, clause_start: int, pos: int) -> bool:
        """The figure's clause (up to the figure) speaks of the whole country or the world."""
        return self._found(self.national_first, *_national_scope(), sentence, clause_start, pos)

    def _can_hold_counted_units(self, a: Placed, pos: int) -> bool:
        """A figure counting units ("12 thôn", "17 xã") belongs to an area above them:
        "thôn Lâm Giang ...; nhân rộng ra 12 thôn khác" is not thôn Lâm Giang's."""
        pattern, ranks = _counted_units()
        m = pattern.match(self.text, pos, ahead(self.text, pos))
        if m is None:
            return True
        counted = ranks[" ".join(m.group("type").lower().split())]
        return _LEVEL_RANK.get(a.value.level, 2) < counted

    def _provider_of_doc_area(self, a: Placed) -> bool:
        """"gửi Ban cứu trợ huyện Tuy Phong": an organisation of a unit containing the article's area."""
        unit, home = getattr(a.value, "unit", None), getattr(self.doc_area, "unit", None)
        if unit is None or home is None or unit.code not in home.parent_codes:
            return False
        return _extra_cues().org_before.match(self.text, max(0, a.start - 40), a.start) is not None

    def _neighbours(self, a: Placed) -> tuple[Placed | None, Placed | None]:
        i = self.area_index.get(id(a))
        if i is None:  # an equal copy, not the placed mention itself
            i = self.area_list.index(a)
        prev = self.area_list[i - 1] if i > 0 else None
        nxt = self.area_list[i + 1] if i + 1 < len(self.area_list) else None

        def joined(x: Placed | None, y: Placed | None) -> bool:
            return x is not None and y is not None and _LIST_JOIN.fullmatch(self.text, x.end, y.start) is not None

        return (prev if joined(prev, a) else None), (nxt if joined(a, nxt) else None)

    def _most_specific(self, a: Placed) -> Placed | None:
        """Address pairs give the lower unit; lists give no single area (None)."""
        rank = _LEVEL_RANK
        prev, nxt = self._neighbours(a)
        level = rank.get(a.value.level, 2)
        if prev is not None and rank.get(prev.value.level, 2) > level:
            return prev  # "thôn Lâm Giang, Hàm Trí": the thôn of xã Hàm Trí
        if nxt is not None and rank.get(nxt.value.level, 2) < level:
            return a  # followed by its parent
        if (prev is not None and rank.get(prev.value.level, 2) == level) or (
            nxt is not None and rank.get(nxt.value.level, 2) == level
        ):
            return None  # one of a list
        return a

    # --- period ------------------------------------------------------------

    def _clause_period(self, cands: list[Placed], pos: int, sentence: int, clause: int) -> Placed | None:
        """The first period of the clause before the figure that scopes it ("Thu nhập ... năm 2023
        đạt 68 triệu đồng, tỷ lệ hộ nghèo còn 1,3%"); else a qualifying period ("nhiệm kỳ
        2015-2020") closing the figure's own noun phrase, before the clause's next figure."""
        in_clause = [p for p in cands if p.clause == clause]
        before = [p for p in in_clause if p.end <= pos and not _qualifies(self.text, p)]
        if before:
            return before[0]
        starts = self.figure_starts.get((sentence, clause), [])
        k = bisect_right(starts, pos)
        following = starts[k] if k < len(starts) else len(self.text)
        after = [p for p in in_clause if pos < p.start < following and _qualifies(self.text, p)]
        return after[0] if after else None

    def _period(self, pos: int, sentence: int, paragraph: int, clause: int, segment: int, clause_start: int) -> str | None:
        cands = self.periods.get(sentence, [])
        hit = None
        if cands:  # (most sentences name none)
            in_segment = [p for p in cands if p.segment == segment]
            # "từ mức 4,02% năm 2011 còn 1,36% năm 2016": a year right after a figure is its own
            hit = next((p for p in in_segment if p.start > pos and _OWN_YEAR.fullmatch(self.text, pos, p.start)),
                       None)
            if hit is None:
                hit = _nearest(in_segment, pos)
            if hit is None:
                opening = [p for p in cands if p.clause == clause and p.end <= pos
                           and p.start - clause_start <= SCOPE_CHARS]
                hit = opening[0] if opening else None
            if hit is None:
                hit = self._clause_period(cands, pos, sentence, clause)
        if hit is None:
            hit = self.scoping.get(sentence) or self.fronting.get(sentence)
        if hit is None:
            earlier = (self.scoping.get(s) for s in range(sentence - 1, sentence - 1 - CARRY_SENTENCES, -1))
            hit = next((p for p in earlier if p is not None and p.paragraph == paragraph), None)
        if hit is None and self.reported_year is not None and self.reported_year.start < pos:
            hit = self.reported_year
        if (hit is None and self.doc_period_since is not None and pos < self.doc_period_since[0]
                and paragraph not in self.doc_period_since[1]):
            return None  # a term the body opens later reaches back to the title and lead, not to the body before it
        return self._until_now(hit.value.period) if hit is not None else self.doc_period

    def _until_now(self, period: str) -> str:
        """"từ năm 2011 đến nay" (2011-nay) ends where the article's own period ends, when that
        period starts at the same year or is a later year: 2011-2021 in an article on 2011-2021."""
        start, _, end = period.partition("-")
        if end != "nay" or not self.doc_period:
            return period
        d_start, _, d_end = self.doc_period.partition("-")
        last = d_end if d_end and d_end != "nay" and d_start == start else (d_start if not d_end else "")
        return f"{start}-{last}" if last.isdigit() and last > start else period


def fund_result(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` says what was given, raised or done with a fund."""
    return _fund_results().search(text, start, end) is not None


@cache
def _fund_results() -> regex.Pattern[str]:
    words = resources.yaml_table("link_cues.yaml")["fund_results"]
    return regex.compile(rf"(?<![\p{{L}}])(?:{_alt(words)})(?![\p{{L}}])", regex.IGNORECASE)


def an_age(surface: str) -> bool:
    """Whether a duration's surface is an age ("33 tuổi"): a person's, never a campaign's result."""
    return any(w in surface.lower().split() for w in _age_units())


def an_anniversary(text: str, end: int) -> bool:
    """Whether the duration ending at ``end`` is an anniversary ("30 năm đổi mới", "68 năm xây
    dựng và trưởng thành"): an institution's or an era's, never a campaign's result."""
    return _anniversary().match(text, end, ahead(text, end)) is not None


@cache
def _anniversary() -> regex.Pattern[str]:
    words = resources.yaml_table("link_cues.yaml")["anniversary_after"]
    return regex.compile(rf"\s+(?:{_alt(words)})(?![\p{{L}}])", regex.IGNORECASE)


@cache
def _age_units() -> frozenset[str]:
    return frozenset(resources.yaml_table("link_cues.yaml")["age_units"])


def _plan_horizon(text: str, p: Placed, horizon: regex.Pattern[str]) -> bool:
    """Whether ``p`` is a horizon in a plan's name: followed by "tầm nhìn" ("đến năm 2030, tầm
    nhìn đến năm 2050"), or with "tầm nhìn" in the 24 characters before it (the 2050)."""
    if horizon.match(text, p.end, ahead(text, p.end)) is not None:
        return True
    before = text[max(0, p.start - 24):p.start].lower()
    return any(h in before for h in _horizon_words())


@cache
def _horizon_words() -> tuple[str, ...]:
    return tuple(w.lower() for w in resources.yaml_table("link_cues.yaml")["plan_horizons"])


def _inside_unit(inner: Placed, outer: Placed) -> bool:
    """``inner`` resolves to a unit inside ``outer``'s (xã Phước Hậu in huyện Long Hồ)."""
    a, b = getattr(inner.value, "unit", None), getattr(outer.value, "unit", None)
    return a is not None and b is not None and b.code in a.parent_codes


_QUALIFIER_GAP = regex.compile(r"\s*\(\s*")


@cache
def _counted_units() -> tuple[regex.Pattern[str], dict[str, int]]:
    """A figure followed by a type word ("17 xã", "12/12 khu phố"), and each type's highest level."""
    ranks = {row["type"]: min(_LEVEL_RANK[lv] for lv in row["level"].split()) for row in resources.tsv("area_types.tsv")}
    return regex.compile(rf"[\d.,/]+\s+(?P<type>(?i:{_alt(list(ranks))}))(?![\p{{L}}])"), ranks


@cache
def _other_units() -> tuple[regex.Pattern[str], tuple[str, ...]]:
    """Unnamed other units as a subject: "các xã", "những thôn khác", "các xã còn lại"; and the
    words its matches open with."""
    data = resources.yaml_table("link_cues.yaml")
    type_words = [row["type"] for row in resources.tsv("area_types.tsv")]
    types = _alt(type_words)
    before, after = _alt(data["other_units_before"]), _alt(data["other_units_after"])
    return regex.compile(
        rf"(?<![\p{{L}}])(?i:(?:{before})\s+(?:{types})|(?:{types})\s+(?:{after}))(?![\p{{L}}])(?!\s+(?:\p{{Lu}}|\d))"), \
        _first_words([*data["other_units_before"], *type_words])


def _qualifies(text: str, p: Placed) -> bool:
    return _extra_cues().period_qualifier.match(text, max(0, p.start - 16), p.start) is not None


# a unit followed by a person's name is part of that person's title ("Bí thư Thành ủy TP.HCM
# Nguyễn Thiện Nhân", "Chủ tịch UBND tỉnh Nghệ An Nguyễn Đức Trung"): not where the article is
# a year that opens its sentence as a time adverbial: "Năm 2023, ...", "Trong năm 2019, ..."
_ADVERBIAL_YEAR = regex.compile(r"\s*(?i:(?:trong|cuối|đầu|hết|riêng)\s+)?(?i:năm)\s+\d{4}\s*,")
# "Sau 5 năm thực hiện chương trình ..., ... (giai đoạn 2011-2015).": the span of years a review names
_OPENING_YEARS = regex.compile(r"(?<![\p{L}])(?:[Ss]au|[Qq]ua)\s+(?P<n>\d{1,2})\s+năm(?![\p{L}])")


def _spans_opening_years(text: str, sentence_start: int, p: Placed) -> bool:
    """Whether a range later in a sentence is the span of years named before it in the sentence
    ("Sau 5 năm thực hiện ..., tăng bình quân 15,8% (giai đoạn 2011-2015)"): the term it reviews."""
    m = _OPENING_YEARS.search(text, sentence_start, p.start)
    if m is None:
        return False
    first, _, last = p.value.period.partition("-")
    return first.isdigit() and last.isdigit() and int(m.group("n")) in (int(last) - int(first), int(last) - int(first) + 1)


# a term a body sentence opens with: "Giai đoạn 2020 - 2024, ...", "Trong 05 năm (2017-2022) có ..."
_OPENING_TERM = regex.compile(r"\s*(?:(?i:(?:trong|qua|sau)\s+)?(?:(?i:giai đoạn|nhiệm kỳ|thời kỳ)|\d{1,2}\s+(?i:năm)\s*\(?))?\s*$")
#: How far into the body (characters from the lead's start) the lead reaches when looking for
#: the article's main area: the first paragraph, and what starts within this many characters of
#: it (a photo caption or a one-line sapo often comes before the paragraph that names the place).
LEAD_CHARS = 1000
# what may come before a unit that opens its sentence: nothing, or a short phrase and a comma
_SUBJECT_OPENING = regex.compile(r"\s*(?:[^,.;:()\n]{1,25},\s*)?")


@cache
def _national_scope() -> tuple[regex.Pattern[str], tuple[str, ...]]:
    """Words for the whole country or the world, and the words its matches open with."""
    data = resources.yaml_table("link_cues.yaml")
    national, foreign = _alt(data["national_scope"]), _alt(data["foreign_scope"])
    # national words in any case; foreign names as written (capitalised: "Mỹ", not "mỹ phẩm")
    after = r"(?:(?<=^)|(?<=[,;:(\n][ ]?)|(?<=(?i:tại|ở|của|với|sang|từ|và|trong|như|nước|tới|đến)[ ]))"
    return regex.compile(rf"(?<![\p{{L}}])(?i:{national})(?![\p{{L}}])|{after}(?:{foreign})(?![\p{{L}}])(?![ ]\p{{Lu}})"), \
        _first_words([*data["national_scope"], *data["foreign_scope"]])


def _first_words(phrases: Sequence[str]) -> tuple[str, ...]:
    """The lower-case first words of ``phrases``: where a pattern matching one of them can start."""
    return tuple(sorted({p.split()[0].lower() for p in phrases}))


@cache
def _role_of_person() -> regex.Pattern[str]:
    surnames = _alt(list(resources.lines("surnames.txt")))
    return regex.compile(rf"[ ]+(?:{surnames})(?:[ ]\p{{Lu}}\p{{Ll}}*){{1,3}}(?![\p{{L}}])")


_ADDRESS_GAP = regex.compile(r"\s*[,(-]\s*")


def _without_addresses(text: str, ordered: Sequence[Placed], admin: list[Placed]) -> list[Placed]:
    """``admin`` without the units of a person's address: one after a residence cue and the
    units that continue it ("ở xã Tiên Tiến, huyện Phù Cừ, tỉnh Hưng Yên")."""
    address: set[int] = set()
    prev: Placed | None = None
    for a in ordered:
        if _residence().match(text, max(0, a.start - 24), a.start) or (
                prev is not None and id(prev) in address and _ADDRESS_GAP.fullmatch(text, prev.end, a.start)):
            address.add(id(a))
        prev = a
    return [a for a in admin if id(a) not in address]


@cache
def _residence() -> regex.Pattern[str]:
    """Right before an area: where a person lives ("một người dân ở huyện Tuy Đức", "hai bà
    cháu, ở xã Tiên Tiến", "trú tại xã ..."): an address, not where the article is."""
    cues = resources.yaml_table("link_cues.yaml")["residence_before"]
    words = _alt([c for c in cues if c[:1].isalpha()])
    marks = _alt([c for c in cues if not c[:1].isalpha()])  # ", ở": no word boundary before a comma
    return regex.compile(rf"(?:(?:^|[^\p{{L}}])(?:{words})|{marks})\s+$", _BACKWARDS)


def _coordinate(units: Sequence[Placed]) -> bool:
    """Two or more units of one level, neither inside the other ("Hà Nội, TP HCM")."""
    resolved = [a for a in units if getattr(a.value, "unit", None) is not None]
    for i, a in enumerate(resolved):
        for b in resolved[i + 1:]:
            if a.value.unit.code != b.value.unit.code and a.value.level == b.value.level \
                    and not _inside_unit(a, b) and not _inside_unit(b, a):
                return True
    return False


def main_area(areas: Sequence[Placed], title: tuple[int, int] | None = None, *, lead: int | None = None,
              lead_start: int = 0, text: str | None = None, sentence_starts: dict[int, int] | None = None):
    """The article's own area (SPEC §4.6: title, first paragraph or dateline): the first
    administrative unit of the title, else of the article. A province named first ("Ban Dân vận
    Tỉnh ủy Nghệ An ... tại huyện Nghĩa Đàn", a dateline "(Kiên Giang) - ... xã Thạnh Lộc") gives
    way to the first unit inside it named in the same sentence; one named in a later sentence
    ("UBND tỉnh Hưng Yên ... Huyện Phù Cừ đã phong tỏa ...") is where one event took place."""
    admin = sorted((a for a in areas if a.value.level in ("province", "district", "ward")
                    and not (text is not None and _role_of_person().match(text, a.end, ahead(text, a.end)))),
                   key=lambda a: a.start)
    if text is not None:
        admin = _without_addresses(text, sorted(areas, key=lambda a: a.start), admin)
    if title is not None:
        in_title = [a for a in admin if title[0] <= a.start < title[1]]
        if _coordinate(in_title):
            return None  # "Hà Nội, TP HCM nợ hơn 4.100 tỷ đồng": the article is about several units
        admin = in_title or [a for a in admin if a.start >= title[1]] or admin
    if lead is not None and not (title is not None and admin and title[0] <= admin[0].start < title[1]):
        # SPEC §4.6-4.7: the title's, else the lead's (dateline included); a place named further
        # down (a photo caption's venue, a partner's province) is not the article's
        # past the first paragraph, within LEAD_CHARS: only a unit that opens its sentence, as its
        # subject ("Năm 2018, thị xã Kỳ Anh thực hiện ..."), not a venue or a passing mention
        admin = [a for a in admin if a.paragraph == lead or (
            a.paragraph > lead and a.start - lead_start <= LEAD_CHARS and sentence_starts is not None
            and _SUBJECT_OPENING.fullmatch(text or "", sentence_starts.get(a.sentence, a.start), a.start) is not None)]
    if not admin:
        return None
    first = admin[0]
    unit = getattr(first.value, "unit", None)
    if first.value.level == "province" and unit is not None:
        inside = next((a for a in admin[1:] if a.sentence == first.sentence and a.value.unit is not None
                       and unit.code in a.value.unit.parent_codes), None)
        if inside is not None:
            return inside.value
    return first.value


def _covers(period: str, year: int | None) -> bool:
    """Whether a term is the one an article of ``year`` reviews: it takes in that year (a past
    term or a plan for later is background); without a date, any term."""
    if year is None:
        return True
    first, _, last = period.partition("-")
    return first.isdigit() and int(first) <= year and (not last.isdigit() or int(last) >= year)


def _reported_on(a_year: int, year: int, month: int | None) -> bool:
    """Whether an article dated in ``year`` (``month``, if known) can report on ``a_year``: its
    own, or the year before while that year's reviews run (the first REVIEW_MONTHS months)."""
    return a_year == year or (a_year == year - 1 and (month is None or month <= REVIEW_MONTHS))


def _current(period: str, year: int | None) -> bool:
    """Whether a period can be the one an article of ``year`` reports on: a year at most one
    from it, or a term that has not ended more than a year before it nor starts more than a
    year after it; without a date, any."""
    if year is None:
        return True
    first, _, last = period.partition("-")
    if not first.isdigit():
        return True
    end = int(last) if last.isdigit() else (year if last else int(first))
    return int(first) <= year + 1 and end >= year - 1


def latest_year(text: str, periods: Sequence[Placed]) -> int | None:
    """About when an undated article was written: the latest year it names, a term counting by
    its first year, a target ("phấn đấu đến năm 2030") not counting."""
    target = _extra_cues().target
    years = [int(p.value.period[:4]) for p in periods if p.value.period[:4].isdigit()
             and not target.search(text, max(0, p.start - 24), p.start)]
    return max(years, default=None)


def reporting_period(text: str, periods: Sequence[Placed], title: tuple[int, int] | None = None,
                     lead: int | None = None, sentence_starts: dict[int, int] | None = None,
                     year: int | None = None, since: list[Placed] | None = None, month: int | None = None) -> str | None:
    """The article's own period (SPEC §4.6-4.7): the title's, else the lead's (the first body
    paragraph, when ``lead`` gives it), else the first term the body reviews (a range of
    years opening a sentence: "Giai đoạn 2020 - 2024, ...", "Trong 05 năm (2017-2022) có ..."); in each, one that does not qualify a name ("nhiệm kỳ 2015-2020" of a
    resolution) is preferred. None when there is none: the publication date alone gives no
    period, and a single year named later in the body scopes only its own stretch.

    When the period is a term the body reviews and ``since`` is given, the term's mention is
    appended to it: such a term reaches the title, the lead and the body from its sentence on,
    not the body paragraphs before it. ``month``: the month of the article's date, if known."""
    baseline = _extra_cues().baseline
    # a baseline ("so với năm 2015") or a life event's year ("sinh năm 1993") is nobody's period
    ordered = sorted((p for p in periods if not baseline.search(text, max(0, p.start - 24), p.start)), key=lambda p: p.start)
    if year is None:
        year = latest_year(text, ordered)
    if title is not None:
        in_title = next((p for p in ordered if title[0] <= p.start < title[1]), None)
        if in_title is not None:
            return in_title.value.period
    if lead is None:
        hit = next((p for p in ordered if not _qualifies(text, p)), None) or (ordered[0] if ordered else None)
        return hit.value.period if hit is not None else None
    # a lead's year far from the article's date is background ("năm 2017, anh bỏ vốn ..." in an
    # article of 2020), not the period it reports on; so is the year before the date's, past the
    # months when the reviews of that year run ("Năm 2020, dịch Covid-19 ..." in April 2021)
    in_lead = [p for p in ordered if p.paragraph == lead and not (title is not None and title[0] <= p.start < title[1])
               and _current(p.value.period, year)
               and not (year is not None and p.value.period == str(year - 1) and not _reported_on(year - 1, year, month))]
    hit = next((p for p in in_lead if not _qualifies(text, p)), None) or (in_lead[0] if in_lead else None)
    if hit is None:
        # a term the body reviews ("Giai đoạn 2020 - 2024, ...", "Trong 05 năm (2017-2022)") scopes the
        # article; a single year named later scopes only its own stretch, and a plan ("Trong giai
        # đoạn 2016-2020 dự kiến vốn bố trí ...") is not what the article reviews
        plan = _extra_cues().plan
        hit = next((p for p in ordered if p.value.is_range and sentence_starts is not None
                    and (_OPENING_TERM.fullmatch(text, sentence_starts.get(p.sentence, p.start), p.start)
                         or _spans_opening_years(text, sentence_starts.get(p.sentence, p.start), p))
                    and not plan.match(text, p.end, p.end + 48)
                    and _covers(p.value.period, year)), None)
        if hit is not None and since is not None:
            since.append(hit)
    return hit.value.period if hit is not None else None


def most_common(values: list[str]) -> str | None:
    """The most frequent value, the earliest on ties."""
    if not values:
        return None
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in values if counts[v] == best)
