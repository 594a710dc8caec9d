"""Scans rewritten to cost less find what the plain form of each finds (extract/link.py,
extract/sentences.py, extract/normalise.py, extract/periods.py, extract/offsets.py)."""
from __future__ import annotations

import re

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from extract import link, normalise, periods, resources, sentences
from extract.offsets import MappedText


def _structure_plain(text: str, start: int, end: int) -> tuple[list[int], list[int]]:
    """link.structure as first written: each break, then a continuation cue matched after it."""
    continuation = regex.compile(rf"\s*(?:{link._alt(resources.yaml_table('link_cues.yaml')['continuation'])})",
                                 regex.IGNORECASE)
    clauses = [start] + [m.end() for m in regex.finditer(r";", text[:end], pos=start)]
    segments = [start]
    for m in link._SEGMENT_END.finditer(text, start, end):
        cut = m.end() if m.group() != "(" else m.start()
        if text[m.start()] == ";" or not continuation.match(text, cut, end):
            segments.append(cut)
    return clauses, segments


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["a", "Đạt", "đạt", "bằng", "TRONG ĐÓ", "trong đó", " ", "  ", ",", ";", ":", "(", ")",
                                 "\u2028", "x", "tăng"]), max_size=24).map("".join), st.integers(0, 6), st.integers(0, 6))
def test_structure_reads_cues_in_the_same_scan(text, lead, trail):
    start, end = min(lead, len(text)), max(min(lead, len(text)), len(text) - trail)
    got = link.structure(text, start, end)
    assert (got.clauses, got.segments) == _structure_plain(text, start, end)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["TP.", "Đ/c", "A.", "a.", " ", "(", "“", "x", "v.v.", "HTV.", "Nguyễn", "\n"]),
                min_size=1, max_size=12).map("".join))
def test_sentence_end_checks_matched_at_the_end(prev):
    """Matched backwards at the end of a sentence (which never ends with a blank), the
    checks find what a search finds."""
    prev = prev.rstrip() or "x"
    for pattern in (sentences._abbreviation_end(), sentences._INITIAL_END, sentences._CODE_BEFORE):
        assert bool(pattern.match(prev)) == bool(pattern.search(prev))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["o", "O", "u", "U", "à", "Á", "ẹ", "ỳ", "Ý", "y", "a", " ", "c ", "Đ ", "9 "]),
                max_size=20).map("".join))
def test_hints_found_as_by_the_plain_patterns(text):
    tone = regex.compile(r"[oO][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ]")
    assert [(m.start() - 1, m.end()) for m in normalise._TONE_CORE.finditer(text)] == \
        [m.span() for m in tone.finditer(text)]
    broken = re.compile(rf"(?<![{normalise._LETTER_OR_DIGIT}])[{normalise._CONSONANT}] ")
    assert [m.start() - 1 for m in normalise._BROKEN_AT.finditer(text)] == [m.start() for m in broken.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["19", "20", "21", "2100", "0", "9", " ", "\t", "\n", "a", "Ab"]), max_size=16).map("".join))
def test_edition_hint_found_as_by_the_plain_pattern(text):
    plain = re.compile(r"\s(?:19|20|21)\d\d")
    assert [m.start() - 1 for m in periods._EDITION_HINT.finditer(text)] == [m.start() for m in plain.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab \u00a0c", max_size=12), st.data())
def test_a_map_of_edits_that_keep_their_length_is_left_out(text, data):
    """Edits that keep their length map every position to itself: leaving their map out
    changes no span."""
    mt = MappedText.identity(text).apply([(i, i + 1, " ") for i, c in enumerate(text) if c == "\u00a0"])
    assert mt.maps == []
    s = data.draw(st.integers(0, len(text)))
    e = data.draw(st.integers(s, len(text)))
    assert mt.to_original(s, e) == (s, e)
