"""extract.units: the unit reader's alternation split by first character matches what the whole one matches."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.units import lexicon

LEX = lexicon()


def _spans(text: str, pos: int) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    whole, split = LEX._unit_re.match(text, pos), LEX._unit_match(text, pos)
    return (None if whole is None else whole.span(1)), (None if split is None else split.span(1))


def test_every_surface_is_matched_as_the_whole_alternation_matches_it():
    for surface in LEX.units:
        for text in (surface, " " + surface, "\u00a0" + surface, "  " + surface, surface + "a", " " + surface + "5",
                     " " + surface + " vuông", surface + ".", "\t" + surface):
            for pos in range(len(text) + 1):
                whole, split = _spans(text, pos)
                assert split == whole, (text, pos)


_PIECES = st.sampled_from([*LEX.units, " ", "\u00a0", "a", "5", ".", "/", "vuông", "khối", "\n", "  "])


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=8).map("".join))
def test_any_text_is_matched_as_the_whole_alternation_matches_it(text: str):
    for pos in range(len(text) + 1):
        whole, split = _spans(text, pos)
        assert split == whole, (text, pos)
