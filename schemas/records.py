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
CURRENCIES = ("VND", "USD", "EUR", "JPY", "CNY", "GBP", "KRW", "THB", "AUD", "SGD", "CAD", "CHF", "HKD", "TWD", "RUB", "LAK", "KHR", "MYR", "INR")

Unit = Literal[
    "VND", "USD", "EUR", "JPY", "CNY", "GBP", "KRW", "THB", "AUD", "SGD", "CAD", "CHF", "HKD", "TWD", "RUB", "LAK", "KHR", "MYR", "INR",
    "m", "km", "cm", "m2", "ha", "km2", "m3", "l", "kg", "t", "percent",
    "year", "month", "week", "day", "hour", "minute", "person_day", "kWh",
]

#: Which canonical units each kind may carry (``None`` = no unit).
UNITS_BY_KIND: dict[str, frozenset[str | None]] = {
    "money": frozenset(CURRENCIES),
    "length": frozenset({"m", "km", "cm"}),
    "area": frozenset({"m2", "ha", "km2"}),
    "volume": frozenset({"m3", "l"}),
    "mass": frozenset({"kg", "t"}),
    "percent": frozenset({"percent"}),
    "duration": frozenset({"year", "month", "week", "day", "hour", "minute", "person_day"}),
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

    doc_id: str = Field(min_length=1)
    start: NonNegInt
    end: NonNegInt
    text: str = Field(min_length=1)

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

    sentence: NonNegInt
    kind: Kind
    value: ExactDecimal
    value_max: ExactDecimal | None = None
    total: ExactDecimal | None = None
    unit: Unit | None = None
    item: str | None = None
    per: str | None = None
    approx: Approx | None = None
    campaign: str | None = None
    area: str | None = None
    area_code: str | None = None
    area_new: str | None = Field(default=None, description="the post-2025 unit the linked area became, when known")
    area_new_code: str | None = None
    period: str | None = None

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

    sentence: NonNegInt | None = None
    type: str = Field(description="lower-case type word: xã, phường, huyện, thị xã, tỉnh, thôn, khu phố, ...")
    name: str = Field(min_length=1)
    canonical: str = Field(description='"<type> <Name>", e.g. "xã Hàm Liêm"')
    code: str | None = None
    province: str | None = None
    new_canonical: str | None = Field(default=None, description="the post-2025 unit it became, when known")
    new_code: str | None = None


class CampaignMention(Grounded):
    """A named campaign, movement, drive, model, programme or fund."""

    sentence: NonNegInt | None = None
    head: str | None = Field(default=None, description="the head word as written: phong trào, cuộc vận động, quỹ, mô hình, ...")
    canonical: str = Field(min_length=1)


class PeriodMention(Grounded):
    """A year, a range of years or a reporting period."""

    sentence: NonNegInt | None = None
    period: str = Field(pattern=r"^\d{4}(-\d{4}|-nay)?$")


class Sentence(Grounded):
    sentence: NonNegInt
    paragraph: NonNegInt


class Document(BaseModel):
    """One article: the original decoded text every offset points into."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    doc_id: str = Field(min_length=1)
    source: str
    encoding: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    text: str
    title: str | None = None
    date: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    byline: str | None = None
    url: str | None = None
    body_start: NonNegInt
    body_end: NonNegInt
    period: str | None = None
    campaign: str | None = None
    area: str | None = None

    @model_validator(mode="after")
    def _body_in_text(self) -> "Document":
        if not (self.body_start <= self.body_end <= len(self.text)):
            raise ValueError(f"body [{self.body_start}, {self.body_end}) outside text of length {len(self.text)}")
        return self


class Quarantine(BaseModel):
    """An input that could not be processed, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    line: int | None = None
    doc_id: str | None = None
    stage: str
    reason: str


TABLES: dict[str, type[BaseModel]] = {
    "documents": Document,
    "sentences": Sentence,
    "quantities": Quantity,
    "areas": AreaMention,
    "campaigns": CampaignMention,
    "periods": PeriodMention,
    "quarantine": Quarantine,
}
