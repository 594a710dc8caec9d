"""Sentence spans over cleaned text.

underthesea's splitter does the splitting, one paragraph (line) at a time (its
algorithm, re-run here step for step but without visiting every character; an
underthesea release other than the one it mirrors is called as is); its
sentences are aligned back to positions, then boundaries it should not have
made are undone: after an abbreviation from ``abbreviations.tsv`` ("TP.",
"Đ/c", "v.v."), after a single initial ("Nguyễn Văn A."), before a closing
quote or bracket, and around leftovers such as "/." that carry no words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Iterable

import regex

from . import resources


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    start: int  # in cleaned text
    end: int
    paragraph: int


_NO_WORDS = regex.compile(r"^[\p{P}\p{S}\s]*$")
_OPENS_WITH_CLOSER = regex.compile(r"[”’\"')\]»]+")
_INITIAL_END = regex.compile(r"(?:^|\s)\p{Lu}\.$", regex.REVERSE)
# The patterns that end a sentence ("...$") are compiled REVERSE and *matched*: a backwards match
# is anchored at the sentence's end, so only the end is tried, not every position (a sentence
# never ends with a blank, so `$` can only stand at its very end).


@cache
def _abbreviation_end() -> regex.Pattern[str]:
    abbrs = sorted((row["abbreviation"] for row in resources.tsv("abbreviations.tsv")), key=len, reverse=True)
    # matched backwards (REVERSE): it ends where the sentence ends
    return regex.compile(r"(?:^|[\s(“\"])(?:" + "|".join(regex.escape(a) for a in abbrs) + r")$", regex.REVERSE)


#: the underthesea release whose splitter :func:`_punkt_split` reproduces
_PUNKT_VERSION = "9.5.0"


@cache
def _splitter():
    import underthesea
    from underthesea import sent_tokenize

    try:
        from underthesea.pipeline.sent_tokenize import PunktSentenceTokenizer, _load_model

        _load_model()
        from underthesea.pipeline.sent_tokenize import sentence_tokenizer
    except ImportError:
        return sent_tokenize
    if underthesea.__version__ != _PUNKT_VERSION or type(sentence_tokenizer) is not PunktSentenceTokenizer:
        return sent_tokenize
    enders = re.compile("[" + re.escape("".join(sorted(sentence_tokenizer.SENT_END_CHARS))) + "]")
    return lambda text: _punkt_split(sentence_tokenizer, enders, text)


def _punkt_split(tokenizer, ender_re: re.Pattern[str], text: str) -> list[str]:
    """underthesea's ``PunktSentenceTokenizer.sentences_from_text``, step for step, except that
    it jumps from one sentence-ending mark (``ender_re``) to the next instead of visiting every
    character."""
    if not text or not text.strip():
        return []
    sentences = []
    start = 0
    n = len(text)
    enders = tokenizer.SENT_END_CHARS
    m = ender_re.search(text)
    while m is not None:
        i = m.start()
        if text[i] == ".":
            dot_end = i
            while dot_end < n and text[dot_end] == ".":
                dot_end += 1
            if dot_end - i >= 3:  # an ellipsis ends a sentence at the end or before a capital
                after = dot_end
                while after < n and text[after] in " \t":
                    after += 1
                if after >= n or text[after].isupper():
                    sentence = text[start:dot_end].strip()
                    if sentence:
                        sentences.append(sentence)
                    while dot_end < n and text[dot_end] in " \t\n\r":
                        dot_end += 1
                    start = dot_end
                m = ender_re.search(text, dot_end)
                continue
        if tokenizer._is_sentence_boundary(text, i):
            end = i + 1
            while end < n and text[end] in enders:
                end += 1
            sentence = text[start:end].strip()
            if sentence:
                sentences.append(sentence)
            while end < n and text[end] in " \t\n\r":
                end += 1
            start = end
            m = ender_re.search(text, end)
            continue
        m = ender_re.search(text, i + 1)
    final = text[start:].strip()
    if final:
        sentences.append(final)
    return sentences


def _align(paragraph: str, pieces: Iterable[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        at = cursor  # the piece usually starts at the cursor, after blanks (it cannot start on one)
        while at < len(paragraph) and paragraph[at].isspace():
            at += 1
        if not paragraph.startswith(piece, at):
            at = paragraph.find(piece, cursor)
        if at < 0:
            # the splitter changed the text: keep the rest as one sentence
            rest = paragraph[cursor:]
            lead = len(rest) - len(rest.lstrip())
            if rest.strip():
                spans.append((cursor + lead, cursor + len(rest.rstrip())))
            return spans
        spans.append((at, at + len(piece)))
        cursor = at + len(piece)
    tail = paragraph[cursor:]
    if tail.strip():
        lead = len(tail) - len(tail.lstrip())
        spans.append((cursor + lead, cursor + len(tail.rstrip())))
    return spans


#: A quotation left open is closed within this many characters, or it was a
#: broken quote of scraped text that must not swallow the paragraph.
MAX_QUOTED_SENTENCE = 400


_CODE_BEFORE = regex.compile(r"(?<![\p{L}\d])\p{Lu}[\p{Lu}\d]*\.$", regex.REVERSE)  # matched backwards: it ends the sentence
_CODE_AFTER = regex.compile(r"\p{Lu}[\p{Lu}\d]*(?![\p{Ll}])")


def _merge(paragraph: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    abbr_end = _abbreviation_end()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged:
            ps, pe = merged[-1]
            # a closing quote or bracket belongs to the sentence before it
            closer = _OPENS_WITH_CLOSER.match(paragraph, s, e)
            while closer:
                pe, s = closer.end(), closer.end()
                while s < e and paragraph[s].isspace():
                    s += 1
                closer = _OPENS_WITH_CLOSER.match(paragraph, s, e) if s < e else None
            merged[-1] = (ps, pe)
            if s >= e:
                continue
            prev = paragraph[ps:pe]
            cur = paragraph[s:e]
            # (scraped text may close a curly quote with a straight one: “Thí điểm ... Hà Nội")
            open_quote = prev.count("“") > prev.count("”") + prev.count('"') and e - ps <= MAX_QUOTED_SENTENCE
            # "HTV.BT", "TP.HCM": a dot between two capitalised codes, no space, is not a sentence end
            glued_code = pe == s and _CODE_BEFORE.match(prev) and _CODE_AFTER.match(cur)
            if (
                _NO_WORDS.match(cur)
                or abbr_end.match(prev)
                or _INITIAL_END.match(prev)
                or _NO_WORDS.match(prev)
                or open_quote
                or glued_code
            ):
                merged[-1] = (ps, e)
                continue
        merged.append((s, e))
    return merged


#: Longer "sentences" (tables flattened into one line, lists without full stops) are
#: cut at the last clause break before this many characters, so that no stage ever
#: works on an unbounded sentence.
MAX_SENTENCE = 2000

_BREAKS = (regex.compile(r"[;,:]\s"), regex.compile(r"\s"))  # clause breaks first, else any space


def _cut(window: str) -> int:
    """Where to cut an over-long sentence: after its last break in the second half of ``window``."""
    for pattern in _BREAKS:
        ends = [m.end() for m in pattern.finditer(window, len(window) // 2)]
        if ends:
            return ends[-1]
    return len(window)


def _bounded(paragraph: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in spans:
        while e - s > MAX_SENTENCE:
            cut = s + _cut(paragraph[s:s + MAX_SENTENCE])
            piece_end = cut
            while piece_end > s and paragraph[piece_end - 1].isspace():
                piece_end -= 1
            out.append((s, piece_end))
            s = cut
            while s < e and paragraph[s].isspace():
                s += 1
        if s < e:
            out.append((s, e))
    return out


def split_paragraph(paragraph: str) -> list[tuple[int, int]]:
    """Sentence spans within one paragraph (relative positions), none longer than MAX_SENTENCE."""
    if not paragraph.strip():
        return []
    return _bounded(paragraph, _merge(paragraph, _align(paragraph, _splitter()(paragraph))))


def split(text: str, paragraphs: Iterable[tuple[int, int]]) -> list[SentenceSpan]:
    """Sentence spans of ``text`` within the given paragraph spans, in order."""
    out: list[SentenceSpan] = []
    for p_index, (ps, pe) in enumerate(paragraphs):
        for s, e in split_paragraph(text[ps:pe]):
            out.append(SentenceSpan(ps + s, ps + e, p_index))
    return out
