"""Pydantic models of baocao's tables, and nothing else."""
from .records import (
    TABLES,
    UNITS_BY_KIND,
    AreaMention,
    CampaignMention,
    Document,
    GoldQuantity,
    Grounded,
    PeriodMention,
    Quantity,
    Quarantine,
    Sentence,
)

__all__ = [
    "TABLES",
    "UNITS_BY_KIND",
    "AreaMention",
    "CampaignMention",
    "Document",
    "GoldQuantity",
    "Grounded",
    "PeriodMention",
    "Quantity",
    "Quarantine",
    "Sentence",
]
