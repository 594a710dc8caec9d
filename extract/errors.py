"""One error root for everything baocao raises on purpose.

Messages say what was wrong, where (file, line, offset) and what is accepted,
so the CLI can print them as they are, without a traceback.
"""
from __future__ import annotations


class BaocaoError(Exception):
    """Root of every error baocao raises deliberately."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None) -> None:
        self.source = source
        self.line = line
        where = ""
        if source is not None:
            where = f"{source}:{line}: " if line is not None else f"{source}: "
        super().__init__(where + message)
        self.reason = message


class InputError(BaocaoError):
    """An input file cannot be read, decoded or parsed."""


class DecodeError(InputError):
    """Bytes that are not text in any encoding baocao knows."""


class DataTableError(BaocaoError):
    """A language-data table under extract/data/vi is malformed."""


class GroundingError(BaocaoError):
    """A span does not point at its own surface in the original text."""


class GoldError(BaocaoError):
    """A gold annotation file has a problem (reported by line)."""


class ExtractionError(BaocaoError):
    """A document could not be extracted (an unexpected failure inside a stage; the
    original exception is chained as ``__cause__``)."""
