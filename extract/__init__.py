"""baocao: figures, areas, campaigns and periods from Vietnamese reports, as grounded records.

    >>> from extract import extract_document, parse_quantity
    >>> ex = extract_document("Năm 2019, xã Hàm Liêm làm mới 16.935m đường.", doc_id="demo")
    >>> [(q.text, q.value, q.unit, q.area, q.period) for q in ex.quantities]
    [('16.935m', Decimal('16935'), 'm', 'xã Hàm Liêm', '2019')]
    >>> parse_quantity("hơn 4,2 tỷ đồng").value
    Decimal('4200000000')

``load_pipeline()`` gives the same as a spaCy pipeline (imported lazily: spaCy
is only loaded when asked for).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import BaocaoError, InputError

try:
    from importlib.metadata import PackageNotFoundError, version as _dist_version

    __version__ = _dist_version("baocao")
except PackageNotFoundError:  # run from a checkout that is not installed
    __version__ = "0.0.0+unknown"

if TYPE_CHECKING:
    from spacy.language import Language

    from .pipeline import Extraction, extract_document
    from .quantities import QuantityMatch, parse_quantity

# Imported on first use, so that `baocao parse` does not pay for the pipeline's schemas.
_LAZY = {
    "Extraction": "pipeline", "extract_document": "pipeline",
    "QuantityMatch": "quantities", "parse_quantity": "quantities",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "__version__",
    "BaocaoError",
    "Extraction",
    "InputError",
    "QuantityMatch",
    "extract_document",
    "load_pipeline",
    "parse_quantity",
]


def load_pipeline(**kwargs: Any) -> "Language":
    """A spaCy pipeline running baocao (see :mod:`extract.nlp`)."""
    from .nlp import load_pipeline as _load

    return _load(**kwargs)
