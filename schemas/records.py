"""Pydantic v2 models of every table baocao writes.

Spans are half-open ``[start, end)`` character offsets into the *original
decoded text* of the document. Pass ``context={"text": original}`` to
``model_validate`` and every span is checked against it
(``original[start:end] == text``).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    model_validator,
)

Kind = Literal["money", "length", "area", "volume", "mass", "percent", "count", "duration", "rate", "other"]
Approx = Literal["gt", "ge", "lt", "le", "about"]
#: ISO 4217 codes of the currencies baocao reads (SPEC §4.7: "other currencies by ISO code").
CURRENCIES = ("VND", "USD", "EUR", "JPY", "CNY", "GBP", "KRW", "THB", "AUD", "SGD", "CAD", "CHF", "HKD", "TWD", "RUB", "LAK", "KHR", "MYR", "INR",
              "SAR", "IDR", "AED")

Unit = Literal[
    "VND", "USD", "EUR", "JPY", "CNY", "GBP", "KRW", "THB", "AUD", "SGD", "CAD", "CHF", "HKD", "TWD", "RUB", "LAK", "KHR", "MYR", "INR",
    "SAR", "IDR", "AED",
    "m", "km", "cm", "m2", "ha", "km2", "m3", "l", "kg", "t", "percent",
    "year", "month", "week", "day", "hour", "minute", "second", "person_day", "kWh",
]

#: Which canonical units each kind may carry (``None`` = no unit).
UNITS_BY_KIND: dict[str, frozenset[str | None]] = {
    "money": frozenset(CURRENCIES),
    "length": frozenset({"m", "km", "cm"}),
    "area": frozenset({"m2", "ha", "km2"}),
    "volume": frozenset({"m3", "l"}),
    "mass": frozenset({"kg", "t"}),
    "percent": frozenset({"percent"}),
    "duration": frozenset({"year", "month", "week", "day", "hour", "minute", "second", "person_day"}),
    "count": frozenset({None}),
    "rate": frozenset({None}),
    "other": frozenset({None, "kWh"}),  # multipliers (no unit), energy (kWh)
}

#: Fractional digits kept exactly in Parquet's decimal128(38, 10) columns.
VALUE_SCALE = 10


def _exact(v: Decimal) -> Decimal:
    if not v.is_finite():
        raise ValueError("value must be a finite decimal")
    exponent = v.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -VALUE_SCALE:
        raise ValueError(f"more than {VALUE_SCALE} fractional digits: {v}")
    return v


def _decimal_str(v: Decimal) -> str:
    """Plain notation, no exponent, no trailing zeros: 8.5E+9 -> '8500000000'."""
    s = format(v.normalize(), "f")
    return s


#: An exact value. JSON carries it as a decimal string so nothing is rounded.
ExactDecimal = Annotated[Decimal, AfterValidator(_exact), PlainSerializer(_decimal_str, return_type=str, when_used="json")]
NonNegInt = Annotated[int, Field(ge=0)]


class Grounded(BaseModel):
    """A span of the original text: ``text == original[start:end]``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    doc_id: str = Field(min_length=1, description="the article's id: file stem, JSONL id field, or WARC-Record-ID; unique within a run "
                        "(a second input with the same id gets '~2')")
    start: NonNegInt = Field(description="first character of the span in documents.text (0-based, half-open [start, end))")
    end: NonNegInt = Field(description="one past the last character of the span: documents.text[start:end] == text")
    text: str = Field(min_length=1, description="the span exactly as written in the original decoded text")

    @model_validator(mode="after")
    def _check_span(self, info: ValidationInfo) -> "Grounded":
        if self.end <= self.start:
            raise ValueError(f"empty or reversed span [{self.start}, {self.end})")
        if self.end - self.start != len(self.text):
            raise ValueError(f"span [{self.start}, {self.end}) has length {self.end - self.start}, text {self.text!r} has {len(self.text)}")
        original = _context_text(info, self.doc_id)
        if original is not None:
            if self.end > len(original):
                raise ValueError(f"span end {self.end} beyond document length {len(original)}")
            if original[self.start:self.end] != self.text:
                raise ValueError(
                    f"not grounded: original[{self.start}:{self.end}] is {original[self.start:self.end]!r}, text is {self.text!r}"
                )
        return self


def _context_text(info: ValidationInfo, doc_id: str) -> str | None:
    ctx: Any = info.context
    if not ctx:
        return None
    if "text" in ctx:
        return ctx["text"]
    texts = ctx.get("texts")
    if texts is not None:
        return texts.get(doc_id)
    return None


class Quantity(Grounded):
    """One figure the article reports (SPEC §3)."""

    sentence: NonNegInt = Field(description="0-based index of the sentence (sentences.sentence) the figure is in")
    kind: Kind = Field(description="money, length, area, volume, mass, percent, count, duration, rate or other (multipliers, energy)")
    value: ExactDecimal = Field(description="exact value in the canonical unit ('8,5 tỷ đồng' -> 8500000000); the lower bound of a range")
    value_max: ExactDecimal | None = Field(default=None, description="upper bound of a range ('từ 5 đến 7 triệu' -> 7000000); null if not a range")
    total: ExactDecimal | None = Field(default=None, description="denominator of 'x/y' ('21/21 khu phố' -> 21); null if not a ratio")
    unit: Unit | None = Field(default=None, description="canonical unit (VND, USD, EUR and other ISO 4217 codes, m, km, cm, m2, ha, km2, m3, l, "
                              "kg, t, percent, year, month, week, day, hour, minute, second, person_day, kWh); null for counts, rates and multipliers")
    item: str | None = Field(default=None, description="for counts and rates, what is counted, as written ('hộ', 'căn nhà tình thương'); null otherwise or when unsaid")
    per: str | None = Field(default=None, description="what the figure is per, as written ('28 triệu đồng/người/năm' -> 'người/năm'); null if not per anything")
    approx: Approx | None = Field(default=None, description="gt (hơn, trên, vượt), ge (trở lên, ít nhất), lt (dưới, chưa đến), le (tối đa), "
                                  "about (khoảng, gần, hàng chục...); null when exact")
    campaign: str | None = Field(default=None, description="canonical name of the campaign, movement, programme or fund the figure is a result of; "
                                 "null when the figure is no campaign result")
    area: str | None = Field(default=None, description="the administrative area the figure belongs to, '<type> <Name>' ('xã Hàm Liêm'); null when "
                             "none is named (national figures included)")
    area_code: str | None = Field(default=None, description="pre-2025 gazetteer code of the area: 'province:NN', 'district:NNN' or 'ward:NNNNN' "
                                  "(GSO codes); a unit merged away before 2025 gets the code of the unit it merged into; null when the area "
                                  "is not resolved or exists only after 2025 (see area_new_code)")
    area_new: str | None = Field(default=None, description="the post-2025 unit the linked area became, when known")
    area_new_code: str | None = Field(default=None, description="post-2025 code of area_new: 'province@2025:NN' or 'ward@2025:NNNNN'")
    period: str | None = Field(default=None, description="the period the figure belongs to: 'YYYY' or 'YYYY-YYYY'; null when the text names none")

    @model_validator(mode="after")
    def _cross_field(self) -> "Quantity":
        allowed = UNITS_BY_KIND[self.kind]
        if self.unit not in allowed:
            shown = sorted(u or "null" for u in allowed)
            raise ValueError(f"kind {self.kind!r} takes unit in {shown}, got {self.unit!r}")
        if self.value_max is not None and self.value_max < self.value:
            raise ValueError(f"value_max {self.value_max} is below value {self.value}")
        return self


class GoldQuantity(Quantity):
    """A hand-annotated quantity: the sentence index is optional (gold does not
    depend on any sentence splitter; spans are what is matched)."""

    sentence: NonNegInt | None = None  # type: ignore[assignment]
    note: str | None = Field(default=None, description="the annotators' reason for a decision (third readings record theirs here)")


class AreaMention(Grounded):
    """An administrative area named in the text."""

    sentence: NonNegInt | None = Field(default=None, description="0-based index of the sentence the mention is in")
    type: str = Field(description="lower-case type word: xã, phường, huyện, thị xã, tỉnh, thôn, khu phố, ...")
    name: str = Field(min_length=1, description="the unit's name as the gazetteer spells it when resolved, else as written")
    canonical: str = Field(description='"<type> <Name>", e.g. "xã Hàm Liêm"')
    code: str | None = Field(default=None, description="pre-2025 gazetteer code, same forms as quantities.area_code; null when not resolved")
    province: str | None = Field(default=None, description="name of the (pre-2025) province the unit is in (a province's own name for a province), when resolved")
    new_canonical: str | None = Field(default=None, description="the post-2025 unit it became, when known")
    new_code: str | None = Field(default=None, description="post-2025 code of new_canonical")


class CampaignMention(Grounded):
    """A named campaign, movement, drive, model, programme or fund."""

    sentence: NonNegInt | None = Field(default=None, description="0-based index of the sentence the mention is in")
    head: str | None = Field(default=None, description="the head word as written: phong trào, cuộc vận động, quỹ, mô hình, ...; null when the name stands alone")
    canonical: str = Field(min_length=1, description="the campaign's canonical name: as written, without quotes, first letter capitalised, spacing repaired")


class PeriodMention(Grounded):
    """A year, a range of years or a reporting period."""

    sentence: NonNegInt | None = Field(default=None, description="0-based index of the sentence the mention is in")
    period: str = Field(pattern=r"^\d{4}(-\d{4}|-nay)?$", description="'YYYY' or 'YYYY-YYYY' ('đến nay' closed at the article's year)")


class Sentence(Grounded):
    """One sentence of the article's body (page chrome and byline left out)."""

    sentence: NonNegInt = Field(description="0-based index of the sentence in the document's body, in text order")
    paragraph: NonNegInt = Field(description="0-based index of the paragraph (line of the cleaned text) the sentence is in")


class Document(BaseModel):
    """One article: the original decoded text every offset points into."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    doc_id: str = Field(min_length=1, description="the article's id (file stem, JSONL id, WARC-Record-ID); unique within a run")
    source: str = Field(description="the input it was read from: a path, or '-' for standard input")
    encoding: str = Field(description="the encoding the bytes were decoded from: utf-8, utf-8-sig, utf-16-le/-be, cp1258, tcvn3, vni")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the bytes decoded (file, JSONL line or WARC payload)")
    text: str = Field(description="the original decoded text: every start/end of every table points into it")
    title: str | None = Field(default=None, description="the title: from HTML/JSONL metadata, else the text's first line when it reads as one")
    date: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="publication date YYYY-MM-DD when known (metadata or a dateline)")
    byline: str | None = Field(default=None, description="the author or source line at the end of the article, when found")
    url: str | None = Field(default=None, description="the article's URL (JSONL field, WARC-Target-URI or HTML metadata)")
    body_start: NonNegInt = Field(description="where the article body starts in text (after title and top page chrome)")
    body_end: NonNegInt = Field(description="where the article body ends in text (before footer chrome)")
    period: str | None = Field(default=None, description="the period the article reports on ('YYYY' or 'YYYY-YYYY'); null when it names none")
    campaign: str | None = Field(default=None, description="the campaign the article as a whole reports on; null when none")
    area: str | None = Field(default=None, description="the article's main area ('<type> <Name>'): title, lead or dateline, else the input's known area")
    duplicate_of: str | None = Field(default=None, description="doc_id of an earlier article of the run this one nearly repeats "
                                     "(MinHash LSH over word 5-grams, Jaccard >= 0.8); null for the first of its group")

    @model_validator(mode="after")
    def _body_in_text(self) -> "Document":
        if not (self.body_start <= self.body_end <= len(self.text)):
            raise ValueError(f"body [{self.body_start}, {self.body_end}) outside text of length {len(self.text)}")
        return self


class Quarantine(BaseModel):
    """An input that could not be processed, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str = Field(description="the input: a path, or '-' for standard input")
    line: int | None = Field(default=None, description="JSONL line or WARC record number (1-based); null for a whole file")
    doc_id: str | None = Field(default=None, description="the article's id when it was known before the failure")
    stage: str = Field(description="where it failed: read, decode, parse, html, or the pipeline stage (extract, normalise, ..., write)")
    reason: str = Field(description="what was wrong, in words")


TABLES: dict[str, type[BaseModel]] = {
    "documents": Document,
    "sentences": Sentence,
    "quantities": Quantity,
    "areas": AreaMention,
    "campaigns": CampaignMention,
    "periods": PeriodMention,
    "quarantine": Quarantine,
}
